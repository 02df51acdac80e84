"""Each wrong verdict of issue 11, with real signatures from a real chain (root, intermediate,
officer; a local RFC 3161 TSA on loopback; a certificate that expires during the test)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader, PdfWriter

from tests.support import pki, signed_pdfs
from tthc_desk.adapters import signing
from tthc_desk.commands.verify import format_report
from tthc_desk.domain.errors import AppError
from tthc_desk.ui.verify_text import EXIT_CODES, exit_code

if TYPE_CHECKING:
    from conftest import PkiSet

OFFICE = "UBND xã Hòa Bình"


@pytest.fixture(scope="module")
def tsa(test_pki: PkiSet):
    """A time stamp authority on 127.0.0.1 with a certificate from the test chain."""
    cert = pki.issue_officer(test_pki.intermediate, "TSA Thử nghiệm", time_stamping=True)
    server = pki.LocalTsa(cert)
    yield server
    server.close()


@pytest.fixture(scope="module")
def form_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A result with a form field (the fee), as a form filled by the office would have."""
    return signed_pdfs.form_pdf(tmp_path_factory.mktemp("form") / "ket-qua.pdf")


def p12_of(issued: pki.Issued, tmp_path: Path, name: str = "k.p12") -> signing.Pkcs12Source:
    path = tmp_path / name
    path.write_bytes(pki.to_pkcs12(issued, "mk"))
    return signing.Pkcs12Source(path, "mk")


def sign(src: Path, dst: Path, source: signing.SigningSource, **kw) -> signing.SignResult:
    kw.setdefault("office", OFFICE)
    kw.setdefault("reason", "Ký số kết quả")
    return signing.sign_pdf(src, dst, source, **kw)


def report_text(report: signing.VerifyReport) -> str:
    return "\n".join(format_report(report))


def no_library_english(text: str) -> None:
    for word in ("Traceback", "Error", "asn1crypto", "ValueError", "Unable to", "failed"):
        assert word not in text


def pdfsig(path: Path) -> str:
    if shutil.which("pdfsig") is None:
        pytest.skip("poppler-utils (pdfsig) is not installed")
    done = subprocess.run(["pdfsig", str(path)], capture_output=True, check=False)
    return done.stdout.decode("utf-8", "replace")


# --- 1. what is signed stays signed ------------------------------------------------------------


def test_result_is_certified_no_changes_and_a_changed_field_is_named(
    test_pki: PkiSet, form_pdf: Path, tmp_path: Path
) -> None:
    signed = tmp_path / "signed.pdf"
    result = sign(
        form_pdf, signed, signing.Pkcs12Source(test_pki.p12, test_pki.passphrase), purpose="result"
    )
    assert result.certified and result.locked
    report = signing.verify_pdf(signed, [test_pki.root.cert_der])
    (sig,) = report.signatures
    assert sig.is_certification and report.reason == "valid" and exit_code(report) == 0

    changed = tmp_path / "changed.pdf"
    signed_pdfs.change_field(signed, changed, "le_phi", "5000000")
    report = signing.verify_pdf(changed, [test_pki.root.cert_der])
    (sig,) = report.signatures
    assert report.summary_status == "broken" and sig.reason == "modified"
    assert [(c.kind, c.fields) for c in sig.changes] == [("form_filling", ("le_phi",))]
    assert not sig.intact and exit_code(report) == EXIT_CODES["modified"] == 3
    text = report_text(report)
    assert "Có thay đổi sau khi ký: lần sửa 3: sửa nội dung biểu mẫu (le_phi)" in text
    assert "--ban-da-ky 1" in text

    # the signed revision ("xem bản đã ký") is the document as signed, and it verifies
    original = signing.extract_signed_revision(changed, sig.field_name, tmp_path / "ban-da-ky.pdf")
    assert original.read_bytes() == signed.read_bytes()
    assert PdfReader(str(original)).get_fields()["le_phi"]["/V"] == "50000"
    assert signing.verify_pdf(original, [test_pki.root.cert_der]).reason == "valid"


