"""Backups of the office's SQLite database and document store as one verified folder; restore.

A backup is one folder ``<name>-backup-YYYYMMDD-HHMMSS`` holding ``database.sqlite3`` (an
online, WAL-safe copy through SQLite's backup API), ``files/`` (the document store) and
``manifest.json`` (SHA-256 and size of every file, row counts, the newest dossier). It is
written under a hidden temporary name (``.…partial``), checked against its manifest, flushed
to disk and only then renamed: a folder with the final name is always complete. A kill or a
full disk leaves at most a ``.partial`` folder, which the next backup removes.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tthc_desk.domain.enums import Role
from tthc_desk.domain.errors import AppError, Forbidden
from tthc_desk.persistence.db import Database
from tthc_desk.services.common import Actor, audit

MANIFEST = "manifest.json"
DATABASE = "database.sqlite3"
FILES = "files"
FORMAT = 1
PARTIAL = ".partial"
#: Tables whose row counts the manifest records (and the restore page shows).
COUNTED = ("dossiers", "applicants", "digital_documents", "users", "audit_log")
#: Test hook of the fault-injection suite: die (as under ``kill -9``) after copying N store
#: files. Never set outside tests.
KILL_AFTER_FILES_ENV = "TTHC_FAULT_KILL_BACKUP_AFTER_FILES"


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds, read from its manifest (shown before a restore)."""

    folder: Path
    created_at: datetime
    revision: str | None
    counts: dict[str, int]
    newest_dossier: str | None
    newest_received_at: str | None
    files: int
    size: int


@dataclass(frozen=True)
class BackupResult:
    folder: Path
    database: Path
    files: Path | None
    size: int
    info: BackupInfo


