"""The apology (form 04) by day (issue 10 point 4, deadlines.md §3): owed from the working day
before the day the result is due; for a same-day procedure it cannot be given in advance, the
app says so and does not count it late."""

from __future__ import annotations

from datetime import datetime

from tthc_desk.services import dossiers as ds
from tthc_desk.services import intake


def test_same_day_apology_is_not_counted_late(office_db, users, procs, clock, build) -> None:  # type: ignore[no-untyped-def]
    clerk = users["canbo1"].actor
    clock.set(datetime(2026, 3, 4, 9, 0))  # Wednesday; due at the end of the day
    d = intake.receive_dossier(office_db, clerk, build.intake(procs.birth), now=clock).dossier
    assert d.due_at == datetime(2026, 3, 4, 17, 30)
    assert not d.apology_in_advance and not d.apology_owed  # not at intake
    assert ds.apology_reminders(office_db, now=clock) == []
    clock.set(datetime(2026, 3, 4, 17, 45))  # late now: the apology is owed, not before
    v = ds.get_dossier(office_db, d.id, now=clock)
    assert v.apology_owed and not v.apology_in_advance
    d = ds.apologise(
        office_db, clerk,
        ds.ApologyCommand(d.id, "Chờ xác minh", datetime(2026, 3, 5, 10, 0)), now=clock,
    )  # fmt: skip
    ev = d.events[-1]
    assert ev.kind == "apology" and ev.data["issued_in_time"] is None  # not "late"
    assert ev.data["in_advance_possible"] is False


def test_three_day_apology_owed_the_day_before(office_db, users, procs, clock, build) -> None:  # type: ignore[no-untyped-def]
    clerk = users["canbo1"].actor
    d = intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock).dossier
    assert d.due_at == datetime(2026, 3, 5, 10, 0) and d.apology_in_advance  # Thursday
    clock.set(datetime(2026, 3, 3, 17, 30))
    assert not ds.get_dossier(office_db, d.id, now=clock).apology_owed
    clock.set(datetime(2026, 3, 4, 7, 30))  # Wednesday: the working day before, by date
    assert ds.get_dossier(office_db, d.id, now=clock).apology_owed
    clock.set(datetime(2026, 3, 5, 8, 0))  # on the due day: too late for the rule
    d = ds.apologise(
        office_db, clerk,
        ds.ApologyCommand(d.id, "Chờ xác minh", datetime(2026, 3, 6, 10, 0)), now=clock,
    )  # fmt: skip
    assert d.events[-1].data["issued_in_time"] is False


def test_new_date_has_an_upper_bound(office_db, users, procs, clock, build) -> None:  # type: ignore[no-untyped-def]
    """The new appointment lies after the current one and at most a year after it (issue 12):
    a slip of the year (9999, 2062 for 2026) is refused with a Vietnamese sentence, nothing
    saved; a year to the minute is still accepted."""
    import pytest

    from tthc_desk.domain.errors import ValidationError
    from tthc_desk.ui.messages import describe

    clerk = users["canbo1"].actor
    d = intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock).dossier
    assert d.due_at == datetime(2026, 3, 5, 10, 0)
    clock.set(datetime(2026, 3, 4, 8, 0))
    for far in (datetime(9999, 12, 31, 16, 0), datetime(2062, 3, 10, 16, 0),
                datetime(2027, 3, 5, 10, 1)):  # fmt: skip
        with pytest.raises(ValidationError) as err:
            ds.apologise(office_db, clerk, ds.ApologyCommand(d.id, "Chờ xác minh", far), now=clock)
        assert err.value.code == "dossier.apology.new_date_far"
        message = describe(err.value)
        assert "không được quá một năm" in message and "05/03/2027" in message, message
        assert "10:00 05/03/2026" in message and "{" not in message
        v = ds.get_dossier(office_db, d.id, now=clock)
        assert not v.apology_issued and v.due_at == datetime(2026, 3, 5, 10, 0)
    d = ds.apologise(
        office_db, clerk,
        ds.ApologyCommand(d.id, "Chờ xác minh", datetime(2027, 3, 5, 10, 0)), now=clock,
    )  # fmt: skip
    assert d.apology_issued and d.due_at == datetime(2027, 3, 5, 10, 0)
