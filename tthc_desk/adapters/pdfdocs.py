"""PDF files: inspect and validate, build from scanned images, OCR to searchable PDF, render pages."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from tthc_desk.domain.errors import AppError

__all__ = [
    "ERROR_CODES",
    "PdfInfo",
    "Progress",
    "Cancelled",
    "inspect_pdf",
    "images_to_pdf",
    "OcrPage",
    "detect_rotation",
    "ocr_pdf",
    "find_tesseract",
    "render_page",
    "page_sizes",
    "atomic_output",
]

ERROR_CODES: tuple[str, ...] = (
    "pdf.not_found",  # params: path
    "pdf.not_pdf",  # params: path
    "pdf.encrypted",  # params: path
    "pdf.truncated",  # params: path
    "pdf.corrupt",  # params: path, detail
    "pdf.page_out_of_range",  # params: path, index, pages
    "pdf.no_images",
    "pdf.image_invalid",  # params: path, detail
    "ocr.unavailable",  # Tesseract is not installed
    "ocr.language_missing",  # params: lang (tesseract-ocr-vie not installed)
    "ocr.failed",  # params: page, detail
    "io.disk_full",  # params: path
    "io.write_failed",  # params: path, detail
    "task.cancelled",
)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

log = logging.getLogger(__name__)

# pdfium is not thread-safe: every call into pypdfium2 in the app goes through this lock.
PDFIUM_LOCK = threading.RLock()

_HEAD_WINDOW = 1024
_TAIL_WINDOW = 2048
_IMAGE_FORMATS = {"JPEG", "PNG", "TIFF", "JPEG2000", "BMP", "GIF"}


@dataclass(frozen=True)
class PdfInfo:
    """What the app records about a PDF file. ``pages`` is ``None`` for a locked encrypted file."""

    pages: int | None
    encrypted: bool
    size: int
    sha256: str
    has_signatures: bool


def _check_cancel(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise AppError("task.cancelled")


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _check_envelope(path: Path) -> int:
    """Cheap structural checks on the raw bytes: header, and ``%%EOF`` near the end."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(_HEAD_WINDOW)
            fh.seek(max(0, size - _TAIL_WINDOW))
            tail = fh.read()
    except FileNotFoundError as exc:
        raise AppError("pdf.not_found", path=str(path)) from exc
    except IsADirectoryError as exc:
        raise AppError("pdf.not_pdf", path=str(path)) from exc
    if b"%PDF-" not in head:
        raise AppError("pdf.not_pdf", path=str(path))
    if b"%%EOF" not in tail:
        raise AppError("pdf.truncated", path=str(path))
    import re

    # a linearized PDF ends its first part with %%EOF too; its /L gives the whole length
    match = re.search(rb"/Linearized\s[^>]*?/L\s+(\d+)", head[:2048], re.S)
    if match and size < int(match.group(1)):
        raise AppError("pdf.truncated", path=str(path))
    return size


@contextlib.contextmanager
def _open_pdfium(path: Path, password: str | None = None) -> Iterator[object]:
    """Open ``path`` with pdfium under the lock; map pdfium's errors to coded errors."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(str(path), password=password)
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code == pdfium_c.FPDF_ERR_PASSWORD:
                raise AppError("pdf.encrypted", path=str(path)) from exc
            raise AppError("pdf.corrupt", path=str(path), detail=str(exc)) from exc
        try:
            doc.init_forms()  # so form widgets (signature stamps) are drawn too
            yield doc
        finally:
            doc.close()


def inspect_pdf(path: Path | str, *, allow_encrypted: bool = False) -> PdfInfo:
    """Validate a PDF and describe it.

    Raises ``pdf.not_found``, ``pdf.not_pdf``, ``pdf.truncated`` (no ``%%EOF`` at the end: the
    copy or download stopped early), ``pdf.corrupt`` and, unless ``allow_encrypted``,
    ``pdf.encrypted`` (any security handler, even an owner-password-only file: it cannot be
    signed or stamped as it is).
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    path = Path(path)
    size = _check_envelope(path)
    digest = _sha256_file(path)
    try:
        with _open_pdfium(path) as doc:
            assert isinstance(doc, pdfium.PdfDocument)
            encrypted = pdfium_c.FPDF_GetSecurityHandlerRevision(doc.raw) != -1
            if encrypted and not allow_encrypted:
                raise AppError("pdf.encrypted", path=str(path))
            pages = len(doc)
            if pages < 1:
                raise AppError("pdf.corrupt", path=str(path), detail="no pages")
            signatures = pdfium_c.FPDF_GetSignatureCount(doc.raw)
    except AppError as exc:
        if exc.code == "pdf.encrypted" and allow_encrypted:
            return PdfInfo(None, True, size, digest, False)
        raise
    return PdfInfo(pages, encrypted, size, digest, signatures > 0)


