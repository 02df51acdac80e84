"""Public notice sheets (niêm yết): data for the renderers, the PDF, and the posting record.

A posting belongs to one procedure *version*: a new version (a new publication decision) must
be printed and posted again. The 766 criterion "posted on time" gives 5 working days from the
day after the publication decision (or, without one, after the version was created).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from tthc_desk.domain.calendar import WorkingCalendar
from tthc_desk.domain.enums import OnlineService, ProcedureStatus, Role, TimeUnit
from tthc_desk.domain.errors import ValidationError
from tthc_desk.domain.text import fold, nfc
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Field, NoticePosting, Procedure, User
from tthc_desk.reports import data as R
from tthc_desk.services.auth import office_of
from tthc_desk.services.calendar import calendar_from_session
from tthc_desk.services.catalogue import current_procedures
from tthc_desk.services.common import Actor, Clock, audit, system_now

POSTING_DAYS = 5
"""Working days allowed between a publication decision and the posting (766, group 1)."""

_UNIT_WORDS = {
    TimeUnit.WORKING_DAYS: "ngày làm việc",
    TimeUnit.WORKING_HOURS: "giờ làm việc",
    TimeUnit.SAME_DAY: "trong ngày",
}


# --------------------------------------------------------------------------- mapping to sheets


def processing_time_text(unit: TimeUnit, amount: float | None, cutoff_minutes: int | None) -> str:
    """The legal time in words, as printed: "03 ngày làm việc", "Trong ngày làm việc; …"."""
    if unit is not TimeUnit.SAME_DAY and amount is None:
        return ""
    cutoff_hour = cutoff_minutes // 60 if cutoff_minutes is not None else None
    return R.describe_processing_time(amount, _UNIT_WORDS[unit], cutoff_hour)


def decision_text(number: str | None, day: date | None) -> str:
    if not number and not day:
        return ""
    text = f"Quyết định số {number}" if number else "Quyết định"
    if day:
        text += f" ngày {day:%d/%m/%Y}"
    return text


def channels_of(p: Procedure) -> tuple[str, ...]:
    out: list[str] = []
    if "luu dong" in fold(p.name):
        out.append("mobile")
    elif p.channel_counter:
        out.append("counter")
    if p.channel_post:
        out.append("post")
    if p.online_service is OnlineService.FULL:
        out.append("online_full")
    elif p.online_service is OnlineService.PARTIAL:
        out.append("online_partial")
    return tuple(out)


def notice_procedure(p: Procedure) -> R.NoticeProcedure:
    docs = []
    for d in p.documents:
        note = "; ".join(
            x for x in (d.note, f"mẫu: {d.template_name}" if d.template_name and d.template_name != d.name else None) if x
        )  # fmt: skip
        docs.append(R.DocumentLine(d.name, d.kind.value, d.count, note))  # type: ignore[arg-type]
    fees = tuple(
        R.FeeLine(f.item, f.amount_vnd, "; ".join(x for x in (f.exemption, f.note) if x))
        for f in p.fees
    )
    kwargs = {}
    if p.portal_url:
        kwargs["url_template"] = p.portal_url.replace("{", "{{").replace("}", "}}")
    return R.NoticeProcedure(
        code=p.code,
        name=p.name,
        field=p.field.name,
        documents=tuple(docs),
        processing_time=processing_time_text(p.time_unit, p.time_amount, p.cutoff_minutes),
        fees=fees,
        channels=channels_of(p),
        applicants=p.eligible_applicants or "",
        agency=p.handling_body or "",
        legal_basis=tuple(p.legal_basis.splitlines()) if p.legal_basis else (),
        result=p.result_name or "",
        processing_note=p.time_note or "",
        publication_decision=decision_text(p.decision_no, p.decision_date),
        **kwargs,
    )


def _selected(
    session: Session, field_ids: Sequence[int] | None, procedure_ids: Sequence[int] | None
) -> list[Procedure]:
    if procedure_ids is not None and not procedure_ids:
        raise ValidationError("notice.selection.empty")
    procs = current_procedures(session, field_ids=field_ids, ids=procedure_ids)
    if not procs:
        raise ValidationError("notice.empty")
    return procs


def _head(session: Session, issued_on: date | None) -> R.SheetHead:
    return R.SheetHead(office=office_of(session), issued_on=issued_on or date.today())


def notice_data_in(
    session: Session,
    field_ids: Sequence[int] | None = None,
    procedure_ids: Sequence[int] | None = None,
    issued_on: date | None = None,
) -> R.NoticeData:
    procs = _selected(session, field_ids, procedure_ids)
    sections: dict[str, list[R.NoticeProcedure]] = {}
    for p in procs:
        sections.setdefault(p.field.name, []).append(notice_procedure(p))
    return R.NoticeData(
        head=_head(session, issued_on),
        sections=tuple(R.NoticeSection(f, tuple(ps)) for f, ps in sections.items()),
    )


def notice_data(
    db: Database,
    field_ids: Sequence[int] | None = None,
    procedure_ids: Sequence[int] | None = None,
    issued_on: date | None = None,
) -> R.NoticeData:
    """The notice sheets' content for some fields, some procedures, or (None) all of them."""
    with db.session() as s:
        return notice_data_in(s, field_ids, procedure_ids, issued_on)


