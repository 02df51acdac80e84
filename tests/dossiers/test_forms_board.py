"""Forms 01–07 read back from their PDFs, the register export (PDF, XLSX, command line), and
the board query: keyset pages, filters, folded search, the nearly-due/late view and its count."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from tthc_desk.domain.enums import Channel, DossierState
from tthc_desk.services import dossiers as ds
from tthc_desk.services import intake, registers


def pdf_text(path: Path) -> str:
    """The PDF's text with white space collapsed (table cells wrap long words)."""
    raw = " ".join(page.extract_text() for page in PdfReader(str(path)).pages)
    return " ".join(raw.split())


def squeezed(path: Path) -> str:
    return "".join(pdf_text(path).split())


@pytest.fixture
def life(office_db, users, procs, clock, build):  # type: ignore[no-untyped-def]
    """One dossier through handovers (one step late), supplement, apology and return."""
    clerk, officer, leader = users["canbo1"].actor, users["congchuc1"], users["chutich"]
    d = intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock).dossier
    clock.set(datetime(2026, 3, 2, 11, 0))
    ds.handover(office_db, clerk, ds.HandoverCommand(d.id, officer.id), now=clock)
    clock.set(datetime(2026, 3, 4, 8, 0))
    ds.handover(office_db, officer.actor, ds.HandoverCommand(d.id, leader.id), now=clock)
    clock.set(datetime(2026, 3, 4, 10, 30))
    ds.apologise(
        office_db,
        leader.actor,
        ds.ApologyCommand(d.id, "Chờ ý kiến của cơ quan cấp trên", datetime(2026, 3, 6, 16, 0)),
        now=clock,
    )
    clock.set(datetime(2026, 3, 5, 14, 0))
    ds.result_ready(office_db, leader.actor, ds.ReasonCommand(d.id), now=clock)
    clock.set(datetime(2026, 3, 6, 9, 15))
    ds.return_result(office_db, clerk, ds.ReturnCommand(d.id, "Nguyễn Văn Đức"), now=clock)
    return d.id


def test_receipt_pdf(office_db, life, tmp_path) -> None:
    out = registers.print_form(office_db, life, "receipt", tmp_path / "01.pdf")
    text = pdf_text(out)
    assert len(PdfReader(str(out)).pages) == 2  # two copies
    for needle in (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "XANSON-260302-0001",
        "Nguyễn Văn Đức",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "10 giờ 00 phút, ngày 02/03/2026",
        "10 giờ 00 phút, ngày 05/03/2026",
        "03 ngày làm việc",
        "Nguyễn Thị Hoa",
    ):
        assert needle in text, needle


def test_control_sheet_pdf_shows_the_late_step(office_db, life, tmp_path) -> None:
    data = registers.control_sheet_data(office_db, life)
    assert [h.timeliness for h in data.handovers] == ["on_time", "late", "late"]
    text = pdf_text(registers.print_form(office_db, life, "control", tmp_path / "06.pdf"))
    for needle in (
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "XANSON-260302-0001",
        "Lê Văn Tư",
        "Nguyễn Đức Ngọc",
        "Quá hạn",
        "Đúng hạn",
    ):
        assert needle in text, needle


def test_apology_pdf(office_db, life, tmp_path) -> None:
    text = pdf_text(registers.print_form(office_db, life, "apology", tmp_path / "04.pdf"))
    for needle in (
        "XANSON-260302-0001",
        "Chờ ý kiến của cơ quan cấp trên",
        "06/03/2026",
        "05/03/2026",
        "Nguyễn Văn Đức",
    ):
        assert needle in text, needle


def test_supplement_refusal_stop_pdfs(office_db, users, procs, clock, build, tmp_path) -> None:
    clerk = users["canbo1"].actor
    d = intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock).dossier
    ds.request_supplement(
        office_db,
        clerk,
        ds.SupplementCommand(
            d.id,
            "Tờ khai chưa ký",
            (ds.SupplementItemInput("Tờ khai có chữ ký", originals=1),),
            contact_phone="0912000111",
        ),
        now=clock,
    )
    text = pdf_text(registers.print_form(office_db, d.id, "supplement", tmp_path / "02.pdf"))
    for needle in (
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Tờ khai có chữ ký",
        "Tờ khai chưa ký",
        "0912000111",
        "XANSON-260302-0001",
    ):
        assert needle in text, needle
    d2 = intake.receive_dossier(office_db, clerk, build.intake(procs.birth), now=clock).dossier
    ds.refuse(office_db, clerk, ds.ReasonCommand(d2.id, "Không thuộc thẩm quyền của xã"), now=clock)
    text = pdf_text(registers.print_form(office_db, d2.id, "refusal", tmp_path / "03.pdf"))
    assert "Không thuộc thẩm quyền của xã" in text and "Đăng ký khai sinh" in text
    d3 = intake.receive_dossier(office_db, clerk, build.intake(procs.residence), now=clock).dossier
    ds.stop(
        office_db,
        clerk,
        ds.StopCommand(d3.id, "Có tranh chấp về nơi cư trú", "Điều 22 Luật Cư trú"),
        now=clock,
    )
    text = pdf_text(registers.print_form(office_db, d3.id, "stop", tmp_path / "05.pdf"))
    assert "Có tranh chấp về nơi cư trú" in text and "Điều 22 Luật Cư trú" in text


