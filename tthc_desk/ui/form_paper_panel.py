"""The paper of forms 01–05 (issue 10: "paper size per form as data, forms 01–05 on A5 if the
office chooses"): one choice per form, saved by the administrator; the register stays A4
landscape and the control sheet A4."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.domain.enums import Role
from tthc_desk.domain.errors import AppError
from tthc_desk.services import registers
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.widgets import ErrorLabel

#: The forms that may go on A5 (``reports.data.A5_FORMS``), by their number (forms.md).
FORM_TITLES: dict[str, str] = {
    "receipt": QT_TRANSLATE_NOOP("FormPaper", "Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    "supplement": QT_TRANSLATE_NOOP(
        "FormPaper", "Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
    ),
    "refusal": QT_TRANSLATE_NOOP("FormPaper", "Mẫu 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    "apology": QT_TRANSLATE_NOOP(
        "FormPaper", "Mẫu 04 – Văn bản xin lỗi và hẹn lại ngày trả kết quả"
    ),
    "stop": QT_TRANSLATE_NOOP("FormPaper", "Mẫu 05 – Thông báo dừng giải quyết hồ sơ"),
}


class FormPaperPanel(QWidget):
    """Forms 01–05 ticked for A5 (unticked: A4), in one row of the Settings page's "Chung"
    group (:attr:`label` is the row's label); only the administrator may change and save it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formPaper")
        self.label = self.tr("In khổ A5 các mẫu:")
        self.ctx = ctx
        is_admin = ctx.user.role is Role.ADMIN
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.boxes: dict[str, QCheckBox] = {}
        for n, (kind, title) in enumerate(FORM_TITLES.items(), start=1):
            box = QCheckBox(f"{n:02d}", objectName=f"paper_{kind}")
            box.setToolTip(QCoreApplication.translate("FormPaper", title))
            box.setEnabled(is_admin)
            self.boxes[kind] = box
            row.addWidget(box)
        self.save = QPushButton(self.tr("Lưu khổ giấy"), objectName="saveFormPaper")
        self.save.setToolTip(self.tr("Mẫu không đánh dấu in khổ A4; sổ theo dõi luôn in A4 ngang."))
        self.save.setEnabled(is_admin)
        self.save.clicked.connect(self._save)
        self.saved = QLabel(self.tr("Đã lưu."), objectName="formPaperSaved")
        self.saved.hide()
        row.addStretch(1)
        row.addWidget(self.save)
        row.addWidget(self.saved)
        lay.addLayout(row)
        self.error = ErrorLabel(self)
        self.error.setObjectName("formPaperError")
        lay.addWidget(self.error)
        self._shown: dict[str, str] = {}
        ctx.runner.submit(registers.form_papers, ctx.db, on_done=self._show)

    def paper(self, kind: str) -> str:
        """The paper shown for form ``kind``: ``"A5"`` when ticked, else ``"A4"``."""
        return "A5" if self.boxes[kind].isChecked() else "A4"

    def _show(self, papers: dict[str, str]) -> None:
        self._shown = dict(papers)
        for kind, box in self.boxes.items():
            box.setChecked(papers.get(kind) == "A5")

    def _save(self) -> None:
        self.error.clear_error()
        self.saved.hide()
        chosen = {kind: self.paper(kind) for kind in self.boxes}
        changed = {k: v for k, v in chosen.items() if self._shown.get(k) != v}
        self.ctx.runner.submit(
            _save_papers,
            self.ctx.db,
            self.ctx.actor,
            changed,
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, papers: dict[str, str]) -> None:
        self._show(papers)
        self.saved.show()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, AppError):
            self.error.show_error(exc)
        else:
            raise exc


def _save_papers(db, actor, changed: dict[str, str]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Worker: save each changed form's paper; the papers now in force."""
    for kind, paper in changed.items():
        registers.set_form_paper(db, actor, kind, paper)
    return registers.form_papers(db)
