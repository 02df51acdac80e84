"""Forms 01–07 rendered from sample data and read back: text, fonts, QR codes, pages."""

from __future__ import annotations

import enum
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.reports.sheetcheck import (
    assert_clean_vietnamese,
    assert_fonts_embedded,
    make_register,
    nfc,
    page_texts,
    pdf_text,
    qr_codes,
)
from tthc_desk.reports.data import (
    FORM_SET_2018,
    ApologyData,
    ControlSheetData,
    Handover,
    ReceiptData,
    RefusalData,
    RegisterData,
    SheetHead,
    StopNoticeData,
    SupplementRequestData,
)
from tthc_desk.reports.forms import (
    render_apology,
    render_control_sheet,
    render_receipt,
    render_refusal,
    render_register,
    render_stop_notice,
    render_supplement_request,
)

HEADING = (
    "UBND XÃ AN SƠN",
    "BỘ PHẬN MỘT CỬA",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
)


def _render(func, data, path: Path) -> str:
    func(data, path)
    pages = page_texts(path)
    text = " ".join(pages)
    assert_clean_vietnamese(text)
    for line in HEADING:
        assert line in text
    return text


def test_receipt_two_copies_with_everything_on_them(receipt: ReceiptData, tmp_path: Path) -> None:
    path = tmp_path / "receipt.pdf"
    render_receipt(receipt, path)
    pages = page_texts(path)
    assert len(pages) == 2, "one page per copy"
    for page, label in zip(pages, receipt.copies, strict=True):
        assert_clean_vietnamese(page)
        assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in page
        assert f"({label})" in page
        assert "Mẫu số 01" in page
        assert "Thông tư số 03/2025/TT-VPCP" in page
        assert "Số: 125/TNHS" in page
        assert "An Sơn, ngày 22 tháng 8 năm 2023" in page
        assert "Mã hồ sơ: 20179-230822-0007" in page
        # the applicant's name arrived decomposed (NFD) and must print precomposed
        assert "tiếp nhận hồ sơ của: Nguyễn Thị Hương" in page
        assert "Số định danh cá nhân: 020190001234" in page
        assert "Thôn Đồng Bục, xã An Sơn, tỉnh Lạng Sơn" in page
        assert "Số điện thoại: 0912 345 678" in page and "huong.nt@gmail.com" in page
        assert "Cấp Giấy xác nhận tình trạng hôn nhân (mã thủ tục: 1.004873)" in page
        for doc in receipt.documents:
            assert nfc(doc.name) in page
        for kind in ("Bản chính (theo mẫu)", "Bản sao có chứng thực", "Bản chính", "Bản sao"):
            assert kind in page
        assert "2. Số lượng hồ sơ: 01 bộ" in page
        assert "theo quy định: 03 ngày làm việc" in page
        assert "4. Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 22/08/2023" in page
        assert "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 25/08/2023" in page
        assert "nhận kết quả tại: Bộ phận Một cửa Ủy ban nhân dân xã An Sơn" in page
        assert "Quyển số: 03/2023, Số thứ tự: 1257" in page
        assert "NGƯỜI NỘP HỒ SƠ" in page and "NGƯỜI TIẾP NHẬN HỒ SƠ" in page
        assert "Hoàng Văn Lực" in page
    # pdftotext agrees with pypdf on the Vietnamese text
    assert "Thôn Đồng Bục" in pdf_text(path)
    assert_fonts_embedded(path)
    assert qr_codes(path, tmp_path) == ["20179-230822-0007", "20179-230822-0007"]


def test_receipt_by_post_and_long_document_list_numbers_pages_per_copy(
    receipt: ReceiptData, tmp_path: Path
) -> None:
    docs = receipt.documents * 8  # 32 documents: each copy spills onto a second page
    data = replace(receipt, documents=docs, pickup="post", pickup_address="Số 5 đường Lê Lợi")
    path = tmp_path / "long.pdf"
    render_receipt(data, path)
    pages = page_texts(path)
    assert len(pages) == 4
    # ND 30: no number on a copy's first page, "2" on its second
    for first, second in ((pages[0], pages[1]), (pages[2], pages[3])):
        assert "GIẤY TIẾP NHẬN" in first and "GIẤY TIẾP NHẬN" not in second
        assert second.startswith("2 ") or second.endswith(" 2") or " 2 " in second
    assert "Qua dịch vụ bưu chính công ích (địa chỉ: Số 5 đường Lê Lợi)" in " ".join(pages)
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in pages[1] and "NGƯỜI TIẾP NHẬN HỒ SƠ" in pages[3]


