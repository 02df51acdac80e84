"""Reading QR codes from pictures (a photo of a citizen's ID card, a camera frame): a small
interface over a maintained decoder (zxing-cpp), so that screens and tests do not depend on it."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PIL import Image

from tthc_desk.domain.errors import AppError


class QrDecoder(Protocol):
    """Turns one picture into the texts of the QR codes it shows (none: an empty list)."""

    def decode(self, image: Image.Image) -> list[str]: ...


class ZxingQrDecoder:
    """zxing-cpp: finds QR codes turned, small or on a busy background; UTF-8 text as read."""

    def decode(self, image: Image.Image) -> list[str]:
        import zxingcpp

        results = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
        return [r.text for r in results if r.valid and r.text]


def default_decoder() -> QrDecoder | None:
    """The decoder installed here, or None when there is none (the screens then hide it)."""
    try:
        import zxingcpp  # noqa: F401
    except ImportError:  # pragma: no cover - a dependency, but an optional feature
        return None
    return ZxingQrDecoder()


def decode_file(path: Path, decoder: QrDecoder | None = None) -> list[str]:
    """The QR codes' texts in an image file; ``AppError("qr.image")`` when it is no picture."""
    use = decoder or default_decoder()
    if use is None:
        raise AppError("qr.decoder_missing")
    try:
        with Image.open(path) as img:
            img.load()
            return use.decode(img)
    except (OSError, ValueError) as exc:
        raise AppError("qr.image", path=str(path)) from exc
