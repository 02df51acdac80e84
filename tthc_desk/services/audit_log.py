"""Checking the audit log's hash chain (``audit verify``)."""

from __future__ import annotations

from tthc_desk.persistence.db import Database
from tthc_desk.services.common import ChainReport, verify_chain


def verify_audit_log(db: Database, limit: int = 20) -> ChainReport:
    """Walk the whole audit log and report lines deleted, edited or cut off (first ``limit``)."""
    with db.session() as s:
        return verify_chain(s, limit)
