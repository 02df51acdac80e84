"""Tiếp nhận: the counter's intake screen, built for a queue: procedure by code or name (without
diacritics too), applicant by personal ID, documents ticked, fee, channel; Enter saves and the
receipt (form 01) prints in two copies."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.adapters.qr_decoding import decode_file, default_decoder
from tthc_desk.domain.enums import Channel, PaymentMethod, ResultDelivery
from tthc_desk.domain.errors import AppError
from tthc_desk.domain.id_card_qr import IdCardQr, find_id_card_qr, parse_id_card_qr
from tthc_desk.domain.personal_id import parse_personal_id
from tthc_desk.domain.text import fold
from tthc_desk.services import dossiers as ds
from tthc_desk.services import intake
from tthc_desk.services.common import Clock, system_now
from tthc_desk.ui.applicant_finder import ApplicantFinder
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.dossiers_page import refresh_badge
from tthc_desk.ui.formatting import fmt_dt
from tthc_desk.ui.widgets import ErrorLabel


class IntakePage(QWidget):
    """The intake form. Tab order follows the clerk's questions; Enter (or Ctrl+Enter) saves."""

    sig_saved = Signal(object)
    """A dossier was received; the argument is its :class:`intake.IntakeResult`."""
    sig_printed = Signal(object)
    """The receipt PDF was written; the argument is its path."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.now: Clock = system_now
        self.setObjectName("intakePage")
        self.procedures: list[intake.ProcedureChoice] = []
        self.procedure: intake.ProcedureChoice | None = None
        self.applicant: intake.ApplicantView | None = None
        self.last_result: intake.IntakeResult | None = None

        # -- the procedure
        self.proc_search = QLineEdit(objectName="procedureSearch")
        self.proc_search.setPlaceholderText(
            self.tr(
                "Gõ mã hoặc tên thủ tục (không dấu cũng được), ↓ để chọn, Enter để nhận (Ctrl+L)"
            )
        )
        self.proc_search.setToolTip(
            self.tr("Ctrl+L: về ô thủ tục từ bất cứ đâu trên trang tiếp nhận")
        )
        self.proc_list = QListWidget(objectName="procedureList")
        self.proc_list.setMaximumHeight(130)
        # A long name is cut with "…" (the full name is in the tooltip and, once chosen, in the
        # label below) rather than scrolled sideways in this short list (1366 × 768 screens).
        self.proc_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.proc_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.proc_chosen = QLabel(objectName="procedureChosen")
        self.proc_chosen.setWordWrap(True)

        # -- the applicant
        self.personal_id = QLineEdit(objectName="personalId")
        self.personal_id.setPlaceholderText(
            self.tr("12 chữ số, hoặc quét mã QR trên thẻ căn cước (F2)")
        )
        self.personal_id.setMaxLength(600)  # room for a scanned card's whole line
        self.full_name = QLineEdit(objectName="fullName")
        self.birth_date = QLineEdit(objectName="birthDate")
        self.birth_date.setPlaceholderText(self.tr("ngày/tháng/năm hoặc năm"))
        self.gender = QComboBox(objectName="gender")
        for value, text in (("", ""), ("Nam", self.tr("Nam")), ("Nữ", self.tr("Nữ"))):
            self.gender.addItem(text, value)
        self.scanned: IdCardQr | None = None  # the card read by the last scan
        self.card_image = QPushButton(self.tr("Ảnh thẻ…"), objectName="cardImage")
        self.card_image.setToolTip(
            self.tr("Đọc mã QR trên ảnh chụp mặt trước thẻ căn cước (Ctrl+Shift+F2)")
        )
        self.card_image.setAutoDefault(False)
        self.card_image.setVisible(default_decoder() is not None)
        self._scan_timer = QTimer(self, singleShot=True, interval=300)
        self._scan_timer.timeout.connect(self._scan_settled)
        self.address = QLineEdit(objectName="address")
        self.phone = QLineEdit(objectName="phone")
        self.email = QLineEdit(objectName="email")
        self.applicant_note = QLabel(objectName="applicantNote")
        self.applicant_note.setWordWrap(True)

        # -- documents
        self.documents = QListWidget(objectName="documents")
        self.documents.setMinimumHeight(110)
        self.documents.setWordWrap(True)
        self.documents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.reuse = QListWidget(objectName="reuseDocuments")
        self.reuse.setMaximumHeight(70)
        self.reuse.hide()
        # a word inside an earlier document (its scanned text or title) narrows the list
        self.reuse_query = QLineEdit(objectName="reuseQuery")
        self.reuse_query.setPlaceholderText(
            self.tr("Tìm giấy tờ cũ theo một từ trong nội dung hoặc tên (Enter)")
        )
        self.reuse_query.setClearButtonEnabled(True)
        self.reuse_query.setAccessibleName(self.tr("Tìm giấy tờ cũ của người nộp"))
        self.reuse_query.hide()
        # a visible label (screen readers, Alt+G), shown and hidden with the box
        self.reuse_label = QLabel(self.tr("Tìm &giấy tờ cũ:"), objectName="reuseQueryLabel")
        self.reuse_label.setBuddy(self.reuse_query)
        self.reuse_label.hide()
        self.reuse_note = QLabel(objectName="reuseNote")
        self.reuse_note.setWordWrap(True)
        self.reuse_note.hide()

        # -- channel, fee, result
        self.channel = QComboBox(objectName="channel")
        for ch, text in (
            (Channel.COUNTER, ""),  # names the office's counter unit: see _name_counter_unit
            (Channel.ONLINE, self.tr("Trực tuyến (Cổng dịch vụ công)")),
            (Channel.POST, self.tr("Qua bưu chính")),
        ):
            self.channel.addItem(text, ch.value)
        self.submitted_at = QDateTimeEdit(objectName="submittedAt")
        self.submitted_at.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.submitted_at.setCalendarPopup(True)
        self.own_account = QCheckBox(
            self.tr("Nộp bằng tài khoản chính chủ"), objectName="ownAccount"
        )
        self.own_account.setChecked(True)
        self.receive_now = QCheckBox(self.tr("Tiếp nhận ngay"), objectName="receiveNow")
        self.receive_now.setChecked(True)
        self.fee = QSpinBox(objectName="fee")
        self.fee.setRange(0, 100_000_000)
        self.fee.setSingleStep(1000)
        self.fee.setSuffix(" đ")
        self.fee.setGroupSeparatorShown(True)
        self.payment = QComboBox(objectName="payment")
        for pm, text in (
            (PaymentMethod.NONE, self.tr("Không thu")),
            (PaymentMethod.CASH, self.tr("Tiền mặt")),
            (PaymentMethod.TRANSFER, self.tr("Chuyển khoản")),
            (PaymentMethod.ONLINE, self.tr("Thanh toán trực tuyến")),
        ):
            self.payment.addItem(text, pm.value)
        self.delivery = QComboBox(objectName="delivery")
        for rd, text in (
            (ResultDelivery.COUNTER, ""),  # see _name_counter_unit
            (ResultDelivery.POST, self.tr("Qua bưu chính")),
            (ResultDelivery.ONLINE, self.tr("Trực tuyến")),
        ):
            self.delivery.addItem(text, rd.value)
        self.delivery_address = QLineEdit(objectName="deliveryAddress")
        self.delivery_address.setPlaceholderText(self.tr("Địa chỉ nhận kết quả qua bưu chính"))
        self.return_now = QCheckBox(self.tr("Trả kết quả ngay"), objectName="returnNow")
        self.return_now.setToolTip(self.tr("Chỉ với thủ tục giải quyết trong ngày"))

        self.save_button = QPushButton(
            self.tr("Lưu và in giấy tiếp nhận (Enter)"), objectName="save"
        )
        self.save_button.setDefault(True)
        self.confirm_duplicate = QPushButton(
            self.tr("Vẫn tiếp nhận hồ sơ mới"), objectName="confirmDuplicate"
        )
        self.confirm_duplicate.hide()
        self.clear_button = QPushButton(self.tr("Nhập mới (Esc)"), objectName="clear")
        self.error = ErrorLabel(self)
        self.status = QLabel(objectName="intakeStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._layout()
        self._connect()
        ctx.events.sig_catalogue_changed.connect(self.load_procedures)
        self._name_counter_unit()
        ctx.events.sig_office_changed.connect(self._name_counter_unit)
        self.load_procedures()
        self.clear()

    def initial_focus(self) -> QWidget:
        """Where Ctrl+1 puts the keyboard: the procedure field."""
        return self.proc_search

    def _name_counter_unit(self) -> None:
        """Name the office's own counter unit (since 1/7/2025 usually the "Trung tâm Phục vụ
        hành chính công", NĐ 118/2025; "Bộ phận Một cửa" where the office kept it)."""
        unit = self.ctx.office.counter_unit or self.tr("Bộ phận Một cửa")
        self.channel.setItemText(
            self.channel.findData(Channel.COUNTER.value),
            self.tr("Trực tiếp tại {unit}").format(unit=unit),
        )
        self.delivery.setItemText(
            self.delivery.findData(ResultDelivery.COUNTER.value),
            self.tr("Tại {unit}").format(unit=unit),
        )

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        refresh_badge(self, self.ctx, self.now)  # the window exists now: count for the badge
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            self.proc_search.setFocus()  # the page opens ready to type the procedure

    # ------------------------------------------------------------------ layout

    def _layout(self) -> None:
        proc_box = QGroupBox(self.tr("1. Thủ tục (Ctrl+L)"))
        pl = QVBoxLayout(proc_box)
        pl.addWidget(self.proc_search)
        pl.addWidget(self.proc_list)
        pl.addWidget(self.proc_chosen)

        app_box = QGroupBox(self.tr("2. Người nộp hồ sơ"))
        al = QFormLayout(app_box)
        id_row = QHBoxLayout()
        id_row.addWidget(self.personal_id, 1)
        id_row.addWidget(self.card_image)
        al.addRow(self.tr("Số định danh cá nhân:"), id_row)
        al.addRow(self.tr("Họ và tên:"), self.full_name)
        birth_row = QHBoxLayout()
        birth_row.addWidget(self.birth_date, 1)
        birth_row.addWidget(QLabel(self.tr("Giới tính:")))
        birth_row.addWidget(self.gender)
        al.addRow(self.tr("Ngày sinh:"), birth_row)
        al.addRow(self.tr("Địa chỉ:"), self.address)
        al.addRow(self.tr("Điện thoại:"), self.phone)
        al.addRow(self.tr("Thư điện tử:"), self.email)
        al.addRow(self.applicant_note)

        doc_box = QGroupBox(self.tr("3. Thành phần hồ sơ đã nhận (Space để đánh dấu)"))
        dl = QVBoxLayout(doc_box)
        dl.addWidget(self.documents)
        reuse_row = QHBoxLayout()
        reuse_row.addWidget(self.reuse_label)
        reuse_row.addWidget(self.reuse_query, 1)
        dl.addLayout(reuse_row)
        dl.addWidget(self.reuse)
        dl.addWidget(self.reuse_note)

        how_box = QGroupBox(self.tr("4. Kênh nộp, phí và nơi nhận kết quả"))
        hl = QGridLayout(how_box)
        hl.addWidget(QLabel(self.tr("Kênh nộp:")), 0, 0)
        hl.addWidget(self.channel, 0, 1)
        hl.addWidget(QLabel(self.tr("Thời điểm nộp:")), 1, 0)
        hl.addWidget(self.submitted_at, 1, 1)
        online_row = QHBoxLayout()
        online_row.addWidget(self.own_account)
        online_row.addWidget(self.receive_now)
        hl.addLayout(online_row, 2, 1)
        hl.addWidget(QLabel(self.tr("Phí, lệ phí:")), 3, 0)
        fee_row = QHBoxLayout()
        fee_row.addWidget(self.fee)
        fee_row.addWidget(self.payment)
        hl.addLayout(fee_row, 3, 1)
        hl.addWidget(QLabel(self.tr("Nhận kết quả:")), 4, 0)
        hl.addWidget(self.delivery, 4, 1)
        hl.addWidget(self.delivery_address, 5, 1)
        hl.addWidget(self.return_now, 6, 1)

        left = QVBoxLayout()
        left.addWidget(proc_box)
        left.addWidget(app_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(doc_box, 1)
        right.addWidget(how_box)
        cols = QHBoxLayout()
        cols.addLayout(left, 1)
        cols.addLayout(right, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.confirm_duplicate)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        body = QWidget(objectName="intakeBody")
        body.setLayout(cols)
        scroll = QScrollArea(objectName="intakeScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)  # small screens scroll; the window keeps its own size
        lay = QVBoxLayout(self)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        order = [
            self.proc_search,
            self.proc_list,
            self.personal_id,
            self.full_name,
            self.birth_date,
            self.gender,
            self.address,
            self.phone,
            self.email,
            self.documents,
            self.reuse_query,
            self.reuse,
            self.channel,
            self.submitted_at,
            self.fee,
            self.payment,
            self.delivery,
            self.delivery_address,
            self.return_now,
            self.save_button,
        ]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _connect(self) -> None:
        self.proc_search.textChanged.connect(self.filter_procedures)
        self.proc_search.returnPressed.connect(self.pick_highlighted)
        self.proc_list.itemActivated.connect(lambda _i: self.pick_highlighted())
        self.personal_id.editingFinished.connect(self.lookup_applicant)
        # the start of an ID, a phone or a name lists returning applicants (search index)
        self.applicant_finder = ApplicantFinder(self.ctx, self.personal_id, self.lookup_applicant)
        for edit in (
            self.full_name,
            self.birth_date,
            self.address,
            self.phone,
            self.email,
            self.delivery_address,
        ):
            edit.returnPressed.connect(self.save)
        self.personal_id.returnPressed.connect(self.full_name.setFocus)
        self.reuse_query.returnPressed.connect(self.search_reuse)
        self.channel.currentIndexChanged.connect(lambda _i: self._channel_changed())
        self.delivery.currentIndexChanged.connect(lambda _i: self._delivery_changed())
        self.save_button.clicked.connect(self.save)
        self.confirm_duplicate.clicked.connect(lambda: self.save(confirm=True))
        self.clear_button.clicked.connect(self.clear)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        QShortcut(QKeySequence("Escape"), self, activated=self.clear)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.proc_search.setFocus)
        QShortcut(QKeySequence("F2"), self, activated=self.personal_id.setFocus)
        QShortcut(QKeySequence("Ctrl+Shift+F2"), self, activated=self.choose_card_image)
        self.card_image.clicked.connect(self.choose_card_image)
        # A 2D scanner types the card's line, then Enter, into whichever field has the focus.
        for edit in self.line_edits():
            edit.installEventFilter(self)
            edit.textChanged.connect(lambda _t: self._scan_timer.start())

    def line_edits(self) -> list[QLineEdit]:
        return [
            self.proc_search,
            self.personal_id,
            self.full_name,
            self.birth_date,
            self.address,
            self.phone,
            self.email,
            self.delivery_address,
        ]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QLineEdit)
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.take_scan(watched)
        ):
            return True  # the scanner's Enter: the scan is applied, nothing is saved
        return super().eventFilter(watched, event)

    def _scan_settled(self) -> None:
        """A scanner set to send no Enter: the line is taken once typing pauses."""
        for edit in self.line_edits():
            if "|" in edit.text() and self.take_scan(edit):
                return

    def take_scan(self, edit: QLineEdit) -> bool:
        """If ``edit`` holds a scanned card's line: give the field back what it held before,
        fill the applicant from the card, and say so. False when there is no card's line."""
        found = find_id_card_qr(edit.text())
        if found is None:
            return False
        card, start, end = found
        text = edit.text()
        edit.setText(text[:start] + text[end:])
        self.apply_scan(card)
        return True

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.proc_search.hasFocus() and event.key() == Qt.Key.Key_Down:
            self.proc_list.setFocus()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ the procedure

    def load_procedures(self) -> None:
        self.ctx.runner.submit(
            intake.list_procedures,
            self.ctx.db,
            on_done=self._procedures_loaded,
            on_error=self.error.show_error,
        )

    def _procedures_loaded(self, procs: list[intake.ProcedureChoice]) -> None:
        self.procedures = procs
        self.filter_procedures(self.proc_search.text())
        self._say_if_catalogue_empty()

    def _say_if_catalogue_empty(self) -> None:
        """A new office: say where the catalogue comes from (and stop saying it once it came)."""
        if self.procedures:
            if self.proc_chosen.property("emptyCatalogue"):
                self.proc_chosen.clear()
            self.proc_chosen.setProperty("emptyCatalogue", False)
            return
        self.proc_chosen.setProperty("emptyCatalogue", True)
        self.proc_chosen.setText(
            self.tr(
                "Danh mục thủ tục còn trống. Quản trị viên hãy nhập danh mục thủ tục của tỉnh "
                "ở mục «Danh mục thủ tục» (Ctrl+8, nút «Nhập từ tệp…») rồi quay lại đây."
            )
        )

    def filter_procedures(self, text: str) -> None:
        self.proc_list.clear()
        folded = fold(text)
        matches = [p for p in self.procedures if not folded or p.matches(text)]
        # exact code first, then code prefix, then the rest in code order
        matches.sort(key=lambda p: (p.code != text.strip(), not p.code.startswith(text.strip())))
        for p in matches[:50]:
            item = QListWidgetItem(f"{p.code} — {p.name}  [{p.field_name}]")
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.proc_list.addItem(item)
        if self.proc_list.count():
            self.proc_list.setCurrentRow(0)

    def pick_highlighted(self) -> None:
        item = self.proc_list.currentItem()
        if item is None:
            return
        pid = item.data(Qt.ItemDataRole.UserRole)
        self.set_procedure(next(p for p in self.procedures if p.id == pid))
        if self.personal_id.text() and self.full_name.text():  # the card was scanned first
            self.phone.setFocus()
            self.phone.end(False)
        else:
            self.personal_id.setFocus()

    def set_procedure(self, p: intake.ProcedureChoice) -> None:
        self.procedure = p
        if p.same_day:
            time_text = self.tr("trong ngày")
        elif p.time_unit == "working_hours":
            time_text = self.tr("{n:g} giờ làm việc").format(n=p.time_amount or 0)
        else:
            time_text = self.tr("{n:g} ngày làm việc").format(n=p.time_amount or 0)
        self.proc_chosen.setText(
            self.tr("<b>{code}</b> {name} — thời hạn {time}").format(
                code=p.code, name=p.name, time=time_text
            )
        )
        self.documents.clear()
        for d in p.documents:
            item = QListWidgetItem(d.name + (self.tr(" (nếu có)") if d.optional else ""))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if d.optional else Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, d)
            self.documents.addItem(item)
        self.fee.setValue(p.fee_total)
        self.payment.setCurrentIndex(1 if p.fee_total else 0)
        self.return_now.setEnabled(p.same_day)
        if not p.same_day:
            self.return_now.setChecked(False)

    # ------------------------------------------------------------------ the applicant

    def choose_card_image(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Ảnh chụp mặt trước thẻ căn cước"),
            "",
            self.tr("Ảnh (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)"),
        )
        if path:
            self.read_card_image(Path(path))

    def read_card_image(self, path: Path) -> None:
        """Decode the picture's QR codes off the UI thread; the card's one fills the applicant."""

        def done(texts: list[str]) -> None:
            for text in texts:
                card = parse_id_card_qr(text)
                if card is not None:
                    self.apply_scan(card)
                    return
            self.error.show_error(AppError("intake.id_card.no_qr"))

        self.error.clear_error()
        self.ctx.runner.submit(
            decode_file, path, lane="files", on_done=done, on_error=self.error.show_error
        )

    def apply_scan(self, card: IdCardQr) -> None:
        """Fill the applicant from the card (NFC); check the ID as at saving; look the person up
        (a returning citizen's phone, e-mail and documents come from their earlier visits)."""
        self.scanned = card
        self.error.clear_error()
        self.personal_id.setText(card.personal_id)
        self.full_name.setText(card.full_name)
        self.birth_date.setText(card.birth_date.strftime("%d/%m/%Y") if card.birth_date else "")
        self.gender.setCurrentIndex(max(self.gender.findData(card.sex), 0))
        self.address.setText(card.address)
        self.applicant_note.setText(
            self.tr("Đã đọc thẻ căn cước của {name}.").format(name=card.full_name)
        )
        try:
            parse_personal_id(card.personal_id, card.birth_date.year if card.birth_date else None)
        except AppError as exc:
            self.error.show_error(exc)
        self.lookup_applicant()
        if self.procedure is None:
            self.proc_search.setFocus()
        else:
            self.phone.setFocus()
            self.phone.end(False)

    def lookup_applicant(self) -> None:
        number = self.personal_id.text()
        if len("".join(number.split())) != 12:
            return
        self.ctx.runner.submit(
            intake.find_applicant,
            self.ctx.db,
            number,
            on_done=self._applicant_found,
            on_error=lambda _e: None,
        )

    def _applicant_found(self, a: intake.ApplicantView | None) -> None:
        self.applicant = a
        self._clear_reuse()
        scanned = self.scanned is not None and self.scanned.personal_id == self.personal_id.text()
        if a is None:
            if scanned:
                self.applicant_note.setText(
                    self.tr("Người nộp mới; thông tin đã được điền từ thẻ căn cước.")
                )
            else:
                self.applicant_note.setText(self.tr("Người nộp mới."))
            return
        if not scanned:  # the card is newer than what was recorded at an earlier visit
            self.full_name.setText(a.full_name)
            if a.birth_date:
                self.birth_date.setText(a.birth_date.strftime("%d/%m/%Y"))
            elif a.birth_year:
                self.birth_date.setText(str(a.birth_year))
            self.gender.setCurrentIndex(max(self.gender.findData(a.gender), 0))
            self.address.setText(a.address)
        self.phone.setText(a.phone)
        self.email.setText(a.email)
        note = self.tr("Người nộp đã đến trước đây; thông tin đã được điền sẵn.")
        if a.open_dossiers:
            note += " " + self.tr("Đang có hồ sơ chưa xong: {codes}.").format(
                codes=", ".join(a.open_dossiers)
            )
        self.applicant_note.setText(note)
        for doc in a.documents:
            item = QListWidgetItem(
                self.tr("Dùng lại: {title} ({at})").format(
                    title=doc.title, at=doc.registered_at.strftime("%d/%m/%Y")
                )
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, doc.id)
            self.reuse.addItem(item)
        self.reuse.setVisible(bool(a.documents))
        self.reuse_query.setVisible(bool(a.documents))
        self.reuse_label.setVisible(bool(a.documents))

    def _clear_reuse(self) -> None:
        self.reuse.clear()
        self.reuse.hide()
        self.reuse_query.clear()
        self.reuse_query.hide()
        self.reuse_label.hide()
        self.reuse_note.clear()
        self.reuse_note.hide()

    def search_reuse(self) -> None:
        """Offer only the earlier documents with the typed words in their scanned text or title
        (full-text search); an empty box offers them all again. Ticked ones stay in view."""
        if self.applicant is None or not self.reuse.count():
            return
        query = self.reuse_query.text()
        if not query.strip():
            self._show_reuse_matches(None)
            return
        # the documents' service (signing, scanning, the file store) is not needed to paint
        # the first screen: imported when first asked for
        from tthc_desk.services import documents as digitised

        self.ctx.runner.submit(
            digitised.reusable_documents,
            self.ctx.db,
            self.applicant.id,
            self.now().date(),
            query=query,
            on_done=lambda found: self._show_reuse_matches({d.id for d in found}),
            on_error=self.error.show_error,
        )

    def _show_reuse_matches(self, ids: set[int] | None) -> None:
        shown = 0
        for i in range(self.reuse.count()):
            item = self.reuse.item(i)
            keep = (
                ids is None
                or item.data(Qt.ItemDataRole.UserRole) in ids
                or item.checkState() == Qt.CheckState.Checked
            )
            item.setHidden(not keep)
            shown += keep
        if ids is None:
            self.reuse_note.clear()
        elif not ids:
            self.reuse_note.setText(
                self.tr("Không có giấy tờ cũ nào có từ “{query}”.").format(
                    query=self.reuse_query.text().strip()
                )
            )
        else:
            self.reuse_note.setText(
                self.tr("Tìm thấy {count} giấy tờ cũ có từ “{query}”.").format(
                    count=len(ids), query=self.reuse_query.text().strip()
                )
            )
        self.reuse_note.setVisible(ids is not None)
        for i in range(self.reuse.count()):
            if not self.reuse.item(i).isHidden():
                self.reuse.setCurrentRow(i)
                break

    # ------------------------------------------------------------------ channel and result

    def channel_value(self) -> Channel:
        return Channel(self.channel.currentData())

    def _channel_changed(self) -> None:
        online = self.channel_value() is Channel.ONLINE
        for w in (self.submitted_at, self.own_account, self.receive_now):
            w.setEnabled(online)
        self.submitted_at.setDateTime(QDateTime(self.now()))
        if online:
            self.delivery.setCurrentIndex(2)
        elif self.channel_value() is Channel.POST:
            self.delivery.setCurrentIndex(1)

    def _delivery_changed(self) -> None:
        self.delivery_address.setEnabled(
            ResultDelivery(self.delivery.currentData()) is ResultDelivery.POST
        )

    # ------------------------------------------------------------------ saving

    def command(self, confirm: bool = False) -> intake.IntakeCommand:
        docs = []
        for i in range(self.documents.count()):
            item = self.documents.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                d = item.data(Qt.ItemDataRole.UserRole)
                docs.append(ds.DocumentInput(d.name, d.kind, d.count, d.id))
        reuse = tuple(
            self.reuse.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.reuse.count())
            if self.reuse.item(i).checkState() == Qt.CheckState.Checked
        )
        online = self.channel_value() is Channel.ONLINE
        submitted = self.submitted_at.dateTime().toPython() if online else None
        assert submitted is None or isinstance(submitted, datetime)
        return intake.IntakeCommand(
            procedure_id=self.procedure.id if self.procedure else None,
            applicant=intake.ApplicantInput(
                full_name=self.full_name.text(),
                personal_id=self.personal_id.text(),
                birth_date=self.birth_date.text(),
                gender=str(self.gender.currentData() or ""),
                address=self.address.text(),
                phone=self.phone.text(),
                email=self.email.text(),
            ),
            documents=tuple(docs),
            channel=self.channel_value(),
            fee_amount=self.fee.value(),
            payment_method=PaymentMethod(self.payment.currentData()),
            result_delivery=ResultDelivery(self.delivery.currentData()),
            delivery_address=self.delivery_address.text(),
            submitted_at=submitted.replace(second=0, microsecond=0) if submitted else None,
            own_account=self.own_account.isChecked() if online else None,
            receive_now=self.receive_now.isChecked(),
            return_now=self.return_now.isChecked() and self.return_now.isEnabled(),
            reuse_document_ids=reuse,
            confirm_duplicate=confirm,
        )

    def save(self, confirm: bool = False) -> None:
        self.error.clear_error()
        self.confirm_duplicate.hide()
        self.save_button.setEnabled(False)
        self.ctx.runner.submit(
            intake.receive_dossier,
            self.ctx.db,
            self.ctx.actor,
            self.command(confirm),
            self.now,
            on_done=self._saved,
            on_error=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.error.show_error(exc)
        if isinstance(exc, AppError) and exc.code == "intake.duplicate_open":
            self.confirm_duplicate.show()
            self.confirm_duplicate.setFocus()
            return
        focus = {
            "procedure": self.proc_search,
            "personal_id": self.personal_id,
            "full_name": self.full_name,
            "birth_date": self.birth_date,
            "phone": self.phone,
            "email": self.email,
            "documents": self.documents,
            "submitted_at": self.submitted_at,
            "fee": self.fee,
            "payment": self.payment,
            "delivery_address": self.delivery_address,
        }
        field = getattr(exc, "field", None)
        if field in focus:
            focus[field].setFocus()

    def _saved(self, result: intake.IntakeResult) -> None:
        self.save_button.setEnabled(True)
        self.last_result = result
        d = result.dossier
        if d.state.value == "returned":
            text = self.tr("Đã tiếp nhận và trả kết quả ngay hồ sơ <b>{code}</b>.").format(
                code=d.code
            )
        elif d.state.value == "submitted_online":
            text = self.tr(
                "Đã ghi hồ sơ trực tuyến <b>{code}</b>; phải tiếp nhận trước {due}."
            ).format(code=d.code, due=fmt_dt(d.reception_due_at))
        else:
            text = self.tr(
                "Đã tiếp nhận hồ sơ <b>{code}</b>; hẹn trả kết quả lúc <b>{due}</b>."
            ).format(code=d.code, due=fmt_dt(d.due_at))
        self.status.setText(text)
        self.sig_saved.emit(result)
        if result.print_receipt and d.received_at is not None:
            from tthc_desk.ui.dossier_dialog import print_form  # printing loads on first use

            print_form(
                self.ctx,
                d.id,
                d.code,
                "receipt",
                on_done=self.sig_printed.emit,
                on_error=self.error.show_error,
            )
        refresh_badge(self, self.ctx, self.now)
        self.clear(keep_status=True)

    def clear(self, keep_status: bool = False) -> None:
        """Empty the form for the next citizen; the cursor goes back to the procedure search."""
        self.procedure = None
        self.applicant = None
        self.scanned = None
        self.gender.setCurrentIndex(0)
        for edit in (
            self.proc_search,
            self.personal_id,
            self.full_name,
            self.birth_date,
            self.address,
            self.phone,
            self.email,
            self.delivery_address,
        ):
            edit.clear()
        self.proc_chosen.clear()
        self._say_if_catalogue_empty()
        self.applicant_note.clear()
        self.documents.clear()
        self._clear_reuse()
        self.fee.setValue(0)
        self.payment.setCurrentIndex(0)
        self.channel.setCurrentIndex(0)
        self.delivery.setCurrentIndex(0)
        self.return_now.setChecked(False)
        self.confirm_duplicate.hide()
        self.error.clear_error()
        self._channel_changed()
        self._delivery_changed()
        if not keep_status:
            self.status.clear()
        self.proc_search.setFocus()
