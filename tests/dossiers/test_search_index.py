"""Search by index (issue 14): the same queries give the same dossiers and applicants on SQLite
(FTS5 kept in step by triggers) and PostgreSQL (pg_trgm), with or without diacritics, đ
folded, by the start of an ID, a phone or a code; the board and the intake use it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support.postgres import NO_SERVER, PG_URL, backend_database
from tthc_desk.persistence.db import Database
from tthc_desk.services import dossiers as ds
from tthc_desk.services import intake as intake_svc

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason=NO_SERVER)],
    ),
]

PEOPLE = [  # name, personal ID, phone
    ("Nguyễn Văn A", "030085001234", "0912345678"),
    ("Nguyễn Văn Anh", "001190004321", "0987654321"),
    ("Đặng Thị Đào", "036185009876", "0345678901"),
    ("Trần Văn Bình", "001090001111", ""),
    ("Lê Đức Nguyên", "034088002222", "0912999888"),
]


@pytest.fixture(params=BACKENDS)
def db(request, db_path: Path) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    """This module's ``db``: the migrated SQLite file, and the same on PostgreSQL."""
    with backend_database(request.param, db_path) as database:
        yield database


@pytest.fixture
def people(office_db, users, procs, clock, build) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """One dossier for each of PEOPLE, received on 2 March 2026: {name: dossier code}."""
    codes = {}
    for name, pid, phone in PEOPLE:
        cmd = build.intake(
            procs.marriage,
            applicant=build.applicant(full_name=name, personal_id=pid, phone=phone, birth_date=""),
        )
        codes[name] = intake_svc.receive_dossier(
            office_db, users["canbo1"].actor, cmd, now=clock
        ).dossier.code
    return codes


def board_names(db: Database, query: str) -> set[str]:
    page = ds.board_page(db, ds.BoardQuery(states=None, text=query), lambda: datetime(2026, 3, 3))
    return {r.applicant_name for r in page.rows}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van a", {"Nguyễn Văn A", "Nguyễn Văn Anh"}),
        ("Nguyễn Văn A", {"Nguyễn Văn A", "Nguyễn Văn Anh"}),
        ("NGUYEN VAN ANH", {"Nguyễn Văn Anh"}),
        ("dang dao", {"Đặng Thị Đào"}),  # đ folded
        ("đào", {"Đặng Thị Đào"}),
        ("nguyen", {"Nguyễn Văn A", "Nguyễn Văn Anh", "Lê Đức Nguyên"}),  # a word's start
        ("guyen", set()),  # not the middle of a word
        ("ngu van", set()),  # only the last word, the one being typed, may be a word's start
        ("van ngu", {"Nguyễn Văn A", "Nguyễn Văn Anh"}),
        ("0300850", {"Nguyễn Văn A"}),  # personal ID prefix
        ("0912", {"Nguyễn Văn A", "Lê Đức Nguyên"}),  # phone prefix
        ("0987654321", {"Nguyễn Văn Anh"}),
        ("0", set(n for n, _i, _p in PEOPLE)),  # one or two first digits (every code's
        ("03", {"Nguyễn Văn A", "Đặng Thị Đào", "Lê Đức Nguyên"}),  # number starts with 0)
        ("09", {"Nguyễn Văn A", "Nguyễn Văn Anh", "Lê Đức Nguyên"}),
        ("1", set()),
        ("nguyen 03", {"Nguyễn Văn A", "Lê Đức Nguyên"}),
        ("binh 001090", {"Trần Văn Bình"}),  # every word must match
        ("binh 0912", set()),
        ('"%_*', set()),  # punctuation only: no word, no match, no error
    ],
)
def test_board_search_same_on_both_databases(office_db, people, query, expected) -> None:  # type: ignore[no-untyped-def]
    if not any(c.isalnum() for c in query):
        assert board_names(office_db, query) == set(board_names(office_db, ""))
        return
    assert board_names(office_db, query) == expected


