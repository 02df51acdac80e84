"""Database engine set-up (SQLite pragmas or PostgreSQL), migrations with backup, sessions."""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from tthc_desk.persistence import search_index

if TYPE_CHECKING:  # alembic is imported only when a database must be migrated
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def resolve_url(db: str | Path) -> str:
    """Turn ``--db`` (a file path or an SQLAlchemy URL) into a URL."""
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


#: SQLite's ``synchronous`` setting; only the durability benchmark changes it (to compare).
SQLITE_SYNCHRONOUS = "FULL"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: in WAL mode every commit is fsynced, so an intake whose receipt is printed survives
    # a power cut (NORMAL may lose the last commits; see benchmarks/README.md for the cost).
    cur.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite connections get foreign keys, WAL and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters: an error's message never carries a citizen's data into the log.
        engine = create_engine(url, connect_args={"timeout": 10}, hide_parameters=True, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        # Let SQLAlchemy emit BEGIN itself so writers take the lock at the first write.
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def head_revision() -> str:
    """The newest migration's id, read from the ``revision =`` / ``down_revision =`` lines of
    the migration files (without importing alembic, for a fast start); alembic decides when the
    files do not name exactly one head."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev is None or down is None:
            return _alembic_head()
        revisions.add(rev[1])
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down[1]))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else _alembic_head()


def _alembic_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's migration id (None when it has none, or several)."""
    with engine.connect() as conn:
        try:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        except DBAPIError:
            return None
    return rows[0][0] if len(rows) == 1 else None


def _backup_sqlite(path: Path, revision: str | None) -> Path:
    """Copy a live SQLite file (WAL-safe, through the backup API) before migrating it.

    One copy per revision: a retry refreshes the copy made by an earlier attempt instead of
    adding another (the copy is written under a temporary name, then put in place).
    """
    from tthc_desk.private_files import make_private

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    prefix = f"{path.stem}.before-{revision or 'empty'}-"
    target = path.with_name(f"{prefix}{stamp}{path.suffix}")
    partial = target.with_name(target.name + ".part")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(partial))
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    make_private(partial)
    for older in path.parent.glob(f"{prefix}*{path.suffix}"):
        older.unlink(missing_ok=True)
    partial.replace(target)
    return target


#: Test hook of the fault-injection suite: the process dies (as under ``kill -9``) when the
#: migration is about to run its N-th SQL statement. Never set outside tests.
KILL_AT_SQL_ENV = "TTHC_FAULT_KILL_AT_MIGRATION_SQL"


def _migration_engine(url: str) -> Engine:
    """An SQLite engine whose migration runs in ONE transaction, DDL included.

    pysqlite opens transactions only before INSERT/UPDATE/DELETE, so by default each
    ``CREATE``/``DROP``/``ALTER`` of a batch migration commits on its own and a crash between
    two of them leaves a half-upgraded file. With the driver's own transaction handling off
    (``isolation_level=None``) and an explicit ``BEGIN IMMEDIATE``, SQLite's transactional DDL
    makes the whole upgrade, version stamp included, all or nothing (SQLAlchemy's documented
    pysqlite recipe).
    """
    import os

    from sqlalchemy import pool

    engine = create_engine(
        url,
        connect_args={"timeout": 30, "isolation_level": None},
        poolclass=pool.NullPool,
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    kill_at = os.environ.get(KILL_AT_SQL_ENV)
    if kill_at:
        seen = [0]

        @event.listens_for(engine, "before_cursor_execute")
        def _kill(*_args: Any) -> None:
            seen[0] += 1
            if seen[0] == int(kill_at):
                os._exit(137)

    return engine


def upgrade(url: str, engine: Engine | None = None) -> Path | None:
    """Bring the database to the newest migration; keep a copy of an SQLite file first.

    On SQLite the whole upgrade is one transaction (see :func:`_migration_engine`): a crash or
    an error leaves the database at its old revision, and the next start simply tries again.
    Returns the backup's path when one was made.
    """
    own = engine is None
    eng = engine or make_engine(url)
    try:
        current = current_revision(eng)
        head = head_revision()
        if current == head:
            return None
        backup: Path | None = None
        parsed = make_url(url)
        sqlite = parsed.get_backend_name() == "sqlite"
        if current is not None and sqlite and parsed.database and Path(parsed.database).exists():
            backup = _backup_sqlite(Path(parsed.database), current)
            log.info("Backed up %s to %s before migrating", parsed.database, backup)
        from alembic import command

        cfg = alembic_config(url)
        runner = _migration_engine(url) if sqlite and parsed.database else eng
        try:
            with runner.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                search_index.ensure(conn)  # a table rebuilt by a migration loses its triggers
        finally:
            if runner is not eng:
                runner.dispose()
        return backup
    finally:
        if own:
            eng.dispose()


@dataclass
class Database:
    """The open database: engine plus a session factory (one session per user action)."""

    url: str
    engine: Engine
    _factory: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Built once: every user action opens a session through it.
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def open(cls, db: str | Path, *, migrate: bool = True) -> Database:
        url = resolve_url(db)
        engine = make_engine(url)
        if migrate:
            upgrade(url, engine)
        database = cls(url=url, engine=engine)
        if database.file_path is not None:
            from tthc_desk.private_files import make_private

            # SQLite gives the -wal and -shm files the database file's own mode.
            for suffix in ("", "-wal", "-shm"):
                make_private(str(database.file_path) + suffix)
        return database

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_name(self) -> str:
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite":
            return str(parsed.database)
        return parsed.render_as_string(hide_password=True)

    @property
    def file_path(self) -> Path | None:
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            return Path(parsed.database)
        return None

    def files_dir(self) -> Path:
        """The document store beside the database file (or in the data folder for a server)."""
        from tthc_desk.paths import data_dir
        from tthc_desk.private_files import private_dir

        fp = self.file_path
        base = fp.with_name(fp.stem + "-files") if fp else data_dir() / "files"
        return private_dir(base)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        with self._factory() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
