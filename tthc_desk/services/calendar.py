"""The office's working calendar in the database: loading (cached), the year view, and changes
with a preview of the open dossiers whose due dates they would move."""

from __future__ import annotations

import functools
import re
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tthc_desk.domain import limits
from tthc_desk.domain.calendar import DEFAULT_PERIODS, Period, Season, WorkingCalendar
from tthc_desk.domain.civil_service import (
    DaySource,
    Notice,
    government_day,
    government_table,
    years_to_confirm,
)
from tthc_desk.domain.deadlines import ProcessingTime, due_at, online_reception_due
from tthc_desk.domain.enums import DayKind, DossierState, Role
from tthc_desk.domain.errors import Conflict, NotFound, ValidationError
from tthc_desk.domain.text import nfc
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import (
    CalendarDay,
    Dossier,
    DossierEvent,
    Procedure,
    Setting,
    StepRun,
    User,
    WorkSchedule,
)
from tthc_desk.persistence.models import CalendarYear as ConfirmedYear
from tthc_desk.services.common import Actor, Clock, audit, system_now

# =========================================================================== periods


def parse_periods(text: str) -> list[Period]:
    """ "07:30-11:30,13:30-17:30" → [(07:30, 11:30), (13:30, 17:30)] (the stored form)."""
    periods: list[Period] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        start, end = (p.strip() for p in part.split("-"))
        periods.append((time.fromisoformat(start), time.fromisoformat(end)))
    return periods


def format_periods(periods: Iterable[Period]) -> str:
    """[(07:30, 11:30), (13:30, 17:30)] → "07:30-11:30,13:30-17:30" (the stored form)."""
    return ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in periods)


_PERIOD_RE = re.compile(r"^(\d{1,2})\s*[:hH.]\s*(\d{2})\s*[-–—]\s*(\d{1,2})\s*[:hH.]\s*(\d{2})$")


def parse_periods_input(text: str) -> list[Period]:
    """What an administrator types ("7:30-11:30; 13h30–17h30") → sorted periods.

    Raises ``ValidationError("calendar.periods.format")`` for text that is not a list of
    ``HH:MM-HH:MM``; the engine checks the rest (order, overlap, whole minutes).
    """
    periods: list[Period] = []
    for part in re.split(r"[,;\n]", text):
        part = part.strip()
        if not part:
            continue
        m = _PERIOD_RE.match(part)
        if m is None:
            raise ValidationError("calendar.periods.format", field="periods", value=part)
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        try:
            periods.append((time(h1, m1), time(h2, m2)))
        except ValueError:
            raise ValidationError("calendar.periods.format", field="periods", value=part) from None
    if not periods:
        raise ValidationError("calendar.periods.empty", field="periods")
    return sorted(periods)


# =========================================================================== loading


@dataclass(frozen=True)
class _Schedule:
    name: str
    start_month: int
    start_day: int
    periods: tuple[Period, ...]


@dataclass(frozen=True)
class _CalendarData:
    """Everything the office stored about its calendar, as plain values."""

    days_off: frozenset[date]
    workdays: frozenset[date]
    schedules: tuple[_Schedule, ...]  # empty: the default periods all year

    def calendar(self) -> WorkingCalendar:
        if len(self.schedules) > 1:
            seasons = [Season((s.start_month, s.start_day), s.periods) for s in self.schedules]
            return WorkingCalendar(days_off=self.days_off, workdays=self.workdays, seasons=seasons)
        periods = self.schedules[0].periods if self.schedules else None
        return WorkingCalendar(periods, self.days_off, self.workdays)


def _load_data(session: Session) -> _CalendarData:
    days = session.execute(select(CalendarDay.day, CalendarDay.kind)).all()
    schedules = session.scalars(select(WorkSchedule).order_by(WorkSchedule.id)).all()
    return _CalendarData(
        days_off=frozenset(d for d, k in days if k is DayKind.DAY_OFF),
        workdays=frozenset(d for d, k in days if k is DayKind.WORKDAY),
        schedules=tuple(
            _Schedule(s.name, s.start_month, s.start_day, tuple(parse_periods(s.periods)))
            for s in schedules
        ),
    )


