"""Benchmark: the public notice (niêm yết) of all procedures as a PDF, beside the same text and
QR codes drawn by reportlab directly (paragraphs and reportlab's own QR widget), same run.

    python benchmarks/bench_notice.py /tmp/commune5y.sqlite3 [--runs 7]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: The notice beside the same text and QR codes drawn by reportlab directly (issue 14: paper
#: speed, the same bound as the register's PDF). The text-only figure is shown, not judged.
TARGET_RATIO = 2.0


def app(db, out: io.BytesIO) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.reports import layout
    from tthc_desk.reports.notices import render_notice
    from tthc_desk.services import notices

    layout.qr_runs.cache_clear()  # each run encodes its QR codes afresh
    render_notice(notices.notice_data(db), out)


def raw_text(data, out: io.BytesIO) -> None:  # type: ignore[no-untyped-def]
    """The same text without the QR codes."""
    raw(data, out, qr=False)


def raw(data, out: io.BytesIO, qr: bool = True) -> None:  # type: ignore[no-untyped-def]
    """The same procedures' text as paragraphs, one QR code each, on A4 pages."""
    from xml.sax.saxutils import escape

    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from tthc_desk.reports.fonts import SERIF, register_fonts

    register_fonts()
    body = ParagraphStyle("b", fontName=SERIF, fontSize=12, leading=15)
    story = []
    for section in data.sections:
        story.append(Paragraph(escape(section.field), body))
        for proc in section.procedures:
            story.append(Paragraph(f"<b>{escape(proc.code)} {escape(proc.name)}</b>", body))
            for doc in proc.documents:
                story.append(Paragraph("- " + escape(doc.name), body))
            story.append(Paragraph(escape(proc.processing_time), body))
            for fee in proc.fees:
                story.append(Paragraph(escape(fee.item), body))
            for basis in proc.legal_basis:
                story.append(Paragraph(escape(basis), body))
            if not qr:
                continue
            size = 24 * mm
            qr_code = QrCodeWidget(proc.url, barWidth=size, barHeight=size)
            drawing = Drawing(size, size)
            drawing.add(qr_code)
            story.append(drawing)
    SimpleDocTemplate(out, pagesize=A4).build(story)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    from tthc_desk.persistence.db import Database
    from tthc_desk.services import notices

    db = Database.open(args.db, migrate=False)
    data = notices.notice_data(db)
    count = sum(len(s.procedures) for s in data.sections)
    app(db, io.BytesIO())  # warm-up: fonts, imports
    raw(data, io.BytesIO())
    times: dict[str, list[float]] = {"app": [], "raw": [], "raw_text": []}
    for _ in range(args.runs):  # alternating
        for name, fn, arg in (("app", app, db), ("raw", raw, data), ("raw_text", raw_text, data)):
            started = time.perf_counter()
            fn(arg, io.BytesIO())
            times[name].append(time.perf_counter() - started)
    a, r = statistics.median(times["app"]), statistics.median(times["raw"])
    rt = statistics.median(times["raw_text"])
    print(
        f"notice of all {count} procedures: app {a:.3f} s | raw with reportlab's QR widget "
        f"{r:.3f} s (ratio {a / r:.2f}) | raw text only {rt:.3f} s (ratio {a / rt:.2f})"
    )
    if a > TARGET_RATIO * r:
        print(f"OVER {TARGET_RATIO:g}x the same work done directly (text and QR codes)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
