"""Shared service plumbing: the clock, the acting user, role checks and the audit log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from tthc_desk.domain.enums import Role
from tthc_desk.domain.errors import Forbidden
from tthc_desk.persistence.models import AuditEntry

#: The one clock of the app (naive local time, to the second). Tests may replace it.
Clock = Callable[[], datetime]


def system_now() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class Actor:
    """Who acts: the signed-in user (id, name, role)."""

    user_id: int
    full_name: str
    role: Role

    def require(self, *roles: Role) -> None:
        """Raise ``Forbidden`` unless the actor has one of ``roles`` (admins always may)."""
        if self.role is Role.ADMIN or self.role in roles:
            return
        raise Forbidden("auth.forbidden", role=self.role.value)


def audit(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: object = None,
    at: datetime | None = None,
    **detail: Any,
) -> None:
    """Append one line to the audit log inside the caller's unit of work."""
    session.add(
        AuditEntry(
            at=at or system_now(),
            user_id=actor.user_id if actor else None,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            detail=detail or None,
        )
    )
