"""The watched scan folder: new complete scans are offered for the open dossier, then filed away.

Office scanners "scan to folder"; the folder is a business setting (``scan.folder``) so every
counter PC of the office uses the same one. :class:`ScanInbox` wraps the adapters'
:class:`~tthc_desk.adapters.scanning.FolderWatcher`: it keeps the list of files that finished
arriving (junk and half-written files are never offered), and :func:`attach_inbox_file`
registers one into a dossier and moves it to a ``da-so-hoa`` sub-folder so it is offered once.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from tthc_desk.adapters.scanning import FolderWatcher
from tthc_desk.domain import limits
from tthc_desk.domain.errors import AppError, ValidationError
from tthc_desk.persistence.db import Database
from tthc_desk.services import documents, settings_store
from tthc_desk.services.common import Actor, Clock, system_now

__all__ = [
    "DONE_FOLDER",
    "InboxFile",
    "ScanInbox",
    "attach_inbox_file",
    "get_scan_folder",
    "set_scan_folder",
]

DONE_FOLDER = "da-so-hoa"

log = logging.getLogger(__name__)


def get_scan_folder(db: Database) -> Path | None:
    """The configured scan folder, or ``None`` when the office has not set one."""
    value = settings_store.get_setting(db, settings_store.SCAN_FOLDER)
    return Path(str(value)) if value else None


def set_scan_folder(
    db: Database, actor: Actor, folder: Path | str | None, now: Clock = system_now
) -> None:
    """Set (or clear, with ``None``) the scan folder; it must exist and be a folder."""
    actor.require()  # administrators configure the office
    if folder:
        limits.check_path(str(folder), "folder")
        path = Path(folder).expanduser()
        if not path.is_dir():
            raise ValidationError("watch.folder_missing", field="folder", folder=str(path))
        value: str | None = str(path.resolve())
    else:
        value = None
    settings_store.set_setting(db, actor, settings_store.SCAN_FOLDER, value, now)


@dataclass(frozen=True)
class InboxFile:
    """A finished scan waiting in the folder."""

    path: Path
    name: str
    size: int
    arrived_at: datetime


class ScanInbox:
    """Files ready in the scan folder. ``on_change`` runs on the watcher's thread (a Qt caller
    forwards it to the UI thread by a queued signal)."""

    def __init__(
        self,
        folder: Path | str,
        on_change: Callable[[], None] | None = None,
        *,
        settle_seconds: float = 2.0,
        poll_interval: float | None = None,
        use_watchdog: bool = True,
        clock: Clock = system_now,
    ) -> None:
        self.folder = Path(folder)
        self.on_change = on_change
        self._clock = clock
        self._lock = threading.Lock()
        self._files: dict[Path, InboxFile] = {}
        self._rejected: dict[Path, tuple[str, dict[str, str]]] = {}
        self.watcher = FolderWatcher(
            self.folder,
            self._ready,
            settle_seconds,
            on_rejected=self._reject,
            poll_interval=poll_interval,
            use_watchdog=use_watchdog,
        )

    def _ready(self, path: Path) -> None:
        try:
            size = path.stat().st_size
        except OSError:
            return
        with self._lock:
            self._files[path] = InboxFile(path, path.name, size, self._clock())
        if self.on_change:
            self.on_change()

    def _reject(self, path: Path, code: str, params: dict[str, str]) -> None:
        with self._lock:
            self._rejected[path] = (code, params)
        if self.on_change:
            self.on_change()

    def rejected(self) -> list[tuple[Path, str, dict[str, str]]]:
        """Files in the folder that are not taken, with why (e.g. a JPEG named ``.pdf``)."""
        with self._lock:
            for gone in [p for p in self._rejected if not p.exists()]:
                del self._rejected[gone]
            return [(p, code, params) for p, (code, params) in sorted(self._rejected.items())]

    def start(self) -> None:
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.stop()

    def poll_once(self) -> list[Path]:
        """Look once (tests, or a manual refresh); returns the files that became ready."""
        found = self.watcher.poll_once()
        self._forget_gone()
        return found

    def _forget_gone(self) -> None:
        with self._lock:
            gone = [p for p in self._files if not p.exists()]
            for p in gone:
                del self._files[p]
        if gone and self.on_change:
            self.on_change()

    def pending(self) -> list[InboxFile]:
        """Files ready to attach, oldest first."""
        self._forget_gone()
        with self._lock:
            return sorted(self._files.values(), key=lambda f: (f.arrived_at, f.name))

    def dismiss(self, path: Path) -> None:
        """Stop offering a file (it stays in the folder)."""
        with self._lock:
            self._files.pop(Path(path), None)
        if self.on_change:
            self.on_change()


def _file_away(path: Path) -> Path:
    done = path.parent / DONE_FOLDER
    done.mkdir(exist_ok=True)
    target = done / path.name
    if target.exists():
        target = done / f"{path.stem}-{uuid.uuid4().hex[:6]}{path.suffix}"
    os.replace(path, target)
    return target


def attach_inbox_file(
    db: Database,
    actor: Actor,
    path: Path | str,
    cmd: documents.RegisterCommand,
    now: Clock = system_now,
    *,
    progress: documents.Progress | None = None,
    cancelled: documents.Cancelled | None = None,
    inbox: ScanInbox | None = None,
) -> documents.DocumentView:
    """Register a scan from the folder into ``cmd.dossier_id``, then move it to ``da-so-hoa``."""
    path = Path(path)
    if not path.is_file():
        raise AppError("pdf.not_found", path=str(path))
    view = documents.register_document(
        db, actor, replace(cmd, files=(path,)), now, progress=progress, cancelled=cancelled
    )
    try:
        _file_away(path)
    except OSError as exc:  # registered all the same; the file is offered again at worst
        log.warning("could not move %s out of the scan folder: %s", path, exc)
    if inbox is not None:
        inbox.dismiss(path)
    return view
