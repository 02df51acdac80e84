"""The two lists of a supplement: what the clerk asks for (form 02: each document with its counts
of originals, certified copies and photocopies and what to complete) and what the applicant
brought back (ticked into the dossier and onto the new receipt)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.services import dossiers as ds
from tthc_desk.ui.widgets import read_only_table

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _count_spin(name: str) -> QSpinBox:
    spin = QSpinBox(objectName=name)
    spin.setRange(0, 99)
    spin.setSpecialValueText("–")  # 0 prints nothing on the form
    spin.setMinimumWidth(56)
    return spin


def counts_text(originals: int, certified: int, copies: int) -> str:
    """ "Bản chính 01, Bản sao có chứng thực 02" for a list line."""
    parts = []
    for n, label in (
        (originals, QCoreApplication.translate("Supplement", "Bản chính {n:02d}")),
        (certified, QCoreApplication.translate("Supplement", "Bản sao có chứng thực {n:02d}")),
        (copies, QCoreApplication.translate("Supplement", "Bản sao {n:02d}")),
    ):
        if n:
            parts.append(label.format(n=n))
    return ", ".join(parts)


class _EnterFilter(QObject):
    """Enter in one of the row's fields adds the row (and never presses the dialog's OK)."""

    def __init__(self, editor: SupplementItemsEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _ENTER and not event.modifiers():
                self.editor.add_pending()
                return True
        return False


class SupplementItemsEditor(QWidget):
    """Form 02's table, by keyboard: name, Tab, counts, Tab, what to complete, Enter adds the
    line; Delete removes the selected line. What is typed and not yet added counts too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[ds.SupplementItemInput] = []
        self.name = QLineEdit(objectName="itemName")
        self.name.setPlaceholderText(self.tr("Tên giấy tờ cần bổ sung, hoàn thiện"))
        self.originals = _count_spin("itemOriginals")
        self.certified = _count_spin("itemCertified")
        self.copies = _count_spin("itemCopies")
        self.note = QLineEdit(objectName="itemNote")
        self.note.setPlaceholderText(self.tr("Nội dung cần bổ sung, hoàn thiện"))
        self.add_button = QPushButton(self.tr("Thêm (Enter)"), objectName="itemAdd")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_pending)
        self.table = read_only_table(
            [
                self.tr("Tên giấy tờ"),
                self.tr("Bản chính"),
                self.tr("Bản sao có chứng thực"),
                self.tr("Bản sao"),
                self.tr("Nội dung cần bổ sung, hoàn thiện"),
            ],
            "itemsTable",
            stretch=0,
        )
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(90)
        self.table.installEventFilter(self)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Tên giấy tờ:")), 0, 0)
        grid.addWidget(self.name, 0, 1, 1, 5)
        grid.addWidget(QLabel(self.tr("Bản chính:")), 1, 0)
        grid.addWidget(self.originals, 1, 1)
        grid.addWidget(QLabel(self.tr("Bản sao có chứng thực:")), 1, 2)
        grid.addWidget(self.certified, 1, 3)
        grid.addWidget(QLabel(self.tr("Bản sao:")), 1, 4)
        grid.addWidget(self.copies, 1, 5)
        grid.addWidget(QLabel(self.tr("Nội dung:")), 2, 0)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.add_button)
        grid.addLayout(note_row, 2, 1, 1, 5)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(grid)
        lay.addWidget(self.table)
        enter = _EnterFilter(self)
        for w in (self.name, self.originals, self.certified, self.copies, self.note):
            w.installEventFilter(enter)
        for a, b in zip(
            (self.name, self.originals, self.certified, self.copies, self.note),
            (self.originals, self.certified, self.copies, self.note, self.table),
            strict=True,
        ):
            QWidget.setTabOrder(a, b)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.remove_selected()
                return True
        return super().eventFilter(watched, event)

    def pending(self) -> ds.SupplementItemInput | None:
        name = self.name.text().strip()
        if not name:
            return None
        return ds.SupplementItemInput(
            name,
            originals=self.originals.value(),
            certified_copies=self.certified.value(),
            copies=self.copies.value(),
            note=self.note.text().strip(),
        )

    def add_pending(self) -> None:
        item = self.pending()
        if item is None:
            return
        self.items.append(item)
        self._refresh()
        self.name.clear()
        self.note.clear()
        for spin in (self.originals, self.certified, self.copies):
            spin.setValue(0)
        self.name.setFocus()

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.items):
            del self.items[row]
            self._refresh()

    def all_items(self) -> tuple[ds.SupplementItemInput, ...]:
        """The lines added, and the line still being typed."""
        pending = self.pending()
        return tuple(self.items) + ((pending,) if pending is not None else ())

    def _refresh(self) -> None:
        self.table.setRowCount(len(self.items))
        for i, it in enumerate(self.items):
            cells = [
                it.name,
                f"{it.originals:02d}" if it.originals else "",
                f"{it.certified_copies:02d}" if it.certified_copies else "",
                f"{it.copies:02d}" if it.copies else "",
                it.note,
            ]
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))


def documents_of(item: Mapping[str, Any]) -> list[ds.DocumentInput]:
    """The documents one asked-for line becomes when it is brought: one line per kind counted
    (an item with no count, e.g. a form to complete, is one original)."""
    name = str(item.get("name", ""))
    out = [
        ds.DocumentInput(name, kind, int(item.get(key) or 0))
        for key, kind in (
            ("originals", "original"),
            ("certified_copies", "certified_copy"),
            ("copies", "copy"),
        )
        if int(item.get(key) or 0) > 0
    ]
    return out or [ds.DocumentInput(name, "original", 1)]


class SupplementReceiptList(QWidget):
    """What the applicant brought: the lines asked for, ticked (Space unticks one not brought),
    and any other document typed below (Enter adds it)."""

    def __init__(self, asked: Iterable[Mapping[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(objectName="broughtDocuments")
        self.list.setMinimumHeight(90)
        for item in asked:
            for doc in documents_of(item):
                self._add(doc)
        self.other = QLineEdit(objectName="otherDocument")
        self.other.setPlaceholderText(self.tr("Giấy tờ khác đã nhận (Enter để thêm)"))
        self.other.installEventFilter(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list)
        lay.addWidget(self.other)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _add(self, doc: ds.DocumentInput) -> None:
        counts = {
            "original": (doc.count, 0, 0),
            "certified_copy": (0, doc.count, 0),
            "copy": (0, 0, doc.count),
        }.get(doc.kind, (doc.count, 0, 0))
        text = f"{doc.name} — {counts_text(*counts)}"
        w = QListWidgetItem(text)
        w.setFlags(w.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        w.setCheckState(Qt.CheckState.Checked)
        w.setData(Qt.ItemDataRole.UserRole, doc)
        self.list.addItem(w)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.other and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _ENTER and not event.modifiers():
                self.add_other()
                return True
        return super().eventFilter(watched, event)

    def add_other(self) -> None:
        name = self.other.text().strip()
        if name:
            self._add(ds.DocumentInput(name, "original", 1))
            self.other.clear()

    def documents(self) -> tuple[ds.DocumentInput, ...]:
        """The ticked documents, and the one still typed below."""
        out = [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
        if self.other.text().strip():
            out.append(ds.DocumentInput(self.other.text().strip(), "original", 1))
        return tuple(out)
