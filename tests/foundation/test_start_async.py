"""Start (issue 14): the sign-in window is painted before the database is open, the clerk
types meanwhile, and the sign-in goes through whichever comes first; first run and a broken
file are still handled. Driven through the real dialogs with the keyboard, on a real file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from tests.accounts.gui import check_failures, turns_during, when_modal
from tthc_desk.domain.errors import AppError
from tthc_desk.services import database as database_service
from tthc_desk.ui.app import open_and_sign_in
from tthc_desk.ui.login_dialog import LoginDialog
from tthc_desk.ui.settings import UiSettings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def slow_open(monkeypatch):  # type: ignore[no-untyped-def]
    """The real ``open_database``, held until the test lets it go (a slow disk, a migration)."""
    gate = threading.Event()
    real = database_service.open_database

    def held(target):  # type: ignore[no-untyped-def]
        assert gate.wait(30)
        return real(target)

    monkeypatch.setattr(database_service, "open_database", held)
    return gate


def type_sign_in(qtbot, dlg: LoginDialog, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dlg.username.setFocus()
    qtbot.keyClicks(dlg.username, username)
    qtbot.keyClick(dlg.username, Qt.Key.Key_Tab)
    qtbot.keyClicks(dlg.password, password)
    qtbot.keyClick(dlg.password, Qt.Key.Key_Return)


def test_typed_before_the_database_opened_signs_in_when_it_opens(
    qtbot, office_db, users, slow_open
) -> None:  # type: ignore[no-untyped-def]
    settings = UiSettings()
    settings.set_office_heading("UBND xã An Sơn (cũ)", "Bộ phận Một cửa")  # from the last run
    seen: list[str] = []

    def act(dlg: QDialog) -> None:
        assert isinstance(dlg, LoginDialog) and dlg.db is None
        seen.append(dlg.heading.text())
        assert dlg.status.isVisible() and "Đang mở cơ sở dữ liệu" in dlg.status.text()
        type_sign_in(qtbot, dlg, "canbo1", "matkhau123")
        # asked before the database is open: it waits, says so, and the button is off
        assert dlg.isVisible() and "Sẽ đăng nhập ngay khi mở xong" in dlg.status.text()
        assert not dlg.ok_button.isEnabled()
        slow_open.set()

    seen_login = when_modal(qtbot, "loginDialog", act)
    db, ctx = open_and_sign_in(str(office_db.file_path), settings)
    check_failures()
    assert seen_login == ["loginDialog"]
    try:
        assert "UBND xã An Sơn (cũ)" in seen[0]  # the heading came before the database
        assert ctx is not None and ctx.user.username == "canbo1" and db is ctx.db
        assert ctx.office.name == "UBND xã An Sơn"
        # the heading for the next start is the database's own
        assert UiSettings().office_heading[0] == "UBND xã An Sơn"
        assert UiSettings().last_username == "canbo1"
    finally:
        if db is not None:
            db.dispose()


def test_database_open_first_then_a_wrong_password_then_sign_in(qtbot, office_db, users) -> None:  # type: ignore[no-untyped-def]
    def act(dlg: QDialog) -> None:
        assert isinstance(dlg, LoginDialog)
        qtbot.waitUntil(lambda: dlg.db is not None, timeout=20000)
        assert "UBND xã An Sơn" in dlg.heading.text() and not dlg.status.isVisible()
        type_sign_in(qtbot, dlg, "canbo1", "sai-mat-khau")
        assert dlg.isVisible() and "không đúng" in dlg.error.text()
        qtbot.keyClicks(dlg.password, "matkhau123")
        qtbot.keyClick(dlg.password, Qt.Key.Key_Return)

    seen_login = when_modal(qtbot, "loginDialog", act)
    db, ctx = open_and_sign_in(str(office_db.file_path), UiSettings())
    check_failures()
    assert seen_login == ["loginDialog"]
    try:
        assert ctx is not None and ctx.user.username == "canbo1"
    finally:
        if db is not None:
            db.dispose()


def test_a_new_database_goes_to_first_run_set_up(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    when_modal(qtbot, "loginDialog", lambda d: seen.append("login"))

    def cancel_setup(dlg: QDialog) -> None:
        seen.append("setup")
        dlg.reject()

    when_modal(qtbot, "setupDialog", cancel_setup)
    db, ctx = open_and_sign_in(str(db_path), UiSettings())
    check_failures()
    try:
        assert seen[-1] == "setup" and ctx is None and db is not None
    finally:
        if db is not None:
            db.dispose()


def test_not_a_database_closes_the_sign_in_with_the_reason(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "hoso.sqlite3"
    bad.write_bytes(b"%PDF-1.7 this is not a database" * 100)
    with pytest.raises(AppError) as caught:
        open_and_sign_in(str(bad), UiSettings())
    assert caught.value.code.startswith("db.")
    assert QApplication.activeModalWidget() is None


def test_leaving_before_the_database_opened(qtbot, office_db, slow_open) -> None:  # type: ignore[no-untyped-def]
    def leave(dlg: QDialog) -> None:
        # first start on this PC: no office remembered, and no guessed counter unit either
        assert isinstance(dlg, LoginDialog)
        assert "TTHC Desk" in dlg.heading.text() and "Một cửa" not in dlg.heading.text()
        qtbot.keyClick(dlg, Qt.Key.Key_Escape)

    left = when_modal(qtbot, "loginDialog", leave)
    db, ctx = open_and_sign_in(str(office_db.file_path), UiSettings())
    slow_open.set()
    check_failures()
    assert left == ["loginDialog"]
    assert ctx is None
    if db is not None:
        db.dispose()


SIGN_IN_PAINTED = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from tthc_desk.app import main  # the entry point's own imports
from tthc_desk.ui.app import make_application
from tthc_desk.ui.login_dialog import LoginDialog
app = make_application([])
dlg = LoginDialog(None, "UBND xã An Sơn", "canbo1")
dlg.show()
app.processEvents()
dlg.grab()
print(json.dumps(sorted(sys.modules)))
"""


