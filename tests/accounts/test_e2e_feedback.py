"""End to end through the windows: a feedback item is received, answered, its written answer
printed (the letter read back with pypdf), the results sheet printed for the board, and only
then is the item shown "Đã công khai"."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from tests.accounts.gui import type_text
from tthc_desk.persistence.db import Database
from tthc_desk.services import feedback as fbs
from tthc_desk.ui import feedback_page
from tthc_desk.ui.feedback_dialogs import AnswerDialog, ReceiveDialog, SheetDialog
from tthc_desk.ui.main_window import MainWindow


def pdf_text(path: Path | str) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_feedback_received_answered_letter_and_posted(
    qtbot, office_db: Database, make_ctx, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(feedback_page, "OPEN_PRINTS", False)  # no printer dialog in the test
    window = MainWindow(make_ctx("canbo1"))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    # Ctrl+5: Phản ánh kiến nghị; Ctrl+N: receive an item.
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    page = window.pages["feedback"]
    assert page.isAncestorOf(window.focusWidget())
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dlg = page.last_dialog
    assert isinstance(dlg, ReceiveDialog)
    qtbot.waitUntil(dlg.isActiveWindow)
    dlg.sender.setFocus()
    type_text(qtbot, dlg.sender, "Phạm Văn Bình")
    dlg.contact.setFocus()
    qtbot.keyClicks(dlg.contact, "0912 111 222")
    dlg.content.setFocus()
    type_text(qtbot, dlg.content, "Đề nghị bố trí ghế chờ tại Bộ phận Một cửa")
    qtbot.keyClick(dlg.content, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dlg.isVisible(), dlg.error.text()
    v = page.current_view
    assert v is not None and v.state == "received"
    assert not page.letter_btn.isVisible()  # nothing to write before the answer

    # Answer it: Tab to «Trả lời…», Space.
    answer_btn = page.action_buttons["answer"]
    answer_btn.setFocus()
    qtbot.keyClick(answer_btn, Qt.Key.Key_Space)
    ans = page.last_dialog
    assert isinstance(ans, AnswerDialog)
    qtbot.waitUntil(ans.isActiveWindow)
    ans.answer.setFocus()
    type_text(qtbot, ans.answer, "UBND xã đã bố trí thêm 10 ghế chờ từ ngày 08/12/2026.")
    qtbot.keyClick(ans.answer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not ans.isVisible()
    v = page.current_view
    assert v.state == "answered"
    assert "Đã công khai" not in page.detail.toPlainText()

    # The written answer: a letter signed by the leader, printable from the page.
    assert page.letter_btn.isVisible()
    letter = tmp_path / "tra-loi.pdf"
    page.letter_btn.setFocus()
    page.print_letter(letter)  # the button writes to printouts/; here to tmp_path
    assert "Đã lưu văn bản trả lời" in page.letter_status.text()
    text = pdf_text(letter)
    for expected in (
        "ỦY BAN NHÂN DÂN XÃ AN SƠN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        f"V/v trả lời phản ánh, kiến nghị số {v.number}",
        "Kính gửi: Phạm Văn Bình (0912 111 222)",
        "Đề nghị bố trí ghế chờ tại Bộ phận Một cửa",
        "UBND xã đã bố trí thêm 10 ghế chờ từ ngày 08/12/2026.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Đức Ngọc",  # the leader, not the clerk who printed it
        "Nơi nhận:",
    ):
        assert expected in text, expected
    assert "Nguyễn Thị Hoa" not in text
    assert fbs.get_feedback(office_db, v.id).state == "answered"  # a letter is not a posting

    # The results sheet, printed for the board: now the item is published.
    page.results_btn.setFocus()
    qtbot.keyClick(page.results_btn, Qt.Key.Key_Space)
    sheet = page.last_dialog
    assert isinstance(sheet, SheetDialog)
    assert sheet.mark.isChecked()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "bang-ket-qua.pdf"
    printer.setOutputFileName(str(printed))
    sheet.print_to(printer)
    assert "Đã ghi nhận công khai 1 phản ánh." in sheet.status.text()
    sheet.accept()
    assert printed.exists() and printed.stat().st_size > 0
    assert page.current_view.state == "published"
    assert "Đã công khai:" in page.detail.toPlainText()

    # Both name the citizen: each export is audited with who, what and how many (Decree 13/2023)
    from sqlalchemy import select

    from tthc_desk.persistence.models import AuditEntry, User

    with office_db.session() as s:
        lines = s.execute(
            select(AuditEntry.entity, User.username, AuditEntry.detail)
            .join(User, User.id == AuditEntry.user_id)
            .where(AuditEntry.action == "export")
            .order_by(AuditEntry.id)
        ).all()
    assert [(e, u, d["rows"]) for e, u, d in lines] == [
        ("feedback_letter", "canbo1", 1),
        ("feedback_results", "canbo1", 1),
    ]
