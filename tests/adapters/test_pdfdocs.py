"""PDF inspection, images to PDF without loss, OCR to searchable PDF, page rendering."""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from tthc_desk.adapters import pdfdocs
from tthc_desk.domain.errors import AppError
from tthc_desk.domain.text import fold


def test_inspect_valid(sample_pdf: Path) -> None:
    info = pdfdocs.inspect_pdf(sample_pdf)
    data = sample_pdf.read_bytes()
    assert info == pdfdocs.PdfInfo(
        pages=1,
        encrypted=False,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        has_signatures=False,
    )


def test_inspect_errors(tmp_path: Path, sample_pdf: Path) -> None:
    cases: dict[str, Path] = {}
    cases["pdf.not_found"] = tmp_path / "absent.pdf"
    text = tmp_path / "letter.pdf"
    text.write_text("Kính gửi UBND xã", encoding="utf-8")
    cases["pdf.not_pdf"] = text
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    cases["pdf.not_pdf "] = empty
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(sample_pdf.read_bytes()[:3000])
    cases["pdf.truncated"] = cut
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 200 + b"\n%%EOF\n")
    cases["pdf.corrupt"] = garbage
    locked = tmp_path / "locked.pdf"
    writer = PdfWriter(clone_from=str(sample_pdf))
    writer.encrypt(user_password="u", owner_password="o", algorithm="AES-256")
    with locked.open("wb") as fh:
        writer.write(fh)
    cases["pdf.encrypted"] = locked
    for code, path in cases.items():
        with pytest.raises(AppError) as exc:
            pdfdocs.inspect_pdf(path)
        assert exc.value.code == code.strip(), path.name
    info = pdfdocs.inspect_pdf(locked, allow_encrypted=True)
    assert info.encrypted and info.pages is None


def test_owner_password_only_is_still_encrypted(tmp_path: Path, sample_pdf: Path) -> None:
    path = tmp_path / "restricted.pdf"
    writer = PdfWriter(clone_from=str(sample_pdf))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(AppError) as exc:
        pdfdocs.inspect_pdf(path)
    assert exc.value.code == "pdf.encrypted"
    info = pdfdocs.inspect_pdf(path, allow_encrypted=True)
    assert info.encrypted and info.pages == 1


def _image_streams(pdf: Path) -> list[bytes]:
    reader = PdfReader(str(pdf))
    out = []
    for page in reader.pages:
        for obj in page["/Resources"]["/XObject"].values():
            out.append(obj.get_object()._data)  # the stream as stored (still encoded)
    return out


