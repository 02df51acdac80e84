"""A fresh database for one test: a new PostgreSQL database on the server at
``TTHC_TEST_PG_URL`` (CI and ``scripts/pg-test-server.sh`` give one), or the SQLite file of the
same test, so that a test runs the same on both."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tthc_desk.persistence.db import Database

PG_URL = os.environ.get("TTHC_TEST_PG_URL")
NO_SERVER = "TTHC_TEST_PG_URL not set (scripts/test.sh sets it)"


@contextmanager
def pg_database(prefix: str = "tthc_test") -> Iterator[Database]:
    """A new, migrated PostgreSQL database ``<prefix>_<random>``, dropped afterwards; the test
    is skipped when no server is configured."""
    if not PG_URL:
        pytest.skip(NO_SERVER)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
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
    finally:
        admin.dispose()


@contextmanager
def backend_database(
    backend: str, sqlite_path: Path, prefix: str = "tthc_test"
) -> Iterator[Database]:
    """``"sqlite"``: the database in the file ``sqlite_path`` (migrated when new); otherwise
    (``"postgresql"``, ``"postgres"``) :func:`pg_database`. Disposed afterwards."""
    if backend == "sqlite":
        db = Database.open(sqlite_path)
        try:
            yield db
        finally:
            db.dispose()
        return
    with pg_database(prefix) as db:
        yield db
