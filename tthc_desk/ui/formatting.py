"""Dates, moments and working time left as the pages show them (Vietnamese order, dd/mm/yyyy)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

from tthc_desk.domain.dossier_rules import format_minutes


def fmt_dt(value: datetime | None) -> str:
    """hh:mm dd/mm/yyyy, or an empty string."""
    return "" if value is None else f"{value:%H:%M %d/%m/%Y}"


def fmt_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy, or an empty string."""
    return "" if value is None else f"{value:%d/%m/%Y}"


def time_left(minutes: int | None) -> str:
    """Signed working minutes → "còn 5 giờ 20 phút" / "quá 1 giờ 05 phút" (empty for None)."""
    if minutes is None:
        return ""
    overdue, h, m = format_minutes(minutes)
    if overdue:
        return QCoreApplication.translate("Formatting", "quá {h} giờ {m:02d} phút").format(h=h, m=m)
    return QCoreApplication.translate("Formatting", "còn {h} giờ {m:02d} phút").format(h=h, m=m)
