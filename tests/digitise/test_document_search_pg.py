"""The document search of Số hóa and intake on PostgreSQL (``to_tsvector('simple', …)`` over the
folded text): the same tests as on SQLite's FTS5, run here against a fresh PostgreSQL database
when ``TTHC_TEST_PG_URL`` is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.digitise.test_document_search import (  # noqa: F401  (collected here on PostgreSQL)
    test_find_a_document_by_a_word_inside_it,
    test_reuse_at_intake_filters_by_a_word_inside_the_document,
)
from tthc_desk.persistence.db import Database

PG_URL = os.environ.get("TTHC_TEST_PG_URL")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="TTHC_TEST_PG_URL not set"),
]


@pytest.fixture
def db() -> Iterator[Database]:
    """This module's ``db``: a new, migrated PostgreSQL database, dropped afterwards."""
    assert PG_URL
    name = f"tthc_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    database = Database.open(url)
    try:
        yield database
    finally:
        database.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}"'))
        admin.dispose()
