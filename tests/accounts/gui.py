"""Keyboard helpers of the accounts tests: act on a modal dialog when it opens, type into fields."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget

FAILURES: list[BaseException] = []


def when_modal(qtbot, name: str, action: Callable[[QDialog], None]) -> list[str]:  # type: ignore[no-untyped-def]
    """Run ``action`` on the modal dialog called ``name`` as soon as it is shown; the returned
    list gets ``name`` once it ran (assert on it: a dialog that never opened fails the test).
    A failed assertion inside ``action`` closes the dialog and is raised by ``check_failures``."""
    ran: list[str] = []

    def attempt(tries: int = 0) -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, QDialog) and w.objectName() == name and w.isVisible():
            ran.append(name)
            try:
                action(w)
            except BaseException as exc:  # noqa: BLE001 - re-raised on the test's own stack
                FAILURES.append(exc)
                if w.isVisible():
                    w.reject()
        elif tries < 500:
            QTimer.singleShot(10, lambda: attempt(tries + 1))

    QTimer.singleShot(0, attempt)
    return ran


def type_into(qtbot, parent: QWidget, name: str, text: str) -> QLineEdit:  # type: ignore[no-untyped-def]
    """Focus the line edit ``name`` of ``parent``, clear it and type ``text`` key by key."""
    edit = parent.findChild(QLineEdit, name)
    assert edit is not None, name
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    type_text(qtbot, edit, text)
    return edit


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """ASCII by key clicks; each Vietnamese word arrives as an input method's commit, as it
    does from Unikey or IBus (QTest cannot click keys outside Latin-1)."""
    for word in re.split(r"( )", text):
        if word.isascii():
            qtbot.keyClicks(widget, word)
        else:
            event = QInputMethodEvent()
            event.setCommitString(word)
            QApplication.sendEvent(widget, event)


def press_enter(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def check_failures() -> None:
    """Raise the first failure of a ``when_modal`` action (then forget them all)."""
    if FAILURES:
        first = FAILURES[0]
        FAILURES.clear()
        raise first


def turns_during(widget: QWidget, action: Callable[[], object]) -> list[bool]:
    """Run ``action`` (a click or a key that saves) and return ``widget.isEnabled()`` at each
    turn of the event loop while it ran: empty when the UI thread was blocked all along."""
    seen: list[bool] = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: seen.append(widget.isEnabled()))
    timer.start()
    try:
        action()
    finally:
        timer.stop()
    return seen
