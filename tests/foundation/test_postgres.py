"""Several counter PCs share one PostgreSQL database through the same code (CI starts one)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.support.postgres import NO_SERVER, PG_URL, pg_database
from tthc_desk.domain.enums import Role
from tthc_desk.persistence import search_index
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Base, include_in_schema_comparison
from tthc_desk.services import auth

pytestmark = [pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason=NO_SERVER)]


@pytest.fixture
def pg_db() -> Iterator[Database]:
    with pg_database() as db:
        yield db


def test_migrations_match_models_on_postgres(pg_db: Database) -> None:
    with pg_db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "include_object": search_index.include_object,
                    "include_name": include_in_schema_comparison,
                },
            ),
            Base.metadata,
        )
    assert diff == []


def test_setup_and_sign_in_on_postgres(pg_db: Database) -> None:
    auth.first_run_setup(
        pg_db,
        auth.OfficeInput("UBND xã An Sơn", "XANSON", "Thôn Đông", "Hải Dương"),
        auth.UserInput("admin", "Trần Văn Quản", Role.ADMIN, "matkhau123", "matkhau123"),
    )
    user = auth.sign_in(pg_db, "admin", "matkhau123")
    assert user.full_name == "Trần Văn Quản"
    assert "postgresql" in pg_db.url and pg_db.file_path is None


def test_audit_log_is_append_only_on_postgres(pg_db: Database) -> None:
    with pg_db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (at, action, entity) "
                "VALUES ('2026-01-01 08:00', 'test', 'x')"
            )
        )
    with pytest.raises(DBAPIError), pg_db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))


def test_app_role_cannot_touch_the_audit_log(pg_db: Database) -> None:
    """The application role (scripts/pg-roles.sql, migration 0016) appends to the audit log
    but cannot update, delete, truncate it or disable its trigger; the chain verifies."""
    with pg_db.engine.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = 'tthc_app'")).scalar()
        if not exists:
            conn.execute(text("CREATE ROLE tthc_app LOGIN"))
        conn.execute(text("GRANT USAGE ON SCHEMA public TO tthc_app"))
        import importlib

        mig = importlib.import_module(
            "tthc_desk.persistence.migrations.versions.0016_security_audit_chain"
        )
        for sql in mig.APP_GRANTS:
            conn.execute(text(sql))
    app_url = pg_db.engine.url.set(username="tthc_app", password=None)
    app = Database.open(app_url.render_as_string(hide_password=False), migrate=False)
    try:
        auth.first_run_setup(
            app,
            auth.OfficeInput("UBND xã An Sơn", "XANSON", "Thôn Đông", "Hải Dương"),
            auth.UserInput("admin", "Trần Văn Quản", Role.ADMIN, "matkhau123", "matkhau123"),
        )
        for sql in (
            "UPDATE audit_log SET action = 'x'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change",
            "DROP TRIGGER audit_log_no_change ON audit_log",
        ):
            with pytest.raises(DBAPIError) as e, app.engine.begin() as conn:
                conn.execute(text(sql))
            assert "permission denied" in str(e.value) or "must be owner" in str(e.value)
        from tthc_desk.services.audit_log import verify_audit_log

        report = verify_audit_log(app)
        assert report.ok and report.checked >= 1
    finally:
        app.dispose()


def test_document_full_text_search_on_postgres(pg_db: Database) -> None:
    """The same search service over the GIN-indexed tsvector of migration 0017."""
    from datetime import datetime

    from tthc_desk.domain.enums import DocumentKind
    from tthc_desk.persistence.models import Applicant, DigitalDocument
    from tthc_desk.services import documents as docs

    now = datetime(2025, 3, 10, 9, 0)
    with pg_db.session() as s:
        person = Applicant(
            personal_id="030190001234",
            full_name="Nguyễn Thị Bình",
            name_folded="nguyen thi binh",
            created_at=now,
            updated_at=now,
        )
        s.add(person)
        s.flush()
        for i, (title, text_read) in enumerate(
            [("Căn cước", "CĂN CƯỚC CÔNG DÂN Họ và tên NGUYỄN THỊ BÌNH"), ("Tờ khai", "")]
        ):
            s.add(
                DigitalDocument(
                    sha256=f"{i:064d}",
                    size=1,
                    pages=1,
                    title=title,
                    kind=DocumentKind.COPY,
                    applicant_id=person.id,
                    ocr=bool(text_read),
                    ocr_text=text_read or None,
                    search_folded=docs._search_key(title, text_read),
                    registered_at=now,
                )
            )
    found = docs.search_documents(pg_db, "cuoc cong")
    assert [f.title for f in found] == ["Căn cước"]
    assert docs.search_documents(pg_db, "tờ", applicant="030190001234")[0].title == "Tờ khai"
    assert docs.search_documents(pg_db, "khong co") == []
    with pg_db.engine.connect() as conn:
        assert conn.execute(
            text("SELECT 1 FROM pg_indexes WHERE indexname = 'document_fts_gin'")
        ).scalar()