def test_sign_in_window_painted_without_sqlalchemy_or_the_services() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", SIGN_IN_PAINTED],
        capture_output=True, text=True, env=env, cwd=ROOT, check=True, timeout=120,
    ).stdout  # fmt: skip
    modules = set(json.loads(out.strip().splitlines()[-1]))
    assert "tthc_desk.ui.login_dialog" in modules
    early = sorted(
        m
        for m in modules
        if m.split(".")[0] in ("sqlalchemy", "alembic")
        or m.startswith(("tthc_desk.services", "tthc_desk.persistence", "tthc_desk.ui.main_window"))
    )
    assert early == []


def test_the_window_keeps_painting_while_the_password_is_checked(qtbot, office_db, users) -> None:  # type: ignore[no-untyped-def]
    """The check (scrypt) runs in a thread: the event loop turns meanwhile with the dialog off
    (no second Enter, no Esc reaches it), and the result is the same as a plain call's."""
    dlg = LoginDialog(office_db, "UBND xã An Sơn")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.username, "canbo1")
    qtbot.keyClicks(dlg.password, "sai-mat-khau")
    turns = turns_during(dlg, lambda: qtbot.keyClick(dlg.password, Qt.Key.Key_Return))
    assert turns and not any(turns)  # the loop turned; the dialog was off all along
    assert "không đúng" in dlg.error.text() and dlg.isEnabled() and dlg.isVisible()
    assert dlg.password.text() == ""
    assert dlg.password.hasFocus() or not dlg.isActiveWindow()
    qtbot.keyClicks(dlg.password, "matkhau123")
    still_open: list[bool] = []

    def escape_during_the_check() -> None:
        if not dlg.isEnabled() and not still_open:
            qtbot.keyClick(dlg, Qt.Key.Key_Escape)
            still_open.append(dlg.isVisible())

    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(escape_during_the_check)
    timer.start()
    qtbot.keyClick(dlg.password, Qt.Key.Key_Return)
    timer.stop()
    assert still_open == [True]  # Esc pressed during the check did not close it
    assert dlg.result() == QDialog.DialogCode.Accepted and dlg.user is not None
    assert dlg.user.username == "canbo1"
