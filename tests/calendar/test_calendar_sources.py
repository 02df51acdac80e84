"""The calendar's sources through the services: each day's source, the pending 24/11, the
year's confirmation and its reminder, and the import of the province's own announcement."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from tthc_desk.domain.civil_service import DaySource
from tthc_desk.domain.deadlines import ProcessingTime, due_at
from tthc_desk.domain.enums import DayKind
from tthc_desk.domain.errors import Conflict, Forbidden, ValidationError
from tthc_desk.persistence.models import AuditEntry, CalendarDay, Dossier
from tthc_desk.services import calendar as cs
from tthc_desk.services import calendar_import as ci

# --------------------------------------------------------------------- the public API, 2025-2027

# (date, working for civil servants) — each from the shipped table's source:
WORKING_DAYS = [
    ("2025-01-24", True),  # Fri before Tết 2025 (8726/VPCP-KGVX: off 25/1-2/2)
    ("2025-01-27", False),  # Tết Ất Tỵ
    ("2025-01-31", False),
    ("2025-02-03", True),  # back after Tết
    ("2025-02-08", False),  # an ordinary Saturday: no make-up day for Tết 2025
    ("2025-04-26", True),  # Sat worked for Fri 2/5/2025
    ("2025-05-02", False),
    ("2025-09-01", False),
    ("2025-09-02", False),
    ("2026-01-01", False),
    ("2026-01-02", False),  # 12729/VPCP-KGVX (holidays 0.109 has it working)
    ("2026-01-05", True),
    ("2026-01-10", True),  # Sat worked for Fri 2/1/2026 (holidays 0.109 has it off)
    ("2026-02-13", True),  # Fri before Tết Bính Ngọ (off 14/2-22/2)
    ("2026-02-16", False),
    ("2026-02-20", False),
    ("2026-02-23", True),
    ("2026-04-27", False),  # Giỗ Tổ on Sunday 26/4: compensatory day
    ("2026-04-30", False),
    ("2026-05-01", False),
    ("2026-08-22", True),  # Sat worked for Mon 31/8/2026
    ("2026-08-31", False),
    ("2026-09-01", False),
    ("2026-09-02", False),
    ("2026-09-03", True),
    ("2026-11-24", True),  # Ngày Văn hóa Việt Nam: legal basis pending, a working day
    ("2027-01-01", False),
    ("2027-02-04", False),  # Tết 2027 as holidays 0.109 has it (no decision yet)
    ("2027-02-10", False),
    ("2027-02-11", True),
    ("2027-04-16", False),
    ("2027-05-03", False),  # 1/5/2027 is a Saturday
    ("2027-09-03", False),
    ("2027-11-24", True),
]


@pytest.mark.parametrize(("day", "working"), WORKING_DAYS)
def test_the_stored_calendar_gives_the_civil_service_days(
    office_db, day: str, working: bool
) -> None:  # type: ignore[no-untyped-def]
    cal = cs.load_calendar(office_db)
    assert cal.is_working_day(date.fromisoformat(day)) is working


def test_a_due_date_across_new_year_2026(office_db) -> None:  # type: ignore[no-untyped-def]
    cal = cs.load_calendar(office_db)
    # Received Wed 31/12/2025 10:00, 3 working days (24 h): 5.5 h on 31/12; 1/1 and 2/1 off,
    # 3-4/1 weekend; Mon 5/1 8 h (13.5), Tue 6/1 8 h (21.5), Wed 7/1 07:30 + 2.5 h = 10:00.
    assert due_at(cal, datetime(2025, 12, 31, 10), ProcessingTime.days(3)) == datetime(
        2026, 1, 7, 10
    )
    # Received Fri 9/1/2026 14:00, 1 working day (8 h): 3.5 h on Fri; Sat 10/1 is worked:
    # 4 h in the morning (7.5), then 13:30 + 0.5 h = Sat 14:00 (holidays 0.109 gives Monday).
    assert due_at(cal, datetime(2026, 1, 9, 14), ProcessingTime.days(1)) == datetime(
        2026, 1, 10, 14, 0
    )


# --------------------------------------------------------------------- each day's source


def test_each_day_shows_its_source(office_db) -> None:  # type: ignore[no-untyped-def]
    year = cs.year_view(office_db, 2026)
    new_year = year.day(date(2026, 1, 1))
    assert (new_year.type, new_year.source) == (cs.DayType.HOLIDAY, DaySource.LAW)
    swap = year.day(date(2026, 1, 2))
    assert (swap.type, swap.source) == (cs.DayType.HOLIDAY, DaySource.NOTICE)
    assert swap.notice is not None and swap.notice.number == "12729/VPCP-KGVX"
    assert swap.notice.issued == date(2025, 12, 25) and swap.notice.url
    saturday = year.day(date(2026, 1, 10))
    assert (saturday.type, saturday.source, saturday.working) == (
        cs.DayType.GOVERNMENT_WORKDAY,
        DaySource.NOTICE,
        True,
    )
    culture = year.day(date(2026, 11, 24))
    assert (culture.type, culture.source, culture.working) == (
        cs.DayType.PENDING,
        DaySource.PENDING,
        True,
    )
    assert culture.pending_name == "Ngày Văn hóa Việt Nam" and culture.holiday_name is None
    assert year.day(date(2026, 3, 2)).source is None  # an ordinary Monday
    assert year.day(date(2026, 3, 7)).source is None  # an ordinary Saturday
    sources = {v.day: v.source for v in year.sourced_days}
    assert sources[date(2026, 2, 17)] is DaySource.NOTICE  # Tết: the days the PM fixed
    assert sources[date(2026, 4, 27)] is DaySource.LAW
    # 13 weekdays off (1-2/1, 16-20/2, 27/4, 30/4, 1/5, 31/8, 1-2/9) + Sunday 26/4 (Giỗ Tổ),
    # 2 Saturdays worked (10/1, 22/8), and 24/11 pending.
    assert len(year.sourced_days) == 17
    assert not cs.year_view(office_db, 2025).day(date(2025, 5, 2)).confirmed  # marked so


def test_the_administrator_marks_the_pending_day_off(office_db, users) -> None:  # type: ignore[no-untyped-def]
    nov24 = date(2026, 11, 24)
    assert cs.load_calendar(office_db).is_working_day(nov24)
    cs.apply_change(
        office_db,
        users["admin"].actor,
        cs.AddDay(nov24, DayKind.DAY_OFF, "Luật sửa đổi Điều 112 đã có hiệu lực"),
    )
    v = cs.year_view(office_db, 2026).day(nov24)
    assert (v.type, v.source, v.working) == (cs.DayType.OFFICE_DAY_OFF, DaySource.OFFICE, False)
    assert v.pending_name == "Ngày Văn hóa Việt Nam"
    assert not cs.load_calendar(office_db).is_working_day(nov24)


# --------------------------------------------------------------------- confirming a year


def test_confirming_a_year(office_db, users) -> None:  # type: ignore[no-untyped-def]
    status = cs.year_status(office_db, 2027)
    assert not status.confirmed and status.table_complete is False
    assert date(2027, 2, 4) in status.unconfirmed_days
    assert cs.year_status(office_db, 2026).table_complete is True
    assert cs.year_status(office_db, 2031).table_complete is None
    with pytest.raises(Forbidden):
        cs.confirm_year(office_db, users["canbo1"].actor, 2027)
    at = datetime(2026, 12, 5, 9, 0)
    done = cs.confirm_year(
        office_db, users["admin"].actor, 2027, "Đã đối chiếu Thông báo của UBND tỉnh", lambda: at
    )
    assert done.confirmed and done.confirmed_at == at and done.confirmed_by
    with pytest.raises(Conflict):
        cs.confirm_year(office_db, users["admin"].actor, 2027)
    with office_db.session() as s:
        [line] = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "calendar.year_confirmed")
        ).all()
        assert line.entity_id == "2027" and line.detail["table"] == "partial"


def test_the_reminder_from_1_december_of_the_year_before(office_db, users) -> None:  # type: ignore[no-untyped-def]
    def on(day: str):  # type: ignore[no-untyped-def]
        return lambda: datetime.fromisoformat(day + " 09:00")

    assert cs.calendar_reminder(office_db, on("2026-11-30")).years == (2026,)
    early_december = cs.calendar_reminder(office_db, on("2026-12-01"))
    assert early_december.years == (2026, 2027) and early_december.incomplete == (2027,)
    cs.confirm_year(office_db, users["admin"].actor, 2026)
    assert cs.calendar_reminder(office_db, on("2026-11-30")).years == ()
    assert not cs.calendar_reminder(office_db, on("2026-11-30"))
    assert cs.calendar_reminder(office_db, on("2026-12-01")).years == (2027,)
    assert cs.calendar_reminder(office_db, on("2027-03-01")).years == (2027,)  # during the year
    cs.confirm_year(office_db, users["admin"].actor, 2027)
    assert cs.calendar_reminder(office_db, on("2027-03-01")).years == ()


# --------------------------------------------------------------------- import

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//UBND tinh//Lich nghi//VI
BEGIN:VEVENT
UID:1@ubnd
DTSTAMP:20260201T000000Z
DTSTART;VALUE=DATE:20260304
DTEND;VALUE=DATE:20260306
SUMMARY:Nghỉ Lễ hội truyền thống của tỉnh
END:VEVENT
BEGIN:VEVENT
UID:2@ubnd
DTSTAMP:20260201T000000Z
DTSTART;VALUE=DATE:20260314
SUMMARY:Làm bù cho ngày 05/03/2026
END:VEVENT
BEGIN:VEVENT
UID:3@ubnd
DTSTAMP:20260201T000000Z
DTSTART;VALUE=DATE:20260307
SUMMARY:Nghỉ (thứ Bảy)
END:VEVENT
BEGIN:VEVENT
UID:4@ubnd
DTSTAMP:20260201T000000Z
DTSTART:20260102T080000
SUMMARY:Nghỉ Tết Dương lịch
END:VEVENT
END:VCALENDAR
"""
DOCUMENT = "Thông báo số 15/TB-UBND ngày 10/02/2026 của UBND tỉnh"


