"""Signing and verification for real: test CA, PKCS#12 file, SoftHSM2 token through PKCS#11."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from tests.support import pki
from tthc_desk.adapters import pdfdocs, signing
from tthc_desk.domain.errors import AppError

if TYPE_CHECKING:
    from conftest import PkiSet, SoftToken

NAME = "Nguyễn Văn An"
OFFICE = "UBND xã Hòa Bình"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def roots(p: PkiSet) -> list[bytes]:
    return [p.root.cert_der]


def sign_p12(src: Path, dst: Path, p: PkiSet, **kw) -> signing.SignResult:
    source = signing.Pkcs12Source(p.p12, p.passphrase)
    kw.setdefault("signer_name", NAME)
    kw.setdefault("office", OFFICE)
    kw.setdefault("reason", "Số hóa hồ sơ")
    return signing.sign_pdf(src, dst, source, **kw)


def pdftotext(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def render_60dpi(path: Path, out_dir: Path) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    out_dir.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(out_dir / "pg")], check=True)
    return sorted(out_dir.glob("pg-*.png"))


def red_pixels(image: Image.Image, box_px: tuple[int, int, int, int]) -> int:
    data = image.convert("RGB").crop(box_px).tobytes()
    return sum(
        1
        for i in range(0, len(data), 3)
        if data[i] > 140 and data[i] - data[i + 1] > 60 and data[i] - data[i + 2] > 60
    )


def box_to_px(box: tuple[float, float, float, float], page_h: float, dpi: int = 60):
    s = dpi / 72
    x1, y1, x2, y2 = box
    return (int(x1 * s), int((page_h - y2) * s), int(x2 * s), int((page_h - y1) * s))


# --- PKCS#12 ---------------------------------------------------------------------------------


def test_sign_p12_then_verify_valid_with_visible_stamp(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path
) -> None:
    before = sha(sample_pdf)
    out = tmp_path / "signed.pdf"
    result = sign_p12(sample_pdf, out, test_pki, purpose="scan")

    assert sha(sample_pdf) == before  # the original stays
    assert result.path == out and result.sha256 == sha(out)
    assert result.signer_cn == NAME
    assert result.placement == "free_area" and result.stamp_page == 0
    info = pdfdocs.inspect_pdf(out)
    assert info.has_signatures and info.pages == 1

    # The stamp's words are real text in the signed PDF.
    text = pdftotext(out)
    assert "ĐÃ SỐ HÓA VÀ KÝ SỐ" in text
    assert f"Người ký: {NAME}" in text
    assert OFFICE in text
    assert re.search(r"Thời gian: \d\d/\d\d/\d{4} \d\d:\d\d:\d\d", text)

    # The stamp is drawn (red box) where the unsigned page was blank: it covers no content.
    page_h = 1754 * 72 / 150
    before_png = render_60dpi(sample_pdf, tmp_path / "before")
    after_png = render_60dpi(out, tmp_path / "after")
    box_px = box_to_px(result.stamp_box, page_h)
    assert red_pixels(Image.open(after_png[0]), box_px) > 100
    blank = Image.open(before_png[0]).convert("L").crop(box_px)
    assert blank.getextrema()[0] > 200  # nothing dark under the stamp before signing
    assert box_px[1] > Image.open(after_png[0]).height / 2  # bottom half of the page

    report = signing.verify_pdf(out, roots(test_pki))
    assert report.summary_status == "valid" and report.all_valid
    (sig,) = report.signatures
    assert sig.signer_cn == NAME
    assert sig.intact and sig.valid and sig.trusted
    assert sig.covers_whole_document and sig.modified_after_signing == "none"
    assert sig.signing_time is not None
    assert abs(sig.signing_time - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    # Offline: never claim revocation was checked.
    assert sig.revocation_checked is False and sig.revocation_reason == "offline"
    assert report.revocation_checked is False


def test_intermediate_given_separately_and_root_as_pem(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path
) -> None:
    out = tmp_path / "signed.pdf"
    sign_p12(sample_pdf, out, test_pki)
    report = signing.verify_pdf(
        out, [test_pki.root.cert_pem], intermediates=[test_pki.intermediate.cert_pem]
    )
    assert report.summary_status == "valid"


def test_untrusted_signer(test_pki: PkiSet, sample_pdf: Path, tmp_path: Path, capfd) -> None:
    out = tmp_path / "stranger.pdf"
    source = signing.Pkcs12Source(test_pki.stranger_p12, test_pki.passphrase)
    signing.sign_pdf(
        sample_pdf, out, source, signer_name="Lê Thị Lạ", office="Nơi khác", reason="Thử"
    )
    capfd.readouterr()
    report = signing.verify_pdf(out, roots(test_pki))
    (sig,) = report.signatures
    assert report.summary_status == "untrusted"
    assert sig.intact and sig.valid and not sig.trusted
    assert sig.status == "untrusted" and sig.reason == "untrusted"
    assert sig.problems == ("verify.untrusted",) and sig.trust_problem == "untrusted"
    # pyHanko logs the failed chain with a traceback: it must not reach the console.
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err + captured.out
    # Trusting the stranger's root makes it valid.
    assert signing.verify_pdf(out, [test_pki.stranger_root.cert_der]).summary_status == "valid"


def _byte_range(data: bytes) -> list[int]:
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    assert match
    return [int(v) for v in match.groups()]


def test_bytes_altered_inside_signed_range_is_broken(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path
) -> None:
    out = tmp_path / "signed.pdf"
    sign_p12(sample_pdf, out, test_pki)
    data = bytearray(out.read_bytes())
    start, length, _, _ = _byte_range(bytes(data))
    offset = start + length // 3  # inside the page image: the file still opens
    data[offset] ^= 0xFF
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))

    report = signing.verify_pdf(tampered, roots(test_pki))
    (sig,) = report.signatures
    assert report.summary_status == "broken"
    assert not sig.intact and sig.status == "broken"
    assert sig.reason == "digest_mismatch" and "verify.digest_mismatch" in sig.problems


def test_content_changed_by_a_later_revision_is_broken(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path
) -> None:
    """An incremental update that rewrites the page after signing: the signed bytes are
    untouched, but the document the reader sees is not what was signed."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    out = tmp_path / "signed.pdf"
    sign_p12(sample_pdf, out, test_pki)
    changed = tmp_path / "changed.pdf"
    with out.open("rb") as fh:
        writer = IncrementalPdfFileWriter(fh)
        page_ref = writer.find_page_for_modification(0)[0]
        page = page_ref.get_object()
        stream = writer.add_object(generic.StreamObject(stream_data=b"0 0 0 rg 50 50 200 200 re f"))
        page["/Contents"] = stream
        writer.update_container(page)
        with changed.open("wb") as fo:
            writer.write(fo)

    report = signing.verify_pdf(changed, roots(test_pki))
    (sig,) = report.signatures
    assert report.summary_status == "broken"
    assert not sig.intact and not sig.covers_whole_document
    assert sig.modified_after_signing == "other"
    assert sig.reason == "modified" and "verify.modified" in sig.problems
    assert [c.kind for c in sig.changes] == ["other"]


