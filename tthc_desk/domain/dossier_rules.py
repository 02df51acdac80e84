"""A dossier's life as pure rules: states and allowed actions, the dossier code, portal judgement.

No clock is computed here beyond calls into :mod:`tthc_desk.domain.deadlines`; the services
layer applies these rules inside one unit of work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from tthc_desk.domain.calendar import WorkingCalendar
from tthc_desk.domain.deadlines import (
    DEFAULT_WARNING_POLICY,
    ProcessingTime,
    Timeliness,
    WarningLevel,
    WarningPolicy,
    timeliness,
    warning_level,
    working_minutes_left,
)
from tthc_desk.domain.enums import Channel, DossierState
from tthc_desk.domain.errors import Conflict, ValidationError

S = DossierState


class Action(StrEnum):
    """What can be done to a dossier (each stored as an event of the same name)."""

    RECEIVE = "received"  # an online dossier received by the counter
    HANDOVER = "handover"
    PAUSE = "paused"
    RESUME = "resumed"
    REQUEST_SUPPLEMENT = "supplement_requested"
    RECEIVE_SUPPLEMENT = "supplement_received"  # the complete dossier again: clock restarts
    REFUSE = "refused"
    STOP = "stopped"
    WITHDRAW = "withdrawn"
    APOLOGISE = "apology"
    RESULT_READY = "result_ready"
    RETURN = "returned"


#: state -> {action: new state}; an action absent from a state's table is not allowed there.
TRANSITIONS: dict[DossierState, dict[Action, DossierState]] = {
    S.SUBMITTED_ONLINE: {
        Action.RECEIVE: S.RECEIVED,
        Action.REQUEST_SUPPLEMENT: S.SUPPLEMENT_REQUESTED,
        Action.WITHDRAW: S.WITHDRAWN,
        # never REFUSE / STOP: an online dossier is never cancelled by the counter
    },
    S.RECEIVED: {
        Action.HANDOVER: S.IN_PROGRESS,
        Action.PAUSE: S.PAUSED,
        Action.REQUEST_SUPPLEMENT: S.SUPPLEMENT_REQUESTED,
        Action.REFUSE: S.REFUSED,
        Action.STOP: S.STOPPED,
        Action.WITHDRAW: S.WITHDRAWN,
        Action.APOLOGISE: S.RECEIVED,
        Action.RESULT_READY: S.RESULT_READY,
    },
    S.IN_PROGRESS: {
        Action.HANDOVER: S.IN_PROGRESS,
        Action.PAUSE: S.PAUSED,
        Action.REQUEST_SUPPLEMENT: S.SUPPLEMENT_REQUESTED,
        Action.REFUSE: S.REFUSED,
        Action.STOP: S.STOPPED,
        Action.WITHDRAW: S.WITHDRAWN,
        Action.APOLOGISE: S.IN_PROGRESS,
        Action.RESULT_READY: S.RESULT_READY,
    },
    S.PAUSED: {
        Action.RESUME: S.IN_PROGRESS,
        Action.STOP: S.STOPPED,
        Action.WITHDRAW: S.WITHDRAWN,
        Action.APOLOGISE: S.PAUSED,
    },
    S.SUPPLEMENT_REQUESTED: {
        Action.RECEIVE_SUPPLEMENT: S.RECEIVED,
        Action.WITHDRAW: S.WITHDRAWN,
        Action.STOP: S.STOPPED,
    },
    S.RESULT_READY: {Action.RETURN: S.RETURNED},
    S.RETURNED: {},
    S.REFUSED: {},
    S.STOPPED: {},
    S.WITHDRAWN: {},
}

#: States in which processing has not ended (the dossier's clock matters).
OPEN_STATES: frozenset[DossierState] = frozenset(
    {S.SUBMITTED_ONLINE, S.RECEIVED, S.IN_PROGRESS, S.PAUSED, S.SUPPLEMENT_REQUESTED}
)
#: States in which processing has ended.
ENDED_STATES: frozenset[DossierState] = frozenset(set(DossierState) - OPEN_STATES)
#: States whose clock is running (not paused, not with the applicant).
RUNNING_STATES: frozenset[DossierState] = frozenset({S.SUBMITTED_ONLINE, S.RECEIVED, S.IN_PROGRESS})


def allowed_actions(state: DossierState, channel: Channel | None = None) -> list[Action]:
    """The actions allowed on a dossier in ``state`` (in table order)."""
    return list(TRANSITIONS[state])


def next_state(state: DossierState, action: Action) -> DossierState:
    """The state after ``action``; ``Conflict("dossier.transition")`` when not allowed."""
    table = TRANSITIONS[state]
    if action not in table:
        raise Conflict("dossier.transition", state=state.value, action=action.value)
    return table[action]


# ------------------------------------------------------------------------------ the code

CODE_RE = re.compile(r"^(?P<office>[A-Z0-9.]+)-(?P<day>\d{6})-(?P<n>\d{4,})$")


def format_code(office_code: str, day: date, number: int) -> str:
    """``{office}-{yyMMdd}-{NNNN}``: e.g. ``XANSON-260302-0007``."""
    if number < 1:
        raise ValueError("dossier numbers start at 1")
    return f"{office_code}-{day:%y%m%d}-{number:04d}"


def parse_code(code: str) -> tuple[str, date, int]:
    """The office code, day and number of a dossier code (``ValidationError`` if malformed)."""
    m = CODE_RE.match(code.strip().upper())
    if not m:
        raise ValidationError("dossier.code.format", field="code", value=code)
    d = m["day"]
    try:
        day = date(2000 + int(d[:2]), int(d[2:4]), int(d[4:6]))
    except ValueError as exc:
        raise ValidationError("dossier.code.format", field="code", value=code) from exc
    return m["office"], day, int(m["n"])


# ------------------------------------------------------------------------------ judgement


def allotted_hours(
    cal: WorkingCalendar, pt: ProcessingTime, start: datetime, due: datetime
) -> float:
    """The working hours a clock was given: the amount, or (same day) from start to due."""
    if pt.unit == "working_days":
        return pt.amount * cal.hours_per_day
    if pt.unit == "working_hours":
        return pt.amount
    return max(cal.working_hours_between(start, due), 0.5)


def portal_timeliness(
    finished_at: datetime, due_at: datetime, supplement_count: int = 0
) -> Timeliness:
    """How the national portal judges a dossier whose processing ended at ``finished_at``.

    Judged against the appointment (``due_at``; the first one if an apology moved it); more than
    one supplement request makes it late (index-766.md).
    """
    if supplement_count > 1:
        return Timeliness.LATE
    return timeliness(finished_at, due_at)


DEFAULT_MINUTES_PER_DAY = 480  # the default calendar's working day (deadlines.md §1)


@dataclass(frozen=True)
class WorkingSpan:
    """A signed count of working minutes split for display.

    ``in_days``: at least one working day, read as ``days`` and ``hours`` (minutes dropped);
    otherwise ``hours`` and ``minutes`` (``days`` is 0).
    """

    overdue: bool
    days: int
    hours: int
    minutes: int
    in_days: bool


def working_span(
    minutes: int, minutes_per_day: int = DEFAULT_MINUTES_PER_DAY, *, overdue: bool | None = None
) -> WorkingSpan:
    """Split signed working ``minutes`` (negative: overdue) for display.

    A span of a working day (``minutes_per_day``, the office's hours per day) or more reads in
    working days and whole hours ("2 ngày 3 giờ"); a shorter one in hours and minutes.
    ``overdue`` overrides the sign (a clock past its due instant by less than a working minute).
    """
    late = minutes < 0 if overdue is None else overdue
    m = abs(minutes)
    if minutes_per_day > 0 and m >= minutes_per_day:
        days, rest = divmod(m, minutes_per_day)
        return WorkingSpan(late, days, rest // 60, 0, True)
    return WorkingSpan(late, 0, m // 60, m % 60, False)


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a clock stands now: signed working minutes left and its warning level.

    ``minutes_per_day`` is the office's working day (for reading long spans in days). A clock
    past its due instant is overdue (level LATE) even when no working minute has passed since
    (after hours, at lunch): :attr:`overdue` says so, whatever ``minutes_left`` rounds to.
    """

    minutes_left: int
    level: WarningLevel
    paused: bool = False
    minutes_per_day: int = DEFAULT_MINUTES_PER_DAY

    @property
    def overdue(self) -> bool:
        """Whether the clock has passed its due instant."""
        return self.level is WarningLevel.LATE

    @property
    def span(self) -> WorkingSpan:
        """The time left (or overdue) split for display: days and hours, or hours and minutes."""
        return working_span(self.minutes_left, self.minutes_per_day, overdue=self.overdue)


def standing(
    cal: WorkingCalendar,
    now: datetime,
    due: datetime,
    allotted: float,
    *,
    paused_minutes: int | None = None,
    policy: WarningPolicy = DEFAULT_WARNING_POLICY,
) -> Standing:
    """The standing of an open clock at ``now`` under the office's warning ``policy``; a paused
    clock shows its frozen minutes left."""
    per_day = cal.minutes_per_day
    if paused_minutes is not None:
        return Standing(paused_minutes, policy.level(paused_minutes, allotted), True, per_day)
    return Standing(
        working_minutes_left(cal, now, due),
        warning_level(cal, now, due, allotted, policy=policy),
        minutes_per_day=per_day,
    )


def warning_threshold_hours(
    allotted: float, policy: WarningPolicy = DEFAULT_WARNING_POLICY
) -> float:
    """Working hours before the deadline at which a clock of ``allotted`` hours is nearly due."""
    return policy.threshold_hours(allotted)


def apology_deadline(cal: WorkingCalendar, due: datetime) -> datetime:
    """The latest moment to issue the apology (form 04): one working day before ``due``."""
    return cal.add_working_minutes(due, -cal.minutes_per_day)


def apology_owed(cal: WorkingCalendar, now: datetime, due: datetime) -> bool:
    """Whether an open dossier due at ``due`` has reached the point where the apology is owed."""
    return now >= apology_deadline(cal, due)


# ------------------------------------------------------------------------------ small input rules

_PHONE_RE = re.compile(r"^0(?:3|5|7|8|9)\d{8}$")  # mobile
_LANDLINE_RE = re.compile(r"^02\d{9}$")  # fixed line with area code


def normalise_phone(text: str) -> str:
    """A Vietnamese phone number without spaces, dots or dashes (``+84`` becomes ``0``).

    Mobile numbers have 10 digits starting 03/05/07/08/09; fixed lines 11 digits starting 02.
    An empty input returns ``""``; a wrong one raises ``ValidationError("applicant.phone")``.
    """
    raw = "".join(ch for ch in text if ch not in " .-()")
    if not raw:
        return ""
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    elif raw.startswith("84") and len(raw) in (11, 12):
        raw = "0" + raw[2:]
    if not raw.isdigit() or not (_PHONE_RE.match(raw) or _LANDLINE_RE.match(raw)):
        raise ValidationError("applicant.phone", field="phone", value=text.strip())
    return raw
