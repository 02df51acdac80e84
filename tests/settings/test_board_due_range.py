"""The board's due-date filter "Tùy chọn…": a from–to range of due dates, both days included,
applied in SQL through ``BoardQuery.due_from`` / ``due_to``."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate

from tthc_desk.services import intake as intake_svc
from tthc_desk.ui.dossiers_page import DossiersPage


def _codes(board: DossiersPage) -> set[str]:
    return {board.model.row_at(i).code for i in range(board.model.rowCount())}


def test_custom_due_range_on_the_board(
    qtbot, office_db, users, procs, clock, build, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    # All received Mon 2/3/2026 10:00: birth (same day) is due Mon 2/3 17:30; residence
    # (2 working days) Wed 4/3 10:00; marriage (3 working days) Thu 5/3 10:00.
    clerk = users["canbo1"].actor
    due = {}
    for proc in (procs.birth, procs.residence, procs.marriage):
        d = intake_svc.receive_dossier(office_db, clerk, build.intake(proc), now=clock).dossier
        due[d.due_at.date()] = d.code
    assert sorted(due) == [date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 5)]

    board = DossiersPage(make_ctx("canbo1"))
    board.now = clock
    qtbot.addWidget(board)
    board.show()
    assert _codes(board) == set(due.values())
    assert board.due_range.isHidden()
    board.due_from.setDate(QDate(2026, 3, 4))
    board.due_to.setDate(QDate(2026, 3, 5))
    assert _codes(board) == set(due.values()), "the range applies only once chosen"

    board.due_box.setCurrentIndex(board.due_box.findData("custom"))
    assert board.due_box.currentText() == "Tùy chọn…" and board.due_range.isVisible()
    q = board.current_query()
    assert (q.due_from, q.due_to) == (date(2026, 3, 4), date(2026, 3, 5))
    assert _codes(board) == {due[date(2026, 3, 4)], due[date(2026, 3, 5)]}

    board.due_to.setDate(QDate(2026, 3, 4))  # one day: due on Wed 4/3 at any hour
    assert _codes(board) == {due[date(2026, 3, 4)]}

    board.due_from.setDate(QDate(2026, 3, 6))  # past the end: the end follows
    assert board.due_to.date() == QDate(2026, 3, 6) and _codes(board) == set()

    board.due_to.setDate(QDate(2026, 3, 2))  # before the start: the start follows
    assert board.due_from.date() == QDate(2026, 3, 2)
    assert _codes(board) == {due[date(2026, 3, 2)]}

    board.due_box.setCurrentIndex(board.due_box.findData(None))  # back to every due date
    assert board.due_range.isHidden() and _codes(board) == set(due.values())
    assert (board.current_query().due_from, board.current_query().due_to) == (None, None)


def test_week_and_today_still_work(qtbot, office_db, users, procs, clock, build, make_ctx) -> None:  # type: ignore[no-untyped-def]
    intake_svc.receive_dossier(
        office_db, users["canbo1"].actor, build.intake(procs.birth), now=clock
    )
    board = DossiersPage(make_ctx("canbo1"))
    board.now = clock
    qtbot.addWidget(board)
    board.due_box.setCurrentIndex(board.due_box.findData("today"))
    assert board.model.rowCount() == 1
    clock.set(datetime(2026, 3, 3, 9, 0))
    board.apply_filters()
    assert board.model.rowCount() == 0
