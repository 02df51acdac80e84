"""Personal ID structure, phone numbers, dossier codes and the state machine (pure domain)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tthc_desk.domain import dossier_rules as rules
from tthc_desk.domain.calendar import WorkingCalendar
from tthc_desk.domain.deadlines import Timeliness
from tthc_desk.domain.enums import DossierState as S
from tthc_desk.domain.errors import Conflict, ValidationError
from tthc_desk.domain.personal_id import PROVINCE_CODES, parse_personal_id


def test_personal_id_parts() -> None:
    p = parse_personal_id("030 085 001234", 1985)
    assert (p.number, p.province, p.gender, p.birth_year) == (
        "030085001234",
        "Hải Dương",
        "male",
        1985,
    )
    assert parse_personal_id("001305000001").birth_year == 2005
    assert parse_personal_id("001305000001").gender == "female"
    assert parse_personal_id("079400000001").birth_year == 2100


@pytest.mark.parametrize(
    ("text", "year", "code"),
    [
        ("", None, "applicant.personal_id.empty"),
        ("03008500123", None, "applicant.personal_id.format"),
        ("0300850012345", None, "applicant.personal_id.format"),
        ("03008500123A", None, "applicant.personal_id.format"),
        ("003085001234", None, "applicant.personal_id.province"),  # 003 was never issued
        ("097085001234", None, "applicant.personal_id.province"),
        ("030085001234", 1986, "applicant.personal_id.birth_year"),
        ("030285001234", 1985, "applicant.personal_id.birth_year"),  # 2 = born in the 2000s
    ],
)
def test_personal_id_errors(text: str, year: int | None, code: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_personal_id(text, year)
    assert err.value.code == code


def test_province_list_is_the_issued_one() -> None:
    assert len(PROVINCE_CODES) == 63
    assert PROVINCE_CODES["001"] == "Hà Nội" and PROVINCE_CODES["096"] == "Cà Mau"
    assert "003" not in PROVINCE_CODES and "097" not in PROVINCE_CODES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("0220 3851 234", "02203851234"),
        ("", ""),
    ],
)
def test_phone_ok(text: str, expected: str) -> None:
    assert rules.normalise_phone(text) == expected


@pytest.mark.parametrize("text", ["091234567", "0112345678", "09123456789", "abc"])
def test_phone_bad(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        rules.normalise_phone(text)
    assert err.value.code == "applicant.phone"


def test_code_format_and_parse() -> None:
    code = rules.format_code("XANSON", date(2026, 3, 2), 7)
    assert code == "XANSON-260302-0007"
    assert rules.parse_code(code) == ("XANSON", date(2026, 3, 2), 7)
    with pytest.raises(ValidationError):
        rules.parse_code("XANSON-261302-0001")


def test_transitions() -> None:
    assert rules.next_state(S.SUBMITTED_ONLINE, rules.Action.RECEIVE) is S.RECEIVED
    for forbidden in (rules.Action.REFUSE, rules.Action.STOP):
        with pytest.raises(Conflict):  # an online dossier is never cancelled
            rules.next_state(S.SUBMITTED_ONLINE, forbidden)
    with pytest.raises(Conflict):
        rules.next_state(S.RETURNED, rules.Action.HANDOVER)
    assert rules.OPEN_STATES.isdisjoint(rules.ENDED_STATES)


def test_portal_timeliness() -> None:
    due = datetime(2026, 3, 5, 10, 0)
    assert rules.portal_timeliness(datetime(2026, 3, 5, 9, 0), due) is Timeliness.ON_TIME
    assert rules.portal_timeliness(datetime(2026, 3, 4, 17, 0), due) is Timeliness.EARLY
    assert rules.portal_timeliness(datetime(2026, 3, 5, 10, 1), due) is Timeliness.LATE
    # more than one supplement request counts as late
    assert rules.portal_timeliness(datetime(2026, 3, 4, 9, 0), due, 1) is Timeliness.EARLY
    assert rules.portal_timeliness(datetime(2026, 3, 4, 9, 0), due, 2) is Timeliness.LATE


def test_apology_deadline_is_one_working_day_before_the_day() -> None:
    """By date, not by clock (deadlines.md §3; issue 10 point 4)."""
    cal = WorkingCalendar()
    due = datetime(2026, 3, 5, 10, 0)  # Thursday
    assert rules.apology_last_day(cal, due) == date(2026, 3, 4)
    assert rules.apology_deadline(cal, due) == datetime(2026, 3, 4, 17, 30)
    assert not rules.apology_owed(cal, datetime(2026, 3, 3, 17, 30), due)
    assert rules.apology_owed(cal, datetime(2026, 3, 4, 7, 30), due)
    assert rules.apology_in_time(cal, datetime(2026, 3, 4, 17, 0), due) is True
    assert rules.apology_in_time(cal, datetime(2026, 3, 5, 8, 0), due) is False
    # due on a Monday: the Friday before
    assert rules.apology_last_day(cal, datetime(2026, 3, 9, 8, 0)) == date(2026, 3, 6)


def test_same_day_apology_cannot_be_given_in_advance() -> None:
    cal = WorkingCalendar()
    start, due = datetime(2026, 3, 4, 8, 0), datetime(2026, 3, 4, 17, 30)
    assert not rules.apology_possible_in_advance(cal, start, due)
    assert rules.apology_in_time(cal, datetime(2026, 3, 4, 16, 0), due, start) is None
    assert not rules.apology_owed(cal, datetime(2026, 3, 4, 9, 0), due, start)
    assert rules.apology_owed(cal, datetime(2026, 3, 4, 17, 31), due, start)
    # received after the cut-off, due the next day: it can be given on the day of intake
    assert rules.apology_possible_in_advance(cal, start, datetime(2026, 3, 5, 17, 30))
