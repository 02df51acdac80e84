"""766 by aggregates (issue 14): the grouped-SQL estimate gives the same counts, points and
losing records as the former ORM path (``legacy_766``), criterion by criterion, on the demo
commune and the hand-built office, over several periods; counting issues no per-dossier query."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime

import pytest
from index766_period import LATER, PERIOD  # type: ignore[import-not-found]
from legacy_766 import legacy_estimate_in  # type: ignore[import-not-found]
from sqlalchemy import event

from tthc_desk.services import index766

DEMO_NOW = datetime(2026, 11, 20, 12, 0)
DEMO_PERIODS = (
    (date(2026, 11, 1), date(2026, 11, 30)),
    (date(2026, 11, 2), date(2026, 11, 13)),
    (date(2026, 10, 1), date(2026, 12, 31)),
    (date(2026, 1, 1), date(2026, 12, 31)),
)


def _compare(db, period: tuple[date, date], now: datetime) -> None:  # type: ignore[no-untyped-def]
    new = index766.estimate(db, *period, now=now)
    with db.session() as s:
        counts, report, lost = legacy_estimate_in(s, *period, now)
    # "software = paper books" comes from the declared books (services.province, tested in
    # tests/province), which the reference path never knew: compared apart from it
    assert replace(new.counts, registers_software=0, registers_paper=None) == counts
    for old_c, new_c in zip(report.criteria, new.report.criteria, strict=True):
        assert (new_c.key, new_c.points, new_c.parts) == (old_c.key, old_c.points, old_c.parts)
    assert [r for r in new.report.rules if r.key != "registers"] == [
        r for r in report.rules if r.key != "registers"
    ]
    keys = ({x.key for x in lost} | set(new.losing_keys)) - {"registers"}
    for key in keys:
        want = Counter((x.code, x.reason, x.detail) for x in lost if x.key == key)
        got = Counter((x.code, x.reason, x.detail) for x in new.lost_for(key))
        assert got == want, key


@pytest.mark.parametrize("period", DEMO_PERIODS)
def test_demo_same_as_before(demo_db, period) -> None:  # type: ignore[no-untyped-def]
    _compare(demo_db, period, DEMO_NOW)


def test_small_office_same_as_before(small_office) -> None:  # type: ignore[no-untyped-def]
    _compare(small_office, PERIOD, LATER)
    _compare(small_office, (date(2026, 3, 1), date(2026, 4, 30)), datetime(2026, 4, 2, 9, 0))


def test_counting_is_a_handful_of_statements(demo_db) -> None:  # type: ignore[no-untyped-def]
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(demo_db.engine, "before_cursor_execute", count)
    try:
        est = index766.estimate(demo_db, date(2026, 1, 1), date(2026, 12, 31), now=DEMO_NOW)
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", count)
    assert est.counts.dossiers_handled > 100
    assert len(statements) <= 15, statements  # not one per dossier
    # the losing records of a criterion: a query when the user opens it
    statements.clear()
    event.listen(demo_db.engine, "before_cursor_execute", count)
    try:
        lost = index766.lost_records(demo_db, est, "on_time")
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", count)
    assert len(lost) == est.counts.dossiers_late and len(statements) <= 5
    assert all(x.dossier_id for x in lost)


def test_aggregates_read_their_indexes_only(demo_db) -> None:  # type: ignore[no-untyped-def]
    """The per-dossier facts come from the covering ``ix_dossiers_766`` (no table look-up per
    dossier), the steps ended in the period are counted from ``ix_step_runs_766`` and
    ``ix_step_runs_timeliness`` (migration 0019); nothing scans a whole table."""
    from sqlalchemy import text

    statements: list[tuple[str, object]] = []

    def keep(_c, _cur, stmt, params, _ctx, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append((stmt, params))

    event.listen(demo_db.engine, "before_cursor_execute", keep)
    try:
        index766.estimate(demo_db, date(2026, 1, 1), date(2026, 12, 31), now=DEMO_NOW)
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", keep)
    plans = {}
    with demo_db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        for stmt, params in statements:
            if "FROM dossiers" in stmt or "FROM step_runs" in stmt:
                rows = raw.execute(f"EXPLAIN QUERY PLAN {stmt}", params).fetchall()  # type: ignore[union-attr]
                plans[stmt] = [r[3] for r in rows]
        conn.execute(text("SELECT 1"))
    dossiers = [p for s, p in plans.items() if "AS mask" in s]
    steps = [p for s, p in plans.items() if "FROM step_runs" in s]
    assert len(dossiers) == 1 and len(steps) == 1, list(plans)
    on_dossiers = [x for x in dossiers[0] if " dossiers " in f"{x} "]
    assert on_dossiers == ["SEARCH dossiers USING COVERING INDEX ix_dossiers_766 (finished_at>?)",
                           "SEARCH dossiers USING COVERING INDEX ix_dossiers_766 (finished_at=?)"]  # fmt: skip
    on_steps = [x for x in steps[0] if "step_runs" in x]
    assert len(on_steps) == 4 and all("USING COVERING INDEX" in x for x in on_steps), on_steps
    assert sum("ix_step_runs_timeliness (timeliness=?" in x for x in on_steps) == 1, on_steps


def test_steps_without_timeliness_or_started_late_same_as_before(demo_db) -> None:  # type: ignore[no-untyped-def]
    """The steps ended in the period are counted, not evaluated: a step ended without a
    timeliness is on time (not late), one started after the period (bad data) is not in hand,
    one ended after the period is judged at its end — as the former path did."""
    from sqlalchemy import text

    with demo_db.session() as s:
        ids = s.scalars(
            text(
                "SELECT id FROM step_runs WHERE finished_at >= '2026-11-02' "
                "AND finished_at < '2026-11-13' ORDER BY id"
            )
        ).all()
        assert len(ids) >= 4
        s.execute(
            text("UPDATE step_runs SET timeliness = NULL WHERE id IN (:a, :b)"),
            {"a": ids[0], "b": ids[2]},
        )
        s.execute(
            text("UPDATE step_runs SET started_at = :t WHERE id = :i"),
            {"t": datetime(2026, 11, 25, 8, 0), "i": ids[1]},
        )
    for period in DEMO_PERIODS[:2]:
        _compare(demo_db, period, DEMO_NOW)