#: The setting that changes (to a fresh random token) with every change of the calendar.
VERSION_KEY = "calendar.version"
LAST_YEAR = 2100  # the latest year a day off or make-up day may be declared for

# Per thread (a WorkingCalendar grows its day table lazily, so it is not shared between
# threads): database URL -> (version token, calendar).
_cache = threading.local()


def calendar_version(session: Session) -> str:
    """The calendar's version token ("" until the first change through this module)."""
    value = session.connection().execute(_version_stmt()).scalar()
    return str(value) if value is not None else ""


@functools.cache
def _version_stmt() -> Any:
    """Built once: read on every board page, where an ORM ``get`` cost more than its SQL."""
    return select(Setting.value).where(Setting.key == VERSION_KEY)


def calendar_from_session(session: Session) -> WorkingCalendar:
    """The office's calendar as stored now (public holidays from ``holidays`` underneath).

    Cached per database and thread, keyed by the version token every change writes in the same
    transaction, so a change made on another PC is seen at the next call (one small query).
    All writes to the calendar tables go through this module.
    """
    key = str(session.get_bind().engine.url)
    version = calendar_version(session)
    store: dict[str, tuple[str, WorkingCalendar]] | None = getattr(_cache, "store", None)
    if store is None:
        store = _cache.store = {}
    hit = store.get(key)
    if hit is not None and hit[0] == version:
        return hit[1]
    cal = _load_data(session).calendar()
    store[key] = (version, cal)
    return cal


def load_calendar(db: Database) -> WorkingCalendar:
    """The office's calendar (see :func:`calendar_from_session`)."""
    with db.session() as s:
        return calendar_from_session(s)


def _bump_version(session: Session, actor: Actor, at: datetime) -> None:
    row = session.get(Setting, VERSION_KEY)
    token = uuid.uuid4().hex
    if row is None:
        session.add(
            Setting(key=VERSION_KEY, value=token, updated_at=at, updated_by_id=actor.user_id)
        )
    else:
        row.value, row.updated_at, row.updated_by_id = token, at, actor.user_id
    session.flush()


# =========================================================================== the year view


class DayType(StrEnum):
    """How a date stands in the office's calendar (the year view's colours)."""

    WORKING = "working"  # Monday to Friday
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # a public holiday, its observed day or a government swap day off
    GOVERNMENT_WORKDAY = "government_workday"  # a weekend day the government made working
    OFFICE_DAY_OFF = "office_day_off"  # declared by the office
    MAKE_UP_DAY = "make_up_day"  # ngày làm bù declared by the office
    PENDING = "pending"  # announced as a holiday, legal basis pending: a working day


@dataclass(frozen=True)
class DayView:
    day: date
    type: DayType
    working: bool
    holiday_name: str | None  # Vietnamese name from ``holidays``, whatever the office decided
    reason: str | None  # the office's reason for its own day off or make-up day
    periods: tuple[Period, ...]  # empty on a day off
    added_by: str | None = None
    added_at: datetime | None = None
    #: Where the day's status comes from: the law, a government notice, the office's own
    #: decision, or a pending legal basis; ``None`` for an ordinary weekday or weekend.
    source: DaySource | None = None
    #: The legal document behind a law or notice day (number, date, link), from the shipped
    #: table; ``None`` for a day only the ``holidays`` package knows.
    notice: Notice | None = None
    #: The announcement an office day was imported from ("Thông báo 15/TB-UBND …").
    document: str | None = None
    #: The name of a day announced as a holiday whose legal basis is pending.
    pending_name: str | None = None
    #: The day's name in the shipped table of the government's decisions (e.g. "Làm bù cho
    #: thứ Sáu 02/01/2026"), whatever the office decided.
    government_name: str | None = None

    @property
    def confirmed(self) -> bool:
        """False when the shipped table marks this day's source as unconfirmed."""
        return self.notice is None or self.notice.confirmed


