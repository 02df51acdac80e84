"""Dialogs of the working calendar: declare or withdraw an office day, edit the working hours and
seasons, import the province's announcement, confirm a year, and confirm a change after seeing
which open dossiers' due dates it would move."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from PySide6.QtCore import QCoreApplication, QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.calendar import DEFAULT_PERIODS
from tthc_desk.domain.civil_service import DaySource
from tthc_desk.domain.enums import DayKind
from tthc_desk.domain.errors import AppError
from tthc_desk.services import calendar as cs
from tthc_desk.services import calendar_import as ci
from tthc_desk.ui.formatting import fmt_date, fmt_dt
from tthc_desk.ui.widgets import ErrorLabel


def fmt_periods(periods: Sequence[tuple[object, object]]) -> str:
    return ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in periods)  # type: ignore[str-format]


def fmt_hours(hours: float) -> str:
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


class CalendarTexts(QObject):
    """Shared wording (weekday names, change summaries) translated in one context."""

    def weekday(self, d: date) -> str:
        names = (
            self.tr("Thứ Hai"),
            self.tr("Thứ Ba"),
            self.tr("Thứ Tư"),
            self.tr("Thứ Năm"),
            self.tr("Thứ Sáu"),
            self.tr("Thứ Bảy"),
            self.tr("Chủ nhật"),
        )
        return names[d.weekday()]

    def long_date(self, d: date) -> str:
        return self.tr("{weekday}, {date}").format(weekday=self.weekday(d), date=fmt_date(d))

    def change(self, change: cs.CalendarChange) -> str:
        if isinstance(change, cs.AddDay):
            if change.kind is DayKind.DAY_OFF:
                text = self.tr("Khai báo ngày nghỉ của cơ quan: {day}. Lý do: {reason}")
            else:
                text = self.tr("Khai báo ngày làm bù: {day}. Lý do: {reason}")
            return text.format(day=self.long_date(change.day), reason=change.reason.strip())
        if isinstance(change, cs.RemoveDay):
            return self.tr("Bỏ khai báo ngày {day}. Lý do: {reason}").format(
                day=self.long_date(change.day), reason=change.reason.strip()
            )
        if isinstance(change, cs.ImportDays):
            off = sum(1 for a in change.days if a.kind is DayKind.DAY_OFF)
            return self.tr(
                "Nhập lịch theo {document}: {off} ngày nghỉ, {work} ngày làm bù."
            ).format(document=change.document.strip(), off=off, work=len(change.days) - off)
        parts = [
            self.tr("{name} (từ {day:02d}/{month:02d}): {periods}").format(
                name=s.name.strip() or self.tr("Cả năm"),
                day=s.start_day,
                month=s.start_month,
                periods=s.periods,
            )
            for s in change.seasons
        ]
        return self.tr("Đổi giờ làm việc — {seasons}").format(seasons="; ".join(parts))

    def source(self, v: cs.DayView) -> str:
        """The short source of a day for the table's "Nguồn" column ("" for an ordinary day)."""
        if v.source is None:
            return ""
        if v.source is DaySource.OFFICE:
            text = v.document or self.tr("Quyết định của cơ quan")
        elif v.source is DaySource.PENDING:
            text = self.tr("Chờ căn cứ pháp lý")
        elif v.source is DaySource.LAW:
            text = self.tr("Bộ luật Lao động")
        elif v.notice is not None:
            text = self.tr("Công văn {number}").format(number=v.notice.number)
        else:
            text = self.tr("Thông báo của Chính phủ")
        if not v.confirmed:
            text = self.tr("{source} (chưa xác nhận)").format(source=text)
        return text

    def document(self, v: cs.DayView) -> str:
        """The document behind the day, with its date and issuer, for the table."""
        if v.source is DaySource.OFFICE:
            return v.document or ""
        n = v.notice
        if n is None:
            return ""
        if n.issued is None:
            return n.number
        return self.tr("{number} ngày {date} ({issuer})").format(
            number=n.number, date=fmt_date(n.issued), issuer=n.issuer
        )

    def source_detail(self, v: cs.DayView) -> str:
        """The day's source in a few lines: what, which document (number, date, issuer), what
        it says, the link where it was read, and whether it is confirmed."""
        if v.source is None:
            return ""
        if v.source is DaySource.OFFICE:
            if v.document:
                return self.tr("Nguồn: quyết định của cơ quan theo {document}.").format(
                    document=v.document
                )
            return self.tr("Nguồn: quyết định của cơ quan.")
        if v.source is DaySource.PENDING:
            head = self.tr(
                "Nguồn: chờ căn cứ pháp lý. Ngày này vẫn là ngày làm việc cho đến khi quản trị "
                "viên khai báo nghỉ."
            )
        elif v.source is DaySource.LAW:
            head = self.tr("Nguồn: Bộ luật Lao động 2019 (Điều 111, 112).")
        else:
            head = self.tr("Nguồn: thông báo của Chính phủ.")
        n = v.notice
        if n is None or v.source is DaySource.LAW and n.number == "45/2019/QH14":
            return head
        parts = [head]
        doc = self.document(v)
        if doc:
            parts.append(self.tr("Văn bản: {document}.").format(document=doc))
        parts.append(n.title)
        if n.url:
            parts.append(n.url)
        if not n.confirmed:
            parts.append(self.tr("Chưa xác nhận được từ văn bản gốc: hãy kiểm tra."))
        return "\n".join(parts)


