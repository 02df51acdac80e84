"""Số hóa: open a dossier, its documents with preview, reuse, the scan-folder inbox, the store
check and the office's trusted certificates."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.enums import Role
from tthc_desk.domain.errors import AppError
from tthc_desk.services import documents as docs
from tthc_desk.services import scan_inbox
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.digitise_dialogs import ImportDialog, fill_table
from tthc_desk.ui.documents_panel import DocumentsPanel
from tthc_desk.ui.messages import describe
from tthc_desk.ui.pdf_preview import PdfPreview
from tthc_desk.ui.reuse_panel import ReusePanel
from tthc_desk.ui.tasks import TaskHandle
from tthc_desk.ui.widgets import ErrorLabel, read_only_table


def _size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    return f"{max(1, n // 1024)} KB"


# ================================================================================ scan inbox


class InboxPanel(QWidget):
    """Finished scans waiting in the office's scan folder, offered to the open dossier."""

    sig_changed = Signal()
    """The list of waiting files changed (emitted from the watcher's thread, queued here)."""
    sig_attached = Signal(object)
    """A waiting file became a document of the open dossier (its ``DocumentView``)."""

    settle_seconds = 2.0  # a file must stay unchanged this long before it is offered

    def __init__(self, page: DigitisePage) -> None:
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        self.setObjectName("inboxPanel")
        self.inbox: scan_inbox.ScanInbox | None = None
        self.folder_label = QLabel(objectName="scanFolder")
        self.folder_label.setWordWrap(True)
        self.choose_btn = QPushButton(self.tr("Chọn thư mục quét…"), objectName="chooseFolder")
        self.choose_btn.setEnabled(self.ctx.user.role is Role.ADMIN)
        self.choose_btn.clicked.connect(self._choose_folder)
        self.table = read_only_table(
            [self.tr("Tệp"), self.tr("Dung lượng"), self.tr("Nhận lúc")], "inboxTable", 0
        )
        self.attach_btn = QPushButton(
            self.tr("Đính kèm vào hồ sơ đang mở…"), objectName="attachScan"
        )
        self.dismiss_btn = QPushButton(self.tr("Bỏ qua tệp này"), objectName="dismissScan")
        self.refresh_btn = QPushButton(self.tr("Làm mới"), objectName="refreshInbox")
        self.attach_btn.clicked.connect(self.attach_selected)
        self.dismiss_btn.clicked.connect(self._dismiss)
        self.refresh_btn.clicked.connect(self.refresh)
        self.error = ErrorLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.choose_btn)
        row = QHBoxLayout()
        for b in (self.attach_btn, self.dismiss_btn, self.refresh_btn):
            row.addWidget(b)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(
            QLabel(
                self.tr(
                    "Máy quét lưu tệp vào thư mục quét; phần mềm chờ tệp ghi xong rồi mới đưa "
                    "vào danh sách dưới đây. Tệp tạm và tệp không phải PDF, ảnh được bỏ qua."
                ),
                wordWrap=True,
            )
        )
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        self.rejected = QLabel(objectName="rejectedScans")
        self.rejected.setWordWrap(True)
        self.rejected.setStyleSheet("color: #8a6d00;")
        lay.addWidget(self.rejected)
        lay.addWidget(self.error)
        self.files: list[scan_inbox.InboxFile] = []
        self.sig_changed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.ctx.runner.submit(
            scan_inbox.get_scan_folder,
            self.ctx.db,
            on_done=self.watch,
            on_error=self.error.show_error,
        )

    def watch(self, folder: Path | None, *, background: bool = True) -> None:
        """Start watching ``folder`` (stop the previous one)."""
        self.stop()
        if folder is None:
            self.folder_label.setText(
                self.tr(
                    "Chưa chọn thư mục quét. Quản trị viên chọn thư mục mà máy quét lưu tệp vào."
                )
            )
            self._show()
            return
        self.folder_label.setText(self.tr("Thư mục quét: {folder}").format(folder=folder))
        self.inbox = scan_inbox.ScanInbox(
            folder, self.sig_changed.emit, settle_seconds=self.settle_seconds
        )
        inbox = self.inbox
        self.destroyed.connect(lambda *_a: inbox.stop())
        if background:
            try:
                self.inbox.start()
            except Exception as exc:  # noqa: BLE001 - a missing share is shown, not raised
                self.error.show_error(exc)
        self._show()

    def stop(self) -> None:
        if self.inbox is not None:
            self.inbox.stop()
            self.inbox = None

    def refresh(self) -> None:
        if self.inbox is not None:
            try:
                self.inbox.poll_once()
            except Exception as exc:  # noqa: BLE001
                self.error.show_error(exc)
        self._show()

    def _show(self) -> None:
        self.files = self.inbox.pending() if self.inbox else []
        fill_table(
            self.table,
            [[f.name, _size(f.size), f.arrived_at.strftime("%H:%M:%S %d/%m")] for f in self.files],
        )
        if self.files and not self.table.selectedItems():
            self.table.selectRow(0)
        rejected = self.inbox.rejected() if self.inbox else []
        self.rejected.setText(
            "\n".join(describe(AppError(code, **params)) for _p, code, params in rejected)
        )
        self.rejected.setVisible(bool(rejected))
        has = bool(self.files)
        self.attach_btn.setEnabled(has)
        self.dismiss_btn.setEnabled(has)
        self.page.set_inbox_count(len(self.files))

    def current(self) -> scan_inbox.InboxFile | None:
        rows = {i.row() for i in self.table.selectedItems()}
        row = min(rows) if rows else -1
        return self.files[row] if 0 <= row < len(self.files) else None

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục quét"))
        if not folder:
            return
        self.ctx.runner.submit(
            scan_inbox.set_scan_folder,
            self.ctx.db,
            self.ctx.actor,
            folder,
            on_done=lambda _r: self.watch(Path(folder)),
            on_error=self.error.show_error,
        )

    def _dismiss(self) -> None:
        f = self.current()
        if f is not None and self.inbox is not None:
            self.inbox.dismiss(f.path)

    def attach_selected(self) -> ImportDialog | None:
        """Ask what the file is, then register it into the open dossier."""
        f = self.current()
        dossier = self.page.documents.dossier
        if f is None:
            return None
        if dossier is None:
            self.error.show_error(self.tr("Hãy mở hồ sơ cần đính kèm trước (ô «Mã hồ sơ»)."))
            return None
        dlg = ImportDialog(dossier, [f.path], self, ocr=self.page.documents.ocr)
        dlg.setWindowTitle(self.tr("Đính kèm tệp quét vào hồ sơ {code}").format(code=dossier.code))
        dlg.accepted.connect(lambda: self.attach(f.path, dlg.commands()[0]))
        dlg.open()
        return dlg

    def attach(self, path: Path, command: docs.RegisterCommand) -> TaskHandle:
        self.error.clear_error()
        return self.ctx.runner.submit(
            scan_inbox.attach_inbox_file,
            self.ctx.db,
            self.ctx.actor,
            path,
            command,
            inbox=self.inbox,
            on_done=self._attached,
            on_error=self.error.show_error,
            lane="files",
        )

    def _attached(self, view: docs.DocumentView) -> None:
        self._show()
        self.page.documents.reload()
        self.sig_attached.emit(view)


