"""Property tests of the working calendar: round trips, earliest instants, and a minute oracle."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tthc_desk.domain.calendar import Season, WorkingCalendar

CALENDARS = {
    "default": WorkingCalendar(),
    "office": WorkingCalendar(
        periods=[(time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))],
        days_off={date(2026, 3, 10), date(2025, 12, 30)},
        workdays={date(2026, 3, 14), date(2026, 4, 27), date(2027, 1, 2)},
    ),
    "seasons": WorkingCalendar(
        seasons=[
            Season((4, 15), [(time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))]),
            Season(
                (10, 15),
                [
                    (time(7, 30), time(9, 0)),
                    (time(9, 15), time(11, 45)),
                    (time(13, 30), time(17, 30)),
                ],
            ),
        ]
    ),
}

# Any minute from December 2024 to January 2028: both year ends and three Tết are inside.
starts = st.datetimes(min_value=datetime(2024, 12, 1), max_value=datetime(2028, 1, 31)).map(
    lambda dt: dt.replace(second=0, microsecond=0)
)
# Whole minutes up to 60 working days of 8 h.
spans = st.integers(min_value=0, max_value=60 * 8 * 60)
calendars = st.sampled_from(sorted(CALENDARS))

PROPERTY = settings(max_examples=300, deadline=None, database=None)


def in_a_period(cal: WorkingCalendar, dt: datetime) -> bool:
    """Whether ``dt`` lies in one of its day's periods, the period's end included."""
    return any(s <= dt.time() <= e for s, e in cal.periods_on(dt.date()))


@PROPERTY
@given(name=calendars, start=starts, minutes=spans)
def test_hours_between_undoes_add_hours(name: str, start: datetime, minutes: int) -> None:
    cal = CALENDARS[name]
    hours = minutes / 60
    due = cal.add_working_hours(start, hours)
    assert cal.working_hours_between(start, due) == hours
    assert cal.working_minutes_between(start, due) == minutes


@PROPERTY
@given(name=calendars, start=starts, minutes=spans)
def test_deadlines_fall_in_working_time(name: str, start: datetime, minutes: int) -> None:
    cal = CALENDARS[name]
    due = cal.add_working_minutes(start, minutes)
    assert due >= start
    assert in_a_period(cal, due)
    if minutes == 0:
        assert cal.is_working_time(due)  # a clock's start is a working moment
    else:
        # the earliest such instant: one minute earlier, a minute of work is still missing
        assert cal.working_minutes_between(start, due - timedelta(minutes=1)) == minutes - 1


@PROPERTY
@given(name=calendars, start=starts, a=spans, b=spans)
def test_adding_in_two_steps_is_adding_once(name: str, start: datetime, a: int, b: int) -> None:
    cal = CALENDARS[name]
    if a == 0 or b == 0:  # zero is "the next working moment", not a step
        return
    assert cal.add_working_minutes(cal.add_working_minutes(start, a), b) == (
        cal.add_working_minutes(start, a + b)
    )


@settings(max_examples=60, deadline=None, database=None)
@given(name=calendars, start=starts, length=st.integers(min_value=0, max_value=3 * 24 * 60))
def test_minutes_between_match_a_minute_by_minute_count(
    name: str, start: datetime, length: int
) -> None:
    # An independent oracle: count the minutes t in [start, end) that are working time.
    cal = CALENDARS[name]
    end = start + timedelta(minutes=length)
    one = timedelta(minutes=1)
    counted = sum(cal.is_working_time(start + i * one) for i in range(length))
    assert cal.working_minutes_between(start, end) == counted


@pytest.mark.parametrize("name", sorted(CALENDARS))
@PROPERTY
@given(start=starts)
def test_next_working_moment_is_working_and_nothing_is_skipped(name: str, start: datetime) -> None:
    cal = CALENDARS[name]
    moment = cal.next_working_moment(start)
    assert cal.is_working_time(moment)
    assert cal.working_minutes_between(start, moment) == 0
