"""Lịch làm việc: the year view of the office's working calendar, and its administration."""

from __future__ import annotations

import calendar as pycalendar
import html
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.enums import DayKind, Role
from tthc_desk.services import calendar as cs
from tthc_desk.services import calendar_import as ci
from tthc_desk.services.common import Clock, system_now
from tthc_desk.ui.calendar_banner import CalendarBanner
from tthc_desk.ui.calendar_dialogs import (
    ConfirmYearDialog,
    DayDialog,
    ImportDialog,
    PreviewDialog,
    ScheduleDialog,
    fmt_hours,
    fmt_periods,
    texts,
)
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.formatting import fmt_date, fmt_dt
from tthc_desk.ui.widgets import ErrorLabel

_Index = QModelIndex | QPersistentModelIndex

DATE_ROLE = Qt.ItemDataRole.UserRole + 1
TYPE_ROLE = Qt.ItemDataRole.UserRole + 2
SELECTED_ROLE = Qt.ItemDataRole.UserRole + 3
TODAY_ROLE = Qt.ItemDataRole.UserRole + 4

#: (background, text) of each kind of day; the legend shows the same colours.
COLOURS: dict[cs.DayType, tuple[str, str]] = {
    cs.DayType.WORKING: ("#ffffff", "#202124"),
    cs.DayType.WEEKEND: ("#e3e5e8", "#5f6368"),
    cs.DayType.HOLIDAY: ("#f6aea9", "#8c0d0d"),
    cs.DayType.GOVERNMENT_WORKDAY: ("#bcd6fb", "#123f8c"),
    cs.DayType.OFFICE_DAY_OFF: ("#fbc67a", "#6b3a00"),
    cs.DayType.MAKE_UP_DAY: ("#b5e0c0", "#0b5227"),
    cs.DayType.PENDING: ("#fff1a8", "#5c4a00"),
}
#: The selected day: white on blue, whatever its kind (its kind is in the side panel).
SELECTED = ("#1a4fd6", "#ffffff")