def test_a_file_certified_with_no_changes_cannot_be_signed_again(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path
) -> None:
    source = signing.Pkcs12Source(test_pki.p12, test_pki.passphrase)
    copy = tmp_path / "copy.pdf"
    assert sign(sample_pdf, copy, source, purpose="certified_copy").locked
    with pytest.raises(AppError) as err:
        sign(copy, tmp_path / "again.pdf", source, purpose="scan")
    assert err.value.code == "sign.locked"


def test_a_scan_with_a_form_changed_later_is_not_intact(
    test_pki: PkiSet, form_pdf: Path, tmp_path: Path
) -> None:
    """An approval signature (no DocMDP) still names a later form change."""
    signed = tmp_path / "scan.pdf"
    sign(form_pdf, signed, signing.Pkcs12Source(test_pki.p12, test_pki.passphrase), purpose="scan")
    changed = tmp_path / "changed.pdf"
    signed_pdfs.change_field(signed, changed, "le_phi", "0")
    report = signing.verify_pdf(changed, [test_pki.root.cert_der])
    assert report.signatures[0].reason == "modified"
    assert report.signatures[0].modified_after_signing == "form_filling"


@pytest.mark.parametrize(
    ("purpose", "change", "kind", "words"),
    [
        ("scan", "note", "annotations", "thêm hoặc sửa chú thích, ghi chú trên trang"),
        ("scan", "content", "other", "thay đổi nội dung hoặc cấu trúc tài liệu"),
        ("result", "note", None, "lần sửa"),  # certified, no changes allowed: any note counts
    ],
)
def test_a_note_or_new_content_after_signing_is_named(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path, purpose, change, kind, words
) -> None:  # type: ignore[no-untyped-def]
    """Every later revision is described: a sticky note (annotation) or content drawn over the
    page; the verdict is "có thay đổi sau khi ký", exit 3, and the signed revision verifies."""
    signed = tmp_path / "signed.pdf"
    sign(
        sample_pdf, signed, signing.Pkcs12Source(test_pki.p12, test_pki.passphrase), purpose=purpose
    )
    changed = tmp_path / "changed.pdf"
    if change == "note":
        signed_pdfs.add_note(signed, changed, "Đã sửa phí")
    else:
        signed_pdfs.stamp_over(signed, changed, "LE PHI: 0 DONG")
    report = signing.verify_pdf(changed, [test_pki.root.cert_der])
    (sig,) = report.signatures
    assert sig.reason == "modified" and not sig.intact, sig
    harmful = [c for c in sig.changes if c.kind not in ("signature", "timestamp")]
    assert harmful, sig.changes
    if kind is not None:
        assert [c.kind for c in harmful] == [kind]
    assert exit_code(report) == 3
    text = report_text(report)
    assert "Có thay đổi sau khi ký" in text and words in text
    no_library_english(text)
    original = signing.extract_signed_revision(changed, sig.field_name, tmp_path / "ban-da-ky.pdf")
    assert signing.verify_pdf(original, [test_pki.root.cert_der]).reason == "valid"


# --- 2. each signature on its own --------------------------------------------------------------


def test_one_broken_signature_does_not_hide_the_other(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path
) -> None:
    source = signing.Pkcs12Source(test_pki.p12, test_pki.passphrase)
    one, two = tmp_path / "one.pdf", tmp_path / "two.pdf"
    sign(sample_pdf, one, source, purpose="scan")
    sign(one, two, source, purpose="scan")
    broken = tmp_path / "broken.pdf"
    signed_pdfs.break_last_signature(two, broken)

    report = signing.verify_pdf(broken, [test_pki.root.cert_der])
    first, second = report.signatures
    assert first.reason == "valid" and first.status == "valid"
    assert second.reason == "unreadable" and second.status == "broken"
    assert report.summary_status == "broken" and exit_code(report) == 4
    text = report_text(report)
    assert "Chữ ký 1: HỢP LỆ" in text and "Chữ ký 2: HỎNG" in text
    assert "Chữ ký hỏng: không đọc được dữ liệu của chữ ký này." in text
    no_library_english(text)
    assert "Signature #2" in pdfsig(broken)  # pdfsig lists both as well