def test_second_signature_keeps_first_intact_and_stamps_apart(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path
) -> None:
    first = tmp_path / "one.pdf"
    r1 = sign_p12(sample_pdf, first, test_pki, purpose="scan")
    second = tmp_path / "two.pdf"
    r2 = sign_p12(first, second, test_pki, purpose="result", reason="Ký kết quả")
    assert r1.field_name != r2.field_name
    a, b = r1.stamp_box, r2.stamp_box
    overlap = not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])
    assert not overlap
    report = signing.verify_pdf(second, roots(test_pki))
    assert report.summary_status == "valid"
    s1, s2 = report.signatures
    assert s1.intact and not s1.covers_whole_document
    assert s1.modified_after_signing == "signatures"
    assert [c.kind for c in s1.changes] == ["signature"]
    assert s2.covers_whole_document
    assert "KÝ SỐ KẾT QUẢ" in pdftotext(second)


def test_certified_copy_is_a_certification_signature(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path
) -> None:
    out = tmp_path / "copy.pdf"
    sign_p12(sample_pdf, out, test_pki, purpose="certified_copy", reason="Chứng thực")
    report = signing.verify_pdf(out, roots(test_pki))
    (sig,) = report.signatures
    assert sig.is_certification and report.summary_status == "valid"
    assert "CHỨNG THỰC BẢN SAO ĐIỆN TỬ TỪ BẢN CHÍNH" in pdftotext(out)


