"""The register (form 07) as an XLSX workbook: same columns as the PDF, real Excel dates."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tthc_desk.domain.text import nfc

from . import labels as L
from .cells import safe_cell
from .data import RegisterData, RegisterLine
from .layout import fmt_date

HEADER_ROW = 5
DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
# Column widths in characters, in the order of labels.REGISTER_HEADER.
_WIDTHS = (6, 20, 40, 9, 24, 34, 28, 17, 17, 14, 14, 24, 22)
# Which columns hold a date and time, which a date only (1-based).
_DATE_TIME_COLUMNS = (8, 9)
_DATE_COLUMNS = (10, 11, 12)


def _cell_values(line: RegisterLine) -> list[Any]:
    contact = ", ".join(x for x in (nfc(line.address), nfc(line.phone)) if x)
    notes = [L.TIMELINESS[line.timeliness]] if line.timeliness else []
    notes += [nfc(line.note)] if nfc(line.note) else []
    notes += [L.REGISTER_RETURNED_TO + nfc(line.returned_to)] if nfc(line.returned_to) else []
    return [
        line.number,
        nfc(line.dossier_code),
        nfc(line.procedure_name),
        line.sets,
        nfc(line.applicant_name),
        contact,
        nfc(line.handling_body),
        _naive(line.received_at),
        _naive(line.due_at),
        _naive(line.passed_at),
        _naive(line.result_back_at),
        _naive(line.returned_at),
        "; ".join(notes),
    ]


def _naive(moment: datetime | None) -> datetime | None:
    """Excel has no time zones: keep the wall-clock time."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.replace(tzinfo=None)


class _LineCell(Cell):
    """A write-only cell of a register line. openpyxl's ``append`` first tries each appended
    value as a plain value and, for a cell, formats the refusal's message (the cell's ``repr``:
    its sheet's title and coordinate) before taking the cell as it is; a constant ``repr``
    makes that step cheap, once per value of the register."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<register cell>"


def render_register_xlsx(data: RegisterData, out: Path | BinaryIO) -> None:
    """Write the register for ``data``'s period as one sheet with a frozen header row."""
    write_register_xlsx(data, data.lines, out)


def write_register_xlsx(
    data: RegisterData,
    lines: Iterable[RegisterLine],
    out: Path | BinaryIO,
    on_line: Callable[[int], None] | None = None,
) -> int:
    """Stream ``lines`` (``data.lines`` is not read) into a write-only workbook: rows go to
    disk as they come, so memory stays flat whatever the period. Returns the lines written;
    ``on_line(n)`` is called after each line (progress, and Cancel by raising)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(L.REGISTER_TITLE.title()[:31])
    office = data.head.office
    bold = Font(name="Times New Roman", bold=True, size=12)
    last_col = get_column_letter(len(L.REGISTER_HEADER))
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    top = Alignment(vertical="top", wrap_text=True)
    plain = Font(name="Times New Roman", size=11)
    styles = []
    for name, number_format in (
        ("register_cell", "General"),
        ("register_date_time", DATE_TIME_FORMAT),
        ("register_date", DATE_FORMAT),
    ):
        style = NamedStyle(name=name, font=plain, border=border, alignment=top)
        style.number_format = number_format
        wb.add_named_style(style)
        styles.append(name)
    column_style = [
        styles[1] if col in _DATE_TIME_COLUMNS else styles[2] if col in _DATE_COLUMNS else styles[0]
        for col in range(1, len(L.REGISTER_HEADER) + 1)
    ]
    for col, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    def text(value: str, font: Font, centre: bool = False) -> WriteOnlyCell:
        cell = safe_cell(WriteOnlyCell(ws, value=nfc(value)))
        cell.font = font
        if centre:
            cell.alignment = Alignment(horizontal="center")
        return cell

    period = L.REGISTER_PERIOD.format(
        start=fmt_date(data.period_from), end=fmt_date(data.period_to)
    )
    if data.book:
        period = L.REGISTER_BOOK.format(book=nfc(data.book)) + " - " + period
    ws.append([text(office.name, bold)])
    ws.append([text(office.unit, bold)])
    ws.append([text(L.REGISTER_TITLE, Font(name="Times New Roman", bold=True, size=14), True)])
    ws.append([text(period, Font(name="Times New Roman", italic=True, size=12), True)])
    ws.merged_cells.add(f"A3:{last_col}3")
    ws.merged_cells.add(f"A4:{last_col}4")
    fill = PatternFill("solid", fgColor="E6E6E6")
    header = []
    for title in L.REGISTER_HEADER:
        cell = WriteOnlyCell(ws, value=nfc(title))
        cell.font = bold
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    ws.row_dimensions[HEADER_ROW].height = 48
    ws.append(header)
    # One cell per column, reused row after row: a write-only sheet serialises a row before
    # ``append`` returns, so the same 13 cells carry every line (a fresh styled cell per value
    # costs openpyxl a second cell and a refused conversion each). Each column's style is
    # resolved once and set again on every row (a risky text gets its own marked copy).
    cells = []
    for style in column_style:
        cell = _LineCell(ws)
        cell.style = style
        cells.append(cell)
    columns = [(cell, cell._style) for cell in cells]
    count = 0
    for line in lines:
        for (cell, style_array), value in zip(columns, _cell_values(line), strict=True):
            cell._style = style_array
            cell.value = value
            safe_cell(cell)  # text a spreadsheet would run as a formula stays text
        ws.append(cells)
        count += 1
        if on_line is not None:
            on_line(count)
    if count:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{HEADER_ROW + count}"
    wb.properties.title = nfc(L.REGISTER_TITLE)
    wb.properties.creator = "TTHC Desk"
    wb.save(str(out) if isinstance(out, Path) else out)
    return count
