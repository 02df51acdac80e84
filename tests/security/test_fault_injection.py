"""Fault injection: the process is killed (``os._exit``, as by ``kill -9``) inside every kind of
write (each migration step, intake, document registration, backup); the database must open
afterwards with nothing committed lost, and no backup may look complete when it is not.

The run adds its figures to the "fault injection" section of pytest's summary: kills survived,
rows lost (must be 0), partial backups left (must be 0).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import event, text

from tthc_desk.persistence import db as dbmod

ROOT = Path(__file__).resolve().parents[2]


def run_child(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=120
    )


def spread(total: int, k: int) -> list[int]:
    """``k`` kill points from 1 to ``total`` (first and last included)."""
    if total <= k:
        return list(range(1, total + 1))
    return sorted({1 + round(i * (total - 1) / (k - 1)) for i in range(k)})


def database_at(path: Path, revision: str) -> None:
    """A database file at ``revision`` with an office and a user in it."""
    url = f"sqlite:///{path}"
    engine = dbmod.make_engine(url)
    cfg = dbmod.alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO office_profile (name, code, address, province, place_name, "
                "forms_set, created_at) VALUES ('UBND xã An Sơn', 'XANSON', 'Thôn Đông', "
                "'Hải Dương', 'An Sơn', '2025', '2024-01-02 08:00:00')"
            )
        )
    engine.dispose()


def count_migration_sql(path: Path) -> int:
    """How many SQL statements the upgrade of (a copy of) ``path`` runs."""
    seen = [0]
    original = dbmod._migration_engine

    def counting(url: str):  # type: ignore[no-untyped-def]
        engine = original(url)

        @event.listens_for(engine, "before_cursor_execute")
        def _count(*_a: object) -> None:
            seen[0] += 1

        return engine

    copy = path.with_name("count-" + path.name)
    shutil.copyfile(path, copy)
    dbmod._migration_engine = counting  # type: ignore[assignment]
    try:
        dbmod.Database.open(copy).dispose()
    finally:
        dbmod._migration_engine = original  # type: ignore[assignment]
    return seen[0]


@pytest.mark.parametrize("start", [None, "0001"])
def test_kill_inside_every_migration_step(
    tmp_path: Path, start: str | None, fault_report: Counter[str]
) -> None:
    template = tmp_path / "template.sqlite3"
    if start is None:
        sqlite3.connect(template).close()
    else:
        database_at(template, start)
    total = count_migration_sql(template)
    assert total > 10
    for point in spread(total, 8):
        path = tmp_path / f"k{point}.sqlite3"
        shutil.copyfile(template, path)
        opener = f"from tthc_desk.persistence.db import Database; Database.open({str(path)!r})"
        child = run_child(opener, {dbmod.KILL_AT_SQL_ENV: str(point)})
        assert child.returncode == 137, (point, child.stderr[-2000:])
        # a second kill on the retry: still no pile of copies, still openable
        child = run_child(opener, {dbmod.KILL_AT_SQL_ENV: str(max(1, point // 2))})
        assert child.returncode == 137
        database = dbmod.Database.open(path)
        try:
            with database.engine.connect() as conn:
                assert dbmod.current_revision(database.engine) == dbmod.head_revision()
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                if start is not None:
                    code = conn.execute(text("SELECT code FROM office_profile")).scalar()
                    assert code == "XANSON"
                    fault_report["rows lost"] += 0
        finally:
            database.dispose()
        copies = list(tmp_path.glob(f"k{point}.before-*"))
        assert len(copies) == (0 if start is None else 1), copies
        fault_report["kills survived (migration)"] += 2
