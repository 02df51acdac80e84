"""The register's XLSX export: Vietnamese headers, one row per dossier, real Excel dates."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from tests.reports.sheetcheck import nfc, nfd
from tthc_desk.reports import labels
from tthc_desk.reports.data import RegisterData
from tthc_desk.reports.register_xlsx import HEADER_ROW, render_register_xlsx


def test_register_xlsx(register: RegisterData, tmp_path: Path) -> None:
    first = register.lines[0]
    lines = (replace(first, applicant_name=nfd("Đặng Thị Thủy")), *register.lines[1:])
    data = replace(register, lines=lines)
    path = tmp_path / "register.xlsx"
    render_register_xlsx(data, path)
    ws = load_workbook(path).active
    assert ws is not None
    headers = [ws.cell(row=HEADER_ROW, column=c).value for c in range(1, 14)]
    assert headers == list(labels.REGISTER_HEADER)
    assert ws["A3"].value == "SỔ THEO DÕI HỒ SƠ"
    assert "Từ ngày 01/08/2023 đến ngày 31/08/2023" in ws["A4"].value
    assert ws.max_row == HEADER_ROW + 120
    row = HEADER_ROW + 1
    assert ws.cell(row=row, column=1).value == 1
    assert ws.cell(row=row, column=2).value == first.dossier_code
    assert ws.cell(row=row, column=3).value == nfc(first.procedure_name)
    assert ws.cell(row=row, column=5).value == "Đặng Thị Thủy"  # NFC, not the NFD input
    received = ws.cell(row=row, column=8)
    assert isinstance(received.value, datetime)
    assert received.value == first.received_at
    assert received.number_format == "dd/mm/yyyy hh:mm"
    assert ws.cell(row=row, column=9).value == first.due_at
    returned = ws.cell(row=row, column=12)
    assert returned.value == first.returned_at and returned.is_date
    assert "Trước hạn" in ws.cell(row=row, column=13).value
    # an unfinished dossier leaves its dates empty
    pending = next(i for i, line in enumerate(register.lines) if line.returned_at is None)
    assert ws.cell(row=HEADER_ROW + 1 + pending, column=12).value is None
    # the writer reuses one cell per column: every row holds its own line, nothing carried over
    for i, line in enumerate(lines):
        got = [ws.cell(row=HEADER_ROW + 1 + i, column=c).value for c in (1, 2, 10, 12)]
        assert got == [line.number, line.dossier_code, line.passed_at, line.returned_at]
        assert ws.cell(row=HEADER_ROW + 1 + i, column=12).border.left.style == "thin"
    assert ws.freeze_panes == "C6"
    assert ws.print_title_rows == "$5:$5"


def test_register_xlsx_to_stream(register: RegisterData) -> None:
    buffer = io.BytesIO()
    render_register_xlsx(replace(register, lines=register.lines[:3]), buffer)
    buffer.seek(0)
    ws = load_workbook(buffer).active
    assert ws is not None and ws.max_row == HEADER_ROW + 3