def procedure_list_data(db: Database, issued_on: date | None = None) -> R.ProcedureListData:
    """The one-page list of every procedure with the decision that published it."""
    with db.session() as s:
        procs = _selected(s, None, None)
        rows = tuple(
            R.ProcedureListRow(
                code=p.code,
                name=p.name,
                field=p.field.name,
                processing_time=processing_time_text(p.time_unit, p.time_amount, p.cutoff_minutes),
                publication_decision=decision_text(p.decision_no, p.decision_date),
            )
            for p in procs
        )
        return R.ProcedureListData(head=_head(s, issued_on), rows=rows)


def reception_hours(cal: WorkingCalendar, day: date) -> str:
    """ "7 giờ 30 - 11 giờ 30; 13 giờ 30 - 17 giờ 30, các ngày làm việc" from the calendar."""
    moment = cal.next_working_moment(datetime.combine(day, time(0, 0)))
    spans = [
        f"{a.hour} giờ {a.minute:02d} - {b.hour} giờ {b.minute:02d}".replace(" giờ 00", " giờ")
        for a, b in cal.periods_on(moment.date())
    ]
    return "; ".join(spans) + ", các ngày làm việc trong tuần"


def feedback_contact_data(db: Database, issued_on: date | None = None) -> R.FeedbackContactData:
    """Where citizens send phản ánh, kiến nghị: the office's counter, phone, e-mail, portal."""
    with db.session() as s:
        head = _head(s, issued_on)
        leader = s.scalar(
            select(User).where(User.role == Role.LEADER, User.active.is_(True)).order_by(User.id)
        )
        signer = None
        if leader is not None:
            title = "CHỦ TỊCH"
            if leader.title and "pho" in fold(leader.title):
                title = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
            signer = R.Signer(
                title=title, name=leader.full_name, on_behalf="TM. ỦY BAN NHÂN DÂN", hint=""
            )
        o = head.office
        return R.FeedbackContactData(
            head=head,
            receiving_body=o.counter_name,
            address=o.address,
            phone=o.phone,
            email=o.email,
            hours=reception_hours(calendar_from_session(s), head.issued_on),
            signer=signer,
        )


# --------------------------------------------------------------------------- the PDF


@dataclass(frozen=True)
class NoticeRequest:
    """What to print: fields or procedures (None = all), and which extra sheets."""

    field_ids: tuple[int, ...] | None = None
    procedure_ids: tuple[int, ...] | None = None
    notices: bool = True
    procedure_list: bool = False
    feedback_contact: bool = False
    issued_on: date | None = None


@dataclass(frozen=True)
class NoticePdf:
    path: str
    pages: int
    procedure_ids: tuple[int, ...]  # the versions printed (for the posting record)


