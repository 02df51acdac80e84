"""The office's warning policy in the domain: validation, thresholds, and the standing of a clock
5 working hours before its due time under three policies (worked by hand)."""

from __future__ import annotations

import math
from datetime import datetime

import pytest

from tthc_desk.domain import dossier_rules as rules
from tthc_desk.domain.calendar import WorkingCalendar
from tthc_desk.domain.deadlines import (
    DEFAULT_WARNING_POLICY,
    Clock,
    WarningLevel,
    WarningPolicy,
    warning_level,
)
from tthc_desk.domain.errors import ValidationError

# The default calendar: 07:30-11:30 and 13:30-17:30, Monday to Friday (8 h a day).
CAL = WorkingCalendar()


def test_defaults_are_a_quarter_and_four_hours() -> None:
    assert WarningPolicy() == DEFAULT_WARNING_POLICY == WarningPolicy(0.25, 4.0)
    # 24 h allotted: a quarter is 6 h > 4 h; 8 h allotted: a quarter is 2 h < 4 h.
    assert DEFAULT_WARNING_POLICY.threshold_hours(24) == 6
    assert DEFAULT_WARNING_POLICY.threshold_hours(8) == 4
    assert rules.warning_threshold_hours(24) == 6


@pytest.mark.parametrize(
    ("fraction", "hours", "code"),
    [
        (0.0, 4.0, "warning.fraction.range"),
        (1.0, 4.0, "warning.fraction.range"),
        (-0.1, 4.0, "warning.fraction.range"),
        (1.5, 4.0, "warning.fraction.range"),
        (math.nan, 4.0, "warning.fraction.range"),
        (0.25, -0.5, "warning.hours.range"),
        (0.25, 40.5, "warning.hours.range"),
        (0.25, math.nan, "warning.hours.range"),
        (0.25, math.inf, "warning.hours.range"),
    ],
)
def test_policy_rejects_values_out_of_range(fraction: float, hours: float, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        WarningPolicy(fraction, hours)
    assert info.value.code == code
    assert info.value.field == code.split(".")[1]


@pytest.mark.parametrize(("fraction", "hours"), [(0.01, 0.0), (0.99, 40.0), (0.1, 6.0)])
def test_policy_accepts_the_edges(fraction: float, hours: float) -> None:
    assert WarningPolicy(fraction, hours).hours == hours


# A 40-hour clock (5 working days) begun Mon 2/3/2026 07:30 is due Fri 6/3 17:30. At Fri 10:30
# it has 5 working hours left: 10:30-11:30 (1 h) + 13:30-17:30 (4 h).
#   (0.10, 4): threshold = max(0.10 × 40 = 4, 4) = 4 h; 5 h is not under 4 h  → ON_TRACK
#   (0.25, 4): threshold = max(0.25 × 40 = 10, 4) = 10 h; 5 h < 10 h          → NEARLY_DUE
#   (0.10, 6): threshold = max(0.10 × 40 = 4, 6) = 6 h; 5 h < 6 h             → NEARLY_DUE
CLOCK = Clock.begin(CAL, datetime(2026, 3, 2, 7, 30), 40)
NOW = datetime(2026, 3, 6, 10, 30)


@pytest.mark.parametrize(
    ("fraction", "hours", "threshold", "expected"),
    [
        (0.1, 4.0, 4.0, WarningLevel.ON_TRACK),
        (0.25, 4.0, 10.0, WarningLevel.NEARLY_DUE),
        (0.1, 6.0, 6.0, WarningLevel.NEARLY_DUE),
    ],
)
def test_five_hours_before_due_with_forty_allotted(
    fraction: float, hours: float, threshold: float, expected: WarningLevel
) -> None:
    assert CLOCK.due == datetime(2026, 3, 6, 17, 30)
    assert CLOCK.remaining(CAL, NOW) == 5 * 60
    policy = WarningPolicy(fraction, hours)
    assert policy.threshold_hours(40) == pytest.approx(threshold)
    assert rules.warning_threshold_hours(40, policy) == pytest.approx(threshold)
    assert warning_level(CAL, NOW, CLOCK.due, 40, policy=policy) is expected
    running = rules.standing(CAL, NOW, CLOCK.due, 40, policy=policy)
    assert (running.minutes_left, running.level, running.paused) == (300, expected, False)
    # The same 5 h frozen by a pause is judged alike.
    paused = rules.standing(CAL, NOW, CLOCK.due, 40, paused_minutes=300, policy=policy)
    assert (paused.level, paused.paused) == (expected, True)


def test_late_is_late_under_any_policy() -> None:
    after = datetime(2026, 3, 9, 7, 31)
    for policy in (WarningPolicy(0.01, 0), WarningPolicy(0.99, 40)):
        assert rules.standing(CAL, after, CLOCK.due, 40, policy=policy).level is WarningLevel.LATE
        assert policy.level(-1, 40) is WarningLevel.LATE
