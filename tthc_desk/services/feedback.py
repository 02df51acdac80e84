"""Phản ánh, kiến nghị: receive, reject, ask for more, answer in writing, publish, the sender's
satisfaction; every deadline from the working calendar; the results sheet and contact notice.

Deadlines (index-766.md, "Feedback deadlines on the portal"), all in working days of the
office's calendar, counted from the instant of receipt (a receipt outside working time starts
at the next working moment):

- reject within 2 working days of receipt (``reject_due``);
- the first (and only) request for more information within 5 (``supplement_due``);
- handle and answer in writing within 15 (``Feedback.due_at``). While the sender is asked for
  more information the clock stands still; when the information arrives the 15 working days
  start afresh from that moment (the project's rule for dossiers, deadlines.md §3);
- publish the answer within 2 working days after it is ready (``publish_due``).

The table has one deadline column (``due_at``, the handling deadline); the others are computed
from ``received_at`` and ``answered_at``. A rejection is a written reply too: its reason is
stored as the item's ``answer`` with ``answered_at``, and the state ``rejected`` tells it apart.
The history of an item (who did what, when, why) is its lines in the audit log.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tthc_desk.domain import limits
from tthc_desk.domain.calendar import WorkingCalendar
from tthc_desk.domain.deadlines import (
    Timeliness,
    WarningLevel,
    WarningPolicy,
    timeliness,
    warning_level,
)
from tthc_desk.domain.deadlines import working_minutes_left as _minutes_left
from tthc_desk.domain.enums import FeedbackState, ProcedureStatus, Role
from tthc_desk.domain.errors import Conflict, NotFound, ValidationError
from tthc_desk.domain.text import fold, nfc, search_terms
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import AuditEntry, Dossier, Feedback, Procedure, User
from tthc_desk.reports import data as R
from tthc_desk.reports.letters import FeedbackLetterData
from tthc_desk.services.calendar import calendar_from_session
from tthc_desk.services.common import Actor, Clock, audit, system_now
from tthc_desk.services.settings_store import warning_policy

F = FeedbackState
ALL_ROLES = (Role.CLERK, Role.OFFICER, Role.LEADER)

REJECT_DAYS = 2
SUPPLEMENT_DAYS = 5
HANDLE_DAYS = 15
PUBLISH_DAYS = 2

CHANNELS = ("counter", "phone", "email", "portal", "letter")
"""How an item arrived: at the counter, by phone, e-mail, the national portal, a letter."""

ANONYMOUS = "Giấu tên"
"""Printed on the results sheet for a sender who did not agree to be named."""

OPEN_STATES = (F.RECEIVED, F.SUPPLEMENT_REQUESTED, F.IN_PROGRESS)
HANDLED_STATES = (F.ANSWERED, F.PUBLISHED)
MAX_TEXT = 20_000
CONTACT = 300  # the sender's phone, address or e-mail (the column's width)
DOSSIER_CODE = 40

# state -> the actions the item offers (the UI shows only these)
_ACTIONS: dict[FeedbackState, tuple[str, ...]] = {
    F.RECEIVED: ("reject", "request_supplement", "accept", "answer"),
    F.SUPPLEMENT_REQUESTED: ("supplement_received", "reject"),
    F.IN_PROGRESS: ("answer",),
    F.ANSWERED: ("publish", "outcome"),
    F.PUBLISHED: ("outcome",),
    F.REJECTED: (),
}


# ============================================================================ commands and views


@dataclass(frozen=True)
class ReceiveCommand:
    """A new item as the clerk types it. ``received_at`` None = now."""

    channel: str
    sender_name: str
    content: str
    sender_contact: str = ""
    publish_name: str = ""  # how the sender agreed to be named on the posted sheet; "" = anonymous
    summary: str = ""
    procedure_id: int | None = None
    dossier_code: str = ""
    received_at: datetime | None = None
    repeated: bool = False


@dataclass(frozen=True)
class ReasonCommand:
    """Reject (the reason), ask for more information (what is needed), or note the arrival."""

    feedback_id: int
    text: str


@dataclass(frozen=True)
class AnswerCommand:
    """The written answer; ``summary`` (optional) is the content in short for the posted sheet."""

    feedback_id: int
    answer: str
    summary: str = ""


@dataclass(frozen=True)
class OutcomeCommand:
    """The sender's view of the answer: satisfied (True/False/None = not known) and repeated."""

    feedback_id: int
    satisfied: bool | None
    repeated: bool = False


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    action: str  # feedback.received, feedback.rejected, …
    user: str
    text: str  # the reason, request, answer… ("" when none)


