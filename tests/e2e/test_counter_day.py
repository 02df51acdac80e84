"""A dossier's whole life at the counter, driven through the windows by keyboard as the clerk,
the officer and the leader would: intake → receipt (printed through the printer dialog to a PDF printer) → handover → supplement
asked (form 02) → supplement received (new receipt) → result → return → rating → the 766 page,
whose drill-down opens the dossier. Each step checks what the user sees: the widgets' text and
the printed PDFs read back. (First run and accounts: tests/accounts/test_e2e_accounts.py;
catalogue import: tests/accounts/test_e2e_catalogue.py; feedback received, answered, posted:
tests/accounts/test_e2e_feedback.py.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from tests.support.keyboard import Keyboard, activate
from tthc_desk.ui import dossier_dialog
from tthc_desk.ui.dossier_dialog import ActionDialog, DossierDialog
from tthc_desk.ui.dossiers_page import DossiersPage
from tthc_desk.ui.index766_page import Index766Page
from tthc_desk.ui.intake_page import IntakePage

CTRL = Qt.KeyboardModifier.ControlModifier
ENTER = Qt.Key.Key_Return
TAB = Qt.Key.Key_Tab


def printed(qtbot, source, action: Callable[[], None]) -> Path:  # type: ignore[no-untyped-def]
    """The print step: do ``action`` and wait for the form it prints (``source.sig_printed``,
    the app's own print path writing the PDF); returns the PDF's path."""
    paths: list[Path] = []
    source.sig_printed.connect(paths.append)
    try:
        action()
        qtbot.waitUntil(lambda: bool(paths), timeout=30_000)
    finally:
        source.sig_printed.disconnect(paths.append)
    assert paths[-1].exists()
    return paths[-1]


def through_print_dialog(qtbot, kb: Keyboard, output: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """When the printer dialog opens (Qt's own, modal): the file of the PDF printer ("Print to
    File (PDF)", the only printer here) typed in its name field, Enter prints. The returned
    list gets the printer's name once done (assert on it: a dialog that never opened fails)."""
    seen: list[str] = []

    def attempt(tries: int = 0) -> None:
        dlg = QApplication.activeModalWidget()
        if isinstance(dlg, QPrintDialog) and dlg.isVisible():
            printers = dlg.findChild(object, "printers")
            seen.append(printers.currentText() if printers is not None else "")
            activate(qtbot, dlg)
            name = dlg.findChild(QLineEdit, "filename")
            name.setFocus()
            kb.key(Qt.Key.Key_A, CTRL)
            kb.type(str(output))
            kb.key(ENTER)
            if dlg.isVisible():  # not accepted: do not leave the test waiting on it
                dlg.reject()
        elif tries < 1000:
            QTimer.singleShot(10, lambda: attempt(tries + 1))

    QTimer.singleShot(0, attempt)
    return seen


def pdf_text(path: Path) -> str:
    """The PDF's text, white space collapsed (lines wrap where the layout wants)."""
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(path).pages).split())


def open_dossier(qtbot, kb: Keyboard, win, clock, code: str) -> DossierDialog:  # type: ignore[no-untyped-def]
    """Ctrl+2 (the board), Ctrl+F, the code, Enter; Tab into the table, Enter opens it."""
    kb.key(Qt.Key.Key_2, CTRL)
    board = win.pages["dossiers"]
    assert isinstance(board, DossiersPage)
    board.now = clock
    kb.key(Qt.Key.Key_F, CTRL)
    assert board.search.hasFocus()
    kb.key(Qt.Key.Key_A, CTRL)
    kb.type(code)
    kb.key(ENTER)
    assert board.model.rowCount() == 1, board.summary.text()
    board.table.setFocus()  # Tab from the search goes through the filters; the table is next
    kb.key(Qt.Key.Key_Home)
    kb.key(ENTER)
    dlg = board.dialog
    assert isinstance(dlg, DossierDialog) and dlg.view is not None
    assert dlg.view.code == code
    activate(qtbot, dlg)
    return dlg


def press(qtbot, kb: Keyboard, dlg: DossierDialog, action: str) -> ActionDialog:  # type: ignore[no-untyped-def]
    """Tab to the action's button and press Space; the action's dialog opens, active."""
    button = dlg.buttons[action]
    assert isinstance(button, QPushButton)
    qtbot.waitUntil(button.isVisible)  # buttons rebuilt after an action show on the next loop
    activate(qtbot, dlg)
    button.setFocus()
    kb.key(Qt.Key.Key_Space)
    a = dlg.action_dialog
    assert a is not None and a.action == action
    activate(qtbot, a)
    return a


