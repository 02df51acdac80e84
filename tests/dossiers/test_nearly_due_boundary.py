""" "Nearly due" means UNDER the threshold (deadlines.md §4): the colour and the view agree."""

from __future__ import annotations

from datetime import datetime

from tthc_desk.services import dossiers, intake
from tthc_desk.services.calendar import load_calendar


def test_exactly_at_the_threshold_is_on_track_everywhere(
    office_db, users, procs, build, clock
) -> None:  # type: ignore[no-untyped-def]
    # Residence: 2 working days = 16 h; threshold = max(25% × 16 h, 4 h) = 4 h.
    # Received Mon 2026-03-02 10:00 → due Wed 2026-03-04 10:00.
    # Tue 16:00: 1.5 h (16:00–17:30) + 2.5 h (Wed 07:30–10:00) = 4 h left → not under 4 h.
    # Tue 16:01: 3 h 59 min left → nearly due.
    d = intake.receive_dossier(office_db, users["canbo1"].actor, build.intake(procs.residence),
                               now=clock).dossier  # fmt: skip
    assert d.due_at == datetime(2026, 3, 4, 10, 0)
    cal = load_calendar(office_db)
    for at, level, counted in (
        (datetime(2026, 3, 3, 16, 0), "on_track", 0),
        (datetime(2026, 3, 3, 16, 1), "nearly_due", 1),
    ):
        clock.set(at)
        page = dossiers.board_page(office_db, dossiers.BoardQuery(), now=clock)
        [row] = [r for r in page.rows if r.id == d.id]
        assert row.standing(cal, at).level.value == level
        view = dossiers.board_page(office_db, dossiers.BoardQuery(standing="attention"), now=clock)
        assert [r.id for r in view.rows].count(d.id) == counted
        assert dossiers.attention_counts(office_db, now=clock).nearly_due == counted
