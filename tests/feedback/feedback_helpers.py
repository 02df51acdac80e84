"""Helpers of the feedback and rating tests: a settable clock and dossiers made through the ORM
(returned, rated or not), so every count in the statistics is known by hand."""

from __future__ import annotations

from datetime import datetime

from tthc_desk.domain.enums import Channel, DossierState, TimeUnit
from tthc_desk.domain.text import fold
from tthc_desk.persistence.models import (
    Applicant,
    Dossier,
    Field,
    Procedure,
    Rating,
    StepRun,
)


class FakeClock:
    """The services' ``now``: returns a time the test sets."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> FakeClock:
        self.at = at
        return self


def _field(s, name: str) -> Field:  # type: ignore[no-untyped-def]
    f = s.query(Field).filter_by(name=name).one_or_none()
    if f is None:
        f = Field(name=name, name_folded=fold(name))
        s.add(f)
        s.flush()
    return f


def make_procedure(db, code: str, name: str, field: str) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        f = _field(s, field)
        p = Procedure(
            code=code, name=name, search_key=fold(f"{code} {name}"), field_id=f.id,
            time_unit=TimeUnit.WORKING_DAYS, time_amount=3, created_at=datetime(2025, 1, 1),
        )  # fmt: skip
        s.add(p)
        s.flush()
        return p.id


_seq = {"n": 0}


def make_dossier(  # type: ignore[no-untyped-def]
    db,
    procedure_id: int,
    applicant: str,
    returned_at: datetime | None,
    officer_ids: tuple[int, ...] = (),
    level: str | None = None,
    comment: str | None = None,
    state: DossierState | None = None,
) -> int:
    """A dossier received three days before ``returned_at``, returned then (unless another state
    is given), its steps worked by ``officer_ids``, and rated ``level`` when given."""
    _seq["n"] += 1
    n = _seq["n"]
    at = returned_at or datetime(2026, 4, 1, 8, 0)
    with db.session() as s:
        p = s.get(Procedure, procedure_id)
        a = Applicant(
            personal_id=f"0010900{n:05d}", full_name=applicant, name_folded=fold(applicant),
            created_at=at, updated_at=at,
        )  # fmt: skip
        s.add(a)
        s.flush()
        code = f"XANSON-{at:%y%m%d}-{n:04d}"
        d = Dossier(
            code=code, procedure_id=p.id, field_id=p.field_id, applicant_id=a.id,
            state=state or DossierState.RETURNED, channel=Channel.COUNTER,
            received_at=at.replace(day=max(1, at.day - 3)), due_at=at, finished_at=returned_at,
            returned_at=returned_at if (state or DossierState.RETURNED) is DossierState.RETURNED
            else None,
            collected_by=applicant, search_key=fold(f"{code} {applicant}"), created_at=at,
        )  # fmt: skip
        s.add(d)
        s.flush()
        for i, uid in enumerate(officer_ids, 1):
            s.add(StepRun(dossier_id=d.id, position=i, name=f"Bước {i}", officer_id=uid,
                          allotted_hours=8, started_at=at, due_at=at, finished_at=at))  # fmt: skip
        if level is not None:
            s.add(Rating(dossier_id=d.id, level=level, comment=comment, rated_at=at))
        return d.id
