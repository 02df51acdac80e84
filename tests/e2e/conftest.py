"""End-to-end fixtures: an office built through the services (administrator, clerk, officer,
leader, the shipped commune catalogue), a settable clock, and signing in to the main window."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from tests.support.keyboard import activate
from tthc_desk.services import auth
from tthc_desk.services.catalogue_seed import load_seed_procedures

SHIPPED = Path(__file__).parents[2] / "resources" / "demo" / "procedures-commune.json"
PASSWORD = "matkhau123"


class Clock:
    """The screens' ``now``: a time the test sets (a Monday morning to start with)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        self.at = at


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 2, 8, 30))


@pytest.fixture(autouse=True)
def _prints_to_files_only(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Printed forms are written as PDFs; no printer dialog or viewer opens in a test."""
    from tthc_desk.ui import dossier_dialog

    monkeypatch.setattr(dossier_dialog, "OPEN_PRINTS", False, raising=False)


@pytest.fixture
def office(office_db, clock):  # type: ignore[no-untyped-def]
    """``office_db`` (administrator, clerk canbo1, officer congchuc1, leader chutich) with the
    shipped commune catalogue loaded through the catalogue service."""
    admin = auth.sign_in(office_db, "admin", PASSWORD, clock)
    records = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert load_seed_procedures(office_db, admin.actor, records, clock) > 40
    return office_db


@pytest.fixture
def sign_in(qtbot, office, clock):  # type: ignore[no-untyped-def]
    """``sign_in(username)``: the user signs in and gets the main window at 1366×768, active;
    the window of the previous user is closed."""
    from tthc_desk.ui.context import AppContext
    from tthc_desk.ui.main_window import MainWindow
    from tthc_desk.ui.tasks import InlineTaskRunner

    windows: list[MainWindow] = []

    def _sign_in(username: str) -> MainWindow:
        for w in windows:
            w.close()
        user = auth.sign_in(office, username, PASSWORD, clock)
        office_view = auth.get_office(office)
        assert office_view is not None
        ctx = AppContext(db=office, runner=InlineTaskRunner(), user=user, office=office_view)
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.resize(1366, 768)
        activate(qtbot, win)
        windows.append(win)
        return win

    return _sign_in
