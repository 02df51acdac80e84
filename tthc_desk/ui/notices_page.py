"""Niêm yết: build the public notice sheets, preview, save, print, and keep the posting record."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.services import catalogue as cat
from tthc_desk.services import notices
from tthc_desk.ui import printing
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.widgets import ErrorLabel, show_error

Index = QModelIndex | QPersistentModelIndex
PREVIEW_SCALE = 1.5  # 108 dpi on screen
THUMB_WIDTH = 110


def render_pages(path: str, scale: float = PREVIEW_SCALE) -> list[QImage]:
    """Every page of the notice PDF as an image (safe off the UI thread)."""
    return printing.render_pages(path, scale)


def print_pdf(path: str, printer: QPrinter) -> int:
    """Print the notice PDF; a printer that cannot start gives ``notice.print.failed``."""
    return printing.print_pdf(path, printer, "notice.print.failed")


class PostingModel(QAbstractTableModel):
    """Each current procedure version and where its notice stands; overdue rows in red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[notices.PostingStatus] = []
        self._headers = [
            self.tr("Mã"),
            self.tr("Thủ tục"),
            self.tr("Lĩnh vực"),
            self.tr("Quyết định công bố"),
            self.tr("Hạn niêm yết"),
            self.tr("Đã in"),
            self.tr("Đã niêm yết"),
            self.tr("Tình trạng"),
        ]
        self._states = {
            "posted": self.tr("Đúng hạn"),
            "posted_late": self.tr("Niêm yết muộn"),
            "printed": self.tr("Đã in, chưa niêm yết"),
            "not_posted": self.tr("Chưa niêm yết"),
        }

    def set_rows(self, rows: list[notices.PostingStatus]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            state = self._states[r.state]
            if r.overdue:
                state = self.tr("QUÁ HẠN - chưa niêm yết")
            values = [
                r.code,
                r.name,
                r.field_name,
                r.decision or self.tr("(ngày tạo {d})").format(d=f"{r.since:%d/%m/%Y}"),
                f"{r.due_at:%d/%m/%Y}",
                f"{r.printed_at:%d/%m/%Y}" if r.printed_at else "",
                f"{r.posted_at:%d/%m/%Y}" if r.posted_at else "",
                state,
            ]
            return values[index.column()] if 0 <= index.column() < len(values) else None
        if role == Qt.ItemDataRole.ForegroundRole and r.overdue:
            return QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.BackgroundRole and r.state == "posted":
            return QBrush(QColor("#e6f4ea"))
        return None


class NoticesPage(QWidget):
    """Choose fields, preview the sheets page by page, save or print, record the posting."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pdf: notices.NoticePdf | None = None
        self.images: list[QImage] = []
        self._tmp = Path(tempfile.mkdtemp(prefix="tthc-notice-"))

        # --- what to print
        choose = QGroupBox(self.tr("Nội dung niêm yết"))
        cl = QVBoxLayout(choose)
        cl.addWidget(QLabel(self.tr("Lĩnh vực (bỏ chọn hết = tất cả):")))
        self.fields = QListWidget(objectName="fieldList")
        cl.addWidget(self.fields, 1)
        self.with_notices = QCheckBox(self.tr("Niêm yết từng thủ tục"), objectName="withNotices")
        self.with_notices.setChecked(True)
        self.with_list = QCheckBox(self.tr("Danh mục tất cả thủ tục"), objectName="withList")
        self.with_contact = QCheckBox(
            self.tr("Thông báo tiếp nhận phản ánh, kiến nghị"), objectName="withContact"
        )
        for w in (self.with_notices, self.with_list, self.with_contact):
            cl.addWidget(w)
        self.preview_btn = QPushButton(self.tr("&Xem trước (F5)"), objectName="previewButton")
        self.save_btn = QPushButton(self.tr("&Lưu PDF… (Ctrl+S)"), objectName="saveButton")
        self.print_btn = QPushButton(self.tr("&In… (Ctrl+P)"), objectName="printButton")
        for b in (self.preview_btn, self.save_btn, self.print_btn):
            cl.addWidget(b)
        self.save_btn.setEnabled(False)
        self.print_btn.setEnabled(False)
        choose.setMaximumWidth(320)

        # --- preview
        self.thumbs = QListWidget(objectName="thumbnails")
        self.thumbs.setViewMode(QListView.ViewMode.IconMode)
        self.thumbs.setFlow(QListView.Flow.TopToBottom)
        self.thumbs.setWrapping(False)
        self.thumbs.setIconSize(QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.414)))
        self.thumbs.setFixedWidth(THUMB_WIDTH + 40)
        self.thumbs.setMovement(QListView.Movement.Static)
        self.thumbs.currentRowChanged.connect(self.show_page)
        self.page_label = QLabel(objectName="pageImage")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_label.setText(self.tr("Bấm «Xem trước» để dựng bản niêm yết."))
        self.scroll = QScrollArea(objectName="pageScroll")
        self.scroll.setWidget(self.page_label)
        self.scroll.setWidgetResizable(True)
        self.scroll.setStyleSheet("QScrollArea { background: #6b6b6b; }")
        self.page_info = QLabel(objectName="pageInfo")
        preview = QWidget()
        pl = QHBoxLayout(preview)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.thumbs)
        right = QVBoxLayout()
        right.addWidget(self.scroll, 1)
        right.addWidget(self.page_info)
        pl.addLayout(right, 1)

        # --- posting record
        record = QWidget()
        rl = QVBoxLayout(record)
        self.warning = QLabel(objectName="postingWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020; font-weight: 600;")
        self.posting_model = PostingModel(self)
        self.posting = QTableView(objectName="postingTable")
        self.posting.setModel(self.posting_model)
        self.posting.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.posting.verticalHeader().setVisible(False)
        self.posting.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 80), (2, 120), (3, 150), (4, 90), (5, 80), (6, 90), (7, 150)):
            self.posting.setColumnWidth(col, width)
        self.posted_btn = QPushButton(
            self.tr("Ghi nhận đã &niêm yết các thủ tục đang chọn"), objectName="postedButton"
        )
        self.posted_btn.clicked.connect(self.mark_selected_posted)
        rl.addWidget(self.warning)
        rl.addWidget(self.posting, 1)
        row = QHBoxLayout()
        row.addWidget(self.posted_btn)
        row.addStretch(1)
        rl.addLayout(row)

        self.tabs = QTabWidget(objectName="noticeTabs")
        self.tabs.addTab(preview, self.tr("Xem trước"))
        self.tabs.addTab(record, self.tr("Theo dõi niêm yết"))
        self.error = ErrorLabel(self)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(choose)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addWidget(self.error)

        self.preview_btn.clicked.connect(self.build_preview)
        self.save_btn.clicked.connect(self.save_pdf)
        self.print_btn.clicked.connect(self.print_dialog)
        QShortcut(QKeySequence("F5"), self, activated=self.build_preview)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save_pdf)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_dialog)
        self.reload()

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        self.ctx.runner.submit(
            cat.list_fields, self.ctx.db, on_done=self._fields_loaded, on_error=self._failed
        )
        self.reload_postings()

    def reload_postings(self) -> None:
        self.ctx.runner.submit(
            notices.posting_status, self.ctx.db, on_done=self._postings, on_error=self._failed
        )

    def _fields_loaded(self, fields: list[cat.FieldView]) -> None:
        self.fields.clear()
        for f in fields:
            item = QListWidgetItem(self.tr("{name} ({n})").format(name=f.name, n=f.procedure_count))
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.fields.addItem(item)

    def _postings(self, rows: list[notices.PostingStatus]) -> None:
        self.posting_model.set_rows(rows)
        overdue = [r for r in rows if r.overdue]
        on_time, total = notices.on_time_ratio(rows)
        text = self.tr("Niêm yết đúng hạn: {ok}/{total} thủ tục.").format(ok=on_time, total=total)
        if overdue:
            text = (
                self.tr(
                    "Cảnh báo: {n} thủ tục đã thay đổi theo quyết định công bố quá 5 ngày làm "
                    "việc mà chưa niêm yết lại (tiêu chí «niêm yết đúng hạn» của Bộ chỉ số 766). "
                ).format(n=len(overdue))
                + text
            )
            self.warning.setStyleSheet("color: #b00020; font-weight: 600;")
        else:
            self.warning.setStyleSheet("color: #1b5e20; font-weight: 600;")
        self.warning.setText(text)

    def request(self) -> notices.NoticeRequest:
        ids = tuple(
            self.fields.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.fields.count())
            if self.fields.item(i).checkState() == Qt.CheckState.Checked
        )
        return notices.NoticeRequest(
            field_ids=ids or None,
            notices=self.with_notices.isChecked(),
            procedure_list=self.with_list.isChecked(),
            feedback_contact=self.with_contact.isChecked(),
        )

    def _failed(self, error: BaseException) -> None:
        self.error.show_error(error)

    # ------------------------------------------------------------------ preview

    def build_preview(self) -> None:
        self.error.clear_error()
        self.page_label.setText(self.tr("Đang dựng bản niêm yết…"))
        out = self._tmp / "niem-yet.pdf"
        self.ctx.runner.submit(
            self._build, self.ctx.db, self.request(), str(out), lane="files",
            on_done=self._built, on_error=self._build_failed,
        )  # fmt: skip

    @staticmethod
    def _build(db: Any, request: notices.NoticeRequest, out: str) -> tuple[Any, list[QImage]]:
        pdf = notices.render_pdf(db, request, out)
        return pdf, render_pages(pdf.path)

    def _build_failed(self, error: BaseException) -> None:
        self.page_label.setText("")
        self._failed(error)

    def _built(self, result: tuple[notices.NoticePdf, list[QImage]]) -> None:
        self.pdf, self.images = result
        self.thumbs.clear()
        for i, img in enumerate(self.images, start=1):
            thumb = QPixmap.fromImage(
                img.scaledToWidth(THUMB_WIDTH, Qt.TransformationMode.SmoothTransformation)
            )
            self.thumbs.addItem(QListWidgetItem(QIcon(thumb), self.tr("Trang {n}").format(n=i)))
        self.save_btn.setEnabled(True)
        self.print_btn.setEnabled(True)
        self.tabs.setCurrentIndex(0)
        if self.images:
            self.thumbs.setCurrentRow(0)

    def show_page(self, row: int) -> None:
        if not (0 <= row < len(self.images)):
            return
        self.page_label.setPixmap(QPixmap.fromImage(self.images[row]))
        self.page_info.setText(
            self.tr("Trang {n}/{total} — {procs} thủ tục").format(
                n=row + 1,
                total=len(self.images),
                procs=len(self.pdf.procedure_ids) if self.pdf else 0,
            )
        )

    # ------------------------------------------------------------------ output

    def save_pdf(self, path: str | None = None) -> None:
        if self.pdf is None:
            return
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Lưu bản niêm yết"), "niem-yet.pdf", self.tr("PDF (*.pdf)")
            )
        if not path:
            return
        shutil.copyfile(self.pdf.path, path)
        self._record_printed()

    def print_dialog(self) -> None:
        if self.pdf is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintDialog(printer, self)
        dlg.setWindowTitle(self.tr("In bản niêm yết"))
        if dlg.exec():
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        if self.pdf is None:
            return
        try:
            print_pdf(self.pdf.path, printer)
        except Exception as exc:  # noqa: BLE001 - show what the printer said
            show_error(self, exc)
            return
        self._record_printed()

    def _record_printed(self) -> None:
        if self.pdf is None or not self.pdf.procedure_ids:
            return
        self.ctx.runner.submit(
            notices.record_printed, self.ctx.db, self.ctx.actor, self.pdf.procedure_ids,
            on_done=lambda _n: self.reload_postings(), on_error=self._failed,
        )  # fmt: skip

    def mark_selected_posted(self) -> None:
        rows = sorted({i.row() for i in self.posting.selectionModel().selectedRows()})
        ids = [self.posting_model.rows[r].procedure_id for r in rows]
        if not ids:
            return
        self.ctx.runner.submit(
            notices.record_posted, self.ctx.db, self.ctx.actor, ids,
            on_done=lambda _n: self.reload_postings(), on_error=self._failed,
        )  # fmt: skip
