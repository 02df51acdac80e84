"""Đánh giá hài lòng: the counter's queue of returned dossiers with one-key rating capture
(1, 2, 3, optional comment, Enter), and the statistics of a period against the 100% target."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.services import ratings
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.feedback_models import RowsModel, level_name, percent
from tthc_desk.ui.formatting import fmt_date, fmt_dt
from tthc_desk.ui.widgets import ErrorLabel

LEVEL_KEYS = {
    Qt.Key.Key_1: "very_satisfied",
    Qt.Key.Key_2: "satisfied",
    Qt.Key.Key_3: "not_satisfied",
}
LEVEL_COLOURS = {
    "very_satisfied": "#1b5e20",
    "satisfied": "#0d47a1",
    "not_satisfied": "#b00020",
}


def _table(name: str) -> QTableView:
    t = QTableView(objectName=name)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    return t


def period_preset(key: str, today: date) -> tuple[date, date]:
    """This month / last month / this quarter / this year, up to ``today``."""
    if key == "last_month":
        first = today.replace(day=1)
        end = first.fromordinal(first.toordinal() - 1)
        return end.replace(day=1), end
    if key == "quarter":
        return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today
    if key == "year":
        return date(today.year, 1, 1), today
    return today.replace(day=1), today


class QueueTab(QWidget):
    """The queue of returned dossiers and the big capture panel."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.level: str | None = None

        self.search = QLineEdit(objectName="queueSearch")
        self.search.setPlaceholderText(self.tr("Tìm theo mã hồ sơ hoặc tên người nộp (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.reload)
        self.refresh_btn = QPushButton(self.tr("&Tải lại (F5)"), objectName="refreshQueue")
        self.refresh_btn.clicked.connect(self.reload)
        self.model: RowsModel[ratings.QueueRow] = RowsModel(
            [self.tr("Mã hồ sơ"), self.tr("Người nộp"), self.tr("Thủ tục"),
             self.tr("Trả kết quả lúc")],
            [lambda r: r.code, lambda r: r.applicant, lambda r: r.procedure,
             lambda r: fmt_dt(r.returned_at)],
            parent=self,
        )  # fmt: skip
        self.table = _table("queueTable")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 170)
        self.table.setColumnWidth(1, 170)
        self.table.setColumnWidth(3, 130)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.table.installEventFilter(self)
        self.count_label = QLabel(objectName="queueCount")

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.refresh_btn)
        ll.addLayout(top)
        ll.addWidget(self.table, 1)
        ll.addWidget(self.count_label)

        # --- the capture panel
        panel = QFrame(objectName="capturePanel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        pl = QVBoxLayout(panel)
        self.dossier_label = QLabel(objectName="dossierLabel")
        self.dossier_label.setWordWrap(True)
        self.dossier_label.setTextFormat(Qt.TextFormat.PlainText)
        self.dossier_label.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.detail_label = QLabel(objectName="dossierDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setStyleSheet("font-size: 11pt; color: #333;")
        pl.addWidget(self.dossier_label)
        pl.addWidget(self.detail_label)
        pl.addSpacing(8)
        ask = QLabel(self.tr("Ông/bà đánh giá thế nào về việc giải quyết hồ sơ?"))
        ask.setStyleSheet("font-size: 12pt;")
        ask.setWordWrap(True)
        pl.addWidget(ask)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for col, (key, level) in enumerate(LEVEL_KEYS.items()):
            digit = chr(int(key))
            b = QPushButton(f"{digit}\n{level_name(level)}", objectName=f"level_{level}")
            b.setCheckable(True)
            b.setMinimumHeight(96)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            colour = LEVEL_COLOURS[level]
            b.setStyleSheet(
                f"QPushButton {{ font-size: 15pt; font-weight: 600; color: {colour};"
                f" border: 2px solid {colour}; border-radius: 8px; background: white; }}"
                f"QPushButton:checked {{ background: {colour}; color: white; }}"
            )
            b.setToolTip(self.tr("Bấm phím {key}").format(key=digit))
            b.clicked.connect(lambda _c=False, lv=level: self.choose(lv))
            self.group.addButton(b)
            self.buttons[level] = b
            grid.addWidget(b, 0, col)
        pl.addLayout(grid)
        self.comment = QLineEdit(objectName="ratingComment")
        self.comment.setPlaceholderText(self.tr("Ý kiến của người dân (không bắt buộc)"))
        self.comment.returnPressed.connect(self.record)
        self.comment.installEventFilter(self)
        comment_label = QLabel(self.tr("Ý &kiến:"))
        comment_label.setBuddy(self.comment)
        pl.addWidget(comment_label)
        pl.addWidget(self.comment)
        self.record_btn = QPushButton(
            self.tr("Ghi nhận đánh giá (Enter)"), objectName="recordRating"
        )
        self.record_btn.setMinimumHeight(40)
        self.record_btn.clicked.connect(self.record)
        pl.addWidget(self.record_btn)
        self.hint = QLabel(
            self.tr(
                "Chọn hồ sơ bằng phím mũi tên, bấm 1, 2 hoặc 3 để chọn mức đánh giá, nhập ý kiến "
                "nếu có, rồi bấm Enter. Esc để bỏ chọn."
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        pl.addWidget(self.hint)
        self.done_label = QLabel(objectName="ratingDone")
        self.done_label.setWordWrap(True)
        self.done_label.setStyleSheet("color: #1b5e20; font-weight: 600; font-size: 11pt;")
        pl.addWidget(self.done_label)
        self.error = ErrorLabel(self)
        pl.addWidget(self.error)
        pl.addStretch(1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([700, 460])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)

        for seq, slot in (("F5", self.reload), ("Ctrl+F", self.search.setFocus)):
            QShortcut(QKeySequence(seq), self, activated=slot,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)  # fmt: skip
        self._show_current()

    # ------------------------------------------------------------------ keyboard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.table:
                if key in LEVEL_KEYS:
                    self.choose(LEVEL_KEYS[Qt.Key(key)])
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.record()
                    return True
            if key == Qt.Key.Key_Escape:
                self.clear_choice()
                self.table.setFocus()
                return True
        return super().eventFilter(watched, event)

    def choose(self, level: str) -> None:
        """Select a level; the comment box takes the keyboard, Enter there records."""
        if self.current() is None:
            return
        self.level = level
        self.buttons[level].setChecked(True)
        self.error.clear_error()
        self.comment.setFocus()

    def clear_choice(self) -> None:
        self.level = None
        self.group.setExclusive(False)
        for b in self.buttons.values():
            b.setChecked(False)
        self.group.setExclusive(True)
        self.comment.clear()

    # ------------------------------------------------------------------ data

    def current(self) -> ratings.QueueRow | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def _show_current(self) -> None:
        r = self.current()
        enabled = r is not None
        for b in self.buttons.values():
            b.setEnabled(enabled)
        self.comment.setEnabled(enabled)
        self.record_btn.setEnabled(enabled)
        if r is None:
            self.dossier_label.setText(self.tr("Không có hồ sơ chờ đánh giá"))
            self.detail_label.setText("")
            return
        self.dossier_label.setText(f"{r.code} — {r.applicant}")
        self.detail_label.setText(
            self.tr("{procedure}\nLĩnh vực: {field}\nTrả kết quả: {at}\nCán bộ giải quyết: {who}")
            .format(procedure=r.procedure, field=r.field, at=fmt_dt(r.returned_at),
                    who=r.officers or self.tr("(chưa ghi)"))
        )  # fmt: skip

    def reload(self, select_row: int = 0) -> None:
        self.ctx.runner.submit(
            ratings.queue, self.ctx.db, self.search.text(),
            on_done=lambda rows: self._loaded(rows, select_row), on_error=self.error.show_error,
        )  # fmt: skip

    def _loaded(self, rows: list[ratings.QueueRow], select_row: int) -> None:
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("{n} hồ sơ đã trả kết quả chưa được đánh giá").format(
            n=len(rows)))  # fmt: skip
        if rows:
            self.table.selectRow(min(select_row, len(rows) - 1))
        self._show_current()

    def record(self) -> None:
        r = self.current()
        if r is None:
            return
        if self.level is None:
            self.error.show_error(self.tr("Hãy bấm 1, 2 hoặc 3 để chọn mức độ hài lòng."))
            self.table.setFocus()
            return
        row = self.table.currentIndex().row()
        self.ctx.runner.submit(
            ratings.rate, self.ctx.db, self.ctx.actor, r.dossier_id, self.level,
            self.comment.text(),
            on_done=lambda done: self._recorded(done, row), on_error=self._failed,
        )  # fmt: skip

    def _recorded(self, done: ratings.Rated, row: int) -> None:
        self.error.clear_error()
        self.done_label.setText(
            self.tr("Đã ghi nhận: hồ sơ {code} — {level}.").format(
                code=done.code, level=level_name(done.level)
            )
        )
        self.clear_choice()
        self.table.setFocus()
        self.reload(row)

    def _failed(self, error: BaseException) -> None:
        self.error.show_error(error)
        self.table.setFocus()


class StatsTab(QWidget):
    """Ratings of the dossiers returned in a period: share rated, levels, fields, officers."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preset = QComboBox(objectName="periodPreset")
        for key, text in (
            ("month", self.tr("Tháng này")),
            ("last_month", self.tr("Tháng trước")),
            ("quarter", self.tr("Quý này")),
            ("year", self.tr("Năm nay")),
            ("custom", self.tr("Tùy chọn")),
        ):
            self.preset.addItem(text, key)
        self.date_from = QDateEdit(objectName="dateFrom", calendarPopup=True)
        self.date_to = QDateEdit(objectName="dateTo", calendarPopup=True)
        for d in (self.date_from, self.date_to):
            d.setDisplayFormat("dd/MM/yyyy")
            d.dateChanged.connect(self._dates_edited)
        self.show_btn = QPushButton(self.tr("&Xem thống kê (F5)"), objectName="showStats")
        self.show_btn.clicked.connect(self.reload)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Kỳ:")))
        bar.addWidget(self.preset)
        from_label = QLabel(self.tr("&Từ ngày:"))
        from_label.setBuddy(self.date_from)
        to_label = QLabel(self.tr("Đế&n ngày:"))
        to_label.setBuddy(self.date_to)
        bar.addWidget(from_label)
        bar.addWidget(self.date_from)
        bar.addWidget(to_label)
        bar.addWidget(self.date_to)
        bar.addWidget(self.show_btn)
        bar.addStretch(1)

        self.summary = QLabel(objectName="ratingSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.levels = QLabel(objectName="ratingLevels")
        self.levels.setStyleSheet("font-size: 11pt;")

        def counts_model(first: str) -> RowsModel[ratings.LevelCounts]:
            m: RowsModel[ratings.LevelCounts] = RowsModel(
                [first, self.tr("Đã trả"), self.tr("Đã đánh giá"), self.tr("Tỷ lệ"),
                 self.tr("Rất hài lòng"), self.tr("Hài lòng"), self.tr("Không hài lòng")],
                [lambda c: c.name, lambda c: c.returned, lambda c: c.rated,
                 lambda c: percent(c.rated_share), lambda c: c.very_satisfied,
                 lambda c: c.satisfied, lambda c: c.not_satisfied],
                warning=lambda c: "nearly_due" if c.unrated else None,
                parent=self,
            )  # fmt: skip
            m.aligned_right = {1, 2, 3, 4, 5, 6}
            return m

        self.field_model = counts_model(self.tr("Lĩnh vực"))
        self.officer_model = counts_model(self.tr("Cán bộ"))
        self.fields = _table("fieldStats")
        self.fields.setModel(self.field_model)
        self.officers = _table("officerStats")
        self.officers.setModel(self.officer_model)
        for t in (self.fields, self.officers):
            t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for c in range(1, 7):
                t.horizontalHeader().setSectionResizeMode(
                    c, QHeaderView.ResizeMode.ResizeToContents
                )
        self.bad_model: RowsModel[ratings.NotSatisfiedRow] = RowsModel(
            [self.tr("Mã hồ sơ"), self.tr("Người nộp"), self.tr("Thủ tục"),
             self.tr("Cán bộ giải quyết"), self.tr("Ngày đánh giá"), self.tr("Ý kiến")],
            [lambda b: b.code, lambda b: b.applicant, lambda b: b.procedure, lambda b: b.officers,
             lambda b: fmt_date(b.rated_at), lambda b: b.comment or self.tr("(không có ý kiến)")],
            parent=self,
        )  # fmt: skip
        self.bad = _table("notSatisfiedTable")
        self.bad.setModel(self.bad_model)
        self.bad.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for c, w in ((0, 160), (1, 150), (2, 220), (3, 170), (4, 100)):
            self.bad.setColumnWidth(c, w)

        tables = QHBoxLayout()
        gf = QGroupBox(self.tr("Theo lĩnh vực"))
        QVBoxLayout(gf).addWidget(self.fields)
        go = QGroupBox(self.tr("Theo cán bộ giải quyết"))
        QVBoxLayout(go).addWidget(self.officers)
        tables.addWidget(gf)
        tables.addWidget(go)
        gb = QGroupBox(self.tr("Các đánh giá «Không hài lòng» và ý kiến"))
        QVBoxLayout(gb).addWidget(self.bad)
        self.error = ErrorLabel(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.summary)
        lay.addWidget(self.levels)
        lay.addWidget(self.error)
        lay.addLayout(tables, 3)
        lay.addWidget(gb, 2)
        QShortcut(QKeySequence("F5"), self, activated=self.reload,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)  # fmt: skip
        self._apply_preset()

    def _apply_preset(self) -> None:
        key = self.preset.currentData()
        if key == "custom":
            return
        start, end = period_preset(key, date.today())
        self._setting = True
        self.date_from.setDate(QDate(start.year, start.month, start.day))
        self.date_to.setDate(QDate(end.year, end.month, end.day))
        self._setting = False

    def _dates_edited(self) -> None:
        if not getattr(self, "_setting", False):
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(self.preset.findData("custom"))
            self.preset.blockSignals(False)

    def period(self) -> tuple[date, date]:
        a, b = self.date_from.date(), self.date_to.date()
        return date(a.year(), a.month(), a.day()), date(b.year(), b.month(), b.day())

    def reload(self) -> None:
        self.error.clear_error()
        start, end = self.period()
        self.ctx.runner.submit(
            ratings.statistics, self.ctx.db, start, end,
            on_done=self._loaded, on_error=self.error.show_error,
        )  # fmt: skip

    def _loaded(self, st: ratings.RatingStats) -> None:
        t = st.total
        text = self.tr(
            "Đã đánh giá {rated}/{returned} hồ sơ đã trả kết quả ({share}); mục tiêu 100%."
        ).format(rated=t.rated, returned=t.returned, share=percent(t.rated_share))
        if not st.target_met:
            text += " " + self.tr("Còn {n} hồ sơ chưa được đánh giá.").format(n=t.unrated)
        self.summary.setText(text)
        colour = "#1b5e20" if st.target_met else "#b00020"
        self.summary.setStyleSheet(f"font-size: 13pt; font-weight: 600; color: {colour};")
        rated = max(t.rated, 1)
        self.levels.setText(
            self.tr(
                "Rất hài lòng: {a} ({pa}) · Hài lòng: {b} ({pb}) · Không hài lòng: {c} ({pc})"
            ).format(
                a=t.very_satisfied, pa=percent(t.very_satisfied / rated),
                b=t.satisfied, pb=percent(t.satisfied / rated),
                c=t.not_satisfied, pc=percent(t.not_satisfied / rated),
            )
        )  # fmt: skip
        self.field_model.set_rows(st.by_field)
        self.officer_model.set_rows(st.by_officer)
        self.bad_model.set_rows(st.not_satisfied)


class RatingsPage(QWidget):
    """The area's page: the queue at the counter and the statistics."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.queue = QueueTab(ctx, self)
        self.stats = StatsTab(ctx, self)
        self.tabs = QTabWidget(objectName="ratingTabs")
        self.tabs.addTab(self.queue, self.tr("Chờ đánh giá"))
        self.tabs.addTab(self.stats, self.tr("Thống kê"))
        self.tabs.currentChanged.connect(self._tab_changed)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        self.queue.reload()

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.stats.reload()
        else:
            self.queue.reload()
            self.queue.table.setFocus()
