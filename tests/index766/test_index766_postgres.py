"""The 766 aggregates run on PostgreSQL too (materialised CTE, bit masks, booleans): the same
figures as on SQLite for a few dossiers, and every criterion's losing records."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from tests.support.postgres import pg_database
from tthc_desk.domain.enums import Channel, DossierState, Role, TimeUnit
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Applicant, Dossier, Field, Procedure, Rating
from tthc_desk.services import auth, index766


def _fill(db: Database) -> None:
    auth.first_run_setup(
        db,
        auth.OfficeInput("UBND xã An Sơn", "XANSON", "Thôn Đông", "Hải Dương"),
        auth.UserInput("admin", "Trần Văn Quản", Role.ADMIN, "matkhau123", "matkhau123"),
    )
    dt = datetime
    with db.session() as s:
        f = Field(name="Hộ tịch", name_folded="ho tich")
        s.add(f)
        s.flush()
        p = Procedure(code="1.000001", name="Khai sinh", search_key="1.000001", field_id=f.id,
                      time_unit=TimeUnit.WORKING_DAYS, time_amount=3,
                      decision_date=date(2026, 2, 2), created_at=dt(2026, 1, 5))  # fmt: skip
        a = Applicant(full_name="An", name_folded="an", created_at=dt(2026, 1, 1),
                      updated_at=dt(2026, 1, 1))  # fmt: skip
        s.add_all([p, a])
        s.flush()
        common = dict(procedure_id=p.id, field_id=f.id, applicant_id=a.id)
        s.add_all([
            Dossier(code="D1", state=DossierState.RETURNED, channel=Channel.COUNTER,
                    received_at=dt(2026, 3, 2, 9), due_at=dt(2026, 3, 5, 9),
                    finished_at=dt(2026, 3, 4, 10), timeliness="early",
                    returned_at=dt(2026, 3, 5, 8), search_key="d1",
                    created_at=dt(2026, 3, 2, 9), **common),
            Dossier(code="D2", state=DossierState.IN_PROGRESS, channel=Channel.ONLINE,
                    own_account=True, submitted_at=dt(2026, 3, 9, 8),
                    reception_due_at=dt(2026, 3, 9, 16), received_at=dt(2026, 3, 9, 9),
                    due_at=dt(2026, 3, 12, 9), portal_due_at=dt(2026, 3, 12, 9),
                    fee_amount=5000, search_key="d2", created_at=dt(2026, 3, 9, 8), **common),
            Dossier(code="D3", state=DossierState.SUPPLEMENT_REQUESTED, channel=Channel.ONLINE,
                    submitted_at=dt(2026, 3, 10, 8), reception_due_at=dt(2026, 3, 10, 16),
                    due_at=dt(2026, 3, 10, 16), paused_at=dt(2026, 3, 10, 9),
                    search_key="d3", created_at=dt(2026, 3, 10, 8), **common),
        ])  # fmt: skip
        s.flush()
        d1 = s.query(Dossier).filter_by(code="D1").one()
        s.add(Rating(dossier_id=d1.id, level="not_satisfied", rated_at=dt(2026, 3, 5, 8)))


def _figures(db: Database) -> tuple[object, dict[str, list[str]]]:
    est = index766.estimate(db, date(2026, 3, 1), date(2026, 3, 31), now=datetime(2026, 4, 9))
    lost = {k: sorted(x.code for x in est.lost_for(k)) for k in est.losing_keys}
    return est.counts, lost


@pytest.fixture
def pg_db() -> Iterator[Database]:
    with pg_database() as db:
        yield db


@pytest.mark.postgres
def test_same_figures_on_postgres_and_sqlite(pg_db: Database, db: Database) -> None:
    _fill(pg_db)
    _fill(db)
    pg, lite = _figures(pg_db), _figures(db)
    assert pg == lite
    counts, lost = pg
    assert counts.dossiers_handled == 2  # D3 was sent back before reception
    assert counts.dossiers_late == 1 and lost["on_time"] == ["D2"]
    assert counts.online_submitted == 2 and counts.dossiers_unhappy == 1
