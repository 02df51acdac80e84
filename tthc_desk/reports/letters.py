"""The written answer to a feedback item: an official letter (công văn) of the People's
Committee in the Nghị định 30/2020/NĐ-CP layout, signed by the competent leader."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from tthc_desk.domain.text import nfc

from . import labels as L
from .data import SheetHead, Signer
from .layout import (
    PORTRAIT,
    build_pdf,
    content_width,
    fmt_date,
    heading_block,
    make_styles,
    p,
    recipients_block,
    sentence,
    signatures_row,
    t,
    table_style,
)

#: Wording of the letter (Nghị định 30/2020/NĐ-CP, Phụ lục III: công văn; the answer to a
#: feedback item under Nghị định 20/2008/NĐ-CP, Điều 18-20, amended by Nghị định 92/2017/NĐ-CP)
ABOUT = "V/v trả lời phản ánh, kiến nghị số {number}"
RECEIVED = (
    "Ngày {date}, {office} nhận được phản ánh, kiến nghị của {sender} (số {number}) "
    "về việc: {summary}"
)
ANSWER_INTRO = "Sau khi xem xét, {office} trả lời như sau:"
THANKS = "{office} trân trọng cảm ơn {sender} đã quan tâm, phản ánh, kiến nghị"
NUMBER = "……/UBND"  # the number is given by the office's clerical unit (văn thư) when issued
CONTACT = " ({contact})"
WIDTH = content_width(PORTRAIT)


@dataclass(frozen=True)
class FeedbackLetterData:
    """What the letter needs, taken from the feedback item."""

    head: SheetHead  # office (its unit line is left out: the Committee writes the letter)
    feedback_number: str  # PAKN-2026-0012
    sender_name: str
    sender_contact: str
    received_on: date
    summary: str
    answer: str
    signer: Signer
    recipients: tuple[str, ...] = ()


def render_feedback_letter(data: FeedbackLetterData, out: Path | BinaryIO) -> None:
    """One A4 letter: heading, number and "V/v" line, addressee, body, recipients, signature."""
    styles = make_styles()
    office = data.head.office
    committee = replace(office, name=office.formal_name.upper(), unit="", unit_formal="")
    head = replace(data.head, office=committee, number=data.head.number or NUMBER)
    story: list[Flowable] = [heading_block(head, WIDTH, styles)]
    about = Table(
        [[p(t(ABOUT.format(number=data.feedback_number)), styles.centre), ""]],
        colWidths=[WIDTH * 0.41, WIDTH * 0.59],
    )
    about.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [about, Spacer(1, 6 * mm)]
    contact = CONTACT.format(contact=nfc(data.sender_contact)) if data.sender_contact else ""
    story.append(p(t(L.DEAR) + f"<b>{t(data.sender_name)}</b>" + t(contact), styles.centre))
    story.append(Spacer(1, 4 * mm))
    formal = office.formal_name
    story.append(
        p(
            t(
                RECEIVED.format(
                    date=fmt_date(data.received_on),
                    office=formal,
                    sender=nfc(data.sender_name),
                    number=data.feedback_number,
                    summary=sentence(data.summary),
                )
            ),
            styles.body,
        )
    )
    story.append(p(t(ANSWER_INTRO.format(office=formal)), styles.body))
    for line in nfc(data.answer).splitlines():
        if line.strip():
            story.append(p(t(line.strip()), styles.body))
    story.append(
        p(t(THANKS.format(office=formal, sender=nfc(data.sender_name))) + L.END_MARK, styles.body)
    )
    story.append(
        KeepTogether(
            [
                Spacer(1, 4 * mm),
                signatures_row(
                    WIDTH,
                    styles,
                    data.signer,
                    left_flowables=recipients_block(data.recipients, styles),
                ),
            ]
        )
    )
    build_pdf(
        out,
        story,
        title=ABOUT.format(number=data.feedback_number),
        author=formal,
    )
