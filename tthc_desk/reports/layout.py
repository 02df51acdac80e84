"""Shared page furniture (Nghị định 30/2020 style): page, styles, heading, title, signatures, QR."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any, BinaryIO, Literal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepInFrame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from tthc_desk.domain.text import nfc

from . import labels as L
from .data import SheetHead, Signer
from .fonts import SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, register_fonts

Numbering = Literal["nd30", "of_total", "none"]


@dataclass(frozen=True)
class Margins:
    """Page margins in points."""

    top: float = 20 * mm
    bottom: float = 20 * mm
    left: float = 30 * mm
    right: float = 15 * mm


MARGINS = Margins()
PORTRAIT = A4
LANDSCAPE = landscape(A4)
BODY_SIZE = 13.0


def content_width(pagesize: tuple[float, float] = PORTRAIT, margins: Margins = MARGINS) -> float:
    return pagesize[0] - margins.left - margins.right


def content_height(pagesize: tuple[float, float] = PORTRAIT, margins: Margins = MARGINS) -> float:
    return pagesize[1] - margins.top - margins.bottom


# --------------------------------------------------------------------------- text


def t(value: object | None) -> str:
    """Text made safe for a Paragraph: NFC, white space collapsed, XML-escaped.

    A leading or trailing space is kept (as one space), so wording such as "Số: " joins
    the value that follows it.
    """
    if value is None:
        return ""
    raw = str(value)
    core = escape(nfc(raw))
    if not core:
        return " " if raw[:1].isspace() else ""
    lead = " " if raw[:1].isspace() else ""
    tail = " " if raw[-1:].isspace() else ""
    return f"{lead}{core}{tail}"


def sentence(value: str | None) -> str:
    """NFC text ending with a full stop (unless it already ends with punctuation)."""
    text = nfc(value)
    return text if not text or text[-1] in ".;:!?…" else text + "."


def caps(value: str) -> str:
    """Upper-case after NFC (so "ơ" becomes "Ơ", not "O" + a loose horn)."""
    return nfc(value).upper()


def date_line(place: str, day: date) -> str:
    """ "An Sơn, ngày 05 tháng 02 năm 2023": days under 10 and months 1–2 get a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return L.DATE_LINE.format(place=nfc(place), day=f"{day.day:02d}", month=month, year=day.year)


def fmt_date(day: date | datetime | None) -> str:
    """dd/mm/yyyy, or an empty string."""
    return day.strftime("%d/%m/%Y") if day is not None else ""


def fmt_hm_date(moment: datetime | None) -> str:
    """hh:mm dd/mm/yyyy (control sheet and register)."""
    return moment.strftime("%H:%M %d/%m/%Y") if moment is not None else ""


def fmt_hour_minute_date(moment: datetime) -> str:
    """ "08 giờ 30 phút, ngày 22/08/2023" as on form 01."""
    return L.HOUR_MINUTE_DATE.format(
        hour=moment.hour, minute=moment.minute, date=moment.strftime("%d/%m/%Y")
    )


