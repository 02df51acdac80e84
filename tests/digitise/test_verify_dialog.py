"""The verify dialog for each verdict of issue 11, on real signed files (screenshots are saved
to $TTHC_SCREENSHOTS when set): valid, changed after signing, expired, untrusted, weak, and
one of two signatures broken, and revoked (a CRL served on loopback)."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.support import pki, signed_pdfs
from tthc_desk.adapters import signing
from tthc_desk.ui.digitise_dialogs import VerifyDialog
from tthc_desk.ui.verify_text import when

SHOTS = Path(os.environ["TTHC_SCREENSHOTS"]) if os.environ.get("TTHC_SCREENSHOTS") else None


@pytest.fixture(scope="module")
def files(dpki, scan_pdf, tmp_path_factory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("verdicts")
    src = signing.Pkcs12Source(dpki.p12, dpki.passphrase)
    office = "UBND xã An Sơn"
    out: dict[str, Path] = {}

    def sign(s: Path, d: Path, source=src, **kw) -> Path:  # type: ignore[no-untyped-def]
        signing.sign_pdf(s, d, source, office=office, reason="Ký số", **kw)
        return d

    out["valid"] = sign(scan_pdf, base / "valid.pdf")
    form = signed_pdfs.form_pdf(base / "form.pdf", "le_phi", "50000")
    signed = sign(form, base / "result.pdf", purpose="result")
    signed_pdfs.change_field(signed, base / "changed.pdf", "le_phi", "5000000")
    out["changed"] = base / "changed.pdf"
    out["untrusted"] = sign(
        scan_pdf, base / "stranger.pdf", signing.Pkcs12Source(dpki.stranger_p12, dpki.passphrase)
    )
    signed_pdfs.sign_with_pyhanko(scan_pdf, base / "sha1.pdf", dpki.officer, md="sha1")
    out["weak"] = base / "sha1.pdf"
    two = sign(sign(scan_pdf, base / "one.pdf"), base / "two.pdf")
    signed_pdfs.break_last_signature(two, base / "one-broken.pdf")
    out["broken"] = base / "one-broken.pdf"
    ends = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=3)
    short = pki.issue_officer(dpki.intermediate, "Trần Văn Hạn", not_after=ends)
    (base / "short.p12").write_bytes(pki.to_pkcs12(short, "mk"))
    out["expired"] = sign(
        scan_pdf, base / "expired.pdf", signing.Pkcs12Source(base / "short.p12", "mk")
    )
    while dt.datetime.now(dt.UTC) <= ends + dt.timedelta(seconds=1):
        time.sleep(0.5)
    return out


@pytest.fixture(scope="module")
def revoked_file(scan_pdf, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Signed after the certificate was revoked; the CRL is served on 127.0.0.1 while the module
    runs (verification fetches it, as when online)."""
    base = tmp_path_factory.mktemp("revoked")
    crls = pki.LocalFiles()
    root = pki.make_ca("CA Gốc Thử nghiệm Thu hồi")
    inter = pki.make_ca("CA Trung gian Thu hồi", issuer=root, crl_url=crls.url("/root.crl"))
    officer = pki.issue_officer(
        inter, "Phạm Thị Thu", org="UBND xã An Sơn", crl_url=crls.url("/inter.crl")
    )
    crls.files["/root.crl"] = pki.make_crl(root)
    crls.files["/inter.crl"] = pki.make_crl(inter, (officer.cert,))
    (base / "r.p12").write_bytes(pki.to_pkcs12(officer, "mk"))
    signed = base / "revoked.pdf"
    signing.sign_pdf(
        scan_pdf,
        signed,
        signing.Pkcs12Source(base / "r.p12", "mk"),
        office="UBND xã An Sơn",
        reason="Ký số",
    )
    yield signed, root.cert_der
    crls.close()


