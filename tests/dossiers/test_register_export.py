"""Issue 14: the register streams into its file (PDF or XLSX) with progress and Cancel, and
the board's "Xuất sổ theo dõi…" dialog exports it off the UI thread."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt

from tests.dossiers.test_gui_life import make_ctx
from tthc_desk.domain.errors import AppError
from tthc_desk.services import intake, registers
from tthc_desk.ui.dossiers_page import DossiersPage


class Task:
    def __init__(self, cancel: bool = False) -> None:
        self.steps: list[tuple[int, int]] = []
        self.cancel = cancel

    def progress(self, done: int, total: int) -> None:
        self.steps.append((done, total))

    def check(self) -> None:
        if self.cancel:
            raise AppError("task.cancelled")


@pytest.fixture
def three(office_db, users, procs, clock, build):  # type: ignore[no-untyped-def]
    clerk = users["canbo1"].actor
    codes = []
    for which in ("marriage", "birth", "residence"):
        cmd = build.intake(getattr(procs, which))
        codes.append(intake.receive_dossier(office_db, clerk, cmd, now=clock).dossier.code)
    return codes


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_register_streams_with_progress(office_db, three, tmp_path, suffix) -> None:
    task = Task()
    out = tmp_path / f"07{suffix}"
    summary = registers.export_register(
        office_db, date(2026, 3, 1), date(2026, 3, 31), out, task=task
    )
    assert summary.lines == 3 and task.steps[-1] == (3, 3)
    if suffix == ".pdf":
        text = " ".join(p.extract_text() for p in PdfReader(str(out)).pages)
        assert all(code in text for code in three)
    else:
        ws = openpyxl.load_workbook(out).active
        assert [ws.cell(row=r, column=2).value for r in (6, 7, 8)] == three
        assert ws.freeze_panes == "C6" and "A3:M3" in [str(m) for m in ws.merged_cells.ranges]


def test_cancelled_export_leaves_no_file(office_db, three, tmp_path) -> None:
    out = tmp_path / "07.pdf"
    with pytest.raises(AppError) as caught:
        registers.export_register(
            office_db, date(2026, 3, 1), date(2026, 3, 31), out, task=Task(cancel=True)
        )
    assert caught.value.code == "task.cancelled" and not out.exists()


def test_board_exports_the_register_through_its_dialog(
    qtbot, office_db, users, three, tmp_path
) -> None:
    ctx = make_ctx(office_db, users)
    page = DossiersPage(ctx)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.register_button, Qt.MouseButton.LeftButton)
    dialog = page.register_dialog
    dialog.date_from.setDate(QDate(2026, 3, 1))
    dialog.date_to.setDate(QDate(2026, 3, 31))
    dialog.format.setCurrentIndex(1)  # Excel
    assert dialog.suggested_path().name == "so-theo-doi-20260301-20260331.xlsx"
    dialog.export_to(tmp_path / "so.xlsx")
    assert dialog.status.text() == "Đã xuất 3 hồ sơ vào tệp so.xlsx."
    assert (tmp_path / "so.xlsx").exists()
