"""Invalid intake input of every kind: the coded error, its Vietnamese message, and the database
unchanged. Also the code sequence with two PCs (two engines) saving at the same second."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select

from tthc_desk.domain.enums import Channel, PaymentMethod, ResultDelivery
from tthc_desk.domain.errors import AppError
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import (
    Applicant,
    AuditEntry,
    DailySequence,
    Dossier,
    DossierEvent,
    ReceivedDocument,
    StepRun,
)
from tthc_desk.services import intake
from tthc_desk.ui.messages import describe

TABLES = (Applicant, Dossier, DossierEvent, StepRun, ReceivedDocument, DailySequence, AuditEntry)


def snapshot(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in TABLES}


CASES = [
    ("personal_id", dict(personal_id="03008500123"), "applicant.personal_id.format", "12 chữ số"),
    ("personal_id", dict(personal_id="03008500123x"), "applicant.personal_id.format", "12 chữ số"),
    ("province", dict(personal_id="099085001234"), "applicant.personal_id.province", "099"),
    ("birth_year", dict(birth_date="12/05/1986"), "applicant.personal_id.birth_year", "1985"),
    ("century", dict(personal_id="030285001234"), "applicant.personal_id.birth_year", "2085"),
    ("phone", dict(phone="0912 345 67"), "applicant.phone", "0912 345 67"),
    ("phone_prefix", dict(phone="0112345678"), "applicant.phone", "0112345678"),
    ("date", dict(birth_date="31/02/1985"), "applicant.birth_date.invalid", "31/02/1985"),
    ("date_month", dict(birth_date="12/13/1985"), "applicant.birth_date.invalid", "12/13/1985"),
    (
        "date_future",
        dict(birth_date="01/01/2030", personal_id="030230001234"),
        "applicant.birth_date.future",
        "01/01/2030",
    ),
    ("name", dict(full_name="   "), "applicant.full_name.empty", "họ và tên"),
    ("email", dict(email="duc@"), "applicant.email", "thư điện tử"),
    ("no_id", dict(personal_id=""), "applicant.personal_id.empty", "số định danh"),
]


@pytest.mark.parametrize(
    ("label", "changes", "code", "in_message"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_applicant_input(
    office_db, users, procs, clock, build, label, changes, code, in_message
) -> None:
    before = snapshot(office_db)
    cmd = build.intake(procs.marriage, applicant=build.applicant(**changes))
    with pytest.raises(AppError) as err:
        intake.receive_dossier(office_db, users["canbo1"].actor, cmd, now=clock)
    assert err.value.code == code
    message = describe(err.value)
    assert in_message.lower() in message.lower(), message
    assert "{" not in message
    assert snapshot(office_db) == before


COMMAND_CASES = [
    ("no_procedure", dict(procedure_id=None), "intake.procedure.empty", "thủ tục"),
    ("no_documents", dict(documents=()), "intake.documents.empty", "giấy tờ"),
    ("fee_unpaid", dict(fee_amount=2000), "intake.fee.payment", "hình thức nộp"),
    (
        "fee_negative",
        dict(fee_amount=-1, payment_method=PaymentMethod.CASH),
        "intake.fee.negative",
        "phí",
    ),
    ("online_no_time", dict(channel=Channel.ONLINE), "intake.submitted_at.empty", "thời điểm nộp"),
    (
        "online_future",
        dict(channel=Channel.ONLINE, submitted_at=datetime(2026, 3, 3, 8, 0)),
        "intake.submitted_at.future",
        "tương lai",
    ),
    (
        "post_no_address",
        dict(result_delivery=ResultDelivery.POST, applicant=None),
        "intake.delivery.address",
        "địa chỉ",
    ),
]


@pytest.mark.parametrize(
    ("label", "changes", "code", "in_message"), COMMAND_CASES, ids=[c[0] for c in COMMAND_CASES]
)
def test_bad_command(
    office_db, users, procs, clock, build, label, changes, code, in_message
) -> None:
    before = snapshot(office_db)
    changes = dict(changes)
    if label == "post_no_address":
        changes["applicant"] = build.applicant(address="")
    procedure = changes.pop("procedure_id", procs.marriage)
    cmd = build.intake(procedure, **changes)
    with pytest.raises(AppError) as err:
        intake.receive_dossier(office_db, users["canbo1"].actor, cmd, now=clock)
    assert err.value.code == code
    assert in_message.lower() in describe(err.value).lower(), describe(err.value)
    assert snapshot(office_db) == before


def test_duplicate_open_dossier_is_a_warning(office_db, users, procs, clock, build) -> None:
    clerk = users["canbo1"].actor
    first = intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock)
    before = snapshot(office_db)
    assert intake.check_duplicates(office_db, build.PID, procs.marriage).codes == (
        first.dossier.code,
    )
    with pytest.raises(AppError) as err:
        intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock)
    assert err.value.code == "intake.duplicate_open"
    assert first.dossier.code in describe(err.value)
    assert snapshot(office_db) == before
    again = intake.receive_dossier(
        office_db, clerk, build.intake(procs.marriage, confirm_duplicate=True), now=clock
    )
    assert again.dossier.code.endswith("-0002")
    # another procedure for the same applicant is no duplicate
    intake.receive_dossier(office_db, clerk, build.intake(procs.birth), now=clock)


def test_nfc_and_returning_applicant(office_db, users, procs, clock, build) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn  Văn Đức ")
    cmd = build.intake(procs.marriage, applicant=build.applicant(full_name=decomposed))
    d = intake.receive_dossier(office_db, users["canbo1"].actor, cmd, now=clock).dossier
    assert d.applicant_name == "Nguyễn Văn Đức"
    found = intake.find_applicant(office_db, "030 085 001234")
    assert found is not None and found.full_name == "Nguyễn Văn Đức"
    assert found.phone == "0912345678" and found.birth_year == 1985
    assert found.open_dossiers == (d.code,)
    assert intake.find_applicant(office_db, "001190004321") is None


def test_procedure_picker_type_ahead(office_db, procs) -> None:
    choices = intake.list_procedures(office_db)
    assert {c.code for c in choices} == {"1.004873", "1.001193", "2.000908", "1.004194"}
    assert [c.code for c in choices if c.matches("khai sinh")] == ["1.001193"]
    assert [c.code for c in choices if c.matches("xac nhan hon nhan")] == ["1.004873"]
    assert [c.code for c in choices if c.matches("2.0009")] == ["2.000908"]
    cert = next(c for c in choices if c.code == "2.000908")
    assert cert.same_day and cert.fee_total == 2000 and len(cert.documents) == 1


def test_two_pcs_same_second_get_distinct_codes(office_db, users, procs, build) -> None:
    """Two engines (two PCs) on the same SQLite file save many dossiers at the same instant."""
    at = datetime(2026, 3, 2, 10, 0)
    clerk = users["canbo1"].actor
    codes: list[str] = []
    errors: list[BaseException] = []
    pids = [f"0010900{i:05d}" for i in range(20)]
    barrier = threading.Barrier(2)

    def pc(batch: list[str]) -> None:
        db = Database.open(office_db.url, migrate=False)
        try:
            barrier.wait()
            for pid in batch:
                cmd = build.intake(
                    procs.marriage,
                    applicant=build.applicant(
                        personal_id=pid, birth_date="", full_name="Phạm Văn Nam"
                    ),
                )
                codes.append(intake.receive_dossier(db, clerk, cmd, now=lambda: at).dossier.code)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=pc, args=(pids[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(codes) == 20 and len(set(codes)) == 20
    assert sorted(codes) == [f"XANSON-260302-{n:04d}" for n in range(1, 21)]
