"""Plain frozen input records for every printed sheet (built by the services layer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

DocumentKind = Literal["original", "certified_copy", "copy", "form"]
Pickup = Literal["counter", "post"]
TimelinessValue = Literal["early", "on_time", "late"]
Paper = Literal["A4", "A5"]
PAPERS: tuple[str, ...] = ("A4", "A5")
#: Forms that may be printed on A5 when the office chooses (the register stays A4 landscape).
A5_FORMS: tuple[str, ...] = ("receipt", "supplement", "refusal", "apology", "stop")

TIMELINESS_VALUES: tuple[str, ...] = ("early", "on_time", "late")
DOCUMENT_KINDS: tuple[str, ...] = ("original", "certified_copy", "copy", "form")

PORTAL_PROCEDURE_URL = (
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}"
)
PORTAL_URL = "https://dichvucong.gov.vn"


def timeliness_value(value: object | None) -> str | None:
    """Accept "early"/"on_time"/"late" or an enum whose ``value`` is one of them."""
    if value is None:
        return None
    raw = getattr(value, "value", value)
    if raw not in TIMELINESS_VALUES:
        raise ValueError(f"timeliness must be one of {TIMELINESS_VALUES}, not {value!r}")
    return str(raw)


# --------------------------------------------------------------------------- common parts


@dataclass(frozen=True)
class Office:
    """The commune office and its counter as printed in the heading and in sentences."""

    name: str  # heading line, capitals: "UBND XÃ AN SƠN"
    formal_name: str  # in sentences: "Ủy ban nhân dân xã An Sơn"
    place: str  # for the date line: "An Sơn"
    unit: str = "BỘ PHẬN MỘT CỬA"  # heading line under the office, bold
    unit_formal: str = "Bộ phận Một cửa"
    address: str = ""
    phone: str = ""
    email: str = ""
    parent: str = ""  # optional line above ``name`` (e.g. "UBND TỈNH …"), usually empty

    @property
    def counter_name(self) -> str:
        """The counter's name in sentences, the one builder every sheet uses (see
        :func:`counter_name`)."""
        return counter_name(self.unit_formal, self.formal_name)


#: The committee's name in sentences starts with one of these; what follows is the commune's
#: own name ("xã An Sơn"), which the 2025 centre takes after its own ("… công xã An Sơn").
_COMMITTEE_PREFIXES = ("Ủy ban nhân dân ", "Uỷ ban nhân dân ", "UBND ")
CENTRE = "Trung tâm Phục vụ hành chính công"


def counter_name(unit: str, formal_name: str) -> str:
    """The counter's name in sentences from the office's setting (``unit``) and the committee's
    formal name: since 1/7/2025 (Nghị định 118/2025/NĐ-CP) a commune's counter is the
    "Trung tâm Phục vụ hành chính công xã An Sơn", a unit named after the commune, not "of the
    People's Committee"; the older "Bộ phận Một cửa" belongs to the committee ("Bộ phận Một cửa
    Ủy ban nhân dân xã An Sơn"). Forms 01–03 speak as the counter; forms 04–05 speak for the
    committee (``formal_name``) and name the counter where it received the dossier."""
    unit, formal = " ".join(unit.split()), " ".join(formal_name.split())
    if not unit:
        return formal
    if unit.casefold() == CENTRE.casefold():
        for prefix in _COMMITTEE_PREFIXES:
            if formal.casefold().startswith(prefix.casefold()):
                return f"{unit} {formal[len(prefix) :]}"
    return f"{unit} {formal}"


@dataclass(frozen=True)
class FormSet:
    """Which set of official forms is printed: the number of each form and the legal basis."""

    basis: str  # printed under "Mẫu số …", in italics
    receipt: str | None = "01"
    supplement_request: str | None = "02"
    refusal: str | None = "03"
    apology: str | None = "04"
    stop_notice: str | None = "05"
    control_sheet: str | None = "06"
    register: str | None = "07"
    apology_title: str = "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"


FORM_SET_2025 = FormSet(basis="(Kèm theo Thông tư số 03/2025/TT-VPCP của Văn phòng Chính phủ)")
FORM_SET_2018 = FormSet(
    basis="(Kèm theo Thông tư số 01/2018/TT-VPCP của Văn phòng Chính phủ)",
    stop_notice=None,
    control_sheet="05",
    register="06",
    apology_title="VĂN BẢN XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
)


@dataclass(frozen=True)
class SheetHead:
    """What every sheet's heading needs: the office, the date, the sheet's number."""

    office: Office
    issued_on: date
    number: str = ""  # printed after "Số: ", e.g. "125/TNHS"; empty prints a dotted blank
    form_set: FormSet = FORM_SET_2025
    paper: Paper = "A4"  # forms 01–05 may go on A5 (the A4 layout reduced, as a copier does)


@dataclass(frozen=True)
class Signer:
    """One signature block: the title in capitals, the signer's name under the space."""

    title: str  # "NGƯỜI TIẾP NHẬN HỒ SƠ", "CHỦ TỊCH"
    name: str = ""
    on_behalf: str = ""  # line above the title, e.g. "TM. ỦY BAN NHÂN DÂN"
    hint: str = "(Ký và ghi rõ họ tên)"


