"""Danh mục thủ tục: search, view, add, edit (new version), retire, import and export."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.enums import ProcedureStatus, Role, TimeUnit
from tthc_desk.services import catalogue as cat
from tthc_desk.services import catalogue_import as ci
from tthc_desk.ui.catalogue_editor import ProcedureDialog, kind_names, role_names, unit_names
from tthc_desk.ui.catalogue_import_dialog import ImportDialog
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.table_models import RowTableModel
from tthc_desk.ui.widgets import ErrorLabel, show_error

Index = QModelIndex | QPersistentModelIndex
PAGE = 200


def time_text(w: QWidget, unit: TimeUnit, amount: float | None, cutoff: int | None) -> str:
    if unit is TimeUnit.SAME_DAY:
        if cutoff is None:
            return QCoreApplication.translate("CatalogueLabels", "Trong ngày")
        return QCoreApplication.translate(
            "CatalogueLabels", "Trong ngày (chốt {h:02d}:{m:02d})"
        ).format(h=cutoff // 60, m=cutoff % 60)
    if amount is None:
        return QCoreApplication.translate("CatalogueLabels", "Chưa có")
    return f"{amount:g} {unit_names(w)[unit]}".replace(".", ",")


class ProcedureTableModel(RowTableModel[cat.ProcedureRow]):
    """Current procedures, loaded a page at a time (keyset paging on code, id)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.more = False
        self.fetcher: Any = None  # callable(after) that loads the next page
        self._loading = False
        self.headers = [
            self.tr("Mã thủ tục"),
            self.tr("Tên thủ tục"),
            self.tr("Lĩnh vực"),
            self.tr("Thời hạn"),
            self.tr("Phiên bản"),
            self.tr("Quyết định công bố"),
        ]

    def reset_rows(self, rows: list[cat.ProcedureRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.more = len(rows) >= PAGE
        self._loading = False
        self.endResetModel()

    def append_rows(self, rows: list[cat.ProcedureRow]) -> None:
        self._loading = False
        self.more = len(rows) >= PAGE
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.more and not self._loading and self.fetcher is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or not self.rows:
            return
        self._loading = True
        last = self.rows[-1]
        self.fetcher((last.code, last.id))

    def display(self, r: cat.ProcedureRow, column: int) -> Any:
        parent = self.parent() if isinstance(self.parent(), QWidget) else QWidget()
        decision = r.decision_no or ""
        if r.decision_date:
            decision += f" ({r.decision_date:%d/%m/%Y})"
        values = [
            r.code,
            r.name,
            r.field_name,
            time_text(parent, r.time_unit, r.time_amount, r.cutoff_minutes),
            str(r.version),
            decision or (self.tr("Cần đối chiếu") if r.needs_review else ""),
        ]
        return values[column] if 0 <= column < len(values) else None

    def foreground(self, r: cat.ProcedureRow, column: int) -> Any:
        if r.status is ProcedureStatus.RETIRED:
            return QBrush(QColor("#888888"))
        return QBrush(QColor("#8a5300")) if r.needs_review else None

    def tooltip(self, r: cat.ProcedureRow, column: int) -> Any:
        note = None
        if r.status is ProcedureStatus.RETIRED:
            note = self.tr("Đã ngừng áp dụng")
        elif r.needs_review:
            note = self.tr("Cần đối chiếu với quyết định công bố của tỉnh")
        if note is None:
            return None  # the cell's text
        text = self.display(r, column)
        return f"{text}\n{note}" if isinstance(text, str) and text else note


class CataloguePage(QWidget):
    """The catalogue: a searchable list on the left, the selected procedure in full on the right."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fields: list[cat.FieldView] = []
        self.current: cat.ProcedureView | None = None
        self.hours_per_day = 8.0
        can_edit = ctx.user.role in (Role.ADMIN, *cat.EDITORS)

        self.search = QLineEdit(objectName="search")
        self.search.setPlaceholderText(
            self.tr("Tìm theo mã hoặc tên thủ tục, gõ có dấu hoặc không dấu (Ctrl+F)")
        )
        self.search.setClearButtonEnabled(True)
        self.field_filter = QComboBox(objectName="fieldFilter")
        self.field_filter.setMinimumWidth(220)
        self.include_retired = QCheckBox(
            self.tr("Hiện cả thủ tục đã ngừng áp dụng"), objectName="includeRetired"
        )
        self.count_label = QLabel(objectName="countLabel")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(QLabel(self.tr("Lĩnh vực:")))
        top.addWidget(self.field_filter)
        top.addWidget(self.include_retired)

        self.add_btn = QPushButton(self.tr("&Thêm thủ tục"), objectName="addButton")
        self.edit_btn = QPushButton(self.tr("&Sửa"), objectName="editButton")
        self.retire_btn = QPushButton(self.tr("&Ngừng áp dụng…"), objectName="retireButton")
        self.restore_btn = QPushButton(self.tr("&Khôi phục"), objectName="restoreButton")
        self.field_btn = QPushButton(self.tr("Thêm &lĩnh vực…"), objectName="addFieldButton")
        self.confirm_btn = QPushButton(self.tr("Đã đối &chiếu"), objectName="confirmButton")
        self.confirm_btn.setToolTip(
            self.tr(
                "Thủ tục có sẵn đã được đối chiếu với quyết định công bố của tỉnh và giữ "
                "nguyên (sửa thủ tục cũng bỏ dấu «cần đối chiếu»)."
            )
        )
        self.import_btn = QPushButton(self.tr("Nhập từ &tệp…"), objectName="importButton")
        self.export_btn = QPushButton(self.tr("&Xuất Excel…"), objectName="exportButton")
        self.template_btn = QPushButton(self.tr("Tải &mẫu nhập…"), objectName="templateButton")
        bar = QHBoxLayout()
        for b in (
            self.add_btn,
            self.edit_btn,
            self.confirm_btn,
            self.retire_btn,
            self.restore_btn,
            self.field_btn,
        ):
            b.setEnabled(can_edit)
            bar.addWidget(b)
        bar.addStretch(1)
        self.import_btn.setEnabled(can_edit)
        for b in (self.import_btn, self.export_btn, self.template_btn):
            bar.addWidget(b)
        self.read_only_note = QLabel(
            self.tr("Chỉ lãnh đạo và quản trị viên được sửa danh mục."), objectName="readOnlyNote"
        )
        self.read_only_note.setWordWrap(True)
        self.read_only_note.setVisible(not can_edit)  # its own row: the window keeps its width

        self.model = ProcedureTableModel(self)
        self.model.fetcher = self._fetch_more
        self.table = QTableView(objectName="procedureTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 80), (2, 120), (3, 150), (4, 70), (5, 135)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.detail = QTextBrowser(objectName="detail")
        self.detail.setOpenExternalLinks(True)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([900, 380])  # the list keeps room for the procedure's name
        self.error = ErrorLabel(self)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(bar)
        lay.addWidget(self.read_only_note)
        lay.addWidget(split, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.error, 1)
        lay.addLayout(bottom)

        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.field_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.include_retired.toggled.connect(lambda _b: self.reload())
        self.add_btn.clicked.connect(self.add)
        self.edit_btn.clicked.connect(self.edit)
        self.retire_btn.clicked.connect(self.retire)
        self.restore_btn.clicked.connect(self.restore)
        self.confirm_btn.clicked.connect(self.confirm)
        self.field_btn.clicked.connect(self.add_field)
        self.import_btn.clicked.connect(self.open_import)
        self.export_btn.clicked.connect(self.export)
        self.template_btn.clicked.connect(self.save_template)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self._focus_search)
        if can_edit:
            QShortcut(QKeySequence("Ctrl+N"), self, activated=self.add)
            QShortcut(QKeySequence("F2"), self, activated=self.edit)
        self.search.returnPressed.connect(self.table.setFocus)
        self._update_buttons()
        self.reload_fields()

    # ------------------------------------------------------------------ loading

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def reload_fields(self) -> None:
        self.ctx.runner.submit(
            self._load_fields, self.ctx.db, on_done=self._fields_loaded, on_error=self._failed
        )

    @staticmethod
    def _load_fields(db: Any) -> tuple[list[cat.FieldView], float]:
        return cat.list_fields(db), cat.hours_per_day(db)

    def _fields_loaded(self, result: tuple[list[cat.FieldView], float]) -> None:
        self.fields, self.hours_per_day = result
        keep = self.field_filter.currentData()
        self.field_filter.blockSignals(True)
        self.field_filter.clear()
        self.field_filter.addItem(self.tr("Tất cả lĩnh vực"), None)
        for f in self.fields:
            self.field_filter.addItem(f"{f.name} ({f.procedure_count})", f.id)
        i = self.field_filter.findData(keep)
        self.field_filter.setCurrentIndex(max(0, i))
        self.field_filter.blockSignals(False)
        self.reload()

    def _query(self) -> dict[str, Any]:
        return {
            "field_id": self.field_filter.currentData(),
            "include_retired": self.include_retired.isChecked(),
        }

    def reload(self, select_id: int | None = None) -> None:
        self._select_after = select_id
        self.ctx.runner.submit(
            self._load_page, self.ctx.db, self.search.text(), self._query(),
            on_done=self._page_loaded, on_error=self._failed,
        )  # fmt: skip

    @staticmethod
    def _load_page(db: Any, text: str, query: dict[str, Any]) -> tuple[list[cat.ProcedureRow], int]:
        return cat.search_page(db, text, limit=PAGE, **query)

    def _page_loaded(self, result: tuple[list[cat.ProcedureRow], int]) -> None:
        rows, total = result
        self.model.reset_rows(rows)
        self.count_label.setText(self.tr("{n} thủ tục").format(n=total))
        target = 0
        if self._select_after is not None:
            for i, r in enumerate(rows):
                if r.id == self._select_after:
                    target = i
        if rows:
            self.table.selectRow(target)
        else:
            self.current = None
            self.detail.setHtml(self.tr("<p>Không có thủ tục nào khớp.</p>"))
        self._update_buttons()

    def _fetch_more(self, after: tuple[str, int]) -> None:
        self.ctx.runner.submit(
            cat.search_procedures, self.ctx.db, self.search.text(), after=after, limit=PAGE,
            **self._query(), on_done=self.model.append_rows, on_error=self._failed,
        )  # fmt: skip

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or current.row() >= len(self.model.rows):
            return
        row = self.model.rows[current.row()]
        self.ctx.runner.submit(
            cat.get_procedure, self.ctx.db, row.id, on_done=self._show, on_error=self._failed
        )

    def _show(self, view: cat.ProcedureView) -> None:
        self.current = view
        self.detail.setHtml(self.describe(view))
        self._update_buttons()

    def _update_buttons(self) -> None:
        can_edit = self.ctx.user.role in (Role.ADMIN, *cat.EDITORS)
        v = self.current
        active = v is not None and v.is_current and v.status is ProcedureStatus.ACTIVE
        self.edit_btn.setEnabled(can_edit and active)
        self.retire_btn.setEnabled(can_edit and active)
        self.restore_btn.setEnabled(
            can_edit and v is not None and v.status is ProcedureStatus.RETIRED
        )
        self.confirm_btn.setEnabled(can_edit and active and v is not None and v.needs_review)

    def _failed(self, error: BaseException) -> None:
        self.error.show_error(error)

    # ------------------------------------------------------------------ detail

    def describe(self, v: cat.ProcedureView) -> str:
        d = v.data
        e = escape
        kinds, roles = kind_names(self), role_names(self)
        parts = [f"<h3>{e(d.name)}</h3>"]
        parts.append(
            self.tr("<p><b>Mã:</b> {code} &nbsp; <b>Lĩnh vực:</b> {field} &nbsp; "
                    "<b>Phiên bản:</b> {version}</p>").format(
                code=e(d.code), field=e(d.field), version=v.version
            )
        )  # fmt: skip
        if v.needs_review:
            parts.append(
                self.tr(
                    "<p style='color:#8a5300'><b>Cần đối chiếu với quyết định công bố của "
                    "tỉnh.</b> Thủ tục lấy từ danh mục có sẵn của phần mềm (xem nguồn bên dưới): "
                    "thời hạn, phí, lệ phí, thành phần hồ sơ do tỉnh công bố có thể khác. Sửa "
                    "cho đúng hoặc bấm «Đã đối chiếu».</p>"
                )
            )
        if v.status is ProcedureStatus.RETIRED:
            parts.append(
                self.tr("<p style='color:#b00020'><b>Đã ngừng áp dụng</b> từ {at}: {reason}</p>")
                .format(at=f"{v.retired_at:%d/%m/%Y}" if v.retired_at else "", reason=e(v.retire_reason or ""))
            )  # fmt: skip
        if d.decision_no or d.decision_date:
            parts.append(
                self.tr("<p><b>Quyết định công bố:</b> {no} {day}</p>").format(
                    no=e(d.decision_no or ""),
                    day=f"({d.decision_date:%d/%m/%Y})" if d.decision_date else "",
                )
            )
        parts.append(
            self.tr("<p><b>Thời hạn giải quyết:</b> {time}</p>").format(
                time=e(time_text(self, d.time_unit, d.time_amount, d.cutoff_minutes))
            )
        )
        if v.missing_parts:
            names = {
                "name": self.tr("tên"),
                "applicant_steps": self.tr("trình tự thực hiện"),
                "channels": self.tr("cách thức thực hiện"),
                "documents": self.tr("thành phần hồ sơ"),
                "time": self.tr("thời hạn"),
                "eligible_applicants": self.tr("đối tượng thực hiện"),
                "handling_body": self.tr("cơ quan giải quyết"),
            }
            parts.append(
                self.tr("<p style='color:#a15c00'><b>Thiếu khi niêm yết:</b> {parts}</p>").format(
                    parts=", ".join(names[p] for p in v.missing_parts)
                )
            )
        parts.append(self.tr("<p><b>Thành phần hồ sơ:</b></p>"))
        parts.append(
            "<ol>"
            + "".join(
                f"<li>{e(x.name)} — {e(kinds[x.kind])}, {x.count:02d}"
                + (f" <i>({e(x.note)})</i>" if x.note else "")
                + "</li>"
                for x in d.documents
            )
            + "</ol>"
        )
        parts.append(self.tr("<p><b>Quy trình nội bộ:</b></p>"))
        parts.append(
            "<ol>"
            + "".join(
                f"<li>{e(s.name)} — {e(roles.get(s.role, s.role.value))}: "
                + self.tr("{h} giờ").format(h=f"{s.hours:g}")
                + "</li>"
                for s in d.steps
            )
            + "</ol>"
        )
        if d.fees:
            fee_items = []
            for f in d.fees:
                if f.amount_vnd is None:
                    amount = self.tr("theo quy định của HĐND tỉnh")
                elif f.amount_vnd == 0:
                    amount = self.tr("không thu")
                else:
                    amount = self.tr("{n} đồng").format(n=f"{f.amount_vnd:,}".replace(",", "."))
                fee_items.append(f"<li>{e(f.item)}: {e(amount)}</li>")
            parts.append(
                self.tr("<p><b>Phí, lệ phí:</b></p>") + "<ul>" + "".join(fee_items) + "</ul>"
            )
        for label, value in (
            (self.tr("Đối tượng thực hiện"), d.eligible_applicants),
            (self.tr("Cơ quan giải quyết"), d.handling_body),
            (self.tr("Kết quả"), d.result_name),
        ):
            if value:
                parts.append(f"<p><b>{e(label)}:</b> {e(value)}</p>")
        if d.legal_basis:
            parts.append(
                self.tr("<p><b>Căn cứ pháp lý:</b></p>")
                + "<ul>" + "".join(f"<li>{e(x)}</li>" for x in d.legal_basis) + "</ul>"
            )  # fmt: skip
        if d.source:
            links = "".join(
                f"<li><a href='{e(x)}'>{e(x)}</a></li>" if x.startswith("http") else f"<li>{e(x)}</li>"
                for x in d.source.splitlines() if x.strip()
            )  # fmt: skip
            parts.append(self.tr("<p><b>Nguồn:</b></p>") + f"<ul>{links}</ul>")
        return "".join(parts)

    # ------------------------------------------------------------------ actions

    def _dialog(self, existing: cat.ProcedureView | None) -> ProcedureDialog:
        return ProcedureDialog(self.ctx, self.fields, existing, self.hours_per_day, self)

    def add(self) -> None:
        dlg = self._dialog(None)
        if dlg.exec() and dlg.saved:
            self.reload_fields_then_select(dlg.saved.id)

    def edit(self) -> None:
        if self.current is None or not self.edit_btn.isEnabled():
            return
        dlg = self._dialog(self.current)
        if dlg.exec() and dlg.saved:
            self.reload_fields_then_select(dlg.saved.id)

    def _catalogue_changed(self) -> None:
        """Tell the other pages (intake) that the catalogue changed."""
        self.ctx.events.sig_catalogue_changed.emit()

    def reload_fields_then_select(self, procedure_id: int) -> None:
        self._catalogue_changed()
        self._pending_select = procedure_id
        self.ctx.runner.submit(
            self._load_fields, self.ctx.db,
            on_done=lambda r: (self._fields_loaded(r), self.reload(procedure_id)),
            on_error=self._failed,
        )  # fmt: skip

    def retire(self) -> None:
        v = self.current
        if v is None or not self.retire_btn.isEnabled():
            return
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Ngừng áp dụng thủ tục"),
            self.tr("Lý do ngừng áp dụng thủ tục {code} (ví dụ: bãi bỏ theo Quyết định số …):")
            .format(code=v.code),
        )  # fmt: skip
        if not ok:
            return
        self.retire_with_reason(reason)

    def retire_with_reason(self, reason: str) -> None:
        if self.current is None:
            return
        self.error.clear_error()
        self.ctx.runner.submit(
            cat.retire_procedure, self.ctx.db, self.ctx.actor, self.current.id, reason,
            on_done=lambda _v: (self.reload_fields(), self._catalogue_changed()),
            on_error=self._failed,
        )  # fmt: skip

    def confirm(self) -> None:
        """The shipped procedure was checked against the province's decision: keep it."""
        if self.current is None or not self.confirm_btn.isEnabled():
            return
        self.ctx.runner.submit(
            cat.confirm_procedure, self.ctx.db, self.ctx.actor, self.current.id,
            on_done=lambda v: self.reload_fields_then_select(v.id), on_error=self._failed,
        )  # fmt: skip

    def restore(self) -> None:
        if self.current is None:
            return
        self.ctx.runner.submit(
            cat.restore_procedure, self.ctx.db, self.ctx.actor, self.current.id,
            on_done=lambda v: self.reload_fields_then_select(v.id), on_error=self._failed,
        )  # fmt: skip

    def add_field(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("Thêm lĩnh vực"), self.tr("Tên lĩnh vực (ví dụ: Hộ tịch):")
        )
        if ok:
            self.ctx.runner.submit(
                cat.create_field, self.ctx.db, self.ctx.actor, name,
                on_done=lambda _f: self.reload_fields(), on_error=self._failed,
            )  # fmt: skip

    def open_import(self) -> ImportDialog:
        dlg = ImportDialog(self.ctx, self)
        dlg.finished.connect(lambda _r: self.reload_fields())
        dlg.open()
        return dlg

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Xuất danh mục"), "danh-muc-thu-tuc.xlsx", self.tr("Excel (*.xlsx)")
        )
        if path:
            self.ctx.runner.submit(
                ci.export_catalogue, self.ctx.db, path, lane="files",
                on_done=lambda n: QMessageBox.information(
                    self, self.tr("Xuất danh mục"),
                    self.tr("Đã xuất {n} thủ tục ra tệp {path}.").format(n=n, path=path),
                ),
                on_error=lambda e: show_error(self, e),
            )  # fmt: skip

    def save_template(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Lưu mẫu nhập"), "mau-nhap-danh-muc.xlsx", self.tr("Excel (*.xlsx)")
        )
        if path:
            self.ctx.runner.submit(
                ci.write_template, path, lane="files", on_error=lambda e: show_error(self, e)
            )