def test_owner_password_pdf_is_verified_and_signed_when_permitted(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path
) -> None:
    locked = tmp_path / "owner-only.pdf"
    writer = PdfWriter(clone_from=PdfReader(str(sample_pdf)))
    writer.encrypt("", "chu-so-huu", permissions_flag=0xFFFFFFFC, algorithm="AES-128")
    with locked.open("wb") as fh:
        writer.write(fh)
    signed = tmp_path / "signed.pdf"
    sign(locked, signed, signing.Pkcs12Source(test_pki.p12, test_pki.passphrase), purpose="scan")
    report = signing.verify_pdf(signed, [test_pki.root.cert_der])
    assert report.encrypted and report.reason == "valid"
    assert "Signature is Valid." in pdfsig(signed)

    no_sign = tmp_path / "no-sign.pdf"
    writer = PdfWriter(clone_from=PdfReader(str(sample_pdf)))
    writer.encrypt("", "chu-so-huu", permissions_flag=0xFFFFF0C4 & ~(32 | 256))
    with no_sign.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(AppError) as err:
        sign(no_sign, tmp_path / "x.pdf", signing.Pkcs12Source(test_pki.p12, test_pki.passphrase))
    assert err.value.code == "sign.not_permitted"


# --- 3. time and validity ----------------------------------------------------------------------


def test_timestamped_signature_accepted_by_pdfsig_and_pyhanko(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path, tsa: pki.LocalTsa
) -> None:
    signed = tmp_path / "ts.pdf"
    before = tsa.requests
    result = sign(
        sample_pdf,
        signed,
        signing.Pkcs12Source(test_pki.p12, test_pki.passphrase),
        purpose="scan",
        tsa_url=tsa.url,
    )
    assert result.timestamped and tsa.requests - before >= 2  # signature + document timestamp
    report = signing.verify_pdf(signed, [test_pki.root.cert_der])
    (sig,) = report.signatures
    assert sig.reason == "valid_timestamped" and sig.timestamp_time is not None
    assert {c.kind for c in sig.changes} <= {"timestamp"} and sig.changes
    assert exit_code(report) == 0
    out = pdfsig(signed)
    assert out.count("Signature is Valid.") >= 1 and "ETSI.CAdES.detached" in out

    # pyHanko's own validator, with the same trust
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    with signed.open("rb") as fh:
        emb = PdfFileReader(fh).embedded_regular_signatures[0]
        status = validate_pdf_signature(
            emb, ValidationContext(trust_roots=signing._to_asn1([test_pki.root.cert_der]))
        )
        assert status.bottom_line and status.timestamp_validity.trusted


