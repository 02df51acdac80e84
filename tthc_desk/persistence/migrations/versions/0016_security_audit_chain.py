"""security: hash-chained audit log (prev_hash, row_hash, audit_chain_head)

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-05 08:40:00

Existing audit lines are chained in id order, so ``audit verify`` covers the whole log. On
PostgreSQL, nobody but the owner may TRUNCATE the audit log (see README, "several PCs", for
the owner and application roles).
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("row_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=True),
        sa.Column("chained", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    _chain_existing_lines()
    if op.get_bind().dialect.name == "postgresql":
        op.execute("REVOKE TRUNCATE, UPDATE, DELETE ON audit_log FROM PUBLIC")
        op.execute("REVOKE DELETE, TRUNCATE ON audit_chain_head FROM PUBLIC")
        grant_app_role()


#: The application role's rights (scripts/pg-roles.sql creates the role): the office's data,
#: but the audit log only to read and append, and the schema version only to read.
APP_GRANTS = (
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tthc_app",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tthc_app",
    "REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM tthc_app",
    "REVOKE DELETE, TRUNCATE ON audit_chain_head FROM tthc_app",
    "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM tthc_app",
)


def grant_app_role() -> None:
    """When the office has set up the application role, give it its rights."""
    body = " ".join(f"EXECUTE '{sql}';" for sql in APP_GRANTS)
    op.execute(
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tthc_app') THEN "
        + body
        + " END IF; END $$"
    )


def _chain_existing_lines() -> None:
    from tthc_desk.domain.audit_chain import audit_hash

    bind = op.get_bind()
    dialect = bind.dialect.name
    rows = bind.execute(
        sa.text(
            "SELECT id, at, user_id, action, entity, entity_id, detail FROM audit_log ORDER BY id"
        )
    ).all()
    prev = None
    hashes = []
    for r in rows:
        at = r.at
        if isinstance(at, str):  # SQLite hands back text through a raw query
            from datetime import datetime

            at = datetime.fromisoformat(at)
        detail = json.loads(r.detail) if isinstance(r.detail, str) else r.detail
        line = SimpleNamespace(
            at=at,
            user_id=r.user_id,
            action=r.action,
            entity=r.entity,
            entity_id=r.entity_id,
            detail=detail,
        )
        row_hash = audit_hash(prev, line)
        hashes.append({"i": r.id, "p": prev, "h": row_hash})
        prev = row_hash
    if hashes:
        # the append-only guard is lifted for this one, in the migration's transaction
        if dialect == "sqlite":
            op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        elif dialect == "postgresql":
            op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
        bind.execute(
            sa.text("UPDATE audit_log SET prev_hash = :p, row_hash = :h WHERE id = :i"), hashes
        )
        if dialect == "sqlite":
            op.execute(
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
        elif dialect == "postgresql":
            op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change")
    bind.execute(
        sa.text("INSERT INTO audit_chain_head (id, last_hash, chained) VALUES (1, :h, :n)"),
        {"h": prev, "n": len(hashes)},
    )


def downgrade() -> None:
    op.drop_table("audit_chain_head")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
