"""End to end through the windows, by keyboard, on a real SQLite file: a new office's first run,
the administrator adds the clerk, an officer and the leader in Cài đặt, then each signs in."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QPushButton

from tests.accounts.gui import (
    check_failures,
    press_enter,
    turns_during,
    type_into,
    type_text,
    when_modal,
)
from tthc_desk.persistence.db import Database
from tthc_desk.services import auth
from tthc_desk.ui.app import AppShell
from tthc_desk.ui.main_window import MainWindow
from tthc_desk.ui.settings import UiSettings
from tthc_desk.ui.tasks import InlineTaskRunner

PASSWORD = "matkhau123"
STAFF = (
    # username, full name, title, how many times Down from the first role (clerk)
    ("canbo1", "Nguyễn Thị Hoa", "Công chức Văn phòng - Thống kê", 0, "Cán bộ tiếp nhận"),
    ("congchuc1", "Lê Văn Tư", "Công chức Tư pháp - Hộ tịch", 1, "Công chức chuyên môn"),
    ("chutich", "Nguyễn Đức Ngọc", "Chủ tịch UBND xã", 2, "Lãnh đạo"),
)


def activate(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Bring the window to the front (shortcuts act on the active window only)."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def first_run(qtbot, shell: AppShell) -> MainWindow:  # type: ignore[no-untyped-def]
    """The set-up dialog, then sign-in as the new administrator, by keyboard."""

    def setup(dlg: QDialog) -> None:
        for name, text in (
            ("officeName", "UBND xã An Sơn"),
            ("officeIdentifier", "000.00.25.H23"),
            ("officeAddress", "Thôn Đông, xã An Sơn"),
            ("officeProvince", "Hải Phòng"),
            ("adminFullName", "Trần Văn Quản"),
            ("adminUsername", "admin"),
            ("adminPassword", PASSWORD),
        ):
            type_into(qtbot, dlg, name, text)
        edit = type_into(qtbot, dlg, "adminPasswordAgain", PASSWORD)
        when_modal(qtbot, "loginDialog", login)
        # the password hashed and 47 procedures loaded in a thread: the window keeps painting
        turns = turns_during(dlg, lambda: press_enter(qtbot, edit))
        assert turns and not any(turns)

    def login(dlg: QDialog) -> None:
        assert dlg.findChild(object, "username").text() == "admin"  # remembered from set-up
        press_enter(qtbot, type_into(qtbot, dlg, "password", PASSWORD))

    seen = when_modal(qtbot, "setupDialog", setup)
    started = shell.start()
    check_failures()
    assert started
    assert seen == ["setupDialog"]
    assert shell.window is not None
    return shell.window


def sign_out_and_in(qtbot, shell: AppShell, username: str) -> MainWindow:  # type: ignore[no-untyped-def]
    """Ctrl+Shift+L, then the sign-in dialog as ``username``: a new main window."""
    old = shell.window
    assert old is not None

    def login(dlg: QDialog) -> None:
        assert dlg.findChild(object, "username").text() == ""  # the next person's own name
        type_into(qtbot, dlg, "username", username)
        press_enter(qtbot, type_into(qtbot, dlg, "password", PASSWORD))

    seen = when_modal(qtbot, "loginDialog", login)
    activate(qtbot, old)
    qtbot.keyClick(
        old, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    check_failures()
    assert seen == ["loginDialog"]
    assert shell.window is not None and shell.window is not old
    assert not shiboken6.isValid(old) or not old.isVisible()  # the old window is gone
    return shell.window


def test_first_week_accounts_end_to_end(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    shell = AppShell(db, UiSettings(), runner_factory=InlineTaskRunner)
    window = first_run(qtbot, shell)
    assert "Trần Văn Quản (Quản trị viên)" in window.user_label.text()
    assert "Trần Văn Quản" in window.windowTitle()

    # The shipped catalogue was accepted at set-up: the intake page finds a procedure at once.
    intake = window.pages["intake"]
    intake.proc_search.setFocus()
    type_text(qtbot, intake.proc_search, "khai sinh")
    assert intake.proc_list.count() >= 1
    assert "1.001193 — Đăng ký khai sinh  [Hộ tịch]" in [
        intake.proc_list.item(i).text() for i in range(intake.proc_list.count())
    ]
    assert "còn trống" not in intake.proc_chosen.text()

    # Cài đặt is the tenth area: Ctrl+0.
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    page = window.pages["settings"]
    assert window.stack.currentWidget() is page
    add = page.findChild(QPushButton, "addUser")

    for username, full_name, title, downs, _role in STAFF:

        def fill(
            dlg: QDialog, username=username, full_name=full_name, title=title, downs=downs
        ) -> None:  # type: ignore[no-untyped-def]
            password = dlg.findChild(object, "password")
            # The rule is in view before anything is saved.
            assert "8 ký tự" in password.placeholderText()
            assert "8 ký tự" in dlg.findChild(object, "passwordRule").text()
            type_into(qtbot, dlg, "username", username)
            type_into(qtbot, dlg, "fullName", full_name)
            type_into(qtbot, dlg, "title", title)
            role = dlg.findChild(QComboBox, "role")
            role.setFocus()
            for _ in range(downs):
                qtbot.keyClick(role, Qt.Key.Key_Down)
            type_into(qtbot, dlg, "password", PASSWORD)
            press_enter(qtbot, type_into(qtbot, dlg, "passwordAgain", PASSWORD))
            assert not dlg.isVisible(), dlg.findChild(object, "errorLabel").text()

        seen = when_modal(qtbot, "userDialog", fill)
        add.setFocus()
        qtbot.keyClick(add, Qt.Key.Key_Space)
        check_failures()
        assert seen == ["userDialog"]

    table = page.users_table
    shown = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert shown == {
        "admin": "Quản trị viên",
        "canbo1": "Cán bộ tiếp nhận",
        "congchuc1": "Công chức chuyên môn",
        "chutich": "Lãnh đạo",
    }

    for username, full_name, _title, _downs, role in STAFF:
        window = sign_out_and_in(qtbot, shell, username)
        assert window.user_label.text() == f"Người dùng: {full_name} ({role})"
        assert full_name in window.windowTitle()
    window = sign_out_and_in(qtbot, shell, "admin")
    assert "Trần Văn Quản" in window.user_label.text()
    window.close()

    # Every sign-out is in the audit log.
    from sqlalchemy import select

    from tthc_desk.persistence.models import AuditEntry

    with db.session() as s:
        actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions.count("sign_out") == 4
    assert actions.count("sign_in") == 5
    assert {u.username for u in auth.list_users(db)} == {"admin", "canbo1", "congchuc1", "chutich"}
    office = auth.get_office(db)
    assert office is not None and office.dossier_prefix == "000.00.25.H23"
