"""Spreadsheet safety: text that a spreadsheet would run as a formula is written as text."""

from __future__ import annotations

from copy import copy
from typing import Any, TypeVar

#: A text cell starting with one of these is a formula (or a DDE payload) to Excel and
#: LibreOffice when typed or read from CSV (OWASP "CSV injection").
RISKY_START = ("=", "+", "-", "@", "\t", "\r")

C = TypeVar("C")


def is_risky(value: Any) -> bool:
    """True for a text value a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(RISKY_START)


def safe_cell(cell: C) -> C:
    """Make an openpyxl cell (normal or write-only) holding risky text a plain text cell.

    openpyxl stores any string starting with ``=`` as a live formula; this turns it back into
    a string, and the quote prefix keeps Excel from re-reading it as a formula on edit.
    """
    if is_risky(getattr(cell, "value", None)):
        cell.data_type = "s"  # type: ignore[attr-defined]
        # the cell's style may be shared (the register gives a column's cells one style
        # array): mark a copy, so the cells after it are not marked too
        cell._style = copy(cell._style)  # type: ignore[attr-defined]
        cell.quotePrefix = True  # type: ignore[attr-defined]
    return cell


def safe_csv(value: Any) -> Any:
    """A CSV field: risky text gets a leading apostrophe (read back by the importer)."""
    return "'" + value if is_risky(value) else value


def unquote_csv(value: str) -> str:
    """The inverse of :func:`safe_csv` for text read back from a CSV."""
    if value.startswith("'") and value[1:].startswith(RISKY_START):
        return value[1:]
    return value
