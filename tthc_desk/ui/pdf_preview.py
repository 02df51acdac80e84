"""Preview of a PDF inside the app: page thumbnails and the chosen page, rendered off the UI thread.

This PySide6 build has no QtPdf module, so pages are drawn by pdfium (``adapters.pdfdocs``) into
PNG bytes on the ``files`` lane and shown as ``QImage``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.adapters import pdfdocs
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.messages import describe
from tthc_desk.ui.tasks import TaskHandle

THUMB_WIDTH = 110
PAGE_WIDTH = 1100  # rendered once, scaled to the pane's width


def render_thumbnails(path: Path, pages: int, width: int, task=None) -> list[bytes]:  # type: ignore[no-untyped-def]
    """PNG bytes of every page ``width`` pixels wide (runs on the files lane)."""
    out = []
    for i in range(pages):
        if task is not None:
            task.check()
        out.append(pdfdocs.render_page(path, i, width))
        if task is not None:
            task.progress(i + 1, pages)
    return out


class PdfPreview(QWidget):
    """Thumbnails on the left, the selected page on the right."""

    sig_page_shown = Signal(int)
    """The 0-based page now shown large (tests wait on it)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("pdfPreview")
        self.path: Path | None = None
        self.pages = 0
        self._thumb_task: TaskHandle | None = None
        self._generation = 0
        self.thumbs = QListWidget(objectName="thumbnails")
        self.thumbs.setViewMode(QListView.ViewMode.IconMode)
        self.thumbs.setFlow(QListView.Flow.TopToBottom)
        self.thumbs.setWrapping(False)
        self.thumbs.setMovement(QListView.Movement.Static)
        self.thumbs.setIconSize(QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.42)))
        self.thumbs.setFixedWidth(THUMB_WIDTH + 40)
        self.thumbs.setSpacing(4)
        self.thumbs.setStyleSheet("QListWidget { background: #e8eaed; }")
        self.thumbs.currentRowChanged.connect(self._show_page)
        self.page_label = QLabel(objectName="pageImage")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_label.setStyleSheet("background: #5f6368; padding: 8px;")
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.page_label)
        self.scroll.setWidgetResizable(True)
        self.scroll.setStyleSheet("QScrollArea { background: #5f6368; }")
        self._image: QImage | None = None
        self.status = QLabel(objectName="previewStatus")
        # long titles are cut at the pane's edge (full text in the tooltip), never wrapped
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.status)
        right.addWidget(self.scroll, 1)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.thumbs)
        lay.addLayout(right, 1)
        self.clear()

    def clear(self, message: str | None = None) -> None:
        self._generation += 1
        if self._thumb_task is not None:
            self._thumb_task.cancel()
        self.path, self.pages = None, 0
        self.thumbs.clear()
        self._image = None
        self.page_label.clear()
        self.status.setText(message or self.tr("Chọn một tài liệu để xem trước."))

    def show_file(self, path: Path, pages: int, title: str = "") -> None:
        """Show ``path`` (``pages`` pages): thumbnails first, then page 1 large."""
        self.clear()
        self.path, self.pages = Path(path), pages
        gen = self._generation
        self.status.setText(
            self.tr("{title} — {pages} trang").format(title=title, pages=pages)
            if title
            else self.tr("{pages} trang").format(pages=pages)
        )
        self.status.setToolTip(self.status.text())
        for i in range(pages):
            item = QListWidgetItem(self.tr("Trang {n}").format(n=i + 1))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.thumbs.addItem(item)
        self._thumb_task = self.ctx.runner.submit(
            render_thumbnails,
            self.path,
            pages,
            THUMB_WIDTH * 2,
            on_done=lambda images: self._set_thumbs(gen, images),
            on_error=lambda e: self._failed(gen, e),
            lane="files",
        )
        if pages:
            self.thumbs.setCurrentRow(0)

    def _set_thumbs(self, gen: int, images: list[bytes]) -> None:
        if gen != self._generation:
            return
        for i, data in enumerate(images):
            item = self.thumbs.item(i)
            if item is not None:
                item.setIcon(QIcon(_framed(QImage.fromData(data, "PNG"))))

    def _failed(self, gen: int, error: BaseException) -> None:
        if gen == self._generation:
            self.status.setText(describe(error))

    def _show_page(self, index: int) -> None:
        if self.path is None or index < 0:
            return
        gen = self._generation
        self.ctx.runner.submit(
            pdfdocs.render_page,
            self.path,
            index,
            PAGE_WIDTH,
            on_done=lambda data: self._set_page(gen, index, data),
            on_error=lambda e: self._failed(gen, e),
            lane="files",
        )

    def _set_page(self, gen: int, index: int, data: bytes) -> None:
        if gen != self._generation:
            return
        self._image = QImage.fromData(data, "PNG")
        self._fit()
        self.sig_page_shown.emit(index)

    def _fit(self) -> None:
        """Scale the page to the width of the pane (it scrolls vertically)."""
        if self._image is None or self._image.isNull():
            return
        width = max(200, self.scroll.viewport().width() - 24)
        scaled = self._image.scaledToWidth(
            min(width, self._image.width()), Qt.TransformationMode.SmoothTransformation
        )
        self.page_label.setPixmap(_framed(scaled))

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()


def _framed(image: QImage) -> QPixmap:
    """The page with a thin grey frame, so a white page shows on any background."""
    pix = QPixmap.fromImage(image)
    painter = QPainter(pix)
    painter.setPen(QColor("#9aa0a6"))
    painter.drawRect(0, 0, pix.width() - 1, pix.height() - 1)
    painter.end()
    return pix