def write_ics(tmp_path: Path) -> Path:
    path = tmp_path / "lich-tinh.ics"
    path.write_text(ICS.replace("\n", "\r\n"), encoding="utf-8")
    return path


def test_ics_import_preview_and_apply(office_db, users, dossiers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plan = ci.plan_import(office_db, write_ics(tmp_path), DOCUMENT)
    rows = [(r.day.isoformat(), r.kind.value, r.status.value) for r in plan.rows]
    assert rows == [
        ("2026-01-02", "day_off", "already"),  # the government's swap is in the table
        ("2026-03-04", "day_off", "new"),
        ("2026-03-05", "day_off", "new"),
        ("2026-03-07", "day_off", "already"),  # a Saturday is off anyway
        ("2026-03-14", "workday", "new"),
    ]
    change = plan.change()
    assert [a.day for a in change.days] == [date(2026, 3, 4), date(2026, 3, 5), date(2026, 3, 14)]
    # The preview of moved due dates applies as for any change.
    moves = {m.code: m for m in cs.preview_change(office_db, change)}
    assert moves["XANSON-260302-0001"].new_due == datetime(2026, 3, 9, 10)  # A: 4/3, 5/3 off
    cs.apply_change(office_db, users["admin"].actor, change, {m.dossier_id for m in moves.values()})
    cal = cs.load_calendar(office_db)
    assert not cal.is_working_day(date(2026, 3, 4)) and cal.is_working_day(date(2026, 3, 14))
    with office_db.session() as s:
        rows_db = s.scalars(select(CalendarDay).order_by(CalendarDay.day)).all()
        assert [(r.day, r.document) for r in rows_db] == [
            (date(2026, 3, 4), DOCUMENT),
            (date(2026, 3, 5), DOCUMENT),
            (date(2026, 3, 14), DOCUMENT),
        ]
        a = s.get(Dossier, dossiers["A"])
        assert a.due_at == due_at(cal, a.received_at, ProcessingTime.days(3))
    v = cs.year_view(office_db, 2026).day(date(2026, 3, 4))
    assert (v.source, v.document) == (DaySource.OFFICE, DOCUMENT)
    # Imported again: nothing new; the change is refused as empty.
    again = ci.plan_import(office_db, write_ics(tmp_path), DOCUMENT)
    assert {r.status for r in again.rows} == {ci.RowStatus.ALREADY}
    with pytest.raises(ValidationError) as err:
        cs.preview_change(office_db, again.change())
    assert err.value.code == "calendar.import.nothing"


def test_xlsx_import_reads_dates_kinds_and_reports_bad_rows(office_db, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["THÔNG BÁO LỊCH NGHỈ CỦA TỈNH"])
    ws.append(["STT", "Ngày", "Loại", "Lý do"])
    ws.append([1, datetime(2026, 3, 4), "Nghỉ", "Lễ hội truyền thống"])
    ws.append([2, "05/03/2026", "Nghỉ", "Lễ hội truyền thống"])
    ws.append([3, "14/03/2026", "Làm bù", "Làm bù cho ngày 05/03"])
    ws.append([4, "31/02/2026", "Nghỉ", "Ngày không có thật"])
    ws.append([5, "05/03/2026", "Nghỉ", "Lặp lại"])
    ws.append([None, None, None, None])
    path = tmp_path / "lich.xlsx"
    wb.save(path)
    plan = ci.plan_import(office_db, path, DOCUMENT)
    assert [(r.day.isoformat(), r.kind.value, r.status.value, r.where) for r in plan.rows] == [
        ("2026-03-04", "day_off", "new", "3"),
        ("2026-03-05", "day_off", "new", "4"),
        ("2026-03-05", "day_off", "duplicate", "7"),
        ("2026-03-14", "workday", "new", "5"),
    ]
    assert [(p.where, p.code, p.value) for p in plan.problems] == [("6", "bad_date", "31/02/2026")]
    cs.apply_change(office_db, users["admin"].actor, plan.change())
    assert cs.year_view(office_db, 2026).day(date(2026, 3, 14)).type is cs.DayType.MAKE_UP_DAY


def test_import_conflicts_and_bad_files(office_db, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cs.apply_change(
        office_db, users["admin"].actor, cs.AddDay(date(2026, 3, 14), DayKind.WORKDAY, "Làm bù")
    )
    days = [ci.FileDay(date(2026, 3, 14), DayKind.DAY_OFF, "Nghỉ", "1")]
    [row] = ci.plan_rows(office_db, days, [], DOCUMENT).rows
    assert row.status is ci.RowStatus.CONFLICT  # the office's own declaration stays
    new = [ci.FileDay(date(2026, 3, 13), DayKind.DAY_OFF, "Nghỉ", "1")]
    with pytest.raises(ValidationError) as err:  # the announcement must be cited
        cs.preview_change(office_db, ci.plan_rows(office_db, new, [], "").change("  "))
    assert err.value.code == "calendar.import.document_empty"
    bad = tmp_path / "x.ics"
    bad.write_bytes(b"not a calendar")
    with pytest.raises(ValidationError) as err:
        ci.plan_import(office_db, bad, DOCUMENT)
    assert err.value.code == "calendar.import.bad_file"
    with pytest.raises(ValidationError) as err:
        ci.plan_import(office_db, tmp_path / "x.pdf", DOCUMENT)
    assert err.value.code == "calendar.import.file_type"
    long_event = ICS.replace("DTEND;VALUE=DATE:20260306", "DTEND;VALUE=DATE:20261231")
    days_read, problems = ci.read_ics(long_event.encode())
    assert [p.code for p in problems] == ["too_long"]
    assert date(2026, 3, 4) not in {d.day for d in days_read}
