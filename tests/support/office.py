"""A small office for tests that run outside the shared fixtures (child processes, PostgreSQL):
the office, an administrator and a clerk (password "matkhau123"), one procedure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tthc_desk.domain.enums import DocumentKind, Role, TimeUnit
from tthc_desk.domain.text import fold
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Field, Procedure, ProcessStep, RequiredDocument
from tthc_desk.services import auth


def make_office(db: Database) -> tuple[Any, int]:
    """Set the office up; returns (the clerk's actor, the procedure's id)."""
    admin = auth.first_run_setup(
        db,
        auth.OfficeInput("UBND xã An Sơn", "XANSON", "Thôn Đông, xã An Sơn", "Hải Dương"),
        auth.UserInput("admin", "Trần Văn Quản", Role.ADMIN, "matkhau123", "matkhau123"),
    )
    clerk = auth.create_user(
        db,
        admin.actor,
        auth.UserInput("canbo1", "Nguyễn Thị Hoa", Role.CLERK, "matkhau123", "matkhau123"),
    )
    with db.session() as s:
        f = Field(name="Hộ tịch", name_folded=fold("Hộ tịch"), register_book="Sổ hộ tịch")
        s.add(f)
        s.flush()
        p = Procedure(
            code="1.004873",
            name="Cấp Giấy xác nhận tình trạng hôn nhân",
            search_key=fold("1.004873 Cấp Giấy xác nhận tình trạng hôn nhân"),
            field_id=f.id,
            time_unit=TimeUnit.WORKING_DAYS,
            time_amount=3,
            handling_body="UBND xã An Sơn",
            created_at=datetime(2025, 1, 1),
        )
        p.steps.append(ProcessStep(position=1, name="Tiếp nhận", role=Role.CLERK, hours=24))
        p.documents.append(
            RequiredDocument(position=1, name="Tờ khai", kind=DocumentKind.FORM, count=1)
        )
        s.add(p)
        s.flush()
        return clerk.actor, p.id


def residence_office(
    db: Database, colleague: auth.UserInput, applicants: Sequence[tuple[str, int]]
) -> tuple[Any, list[str]]:
    """An office (administrator "admin" and ``colleague``) with one procedure, 1.004194 Đăng ký
    thường trú (2 working days), and one organisation's dossier per ``(name, hour)`` of
    ``applicants`` received on 2/3/2026 at that hour; returns (the administrator's view, the
    dossiers' codes)."""
    from tthc_desk.domain.enums import OnlineService
    from tthc_desk.services.dossiers import DocumentInput
    from tthc_desk.services.intake import ApplicantInput, IntakeCommand, receive_dossier

    admin = auth.first_run_setup(
        db,
        auth.OfficeInput("UBND xã An Sơn", "XANSON", "Thôn Đông, xã An Sơn", "Hải Dương"),
        auth.UserInput("admin", "Trần Văn Quản", Role.ADMIN, "matkhau123", "matkhau123"),
    )
    auth.create_user(db, admin.actor, colleague)
    with db.session() as s:
        f = Field(name="Cư trú", name_folded="cu tru")
        s.add(f)
        s.flush()
        p = Procedure(
            code="1.004194", name="Đăng ký thường trú", search_key=fold("1.004194 dang ky"),
            field_id=f.id, time_unit=TimeUnit.WORKING_DAYS, time_amount=2,
            online_service=OnlineService.FULL, handling_body="UBND xã An Sơn",
            created_at=datetime(2025, 1, 1),
        )  # fmt: skip
        p.steps.append(ProcessStep(position=1, name="Giải quyết", role=Role.OFFICER, hours=8))
        p.documents.append(
            RequiredDocument(position=1, name="Tờ khai", kind=DocumentKind.FORM, count=1)
        )
        s.add(p)
        s.flush()
        pid = p.id
    codes = []
    for name, hour in applicants:
        cmd = IntakeCommand(
            procedure_id=pid,
            applicant=ApplicantInput(full_name=name, is_organisation=True),
            documents=(DocumentInput("Tờ khai", "form"),),
        )
        at = datetime(2026, 3, 2, hour)
        codes.append(receive_dossier(db, admin.actor, cmd, now=lambda at=at: at).dossier.code)
    return admin, codes
