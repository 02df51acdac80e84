"""Đối chiếu: the province's dossier list imported with a preview, and the app, the province and
the paper books side by side for a period, with every difference opening its dossier."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain import province as dom
from tthc_desk.domain.text import fold
from tthc_desk.services import province as svc
from tthc_desk.services.common import Clock, system_now
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.formatting import fmt_dt
from tthc_desk.ui.messages import describe
from tthc_desk.ui.period_bar import PeriodBar
from tthc_desk.ui.widgets import ErrorLabel, progress_for, read_only_table

CTX = "ReconcilePage"

KINDS: dict[dom.Difference, str] = {
    dom.Difference.APP_ONLY: QT_TRANSLATE_NOOP(
        "ReconcilePage", "Có trên phần mềm của xã, chưa có trên hệ thống của tỉnh"
    ),
    dom.Difference.PROVINCE_ONLY: QT_TRANSLATE_NOOP(
        "ReconcilePage", "Có trên hệ thống của tỉnh, chưa có trên phần mềm của xã"
    ),
    dom.Difference.STATUS: QT_TRANSLATE_NOOP("ReconcilePage", "Trạng thái khác nhau"),
    dom.Difference.RECEIVED_LATE: QT_TRANSLATE_NOOP(
        "ReconcilePage", "Tiếp nhận trên hệ thống của tỉnh muộn hơn thực tế"
    ),
    dom.Difference.RETURNED_TIME: QT_TRANSLATE_NOOP("ReconcilePage", "Ngày trả kết quả khác nhau"),
    dom.Difference.NO_BOOK_LINE: QT_TRANSLATE_NOOP(
        "ReconcilePage", "Đã trả kết quả, chưa ghi số dòng trong sổ"
    ),
    dom.Difference.DOUBTFUL: QT_TRANSLATE_NOOP(
        "ReconcilePage", "Có thể là cùng một hồ sơ nhưng khác mã"
    ),
}
STATUSES: dict[str, str] = {
    "submitted": QT_TRANSLATE_NOOP("ReconcilePage", "Chờ tiếp nhận"),
    "processing": QT_TRANSLATE_NOOP("ReconcilePage", "Đang giải quyết"),
    "supplement": QT_TRANSLATE_NOOP("ReconcilePage", "Chờ bổ sung"),
    "result_ready": QT_TRANSLATE_NOOP("ReconcilePage", "Có kết quả"),
    "returned": QT_TRANSLATE_NOOP("ReconcilePage", "Đã trả kết quả"),
    "refused": QT_TRANSLATE_NOOP("ReconcilePage", "Từ chối"),
    "stopped": QT_TRANSLATE_NOOP("ReconcilePage", "Dừng giải quyết"),
    "withdrawn": QT_TRANSLATE_NOOP("ReconcilePage", "Rút hồ sơ"),
}
FIELD_TITLES: dict[str, str] = {
    "code": QT_TRANSLATE_NOOP("ReconcilePage", "Mã hồ sơ"),
    "procedure_code": QT_TRANSLATE_NOOP("ReconcilePage", "Mã thủ tục"),
    "procedure_name": QT_TRANSLATE_NOOP("ReconcilePage", "Tên thủ tục"),
    "applicant": QT_TRANSLATE_NOOP("ReconcilePage", "Người nộp"),
    "channel": QT_TRANSLATE_NOOP("ReconcilePage", "Hình thức nộp"),
    "submitted_at": QT_TRANSLATE_NOOP("ReconcilePage", "Ngày nộp"),
    "received_at": QT_TRANSLATE_NOOP("ReconcilePage", "Ngày tiếp nhận"),
    "due_at": QT_TRANSLATE_NOOP("ReconcilePage", "Ngày hẹn trả"),
    "finished_at": QT_TRANSLATE_NOOP("ReconcilePage", "Ngày có kết quả"),
    "returned_at": QT_TRANSLATE_NOOP("ReconcilePage", "Ngày trả kết quả"),
    "status": QT_TRANSLATE_NOOP("ReconcilePage", "Trạng thái"),
    "handling_body": QT_TRANSLATE_NOOP("ReconcilePage", "Đơn vị xử lý"),
}
ACTIONS: dict[str, str] = {
    "new": QT_TRANSLATE_NOOP("ReconcilePage", "Thêm mới"),
    "update": QT_TRANSLATE_NOOP("ReconcilePage", "Cập nhật"),
    "unchanged": QT_TRANSLATE_NOOP("ReconcilePage", "Không đổi"),
    "refused": QT_TRANSLATE_NOOP("ReconcilePage", "Bị từ chối"),
}


PRESENT = QT_TRANSLATE_NOOP("ReconcilePage", "có")
ABSENT = QT_TRANSLATE_NOOP("ReconcilePage", "không có")


def _tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def value_text(f: dom.Finding, value: str, present: bool) -> str:
    if f.kind is dom.Difference.STATUS and value:
        return _tr(STATUSES.get(value, value))
    if value:
        return value
    return _tr(PRESENT) if present else _tr(ABSENT)


class ProvinceImportDialog(QDialog):
    """The province's export read with the office's column mapping: which column is which, and
    what each row would do; Enter imports the rows that are not refused."""

    sig_imported = Signal(object)
    """The import is saved (``services.province.ProvinceImportReport``)."""

    def __init__(self, ctx: AppContext, path: Path, now: Clock, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx, self.path, self.now = ctx, path, now
        self.preview: svc.ProvincePreview | None = None
        self.setObjectName("provinceImportDialog")
        self.setWindowTitle(self.tr("Nhập danh sách hồ sơ của tỉnh"))
        self.resize(1000, 600)
        self.summary = QLabel(objectName="importSummary")
        self.summary.setWordWrap(True)
        self.columns: dict[str, QComboBox] = {}
        self.samples: dict[str, QLabel] = {}
        form = QFormLayout()
        grid = QHBoxLayout()
        left, right = QFormLayout(), QFormLayout()
        for i, name in enumerate(dom.FIELDS):
            box = QComboBox(objectName=f"column_{name}")
            sample = QLabel(objectName=f"sample_{name}")
            sample.setEnabled(False)  # greyed: a hint, not a control
            cell = QWidget()
            cell_lay = QVBoxLayout(cell)
            cell_lay.setContentsMargins(0, 0, 0, 0)
            cell_lay.setSpacing(0)
            cell_lay.addWidget(box)
            cell_lay.addWidget(sample)
            label = QLabel(_tr(FIELD_TITLES[name]) + ":")
            label.setBuddy(box)
            (left if i < 6 else right).addRow(label, cell)
            self.columns[name] = box
            self.samples[name] = sample
            box.currentIndexChanged.connect(lambda _i, n=name: self._show_sample(n))
        grid.addLayout(left)
        grid.addLayout(right)
        form.addRow(grid)
        self.reread = QPushButton(self.tr("Đọc lại theo các cột đã chọn"), objectName="reread")
        self.reread.clicked.connect(self._reread)
        self.rows = read_only_table(
            [self.tr("Dòng"), self.tr("Mã hồ sơ"), self.tr("Việc sẽ làm"), self.tr("Vấn đề")],
            "previewRows",
        )
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Nhập"))
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Tệp: {name}").format(name=path.name)))
        lay.addLayout(form)
        lay.addWidget(self.reread, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.summary)
        lay.addWidget(self.rows, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self._read(None)

    def _read(self, mapping: dict[str, str] | None) -> None:
        self.error.clear_error()
        self.ok.setEnabled(False)
        self.handle = handle = self.ctx.runner.submit(
            svc.preview_province, self.ctx.db, self.path, mapping,
            on_done=self._show, on_error=self.error.show_error,
        )  # fmt: skip
        if not handle.done:
            progress_for(self, handle, self.tr("Đang đọc tệp…"))

    def _show_sample(self, name: str) -> None:
        """Under a column choice, the first value of that column, so a wrong choice shows."""
        box, label = self.columns[name], self.samples[name]
        index = box.currentIndex() - 1
        samples = self.preview.samples if self.preview is not None else ()
        if index < 0 or index >= len(samples):
            label.setText("")
        elif samples[index]:
            label.setText(self.tr("Ví dụ: {value}").format(value=samples[index]))
        else:
            label.setText(self.tr("(các dòng đầu để trống ô này)"))

    def _reread(self) -> None:
        mapping = {
            name: box.currentText() for name, box in self.columns.items() if box.currentIndex() > 0
        }
        self._read(mapping)

    def _show(self, preview: svc.ProvincePreview) -> None:
        self.preview = preview
        by_column = {i: name for name, i in preview.mapping.items()}
        for name, box in self.columns.items():
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("(không có)"))
            box.addItems(list(preview.header))
            found = [i for i, n in by_column.items() if n == name]
            box.setCurrentIndex(found[0] + 1 if found else 0)
            box.blockSignals(False)
            self._show_sample(name)
        self.rows.setRowCount(len(preview.rows))
        for r, row in enumerate(preview.rows):
            problems = "; ".join(describe(svc.problem_error(x)) for x in row.problems)
            if row.changes:
                problems = self.tr("Thay đổi: {fields}").format(
                    fields=", ".join(_tr(FIELD_TITLES[c]) for c in row.changes)
                )
            for c, text in enumerate(
                (str(row.number), row.code, _tr(ACTIONS[row.action]), problems)
            ):
                self.rows.setItem(r, c, QTableWidgetItem(text))
        self.summary.setText(
            self.tr(
                "Cách đọc cột: {layout}. {new} hồ sơ mới, {update} cập nhật, {unchanged} không "
                "đổi, {refused} dòng bị từ chối."
            ).format(
                layout=preview.layout,
                new=preview.count("new"),
                update=preview.count("update"),
                unchanged=preview.count("unchanged"),
                refused=preview.count("refused"),
            )
        )
        self.ok.setEnabled(preview.count("new") + preview.count("update") > 0)
        self.ok.setDefault(True)
        self.ok.setFocus()

    def apply(self) -> None:
        if self.preview is None or not self.ok.isEnabled():
            return
        self.ok.setEnabled(False)
        mapping = {
            name: box.currentText() for name, box in self.columns.items() if box.currentIndex() > 0
        }
        self.handle = handle = self.ctx.runner.submit(
            _import, self.ctx.db, self.ctx.actor, self.preview, mapping, self.now,
            on_done=self._done, on_error=self._failed,
        )  # fmt: skip
        if not handle.done:
            progress_for(self, handle, self.tr("Đang nhập danh sách…"))

    def _failed(self, error: BaseException) -> None:
        self.ok.setEnabled(True)
        self.error.show_error(error)

    def _done(self, report: svc.ProvinceImportReport) -> None:
        self.sig_imported.emit(report)
        self.accept()


def _import(
    db: object,
    actor: object,
    preview: svc.ProvincePreview,
    mapping: dict[str, str],
    now: Clock,
    task: object = None,
) -> svc.ProvinceImportReport:
    """Save the import and keep the column mapping that read it (one background task)."""
    report = svc.apply_province(db, actor, preview, task, now)  # type: ignore[arg-type]
    if preview.layout in ("saved", "generic") or mapping:
        svc.save_mapping(db, actor, mapping, now)  # type: ignore[arg-type]
    return report


class ReconcilePage(QWidget):
    """Period and the import on top; counts per field and per book; the differences below."""

    sig_reconciled = Signal(object)
    """A reconciliation is on screen (``domain.province.Reconciliation``)."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, now: Clock = system_now
    ) -> None:
        super().__init__(parent)
        self.ctx, self.now = ctx, now
        self.result: dom.Reconciliation | None = None
        self.import_dialog: ProvinceImportDialog | None = None
        self.dialog: QDialog | None = None
        self.setObjectName("reconcilePage")
        self.periods = PeriodBar(lambda: self.now().date(), self)
        self.period_box = self.periods.period_box
        self.date_from, self.date_to = self.periods.date_from, self.periods.date_to
        self.refresh_button = QPushButton(self.tr("Đối chiếu"), objectName="refresh")
        self.import_button = QPushButton(
            self.tr("Nhập danh sách của tỉnh… (Ctrl+I)"), objectName="importProvince"
        )
        self.pdf_button = QPushButton(self.tr("Lưu PDF…"), objectName="savePdf")
        self.xlsx_button = QPushButton(self.tr("Lưu XLSX…"), objectName="saveXlsx")
        self.books_button = QPushButton(self.tr("Sổ theo dõi…"), objectName="books")
        bar = QHBoxLayout()
        bar.addWidget(self.periods)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.import_button)
        bar.addWidget(self.books_button)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)

        self.summary = QLabel(objectName="summary")
        self.summary.setWordWrap(True)
        count_head = [
            self.tr("Phần mềm của xã"),
            self.tr("Hệ thống của tỉnh"),
            self.tr("Sổ giấy"),
            self.tr("Đánh giá"),
        ]
        self.fields = read_only_table([self.tr("Lĩnh vực"), *count_head], "fieldCounts", 0)
        self.books = read_only_table([self.tr("Sổ"), *count_head], "bookCounts", 0)
        self.findings = read_only_table(
            [
                self.tr("Chênh lệch"),
                self.tr("Mã hồ sơ"),
                self.tr("Trên phần mềm của xã"),
                self.tr("Trên hệ thống của tỉnh"),
            ],
            "findings",
            0,
        )
        # Enter or a double-click (the view's "activated") opens the dossier.
        self.findings.activated.connect(lambda _i: self.open_selected())
        self.findings.itemSelectionChanged.connect(self._selection_changed)
        QShortcut(QKeySequence("Ctrl+I"), self, activated=self.ask_import)
        self.same_button = QPushButton(self.tr("Là cùng một hồ sơ"), objectName="sameDossier")
        self.not_same_button = QPushButton(self.tr("Không phải"), objectName="notSame")
        self.open_button = QPushButton(self.tr("Mở hồ sơ (Enter)"), objectName="openDossier")
        for b in (self.same_button, self.not_same_button, self.open_button):
            b.setEnabled(False)
        self.same_button.clicked.connect(lambda: self.decide(True))
        self.not_same_button.clicked.connect(lambda: self.decide(False))
        self.open_button.clicked.connect(self.open_selected)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.same_button)
        actions.addWidget(self.not_same_button)
        actions.addStretch(1)

        counts = QSplitter(Qt.Orientation.Horizontal)
        counts.addWidget(self.fields)
        counts.addWidget(self.books)
        lower = QWidget()
        lower_lay = QVBoxLayout(lower)
        lower_lay.setContentsMargins(0, 4, 0, 0)
        lower_lay.addWidget(self.findings, 1)
        lower_lay.addLayout(actions)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(counts)
        split.addWidget(lower)
        split.setSizes([200, 420])
        self.error = ErrorLabel(self)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.error)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)

        self.periods.sig_changed.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.import_button.clicked.connect(self.ask_import)
        self.pdf_button.clicked.connect(lambda: self.ask_save(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.ask_save(".xlsx"))
        self.books_button.clicked.connect(self.open_books)
        self.periods.kind_changed()

    # ------------------------------------------------------------------ period

    def period(self) -> tuple[date, date]:
        return self.periods.period()

    def set_period(self, start: date, end: date) -> None:
        """Choose a custom period and recompute."""
        self.periods.set_period(start, end)

    # ------------------------------------------------------------------ reconciliation

    def refresh(self) -> None:
        self.error.clear_error()
        start, end = self.period()
        self.ctx.runner.submit(
            svc.reconcile, self.ctx.db, start, end, on_done=self._show,
            on_error=self.error.show_error,
        )  # fmt: skip

    def _show(self, result: dom.Reconciliation) -> None:
        self.result = result
        self.summary.setText(
            self.tr(
                "Phần mềm của xã: {app} hồ sơ; hệ thống của tỉnh: {province} hồ sơ; khớp mã: "
                "{matched}; chênh lệch cần xử lý: {differences}."
            ).format(
                app=result.app_total,
                province=result.province_total,
                matched=result.matched,
                differences=len(result.findings),
            )
        )
        for table, rows in ((self.fields, result.by_field), (self.books, result.by_book)):
            table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                verdict = self.tr("Khớp") if row.agrees else self.tr("Chênh lệch")
                paper = "—" if row.paper is None else str(row.paper)
                name = row.name or self.tr("(thủ tục chưa có trên phần mềm)")
                for c, text in enumerate((name, str(row.app), str(row.province), paper, verdict)):
                    item = QTableWidgetItem(text)
                    if c and not row.agrees:
                        item.setForeground(Qt.GlobalColor.darkRed)
                    table.setItem(r, c, item)
        self.findings.setRowCount(len(result.findings))
        for r, f in enumerate(result.findings):
            texts = (
                _tr(KINDS[f.kind]),
                f.code,
                value_text(f, f.app_value, f.dossier_id is not None),
                value_text(f, f.province_value, f.record_id is not None),
            )
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.findings.setItem(r, c, item)
        self._selection_changed()
        self.sig_reconciled.emit(result)

    def selected(self) -> dom.Finding | None:
        rows = self.findings.selectionModel().selectedRows() if self.result else []
        if not rows or self.result is None:
            return None
        return self.result.findings[rows[0].row()]

    def _selection_changed(self) -> None:
        f = self.selected()
        self.open_button.setEnabled(f is not None and f.dossier_id is not None)
        doubtful = f is not None and f.kind is dom.Difference.DOUBTFUL
        self.same_button.setEnabled(doubtful)
        self.not_same_button.setEnabled(doubtful)

    def open_selected(self) -> QDialog | None:
        """Open the selected difference's dossier (Enter or double-click)."""
        f = self.selected()
        if f is None or f.dossier_id is None:
            return None
        from tthc_desk.ui.dossier_dialog import DossierDialog

        dlg = DossierDialog(self.ctx, f.dossier_id, self.now, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.sig_changed.connect(lambda _v: self.refresh())
        self.dialog = dlg
        dlg.open()
        return dlg

    def decide(self, same: bool) -> None:
        f = self.selected()
        if f is None or f.record_id is None:
            return
        self.ctx.runner.submit(
            svc.decide_match, self.ctx.db, self.ctx.actor, f.record_id,
            f.dossier_id if same else None, self.now,
            on_done=lambda _r: self.refresh(), on_error=self.error.show_error,
        )  # fmt: skip

    def open_books(self) -> BooksDialog:
        dlg = BooksDialog(self.ctx, self.now, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.finished.connect(lambda _r: self.refresh())
        self.books_dialog = dlg
        dlg.open()
        return dlg

    # ------------------------------------------------------------------ import and files

    def ask_import(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Chọn tệp danh sách hồ sơ xuất từ hệ thống của tỉnh"),
            "",
            self.tr("Bảng tính (*.xlsx *.csv)"),
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> ProvinceImportDialog:
        dlg = ProvinceImportDialog(self.ctx, path, self.now, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.sig_imported.connect(self._imported)
        self.import_dialog = dlg
        dlg.open()
        return dlg

    def _imported(self, report: svc.ProvinceImportReport) -> None:
        note = self.tr(
            "Đã nhập: {new} mới, {updated} cập nhật; {online} hồ sơ trực tuyến vào hàng chờ "
            "tiếp nhận."
        ).format(new=report.new, updated=report.updated, online=len(report.online_created))
        problems = [
            f"{code}: {describe(svc.problem_error(dom.Problem(problem)))}"
            for code, problem in report.online_problems
        ]
        self.error.clear_error()
        if problems:
            self.error.show_error("\n".join(problems))
        self.last_import_note = note
        self.refresh()
        self.summary.setText(note + "\n" + self.summary.text())

    def ask_save(self, suffix: str) -> None:
        start, end = self.period()
        default = f"doi-chieu-{start:%Y%m%d}-{end:%Y%m%d}{suffix}"
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Lưu báo cáo đối chiếu"), default, f"*{suffix}"
        )
        if name:
            self.save(Path(name))

    def save(self, path: Path) -> None:
        start, end = self.period()
        self.ctx.runner.submit(
            svc.export_reconciliation, self.ctx.db, start, end, path, self.now,
            self.ctx.user.full_name, self.ctx.actor, lane="files",
            on_done=lambda _r: self.summary.setText(
                self.tr("Đã lưu {name} ({moment}).").format(name=path.name, moment=fmt_dt(self.now()))
            ),
            on_error=self.error.show_error,
        )  # fmt: skip


BOOK_KINDS: dict[str, str] = {
    "reception": QT_TRANSLATE_NOOP("BooksDialog", "Sổ tiếp nhận (theo dõi hồ sơ)"),
    "birth": QT_TRANSLATE_NOOP("BooksDialog", "Sổ đăng ký khai sinh"),
    "marriage": QT_TRANSLATE_NOOP("BooksDialog", "Sổ đăng ký kết hôn"),
    "death": QT_TRANSLATE_NOOP("BooksDialog", "Sổ đăng ký khai tử"),
    "certification": QT_TRANSLATE_NOOP("BooksDialog", "Sổ chứng thực"),
    "other": QT_TRANSLATE_NOOP("BooksDialog", "Sổ khác"),
}


class BooksDialog(QDialog):
    """The administrator declares the office's paper books (name, kind, volume) and ticks the
    procedures whose dossiers are written in each; others see the list read-only."""

    def __init__(self, ctx: AppContext, now: Clock, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem

        from tthc_desk.domain.enums import Role
        from tthc_desk.services.intake import list_procedures

        super().__init__(parent)
        self.ctx, self.now = ctx, now
        self.editable = ctx.user.role is Role.ADMIN
        self.setObjectName("booksDialog")
        self.setWindowTitle(self.tr("Sổ theo dõi giấy của cơ quan"))
        self.resize(900, 560)
        self.books = read_only_table(
            [self.tr("Sổ"), self.tr("Loại"), self.tr("Quyển số"), self.tr("Số thủ tục")],
            "books",
            0,
        )
        self.books.itemSelectionChanged.connect(self._pick)
        self.name = QLineEdit(objectName="bookName")
        self.kind = QComboBox(objectName="bookKind")
        for key, text in BOOK_KINDS.items():
            self.kind.addItem(QCoreApplication.translate("BooksDialog", text), key)
        self.volume = QLineEdit("01", objectName="bookVolume")
        self.procedures = QListWidget(objectName="bookProcedures")
        for p in list_procedures(ctx.db):
            item = QListWidgetItem(f"{p.code} — {p.name}")
            item.setData(Qt.ItemDataRole.UserRole, p.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.procedures.addItem(item)
        form = QFormLayout()
        form.addRow(self.tr("Tên sổ:"), self.name)
        form.addRow(self.tr("Loại sổ:"), self.kind)
        form.addRow(self.tr("Quyển số:"), self.volume)
        form.addRow(self.tr("Thủ tục ghi vào sổ:"), self.procedures)
        from PySide6.QtWidgets import QSpinBox

        self.year = QSpinBox(objectName="bookYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(now().year)
        self.print_button = QPushButton(self.tr("In sổ (PDF)…"), objectName="printBook")
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.ask_print)
        self.new_button = QPushButton(self.tr("Sổ mới"), objectName="newBook")
        self.save_button = QPushButton(self.tr("Lưu sổ"), objectName="saveBook")
        self.new_button.clicked.connect(self._new)
        self.save_button.clicked.connect(self.save)
        for w in (self.name, self.kind, self.volume, self.procedures, self.new_button,
                  self.save_button):  # fmt: skip
            w.setEnabled(self.editable)
        self.error = ErrorLabel(self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(self.tr("Năm:")))
        buttons.addWidget(self.year)
        buttons.addWidget(self.print_button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(buttons)
        if not self.editable:
            right.addWidget(QLabel(self.tr("Chỉ quản trị viên được khai báo sổ.")))
        body = QHBoxLayout()
        body.addWidget(self.books, 1)
        body.addLayout(right, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addWidget(self.error)
        lay.addWidget(close)
        self.current: int | None = None
        self.rows: list[svc.BookView] = []
        self.reload()

    def reload(self) -> None:
        self.rows = svc.list_books(self.ctx.db, include_inactive=True)
        self.books.setRowCount(len(self.rows))
        for r, b in enumerate(self.rows):
            kind = QCoreApplication.translate("BooksDialog", BOOK_KINDS.get(b.kind, b.kind))
            for c, text in enumerate((b.name, kind, b.volume, str(len(b.procedure_codes)))):
                self.books.setItem(r, c, QTableWidgetItem(text))

    def _pick(self) -> None:
        rows = self.books.selectionModel().selectedRows()
        if not rows:
            return
        b = self.rows[rows[0].row()]
        self.current = b.id
        self.print_button.setEnabled(True)
        self.name.setText(b.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(b.kind)))
        self.volume.setText(b.volume)
        for i in range(self.procedures.count()):
            item = self.procedures.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in b.procedure_codes
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _new(self) -> None:
        self.current = None
        self.books.clearSelection()
        self.name.clear()
        self.volume.setText("01")
        for i in range(self.procedures.count()):
            self.procedures.item(i).setCheckState(Qt.CheckState.Unchecked)
        self.name.setFocus()

    def save(self) -> None:
        codes = tuple(
            self.procedures.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.procedures.count())
            if self.procedures.item(i).checkState() == Qt.CheckState.Checked
        )
        data = svc.BookInput(self.name.text(), self.kind.currentData(), self.volume.text(), codes)
        self.error.clear_error()
        self.ctx.runner.submit(
            svc.save_book, self.ctx.db, self.ctx.actor, data, self.current, self.now,
            on_done=self._saved, on_error=self.error.show_error,
        )  # fmt: skip

    def ask_print(self) -> None:
        book = next((b for b in self.rows if b.id == self.current), None)
        if book is None:
            return
        default = f"{fold(book.name).replace(' ', '-')}-{self.year.value()}.pdf"
        name, _filter = QFileDialog.getSaveFileName(self, self.tr("Lưu sổ"), default, "*.pdf")
        if name:
            self.print_to(Path(name))

    def print_to(self, path: Path) -> None:
        """Write the selected book's lines of the chosen year as a PDF (off the UI thread)."""
        if self.current is None:
            return
        self.error.clear_error()
        self.ctx.runner.submit(
            svc.print_book, self.ctx.db, self.current, self.year.value(), path, self.now,
            actor=self.ctx.actor, lane="files", on_done=lambda n: self.error.show_error(
                self.tr("Đã lưu {name}: {count} dòng.").format(name=path.name, count=n)
            ),
            on_error=self.error.show_error,
        )  # fmt: skip

    def _saved(self, book: svc.BookView) -> None:
        self.current = book.id
        self.reload()
