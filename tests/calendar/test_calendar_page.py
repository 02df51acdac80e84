"""The "Lịch làm việc" page under pytest-qt: the year view, the administrator's changes through
the dialogs with the preview of moved due dates, and the read-only view of other users."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from tthc_desk.domain.enums import DayKind
from tthc_desk.persistence.models import Dossier
from tthc_desk.services import auth
from tthc_desk.services import calendar as cs
from tthc_desk.ui.areas import AREAS, load_factory
from tthc_desk.ui.calendar_page import COLOURS, TYPE_ROLE, CalendarPage
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.tasks import InlineTaskRunner

WED = date(2026, 3, 4)


def make_page(qtbot, office_db, user) -> CalendarPage:  # type: ignore[no-untyped-def]
    ctx = AppContext(
        db=office_db, runner=InlineTaskRunner(), user=user, office=auth.get_office(office_db)
    )
    page = CalendarPage(ctx)
    qtbot.addWidget(page)
    page.year_spin.setValue(2026)
    page.resize(1200, 800)
    page.show()
    return page


def cell(page: CalendarPage, d: date, role: int):  # type: ignore[no-untyped-def]
    model = page.model_for(d)
    # Through the model in Python: PySide6 6.12 on Python 3.11 leaks a reference to None for
    # each empty QVariant that QModelIndex.data() returns.
    return model.data(model.index_of(d), role)


def table_rows(page: CalendarPage) -> dict[str, list[str]]:
    """The days-and-sources table as {date: [kind, source]}."""
    t = page.office_table
    return {t.item(r, 0).text(): [t.item(r, c).text() for c in (1, 2)] for r in range(t.rowCount())}


@pytest.fixture
def admin_page(qtbot, office_db, users) -> CalendarPage:  # type: ignore[no-untyped-def]
    return make_page(qtbot, office_db, users["admin"])


def test_the_area_opens_this_page() -> None:
    [area] = [a for a in AREAS if a.key == "calendar"]
    assert load_factory(area) is CalendarPage


def test_30_april_is_a_named_public_holiday(admin_page: CalendarPage) -> None:
    apr30 = date(2026, 4, 30)
    assert cell(admin_page, apr30, TYPE_ROLE) == cs.DayType.HOLIDAY
    tip = cell(admin_page, apr30, Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines() == [
        "Thứ Năm, 30/04/2026",
        "Nghỉ lễ, Tết: Ngày Chiến thắng",
        "Nguồn: Bộ luật Lao động 2019 (Điều 111, 112).",
    ]
    bg = cell(admin_page, apr30, Qt.ItemDataRole.BackgroundRole)
    assert bg == QColor(COLOURS[cs.DayType.HOLIDAY][0])
    assert cell(admin_page, date(2026, 4, 29), TYPE_ROLE) == cs.DayType.WORKING
    assert cell(admin_page, date(2026, 5, 2), TYPE_ROLE) == cs.DayType.WEEKEND
    assert cell(admin_page, date(2026, 8, 22), TYPE_ROLE) == cs.DayType.GOVERNMENT_WORKDAY
    admin_page.select_date(apr30)
    assert "Ngày Chiến thắng" in admin_page.day_info.text()
    # Every kind of day has its own colour, and the legend shows each one.
    assert len({bg for bg, _ in COLOURS.values()}) == len(cs.DayType)
    for kind in cs.DayType:
        assert admin_page.findChild(type(admin_page.day_info), f"legend_{kind.value}")


def test_month_models_pass_the_model_tester(qtmodeltester, admin_page: CalendarPage) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(admin_page.months[3].model)


def test_the_year_switcher(admin_page: CalendarPage) -> None:
    admin_page.select_date(date(2026, 4, 30))
    admin_page.next_year.click()
    assert admin_page.year == 2027 and admin_page.data is not None and admin_page.data.year == 2027
    # Giỗ Tổ Hùng Vương 2027 falls on Friday 16/04 (10/3 lunar).
    assert "Giỗ Tổ Hùng Vương" in cell(admin_page, date(2027, 4, 16), Qt.ItemDataRole.ToolTipRole)
    assert admin_page.selected == date(2027, 4, 30)
    admin_page.prev_year.click()
    assert admin_page.data.year == 2026


def test_admin_adds_a_day_off_through_the_dialog(admin_page, office_db, dossiers) -> None:  # type: ignore[no-untyped-def]
    page = admin_page
    page.select_date(WED)
    assert page.add_day_off_btn.isEnabled() and not page.add_workday_btn.isEnabled()
    page.add_day_off_btn.click()
    dlg = page.day_dialog
    assert dlg is not None and dlg.isVisible()
    assert dlg.day() == WED and dlg.change().kind is DayKind.DAY_OFF

    dlg.ok.click()  # no reason yet: the dialog stays, saying what to do
    assert dlg.isVisible()
    assert "Hãy nhập lý do" in dlg.error.text()
    assert page.preview_dialog is None

    dlg.reason.setText("Nghỉ bầu cử bổ sung")
    dlg.ok.click()
    assert not dlg.isVisible()
    preview = page.preview_dialog
    assert preview is not None and preview.isVisible()
    assert (
        "Khai báo ngày nghỉ của cơ quan: Thứ Tư, 04/03/2026"
        in preview.findChild(type(page.day_info), "changeSummary").text()
    )
    rows = {
        preview.table.item(r, 1).text(): [preview.table.item(r, c).text() for c in range(2, 7)]
        for r in range(preview.table.rowCount())
    }
    assert rows == {
        "XANSON-260302-0001": [
            "Nguyễn Văn A",
            "Đăng ký khai sinh",
            "10:00 05/03/2026",
            "10:00 06/03/2026",
            "",
        ],
        "XANSON-260302-0003": [
            "Nguyễn Văn C",
            "Đăng ký khai sinh",
            "09:00 06/03/2026",
            "09:00 09/03/2026",
            "",
        ],
        "XANSON-260302-0004": [
            "Nguyễn Văn D",
            "Đăng ký khai sinh",
            "10:00 03/03/2026",
            "(không đổi)",
            "Thẩm định: 09:00 04/03/2026 → 09:00 05/03/2026",
        ],
    }
    # Every moved dossier starts ticked (issue 9.8); the administrator unticks C and D here.
    assert preview.ticked() == {dossiers["A"], dossiers["C"], dossiers["D"]}
    preview.set_ticked({dossiers["A"]})
    preview.ok.click()

    assert not preview.isVisible()
    assert "tính lại hạn của 1 hồ sơ" in page.message.text()
    assert cell(page, WED, TYPE_ROLE) == cs.DayType.OFFICE_DAY_OFF
    assert "Nghỉ bầu cử bổ sung" in cell(page, WED, Qt.ItemDataRole.ToolTipRole)
    rows = table_rows(page)
    assert rows["04/03/2026"] == ["Nghỉ", "Quyết định của cơ quan"]
    assert len(rows) == 18  # the 17 days of the government's calendar of 2026, and this one
    assert page.remove_day_btn.isEnabled()
    with office_db.session() as s:
        assert s.get(Dossier, dossiers["A"]).due_at == datetime(2026, 3, 6, 10)
        assert s.get(Dossier, dossiers["C"]).due_at == datetime(2026, 3, 6, 9)


def test_saving_the_preview_as_is_leaves_no_dossier_a_working_day_short(  # type: ignore[no-untyped-def]
    qtbot, admin_page, office_db, dossiers
) -> None:
    """Issue 9.8: the "Tính lại" boxes started unticked, so pressing Save kept due dates the
    new calendar no longer gives. Saving as-is must recompute every moved dossier and step."""
    from tthc_desk.domain.deadlines import due_at
    from tthc_desk.persistence.models import StepRun

    page = admin_page
    page.select_date(WED)
    page.add_day_off_btn.click()
    dlg = page.day_dialog
    qtbot.keyClicks(dlg.reason, "Nghi theo QD cua UBND tinh")
    qtbot.keyClick(dlg.reason, Qt.Key.Key_Return)  # Enter goes on (it used to cancel)
    preview = page.preview_dialog
    assert preview is not None and preview.isVisible()
    assert "đánh dấu sẵn" in preview.findChild(type(page.day_info), "previewIntro").text()
    qtbot.keyClick(preview, Qt.Key.Key_Return)  # save as it stands
    assert not preview.isVisible()
    assert "tính lại hạn của 3 hồ sơ" in page.message.text()

    cal = cs.load_calendar(office_db)
    with office_db.session() as s:
        for letter in ("A", "B", "C", "D"):
            d = s.get(Dossier, dossiers[letter])
            rule = cs.processing_time_of(d.procedure)
            # Each open dossier's due date is what the new calendar gives: no day short.
            assert d.due_at == due_at(cal, d.received_at, rule), letter
            for st in s.query(StepRun).filter_by(dossier_id=d.id, finished_at=None):
                assert cal.working_minutes_between(st.started_at, st.due_at) == round(
                    st.allotted_hours * 60
                )


def test_admin_withdraws_a_day_and_backs_out_of_a_change(admin_page, office_db, users) -> None:  # type: ignore[no-untyped-def]
    cs.apply_change(
        office_db, users["admin"].actor, cs.AddDay(date(2026, 3, 14), DayKind.WORKDAY, "Làm bù")
    )
    page = admin_page
    page.load_year(2026)
    page.edit_date(date(2026, 3, 14))  # a double-click on a declared day offers to withdraw it
    dlg = page.day_dialog
    assert dlg is not None and dlg.removing
    dlg.reason.setText("Khai báo nhầm")
    dlg.ok.click()
    preview = page.preview_dialog
    assert preview is not None and preview.table.rowCount() == 0
    assert (
        "Không có hồ sơ đang giải quyết nào"
        in preview.findChild(type(page.day_info), "previewIntro").text()
    )
    preview.back.click()  # "Quay lại": nothing saved
    assert cell(page, date(2026, 3, 14), TYPE_ROLE) == cs.DayType.MAKE_UP_DAY

    page.edit_date(date(2026, 3, 14))
    page.day_dialog.reason.setText("Khai báo nhầm")
    page.day_dialog.ok.click()
    page.preview_dialog.ok.click()
    assert cell(page, date(2026, 3, 14), TYPE_ROLE) == cs.DayType.WEEKEND
    assert "14/03/2026" not in table_rows(page)


def test_admin_sets_a_seasonal_schedule(admin_page, office_db) -> None:  # type: ignore[no-untyped-def]
    page = admin_page
    page.edit_schedule_btn.click()
    dlg = page.schedule_dialog
    assert dlg is not None and dlg.isVisible() and len(dlg.rows) == 1
    dlg.findChild(type(page.edit_schedule_btn), "seasonPreset").click()
    assert [r.name.text() for r in dlg.rows] == ["Mùa hè", "Mùa đông"]
    assert [r.hours.text() for r in dlg.rows] == ["8 giờ/ngày", "8 giờ/ngày"]
    dlg.rows[0].periods.setText("07:00-11:30, 13:30-16:30")
    assert dlg.rows[0].hours.text() == "7,5 giờ/ngày"
    dlg.ok.click()  # unequal hours: the engine's rule, said plainly
    assert dlg.isVisible()
    assert "Số giờ làm việc một ngày phải bằng nhau ở mọi mùa" in dlg.error.text()

    dlg.rows[0].periods.setText("07:00-11:30, 13:30-17:00")
    dlg.ok.click()
    page.preview_dialog.ok.click()
    text = page.hours_info.text()
    assert "Mùa hè (từ 15/04)" in text and "07:00–11:30, 13:30–17:00" in text
    assert "Mùa đông (từ 15/10)" in text
    assert cell(page, date(2026, 6, 1), Qt.ItemDataRole.ToolTipRole).endswith(
        "Ngày làm việc: 07:00–11:30, 13:30–17:00"
    )
    cal = cs.load_calendar(office_db)
    assert cal.add_working_hours(datetime(2026, 6, 1, 16, 30), 1) == datetime(2026, 6, 2, 7, 30)


@pytest.mark.parametrize("username", ["canbo1", "chutich"])
def test_other_users_look_but_cannot_change(qtbot, office_db, users, username) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, office_db, users[username])
    assert cell(page, date(2026, 4, 30), TYPE_ROLE) == cs.DayType.HOLIDAY
    page.select_date(WED)
    for button in (
        page.add_day_off_btn,
        page.add_workday_btn,
        page.remove_day_btn,
        page.edit_schedule_btn,
    ):
        assert not button.isEnabled()
    assert page.findChild(type(page.day_info), "readOnlyNote") is not None
    page.edit_date(WED)  # a double-click opens nothing
    assert page.day_dialog is None

    # Forced past the disabled controls, the service refuses and the page says why.
    page.confirm_change(cs.AddDay(WED, DayKind.DAY_OFF, "Thử"), set())
    assert "Vai trò của bạn không được phép thực hiện thao tác này" in page.error.text()
    assert cell(page, WED, TYPE_ROLE) == cs.DayType.WORKING
    assert cs.load_calendar(office_db).is_working_day(WED)


def test_screenshot(admin_page, office_db, users) -> None:  # type: ignore[no-untyped-def]
    cs.apply_change(
        office_db, users["admin"].actor, cs.AddDay(WED, DayKind.DAY_OFF, "Nghỉ bầu cử bổ sung")
    )
    cs.apply_change(
        office_db,
        users["admin"].actor,
        cs.AddDay(date(2026, 3, 14), DayKind.WORKDAY, "Làm bù cho ngày 04/03"),
    )
    admin_page.load_year(2026)
    admin_page.select_date(date(2026, 4, 30))
    admin_page.resize(1200, 800)
    assert admin_page.grab().save("/tmp/cal.png")
