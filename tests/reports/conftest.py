"""Sample data for the printed-sheet tests: an office, dossiers and real commune procedures."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.reports.sheetcheck import load_sample_procedures, make_register, nfd, notice_procedure
from tthc_desk.reports.data import (
    ApologyData,
    Applicant,
    ControlSheetData,
    DocumentLine,
    FeedbackContactData,
    FeedbackItem,
    FeedbackResultsData,
    Handover,
    NoticeData,
    NoticeProcedure,
    NoticeSection,
    Office,
    ProcedureListData,
    ProcedureListRow,
    ReceiptData,
    RefusalData,
    RegisterData,
    SheetHead,
    Signer,
    StopNoticeData,
    SupplementItem,
    SupplementRequestData,
)


@pytest.fixture(scope="session")
def office() -> Office:
    return Office(
        name="UBND XÃ AN SƠN",
        formal_name="Ủy ban nhân dân xã An Sơn",
        place="An Sơn",
        address="Thôn Trung, xã An Sơn, tỉnh Lạng Sơn",
        phone="0205 3868 123",
        email="motcua.anson@langson.gov.vn",
    )


@pytest.fixture(scope="session")
def head(office: Office) -> SheetHead:
    return SheetHead(office=office, issued_on=date(2023, 8, 22), number="125/TNHS")


@pytest.fixture(scope="session")
def applicant() -> Applicant:
    return Applicant(
        name=nfd("Nguyễn Thị Hương"),
        address="Thôn Đồng Bục, xã An Sơn, tỉnh Lạng Sơn",
        phone="0912 345 678",
        email="huong.nt@gmail.com",
        personal_id="020190001234",
    )


@pytest.fixture(scope="session")
def officer() -> Signer:
    return Signer("NGƯỜI TIẾP NHẬN HỒ SƠ", "Hoàng Văn Lực")


@pytest.fixture(scope="session")
def receipt(head: SheetHead, applicant: Applicant, officer: Signer) -> ReceiptData:
    return ReceiptData(
        head=head,
        dossier_code="20179-230822-0007",
        applicant=applicant,
        procedure_code="1.004873",
        procedure_name="Cấp Giấy xác nhận tình trạng hôn nhân",
        documents=(
            DocumentLine("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", "form", 1),
            DocumentLine(nfd("Giấy tờ chứng minh việc ly hôn"), "certified_copy", 1),
            DocumentLine("Văn bản ủy quyền", "original", 1, note="khi ủy quyền"),
            DocumentLine("Căn cước công dân", "copy", 2),
        ),
        processing_time="03 ngày làm việc",
        received_at=datetime(2023, 8, 22, 8, 30),
        due_at=datetime(2023, 8, 25, 16, 0),
        officer=officer,
        register_book="03/2023",
        register_line="1257",
    )


@pytest.fixture(scope="session")
def supplement(head: SheetHead, applicant: Applicant) -> SupplementRequestData:
    return SupplementRequestData(
        head=head,
        dossier_code="20179-230822-0009",
        applicant=applicant,
        procedure_name="Đăng ký thường trú",
        items=(
            SupplementItem("Tờ khai thay đổi thông tin cư trú (mẫu CT01)", originals=1),
            SupplementItem(
                "Giấy tờ chứng minh chỗ ở hợp pháp",
                certified_copies=1,
                note="Hợp đồng thuê nhà phải có chữ ký của chủ nhà",
            ),
            SupplementItem("Sổ hộ khẩu cũ", copies=1, note="Để đối chiếu"),
        ),
        reason="Hồ sơ thiếu giấy tờ chứng minh chỗ ở hợp pháp; tờ khai chưa có ý kiến chủ hộ.",
        contact_name="Đồng chí Lý Thị Mai, Công an xã",
        contact_phone="0987 654 321",
        officer=Signer("NGƯỜI HƯỚNG DẪN", "Lý Thị Mai"),
    )


@pytest.fixture(scope="session")
def refusal(head: SheetHead, applicant: Applicant, officer: Signer) -> RefusalData:
    return RefusalData(
        head=head,
        applicant=applicant,
        procedure_name="Đăng ký kết hôn",
        reason="Người yêu cầu chưa đủ tuổi kết hôn theo Điều 8 Luật Hôn nhân và gia đình.",
        officer=officer,
        dossier_code="20179-230822-0011",
    )


@pytest.fixture(scope="session")
def apology(head: SheetHead, applicant: Applicant) -> ApologyData:
    return ApologyData(
        head=SheetHead(office=head.office, issued_on=date(2023, 9, 4), number="45/UBND"),
        applicant=applicant,
        dossier_code="20179-230822-0007",
        procedure_name="Cấp Giấy xác nhận tình trạng hôn nhân",
        received_at=datetime(2023, 8, 22, 8, 30),
        due_at=datetime(2023, 9, 5, 16, 0),
        reason="Cần xác minh tình trạng hôn nhân tại nơi cư trú trước đây ở tỉnh Cao Bằng.",
        new_due_at=datetime(2023, 9, 12, 16, 0),
        signer=Signer("CHỦ TỊCH", "Vi Văn Thắng", on_behalf="TM. ỦY BAN NHÂN DÂN", hint=""),
        recipients=("Chủ tịch, các Phó Chủ tịch UBND xã",),
    )


@pytest.fixture(scope="session")
def stop_notice(head: SheetHead, applicant: Applicant) -> StopNoticeData:
    return StopNoticeData(
        head=SheetHead(office=head.office, issued_on=date(2023, 9, 1), number="46/TB-UBND"),
        applicant=applicant,
        dossier_code="20179-230822-0012",
        procedure_name="Đăng ký khai tử",
        received_at=datetime(2023, 8, 22, 10, 5),
        reason="Tòa án nhân dân đang thụ lý vụ việc tuyên bố một người là đã chết.",
        legal_basis="Điều 16 Nghị định 118/2025/NĐ-CP",
        applicant_options="nộp lại hồ sơ khi có bản án, quyết định của Tòa án",
        signer=Signer("CHỦ TỊCH", "Vi Văn Thắng", on_behalf="TM. ỦY BAN NHÂN DÂN", hint=""),
    )


@pytest.fixture(scope="session")
def control_sheet(head: SheetHead, applicant: Applicant) -> ControlSheetData:
    return ControlSheetData(
        head=head,
        dossier_code="20179-230822-0007",
        applicant=applicant,
        procedure_name="Cấp Giấy xác nhận tình trạng hôn nhân",
        handling_body="Công chức Tư pháp - Hộ tịch, UBND xã An Sơn",
        receipt_number="125/TNHS",
        received_at=datetime(2023, 8, 22, 8, 30),
        due_at=datetime(2023, 8, 25, 16, 0),
        handovers=(
            Handover(
                "Hoàng Văn Lực",
                "Bộ phận Một cửa",
                "Đàm Thị Yến",
                "Tư pháp - Hộ tịch",
                datetime(2023, 8, 22, 9, 15),
                "early",
            ),
            Handover(
                "Đàm Thị Yến",
                "Tư pháp - Hộ tịch",
                "Vi Văn Thắng",
                "Chủ tịch UBND xã",
                datetime(2023, 8, 24, 16, 40),
                "late",
                note="Chờ xác minh",
            ),
            Handover(
                "Vi Văn Thắng",
                "Chủ tịch UBND xã",
                "Hoàng Văn Lực",
                "Bộ phận Một cửa",
                datetime(2023, 8, 25, 10, 5),
                "on_time",
            ),
            Handover(
                "Hoàng Văn Lực",
                "Bộ phận Một cửa",
                "Nguyễn Thị Hương",
                "Người nộp hồ sơ",
                datetime(2023, 8, 25, 14, 20),
                None,
            ),
        ),
    )


@pytest.fixture(scope="session")
def register(head: SheetHead) -> RegisterData:
    return make_register(head, 120)


@pytest.fixture(scope="session")
def raw_procedures() -> list[dict]:
    return load_sample_procedures()


@pytest.fixture(scope="session")
def notice(head: SheetHead, raw_procedures: list[dict]) -> NoticeData:
    procedures = [notice_procedure(r) for r in raw_procedures]
    fields: dict[str, list[NoticeProcedure]] = {}
    for proc in procedures:
        fields.setdefault(proc.field, []).append(proc)
    return NoticeData(
        head=SheetHead(office=head.office, issued_on=date(2023, 8, 22)),
        sections=tuple(NoticeSection(f, tuple(ps)) for f, ps in fields.items()),
    )


@pytest.fixture(scope="session")
def procedure_list(head: SheetHead, notice: NoticeData) -> ProcedureListData:
    rows = [
        ProcedureListRow(p.code, p.name, p.field, p.processing_time, p.publication_decision)
        for s in notice.sections
        for p in s.procedures
    ]
    return ProcedureListData(
        head=SheetHead(office=head.office, issued_on=date(2023, 8, 22)), rows=tuple(rows)
    )


@pytest.fixture(scope="session")
def feedback_contact(head: SheetHead) -> FeedbackContactData:
    return FeedbackContactData(
        head=SheetHead(office=head.office, issued_on=date(2023, 8, 22), number="12/TB-UBND"),
        receiving_body="Văn phòng - Thống kê, Ủy ban nhân dân xã An Sơn",
        address="Thôn Trung, xã An Sơn, tỉnh Lạng Sơn",
        phone="0205 3868 123",
        email="pakn.anson@langson.gov.vn",
        hours="Sáng từ 7 giờ 30 đến 11 giờ 30; chiều từ 13 giờ 30 đến 16 giờ 30, các ngày làm việc",
    )


@pytest.fixture(scope="session")
def feedback_results(head: SheetHead) -> FeedbackResultsData:
    return FeedbackResultsData(
        head=SheetHead(office=head.office, issued_on=date(2023, 10, 2), number="15/TB-UBND"),
        period_from=date(2023, 7, 1),
        period_to=date(2023, 9, 30),
        items=(
            FeedbackItem(
                date(2023, 7, 12),
                "Ông Lương Văn Tú, thôn Nà Pàn",
                "Đề nghị niêm yết rõ lệ phí chứng thực bản sao.",
                "Đã niêm yết bổ sung mức phí chứng thực tại Bộ phận Một cửa.",
                date(2023, 7, 20),
            ),
            FeedbackItem(
                date(2023, 9, 5),
                "Một công dân (đề nghị giấu tên)",
                "Phản ánh thời gian chờ đăng ký thường trú kéo dài.",
                "Hồ sơ đã được giải quyết; đã nhắc nhở công chức phụ trách.",
                date(2023, 9, 14),
            ),
            FeedbackItem(
                date(2023, 9, 28),
                "Bà Đặng Thị Ánh",
                "Hỏi về thủ tục xác nhận tình trạng hôn nhân.",
                "",
                None,
            ),
        ),
    )