@dataclass(frozen=True)
class Applicant:
    """The person or organisation a sheet is addressed to."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    personal_id: str = ""


@dataclass(frozen=True)
class DocumentLine:
    """One document of a dossier or of a procedure's list."""

    name: str
    kind: DocumentKind = "original"
    count: int = 1
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in DOCUMENT_KINDS:
            raise ValueError(f"document kind must be one of {DOCUMENT_KINDS}, not {self.kind!r}")


# --------------------------------------------------------------------------- forms 01–07


@dataclass(frozen=True)
class ReceiptData:
    """Form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (printed in two copies)."""

    head: SheetHead
    dossier_code: str
    applicant: Applicant
    procedure_code: str
    procedure_name: str
    documents: tuple[DocumentLine, ...]
    processing_time: str  # the legal time as words: "03 ngày làm việc"
    received_at: datetime
    due_at: datetime
    officer: Signer
    sets: int = 1
    pickup: Pickup = "counter"
    pickup_address: str = ""  # for "post": where the result is mailed
    register_book: str = ""
    register_line: str = ""
    copies: tuple[str, ...] = (
        "Liên 1: Giao người nộp hồ sơ",
        "Liên 2: Lưu cùng Phiếu kiểm soát quá trình giải quyết hồ sơ",
    )


@dataclass(frozen=True)
class SupplementItem:
    """One line of form 02's table: a document to add or complete."""

    name: str
    originals: int = 0
    certified_copies: int = 0
    copies: int = 0
    note: str = ""  # what exactly to complete


@dataclass(frozen=True)
class SupplementRequestData:
    """Form 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""

    head: SheetHead
    dossier_code: str
    applicant: Applicant
    procedure_name: str
    items: tuple[SupplementItem, ...]
    reason: str
    contact_name: str
    contact_phone: str
    officer: Signer


@dataclass(frozen=True)
class RefusalData:
    """Form 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    head: SheetHead
    applicant: Applicant
    procedure_name: str
    reason: str
    officer: Signer
    dossier_code: str = ""


@dataclass(frozen=True)
class ApologyData:
    """Form 04: the apology with a new date for the result."""

    head: SheetHead
    applicant: Applicant
    dossier_code: str
    procedure_name: str
    received_at: datetime
    due_at: datetime
    reason: str
    new_due_at: datetime
    signer: Signer
    recipients: tuple[str, ...] = ()  # "Nơi nhận" lines


@dataclass(frozen=True)
class StopNoticeData:
    """Form 05: Thông báo dừng giải quyết hồ sơ."""

    head: SheetHead
    applicant: Applicant
    dossier_code: str
    procedure_name: str
    received_at: datetime
    reason: str
    legal_basis: str
    applicant_options: str  # what the applicant may do next
    signer: Signer
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class Handover:
    """One row of the control sheet: a dossier passed from one officer to the next."""

    giver_name: str
    giver_unit: str
    receiver_name: str
    receiver_unit: str
    at: datetime
    timeliness: str | None = None  # "early" / "on_time" / "late"; None while the step runs
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "timeliness", timeliness_value(self.timeliness))


@dataclass(frozen=True)
class ControlSheetData:
    """Form 06: Phiếu kiểm soát quá trình giải quyết hồ sơ."""

    head: SheetHead
    dossier_code: str
    applicant: Applicant
    procedure_name: str
    handling_body: str
    handovers: tuple[Handover, ...]
    receipt_number: str = ""
    coordinating_bodies: str = ""
    received_at: datetime | None = None
    due_at: datetime | None = None