def test_revocation_data_fetched_makes_a_long_term_signature(
    sample_pdf: Path, tmp_path: Path
) -> None:
    """A chain whose CRLs are published (on loopback): signing online embeds them in a DSS
    (PAdES B-LT) before the document timestamp; pyHanko validates the signature from the
    embedded data with fetching off, and our verify says valid at the time of signing."""
    crls = pki.LocalFiles()
    try:
        root = pki.make_ca("CA Gốc Thử nghiệm LT")
        inter = pki.make_ca("CA Trung gian LT", issuer=root, crl_url=crls.url("/root.crl"))
        officer = pki.issue_officer(inter, "Phạm Thị Lan", crl_url=crls.url("/inter.crl"))
        tsa_cert = pki.issue_officer(
            inter, "TSA LT", time_stamping=True, crl_url=crls.url("/inter.crl")
        )
        crls.files["/root.crl"] = pki.make_crl(root)
        crls.files["/inter.crl"] = pki.make_crl(inter)
        tsa = pki.LocalTsa(tsa_cert)
        try:
            (tmp_path / "k.p12").write_bytes(pki.to_pkcs12(officer, "mk"))
            signed = tmp_path / "lt.pdf"
            result = sign(
                sample_pdf,
                signed,
                signing.Pkcs12Source(tmp_path / "k.p12", "mk"),
                tsa_url=tsa.url,
            )
        finally:
            tsa.close()
        assert result.timestamped and result.long_term
        assert {"/root.crl", "/inter.crl"} <= set(crls.requests)
    finally:
        crls.close()

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    with signed.open("rb") as fh:
        reader = PdfFileReader(fh)
        dss = reader.root["/DSS"]
        assert len(dss["/CRLs"]) >= 2 and len(dss["/Certs"]) >= 2
        emb = reader.embedded_regular_signatures[0]
        vc = ValidationContext(
            trust_roots=signing._to_asn1([root.cert_der]),
            allow_fetching=False,  # the CRL server is gone: only the embedded data can answer
            revocation_mode="hard-fail",
            crls=[c.dump() for c in _dss_crls(dss)],
        )
        status = validate_pdf_signature(emb, vc)
        assert status.bottom_line, status.pretty_print_details()
    report = signing.verify_pdf(signed, [root.cert_der])
    assert report.reason == "valid_timestamped" and exit_code(report) == 0
    assert "Signature is Valid." in pdfsig(signed)


def _dss_crls(dss) -> list:  # type: ignore[no-untyped-def]
    from asn1crypto import crl as acrl

    return [acrl.CertificateList.load(ref.get_object().data) for ref in dss["/CRLs"]]


# --- revocation (CRL on loopback; the chain's CRL distribution points name it) ---------------


@pytest.fixture
def revoking_chain():  # type: ignore[no-untyped-def]
    """A root, an intermediate and two officers whose CRLs are served on 127.0.0.1; the
    intermediate's CRL lists ``revoked`` (revoked five minutes ago); a TSA of the same chain."""
    crls = pki.LocalFiles()
    root = pki.make_ca("CA Gốc Thu hồi")
    inter = pki.make_ca("CA Trung gian Thu hồi", issuer=root, crl_url=crls.url("/root.crl"))
    revoked = pki.issue_officer(inter, "Phạm Thị Thu", crl_url=crls.url("/inter.crl"))
    good = pki.issue_officer(inter, "Lê Văn Còn", crl_url=crls.url("/inter.crl"))
    crls.files["/root.crl"] = pki.make_crl(root)
    crls.files["/inter.crl"] = pki.make_crl(inter, (revoked.cert,))
    tsa = pki.LocalTsa(
        pki.issue_officer(inter, "TSA Thu hồi", time_stamping=True, crl_url=crls.url("/inter.crl"))
    )
    yield {"crls": crls, "root": root, "inter": inter, "revoked": revoked, "good": good, "tsa": tsa}
    tsa.close()
    crls.close()


