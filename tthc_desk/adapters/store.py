"""Content-addressed file store: files named by SHA-256, written atomically, never overwritten."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import shutil
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from tthc_desk.domain.errors import AppError

__all__ = ["ERROR_CODES", "CheckReport", "FileStore", "StoredFile"]

ERROR_CODES: tuple[str, ...] = (
    "store.disk_full",  # params: root
    "store.write_failed",  # params: root, detail
    "store.source_missing",  # params: path
    "store.missing",  # params: sha256
    "store.unreadable",  # params: root, detail (folder missing, no permission, offline share)
    "task.cancelled",
)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

log = logging.getLogger(__name__)

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")
_CHUNK = 1 << 20
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"II*\x00", ".tif"),
    (b"MM\x00*", ".tif"),
)


@dataclass(frozen=True)
class StoredFile:
    """A file in the store. ``relpath`` uses forward slashes on every platform (for the DB)."""

    sha256: str
    size: int
    relpath: str


@dataclass(frozen=True)
class CheckReport:
    """Result of :meth:`FileStore.check`: hashes that are fine, missing, or altered on disk."""

    ok: tuple[str, ...]
    missing: tuple[str, ...]
    altered: tuple[str, ...]

    @property
    def all_ok(self) -> bool:
        return not self.missing and not self.altered

    @property
    def checked(self) -> int:
        return len(self.ok) + len(self.missing) + len(self.altered)


def _normalise_hash(sha256: str) -> str:
    value = sha256.strip().lower()
    if not _HEX64.match(value):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return value


def _sniff_suffix(head: bytes) -> str:
    for magic, suffix in _MAGIC:
        if head.startswith(magic) or (suffix == ".pdf" and magic in head[:1024]):
            return suffix
    return ".bin"


def hash_file(path: Path) -> tuple[str, int]:
    """SHA-256 hex digest and size of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