@dataclass(frozen=True)
class ScheduleView:
    name: str
    start_month: int
    start_day: int
    periods: tuple[Period, ...]

    @property
    def hours(self) -> float:
        return (
            sum((e.hour * 60 + e.minute) - (s.hour * 60 + s.minute) for s, e in self.periods) / 60
        )


@dataclass(frozen=True)
class CalendarYear:
    year: int
    days: tuple[DayView, ...]  # 1 January first
    schedules: tuple[ScheduleView, ...]  # one all year, or one per season ordered by start
    hours_per_day: float

    def day(self, d: date) -> DayView:
        return self.days[d.timetuple().tm_yday - 1]

    @property
    def office_days(self) -> tuple[DayView, ...]:
        """The office's own days off and make-up days of the year."""
        kinds = (DayType.OFFICE_DAY_OFF, DayType.MAKE_UP_DAY)
        return tuple(d for d in self.days if d.type in kinds)

    @property
    def sourced_days(self) -> tuple[DayView, ...]:
        """Every day of the year that is not an ordinary weekday or weekend, with its source:
        holidays (law or notice), government swaps, pending days, the office's own days."""
        return tuple(d for d in self.days if d.source is not None)


DEFAULT_SCHEDULE_NAME = "Cả năm"


def _schedule_views(data: _CalendarData) -> tuple[ScheduleView, ...]:
    if not data.schedules:
        return (ScheduleView(DEFAULT_SCHEDULE_NAME, 1, 1, DEFAULT_PERIODS),)
    rows = sorted(data.schedules, key=lambda s: (s.start_month, s.start_day))
    return tuple(ScheduleView(s.name, s.start_month, s.start_day, s.periods) for s in rows)


def year_view(db: Database, year: int) -> CalendarYear:
    """Every day of ``year``: working, weekend, public holiday (named), swap day, or the office's
    own day off or make-up day with its reason; and the working schedules."""
    with db.session() as s:
        data = _load_data(s)
        cal = calendar_from_session(s)
        rows = s.execute(
            select(CalendarDay, User.full_name)
            .outerjoin(User, User.id == CalendarDay.created_by_id)
            .where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))
        ).all()
    office = {r.day: (r, name) for r, name in rows}
    days: list[DayView] = []
    d = date(year, 1, 1)
    while d.year == year:
        name = cal.holiday_name(d)
        pending = cal.pending_holiday(d)
        working = cal.is_working_day(d)
        row, by = office.get(d, (None, None))
        gov = government_day(d)
        notice = gov.notice if gov is not None else None
        source: DaySource | None = None
        if row is not None:
            kind = DayType.OFFICE_DAY_OFF if row.kind is DayKind.DAY_OFF else DayType.MAKE_UP_DAY
            source = DaySource.OFFICE
        elif cal.is_government_workday(d):
            kind, source = DayType.GOVERNMENT_WORKDAY, DaySource.NOTICE
        elif name is not None and not working:
            kind = DayType.HOLIDAY
            source = gov.source if gov is not None else DaySource.LAW
        elif pending is not None:
            kind, source = DayType.PENDING, DaySource.PENDING
        elif d.weekday() >= 5:
            kind = DayType.WEEKEND
        else:
            kind = DayType.WORKING
        days.append(
            DayView(
                day=d,
                type=kind,
                working=working,
                holiday_name=name,
                reason=row.reason if row is not None else None,
                periods=cal.periods_on(d),
                added_by=by,
                added_at=row.created_at if row is not None else None,
                source=source,
                notice=notice,
                document=row.document if row is not None else None,
                pending_name=pending,
                government_name=gov.name if gov is not None else None,
            )
        )
        d += timedelta(days=1)
    return CalendarYear(year, tuple(days), _schedule_views(data), cal.hours_per_day)


# =========================================================================== changes


@dataclass(frozen=True)
class AddDay:
    """Declare ``day`` an office day off (``DayKind.DAY_OFF``) or a make-up working day."""

    day: date
    kind: DayKind
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DayKind(self.kind))  # "day_off" from a widget is fine