def test_a_dossier_from_intake_to_rating(qtbot, sign_in, clock, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    kb = Keyboard(qtbot)

    # ---------------------------------------------------------------- the clerk receives it
    win = sign_in("canbo1")
    page = win.pages["intake"]
    assert isinstance(page, IntakePage)
    page.now = clock
    assert page.proc_search.hasFocus()  # the page opens ready for the procedure
    kb.type("tinh trang hon nhan")
    kb.key(ENTER)
    assert page.procedure is not None and page.procedure.code == "1.004873"
    assert page.personal_id.hasFocus()
    kb.type("030085001234")
    kb.key(ENTER)
    assert page.full_name.hasFocus() and page.applicant_note.text() == "Người nộp mới."
    kb.type("Nguyễn Văn Đức")
    kb.key(TAB)
    kb.type("12/05/1985")
    kb.key(TAB, times=2)  # past the sex (Giới tính), left empty
    kb.type("Thôn Đông, xã An Sơn")
    kb.key(TAB)
    kb.type("0912345678")
    ticked = [
        page.documents.item(i).text()
        for i in range(page.documents.count())
        if page.documents.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert len(ticked) == 1 and ticked[0].startswith("Tờ khai cấp Giấy xác nhận")
    # Enter saves, writes the receipt and asks which printer: the PDF printer, to a file
    monkeypatch.setattr(dossier_dialog, "OPEN_PRINTS", True)
    on_paper = tmp_path / "may-in-pdf.pdf"
    dialog_seen = through_print_dialog(qtbot, kb, on_paper)
    receipt = printed(qtbot, page, lambda: kb.key(ENTER))
    monkeypatch.setattr(dossier_dialog, "OPEN_PRINTS", False)
    # Qt's PDF printer ("Print to File (PDF)", "In ra tệp (PDF)" with Qt's Vietnamese)
    assert len(dialog_seen) == 1 and dialog_seen[0].endswith("(PDF)")
    assert page.error.isHidden(), page.error.text()
    # what the printer got: every page of the receipt, on A4 (pages painted as images)
    qtbot.waitUntil(lambda: on_paper.exists() and on_paper.stat().st_size > 0, timeout=30_000)
    sent = PdfReader(on_paper).pages
    assert len(sent) == len(PdfReader(receipt).pages)
    assert [round(float(x)) for x in sent[0].mediabox[2:]] == [595, 842]
    activate(qtbot, win)  # back from the printer dialog: the counter is ready for the next
    assert page.proc_search.hasFocus()
    code = page.last_result.dossier.code
    assert code == "XANSON-260302-0001"
    assert code in page.status.text() and "08:30 05/03/2026" in page.status.text()
    text = pdf_text(receipt)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert code in text and "Nguyễn Văn Đức" in text
    assert "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân" in text
    assert "ly hôn" not in text and "ủy quyền" not in text  # only what was received

    # ---------------------------------------------------------------- handed to the officer
    clock.set(datetime(2026, 3, 2, 9, 0))
    dlg = open_dossier(qtbot, kb, win, clock, code)
    a = press(qtbot, kb, dlg, "handover")
    assert a.officer.currentText().startswith("Lê Văn Tư")  # the next step is the officer's
    kb.key(ENTER)
    assert not a.isVisible(), a.error.text()
    assert "Lê Văn Tư" in dlg.steps.item(1, 1).text()
    dlg.close()

    # ---------------------------------------------------------------- the officer asks for more
    win = sign_in("congchuc1")
    clock.set(datetime(2026, 3, 3, 10, 0))
    dlg = open_dossier(qtbot, kb, win, clock, code)
    a = press(qtbot, kb, dlg, "supplement_requested")
    assert a.items.name.hasFocus()  # the dialog opens on the first document's name
    kb.type("Trích lục ghi chú ly hôn")
    kb.key(TAB, times=2)
    kb.type("1")  # one certified copy
    kb.key(TAB, times=2)
    kb.type("Bản sao có chứng thực của Sở Tư pháp")
    kb.key(ENTER)
    kb.type("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân")
    kb.key(TAB)
    kb.type("1")
    kb.key(TAB, times=3)
    kb.type("Ghi rõ mục đích sử dụng")
    kb.key(ENTER)
    a.reason.setFocus()
    kb.type("Người yêu cầu đã ly hôn ở nước ngoài")
    form02 = printed(qtbot, dlg, lambda: kb.key(ENTER, CTRL))
    assert not a.isVisible(), a.error.text()
    assert "Chờ bổ sung" in dlg.header.text()
    text = pdf_text(form02)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Trích lục ghi chú ly hôn 01 Bản sao có chứng thực của Sở Tư pháp" in text
    assert "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân 01 Ghi rõ mục đích sử dụng" in text
    assert "Người yêu cầu đã ly hôn ở nước ngoài" in text
    dlg.close()

    # ---------------------------------------------------------------- the clerk gets it back
    win = sign_in("canbo1")
    clock.set(datetime(2026, 3, 5, 14, 0))
    dlg = open_dossier(qtbot, kb, win, clock, code)
    a = press(qtbot, kb, dlg, "supplement_received")
    assert a.brought is not None and a.brought.list.count() == 2
    receipt2 = printed(qtbot, dlg, lambda: kb.key(ENTER, CTRL))
    assert not a.isVisible(), a.error.text()
    text = pdf_text(receipt2)
    assert "Trích lục ghi chú ly hôn" in text  # what was brought is on the new receipt
    # two copies (Liên 1, Liên 2), each with the first form and the completed one
    assert text.count("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân") == 4
    # received again now (the appointment after a supplement is the deadlines' business)
    assert "14 giờ 00 phút, ngày 05/03/2026" in text
    documents = [dlg.documents.item(i, 0).text() for i in range(dlg.documents.rowCount())]
    assert "Trích lục ghi chú ly hôn" in documents

    # the steps start again; the officer who examined it before is offered
    a = press(qtbot, kb, dlg, "handover")
    assert a.officer.currentText().startswith("Lê Văn Tư")
    kb.key(ENTER)
    dlg.close()

    # ---------------------------------------------------------------- officer → leader → counter
    win = sign_in("congchuc1")
    clock.set(datetime(2026, 3, 6, 10, 0))
    dlg = open_dossier(qtbot, kb, win, clock, code)
    a = press(qtbot, kb, dlg, "handover")
    assert a.officer.currentText().startswith("Nguyễn Đức Ngọc")  # the leader signs
    kb.key(ENTER)
    dlg.close()
    win = sign_in("chutich")
    clock.set(datetime(2026, 3, 6, 15, 0))
    dlg = open_dossier(qtbot, kb, win, clock, code)
    a = press(qtbot, kb, dlg, "handover")
    assert a.officer.currentText().startswith("Nguyễn Thị Hoa")  # back to the counter
    kb.key(ENTER)
    dlg.close()

    # ---------------------------------------------------------------- result, return, rating
    win = sign_in("canbo1")
    clock.set(datetime(2026, 3, 9, 8, 0))
    dlg = open_dossier(qtbot, kb, win, clock, code)
    a = press(qtbot, kb, dlg, "result_ready")
    kb.key(ENTER, CTRL)
    assert not a.isVisible(), a.error.text()
    # the law's rule (resume): the time the applicant had is added, so the due time moved to
    # 10:30 on 9/3 and a result that morning is on time (same day, not after the deadline)
    assert "Hạn trả:</b> 10:30 09/03/2026" in dlg.header.text()
    assert "Đúng hạn" in dlg.header.text()
    clock.set(datetime(2026, 3, 9, 9, 0))
    a = press(qtbot, kb, dlg, "returned")
    assert a.collected_by.text() == "Nguyễn Văn Đức"
    kb.key(ENTER)
    assert not a.isVisible(), a.error.text()
    assert "Đã trả kết quả:</b> 09:00 09/03/2026 cho Nguyễn Văn Đức" in dlg.header.text()
    a = press(qtbot, kb, dlg, "rate")
    assert a.level.hasFocus()
    kb.key(ENTER)  # nothing chosen yet: refused
    assert a.isVisible() and a.error.text() == "Hãy chọn mức độ hài lòng."
    kb.type("R")  # "Rất hài lòng"
    kb.key(ENTER)
    assert not a.isVisible(), a.error.text()
    assert "Đánh giá của người nộp:</b> Rất hài lòng" in dlg.header.text()
    assert QApplication.activeModalWidget() in (None, dlg)

    # ---------------------------------------------------------------- the 766 page, drill-down
    # The leader opens Chỉ số 766 (Ctrl+7) for March: the dossier sent back once for a
    # supplement is listed under that rule; Enter on it opens the dossier window.
    win = sign_in("chutich")
    kb.key(Qt.Key.Key_7, CTRL)
    index = win.pages["index766"]
    assert isinstance(index, Index766Page) and win.stack.currentWidget() is index
    index.now = clock
    index.set_period(date(2026, 3, 1), date(2026, 3, 31))
    assert index.estimate is not None and "supplements" in index.estimate.losing_keys
    index.criteria.setFocus()
    kb.key(Qt.Key.Key_Home, CTRL)
    while index.selected_key() != "supplements":
        before = index.selected_key()
        kb.key(Qt.Key.Key_Down)
        assert index.selected_key() != before, "the rule is not listed"
    assert index.lost.rowCount() == 1
    assert index.lost.item(0, 0).text() == code
    assert index.lost.item(0, 1).text() == "Trả lại để bổ sung (số lần): 1"
    assert "1 trường hợp làm mất điểm" in index.lost_title.text()
    index.lost.setFocus()
    kb.key(Qt.Key.Key_Home)
    kb.key(ENTER)
    opened = index.dialog
    assert isinstance(opened, DossierDialog) and opened.isVisible()
    assert opened.view is not None and opened.view.code == code
    assert f"{code} — Đã trả kết quả · Đúng hạn" in opened.header.text()
    assert "Nguyễn Văn Đức" in opened.header.text()
    opened.close()
