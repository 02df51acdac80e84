"""Settings → Backups (administrator): the automatic backups' folder, back up now, restore."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.enums import Role
from tthc_desk.services import backup as bk
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.messages import describe
from tthc_desk.ui.widgets import fit_placeholder


def _folder_row(edit: QLineEdit, parent: QWidget, title: str) -> QHBoxLayout:
    row = QHBoxLayout()
    browse = QPushButton(QCoreApplication.translate("BackupPanel", "Chọn…"))

    def pick() -> None:
        path = QFileDialog.getExistingDirectory(parent, title, edit.text())
        if path:
            edit.setText(path)

    browse.clicked.connect(pick)
    row.addWidget(edit, 1)
    row.addWidget(browse)
    return row


class BackupPanel(QGroupBox):
    """Where the automatic backups go and how many are kept; back up now; restore."""

    sig_restored = Signal(object)
    """A backup was restored (the ``RestoreResult``): the app must be opened again."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Sao lưu và khôi phục"))
        self.setObjectName("backupPanel")
        self.ctx = ctx
        is_admin = ctx.user.role is Role.ADMIN
        self.folder = QLineEdit(objectName="backupFolder")
        self.folder.setPlaceholderText(
            self.tr("ví dụ: E:\\SaoLuu (ổ USB) hoặc \\\\may-chu\\saoluu")
        )
        fit_placeholder(self.folder)
        self.keep = QSpinBox(objectName="backupKeep")
        self.keep.setRange(1, 365)
        self.keep.setValue(bk.DEFAULT_KEEP)
        self.keep.setMaximumWidth(90)
        self.status = QLabel(objectName="backupStatus")
        self.status.setWordWrap(True)
        self.save_btn = QPushButton(self.tr("Lưu"), objectName="backupSave")
        self.now_btn = QPushButton(self.tr("Sao lưu ngay"), objectName="backupNow")
        self.restore_btn = QPushButton(self.tr("Khôi phục…"), objectName="backupRestore")
        form = QFormLayout(self)
        form.addRow(
            self.tr("Thư mục sao lưu tự động:"),
            _folder_row(self.folder, self, self.tr("Thư mục sao lưu")),
        )
        form.addRow(self.tr("Giữ số bản mới nhất:"), self.keep)
        buttons = QHBoxLayout()
        for b in (self.save_btn, self.now_btn, self.restore_btn):
            b.setEnabled(is_admin)
            buttons.addWidget(b)
        buttons.addStretch(1)
        form.addRow(buttons)
        form.addRow(self.status)
        self.folder.setReadOnly(not is_admin)
        self.keep.setEnabled(is_admin)
        for b in self.findChildren(QPushButton):  # "Chọn…" too
            b.setEnabled(is_admin)
        self.save_btn.clicked.connect(self._save)
        self.now_btn.clicked.connect(self._backup_now)
        self.restore_btn.clicked.connect(self._restore)
        self.restore_dialog: RestoreDialog | None = None
        ctx.runner.submit(bk.backup_settings, ctx.db, on_done=self._show)

    def _show(self, settings: bk.BackupSettings) -> None:
        self.folder.setText(settings.folder or "")
        self.keep.setValue(settings.keep)
        if not settings.folder:
            self.status.setText(
                self.tr("Chưa chọn thư mục: phần mềm chưa tự sao lưu (hằng ngày và khi đóng).")
            )
        elif settings.newest:
            self.status.setText(
                self.tr("Bản sao lưu mới nhất: {when}.").format(
                    when=settings.newest.strftime("%d/%m/%Y %H:%M")
                )
            )
        else:
            self.status.setText(self.tr("Chưa có bản sao lưu nào trong thư mục này."))

    def _error(self, exc: BaseException) -> None:
        self.status.setText(describe(exc))

    def _save(self) -> None:
        self.ctx.runner.submit(
            bk.save_backup_settings,
            self.ctx.db,
            self.ctx.actor,
            self.folder.text(),
            self.keep.value(),
            on_done=self._show,
            on_error=self._error,
        )

    def _backup_now(self) -> None:
        folder = self.folder.text().strip()
        if not folder:
            self.status.setText(self.tr("Hãy chọn thư mục sao lưu trước."))
            return
        self.status.setText(self.tr("Đang sao lưu…"))

        def done(result: bk.BackupResult) -> None:
            self.status.setText(
                self.tr("Đã sao lưu vào {folder} và kiểm tra xong ({files} tệp).").format(
                    folder=str(result.folder), files=result.info.files
                )
            )

        from pathlib import Path

        self.ctx.runner.submit(
            bk.backup,
            self.ctx.db,
            Path(folder),
            actor=self.ctx.actor,
            keep=self.keep.value(),
            on_done=done,
            on_error=self._error,
        )

    def _restore(self) -> None:
        self.restore_dialog = RestoreDialog(self.ctx, self.folder.text(), self)
        self.restore_dialog.sig_restored.connect(self.sig_restored)
        self.restore_dialog.open()


