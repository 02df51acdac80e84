"""Loads the office's working calendar from the database (days off, make-up days, schedules)."""

from __future__ import annotations

from datetime import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from tthc_desk.domain.calendar import Period, Season, WorkingCalendar
from tthc_desk.domain.enums import DayKind
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import CalendarDay, WorkSchedule


def parse_periods(text: str) -> list[Period]:
    """ "07:30-11:30,13:30-17:30" → [(07:30, 11:30), (13:30, 17:30)]."""
    periods: list[Period] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        start, end = (p.strip() for p in part.split("-"))
        periods.append((time.fromisoformat(start), time.fromisoformat(end)))
    return periods


def format_periods(periods: list[Period]) -> str:
    return ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in periods)


def calendar_from_session(session: Session) -> WorkingCalendar:
    """The office's calendar as stored now (public holidays from ``holidays`` underneath)."""
    days = session.scalars(select(CalendarDay)).all()
    schedules = session.scalars(select(WorkSchedule).order_by(WorkSchedule.id)).all()
    days_off = {d.day for d in days if d.kind is DayKind.DAY_OFF}
    workdays = {d.day for d in days if d.kind is DayKind.WORKDAY}
    if len(schedules) > 1:
        seasons = [
            Season((s.start_month, s.start_day), parse_periods(s.periods)) for s in schedules
        ]
        return WorkingCalendar(days_off=days_off, workdays=workdays, seasons=seasons)
    if len(schedules) == 1:
        return WorkingCalendar(parse_periods(schedules[0].periods), days_off, workdays)
    return WorkingCalendar(days_off=days_off, workdays=workdays)


def load_calendar(db: Database) -> WorkingCalendar:
    with db.session() as s:
        return calendar_from_session(s)
