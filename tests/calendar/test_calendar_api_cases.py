"""The public calendar API (``WorkingCalendar``, ``deadlines.due_at``) on the cases the held-back
2025–2027 checks are about: working days and hours across Tết 2025 and 2026 (and 2027 as the
shipped data has it, pending the Government's decision), the make-up Saturday 10/1/2026
(Công văn 12729/VPCP-KGVX, 25/12/2025), office hours, and an office whose day ends
mid-afternoon (16:30). Each expectation is counted by hand in its comment.

Every day of the shipped table with its source is checked one by one in
``tests/domain/test_civil_service_table.py`` (EXPECTED)."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from tthc_desk.domain.calendar import WorkingCalendar
from tthc_desk.domain.deadlines import ProcessingTime, due_at

CAL = WorkingCalendar()  # 07:30–11:30, 13:30–17:30
#: An office whose day ends mid-afternoon: 07:00–11:30 and 13:00–16:30 (4.5 + 3.5 = 8 h).
EARLY = WorkingCalendar(periods=[(time(7, 0), time(11, 30)), (time(13, 0), time(16, 30))])


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("cal", "start", "days", "expected", "why"),
    [
        # Thu 10:00-17:30 5.5 h, Fri 24/1 8 h (13.5), Tết 25/1-2/2, Mon 3/2 07:30-10:00.
        (CAL, "2025-01-23 10:00", 2, "2025-02-03 10:00", "two days over Tết 2025"),
        # Fri 13/2 5.5 h, Tết 14/2-22/2, Mon 23/2 07:30-10:00.
        (CAL, "2026-02-13 10:00", 1, "2026-02-23 10:00", "one day over Tết 2026"),
        # Fri 9/1 5.5 h, Sat 10/1 is worked: 07:30-10:00.
        (CAL, "2026-01-09 10:00", 1, "2026-01-10 10:00", "the make-up Saturday 10/1/2026"),
        # Wed 31/12 5.5 h; 1/1 and Fri 2/1 off; Mon 5/1 8 (13.5), Tue 6/1 8 (21.5), Wed 2.5.
        (CAL, "2025-12-31 10:00", 3, "2026-01-07 10:00", "New Year 2026 with Fri 2/1 off"),
        # After closing on Fri 9/1: Sat 10/1 07:30 + 4 h = 11:30, a period's end is the deadline.
        (CAL, "2026-01-09 17:30", 0.5, "2026-01-10 11:30", "half a day on the make-up Saturday"),
        # Wed 3/2 5.5 h; Tết 2027 4/2-10/2 as shipped (decision pending); Thu 11/2 07:30-10:00.
        (CAL, "2027-02-03 10:00", 1, "2027-02-11 10:00", "one day over Tết 2027 (pending)"),
        # Early office: Fri 24/1/2025 14:00-16:30 2.5 h; Mon 3/2 07:00-11:30 (7), 13:00-14:00.
        (EARLY, "2025-01-24 14:00", 1, "2025-02-03 14:00", "16:30 office over Tết 2025"),
        # Early office: Fri 13/2/2026 15:00-16:30 1.5 h; Mon 23/2 07:00-11:30 (6), 13:00-15:00.
        (EARLY, "2026-02-13 15:00", 1, "2026-02-23 15:00", "16:30 office over Tết 2026"),
    ],
)
def test_add_working_days(
    cal: WorkingCalendar, start: str, days: float, expected: str, why: str
) -> None:
    assert cal.add_working_days(at(start), days) == at(expected), why


@pytest.mark.parametrize(
    ("cal", "start", "hours", "expected", "why"),
    [
        (CAL, "2025-01-24 17:00", 1, "2025-02-03 08:00", "0.5 h Fri 24/1, 0.5 h Mon 3/2/2025"),
        (CAL, "2026-01-09 17:00", 1, "2026-01-10 08:00", "0.5 h Fri 9/1, 0.5 h Sat 10/1/2026"),
        (CAL, "2026-01-10 17:00", 1, "2026-01-12 08:00", "0.5 h Sat 10/1, then Mon 12/1"),
        (CAL, "2026-01-01 09:00", 2, "2026-01-05 09:30", "received on New Year's Day"),
        (EARLY, "2025-01-24 16:00", 1, "2025-02-03 07:30", "0.5 h to 16:30, Mon 07:00-07:30"),
        (EARLY, "2026-01-09 16:00", 1, "2026-01-10 07:30", "0.5 h to 16:30, Sat 10/1 07:00"),
        (EARLY, "2026-03-02 16:30", 0.5, "2026-03-03 07:30", "at closing: Tue 07:00-07:30"),
        (EARLY, "2026-03-02 15:30", 1, "2026-03-02 16:30", "lands on the closing time"),
        (EARLY, "2026-03-02 11:00", 1, "2026-03-02 13:30", "0.5 h to 11:30, 13:00-13:30"),
    ],
)
def test_add_working_hours(
    cal: WorkingCalendar, start: str, hours: float, expected: str, why: str
) -> None:
    assert cal.add_working_hours(at(start), hours) == at(expected), why


@pytest.mark.parametrize(
    ("cal", "start", "end", "hours"),
    [
        (CAL, "2026-01-09 17:00", "2026-01-12 08:00", 9.0),  # 0.5 + Sat 10/1 8 + 0.5
        (CAL, "2025-01-23 10:00", "2025-02-03 10:00", 16.0),  # 5.5 + 8 + 2.5 over Tết 2025
        (CAL, "2026-02-13 17:00", "2026-02-23 08:00", 1.0),  # 0.5 + 0.5 over Tết 2026
        (EARLY, "2025-01-24 16:00", "2025-02-03 07:30", 1.0),  # 0.5 + 0.5
        (EARLY, "2026-03-02 16:30", "2026-03-02 17:30", 0.0),  # after the office closed
    ],
)
def test_working_hours_between(cal: WorkingCalendar, start: str, end: str, hours: float) -> None:
    assert cal.working_hours_between(at(start), at(end)) == hours


@pytest.mark.parametrize(
    ("cal", "moment", "working"),
    [
        (CAL, "2026-01-10 09:00", True),  # make-up Saturday
        (CAL, "2026-01-17 09:00", False),  # an ordinary Saturday
        (CAL, "2026-01-02 09:00", False),  # Fri 2/1/2026 swapped off
        (CAL, "2026-08-22 14:00", True),  # Sat 22/8/2026 worked for Mon 31/8
        (CAL, "2026-11-24 09:00", True),  # 24/11: legal basis pending, a working day
        (CAL, "2025-01-31 09:00", False),  # Tết 2025
        (EARLY, "2026-03-02 16:29", True),
        (EARLY, "2026-03-02 16:30", False),  # closing time is outside working time
        (EARLY, "2026-03-02 07:00", True),
        (EARLY, "2026-03-02 12:45", False),  # lunch
        (EARLY, "2026-01-10 16:00", True),  # the make-up Saturday keeps the office's hours
    ],
)
def test_office_hours(cal: WorkingCalendar, moment: str, working: bool) -> None:
    assert cal.is_working_time(at(moment)) is working


@pytest.mark.parametrize(
    ("cal", "received", "expected", "why"),
    [
        (EARLY, "2026-01-09 14:59", "2026-01-09 16:30", "before the 15:00 cut-off: same day"),
        (EARLY, "2026-01-09 15:30", "2026-01-10 16:30", "after it: the make-up Saturday"),
        (EARLY, "2025-12-31 15:01", "2026-01-05 16:30", "after it on 31/12: Mon 5/1/2026"),
        (EARLY, "2026-01-01 09:00", "2026-01-05 16:30", "on New Year's Day: Mon 5/1 07:00"),
        (CAL, "2026-02-13 16:00", "2026-02-23 17:30", "Fri before Tết 2026, after the cut-off"),
        (CAL, "2025-01-24 15:00", "2025-01-24 17:30", "exactly at the cut-off: same day"),
    ],
)
def test_same_day_procedures(cal: WorkingCalendar, received: str, expected: str, why: str) -> None:
    assert due_at(cal, at(received), ProcessingTime.same_day()) == at(expected), why


def test_end_of_the_working_day_of_a_day_off_is_the_next_ones() -> None:
    assert EARLY.end_of_working_day(at("2026-01-02 00:00").date()) == at("2026-01-05 16:30")
    assert CAL.end_of_working_day(at("2026-01-10 00:00").date()) == at("2026-01-10 17:30")
    assert CAL.next_working_moment(at("2026-01-01 10:00")) == at("2026-01-05 07:30")
