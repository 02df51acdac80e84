"""The office's working calendar: working days, working periods, and arithmetic in working time."""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays.countries.vietnam import Vietnam

from tthc_desk.domain.civil_service import GovernmentDayKind, government_table
from tthc_desk.domain.errors import ValidationError

Period = tuple[time, time]
"""A working period within one day, ``(start, end)``, end excluded from working time."""

DEFAULT_PERIODS: tuple[Period, ...] = (
    (time(7, 30), time(11, 30)),
    (time(13, 30), time(17, 30)),
)
"""The default working hours: 07:30–11:30 and 13:30–17:30, eight hours (deadlines.md §1)."""

# A table that must grow past this many years to reach a target has no working time to offer.
_MAX_TABLE_YEARS = 200


@dataclass(frozen=True)
class Season:
    """A seasonal schedule: ``periods`` are in force from ``starts`` = ``(month, day)`` each year.

    ``Season(starts=(4, 15), periods=[(time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))])``
    is a summer schedule from 15 April; it stays in force until the next season's start, wrapping
    round the new year.
    """

    starts: tuple[int, int]
    periods: Sequence[Period]


# --------------------------------------------------------------------------- public holidays


@dataclass(frozen=True)
class _PublicYear:
    """What ``holidays.Vietnam`` says about one year, with the government's decisions for civil
    servants applied over it (built once per year, then shared)."""

    names: Mapping[date, str]
    working: tuple[bool, ...]  # one flag per day of the year, 1 January first
    government_workdays: frozenset[date]
    pending: Mapping[date, str]  # days whose legal basis is pending: working days, named


@functools.cache
def _vietnam() -> type[Vietnam]:
    """``holidays.Vietnam`` from its own module, without the package's registry, whose
    ``holidays.countries`` imports all 250 countries (three times slower at start)."""
    name = "holidays.countries.vietnam"
    module = sys.modules.get(name)
    if module is None:
        package = importlib.util.find_spec("holidays")
        locations = list(package.submodule_search_locations or []) if package else []
        path = Path(locations[0], "countries", "vietnam.py") if locations else None
        if path is None or not path.is_file():  # e.g. frozen in an installer: the usual way
            return importlib.import_module(name).Vietnam  # type: ignore[no-any-return]
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # ``holidays.countries``, if imported later, reuses it
        spec.loader.exec_module(module)
    return module.Vietnam  # type: ignore[no-any-return]


@functools.cache
def _public_year(year: int) -> _PublicYear:
    # Neighbouring years are loaded too, so an observed day that crosses the new year is seen.
    vn = _vietnam()(years=(year - 1, year, year + 1), language="vi")
    first = date(year, 1, 1)
    days = (date(year + 1, 1, 1) - first).days
    working = [vn.is_working_day(first + timedelta(days=i)) for i in range(days)]
    names = {d: name for d, name in vn.items() if d.year == year}
    swaps = {d for d in vn.weekend_workdays if d.year == year}
    pending: dict[date, str] = {}
    # The government's notices for civil servants win over the package (deadlines.md §1).
    table = government_table().year(year)
    for g in table.days if table is not None else ():
        i = g.day.timetuple().tm_yday - 1
        if g.kind is GovernmentDayKind.DAY_OFF or g.kind is GovernmentDayKind.HOLIDAY:
            working[i] = False
            names.setdefault(g.day, g.name)
            swaps.discard(g.day)
        elif g.kind is GovernmentDayKind.WORKDAY:
            working[i] = True
            swaps.add(g.day)
        else:  # pending: a working day until the office declares it off
            working[i] = g.day.weekday() < 5
            names.pop(g.day, None)
            pending[g.day] = g.name
    return _PublicYear(
        names=MappingProxyType(names),
        working=tuple(working),
        government_workdays=frozenset(swaps),
        pending=MappingProxyType(pending),
    )


def public_holidays(year: int) -> Mapping[date, str]:
    """Vietnam's public holidays of ``year`` with their Vietnamese names.

    From ``holidays`` with the government's decisions for civil servants applied over it
    (``resources/calendar/vn-civil-service-days.json``): observed days (``"… (nghỉ bù)"``) and
    the government's swapped days off are included; a day whose legal basis is pending
    (24/11 "Ngày Văn hóa Việt Nam" while the Labour Code is not amended) is not. Used to fill
    the office's calendar with the defaults for a year.
    """
    return _public_year(year).names