_TEXTS: list[CalendarTexts] = []


def texts() -> CalendarTexts:
    """The shared wording object (made on first use, once a Qt application exists)."""
    if not _TEXTS:
        _TEXTS.append(CalendarTexts())
    return _TEXTS[0]


def ok_cancel(dialog: QDialog, ok_text: str, name: str) -> tuple[QDialogButtonBox, QPushButton]:
    """The dialog's OK button (its default, named ``name``) and "Hủy": Enter in a field
    presses OK. With a standard Cancel button first, Cancel was the auto-default and Enter
    dropped what had been typed. OK calls ``dialog.submit()``."""
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setObjectName(name)
    cancel = buttons.addButton(
        QCoreApplication.translate("CalendarDialogs", "Hủy"),
        QDialogButtonBox.ButtonRole.RejectRole,
    )
    cancel.setAutoDefault(False)
    ok.setDefault(True)
    buttons.accepted.connect(dialog.submit)  # type: ignore[attr-defined]
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


def next_step_note() -> QLabel:
    """The line saying the next step previews the moved due dates."""
    note = QLabel(
        QCoreApplication.translate(
            "CalendarDialogs",
            "Bước sau sẽ cho xem các hồ sơ đang giải quyết có hạn bị thay đổi trước khi lưu.",
        )
    )
    note.setWordWrap(True)
    return note


# =========================================================================== one day


