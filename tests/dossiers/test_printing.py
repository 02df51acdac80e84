"""Issue 9 points 2 and 5: printing off the UI thread at 300 dpi with progress and Cancel, the
spooler route, and reprints that keep earlier copies and show in the dossier's history."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLineEdit

from tests.dossiers.test_gui_life import make_ctx
from tthc_desk.adapters import printer as spooler
from tthc_desk.domain.errors import AppError
from tthc_desk.services import intake, registers
from tthc_desk.ui import dossier_dialog, printing
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.tasks import TaskRunner


@pytest.fixture
def received(office_db, users, procs, clock, build):  # type: ignore[no-untyped-def]
    clerk = users["canbo1"].actor
    return intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock).dossier


@pytest.fixture
def receipt_pdf(office_db, received, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    return registers.print_form(office_db, received.id, "receipt", tmp_path / "01.pdf")


def pdf_printer(path: Path) -> QPrinter:
    """The counter's "print to PDF" printer, at Qt's high resolution (1200 dpi)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def image_widths(path: Path) -> list[int]:
    widths = []
    for page in PdfReader(str(path)).pages:
        for image in page.images:
            widths.append(image.image.width)
    return widths


class FakeTask:
    """The runner's task context: records progress, cancels after ``cancel_after`` pages."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.steps: list[tuple[int, int]] = []
        self.cancel_after = cancel_after

    def progress(self, done: int, total: int) -> None:
        self.steps.append((done, total))

    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.steps) >= self.cancel_after

    def check(self) -> None:
        if self.cancelled():
            raise AppError("task.cancelled")


def test_print_renders_at_300_dpi_not_the_printers_1200(qapp, receipt_pdf, tmp_path) -> None:
    out = tmp_path / "printed.pdf"
    task = FakeTask()
    pages = printing.print_pdf(receipt_pdf, pdf_printer(out), task=task)
    assert pages == 2 and len(PdfReader(str(out)).pages) == 2
    widths = image_widths(out)
    # A4 at 300 dpi is 2481 px wide (less the printer's margins); 1200 dpi was 9922 px
    assert widths and all(2300 <= w <= 2481 for w in widths), widths
    assert task.steps == [(1, 2), (2, 2)]


def test_cancel_stops_between_pages(qapp, receipt_pdf, tmp_path) -> None:
    task = FakeTask(cancel_after=1)
    with pytest.raises(AppError) as caught:
        printing.print_pdf(receipt_pdf, pdf_printer(tmp_path / "x.pdf"), task=task)
    assert caught.value.code == "task.cancelled"
    assert task.steps == [(1, 2)]


def test_a_pdf_printer_is_rasterised_a_real_one_goes_to_the_spooler(qapp, monkeypatch) -> None:
    assert printing.spool_job("a.pdf", pdf_printer(Path("/tmp/never.pdf"))) is None

    class NativePrinter:  # what the print dialog hands back for a CUPS printer
        def outputFormat(self):  # noqa: N802 - Qt's name
            return QPrinter.OutputFormat.NativeFormat

        def printerName(self) -> str:  # noqa: N802
            return "HP_LaserJet"

        def copyCount(self) -> int:  # noqa: N802
            return 1

        def fromPage(self) -> int:  # noqa: N802
            return 0

        def toPage(self) -> int:  # noqa: N802
            return 0

        def docName(self) -> str:  # noqa: N802
            return ""

    monkeypatch.setattr(spooler, "spooler_available", lambda: True)
    job = printing.spool_job("/data/01.pdf", NativePrinter())  # type: ignore[arg-type]
    assert job is not None
    assert spooler.lp_command(job)[:5] == ["lp", "-d", "HP_LaserJet", "-n", "1"]
    assert spooler.lp_command(job)[-1] == "/data/01.pdf"


def test_lp_command_with_copies_and_pages() -> None:
    job = spooler.SpoolJob(Path("/x/a.pdf"), "P1", copies=2, first_page=2, last_page=3, title="A")
    assert spooler.lp_command(job) == [
        "lp", "-d", "P1", "-n", "2", "-P", "2-3", "-t", "A", "/x/a.pdf",
    ]  # fmt: skip


def test_printing_runs_off_the_ui_thread_and_typing_goes_on(
    qtbot, office_db, users, receipt_pdf, tmp_path
) -> None:
    from tthc_desk.services import auth

    runner = TaskRunner()
    ctx = AppContext(
        db=office_db, runner=runner, user=users["canbo1"], office=auth.get_office(office_db)
    )
    edit = QLineEdit()
    qtbot.addWidget(edit)
    done: list[int] = []
    out = tmp_path / "printed.pdf"
    handle = printing.start_print(ctx, receipt_pdf, pdf_printer(out), edit, on_done=done.append)
    qtbot.keyClicks(edit, "Nguyen Van")  # the window takes keys while the job runs
    assert edit.text() == "Nguyen Van"
    qtbot.waitUntil(lambda: bool(done), timeout=30000)
    assert handle.done and done == [2]
    assert len(PdfReader(str(out)).pages) == 2


def test_reprints_keep_earlier_copies_and_the_history_says_so(
    office_db, users, received, tmp_path
) -> None:
    clerk = users["canbo1"].actor
    folder = tmp_path / "printouts"
    first = registers.print_copy(office_db, clerk, received.id, "receipt", folder)
    first_bytes = first.read_bytes()
    second = registers.print_copy(office_db, clerk, received.id, "receipt", folder)
    third = registers.print_copy(office_db, clerk, received.id, "control", folder)
    assert first.name == f"{received.code}-receipt.pdf"
    assert second.name == f"{received.code}-receipt-2.pdf"
    assert third.name == f"{received.code}-control.pdf"
    assert first.read_bytes() == first_bytes, "the first copy was overwritten"
    from tthc_desk.services import dossiers as ds

    view = ds.get_dossier(office_db, received.id)
    printed = [e for e in view.events if e.kind == "printed"]
    assert [(e.data["form"], e.data["file"]) for e in printed] == [
        ("receipt", first.name),
        ("receipt", second.name),
        ("control", third.name),
    ]
    assert all(e.user_name == "Nguyễn Thị Hoa" for e in printed)


def test_dossier_window_history_lists_each_print(
    qtbot, office_db, users, received, monkeypatch
) -> None:
    monkeypatch.setattr(dossier_dialog, "OPEN_PRINTS", False)
    ctx = make_ctx(office_db, users)
    dlg = dossier_dialog.DossierDialog(ctx, received.id)
    qtbot.addWidget(dlg)
    printed: list[Path] = []
    dlg.sig_printed.connect(printed.append)
    dlg.print("receipt")
    dlg.print("receipt")
    assert [p.name for p in printed] == [
        f"{received.code}-receipt.pdf",
        f"{received.code}-receipt-2.pdf",
    ]
    rows = [
        [dlg.events.item(r, c).text() for c in range(dlg.events.columnCount())]
        for r in range(dlg.events.rowCount())
    ]
    prints = [r for r in rows if r[1] == "In giấy tờ"]
    assert len(prints) == 2
    assert prints[1][3] == f"Giấy tiếp nhận (mẫu 01) — tệp {received.code}-receipt-2.pdf"
    assert prints[1][2] == "Nguyễn Thị Hoa"