def page_sizes(path: Path | str) -> list[tuple[float, float, int]]:
    """Width and height in points (as displayed) and the /Rotate of every page."""
    import pypdfium2 as pdfium

    with _open_pdfium(Path(path)) as doc:
        assert isinstance(doc, pdfium.PdfDocument)
        out = []
        for i in range(len(doc)):
            page = doc[i]
            w, h = page.get_size()
            out.append((w, h, page.get_rotation()))
            page.close()
        return out


def render_page(
    path: Path | str, index: int, width: int = 800, *, grayscale: bool = False
) -> bytes:
    """Render page ``index`` (0-based) ``width`` pixels wide, as PNG bytes (annotations drawn).

    For previews and thumbnails; the UI turns the bytes into a ``QImage``.
    """
    import pypdfium2 as pdfium

    path = Path(path)
    _check_envelope(path)
    with _open_pdfium(path) as doc:
        assert isinstance(doc, pdfium.PdfDocument)
        if not 0 <= index < len(doc):
            raise AppError("pdf.page_out_of_range", path=str(path), index=index, pages=len(doc))
        page = doc[index]
        try:
            pt_width, _ = page.get_size()
            scale = max(width, 1) / pt_width
            bitmap = page.render(scale=scale, grayscale=grayscale, may_draw_forms=True)
            image = bitmap.to_pil()
        finally:
            page.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


@contextlib.contextmanager
def atomic_output(out: Path) -> Iterator[IO[bytes]]:
    """Write ``out`` through a temp file in the same folder, fsync, then rename into place.

    On any error (or cancel) the temp file is removed and ``out`` is untouched. ``ENOSPC`` is
    raised as ``io.disk_full``.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with tmp.open("xb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise AppError("io.disk_full", path=str(out)) from exc
        raise AppError("io.write_failed", path=str(out), detail=str(exc)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _image_bytes_for_pdf(path: Path) -> bytes | str:
    """Return what img2pdf should embed: the file itself, or a lossless PNG without alpha."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            fmt = im.format
            im.verify()
        if fmt not in _IMAGE_FORMATS:
            raise AppError("pdf.image_invalid", path=str(path), detail=f"format {fmt}")
        with Image.open(path) as im:
            has_alpha = im.mode in ("RGBA", "LA", "PA") or (
                im.mode == "P" and "transparency" in im.info
            )
            dpi = im.info.get("dpi")
            if has_alpha:
                # img2pdf refuses alpha channels: flatten on white, keep it lossless (PNG).
                rgba = im.convert("RGBA")
                flat = Image.new("RGB", rgba.size, "white")
                flat.paste(rgba, mask=rgba.getchannel("A"))
                return _png_bytes(flat, dpi)
            if fmt in {"BMP", "GIF"}:
                return _png_bytes(im.convert("L" if im.mode in ("1", "L") else "RGB"), dpi)
            return str(path)
    except FileNotFoundError as exc:
        raise AppError("pdf.image_invalid", path=str(path), detail="missing") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise AppError("pdf.image_invalid", path=str(path), detail=str(exc)) from exc


def _png_bytes(image: object, dpi: tuple[float, float] | None = None) -> bytes:
    buf = io.BytesIO()
    kwargs = {"dpi": dpi} if dpi else {}
    image.save(buf, format="PNG", **kwargs)  # type: ignore[attr-defined]
    return buf.getvalue()


