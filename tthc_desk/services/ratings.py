"""Đánh giá hài lòng: the counter's queue of returned dossiers not yet rated, recording a rating
(through ``dossiers.rate``), and the statistics of a period by level, field and officer.

The base of every statistic is the dossiers whose result was returned in the period; the seed
letter (section 8) wants every one of them rated, so the share rated is shown against 100%.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from tthc_desk.domain.enums import DossierState
from tthc_desk.domain.errors import ValidationError
from tthc_desk.domain.text import fold, nfc
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Applicant, Dossier, Field, Procedure, Rating, StepRun, User
from tthc_desk.services import dossiers
from tthc_desk.services.common import Actor, Clock, system_now

LEVELS = dossiers.RATING_LEVELS  # very_satisfied, satisfied, not_satisfied
QUEUE_LIMIT = 500


@dataclass(frozen=True)
class QueueRow:
    """A returned dossier waiting for the applicant's rating."""

    dossier_id: int
    code: str
    applicant: str
    procedure: str
    field: str
    returned_at: datetime
    collected_by: str
    officers: str  # who worked its steps, comma-separated


@dataclass(frozen=True)
class Rated:
    """What was recorded, for the confirmation line."""

    dossier_id: int
    code: str
    level: str
    comment: str
    rated_at: datetime


@dataclass(frozen=True)
class LevelCounts:
    """One line of the statistics: returned dossiers and their ratings by level."""

    name: str  # the field's or officer's name ("" for the total)
    returned: int
    very_satisfied: int
    satisfied: int
    not_satisfied: int

    @property
    def rated(self) -> int:
        return self.very_satisfied + self.satisfied + self.not_satisfied

    @property
    def unrated(self) -> int:
        return self.returned - self.rated

    @property
    def rated_share(self) -> float:
        """Share of returned dossiers rated (1.0 when none was returned)."""
        return 1.0 if self.returned == 0 else self.rated / self.returned

    @property
    def satisfied_share(self) -> float:
        """Share of ratings that are "very satisfied" or "satisfied" (1.0 with no rating)."""
        return 1.0 if self.rated == 0 else (self.very_satisfied + self.satisfied) / self.rated


@dataclass(frozen=True)
class NotSatisfiedRow:
    dossier_id: int
    code: str
    applicant: str
    procedure: str
    field: str
    returned_at: datetime
    rated_at: datetime
    comment: str
    officers: str


@dataclass(frozen=True)
class RatingStats:
    date_from: date
    date_to: date
    total: LevelCounts
    by_field: tuple[LevelCounts, ...]
    by_officer: tuple[LevelCounts, ...]  # a dossier counts for every officer who worked a step
    not_satisfied: tuple[NotSatisfiedRow, ...]

    @property
    def target_met(self) -> bool:
        """Every returned dossier rated (the letter's 100%)."""
        return self.total.unrated == 0


def _officers(s: Session, ids: Iterable[int]) -> dict[int, list[str]]:
    """dossier id -> names of the officers who worked its steps, in step order."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = s.execute(
        select(StepRun.dossier_id, User.full_name)
        .join(User, User.id == StepRun.officer_id)
        .where(StepRun.dossier_id.in_(wanted))
        .order_by(StepRun.dossier_id, StepRun.id)
    ).all()
    out: dict[int, list[str]] = {}
    for dossier_id, name in rows:
        names = out.setdefault(dossier_id, [])
        if name not in names:
            names.append(name)
    return out


def queue(db: Database, text: str = "", limit: int = QUEUE_LIMIT) -> list[QueueRow]:
    """Returned dossiers without a rating, last returned first (search by code or name, with or
    without diacritics)."""
    with db.session() as s:
        q = (
            select(Dossier, Applicant.full_name, Procedure.name, Field.name)
            .join(Applicant, Applicant.id == Dossier.applicant_id)
            .join(Procedure, Procedure.id == Dossier.procedure_id)
            .join(Field, Field.id == Dossier.field_id)
            .outerjoin(Rating, Rating.dossier_id == Dossier.id)
            .where(Dossier.state == DossierState.RETURNED, Rating.id.is_(None))
            .order_by(Dossier.returned_at.desc(), Dossier.id.desc())
            .limit(limit)
        )
        if text.strip():
            q = q.where(dossiers.dossier_text_condition(s, text))
        rows = s.execute(q).all()
        officers = _officers(s, (d.id for d, *_ in rows))
        return [
            QueueRow(
                dossier_id=d.id,
                code=d.code,
                applicant=applicant,
                procedure=procedure,
                field=field,
                returned_at=d.returned_at or d.finished_at or d.created_at,
                collected_by=d.collected_by or "",
                officers=", ".join(officers.get(d.id, [])),
            )
            for d, applicant, procedure, field in rows
        ]


def rate(
    db: Database,
    actor: Actor,
    dossier_id: int,
    level: str,
    comment: str = "",
    now: Clock = system_now,
) -> Rated:
    """Record the applicant's rating of a returned dossier (once), through ``dossiers.rate``."""
    at = now()
    view = dossiers.rate(db, actor, dossiers.RatingCommand(dossier_id, level, comment), lambda: at)
    return Rated(dossier_id, view.code, view.rating or level, nfc(comment), at)