def fmt_vnd(amount: int) -> str:
    """50000 -> "50.000" (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def fmt_count(count: int) -> str:
    return L.COUNT.format(count=count)


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    """Paragraph styles of one sheet, derived from its body size."""

    body: ParagraphStyle
    body_left: ParagraphStyle
    indent: ParagraphStyle
    small: ParagraphStyle
    small_italic: ParagraphStyle
    head_left: ParagraphStyle
    head_left_bold: ParagraphStyle
    head_right_bold: ParagraphStyle
    motto: ParagraphStyle
    date: ParagraphStyle
    number: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    centre: ParagraphStyle
    centre_italic: ParagraphStyle
    cell: ParagraphStyle
    cell_centre: ParagraphStyle
    cell_head: ParagraphStyle
    sign_title: ParagraphStyle
    sign_hint: ParagraphStyle
    sign_name: ParagraphStyle
    page_number: ParagraphStyle
    form_number: ParagraphStyle
    form_basis: ParagraphStyle


def make_styles(body_size: float = BODY_SIZE, cell_size: float | None = None) -> Styles:
    """Styles for a sheet whose body text is ``body_size`` points."""
    register_fonts()
    cell_size = cell_size or body_size - 1
    lead = 1.25

    def st(name: str, size: float, font: str = SERIF, **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", size * lead)
        return ParagraphStyle(name, fontName=font, fontSize=size, **kw)

    return Styles(
        body=st("body", body_size, alignment=TA_JUSTIFY, spaceBefore=3),
        body_left=st("body_left", body_size, alignment=TA_LEFT, spaceBefore=3),
        indent=st("indent", body_size, leftIndent=8 * mm, spaceBefore=1),
        small=st("small", body_size - 2),
        small_italic=st("small_italic", body_size - 2, SERIF_ITALIC),
        head_left=st("head_left", 12.5, alignment=TA_CENTER, leading=15),
        head_left_bold=st("head_left_bold", 12.5, SERIF_BOLD, alignment=TA_CENTER, leading=15),
        head_right_bold=st("head_right_bold", 12, SERIF_BOLD, alignment=TA_CENTER, leading=15),
        motto=st("motto", 13, SERIF_BOLD, alignment=TA_CENTER, leading=15),
        date=st("date", 13, SERIF_ITALIC, alignment=TA_CENTER),
        number=st("number", 13, alignment=TA_CENTER),
        title=st("title", body_size + 1, SERIF_BOLD, alignment=TA_CENTER, spaceBefore=6),
        subtitle=st("subtitle", body_size, SERIF_BOLD, alignment=TA_CENTER),
        centre=st("centre", body_size, alignment=TA_CENTER),
        centre_italic=st("centre_italic", body_size, SERIF_ITALIC, alignment=TA_CENTER),
        cell=st("cell", cell_size, leading=cell_size * 1.2),
        cell_centre=st("cell_centre", cell_size, alignment=TA_CENTER, leading=cell_size * 1.2),
        cell_head=st(
            "cell_head", cell_size, SERIF_BOLD, alignment=TA_CENTER, leading=cell_size * 1.2
        ),
        sign_title=st("sign_title", 13, SERIF_BOLD, alignment=TA_CENTER, leading=16),
        sign_hint=st("sign_hint", 12, SERIF_ITALIC, alignment=TA_CENTER),
        sign_name=st("sign_name", 13, SERIF_BOLD, alignment=TA_CENTER),
        page_number=st("page_number", 12, alignment=TA_CENTER),
        form_number=st("form_number", 12, SERIF_BOLD, alignment=TA_RIGHT, leading=14),
        form_basis=st("form_basis", 10.5, SERIF_ITALIC, alignment=TA_RIGHT, leading=12.5),
    )


def p(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph from markup whose data parts already went through :func:`t`."""
    return Paragraph(markup, style)


