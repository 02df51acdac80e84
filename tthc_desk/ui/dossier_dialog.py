"""One dossier's window: its documents, the timeline of events and steps, its actions (each a
small dialog asking for the reason, officer, date…), and the printing of its forms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.deadlines import WarningLevel
from tthc_desk.domain.dossier_rules import Standing
from tthc_desk.domain.enums import Role
from tthc_desk.paths import data_dir
from tthc_desk.services import dossiers as ds
from tthc_desk.services import registers
from tthc_desk.services.common import Clock, system_now
from tthc_desk.ui import printing
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.dossier_board_model import state_name, time_left_text, timeliness_name
from tthc_desk.ui.feedback_models import level_name
from tthc_desk.ui.formatting import fmt_dt
from tthc_desk.ui.supplement_widgets import SupplementItemsEditor, SupplementReceiptList
from tthc_desk.ui.table_models import WARNING_BACKGROUNDS
from tthc_desk.ui.widgets import ErrorLabel, show_error

#: Tests turn this off so that printed PDFs are not opened in a viewer.
OPEN_PRINTS = True

#: The form printed after each action (and the receipt after intake).
FORM_AFTER = {
    "received": "receipt",
    "supplement_received": "receipt",
    "supplement_requested": "supplement",
    "refused": "refusal",
    "apology": "apology",
    "stopped": "stop",
}


def action_title(widget: QWidget, action: str) -> str:
    titles = {
        "received": QCoreApplication.translate("DossierLabels", "Tiếp nhận hồ sơ trực tuyến"),
        "handover": QCoreApplication.translate("DossierLabels", "Chuyển xử lý"),
        "paused": QCoreApplication.translate("DossierLabels", "Tạm dừng"),
        "resumed": QCoreApplication.translate("DossierLabels", "Tiếp tục giải quyết"),
        "supplement_requested": QCoreApplication.translate("DossierLabels", "Yêu cầu bổ sung"),
        "supplement_received": QCoreApplication.translate("DossierLabels", "Nhận hồ sơ đã bổ sung"),
        "refused": QCoreApplication.translate("DossierLabels", "Từ chối"),
        "stopped": QCoreApplication.translate("DossierLabels", "Dừng giải quyết"),
        "withdrawn": QCoreApplication.translate("DossierLabels", "Rút hồ sơ"),
        "apology": QCoreApplication.translate("DossierLabels", "Xin lỗi, hẹn lại ngày trả"),
        "result_ready": QCoreApplication.translate("DossierLabels", "Đã có kết quả"),
        "returned": QCoreApplication.translate("DossierLabels", "Trả kết quả"),
        "rate": QCoreApplication.translate("DossierLabels", "Ghi đánh giá hài lòng"),
    }
    return titles.get(action, action)


def event_name(widget: QWidget, kind: str) -> str:
    names = {
        "submitted_online": QCoreApplication.translate("DossierLabels", "Nộp trực tuyến"),
        "received": QCoreApplication.translate("DossierLabels", "Tiếp nhận"),
        "handover": QCoreApplication.translate("DossierLabels", "Chuyển xử lý"),
        "paused": QCoreApplication.translate("DossierLabels", "Tạm dừng"),
        "resumed": QCoreApplication.translate("DossierLabels", "Tiếp tục"),
        "supplement_requested": QCoreApplication.translate("DossierLabels", "Yêu cầu bổ sung"),
        "supplement_received": QCoreApplication.translate("DossierLabels", "Nhận hồ sơ bổ sung"),
        "refused": QCoreApplication.translate("DossierLabels", "Từ chối"),
        "stopped": QCoreApplication.translate("DossierLabels", "Dừng giải quyết"),
        "withdrawn": QCoreApplication.translate("DossierLabels", "Rút hồ sơ"),
        "apology": QCoreApplication.translate("DossierLabels", "Xin lỗi, hẹn lại"),
        "result_ready": QCoreApplication.translate("DossierLabels", "Có kết quả"),
        "returned": QCoreApplication.translate("DossierLabels", "Trả kết quả"),
        "rated": QCoreApplication.translate("DossierLabels", "Đánh giá"),
        "printed": QCoreApplication.translate("DossierLabels", "In giấy tờ"),
    }
    return names.get(kind, kind)


def form_name(kind: str) -> str:
    """The printed form's name as the history shows it."""
    names = {
        "receipt": QCoreApplication.translate("DossierLabels", "Giấy tiếp nhận (mẫu 01)"),
        "supplement": QCoreApplication.translate("DossierLabels", "Phiếu yêu cầu bổ sung (mẫu 02)"),
        "refusal": QCoreApplication.translate("DossierLabels", "Phiếu từ chối (mẫu 03)"),
        "apology": QCoreApplication.translate("DossierLabels", "Văn bản xin lỗi (mẫu 04)"),
        "stop": QCoreApplication.translate("DossierLabels", "Thông báo dừng giải quyết (mẫu 05)"),
        "control": QCoreApplication.translate("DossierLabels", "Phiếu kiểm soát (mẫu 06)"),
    }
    return names.get(kind, kind)


