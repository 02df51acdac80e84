"""Adding and editing users: the role as the combo box hands it back, the administrator's own
account, the password rule shown before saving, and sign-out in the audit log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.accounts.gui import check_failures, press_enter, turns_during, type_into, when_modal
from tthc_desk.domain.enums import Role
from tthc_desk.domain.errors import AppError
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import AuditEntry
from tthc_desk.services import auth
from tthc_desk.ui.main_window import MainWindow
from tthc_desk.ui.settings_page import SettingsPage, UserDialog


def test_the_service_takes_the_role_as_a_combo_box_gives_it(office_db: Database, users) -> None:  # type: ignore[no-untyped-def]
    # A QComboBox hands a StrEnum back as its plain string: "leader", not Role.LEADER.
    data = auth.UserInput("pho.ct", "Phạm Văn Phó", "leader", "matkhau123", "matkhau123")  # type: ignore[arg-type]
    created = auth.create_user(office_db, users["admin"].actor, data)
    assert created.role is Role.LEADER
    with pytest.raises(AppError) as err:
        auth.create_user(
            office_db,
            users["admin"].actor,
            auth.UserInput("x.y", "X Y", "boss", "matkhau123", "matkhau123"),  # type: ignore[arg-type]
        )
    assert err.value.code == "user.role.unknown"


def test_the_administrator_edits_their_own_phone(office_db: Database, users) -> None:  # type: ignore[no-untyped-def]
    admin = users["admin"]
    data = auth.UserInput("admin", admin.full_name, "admin", "", "", "Văn phòng", "0912345678")  # type: ignore[arg-type]
    saved = auth.update_user(office_db, admin.actor, admin.id, data)
    assert (saved.phone, saved.title, saved.role) == ("0912345678", "Văn phòng", Role.ADMIN)
    with pytest.raises(AppError) as err:
        auth.update_user(
            office_db,
            admin.actor,
            admin.id,
            auth.UserInput("admin", admin.full_name, Role.CLERK, "", ""),
        )
    assert err.value.code == "user.self_demote"


def test_add_user_dialog_by_keyboard(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx("admin")
    dlg = UserDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    # The rule is shown before anything is saved.
    assert dlg.password.placeholderText() == "Ít nhất 8 ký tự"
    assert dlg.password_rule.text() == ("Mật khẩu: ít nhất 8 ký tự; hai lần nhập phải giống nhau.")
    type_into(qtbot, dlg, "username", "congchuc2")
    type_into(qtbot, dlg, "fullName", "Đỗ Thị Lan")
    dlg.role.setFocus()
    qtbot.keyClick(dlg.role, Qt.Key.Key_Down)
    type_into(qtbot, dlg, "password", "ngan")
    press_enter(qtbot, type_into(qtbot, dlg, "passwordAgain", "ngan"))
    assert dlg.error.text() == "Mật khẩu phải có ít nhất 8 ký tự."
    assert dlg.password.hasFocus() or not dlg.isActiveWindow()
    type_into(qtbot, dlg, "password", "matkhau123")
    again = type_into(qtbot, dlg, "passwordAgain", "matkhau123")
    # the password is hashed (scrypt) in a thread: the window keeps painting, the dialog off
    turns = turns_during(dlg, lambda: press_enter(qtbot, again))
    assert turns and not any(turns)
    assert dlg.result() == UserDialog.DialogCode.Accepted
    assert dlg.saved is not None and dlg.saved.role is Role.OFFICER
    assert "congchuc2" in {u.username for u in auth.list_users(ctx.db)}


def test_own_account_dialog_keeps_the_role_and_updates_the_status_bar(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx("admin")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = window.show_area("settings")
    assert isinstance(page, SettingsPage)
    row = next(i for i, u in enumerate(page._users) if u.username == "admin")
    page.users_table.selectRow(row)

    def edit(dlg) -> None:  # type: ignore[no-untyped-def]
        assert not dlg.role.isEnabled() and not dlg.active.isEnabled()
        assert "8 ký tự" in dlg.password.placeholderText()
        type_into(qtbot, dlg, "title", "Công chức Văn phòng")
        press_enter(qtbot, type_into(qtbot, dlg, "phone", "0912345678"))
        assert not dlg.isVisible(), dlg.error.text()  # no "tự bỏ quyền quản trị" refusal

    seen = when_modal(qtbot, "userDialog", edit)
    page.edit_user_btn.setFocus()
    qtbot.keyClick(page.edit_user_btn, Qt.Key.Key_Space)
    check_failures()
    assert seen == ["userDialog"]
    assert ctx.user.phone == "0912345678" and ctx.user.role is Role.ADMIN
    me = auth.user_by_id(ctx.db, ctx.user.id)
    assert (me.title, me.phone) == ("Công chức Văn phòng", "0912345678")
    assert window.user_label.text() == "Người dùng: Trần Văn Quản (Quản trị viên)"


def test_sign_out_is_audited(office_db: Database, users) -> None:  # type: ignore[no-untyped-def]
    auth.sign_out(office_db, users["canbo1"].actor)
    with office_db.session() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "sign_out"))
        assert entry is not None and entry.user_id == users["canbo1"].id


def test_ctrl_number_puts_the_focus_into_the_page(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(make_ctx("canbo1"))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.nav.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    page = window.pages["settings"]
    focused = window.focusWidget()
    assert focused is not None and page.isAncestorOf(focused)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    focused = window.focusWidget()
    assert focused is not None and window.pages["intake"].isAncestorOf(focused)
