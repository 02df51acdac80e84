"""Intake offers a returning applicant's digitised documents by the same rule as Số hóa."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from tthc_desk.domain.enums import DocumentKind
from tthc_desk.domain.errors import AppError
from tthc_desk.persistence.models import DigitalDocument, Dossier, DossierAttachment
from tthc_desk.services import documents, intake


def _doc(s, applicant_id: int, title: str, **kw) -> DigitalDocument:  # type: ignore[no-untyped-def]
    d = DigitalDocument(sha256=f"{abs(hash(title)):064d}"[:64], size=10, pages=1, title=title,
                        kind=kw.pop("kind", DocumentKind.COPY), applicant_id=applicant_id,
                        registered_at=datetime(2026, 1, 5, 9, 0), **kw)  # fmt: skip
    s.add(d)
    s.flush()
    return d


def test_intake_and_digitisation_offer_the_same_documents(
    office_db, users, procs, build, clock
) -> None:  # type: ignore[no-untyped-def]
    clerk = users["canbo1"].actor
    first = intake.receive_dossier(office_db, clerk, build.intake(procs.residence), now=clock)
    applicant_id = first.dossier.applicant_id
    with office_db.session() as s:
        result = _doc(s, applicant_id, "Giấy xác nhận tình trạng hôn nhân (kết quả)",
                      is_result=True)  # fmt: skip
        expired = _doc(s, applicant_id, "CCCD cũ", valid_until=date(2025, 12, 31))
        old = _doc(s, applicant_id, "Tờ khai chưa ký", superseded=True)
        ids = (result.id, expired.id, old.id)

    found = intake.find_applicant(office_db, build.PID)
    assert found is not None
    offered = [d.id for d in found.documents]
    # The earlier result is offered (reusing results is what 766 counts); the expired and the
    # replaced ones are not. Số hóa's list agrees.
    assert offered == [ids[0]]
    assert [
        d.id for d in documents.reusable_documents(office_db, build.PID, on=date(2026, 3, 2))
    ] == offered

    clock.set(datetime(2026, 3, 3, 9, 0))
    second = intake.receive_dossier(
        office_db, clerk, build.intake(procs.marriage, reuse_document_ids=(ids[0],),
                                       confirm_duplicate=True), now=clock)  # fmt: skip
    with office_db.session() as s:
        att = s.scalars(
            select(DossierAttachment).where(DossierAttachment.dossier_id == second.dossier.id)
        ).one()
        assert att.document_id == ids[0] and att.reused
        before = s.scalar(select(func.count()).select_from(Dossier))

    with pytest.raises(AppError) as err:
        intake.receive_dossier(
            office_db,
            clerk,
            build.intake(procs.birth, reuse_document_ids=(ids[1],), confirm_duplicate=True),
            now=clock,
        )
    assert err.value.code == "intake.reuse.foreign"
    with office_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)) == before  # nothing half-saved


def test_a_new_office_is_told_where_the_catalogue_comes_from(qtbot, office_db, users) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.services import auth
    from tthc_desk.ui.context import AppContext
    from tthc_desk.ui.intake_page import IntakePage
    from tthc_desk.ui.tasks import InlineTaskRunner

    ctx = AppContext(db=office_db, runner=InlineTaskRunner(), user=users["canbo1"],
                     office=auth.get_office(office_db))  # fmt: skip
    page = IntakePage(ctx)
    qtbot.addWidget(page)
    page.load_procedures()
    assert "Danh mục thủ tục còn trống" in page.proc_chosen.text()
