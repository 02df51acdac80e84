"""Import of the province's own calendar announcement (iCalendar .ics or XLSX) with a preview.

A file lists days off and make-up working days. Each day becomes an office day citing the
announcement (``calendar.ImportDays``); nothing is written before the administrator confirms,
and the preview of moved due dates applies as for any other change of the calendar.

- ``.ics``: every ``VEVENT``; an all-day event covers ``DTSTART`` up to ``DTEND`` (exclusive),
  a timed event its start date. An event whose summary (or categories) speaks of work
  ("làm bù", "làm việc", "đi làm") is a make-up working day, any other a day off.
- ``.xlsx``: a header row with a date column ("Ngày"), optionally a kind column ("Loại":
  "Nghỉ" / "Làm bù") and a reason column ("Lý do", "Nội dung", "Ghi chú"); dates as Excel
  dates or typed ``dd/mm/yyyy``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from tthc_desk.domain.enums import DayKind
from tthc_desk.domain.errors import ValidationError
from tthc_desk.domain.text import fold, nfc
from tthc_desk.persistence.db import Database
from tthc_desk.services import calendar as cs

#: An event longer than this is not a day-off announcement (a whole-year event, a typo).
MAX_EVENT_DAYS = 31

_WORK_WORDS = ("lam bu", "lam viec", "di lam", "make-up", "working day", "workday")


def _kind_of(text: str) -> DayKind:
    key = fold(text)
    return DayKind.WORKDAY if any(w in key for w in _WORK_WORDS) else DayKind.DAY_OFF


@dataclass(frozen=True)
class FileDay:
    """One day read from the file, with where it was read ("dòng 4", "sự kiện 2")."""

    day: date
    kind: DayKind
    reason: str
    where: str


@dataclass(frozen=True)
class FileProblem:
    """Something in the file that could not be read: ``code`` names it for the UI."""

    where: str
    code: str
    value: str = ""


# =========================================================================== iCalendar


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def read_ics(data: bytes) -> tuple[list[FileDay], list[FileProblem]]:
    """The days of an iCalendar file (RFC 5545, the ``VEVENT`` subset)."""
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise ValidationError("calendar.import.bad_file", field="file", detail=str(exc)) from None
    days: list[FileDay] = []
    problems: list[FileProblem] = []
    for n, event in enumerate(cal.walk("VEVENT"), start=1):
        where = f"#{n}"
        summary = nfc(str(event.get("SUMMARY", "") or "")).strip()
        categories = event.get("CATEGORIES")
        cats = ""
        if categories is not None:
            items = categories if isinstance(categories, list) else [categories]
            cats = " ".join(nfc(str(c)) for item in items for c in getattr(item, "cats", [item]))
        start_prop = event.get("DTSTART")
        start = _as_date(start_prop.dt) if start_prop is not None else None
        if start is None:
            problems.append(FileProblem(where, "no_date", summary))
            continue
        end_prop = event.get("DTEND")
        end = _as_date(end_prop.dt) if end_prop is not None else None
        timed = isinstance(start_prop.dt, datetime)
        if end is None or timed or end <= start:
            end = start + timedelta(days=1)
        if (end - start).days > MAX_EVENT_DAYS:
            problems.append(FileProblem(where, "too_long", summary))
            continue
        kind = _kind_of(f"{summary} {cats}")
        d = start
        while d < end:
            days.append(FileDay(d, kind, summary, where))
            d += timedelta(days=1)
    return days, problems


# =========================================================================== XLSX

_DATE_RE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def _cell_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        m = _DATE_RE.match(value)
        try:
            if m:
                return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            m = _ISO_RE.match(value)
            if m:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


def _column(headers: list[str], *names: str) -> int | None:
    for i, h in enumerate(headers):
        if any(h == n or h.startswith(n) for n in names):
            return i
    return None


def read_xlsx(path: Path) -> tuple[list[FileDay], list[FileProblem]]:
    """The days of the first sheet of a workbook (see the module's docstring)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationError("calendar.import.bad_file", field="file", detail=str(exc)) from None
    try:
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()
    header_at = None
    for i, row in enumerate(rows[:10]):
        headers = [fold(nfc(str(c))).strip() if c is not None else "" for c in row]
        if _column(headers, "ngay") is not None:
            header_at = i
            break
    if header_at is None:
        raise ValidationError("calendar.import.no_date_column", field="file")
    headers = [fold(nfc(str(c))).strip() if c is not None else "" for c in rows[header_at]]
    c_date = _column(headers, "ngay")
    c_kind = _column(headers, "loai")
    c_reason = _column(headers, "ly do", "noi dung", "ghi chu", "ten")
    assert c_date is not None
    days: list[FileDay] = []
    problems: list[FileProblem] = []
    for n, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = list(row)
        if not any(c not in (None, "") for c in cells):
            continue
        where = str(n)

        def at(col: int | None, cells: list[Any] = cells) -> Any:
            return cells[col] if col is not None and col < len(cells) else None

        raw = at(c_date)
        d = _cell_date(raw)
        reason = nfc(str(at(c_reason) or "")).strip()
        if d is None:
            problems.append(FileProblem(where, "bad_date", "" if raw is None else str(raw)))
            continue
        kind_text = nfc(str(at(c_kind) or ""))
        days.append(FileDay(d, _kind_of(f"{kind_text} {reason}"), reason, where))
    return days, problems


def read_calendar_file(path: Path) -> tuple[list[FileDay], list[FileProblem]]:
    """The days of an ``.ics`` or ``.xlsx`` file, and what could not be read."""
    suffix = path.suffix.lower()
    if suffix in (".ics", ".ical", ".ifb"):
        return read_ics(path.read_bytes())
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    raise ValidationError("calendar.import.file_type", field="file", suffix=suffix)


# =========================================================================== the preview


class RowStatus(StrEnum):
    NEW = "new"  # will be declared
    ALREADY = "already"  # the calendar already has the day so: nothing to do
    CONFLICT = "conflict"  # the office already declared this day otherwise: left as it is
    DUPLICATE = "duplicate"  # the file gives the same day twice: the first one counts


@dataclass(frozen=True)
class ImportRow:
    day: date
    kind: DayKind
    reason: str
    where: str
    status: RowStatus
    current: cs.DayType  # how the day stands today


@dataclass(frozen=True)
class ImportPlan:
    """What importing the file would declare; :meth:`change` is the calendar change."""

    rows: tuple[ImportRow, ...]
    problems: tuple[FileProblem, ...]
    document: str

    @property
    def new_rows(self) -> tuple[ImportRow, ...]:
        return tuple(r for r in self.rows if r.status is RowStatus.NEW)

    def change(self, document: str | None = None) -> cs.ImportDays:
        """The calendar change that declares the new rows, citing ``document`` (the one given
        to the plan by default); the change checks that it is not empty."""
        doc = nfc(self.document if document is None else document).strip()
        days = tuple(cs.AddDay(r.day, r.kind, r.reason or doc or "-") for r in self.new_rows)
        return cs.ImportDays(days, doc)


def plan_rows(
    db: Database, days: Iterable[FileDay], problems: Iterable[FileProblem], document: str
) -> ImportPlan:
    """Compare the file's days with the calendar as it stands: each row new, already so, in
    conflict with an office declaration, or a duplicate."""
    doc = nfc(document).strip()
    ordered = sorted(days, key=lambda f: f.day)
    views: dict[int, cs.CalendarYear] = {}
    rows: list[ImportRow] = []
    seen: set[date] = set()
    for f in ordered:
        year = views.get(f.day.year)
        if year is None:
            year = views[f.day.year] = cs.year_view(db, f.day.year)
        v = year.day(f.day)
        wants_working = f.kind is DayKind.WORKDAY
        if f.day in seen:
            status = RowStatus.DUPLICATE
        elif v.type in (cs.DayType.OFFICE_DAY_OFF, cs.DayType.MAKE_UP_DAY):
            status = RowStatus.ALREADY if v.working == wants_working else RowStatus.CONFLICT
        elif v.working == wants_working:
            status = RowStatus.ALREADY
        else:
            status = RowStatus.NEW
        seen.add(f.day)
        rows.append(ImportRow(f.day, f.kind, f.reason, f.where, status, v.type))
    return ImportPlan(tuple(rows), tuple(problems), doc)


def plan_import(db: Database, path: Path, document: str = "") -> ImportPlan:
    """Read ``path`` and compare it with the calendar (nothing is written)."""
    days, problems = read_calendar_file(path)
    return plan_rows(db, days, problems, document)