def test_a_certificate_revoked_before_signing_is_revoked_with_its_date(
    revoking_chain, sample_pdf: Path, tmp_path: Path
) -> None:
    """Signed (with a trusted timestamp) after the certificate was revoked: online, the CRL
    from loopback names the revocation and its date, exit 10; offline with no revocation data
    in the file the verdict stands but says that revocation was not checked (information)."""
    chain = revoking_chain
    signed = tmp_path / "revoked.pdf"
    result = sign(sample_pdf, signed, p12_of(chain["revoked"], tmp_path), tsa_url=chain["tsa"].url)
    assert result.timestamped and not result.long_term  # no B-LT for a revoked certificate

    report = signing.verify_pdf(signed, [chain["root"].cert_der], fetch=True)
    (sig,) = report.signatures
    assert sig.reason == "revoked" and sig.status == "broken" and not sig.trusted
    assert sig.revocation_reason == "revoked" and sig.revoked_at is not None
    assert sig.revoked_at < sig.timestamp_time  # type: ignore[operator]
    assert exit_code(report) == EXIT_CODES["revoked"] == 10
    text = report_text(report)
    date = signing_time_text(sig.revoked_at)
    assert f"chứng thư đã bị thu hồi ngày {date}" in text
    assert "Chữ ký 1: KHÔNG HỢP LỆ (CHỨNG THƯ ĐÃ BỊ THU HỒI)" in text
    assert "Kết luận: KHÔNG HỢP LỆ (chứng thư đã bị thu hồi)" in text
    assert "không thêm chứng thư này vào danh sách tin cậy" in text
    assert "chưa kiểm tra được" not in text
    no_library_english(text)
    assert "/inter.crl" in chain["crls"].requests

    # offline, the file carries no revocation data: not checked, said as information
    offline = signing.verify_pdf(signed, [chain["root"].cert_der])
    (sig,) = offline.signatures
    assert sig.reason == "valid_timestamped" and exit_code(offline) == 0
    assert not sig.revocation_checked and sig.revocation_reason == "offline"
    text = report_text(offline)
    assert "Tình trạng thu hồi: chưa kiểm tra được tình trạng thu hồi" in text
    assert "Đây là thông tin, không phải lỗi của chữ ký" in text


def test_a_certificate_not_revoked_is_valid_and_checked_from_the_file(
    revoking_chain, sample_pdf: Path, tmp_path: Path
) -> None:
    """Valid, not revoked: online it is checked against the CRL; the B-LT file carries the CRLs,
    so with the CRL server gone and fetching off it is still checked (from the file)."""
    chain = revoking_chain
    signed = tmp_path / "good.pdf"
    result = sign(sample_pdf, signed, p12_of(chain["good"], tmp_path), tsa_url=chain["tsa"].url)
    assert result.long_term
    online = signing.verify_pdf(signed, [chain["root"].cert_der], fetch=True)
    assert online.reason == "valid_timestamped" and online.revocation_checked
    assert exit_code(online) == 0
    chain["crls"].close()
    report = signing.verify_pdf(signed, [chain["root"].cert_der])
    (sig,) = report.signatures
    assert sig.reason == "valid_timestamped" and exit_code(report) == 0
    assert sig.revocation_checked and sig.revocation_reason == "checked" and sig.revoked_at is None
    text = report_text(report)
    assert "Tình trạng thu hồi: đã kiểm tra (danh sách thu hồi hoặc OCSP): chưa bị thu hồi" in text
    assert "Lưu ý: chưa kiểm tra được" not in text


def test_revoked_after_the_proven_signing_time_stays_valid(
    revoking_chain, sample_pdf: Path, tmp_path: Path
) -> None:
    """Signed with a timestamp, revoked afterwards: valid at the time of signing, and the
    revocation date is shown. (The CRL is unpublished while signing, so the file carries no
    older CRL that would still answer: pyHanko fetches only what it lacks.)"""
    chain = revoking_chain
    signed = tmp_path / "later.pdf"
    del chain["crls"].files["/inter.crl"]
    result = sign(sample_pdf, signed, p12_of(chain["good"], tmp_path), tsa_url=chain["tsa"].url)
    assert result.timestamped and not result.long_term
    time.sleep(1.5)
    later = dt.datetime.now(dt.UTC).replace(microsecond=0)
    chain["crls"].files["/inter.crl"] = pki.make_crl(
        chain["inter"], (chain["good"].cert,), revoked_on=later
    )
    report = signing.verify_pdf(signed, [chain["root"].cert_der], fetch=True)
    (sig,) = report.signatures
    assert sig.reason == "valid_timestamped" and exit_code(report) == 0, report_text(report)
    assert sig.revoked_at == later
    assert f"bị thu hồi ngày {signing_time_text(later)}, sau thời điểm ký" in report_text(report)


def signing_time_text(value: dt.datetime | None) -> str:
    from tthc_desk.ui.verify_text import when

    return when(value)


