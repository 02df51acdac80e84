"""Sign-in: username and password, with a clear message and a delay after repeated mistakes.

The window may be shown before the database is open (``db=None``): the clerk types while the
database and SQLAlchemy load in the background; a sign-in asked for before then waits for
:meth:`LoginDialog.database_ready` and goes on by itself. Nothing here imports the services
at module level, so the window paints without them.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.errors import AppError
from tthc_desk.ui.tasks import wait_off_ui_thread
from tthc_desk.ui.widgets import ErrorLabel

if TYPE_CHECKING:
    from tthc_desk.services.auth import UserView
    from tthc_desk.services.database import Database


class LoginDialog(QDialog):
    """Signs a user in; ``self.user`` holds who signed in after ``accept``."""

    def __init__(
        self,
        db: Database | None,
        office_name: str = "",
        last_username: str = "",
        parent: QWidget | None = None,
        counter_unit: str = "",
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.user: UserView | None = None
        self._waiting = False  # a sign-in asked for before the database was open
        self.setWindowTitle(self.tr("Đăng nhập — TTHC Desk"))
        self.setObjectName("loginDialog")
        self.heading = QLabel(objectName="loginHeading")
        self.set_heading(office_name, counter_unit)
        form = QFormLayout()
        self.username = QLineEdit(last_username, objectName="username")
        self.password = QLineEdit(objectName="password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Tên đăng nhập:"), self.username)
        form.addRow(self.tr("Mật khẩu:"), self.password)
        self.error = ErrorLabel(self)
        self.status = QLabel(objectName="loginStatus")
        self.status.setWordWrap(True)
        self.status.setVisible(db is None)
        self.status.setText(self.tr("Đang mở cơ sở dữ liệu…"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Đăng nhập"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addLayout(form)
        lay.addWidget(self.status)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        (self.password if last_username else self.username).setFocus()
        self.resize(380, 0)

    def set_heading(self, office_name: str, counter_unit: str = "") -> None:
        if not office_name:  # first start on this PC, the database not open yet: no guess
            self.heading.setText("<b>TTHC Desk</b><br>&nbsp;")
            return
        unit = counter_unit or self.tr("Bộ phận Một cửa")
        self.heading.setText(f"<b>{html.escape(office_name)}</b><br>{html.escape(unit)}")

    def database_ready(self, db: Database, office_name: str, counter_unit: str = "") -> None:
        """The database is open: show its office, and sign in if the user already asked to."""
        self.db = db
        self.set_heading(office_name, counter_unit)
        self.status.hide()
        self.ok_button.setEnabled(True)
        if self._waiting:
            self._waiting = False
            self.submit()

    def submit(self) -> None:
        self.error.clear_error()
        if self.db is None:  # typed faster than the database opened: go on when it is open
            self._waiting = True
            self.ok_button.setEnabled(False)
            self.status.setText(self.tr("Đang mở cơ sở dữ liệu… Sẽ đăng nhập ngay khi mở xong."))
            return
        from tthc_desk.services import auth

        db, username, password = self.db, self.username.text(), self.password.text()
        # the check (scrypt) runs in a thread: the window keeps painting, the dialog is off
        self.status.setText(self.tr("Đang kiểm tra mật khẩu…"))
        self.status.show()
        try:
            self.user = wait_off_ui_thread(lambda: auth.sign_in(db, username, password), self)
        except AppError as exc:
            self.error.show_error(exc)
            self.password.clear()
            (self.username if exc.field == "username" else self.password).setFocus()
            return
        finally:
            self.status.hide()
        self.accept()
