"""A backup is a consistent, readable copy made while the database is open; it never overwrites."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from tthc_desk.cli import run
from tthc_desk.domain.errors import AppError
from tthc_desk.services.backup import backup


def test_backup_copies_rows_and_store(office_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = office_db.files_dir()
    (store / "ab").mkdir(exist_ok=True)
    (store / "ab" / "x.pdf").write_bytes(b"%PDF-1.4 test")
    out = tmp_path / "saoluu"
    out.mkdir()
    result = backup(office_db, out, now=datetime(2026, 11, 27, 17, 30))
    assert result.database.name.endswith("-20261127-173000.sqlite3")
    with sqlite3.connect(result.database) as con:
        assert con.execute("SELECT code FROM office_profile").fetchone() == ("XANSON",)
        assert con.execute("SELECT count(*) FROM users").fetchone() == (4,)
    assert (
        result.files is not None
        and (result.files / "ab" / "x.pdf").read_bytes() == b"%PDF-1.4 test"
    )
    with pytest.raises(AppError) as err:
        backup(office_db, out, now=datetime(2026, 11, 27, 17, 30))
    assert err.value.code == "backup.exists"


def test_backup_command(office_db, db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "saoluu"
    assert run(["--db", str(db_path), "backup", "--out", str(out)]) == 0
    assert "Đã sao lưu cơ sở dữ liệu" in capsys.readouterr().out
    assert len(list(out.glob("*.sqlite3"))) == 1
