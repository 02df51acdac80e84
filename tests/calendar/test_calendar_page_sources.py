"""The calendar page's sources under pytest-qt: the source column, the pending 24/11, confirming a
year, the banner (calendar page and board), and the import of the province's file."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt

from tthc_desk.persistence.models import CalendarDay
from tthc_desk.services import auth
from tthc_desk.services import calendar as cs
from tthc_desk.ui.calendar_page import TYPE_ROLE, CalendarPage
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.dossiers_page import DossiersPage
from tthc_desk.ui.tasks import InlineTaskRunner

DEC_5 = datetime(2026, 12, 5, 9, 0)


def context(office_db, user) -> AppContext:  # type: ignore[no-untyped-def]
    return AppContext(
        db=office_db, runner=InlineTaskRunner(), user=user, office=auth.get_office(office_db)
    )


def make_page(qtbot, office_db, user, year: int = 2026) -> CalendarPage:  # type: ignore[no-untyped-def]
    page = CalendarPage(context(office_db, user))
    qtbot.addWidget(page)
    page.now = lambda: DEC_5
    page.banner.refresh(page.now)
    page.year_spin.setValue(year)
    page.resize(1366, 768)
    page.show()
    return page


def rows(page: CalendarPage) -> dict[str, list[str]]:
    t = page.office_table
    return {t.item(r, 0).text(): [t.item(r, c).text() for c in (1, 2)] for r in range(t.rowCount())}


def test_the_source_column(qtbot, office_db, users) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, office_db, users["canbo1"])
    table = rows(page)
    assert page.office_table.horizontalHeaderItem(2).text() == "Nguồn"
    assert table["01/01/2026"] == ["Nghỉ lễ", "Bộ luật Lao động"]
    assert table["02/01/2026"] == ["Nghỉ lễ", "Công văn 12729/VPCP-KGVX"]
    assert table["10/01/2026"] == ["Làm bù", "Công văn 12729/VPCP-KGVX"]
    assert table["17/02/2026"] == ["Nghỉ lễ", "Công văn VPCP-KGVX (10/2025)"]
    assert table["24/11/2026"] == ["Chờ", "Chờ căn cứ pháp lý"]
    assert "05/01/2026" not in table  # an ordinary working day is not listed
    # The selected day tells the whole source: number, date, link.
    page.select_date(date(2026, 1, 2))
    info = page.day_info.text()
    assert "12729/VPCP-KGVX ngày 25/12/2025" in info and "https://" in info
    # What could not be confirmed says so.
    page.year_spin.setValue(2025)
    assert rows(page)["02/05/2025"] == ["Nghỉ lễ", "Công văn 8726/VPCP-KGVX (chưa xác nhận)"]


def test_the_pending_day_is_working_until_the_administrator_marks_it_off(  # type: ignore[no-untyped-def]
    qtbot, office_db, users
) -> None:
    page = make_page(qtbot, office_db, users["admin"])
    nov24 = date(2026, 11, 24)
    model = page.model_for(nov24)
    assert model.data(model.index_of(nov24), TYPE_ROLE) == cs.DayType.PENDING
    page.select_date(nov24)
    assert "vẫn là ngày làm việc" in page.day_info.text()
    assert page.add_day_off_btn.isEnabled()  # a working day: it can be declared off
    page.add_day_off_btn.click()
    dlg = page.day_dialog
    qtbot.keyClicks(dlg.reason, "Luat sua doi Dieu 112 co hieu luc")
    qtbot.keyClick(dlg.reason, Qt.Key.Key_Return)
    qtbot.keyClick(page.preview_dialog, Qt.Key.Key_Return)
    assert rows(page)["24/11/2026"] == ["Nghỉ", "Quyết định của cơ quan"]
    assert not cs.load_calendar(office_db).is_working_day(nov24)


def test_the_administrator_confirms_the_year_and_the_banner_goes(qtbot, office_db, users) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, office_db, users["admin"])
    # 5/12/2026: this year and, from 1 December, the next one ask to be confirmed.
    assert page.banner.isVisible()
    assert "Lịch làm việc năm 2026, 2027 chưa được xác nhận" in page.banner.text()
    assert "chưa có đủ quyết định nghỉ lễ của Chính phủ cho năm 2027" in page.banner.text()
    assert "chưa xác nhận" in page.year_status.text()
    assert page.confirm_btn.isEnabled() and page.confirm_btn.text() == "Xác nhận lịch năm 2026…"

    page.confirm_btn.click()
    dlg = page.confirm_dialog
    assert dlg is not None and dlg.isVisible()
    assert "02/05/2025" not in dlg.findChild(type(page.year_status), "confirmInfo").text()
    qtbot.keyClicks(dlg.note, "Da doi chieu 12729/VPCP-KGVX")
    qtbot.keyClick(dlg.note, Qt.Key.Key_Return)
    assert not dlg.isVisible()
    assert "đã xác nhận ngày" in page.year_status.text()
    assert not page.confirm_btn.isEnabled()
    assert page.banner.text().startswith("Lịch làm việc năm 2027 chưa được xác nhận")

    page.next_year.click()  # 2027: partly decided, the dialog lists the unconfirmed days
    assert "Mới có một phần quyết định" in page.year_status.text()
    page.confirm_btn.click()
    info = page.confirm_dialog.findChild(type(page.year_status), "confirmInfo").text()
    assert "04/02/2027" in info and "03/09/2027" in info
    page.confirm_dialog.ok.click()
    assert page.banner.isHidden()


def test_a_clerk_sees_the_banner_but_cannot_confirm(qtbot, office_db, users) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, office_db, users["canbo1"])
    assert "hãy báo quản trị viên" in page.banner.text()
    assert not page.confirm_btn.isEnabled()
    assert page.import_btn.isHidden()
    assert page.open_confirm_dialog() is None


def test_the_board_shows_the_banner(qtbot, office_db, users) -> None:  # type: ignore[no-untyped-def]
    board = DossiersPage(context(office_db, users["canbo1"]))
    qtbot.addWidget(board)
    board.now = lambda: datetime(2026, 11, 20, 9, 0)
    board.resize(1366, 768)
    board.show()
    assert board.calendar_banner.isVisible()
    assert "năm 2026 chưa được xác nhận" in board.calendar_banner.text()
    cs.confirm_year(office_db, users["admin"].actor, 2026)
    board.refresh()
    assert board.calendar_banner.isHidden()  # before 1 December, 2027 is not asked for yet
    board.now = lambda: DEC_5
    board.refresh()
    assert "năm 2027 chưa được xác nhận" in board.calendar_banner.text()


ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//UBND tinh//VI\r\n"
    "BEGIN:VEVENT\r\nUID:1@t\r\nDTSTAMP:20260201T000000Z\r\nDTSTART;VALUE=DATE:20260304\r\n"
    "DTEND;VALUE=DATE:20260305\r\nSUMMARY:Nghỉ lễ hội của tỉnh\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:2@t\r\nDTSTAMP:20260201T000000Z\r\nDTSTART;VALUE=DATE:20260314\r\n"
    "SUMMARY:Làm bù cho ngày 04/03\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:3@t\r\nDTSTAMP:20260201T000000Z\r\nDTSTART;VALUE=DATE:20260102\r\n"
    "SUMMARY:Nghỉ Tết Dương lịch\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_import_of_the_provinces_file_with_its_previews(  # type: ignore[no-untyped-def]
    qtbot, office_db, users, dossiers, tmp_path: Path
) -> None:
    page = make_page(qtbot, office_db, users["admin"])
    path = tmp_path / "lich-tinh-2026.ics"
    path.write_text(ICS, encoding="utf-8")
    page.open_import(path)
    dlg = page.import_dialog
    assert dlg is not None and dlg.isVisible()
    summary = dlg.findChild(type(page.year_status), "importSummary").text()
    assert summary == "Tệp lich-tinh-2026.ics: 3 ngày đọc được, 2 ngày sẽ được khai báo."
    shown = [[dlg.table.item(r, c).text() for c in range(4)] for r in range(dlg.table.rowCount())]
    assert shown == [
        ["Thứ Sáu, 02/01/2026", "Nghỉ", "Nghỉ Tết Dương lịch", "Đã đúng trên lịch, bỏ qua"],
        ["Thứ Tư, 04/03/2026", "Nghỉ", "Nghỉ lễ hội của tỉnh", "Khai báo"],
        ["Thứ Bảy, 14/03/2026", "Làm bù", "Làm bù cho ngày 04/03", "Khai báo"],
    ]
    dlg.ok.click()  # no document cited yet: the dialog stays and says what to do
    assert dlg.isVisible() and "văn bản công bố" in dlg.error.text()
    qtbot.keyClicks(dlg.document, "Thong bao 15/TB-UBND ngay 10/02/2026")
    qtbot.keyClick(dlg.document, Qt.Key.Key_Return)
    assert not dlg.isVisible()
    preview = page.preview_dialog  # the preview of moved due dates, as for any change
    assert preview is not None and preview.isVisible()
    assert (
        "Nhập lịch theo Thong bao 15/TB-UBND"
        in preview.findChild(type(page.year_status), "changeSummary").text()
    )
    assert preview.table.rowCount() == 3 and len(preview.ticked()) == 3
    qtbot.keyClick(preview, Qt.Key.Key_Return)
    table = rows(page)
    assert table["04/03/2026"] == ["Nghỉ", "Thong bao 15/TB-UBND ngay 10/02/2026"]
    assert table["14/03/2026"] == ["Làm bù", "Thong bao 15/TB-UBND ngay 10/02/2026"]
    with office_db.session() as s:
        assert len(s.query(CalendarDay).all()) == 2


def test_a_file_that_cannot_be_read_says_so(qtbot, office_db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, office_db, users["admin"])
    bad = tmp_path / "lich.xlsx"
    bad.write_bytes(b"not a workbook")
    page.open_import(bad)
    assert page.import_dialog is None
    assert "Không đọc được tệp lịch" in page.error.text()