def labelled(
    label: str, value: object | None, style: ParagraphStyle, bold: bool = False
) -> Paragraph:
    """ "Label: value" with the label as printed wording and the value as data."""
    shown = t(value).strip()
    if bold and shown:
        shown = f"<b>{shown}</b>"
    return Paragraph(f"{t(label)}{shown}", style)


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle whose cell font is the serif family (reportlab's default is Helvetica)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), SERIF, 12), *commands])


# --------------------------------------------------------------------------- heading


def form_number_block(number: str | None, basis: str, styles: Styles) -> list[Flowable]:
    """ "Mẫu số 01" and its legal basis, top right (nothing when the set has no such form)."""
    if not number:
        return []
    return [
        p(t(L.FORM_NUMBER.format(number=number)), styles.form_number),
        p(t(basis), styles.form_basis),
        Spacer(1, 3 * mm),
    ]


def balanced_lines(text: str, style: ParagraphStyle, width: float) -> list[str]:
    """``text`` as it fits ``width`` in ``style``: one line, else two lines of about even
    width (no lone word such as "CÔNG" under "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH"); a text too long
    for two lines is left to the paragraph's own wrapping."""
    words = text.split()

    def w(part: list[str]) -> float:
        return stringWidth(" ".join(part), style.fontName, style.fontSize)

    if len(words) < 2 or w(words) <= width:
        return [" ".join(words)]
    splits = [(max(w(words[:i]), w(words[i:])), i) for i in range(1, len(words))]
    widest, i = min(splits)
    if widest > width:
        return [" ".join(words)]
    return [" ".join(words[:i]), " ".join(words[i:])]


def heading_block(
    head: SheetHead, width: float, styles: Styles, number_prefix: str = L.NUMBER
) -> Table:
    """Office (left) and nation (right) headings, the sheet's number and the place and date."""
    office = head.office
    left_w = width * 0.41
    right_w = width - left_w
    left: list[Flowable] = []
    if office.parent:
        left.append(p(t(caps(office.parent)), styles.head_left))
    left.append(p(t(caps(office.name)), styles.head_left if office.unit else styles.head_left_bold))
    if office.unit:
        unit = balanced_lines(caps(office.unit), styles.head_left_bold, left_w)
        left.append(p("<br/>".join(t(line) for line in unit), styles.head_left_bold))
    left.append(HRFlowable(width=left_w * 0.38, thickness=0.6, color=colors.black, spaceBefore=4))
    motto_w = stringWidth(L.MOTTO, styles.motto.fontName, styles.motto.fontSize)
    right: list[Flowable] = [
        p(t(L.NATION), styles.head_right_bold),
        p(t(L.MOTTO), styles.motto),
        HRFlowable(width=motto_w, thickness=0.6, color=colors.black, spaceBefore=4),
    ]
    number = t(head.number) if head.number else t(L.NUMBER_BLANK)
    rows = [
        [left, right],
        [
            p(t(number_prefix) + number, styles.number) if number_prefix else "",
            p(t(date_line(office.place, head.issued_on)), styles.date),
        ],
    ]
    table = Table(rows, colWidths=[left_w, right_w], hAlign="CENTER")
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 4),
            ]
        )
    )
    return table


def title_block(title: str, styles: Styles, *subtitles: str, italic: str = "") -> list[Flowable]:
    """Title in bold capitals, optional bold subtitles and an italic line, centred."""
    out: list[Flowable] = [Spacer(1, 5 * mm), p(t(caps(title)), styles.title)]
    out += [p(t(s), styles.subtitle) for s in subtitles if s]
    if italic:
        out.append(p(t(italic), styles.centre_italic))
    out.append(Spacer(1, 3 * mm))
    return out


QR_MASK = 0


