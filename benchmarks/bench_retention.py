"""Benchmark: the personal-data retention report (dry run) and the anonymisation on a commune
database with more history than the period.

Works on a copy of a database from ``gen_commune_db.py`` built over more years than the
retention period (``--years 15``). Target (issue 12): the report within 5 s and the
anonymisation within 60 s on 60,000 dossiers (it is an administrator's occasional task, run
off the UI thread; the figure guards against a per-row query creeping in).

    python benchmarks/gen_commune_db.py /tmp/commune15y.sqlite3 --years 15
    python benchmarks/bench_retention.py /tmp/commune15y.sqlite3
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tthc_desk.domain.enums import Role  # noqa: E402
from tthc_desk.persistence.db import Database  # noqa: E402
from tthc_desk.services import auth, retention  # noqa: E402
from tthc_desk.services.audit_log import verify_audit_log  # noqa: E402

PLAN_TARGET_S = 5.0
APPLY_TARGET_S = 60.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("path", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.sqlite3"
        shutil.copyfile(args.path, copy)
        db = Database.open(copy)
        admin = next(u for u in auth.list_users(db) if u.role is Role.ADMIN).actor
        today = date.today()
        t = time.perf_counter()
        p = retention.plan(db, admin, today)
        plan_s = time.perf_counter() - t
        t = time.perf_counter()
        r = retention.apply(db, admin, today)
        apply_s = time.perf_counter() - t
        ok = verify_audit_log(db).ok and retention.plan(db, admin, today).applicants == 0
        db.dispose()
    print(f"period {p.years} years, cut-off {p.cutoff}: {p.applicants:,} citizens due "
          f"({p.applicants_without_dossier:,} without a dossier), {p.dossiers:,} dossiers, "
          f"{p.kept_open:,} kept")  # fmt: skip
    print(f"report: {plan_s:.2f} s (target ≤ {PLAN_TARGET_S:.0f} s)")
    print(f"anonymisation: {apply_s:.2f} s for {r.anonymised:,} citizens "
          f"(target ≤ {APPLY_TARGET_S:.0f} s); audit chain and second report: "
          f"{'ok' if ok else 'FAILED'}")  # fmt: skip
    return 0 if ok and plan_s <= PLAN_TARGET_S and apply_s <= APPLY_TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
