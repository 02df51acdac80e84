"""Public notice sheets, the procedure list and the feedback sheets, read back from the PDF."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.reports.sheetcheck import (
    assert_clean_vietnamese,
    assert_fonts_embedded,
    nfc,
    page_texts,
    pdf_text,
    qr_codes,
)
from tthc_desk.reports.data import (
    FeedbackContactData,
    FeedbackResultsData,
    FeeLine,
    NoticeData,
    NoticeSection,
    ProcedureListData,
    Signer,
    describe_processing_time,
)
from tthc_desk.reports.notices import (
    channel_text,
    fee_amount_text,
    render_feedback_contact,
    render_feedback_results,
    render_notice,
    render_procedure_list,
)

PORTAL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc="


@pytest.fixture(scope="module")
def notice_pdf(notice: NoticeData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("notice") / "notice.pdf"
    render_notice(notice, path)
    return path


def test_fee_wording() -> None:
    assert fee_amount_text(50000) == "50.000 đồng"
    assert fee_amount_text(1250000) == "1.250.000 đồng"
    assert fee_amount_text(8000) == "8.000 đồng"
    assert fee_amount_text(0) == "Không"
    assert fee_amount_text(None) == "Theo quy định của HĐND tỉnh"


def test_processing_time_wording() -> None:
    assert describe_processing_time(3, "ngày làm việc") == "03 ngày làm việc"
    assert describe_processing_time(25, "ngày làm việc") == "25 ngày làm việc"
    assert describe_processing_time(None, "trong ngày", 15).startswith("Trong ngày")
    assert "sau 15 giờ" in describe_processing_time(None, "trong ngày", 15)
    assert describe_processing_time(0.5, "ngày") == "0,5 ngày"
    assert describe_processing_time(None, None) == ""


def test_channel_wording() -> None:
    counter = channel_text("counter", "Bộ phận Một cửa", "UBND xã An Sơn", "Thôn Trung", "x")
    assert counter == "Nộp trực tiếp tại Bộ phận Một cửa UBND xã An Sơn (địa chỉ: Thôn Trung)"
    assert "toàn trình" in channel_text("online_full", "", "", "", "https://dichvucong.gov.vn")
    assert "một phần" in channel_text("online_partial", "", "", "", "p")
    assert "bưu chính" in channel_text("post", "", "", "", "p")
    assert channel_text("Qua Zalo OA của xã", "", "", "", "p") == "Qua Zalo OA của xã"


def test_notice_lists_every_procedure_document_and_fee(
    notice: NoticeData, notice_pdf: Path
) -> None:
    pages = page_texts(notice_pdf)
    text = " ".join(pages)
    assert_clean_vietnamese(text)
    assert "NIÊM YẾT CÔNG KHAI THỦ TỤC HÀNH CHÍNH" in text
    assert "UBND XÃ AN SƠN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    procedures = [p for s in notice.sections for p in s.procedures]
    assert len(procedures) == 8
    for section in notice.sections:
        assert f"Lĩnh vực: {nfc(section.field)}" in text
    for proc in procedures:
        assert f"Mã thủ tục: {proc.code}" in text
        assert nfc(proc.name) in text, proc.name
        assert nfc(proc.processing_time) in text
        assert nfc(proc.result) in text
        assert nfc(proc.agency) in text
        for doc in proc.documents:
            assert nfc(doc.name) in text, doc.name
        for fee in proc.fees:
            assert f"{nfc(fee.item)}: {fee_amount_text(fee.amount_vnd)}" in text, fee.item
        for basis in proc.legal_basis:
            assert nfc(basis) in text
    # amounts from the real data, formatted the Vietnamese way
    for amount in ("8.000 đồng", "2.000 đồng", "1.000 đồng", "10.000 đồng", "20.000 đồng"):
        assert amount in text
    assert "Theo quy định của HĐND tỉnh" in text
    assert ": Không" in text
    assert "Nộp trực tuyến toàn trình" in text and "Nộp trực tuyến một phần" in text
    assert "Nộp qua dịch vụ bưu chính công ích" in text
    assert "Nộp trực tiếp tại Bộ phận Một cửa Ủy ban nhân dân xã An Sơn" in text
    assert "Bản sao có chứng thực" in text or "Bản sao" in text
    # pdftotext reads the same Vietnamese
    raw = pdf_text(notice_pdf)
    assert nfc(procedures[3].name) in " ".join(raw.split())


def test_notice_pages_are_numbered_per_field(notice: NoticeData, notice_pdf: Path) -> None:
    pages = page_texts(notice_pdf)
    numbers = [re.search(r"Trang (\d+)/(\d+)", page) for page in pages]
    assert all(numbers), "every page carries Trang x/y"
    pairs = [(int(m.group(1)), int(m.group(2))) for m in numbers if m]
    # each field restarts at 1 and ends at its own total
    starts = [i for i, (page, _) in enumerate(pairs) if page == 1]
    assert len(starts) == len(notice.sections)
    for i, (page, total) in enumerate(pairs):
        assert 1 <= page <= total
        if page == total:
            assert i + 1 == len(pairs) or pairs[i + 1][0] == 1
    for start, section in zip(starts, notice.sections, strict=True):
        assert f"Lĩnh vực: {nfc(section.field)}" in pages[start]


def test_notice_is_readable_from_a_metre(notice: NoticeData, notice_pdf: Path) -> None:
    """Procedure names at 16 pt or more in bold, body text at 13 pt or more."""
    reader = PdfReader(str(notice_pdf))
    sizes: dict[str, float] = {}
    name_sizes: list[float] = []
    names = {nfc(p.name).split(" ")[0] for s in notice.sections for p in s.procedures}

    def visit(text: str, cm, tm, font_dict, font_size) -> None:  # noqa: ANN001
        if not text.strip() or font_dict is None:
            return
        size = font_size * tm[0] * cm[0] if tm[0] and cm[0] else font_size
        base = str(font_dict.get("/BaseFont", ""))
        sizes.setdefault(text.strip(), size)
        if "Bold" in base and re.match(r"^\d+\. ", text.strip()) and size >= 16:
            name_sizes.append(size)
        return

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert name_sizes and min(name_sizes) >= 16
    body = [s for t, s in sizes.items() if t.startswith(("Thời hạn", "Phí, lệ phí", "- Luật"))]
    assert body and min(body) >= 13
    assert names  # sanity


def test_notice_qr_codes_open_the_portal_page(
    notice: NoticeData, notice_pdf: Path, tmp_path: Path
) -> None:
    codes = qr_codes(notice_pdf, tmp_path)
    expected = [PORTAL + p.code for s in notice.sections for p in s.procedures]
    assert sorted(codes) == sorted(expected)
    assert_fonts_embedded(notice_pdf)


def test_notice_url_template_is_data(notice: NoticeData, tmp_path: Path) -> None:
    proc = replace(
        notice.sections[0].procedures[0], url_template="https://dvc.langson.gov.vn/tthc/{code}"
    )
    data = replace(notice, sections=(NoticeSection("Hộ tịch", (proc,)),))
    path = tmp_path / "one.pdf"
    render_notice(data, path)
    assert qr_codes(path, tmp_path) == [f"https://dvc.langson.gov.vn/tthc/{proc.code}"]


def test_missing_fees_are_not_printed_as_free(notice: NoticeData, tmp_path: Path) -> None:
    proc = replace(notice.sections[0].procedures[0], fees=(), legal_basis=())
    data = replace(notice, sections=(NoticeSection("Hộ tịch", (proc,)),))
    path = tmp_path / "nofee.pdf"
    render_notice(data, path)
    text = " ".join(page_texts(path))
    assert "Phí, lệ phí: Đang cập nhật" in text and "Căn cứ pháp lý: Đang cập nhật" in text
    assert "Miễn phí" not in text
    fee = FeeLine("Lệ phí", 0)
    assert fee_amount_text(fee.amount_vnd) == "Không"


def test_procedure_list(procedure_list: ProcedureListData, tmp_path: Path) -> None:
    path = tmp_path / "list.pdf"
    render_procedure_list(procedure_list, path)
    pages = page_texts(path)
    text = " ".join(pages)
    assert_clean_vietnamese(text)
    assert "DANH MỤC THỦ TỤC HÀNH CHÍNH" in text
    assert "thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã An Sơn" in text
    for header in ("STT", "Mã thủ tục", "Lĩnh vực", "Thời hạn giải quyết", "Quyết định công bố"):
        assert header in pages[0]
    for row in procedure_list.rows:
        assert row.code in text and nfc(row.name) in text and nfc(row.field) in text
    assert "Quyết định số 1520/QĐ-UBND ngày 15/8/2023" in text
    assert all(f"Trang {i}/{len(pages)}" in p for i, p in enumerate(pages, start=1))
    assert all("Tên thủ tục hành chính" in p for p in pages), "header repeated on every page"
    assert_fonts_embedded(path)


def test_feedback_contact_notice(feedback_contact: FeedbackContactData, tmp_path: Path) -> None:
    path = tmp_path / "contact.pdf"
    render_feedback_contact(feedback_contact, path)
    text = " ".join(page_texts(path))
    assert_clean_vietnamese(text)
    assert "THÔNG BÁO" in text and "tiếp nhận phản ánh, kiến nghị" in text
    assert "Cơ quan tiếp nhận: Văn phòng - Thống kê, Ủy ban nhân dân xã An Sơn" in text
    assert "Địa chỉ: Thôn Trung, xã An Sơn, tỉnh Lạng Sơn" in text
    assert "Số điện thoại: 0205 3868 123" in text
    assert "Thư điện tử: pakn.anson@langson.gov.vn" in text
    assert "https://dichvucong.gov.vn" in text
    assert "Sáng từ 7 giờ 30 đến 11 giờ 30" in text
    assert "Sử dụng ngôn ngữ tiếng Việt" in text
    assert qr_codes(path, tmp_path) == ["https://dichvucong.gov.vn"]
    signed = replace(feedback_contact, signer=Signer("CHỦ TỊCH", "Vi Văn Thắng", hint=""))
    render_feedback_contact(signed, path)
    assert "Vi Văn Thắng" in " ".join(page_texts(path))
    assert len(PdfReader(str(path)).pages) == 1


def test_feedback_results(feedback_results: FeedbackResultsData, tmp_path: Path) -> None:
    path = tmp_path / "results.pdf"
    render_feedback_results(feedback_results, path)
    text = " ".join(page_texts(path))
    assert_clean_vietnamese(text)
    assert "KẾT QUẢ XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ" in text
    assert "Từ ngày 01/07/2023 đến ngày 30/09/2023" in text
    for item in feedback_results.items:
        assert item.received_on.strftime("%d/%m/%Y") in text
        assert nfc(item.sender) in text and nfc(item.summary) in text
        if item.answer:
            assert nfc(item.answer) in text
            assert item.answered_on is not None
            assert item.answered_on.strftime("%d/%m/%Y") in text
    assert "Đang xử lý" in text  # the unanswered one
    empty = replace(feedback_results, items=())
    render_feedback_results(empty, path)
    assert "Không có phản ánh, kiến nghị trong kỳ." in " ".join(page_texts(path))
    assert_fonts_embedded(path)


@pytest.mark.parametrize(
    "value",
    [
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001",
        "x",
        "Đăng ký khai sinh " * 12,
    ],
)
@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_qr_codes_same_as_reportlabs_own_error_correction(value: str, level: str) -> None:
    """The faster Reed-Solomon division (issue 14) gives the modules reportlab's own code
    gives: compared with a fresh, untouched copy of reportlab's encoder."""
    import importlib.util
    from itertools import groupby

    from reportlab.graphics.barcode import qrencoder

    from tthc_desk.reports import layout

    spec = importlib.util.find_spec(qrencoder.__name__)
    assert spec is not None and spec.loader is not None
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)  # type: ignore[union-attr]
    qr = fresh.QRCode(None, getattr(fresh.QRErrorCorrectLevel, level))
    qr.addData(value)
    qr.version = qr.calculate_version()
    qr.makeImpl(False, layout.QR_MASK)
    runs = []
    for r, row in enumerate(qr.modules):
        c = 0
        for dark, group in groupby(bool(m) for m in row):
            n = len(list(group))
            if dark:
                runs.append((r, c, n))
            c += n
    layout.qr_runs.cache_clear()
    assert layout.qr_runs(value, level) == (qr.getModuleCount(), tuple(runs))
    assert getattr(qrencoder, "_tthc_fast_rs", False)
