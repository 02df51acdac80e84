"""Fixtures of the security tests, and the fault-injection report printed after the run."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

#: Filled by the fault-injection tests: kills survived, rows lost, partial backups left…
FAULT_REPORT: Counter[str] = Counter()


@pytest.fixture
def fault_report() -> Counter[str]:
    return FAULT_REPORT


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FAULT_REPORT:
        terminalreporter.section("fault injection")
        for key in sorted(FAULT_REPORT):
            terminalreporter.write_line(f"{key}: {FAULT_REPORT[key]}")
        kills = sum(v for k, v in FAULT_REPORT.items() if k.startswith("kills survived"))
        terminalreporter.write_line(
            f"TOTAL: kills survived {kills}, rows lost {FAULT_REPORT['rows lost']}, "
            f"partial backups left {FAULT_REPORT['partial backups left']}"
        )
