"""The counter's forms 01–07 as A4 PDFs: receipt, supplement, refusal, apology, stop, control, register."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table

from tthc_desk.domain.text import nfc

from . import labels as L
from .data import (
    ApologyData,
    Applicant,
    ControlSheetData,
    DocumentLine,
    ReceiptData,
    RefusalData,
    RegisterData,
    RegisterLine,
    SheetHead,
    Signer,
    StopNoticeData,
    SupplementRequestData,
)
from .layout import (
    GRID,
    LANDSCAPE,
    PORTRAIT,
    LazyStory,
    RestartPageNumbers,
    Styles,
    build_pdf,
    content_width,
    fit_cells,
    fit_one_page,
    fmt_count,
    fmt_date,
    fmt_hm_date,
    fmt_hour_minute_date,
    form_number_block,
    grid_table,
    heading_block,
    keep_with_signatures,
    labelled,
    make_styles,
    p,
    plain_lines,
    recipients_block,
    sentence,
    sheet_top,
    signatures_row,
    t,
    table_style,
    title_block,
)

WIDTH = content_width(PORTRAIT)


def _top(
    head: SheetHead,
    form_number: str | None,
    title: str,
    styles: Styles,
    *,
    dossier_code: str = "",
    italic: str = "",
) -> list[Flowable]:
    return sheet_top(
        head, title, styles, WIDTH, form_number=form_number, dossier_code=dossier_code,
        italic=italic,
    )  # fmt: skip


def _contact_lines(applicant: Applicant, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    if applicant.personal_id:
        out.append(labelled(L.PERSONAL_ID, applicant.personal_id, styles.body_left))
    out.append(labelled(L.ADDRESS, applicant.address, styles.body_left))
    phone = t(L.PHONE) + t(applicant.phone)
    if applicant.email:
        phone += "&nbsp;&nbsp;&nbsp;&nbsp;" + t(L.EMAIL) + t(applicant.email)
    out.append(p(phone, styles.body_left))
    return out


def _unit_office(head: SheetHead) -> tuple[str, str]:
    """The counter's name in sentences (one builder for every form) and the committee's."""
    return head.office.counter_name, head.office.formal_name


def _documents_table(documents: tuple[DocumentLine, ...], styles: Styles, width: float) -> Any:
    widths = [12 * mm, width - 12 * mm - 42 * mm - 20 * mm, 42 * mm, 20 * mm]
    rows = []
    for i, doc in enumerate(documents, start=1):
        name = t(doc.name)
        if doc.note:
            name += f" <i>({t(doc.note)})</i>"
        rows.append(
            [
                p(str(i), styles.cell_centre),
                p(name, styles.cell),
                p(t(L.DOCUMENT_KIND[doc.kind]), styles.cell_centre),
                p(fmt_count(doc.count), styles.cell_centre),
            ]
        )
    return grid_table(L.DOCUMENTS_HEADER, rows, widths, styles)


# --------------------------------------------------------------------------- form 01


def _receipt_copy(data: ReceiptData, copy_label: str, styles: Styles) -> list[Flowable]:
    head = data.head
    counter, office = _unit_office(head)
    story = _top(
        head,
        head.form_set.receipt,
        L.RECEIPT_TITLE,
        styles,
        dossier_code=data.dossier_code,
        italic=f"({copy_label})" if copy_label else "",
    )
    story.append(
        p(
            t(L.RECEIPT_FROM.format(counter=counter)) + f"<b>{t(data.applicant.name)}</b>",
            styles.body_left,
        )
    )
    story += _contact_lines(data.applicant, styles)
    request = nfc(data.procedure_name)
    if data.procedure_code:
        request += L.PROCEDURE_CODE_SUFFIX.format(code=nfc(data.procedure_code))
    story.append(labelled(L.REQUEST, request, styles.body))
    story.append(p(t(L.RECEIPT_DOCUMENTS), styles.body_left))
    story.append(Spacer(1, 1.5 * mm))
    story.append(_documents_table(data.documents, styles, WIDTH))
    story.append(Spacer(1, 1.5 * mm))
    tail: list[Flowable] = []
    tail.append(labelled(L.RECEIPT_SETS, L.SETS.format(count=data.sets), styles.body_left))
    tail.append(labelled(L.RECEIPT_TIME, data.processing_time, styles.body_left))
    tail.append(
        labelled(L.RECEIPT_RECEIVED, fmt_hour_minute_date(data.received_at), styles.body_left)
    )
    tail.append(
        labelled(L.RECEIPT_DUE, fmt_hour_minute_date(data.due_at), styles.body_left, bold=True)
    )
    if data.pickup == "post":
        pickup = L.RECEIPT_PICKUP_POST
        if data.pickup_address:
            pickup += f" ({L.ADDRESS_INLINE}{nfc(data.pickup_address)})"
    else:
        pickup = L.RECEIPT_PICKUP_COUNTER.format(counter=counter)
    tail.append(labelled(L.RECEIPT_PICKUP, pickup, styles.body_left))
    tail.append(
        p(
            t(
                L.RECEIPT_REGISTER.format(
                    book=data.register_book or "……", line=data.register_line or "……"
                )
            ),
            styles.body_left,
        )
    )
    tail.append(Spacer(1, 4 * mm))
    applicant = Signer(L.RECEIPT_APPLICANT_SIGNER, data.applicant.name)
    story.append(
        keep_with_signatures(tail, signatures_row(WIDTH, styles, data.officer, left=applicant))
    )
    return fit_one_page(story)


def render_receipt(data: ReceiptData, out: Path | BinaryIO) -> None:
    """Form 01, one copy per label in ``data.copies`` (each starts a page, numbered on its own)."""
    styles = make_styles()
    story: list[Flowable] = []
    for index, label in enumerate(data.copies or ("",)):
        if index:
            story += [PageBreak(), RestartPageNumbers()]
        story += _receipt_copy(data, label, styles)
    build_pdf(
        out,
        story,
        title=f"{L.RECEIPT_TITLE} {data.dossier_code}",
        author=data.head.office.formal_name,
        paper=data.head.paper,
    )


# --------------------------------------------------------------------------- form 02


def render_supplement_request(data: SupplementRequestData, out: Path | BinaryIO) -> None:
    """Form 02: the one, complete, written request to add or complete documents."""
    styles = make_styles()
    head = data.head
    story = _top(
        head,
        head.form_set.supplement_request,
        L.SUPPLEMENT_TITLE,
        styles,
        dossier_code=data.dossier_code,
    )
    story.append(labelled(L.SUPPLEMENT_OF, data.applicant.name, styles.body_left, bold=True))
    story.append(labelled(L.REQUEST, data.procedure_name, styles.body))
    story += _contact_lines(data.applicant, styles)
    story.append(p(t(L.SUPPLEMENT_ITEMS), styles.body_left))
    story.append(Spacer(1, 1.5 * mm))
    widths = [11 * mm, 55 * mm, 17 * mm, 22 * mm, 16 * mm]
    widths.append(WIDTH - sum(widths))
    rows = []
    for i, item in enumerate(data.items, start=1):
        rows.append(
            [
                p(str(i), styles.cell_centre),
                p(t(item.name), styles.cell),
                p(fmt_count(item.originals) if item.originals else "", styles.cell_centre),
                p(
                    fmt_count(item.certified_copies) if item.certified_copies else "",
                    styles.cell_centre,
                ),
                p(fmt_count(item.copies) if item.copies else "", styles.cell_centre),
                p(t(item.note), styles.cell),
            ]
        )
    story.append(grid_table(L.SUPPLEMENT_HEADER, rows, widths, styles))
    story.append(Spacer(1, 1.5 * mm))
    close = [
        labelled(L.SUPPLEMENT_REASON, sentence(data.reason), styles.body),
        p(
            t(
                L.SUPPLEMENT_CONTACT.format(
                    name=nfc(data.contact_name), phone=nfc(data.contact_phone)
                )
            ),
            styles.body,
        ),
        Spacer(1, 4 * mm),
    ]
    story.append(keep_with_signatures(close, signatures_row(WIDTH, styles, data.officer)))
    build_pdf(
        out,
        story,
        title=f"{L.SUPPLEMENT_TITLE} {data.dossier_code}",
        author=head.office.formal_name,
        paper=head.paper,
    )


# --------------------------------------------------------------------------- form 03


def render_refusal(data: RefusalData, out: Path | BinaryIO) -> None:
    """Form 03: refusal to accept a dossier, with the concrete reason."""
    styles = make_styles()
    head = data.head
    counter, office = _unit_office(head)
    story = _top(
        head, head.form_set.refusal, L.REFUSAL_TITLE, styles, dossier_code=data.dossier_code
    )
    story.append(
        p(
            t(L.RECEIPT_FROM.format(counter=counter)) + f"<b>{t(data.applicant.name)}</b>",
            styles.body_left,
        )
    )
    story += _contact_lines(data.applicant, styles)
    story.append(labelled(L.REQUEST, data.procedure_name, styles.body))
    story.append(
        p(
            t(L.REFUSAL_BODY.format(counter=counter)) + t(sentence(data.reason)),
            styles.body,
        )
    )
    close = [p(t(L.REFUSAL_CLOSE), styles.body), Spacer(1, 4 * mm)]
    story.append(keep_with_signatures(close, signatures_row(WIDTH, styles, data.officer)))
    build_pdf(out, story, title=L.REFUSAL_TITLE, author=head.office.formal_name, paper=head.paper)


# --------------------------------------------------------------------------- form 04


def _letter_end(
    last: Flowable, signer: Signer, recipients: tuple[str, ...], styles: Styles
) -> Flowable:
    """The letter's last paragraph, "Nơi nhận" and the signer, never split over a page."""
    return keep_with_signatures(
        [last, Spacer(1, 4 * mm)],
        signatures_row(WIDTH, styles, signer, left_flowables=recipients_block(recipients, styles)),
    )


