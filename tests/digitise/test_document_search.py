"""Search over OCR text and titles (FTS5 on SQLite; the same service on PostgreSQL): find a
citizen's earlier document by a word inside it, with or without diacritics."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tthc_desk.adapters import pdfdocs
from tthc_desk.services import documents as docs


def test_find_a_document_by_a_word_inside_it(office_db, users, world, scan_pdf, page_image) -> None:
    if pdfdocs.find_tesseract() is None:
        pytest.skip("tesseract is not installed")
    clerk = users["canbo1"].actor
    ocrd = docs.register_document(
        office_db,
        clerk,
        docs.RegisterCommand(world.dossier_id, (scan_pdf,), title="Giấy tờ tùy thân", ocr=True),
    )
    if not ocrd.ocr:
        pytest.skip("OCR language data (tesseract-ocr-vie) is not installed")
    blank = docs.register_document(
        office_db,
        clerk,
        docs.RegisterCommand(world.dossier_id, (page_image("trang.png", ""),), ocr=True),
    )
    assert not blank.ocr  # a page OCR could not read is not flagged as OCR'd

    # a word from the scanned text, typed without diacritics, then with
    for query in ("can cuoc", "CĂN CƯỚC", "cước công"):
        found = docs.search_documents(office_db, query)
        assert [f.id for f in found] == [ocrd.id], query
    (hit,) = docs.search_documents(office_db, "nguyen thi binh", applicant=world.personal_id)
    assert hit.applicant_name == "Nguyễn Thị Bình" and world.dossier_code in hit.dossiers
    assert "THỊ BÌNH" in hit.snippet  # OCR reads the marks nearly right; search folds them
    # the title is searched too; every word must occur; other people's documents are not shown
    assert [f.id for f in docs.search_documents(office_db, "tuy than")] == [ocrd.id]
    assert docs.search_documents(office_db, "can cuoc khai tu") == []
    assert docs.search_documents(office_db, "can cuoc", applicant="001099009999") == []
    # the index is the FTS5 table kept by triggers
    with office_db.session() as s:
        if s.get_bind().dialect.name == "sqlite":
            n = s.execute(text("SELECT count(*) FROM document_fts WHERE document_fts MATCH 'cuoc'"))
            assert n.scalar() == 1


def test_search_tab_finds_by_a_word_typed_and_opens_the_dossier(
    qtbot, office_db, users, world, scan_pdf
) -> None:
    from PySide6.QtCore import Qt

    from tests.digitise.test_digitise_ui import make_ctx, make_page

    if pdfdocs.find_tesseract() is None:
        pytest.skip("tesseract is not installed")
    view = docs.register_document(
        office_db,
        users["canbo1"].actor,
        docs.RegisterCommand(world.dossier_id, (scan_pdf,), ocr=True),
    )
    if not view.ocr:
        pytest.skip("OCR language data (tesseract-ocr-vie) is not installed")
    page = make_page(qtbot, make_ctx(office_db, users))
    page.tabs.setCurrentWidget(page.search)
    qtbot.keyClicks(page.search.query, "cuoc cong dan")
    qtbot.keyClick(page.search.query, Qt.Key.Key_Return)
    assert page.search.count.text() == "Tìm thấy 1 tài liệu."
    assert page.search.table.item(0, 1).text() == "Nguyễn Thị Bình · 030190001234"
    assert page.search.table.item(0, 2).text() == world.dossier_code
    page.search.table.cellDoubleClicked.emit(0, 0)
    assert page.documents.dossier is not None and page.documents.dossier.code == world.dossier_code


def test_reuse_at_intake_filters_by_a_word_inside_the_document(
    office_db, users, world, scan_pdf, new_dossier
) -> None:
    if pdfdocs.find_tesseract() is None:
        pytest.skip("tesseract is not installed")
    clerk = users["canbo1"].actor
    cccd = docs.register_document(
        office_db,
        clerk,
        docs.RegisterCommand(world.dossier_id, (scan_pdf,), title="Tài liệu 1", ocr=True),
    )
    if not cccd.ocr:
        pytest.skip("OCR language data (tesseract-ocr-vie) is not installed")
    later_id, _code = new_dossier()
    every = docs.reusable_documents(office_db, world.personal_id, exclude_dossier_id=later_id)
    assert [d.id for d in every] == [cccd.id]
    found = docs.reusable_documents(
        office_db, world.personal_id, exclude_dossier_id=later_id, query="căn cước"
    )
    assert [d.id for d in found] == [cccd.id]
    assert docs.reusable_documents(office_db, world.personal_id, query="ho chieu") == []


def test_intake_finds_an_earlier_document_by_a_word_inside_it(
    qtbot, office_db, users, world, scan_pdf, page_image
) -> None:
    """At the counter: the returning citizen's ID brings up the earlier documents; a word typed
    in the search box that occurs only inside one document's scanned text (not in any title)
    leaves that document offered; it is ticked with the keyboard and goes into the intake."""
    from PySide6.QtCore import Qt

    from tests.digitise.test_digitise_ui import make_ctx
    from tests.support.keyboard import Keyboard, activate
    from tthc_desk.ui.intake_page import IntakePage

    if pdfdocs.find_tesseract() is None:
        pytest.skip("tesseract is not installed")
    clerk = users["canbo1"].actor
    card = docs.register_document(
        office_db,
        clerk,
        docs.RegisterCommand(world.dossier_id, (scan_pdf,), title="Tài liệu 1", ocr=True),
    )
    if not card.ocr:
        pytest.skip("OCR language data (tesseract-ocr-vie) is not installed")
    other = docs.register_document(
        office_db,
        clerk,
        docs.RegisterCommand(
            world.dossier_id, (page_image("tk.png", "TỜ KHAI ĐĂNG KÝ"),), title="Tài liệu 2"
        ),
    )
    page = IntakePage(make_ctx(office_db, users))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    activate(qtbot, page)
    page.load_procedures()
    kb = Keyboard(qtbot)
    kb.key(Qt.Key.Key_F2)  # to the personal ID
    kb.type(world.personal_id)
    kb.key(Qt.Key.Key_Return)
    reuse = page.reuse
    # the search box is found by its visible label, as a person (or a screen reader) finds it
    from PySide6.QtWidgets import QLabel

    (label,) = [
        w for w in page.findChildren(QLabel) if w.text() == "Tìm &giấy tờ cũ:" and w.isVisible()
    ]
    query = label.buddy()
    assert query is page.reuse_query and query.accessibleName() == "Tìm giấy tờ cũ của người nộp"

    def offered() -> list[int]:
        return [
            reuse.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(reuse.count())
            if not reuse.item(i).isHidden()
        ]

    assert sorted(offered()) == sorted([card.id, other.id])
    assert query.isVisible()
    kb.key(Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # the label's shortcut
    assert query.hasFocus()
    kb.type("cong dan")  # inside the card's scanned text only, typed without diacritics
    kb.key(Qt.Key.Key_Return)
    assert offered() == [card.id]
    assert page.reuse_note.text() == "Tìm thấy 1 giấy tờ cũ có từ “cong dan”."
    kb.key(Qt.Key.Key_Tab)  # to the list, on the one found
    assert reuse.hasFocus() and reuse.currentItem().data(Qt.ItemDataRole.UserRole) == card.id
    kb.key(Qt.Key.Key_Space)
    assert page.command().reuse_document_ids == (card.id,)

    kb.key(Qt.Key.Key_Backtab)
    assert query.hasFocus()
    query.selectAll()
    kb.type("ho chieu")
    kb.key(Qt.Key.Key_Return)
    assert offered() == [card.id]  # the ticked one stays in view
    assert page.reuse_note.text() == "Không có giấy tờ cũ nào có từ “ho chieu”."
    query.selectAll()
    kb.key(Qt.Key.Key_Backspace)
    kb.key(Qt.Key.Key_Return)
    assert sorted(offered()) == sorted([card.id, other.id]) and page.reuse_note.isHidden()
    # a new citizen: the box and the list go away
    kb.key(Qt.Key.Key_Escape)
    assert page.reuse_query.isHidden() and page.reuse.count() == 0 and label.isHidden()