class RestoreDialog(QDialog):
    """Pick a backup folder, see what it holds (date, counts, newest dossier), then replace."""

    sig_restored = Signal(object)
    """The database was replaced (the ``RestoreResult``)."""

    def __init__(self, ctx: AppContext, start: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Khôi phục từ bản sao lưu"))
        self.ctx = ctx
        self.info: bk.BackupInfo | None = None
        self.path = QLineEdit(start, objectName="restorePath")
        self.check_btn = QPushButton(self.tr("Xem bản sao lưu"), objectName="restoreCheck")
        self.summary = QLabel(objectName="restoreSummary")
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Thay dữ liệu bằng bản này"))
        self.ok.setEnabled(False)
        # Enter in the path shows the backup; replacing the data always takes a click
        self.ok.setAutoDefault(False)
        self.ok.setDefault(False)
        self.check_btn.setAutoDefault(True)
        self.check_btn.setDefault(True)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Thư mục bản sao lưu (tên có dạng …-backup-NGÀY-GIỜ):")))
        lay.addLayout(_folder_row(self.path, self, self.tr("Bản sao lưu")))
        lay.addWidget(self.check_btn)
        lay.addWidget(self.summary, 1)
        lay.addWidget(self.buttons)
        self.check_btn.clicked.connect(self._check)
        self.path.textChanged.connect(lambda _t: self.ok.setEnabled(False))
        self.buttons.accepted.connect(self._replace)
        self.buttons.rejected.connect(self.reject)
        self.resize(620, 360)

    def _check(self) -> None:
        from pathlib import Path

        self.ok.setEnabled(False)
        self.ctx.runner.submit(
            bk.verify_backup,
            Path(self.path.text().strip()),
            on_done=self._show,
            on_error=self._fail,
        )

    def _fail(self, exc: BaseException) -> None:
        self.info = None
        self.summary.setText(describe(exc))

    def _show(self, info: bk.BackupInfo) -> None:
        self.info = info
        c = info.counts
        lines = [
            self.tr("Lập lúc: {when}").format(when=info.created_at.strftime("%d/%m/%Y %H:%M")),
            self.tr("Hồ sơ: {n}; người nộp: {a}; tài liệu số hóa: {d}; tệp: {f}").format(
                n=c.get("dossiers", 0),
                a=c.get("applicants", 0),
                d=c.get("digital_documents", 0),
                f=info.files,
            ),
            self.tr("Hồ sơ mới nhất: {code}").format(code=info.newest_dossier or "—"),
            self.tr(
                "Mọi tệp khớp mã băm. Dữ liệu hiện tại sẽ được giữ lại bên cạnh; sau khi khôi "
                "phục, phần mềm đóng lại để mở với dữ liệu đã khôi phục. Hãy đóng phần mềm trên "
                "các máy khác trước."
            ),
        ]
        self.summary.setText("\n".join(lines))
        self.ok.setEnabled(True)

    def _replace(self) -> None:
        if self.info is None or self.ctx.db.file_path is None:
            return
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            self.tr("Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu lập lúc {when}?").format(
                when=self.info.created_at.strftime("%d/%m/%Y %H:%M")
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        path = self.ctx.db.file_path
        self.ctx.db.dispose()  # close our connections to the file before it is moved aside
        try:
            result = bk.restore(path, self.info.folder, actor=self.ctx.actor)
        except Exception as exc:  # noqa: BLE001 - shown to the administrator
            self._fail(exc)
            return
        self.summary.setText(
            self.tr("Đã khôi phục. Dữ liệu trước đó được giữ tại {path}.").format(
                path=str(result.replaced)
            )
        )
        self.sig_restored.emit(result)
        self.accept()
