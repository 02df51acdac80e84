"""Why the portal's date differs from the citizen's appointment (issue 10, the two clocks):
the reason the board's tooltip and the dossier window give."""

from __future__ import annotations

from datetime import datetime

import pytest

from tthc_desk.domain.dossier_rules import clock_difference

DUE = datetime(2027, 3, 15, 8, 0)  # the worked example: restart gives 15/3 …
PORTAL = datetime(2027, 3, 10, 8, 0)  # … the portal's rule 10/3


@pytest.mark.parametrize(
    ("portal", "supplements", "apologised", "why"),
    [
        (None, 1, False, None),  # no date of the portal's own: one clock
        (DUE, 1, True, None),  # the same date: one clock
        (PORTAL, 1, False, "restart"),
        (PORTAL, 0, True, "apology"),
        (PORTAL, 2, True, "supplements"),  # a second supplement is late whatever the apology
    ],
)
def test_reason_of_the_two_dates(
    portal: datetime | None, supplements: int, apologised: bool, why: str | None
) -> None:
    assert clock_difference(DUE, portal, supplements, apologised) == why
