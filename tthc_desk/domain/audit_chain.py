"""The audit log's hash chain: each line's hash covers the previous line's hash and its content."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Protocol


class AuditLine(Protocol):
    at: Any
    user_id: int | None
    action: str
    entity: str
    entity_id: str | None
    detail: Any


def audit_hash(prev: str | None, line: AuditLine) -> str:
    """SHA-256 (hex) over the previous line's hash and this line's content (time, user,
    action, entity, detail) in a canonical JSON form."""
    content = json.dumps(
        [
            prev or "",
            line.at.isoformat(sep=" ") if line.at else None,
            line.user_id,
            line.action,
            line.entity,
            line.entity_id,
            line.detail,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(content.encode()).hexdigest()