def test_supplement_request(supplement: SupplementRequestData, tmp_path: Path) -> None:
    path = tmp_path / "f02.pdf"
    text = _render(render_supplement_request, supplement, path)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Mẫu số 02" in text
    assert "Hồ sơ của: Nguyễn Thị Hương" in text
    assert "Nội dung yêu cầu giải quyết: Đăng ký thường trú" in text
    for header in ("Bản chính", "Bản sao có chứng thực", "Bản sao"):
        assert header in text
    for item in supplement.items:
        assert nfc(item.name) in text
        if item.note:
            assert nfc(item.note) in text
    assert nfc(supplement.reason) in text
    assert "liên hệ với Đồng chí Lý Thị Mai, Công an xã, số điện thoại 0987 654 321" in text
    assert "NGƯỜI HƯỚNG DẪN" in text and "Lý Thị Mai" in text
    assert qr_codes(path, tmp_path) == [supplement.dossier_code]
    assert len(PdfReader(str(path)).pages) == 1


def test_refusal(refusal: RefusalData, tmp_path: Path) -> None:
    path = tmp_path / "f03.pdf"
    text = _render(render_refusal, refusal, path)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Mẫu số 03" in text
    assert "Nội dung yêu cầu giải quyết: Đăng ký kết hôn" in text
    assert "không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:" in text
    assert nfc(refusal.reason) in text
    assert_fonts_embedded(path)


def test_apology_with_new_date(apology: ApologyData, tmp_path: Path) -> None:
    path = tmp_path / "f04.pdf"
    text = _render(render_apology, apology, path)
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert "Số: 45/UBND" in text and "An Sơn, ngày 04 tháng 9 năm 2023" in text
    assert "Kính gửi: Nguyễn Thị Hương" in text
    assert "Ngày 22/08/2023, Bộ phận Một cửa Ủy ban nhân dân xã An Sơn tiếp nhận hồ sơ" in text
    assert "Ủy ban nhân dân xã An Sơn xin lỗi" in text  # the committee speaks, the counter received
    assert "Mã hồ sơ: 20179-230822-0007" in text
    assert "16 giờ 00 phút, ngày 05/09/2023" in text  # the old due date
    assert nfc(apology.reason) in text
    assert "16 giờ 00 phút, ngày 12/09/2023" in text  # the new date
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text and "Vi Văn Thắng" in text
    assert "Nơi nhận:" in text and "Chủ tịch, các Phó Chủ tịch UBND xã;" in text
    assert qr_codes(path, tmp_path) == [apology.dossier_code]


def test_apology_and_control_sheet_follow_the_2018_form_set(
    apology: ApologyData, control_sheet: ControlSheetData, tmp_path: Path
) -> None:
    old = replace(apology, head=replace(apology.head, form_set=FORM_SET_2018))
    text = _render(render_apology, old, tmp_path / "old04.pdf")
    assert "VĂN BẢN XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Mẫu số 04" in text and "Thông tư số 01/2018/TT-VPCP" in text
    sheet = replace(control_sheet, head=replace(control_sheet.head, form_set=FORM_SET_2018))
    text = _render(render_control_sheet, sheet, tmp_path / "old06.pdf")
    assert "Mẫu số 05" in text and "Mẫu số 06" not in text


def test_stop_notice(stop_notice: StopNoticeData, tmp_path: Path) -> None:
    path = tmp_path / "f05.pdf"
    text = _render(render_stop_notice, stop_notice, path)
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text and "Mẫu số 05" in text
    assert "Đăng ký khai tử" in text and "Mã hồ sơ: 20179-230822-0012" in text
    assert nfc(stop_notice.reason) in text
    assert "Căn cứ pháp lý: Điều 16 Nghị định 118/2025/NĐ-CP" in text
    assert "Ông (bà) có thể: nộp lại hồ sơ khi có bản án" in text
    # the 2018 set has no stop-notice form: no "Mẫu số" line at all
    old = replace(stop_notice, head=replace(stop_notice.head, form_set=FORM_SET_2018))
    assert "Mẫu số" not in _render(render_stop_notice, old, tmp_path / "old05.pdf")


