"""Catalogue fixtures: an office database with the 47 real commune procedures loaded."""

from __future__ import annotations

import pytest
from catalogue_data import real_records


@pytest.fixture
def catalogue_db(office_db, users):  # type: ignore[no-untyped-def]
    """``office_db`` with the 47 real procedures loaded through the seed loader."""
    from tthc_desk.services.catalogue_seed import load_seed_procedures

    load_seed_procedures(office_db, users["admin"].actor, real_records())
    return office_db


@pytest.fixture
def admin(users):  # type: ignore[no-untyped-def]
    return users["admin"].actor
