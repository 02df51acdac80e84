"""The keystroke budget of a routine dossier at the counter (issue 9): keyboard only, in the main
window, counting every key sent; the ID card's QR scan counts as one scan, not as keys.
New citizen: at most 60 keys; returning citizen: at most 15."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.support.keyboard import Keyboard
from tthc_desk.services import dossiers as ds
from tthc_desk.services import intake as intake_svc
from tthc_desk.ui.intake_page import IntakePage

#: What the chip card's QR code holds (see tests/dossiers/test_id_card_scan.py for the source).
CARD = "030085001234|142345678|Nguyễn Văn Đức|12051985|Nam|Thôn Đông, xã An Sơn, Hải Dương|15042021"
ENTER = Qt.Key.Key_Return


def _intake_page(win, clock) -> IntakePage:  # type: ignore[no-untyped-def]
    page = win.pages["intake"]
    assert isinstance(page, IntakePage)
    page.now = clock
    assert page.proc_search.hasFocus()
    return page


def _routine_dossier(qtbot, page: IntakePage, kb: Keyboard, phone: str = "") -> None:  # type: ignore[no-untyped-def]
    """The procedure by a few letters of its name, the card scanned, the phone, Enter."""
    printed: list[object] = []
    page.sig_printed.connect(printed.append)
    kb.type("hon nhan")
    kb.key(ENTER)
    assert page.procedure is not None and page.procedure.code == "1.004873"
    kb.scan(CARD)
    assert page.phone.hasFocus()
    if phone:
        kb.type(phone)
    kb.key(ENTER)
    assert page.error.isHidden(), page.error.text()
    qtbot.waitUntil(lambda: bool(printed), timeout=30_000)  # the receipt
    assert page.last_result is not None
    assert page.last_result.dossier.applicant_name == "Nguyễn Văn Đức"


def test_new_citizen_with_the_card_scan_within_60_keys(qtbot, sign_in, clock) -> None:  # type: ignore[no-untyped-def]
    page = _intake_page(sign_in("canbo1"), clock)
    kb = Keyboard(qtbot)
    _routine_dossier(qtbot, page, kb, phone="0912345678")
    assert kb.scans == 1
    print(f"new citizen: {kb.keystrokes} keystrokes and one scan")
    assert kb.keystrokes <= 60
    assert page.proc_search.hasFocus()  # ready for the next citizen


def test_returning_citizen_within_15_keys(qtbot, sign_in, clock, office) -> None:  # type: ignore[no-untyped-def]
    page = _intake_page(sign_in("canbo1"), clock)
    _routine_dossier(qtbot, page, Keyboard(qtbot), phone="0912345678")
    first = page.last_result.dossier
    ds.result_ready(office, page.ctx.actor, ds.ReasonCommand(first.id), clock)
    ds.return_result(office, page.ctx.actor, ds.ReturnCommand(first.id, "Nguyễn Văn Đức"), clock)

    kb = Keyboard(qtbot)
    _routine_dossier(qtbot, page, kb)  # found by the scan: the phone is on file
    assert kb.scans == 1
    print(f"returning citizen: {kb.keystrokes} keystrokes and one scan")
    assert kb.keystrokes <= 15
    second = page.last_result.dossier
    assert second.code != first.code and second.phone == "0912345678"
    assert intake_svc.find_applicant(office, "030085001234") is not None