def test_unreachable_tsa_signs_offline_and_says_so(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path
) -> None:
    result = sign(
        sample_pdf,
        tmp_path / "o.pdf",
        signing.Pkcs12Source(test_pki.p12, test_pki.passphrase),
        tsa_url="http://127.0.0.1:9/tsa",
    )
    assert result.timestamped is False
    assert signing.verify_pdf(tmp_path / "o.pdf", [test_pki.root.cert_der]).reason == "valid"


def test_certificate_expiring_during_the_test(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path, tsa: pki.LocalTsa
) -> None:
    """Signed while valid: with a timestamp it stays valid at the time of signing; without,
    it is "expired on DATE with no proof of signing time" (not "untrusted")."""
    ends = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=8)
    short = pki.issue_officer(test_pki.intermediate, "Trần Văn Hạn", not_after=ends)
    source = p12_of(short, tmp_path)
    with_ts, without = tmp_path / "with-ts.pdf", tmp_path / "without.pdf"
    sign(sample_pdf, with_ts, source, tsa_url=tsa.url)
    sign(sample_pdf, without, source)
    while dt.datetime.now(dt.UTC) <= ends + dt.timedelta(seconds=1):
        time.sleep(0.5)

    report = signing.verify_pdf(with_ts, [test_pki.root.cert_der])
    assert report.reason == "valid_timestamped" and exit_code(report) == 0

    report = signing.verify_pdf(without, [test_pki.root.cert_der])
    (sig,) = report.signatures
    assert sig.reason == "expired" and sig.status == "untrusted" and exit_code(report) == 5
    text = report_text(report)
    date = ends.astimezone(signing.OFFICE_TZ).strftime("%d/%m/%Y")
    assert f"đã hết hạn ngày {date} và không có bằng chứng" in text
    assert "Không thêm chứng thư này vào danh sách tin cậy" in text
    assert "nhập chứng thư gốc" not in text  # never "trust it" for an expired one

    # trusting the expired leaf itself does not make it valid
    assert signing.verify_pdf(without, [short.cert_der]).reason == "expired"


def test_not_yet_valid_certificate(test_pki: PkiSet, sample_pdf: Path, tmp_path: Path) -> None:
    later = pki.issue_officer(
        test_pki.intermediate,
        "Phạm Văn Sớm",
        not_before=dt.datetime.now(dt.UTC) + dt.timedelta(days=2),
    )
    out = tmp_path / "early.pdf"
    signed_pdfs.sign_with_pyhanko(sample_pdf, out, later)
    report = signing.verify_pdf(out, [test_pki.root.cert_der])
    assert report.reason == "not_yet_valid" and exit_code(report) == 6
    assert "chưa có hiệu lực vào thời điểm ký" in report_text(report)


