"""The period the 766 tests estimate, and when (a module of its own name, not ``conftest``,
so test modules import it whatever other test folders are collected with them)."""

from __future__ import annotations

from datetime import date, datetime

PERIOD = (date(2026, 3, 1), date(2026, 3, 31))
LATER = datetime(2026, 4, 10, 9, 0)  # the estimate is made after the period: judged at its end
