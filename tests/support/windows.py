"""The main window as the counter PC shows it, for tests that look at what fits on screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tthc_desk.ui.context import AppContext
    from tthc_desk.ui.dossiers_page import DossiersPage


def board_at_1366(qtbot, ctx: AppContext) -> DossiersPage:  # type: ignore[no-untyped-def]
    """The main window at 1366×740 (a 1366×768 screen less the task bar) with the board shown."""
    from tthc_desk.ui.dossiers_page import DossiersPage
    from tthc_desk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    board = window.show_area("dossiers")
    assert isinstance(board, DossiersPage)
    return board
