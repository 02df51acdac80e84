"""The number printed on each form ("Số: 03/YCBS"): one sequence per form and year, unique
even when two PCs number at the same moment (the row is created if absent, then bumped)."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from tthc_desk.persistence.models import FormSequence

#: The symbol after the number, per form (data: an office may follow its province's symbols).
FORM_SYMBOLS: dict[str, str] = {
    "supplement": "YCBS",  # 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
    "refusal": "TCHS",  # 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ
    "apology": "XLHS",  # 04 Văn bản xin lỗi và hẹn lại ngày trả kết quả
    "stop": "DGQHS",  # 05 Thông báo dừng giải quyết hồ sơ
    "control": "KSHS",  # 06 Phiếu kiểm soát quá trình giải quyết hồ sơ
}


def _insert_if_absent(s: Session, form: str, year: int) -> None:
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    s.execute(
        insert(FormSequence)
        .values(form=form, year=year, last_number=0)
        .on_conflict_do_nothing(index_elements=["form", "year"])
    )


def next_form_number(s: Session, form: str, year: int) -> str:
    """The next number of ``form`` in ``year`` as printed ("07/YCBS"), inside the caller's
    transaction: the UPDATE holds the row (PostgreSQL) or the database (SQLite) until commit,
    so two PCs never get the same number."""
    _insert_if_absent(s, form, year)
    number = s.execute(
        update(FormSequence)
        .where(FormSequence.form == form, FormSequence.year == year)
        .values(last_number=FormSequence.last_number + 1)
        .returning(FormSequence.last_number)
    ).scalar_one()
    return f"{number:02d}/{FORM_SYMBOLS.get(form, form.upper())}"
