"""766 covering indexes; FTS5 prefix indexes for searching by the first digits of an ID or phone

Revision ID: 0019
Revises: 0017
Create Date: 2026-12-06 02:30:00
"""

from __future__ import annotations

from alembic import op

from tthc_desk.persistence import search_index

revision = "0019"
down_revision = "0017"
branch_labels = None
depends_on = None

# the columns of the 766 aggregate's dossiers (models.DOSSIER_766_COLUMNS, frozen here)
DOSSIER_766 = [
    "finished_at",
    "submitted_at",
    "received_at",
    "created_at",
    "state",
    "channel",
    "procedure_id",
    "supplement_count",
    "timeliness",
    "reception_due_at",
    "portal_due_at",
    "original_due_at",
    "due_at",
    "paused_at",
    "fee_amount",
    "payment_method",
    "result_electronic",
    "own_account",
    "result_to_citizen_account",
    "returned_at",
    "pause_count",
]


def upgrade() -> None:
    op.create_index("ix_dossiers_766", "dossiers", DOSSIER_766, unique=False)
    op.create_index(
        "ix_step_runs_timeliness",
        "step_runs",
        ["timeliness", "finished_at", "started_at"],
        unique=False,
    )
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":  # PostgreSQL's trigram indexes serve prefixes already
        search_index.drop(conn)
        search_index.create(conn, prefixes="1 2 3 4")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        search_index.drop(conn)
        search_index.create(conn, prefixes="")
    op.drop_index("ix_step_runs_timeliness", table_name="step_runs")
    op.drop_index("ix_dossiers_766", table_name="dossiers")
