"""Table tests of the working calendar; every expected value is worked out by hand in a comment."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from tthc_desk.domain.calendar import (
    Season,
    WorkingCalendar,
    government_workdays,
    public_holidays,
)
from tthc_desk.domain.errors import ValidationError

# Calendar facts used below (from holidays 0.109, language="vi", checked against the
# government's announcements): 2026-03-02 is a Monday; Tết 2025 = Mon 27/1 – Sat 1/2;
# Tết 2026 = Mon 16/2 – Fri 20/2; Tết 2027 = Thu 4/2 – Wed 10/2; Giỗ Tổ 2026 = Sun 26/4,
# observed Mon 27/4; 2/9 with its neighbour: 2025 = Mon 1/9 + Tue 2/9, 2026 = Tue 1/9 +
# Wed 2/9 (and Mon 31/8 off, swapped for Sat 22/8), 2027 = Thu 2/9 + Fri 3/9; swaps: Sat
# 26/4/2025 worked for Fri 2/5/2025 off; 1/1/2028 is a Saturday, observed Mon 3/1/2028.


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def d(text: str) -> date:
    return date.fromisoformat(text)


CAL = WorkingCalendar()


# ----------------------------------------------------------------------------- default calendar

DEFAULT_CASES = [
    # (start, working hours, expected due, why)
    ("2026-03-02 10:00", 1, "2026-03-02 11:00", "10:00 + 1 h inside the morning period"),
    (
        "2026-03-02 10:00",
        2,
        "2026-03-02 14:00",
        "lunch break: 10:00-11:30 gives 1.5 h, the last 0.5 h runs 13:30-14:00",
    ),
    ("2026-03-02 11:00", 0.5, "2026-03-02 11:30", "lands exactly on 11:30: 11:30, not 13:30"),
    ("2026-03-02 07:30", 4, "2026-03-02 11:30", "a full morning 07:30-11:30 ends at 11:30"),
    ("2026-03-02 13:30", 4, "2026-03-02 17:30", "a full afternoon ends at 17:30, not next day"),
    ("2026-03-02 11:30", 0.5, "2026-03-02 14:00", "start at 11:30 (closed): runs 13:30-14:00"),
    ("2026-03-02 12:00", 1, "2026-03-02 14:30", "start at lunch: clock starts 13:30, +1 h"),
    ("2026-03-02 06:00", 1, "2026-03-02 08:30", "start before opening: 07:30 + 1 h"),
    ("2026-03-02 07:29", 1, "2026-03-02 08:30", "one minute before opening: 07:30 + 1 h"),
    ("2026-03-02 19:00", 1, "2026-03-03 08:30", "evening start: Tue 07:30 + 1 h"),
    ("2026-03-02 17:30", 0.5, "2026-03-03 08:00", "start at closing: Tue 07:30 + 0.5 h"),
    (
        "2026-03-02 13:30",
        8,
        "2026-03-03 11:30",
        "4 h Mon afternoon + 4 h Tue morning: ends on Tue 11:30",
    ),
    ("2026-03-07 09:00", 1, "2026-03-09 08:30", "Saturday start: Mon 07:30 + 1 h"),
    ("2026-03-08 23:59", 8, "2026-03-09 17:30", "Sunday night start: all of Monday"),
    (
        "2026-03-06 16:30",
        2,
        "2026-03-09 08:30",
        "Fri 16:30-17:30 gives 1 h, weekend skipped, Mon 07:30-08:30 the other",
    ),
    ("2026-03-02 10:15", 0.25, "2026-03-02 10:30", "a quarter hour = 15 minutes"),
    ("2026-03-02 10:00", 1 / 60, "2026-03-02 10:01", "one minute"),
    ("2026-03-02 10:00:45", 1, "2026-03-02 11:00", "seconds of the start are dropped"),
    ("2026-03-02 10:00", 0, "2026-03-02 10:00", "zero in working time: the start itself"),
    ("2026-03-02 12:00", 0, "2026-03-02 13:30", "zero at lunch: the next working moment"),
    ("2026-03-07 09:00", 0, "2026-03-09 07:30", "zero on Saturday: Monday 07:30"),
]


@pytest.mark.parametrize(("start", "hours", "expected", "why"), DEFAULT_CASES)
def test_add_working_hours_default_calendar(
    start: str, hours: float, expected: str, why: str
) -> None:
    assert CAL.add_working_hours(at(start), hours) == at(expected), why


HOLIDAY_CASES = [
    # Tết 2025: Mon 27/1 - Sat 1/2 off, 25-26/1 and 2/2 weekend days: Fri 24/1 -> Mon 3/2.
    ("2025-01-24 16:30", 2, "2025-02-03 08:30", "Fri 1 h, Tết 2025, Mon 3/2 07:30-08:30"),
    # Tết 2026: Mon 16/2 - Fri 20/2 off with both weekends: Fri 13/2 -> Mon 23/2.
    # Fri 14:00-17:30 = 3.5 h; Mon 23/2 = 8 h (11.5); Tue 24/2 07:30-11:30 (15.5) + 13:30-14:00.
    ("2026-02-13 14:00", 16, "2026-02-24 14:00", "two working days over Tết 2026"),
    ("2026-02-16 09:00", 1, "2026-02-23 08:30", "start on Giao thừa 2026: Mon 23/2 07:30 + 1 h"),
    # Tết 2027: Thu 4/2 - Wed 10/2 off (6-7/2 weekend inside): Wed 3/2 17:00 -> Thu 11/2.
    ("2027-02-03 17:00", 1, "2027-02-11 08:00", "0.5 h Wed 3/2, 0.5 h Thu 11/2 after Tết 2027"),
    # Giỗ Tổ 2026 (deadlines.md §5): Fri 24/4 14:00-17:30 3.5 h; 25-26/4 weekend; 27/4
    # observed day off; Tue 28/4 8 h (11.5); Wed 29/4 07:30-11:30 (15.5) + 13:30-14:00.
    ("2026-04-24 14:00", 16, "2026-04-29 14:00", "Giỗ Tổ on Sunday, observed Monday"),
    # 30/4 (Thu) and 1/5 (Fri) 2026 then the weekend: Wed 29/4 16:30 + 1 h there, 1 h Mon 4/5.
    ("2026-04-29 16:30", 2, "2026-05-04 08:30", "30/4 and 1/5 2026 joined to a weekend"),
    # 2025: 30/4 Wed, 1/5 Thu, 2/5 Fri (swapped for Sat 26/4), weekend: Tue 29/4 -> Mon 5/5.
    ("2025-04-29 17:00", 1, "2025-05-05 08:00", "30/4-2/5/2025 off, then the weekend"),
    # 2/9/2025: Mon 1/9 and Tue 2/9 off: Fri 29/8 17:00-17:30, weekend, Wed 3/9 07:30-08:00.
    ("2025-08-29 17:00", 1, "2025-09-03 08:00", "1/9 and 2/9 2025"),
    # 2/9/2026: Mon 31/8 (swap), Tue 1/9, Wed 2/9 off: Fri 28/8 -> Thu 3/9.
    ("2026-08-28 17:00", 1, "2026-09-03 08:00", "31/8 swap day, 1/9 and 2/9 2026"),
    # 2/9/2027: Thu 2/9 and Fri 3/9 off, then the weekend: Wed 1/9 -> Mon 6/9.
    ("2027-09-01 17:00", 1, "2027-09-06 08:00", "2/9 and 3/9 2027 joined to a weekend"),
    # Government swap days: Sat 22/8/2026 and Sat 26/4/2025 are working days.
    ("2026-08-21 17:00", 1, "2026-08-22 08:00", "Sat 22/8/2026 is a swap working day"),
    ("2025-04-25 17:00", 1, "2025-04-26 08:00", "Sat 26/4/2025 is a swap working day"),
    # Year ends.
    # New Year 2026 (Công văn 12729/VPCP-KGVX, 25/12/2025): Fri 2/1 off, Sat 10/1 worked.
    ("2025-12-31 17:00", 1, "2026-01-05 08:00", "Thu 1/1 and Fri 2/1/2026 off -> Mon 5/1"),
    ("2026-01-09 17:00", 1, "2026-01-10 08:00", "Sat 10/1/2026 is a make-up working day"),
    ("2026-12-31 17:00", 1, "2027-01-04 08:00", "Thu 31/12 -> Fri 1/1 off, weekend, Mon 4/1"),
    ("2027-12-31 16:30", 2, "2028-01-04 08:30", "1/1/2028 Sat, observed Mon 3/1: Tue 4/1"),
    ("2025-12-31 13:30", 8, "2026-01-05 11:30", "4 h on 31/12, 4 h on Mon 5/1/2026 morning"),
    # 24/11/2026 (Ngày Văn hóa Việt Nam): legal basis pending, so a working day by default.
    ("2026-11-23 17:00", 1, "2026-11-24 08:00", "Tue 24/11/2026 counts as a working day"),
]


@pytest.mark.parametrize(("start", "hours", "expected", "why"), HOLIDAY_CASES)
def test_add_working_hours_across_holidays(
    start: str, hours: float, expected: str, why: str
) -> None:
    assert CAL.add_working_hours(at(start), hours) == at(expected), why


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-03-02", True),  # an ordinary Monday
        ("2026-03-07", False),  # Saturday
        ("2026-03-08", False),  # Sunday
        ("2025-01-27", False),  # 29 Tết 2025
        ("2025-02-01", False),  # Mùng bốn 2025 (a Saturday anyway)
        ("2025-02-03", True),  # first working day after Tết 2025
        ("2026-02-16", False),  # Giao thừa 2026
        ("2026-02-20", False),  # Mùng bốn 2026
        ("2026-02-23", True),  # first working day after Tết 2026
        ("2027-02-04", False),  # 29 Tết 2027
        ("2027-02-10", False),  # Mùng năm 2027
        ("2027-02-11", True),  # first working day after Tết 2027
        ("2026-04-26", False),  # Giỗ Tổ 2026, a Sunday
        ("2026-04-27", False),  # its observed day
        ("2026-04-28", True),
        ("2025-09-01", False),  # the day next to 2/9/2025
        ("2025-09-02", False),
        ("2026-08-22", True),  # Saturday made a working day (swap for 31/8)
        ("2026-08-31", False),  # the swapped day off
        ("2025-04-26", True),  # Saturday made a working day (swap for 2/5)
        ("2025-05-02", False),
        ("2026-01-01", False),
        ("2028-01-03", False),  # observed New Year 2028
    ],
)
def test_is_working_day(day: str, working: bool) -> None:
    assert CAL.is_working_day(d(day)) is working


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("2026-02-16", "Giao thừa Tết Nguyên Đán"),
        ("2026-02-17", "Tết Nguyên Đán"),
        ("2026-04-26", "Ngày Giỗ Tổ Hùng Vương"),
        ("2026-04-27", "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
        ("2026-08-31", "Ngày nghỉ (thay cho ngày 22/08/2026)"),
        ("2025-09-02", "Quốc khánh"),
        ("2026-01-01", "Tết Dương lịch"),
        ("2026-03-02", None),
        ("2026-03-07", None),  # a weekend is not a holiday
    ],
)
def test_holiday_name_in_vietnamese(day: str, name: str | None) -> None:
    assert CAL.holiday_name(d(day)) == name


def test_government_swap_days_and_public_holiday_lists() -> None:
    # The swap Saturdays in 2025-2026, per the facts above; Sat 10/1/2026 comes from Công văn
    # 12729/VPCP-KGVX (25/12/2025), which holidays 0.109 lacks.
    assert government_workdays(2025) == {d("2025-04-26")}
    assert government_workdays(2026) == {d("2026-01-10"), d("2026-08-22")}
    assert CAL.is_government_workday(d("2026-08-22"))
    assert not CAL.is_government_workday(d("2026-08-29"))
    # Tết 2026 is five weekdays, 16/2-20/2.
    tet = [day for day, name in public_holidays(2026).items() if "Tết Nguyên Đán" in name]
    assert sorted(tet) == [d(f"2026-02-{n}") for n in range(16, 21)]


@pytest.mark.parametrize(
    ("moment", "working"),
    [
        ("2026-03-02 07:29", False),
        ("2026-03-02 07:30", True),
        ("2026-03-02 11:29", True),
        ("2026-03-02 11:30", False),  # a period's end is outside working time
        ("2026-03-02 12:00", False),
        ("2026-03-02 13:30", True),
        ("2026-03-02 17:29", True),
        ("2026-03-02 17:30", False),
        ("2026-03-07 09:00", False),  # Saturday
        ("2026-04-27 09:00", False),  # observed Giỗ Tổ
    ],
)
def test_is_working_time(moment: str, working: bool) -> None:
    assert CAL.is_working_time(at(moment)) is working


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-03-02 07:29", "2026-03-02 07:30"),  # before opening
        ("2026-03-02 10:00", "2026-03-02 10:00"),  # already working time
        ("2026-03-02 11:30", "2026-03-02 13:30"),  # lunch
        ("2026-03-06 17:30", "2026-03-09 07:30"),  # Friday closing -> Monday
        ("2026-03-07 09:00", "2026-03-09 07:30"),  # deadlines.md §5: Saturday -> Mon 07:30
        ("2026-02-15 10:00", "2026-02-23 07:30"),  # Sunday before Tết 2026 -> after it
    ],
)
def test_next_working_moment(moment: str, expected: str) -> None:
    assert CAL.next_working_moment(at(moment)) == at(expected)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-03-02", "2026-03-02 17:30"),  # a working Monday
        ("2026-03-07", "2026-03-09 17:30"),  # Saturday: the first working day after it
        ("2026-02-14", "2026-02-23 17:30"),  # across Tết 2026
    ],
)
def test_end_of_working_day(day: str, expected: str) -> None:
    assert CAL.end_of_working_day(d(day)) == at(expected)


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        ("2026-03-02 10:00", "2026-03-02 14:00", 2.0),  # 1.5 h morning + 0.5 h afternoon
        ("2026-03-02 14:00", "2026-03-02 10:00", 0.0),  # end before start
        ("2026-03-02 10:00", "2026-03-02 10:00", 0.0),  # same instant
        ("2026-03-06 16:30", "2026-03-09 08:30", 2.0),  # 1 h Friday + 1 h Monday
        ("2026-03-07 08:00", "2026-03-08 17:00", 0.0),  # a whole weekend
        ("2026-03-02 12:00", "2026-03-02 13:00", 0.0),  # inside the lunch break
        ("2026-02-13 14:00", "2026-02-24 14:00", 16.0),  # 3.5 + 8 + 4.5 over Tết 2026
        ("2025-12-31 16:30", "2026-01-05 08:30", 2.0),  # 1 h on 31/12, 1 h on Mon 5/1
        ("2026-03-02 10:00", "2026-03-02 10:20", 1 / 3),  # twenty minutes
    ],
)
def test_working_hours_between(start: str, end: str, hours: float) -> None:
    assert CAL.working_hours_between(at(start), at(end)) == hours


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # deadlines.md §5: Mon 10:00 + 3 days (24 h) = Thu 10:00.
        ("2026-03-02 10:00", 3, "2026-03-05 10:00"),
        # half a day = 4 h: 10:00-11:30 1.5 h, then 13:30 + 2.5 h = 16:00.
        ("2026-03-02 10:00", 0.5, "2026-03-02 16:00"),
        # deadlines.md §5: Fri 24/4/2026 14:00 + 2 days (16 h) = Wed 29/4 14:00.
        ("2026-04-24 14:00", 2, "2026-04-29 14:00"),
        # 60 working days from Mon 5/1/2026 07:30: weekdays to Fri 27/3 are 60 days of which
        # 5 are Tết (16-20/2), plus Sat 10/1 worked (12729/VPCP-KGVX), so 56 days by 27/3;
        # Mon 30/3 - Thu 2/4 add the last 4: Thu 2/4 17:30.
        ("2026-01-05 07:30", 60, "2026-04-02 17:30"),
    ],
)
def test_add_working_days(start: str, days: float, expected: str) -> None:
    assert CAL.hours_per_day == 8.0
    assert CAL.add_working_days(at(start), days) == at(expected)


def test_negative_minutes_go_back_to_a_period_end() -> None:
    # Mon 9/3 08:30 back 2 h: 1 h to Mon 07:30, the other hour from Fri 17:30 back to 16:30.
    assert CAL.add_working_minutes(at("2026-03-09 08:30"), -120) == at("2026-03-06 16:30")
    # Mon 9/3 08:30 back exactly 1 h: Mon 07:30 and Fri 17:30 are the same working moment;
    # as a deadline it is the period end, Fri 17:30.
    assert CAL.add_working_minutes(at("2026-03-09 08:30"), -60) == at("2026-03-06 17:30")


def test_table_grows_backward_and_forward() -> None:
    cal = WorkingCalendar()
    # First use in 2027, then in 2025 (the table is rebuilt from 2025), then 2028.
    assert cal.add_working_hours(at("2027-02-03 17:00"), 1) == at("2027-02-11 08:00")
    assert cal.add_working_hours(at("2025-01-24 16:30"), 2) == at("2025-02-03 08:30")
    assert cal.add_working_hours(at("2027-12-31 16:30"), 2) == at("2028-01-04 08:30")
    assert cal.working_hours_between(at("2025-12-31 16:30"), at("2026-01-05 08:30")) == 2.0


def test_aware_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_hours(datetime(2026, 3, 2, 10, tzinfo=UTC), 1)


# ----------------------------------------------------------------------------- office settings

OFFICE = WorkingCalendar(
    days_off={d("2026-03-10"), d("2026-08-22")},  # a Tuesday, and the government's swap Saturday
    workdays={d("2026-03-14"), d("2026-04-27")},  # a Saturday, and the observed Giỗ Tổ
)


@pytest.mark.parametrize(
    ("start", "hours", "expected", "why"),
    [
        ("2026-03-09 17:00", 1, "2026-03-11 08:00", "0.5 h Mon, Tue 10/3 off, Wed 07:30-08:00"),
        ("2026-03-13 17:00", 1, "2026-03-14 08:00", "0.5 h Fri, make-up Sat 14/3 07:30-08:00"),
        # Fri 24/4 3.5 h; weekend; 27/4 now worked: 8 h (11.5); Tue 28/4 07:30-11:30, 13:30-14:00.
        ("2026-04-24 14:00", 16, "2026-04-28 14:00", "observed holiday made a working day"),
        # The office takes the swap Saturday off: Fri 21/8 17:00-17:30, then Mon 24/8 07:30-08:00.
        ("2026-08-21 17:00", 1, "2026-08-24 08:00", "office day off wins over a swap day"),
    ],
)
def test_office_days_off_and_make_up_days(
    start: str, hours: float, expected: str, why: str
) -> None:
    assert OFFICE.add_working_hours(at(start), hours) == at(expected), why


def test_office_overrides_keep_the_public_name() -> None:
    assert OFFICE.is_working_day(d("2026-04-27"))
    assert OFFICE.holiday_name(d("2026-04-27")) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert not OFFICE.is_working_day(d("2026-03-10"))
    assert OFFICE.periods_on(d("2026-03-10")) == ()
    assert OFFICE.periods_on(d("2026-03-14")) == (
        (time(7, 30), time(11, 30)),
        (time(13, 30), time(17, 30)),
    )


def test_a_day_both_off_and_working_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        WorkingCalendar(days_off={d("2026-03-10")}, workdays={d("2026-03-10")})
    assert err.value.code == "calendar.day.off_and_working"


def test_without_public_holidays() -> None:
    cal = WorkingCalendar(public_holidays=False, days_off={d("2026-03-10")})
    # 27/4/2026 is then an ordinary Monday; Fri 24/4 14:00 + 16 h: 3.5 + 8 (Mon 27) + 4.5 Tue 28.
    assert cal.add_working_hours(at("2026-04-24 14:00"), 16) == at("2026-04-28 14:00")
    assert cal.holiday_name(d("2026-04-27")) is None
    assert not cal.is_working_day(d("2026-03-10"))
    assert not cal.is_working_day(d("2026-08-22"))  # no swap Saturday either


# ----------------------------------------------------------------------------- custom periods

ISSUE_PERIODS = WorkingCalendar(periods=[(time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))])
TEA_BREAK = WorkingCalendar(
    periods=[(time(7, 30), time(9, 0)), (time(9, 15), time(11, 30)), (time(13, 30), time(17, 30))]
)
MORNINGS = WorkingCalendar(periods=[(time(8, 0), time(12, 0))])


@pytest.mark.parametrize(
    ("cal", "start", "hours", "expected", "why"),
    [
        (ISSUE_PERIODS, "2026-03-02 06:45", 1, "2026-03-02 08:00", "opens 07:00: 07:00 + 1 h"),
        (ISSUE_PERIODS, "2026-03-02 11:00", 1, "2026-03-02 14:00", "0.5 h to 11:30, 13:30-14:00"),
        (ISSUE_PERIODS, "2026-03-02 16:30", 1, "2026-03-03 07:30", "closes 17:00: Tue 07:00-07:30"),
        (ISSUE_PERIODS, "2026-03-02 07:00", 4.5, "2026-03-02 11:30", "full 4.5 h morning"),
        (TEA_BREAK, "2026-03-02 08:30", 1, "2026-03-02 09:45", "0.5 h to 09:00, 09:15-09:45"),
        (TEA_BREAK, "2026-03-02 08:30", 0.5, "2026-03-02 09:00", "lands on the tea break start"),
        (MORNINGS, "2026-03-02 11:00", 2, "2026-03-03 09:00", "1 h Mon, Tue 08:00-09:00"),
    ],
)
def test_custom_periods(
    cal: WorkingCalendar, start: str, hours: float, expected: str, why: str
) -> None:
    assert cal.add_working_hours(at(start), hours) == at(expected), why


def test_hours_per_day_follows_the_periods() -> None:
    assert ISSUE_PERIODS.hours_per_day == 8.0  # 4.5 h + 3.5 h
    assert TEA_BREAK.hours_per_day == 7.75  # 1.5 + 2.25 + 4
    assert MORNINGS.hours_per_day == 4.0
    # 1.5 days of 4 h = 6 h from Mon 08:00: 4 h Mon, Tue 08:00-10:00.
    assert MORNINGS.add_working_days(at("2026-03-02 08:00"), 1.5) == at("2026-03-03 10:00")


@pytest.mark.parametrize(
    ("periods", "code"),
    [
        ([], "calendar.periods.empty"),
        ([(time(11, 0), time(9, 0))], "calendar.period.end_before_start"),
        ([(time(9, 0), time(9, 0))], "calendar.period.end_before_start"),
        ([(time(7, 0), time(12, 0)), (time(11, 0), time(17, 0))], "calendar.periods.overlap"),
        ([(time(13, 0), time(17, 0)), (time(7, 0), time(11, 0))], "calendar.periods.overlap"),
        ([(time(7, 0, 30), time(11, 0))], "calendar.period.whole_minutes"),
    ],
)
def test_bad_periods_are_refused(periods: list[tuple[time, time]], code: str) -> None:
    with pytest.raises(ValidationError) as err:
        WorkingCalendar(periods=periods)
    assert err.value.code == code


# ----------------------------------------------------------------------------- seasons

SUMMER = [(time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))]  # 4.5 + 3.5 = 8 h
WINTER = [(time(7, 30), time(11, 30)), (time(13, 30), time(17, 30))]  # 4 + 4 = 8 h
SEASONAL = WorkingCalendar(
    # Given out of order on purpose; periods= is ignored when seasons are given.
    periods=[(time(9, 0), time(10, 0))],
    seasons=[Season(starts=(10, 15), periods=WINTER), Season(starts=(4, 15), periods=SUMMER)],
)


@pytest.mark.parametrize(
    ("start", "hours", "expected", "why"),
    [
        # Tue 14/4/2026 is still winter (closes 17:30); Wed 15/4 summer opens 07:00.
        ("2026-04-14 17:00", 1, "2026-04-15 07:30", "0.5 h winter Tue, 07:00-07:30 summer Wed"),
        # Wed 14/10/2026 is still summer (closes 17:00); Thu 15/10 winter opens 07:30.
        ("2026-10-14 16:30", 1, "2026-10-15 08:00", "0.5 h summer Wed, 07:30-08:00 winter Thu"),
        # January wraps round to the last season of the year before: winter.
        ("2026-01-05 11:00", 1, "2026-01-05 14:00", "winter: 0.5 h to 11:30, 13:30-14:00"),
        ("2026-06-01 11:00", 1, "2026-06-01 14:00", "summer: 0.5 h to 11:30, 13:30-14:00"),
        ("2026-06-01 16:30", 1, "2026-06-02 07:30", "summer: 0.5 h to 17:00, 07:00-07:30"),
    ],
)
def test_seasonal_switch_over(start: str, hours: float, expected: str, why: str) -> None:
    assert SEASONAL.add_working_hours(at(start), hours) == at(expected), why


def test_periods_on_follow_the_season() -> None:
    assert SEASONAL.periods_on(d("2026-01-05")) == tuple(WINTER)  # wraps round: winter
    assert SEASONAL.periods_on(d("2026-04-14")) == tuple(WINTER)  # day before the switch
    assert SEASONAL.periods_on(d("2026-04-15")) == tuple(SUMMER)  # the switch day
    assert SEASONAL.periods_on(d("2026-10-14")) == tuple(SUMMER)
    assert SEASONAL.periods_on(d("2026-10-15")) == tuple(WINTER)
    assert SEASONAL.periods_on(d("2026-04-18")) == ()  # a Saturday
    assert SEASONAL.hours_per_day == 8.0
    assert SEASONAL.end_of_working_day(d("2026-06-01")) == at("2026-06-01 17:00")
    assert SEASONAL.end_of_working_day(d("2026-12-01")) == at("2026-12-01 17:30")


@pytest.mark.parametrize(
    ("seasons", "code"),
    [
        (
            [Season((4, 15), SUMMER), Season((10, 15), [(time(8, 0), time(12, 0))])],
            "calendar.seasons.unequal_hours",
        ),
        ([Season((4, 15), SUMMER), Season((4, 15), WINTER)], "calendar.season.duplicate_start"),
        ([Season((2, 30), SUMMER)], "calendar.season.bad_start"),
        ([Season((4, 15), [])], "calendar.periods.empty"),
    ],
)
def test_bad_seasons_are_refused(seasons: list[Season], code: str) -> None:
    with pytest.raises(ValidationError) as err:
        WorkingCalendar(seasons=seasons)
    assert err.value.code == code


def test_a_whole_year_off_is_skipped() -> None:
    # Every day of 2026 off and no holidays source: the clock moves on to 2027.
    days = {
        date.fromordinal(n) for n in range(d("2026-01-01").toordinal(), d("2027-01-01").toordinal())
    }
    cal = WorkingCalendar(days_off=days, public_holidays=False)
    # 2026 is empty; without the holidays source Fri 1/1/2027 is an ordinary working day,
    # so a 1 h span from 2026 runs 07:30-08:30 on 1/1/2027.
    assert cal.add_working_hours(at("2026-06-01 10:00"), 1) == at("2027-01-01 08:30")
