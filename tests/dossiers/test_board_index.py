"""Board by index (issue 14): every order and filter of the board is served by an index (no
temporary B-tree: a page costs the same at any size of history), paging through several states
merges them in (due_at, id) order, and the office's warning setting is read once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import event, select, text

from tthc_desk.domain import dossier_rules as rules
from tthc_desk.domain.enums import Channel, DossierState
from tthc_desk.persistence.models import Dossier
from tthc_desk.services import dossiers as ds
from tthc_desk.services import intake as intake_svc
from tthc_desk.services import settings_store as st

S = DossierState
AT = datetime(2026, 3, 4, 9, 0)


@pytest.fixture
def mixed(office_db, users, procs, clock, build) -> list[int]:  # type: ignore[no-untyped-def]
    """Dossiers in several open states and some ended, received over three days."""
    clerk = users["canbo1"].actor
    ids = []
    for i in range(12):
        clock.set(datetime(2026, 3, 2 + i % 3, 8 + i % 8, 5 * i % 60))
        proc = (procs.marriage, procs.birth, procs.residence)[i % 3]
        cmd = build.intake(
            proc, applicant=build.applicant(personal_id=f"0011900{i:05d}", birth_date="")
        )
        d = intake_svc.receive_dossier(office_db, clerk, cmd, now=clock).dossier
        ids.append(d.id)
        if i % 4 == 1:
            ds.pause(office_db, clerk, ds.ReasonCommand(d.id, "Chờ xác minh"), now=clock)
        elif i % 4 == 2:
            ds.result_ready(office_db, clerk, ds.ReasonCommand(d.id, ""), now=clock)
    return ids


QUERIES = {
    "open": ds.BoardQuery(),
    "open, next page": ds.BoardQuery(after=(datetime(2026, 3, 3), 1)),
    "all": ds.BoardQuery(states=None),
    "all, next page": ds.BoardQuery(states=None, after=(datetime(2026, 3, 3), 1)),
    "one state": ds.BoardQuery(states=(S.RESULT_READY,)),
    "field": ds.BoardQuery(field_id=1),
    "all, field": ds.BoardQuery(states=None, field_id=1),
    "officer": ds.BoardQuery(officer_id=2),
    "all, officer": ds.BoardQuery(states=None, officer_id=2),
    "state and officer": ds.BoardQuery(states=(S.RECEIVED,), officer_id=2),
    "channel": ds.BoardQuery(channel=Channel.COUNTER),
    "due this week": ds.BoardQuery(due_from=AT.date(), due_to=AT.date()),
    "late": ds.BoardQuery(standing="late"),
    "nearly due and late": ds.BoardQuery(standing="attention"),
}


def _statements(db, q: ds.BoardQuery) -> list[tuple[str, Any]]:  # type: ignore[no-untyped-def]
    seen: list[tuple[str, Any]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "FROM dossiers" in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        ds.board_page(db, q, lambda: AT)
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    return seen


@pytest.mark.parametrize("name", list(QUERIES))
def test_board_orders_use_an_index_not_a_sort(office_db, mixed, name: str) -> None:  # type: ignore[no-untyped-def]
    statements = _statements(office_db, QUERIES[name])
    assert statements
    with office_db.engine.connect() as conn:
        for sql, params in statements:
            plan = [r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
            text_ = " | ".join(plan)
            assert "USE TEMP B-TREE" not in text_, (name, text_)
            # no walk over the whole table except the due-date index in order ("all")
            for step in plan:
                if step.startswith("SCAN dossiers"):
                    assert "ix_dossiers_due" in step, (name, text_)


def _all_pages(db, q: ds.BoardQuery) -> list[int]:  # type: ignore[no-untyped-def]
    ids, after = [], None
    while True:
        page = ds.board_page(db, ds.BoardQuery(**{**q.__dict__, "after": after}), lambda: AT)
        ids += [r.id for r in page.rows]
        if page.cursor is None:
            return ids
        after = page.cursor


@pytest.mark.parametrize("limit", [1, 2, 5, 200])
def test_several_states_page_in_due_order(office_db, mixed, limit: int) -> None:  # type: ignore[no-untyped-def]
    with office_db.session() as s:
        open_ids = list(
            s.scalars(
                select(Dossier.id)
                .where(Dossier.state.in_(tuple(rules.OPEN_STATES)))
                .order_by(Dossier.due_at, Dossier.id)
            )
        )
        every = list(s.scalars(select(Dossier.id).order_by(Dossier.due_at, Dossier.id)))
    assert len({S.RECEIVED, S.PAUSED} & set(_states(office_db))) == 2
    assert _all_pages(office_db, ds.BoardQuery(limit=limit)) == open_ids
    assert _all_pages(office_db, ds.BoardQuery(states=None, limit=limit)) == every


def _states(db) -> list[DossierState]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return list(s.scalars(select(Dossier.state).distinct()))


def test_warning_setting_read_once_until_saved(office_db, mixed, users) -> None:  # type: ignore[no-untyped-def]
    admin = users["admin"].actor  # settings are the administrator's
    reads: list[str] = []

    def keep(_conn, _cursor, statement, *_a) -> None:  # type: ignore[no-untyped-def]
        if "FROM settings" in statement:
            reads.append(statement)

    st.forget_cached()
    event.listen(office_db.engine, "before_cursor_execute", keep)
    try:
        page = ds.board_page(office_db, ds.BoardQuery(), lambda: AT)
        first = len(reads)
        for _ in range(3):
            ds.board_page(office_db, ds.BoardQuery(), lambda: AT)
        cached = len(reads) - first
        st.set_setting(office_db, admin, st.WARNING_HOURS, 6.0)
        after = ds.board_page(office_db, ds.BoardQuery(), lambda: AT)
    finally:
        event.remove(office_db.engine, "before_cursor_execute", keep)
    # the first call reads the two warning keys and the calendar's version token; the next
    # ones the version token only
    assert (first, cached) == (3, 3), reads
    assert page.policy.hours == 4.0 and after.policy.hours == 6.0  # saved: read again


def test_search_index_kept_when_a_migration_rebuilds_the_table(office_db, mixed) -> None:  # type: ignore[no-untyped-def]
    """SQLite batch migrations recreate a table and lose its triggers: the start puts them back
    and refills the index."""
    from tthc_desk.persistence import search_index

    with office_db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER dossiers_fts_ai"))
        conn.execute(text("DELETE FROM dossiers_fts"))
        search_index.ensure(conn)
    page = ds.board_page(office_db, ds.BoardQuery(states=None, text="0011900"), lambda: AT)
    assert len(page.rows) == len(mixed)


def test_nearly_due_thresholds_follow_a_procedure_edited_in_place(  # type: ignore[no-untyped-def]
    office_db, users, procs, clock, build
) -> None:
    d = intake_svc.receive_dossier(
        office_db, users["canbo1"].actor, build.intake(procs.marriage), now=clock
    ).dossier  # Mon 10:00, 3 working days: due Thu 10:00; nearly due under 6 h (a quarter)
    at = datetime(2026, 3, 4, 14, 0)  # Wed 14:00: 6 h left, not yet nearly due
    q = ds.BoardQuery(standing="attention")
    assert [r.id for r in ds.board_page(office_db, q, lambda: at).rows] == []
    with office_db.session() as s:  # the catalogue now says 5 days: a quarter is 10 h
        s.execute(
            text("UPDATE procedures SET time_amount = 5 WHERE id = :p"), {"p": procs.marriage}
        )
    assert [r.id for r in ds.board_page(office_db, q, lambda: at).rows] == [d.id]


def test_kept_page_statements_take_each_calls_moment(office_db, mixed) -> None:  # type: ignore[no-untyped-def]
    """The page's statement is built once per shape of query (issue 14): the moment of the
    call (late, nearly due) and the cursor are parameters, not the first call's values."""
    early, late_at = datetime(2026, 3, 1, 8, 0), datetime(2026, 6, 1, 8, 0)
    for standing in ("late", "attention"):
        q = ds.BoardQuery(standing=standing)
        before = ds.board_page(office_db, q, lambda: early).rows
        after = ds.board_page(office_db, q, lambda: late_at).rows
        again = ds.board_page(office_db, q, lambda: early).rows
        assert before == again and len(after) > len(before), standing
    first = ds.board_page(office_db, ds.BoardQuery(states=None, limit=3), lambda: AT)
    assert first.cursor is not None
    nxt = ds.board_page(office_db, ds.BoardQuery(states=None, limit=3, after=first.cursor))
    nxt2 = ds.board_page(office_db, ds.BoardQuery(states=None, limit=3, after=nxt.cursor))
    ids = [r.id for p in (first, nxt, nxt2) for r in p.rows]
    assert len(ids) == len(set(ids)) == 9
