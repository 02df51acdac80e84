"""Issue 11 through the services and the command line: who signs (a SoftHSM2 token of another
person), a result changed after signing fails ``verify``, the TSA setting, ``trust add`` with
a folder and a P7B bundle."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding, pkcs7
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from tests.support import pki
from tthc_desk.adapters.signing import Pkcs11Source, Pkcs12Source
from tthc_desk.cli import run
from tthc_desk.domain.enums import AttachmentRole, DocumentKind
from tthc_desk.persistence.models import AuditEntry
from tthc_desk.services import documents as docs
from tthc_desk.services import settings_store


def _form_result(tmp_path: Path) -> Path:
    out = tmp_path / "giay-khai-sinh.pdf"
    c = canvas.Canvas(str(out), pagesize=A4)
    c.drawString(72, 800, "GIAY KHAI SINH")
    c.acroForm.textfield(name="ho_ten", value="NGUYEN THI BINH", x=72, y=700, width=250, height=20)
    c.save()
    return out


def test_token_of_another_person_names_the_holder_warns_and_audits(
    office_db, users, world, scan_pdf, token
) -> None:
    officer = users["canbo1"].actor  # Nguyễn Thị Hoa, signing with Lê Văn Tư's token
    view = docs.register_document(
        office_db, officer, docs.RegisterCommand(world.dossier_id, (scan_pdf,))
    )
    source = Pkcs11Source(token.module, token.pin, token_label=token.label, key_id="07")
    signed = docs.sign_document(office_db, officer, docs.SignCommand(view.id, source))
    codes = dict(signed.notices)
    assert dict(codes["sign.holder_mismatch"]) == {
        "holder": "Lê Văn Tư",
        "officer": "Nguyễn Thị Hoa",
    }
    assert "sign.offline_time" in codes  # no TSA configured: the time is the PC's clock
    assert signed.signers == ("Lê Văn Tư",)
    with office_db.session() as s:
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "signature.holder_mismatch")
        ).one()
        assert entry.detail["officer"] == "Nguyễn Thị Hoa"
        assert entry.detail["holder"] == "Lê Văn Tư"
        assert entry.user_id == officer.user_id
    import subprocess

    text = subprocess.run(
        ["pdftotext", str(docs.document_file(office_db, signed.id)), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Người ký: Lê Văn Tư" in text and "Nguyễn Thị Hoa" not in text


def test_result_changed_in_a_form_field_fails_verify_with_the_change_named(
    office_db, db_path, users, world, dpki, tmp_path, capsys
) -> None:
    officer = users["canbo1"].actor
    result = docs.register_document(
        office_db,
        officer,
        docs.RegisterCommand(
            world.dossier_id,
            (_form_result(tmp_path),),
            kind=DocumentKind.ORIGINAL,
            role=AttachmentRole.RESULT,
        ),
    )
    assert result.is_result
    signed = docs.sign_document(
        office_db, officer, docs.SignCommand(result.id, Pkcs12Source(dpki.p12, dpki.passphrase))
    )
    copy = tmp_path / "ket-qua.pdf"
    shutil.copyfile(docs.document_file(office_db, signed.id), copy)
    db = str(db_path)
    os.environ["TTHC_PASSWORD"] = "matkhau123"
    try:
        assert run(["--db", db, "trust", "add", str(dpki.root_pem), "--user", "admin"]) == 0
    finally:
        del os.environ["TTHC_PASSWORD"]
    assert run(["--db", db, "verify", str(copy)]) == 0
    capsys.readouterr()

    writer = PdfWriter(str(copy), incremental=True)
    writer.update_page_form_field_values(
        writer.pages[0], {"ho_ten": "TRAN VAN KHAC"}, auto_regenerate=False
    )
    changed = tmp_path / "da-sua.pdf"
    with changed.open("wb") as fh:
        writer.write(fh)
    assert (
        run(["--db", db, "verify", str(changed), "--ban-da-ky", "1", str(tmp_path / "o.pdf")]) == 3
    )
    out = capsys.readouterr().out
    assert "Có thay đổi sau khi ký: lần sửa 3: sửa nội dung biểu mẫu (ho_ten)" in out
    assert "Kết luận: KHÔNG HỢP LỆ" in out
    assert (tmp_path / "o.pdf").read_bytes() == copy.read_bytes()  # the signed revision


def test_tsa_setting_timestamps_the_signature(office_db, users, world, scan_pdf, dpki) -> None:
    tsa = pki.LocalTsa(pki.issue_officer(dpki.intermediate, "TSA xã", time_stamping=True))
    try:
        settings_store.set_setting(office_db, users["admin"].actor, settings_store.TSA_URL, tsa.url)
        officer = users["canbo1"].actor
        view = docs.register_document(
            office_db, officer, docs.RegisterCommand(world.dossier_id, (scan_pdf,))
        )
        signed = docs.sign_document(
            office_db, officer, docs.SignCommand(view.id, Pkcs12Source(dpki.p12, dpki.passphrase))
        )
    finally:
        tsa.close()
    assert "sign.offline_time" not in dict(signed.notices) and tsa.requests >= 2
    docs.add_trusted(office_db, users["admin"].actor, dpki.root_pem)
    report = docs.verify_document(office_db, signed.id)
    assert report.reason == "valid_timestamped"


def test_trust_add_folder_and_p7b_bundle(db_path, office_db, dpki, tmp_path, capsys) -> None:
    folder = tmp_path / "goc-quoc-gia"
    folder.mkdir()
    bundle = pkcs7.serialize_certificates([dpki.root.cert, dpki.intermediate.cert], Encoding.DER)
    (folder / "chuoi.p7b").write_bytes(bundle)
    (folder / "goc.cer").write_bytes(dpki.root.cert_der)  # the same root again
    (folder / "ghi-chu.crt").write_text("không phải chứng thư", encoding="utf-8")
    os.environ["TTHC_PASSWORD"] = "matkhau123"
    try:
        assert run(["--db", str(db_path), "trust", "add", str(folder), "--user", "admin"]) == 0
    finally:
        del os.environ["TTHC_PASSWORD"]
    out = capsys.readouterr().out
    assert out.count("Đã thêm chứng thư CA tin cậy") == 2
    assert "Bỏ qua tệp không phải chứng thư" in out and "ghi-chu.crt" in out
    assert {t.subject for t in docs.list_trusted(office_db)} == {
        dpki.root.cert.subject.rfc4514_string(),
        dpki.intermediate.cert.subject.rfc4514_string(),
    }


def test_organisation_signature_with_the_seal_after_the_officers(
    office_db, users, world, dpki, tmp_path
) -> None:
    """Nghị định 30/2020/NĐ-CP, Phụ lục I (chữ ký số của cơ quan, tổ chức: hình ảnh con dấu,
    tên cơ quan, thời gian ký): https://vanban.chinhphu.vn/?pageid=27160&docid=199283"""
    import subprocess

    from PIL import Image, ImageDraw

    from tthc_desk.adapters import signing
    from tthc_desk.domain.errors import ValidationError

    seal = tmp_path / "con-dau.png"
    img = Image.new("RGBA", (240, 240), (255, 255, 255, 0))
    ImageDraw.Draw(img).ellipse((8, 8, 232, 232), outline=(0, 0, 220, 255), width=18)
    img.save(seal)
    officer, admin = users["chutich"].actor, users["admin"].actor
    result = docs.register_document(
        office_db,
        officer,
        docs.RegisterCommand(
            world.dossier_id,
            (_form_result(tmp_path),),
            kind=DocumentKind.ORIGINAL,
            role=AttachmentRole.RESULT,
        ),
    )
    org = pki.issue_officer(dpki.intermediate, "UBND xã An Sơn", org="UBND xã An Sơn")
    org_p12 = tmp_path / "co-quan.p12"
    org_p12.write_bytes(pki.to_pkcs12(org, "mk"))
    with_org = docs.SignCommand(result.id, Pkcs12Source(org_p12, "mk"), "organisation")
    try:
        docs.sign_document(office_db, officer, with_org)
    except ValidationError as exc:
        assert exc.code == "sign.seal_missing"
    else:  # pragma: no cover
        raise AssertionError("signed without a seal image")
    docs.set_seal_image(office_db, admin, seal)

    personal_holder = pki.issue_officer(dpki.intermediate, "Nguyễn Đức Ngọc", title="Chủ tịch")
    p12 = tmp_path / "ct.p12"
    p12.write_bytes(pki.to_pkcs12(personal_holder, "mk"))
    first = docs.sign_document(
        office_db, officer, docs.SignCommand(result.id, Pkcs12Source(p12, "mk"))
    )
    assert "sign.holder_mismatch" not in dict(first.notices)
    second = docs.sign_document(
        office_db,
        officer,
        docs.SignCommand(first.id, Pkcs12Source(org_p12, "mk"), "organisation"),
    )
    assert "sign.holder_mismatch" not in dict(second.notices)  # the office's own certificate
    path = docs.document_file(office_db, second.id)
    report = signing.verify_pdf(path, [dpki.root.cert_der])
    personal, organisation = report.signatures
    # the officer's signature leaves room for the commune's (approval, not P=1); later changes
    # are still named by the verifier
    assert not personal.is_certification and personal.reason == "valid"
    assert [c.kind for c in personal.changes] == ["signature"]
    assert organisation.reason == "valid" and organisation.signer_cn == "UBND xã An Sơn"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    text = text.decode()
    assert "CHỮ KÝ SỐ CỦA CƠ QUAN" in text and "Ký bởi: UBND xã An Sơn" in text
    assert "Chức danh: Chủ tịch" in text
    # the seal is drawn: blue pixels on the page where there were none before
    out = tmp_path / "pg"
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(out)], check=True)
    page = Image.open(next(tmp_path.glob("pg*.png"))).convert("RGB")
    blue = sum(1 for r, g, b in page.get_flattened_data() if b > 150 and r < 90 and g < 90)
    assert blue > 50