class DayDialog(QDialog):
    """Declare an office day off or a make-up day, or withdraw one, with a reason."""

    sig_submitted = Signal(object)
    """The change (``cs.AddDay`` or ``cs.RemoveDay``) the administrator asks for."""

    def __init__(
        self,
        day: date,
        kind: DayKind,
        existing: cs.DayView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("calendarDayDialog")
        self.removing = existing is not None
        self.kind = QComboBox(objectName="dayKind")
        self.kind.addItem(self.tr("Ngày nghỉ của cơ quan"), DayKind.DAY_OFF)
        self.kind.addItem(self.tr("Ngày làm bù (làm việc vào ngày nghỉ)"), DayKind.WORKDAY)
        self.kind.setCurrentIndex(0 if kind is DayKind.DAY_OFF else 1)
        self.date_edit = QDateEdit(QDate(day.year, day.month, day.day), objectName="dayDate")
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.reason = QLineEdit(objectName="reason")
        form = QFormLayout()
        if existing is None:
            self.setWindowTitle(self.tr("Khai báo ngày trong lịch làm việc"))
            self.reason.setPlaceholderText(
                self.tr("Ví dụ: Theo Thông báo số 15/TB-UBND ngày 10/02/2026 của UBND tỉnh")
            )
            form.addRow(self.tr("Ngày:"), self.date_edit)
            form.addRow(self.tr("Loại ngày:"), self.kind)
            form.addRow(self.tr("Lý do:"), self.reason)
        else:
            self.setWindowTitle(self.tr("Bỏ khai báo ngày trong lịch làm việc"))
            self.date_edit.setEnabled(False)
            self.kind.setEnabled(False)
            self.reason.setPlaceholderText(self.tr("Ví dụ: Khai báo nhầm ngày"))
            what = (
                self.tr("Ngày nghỉ của cơ quan")
                if existing.type is cs.DayType.OFFICE_DAY_OFF
                else self.tr("Ngày làm bù")
            )
            form.addRow(self.tr("Ngày:"), QLabel(texts().long_date(existing.day)))
            form.addRow(self.tr("Đang khai báo là:"), QLabel(what))
            form.addRow(self.tr("Lý do đã ghi:"), QLabel(existing.reason or ""))
            form.addRow(self.tr("Lý do bỏ:"), self.reason)
        self.error = ErrorLabel(self)
        buttons, self.ok = ok_cancel(self, self.tr("Tiếp tục…"), "dayDialogOk")
        note = next_step_note()
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(520)

    def day(self) -> date:
        q = self.date_edit.date()
        return date(q.year(), q.month(), q.day())

    def change(self) -> cs.CalendarChange:
        if self.removing:
            return cs.RemoveDay(self.day(), self.reason.text())
        return cs.AddDay(self.day(), DayKind(self.kind.currentData()), self.reason.text())

    def submit(self) -> None:
        self.error.clear_error()
        self.sig_submitted.emit(self.change())

    def show_error(self, error: BaseException) -> None:
        """Say what is wrong under the form, the dialog growing to show it."""
        self.error.show_error(error)
        self.adjustSize()


# =========================================================================== working hours


class _SeasonRow:
    """One line of the schedule dialog: name, start day and month, periods, hours a day."""

    def __init__(self, season: cs.ScheduleView | None) -> None:
        self.name = QLineEdit(season.name if season else "", objectName="seasonName")
        self.day = QSpinBox(objectName="seasonDay")
        self.day.setRange(1, 31)
        self.month = QSpinBox(objectName="seasonMonth")
        self.month.setRange(1, 12)
        for spin in (self.day, self.month):
            spin.setMinimumWidth(64)
        self.day.setValue(season.start_day if season else 1)
        self.month.setValue(season.start_month if season else 1)
        self.periods = QLineEdit(
            fmt_periods(season.periods).replace("–", "-") if season else "",
            objectName="seasonPeriods",
        )
        self.periods.setPlaceholderText("07:30-11:30, 13:30-17:30")
        self.hours = QLabel(objectName="seasonHours")
        self.remove = QPushButton(objectName="removeSeason")

    def widgets(self) -> list[QWidget]:
        return [self.name, self.day, self.month, self.periods, self.hours, self.remove]

    def value(self) -> cs.SeasonInput:
        return cs.SeasonInput(
            self.name.text(), self.month.value(), self.day.value(), self.periods.text()
        )


class ScheduleDialog(QDialog):
    """The working periods: one schedule all year, or seasons each from its start date."""

    sig_submitted = Signal(object)
    """The ``cs.SetSchedule`` change the administrator asks for."""

    def __init__(self, schedules: Sequence[cs.ScheduleView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarScheduleDialog")
        self.setWindowTitle(self.tr("Giờ làm việc và lịch theo mùa"))
        intro = QLabel(
            self.tr(
                "Nhập các khoảng giờ làm việc trong ngày, cách nhau bằng dấu phẩy. Nếu cơ quan "
                "làm việc theo mùa, thêm một dòng cho mỗi mùa với ngày bắt đầu áp dụng hằng năm. "
                "Mọi mùa phải có cùng số giờ làm việc một ngày."
            )
        )
        intro.setWordWrap(True)
        self.grid = QGridLayout()
        for col, title in enumerate(
            (
                self.tr("Tên"),
                self.tr("Từ ngày"),
                self.tr("Tháng"),
                self.tr("Giờ làm việc"),
                self.tr("Số giờ"),
            )
        ):
            label = QLabel(f"<b>{title}</b>")
            self.grid.addWidget(label, 0, col)
        self.grid.setColumnStretch(3, 1)
        self.rows: list[_SeasonRow] = []
        for s in schedules:
            self.add_row(s)
        add = QPushButton(self.tr("Thêm mùa"), objectName="addSeason")
        add.clicked.connect(lambda: self.add_row(None))
        preset = QPushButton(self.tr("Mẫu mùa hè – mùa đông"), objectName="seasonPreset")
        preset.clicked.connect(self.fill_summer_winter)
        single = QPushButton(self.tr("Một lịch cả năm"), objectName="singleSchedule")
        single.clicked.connect(self.fill_single)
        tools = QHBoxLayout()
        for b in (add, preset, single):
            tools.addWidget(b)
        tools.addStretch(1)
        self.reason = QLineEdit(objectName="reason")
        self.reason.setPlaceholderText(
            self.tr("Ví dụ: Theo Quyết định số 20/QĐ-UBND của UBND tỉnh (không bắt buộc)")
        )
        reason_row = QFormLayout()
        reason_row.addRow(self.tr("Căn cứ, lý do:"), self.reason)
        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton(self.tr("Tiếp tục…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("scheduleDialogOk")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(self.grid)
        lay.addLayout(tools)
        lay.addLayout(reason_row)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(680)

    def add_row(self, season: cs.ScheduleView | None) -> _SeasonRow:
        row = _SeasonRow(season)
        row.name.setPlaceholderText(self.tr("Ví dụ: Mùa hè"))
        row.remove.setText(self.tr("Xóa"))
        row.periods.textChanged.connect(lambda _t: self._update_hours(row))
        self._update_hours(row)
        r = len(self.rows) + 1
        for col, w in enumerate(row.widgets()):
            self.grid.addWidget(w, r, col)
        row.remove.clicked.connect(lambda: self.remove_row(row))
        self.rows.append(row)
        self.adjustSize()
        return row

    def _update_hours(self, row: _SeasonRow) -> None:
        try:
            periods = cs.parse_periods_input(row.periods.text())
        except AppError:
            row.hours.setText("")
            return
        minutes = sum((e.hour * 60 + e.minute) - (s.hour * 60 + s.minute) for s, e in periods)
        row.hours.setText(self.tr("{hours} giờ/ngày").format(hours=fmt_hours(minutes / 60)))

    def remove_row(self, row: _SeasonRow) -> None:
        if len(self.rows) <= 1:
            return
        self.rows.remove(row)
        self._drop(row)
        # Move the rows below up one line, so the grid keeps no gap.
        for i, other in enumerate(self.rows, start=1):
            for col, w in enumerate(other.widgets()):
                self.grid.addWidget(w, i, col)

    def _drop(self, row: _SeasonRow) -> None:
        for w in row.widgets():
            self.grid.removeWidget(w)
            w.hide()  # deleteLater only acts once back in the event loop
            w.deleteLater()

    def _set_rows(self, seasons: Sequence[cs.ScheduleView]) -> None:
        while len(self.rows) > 1:
            self.remove_row(self.rows[-1])
        first = self.rows.pop()
        self._drop(first)
        for s in seasons:
            self.add_row(s)

    def fill_summer_winter(self) -> None:
        self._set_rows(
            [
                cs.ScheduleView(
                    self.tr("Mùa hè"),
                    4,
                    15,
                    ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))),
                ),
                cs.ScheduleView(
                    self.tr("Mùa đông"),
                    10,
                    15,
                    ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 30))),
                ),
            ]
        )

    def fill_single(self) -> None:
        self._set_rows([cs.ScheduleView(self.tr("Cả năm"), 1, 1, DEFAULT_PERIODS)])

    def change(self) -> cs.SetSchedule:
        return cs.SetSchedule(tuple(r.value() for r in self.rows), self.reason.text())

    def submit(self) -> None:
        self.error.clear_error()
        self.sig_submitted.emit(self.change())

    def show_error(self, error: BaseException) -> None:
        """Say what is wrong under the form, the dialog growing to show it."""
        self.error.show_error(error)
        self.adjustSize()