@dataclass(frozen=True)
class RemoveDay:
    """Withdraw the office's own declaration for ``day`` (public holidays stay as they are)."""

    day: date
    reason: str


@dataclass(frozen=True)
class SeasonInput:
    """One schedule: ``periods`` as typed ("07:30-11:30, 13:30-17:30"), from ``start`` each year."""

    name: str
    start_month: int
    start_day: int
    periods: str


@dataclass(frozen=True)
class SetSchedule:
    """Replace the working periods: one season (all year) or several, each from its start date.
    Every season must give the same hours a day (the length of "one working day")."""

    seasons: tuple[SeasonInput, ...]
    reason: str = ""


@dataclass(frozen=True)
class ImportDays:
    """Declare several days at once from the province's own announcement (an imported
    calendar file): each an office day off or make-up day, all citing ``document``."""

    days: tuple[AddDay, ...]
    document: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", tuple(self.days))


CalendarChange = AddDay | RemoveDay | SetSchedule | ImportDays


def _reason(text: str) -> str:
    value = nfc(text).strip()
    if not value:
        raise ValidationError("calendar.reason.empty", field="reason")
    if len(value) > 300:
        raise ValidationError("calendar.reason.long", field="reason", maximum=300)
    limits.check_text(value, "reason", 300)
    return value


def _day(d: date) -> date:
    """A day the calendar may hold: from 1900 to 2100 (a typed year 9999 is a slip)."""
    if not limits.FIRST_YEAR <= d.year <= LAST_YEAR:
        raise ValidationError(
            "input.date_range", field="day", first=limits.FIRST_YEAR, last=f"31/12/{LAST_YEAR}"
        )
    return d


def _seasons(change: SetSchedule) -> tuple[_Schedule, ...]:
    if not change.seasons:
        raise ValidationError("calendar.seasons.empty", field="seasons")
    out: list[_Schedule] = []
    for s in change.seasons:
        name = nfc(s.name).strip() or DEFAULT_SCHEDULE_NAME
        out.append(
            _Schedule(name, s.start_month, s.start_day, tuple(parse_periods_input(s.periods)))
        )
    if len(out) == 1:  # one schedule is in force all year
        out[0] = _Schedule(out[0].name, 1, 1, out[0].periods)
    return tuple(sorted(out, key=lambda s: (s.start_month, s.start_day)))


def _changed(
    data: _CalendarData, current: WorkingCalendar, change: CalendarChange
) -> _CalendarData:
    """The calendar data after ``change``; raises the coded error when it does not fit."""
    if isinstance(change, AddDay):
        _reason(change.reason)
        d = _day(change.day)
        if d in data.days_off or d in data.workdays:
            kind = DayKind.DAY_OFF if d in data.days_off else DayKind.WORKDAY
            raise Conflict("calendar.day.exists", field="day", day=d, kind=kind.value)
        if change.kind is DayKind.DAY_OFF:
            if not current.is_working_day(d):
                raise ValidationError("calendar.day.already_off", field="day", day=d)
            return _CalendarData(data.days_off | {d}, data.workdays, data.schedules)
        if current.is_working_day(d):
            raise ValidationError("calendar.day.already_working", field="day", day=d)
        return _CalendarData(data.days_off, data.workdays | {d}, data.schedules)
    if isinstance(change, RemoveDay):
        _reason(change.reason)
        d = change.day
        if d not in data.days_off and d not in data.workdays:
            raise NotFound("calendar.day.missing", field="day", day=d)
        return _CalendarData(data.days_off - {d}, data.workdays - {d}, data.schedules)
    if isinstance(change, ImportDays):
        _document(change.document)
        if not change.days:
            raise ValidationError("calendar.import.nothing", field="days")
        seen: set[date] = set()
        for add in change.days:
            _day(add.day)
            if add.day in seen:
                raise ValidationError("calendar.import.duplicate", field="days", day=add.day)
            seen.add(add.day)
            data = _changed(data, current, add)
        return data
    return _CalendarData(data.days_off, data.workdays, _seasons(change))


