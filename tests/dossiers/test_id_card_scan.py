"""The chip ID card's QR code at intake: a 2D scanner that types as a keyboard fills the applicant
in one scan (NFC), with the ID checks as when typing; a returning citizen is found by the scan.

The line's layout (``|``-separated: personal ID | old 9-digit ID or empty | full name | date of
birth ddmmyyyy | sex | permanent address | date of issue ddmmyyyy) follows the public
descriptions of the card's QR code: Báo Bà Rịa - Vũng Tàu, 12/2022,
https://baobariavungtau.com.vn/phap-luat/202212/nguoi-dan-dung-giay-to-gi-thay-the-so-ho-khau-968058/
("Số CCCD, số CMND 9 số; họ và tên; ngày sinh; giới tính; nơi thường trú; ngày cấp CCCD") and
ICTnews, 04/2021,
https://ictnews.vietnamnet.vn/cuoc-song-so/ma-qr-tren-can-cuoc-cong-dan-ghi-nhung-thong-tin-gi-282978.html
(the old ID number, when there was one, is in the code).
"""

from __future__ import annotations

import unicodedata
from datetime import date

from PySide6.QtCore import Qt
from test_gui_life import make_ctx  # type: ignore[import-not-found]

from tests.support.keyboard import Keyboard, activate
from tthc_desk.domain.id_card_qr import find_id_card_qr, parse_id_card_qr
from tthc_desk.services import dossiers as ds
from tthc_desk.services import intake as intake_svc
from tthc_desk.ui import dossier_dialog
from tthc_desk.ui.intake_page import IntakePage

CARD = "030085001234|142345678|Nguyễn Văn Đức|12051985|Nam|Thôn Đông, xã An Sơn, Hải Dương|15042021"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ----------------------------------------------------------------------------- the line


def test_the_cards_line_is_parsed_into_the_applicants_details() -> None:
    card = parse_id_card_qr(nfd(CARD))  # a scanner may deliver decomposed letters
    assert card is not None
    assert card.personal_id == "030085001234" and card.old_id == "142345678"
    assert card.full_name == "Nguyễn Văn Đức"
    assert unicodedata.is_normalized("NFC", card.full_name)
    assert card.birth_date == date(1985, 5, 12) and card.sex == "Nam"
    assert card.address == "Thôn Đông, xã An Sơn, Hải Dương"
    assert card.issued_on == date(2021, 4, 15)


def test_a_card_without_an_old_id_and_odd_lines() -> None:
    card = parse_id_card_qr("001190004321||Trần Thị Mai|01011990|Nữ|Hà Nội|20032022")
    assert card is not None and card.old_id == "" and card.sex == "Nữ"
    assert parse_id_card_qr("31021990") is None
    assert parse_id_card_qr("xac nhan hon nhan") is None
    assert parse_id_card_qr("030085001234") is None  # typed by hand: not a scan
    bad_date = parse_id_card_qr("001190004321||Trần Thị Mai|31021990|Nữ|Hà Nội|20032022")
    assert bad_date is not None and bad_date.birth_date is None
    found = find_id_card_qr("abc" + CARD)  # typed after what the field already held
    assert found is not None and found[1:] == (3, 3 + len(CARD))


# ----------------------------------------------------------------------------- at the counter


def _page(qtbot, office_db, users, clock) -> IntakePage:  # type: ignore[no-untyped-def]
    page = IntakePage(make_ctx(office_db, users))
    page.now = clock
    qtbot.addWidget(page)
    activate(qtbot, page)
    return page


def _no_viewer(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dossier_dialog, "OPEN_PRINTS", False)


def test_one_scan_fills_a_new_applicant(qtbot, office_db, users, procs, clock, monkeypatch) -> None:
    _no_viewer(monkeypatch)
    page = _page(qtbot, office_db, users, clock)
    kb = Keyboard(qtbot)
    kb.type("xac nhan hon nhan")
    kb.key(Qt.Key.Key_Return)
    assert page.personal_id.hasFocus()
    kb.scan(nfd(CARD))
    assert page.personal_id.text() == "030085001234"
    assert page.full_name.text() == "Nguyễn Văn Đức"
    assert unicodedata.is_normalized("NFC", page.address.text())
    assert page.birth_date.text() == "12/05/1985" and page.gender.currentText() == "Nam"
    assert page.address.text() == "Thôn Đông, xã An Sơn, Hải Dương"
    assert "thẻ căn cước" in page.applicant_note.text()
    assert page.error.isHidden() and page.last_result is None  # the scanner's Enter saves nothing
    assert page.phone.hasFocus()
    kb.type("0912345678")
    kb.key(Qt.Key.Key_Return)
    assert page.error.isHidden(), page.error.text()
    d = page.last_result.dossier
    assert d.applicant_name == "Nguyễn Văn Đức" and d.personal_id == "030085001234"
    a = intake_svc.find_applicant(office_db, "030085001234")
    assert a is not None and a.gender == "Nam" and a.birth_date == date(1985, 5, 12)