class FileStore:
    """Files kept under ``root`` as ``ab/cd/<sha256><suffix>``.

    A file's name is its content hash, so the same content is stored once and a stored file
    never changes: :meth:`put` writes a temp file under ``root/.tmp``, fsyncs it and links it
    into place only if the name is free. The suffix (``.pdf``, ``.png``…) comes from the
    content, so lookups go by hash alone.
    """

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._tmp = self.root / ".tmp"

    # --- writing -----------------------------------------------------------------------------

    def put(self, source: Path | str | bytes, *, suffix: str | None = None) -> StoredFile:
        """Store a file (path) or bytes; return its hash, size and relative path.

        Storing content that is already there returns the existing entry. If the stored copy
        was altered on disk it is moved to ``root/.quarantine`` and replaced by the good copy.
        """
        try:
            self._tmp.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._os_error(exc) from exc
        tmp = self._tmp / f"{uuid.uuid4().hex}.part"
        try:
            digest, size, head = self._write_temp(source, tmp)
            ext = suffix if suffix and _SUFFIX.match(suffix.lower()) else _sniff_suffix(head)
            existing = self._find(digest)
            if existing is not None:
                if self._verify(existing, digest):
                    return self._stored(existing, digest)
                self._quarantine(existing)
            final = self._path_for(digest, ext.lower())
            final.parent.mkdir(parents=True, exist_ok=True)
            self._link_into_place(tmp, final)
            _make_read_only(final)
            _fsync_dir(final.parent)
            return StoredFile(digest, size, final.relative_to(self.root).as_posix())
        except OSError as exc:
            raise self._os_error(exc) from exc
        finally:
            tmp.unlink(missing_ok=True)

    def _write_temp(self, source: Path | str | bytes, tmp: Path) -> tuple[str, int, bytes]:
        h = hashlib.sha256()
        size = 0
        head = b""
        with tmp.open("xb") as out:
            if isinstance(source, bytes | bytearray | memoryview):
                data = bytes(source)
                h.update(data)
                out.write(data)
                size, head = len(data), data[:1024]
            else:
                src = Path(source)
                try:
                    fh = src.open("rb")
                except FileNotFoundError as exc:
                    raise AppError("store.source_missing", path=str(src)) from exc
                with fh:
                    for block in iter(lambda: fh.read(_CHUNK), b""):
                        if not head:
                            head = block[:1024]
                        h.update(block)
                        out.write(block)
                        size += len(block)
            out.flush()
            os.fsync(out.fileno())
        return h.hexdigest(), size, head

    @staticmethod
    def _link_into_place(tmp: Path, final: Path) -> None:
        """Move ``tmp`` to ``final`` without ever replacing an existing ``final``."""
        if sys.platform == "win32":
            try:
                os.rename(tmp, final)  # fails if final exists: never overwrites
            except FileExistsError:
                pass  # another writer stored the same content meanwhile
            return
        try:
            os.link(tmp, final)  # atomic, fails with EEXIST
        except FileExistsError:
            return  # another writer stored the same content meanwhile
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            if not final.exists():  # file system without hard links (FAT, some shares)
                os.replace(tmp, final)

    def _quarantine(self, path: Path) -> None:
        qdir = self.root / ".quarantine"
        qdir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = qdir / f"{path.name}.{stamp}.{uuid.uuid4().hex[:6]}"
        log.warning("stored file %s was altered; moved to %s", path, target)
        shutil.move(str(path), str(target))

    def _os_error(self, exc: OSError) -> AppError:
        if exc.errno == errno.ENOSPC:
            return AppError("store.disk_full", root=str(self.root))
        return AppError("store.write_failed", root=str(self.root), detail=str(exc))

    # --- reading -----------------------------------------------------------------------------

    def _path_for(self, digest: str, suffix: str) -> Path:
        return self.root / digest[:2] / digest[2:4] / f"{digest}{suffix}"

    def _find(self, sha256: str) -> Path | None:
        folder = self.root / sha256[:2] / sha256[2:4]
        try:
            for entry in folder.iterdir():
                if entry.name.startswith(sha256) and entry.is_file():
                    return entry
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise AppError("store.unreadable", root=str(self.root), detail=str(exc)) from exc
        return None

    def _stored(self, path: Path, digest: str) -> StoredFile:
        return StoredFile(digest, path.stat().st_size, path.relative_to(self.root).as_posix())

    @staticmethod
    def _verify(path: Path, digest: str) -> bool:
        try:
            return hash_file(path)[0] == digest
        except OSError:
            return False

    def exists(self, sha256: str) -> bool:
        return self._find(_normalise_hash(sha256)) is not None

    def path_of(self, sha256: str) -> Path:
        """Absolute path of a stored file; ``store.missing`` when it is not there."""
        digest = _normalise_hash(sha256)
        found = self._find(digest)
        if found is None:
            raise AppError("store.missing", sha256=digest)
        return found

    def stat(self, sha256: str) -> StoredFile:
        digest = _normalise_hash(sha256)
        return self._stored(self.path_of(digest), digest)

    def open(self, sha256: str) -> BinaryIO:
        """Open a stored file for reading (binary). The caller closes it."""
        return self.path_of(sha256).open("rb")

    def iter_hashes(self) -> Iterator[str]:
        """Every hash present in the store (for finding files the database does not know)."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/??/*")):
            name = path.name[:64]
            if path.is_file() and _HEX64.match(name):
                yield name

    def check(
        self,
        expected: Iterable[tuple[str, int]],
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> CheckReport:
        """Re-hash every expected ``(sha256, size)``; report which are fine, missing or altered.

        A size mismatch counts as altered without reading the file. Read-only: a cancel
        (``task.cancelled``) leaves nothing behind.
        """
        items = [(_normalise_hash(h), int(s)) for h, s in expected]
        if not self.root.is_dir() and items:
            raise AppError("store.unreadable", root=str(self.root), detail="folder missing")
        ok: list[str] = []
        missing: list[str] = []
        altered: list[str] = []
        total = len(items)
        for i, (digest, size) in enumerate(items):
            if cancelled is not None and cancelled():
                raise AppError("task.cancelled")
            path = self._find(digest)
            if path is None:
                missing.append(digest)
            else:
                try:
                    if path.stat().st_size != size or hash_file(path)[0] != digest:
                        altered.append(digest)
                    else:
                        ok.append(digest)
                except FileNotFoundError:
                    missing.append(digest)
                except OSError:
                    altered.append(digest)  # unreadable counts as not intact
            if progress:
                progress(i + 1, total)
        return CheckReport(tuple(ok), tuple(missing), tuple(altered))


def _make_read_only(path: Path) -> None:
    """Stored files are never edited in place: read-only for everyone (a signed file stays)."""
    import stat

    try:
        os.chmod(path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    except OSError:  # a share that ignores modes: the hash check still catches changes
        log.info("cannot make %s read-only", path)


def _fsync_dir(folder: Path) -> None:
    """Persist a rename on POSIX (no-op on Windows, where directories cannot be opened)."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