def government_workdays(year: int) -> frozenset[date]:
    """The weekend days of ``year`` the government made working days (in exchange for a day off)."""
    return _public_year(year).government_workdays


def pending_holidays(year: int) -> Mapping[date, str]:
    """Days of ``year`` announced as holidays whose legal basis is still pending; they count as
    working days until the office declares them off."""
    return _public_year(year).pending


# --------------------------------------------------------------------------- schedules

# A day's schedule in minutes from midnight: ((start, end, minutes worked before start), ...).
_Spans = tuple[tuple[int, int, int], ...]
_NO_SPANS: _Spans = ()


def _minute_of(t: time, what: str) -> int:
    if t.second or t.microsecond or t.tzinfo is not None:
        raise ValidationError("calendar.period.whole_minutes", field=what, time=t.isoformat())
    return t.hour * 60 + t.minute


def _spans(periods: Sequence[Period], what: str) -> _Spans:
    """Check ``periods`` (sorted, non-empty, not overlapping) and turn them into minute spans."""
    if not periods:
        raise ValidationError("calendar.periods.empty", field=what)
    spans: list[tuple[int, int, int]] = []
    before = 0
    previous_end = -1
    for start, end in periods:
        s, e = _minute_of(start, what), _minute_of(end, what)
        if e <= s:
            raise ValidationError(
                "calendar.period.end_before_start", field=what, start=str(start), end=str(end)
            )
        if s < previous_end:
            raise ValidationError("calendar.periods.overlap", field=what, start=str(start))
        spans.append((s, e, before))
        before += e - s
        previous_end = e
    return tuple(spans)


def _span_minutes(spans: _Spans) -> int:
    s, e, before = spans[-1]
    return before + e - s


# --------------------------------------------------------------------------- the calendar


