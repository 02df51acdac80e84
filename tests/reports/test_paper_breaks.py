"""Issue 9 point 5: a signature block never stands alone on a page (read back page by page)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.reports.sheetcheck import page_texts
from tthc_desk.reports.data import (
    ControlSheetData,
    DocumentLine,
    FeedbackItem,
    FeedbackResultsData,
    Handover,
    Office,
    ReceiptData,
    SheetHead,
    Signer,
    SupplementItem,
    SupplementRequestData,
)
from tthc_desk.reports.forms import (
    render_control_sheet,
    render_receipt,
    render_supplement_request,
)
from tthc_desk.reports.notices import render_feedback_results

# The five documents of "Đăng ký khai sinh" as the commune catalogue lists them
# (resources/demo/procedures-commune.json): long names with notes, as real receipts print them.
BIRTH_DOCUMENTS = (
    DocumentLine(
        "Tờ khai đăng ký khai sinh (theo mẫu); kèm Tờ khai đăng ký nhận cha, mẹ, con nếu "
        "làm đồng thời",
        "form",
    ),
    DocumentLine(
        "Giấy chứng sinh",
        "original",
        note="không có thì nộp văn bản của người làm chứng; không có người làm chứng thì "
        "giấy cam đoan về việc sinh",
    ),
    DocumentLine(
        "Văn bản xác nhận của cơ sở y tế đã thực hiện kỹ thuật hỗ trợ sinh sản (trẻ sinh ra "
        "do mang thai hộ)",
        "original",
        note="chỉ khi mang thai hộ",
    ),
    DocumentLine(
        "Hộ chiếu/CMND/thẻ Căn cước hoặc giấy tờ có ảnh còn giá trị của người đi đăng ký",
        "original",
        note="xuất trình để đối chiếu",
    ),
    DocumentLine(
        "Giấy tờ chứng minh nơi cư trú",
        "original",
        note="chỉ khi cơ quan đăng ký hộ tịch không khai thác được thông tin cư trú",
    ),
)


@pytest.fixture
def centre_head(head: SheetHead) -> SheetHead:
    """The heading of a counter under Nghị định 118/2025 (three heading lines)."""
    office = Office(
        name="UBND XÃ AN SƠN",
        formal_name="Ủy ban nhân dân xã An Sơn",
        place="An Sơn",
        unit="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        unit_formal="Trung tâm Phục vụ hành chính công",
        address=head.office.address,
        phone=head.office.phone,
    )
    return replace(head, office=office, number="20179-251205-0001/TNHS")


def _signer_page(pages: list[str], title: str) -> int:
    found = [i for i, text in enumerate(pages) if title in text]
    assert found, f"{title} printed nowhere"
    return found[-1]


def test_receipt_with_five_real_documents_is_one_page_per_copy(
    receipt: ReceiptData, centre_head: SheetHead, tmp_path: Path
) -> None:
    data = replace(receipt, head=centre_head, documents=BIRTH_DOCUMENTS, pickup="post")
    path = tmp_path / "receipt5.pdf"
    render_receipt(data, path)
    pages = page_texts(path)
    assert len(pages) == 2, "two copies, one page each (it was four)"
    for page in pages:
        assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in page and "Hoàng Văn Lực" in page
        assert "Giấy tờ chứng minh nơi cư trú" in page  # the whole list on the same page


@pytest.mark.parametrize("count", [6, 9, 12, 16, 24])
def test_receipt_signatures_stay_with_the_closing_lines(
    receipt: ReceiptData, centre_head: SheetHead, tmp_path: Path, count: int
) -> None:
    docs = (BIRTH_DOCUMENTS * 5)[:count]
    path = tmp_path / f"receipt{count}.pdf"
    render_receipt(replace(receipt, head=centre_head, documents=docs), path)
    pages = page_texts(path)
    assert len(pages) % 2 == 0, "both copies the same length"
    per_copy = len(pages) // 2
    for copy in range(2):
        own = pages[copy * per_copy : (copy + 1) * per_copy]
        where = _signer_page(own, "NGƯỜI TIẾP NHẬN HỒ SƠ")
        assert "Thời gian trả kết quả" in own[where], "signatures alone on a page"
        assert "Quyển số" in own[where]


@pytest.mark.parametrize("items", [1, 4, 7, 10, 13])
def test_feedback_results_signer_is_never_alone(
    feedback_results: FeedbackResultsData, tmp_path: Path, items: int
) -> None:
    base = feedback_results.items[0]
    rows = tuple(
        replace(base, sender=f"Người gửi số {i}", received_on=date(2023, 7, 1) + timedelta(i))
        for i in range(1, items + 1)
    )
    signer = Signer("CHỦ TỊCH", "Vi Văn Thắng", on_behalf="TM. ỦY BAN NHÂN DÂN", hint="")
    data = replace(feedback_results, items=rows, signer=signer)
    path = tmp_path / f"fb{items}.pdf"
    render_feedback_results(data, path)
    pages = page_texts(path)
    where = _signer_page(pages, "TM. ỦY BAN NHÂN DÂN")
    assert f"Người gửi số {items}" in pages[where], "the signer stands alone on its page"
    assert isinstance(rows[0], FeedbackItem)


@pytest.mark.parametrize("handovers", [4, 6, 8, 11])
def test_control_sheet_last_handover_never_alone(
    control_sheet: ControlSheetData, tmp_path: Path, handovers: int
) -> None:
    base = control_sheet.handovers[0]
    rows = tuple(
        replace(base, receiver_name=f"Cán bộ số {i}", at=datetime(2023, 8, 22, 9) + timedelta(i))
        for i in range(1, handovers + 1)
    )
    path = tmp_path / f"cs{handovers}.pdf"
    render_control_sheet(replace(control_sheet, handovers=rows), path)
    pages = page_texts(path)
    if handovers <= 6:
        assert len(pages) == 1, "a usual dossier's control sheet is one page"
    last = _signer_page(pages, f"Cán bộ số {handovers}")
    assert f"Cán bộ số {handovers - 1}" in pages[last], "the last handover alone on a page"
    assert isinstance(rows[0], Handover)


@pytest.mark.parametrize("items", [3, 8, 12])
def test_supplement_request_signature_with_its_reason(
    supplement: SupplementRequestData, tmp_path: Path, items: int
) -> None:
    rows = tuple(
        SupplementItem(f"Giấy tờ cần bổ sung số {i}", originals=1, note="Bản có chữ ký")
        for i in range(1, items + 1)
    )
    path = tmp_path / f"f02-{items}.pdf"
    render_supplement_request(replace(supplement, items=rows), path)
    pages = page_texts(path)
    where = _signer_page(pages, "NGƯỜI HƯỚNG DẪN")
    assert "Lý do: " in pages[where], "the signature block alone on its page"
