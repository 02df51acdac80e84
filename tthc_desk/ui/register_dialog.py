"""Export of the register (form 07) for a period as PDF or XLSX, off the UI thread with
progress and Cancel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.errors import AppError
from tthc_desk.paths import data_dir
from tthc_desk.services import registers
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.tasks import TaskHandle
from tthc_desk.ui.widgets import ErrorLabel, progress_for


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class RegisterExportDialog(QDialog):
    """From, to, PDF or XLSX; "Xuất sổ…" asks where to save, then writes with a progress bar."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("registerExport")
        self.setWindowTitle(self.tr("Xuất sổ theo dõi hồ sơ (mẫu 07)"))
        today = today or date.today()
        self.date_from = QDateEdit(_qdate(date(today.year, 1, 1)), objectName="registerFrom")
        self.date_to = QDateEdit(_qdate(today), objectName="registerTo")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.format = QComboBox(objectName="registerFormat")
        self.format.addItem(self.tr("PDF để in (A4 ngang)"), ".pdf")
        self.format.addItem(self.tr("Bảng tính Excel (.xlsx)"), ".xlsx")
        self.export_button = QPushButton(self.tr("Xuất sổ…"), objectName="registerExportButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.ask_and_export)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.reject)
        self.status = QLabel(objectName="registerStatus")
        self.status.setWordWrap(True)
        self.error = ErrorLabel(self)
        self.handle: TaskHandle | None = None
        self.last_path: Path | None = None
        form = QFormLayout()
        form.addRow(self.tr("Từ ngày:"), self.date_from)
        form.addRow(self.tr("Đến ngày:"), self.date_to)
        form.addRow(self.tr("Định dạng:"), self.format)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.status)
        lay.addLayout(buttons)

    def suggested_path(self) -> Path:
        start, end = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        name = f"so-theo-doi-{start:%Y%m%d}-{end:%Y%m%d}{self.format.currentData()}"
        return data_dir() / "printouts" / name

    def ask_and_export(self) -> None:
        suffix = self.format.currentData()
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Lưu sổ theo dõi hồ sơ"),
            str(self.suggested_path()),
            self.tr("Tệp PDF (*.pdf)") if suffix == ".pdf" else self.tr("Tệp Excel (*.xlsx)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> TaskHandle:
        """Write the register to ``path`` on the file lane; progress with Cancel meanwhile."""
        self.error.clear_error()
        self.status.setText(self.tr("Đang xuất sổ…"))
        self.export_button.setEnabled(False)
        self.handle = self.ctx.runner.submit(
            registers.export_register,
            self.ctx.db,
            _pydate(self.date_from.date()),
            _pydate(self.date_to.date()),
            path,
            self.ctx.actor,
            lane="files",
            on_done=self._done,
            on_error=self._failed,
        )
        if not self.handle.done:
            progress_for(self, self.handle, self.tr("Đang xuất sổ theo dõi hồ sơ…"))
        return self.handle

    def _done(self, summary: registers.RegisterSummary) -> None:
        self.export_button.setEnabled(True)
        self.last_path = summary.path
        self.status.setText(
            self.tr("Đã xuất {count} hồ sơ vào tệp {file}.").format(
                count=summary.lines, file=summary.path.name
            )
        )

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.status.clear()
        if isinstance(exc, AppError) and exc.code == "task.cancelled":
            self.status.setText(self.tr("Đã dừng xuất sổ; không có tệp nào được ghi."))
            return
        self.error.show_error(exc)
