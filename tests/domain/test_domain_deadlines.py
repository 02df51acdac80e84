"""Table tests of due dates, clocks, timeliness and warnings; expected values worked by hand."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, time

import pytest

from tthc_desk.domain.calendar import WorkingCalendar
from tthc_desk.domain.deadlines import (
    Clock,
    ProcessingTime,
    Timeliness,
    WarningLevel,
    due_at,
    online_reception_due,
    timeliness,
    warning_level,
)
from tthc_desk.domain.errors import Conflict, ValidationError

# Facts used: 2026-03-02 is a Monday; Tết 2026 = Mon 16/2 - Fri 20/2; Giỗ Tổ 2026 is Sun 26/4,
# observed Mon 27/4; 30/4 (Thu) and 1/5 (Fri) 2026 are holidays.

CAL = WorkingCalendar()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# ----------------------------------------------------------------------------- deadlines.md §5


@pytest.mark.parametrize(
    ("received", "processing", "expected"),
    [
        # Mon 2/3/2026 10:00, 3 working days = 24 h: Tue, Wed and Thu to 10:00.
        ("2026-03-02 10:00", ProcessingTime.days(3), "2026-03-05 10:00"),
        # Fri 16:30, 2 working hours: 1 h on Friday, 1 h on Monday: Monday 08:30.
        ("2026-03-06 16:30", ProcessingTime.hours(2), "2026-03-09 08:30"),
        # 11:00, 0.5 working hours: 11:30, not 13:30.
        ("2026-03-02 11:00", ProcessingTime.hours(0.5), "2026-03-02 11:30"),
        # Fri 24/4/2026 14:00, 2 working days (16 h): 3.5 h on 24/4, weekend, 27/4 observed
        # Giỗ Tổ, 28/4 8 h, last 4.5 h 07:30-11:30 and 13:30-14:00 on 29/4.
        ("2026-04-24 14:00", ProcessingTime.days(2), "2026-04-29 14:00"),
    ],
)
def test_deadlines_md_due_examples(
    received: str, processing: ProcessingTime, expected: str
) -> None:
    assert due_at(CAL, at(received), processing) == at(expected)


def test_deadlines_md_saturday_online_submission_starts_monday() -> None:
    # Received Saturday 09:00 (online): the clock starts Monday 07:30.
    clock = Clock.begin(CAL, at("2026-03-07 09:00"), 8)
    assert clock.start == at("2026-03-09 07:30")
    # and the 8-hour reception clock runs all of Monday: 17:30.
    assert online_reception_due(CAL, at("2026-03-07 09:00")) == at("2026-03-09 17:30")


@pytest.mark.parametrize(
    ("finished", "due", "expected"),
    [
        # deadlines.md §5, deadline Thu 5/3/2026 10:00:
        ("2026-03-05 09:00", "2026-03-05 10:00", Timeliness.ON_TIME),  # same date, before
        ("2026-03-04 17:00", "2026-03-05 10:00", Timeliness.EARLY),  # the day before
        ("2026-03-05 10:01", "2026-03-05 10:00", Timeliness.LATE),  # one minute after
        # boundaries:
        ("2026-03-05 10:00", "2026-03-05 10:00", Timeliness.ON_TIME),  # exactly at the deadline
        ("2026-03-05 00:00", "2026-03-05 10:00", Timeliness.ON_TIME),  # first minute of the date
        ("2026-03-04 23:59", "2026-03-05 10:00", Timeliness.EARLY),  # last minute of the eve
        ("2026-03-05 10:00:01", "2026-03-05 10:00", Timeliness.LATE),  # any instant after it
        ("2026-03-06 08:00", "2026-03-05 17:30", Timeliness.LATE),  # next morning
        ("2026-03-02 08:00", "2026-03-05 10:00", Timeliness.EARLY),  # days before
    ],
)
def test_timeliness(finished: str, due: str, expected: Timeliness) -> None:
    assert timeliness(at(finished), at(due)) is expected


def test_enum_values_are_stable_codes() -> None:
    assert [t.value for t in Timeliness] == ["early", "on_time", "late"]
    assert [w.value for w in WarningLevel] == ["on_track", "nearly_due", "late"]


# ----------------------------------------------------------------------------- same day


@pytest.mark.parametrize(
    ("received", "cutoff", "expected", "why"),
    [
        ("2026-03-02 09:00", time(15, 0), "2026-03-02 17:30", "morning: end of the same day"),
        ("2026-03-02 15:00", time(15, 0), "2026-03-02 17:30", "at the cut-off is not after it"),
        ("2026-03-02 15:01", time(15, 0), "2026-03-03 17:30", "after the cut-off: Tue end"),
        ("2026-03-06 15:30", time(15, 0), "2026-03-09 17:30", "Fri after cut-off: Mon end"),
        ("2026-03-07 10:00", time(15, 0), "2026-03-09 17:30", "Saturday: starts Mon 07:30"),
        ("2026-03-02 18:00", time(15, 0), "2026-03-03 17:30", "evening: starts Tue 07:30"),
        ("2026-03-02 12:00", time(15, 0), "2026-03-02 17:30", "lunch: starts 13:30, before 15"),
        ("2026-03-02 11:15", time(11, 0), "2026-03-03 17:30", "cut-off set to 11:00"),
        # Fri 13/2/2026 after the cut-off: the next working day is Mon 23/2, after Tết.
        ("2026-02-13 16:00", time(15, 0), "2026-02-23 17:30", "after cut-off before Tết"),
        # Wed 29/4/2026 after the cut-off: 30/4, 1/5, weekend; next is Mon 4/5.
        ("2026-04-29 16:00", time(15, 0), "2026-05-04 17:30", "after cut-off before 30/4"),
    ],
)
def test_same_day_cut_off(received: str, cutoff: time, expected: str, why: str) -> None:
    assert due_at(CAL, at(received), ProcessingTime.same_day(cutoff)) == at(expected), why


def test_same_day_default_cut_off_is_15h() -> None:
    processing = ProcessingTime(0, "same_day")
    assert processing.cutoff == time(15, 0)
    # 15:01 is after 15:00: end of Tuesday.
    assert due_at(CAL, at("2026-03-02 15:01"), processing) == at("2026-03-03 17:30")


def test_same_day_with_a_seasonal_close() -> None:
    cal = WorkingCalendar(periods=[(time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))])
    # The working day ends at 17:00 under these periods.
    assert due_at(cal, at("2026-03-02 09:00"), ProcessingTime.same_day()) == at("2026-03-02 17:00")


@pytest.mark.parametrize(
    ("amount", "unit", "code"),
    [(-1, "working_days", "processing_time.negative"), (1, "weeks", "processing_time.unit")],
)
def test_bad_processing_times_are_refused(amount: float, unit: str, code: str) -> None:
    with pytest.raises(ValidationError) as err:
        ProcessingTime(amount, unit)  # type: ignore[arg-type]
    assert err.value.code == code


# ----------------------------------------------------------------------------- online reception


@pytest.mark.parametrize(
    ("submitted", "expected", "why"),
    [
        ("2026-03-02 07:30", "2026-03-02 17:30", "a whole working day"),
        ("2026-03-06 14:00", "2026-03-09 14:00", "3.5 h Fri, Mon 07:30-11:30 and 13:30-14:00"),
        ("2026-03-02 21:00", "2026-03-03 17:30", "night: starts Tue 07:30, runs all Tuesday"),
        ("2026-02-13 20:00", "2026-02-23 17:30", "Friday night before Tết 2026: all of Mon 23/2"),
    ],
)
def test_online_reception_within_8_working_hours(submitted: str, expected: str, why: str) -> None:
    assert online_reception_due(CAL, at(submitted)) == at(expected), why


# ----------------------------------------------------------------------------- clocks


def test_pause_and_resume_across_a_holiday() -> None:
    # Thu 23/4/2026 09:00 + 16 h: Thu 2.5 + 4 = 6.5; Fri 24/4 8 (14.5); weekend; Mon 27/4 is
    # the observed Giỗ Tổ; Tue 28/4 07:30-09:00 the last 1.5 h: due Tue 28/4 09:00.
    clock = Clock.begin(CAL, at("2026-04-23 09:00"), 16)
    assert clock.due == at("2026-04-28 09:00")
    # Paused Fri 24/4 10:00: left = Fri 10:00-11:30 1.5 + 13:30-17:30 4 + Tue 07:30-09:00 1.5
    # = 7 h = 420 minutes.
    paused = clock.pause(at("2026-04-24 10:00"))
    assert paused.is_paused
    assert paused.remaining(CAL, at("2026-04-28 08:00")) == 420  # frozen while paused
    # Resumed Tue 28/4 10:00: 1.5 h to 11:30, 4 h to 17:30 (5.5), Wed 29/4 07:30-09:00 (7).
    resumed = paused.resume(CAL, at("2026-04-28 10:00"))
    assert not resumed.is_paused
    assert resumed.start == clock.start
    assert resumed.due == at("2026-04-29 09:00")
    assert resumed.remaining(CAL, at("2026-04-28 10:00")) == 420


def test_resume_on_a_holiday_starts_at_the_next_working_moment() -> None:
    # Same pause as above (420 minutes left), resumed on Thu 30/4/2026 (a holiday): the clock
    # runs from Mon 4/5 07:30 (1/5 is a holiday, then a weekend): 4 h to 11:30, 3 h to 16:30.
    clock = Clock.begin(CAL, at("2026-04-23 09:00"), 16).pause(at("2026-04-24 10:00"))
    assert clock.resume(CAL, at("2026-04-30 10:00")).due == at("2026-05-04 16:30")


def test_pause_when_overdue_stays_overdue() -> None:
    # Due Mon 2/3 10:00, paused Mon 11:00: 1 h overdue (-60). Resumed Wed 4/3 09:00: the due
    # moves to one working hour before 09:00 = Wed 08:00, so the clock is still 60 min late.
    clock = Clock(start=at("2026-03-02 07:30"), due=at("2026-03-02 10:00"))
    paused = clock.pause(at("2026-03-02 11:00"))
    assert paused.remaining(CAL, at("2026-03-03 09:00")) == -60
    resumed = paused.resume(CAL, at("2026-03-04 09:00"))
    assert resumed.due == at("2026-03-04 08:00")
    assert resumed.remaining(CAL, at("2026-03-04 09:00")) == -60


def test_pause_twice_or_resume_running_is_refused() -> None:
    clock = Clock.begin(CAL, at("2026-03-02 10:00"), 8)
    with pytest.raises(Conflict) as err:
        clock.pause(at("2026-03-02 11:00")).pause(at("2026-03-02 11:10"))
    assert err.value.code == "clock.already_paused"
    with pytest.raises(Conflict) as err:
        clock.resume(CAL, at("2026-03-02 11:00"))
    assert err.value.code == "clock.not_paused"


def test_restart_after_a_supplement_request() -> None:
    # Received Mon 2/3/2026 10:00, 3 days: due Thu 5/3 10:00 (deadlines.md §5).
    clock = Clock.begin(CAL, at("2026-03-02 10:00"), 24)
    assert clock.due == at("2026-03-05 10:00")
    # Supplement requested Tue 3/3 (clock paused); the complete dossier is back Wed 11/3 14:00
    # and the full 24 h start afresh: Wed 3.5 h; Thu 12/3 8 (11.5); Fri 13/3 8 (19.5); Mon 16/3
    # 07:30-11:30 (23.5) and 13:30-14:00: due Mon 16/3 14:00.
    back = clock.pause(at("2026-03-03 09:00")).restart(CAL, at("2026-03-11 14:00"), 24)
    assert back == Clock(start=at("2026-03-11 14:00"), due=at("2026-03-16 14:00"))
    assert not back.is_paused


@pytest.mark.parametrize(
    ("now", "minutes"),
    [
        # due Thu 5/3/2026 10:00
        ("2026-03-04 16:30", 210),  # 1 h Wed + Thu 07:30-10:00 2.5 h = 3.5 h
        ("2026-03-05 10:00", 0),  # at the deadline
        ("2026-03-05 11:00", -60),  # one working hour overdue
        ("2026-03-05 14:00", -120),  # 10:00-11:30 1.5 h + 13:30-14:00 0.5 h overdue
        ("2026-03-02 10:00", 1440),  # at intake: all 24 h
    ],
)
def test_remaining_is_signed_working_minutes(now: str, minutes: int) -> None:
    clock = Clock(start=at("2026-03-02 10:00"), due=at("2026-03-05 10:00"))
    assert clock.remaining(CAL, at(now)) == minutes


# ----------------------------------------------------------------------------- warnings


@pytest.mark.parametrize(
    ("now", "due", "allotted", "settings", "expected", "why"),
    [
        # 24 h allotted, due Thu 5/3 10:00: a quarter is 6 h, the hours rule 4 h, so 6 h rules.
        ("2026-03-02 10:00", "2026-03-05 10:00", 24, {}, WarningLevel.ON_TRACK, "24 h left"),
        # 6 h before Thu 10:00 = Thu 07:30-10:00 (2.5) + Wed 14:00-17:30 (3.5): Wed 14:00.
        ("2026-03-04 14:00", "2026-03-05 10:00", 24, {}, WarningLevel.ON_TRACK, "exactly 6 h"),
        ("2026-03-04 14:01", "2026-03-05 10:00", 24, {}, WarningLevel.NEARLY_DUE, "5 h 59"),
        ("2026-03-05 10:00", "2026-03-05 10:00", 24, {}, WarningLevel.NEARLY_DUE, "0 left"),
        ("2026-03-05 10:01", "2026-03-05 10:00", 24, {}, WarningLevel.LATE, "a minute past"),
        # 8 h allotted, due Mon 2/3 17:30: a quarter is 2 h, the hours rule 4 h rules.
        ("2026-03-02 13:30", "2026-03-02 17:30", 8, {}, WarningLevel.ON_TRACK, "exactly 4 h"),
        ("2026-03-02 13:31", "2026-03-02 17:30", 8, {}, WarningLevel.NEARLY_DUE, "3 h 59"),
        # Lunch is not working time: at 11:31 there are 4 h left (13:30-17:30): on track.
        ("2026-03-02 11:31", "2026-03-02 17:30", 8, {}, WarningLevel.ON_TRACK, "lunch, 4 h"),
        # Settings: only a half of the allotted time (hours rule off).
        (
            "2026-03-02 13:30",
            "2026-03-02 17:30",
            8,
            {"fraction": 0.5, "hours": 0},
            WarningLevel.ON_TRACK,
            "4 h left = half of 8",
        ),
        (
            "2026-03-02 13:31",
            "2026-03-02 17:30",
            8,
            {"fraction": 0.5, "hours": 0},
            WarningLevel.NEARLY_DUE,
            "3 h 59 < half",
        ),
        # Settings: only the hours rule, one hour.
        (
            "2026-03-02 16:30",
            "2026-03-02 17:30",
            8,
            {"fraction": 0, "hours": 1},
            WarningLevel.ON_TRACK,
            "exactly 1 h",
        ),
        (
            "2026-03-02 16:31",
            "2026-03-02 17:30",
            8,
            {"fraction": 0, "hours": 1},
            WarningLevel.NEARLY_DUE,
            "59 min",
        ),
        # Due Fri 6/3 17:30; on Saturday no working time has passed since, but it is late.
        ("2026-03-07 09:00", "2026-03-06 17:30", 8, {}, WarningLevel.LATE, "after the due"),
    ],
)
def test_warning_level(
    now: str,
    due: str,
    allotted: float,
    settings: dict[str, float],
    expected: WarningLevel,
    why: str,
) -> None:
    assert warning_level(CAL, at(now), at(due), allotted, **settings) is expected, why


# ----------------------------------------------------------------------------- layering


def test_domain_imports_no_qt_sql_or_reportlab() -> None:
    code = (
        "import sys, tthc_desk.domain.calendar, tthc_desk.domain.deadlines\n"
        "bad = {'PySide6', 'shiboken6', 'sqlalchemy', 'reportlab'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
