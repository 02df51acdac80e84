"""Text search by index: SQLite FTS5 tables kept in step by triggers, PostgreSQL trigram indexes.

What is indexed is already folded (``domain.text.fold``: no diacritics, đ → d, lower case):
the dossiers' ``search_key`` (code, applicant's name, personal ID, phone) and the applicants'
folded name, personal ID and phone. A query term matches a run of whole tokens; the last term,
the one being typed, may end in a prefix ("nguyen van a" finds "Nguyễn Văn Anh"; "0300850"
finds an ID; "260302-00" a code), the same on both databases: FTS5 phrase-prefix queries on SQLite, the equivalent regular
expression over a ``pg_trgm`` GIN index on PostgreSQL.

The index objects are not in the ORM models; :func:`include_object` keeps them out of the
models-versus-database comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, column, literal_column, select, table, text, true
from sqlalchemy.engine import Connection

_TOKEN = re.compile(r"[^\W_]+")  # FTS5 unicode61: letters and digits; everything else splits


@dataclass(frozen=True)
class SearchIndex:
    """One searched table: the FTS5 table ``<table>_fts`` over ``columns`` (SQLite), the
    trigram index ``ix_<table>_search_trgm`` over their concatenation (PostgreSQL)."""

    table: str
    columns: tuple[str, ...]

    @property
    def fts(self) -> str:
        return f"{self.table}_fts"

    @property
    def trgm(self) -> str:
        return f"ix_{self.table}_search_trgm"

    def pg_expression(self, prefix: str = "") -> str:
        """The searched text on PostgreSQL (immutable, so it can be indexed)."""
        return " || ' ' || ".join(f"coalesce({prefix}{c}, '')" for c in self.columns)


DOSSIERS = SearchIndex("dossiers", ("search_key",))
APPLICANTS = SearchIndex("applicants", ("name_folded", "personal_id", "phone"))
INDEXES = (DOSSIERS, APPLICANTS)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic's filter: leave the search tables, their shadow tables and indexes alone."""
    if not name:
        return True
    for ix in INDEXES:
        if name == ix.trgm or name == ix.fts or name.startswith(ix.fts + "_"):
            return False
    return True


# ------------------------------------------------------------------------------ DDL


PREFIXES = "1 2 3 4"
"""FTS5 prefix indexes (migration 0019): a query for the first one to four characters of a
token ("0", "03", "0912") reads one ready list instead of merging the lists of every ID, phone
or code starting with them (tens of thousands in a commune: most IDs share the province's
first three digits)."""


def _sqlite_ddl(ix: SearchIndex, prefixes: str = PREFIXES) -> list[str]:
    cols = ", ".join(ix.columns)
    prefix = f", prefix='{prefixes}'" if prefixes else ""
    new = ", ".join(f"new.{c}" for c in ix.columns)
    old = ", ".join(f"old.{c}" for c in ix.columns)
    delete = f"INSERT INTO {ix.fts}({ix.fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {ix.fts}(rowid, {cols}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {ix.fts} USING fts5({cols}, content='{ix.table}', "
        f"content_rowid='id', tokenize='unicode61 remove_diacritics 2'{prefix})",
        f"CREATE TRIGGER IF NOT EXISTS {ix.fts}_ai AFTER INSERT ON {ix.table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {ix.fts}_ad AFTER DELETE ON {ix.table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {ix.fts}_au AFTER UPDATE OF {cols} ON {ix.table} "
        f"BEGIN {delete} {insert} END",
    ]


def create(conn: Connection, prefixes: str = PREFIXES) -> None:
    """Create the search indexes and fill them from the rows already there (``prefixes``: the
    FTS5 prefix indexes, as of migration 0019)."""
    if conn.dialect.name == "sqlite":
        for ix in INDEXES:
            for sql in _sqlite_ddl(ix, prefixes):
                conn.exec_driver_sql(sql)
            conn.exec_driver_sql(f"INSERT INTO {ix.fts}({ix.fts}) VALUES ('rebuild')")
        return
    if conn.dialect.name == "postgresql" and pg_trgm_available(conn):
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for ix in INDEXES:
            conn.exec_driver_sql(
                f"CREATE INDEX IF NOT EXISTS {ix.trgm} ON {ix.table} "
                f"USING gin (({ix.pg_expression()}) gin_trgm_ops)"
            )


def drop(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for ix in INDEXES:
            for suffix in ("ai", "ad", "au"):
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {ix.fts}_{suffix}")
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {ix.fts}")
    elif conn.dialect.name == "postgresql":
        for ix in INDEXES:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {ix.trgm}")


def pg_trgm_available(conn: Connection) -> bool:
    return bool(
        conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).scalar()
    )