def _period(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    if date_from > date_to:
        raise ValidationError("ratings.period", field="date_from")
    return datetime.combine(date_from, time.min), datetime.combine(date_to, time.max)


def _counts(name: str, levels: list[str | None]) -> LevelCounts:
    return LevelCounts(
        name=name,
        returned=len(levels),
        very_satisfied=levels.count("very_satisfied"),
        satisfied=levels.count("satisfied"),
        not_satisfied=levels.count("not_satisfied"),
    )


def _by_name(item: tuple[str, object]) -> str:
    return fold(item[0])


def statistics(db: Database, date_from: date, date_to: date) -> RatingStats:
    """Ratings of the dossiers returned between the two dates (inclusive)."""
    start, end = _period(date_from, date_to)
    with db.session() as s:
        rows = s.execute(
            select(
                Dossier.id,
                Dossier.code,
                Dossier.returned_at,
                Applicant.full_name,
                Procedure.name,
                Field.name,
                Rating.level,
                Rating.rated_at,
                Rating.comment,
            )
            .join(Applicant, Applicant.id == Dossier.applicant_id)
            .join(Procedure, Procedure.id == Dossier.procedure_id)
            .join(Field, Field.id == Dossier.field_id)
            .outerjoin(Rating, Rating.dossier_id == Dossier.id)
            .where(
                Dossier.state == DossierState.RETURNED,
                Dossier.returned_at >= start,
                Dossier.returned_at <= end,
            )
            .order_by(Dossier.returned_at, Dossier.id)
        ).all()
        officers = _officers(s, (r[0] for r in rows))
    by_field: dict[str, list[str | None]] = {}
    by_officer: dict[str, list[str | None]] = {}
    bad: list[NotSatisfiedRow] = []
    for did, code, returned_at, applicant, procedure, field, level, rated_at, comment in rows:
        by_field.setdefault(field, []).append(level)
        for name in officers.get(did, []):
            by_officer.setdefault(name, []).append(level)
        if level == "not_satisfied":
            bad.append(
                NotSatisfiedRow(
                    dossier_id=did,
                    code=code,
                    applicant=applicant,
                    procedure=procedure,
                    field=field,
                    returned_at=returned_at or rated_at,
                    rated_at=rated_at,
                    comment=comment or "",
                    officers=", ".join(officers.get(did, [])),
                )
            )
    return RatingStats(
        date_from=date_from,
        date_to=date_to,
        total=_counts("", [r[6] for r in rows]),
        by_field=tuple(_counts(k, v) for k, v in sorted(by_field.items(), key=_by_name)),
        by_officer=tuple(_counts(k, v) for k, v in sorted(by_officer.items(), key=_by_name)),
        not_satisfied=tuple(sorted(bad, key=lambda b: b.rated_at, reverse=True)),
    )


__all__ = [
    "LEVELS",
    "LevelCounts",
    "NotSatisfiedRow",
    "QueueRow",
    "Rated",
    "RatingStats",
    "queue",
    "rate",
    "statistics",
]
