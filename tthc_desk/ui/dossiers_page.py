"""Hồ sơ: the live board of dossiers, filtered in SQL, paged by keyset, refreshing by itself,
with the nearly-due/late count shown in the navigation."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain import dossier_rules as rules
from tthc_desk.domain.enums import Channel, DossierState
from tthc_desk.services import dossiers as ds
from tthc_desk.services.calendar import load_calendar
from tthc_desk.services.common import Clock, system_now
from tthc_desk.ui.calendar_banner import CalendarBanner
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.dossier_board_model import BoardModel, channel_name, state_name
from tthc_desk.ui.widgets import ErrorLabel, TableFit

if TYPE_CHECKING:  # the dialog (and printing) loads when a dossier is first opened
    from tthc_desk.ui.dossier_dialog import DossierDialog

TICK_MS = 60_000  # time left is recomputed every minute
RELOAD_TICKS = 5  # and the first page reloaded every five minutes


def refresh_badge(widget: QWidget, ctx: AppContext, now: Clock = system_now) -> None:
    """Count the nearly-due and late dossiers off the UI thread and show it in the navigation."""

    def show(counts: ds.AttentionCounts) -> None:
        window = widget.window()
        if hasattr(window, "set_badge"):
            window.set_badge("dossiers", counts.total)

    ctx.runner.submit(
        ds.attention_counts, ctx.db, None, now, on_done=show, on_error=lambda _e: None
    )


class DossiersPage(QWidget):
    """The board: filters on top, the table, the count of dossiers needing attention."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.now: Clock = system_now
        self.setObjectName("dossiersPage")
        self.model = BoardModel(ctx, load_calendar(ctx.db), self)
        self.dialog: DossierDialog | None = None

        self.search = QLineEdit(objectName="boardSearch")
        self.search.setPlaceholderText(
            self.tr("Tìm theo mã hồ sơ, họ tên, số định danh (gõ có dấu hay không dấu đều được)")
        )
        self.search.setClearButtonEnabled(True)
        self.view_box = QComboBox(objectName="boardView")
        for key, text in (
            ("open", self.tr("Đang giải quyết")),
            ("attention", self.tr("Sắp đến hạn và quá hạn")),
            ("late", self.tr("Quá hạn")),
            ("online_waiting", self.tr("Trực tuyến chờ tiếp nhận")),
            ("result_ready", self.tr("Có kết quả, chờ trả")),
            ("all", self.tr("Tất cả hồ sơ")),
        ):
            self.view_box.addItem(text, key)
        self.state_box = QComboBox(objectName="boardState")
        self.state_box.addItem(self.tr("Mọi trạng thái"), None)
        for st in DossierState:
            self.state_box.addItem(state_name(st.value), st.value)
        self.field_box = QComboBox(objectName="boardField")
        self.officer_box = QComboBox(objectName="boardOfficer")
        self.channel_box = QComboBox(objectName="boardChannel")
        self.channel_box.addItem(self.tr("Mọi kênh"), None)
        for ch in Channel:
            self.channel_box.addItem(channel_name(ch.value), ch.value)
        self.due_box = QComboBox(objectName="boardDue")
        for key, text in (
            (None, self.tr("Mọi hạn trả")),
            ("today", self.tr("Hạn trả hôm nay")),
            ("week", self.tr("Hạn trả trong 7 ngày")),
            ("custom", self.tr("Tùy chọn…")),
        ):
            self.due_box.addItem(text, key)
        # "Tùy chọn…": due from one date to another, both included
        today = self.now().date()
        self.due_from = QDateEdit(
            QDate(today.year, today.month, today.day), objectName="boardDueFrom"
        )
        week = today + timedelta(days=7)
        self.due_to = QDateEdit(QDate(week.year, week.month, week.day), objectName="boardDueTo")
        for edit in (self.due_from, self.due_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.due_from_label = QLabel(self.tr("Hạn trả từ ngày"))
        self.due_to_label = QLabel(self.tr("đến ngày"))
        self.due_range = QWidget(objectName="boardDueRange")
        range_row = QHBoxLayout(self.due_range)
        range_row.setContentsMargins(0, 0, 0, 0)
        for w in (self.due_from_label, self.due_from, self.due_to_label, self.due_to):
            range_row.addWidget(w)
        self.due_range.setVisible(False)
        self.mine = QCheckBox(self.tr("Hồ sơ của tôi"), objectName="boardMine")
        self.refresh_button = QPushButton(self.tr("Làm mới (F5)"), objectName="boardRefresh")
        self._load_choices()

        self.table = QTableView(objectName="board")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setVisible(False)
        self._fit_board_columns()
        self.table.activated.connect(self.open_index)
        self.table.doubleClicked.connect(self.open_index)

        self.summary = QLabel(objectName="boardSummary")
        self.error = ErrorLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.view_box, 1)
        top.addWidget(self.mine)
        self.register_button = QPushButton(self.tr("Xuất sổ theo dõi…"), objectName="boardRegister")
        self.register_button.clicked.connect(self.export_register)
        top.addWidget(self.register_button)
        filters = QHBoxLayout()
        for w in (self.state_box, self.field_box, self.officer_box, self.channel_box, self.due_box):
            filters.addWidget(w, 1)
        filters.addWidget(self.due_range)
        filters.addWidget(self.refresh_button)
        # Asks for the year's calendar to be confirmed (logic in services.calendar).
        self.calendar_banner = CalendarBanner(ctx, self)
        lay = QVBoxLayout(self)
        lay.addWidget(self.calendar_banner)
        lay.addLayout(top)
        lay.addLayout(filters)
        lay.addWidget(self.error)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.summary)

        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)
        for box in (
            self.view_box,
            self.state_box,
            self.field_box,
            self.officer_box,
            self.channel_box,
            self.due_box,
        ):
            box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.due_box.currentIndexChanged.connect(
            lambda _i: self.due_range.setVisible(self.due_box.currentData() == "custom")
        )
        self.due_from.dateChanged.connect(lambda _d: self._due_range_changed(self.due_from))
        self.due_to.dateChanged.connect(lambda _d: self._due_range_changed(self.due_to))
        self.mine.toggled.connect(lambda _c: self.apply_filters())
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        self.model.sig_loaded.connect(self._loaded)
        self.model.sig_failed.connect(self.error.show_error)

        self._ticks = 0
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.apply_filters()

    def _fit_board_columns(self) -> None:
        """What the clerk scans first (the code, the dossier's clock with the current step's
        clock beside it, the due date, who handles it, for whom, the state) keeps the width its
        usual text needs on two lines; the procedure takes the rest, its full name in the
        tooltip; the current step's name (the step clock's tooltip) gets its own column only
        when the table is wide enough. The model's column order is unchanged."""
        office_code = getattr(self.ctx.office, "code", "") or "XANSON"
        samples = {
            "code": f"{office_code}-000000-0000",
            "left": "chờ công dân bổ sung",
            "step_left": "quá 199 ngày 23 giờ",
            "due": "Cổng 00:00 00/00",  # the longer of its two lines (due_text)
            "officer": "Nguyễn Thị Phương",
            "applicant": "Nguyễn Thị Phương",
            "state": "Dừng giải quyết ·",
            "procedure": "",
            "step": "Tiếp nhận, kiểm tra hồ sơ",
        }
        header = self.table.horizontalHeader()
        for visual, name in enumerate(samples):
            col = BoardModel.COLUMNS.index(name)
            header.moveSection(header.visualIndex(col), visual)
        col_of = BoardModel.COLUMNS.index
        self.fit = TableFit(
            self.table,
            {col_of(n): t for n, t in samples.items() if n != "procedure"},
            stretch=col_of("procedure"),
            optional=(col_of("step"),),
            min_stretch=260,
        )

    def _load_choices(self) -> None:
        fields, officers = ds.board_filters_choices(self.ctx.db)
        self.field_box.addItem(self.tr("Mọi lĩnh vực"), None)
        for fid, name in fields:
            self.field_box.addItem(name, fid)
        self.officer_box.addItem(self.tr("Mọi cán bộ"), None)
        for uid, name in officers:
            self.officer_box.addItem(name, uid)

    def current_query(self) -> ds.BoardQuery:
        view = self.view_box.currentData()
        states: tuple[DossierState, ...] | None = tuple(sorted(rules.OPEN_STATES))
        standing = None
        if view == "attention":
            standing = "attention"
        elif view == "late":
            standing = "late"
        elif view == "online_waiting":
            states = (DossierState.SUBMITTED_ONLINE,)
        elif view == "result_ready":
            states = (DossierState.RESULT_READY,)
        elif view == "all":
            states = None
        if self.state_box.currentData() is not None:
            states = (DossierState(self.state_box.currentData()),)
        officer = self.officer_box.currentData()
        if self.mine.isChecked():
            officer = self.ctx.user.id
        due = self.due_box.currentData()
        today = self.now().date()
        due_from: date | None = None
        due_to: date | None = None
        if due == "today":
            due_from = due_to = today
        elif due == "week":
            due_to = today + timedelta(days=7)
        elif due == "custom":
            due_from = self.due_from.date().toPython()
            due_to = self.due_to.date().toPython()
        return ds.BoardQuery(
            states=states,
            field_id=self.field_box.currentData(),
            officer_id=officer,
            channel=Channel(c) if (c := self.channel_box.currentData()) else None,
            due_from=due_from,
            due_to=due_to,
            standing=standing,
            text=self.search.text(),
        )

    def _due_range_changed(self, moved: QDateEdit) -> None:
        """A date of the range changed: the other one follows when they would cross, then the
        board reloads."""
        other = self.due_to if moved is self.due_from else self.due_from
        start, end = self.due_from.date(), self.due_to.date()
        if start > end:
            blocked = other.blockSignals(True)
            other.setDate(moved.date())
            other.blockSignals(blocked)
        if self.due_box.currentData() == "custom":
            self.apply_filters()

    def apply_filters(self) -> None:
        self.error.clear_error()
        self.model.now = self.now
        self.model.set_query(self.current_query())

    def refresh(self) -> None:
        self.apply_filters()
        refresh_badge(self, self.ctx, self.now)
        self.calendar_banner.refresh(self.now)

    def tick(self) -> None:
        """Every minute: time left moves; every few minutes the first page is fetched again."""
        self._ticks += 1
        if self._ticks % RELOAD_TICKS == 0 and self.model.rowCount() <= ds.PAGE_SIZE:
            self.refresh()
        else:
            self.model.tick()

    def _loaded(self, count: int) -> None:
        more = self.tr(" (cuộn xuống để tải thêm)") if self.model.canFetchMore() else ""
        # %n: a numerus translation ("Showing 1 dossier", "Showing 2 dossiers")
        self.summary.setText(self.tr("Đang hiển thị %n hồ sơ", "", count) + more)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        refresh_badge(self, self.ctx, self.now)
        self.calendar_banner.refresh(self.now)

    def export_register(self) -> QWidget:
        """The register (form 07) of a period as PDF or XLSX, with progress and Cancel."""
        from tthc_desk.ui.register_dialog import RegisterExportDialog

        dialog = RegisterExportDialog(self.ctx, self)
        self.register_dialog = dialog
        dialog.open()
        return dialog

    def open_index(self, index: QModelIndex) -> DossierDialog | None:
        if not index.isValid():
            return None
        return self.open_dossier(self.model.row_at(index.row()).id)

    def open_dossier(self, dossier_id: int) -> DossierDialog:
        from tthc_desk.ui.dossier_dialog import DossierDialog

        dlg = DossierDialog(self.ctx, dossier_id, self.now, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.sig_changed.connect(lambda _v: self.refresh())
        self.dialog = dlg
        dlg.open()
        return dlg
