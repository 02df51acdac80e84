"""Import a province's procedure list: choose a file, preview each row's problems, then save."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.services import catalogue_import as ci
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.messages import describe
from tthc_desk.ui.table_models import RowTableModel
from tthc_desk.ui.widgets import ErrorLabel, progress_for


class ImportPreviewModel(RowTableModel[ci.RowResult]):
    """The preview's rows: line, code, name, what will happen, the problems in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.headers = [
            self.tr("Dòng"),
            self.tr("Mã thủ tục"),
            self.tr("Tên thủ tục"),
            self.tr("Kết quả"),
            self.tr("Vấn đề cần xem"),
        ]
        self._actions = {
            "add": self.tr("Thêm mới"),
            "change": self.tr("Sửa (phiên bản mới)"),
            "unchanged": self.tr("Không đổi"),
            "retire": self.tr("Ngừng áp dụng"),
            "refused": self.tr("Từ chối"),
        }

    def display(self, r: ci.RowResult, column: int) -> Any:
        if column == 4:  # the problems in words
            return "\n".join(
                ("✗ " if p.error else "! ") + describe(p.as_error()) for p in r.problems
            )
        values = ["" if r.row is None else str(r.row), r.code, r.name, self._actions[r.action]]
        return values[column] if 0 <= column < len(values) else None

    tooltip = display

    def background(self, r: ci.RowResult, column: int) -> Any:
        if r.action == "refused":
            return QBrush(QColor("#fde0e0"))
        if r.problems:
            return QBrush(QColor("#fff6d6"))
        if r.action in ("add", "change", "retire"):
            return QBrush(QColor("#e6f4ea"))
        return None


class ImportDialog(QDialog):
    """Nhập danh mục từ tệp: nothing is saved before «Nhập vào danh mục» is pressed."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: ci.ImportPreview | None = None
        self.report: ci.ImportReport | None = None
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Nhập danh mục thủ tục từ tệp Excel hoặc CSV"))
        self.resize(1100, 680)
        self.path = QLineEdit(objectName="importPath")
        self.path.setPlaceholderText(self.tr("Chọn tệp .xlsx hoặc .csv theo mẫu của phần mềm"))
        browse = QPushButton(self.tr("&Chọn tệp…"), objectName="browse")
        browse.clicked.connect(self._browse)
        self.preview_btn = QPushButton(self.tr("&Xem trước"), objectName="previewButton")
        self.preview_btn.setDefault(True)
        self.preview_btn.clicked.connect(self.run_preview)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Tệp:")))
        top.addWidget(self.path, 1)
        top.addWidget(browse)
        top.addWidget(self.preview_btn)
        self.create_fields = QCheckBox(
            self.tr("Tạo lĩnh vực mới khi chưa có"), objectName="createFields"
        )
        self.retire_missing = QCheckBox(
            self.tr("Ngừng áp dụng thủ tục không có trong tệp"), objectName="retireMissing"
        )
        self.refuse_legacy = QCheckBox(
            self.tr("Từ chối dòng gõ bằng bảng mã cũ (TCVN3, VNI) thay vì chuyển đổi"),
            objectName="refuseLegacy",
        )
        opts = QHBoxLayout()
        for w in (self.create_fields, self.retire_missing, self.refuse_legacy):
            opts.addWidget(w)
        opts.addStretch(1)
        self.model = ImportPreviewModel(self)
        self.table = QTableView(objectName="previewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 50)
        self.table.setColumnWidth(1, 90)
        self.table.setColumnWidth(2, 300)
        self.table.setColumnWidth(3, 130)
        self.summary = QLabel(objectName="importSummary")
        self.summary.setWordWrap(True)
        self.error = ErrorLabel(self)
        self.apply_btn = QPushButton(self.tr("&Nhập vào danh mục"), objectName="applyButton")
        self.apply_btn.setEnabled(False)
        self.apply_btn.clicked.connect(self.run_apply)
        close = QPushButton(self.tr("Đóng"), objectName="closeButton")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.apply_btn)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(opts)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.error)
        lay.addLayout(bottom)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp danh mục"), "", self.tr("Bảng tính (*.xlsx *.csv)")
        )
        if path:
            self.path.setText(path)
            self.run_preview()

    def options(self) -> ci.ImportOptions:
        return ci.ImportOptions(
            create_fields=self.create_fields.isChecked(),
            retire_missing=self.retire_missing.isChecked(),
            legacy="refuse" if self.refuse_legacy.isChecked() else "convert",
        )

    def run_preview(self) -> None:
        self.error.clear_error()
        self.apply_btn.setEnabled(False)
        self.report = None
        self.handle = handle = self.ctx.runner.submit(
            ci.preview_import, self.ctx.db, self.path.text().strip(), self.options(),
            on_done=self._previewed, on_error=self.error.show_error,
        )  # fmt: skip
        if not handle.done:
            progress_for(self, handle, self.tr("Đang đọc tệp…"))

    def _previewed(self, preview: ci.ImportPreview) -> None:
        self.preview = preview
        self.model.set_rows(list(preview.rows))
        self.table.resizeRowsToContents()
        self.summary.setText(
            self.tr(
                "Xem trước (chưa lưu gì): {add} thêm mới, {change} sửa, {retire} ngừng áp dụng, "
                "{same} không đổi, <b>{refused} dòng bị từ chối</b>."
            ).format(
                add=preview.count("add"),
                change=preview.count("change"),
                retire=preview.count("retire"),
                same=preview.count("unchanged"),
                refused=preview.refused,
            )
        )
        self.apply_btn.setEnabled(preview.to_save > 0)

    def run_apply(self) -> None:
        if self.preview is None:
            return
        self.error.clear_error()
        self.apply_btn.setEnabled(False)
        self.handle = handle = self.ctx.runner.submit(
            ci.apply_import, self.ctx.db, self.ctx.actor, self.preview,
            on_done=self._applied, on_error=self._apply_failed,
        )  # fmt: skip
        if not handle.done:
            progress_for(self, handle, self.tr("Đang lưu vào danh mục…"))

    def _apply_failed(self, error: BaseException) -> None:
        self.error.show_error(error)
        self.apply_btn.setEnabled(True)

    def _applied(self, report: ci.ImportReport) -> None:
        self.report = report
        self.preview = None
        self.ctx.events.sig_catalogue_changed.emit()  # the intake page lists the new procedures
        self.summary.setText(
            self.tr(
                "Đã lưu: {added} thủ tục thêm mới, {changed} thủ tục sửa (phiên bản mới), "
                "{retired} thủ tục ngừng áp dụng. {refused} dòng bị từ chối không được nhập."
            ).format(
                added=len(report.added),
                changed=len(report.changed),
                retired=len(report.retired),
                refused=report.refused,
            )
        )
