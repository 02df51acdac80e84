"""The 766 estimate from a database: a hand-built office (every figure worked out below), the
typed portal figures with their audit, and a demo commune."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from index766_period import LATER, PERIOD  # type: ignore[import-not-found]
from sqlalchemy import select

from tthc_desk.domain.errors import Forbidden, ValidationError
from tthc_desk.domain.index766 import Source
from tthc_desk.persistence.models import AuditEntry
from tthc_desk.services import index766


def test_small_office_counts(small_office) -> None:  # type: ignore[no-untyped-def]
    est = index766.estimate(small_office, *PERIOD, now=LATER)
    c = est.counts
    assert est.as_of == datetime(2026, 3, 31, 23, 59, 59)
    # in hand in March: D1–D6, D8, D9 (D7 ended in January)
    assert c.dossiers_handled == 8
    # early: D1, D3; open within time: D4 (due 1/4), D9 (paused, 2 h left)
    assert (c.dossiers_done_on_time, c.dossiers_open_in_time) == (2, 2)
    # late: D2, D6 (after the appointment), D5 (two supplement requests), D8 (never received)
    assert c.dossiers_late == 4
    # arrived in March: all but D6 (February) and D7; online: D3, D8
    assert (c.dossiers_received, c.dossiers_online) == (7, 2)
    # ended with a result in March: D1, D2, D3, D5, D6; only D3's is electronic
    assert (c.dossiers_with_result, c.results_electronic) == (5, 1)
    assert c.results_to_citizen_account == 1
    assert (c.dossiers_with_fees, c.dossiers_paid_online) == (2, 1)  # D3 online, D4 cash
    assert (c.procedures_published, c.procedures_posted_on_time) == (2, 1)
    assert (c.procedures_posted, c.procedures_posted_complete) == (1, 1)
    assert (c.procedures_all, c.procedures_online, c.online_services_used) == (2, 1, 1)
    assert c.certified_copies_offered == 0
    # unhappy: D3 rated "not satisfied", D2 has a complaint
    assert c.dossiers_unhappy == 2
    assert (c.feedback_received, c.feedback_handled, c.feedback_late) == (1, 1, 1)
    # returned in March: D1, D3, D5; rated: D1, D3
    assert (c.dossiers_returned, c.dossiers_rated) == (3, 2)
    assert (c.online_submitted, c.online_received_in_time) == (2, 1)  # D8 was not received


def test_small_office_points(small_office) -> None:  # type: ignore[no-untyped-def]
    r = index766.estimate(small_office, *PERIOD, now=LATER).report
    expected = {
        "published": 6.0,  # assumed max
        "posted_on_time": 2.0,  # 4 × 1/2
        "posted_complete": 2.0,  # 2 × 1/1
        "synchronised": 6.0,  # assumed max
        "on_time": 10.0,  # 20 × (2 + 2)/8
        "procedures_online": 1.25,  # min(2, 2 × 0.5 / 0.8)
        "online_services_used": 4.0,  # 4 × 1/1
        "dossiers_online": 3.43,  # min(6, 6 × (2/7) / 0.5) = 3.428…
        "results_electronic": 1.2,  # 6 × 1/5
        "digitised": 0.0,  # nothing scanned
        "certified_copies": 0.0,  # no electronic certified copy in March
        "reuse": 0.0,  # 0/7
        "citizen_account": 0.8,  # 4 × 1/5
        "population_db": 4.0,  # assumed max
        "payment": 7.5,  # 6 × 0.5 + min(2, 2.5 × 1) + 2.5 × 1 (B, C assumed)
        "feedback_on_time": 0.0,  # the one feedback was answered late
        "feedback_satisfied": 0.0,  # (1 − 0 disliked − 1 late − 0 repeated) / 1
        "dossiers_satisfied": 1.67,  # r = (8 − 4 late − 2 unhappy)/8 = 0.25 → 6 × 0.25/0.9
    }
    assert {c.key: c.points for c in r.criteria} == pytest.approx(expected)
    # 16 + 10 + 8.68 + 6 + 7.5 + 1.67 = 49.85
    assert r.total == pytest.approx(49.85)
    assert r.criterion("published").source is Source.ASSUMED_MAX


def test_small_office_lost_records(small_office) -> None:  # type: ignore[no-untyped-def]
    est = index766.estimate(small_office, *PERIOD, now=LATER)
    lost = {(x.key, x.code): x.reason for x in est.lost}
    assert {code for key, code in lost if key == "on_time"} == {"D2", "D5", "D6", "D8"}
    assert lost[("on_time", "D5")] == "dossier.supplements"
    assert lost[("on_time", "D8")] == "dossier.open_late"
    assert lost[("on_time", "D2")] == "dossier.late"
    assert lost[("posted_on_time", "1.000002")] == "notice.not_posted"
    assert lost[("dossiers_online", "D4")] == "online.counter"
    assert lost[("payment", "D4")] == "payment.not_online"
    assert {code for key, code in lost if key == "certified_copies"} == {"D1", "D2", "D5", "D9"}
    assert lost[("feedback_on_time", "PA-01")] == "feedback.late"
    assert lost[("online_received_8h", "D8")] == "online.received_late"
    assert lost[("rated", "D5")] == "rating.missing"
    assert lost[("pauses", "D9")] == "dossier.paused"
    # criteria at full points list nothing (e.g. the online services: 1 of 1 used)
    assert not est.lost_for("online_services_used")
    assert not est.lost_for("posted_complete")


def test_manual_inputs_are_typed_by_leaders_and_audited(small_office, users) -> None:  # type: ignore[no-untyped-def]
    clerk, leader = users["canbo1"].actor, users["chutich"].actor
    with pytest.raises(Forbidden):
        index766.set_manual_inputs(small_office, clerk, {"synchronised": 0.5})
    with pytest.raises(ValidationError):
        index766.set_manual_inputs(small_office, leader, {"synchronised": 1.5})
    m = index766.set_manual_inputs(
        small_office,
        leader,
        {"synchronised": 0.5, "payment_b": 0.4},
        paper_count=(*PERIOD, 7),
        now=lambda: datetime(2026, 4, 9, 8, 0),
    )
    assert m.as_dict() == {"synchronised": 0.5, "payment_b": 0.4}
    assert m.updated_by == "Nguyễn Đức Ngọc"
    est = index766.estimate(small_office, *PERIOD, now=LATER)
    sync, pay = est.report.criterion("synchronised"), est.report.criterion("payment")
    assert (sync.points, sync.source) == (3.0, Source.MANUAL)  # 6 × 0.5
    assert pay.points == 6.5  # 6 × 0.5 + min(2, 2.5 × 0.4) + 2.5 × 1 (C still assumed)
    assert pay.source is Source.ASSUMED_MAX
    assert est.report.total == pytest.approx(49.85 - 3 - 1)
    rules = {x.key: x for x in est.report.rules}
    assert rules["registers"].ok is True  # 7 in the software, 7 typed from the books
    # clearing a figure goes back to assuming the maximum
    index766.set_manual_inputs(small_office, users["admin"].actor, {"synchronised": None})
    est = index766.estimate(small_office, *PERIOD, now=LATER)
    assert est.report.criterion("synchronised").source is Source.ASSUMED_MAX
    with small_office.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "index766.manual")).all()
        assert len(entries) == 2
        assert entries[0].detail["after"]["ratios"] == {"synchronised": 0.5, "payment_b": 0.4}
        assert entries[1].detail["before"]["ratios"]["synchronised"] == 0.5


def test_period_checks(small_office) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as e:
        index766.estimate(small_office, date(2026, 3, 31), date(2026, 3, 1), now=LATER)
    assert e.value.code == "index766.period.order"
    with pytest.raises(ValidationError) as e:
        index766.estimate(small_office, date(2026, 5, 1), date(2026, 5, 31), now=LATER)
    assert e.value.code == "index766.period.future"
    # a period not yet over is judged now: D4 (due 1/4 10:00) is then late
    est = index766.estimate(
        small_office, date(2026, 3, 1), date(2026, 4, 30), now=datetime(2026, 4, 2, 9, 0)
    )
    assert est.as_of == datetime(2026, 4, 2, 9, 0)
    assert ("on_time", "D4") in {(x.key, x.code) for x in est.lost}


def test_demo_database_is_consistent(demo_db) -> None:  # type: ignore[no-untyped-def]
    for period in (
        (date(2026, 11, 1), date(2026, 11, 30)),
        (date(2026, 10, 1), date(2026, 12, 31)),
    ):
        est = index766.estimate(demo_db, *period, now=datetime(2026, 11, 20, 12, 0))
        r = est.report
        assert 0 <= r.total <= 100
        assert r.total == pytest.approx(sum(c.points for c in r.criteria))
        for g in r.groups:
            assert 0 <= g.points <= g.max_points
            assert g.points == pytest.approx(sum(c.points for c in g.criteria))
        for c in r.criteria:
            assert 0 <= c.points <= c.max_points
        c = est.counts
        assert c.dossiers_handled > 50 and c.dossiers_received > 50
        assert (
            c.dossiers_done_on_time + c.dossiers_open_in_time + c.dossiers_late
            == c.dossiers_handled
        )
        # every lost record belongs to a criterion that lost points or a rule not met
        losing = {x.key for x in r.criteria if x.lost > 0} | {x.key for x in r.rules if not x.ok}
        assert {x.key for x in est.lost} <= losing
        assert len(est.lost_for("on_time")) == c.dossiers_late
        # the demo office never scans results: the electronic-result criterion shows it
        assert r.criterion("results_electronic").points < 6
