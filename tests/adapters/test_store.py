"""Content-addressed file store: naming, no overwrite, atomic writes, the hash check."""

from __future__ import annotations

import errno
import hashlib
import os
import re
from pathlib import Path

import pytest

from tthc_desk.adapters import store as store_mod
from tthc_desk.adapters.store import FileStore
from tthc_desk.domain.errors import AppError


def test_put_names_by_hash_and_dedupes(tmp_path: Path, sample_pdf: Path) -> None:
    fs = FileStore(tmp_path / "files")
    data = sample_pdf.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    stored = fs.put(sample_pdf)
    assert stored.sha256 == digest and stored.size == len(data)
    assert stored.relpath == f"{digest[:2]}/{digest[2:4]}/{digest}.pdf"
    assert (fs.root / stored.relpath).read_bytes() == data
    mtime = (fs.root / stored.relpath).stat().st_mtime_ns
    again = fs.put(data)  # same content as bytes: same entry, file untouched
    assert again == stored
    assert (fs.root / stored.relpath).stat().st_mtime_ns == mtime
    assert fs.path_of(digest) == fs.root / stored.relpath
    with fs.open(digest.upper()) as fh:
        assert fh.read() == data
    assert list(fs.iter_hashes()) == [digest]
    assert list((fs.root / ".tmp").iterdir()) == []  # no temp files left


def test_suffix_from_content(tmp_path: Path) -> None:
    fs = FileStore(tmp_path)
    assert fs.put(b"\x89PNG\r\n\x1a\n....").relpath.endswith(".png")
    assert fs.put(b"\xff\xd8\xff\xe0....").relpath.endswith(".jpg")
    assert fs.put(b"hello").relpath.endswith(".bin")


def test_missing_source_and_missing_hash(tmp_path: Path) -> None:
    fs = FileStore(tmp_path)
    with pytest.raises(AppError) as exc:
        fs.put(tmp_path / "absent.pdf")
    assert exc.value.code == "store.source_missing"
    with pytest.raises(AppError) as exc:
        fs.path_of("0" * 64)
    assert exc.value.code == "store.missing"
    with pytest.raises(ValueError):
        fs.path_of("not-a-hash")


def test_check_finds_altered_and_missing(tmp_path: Path) -> None:
    fs = FileStore(tmp_path / "files")
    a = fs.put("%PDF-1.7 hồ sơ A %%EOF".encode())
    b = fs.put("%PDF-1.7 hồ sơ B %%EOF".encode())
    c = fs.put("%PDF-1.7 hồ sơ C %%EOF".encode())
    d = fs.put("%PDF-1.7 hồ sơ D %%EOF".encode())
    # altered with the same size (only the hash can tell) and with another size
    path_b = fs.root / b.relpath
    raw = bytearray(path_b.read_bytes())
    raw[10] ^= 0x01
    path_b.write_bytes(bytes(raw))
    (fs.root / d.relpath).write_bytes(b"truncated")
    (fs.root / c.relpath).unlink()
    calls: list[tuple[int, int]] = []
    report = fs.check(
        [(x.sha256, x.size) for x in (a, b, c, d)], progress=lambda i, n: calls.append((i, n))
    )
    assert report.ok == (a.sha256,)
    assert set(report.altered) == {b.sha256, d.sha256}
    assert report.missing == (c.sha256,)
    assert not report.all_ok and report.checked == 4
    assert calls[-1] == (4, 4)
    # storing the good content again repairs it, keeping the altered copy aside
    fs.put("%PDF-1.7 hồ sơ B %%EOF".encode())
    assert fs.check([(b.sha256, b.size)]).all_ok
    quarantined = list((fs.root / ".quarantine").iterdir())
    assert len(quarantined) == 1 and quarantined[0].read_bytes() == bytes(raw)


def test_check_cancel(tmp_path: Path) -> None:
    fs = FileStore(tmp_path)
    items = [fs.put(f"%PDF- {i}".encode()) for i in range(5)]
    seen: list[int] = []
    with pytest.raises(AppError) as exc:
        fs.check(
            [(x.sha256, x.size) for x in items],
            progress=lambda i, n: seen.append(i),
            cancelled=lambda: len(seen) >= 2,
        )
    assert exc.value.code == "task.cancelled"


def test_disk_full_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC cannot be produced for real without a tiny file system: simulate the write."""
    fs = FileStore(tmp_path / "files")
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_mod.os, "fsync", full)
    with pytest.raises(AppError) as exc:
        fs.put(b"%PDF-1.7 big scan")
    monkeypatch.setattr(store_mod.os, "fsync", real_fsync)
    assert exc.value.code == "store.disk_full"
    assert list(fs.iter_hashes()) == []
    assert list((fs.root / ".tmp").iterdir()) == []


def test_error_codes_listed() -> None:
    source = Path(store_mod.__file__).read_text(encoding="utf-8")
    raised = set(re.findall(r'AppError\(\s*"([a-z0-9_.]+)"', source))
    assert raised <= set(store_mod.ERROR_CODES)


def test_stored_files_are_read_only(tmp_path: Path, sample_pdf: Path) -> None:
    import stat

    store = FileStore(tmp_path / "kho")
    stored = store.put(sample_pdf, suffix=".pdf")
    mode = (tmp_path / "kho" / stored.relpath).stat().st_mode
    assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert store.put(sample_pdf, suffix=".pdf") == stored  # storing again still works
