"""The warning setting through the services: saving (administrator, audited, nothing saved on a
bad value), and its effect on the nearly-due view, the badge count, the dossier view, the board
rows and the feedback clocks."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from tthc_desk.domain.deadlines import DEFAULT_WARNING_POLICY, WarningPolicy
from tthc_desk.domain.errors import Forbidden, ValidationError
from tthc_desk.persistence.models import AuditEntry, Setting
from tthc_desk.services import dossiers as ds
from tthc_desk.services import feedback as fbs
from tthc_desk.services import intake as intake_svc
from tthc_desk.services import settings_store as st
from tthc_desk.services.calendar import load_calendar

Input = st.DeadlineSettingsInput


def _settings(db) -> dict[str, object]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return {r.key: r.value for r in s.scalars(select(Setting))}


def _audited(db) -> list[tuple[str | None, object]]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "setting.changed"))
        return [(r.entity_id, (r.detail or {}).get("value")) for r in rows]


def test_defaults_when_nothing_is_stored(office_db) -> None:
    view = st.deadline_settings(office_db)
    assert view.policy == DEFAULT_WARNING_POLICY and view.percent == 25 and view.ocr is False
    assert st.load_warning_policy(office_db) == WarningPolicy(0.25, 4.0)


def test_admin_saves_with_a_decimal_comma_and_each_change_is_audited(office_db, users) -> None:
    admin = users["admin"].actor
    view = st.save_deadline_settings(office_db, admin, Input("12,5", " 6 ", True))
    assert view.policy == WarningPolicy(0.125, 6.0) and view.ocr is True
    assert _settings(office_db) == {
        st.WARNING_FRACTION: 0.125,
        st.WARNING_HOURS: 6.0,
        st.OCR_ENABLED: True,
    }
    assert sorted(_audited(office_db)) == [
        ("digitise.ocr", True),
        ("warning.fraction", 0.125),
        ("warning.hours", 6.0),
    ]
    # Saving again with only the hours changed audits only the hours.
    st.save_deadline_settings(office_db, admin, Input("12.5%", "2", True))
    assert _audited(office_db)[-1] == ("warning.hours", 2.0) and len(_audited(office_db)) == 4
    assert st.load_warning_policy(office_db) == WarningPolicy(0.125, 2.0)


@pytest.mark.parametrize(
    ("percent", "hours", "code"),
    [
        ("", "4", "warning.percent.empty"),
        (" % ", "4", "warning.percent.empty"),
        ("25", "  ", "warning.hours.empty"),
        ("25%%", "4", "warning.percent.format"),
        ("hai lăm", "4", "warning.percent.format"),
        ("0", "4", "warning.fraction.range"),
        ("100", "4", "warning.fraction.range"),
        ("-5", "4", "warning.fraction.range"),
        ("25", "bốn", "warning.hours.format"),
        ("25", "1e3", "warning.hours.format"),
        ("25", "41", "warning.hours.range"),
        ("25", "-1", "warning.hours.range"),
    ],
)
def test_bad_values_save_nothing(office_db, users, percent: str, hours: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        st.save_deadline_settings(office_db, users["admin"].actor, Input(percent, hours, True))
    assert info.value.code == code
    assert _settings(office_db) == {} and _audited(office_db) == []


@pytest.mark.parametrize("username", ["canbo1", "congchuc1", "chutich"])
def test_only_the_administrator_may_save(office_db, users, username: str) -> None:
    with pytest.raises(Forbidden):
        st.save_deadline_settings(office_db, users[username].actor, Input("50", "4", True))
    assert _settings(office_db) == {}


def test_a_broken_stored_value_falls_back_to_the_defaults(office_db, users) -> None:  # type: ignore[no-untyped-def]
    admin = users["admin"].actor
    st.set_setting(office_db, admin, st.WARNING_FRACTION, 3)  # not a share: 300 %
    assert st.load_warning_policy(office_db) == DEFAULT_WARNING_POLICY
    st.set_setting(office_db, admin, st.WARNING_FRACTION, "0.5")  # text that reads as a number
    assert st.load_warning_policy(office_db) == WarningPolicy(0.5, 4.0)
    st.set_setting(office_db, admin, st.WARNING_HOURS, True)
    assert st.load_warning_policy(office_db) == DEFAULT_WARNING_POLICY


def test_changing_the_setting_moves_a_dossier_into_the_nearly_due_view(
    office_db, users, procs, clock, build
) -> None:
    # Marriage certificate: 3 working days = 24 h, received Mon 2/3/2026 10:00, due Thu 5/3
    # 10:00. On Wed 4/3 10:00, 8 working hours are left.
    #   defaults (25 %, 4 h): threshold = max(0.25 × 24 = 6, 4) = 6 h; 8 h left → on track.
    #   (50 %, 4 h):          threshold = max(0.50 × 24 = 12, 4) = 12 h; 8 h < 12 h → nearly due.
    #   (10 %, 9 h):          threshold = max(0.10 × 24 = 2.4, 9) = 9 h; 8 h < 9 h → nearly due.
    d = intake_svc.receive_dossier(
        office_db, users["canbo1"].actor, build.intake(procs.marriage), now=clock
    ).dossier
    assert d.due_at == datetime(2026, 3, 5, 10, 0)
    clock.set(datetime(2026, 3, 4, 10, 0))
    attention = ds.BoardQuery(standing="attention")

    def seen() -> tuple[set[int], ds.AttentionCounts, str | None, str | None]:
        page = ds.board_page(office_db, attention, clock)
        row = ds.board_page(office_db, ds.BoardQuery(), clock).rows[0]
        stand = row.standing(load_calendar(office_db), clock(), page.policy)
        view = ds.get_dossier(office_db, d.id, clock)
        assert view.minutes_left == 8 * 60
        return (
            {r.id for r in page.rows},
            ds.attention_counts(office_db, None, clock),
            stand.level.value if stand else None,
            view.level,
        )

    ids, counts, row_level, view_level = seen()
    assert ids == set() and counts.total == 0
    assert row_level == view_level == "on_track"

    admin = users["admin"].actor
    st.save_deadline_settings(office_db, admin, Input("50", "4", False))
    ids, counts, row_level, view_level = seen()
    assert ids == {d.id} and (counts.nearly_due, counts.late) == (1, 0)
    assert row_level == view_level == "nearly_due"

    st.save_deadline_settings(office_db, admin, Input("10", "9", False))
    ids, counts, row_level, view_level = seen()
    assert ids == {d.id} and counts.nearly_due == 1 and view_level == "nearly_due"

    st.save_deadline_settings(office_db, admin, Input("10", "7,5", False))
    ids, counts, row_level, view_level = seen()  # 8 h is not under max(2.4, 7.5) h
    assert ids == set() and counts.total == 0 and row_level == view_level == "on_track"


def test_the_feedback_clock_follows_the_setting(office_db, users, clock) -> None:
    # 15 working days = 120 h from Mon 2/3/2026 10:00: due Mon 23/3 10:00. On Mon 16/3 10:00,
    # 40 h are left: defaults give max(0.25 × 120 = 30, 4) = 30 h → on track; at 40 % the
    # threshold is 48 h → nearly due.
    fb = fbs.receive(
        office_db,
        users["canbo1"].actor,
        fbs.ReceiveCommand("counter", "Nguyễn Văn An", "Hẹn trả kết quả muộn."),
        clock,
    )
    assert fb.due_at == datetime(2026, 3, 23, 10, 0)
    clock.set(datetime(2026, 3, 16, 10, 0))
    assert fbs.get_feedback(office_db, fb.id, clock).warning == "on_track"
    st.save_deadline_settings(office_db, users["admin"].actor, Input("40", "4", False))
    assert fbs.get_feedback(office_db, fb.id, clock).warning == "nearly_due"
    assert [v.warning for v in fbs.list_feedback(office_db, None, clock)] == ["nearly_due"]
    assert fbs.counts(office_db, clock).nearly_due == 1
