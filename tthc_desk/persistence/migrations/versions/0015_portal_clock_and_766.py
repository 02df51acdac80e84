"""the portal's clock of a dossier (portal_due_at) and indexes of the 766 aggregates

Revision ID: 0015
Revises: 0016
Create Date: 2026-12-05 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("portal_due_at", sa.DateTime(), nullable=True))
        batch_op.create_index("ix_dossiers_finished", ["finished_at"], unique=False)
    with op.batch_alter_table("step_runs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_step_runs_766",
            ["finished_at", "started_at", "due_at", "paused_at", "remaining_minutes", "timeliness"],
            unique=False,
        )
    with op.batch_alter_table("dossier_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dossier_events_answer", ["dossier_id", "kind", "at"], unique=False
        )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_dossier_id"), ["dossier_id"], unique=False)
    # existing dossiers: the portal judged them by their first appointment
    op.execute(
        "UPDATE dossiers SET portal_due_at = COALESCE(original_due_at, due_at) "
        "WHERE received_at IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_dossier_id"))
    with op.batch_alter_table("dossier_events", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_events_answer")
    with op.batch_alter_table("step_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_step_runs_766")
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_index("ix_dossiers_finished")
        batch_op.drop_column("portal_due_at")
