"""Helpers for the printed-sheet tests: read PDFs back, decode QR codes, build sample data."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tthc_desk.reports.data import (
    DocumentLine,
    FeeLine,
    NoticeProcedure,
    RegisterData,
    RegisterLine,
    SheetHead,
    describe_processing_time,
)

HERE = Path(__file__).parent
CHANNEL_CODES = {
    "trực tiếp": "counter",
    "bưu chính": "post",
    "trực tuyến toàn trình": "online_full",
    "trực tuyến một phần": "online_partial",
    "trực tuyến": "online",
    "lưu động": "mobile",
    "điện thoại/thư điện tử": "phone_email",
}


def nfd(text: str) -> str:
    """Decomposed text, as a careless import might deliver it; sheets must print it as NFC."""
    return unicodedata.normalize("NFD", text)


def needs(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")


def pdf_text(path: Path, layout: bool = False) -> str:
    """Text of a PDF via pdftotext (NFC, to compare with source strings)."""
    needs("pdftotext")
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return unicodedata.normalize("NFC", out)


def flat(text: str) -> str:
    """White space collapsed, so wrapped lines compare with one-line source strings."""
    return " ".join(text.split())


def qr_codes(path: Path, tmp_path: Path, dpi: int = 150) -> list[str]:
    """Every QR code found on every page (pdftoppm + zbarimg)."""
    needs("pdftoppm")
    needs("zbarimg")
    prefix = tmp_path / f"qr-{path.stem}"
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(path), str(prefix)],
        check=True,
        capture_output=True,
    )
    found: list[str] = []
    for png in sorted(tmp_path.glob(f"{prefix.name}-*.png")):
        result = subprocess.run(
            ["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, check=False
        )
        found += [line for line in result.stdout.splitlines() if line]
    return found


REGISTER_PROCEDURES = (
    ("Đăng ký khai sinh", "Công chức Tư pháp - Hộ tịch"),
    ("Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Công chức Tư pháp - Hộ tịch"),
    ("Đăng ký thường trú", "Công an xã"),
    ("Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "Công chức Văn hóa - Xã hội"),
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vi", "Lương", "Đặng")
GIVEN = ("Văn Hùng", "Thị Hương", "Đức Anh", "Thị Ngọc Ánh", "Quốc Việt", "Thị Thủy")


def make_register(head: SheetHead, count: int) -> RegisterData:
    lines = []
    start = datetime(2023, 8, 1, 7, 45)
    for i in range(count):
        name, body = REGISTER_PROCEDURES[i % len(REGISTER_PROCEDURES)]
        received = start + timedelta(hours=3 * i)
        done = i % 4 != 3
        lines.append(
            RegisterLine(
                number=i + 1,
                dossier_code=f"20179-{received:%y%m%d}-{i + 1:04d}",
                procedure_name=name,
                applicant_name=f"{SURNAMES[i % 8]} {GIVEN[i % 6]}",
                address=f"Thôn Nà Pàn {i % 5 + 1}, xã An Sơn",
                phone=f"09{i:08d}",
                handling_body=body,
                received_at=received,
                due_at=received + timedelta(days=3),
                sets=1 + i % 2,
                passed_at=received + timedelta(hours=2),
                result_back_at=received + timedelta(days=2) if done else None,
                returned_at=received + timedelta(days=2, hours=3) if done else None,
                returned_to=f"{SURNAMES[i % 8]} {GIVEN[i % 6]}" if done else "",
                timeliness=("early", "on_time", "late")[i % 4] if done else None,
                note="Trả qua bưu chính" if i % 7 == 0 else "",
            )
        )
    return RegisterData(
        head=SheetHead(office=head.office, issued_on=date(2023, 9, 1)),
        period_from=date(2023, 8, 1),
        period_to=date(2023, 8, 31),
        lines=tuple(lines),
        book="03/2023",
    )


def notice_procedure(raw: dict) -> NoticeProcedure:
    time = raw["processing_time"] or {}
    return NoticeProcedure(
        code=raw["code"],
        name=raw["name"],
        field=raw["field"],
        documents=tuple(
            DocumentLine(d["name"], d["kind"], d["count"], d.get("note", ""))
            for d in raw["documents"]
        ),
        processing_time=describe_processing_time(
            time.get("amount"), time.get("unit"), time.get("cutoff_hour")
        ),
        fees=tuple(
            FeeLine(f["item"], f["amount_vnd"], f.get("exemption", "")) for f in raw["fees"]
        ),
        channels=tuple(CHANNEL_CODES.get(c, c) for c in raw["channels"]),
        applicants="Cá nhân, tổ chức có yêu cầu",
        agency=raw["agency"],
        legal_basis=tuple(raw["legal_basis"]),
        result=raw["result"],
        publication_decision="Quyết định số 1520/QĐ-UBND ngày 15/8/2023 của Chủ tịch UBND tỉnh",
    )


def page_texts(path: Path) -> list[str]:
    """Text of each page read back with pypdf, white space collapsed."""
    from pypdf import PdfReader

    return [flat(page.extract_text()) for page in PdfReader(str(path)).pages]


def assert_clean_vietnamese(text: str) -> None:
    """No decomposed marks (they print beside the letters) and no replacement characters."""
    loose = [ch for ch in text if unicodedata.combining(ch)]
    assert not loose, f"combining marks in the PDF text: {loose[:5]}"
    assert "\ufffd" not in text
    assert text == unicodedata.normalize("NFC", text)


def assert_fonts_embedded(path: Path) -> list[str]:
    """Every font of the PDF is an embedded serif subset (pdffonts); returns the font names."""
    needs("pdffonts")
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
    rows = out.stdout.splitlines()[2:]
    assert rows, "no fonts listed"
    names = []
    for row in rows:
        cols = row.split()
        name, emb, sub = cols[0], cols[-5], cols[-4]
        assert emb == "yes" and sub == "yes", row
        assert "LiberationSerif" in name or "TimesNewRoman" in name.replace(" ", ""), row
        names.append(name)
    return names


def nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def load_sample_procedures() -> list[dict]:
    return json.loads((HERE / "procedures_sample.json").read_text(encoding="utf-8"))
