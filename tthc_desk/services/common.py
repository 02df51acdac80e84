"""Shared service plumbing: the clock, the acting user, role checks and the audit log."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tthc_desk.domain.audit_chain import audit_hash
from tthc_desk.domain.enums import Role
from tthc_desk.domain.errors import Forbidden
from tthc_desk.persistence.models import AuditChainHead, AuditEntry

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
    """Append one line to the audit log inside the caller's unit of work, chained by hash to
    the line before it (see :func:`audit_hash`)."""
    entry = AuditEntry(
        at=at or system_now(),
        user_id=actor.user_id if actor else None,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        detail=json.loads(json.dumps(detail, ensure_ascii=False, default=str)) if detail else None,
    )
    # Take the chain's head row first: this write serialises the audit writers of every PC.
    prev = session.execute(
        update(AuditChainHead)
        .where(AuditChainHead.id == 1)
        .values(chained=AuditChainHead.chained + 1)
        .returning(AuditChainHead.last_hash)
    ).scalar_one_or_none()
    if prev is None and session.get(AuditChainHead, 1) is None:
        session.add(AuditChainHead(id=1, last_hash=None, chained=1))
    entry.prev_hash = prev
    entry.row_hash = audit_hash(prev, entry)
    session.execute(
        update(AuditChainHead).where(AuditChainHead.id == 1).values(last_hash=entry.row_hash)
    )
    session.add(entry)


@dataclass(frozen=True)
class ChainReport:
    """What ``audit verify`` found: lines checked, and the first problems (line id, kind)."""

    checked: int
    unchained: int  # lines older than the chain (made before it existed)
    problems: tuple[tuple[int | None, str], ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(session: Session, limit: int = 20) -> ChainReport:
    """Walk the audit log in order: every chained line must point at the line before it and
    hash to its stored value; the head row must name the last line (a cut-off tail)."""
    problems: list[tuple[int | None, str]] = []
    prev: str | None = None
    checked = unchained = 0
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    for entry in rows:
        if entry.row_hash is None:
            if checked:
                problems.append((entry.id, "unchained"))
            unchained += 1
            continue
        checked += 1
        if entry.prev_hash != prev:
            problems.append((entry.id, "missing_before"))
        if audit_hash(entry.prev_hash, entry) != entry.row_hash:
            problems.append((entry.id, "altered"))
        prev = entry.row_hash
        if len(problems) >= limit:
            break
    head = session.get(AuditChainHead, 1)
    if len(problems) < limit and head is not None:
        if head.last_hash != prev or head.chained != checked:
            problems.append((None, "missing_after"))
    return ChainReport(checked, unchained, tuple(problems))