def _document(text: str) -> str:
    value = nfc(text).strip()
    if not value:
        raise ValidationError("calendar.import.document_empty", field="document")
    if len(value) > 300:
        raise ValidationError("calendar.reason.long", field="document", maximum=300)
    limits.check_text(value, "document", 300)
    return value


def _describe(change: CalendarChange) -> dict[str, object]:
    """The change for the audit log and the dossier's history (JSON values)."""
    if isinstance(change, AddDay):
        return {
            "change": "add_day",
            "day": change.day.isoformat(),
            "kind": change.kind.value,
            "reason": nfc(change.reason).strip(),
        }
    if isinstance(change, ImportDays):
        return {
            "change": "import_days",
            "document": nfc(change.document).strip(),
            "reason": nfc(change.document).strip(),
            "days": [
                {"day": a.day.isoformat(), "kind": a.kind.value, "reason": nfc(a.reason).strip()}
                for a in change.days
            ],
        }
    if isinstance(change, RemoveDay):
        return {
            "change": "remove_day",
            "day": change.day.isoformat(),
            "reason": nfc(change.reason).strip(),
        }
    return {
        "change": "set_schedule",
        "reason": nfc(change.reason).strip() or None,
        "seasons": [
            {
                "name": s.name,
                "start": f"{s.start_day:02d}/{s.start_month:02d}",
                "periods": format_periods(s.periods),
            }
            for s in _seasons(change)
        ],
    }


# =========================================================================== due dates


@dataclass(frozen=True)
class StepDueChange:
    step_run_id: int
    name: str
    old_due: datetime
    new_due: datetime


@dataclass(frozen=True)
class DueChange:
    """An open dossier whose due date (or whose running step's) the change would move.

    ``clock`` is ``"processing"`` (the due date printed on the receipt) or ``"reception"`` (an
    online dossier's 8-working-hour reception deadline). ``new_due == old_due`` when only a
    step moves.
    """

    dossier_id: int
    code: str
    applicant: str
    procedure: str
    clock: str
    old_due: datetime
    new_due: datetime
    steps: tuple[StepDueChange, ...] = field(default=())
    # the portal's deadline (``Dossier.portal_due_at``) when kept apart and moved by the change
    old_portal: datetime | None = None
    new_portal: datetime | None = None

    @property
    def dossier_moves(self) -> bool:
        return self.new_due != self.old_due

    @property
    def portal_moves(self) -> bool:
        return self.new_portal != self.old_portal


#: States whose clock is running (a paused clock is recomputed at its resumption anyway).
_RUNNING = (DossierState.SUBMITTED_ONLINE, DossierState.RECEIVED, DossierState.IN_PROGRESS)
#: Events after which a dossier's clock runs from the event's moment rather than its reception.
_CLOCK_EVENTS = ("resumed", "supplement_received")


