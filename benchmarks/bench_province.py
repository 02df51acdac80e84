"""Measure the province's list on a five-year commune database, each beside a raw baseline in
the same run: importing a 20,000-row export (preview + save) and reconciling a year.
Exits non-zero when a target is missed.

    /work/.venv/bin/python benchmarks/gen_commune_db.py /tmp/commune5y.sqlite3
    /work/.venv/bin/python benchmarks/bench_province.py /tmp/commune5y.sqlite3
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tthc_desk.domain import province as dom  # noqa: E402
from tthc_desk.persistence.db import Database  # noqa: E402
from tthc_desk.services import auth, province  # noqa: E402
from tthc_desk.services.demo_province import CHANNEL_TEXT, HEADER, STATUS_TEXT  # noqa: E402

TARGET_IMPORT_S = 10.0  # 20,000 rows, preview + save
TARGET_RECONCILE_S = 2.0  # one year of the five-year database
ROWS = 20_000


def _t(value: str | None) -> str:
    return datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M") if value else ""


def write_export(db_path: Path, out: Path) -> int:
    """The last 20,000 dossiers as the province's export (raw sqlite3, not timed)."""
    con = sqlite3.connect(db_path)
    rows = con.execute(
        "SELECT d.code, p.code, p.name, a.full_name, d.channel, d.submitted_at, d.received_at,"
        " d.due_at, d.finished_at, d.returned_at, d.state FROM dossiers d"
        " JOIN procedures p ON p.id = d.procedure_id JOIN applicants a ON a.id = d.applicant_id"
        " ORDER BY d.id DESC LIMIT ?",
        (ROWS,),
    ).fetchall()
    con.close()
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for code, pcode, pname, name, ch, sub, rec, due, fin, ret, state in rows:
            status = dom.STATE_AS_PROVINCE[dom.DossierState(state)]
            w.writerow(
                [code, pcode, pname, name, CHANNEL_TEXT[dom.Channel(ch)], _t(sub), _t(rec),
                 _t(due), _t(fin), _t(ret), STATUS_TEXT[status], "UBND xã"]
            )  # fmt: skip
    return len(rows)


def raw_import(db_path: Path, export: Path) -> float:
    """The same work done directly: csv + the same row parser + one executemany."""
    t0 = time.perf_counter()
    with export.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        _layout, mapping = dom.detect_columns(header)
        parsed = []
        for n, row in enumerate(reader, 2):
            r, _p = dom.parse_row(n, {k: row[i] for k, i in mapping.items()})
            if r is not None:
                parsed.append(r)
    con = sqlite3.connect(db_path)
    con.execute(
        "CREATE TEMP TABLE raw_records (code TEXT UNIQUE, status TEXT, received_at TEXT,"
        " submitted_at TEXT, returned_at TEXT, applicant TEXT, procedure_code TEXT, day TEXT)"
    )
    con.executemany(
        "INSERT INTO raw_records VALUES (?,?,?,?,?,?,?,?)",
        [
            (
                r.code,
                r.status.value,
                str(r.received_at),
                str(r.submitted_at),
                str(r.returned_at),
                r.applicant,
                r.procedure_code,
                str(r.day),
            )
            for r in parsed
        ],  # fmt: skip
    )
    con.commit()
    con.close()
    return time.perf_counter() - t0


def app_import(db_path: Path, export: Path) -> tuple[float, province.ProvinceImportReport]:
    db = Database.open(db_path)
    try:
        admin = next(u for u in auth.list_users(db) if u.role.value == "admin").actor
        t0 = time.perf_counter()
        preview = province.preview_province(db, export)
        report = province.apply_province(db, admin, preview)
        return time.perf_counter() - t0, report
    finally:
        db.dispose()


def raw_reconcile(db_path: Path, start: date, end: date) -> float:
    """The same figures directly: two queries and a dictionary match by code."""
    t0 = time.perf_counter()
    con = sqlite3.connect(db_path)
    lo, hi = start.isoformat(), (end.isoformat() + " 23:59:59")
    app = con.execute(
        "SELECT d.code, d.state, f.name FROM dossiers d JOIN fields f ON f.id = d.field_id"
        " WHERE coalesce(d.received_at, d.submitted_at) BETWEEN ? AND ?",
        (lo, hi),
    ).fetchall()
    prov = dict(
        con.execute(
            "SELECT code, status FROM province_records WHERE day BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        ).fetchall()
    )
    differ = sum(
        1
        for code, state, _f in app
        if prov.get(code) != dom.STATE_AS_PROVINCE[dom.DossierState(state)]
    )
    con.close()
    del differ
    return time.perf_counter() - t0


def app_reconcile(db_path: Path, start: date, end: date) -> tuple[float, dom.Reconciliation]:
    db = Database.open(db_path)
    try:
        t0 = time.perf_counter()
        r = province.reconcile(db, start, end)
        return time.perf_counter() - t0, r
    finally:
        db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-province-"))
    export = tmp / "tinh.csv"
    n = write_export(args.database, export)
    imports, raws = [], []
    for i in range(3):
        copy = tmp / f"run{i}.sqlite3"
        shutil.copyfile(args.database, copy)
        raws.append(raw_import(copy, export))
        copy.unlink()
        shutil.copyfile(args.database, copy)
        seconds, report = app_import(copy, export)
        imports.append(seconds)
    assert report.new == n, (report.new, n)
    imported = tmp / "run2.sqlite3"
    year = date.today().year - 1
    start, end = date(year, 1, 1), date(year, 12, 31)
    recs, raw_recs = [], []
    for _ in range(args.runs):
        raw_recs.append(raw_reconcile(imported, start, end))
        seconds, result = app_reconcile(imported, start, end)
        recs.append(seconds)
    imp, raw_imp = statistics.median(imports), statistics.median(raws)
    rec, raw_rec = statistics.median(recs), statistics.median(raw_recs)
    print(f"import of {n} rows (preview + save): {imp:.2f} s; raw csv+parse+executemany "
          f"{raw_imp:.2f} s; ratio {imp / raw_imp:.1f}×; target ≤ {TARGET_IMPORT_S:.0f} s")  # fmt: skip
    print(f"reconcile {year} ({result.app_total} dossiers, {result.province_total} province rows, "
          f"{len(result.findings)} differences): {rec * 1000:.0f} ms; raw {raw_rec * 1000:.0f} ms; "
          f"ratio {rec / raw_rec:.1f}×; target ≤ {TARGET_RECONCILE_S:.0f} s")  # fmt: skip
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if imp <= TARGET_IMPORT_S and rec <= TARGET_RECONCILE_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