def test_search_by_code_and_its_parts(office_db, people) -> None:  # type: ignore[no-untyped-def]
    code = people["Đặng Thị Đào"]  # XANSON-260302-0003
    assert board_names(office_db, code) == {"Đặng Thị Đào"}
    assert board_names(office_db, code.lower()) == {"Đặng Thị Đào"}
    assert board_names(office_db, code[:-1]) == set(people)  # …-000 is every code of the day
    assert board_names(office_db, "260302-0003") == {"Đặng Thị Đào"}


def test_intake_finds_returning_applicants(office_db, people) -> None:  # type: ignore[no-untyped-def]
    def names(query: str) -> list[str]:
        return [m.full_name for m in intake_svc.search_applicants(office_db, query)]

    assert names("nguyen van a") == ["Nguyễn Văn A", "Nguyễn Văn Anh"]
    assert names("Đào") == ["Đặng Thị Đào"]
    assert names("0345") == ["Đặng Thị Đào"]
    assert names("00119000") == ["Nguyễn Văn Anh"]
    assert names("") == [] and names("khong co ai") == []
    found = intake_svc.search_applicants(office_db, "036185009876")[0]
    assert (found.personal_id, found.phone) == ("036185009876", "0345678901")


def test_index_follows_changes(office_db, people) -> None:  # type: ignore[no-untyped-def]
    """Triggers (SQLite) keep the index in step with every insert, update and delete."""
    with office_db.session() as s:
        s.execute(
            text("UPDATE applicants SET name_folded = 'tran van binh moi' WHERE personal_id = :p"),
            {"p": "001090001111"},
        )
        s.execute(
            text(
                "UPDATE dossiers SET search_key = 'xanson-260302-0004 tran van binh moi'"
                " WHERE code = :c"
            ),
            {"c": people["Trần Văn Bình"]},
        )
    assert board_names(office_db, "binh moi") == {"Trần Văn Bình"}
    assert [m.full_name for m in intake_svc.search_applicants(office_db, "moi")] == [
        "Trần Văn Bình"
    ]
    with office_db.session() as s:
        s.execute(text("DELETE FROM dossier_events"))
        s.execute(text("DELETE FROM step_runs"))
        s.execute(text("DELETE FROM received_documents"))
        s.execute(text("DELETE FROM dossiers WHERE code = :c"), {"c": people["Trần Văn Bình"]})
    assert board_names(office_db, "binh") == set()


