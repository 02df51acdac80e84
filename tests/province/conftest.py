"""Fixtures of the province-list tests: an office on SQLite (and PostgreSQL when CI has one),
three procedures, dossiers received through the intake service at set times."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from tthc_desk.domain.enums import DocumentKind, OnlineService, Role, TimeUnit
from tthc_desk.domain.text import fold
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Field, Procedure, ProcessStep, RequiredDocument
from tthc_desk.services import auth
from tthc_desk.services.dossiers import DocumentInput
from tthc_desk.services.intake import ApplicantInput, IntakeCommand, receive_dossier

PG_URL = os.environ.get("TTHC_TEST_PG_URL")


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
    if request.param == "sqlite":
        db = Database.open(tmp_path / "tthc.sqlite3")
        try:
            yield _setup(db)
        finally:
            db.dispose()
        return
    if not PG_URL:
        pytest.skip("TTHC_TEST_PG_URL not set (scripts/test.sh sets it)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"tthc_prov_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database.open(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    try:
        yield _setup(db)
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}"'))
        admin.dispose()


@pytest.fixture
def counter_office(tmp_path: Path):  # type: ignore[no-untyped-def]
    """An office with one procedure (1.004194) and three dossiers received on 2/3/2026."""
    db = Database.open(tmp_path / "tthc.sqlite3")
    admin = auth.first_run_setup(
        db,
        auth.OfficeInput("UBND xã An Sơn", "XANSON", "Thôn Đông, xã An Sơn", "Hải Dương"),
        auth.UserInput("admin", "Trần Văn Quản", Role.ADMIN, "matkhau123", "matkhau123"),
    )
    auth.create_user(
        db, admin.actor,
        auth.UserInput("canbo1", "Nguyễn Thị Hoa", Role.CLERK, "matkhau123", "matkhau123"),
    )  # fmt: skip
    with db.session() as s:
        f = Field(name="Cư trú", name_folded="cu tru")
        s.add(f)
        s.flush()
        p = Procedure(
            code="1.004194", name="Đăng ký thường trú", search_key=fold("1.004194 dang ky"),
            field_id=f.id, time_unit=TimeUnit.WORKING_DAYS, time_amount=2,
            online_service=OnlineService.FULL, handling_body="UBND xã An Sơn",
            created_at=datetime(2025, 1, 1),
        )  # fmt: skip
        p.steps.append(ProcessStep(position=1, name="Giải quyết", role=Role.OFFICER, hours=8))
        p.documents.append(
            RequiredDocument(position=1, name="Tờ khai", kind=DocumentKind.FORM, count=1)
        )
        s.add(p)
        s.flush()
        pid = p.id
    codes = []
    for name, hour in (("Trần Văn Hai", 8), ("Hoàng Văn Ba", 9), ("Bùi Thị Sáu", 10)):
        cmd = IntakeCommand(
            procedure_id=pid,
            applicant=ApplicantInput(full_name=name, is_organisation=True),
            documents=(DocumentInput("Tờ khai", "form"),),
        )
        at = datetime(2026, 3, 2, hour)
        codes.append(receive_dossier(db, admin.actor, cmd, now=lambda at=at: at).dossier.code)
    yield db, codes
    db.dispose()
