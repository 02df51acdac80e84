"""documents: OCR text and a folded search key, with full-text search (FTS5 / GIN)

Revision ID: 0017
Revises: 0012
Create Date: 2026-12-05 09:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0012"
branch_labels = None
depends_on = None

_SQLITE_FTS = [
    # external-content FTS5 over digital_documents.search_folded (already folded: no diacritics)
    "CREATE VIRTUAL TABLE document_fts USING fts5("
    "search_folded, content='digital_documents', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER document_fts_ai AFTER INSERT ON digital_documents BEGIN "
    "INSERT INTO document_fts(rowid, search_folded) VALUES (new.id, new.search_folded); END",
    "CREATE TRIGGER document_fts_ad AFTER DELETE ON digital_documents BEGIN "
    "INSERT INTO document_fts(document_fts, rowid, search_folded) "
    "VALUES ('delete', old.id, old.search_folded); END",
    "CREATE TRIGGER document_fts_au AFTER UPDATE OF search_folded ON digital_documents BEGIN "
    "INSERT INTO document_fts(document_fts, rowid, search_folded) "
    "VALUES ('delete', old.id, old.search_folded); "
    "INSERT INTO document_fts(rowid, search_folded) VALUES (new.id, new.search_folded); END",
]


def _fold(text: str) -> str:
    from tthc_desk.domain.text import fold

    return fold(text)


def upgrade() -> None:
    with op.batch_alter_table("digital_documents") as batch:
        batch.add_column(sa.Column("ocr_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("search_folded", sa.Text(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT id, title, required_document_name FROM digital_documents")
    ).all()
    for row in rows:
        key = _fold(" ".join(p for p in (row.title, row.required_document_name) if p))
        conn.execute(
            sa.text("UPDATE digital_documents SET search_folded = :k WHERE id = :i"),
            {"k": key, "i": row.id},
        )
    if conn.dialect.name == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)
        op.execute("INSERT INTO document_fts(document_fts) VALUES ('rebuild')")
    elif conn.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX document_fts_gin ON digital_documents "
            "USING gin (to_tsvector('simple', coalesce(search_folded, '')))"
        )


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for name in ("document_fts_ai", "document_fts_ad", "document_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS document_fts")
    elif conn.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS document_fts_gin")
    with op.batch_alter_table("digital_documents") as batch:
        batch.drop_column("search_folded")
        batch.drop_column("ocr_text")
