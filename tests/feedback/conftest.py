"""Fixtures of the feedback and rating tests: a settable clock (Friday 2026-04-24 10:00) and the
clerk and officer of ``office_db`` as actors."""

from __future__ import annotations

from datetime import datetime

import pytest
from feedback_helpers import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 4, 24, 10, 0))


@pytest.fixture
def clerk(users):  # type: ignore[no-untyped-def]
    return users["canbo1"].actor


@pytest.fixture
def officer(users):  # type: ignore[no-untyped-def]
    return users["congchuc1"].actor