@dataclass(frozen=True)
class FeedbackView:
    """One item as every screen shows it, with its deadlines and where its clock stands now."""

    id: int
    number: str
    received_at: datetime
    channel: str
    sender_name: str
    sender_contact: str
    publish_name: str  # as printed ("Giấu tên" when the sender did not agree to be named)
    content: str
    summary: str
    procedure_id: int | None
    procedure: str  # "1.001193 · Thủ tục đăng ký khai sinh" or ""
    dossier_code: str
    state: str
    due_at: datetime  # handling deadline (15 working days)
    reject_due: datetime
    supplement_due: datetime
    publish_due: datetime | None  # once answered
    answered_at: datetime | None
    answer: str
    answered_by: str
    published_at: datetime | None
    satisfied: bool | None
    repeated: bool
    created_by: str
    clock: str | None  # which clock runs now: "handle", "publish", or None
    minutes_left: int | None  # signed working minutes on that clock (negative: overdue)
    warning: str | None  # on_track / nearly_due / late
    handled_timeliness: str | None  # early / on_time / late once answered or rejected
    published_timeliness: str | None
    supplement_requested_at: datetime | None
    actions: tuple[str, ...]
    history: tuple[HistoryEntry, ...] = ()

    @property
    def overdue(self) -> bool:
        return self.warning == WarningLevel.LATE.value


@dataclass(frozen=True)
class FeedbackQuery:
    """The list's filters: a state (or "open"), overdue or nearly due only, free text."""

    state: str | None = None  # a FeedbackState value, "open", or None for all
    attention: str | None = None  # None, "overdue", "nearly_due" (nearly due or overdue)
    text: str = ""
    year: int | None = None


@dataclass(frozen=True)
class FeedbackCounts:
    open: int
    nearly_due: int
    overdue: int  # open items past the handling deadline, and answered ones past publishing
    unpublished: int  # answered, not yet published


@dataclass(frozen=True)
class FeedbackStats:
    """Group 6 of the 766 index, the feedback half, for items received in a period."""

    received: int
    handled: int  # answered or rejected
    handled_on_time: int
    open_within_time: int
    open_late: int
    not_satisfied: int
    repeated: int
    late: int  # handled late or open past the deadline
    published: int

    @property
    def on_time_ratio(self) -> float:
        """(on time + in progress within time) / (handled + open); 1.0 when there was none."""
        base = self.handled + self.open_within_time + self.open_late
        return 1.0 if base == 0 else (self.handled_on_time + self.open_within_time) / base

    @property
    def satisfaction_ratio(self) -> float:
        """(received − not satisfied − late − repeated) / received; 1.0 when there was none."""
        if self.received == 0:
            return 1.0
        good = self.received - self.not_satisfied - self.late - self.repeated
        return max(0.0, good / self.received)


@dataclass(frozen=True)
class ResultsPdf:
    path: str
    pages: int
    feedback_ids: tuple[int, ...]  # the items printed (to record them as published)


# ============================================================================ deadlines


def reject_due(cal: WorkingCalendar, received_at: datetime) -> datetime:
    """Reject by then: 2 working days from receipt."""
    return cal.add_working_days(received_at, REJECT_DAYS)


def supplement_due(cal: WorkingCalendar, received_at: datetime) -> datetime:
    """The first request for more information by then: 5 working days from receipt."""
    return cal.add_working_days(received_at, SUPPLEMENT_DAYS)


def handle_due(cal: WorkingCalendar, start: datetime) -> datetime:
    """Handled and answered by then: 15 working days from receipt (or from the information)."""
    return cal.add_working_days(start, HANDLE_DAYS)


def publish_due(cal: WorkingCalendar, answered_at: datetime) -> datetime:
    """The answer published by then: 2 working days after it is ready."""
    return cal.add_working_days(answered_at, PUBLISH_DAYS)


# ============================================================================ helpers


def _text(value: str, code: str, field: str, limit: int = limits.NAME) -> str:
    text = limits.clean(value, field, limit)
    if not text:
        raise ValidationError(code, field=field)
    return text


