"""Retention of personal data (Decree 13/2023/NĐ-CP; Law on Archives 33/2024/QH15; Circular
10/2022/TT-BNV, sources in ``services.retention.LEGAL_BASIS``): the dry-run report lists what
would be anonymised, the anonymisation does exactly that in one transaction, never touches an
open dossier, a recent one or one with an open feedback, keeps search working and the audit
chain intact; administrators only. On SQLite and, when ``TTHC_TEST_PG_URL`` is set, PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from tests.support.office import make_office
from tests.support.postgres import backend_database
from tthc_desk.domain.enums import DocumentKind, DossierState, FeedbackState
from tthc_desk.domain.errors import Forbidden, ValidationError
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import (
    Applicant,
    AuditEntry,
    DigitalDocument,
    Dossier,
    DossierEvent,
    Feedback,
)
from tthc_desk.services import auth, dossiers, intake, retention
from tthc_desk.services.audit_log import verify_audit_log
from tthc_desk.services.dossiers import DocumentInput

TODAY = date(2026, 3, 2)
OLD = datetime(2014, 5, 6, 9, 0)  # more than 10 years before TODAY
RECENT = datetime(2024, 5, 6, 9, 0)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def office(request, db_path: Path) -> Iterator[SimpleNamespace]:  # type: ignore[no-untyped-def]
    with backend_database(request.param, db_path, "tthc_ret") as db:
        yield populate(db)


def _receive(
    db: Database, clerk: Any, proc: int, name: str, pid: str, born: str, at: datetime
) -> str:
    cmd = intake.IntakeCommand(
        procedure_id=proc,
        applicant=intake.ApplicantInput(
            full_name=name,
            personal_id=pid,
            birth_date=born,
            address="Thôn Đông, xã An Sơn",
            phone="0912 345 678",
        ),
        documents=(DocumentInput("Tờ khai", "form"),),
    )
    return intake.receive_dossier(db, clerk, cmd, now=lambda: at).dossier.code


def _end(
    db: Database, code: str, at: datetime, state: DossierState = DossierState.RETURNED
) -> None:
    """Test set-up: the dossier ended at ``at`` (its life is tested elsewhere)."""
    with db.session() as s:
        d = s.scalars(select(Dossier).where(Dossier.code == code)).one()
        d.state = state
        d.finished_at = d.returned_at = at
        d.collected_by = "Nguyễn Văn Đức"


def _feedback(db: Database, code: str | None, number: str, state: FeedbackState) -> None:
    with db.session() as s:
        d_id = s.scalar(select(Dossier.id).where(Dossier.code == code)) if code else None
        s.add(
            Feedback(
                number=number,
                received_at=OLD + timedelta(days=30),
                channel="counter",
                sender_name="Nguyễn Văn Đức",
                sender_contact="0912 345 678",
                content="Hồ sơ trả chậm",
                dossier_id=d_id,
                state=state,
                due_at=OLD + timedelta(days=40),
            )
        )


def populate(db: Database) -> SimpleNamespace:
    """Four citizens: Đức (one dossier ended in 2014: anonymised), Lan (2014 and 2024: kept),
    Minh (2014, still in progress: kept), Hùng (2014, open feedback: kept); plus closed
    feedback on Đức's dossier and one with no dossier (anonymised)."""
    clerk, proc = make_office(db)
    admin = auth.sign_in(db, "admin", "matkhau123").actor
    duc = _receive(db, clerk, proc, "Nguyễn Văn Đức", "030085001234", "12/05/1985", OLD)
    lan_old = _receive(db, clerk, proc, "Trần Thị Lan", "001190004321", "1990", OLD)
    _end(db, lan_old, OLD + timedelta(days=3))
    lan_new = _receive(db, clerk, proc, "Trần Thị Lan", "001190004321", "1990", RECENT)
    minh = _receive(db, clerk, proc, "Lê Văn Minh", "030090001111", "1990", OLD)
    hung = _receive(db, clerk, proc, "Phạm Văn Hùng", "030080002222", "1980", OLD)
    for code in (duc, hung):
        _end(db, code, OLD + timedelta(days=3))
    _end(db, lan_new, RECENT + timedelta(days=3))
    with db.session() as s:
        d = s.scalars(select(Dossier).where(Dossier.code == duc)).one()
        s.add(DossierEvent(dossier_id=d.id, kind="returned", at=OLD + timedelta(days=3),
                           data={"collected_by": "Nguyễn Văn Đức", "book_line": 7}))  # fmt: skip
        s.add(DigitalDocument(
            sha256="ab" * 32, size=1, pages=1, title="Căn cước", kind=DocumentKind.ORIGINAL,
            applicant_id=d.applicant_id, ocr_text="NGUYỄN VĂN ĐỨC 030085001234",
            search_folded="nguyen van duc 030085001234", registered_at=OLD,
        ))  # fmt: skip
        # a citizen known since 2013 (a reused paper) who never filed a dossier
        s.add(Applicant(full_name="Đỗ Thị Mai", name_folded="do thi mai", personal_id="001180003333",
                        phone="0987 000 111", created_at=OLD - timedelta(days=400),
                        updated_at=OLD - timedelta(days=400)))  # fmt: skip
    _feedback(db, duc, "PA-01", FeedbackState.ANSWERED)
    _feedback(db, hung, "PA-02", FeedbackState.IN_PROGRESS)
    _feedback(db, None, "PA-03", FeedbackState.PUBLISHED)
    return SimpleNamespace(
        db=db, clerk=clerk, admin=admin, duc=duc, lan=lan_old, minh=minh, hung=hung
    )


