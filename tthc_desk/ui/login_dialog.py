"""Sign-in: username and password, with a clear message and a delay after repeated mistakes.

The window may be shown before the database is open (``db=None``): the clerk types while the
database and SQLAlchemy load in the background; a sign-in asked for before then waits for
:meth:`LoginDialog.database_ready` and goes on by itself. Nothing here imports the services
at module level, so the window paints without them.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QObject, Signal
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
        self._checking = False  # the password is being checked (in a thread)
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
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Đăng nhập"))
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
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
        if self._checking:
            return
        from tthc_desk.services import auth

        db, username, password = self.db, self.username.text(), self.password.text()
        try:
            self.user = self._off_the_ui_thread(lambda: auth.sign_in(db, username, password))
        except AppError as exc:
            self.error.show_error(exc)
            self.password.clear()
            (self.username if exc.field == "username" else self.password).setFocus()
            return
        self.accept()

    def _off_the_ui_thread(self, check: Callable[[], Any]) -> Any:
        """Run the password check (scrypt, a deliberate third of a second or more) in a thread
        and wait for it in a local event loop: the window keeps painting, the inputs are off
        meanwhile, and the caller gets the result (or the exception) as from a plain call."""
        done = _Done()
        loop = QEventLoop()
        done.finished.connect(loop.quit)
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["value"] = check()
            except BaseException as exc:  # noqa: BLE001 - re-raised on the UI thread
                box["error"] = exc
            finally:
                done.finished.emit()

        self._set_checking(True)
        try:
            worker = threading.Thread(target=run, name="sign-in", daemon=True)
            worker.start()
            if worker.is_alive():
                loop.exec()
            worker.join()
        finally:
            self._set_checking(False)
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def _set_checking(self, on: bool) -> None:
        self._checking = on
        for w in (self.username, self.password, self.ok_button):
            w.setEnabled(not on)
        self.status.setText(self.tr("Đang kiểm tra mật khẩu…"))
        self.status.setVisible(on)

    def reject(self) -> None:
        if not self._checking:  # Esc while the password is checked waits for the answer
            super().reject()


class _Done(QObject):
    finished = Signal()
