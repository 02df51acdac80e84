"""The board's table model: frozen rows paged from SQL by keyset (``fetchMore``), time left of
each dossier and its current step computed from the working calendar, coloured by warning."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush

from tthc_desk.domain.calendar import WorkingCalendar
from tthc_desk.domain.deadlines import DEFAULT_WARNING_POLICY, WarningPolicy
from tthc_desk.domain.dossier_rules import Standing
from tthc_desk.services import dossiers as ds
from tthc_desk.services.common import Clock, system_now
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.formatting import fmt_dt, time_left
from tthc_desk.ui.table_models import WARNING_BACKGROUNDS, WARNING_FOREGROUNDS

Index = QModelIndex | QPersistentModelIndex
STANDINGS_KEPT = 4096  # clocks kept for rows painted lately (a few screens' worth)


def tr(text: str) -> str:
    return QCoreApplication.translate("Board", text)


def state_name(state: str) -> str:
    names = {
        "submitted_online": QCoreApplication.translate("Board", "Chờ tiếp nhận (trực tuyến)"),
        "received": QCoreApplication.translate("Board", "Đã tiếp nhận"),
        "in_progress": QCoreApplication.translate("Board", "Đang giải quyết"),
        "paused": QCoreApplication.translate("Board", "Tạm dừng"),
        "supplement_requested": QCoreApplication.translate("Board", "Chờ bổ sung"),
        "result_ready": QCoreApplication.translate("Board", "Có kết quả"),
        "returned": QCoreApplication.translate("Board", "Đã trả kết quả"),
        "refused": QCoreApplication.translate("Board", "Từ chối"),
        "stopped": QCoreApplication.translate("Board", "Dừng giải quyết"),
        "withdrawn": QCoreApplication.translate("Board", "Đã rút"),
    }
    return names.get(state, state)


def timeliness_name(value: str | None) -> str:
    names = {
        "early": QCoreApplication.translate("Board", "Trước hạn"),
        "on_time": QCoreApplication.translate("Board", "Đúng hạn"),
        "late": QCoreApplication.translate("Board", "Quá hạn"),
    }
    return names.get(value or "", "")


def channel_name(value: str) -> str:
    names = {
        "counter": QCoreApplication.translate("Board", "Trực tiếp"),
        "online": QCoreApplication.translate("Board", "Trực tuyến"),
        "post": QCoreApplication.translate("Board", "Bưu chính"),
    }
    return names.get(value, value)


def time_left_text(stand: Standing | None, state: str | None = None) -> str:
    """ "còn 5 giờ 20 phút", "quá 4 ngày", with "(tạm dừng)" when the clock stands still, or
    "(chờ bổ sung)" when it waits for the applicant (``state`` "supplement_requested")."""
    supplement = state == "supplement_requested"
    if stand is None:
        return QCoreApplication.translate("Board", "chờ công dân bổ sung") if supplement else ""
    text = time_left(stand)
    if supplement:
        text += QCoreApplication.translate("Board", " (chờ bổ sung)")
    elif stand.paused:
        text += QCoreApplication.translate("Board", " (tạm dừng)")
    return text


def _short(value: datetime | None) -> str:
    return "" if value is None else f"{value:%H:%M %d/%m}"


def due_text(r: ds.BoardRow) -> str:
    """The due column: the citizen's appointment; where the portal judges by another date (a
    supplement the office counts afresh, an apology, a second supplement), both, labelled, on
    the row's two lines (issue 10: the two clocks shown apart)."""
    if not r.clocks_differ:
        return fmt_dt(r.due_at)
    return QCoreApplication.translate("Board", "Hẹn {due}\nCổng {portal}").format(
        due=_short(r.due_at), portal=_short(r.portal_due_at)
    )


def due_tooltip(r: ds.BoardRow) -> str:
    """Both dates whole and why they differ; the time left follows the portal's date."""
    why = {
        "restart": QCoreApplication.translate(
            "Board",
            "cơ quan tính lại đủ thời hạn từ khi nhận hồ sơ đã bổ sung; Cổng chỉ trừ thời gian "
            "hồ sơ nằm ở người dân trong một lần bổ sung",
        ),
        "apology": QCoreApplication.translate(
            "Board", "văn bản xin lỗi đã hẹn ngày mới; Cổng giữ ngày hẹn ban đầu"
        ),
        "supplements": QCoreApplication.translate(
            "Board", "hồ sơ phải bổ sung hơn một lần: Cổng tính là quá hạn"
        ),
    }.get(r.clock_difference or "", "")
    return QCoreApplication.translate(
        "Board",
        "Hẹn trả (giấy hẹn của công dân): {due}\nCổng Dịch vụ công tính hạn: {portal}\n"
        'Lý do khác nhau: {why}\nCột "Thời gian còn lại" và cảnh báo tính theo hạn của Cổng '
        "(chỉ số 766).",
    ).format(due=fmt_dt(r.due_at), portal=fmt_dt(r.portal_due_at), why=why)


