"""Benchmark: WorkingCalendar.add_working_hours calls per second (target: 100,000 on one core)."""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tthc_desk.domain.calendar import WorkingCalendar  # noqa: E402

TARGET = 100_000
CALLS = 200_000
ROUNDS = 5


def cases(n: int, seed: int = 766) -> list[tuple[datetime, float]]:
    """``n`` random starts across 2025–2027 (any minute, working time or not) and spans of up
    to 60 working days (480 h), in whole minutes."""
    rng = random.Random(seed)
    first = datetime(2025, 1, 1)
    minutes = int((datetime(2028, 1, 1) - first).total_seconds() // 60)
    return [
        (first + timedelta(minutes=rng.randrange(minutes)), rng.randint(1, 480 * 60) / 60)
        for _ in range(n)
    ]


def main() -> int:
    cal = WorkingCalendar()
    work = cases(CALLS)
    # Warm up: the first call for a year builds its table (holidays included); not measured.
    for start, hours in work[:1000]:
        cal.add_working_hours(start, hours)
    add = cal.add_working_hours
    best = float("inf")
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        for start, hours in work:
            add(start, hours)
        best = min(best, time.perf_counter() - t0)
    rate = CALLS / best
    print(
        f"add_working_hours: {rate:,.0f} calls/s "
        f"(best of {ROUNDS} rounds of {CALLS:,} calls; starts 2025-2027, spans up to 480 h)"
    )
    print(f"target {TARGET:,} calls/s: {'met' if rate >= TARGET else 'NOT met'}")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
