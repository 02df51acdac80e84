"""form_sequences: each printed form numbered from its own yearly sequence

Revision ID: 0012
Revises: 0013
Create Date: 2026-12-05 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_sequences",
        sa.Column("form", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("form", "year", name=op.f("pk_form_sequences")),
    )


def downgrade() -> None:
    op.drop_table("form_sequences")
