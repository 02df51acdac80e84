"""The 766 report read back with pypdf (criteria, points, sources, lost records, embedded fonts),
and the ``index766`` command."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from tthc_desk.cli import run
from tthc_desk.domain import index766 as ix
from tthc_desk.services import index766 as svc

PERIOD = (date(2026, 3, 1), date(2026, 3, 31))
LATER = datetime(2026, 4, 10, 9, 0)


def _text(path: Path) -> str:
    reader = PdfReader(str(path))
    raw = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", raw).split())


def _fonts(path: Path) -> dict[str, bool]:
    """Every font used, and whether its program is embedded."""
    out: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            out[str(font["/BaseFont"])] = any(
                k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return out


def test_report_pdf(small_office, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    svc.set_manual_inputs(
        small_office,
        users["chutich"].actor,
        {"synchronised": 0.5},
        now=lambda: datetime(2026, 4, 9, 8, 0),
    )
    out = tmp_path / "766.pdf"
    est = svc.render_pdf(small_office, *PERIOD, out, now=LATER)
    text = _text(out)
    # heading, title, period, total: 49.85 − 3 (synchronised typed at 50%) = 46.85
    assert "UBND XÃ AN SƠN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "BÁO CÁO ƯỚC TÍNH CHỈ SỐ 766" in text
    assert "Từ ngày 01/03/2026 đến ngày 31/03/2026" in text
    assert "Tổng điểm ước tính: 46,85/100 điểm" in text
    assert est.report.total == pytest.approx(46.85)
    # every group and criterion, with the sources of the figures
    for g in ix.GUIDE.groups:
        assert g.title in text
    for c in ix.GUIDE.criteria:
        assert c.title in text, c.title
    assert "Giả định tối đa" in text and "Nhập từ Cổng" in text and "Dữ liệu của xã" in text
    assert "(cập nhật lúc 08:00 09/04/2026)" in text
    # the ratios and points of a few lines: 4/8 on time → 10; 2/7 online → 3,43
    assert "4/8 = 50,0% 20 10" in text
    assert "2/7 = 28,6% 6 3,43" in text
    # the records that cost points, with their reasons
    assert "Hồ sơ được giải quyết trước hạn, đúng hạn (4)" in text
    assert "D5 Yêu cầu bổ sung hồ sơ quá một lần (tính là quá hạn)" in text
    assert "1.000002 Chưa niêm yết trong 5 ngày làm việc kể từ quyết định công bố" in text
    assert "PA-01 Xử lý phản ánh, kiến nghị quá hạn" in text
    # the office's own rules, and the signatures
    assert "II. CÁC YÊU CẦU RIÊNG CỦA XÃ" in text and "Chưa đạt" in text
    assert "NGƯỜI LẬP BIỂU" in text and "Nguyễn Đức Ngọc" in text
    fonts = _fonts(out)
    assert fonts and all(fonts.values()), fonts


def test_report_lists_at_most_n_records_per_criterion(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    est = svc.estimate(
        demo_db, date(2026, 11, 1), date(2026, 11, 30), now=datetime(2026, 11, 20, 12, 0)
    )
    sheet = svc.sheet_data(demo_db, est, maker="Nguyễn Thị Hoa")
    from tthc_desk.reports.index766 import render_index766

    out = tmp_path / "demo766.pdf"
    render_index766(sheet, out)
    text = _text(out)
    assert f"Tổng điểm ước tính: {ix.fmt_points(est.report.total)}/100 điểm" in text
    many = [c for c in est.report.criteria if len(est.lost_for(c.key)) > sheet.max_per_key]
    assert many  # the demo office never scans results, so every result is listed as lost
    extra = len(est.lost_for(many[0].key)) - sheet.max_per_key
    assert f"… và {extra} trường hợp khác (xem trên phần mềm)." in text
    if shutil.which("pdftoppm"):  # the picture looked at while writing the sheet
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(out),
                        str(tmp_path / "page")], check=True)  # fmt: skip
        assert (tmp_path / "page-01.png").exists()


def test_command(small_office, db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "cli.pdf"
    db = str(db_path)
    code = run(["--db", db, "index766", "--from", "2026-03-01", "--to", "31/03/2026",
                "--out", str(out)])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0
    assert "Chỉ số 766 ước tính của UBND xã An Sơn, từ 01/03/2026 đến 31/03/2026" in printed
    assert "TỔNG:" in printed and "Giả định tối đa" in printed
    assert "D8: Đang giải quyết, đã quá hạn" in printed
    assert out.exists()
    code = run(["--db", db, "index766", "--from", "2026-03-31", "--to", "2026-03-01"])
    assert code == 1
    assert "Ngày kết thúc kỳ phải sau" in capsys.readouterr().err
