"""Migrations build the schema the models describe, and upgrading keeps rows and a backup."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from tthc_desk.persistence import search_index
from tthc_desk.persistence.db import Database, alembic_config, head_revision, make_engine
from tthc_desk.persistence.models import Base, include_in_schema_comparison


def test_models_match_migrated_database(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "include_object": search_index.include_object,
                    "include_name": include_in_schema_comparison,
                },
            ),
            Base.metadata,
        )
    assert diff == []


def test_fresh_database_is_at_head(db: Database) -> None:
    with db.engine.connect() as conn:
        rev = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert rev == head_revision()


def test_old_database_is_upgraded_with_rows_kept_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO office_profile (name, code, address, province, place_name, forms_set,"
                " created_at) VALUES ('UBND xã An Sơn', 'XANSON', 'Thôn Đông', 'Hải Dương',"
                " 'An Sơn', '2025', '2024-01-02 08:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO users (username, full_name, role, password_hash, active,"
                " failed_attempts, created_at) VALUES ('admin', 'Trần Văn Quản', 'admin', 'x', 1, 0,"
                " '2024-01-02 08:00:00')"
            )
        )
    engine.dispose()

    db = Database.open(path)  # what the app does at start
    try:
        with db.engine.connect() as conn:
            assert (
                conn.execute(text("SELECT name FROM office_profile")).scalar() == "UBND xã An Sơn"
            )
            assert conn.execute(text("SELECT username FROM users")).scalar() == "admin"
            # The new tables exist and work.
            assert conn.execute(text("SELECT count(*) FROM dossiers")).scalar() == 0
    finally:
        db.dispose()
    backups = list(tmp_path.glob("old.before-0001-*.sqlite3"))
    assert len(backups) == 1
    import sqlite3

    with sqlite3.connect(backups[0]) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert con.execute("SELECT code FROM office_profile").fetchone() == ("XANSON",)


def test_sqlite_connections_enforce_foreign_keys_and_wal(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_audit_log_is_append_only(db: Database) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (at, action, entity) "
                "VALUES ('2026-01-01 08:00', 'test', 'x')"
            )
        )
    for sql in ("UPDATE audit_log SET action='changed'", "DELETE FROM audit_log"):
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(text(sql))
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT action FROM audit_log")).scalar() == "test"
