"""First run: the office's profile (printed on every sheet) and the administrator account."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.enums import Role
from tthc_desk.domain.errors import AppError
from tthc_desk.services import auth
from tthc_desk.services.catalogue_seed import load_shipped_catalogue, shipped_catalogue_size
from tthc_desk.services.database import Database
from tthc_desk.ui.tasks import wait_off_ui_thread
from tthc_desk.ui.widgets import ErrorLabel


def identifier_help() -> str:
    return QCoreApplication.translate(
        "SetupDialog",
        "Mã định danh điện tử của cơ quan do tỉnh cấp theo QCVN 102:2016/BTTTT (xem trên phần "
        "mềm một cửa của tỉnh). Mã này là phần đầu của mã hồ sơ, ví dụ 000.00.25.H23-251205-0001.",
    )


def counter_unit_combo(current: str = "") -> QComboBox:
    """The unit printed under the office on every sheet: an editable choice."""
    combo = QComboBox(objectName="counterUnit")
    combo.setEditable(True)
    combo.addItems(list(auth.COUNTER_UNITS))
    if current:
        combo.setCurrentText(current)
    combo.setToolTip(
        QCoreApplication.translate(
            "SetupDialog",
            "In dưới tên cơ quan trên mọi phiếu. Từ 1/7/2025 (Nghị định 118/2025/NĐ-CP): Trung "
            "tâm Phục vụ hành chính công; trước đó: Bộ phận Một cửa.",
        )
    )
    return combo


class SetupDialog(QDialog):
    """Asks for the office's name, code, address, province and creates the administrator."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user: auth.UserView | None = None
        self.loaded = 0  # procedures loaded from the shipped catalogue
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
        self.identifier = QLineEdit(objectName="officeIdentifier")
        self.identifier.setPlaceholderText(self.tr("Ví dụ: 000.00.25.H23"))
        self.identifier.setToolTip(identifier_help())
        self.identifier_help = QLabel(
            self.tr("Do tỉnh cấp (QCVN 102:2016/BTTTT); là phần đầu của mã hồ sơ."),
            objectName="identifierHelp",
        )
        self.identifier_help.setStyleSheet("color: #555;")
        self.counter_unit = counter_unit_combo()
        self.address = QLineEdit(objectName="officeAddress")
        self.province = QLineEdit(objectName="officeProvince")
        self.phone = QLineEdit(objectName="officePhone")
        self.email = QLineEdit(objectName="officeEmail")
        of.addRow(self.tr("Tên cơ quan:"), self.office_name)
        of.addRow(self.tr("Mã định danh điện tử:"), self.identifier)
        of.addRow("", self.identifier_help)
        of.addRow(self.tr("Bộ phận tiếp nhận:"), self.counter_unit)
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
        self.password.setPlaceholderText(
            self.tr("Ít nhất {minimum} ký tự").format(minimum=auth.MIN_PASSWORD)
        )
        self.password_again = QLineEdit(objectName="adminPasswordAgain")
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        af.addRow(self.tr("Họ và tên:"), self.full_name)
        af.addRow(self.tr("Tên đăng nhập:"), self.username)
        af.addRow(self.tr("Mật khẩu:"), self.password)
        af.addRow(self.tr("Nhập lại mật khẩu:"), self.password_again)

        self.load_catalogue = QCheckBox(
            self.tr(
                "Nạp sẵn danh mục {n} thủ tục cấp xã kèm nguồn; mỗi thủ tục được đánh dấu «cần "
                "đối chiếu với quyết định công bố của tỉnh» cho đến khi quản trị viên xác nhận "
                "hoặc sửa. Danh mục của tỉnh vẫn nhập được từ tệp Excel."
            ).format(n=shipped_catalogue_size()),
            objectName="loadCatalogue",
        )
        self.load_catalogue.setChecked(True)
        catalogue_label = QLabel(self.load_catalogue.text())
        catalogue_label.setWordWrap(True)
        catalogue_label.setBuddy(self.load_catalogue)
        self.load_catalogue.setText("")
        catalogue_row = QHBoxLayout()
        catalogue_row.addWidget(self.load_catalogue, 0, Qt.AlignmentFlag.AlignTop)
        catalogue_row.addWidget(catalogue_label, 1)

        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Lưu và tiếp tục"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self._fields: dict[str, QLineEdit] = {
            "name": self.office_name,
            "identifier": self.identifier,
            "code": self.identifier,
            "address": self.address,
            "province": self.province,
            "email": self.email,
            "username": self.username,
            "full_name": self.full_name,
            "password": self.password,
            "password_again": self.password_again,
        }
        lay = QVBoxLayout(self)
        for w in (intro, office_box, admin_box):
            lay.addWidget(w)
        lay.addLayout(catalogue_row)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(600, 0)

    def submit(self) -> None:
        self.error.clear_error()
        office = auth.OfficeInput(
            self.office_name.text(),
            "",  # the dossier codes' office part is the identifier code
            self.address.text(),
            self.province.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            identifier=self.identifier.text(),
            counter_unit=self.counter_unit.currentText(),
        )
        admin = auth.UserInput(
            self.username.text(),
            self.full_name.text(),
            Role.ADMIN,
            self.password.text(),
            self.password_again.text(),
            title=self.tr("Quản trị viên"),
        )
        db, load = self.db, self.load_catalogue.isChecked()

        def set_up() -> tuple[auth.UserView, int]:
            user = auth.first_run_setup(db, office, admin)
            return user, (load_shipped_catalogue(db, user.actor) if load else 0)

        try:
            # the password hashed with scrypt and the catalogue loaded: in a thread, the window
            # keeps painting
            self.user, self.loaded = wait_off_ui_thread(set_up, self)
        except AppError as exc:
            self.error.show_error(exc)
            target = self._fields.get(exc.field or "")
            if target is not None:
                target.setFocus()
                target.selectAll()
            return
        self.accept()
