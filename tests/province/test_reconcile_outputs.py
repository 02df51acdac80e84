"""`reconcile` on the command line, the PDF for the chairman and the XLSX: read back."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.support.office import residence_office
from tthc_desk.cli import run
from tthc_desk.domain.enums import Role
from tthc_desk.persistence.db import Database
from tthc_desk.services import auth, province

HEADER = ["Mã hồ sơ", "Mã TTHC", "Tổ chức, cá nhân", "Thời gian tiếp nhận", "Tình trạng"]


def _office(tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "tthc.sqlite3"
    db = Database.open(path)
    try:
        chairman = auth.UserInput(
            "chutich", "Nguyễn Đức Ngọc", Role.LEADER, "matkhau123", "matkhau123",
            "Chủ tịch UBND xã",
        )  # fmt: skip
        _admin, codes = residence_office(db, chairman, (("Trần Văn Hai", 8), ("Hoàng Văn Ba", 9)))
    finally:
        db.dispose()
    return path, codes


def test_reconcile_command_writes_pdf_and_xlsx_and_says_when_differences_remain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTHC_PASSWORD", "matkhau123")
    db_path, codes = _office(tmp_path)
    export = tmp_path / "tinh.csv"
    with export.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerow([codes[0], "1.004194", "Trần Văn Hai", "02/03/2026 08:00", "Đang xử lý"])
        w.writerow(
            ["XANSON-260302-0777", "1.004194", "Lý Văn Bảy", "02/03/2026 15:00", "Đang xử lý"]
        )
    pdf = tmp_path / "doi-chieu.pdf"
    argv = ["--db", str(db_path), "reconcile", "--province", str(export),
            "--from", "01/03/2026", "--to", "2026-03-31", "--out", str(pdf), "--user", "admin"]  # fmt: skip
    assert run(argv) == 3  # differences remain
    out = capsys.readouterr().out
    assert "2 hồ sơ mới" in out and "chênh lệch: 2" in out

    reader = PdfReader(str(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    assert "BÁO CÁO ĐỐI CHIẾU SỐ LIỆU HỒ SƠ" in text
    assert "Từ ngày 01/03/2026 đến ngày 31/03/2026" in text
    assert "Có trên phần mềm của xã, chưa có trên hệ thống của tỉnh (1)" in text
    assert codes[1] in text and "XANSON-260302-0777" in text  # each code whole, on one line
    assert "Cư trú" in text and "NGUYỄN ĐỨC NGỌC".lower() in text.lower()
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in (page["/Resources"]["/Font"].get_object().values())
    }
    assert all("Serif" in f or "Times" in f for f in fonts), fonts
    assert len(reader.pages) == 1

    xlsx = tmp_path / "doi-chieu.xlsx"
    assert run(["--db", str(db_path), "reconcile", "--from", "01/03/2026", "--to",
                "31/03/2026", "--out", str(xlsx), "--user", "admin"]) == 3  # fmt: skip
    wb = load_workbook(xlsx, read_only=True)
    rows = list(wb["Chênh lệch"].iter_rows(values_only=True))
    assert [r[2] for r in rows[1:]] == [codes[1], "XANSON-260302-0777"]
    summary = list(wb["Tổng hợp"].iter_rows(values_only=True))
    assert ("Cư trú", 2, 2) in [tuple(r[1:4]) for r in summary if r and len(r) > 3]


def test_a_clean_period_exits_zero_and_the_report_needs_a_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path, _codes = _office(tmp_path)
    out = tmp_path / "r.pdf"
    argv = ["--db", str(db_path), "reconcile", "--from", "2026-04-01", "--to", "2026-04-30",
            "--out", str(out)]  # fmt: skip
    assert run(argv) != 0 and not out.exists()  # the report names citizens: who asks?
    assert "--user" in capsys.readouterr().err
    monkeypatch.setenv("TTHC_PASSWORD", "matkhau123")
    assert run([*argv, "--user", "admin"]) == 0
    assert "Ba nguồn số liệu khớp nhau" in " ".join(p.extract_text() for p in PdfReader(out).pages)


def test_every_province_code_has_a_vietnamese_sentence(qapp) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.ui.messages import known_codes

    root = Path(province.__file__).parent.parent
    text = (root / "services" / "province.py").read_text("utf-8") + (
        root / "domain" / "province.py"
    ).read_text("utf-8")
    codes = set(re.findall(r"\"((?:province|book)\.[a-z_.]+)\"", text)) - {"province.mapping"}
    assert codes and codes <= known_codes(), codes - known_codes()