CASES = {
    "valid": ["Hợp lệ", "Chữ ký 1: Hợp lệ", "Chữ ký hợp lệ: tài liệu còn nguyên vẹn"],
    "changed": [
        "Không hợp lệ",
        "Chữ ký 1: Có thay đổi sau khi ký",
        "Có thay đổi sau khi ký: lần sửa 3: sửa nội dung biểu mẫu (le_phi)",
        "Không dùng bản này. Xem bản đã ký",
    ],
    "expired": [
        "Chứng thư đã hết hạn",
        "Chữ ký 1: Chứng thư đã hết hạn",
        "chưa xét được: chứng thư ngoài thời hạn hiệu lực khi ký",
        "đã hết hạn ngày",
        "không có bằng chứng (dấu thời gian)",
        "Không thêm chứng thư này vào danh sách tin cậy",
    ],
    "untrusted": [
        "Chưa được tin cậy",
        "Chữ ký 1: Chưa được tin cậy",
        "Không nhập chứng thư riêng của người ký",
    ],
    "weak": [
        "Thuật toán yếu, không chấp nhận",
        "Chữ ký 1: Thuật toán yếu, không chấp nhận",
        "thuật toán băm yếu (SHA-1)",
        "không chấp nhận: thuật toán yếu",
        "ký lại bằng phần mềm ký số dùng SHA-256",
    ],
    "broken": [
        "Chữ ký 1: Hợp lệ",
        "Chữ ký 2: Hỏng",
        "Chữ ký hỏng: không đọc được dữ liệu của chữ ký này.",
    ],
    "revoked": [
        "Không hợp lệ: chứng thư đã bị thu hồi",
        "Chữ ký 1: Không hợp lệ: chứng thư đã bị thu hồi",
        "Chữ ký không còn giá trị: chứng thư đã bị thu hồi ngày",
        "không: chứng thư đã bị thu hồi",
        "Tình trạng thu hồi:",
        "không thêm chứng thư này vào danh sách tin cậy",
    ],
}
#: The report's headline (the overall verdict, by its true reason where it has one).
HEADINGS = {
    "valid": "Hợp lệ",
    "changed": "Không hợp lệ",
    "expired": "Chứng thư đã hết hạn",
    "untrusted": "Chưa được tin cậy",
    "weak": "Thuật toán yếu, không chấp nhận",
    "broken": "Không hợp lệ",
    "revoked": "Không hợp lệ: chứng thư đã bị thu hồi",
}
NEVER = {
    "expired": ["nhập chứng thư gốc", "Chưa được tin cậy"],  # no "trust it" for an expired one
    "weak": ["không thuộc chuỗi tin cậy", "Chưa được tin cậy"],
    "changed": ["Hỏng"],
    "broken": ["Tệp PDF", "asn1crypto", "Error"],
    "revoked": ["nhập chứng thư gốc", "chưa kiểm tra được", "Hỏng"],
}


@pytest.fixture
def vietnamese(qapp):  # type: ignore[no-untyped-def]
    """The app's translators, as at start-up (Qt's own buttons in Vietnamese too)."""
    from tthc_desk.ui.i18n import install_translators

    install_translators(qapp, "vi")
    yield
    for tr in list(i18n_installed()):
        qapp.removeTranslator(tr)


def i18n_installed():  # type: ignore[no-untyped-def]
    from tthc_desk.ui import i18n

    return i18n._installed


@pytest.mark.parametrize("case", list(CASES))
def test_verify_dialog_says_the_true_reason(
    qtbot, files, dpki, case, tmp_path, vietnamese, request
) -> None:  # type: ignore[no-untyped-def]
    if case == "revoked":
        path, root = request.getfixturevalue("revoked_file")
        report = signing.verify_pdf(path, [root], fetch=True)
    else:
        path = files[case]
        report = signing.verify_pdf(path, [dpki.root.cert_der])
    dialog = VerifyDialog(report, path.name)
    qtbot.addWidget(dialog)
    dialog.show()  # at the size it opens with in the app
    qtbot.waitExposed(dialog)
    text = dialog.text.toPlainText()
    heading = dialog.text.document().firstBlock().text()  # the report's headline
    assert heading == HEADINGS[case], (case, heading)
    for expected in CASES[case]:
        assert expected in text, (case, expected, text)
    if case == "revoked":  # the reason and the revocation row both give the date
        date = when(report.signatures[0].revoked_at)
        assert text.count(f"đã bị thu hồi ngày {date}") == 2, text
    for word in NEVER.get(case, []):
        assert word not in text, (case, word)
    # nothing cut off: the text wraps (no sideways scrolling), every button is inside the
    # dialog with its whole label, the close button speaks Vietnamese
    assert not dialog.text.horizontalScrollBar().isVisible()
    buttons = dialog.findChildren(QPushButton)
    assert "Đóng" in [b.text() for b in buttons]
    for b in buttons:
        assert dialog.rect().contains(b.geometry().translated(b.parentWidget().pos()))
        assert b.width() >= b.fontMetrics().horizontalAdvance(b.text())
    out = (SHOTS or tmp_path) / f"signing-verify-{case}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(out))


def test_view_the_signed_revision_from_the_dialog(qtbot, files, dpki, tmp_path) -> None:  # type: ignore[no-untyped-def]
    report = signing.verify_pdf(files["changed"], [dpki.root.cert_der])
    dialog = VerifyDialog(report, "changed.pdf")
    qtbot.addWidget(dialog)
    opened = []
    dialog.opener = opened.append
    button = dialog.findChild(QPushButton, "signedRevision1")
    assert button is not None and button.text() == "Xem bản đã ký (chữ ký 1)"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    (url,) = opened
    original = Path(url.toLocalFile())
    assert signing.verify_pdf(original, [dpki.root.cert_der]).reason == "valid"
