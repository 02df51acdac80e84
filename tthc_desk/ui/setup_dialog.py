"""First run: the office's profile (printed on every sheet) and the administrator account."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.enums import Role
from tthc_desk.domain.errors import AppError
from tthc_desk.services import auth
from tthc_desk.services.database import Database
from tthc_desk.ui.widgets import ErrorLabel


class SetupDialog(QDialog):
    """Asks for the office's name, code, address, province and creates the administrator."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user: auth.UserView | None = None
        self.setWindowTitle(self.tr("Thiết lập lần đầu — TTHC Desk"))
        self.setObjectName("setupDialog")

        intro = QLabel(
            self.tr(
                "Chào mừng! Hãy nhập thông tin cơ quan (in trên mọi phiếu, sổ) và tạo tài khoản "
                "quản trị viên."
            )
        )
        intro.setWordWrap(True)

        office_box = QGroupBox(self.tr("Cơ quan"))
        of = QFormLayout(office_box)
        self.office_name = QLineEdit(objectName="officeName")
        self.office_name.setPlaceholderText(self.tr("Ví dụ: UBND xã An Sơn"))
        self.office_code = QLineEdit(objectName="officeCode")
        self.office_code.setPlaceholderText(self.tr("Ví dụ: H23.12.05"))
        self.address = QLineEdit(objectName="officeAddress")
        self.province = QLineEdit(objectName="officeProvince")
        self.phone = QLineEdit(objectName="officePhone")
        self.email = QLineEdit(objectName="officeEmail")
        of.addRow(self.tr("Tên cơ quan:"), self.office_name)
        of.addRow(self.tr("Mã cơ quan:"), self.office_code)
        of.addRow(self.tr("Địa chỉ:"), self.address)
        of.addRow(self.tr("Tỉnh, thành phố:"), self.province)
        of.addRow(self.tr("Điện thoại:"), self.phone)
        of.addRow(self.tr("Thư điện tử:"), self.email)

        admin_box = QGroupBox(self.tr("Quản trị viên"))
        af = QFormLayout(admin_box)
        self.full_name = QLineEdit(objectName="adminFullName")
        self.username = QLineEdit(objectName="adminUsername")
        self.password = QLineEdit(objectName="adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit(objectName="adminPasswordAgain")
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        af.addRow(self.tr("Họ và tên:"), self.full_name)
        af.addRow(self.tr("Tên đăng nhập:"), self.username)
        af.addRow(self.tr("Mật khẩu:"), self.password)
        af.addRow(self.tr("Nhập lại mật khẩu:"), self.password_again)

        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Lưu và tiếp tục"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self._fields: dict[str, QLineEdit] = {
            "name": self.office_name,
            "code": self.office_code,
            "address": self.address,
            "province": self.province,
            "email": self.email,
            "username": self.username,
            "full_name": self.full_name,
            "password": self.password,
            "password_again": self.password_again,
        }
        lay = QVBoxLayout(self)
        for w in (intro, office_box, admin_box, self.error, buttons):
            lay.addWidget(w)
        self.resize(560, 0)

    def submit(self) -> None:
        self.error.clear_error()
        office = auth.OfficeInput(
            self.office_name.text(),
            self.office_code.text(),
            self.address.text(),
            self.province.text(),
            phone=self.phone.text(),
            email=self.email.text(),
        )
        admin = auth.UserInput(
            self.username.text(),
            self.full_name.text(),
            Role.ADMIN,
            self.password.text(),
            self.password_again.text(),
            title=self.tr("Quản trị viên"),
        )
        try:
            self.user = auth.first_run_setup(self.db, office, admin)
        except AppError as exc:
            self.error.show_error(exc)
            target = self._fields.get(exc.field or "")
            if target is not None:
                target.setFocus()
                target.selectAll()
            return
        self.accept()
