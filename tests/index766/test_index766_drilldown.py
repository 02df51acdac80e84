"""The 766 page's drill-down, driven by the keyboard (issue 9 point 7, issue 10/14): choose a
criterion, its losing records are fetched then, Enter (or a double-click) on one opens the
dossier window for that dossier; rows stay where they are when clicked."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from tthc_desk.services import auth
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.dossier_dialog import DossierDialog
from tthc_desk.ui.index766_page import Index766Page
from tthc_desk.ui.tasks import InlineTaskRunner

NOW = datetime(2026, 11, 20, 12, 0)


def _positions(table) -> list[int]:  # type: ignore[no-untyped-def]
    return [table.rowViewportPosition(r) for r in range(table.rowCount())]


def test_criterion_list_opens_the_dossier_by_keyboard(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    users = {u.username: u for u in auth.list_users(demo_db)}
    ctx = AppContext(db=demo_db, runner=InlineTaskRunner(), user=users["chutich"],
                     office=auth.get_office(demo_db))  # fmt: skip
    page = Index766Page(ctx, now=lambda: NOW)
    qtbot.addWidget(page)
    page.resize(1366, 740)
    page.show()
    qtbot.waitExposed(page)
    assert page.estimate is not None and "on_time" in page.estimate.losing_keys
    assert not page.estimate._lost  # nothing fetched before a criterion is opened

    # the criteria by keyboard: first row, then down to 2.1 (the 5th line)
    page.criteria.setFocus()
    qtbot.keyClick(page.criteria, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    visited = {page.selected_key()}
    while page.selected_key() != "on_time":
        before = page.selected_key()
        qtbot.keyClick(page.criteria, Qt.Key.Key_Down)
        assert page.selected_key() != before
        visited.add(page.selected_key())
    est = page.estimate
    # fetched when each criterion was opened, and only those
    assert set(est._lost) == visited & set(est.losing_keys) and "on_time" in est._lost
    n = page.lost.rowCount()
    assert n == est.counts.dossiers_late > 1
    assert "trường hợp làm mất điểm" in page.lost_title.text()

    # rows do not move when one is clicked (either table)
    crit_before, lost_before = _positions(page.criteria), _positions(page.lost)
    rect = page.lost.visualRect(page.lost.model().index(1, 1))
    qtbot.mouseClick(page.lost.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.lost.currentRow() == 1
    assert _positions(page.lost) == lost_before and _positions(page.criteria) == crit_before

    # Enter on the selected record opens the dossier window for that dossier
    page.lost.setFocus()
    qtbot.keyClick(page.lost, Qt.Key.Key_Down)
    row = page.lost.currentRow()
    assert row == 2
    code = page.lost.item(row, 0).text()
    qtbot.keyClick(page.lost, Qt.Key.Key_Return)
    dlg = page.dialog
    assert isinstance(dlg, DossierDialog) and dlg.isVisible()
    assert dlg.view is not None and dlg.view.code == code
    assert code in dlg.header.text() and code in dlg.windowTitle()
    dlg.close()

    # a double-click opens the first one
    first = page.lost.item(0, 0).text()
    rect = page.lost.visualRect(page.lost.model().index(0, 0))
    qtbot.mouseClick(page.lost.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.lost.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.dialog is not dlg and page.dialog is not None and page.dialog.view.code == first
    page.dialog.close()
