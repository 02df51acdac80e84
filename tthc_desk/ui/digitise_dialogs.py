"""Dialogs of the digitisation area: import files, scan, choose a signing key, signature report."""

from __future__ import annotations

import html
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.adapters import scanning
from tthc_desk.adapters.signing import (
    CertChoice,
    Pkcs11Source,
    Pkcs12Source,
    VerifyReport,
    list_token_certificates,
)
from tthc_desk.domain.enums import AttachmentRole, DocumentKind
from tthc_desk.domain.errors import AppError
from tthc_desk.services import documents as docs
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.messages import describe
from tthc_desk.ui.widgets import ErrorLabel

_CTX = "Digitise"

KIND_NAMES = {
    DocumentKind.ORIGINAL: QT_TRANSLATE_NOOP("Digitise", "Bản chính"),
    DocumentKind.CERTIFIED_COPY: QT_TRANSLATE_NOOP("Digitise", "Bản sao có chứng thực"),
    DocumentKind.COPY: QT_TRANSLATE_NOOP("Digitise", "Bản sao"),
    DocumentKind.FORM: QT_TRANSLATE_NOOP("Digitise", "Đơn, tờ khai"),
}

STATUS_NAMES = {
    "valid": QT_TRANSLATE_NOOP("Digitise", "Hợp lệ"),
    "broken": QT_TRANSLATE_NOOP("Digitise", "Không hợp lệ"),
    "untrusted": QT_TRANSLATE_NOOP("Digitise", "Chưa được tin cậy"),
    "no_signatures": QT_TRANSLATE_NOOP("Digitise", "Không có chữ ký số"),
}


def _pkcs11_modules() -> tuple[dict[str, object], ...]:
    """The token drivers of ``resources/signing/pkcs11-modules.json``, each with its source."""
    import json

    from tthc_desk.paths import resources_dir

    path = resources_dir() / "signing" / "pkcs11-modules.json"
    return tuple(json.loads(path.read_text(encoding="utf-8"))["modules"])


#: Where the PKCS#11 libraries of tokens used in Viet Nam usually are (Windows first): the
#: Government Cipher Committee's tokens (Ban Cơ yếu Chính phủ: SafeNet and Bit4id), VNPT,
#: Viettel, Bkav, FPT, ePass2003, CA2. Any other "*p11*"/"*pkcs11*" DLL in System32 is offered
#: as well (:func:`pkcs11_candidates`). Sources and how sure each name is: the data file.
PKCS11_MODULES = _pkcs11_modules()
COMMON_PKCS11 = tuple(str(m["path"]) for m in PKCS11_MODULES)


def pkcs11_candidates(extra_dirs: tuple[Path, ...] | None = None) -> list[str]:
    """Known token libraries that exist here, then other PKCS#11-looking DLLs in System32."""
    found = [p for p in COMMON_PKCS11 if Path(p).is_file()]
    dirs = extra_dirs
    if dirs is None:
        dirs = (Path(r"C:\Windows\System32"),) if sys.platform == "win32" else ()
    for folder in dirs:
        try:
            names = sorted(folder.iterdir())
        except OSError:
            continue
        for path in names:
            low = path.name.lower()
            if path.suffix.lower() in (".dll", ".so") and any(
                key in low for key in ("pkcs11", "p11", "csp11")
            ):
                if str(path) not in found:
                    found.append(str(path))
    return found


IMAGE_FILTER = "*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp *.gif"


def kind_name(kind: DocumentKind) -> str:
    return QCoreApplication.translate(_CTX, KIND_NAMES.get(kind, str(kind)))


def status_name(status: str) -> str:
    return QCoreApplication.translate(_CTX, STATUS_NAMES.get(status, status))


SIGNATURE_STATUS_NAMES = {
    "valid": QT_TRANSLATE_NOOP("Digitise", "Hợp lệ"),
    "broken": QT_TRANSLATE_NOOP("Digitise", "Hỏng"),
    "untrusted": QT_TRANSLATE_NOOP("Digitise", "Chưa được tin cậy"),
}


def signature_status_name(status: str) -> str:
    return QCoreApplication.translate(_CTX, SIGNATURE_STATUS_NAMES.get(status, status))


