"""Measure the 766 estimate of a year on the five-year commune database beside the same work
done directly: the app's own grouped SQL replayed with raw ``sqlite3`` on the same file
(``index766.estimate``: SQLAlchemy Core, Python sums, scoring). Alternating runs, medians, the
ratio; also the first criterion's losing records fetched when the user opens it. Exits non-zero
when a target is missed (issue 14: ≤ 50 ms, ≤ 5× the raw aggregates).

    /work/main/.venv/bin/python benchmarks/gen_commune_db.py /tmp/commune5y.sqlite3
    /work/main/.venv/bin/python benchmarks/bench_index766.py /tmp/commune5y.sqlite3
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tthc_desk.persistence.db import Database  # noqa: E402
from tthc_desk.services import index766  # noqa: E402

TARGET_MS = 50.0
TARGET_RATIO = 5.0


def _ms(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def measure(db: Database, raw: sqlite3.Connection, year: int, now: datetime, runs: int) -> dict:
    start, end = date(year, 1, 1), date(year, 12, 31)
    statements: list[tuple[str, object]] = []

    def keep(_c, _cur, stmt, params, _ctx, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append((stmt, params))

    index766.estimate(db, start, end, now=now)  # warm-up (calendar, caches, pages)
    event.listen(db.engine, "before_cursor_execute", keep)
    est = index766.estimate(db, start, end, now=now)
    event.remove(db.engine, "before_cursor_execute", keep)

    def replay() -> None:
        for stmt, params in statements:
            raw.execute(stmt, params).fetchall()  # type: ignore[arg-type]

    app_ms, raw_ms = [], []
    for _ in range(runs):  # alternating, so both see the same machine
        app_ms.append(_ms(lambda: index766.estimate(db, start, end, now=now)))
        raw_ms.append(_ms(replay))
    lost_ms = []
    for _ in range(runs):
        fresh = index766.estimate(db, start, end, now=now)
        key = fresh.losing_keys[0] if fresh.losing_keys else "on_time"
        lost_ms.append(_ms(lambda f=fresh, k=key: f.lost_for(k)))
    app, base = statistics.median(app_ms), statistics.median(raw_ms)
    return {
        "year": year,
        "handled": est.counts.dossiers_handled,
        "steps": est.counts.steps_total,
        "statements": len(statements),
        "app_ms": app,
        "raw_ms": base,
        "ratio": app / base if base else float("inf"),
        "lost_ms": statistics.median(lost_ms),
        "total": est.total,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("path", type=Path)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--now", default="", help="the moment judged (default: the file's last day)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        shutil.copyfile(args.path, path)
        db = Database.open(path)  # migrates to head: the 766 indexes
        raw = sqlite3.connect(str(path))
        last = raw.execute("SELECT max(created_at) FROM dossiers").fetchone()[0]
        now = datetime.fromisoformat(args.now) if args.now else datetime.fromisoformat(last)
        failed = False
        for year in (now.year, now.year - 1):
            r = measure(db, raw, year, now, args.runs)
            print(
                f"766 year {r['year']}: {r['handled']} dossiers in hand, {r['steps']} steps, "
                f"{r['statements']} statements; app {r['app_ms']:.1f} ms, raw replay "
                f"{r['raw_ms']:.1f} ms, ratio {r['ratio']:.2f}; losing records of one "
                f"criterion {r['lost_ms']:.1f} ms; score {r['total']}"
            )
            if year == now.year and (r["app_ms"] > TARGET_MS or r["ratio"] > TARGET_RATIO):
                failed = True
        db.dispose()
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