def test_full_page_gets_stamp_on_a_new_page(
    test_pki: PkiSet, full_pdf: Path, tmp_path: Path
) -> None:
    out = tmp_path / "full-signed.pdf"
    result = sign_p12(full_pdf, out, test_pki)
    assert result.placement == "new_page"
    assert result.pages == 2 and result.stamp_page == 1
    assert signing.verify_pdf(out, roots(test_pki)).summary_status == "valid"
    pngs = render_60dpi(out, tmp_path / "png")
    assert len(pngs) == 2
    page_h = float(PdfReader(str(out)).pages[1].mediabox.height)
    assert red_pixels(Image.open(pngs[1]), box_to_px(result.stamp_box, page_h)) > 100


def test_invisible_signature_when_requested(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path
) -> None:
    out = tmp_path / "invisible.pdf"
    result = sign_p12(sample_pdf, out, test_pki, stamp=False)
    assert result.placement == "invisible" and result.stamp_box is None
    assert signing.verify_pdf(out, roots(test_pki)).summary_status == "valid"


def test_no_signatures(sample_pdf: Path, test_pki: PkiSet) -> None:
    report = signing.verify_pdf(sample_pdf, roots(test_pki))
    assert report.summary_status == "no_signatures" and report.signatures == ()
    assert not report.all_valid


# --- bad input files ---------------------------------------------------------------------------