def test_scanned_before_the_procedure_is_chosen(qtbot, office_db, users, procs, clock) -> None:
    page = _page(qtbot, office_db, users, clock)
    kb = Keyboard(qtbot)
    kb.type("hon")
    kb.scan(CARD)  # the card lands in the procedure search
    assert page.proc_search.text() == "hon" and page.proc_search.hasFocus()
    assert page.full_name.text() == "Nguyễn Văn Đức" and page.procedure is None
    kb.type(" nhan")
    kb.key(Qt.Key.Key_Return)  # the procedure; the applicant is there: on to the phone
    assert page.procedure is not None and page.phone.hasFocus()


def test_a_card_with_a_wrong_id_is_said_at_once(qtbot, office_db, users, procs, clock) -> None:
    page = _page(qtbot, office_db, users, clock)
    page.personal_id.setFocus()
    Keyboard(qtbot).scan(CARD.replace("030085", "099085"))
    assert not page.error.isHidden() and "099" in page.error.text()
    page.scanned = None


def test_a_scanner_without_enter(qtbot, office_db, users, procs, clock) -> None:
    page = _page(qtbot, office_db, users, clock)
    page.personal_id.setFocus()
    qtbot.keyClicks(page.personal_id, "001190004321||Tran Thi Mai|01011990|Nu|Ha Noi|20032022")
    qtbot.waitUntil(lambda: page.full_name.text() == "Tran Thi Mai", timeout=3000)
    assert page.personal_id.text() == "001190004321" and page.gender.currentText() == "Nữ"


def test_a_returning_citizen_is_found_by_the_scan(
    qtbot, office_db, users, procs, clock, build, monkeypatch
) -> None:
    _no_viewer(monkeypatch)
    first = intake_svc.receive_dossier(
        office_db,
        users["canbo1"].actor,
        build.intake(
            procs.birth,
            applicant=build.applicant(address="Xóm cũ, xã An Sơn", email="duc@example.com"),
        ),
        now=clock,
    ).dossier
    ds.result_ready(office_db, users["canbo1"].actor, ds.ReasonCommand(first.id), clock)
    page = _page(qtbot, office_db, users, clock)
    kb = Keyboard(qtbot)
    kb.type("hon nhan")
    kb.key(Qt.Key.Key_Return)
    kb.scan(CARD)
    assert page.applicant is not None and page.applicant.id is not None
    assert "đã đến trước đây" in page.applicant_note.text()
    assert page.phone.text() == "0912345678" and page.email.text() == "duc@example.com"
    assert page.address.text() == "Thôn Đông, xã An Sơn, Hải Dương"  # the card is newer
    kb.key(Qt.Key.Key_Return)
    assert page.error.isHidden(), page.error.text()
    assert kb.keystrokes == 10 and kb.scans == 1  # "hon nhan", Enter; the scan; Enter
    a = intake_svc.find_applicant(office_db, "030085001234")
    assert a is not None and a.address == "Thôn Đông, xã An Sơn, Hải Dương"


def test_a_photo_of_the_card_fills_the_applicant(qtbot, office_db, users, procs, clock, tmp_path):  # type: ignore[no-untyped-def]
    import qrcode
    from PIL import Image

    page = _page(qtbot, office_db, users, clock)
    assert page.card_image.isVisible()
    photo = tmp_path / "card.png"
    desk = Image.new("L", (800, 600), 160)
    desk.paste(qrcode.make(CARD.encode("utf-8")).get_image().convert("L").resize((300, 300)))
    desk.save(photo)
    page.read_card_image(photo)
    assert page.personal_id.text() == "030085001234"
    assert page.full_name.text() == "Nguyễn Văn Đức" and page.gender.currentText() == "Nam"
    blank = tmp_path / "blank.png"
    Image.new("L", (300, 300), 255).save(blank)
    page.read_card_image(blank)
    assert "Không thấy mã QR của thẻ căn cước" in page.error.text()