def test_register_export_pdf_xlsx_and_cli(office_db, life, tmp_path, monkeypatch) -> None:
    data = registers.register_data(office_db, date(2026, 3, 1), date(2026, 3, 31))
    assert [ln.dossier_code for ln in data.lines] == ["XANSON-260302-0001"]
    line = data.lines[0]
    assert line.timeliness == "late" and line.returned_to == "Nguyễn Văn Đức"
    assert line.due_at == datetime(2026, 3, 5, 10, 0)
    assert line.passed_at == datetime(2026, 3, 2, 11, 0)
    text = squeezed(
        registers.export_register(
            office_db, date(2026, 3, 1), date(2026, 3, 31), tmp_path / "07.pdf"
        ).path
    )
    assert "XANSON-260302-0001" in text and "Quáhạn" in text and "NguyễnVănĐức" in text
    from openpyxl import load_workbook

    x = registers.export_register(
        office_db, date(2026, 3, 1), date(2026, 3, 31), tmp_path / "07.xlsx"
    )
    cells = [c for row in load_workbook(x.path).active.iter_rows(values_only=True) for c in row]
    assert "XANSON-260302-0001" in cells
    assert registers.register_data(office_db, date(2026, 4, 1), date(2026, 4, 30)).lines == ()
    from tthc_desk.cli import run

    monkeypatch.setenv("TTHC_PASSWORD", "matkhau123")
    out = tmp_path / "cli.xlsx"
    assert (
        run(
            [
                "--db",
                str(office_db.file_path),
                "register",
                "--from",
                "2026-03-01",
                "--to",
                "31/03/2026",
                "--out",
                str(out),
                "--user",
                "canbo1",
            ]
        )
        == 0
    )
    assert out.exists()
    assert (
        run(
            [
                "--db",
                str(office_db.file_path),
                "register",
                "--from",
                "2026-03-31",
                "--to",
                "2026-03-01",
                "--out",
                str(out),
                "--user",
                "canbo1",
            ]
        )
        == 1
    )


def _fill(office_db, users, procs, clock, build, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    clerk = users["canbo1"].actor
    ids = []
    for i in range(n):
        clock.set(datetime(2026, 3, 2 + (i % 5), 8 + (i % 8), 0))
        pid = f"0011900{i:05d}"
        name = ["Nguyễn Văn Đức", "Trần Thị Mai", "Lê Hoàng Anh"][i % 3]
        cmd = build.intake(
            [procs.marriage, procs.residence, procs.birth][i % 3],
            applicant=build.applicant(personal_id=pid, birth_date="", full_name=name),
        )
        ids.append(intake.receive_dossier(office_db, clerk, cmd, now=clock).dossier.id)
    return ids


def test_board_keyset_pages_and_filters(office_db, users, procs, clock, build) -> None:
    _fill(office_db, users, procs, clock, build, 23)
    now = lambda: datetime(2026, 3, 6, 9, 0)  # noqa: E731
    seen = []
    q = ds.BoardQuery(limit=10)
    while True:
        page = ds.board_page(office_db, q, now=now)
        seen += list(page.rows)
        if page.cursor is None:
            break
        q = ds.BoardQuery(limit=10, after=page.cursor)
    assert len(seen) == 23 and len({r.id for r in seen}) == 23
    keys = [(r.due_at, r.id) for r in seen]
    assert keys == sorted(keys)
    # folded search on name, code and personal ID
    hits = ds.board_page(office_db, ds.BoardQuery(text="tran thi mai"), now=now).rows
    assert hits and all(r.applicant_name == "Trần Thị Mai" for r in hits)
    assert len(ds.board_page(office_db, ds.BoardQuery(text="001190000007"), now=now).rows) == 1
    assert len(ds.board_page(office_db, ds.BoardQuery(text="260302-0001"), now=now).rows) == 1
    assert ds.board_page(office_db, ds.BoardQuery(text="100%_"), now=now).rows == ()
    # "my dossiers": the clerk holds the first step of every one
    mine = ds.board_page(office_db, ds.BoardQuery(officer_id=users["canbo1"].id), now=now)
    assert len(mine.rows) == 23
    assert (
        ds.board_page(office_db, ds.BoardQuery(officer_id=users["congchuc1"].id), now=now).rows
        == ()
    )
    assert ds.board_page(office_db, ds.BoardQuery(channel=Channel.ONLINE), now=now).rows == ()
    due_day = ds.board_page(
        office_db, ds.BoardQuery(due_from=date(2026, 3, 5), due_to=date(2026, 3, 5)), now=now
    ).rows
    assert due_day and all(r.due_at.date() == date(2026, 3, 5) for r in due_day)


def test_attention_view_and_counts(office_db, users, procs, clock, build) -> None:
    _fill(office_db, users, procs, clock, build, 12)
    now_dt = datetime(2026, 3, 5, 8, 0)
    now = lambda: now_dt  # noqa: E731
    from tthc_desk.services.calendar import load_calendar

    cal = load_calendar(office_db)
    all_rows = ds.board_page(office_db, ds.BoardQuery(), now=now).rows
    expected = {r.id for r in all_rows if r.standing(cal, now_dt).level.value != "on_track"}
    got = ds.board_page(office_db, ds.BoardQuery(standing="attention"), now=now).rows
    assert {r.id for r in got} == expected and expected
    counts = ds.attention_counts(office_db, now=now)
    late = sum(1 for r in all_rows if r.standing(cal, now_dt).level.value == "late")
    assert counts.late == late and counts.total == len(expected)
    late_rows = ds.board_page(office_db, ds.BoardQuery(standing="late"), now=now).rows
    assert len(late_rows) == late
    assert all(r.state in (DossierState.RECEIVED,) for r in got)
