"""Several counter PCs share one PostgreSQL database through the same code (CI starts one)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from tthc_desk.domain.enums import Role
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Base, include_in_schema_comparison
from tthc_desk.services import auth

PG_URL = os.environ.get("TTHC_TEST_PG_URL")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="TTHC_TEST_PG_URL not set (scripts/test.sh sets it)"),
]


@pytest.fixture
def pg_db() -> Iterator[Database]:
    assert PG_URL
    name = f"tthc_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    db = Database.open(url)
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}"'))
        admin.dispose()


def test_migrations_match_models_on_postgres(pg_db: Database) -> None:
    with pg_db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(
                conn,
                opts={"compare_type": True, "include_name": include_in_schema_comparison},
            ),
            Base.metadata,
        )
    assert diff == []


def test_setup_and_sign_in_on_postgres(pg_db: Database) -> None:
    auth.first_run_setup(
        pg_db,
        auth.OfficeInput("UBND xã An Sơn", "XANSON", "Thôn Đông", "Hải Dương"),
        auth.UserInput("admin", "Trần Văn Quản", Role.ADMIN, "matkhau123", "matkhau123"),
    )
    user = auth.sign_in(pg_db, "admin", "matkhau123")
    assert user.full_name == "Trần Văn Quản"
    assert "postgresql" in pg_db.url and pg_db.file_path is None


def test_audit_log_is_append_only_on_postgres(pg_db: Database) -> None:
    with pg_db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (at, action, entity) "
                "VALUES ('2026-01-01 08:00', 'test', 'x')"
            )
        )
    with pytest.raises(DBAPIError), pg_db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))
