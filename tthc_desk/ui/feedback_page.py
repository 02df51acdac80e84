"""Phản ánh kiến nghị: the list with filters and deadline warnings, an item's detail with its
actions (reject, ask for more, answer, publish, the sender's view), and the printed sheets."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.errors import AppError
from tthc_desk.paths import data_dir
from tthc_desk.services import feedback as fbs
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.feedback_dialogs import (
    AnswerDialog,
    OutcomeDialog,
    ReceiveDialog,
    SheetDialog,
    TextDialog,
)
from tthc_desk.ui.feedback_models import RowsModel, channel_name, state_name, timeliness_name
from tthc_desk.ui.formatting import fmt_date, fmt_dt, time_left
from tthc_desk.ui.printing import print_with_dialog
from tthc_desk.ui.widgets import ErrorLabel, TableFit, fit_placeholder

#: Tests turn the printer dialog off; the PDF is written either way.
OPEN_PRINTS = True

ACTION_LABELS = {
    "accept": QT_TRANSLATE_NOOP("FeedbackPage", "Tiếp nhận &xử lý"),
    "request_supplement": QT_TRANSLATE_NOOP("FeedbackPage", "Yêu cầu &bổ sung…"),
    "supplement_received": QT_TRANSLATE_NOOP("FeedbackPage", "Đã nhận &bổ sung…"),
    "reject": QT_TRANSLATE_NOOP("FeedbackPage", "Từ &chối…"),
    "answer": QT_TRANSLATE_NOOP("FeedbackPage", "T&rả lời…"),
    "publish": QT_TRANSLATE_NOOP("FeedbackPage", "Đã &công khai"),
    "outcome": QT_TRANSLATE_NOOP("FeedbackPage", "Ý kiến &người gửi…"),
}


def _summary(v: fbs.FeedbackView) -> str:
    text = v.summary or v.content
    return text.replace("\n", " ")


class FeedbackPage(QWidget):
    """The feedback area's page."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current_view: fbs.FeedbackView | None = None
        self.last_dialog: QDialog | None = None  # for tests
        self._select_id: int | None = None

        # --- top bar
        self.receive_btn = QPushButton(
            self.tr("&Tiếp nhận phản ánh… (Ctrl+N)"), objectName="receiveButton"
        )
        self.receive_btn.clicked.connect(self.open_receive)
        self.state = QComboBox(objectName="stateFilter")
        self.state.addItem(self.tr("Tất cả"), None)
        self.state.addItem(self.tr("Chưa trả lời"), "open")
        for value in ("received", "supplement_requested", "in_progress", "answered", "published",
                      "rejected"):  # fmt: skip
            self.state.addItem(state_name(value), value)
        self.attention = QComboBox(objectName="attentionFilter")
        self.attention.addItem(self.tr("Mọi thời hạn"), None)
        self.attention.addItem(self.tr("Sắp đến hạn hoặc quá hạn"), "nearly_due")
        self.attention.addItem(self.tr("Chỉ quá hạn"), "overdue")
        self.search = QLineEdit(objectName="feedbackSearch")
        self.search.setPlaceholderText(self.tr("Tìm theo số, người gửi, nội dung (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        fit_placeholder(self.search)
        self.state.currentIndexChanged.connect(lambda _i: self.reload())
        self.attention.currentIndexChanged.connect(lambda _i: self.reload())
        self.search.returnPressed.connect(self.reload)
        self.results_btn = QPushButton(
            self.tr("&Kết quả xử lý (in, lưu)…"), objectName="resultsButton"
        )
        self.results_btn.clicked.connect(lambda: self.open_sheet(True))
        self.contact_btn = QPushButton(self.tr("Thông báo tiếp nhận…"), objectName="contactButton")
        self.contact_btn.clicked.connect(lambda: self.open_sheet(False))
        bar = QHBoxLayout()
        bar.addWidget(self.receive_btn)
        state_label = QLabel(self.tr("Trạn&g thái:"))
        state_label.setBuddy(self.state)
        bar.addWidget(state_label)
        bar.addWidget(self.state)
        bar.addWidget(self.attention)
        bar.addStretch(1)
        bar.addWidget(self.results_btn)
        bar.addWidget(self.contact_btn)

        self.banner = QLabel(objectName="feedbackBanner")
        self.banner.setWordWrap(True)

        # --- the list
        self.model: RowsModel[fbs.FeedbackView] = RowsModel(
            [self.tr("Số"), self.tr("Ngày nhận"), self.tr("Người gửi"), self.tr("Nội dung"),
             self.tr("Trạng thái"), self.tr("Hạn"), self.tr("Thời gian")],
            [lambda v: v.number, lambda v: fmt_date(v.received_at), lambda v: v.sender_name,
             _summary, lambda v: state_name(v.state), self._due_text,
             lambda v: time_left(v.minutes_left)],
            warning=lambda v: v.warning,
            parent=self,
        )  # fmt: skip
        self.table = QTableView(objectName="feedbackTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # Without sideways scrolling at 1366 px: rows two lines high, "Nội dung" takes the
        # rest (it was squeezed to "ội dur" beside the detail, then scrolled); the date
        # received, which the detail shows too, only when the table is wide enough.
        self.fit = TableFit(
            self.table,
            {0: "PAKN-0000-0000", 1: "00/00/0000", 2: "Nguyễn Thị Phương",
             4: "Đã trả lời, chờ", 5: "00/00/0000", 6: "quá 199 ngày"},
            stretch=3,
            optional=(1,),
            min_stretch=160,
        )  # fmt: skip
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._row_changed())

        # --- the detail
        self.detail = QTextBrowser(objectName="feedbackDetail")
        self.detail.setOpenLinks(False)
        self.action_buttons: dict[str, QPushButton] = {}
        actions = self.actions_grid = QGridLayout()
        actions.setSpacing(4)
        for key, label in ACTION_LABELS.items():
            b = QPushButton(
                QCoreApplication.translate("FeedbackPage", label), objectName=f"action_{key}"
            )
            b.clicked.connect(lambda _c=False, k=key: self.run_action(k))
            b.hide()
            self.action_buttons[key] = b
            actions.addWidget(b, 0, len(self.action_buttons) - 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.detail, 1)
        rl.addLayout(actions)
        self.letter_btn = QPushButton(self.tr("In văn bản trả lời…"), objectName="printLetter")
        self.letter_btn.setToolTip(
            self.tr(
                "Văn bản trả lời của Ủy ban nhân dân (thể thức Nghị định 30/2020/NĐ-CP), lãnh đạo "
                "ký; tệp PDF được lưu trong thư mục printouts."
            )
        )
        self.letter_btn.clicked.connect(lambda: self.print_letter())
        self.letter_btn.hide()
        self.letter_status = QLabel(objectName="letterStatus")
        self.letter_status.setWordWrap(True)
        self.letter_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        letter_row = QHBoxLayout()
        letter_row.addWidget(self.letter_btn)
        letter_row.addWidget(self.letter_status, 1)
        rl.addLayout(letter_row)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([860, 420])
        self.error = ErrorLabel(self)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        # the search beside the counts: on the bar it was too narrow for its hint at 1366 px
        counts_row = QHBoxLayout()
        counts_row.addWidget(self.banner, 1)
        counts_row.addWidget(self.search)
        lay.addLayout(counts_row)
        lay.addWidget(split, 1)
        lay.addWidget(self.error)

        for seq, slot in (
            ("Ctrl+N", self.open_receive),
            ("Ctrl+F", self.search.setFocus),
            ("F5", self.reload),
        ):
            QShortcut(QKeySequence(seq), self, activated=slot,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)  # fmt: skip
        self._procedures: list[tuple[int, str]] | None = None
        self.reload()

    # ------------------------------------------------------------------ data

    def _due_text(self, v: fbs.FeedbackView) -> str:
        if v.clock == "publish" and v.publish_due is not None:
            return fmt_dt(v.publish_due)
        if v.clock == "handle":
            return fmt_dt(v.due_at)
        return ""

    def query(self) -> fbs.FeedbackQuery:
        return fbs.FeedbackQuery(
            state=self.state.currentData(),
            attention=self.attention.currentData(),
            text=self.search.text(),
        )

    def reload(self, select_id: int | None = None) -> None:
        self.error.clear_error()
        if select_id is None and self.current_view is not None:
            select_id = self.current_view.id
        self._select_id = select_id
        self.ctx.runner.submit(
            fbs.list_feedback, self.ctx.db, self.query(),
            on_done=self._loaded, on_error=self.error.show_error,
        )  # fmt: skip
        self.ctx.runner.submit(fbs.counts, self.ctx.db, on_done=self._counts,
                               on_error=self.error.show_error)  # fmt: skip

    def _loaded(self, rows: list[fbs.FeedbackView]) -> None:
        self.model.set_rows(rows)
        row = next((i for i, v in enumerate(rows) if v.id == self._select_id), 0 if rows else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._row_changed()

    def _counts(self, n: fbs.FeedbackCounts) -> None:
        parts = [self.tr("{n} phản ánh chưa trả lời").format(n=n.open)]
        if n.unpublished:
            parts.append(self.tr("{n} đã trả lời, chưa công khai").format(n=n.unpublished))
        if n.nearly_due:
            parts.append(self.tr("{n} sắp đến hạn").format(n=n.nearly_due))
        if n.overdue:
            parts.append(self.tr("{n} QUÁ HẠN").format(n=n.overdue))
        self.banner.setText(" · ".join(parts))
        colour = "#b00020" if n.overdue else "#7a4d00" if n.nearly_due else "#1b5e20"
        self.banner.setStyleSheet(f"font-size: 11pt; font-weight: 600; color: {colour};")

    def _row_changed(self) -> None:
        row = self.table.currentIndex().row()
        if not (0 <= row < len(self.model.rows)):
            self.show_view(None)
            return
        self.ctx.runner.submit(
            fbs.get_feedback, self.ctx.db, self.model.rows[row].id,
            on_done=self.show_view, on_error=self.error.show_error,
        )  # fmt: skip

    # ------------------------------------------------------------------ detail

    def show_view(self, v: fbs.FeedbackView | None) -> None:
        self.current_view = v
        for key, b in self.action_buttons.items():
            b.setVisible(v is not None and key in v.actions)
        self.letter_btn.setVisible(v is not None and v.answered_at is not None and bool(v.answer)
                                   and v.state != "rejected")  # fmt: skip
        self.letter_status.clear()
        # The visible buttons, three to a row: the detail panel stays narrow.
        shown = [b for b in self.action_buttons.values() if not b.isHidden()]
        for i, b in enumerate(shown):
            self.actions_grid.addWidget(b, i // 3, i % 3)
        if v is None:
            hint = html.escape(self.tr("Chọn một phản ánh trong danh sách để xem chi tiết."))
            self.detail.setHtml(f"<p style='color:#555'>{hint}</p>")
            return
        self.detail.setHtml(self.detail_html(v))

    def print_letter(self, out: Path | None = None) -> None:
        """Write the written answer (PDF, off the UI thread), then print it."""
        v = self.current_view
        if v is None:
            return
        if out is None:
            folder = data_dir() / "printouts"
            folder.mkdir(parents=True, exist_ok=True)
            out = folder / f"{v.number}-van-ban-tra-loi.pdf"

        def done(pdf: fbs.ResultsPdf) -> None:
            self.last_letter = Path(pdf.path)
            self.letter_status.setText(
                self.tr("Đã lưu văn bản trả lời: {path}").format(path=pdf.path)
            )
            if OPEN_PRINTS:
                try:
                    print_with_dialog(pdf.path, self)
                except AppError as exc:
                    self.error.show_error(exc)

        self.error.clear_error()
        self.ctx.runner.submit(
            fbs.render_letter, self.ctx.db, v.id, out, lane="files", actor=self.ctx.actor,
            on_done=done, on_error=self.error.show_error,
        )  # fmt: skip

    def detail_html(self, v: fbs.FeedbackView) -> str:
        e = html.escape

        def row(label: str, value: str) -> str:
            if not value:
                return ""
            return f"<tr><td style='color:#555; padding-right:8px'>{e(label)}</td><td>{value}</td></tr>"

        def due(at: Any, status: str = "") -> str:
            return e(fmt_dt(at)) + (f" <b>({e(status)})</b>" if status else "")

        parts = [f"<h3>{e(v.number)} — {e(state_name(v.state))}</h3>"]
        if v.clock is not None:
            colour = {"late": "#b00020", "nearly_due": "#7a4d00"}.get(v.warning or "", "#1b5e20")
            what = self.tr("Hạn trả lời") if v.clock == "handle" else self.tr("Hạn công khai")
            line = self.tr("{what}: {due} — {left} (giờ làm việc)").format(
                what=what, due=self._due_text(v), left=time_left(v.minutes_left)
            )
            parts.append(f"<p style='color:{colour}; font-weight:600'>{e(line)}</p>")
        parts.append("<table>")
        parts.append(row(self.tr("Nhận lúc"), e(fmt_dt(v.received_at))))
        parts.append(row(self.tr("Kênh"), e(channel_name(v.channel))))
        parts.append(row(self.tr("Người gửi"), e(v.sender_name)))
        parts.append(row(self.tr("Liên hệ"), e(v.sender_contact)))
        anonymous = v.publish_name == fbs.ANONYMOUS  # the sheet's word; the screen's own
        public_name = self.tr("Giấu tên") if anonymous else v.publish_name
        parts.append(row(self.tr("Tên khi công khai"), e(public_name)))
        parts.append(row(self.tr("Thủ tục"), e(v.procedure)))
        parts.append(row(self.tr("Hồ sơ"), e(v.dossier_code)))
        parts.append(row(self.tr("Người tiếp nhận"), e(v.created_by)))
        if v.repeated:
            parts.append(row(self.tr("Lặp lại"), e(self.tr("Có"))))
        parts.append("</table>")
        # (lupdate does not see tr() inside an f-string: every label is translated first)
        content_title = self.tr("Nội dung")
        parts.append(f"<p><b>{e(content_title)}</b><br>"
                     f"{e(v.content).replace(chr(10), '<br>')}</p>")  # fmt: skip
        if v.summary:
            summary_title = self.tr("Tóm tắt:")
            parts.append(f"<p><b>{e(summary_title)}</b> {e(v.summary)}</p>")
        deadlines_title = self.tr("Thời hạn")
        parts.append(f"<p><b>{e(deadlines_title)}</b></p><table>")
        if v.state in ("received", "supplement_requested", "rejected"):
            parts.append(row(self.tr("Từ chối trước"), due(v.reject_due)))
        if v.state == "received" or v.supplement_requested_at is not None:
            parts.append(row(self.tr("Yêu cầu bổ sung trước"), due(v.supplement_due)))
        if v.state != "rejected":
            parts.append(row(self.tr("Trả lời trước"), due(v.due_at)))
        if v.publish_due is not None:
            parts.append(row(self.tr("Công khai trước"), due(v.publish_due)))
        parts.append("</table>")
        if v.answered_at is not None:
            title = self.tr("Lý do từ chối") if v.state == "rejected" else self.tr("Trả lời")
            parts.append(
                f"<p><b>{e(title)}</b> ({e(fmt_dt(v.answered_at))}, {e(v.answered_by)}"
                f"{', ' + e(timeliness_name(v.handled_timeliness)) if v.handled_timeliness else ''})"
                f"<br>{e(v.answer).replace(chr(10), '<br>')}</p>"
            )
        if v.published_at is not None:
            published_title = self.tr("Đã công khai:")
            parts.append(
                f"<p><b>{e(published_title)}</b> {e(fmt_dt(v.published_at))} "
                f"({e(timeliness_name(v.published_timeliness))})</p>"
            )
        if v.satisfied is not None:
            word = self.tr("Hài lòng") if v.satisfied else self.tr("Không hài lòng")
            opinion_title = self.tr("Ý kiến người gửi:")
            parts.append(f"<p><b>{e(opinion_title)}</b> {e(word)}</p>")
        if v.history:
            history_title = self.tr("Quá trình xử lý")
            parts.append(f"<p><b>{e(history_title)}</b></p><ul>")
            for h in v.history:
                text = f" — {e(h.text)}" if h.text and h.action != "feedback.answered" else ""
                parts.append(f"<li>{e(fmt_dt(h.at))}: {e(self._history_name(h.action))}"
                             f" ({e(h.user)}){text}</li>")  # fmt: skip
            parts.append("</ul>")
        return "".join(parts)

    def _history_name(self, action: str) -> str:
        names = {
            "feedback.received": self.tr("Tiếp nhận"),
            "feedback.rejected": self.tr("Từ chối xử lý"),
            "feedback.supplement_requested": self.tr("Yêu cầu bổ sung thông tin"),
            "feedback.supplement_received": self.tr("Nhận thông tin bổ sung"),
            "feedback.accepted": self.tr("Tiếp nhận xử lý"),
            "feedback.answered": self.tr("Trả lời bằng văn bản"),
            "feedback.published": self.tr("Công khai kết quả"),
            "feedback.outcome": self.tr("Ghi nhận ý kiến người gửi"),
        }
        return names.get(action, action)

    # ------------------------------------------------------------------ actions

    def open_receive(self) -> None:
        if self._procedures is None:
            self._procedures = []
            self.ctx.runner.submit(
                fbs.procedure_choices, self.ctx.db,
                on_done=self._open_receive_with, on_error=self.error.show_error,
            )  # fmt: skip
            return
        self._open_receive_with(self._procedures)

    def _open_receive_with(self, procedures: list[tuple[int, str]]) -> None:
        self._procedures = procedures
        self._open(ReceiveDialog(self.ctx, procedures, self))

    def run_action(self, key: str) -> None:
        v = self.current_view
        if v is None or key not in v.actions:
            return
        if key == "accept":
            self._direct(fbs.accept, v.id)
        elif key == "publish":
            self._direct(fbs.publish, v.id)
        elif key == "answer":
            self._open(AnswerDialog(self.ctx, v, self))
        elif key == "outcome":
            self._open(OutcomeDialog(self.ctx, v, self))
        elif key == "reject":
            self._open(TextDialog(
                self.ctx, self.tr("Từ chối xử lý phản ánh {n}").format(n=v.number),
                self.tr("&Lý do từ chối (gửi bằng văn bản cho người phản ánh; hạn {due}):")
                .format(due=fmt_dt(v.reject_due)), fbs.reject, v.id, self,
            ))  # fmt: skip
        elif key == "request_supplement":
            self._open(TextDialog(
                self.ctx, self.tr("Yêu cầu bổ sung thông tin cho phản ánh {n}").format(n=v.number),
                self.tr("&Thông tin, tài liệu cần bổ sung (chỉ yêu cầu một lần; hạn {due}):")
                .format(due=fmt_dt(v.supplement_due)), fbs.request_supplement, v.id, self,
            ))  # fmt: skip
        elif key == "supplement_received":
            self._open(TextDialog(
                self.ctx, self.tr("Đã nhận thông tin bổ sung cho phản ánh {n}").format(n=v.number),
                self.tr("&Ghi chú về thông tin đã nhận (không bắt buộc). Thời hạn 15 ngày làm "
                        "việc được tính lại từ bây giờ."),
                fbs.supplement_received, v.id, self,
            ))  # fmt: skip

    def _direct(self, fn: Any, feedback_id: int) -> None:
        self.ctx.runner.submit(
            fn, self.ctx.db, self.ctx.actor, feedback_id,
            on_done=lambda v: self.reload(v.id), on_error=self.error.show_error,
        )  # fmt: skip

    def _open(self, dlg: QDialog) -> None:
        self.last_dialog = dlg

        def finished(code: int) -> None:
            view = getattr(dlg, "result_view", None)
            if code == QDialog.DialogCode.Accepted and view is not None:
                self.reload(view.id)
            self.table.setFocus()

        dlg.finished.connect(finished)
        dlg.open()

    def open_sheet(self, results: bool) -> None:
        dlg = SheetDialog(self.ctx, results, self)
        self.last_dialog = dlg
        dlg.finished.connect(lambda _c: self.reload())
        dlg.open()
