"""Backups of the office's SQLite database (online, WAL-safe) with the document store beside it."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tthc_desk.domain.errors import AppError
from tthc_desk.persistence.db import Database


@dataclass(frozen=True)
class BackupResult:
    database: Path
    files: Path | None
    size: int


def backup(
    db: Database, out: Path, *, with_files: bool = True, now: datetime | None = None
) -> BackupResult:
    """Copy the live database to ``out`` (a folder: a timestamped name is made inside it).

    Uses SQLite's backup API, so the copy is consistent while counter PCs keep working. The
    document store is copied beside it (files are content-addressed: existing ones are kept).
    A PostgreSQL database is backed up with the server's own tools (pg_dump), not here.
    """
    source = db.file_path
    if source is None:
        raise AppError("backup.not_sqlite")
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = out / f"{source.stem}-{stamp}.sqlite3" if out.is_dir() or not out.suffix else out
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise AppError("backup.exists", path=str(target))
    partial = target.with_name(target.name + ".part")
    try:
        src = sqlite3.connect(str(source))
        try:
            dst = sqlite3.connect(str(partial))
            with dst:
                src.backup(dst)
            check = dst.execute("PRAGMA integrity_check").fetchone()
            dst.close()
        finally:
            src.close()
        if check != ("ok",):
            raise AppError("backup.corrupt", detail=str(check))
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        if exc.errno == 28:
            raise AppError("os.disk_full") from exc
        raise
    files_copy: Path | None = None
    store = source.with_name(source.stem + "-files")
    if with_files and store.is_dir():
        files_copy = target.with_name(target.stem + "-files")
        shutil.copytree(store, files_copy, dirs_exist_ok=True)
    return BackupResult(target, files_copy, target.stat().st_size)
