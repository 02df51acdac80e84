"""Printing and previewing PDFs through Qt, off the UI thread: the PDF goes to the system spooler
as it is where there is one (CUPS), else its pages are rendered by pdfium at 300 dpi, one at a
time, and painted onto the QPrinter; progress and Cancel in a window that does not block typing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from tthc_desk.adapters import printer as spooler
from tthc_desk.adapters.pdfdocs import PDFIUM_LOCK
from tthc_desk.domain.errors import AppError

#: Raster resolution of a print: sharp text on paper, ~9 MB a page in grey (the printer's own
#: 1200 dpi took 9–15 s and 2 GB for a receipt).
PRINT_DPI = 300


def _page_image(doc: object, index: int, scale: float, grayscale: bool = False) -> QImage:
    """One page as an image that owns its pixels (the pdfium bitmap is freed right after)."""
    bitmap = doc[index].render(scale=scale, grayscale=grayscale)  # type: ignore[index]
    try:
        channels = bitmap.n_channels
        fmt = {
            1: QImage.Format.Format_Grayscale8,
            3: QImage.Format.Format_BGR888,
            4: QImage.Format.Format_RGB32,
        }[channels]
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt)
        return image.copy()
    finally:
        bitmap.close()


def render_pages(path: str | Path, scale: float = 1.5) -> list[QImage]:
    """Every page of a PDF as an image (``scale`` 1.0 = 72 dpi); safe off the UI thread."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:  # pdfium is not thread-safe
        doc = pdfium.PdfDocument(str(path))
        try:
            return [_page_image(doc, i, scale) for i in range(len(doc))]
        finally:
            doc.close()


def spool_job(path: str | Path, printer: QPrinter) -> spooler.SpoolJob | None:
    """The native job for a real printer where the system has a spooler; None = rasterise
    (a PDF printer, Windows, or no ``lp``)."""
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        return None
    if not printer.printerName() or not spooler.spooler_available():
        return None
    return spooler.SpoolJob(
        path=Path(path),
        printer=printer.printerName(),
        copies=printer.copyCount(),
        first_page=printer.fromPage(),
        last_page=printer.toPage(),
        title=printer.docName(),
    )


def print_pdf(
    path: str | Path,
    printer: QPrinter,
    error_code: str = "print.failed",
    *,
    dpi: int = PRINT_DPI,
    grayscale: bool = True,
    task: Any = None,
) -> int:
    """Print a PDF on ``printer``; returns the pages sent. Safe off the UI thread.

    A real printer with a system spooler gets the PDF itself. Otherwise each page is rendered
    at ``dpi`` (never above the printer's) and painted, one page in memory at a time; ``task``
    (the runner's) gets progress per page and may cancel between pages.
    Raises ``AppError(error_code)`` when the printer cannot start (the caller's area says
    what to do in its own words) and ``AppError("task.cancelled")`` when cancelled.
    """
    import pypdfium2 as pdfium

    job = spool_job(path, printer)
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(str(path))
        pages = len(doc)
    if job is not None:
        doc.close()
        if task is not None:
            task.check()
        spooler.send_to_spooler(job, error_code)
        if task is not None:
            task.progress(pages, pages)
        return pages
    dpi = min(dpi, printer.resolution())
    printer.setResolution(dpi)  # device pixels = image pixels: painted 1:1, no 1200 dpi copy
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise AppError(error_code)
        for i in range(pages):
            if task is not None and task.cancelled():
                printer.abort()
                raise AppError("task.cancelled")
            if i:
                printer.newPage()
            target = painter.viewport()
            with PDFIUM_LOCK:
                width_pt, height_pt = doc[i].get_size()
                # the page fills the printable area exactly: drawn 1:1, no rescaling by Qt
                scale = min(target.width() / width_pt, target.height() / height_pt)
                image = _page_image(doc, i, scale, grayscale)
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), size), image)
            del image
            if task is not None:
                task.progress(i + 1, pages)
        return pages
    finally:
        if painter.isActive():
            painter.end()
        with PDFIUM_LOCK:
            doc.close()


def start_print(
    ctx: Any,
    path: str | Path,
    printer: QPrinter,
    parent: QWidget | None = None,
    error_code: str = "print.failed",
    on_done: Callable[[int], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> Any:
    """Print on the runner's file lane with a progress window that leaves the app usable;
    returns the task handle (``cancel()`` stops between pages). A cancel is not an error."""
    from tthc_desk.ui.widgets import progress_for

    def failed(exc: BaseException) -> None:
        if isinstance(exc, AppError) and exc.code == "task.cancelled":
            return
        if on_error is not None:
            on_error(exc)

    keep = [printer]  # the QPrinter lives until the job ends

    def done(pages: int) -> None:
        keep.clear()
        if on_done is not None:
            on_done(pages)

    handle = ctx.runner.submit(
        print_pdf,
        str(path),
        printer,
        error_code,
        lane="files",
        on_done=done,
        on_error=failed,
    )
    if not handle.done:
        title = QApplication.translate("Printing", "Đang in {name}…").format(name=Path(path).name)
        progress_for(parent, handle, title, modal=False)
    return handle


def print_with_dialog(
    path: str | Path,
    parent: QWidget | None = None,
    error_code: str = "print.failed",
    ctx: Any = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> bool:
    """Ask which printer (Enter keeps the default), then print the PDF; False if cancelled.

    With ``ctx`` the printing runs off the UI thread (see :func:`start_print`).
    The PDF itself stays where it was written, so it can be printed again later.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(Path(path).name)
    dialog = QPrintDialog(printer, parent or QApplication.activeWindow())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if ctx is None:
        print_pdf(path, printer, error_code)
    else:
        start_print(ctx, path, printer, parent, error_code, on_error=on_error)
    return True