def test_sha1_signature_is_weak_not_untrusted(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sha1.pdf"
    signed_pdfs.sign_with_pyhanko(sample_pdf, out, test_pki.officer, md="sha1")
    report = signing.verify_pdf(out, [test_pki.root.cert_der])
    (sig,) = report.signatures
    assert sig.reason == "weak_algorithm" and exit_code(report) == 7
    text = report_text(report)
    assert "thuật toán băm yếu (SHA-1)" in text and "không thuộc chuỗi tin cậy" not in text


def test_untrusted_signer_advice_is_to_load_the_ca_root_not_the_leaf(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path
) -> None:
    out = tmp_path / "la.pdf"
    sign(sample_pdf, out, signing.Pkcs12Source(test_pki.stranger_p12, test_pki.passphrase))
    report = signing.verify_pdf(out, [test_pki.root.cert_der])
    assert report.reason == "untrusted" and exit_code(report) == 8
    assert "Không nhập chứng thư riêng của người ký" in report_text(report)


# --- 4. who signs ------------------------------------------------------------------------------


def test_stamp_names_the_certificate_holder_in_office_time(
    test_pki: PkiSet, sample_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.setenv("TZ", "America/New_York")  # the PC's zone is not the office's
    if hasattr(time, "tzset"):
        time.tzset()
    holder = pki.issue_officer(
        test_pki.intermediate,
        "Nguyễn Thị Hằng",
        title="Công chức Tư pháp - Hộ tịch",
        uid="CCCD:001190001234",
        serial=0x00_01_02_03,
    )
    out = tmp_path / "s.pdf"
    result = sign(sample_pdf, out, p12_of(holder, tmp_path), signer_name="Lê Văn Tư")
    try:
        text = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, check=True
        ).stdout.decode()
    finally:
        monkeypatch.delenv("TZ")
        if hasattr(time, "tzset"):
            time.tzset()
    assert "Người ký: Nguyễn Thị Hằng" in text and "Lê Văn Tư" not in text
    assert "Chức danh: Công chức Tư pháp - Hộ tịch" in text
    assert "+07:00" in text and result.signed_at.utcoffset() == dt.timedelta(hours=7)
    assert result.signer_personal_ids == ("CCCD:001190001234",)
    assert result.cert_serial == "010203"  # whole bytes, leading zero kept
    report = signing.verify_pdf(out, [test_pki.root.cert_der])
    (sig,) = report.signatures
    assert sig.title == "Công chức Tư pháp - Hộ tịch" and sig.serial == "010203"
    assert "Chức danh: Công chức Tư pháp - Hộ tịch" in report_text(report)
    with out.open("rb") as fh:
        from pyhanko.pdf_utils.reader import PdfFileReader

        emb = PdfFileReader(fh).embedded_regular_signatures[0]
        assert str(emb.sig_object["/Name"]) == "Nguyễn Thị Hằng"
    del os


# --- 6. tokens as they are in communes -----------------------------------------------------------


def test_empty_pin_needs_a_pin_pad_token(softhsm, sample_pdf: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """SoftHSM2 has no protected authentication path: an empty PIN is asked for, not sent."""
    (choice, *_) = signing.list_token_certificates(softhsm.module, softhsm.pin)
    assert choice.pin_pad is False
    source = signing.Pkcs11Source(softhsm.module, "", token_label=softhsm.label, key_id="02")
    with pytest.raises(AppError) as err:
        sign(sample_pdf, tmp_path / "x.pdf", source)
    assert err.value.code == "sign.pin_required"
    # with the PIN the same token signs, and the stamp names the certificate's holder
    source = signing.Pkcs11Source(
        softhsm.module, softhsm.pin, token_label=softhsm.label, key_id="02"
    )
    result = sign(sample_pdf, tmp_path / "t.pdf", source, signer_name="Người Khác")
    assert result.signer_cn == "Nguyễn Văn An"


def test_pin_pad_token_logs_in_without_a_typed_pin(softhsm) -> None:  # type: ignore[no-untyped-def]
    """The decision for a token with CKF_PROTECTED_AUTHENTICATION_PATH (a PIN pad, or the
    driver's own PIN dialog): no typed PIN -> C_Login without a PIN (python-pkcs11's
    PROTECTED_AUTH). SoftHSM2 cannot set that flag, so the pad token is a stand-in carrying
    only the flags; the session-open call itself runs on the real SoftHSM2 token."""
    import pkcs11
    from pkcs11 import PROTECTED_AUTH, TokenFlag

    class PadToken:  # what C_GetTokenInfo reports for a PIN-pad token
        flags = TokenFlag.TOKEN_INITIALIZED | TokenFlag.PROTECTED_AUTHENTICATION_PATH

    pad = PadToken()
    assert signing.has_pin_pad(pad)
    assert signing.login_pin("", pad) is PROTECTED_AUTH  # the token asks for the PIN itself
    assert signing.login_pin("123456", pad) == "123456"  # a typed PIN is still used

    lib = pkcs11.lib(str(softhsm.module))
    token = lib.get_token(token_label=softhsm.label)
    assert not signing.has_pin_pad(token)
    with pytest.raises(AppError) as err:
        signing.login_pin("", token)
    assert err.value.code == "sign.pin_required"
    # the normal path: the typed PIN opens a logged-in session that sees the private keys
    with token.open(user_pin=signing.login_pin(softhsm.pin, token)) as session:
        keys = list(session.get_objects({pkcs11.Attribute.CLASS: pkcs11.ObjectClass.PRIVATE_KEY}))
        assert keys
    # and python-pkcs11 sends the PIN-less login only to a token that has the flag: the
    # decision above is what keeps SoftHSM2 (and any token without a pad) from getting it
    with pytest.raises(pkcs11.exceptions.ArgumentsBad):
        token.open(user_pin=PROTECTED_AUTH)
    # the choice shown to the officer carries the flag, so the dialog lets the PIN be empty
    choices = signing.list_token_certificates(softhsm.module, token_label=softhsm.label)
    assert choices and not any(c.pin_pad for c in choices)


def _elf32(path: Path) -> Path:
    header = b"\x7fELF" + bytes([1, 1, 1]) + bytes(9) + (3).to_bytes(2, "little")
    path.write_bytes(header + (3).to_bytes(2, "little") + bytes(200))
    return path


def _pe32(path: Path) -> Path:
    data = bytearray(512)
    data[0:2] = b"MZ"
    data[0x3C:0x40] = (0x80).to_bytes(4, "little")
    data[0x80:0x84] = b"PE\0\0"
    data[0x80 + 24 : 0x80 + 26] = (0x10B).to_bytes(2, "little")  # PE32 optional header
    path.write_bytes(bytes(data))
    return path


def test_a_32_bit_token_driver_gets_a_message_that_says_so(tmp_path: Path) -> None:
    from tthc_desk.ui.messages import describe

    for lib in (_elf32(tmp_path / "libgca32.so"), _pe32(tmp_path / "gca_csp11.dll")):
        assert signing.module_bits(lib) == 32
        with pytest.raises(AppError) as err:
            signing.list_token_certificates(lib)
        assert err.value.code == "sign.pkcs11_module_bits"
        text = describe(err.value)
        assert "32-bit" in text and "64-bit" in text and str(lib) in text
    module = pki.find_softhsm_module()
    if module is not None:
        assert signing.module_bits(module) == 64


def test_module_list_offers_the_drivers_found_in_system32(tmp_path: Path) -> None:
    from tthc_desk.paths import resources_dir
    from tthc_desk.ui.digitise_dialogs import COMMON_PKCS11, PKCS11_MODULES, pkcs11_candidates

    # Ban Cơ yếu's tokens: SafeNet (eTPKCS11) and Bit4id (bit4xpki), named in a province's guide
    cipher = {
        Path(str(m["path"]).replace("\\", "/")).name for m in PKCS11_MODULES if m["ban_co_yeu"]
    }
    assert {"eTPKCS11.dll", "bit4xpki.dll"} <= cipher
    for name in ("vnpt-ca_csp11.dll", "BkavCA.dll", "eps2003csp11.dll", "viettel-ca_v4.dll",
                 "fpt-ca.dll"):  # fmt: skip
        assert any(p.endswith(name) for p in COMMON_PKCS11)
    # every driver says where its name comes from and how sure that is
    data = json.loads((resources_dir() / "signing" / "pkcs11-modules.json").read_text("utf-8"))
    for m in PKCS11_MODULES:
        assert m["status"] in ("vendor_docs", "third_party_code", "unverified"), m
        assert m["sources"] and all(s in data["sources"] for s in m["sources"]), m
    for src in data["sources"].values():
        assert src["url"].startswith("https://") and src["title"]
    assert str(COMMON_PKCS11[0]).endswith("eTPKCS11.dll")  # Windows, the commune's usual PC, first
    (tmp_path / "GCA_pkcs11.dll").write_bytes(b"MZ")
    (tmp_path / "notepad.dll").write_bytes(b"MZ")
    found = pkcs11_candidates((tmp_path,))
    assert str(tmp_path / "GCA_pkcs11.dll") in found
    assert str(tmp_path / "notepad.dll") not in found
