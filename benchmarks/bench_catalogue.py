"""Benchmark: catalogue search over 2,000 procedures, with and without diacritics (target 50 ms)."""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tthc_desk.domain.enums import Role  # noqa: E402
from tthc_desk.persistence.db import Database  # noqa: E402
from tthc_desk.services import auth  # noqa: E402
from tthc_desk.services import catalogue as cat  # noqa: E402
from tthc_desk.services.catalogue_seed import record_to_input  # noqa: E402
from tthc_desk.services.common import system_now  # noqa: E402

TARGET_MS = 50.0
PROCEDURES = 2000
REAL = Path(__file__).resolve().parents[1] / "resources" / "demo" / "procedures-commune.json"
QUERIES = [
    "dang ky khai sinh",
    "đăng ký khai sinh",
    "chứng thực bản sao",
    "chung thuc",
    "tam tru",
    "1.001193",
    "giấy xác nhận",
    "khong co",  # nothing matches
    "a",  # almost everything matches: the first page of 200
]


def build(db: Database) -> None:
    admin = auth.first_run_setup(
        db,
        auth.OfficeInput("UBND xã An Sơn", "XANSON", "Thôn Đông", "Hải Dương"),
        auth.UserInput("admin", "Trần Văn Quản", Role.ADMIN, "matkhau123", "matkhau123"),
    )
    records = json.loads(REAL.read_text(encoding="utf-8"))
    base = [record_to_input(r, 8.0) for r in records]
    rng = random.Random(766)
    words = ["cấp", "đổi", "gia hạn", "xác nhận", "bổ sung", "điều chỉnh", "thôn", "hộ", "lại"]
    with db.session() as s:
        at = system_now()
        for i in range(PROCEDURES):
            src = base[i % len(base)]
            name = f"{src.name} {rng.choice(words)} {i}"
            cat.insert_procedure(
                s, admin.actor, replace(src, code=f"{i // 1000}.{i:06d}", name=name), at,
                create_field=True,
            )  # fmt: skip


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "bench.sqlite3")
        t0 = time.perf_counter()
        build(db)
        print(f"built {PROCEDURES} procedures in {time.perf_counter() - t0:.1f} s")
        assert cat.count_procedures(db) == PROCEDURES
        every: list[float] = []
        cat.search_page(db, "khai sinh")  # warm-up: first connection, SQLite page cache
        for q in QUERIES:
            times = []
            for _ in range(20):
                t = time.perf_counter()
                rows, n = cat.search_page(db, q, limit=200)
                times.append((time.perf_counter() - t) * 1000)
            med = statistics.median(times)
            every += times
            print(f"{q!r:24} {len(rows):4} rows shown, {n:5} found: median {med:6.2f} ms, "
                  f"max {max(times):6.2f} ms")  # fmt: skip
        same = {r.id for r in cat.search_procedures(db, "dang ky khai sinh", limit=5000)}
        assert same == {r.id for r in cat.search_procedures(db, "Đăng Ký Khai Sinh", limit=5000)}
        db.dispose()
    every.sort()
    p95 = every[int(len(every) * 0.95)]
    print(
        f"all searches (page of 200 rows + count): median {statistics.median(every):.2f} ms, "
        f"95th percentile {p95:.2f} ms, max {every[-1]:.2f} ms; target {TARGET_MS:.0f} ms"
    )
    return 0 if p95 < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
