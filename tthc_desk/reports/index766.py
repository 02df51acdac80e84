"""The 766 report sheet: estimated score per group and criterion, sources, and what lost points."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from tthc_desk.domain import index766 as ix

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

TITLE = "BÁO CÁO ƯỚC TÍNH CHỈ SỐ 766"
SUBTITLE = "Chất lượng phục vụ người dân, doanh nghiệp theo Quyết định số 766/QĐ-TTg"
PERIOD = "Từ ngày {start} đến ngày {end}"
TOTAL = "Tổng điểm ước tính: {points}/{max} điểm"
AS_OF = (
    "Số liệu tính đến {moment} từ phần mềm của Bộ phận Một cửa. Đây là ước tính để xã tự rà soát "
    "trước khi tỉnh đánh giá; điểm chính thức là điểm trên Cổng Dịch vụ công quốc gia."
)
SOURCES_NOTE = (
    "Nguồn số liệu: «Dữ liệu của xã» là số tính từ phần mềm; «Nhập từ Cổng» là số liệu cán bộ "
    "nhập từ Cổng Dịch vụ công{updated}; «Giả định tối đa» là tiêu chí phần mềm không tính được "
    "và chưa nhập số liệu, tạm tính đủ điểm."
)
UPDATED = " (cập nhật lúc {moment})"
GUIDE_LINE = (
    "Cách tính điểm theo {guide} (nhóm, trọng số và ngưỡng lưu thành dữ liệu của phần mềm); "
    "ngưỡng đủ điểm: {thresholds}."
)
THRESHOLD = "tiêu chí {number} từ {percent}"
SECTION_SCORE = "I. ĐIỂM THEO NHÓM VÀ TIÊU CHÍ"
SECTION_RULES = "II. CÁC YÊU CẦU RIÊNG CỦA XÃ (theo công văn của Chủ tịch UBND xã)"
SECTION_LOST = "III. HỒ SƠ, THỦ TỤC LÀM MẤT ĐIỂM"
NOTHING_LOST = "Không có hồ sơ, thủ tục nào làm mất điểm trong kỳ."
MORE = "… và {count} trường hợp khác (xem trên phần mềm)."
SCORE_HEADER = ("STT", "Nhóm, tiêu chí", "Tỷ lệ", "Điểm tối đa", "Điểm đạt", "Nguồn số liệu")
RULES_HEADER = ("STT", "Yêu cầu", "Kết quả", "Đánh giá")
LOST_HEADER = ("STT", "Mã hồ sơ, thủ tục", "Lý do")
COUNT_LINE = "{title} ({count})"
NO_DATA = "không phát sinh"
NONE_YET = "0/0: chưa có, tính 0%"
MAKER = "NGƯỜI LẬP BIỂU"

SOURCE = {
    ix.Source.LOCAL: "Dữ liệu của xã",
    ix.Source.MANUAL: "Nhập từ Cổng",
    ix.Source.ASSUMED_MAX: "Giả định tối đa",
}
RULE_VERDICT = {True: "Đạt", False: "Chưa đạt", None: "Chưa nhập số sổ giấy"}

#: Printed words for :data:`tthc_desk.domain.index766.REASONS`.
REASON = {
    "notice.not_posted": "Chưa niêm yết trong 5 ngày làm việc kể từ quyết định công bố",
    "notice.posted_late": "Niêm yết quá 5 ngày làm việc kể từ quyết định công bố",
    "notice.incomplete": "Niêm yết thiếu bộ phận",
    "notice.no_decision_date": "Thiếu ngày quyết định công bố (lỗi dữ liệu danh mục thủ tục)",
    "dossier.late": "Giải quyết quá hạn",
    "dossier.open_late": "Đang giải quyết, đã quá hạn",
    "dossier.supplements": "Yêu cầu bổ sung hồ sơ quá một lần (tính là quá hạn)",
    "online.not_offered": "Chưa cung cấp dịch vụ công trực tuyến",
    "online.no_dossier": "Dịch vụ trực tuyến chưa phát sinh hồ sơ",
    "online.counter": "Nộp trực tiếp dù thủ tục có dịch vụ trực tuyến",
    "result.paper": "Kết quả chưa có bản điện tử (ký số)",
    "digitise.no_intake_scan": "Thành phần hồ sơ chưa được số hóa",
    "digitise.no_result_scan": "Kết quả chưa được số hóa",
    "certified_copy.paper": "Chứng thực chưa cấp bản sao điện tử",
    "reuse.not_used": "Không khai thác lại giấy tờ đã số hóa của người nộp",
    "account.not_returned": "Kết quả chưa trả về tài khoản của công dân",
    "account.not_own": "Nộp bằng tài khoản không chính chủ",
    "payment.not_online": "Phí, lệ phí không thanh toán trực tuyến",
    "feedback.late": "Xử lý phản ánh, kiến nghị quá hạn",
    "feedback.open_late": "Phản ánh, kiến nghị đang xử lý, đã quá hạn",
    "feedback.disliked": "Người gửi không hài lòng với kết quả xử lý",
    "feedback.repeated": "Phản ánh, kiến nghị lặp lại",
    "rating.not_satisfied": "Người dân đánh giá «không hài lòng»",
    "dossier.complaint": "Có phản ánh, kiến nghị về hồ sơ",
    "step.late": "Bước xử lý quá hạn",
    "step.open_late": "Bước xử lý đang thực hiện, đã quá hạn",
    "online.received_late": "Không tiếp nhận trong 8 giờ làm việc",
    "online.cancelled": "Hồ sơ trực tuyến bị hủy (từ chối, dừng)",
    "dossier.supplement_requested": "Trả lại để bổ sung (số lần)",
    "dossier.paused": "Tạm dừng (số lần)",
    "rating.missing": "Chưa được đánh giá",
    "book.no_line": "Đã trả kết quả, chưa ghi vào sổ giấy",
}


@dataclass(frozen=True)
class Index766Sheet:
    """Everything the 766 report prints (built by ``services.index766.sheet_data``)."""

    head: SheetHead
    period_from: date
    period_to: date
    as_of: datetime
    report: ix.Report
    lost: tuple[ix.Lost, ...]
    signer: Signer
    maker: Signer = Signer(title=MAKER)
    manual_updated_at: datetime | None = None
    max_per_key: int = 20  # lost records printed per criterion (the rest: "… and N more")


def reason_text(lost: ix.Lost) -> str:
    """The printed reason of one lost record, with its detail."""
    text = REASON.get(lost.reason, lost.reason)
    return f"{text}: {lost.detail}" if lost.detail else text


def ratio_text(part: ix.PartResult) -> str:
    """ "17/20 = 85,0%", a typed "90,0%", or "không phát sinh"."""
    if part.empty:
        return NO_DATA
    if part.numerator is None:
        return ix.as_percent(part.ratio)
    if not part.denominator:  # e.g. procedures in use, none posted: 0, not "không phát sinh"
        return NONE_YET
    return f"{part.numerator}/{part.denominator} = {ix.as_percent(part.ratio)}"


def _score_rows(sheet: Index766Sheet, st: Any) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    rows: list[list[Any]] = []
    extra: list[tuple[Any, ...]] = []
    for g in sheet.report.groups:
        r = len(rows) + 1
        rows.append(
            [
                p(t(str(g.number)), st.cell_centre),
                p(f"<b>{t(g.title)}</b>", st.cell),
                "",
                p(f"<b>{t(ix.fmt_points(g.max_points))}</b>", st.cell_centre),
                p(f"<b>{t(ix.fmt_points(g.points))}</b>", st.cell_centre),
                "",
            ]
        )
        extra += [
            ("BACKGROUND", (0, r), (-1, r), colors.Color(0.94, 0.94, 0.94)),
            ("SPAN", (1, r), (2, r)),
        ]
        for i, c in enumerate(g.criteria, 1):
            if len(c.parts) == 1:
                ratio = t(ratio_text(c.parts[0]))
                source = t(SOURCE[c.source])
            else:
                ratio = "<br/>".join(t(f"{x.key[-1].upper()}: {ratio_text(x)}") for x in c.parts)
                source = "<br/>".join(
                    t(f"{x.key[-1].upper()}: {SOURCE[x.source]}") for x in c.parts
                )
            pts = t(ix.fmt_points(c.points))
            if c.lost > 0:
                pts = f"<b>{pts}</b>"
            rows.append(
                [
                    p(t(f"{g.number}.{i}"), st.cell_centre),
                    p(t(c.title), st.cell),
                    p(ratio, st.cell_centre),
                    p(t(ix.fmt_points(c.max_points)), st.cell_centre),
                    p(pts, st.cell_centre),
                    p(source, st.cell_centre),
                ]
            )
    r = len(rows) + 1
    rows.append(
        [
            "",
            p(f"<b>{t('Tổng cộng')}</b>", st.cell),
            "",
            p(f"<b>{t(ix.fmt_points(sheet.report.max_total))}</b>", st.cell_centre),
            p(f"<b>{t(ix.fmt_points(sheet.report.total))}</b>", st.cell_centre),
            "",
        ]
    )
    extra.append(("SPAN", (1, r), (2, r)))
    return rows, extra


def _rule_rows(sheet: Index766Sheet, st: Any) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for i, r in enumerate(sheet.report.rules, 1):
        if r.want == "equal":
            result = f"{r.count} trên phần mềm / " + (
                f"{r.total} trên sổ giấy" if r.total is not None else "sổ giấy: chưa nhập"
            )
        elif r.want == "none":
            result = f"{r.count}/{r.total or 0} hồ sơ"
        else:
            result = (
                f"{r.count}/{r.total} = {ix.as_percent(r.count / r.total)}" if r.total else NO_DATA
            )
        verdict = RULE_VERDICT[r.ok if r.total != 0 or r.want != "all" else True]
        rows.append(
            [
                p(t(str(i)), st.cell_centre),
                p(t(r.title), st.cell),
                p(t(result), st.cell_centre),
                p(f"<b>{t(verdict)}</b>" if r.ok is False else t(verdict), st.cell_centre),
            ]
        )
    return rows


def _titles(report: ix.Report) -> dict[str, str]:
    titles = {c.key: c.title for c in report.criteria}
    titles.update({r.key: r.title for r in report.rules})
    return titles


def _lost_rows(sheet: Index766Sheet, st: Any) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    """One shaded row per criterion (its title and how many), then its records."""
    titles = _titles(sheet.report)
    order = [c.key for c in sheet.report.criteria] + [r.key for r in sheet.report.rules]
    rows: list[list[Any]] = []
    extra: list[tuple[Any, ...]] = []
    for key in order:
        items = [x for x in sheet.lost if x.key == key]
        if not items:
            continue
        r = len(rows) + 1
        head = t(COUNT_LINE.format(title=titles.get(key, key), count=len(items)))
        rows.append([p(f"<b>{head}</b>", st.cell), "", ""])
        extra += [
            ("SPAN", (0, r), (-1, r)),
            ("BACKGROUND", (0, r), (-1, r), colors.Color(0.94, 0.94, 0.94)),
        ]
        for n, x in enumerate(items[: sheet.max_per_key], 1):
            rows.append(
                [
                    p(t(str(n)), st.cell_centre),
                    p(t(x.code), st.cell),
                    p(t(reason_text(x)), st.cell),
                ]
            )
        if len(items) > sheet.max_per_key:
            r = len(rows) + 1
            more = t(MORE.format(count=len(items) - sheet.max_per_key))
            rows.append([p(more, st.small_italic), "", ""])
            extra.append(("SPAN", (0, r), (-1, r)))
    return rows, extra


def _section(text: str, st: Any) -> Flowable:
    style = st.body_left.clone("section", fontName=SERIF_BOLD, spaceBefore=8, spaceAfter=3)
    return p(t(text), style)


def render_index766(sheet: Index766Sheet, out: Path | BinaryIO) -> None:
    """Print the 766 report (A4 portrait) to ``out``."""
    st = make_styles(13, cell_size=11)
    width = content_width()
    period = PERIOD.format(start=fmt_date(sheet.period_from), end=fmt_date(sheet.period_to))
    story: list[Flowable] = sheet_top(
        sheet.head, TITLE, st, width, subtitles=(SUBTITLE,), italic=period
    )
    report = sheet.report
    story.append(
        p(
            "<b>"
            + t(
                TOTAL.format(
                    points=ix.fmt_points(report.total), max=ix.fmt_points(report.max_total)
                )
            )  # fmt: skip
            + "</b>",
            st.centre,
        )
    )
    story.append(p(t(AS_OF.format(moment=fmt_hm_date(sheet.as_of))), st.body))
    updated = UPDATED.format(moment=fmt_hm_date(sheet.manual_updated_at))
    story.append(
        p(t(SOURCES_NOTE.format(updated=updated if sheet.manual_updated_at else "")), st.body)
    )

    story.append(p(t(guide_line(report)), st.body))
    story.append(_section(SECTION_SCORE, st))
    rows, extra = _score_rows(sheet, st)
    cols = [10 * mm, 62 * mm, 31 * mm, 15 * mm, 14 * mm]
    cols.append(width - sum(cols))
    story.append(grid_table(SCORE_HEADER, rows, cols, st, extra_style=extra))

    story.append(_section(SECTION_RULES, st))
    cols = [10 * mm, 90 * mm, 42 * mm]
    cols.append(width - sum(cols))
    story.append(grid_table(RULES_HEADER, _rule_rows(sheet, st), cols, st))

    story.append(_section(SECTION_LOST, st))
    lost_rows, extra = _lost_rows(sheet, st)
    if lost_rows:
        cols = [10 * mm, 42 * mm]
        cols.append(width - sum(cols))
        story.append(grid_table(LOST_HEADER, lost_rows, cols, st, extra_style=extra))
    else:
        story.append(p(t(NOTHING_LOST), st.body))

    story.append(Spacer(1, 6 * mm))
    story.append(KeepTogether([signatures_row(width, st, sheet.signer, left=sheet.maker)]))
    build_pdf(out, story, title=f"{TITLE} — {period}", author=sheet.head.office.name)


def guide_line(report: ix.Report) -> str:
    """The printed line naming the scoring guide (its name and date) and its thresholds."""
    parts = ", ".join(
        THRESHOLD.format(number=n, percent=ix.as_percent(x)) for n, x in ix.thresholds(report)
    )
    return GUIDE_LINE.format(guide=report.guide, thresholds=parts)


def criteria_titles(report: ix.Report) -> Sequence[str]:
    """The criterion titles in print order (for checks and the command line)."""
    return [c.title for c in report.criteria]
