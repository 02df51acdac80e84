"""Business settings kept in the database's ``settings`` table (key → JSON value)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Setting
from tthc_desk.services.common import Actor, Clock, audit, system_now

#: Keys used by the digitisation area.
SCAN_FOLDER = "scan.folder"
OCR_ENABLED = "digitise.ocr"
CERTIFICATION_BOOK = "certification.book"
PKCS11_LIBRARY = "sign.pkcs11_library"


def read(session: Session, key: str, default: Any = None) -> Any:
    """The value stored under ``key`` inside the caller's session, or ``default``."""
    row = session.get(Setting, key)
    return default if row is None or row.value is None else row.value


def write(session: Session, actor: Actor | None, key: str, value: Any, at: Any) -> None:
    """Store ``value`` under ``key`` inside the caller's session (and audit the change)."""
    row = session.get(Setting, key)
    if row is None:
        session.add(
            Setting(
                key=key,
                value=value,
                updated_at=at,
                updated_by_id=actor.user_id if actor else None,
            )
        )
    else:
        row.value = value
        row.updated_at = at
        row.updated_by_id = actor.user_id if actor else None
    audit(session, actor, "setting.changed", "setting", key, at=at, value=value)


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    """Read one setting (its own short unit of work)."""
    with db.session() as s:
        return read(s, key, default)


def set_setting(
    db: Database, actor: Actor | None, key: str, value: Any, now: Clock = system_now
) -> None:
    """Write one setting (its own unit of work)."""
    with db.session() as s:
        write(s, actor, key, value, now())
