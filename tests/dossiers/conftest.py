"""Fixtures of the dossier tests: procedures made straight through the ORM, a settable clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from tthc_desk.domain.enums import DocumentKind, OnlineService, Role, TimeUnit
from tthc_desk.domain.text import fold
from tthc_desk.persistence.models import (
    Field,
    Procedure,
    ProcedureFee,
    ProcessStep,
    RequiredDocument,
)


class FakeClock:
    """The services' ``now``: returns a time the test sets."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> FakeClock:
        self.at = at
        return self


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 10, 0))


def make_procedure(
    db,  # type: ignore[no-untyped-def]
    code: str,
    name: str,
    field: str,
    unit: TimeUnit,
    amount: float | None,
    steps: list[tuple[str, Role, float]],
    documents: list[tuple[str, DocumentKind]],
    fee: int | None = None,
    online: bool = False,
) -> int:
    with db.session() as s:
        f = s.query(Field).filter_by(name=field).one_or_none()
        if f is None:
            f = Field(name=field, name_folded=fold(field), register_book=f"Sổ {field.lower()}")
            s.add(f)
            s.flush()
        p = Procedure(
            code=code,
            name=name,
            search_key=fold(f"{code} {name}"),
            field_id=f.id,
            time_unit=unit,
            time_amount=amount,
            cutoff_minutes=900 if unit is TimeUnit.SAME_DAY else None,
            online_service=OnlineService.FULL if online else OnlineService.NONE,
            handling_body="UBND xã An Sơn",
            created_at=datetime(2025, 1, 1),
        )
        for i, (sname, role, hours) in enumerate(steps, 1):
            p.steps.append(ProcessStep(position=i, name=sname, role=role, hours=hours))
        for i, (dname, kind) in enumerate(documents, 1):
            p.documents.append(RequiredDocument(position=i, name=dname, kind=kind, count=1))
        if fee is not None:
            p.fees.append(ProcedureFee(position=1, item="Lệ phí", amount_vnd=fee))
        s.add(p)
        s.flush()
        return p.id


@dataclass(frozen=True)
class Procs:
    marriage: int  # 3 working days, four steps
    birth: int  # same day (cut-off 15:00)
    certify: int  # same day, fee 2,000 VND
    residence: int  # 2 working days, online


@pytest.fixture
def procs(office_db) -> Procs:  # type: ignore[no-untyped-def]
    marriage = make_procedure(
        office_db,
        "1.004873",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "Hộ tịch",
        TimeUnit.WORKING_DAYS,
        3,
        [
            ("Tiếp nhận, chuyển hồ sơ", Role.CLERK, 4),
            ("Thẩm định, trình ký", Role.OFFICER, 12),
            ("Ký duyệt", Role.LEADER, 4),
            ("Vào sổ, trả kết quả", Role.CLERK, 4),
        ],
        [
            ("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", DocumentKind.FORM),
            ("Giấy tờ tùy thân", DocumentKind.ORIGINAL),
        ],
        online=True,
    )
    birth = make_procedure(
        office_db,
        "1.001193",
        "Đăng ký khai sinh",
        "Hộ tịch",
        TimeUnit.SAME_DAY,
        None,
        [("Tiếp nhận", Role.CLERK, 1), ("Giải quyết", Role.OFFICER, 4)],
        [
            ("Tờ khai đăng ký khai sinh", DocumentKind.FORM),
            ("Giấy chứng sinh", DocumentKind.ORIGINAL),
        ],
        online=True,
    )
    certify = make_procedure(
        office_db,
        "2.000908",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Chứng thực",
        TimeUnit.SAME_DAY,
        None,
        [],
        [("Bản chính giấy tờ cần chứng thực", DocumentKind.ORIGINAL)],
        fee=2000,
    )
    residence = make_procedure(
        office_db,
        "1.004194",
        "Đăng ký thường trú",
        "Cư trú",
        TimeUnit.WORKING_DAYS,
        2,
        [("Tiếp nhận", Role.CLERK, 4), ("Giải quyết", Role.OFFICER, 12)],
        [("Tờ khai thay đổi thông tin cư trú", DocumentKind.FORM)],
        online=True,
    )
    return Procs(marriage, birth, certify, residence)


# A valid personal ID: Hải Dương (030), male born 1985.
PID = "030085001234"
PID_2 = "001190004321"  # Hà Nội, female born 1990


def applicant(**kw):  # type: ignore[no-untyped-def]
    from tthc_desk.services.intake import ApplicantInput

    base = dict(
        full_name="Nguyễn Văn Đức",
        personal_id=PID,
        birth_date="12/05/1985",
        address="Thôn Đông, xã An Sơn",
        phone="0912 345 678",
    )
    base.update(kw)
    return ApplicantInput(**base)


def intake(procedure_id: int, **kw):  # type: ignore[no-untyped-def]
    from tthc_desk.services.dossiers import DocumentInput
    from tthc_desk.services.intake import IntakeCommand

    base = dict(
        procedure_id=procedure_id,
        applicant=kw.pop("applicant", None) or applicant(),
        documents=(DocumentInput("Tờ khai", "form"), DocumentInput("Giấy tờ tùy thân", "original")),
    )
    base.update(kw)
    return IntakeCommand(**base)


@pytest.fixture
def build():  # type: ignore[no-untyped-def]
    """Builders of commands for the tests (test files cannot import this conftest safely)."""
    from types import SimpleNamespace

    return SimpleNamespace(applicant=applicant, intake=intake, PID=PID, PID_2=PID_2)