def test_sign_dialog_asks_for_the_pin_unless_the_token_has_a_pin_pad(
    qtbot, office_db, users, token, scan_pdf, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The signing dialog with a real SoftHSM2 token: certificates are read without a PIN (public
    objects); an empty PIN is refused for a token without a PIN pad, and let through (the token
    asks for it) when the token reports CKF_PROTECTED_AUTHENTICATION_PATH."""
    import dataclasses

    import pytest
    from PySide6.QtCore import Qt

    from tests.digitise.test_digitise_ui import make_ctx
    from tthc_desk.adapters import signing
    from tthc_desk.domain.errors import AppError
    from tthc_desk.ui.digitise_dialogs import SignDialog

    dialog = SignDialog(make_ctx(office_db, users), "Ký số", library=str(token.module))
    qtbot.addWidget(dialog)
    assert dialog.library.currentText() == str(token.module)
    qtbot.mouseClick(dialog.read_certs, Qt.MouseButton.LeftButton)
    assert dialog.certs.count() == 1 and "Lê Văn Tư" in dialog.certs.itemText(0)
    (choice,) = dialog._choices
    assert choice.pin_pad is False  # SoftHSM2 has no PIN pad
    with pytest.raises(AppError) as err:
        dialog.source()
    assert err.value.code == "sign.pin_required"
    dialog._accept()
    assert dialog.error.isVisible() or dialog.error.text()  # said in Vietnamese, not accepted
    # a PIN-pad token (the flag as C_GetTokenInfo would report it): no PIN typed is fine
    dialog._choices = [dataclasses.replace(choice, pin_pad=True)]
    source = dialog.source()
    assert isinstance(source, signing.Pkcs11Source) and source.pin == ""
    assert source.key_id == choice.key_id and source.token_label == token.label
    # with the PIN typed, the same dialog's source signs on the real token
    dialog._choices = [choice]
    qtbot.keyClicks(dialog.pin, token.pin)
    result = signing.sign_pdf(
        scan_pdf, tmp_path / "signed.pdf", dialog.source(), office="X", reason="Ký số"
    )
    assert result.signer_cn == "Lê Văn Tư"
    dialog.forget_secrets()
    assert dialog.pin.text() == ""
