"""board and search indexes: the board's orders by index, text search by FTS5 / pg_trgm

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-05 08:30:00
"""

from __future__ import annotations

from alembic import op

from tthc_desk.persistence import search_index

revision = "0013"
down_revision = "0010"
branch_labels = None
depends_on = None

BOARD_INDEXES = {
    "ix_dossiers_due": ["due_at", "id"],
    "ix_dossiers_field_due": ["field_id", "due_at", "id"],
    "ix_dossiers_officer_due": ["current_officer_id", "due_at", "id"],
    "ix_dossiers_state_field_due": ["state", "field_id", "due_at", "id"],
    "ix_dossiers_state_officer_due": ["state", "current_officer_id", "due_at", "id"],
}


def upgrade() -> None:
    for name, columns in BOARD_INDEXES.items():
        op.create_index(name, "dossiers", columns, unique=False)
    search_index.create(op.get_bind(), prefixes="")  # the prefix indexes came in 0019


def downgrade() -> None:
    search_index.drop(op.get_bind())
    for name in BOARD_INDEXES:
        op.drop_index(name, table_name="dossiers")
