"""A backup is one verified folder made while the database is open; restore puts it back."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from tthc_desk.cli import run
from tthc_desk.domain.errors import AppError
from tthc_desk.persistence.models import AuditEntry
from tthc_desk.services.backup import backup, prune, restore, verify_backup


def _store_file(db, rel: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    p = db.files_dir() / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)


def test_backup_is_one_verified_folder(office_db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _store_file(office_db, "ab/x.pdf", b"%PDF-1.4 test")
    out = tmp_path / "saoluu"
    admin = users["admin"].actor
    result = backup(office_db, out, actor=admin, now=datetime(2026, 11, 27, 17, 30))
    assert result.folder.name == "tthc-backup-20261127-173000"
    assert sorted(p.name for p in result.folder.iterdir()) == [
        "database.sqlite3",
        "files",
        "manifest.json",
    ]
    with sqlite3.connect(result.database) as con:
        assert con.execute("SELECT code FROM office_profile").fetchone() == ("XANSON",)
        assert con.execute("SELECT count(*) FROM users").fetchone() == (4,)
    assert (result.folder / "files" / "ab" / "x.pdf").read_bytes() == b"%PDF-1.4 test"
    manifest = json.loads((result.folder / "manifest.json").read_text("utf-8"))
    assert manifest["files"] == [
        {"path": "ab/x.pdf", "size": 13, "sha256": hashlib.sha256(b"%PDF-1.4 test").hexdigest()}
    ]
    info = verify_backup(result.folder)
    assert info.counts["users"] == 4 and info.files == 1
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary left
    with pytest.raises(AppError) as err:
        backup(office_db, out, now=datetime(2026, 11, 27, 17, 30))
    assert err.value.code == "backup.exists"
    with office_db.session() as s:
        line = s.scalars(select(AuditEntry).where(AuditEntry.entity == "backup")).one()
    assert line.user_id == admin.user_id and line.action == "export"
    assert line.detail and line.detail["users"] == 4 and line.detail["files"] == 1


def test_verify_detects_altered_missing_and_partial(office_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _store_file(office_db, "cd/y.pdf", b"%PDF-1.4 y")
    result = backup(office_db, tmp_path / "bk")
    (result.folder / "files" / "cd" / "y.pdf").write_bytes(b"%PDF-1.4 Y")
    with pytest.raises(AppError) as e:
        verify_backup(result.folder)
    assert e.value.code == "backup.invalid" and "altered" in e.value.params["reason"]
    (result.folder / "files" / "cd" / "y.pdf").unlink()
    with pytest.raises(AppError) as e:
        verify_backup(result.folder)
    assert "missing" in e.value.params["reason"]
    (result.folder / "manifest.json").unlink()
    with pytest.raises(AppError):
        verify_backup(result.folder)


def test_keep_n_newest(office_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "bk"
    for day in range(1, 5):
        backup(office_db, out, now=datetime(2026, 11, day, 17, 0), keep=3)
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"tthc-backup-2026110{d}-170000" for d in (2, 3, 4)]
    assert prune(out, 1) and len(list(out.iterdir())) == 1


def test_restore_puts_rows_and_files_back_bit_exact(
    office_db, users, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]

    _store_file(office_db, "ef/z.pdf", b"%PDF-1.4 z" * 1000)
    result = backup(office_db, tmp_path / "bk")
    before = _dump(result.database)  # the snapshot (the backup's own audit line comes after)
    _store_file(office_db, "ef/new.pdf", b"new")
    office_db.dispose()
    done = restore(db_path, result.folder, actor=users["admin"].actor)
    after = _dump(db_path)
    logs = ("audit_log", "audit_chain_head")  # the restore adds its own line
    assert {t: rows for t, rows in after.items() if t not in logs} == {
        t: rows for t, rows in before.items() if t not in logs
    }
    assert after["audit_log"][:-1] == before["audit_log"]
    store = db_path.with_name(db_path.stem + "-files")
    assert (store / "ef" / "z.pdf").read_bytes() == b"%PDF-1.4 z" * 1000
    assert not (store / "ef" / "new.pdf").exists()
    kept = done.replaced
    assert (kept / db_path.name).exists() and (kept / store.name / "ef" / "new.pdf").exists()
    assert after["audit_log"][-1][3] == "restore"
    from tthc_desk.persistence.db import Database
    from tthc_desk.services.audit_log import verify_audit_log

    restored = Database.open(db_path)
    try:
        assert verify_audit_log(restored).ok
    finally:
        restored.dispose()


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE '%\\_fts%' ESCAPE '\\'"  # full-text indexes: derived data
            )
        ]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        con.close()


def test_backup_and_restore_commands(
    office_db, db_path: Path, tmp_path: Path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "saoluu"
    assert run(["--db", str(db_path), "backup", "--out", str(out)]) == 1
    assert "--user" in capsys.readouterr().err
    monkeypatch.setenv("TTHC_PASSWORD", "sai-mat-khau")
    assert run(["--db", str(db_path), "backup", "--out", str(out), "--user", "admin"]) == 1
    monkeypatch.setenv("TTHC_PASSWORD", "matkhau123")
    assert run(["--db", str(db_path), "backup", "--out", str(out), "--user", "canbo1"]) == 1
    assert "không được phép" in capsys.readouterr().err
    assert run(["--db", str(db_path), "backup", "--out", str(out), "--user", "admin"]) == 0
    assert "Đã sao lưu" in capsys.readouterr().out
    (folder,) = out.iterdir()
    assert run(["--db", str(db_path), "backup", "--verify", str(folder)]) == 0
    assert "đầy đủ" in capsys.readouterr().out
    cmd = ["--db", str(db_path), "restore", str(folder), "--user", "admin", "--yes"]
    assert run(cmd) == 0
    assert "Đã khôi phục" in capsys.readouterr().out


def test_automatic_backups_daily_and_on_closing(office_db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.services.backup import auto_backup, backup_settings, save_backup_settings

    admin = users["admin"].actor
    assert auto_backup(office_db, "closing") is None  # no folder chosen: nothing
    usb = tmp_path / "usb"
    with pytest.raises(AppError) as e:
        save_backup_settings(office_db, admin, str(usb), 3)
    assert e.value.code == "backup.folder_missing"
    usb.mkdir()
    with pytest.raises(AppError):
        save_backup_settings(office_db, users["canbo1"].actor, str(usb), 3)
    save_backup_settings(office_db, admin, str(usb), 3)
    first = auto_backup(office_db, "daily", datetime(2026, 11, 2, 7, 30))
    assert first is not None and verify_backup(first.folder)
    assert auto_backup(office_db, "daily", datetime(2026, 11, 2, 13, 0)) is None  # once a day
    for hour in (17, 18, 19):
        assert auto_backup(office_db, "closing", datetime(2026, 11, 2, hour, 0)) is not None
    names = sorted(p.name for p in usb.iterdir())
    assert names == [f"tthc-backup-20261102-{h}0000" for h in (17, 18, 19)]  # keeps 3
    assert backup_settings(office_db).newest == datetime(2026, 11, 2, 19, 0)
    with office_db.session() as s:
        lines = s.scalars(select(AuditEntry).where(AuditEntry.entity == "backup")).all()
    assert len(lines) == 4 and all(line.user_id is None for line in lines)  # the app itself
