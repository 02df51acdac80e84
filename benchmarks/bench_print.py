"""Benchmark: a receipt (form 01, two copies, five documents) printed to a PDF printer.

Each run is a fresh process (Qt offscreen) that prints with ``ui.printing.print_pdf`` as the app
does; it reports the time of the print call and the process's peak resident memory. Beside it,
the old way (pages rendered at the printer's 1200 dpi, in colour) on the same file.
Targets (issue 9): ≤ 2 s and ≤ 300 MB.

    python benchmarks/bench_print.py [--runs 7] [--old]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S, TARGET_MB = 2.0, 300


def make_receipt(path: Path) -> None:
    from tthc_desk.reports.data import (
        Applicant,
        DocumentLine,
        Office,
        ReceiptData,
        SheetHead,
        Signer,
    )
    from tthc_desk.reports.forms import render_receipt

    office = Office("UBND XÃ AN SƠN", "Ủy ban nhân dân xã An Sơn", "An Sơn",
                    unit="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
                    unit_formal="Trung tâm Phục vụ hành chính công")  # fmt: skip
    docs = tuple(
        DocumentLine(name, kind)
        for name, kind in (
            ("Tờ khai đăng ký khai sinh (theo mẫu)", "form"),
            ("Giấy chứng sinh", "original"),
            ("Văn bản ủy quyền (khi ủy quyền)", "original"),
            ("Hộ chiếu/CMND/thẻ Căn cước của người đi đăng ký", "original"),
            ("Giấy tờ chứng minh nơi cư trú", "copy"),
        )
    )
    render_receipt(
        ReceiptData(
            head=SheetHead(office, date(2026, 12, 5), "XANSON-261205-0001/TNHS"),
            dossier_code="XANSON-261205-0001",
            applicant=Applicant("Nguyễn Thị Hương", "Thôn Đồng Bục, xã An Sơn", "0912345678"),
            procedure_code="1.001193",
            procedure_name="Đăng ký khai sinh",
            documents=docs,
            processing_time="Trong ngày",
            received_at=datetime(2026, 12, 5, 8, 30),
            due_at=datetime(2026, 12, 5, 16, 0),
            officer=Signer("NGƯỜI TIẾP NHẬN HỒ SƠ", "Hoàng Văn Lực"),
        ),
        path,
    )


def child(pdf: str, out: str, old: bool) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from tthc_desk.ui import printing

    app = QApplication([])  # noqa: F841 - Qt needs it for painting
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(out)
    started = time.perf_counter()
    if old:
        pages = printing.print_pdf(pdf, printer, dpi=printer.resolution(), grayscale=False)
    else:
        pages = printing.print_pdf(pdf, printer)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "pages": pages}))


def run(pdf: Path, old: bool, runs: int) -> tuple[float, float]:
    times, peaks = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [sys.executable, __file__, "--child", str(pdf), str(Path(tmp) / "o.pdf")]
            done = subprocess.run(cmd + (["--old"] if old else []), capture_output=True,
                                  text=True, check=True, cwd=ROOT)  # fmt: skip
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        times.append(figures["seconds"])
        peaks.append(figures["peak_mb"])
    return statistics.median(times), max(peaks)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--old", action="store_true", help="also time the old 1200 dpi way")
    ap.add_argument("--child", nargs=2)
    args, _ = ap.parse_known_args()
    if args.child:
        child(args.child[0], args.child[1], "--old" in sys.argv)
        return 0
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "receipt.pdf"
        make_receipt(pdf)
        seconds, peak = run(pdf, False, args.runs)
        print(f"receipt to a PDF printer (300 dpi): {seconds:.2f} s median, {peak:.0f} MB peak")
        if args.old:
            o_seconds, o_peak = run(pdf, True, max(1, args.runs // 3))
            print(f"the old way (1200 dpi, colour):    {o_seconds:.2f} s, {o_peak:.0f} MB")
    ok = seconds <= TARGET_S and peak <= TARGET_MB
    print("target ≤ 2 s and ≤ 300 MB:", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
