"""Table models and display words shared by the ratings and feedback pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from tthc_desk.ui.table_models import WARNING_BACKGROUNDS, WARNING_FOREGROUNDS, RowTableModel

T = TypeVar("T")


def tr(text: str) -> str:
    return QCoreApplication.translate("Feedback", text)


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


class RowsModel(RowTableModel[T]):
    """A read-only table over frozen rows: one function per column gives the cell's text, and
    an optional function gives a row's warning level (background and text colour)."""

    def __init__(
        self,
        headers: Sequence[str],
        columns: Sequence[Callable[[T], Any]],
        warning: Callable[[T], str | None] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(headers, parent)
        self.columns = list(columns)
        self.warning = warning
        self.aligned_right: set[int] = set()

    def display(self, row: T, column: int) -> Any:
        if not (0 <= column < len(self.columns)):
            return None
        value = self.columns[column](row)
        return "" if value is None else str(value)

    tooltip = display

    def alignment(self, row: T, column: int) -> Any:
        if column in self.aligned_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _warning_brush(self, row: T, table: dict[str, QColor]) -> Any:
        if self.warning is None:
            return None
        level = self.warning(row)
        if level is None or level == "on_track":
            return None
        return QBrush(table[level])

    def background(self, row: T, column: int) -> Any:
        return self._warning_brush(row, WARNING_BACKGROUNDS)

    def foreground(self, row: T, column: int) -> Any:
        return self._warning_brush(row, WARNING_FOREGROUNDS)
