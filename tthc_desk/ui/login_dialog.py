"""Sign-in: username and password, with a clear message and a delay after repeated mistakes."""

from __future__ import annotations

import html

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
from tthc_desk.services import auth
from tthc_desk.services.database import Database
from tthc_desk.ui.widgets import ErrorLabel


class LoginDialog(QDialog):
    """Signs a user in; ``self.user`` holds who signed in after ``accept``."""

    def __init__(
        self,
        db: Database,
        office_name: str = "",
        last_username: str = "",
        parent: QWidget | None = None,
        counter_unit: str = "",
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.user: auth.UserView | None = None
        self.setWindowTitle(self.tr("Đăng nhập — TTHC Desk"))
        self.setObjectName("loginDialog")
        unit = counter_unit or self.tr("Bộ phận Một cửa")
        heading = QLabel(f"<b>{html.escape(office_name)}</b><br>{html.escape(unit)}")
        form = QFormLayout()
        self.username = QLineEdit(last_username, objectName="username")
        self.password = QLineEdit(objectName="password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Tên đăng nhập:"), self.username)
        form.addRow(self.tr("Mật khẩu:"), self.password)
        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Đăng nhập"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        (self.password if last_username else self.username).setFocus()
        self.resize(380, 0)

    def submit(self) -> None:
        self.error.clear_error()
        try:
            self.user = auth.sign_in(self.db, self.username.text(), self.password.text())
        except AppError as exc:
            self.error.show_error(exc)
            self.password.clear()
            (self.username if exc.field == "username" else self.password).setFocus()
            return
        self.accept()
