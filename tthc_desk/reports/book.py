"""A paper book's pages as the office keeps them: one numbered line per dossier, per year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from .data import SheetHead
from .layout import (
    LANDSCAPE,
    build_pdf,
    content_width,
    fmt_date,
    grid_table,
    make_styles,
    p,
    sheet_top,
    t,
)

TITLE = "{name}"
SUBTITLE = "Quyển số: {volume} — Năm {year}"
HEADER = (
    "Số thứ tự",
    "Ngày tiếp nhận",
    "Mã hồ sơ",
    "Họ tên người yêu cầu",
    "Địa chỉ",
    "Nội dung yêu cầu (thủ tục)",
    "Ngày trả kết quả",
    "Người nhận kết quả (ký, ghi rõ họ tên)",
    "Ghi chú",
)
#: Column widths in millimetres (sum = landscape A4 less the margins, 267 mm).
WIDTHS = (16, 24, 50, 34, 36, 45, 22, 26, 14)
EMPTY = "Chưa có dòng nào trong sổ năm này."


@dataclass(frozen=True)
class BookLineRow:
    line: int
    received_at: datetime | None
    code: str
    applicant: str
    address: str
    procedure: str
    returned_at: datetime | None
    collected_by: str


@dataclass(frozen=True)
class BookSheet:
    head: SheetHead
    name: str
    volume: str
    year: int
    rows: Sequence[BookLineRow]


def render_book(sheet: BookSheet, out: Path | BinaryIO) -> None:
    """Print the book's lines of one year (A4 landscape, header repeated on every page)."""
    st = make_styles(13, cell_size=10.5)
    width = content_width(LANDSCAPE)
    story: list[Flowable] = sheet_top(
        sheet.head,
        TITLE.format(name=sheet.name.upper()),
        st,
        width,
        subtitles=(SUBTITLE.format(volume=sheet.volume, year=sheet.year),),
    )
    rows = [
        [
            p(t(str(r.line)), st.cell_centre),
            p(t(fmt_date(r.received_at)), st.cell_centre),
            p(t(r.code), st.cell),
            p(t(r.applicant), st.cell),
            p(t(r.address), st.cell),
            p(t(r.procedure), st.cell),
            p(t(fmt_date(r.returned_at)), st.cell_centre),
            p(t(r.collected_by), st.cell),
            "",
        ]
        for r in sheet.rows
    ]
    if rows:
        story.append(grid_table(HEADER, rows, [w * mm for w in WIDTHS], st))
    else:
        story.append(p(t(EMPTY), st.body))
    build_pdf(
        out,
        story,
        title=f"{sheet.name} — {sheet.year}",
        author=sheet.head.office.name,
        pagesize=LANDSCAPE,
        numbering="of_total",
    )
