"""The command line (trust, verify, files check), the watched scan folder and SANE scanning."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tthc_desk.adapters import scanning
from tthc_desk.adapters.signing import Pkcs12Source
from tthc_desk.cli import run
from tthc_desk.domain.enums import DocumentKind
from tthc_desk.domain.errors import AppError
from tthc_desk.persistence.models import DigitalDocument
from tthc_desk.services import documents as docs
from tthc_desk.services import scan_inbox

NOW = datetime(2025, 3, 10, 9, 30)


def signed_copy(office_db, users, world, scan_pdf, dpki, tmp_path, *, stranger=False) -> Path:  # type: ignore[no-untyped-def]
    view = docs.register_document(
        office_db,
        users["canbo1"].actor,
        docs.RegisterCommand(world.dossier_id, (scan_pdf,), kind=DocumentKind.ORIGINAL),
    )
    p12 = dpki.stranger_p12 if stranger else dpki.p12
    signed = docs.sign_document(
        office_db,
        users["canbo1"].actor,
        docs.SignCommand(view.id, Pkcs12Source(p12, dpki.passphrase)),
    )
    out = tmp_path / ("la.pdf" if stranger else "signed.pdf")
    shutil.copyfile(docs.document_file(office_db, signed.id), out)
    return out


# ---------------------------------------------------------------------------- command line


def test_cli_trust_and_verify(
    office_db, db_path, users, world, scan_pdf, dpki, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("TTHC_PASSWORD", "matkhau123")
    signed = signed_copy(office_db, users, world, scan_pdf, dpki, tmp_path)
    db = str(db_path)
    # not yet trusted: exit 8, and it says why
    assert run(["--db", db, "verify", str(signed)]) == 8
    out = capsys.readouterr().out
    assert "CHƯA ĐƯỢC TIN CẬY" in out and "Người ký: Lê Văn Tư" in out

    assert run(["--db", db, "trust", "add", str(dpki.root_der)]) == 1  # who?
    assert "--user" in capsys.readouterr().err
    assert run(["--db", db, "trust", "add", str(dpki.root_der), "--user", "admin"]) == 0
    assert "Đã thêm chứng thư CA tin cậy" in capsys.readouterr().out
    assert run(["--db", db, "trust", "add", str(dpki.root_pem), "--user", "admin"]) == 0  # same
    assert "đã có trong danh sách" in capsys.readouterr().out
    assert run(["--db", db, "trust", "list"]) == 0
    assert "Root CA Số hóa Thử nghiệm" in capsys.readouterr().out

    assert run(["--db", db, "verify", str(signed)]) == 0
    out = capsys.readouterr().out
    assert "Kết luận: HỢP LỆ" in out
    assert "Nguyên vẹn (không bị sửa sau khi ký): có" in out
    assert "Tình trạng thu hồi: chưa kiểm tra được tình trạng thu hồi (tệp không kèm" in out
    assert "Lưu ý: chưa kiểm tra được tình trạng thu hồi" in out

    # changed after signing
    data = bytearray(signed.read_bytes())
    at = data.find(b"/Width")
    data[at + 7 : at + 11] = b"1241"
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(data))
    assert run(["--db", db, "verify", str(broken)]) == 3
    assert "KHÔNG HỢP LỆ" in capsys.readouterr().out

    # signed by someone outside the trusted roots
    stranger = signed_copy(office_db, users, world, scan_pdf, dpki, tmp_path, stranger=True)
    assert run(["--db", db, "verify", str(stranger)]) == 8
    out = capsys.readouterr().out
    assert "Kết luận: CHƯA ĐƯỢC TIN CẬY" in out
    assert "Không nhập chứng thư riêng của người ký" in out

    # no signatures at all
    assert run(["--db", db, "verify", str(scan_pdf)]) == 9
    assert "KHÔNG CÓ CHỮ KÝ SỐ" in capsys.readouterr().out


def test_cli_verify_revoked_certificate(
    office_db, db_path, users, scan_pdf, tmp_path, capsys, monkeypatch
) -> None:
    """A certificate revoked in a CRL served on loopback, signed after the revocation: offline
    the verdict stands and revocation is "not checked" (exit 0); with --truc-tuyen the CRL is
    fetched: revoked, with its date, exit 10."""
    from tests.support import pki
    from tthc_desk.adapters import signing

    monkeypatch.setenv("TTHC_PASSWORD", "matkhau123")
    crls = pki.LocalFiles()
    try:
        root = pki.make_ca("CA Gốc CLI Thu hồi")
        inter = pki.make_ca("CA Trung gian CLI", issuer=root, crl_url=crls.url("/root.crl"))
        officer = pki.issue_officer(inter, "Đỗ Thị Hủy", crl_url=crls.url("/inter.crl"))
        crls.files["/root.crl"] = pki.make_crl(root)
        crls.files["/inter.crl"] = pki.make_crl(inter, (officer.cert,))
        (tmp_path / "k.p12").write_bytes(pki.to_pkcs12(officer, "mk"))
        signed = tmp_path / "thu-hoi.pdf"
        signing.sign_pdf(
            scan_pdf, signed, Pkcs12Source(tmp_path / "k.p12", "mk"), office="X", reason="Ký"
        )
        (tmp_path / "root.cer").write_bytes(root.cert_der)
        db = str(db_path)
        assert run(["--db", db, "trust", "add", str(tmp_path / "root.cer"), "--user", "admin"]) == 0
        capsys.readouterr()

        assert run(["--db", db, "verify", str(signed)]) == 0
        out = capsys.readouterr().out
        assert "Kết luận: HỢP LỆ" in out and "chưa kiểm tra được tình trạng thu hồi" in out

        assert run(["--db", db, "verify", "--truc-tuyen", str(signed)]) == 10
        out = capsys.readouterr().out
        assert "Chữ ký 1: KHÔNG HỢP LỆ (CHỨNG THƯ ĐÃ BỊ THU HỒI)" in out
        assert "chứng thư đã bị thu hồi ngày " in out
        assert "Kết luận: KHÔNG HỢP LỆ (chứng thư đã bị thu hồi)" in out
        assert "/inter.crl" in crls.requests
    finally:
        crls.close()


@pytest.mark.parametrize("kind", ["not_pdf", "encrypted", "truncated", "missing"])
def test_cli_verify_bad_files(db_path, scan_pdf, tmp_path, capsys, kind) -> None:
    bad = tmp_path / "bad.pdf"
    if kind == "not_pdf":
        bad.write_text("xin chào", encoding="utf-8")
        expected = "không phải là tệp PDF"
    elif kind == "truncated":
        bad.write_bytes(scan_pdf.read_bytes()[:-300])
        expected = "bị thiếu phần cuối"
    elif kind == "encrypted":
        from pypdf import PdfReader, PdfWriter

        w = PdfWriter(clone_from=PdfReader(str(scan_pdf)))
        w.encrypt("mat-khau-nguoi-dung", "chu-so-huu")  # an owner password alone is read
        with bad.open("wb") as fh:
            w.write(fh)
        expected = "đặt mật khẩu hoặc mã hóa"
    else:
        bad = tmp_path / "khong-co.pdf"
        expected = "Không tìm thấy tệp"
    assert run(["--db", str(db_path), "verify", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: ") and expected in err


def test_cli_trust_add_unreadable(office_db, db_path, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TTHC_PASSWORD", "matkhau123")
    junk = tmp_path / "x.pem"
    junk.write_text("không phải chứng thư", encoding="utf-8")
    assert run(["--db", str(db_path), "trust", "add", str(junk), "--user", "admin"]) == 1
    assert "không phải chứng thư số dạng PEM hoặc DER" in capsys.readouterr().err


def test_cli_files_check(office_db, db_path, users, world, scan_pdf, page_image, capsys) -> None:
    a = docs.register_document(
        office_db, users["canbo1"].actor, docs.RegisterCommand(world.dossier_id, (scan_pdf,))
    )
    b = docs.register_document(
        office_db,
        users["canbo1"].actor,
        docs.RegisterCommand(world.dossier_id, (page_image("g.png", "Giấy chứng sinh"),)),
    )
    db = str(db_path)
    assert run(["--db", db, "files", "check"]) == 0
    assert "mọi tệp đều đầy đủ và nguyên vẹn" in capsys.readouterr().out
    path = docs.document_file(office_db, a.id)
    path.write_bytes(path.read_bytes().replace(b"%%EOF", b"%%EOX"))
    assert run(["--db", db, "files", "check"]) == 1
    out = capsys.readouterr().out
    assert f"BỊ THAY ĐỔI: {a.sha256}" in out and world.dossier_code in out
    docs.document_file(office_db, b.id).unlink()
    assert run(["--db", db, "files", "check"]) == 1
    out = capsys.readouterr().out
    assert f"MẤT TỆP: {b.sha256}" in out and "1 tệp bị mất và 1 tệp bị thay đổi" in out


# ---------------------------------------------------------------------------- scan folder


def test_watched_folder_slow_files_and_junk(
    office_db, users, world, scan_pdf, page_image, tmp_path
) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    clock = [0.0]
    changes: list[int] = []
    inbox = scan_inbox.ScanInbox(folder, lambda: changes.append(1), settle_seconds=2.0)
    inbox.watcher._clock = lambda: clock[0]  # drive time by hand: no sleeps

    def tick(seconds: float = 1.0) -> list[Path]:
        clock[0] += seconds
        return inbox.poll_once()

    # a PDF that arrives in three slow chunks
    data = scan_pdf.read_bytes()
    slow = folder / "scan_0001.pdf"
    slow.write_bytes(data[:1000])
    # junk: temp files, a lock file, a text file, a fake PDF, an empty placeholder
    (folder / "scan_0002.pdf.part").write_bytes(data)
    (folder / "~$scan.pdf").write_bytes(data)
    (folder / "ghi-chu.txt").write_text("không phải bản quét", encoding="utf-8")
    (folder / "gia.pdf").write_bytes(b"GIF89a not really a pdf")
    (folder / "rong.jpg").write_bytes(b"")
    assert tick() == []
    slow.write_bytes(data[:5000])
    assert tick(3) == []  # it grew: wait again
    assert tick(3) == []  # settled but no %%EOF yet: still arriving
    slow.write_bytes(data)
    assert tick(1) == []
    assert tick(3) == [slow]
    assert [f.name for f in inbox.pending()] == ["scan_0001.pdf"] and changes
    assert tick(3) == []  # offered once
    # an image arriving later is offered too
    png = page_image("anh.png", "Giấy chứng sinh")
    shutil.copyfile(png, folder / "scan_0003.png")
    tick()
    tick(3)
    assert [f.name for f in inbox.pending()] == ["scan_0001.pdf", "scan_0003.png"]

    view = scan_inbox.attach_inbox_file(
        office_db,
        users["canbo1"].actor,
        slow,
        docs.RegisterCommand(world.dossier_id, (), required_document_id=world.required_ids[1]),
        inbox=inbox,
    )
    assert view.title == "Giấy chứng sinh" and view.pages == 1
    assert not slow.exists() and (folder / scan_inbox.DONE_FOLDER / "scan_0001.pdf").exists()
    assert [f.name for f in inbox.pending()] == ["scan_0003.png"]
    tick(5)
    assert [f.name for f in inbox.pending()] == ["scan_0003.png"]  # not offered again


def test_scan_folder_setting(office_db, users, tmp_path) -> None:
    assert scan_inbox.get_scan_folder(office_db) is None
    with pytest.raises(AppError) as err:
        scan_inbox.set_scan_folder(office_db, users["admin"].actor, tmp_path / "khong-co")
    assert err.value.code == "watch.folder_missing"
    scan_inbox.set_scan_folder(office_db, users["admin"].actor, tmp_path)
    assert scan_inbox.get_scan_folder(office_db) == tmp_path.resolve()
    scan_inbox.set_scan_folder(office_db, users["admin"].actor, None)
    assert scan_inbox.get_scan_folder(office_db) is None


def test_watched_folder_in_the_background(tmp_path: Path, scan_pdf: Path) -> None:
    import threading

    folder = tmp_path / "bg"
    folder.mkdir()
    ready = threading.Event()
    inbox = scan_inbox.ScanInbox(folder, ready.set, settle_seconds=0.3, poll_interval=0.1)
    inbox.start()
    try:
        shutil.copyfile(scan_pdf, folder / "a.pdf")
        assert ready.wait(10)
        assert [f.name for f in inbox.pending()] == ["a.pdf"]
    finally:
        inbox.stop()


# ---------------------------------------------------------------------------- SANE


@pytest.fixture
def sane(tmp_path: Path) -> scanning.SaneScanner:
    if shutil.which("scanimage") is None:
        pytest.skip("scanimage is not installed (apt-get install sane-utils)")
    conf = tmp_path / "sane.d"
    conf.mkdir()
    (conf / "dll.conf").write_text("test\n", encoding="ascii")
    scanner = scanning.SaneScanner(env={"SANE_CONFIG_DIR": str(conf)})
    if not any(d.name.startswith("test:") for d in docs.list_scanners(scanner)):
        pytest.skip("SANE test backend (libsane1) not available")
    return scanner


@pytest.mark.sane
def test_direct_scan_through_sane_test_backend(office_db, users, world, sane) -> None:
    seen: list[tuple[int, int]] = []
    view = docs.scan_document(
        office_db,
        users["canbo1"].actor,
        docs.ScanCommand(
            world.dossier_id,
            "test:0",
            scanning.ScanSettings(resolution=75, mode="Gray", pages=2),
            required_document_id=world.required_ids[1],
            kind=DocumentKind.ORIGINAL,
        ),
        scanner=sane,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert view.pages == 2 and view.title == "Giấy chứng sinh"
    assert (2, 2) in seen
    assert docs.document_file(office_db, view.id).stat().st_size == view.size


@pytest.mark.sane
def test_direct_scan_cancelled_registers_nothing(office_db, users, world, sane) -> None:
    with pytest.raises(AppError) as err:
        docs.scan_document(
            office_db,
            users["canbo1"].actor,
            docs.ScanCommand(
                world.dossier_id, "test:0", scanning.ScanSettings(resolution=75, pages=3)
            ),
            scanner=sane,
            cancelled=lambda: True,
        )
    assert err.value.code == "task.cancelled"
    with office_db.session() as s:
        assert s.scalar(select(func.count(DigitalDocument.id))) == 0