def images_to_pdf(
    images: Sequence[Path | str],
    out: Path | str,
    *,
    dpi: int | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Join scanned page images into one PDF with img2pdf, one page per image (frame).

    JPEG, JPEG 2000, TIFF (incl. CCITT G4) and PNG without alpha are embedded as they are (no
    recompression); a PNG with alpha is flattened on white and stays lossless. ``dpi`` forces
    the page size (pass the scan resolution); otherwise each image's own DPI is used.
    """
    import img2pdf

    if not images:
        raise AppError("pdf.no_images")
    out = Path(out)
    total = len(images)
    inputs: list[bytes | str] = []
    for i, image in enumerate(images):
        _check_cancel(cancelled)
        inputs.append(_image_bytes_for_pdf(Path(image)))
        if progress:
            progress(i + 1, total)
    _check_cancel(cancelled)
    kwargs = {}
    if dpi:
        kwargs["layout_fun"] = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    try:
        data = img2pdf.convert(inputs, **kwargs)
    except Exception as exc:  # img2pdf raises many different types for bad images
        raise AppError("pdf.image_invalid", path="", detail=str(exc)) from exc
    with atomic_output(out) as fh:
        fh.write(data)
    return out


def find_tesseract() -> str | None:
    """The Tesseract program: on PATH, or the usual Windows install folder."""
    found = shutil.which("tesseract")
    if found:
        return found
    if sys.platform == "win32":
        for base in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)")):
            if base:
                candidate = Path(base) / "Tesseract-OCR" / "tesseract.exe"
                if candidate.is_file():
                    return str(candidate)
    return None


def _tesseract_languages(exe: str) -> set[str]:
    result = subprocess.run(
        [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    lines = (result.stdout + result.stderr).splitlines()
    return {line.strip() for line in lines if line.strip() and " " not in line.strip()}


@dataclass(frozen=True)
class OcrPage:
    """What OCR made of one page: its text ("" when nothing could be read) and the turn
    (degrees clockwise) Tesseract's orientation detection applied first."""

    index: int
    text: str
    rotated: int

    @property
    def read(self) -> bool:
        return bool(self.text.strip())


def detect_rotation(exe: str, image: Path) -> int:
    """Degrees to turn the page clockwise to make it upright (Tesseract OSD), 0 if unsure."""
    result = subprocess.run(
        [exe, str(image), "-", "--psm", "0"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    rotate, confidence = 0, 0.0
    for line in (result.stdout + result.stderr).splitlines():
        key, _, value = line.partition(":")
        try:
            if key.strip() == "Rotate":
                rotate = int(value.strip())
            elif key.strip() == "Orientation confidence":
                confidence = float(value.strip())
        except ValueError:
            continue
    return rotate % 360 if rotate % 90 == 0 and confidence >= 1.0 else 0


def ocr_pdf(
    src: Path | str,
    out: Path | str,
    *,
    lang: str = "vie",
    dpi: int = 300,
    tesseract: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    pages: list[OcrPage] | None = None,
) -> Path:
    """Write ``out``: ``src`` with an invisible Tesseract text layer on each page (searchable).

    The original page content (the scanned images) is kept byte for byte; only text is added.
    Raises ``ocr.unavailable`` when Tesseract is absent (callers skip OCR and keep the plain
    PDF) and ``ocr.language_missing`` when the language data (``tesseract-ocr-vie``) is not
    installed. Do this before signing: it rewrites the file.

    Each page's orientation is detected first (Tesseract OSD, when ``osd`` data is installed)
    and a sideways or upside-down scan is turned upright (its /Rotate) before OCR. ``pages``,
    when given, receives an :class:`OcrPage` per page: a page with no text read is not OCR'd.
    """
    from pypdf import PdfReader, PdfWriter, Transformation

    src, out = Path(src), Path(out)
    exe = shutil.which(tesseract) if tesseract else find_tesseract()
    if exe is None:
        raise AppError("ocr.unavailable")
    available = _tesseract_languages(exe)
    missing = [part for part in lang.split("+") if part not in available]
    if missing:
        raise AppError("ocr.language_missing", lang="+".join(missing))
    info = inspect_pdf(src)
    total = info.pages or 0
    osd = "osd" in available

    import pypdfium2 as pdfium

    writer = PdfWriter(clone_from=str(src))
    with tempfile.TemporaryDirectory(prefix="tthc-ocr-") as tmpdir:
        tmp = Path(tmpdir)
        for index in range(total):
            _check_cancel(cancelled)
            image_path = tmp / f"p{index:04d}.png"
            with _open_pdfium(src) as doc:
                assert isinstance(doc, pdfium.PdfDocument)
                page = doc[index]
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                pil = bitmap.to_pil()
                page.close()
            pil.save(image_path, dpi=(dpi, dpi))
            turn = detect_rotation(exe, image_path) if osd else 0
            if turn:
                pil.rotate(-turn, expand=True).save(image_path, dpi=(dpi, dpi))
            base = tmp / f"t{index:04d}"
            result = subprocess.run(
                [
                    exe,
                    str(image_path),
                    str(base),
                    "-l",
                    lang,
                    "--dpi",
                    str(dpi),
                    "-c",
                    "textonly_pdf=1",
                    "pdf",
                    "txt",
                ],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            text_pdf = base.with_suffix(".pdf")
            if result.returncode != 0 or not text_pdf.is_file():
                raise AppError("ocr.failed", page=index + 1, detail=result.stderr[-500:])
            text_file = base.with_suffix(".txt")
            text = (
                text_file.read_text(encoding="utf-8", errors="replace")
                if text_file.is_file()
                else ""
            )
            if pages is not None:
                pages.append(OcrPage(index, unicodedata.normalize("NFC", text).strip(), turn))
            text_page = PdfReader(str(text_pdf)).pages[0]
            target = writer.pages[index]
            if turn:
                target.rotate(turn)
            if target.rotation:
                target.transfer_rotation_to_content()
            box = target.cropbox
            sx = float(box.width) / float(text_page.mediabox.width)
            sy = float(box.height) / float(text_page.mediabox.height)
            target.merge_transformed_page(
                text_page,
                Transformation().scale(sx, sy).translate(float(box.left), float(box.bottom)),
            )
            if progress:
                progress(index + 1, total)
        _check_cancel(cancelled)
        with atomic_output(out) as fh:
            writer.write(fh)
    return out