def test_images_to_pdf_is_lossless(tmp_path: Path, text_image) -> None:
    png = text_image(tmp_path / "p1.png", ["Trang một"], size=(400, 300), dpi=100)
    jpg = tmp_path / "p2.jpg"
    Image.open(png).convert("RGB").save(jpg, quality=85, dpi=(100, 100))
    rgba = tmp_path / "p3.png"
    Image.open(png).convert("RGBA").save(rgba)
    calls: list[tuple[int, int]] = []
    out = pdfdocs.images_to_pdf(
        [png, jpg, rgba], tmp_path / "out.pdf", dpi=100, progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert pdfdocs.inspect_pdf(out).pages == 3
    streams = _image_streams(out)
    assert streams[1] == jpg.read_bytes()  # JPEG embedded byte for byte
    # PNG pixels come back identical (Flate, no recompression loss)
    reader = PdfReader(str(out))
    first = next(iter(reader.pages[0]["/Resources"]["/XObject"].values())).get_object()
    raw = zlib.decompress(first._data)
    assert int(first["/Width"]) == 400
    # PNG predictor rows: one filter byte per row, then RGB
    assert len(raw) == 300 * (1 + 400 * 3)
    # 100 dpi: 400 px = 4 in = 288 pt
    w, h, _ = pdfdocs.page_sizes(out)[0]
    assert abs(w - 288) < 0.5 and abs(h - 216) < 0.5


def test_images_to_pdf_errors_and_cancel(tmp_path: Path, text_image) -> None:
    png = text_image(tmp_path / "p1.png", ["x"], size=(100, 100), dpi=100)
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    out = tmp_path / "out.pdf"
    with pytest.raises(AppError) as exc:
        pdfdocs.images_to_pdf([png, bad], out)
    assert exc.value.code == "pdf.image_invalid"
    with pytest.raises(AppError) as exc:
        pdfdocs.images_to_pdf([], out)
    assert exc.value.code == "pdf.no_images"
    with pytest.raises(AppError) as exc:
        pdfdocs.images_to_pdf([png, png, png], out, cancelled=lambda: True)
    assert exc.value.code == "task.cancelled"
    assert not out.exists() and list(tmp_path.glob("*.part")) == []


def test_render_page(sample_pdf: Path) -> None:
    png = pdfdocs.render_page(sample_pdf, 0, 300)
    image = Image.open(io.BytesIO(png))
    assert image.width == 300 and abs(image.height - 424) <= 2
    with pytest.raises(AppError) as exc:
        pdfdocs.render_page(sample_pdf, 3, 100)
    assert exc.value.code == "pdf.page_out_of_range"


def test_ocr_makes_searchable_pdf(tmp_path: Path, text_image) -> None:
    if pdfdocs.find_tesseract() is None:
        pytest.skip("tesseract is not installed")
    png = text_image(
        tmp_path / "ocr.png",
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Giấy khai sinh"],
        size=(1100, 260),
        dpi=150,
    )
    src = pdfdocs.images_to_pdf([png], tmp_path / "scan.pdf", dpi=150)
    try:
        out = pdfdocs.ocr_pdf(src, tmp_path / "ocr.pdf", dpi=150)
    except AppError as exc:
        if exc.code == "ocr.language_missing":
            pytest.skip("tesseract-ocr-vie is not installed")
        raise
    text = fold(PdfReader(str(out)).pages[0].extract_text())
    assert "cong hoa" in text and "viet nam" in text
    assert "khai sinh" in text
    # the scanned image is untouched: the same stream bytes as before OCR
    assert _image_streams(out) == _image_streams(src)


def test_ocr_absent_tesseract(tmp_path: Path, sample_pdf: Path) -> None:
    with pytest.raises(AppError) as exc:
        pdfdocs.ocr_pdf(sample_pdf, tmp_path / "o.pdf", tesseract=str(tmp_path / "no-tesseract"))
    assert exc.value.code == "ocr.unavailable"


def test_error_codes_listed() -> None:
    source = Path(pdfdocs.__file__).read_text(encoding="utf-8")
    raised = set(re.findall(r'AppError\(\s*"([a-z0-9_.]+)"', source))
    assert raised <= set(pdfdocs.ERROR_CODES)


def test_ocr_turns_a_sideways_scan_upright_and_flags_an_unreadable_page(
    tmp_path: Path, text_image
) -> None:
    """A page scanned sideways is turned by Tesseract's orientation detection before OCR; a
    blank page gets no text (it is not OCR'd)."""
    from PIL import Image

    if pdfdocs.find_tesseract() is None:
        pytest.skip("tesseract is not installed")
    lines = [f"Dòng {i}: Giấy xác nhận cư trú của công dân xã An Sơn" for i in range(14)]
    upright = text_image(tmp_path / "p.png", lines, size=(1240, 1754), dpi=150)
    sideways = tmp_path / "sideways.png"
    Image.open(upright).rotate(90, expand=True).save(sideways, dpi=(150, 150))
    blank = tmp_path / "blank.png"
    Image.new("RGB", (1240, 1754), "white").save(blank, dpi=(150, 150))
    src = pdfdocs.images_to_pdf([sideways, blank], tmp_path / "scan.pdf", dpi=150)
    pages: list[pdfdocs.OcrPage] = []
    try:
        out = pdfdocs.ocr_pdf(src, tmp_path / "ocr.pdf", dpi=150, pages=pages)
    except AppError as exc:
        if exc.code == "ocr.language_missing":
            pytest.skip("tesseract-ocr-vie is not installed")
        raise
    first, second = pages
    assert first.rotated in (90, 270) and first.read
    assert "xac nhan cu tru" in fold(first.text)
    assert not second.read and second.rotated == 0
    reader = PdfReader(str(out))
    box = reader.pages[0].mediabox  # the landscape (sideways) page now shows upright
    assert float(PdfReader(str(src)).pages[0].mediabox.width) > float(box.width)
    assert float(box.height) > float(box.width)
    assert "xac nhan cu tru" in fold(reader.pages[0].extract_text())