def processing_time_of(p: Procedure) -> ProcessingTime:
    """A procedure's processing time as the deadline engine's value."""
    if p.time_unit.value == "same_day" or p.time_amount is None:
        cutoff = p.cutoff_minutes if p.cutoff_minutes is not None else 15 * 60
        return ProcessingTime.same_day(time(cutoff // 60, cutoff % 60))
    if p.time_unit.value == "working_hours":
        return ProcessingTime.hours(p.time_amount)
    return ProcessingTime.days(p.time_amount)


def _moved(
    current: WorkingCalendar,
    changed: WorkingCalendar,
    start: datetime,
    printed: datetime,
    rule: ProcessingTime | None,
) -> datetime:
    """The due date of a clock started at ``start`` with ``printed`` due, under ``changed``.

    A change that touches no day from ``start`` to ``printed`` moves nothing. When ``printed``
    follows from ``start`` and the rule on the current calendar (the usual
    case), it is computed afresh with ``due_at`` on the changed calendar. Otherwise (a clock
    resumed after a pause, or one left on an earlier calendar) the working time from ``start`` to
    ``printed`` is kept, so only this change moves it.
    """
    day = start.date()
    while day <= printed.date():
        if current.periods_on(day) != changed.periods_on(day):
            break
        day += timedelta(days=1)
    else:
        return printed  # the change touches no day of this clock's window
    if rule is not None and due_at(current, start, rule) == printed:
        return due_at(changed, start, rule)
    minutes = current.working_minutes_between(start, printed)
    if minutes == 0:
        return printed
    return changed.add_working_minutes(start, minutes)


def _due_changes(
    session: Session,
    current: WorkingCalendar,
    changed: WorkingCalendar,
    dossier_ids: set[int] | None = None,
) -> list[DueChange]:
    q = (
        select(Dossier)
        .where(Dossier.state.in_(_RUNNING))
        .options(
            joinedload(Dossier.applicant),
            joinedload(Dossier.procedure),
            selectinload(Dossier.steps),
        )
        .order_by(Dossier.due_at, Dossier.id)
    )
    if dossier_ids is not None:
        q = q.where(Dossier.id.in_(sorted(dossier_ids)))
    dossiers = session.scalars(q).unique().all()
    restarts = dict(
        session.execute(
            select(DossierEvent.dossier_id, func.max(DossierEvent.at))
            .where(
                DossierEvent.kind.in_(_CLOCK_EVENTS),
                DossierEvent.dossier_id.in_([d.id for d in dossiers]),
            )
            .group_by(DossierEvent.dossier_id)
        ).all()
    )
    out: list[DueChange] = []
    for d in dossiers:
        restart = restarts.get(d.id)
        if d.state is DossierState.SUBMITTED_ONLINE:
            if d.submitted_at is None or d.reception_due_at is None:
                continue
            clock, old = "reception", d.reception_due_at
            if online_reception_due(current, d.submitted_at) == old:
                new = online_reception_due(changed, d.submitted_at)
            else:
                new = _moved(current, changed, d.submitted_at, old, None)
        elif d.due_at is None or d.received_at is None:
            continue
        elif d.apology_issued:
            # The date promised on an apology slip was set by a person, not by the calendar.
            clock, old, new = "processing", d.due_at, d.due_at
        else:
            clock, old = "processing", d.due_at
            start = max(d.received_at, restart) if restart else d.received_at
            new = _moved(current, changed, start, old, processing_time_of(d.procedure))
        old_portal = new_portal = None
        if clock == "processing" and d.portal_due_at is not None and d.received_at is not None:
            # the portal's clock runs from reception (plus the applicant's time during one
            # supplement request): its deadline moves with the calendar like the appointment,
            # also after an apology (the person-set date stays, the portal's does not)
            old_portal = d.portal_due_at
            if old_portal == old and not d.apology_issued:
                new_portal = new
            else:
                pt = processing_time_of(d.procedure)
                new_portal = _moved(current, changed, d.received_at, old_portal, pt)
        steps: list[StepDueChange] = []
        for st in d.steps:
            if st.finished_at is not None or st.paused_at is not None:
                continue
            start = max(st.started_at, restart) if restart else st.started_at
            rule = ProcessingTime.hours(st.allotted_hours) if start == st.started_at else None
            new_step = _moved(current, changed, start, st.due_at, rule)
            if new_step != st.due_at:
                steps.append(StepDueChange(st.id, st.name, st.due_at, new_step))
        if new != old or steps or new_portal != old_portal:
            out.append(
                DueChange(
                    dossier_id=d.id,
                    code=d.code,
                    applicant=d.applicant.full_name,
                    procedure=d.procedure.name,
                    clock=clock,
                    old_due=old,
                    new_due=new,
                    steps=tuple(steps),
                    old_portal=old_portal,
                    new_portal=new_portal,
                )
            )
    return out


def preview_change(db: Database, change: CalendarChange) -> list[DueChange]:
    """The open dossiers (and their running steps) whose due dates ``change`` would move, with
    the old and the new date; nothing is saved. Raises the change's coded error when it does not
    fit (a day already declared, unequal hours across seasons, …)."""
    with db.session() as s:
        data = _load_data(s)
        current = data.calendar()
        changed = _changed(data, current, change).calendar()
        return _due_changes(s, current, changed)


@dataclass(frozen=True)
class AppliedChange:
    change: dict[str, object]  # as logged
    recomputed: tuple[DueChange, ...]  # what was rewritten, as it was before


def apply_change(
    db: Database,
    actor: Actor,
    change: CalendarChange,
    recompute_ids: Iterable[int] = (),
    now: Clock = system_now,
) -> AppliedChange:
    """Save ``change`` (administrator only) and recompute the due dates of the dossiers in
    ``recompute_ids`` only, with their running steps; every other printed due date stays.

    One audit line for the change, and for each recomputed dossier an audit line and a
    ``due_recomputed`` event in its history with the old and the new dates.
    """
    actor.require(Role.ADMIN)
    ids = set(recompute_ids)
    at = now()
    with db.session() as s:
        data = _load_data(s)
        current = data.calendar()
        new_data = _changed(data, current, change)
        changed = new_data.calendar()
        described = _describe(change)
        if isinstance(change, AddDay):
            s.add(
                CalendarDay(
                    day=change.day,
                    kind=change.kind,
                    reason=_reason(change.reason),
                    created_at=at,
                    created_by_id=actor.user_id,
                )
            )
            action, entity_id = "calendar.day_added", change.day.isoformat()
        elif isinstance(change, ImportDays):
            document = _document(change.document)
            for add in change.days:
                s.add(
                    CalendarDay(
                        day=add.day,
                        kind=add.kind,
                        reason=_reason(add.reason),
                        created_at=at,
                        created_by_id=actor.user_id,
                        document=document,
                    )
                )
            action, entity_id = "calendar.days_imported", None
        elif isinstance(change, RemoveDay):
            row = s.scalars(select(CalendarDay).where(CalendarDay.day == change.day)).one()
            described["kind"] = row.kind.value
            described["previous_reason"] = row.reason
            s.delete(row)
            action, entity_id = "calendar.day_removed", change.day.isoformat()
        else:
            for old in s.scalars(select(WorkSchedule)).all():
                s.delete(old)
            for sch in new_data.schedules:
                s.add(
                    WorkSchedule(
                        name=sch.name,
                        start_month=sch.start_month,
                        start_day=sch.start_day,
                        periods=format_periods(sch.periods),
                    )
                )
            action, entity_id = "calendar.schedule_set", None
        s.flush()
        _bump_version(s, actor, at)

        moved = _due_changes(s, current, changed, ids) if ids else []
        described["recomputed"] = [m.dossier_id for m in moved]
        audit(s, actor, action, "calendar", entity_id, at=at, **described)
        if moved:
            _rewrite(s, actor, at, moved, described)
    return AppliedChange(described, tuple(moved))


def _rewrite(
    s: Session, actor: Actor, at: datetime, moved: Sequence[DueChange], change: dict[str, object]
) -> None:
    dossiers = {
        d.id: d
        for d in s.scalars(select(Dossier).where(Dossier.id.in_([m.dossier_id for m in moved])))
    }
    for m in moved:
        d = dossiers[m.dossier_id]
        if m.dossier_moves:
            if m.clock == "reception":
                d.reception_due_at = m.new_due
            else:
                d.due_at = m.new_due
        if m.portal_moves and m.new_portal is not None:
            d.portal_due_at = m.new_portal
        for sc in m.steps:
            st = s.get(StepRun, sc.step_run_id)
            assert st is not None
            st.due_at = sc.new_due
        detail: dict[str, object] = {
            "clock": m.clock,
            "old_due": m.old_due.isoformat(),
            "new_due": m.new_due.isoformat(),
            "steps": [
                {
                    "id": sc.step_run_id,
                    "name": sc.name,
                    "old_due": sc.old_due.isoformat(),
                    "new_due": sc.new_due.isoformat(),
                }
                for sc in m.steps
            ],
            "calendar_change": {k: v for k, v in change.items() if k != "recomputed"},
        }
        if m.portal_moves and m.old_portal is not None and m.new_portal is not None:
            detail["portal_old_due"] = m.old_portal.isoformat()
            detail["portal_new_due"] = m.new_portal.isoformat()
        s.add(
            DossierEvent(
                dossier_id=d.id,
                kind="due_recomputed",
                at=at,
                user_id=actor.user_id,
                from_state=d.state.value,
                to_state=d.state.value,
                reason=str(change.get("reason") or "") or None,
                data=detail,
            )
        )
        audit(s, actor, "dossier.due_recomputed", "dossier", d.id, at=at, code=d.code, **detail)


# =========================================================================== confirming a year


@dataclass(frozen=True)
class YearStatus:
    """Whether the administrator confirmed a year's calendar, and what the shipped table holds.

    ``table_complete`` is ``None`` when the shipped table has nothing for the year (only the
    ``holidays`` package's statutory days apply); ``unconfirmed_days`` counts the table's days
    of the year whose source it could not confirm.
    """

    year: int
    confirmed_at: datetime | None
    confirmed_by: str | None
    table_complete: bool | None
    table_note: str
    unconfirmed_days: tuple[date, ...]

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


def _year_status(session: Session, year: int) -> YearStatus:
    row = session.get(ConfirmedYear, year)
    by = None
    if row is not None and row.confirmed_by_id is not None:
        user = session.get(User, row.confirmed_by_id)
        by = user.full_name if user is not None else None
    table = government_table().year(year)
    return YearStatus(
        year=year,
        confirmed_at=row.confirmed_at if row is not None else None,
        confirmed_by=by,
        table_complete=table.complete if table is not None else None,
        table_note=table.note if table is not None else "",
        unconfirmed_days=tuple(g.day for g in table.days if not g.confirmed) if table else (),
    )


def year_status(db: Database, year: int) -> YearStatus:
    """The confirmation state of ``year``'s calendar."""
    with db.session() as s:
        return _year_status(s, year)


def confirm_year(
    db: Database, actor: Actor, year: int, note: str = "", now: Clock = system_now
) -> YearStatus:
    """The administrator confirms that ``year``'s days off and make-up days are right (checked
    against the government's notices and the province's own announcement). Logged."""
    actor.require(Role.ADMIN)
    at = now()
    text = nfc(note).strip() or None
    if text is not None and len(text) > 300:
        raise ValidationError("calendar.reason.long", field="note", maximum=300)
    limits.check_text(text, "note", 300)
    table = government_table().year(year)
    status = "none" if table is None else ("complete" if table.complete else "partial")
    with db.session() as s:
        row = s.get(ConfirmedYear, year)
        if row is not None:
            raise Conflict("calendar.year.already_confirmed", field="year", year=year)
        s.add(
            ConfirmedYear(
                year=year,
                confirmed_at=at,
                confirmed_by_id=actor.user_id,
                table_status=status,
                note=text,
            )
        )
        s.flush()
        audit(s, actor, "calendar.year_confirmed", "calendar", year, at=at, table=status, note=text)
        return _year_status(s, year)


@dataclass(frozen=True)
class CalendarReminder:
    """The years whose calendar still waits for the administrator's confirmation (the banner
    on the board and the calendar page); empty when there is nothing to ask."""

    years: tuple[int, ...]
    #: Of those, the years for which the shipped table is not complete (or has nothing).
    incomplete: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.years)


def calendar_reminder(db: Database, now: Clock = system_now) -> CalendarReminder:
    """Which years to ask the administrator to confirm, as of ``now()``: the current year until
    confirmed, and from 1 December the next one too (see ``years_to_confirm``)."""
    today = now().date()
    with db.session() as s:
        confirmed = set(
            s.scalars(
                select(ConfirmedYear.year).where(
                    ConfirmedYear.year.in_((today.year, today.year + 1))
                )
            ).all()
        )
    years = years_to_confirm(today, confirmed)
    incomplete = []
    for y in years:
        table = government_table().year(y)
        if table is None or not table.complete:
            incomplete.append(y)
    return CalendarReminder(years, tuple(incomplete))
