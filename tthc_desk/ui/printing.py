"""Printing and previewing PDFs through Qt: pages rendered by pdfium, painted onto a QPrinter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from tthc_desk.adapters.pdfdocs import PDFIUM_LOCK
from tthc_desk.domain.errors import AppError


def _page_image(doc: object, index: int, scale: float) -> QImage:
    pil = doc[index].render(scale=scale).to_pil().convert("RGB")  # type: ignore[index]
    image = QImage(pil.tobytes("raw", "RGB"), pil.width, pil.height, 3 * pil.width,
                   QImage.Format.Format_RGB888)  # fmt: skip
    return image.copy()  # own the pixels: the PIL buffer goes away


def render_pages(path: str | Path, scale: float = 1.5) -> list[QImage]:
    """Every page of a PDF as an image (``scale`` 1.0 = 72 dpi); safe off the UI thread."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:  # pdfium is not thread-safe
        doc = pdfium.PdfDocument(str(path))
        try:
            return [_page_image(doc, i, scale) for i in range(len(doc))]
        finally:
            doc.close()


def print_pdf(path: str | Path, printer: QPrinter, error_code: str = "print.failed") -> int:
    """Paint each page of a PDF onto ``printer`` at its resolution; returns the pages printed.

    Raises ``AppError(error_code)`` when the printer cannot start (the caller's area says
    what to do in its own words).
    """
    import pypdfium2 as pdfium

    painter = QPainter()
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(str(path))
        try:
            if not painter.begin(printer):
                raise AppError(error_code)
            scale = printer.resolution() / 72
            for i in range(len(doc)):
                if i:
                    printer.newPage()
                image = _page_image(doc, i, scale)
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), size), image)
            return len(doc)
        finally:
            if painter.isActive():
                painter.end()
            doc.close()


def print_with_dialog(
    path: str | Path, parent: QWidget | None = None, error_code: str = "print.failed"
) -> bool:
    """Ask which printer (Enter keeps the default), then print the PDF; False if cancelled.

    The PDF itself stays where it was written, so it can be printed again later.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(Path(path).name)
    dialog = QPrintDialog(printer, parent or QApplication.activeWindow())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_pdf(path, printer, error_code)
    return True
