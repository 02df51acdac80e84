"""office identity (electronic identifier code, counter unit) and procedures to be reviewed

Revision ID: 0010
Revises: 0015
Create Date: 2026-12-05 08:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite and PostgreSQL both do it in place): a batch "move and copy"
    # would drop the procedures table, which dossiers and documents reference.
    # mã định danh điện tử (QCVN 102:2016/BTTTT); empty for existing offices: their dossier
    # codes keep the office code until the administrator enters it
    op.add_column("office_profile", sa.Column("identifier_code", sa.String(32), nullable=True))
    # existing offices keep printing what they printed before
    op.add_column(
        "office_profile",
        sa.Column("counter_unit", sa.String(200), nullable=False, server_default="Bộ phận Một cửa"),
    )
    op.add_column(
        "procedures",
        sa.Column("needs_review", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("procedures", schema=None) as batch_op:
        batch_op.drop_column("needs_review")
    with op.batch_alter_table("office_profile", schema=None) as batch_op:
        batch_op.drop_column("counter_unit")
        batch_op.drop_column("identifier_code")