# =========================================================================== confirmation


class PreviewDialog(QDialog):
    """The change in words, the open dossiers whose due dates it would move (all ticked at
    first; ticked ones are recomputed), and the button that saves it."""

    sig_confirmed = Signal(object, object)
    """The change and the set of dossier ids to recompute."""

    COLUMNS = 7

    def __init__(
        self,
        change: cs.CalendarChange,
        moves: Sequence[cs.DueChange],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("calendarPreviewDialog")
        self.setWindowTitle(self.tr("Xác nhận thay đổi lịch làm việc"))
        self.change = change
        self.moves = list(moves)
        summary = QLabel(texts().change(change), objectName="changeSummary")
        summary.setWordWrap(True)
        summary.setStyleSheet("font-weight: 600;")
        if self.moves:
            intro = self.tr(
                "Thay đổi này làm dời hạn của {count} hồ sơ đang giải quyết. Các hồ sơ được "
                "đánh dấu sẵn sẽ được tính lại hạn theo lịch mới; bỏ dấu hồ sơ nào thì hồ sơ "
                "đó giữ nguyên hạn đã in trên phiếu hẹn. Mỗi lần tính lại đều được ghi vào "
                "lịch sử hồ sơ và nhật ký."
            ).format(count=len(self.moves))
        else:
            intro = self.tr(
                "Không có hồ sơ đang giải quyết nào bị thay đổi hạn. Thay đổi sẽ được ghi vào "
                "nhật ký."
            )
        info = QLabel(intro, objectName="previewIntro")
        info.setWordWrap(True)
        self.table = QTableWidget(len(self.moves), self.COLUMNS, objectName="previewTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Tính lại"),
                self.tr("Mã hồ sơ"),
                self.tr("Người nộp"),
                self.tr("Thủ tục"),
                self.tr("Hạn cũ"),
                self.tr("Hạn mới"),
                self.tr("Bước đang xử lý"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, m in enumerate(self.moves):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            # Ticked from the start: saving as-is recomputes, so no dossier is left with a due
            # date the new calendar no longer gives (issue 9, point 8).
            tick.setCheckState(Qt.CheckState.Checked)
            tick.setData(Qt.ItemDataRole.UserRole, m.dossier_id)
            old = fmt_dt(m.old_due)
            new = fmt_dt(m.new_due) if m.dossier_moves else self.tr("(không đổi)")
            if m.clock == "reception":
                old = self.tr("{due} (hạn tiếp nhận)").format(due=old)
            steps = "; ".join(
                self.tr("{name}: {old} → {new}").format(
                    name=st.name, old=fmt_dt(st.old_due), new=fmt_dt(st.new_due)
                )
                for st in m.steps
            )
            cells = [tick] + [
                QTableWidgetItem(v) for v in (m.code, m.applicant, m.procedure, old, new, steps)
            ]
            for c, item in enumerate(cells):
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setVisible(bool(self.moves))
        all_btn = QPushButton(self.tr("Chọn tất cả"), objectName="tickAll")
        none_btn = QPushButton(self.tr("Bỏ chọn tất cả"), objectName="tickNone")
        all_btn.clicked.connect(lambda: self.tick_all(True))
        none_btn.clicked.connect(lambda: self.tick_all(False))
        ticks = QHBoxLayout()
        ticks.addWidget(all_btn)
        ticks.addWidget(none_btn)
        ticks.addStretch(1)
        for b in (all_btn, none_btn):
            b.setVisible(bool(self.moves))
        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox()
        self.back = buttons.addButton(self.tr("Quay lại"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok = buttons.addButton(self.tr("Lưu thay đổi"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("previewOk")
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(summary)
        lay.addWidget(info)
        lay.addWidget(self.table, 1)
        lay.addLayout(ticks)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(980 if self.moves else 560, 460 if self.moves else 200)

    def tick_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for r in range(self.table.rowCount()):
            self.table.item(r, 0).setCheckState(state)

    def set_ticked(self, dossier_ids: set[int]) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            on = item.data(Qt.ItemDataRole.UserRole) in dossier_ids
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def ticked(self) -> set[int]:
        out: set[int] = set()
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item.checkState() == Qt.CheckState.Checked:
                out.add(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def confirm(self) -> None:
        self.error.clear_error()
        self.sig_confirmed.emit(self.change, self.ticked())

    def show_error(self, error: BaseException) -> None:
        self.error.show_error(error)
        self.adjustSize()


# =========================================================================== confirming a year


class ConfirmYearDialog(QDialog):
    """The administrator confirms that a year's days off and make-up days are right."""

    sig_submitted = Signal(int, str)
    """The year and the administrator's note."""

    def __init__(self, status: cs.YearStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmYearDialog")
        self.status = status
        self.setWindowTitle(self.tr("Xác nhận lịch làm việc năm {year}").format(year=status.year))
        lines = [
            self.tr(
                "Hãy đối chiếu các ngày nghỉ lễ, ngày nghỉ hoán đổi và ngày làm bù của năm {year} "
                "trên lịch với thông báo của Chính phủ (Văn phòng Chính phủ, Bộ Nội vụ) và của "
                "UBND tỉnh trước khi xác nhận."
            ).format(year=status.year)
        ]
        if status.table_complete is None:
            lines.append(
                self.tr(
                    "Dữ liệu kèm theo chưa có quyết định nào của Chính phủ cho năm {year}: lịch "
                    "chỉ có các ngày lễ cố định theo Bộ luật Lao động."
                ).format(year=status.year)
            )
        elif not status.table_complete:
            lines.append(
                self.tr(
                    "Dữ liệu kèm theo mới có một phần quyết định của Chính phủ cho năm {year}."
                ).format(year=status.year)
            )
        if status.unconfirmed_days:
            lines.append(
                self.tr("Các ngày chưa xác nhận được từ văn bản gốc: {days}.").format(
                    days=", ".join(fmt_date(d) for d in status.unconfirmed_days)
                )
            )
        info = QLabel("\n\n".join(lines), objectName="confirmInfo")
        info.setWordWrap(True)
        self.note = QLineEdit(objectName="confirmNote")
        self.note.setPlaceholderText(
            self.tr("Ví dụ: Đã đối chiếu Công văn 12729/VPCP-KGVX và Thông báo của UBND tỉnh")
        )
        form = QFormLayout()
        form.addRow(self.tr("Ghi chú:"), self.note)
        self.error = ErrorLabel(self)
        buttons, self.ok = ok_cancel(
            self, self.tr("Xác nhận lịch năm {year}").format(year=status.year), "confirmYearOk"
        )
        lay = QVBoxLayout(self)
        lay.addWidget(info)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(560)

    def submit(self) -> None:
        self.error.clear_error()
        self.sig_submitted.emit(self.status.year, self.note.text())

    def show_error(self, error: BaseException) -> None:
        self.error.show_error(error)
        self.adjustSize()


# =========================================================================== import


class ImportDialog(QDialog):
    """The days read from the province's calendar file, each with what importing it would do;
    "Tiếp tục…" goes on to the preview of moved due dates."""

    sig_submitted = Signal(object)
    """The calendar change (``cs.ImportDays``)."""

    COLUMNS = 5

    def __init__(self, plan: ci.ImportPlan, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarImportDialog")
        self.plan = plan
        self.setWindowTitle(self.tr("Nhập lịch nghỉ của tỉnh"))
        new = len(plan.new_rows)
        head = QLabel(
            self.tr("Tệp {file}: {rows} ngày đọc được, {new} ngày sẽ được khai báo.").format(
                file=file_name, rows=len(plan.rows), new=new
            ),
            objectName="importSummary",
        )
        head.setWordWrap(True)
        head.setStyleSheet("font-weight: 600;")
        self.document = QLineEdit(plan.document, objectName="importDocument")
        self.document.setPlaceholderText(
            self.tr("Ví dụ: Thông báo số 15/TB-UBND ngày 10/02/2026 của UBND tỉnh")
        )
        form = QFormLayout()
        form.addRow(self.tr("Văn bản công bố:"), self.document)
        self.table = QTableWidget(len(plan.rows), self.COLUMNS, objectName="importTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Ngày"),
                self.tr("Loại"),
                self.tr("Nội dung"),
                self.tr("Sẽ làm gì"),
                self.tr("Vị trí trong tệp"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        statuses = {
            ci.RowStatus.NEW: self.tr("Khai báo"),
            ci.RowStatus.ALREADY: self.tr("Đã đúng trên lịch, bỏ qua"),
            ci.RowStatus.CONFLICT: self.tr("Trái với khai báo của cơ quan, bỏ qua"),
            ci.RowStatus.DUPLICATE: self.tr("Trùng ngày ở trên, bỏ qua"),
        }
        for r, row in enumerate(plan.rows):
            kind = self.tr("Nghỉ") if row.kind is DayKind.DAY_OFF else self.tr("Làm bù")
            cells = (
                texts().long_date(row.day),
                kind,
                row.reason,
                statuses[row.status],
                row.where,
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.status is not ci.RowStatus.NEW:
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        codes = {
            "bad_date": self.tr("ngày không đọc được «{value}»"),
            "no_date": self.tr("sự kiện không có ngày «{value}»"),
            "too_long": self.tr("sự kiện dài quá 31 ngày «{value}»"),
        }
        problems = [
            self.tr("Vị trí {where}: {problem}").format(
                where=p.where, problem=codes.get(p.code, p.code).format(value=p.value)
            )
            for p in plan.problems
        ]
        self.problems = QLabel("\n".join(problems), objectName="importProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #8c0d0d;")
        self.problems.setVisible(bool(problems))
        self.error = ErrorLabel(self)
        buttons, self.ok = ok_cancel(self, self.tr("Tiếp tục…"), "importOk")
        self.ok.setEnabled(new > 0)
        note = next_step_note()
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addLayout(form)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.problems)
        lay.addWidget(note)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(900, 460)

    def change(self) -> cs.ImportDays:
        return self.plan.change(self.document.text())

    def submit(self) -> None:
        self.error.clear_error()
        self.sig_submitted.emit(self.change())

    def show_error(self, error: BaseException) -> None:
        self.error.show_error(error)