#: A signature's heading by its reason: the true reason, not only valid/broken/untrusted.
REASON_HEADINGS = {
    "modified": QT_TRANSLATE_NOOP("Digitise", "Có thay đổi sau khi ký"),
    "revoked": QT_TRANSLATE_NOOP("Digitise", "Không hợp lệ: chứng thư đã bị thu hồi"),
    "expired": QT_TRANSLATE_NOOP("Digitise", "Chứng thư đã hết hạn"),
    "not_yet_valid": QT_TRANSLATE_NOOP("Digitise", "Chứng thư chưa có hiệu lực"),
    "weak_algorithm": QT_TRANSLATE_NOOP("Digitise", "Thuật toán yếu, không chấp nhận"),
}


def reason_heading(reason: str, status: str) -> str:
    """The heading of one signature (or of the report, for these reasons)."""
    if reason in REASON_HEADINGS:
        return QCoreApplication.translate(_CTX, REASON_HEADINGS[reason])
    return signature_status_name(status)


class DocumentFields(QWidget):
    """Which document this is: dossier component (or the result), original/copy, title, expiry."""

    RESULT = -1

    def __init__(
        self, dossier: docs.DossierDocuments, parent: QWidget | None = None, *, ocr: bool = False
    ) -> None:
        super().__init__(parent)
        self.dossier = dossier
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.component = QComboBox(objectName="component")
        for r in dossier.required:
            self.component.addItem(r.name, r.id)
        self.component.addItem(self.tr("Kết quả giải quyết"), self.RESULT)
        self.component.addItem(self.tr("Giấy tờ khác"), None)
        self.kind = QComboBox(objectName="kind")
        for k in DocumentKind:
            self.kind.addItem(kind_name(k), k)
        self.title = QLineEdit(objectName="title")
        self.title.setPlaceholderText(self.tr("Để trống: dùng tên thành phần hồ sơ"))
        self.has_expiry = QCheckBox(self.tr("Có thời hạn đến"), objectName="hasExpiry")
        self.valid_until = QDateEdit(objectName="validUntil")
        self.valid_until.setCalendarPopup(True)
        self.valid_until.setDisplayFormat("dd/MM/yyyy")
        self.valid_until.setDate(QDate.currentDate().addYears(5))
        self.valid_until.setEnabled(False)
        self.has_expiry.toggled.connect(self.valid_until.setEnabled)
        expiry = QHBoxLayout()
        expiry.addWidget(self.has_expiry)
        expiry.addWidget(self.valid_until, 1)
        self.ocr = QCheckBox(self.tr("Nhận dạng chữ (tạo PDF tìm kiếm được)"), objectName="ocr")
        self.ocr.setChecked(ocr)
        form.addRow(self.tr("Thành phần hồ sơ:"), self.component)
        form.addRow(self.tr("Loại giấy tờ:"), self.kind)
        form.addRow(self.tr("Tên tài liệu:"), self.title)
        form.addRow(self.tr("Hiệu lực:"), expiry)
        form.addRow("", self.ocr)
        self.component.currentIndexChanged.connect(self._component_changed)
        self._component_changed()

    def _component_changed(self) -> None:
        data = self.component.currentData()
        for r in self.dossier.required:
            if r.id == data:
                self.kind.setCurrentIndex(list(DocumentKind).index(r.kind))

    def values(self) -> dict[str, object]:
        data = self.component.currentData()
        is_result = data == self.RESULT
        return {
            "title": self.title.text(),
            "kind": self.kind.currentData(),
            "role": AttachmentRole.RESULT if is_result else AttachmentRole.INTAKE,
            "required_document_id": data if isinstance(data, int) and data > 0 else None,
            "valid_until": self.valid_until.date().toPython()
            if self.has_expiry.isChecked()
            else None,
            "ocr": self.ocr.isChecked(),
        }