def test_search_uses_the_index(office_db, people) -> None:  # type: ignore[no-untyped-def]
    """The query plan goes through the FTS5 table (SQLite) or the trigram index (PostgreSQL)."""
    from sqlalchemy import select

    from tthc_desk.persistence.models import Dossier

    with office_db.session() as s:
        stmt = select(Dossier.id).where(ds.dossier_text_condition(s, "nguyen van a"))
        sql = stmt.compile(s.get_bind(), compile_kwargs={"literal_binds": True})
        if office_db.is_sqlite:
            plan = " | ".join(r[3] for r in s.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
            assert "VIRTUAL TABLE INDEX" in plan and "dossiers_fts" in plan, plan
        else:
            s.execute(text("SET LOCAL enable_seqscan = off"))
            plan = " | ".join(r[0] for r in s.execute(text(f"EXPLAIN {sql}")))
            assert "ix_dossiers_search_trgm" in plan, plan


def test_intake_page_lists_returning_applicants(qtbot, office_db, users, people) -> None:  # type: ignore[no-untyped-def]
    """At the counter: typing the start of a phone number lists the known applicant; Enter on
    the list fills the ID and the rest of the applicant."""
    from PySide6.QtCore import Qt
    from test_gui_life import make_ctx  # type: ignore[import-not-found]

    from tthc_desk.ui.intake_page import IntakePage

    page = IntakePage(make_ctx(office_db, users))
    qtbot.addWidget(page)
    page.show()
    page.personal_id.setFocus()
    qtbot.keyClicks(page.personal_id, "0345")
    finder = page.applicant_finder
    popup = finder.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert finder.model.stringList() == ["Đặng Thị Đào — 036185009876 — 0345678901 — 1985"]
    popup.setCurrentIndex(finder.completer.completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert page.personal_id.text() == "036185009876"
    assert page.full_name.text() == "Đặng Thị Đào"
    popup.hide()
    finder.search()  # a whole ID: no list, the ID itself finds the applicant
    assert not popup.isVisible()


def test_short_prefixes_read_the_prefix_indexes(office_db, people) -> None:  # type: ignore[no-untyped-def]
    """SQLite (migration 0019): the FTS5 tables keep prefix indexes of one to four characters,
    so "0" or "03" reads one list instead of merging every ID and phone starting with it."""
    if not office_db.is_sqlite:
        pytest.skip("FTS5 is SQLite's; PostgreSQL's trigram index serves prefixes as it is")
    with office_db.engine.connect() as conn:
        for table in ("dossiers_fts", "applicants_fts"):
            sql = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
            ).scalar()
            assert "prefix='1 2 3 4'" in sql, sql


@pytest.mark.parametrize("mode", ["list", "probe"])
@pytest.mark.parametrize("query", ["0", "03", "nguyen", "nguyen van a", "0912", "khong co"])
def test_many_matches_walk_the_board_in_order(office_db, people, monkeypatch, mode, query) -> None:  # type: ignore[no-untyped-def]
    """A search that matches many dossiers ("0", "03": most of a commune's IDs share the
    province's digits) walks the board's due-date index and keeps the matches (from a list
    built once, or checking each row in the FTS5 index) instead of sorting them all: same
    rows, same order, no sort (SQLite; PostgreSQL plans for itself)."""
    from sqlalchemy import event

    from tthc_desk.persistence import search_index

    def page(states):  # type: ignore[no-untyped-def]
        got = ds.board_page(
            office_db, ds.BoardQuery(states=states, text=query), lambda: datetime(2026, 3, 3)
        )
        return [r.id for r in got.rows]

    open_states = ds.BoardQuery().states
    before = (page(None), page(open_states))
    monkeypatch.setattr(search_index, "plan", lambda *_a: mode)  # as for a large commune
    seen: list[tuple[str, object]] = []

    def keep(_c, _cur, stmt, params, _ctx, _many) -> None:  # type: ignore[no-untyped-def]
        if "ORDER BY dossiers.due_at" in stmt:
            seen.append((stmt, params))

    event.listen(office_db.engine, "before_cursor_execute", keep)
    try:
        assert (page(None), page(open_states)) == before
    finally:
        event.remove(office_db.engine, "before_cursor_execute", keep)
    if office_db.is_sqlite and before[0]:
        with office_db.engine.connect() as conn:
            plan = " | ".join(
                r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {seen[0][0]}", seen[0][1])
            )
        assert "ix_dossiers_due" in plan and "USE TEMP B-TREE" not in plan, plan


def test_search_plan_follows_how_many_match(office_db, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Most rows match a short prefix: check each row; many match: a list; few: sort them."""
    from tthc_desk.persistence import search_index

    def plan(query: str) -> str:
        with office_db.engine.connect() as conn:
            return search_index.plan(conn, search_index.DOSSIERS, query)

    if not office_db.is_sqlite:
        assert plan("0") == ""  # PostgreSQL's planner has the statistics
        return
    # "0": 5 of 5, "ng": 3 of 5 — short prefixes (one prefix doclist each); "nguyen" and
    # "xanson" match as many but are longer (a row check could merge many doclists)
    got = [plan(q) for q in ("0", "ng", "0912", "nguyen", "xanson")]
    assert got == ["probe", "probe", "", "", ""]
    monkeypatch.setattr(search_index, "MANY", 2)
    assert (plan("0912"), plan("0987654321"), plan("khong")) == ("list", "", "")