class WorkingCalendar:
    """Working days and hours of one office, and exact arithmetic in working time.

    ``WorkingCalendar()`` is Monday to Friday, 07:30–11:30 and 13:30–17:30, without Vietnam's
    public holidays (with their observed days, from ``holidays.Vietnam``) and with the
    government's yearly decisions for civil servants applied over them (swapped days off and
    make-up Saturdays, from the sourced table in ``resources/calendar``).

    - ``periods``: the office's working periods, sorted, each ``(start, end)`` in whole minutes.
    - ``days_off``: extra days the office declares off; they win over everything else.
    - ``workdays``: make-up working days (ngày làm bù); they win over weekends and holidays.
      A date may not be in both sets.
    - ``seasons``: a seasonal schedule. When given, ``periods`` is ignored: the periods in force
      on a date are those of the season with the latest start on or before it, wrapping round
      the year (a date before the first start of the year belongs to the last season). All
      seasons must give the same number of hours a day, since that is the length of "one
      working day".
    - ``public_holidays=False`` leaves out the ``holidays`` package: the working days are then
      Monday to Friday plus ``workdays`` minus ``days_off`` (for a calendar stored in full).

    Datetimes are naive, in the office's local time, and exact to the minute: seconds of an
    input are dropped, results are whole minutes. Working time is half-open per period: 11:30
    is not working time, but a deadline may land on it (deadlines.md §3). Internally the
    calendar keeps, per day from 1 January of the first year in use, the working minutes and
    their running total, so each operation is a binary search rather than a walk over days.
    The table grows on first use of a year; give each thread its own calendar (they are cheap:
    the ``holidays`` data are cached per year for the whole process).
    """

    def __init__(
        self,
        periods: Sequence[Period] | None = None,
        days_off: Iterable[date] = (),
        workdays: Iterable[date] = (),
        seasons: Sequence[Season] | None = None,
        *,
        public_holidays: bool = True,
    ) -> None:
        self._days_off = frozenset(days_off)
        self._workdays = frozenset(workdays)
        both = self._days_off & self._workdays
        if both:
            raise ValidationError("calendar.day.off_and_working", day=min(both).isoformat())
        self._public_holidays = public_holidays

        self._season_starts: list[tuple[int, int]] = []
        self._season_spans: list[_Spans] = []
        if seasons:
            for season in sorted(seasons, key=lambda s: s.starts):
                month, day = season.starts
                try:
                    date(2024, month, day)  # a leap year, so 29/2 is a valid start
                except ValueError:
                    raise ValidationError(
                        "calendar.season.bad_start", field="seasons", month=month, day=day
                    ) from None
                if self._season_starts and self._season_starts[-1] == season.starts:
                    raise ValidationError(
                        "calendar.season.duplicate_start", field="seasons", month=month, day=day
                    )
                self._season_starts.append(season.starts)
                self._season_spans.append(_spans(season.periods, "seasons"))
            lengths = {_span_minutes(spans) for spans in self._season_spans}
            if len(lengths) > 1:
                raise ValidationError("calendar.seasons.unequal_hours", field="seasons")
            self._base_spans = self._season_spans[0]
        else:
            self._base_spans = _spans(DEFAULT_PERIODS if periods is None else periods, "periods")
        self._minutes_per_day = _span_minutes(self._base_spans)

        # The day table: index k is the day with ordinal self._base + k.
        self._base = 0
        self._first_year = 0
        self._last_year = -1
        self._cum: list[int] = [0]  # working minutes before day k; one longer than the table
        self._day_spans: list[_Spans] = []
        self._ymd: list[tuple[int, int, int]] = []

    # ------------------------------------------------------------------ days

    @property
    def minutes_per_day(self) -> int:
        """Working minutes of one full working day (480 by default); "one working day"."""
        return self._minutes_per_day

    @property
    def hours_per_day(self) -> float:
        """Working hours of one full working day (8.0 by default); N working days = N × this."""
        return self._minutes_per_day / 60

    @property
    def days_off(self) -> frozenset[date]:
        """The office's extra days off."""
        return self._days_off

    @property
    def workdays(self) -> frozenset[date]:
        """The office's make-up working days."""
        return self._workdays

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day: the office's settings first, then ``holidays``."""
        if d in self._workdays:
            return True
        if d in self._days_off:
            return False
        if self._public_holidays:
            return _public_year(d.year).working[d.timetuple().tm_yday - 1]
        return d.weekday() < 5

    def holiday_name(self, d: date) -> str | None:
        """The Vietnamese name of the public holiday on ``d``, or ``None``.

        Names come from ``holidays`` (observed days and swapped days off included), whatever the
        office decided for the date: use :meth:`is_working_day` for that.
        """
        if not self._public_holidays:
            return None
        return _public_year(d.year).names.get(d)

    def pending_holiday(self, d: date) -> str | None:
        """The name of a day announced as a holiday whose legal basis is pending, or ``None``.

        Such a day is a working day unless the office declares it off.
        """
        if not self._public_holidays:
            return None
        return _public_year(d.year).pending.get(d)

    def is_government_workday(self, d: date) -> bool:
        """Whether ``d`` is a weekend day the government made a working day (a swap)."""
        return self._public_holidays and d in _public_year(d.year).government_workdays

    def _spans_on(self, d: date) -> _Spans:
        """The schedule in force on ``d``, working day or not."""
        if not self._season_starts:
            return self._base_spans
        i = bisect_right(self._season_starts, (d.month, d.day)) - 1
        return self._season_spans[i]  # i == -1 wraps round to the last season

    def periods_on(self, d: date) -> tuple[Period, ...]:
        """The working periods of ``d``: empty when ``d`` is not a working day."""
        if not self.is_working_day(d):
            return ()
        return tuple(
            (time(s // 60, s % 60), time(e // 60, e % 60)) for s, e, _ in self._spans_on(d)
        )

    def end_of_working_day(self, d: date) -> datetime:
        """The end of the last period of the first working day on or after ``d``."""
        k = self._index(d)  # may rebuild the table: index it afterwards
        p = self._cum[k]
        self._reach(p)
        return self._at_end(self._cum[bisect_right(self._cum, p)])

    # ------------------------------------------------------------------ moments

    def is_working_time(self, dt: datetime) -> bool:
        """Whether ``dt`` falls inside a working period (the period's end is outside)."""
        k = self._index(dt.date())
        t = dt.hour * 60 + dt.minute
        return any(s <= t < e for s, e, _ in self._day_spans[k])

    def next_working_moment(self, dt: datetime) -> datetime:
        """``dt`` itself (to the minute) in working time, else the start of the next period."""
        p = self._pos(dt)
        self._reach(p)
        return self._at_start(p)

    # ------------------------------------------------------------------ arithmetic

    def add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        """The earliest instant at which ``minutes`` of working time from ``start`` have elapsed.

        A clock started outside working time starts at the next working moment; a result on
        the end of a period is that end (11:30, not 13:30). ``minutes == 0`` gives the next
        working moment. Negative ``minutes`` go back in working time (used for a clock that was
        already overdue when paused).
        """
        if minutes == 0:
            return self.next_working_moment(start)
        for _ in range(_MAX_TABLE_YEARS):
            target = self._pos(start) + minutes
            if target <= 0:
                self._grow_backward()
            elif target > self._cum[-1]:
                self._grow_forward()
            else:
                return self._at_end(target)
        raise ValidationError("calendar.no_working_time")

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """``start`` plus ``hours`` of working time (rounded to the minute); see
        :meth:`add_working_minutes`."""
        return self.add_working_minutes(start, round(hours * 60))

    def add_working_days(self, start: datetime, days: float) -> datetime:
        """``start`` plus ``days`` × :attr:`hours_per_day` of working time (half days allowed)."""
        return self.add_working_minutes(start, round(days * self._minutes_per_day))

    def working_minutes_between(self, start: datetime, end: datetime) -> int:
        """Working minutes from ``start`` to ``end``; 0 when ``end <= start``."""
        if end <= start:
            return 0
        self._index(start.date())  # any growth backward happens before either position is taken
        return self._pos(end) - self._pos(start)

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        """Working hours from ``start`` to ``end``; 0.0 when ``end <= start``."""
        return self.working_minutes_between(start, end) / 60

    # ------------------------------------------------------------------ the day table

    def _index(self, d: date) -> int:
        k = d.toordinal() - self._base
        if 0 <= k < len(self._day_spans):
            return k
        if self._last_year < self._first_year:
            self._build(d.year, d.year)
        elif d.year < self._first_year:
            self._build(d.year, self._last_year)
        else:
            while self._last_year < d.year:
                self._grow_forward()
        return d.toordinal() - self._base

    def _build(self, first_year: int, last_year: int) -> None:
        self._base = date(first_year, 1, 1).toordinal()
        self._first_year = first_year
        self._last_year = first_year - 1
        self._cum = [0]
        self._day_spans = []
        self._ymd = []
        while self._last_year < last_year:
            self._grow_forward()

    def _reach(self, p: int) -> None:
        """Grow the table forward until some working time lies after position ``p``."""
        for _ in range(_MAX_TABLE_YEARS):
            if p < self._cum[-1]:
                return
            self._grow_forward()
        raise ValidationError("calendar.no_working_time")

    def _grow_backward(self) -> None:
        self._build(self._first_year - 1, self._last_year)

    def _grow_forward(self) -> None:
        year = self._last_year + 1
        d = date(year, 1, 1)
        one = timedelta(days=1)
        total = self._cum[-1]
        while d.year == year:
            spans = self._spans_on(d) if self.is_working_day(d) else _NO_SPANS
            if spans:
                total += _span_minutes(spans)
            self._day_spans.append(spans)
            self._cum.append(total)
            self._ymd.append((d.year, d.month, d.day))
            d += one
        self._last_year = year

    def _pos(self, dt: datetime) -> int:
        """Working minutes from the table's start to ``dt``."""
        if dt.tzinfo is not None:
            raise ValueError("WorkingCalendar works with naive local datetimes")
        k = dt.toordinal() - self._base
        if not 0 <= k < len(self._day_spans):
            k = self._index(dt.date())
        t = dt.hour * 60 + dt.minute
        for s, e, before in self._day_spans[k]:
            if t < e:
                return self._cum[k] + before + (t - s if t > s else 0)
        return self._cum[k + 1]

    def _at_end(self, p: int) -> datetime:
        """The instant at position ``p`` seen as the end of a working minute (0 < p <= total)."""
        k = bisect_left(self._cum, p) - 1
        offset = p - self._cum[k]
        for s, e, before in self._day_spans[k]:
            if offset <= before + e - s:
                minute = s + offset - before
                y, m, d = self._ymd[k]
                return datetime(y, m, d, minute // 60, minute % 60)
        raise AssertionError("position beyond its day")  # pragma: no cover

    def _at_start(self, p: int) -> datetime:
        """The instant at position ``p`` seen as the start of a working minute (p < total)."""
        k = bisect_right(self._cum, p) - 1
        offset = p - self._cum[k]
        for s, e, before in self._day_spans[k]:
            if offset < before + e - s:
                minute = s + offset - before
                y, m, d = self._ymd[k]
                return datetime(y, m, d, minute // 60, minute % 60)
        raise AssertionError("position beyond its day")  # pragma: no cover
