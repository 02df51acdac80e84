"""Dialogs of the feedback area: receive an item, a reason or request, the written answer, the
sender's view, and printing or saving the results sheet and the contact notice."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.errors import AppError
from tthc_desk.services import feedback as fbs
from tthc_desk.ui import printing
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.feedback_models import channel_name
from tthc_desk.ui.widgets import ErrorLabel


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class _ActionDialog(QDialog):
    """A dialog whose OK runs one service call in the background and closes only on success;
    an error shows under the form and focuses the input it names."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_view: Any = None
        self.setWindowTitle(title)
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.submit)
        self.fields: dict[str, QWidget] = {}

    def call(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        raise NotImplementedError

    def submit(self) -> None:
        self.error.clear_error()
        try:
            fn, args = self.call()
        except AppError as exc:
            self._failed(exc)
            return
        self.ok.setEnabled(False)
        self.ctx.runner.submit(fn, *args, on_done=self._done, on_error=self._failed)

    def _done(self, view: Any) -> None:
        self.result_view = view
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.ok.setEnabled(True)
        self.error.show_error(error)
        field = getattr(error, "field", None)
        widget = self.fields.get(field or "")
        if widget is not None:
            widget.setFocus()


class ReceiveDialog(_ActionDialog):
    """Tiếp nhận phản ánh, kiến nghị: who, how, what, about which procedure or dossier."""

    def __init__(
        self,
        ctx: AppContext,
        procedures: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Tiếp nhận phản ánh, kiến nghị"), parent)
        self.setObjectName("receiveDialog")
        self.resize(640, 620)
        self.channel = QComboBox(objectName="channel")
        for value in fbs.CHANNELS:
            self.channel.addItem(channel_name(value), value)
        self.received_at = QDateTimeEdit(QDateTime.currentDateTime(), objectName="receivedAt")
        self.received_at.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.received_at.setCalendarPopup(True)
        self.sender = QLineEdit(objectName="senderName")
        self.sender.setPlaceholderText(self.tr("Họ tên cá nhân hoặc tên tổ chức"))
        self.contact = QLineEdit(objectName="senderContact")
        self.contact.setPlaceholderText(
            self.tr("Địa chỉ, số điện thoại, thư điện tử để gửi trả lời")
        )
        self._choices: list[str] = []
        self.publish_name = QComboBox(objectName="publishName")
        self.publish_name.setEditable(True)
        self.publish_name.setToolTip(
            self.tr("Tên in trên bảng công khai kết quả, theo sự đồng ý của người gửi")
        )
        self.sender.textChanged.connect(self._names)
        self.content = QPlainTextEdit(objectName="content")
        self.content.setTabChangesFocus(True)
        self.content.setPlaceholderText(self.tr("Nội dung phản ánh, kiến nghị"))
        self.summary = QLineEdit(objectName="summary")
        self.summary.setPlaceholderText(self.tr("Tóm tắt để công khai (không bắt buộc)"))
        self.procedure = QComboBox(objectName="procedure")
        self.procedure.setEditable(True)
        self.procedure.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.procedure.addItem(self.tr("— Không gắn với thủ tục —"), None)
        for pid, label in procedures:
            self.procedure.addItem(label, pid)
        self.procedure.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.procedure.setMinimumContentsLength(40)
        completer = self.procedure.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.dossier = QLineEdit(objectName="dossierCode")
        self.dossier.setPlaceholderText(self.tr("Mã hồ sơ liên quan, nếu có"))
        self.repeated = QCheckBox(
            self.tr("Phản ánh lặp lạ&i (đã gửi trước đây)"), objectName="repeated"
        )
        form = QFormLayout()
        form.addRow(self.tr("&Kênh tiếp nhận:"), self.channel)
        form.addRow(self.tr("&Thời điểm nhận:"), self.received_at)
        form.addRow(self.tr("&Người gửi:"), self.sender)
        form.addRow(self.tr("Liên &hệ:"), self.contact)
        form.addRow(self.tr("Tên khi &công khai:"), self.publish_name)
        form.addRow(self.tr("Nội &dung:"), self.content)
        form.addRow(self.tr("Tó&m tắt:"), self.summary)
        form.addRow(self.tr("Thủ t&ục:"), self.procedure)
        form.addRow(self.tr("Mã hồ &sơ:"), self.dossier)
        form.addRow("", self.repeated)
        self.fields = {
            "channel": self.channel, "received_at": self.received_at,
            "sender_name": self.sender, "content": self.content,
            "procedure_id": self.procedure, "dossier_code": self.dossier,
        }  # fmt: skip
        self.ok.setText(self.tr("&Lưu (Ctrl+Enter)"))
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self._names("")
        self.sender.setFocus()

    def _names(self, text: str) -> None:
        """Offer the sender's name in full, by initials, or "Giấu tên" (the default); a name
        the clerk typed in the box is kept."""
        current = self.publish_name.currentText().strip()
        custom = bool(current) and current not in self._choices
        self._choices = fbs.publish_name_choices(text)
        self.publish_name.clear()
        self.publish_name.addItems(self._choices)
        self.publish_name.setCurrentText(current if custom else fbs.ANONYMOUS)

    def command(self) -> fbs.ReceiveCommand:
        qdt = self.received_at.dateTime()
        d, t = qdt.date(), qdt.time()
        name = self.publish_name.currentText().strip()
        pid = self.procedure.currentData() if self.procedure.currentIndex() > 0 else None
        return fbs.ReceiveCommand(
            channel=self.channel.currentData(),
            sender_name=self.sender.text(),
            content=self.content.toPlainText(),
            sender_contact=self.contact.text(),
            publish_name="" if name == fbs.ANONYMOUS else name,
            summary=self.summary.text(),
            procedure_id=pid,
            dossier_code=self.dossier.text(),
            received_at=datetime(d.year(), d.month(), d.day(), t.hour(), t.minute()),
            repeated=self.repeated.isChecked(),
        )

    def call(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return fbs.receive, (self.ctx.db, self.ctx.actor, self.command())


class TextDialog(_ActionDialog):
    """One text and one action: reject (reason), ask for more information, or note its arrival."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        prompt: str,
        fn: Callable[..., Any],
        feedback_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, title, parent)
        self.setObjectName("textDialog")
        self.resize(560, 320)
        self.fn = fn
        self.feedback_id = feedback_id
        self.text = QPlainTextEdit(objectName="text")
        self.text.setTabChangesFocus(True)
        label = QLabel(prompt)
        label.setWordWrap(True)
        label.setBuddy(self.text)
        self.fields = {"text": self.text}
        self.ok.setText(self.tr("&Ghi nhận (Ctrl+Enter)"))
        lay = QVBoxLayout(self)
        lay.addWidget(label)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.text.setFocus()

    def call(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        cmd = fbs.ReasonCommand(self.feedback_id, self.text.toPlainText())
        return self.fn, (self.ctx.db, self.ctx.actor, cmd)


class AnswerDialog(_ActionDialog):
    """The written answer, and the content in short as it will be posted."""

    def __init__(
        self, ctx: AppContext, view: fbs.FeedbackView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Trả lời phản ánh {n}").format(n=view.number), parent)
        self.setObjectName("answerDialog")
        self.resize(640, 480)
        self.view = view
        content = QLabel(view.content)
        content.setWordWrap(True)
        content.setTextFormat(Qt.TextFormat.PlainText)
        content.setStyleSheet("background: #f5f5f5; padding: 6px;")
        self.answer = QPlainTextEdit(objectName="answer")
        self.answer.setTabChangesFocus(True)
        self.answer.setPlaceholderText(self.tr("Nội dung văn bản trả lời gửi người phản ánh"))
        self.summary = QLineEdit(view.summary, objectName="summary")
        self.summary.setPlaceholderText(self.tr("Để trống: công khai nguyên nội dung phản ánh"))
        answer_label = QLabel(self.tr("&Nội dung trả lời:"))
        answer_label.setBuddy(self.answer)
        summary_label = QLabel(self.tr("&Tóm tắt nội dung phản ánh để công khai:"))
        summary_label.setBuddy(self.summary)
        self.fields = {"answer": self.answer}
        self.ok.setText(self.tr("&Lưu trả lời (Ctrl+Enter)"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Nội dung phản ánh:")))
        lay.addWidget(content)
        lay.addWidget(answer_label)
        lay.addWidget(self.answer, 1)
        lay.addWidget(summary_label)
        lay.addWidget(self.summary)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.answer.setFocus()

    def call(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        cmd = fbs.AnswerCommand(self.view.id, self.answer.toPlainText(), self.summary.text())
        return fbs.answer, (self.ctx.db, self.ctx.actor, cmd)


class OutcomeDialog(_ActionDialog):
    """Whether the sender was satisfied with the answer, and whether they had to send it again."""

    def __init__(
        self, ctx: AppContext, view: fbs.FeedbackView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Ý kiến người gửi về kết quả xử lý"), parent)
        self.setObjectName("outcomeDialog")
        self.view = view
        self.yes = QRadioButton(self.tr("&Hài lòng"), objectName="satisfiedYes")
        self.no = QRadioButton(self.tr("&Không hài lòng"), objectName="satisfiedNo")
        self.unknown = QRadioButton(self.tr("&Chưa có ý kiến"), objectName="satisfiedUnknown")
        group = QButtonGroup(self)
        for b in (self.yes, self.no, self.unknown):
            group.addButton(b)
        {True: self.yes, False: self.no, None: self.unknown}[view.satisfied].setChecked(True)
        self.repeated = QCheckBox(
            self.tr("Người gửi phải &phản ánh lại cùng nội dung"), objectName="repeated"
        )
        self.repeated.setChecked(view.repeated)
        self.ok.setText(self.tr("&Ghi nhận"))
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        for b in (self.yes, self.no, self.unknown):
            row.addWidget(b)
        lay.addLayout(row)
        lay.addWidget(self.repeated)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

    def call(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        satisfied = True if self.yes.isChecked() else False if self.no.isChecked() else None
        cmd = fbs.OutcomeCommand(self.view.id, satisfied, self.repeated.isChecked())
        return fbs.record_outcome, (self.ctx.db, self.ctx.actor, cmd)


class SheetDialog(QDialog):
    """Save or print the results sheet of a period (and record its items as published), or the
    contact notice (``results=False``)."""

    def __init__(
        self, ctx: AppContext, results: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.results = results
        self.pdf: fbs.ResultsPdf | None = None
        self._tmp = Path(tempfile.mkdtemp(prefix="tthc-pakn-"))
        self.setObjectName("sheetDialog")
        self.setWindowTitle(
            self.tr("Kết quả xử lý phản ánh, kiến nghị")
            if results
            else self.tr("Thông báo tiếp nhận phản ánh, kiến nghị")
        )
        lay = QVBoxLayout(self)
        today = date.today()
        self.date_from = QDateEdit(_qdate(today.replace(day=1)), objectName="dateFrom")
        self.date_to = QDateEdit(_qdate(today), objectName="dateTo")
        self.mark = QCheckBox(
            self.tr("Khi &in để niêm yết, ghi nhận các phản ánh trong bảng là đã công khai"),
            objectName="markPublished",
        )
        if results:
            form = QFormLayout()
            for d in (self.date_from, self.date_to):
                d.setDisplayFormat("dd/MM/yyyy")
                d.setCalendarPopup(True)
            form.addRow(self.tr("&Từ ngày (ngày trả lời):"), self.date_from)
            form.addRow(self.tr("Đế&n ngày:"), self.date_to)
            lay.addLayout(form)
            self.mark.setChecked(True)
            lay.addWidget(self.mark)
        else:
            info = QLabel(
                self.tr(
                    "Thông báo địa chỉ, số điện thoại, thư điện tử và Cổng dịch vụ công tiếp "
                    "nhận phản ánh, kiến nghị, để niêm yết tại {unit}."
                ).format(unit=ctx.office.counter_unit or self.tr("Bộ phận Một cửa"))
            )
            info.setWordWrap(True)
            lay.addWidget(info)
            self.mark.hide()
        self.status = QLabel(objectName="sheetStatus")
        self.status.setWordWrap(True)
        self.error = ErrorLabel(self)
        self.save_btn = QPushButton(self.tr("&Lưu PDF…"), objectName="saveSheet")
        self.print_btn = QPushButton(self.tr("&In…"), objectName="printSheet")
        # "Đã công khai" only when the sheet is really posted: printed for the board, or
        # confirmed after a saved PDF was posted (Nghị định 20/2008/NĐ-CP, Điều 20).
        self.posted_btn = QPushButton(self.tr("Đã &niêm yết bảng này"), objectName="confirmPosted")
        self.posted_btn.setToolTip(
            self.tr("Ghi nhận các phản ánh trong bảng vừa xuất là đã công khai (đã niêm yết).")
        )
        self.posted_btn.setEnabled(False)
        self.posted_btn.clicked.connect(self.confirm_posted)
        close = QPushButton(self.tr("Đó&ng"))
        close.clicked.connect(self.accept)
        self.save_btn.clicked.connect(lambda: self.save())
        self.print_btn.clicked.connect(self.print_dialog)
        row = QHBoxLayout()
        row.addWidget(self.save_btn)
        row.addWidget(self.print_btn)
        if results:
            row.addWidget(self.posted_btn)
        else:
            self.posted_btn.hide()
        row.addStretch(1)
        row.addWidget(close)
        lay.addWidget(self.status)
        lay.addWidget(self.error)
        lay.addLayout(row)
        self.save_btn.setDefault(True)

    def _render(self, out: str) -> fbs.ResultsPdf:
        if self.results:
            start, end = _pydate(self.date_from.date()), _pydate(self.date_to.date())
            return fbs.render_results(self.ctx.db, start, end, out, actor=self.ctx.actor)
        return fbs.render_contact(self.ctx.db, out)

    def _build(self, out: str, then: Callable[[fbs.ResultsPdf], None]) -> None:
        self.error.clear_error()
        self.ctx.runner.submit(self._render, out, on_done=then, on_error=self.error.show_error)

    def save(self, path: str | None = None) -> None:
        if not path:
            default = "ket-qua-xu-ly-pakn.pdf" if self.results else "thong-bao-tiep-nhan-pakn.pdf"
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Lưu tệp PDF"), default, self.tr("PDF (*.pdf)")
            )
        if path:
            self._build(path, lambda pdf: self._output_done(pdf, printed=False))

    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintDialog(printer, self)
        if dlg.exec():
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        out = str(self._tmp / "phieu.pdf")

        def printed(pdf: fbs.ResultsPdf) -> None:
            printing.start_print(
                self.ctx,
                pdf.path,
                printer,
                self,
                "feedback.print.failed",
                on_done=lambda _pages: self._output_done(pdf, printed=True),
                on_error=self.error.show_error,
            )

        self._build(out, printed)

    def _output_done(self, pdf: fbs.ResultsPdf, printed: bool = False) -> None:
        self.pdf = pdf
        if not self.results:
            self.status.setText(
                self.tr("Đã xuất {n} trang: {path}").format(n=pdf.pages, path=pdf.path)
            )
            return
        text = self.tr("Đã xuất {items} phản ánh, kiến nghị ({n} trang).").format(
            items=len(pdf.feedback_ids), n=pdf.pages
        )
        self.status.setText(text)
        if printed and self.mark.isChecked() and pdf.feedback_ids:
            self.confirm_posted()
        elif pdf.feedback_ids:
            self.posted_btn.setEnabled(True)
            self.status.setText(
                text
                + " "
                + self.tr(
                    "Chưa ghi nhận công khai: sau khi niêm yết bảng, bấm «Đã niêm yết bảng này»."
                )
            )

    def confirm_posted(self) -> None:
        """The sheet just output is on the board: its items are published now."""
        pdf = self.pdf
        if pdf is None or not pdf.feedback_ids:
            return
        self.posted_btn.setEnabled(False)
        self.ctx.runner.submit(
            fbs.publish_many, self.ctx.db, self.ctx.actor, pdf.feedback_ids,
            on_done=lambda n: self.status.setText(
                self.tr("Đã ghi nhận công khai {n} phản ánh.").format(n=n)),
            on_error=self.error.show_error,
        )  # fmt: skip