# ================================================================================ store check


class StoreCheckPanel(QWidget):
    """Kiểm tra kho tệp: re-hash every stored file, list the missing and the altered ones."""

    sig_checked = Signal(object)
    """The check finished (its ``FilesCheck``)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("storeCheckPanel")
        self.task: TaskHandle | None = None
        self.check_btn = QPushButton(self.tr("Kiểm tra kho tệp"), objectName="checkStore")
        self.cancel_btn = QPushButton(self.tr("Hủy"), objectName="cancelCheck")
        self.cancel_btn.setEnabled(False)
        self.check_btn.clicked.connect(self.start)
        self.cancel_btn.clicked.connect(self.cancel)
        self.progress = QProgressBar(objectName="checkProgress")
        self.summary = QLabel(
            self.tr("Đối chiếu mọi tệp trong kho với mã băm SHA-256 đã lưu khi số hóa."),
            objectName="checkSummary",
        )
        self.summary.setWordWrap(True)
        self.table = read_only_table(
            [self.tr("Tình trạng"), self.tr("Tài liệu"), self.tr("Hồ sơ"), self.tr("Mã băm")],
            "problemsTable",
        )
        self.error = ErrorLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.check_btn)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_btn)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Kho tệp: {path}").format(path=ctx.db.files_dir())))
        lay.addLayout(row)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.error)

    def start(self) -> TaskHandle:
        self.error.clear_error()
        self.check_btn.setEnabled(False)
        self.cancel_btn.setEnabled(True)
        self.progress.setRange(0, 0)
        handle = self.ctx.runner.submit(
            _check_task, self.ctx.db, on_done=self._done, on_error=self._failed, lane="files"
        )
        if not handle.done:
            self.task = handle
            handle.sig_progress.connect(self._progress)
        return handle

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _finish(self) -> None:
        self.task = None
        self.check_btn.setEnabled(True)
        self.cancel_btn.setEnabled(False)
        self.progress.setRange(0, 1)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.error.show_error(error)

    def _done(self, report: docs.FilesCheck) -> None:
        self._finish()
        self.progress.setValue(1)
        if report.all_ok:
            text = self.tr("Đã kiểm tra {n} tệp: tất cả đầy đủ và nguyên vẹn.").format(
                n=report.checked
            )
            self.summary.setStyleSheet("color: #1b5e20; font-weight: 600;")
        else:
            text = self.tr(
                "Đã kiểm tra {n} tệp: {missing} tệp bị mất, {altered} tệp bị thay đổi. "
                "Hãy khôi phục các tệp này từ bản sao lưu."
            ).format(n=report.checked, missing=len(report.missing), altered=len(report.altered))
            self.summary.setStyleSheet("color: #b00020; font-weight: 600;")
        if report.orphans:
            text += " " + self.tr("Có {n} tệp trong kho không thuộc tài liệu nào (vô hại).").format(
                n=report.orphans
            )
        self.summary.setText(text)
        rows = [
            [label, "; ".join(p.titles), ", ".join(p.dossier_codes), p.sha256]
            for label, problems in (
                (self.tr("Mất tệp"), report.missing),
                (self.tr("Bị thay đổi"), report.altered),
            )
            for p in problems
        ]
        fill_table(self.table, rows)
        self.sig_checked.emit(report)


def _check_task(db, task=None):  # type: ignore[no-untyped-def]
    return docs.check_files(
        db, progress=task.progress if task else None, cancelled=task.cancelled if task else None
    )


# ================================================================================ trust


class TrustPanel(QWidget):
    """Chứng thư tin cậy: the roots and intermediates signatures must chain to (admin edits)."""

    sig_changed = Signal()
    """The list was reloaded after a change."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("trustPanel")
        self.rows: list[docs.TrustedView] = []
        self.table = read_only_table(
            [
                self.tr("Chủ thể"),
                self.tr("Loại"),
                self.tr("Dấu vân tay SHA-256"),
                self.tr("Người thêm"),
                self.tr("Ngày thêm"),
            ],
            "trustTable",
        )
        self.add_btn = QPushButton(self.tr("Thêm chứng thư…"), objectName="addTrusted")
        self.add_folder_btn = QPushButton(
            self.tr("Thêm cả thư mục…"), objectName="addTrustedFolder"
        )
        self.remove_btn = QPushButton(self.tr("Bỏ chứng thư"), objectName="removeTrusted")
        admin = ctx.user.role is Role.ADMIN
        self.add_btn.setEnabled(admin)
        self.add_folder_btn.setEnabled(admin)
        self.remove_btn.setEnabled(admin)
        self.add_btn.clicked.connect(self._choose)
        self.add_folder_btn.clicked.connect(self._choose_folder)
        self.remove_btn.clicked.connect(self._confirm_remove)
        self.error = ErrorLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.add_btn)
        row.addWidget(self.add_folder_btn)
        row.addWidget(self.remove_btn)
        row.addStretch(1)
        # the time stamp authority (RFC 3161): optional, used when the PC is online
        self.tsa = QLineEdit(objectName="tsaUrl")
        self.tsa.setPlaceholderText(
            self.tr("ví dụ http://tsa.ca.gov.vn (để trống: ký ngoại tuyến)")
        )
        self.tsa.setEnabled(admin)
        self.tsa_save = QPushButton(self.tr("Lưu"), objectName="saveTsa")
        self.tsa_save.setEnabled(admin)
        self.tsa_save.clicked.connect(self.save_tsa)
        self.tsa.returnPressed.connect(self.save_tsa)
        tsa_row = QHBoxLayout()
        tsa_row.addWidget(QLabel(self.tr("Máy chủ cấp dấu thời gian:")))
        tsa_row.addWidget(self.tsa, 1)
        tsa_row.addWidget(self.tsa_save)
        # the seal image of the commune's organisation signature on results
        self.seal_label = QLabel(objectName="sealState")
        self.seal_btn = QPushButton(self.tr("Chọn ảnh con dấu…"), objectName="chooseSeal")
        self.seal_btn.setEnabled(admin)
        self.seal_btn.clicked.connect(self._choose_seal)
        tsa_row.addSpacing(12)
        tsa_row.addWidget(self.seal_label)
        tsa_row.addWidget(self.seal_btn)
        lay = QVBoxLayout(self)
        lay.addWidget(
            QLabel(
                self.tr(
                    "Chữ ký số chỉ được coi là tin cậy khi chứng thư của người ký thuộc chuỗi của "
                    "một chứng thư dưới đây (chứng thư gốc, trung gian của tổ chức cung cấp dịch "
                    "vụ chứng thực chữ ký số)."
                ),
                wordWrap=True,
            )
        )
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addLayout(tsa_row)
        if not admin:
            lay.addWidget(QLabel(self.tr("Chỉ quản trị viên được thêm hoặc bỏ chứng thư tin cậy.")))
        lay.addWidget(self.error)
        self.reload()
        self.ctx.runner.submit(
            docs.tsa_url, self.ctx.db, on_done=self.tsa.setText, on_error=self.error.show_error
        )
        self.ctx.runner.submit(
            docs.seal_image, self.ctx.db, on_done=self._show_seal, on_error=self.error.show_error
        )

    def _show_seal(self, data: bytes | None) -> None:
        self.seal_label.setText(
            self.tr("Con dấu: đã có ảnh") if data else self.tr("Con dấu: chưa có ảnh")
        )

    def _choose_seal(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn ảnh con dấu của cơ quan"), "", self.tr("Ảnh (*.png *.jpg *.jpeg)")
        )
        if name:
            self.set_seal(Path(name))

    def set_seal(self, path: Path | None) -> TaskHandle:
        self.error.clear_error()
        return self.ctx.runner.submit(
            docs.set_seal_image,
            self.ctx.db,
            self.ctx.actor,
            path,
            on_done=self._show_seal,
            on_error=self.error.show_error,
        )

    def save_tsa(self) -> TaskHandle:
        self.error.clear_error()
        return self.ctx.runner.submit(
            docs.set_tsa_url,
            self.ctx.db,
            self.ctx.actor,
            self.tsa.text(),
            on_done=self.tsa.setText,
            on_error=self.error.show_error,
        )

    def _choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục chứng thư"))
        if name:
            self.add(Path(name))

    def reload(self) -> None:
        self.ctx.runner.submit(
            docs.list_trusted, self.ctx.db, on_done=self._show, on_error=self.error.show_error
        )

    def _show(self, rows: list[docs.TrustedView]) -> None:
        self.rows = list(rows)
        fill_table(
            self.table,
            [
                [
                    r.subject,
                    self.tr("CA") if r.is_ca else self.tr("Người dùng"),
                    r.sha256[:24] + "…",
                    r.added_by or self.tr("dòng lệnh"),
                    r.added_at.strftime("%d/%m/%Y"),
                ]
                for r in self.rows
            ],
        )
        self.sig_changed.emit()

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Chọn tệp chứng thư"),
            "",
            self.tr("Chứng thư ({patterns})").format(
                patterns="*.pem *.crt *.cer *.der *.p7b *.p7c"
            ),
        )
        if name:
            self.add(Path(name))

    def add(self, path: Path) -> TaskHandle:
        self.error.clear_error()
        return self.ctx.runner.submit(
            docs.add_trusted,
            self.ctx.db,
            self.ctx.actor,
            path,
            on_done=lambda _r: self.reload(),
            on_error=self.error.show_error,
        )

    def _confirm_remove(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        if not rows:
            return
        row = self.rows[min(rows)]
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Bỏ chứng thư tin cậy"),
            self.tr(
                "Bỏ «{subject}» khỏi danh sách tin cậy? Chữ ký theo chuỗi này sẽ không còn "
                "được coi là tin cậy."
            ).format(subject=row.subject),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.accepted.connect(lambda: self.remove(row.id))
        box.open()

    def remove(self, trusted_id: int) -> TaskHandle:
        return self.ctx.runner.submit(
            docs.remove_trusted,
            self.ctx.db,
            self.ctx.actor,
            trusted_id,
            on_done=lambda _r: self.reload(),
            on_error=self.error.show_error,
        )


# ================================================================================ search


class SearchPanel(QWidget):
    """Tìm tài liệu: by a word in the title or in the scanned (OCR) text, diacritics optional."""

    sig_open_dossier = Signal(str)
    """Open the dossier with this code (double click on a result)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("searchPanel")
        self.rows: list[docs.FoundDocument] = []
        self.query = QLineEdit(objectName="documentQuery")
        self.query.setPlaceholderText(
            self.tr("Từ trong tên hoặc nội dung tài liệu, ví dụ: khai sinh Nguyễn Thị Bình")
        )
        self.query.returnPressed.connect(self.search)
        self.find_btn = QPushButton(self.tr("Tìm"), objectName="findDocuments")
        self.find_btn.clicked.connect(self.search)
        self.table = read_only_table(
            [
                self.tr("Tài liệu"),
                self.tr("Người nộp"),
                self.tr("Hồ sơ"),
                self.tr("Ngày lưu"),
                self.tr("Đoạn có từ cần tìm"),
            ],
            "foundDocuments",
            stretch=4,
        )
        self.table.cellDoubleClicked.connect(self._open)
        self.count = QLabel(objectName="foundCount")
        self.error = ErrorLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.find_btn)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.count)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.error)

    def search(self) -> TaskHandle:
        self.error.clear_error()
        return self.ctx.runner.submit(
            docs.search_documents,
            self.ctx.db,
            self.query.text(),
            on_done=self._show,
            on_error=self.error.show_error,
        )

    def _show(self, rows: list[docs.FoundDocument]) -> None:
        self.rows = list(rows)
        self.count.setText(self.tr("Tìm thấy {n} tài liệu.").format(n=len(self.rows)))
        fill_table(
            self.table,
            [
                [
                    r.title,
                    " · ".join(x for x in (r.applicant_name, r.personal_id or "") if x),
                    ", ".join(r.dossiers),
                    r.registered_at.strftime("%d/%m/%Y"),
                    r.snippet,
                ]
                for r in self.rows
            ],
        )

    def _open(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.rows) and self.rows[row].dossiers:
            self.sig_open_dossier.emit(self.rows[row].dossiers[-1])


# ================================================================================ the page


class DigitisePage(QWidget):
    """The "Số hóa" area."""

    sig_dossier_opened = Signal(object)
    """A dossier was opened (its ``DossierDocuments``)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("digitisePage")
        self.code = QLineEdit(objectName="dossierCode")
        self.code.setPlaceholderText(self.tr("Nhập hoặc quét mã hồ sơ, ví dụ XANSON-250310-0001"))
        self.code.returnPressed.connect(self.open_entered)
        self.open_btn = QPushButton(self.tr("Mở hồ sơ"), objectName="openDossier")
        self.open_btn.clicked.connect(self.open_entered)
        self.summary = QLabel(objectName="dossierSummary")
        self.summary.setWordWrap(True)
        self.error = ErrorLabel(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Mã hồ sơ:")))
        top.addWidget(self.code, 1)
        top.addWidget(self.open_btn)

        self.documents = DocumentsPanel(ctx, parent=self)
        self.reuse = ReusePanel(ctx, parent=self)
        self.preview = PdfPreview(ctx, self)
        reuse_box = QGroupBox(self.tr("Dùng lại giấy tờ đã số hóa"))
        rb = QVBoxLayout(reuse_box)
        rb.addWidget(self.reuse)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.documents)
        left.addWidget(reuse_box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        left.setSizes([460, 200])
        split = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplit")
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 4)
        split.setSizes([640, 520])
        dossier_tab = QWidget()
        dl = QVBoxLayout(dossier_tab)
        dl.addLayout(top)
        dl.addWidget(self.summary)
        dl.addWidget(self.error)
        dl.addWidget(split, 1)

        self.tabs = QTabWidget(objectName="digitiseTabs")
        self.tabs.addTab(dossier_tab, self.tr("Hồ sơ"))
        self.inbox = InboxPanel(self)
        self.tabs.addTab(self.inbox, self.tr("Tệp quét chờ xử lý"))
        self.set_inbox_count(len(self.inbox.files))
        self.store_check = StoreCheckPanel(ctx, self)
        self.tabs.addTab(self.store_check, self.tr("Kiểm tra kho tệp"))
        self.trust = TrustPanel(ctx, self)
        self.tabs.addTab(self.trust, self.tr("Chứng thư tin cậy"))
        self.search = SearchPanel(ctx)
        self.search.sig_open_dossier.connect(self.open_code)
        self.tabs.addTab(self.search, self.tr("Tìm tài liệu"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)

        self.documents.sig_document_selected.connect(self._preview)
        self.documents.sig_documents_changed.connect(self._dossier_changed)
        self.reuse.sig_reused.connect(lambda _v: self.documents.reload())
        self.summary.setText(
            self.tr("Mở một hồ sơ để số hóa giấy tờ, ký số, kiểm tra chữ ký và dùng lại giấy tờ.")
        )

    # --- dossier ---------------------------------------------------------------------------

    def open_entered(self) -> None:
        self.open_code(self.code.text())

    def open_code(self, code: str) -> TaskHandle:
        self.error.clear_error()
        return self.ctx.runner.submit(
            docs.open_dossier,
            self.ctx.db,
            code,
            on_done=self._opened,
            on_error=self.error.show_error,
        )

    def _opened(self, dossier: docs.DossierDocuments) -> None:
        self.code.setText(dossier.code)
        self.documents.show_dossier(dossier)
        self.reuse.set_applicant(dossier.personal_id or "", dossier.id)
        self.tabs.setCurrentIndex(0)
        self.sig_dossier_opened.emit(dossier)

    def _dossier_changed(self, dossier: docs.DossierDocuments | None) -> None:
        if dossier is None:
            return
        missing = [
            r.name
            for r in dossier.required
            if not r.optional and r.id not in {d.required_document_id for d in dossier.documents}
        ]
        text = self.tr("{code} — {procedure}. Người nộp: {name} (số định danh {pid}).").format(
            code=dossier.code,
            procedure=dossier.procedure_name,
            name=dossier.applicant_name,
            pid=dossier.personal_id or "—",
        )
        if missing:
            text += " " + self.tr("Còn thiếu bản số hóa: {names}.").format(names="; ".join(missing))
        else:
            text += " " + self.tr("Đã số hóa đủ thành phần hồ sơ.")
        self.summary.setText(text)

    def _preview(self, doc: docs.DocumentView | None) -> None:
        if doc is None:
            self.preview.clear()
            return
        self.ctx.runner.submit(
            docs.document_file,
            self.ctx.db,
            doc.id,
            on_done=lambda path: self.preview.show_file(path, doc.pages, doc.title),
            on_error=lambda e: self.preview.clear(str(_describe(e))),
        )

    def set_inbox_count(self, n: int) -> None:
        label = self.tr("Tệp quét chờ xử lý")
        self.tabs.setTabText(1, f"{label} ({n})" if n else label)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        self.inbox.stop()
        super().closeEvent(event)


def _describe(error: BaseException) -> str:
    from tthc_desk.ui.messages import describe

    return describe(error)
