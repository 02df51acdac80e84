"""One builder for the counter's name on every form (issue 10 points 5–6): since 1/7/2025 the
commune's counter is the "Trung tâm Phục vụ hành chính công xã An Sơn" (never "… công Ủy ban
nhân dân xã An Sơn"); "Bộ phận Một cửa Ủy ban nhân dân xã An Sơn" stays possible. Forms 04 and
05 speak for the committee and name the counter where the dossier was received, in the same
words as form 01. Read back from the PDFs; ``TTHC_FORMS=dir`` keeps them for page images."""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tthc_desk.persistence.models import OfficeProfile
from tthc_desk.reports.data import Office, counter_name
from tthc_desk.services import dossiers as ds
from tthc_desk.services import intake, registers

CENTRE = "Trung tâm Phục vụ hành chính công xã An Sơn"
DESK = "Bộ phận Một cửa Ủy ban nhân dân xã An Sơn"


@pytest.mark.parametrize(
    ("unit", "formal", "expected"),
    [
        ("Trung tâm Phục vụ hành chính công", "Ủy ban nhân dân xã An Sơn", CENTRE),
        (
            "Trung tâm Phục vụ hành chính công",
            "UBND phường Hòa  Bình",
            "Trung tâm Phục vụ hành chính công phường Hòa Bình",
        ),  # fmt: skip
        ("Bộ phận Một cửa", "Ủy ban nhân dân xã An Sơn", DESK),
        ("", "Ủy ban nhân dân xã An Sơn", "Ủy ban nhân dân xã An Sơn"),
        (
            "Trung tâm Phục vụ hành chính công",
            "Xã An Sơn",
            "Trung tâm Phục vụ hành chính công Xã An Sơn",
        ),  # fmt: skip
    ],
)
def test_counter_name(unit: str, formal: str, expected: str) -> None:
    assert counter_name(unit, formal) == expected
    assert Office("X", formal, "An Sơn", unit=unit.upper(), unit_formal=unit).counter_name == (
        expected
    )


def _text(path: Path) -> str:
    return " ".join(" ".join(pg.extract_text() for pg in PdfReader(str(path)).pages).split())


def _keep(path: Path) -> Path:
    folder = os.environ.get("TTHC_FORMS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)
    return path


def _set_unit(db, unit: str) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        s.scalar(select(OfficeProfile)).counter_unit = unit


@pytest.mark.parametrize(("unit", "name"), [("Trung tâm Phục vụ hành chính công", CENTRE),
                                            ("Bộ phận Một cửa", DESK)])  # fmt: skip
def test_forms_name_the_counter_alike(  # type: ignore[no-untyped-def]
    office_db, users, procs, clock, build, tmp_path, unit: str, name: str
) -> None:
    _set_unit(office_db, unit)
    clerk = users["canbo1"].actor
    late = intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock).dossier
    stopped = intake.receive_dossier(
        office_db, clerk, build.intake(procs.residence), now=clock
    ).dossier
    ds.request_supplement(
        office_db, clerk,
        ds.SupplementCommand(late.id, "Tờ khai chưa ký", (ds.SupplementItemInput("Tờ khai", 1),)),
        now=clock,
    )  # fmt: skip
    clock.set(datetime(2026, 3, 3, 9, 0))
    ds.receive_supplement(office_db, clerk, ds.SupplementReceiptCommand(late.id), now=clock)
    clock.set(datetime(2026, 3, 5, 9, 0))
    ds.apologise(
        office_db, clerk,
        ds.ApologyCommand(late.id, "Chờ xác minh của công an xã", datetime(2026, 3, 10, 16, 0)),
        now=clock,
    )  # fmt: skip
    ds.stop(
        office_db, users["chutich"].actor,
        ds.StopCommand(stopped.id, "Có tranh chấp về nơi cư trú", "Điều 22 Luật Cư trú"),
        now=clock,
    )  # fmt: skip
    tag = "centre" if "Trung" in unit else "desk"
    pdf = {
        form: _keep(registers.print_form(office_db, did, kind, tmp_path / f"{form}-{tag}.pdf"))
        for form, did, kind in (
            ("01", late.id, "receipt"),
            ("02", late.id, "supplement"),
            ("04", late.id, "apology"),
            ("05", stopped.id, "stop"),
            ("06", late.id, "control"),
        )
    }
    register = registers.export_register(
        office_db, date(2026, 3, 1), date(2026, 3, 31), tmp_path / f"07-{tag}.pdf"
    ).path
    _keep(register)
    text = {form: _text(path) for form, path in pdf.items()}
    assert f"{name} tiếp nhận hồ sơ của" in text["01"]
    # forms 04 and 05: the counter received it, the committee apologises / stops, in one wording
    assert f"02/03/2026, {name} tiếp nhận hồ sơ của" in text["04"]
    assert f"02/03/2026, {name} tiếp nhận hồ sơ của" in text["05"]
    assert "Ủy ban nhân dân xã An Sơn xin lỗi" in text["04"]
    assert "Ủy ban nhân dân xã An Sơn thông báo dừng giải quyết" in text["05"]
    for form, words in text.items():
        assert "hành chính công Ủy ban" not in words, form
        assert "công Ủy ban nhân dân" not in words, form
    assert late.code in text["06"] and late.code in _text(register)


def test_stop_notice_without_options_has_no_bare_label(  # type: ignore[no-untyped-def]
    office_db, users, procs, clock, build, tmp_path
) -> None:
    d = intake.receive_dossier(
        office_db, users["canbo1"].actor, build.intake(procs.residence), now=clock
    ).dossier
    ds.stop(
        office_db, users["chutich"].actor,
        ds.StopCommand(d.id, "Có tranh chấp về nơi cư trú", "Điều 22 Luật Cư trú"), now=clock,
    )  # fmt: skip
    text = _text(registers.print_form(office_db, d.id, "stop", tmp_path / "05.pdf"))
    assert "Căn cứ pháp lý: Điều 22 Luật Cư trú." in text and "có thể:" not in text


def test_heading_unit_on_two_even_lines() -> None:
    """The register's landscape heading broke "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH / CÔNG"."""
    from tthc_desk.reports.layout import (
        LANDSCAPE,
        PORTRAIT,
        balanced_lines,
        content_width,
        make_styles,
    )

    style = make_styles().head_left_bold
    unit = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    for page in (PORTRAIT, LANDSCAPE):
        lines = balanced_lines(unit, style, content_width(page) * 0.41)
        assert " ".join(lines) == unit and all(len(ln.split()) >= 3 for ln in lines), lines
    assert balanced_lines("BỘ PHẬN MỘT CỬA", style, 200) == ["BỘ PHẬN MỘT CỬA"]