def render_apology(data: ApologyData, out: Path | BinaryIO) -> None:
    """Form 04: apology for a late result and the new date (2018 or 2025 title from the set)."""
    styles = make_styles()
    head = data.head
    counter, office = _unit_office(head)
    story = _top(
        head,
        head.form_set.apology,
        head.form_set.apology_title,
        styles,
        dossier_code=data.dossier_code,
    )
    story.append(p(t(L.DEAR) + f"<b>{t(data.applicant.name)}</b>", styles.centre))
    story.append(Spacer(1, 2 * mm))
    story.append(
        p(
            t(
                L.APOLOGY_RECEIVED.format(
                    date=fmt_date(data.received_at),
                    counter=counter,
                    name=nfc(data.applicant.name),
                    procedure=nfc(data.procedure_name),
                    code=nfc(data.dossier_code),
                    due=fmt_hour_minute_date(data.due_at),
                )
            ),
            styles.body,
        )
    )
    story.append(
        p(t(L.APOLOGY_REASON.format(office=office)) + t(sentence(data.reason)), styles.body)
    )
    story.append(
        p(
            t(L.APOLOGY_SORRY.format(office=office))
            + f"<b>{t(fmt_hour_minute_date(data.new_due_at))}</b>.",
            styles.body,
        )
    )
    story.append(
        _letter_end(p(t(L.APOLOGY_THANKS), styles.body), data.signer, data.recipients, styles)
    )
    build_pdf(
        out,
        story,
        title=f"{head.form_set.apology_title} {data.dossier_code}",
        author=head.office.formal_name,
        paper=head.paper,
    )


