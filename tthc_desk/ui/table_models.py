"""One read-only table model over a list of frozen rows, for the pages' simple tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

#: Background and text colour of a row or cell by warning level (on track, nearly due, late).
WARNING_BACKGROUNDS = {
    "on_track": QColor("#e8f5e9"),
    "nearly_due": QColor("#fff3cd"),
    "late": QColor("#f8d7da"),
}
WARNING_FOREGROUNDS = {
    "on_track": QColor("#1b5e20"),
    "nearly_due": QColor("#7a4d00"),
    "late": QColor("#8b0000"),
}


class RowTableModel(QAbstractTableModel, Generic[T]):
    """A flat table: ``rows`` and one header title a column. A subclass says what a cell shows
    in :meth:`display`, and where it wishes its tooltip, colours and alignment in the other
    hooks (``None``: Qt's default; for the tooltip, the cell's text)."""

    def __init__(self, headers: Sequence[str] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[T] = []
        self.headers: list[str] = list(headers)

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    # ------------------------------------------------------------------ the hooks

    def display(self, row: T, column: int) -> Any:
        raise NotImplementedError

    def tooltip(self, row: T, column: int) -> Any:
        return None

    def foreground(self, row: T, column: int) -> Any:
        return None

    def background(self, row: T, column: int) -> Any:
        return None

    def alignment(self, row: T, column: int) -> Any:
        return None

    # ------------------------------------------------------------------ the model

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
        if not (0 <= index.column() < len(self.headers)):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tooltip(row, column)
            if tip is None:  # a text elided in a narrow column is read whole in its tooltip
                text = self.display(row, column)
                return text if isinstance(text, str) and text else None
            return tip
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.background(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(row, column)
        return None
