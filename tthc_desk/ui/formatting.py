"""Dates, moments and working time left as the pages show them (Vietnamese order, dd/mm/yyyy)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

from tthc_desk.domain.dossier_rules import DEFAULT_MINUTES_PER_DAY, Standing, working_span


def fmt_dt(value: datetime | None) -> str:
    """hh:mm dd/mm/yyyy, or an empty string."""
    return "" if value is None else f"{value:%H:%M %d/%m/%Y}"


def fmt_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy, or an empty string."""
    return "" if value is None else f"{value:%d/%m/%Y}"


def time_left(
    left: int | Standing | None,
    *,
    minutes_per_day: int = DEFAULT_MINUTES_PER_DAY,
    overdue: bool | None = None,
) -> str:
    """Working time left or overdue, as the pages show it (empty for None).

    Under a working day: "còn 5 giờ 20 phút", "quá 1 giờ 05 phút", "quá 20 phút"; a working day
    or more (``minutes_per_day``, the office's day) reads in days and hours: "còn 2 ngày 3 giờ",
    "quá 4 ngày". A :class:`Standing` brings its own day length and knows when it is overdue
    although no working minute has passed since the due instant ("quá hạn", never "còn 0 …").
    """
    if left is None:
        return ""
    if isinstance(left, Standing):
        span = left.span
    else:
        span = working_span(left, minutes_per_day, overdue=overdue)
    d, h, m = span.days, span.hours, span.minutes
    if span.overdue:
        if span.in_days:
            if h:
                return QCoreApplication.translate("Formatting", "quá {d} ngày {h} giờ").format(
                    d=d, h=h
                )
            return QCoreApplication.translate("Formatting", "quá {d} ngày").format(d=d)
        if h:
            return QCoreApplication.translate("Formatting", "quá {h} giờ {m:02d} phút").format(
                h=h, m=m
            )
        if m:
            return QCoreApplication.translate("Formatting", "quá {m} phút").format(m=m)
        return QCoreApplication.translate("Formatting", "vừa quá hạn")
    if span.in_days:
        if h:
            return QCoreApplication.translate("Formatting", "còn {d} ngày {h} giờ").format(d=d, h=h)
        return QCoreApplication.translate("Formatting", "còn {d} ngày").format(d=d)
    if h:
        return QCoreApplication.translate("Formatting", "còn {h} giờ {m:02d} phút").format(h=h, m=m)
    return QCoreApplication.translate("Formatting", "còn {m} phút").format(m=m)
