"""Small shared widgets: an inline error banner, a read-only table, error dialogs and a progress
dialog for tasks."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QTableView,
    QTableWidget,
    QWidget,
)
from shiboken6 import isValid

from tthc_desk.ui.messages import describe
from tthc_desk.ui.tasks import TaskHandle


class ErrorLabel(QLabel):
    """A red, word-wrapped line under a form; empty and hidden when all is well."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("errorLabel")
        self.setStyleSheet("color: #b00020; font-weight: 600;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, error: BaseException | str) -> None:
        self.setText(error if isinstance(error, str) else describe(error))
        self.show()

    def clear_error(self) -> None:
        self.clear()
        self.hide()


def fit_placeholder(edit: QLineEdit) -> None:
    """Keep ``edit`` at least as wide as its placeholder (the hint the user reads while it is
    empty), with its frame, margins and clear button."""
    need = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 14
    if edit.isClearButtonEnabled():
        need += 20
    edit.setMinimumWidth(max(edit.minimumWidth(), need))


class TableFit(QObject):
    """Fit a table's columns to its width so that a 1366 px screen needs no sideways scrolling:
    rows ``lines`` high with wrapped text; each column of ``samples`` as wide as its sample
    (the longest line it usually shows) or its title; column ``stretch`` takes the rest (a text
    longer still is elided, its tooltip has it whole); the ``optional`` columns (what another
    part of the page shows too) are hidden while ``stretch`` would get less than
    ``min_stretch`` px beside them."""

    def __init__(
        self,
        table: QTableView,
        samples: dict[int, str],
        stretch: int,
        optional: tuple[int, ...] = (),
        min_stretch: int = 220,
        lines: int = 2,
    ) -> None:
        super().__init__(table)
        self.table, self.stretch, self.optional, self.min_stretch = (
            table,
            stretch,
            optional,
            min_stretch,
        )
        table.setWordWrap(lines > 1)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        fm = table.fontMetrics()
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(lines * fm.lineSpacing() + 6)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hfm = header.fontMetrics()
        model = table.model()
        for col, sample in samples.items():
            title = model.headerData(col, Qt.Orientation.Horizontal) if model else ""
            width = max(fm.horizontalAdvance(sample) + 16, hfm.horizontalAdvance(str(title)) + 20)
            table.setColumnWidth(col, width)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        # the stretching column resizes with the table: then the optional ones are weighed
        # again (a signal, not an event filter: nothing reaches a table being destroyed)
        self._fitting = False
        header.sectionResized.connect(self._section_resized)
        self.fit()

    def _section_resized(self, col: int, _old: int, _new: int) -> None:
        if col == self.stretch and not self._fitting:
            self._fitting = True
            try:
                self.fit()
            finally:
                self._fitting = False

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        fixed = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c != self.stretch and c not in self.optional and not header.isSectionHidden(c)
        )
        room = self.table.viewport().width() - fixed
        for col in self.optional:
            width = header.sectionSize(col) if not header.isSectionHidden(col) else 0
            if width == 0:  # hidden: its width is kept by the header as its size before
                header.setSectionHidden(col, False)
                width = header.sectionSize(col)
            show = room - width >= self.min_stretch
            header.setSectionHidden(col, not show)
            if show:
                room -= width


def read_only_table(columns: list[str], name: str, stretch: int | None = None) -> QTableWidget:
    """A read-only table of whole-row single selection, columns sized to their contents; the
    ``stretch`` column (else the last) takes the spare width."""
    t = QTableWidget(0, len(columns), objectName=name)
    t.setHorizontalHeaderLabels(columns)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        t.horizontalHeader().setStretchLastSection(True)
    else:
        t.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return t


def show_error(parent: QWidget | None, error: BaseException) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        parent.tr("Không thực hiện được") if parent else "Không thực hiện được",
        describe(error),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("errorBox")
    box.open()


def progress_for(
    parent: QWidget | None, handle: TaskHandle, title: str, modal: bool = True
) -> QProgressDialog:
    """A progress dialog bound to a task: shows progress, Cancel cancels the task.

    ``modal=False`` (printing) leaves the window usable: the clerk goes on typing meanwhile.
    """
    dlg = QProgressDialog(title, QCoreApplication.translate("Widgets", "Hủy"), 0, 0, parent)
    dlg.setWindowModality(Qt.WindowModality.WindowModal if modal else Qt.WindowModality.NonModal)
    dlg.setMinimumDuration(300)
    dlg.setAutoClose(True)

    def on_progress(done: int, total: int) -> None:
        if isValid(dlg):
            dlg.setMaximum(total)
            dlg.setValue(done)

    def finish(_result: object) -> None:
        if isValid(dlg):  # its window may have been closed and deleted meanwhile
            dlg.reset()

    handle.sig_progress.connect(on_progress)
    handle.sig_finished.connect(finish)
    handle.sig_failed.connect(finish)
    dlg.canceled.connect(handle.cancel)
    handle.progress_dialog = dlg  # type: ignore[attr-defined]  # lives as long as the task
    return dlg
