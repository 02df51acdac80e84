"""Settings → Personal data retention (administrator): the period, a dry-run report
("Xem trước") and the anonymisation after a confirmation (Decree 13/2023/NĐ-CP)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.enums import Role
from tthc_desk.services import retention
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.messages import describe


class RetentionPanel(QWidget):
    """How many years personal data is kept after a citizen's last dossier ended; preview.

    One row of the "Chung" group (the page fits a 768 px high screen); the status line below
    it shows only when there is something to say."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retentionPanel")
        self.ctx = ctx
        is_admin = ctx.user.role is Role.ADMIN
        self.years = QSpinBox(objectName="retentionYears")
        self.years.setRange(retention.MIN_YEARS, retention.MAX_YEARS)
        self.years.setValue(retention.DEFAULT_YEARS)
        self.years.setSuffix(self.tr(" năm"))
        self.years.setMaximumWidth(100)
        self.setToolTip(
            self.tr(
                "Sau thời hạn này kể từ khi hồ sơ cuối cùng của công dân kết thúc, họ tên, số "
                "định danh, điện thoại và địa chỉ được ẩn danh; hồ sơ và tệp vẫn được giữ theo "
                "pháp luật về lưu trữ (Nghị định 13/2023/NĐ-CP, Luật Lưu trữ 2024)."
            )
            if is_admin
            else self.tr("Chỉ quản trị viên được xem và ẩn danh hóa.")
        )
        self.save_btn = QPushButton(self.tr("Lưu"), objectName="retentionSave")
        self.preview_btn = QPushButton(self.tr("Xem trước…"), objectName="retentionPreview")
        self.status = QLabel(objectName="retentionStatus")
        self.status.setWordWrap(True)
        self.status.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.years)
        row.addWidget(self.save_btn)
        row.addWidget(self.preview_btn)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.status)
        for w in (self.years, self.save_btn, self.preview_btn):
            w.setEnabled(is_admin)
        self.save_btn.clicked.connect(self._save)
        self.preview_btn.clicked.connect(self._preview)
        self.dialog: RetentionDialog | None = None
        ctx.runner.submit(retention.retention_years, ctx.db, on_done=self.years.setValue)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _error(self, exc: BaseException) -> None:
        self._say(describe(exc))

    def _save(self) -> None:
        def done(years: int) -> None:
            self._say(self.tr("Đã lưu thời hạn {years} năm.").format(years=years))

        self.ctx.runner.submit(
            retention.set_retention_years,
            self.ctx.db,
            self.ctx.actor,
            self.years.value(),
            on_done=done,
            on_error=self._error,
        )

    def _preview(self) -> None:
        self._say(self.tr("Đang lập báo cáo…"))

        def done(plan: retention.RetentionPlan) -> None:
            self._say("")
            self.dialog = RetentionDialog(self.ctx, plan, self)
            self.dialog.sig_applied.connect(self._applied)
            self.dialog.open()

        self.ctx.runner.submit(
            retention.plan, self.ctx.db, self.ctx.actor, on_done=done, on_error=self._error
        )

    def _applied(self, result: retention.RetentionResult) -> None:
        self._say(
            self.tr("Đã ẩn danh {n} người nộp và {f} phản ánh; đã ghi nhật ký.").format(
                n=result.anonymised, f=result.plan.feedback
            )
        )


class RetentionDialog(QDialog):
    """The dry-run report; "Ẩn danh hóa" after a confirmation, off the UI thread."""

    sig_applied = Signal(object)
    """The anonymisation was done (the ``RetentionResult``)."""

    def __init__(
        self, ctx: AppContext, plan: retention.RetentionPlan, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("retentionDialog")
        self.setWindowTitle(self.tr("Xem trước ẩn danh hóa dữ liệu cá nhân"))
        self.ctx = ctx
        self.plan = plan
        self.report = QLabel(objectName="retentionReport")
        self.report.setWordWrap(True)
        self.report.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_btn = QPushButton(self.tr("Ẩn danh hóa"), objectName="retentionApply")
        self.apply_btn.setAutoDefault(False)  # Enter closes; anonymising always takes a click
        self.buttons.addButton(self.apply_btn, QDialogButtonBox.ButtonRole.ActionRole)
        self.apply_btn.setEnabled(not plan.empty)
        lay = QVBoxLayout(self)
        lay.addWidget(self.report, 1)
        lay.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.apply_btn.clicked.connect(self._apply)
        self.report.setText(self._describe(plan))
        self.resize(640, 380)

    def _describe(self, p: retention.RetentionPlan) -> str:
        lines = [
            self.tr(
                "Thời hạn {years} năm: dữ liệu cá nhân của công dân có hồ sơ cuối cùng kết thúc "
                "trước ngày {cutoff}."
            ).format(years=p.years, cutoff=p.cutoff.strftime("%d/%m/%Y")),
            self.tr("Người nộp sẽ được ẩn danh: {n} (trong đó {w} người không có hồ sơ)").format(
                n=p.applicants, w=p.applicants_without_dossier
            ),
            self.tr("Hồ sơ của họ (giữ lại, chỉ ẩn thông tin cá nhân): {n}").format(n=p.dossiers),
            self.tr("Phản ánh, kiến nghị đã đóng: {n}").format(n=p.feedback),
            self.tr("Tài liệu số hóa (bỏ chữ nhận dạng, giữ tệp trong kho): {n}").format(
                n=p.documents
            ),
            self.tr("Dòng danh sách của tỉnh: {n}").format(n=p.province_records),
            self.tr(
                "Giữ lại: {o} người có hồ sơ đang giải quyết hoặc còn trong thời hạn; {f} người "
                "có phản ánh chưa xong."
            ).format(o=p.kept_open, f=p.kept_feedback),
        ]
        if p.oldest:
            lines.append(
                self.tr("Hồ sơ cũ nhất: {list}").format(
                    list=", ".join(f"{o.code} ({o.ended:%d/%m/%Y})" for o in p.oldest)
                )
            )
        if p.empty:
            lines.append(self.tr("Không có dữ liệu nào quá thời hạn."))
        else:
            lines.append(self.tr("Chưa thay đổi gì. Bấm «Ẩn danh hóa» để thực hiện."))
        return "\n".join(lines)

    def _apply(self) -> None:
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            self.tr(
                "Ẩn danh hóa vĩnh viễn dữ liệu cá nhân của {n} người nộp? Không thể hoàn tác "
                "(trừ khi khôi phục từ bản sao lưu)."
            ).format(n=self.plan.applicants),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.apply_btn.setEnabled(False)
        self.report.setText(self.tr("Đang ẩn danh hóa…"))

        def done(result: retention.RetentionResult) -> None:
            self.report.setText(
                self.tr("Đã ẩn danh {n} người nộp và {f} phản ánh; đã ghi nhật ký.").format(
                    n=result.anonymised, f=result.plan.feedback
                )
            )
            self.sig_applied.emit(result)

        def failed(exc: BaseException) -> None:
            self.report.setText(describe(exc))

        self.ctx.runner.submit(
            retention.apply, self.ctx.db, self.ctx.actor, on_done=done, on_error=failed
        )
