"""Opening the database for the UI and the command line (the UI never imports persistence)."""

from __future__ import annotations

from pathlib import Path

from tthc_desk.paths import default_db_path
from tthc_desk.persistence.db import Database, resolve_url, upgrade

__all__ = ["Database", "open_database", "default_db_path", "resolve_url", "upgrade"]


def open_database(db: str | Path | None = None) -> Database:
    """Open (creating and migrating as needed) the database at ``db`` or the default path."""
    return Database.open(db if db else default_db_path())
