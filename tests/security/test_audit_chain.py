"""The audit log is hash-chained: ``audit verify`` finds a deleted, edited or cut-off line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tthc_desk.cli import run
from tthc_desk.services.audit_log import verify_audit_log


def _tamper(path: Path, sql: str) -> None:
    """What someone with the file could do: lift the guard, change the log."""
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.execute(sql)
    con.commit()
    con.close()


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        ("DELETE FROM audit_log WHERE id = 3", "missing_before"),
        ("UPDATE audit_log SET user_id = 2 WHERE id = 2", "altered"),
        ("UPDATE audit_log SET detail = '{\"x\": 1}' WHERE id = 4", "altered"),
        ("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)", "missing_after"),
        (
            "INSERT INTO audit_log (at, action, entity) VALUES ('2026-01-01', 'forged', 'x')",
            "unchained",
        ),
    ],
)
def test_verify_detects_tampering(office_db, db_path: Path, capsys, sql: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    report = verify_audit_log(office_db)
    assert report.ok and report.checked >= 4 and report.unchained == 0
    assert run(["--db", str(db_path), "audit", "verify"]) == 0
    assert "nguyên vẹn" in capsys.readouterr().out
    office_db.dispose()
    _tamper(db_path, sql)
    report = verify_audit_log(office_db)
    assert not report.ok and kind in {k for _i, k in report.problems}
    assert run(["--db", str(db_path), "audit", "verify"]) == 1
    assert "ĐÃ BỊ THAY ĐỔI" in capsys.readouterr().out


def test_lines_written_before_the_chain_are_chained_by_the_migration(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import text

    from tthc_desk.persistence.db import Database, alembic_config, make_engine

    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    with engine.begin() as conn:
        for i in range(3):
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, action, entity, detail) "
                    "VALUES (:at, 'old', 'x', :detail)"
                ),
                {"at": f"2026-01-0{i + 1} 08:00:00.000000", "detail": f'{{"n": {i}}}'},
            )
    engine.dispose()
    db = Database.open(path)
    try:
        report = verify_audit_log(db)
        assert report.ok and report.checked == 3
        from tthc_desk.services.common import audit

        with db.session() as s:
            audit(s, None, "new", "x", n=4)
        report = verify_audit_log(db)
        assert report.ok and report.checked == 4
    finally:
        db.dispose()
