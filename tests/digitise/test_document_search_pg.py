"""The document search of Số hóa and intake on PostgreSQL (``to_tsvector('simple', …)`` over the
folded text): the same tests as on SQLite's FTS5, run here against a fresh PostgreSQL database
when ``TTHC_TEST_PG_URL`` is set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.digitise.test_document_search import (  # noqa: F401  (collected here on PostgreSQL)
    test_find_a_document_by_a_word_inside_it,
    test_reuse_at_intake_filters_by_a_word_inside_the_document,
)
from tests.support.postgres import NO_SERVER, PG_URL, pg_database
from tthc_desk.persistence.db import Database

pytestmark = [pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason=NO_SERVER)]


@pytest.fixture
def db() -> Iterator[Database]:
    """This module's ``db``: a new, migrated PostgreSQL database, dropped afterwards."""
    with pg_database() as database:
        yield database
