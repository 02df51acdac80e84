"""Fixtures of the province-list tests: an office on SQLite (and PostgreSQL when CI has one),
three procedures, dossiers received through the intake service at set times."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from tests.support.office import residence_office
from tests.support.postgres import backend_database
from tthc_desk.domain.enums import DocumentKind, OnlineService, Role, TimeUnit
from tthc_desk.domain.text import fold
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Field, Procedure, ProcessStep, RequiredDocument
from tthc_desk.services import auth


def _procedure(
    db: Database, code: str, name: str, field: str, unit: TimeUnit, amount: float | None
) -> int:
    with db.session() as s:
        f = s.query(Field).filter_by(name=field).one_or_none()
        if f is None:
            f = Field(name=field, name_folded=fold(field))
            s.add(f)
            s.flush()
        p = Procedure(
            code=code,
            name=name,
            search_key=fold(f"{code} {name}"),
            field_id=f.id,
            time_unit=unit,
            time_amount=amount,
            cutoff_minutes=900 if unit is TimeUnit.SAME_DAY else None,
            online_service=OnlineService.FULL,
            handling_body="UBND xã An Sơn",
            created_at=datetime(2025, 1, 1),
        )
        p.steps.append(ProcessStep(position=1, name="Giải quyết", role=Role.OFFICER, hours=4))
        p.documents.append(
            RequiredDocument(position=1, name="Tờ khai", kind=DocumentKind.FORM, count=1)
        )
        s.add(p)
        s.flush()
        return p.id


def _setup(db: Database) -> Database:
    from tthc_desk.services import auth

    admin = auth.first_run_setup(
        db,
        auth.OfficeInput("UBND xã An Sơn", "XANSON", "Thôn Đông, xã An Sơn", "Hải Dương"),
        auth.UserInput("admin", "Trần Văn Quản", Role.ADMIN, "matkhau123", "matkhau123"),
    )
    auth.create_user(
        db,
        admin.actor,
        auth.UserInput("canbo1", "Nguyễn Thị Hoa", Role.CLERK, "matkhau123", "matkhau123"),
    )
    _procedure(db, "1.001193", "Đăng ký khai sinh", "Hộ tịch", TimeUnit.SAME_DAY, None)
    _procedure(db, "1.004194", "Đăng ký thường trú", "Cư trú", TimeUnit.WORKING_DAYS, 2)
    _procedure(
        db, "2.000908", "Chứng thực bản sao từ bản chính", "Chứng thực", TimeUnit.SAME_DAY, None
    )
    return db


@pytest.fixture(params=["sqlite", "postgres"])
def pdb(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An office database on SQLite, and the same on PostgreSQL when TTHC_TEST_PG_URL is set."""
    with backend_database(request.param, tmp_path / "tthc.sqlite3", "tthc_prov") as db:
        yield _setup(db)


@pytest.fixture
def counter_office(tmp_path: Path):  # type: ignore[no-untyped-def]
    """An office with one procedure (1.004194) and three dossiers received on 2/3/2026."""
    db = Database.open(tmp_path / "tthc.sqlite3")
    clerk = auth.UserInput("canbo1", "Nguyễn Thị Hoa", Role.CLERK, "matkhau123", "matkhau123")
    applicants = (("Trần Văn Hai", 8), ("Hoàng Văn Ba", 9), ("Bùi Thị Sáu", 10))
    _admin, codes = residence_office(db, clerk, applicants)
    yield db, codes
    db.dispose()
