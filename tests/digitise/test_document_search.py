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
