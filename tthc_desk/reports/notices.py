"""Sheets posted at the counter: procedure notices, the procedure list, feedback contact and results."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
)

from tthc_desk.domain.text import nfc

from . import labels as L
from .data import (
    FeedbackContactData,
    FeedbackResultsData,
    FeeLine,
    NoticeData,
    NoticeProcedure,
    ProcedureListData,
    counter_name,
)
from .fonts import SERIF_BOLD
from .layout import (
    LANDSCAPE,
    PORTRAIT,
    RestartPageNumbers,
    Styles,
    build_pdf,
    content_width,
    fit_cells,
    fmt_count,
    fmt_date,
    fmt_vnd,
    grid_table,
    heading_block,
    labelled,
    make_styles,
    p,
    qr_drawing,
    signatures_row,
    t,
    table_style,
    title_block,
)

NOTICE_BODY = 14.0
NAME_SIZE = 17.0
QR_SIZE = 32 * mm


def fee_amount_text(amount_vnd: int | None) -> str:
    """ "50.000 đồng", "Không" for 0, the provincial wording for None."""
    if amount_vnd is None:
        return L.FEE_PROVINCIAL
    if amount_vnd == 0:
        return L.FEE_NONE
    return L.FEE_AMOUNT.format(amount=fmt_vnd(amount_vnd))


def channel_text(channel: str, unit: str, office: str, address: str, portal: str) -> str:
    """Words for a channel code; anything that is not a known code is printed as given."""
    template = L.CHANNELS.get(channel)
    if template is None:
        return nfc(channel)
    text = template.format(counter=counter_name(unit, office), portal=portal)
    if channel == "counter" and address:
        text += f" ({L.ADDRESS_INLINE}{nfc(address)})"
    return text


def _name_style(styles: Styles) -> ParagraphStyle:
    return ParagraphStyle(
        "procedure_name", parent=styles.body_left, fontName=SERIF_BOLD, fontSize=NAME_SIZE,
        leading=NAME_SIZE * 1.22, spaceBefore=0,
    )  # fmt: skip


def _section_label(label: str, styles: Styles) -> Flowable:
    return p(f"<b>{t(label)}:</b>", styles.body_left)


def _bullets(lines: list[str], styles: Styles) -> list[Flowable]:
    if not lines:
        return [p(t(L.NOTICE_NOT_GIVEN), styles.indent)]
    return [p("- " + line, styles.indent) for line in lines]


def _fee_lines(fees: tuple[FeeLine, ...]) -> list[str]:
    out = []
    for fee in fees:
        line = f"{t(fee.item)}: <b>{t(fee_amount_text(fee.amount_vnd))}</b>"
        if fee.note:
            line += f" <i>({t(fee.note)})</i>"
        out.append(line)
    return out


def _procedure_band(index: int, proc: NoticeProcedure, styles: Styles, width: float) -> Table:
    """Name (large, bold), code and field, with the QR code to the portal page on the right."""
    left = [
        p(f"{index}. {t(proc.name)}", _name_style(styles)),
        p(f"{t(L.NOTICE_CODE)}<b>{t(proc.code)}</b>", styles.body_left),
    ]
    if proc.publication_decision:
        left.append(labelled(L.NOTICE_DECISION, proc.publication_decision, styles.small_italic))
    hint = ParagraphStyle("qr_hint", parent=styles.cell_centre, fontSize=9, leading=10.5)
    right = [qr_drawing(nfc(proc.url), QR_SIZE), p(t(L.NOTICE_QR_HINT), hint)]
    cols = [width - QR_SIZE - 8 * mm, QR_SIZE + 8 * mm]
    band = Table(fit_cells([[left, right]], cols), colWidths=cols)
    band.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (0, 0), "MIDDLE"),
                ("VALIGN", (1, 0), (1, 0), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("BACKGROUND", (0, 0), (0, 0), colors.Color(0.92, 0.92, 0.92)),
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("LEFTPADDING", (0, 0), (0, 0), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return band


def _procedure(
    index: int, proc: NoticeProcedure, data: NoticeData, styles: Styles, width: float
) -> list[Flowable]:
    office = data.head.office
    unit, formal = office.unit_formal, office.formal_name
    address = data.counter_address or office.address
    story: list[Flowable] = [CondPageBreak(70 * mm), _procedure_band(index, proc, styles, width)]
    story.append(_section_label(L.NOTICE_DOCUMENTS, styles))
    if proc.documents:
        rows = []
        for i, doc in enumerate(proc.documents, start=1):
            name = t(doc.name) + (f" <i>({t(doc.note)})</i>" if doc.note else "")
            rows.append(
                [
                    p(str(i), styles.cell_centre),
                    p(name, styles.cell),
                    p(t(L.DOCUMENT_KIND[doc.kind]), styles.cell_centre),
                    p(fmt_count(doc.count), styles.cell_centre),
                ]
            )
        widths = [12 * mm, width - 12 * mm - 42 * mm - 22 * mm, 42 * mm, 22 * mm]
        story.append(Spacer(1, 1 * mm))
        story.append(grid_table(L.DOCUMENTS_HEADER, rows, widths, styles))
        story.append(p(t(L.NOTICE_SETS) + t(L.SETS.format(count=proc.sets)), styles.body_left))
    else:
        story += _bullets([], styles)
    time = f"<b>{t(L.NOTICE_TIME)}:</b> {t(proc.processing_time or L.NOTICE_NOT_GIVEN)}"
    if proc.processing_note:
        time += f" <i>({t(proc.processing_note)})</i>"
    story.append(p(time, styles.body))
    story.append(_section_label(L.NOTICE_FEES, styles))
    story += _bullets(_fee_lines(proc.fees), styles)
    story.append(_section_label(L.NOTICE_CHANNELS, styles))
    channels = [t(channel_text(c, unit, formal, address, data.portal_url)) for c in proc.channels]
    story += _bullets(channels, styles)
    for label, value in (
        (L.NOTICE_APPLICANTS, proc.applicants),
        (L.NOTICE_AGENCY, proc.agency),
        (L.NOTICE_RESULT, proc.result),
    ):
        story.append(p(f"<b>{t(label)}:</b> {t(value or L.NOTICE_NOT_GIVEN)}", styles.body))
    story.append(_section_label(L.NOTICE_BASIS, styles))
    story += _bullets([t(b) for b in proc.legal_basis], styles)
    story.append(Spacer(1, 6 * mm))
    return story


def render_notice(data: NoticeData, out: Path | BinaryIO) -> None:
    """Public notice sheets: one run of pages per field, "Trang x/y" counted per field."""
    styles = make_styles(NOTICE_BODY, cell_size=13)
    width = content_width(PORTRAIT)
    story: list[Flowable] = []
    for s_index, section in enumerate(data.sections):
        if s_index:
            story += [PageBreak(), RestartPageNumbers()]
        story.append(heading_block(data.head, width, styles, number_prefix=""))
        story += title_block(L.NOTICE_TITLE, styles, L.NOTICE_FIELD + nfc(section.field))
        for index, proc in enumerate(section.procedures, start=1):
            story += _procedure(index, proc, data, styles, width)
    build_pdf(
        out,
        story,
        title=L.NOTICE_TITLE,
        author=data.head.office.formal_name,
        numbering="of_total",
    )


def render_procedure_list(data: ProcedureListData, out: Path | BinaryIO) -> None:
    """The list of all procedures with the decision that published each (landscape)."""
    styles = make_styles(13, cell_size=13)
    width = content_width(LANDSCAPE)
    office = data.head.office
    story: list[Flowable] = [heading_block(data.head, width * 0.8, styles, number_prefix="")]
    story += title_block(
        L.LIST_TITLE, styles, L.LIST_SUBTITLE.format(office=nfc(office.formal_name))
    )
    widths = [12 * mm, 26 * mm, 0, 38 * mm, 52 * mm, 52 * mm]
    widths[2] = width - sum(widths)
    rows = [
        [
            p(str(i), styles.cell_centre),
            p(t(r.code), styles.cell_centre),
            p(f"<b>{t(r.name)}</b>", styles.cell),
            p(t(r.field), styles.cell),
            p(t(r.processing_time), styles.cell),
            p(t(r.publication_decision), styles.cell),
        ]
        for i, r in enumerate(data.rows, start=1)
    ]
    story.append(grid_table(L.LIST_HEADER, rows, widths, styles))
    build_pdf(
        out,
        story,
        title=L.LIST_TITLE,
        author=office.formal_name,
        pagesize=LANDSCAPE,
        numbering="of_total",
    )


def render_feedback_contact(data: FeedbackContactData, out: Path | BinaryIO) -> None:
    """Where and how citizens send phản ánh, kiến nghị (posted at the counter)."""
    styles = make_styles(NOTICE_BODY)
    width = content_width(PORTRAIT)
    office = data.head.office
    story: list[Flowable] = [heading_block(data.head, width, styles)]
    story += title_block(L.FEEDBACK_CONTACT_TITLE, styles, L.FEEDBACK_CONTACT_SUBJECT)
    story.append(p(t(L.FEEDBACK_CONTACT_BASIS.format(office=nfc(office.formal_name))), styles.body))
    big = ParagraphStyle("big", parent=styles.body_left, fontSize=15, leading=20, spaceBefore=5)
    story.append(labelled(L.FEEDBACK_CONTACT_BODY, data.receiving_body, big, bold=True))
    story.append(labelled(L.FEEDBACK_CONTACT_ADDRESS, data.address, big, bold=True))
    story.append(labelled(L.FEEDBACK_CONTACT_PHONE, data.phone, big, bold=True))
    story.append(labelled(L.FEEDBACK_CONTACT_EMAIL, data.email, big, bold=True))
    story.append(p(t(L.FEEDBACK_CONTACT_PORTAL.format(url=nfc(data.portal_url))), big))
    if data.hours:
        story.append(labelled(L.FEEDBACK_CONTACT_HOURS, data.hours, styles.body))
    story += [p(t(line), styles.body) for line in data.extra]
    story.append(Spacer(1, 2 * mm))
    rules: list[Flowable] = [p(f"<b>{t(L.FEEDBACK_CONTACT_RULES_TITLE)}</b>", styles.body_left)]
    rules += [p(t(r), styles.indent) for r in L.FEEDBACK_CONTACT_RULES]
    rules.append(p(f"<i>{t(L.FEEDBACK_CONTACT_EXCLUDED)}</i>", styles.body))
    story += rules
    story.append(Spacer(1, 4 * mm))
    qr = [
        qr_drawing(nfc(data.portal_url), 34 * mm),
        p(t(L.FEEDBACK_CONTACT_QR), styles.cell_centre),
    ]
    if data.signer is not None:
        story.append(KeepTogether([signatures_row(width, styles, data.signer, left_flowables=qr)]))
    else:
        story.append(KeepTogether(_centred([qr], width)))
    build_pdf(
        out,
        story,
        title=L.FEEDBACK_CONTACT_TITLE,
        author=office.formal_name,
        numbering="of_total",
    )


def _centred(cells: list[Any], width: float) -> list[Flowable]:
    table = Table([cells], colWidths=[width * 0.5])
    table.setStyle(table_style([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return [table]


def render_feedback_results(data: FeedbackResultsData, out: Path | BinaryIO) -> None:
    """Feedback handled in a period, for posting (landscape table)."""
    styles = make_styles(13, cell_size=13)
    width = content_width(LANDSCAPE)
    office = data.head.office
    story: list[Flowable] = [heading_block(data.head, width * 0.8, styles)]
    period = L.FEEDBACK_RESULTS_PERIOD.format(
        start=fmt_date(data.period_from), end=fmt_date(data.period_to)
    )
    story += title_block(L.FEEDBACK_RESULTS_TITLE, styles, period)
    widths = [12 * mm, 28 * mm, 45 * mm, 0, 0, 28 * mm]
    rest = width - sum(widths)
    widths[3] = widths[4] = rest / 2
    rows: list[list[Any]] = [
        [
            p(str(i), styles.cell_centre),
            p(t(fmt_date(item.received_on)), styles.cell_centre),
            p(t(item.sender), styles.cell),
            p(t(item.summary), styles.cell),
            p(
                t(item.answer) if item.answer else f"<i>{t(L.FEEDBACK_NOT_ANSWERED)}</i>",
                styles.cell,
            ),
            p(t(fmt_date(item.answered_on)), styles.cell_centre),
        ]
        for i, item in enumerate(data.items, start=1)
    ]
    extra: list[tuple[Any, ...]] = []
    if not rows:
        rows = [[p(t(L.FEEDBACK_RESULTS_EMPTY), styles.cell_centre)] + [""] * 5]
        extra = [("SPAN", (0, 1), (-1, 1))]
    closing = signatures_row(width, styles, data.signer) if data.signer is not None else None
    story.append(
        grid_table(
            L.FEEDBACK_RESULTS_HEADER, rows, widths, styles, extra_style=extra, closing=closing
        )
    )
    build_pdf(
        out,
        story,
        title=L.FEEDBACK_RESULTS_TITLE,
        author=office.formal_name,
        pagesize=LANDSCAPE,
        numbering="of_total",
    )
