"""Table models and display words shared by the ratings and feedback pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

BACKGROUNDS = {
    "on_track": QColor("#e8f5e9"),
    "nearly_due": QColor("#fff3cd"),
    "late": QColor("#f8d7da"),
}
FOREGROUNDS = {
    "on_track": QColor("#1b5e20"),
    "nearly_due": QColor("#7a4d00"),
    "late": QColor("#8b0000"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Feedback", text)


def fmt_dt(value: datetime | None) -> str:
    return "" if value is None else f"{value:%H:%M %d/%m/%Y}"


def fmt_date(value: date | datetime | None) -> str:
    return "" if value is None else f"{value:%d/%m/%Y}"


def percent(ratio: float) -> str:
    """0.9649 → "96,5%" (Vietnamese decimal comma)."""
    return f"{ratio * 100:.1f}".replace(".", ",").replace(",0", "") + "%"


def level_name(level: str | None) -> str:
    names = {
        "very_satisfied": QCoreApplication.translate("Feedback", "Rất hài lòng"),
        "satisfied": QCoreApplication.translate("Feedback", "Hài lòng"),
        "not_satisfied": QCoreApplication.translate("Feedback", "Không hài lòng"),
    }
    return names.get(level or "", "")


def state_name(state: str) -> str:
    names = {
        "received": QCoreApplication.translate("Feedback", "Mới tiếp nhận"),
        "supplement_requested": QCoreApplication.translate("Feedback", "Chờ bổ sung thông tin"),
        "in_progress": QCoreApplication.translate("Feedback", "Đang xử lý"),
        "answered": QCoreApplication.translate("Feedback", "Đã trả lời, chờ công khai"),
        "published": QCoreApplication.translate("Feedback", "Đã công khai"),
        "rejected": QCoreApplication.translate("Feedback", "Từ chối xử lý"),
    }
    return names.get(state, state)


def channel_name(channel: str) -> str:
    names = {
        "counter": QCoreApplication.translate("Feedback", "Trực tiếp"),
        "phone": QCoreApplication.translate("Feedback", "Điện thoại"),
        "email": QCoreApplication.translate("Feedback", "Thư điện tử"),
        "portal": QCoreApplication.translate("Feedback", "Cổng dịch vụ công"),
        "letter": QCoreApplication.translate("Feedback", "Văn bản, bưu chính"),
    }
    return names.get(channel, channel)


def timeliness_name(value: str | None) -> str:
    names = {
        "early": QCoreApplication.translate("Feedback", "trước hạn"),
        "on_time": QCoreApplication.translate("Feedback", "đúng hạn"),
        "late": QCoreApplication.translate("Feedback", "quá hạn"),
    }
    return names.get(value or "", "")


def time_left(minutes: int | None) -> str:
    """Signed working minutes → "còn 5 giờ 20 phút" / "quá 1 giờ 05 phút"."""
    if minutes is None:
        return ""
    m = abs(minutes)
    if minutes < 0:
        return QCoreApplication.translate("Feedback", "quá {h} giờ {m:02d} phút").format(
            h=m // 60, m=m % 60
        )
    return QCoreApplication.translate("Feedback", "còn {h} giờ {m:02d} phút").format(
        h=m // 60, m=m % 60
    )


class RowsModel(QAbstractTableModel, Generic[T]):
    """A read-only table over frozen rows: one function per column gives the cell's text, and
    an optional function gives a row's warning level (background and text colour)."""

    def __init__(
        self,
        headers: Sequence[str],
        columns: Sequence[Callable[[T], Any]],
        warning: Callable[[T], str | None] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.columns = list(columns)
        self.warning = warning
        self.rows: list[T] = []
        self.aligned_right: set[int] = set()

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        if not (0 <= index.column() < len(self.columns)):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self.columns[index.column()](row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.aligned_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if self.warning is not None and role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            level = self.warning(row)
            if level is None or level == "on_track":
                return None
            table = BACKGROUNDS if role == Qt.ItemDataRole.BackgroundRole else FOREGROUNDS
            return QBrush(table[level])
        return None
