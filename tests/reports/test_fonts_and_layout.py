"""Fonts (system Times New Roman or bundled Liberation Serif), wording coverage, helpers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from tthc_desk.reports import fonts, labels, layout
from tthc_desk.reports.data import Office, SheetHead

BUNDLED = Path(__file__).resolve().parents[2] / "resources" / "fonts"


def _all_label_text() -> str:
    parts: list[str] = []
    for value in vars(labels).values():
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, tuple):
            parts += [v for v in value if isinstance(v, str)]
        elif isinstance(value, dict):
            parts += [v for v in value.values() if isinstance(v, str)]
    return "".join(parts)


def test_bundled_liberation_serif_with_its_licence() -> None:
    family = fonts.bundled_family()
    assert all(path.is_file() for path in family.paths())
    assert family.regular.parent == BUNDLED
    licence = (BUNDLED / "LICENSE-Liberation.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_every_printed_word_has_a_glyph() -> None:
    fonts.register_fonts()
    text = _all_label_text() + "ĂÂĐÊÔƠƯăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
    for name in (fonts.SERIF, fonts.SERIF_BOLD, fonts.SERIF_ITALIC, fonts.SERIF_BOLD_ITALIC):
        assert fonts.missing_glyphs(text, name) == set(), name


def test_times_new_roman_is_preferred_when_installed(tmp_path: Path) -> None:
    # a fake Windows font folder holding Times New Roman's four files (here: Liberation's
    # files under those names, which do cover Vietnamese)
    windows = tmp_path / "Windows" / "Fonts"
    windows.mkdir(parents=True)
    for src, name in zip(
        fonts.bundled_family().paths(),
        ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"),
        strict=True,
    ):
        shutil.copy(src, windows / name.upper() if name == "times.ttf" else windows / name)
    family = fonts.find_times_new_roman([tmp_path / "nowhere", windows])
    assert family is not None and family.name == "Times New Roman"
    assert family.bold.name == "timesbd.ttf"
    # a Linux msttcorefonts layout
    linux = tmp_path / "usr" / "share" / "fonts" / "truetype" / "msttcorefonts"
    linux.mkdir(parents=True)
    for src, name in zip(
        fonts.bundled_family().paths(),
        ("Times_New_Roman.ttf", "Times_New_Roman_Bold.ttf", "Times_New_Roman_Italic.ttf",
         "Times_New_Roman_Bold_Italic.ttf"),
        strict=True,
    ):  # fmt: skip
        shutil.copy(src, linux / name)
    found = fonts.find_times_new_roman([tmp_path / "usr" / "share" / "fonts"])
    assert found is not None and found.italic.name == "Times_New_Roman_Italic.ttf"


def test_incomplete_or_non_vietnamese_times_is_ignored(tmp_path: Path) -> None:
    only_two = tmp_path / "two"
    only_two.mkdir()
    for name in ("times.ttf", "timesbd.ttf"):
        shutil.copy(fonts.bundled_family().regular, only_two / name)
    assert fonts.find_times_new_roman([only_two]) is None
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"):
        (broken / name).write_bytes(b"not a font")
    assert fonts.find_times_new_roman([broken]) is None


def test_resources_found_inside_a_pyinstaller_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "resources" / "fonts").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert fonts.resources_dir() == tmp_path / "resources"
    monkeypatch.delattr(sys, "_MEIPASS")
    assert fonts.resources_dir() == BUNDLED.parent


def test_dates_and_numbers_in_the_state_style() -> None:
    assert layout.date_line("An Sơn", date(2023, 8, 22)) == "An Sơn, ngày 22 tháng 8 năm 2023"
    assert layout.date_line("An Sơn", date(2024, 2, 5)) == "An Sơn, ngày 05 tháng 02 năm 2024"
    assert layout.date_line("An Sơn", date(2024, 12, 1)) == "An Sơn, ngày 01 tháng 12 năm 2024"
    moment = datetime(2023, 8, 22, 8, 5)
    assert layout.fmt_hour_minute_date(moment) == "08 giờ 05 phút, ngày 22/08/2023"
    assert layout.fmt_hm_date(moment) == "08:05 22/08/2023"
    assert layout.fmt_vnd(1250000) == "1.250.000"
    assert layout.t("  Số: ") == " Số: "
    assert layout.t("a < b & c") == "a &lt; b &amp; c"
    decomposed = "Nguye\u0302\u0303n"
    assert layout.t(decomposed) == "Nguyễn"
    assert layout.caps("xã an sơn") == "XÃ AN SƠN"


def test_a_new_sheet_can_be_built_from_the_shared_furniture(tmp_path: Path) -> None:
    """What the 766 report will do: sheet_top, a grid table, a signature, build_pdf."""
    from pypdf import PdfReader

    from tthc_desk.reports.data import Signer

    head = SheetHead(
        Office("UBND XÃ AN SƠN", "Ủy ban nhân dân xã An Sơn", "An Sơn"), date(2025, 7, 1)
    )
    styles = layout.make_styles()
    width = layout.content_width()
    story = layout.sheet_top(head, "Báo cáo chỉ số 766", styles, width, subtitles=("Quý III",))
    rows = [[layout.p("Công khai, minh bạch", styles.cell), layout.p("18/18", styles.cell)]]
    story.append(
        layout.grid_table(
            ("Nhóm chỉ tiêu", "Điểm"), rows, [120 * layout.mm, 45 * layout.mm], styles
        )
    )
    story.append(layout.signatures_row(width, styles, Signer("CHỦ TỊCH", "Vi Văn Thắng")))
    path = tmp_path / "766.pdf"
    layout.build_pdf(path, story, title="766")
    text = PdfReader(str(path)).pages[0].extract_text()
    assert "BÁO CÁO CHỈ SỐ 766" in text and "Công khai, minh bạch" in text


def test_reports_import_no_qt_and_no_database() -> None:
    code = (
        "import sys\n"
        "import tthc_desk.reports.forms, tthc_desk.reports.notices, "
        "tthc_desk.reports.register_xlsx\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_plain_lines_break_like_a_paragraph_and_cut_with_an_ellipsis() -> None:
    """The register's plain cells (issue 14: no paragraph per cell): words kept whole and
    wrapped at spaces, a word wider than the cell split by characters (nothing drawn outside
    the grid), a value taller than the cell's limit cut with "…"; every line fits."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from tthc_desk.reports.fonts import SERIF, register_fonts
    from tthc_desk.reports.layout import plain_lines

    register_fonts()
    font = SERIF
    width = 60.0

    def fits(text: str) -> bool:
        return all(stringWidth(line, font, 8.5) <= width for line in text.split("\n"))

    two = plain_lines("Ủy ban nhân dân xã An Sơn", font, 8.5, 10.2, width)
    assert two.replace("\n", " ") == "Ủy ban nhân dân xã An Sơn" and "\n" in two and fits(two)
    long_word = plain_lines("0" * 80, font, 8.5, 10.2, width)
    assert long_word.replace("\n", "") == "0" * 80 and fits(long_word)
    cut = plain_lines("Nguyễn Văn A " * 400, font, 8.5, 10.2, width, max_height=40.0)
    assert cut.endswith("…") and len(cut.split("\n")) == 3 and fits(cut)
    assert plain_lines("", font, 8.5, 10.2, width) == ""