def _applicant(db: Database, code: str) -> Applicant:
    with db.session() as s:
        a = s.scalars(
            select(Applicant)
            .join(Dossier, Dossier.applicant_id == Applicant.id)
            .where(Dossier.code == code)
        ).one()
        s.expunge(a)
        return a


def _board_codes(db: Database, words: str) -> set[str]:
    page = dossiers.board_page(db, dossiers.BoardQuery(states=None, text=words))
    return {r.code for r in page.rows}


def test_dry_run_reports_then_apply_anonymises_only_what_it_said(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office.db, office.admin
    assert retention.retention_years(db) == retention.DEFAULT_YEARS == 10
    before = verify_audit_log(db)
    p = retention.plan(db, admin, TODAY)
    assert p.cutoff == date(2016, 3, 2)
    assert (p.applicants, p.applicants_without_dossier, p.dossiers) == (2, 1, 1)
    assert p.documents == 1
    assert p.feedback == 2  # Đức's closed feedback and the one with no dossier
    assert p.kept_open == 2  # Lan (a 2024 dossier) and Minh (still in progress)
    assert p.kept_feedback == 1  # Hùng
    assert [o.code for o in p.oldest] == [office.duc]
    assert p.oldest[0].ended == (OLD + timedelta(days=3)).date()
    # the dry run changed nothing
    assert _applicant(db, office.duc).full_name == "Nguyễn Văn Đức"
    assert office.duc in _board_codes(db, "Nguyen Van Duc")

    result = retention.apply(db, admin, TODAY, now=lambda: datetime(2026, 3, 2, 10, 0))
    assert result.plan == p and result.anonymised == 2
    a = _applicant(db, office.duc)
    assert a.full_name == retention.ANONYMOUS
    assert (a.personal_id, a.phone, a.address, a.birth_date, a.email) == (None,) * 5
    with db.session() as s:
        mai = s.scalars(
            select(Applicant).where(Applicant.phone.is_(None), Applicant.id != a.id)
        ).one()
        assert mai.full_name == retention.ANONYMOUS and mai.personal_id is None
        doc = s.scalars(select(DigitalDocument)).one()
        assert (doc.applicant_id, doc.ocr_text, doc.search_folded) == (None, None, None)
        ev = s.scalars(select(DossierEvent).where(DossierEvent.data.is_not(None))).all()
        assert [e.data for e in ev if e.kind == "returned"] == [
            {"collected_by": "(đã ẩn danh)", "book_line": 7}
        ]
    for kept, name in (
        (office.lan, "Trần Thị Lan"),
        (office.minh, "Lê Văn Minh"),
        (office.hung, "Phạm Văn Hùng"),
    ):
        assert _applicant(db, kept).full_name == name
    with db.session() as s:
        d = s.scalars(select(Dossier).where(Dossier.code == office.duc)).one()
        assert d.state is DossierState.RETURNED and d.collected_by is None  # the dossier is kept
        names = dict(s.execute(select(Feedback.number, Feedback.sender_name)).all())
        assert names == {
            "PA-01": "(đã ẩn danh)",
            "PA-02": "Nguyễn Văn Đức",
            "PA-03": "(đã ẩn danh)",
        }
        line = s.scalars(select(AuditEntry).where(AuditEntry.action == "retention.applied")).one()
        assert line.user_id == admin.user_id and line.detail["applicants"] == 2

    # search still works: by code yes, by the erased name, ID or phone no
    assert _board_codes(db, office.duc) == {office.duc}
    assert office.duc not in _board_codes(db, "Nguyen Van Duc")
    assert office.duc not in _board_codes(db, "030085001234")
    assert _board_codes(db, "Tran Thi Lan") >= {office.lan}
    assert [m.full_name for m in intake.search_applicants(db, "Nguyen Van Duc")] == []
    assert [m.full_name for m in intake.search_applicants(db, "Le Van Minh")] == ["Lê Văn Minh"]

    # the audit chain verifies, one line longer
    after = verify_audit_log(db)
    assert after.ok and after.checked == before.checked + 1
    # a second run finds nothing more
    again = retention.plan(db, admin, TODAY)
    assert again.empty and again.applicants == 0 and again.feedback == 0


def test_the_period_is_the_administrators_setting(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office.db, office.admin
    with pytest.raises(ValidationError):
        retention.set_retention_years(db, admin, 2)
    retention.set_retention_years(db, admin, 12)
    assert retention.retention_years(db) == 12
    p = retention.plan(db, admin, TODAY)
    assert p.cutoff == date(2014, 3, 2) and p.applicants == 1  # Mai (2013); 2014-05 is inside
    retention.set_retention_years(db, admin, 5)
    p = retention.plan(db, admin, TODAY)
    assert p.applicants == 2  # Đức and Mai; Lan's last dossier (2024) still keeps her


def test_a_clerk_is_refused(office) -> None:  # type: ignore[no-untyped-def]
    db, clerk = office.db, office.clerk
    for call in (
        lambda: retention.plan(db, clerk, TODAY),
        lambda: retention.apply(db, clerk, TODAY),
        lambda: retention.set_retention_years(db, clerk, 10),
    ):
        with pytest.raises(Forbidden):
            call()
    assert _applicant(db, office.duc).full_name == "Nguyễn Văn Đức"


def test_cutoff_on_29_february() -> None:
    assert retention.cutoff_for(date(2028, 2, 29), 10) == date(2018, 2, 28)


def test_legal_basis_is_cited() -> None:
    docs = " ".join(d for d, _, _ in retention.LEGAL_BASIS)
    assert "13/2023/NĐ-CP" in docs and "33/2024/QH15" in docs and "10/2022/TT-BNV" in docs
    # the Circular's date as its text reads (19/12/2022), with the page it was read on; its
    # table's line for one-stop dossiers is unverified and said so in the module
    [(_, dated, link)] = [b for b in retention.LEGAL_BASIS if "10/2022/TT-BNV" in b[0]]
    assert dated == "19/12/2022" and link.startswith("https://") and "10-2022-TT-BNV" in link
    assert "Unverified" in (retention.__doc__ or "")


def _cli(db: Database, capsys: Any, *args: str) -> tuple[int, str, str]:
    from tthc_desk.cli import run

    url = str(db.file_path) if db.file_path else db.engine.url.render_as_string(hide_password=False)
    code = run(["--db", url, "retention", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_dry_run_then_apply(office, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = office.db
    monkeypatch.setattr("sys.stdin", open(os.devnull))  # no terminal: no password prompt
    monkeypatch.delenv("TTHC_PASSWORD", raising=False)
    code, _, err = _cli(db, capsys, "--dry-run", "--today", "2026-03-02")
    assert code == 1 and "--user" in err
    monkeypatch.setenv("TTHC_PASSWORD", "matkhau123")
    code, _, err = _cli(db, capsys, "--dry-run", "--today", "2026-03-02", "--user", "canbo1")
    assert code == 1 and "Lỗi:" in err
    code, out, err = _cli(db, capsys, "--dry-run", "--today", "2026-03-02", "--user", "admin")
    assert code == 0, err
    assert "Người nộp sẽ được ẩn danh: 2" in out and office.duc in out
    assert _applicant(db, office.duc).full_name == "Nguyễn Văn Đức"
    code, out, err = _cli(db, capsys, "--apply", "--today", "2026-03-02", "--user", "admin")
    assert code == 0, err
    assert "Đã ẩn danh 2 người nộp" in out
    assert _applicant(db, office.duc).full_name == retention.ANONYMOUS
    assert verify_audit_log(db).ok


def test_a_citizen_who_came_back_since_the_selection_is_kept(office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The statement that anonymises checks each citizen again: here the selection is made
    stale on purpose (everyone), as if a dossier had been received on another PC meanwhile."""
    db, admin = office.db, office.admin
    real = retention._selection

    def stale(cutoff):  # type: ignore[no-untyped-def]
        sel = dict(real(cutoff))
        sel["candidates"] = select(Applicant.id).where(Applicant.full_name != retention.ANONYMOUS)
        return sel

    monkeypatch.setattr(retention, "_selection", stale)
    result = retention.apply(db, admin, TODAY)
    assert result.anonymised == 2  # Đức and Mai only, though all five were selected
    for kept, name in (
        (office.lan, "Trần Thị Lan"),
        (office.minh, "Lê Văn Minh"),
        (office.hung, "Phạm Văn Hùng"),
    ):
        assert _applicant(db, kept).full_name == name
    assert office.lan in _board_codes(db, "Tran Thi Lan")
