"""Background work runs off the UI thread with progress and cancel; errors become Vietnamese."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from tthc_desk.domain.errors import AppError
from tthc_desk.paths import log_path
from tthc_desk.ui.messages import describe
from tthc_desk.ui.tasks import TaskContext, TaskRunner


def test_task_runs_off_the_ui_thread_and_reports_progress(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    seen: list[tuple[int, int]] = []
    ui_thread = threading.get_ident()

    def work(n: int, task: TaskContext) -> int:
        assert threading.get_ident() != ui_thread
        for i in range(n):
            task.progress(i + 1, n)
        return threading.get_ident()

    results: list[int] = []
    # Connect before the task starts (on_done): a signal emitted before a connection exists
    # is lost, which is the race the app avoids the same way.
    runner.submit(work, 3, on_done=results.append, on_progress=lambda d, t: seen.append((d, t)))
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results[0] != ui_thread
    assert seen == [(1, 3), (2, 3), (3, 3)]  # queued: all delivered before "finished"
    runner.wait()


def test_cancel_stops_a_long_task(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    started = threading.Event()
    steps: list[int] = []

    def long_work(task: TaskContext) -> None:
        started.set()
        for i in range(10_000):
            task.check()
            steps.append(i)
            threading.Event().wait(0.001)

    handle = runner.submit(long_work)
    assert started.wait(5)
    with qtbot.waitSignal(handle.sig_failed, timeout=5000) as blocker:
        handle.cancel()
    assert isinstance(blocker.args[0], AppError) and blocker.args[0].code == "task.cancelled"
    assert len(steps) < 10_000
    assert describe(blocker.args[0]).startswith("Đã hủy")
    runner.wait()


def test_db_lane_runs_one_task_at_a_time(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    active: list[int] = []
    peak: list[int] = []
    lock = threading.Lock()

    def work() -> None:
        with lock:
            active.append(1)
            peak.append(len(active))
        threading.Event().wait(0.02)
        with lock:
            active.pop()

    handles = [runner.submit(work) for _ in range(4)]
    qtbot.waitUntil(lambda: all(h.done for h in handles), timeout=5000)
    assert max(peak) == 1


def test_unexpected_error_is_logged_shown_in_vietnamese_and_the_app_goes_on(qtbot) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.logging_setup import configure_logging
    from tthc_desk.ui.app import install_excepthook

    configure_logging()
    old = sys.excepthook
    install_excepthook()
    try:
        try:
            raise ZeroDivisionError("boom in a slot")
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())
        box = None

        def find_box() -> bool:
            nonlocal box
            box = next(
                (
                    w
                    for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox)
                    and w.objectName() == "uncaughtErrorBox"
                    and w.isVisible()
                ),
                None,
            )
            return box is not None

        qtbot.waitUntil(find_box, timeout=3000)
        assert "lỗi không mong muốn" in box.text() and "Dữ liệu đã lưu không bị mất" in box.text()
        box.close()
    finally:
        sys.excepthook = old
    for h in logging.getLogger().handlers:
        h.flush()
    assert "boom in a slot" in log_path().read_text(encoding="utf-8")


@pytest.mark.parametrize("errno_code", [28])
def test_full_disk_gets_a_clear_message(errno_code: int) -> None:
    assert "Ổ đĩa đã đầy" in describe(OSError(errno_code, "No space left on device"))


def test_every_error_code_raised_in_the_code_has_a_message() -> None:
    """Grep the package for AppError("code") literals; each needs a Vietnamese sentence."""
    import re
    from pathlib import Path

    from tthc_desk.ui.messages import known_codes

    pkg = Path(__file__).resolve().parents[2] / "tthc_desk"
    pattern = re.compile(
        r"(?:AppError|ValidationError|NotFound|Forbidden|Conflict)\(\s*\"([a-z0-9_.]+)\""
    )
    raised = {m.group(1) for p in pkg.rglob("*.py") for m in pattern.finditer(p.read_text("utf-8"))}
    assert raised, "the pattern found nothing: the test would prove nothing"
    missing = sorted(raised - known_codes())
    assert missing == []
