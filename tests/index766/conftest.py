"""Fixtures of the 766 tests: a small hand-built office (through the ORM) and a demo database."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from index766_period import LATER, PERIOD  # type: ignore[import-not-found]  # noqa: E402, F401

from tthc_desk.domain.enums import (
    Channel,
    DocumentKind,
    DossierState,
    FeedbackState,
    OnlineService,
    PaymentMethod,
    TimeUnit,
)
from tthc_desk.domain.text import fold
from tthc_desk.persistence.models import (
    Applicant,
    Dossier,
    DossierEvent,
    Feedback,
    Field,
    NoticePosting,
    Procedure,
    Rating,
    RequiredDocument,
)


def _procedure(field_id: int, code: str, name: str, **kw: object) -> Procedure:
    p = Procedure(
        code=code,
        name=name,
        search_key=fold(f"{code} {name}"),
        field_id=field_id,
        time_unit=TimeUnit.WORKING_DAYS,
        time_amount=3,
        decision_no="123/QĐ-UBND",
        decision_date=date(2026, 2, 2),  # Monday: posting due by the end of 9/2
        applicant_steps="Nộp hồ sơ tại Bộ phận Một cửa.",
        channel_counter=True,
        eligible_applicants="Công dân Việt Nam",
        handling_body="UBND xã An Sơn",
        created_at=datetime(2026, 1, 5),
        **kw,
    )
    p.documents.append(RequiredDocument(position=1, name="Tờ khai", kind=DocumentKind.FORM))
    return p


@pytest.fixture
def small_office(office_db):  # type: ignore[no-untyped-def]
    """Two procedures and nine dossiers whose every figure is worked out in test_service."""
    with office_db.session() as s:
        f = Field(name="Hộ tịch", name_folded="ho tich")
        s.add(f)
        s.flush()
        online = _procedure(
            f.id, "1.000001", "Đăng ký khai sinh", online_service=OnlineService.FULL
        )
        paper = _procedure(f.id, "1.000002", "Chứng thực bản sao", certification=True)
        s.add_all([online, paper])
        s.flush()
        s.add(
            NoticePosting(
                procedure_id=online.id,
                printed_at=datetime(2026, 2, 3, 8, 0),
                posted_at=datetime(2026, 2, 4, 8, 0),
            )
        )  # on time; paper never posted
        a = Applicant(
            full_name="Nguyễn Văn An",
            name_folded="nguyen van an",
            created_at=datetime(2026, 1, 1),
            updated_at=datetime(2026, 1, 1),
        )
        s.add(a)
        s.flush()

        def dossier(code: str, proc: Procedure, state: DossierState, **kw: object) -> Dossier:
            d = Dossier(
                code=code,
                procedure_id=proc.id,
                field_id=f.id,
                applicant_id=a.id,
                state=state,
                channel=kw.pop("channel", Channel.COUNTER),
                search_key=code.lower(),
                created_at=kw.get("received_at") or kw.get("submitted_at"),
                **kw,
            )
            s.add(d)
            return d

        dt = datetime
        # D1 counter, early, returned and rated "satisfied"
        dossier(
            "D1",
            paper,
            DossierState.RETURNED,
            received_at=dt(2026, 3, 2, 9),
            due_at=dt(2026, 3, 5, 9),
            finished_at=dt(2026, 3, 4, 10),
            timeliness="early",
            returned_at=dt(2026, 3, 5, 8),
        )
        # D2 counter, late; a complaint (feedback) about it
        d2 = dossier(
            "D2",
            paper,
            DossierState.RESULT_READY,
            received_at=dt(2026, 3, 3, 10),
            due_at=dt(2026, 3, 6, 10),
            finished_at=dt(2026, 3, 9, 10),
            timeliness="late",
        )
        # D3 online from the applicant's own account, received in time, early, electronic
        # result returned to the citizen's account, fee paid online, rated "not satisfied"
        d3 = dossier(
            "D3",
            online,
            DossierState.RETURNED,
            channel=Channel.ONLINE,
            own_account=True,
            submitted_at=dt(2026, 3, 10, 8),
            reception_due_at=dt(2026, 3, 10, 16),
            received_at=dt(2026, 3, 10, 9),
            due_at=dt(2026, 3, 13, 9),
            finished_at=dt(2026, 3, 12, 9),
            timeliness="early",
            returned_at=dt(2026, 3, 13, 8),
            fee_amount=50000,
            payment_method=PaymentMethod.ONLINE,
            result_electronic=True,
            result_to_citizen_account=True,
        )
        # D4 counter, still open at the period's end and within time; fee paid in cash
        dossier(
            "D4",
            online,
            DossierState.IN_PROGRESS,
            received_at=dt(2026, 3, 27, 10),
            due_at=dt(2026, 4, 1, 10),
            fee_amount=50000,
            payment_method=PaymentMethod.CASH,
        )
        # D5 two supplement requests: late, although it ended early; returned, not rated
        dossier(
            "D5",
            paper,
            DossierState.RETURNED,
            received_at=dt(2026, 3, 16, 8),
            due_at=dt(2026, 3, 19, 8),
            finished_at=dt(2026, 3, 18, 8),
            timeliness="early",
            supplement_count=2,
            returned_at=dt(2026, 3, 18, 9),
        )
        # D6 carried over from February, finished late in March
        dossier(
            "D6",
            paper,
            DossierState.RESULT_READY,
            received_at=dt(2026, 2, 20, 8),
            due_at=dt(2026, 2, 25, 8),
            finished_at=dt(2026, 3, 2, 8),
            timeliness="late",
        )
        # D7 January: not in hand in March at all
        dossier(
            "D7",
            paper,
            DossierState.RETURNED,
            received_at=dt(2026, 1, 10, 8),
            due_at=dt(2026, 1, 15, 8),
            finished_at=dt(2026, 1, 14, 8),
            timeliness="early",
            returned_at=dt(2026, 1, 14, 9),
        )
        # D8 online, never received: 8 working hours passed on 27/3 16:00
        dossier(
            "D8",
            online,
            DossierState.SUBMITTED_ONLINE,
            channel=Channel.ONLINE,
            own_account=True,
            submitted_at=dt(2026, 3, 27, 8),
            reception_due_at=dt(2026, 3, 27, 16),
        )
        # D9 paused with two working hours left: within time
        dossier(
            "D9",
            paper,
            DossierState.PAUSED,
            received_at=dt(2026, 3, 25, 8),
            due_at=dt(2026, 3, 27, 8),
            paused_at=dt(2026, 3, 26, 8),
            remaining_minutes=120,
            pause_count=1,
        )
        s.flush()
        s.add(DossierEvent(dossier_id=d3.id, kind="received", at=dt(2026, 3, 10, 9)))
        s.add(Rating(dossier_id=d3.id, level="not_satisfied", rated_at=dt(2026, 3, 13, 8)))
        d1 = s.query(Dossier).filter_by(code="D1").one()
        s.add(Rating(dossier_id=d1.id, level="satisfied", rated_at=dt(2026, 3, 5, 8)))
        s.add(
            Feedback(
                number="PA-01",
                received_at=dt(2026, 3, 5, 9),
                channel="counter",
                sender_name="Trần Thị Bình",
                content="Hồ sơ trả chậm",
                dossier_id=d2.id,
                state=FeedbackState.ANSWERED,
                due_at=dt(2026, 3, 26, 17, 30),
                answered_at=dt(2026, 3, 27, 9),
                satisfied=True,
            )
        )
    return office_db


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory, _migrated_template: Path) -> Path:
    """A demo commune (about 2.5 weeks of dossiers up to 20/11/2026 10:00), built once."""
    from tthc_desk.persistence.db import Database
    from tthc_desk.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo766") / "demo.sqlite3"
    shutil.copyfile(_migrated_template, path)
    db = Database.open(path)
    build_demo(db, years=0.05, per_day=10, today=datetime(2026, 11, 20, 10, 0))
    db.dispose()
    return path


@pytest.fixture
def demo_db(tmp_path: Path, _demo_template: Path) -> Iterator[object]:
    from tthc_desk.persistence.db import Database

    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(_demo_template, path)
    db = Database.open(path)
    yield db
    db.dispose()
