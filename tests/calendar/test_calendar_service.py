"""The calendar's admin service: office days, schedules, preview and selective recompute, audit."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from tthc_desk.domain.enums import DayKind
from tthc_desk.domain.errors import Conflict, Forbidden, NotFound, ValidationError
from tthc_desk.persistence.models import AuditEntry, CalendarDay, Dossier, DossierEvent, StepRun
from tthc_desk.services import calendar as cs

WED = date(2026, 3, 4)
DAY_OFF = cs.AddDay(WED, DayKind.DAY_OFF, "Nghỉ bầu cử bổ sung")


def audit_lines(db, action: str) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


# ------------------------------------------------------------------ the year view


def test_year_view_names_public_holidays_in_vietnamese(office_db) -> None:  # type: ignore[no-untyped-def]
    year = cs.year_view(office_db, 2026)
    assert len(year.days) == 365
    apr30 = year.day(date(2026, 4, 30))
    assert apr30.type is cs.DayType.HOLIDAY and not apr30.working
    assert apr30.holiday_name == "Ngày Chiến thắng"
    # Giỗ Tổ fell on Sunday 26/04/2026: its observed day off is Monday 27/04.
    assert year.day(date(2026, 4, 27)).holiday_name == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    # Saturday 22/08/2026 is the government's swap: worked in exchange for Monday 31/08.
    assert year.day(date(2026, 8, 22)).type is cs.DayType.GOVERNMENT_WORKDAY
    assert year.day(date(2026, 8, 22)).working
    assert year.day(date(2026, 8, 31)).type is cs.DayType.HOLIDAY
    assert year.day(date(2026, 3, 7)).type is cs.DayType.WEEKEND
    monday = year.day(date(2026, 3, 2))
    assert monday.type is cs.DayType.WORKING
    assert monday.periods == ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 30)))
    assert year.hours_per_day == 8
    assert [s.name for s in year.schedules] == ["Cả năm"]


# ------------------------------------------------------------------ adding and removing days


def test_admin_adds_and_removes_days_with_audit(office_db, users) -> None:  # type: ignore[no-untyped-def]
    admin = users["admin"].actor
    cs.apply_change(office_db, admin, DAY_OFF, now=lambda: datetime(2026, 3, 1, 9, 0))
    sat = date(2026, 3, 14)
    cs.apply_change(office_db, admin, cs.AddDay(sat, DayKind.WORKDAY, "Làm bù cho ngày 04/03"))

    year = cs.year_view(office_db, 2026)
    wed = year.day(WED)
    assert (wed.type, wed.working, wed.reason) == (
        cs.DayType.OFFICE_DAY_OFF,
        False,
        "Nghỉ bầu cử bổ sung",
    )
    assert wed.added_by == "Trần Văn Quản"
    assert wed.added_at == datetime(2026, 3, 1, 9, 0)
    assert year.day(sat).type is cs.DayType.MAKE_UP_DAY and year.day(sat).working
    assert [d.day for d in year.office_days] == [WED, sat]
    cal = cs.load_calendar(office_db)
    assert not cal.is_working_day(WED) and cal.is_working_day(sat)

    added = audit_lines(office_db, "calendar.day_added")
    assert [(a.entity_id, a.detail["kind"], a.detail["reason"]) for a in added] == [
        ("2026-03-04", "day_off", "Nghỉ bầu cử bổ sung"),
        ("2026-03-14", "workday", "Làm bù cho ngày 04/03"),
    ]
    assert added[0].user_id == users["admin"].id

    cs.apply_change(office_db, admin, cs.RemoveDay(WED, "Khai báo nhầm"))
    assert cs.year_view(office_db, 2026).day(WED).type is cs.DayType.WORKING
    assert cs.load_calendar(office_db).is_working_day(WED)
    removed = audit_lines(office_db, "calendar.day_removed")
    assert len(removed) == 1
    assert removed[0].detail["reason"] == "Khai báo nhầm"
    assert removed[0].detail["previous_reason"] == "Nghỉ bầu cử bổ sung"


@pytest.mark.parametrize(
    ("change", "error", "code"),
    [
        (cs.AddDay(WED, DayKind.DAY_OFF, "  "), ValidationError, "calendar.reason.empty"),
        # Saturday is off already; Thursday 30/04 is a public holiday.
        (
            cs.AddDay(date(2026, 3, 7), DayKind.DAY_OFF, "x"),
            ValidationError,
            "calendar.day.already_off",
        ),
        (
            cs.AddDay(date(2026, 4, 30), DayKind.DAY_OFF, "x"),
            ValidationError,
            "calendar.day.already_off",
        ),
        (cs.AddDay(WED, DayKind.WORKDAY, "x"), ValidationError, "calendar.day.already_working"),
        (cs.RemoveDay(date(2026, 3, 5), "x"), NotFound, "calendar.day.missing"),
    ],
)
def test_changes_that_do_not_fit_are_refused(office_db, users, change, error, code) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error) as exc:
        cs.preview_change(office_db, change)
    assert exc.value.code == code
    with pytest.raises(error):
        cs.apply_change(office_db, users["admin"].actor, change)
    assert audit_lines(office_db, "calendar.day_added") == []


def test_a_kind_given_as_text_is_the_enumeration() -> None:
    assert cs.AddDay(WED, "workday", "x").kind is DayKind.WORKDAY  # type: ignore[arg-type]


def test_a_day_declared_twice_is_a_conflict(office_db, users) -> None:  # type: ignore[no-untyped-def]
    cs.apply_change(office_db, users["admin"].actor, DAY_OFF)
    with pytest.raises(Conflict) as exc:
        cs.apply_change(office_db, users["admin"].actor, DAY_OFF)
    assert exc.value.code == "calendar.day.exists"


def test_a_public_holiday_can_be_worked_as_a_make_up_day(office_db, users) -> None:  # type: ignore[no-untyped-def]
    cs.apply_change(
        office_db,
        users["admin"].actor,
        cs.AddDay(date(2026, 4, 30), DayKind.WORKDAY, "Trực tiếp nhận hồ sơ"),
    )
    day = cs.year_view(office_db, 2026).day(date(2026, 4, 30))
    assert day.type is cs.DayType.MAKE_UP_DAY and day.working
    assert day.holiday_name == "Ngày Chiến thắng"  # still named


@pytest.mark.parametrize("username", ["canbo1", "congchuc1", "chutich"])
def test_only_the_administrator_changes_the_calendar(office_db, users, username) -> None:  # type: ignore[no-untyped-def]
    actor = users[username].actor
    for change in (
        DAY_OFF,
        cs.RemoveDay(WED, "x"),
        cs.SetSchedule((cs.SeasonInput("Cả năm", 1, 1, "07:00-11:00,13:00-17:00"),)),
    ):
        with pytest.raises(Forbidden):
            cs.apply_change(office_db, actor, change)
    with office_db.session() as s:
        assert s.scalars(select(CalendarDay)).all() == []
    assert cs.load_calendar(office_db).is_working_day(WED)


# ------------------------------------------------------------------ preview and recompute


def test_preview_lists_exactly_the_dossiers_whose_due_date_moves(office_db, dossiers) -> None:  # type: ignore[no-untyped-def]
    moves = {m.code: m for m in cs.preview_change(office_db, DAY_OFF)}
    a, c, d = (f"XANSON-260302-{n:04d}" for n in (1, 3, 4))
    # A and C have Wednesday 04/03 in their window; B starts after it; E is closed; D's own
    # window ended on Tuesday 03/03 but its running step is due on Wednesday.
    assert set(moves) == {a, c, d}
    # A: Thursday is now the third full day: Mon 5.5 h, Tue 8 h, Thu 8 h (21.5), Fri 07:30+2.5 h.
    assert (moves[a].old_due, moves[a].new_due) == (
        datetime(2026, 3, 5, 10),
        datetime(2026, 3, 6, 10),
    )
    assert moves[a].applicant == "Nguyễn Văn A" and moves[a].clock == "processing"
    # C: Tue 6.5 h, Thu 8 h (14.5), Fri 8 h (22.5), Mon 09/03 07:30 + 1.5 h.
    assert (moves[c].old_due, moves[c].new_due) == (
        datetime(2026, 3, 6, 9),
        datetime(2026, 3, 9, 9),
    )
    assert not moves[d].dossier_moves
    # D's step: 6.5 h on Tue 03/03, then Thu 05/03 07:30 + 1.5 h.
    assert [(st.old_due, st.new_due) for st in moves[d].steps] == [
        (datetime(2026, 3, 4, 9), datetime(2026, 3, 5, 9))
    ]
    # Nothing was saved.
    assert cs.load_calendar(office_db).is_working_day(WED)


def test_apply_recomputes_only_the_ticked_dossiers(office_db, users, dossiers) -> None:  # type: ignore[no-untyped-def]
    at = datetime(2026, 3, 2, 16, 0)
    result = cs.apply_change(
        office_db, users["admin"].actor, DAY_OFF, {dossiers["A"]}, now=lambda: at
    )
    assert [m.dossier_id for m in result.recomputed] == [dossiers["A"]]
    with office_db.session() as s:
        due = {k: s.get(Dossier, i).due_at for k, i in dossiers.items()}
        step = s.scalars(select(StepRun)).one()
        events = s.scalars(select(DossierEvent).where(DossierEvent.kind == "due_recomputed")).all()
        assert [e.dossier_id for e in events] == [dossiers["A"]]
        assert events[0].data["old_due"] == "2026-03-05T10:00:00"
        assert events[0].data["new_due"] == "2026-03-06T10:00:00"
        assert events[0].at == at and events[0].user_id == users["admin"].id
        assert events[0].reason == "Nghỉ bầu cử bổ sung"
    assert due["A"] == datetime(2026, 3, 6, 10)
    # C would have moved too, but was not ticked: its printed due date stays.
    assert due["C"] == datetime(2026, 3, 6, 9)
    assert due["B"] == datetime(2026, 3, 12, 10)
    assert due["E"] == datetime(2026, 3, 5, 10)
    assert step.due_at == datetime(2026, 3, 4, 9)

    recomputed = audit_lines(office_db, "dossier.due_recomputed")
    assert [(a.entity_id, a.detail["old_due"], a.detail["new_due"]) for a in recomputed] == [
        (str(dossiers["A"]), "2026-03-05T10:00:00", "2026-03-06T10:00:00")
    ]
    [change] = audit_lines(office_db, "calendar.day_added")
    assert change.detail["recomputed"] == [dossiers["A"]]

    # After the change, the preview of another change counts from the calendar now in force:
    # C (left on its old date) does not move again for an unrelated day.
    later = cs.AddDay(date(2026, 3, 20), DayKind.DAY_OFF, "Sự kiện của xã")
    assert [m.code for m in cs.preview_change(office_db, later)] == []


def test_apply_moves_a_ticked_running_step(office_db, users, dossiers) -> None:  # type: ignore[no-untyped-def]
    cs.apply_change(office_db, users["admin"].actor, DAY_OFF, {dossiers["D"]})
    with office_db.session() as s:
        assert s.scalars(select(StepRun)).one().due_at == datetime(2026, 3, 5, 9)
        assert s.get(Dossier, dossiers["D"]).due_at == datetime(2026, 3, 3, 10)
        [event] = s.scalars(select(DossierEvent).where(DossierEvent.kind == "due_recomputed"))
        assert event.data["steps"][0]["new_due"] == "2026-03-05T09:00:00"


def test_removing_a_day_off_previews_the_dates_moving_back(office_db, users, dossiers) -> None:  # type: ignore[no-untyped-def]
    ids = set(dossiers.values())
    cs.apply_change(office_db, users["admin"].actor, DAY_OFF, ids)
    moves = cs.preview_change(office_db, cs.RemoveDay(WED, "Khai báo nhầm"))
    by_code = {m.code[-1]: (m.old_due, m.new_due) for m in moves if m.dossier_moves}
    assert by_code == {
        "1": (datetime(2026, 3, 6, 10), datetime(2026, 3, 5, 10)),
        "3": (datetime(2026, 3, 9, 9), datetime(2026, 3, 6, 9)),
    }


def test_a_resumed_dossier_keeps_its_working_time_left(office_db, users, dossiers) -> None:  # type: ignore[no-untyped-def]
    # B was paused and resumed on Tue 10/03 08:30 with 8 h left: due Wed 11/03 08:30. A day off
    # on Wed 11/03 moves it to Thu 12/03 08:30, though B's receipt alone would say 13/03 10:00.
    with office_db.session() as s:
        b = s.get(Dossier, dossiers["B"])
        b.due_at = datetime(2026, 3, 11, 8, 30)
        s.add(DossierEvent(dossier_id=b.id, kind="resumed", at=datetime(2026, 3, 10, 8, 30)))
    moves = cs.preview_change(
        office_db, cs.AddDay(date(2026, 3, 11), DayKind.DAY_OFF, "Sự kiện của xã")
    )
    [b_move] = [m for m in moves if m.dossier_id == dossiers["B"]]
    assert b_move.new_due == datetime(2026, 3, 12, 8, 30)


def test_recompute_moves_the_portal_clock_too(office_db, users, dossiers) -> None:  # type: ignore[no-untyped-def]
    """The portal's deadline (``portal_due_at``, what the board's warning and the 766 estimate
    judge by) moves with the calendar like the appointment: A keeps both equal; C had an
    apology (the citizen's new date was set by a person and stays), but the portal's deadline
    is the first appointment and the calendar moves it."""
    with office_db.session() as s:
        a, c = s.get(Dossier, dossiers["A"]), s.get(Dossier, dossiers["C"])
        a.portal_due_at = a.due_at
        c.portal_due_at = c.original_due_at = c.due_at
        c.due_at, c.apology_issued = datetime(2026, 3, 13, 9), True
    moves = {m.dossier_id: m for m in cs.preview_change(office_db, DAY_OFF)}
    assert moves[dossiers["C"]].new_portal == datetime(2026, 3, 9, 9)
    cs.apply_change(office_db, users["admin"].actor, DAY_OFF, {dossiers["A"], dossiers["C"]})
    with office_db.session() as s:
        a, c = s.get(Dossier, dossiers["A"]), s.get(Dossier, dossiers["C"])
        assert (a.due_at, a.portal_due_at) == (datetime(2026, 3, 6, 10),) * 2
        assert c.due_at == datetime(2026, 3, 13, 9)  # the apology's date stays
        assert c.portal_due_at == datetime(2026, 3, 9, 9)  # Tue 6.5 h, Thu, Fri, Mon 07:30+1.5
        assert c.original_due_at == datetime(2026, 3, 6, 9)  # history: the first appointment
        [event] = s.scalars(
            select(DossierEvent).where(
                DossierEvent.kind == "due_recomputed", DossierEvent.dossier_id == c.id
            )
        )
        assert event.data["portal_new_due"] == "2026-03-09T09:00:00"


# ------------------------------------------------------------------ working periods and seasons


def test_seasonal_schedule_is_saved_and_loaded_into_the_engine(office_db, users) -> None:  # type: ignore[no-untyped-def]
    change = cs.SetSchedule(
        (
            cs.SeasonInput("Mùa đông", 10, 15, "07:30-11:30, 13:30-17:30"),
            cs.SeasonInput("Mùa hè", 4, 15, "7h00-11h30; 13:30–17:00"),
        ),
        reason="Quyết định của UBND tỉnh",
    )
    cs.apply_change(office_db, users["admin"].actor, change)
    cal = cs.load_calendar(office_db)
    summer = ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0)))
    winter = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 30)))
    assert cal.periods_on(date(2026, 4, 14)) == winter
    assert cal.periods_on(date(2026, 4, 15)) == summer
    assert cal.periods_on(date(2026, 10, 14)) == summer
    assert cal.periods_on(date(2026, 10, 15)) == winter
    assert cal.periods_on(date(2027, 1, 4)) == winter  # wraps round the new year
    # Summer Friday 17/04 16:00 + 2 working hours: 1 h to 17:00, then Mon 20/04 07:00 + 1 h.
    assert cal.add_working_hours(datetime(2026, 4, 17, 16), 2) == datetime(2026, 4, 20, 8)
    year = cs.year_view(office_db, 2026)
    assert [(s.name, s.start_day, s.start_month, s.hours) for s in year.schedules] == [
        ("Mùa hè", 15, 4, 8.0),
        ("Mùa đông", 15, 10, 8.0),
    ]
    [line] = audit_lines(office_db, "calendar.schedule_set")
    assert line.detail["reason"] == "Quyết định của UBND tỉnh"
    assert [(s["name"], s["start"], s["periods"]) for s in line.detail["seasons"]] == [
        ("Mùa hè", "15/04", "07:00-11:30,13:30-17:00"),
        ("Mùa đông", "15/10", "07:30-11:30,13:30-17:30"),
    ]

    # Back to one schedule all year.
    cs.apply_change(
        office_db,
        users["admin"].actor,
        cs.SetSchedule((cs.SeasonInput("", 6, 1, "07:00-11:00,13:00-17:00"),)),
    )
    cal = cs.load_calendar(office_db)
    assert cal.periods_on(date(2026, 3, 2)) == ((time(7), time(11)), (time(13), time(17)))
    assert [
        (s.name, s.start_day, s.start_month) for s in cs.year_view(office_db, 2026).schedules
    ] == [("Cả năm", 1, 1)]


@pytest.mark.parametrize(
    ("periods", "code"),
    [
        ("07:30-11:30,13:30-17:00", "calendar.seasons.unequal_hours"),  # 7.5 h against 8 h
        ("sáng 7 giờ", "calendar.periods.format"),
        ("07:30-11:30,11:00-17:00", "calendar.periods.overlap"),
        ("11:30-07:30", "calendar.period.end_before_start"),
        ("", "calendar.periods.empty"),
    ],
)
def test_bad_schedules_are_refused_with_a_code(office_db, users, periods, code) -> None:  # type: ignore[no-untyped-def]
    change = cs.SetSchedule(
        (
            cs.SeasonInput("Mùa đông", 10, 15, "07:30-11:30,13:30-17:30"),
            cs.SeasonInput("Mùa hè", 4, 15, periods),
        )
    )
    with pytest.raises(ValidationError) as exc:
        cs.preview_change(office_db, change)
    assert exc.value.code == code
    with pytest.raises(ValidationError):
        cs.apply_change(office_db, users["admin"].actor, change)
    assert cs.year_view(office_db, 2026).schedules[0].name == "Cả năm"


def test_a_bad_season_start_is_refused(office_db) -> None:  # type: ignore[no-untyped-def]
    change = cs.SetSchedule(
        (
            cs.SeasonInput("Mùa hè", 2, 30, "07:30-11:30,13:30-17:30"),
            cs.SeasonInput("Mùa đông", 10, 15, "07:30-11:30,13:30-17:30"),
        )
    )
    with pytest.raises(ValidationError) as exc:
        cs.preview_change(office_db, change)
    assert exc.value.code == "calendar.season.bad_start"


# ------------------------------------------------------------------ the cache


def test_the_calendar_is_cached_until_it_changes(office_db, users) -> None:  # type: ignore[no-untyped-def]
    first = cs.load_calendar(office_db)
    assert cs.load_calendar(office_db) is first
    cs.apply_change(office_db, users["admin"].actor, DAY_OFF)
    second = cs.load_calendar(office_db)
    assert second is not first and not second.is_working_day(WED)
    assert cs.load_calendar(office_db) is second
    # A failed change leaves the cached calendar in force.
    with pytest.raises(Conflict):
        cs.apply_change(office_db, users["admin"].actor, DAY_OFF)
    assert cs.load_calendar(office_db) is second


def test_a_change_from_another_pc_is_seen(office_db, users, db_path) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.persistence.db import Database

    assert cs.load_calendar(office_db).is_working_day(WED)
    other = Database.open(db_path)  # a second connection to the same file, as another PC
    try:
        cs.apply_change(other, users["admin"].actor, DAY_OFF)
    finally:
        other.dispose()
    assert not cs.load_calendar(office_db).is_working_day(WED)
