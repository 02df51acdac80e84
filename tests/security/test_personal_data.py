"""Personal data (Decree 13/2023): never in the log, files private, exports audited."""

from __future__ import annotations

import logging
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from tthc_desk.logging_setup import configure_logging, mask_personal
from tthc_desk.paths import log_path
from tthc_desk.persistence.models import AuditEntry

PID = "001204012345"
PHONE = "0912 345 678"


def test_sql_parameters_never_in_an_error_or_the_log(db) -> None:  # type: ignore[no-untyped-def]
    configure_logging()
    assert db.engine.hide_parameters
    with pytest.raises(IntegrityError) as e, db.session() as s:
        s.execute(text("INSERT INTO users (id, username) VALUES (:i, :u)"), {"i": 1, "u": PID})
        s.execute(text("INSERT INTO users (id, username) VALUES (:i, :u)"), {"i": 1, "u": PID})
    assert PID not in str(e.value)
    logging.getLogger("tthc_desk.test").exception("failed: %s", e.value)
    for h in logging.getLogger().handlers:
        h.flush()
    assert PID not in log_path().read_text(encoding="utf-8")


def test_log_masks_ids_and_phones() -> None:
    configure_logging()
    logging.getLogger("tthc_desk.test").warning(
        "applicant %s phone %s old id 123456789 +84 912345678", PID, PHONE
    )
    try:
        raise ValueError(f"bad id {PID}")
    except ValueError:
        logging.getLogger("tthc_desk.test").exception("oops")
    for h in logging.getLogger().handlers:
        h.flush()
    logged = log_path().read_text(encoding="utf-8")
    for secret in (PID, "912 345 678", "123456789", "912345678"):
        assert secret not in logged
    assert "***45" in logged and "***89" in logged
    # dates, times, dossier codes and sizes stay readable
    kept = "2026-03-02 10:00:00 XANSON-260302-0001 size 1,234,567 bytes id 42"
    assert mask_personal(kept) == kept


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_database_store_and_log_are_private(db_path: Path) -> None:
    from tthc_desk.persistence.db import Database

    os.chmod(db_path, 0o644)
    database = Database.open(db_path)
    try:
        store = database.files_dir()
        configure_logging()
        for path, mode in ((db_path, 0o600), (store, 0o700), (log_path(), 0o600)):
            assert stat.S_IMODE(path.stat().st_mode) == mode, path
        assert stat.S_IMODE(log_path().parent.stat().st_mode) == 0o700
    finally:
        database.dispose()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_demo_private_keys_are_private(tmp_path: Path) -> None:
    from datetime import datetime

    from tthc_desk.services.demo_files import make_certificates

    certs = make_certificates(
        tmp_path / "pki",
        [("canbo1", "Nguyễn Thị Hoa")],
        organisation="UBND xã An Sơn",
        passphrase="demo",
        valid_from=datetime(2026, 1, 1).astimezone(),
        valid_to=datetime(2027, 1, 1).astimezone(),
    )
    assert stat.S_IMODE(certs.folder.stat().st_mode) == 0o700
    for p in (*certs.p12.values(), certs.ca_pem):
        assert stat.S_IMODE(p.stat().st_mode) == 0o600


def test_register_export_is_audited(office_db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.services import registers

    actor = users["chutich"].actor
    out = tmp_path / "so.xlsx"
    summary = registers.export_register(office_db, date(2026, 1, 1), date(2026, 1, 31), out, actor)
    with office_db.session() as s:
        line = s.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert line.user_id == actor.user_id and line.entity == "register"
    assert line.detail is not None and line.detail["rows"] == summary.lines
    assert line.detail["file"] == "so.xlsx"