@lru_cache(maxsize=1024)
def qr_runs(value: str, level: str = "M") -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR code of ``value``: its module count and its dark runs (row, column, length).

    Encoded once per value and level (choosing the mask is the slow part: a notice repeats
    the portal's address and each procedure's link, and the layout asks more than once)."""
    from reportlab.graphics.barcode import qrencoder

    _faster_reed_solomon(qrencoder)
    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    qr.addData(value)
    # One fixed mask: every mask is a valid code (ISO/IEC 18004 §7.8); trying all eight for
    # the "best" one was 86 % of the encoding time and printed codes scan either way.
    qr.version = qr.calculate_version()
    qr.makeImpl(False, QR_MASK)
    runs = []
    for r, row in enumerate(qr.modules):
        c = 0
        for dark, group in groupby(bool(m) for m in row):
            n = len(list(group))
            if dark:
                runs.append((r, c, n))
            c += n
    return qr.getModuleCount(), tuple(runs)


def _faster_reed_solomon(qrencoder: Any) -> None:
    """Make reportlab's QR error correction cheaper, with the same bytes: its generator
    polynomial was rebuilt for every block (a product of up to 30 factors, half the encoding
    time of a notice) and its polynomial division recursed once per byte through checked
    table look-ups. Installed once; ``tests/reports/test_notices.py`` compares the codes."""
    if getattr(qrencoder, "_tthc_fast_rs", False):
        return
    polynomial = qrencoder.QRPolynomial
    log, exp = qrencoder.LOG_TABLE, qrencoder.EXP_TABLE
    generator = lru_cache(maxsize=None)(qrencoder.QRUtil.getErrorCorrectPolynomial)

    def mod(self: Any, e: Any) -> Any:
        num, elog = self.num, [log[c] for c in e.num]
        n = len(elog)
        while len(num) >= n:
            ratio, rest = log[num[0]] - elog[0], num[n:]
            num = [a ^ exp[(b + ratio) % 255] for a, b in zip(num[:n], elog, strict=True)]
            num += rest
            k = 0
            while k < len(num) and num[k] == 0:
                k += 1
            num = num[k:]
        out = object.__new__(polynomial)
        out.num = num
        return out

    qrencoder.QRUtil.getErrorCorrectPolynomial = staticmethod(generator)
    polynomial.mod = mod
    qrencoder._tthc_fast_rs = True


class QrCode(Flowable):
    """A vector QR code ``size`` points square (quiet zone of 4 modules included), drawn as
    one filled path from the cached runs."""

    QUIET = 4

    def __init__(self, value: str, size: float, level: str = "M") -> None:
        super().__init__()
        self.value, self.size, self.level = value, size, level
        self.width = self.height = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.size, self.size

    def draw(self) -> None:
        count, runs = qr_runs(self.value, self.level)
        box = self.size / (count + 2 * self.QUIET)
        path = self.canv.beginPath()
        for r, c, n in runs:
            path.rect((c + self.QUIET) * box, self.size - (r + self.QUIET + 1) * box, n * box, box)
        self.canv.drawPath(path, stroke=0, fill=1)


def qr_drawing(value: str, size: float = 24 * mm, level: str = "M") -> Flowable:
    """A vector QR code of ``value`` (quiet zone included), ``size`` points square."""
    return QrCode(value, size, level)


def code_with_qr(
    lines: list[Flowable], qr_value: str, width: float, qr_size: float = 22 * mm
) -> Table:
    """Centred lines (dossier code, copy label) with a QR code of ``qr_value`` at the right."""
    side = qr_size + 2 * mm
    table = Table(
        [["", lines, qr_drawing(qr_value, qr_size)]],
        colWidths=[side, width - 2 * side, side],
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 0), (2, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def sheet_top(
    head: SheetHead,
    title: str,
    styles: Styles,
    width: float,
    *,
    form_number: str | None = None,
    subtitles: Sequence[str] = (),
    dossier_code: str = "",
    italic: str = "",
    number_prefix: str = L.NUMBER,
) -> list[Flowable]:
    """The top of any sheet: "Mẫu số" line, heading block, title, and the dossier code + QR.

    A new sheet (e.g. the 766 report) starts its story with this, adds its body (paragraphs,
    :func:`grid_table`), ends with :func:`signatures_row`, and calls :func:`build_pdf`.
    """
    story: list[Flowable] = []
    story += form_number_block(form_number, head.form_set.basis, styles)
    story.append(heading_block(head, width, styles, number_prefix=number_prefix))
    story += title_block(title, styles, *subtitles)[:-1]
    if dossier_code:
        lines: list[Flowable] = [p(t(L.DOSSIER_CODE) + f"<b>{t(dossier_code)}</b>", styles.centre)]
        if italic:
            lines.append(p(t(italic), styles.centre_italic))
        story.append(code_with_qr(lines, nfc(dossier_code), width))
    elif italic:
        story.append(p(t(italic), styles.centre_italic))
    story.append(Spacer(1, 2 * mm))
    return story


def signature_block(signer: Signer, styles: Styles, space: float = 24 * mm) -> list[Flowable]:
    out: list[Flowable] = []
    if signer.on_behalf:
        out.append(p(t(caps(signer.on_behalf)), styles.sign_title))
    out.append(p(t(caps(signer.title)), styles.sign_title))
    if signer.hint:
        out.append(p(t(signer.hint), styles.sign_hint))
    out.append(Spacer(1, space))
    out.append(p(t(signer.name), styles.sign_name))
    return out


def signatures_row(
    width: float,
    styles: Styles,
    right: Signer,
    left: Signer | None = None,
    left_flowables: list[Flowable] | None = None,
) -> Table:
    """Signature blocks side by side: ``right`` always, ``left`` signer or flowables optional."""
    cells: list[Any] = [
        signature_block(left, styles) if left else (left_flowables or ""),
        signature_block(right, styles),
    ]
    table = Table([cells], colWidths=[width / 2, width / 2])
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    table.keepWithNext = False
    return table


def recipients_block(recipients: Sequence[str], styles: Styles) -> list[Flowable]:
    """ "Nơi nhận:" with the addressee, the given lines and the archive line (ND 30 style)."""
    head = ParagraphStyle("recipients_head", parent=styles.small, fontName=SERIF_BOLD_ITALIC)
    out: list[Flowable] = [p(t(L.RECIPIENTS), head), p(t(L.RECIPIENT_ADDRESSEE), styles.small)]
    standard = {_recipient_key(L.RECIPIENT_ADDRESSEE), _recipient_key(L.RECIPIENT_ARCHIVE)}
    out += [
        p(t(f"- {line};" if not line.startswith("-") else line), styles.small)
        for line in dict.fromkeys(nfc(r) for r in recipients)  # each line once, in order
        if _recipient_key(line) not in standard
    ]
    out.append(p(t(L.RECIPIENT_ARCHIVE), styles.small))
    return out


def _recipient_key(line: str) -> str:
    """ "- Lưu: VT." and "Lưu: VT" compare equal (the block adds the standard lines itself)."""
    return nfc(line).strip().lstrip("-").strip().rstrip(";.").strip().casefold()


GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
]


#: The tallest a table cell may grow: a table row never splits over two pages, so a longer
#: value is wrapped up to this height and then shortened with "…" (a landscape page's frame is
#: about 170 mm tall, less the repeated header row).
MAX_CELL_HEIGHT = 80 * mm
CELL_PADDING = 12  # the grid's left + right padding (points), generous


def _shortened(cell: Paragraph, width: float, max_height: float) -> Paragraph:
    """``cell`` as it is when it fits ``max_height``, else its text cut to fit, ending in "…"."""
    _w, height = cell.wrap(width, 10**6)
    if height <= max_height:
        return cell
    text = cell.getPlainText()
    lo, hi = 0, len(text)
    while lo < hi:  # the longest beginning that still fits with its "…"
        mid = (lo + hi + 1) // 2
        trial = Paragraph(escape(text[:mid].rstrip()) + "…", cell.style)
        if trial.wrap(width, 10**6)[1] <= max_height:
            lo = mid
        else:
            hi = mid - 1
    return Paragraph(escape(text[:lo].rstrip()) + "…", cell.style)


def _fitting_prefix(word: str, font: str, size: float, width: float) -> int:
    """How many characters of ``word`` fit ``width`` (at least one: a line always advances)."""
    lo, hi = 1, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(word[:mid], font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


@lru_cache(maxsize=8192)
def plain_lines(
    text: str, font: str, size: float, leading: float, width: float,
    max_height: float = MAX_CELL_HEIGHT,
) -> str:  # fmt: skip
    """``text`` (NFC, no markup) broken into lines of ``width`` for a plain table-string cell,
    as a paragraph would break it (at spaces; a word longer than the line split by characters),
    then, like :func:`fit_cell`, cut to ``max_height`` ending in "…". Much cheaper than a
    paragraph where a table holds thousands of cells (the register of a year); the same values
    (a handling body, a procedure) repeat, so results are kept."""
    lines: list[str] = []
    for part in text.splitlines() or [""]:
        line = ""
        for word in part.split():
            trial = f"{line} {word}" if line else word
            if stringWidth(trial, font, size) <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            while stringWidth(word, font, size) > width:
                cut = _fitting_prefix(word, font, size, width)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    most = max(1, int(max_height // leading))
    if len(lines) > most:
        lines = lines[:most]
        last = lines[-1].rstrip()
        while last and stringWidth(last + "…", font, size) > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return "\n".join(lines)


def fit_cell(cell: Any, width: float, max_height: float = MAX_CELL_HEIGHT) -> Any:
    """A table cell that never outgrows a page: a paragraph (or a stack of them, sharing the
    height) too tall for ``max_height`` is shortened with "…"; anything else is kept."""
    if isinstance(cell, Paragraph):
        return _shortened(cell, width, max_height)
    if isinstance(cell, list | tuple) and any(isinstance(c, Paragraph) for c in cell):
        heights = [c.wrap(width, 10**6)[1] for c in cell]
        if sum(heights) <= max_height:
            return cell
        fixed = sum(h for c, h in zip(cell, heights, strict=True) if not isinstance(c, Paragraph))
        texts = sum(1 for c in cell if isinstance(c, Paragraph))
        share = max(max_height - fixed, 20.0) / texts
        return [_shortened(c, width, share) if isinstance(c, Paragraph) else c for c in cell]
    return cell


def fit_cells(
    rows: Iterable[Sequence[Any]],
    col_widths: Sequence[float],
    max_height: float = MAX_CELL_HEIGHT,
    styles: Sequence[tuple[Any, ...]] = (),
    first_row: int = 0,
) -> list[list[Any]]:
    """Every row's cells through :func:`fit_cell`; a cell that starts a ``SPAN`` of ``styles``
    (table rows numbered from ``first_row``) gets the width of the columns it spans."""
    n = len(col_widths)
    spans: dict[tuple[int, int], float] = {}
    for command in styles:
        if command[0] == "SPAN":
            (c0, r0), (c1, _r1) = command[1], command[2]
            c0, c1 = c0 % n, c1 % n
            spans[(r0, c0)] = sum(col_widths[c0 : c1 + 1])
    out: list[list[Any]] = []
    for r, row in enumerate(rows, start=first_row):
        cells = []
        for i, c in enumerate(row):
            if i >= n:
                cells.append(c)
                continue
            width = spans.get((r, i), col_widths[i])
            cells.append(fit_cell(c, max(width - CELL_PADDING, 10), max_height))
        out.append(cells)
    return out


def grid_table(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    col_widths: Sequence[float],
    styles: Styles,
    extra_style: Sequence[tuple[Any, ...]] = (),
    shade_header: bool = True,
    closing: Flowable | None = None,
    head_style: ParagraphStyle | None = None,
) -> Table:
    """A ruled table with a bold header row repeated on every page.

    ``closing`` (the signatures) becomes an unruled last row that never splits from the
    table's last line, so a signature block never stands alone at the top of a page.
    """
    data: list[list[Any]] = [[p(t(h), head_style or styles.cell_head) for h in header]]
    data += fit_cells(rows, col_widths, styles=extra_style, first_row=1)
    commands = list(GRID)
    if closing is not None:
        last = len(data) - 1
        data.append([closing] + [""] * (len(col_widths) - 1))
        commands = [(c[0], c[1], (-1, last), *c[3:]) if c[0] == "GRID" else c for c in GRID]
        commands += [
            ("SPAN", (0, last + 1), (-1, last + 1)),
            ("LEFTPADDING", (0, last + 1), (-1, last + 1), 0),
            ("RIGHTPADDING", (0, last + 1), (-1, last + 1), 0),
            ("TOPPADDING", (0, last + 1), (-1, last + 1), 5 * mm),
            ("NOSPLIT", (0, max(1, last)), (-1, last + 1)),
        ]
    table = Table(data, colWidths=list(col_widths), repeatRows=1, hAlign="CENTER")
    if shade_header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)))
    commands += list(extra_style)
    table.setStyle(table_style(commands))
    return table


def keep_with_signatures(lines: Sequence[Flowable], signatures: Flowable) -> KeepTogether:
    """The signatures kept on one page with the lines just before them (the sheet's close)."""
    return KeepTogether([*lines, signatures])


def fit_one_page(
    story: list[Flowable],
    pagesize: tuple[float, float] = PORTRAIT,
    margins: Margins = MARGINS,
    min_scale: float = 0.8,
) -> list[Flowable]:
    """``story`` shrunk onto one page when it overflows by little (down to ``min_scale``);
    a longer story is returned as it is and flows over pages."""
    width, height = content_width(pagesize, margins), content_height(pagesize, margins)
    flat = _unpacked(story)
    needed = _story_height(flat, width)
    if needed <= height or needed * min_scale > height:
        return story
    return [KeepInFrame(width, height, flat, mode="shrink", hAlign="CENTER", vAlign="TOP")]


def _unpacked(story: Sequence[Flowable]) -> list[Flowable]:
    """The flowables with every KeepTogether opened (it cannot be drawn inside a frame)."""
    flat: list[Flowable] = []
    for item in story:
        if isinstance(item, KeepTogether):
            flat += _unpacked(item._content)
        else:
            flat.append(item)
    return flat


def _story_height(story: Sequence[Flowable], width: float) -> float:
    """Height of the flowables laid out one under the other (spaces between included)."""
    import io

    from reportlab.platypus.flowables import _listWrapOn

    canvas = Canvas(io.BytesIO())
    return float(_listWrapOn(_unpacked(story), width, canvas)[1])


class LazyStory(list):  # type: ignore[type-arg]
    """A story that takes its flowables from an iterator of chunks as the layout consumes
    them (reportlab's build pops flowables from the front), so a long register never holds
    more than one chunk of rows in memory."""

    def __init__(self, first: Iterable[Flowable], chunks: Iterator[list[Flowable]]) -> None:
        super().__init__(first)
        self._chunks = chunks

    def _fill(self) -> None:
        while not list.__len__(self):
            chunk = next(self._chunks, None)
            if chunk is None:
                return
            self.extend(chunk)

    def __len__(self) -> int:
        self._fill()
        return list.__len__(self)

    def __getitem__(self, index: Any) -> Any:
        self._fill()
        return list.__getitem__(self, index)


# --------------------------------------------------------------------------- page numbers


class RestartPageNumbers(Flowable):
    """Zero-size marker: page numbers count again from 1 on the page where it is drawn."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return (0, 0)

    def draw(self) -> None:
        self.canv._tthc_restarts.append(self.canv.getPageNumber())


class _NumberingCanvas(Canvas):
    """Holds pages back until the end so each page can show its number and the total."""

    numbering: Numbering = "nd30"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initialFontName"] = kwargs.get("initialFontName") or SERIF
        kwargs["initialFontSize"] = kwargs.get("initialFontSize") or BODY_SIZE
        super().__init__(*args, **kwargs)
        self._tthc_pages: list[dict[str, Any]] = []
        self._tthc_restarts: list[int] = [1]

    def showPage(self) -> None:  # noqa: N802
        if self.numbering == "of_total":  # the total is known only at the end: hold the page
            self._tthc_pages.append(dict(self.__dict__))
            self._startPage()
            return
        # "1, 2, 3 …" needs no total: number the page now, keep nothing (flat memory)
        index = self.getPageNumber()
        first = max(s for s in self._tthc_restarts if s <= index)
        self._draw_number(index - first + 1, 0)
        super().showPage()

    def save(self) -> None:
        if self.numbering != "of_total":
            super().save()
            return
        total = len(self._tthc_pages)
        starts = sorted(set(self._tthc_restarts))
        for index, state in enumerate(self._tthc_pages, start=1):
            self.__dict__.update(state)
            first = max(s for s in starts if s <= index)
            last = min((s for s in starts if s > index), default=total + 1) - 1
            self._draw_number(index - first + 1, last - first + 1)
            super().showPage()
        super().save()

    def _draw_number(self, page: int, pages: int) -> None:
        width, height = self._pagesize
        self.saveState()
        if self.numbering == "none":
            pass
        elif self.numbering == "nd30" and page > 1:
            self.setFont(SERIF, 13)
            self.drawCentredString(width / 2, height - 12 * mm, str(page))
        elif self.numbering == "of_total":
            self.setFont(SERIF, 12)
            self.drawCentredString(width / 2, 10 * mm, L.PAGE_OF.format(page=page, pages=pages))
        self.restoreState()


def _canvas_class(numbering: Numbering) -> type[Canvas]:
    return type(f"_Canvas_{numbering}", (_NumberingCanvas,), {"numbering": numbering})


def build_pdf(
    out: Path | BinaryIO,
    story: list[Flowable],
    *,
    title: str,
    author: str = "",
    pagesize: tuple[float, float] = PORTRAIT,
    margins: Margins = MARGINS,
    numbering: Numbering = "nd30",
    on_page: Callable[[Canvas, BaseDocTemplate], None] | None = None,
    paper: str = "A4",
    running_header: Flowable | None = None,
) -> None:
    """Lay ``story`` out on A4 pages with the standard margins and page numbering.

    ``paper="A5"``: the same A4 layout reduced onto A5 pages (margins and type by 1/√2, as a
    copier reduces A4 to A5), so a form looks the same on either paper.
    """
    register_fonts()
    if paper == "A5":
        import io

        buffer = io.BytesIO()
        build_pdf(buffer, story, title=title, author=author, pagesize=pagesize,
                  margins=margins, numbering=numbering, on_page=on_page)  # fmt: skip
        _reduce_to_a5(buffer, out)
        return
    target: str | BinaryIO = str(out) if isinstance(out, Path) else out
    doc = BaseDocTemplate(
        target,
        pagesize=pagesize,
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=margins.top,
        bottomMargin=margins.bottom,
        title=nfc(title),
        author=nfc(author),
        creator="TTHC Desk",
        invariant=1,
        initialFontName=SERIF,
        initialFontSize=BODY_SIZE,
    )
    frame = Frame(
        margins.left,
        margins.bottom,
        pagesize[0] - margins.left - margins.right,
        pagesize[1] - margins.top - margins.bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    template = PageTemplate(id="page", frames=[frame], pagesize=pagesize)
    if on_page is not None:
        template.onPage = on_page
    templates = [template]
    if running_header is not None:  # pages after the first open with the header (table head)
        width = pagesize[0] - margins.left - margins.right
        _, head_h = running_header.wrap(width, pagesize[1])
        body_h = pagesize[1] - margins.top - margins.bottom - head_h
        rest = Frame(margins.left, margins.bottom, width, body_h, leftPadding=0,
                     rightPadding=0, topPadding=0, bottomPadding=0, id="rest")  # fmt: skip

        def draw_header(canv: Canvas, doc: BaseDocTemplate) -> None:
            if on_page is not None:
                on_page(canv, doc)
            running_header.drawOn(canv, margins.left, margins.bottom + body_h)

        template.autoNextPageTemplate = "rest"
        templates.append(
            PageTemplate(id="rest", frames=[rest], pagesize=pagesize, onPage=draw_header)
        )
    doc.addPageTemplates(templates)
    doc.build(story, canvasmaker=_canvas_class(numbering))


def _reduce_to_a5(a4: BinaryIO, out: Path | BinaryIO) -> None:
    """Each A4 page of ``a4`` scaled onto an A5 page of the same orientation."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import A5

    a4.seek(0)
    writer = PdfWriter(clone_from=PdfReader(a4))
    for page in writer.pages:
        landscape_page = float(page.mediabox.width) > float(page.mediabox.height)
        width, height = (A5[1], A5[0]) if landscape_page else A5
        page.scale_to(width, height)
    if isinstance(out, Path):
        with out.open("wb") as fh:
            writer.write(fh)
    else:
        writer.write(out)
