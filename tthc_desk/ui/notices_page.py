"""Niêm yết: build the public notice sheets (by field or for chosen procedures), preview, save,
print, and keep the posting record."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.text import fold, search_terms
from tthc_desk.services import catalogue as cat
from tthc_desk.services import notices
from tthc_desk.ui import printing
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.table_models import RowTableModel
from tthc_desk.ui.widgets import ErrorLabel, show_error

PREVIEW_SCALE = 1.5  # 108 dpi on screen
THUMB_WIDTH = 110
PICK_PAGE = 300  # procedures listed at once in the picker; typing narrows the rest
OVERDUE_COLOR = "#b00020"


def render_pages(path: str, scale: float = PREVIEW_SCALE) -> list[QImage]:
    """Every page of the notice PDF as an image (safe off the UI thread)."""
    return printing.render_pages(path, scale)


class PostingModel(RowTableModel[notices.PostingStatus]):
    """Each current procedure version and where its notice stands; overdue rows in red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.headers = [
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

    def display(self, r: notices.PostingStatus, column: int) -> Any:
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
        return values[column] if 0 <= column < len(values) else None

    def tooltip(self, r: notices.PostingStatus, column: int) -> Any:
        return self.display(r, column) if column in (1, 2, 3) else None

    def foreground(self, r: notices.PostingStatus, column: int) -> Any:
        return QBrush(QColor("#b00020")) if r.overdue else None

    def background(self, r: notices.PostingStatus, column: int) -> Any:
        return QBrush(QColor("#e6f4ea")) if r.state == "posted" else None


Chosen = tuple[str, str, str]  # code, name, field of a chosen procedure version


class ProcedurePicker(QWidget):
    """A checklist of current procedures, searched by code or name with or without diacritics
    (the catalogue's search); what is ticked stays ticked while the clerk searches on."""

    changed = Signal()
    failed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.chosen: dict[int, Chosen] = {}
        self._field_names: dict[int, str] = {}
        self.overdue: set[int] = set()
        self._filling = False

        self.search = QLineEdit(objectName="procedureSearch")
        self.search.setPlaceholderText(self.tr("Mã hoặc tên, có dấu hoặc không dấu"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(
            self.tr("Gõ mã hoặc tên thủ tục (Ctrl+F); Enter hoặc ↓ để xuống danh sách.")
        )
        search_label = QLabel(self.tr("Tì&m:"))
        search_label.setBuddy(self.search)
        self.field_filter = QComboBox(objectName="procedureField")
        field_label = QLabel(self.tr("Lĩnh vực:"))
        field_label.setBuddy(self.field_filter)
        self.all_in_field_btn = QPushButton(
            self.tr("Chọn tất cả tr&ong lĩnh vực"), objectName="selectFieldButton"
        )
        self.all_in_field_btn.setEnabled(False)
        self.clear_btn = QPushButton(self.tr("&Bỏ chọn hết"), objectName="clearChoiceButton")
        self.list = QListWidget(objectName="procedureList")
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setToolTip(self.tr("Dấu cách: chọn hoặc bỏ chọn thủ tục đang đứng."))
        self.only_chosen = QCheckBox(self.tr("Chỉ &hiện thủ tục đã chọn"), objectName="onlyChosen")
        self.count_label = QLabel(objectName="chosenCount")
        self.count_label.setStyleSheet("font-weight: 600;")
        self.more_label = QLabel(objectName="moreLabel")
        self.more_label.setWordWrap(True)
        self.more_label.setStyleSheet("color: #555;")
        self.more_label.hide()

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(search_label)
        row.addWidget(self.search, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(field_label)
        row.addWidget(self.field_filter, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.all_in_field_btn)
        row.addWidget(self.clear_btn)
        lay.addLayout(row)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.more_label)
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.only_chosen)
        lay.addLayout(row)

        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.focus_list)
        self.field_filter.currentIndexChanged.connect(self._field_changed)
        self.only_chosen.toggled.connect(lambda _b: self.reload())
        self.all_in_field_btn.clicked.connect(self.choose_field)
        self.clear_btn.clicked.connect(self.clear)
        self.list.itemChanged.connect(self._item_changed)
        self.search.installEventFilter(self)
        self._update_count()

    # ------------------------------------------------------------------ keyboard

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
        ):
            self.focus_list()
            return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def focus_list(self) -> None:
        self.list.setFocus()
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)

    # ------------------------------------------------------------------ data

    def set_fields(self, fields: list[cat.FieldView]) -> None:
        keep = self.field_filter.currentData()
        self.field_filter.blockSignals(True)
        self.field_filter.clear()
        self.field_filter.addItem(self.tr("Tất cả lĩnh vực"), None)
        self._field_names = {f.id: f.name for f in fields}
        for f in fields:
            self.field_filter.addItem(
                self.tr("{name} ({n})").format(name=f.name, n=f.procedure_count), f.id
            )
        self.field_filter.setCurrentIndex(max(0, self.field_filter.findData(keep)))
        self.field_filter.blockSignals(False)
        self._field_changed()

    def set_overdue(self, ids: set[int]) -> None:
        self.overdue = ids
        self._paint()

    def _field_changed(self, _index: int = 0) -> None:
        self.all_in_field_btn.setEnabled(self.field_filter.currentData() is not None)
        self.reload()

    def reload(self) -> None:
        self._timer.stop()
        if self.only_chosen.isChecked():
            terms = search_terms(self.search.text())
            field = self._field_names.get(self.field_filter.currentData())
            rows = [
                (pid, *c)
                for pid, c in sorted(self.chosen.items(), key=lambda x: x[1][0])
                if all(t in fold(f"{c[0]} {c[1]}") for t in terms)
                and (field is None or c[2] == field)
            ]
            self._fill(rows, len(rows))
            return
        self.ctx.runner.submit(
            cat.search_page, self.ctx.db, self.search.text(),
            field_id=self.field_filter.currentData(), limit=PICK_PAGE,
            on_done=self._loaded, on_error=self._failed,
        )  # fmt: skip

    def _failed(self, error: BaseException) -> None:
        self.failed.emit(error)

    def _loaded(self, result: tuple[list[cat.ProcedureRow], int]) -> None:
        rows, total = result
        self._fill([(r.id, r.code, r.name, r.field_name) for r in rows], total)

    def _fill(self, rows: list[tuple[int, str, str, str]], total: int) -> None:
        self._filling = True
        self.list.clear()
        for pid, code, name, field in rows:
            item = QListWidgetItem(f"{code}  {name}")
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setData(Qt.ItemDataRole.UserRole + 1, (code, name, field))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if pid in self.chosen else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        self._filling = False
        self._paint()
        if not rows:
            self.more_label.setText(self.tr("Không có thủ tục nào khớp."))
        elif total > len(rows):
            self.more_label.setText(
                self.tr("Đang hiện {shown}/{total} thủ tục khớp; gõ thêm để thu hẹp.").format(
                    shown=len(rows), total=total
                )
            )
        self.more_label.setVisible(not rows or total > len(rows))
        if self.list.count():
            self.list.setCurrentRow(0)

    def _paint(self) -> None:
        """Tooltips, and overdue procedures in red, for the rows on show."""
        self._filling = True
        for i in range(self.list.count()):
            item = self.list.item(i)
            code, name, field = item.data(Qt.ItemDataRole.UserRole + 1)
            tip = self.tr("{code} — {name}\nLĩnh vực: {field}").format(
                code=code, name=name, field=field
            )
            if item.data(Qt.ItemDataRole.UserRole) in self.overdue:
                item.setForeground(QBrush(QColor(OVERDUE_COLOR)))
                tip += "\n" + self.tr("Quá hạn niêm yết lại.")
            else:
                item.setData(Qt.ItemDataRole.ForegroundRole, None)
            item.setToolTip(tip)
        self._filling = False

    # ------------------------------------------------------------------ choosing

    def ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.chosen))

    def _item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        pid = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen[pid] = item.data(Qt.ItemDataRole.UserRole + 1)
        else:
            self.chosen.pop(pid, None)
        self._update_count()
        self.changed.emit()

    def set_checked(self, pid: int, checked: bool = True) -> None:
        """Tick or untick a listed procedure, as the clerk would."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == pid:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def choose(self, rows: list[tuple[int, str, str, str]], *, replace: bool = False) -> None:
        if replace:
            self.chosen.clear()
        for pid, code, name, field in rows:
            self.chosen[pid] = (code, name, field)
        self._sync_checks()

    def choose_field(self) -> None:
        fid = self.field_filter.currentData()
        if fid is None:
            return
        self.ctx.runner.submit(
            cat.search_procedures, self.ctx.db, "", field_id=fid, limit=100_000,
            on_done=lambda rows: self.choose([(r.id, r.code, r.name, r.field_name) for r in rows]),
            on_error=self._failed,
        )  # fmt: skip

    def clear(self) -> None:
        self.chosen.clear()
        self._sync_checks()

    def _sync_checks(self) -> None:
        if self.only_chosen.isChecked():
            self.reload()
        else:
            self._filling = True
            for i in range(self.list.count()):
                item = self.list.item(i)
                chosen = item.data(Qt.ItemDataRole.UserRole) in self.chosen
                item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            self._filling = False
        self._update_count()
        self.changed.emit()

    def _update_count(self) -> None:
        n = len(self.chosen)
        self.count_label.setText(
            self.tr("Đã chọn {n} thủ tục").format(n=n) if n else self.tr("Chưa chọn thủ tục nào")
        )
        self.clear_btn.setEnabled(bool(n))


class NoticesPage(QWidget):
    """Choose fields or procedures, preview the sheets page by page, save or print, record the
    posting."""

    BY_FIELD, BY_PROCEDURE = 0, 1

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pdf: notices.NoticePdf | None = None
        self.images: list[QImage] = []
        self.overdue: list[notices.PostingStatus] = []
        self.stale = False  # the choice changed since the preview was built
        self._tmp = Path(tempfile.mkdtemp(prefix="tthc-notice-"))

        # --- what to print
        choose = QGroupBox(self.tr("Nội dung niêm yết"))
        cl = QVBoxLayout(choose)
        self.overdue_btn = QPushButton(objectName="overdueButton")
        self.overdue_btn.setToolTip(
            self.tr(
                "Chọn đúng các thủ tục đã thay đổi theo quyết định công bố quá 5 ngày làm việc "
                "mà chưa niêm yết lại, để in bản niêm yết mới."
            )
        )
        self.overdue_btn.clicked.connect(self.choose_overdue)
        cl.addWidget(self.overdue_btn)
        self.by_field = QRadioButton(self.tr("Theo lĩnh &vực"), objectName="byField")
        self.by_procedure = QRadioButton(self.tr("Theo &thủ tục chọn"), objectName="byProcedure")
        self.by_field.setChecked(True)
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.by_field, self.BY_FIELD)
        self.mode.addButton(self.by_procedure, self.BY_PROCEDURE)
        modes = QHBoxLayout()
        modes.addWidget(self.by_field)
        modes.addWidget(self.by_procedure)
        modes.addStretch(1)
        cl.addLayout(modes)
        field_page = QWidget()
        fl = QVBoxLayout(field_page)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(QLabel(self.tr("Lĩnh vực (bỏ chọn hết = tất cả):")))
        self.fields = QListWidget(objectName="fieldList")
        # a long field's name wraps in the narrow column rather than scrolling sideways
        self.fields.setWordWrap(True)
        self.fields.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.fields.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        fl.addWidget(self.fields, 1)
        self.picker = ProcedurePicker(ctx, self)
        self.stack = QStackedWidget(objectName="choiceStack")
        self.stack.addWidget(field_page)
        self.stack.addWidget(self.picker)
        cl.addWidget(self.stack, 1)
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
        choose.setMinimumWidth(300)
        choose.setMaximumWidth(440)

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
        self.scroll.viewport().installEventFilter(self)
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
        # Narrow enough that "Tình trạng" stays in view at 1366 px (it was cut to "Đún…").
        for col, width in ((0, 84), (2, 96), (3, 128), (4, 86), (5, 76), (6, 86), (7, 140)):
            self.posting.setColumnWidth(col, width)
        self.posting.horizontalHeader().setMinimumSectionSize(40)
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
        split.setSizes([300, 980])
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addWidget(self.error)

        self.preview_btn.clicked.connect(self.build_preview)
        self.save_btn.clicked.connect(self.save_pdf)
        self.print_btn.clicked.connect(self.print_dialog)
        QShortcut(QKeySequence("F5"), self, activated=self.build_preview)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save_pdf)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_dialog)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_procedure_search)
        self.mode.idToggled.connect(self._mode_toggled)
        self.picker.changed.connect(self._choice_changed)
        self.picker.failed.connect(self._failed)
        self.fields.itemChanged.connect(lambda _i: self._choice_changed())
        for box in (self.with_notices, self.with_list, self.with_contact):
            box.toggled.connect(lambda _b: self._choice_changed())
        self._show_overdue()
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
        self.picker.set_fields(fields)
        self.fields.blockSignals(True)
        self.fields.clear()
        for f in fields:
            item = QListWidgetItem(self.tr("{name} ({n})").format(name=f.name, n=f.procedure_count))
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.fields.addItem(item)
        self.fields.blockSignals(False)

    def _postings(self, rows: list[notices.PostingStatus]) -> None:
        self.posting_model.set_rows(rows)
        overdue = [r for r in rows if r.overdue]
        self.overdue = overdue
        self._show_overdue()
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

    def _show_overdue(self) -> None:
        n = len(self.overdue)
        self.overdue_btn.setText(self.tr("&Chọn các thủ tục cần niêm yết lại ({n})").format(n=n))
        self.overdue_btn.setEnabled(bool(n))
        self.overdue_btn.setStyleSheet(
            f"QPushButton:enabled {{ color: {OVERDUE_COLOR}; font-weight: 600; }}"
        )
        self.picker.set_overdue({r.procedure_id for r in self.overdue})

    def choose_overdue(self) -> None:
        """Switch to chosen procedures and choose exactly those overdue for (re)posting."""
        if not self.overdue:
            return
        self.by_procedure.setChecked(True)
        self.picker.only_chosen.setChecked(True)
        self.picker.choose(
            [(r.procedure_id, r.code, r.name, r.field_name) for r in self.overdue], replace=True
        )
        self.picker.focus_list()

    def by_procedures(self) -> bool:
        return self.mode.checkedId() == self.BY_PROCEDURE

    def _mode_toggled(self, mode: int, checked: bool) -> None:
        if not checked:
            return
        self.stack.setCurrentIndex(mode)
        self._choice_changed()

    def focus_procedure_search(self) -> None:
        self.by_procedure.setChecked(True)
        self.picker.focus_search()

    def _choice_changed(self) -> None:
        """A preview of another choice must not be saved or printed (nor recorded)."""
        if self.pdf is None or self.stale:
            return
        self.stale = True
        self.save_btn.setEnabled(False)
        self.print_btn.setEnabled(False)
        self.page_info.setText(
            self.tr("Lựa chọn đã thay đổi: bấm «Xem trước» (F5) để dựng lại trước khi lưu hoặc in.")
        )

    def request(self) -> notices.NoticeRequest:
        if self.by_procedures():
            return notices.NoticeRequest(
                procedure_ids=self.picker.ids(),
                notices=self.with_notices.isChecked(),
                procedure_list=self.with_list.isChecked(),
                feedback_contact=self.with_contact.isChecked(),
            )
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
        self.stale = False
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
        self._fit_page(row)
        self.page_info.setText(
            self.tr("Trang {n}/{total} — {procs} thủ tục").format(
                n=row + 1,
                total=len(self.images),
                procs=len(self.pdf.procedure_ids) if self.pdf else 0,
            )
        )

    def _fit_page(self, row: int) -> None:
        """The page at full preview size, or narrowed to the viewport so no side is cut off."""
        img = self.images[row]
        width = self.scroll.viewport().width() - 4
        if 200 < width < img.width():
            img = img.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.page_label.setPixmap(QPixmap.fromImage(img))

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            row = self.thumbs.currentRow()
            if 0 <= row < len(self.images):
                self._fit_page(row)
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ output

    def _ready(self) -> bool:
        if self.pdf is None:
            return False
        if self.stale:
            self.error.show_error(
                self.tr("Lựa chọn đã thay đổi sau lần xem trước. Hãy bấm «Xem trước» (F5) lại.")
            )
            return False
        return True

    def save_pdf(self, path: str | None = None) -> None:
        if not self._ready():
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
        if not self._ready():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintDialog(printer, self)
        dlg.setWindowTitle(self.tr("In bản niêm yết"))
        if dlg.exec():
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        if not self._ready() or self.pdf is None:
            return
        printing.start_print(
            self.ctx,
            self.pdf.path,
            printer,
            self,
            "notice.print.failed",
            on_done=lambda _pages: self._record_printed(),
            on_error=lambda exc: show_error(self, exc),
        )

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
