"""The Qt binding must not leak references to None (PySide6 6.12 does and aborts the app)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QImage, QPainter


def test_painter_calls_keep_none_refcount(qapp) -> None:  # type: ignore[no-untyped-def]
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(2000):
            painter.save()
            painter.restore()
        assert abs(sys.getrefcount(None) - before) < 50
    finally:
        painter.end()


def test_model_data_keeps_none_refcount(qapp) -> None:  # type: ignore[no-untyped-def]
    model = QStringListModel(["a"])  # keep the model alive while its index is used
    index = model.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(2000):
        index.data(Qt.ItemDataRole.ToolTipRole)  # returns None
    assert abs(sys.getrefcount(None) - before) < 50