def ensure(conn: Connection) -> None:
    """Recreate what a migration that rebuilt a table (SQLite batch mode drops the table's
    triggers) left out, and refill the index; nothing when all is there."""
    if conn.dialect.name != "sqlite":
        return
    names = set(
        conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"
        ).scalars()
    )
    wanted = {ix.fts for ix in INDEXES} | {
        f"{ix.fts}_{s}" for ix in INDEXES for s in ("ai", "ad", "au")
    }
    if not wanted <= names:
        create(conn)


# ------------------------------------------------------------------------------ queries


def query_phrases(text_: str) -> list[list[str]]:
    """The tokens of each term of a folded query (terms split on white space; a term's tokens
    are its runs of letters and digits)."""
    phrases = []
    for term in text_.split():
        tokens = _TOKEN.findall(term)
        if tokens:
            phrases.append(tokens)
    return phrases


def fts_query(phrases: list[list[str]]) -> str:
    """FTS5 MATCH text: every term a phrase, all required; the last term, still being typed,
    ends in a prefix (whole words before it match whole words: fast on common names)."""
    last = len(phrases) - 1
    return " ".join(
        '"' + " ".join(tokens) + '"' + ("*" if i == last else "")
        for i, tokens in enumerate(phrases)
    )


def pg_pattern(tokens: list[str], prefix: bool = True) -> str:
    """The PostgreSQL regular expression equivalent to one FTS5 phrase term (``prefix``: its
    last token may go on)."""
    body = "(^|[^[:alnum:]])" + "[^[:alnum:]]+".join(re.escape(t) for t in tokens)
    return body if prefix else body + "([^[:alnum:]]|$)"


MANY = 2000
"""From this many matches a page is found faster by walking the board's own index in order and
keeping the matching rows (found in a list built once) than by sorting every match."""

SAMPLE = 2000
"""How many of the newest rows :func:`plan` checks to see how dense the matches are."""


def plan(conn: Connection, ix: SearchIndex, folded_query: str) -> str:
    """How a page of ``ix.table`` in another index's order should use the search (SQLite):

    - ``"probe"``: walk that order and check each row against the FTS5 index, when at least
      half of the newest :data:`SAMPLE` rows match and the typed prefix has at most four
      characters (a seek in one prefix doclist per row: "0", "03", "030" — most of a
      commune's IDs start with its province's digits);
    - ``"list"``: walk it and keep the rows found in the list of matches, from :data:`MANY`
      matches (the list built once: cheaper than sorting every match);
    - ``""``: fetch the matches and sort them (a few).

    Both counts read at most a few thousand entries of the index (a fraction of a
    millisecond)."""
    phrases = query_phrases(folded_query)
    if conn.dialect.name != "sqlite" or not phrases:
        return ""
    query = fts_query(phrases)
    if len(phrases[-1][-1]) <= 4:
        newest = conn.exec_driver_sql(f"SELECT max(rowid) FROM {ix.table}").scalar() or 0
        dense = conn.exec_driver_sql(
            f"SELECT count(*) FROM {ix.fts} WHERE {ix.fts} MATCH ? AND rowid > ?",
            (query, newest - SAMPLE),
        ).scalar()
        if 2 * int(dense or 0) >= min(SAMPLE, newest) > 0:
            return "probe"
    found = conn.exec_driver_sql(
        f"SELECT count(*) FROM (SELECT rowid FROM {ix.fts} WHERE {ix.fts} MATCH ? LIMIT ?)",
        (query, MANY),
    ).scalar()
    return "list" if int(found or 0) >= MANY else ""


def matching_ids(
    dialect: str, ix: SearchIndex, folded_query: str, id_column: Any, *, walk: str = ""
) -> ColumnElement[bool]:
    """SQL condition: ``id_column`` is the id of a row of ``ix.table`` matching every term of
    ``folded_query`` (already folded). True when the query has no term. ``walk`` (SQLite, from
    :func:`plan`): the id is not used to look rows up, so the query's order comes from its
    other index, and each row is checked in the list of matches (``"list"``) or against the
    FTS5 index itself (``"probe"``)."""
    phrases = query_phrases(folded_query)
    if not phrases:
        return true()
    if dialect == "sqlite":
        match = text(f"{ix.fts} MATCH :fts_q").bindparams(fts_q=fts_query(phrases))
        if walk == "probe":
            fts = table(ix.fts, column("rowid"))
            return select(literal_column("1")).where(match, fts.c.rowid == id_column).exists()
        sub = select(literal_column("rowid")).select_from(text(ix.fts)).where(match)
        return (id_column + 0 if walk else id_column).in_(sub)  # type: ignore[no-any-return]
    searched = literal_column(f"({ix.pg_expression(ix.table + '.')})")
    last = len(phrases) - 1
    conds = [
        searched.regexp_match(pg_pattern(tokens, i == last)) for i, tokens in enumerate(phrases)
    ]
    sub = select(literal_column(f"{ix.table}.id")).select_from(text(ix.table)).where(and_(*conds))
    return id_column.in_(sub)
