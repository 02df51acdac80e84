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
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.dossier_rules import (
    SUPPLEMENT_RULE_DOCUMENT,
    SUPPLEMENT_RULE_LINK,
    SUPPLEMENT_RULE_SOURCE,
)
from tthc_desk.domain.enums import Role
from tthc_desk.domain.errors import AppError
from tthc_desk.paths import log_path
from tthc_desk.services import auth, settings_store
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.dossiers_page import refresh_badge
from tthc_desk.ui.main_window import MainWindow, role_name
from tthc_desk.ui.messages import describe
from tthc_desk.ui.setup_dialog import counter_unit_combo, identifier_help
from tthc_desk.ui.tasks import wait_off_ui_thread
from tthc_desk.ui.widgets import ErrorLabel, fit_placeholder, show_error


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
            self.role.addItem(role_name(r.value), r.value)  # a StrEnum comes back as str
        if user:
            self.role.setCurrentIndex(list(Role).index(user.role))
        self.password = QLineEdit(objectName="password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit(objectName="passwordAgain")
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        rule = self.tr("Ít nhất {minimum} ký tự").format(minimum=auth.MIN_PASSWORD)
        self.password.setPlaceholderText(
            self.tr("Để trống nếu không đổi; nếu đổi: {rule}").format(rule=rule.lower())
            if user
            else rule
        )
        fit_placeholder(self.password)
        self.password.setToolTip(rule)
        self.password_rule = QLabel(
            self.tr("Mật khẩu: ít nhất {minimum} ký tự; hai lần nhập phải giống nhau.").format(
                minimum=auth.MIN_PASSWORD
            ),
            objectName="passwordRule",
        )
        self.password_rule.setWordWrap(True)
        self.password_rule.setStyleSheet("color: #555;")
        self.active = QCheckBox(self.tr("Đang hoạt động"), objectName="active")
        self.active.setChecked(user.active if user else True)
        self.is_self = user is not None and user.id == ctx.user.id
        if self.is_self:
            # The administrator edits their own phone, title, name or password; they keep the
            # role and the account (the service refuses a self-demotion anyway).
            self.role.setEnabled(False)
            self.active.setEnabled(False)
            self.role.setToolTip(self.tr("Bạn không thể tự bỏ quyền quản trị của mình."))
        form.addRow(self.tr("Tên đăng nhập:"), self.username)
        form.addRow(self.tr("Họ và tên:"), self.full_name)
        form.addRow(self.tr("Chức vụ:"), self.title)
        form.addRow(self.tr("Điện thoại:"), self.phone)
        form.addRow(self.tr("Vai trò:"), self.role)
        form.addRow(self.tr("Mật khẩu:"), self.password)
        form.addRow(self.tr("Nhập lại mật khẩu:"), self.password_again)
        form.addRow("", self.password_rule)
        form.addRow("", self.active)
        self.error = ErrorLabel(self)
        self.saved: auth.UserView | None = None
        self._fields: dict[str, QLineEdit] = {
            "username": self.username,
            "full_name": self.full_name,
            "password": self.password,
            "password_again": self.password_again,
        }
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
        self.error.clear_error()
        data = auth.UserInput(
            self.username.text(),
            self.full_name.text(),
            Role(self.role.currentData()),
            self.password.text(),
            self.password_again.text(),
            self.title.text(),
            self.phone.text(),
        )
        db, actor, existing = self.ctx.db, self.ctx.actor, self.existing
        keep_active = self.active.isChecked()
        try:
            # a new password is hashed with scrypt (a third of a second or more): in a thread
            if existing:
                self.saved = wait_off_ui_thread(
                    lambda: auth.update_user(db, actor, existing.id, data, active=keep_active),
                    self,
                )
            else:
                self.saved = wait_off_ui_thread(lambda: auth.create_user(db, actor, data), self)
        except AppError as exc:
            self.error.show_error(exc)
            target = self._fields.get(exc.field or "")
            if target is not None:
                target.setFocus()
                target.selectAll()
            return
        if self.is_self:
            self.ctx.user = self.saved  # the status bar and the actor follow the new details
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
        from tthc_desk.ui.retention_panel import RetentionPanel

        self.retention_panel = RetentionPanel(ctx, general)
        gf.addRow(self.tr("Giữ dữ liệu cá nhân:"), self.retention_panel)

        from tthc_desk.ui.form_paper_panel import FormPaperPanel

        self.form_paper = FormPaperPanel(ctx, self)  # forms 01–05 on A5 (issue 10)
        gf.addRow(self.form_paper.label, self.form_paper)

        office = QGroupBox(self.tr("Cơ quan"))
        of = QFormLayout(office)
        o = ctx.office
        self.office_name = QLineEdit(o.name, objectName="officeName")
        self.office_code = QLineEdit(o.code, objectName="officeCode")
        self.office_code.setToolTip(
            self.tr(
                "Mã ngắn của cơ quan, dùng làm phần đầu mã hồ sơ khi chưa có mã định danh điện "
                "tử: chữ in hoa không dấu, chữ số, dấu chấm (ví dụ: XANSON)."
            )
        )
        self.office_identifier = QLineEdit(o.identifier_code or "", objectName="officeIdentifier")
        self.office_identifier.setPlaceholderText(self.tr("Ví dụ: 000.00.25.H23"))
        self.office_identifier.setToolTip(identifier_help())
        self.identifier_check = QLabel(objectName="identifierCheck")
        self.identifier_check.setWordWrap(True)
        self.office_identifier.textChanged.connect(self._check_identifier)
        self.counter_unit = counter_unit_combo(o.counter_unit)
        self.counter_unit.setEnabled(is_admin)
        self.office_address = QLineEdit(o.address, objectName="officeAddress")
        self.office_province = QLineEdit(o.province, objectName="officeProvince")
        self.office_phone = QLineEdit(o.phone or "", objectName="officePhone")
        self.office_email = QLineEdit(o.email or "", objectName="officeEmail")
        for label, w in (
            (self.tr("Tên cơ quan:"), self.office_name),
            (self.tr("Mã định danh điện tử:"), self.office_identifier),
            (self.tr("Mã cơ quan:"), self.office_code),
            (self.tr("Địa chỉ:"), self.office_address),
            (self.tr("Tỉnh, thành phố:"), self.office_province),
            (self.tr("Điện thoại:"), self.office_phone),
            (self.tr("Thư điện tử:"), self.office_email),
        ):
            w.setReadOnly(not is_admin)
            of.addRow(label, w)
            if w is self.office_identifier:
                of.addRow("", self.identifier_check)
        of.insertRow(1, self.tr("Bộ phận tiếp nhận:"), self.counter_unit)
        self._check_identifier(self.office_identifier.text())
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

        body = QWidget(objectName="settingsBody")
        lay = QVBoxLayout(body)
        top = QHBoxLayout()
        left = QVBoxLayout()  # side by side: the page fits a 768 px high screen
        left.addWidget(general)
        left.addWidget(deadlines, 1)
        top.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(office)
        top.addLayout(right, 1)
        lay.addLayout(top)
        if ctx.db.file_path is not None:  # a server's database is backed up with pg_dump
            from tthc_desk.ui.backup_panel import BackupPanel

            self.backup_panel = BackupPanel(ctx, self)
            self.backup_panel.sig_restored.connect(lambda _r: self.window().close())
            right.addWidget(self.backup_panel)
        lay.addWidget(users, 1)
        # six users in view: on a 768 px screen the page scrolls down to them rather than
        # squeezing their table to one row and a half
        rows = self.users_table.verticalHeader().defaultSectionSize()
        header_h = self.users_table.horizontalHeader().sizeHint().height()
        self.users_table.setMinimumHeight(header_h + 6 * rows + 4)
        scroll = QScrollArea(objectName="settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
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
        self.supplement_rule = QComboBox(objectName="supplementRule")
        self.supplement_rule.addItem(
            self.tr("Tính tiếp thời gian còn lại (mặc định theo quy định)"), "resume"
        )
        self.supplement_rule.addItem(self.tr("Tính lại đủ thời hạn từ đầu"), "restart")
        self.supplement_rule.setEnabled(is_admin)
        rule_help = self.tr(
            "Hạn in trên phiếu hẹn mới khi nhận hồ sơ đã bổ sung trong quá trình giải quyết. "
            "Căn cứ: {source} ({link}). Chỉ số 766 luôn chỉ trừ thời gian hồ sơ nằm ở người dân "
            "trong một lần bổ sung."
        ).format(source=SUPPLEMENT_RULE_SOURCE, link=SUPPLEMENT_RULE_LINK)
        self.supplement_rule.setToolTip(rule_help)
        form.addRow(self.tr("Sau khi bổ sung hồ sơ:"), self.supplement_rule)
        rule_hint = QLabel(
            self.tr(
                "Hạn in trên phiếu hẹn mới sau khi bổ sung; mặc định theo {document}. Chỉ số 766 "
                "luôn chỉ trừ thời gian hồ sơ nằm ở người dân trong một lần bổ sung."
            ).format(document=SUPPLEMENT_RULE_DOCUMENT),
            objectName="supplementRuleHint",
        )
        rule_hint.setToolTip(rule_help)
        rule_hint.setWordWrap(True)
        form.addRow(rule_hint)
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
        self.supplement_rule.setCurrentIndex(
            max(0, self.supplement_rule.findData(view.supplement_rule.value))
        )

    def _save_deadlines(self) -> None:
        self.deadline_error.clear_error()
        self.deadline_saved.hide()
        data = settings_store.DeadlineSettingsInput(
            self.warn_percent.text(),
            self.warn_hours.text(),
            self.ocr_default.isChecked(),
            str(self.supplement_rule.currentData()),
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
        dialog = UserDialog(self.ctx, self._users[row], parent=self)
        if dialog.exec():
            self.reload_users()
            window = self.window()
            if dialog.is_self and isinstance(window, MainWindow):
                window.show_user()

    def _save_office(self) -> None:
        self.office_error.clear_error()
        data = auth.OfficeInput(
            self.office_name.text(),
            self.office_code.text(),
            self.office_address.text(),
            self.office_province.text(),
            phone=self.office_phone.text(),
            email=self.office_email.text(),
            identifier=self.office_identifier.text(),
            counter_unit=self.counter_unit.currentText(),
        )
        try:
            self.ctx.office = auth.update_office(self.ctx.db, self.ctx.actor, data)
        except AppError as exc:
            self.office_error.show_error(exc)
            if exc.field == "identifier":
                self.office_identifier.setFocus()
            return
        self.ctx.events.sig_office_changed.emit()  # labels that name the office follow at once

    def _check_identifier(self, text: str) -> None:
        """Say at once whether the identifier code has the QCVN 102:2016 shape."""
        if not text.strip():
            self.identifier_check.setText(
                self.tr("Chưa có: mã hồ sơ mới dùng mã cơ quan «{code}».").format(
                    code=self.ctx.office.code
                )
            )
            self.identifier_check.setStyleSheet("color: #7a4d00;")
            return
        try:
            value = auth.check_identifier(text)
        except AppError as exc:
            self.identifier_check.setText(describe(exc))
            self.identifier_check.setStyleSheet("color: #b00020;")
            return
        self.identifier_check.setText(
            self.tr("Đúng dạng. Mã hồ sơ mới: {example}").format(example=f"{value}-YYMMDD-0001")
        )
        self.identifier_check.setStyleSheet("color: #1b5e20;")

    def _language_changed(self) -> None:
        self.ctx.ui_settings.language = self.language.currentData()
        self.ctx.ui_settings.sync()
        QMessageBox.information(
            self, self.tr("Ngôn ngữ"), self.tr("Ngôn ngữ mới sẽ được dùng khi mở lại ứng dụng.")
        )
