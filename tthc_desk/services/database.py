"""Opening the database for the UI and the command line (the UI never imports persistence).

Every way ``--db`` can be wrong (not a database, truncated, read-only, an unreachable or
misnamed server, an unsupported URL, a full disk) becomes one ``AppError("db.…")`` whose
Vietnamese sentence says what to do, never a traceback.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from pathlib import Path

from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from tthc_desk.domain.errors import AppError
from tthc_desk.paths import default_db_path
from tthc_desk.persistence.db import Database, resolve_url, upgrade

__all__ = [
    "Database",
    "database_error",
    "default_db_path",
    "open_database",
    "resolve_url",
    "upgrade",
]

log = logging.getLogger(__name__)

#: Error text of the drivers (SQLite, psycopg2) → our code; the first match wins.
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("database or disk is full", "os.disk_full"),
    ("no space left", "os.disk_full"),
    ("file is not a database", "db.not_database"),
    ("malformed", "db.corrupt"),
    ("readonly database", "db.read_only"),
    ("read-only", "db.read_only"),
    ("unable to open database file", "db.cannot_open"),
    ("could not translate host name", "db.unreachable"),
    ("connection refused", "db.unreachable"),
    ("could not connect", "db.unreachable"),
    ("timeout expired", "db.unreachable"),
    ("connection to server", "db.unreachable"),
    ("does not exist", "db.not_found"),
    ("password authentication failed", "db.auth"),
    ("permission denied", "db.denied"),
)


def _shown(target: str | Path) -> str:
    text = str(target)
    if "://" in text:
        from sqlalchemy.engine import make_url

        try:
            return make_url(text).render_as_string(hide_password=True)
        except ArgumentError:
            return text.split("@")[-1]
    return text


def database_error(exc: BaseException, target: str | Path) -> AppError:
    """The ``AppError`` that tells the user what is wrong with the database ``target``."""
    shown = _shown(target)
    if isinstance(exc, AppError):
        return exc
    if isinstance(exc, (ArgumentError, NoSuchModuleError, ImportError)):
        return AppError("db.url", db=shown)
    if isinstance(exc, ValueError):  # a NUL in a path
        return AppError("db.cannot_open", db=shown.replace("\x00", "\\0"))
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return AppError("os.disk_full")
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return AppError("db.read_only", db=shown)
    text = str(getattr(exc, "orig", None) or exc).lower()
    for needle, code in _PATTERNS:
        if needle in text:
            return AppError(code, db=shown)
    return AppError("db.unavailable", db=shown)


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not SQLite, or shorter than its header says (truncated)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as f:
        head = f.read(100)
    if not head.startswith(b"SQLite format 3\x00"):
        raise AppError("db.not_database", db=str(path))
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    counter_ok = head[24:28] == head[92:96]  # the page count is valid only then
    wal = Path(str(path) + "-wal")
    if counter_ok and pages and path.stat().st_size < pages * page_size and not wal.exists():
        raise AppError("db.corrupt", db=str(path))


def open_database(db: str | Path | None = None) -> Database:
    """Open (creating and migrating as needed) the database at ``db`` or the default path.

    Raises ``AppError("db.…")`` (or ``os.disk_full``) for every problem with the database.
    """
    target = db if db else default_db_path()
    try:
        url = resolve_url(target)
        if url.startswith("sqlite"):
            from sqlalchemy.engine import make_url

            name = make_url(url).database
            if name and name != ":memory:":
                _check_sqlite_file(Path(name))
        return Database.open(target)
    except AppError:
        raise
    except (SQLAlchemyError, sqlite3.Error, OSError, ValueError, ImportError) as exc:
        log.warning("Cannot open database %s: %s", _shown(target), type(exc).__name__)
        raise database_error(exc, target) from exc
