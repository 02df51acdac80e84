"""The reconciliation sheet: app, province and paper-book counts side by side, and every
difference listed by kind (PDF for the chairman, XLSX for checking)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from tthc_desk.domain import province as dom

from .cells import safe_cell
from .data import SheetHead, Signer
from .fonts import SERIF_BOLD
from .layout import (
    build_pdf,
    content_width,
    fmt_date,
    fmt_hm_date,
    grid_table,
    make_styles,
    p,
    sheet_top,
    signatures_row,
    t,
)

TITLE = "BÁO CÁO ĐỐI CHIẾU SỐ LIỆU HỒ SƠ"
SUBTITLE = "Phần mềm của xã, hệ thống giải quyết TTHC của tỉnh và sổ theo dõi giấy"
PERIOD = "Từ ngày {start} đến ngày {end}"
AS_OF = "Số liệu tính đến {moment}; danh sách của tỉnh nhập lần cuối lúc {imported}."
NO_IMPORT = "chưa nhập"
SUMMARY = (
    "Phần mềm của xã: {app} hồ sơ; hệ thống của tỉnh: {province} hồ sơ; khớp mã: {matched}; "
    "số chênh lệch cần xử lý: {differences}."
)
SECTION_FIELDS = "I. SỐ HỒ SƠ THEO LĨNH VỰC"
SECTION_BOOKS = "II. SỐ HỒ SƠ THEO SỔ THEO DÕI GIẤY"
SECTION_DIFF = "III. CÁC CHÊNH LỆCH"
NO_BOOKS = "Chưa khai báo sổ theo dõi giấy nào cho các thủ tục."
NO_DIFF = "Ba nguồn số liệu khớp nhau, không có chênh lệch."
COUNT_HEADER = ("STT", "Lĩnh vực", "Phần mềm của xã", "Hệ thống của tỉnh", "Sổ giấy", "Đánh giá")
BOOK_HEADER = ("STT", "Sổ", "Phần mềm của xã", "Hệ thống của tỉnh", "Đã vào sổ", "Đánh giá")
DIFF_HEADER = ("STT", "Mã hồ sơ", "Trên phần mềm của xã", "Trên hệ thống của tỉnh")
AGREES = {True: "Khớp", False: "Chênh lệch"}
UNKNOWN_FIELD = "(thủ tục chưa có trên phần mềm)"
MAKER = "NGƯỜI LẬP BIỂU"

#: Printed titles of the kinds of difference (the screen has its own translated copy).
KIND = {
    dom.Difference.APP_ONLY: "Có trên phần mềm của xã, chưa có trên hệ thống của tỉnh",
    dom.Difference.PROVINCE_ONLY: "Có trên hệ thống của tỉnh, chưa có trên phần mềm của xã",
    dom.Difference.STATUS: "Trạng thái khác nhau",
    dom.Difference.RECEIVED_LATE: "Tiếp nhận trên hệ thống của tỉnh muộn hơn thực tế",
    dom.Difference.RETURNED_TIME: "Ngày trả kết quả khác nhau",
    dom.Difference.NO_BOOK_LINE: "Đã trả kết quả, chưa ghi số dòng trong sổ",
    dom.Difference.DOUBTFUL: "Có thể là cùng một hồ sơ nhưng khác mã (cần cán bộ xác nhận)",
}
STATUS = {
    dom.ProvinceStatus.SUBMITTED: "Chờ tiếp nhận",
    dom.ProvinceStatus.PROCESSING: "Đang giải quyết",
    dom.ProvinceStatus.SUPPLEMENT: "Chờ bổ sung",
    dom.ProvinceStatus.RESULT_READY: "Có kết quả",
    dom.ProvinceStatus.RETURNED: "Đã trả kết quả",
    dom.ProvinceStatus.REFUSED: "Từ chối",
    dom.ProvinceStatus.STOPPED: "Dừng giải quyết",
    dom.ProvinceStatus.WITHDRAWN: "Rút hồ sơ",
}


@dataclass(frozen=True)
class ReconciliationSheet:
    head: SheetHead
    result: dom.Reconciliation
    as_of: datetime
    last_import: datetime | None
    signer: Signer
    maker: Signer = Signer(title=MAKER)


def value_text(finding: dom.Finding, value: str) -> str:
    """A finding's value as printed: statuses in words, times as they are."""
    if finding.kind is dom.Difference.STATUS and value:
        return STATUS.get(dom.ProvinceStatus(value), value)
    return value


def _counts(rows: tuple[dom.CountRow, ...], st: Any) -> list[list[Any]]:
    out: list[list[Any]] = []
    for i, r in enumerate(rows, 1):
        verdict = AGREES[r.agrees]
        out.append(
            [
                p(t(str(i)), st.cell_centre),
                p(t(r.name or UNKNOWN_FIELD), st.cell),
                p(t(str(r.app)), st.cell_centre),
                p(t(str(r.province)), st.cell_centre),
                p(t("—" if r.paper is None else str(r.paper)), st.cell_centre),
                p(f"<b>{t(verdict)}</b>" if not r.agrees else t(verdict), st.cell_centre),
            ]
        )
    return out


