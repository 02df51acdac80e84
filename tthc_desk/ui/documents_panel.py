"""A dossier's digitised documents: list with status, import / drop / scan, sign, verify, certify.

Embeddable: ``DocumentsPanel(ctx, dossier_id)`` in the intake or dossier screens. Everything slow
(building PDFs, scanning, signing, verifying) runs on the runner's ``files`` lane with the panel's
own progress bar and a Cancel button; the list reloads on the ``db`` lane afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.enums import Role
from tthc_desk.domain.errors import AppError
from tthc_desk.services import documents as docs
from tthc_desk.services import settings_store
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.digitise_dialogs import (
    ImportDialog,
    ScanDialog,
    SignDialog,
    VerifyDialog,
    fill_table,
    kind_name,
    status_name,
)
from tthc_desk.ui.messages import describe
from tthc_desk.ui.tasks import TaskHandle
from tthc_desk.ui.widgets import ErrorLabel, read_only_table

ACCEPTED = docs.PDF_SUFFIXES | docs.IMAGE_SUFFIXES


# --- task functions (run on the files lane; they get the runner's TaskContext) ------------------


def register_task(db, actor, commands, task=None):  # type: ignore[no-untyped-def]
    return docs.register_batch(
        db,
        actor,
        commands,
        progress=task.progress if task else None,
        cancelled=task.cancelled if task else None,
    )


def scan_task(db, actor, command, scanner=None, task=None):  # type: ignore[no-untyped-def]
    return docs.scan_document(
        db,
        actor,
        command,
        scanner=scanner,
        progress=task.progress if task else None,
        cancelled=task.cancelled if task else None,
    )


def sign_task(db, actor, command, task=None):  # type: ignore[no-untyped-def]
    return docs.sign_document(db, actor, command, cancelled=task.cancelled if task else None)


def certify_task(db, actor, command, task=None):  # type: ignore[no-untyped-def]
    return docs.make_certified_copy(db, actor, command, cancelled=task.cancelled if task else None)


class DocumentsPanel(QWidget):
    """The documents of one dossier, with every digitisation action on them."""

    sig_document_selected = Signal(object)
    """The selected ``DocumentView`` (``None`` when nothing is selected)."""
    sig_documents_changed = Signal(object)
    """The dossier's ``DossierDocuments`` after a (re)load."""
    sig_task_finished = Signal(str, object)
    """An action ended: (``register``/``scan``/``sign``/``verify``/``certify``, result or error)."""

    COLUMNS = 6

    def __init__(
        self, ctx: AppContext, dossier_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("documentsPanel")
        self.setAcceptDrops(True)
        self.dossier: docs.DossierDocuments | None = None
        self.documents: list[docs.DocumentView] = []
        self.verified: dict[int, str] = {}  # document id -> summary status of the last check
        self.scanner: Any = None  # tests put SANE's test backend here
        self.task: TaskHandle | None = None
        self.last_source: docs.SigningSource | None = None
        self.verify_dialog: VerifyDialog | None = None
        self.ocr = bool(settings_store.get_setting(ctx.db, settings_store.OCR_ENABLED, False))

        self.title = QLabel(objectName="documentsTitle")
        self.title.setStyleSheet("font-weight: 600;")
        self.table = read_only_table(
            [
                self.tr("Tài liệu"),
                self.tr("Loại"),
                self.tr("Trang"),
                self.tr("Chữ ký số"),
                self.tr("Kiểm tra"),
                self.tr("Nguồn"),
            ],
            "documentsTable",
            stretch=0,
        )
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.import_btn = QPushButton(self.tr("Nhập tệp…"), objectName="importFiles")
        self.scan_btn = QPushButton(self.tr("Quét…"), objectName="scan")
        self.sign_btn = QPushButton(self.tr("Ký số…"), objectName="sign")
        self.verify_btn = QPushButton(self.tr("Kiểm tra chữ ký"), objectName="verify")
        self.certify_btn = QPushButton(self.tr("Chứng thực bản sao…"), objectName="certify")
        self.org_sign_btn = QPushButton(self.tr("Ký số cơ quan…"), objectName="organisationSign")
        self.org_sign_btn.setToolTip(
            self.tr(
                "Chữ ký số của cơ quan (con dấu) trên kết quả, sau chữ ký của người có thẩm quyền"
            )
        )
        self.org_sign_btn.clicked.connect(lambda: self.open_sign_dialog("organisation"))
        self.import_btn.setToolTip(self.tr("Hoặc kéo thả tệp PDF, ảnh vào danh sách"))
        self.certify_btn.setToolTip(
            self.tr("Chứng thực bản sao điện tử từ bản chính đã quét, cấp số chứng thực")
        )
        self.import_btn.clicked.connect(lambda: self.import_files([]))
        self.scan_btn.clicked.connect(self.open_scan_dialog)
        self.sign_btn.clicked.connect(self.open_sign_dialog)
        self.verify_btn.clicked.connect(lambda: self.verify(self.current_id()))
        self.certify_btn.clicked.connect(self.open_certify_dialog)
        buttons = QHBoxLayout()
        for b in (
            self.import_btn,
            self.scan_btn,
            self.sign_btn,
            self.org_sign_btn,
            self.verify_btn,
            self.certify_btn,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.progress = QProgressBar(objectName="progress")
        self.progress.setTextVisible(True)
        self.progress_label = QLabel(objectName="progressLabel")
        self.cancel_btn = QPushButton(self.tr("Hủy"), objectName="cancelTask")
        self.cancel_btn.clicked.connect(self.cancel)
        busy = QHBoxLayout()
        busy.addWidget(self.progress_label)
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_btn)
        self.busy_row = QWidget()
        self.busy_row.setLayout(busy)
        busy.setContentsMargins(0, 0, 0, 0)
        self.busy_row.hide()
        self.error = ErrorLabel(self)
        self.hint = QLabel(
            self.tr("Kéo thả tệp PDF hoặc ảnh trang vào đây để đính kèm vào hồ sơ."),
            objectName="dropHint",
        )
        self.hint.setStyleSheet("color: #5f6368;")

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addLayout(buttons)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.hint)
        lay.addWidget(self.busy_row)
        lay.addWidget(self.error)
        self._update_buttons()
        if dossier_id is not None:
            self.set_dossier(dossier_id)
        else:
            self.title.setText(self.tr("Chưa mở hồ sơ nào."))

    # --- loading ---------------------------------------------------------------------------

    def set_dossier(self, dossier_id: int | None) -> None:
        """Show another dossier (``None``: none)."""
        self.verified.clear()
        if dossier_id is None:
            self._show(None)
            return
        self.ctx.runner.submit(
            docs.dossier_documents,
            self.ctx.db,
            dossier_id,
            on_done=self._show,
            on_error=self.error.show_error,
        )

    def show_dossier(self, dossier: docs.DossierDocuments) -> None:
        """Show a dossier already loaded by the caller."""
        self.verified.clear()
        self._show(dossier)

    def reload(self) -> None:
        if self.dossier is not None:
            keep = set(self.verified)
            self.ctx.runner.submit(
                docs.dossier_documents,
                self.ctx.db,
                self.dossier.id,
                on_done=lambda d: self._show(d, keep),
                on_error=self.error.show_error,
            )

    def _show(self, dossier: docs.DossierDocuments | None, keep: set[int] | None = None) -> None:
        selected = self.current_id()
        self.dossier = dossier
        self.documents = list(dossier.documents) if dossier else []
        if keep is not None:
            self.verified = {k: v for k, v in self.verified.items() if k in keep}
        if dossier is None:
            self.title.setText(self.tr("Chưa mở hồ sơ nào."))
        else:
            self.title.setText(
                self.tr("Tài liệu số hóa của hồ sơ {code} ({count})").format(
                    code=dossier.code, count=len(self.documents)
                )
            )
        fill_table(self.table, [self._row(d) for d in self.documents])
        for r, d in enumerate(self.documents):
            item = self.table.item(r, 0)
            item.setToolTip(d.required_document_name or d.title)
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            status = self.verified.get(d.id)
            colour = {"valid": "#1b5e20", "broken": "#b00020", "untrusted": "#8a6d00"}.get(
                status or ""
            )
            if colour:
                self.table.item(r, 4).setForeground(_brush(colour))
        ids = [d.id for d in self.documents]
        # Re-selecting the same row number after a refill emits no selection change, so the
        # preview would keep the previous dossier's page: select quietly, then say it once.
        blocker = QSignalBlocker(self.table.selectionModel())
        if selected in ids:
            self.table.selectRow(ids.index(selected))
        elif self.documents:
            self.table.selectRow(0)
        blocker.unblock()
        self.sig_document_selected.emit(self.current())
        self._update_buttons()
        self.sig_documents_changed.emit(dossier)

    def _row(self, d: docs.DocumentView) -> list[str]:
        title = d.title
        if d.is_result:
            title = self.tr("{title} (kết quả)").format(title=title)
        if d.certification:
            title = self.tr("{title} — số chứng thực {number}").format(
                title=title, number=d.certification
            )
        if d.is_signed:
            signed = self.tr("Đã ký: {names}").format(names=", ".join(d.signers) or "?")
        else:
            signed = self.tr("Chưa ký")
        checked = self.verified.get(d.id)
        return [
            title,
            kind_name(d.kind),
            str(d.pages),
            signed,
            status_name(checked) if checked else self.tr("Chưa kiểm tra"),
            self.tr("Dùng lại") if d.reused else self.tr("Số hóa mới"),
        ]

    def current(self) -> docs.DocumentView | None:
        row = self.table.currentRow()
        rows = {i.row() for i in self.table.selectedItems()}
        if rows:
            row = min(rows)
        if 0 <= row < len(self.documents):
            return self.documents[row]
        return None

    def current_id(self) -> int | None:
        d = self.current()
        return d.id if d else None

    def _selection_changed(self) -> None:
        self._update_buttons()
        self.sig_document_selected.emit(self.current())

    def _update_buttons(self) -> None:
        busy = self.task is not None
        has_dossier = self.dossier is not None
        doc = self.current()
        role = self.ctx.user.role
        self.import_btn.setEnabled(has_dossier and not busy)
        self.scan_btn.setEnabled(has_dossier and not busy)
        self.sign_btn.setEnabled(doc is not None and not busy)
        self.verify_btn.setEnabled(doc is not None and not busy)
        self.org_sign_btn.setEnabled(doc is not None and doc.is_result and not busy)
        self.certify_btn.setEnabled(
            doc is not None
            and not busy
            and role in (Role.OFFICER, Role.LEADER, Role.ADMIN)
            and doc.kind.value == "original"
        )

    # --- running tasks ---------------------------------------------------------------------

    def _start(self, kind: str, label: str, fn, *args: Any, ref: Any = None) -> TaskHandle:  # type: ignore[no-untyped-def]
        self.error.clear_error()
        self.progress.setRange(0, 0)
        self.progress.setValue(0)
        self.progress_label.setText(label)
        self.busy_row.show()
        self.cancel_btn.setEnabled(True)
        handle = self.ctx.runner.submit(
            fn,
            *args,
            on_done=lambda result: self._done(kind, result, ref),
            on_error=lambda exc: self._failed(kind, exc),
            lane="files",
        )
        if not handle.done:
            self.task = handle
            handle.sig_progress.connect(self._on_progress)
        self._update_buttons()
        return handle

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(self.tr("%v/%m"))
        else:
            self.progress.setRange(0, 0)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_btn.setEnabled(False)
            self.progress_label.setText(self.tr("Đang hủy…"))

    def _finish(self) -> None:
        self.task = None
        self.busy_row.hide()
        self._update_buttons()

    def _done(self, kind: str, result: object, ref: Any = None) -> None:
        self._finish()
        if kind == "verify" and isinstance(result, docs.VerifyReport):
            self.verified[int(ref)] = result.summary_status
            self._show(self.dossier, set(self.verified))
            doc = next((d for d in self.documents if d.id == ref), None)
            self.verify_dialog = VerifyDialog(result, doc.title if doc else "", self)
            self.verify_dialog.open()
        elif (
            kind == "sign"
            and isinstance(self.last_source, docs.Pkcs11Source)
            and self.ctx.actor.role is Role.ADMIN
        ):
            # remember the token's library (never the PIN) for the next signature; only an
            # administrator's choice is stored for every PC (it is loaded as native code)
            self.ctx.runner.submit(
                settings_store.set_setting,
                self.ctx.db,
                self.ctx.actor,
                settings_store.PKCS11_LIBRARY,
                str(self.last_source.lib_path),
            )
        self.last_source = None
        if kind in ("sign", "certify"):
            view = result.document if isinstance(result, docs.CertifiedCopy) else result
            self.show_notices(getattr(view, "notices", ()))
        if kind in ("register", "scan", "sign", "certify"):
            self.reload()
        self.sig_task_finished.emit(kind, result)

    def show_notices(self, notices: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]) -> None:
        """After signing: who holds the certificate, and whether the time is only the PC's."""
        if not notices:
            return
        text = "\n\n".join(describe(AppError(code, **dict(params))) for code, params in notices)
        mismatch = any(code == "sign.holder_mismatch" for code, _ in notices)
        self.notice_box = QMessageBox(
            QMessageBox.Icon.Warning if mismatch else QMessageBox.Icon.Information,
            self.tr("Đã ký số"),
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        self.notice_box.setObjectName("signNotice")
        self.notice_box.setWindowModality(Qt.WindowModality.NonModal)
        self.notice_box.show()

    def _failed(self, kind: str, error: BaseException) -> None:
        self._finish()
        self.last_source = None
        self.error.show_error(error)
        self.sig_task_finished.emit(kind, error)

    # --- actions ---------------------------------------------------------------------------

    def register(self, commands: list[docs.RegisterCommand]) -> TaskHandle:
        """Register documents (one or many) off the UI thread; all or none."""
        total = len(commands)
        return self._start(
            "register",
            self.tr("Đang lưu {count} tài liệu…").format(count=total),
            register_task,
            self.ctx.db,
            self.ctx.actor,
            list(commands),
        )

    def import_files(self, paths: list[Path]) -> ImportDialog | None:
        """Open the import dialog with ``paths`` (from the button or a drop)."""
        if self.dossier is None:
            self.error.show_error(self.tr("Hãy mở một hồ sơ trước khi đính kèm tệp."))
            return None
        dlg = ImportDialog(self.dossier, [Path(p) for p in paths], self, ocr=self.ocr)
        dlg.accepted.connect(lambda: self.register(dlg.commands()))
        dlg.open()
        return dlg

    def open_scan_dialog(self) -> ScanDialog | None:
        if self.dossier is None:
            return None
        dlg = ScanDialog(self.ctx, self.dossier, self, ocr=self.ocr, scanner=self.scanner)
        dlg.accepted.connect(lambda: self.scan(dlg.command()))
        dlg.open()
        return dlg

    def scan(self, command: docs.ScanCommand) -> TaskHandle:
        return self._start(
            "scan",
            self.tr("Đang quét…"),
            scan_task,
            self.ctx.db,
            self.ctx.actor,
            command,
            self.scanner,
        )

    def _sign_dialog(self, title: str) -> SignDialog:
        library = str(
            settings_store.get_setting(self.ctx.db, settings_store.PKCS11_LIBRARY, "") or ""
        )
        return SignDialog(self.ctx, title, self, library=library)

    def open_sign_dialog(self, purpose: str | None = None) -> SignDialog | None:
        doc = self.current()
        if doc is None:
            return None
        title = (
            self.tr("Ký số cơ quan: {title}")
            if purpose == "organisation"
            else self.tr("Ký số: {title}")
        ).format(title=doc.title)
        dlg = self._sign_dialog(title)

        def go() -> None:
            source = dlg.source()
            dlg.forget_secrets()
            self.sign(doc.id, source, purpose)

        dlg.accepted.connect(go)
        dlg.open()
        return dlg

    def sign(
        self, document_id: int, source: docs.SigningSource, purpose: str | None = None
    ) -> TaskHandle:
        self.last_source = source
        return self._start(
            "sign",
            self.tr("Đang ký số…"),
            sign_task,
            self.ctx.db,
            self.ctx.actor,
            docs.SignCommand(document_id, source, purpose),
        )

    def verify(self, document_id: int | None) -> TaskHandle | None:
        if document_id is None:
            return None
        return self._start(
            "verify",
            self.tr("Đang kiểm tra chữ ký…"),
            docs.verify_document,
            self.ctx.db,
            document_id,
            ref=document_id,
        )

    def open_certify_dialog(self) -> SignDialog | None:
        doc = self.current()
        if doc is None:
            return None
        dlg = self._sign_dialog(
            self.tr("Chứng thực bản sao điện tử từ bản chính: {title}").format(title=doc.title)
        )

        def go() -> None:
            source = dlg.source()
            dlg.forget_secrets()
            self.certify(doc.id, source)

        dlg.accepted.connect(go)
        dlg.open()
        return dlg

    def certify(self, document_id: int, source: docs.SigningSource) -> TaskHandle:
        return self._start(
            "certify",
            self.tr("Đang chứng thực bản sao…"),
            certify_task,
            self.ctx.db,
            self.ctx.actor,
            docs.CertifyCommand(document_id, source, self.dossier.id if self.dossier else None),
        )

    # --- drag and drop ---------------------------------------------------------------------

    @staticmethod
    def _dropped_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        md = event.mimeData()
        if not md.hasUrls():
            return []
        paths = [Path(u.toLocalFile()) for u in md.urls() if u.isLocalFile()]
        return [p for p in paths if p.suffix.lower() in ACCEPTED]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if self.dossier is not None and self._dropped_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = self._dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)


def _brush(colour: str):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor(colour))