class BoardModel(QAbstractTableModel):
    """Rows of :class:`ds.BoardRow`, loaded a page at a time in ``ORDER BY due_at, id``."""

    sig_loaded = Signal(int)
    """A page arrived; the argument is the number of rows now loaded."""
    sig_failed = Signal(object)
    """Loading failed (the error, for the page to show)."""

    COLUMNS = (
        "code",
        "applicant",
        "procedure",
        "state",
        "officer",
        "due",
        "left",
        "step",
        "step_left",
    )

    def __init__(self, ctx: AppContext, calendar: WorkingCalendar, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.calendar = calendar
        self.policy: WarningPolicy = DEFAULT_WARNING_POLICY  # the office's, with each page
        self.now: Clock = system_now
        self._rows: list[ds.BoardRow] = []
        # the clocks of the rows painted since the last tick (computed when first shown)
        self._stand: dict[int, tuple[Standing | None, Standing | None]] = {}
        self._query = ds.BoardQuery()
        self._cursor: tuple[datetime, int] | None = None
        self._more = False
        self._loading = False
        self._generation = 0
        self._at = self.now()

    # ------------------------------------------------------------------ loading

    @property
    def query(self) -> ds.BoardQuery:
        return self._query

    def set_query(self, query: ds.BoardQuery) -> None:
        """Start afresh with new filters: empty the table and load the first page."""
        self._generation += 1
        self._at = self.now()
        self.beginResetModel()
        self._rows, self._stand = [], {}
        self._query = replace(query, after=None)
        self._cursor, self._more, self._loading = None, True, False
        self.endResetModel()
        self._load()

    def reload(self) -> None:
        self.set_query(self._query)

    def _load(self) -> None:
        if self._loading or not self._more:
            return
        self._loading = True
        generation = self._generation
        q = replace(self._query, after=self._cursor)
        self.ctx.runner.submit(
            ds.board_page,
            self.ctx.db,
            q,
            self.now,
            on_done=lambda page: self._arrived(generation, page),
            on_error=lambda exc: self._failed(generation, exc),
        )

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._loading = False
            self._more = False
            self.sig_failed.emit(exc)

    def _arrived(self, generation: int, page: ds.BoardPage) -> None:
        if generation != self._generation:
            return  # an older query's page
        self._loading = False
        self._cursor = page.cursor
        self._more = page.cursor is not None
        if page.policy != self.policy:  # the office changed its warning setting
            self.policy = page.policy
            self._stand.clear()
            if self._rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1)
                )
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self.sig_loaded.emit(len(self._rows))

    def _standings(self, r: ds.BoardRow) -> tuple[Standing | None, Standing | None]:
        return (
            r.standing(self.calendar, self._at, self.policy),
            r.step_standing(self.calendar, self._at, self.policy),
        )

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self._load()

    def tick(self) -> None:
        """The clock moved: recompute every loaded row's time left and repaint those cells."""
        self._at = self.now()
        self._stand.clear()
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1)
            )

    # ------------------------------------------------------------------ the table

    def row_at(self, row: int) -> ds.BoardRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        if not 0 <= section < len(self.COLUMNS):
            return None
        titles = {
            "code": QCoreApplication.translate("Board", "Mã hồ sơ"),
            "applicant": QCoreApplication.translate("Board", "Người nộp"),
            "procedure": QCoreApplication.translate("Board", "Thủ tục"),
            "state": QCoreApplication.translate("Board", "Trạng thái"),
            "officer": QCoreApplication.translate("Board", "Cán bộ xử lý"),
            "due": QCoreApplication.translate("Board", "Hạn trả"),
            "left": QCoreApplication.translate("Board", "Thời gian còn lại"),
            "step": QCoreApplication.translate("Board", "Bước hiện tại"),
            "step_left": QCoreApplication.translate("Board", "Còn lại của bước"),
        }
        return titles[self.COLUMNS[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        stand, step_stand = self._standings_of(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col, stand, step_stand)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        level_source = step_stand if col in ("step", "step_left") else stand
        if role == Qt.ItemDataRole.BackgroundRole and level_source is not None:
            return QBrush(WARNING_BACKGROUNDS[level_source.level.value])
        if role == Qt.ItemDataRole.ForegroundRole and level_source is not None:
            if col in ("left", "step_left", "code"):
                return QBrush(WARNING_FOREGROUNDS[level_source.level.value])
        if role == Qt.ItemDataRole.ToolTipRole and col == "due" and r.clocks_differ:
            return due_tooltip(r)
        if role == Qt.ItemDataRole.ToolTipRole and col == "procedure":
            return f"{r.field_name}: {r.procedure_name}"
        if role == Qt.ItemDataRole.ToolTipRole and col in ("step", "step_left") and step_stand:
            return r.step_name
        if role == Qt.ItemDataRole.ToolTipRole and col not in ("step", "step_left"):
            # a text too long for its cell is elided; the tooltip has it whole
            return self._display(r, col, stand, step_stand) or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(r, col, stand, step_stand)
        return None

    def _display(
        self, r: ds.BoardRow, col: str, stand: Standing | None, step_stand: Standing | None
    ) -> str:
        if col == "code":
            return r.code
        if col == "applicant":
            return r.applicant_name
        if col == "procedure":
            return r.procedure_name
        if col == "state":
            text = state_name(r.state.value)
            if r.timeliness:
                text += f" · {timeliness_name(r.timeliness)}"
            return text
        if col == "officer":
            return r.officer_name
        if col == "due":
            return due_text(r)
        if col == "left":
            return time_left_text(stand, r.state.value)
        if col == "step":
            return r.step_name if step_stand is not None else ""
        # the step stands still with its dossier, which says so beside it
        return time_left(step_stand) if step_stand is not None else ""

    def _standings_of(self, row: int) -> tuple[Standing | None, Standing | None]:
        hit = self._stand.get(row)
        if hit is None:
            if len(self._stand) >= STANDINGS_KEPT:  # scrolled far: forget the rows left behind
                self._stand.clear()
            hit = self._stand[row] = self._standings(self._rows[row])
        return hit

    def level_of(self, row: int) -> str | None:
        stand = self._standings_of(row)[0]
        return stand.level.value if stand else None