# --------------------------------------------------------------------------- form 05


def render_stop_notice(data: StopNoticeData, out: Path | BinaryIO) -> None:
    """Form 05: notice that processing of a dossier stops, with reason and legal basis."""
    styles = make_styles()
    head = data.head
    counter, office = _unit_office(head)
    story = _top(
        head, head.form_set.stop_notice, L.STOP_TITLE, styles, dossier_code=data.dossier_code
    )
    story.append(p(t(L.DEAR) + f"<b>{t(data.applicant.name)}</b>", styles.centre))
    story.append(Spacer(1, 2 * mm))
    story.append(
        p(
            t(
                L.STOP_RECEIVED.format(
                    date=fmt_date(data.received_at),
                    counter=counter,
                    name=nfc(data.applicant.name),
                    procedure=nfc(data.procedure_name),
                    code=nfc(data.dossier_code),
                )
            ),
            styles.body,
        )
    )
    story.append(p(t(L.STOP_REASON.format(office=office)) + t(sentence(data.reason)), styles.body))
    story.append(labelled(L.STOP_BASIS, sentence(data.legal_basis), styles.body))
    if data.applicant_options.strip():  # no bare "Ông (bà) có thể:" when nothing was given
        story.append(labelled(L.STOP_OPTIONS, sentence(data.applicant_options), styles.body))
    story.append(_letter_end(p(t(L.STOP_CLOSE), styles.body), data.signer, data.recipients, styles))
    build_pdf(
        out,
        story,
        title=f"{L.STOP_TITLE} {data.dossier_code}",
        author=office,
        paper=head.paper,
    )


