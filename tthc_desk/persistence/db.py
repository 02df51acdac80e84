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


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite connections get foreign keys, WAL and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        # Let SQLAlchemy emit BEGIN itself so writers take the lock at the first write.
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


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
    """Copy a live SQLite file (WAL-safe, through the backup API) before migrating it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-{revision or 'empty'}-{stamp}{path.suffix}")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    return target


def upgrade(url: str, engine: Engine | None = None) -> Path | None:
    """Bring the database to the newest migration; keep a copy of an SQLite file first.

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
        if (
            current is not None
            and parsed.get_backend_name() == "sqlite"
            and parsed.database
            and Path(parsed.database).exists()
        ):
            backup = _backup_sqlite(Path(parsed.database), current)
            log.info("Backed up %s to %s before migrating", parsed.database, backup)
        from alembic import command

        cfg = alembic_config(url)
        with eng.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            search_index.ensure(conn)  # a table rebuilt by a migration loses its triggers
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
        return cls(url=url, engine=engine)

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

        fp = self.file_path
        base = fp.with_name(fp.stem + "-files") if fp else data_dir() / "files"
        base.mkdir(parents=True, exist_ok=True)
        return base

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