def _multiline(value: str) -> str:
    """NFC, each line trimmed, blank lines at the ends dropped (answers keep their paragraphs)."""
    lines = [" ".join(line.split()) for line in unicodedata.normalize("NFC", value).splitlines()]
    return "\n".join(lines).strip()


def _long_text(value: str, code: str, field: str) -> str:
    text = _multiline(value or "")
    if not text:
        raise ValidationError(code, field=field)
    if len(text) > MAX_TEXT:
        raise ValidationError("feedback.text.too_long", field=field, limit=MAX_TEXT)
    limits.check_text(text, field, MAX_TEXT, multiline=True)
    return text


def _load(s: Session, feedback_id: int) -> Feedback:
    fb = s.get(Feedback, feedback_id)
    if fb is None:
        raise NotFound("feedback.missing", id=feedback_id)
    return fb


def _require_state(fb: Feedback, code: str, *states: FeedbackState) -> None:
    if fb.state not in states:
        raise Conflict(code, number=fb.number)


def _next_number(s: Session, year: int) -> str:
    prefix = f"PAKN-{year}-"
    last = s.scalar(select(func.max(Feedback.number)).where(Feedback.number.like(prefix + "%")))
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:04d}"


def _history(s: Session, fb: Feedback) -> tuple[HistoryEntry, ...]:
    rows = s.execute(
        select(AuditEntry, User.full_name)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(AuditEntry.entity == "feedback", AuditEntry.entity_id == str(fb.id))
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    out = []
    for entry, name in rows:
        detail = entry.detail or {}
        text = str(detail.get("text") or "")
        out.append(HistoryEntry(entry.at, entry.action, name or "", text))
    return tuple(out)


def _supplement_times(s: Session, ids: Sequence[int]) -> dict[int, tuple[datetime | None, bool]]:
    """id -> (first supplement request, whether its information has arrived)."""
    if not ids:
        return {}
    rows = s.execute(
        select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.at)
        .where(
            AuditEntry.entity == "feedback",
            AuditEntry.entity_id.in_([str(i) for i in ids]),
            AuditEntry.action.in_(
                ("feedback.supplement_requested", "feedback.supplement_received")
            ),
        )
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    out: dict[int, tuple[datetime | None, bool]] = {}
    for entity_id, action, at in rows:
        key = int(entity_id or 0)
        first, arrived = out.get(key, (None, False))
        if action == "feedback.supplement_requested" and first is None:
            first = at
        if action == "feedback.supplement_received":
            arrived = True
        out[key] = (first, arrived)
    return out


def _view(
    s: Session,
    cal: WorkingCalendar,
    fb: Feedback,
    now: datetime,
    names: dict[int, str],
    supplement: tuple[datetime | None, bool] = (None, False),
    with_history: bool = False,
    *,
    policy: WarningPolicy,
) -> FeedbackView:
    state = FeedbackState(fb.state)
    procedure = ""
    if fb.procedure_id is not None:
        p = s.get(Procedure, fb.procedure_id)
        if p is not None:
            procedure = f"{p.code} · {p.name}"
    dossier_code = ""
    if fb.dossier_id is not None:
        dossier_code = s.scalar(select(Dossier.code).where(Dossier.id == fb.dossier_id)) or ""
    p_due = publish_due(cal, fb.answered_at) if fb.answered_at and state in HANDLED_STATES else None
    clock: str | None = None
    left: int | None = None
    warn: str | None = None
    if state in (F.RECEIVED, F.IN_PROGRESS):
        clock = "handle"
        left = _minutes_left(cal, now, fb.due_at)
        warn = warning_level(
            cal, now, fb.due_at, HANDLE_DAYS * cal.hours_per_day, policy=policy
        ).value
    elif state is F.ANSWERED and p_due is not None:
        clock = "publish"
        left = _minutes_left(cal, now, p_due)
        warn = warning_level(cal, now, p_due, PUBLISH_DAYS * cal.hours_per_day, policy=policy).value
    r_due = reject_due(cal, fb.received_at)
    handled: str | None = None
    if fb.answered_at is not None:
        if state is not F.REJECTED:
            handled = timeliness(fb.answered_at, fb.due_at).value
        elif supplement[0] is not None:  # the sender never sent what was asked: judge the request
            handled = timeliness(supplement[0], supplement_due(cal, fb.received_at)).value
        else:
            handled = timeliness(fb.answered_at, r_due).value
    published: str | None = None
    if fb.published_at is not None and p_due is not None:
        published = timeliness(fb.published_at, p_due).value
    actions = _ACTIONS[state]
    if state is F.RECEIVED and supplement[0] is not None:
        actions = tuple(a for a in actions if a != "request_supplement")
    return FeedbackView(
        id=fb.id,
        number=fb.number,
        received_at=fb.received_at,
        channel=fb.channel,
        sender_name=fb.sender_name,
        sender_contact=fb.sender_contact or "",
        publish_name=fb.publish_name or ANONYMOUS,
        content=fb.content,
        summary=fb.summary or "",
        procedure_id=fb.procedure_id,
        procedure=procedure,
        dossier_code=dossier_code,
        state=state.value,
        due_at=fb.due_at,
        reject_due=r_due,
        supplement_due=supplement_due(cal, fb.received_at),
        publish_due=p_due,
        answered_at=fb.answered_at,
        answer=fb.answer or "",
        answered_by=names.get(fb.answered_by_id or 0, ""),
        published_at=fb.published_at,
        satisfied=fb.satisfied,
        repeated=bool(fb.repeated),
        created_by=names.get(fb.created_by_id or 0, ""),
        clock=clock,
        minutes_left=left,
        warning=warn,
        handled_timeliness=handled,
        published_timeliness=published,
        supplement_requested_at=supplement[0],
        actions=actions,
        history=_history(s, fb) if with_history else (),
    )


def _names(s: Session) -> dict[int, str]:
    return {uid: name for uid, name in s.execute(select(User.id, User.full_name))}


def _detail(s: Session, cal: WorkingCalendar, fb: Feedback, at: datetime) -> FeedbackView:
    s.flush()
    sup = _supplement_times(s, [fb.id]).get(fb.id, (None, False))
    return _view(s, cal, fb, at, _names(s), sup, with_history=True, policy=warning_policy(s))


# ============================================================================ actions


def receive(
    db: Database, actor: Actor, cmd: ReceiveCommand, now: Clock = system_now
) -> FeedbackView:
    """Register a new item with the next number of its year (``PAKN-2026-0001``)."""
    actor.require(*ALL_ROLES)
    at = now()
    if cmd.channel not in CHANNELS:
        raise ValidationError("feedback.channel", field="channel")
    sender = _text(cmd.sender_name, "feedback.sender.empty", "sender_name")
    content = _long_text(cmd.content, "feedback.content.empty", "content")
    contact = limits.clean(cmd.sender_contact, "sender_contact", CONTACT) or None
    publish_name = limits.clean(cmd.publish_name, "publish_name", limits.NAME) or None
    summary = limits.clean(cmd.summary, "summary", limits.NOTE, multiline=True) or None
    limits.check_text(nfc(cmd.dossier_code), "dossier_code", DOSSIER_CODE)
    received_at = (cmd.received_at or at).replace(second=0, microsecond=0)
    if received_at > at:
        raise ValidationError("feedback.received_at.future", field="received_at")
    limits.check_past(received_at, "received_at", at.date())
    for attempt in range(3):
        try:
            with db.session() as s:
                cal = calendar_from_session(s)
                procedure_id = cmd.procedure_id
                dossier_id = None
                if nfc(cmd.dossier_code):
                    code = nfc(cmd.dossier_code).upper()
                    d = s.scalar(select(Dossier).where(Dossier.code == code))
                    if d is None:
                        raise ValidationError(
                            "feedback.dossier.unknown", field="dossier_code", dossier=code
                        )
                    dossier_id = d.id
                    if procedure_id is None:
                        procedure_id = d.procedure_id
                if procedure_id is not None and s.get(Procedure, procedure_id) is None:
                    raise ValidationError("feedback.procedure.unknown", field="procedure_id")
                fb = Feedback(
                    number=_next_number(s, received_at.year),
                    received_at=received_at,
                    channel=cmd.channel,
                    sender_name=sender,
                    sender_contact=contact,
                    publish_name=publish_name,
                    content=content,
                    summary=summary,
                    procedure_id=procedure_id,
                    dossier_id=dossier_id,
                    state=F.RECEIVED,
                    due_at=handle_due(cal, received_at),
                    repeated=cmd.repeated,
                    created_by_id=actor.user_id,
                )
                s.add(fb)
                s.flush()
                audit(s, actor, "feedback.received", "feedback", fb.id, at=at,
                      number=fb.number, channel=fb.channel, text=fb.summary or "")  # fmt: skip
                return _detail(s, cal, fb, at)
        except IntegrityError:  # another PC took the same number: try the next one
            if attempt == 2:
                raise Conflict("feedback.number.busy") from None
    raise AssertionError("unreachable")  # pragma: no cover


def reject(db: Database, actor: Actor, cmd: ReasonCommand, now: Clock = system_now) -> FeedbackView:
    """Refuse to handle the item, in writing, with the reason (due within 2 working days)."""
    actor.require(*ALL_ROLES)
    reason = _long_text(cmd.text, "feedback.reason.empty", "text")
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        fb = _load(s, cmd.feedback_id)
        _require_state(fb, "feedback.reject.state", F.RECEIVED, F.SUPPLEMENT_REQUESTED)
        fb.state = F.REJECTED
        fb.answer = reason
        fb.answered_at = at
        fb.answered_by_id = actor.user_id
        late = at > reject_due(cal, fb.received_at)
        audit(s, actor, "feedback.rejected", "feedback", fb.id, at=at, text=reason, late=late)
        return _detail(s, cal, fb, at)


def request_supplement(
    db: Database, actor: Actor, cmd: ReasonCommand, now: Clock = system_now
) -> FeedbackView:
    """Ask the sender, once, for the information needed (due within 5 working days)."""
    actor.require(*ALL_ROLES)
    what = _long_text(cmd.text, "feedback.request.empty", "text")
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        fb = _load(s, cmd.feedback_id)
        _require_state(fb, "feedback.supplement.state", F.RECEIVED)
        if _supplement_times(s, [fb.id]).get(fb.id, (None, False))[0] is not None:
            raise Conflict("feedback.supplement.again", number=fb.number)
        fb.state = F.SUPPLEMENT_REQUESTED
        late = at > supplement_due(cal, fb.received_at)
        audit(s, actor, "feedback.supplement_requested", "feedback", fb.id, at=at,
              text=what, late=late)  # fmt: skip
        return _detail(s, cal, fb, at)


def supplement_received(
    db: Database, actor: Actor, cmd: ReasonCommand, now: Clock = system_now
) -> FeedbackView:
    """The sender's information arrived: handling starts, 15 working days from now."""
    actor.require(*ALL_ROLES)
    note = _multiline(cmd.text or "")
    limits.check_text(note, "text", MAX_TEXT, multiline=True)
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        fb = _load(s, cmd.feedback_id)
        _require_state(fb, "feedback.supplement_received.state", F.SUPPLEMENT_REQUESTED)
        fb.state = F.IN_PROGRESS
        fb.due_at = handle_due(cal, at)
        audit(s, actor, "feedback.supplement_received", "feedback", fb.id, at=at,
              text=note, due_at=fb.due_at.isoformat())  # fmt: skip
        return _detail(s, cal, fb, at)


def accept(db: Database, actor: Actor, feedback_id: int, now: Clock = system_now) -> FeedbackView:
    """Take the item up for handling (no more rejection; the 15-day clock keeps running)."""
    actor.require(*ALL_ROLES)
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        fb = _load(s, feedback_id)
        _require_state(fb, "feedback.accept.state", F.RECEIVED)
        fb.state = F.IN_PROGRESS
        audit(s, actor, "feedback.accepted", "feedback", fb.id, at=at)
        return _detail(s, cal, fb, at)


def answer(db: Database, actor: Actor, cmd: AnswerCommand, now: Clock = system_now) -> FeedbackView:
    """The written answer is ready: text, who answered, when (due within 15 working days)."""
    actor.require(*ALL_ROLES)
    text = _long_text(cmd.answer, "feedback.answer.empty", "answer")
    summary = limits.clean(cmd.summary, "summary", limits.NOTE, multiline=True)
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        fb = _load(s, cmd.feedback_id)
        _require_state(fb, "feedback.answer.state", F.RECEIVED, F.IN_PROGRESS)
        fb.state = F.ANSWERED
        fb.answer = text
        fb.answered_at = at
        fb.answered_by_id = actor.user_id
        if summary:
            fb.summary = summary
        audit(s, actor, "feedback.answered", "feedback", fb.id, at=at, text=text,
              late=at > fb.due_at)  # fmt: skip
        return _detail(s, cal, fb, at)


def _publish_in(s: Session, actor: Actor, fb: Feedback, at: datetime) -> None:
    if fb.state is F.PUBLISHED:
        raise Conflict("feedback.publish.already", number=fb.number)
    _require_state(fb, "feedback.publish.not_answered", F.ANSWERED)
    fb.state = F.PUBLISHED
    fb.published_at = at
    audit(s, actor, "feedback.published", "feedback", fb.id, at=at)


def publish(db: Database, actor: Actor, feedback_id: int, now: Clock = system_now) -> FeedbackView:
    """The answer is posted at the counter (and on the website and portal)."""
    actor.require(*ALL_ROLES)
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        fb = _load(s, feedback_id)
        _publish_in(s, actor, fb, at)
        return _detail(s, cal, fb, at)


def publish_many(
    db: Database, actor: Actor, feedback_ids: Sequence[int], now: Clock = system_now
) -> int:
    """Record the answered items among ``feedback_ids`` as published (a posted results sheet);
    items already published are left as they are. Returns how many were recorded."""
    actor.require(*ALL_ROLES)
    at = now()
    with db.session() as s:
        items = s.scalars(
            select(Feedback).where(
                Feedback.id.in_(list(feedback_ids)), Feedback.state == F.ANSWERED
            )
        ).all()
        for fb in items:
            _publish_in(s, actor, fb, at)
        return len(items)


def record_outcome(
    db: Database, actor: Actor, cmd: OutcomeCommand, now: Clock = system_now
) -> FeedbackView:
    """The sender's satisfaction with the answer, and whether they had to send it again."""
    actor.require(*ALL_ROLES)
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        fb = _load(s, cmd.feedback_id)
        _require_state(fb, "feedback.outcome.not_answered", F.ANSWERED, F.PUBLISHED)
        fb.satisfied = cmd.satisfied
        fb.repeated = cmd.repeated
        audit(s, actor, "feedback.outcome", "feedback", fb.id, at=at,
              satisfied=cmd.satisfied, repeated=cmd.repeated)  # fmt: skip
        return _detail(s, cal, fb, at)


# ============================================================================ reading


def get_feedback(db: Database, feedback_id: int, now: Clock = system_now) -> FeedbackView:
    """One item with its history."""
    with db.session() as s:
        cal = calendar_from_session(s)
        return _detail(s, cal, _load(s, feedback_id), now())


def _all_views(s: Session, cal: WorkingCalendar, rows: Sequence[Feedback], at: datetime
               ) -> list[FeedbackView]:  # fmt: skip
    names = _names(s)
    sup = _supplement_times(s, [fb.id for fb in rows])
    policy = warning_policy(s)
    return [
        _view(s, cal, fb, at, names, sup.get(fb.id, (None, False)), policy=policy) for fb in rows
    ]


def list_feedback(
    db: Database, query: FeedbackQuery | None = None, now: Clock = system_now
) -> list[FeedbackView]:
    """Items, newest first, filtered. A commune receives tens of items a year, so the whole
    list is read at once and the clock filters run in Python on the calendar."""
    query = query or FeedbackQuery()
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        q = select(Feedback).order_by(Feedback.received_at.desc(), Feedback.id.desc())
        if query.state == "open":
            q = q.where(Feedback.state.in_(OPEN_STATES))
        elif query.state:
            q = q.where(Feedback.state == FeedbackState(query.state))
        if query.year is not None:
            q = q.where(
                Feedback.received_at >= datetime(query.year, 1, 1),
                Feedback.received_at < datetime(query.year + 1, 1, 1),
            )
        rows = list(s.scalars(q))
        terms = search_terms(query.text)
        if terms:
            rows = [
                fb
                for fb in rows
                if all(
                    t in fold(f"{fb.number} {fb.sender_name} {fb.content} {fb.summary or ''}")
                    for t in terms
                )
            ]
        views = _all_views(s, cal, rows, at)
    if query.attention == "overdue":
        views = [v for v in views if v.warning == WarningLevel.LATE.value]
    elif query.attention == "nearly_due":
        views = [v for v in views if v.warning in ("late", "nearly_due")]
    return views


def counts(db: Database, now: Clock = system_now) -> FeedbackCounts:
    """The banner: open items, nearly due, overdue, answered but not yet published."""
    views = list_feedback(db, FeedbackQuery(), now)
    live = [v for v in views if v.clock is not None]
    return FeedbackCounts(
        open=sum(1 for v in views if FeedbackState(v.state) in OPEN_STATES),
        nearly_due=sum(1 for v in live if v.warning == WarningLevel.NEARLY_DUE.value),
        overdue=sum(1 for v in live if v.warning == WarningLevel.LATE.value),
        unpublished=sum(1 for v in views if v.state == F.ANSWERED.value),
    )


def _check_period(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    if date_from > date_to:
        raise ValidationError("feedback.period", field="date_from")
    return datetime.combine(date_from, time.min), datetime.combine(date_to, time.max)


def stats(db: Database, date_from: date, date_to: date, now: Clock = system_now) -> FeedbackStats:
    """The feedback criteria of group 6 for the items received in the period."""
    start, end = _check_period(date_from, date_to)
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        rows = list(
            s.scalars(
                select(Feedback).where(Feedback.received_at >= start, Feedback.received_at <= end)
            )
        )
        views = _all_views(s, cal, rows, at)
    handled = [v for v in views if v.handled_timeliness is not None]
    on_time = sum(1 for v in handled if v.handled_timeliness != Timeliness.LATE.value)
    open_views = [v for v in views if v.clock == "handle" or v.state == F.SUPPLEMENT_REQUESTED]
    open_late = sum(1 for v in open_views if v.warning == WarningLevel.LATE.value)
    return FeedbackStats(
        received=len(views),
        handled=len(handled),
        handled_on_time=on_time,
        open_within_time=len(open_views) - open_late,
        open_late=open_late,
        not_satisfied=sum(1 for v in views if v.satisfied is False),
        repeated=sum(1 for v in views if v.repeated),
        late=len(handled) - on_time + open_late,
        published=sum(1 for v in views if v.state == F.PUBLISHED.value),
    )


def procedure_choices(db: Database) -> list[tuple[int, str]]:
    """Current procedures for the "about which procedure" box: (id, "code · name")."""
    with db.session() as s:
        rows = s.execute(
            select(Procedure.id, Procedure.code, Procedure.name)
            .where(Procedure.is_current.is_(True), Procedure.status == ProcedureStatus.ACTIVE)
            .order_by(Procedure.code)
        ).all()
        return [(pid, f"{code} · {name}") for pid, code, name in rows]


def publish_name_choices(sender_name: str) -> list[str]:
    """How a sender may agree to be named: in full, by initials with the given name, or not."""
    name = nfc(sender_name)
    if not name:
        return [ANONYMOUS]
    parts = name.split(" ")
    initials = ".".join(p[0].upper() for p in parts[:-1])
    short = f"{initials}. {parts[-1]}" if initials else parts[-1]
    return [name, short, ANONYMOUS]


# ============================================================================ sheets


def _leader_signer(s: Session) -> R.Signer | None:
    leader = s.scalar(
        select(User).where(User.role == Role.LEADER, User.active.is_(True)).order_by(User.id)
    )
    if leader is None:
        return None
    title = "CHỦ TỊCH"
    if leader.title and "pho" in fold(leader.title):
        title = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    return R.Signer(title=title, name=leader.full_name, on_behalf="TM. ỦY BAN NHÂN DÂN", hint="")


def results_data(
    db: Database, date_from: date, date_to: date, issued_on: date | None = None
) -> tuple[R.FeedbackResultsData, tuple[int, ...]]:
    """The results sheet for posting: every item answered in the period (answered or already
    published), oldest first, the sender as they agreed to be named; and the items' ids."""
    from tthc_desk.services.notices import office_of

    start, end = _check_period(date_from, date_to)
    with db.session() as s:
        rows = list(
            s.scalars(
                select(Feedback)
                .where(
                    Feedback.state.in_(HANDLED_STATES),
                    Feedback.answered_at >= start,
                    Feedback.answered_at <= end,
                )
                .order_by(Feedback.answered_at, Feedback.id)
            )
        )
        items = tuple(
            R.FeedbackItem(
                received_on=fb.received_at.date(),
                sender=fb.publish_name or ANONYMOUS,
                summary=fb.summary or fb.content,
                answer=fb.answer or "",
                answered_on=fb.answered_at.date() if fb.answered_at else None,
            )
            for fb in rows
        )
        head = R.SheetHead(office=office_of(s), issued_on=issued_on or date.today())
        data = R.FeedbackResultsData(
            head=head,
            period_from=date_from,
            period_to=date_to,
            items=items,
            signer=_leader_signer(s),
        )
        return data, tuple(fb.id for fb in rows)


def letter_data(
    db: Database, feedback_id: int, issued_on: date | None = None
) -> tuple[FeedbackLetterData, str]:
    """The written answer of an answered item, signed by the leader (TM. Ủy ban nhân dân,
    Chủ tịch; KT. Chủ tịch, Phó Chủ tịch); and the item's number."""
    from tthc_desk.services.auth import office_of

    with db.session() as s:
        fb = _load(s, feedback_id)
        if not fb.answer or fb.answered_at is None or fb.state is F.REJECTED:
            raise Conflict("feedback.letter.not_answered", number=fb.number)
        signer = _leader_signer(s) or R.Signer(
            title="CHỦ TỊCH", on_behalf="TM. ỦY BAN NHÂN DÂN", hint=""
        )
        data = FeedbackLetterData(
            head=R.SheetHead(office=office_of(s), issued_on=issued_on or fb.answered_at.date()),
            feedback_number=fb.number,
            sender_name=fb.sender_name,
            sender_contact=fb.sender_contact or "",
            received_on=fb.received_at.date(),
            summary=fb.summary or fb.content,
            answer=fb.answer,
            signer=signer,
        )
        return data, fb.number


def render_letter(
    db: Database,
    feedback_id: int,
    out: Path | str,
    issued_on: date | None = None,
    *,
    actor: Actor,
) -> ResultsPdf:
    """Write the written answer of an answered item to ``out`` (PDF). It names the sender and
    their contact: the export is audited (who, which item, where to)."""
    from tthc_desk.reports.letters import render_feedback_letter
    from tthc_desk.services.registers import audit_export

    actor.require(Role.CLERK, Role.OFFICER, Role.LEADER)
    data, number = letter_data(db, feedback_id, issued_on)
    buf = io.BytesIO()
    render_feedback_letter(data, buf)
    pdf = ResultsPdf(str(out), _write(buf.getvalue(), out), (feedback_id,))
    audit_export(db, actor, "feedback_letter", 1, Path(out), number=number)
    return pdf


def _write(pdf: bytes, out: Path | str) -> int:
    from pypdf import PdfReader

    Path(out).write_bytes(pdf)
    return len(PdfReader(io.BytesIO(pdf)).pages)


def render_results(
    db: Database,
    date_from: date,
    date_to: date,
    out: Path | str,
    issued_on: date | None = None,
    *,
    actor: Actor,
) -> ResultsPdf:
    """Write the results sheet of the period to ``out`` (PDF). It names the senders who agreed
    to be named: the export is audited (who, the period, how many items, where to)."""
    from tthc_desk.reports.notices import render_feedback_results
    from tthc_desk.services.registers import audit_export

    actor.require(Role.CLERK, Role.OFFICER, Role.LEADER)
    data, ids = results_data(db, date_from, date_to, issued_on)
    buf = io.BytesIO()
    render_feedback_results(data, buf)
    pdf = ResultsPdf(str(out), _write(buf.getvalue(), out), ids)
    audit_export(
        db, actor, "feedback_results", len(ids), Path(out), start=str(date_from), end=str(date_to)
    )
    return pdf


def render_contact(db: Database, out: Path | str, issued_on: date | None = None) -> ResultsPdf:
    """Write the notice of where and how to send feedback (for the counter's board)."""
    from tthc_desk.reports.notices import render_feedback_contact
    from tthc_desk.services.notices import feedback_contact_data

    buf = io.BytesIO()
    render_feedback_contact(feedback_contact_data(db, issued_on), buf)
    return ResultsPdf(str(out), _write(buf.getvalue(), out), ())


__all__ = [
    "ANONYMOUS",
    "CHANNELS",
    "AnswerCommand",
    "FeedbackCounts",
    "FeedbackQuery",
    "FeedbackStats",
    "FeedbackView",
    "HistoryEntry",
    "OutcomeCommand",
    "ReasonCommand",
    "ReceiveCommand",
    "ResultsPdf",
    "accept",
    "answer",
    "counts",
    "get_feedback",
    "handle_due",
    "list_feedback",
    "procedure_choices",
    "publish",
    "publish_due",
    "publish_many",
    "publish_name_choices",
    "receive",
    "record_outcome",
    "render_letter",
    "reject",
    "reject_due",
    "render_contact",
    "render_results",
    "request_supplement",
    "results_data",
    "stats",
    "supplement_due",
    "supplement_received",
]
