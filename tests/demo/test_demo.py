"""The demo switch fills a new database with a realistic commune, through the real services."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tthc_desk.cli import run
from tthc_desk.domain.enums import DossierState
from tthc_desk.domain.errors import AppError
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Dossier, DossierEvent, Procedure, Rating, StepRun, User
from tthc_desk.services import auth, demo

TODAY = datetime(2026, 11, 20, 10, 0)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = Database.open(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    demo.build_demo(db, years=0.12, per_day=12, seed=766, today=TODAY)
    return db


def test_demo_has_office_officers_and_catalogue(demo_db: Database) -> None:
    office = auth.get_office(demo_db)
    assert office is not None and office.name == "UBND xã An Sơn"
    with demo_db.session() as s:
        roles = {u.role.value for u in s.scalars(select(User))}
        assert roles == {"admin", "clerk", "officer", "leader"}
        fields = {p.field.name for p in s.scalars(select(Procedure))}
        assert len(s.scalars(select(Procedure)).all()) >= 30
    assert {"Hộ tịch", "Chứng thực"} <= fields
    assert auth.sign_in(demo_db, "canbo1", "matkhau123").full_name == "Nguyễn Thị Hoa"


def test_demo_dossiers_cover_every_state(demo_db: Database) -> None:
    with demo_db.session() as s:
        states = {st for (st,) in s.execute(select(Dossier.state).distinct())}
        n_dossiers = s.scalar(select(func.count()).select_from(Dossier))
        n_steps = s.scalar(select(func.count()).select_from(StepRun))
        n_events = s.scalar(select(func.count()).select_from(DossierEvent))
        n_ratings = s.scalar(select(func.count()).select_from(Rating))
        late = s.scalar(
            select(func.count()).select_from(StepRun).where(StepRun.timeliness == "late")
        )
        last = s.scalar(select(func.max(Dossier.received_at)))
    assert set(DossierState) - states <= {
        DossierState.SUPPLEMENT_REQUESTED,
        DossierState.STOPPED,
    }, states
    assert n_dossiers > 150 and n_steps > 2 * n_dossiers and n_events > n_steps
    assert n_ratings > n_dossiers // 2 and late > 0
    assert last is not None and last <= TODAY


def test_demo_refuses_a_database_with_dossiers(demo_db: Database) -> None:
    with pytest.raises(AppError) as err:
        demo.build_demo(demo_db, years=0.01, today=TODAY)
    assert err.value.code == "demo.not_empty"


def test_demo_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cli.sqlite3"
    assert run(["--db", str(path), "demo", "--years", "0.01", "--per-day", "4"]) == 0
    out = capsys.readouterr().out
    assert "Đã tạo dữ liệu mẫu" in out and str(path) in out
    assert run(["--db", str(path), "demo", "--years", "0.01"]) == 1
    assert "đã có hồ sơ" in capsys.readouterr().err
