"""The start path a new office sees: first-run set-up, sign-in, then the main window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget

from tthc_desk.services import auth
from tthc_desk.services.database import Database
from tthc_desk.ui.app import sign_in_flow
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.login_dialog import LoginDialog
from tthc_desk.ui.main_window import MainWindow, PlaceholderPage
from tthc_desk.ui.settings import UiSettings
from tthc_desk.ui.setup_dialog import SetupDialog
from tthc_desk.ui.tasks import InlineTaskRunner


def when_modal(qtbot, name: str, action: Callable[[QDialog], None]) -> None:  # type: ignore[no-untyped-def]
    """Run ``action`` on the modal dialog called ``name`` as soon as it is shown."""

    def attempt() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, QDialog) and w.objectName() == name and w.isVisible():
            action(w)
        else:
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)


def fill(dialog: QWidget, **values: str) -> None:
    for name, value in values.items():
        edit = dialog.findChild(QLineEdit, name)
        assert edit is not None, name
        edit.setText(value)


def test_first_run_then_sign_in_then_main_window(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def do_setup(dlg: QDialog) -> None:
        seen.append("setup")
        assert isinstance(dlg, SetupDialog)
        # First a wrong identifier code: the dialog stays open with a Vietnamese message.
        fill(
            dlg,
            officeName="UBND xã An Sơn",
            officeIdentifier="an son",
            officeAddress="Thôn Đông",
            officeProvince="Hải Dương",
            adminFullName="Trần Văn Quản",
            adminUsername="admin",
            adminPassword="matkhau123",
            adminPasswordAgain="matkhau123",
        )
        dlg.submit()
        assert dlg.isVisible()
        assert "Mã định danh điện tử" in dlg.error.text()
        fill(dlg, officeIdentifier="000.00.25.H23")
        dlg.submit()
        when_modal(qtbot, "loginDialog", do_login)

    def do_login(dlg: QDialog) -> None:
        seen.append("login")
        assert isinstance(dlg, LoginDialog)
        assert dlg.username.text() == "admin"  # remembered from set-up
        fill(dlg, password="sai-mat-khau")
        dlg.submit()
        assert dlg.isVisible() and "không đúng" in dlg.error.text()
        fill(dlg, password="matkhau123")
        dlg.submit()

    when_modal(qtbot, "setupDialog", do_setup)
    ctx = sign_in_flow(db, UiSettings())
    assert seen == ["setup", "login"]
    assert ctx is not None and ctx.user.username == "admin"

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert "UBND xã An Sơn" in window.windowTitle()
    assert "Trần Văn Quản" in window.user_label.text()
    assert db.display_name in window.db_label.text()
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels[:2] == ["Tiếp nhận", "Hồ sơ"] and "Cài đặt" in labels
    assert "Chỉ số 766" in labels and "Lịch làm việc" in labels


def make_ctx(db: Database, username: str) -> AppContext:
    user = next(u for u in auth.list_users(db) if u.username == username)
    office = auth.get_office(db)
    assert office is not None
    return AppContext(
        db=db, runner=InlineTaskRunner(), user=user, office=office, ui_settings=UiSettings()
    )


def test_unbuilt_areas_say_so_and_geometry_is_remembered(qtbot, office_db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(office_db, "canbo1")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    for key in window.area_keys():
        page = window.show_area(key)
        if isinstance(page, PlaceholderPage):
            assert "đang được xây dựng" in page.findChild(QWidget, "placeholderText").text()


def test_window_geometry_is_remembered(qtbot, office_db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(make_ctx(office_db, "canbo1"))
    qtbot.addWidget(window)
    window.show()
    window.resize(780, 560)
    size = (window.width(), window.height())
    window.close()
    second = MainWindow(make_ctx(office_db, "canbo1"))
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == size


def test_sign_in_messages(qtbot, office_db: Database) -> None:  # type: ignore[no-untyped-def]
    dlg = LoginDialog(office_db, "UBND xã An Sơn")
    qtbot.addWidget(dlg)
    dlg.submit()
    assert dlg.error.text() == "Hãy nhập tên đăng nhập."
    fill(dlg, username="canbo1")
    dlg.submit()
    assert dlg.error.text() == "Hãy nhập mật khẩu."
    for _ in range(5):
        fill(dlg, password="sai")
        dlg.submit()
    assert "Hãy chờ 30 giây" in dlg.error.text()


def test_settings_page_lets_only_the_admin_manage_users(qtbot, office_db: Database) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.ui.settings_page import SettingsPage

    admin_page = SettingsPage(make_ctx(office_db, "admin"))
    qtbot.addWidget(admin_page)
    assert admin_page.users_table.rowCount() == 4
    assert admin_page.add_user_btn.isEnabled()
    clerk_page = SettingsPage(make_ctx(office_db, "canbo1"))
    qtbot.addWidget(clerk_page)
    assert not clerk_page.add_user_btn.isEnabled()
    assert clerk_page.office_name.isReadOnly()
