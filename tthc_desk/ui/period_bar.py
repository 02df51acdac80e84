"""The period chooser of the report pages: this month, quarter or year, or a custom range."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget


def quarter_start(d: date) -> date:
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def period_of(kind: str, today: date) -> tuple[date, date]:
    """The whole month, quarter or year containing ``today``."""
    if kind == "quarter":
        start = quarter_start(today)
        end_month = start.month + 2
        nxt = date(start.year + (end_month == 12), end_month % 12 + 1, 1)
        return start, nxt - timedelta(days=1)
    if kind == "year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    nxt = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    return date(today.year, today.month, 1), nxt - timedelta(days=1)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class PeriodBar(QWidget):
    """ "Kỳ: [Tháng này ▾] từ ngày [..] đến ngày [..]": the dates follow the kind chosen and are
    typed only for "Tùy chọn"."""

    sig_changed = Signal()
    """A month, quarter or year was chosen, or :meth:`set_period` set a range: recompute."""

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.period_box = QComboBox(objectName="periodKind")
        for key, text in (
            ("month", self.tr("Tháng này")),
            ("quarter", self.tr("Quý này")),
            ("year", self.tr("Năm nay")),
            ("custom", self.tr("Tùy chọn")),
        ):
            self.period_box.addItem(text, key)
        self.date_from = QDateEdit(objectName="periodFrom", calendarPopup=True)
        self.date_to = QDateEdit(objectName="periodTo", calendarPopup=True)
        for w in (self.date_from, self.date_to):
            w.setDisplayFormat("dd/MM/yyyy")
            w.setMinimumWidth(120)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(self.tr("Kỳ:")))
        lay.addWidget(self.period_box)
        lay.addWidget(QLabel(self.tr("từ ngày")))
        lay.addWidget(self.date_from)
        lay.addWidget(QLabel(self.tr("đến ngày")))
        lay.addWidget(self.date_to)
        self.period_box.currentIndexChanged.connect(self.kind_changed)

    def period(self) -> tuple[date, date]:
        return _pydate(self.date_from.date()), _pydate(self.date_to.date())

    def set_period(self, start: date, end: date) -> None:
        """Choose a custom period (and say so)."""
        self.period_box.blockSignals(True)
        self.period_box.setCurrentIndex(self.period_box.findData("custom"))
        self.period_box.blockSignals(False)
        self.date_from.setEnabled(True)
        self.date_to.setEnabled(True)
        self.date_from.setDate(_qdate(start))
        self.date_to.setDate(_qdate(end))
        self.sig_changed.emit()

    def kind_changed(self) -> None:
        """Enable the dates for "Tùy chọn"; otherwise fill them in for the kind and say so."""
        kind = self.period_box.currentData()
        custom = kind == "custom"
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        if not custom:
            start, end = period_of(kind, self.today())
            self.date_from.setDate(_qdate(start))
            self.date_to.setDate(_qdate(end))
            self.sig_changed.emit()