def test_control_sheet_rows_and_timeliness(control_sheet: ControlSheetData, tmp_path: Path) -> None:
    path = tmp_path / "f06.pdf"
    text = _render(render_control_sheet, control_sheet, path)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text and "Mẫu số 06" in text
    assert "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: 125/TNHS)" in text
    assert "Người nộp hồ sơ: Nguyễn Thị Hương" in text
    assert "Cơ quan (bộ phận) giải quyết hồ sơ: Công chức Tư pháp - Hộ tịch" in text
    for moment in ("09:15 22/08/2023", "16:40 24/08/2023", "10:05 25/08/2023", "14:20 25/08/2023"):
        assert moment in text
    for word in ("Trước hạn", "Quá hạn", "Đúng hạn", "Đang giải quyết", "Chờ xác minh"):
        assert word in text
    # each row: giver, receiver, time, result in this order
    order = [
        text.index("Bộ phận Một cửa Hoàng Văn Lực"),
        text.index("Tư pháp - Hộ tịch Đàm Thị Yến"),
        text.index("09:15 22/08/2023"),
        text.index("Trước hạn"),
        text.index("16:40 24/08/2023"),
        text.index("Quá hạn"),
        text.index("10:05 25/08/2023"),
        text.index("Đúng hạn"),
    ]
    assert order == sorted(order)
    assert qr_codes(path, tmp_path) == [control_sheet.dossier_code]
    assert_fonts_embedded(path)


def test_handover_timeliness_accepts_words_and_enums_only() -> None:
    class Timeliness(enum.Enum):
        EARLY = "early"
        LATE = "late"

    at = datetime(2023, 8, 22, 9, 0)
    assert Handover("a", "", "b", "", at, Timeliness.LATE).timeliness == "late"  # type: ignore[arg-type]
    assert Handover("a", "", "b", "", at, "on_time").timeliness == "on_time"
    with pytest.raises(ValueError):
        Handover("a", "", "b", "", at, "đúng hạn")


def test_register_of_120_lines_spans_pages_with_repeated_header(
    register: RegisterData, tmp_path: Path
) -> None:
    path = tmp_path / "f07.pdf"
    render_register(register, path)
    reader = PdfReader(str(path))
    pages = page_texts(path)
    assert len(pages) >= 5
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height), "landscape"
    text = " ".join(pages)
    assert_clean_vietnamese(text)
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Mẫu số 07" in text
    assert "Quyển số: 03/2023" in text and "Từ ngày 01/08/2023 đến ngày 31/08/2023" in text
    for page_no, page in enumerate(pages, start=1):
        assert "Tên thủ tục hành chính" in page, f"header row missing on page {page_no}"
        assert "Ngày trả kết quả cho cá nhân, tổ chức (ký nhận)" in page
        if page_no > 1:
            assert page.startswith(f"{page_no} ") or page.endswith(f" {page_no}")
    for line in register.lines:
        assert line.dossier_code in text, line.dossier_code
    assert text.count("20179-") == 120
    first = register.lines[0]
    assert "07:45 01/08/2023" in text and "07:45 04/08/2023" in text
    assert nfc(first.procedure_name) in pages[0] and "Nguyễn Văn Hùng" in pages[0]
    assert "Thôn Nà Pàn 1, xã An Sơn" in pages[0]
    for word in ("Trước hạn", "Đúng hạn", "Quá hạn"):
        assert word in text
    assert "Trả qua bưu chính" in text
    # the last line is on the last page
    assert register.lines[-1].dossier_code in pages[-1]
    assert_fonts_embedded(path)


def test_empty_register_still_prints_its_header(head: SheetHead, tmp_path: Path) -> None:
    data = replace(make_register(head, 0))
    path = tmp_path / "empty.pdf"
    render_register(data, path)
    text = " ".join(page_texts(path))
    assert "Không có hồ sơ trong kỳ." in text and "Mã hồ sơ" in text


def test_render_to_a_binary_stream(receipt: ReceiptData) -> None:
    import io

    buffer = io.BytesIO()
    render_receipt(receipt, buffer)
    assert buffer.getvalue().startswith(b"%PDF-")
    assert len(PdfReader(buffer).pages) == 2