def field_ids_by_name(db: Database, names: Sequence[str]) -> tuple[int, ...]:
    """Field ids for names typed with or without diacritics."""
    with db.session() as s:
        fields = list(s.scalars(select(Field)))
        ids = []
        for name in names:
            match = [f for f in fields if f.name_folded == fold(name) or f.name == nfc(name)]
            if not match:
                known = ", ".join(sorted(f.name for f in fields))
                raise ValidationError("notice.field.unknown", name=nfc(name), known=known)
            ids.append(match[0].id)
        return tuple(ids)


def procedure_ids_by_code(db: Database, codes: Sequence[str]) -> tuple[int, ...]:
    """Ids of the current, active versions of the procedures with these codes, in the order
    given (duplicates once). Unknown codes, then retired ones, are refused all at once."""
    wanted = list(dict.fromkeys(nfc(c).strip() for c in codes))
    with db.session() as s:
        rows = s.execute(
            select(Procedure.code, Procedure.id, Procedure.status).where(
                Procedure.is_current.is_(True), Procedure.code.in_(wanted)
            )
        ).all()
    found = {code: (pid, status) for code, pid, status in rows}
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise ValidationError("notice.code.unknown", field="code", codes=", ".join(unknown))
    retired = [c for c in wanted if found[c][1] is not ProcedureStatus.ACTIVE]
    if retired:
        raise ValidationError("notice.code.retired", field="code", codes=", ".join(retired))
    return tuple(found[c][0] for c in wanted)


def render_pdf(
    db: Database, request: NoticeRequest, out: Path | str, task: object = None
) -> NoticePdf:
    """Write the requested sheets into one PDF (notices, then the list, then the contact)."""
    from pypdf import PdfReader, PdfWriter

    from tthc_desk.reports import notices as sheets

    parts: list[bytes] = []
    ids: tuple[int, ...] = ()
    if request.notices:
        with db.session() as s:
            procs = _selected(s, request.field_ids, request.procedure_ids)
            ids = tuple(p.id for p in procs)
            data = notice_data_in(s, request.field_ids, request.procedure_ids, request.issued_on)
        buf = io.BytesIO()
        sheets.render_notice(data, buf)
        parts.append(buf.getvalue())
    if request.procedure_list:
        buf = io.BytesIO()
        sheets.render_procedure_list(procedure_list_data(db, request.issued_on), buf)
        parts.append(buf.getvalue())
    if request.feedback_contact:
        buf = io.BytesIO()
        sheets.render_feedback_contact(feedback_contact_data(db, request.issued_on), buf)
        parts.append(buf.getvalue())
    if not parts:
        raise ValidationError("notice.empty")
    out = Path(out)
    if len(parts) == 1:
        out.write_bytes(parts[0])
        pages = len(PdfReader(io.BytesIO(parts[0])).pages)
    else:
        writer = PdfWriter()
        for part in parts:
            writer.append(PdfReader(io.BytesIO(part)))
        pages = len(writer.pages)
        with out.open("wb") as fh:
            writer.write(fh)
    return NoticePdf(str(out), pages, ids)


# --------------------------------------------------------------------------- posting record


PostingState = Literal["posted", "posted_late", "printed", "not_posted"]


@dataclass(frozen=True)
class PostingStatus:
    """Where one current procedure version stands on the board."""

    procedure_id: int
    code: str
    name: str
    version: int
    field_name: str
    decision: str
    since: date  # the publication decision's date, or when the version was created
    due_at: datetime  # posted by then to count as on time
    printed_at: datetime | None
    posted_at: datetime | None
    state: PostingState
    overdue: bool  # not posted and past due: the warning the office must see


def posting_due(cal: WorkingCalendar, since: date) -> datetime:
    """The end of the 5th working day after ``since``."""
    start = cal.next_working_moment(datetime.combine(since, time(23, 59)))
    return cal.add_working_days(start, POSTING_DAYS)