@pytest.fixture
def bad_files(tmp_path: Path, sample_pdf: Path) -> dict[str, Path]:
    not_pdf = tmp_path / "photo.pdf"
    Image.new("RGB", (10, 10), "red").save(not_pdf, format="PNG")
    encrypted = tmp_path / "locked.pdf"
    writer = PdfWriter(clone_from=str(sample_pdf))
    writer.encrypt(user_password="1234", owner_password="5678", algorithm="AES-128")
    with encrypted.open("wb") as fh:
        writer.write(fh)
    truncated = tmp_path / "cut.pdf"
    data = sample_pdf.read_bytes()
    truncated.write_bytes(data[: len(data) * 2 // 3])
    return {"pdf.not_pdf": not_pdf, "pdf.encrypted": encrypted, "pdf.truncated": truncated}


@pytest.mark.parametrize("code", ["pdf.not_pdf", "pdf.encrypted", "pdf.truncated"])
def test_verify_and_sign_reject_bad_files(
    code: str, bad_files: dict[str, Path], test_pki: PkiSet, tmp_path: Path
) -> None:
    path = bad_files[code]
    with pytest.raises(AppError) as exc:
        signing.verify_pdf(path, roots(test_pki))
    assert exc.value.code == code
    with pytest.raises(AppError) as exc:
        sign_p12(path, tmp_path / "out.pdf", test_pki)
    assert exc.value.code == code
    assert not (tmp_path / "out.pdf").exists()


def test_wrong_passphrase_and_bad_p12(test_pki: PkiSet, sample_pdf: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    with pytest.raises(AppError) as exc:
        signing.sign_pdf(
            sample_pdf,
            out,
            signing.Pkcs12Source(test_pki.p12, "sai"),
            signer_name=NAME,
            office=OFFICE,
            reason="r",
        )
    assert exc.value.code == "sign.passphrase_wrong"
    junk = tmp_path / "junk.p12"
    junk.write_bytes(b"not a pkcs12 file at all")
    with pytest.raises(AppError) as exc:
        signing.sign_pdf(
            sample_pdf,
            out,
            signing.Pkcs12Source(junk, "x"),
            signer_name=NAME,
            office=OFFICE,
            reason="r",
        )
    assert exc.value.code == "sign.pkcs12_invalid"
    assert not out.exists()


def test_expired_certificate_refused(test_pki: PkiSet, sample_pdf: Path, tmp_path: Path) -> None:
    expired = pki.issue_officer(
        test_pki.intermediate,
        NAME,
        not_before=dt.datetime.now(dt.UTC) - dt.timedelta(days=400),
        days=30,
    )
    p12 = tmp_path / "old.p12"
    p12.write_bytes(pki.to_pkcs12(expired, "x"))
    with pytest.raises(AppError) as exc:
        signing.sign_pdf(
            sample_pdf,
            tmp_path / "o.pdf",
            signing.Pkcs12Source(p12, "x"),
            signer_name=NAME,
            office=OFFICE,
            reason="r",
        )
    assert exc.value.code == "sign.cert_expired"


def test_same_file_refused(test_pki: PkiSet, sample_pdf: Path) -> None:
    with pytest.raises(AppError) as exc:
        sign_p12(sample_pdf, sample_pdf, test_pki)
    assert exc.value.code == "sign.same_file"


# --- certificates for "trust add" ------------------------------------------------------------


def test_load_certificate_pem_and_der(test_pki: PkiSet, tmp_path: Path) -> None:
    pem = tmp_path / "root.pem"
    pem.write_bytes(test_pki.root.cert_pem)
    der = tmp_path / "officer.cer"
    der.write_bytes(test_pki.officer.cert_der)
    root_info = signing.load_certificate(pem)
    der_bytes, subject, fingerprint, is_ca = root_info
    assert der_bytes == test_pki.root.cert_der and is_ca
    assert "TTHC Test Root CA" in subject
    assert fingerprint == hashlib.sha256(test_pki.root.cert_der).hexdigest()
    officer = signing.load_certificate(der)
    assert not officer.is_ca and "Nguyễn Văn An" in officer.subject
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(test_pki.root.cert_pem + test_pki.intermediate.cert_pem)
    assert len(signing.load_certificates(bundle)) == 2
    junk = tmp_path / "junk.cer"
    junk.write_bytes(b"hello")
    with pytest.raises(AppError) as exc:
        signing.load_certificate(junk)
    assert exc.value.code == "cert.unreadable"
    with pytest.raises(AppError) as exc:
        signing.load_certificate(tmp_path / "absent.pem")
    assert exc.value.code == "cert.not_found"


# --- PKCS#11 (SoftHSM2) ------------------------------------------------------------------------


@pytest.mark.softhsm
def test_token_lists_both_certificates_without_relying_on_labels(softhsm: SoftToken) -> None:
    public = signing.list_token_certificates(softhsm.module)
    assert len(public) == 2
    assert {c.key_id for c in public} == {"01", "02"}
    assert {c.label for c in public} == {"Chu ky so"}  # same label: useless for picking
    assert all(c.subject_cn == NAME and c.issuer_cn == "TTHC Test Issuing CA" for c in public)
    assert all(c.has_private_key is None for c in public)
    assert {c.serial for c in public} == {
        signing.cert_serial(softhsm.renewed.cert),
        signing.cert_serial(softhsm.old.cert),
    }
    assert public[0].key_id == "02"  # the one valid longest comes first
    assert all(c.not_before < c.not_after and c.can_sign for c in public)
    with_pin = signing.list_token_certificates(softhsm.module, softhsm.pin)
    assert all(c.has_private_key is True for c in with_pin)
    assert all(c.token_label == softhsm.label for c in with_pin)


@pytest.mark.softhsm
def test_sign_with_token_using_the_picked_certificate(
    softhsm: SoftToken, test_pki: PkiSet, sample_pdf: Path, tmp_path: Path
) -> None:
    choices = signing.list_token_certificates(softhsm.module)
    picked = next(c for c in choices if c.key_id == "01")  # the officer picks the older one
    source = signing.Pkcs11Source(
        softhsm.module, softhsm.pin, token_label=softhsm.label, key_id=picked.key_id
    )
    assert softhsm.pin not in repr(source)
    out = tmp_path / "token-signed.pdf"
    result = signing.sign_pdf(
        sample_pdf, out, source, signer_name=NAME, office=OFFICE, reason="Số hóa"
    )
    assert result.cert_sha256 == picked.sha256
    report = signing.verify_pdf(out, roots(test_pki))
    (sig,) = report.signatures
    assert report.summary_status == "valid"
    assert sig.serial == picked.serial and sig.signer_cn == NAME
    assert f"Người ký: {NAME}" in pdftotext(out)


@pytest.mark.softhsm
def test_token_errors(softhsm: SoftToken, sample_pdf: Path, tmp_path: Path) -> None:
    def sign(source: signing.SigningSource) -> None:
        signing.sign_pdf(
            sample_pdf, tmp_path / "o.pdf", source, signer_name=NAME, office=OFFICE, reason="r"
        )

    cases = {
        "sign.pin_wrong": signing.Pkcs11Source(
            softhsm.module, "000000", token_label=softhsm.label, key_id="02"
        ),
        "sign.cert_choice_required": signing.Pkcs11Source(
            softhsm.module, softhsm.pin, token_label=softhsm.label
        ),
        "sign.token_missing": signing.Pkcs11Source(
            softhsm.module, softhsm.pin, token_label="NO-SUCH-TOKEN", key_id="02"
        ),
        "sign.cert_not_found": signing.Pkcs11Source(
            softhsm.module, softhsm.pin, token_label=softhsm.label, key_id="7f"
        ),
        "sign.pkcs11_module_missing": signing.Pkcs11Source(
            tmp_path / "missing-module.so", softhsm.pin, key_id="02"
        ),
    }
    for code, source in cases.items():
        with pytest.raises(AppError) as exc:
            sign(source)
        assert exc.value.code == code, code
    assert not (tmp_path / "o.pdf").exists()
    with pytest.raises(AppError) as exc:
        signing.list_token_certificates(softhsm.module, "000000")
    assert exc.value.code == "sign.pin_wrong"


def test_error_codes_listed() -> None:
    source = Path(signing.__file__).read_text(encoding="utf-8")
    raised = set(re.findall(r'AppError\(\s*"([a-z0-9_.]+)"', source))
    assert raised <= set(signing.ERROR_CODES)


@pytest.mark.parametrize(
    ("raised", "code"),
    [
        ("FunctionCancelled", "sign.cancelled_on_token"),  # Cancel on the PIN pad
        ("FunctionRejected", "sign.cancelled_on_token"),  # "No" on the device
        ("PinIncorrect", "sign.pin_wrong"),
        ("PinLocked", "sign.pin_locked"),
        ("DeviceRemoved", "sign.token_missing"),
        ("GeneralError", "sign.token_error"),
    ],
)
def test_token_answers_become_messages(raised: str, code: str) -> None:
    """What python-pkcs11 raises for the token's return value (CKR_FUNCTION_CANCELED …)
    becomes a message saying what happened; a Cancel on the device is not a USB fault."""
    from pkcs11 import exceptions as px

    from tthc_desk.ui.messages import describe

    error = signing._pkcs11_error(getattr(px, raised)(), token_label="VNPT-CA")
    assert error.code == code
    text = describe(error)
    assert text and "{" not in text
    if code == "sign.cancelled_on_token":
        assert text.startswith("Đã hủy trên USB ký số") and "báo lỗi" not in text
