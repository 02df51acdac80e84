"""Background work: one task runner with a single database lane and a file lane, progress and cancel."""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QWidget

from tthc_desk.domain.errors import AppError

log = logging.getLogger(__name__)
T = TypeVar("T")


class TaskContext:
    """Handed to a task function that asks for ``task=``: report progress, check for cancel."""

    def __init__(self, handle: TaskHandle) -> None:
        self._handle = handle
        self._cancel = threading.Event()

    def progress(self, done: int, total: int) -> None:
        self._handle.sig_progress.emit(done, total)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``AppError('task.cancelled')`` when the user pressed Cancel."""
        if self._cancel.is_set():
            raise AppError("task.cancelled")


class TaskHandle(QObject):
    """One submitted task; its signals arrive on the UI thread."""

    sig_progress = Signal(int, int)
    """Work done so far and the total (total 0 = unknown)."""
    sig_finished = Signal(object)
    """The task's return value."""
    sig_failed = Signal(object)
    """The exception the task raised (``AppError`` for expected problems)."""

    def __init__(self) -> None:
        super().__init__()
        self.context = TaskContext(self)
        self.done = False

    def cancel(self) -> None:
        self.context._cancel.set()


def _wants_task(fn: Callable[..., Any]) -> bool:
    try:
        return "task" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _call(
    handle: TaskHandle, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    try:
        if _wants_task(fn):
            kwargs = {**kwargs, "task": handle.context}
        result = fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - every failure goes back to the UI thread
        if not isinstance(exc, AppError):
            log.exception("Background task %s failed", getattr(fn, "__name__", fn))
        handle.done = True
        handle.sig_failed.emit(exc)
        return
    handle.done = True
    handle.sig_finished.emit(result)


class _Runnable(QRunnable):
    def __init__(
        self,
        handle: TaskHandle,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        super().__init__()
        self.handle, self.fn, self.args, self.kwargs = handle, fn, args, kwargs

    def run(self) -> None:
        _call(self.handle, self.fn, self.args, self.kwargs)


class TaskRunner(QObject):
    """Runs functions off the UI thread. Lane ``db`` has one worker (one writer at a time);
    lane ``files`` runs scanner, token, PDF and file work in parallel with it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools = {"db": QThreadPool(self), "files": QThreadPool(self)}
        self._pools["db"].setMaxThreadCount(1)
        self._pools["files"].setMaxThreadCount(2)
        self._live: set[TaskHandle] = set()

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        lane: str = "db",
        on_progress: Callable[[int, int], None] | None = None,
        **kwargs: Any,
    ) -> TaskHandle:
        """Run ``fn(*args, **kwargs)`` on ``lane``. The callbacks are connected before the task
        starts, so none of its signals can be missed."""
        handle = self._make_handle(on_done, on_error, on_progress)
        self._pools[lane].start(_Runnable(handle, fn, args, kwargs))
        return handle

    def _make_handle(
        self,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> TaskHandle:
        handle = TaskHandle()
        self._live.add(handle)
        if on_progress is not None:
            handle.sig_progress.connect(on_progress)
        if on_done is not None:
            handle.sig_finished.connect(on_done)
        if on_error is not None:
            handle.sig_failed.connect(on_error)
        handle.sig_finished.connect(lambda _r: self._live.discard(handle))
        handle.sig_failed.connect(lambda _e: self._live.discard(handle))
        return handle

    def wait(self, msecs: int = 30000) -> bool:
        return all(p.waitForDone(msecs) for p in self._pools.values())


class InlineTaskRunner(TaskRunner):
    """Runs each task at once on the calling thread (tests: no races, no sleeps)."""

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        lane: str = "db",
        on_progress: Callable[[int, int], None] | None = None,
        **kwargs: Any,
    ) -> TaskHandle:
        handle = self._make_handle(on_done, on_error, on_progress)
        _call(handle, fn, args, kwargs)
        return handle


class _Finished(QObject):
    finished = Signal()


def wait_off_ui_thread(fn: Callable[[], T], busy: QWidget) -> T:
    """Run ``fn`` in a thread and wait for it in a local event loop: the window keeps
    painting, ``busy`` (a dialog) is disabled and the cursor is the wait cursor meanwhile, so no
    second click, typing or Esc reaches it. Returns ``fn``'s result or raises its exception, as a plain call would. For a
    short wait the user must not act during: a password hashed with scrypt (a third of a second
    or more, by design) and the few writes around it."""
    done = _Finished()
    loop = QEventLoop()
    done.finished.connect(loop.quit)
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised on the UI thread
            box["error"] = exc
        finally:
            done.finished.emit()

    was_enabled = busy.isEnabled()
    busy.setEnabled(False)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        worker = threading.Thread(target=run, name="ui-wait", daemon=True)
        worker.start()
        if worker.is_alive():
            loop.exec()
        worker.join()
    finally:
        QApplication.restoreOverrideCursor()
        busy.setEnabled(was_enabled)
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]
