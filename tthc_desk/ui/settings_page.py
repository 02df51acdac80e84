"""Cài đặt: the office profile, users and roles (administrator), the deadline warning and the OCR
default (administrator), language, database and log paths."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.enums import Role
from tthc_desk.domain.errors import AppError
from tthc_desk.paths import log_path
from tthc_desk.services import auth, settings_store
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.dossiers_page import refresh_badge
from tthc_desk.ui.main_window import role_name
from tthc_desk.ui.widgets import ErrorLabel, show_error


def _decimal(value: float) -> str:
    """A number as typed in Vietnamese: no useless zeros, a decimal comma (12,5)."""
    return f"{value:g}".replace(".", ",")


class UserDialog(QDialog):
    """Create or edit one user (administrator only)."""

    def __init__(
        self, ctx: AppContext, user: auth.UserView | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.existing = ctx, user
        self.setObjectName("userDialog")
        self.setWindowTitle(self.tr("Sửa người dùng") if user else self.tr("Thêm người dùng"))
        form = QFormLayout()
        self.username = QLineEdit(user.username if user else "", objectName="username")
        self.username.setReadOnly(user is not None)
        self.full_name = QLineEdit(user.full_name if user else "", objectName="fullName")
        self.title = QLineEdit((user.title or "") if user else "", objectName="title")
        self.phone = QLineEdit((user.phone or "") if user else "", objectName="phone")
        self.role = QComboBox(objectName="role")
        for r in Role:
            self.role.addItem(role_name(r.value), r)
        if user:
            self.role.setCurrentIndex(list(Role).index(user.role))
        self.password = QLineEdit(objectName="password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit(objectName="passwordAgain")
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        if user:
            self.password.setPlaceholderText(self.tr("Để trống nếu không đổi"))
        self.active = QCheckBox(self.tr("Đang hoạt động"), objectName="active")
        self.active.setChecked(user.active if user else True)
        form.addRow(self.tr("Tên đăng nhập:"), self.username)
        form.addRow(self.tr("Họ và tên:"), self.full_name)
        form.addRow(self.tr("Chức vụ:"), self.title)
        form.addRow(self.tr("Điện thoại:"), self.phone)
        form.addRow(self.tr("Vai trò:"), self.role)
        form.addRow(self.tr("Mật khẩu:"), self.password)
        form.addRow(self.tr("Nhập lại mật khẩu:"), self.password_again)
        form.addRow("", self.active)
        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)

    def submit(self) -> None:
        data = auth.UserInput(
            self.username.text(),
            self.full_name.text(),
            self.role.currentData(),
            self.password.text(),
            self.password_again.text(),
            self.title.text(),
            self.phone.text(),
        )
        try:
            if self.existing:
                auth.update_user(
                    self.ctx.db,
                    self.ctx.actor,
                    self.existing.id,
                    data,
                    active=self.active.isChecked(),
                )
            else:
                auth.create_user(self.ctx.db, self.ctx.actor, data)
        except AppError as exc:
            self.error.show_error(exc)
            return
        self.accept()


class SettingsPage(QWidget):
    """Settings every user sees; editing parts are enabled for the administrator only."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        is_admin = ctx.user.role is Role.ADMIN

        general = QGroupBox(self.tr("Chung"))
        gf = QFormLayout(general)
        self.language = QComboBox(objectName="language")
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if ctx.ui_settings.language == "vi" else 1)
        self.language.currentIndexChanged.connect(self._language_changed)
        db_label = QLabel(ctx.db.display_name, objectName="dbPath")
        db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        log_label = QLabel(str(log_path()), objectName="logPath")
        log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        gf.addRow(self.tr("Ngôn ngữ:"), self.language)
        gf.addRow(self.tr("Cơ sở dữ liệu:"), db_label)
        gf.addRow(self.tr("Tệp nhật ký:"), log_label)

        office = QGroupBox(self.tr("Cơ quan"))
        of = QFormLayout(office)
        o = ctx.office
        self.office_name = QLineEdit(o.name, objectName="officeName")
        self.office_code = QLineEdit(o.code, objectName="officeCode")
        self.office_address = QLineEdit(o.address, objectName="officeAddress")
        self.office_province = QLineEdit(o.province, objectName="officeProvince")
        self.office_phone = QLineEdit(o.phone or "", objectName="officePhone")
        self.office_email = QLineEdit(o.email or "", objectName="officeEmail")
        for label, w in (
            (self.tr("Tên cơ quan:"), self.office_name),
            (self.tr("Mã cơ quan:"), self.office_code),
            (self.tr("Địa chỉ:"), self.office_address),
            (self.tr("Tỉnh, thành phố:"), self.office_province),
            (self.tr("Điện thoại:"), self.office_phone),
            (self.tr("Thư điện tử:"), self.office_email),
        ):
            w.setReadOnly(not is_admin)
            of.addRow(label, w)
        self.office_error = ErrorLabel(self)
        save_office = QPushButton(self.tr("Lưu thông tin cơ quan"), objectName="saveOffice")
        save_office.setEnabled(is_admin)
        save_office.clicked.connect(self._save_office)
        of.addRow(self.office_error)
        of.addRow(save_office)

        users = QGroupBox(self.tr("Người dùng"))
        ul = QVBoxLayout(users)
        self.users_table = QTableWidget(0, 5, objectName="usersTable")
        self.users_table.setHorizontalHeaderLabels(
            [
                self.tr("Tên đăng nhập"),
                self.tr("Họ và tên"),
                self.tr("Vai trò"),
                self.tr("Chức vụ"),
                self.tr("Trạng thái"),
            ]
        )
        self.users_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.users_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.users_table.horizontalHeader().setStretchLastSection(True)
        self.users_table.doubleClicked.connect(lambda _i: self._edit_user())
        row = QHBoxLayout()
        self.add_user_btn = QPushButton(self.tr("Thêm người dùng"), objectName="addUser")
        self.edit_user_btn = QPushButton(self.tr("Sửa"), objectName="editUser")
        for b in (self.add_user_btn, self.edit_user_btn):
            b.setEnabled(is_admin)
            row.addWidget(b)
        row.addStretch(1)
        self.add_user_btn.clicked.connect(self._add_user)
        self.edit_user_btn.clicked.connect(self._edit_user)
        ul.addWidget(self.users_table)
        ul.addLayout(row)
        if not is_admin:
            ul.addWidget(QLabel(self.tr("Chỉ quản trị viên được thay đổi người dùng.")))

        deadlines = self._deadline_group(is_admin)

        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(general, 1)
        top.addWidget(office, 1)
        lay.addLayout(top)
        lay.addWidget(deadlines)
        if ctx.db.file_path is not None:  # a server's database is backed up with pg_dump
            from tthc_desk.ui.backup_panel import BackupPanel

            self.backup_panel = BackupPanel(ctx, self)
            self.backup_panel.sig_restored.connect(lambda _r: self.window().close())
            lay.addWidget(self.backup_panel)
        lay.addWidget(users, 1)
        self._users: list[auth.UserView] = []
        self.reload_users()

    def _deadline_group(self, is_admin: bool) -> QGroupBox:
        """The deadline warning (deadlines.md §4) and the OCR default of digitisation."""
        box = QGroupBox(self.tr("Cảnh báo hạn và số hóa"), objectName="deadlineSettings")
        form = QFormLayout(box)
        self.warn_percent = QLineEdit(objectName="warningPercent")
        self.warn_hours = QLineEdit(objectName="warningHours")
        self.ocr_default = QCheckBox(
            self.tr("Mặc định nhận dạng chữ (OCR) khi số hóa"), objectName="ocrDefault"
        )
        for edit in (self.warn_percent, self.warn_hours):
            edit.setMaximumWidth(80)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setReadOnly(not is_admin)
        self.ocr_default.setEnabled(is_admin)
        percent_row = QHBoxLayout()
        percent_row.addWidget(self.warn_percent)
        percent_row.addWidget(QLabel(self.tr("% thời gian giải quyết")), 1)
        hours_row = QHBoxLayout()
        hours_row.addWidget(self.warn_hours)
        hours_row.addWidget(QLabel(self.tr("giờ làm việc")), 1)
        form.addRow(self.tr("Cảnh báo khi còn dưới:"), percent_row)
        form.addRow(self.tr("hoặc còn dưới:"), hours_row)
        hint = QLabel(
            self.tr(
                "Áp dụng cho hồ sơ, từng bước xử lý và phản ánh, kiến nghị: khi thời gian còn "
                "lại dưới một trong hai mức này, thời hạn được tô màu vàng (sắp đến hạn). "
                "Mặc định: 25% hoặc 4 giờ làm việc."
            ),
            objectName="warningHint",
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        form.addRow(self.ocr_default)
        self.deadline_error = ErrorLabel(self)
        self.deadline_error.setObjectName("deadlineError")
        self.deadline_saved = QLabel(self.tr("Đã lưu."), objectName="deadlineSaved")
        self.deadline_saved.hide()
        self.save_deadlines = QPushButton(
            self.tr("Lưu cài đặt cảnh báo và số hóa"), objectName="saveDeadlineSettings"
        )
        self.save_deadlines.setEnabled(is_admin)
        self.save_deadlines.clicked.connect(self._save_deadlines)
        form.addRow(self.deadline_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_deadlines)
        buttons.addWidget(self.deadline_saved)
        buttons.addStretch(1)
        form.addRow(buttons)
        if not is_admin:
            form.addRow(QLabel(self.tr("Chỉ quản trị viên được thay đổi các cài đặt này.")))
        self._show_deadlines(settings_store.deadline_settings(self.ctx.db))
        return box

    def _show_deadlines(self, view: settings_store.DeadlineSettings) -> None:
        self.warn_percent.setText(_decimal(view.percent))
        self.warn_hours.setText(_decimal(view.policy.hours))
        self.ocr_default.setChecked(view.ocr)

    def _save_deadlines(self) -> None:
        self.deadline_error.clear_error()
        self.deadline_saved.hide()
        data = settings_store.DeadlineSettingsInput(
            self.warn_percent.text(), self.warn_hours.text(), self.ocr_default.isChecked()
        )
        try:
            view = settings_store.save_deadline_settings(self.ctx.db, self.ctx.actor, data)
        except AppError as exc:
            self.deadline_error.show_error(exc)
            edit = self.warn_hours if exc.field == "hours" else self.warn_percent
            edit.setFocus()
            edit.selectAll()
            return
        self._show_deadlines(view)
        self.deadline_saved.show()
        refresh_badge(self, self.ctx)  # the nearly-due count follows the new setting

    def reload_users(self) -> None:
        self.ctx.runner.submit(
            auth.list_users,
            self.ctx.db,
            on_done=self._show_users,
            on_error=lambda e: show_error(self, e),
        )

    def _show_users(self, users: list[auth.UserView]) -> None:
        self._users = users
        self.users_table.setRowCount(len(users))
        for r, u in enumerate(users):
            values = [
                u.username,
                u.full_name,
                role_name(u.role.value),
                u.title or "",
                self.tr("Hoạt động") if u.active else self.tr("Đã khóa"),
            ]
            for c, v in enumerate(values):
                self.users_table.setItem(r, c, QTableWidgetItem(v))
        self.users_table.resizeColumnsToContents()

    def _add_user(self) -> None:
        if UserDialog(self.ctx, parent=self).exec():
            self.reload_users()

    def _edit_user(self) -> None:
        row = self.users_table.currentRow()
        if row < 0 or row >= len(self._users) or self.ctx.user.role is not Role.ADMIN:
            return
        if UserDialog(self.ctx, self._users[row], parent=self).exec():
            self.reload_users()

    def _save_office(self) -> None:
        self.office_error.clear_error()
        data = auth.OfficeInput(
            self.office_name.text(),
            self.office_code.text(),
            self.office_address.text(),
            self.office_province.text(),
            phone=self.office_phone.text(),
            email=self.office_email.text(),
        )
        try:
            self.ctx.office = auth.update_office(self.ctx.db, self.ctx.actor, data)
        except AppError as exc:
            self.office_error.show_error(exc)

    def _language_changed(self) -> None:
        self.ctx.ui_settings.language = self.language.currentData()
        self.ctx.ui_settings.sync()
        QMessageBox.information(
            self, self.tr("Ngôn ngữ"), self.tr("Ngôn ngữ mới sẽ được dùng khi mở lại ứng dụng.")
        )
