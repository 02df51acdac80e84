"""The government's yearly decisions on civil servants' days off, shipped as sourced data."""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

#: The shipped table, relative to the app's ``resources/`` folder.
TABLE_PATH = Path("calendar") / "vn-civil-service-days.json"


class DaySource(StrEnum):
    """Where a day's status comes from (the calendar page's "source" column)."""

    LAW = "law"  # Bộ luật Lao động 2019 art. 111–112 (through the `holidays` package)
    NOTICE = "notice"  # a Công văn/Thông báo of Văn phòng Chính phủ or Bộ Nội vụ
    OFFICE = "office"  # the office's own decision (or the province's, imported by the office)
    PENDING = "pending"  # a day whose legal basis is still a proposal: a working day until
    # the administrator declares it off


class GovernmentDayKind(StrEnum):
    HOLIDAY = "holiday"  # a day off that `holidays` must also have
    DAY_OFF = "day_off"  # a weekday the government gave civil servants off (a swap)
    WORKDAY = "workday"  # a weekend day the government made a working day (a make-up day)
    PENDING = "pending"  # announced, legal basis pending: counts as a working day


@dataclass(frozen=True)
class Notice:
    """A legal source: a law, a Government Office letter, a proposal."""

    key: str
    number: str
    title: str
    issuer: str
    issued: date | None
    url: str | None
    confirmed: bool
    note: str = ""


@dataclass(frozen=True)
class GovernmentDay:
    """One day of the shipped table, with its source."""

    day: date
    kind: GovernmentDayKind
    name: str
    source: DaySource
    notice: Notice

    @property
    def confirmed(self) -> bool:
        """Whether the table could confirm this day from its source (else: check it)."""
        return self.notice.confirmed


@dataclass(frozen=True)
class GovernmentYear:
    """What the table holds for one year; ``complete`` when every decision of it is in."""

    year: int
    complete: bool
    note: str
    days: tuple[GovernmentDay, ...]


@dataclass(frozen=True)
class GovernmentTable:
    years: Mapping[int, GovernmentYear]
    days: Mapping[date, GovernmentDay]
    checked_on: date
    holidays_version: str

    def day(self, d: date) -> GovernmentDay | None:
        return self.days.get(d)

    def year(self, year: int) -> GovernmentYear | None:
        return self.years.get(year)


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def parse_table(raw: Mapping[str, object]) -> GovernmentTable:
    """The table from its JSON form (see ``resources/calendar/vn-civil-service-days.json``)."""
    sources_raw = raw["sources"]
    assert isinstance(sources_raw, Mapping)
    notices = {
        key: Notice(
            key=key,
            number=str(v["number"]),
            title=str(v["title"]),
            issuer=str(v["issuer"]),
            issued=_date(v.get("date")),
            url=v.get("url"),
            confirmed=bool(v["confirmed"]),
            note=str(v.get("note", "")),
        )
        for key, v in sources_raw.items()
    }
    days_raw = raw["days"]
    assert isinstance(days_raw, list)
    days: dict[date, GovernmentDay] = {}
    for row in days_raw:
        d = date.fromisoformat(row["date"])
        if d in days:
            raise ValueError(f"day {d} twice in the government table")
        days[d] = GovernmentDay(
            day=d,
            kind=GovernmentDayKind(row["kind"]),
            name=str(row["name"]),
            source=DaySource(row["source"]),
            notice=notices[row["ref"]],
        )
    years_raw = raw["years"]
    assert isinstance(years_raw, Mapping)
    years = {
        int(y): GovernmentYear(
            year=int(y),
            complete=v["status"] == "complete",
            note=str(v.get("note", "")),
            days=tuple(sorted((g for g in days.values() if g.day.year == int(y)), key=_by_day)),
        )
        for y, v in years_raw.items()
    }
    checked = _date(str(raw["checked_on"]))
    assert checked is not None
    return GovernmentTable(
        years=MappingProxyType(years),
        days=MappingProxyType(days),
        checked_on=checked,
        holidays_version=str(raw["holidays_version"]),
    )


def _by_day(g: GovernmentDay) -> date:
    return g.day


def _resources_dir() -> Path:
    from tthc_desk.paths import resources_dir

    return resources_dir()


@functools.cache
def government_table() -> GovernmentTable:
    """The shipped table (read once per process)."""
    path = _resources_dir() / TABLE_PATH
    return parse_table(json.loads(path.read_text(encoding="utf-8")))


def government_day(d: date) -> GovernmentDay | None:
    """The shipped table's entry for ``d``, if any."""
    return government_table().day(d)


# --------------------------------------------------------------------------- confirmation

#: From this day of December the next year's calendar asks to be confirmed.
CONFIRM_FROM = (12, 1)


def years_to_confirm(today: date, confirmed: Collection[int]) -> tuple[int, ...]:
    """The years whose calendar the administrator still has to confirm, as of ``today``.

    The current year while it is not confirmed, and from 1 December the next year too
    (deadlines.md §1: the government's notices come late in the year, so the office checks
    the coming year's days off before its first dossier is due in it).
    """
    years = [today.year]
    if (today.month, today.day) >= CONFIRM_FROM:
        years.append(today.year + 1)
    return tuple(y for y in years if y not in confirmed)
