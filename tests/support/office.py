"""A small office for tests that run outside the shared fixtures (child processes, PostgreSQL):
the office, an administrator and a clerk (password "matkhau123"), one procedure."""

from __future__ import annotations

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
