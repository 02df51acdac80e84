"""The shipped table of the government's decisions, day by day, and `holidays` checked against it.

Sources (also in the table): Công văn 8726/VPCP-KGVX (26/11/2024, Tết 2025: 25/1-2/2/2025);
Công văn 12729/VPCP-KGVX (25/12/2025: Fri 2/1/2026 off, Sat 10/1/2026 worked); the Government
Office's letter reported on 13/10/2025 (Tết 2026: 14/2-22/2; Quốc khánh 2026: 29/8-2/9, Mon
31/8 swapped for Sat 22/8); Bộ luật Lao động 2019 art. 111-112 for the fixed dates; 24/11 (Ngày
Văn hóa Việt Nam) still a proposal to amend art. 112 in 2026 (vnexpress, 17/01/2026).
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from holidays.utils import country_holidays

from tthc_desk.domain.calendar import (
    WorkingCalendar,
    government_workdays,
    pending_holidays,
    public_holidays,
)
from tthc_desk.domain.civil_service import (
    DaySource,
    GovernmentDayKind,
    government_day,
    government_table,
    years_to_confirm,
)

TABLE = government_table()
CAL = WorkingCalendar()
ALL_DAYS = sorted(TABLE.days.values(), key=lambda g: g.day)

# Every day of the shipped data, with the source it must carry: (date, kind, source, number).
EXPECTED = [
    ("2025-01-01", "holiday", "law", "45/2019/QH14"),
    ("2025-01-27", "holiday", "notice", "8726/VPCP-KGVX"),
    ("2025-01-28", "holiday", "notice", "8726/VPCP-KGVX"),
    ("2025-01-29", "holiday", "notice", "8726/VPCP-KGVX"),
    ("2025-01-30", "holiday", "notice", "8726/VPCP-KGVX"),
    ("2025-01-31", "holiday", "notice", "8726/VPCP-KGVX"),
    ("2025-04-07", "holiday", "law", "45/2019/QH14"),
    ("2025-04-26", "workday", "notice", "8726/VPCP-KGVX"),
    ("2025-04-30", "holiday", "law", "45/2019/QH14"),
    ("2025-05-01", "holiday", "law", "45/2019/QH14"),
    ("2025-05-02", "day_off", "notice", "8726/VPCP-KGVX"),
    ("2025-09-01", "holiday", "notice", "8726/VPCP-KGVX"),
    ("2025-09-02", "holiday", "law", "45/2019/QH14"),
    ("2026-01-01", "holiday", "law", "45/2019/QH14"),
    ("2026-01-02", "day_off", "notice", "12729/VPCP-KGVX"),
    ("2026-01-10", "workday", "notice", "12729/VPCP-KGVX"),
    ("2026-02-16", "holiday", "notice", "VPCP-KGVX (10/2025)"),
    ("2026-02-17", "holiday", "notice", "VPCP-KGVX (10/2025)"),
    ("2026-02-18", "holiday", "notice", "VPCP-KGVX (10/2025)"),
    ("2026-02-19", "holiday", "notice", "VPCP-KGVX (10/2025)"),
    ("2026-02-20", "holiday", "notice", "VPCP-KGVX (10/2025)"),
    ("2026-04-27", "holiday", "law", "45/2019/QH14"),
    ("2026-04-30", "holiday", "law", "45/2019/QH14"),
    ("2026-05-01", "holiday", "law", "45/2019/QH14"),
    ("2026-08-22", "workday", "notice", "VPCP-KGVX (10/2025)"),
    ("2026-08-31", "day_off", "notice", "VPCP-KGVX (10/2025)"),
    ("2026-09-01", "holiday", "notice", "VPCP-KGVX (10/2025)"),
    ("2026-09-02", "holiday", "law", "45/2019/QH14"),
    ("2026-11-24", "pending", "pending", "(dự thảo sửa đổi Bộ luật Lao động, Điều 112)"),
    ("2027-01-01", "holiday", "law", "45/2019/QH14"),
    ("2027-02-04", "holiday", "law", "(chưa có quyết định)"),
    ("2027-02-05", "holiday", "law", "(chưa có quyết định)"),
    ("2027-02-08", "holiday", "law", "(chưa có quyết định)"),
    ("2027-02-09", "holiday", "law", "(chưa có quyết định)"),
    ("2027-02-10", "holiday", "law", "(chưa có quyết định)"),
    ("2027-04-16", "holiday", "law", "45/2019/QH14"),
    ("2027-04-30", "holiday", "law", "45/2019/QH14"),
    ("2027-05-03", "holiday", "law", "45/2019/QH14"),
    ("2027-09-02", "holiday", "law", "45/2019/QH14"),
    ("2027-09-03", "holiday", "law", "(chưa có quyết định)"),
    ("2027-11-24", "pending", "pending", "(dự thảo sửa đổi Bộ luật Lao động, Điều 112)"),
]


def test_the_table_holds_exactly_the_expected_days() -> None:
    assert [g.day.isoformat() for g in ALL_DAYS] == [e[0] for e in EXPECTED]


@pytest.mark.parametrize(("day", "kind", "source", "number"), EXPECTED)
def test_each_day_with_its_source_and_its_effect(
    day: str, kind: str, source: str, number: str
) -> None:
    d = date.fromisoformat(day)
    g = government_day(d)
    assert g is not None
    assert (g.kind.value, g.source.value, g.notice.number) == (kind, source, number)
    assert g.name and g.notice.title and g.notice.issuer
    # A notice that the table could confirm carries its date and a link to where it was read.
    if g.source is DaySource.NOTICE and g.confirmed:
        assert g.notice.issued is not None and g.notice.url
    # What the day does to the clock: holidays and swapped days off are closed; make-up
    # Saturdays and days whose legal basis is pending are working days.
    working = g.kind in (GovernmentDayKind.WORKDAY, GovernmentDayKind.PENDING)
    assert CAL.is_working_day(d) is working
    if g.kind is GovernmentDayKind.WORKDAY:
        assert d.weekday() >= 5 and CAL.is_government_workday(d)
    if g.kind is GovernmentDayKind.PENDING:
        assert CAL.pending_holiday(d) == g.name and d not in public_holidays(d.year)
    if g.kind is GovernmentDayKind.DAY_OFF:
        assert d.weekday() < 5 and d in public_holidays(d.year)


def test_unconfirmed_facts_are_marked_as_such() -> None:
    # What the table could not confirm from the notice (or a report of it) says so.
    unconfirmed = {g.day.isoformat() for g in ALL_DAYS if not g.confirmed}
    assert unconfirmed == {
        "2025-04-26",
        "2025-05-02",
        "2025-09-01",
        "2027-02-04",
        "2027-02-05",
        "2027-02-08",
        "2027-02-09",
        "2027-02-10",
        "2027-09-03",
    }
    for g in ALL_DAYS:
        if not g.confirmed:
            assert "UNCONFIRMED" in g.notice.note


def _weekdays_off(year: int, is_working) -> set[date]:  # type: ignore[no-untyped-def]
    d, out = date(year, 1, 1), set()
    while d.year == year:
        if d.weekday() < 5 and not is_working(d):
            out.add(d)
        d += timedelta(days=1)
    return out


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_the_calendar_of_each_year_is_the_table(year: int) -> None:
    """Every weekday off and every Saturday worked of the year comes from the table."""
    off = {
        g.day
        for g in TABLE.year(year).days  # type: ignore[union-attr]
        if g.kind in (GovernmentDayKind.HOLIDAY, GovernmentDayKind.DAY_OFF)
    }
    assert _weekdays_off(year, CAL.is_working_day) == off
    worked = {g.day for g in TABLE.year(year).days if g.kind is GovernmentDayKind.WORKDAY}  # type: ignore[union-attr]
    assert government_workdays(year) == worked
    assert set(pending_holidays(year)) == {date(year, 11, 24)} - {date(2025, 11, 24)}


def test_holidays_package_checked_against_the_notices() -> None:
    """A library's data is checked, not trusted: holidays 0.109 against the table.

    The differences are exactly the known ones, and the table corrects them: 2/1/2026 off and
    10/1/2026 worked (Công văn 12729/VPCP-KGVX, 25/12/2025) are missing from the package, and
    the package has 24/11 off although its legal basis was a proposal in 2026.
    """
    assert holidays.__version__ == TABLE.holidays_version == "0.109"
    vn = country_holidays("VN", years=(2024, 2025, 2026, 2027, 2028), language="vi")
    missing_off: set[date] = set()
    extra_off: set[date] = set()
    for year in (2025, 2026, 2027):
        package = _weekdays_off(year, vn.is_working_day)
        table = _weekdays_off(year, CAL.is_working_day)
        missing_off |= table - package
        extra_off |= package - table
    assert missing_off == {date(2026, 1, 2)}
    assert extra_off == {date(2026, 11, 24), date(2027, 11, 24)}
    package_saturdays = {d for d in vn.weekend_workdays if 2025 <= d.year <= 2027}
    table_saturdays = {g.day for g in ALL_DAYS if g.kind is GovernmentDayKind.WORKDAY}
    assert table_saturdays - package_saturdays == {date(2026, 1, 10)}
    assert package_saturdays - table_saturdays == set()
    # Every law day and every Tết day of the table is a holiday in the package too.
    for g in ALL_DAYS:
        if g.kind is GovernmentDayKind.HOLIDAY:
            assert g.day in vn, g.day


def test_years_status() -> None:
    assert TABLE.year(2025).complete and TABLE.year(2026).complete  # type: ignore[union-attr]
    assert not TABLE.year(2027).complete  # type: ignore[union-attr]
    assert TABLE.year(2028) is None


@pytest.mark.parametrize(
    ("today", "confirmed", "expected"),
    [
        ("2026-11-30", set(), (2026,)),  # before December: the current year only
        ("2026-11-30", {2026}, ()),
        ("2026-12-01", {2026}, (2027,)),  # from 1 December the next year asks too
        ("2026-12-31", set(), (2026, 2027)),
        ("2026-12-31", {2026, 2027}, ()),
        ("2027-01-01", {2026}, (2027,)),  # during the year, until confirmed
        ("2027-06-15", {2027}, ()),
    ],
)
def test_years_to_confirm(today: str, confirmed: set[int], expected: tuple[int, ...]) -> None:
    assert years_to_confirm(date.fromisoformat(today), confirmed) == expected