class ImportDialog(QDialog):
    """Choose files (PDF or page images) and say what they are; several images may be joined."""

    def __init__(
        self,
        dossier: docs.DossierDocuments,
        files: list[Path] | None = None,
        parent: QWidget | None = None,
        *,
        ocr: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Nhập tệp vào hồ sơ {code}").format(code=dossier.code))
        self.dossier = dossier
        self.files = QListWidget(objectName="files")
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        add = QPushButton(self.tr("Thêm tệp…"), objectName="addFiles")
        add.clicked.connect(self._choose)
        remove = QPushButton(self.tr("Bỏ tệp đã chọn"), objectName="removeFiles")
        remove.clicked.connect(self._remove)
        self.join = QCheckBox(
            self.tr("Ghép các ảnh thành một tài liệu nhiều trang"), objectName="join"
        )
        self.join.setChecked(True)
        self.fields = DocumentFields(dossier, self, ocr=ocr)
        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Lưu vào hồ sơ"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Tệp PDF hoặc ảnh trang (JPEG, PNG, TIFF):")))
        lay.addWidget(self.files)
        lay.addLayout(row)
        lay.addWidget(self.join)
        lay.addWidget(self.fields)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(560, 520)
        for f in files or []:
            self.add_file(Path(f))

    def add_file(self, path: Path) -> None:
        item_text = str(path)
        if not self.files.findItems(item_text, Qt.MatchFlag.MatchExactly):
            self.files.addItem(item_text)

    def _choose(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Chọn tệp"),
            "",
            self.tr("PDF và ảnh ({patterns})").format(patterns=IMAGE_FILTER),
        )
        for n in names:
            self.add_file(Path(n))

    def _remove(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def commands(self) -> list[docs.RegisterCommand]:
        """One command per document: PDFs alone; images joined, or one per image."""
        paths = self.paths()
        if not paths:
            raise AppError("document.no_files")
        values = self.fields.values()
        pdfs = [p for p in paths if p.suffix.lower() in docs.PDF_SUFFIXES]
        images = [p for p in paths if p not in pdfs]
        groups: list[tuple[Path, ...]] = [(p,) for p in pdfs]
        if images:
            groups += [tuple(images)] if self.join.isChecked() else [(p,) for p in images]
        return [
            docs.RegisterCommand(self.dossier.id, g, **values)  # type: ignore[arg-type]
            for g in groups
        ]

    def _accept(self) -> None:
        try:
            self.commands()
        except AppError as exc:
            self.error.show_error(exc)
            return
        self.accept()


class ScanDialog(QDialog):
    """Scan directly: device, pages, resolution, colour mode, and what the document is."""

    def __init__(
        self,
        ctx: AppContext,
        dossier: docs.DossierDocuments,
        parent: QWidget | None = None,
        *,
        ocr: bool = False,
        scanner: scanning.Scanner | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.dossier, self.scanner = ctx, dossier, scanner
        self.setObjectName("scanDialog")
        self.setWindowTitle(self.tr("Quét vào hồ sơ {code}").format(code=dossier.code))
        self.device = QComboBox(objectName="device")
        self.refresh = QPushButton(self.tr("Tìm máy quét"), objectName="findScanners")
        self.refresh.clicked.connect(self.load_devices)
        self.resolution = QComboBox(objectName="resolution")
        for dpi in (150, 200, 300, 400, 600):
            self.resolution.addItem(self.tr("{dpi} dpi").format(dpi=dpi), dpi)
        self.resolution.setCurrentIndex(2)
        self.mode = QComboBox(objectName="mode")
        self.mode.addItem(self.tr("Màu"), "Color")
        self.mode.addItem(self.tr("Xám"), "Gray")
        self.mode.addItem(self.tr("Đen trắng"), "Lineart")
        self.pages = QSpinBox(objectName="pages")
        self.pages.setRange(0, 500)
        self.pages.setValue(1)
        self.pages.setSpecialValueText(self.tr("Đến hết giấy trong khay"))
        self.fields = DocumentFields(dossier, self, ocr=ocr)
        self.error = ErrorLabel(self)
        dev_row = QHBoxLayout()
        dev_row.addWidget(self.device, 1)
        dev_row.addWidget(self.refresh)
        form = QFormLayout()
        form.addRow(self.tr("Máy quét:"), dev_row)
        form.addRow(self.tr("Số trang:"), self.pages)
        form.addRow(self.tr("Độ phân giải:"), self.resolution)
        form.addRow(self.tr("Chế độ màu:"), self.mode)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Quét"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.fields)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.load_devices()

    def load_devices(self) -> None:
        self.refresh.setEnabled(False)
        self.error.clear_error()
        self.ctx.runner.submit(
            docs.list_scanners,
            self.scanner,
            on_done=self._show_devices,
            on_error=self._devices_failed,
            lane="files",
        )

    def _show_devices(self, devices: list[scanning.ScanDevice]) -> None:
        self.refresh.setEnabled(True)
        self.device.clear()
        for d in devices:
            label = " ".join(x for x in (d.vendor, d.model) if x) or d.name
            self.device.addItem(f"{label} ({d.name})", d.name)
        if not devices:
            self.error.show_error(
                self.tr("Không tìm thấy máy quét nào. Hãy bật máy quét rồi bấm «Tìm máy quét».")
            )

    def _devices_failed(self, error: BaseException) -> None:
        self.refresh.setEnabled(True)
        self.error.show_error(error)

    def command(self) -> docs.ScanCommand:
        device = self.device.currentData()
        if not device:
            raise AppError("scan.device_not_found", device="")
        settings = scanning.ScanSettings(
            resolution=int(self.resolution.currentData()),
            mode=self.mode.currentData(),
            pages=self.pages.value() or None,
        )
        return docs.ScanCommand(self.dossier.id, device, settings, **self.fields.values())  # type: ignore[arg-type]

    def _accept(self) -> None:
        try:
            self.command()
        except AppError as exc:
            self.error.show_error(exc)
            return
        self.accept()


class SignDialog(QDialog):
    """Choose the key: a certificate file (PKCS#12) or a USB token (PKCS#11, PIN every time)."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        parent: QWidget | None = None,
        *,
        library: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("signDialog")
        self.setWindowTitle(title)
        self.tabs = QTabWidget(objectName="keyTabs")
        # token
        token = QWidget()
        tf = QFormLayout(token)
        self.library = QComboBox(objectName="library")
        self.library.setEditable(True)
        seen = []
        for lib in (library, *pkcs11_candidates()):
            if lib and lib not in seen:
                seen.append(lib)
                self.library.addItem(lib)
        if not seen:
            self.library.setEditText("")
        browse_lib = QPushButton(self.tr("Chọn…"), objectName="browseLibrary")
        browse_lib.clicked.connect(self._browse_library)
        lib_row = QHBoxLayout()
        lib_row.addWidget(self.library, 1)
        lib_row.addWidget(browse_lib)
        self.pin = QLineEdit(objectName="pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("Nhập mỗi lần ký, không được lưu lại"))
        self.read_certs = QPushButton(self.tr("Đọc chứng thư trên USB"), objectName="readCerts")
        self.read_certs.clicked.connect(self.load_certificates)
        self.certs = QComboBox(objectName="certificates")
        tf.addRow(self.tr("Thư viện PKCS#11:"), lib_row)
        tf.addRow(self.tr("Mã PIN:"), self.pin)
        tf.addRow("", self.read_certs)
        tf.addRow(self.tr("Chứng thư ký:"), self.certs)
        # file
        p12 = QWidget()
        pf = QFormLayout(p12)
        self.p12_path = QLineEdit(objectName="p12Path")
        browse = QPushButton(self.tr("Chọn…"), objectName="browseP12")
        browse.clicked.connect(self._browse_p12)
        p12_row = QHBoxLayout()
        p12_row.addWidget(self.p12_path, 1)
        p12_row.addWidget(browse)
        self.passphrase = QLineEdit(objectName="passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        pf.addRow(self.tr("Tệp chứng thư (.p12, .pfx):"), p12_row)
        pf.addRow(self.tr("Mật khẩu tệp:"), self.passphrase)
        self.tabs.addTab(token, self.tr("USB ký số (PKCS#11)"))
        self.tabs.addTab(p12, self.tr("Tệp chứng thư (PKCS#12)"))
        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Ký số"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(560, 300)
        self._choices: list[CertChoice] = []

    def _browse_library(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Chọn thư viện PKCS#11 của USB ký số"),
            "",
            self.tr("Thư viện ({patterns})").format(
                patterns="*.dll" if sys.platform == "win32" else "*.so *.dylib"
            ),
        )
        if name:
            self.library.setEditText(name)

    def _browse_p12(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Chọn tệp chứng thư"),
            "",
            self.tr("Chứng thư ({patterns})").format(patterns="*.p12 *.pfx"),
        )
        if name:
            self.p12_path.setText(name)

    def load_certificates(self) -> None:
        """List the token's certificates (with the PIN, so keys are seen) for the officer to pick."""
        self.error.clear_error()
        self.read_certs.setEnabled(False)
        self.ctx.runner.submit(
            list_token_certificates,
            self.library.currentText().strip(),
            self.pin.text() or None,
            on_done=self._show_certificates,
            on_error=self._certs_failed,
            lane="files",
        )

    def _certs_failed(self, error: BaseException) -> None:
        self.read_certs.setEnabled(True)
        self.error.show_error(error)

    def _show_certificates(self, choices: list[CertChoice]) -> None:
        self.read_certs.setEnabled(True)
        self._choices = [c for c in choices if c.can_sign]
        self.certs.clear()
        for c in self._choices:
            self.certs.addItem(
                self.tr("{name} — cấp bởi {issuer}, hạn đến {until}").format(
                    name=c.subject_cn, issuer=c.issuer_cn, until=c.not_after.strftime("%d/%m/%Y")
                ),
                c.key_id,
            )
        if not self._choices:
            self.error.show_error(self.tr("USB ký số không có chứng thư nào dùng để ký được."))

    def source(self) -> docs.SigningSource:
        if self.tabs.currentIndex() == 0:
            lib = self.library.currentText().strip()
            if not lib:
                raise AppError("sign.pkcs11_module_missing", lib_path="")
            choice = next((c for c in self._choices if c.key_id == self.certs.currentData()), None)
            if not self.pin.text() and not (choice and choice.pin_pad):
                raise AppError("sign.pin_required")
            return Pkcs11Source(
                Path(lib),
                self.pin.text(),
                token_label=choice.token_label if choice else None,
                slot=choice.slot if choice else None,
                key_id=choice.key_id if choice else None,
            )
        path = self.p12_path.text().strip()
        if not path:
            raise AppError("sign.pkcs12_not_found", path="")
        return Pkcs12Source(Path(path), self.passphrase.text())

    def forget_secrets(self) -> None:
        """Clear the PIN and passphrase from the widgets once the key has been used."""
        self.pin.clear()
        self.passphrase.clear()

    def _accept(self) -> None:
        try:
            self.source()
        except AppError as exc:
            self.error.show_error(exc)
            return
        self.accept()


class VerifyDialog(QDialog):
    """Each signature on its own: its reason, later changes, advice; revocation said plainly."""

    def __init__(self, report: VerifyReport, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyDialog")
        self.setWindowTitle(self.tr("Kiểm tra chữ ký số — {title}").format(title=title))
        self.report = report
        from PySide6.QtGui import QDesktopServices

        self.opener = QDesktopServices.openUrl  # how the signed revision is shown (a viewer)
        self.text = QTextBrowser(objectName="report")
        self.text.setHtml(self.report_html(report))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.signed_buttons: list[QPushButton] = []
        for i, sig in enumerate(report.signatures, 1):
            if not sig.changes or sig.reason == "unreadable":
                continue
            button = QPushButton(
                self.tr("Xem bản đã ký (chữ ký {n})").format(n=i), objectName=f"signedRevision{i}"
            )
            button.clicked.connect(lambda _=False, f=sig.field_name: self.view_signed(f))
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            self.signed_buttons.append(button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text)
        lay.addWidget(buttons)
        self.resize(640, 560)

    def signed_revision_path(self, field_name: str) -> Path:
        """Write the revision a signature covers to a temporary file and return its path."""
        import tempfile

        from tthc_desk.adapters.signing import extract_signed_revision

        folder = Path(tempfile.mkdtemp(prefix="tthc-signed-"))
        return extract_signed_revision(self.report.path, field_name, folder / "ban-da-ky.pdf")

    def view_signed(self, field_name: str) -> None:
        from PySide6.QtCore import QUrl

        try:
            path = self.signed_revision_path(field_name)
        except AppError as exc:
            self.text.append(html.escape(describe(exc)))
            return
        self.opener(QUrl.fromLocalFile(str(path)))

    def report_html(self, report: VerifyReport) -> str:
        """The signature report as simple HTML, in the UI language."""
        from tthc_desk.ui.verify_text import (
            advice_text,
            changes_text,
            reason_text,
            revocation_note,
            revocation_text,
            when,
        )

        yes, no = self.tr("có"), self.tr("không")
        colour = {"valid": "#1b5e20", "untrusted": "#8a6d00", "broken": "#b00020"}
        headline = status_name(report.summary_status)
        if report.reason in ("revoked", "expired", "not_yet_valid", "weak_algorithm"):
            headline = reason_heading(report.reason, report.summary_status)
        parts = [
            "<h3 style='color:{c}'>{t}</h3>".format(
                c=colour.get(report.summary_status, "#333"), t=headline
            )
        ]
        if report.encrypted:
            parts.append(
                "<p>"
                + self.tr("Tệp có mật khẩu chủ sở hữu; chữ ký vẫn được kiểm tra bình thường.")
                + "</p>"
            )
        if not report.signatures:
            parts.append("<p>" + self.tr("Tệp này không có chữ ký số nào.") + "</p>")
        for i, sig in enumerate(report.signatures, 1):
            parts.append(
                "<h4 style='color:{c}'>{head}</h4>".format(
                    c=colour.get(sig.status, "#333"),
                    head=self.tr("Chữ ký {n}: {status}").format(
                        n=i, status=reason_heading(sig.reason, sig.status)
                    ),
                )
            )
            parts.append(
                "<p style='color:{c}'><b>{r}</b></p>".format(
                    c=colour.get(sig.status, "#333"), r=html.escape(reason_text(sig))
                )
            )
            if sig.reason != "unreadable":
                valid_value = yes if sig.valid else no
                trusted_value = yes if sig.trusted else no
                if sig.reason == "weak_algorithm":
                    valid_value = self.tr("không chấp nhận: thuật toán yếu")
                    trusted_value = self.tr("chưa xét được: thuật toán yếu")
                elif sig.reason == "revoked":
                    trusted_value = self.tr("không: chứng thư đã bị thu hồi")
                elif sig.reason in ("expired", "not_yet_valid") and not sig.trusted:
                    trusted_value = self.tr(
                        "chưa xét được: chứng thư ngoài thời hạn hiệu lực khi ký"
                    )
                rows = [(self.tr("Người ký"), html.escape(sig.signer_cn))]
                if sig.title:
                    rows.append((self.tr("Chức danh"), html.escape(sig.title)))
                if sig.organisation:
                    rows.append((self.tr("Cơ quan, tổ chức"), html.escape(sig.organisation)))
                rows += [
                    (
                        self.tr("Cấp bởi"),
                        self.tr("{issuer} (số hiệu {serial})").format(
                            issuer=html.escape(sig.issuer_cn), serial=sig.serial
                        ),
                    ),
                    (
                        self.tr("Hiệu lực chứng thư"),
                        self.tr("từ {start} đến {end}").format(
                            start=when(sig.not_before, seconds=False),
                            end=when(sig.not_after, seconds=False),
                        ),
                    ),
                    (
                        self.tr("Thời điểm ký (theo máy của người ký)"),
                        when(sig.signing_time) or self.tr("không rõ"),
                    ),
                    (
                        self.tr("Dấu thời gian"),
                        when(sig.timestamp_time) if sig.timestamp_time else self.tr("không có"),
                    ),
                    (self.tr("Nguyên vẹn, không bị sửa sau khi ký"), yes if sig.intact else no),
                    (self.tr("Chữ ký đúng về mật mã"), valid_value),
                    (self.tr("Chứng thư thuộc gốc tin cậy của cơ quan"), trusted_value),
                    (self.tr("Tình trạng thu hồi"), html.escape(revocation_text(sig))),
                ]
                parts.append("<table cellspacing='2'>")
                for label, value in rows:
                    parts.append(f"<tr><td><b>{label}:</b></td><td>{value}</td></tr>")
                parts.append("</table>")
            later = changes_text(sig, harmful_only=False)
            if later:
                parts.append(
                    "<p>"
                    + self.tr("Các lần sửa sau khi ký:")
                    + "</p><ul>"
                    + "".join(f"<li>{html.escape(c)}</li>" for c in later)
                    + "</ul>"
                )
            advice = advice_text(sig.reason)
            if advice:
                parts.append(
                    "<p><b>" + self.tr("Nên làm:") + "</b> " + html.escape(advice) + "</p>"
                )
        note = revocation_note(report)
        if note:  # information, not a failure
            parts.append("<p><i>" + html.escape(note) + "</i></p>")
        return "".join(parts)


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    """Put plain text rows into a read-only table."""
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            item = QTableWidgetItem(v)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(r, c, item)


def today() -> date:
    return QDate.currentDate().toPython()