def _latest_postings(session: Session, ids: Sequence[int]) -> dict[int, NoticePosting]:
    latest: dict[int, NoticePosting] = {}
    rows = session.scalars(
        select(NoticePosting)
        .where(NoticePosting.procedure_id.in_(list(ids)))
        .order_by(NoticePosting.id)
    )
    for row in rows:
        prev = latest.get(row.procedure_id)
        # a posted record wins over a later one that was only printed
        if prev is None or row.posted_at is not None or prev.posted_at is None:
            latest[row.procedure_id] = row
    return latest


def posting_status(db: Database, now: Clock = system_now) -> list[PostingStatus]:
    """Every current, active procedure version with its posting state, overdue ones first."""
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        procs = current_procedures(s)
        postings = _latest_postings(s, [p.id for p in procs])
        out: list[PostingStatus] = []
        for p in procs:
            since = p.decision_date or p.created_at.date()
            due = posting_due(cal, since)
            post = postings.get(p.id)
            printed = post.printed_at if post else None
            posted = post.posted_at if post else None
            state: PostingState
            if posted is not None:
                state = "posted" if posted <= due else "posted_late"
            elif printed is not None:
                state = "printed"
            else:
                state = "not_posted"
            out.append(
                PostingStatus(
                    p.id,
                    p.code,
                    p.name,
                    p.version,
                    p.field.name,
                    decision_text(p.decision_no, p.decision_date),
                    since,
                    due,
                    printed,
                    posted,
                    state,
                    overdue=posted is None and at > due,
                )  # fmt: skip
            )
        out.sort(key=lambda x: (not x.overdue, x.state != "printed", x.field_name, x.code))
        return out


def posting_warnings(db: Database, now: Clock = system_now) -> list[PostingStatus]:
    """Procedures changed by a decision more than 5 working days ago and not (re)posted."""
    return [x for x in posting_status(db, now) if x.overdue]


def record_printed(
    db: Database, actor: Actor, procedure_ids: Sequence[int], now: Clock = system_now
) -> int:
    """Note that the notices of these procedure versions were printed now."""
    at = now()
    with db.session() as s:
        existing = set(s.scalars(select(Procedure.id).where(Procedure.id.in_(list(procedure_ids)))))
        for pid in procedure_ids:
            if pid in existing:
                s.add(NoticePosting(procedure_id=pid, printed_at=at, user_id=actor.user_id))
        audit(s, actor, "print", "notice", None, at=at, procedures=len(existing))
        return len(existing)


def record_posted(
    db: Database,
    actor: Actor,
    procedure_ids: Sequence[int],
    posted_at: datetime | None = None,
    note: str | None = None,
    now: Clock = system_now,
) -> int:
    """Note that the printed notices of these versions were put up on the board."""
    at = now()
    when = posted_at or at
    if when > at:
        raise ValidationError("notice.posted.future", field="posted_at")
    count = 0
    with db.session() as s:
        for pid in procedure_ids:
            p = s.get(Procedure, pid)
            if p is None or not p.is_current or p.status is not ProcedureStatus.ACTIVE:
                continue
            open_print = s.scalar(
                select(NoticePosting)
                .where(NoticePosting.procedure_id == pid, NoticePosting.posted_at.is_(None))
                .order_by(NoticePosting.id.desc())
            )
            if open_print is None:
                open_print = NoticePosting(procedure_id=pid, printed_at=when, user_id=actor.user_id)
                s.add(open_print)
            elif open_print.printed_at > when:
                raise ValidationError("notice.posted.before_printed", field="posted_at")
            open_print.posted_at = when
            open_print.note = nfc(note) or None
            count += 1
        audit(s, actor, "post", "notice", None, at=at, procedures=count, posted_at=when.isoformat())
    return count


def on_time_ratio(statuses: Sequence[PostingStatus]) -> tuple[int, int]:
    """(posted on time, all) — the 766 ratio "procedures updated and posted on time"."""
    return sum(1 for x in statuses if x.state == "posted"), len(statuses)