# --------------------------------------------------------------------------- form 06


def _party(name: str, unit: str, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    if unit:
        out.append(p(f"<i>{t(unit)}</i>", styles.cell_centre))
    out.append(Spacer(1, 11 * mm))
    out.append(p(f"<b>{t(name)}</b>", styles.cell_centre))
    return out


def render_control_sheet(data: ControlSheetData, out: Path | BinaryIO) -> None:
    """Form 06: every handover of a dossier with its time and the step's timeliness."""
    styles = make_styles(cell_size=12)
    head = data.head
    story = _top(
        head,
        head.form_set.control_sheet,
        L.CONTROL_TITLE,
        styles,
        dossier_code=data.dossier_code,
        italic=L.CONTROL_RECEIPT.format(number=nfc(data.receipt_number) or "……")
        if data.receipt_number is not None
        else "",
    )
    applicant = t(L.CONTROL_APPLICANT) + f"<b>{t(data.applicant.name)}</b>"
    if data.applicant.phone:
        applicant += "&nbsp;&nbsp;&nbsp;&nbsp;" + t(L.PHONE) + t(data.applicant.phone)
    story.append(p(applicant, styles.body_left))
    story.append(labelled(L.CONTROL_PROCEDURE, data.procedure_name, styles.body))
    if data.received_at is not None:
        line = t(L.CONTROL_RECEIVED) + t(fmt_hm_date(data.received_at))
        if data.due_at is not None:
            line += "&nbsp;&nbsp;&nbsp;&nbsp;" + t(L.CONTROL_DUE) + t(fmt_hm_date(data.due_at))
        story.append(p(line, styles.body_left))
    story.append(labelled(L.CONTROL_BODY, data.handling_body, styles.body))
    if data.coordinating_bodies:
        story.append(labelled(L.CONTROL_COORDINATING, data.coordinating_bodies, styles.body))
    story.append(Spacer(1, 3 * mm))
    widths = [12 * mm, 42 * mm, 42 * mm, 24 * mm, 25 * mm]
    widths.append(WIDTH - sum(widths))
    rows = []
    for i, h in enumerate(data.handovers, start=1):
        result = L.TIMELINESS[h.timeliness] if h.timeliness else L.CONTROL_PENDING
        rows.append(
            [
                p(str(i), styles.cell_centre),
                _party(h.giver_name, h.giver_unit, styles),
                _party(h.receiver_name, h.receiver_unit, styles),
                p(t(fmt_hm_date(h.at)), styles.cell_centre),
                p(
                    f"<b>{t(result)}</b>" if h.timeliness else f"<i>{t(result)}</i>",
                    styles.cell_centre,
                ),
                p(t(h.note), styles.cell),
            ]
        )
    story.append(
        grid_table(
            L.CONTROL_HEADER,
            rows,
            widths,
            styles,
            extra_style=[
                ("VALIGN", (3, 1), (4, -1), "MIDDLE"),
                # the last handover never stands alone on a page
                ("NOSPLIT", (0, max(1, len(rows) - 1)), (-1, -1)),
            ],
        )
    )
    build_pdf(
        out,
        fit_one_page(story),
        title=f"{L.CONTROL_TITLE} {data.dossier_code}",
        author=head.office.formal_name,
    )


# --------------------------------------------------------------------------- form 07

# Column widths of the register in millimetres (sum = landscape A4 less the margins; the last,
# the notes, takes what is left). The dossier code's column fits a whole code on one line.
_REGISTER_MM = (8, 29, 42, 9, 22, 26, 18, 16, 16, 16, 16, 22, 0)
_CODE_PAD = 4.0  # the cell's left and right padding, points


def _code_style(lines: tuple[RegisterLine, ...], styles: Styles) -> ParagraphStyle:
    """The dossier codes' style: never split inside a code (codes stay searchable in the PDF);
    the font shrinks (down to 7 pt) when the longest code would not fit its column."""
    base = styles.cell
    room = _REGISTER_MM[1] * mm - _CODE_PAD
    longest = max(
        (stringWidth(nfc(line.dossier_code), base.fontName, base.fontSize) for line in lines),
        default=0.0,
    )
    size = base.fontSize if longest <= room else max(7.0, base.fontSize * room / longest)
    return ParagraphStyle(
        "register_code", parent=base, fontSize=size, leading=max(size * 1.2, base.leading),
        splitLongWords=0,
    )  # fmt: skip


#: The register's cells without markup are drawn as plain table strings in the cell font, not
#: paragraphs: a year's register lays out 12,000 lines, and a paragraph is measured several
#: times per cell (issue 14). Short fixed-shape values (number, sets, dates) centred; the
#: procedure, applicant, address and handling body broken into lines by
#: :func:`layout.plain_lines` (cut with "…" like any cell); the code on one line.
_PLAIN_CENTRED = (0, 3, 7, 8, 9, 10)
_PLAIN_WRAPPED = (2, 4, 5, 6)
_CODE_COLUMN = 1
_REGISTER_PAD = 2.0  # the rows' left and right padding, points


def _stacked(value: str) -> str:
    """ "09:00 04/03/2026" on two lines, as the narrow date columns show it."""
    return value.replace(" ", "\n")


def _register_row(line: RegisterLine, styles: Styles, widths: Sequence[float]) -> list[Any]:
    c, cc = styles.cell, styles.cell_centre

    def wrapped(text: str, col: int) -> str:
        room = widths[col] - 2 * _REGISTER_PAD - 0.5
        return plain_lines(nfc(text), c.fontName, c.fontSize, c.leading, room)

    contact = nfc(line.address)
    if line.phone:  # on the address's last line when it fits: one line less per dossier
        contact += ("; " if contact else "") + nfc(line.phone)
    returned = t(fmt_date(line.returned_at))
    if line.returned_to:
        returned += ("<br/>" if returned else "") + t(line.returned_to)
    note = t(line.note)
    if line.timeliness:
        word = f"<b>{t(L.TIMELINESS[line.timeliness])}</b>"
        note = word + (f"; {note}" if note else "")
    return [
        str(line.number),
        nfc(line.dossier_code),
        wrapped(line.procedure_name, 2),
        fmt_count(line.sets),
        wrapped(line.applicant_name, 4),
        wrapped(contact, 5),
        wrapped(line.handling_body, 6),
        _stacked(fmt_hm_date(line.received_at)),
        _stacked(fmt_hm_date(line.due_at)),
        fmt_date(line.passed_at),
        fmt_date(line.result_back_at),
        p(returned, cc),
        p(note, c),
    ]


def _plain_style(cell: ParagraphStyle) -> list[tuple[Any, ...]]:
    """Font, size and alignment of the plain-string columns (see :data:`_PLAIN_CENTRED`); the
    code column's size is each chunk's own (:func:`_code_style`)."""
    out: list[tuple[Any, ...]] = []
    for col in (*_PLAIN_CENTRED, *_PLAIN_WRAPPED):
        out.append(("FONT", (col, 0), (col, -1), cell.fontName, cell.fontSize, cell.leading))
    out += [("ALIGN", (col, 0), (col, -1), "CENTER") for col in _PLAIN_CENTRED]
    return out


_REGISTER_CHUNK = 50  # rows per table: a page break re-splits one chunk, never the whole year


def render_register(data: RegisterData, out: Path | BinaryIO) -> None:
    """Form 07: the register, landscape, one line per dossier, header row on every page."""
    write_register_pdf(data, data.lines, out)


def write_register_pdf(
    data: RegisterData,
    lines: Iterable[RegisterLine],
    out: Path | BinaryIO,
    on_line: Callable[[int], None] | None = None,
) -> int:
    """Form 07 from a stream of lines (``data.lines`` is not read): rows are laid out in tables
    of :data:`_REGISTER_CHUNK` as the pages fill, the column heads redrawn at the top of every
    page, so time per line and memory stay flat whatever the period. Returns the lines drawn;
    ``on_line(n)`` is called as lines are laid out (progress, and Cancel by raising)."""
    styles = make_styles(cell_size=8.5)
    width = content_width(LANDSCAPE)
    head = data.head
    story: list[Flowable] = []
    story += form_number_block(head.form_set.register, head.form_set.basis, styles)
    story.append(heading_block(head, width * 0.85, styles, number_prefix=""))
    period = L.REGISTER_PERIOD.format(
        start=fmt_date(data.period_from), end=fmt_date(data.period_to)
    )
    subtitles = [period]
    if data.book:
        subtitles.insert(0, L.REGISTER_BOOK.format(book=nfc(data.book)))
    story += title_block(L.REGISTER_TITLE, styles, *subtitles)[1:]  # no space above: rows
    widths = [w * mm for w in _REGISTER_MM[:-1]]
    widths.append(width - sum(widths))
    pad = [
        ("LEFTPADDING", (0, 0), (-1, -1), _REGISTER_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _REGISTER_PAD),
    ]
    # the narrow columns' long headings in a smaller size, so the header row stays short
    head_style = ParagraphStyle("register_head", parent=styles.cell_head, fontSize=7.5, leading=9)

    def header() -> Table:
        return grid_table(
            L.REGISTER_HEADER, [], widths, styles, extra_style=pad, head_style=head_style
        )

    rows_style = table_style([*GRID, *pad, *_plain_style(styles.cell)])
    count = 0

    def chunks() -> Iterator[list[Flowable]]:
        nonlocal count
        batch: list[RegisterLine] = []
        source = iter(lines)
        while True:
            batch = list(islice(source, _REGISTER_CHUNK))
            if not batch:
                break
            code = _code_style(tuple(batch), styles)
            rows = fit_cells([_register_row(line, styles, widths) for line in batch], widths)
            table = Table(rows, colWidths=widths)
            table.setStyle(rows_style)
            col = _CODE_COLUMN
            table.setStyle(
                [("FONT", (col, 0), (col, -1), code.fontName, code.fontSize, code.leading)]
            )
            count += len(batch)
            if on_line is not None:
                on_line(count)
            yield [table]
        if not count:
            empty = Table(
                [[p(t(L.REGISTER_EMPTY), styles.cell_centre)] + [""] * 12], colWidths=widths
            )
            empty.setStyle(table_style([*GRID, ("SPAN", (0, 0), (-1, 0))]))
            yield [empty]

    story.append(CondPageBreak(40 * mm))
    story.append(header())
    build_pdf(
        out,
        LazyStory(story, chunks()),
        title=f"{L.REGISTER_TITLE} {fmt_date(data.period_from)} - {fmt_date(data.period_to)}",
        author=head.office.formal_name,
        pagesize=LANDSCAPE,
        running_header=header(),
    )
    return count


__all__ = [
    "render_apology",
    "render_control_sheet",
    "render_receipt",
    "render_refusal",
    "render_register",
    "write_register_pdf",
    "render_stop_notice",
    "render_supplement_request",
]
