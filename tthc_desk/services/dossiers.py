"""A dossier's life after intake: handovers, pauses, supplements, refusal, stop, withdrawal,
apology, result, return, rating; the live board (keyset-paged) and the dossier's detail view.

Every action is one unit of work: it checks the transition with :mod:`dossier_rules`, moves the
clocks with the deadline engine, stores one event (time, user, reason) and an audit line, and
returns a frozen view. Nothing is ever deleted.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from sys import intern
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    false,
    func,
    literal_column,
    or_,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from tthc_desk.domain import dossier_rules as rules
from tthc_desk.domain import limits
from tthc_desk.domain.calendar import WorkingCalendar
from tthc_desk.domain.deadlines import (
    DEFAULT_WARNING_POLICY,
    ONLINE_RECEPTION_HOURS,
    ProcessingTime,
    Timeliness,
    WarningLevel,
    WarningPolicy,
    due_at,
    timeliness,
    working_minutes_left,
)
from tthc_desk.domain.deadlines import Clock as DeadlineClock
from tthc_desk.domain.dossier_rules import Action
from tthc_desk.domain.enums import (
    Channel,
    DocumentKind,
    DossierState,
    ResultDelivery,
    Role,
    TimeUnit,
)
from tthc_desk.domain.errors import Conflict, NotFound, ValidationError
from tthc_desk.domain.text import fold, nfc
from tthc_desk.persistence import search_index
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import (
    Applicant,
    Dossier,
    DossierEvent,
    Field,
    Procedure,
    ProcessStep,
    Rating,
    ReceivedDocument,
    StepRun,
    User,
)
from tthc_desk.services.calendar import calendar_from_session
from tthc_desk.services.common import Actor, Clock, audit, system_now
from tthc_desk.services.form_numbers import next_form_number
from tthc_desk.services.settings_store import supplement_rule, warning_policy

S = DossierState
ALL_ROLES = (Role.CLERK, Role.OFFICER, Role.LEADER)
RATING_LEVELS = ("very_satisfied", "satisfied", "not_satisfied")
ONLINE_RECEPTION_STEP = "Tiếp nhận hồ sơ trực tuyến"
GENERIC_STEP = "Giải quyết hồ sơ"
FURTHER_STEP = "Xử lý tiếp"
PAGE_SIZE = 200


# ============================================================================ views


@dataclass(frozen=True)
class StepView:
    id: int
    position: int
    name: str
    officer_id: int | None
    officer_name: str
    handed_over_by_name: str
    allotted_hours: float
    started_at: datetime
    due_at: datetime
    finished_at: datetime | None
    timeliness: str | None
    paused: bool
    minutes_left: int | None  # open steps: signed working minutes left now
    level: str | None  # open steps: on_track / nearly_due / late
    note: str


@dataclass(frozen=True)
class EventView:
    id: int
    kind: str
    at: datetime
    user_name: str
    from_state: str | None
    to_state: str | None
    reason: str
    data: dict[str, object]


@dataclass(frozen=True)
class DocumentView:
    name: str
    kind: str
    count: int


@dataclass(frozen=True)
class DossierView:
    """Everything the dossier window shows."""

    id: int
    code: str
    state: DossierState
    channel: Channel
    own_account: bool | None
    procedure_id: int
    procedure_code: str
    procedure_name: str
    field_name: str
    applicant_id: int
    applicant_name: str
    personal_id: str
    phone: str
    address: str
    email: str
    submitted_at: datetime | None
    reception_due_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    original_due_at: datetime | None
    paused_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    collected_by: str
    timeliness: str | None
    reception_timeliness: str | None  # online: answered within 8 working hours or not
    supplement_count: int
    apology_issued: bool
    apology_owed: bool
    fee_amount: int
    payment_method: str
    result_delivery: str
    sets_count: int
    current_officer_id: int | None
    current_officer_name: str
    minutes_left: int | None
    level: str | None
    allotted_hours: float
    actions: tuple[str, ...]
    documents: tuple[DocumentView, ...]
    steps: tuple[StepView, ...]
    events: tuple[EventView, ...]
    rating: str | None
    # the portal's clock (index-766.md), when it differs from the appointment: see
    # :attr:`clocks_differ` and :attr:`clock_difference`
    portal_due_at: datetime | None = None
    portal_minutes_left: int | None = None
    portal_level: str | None = None
    apology_in_advance: bool = True  # False: "không thể gửi trước 1 ngày" (same-day etc.)

    @property
    def clocks_differ(self) -> bool:
        """Whether the portal judges this dossier by another date than the citizen's."""
        return self.clock_difference is not None

    @property
    def clock_difference(self) -> str | None:
        """Why the two dates differ (:func:`rules.clock_difference`); None when they agree."""
        return rules.clock_difference(
            self.due_at, self.portal_due_at, self.supplement_count, self.original_due_at is not None
        )

    minutes_per_day: int = rules.DEFAULT_MINUTES_PER_DAY  # the office's working day

    @property
    def current_step(self) -> StepView | None:
        for st in reversed(self.steps):
            if st.finished_at is None:
                return st
        return None


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One line of the board: plain data; the UI computes time left from the calendar."""

    id: int
    code: str
    state: DossierState
    channel: Channel
    procedure_name: str
    field_name: str
    applicant_name: str
    personal_id: str
    officer_id: int | None
    officer_name: str
    received_at: datetime | None
    due_at: datetime
    allotted_hours: float | None  # None: same day, from reception to the due instant
    paused_minutes: int | None
    timeliness: str | None
    apology_issued: bool
    step_name: str
    step_due_at: datetime | None
    step_allotted_hours: float | None
    step_paused_minutes: int | None
    # the portal's clock (issue 10): its deadline, where the dossier's clock stopped, requests
    portal_due_at: datetime | None = None
    paused_at: datetime | None = None
    supplement_count: int = 0

    @property
    def clocks_differ(self) -> bool:
        """Whether the portal judges this dossier by another date than the citizen's
        appointment (:attr:`due_at`)."""
        return self.clock_difference is not None

    @property
    def clock_difference(self) -> str | None:
        """Why the two dates differ (:func:`rules.clock_difference`); None when they agree."""
        return rules.clock_difference(
            self.due_at, self.portal_due_at, self.supplement_count, self.apology_issued
        )

    def standing(
        self, cal: WorkingCalendar, now: datetime, policy: WarningPolicy = DEFAULT_WARNING_POLICY
    ) -> rules.Standing | None:
        """Where the dossier stands now under the office's warning ``policy`` (the page's
        :attr:`BoardPage.policy`); None when processing has ended, or when an online dossier
        was answered with a supplement request before reception (no clock runs).

        The board's one place for the dossier's warning: a received dossier is judged by the
        portal's clock (deadlines.md §3: the board's colours follow the portal's judgement), an
        online one waiting for reception by its 8-working-hour reception clock."""
        if self.state not in rules.OPEN_STATES:
            return None
        if self.state is S.SUPPLEMENT_REQUESTED and self.paused_minutes is None:
            return None
        paused = self.state in (S.PAUSED, S.SUPPLEMENT_REQUESTED)
        allotted = self.allotted_hours
        if allotted is None:
            start = self.received_at or self.due_at
            allotted = max(cal.working_hours_between(start, self.due_at), 0.5)
        if self.received_at is not None and self.state is not S.SUBMITTED_ONLINE:
            if not paused or self.paused_at is not None:
                return rules.portal_standing_now(
                    cal,
                    now,
                    self.portal_due_at or self.due_at,
                    allotted,
                    stopped_at=self.paused_at if paused else None,
                    supplement_count=self.supplement_count,
                    policy=policy,
                )
        return rules.standing(
            cal,
            now,
            self.due_at,
            allotted,
            paused_minutes=(self.paused_minutes or 0) if paused else None,
            policy=policy,
        )

    def step_standing(
        self, cal: WorkingCalendar, now: datetime, policy: WarningPolicy = DEFAULT_WARNING_POLICY
    ) -> rules.Standing | None:
        if self.step_due_at is None or self.state not in rules.OPEN_STATES:
            return None
        return rules.standing(
            cal,
            now,
            self.step_due_at,
            self.step_allotted_hours or 1.0,
            paused_minutes=self.step_paused_minutes,
            policy=policy,
        )


@dataclass(frozen=True)
class BoardQuery:
    """Filters of the board, all applied in SQL; ``after`` is the keyset cursor (due_at, id)."""

    states: tuple[DossierState, ...] | None = tuple(sorted(rules.OPEN_STATES))
    field_id: int | None = None
    officer_id: int | None = None  # "my dossiers": the signed-in user's id
    channel: Channel | None = None
    due_from: date | None = None
    due_to: date | None = None
    standing: str | None = None  # "attention" (nearly due or late), "late", "on_time", "early"
    text: str = ""
    limit: int = PAGE_SIZE
    after: tuple[datetime, int] | None = None


@dataclass(frozen=True)
class BoardPage:
    rows: tuple[BoardRow, ...]
    cursor: tuple[datetime, int] | None  # pass as ``after`` for the next page; None at the end
    policy: WarningPolicy = DEFAULT_WARNING_POLICY  # the office's warning setting when read


@dataclass(frozen=True)
class AttentionCounts:
    nearly_due: int
    late: int

    @property
    def total(self) -> int:
        return self.nearly_due + self.late


# ============================================================================ commands


@dataclass(frozen=True)
class HandoverCommand:
    dossier_id: int
    officer_id: int
    note: str = ""


@dataclass(frozen=True)
class ReasonCommand:
    """Pause, resume, refusal, withdrawal, result ready: a dossier and a reason (or note)."""

    dossier_id: int
    reason: str = ""


@dataclass(frozen=True)
class SupplementItemInput:
    name: str
    originals: int = 0
    certified_copies: int = 0
    copies: int = 0
    note: str = ""


@dataclass(frozen=True)
class SupplementCommand:
    dossier_id: int
    reason: str
    items: tuple[SupplementItemInput, ...] = ()
    contact_name: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class DocumentInput:
    """One document received: from the procedure's list (``required_document_id``) or free."""

    name: str
    kind: str = "original"
    count: int = 1
    required_document_id: int | None = None