@dataclass(frozen=True)
class RegisterLine:
    """One dossier in the register (form 07)."""

    number: int
    dossier_code: str
    procedure_name: str
    applicant_name: str
    address: str
    phone: str
    handling_body: str
    received_at: datetime
    due_at: datetime
    sets: int = 1
    passed_at: datetime | None = None  # passed to the handling body
    result_back_at: datetime | None = None  # result came back to the counter
    returned_at: datetime | None = None  # handed to the applicant
    returned_to: str = ""  # who collected it (the register is signed)
    timeliness: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "timeliness", timeliness_value(self.timeliness))


@dataclass(frozen=True)
class RegisterData:
    """Form 07: Sổ theo dõi hồ sơ for a period."""

    head: SheetHead
    period_from: date
    period_to: date
    lines: tuple[RegisterLine, ...]
    book: str = ""  # "Quyển số"


# --------------------------------------------------------------------------- public notices


@dataclass(frozen=True)
class FeeLine:
    """One fee of a procedure; ``amount_vnd`` None means set by the provincial council."""

    item: str
    amount_vnd: int | None = None
    note: str = ""  # exemptions, per-copy caps


@dataclass(frozen=True)
class NoticeProcedure:
    """Everything printed about one procedure on the public notice board."""

    code: str
    name: str
    field: str
    documents: tuple[DocumentLine, ...]
    processing_time: str
    fees: tuple[FeeLine, ...]
    channels: tuple[str, ...]  # "counter", "post", "online_full", "online_partial", … or text
    applicants: str
    agency: str
    legal_basis: tuple[str, ...]
    result: str
    processing_note: str = ""
    sets: int = 1
    publication_decision: str = ""
    url_template: str = PORTAL_PROCEDURE_URL

    @property
    def url(self) -> str:
        return self.url_template.format(code=self.code)


@dataclass(frozen=True)
class NoticeSection:
    """One field's procedures (each field starts a new page)."""

    field: str
    procedures: tuple[NoticeProcedure, ...]


@dataclass(frozen=True)
class NoticeData:
    """The public notice sheets (niêm yết công khai) for one or more fields."""

    head: SheetHead
    sections: tuple[NoticeSection, ...]
    counter_address: str = ""  # where "nộp trực tiếp" happens; defaults to the office address
    portal_url: str = PORTAL_URL


@dataclass(frozen=True)
class ProcedureListRow:
    """One line of the list of all procedures."""

    code: str
    name: str
    field: str
    processing_time: str
    publication_decision: str


@dataclass(frozen=True)
class ProcedureListData:
    """Danh mục thủ tục hành chính: every procedure the office handles."""

    head: SheetHead
    rows: tuple[ProcedureListRow, ...]


@dataclass(frozen=True)
class FeedbackContactData:
    """The notice of where and how citizens send phản ánh, kiến nghị."""

    head: SheetHead
    receiving_body: str
    address: str
    phone: str
    email: str
    portal_url: str = PORTAL_URL
    hours: str = ""  # reception hours, optional
    extra: tuple[str, ...] = ()  # any further lines
    signer: Signer | None = None


@dataclass(frozen=True)
class FeedbackItem:
    """One piece of feedback handled in the period, as it is posted."""

    received_on: date
    sender: str  # as the sender agreed to be named
    summary: str
    answer: str
    answered_on: date | None


@dataclass(frozen=True)
class FeedbackResultsData:
    """Kết quả xử lý phản ánh, kiến nghị for a period, for posting."""

    head: SheetHead
    period_from: date
    period_to: date
    items: tuple[FeedbackItem, ...]
    signer: Signer | None = None


# --------------------------------------------------------------------------- helpers for services


def describe_processing_time(
    amount: float | None, unit: str | None, cutoff_hour: int | None = None
) -> str:
    """Words for a processing time as the catalogue stores it.

    ``unit`` is one of "ngày làm việc", "ngày", "giờ", "trong ngày", "ngay" (as in the
    procedure data); amounts under 10 get a leading zero, as on official notices.
    """
    if unit is None:
        return ""
    if unit == "trong ngày":
        text = "Trong ngày"
        if cutoff_hour is not None:
            text += f" (tiếp nhận sau {cutoff_hour} giờ: trả trong ngày làm việc tiếp theo)"
        return text
    if unit == "ngay":
        return "Giải quyết ngay khi tiếp nhận"
    if amount is None:
        return unit
    number = int(amount) if float(amount).is_integer() else amount
    shown = f"{number:02d}" if isinstance(number, int) else str(number).replace(".", ",")
    return f"{shown} {unit}"
