"""Registering, signing (PKCS#12 and SoftHSM2), verifying, checking the store, reuse, copies."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tthc_desk.adapters.signing import Pkcs11Source, Pkcs12Source, list_token_certificates
from tthc_desk.domain.enums import AttachmentRole, DocumentKind
from tthc_desk.domain.errors import AppError, Forbidden
from tthc_desk.persistence.models import (
    CertificationEntry,
    DigitalDocument,
    DossierAttachment,
    Signature,
)
from tthc_desk.services import documents as docs

NOW = datetime(2025, 3, 10, 9, 30)  # the same instant as conftest.NOW


def register_scan(office_db, users, world, scan_pdf, **kw) -> docs.DocumentView:  # type: ignore[no-untyped-def]
    cmd = docs.RegisterCommand(
        dossier_id=world.dossier_id,
        files=(scan_pdf,),
        kind=kw.pop("kind", DocumentKind.ORIGINAL),
        required_document_id=kw.pop("required_document_id", world.required_ids[0]),
        **kw,
    )
    return docs.register_document(office_db, users["canbo1"].actor, cmd, lambda: NOW)


def p12(dpki, stranger: bool = False) -> Pkcs12Source:  # type: ignore[no-untyped-def]
    return Pkcs12Source(dpki.stranger_p12 if stranger else dpki.p12, dpki.passphrase)


# ---------------------------------------------------------------------------- registering


def test_register_pdf_stores_by_hash_and_attaches(office_db, users, world, scan_pdf) -> None:
    view = register_scan(office_db, users, world, scan_pdf)
    assert view.title == "Tờ khai đăng ký khai sinh"  # from the required document
    assert view.pages == 1 and view.kind is DocumentKind.ORIGINAL and not view.is_signed
    assert view.registered_by == "Nguyễn Thị Hoa" and view.role is AttachmentRole.INTAKE
    stored = docs.document_file(office_db, view.id)
    assert stored.name.startswith(view.sha256) and stored.read_bytes() == scan_pdf.read_bytes()
    assert stored.parent.parent.parent == office_db.files_dir()
    opened = docs.open_dossier(office_db, " xanson-250310-0001 ")
    assert [d.id for d in opened.documents] == [view.id]
    assert [r.name for r in opened.required] == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]
    assert opened.applicant_name == "Nguyễn Thị Bình"


def test_images_become_one_pdf_without_recompression(office_db, users, world, page_image) -> None:
    pages = [page_image(f"p{i}.png", f"Trang {i}") for i in range(3)]
    view = docs.register_document(
        office_db,
        users["canbo1"].actor,
        docs.RegisterCommand(world.dossier_id, tuple(pages), title="Giấy chứng sinh"),
        lambda: NOW,
    )
    assert view.pages == 3 and view.original_filename == "p0.png (+2)"
    from pypdf import PdfReader

    reader = PdfReader(str(docs.document_file(office_db, view.id)))
    image = next(iter(reader.pages[0].images))
    assert image.image.size == (1240, 1754)  # same pixels, embedded losslessly (PNG → Flate)


@pytest.mark.parametrize(
    "content,code",
    [
        (b"not a pdf at all", "pdf.not_pdf"),
        (None, "pdf.truncated"),
        ("encrypted", "pdf.encrypted"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_registered(
    office_db, users, world, scan_pdf, tmp_path, content, code
) -> None:
    bad = tmp_path / "bad.pdf"
    if content is None:
        bad.write_bytes(scan_pdf.read_bytes()[:-400])
    elif content == "encrypted":
        from pypdf import PdfReader, PdfWriter

        w = PdfWriter(clone_from=PdfReader(str(scan_pdf)))
        w.encrypt("user", "owner")
        with bad.open("wb") as fh:
            w.write(fh)
    else:
        bad.write_bytes(content)
    with pytest.raises(AppError) as err:
        docs.register_document(
            office_db, users["canbo1"].actor, docs.RegisterCommand(world.dossier_id, (bad,))
        )
    assert err.value.code == code
    with office_db.session() as s:
        assert s.scalar(select(func.count(DigitalDocument.id))) == 0


def test_mixed_files_and_wrong_required_document(office_db, users, world, scan_pdf, page_image):
    with pytest.raises(AppError) as err:
        docs.register_document(
            office_db,
            users["canbo1"].actor,
            docs.RegisterCommand(world.dossier_id, (scan_pdf, page_image("a.png"))),
        )
    assert err.value.code == "document.mixed_files"
    with pytest.raises(AppError) as err:
        register_scan(office_db, users, world, scan_pdf, required_document_id=999)
    assert err.value.code == "document.required_mismatch"


def test_batch_cancel_leaves_no_rows(office_db, users, world, page_image) -> None:
    pages = [page_image(f"b{i}.png", f"Trang {i}") for i in range(6)]
    cmds = [docs.RegisterCommand(world.dossier_id, (p,)) for p in pages]
    seen: list[tuple[int, int]] = []
    with pytest.raises(AppError) as err:
        docs.register_batch(
            office_db,
            users["canbo1"].actor,
            cmds,
            progress=lambda d, t: seen.append((d, t)),
            cancelled=lambda: len(seen) >= 3,
        )
    assert err.value.code == "task.cancelled" and seen[:3] == [(1, 6), (2, 6), (3, 6)]
    with office_db.session() as s:
        assert s.scalar(select(func.count(DigitalDocument.id))) == 0
        assert s.scalar(select(func.count(DossierAttachment.id))) == 0
    done = docs.register_batch(office_db, users["canbo1"].actor, cmds)
    assert len(done) == 6


# ---------------------------------------------------------------------------- sign / verify


def test_sign_with_pkcs12_then_verify(office_db, users, world, scan_pdf, dpki) -> None:
    docs.add_trusted(office_db, users["admin"].actor, dpki.root_pem)
    view = register_scan(office_db, users, world, scan_pdf)
    signed = docs.sign_document(
        office_db, users["canbo1"].actor, docs.SignCommand(view.id, p12(dpki)), lambda: NOW
    )
    assert signed.is_signed and signed.previous_version_id == view.id
    assert signed.signers == ("Lê Văn Tư",) and signed.sha256 != view.sha256
    # the unsigned version stays in the store and in the database
    assert docs.document_file(office_db, view.id).read_bytes() == scan_pdf.read_bytes()
    opened = docs.dossier_documents(office_db, world.dossier_id)
    assert [d.id for d in opened.documents] == [signed.id]
    with office_db.session() as s:
        sig = s.scalar(select(Signature))
        assert sig.method == "pkcs12" and sig.purpose == "scan"
        assert "Lê Văn Tư" in sig.certificate_subject and sig.certificate_serial
        row = s.get(DigitalDocument, view.id)
        assert row.superseded
    report = docs.verify_document(office_db, signed.id)
    assert report.summary_status == "valid"
    (sig_report,) = report.signatures
    assert sig_report.intact and sig_report.valid and sig_report.trusted
    assert not sig_report.revocation_checked and sig_report.revocation_reason == "offline"
    # signing the superseded version is refused
    with pytest.raises(AppError) as err:
        docs.sign_document(office_db, users["canbo1"].actor, docs.SignCommand(view.id, p12(dpki)))
    assert err.value.code == "document.superseded"


def test_verify_untrusted_broken_and_unsigned(office_db, users, world, scan_pdf, dpki, tmp_path):
    view = register_scan(office_db, users, world, scan_pdf)
    signed = docs.sign_document(
        office_db, users["canbo1"].actor, docs.SignCommand(view.id, p12(dpki)), lambda: NOW
    )
    # nothing trusted yet: intact but untrusted
    assert docs.verify_document(office_db, signed.id).summary_status == "untrusted"
    docs.add_trusted(office_db, users["admin"].actor, dpki.root_der)
    assert docs.verify_document(office_db, signed.id).summary_status == "valid"
    # a stranger's signature stays untrusted
    other = docs.sign_document(
        office_db,
        users["canbo1"].actor,
        docs.SignCommand(signed.id, p12(dpki, stranger=True)),
        lambda: NOW,
    )
    report = docs.verify_document(office_db, other.id)
    assert report.summary_status == "untrusted"
    assert [s.status for s in report.signatures] == ["valid", "untrusted"]
    # a copy changed after signing is broken
    changed = tmp_path / "changed.pdf"
    data = bytearray(docs.document_file(office_db, signed.id).read_bytes())
    at = data.find(b"/Width")
    data[at + 7 : at + 11] = b"1241"
    changed.write_bytes(bytes(data))
    assert docs.verify_file(office_db, changed).summary_status == "broken"
    assert docs.verify_file(office_db, scan_pdf).summary_status == "no_signatures"


@pytest.mark.softhsm
def test_sign_with_softhsm_token(office_db, users, world, scan_pdf, dpki, token) -> None:
    docs.add_trusted(office_db, users["admin"].actor, dpki.root_pem)
    choices = list_token_certificates(token.module, token_label=token.label)
    (choice,) = [c for c in choices if c.sha256 == docs.signing._fingerprint(token.officer.cert)]
    view = register_scan(office_db, users, world, scan_pdf)
    source = Pkcs11Source(token.module, token.pin, token_label=token.label, key_id=choice.key_id)
    assert token.pin not in repr(source)
    signed = docs.sign_document(
        office_db, users["congchuc1"].actor, docs.SignCommand(view.id, source), lambda: NOW
    )
    report = docs.verify_document(office_db, signed.id)
    assert report.summary_status == "valid"
    assert report.signatures[0].signer_cn == "Lê Văn Tư"
    with office_db.session() as s:
        sig = s.scalar(select(Signature))
        assert sig.method == "pkcs11"
        # the PIN is nowhere in the database
        from tthc_desk.persistence.models import AuditEntry, Setting

        blobs = [str(a.detail) for a in s.scalars(select(AuditEntry))]
        blobs += [str(x.value) for x in s.scalars(select(Setting))]
        assert not any(token.pin in b for b in blobs)
    wrong = Pkcs11Source(token.module, "000000", token_label=token.label, key_id=choice.key_id)
    with pytest.raises(AppError) as err:
        docs.sign_document(office_db, users["congchuc1"].actor, docs.SignCommand(signed.id, wrong))
    assert err.value.code == "sign.pin_wrong"


# ---------------------------------------------------------------------------- trust


def test_trust_add_list_remove_admin_only(office_db, users, dpki) -> None:
    with pytest.raises(Forbidden):
        docs.add_trusted(office_db, users["canbo1"].actor, dpki.root_pem)
    added = docs.add_trusted(office_db, users["admin"].actor, dpki.root_pem)
    assert len(added) == 1 and added[0].is_ca
    assert docs.add_trusted(office_db, users["admin"].actor, dpki.root_der) == []  # same one
    (row,) = docs.list_trusted(office_db)
    assert "Root CA Số hóa Thử nghiệm" in row.subject and row.added_by == "Trần Văn Quản"
    docs.remove_trusted(office_db, users["admin"].actor, row.id)
    assert docs.list_trusted(office_db) == []
    with pytest.raises(AppError) as err:
        docs.remove_trusted(office_db, users["admin"].actor, row.id)
    assert err.value.code == "trust.not_found"


# ---------------------------------------------------------------------------- store check


def test_check_files_finds_altered_and_missing(office_db, users, world, scan_pdf, page_image):
    a = register_scan(office_db, users, world, scan_pdf)
    b = docs.register_document(
        office_db,
        users["canbo1"].actor,
        docs.RegisterCommand(world.dossier_id, (page_image("x.png", "Giấy chứng sinh"),)),
    )
    report = docs.check_files(office_db)
    assert report.all_ok and report.checked == 2
    path_a = docs.document_file(office_db, a.id)
    path_a.chmod(0o644)
    data = bytearray(path_a.read_bytes())
    data[200] ^= 0xFF
    path_a.write_bytes(bytes(data))
    docs.document_file(office_db, b.id).unlink()
    seen = []
    report = docs.check_files(office_db, progress=lambda d, t: seen.append((d, t)))
    assert not report.all_ok and seen[-1] == (2, 2)
    assert [p.sha256 for p in report.altered] == [a.sha256]
    assert [p.sha256 for p in report.missing] == [b.sha256]
    assert report.missing[0].dossier_codes == (world.dossier_code,)


# ---------------------------------------------------------------------------- reuse


def test_reuse_lists_valid_documents_and_counts(
    office_db, users, world, scan_pdf, page_image, new_dossier
) -> None:
    kept = register_scan(office_db, users, world, scan_pdf, valid_until=date(2030, 1, 1))
    expired = docs.register_document(
        office_db,
        users["canbo1"].actor,
        docs.RegisterCommand(
            world.dossier_id,
            (page_image("old.png", "Cũ"),),
            title="Giấy cũ",
            valid_until=date(2024, 12, 31),
        ),
        lambda: NOW,
    )
    second_id, second_code = new_dossier(received_at=NOW + timedelta(days=20))
    offered = docs.reusable_documents(
        office_db, world.personal_id, on=date(2025, 3, 30), exclude_dossier_id=second_id
    )
    assert [d.id for d in offered] == [kept.id]
    assert offered[0].from_dossiers == (world.dossier_code,)
    assert expired.id not in [d.id for d in offered]
    view = docs.attach_existing(
        office_db,
        users["canbo1"].actor,
        docs.AttachExisting(second_id, kept.id, required_document_id=world.required_ids[0]),
        lambda: NOW + timedelta(days=20),
    )
    assert view.reused and view.sha256 == kept.sha256 and view.dossier_id == second_id
    assert (
        docs.reusable_documents(office_db, world.applicant_id, exclude_dossier_id=second_id) == []
    )
    with pytest.raises(AppError) as err:
        docs.attach_existing(
            office_db, users["canbo1"].actor, docs.AttachExisting(second_id, kept.id)
        )
    assert err.value.code == "document.already_attached"
    with pytest.raises(AppError) as err:
        docs.attach_existing(
            office_db, users["canbo1"].actor, docs.AttachExisting(second_id, expired.id)
        )
    assert err.value.code == "document.expired"
    stats = docs.reuse_stats(office_db, date(2025, 3, 1), date(2025, 3, 31))
    assert (stats.received, stats.reusing, stats.rate) == (2, 1, 0.5)
    assert docs.reuse_stats(office_db, date(2025, 3, 1), date(2025, 3, 15)).reusing == 0


# ---------------------------------------------------------------------------- certified copies


def test_certified_copy_is_stamped_signed_and_numbered(
    office_db, users, world, scan_pdf, dpki, new_dossier
) -> None:
    docs.add_trusted(office_db, users["admin"].actor, dpki.root_pem)
    cert_dossier, _ = new_dossier(procedure_id=world.cert_procedure_id)
    original = docs.register_document(
        office_db,
        users["canbo1"].actor,
        docs.RegisterCommand(
            cert_dossier, (scan_pdf,), title="Căn cước công dân", kind=DocumentKind.ORIGINAL
        ),
        lambda: NOW,
    )
    with pytest.raises(Forbidden):
        docs.make_certified_copy(
            office_db, users["canbo1"].actor, docs.CertifyCommand(original.id, p12(dpki))
        )
    first = docs.make_certified_copy(
        office_db,
        users["congchuc1"].actor,
        docs.CertifyCommand(original.id, p12(dpki)),
        lambda: NOW,
    )
    second = docs.make_certified_copy(
        office_db,
        users["congchuc1"].actor,
        docs.CertifyCommand(original.id, p12(dpki)),
        lambda: NOW,
    )
    assert (first.year, first.number, second.number) == (2025, 1, 2)
    assert first.book == "01/2025-SCT/BS"
    assert first.document.kind is DocumentKind.CERTIFIED_COPY and first.document.is_result
    assert first.document.certification == "1/2025" and first.document.dossier_id == cert_dossier
    report = docs.verify_document(office_db, first.document.id)
    assert report.summary_status == "valid" and report.signatures[0].is_certification
    from pypdf import PdfReader

    text = PdfReader(str(docs.document_file(office_db, first.document.id))).pages[-1].extract_text()
    assert "CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH" in text and "Số chứng thực: 1" in text
    # a copy that is not from an original is refused
    with pytest.raises(AppError) as err:
        docs.make_certified_copy(
            office_db, users["congchuc1"].actor, docs.CertifyCommand(first.document.id, p12(dpki))
        )
    assert err.value.code == "certify.not_original"
    # a new year starts again at 1
    nxt = docs.make_certified_copy(
        office_db,
        users["congchuc1"].actor,
        docs.CertifyCommand(original.id, p12(dpki)),
        lambda: datetime(2026, 1, 5, 8, 0),
    )
    assert (nxt.year, nxt.number, nxt.book) == (2026, 1, "01/2026-SCT/BS")


def test_certification_numbers_unique_under_concurrency(
    office_db, users, world, scan_pdf, dpki, new_dossier
) -> None:
    cert_dossier, _ = new_dossier(procedure_id=world.cert_procedure_id)
    original = docs.register_document(
        office_db,
        users["canbo1"].actor,
        docs.RegisterCommand(cert_dossier, (scan_pdf,), kind=DocumentKind.ORIGINAL),
    )
    barrier = threading.Barrier(4)
    results: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        barrier.wait()
        try:
            copy = docs.make_certified_copy(
                office_db, users["congchuc1"].actor, docs.CertifyCommand(original.id, p12(dpki))
            )
            results.append(copy.number)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sorted(results) == [1, 2, 3, 4]
    with office_db.session() as s:
        rows = s.execute(select(CertificationEntry.number, CertificationEntry.document_id)).all()
        assert sorted(n for n, _ in rows) == [1, 2, 3, 4]
        assert len({d for _, d in rows}) == 4
