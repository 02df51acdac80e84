"""Find a returning applicant while typing: the start of a personal ID, a phone number or a
name (with or without diacritics) lists known applicants by the search index; picking one
puts their personal ID in the field."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QStringListModel, Qt, QTimer
from PySide6.QtWidgets import QCompleter, QLineEdit

from tthc_desk.services import intake
from tthc_desk.ui.context import AppContext

MIN_CHARS = 3
DELAY_MS = 250


class ApplicantFinder(QObject):
    """Attached to the personal-ID field: a pause in typing at least ``MIN_CHARS`` characters
    that are not yet a whole 12-digit ID looks the applicants up off the UI thread; choosing one
    of the list fills the ID and calls ``on_pick``."""

    def __init__(self, ctx: AppContext, edit: QLineEdit, on_pick: Callable[[], None]) -> None:
        super().__init__(edit)
        self.ctx = ctx
        self.edit = edit
        self.on_pick = on_pick
        self.matches: list[intake.ApplicantMatch] = []
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setWidget(edit)
        self.completer.activated[QModelIndex].connect(  # type: ignore[index]
            lambda index: self.pick(index.row())
        )
        self.completer.popup().setObjectName("applicantMatches")
        self.timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self.timer.timeout.connect(self.search)
        edit.textEdited.connect(lambda _t: self.timer.start())

    def search(self) -> None:
        text = self.edit.text().strip()
        digits = "".join(text.split())
        if len(text) < MIN_CHARS or (digits.isdigit() and len(digits) == 12):
            self.completer.popup().hide()
            return
        self.ctx.runner.submit(
            intake.search_applicants,
            self.ctx.db,
            text,
            on_done=lambda found, asked=text: self._found(asked, found),
            on_error=lambda _e: None,
        )

    def _found(self, asked: str, found: list[intake.ApplicantMatch]) -> None:
        if asked != self.edit.text().strip():
            return  # the clerk typed on: a newer search follows
        self.matches = found
        self.model.setStringList([self.describe(m) for m in found])
        if found:
            self.completer.complete()
        else:
            self.completer.popup().hide()

    def describe(self, m: intake.ApplicantMatch) -> str:
        parts = [m.full_name, m.personal_id or self.tr("không có số định danh")]
        if m.phone:
            parts.append(m.phone)
        if m.birth_year:
            parts.append(str(m.birth_year))
        return " — ".join(parts)

    def pick(self, row: int) -> None:
        if not 0 <= row < len(self.matches):  # unfiltered: the list's rows are the matches
            return
        m = self.matches[row]
        self.edit.setText(m.personal_id)
        self.on_pick()