def print_form(
    ctx: AppContext,
    dossier_id: int,
    code: str,
    kind: str,
    on_done: Callable[[Path], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Write a new copy of a dossier's form (``…-2.pdf`` after the first; the history records
    it) off the UI thread, then print it (printer dialog; the printing itself runs off the UI
    thread too, with progress and Cancel)."""
    folder = data_dir() / "printouts"

    def done(path: Path) -> None:
        if OPEN_PRINTS:
            printing.print_with_dialog(path, ctx=ctx, on_error=on_error)
        if on_done is not None:
            on_done(path)

    ctx.runner.submit(
        registers.print_copy,
        ctx.db,
        ctx.actor,
        dossier_id,
        kind,
        folder,
        lane="files",
        on_done=done,
        on_error=on_error,
    )


def _asked_items(view: ds.DossierView) -> list[dict[str, object]]:
    """The lines of the dossier's latest supplement request (form 02)."""
    for e in reversed(view.events):
        if e.kind == "supplement_requested":
            items = e.data.get("items") or []
            return [dict(i) for i in items if isinstance(i, dict)]
    return []


class ActionDialog(QDialog):
    """Asks what one action needs, runs it off the UI thread, reports the new dossier view."""

    sig_done = Signal(object)
    """The action succeeded; the argument is the new :class:`ds.DossierView`."""

    def __init__(
        self, ctx: AppContext, view: ds.DossierView, action: str, now: Clock, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.ctx, self.view, self.action, self.now = ctx, view, action, now
        self.setObjectName(f"action_{action}")
        self.setWindowTitle(f"{action_title(self, action)} — {view.code}")
        form = QFormLayout()
        self.officer = QComboBox(objectName="officer")
        self.reason = QPlainTextEdit(objectName="reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        self.items = SupplementItemsEditor()
        self.brought: SupplementReceiptList | None = None
        self.phone = QLineEdit(objectName="contactPhone")
        self.legal_basis = QLineEdit(objectName="legalBasis")
        self.options = QLineEdit(objectName="applicantOptions")
        self.new_date = QDateTimeEdit(objectName="newDueAt")
        self.new_date.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.new_date.setCalendarPopup(True)
        self.collected_by = QLineEdit(view.applicant_name, objectName="collectedBy")
        self.book_line: QSpinBox | None = None
        self.level = QComboBox(objectName="ratingLevel")
        for value, text in (
            ("very_satisfied", self.tr("Rất hài lòng")),
            ("satisfied", self.tr("Hài lòng")),
            ("not_satisfied", self.tr("Không hài lòng")),
        ):
            self.level.addItem(text, value)
        self.level.setPlaceholderText(self.tr("— chọn mức độ hài lòng —"))
        self.level.setCurrentIndex(-1)  # the applicant chooses; nothing is chosen for them
        self.next_step = QLabel(objectName="nextStep")
        if action == "handover":
            form.addRow(self.tr("Bước tiếp theo:"), self.next_step)
            form.addRow(self.tr("Người nhận:"), self.officer)
            form.addRow(self.tr("Ghi chú:"), self.reason)
        elif action == "supplement_requested":
            form.addRow(self.tr("Giấy tờ cần bổ sung:"), self.items)
            self.setMinimumWidth(820)  # form 02's table, its five columns without scrolling
            form.addRow(self.tr("Lý do:"), self.reason)
            self.phone.setText(ctx.user.phone or "")
            form.addRow(self.tr("Điện thoại liên hệ:"), self.phone)
        elif action == "apology":
            due = view.due_at or now()
            self.new_date.setDateTime(QDateTime(due).addDays(1))
            form.addRow(self.tr("Ngày hẹn trả mới:"), self.new_date)
            form.addRow(self.tr("Lý do chậm:"), self.reason)
        elif action == "stopped":
            form.addRow(self.tr("Lý do:"), self.reason)
            form.addRow(self.tr("Căn cứ pháp lý:"), self.legal_basis)
            form.addRow(self.tr("Người nộp có thể:"), self.options)
        elif action == "returned":
            form.addRow(self.tr("Người nhận kết quả:"), self.collected_by)
            self._add_book_line(form)
            form.addRow(self.tr("Ghi chú:"), self.reason)
        elif action == "rate":
            form.addRow(self.tr("Mức độ hài lòng:"), self.level)
            form.addRow(self.tr("Ý kiến:"), self.reason)
        elif action in ("paused", "refused", "withdrawn"):
            form.addRow(self.tr("Lý do:"), self.reason)
        elif action == "supplement_received":
            self.brought = SupplementReceiptList(_asked_items(view))
            form.addRow(self.tr("Giấy tờ đã nhận bổ sung:"), self.brought)
            self.setMinimumWidth(640)
            form.addRow(self.tr("Ghi chú:"), self.reason)
        else:
            form.addRow(self.tr("Ghi chú:"), self.reason)
        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(action_title(self, action))
        self.ok.setObjectName("ok")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"<b>{view.code}</b> — {view.applicant_name}"))
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
            QShortcut(QKeySequence(keys), self, activated=self.submit)
        if action == "handover":
            ctx.runner.submit(
                ds.handover_options,
                ctx.db,
                ctx.actor,
                view.id,
                on_done=self._officers_loaded,
                on_error=self.error.show_error,
            )

    def _officers_loaded(self, options: ds.HandoverOptions) -> None:
        roles = {
            Role.CLERK: self.tr("cán bộ tiếp nhận"),
            Role.OFFICER: self.tr("công chức chuyên môn"),
            Role.LEADER: self.tr("lãnh đạo"),
            Role.ADMIN: self.tr("quản trị viên"),
        }
        self.officer.clear()
        for c in options.candidates:
            self.officer.addItem(f"{c.full_name} — {c.title or roles[c.role]}", c.id)
        index = self.officer.findData(options.default_id) if options.default_id else -1
        self.officer.setCurrentIndex(max(index, 0))
        if options.step_role is not None:
            self.next_step.setText(
                self.tr("{step} ({role})").format(
                    step=options.step_name, role=roles[options.step_role]
                )
            )
        else:
            self.next_step.setText(options.step_name)

    def _add_book_line(self, form: QFormLayout) -> None:
        """The line of the procedure's paper book, suggested as the next free one."""
        from tthc_desk.services import province

        hint = province.book_line_for(self.ctx.db, self.view.id, self.now)
        if hint is None:
            return
        self.book_line = QSpinBox(objectName="bookLine")
        self.book_line.setRange(0, 1_000_000)
        self.book_line.setSpecialValueText(self.tr("chưa vào sổ"))
        self.book_line.setValue(hint.line)
        label = self.tr("Dòng trong {book}, quyển {volume}, năm {year}:").format(
            book=hint.book, volume=hint.volume, year=hint.year
        )
        form.addRow(label, self.book_line)

    def _call(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        v, a, reason = self.view, self.action, self.reason.toPlainText()
        db, actor = self.ctx.db, self.ctx.actor
        if a == "received":
            return ds.receive_online, (db, actor, v.id, (), self.now)
        if a == "handover":
            officer = self.officer.currentData()
            return ds.handover, (
                db,
                actor,
                ds.HandoverCommand(v.id, officer or 0, reason),
                self.now,
            )
        if a == "paused":
            return ds.pause, (db, actor, ds.ReasonCommand(v.id, reason), self.now)
        if a == "resumed":
            return ds.resume, (db, actor, ds.ReasonCommand(v.id, reason), self.now)
        if a == "supplement_requested":
            cmd = ds.SupplementCommand(
                v.id, reason, self.items.all_items(), self.ctx.user.full_name, self.phone.text()
            )
            return ds.request_supplement, (db, actor, cmd, self.now)
        if a == "supplement_received":
            return ds.receive_supplement, (
                db,
                actor,
                ds.SupplementReceiptCommand(
                    v.id, self.brought.documents() if self.brought else (), reason
                ),
                self.now,
            )
        if a == "refused":
            return ds.refuse, (db, actor, ds.ReasonCommand(v.id, reason), self.now)
        if a == "withdrawn":
            return ds.withdraw, (db, actor, ds.ReasonCommand(v.id, reason), self.now)
        if a == "stopped":
            cmd2 = ds.StopCommand(v.id, reason, self.legal_basis.text(), self.options.text())
            return ds.stop, (db, actor, cmd2, self.now)
        if a == "apology":
            new = self.new_date.dateTime().toPython()
            assert isinstance(new, datetime)
            return ds.apologise, (
                db,
                actor,
                ds.ApologyCommand(v.id, reason, new.replace(second=0, microsecond=0)),
                self.now,
            )
        if a == "result_ready":
            return ds.result_ready, (db, actor, ds.ReasonCommand(v.id, reason), self.now)
        if a == "returned":
            line = self.book_line.value() if self.book_line is not None else None
            cmd3 = ds.ReturnCommand(v.id, self.collected_by.text(), reason, line or None)
            return ds.return_result, (db, actor, cmd3, self.now)
        return ds.rate, (
            db,
            actor,
            ds.RatingCommand(v.id, str(self.level.currentData() or ""), reason),
            self.now,
        )

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return
        self.error.clear_error()
        self.ok.setEnabled(False)
        fn, args = self._call()
        self.ctx.runner.submit(fn, *args, on_done=self._done, on_error=self._failed)

    def _done(self, view: ds.DossierView) -> None:
        self.ok.setEnabled(True)
        self.sig_done.emit(view)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.error.show_error(exc)


class DossierDialog(QDialog):
    """Documents, the timeline of events and steps, and the actions of one dossier."""

    sig_changed = Signal(object)
    """The dossier changed (an action succeeded); the argument is the new view."""
    sig_printed = Signal(object)
    """A form was written; the argument is the PDF's path."""

    def __init__(
        self,
        ctx: AppContext,
        dossier_id: int,
        now: Clock = system_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.dossier_id, self.now = ctx, dossier_id, now
        self.view: ds.DossierView | None = None
        self.action_dialog: ActionDialog | None = None
        self.setObjectName("dossierDialog")
        self.resize(980, 640)
        self.header = QLabel(objectName="dossierHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.clock_label = QLabel(objectName="dossierClock")
        self.tabs = QTabWidget(objectName="dossierTabs")
        self.documents = QTableWidget(0, 3, objectName="documents")
        self.documents.setHorizontalHeaderLabels(
            [self.tr("Tên giấy tờ"), self.tr("Hình thức"), self.tr("Số lượng")]
        )
        self.events = QTableWidget(0, 4, objectName="events")
        self.events.setHorizontalHeaderLabels(
            [
                self.tr("Thời điểm"),
                self.tr("Sự việc"),
                self.tr("Người thực hiện"),
                self.tr("Lý do, ghi chú"),
            ]
        )
        self.steps = QTableWidget(0, 7, objectName="steps")
        self.steps.setHorizontalHeaderLabels(
            [
                self.tr("Bước"),
                self.tr("Cán bộ"),
                self.tr("Bắt đầu"),
                self.tr("Hạn của bước"),
                self.tr("Kết thúc"),
                self.tr("Kết quả"),
                self.tr("Còn lại"),
            ]
        )
        for table in (self.documents, self.events, self.steps):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setStretchLastSection(True)
            table.verticalHeader().setVisible(False)
        self.tabs.addTab(self.steps, self.tr("Các bước xử lý"))
        self.tabs.addTab(self.events, self.tr("Diễn biến"))
        self.tabs.addTab(self.documents, self.tr("Giấy tờ"))
        self.actions_row = QHBoxLayout()
        self.print_row = QHBoxLayout()
        self.error = ErrorLabel(self)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addWidget(self.clock_label)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.error)
        lay.addLayout(self.actions_row)
        lay.addLayout(self.print_row)
        self.buttons: dict[str, QPushButton] = {}
        self.reload()

    def reload(self) -> None:
        self.ctx.runner.submit(
            ds.get_dossier,
            self.ctx.db,
            self.dossier_id,
            self.now,
            on_done=self.show_view,
            on_error=self.error.show_error,
        )

    def show_view(self, v: ds.DossierView) -> None:
        self.view = v
        self.setWindowTitle(self.tr("Hồ sơ {code}").format(code=v.code))
        state = state_name(v.state.value)
        if v.timeliness:
            state += f" · {timeliness_name(v.timeliness)}"
        lines = [
            f"<h3>{v.code} — {state}</h3>",
            self.tr("<b>Người nộp:</b> {applicant}").format(
                # what is known of the applicant: no "· ·" for a missing ID or phone
                applicant=" · ".join(x for x in (v.applicant_name, v.personal_id, v.phone) if x)
            ),
            self.tr("<b>Thủ tục:</b> {code} {name} ({field})").format(
                code=v.procedure_code, name=v.procedure_name, field=v.field_name
            ),
            self.tr("<b>Tiếp nhận:</b> {received} · <b>Hạn trả:</b> {due}").format(
                received=fmt_dt(v.received_at) or self.tr("chưa tiếp nhận"), due=fmt_dt(v.due_at)
            ),
        ]
        if v.submitted_at:
            lines.append(
                self.tr("<b>Nộp trực tuyến:</b> {at} · hạn tiếp nhận {due}").format(
                    at=fmt_dt(v.submitted_at), due=fmt_dt(v.reception_due_at)
                )
                + (
                    f" · {timeliness_name(v.reception_timeliness)}"
                    if v.reception_timeliness
                    else ""
                )
            )
        if v.clocks_differ:
            lines.append(self._portal_clock_line(v))
        if v.original_due_at:
            lines.append(
                self.tr("<b>Đã xin lỗi, hẹn lại</b> (hạn ban đầu {due})").format(
                    due=fmt_dt(v.original_due_at)
                )
            )
        if v.returned_at:
            lines.append(
                self.tr("<b>Đã trả kết quả:</b> {at} cho {who}").format(
                    at=fmt_dt(v.returned_at), who=v.collected_by
                )
            )
        if v.rating:
            lines.append(
                self.tr("<b>Đánh giá của người nộp:</b> {level}").format(level=level_name(v.rating))
            )
        self.header.setText("<br>".join(lines))
        clock = ""
        if v.minutes_left is not None and v.level is not None:
            stand = Standing(
                v.minutes_left, WarningLevel(v.level), v.paused_at is not None, v.minutes_per_day
            )
            clock = self.tr("Hồ sơ: {left}").format(left=time_left_text(stand, v.state.value))
            self.clock_label.setStyleSheet(
                f"background: {WARNING_BACKGROUNDS[v.level].name()}; padding: 4px; font-weight: 600;"
            )
        if clock and v.clocks_differ and v.portal_minutes_left is not None and v.portal_level:
            portal = Standing(
                v.portal_minutes_left, WarningLevel(v.portal_level), v.paused_at is not None
            )
            clock += self.tr(" · Theo Cổng Dịch vụ công: {left}").format(
                left=time_left_text(portal)
            )
        if v.apology_owed:
            clock += self.tr(" — Đã đến lúc phải gửi văn bản xin lỗi, hẹn lại (mẫu 04).")
            if not v.apology_in_advance:
                clock += self.tr(
                    " Thủ tục giải quyết trong ngày: không thể gửi trước 1 ngày, không tính là "
                    "xin lỗi muộn."
                )
        self.clock_label.setText(clock)
        self.clock_label.setVisible(bool(clock))
        self._fill_steps(v)
        self._fill_events(v)
        self._fill_documents(v)
        self._fill_actions(v)

    def _portal_clock_line(self, v: ds.DossierView) -> str:
        """The portal's date beside the citizen's, and why they differ (issue 10: two clocks)."""
        why = {
            "restart": self.tr(
                "cơ quan tính lại đủ thời hạn từ khi nhận hồ sơ đã bổ sung; Cổng Dịch vụ công chỉ "
                "trừ thời gian hồ sơ nằm ở người dân trong một lần bổ sung"
            ),
            "apology": self.tr(
                "văn bản xin lỗi đã hẹn ngày mới; Cổng Dịch vụ công vẫn đánh giá theo ngày hẹn "
                "ban đầu"
            ),
            "supplements": self.tr(
                "hồ sơ đã phải bổ sung hơn một lần: Cổng Dịch vụ công tính là quá hạn"
            ),
        }.get(v.clock_difference or "", "")
        line = self.tr("<b>Hạn theo Cổng Dịch vụ công (chỉ số 766):</b> {due} — {why}").format(
            due=fmt_dt(v.portal_due_at), why=why
        )
        if v.portal_level == "late":
            line += self.tr(" · <b>đã quá hạn theo Cổng</b>")
        return line

    def _fill_steps(self, v: ds.DossierView) -> None:
        self.steps.setRowCount(len(v.steps))
        for i, st in enumerate(v.steps):
            left = ""
            if st.minutes_left is not None and st.level is not None:
                left = time_left_text(
                    Standing(st.minutes_left, WarningLevel(st.level), st.paused, v.minutes_per_day)
                )
            cells = [
                st.name,
                st.officer_name,
                fmt_dt(st.started_at),
                fmt_dt(st.due_at),
                fmt_dt(st.finished_at),
                timeliness_name(st.timeliness),
                left,
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                level = st.level or ("late" if st.timeliness == "late" else None)
                if level and j in (3, 5, 6):
                    item.setBackground(WARNING_BACKGROUNDS[level])
                self.steps.setItem(i, j, item)
        self.steps.resizeColumnsToContents()

    def _fill_events(self, v: ds.DossierView) -> None:
        self.events.setRowCount(len(v.events))
        for i, e in enumerate(v.events):
            detail = e.reason
            if e.kind == "handover" and e.data.get("to_officer"):
                detail = (
                    self.tr("Chuyển cho {who} ({step}) {note}")
                    .format(who=e.data["to_officer"], step=e.data.get("step", ""), note=e.reason)
                    .strip()
                )
            if e.kind == "returned":
                detail = self.tr("Người nhận: {who}").format(who=e.data.get("collected_by", ""))
            if e.kind == "rated":
                detail = level_name(str(e.data.get("level", "")))
            elif e.kind == "printed":
                detail = self.tr("{form} — tệp {file}").format(
                    form=form_name(str(e.data.get("form", ""))), file=e.data.get("file", "")
                )
            for j, text in enumerate([fmt_dt(e.at), event_name(self, e.kind), e.user_name, detail]):
                self.events.setItem(i, j, QTableWidgetItem(text))
        self.events.resizeColumnsToContents()

    def _fill_documents(self, v: ds.DossierView) -> None:
        kinds = {
            "original": self.tr("Bản chính"),
            "certified_copy": self.tr("Bản sao có chứng thực"),
            "copy": self.tr("Bản sao"),
            "form": self.tr("Tờ khai, đơn (theo mẫu)"),
        }
        self.documents.setRowCount(len(v.documents))
        for i, doc in enumerate(v.documents):
            for j, text in enumerate([doc.name, kinds.get(doc.kind, doc.kind), str(doc.count)]):
                self.documents.setItem(i, j, QTableWidgetItem(text))
        self.documents.resizeColumnsToContents()

    def _fill_actions(self, v: ds.DossierView) -> None:
        for layout in (self.actions_row, self.print_row):
            while layout.count():
                item = layout.takeAt(0)
                w = item.widget()
                if w is not None:
                    w.deleteLater()
        self.buttons = {}
        for action in v.actions:
            b = QPushButton(action_title(self, action), objectName=f"do_{action}")
            b.clicked.connect(lambda _=False, a=action: self.start_action(a))
            self.actions_row.addWidget(b)
            self.buttons[action] = b
        self.actions_row.addStretch(1)
        printable = [("control", self.tr("In phiếu kiểm soát (mẫu 06)"))]
        kinds = {e.kind for e in v.events}
        if kinds & {"received", "supplement_received"}:
            printable.insert(0, ("receipt", self.tr("In giấy tiếp nhận (mẫu 01)")))
        for kind, form in (
            ("supplement_requested", "supplement"),
            ("refused", "refusal"),
            ("apology", "apology"),
            ("stopped", "stop"),
        ):
            if kind in kinds:
                printable.append(
                    (form, self.tr("In {what}").format(what=event_name(self, kind).lower()))
                )
        for kind, text in printable:
            b = QPushButton(text, objectName=f"print_{kind}")
            b.clicked.connect(lambda _=False, k=kind: self.print(k))
            self.print_row.addWidget(b)
        self.print_row.addStretch(1)

    def start_action(self, action: str) -> ActionDialog:
        assert self.view is not None
        dlg = ActionDialog(self.ctx, self.view, action, self.now, self)
        dlg.sig_done.connect(lambda view, a=action: self._action_done(a, view))
        self.action_dialog = dlg
        dlg.open()
        return dlg

    def _action_done(self, action: str, view: ds.DossierView) -> None:
        self.show_view(view)
        self.sig_changed.emit(view)
        form = FORM_AFTER.get(action)
        if form is not None:
            self.print(form)

    def print(self, kind: str) -> None:
        assert self.view is not None
        print_form(
            self.ctx,
            self.view.id,
            self.view.code,
            kind,
            on_done=self._printed,
            on_error=lambda exc: show_error(self, exc),
        )

    def _printed(self, path: Path) -> None:
        self.reload()  # the history now lists this copy
        self.sig_printed.emit(path)
