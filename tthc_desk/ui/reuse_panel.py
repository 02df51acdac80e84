"""A returning applicant's earlier digitised documents, still valid, offered for the open dossier.

Embeddable: ``ReusePanel(ctx, personal_id, dossier_id)``; attaching links the same stored file
and records the reuse (the 766 reuse rate counts it).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.services import documents as docs
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.digitise_dialogs import fill_table, kind_name, today
from tthc_desk.ui.widgets import ErrorLabel, read_only_table


class ReusePanel(QWidget):
    """Earlier documents of one applicant; "Dùng lại" attaches the selected one to the dossier."""

    sig_reused = Signal(object)
    """A document was attached to the dossier as reused (its ``DocumentView``)."""
    sig_loaded = Signal(int)
    """The list was (re)loaded; the number of documents offered."""

    def __init__(
        self,
        ctx: AppContext,
        personal_id: str = "",
        dossier_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reusePanel")
        self.personal_id = personal_id
        self.dossier_id = dossier_id
        self.items: list[docs.ReusableDocument] = []
        self.heading = QLabel(objectName="reuseHeading")
        self.heading.setStyleSheet("font-weight: 600;")
        self.heading.setWordWrap(True)
        self.table = read_only_table(
            [
                self.tr("Tài liệu"),
                self.tr("Loại"),
                self.tr("Từ hồ sơ"),
                self.tr("Hiệu lực đến"),
                self.tr("Chữ ký số"),
            ],
            "reuseTable",
            stretch=0,
        )
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.reuse_btn = QPushButton(self.tr("Dùng lại cho hồ sơ này"), objectName="reuse")
        self.reuse_btn.clicked.connect(self.reuse_selected)
        self.error = ErrorLabel(self)
        self.query = QLineEdit(objectName="reuseQuery")
        self.query.setPlaceholderText(
            self.tr("Tìm theo từ trong tên hoặc nội dung giấy tờ (Enter)")
        )
        self.query.returnPressed.connect(self.reload)
        row = QHBoxLayout()
        row.addWidget(self.reuse_btn)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.heading)
        lay.addWidget(self.query)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.error)
        self.set_applicant(personal_id, dossier_id)

    def set_applicant(self, personal_id: str, dossier_id: int | None = None) -> None:
        """Show the documents of the person with ``personal_id`` for dossier ``dossier_id``."""
        self.personal_id, self.dossier_id = personal_id or "", dossier_id
        self.error.clear_error()
        if not self.personal_id.strip():
            self._show([])
            return
        self.ctx.runner.submit(
            docs.reusable_documents,
            self.ctx.db,
            self.personal_id,
            today(),
            exclude_dossier_id=dossier_id,
            query=self.query.text(),
            on_done=self._show,
            on_error=self.error.show_error,
        )

    def reload(self) -> None:
        self.set_applicant(self.personal_id, self.dossier_id)

    def _show(self, items: list[docs.ReusableDocument]) -> None:
        self.items = list(items)
        if not self.personal_id.strip():
            self.heading.setText(self.tr("Giấy tờ đã số hóa trước đây: chưa có người nộp."))
        elif not self.items:
            self.heading.setText(
                self.tr("Người nộp chưa có giấy tờ số hóa nào còn hiệu lực để dùng lại.")
            )
        else:
            self.heading.setText(
                self.tr(
                    "Giấy tờ đã số hóa trước đây còn hiệu lực ({count}): dùng lại, "
                    "không yêu cầu người dân nộp lại."
                ).format(count=len(self.items))
            )
        fill_table(
            self.table,
            [
                [
                    d.title,
                    kind_name(d.kind),
                    ", ".join(d.from_dossiers),
                    d.valid_until.strftime("%d/%m/%Y")
                    if d.valid_until
                    else self.tr("Không thời hạn"),
                    self.tr("Đã ký") if d.is_signed else self.tr("Chưa ký"),
                ]
                for d in self.items
            ],
        )
        if self.items:
            self.table.selectRow(0)
        self._update_buttons()
        self.sig_loaded.emit(len(self.items))

    def _update_buttons(self) -> None:
        self.reuse_btn.setEnabled(self.dossier_id is not None and self.current() is not None)

    def current(self) -> docs.ReusableDocument | None:
        rows = {i.row() for i in self.table.selectedItems()}
        row = min(rows) if rows else -1
        return self.items[row] if 0 <= row < len(self.items) else None

    def reuse_selected(self) -> None:
        doc = self.current()
        if doc is None or self.dossier_id is None:
            return
        self.error.clear_error()
        self.ctx.runner.submit(
            docs.attach_existing,
            self.ctx.db,
            self.ctx.actor,
            docs.AttachExisting(self.dossier_id, doc.id),
            on_done=self._reused,
            on_error=self.error.show_error,
        )

    def _reused(self, view: docs.DocumentView) -> None:
        self.sig_reused.emit(view)
        self.reload()
