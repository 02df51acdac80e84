"""Chỉ số 766: the office's estimated score for a period, where it loses points and why, the
figures typed from the portal, and the 766 report (save as PDF, print)."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain import index766 as ix
from tthc_desk.domain.enums import Role
from tthc_desk.services import index766 as svc
from tthc_desk.services.common import Clock, system_now
from tthc_desk.ui import printing
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.dossier_dialog import DossierDialog
from tthc_desk.ui.formatting import fmt_date, fmt_dt
from tthc_desk.ui.index766_titles import guide_text
from tthc_desk.ui.period_bar import PeriodBar, period_of  # noqa: F401 - period_of: tests
from tthc_desk.ui.widgets import ErrorLabel

CTX = "Index766Page"  # = the page class, so self.tr() shares it
"""Translation context of the words below (literal in each mark, so lupdate sees it)."""

#: On-screen words for :data:`tthc_desk.domain.index766.REASONS`.
REASONS: dict[str, str] = {
    "notice.not_posted": QT_TRANSLATE_NOOP(
        "Index766Page", "Chưa niêm yết trong 5 ngày làm việc kể từ quyết định công bố"
    ),
    "notice.posted_late": QT_TRANSLATE_NOOP(
        "Index766Page", "Niêm yết quá 5 ngày làm việc kể từ quyết định công bố"
    ),
    "notice.incomplete": QT_TRANSLATE_NOOP("Index766Page", "Niêm yết thiếu bộ phận"),
    "notice.no_decision_date": QT_TRANSLATE_NOOP(
        "Index766Page", "Thiếu ngày quyết định công bố (lỗi dữ liệu danh mục thủ tục)"
    ),
    "dossier.late": QT_TRANSLATE_NOOP("Index766Page", "Giải quyết quá hạn"),
    "dossier.open_late": QT_TRANSLATE_NOOP("Index766Page", "Đang giải quyết, đã quá hạn"),
    "dossier.supplements": QT_TRANSLATE_NOOP(
        "Index766Page", "Yêu cầu bổ sung hồ sơ quá một lần (tính là quá hạn)"
    ),
    "online.not_offered": QT_TRANSLATE_NOOP(
        "Index766Page", "Chưa cung cấp dịch vụ công trực tuyến"
    ),
    "online.no_dossier": QT_TRANSLATE_NOOP(
        "Index766Page", "Dịch vụ trực tuyến chưa phát sinh hồ sơ"
    ),
    "online.counter": QT_TRANSLATE_NOOP(
        "Index766Page", "Nộp trực tiếp dù thủ tục có dịch vụ trực tuyến"
    ),
    "result.paper": QT_TRANSLATE_NOOP("Index766Page", "Kết quả chưa có bản điện tử (ký số)"),
    "digitise.no_intake_scan": QT_TRANSLATE_NOOP(
        "Index766Page", "Thành phần hồ sơ chưa được số hóa"
    ),
    "digitise.no_result_scan": QT_TRANSLATE_NOOP("Index766Page", "Kết quả chưa được số hóa"),
    "certified_copy.paper": QT_TRANSLATE_NOOP(
        "Index766Page", "Chứng thực chưa cấp bản sao điện tử"
    ),
    "reuse.not_used": QT_TRANSLATE_NOOP(
        "Index766Page", "Không khai thác lại giấy tờ đã số hóa của người nộp"
    ),
    "account.not_returned": QT_TRANSLATE_NOOP(
        "Index766Page", "Kết quả chưa trả về tài khoản của công dân"
    ),
    "account.not_own": QT_TRANSLATE_NOOP("Index766Page", "Nộp bằng tài khoản không chính chủ"),
    "payment.not_online": QT_TRANSLATE_NOOP(
        "Index766Page", "Phí, lệ phí không thanh toán trực tuyến"
    ),
    "feedback.late": QT_TRANSLATE_NOOP("Index766Page", "Xử lý phản ánh, kiến nghị quá hạn"),
    "feedback.open_late": QT_TRANSLATE_NOOP(
        "Index766Page", "Phản ánh, kiến nghị đang xử lý, đã quá hạn"
    ),
    "feedback.disliked": QT_TRANSLATE_NOOP(
        "Index766Page", "Người gửi không hài lòng với kết quả xử lý"
    ),
    "feedback.repeated": QT_TRANSLATE_NOOP("Index766Page", "Phản ánh, kiến nghị lặp lại"),
    "rating.not_satisfied": QT_TRANSLATE_NOOP(
        "Index766Page", "Người dân đánh giá «không hài lòng»"
    ),
    "dossier.complaint": QT_TRANSLATE_NOOP("Index766Page", "Có phản ánh, kiến nghị về hồ sơ"),
    "step.late": QT_TRANSLATE_NOOP("Index766Page", "Bước xử lý quá hạn"),
    "step.open_late": QT_TRANSLATE_NOOP("Index766Page", "Bước xử lý đang thực hiện, đã quá hạn"),
    "online.received_late": QT_TRANSLATE_NOOP(
        "Index766Page", "Không tiếp nhận trong 8 giờ làm việc"
    ),
    "online.cancelled": QT_TRANSLATE_NOOP(
        "Index766Page", "Hồ sơ trực tuyến bị hủy (từ chối, dừng)"
    ),
    "dossier.supplement_requested": QT_TRANSLATE_NOOP(
        "Index766Page", "Trả lại để bổ sung (số lần)"
    ),
    "dossier.paused": QT_TRANSLATE_NOOP("Index766Page", "Tạm dừng (số lần)"),
    "rating.missing": QT_TRANSLATE_NOOP("Index766Page", "Chưa được đánh giá"),
    "book.no_line": QT_TRANSLATE_NOOP("Index766Page", "Đã trả kết quả, chưa ghi vào sổ giấy"),
}

SOURCES: dict[ix.Source, str] = {
    ix.Source.LOCAL: QT_TRANSLATE_NOOP("Index766Page", "Dữ liệu của xã"),
    ix.Source.MANUAL: QT_TRANSLATE_NOOP("Index766Page", "Nhập từ Cổng"),
    ix.Source.ASSUMED_MAX: QT_TRANSLATE_NOOP("Index766Page", "Giả định tối đa"),
}

LOST_COLOUR = QColor("#b00020")
ASSUMED_COLOUR = QColor("#8a6d00")
RULE_ROW = QColor("#f3f5f8")


def _tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def reason_text(lost: ix.Lost) -> str:
    text = _tr(REASONS.get(lost.reason, lost.reason))
    return f"{text}: {lost.detail}" if lost.detail else text


class Index766Page(QWidget):
    """Period on top; the score and its groups at the left with the typed figures; the criteria
    and, for the one selected, the records that cost points at the right."""

    sig_estimated = Signal(object)
    """A new estimate is on screen (``services.index766.Estimate``)."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, now: Clock = system_now
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.now: Clock = now
        self.estimate: svc.Estimate | None = None
        self.setObjectName("index766Page")
        self.can_edit = ctx.user.role in (Role.LEADER, Role.ADMIN)

        # ------------------------------------------------------------ period bar
        self.periods = PeriodBar(lambda: self.now().date(), self)
        self.period_box = self.periods.period_box
        self.date_from, self.date_to = self.periods.date_from, self.periods.date_to
        self.refresh_button = QPushButton(self.tr("Tính lại"), objectName="refresh")
        self.save_button = QPushButton(self.tr("Lưu báo cáo PDF…"), objectName="savePdf")
        self.print_button = QPushButton(self.tr("In báo cáo…"), objectName="printPdf")
        bar = QHBoxLayout()
        bar.addWidget(self.periods)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        bar.addWidget(self.print_button)

        # ------------------------------------------------------------ left: score, groups, typed
        self.total_label = QLabel(objectName="totalScore")
        self.total_label.setStyleSheet("font-size: 22pt; font-weight: 700; color: #1f5fa8;")
        self.as_of_label = QLabel(objectName="asOf")
        self.as_of_label.setWordWrap(True)
        self.as_of_label.setStyleSheet("color: #555;")
        self.guide_label = QLabel(objectName="guideLabel")
        self.guide_label.setWordWrap(True)
        self.guide_label.setStyleSheet("color: #555;")
        self.group_bars: dict[str, QProgressBar] = {}
        self.group_labels: dict[str, QLabel] = {}
        groups = QVBoxLayout()
        groups.setSpacing(2)
        for g in ix.GUIDE.groups:
            label = QLabel(objectName=f"groupLabel_{g.key}")
            bar_w = QProgressBar(objectName=f"groupBar_{g.key}")
            bar_w.setRange(0, int(g.max_points * 100))
            bar_w.setTextVisible(False)
            bar_w.setFixedHeight(12)
            self.group_labels[g.key], self.group_bars[g.key] = label, bar_w
            groups.addWidget(label)
            groups.addWidget(bar_w)
        self.manual_box = self._manual_box()
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 6, 0)
        left_lay.addWidget(QLabel(self.tr("Điểm ước tính")))
        left_lay.addWidget(self.total_label)
        left_lay.addWidget(self.as_of_label)
        left_lay.addWidget(self.guide_label)
        left_lay.addLayout(groups)
        left_lay.addWidget(self.manual_box)
        left_lay.addStretch(1)

        # ------------------------------------------------------------ right: criteria, records
        self.criteria = QTableWidget(0, 5, objectName="criteriaTable")
        self.criteria.setHorizontalHeaderLabels(
            [
                self.tr("Tiêu chí"),
                self.tr("Tỷ lệ"),
                self.tr("Điểm"),
                self.tr("Mất"),
                self.tr("Nguồn số liệu"),
            ]  # fmt: skip
        )
        self._table_setup(self.criteria)
        self.criteria.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.criteria.itemSelectionChanged.connect(self._show_lost)
        self.criteria.horizontalHeader().sectionResized.connect(
            lambda *_a: self.criteria.resizeRowsToContents()
        )
        self.lost_title = QLabel(self.tr("Chọn một tiêu chí để xem hồ sơ làm mất điểm."),
                                 objectName="lostTitle")  # fmt: skip
        self.lost_title.setWordWrap(True)
        # two lines whatever the title: the list below does not move when another is chosen
        self.lost_title.setFixedHeight(self.lost_title.fontMetrics().lineSpacing() * 2 + 6)
        self.lost_title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.lost = QTableWidget(0, 2, objectName="lostTable")
        self.lost.setHorizontalHeaderLabels([self.tr("Mã hồ sơ, thủ tục"), self.tr("Lý do")])
        self._table_setup(self.lost)
        # one line per record, fixed column widths: a click never re-lays the rows out
        self.lost.setWordWrap(False)
        self.lost.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.lost.setColumnWidth(0, 190)
        self.lost.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.lost.activated.connect(self.open_lost)
        self.dialog: DossierDialog | None = None
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.criteria)
        lost_w = QWidget()
        lost_lay = QVBoxLayout(lost_w)
        lost_lay.setContentsMargins(0, 4, 0, 0)
        lost_lay.addWidget(self.lost_title)
        lost_lay.addWidget(self.lost)
        right.addWidget(lost_w)
        right.setSizes([480, 220])

        # On a 768 px screen the score, the groups and the portal figures are taller than the
        # room left: they scroll instead of squeezing the wrapped labels into each other.
        left_scroll = QScrollArea(objectName="scoreScroll")
        left_scroll.setWidget(left)
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left_scroll)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([390, 890])

        self.error = ErrorLabel(self)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.error)
        lay.addWidget(split, 1)

        self.periods.sig_changed.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.save_button.clicked.connect(self._ask_save)
        self.print_button.clicked.connect(self._ask_print)
        self.periods.kind_changed()

    # ------------------------------------------------------------------ building blocks

    @staticmethod
    def _table_setup(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(True)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def _manual_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Số liệu lấy từ Cổng Dịch vụ công"), objectName="manualBox")
        grid = QGridLayout(box)
        grid.setColumnStretch(0, 1)
        hint = QLabel(
            self.tr(
                "Phần mềm không tính được các tỷ lệ này. Nhập tỷ lệ (%) xem trên Cổng; "
                "để trống thì tạm tính đủ điểm."
            )  # fmt: skip
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        grid.addWidget(hint, 0, 0, 1, 2)
        self.manual_inputs: dict[str, QDoubleSpinBox] = {}
        for part in ix.GUIDE.portal_parts():
            spin = QDoubleSpinBox(objectName=f"manual_{part.key}")
            spin.setRange(-1, 100)
            spin.setDecimals(1)
            spin.setSuffix(" %")
            spin.setSpecialValueText(self.tr("chưa nhập"))
            spin.setValue(-1)
            spin.setEnabled(self.can_edit)
            spin.setToolTip(guide_text(part.title))
            spin.setFixedWidth(110)
            self.manual_inputs[part.key] = spin
            row = grid.rowCount()
            grid.addWidget(QLabel(guide_text(part.title), wordWrap=True), row, 0)
            grid.addWidget(spin, row, 1, Qt.AlignmentFlag.AlignTop)
        self.paper_count = QSpinBox(objectName="paperCount")
        self.paper_count.setRange(-1, 1_000_000)
        self.paper_count.setSpecialValueText(self.tr("chưa nhập"))
        self.paper_count.setValue(-1)
        self.paper_count.setEnabled(self.can_edit)
        self.paper_count.setFixedWidth(110)
        row = grid.rowCount()
        grid.addWidget(QLabel(self.tr("Số hồ sơ trên sổ giấy trong kỳ"), wordWrap=True), row, 0)
        grid.addWidget(self.paper_count, row, 1, Qt.AlignmentFlag.AlignTop)
        self.manual_save = QPushButton(self.tr("Lưu số liệu"), objectName="saveManual")
        self.manual_save.setEnabled(self.can_edit)
        self.manual_save.clicked.connect(self.save_manual)
        self.manual_note = QLabel(objectName="manualNote")
        self.manual_note.setWordWrap(True)
        self.manual_note.setStyleSheet("color: #555;")
        if not self.can_edit:
            self.manual_note.setText(self.tr("Chỉ lãnh đạo hoặc quản trị viên được sửa."))
        grid.addWidget(self.manual_save, grid.rowCount(), 0, 1, 2)
        grid.addWidget(self.manual_note, grid.rowCount(), 0, 1, 2)
        return box

    # ------------------------------------------------------------------ period

    def period(self) -> tuple[date, date]:
        return self.periods.period()

    def set_period(self, start: date, end: date) -> None:
        """Choose a custom period and recompute."""
        self.periods.set_period(start, end)

    # ------------------------------------------------------------------ estimate

    def refresh(self) -> None:
        """Recompute the estimate for the chosen period (off the UI thread)."""
        self.error.clear_error()
        start, end = self.period()
        self.refresh_button.setEnabled(False)
        self.ctx.runner.submit(
            svc.estimate, self.ctx.db, start, end, self.now(),
            on_done=self._show, on_error=self._failed,
        )  # fmt: skip

    def _failed(self, error: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.error.show_error(error)

    def _show(self, est: svc.Estimate) -> None:
        self.refresh_button.setEnabled(True)
        self.estimate = est
        r = est.report
        self.total_label.setText(
            self.tr("{points} / {max} điểm").format(
                points=ix.fmt_points(r.total), max=ix.fmt_points(r.max_total)
            )
        )
        self.as_of_label.setText(
            self.tr("Số liệu từ {start} đến {end}, tính đến {moment}.").format(
                start=fmt_date(est.period_from),
                end=fmt_date(est.period_to),
                moment=fmt_dt(est.as_of),
            )
        )
        self.guide_label.setText(
            self.tr("Cách tính điểm theo {guide}; ngưỡng đủ điểm: {thresholds}.").format(
                guide=r.guide,
                thresholds=", ".join(
                    self.tr("tiêu chí {number} từ {percent}").format(
                        number=n, percent=ix.as_percent(x)
                    )
                    for n, x in ix.thresholds(r)
                ),
            )
        )
        for g in r.groups:
            self.group_labels[g.key].setText(
                self.tr("{number}. {title}: {points}/{max}").format(
                    number=g.number,
                    title=guide_text(g.title),
                    points=ix.fmt_points(g.points),
                    max=ix.fmt_points(g.max_points),
                )  # fmt: skip
            )
            self.group_bars[g.key].setValue(int(round(g.points * 100)))
        self._fill_criteria(est)
        self._fill_manual(est)
        self.sig_estimated.emit(est)

    def _fill_criteria(self, est: svc.Estimate) -> None:
        previous = self.selected_key()
        t = self.criteria
        t.setRowCount(0)
        bold = QFont()
        bold.setBold(True)
        for g in est.report.groups:
            for i, c in enumerate(g.criteria, 1):
                row = t.rowCount()
                t.insertRow(row)
                ratio = "\n".join(self._ratio(p) for p in c.parts)
                sources = "\n".join(
                    (f"{p.key[-1].upper()}: " if len(c.parts) > 1 else "") + _tr(SOURCES[p.source])
                    for p in c.parts
                )
                cells = [f"{g.number}.{i}. {guide_text(c.title)}", ratio, ix.fmt_points(c.points),
                         ix.fmt_points(c.lost) if c.lost > 0 else "", sources]  # fmt: skip
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, c.key)
                    if col == 0:
                        item.setToolTip(guide_text(c.title))
                    if col in (1, 2, 3):
                        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    if col == 3 and c.lost > 0:
                        item.setForeground(QBrush(LOST_COLOUR))
                        item.setFont(bold)
                    if col == 4 and c.source is ix.Source.ASSUMED_MAX:
                        item.setForeground(QBrush(ASSUMED_COLOUR))
                    t.setItem(row, col, item)
        for r in est.report.rules:
            row = t.rowCount()
            t.insertRow(row)
            verdict = {True: self.tr("Đạt"), False: self.tr("Chưa đạt"),
                       None: self.tr("Chưa nhập sổ giấy")}[r.ok]  # fmt: skip
            total = "—" if r.total is None else str(r.total)
            cells = [self.tr("Yêu cầu của xã: {title}").format(title=guide_text(r.title)),
                     f"{r.count}/{total}", "", verdict, ""]  # fmt: skip
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.key)
                item.setBackground(QBrush(RULE_ROW))
                if col in (1, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if col == 3 and r.ok is False:
                    item.setForeground(QBrush(LOST_COLOUR))
                    item.setFont(bold)
                t.setItem(row, col, item)
        t.resizeRowsToContents()
        if previous:
            self.select_criterion(previous)
        else:
            self._show_lost()

    def _ratio(self, part: ix.PartResult) -> str:
        prefix = ""
        if part.key.startswith("payment_"):
            prefix = part.key[-1].upper() + ": "
        if part.empty:
            return prefix + self.tr("không phát sinh")
        if part.numerator is None:
            return prefix + ix.as_percent(part.ratio)
        if not part.denominator:  # procedures in use, none posted: not "không phát sinh"
            return prefix + self.tr("0/0: chưa có, tính 0%")
        return prefix + f"{part.numerator}/{part.denominator} = {ix.as_percent(part.ratio)}"

    def _fill_manual(self, est: svc.Estimate) -> None:
        typed = est.manual.as_dict()
        for key, spin in self.manual_inputs.items():
            spin.setValue(round(typed[key] * 100, 1) if key in typed else -1)
        paper = est.manual.paper_count(est.period_from, est.period_to)
        self.paper_count.setValue(-1 if paper is None else paper)
        if est.manual.updated_at is not None:
            self.manual_note.setText(
                self.tr("Cập nhật lúc {moment} bởi {name}.").format(
                    moment=fmt_dt(est.manual.updated_at),
                    name=est.manual.updated_by or "—",
                )
            )

    # ------------------------------------------------------------------ click-through

    def selected_key(self) -> str | None:
        items = self.criteria.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def select_criterion(self, key: str) -> None:
        for row in range(self.criteria.rowCount()):
            item = self.criteria.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                self.criteria.selectRow(row)
                return

    def _show_lost(self) -> None:
        """The records of the selected criterion, fetched off the UI thread when first asked."""
        key = self.selected_key()
        self.lost.setRowCount(0)
        if key is None or self.estimate is None:
            self.lost_title.setText(self.tr("Chọn một tiêu chí để xem hồ sơ làm mất điểm."))
            return
        est = self.estimate
        if key in est.losing_keys and key not in est._lost:
            self.lost_title.setText(self.tr("Đang tải danh sách…"))
            self.ctx.runner.submit(
                svc.lost_records, self.ctx.db, est, key,
                on_done=lambda items: self._lost_loaded(est, key, items),
                on_error=self.error.show_error,
            )  # fmt: skip
            return
        self._fill_lost(key, est.lost_for(key))

    def _lost_loaded(self, est: svc.Estimate, key: str, items: tuple[ix.Lost, ...]) -> None:
        est._lost[key] = items
        if est is self.estimate and key == self.selected_key():
            self._fill_lost(key, items)

    def _fill_lost(self, key: str, items: tuple[ix.Lost, ...]) -> None:
        assert self.estimate is not None
        self.lost.setRowCount(0)
        titles = {c.key: guide_text(c.title) for c in self.estimate.report.criteria}
        titles.update({r.key: guide_text(r.title) for r in self.estimate.report.rules})
        if items:
            self.lost_title.setText(
                self.tr("{title}: {count} trường hợp làm mất điểm").format(
                    title=titles.get(key, key), count=len(items)
                )
            )
        else:
            self.lost_title.setText(
                self.tr("{title}: không có hồ sơ, thủ tục nào làm mất điểm.").format(
                    title=titles.get(key, key)
                )
            )
        self.lost.setUpdatesEnabled(False)
        self.lost.setRowCount(len(items))
        for row, x in enumerate(items):
            for col, text in enumerate((x.code, reason_text(x))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, x.dossier_id)
                # one line per record: a longer reason is elided, whole in the tooltip
                tip = text
                if x.dossier_id is not None:
                    tip += "\n" + self.tr("Nhấp đúp hoặc nhấn Enter để mở hồ sơ.")
                item.setToolTip(tip)
                self.lost.setItem(row, col, item)
        self.lost.setUpdatesEnabled(True)

    def open_lost(self, index: QModelIndex) -> DossierDialog | None:
        """Open the dossier of a listed record (double-click or Enter)."""
        if not index.isValid():
            return None
        item = self.lost.item(index.row(), 0)
        dossier_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if dossier_id is None:  # a procedure or a piece of feedback
            return None
        dlg = DossierDialog(self.ctx, int(dossier_id), self.now, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dlg
        dlg.open()
        return dlg

    # ------------------------------------------------------------------ typed figures

    def manual_values(self) -> dict[str, float | None]:
        return {
            key: None if spin.value() < 0 else round(spin.value() / 100, 4)
            for key, spin in self.manual_inputs.items()
        }

    def save_manual(self) -> None:
        """Store the typed figures (leader, administrator), then recompute."""
        self.error.clear_error()
        start, end = self.period()
        paper = self.paper_count.value()
        self.ctx.runner.submit(
            svc.set_manual_inputs, self.ctx.db, self.ctx.actor, self.manual_values(),
            paper_count=(start, end, None if paper < 0 else paper), now=self.now,
            on_done=lambda _m: self.refresh(), on_error=self.error.show_error,
        )  # fmt: skip

    # ------------------------------------------------------------------ the report

    def save_pdf(self, path: Path, on_done: object = None) -> None:
        """Write the 766 report of the estimate on screen to ``path`` (off the UI thread)."""
        if self.estimate is None:
            return
        est = self.estimate

        def done(_r: object) -> None:
            self.manual_note.setText(self.tr("Đã lưu báo cáo vào {path}.").format(path=path))
            if callable(on_done):
                on_done(path)

        self.ctx.runner.submit(
            svc.print_estimate, self.ctx.db, est, path, self.ctx.user.full_name,
            on_done=done, on_error=self.error.show_error,
        )  # fmt: skip

    def _ask_save(self) -> None:
        if self.estimate is None:
            return
        start, end = self.period()
        suggested = f"bao-cao-766-{start:%Y%m%d}-{end:%Y%m%d}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Lưu báo cáo 766"), suggested, self.tr("Tệp PDF (*.pdf)")
        )
        if path:
            self.save_pdf(Path(path))

    def _ask_print(self) -> None:
        if self.estimate is None:
            return
        stamp = datetime.now().strftime("%Y%m%d%H%M%S")
        path = Path(tempfile.gettempdir()) / f"tthc-766-{stamp}.pdf"

        def print_it(done_path: object) -> None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            if dialog.exec() == QPrintDialog.DialogCode.Accepted:
                printing.start_print(
                    self.ctx,
                    Path(str(done_path)),
                    printer,
                    self,
                    "index766.print.failed",
                    on_error=self.error.show_error,
                )

        self.save_pdf(path, on_done=print_it)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)  # type: ignore[arg-type]
        self.criteria.resizeRowsToContents()