@dataclass(frozen=True)
class SupplementReceiptCommand:
    dossier_id: int
    documents: tuple[DocumentInput, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class StopCommand:
    dossier_id: int
    reason: str
    legal_basis: str = ""
    applicant_options: str = ""


@dataclass(frozen=True)
class ApologyCommand:
    dossier_id: int
    reason: str
    new_due_at: datetime


@dataclass(frozen=True)
class ReturnCommand:
    dossier_id: int
    collected_by: str
    note: str = ""
    book_line: int | None = None  # the line of its procedure's paper book it was written on


@dataclass(frozen=True)
class RatingCommand:
    dossier_id: int
    level: str
    comment: str = ""


# ============================================================================ helpers


def processing_time_of(p: Procedure) -> ProcessingTime:
    """The procedure's processing time as the deadline engine's value."""
    unit = p.time_unit.value if p.time_unit is not None else "same_day"
    if unit == "same_day" or p.time_amount is None:
        cutoff = p.cutoff_minutes if p.cutoff_minutes is not None else 15 * 60
        return ProcessingTime.same_day(time(cutoff // 60, cutoff % 60))
    if unit == "working_hours":
        return ProcessingTime.hours(p.time_amount)
    return ProcessingTime.days(p.time_amount)


def dossier_allotted(cal: WorkingCalendar, d: Dossier, p: Procedure) -> float:
    """Working hours the dossier's clock was given (8 for an online dossier awaiting reception)."""
    if d.state is S.SUBMITTED_ONLINE:
        return 8.0
    start = d.received_at or d.created_at
    return rules.allotted_hours(cal, processing_time_of(p), start, d.due_at or start)


def _load(s: Session, dossier_id: int) -> Dossier:
    d = s.get(Dossier, dossier_id)
    if d is None:
        raise NotFound("dossier.missing", id=dossier_id)
    return d


def _reason(text: str, code: str = "dossier.reason.empty") -> str:
    value = limits.clean(text, "reason", limits.NOTE)
    if not value:
        raise ValidationError(code, field="reason")
    return value


def _open_step(d: Dossier) -> StepRun | None:
    for st in reversed(d.steps):
        if st.finished_at is None:
            return st
    return None


def record_event(
    s: Session,
    d: Dossier,
    actor: Actor,
    kind: str,
    at: datetime,
    *,
    from_state: DossierState | None = None,
    reason: str | None = None,
    form_number: str | None = None,
    **data: object,
) -> DossierEvent:
    """Append one event to the dossier's history (and a line to the audit log)."""
    ev = DossierEvent(
        kind=kind,
        at=at,
        user_id=actor.user_id,
        from_state=from_state.value if from_state else None,
        to_state=d.state.value,
        reason=reason,
        form_number=form_number,
        data={k: _jsonable(v) for k, v in data.items()} or None,
    )
    d.events.append(ev)
    audit(s, actor, f"dossier.{kind}", "dossier", d.id, at=at, code=d.code, reason=reason)
    return ev


def _jsonable(v: object) -> object:
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def start_step(
    d: Dossier,
    cal: WorkingCalendar,
    at: datetime,
    *,
    position: int,
    name: str,
    hours: float,
    officer_id: int | None,
    handed_over_by_id: int | None,
    process_step_id: int | None = None,
) -> StepRun:
    """Start a step's clock at ``at`` (its own start plus its allotted time)."""
    clock = DeadlineClock.begin(cal, at, hours)
    run = StepRun(
        process_step_id=process_step_id,
        position=position,
        name=name,
        officer_id=officer_id,
        handed_over_by_id=handed_over_by_id,
        allotted_hours=hours,
        started_at=at,
        due_at=clock.due,
    )
    d.steps.append(run)
    d.current_officer_id = officer_id
    return run


def finish_step(st: StepRun, at: datetime) -> None:
    """End a step at ``at`` and judge it against its own deadline."""
    st.finished_at = at
    if st.paused_at is not None:  # ended while paused: judged on the time it had left
        late = (st.remaining_minutes or 0) < 0
        st.timeliness = (Timeliness.LATE if late else Timeliness.ON_TIME).value
        st.paused_at = None
    else:
        st.timeliness = timeliness(at, st.due_at).value


def procedure_steps(s: Session, procedure_id: int) -> list[ProcessStep]:
    return list(
        s.scalars(
            select(ProcessStep)
            .where(ProcessStep.procedure_id == procedure_id)
            .order_by(ProcessStep.position)
        )
    )


def start_first_step(
    s: Session, d: Dossier, cal: WorkingCalendar, at: datetime, officer_id: int | None
) -> StepRun:
    """The first step of the procedure's process (or one step for the whole time)."""
    defined = procedure_steps(s, d.procedure_id)
    if defined:
        first = defined[0]
        return start_step(
            d,
            cal,
            at,
            position=1,
            name=first.name,
            hours=first.hours,
            officer_id=officer_id,
            handed_over_by_id=None,
            process_step_id=first.id,
        )
    hours = cal.working_hours_between(cal.next_working_moment(at), d.due_at or at)
    return start_step(
        d,
        cal,
        at,
        position=1,
        name=GENERIC_STEP,
        hours=max(hours, 0.5),
        officer_id=officer_id,
        handed_over_by_id=None,
    )


def _end_processing(d: Dossier, at: datetime, cal: WorkingCalendar | None = None) -> None:
    """Processing ends (result ready, refusal, stop, withdrawal): judge the dossier on the
    portal's clock (index-766.md), stored in ``timeliness``."""
    st = _open_step(d)
    if st is not None:
        finish_step(st, at)
    d.finished_at = at
    judged_due = rules.portal_due(d.due_at, d.portal_due_at, d.original_due_at)
    if d.state in (S.PAUSED, S.SUPPLEMENT_REQUESTED) or judged_due is None:
        # the clock stood still: judged on the working time it had left on the portal's clock
        if cal is not None and judged_due is not None and d.paused_at is not None:
            left = working_minutes_left(cal, d.paused_at, judged_due)
        else:
            left = d.remaining_minutes or 0
        late = left < 0 or d.supplement_count > 1
        d.timeliness = (
            Timeliness.LATE.value
            if late or d.original_due_at is not None
            else Timeliness.EARLY.value
        )
    else:
        d.timeliness = rules.portal_timeliness(at, judged_due, d.supplement_count).value
    d.paused_at = None


EventData = dict[str, object]
Body = Callable[[Session, WorkingCalendar, Dossier, datetime], EventData]


def _act(
    db: Database,
    actor: Actor,
    dossier_id: int,
    action: Action,
    now: Clock,
    body: Body,
    roles: tuple[Role, ...] = ALL_ROLES,
) -> DossierView:
    """The frame of every action in one unit of work: role check, load, transition check, the
    action's own changes (``body`` returns the event's reason, form number and data), the new
    state, the event, the view."""
    actor.require(*roles)
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        d = _load(s, dossier_id)
        old = d.state
        new = rules.next_state(old, action)
        data = body(s, cal, d, at)
        d.state = new
        reason = data.pop("reason", None)
        form_number = data.pop("form_number", None)
        numbered = data.pop("number_form", None)
        if numbered is not None:  # the form printed for this action gets its yearly number
            form_number = next_form_number(s, str(numbered), at.year)
        record_event(
            s,
            d,
            actor,
            action.value,
            at,
            from_state=old,
            reason=reason,  # type: ignore[arg-type]
            form_number=form_number,  # type: ignore[arg-type]
            **data,
        )
        s.flush()
        return dossier_view_in(s, cal, d, at)


def _clock_start(d: Dossier) -> datetime:
    """When the dossier's current clock started: the latest reception (a complete dossier back
    from a supplement counts as one)."""
    at = d.received_at or d.created_at
    for e in d.events:
        if e.kind == Action.RECEIVE_SUPPLEMENT.value:
            at = max(at, e.at)
    return at


def nfc_or_none(text: str, field: str = "note", limit: int = limits.NOTE) -> str | None:
    """A note as saved (NFC, trimmed), checked against :mod:`domain.limits`; ``None`` if empty."""
    return limits.clean(text, field, limit) or None


def handover(
    db: Database, actor: Actor, cmd: HandoverCommand, now: Clock = system_now
) -> DossierView:
    """End the running step (judged against its own deadline) and start the next one with the
    officer who takes it; the next step's clock is its allotted time from now."""

    def body(s: Session, cal: WorkingCalendar, d: Dossier, at: datetime) -> EventData:
        officer = s.get(User, cmd.officer_id)
        if officer is None or not officer.active:
            raise ValidationError("dossier.handover.officer", field="officer")
        current = _open_step(d)
        position = (current.position if current else 0) + 1
        if current is not None:
            finish_step(current, at)
        defined = [p for p in procedure_steps(s, d.procedure_id) if p.position >= position]
        if defined:
            nxt = defined[0]
            name, hours, ps_id = nxt.name, nxt.hours, nxt.id
        else:
            left = working_minutes_left(cal, at, d.due_at) if d.due_at else 0
            name, hours, ps_id = FURTHER_STEP, max(left / 60, 0.5), None
        run = start_step(
            d,
            cal,
            at,
            position=position,
            name=name,
            hours=hours,
            officer_id=officer.id,
            handed_over_by_id=actor.user_id,
            process_step_id=ps_id,
        )
        return {
            "reason": nfc_or_none(cmd.note),
            "step": run.name,
            "to_officer": officer.full_name,
            "previous_step": current.name if current else None,
            "previous_step_timeliness": current.timeliness if current else None,
        }

    return _act(db, actor, cmd.dossier_id, Action.HANDOVER, now, body)


@dataclass(frozen=True)
class HandoverCandidate:
    id: int
    full_name: str
    title: str
    role: Role


@dataclass(frozen=True)
class HandoverOptions:
    """Who can take the dossier at a handover, and who by the procedure's steps should."""

    step_name: str  # the step the dossier goes to
    step_role: Role | None  # its role in the procedure's process (None: no defined step)
    candidates: tuple[HandoverCandidate, ...]  # active users, never the one handing over
    default_id: int | None


def handover_options(db: Database, actor: Actor, dossier_id: int) -> HandoverOptions:
    """The next step by the procedure's process and its most likely officer: the one who worked
    that step on this dossier before (after a supplement the steps start again), for a step at
    the counter the clerk who received the dossier, else the one who worked the step last on
    another dossier of the procedure, else the first user with the step's role.
    The user handing over is not offered, unless nobody else works in the office."""
    with db.session() as s:
        d = _load(s, dossier_id)
        current = _open_step(d)
        position = (current.position if current else 0) + 1
        defined = [p for p in procedure_steps(s, d.procedure_id) if p.position >= position]
        nxt = defined[0] if defined else None
        users = s.scalars(
            select(User).where(User.active, User.id != actor.user_id).order_by(User.full_name)
        ).all()
        if not users:  # an office of one: the next step is one's own
            users = s.scalars(select(User).where(User.id == actor.user_id)).all()
        candidates = tuple(
            HandoverCandidate(u.id, u.full_name, u.title or "", u.role) for u in users
        )
        ids = {c.id for c in candidates}
        default: int | None = None
        if nxt is not None:
            for st in reversed(d.steps):  # this dossier, an earlier run of the same step
                if st.process_step_id == nxt.id and st.officer_id in ids:
                    default = st.officer_id
                    break
            if default is None and nxt.role is Role.CLERK:  # back to the counter that received it
                by_id = {c.id: c for c in candidates}
                clerk = by_id.get(d.received_by_id or 0)
                if clerk is not None and clerk.role is Role.CLERK:
                    default = clerk.id
            if default is None:  # the same step of another dossier of the procedure
                default = s.scalar(
                    select(StepRun.officer_id)
                    .join(User, User.id == StepRun.officer_id)
                    .where(
                        StepRun.process_step_id == nxt.id,
                        StepRun.dossier_id != d.id,
                        User.active,
                        User.id != actor.user_id,
                    )
                    .order_by(StepRun.started_at.desc(), StepRun.id.desc())
                    .limit(1)
                )
            if default is None:
                default = next((c.id for c in candidates if c.role is nxt.role), None)
        return HandoverOptions(
            step_name=nxt.name if nxt is not None else FURTHER_STEP,
            step_role=nxt.role if nxt is not None else None,
            candidates=candidates,
            default_id=default,
        )


def pause(db: Database, actor: Actor, cmd: ReasonCommand, now: Clock = system_now) -> DossierView:
    """Stop the dossier's and the running step's clocks, with a lawful reason."""
    reason = _reason(cmd.reason)

    def body(s: Session, cal: WorkingCalendar, d: Dossier, at: datetime) -> EventData:
        clock = DeadlineClock(d.received_at or at, d.due_at or at).pause(at)
        d.paused_at = clock.paused_at
        d.remaining_minutes = clock.remaining(cal, at)
        d.pause_count = (d.pause_count or 0) + 1
        st = _open_step(d)
        if st is not None:
            sc = DeadlineClock(st.started_at, st.due_at).pause(at)
            st.paused_at = sc.paused_at
            st.remaining_minutes = sc.remaining(cal, at)
        return {"reason": reason, "minutes_left": d.remaining_minutes}

    return _act(db, actor, cmd.dossier_id, Action.PAUSE, now, body)


def resume(db: Database, actor: Actor, cmd: ReasonCommand, now: Clock = system_now) -> DossierView:
    """Restart the clocks: the working time left at the pause runs from now."""

    def body(s: Session, cal: WorkingCalendar, d: Dossier, at: datetime) -> EventData:
        clock = DeadlineClock(d.received_at or at, d.due_at or at, d.paused_at).resume(cal, at)
        d.due_at = clock.due
        if d.portal_due_at is not None and d.paused_at is not None:  # a pause stops it too
            left = working_minutes_left(cal, d.paused_at, d.portal_due_at)
            d.portal_due_at = cal.add_working_minutes(at, left)
        d.paused_at = None
        d.remaining_minutes = None
        st = _open_step(d)
        if st is not None and st.paused_at is not None:
            st.due_at = DeadlineClock(st.started_at, st.due_at, st.paused_at).resume(cal, at).due
            st.paused_at = None
            st.remaining_minutes = None
        return {"reason": nfc_or_none(cmd.reason), "new_due_at": d.due_at}

    return _act(db, actor, cmd.dossier_id, Action.RESUME, now, body)


def request_supplement(
    db: Database, actor: Actor, cmd: SupplementCommand, now: Clock = system_now
) -> DossierView:
    """Form 02: the dossier goes back to the applicant; the clock waits for the complete dossier.

    For an online dossier awaiting reception this is the counter's answer within 8 hours.
    """
    reason = _reason(cmd.reason, "dossier.supplement.reason")
    items = [_supplement_item(i) for i in cmd.items]
    if not items:
        raise ValidationError("dossier.supplement.items", field="items")
    contact_name = limits.clean(cmd.contact_name, "contact_name", limits.NAME)
    contact_phone = limits.clean(cmd.contact_phone, "contact_phone", limits.PHONE)

    def body(s: Session, cal: WorkingCalendar, d: Dossier, at: datetime) -> EventData:
        online_answer = d.state is S.SUBMITTED_ONLINE
        st = _open_step(d)
        if st is not None:
            finish_step(st, at)
        if not online_answer and d.due_at is not None:
            d.remaining_minutes = working_minutes_left(cal, at, d.due_at)
        d.paused_at = at
        number = (d.supplement_count or 0) + 1
        if not online_answer:  # asked before reception: the dossier is simply not received yet
            d.supplement_count = number
        return {
            "reason": reason,
            "number_form": "supplement",
            "items": [i.__dict__ for i in items],
            "contact_name": contact_name or actor.full_name,
            "contact_phone": contact_phone,
            "reception_timeliness": (
                timeliness(at, d.reception_due_at).value
                if online_answer and d.reception_due_at
                else None
            ),
        }

    return _act(db, actor, cmd.dossier_id, Action.REQUEST_SUPPLEMENT, now, body)


def _supplement_item(i: SupplementItemInput) -> SupplementItemInput:
    name = limits.clean(i.name, "items", limits.SHORT)
    if not name:
        raise ValidationError("dossier.supplement.item_name", field="items")
    if min(i.originals, i.certified_copies, i.copies) < 0:
        raise ValidationError("dossier.supplement.item_count", field="items", name=name)
    for count in (i.originals, i.certified_copies, i.copies):
        limits.check_count(count, "items", 0)
    note = limits.clean(i.note, "items", limits.SHORT)
    return SupplementItemInput(name, i.originals, i.certified_copies, i.copies, note)


def receive_supplement(
    db: Database, actor: Actor, cmd: SupplementReceiptCommand, now: Clock = system_now
) -> DossierView:
    """The complete dossier is received again and a new receipt (form 01) is due.

    Two clocks (deadlines.md §3): the portal's deadline moves later by the applicant's working
    time during the (first) request; the appointment printed on the new receipt follows the
    office's rule (:func:`settings_store.supplement_rule`: resume, the law's default, or restart).
    An online dossier answered with a request before reception is simply received now."""
    docs = [_received_document(doc) for doc in cmd.documents]
    note = nfc_or_none(cmd.note)

    def body(s: Session, cal: WorkingCalendar, d: Dossier, at: datetime) -> EventData:
        p = s.get(Procedure, d.procedure_id)
        assert p is not None
        old_due = d.due_at
        old_portal = rules.portal_due(d.due_at, d.portal_due_at, d.original_due_at)
        pt = processing_time_of(p)
        rule = supplement_rule(s)
        applicant_minutes = None
        if d.received_at is None:  # an online dossier answered with a supplement request
            d.received_at = at
            d.received_by_id = actor.user_id
            d.due_at = due_at(cal, at, pt)
            d.portal_due_at = d.due_at
            restart = True
        else:
            clocks = rules.clocks_after_supplement(
                cal,
                requested_at=d.paused_at or at,
                returned_at=at,
                legal_due=d.due_at or at,
                portal_due=old_portal or d.due_at or at,
                processing_time=pt,
                rule=rule,
                first=(d.supplement_count or 0) <= 1,
            )
            d.due_at = clocks.legal_due
            d.portal_due_at = clocks.portal_due
            applicant_minutes = clocks.applicant_minutes
            restart = rule is rules.SupplementRule.RESTART
        d.paused_at = None
        d.remaining_minutes = None
        d.received_documents.extend(docs)
        start_first_step(s, d, cal, at, actor.user_id)
        return {
            "reason": note,
            "form_number": "01",
            "restart": restart,
            "rule": rule.value,
            "previous_due_at": old_due,
            "new_due_at": d.due_at,  # the appointment printed on the new receipt
            "portal_due_at": d.portal_due_at,
            "applicant_minutes": applicant_minutes,
        }

    return _act(db, actor, cmd.dossier_id, Action.RECEIVE_SUPPLEMENT, now, body)


def _received_document(doc: DocumentInput) -> ReceivedDocument:
    name = limits.clean(doc.name, "documents", limits.LONG_NAME)
    if not name:
        raise ValidationError("intake.document.name", field="documents")
    if doc.count < 1:
        raise ValidationError("intake.document.count", field="documents", name=name)
    limits.check_count(doc.count, "documents")
    try:
        kind = DocumentKind(doc.kind)
    except ValueError as exc:
        raise ValidationError("intake.document.kind", field="documents", name=name) from exc
    return ReceivedDocument(
        required_document_id=doc.required_document_id, name=name, kind=kind, count=doc.count
    )


def receive_in(
    s: Session,
    cal: WorkingCalendar,
    d: Dossier,
    actor: Actor,
    at: datetime,
    *,
    officer_id: int | None = None,
) -> None:
    """Receive ``d`` at ``at`` inside the caller's unit of work: the processing clock starts,
    the first step begins, and for an online dossier the 8-hour reception step is judged."""
    old = d.state
    reception = None
    if old is S.SUBMITTED_ONLINE:
        d.state = rules.next_state(old, Action.RECEIVE)
        st = _open_step(d)
        if st is not None:
            finish_step(st, at)
            reception = st.timeliness
    p = s.get(Procedure, d.procedure_id)
    assert p is not None
    d.state = S.RECEIVED
    d.received_at = at
    d.received_by_id = actor.user_id
    d.due_at = due_at(cal, at, processing_time_of(p))
    d.portal_due_at = d.due_at
    start_first_step(s, d, cal, at, officer_id or actor.user_id)
    record_event(
        s,
        d,
        actor,
        Action.RECEIVE.value,
        at,
        from_state=old if old is S.SUBMITTED_ONLINE else None,
        form_number="01",
        due_at=d.due_at,
        reception_timeliness=reception,
    )


def receive_online(
    db: Database,
    actor: Actor,
    dossier_id: int,
    documents: Sequence[DocumentInput] = (),
    now: Clock = system_now,
) -> DossierView:
    """The counter receives an online dossier: its processing clock starts now and the 8-hour
    reception step is judged (received at the 7th working hour: on time; at the 9th: late)."""
    actor.require(*ALL_ROLES)
    docs = [_received_document(doc) for doc in documents]
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        d = _load(s, dossier_id)
        rules.next_state(d.state, Action.RECEIVE)  # only an online dossier awaiting reception
        d.received_documents.extend(docs)
        receive_in(s, cal, d, actor, at)
        s.flush()
        return dossier_view_in(s, cal, d, at)


def refuse(db: Database, actor: Actor, cmd: ReasonCommand, now: Clock = system_now) -> DossierView:
    """Form 03: the dossier cannot be accepted (never an online dossier awaiting reception)."""
    reason = _reason(cmd.reason, "dossier.refusal.reason")
    return _ending(
        db, actor, cmd.dossier_id, Action.REFUSE, now, {"reason": reason, "number_form": "refusal"}
    )


def withdraw(
    db: Database, actor: Actor, cmd: ReasonCommand, now: Clock = system_now
) -> DossierView:
    """The applicant takes the dossier back; its code is never reused."""
    reason = _reason(cmd.reason, "dossier.withdrawal.reason")
    return _ending(db, actor, cmd.dossier_id, Action.WITHDRAW, now, {"reason": reason})


def stop(db: Database, actor: Actor, cmd: StopCommand, now: Clock = system_now) -> DossierView:
    """Form 05: processing stops for a lawful reason."""
    reason = _reason(cmd.reason, "dossier.stop.reason")
    data: EventData = {
        "reason": reason,
        "number_form": "stop",
        "legal_basis": limits.clean(cmd.legal_basis, "legal_basis", limits.NOTE),
        "applicant_options": limits.clean(cmd.applicant_options, "applicant_options", limits.NOTE),
    }
    return _ending(db, actor, cmd.dossier_id, Action.STOP, now, data)


def _ending(
    db: Database, actor: Actor, dossier_id: int, action: Action, now: Clock, data: EventData
) -> DossierView:
    def body(s: Session, cal: WorkingCalendar, d: Dossier, at: datetime) -> EventData:
        if d.state is S.SUBMITTED_ONLINE:  # withdrawn before reception: nothing to judge
            st = _open_step(d)
            if st is not None:
                finish_step(st, at)
            d.finished_at = at
        else:
            _end_processing(d, at, cal)
        return dict(data)

    return _act(db, actor, dossier_id, action, now, body)


def apologise(
    db: Database, actor: Actor, cmd: ApologyCommand, now: Clock = system_now
) -> DossierView:
    """Form 04: the apology with a new date, once per dossier; the dossier still counts late."""
    reason = _reason(cmd.reason, "dossier.apology.reason")

    def body(s: Session, cal: WorkingCalendar, d: Dossier, at: datetime) -> EventData:
        if d.apology_issued:
            raise Conflict("dossier.apology.once", dossier=d.code)
        current = d.due_at
        assert current is not None
        if cmd.new_due_at <= current or cmd.new_due_at <= at:
            raise ValidationError(
                "dossier.apology.new_date", field="new_due_at", due=f"{current:%H:%M %d/%m/%Y}"
            )
        latest = rules.apology_latest(current)
        if cmd.new_due_at > latest:
            raise ValidationError(
                "dossier.apology.new_date_far",
                field="new_due_at",
                due=f"{current:%H:%M %d/%m/%Y}",
                last=f"{latest:%d/%m/%Y}",
            )
        if d.portal_due_at is None:
            d.portal_due_at = current
        d.original_due_at = current
        d.due_at = cmd.new_due_at
        if d.paused_at is not None:
            d.remaining_minutes = working_minutes_left(cal, d.paused_at, d.due_at)
        d.apology_issued = True
        start = _clock_start(d)
        owed_by = rules.apology_deadline(cal, current)
        return {
            "reason": reason,
            "number_form": "apology",
            "previous_due_at": current,
            "new_due_at": cmd.new_due_at,
            "owed_by": owed_by,
            # None: "không thể gửi trước 1 ngày" (e.g. a same-day procedure), not late
            "issued_in_time": rules.apology_in_time(cal, at, current, start),
            "in_advance_possible": rules.apology_possible_in_advance(cal, start, current),
        }

    return _act(db, actor, cmd.dossier_id, Action.APOLOGISE, now, body)


def result_ready(
    db: Database, actor: Actor, cmd: ReasonCommand, now: Clock = system_now
) -> DossierView:
    """The result is signed and at the counter: processing ends, the dossier is judged."""
    note = nfc_or_none(cmd.reason, "reason")

    def body(s: Session, cal: WorkingCalendar, d: Dossier, at: datetime) -> EventData:
        _end_processing(d, at, cal)
        return {"reason": note, "timeliness": d.timeliness}

    return _act(db, actor, cmd.dossier_id, Action.RESULT_READY, now, body)


def return_result(
    db: Database, actor: Actor, cmd: ReturnCommand, now: Clock = system_now
) -> DossierView:
    """The result is handed back: who collected it and when."""
    who = limits.clean(cmd.collected_by, "collected_by", limits.NAME)
    if not who:
        raise ValidationError("dossier.return.collected_by", field="collected_by")
    note = nfc_or_none(cmd.note)

    def body(s: Session, cal: WorkingCalendar, d: Dossier, at: datetime) -> EventData:
        d.returned_at = at
        d.collected_by = who
        if d.result_delivery is ResultDelivery.ONLINE:
            # An electronic result sent to the citizen's portal account (766 criteria 4.1, 4.5);
            # an account that was not the applicant's own does not count as theirs.
            d.result_electronic = True
            d.result_to_citizen_account = d.own_account is not False
        if cmd.book_line is not None:
            from tthc_desk.services.province import record_line_in

            record_line_in(s, d, actor, cmd.book_line, at)
        return {"reason": note, "collected_by": who, "book_line": cmd.book_line}

    return _act(db, actor, cmd.dossier_id, Action.RETURN, now, body)


def rate(db: Database, actor: Actor, cmd: RatingCommand, now: Clock = system_now) -> DossierView:
    """Record the applicant's satisfaction rating of a returned dossier (once)."""
    actor.require(*ALL_ROLES)
    if cmd.level not in RATING_LEVELS:
        raise ValidationError("rating.level", field="level")
    comment = nfc_or_none(cmd.comment, "comment")
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        d = _load(s, cmd.dossier_id)
        if d.state is not S.RETURNED:
            raise Conflict("rating.not_returned", dossier=d.code)
        if s.scalar(select(Rating.id).where(Rating.dossier_id == d.id)) is not None:
            raise Conflict("rating.exists", dossier=d.code)
        s.add(
            Rating(
                dossier_id=d.id,
                level=cmd.level,
                comment=comment,
                rated_at=at,
                recorded_by_id=actor.user_id,
            )
        )
        record_event(s, d, actor, "rated", at, from_state=d.state, level=cmd.level)
        s.flush()
        return dossier_view_in(s, cal, d, at)


# ============================================================================ reading


def get_dossier(db: Database, dossier_id: int, now: Clock = system_now) -> DossierView:
    with db.session() as s:
        cal = calendar_from_session(s)
        return dossier_view_in(s, cal, _load(s, dossier_id), now())


def find_by_code(db: Database, code: str) -> int:
    with db.session() as s:
        found = s.scalar(select(Dossier.id).where(Dossier.code == nfc(code).upper()))
        if found is None:
            raise NotFound("dossier.missing_code", dossier=code)
        return found


def _names(s: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(s.execute(select(User.id, User.full_name).where(User.id.in_(wanted))).all())


def dossier_view_in(s: Session, cal: WorkingCalendar, d: Dossier, now: datetime) -> DossierView:
    policy = warning_policy(s)
    p = s.get(Procedure, d.procedure_id)
    a = s.get(Applicant, d.applicant_id)
    f = s.get(Field, d.field_id)
    assert p is not None and a is not None and f is not None
    names = _names(
        s,
        {d.current_officer_id}
        | {st.officer_id for st in d.steps}
        | {st.handed_over_by_id for st in d.steps}
        | {e.user_id for e in d.events},
    )
    steps = []
    for st in d.steps:
        stand = None
        if st.finished_at is None and d.state in rules.OPEN_STATES:
            stand = rules.standing(
                cal,
                now,
                st.due_at,
                st.allotted_hours,
                paused_minutes=st.remaining_minutes if st.paused_at is not None else None,
                policy=policy,
            )
        steps.append(
            StepView(
                id=st.id,
                position=st.position,
                name=st.name,
                officer_id=st.officer_id,
                officer_name=names.get(st.officer_id or 0, ""),
                handed_over_by_name=names.get(st.handed_over_by_id or 0, ""),
                allotted_hours=st.allotted_hours,
                started_at=st.started_at,
                due_at=st.due_at,
                finished_at=st.finished_at,
                timeliness=st.timeliness,
                paused=st.paused_at is not None,
                minutes_left=stand.minutes_left if stand else None,
                level=stand.level.value if stand else None,
                note=st.note or "",
            )
        )
    allotted = dossier_allotted(cal, d, p)
    stand = None
    if d.state in rules.OPEN_STATES and d.due_at is not None:
        paused = d.state in (S.PAUSED, S.SUPPLEMENT_REQUESTED)
        stand = rules.standing(
            cal,
            now,
            d.due_at,
            allotted,
            paused_minutes=(d.remaining_minutes or 0) if paused else None,
            policy=policy,
        )
    reception = None
    for e in d.events:
        if e.data and e.data.get("reception_timeliness"):
            reception = str(e.data["reception_timeliness"])
            break
    rating = s.scalar(select(Rating.level).where(Rating.dossier_id == d.id))
    start = _clock_start(d)
    owed = (
        d.state in rules.RUNNING_STATES
        and d.state is not S.SUBMITTED_ONLINE
        and not d.apology_issued
        and d.due_at is not None
        and rules.apology_owed(cal, now, d.due_at, start)
    )
    portal = (
        rules.portal_due(d.due_at, d.portal_due_at, d.original_due_at)
        if d.received_at is not None
        else None
    )
    portal_stand = None
    if portal is not None and d.state in rules.OPEN_STATES:
        portal_stand = rules.portal_standing_now(
            cal,
            now,
            portal,
            allotted,
            stopped_at=d.paused_at if d.state in (S.PAUSED, S.SUPPLEMENT_REQUESTED) else None,
            supplement_count=d.supplement_count or 0,
            policy=policy,
        )
    return DossierView(
        id=d.id,
        code=d.code,
        state=d.state,
        channel=d.channel,
        own_account=d.own_account,
        procedure_id=p.id,
        procedure_code=p.code,
        procedure_name=p.name,
        field_name=f.name,
        applicant_id=a.id,
        applicant_name=a.full_name,
        personal_id=a.personal_id or "",
        phone=a.phone or "",
        address=a.address or "",
        email=a.email or "",
        submitted_at=d.submitted_at,
        reception_due_at=d.reception_due_at,
        received_at=d.received_at,
        due_at=d.due_at,
        original_due_at=d.original_due_at,
        paused_at=d.paused_at,
        finished_at=d.finished_at,
        returned_at=d.returned_at,
        collected_by=d.collected_by or "",
        timeliness=d.timeliness,
        reception_timeliness=reception,
        supplement_count=d.supplement_count or 0,
        apology_issued=d.apology_issued,
        apology_owed=owed,
        fee_amount=d.fee_amount or 0,
        payment_method=d.payment_method.value,
        result_delivery=d.result_delivery.value,
        sets_count=d.sets_count or 1,
        current_officer_id=d.current_officer_id,
        current_officer_name=names.get(d.current_officer_id or 0, ""),
        minutes_left=stand.minutes_left if stand else None,
        level=stand.level.value if stand else None,
        allotted_hours=allotted,
        actions=tuple(
            a.value
            for a in rules.allowed_actions(d.state)
            if not (a is Action.APOLOGISE and d.apology_issued)
        )
        + (("rate",) if d.state is S.RETURNED and rating is None else ()),
        documents=tuple(DocumentView(r.name, r.kind.value, r.count) for r in d.received_documents),
        steps=tuple(steps),
        events=tuple(
            EventView(
                id=e.id,
                kind=e.kind,
                at=e.at,
                user_name=names.get(e.user_id or 0, ""),
                from_state=e.from_state,
                to_state=e.to_state,
                reason=e.reason or "",
                data=dict(e.data or {}),
            )
            for e in d.events
        ),
        rating=rating,
        portal_due_at=portal,
        portal_minutes_left=portal_stand.minutes_left if portal_stand else None,
        portal_level=portal_stand.level.value if portal_stand else None,
        apology_in_advance=(
            d.due_at is None or rules.apology_possible_in_advance(cal, start, d.due_at)
        ),
        minutes_per_day=cal.minutes_per_day,
    )


def portal_clock(db: Database, dossier_id: int, now: Clock = system_now) -> rules.Standing | None:
    """Where an open dossier stands on the portal's clock now (the board's warning and the 766
    estimate follow it); None when processing has ended or the dossier is not received."""
    v = get_dossier(db, dossier_id, now)
    if v.portal_minutes_left is None or v.portal_level is None:
        return None
    paused = v.state in (S.PAUSED, S.SUPPLEMENT_REQUESTED)
    return rules.Standing(v.portal_minutes_left, WarningLevel(v.portal_level), paused)


# ============================================================================ the board


def _threshold_groups(
    s: Session, cal: WorkingCalendar, policy: WarningPolicy
) -> dict[float, list[int]]:
    """Procedure ids grouped by the working hours before their due date at which a dossier is
    nearly due under the office's warning ``policy`` (by default the larger of 4 h and a
    quarter of the allotted time). Kept while the procedures' count, last id and the policy
    and times stay the same (one small aggregate instead of reading every procedure)."""
    conn = s.connection()
    shape = conn.execute(_catalogue_shape_stmt()).one()
    key = (str(conn.engine.url), tuple(shape), policy, cal.minutes_per_day)
    hit = _GROUPS.get(key[0])
    if hit is not None and hit[0] == key:
        return hit[1]
    groups = _read_threshold_groups(s, cal, policy)
    _GROUPS[key[0]] = (key, groups)
    return groups


_GROUPS: dict[str, tuple[tuple[object, ...], dict[float, list[int]]]] = {}


@functools.cache
def _catalogue_shape_stmt() -> Select[Any]:
    weighted = case(
        (Procedure.time_unit == TimeUnit.WORKING_DAYS, Procedure.time_amount * 1000),
        else_=Procedure.time_amount,
    )
    return select(func.count(Procedure.id), func.max(Procedure.id), func.sum(weighted))


def _read_threshold_groups(
    s: Session, cal: WorkingCalendar, policy: WarningPolicy
) -> dict[float, list[int]]:
    groups: dict[float, list[int]] = {}
    rows = s.execute(
        select(Procedure.id, Procedure.time_unit, Procedure.time_amount, Procedure.cutoff_minutes)
    ).all()
    for pid, unit, amount, _cutoff in rows:
        if unit is not None and unit.value == "working_days" and amount is not None:
            allotted = amount * cal.hours_per_day
        elif unit is not None and unit.value == "working_hours" and amount is not None:
            allotted = float(amount)
        else:
            allotted = cal.hours_per_day
        groups.setdefault(rules.warning_threshold_hours(allotted, policy), []).append(pid)
    return groups


#: SQL: the deadline the portal judges a received dossier by (``rules.portal_due``): its own
#: clock when kept, else the first appointment (an apology never moves it).
_PORTAL_DUE = func.coalesce(Dossier.portal_due_at, Dossier.original_due_at, Dossier.due_at)
_IN_HAND = (S.RECEIVED, S.IN_PROGRESS)


def _late_on_portal(now: datetime) -> ColumnElement[bool]:
    """SQL: running dossiers late at ``now`` by the portal's clock (an online one waiting for
    reception by its reception clock); more than one supplement request is late."""
    return or_(
        and_(Dossier.state == S.SUBMITTED_ONLINE, Dossier.due_at < _instant("late_now", now)),
        and_(
            Dossier.state.in_(_IN_HAND),
            or_(_PORTAL_DUE < _instant("late_now", now), Dossier.supplement_count > 1),
        ),
    )


def _attention_clause(s: Session, cal: WorkingCalendar, now: datetime) -> object:
    """SQL: open, running dossiers that are nearly due or late at ``now`` by the portal's
    clock (the office's warning policy, read in ``s``). The board's order stays on ``due_at``
    by index; only this filter reads the portal's deadline."""
    policy = warning_policy(s)
    online = rules.warning_threshold_hours(ONLINE_RECEPTION_HOURS, policy)
    parts = [
        and_(
            Dossier.state == S.SUBMITTED_ONLINE,
            Dossier.due_at < _instant("att_online", cal.add_working_hours(now, online)),
        ),
        and_(Dossier.state.in_(_IN_HAND), Dossier.supplement_count > 1),
    ]
    for i, (hours, ids) in enumerate(_threshold_groups(s, cal, policy).items()):
        parts.append(
            and_(
                Dossier.state.in_(_IN_HAND),
                Dossier.procedure_id.in_([literal_column(str(int(p))) for p in ids]),
                _PORTAL_DUE < _instant(f"att_{i}", cal.add_working_hours(now, hours)),
            )
        )
    return or_(*parts)


def _instant(name: str, value: datetime) -> Any:
    """A named bind parameter (so a cached page statement takes the next call's instants)."""
    return bindparam(name, value, type_=Dossier.__table__.c.due_at.type)


def _attention_params(s: Session, cal: WorkingCalendar, now: datetime) -> tuple[Any, dict]:
    """The attention filter's shape (the statement's cache key) and its instants at ``now``:
    the same thresholds as :func:`_attention_clause`, without building the clause."""
    policy = warning_policy(s)
    groups = _threshold_groups(s, cal, policy)
    online = rules.warning_threshold_hours(ONLINE_RECEPTION_HOURS, policy)
    params = {"att_online": cal.add_working_hours(now, online)}
    for i, hours in enumerate(groups):
        params[f"att_{i}"] = cal.add_working_hours(now, hours)
    return tuple((h, tuple(ids)) for h, ids in groups.items()), params


def _board_filters(
    s: Session,
    cal: WorkingCalendar,
    q: BoardQuery,
    now: datetime,
    *,
    states: bool = True,
    walk: str = "",
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if states and q.states:
        conds.append(Dossier.state.in_(q.states))
    if q.field_id is not None:
        conds.append(Dossier.field_id == q.field_id)
    if q.officer_id is not None:
        conds.append(Dossier.current_officer_id == q.officer_id)
    if q.channel is not None:
        conds.append(Dossier.channel == q.channel)
    if q.due_from is not None:
        conds.append(Dossier.due_at >= datetime.combine(q.due_from, time.min))
    if q.due_to is not None:
        conds.append(Dossier.due_at < datetime.combine(q.due_to + timedelta(days=1), time.min))
    if q.standing == "attention":
        conds.append(_attention_clause(s, cal, now))  # type: ignore[arg-type]
    elif q.standing == "late":
        conds.append(
            or_(
                Dossier.timeliness == Timeliness.LATE.value,
                _late_on_portal(now),
                and_(
                    Dossier.state.in_((S.PAUSED, S.SUPPLEMENT_REQUESTED)),
                    or_(
                        Dossier.remaining_minutes < 0,
                        Dossier.supplement_count > 1,
                        and_(Dossier.received_at.is_not(None), Dossier.paused_at > _PORTAL_DUE),
                    ),
                ),
            )
        )
    elif q.standing in ("on_time", "early"):
        conds.append(Dossier.timeliness == q.standing)
    if q.text.strip():
        conds.append(dossier_text_condition(s, q.text, walk=walk))
    if q.after is not None:
        conds.append(
            tuple_(Dossier.due_at, Dossier.id)
            > tuple_(_instant("after_due", q.after[0]), bindparam("after_id", q.after[1]))
        )
    return conds


def board_page_ids(
    s: Session, cal: WorkingCalendar, q: BoardQuery, now: datetime, *, walk: str = ""
) -> Select[Any]:
    """The ids (and due dates) of one board page, ``ORDER BY due_at, id`` by index.

    Each filter has an index that yields its rows already in (due_at, id) order (see the
    ``ix_dossiers_*_due`` indexes), so a page costs the same at any size of history: several
    states are merged one index range each (``UNION ALL`` under one ``ORDER BY``, a merge, not
    a sort). A text search starts from the search index instead and sorts its matches; when
    it matches many rows (``walk``, :func:`search_index.plan`: "0", "03", a common name), the
    filters' index is walked in order and each row checked against the matches.
    """
    several = bool(q.states) and len(q.states or ()) > 1 and not q.text.strip()
    conds = _board_filters(s, cal, q, now, states=not several, walk=walk)
    order = (Dossier.due_at, Dossier.id)
    if not several:
        return select(Dossier.id, Dossier.due_at).where(*conds).order_by(*order).limit(q.limit)
    arms = [
        select(Dossier.id, Dossier.due_at).where(Dossier.state == st, *conds)
        for st in sorted(q.states or ())
    ]
    merged = union_all(*arms).subquery("arms")
    return (
        select(merged.c.id, merged.c.due_at).order_by(merged.c.due_at, merged.c.id).limit(q.limit)
    )


def dossier_text_condition(s: Session, text: str, *, walk: str = "") -> ColumnElement[bool]:
    """SQL: the dossier's code, applicant's name, personal ID or phone matches every word of
    ``text`` (with or without diacritics; a word may be the start of a name, an ID, a phone
    or a code), by the search index."""
    return search_index.matching_ids(
        s.get_bind().dialect.name, search_index.DOSSIERS, fold(text), Dossier.id, walk=walk
    )


@functools.cache
def _board_rows_stmt(by_ids: bool = True) -> Select[Any]:
    """The board's columns for a list of dossier ids (``:ids``), built once: a statement built
    on every call costs more than its SQL."""
    officer = aliased(User, name="officer")
    open_step = aliased(StepRun, name="open_step")
    stmt = (
        select(
            Dossier.id,
            Dossier.code,
            Dossier.state,
            Dossier.channel,
            Procedure.name,
            Field.name,
            Applicant.full_name,
            Applicant.personal_id,
            Dossier.current_officer_id,
            officer.full_name,
            Dossier.received_at,
            Dossier.due_at,
            Dossier.remaining_minutes,
            Dossier.timeliness,
            Dossier.apology_issued,
            open_step.name,
            open_step.due_at,
            open_step.allotted_hours,
            open_step.remaining_minutes,
            open_step.paused_at,
            Procedure.time_unit,
            Procedure.time_amount,
            _PORTAL_DUE,
            Dossier.paused_at,
            Dossier.supplement_count,
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .join(Field, Field.id == Dossier.field_id)
        .join(Applicant, Applicant.id == Dossier.applicant_id)
        .outerjoin(officer, officer.id == Dossier.current_officer_id)
        .outerjoin(
            open_step,
            and_(open_step.dossier_id == Dossier.id, open_step.finished_at.is_(None)),
        )
    )
    return stmt.where(Dossier.id.in_(bindparam("ids", expanding=True))) if by_ids else stmt


def _page_statement(
    s: Session, cal: WorkingCalendar, q: BoardQuery, at: datetime
) -> tuple[Select[Any], dict[str, Any]]:
    """The page's one statement (its columns for the ids of :func:`board_page_ids`) and the
    parameters of this call. Built once per shape of query — the filters, the attention
    thresholds' groups — and kept (the keyset cursor and the attention instants are bind
    parameters): building a statement costs more than its SQL."""
    params: dict[str, Any] = {}
    shape: Any = None
    if q.standing == "attention":
        shape, params = _attention_params(s, cal, at)
    elif q.standing == "late":
        params["late_now"] = at
    if q.after is not None:
        params["after_due"], params["after_id"] = q.after
    walk = search_index.plan(s.connection(), search_index.DOSSIERS, fold(q.text))
    key = (s.get_bind().dialect.name, replace(q, after=None), q.after is not None, shape, walk)
    stmt = _PAGE_STATEMENTS.get(key)
    if stmt is None:
        ids = board_page_ids(s, cal, q, at, walk=walk).subquery("page")
        stmt = _board_rows_stmt(by_ids=False).where(Dossier.id.in_(select(ids.c.id)))
        if len(_PAGE_STATEMENTS) >= 256:
            _PAGE_STATEMENTS.clear()
        _PAGE_STATEMENTS[key] = stmt
    return stmt, params


_PAGE_STATEMENTS: dict[tuple[Any, ...], Select[Any]] = {}


def board_page(db: Database, q: BoardQuery, now: Clock = system_now) -> BoardPage:
    """One page of the board, ``ORDER BY due_at, id`` from the keyset cursor ``q.after``: the
    page's ids by index (:func:`board_page_ids`), then their columns."""
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        conn = s.connection()  # Core rows: no ORM loading for plain columns
        stmt, params = _page_statement(s, cal, q, at)
        found = conn.execute(stmt, params).all()
        per_day = cal.hours_per_day
        rows = []
        for r in found:
            state, unit, amount = r[2], r[20], r[21]
            allotted: float | None
            if state is S.SUBMITTED_ONLINE:
                allotted = ONLINE_RECEPTION_HOURS
            elif unit is not None and unit.value == "working_days" and amount:
                allotted = amount * per_day
            elif unit is not None and unit.value == "working_hours" and amount:
                allotted = float(amount)
            else:
                allotted = None  # same day: from reception to the due instant, when shown
            rows.append(
                BoardRow(
                    id=r[0],
                    code=r[1],
                    state=state,
                    channel=r[3],
                    procedure_name=intern(r[4]),
                    field_name=intern(r[5]),
                    applicant_name=r[6],
                    personal_id=r[7] or "",
                    officer_id=r[8],
                    officer_name=intern(r[9] or ""),
                    received_at=r[10],
                    due_at=r[11],
                    allotted_hours=allotted,
                    paused_minutes=r[12],
                    timeliness=r[13],
                    apology_issued=bool(r[14]),
                    step_name=intern(r[15] or ""),
                    step_due_at=r[16],
                    step_allotted_hours=r[17],
                    step_paused_minutes=r[18] if r[19] is not None else None,
                    portal_due_at=r[22],
                    paused_at=r[23],
                    supplement_count=r[24] or 0,
                )
            )
        rows.sort(key=lambda row: (row.due_at, row.id))
        cursor = (rows[-1].due_at, rows[-1].id) if len(rows) == q.limit else None
        return BoardPage(tuple(rows), cursor, warning_policy(s))


def attention_counts(
    db: Database, officer_id: int | None = None, now: Clock = system_now
) -> AttentionCounts:
    """How many open dossiers are nearly due and how many late (for the navigation badge)."""
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        base = [_attention_clause(s, cal, at)]
        if officer_id is not None:
            base.append(Dossier.current_officer_id == officer_id)
        late = s.scalar(
            select(func.count()).select_from(Dossier).where(*base, _late_on_portal(at))  # type: ignore[arg-type]
        )
        total = s.scalar(select(func.count()).select_from(Dossier).where(*base))  # type: ignore[arg-type]
        return AttentionCounts(nearly_due=(total or 0) - (late or 0), late=late or 0)


def apology_reminders(db: Database, now: Clock = system_now) -> list[tuple[int, str, datetime]]:
    """Open dossiers whose apology (form 04) is owed now and not yet issued: (id, code, due)."""
    at = now()
    with db.session() as s:
        cal = calendar_from_session(s)
        # owed from the working day before the due day: due no later than the next working day
        nxt = at.date() + timedelta(days=1)
        while not cal.is_working_day(nxt):
            nxt += timedelta(days=1)
        horizon = datetime.combine(nxt + timedelta(days=1), time.min)
        rows = s.execute(
            select(Dossier.id, Dossier.code, Dossier.due_at, Dossier.received_at)
            .where(
                Dossier.state.in_((S.RECEIVED, S.IN_PROGRESS)),
                Dossier.apology_issued == false(),
                Dossier.due_at < horizon,
            )
            .order_by(Dossier.due_at, Dossier.id)
        ).all()
        return [(r[0], r[1], r[2]) for r in rows if rules.apology_owed(cal, at, r[2], r[3] or r[2])]


def board_filters_choices(db: Database) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(fields, officers) for the board's filter boxes: (id, name) pairs."""
    with db.session() as s:
        fields = [
            (r[0], r[1]) for r in s.execute(select(Field.id, Field.name).order_by(Field.name))
        ]
        officers = [
            (r[0], r[1])
            for r in s.execute(
                select(User.id, User.full_name).where(User.active).order_by(User.full_name)
            )
        ]
        return fields, officers


__all__ = [
    "Action",
    "ApologyCommand",
    "AttentionCounts",
    "BoardPage",
    "BoardQuery",
    "BoardRow",
    "DocumentInput",
    "DossierView",
    "EventView",
    "HandoverCandidate",
    "HandoverCommand",
    "HandoverOptions",
    "RatingCommand",
    "ReasonCommand",
    "ReturnCommand",
    "StepView",
    "StopCommand",
    "SupplementCommand",
    "SupplementItemInput",
    "SupplementReceiptCommand",
    "WarningLevel",
]
