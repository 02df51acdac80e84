"""Notice PDFs read back: every procedure, document and fee, intact Vietnamese, QR, fonts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tthc_desk.domain.text import nfc
from tthc_desk.services import catalogue as cat
from tthc_desk.services import notices


def _text(path: Path) -> str:
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True)
        text = out.stdout.decode()
    else:  # pragma: no cover
        text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    return re.sub(r"\s+", " ", nfc(text))


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", nfc(s))


def test_every_procedure_document_and_fee_is_printed(tmp_path: Path, catalogue_db) -> None:  # type: ignore[no-untyped-def]
    hotich = [f.id for f in cat.list_fields(catalogue_db) if f.name == "Hộ tịch"]
    out = tmp_path / "ho-tich.pdf"
    result = notices.render_pdf(catalogue_db, notices.NoticeRequest(field_ids=tuple(hotich)), out)
    assert len(result.procedure_ids) == 12 and result.pages >= 12
    text = _squash(_text(out))
    data = notices.notice_data(catalogue_db, field_ids=hotich)
    for section in data.sections:
        for proc in section.procedures:
            assert _squash(proc.name) in text, proc.name
            assert proc.code in text
            for doc in proc.documents:
                assert _squash(doc.name) in text, doc.name
            for fee in proc.fees:
                assert _squash(fee.item) in text, fee.item
            for basis in proc.legal_basis:
                assert _squash(basis) in text, basis
    assert "Trang1/" in text and "UBNDXÃANSƠN" in text


def test_fonts_are_embedded(tmp_path: Path, catalogue_db) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "all.pdf"
    notices.render_pdf(
        catalogue_db,
        notices.NoticeRequest(procedure_list=True, feedback_contact=True),
        out,
    )
    for page in PdfReader(out).pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descendant = font.get("/DescendantFonts")
            desc = (descendant[0].get_object() if descendant else font).get("/FontDescriptor")
            if desc is None:
                continue
            desc = desc.get_object()
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), font


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbar-tools not installed")
def test_qr_codes_decode_to_the_portal_page(tmp_path: Path, catalogue_db) -> None:  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    ids = [cat.get_current_by_code(catalogue_db, c).id for c in ("1.001193", "2.000815")]
    out = tmp_path / "two.pdf"
    notices.render_pdf(catalogue_db, notices.NoticeRequest(procedure_ids=tuple(ids)), out)
    doc = pdfium.PdfDocument(str(out))
    found: set[str] = set()
    for i in range(len(doc)):
        png = tmp_path / f"p{i}.png"
        doc[i].render(scale=3).to_pil().save(png)
        run = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True)
        found |= {line for line in run.stdout.decode().splitlines() if line}
    doc.close()
    data = notices.notice_data(catalogue_db, procedure_ids=ids)
    urls = {p.url for section in data.sections for p in section.procedures}
    assert urls <= found, found


def test_list_and_contact_sheets(tmp_path: Path, catalogue_db) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "list.pdf"
    r = notices.render_pdf(
        catalogue_db,
        notices.NoticeRequest(notices=False, procedure_list=True, feedback_contact=True),
        out,
    )
    text = _squash(_text(out))
    assert "DANHMỤCTHỦTỤCHÀNHCHÍNH" in text
    for row in notices.procedure_list_data(catalogue_db).rows:
        assert row.code in text
    assert "motcua@anson.gov.vn" in text and "02203851234" in text
    assert r.procedure_ids == ()


def test_unknown_field_name(catalogue_db) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.domain.errors import AppError

    assert notices.field_ids_by_name(catalogue_db, ["ho tich"]) == notices.field_ids_by_name(
        catalogue_db, ["Hộ tịch"]
    )
    with pytest.raises(AppError) as e:
        notices.field_ids_by_name(catalogue_db, ["Thuế"])
    assert e.value.code == "notice.field.unknown"
