"""Benchmark: the register (form 07) of a year as PDF and XLSX, beside the same work done
directly (raw sqlite3 rows, reportlab platypus / openpyxl write-only) in the same run.

Works on a copy of the five-year database from ``gen_commune_db.py``. Each measurement is a
fresh process (peak resident memory is the process's own); app and raw runs alternate.
Targets (issue 14): PDF ≤ 2× raw and ≤ 150 MB; XLSX ≤ 2× raw.

    python benchmarks/bench_register.py /tmp/commune5y.sqlite3 [--year 2025] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RAW_SQL = """
SELECT d.code, d.received_at, d.due_at, d.sets_count, d.returned_at, d.collected_by,
       d.timeliness, p.name, p.handling_body, a.full_name, a.address, a.phone, h.at
FROM dossiers d
JOIN procedures p ON p.id = d.procedure_id
JOIN applicants a ON a.id = d.applicant_id
LEFT JOIN (SELECT dossier_id, min(at) AS at FROM dossier_events WHERE kind = 'handover'
           GROUP BY dossier_id) h ON h.dossier_id = d.id
WHERE d.received_at >= ? AND d.received_at < ?
ORDER BY d.received_at, d.id
"""


def raw_rows(db: str, year: int):  # type: ignore[no-untyped-def]
    import sqlite3

    con = sqlite3.connect(db)
    cur = con.execute(RAW_SQL, (f"{year}-01-01 00:00:00", f"{year + 1}-01-01 00:00:00"))
    while True:
        batch = cur.fetchmany(1000)
        if not batch:
            break
        yield from batch


def raw_pdf(db: str, year: int, out: str) -> int:
    """reportlab directly: the rows as Paragraph cells in 50-row tables, header repeated."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from tthc_desk.reports.fonts import SERIF, register_fonts

    register_fonts()
    cell = ParagraphStyle("c", fontName=SERIF, fontSize=8.5, leading=10.2)
    widths = [w * mm for w in (8, 31, 42, 9, 24, 26, 20, 16, 16, 16, 16, 16, 12)]
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                       ("VALIGN", (0, 0), (-1, -1), "TOP")])  # fmt: skip
    header = [Paragraph(h, cell) for h in "STT Mã Thủ_tục Bộ Người Địa_chỉ Cơ_quan Nhận Hẹn "
              "Chuyển Có_KQ Trả Ghi_chú".split()]  # fmt: skip

    def fmt(v: object) -> str:
        return "" if v is None else escape(str(v))

    story, chunk, n = [], [header], 0
    for row in raw_rows(db, year):
        n += 1
        code, rec, due, sets, ret, who, timely, pname, body, name, addr, phone, passed = row
        chunk.append([Paragraph(fmt(x), cell) for x in (
            n, code, pname, sets, name, f"{fmt(addr)}<br/>{fmt(phone)}", body, rec, due,
            passed, ret, f"{fmt(ret)}<br/>{fmt(who)}", timely)])  # fmt: skip
        if len(chunk) == 51:
            story.append(Table(chunk, colWidths=widths, repeatRows=1, style=grid))
            chunk = [header]
    if len(chunk) > 1:
        story.append(Table(chunk, colWidths=widths, repeatRows=1, style=grid))
    SimpleDocTemplate(out, pagesize=landscape(A4)).build(story)
    return n


def raw_xlsx(db: str, year: int, out: str) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("So")
    n = 0
    for row in raw_rows(db, year):
        n += 1
        ws.append([n, *row])
    wb.save(out)
    return n


def app(db: str, year: int, out: str) -> int:
    from tthc_desk.persistence.db import Database
    from tthc_desk.services import registers

    database = Database.open(db, migrate=False)
    return registers.export_register(
        database, date(year, 1, 1), date(year, 12, 31), Path(out)
    ).lines


def child(kind: str, db: str, year: int, out: str) -> None:
    sys.path.insert(0, str(ROOT))
    fn = {"app": app, "raw_pdf": raw_pdf, "raw_xlsx": raw_xlsx}[kind]
    # modules loaded before the clock starts, on both sides (start-up is measured elsewhere)
    import openpyxl  # noqa: F401
    import reportlab.platypus  # noqa: F401

    if kind == "app":
        import tthc_desk.reports.forms  # noqa: F401
        import tthc_desk.reports.register_xlsx  # noqa: F401
        import tthc_desk.services.registers  # noqa: F401
    started = time.perf_counter()
    lines = fn(db, year, out)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "lines": lines}))


def measure(kind: str, db: str, year: int, suffix: str) -> dict:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / f"register{suffix}")
        cmd = [sys.executable, __file__, "--child", kind, db, str(year), out]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("db", nargs="?")
    ap.add_argument("--year", type=int, default=datetime.now().year - 1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", choices=["pdf", "xlsx"])
    ap.add_argument("--child", nargs=4)
    args = ap.parse_args()
    if args.child:
        kind, db, year, out = args.child
        child(kind, db, int(year), out)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.sqlite3")
        shutil.copy(args.db, db)
        ok = True
        for suffix, raw_kind in ((".pdf", "raw_pdf"), (".xlsx", "raw_xlsx")):
            if args.only and suffix != "." + args.only:
                continue
            got: dict[str, list[dict]] = {"app": [], raw_kind: []}  # type: ignore[type-arg]
            for _ in range(args.runs):  # alternating
                got["app"].append(measure("app", db, args.year, suffix))
                got[raw_kind].append(measure(raw_kind, db, args.year, suffix))
            a = statistics.median(r["seconds"] for r in got["app"])
            r = statistics.median(r["seconds"] for r in got[raw_kind])
            a_mb = max(x["peak_mb"] for x in got["app"])
            r_mb = max(x["peak_mb"] for x in got[raw_kind])
            lines = got["app"][0]["lines"]
            print(
                f"register {args.year} {suffix[1:].upper()} ({lines} dossiers): app {a:.2f} s "
                f"{a_mb:.0f} MB | raw {r:.2f} s {r_mb:.0f} MB | ratio {a / r:.2f}"
            )
            ok &= a <= 2 * r and (suffix != ".pdf" or a_mb <= 150)
    print("targets (PDF ≤ 2× raw, ≤ 150 MB; XLSX ≤ 2× raw):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
