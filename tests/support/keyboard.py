"""Keyboard for GUI tests: keys to the focused widget as a real keyboard sends them, Vietnamese
text as an input method commits it, and a count of what was pressed (the keystroke budget)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def activate(qtbot, w: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Show a window and make it the active one, so that its shortcuts and Enter reach it."""
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)


class Keyboard:
    """Sends keys to ``QApplication.focusWidget()`` and counts them.

    ``type`` counts one keystroke per character (an input method also needs about one key per
    letter); ``scan`` is a 2D scanner that types a whole line: it counts as one scan, not as
    keystrokes.
    """

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.keystrokes = 0
        self.scans = 0

    @staticmethod
    def focus() -> QWidget:
        w = QApplication.focusWidget()
        assert w is not None, "nothing has the keyboard focus"
        return w

    def key(self, keycode, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:  # type: ignore[no-untyped-def]
        for _ in range(times):
            self.qtbot.keyClick(self.focus(), keycode, modifier)
            self.keystrokes += 1

    def type(self, text: str) -> None:
        """ASCII key by key; other text as one input-method commit (one key per character)."""
        self.keystrokes += len(text)
        target = self.focus()
        if text.isascii():
            self.qtbot.keyClicks(target, text)
        else:
            commit(target, text)

    def scan(self, line: str) -> None:
        """A keyboard-wedge scanner: the whole line, then Enter, into the focused field."""
        self.scans += 1
        target = self.focus()
        if line.isascii():
            self.qtbot.keyClicks(target, line)
        else:
            commit(target, line)
        self.qtbot.keyClick(self.focus(), Qt.Key.Key_Return)


def commit(target: QWidget, text: str) -> None:
    """Text committed by an input method (Unikey, ibus-bamboo) into ``target``."""
    ev = QInputMethodEvent()
    ev.setCommitString(text)
    QApplication.sendEvent(target, ev)