class MonthModel(QAbstractTableModel):
    """One month as a 6 × 7 grid (Monday first) of the year view's days.

    The view paints it with Qt's own delegate from the colour and font roles. A Python delegate
    is avoided on purpose: under PySide6 6.12 with Python 3.11, void ``QPainter`` calls made
    from Python (and empty ``QVariant`` results of ``QModelIndex.data()``) each lose a
    reference to ``None``, and a few thousand repaints abort the interpreter at exit.
    """

    ROWS, COLS = 6, 7

    def __init__(self, year: int, month: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year, self.month = year, month
        self._days: dict[date, cs.DayView] = {}
        self._selected: date | None = None
        self.today = date.today()
        self._first_col = date(year, month, 1).weekday()
        self._length = pycalendar.monthrange(year, month)[1]

    # ------------------------------------------------------------------ feeding

    def set_days(self, year: int, days: dict[date, cs.DayView]) -> None:
        self.beginResetModel()
        self.year = year
        self._days = days
        self._first_col = date(year, self.month, 1).weekday()
        self._length = pycalendar.monthrange(year, self.month)[1]
        self.endResetModel()

    def set_selected(self, day: date | None) -> None:
        old, self._selected = self._selected, day
        for d in (old, day):
            index = self.index_of(d) if d is not None else QModelIndex()
            if index.isValid():
                self.dataChanged.emit(index, index)

    def date_at(self, row: int, col: int) -> date | None:
        n = row * self.COLS + col - self._first_col + 1
        if 1 <= n <= self._length:
            return date(self.year, self.month, n)
        return None

    def cell(self, row: int, col: int) -> tuple[date, cs.DayType | None, bool] | None:
        """The date in a cell, its kind (``None`` until loaded) and whether it is selected."""
        d = self.date_at(row, col)
        if d is None:
            return None
        view = self._days.get(d)
        return d, view.type if view is not None else None, d == self._selected

    def day_at(self, index: QModelIndex) -> date | None:
        return self.date_at(index.row(), index.column()) if index.isValid() else None

    def index_of(self, d: date) -> QModelIndex:
        if (d.year, d.month) != (self.year, self.month):
            return QModelIndex()
        n = d.day - 1 + self._first_col
        return self.index(n // self.COLS, n % self.COLS)

    # ------------------------------------------------------------------ the model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.ROWS

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLS

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid() or self.date_at(index.row(), index.column()) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            names = (
                self.tr("T2"),
                self.tr("T3"),
                self.tr("T4"),
                self.tr("T5"),
                self.tr("T6"),
                self.tr("T7"),
                self.tr("CN"),
            )
            return names[section] if 0 <= section < len(names) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d = self.date_at(index.row(), index.column())
        if d is None:
            return None
        view = self._days.get(d)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(d.day)
        if role == DATE_ROLE:
            return d
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == SELECTED_ROLE:
            return d == self._selected
        if role == TODAY_ROLE:
            return d == self.today
        if view is None:
            return None
        if role == TYPE_ROLE:
            return view.type
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(SELECTED[0] if d == self._selected else COLOURS[view.type][0])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(SELECTED[1] if d == self._selected else COLOURS[view.type][1])
        if role == Qt.ItemDataRole.FontRole and d == self.today:
            font = QFont()
            font.setBold(True)
            font.setUnderline(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(view)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.tooltip(view).replace("\n", ". ")
        return None

    def tooltip(self, v: cs.DayView) -> str:
        lines = [texts().long_date(v.day)]
        hours = fmt_periods(v.periods)
        if v.type is cs.DayType.WORKING:
            lines.append(self.tr("Ngày làm việc: {hours}").format(hours=hours))
        elif v.type is cs.DayType.WEEKEND:
            lines.append(self.tr("Nghỉ cuối tuần"))
        elif v.type is cs.DayType.HOLIDAY:
            lines.append(self.tr("Nghỉ lễ, Tết: {name}").format(name=v.holiday_name))
        elif v.type is cs.DayType.GOVERNMENT_WORKDAY:
            lines.append(
                self.tr("Ngày làm việc theo lịch hoán đổi của Chính phủ: {hours}").format(
                    hours=hours
                )
            )
            if v.government_name:
                lines.append(v.government_name)
        elif v.type is cs.DayType.OFFICE_DAY_OFF:
            lines.append(self.tr("Ngày nghỉ của cơ quan. Lý do: {reason}").format(reason=v.reason))
        elif v.type is cs.DayType.PENDING:
            lines.append(
                self.tr("{name}: chưa có căn cứ pháp lý, vẫn là ngày làm việc: {hours}").format(
                    name=v.pending_name, hours=hours
                )
            )
        else:
            lines.append(
                self.tr("Ngày làm bù: {hours}. Lý do: {reason}").format(
                    hours=hours, reason=v.reason
                )
            )
        if v.holiday_name and v.type in (cs.DayType.OFFICE_DAY_OFF, cs.DayType.MAKE_UP_DAY):
            lines.append(self.tr("Ngày lễ theo quy định: {name}").format(name=v.holiday_name))
        if v.pending_name and v.type in (cs.DayType.OFFICE_DAY_OFF, cs.DayType.MAKE_UP_DAY):
            lines.append(self.tr("Ngày chờ căn cứ pháp lý: {name}").format(name=v.pending_name))
        detail = texts().source_detail(v)
        if detail:
            lines.extend(detail.split("\n"))
        if v.added_by and v.added_at:
            lines.append(
                self.tr("Khai báo bởi {name} lúc {time}").format(
                    name=v.added_by, time=fmt_dt(v.added_at)
                )
            )
        return "\n".join(lines)


class MonthView(QFrame):
    """A month's title above its grid of days."""

    CELL_W, CELL_H = 27, 21

    def __init__(self, page: CalendarPage, month: int) -> None:
        super().__init__(page)
        self.setObjectName(f"month{month}")
        self.model = MonthModel(page.year, month, self)
        # "Tháng 1" in Vietnamese; the month's own name in another language ("January").
        name = QLocale().standaloneMonthName(month, QLocale.FormatType.LongFormat)
        self.title = QLabel(self.tr("Tháng {month}").format(month=month, name=name))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-weight: 600; padding: 2px;")
        self.view = QTableView(objectName=f"monthView{month}")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        hh = self.view.horizontalHeader()
        hh.setMinimumSectionSize(self.CELL_W)
        hh.setDefaultSectionSize(self.CELL_W)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        for c in range(MonthModel.COLS):
            hh.resizeSection(c, self.CELL_W)
        hh.setHighlightSections(False)
        self.view.verticalHeader().setDefaultSectionSize(self.CELL_H)
        self.view.verticalHeader().setMinimumSectionSize(self.CELL_H)
        self.view.setShowGrid(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setMouseTracking(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        header_h = hh.sizeHint().height()
        self.view.setFixedSize(hh.length() + 2, header_h + self.CELL_H * MonthModel.ROWS + 2)
        self.view.clicked.connect(lambda i: page.select_date(self.model.day_at(i)))
        self.view.doubleClicked.connect(lambda i: page.edit_date(self.model.day_at(i)))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(3, 2, 3, 3)
        lay.setSpacing(0)
        lay.addWidget(self.title)
        lay.addWidget(self.view, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)


class _MonthsGrid(QWidget):
    """The twelve months, as many per line as the width allows."""

    def __init__(self, months: list[MonthView]) -> None:
        super().__init__()
        self.months = months
        self.grid = QGridLayout(self)
        self.grid.setSpacing(6)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self._cols = 0
        self._place(4)

    def _place(self, cols: int) -> None:
        if cols == self._cols:
            return
        self._cols = cols
        for m in self.months:
            self.grid.removeWidget(m)
        for i, m in enumerate(self.months):
            self.grid.addWidget(m, i // cols, i % cols)
        self.grid.setRowStretch((len(self.months) + cols - 1) // cols, 1)
        for c in range(8):
            self.grid.setColumnStretch(c, 1 if c == cols else 0)

    def relayout(self, width: int) -> None:
        month_w = self.months[0].sizeHint().width() + self.grid.spacing()
        self._place(max(2, min(6, (width - 8) // max(month_w, 1))))


class _Scroll(QScrollArea):
    def __init__(self, grid: _MonthsGrid) -> None:
        super().__init__()
        self.months_grid = grid
        self.setWidget(grid)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        self.months_grid.relayout(self.viewport().width())
        super().resizeEvent(event)


class CalendarPage(QWidget):
    """The year view, a legend, the selected day, the working hours and the office's own days.

    Everyone can look; the editing controls are enabled for the administrator only (and the
    service refuses anyone else in any case).
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.is_admin = ctx.user.role is Role.ADMIN
        self.now: Clock = system_now  # the banner's clock (tests set it)
        today = date.today()
        self.year = today.year
        self.selected: date | None = today
        self.data: cs.CalendarYear | None = None
        self.day_dialog: DayDialog | None = None
        self.schedule_dialog: ScheduleDialog | None = None
        self.preview_dialog: PreviewDialog | None = None
        self.import_dialog: ImportDialog | None = None
        self.confirm_dialog: ConfirmYearDialog | None = None
        self.status: cs.YearStatus | None = None
        self._pending_dialog: DayDialog | ScheduleDialog | ImportDialog | None = None

        # ------------------------------------------------------------ year switcher
        title = QLabel(self.tr("Lịch làm việc năm"))
        title.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.prev_year = QToolButton(objectName="prevYear")
        self.prev_year.setText("◀")
        self.prev_year.setToolTip(self.tr("Năm trước"))
        self.next_year = QToolButton(objectName="nextYear")
        self.next_year.setText("▶")
        self.next_year.setToolTip(self.tr("Năm sau"))
        self.year_spin = QSpinBox(objectName="year")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(self.year)
        self.year_spin.setKeyboardTracking(False)
        self.year_spin.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.today_btn = QPushButton(self.tr("Hôm nay"), objectName="today")
        self.prev_year.clicked.connect(lambda: self.year_spin.setValue(self.year_spin.value() - 1))
        self.next_year.clicked.connect(lambda: self.year_spin.setValue(self.year_spin.value() + 1))
        self.year_spin.valueChanged.connect(self.load_year)
        self.today_btn.clicked.connect(self.go_today)
        self.year_status = QLabel(objectName="yearStatus")
        self.year_status.setWordWrap(True)
        self.confirm_btn = QPushButton(self.tr("Xác nhận lịch năm…"), objectName="confirmYear")
        self.confirm_btn.clicked.connect(self.open_confirm_dialog)
        self.import_btn = QPushButton(
            self.tr("Nhập lịch của tỉnh (.ics, .xlsx)…"), objectName="importCalendar"
        )
        self.import_btn.clicked.connect(self.choose_import_file)
        top = QHBoxLayout()
        for w in (title, self.prev_year, self.year_spin, self.next_year, self.today_btn):
            top.addWidget(w)
        top.addWidget(self.year_status, 1)
        top.addWidget(self.confirm_btn)
        top.addWidget(self.import_btn)
        self.banner = CalendarBanner(ctx, self)

        # ------------------------------------------------------------ legend
        legend = QHBoxLayout()
        legend.setSpacing(14)
        names = {
            cs.DayType.WORKING: self.tr("Ngày làm việc"),
            cs.DayType.WEEKEND: self.tr("Nghỉ cuối tuần"),
            cs.DayType.HOLIDAY: self.tr("Nghỉ lễ, Tết"),
            cs.DayType.GOVERNMENT_WORKDAY: self.tr("Làm việc theo lịch hoán đổi"),
            cs.DayType.OFFICE_DAY_OFF: self.tr("Ngày nghỉ của cơ quan"),
            cs.DayType.MAKE_UP_DAY: self.tr("Ngày làm bù"),
            cs.DayType.PENDING: self.tr("Chờ căn cứ pháp lý (vẫn làm việc)"),
        }
        self.type_names = names
        for kind, text in names.items():
            swatch = QLabel(objectName=f"legend_{kind.value}")
            swatch.setFixedSize(18, 14)
            swatch.setStyleSheet(
                f"background: {COLOURS[kind][0]}; border: 1px solid #9aa0a6; border-radius: 2px;"
            )
            item = QHBoxLayout()
            item.setSpacing(5)
            item.addWidget(swatch)
            item.addWidget(QLabel(text))
            legend.addLayout(item)
        legend.addStretch(1)

        # ------------------------------------------------------------ the twelve months
        self.months = [MonthView(self, m) for m in range(1, 13)]
        self.scroll = _Scroll(_MonthsGrid(self.months))

        # ------------------------------------------------------------ the side panel
        day_box = QGroupBox(self.tr("Ngày đang chọn"))
        self.day_info = QLabel(objectName="dayInfo")
        self.day_info.setWordWrap(True)
        self.day_info.setTextFormat(Qt.TextFormat.RichText)
        self.day_info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.day_info.setMinimumHeight(90)
        self.day_info.setOpenExternalLinks(True)
        self.add_day_off_btn = QPushButton(self.tr("Khai báo ngày nghỉ…"), objectName="addDayOff")
        self.add_workday_btn = QPushButton(
            self.tr("Khai báo ngày làm bù…"), objectName="addWorkday"
        )
        self.remove_day_btn = QPushButton(self.tr("Bỏ khai báo…"), objectName="removeDay")
        self.add_day_off_btn.clicked.connect(lambda: self.open_day_dialog(DayKind.DAY_OFF))
        self.add_workday_btn.clicked.connect(lambda: self.open_day_dialog(DayKind.WORKDAY))
        self.remove_day_btn.clicked.connect(self.open_remove_dialog)
        dl = QVBoxLayout(day_box)
        dl.addWidget(self.day_info)
        buttons = QGridLayout()
        # One button a row: side by side they were cut ("hai báo ngày làm bù").
        buttons.addWidget(self.add_day_off_btn, 0, 0)
        buttons.addWidget(self.add_workday_btn, 1, 0)
        buttons.addWidget(self.remove_day_btn, 2, 0)
        dl.addLayout(buttons)

        hours_box = QGroupBox(self.tr("Giờ làm việc"))
        self.hours_info = QLabel(objectName="hoursInfo")
        self.hours_info.setWordWrap(True)
        self.hours_info.setTextFormat(Qt.TextFormat.RichText)
        self.edit_schedule_btn = QPushButton(
            self.tr("Sửa giờ làm việc, lịch theo mùa…"), objectName="editSchedule"
        )
        self.edit_schedule_btn.clicked.connect(self.open_schedule_dialog)
        hl = QVBoxLayout(hours_box)
        hl.addWidget(self.hours_info)
        hl.addWidget(self.edit_schedule_btn)

        # The year's days off, make-up days and pending days with their sources, on a tab
        # beside the months (the source column needs the width).
        self.office_box = QWidget()
        self.office_table = QTableWidget(0, 5, objectName="officeDays")
        self.office_table.setHorizontalHeaderLabels(
            [
                self.tr("Ngày"),
                self.tr("Loại"),
                self.tr("Nguồn"),
                self.tr("Tên ngày, lý do"),
                self.tr("Văn bản"),
            ]
        )
        self.office_table.verticalHeader().hide()
        self.office_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.office_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.office_table.setWordWrap(False)
        self.office_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.office_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        oh = self.office_table.horizontalHeader()
        for c in range(3):
            oh.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        oh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        oh.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.office_table.cellClicked.connect(self._office_row_clicked)
        ol = QVBoxLayout(self.office_box)
        ol.setContentsMargins(4, 4, 4, 4)
        ol.addWidget(self.office_table)
        self.tabs = QTabWidget(objectName="calendarTabs")
        self.tabs.addTab(self.scroll, self.tr("Lịch năm"))
        self.tabs.addTab(self.office_box, self.tr("Ngày nghỉ, làm bù và nguồn"))

        for b in (
            self.add_day_off_btn,
            self.add_workday_btn,
            self.remove_day_btn,
            self.edit_schedule_btn,
            self.confirm_btn,
            self.import_btn,
        ):
            b.setEnabled(self.is_admin)
        self.import_btn.setVisible(self.is_admin)
        side = QVBoxLayout()
        side.addWidget(day_box)
        side.addWidget(hours_box)
        side.addStretch(1)
        if not self.is_admin:
            note = QLabel(
                self.tr("Chỉ quản trị viên được thay đổi lịch làm việc; bạn có thể xem."),
                objectName="readOnlyNote",
            )
            note.setWordWrap(True)
            note.setStyleSheet("color: #5f6368;")
            side.addWidget(note)
        self.message = QLabel(objectName="calendarMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #0b5227; font-weight: 600;")
        self.message.hide()
        self.error = ErrorLabel(self)
        side.addWidget(self.message)
        side.addWidget(self.error)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(400)

        body = QHBoxLayout()
        body.addWidget(self.tabs, 1)
        body.addWidget(side_widget)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.banner)
        lay.addLayout(legend)
        lay.addLayout(body, 1)
        self.load_year(self.year)
        self.banner.refresh(self.now)

    # ------------------------------------------------------------------ loading

    def load_year(self, year: int) -> None:
        self.year = year
        if self.selected is not None and self.selected.year != year:
            s = self.selected  # keep the same day of the month in the other year (29/02 → 28/02)
            self.selected = date(year, s.month, min(s.day, pycalendar.monthrange(year, s.month)[1]))
        if self.year_spin.value() != year:
            self.year_spin.setValue(year)  # comes back here through valueChanged
            return
        self.ctx.runner.submit(
            cs.year_view, self.ctx.db, year, on_done=self._show_year, on_error=self.error.show_error
        )
        self.ctx.runner.submit(
            cs.year_status,
            self.ctx.db,
            year,
            on_done=self._show_status,
            on_error=self.error.show_error,
        )

    def _show_status(self, status: cs.YearStatus) -> None:
        if status.year != self.year:
            return
        self.status = status
        if status.confirmed and status.confirmed_at is not None:
            text = self.tr("Năm {year}: đã xác nhận ngày {date} ({name}).").format(
                year=status.year,
                date=fmt_date(status.confirmed_at.date()),
                name=status.confirmed_by or "",
            )
            self.year_status.setStyleSheet("color: #0b5227;")
        else:
            text = self.tr("Năm {year}: chưa xác nhận.").format(year=status.year)
            if status.table_complete is None:
                text += " " + self.tr("Chưa có quyết định nghỉ lễ nào của Chính phủ trong dữ liệu.")
            elif not status.table_complete:
                text += " " + self.tr("Mới có một phần quyết định nghỉ lễ của Chính phủ.")
            self.year_status.setStyleSheet("color: #8c4a00; font-weight: 600;")
        self.year_status.setText(text)
        self.confirm_btn.setText(self.tr("Xác nhận lịch năm {year}…").format(year=status.year))
        self.confirm_btn.setEnabled(self.is_admin and not status.confirmed)

    def _show_year(self, data: cs.CalendarYear) -> None:
        if data.year != self.year:  # an older answer, the user has moved on
            return
        self.data = data
        self.error.clear_error()
        days = {v.day: v for v in data.days}
        for m in self.months:
            m.model.set_days(data.year, days)
            m.model.set_selected(self.selected)
        self._show_hours(data)
        self._show_office_days(data)
        self._show_selected()

    def _show_hours(self, data: cs.CalendarYear) -> None:
        lines = []
        for s in data.schedules:
            if len(data.schedules) == 1:
                head = self.tr("Cả năm")
            else:
                head = self.tr("{name} (từ {day:02d}/{month:02d})").format(
                    name=s.name, day=s.start_day, month=s.start_month
                )
            lines.append(f"<b>{head}:</b> {fmt_periods(s.periods)}")
        lines.append(
            self.tr("Một ngày làm việc: {hours} giờ").format(hours=fmt_hours(data.hours_per_day))
        )
        self.hours_info.setText("<br>".join(lines))

    def _show_office_days(self, data: cs.CalendarYear) -> None:
        """Every day off, make-up day and pending day of the year, with its source."""
        self.tabs.setTabText(
            1,
            self.tr("Ngày nghỉ, làm bù năm {year} và nguồn ({count})").format(
                year=data.year, count=len(data.sourced_days)
            ),
        )
        kinds = {
            cs.DayType.HOLIDAY: self.tr("Nghỉ lễ"),
            cs.DayType.GOVERNMENT_WORKDAY: self.tr("Làm bù"),
            cs.DayType.OFFICE_DAY_OFF: self.tr("Nghỉ"),
            cs.DayType.MAKE_UP_DAY: self.tr("Làm bù"),
            cs.DayType.PENDING: self.tr("Chờ"),
        }
        rows = data.sourced_days
        self.office_table.setRowCount(len(rows))
        for r, v in enumerate(rows):
            kind = kinds.get(v.type, "")
            tip = self.model_for(v.day).tooltip(v)
            name = v.reason or v.government_name or v.holiday_name or v.pending_name or ""
            cells = (fmt_date(v.day), kind, texts().source(v), name, texts().document(v))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, v.day)
                item.setToolTip(tip)
                if c == 1:
                    item.setBackground(QColor(COLOURS[v.type][0]))
                    item.setForeground(QColor(COLOURS[v.type][1]))
                self.office_table.setItem(r, c, item)

    # ------------------------------------------------------------------ selection

    def model_for(self, d: date) -> MonthModel:
        return self.months[d.month - 1].model

    def day_view(self, d: date) -> cs.DayView | None:
        if self.data is None or self.data.year != d.year:
            return None
        return self.data.day(d)

    def go_today(self) -> None:
        today = date.today()
        self.selected = today
        if self.year != today.year:
            self.load_year(today.year)
        else:
            self.select_date(today)

    def select_date(self, d: date | None) -> None:
        if d is None:
            return
        old = self.selected
        self.selected = d
        if old is not None and old.year == self.year:
            self.model_for(old).set_selected(None)
        self.model_for(d).set_selected(d)
        if d.year == self.year:  # a day picked in the table: bring its month into view
            self.scroll.ensureWidgetVisible(self.months[d.month - 1], 0, 0)
        self._show_selected()

    def _office_row_clicked(self, row: int, _col: int) -> None:
        item = self.office_table.item(row, 0)
        if item is not None:
            self.select_date(item.data(Qt.ItemDataRole.UserRole))

    def _show_selected(self) -> None:
        d = self.selected
        v = self.day_view(d) if d is not None else None
        if v is None:
            self.day_info.setText(self.tr("Chọn một ngày trên lịch để xem chi tiết."))
            self.remove_day_btn.setEnabled(False)
            return
        tip = self.model_for(v.day).tooltip(v).split("\n")
        swatch = COLOURS[v.type][0]
        head = (
            f"<span style='background:{swatch};'>&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;"
            f"<b>{tip[0]}</b>"
        )
        lines = [
            f"<a href='{html.escape(t)}'>{html.escape(t)}</a>"
            if t.startswith(("http://", "https://"))
            else html.escape(t)
            for t in tip[1:]
        ]
        self.day_info.setText("<br>".join([head, *lines]))
        declared = v.type in (cs.DayType.OFFICE_DAY_OFF, cs.DayType.MAKE_UP_DAY)
        self.remove_day_btn.setEnabled(self.is_admin and declared)
        self.add_day_off_btn.setEnabled(self.is_admin and v.working and not declared)
        self.add_workday_btn.setEnabled(self.is_admin and not v.working and not declared)

    # ------------------------------------------------------------------ changes

    def edit_date(self, d: date | None) -> None:
        """Double-click on a day: the administrator declares it, or withdraws its declaration."""
        if d is None or not self.is_admin:
            return
        self.select_date(d)
        v = self.day_view(d)
        if v is None:
            return
        if v.type in (cs.DayType.OFFICE_DAY_OFF, cs.DayType.MAKE_UP_DAY):
            self.open_remove_dialog()
        else:
            self.open_day_dialog(DayKind.DAY_OFF if v.working else DayKind.WORKDAY)

    def open_day_dialog(self, kind: DayKind) -> DayDialog:
        dlg = DayDialog(self.selected or date.today(), kind, parent=self)
        return self._open_editor(dlg)

    def open_remove_dialog(self) -> DayDialog | None:
        v = self.day_view(self.selected) if self.selected else None
        if v is None:
            return None
        return self._open_editor(DayDialog(v.day, DayKind.DAY_OFF, existing=v, parent=self))

    def open_schedule_dialog(self) -> ScheduleDialog | None:
        if self.data is None:
            return None
        return self._open_editor(ScheduleDialog(self.data.schedules, parent=self))

    def _open_editor(self, dlg: Any) -> Any:
        if isinstance(dlg, DayDialog):
            self.day_dialog = dlg
        else:
            self.schedule_dialog = dlg
        dlg.sig_submitted.connect(lambda change: self.propose(change, dlg))
        dlg.finished.connect(dlg.deleteLater)
        dlg.open()
        return dlg

    def propose(self, change: cs.CalendarChange, editor: Any = None) -> None:
        """Work out which open dossiers the change would move, then ask for confirmation."""
        self._pending_dialog = editor
        self.ctx.runner.submit(
            cs.preview_change,
            self.ctx.db,
            change,
            on_done=lambda moves: self._show_preview(change, moves),
            on_error=lambda e: (editor or self.error).show_error(e),
        )

    def _show_preview(self, change: cs.CalendarChange, moves: list[cs.DueChange]) -> None:
        if self._pending_dialog is not None:
            self._pending_dialog.accept()
            self._pending_dialog = None
        dlg = PreviewDialog(change, moves, parent=self)
        self.preview_dialog = dlg
        dlg.sig_confirmed.connect(lambda c, ids: self.confirm_change(c, ids, dlg))
        dlg.finished.connect(dlg.deleteLater)
        dlg.open()

    def confirm_change(
        self, change: cs.CalendarChange, recompute_ids: set[int], dialog: Any = None
    ) -> None:
        """Save the change; recompute the due dates of ``recompute_ids`` only."""
        self.message.hide()
        self.ctx.runner.submit(
            cs.apply_change,
            self.ctx.db,
            self.ctx.actor,
            change,
            recompute_ids,
            on_done=lambda result: self._applied(result, dialog),
            on_error=lambda e: (dialog or self.error).show_error(e),
        )

    def _applied(self, result: cs.AppliedChange, dialog: Any) -> None:
        if dialog is not None:
            dialog.accept()
        n = len(result.recomputed)
        if n:
            text = self.tr("Đã lưu thay đổi lịch làm việc và tính lại hạn của {count} hồ sơ.")
        else:
            text = self.tr("Đã lưu thay đổi lịch làm việc. Không hạn nào đã in bị tính lại.")
        self.message.setText(text.format(count=n))
        self.message.show()
        self.load_year(self.year)

    # ------------------------------------------------------------------ confirming a year

    def open_confirm_dialog(self) -> ConfirmYearDialog | None:
        if not self.is_admin or self.status is None or self.status.confirmed:
            return None
        dlg = ConfirmYearDialog(self.status, parent=self)
        self.confirm_dialog = dlg
        dlg.sig_submitted.connect(lambda year, note: self.confirm_year(year, note, dlg))
        dlg.finished.connect(dlg.deleteLater)
        dlg.open()
        return dlg

    def confirm_year(self, year: int, note: str, dialog: Any = None) -> None:
        self.ctx.runner.submit(
            cs.confirm_year,
            self.ctx.db,
            self.ctx.actor,
            year,
            note,
            on_done=lambda status: self._year_confirmed(status, dialog),
            on_error=lambda e: (dialog or self.error).show_error(e),
        )

    def _year_confirmed(self, status: cs.YearStatus, dialog: Any) -> None:
        if dialog is not None:
            dialog.accept()
        self.message.setText(
            self.tr("Đã xác nhận lịch làm việc năm {year}.").format(year=status.year)
        )
        self.message.show()
        self._show_status(status)
        self.banner.refresh(self.now)

    # ------------------------------------------------------------------ import

    def choose_import_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Chọn tệp lịch nghỉ của tỉnh"),
            "",
            self.tr("Lịch (*.ics *.xlsx)"),
        )
        if path:
            self.open_import(Path(path))

    def open_import(self, path: Path) -> None:
        """Read the file (off the UI thread), then show what importing it would do."""
        self.error.clear_error()
        self.ctx.runner.submit(
            ci.plan_import,
            self.ctx.db,
            path,
            on_done=lambda plan: self._show_import(plan, path.name),
            on_error=self.error.show_error,
        )

    def _show_import(self, plan: ci.ImportPlan, file_name: str) -> None:
        dlg = ImportDialog(plan, file_name, parent=self)
        self.import_dialog = dlg
        dlg.sig_submitted.connect(lambda change: self.propose(change, dlg))
        dlg.finished.connect(dlg.deleteLater)
        dlg.open()
