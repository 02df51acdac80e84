"""Fixtures of the settings tests: the dossier tests' procedures, settable clock and command
builders (from ``tests/dossiers/conftest.py``), and a context for the screens."""

from __future__ import annotations

import pytest

from tests.dossiers.conftest import build, clock, procs  # noqa: F401  (fixtures used here)


@pytest.fixture
def make_ctx(office_db, users):  # type: ignore[no-untyped-def]
    """``make_ctx(username)``: an AppContext signed in as that user, tasks run inline."""
    from tthc_desk.services import auth
    from tthc_desk.ui.context import AppContext
    from tthc_desk.ui.tasks import InlineTaskRunner

    def make(username: str = "admin") -> AppContext:
        return AppContext(
            db=office_db,
            runner=InlineTaskRunner(),
            user=users[username],
            office=auth.get_office(office_db),
        )

    return make
