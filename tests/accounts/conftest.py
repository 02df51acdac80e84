"""Fixtures of the accounts tests: a context for the screens signed in as a given user."""

from __future__ import annotations

import pytest


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