def _diff_rows(
    result: dom.Reconciliation, st: Any
) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    rows: list[list[Any]] = []
    extra: list[tuple[Any, ...]] = []
    for kind in dom.Difference:
        items = result.of(kind)
        if not items:
            continue
        r = len(rows) + 1
        rows.append([p(f"<b>{t(f'{KIND[kind]} ({len(items)})')}</b>", st.cell), "", "", ""])
        extra += [
            ("SPAN", (0, r), (-1, r)),
            ("BACKGROUND", (0, r), (-1, r), colors.Color(0.94, 0.94, 0.94)),
        ]
        for n, f in enumerate(items, 1):
            mine = value_text(f, f.app_value) or ("có" if f.dossier_id else "không có")
            theirs = value_text(f, f.province_value) or ("có" if f.record_id else "không có")
            rows.append(
                [
                    p(t(str(n)), st.cell_centre),
                    p(t(f.code), st.cell),
                    p(t(mine), st.cell),
                    p(t(theirs), st.cell),
                ]
            )
    return rows, extra


def _section(text: str, st: Any) -> Flowable:
    style = st.body_left.clone("section", fontName=SERIF_BOLD, spaceBefore=8, spaceAfter=3)
    return p(t(text), style)


def render_reconciliation(sheet: ReconciliationSheet, out: Path | BinaryIO) -> None:
    """Print the reconciliation report (A4 portrait) to ``out``."""
    st = make_styles(13, cell_size=11)
    width = content_width()
    res = sheet.result
    period = PERIOD.format(start=fmt_date(res.start), end=fmt_date(res.end))
    story: list[Flowable] = sheet_top(
        sheet.head, TITLE, st, width, subtitles=(SUBTITLE,), italic=period
    )
    imported = fmt_hm_date(sheet.last_import) if sheet.last_import else NO_IMPORT
    story.append(p(t(AS_OF.format(moment=fmt_hm_date(sheet.as_of), imported=imported)), st.body))
    story.append(
        p(
            t(
                SUMMARY.format(
                    app=res.app_total,
                    province=res.province_total,
                    matched=res.matched,
                    differences=len(res.findings),
                )
            ),
            st.body,
        )
    )
    cols = [10 * mm, 58 * mm, 25 * mm, 25 * mm, 20 * mm]
    cols.append(width - sum(cols))
    story.append(_section(SECTION_FIELDS, st))
    story.append(grid_table(COUNT_HEADER, _counts(res.by_field, st), cols, st))
    story.append(_section(SECTION_BOOKS, st))
    if res.by_book:
        story.append(grid_table(BOOK_HEADER, _counts(res.by_book, st), cols, st))
    else:
        story.append(p(t(NO_BOOKS), st.body))
    story.append(_section(SECTION_DIFF, st))
    rows, extra = _diff_rows(res, st)
    if rows:
        cols = [10 * mm, 58 * mm]
        rest = (width - sum(cols)) / 2
        story.append(grid_table(DIFF_HEADER, rows, [*cols, rest, rest], st, extra_style=extra))
    else:
        story.append(p(t(NO_DIFF), st.body))
    story.append(Spacer(1, 6 * mm))
    story.append(KeepTogether([signatures_row(width, st, sheet.signer, left=sheet.maker)]))
    build_pdf(out, story, title=f"{TITLE} — {period}", author=sheet.head.office.name)


def render_reconciliation_xlsx(sheet: ReconciliationSheet, out: Path) -> None:
    """The same figures as a workbook: the counts, then one row per difference."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    def row(ws: Any, *values: object) -> list[Any]:
        return [safe_cell(WriteOnlyCell(ws, value=v)) for v in values]

    res = sheet.result
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tổng hợp")
    ws.append([TITLE])
    ws.append([PERIOD.format(start=fmt_date(res.start), end=fmt_date(res.end))])
    ws.append([])
    ws.append(list(COUNT_HEADER))
    for i, r in enumerate(res.by_field, 1):
        paper = "" if r.paper is None else r.paper
        ws.append(row(ws, i, r.name or UNKNOWN_FIELD, r.app, r.province, paper, AGREES[r.agrees]))
    ws.append([])
    ws.append(list(BOOK_HEADER))
    for i, r in enumerate(res.by_book, 1):
        ws.append(row(ws, i, r.name, r.app, r.province, r.paper, AGREES[r.agrees]))
    wd = wb.create_sheet("Chênh lệch")
    wd.append(["STT", "Loại chênh lệch", *DIFF_HEADER[1:]])
    for i, f in enumerate(res.findings, 1):
        wd.append(
            row(
                wd,
                i,
                KIND[f.kind],
                f.code,
                value_text(f, f.app_value),
                value_text(f, f.province_value),
            )
        )
    wb.save(out)
