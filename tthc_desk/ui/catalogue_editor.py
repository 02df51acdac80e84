"""The procedure editor: every part of one procedure, saved as a new version when editing."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.enums import DocumentKind, OnlineService, Role, TimeUnit
from tthc_desk.domain.errors import AppError
from tthc_desk.services import catalogue as cat
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.widgets import ErrorLabel


def kind_names(w: QWidget) -> dict[DocumentKind, str]:
    return {
        DocumentKind.ORIGINAL: QCoreApplication.translate("CatalogueLabels", "Bản chính"),
        DocumentKind.CERTIFIED_COPY: QCoreApplication.translate(
            "CatalogueLabels", "Bản sao có chứng thực"
        ),
        DocumentKind.COPY: QCoreApplication.translate("CatalogueLabels", "Bản sao"),
        DocumentKind.FORM: QCoreApplication.translate("CatalogueLabels", "Mẫu đơn, tờ khai"),
    }


def role_names(w: QWidget) -> dict[Role, str]:
    return {
        Role.CLERK: QCoreApplication.translate("CatalogueLabels", "Cán bộ tiếp nhận"),
        Role.OFFICER: QCoreApplication.translate("CatalogueLabels", "Công chức chuyên môn"),
        Role.LEADER: QCoreApplication.translate("CatalogueLabels", "Lãnh đạo"),
    }


def unit_names(w: QWidget) -> dict[TimeUnit, str]:
    return {
        TimeUnit.WORKING_DAYS: QCoreApplication.translate("CatalogueLabels", "ngày làm việc"),
        TimeUnit.WORKING_HOURS: QCoreApplication.translate("CatalogueLabels", "giờ làm việc"),
        TimeUnit.SAME_DAY: QCoreApplication.translate("CatalogueLabels", "trong ngày"),
    }


def select_data(combo: QComboBox, value: object) -> None:
    """Select the item whose data equals ``value`` (``findData`` misses Python enums)."""
    for i in range(combo.count()):
        if combo.itemData(i) == value:
            combo.setCurrentIndex(i)
            return


class _Rows(QWidget):
    """A small editable table with Thêm dòng / Xóa dòng buttons."""

    def __init__(self, headers: list[str], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers), objectName=name)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.add_btn = QPushButton(self.tr("Thêm dòng"), objectName=name + "Add")
        self.del_btn = QPushButton(self.tr("Xóa dòng"), objectName=name + "Remove")
        self.del_btn.clicked.connect(self._remove)
        row = QHBoxLayout()
        row.addWidget(self.add_btn)
        row.addWidget(self.del_btn)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        lay.addLayout(row)

    def _remove(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for r in rows:
            self.table.removeRow(r)

    def text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text() if item else ""


class ProcedureDialog(QDialog):
    """Create a procedure, or edit the current version of one (saving writes version N+1)."""

    def __init__(
        self,
        ctx: AppContext,
        fields: list[cat.FieldView],
        existing: cat.ProcedureView | None = None,
        hours_per_day: float = 8.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.existing, self.hours_per_day = ctx, existing, hours_per_day
        self.saved: cat.ProcedureView | None = None
        self.setObjectName("procedureDialog")
        if existing:
            self.setWindowTitle(
                self.tr("Sửa thủ tục {code} (lưu thành phiên bản {version})").format(
                    code=existing.code, version=existing.version + 1
                )
            )
        else:
            self.setWindowTitle(self.tr("Thêm thủ tục hành chính"))
        self.resize(980, 720)
        self.tabs = QTabWidget(objectName="tabs")
        self.tabs.addTab(self._general_tab(fields), self.tr("Thông tin &chung"))
        self.tabs.addTab(self._documents_tab(), self.tr("Thành phần &hồ sơ"))
        self.tabs.addTab(self._time_tab(), self.tr("&Thời hạn và quy trình nội bộ"))
        self.tabs.addTab(self._fees_tab(), self.tr("&Phí, lệ phí"))
        self.tabs.addTab(self._legal_tab(), self.tr("Căn cứ &pháp lý"))
        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("saveButton")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.submit)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        if existing:
            self.load(existing.data)
        else:
            self.unit.setCurrentIndex(0)
        self._unit_changed()
        self._update_sum()

    # ------------------------------------------------------------------ tabs

    def _general_tab(self, fields: list[cat.FieldView]) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        self.code = QLineEdit(objectName="code")
        self.code.setPlaceholderText(self.tr("ví dụ 1.001193"))
        self.code.setReadOnly(self.existing is not None)
        self.name = QLineEdit(objectName="name")
        self.field = QComboBox(objectName="field")
        for f in fields:
            self.field.addItem(f.name, f.name)
        self.level = QLineEdit(cat.DEFAULT_LEVEL, objectName="level")
        self.decision_no = QLineEdit(objectName="decisionNo")
        self.decision_no.setPlaceholderText(self.tr("ví dụ 1234/QĐ-UBND"))
        self.has_decision_date = QCheckBox(self.tr("Có ngày"), objectName="hasDecisionDate")
        self.decision_date = QDateEdit(QDate.currentDate(), objectName="decisionDate")
        self.decision_date.setDisplayFormat("dd/MM/yyyy")
        self.decision_date.setCalendarPopup(True)
        self.decision_date.setEnabled(False)
        self.has_decision_date.toggled.connect(self.decision_date.setEnabled)
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_decision_date)
        date_row.addWidget(self.decision_date)
        date_row.addStretch(1)
        self.counter = QCheckBox(
            self.tr("Trực tiếp tại {unit}").format(
                unit=self.ctx.office.counter_unit or self.tr("Bộ phận Một cửa")
            ),
            objectName="counter",
        )
        self.counter.setChecked(True)
        self.post = QCheckBox(self.tr("Qua bưu chính"), objectName="post")
        self.online = QComboBox(objectName="online")
        self.online.addItem(self.tr("Không trực tuyến"), OnlineService.NONE)
        self.online.addItem(self.tr("Trực tuyến một phần"), OnlineService.PARTIAL)
        self.online.addItem(self.tr("Trực tuyến toàn trình"), OnlineService.FULL)
        self.online_payment = QCheckBox(self.tr("Thanh toán trực tuyến"), objectName="onlinePay")
        channels = QHBoxLayout()
        for x in (self.counter, self.post, self.online, self.online_payment):
            channels.addWidget(x)
        channels.addStretch(1)
        self.applicant_steps = QPlainTextEdit(objectName="applicantSteps")
        self.applicant_steps.setPlaceholderText(self.tr("Mỗi bước một dòng"))
        self.applicant_steps.setMaximumHeight(90)
        self.eligible = QLineEdit(objectName="eligible")
        self.handling_body = QLineEdit(objectName="handlingBody")
        self.result = QLineEdit(objectName="result")
        self.result_electronic = QCheckBox(self.tr("Kết quả điện tử"), objectName="resultEl")
        self.interagency = QCheckBox(self.tr("Liên thông"), objectName="interagency")
        self.vertical = QComboBox(objectName="vertical")
        self.vertical.addItem(self.tr("UBND xã"), None)
        self.vertical.addItem(self.tr("Công an xã"), "police")
        self.vertical.addItem(self.tr("Ban Chỉ huy Quân sự"), "military")
        flags = QHBoxLayout()
        for x in (self.result_electronic, self.interagency):
            flags.addWidget(x)
        flags.addWidget(QLabel(self.tr("Ngành giải quyết:")))
        flags.addWidget(self.vertical)
        flags.addStretch(1)
        self.portal_url = QLineEdit(objectName="portalUrl")
        self.portal_url.setPlaceholderText(self.tr("Để trống: theo mã trên Cổng DVC quốc gia"))
        form.addRow(self.tr("&Mã thủ tục:"), self.code)
        form.addRow(self.tr("&Tên thủ tục:"), self.name)
        form.addRow(self.tr("&Lĩnh vực:"), self.field)
        form.addRow(self.tr("Cấp thực hiện:"), self.level)
        form.addRow(self.tr("Quyết định công bố số:"), self.decision_no)
        form.addRow(self.tr("Ngày quyết định:"), date_row)
        form.addRow(self.tr("Cách thức nộp:"), channels)
        form.addRow(self.tr("Trình tự thực hiện:"), self.applicant_steps)
        form.addRow(self.tr("Đối tượng thực hiện:"), self.eligible)
        form.addRow(self.tr("Cơ quan giải quyết:"), self.handling_body)
        form.addRow(self.tr("Kết quả:"), self.result)
        form.addRow("", flags)
        form.addRow(self.tr("Địa chỉ trên Cổng DVC:"), self.portal_url)
        return w

    def _documents_tab(self) -> QWidget:
        self.documents = _Rows(
            [
                self.tr("Tên giấy tờ"),
                self.tr("Hình thức"),
                self.tr("Số lượng"),
                self.tr("Mẫu đơn, tờ khai"),
                self.tr("Ghi chú"),
                self.tr("Khi cần"),
            ],
            "documents",
        )
        self.documents.table.horizontalHeaderItem(5).setToolTip(
            self.tr(
                "Giấy tờ chỉ cần trong một số trường hợp (ví dụ văn bản ủy quyền): khi tiếp nhận "
                "không tự đánh dấu là đã nhận."
            )
        )
        for col, width in ((1, 190), (2, 80), (3, 160), (4, 180), (5, 70)):
            self.documents.table.setColumnWidth(col, width)
        self.documents.add_btn.clicked.connect(lambda: self._add_document(cat.DocumentSpec("")))
        return self.documents

    def _add_document(self, d: cat.DocumentSpec) -> None:
        t = self.documents.table
        r = t.rowCount()
        t.insertRow(r)
        t.setItem(r, 0, QTableWidgetItem(d.name))
        kind = QComboBox()
        for k, label in kind_names(self).items():
            kind.addItem(label, k)
        kind.setCurrentIndex(list(DocumentKind).index(d.kind))
        t.setCellWidget(r, 1, kind)
        count = QSpinBox()
        count.setRange(1, 99)
        count.setValue(max(1, d.count))
        t.setCellWidget(r, 2, count)
        t.setItem(r, 3, QTableWidgetItem(d.template_name or ""))
        t.setItem(r, 4, QTableWidgetItem(d.note or ""))
        sometimes = QTableWidgetItem()
        sometimes.setFlags(
            Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
        )
        sometimes.setCheckState(Qt.CheckState.Checked if d.optional else Qt.CheckState.Unchecked)
        t.setItem(r, 5, sometimes)
        t.setCurrentCell(r, 0)

    def _time_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        form = QFormLayout()
        self.amount = QDoubleSpinBox(objectName="timeAmount")
        self.amount.setRange(0, 365)
        self.amount.setDecimals(1)
        self.amount.setSingleStep(0.5)
        self.amount.setLocale(QLocale(QLocale.Language.Vietnamese))
        self.unit = QComboBox(objectName="timeUnit")
        for u, label in unit_names(self).items():
            self.unit.addItem(label, u)
        self.cutoff = QTimeEdit(QTime(15, 0), objectName="cutoff")
        self.cutoff.setDisplayFormat("HH:mm")
        self.has_cutoff = QCheckBox(self.tr("Nhận sau giờ chốt thì trả ngày làm việc tiếp theo:"))
        self.has_cutoff.setObjectName("hasCutoff")
        self.has_cutoff.setChecked(True)
        row = QHBoxLayout()
        row.addWidget(self.amount)
        row.addWidget(self.unit)
        row.addSpacing(16)
        row.addWidget(self.has_cutoff)
        row.addWidget(self.cutoff)
        row.addStretch(1)
        self.time_note = QLineEdit(objectName="timeNote")
        form.addRow(self.tr("Thời hạn giải quyết:"), row)
        form.addRow(self.tr("Ghi chú thời hạn:"), self.time_note)
        lay.addLayout(form)
        lay.addWidget(
            QLabel(self.tr("<b>Các bước xử lý nội bộ</b> (tổng số giờ phải bằng thời hạn)"))
        )
        self.steps = _Rows(
            [self.tr("Tên bước"), self.tr("Người thực hiện"), self.tr("Số giờ làm việc")], "steps"
        )
        self.steps.table.setColumnWidth(1, 200)
        self.steps.table.setColumnWidth(2, 130)
        self.steps.add_btn.clicked.connect(
            lambda: self._add_step(cat.StepSpec("", Role.OFFICER, 1))
        )
        auto = QPushButton(self.tr("Chia bước &tự động"), objectName="autoSteps")
        auto.clicked.connect(self._auto_steps)
        self.steps.layout().itemAt(1).layout().insertWidget(2, auto)  # type: ignore[union-attr]
        self.sum_label = QLabel(objectName="stepsSum")
        lay.addWidget(self.steps, 1)
        lay.addWidget(self.sum_label)
        self.amount.valueChanged.connect(self._update_sum)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.steps.del_btn.clicked.connect(self._update_sum)
        return w

    def _add_step(self, s: cat.StepSpec) -> None:
        t = self.steps.table
        r = t.rowCount()
        t.insertRow(r)
        t.setItem(r, 0, QTableWidgetItem(s.name))
        role = QComboBox()
        for k, label in role_names(self).items():
            role.addItem(label, k)
        role.setCurrentIndex(
            max(0, list(role_names(self)).index(s.role)) if s.role in role_names(self) else 1
        )
        t.setCellWidget(r, 1, role)
        hours = QDoubleSpinBox()
        hours.setRange(0, 2000)
        hours.setDecimals(2)
        hours.setSingleStep(0.5)
        hours.setLocale(QLocale(QLocale.Language.Vietnamese))
        hours.setValue(s.hours)
        hours.valueChanged.connect(self._update_sum)
        t.setCellWidget(r, 2, hours)
        self._update_sum()

    def _auto_steps(self) -> None:
        self.steps.table.setRowCount(0)
        unit = TimeUnit(self.unit.currentData())
        amount = self.amount.value() if unit is not TimeUnit.SAME_DAY else None
        for s in cat.default_steps(
            unit, amount, self.hours_per_day, leader=self.vertical.currentData() is None
        ):
            self._add_step(s)

    def _unit_changed(self) -> None:
        same_day = TimeUnit(self.unit.currentData()) is TimeUnit.SAME_DAY
        self.amount.setEnabled(not same_day)
        self.has_cutoff.setEnabled(same_day)
        self.cutoff.setEnabled(same_day)
        self._update_sum()

    def _update_sum(self) -> None:
        if not hasattr(self, "sum_label"):
            return
        total = sum(s.hours for s in self._steps())
        unit = TimeUnit(self.unit.currentData())
        expected = cat.expected_step_hours(
            unit, self.amount.value() if unit is not TimeUnit.SAME_DAY else None, self.hours_per_day
        )
        ok = expected is not None and abs(total - expected) <= cat.STEP_TOLERANCE
        self.sum_label.setText(
            self.tr("Tổng các bước: {total} giờ / thời hạn: {expected} giờ làm việc").format(
                total=f"{total:g}", expected=f"{expected:g}" if expected is not None else "?"
            )
        )
        self.sum_label.setStyleSheet(
            "color: #1b5e20;" if ok else "color: #b00020; font-weight: 600;"
        )

    def _fees_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.fees = _Rows(
            [self.tr("Nội dung thu"), self.tr("Mức thu (đồng)"), self.tr("Miễn, giảm")], "fees"
        )
        self.fees.table.setColumnWidth(1, 150)
        self.fees.table.setColumnWidth(2, 260)
        self.fees.add_btn.clicked.connect(lambda: self._add_fee(cat.FeeSpec("", 0)))
        lay.addWidget(
            QLabel(self.tr("Mức thu để trống = theo quy định của HĐND tỉnh; 0 = không thu."))
        )
        lay.addWidget(self.fees, 1)
        return w

    def _add_fee(self, f: cat.FeeSpec) -> None:
        t = self.fees.table
        r = t.rowCount()
        t.insertRow(r)
        t.setItem(r, 0, QTableWidgetItem(f.item))
        amount = "" if f.amount_vnd is None else f"{f.amount_vnd:,}".replace(",", ".")
        t.setItem(r, 1, QTableWidgetItem(amount))
        t.setItem(r, 2, QTableWidgetItem(f.exemption or ""))

    def _legal_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        self.legal = QPlainTextEdit(objectName="legalBasis")
        self.legal.setPlaceholderText(self.tr("Mỗi văn bản một dòng"))
        self.notes = QPlainTextEdit(objectName="notes")
        form.addRow(self.tr("Căn cứ pháp lý:"), self.legal)
        form.addRow(self.tr("Ghi chú:"), self.notes)
        return w

    # ------------------------------------------------------------------ data

    def load(self, d: cat.ProcedureInput) -> None:
        self.code.setText(d.code)
        self.name.setText(d.name)
        if self.field.findText(d.field) < 0:
            self.field.addItem(d.field, d.field)
        select_data(self.field, d.field)
        self.level.setText(d.level)
        self.decision_no.setText(d.decision_no or "")
        self.has_decision_date.setChecked(d.decision_date is not None)
        if d.decision_date:
            self.decision_date.setDate(QDate(d.decision_date))
        self.counter.setChecked(d.channel_counter)
        self.post.setChecked(d.channel_post)
        select_data(self.online, d.online_service)
        self.online_payment.setChecked(d.online_payment)
        self.applicant_steps.setPlainText(d.applicant_steps or "")
        self.eligible.setText(d.eligible_applicants or "")
        self.handling_body.setText(d.handling_body or "")
        self.result.setText(d.result_name or "")
        self.result_electronic.setChecked(d.result_electronic)
        self.interagency.setChecked(d.interagency)
        select_data(self.vertical, d.vertical_agency)
        self.portal_url.setText(d.portal_url or "")
        select_data(self.unit, d.time_unit)
        self.amount.setValue(d.time_amount or 0)
        self.has_cutoff.setChecked(d.cutoff_minutes is not None)
        if d.cutoff_minutes is not None:
            self.cutoff.setTime(QTime(d.cutoff_minutes // 60, d.cutoff_minutes % 60))
        self.time_note.setText(d.time_note or "")
        for doc in d.documents:
            self._add_document(doc)
        for s in d.steps:
            self._add_step(s)
        for f in d.fees:
            self._add_fee(f)
        self.legal.setPlainText("\n".join(d.legal_basis))
        self.notes.setPlainText(d.notes or "")
        self._data_extra = d

    def _steps(self) -> list[cat.StepSpec]:
        t = self.steps.table
        out = []
        for r in range(t.rowCount()):
            role = t.cellWidget(r, 1)
            hours = t.cellWidget(r, 2)
            out.append(
                cat.StepSpec(
                    self.steps.text(r, 0),
                    Role(role.currentData()) if isinstance(role, QComboBox) else Role.OFFICER,
                    hours.value() if isinstance(hours, QDoubleSpinBox) else 0.0,
                )
            )
        return out

    def value(self) -> cat.ProcedureInput:
        docs = []
        t = self.documents.table
        for r in range(t.rowCount()):
            kind, count = t.cellWidget(r, 1), t.cellWidget(r, 2)
            name, note = self.documents.text(r, 0), self.documents.text(r, 4) or None
            item = t.item(r, 5)
            ticked = item is not None and item.checkState() == Qt.CheckState.Checked
            docs.append(
                cat.DocumentSpec(
                    name,
                    DocumentKind(kind.currentData())
                    if isinstance(kind, QComboBox)
                    else DocumentKind.ORIGINAL,
                    count.value() if isinstance(count, QSpinBox) else 1,
                    self.documents.text(r, 3) or None,
                    note,
                    # needed only sometimes: as ticked, or as its note says ("khi …")
                    optional=ticked or cat.is_conditional(note, name),
                )
            )
        fees = []
        for r in range(self.fees.table.rowCount()):
            raw = self.fees.text(r, 1).replace(".", "").replace(",", "").replace(" ", "").strip()
            amount = int(raw) if raw.isdigit() else (None if not raw else -1)
            fees.append(cat.FeeSpec(self.fees.text(r, 0), amount, self.fees.text(r, 2) or None))
        unit = TimeUnit(self.unit.currentData())
        same_day = unit is TimeUnit.SAME_DAY
        cutoff = None
        if same_day and self.has_cutoff.isChecked():
            cutoff = self.cutoff.time().hour() * 60 + self.cutoff.time().minute()
        extra = getattr(self, "_data_extra", None)
        return cat.ProcedureInput(
            code=self.code.text(),
            name=self.name.text(),
            field=self.field.currentData() or self.field.currentText(),
            time_unit=unit,
            time_amount=None if same_day else self.amount.value(),
            cutoff_minutes=cutoff,
            time_note=self.time_note.text(),
            level=self.level.text(),
            decision_no=self.decision_no.text(),
            decision_date=self.decision_date.date().toPython()
            if self.has_decision_date.isChecked()
            else None,
            applicant_steps=self.applicant_steps.toPlainText(),
            channel_counter=self.counter.isChecked(),
            channel_post=self.post.isChecked(),
            online_service=OnlineService(self.online.currentData()),
            online_payment=self.online_payment.isChecked(),
            eligible_applicants=self.eligible.text(),
            handling_body=self.handling_body.text(),
            legal_basis=tuple(self.legal.toPlainText().splitlines()),
            result_name=self.result.text(),
            result_electronic=self.result_electronic.isChecked(),
            interagency=self.interagency.isChecked(),
            vertical_agency=self.vertical.currentData(),
            certification=extra.certification if extra else False,
            portal_url=self.portal_url.text(),
            source=extra.source if extra else None,
            notes=self.notes.toPlainText(),
            documents=tuple(docs),
            steps=tuple(self._steps()),
            fees=tuple(fees),
        )

    _TABS = {"documents": 1, "steps": 2, "time_amount": 2, "cutoff": 2, "fees": 3}

    def submit(self) -> None:
        self.error.clear_error()
        data = self.value()
        if self.existing:
            self.ctx.runner.submit(
                cat.update_procedure, self.ctx.db, self.ctx.actor, self.existing.id, data,
                on_done=self._saved, on_error=self._failed,
            )  # fmt: skip
        else:
            self.ctx.runner.submit(
                cat.create_procedure, self.ctx.db, self.ctx.actor, data,
                on_done=self._saved, on_error=self._failed,
            )  # fmt: skip

    def _saved(self, view: cat.ProcedureView) -> None:
        self.saved = view
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.error.show_error(error)
        if isinstance(error, AppError):
            self.tabs.setCurrentIndex(self._TABS.get(error.field or "", 0))
        if self.tabs.currentIndex() == 0 and isinstance(error, AppError):
            target = {"code": self.code, "name": self.name, "field": self.field}.get(
                error.field or ""
            )
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
