"""Deadlines on the working calendar: due dates, running clocks, timeliness and warnings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Literal

from tthc_desk.domain.calendar import WorkingCalendar
from tthc_desk.domain.errors import Conflict, ValidationError

ONLINE_RECEPTION_HOURS = 8
"""An online dossier must be received (or answered) within this many working hours."""

DEFAULT_CUTOFF = time(15, 0)
"""A same-day dossier received after this time is due at the end of the next working day."""

Unit = Literal["working_days", "working_hours", "same_day"]
_UNITS = ("working_days", "working_hours", "same_day")


class Timeliness(StrEnum):
    """How a finished dossier or step stands against its deadline (deadlines.md §4)."""

    EARLY = "early"  # trước hạn: finished on a date before the deadline's date
    ON_TIME = "on_time"  # đúng hạn: on the deadline's date, not after the deadline
    LATE = "late"  # quá hạn: after the deadline


class WarningLevel(StrEnum):
    """How an unfinished clock stands: on track, nearly due, or past its deadline."""

    ON_TRACK = "on_track"
    NEARLY_DUE = "nearly_due"
    LATE = "late"


def timeliness(finished_at: datetime, due_at: datetime) -> Timeliness:
    """Judge a finish instant against a deadline: LATE after it, ON_TIME on its date, else EARLY."""
    if finished_at > due_at:
        return Timeliness.LATE
    if finished_at.date() == due_at.date():
        return Timeliness.ON_TIME
    return Timeliness.EARLY


@dataclass(frozen=True)
class ProcessingTime:
    """A procedure's (or a step's) processing time.

    ``unit`` is ``"working_days"`` (``amount`` × the calendar's hours per day, half days
    allowed), ``"working_hours"``, or ``"same_day"`` ("trong ngày": ``amount`` is ignored; due at
    the end of the working day of intake, or of the next working day when received after
    ``cutoff``).
    """

    amount: float
    unit: Unit
    cutoff: time = DEFAULT_CUTOFF

    def __post_init__(self) -> None:
        if self.unit not in _UNITS:
            raise ValidationError("processing_time.unit", field="unit", unit=self.unit)
        if self.amount < 0:
            raise ValidationError("processing_time.negative", field="amount", amount=self.amount)

    @classmethod
    def days(cls, amount: float) -> ProcessingTime:
        """``amount`` working days."""
        return cls(amount, "working_days")

    @classmethod
    def hours(cls, amount: float) -> ProcessingTime:
        """``amount`` working hours."""
        return cls(amount, "working_hours")

    @classmethod
    def same_day(cls, cutoff: time = DEFAULT_CUTOFF) -> ProcessingTime:
        """Within the day of intake, with the given cut-off time."""
        return cls(0, "same_day", cutoff)


def due_at(
    cal: WorkingCalendar, received_at: datetime, processing_time: ProcessingTime
) -> datetime:
    """The deadline of a dossier (or step) received at ``received_at``.

    A reception outside working time starts the clock at the next working moment; for a same-day
    procedure, that moment is what is compared with the cut-off (strictly after it: next day).
    """
    if processing_time.unit == "working_days":
        return cal.add_working_days(received_at, processing_time.amount)
    if processing_time.unit == "working_hours":
        return cal.add_working_hours(received_at, processing_time.amount)
    start = cal.next_working_moment(received_at)
    day = start.date()
    if start.time() > processing_time.cutoff:
        day += timedelta(days=1)
    return cal.end_of_working_day(day)


def online_reception_due(cal: WorkingCalendar, submitted_at: datetime) -> datetime:
    """When an online dossier submitted at ``submitted_at`` must be received: 8 working hours."""
    return cal.add_working_hours(submitted_at, ONLINE_RECEPTION_HOURS)


def working_minutes_left(cal: WorkingCalendar, now: datetime, due: datetime) -> int:
    """Signed working minutes from ``now`` to ``due``: negative when ``due`` is past."""
    if now <= due:
        return cal.working_minutes_between(now, due)
    return -cal.working_minutes_between(due, now)


@dataclass(frozen=True)
class Clock:
    """A running deadline clock (a dossier's or a step's): its start, its due instant, and
    whether it is paused (``paused_at``). Every operation returns a new clock.
    """

    start: datetime
    due: datetime
    paused_at: datetime | None = None

    @classmethod
    def begin(cls, cal: WorkingCalendar, at: datetime, hours: float) -> Clock:
        """A clock started by an event at ``at`` with ``hours`` of working time allotted.

        ``start`` is the next working moment from ``at`` (``at`` itself in working time).
        """
        return cls(start=cal.next_working_moment(at), due=cal.add_working_hours(at, hours))

    @property
    def is_paused(self) -> bool:
        """Whether the clock is stopped (tạm dừng)."""
        return self.paused_at is not None

    def pause(self, at: datetime) -> Clock:
        """Stop the clock at ``at``; the working time left then is kept for the resumption."""
        if self.paused_at is not None:
            raise Conflict("clock.already_paused", paused_at=self.paused_at.isoformat())
        return replace(self, paused_at=at)

    def resume(self, cal: WorkingCalendar, at: datetime) -> Clock:
        """Restart a paused clock at ``at``: the working time left at the pause runs from ``at``.

        A clock already overdue at the pause stays overdue by the same working time.
        """
        if self.paused_at is None:
            raise Conflict("clock.not_paused")
        left = working_minutes_left(cal, self.paused_at, self.due)
        return replace(self, due=cal.add_working_minutes(at, left), paused_at=None)

    def restart(self, cal: WorkingCalendar, at: datetime, hours: float) -> Clock:
        """Start afresh at ``at`` with the full ``hours`` (a complete dossier after a supplement
        request); a pause in force ends."""
        return Clock.begin(cal, at, hours)

    def remaining(self, cal: WorkingCalendar, now: datetime) -> int:
        """Signed working minutes left at ``now`` (negative when overdue; frozen while paused)."""
        return working_minutes_left(cal, self.paused_at or now, self.due)


DEFAULT_WARNING_FRACTION = 0.25
"""Default share of the allotted time under which a clock is nearly due (a quarter)."""
DEFAULT_WARNING_HOURS = 4.0
"""Default working hours left under which a clock is nearly due."""
MAX_WARNING_HOURS = 40.0
"""The largest "hours left" warning an office may set (a working week)."""


def nearly_due_threshold_hours(allotted_hours: float, fraction: float, hours: float) -> float:
    """Working hours left under which a clock of ``allotted_hours`` is nearly due: the larger of
    ``fraction`` of the allotted time and ``hours`` (deadlines.md §4). The one place this is
    computed."""
    return max(fraction * allotted_hours, hours)


@dataclass(frozen=True)
class WarningPolicy:
    """The office's warning setting (deadlines.md §4): an unfinished clock is nearly due when
    under ``fraction`` of its allotted time, or under ``hours`` working hours, is left.

    ``0 < fraction < 1`` and ``0 <= hours <= 40``; otherwise ``ValidationError``
    (``warning.fraction.range`` / ``warning.hours.range``).
    """

    fraction: float = DEFAULT_WARNING_FRACTION
    hours: float = DEFAULT_WARNING_HOURS

    def __post_init__(self) -> None:
        if not 0 < self.fraction < 1:  # also rejects NaN
            raise ValidationError("warning.fraction.range", field="fraction", value=self.fraction)
        if not 0 <= self.hours <= MAX_WARNING_HOURS:
            raise ValidationError("warning.hours.range", field="hours", value=self.hours)

    def threshold_hours(self, allotted_hours: float) -> float:
        """Working hours before the deadline at which a clock of ``allotted_hours`` turns
        nearly due."""
        return nearly_due_threshold_hours(allotted_hours, self.fraction, self.hours)

    def level(self, minutes_left: int, allotted_hours: float) -> WarningLevel:
        """The level of a clock with ``minutes_left`` signed working minutes (a paused clock's
        frozen count): LATE below zero, NEARLY_DUE under the threshold, else ON_TRACK."""
        if minutes_left < 0:
            return WarningLevel.LATE
        if minutes_left < self.threshold_hours(allotted_hours) * 60:
            return WarningLevel.NEARLY_DUE
        return WarningLevel.ON_TRACK


DEFAULT_WARNING_POLICY = WarningPolicy()


def warning_level(
    cal: WorkingCalendar,
    now: datetime,
    due: datetime,
    allotted_hours: float,
    *,
    policy: WarningPolicy | None = None,
    fraction: float | None = None,
    hours: float | None = None,
) -> WarningLevel:
    """Where an unfinished clock stands at ``now`` (deadlines.md §4).

    LATE when ``now`` is after ``due``; NEARLY_DUE when the working time left is under
    ``fraction`` of ``allotted_hours`` or under ``hours`` working hours; ON_TRACK otherwise.
    Both come from ``policy`` (the office's setting; the defaults when None); ``fraction`` or
    ``hours`` given here override it unchecked (a rule can be switched off with 0). For a
    same-day procedure, pass the working hours from its start to its due instant as
    ``allotted_hours``.
    """
    p = policy or DEFAULT_WARNING_POLICY
    if now > due:
        return WarningLevel.LATE
    left = cal.working_minutes_between(now, due)
    threshold = nearly_due_threshold_hours(
        allotted_hours,
        p.fraction if fraction is None else fraction,
        p.hours if hours is None else hours,
    )
    if left < threshold * 60:
        return WarningLevel.NEARLY_DUE
    return WarningLevel.ON_TRACK
