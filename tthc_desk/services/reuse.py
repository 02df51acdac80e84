"""Which of an applicant's digitised documents may be reused: one rule for intake and Số hóa."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tthc_desk.persistence.models import DigitalDocument


def reusable_in(session: Session, applicant_id: int, on: date) -> list[DigitalDocument]:
    """The applicant's documents still valid ``on``, newest first.

    Valid: the latest version (not superseded by a signed one) and either no expiry date or one
    not before ``on``. Results of earlier procedures count: reusing a digitised result instead
    of asking the citizen for the paper again is what the 766 reuse criterion measures.
    """
    return list(
        session.scalars(
            select(DigitalDocument)
            .where(
                DigitalDocument.applicant_id == applicant_id,
                DigitalDocument.superseded.is_(False),
                DigitalDocument.valid_until.is_(None) | (DigitalDocument.valid_until >= on),
            )
            .order_by(DigitalDocument.registered_at.desc(), DigitalDocument.id.desc())
        )
    )
