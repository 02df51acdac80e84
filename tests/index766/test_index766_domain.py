"""The 766 scoring guide as data: every figure below is worked out by hand in its comment."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from tthc_desk.domain import index766 as ix
from tthc_desk.domain.errors import ValidationError
from tthc_desk.domain.index766 import Counts, Source, Standing

# A period in which every local ratio is perfect (so each case below changes one thing).
PERFECT = Counts(
    procedures_published=10,
    procedures_posted_on_time=10,
    procedures_posted=10,
    procedures_posted_complete=10,
    dossiers_handled=20,
    dossiers_done_on_time=20,
    procedures_all=10,
    procedures_online=10,
    online_services=10,
    online_services_used=10,
    dossiers_received=20,
    dossiers_online=20,
    dossiers_with_result=20,
    results_electronic=20,
    dossiers_digitised=20,
    certified_copies_offered=1,
    dossiers_reusing=20,
    results_to_citizen_account=20,
    dossiers_with_fees=4,
    dossiers_paid_online=4,
)


def test_guide_adds_up_to_100() -> None:
    # 18 + 20 + 12 + 22 + 10 + 18 = 100, and each group's criteria add up to the group
    assert sum(g.max_points for g in ix.GUIDE.groups) == 100
    for g in ix.GUIDE.groups:
        assert sum(c.max_points for c in ix.GUIDE.criteria if c.group == g.key) == g.max_points
    # every count a criterion or rule names exists
    names = {
        n
        for c in ix.GUIDE.criteria
        for p in c.parts
        if not p.portal
        for n in (*p.numerator, *p.minus, p.denominator)
    }
    names |= {n for r in ix.GUIDE.rules for n in (r.count, r.total)}
    assert names <= ix.COUNT_NAMES


def test_perfect_office_with_nothing_typed_scores_100_with_assumed_portal_figures() -> None:
    report = ix.score(PERFECT)
    assert report.total == 100
    assert report.criterion("published").source is Source.ASSUMED_MAX
    assert report.criterion("synchronised").source is Source.ASSUMED_MAX
    assert report.criterion("population_db").source is Source.ASSUMED_MAX
    # payment: A is local, B and C assumed: the line shows the least certain source
    pay = report.criterion("payment")
    assert [p.source for p in pay.parts] == [Source.LOCAL, Source.ASSUMED_MAX, Source.ASSUMED_MAX]
    assert pay.source is Source.ASSUMED_MAX
    # 6 × 1 + min(2, 2.5 × 1) + 2.5 × 1 = 10.5, capped at the criterion's 10
    assert pay.points == 10
    assert report.criterion("on_time").source is Source.LOCAL


@pytest.mark.parametrize(
    ("change", "key", "points"),
    [
        # 20 dossiers, 17 early/on time + 1 open within time: 20 × 18/20 = 18.0
        (
            {"dossiers_done_on_time": 17, "dossiers_open_in_time": 1, "dossiers_late": 2},
            "on_time",
            18.0,
        ),
        # online share 6/20 = 0.3: min(6, 6 × 0.3 / 0.5) = 3.6
        ({"dossiers_online": 6}, "dossiers_online", 3.6),
        # online share 12/20 = 0.6 is past the 0.5 threshold: min(6, 7.2) = 6
        ({"dossiers_online": 12}, "dossiers_online", 6.0),
        # 6 of 10 procedures online: 0.6 → min(2, 2 × 0.6 / 0.8) = 1.5
        ({"procedures_online": 6}, "procedures_online", 1.5),
        # 3 of 10 online services used: 4 × 0.3 = 1.2
        ({"online_services_used": 3}, "online_services_used", 1.2),
        # 7 of 10 posted on time: 4 × 0.7 = 2.8
        ({"procedures_posted_on_time": 7}, "posted_on_time", 2.8),
        # 9 of 10 posted complete: 2 × 0.9 = 1.8
        ({"procedures_posted_complete": 9}, "posted_complete", 1.8),
        # 5 of 20 results electronic: 6 × 0.25 = 1.5
        ({"results_electronic": 5}, "results_electronic", 1.5),
        # 10 of 20 reusing digitised data: 0.5 → min(2, 2 × 0.5 / 0.8) = 1.25
        ({"dossiers_reusing": 10}, "reuse", 1.25),
        # no electronic certified copy: 2 × 0 = 0
        ({"certified_copies_offered": 0}, "certified_copies", 0.0),
        # 15 of 20 results to the citizen's own account: 4 × 0.75 = 3
        ({"results_to_citizen_account": 15}, "citizen_account", 3.0),
        # no feedback at all: full 6 (on time) …
        ({}, "feedback_on_time", 6.0),
        # … and full 6 (satisfied)
        ({}, "feedback_satisfied", 6.0),
        # 4 feedback handled, 2 on time + 1 open within time: 6 × 3/4 = 4.5
        (
            {"feedback_handled": 4, "feedback_on_time": 2, "feedback_open_in_time": 1},
            "feedback_on_time",
            4.5,
        ),
        # 5 received − 1 disliked − 1 late − 1 repeated = 2: 6 × 2/5 = 2.4
        (
            {
                "feedback_received": 5,
                "feedback_disliked": 1,
                "feedback_late": 1,
                "feedback_repeated": 1,
            },
            "feedback_satisfied",
            2.4,
        ),
        # 20 dossiers, 1 late and 1 rated "not satisfied": r = 1 − (0.05 + 0.05) = 0.9
        # → min(6, 6 × 0.9 / 0.9) = 6
        (
            {"dossiers_late": 1, "dossiers_unhappy": 1, "dossiers_done_on_time": 19},
            "dossiers_satisfied",
            6.0,
        ),
        # 20 dossiers, 2 late and 2 unhappy: r = 1 − 0.2 = 0.8 → 6 × 0.8 / 0.9 = 5.33
        (
            {"dossiers_late": 2, "dossiers_unhappy": 2, "dossiers_done_on_time": 18},
            "dossiers_satisfied",
            5.33,
        ),
        # everything late and unhappy: r = 1 − (1 + 1) clipped at 0 → 0
        (
            {"dossiers_late": 20, "dossiers_unhappy": 20, "dossiers_done_on_time": 0},
            "dossiers_satisfied",
            0.0,
        ),
    ],
)
def test_criterion_points(change: dict[str, int], key: str, points: float) -> None:
    assert ix.score(replace(PERFECT, **change)).criterion(key).points == pytest.approx(points)


def test_payment_worked_example() -> None:
    # A = 2/4 = 0.5 (local), B = 0.4 and C = 1 typed: 6 × 0.5 + min(2, 2.5 × 0.4) + 2.5 × 1
    # = 3 + 1 + 2.5 = 6.5
    counts = replace(PERFECT, dossiers_with_fees=4, dossiers_paid_online=2)
    pay = ix.score(counts, {"payment_b": 0.4, "payment_c": 1.0}).criterion("payment")
    assert pay.points == 6.5
    assert [p.ratio for p in pay.parts] == [0.5, 0.4, 1.0]
    assert pay.source is Source.MANUAL
    assert pay.lost == 3.5
    # B = 1 alone would give 2.5 but is capped at 2: 6 × 0.5 + 2 + 0 = 5
    pay = ix.score(counts, {"payment_b": 1.0, "payment_c": 0.0}).criterion("payment")
    assert pay.points == 5.0


def test_manual_vs_assumed_max() -> None:
    # nothing typed: 6 × 1 assumed; typed 0.75: 6 × 0.75 = 4.5, source "manual"
    assumed = ix.score(PERFECT).criterion("synchronised")
    typed = ix.score(PERFECT, {"synchronised": 0.75}).criterion("synchronised")
    assert (assumed.points, assumed.source) == (6.0, Source.ASSUMED_MAX)
    assert (typed.points, typed.source, typed.ratio) == (4.5, Source.MANUAL, 0.75)
    assert typed.numerator is None and typed.denominator is None
    # total: 100 − 1.5 = 98.5
    assert ix.score(PERFECT, {"synchronised": 0.75}).total == 98.5


def test_empty_period_gets_the_guides_when_empty_ratio() -> None:
    report = ix.score(Counts())
    on_time = report.criterion("on_time")
    assert on_time.parts[0].empty and on_time.points == 20  # nothing to judge: not a loss
    assert report.criterion("certified_copies").points == 0  # 0 of 1: the service was not offered


def test_sum_of_criteria_is_the_total_and_groups_are_bounded() -> None:
    counts = replace(
        PERFECT,
        dossiers_done_on_time=11,
        dossiers_late=9,
        dossiers_online=3,
        results_electronic=7,
        feedback_received=3,
        feedback_late=2,
    )
    report = ix.score(counts, {"published": 0.5})
    assert report.total == pytest.approx(sum(c.points for c in report.criteria))
    assert report.total == pytest.approx(sum(g.points for g in report.groups))
    for g in report.groups:
        assert 0 <= g.points <= g.max_points
    # 20 × 11/20 = 11 → lost 9; 6 × 3/20/0.5 = 1.8 → lost 4.2; 6 × 7/20 = 2.1 → lost 3.9;
    # published 6 × 0.5 = 3 → lost 3; feedback (3 − 2)/3 → 2 → lost 4; and the 9 late dossiers
    # again in satisfaction: r = 1 − 9/20 = 0.55 → 6 × 0.55 / 0.9 = 3.67 → lost 2.33.
    # Total lost 26.43 → 73.57
    assert report.total == pytest.approx(100 - 9 - 4.2 - 3.9 - 3 - 4 - 2.33)


def test_local_rules() -> None:
    counts = replace(
        PERFECT,
        steps_total=10,
        steps_on_time=9,
        online_submitted=5,
        online_received_in_time=5,
        online_cancelled=1,
        dossiers_with_supplement=2,
        dossiers_returned=8,
        dossiers_rated=8,
    )
    rules = {r.key: r for r in ix.score(counts).rules}
    assert rules["steps_on_time"].ok is False  # one late step is a loss for the office
    assert rules["online_received_8h"].ok is True
    assert rules["online_cancelled"].ok is False
    assert rules["supplements"].ok is False and rules["supplements"].count == 2
    assert rules["pauses"].ok is True
    assert rules["rated"].ok is True
    assert rules["registers"].ok is None  # no paper count typed: cannot judge
    rules = {
        r.key: r for r in ix.score(replace(counts, registers_software=20, registers_paper=20)).rules
    }
    assert rules["registers"].ok is True  # 20 in the software, 20 in the books
    rules = {
        r.key: r for r in ix.score(replace(counts, registers_software=20, registers_paper=21)).rules
    }
    assert rules["registers"].ok is False


def test_validate_manual() -> None:
    assert ix.validate_manual({"published": "0.9", "payment_b": None}) == {"published": 0.9}
    with pytest.raises(ValidationError) as e:
        ix.validate_manual({"on_time": 0.5})  # computed locally: not typed
    assert e.value.code == "index766.manual.unknown"
    with pytest.raises(ValidationError) as e:
        ix.validate_manual({"published": 1.2})
    assert e.value.code == "index766.manual.range"
    with pytest.raises(ValidationError) as e:
        ix.validate_manual({"published": "abc"})
    assert e.value.code == "index766.manual.number"


END = datetime(2026, 3, 31, 17, 30)
DUE = datetime(2026, 3, 20, 10, 0)


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        # ended the day before the appointment's date: early
        ({"ended_at": datetime(2026, 3, 19, 16, 0)}, Standing.EARLY),
        # ended on the appointment's date, before its time: on time
        ({"ended_at": datetime(2026, 3, 20, 9, 0)}, Standing.ON_TIME),
        # one minute after the appointment: late
        ({"ended_at": datetime(2026, 3, 20, 10, 1)}, Standing.LATE),
        # one supplement request (clock restarted, new appointment): judged normally
        ({"ended_at": datetime(2026, 3, 19, 9, 0), "supplement_count": 1}, Standing.EARLY),
        # more than one supplement request: late even though it ended early
        ({"ended_at": datetime(2026, 3, 19, 9, 0), "supplement_count": 2}, Standing.LATE),
        # the judgement stored when processing ended wins (ended while paused)
        ({"ended_at": datetime(2026, 3, 25, 9, 0), "recorded": "on_time"}, Standing.ON_TIME),
        # still open at the period's end, appointment already passed: late
        ({}, Standing.OPEN_LATE),
        # ended only after the period's end: open at the end, judged against the appointment
        (
            {"ended_at": datetime(2026, 4, 2, 9, 0), "due_at": datetime(2026, 4, 3, 9, 0)},
            Standing.OPEN_IN_TIME,
        ),
        # open with the clock stopped (paused) with time left: within time
        ({"minutes_left_when_stopped": 120}, Standing.OPEN_IN_TIME),
        ({"minutes_left_when_stopped": -5}, Standing.OPEN_LATE),
        # open with a second supplement request: already late
        ({"due_at": datetime(2026, 4, 3, 9, 0), "supplement_count": 2}, Standing.OPEN_LATE),
    ],
)
def test_portal_standing(kw: dict[str, object], expected: Standing) -> None:
    args: dict[str, object] = {"as_of": END, "due_at": DUE, **kw}
    assert ix.portal_standing(**args) is expected  # type: ignore[arg-type]


def test_feedback_standing_and_formatting() -> None:
    due = datetime(2026, 3, 20, 17, 30)
    assert ix.feedback_standing(as_of=END, due_at=due, answered_at=due) is Standing.ON_TIME
    assert ix.feedback_standing(as_of=END, due_at=due, answered_at=END) is Standing.LATE
    assert ix.feedback_standing(as_of=due, due_at=due, answered_at=None) is Standing.OPEN_IN_TIME
    assert ix.fmt_points(17.5) == "17,5" and ix.fmt_points(18.0) == "18"
    assert ix.as_percent(0.8333) == "83,3%"
