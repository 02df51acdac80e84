"""The register (form 07) as an XLSX workbook: same columns as the PDF, real Excel dates."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

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
    if moment is None:
        return None
    return moment.replace(tzinfo=None)


def render_register_xlsx(data: RegisterData, out: Path | BinaryIO) -> None:
    """Write the register for ``data``'s period as one sheet with a frozen header row."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = L.REGISTER_TITLE.title()[:31]
    office = data.head.office
    bold = Font(name="Times New Roman", bold=True, size=12)
    plain = Font(name="Times New Roman", size=11)
    last_col = get_column_letter(len(L.REGISTER_HEADER))

    safe_cell(ws.cell(row=1, column=1, value=nfc(office.name)))
    ws["A1"].font = bold
    safe_cell(ws.cell(row=2, column=1, value=nfc(office.unit)))
    ws["A2"].font = bold
    ws["A3"] = nfc(L.REGISTER_TITLE)
    ws["A3"].font = Font(name="Times New Roman", bold=True, size=14)
    ws.merge_cells(f"A3:{last_col}3")
    ws["A3"].alignment = Alignment(horizontal="center")
    period = L.REGISTER_PERIOD.format(
        start=fmt_date(data.period_from), end=fmt_date(data.period_to)
    )
    if data.book:
        period = L.REGISTER_BOOK.format(book=nfc(data.book)) + " - " + period
    safe_cell(ws.cell(row=4, column=1, value=nfc(period)))
    ws["A4"].font = Font(name="Times New Roman", italic=True, size=12)
    ws.merge_cells(f"A4:{last_col}4")
    ws["A4"].alignment = Alignment(horizontal="center")

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="E6E6E6")
    for col, (title, width) in enumerate(zip(L.REGISTER_HEADER, _WIDTHS, strict=True), start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=nfc(title))
        cell.font = bold
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[HEADER_ROW].height = 48

    for row, line in enumerate(data.lines, start=HEADER_ROW + 1):
        for col, value in enumerate(_cell_values(line), start=1):
            cell = safe_cell(ws.cell(row=row, column=col, value=value))
            cell.font = plain
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if col in _DATE_TIME_COLUMNS:
                cell.number_format = DATE_TIME_FORMAT
            elif col in _DATE_COLUMNS:
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
    if data.lines:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{HEADER_ROW + len(data.lines)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.properties.title = nfc(L.REGISTER_TITLE)
    wb.properties.creator = "TTHC Desk"
    wb.save(str(out) if isinstance(out, Path) else out)