@dataclass(frozen=True)
class RestoreResult:
    info: BackupInfo
    replaced: Path  # where the data that was replaced was kept


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _fsync_tree(root: Path) -> None:
    """Flush every file and folder under ``root`` to disk (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        return
    for p in [*root.rglob("*"), root]:
        fd = os.open(p, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _os_error(exc: OSError, path: Path) -> AppError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return AppError("os.disk_full")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return AppError("backup.denied", path=str(path))
    return AppError("backup.failed", path=str(path), detail=exc.strerror or str(exc))


def _describe(con: sqlite3.Connection) -> dict[str, Any]:
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    counts = {
        t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in COUNTED if t in tables
    }
    newest = None
    if "dossiers" in tables:
        newest = con.execute(
            "SELECT code, received_at FROM dossiers ORDER BY received_at DESC, id DESC LIMIT 1"
        ).fetchone()
    revision = None
    if "alembic_version" in tables:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    return {
        "counts": counts,
        "newest_dossier": newest[0] if newest else None,
        "newest_received_at": str(newest[1]) if newest and newest[1] else None,
        "revision": revision,
    }


def _copy_store(store: Path, target: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    kill_after = int(os.environ.get(KILL_AFTER_FILES_ENV) or 0)
    for src in sorted(p for p in store.rglob("*") if p.is_file()):
        rel = src.relative_to(store)
        if rel.parts[0].startswith(".") or src.name.endswith((".tmp", PARTIAL)):
            continue  # the store's own temporary files
        dst = target / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        entries.append({"path": rel.as_posix(), "size": dst.stat().st_size, "sha256": _sha256(dst)})
        if kill_after and len(entries) == kill_after:
            os._exit(137)
    return entries


def _info(folder: Path, manifest: dict[str, Any]) -> BackupInfo:
    files = manifest.get("files", [])
    return BackupInfo(
        folder=folder,
        created_at=datetime.fromisoformat(manifest["created_at"]),
        revision=manifest.get("revision"),
        counts=dict(manifest.get("counts", {})),
        newest_dossier=manifest.get("newest_dossier"),
        newest_received_at=manifest.get("newest_received_at"),
        files=len(files),
        size=int(manifest["database"]["size"]) + sum(int(f["size"]) for f in files),
    )


def verify_backup(folder: Path) -> BackupInfo:
    """Check a backup folder against its manifest (every hash, size and the database's
    integrity); ``AppError("backup.invalid", reason=…)`` when anything is missing or altered."""
    folder = Path(folder)
    if folder.name.endswith(PARTIAL):
        raise AppError("backup.invalid", path=str(folder), reason="partial")
    return _verify(folder)


def _verify(folder: Path) -> BackupInfo:
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise AppError("backup.invalid", path=str(folder), reason="manifest")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        db_entry = manifest["database"]
        if manifest.get("format") != FORMAT:
            raise AppError("backup.invalid", path=str(folder), reason="format")
        entries = [db_entry | {"path": DATABASE}] + [
            f | {"path": f"{FILES}/{f['path']}"} for f in manifest.get("files", [])
        ]
        for entry in entries:
            p = folder / entry["path"]
            if not p.is_file():
                raise AppError(
                    "backup.invalid", path=str(folder), reason=f"missing:{entry['path']}"
                )
            if p.stat().st_size != int(entry["size"]) or _sha256(p) != entry["sha256"]:
                raise AppError(
                    "backup.invalid", path=str(folder), reason=f"altered:{entry['path']}"
                )
        con = sqlite3.connect(f"file:{folder / DATABASE}?mode=ro", uri=True)
        try:
            if con.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise AppError("backup.invalid", path=str(folder), reason="integrity")
        finally:
            con.close()
        return _info(folder, manifest)
    except (KeyError, TypeError, ValueError, sqlite3.Error) as exc:
        raise AppError("backup.invalid", path=str(folder), reason="manifest") from exc
    except OSError as exc:
        raise _os_error(exc, folder) from exc


def list_backups(out: Path) -> list[Path]:
    """Complete-looking backup folders in ``out`` (final names only), oldest first."""
    if not out.is_dir():
        return []
    found = [
        p
        for p in out.iterdir()
        if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST).is_file()
    ]
    return sorted(found, key=lambda p: p.name.rsplit("-backup-", 1)[-1])


def prune(out: Path, keep: int) -> list[Path]:
    """Delete the oldest backups in ``out`` beyond the newest ``keep``; returns those removed."""
    backups = list_backups(out)
    gone = backups[: max(0, len(backups) - max(1, keep))]
    for p in gone:
        shutil.rmtree(p, ignore_errors=True)
    return gone


def backup(
    db: Database,
    out: Path,
    *,
    actor: Actor | None = None,
    with_files: bool = True,
    keep: int | None = None,
    now: datetime | None = None,
) -> BackupResult:
    """Write a verified backup folder inside ``out`` (see the module's docstring).

    Uses SQLite's backup API, so the copy is consistent while counter PCs keep working. The
    backup holds citizens' personal data: it is audited (who, where, how many rows) and its
    folder is private to the user. A PostgreSQL database is backed up with the server's own
    tools (pg_dump), not here.
    """
    from tthc_desk.private_files import private_dir, private_tree

    if actor is not None:  # None: the app's own automatic backup (daily, on closing)
        actor.require(Role.ADMIN)
    source = db.file_path
    if source is None:
        raise AppError("backup.not_sqlite")
    at = now or datetime.now().replace(microsecond=0)
    name = f"{source.stem}-backup-{at.strftime('%Y%m%d-%H%M%S')}"
    target = Path(out) / name
    if target.exists():
        raise AppError("backup.exists", path=str(target))
    partial = Path(out) / f".{name}{PARTIAL}"
    try:
        private_dir(out)
        for stale in Path(out).glob(f".*{PARTIAL}"):  # left by a killed or failed backup
            shutil.rmtree(stale, ignore_errors=True)
        private_dir(partial)
        copy = partial / DATABASE
        src = sqlite3.connect(str(source))
        try:
            dst = sqlite3.connect(str(copy))
            try:
                with dst:
                    src.backup(dst)
                check = dst.execute("PRAGMA integrity_check").fetchone()
                described = _describe(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        if check != ("ok",):
            raise AppError("backup.corrupt", detail=str(check))
        files: list[dict[str, Any]] = []
        store = source.with_name(source.stem + "-files")
        if with_files and store.is_dir():
            files = _copy_store(store, partial / FILES)
        manifest = {
            "format": FORMAT,
            "app": "TTHC Desk",
            "created_at": at.isoformat(),
            "source": source.name,
            "database": {"size": copy.stat().st_size, "sha256": _sha256(copy)},
            "files": files,
            **described,
        }
        tmp_manifest = partial / (MANIFEST + ".tmp")
        tmp_manifest.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        tmp_manifest.replace(partial / MANIFEST)
        private_tree(partial)
        _fsync_tree(partial)
        info = _verify(partial)
        partial.rename(target)
    except sqlite3.Error as exc:
        shutil.rmtree(partial, ignore_errors=True)
        if "full" in str(exc).lower():
            raise AppError("os.disk_full") from exc
        raise AppError("backup.failed", path=str(target), detail=str(exc)) from exc
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise _os_error(exc, target) from exc
    except AppError:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    info = BackupInfo(**{**info.__dict__, "folder": target})
    with db.session() as s:
        audit(
            s, actor, "export", "backup", None,
            folder=target.name, rows=sum(info.counts.values()), files=info.files, **info.counts,
        )  # fmt: skip
    if keep:
        prune(Path(out), keep)
    files_dir = target / FILES
    return BackupResult(
        target, target / DATABASE, files_dir if files_dir.is_dir() else None, info.size, info
    )


def restore(
    db_path: Path,
    folder: Path,
    *,
    actor: Actor,
    now: Callable[[], datetime] = lambda: datetime.now().replace(microsecond=0),
) -> RestoreResult:
    """Replace the SQLite database at ``db_path`` (and its store) by the backup in ``folder``.

    The backup is verified first. The current database file (with its ``-wal``/``-shm``) and
    store are moved, not deleted, into ``<name>.replaced-YYYYMMDD-HHMMSS`` beside the file;
    the restored data is put in place through temporary names. The app must be closed on the
    other PCs. The restore is audited in the restored database. Raises ``AppError``.
    """
    if not isinstance(actor, Actor):
        raise Forbidden("auth.forbidden", role="")
    actor.require(Role.ADMIN)
    info = verify_backup(folder)
    db_path = Path(db_path)
    at = now()
    aside = db_path.with_name(f"{db_path.stem}.replaced-{at.strftime('%Y%m%d-%H%M%S')}")
    store = db_path.with_name(db_path.stem + "-files")
    incoming = db_path.with_name(f".{db_path.name}.restoring")
    incoming_store = db_path.with_name(f".{store.name}.restoring")
    try:
        # Is anybody writing? Take the write lock for a moment (fails after the busy timeout).
        if db_path.exists():
            con = sqlite3.connect(str(db_path), timeout=5)
            try:
                con.execute("BEGIN IMMEDIATE")
                con.rollback()
            except sqlite3.OperationalError as exc:
                raise AppError("restore.busy", path=str(db_path)) from exc
            finally:
                con.close()
        shutil.rmtree(incoming_store, ignore_errors=True)
        shutil.copyfile(folder / DATABASE, incoming)
        if (folder / FILES).is_dir():
            shutil.copytree(folder / FILES, incoming_store)
        else:
            incoming_store.mkdir()
        from tthc_desk.private_files import private_dir, private_tree

        private_tree(incoming)
        private_tree(incoming_store)
        private_dir(aside)
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(db_path) + suffix)
            if p.exists():
                p.rename(aside / p.name)
        if store.exists():
            store.rename(aside / store.name)
        incoming.rename(db_path)
        incoming_store.rename(store)
    except sqlite3.Error as exc:
        raise AppError("backup.failed", path=str(db_path), detail=str(exc)) from exc
    except OSError as exc:
        raise _os_error(exc, db_path) from exc
    db = Database.open(db_path)
    try:
        with db.session() as s:
            from tthc_desk.persistence.models import User

            known = s.get(User, actor.user_id) is not None
            audit(
                s, actor if known else None, "restore", "database", None, at=at,
                backup=folder.name, by=actor.full_name, replaced=aside.name,
                **info.counts,
            )  # fmt: skip
    finally:
        db.dispose()
    return RestoreResult(info, aside)


# ============================================================================ automatic backups

#: Settings of the automatic backups (the administrator's choice, shared by every PC).
FOLDER_KEY = "backup.folder"
KEEP_KEY = "backup.keep"
DEFAULT_KEEP = 14


@dataclass(frozen=True)
class BackupSettings:
    folder: str | None
    keep: int
    newest: datetime | None  # the newest backup found in the folder


def backup_settings(db: Database) -> BackupSettings:
    from tthc_desk.services import settings_store

    folder = settings_store.get_setting(db, FOLDER_KEY)
    keep = settings_store.get_setting(db, KEEP_KEY, DEFAULT_KEEP)
    newest = None
    if folder:
        found = list_backups(Path(folder))
        if found:
            stamp = found[-1].name.rsplit("-backup-", 1)[-1]
            newest = datetime.strptime(stamp, "%Y%m%d-%H%M%S")
    return BackupSettings(folder or None, int(keep or DEFAULT_KEEP), newest)


def save_backup_settings(db: Database, actor: Actor, folder: str, keep: int) -> BackupSettings:
    """Set the automatic backups' folder (a USB disk, a network share; empty: off) and how many
    to keep (1–365); administrators only; the folder must exist and take a file."""
    from tthc_desk.domain import limits
    from tthc_desk.services import settings_store

    actor.require(Role.ADMIN)
    limits.check_count(keep, "keep", 1, 365)
    limits.check_path(folder, "folder")
    value = folder.strip() or None
    if value:
        path = Path(value).expanduser()
        if not path.is_dir():
            raise AppError("backup.folder_missing", field="folder", path=str(path))
        probe = path / f".tthc-write-test-{os.getpid()}"
        try:
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise _os_error(exc, path) from exc
        value = str(path.resolve())
    settings_store.set_setting(db, actor, FOLDER_KEY, value)
    settings_store.set_setting(db, actor, KEEP_KEY, keep)
    return backup_settings(db)


def auto_backup(db: Database, reason: str, now: datetime | None = None) -> BackupResult | None:
    """The app's own backup: ``"daily"`` (once a day, at the first start) or ``"closing"``
    (each time the app closes). Nothing when no folder is set or the database is a server's."""
    settings = backup_settings(db)
    if not settings.folder or db.file_path is None:
        return None
    at = now or datetime.now().replace(microsecond=0)
    if reason == "daily" and settings.newest and settings.newest.date() == at.date():
        return None
    return backup(db, Path(settings.folder), actor=None, keep=settings.keep, now=at)
