"""The province's dossier list: column layouts, row parsing and the three-way reconciliation."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import TypeVar

from tthc_desk.domain.enums import Channel, DossierState
from tthc_desk.domain.text import fold, nfc

# Limits of one import (a provincial export of a commune's year is a few thousand rows).
MAX_ROWS = 200_000
MAX_CELL = 2_000
#: Narrower cells: the width the record keeps them in (a longer one is not the province's data).
CELL_LIMITS = {"code": 60, "procedure_code": 60, "applicant": 300, "handling_body": 300}
#: Times outside these years are a typing slip or a broken cell, never a dossier's.
FIRST_YEAR, LAST_YEAR = 1900, 2100


class ProvinceStatus(enum.StrEnum):
    """A dossier's state on the provincial software, reduced to what can be compared."""

    SUBMITTED = "submitted"  # submitted online, not yet received
    PROCESSING = "processing"  # received, in progress, paused
    SUPPLEMENT = "supplement"  # sent back to the applicant for more documents
    RESULT_READY = "result_ready"
    RETURNED = "returned"
    REFUSED = "refused"
    STOPPED = "stopped"
    WITHDRAWN = "withdrawn"


# The app's states as the province's software shows them.
STATE_AS_PROVINCE: dict[DossierState, ProvinceStatus] = {
    DossierState.SUBMITTED_ONLINE: ProvinceStatus.SUBMITTED,
    DossierState.RECEIVED: ProvinceStatus.PROCESSING,
    DossierState.IN_PROGRESS: ProvinceStatus.PROCESSING,
    DossierState.PAUSED: ProvinceStatus.PROCESSING,
    DossierState.SUPPLEMENT_REQUESTED: ProvinceStatus.SUPPLEMENT,
    DossierState.RESULT_READY: ProvinceStatus.RESULT_READY,
    DossierState.RETURNED: ProvinceStatus.RETURNED,
    DossierState.REFUSED: ProvinceStatus.REFUSED,
    DossierState.STOPPED: ProvinceStatus.STOPPED,
    DossierState.WITHDRAWN: ProvinceStatus.WITHDRAWN,
}

# Status and channel words seen in provincial exports, folded (see :func:`_words_key`). A cell is
# matched word by word and the LONGEST word found wins ("Hoàn thành, đã trả kết quả" is
# returned; "Trả lại hồ sơ" is refused, not returned). Sources of the wording (the words only):
# the citizen guides of the provinces' one-stop systems, e.g.
# http://1cuacaphuyen.cantho.gov.vn/huong-dan/220-313 (column "Trạng thái": thụ lý, yêu cầu bổ
# sung), http://trungtamhanhchinhcong.camau.gov.vn/huong-dan-quan-ly-bo-sung-ho-so-nop-truc-tuyen.259
# (hồ sơ đã nộp, cần chỉnh sửa, yêu cầu bổ sung), https://motcuav1.quangngai.gov.vn/es/28
# (trạng thái xử lý, số biên nhận), https://kstthc.khanhhoa.gov.vn/TCHS.aspx (số tiếp nhận,
# tiến độ xử lý); and the stages of Nghị định 61/2018/NĐ-CP (Điều 15-20: tiếp nhận, yêu cầu
# bổ sung, từ chối tiếp nhận, giải quyết, trả kết quả) with Thông tư 01/2018/TT-VPCP.
_STATUS_WORDS: tuple[tuple[str, ProvinceStatus], ...] = (
    ("cho tiep nhan", ProvinceStatus.SUBMITTED),
    ("chua tiep nhan", ProvinceStatus.SUBMITTED),
    ("moi nop", ProvinceStatus.SUBMITTED),
    ("da nop", ProvinceStatus.SUBMITTED),
    ("moi dang ky", ProvinceStatus.SUBMITTED),
    ("ho so moi", ProvinceStatus.SUBMITTED),
    ("cho xu ly tiep nhan", ProvinceStatus.SUBMITTED),
    ("cho duyet tiep nhan", ProvinceStatus.SUBMITTED),
    ("submitted", ProvinceStatus.SUBMITTED),
    ("da tiep nhan", ProvinceStatus.PROCESSING),
    ("tiep nhan", ProvinceStatus.PROCESSING),
    ("dang xu ly", ProvinceStatus.PROCESSING),
    ("cho xu ly", ProvinceStatus.PROCESSING),
    ("dang giai quyet", ProvinceStatus.PROCESSING),
    ("dang thu ly", ProvinceStatus.PROCESSING),
    ("thu ly", ProvinceStatus.PROCESSING),
    ("dang tham dinh", ProvinceStatus.PROCESSING),
    ("dang tham tra", ProvinceStatus.PROCESSING),
    ("dang xac minh", ProvinceStatus.PROCESSING),
    ("cho phan cong", ProvinceStatus.PROCESSING),
    ("da phan cong", ProvinceStatus.PROCESSING),
    ("chuyen xu ly", ProvinceStatus.PROCESSING),
    ("dang chuyen", ProvinceStatus.PROCESSING),
    ("cho phe duyet", ProvinceStatus.PROCESSING),
    ("trinh ky", ProvinceStatus.PROCESSING),
    ("cho ky", ProvinceStatus.PROCESSING),
    ("cho ky duyet", ProvinceStatus.PROCESSING),
    ("tam dung", ProvinceStatus.PROCESSING),
    ("cho tham dinh", ProvinceStatus.PROCESSING),
    ("cho duyet", ProvinceStatus.PROCESSING),
    ("lien thong", ProvinceStatus.PROCESSING),
    ("da chuyen", ProvinceStatus.PROCESSING),
    ("cho thanh toan", ProvinceStatus.PROCESSING),
    ("processing", ProvinceStatus.PROCESSING),
    ("yeu cau bo sung", ProvinceStatus.SUPPLEMENT),
    ("cho bo sung", ProvinceStatus.SUPPLEMENT),
    ("dang bo sung", ProvinceStatus.SUPPLEMENT),
    ("bo sung", ProvinceStatus.SUPPLEMENT),
    ("can chinh sua", ProvinceStatus.SUPPLEMENT),
    ("yeu cau chinh sua", ProvinceStatus.SUPPLEMENT),
    ("supplement", ProvinceStatus.SUPPLEMENT),
    ("co ket qua", ProvinceStatus.RESULT_READY),
    ("da co ket qua", ProvinceStatus.RESULT_READY),
    ("cho tra ket qua", ProvinceStatus.RESULT_READY),
    ("cho tra kq", ProvinceStatus.RESULT_READY),
    ("da giai quyet", ProvinceStatus.RESULT_READY),
    ("giai quyet xong", ProvinceStatus.RESULT_READY),
    ("da xu ly xong", ProvinceStatus.RESULT_READY),
    ("xu ly xong", ProvinceStatus.RESULT_READY),
    ("hoan thanh", ProvinceStatus.RESULT_READY),
    ("da hoan thanh", ProvinceStatus.RESULT_READY),
    ("da xu ly", ProvinceStatus.RESULT_READY),
    ("da duyet", ProvinceStatus.RESULT_READY),
    ("da phe duyet", ProvinceStatus.RESULT_READY),
    ("da ky", ProvinceStatus.RESULT_READY),
    ("cho tra", ProvinceStatus.RESULT_READY),
    ("result ready", ProvinceStatus.RESULT_READY),
    ("da tra ket qua", ProvinceStatus.RETURNED),
    ("tra ket qua", ProvinceStatus.RETURNED),
    ("da tra kq", ProvinceStatus.RETURNED),
    ("da tra", ProvinceStatus.RETURNED),
    ("da nhan ket qua", ProvinceStatus.RETURNED),
    ("cong dan da nhan ket qua", ProvinceStatus.RETURNED),
    ("ket thuc", ProvinceStatus.RETURNED),
    ("returned", ProvinceStatus.RETURNED),
    ("tu choi", ProvinceStatus.REFUSED),
    ("tu choi tiep nhan", ProvinceStatus.REFUSED),
    ("khong tiep nhan", ProvinceStatus.REFUSED),
    ("khong giai quyet", ProvinceStatus.REFUSED),
    ("khong du dieu kien", ProvinceStatus.REFUSED),
    ("tra lai", ProvinceStatus.REFUSED),
    ("da tra lai", ProvinceStatus.REFUSED),
    ("tra lai ho so", ProvinceStatus.REFUSED),
    ("refused", ProvinceStatus.REFUSED),
    ("dung xu ly", ProvinceStatus.STOPPED),
    ("dung giai quyet", ProvinceStatus.STOPPED),
    ("ngung xu ly", ProvinceStatus.STOPPED),
    ("ngung giai quyet", ProvinceStatus.STOPPED),
    ("stopped", ProvinceStatus.STOPPED),
    ("rut ho so", ProvinceStatus.WITHDRAWN),
    ("da rut", ProvinceStatus.WITHDRAWN),
    ("cong dan rut", ProvinceStatus.WITHDRAWN),
    ("rut yeu cau", ProvinceStatus.WITHDRAWN),
    ("yeu cau rut", ProvinceStatus.WITHDRAWN),
    # "Đã hủy"/"Hủy hồ sơ": cancelled at the applicant's request before a result.
    ("huy", ProvinceStatus.WITHDRAWN),
    ("da huy", ProvinceStatus.WITHDRAWN),
    ("huy ho so", ProvinceStatus.WITHDRAWN),
    ("withdrawn", ProvinceStatus.WITHDRAWN),
)

# Channel words: "Trực tuyến (mức độ 3/4)", "DVC toàn trình/một phần", "Nộp trực tuyến",
# "Qua bưu chính công ích" (Quyết định 45/2016/QĐ-TTg), "Trực tiếp", "Tại bộ phận một cửa".
_CHANNEL_WORDS: tuple[tuple[str, Channel], ...] = (
    ("truc tuyen", Channel.ONLINE),
    ("nop truc tuyen", Channel.ONLINE),
    ("dich vu cong", Channel.ONLINE),
    ("dvc", Channel.ONLINE),
    ("dvctt", Channel.ONLINE),
    ("toan trinh", Channel.ONLINE),
    ("mot phan", Channel.ONLINE),
    ("muc do 3", Channel.ONLINE),
    ("muc do 4", Channel.ONLINE),
    ("online", Channel.ONLINE),
    ("qua mang", Channel.ONLINE),
    ("internet", Channel.ONLINE),
    ("vneid", Channel.ONLINE),
    ("ung dung", Channel.ONLINE),
    ("cong dvc", Channel.ONLINE),
    ("buu chinh", Channel.POST),
    ("buu chinh cong ich", Channel.POST),
    ("buu dien", Channel.POST),
    ("bccI", Channel.POST),
    ("post", Channel.POST),
    ("truc tiep", Channel.COUNTER),
    ("nop truc tiep", Channel.COUNTER),
    ("tai quay", Channel.COUNTER),
    ("tai bo phan mot cua", Channel.COUNTER),
    ("mot cua", Channel.COUNTER),
    ("counter", Channel.COUNTER),
)


def _words_key(text: str) -> str:
    """Folded text with every run of non-letters as one space, padded for word matching."""
    return " " + " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split()) + " "


_T = TypeVar("_T")


def _longest_word(text: str, words: tuple[tuple[str, _T], ...]) -> _T | None:
    key = _words_key(text)
    best: tuple[int, _T] | None = None
    for word, value in words:
        if word in key and (best is None or len(word) > best[0]):
            best = (len(word), value)
    return best[1] if best else None


# The fields an import can fill; ``code`` and one of the times are required (the status is
# read from the times when the export has no status column).
FIELDS: tuple[str, ...] = (
    "code",
    "procedure_code",
    "procedure_name",
    "applicant",
    "channel",
    "submitted_at",
    "received_at",
    "due_at",
    "finished_at",
    "returned_at",
    "status",
    "handling_body",
)
REQUIRED: tuple[str, ...] = ("code",)  # and a time: see read_table


@dataclass(frozen=True)
class Layout:
    """A ready column mapping: for each field, the folded header texts it may carry."""

    key: str
    headers: Mapping[str, tuple[str, ...]]

    def match(self, header_row: Sequence[str]) -> dict[str, int]:
        """Field → column index for the headers of this layout found in ``header_row``.

        An exact header first; then, for aliases of two words or more, a header that starts
        with the alias, then one that holds it as whole words ("Ngày tiếp nhận hồ sơ (3)" is
        "Ngày tiếp nhận"). Longer aliases win over shorter ones; a column serves one field
        only and a field takes one column."""
        folded = [_header_key(h) for h in header_row]
        ranked: list[tuple[int, int, int, int, str]] = []
        for name, aliases in self.headers.items():
            for rank, alias in enumerate(aliases):
                if not alias:
                    continue
                fuzzy = " " in alias and len(alias) >= 7
                for col, head in enumerate(folded):
                    if not head:
                        continue
                    if head == alias:
                        ranked.append((0, 0, rank, col, name))
                    elif fuzzy and head.startswith(alias + " "):
                        ranked.append((1, -len(alias), rank, col, name))
                    elif fuzzy and f" {alias} " in f" {head} ":
                        ranked.append((2, -len(alias), rank, col, name))
        ranked.sort()
        found: dict[str, int] = {}
        used: set[int] = set()
        for _kind, _length, _rank, col, name in ranked:
            if name not in found and col not in used:
                found[name] = col
                used.add(col)
        return found


_NUMBERING = re.compile(r"\(\s*(?:\d{1,2}|[a-z]|\*+)\s*\)|\*+$|^\s*\d{1,2}\s*[.)]\s+")


def _header_key(text: object) -> str:
    """A header cell as a comparable key: folded, without numbering such as "(1)", "1." or a
    trailing "(*)", punctuation and line breaks as single spaces."""
    folded = fold(str(text or "").replace("\n", " "))
    folded = _NUMBERING.sub(" ", folded)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def _aliases(*texts: str) -> tuple[str, ...]:
    return tuple(_header_key(t) for t in texts)


# The app's own template headers (also what `reconcile` writes), and two header sets of
# provincial one-stop systems. The vendor sets are the column titles commonly shown by the
# provinces' "Hệ thống thông tin giải quyết thủ tục hành chính" exports; an office whose export
# differs maps its columns once in the import dialog and the mapping is kept.
# The generic set also carries the titles of the follow-up book of Thông tư 01/2018/TT-VPCP
# (Mẫu số 06 "Sổ theo dõi hồ sơ": Mã hồ sơ, Tên TTHC, Tên cá nhân, tổ chức, Nhận hồ sơ, Hẹn
# trả kết quả, Trả kết quả cho cá nhân, tổ chức) and the titles of the receipt and look-up pages
# of provincial systems (Số biên nhận, Mã số biên nhận, Số tiếp nhận: see the URLs above the
# status words).
GENERIC = Layout(
    "generic",
    {
        "code": _aliases(
            "Mã hồ sơ",
            "Số hồ sơ",
            "Ma ho so",
            "Mã số hồ sơ",
            "Số biên nhận",
            "Mã số biên nhận",
            "Mã biên nhận",
            "Số tiếp nhận",
            "Mã tiếp nhận",
            "Mã HS",
            "Số HS",
            "Mã hồ sơ một cửa",
        ),
        "procedure_code": _aliases(
            "Mã thủ tục",
            "Mã TTHC",
            "Mã thủ tục hành chính",
            "Mã số TTHC",
            "Mã thủ tục HC",
        ),
        "procedure_name": _aliases(
            "Tên thủ tục",
            "Thủ tục",
            "Tên TTHC",
            "Tên thủ tục hành chính",
            "Thủ tục hành chính",
            "TTHC",
            "Tên dịch vụ công",
            "Dịch vụ công",
        ),
        "applicant": _aliases(
            "Người nộp",
            "Chủ hồ sơ",
            "Tổ chức, cá nhân",
            "Người đứng tên",
            "Người nộp hồ sơ",
            "Tên người nộp",
            "Họ tên người nộp",
            "Họ và tên người nộp",
            "Tên cá nhân, tổ chức",
            "Tên tổ chức, cá nhân",
            "Cá nhân, tổ chức",
            "Tổ chức/cá nhân",
            "Tên chủ hồ sơ",
            "Người yêu cầu",
            "Công dân",
            "Công dân, tổ chức",
            "Người đăng ký",
        ),
        "channel": _aliases(
            "Kênh nộp",
            "Hình thức nộp",
            "Hình thức tiếp nhận",
            "Kênh tiếp nhận",
            "Hình thức nộp hồ sơ",
            "Hình thức",
            "Nguồn hồ sơ",
            "Loại hồ sơ",
            "Kênh",
            "Phương thức nộp",
            "Cách thức nộp",
        ),
        "submitted_at": _aliases(
            "Ngày nộp",
            "Thời gian nộp",
            "Ngày nộp hồ sơ",
            "Ngày giờ nộp",
            "Thời điểm nộp",
            "Ngày gửi",
            "Ngày đăng ký",
            "Ngày nộp trực tuyến",
            "Ngày tạo",
        ),
        "received_at": _aliases(
            "Ngày tiếp nhận",
            "Thời gian tiếp nhận",
            "Ngày nhận",
            "Ngày nhận hồ sơ",
            "Nhận hồ sơ",
            "Ngày giờ tiếp nhận",
            "Thời điểm tiếp nhận",
            "Ngày tiếp nhận hồ sơ",
        ),
        "due_at": _aliases(
            "Ngày hẹn trả",
            "Hạn xử lý",
            "Hạn giải quyết",
            "Ngày hẹn trả kết quả",
            "Hẹn trả kết quả",
            "Hẹn trả",
            "Ngày hẹn",
            "Hạn trả kết quả",
            "Ngày hết hạn",
            "Hạn hoàn thành",
            "Ngày hẹn trả KQ",
        ),
        "finished_at": _aliases(
            "Ngày có kết quả",
            "Ngày hoàn thành",
            "Thời gian hoàn thành",
            "Ngày kết thúc xử lý",
            "Ngày xử lý xong",
            "Ngày giải quyết xong",
            "Ngày kết thúc",
            "Thời gian có kết quả",
            "Nhận kết quả từ cơ quan giải quyết",
            "Ngày hoàn thành xử lý",
            "Ngày có KQ",
            "Ngày nhận kết quả",
        ),
        "returned_at": _aliases(
            "Ngày trả kết quả",
            "Ngày trả",
            "Thời gian trả kết quả",
            "Ngày trả KQ",
            "Trả kết quả cho cá nhân, tổ chức",
            "Ngày trả kết quả thực tế",
            "Ngày trả thực tế",
            "Thời gian trả",
            "Ngày đã trả kết quả",
            "Ngày công dân nhận kết quả",
        ),
        "status": _aliases(
            "Trạng thái",
            "Tình trạng",
            "Trạng thái hồ sơ",
            "Trạng thái xử lý",
            "Tình trạng xử lý",
            "Tình trạng hồ sơ",
            "Tình trạng giải quyết",
            "Trạng thái giải quyết",
            "Tiến độ xử lý",
        ),
        "handling_body": _aliases(
            "Đơn vị xử lý",
            "Cơ quan giải quyết",
            "Cơ quan xử lý",
            "Cơ quan chủ trì giải quyết",
            "Đơn vị tiếp nhận",
            "Cơ quan tiếp nhận",
            "Cơ quan thực hiện",
            "Đơn vị giải quyết",
            "Nơi tiếp nhận",
            "Đơn vị",
        ),
    },
)
IGATE = Layout(
    "igate",
    {
        "code": _aliases("Số hồ sơ"),
        "procedure_code": _aliases("Mã thủ tục hành chính"),
        "procedure_name": _aliases("Tên thủ tục hành chính"),
        "applicant": _aliases("Chủ hồ sơ"),
        "channel": _aliases("Hình thức nộp"),
        "submitted_at": _aliases("Ngày nộp"),
        "received_at": _aliases("Ngày tiếp nhận"),
        "due_at": _aliases("Ngày hẹn trả"),
        "finished_at": _aliases("Ngày hoàn thành"),
        "returned_at": _aliases("Ngày trả kết quả"),
        "status": _aliases("Trạng thái"),
        "handling_body": _aliases("Đơn vị xử lý"),
    },
)
MOTCUA = Layout(
    "motcua",
    {
        "code": _aliases("Mã hồ sơ"),
        "procedure_code": _aliases("Mã TTHC"),
        "procedure_name": _aliases("Tên TTHC"),
        "applicant": _aliases("Tổ chức, cá nhân"),
        "channel": _aliases("Hình thức tiếp nhận"),
        "submitted_at": _aliases("Thời gian nộp"),
        "received_at": _aliases("Thời gian tiếp nhận"),
        "due_at": _aliases("Hạn giải quyết"),
        "finished_at": _aliases("Thời gian hoàn thành"),
        "returned_at": _aliases("Thời gian trả kết quả"),
        "status": _aliases("Tình trạng"),
        "handling_body": _aliases("Cơ quan giải quyết"),
    },
)
LAYOUTS: tuple[Layout, ...] = (IGATE, MOTCUA, GENERIC)


def usable(mapping: Mapping[str, int]) -> bool:
    """Whether a column mapping can read dossiers: a code and a reception or submission time."""
    return all(r in mapping for r in REQUIRED) and (
        "received_at" in mapping or "submitted_at" in mapping
    )


def detect_columns(
    header_row: Sequence[str], saved: Mapping[str, str] | None = None
) -> tuple[str, dict[str, int]]:
    """(layout key, field → column) for a header row: the office's saved mapping (field →
    header text) first, then the ready layout that recognises most columns."""
    if saved:
        folded = [_header_key(h) for h in header_row]
        mapping = {
            name: folded.index(_header_key(text))
            for name, text in saved.items()
            if name in FIELDS and _header_key(text) in folded
        }
        if usable(mapping):  # else this export is laid out otherwise: the ready layouts
            return "saved", mapping
    best = max(LAYOUTS, key=lambda lay: (len(lay.match(header_row)), lay is not GENERIC))
    return best.key, best.match(header_row)


def header_known(text: object) -> bool:
    """Whether a header cell alone names a field of some ready layout (exactly or by its
    words); a sub-header that does not is read together with the group title above it."""
    return any(lay.match([str(text or "")]) for lay in LAYOUTS)


def merge_header_rows(top: Sequence[object], sub: Sequence[object]) -> tuple[str, ...]:
    """The header of a two-row title: a group title (merged over several columns: its text is
    in the first of them) above the real titles; a title merged over both rows is in the top
    row only."""
    width = max(len(top), len(sub))
    out: list[str] = []
    group = ""
    for i in range(width):
        t = cell_text(top[i]) if i < len(top) else ""
        b = cell_text(sub[i]) if i < len(sub) else ""
        group = "" if not b else (t or group)  # a title over both rows does not spread
        t = t or (group if b else "")
        if t and b and t != b and not header_known(b):
            out.append(f"{t} {b}")
        else:
            out.append(b or t)
    return tuple(out)


_ROW_NUMBERS = re.compile(r"^\(?\s*(?:\d{1,2}|[a-z])\s*\)?$")
_TOTALS = re.compile(r"^(?:tong cong|tong so|tong|cong|total)\b")
_CODE = re.compile(r"[A-Z0-9][A-Z0-9.\-_/]{2,59}")


def is_filler(row: Sequence[object], columns: Mapping[str, int]) -> bool:
    """A line of the table that is no dossier: blank, the column numbering under the header
    ("(1)", "(2)", …), a totals line ("Tổng cộng"), a group title or the signature block below
    the table (no code, status or time in it)."""

    def at(name: str) -> str:
        i = columns.get(name)
        return cell_text(row[i]) if i is not None and i < len(row) else ""

    code_ok = bool(_CODE.fullmatch(code_text(at("code"))))
    if code_ok and (at("status") or any(at(t) for t in _TIMES)):
        return False  # the common case, decided without reading every cell
    filled = [t for t in (cell_text(v) for v in row) if t]
    if not filled:
        return True
    if len(filled) >= 2 and all(_ROW_NUMBERS.match(fold(t)) for t in filled):
        return True
    if not code_ok and _TOTALS.match(fold(filled[0])):
        return True
    if not at("code") and not at("status") and not any(at(t) for t in _TIMES):
        return True
    return len(filled) == 1 and not code_ok


@dataclass(frozen=True)
class Problem:
    """A row-level problem: a message code with its parameters."""

    code: str
    field: str | None = None
    params: Mapping[str, str] = dc_field(default_factory=dict)


@dataclass(frozen=True)
class ProvinceRow:
    """One dossier as the provincial software lists it."""

    number: int  # row number as the spreadsheet shows it
    code: str
    procedure_code: str
    procedure_name: str
    applicant: str
    channel: Channel | None
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    status: ProvinceStatus
    handling_body: str

    @property
    def applicant_folded(self) -> str:
        return fold(self.applicant)

    @property
    def day(self) -> date | None:
        """The day the dossier entered the office (received, else submitted)."""
        at = self.received_at or self.submitted_at
        return at.date() if at else None

    def values(self) -> dict[str, object]:
        """The comparable values (for "what changed" between two exports)."""
        return {
            "procedure_code": self.procedure_code,
            "procedure_name": self.procedure_name,
            "applicant": self.applicant,
            "channel": self.channel.value if self.channel else None,
            "submitted_at": self.submitted_at,
            "received_at": self.received_at,
            "due_at": self.due_at,
            "finished_at": self.finished_at,
            "returned_at": self.returned_at,
            "status": self.status.value,
            "handling_body": self.handling_body,
        }


# Time cells as provincial exports write them. The day always comes before the month (Vietnamese
# order) except in ISO text; a two-digit year is read as 20yy; "SA"/"CH" are the Vietnamese AM/PM
# of Windows' vi-VN format; an ISO time with an offset is brought to Vietnam's time (+07:00).
_TIME = r"(?P<H>\d{1,2})\s*[:hg]\s*(?P<M>\d{2})(?:\s*[:p']\s*(?P<S>\d{2})(?:[.,]\d+)?)?\s*(?P<ap>sa|ch|am|pm)?"
_DAY = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4}|\d{2})"
_DT_PATTERNS = (
    re.compile(rf"^{_DAY}(?:(?:\s+|\s*[t,;-]\s*|\s*luc\s*){_TIME})?$"),
    re.compile(
        r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
        r"(?:[ t](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
        r"\s*(?P<tz>z|[+-]\d{2}:?\d{2})?)?$"
    ),
    re.compile(rf"^{_TIME}(?:\s+|\s*[,;-]\s*|\s*ngay\s*){_DAY}$"),
)
# Excel's day 0 (1899-12-30, with its 1900 leap-year quirk already counted in).
_EXCEL_EPOCH = datetime(1899, 12, 30)
_LOCAL = timezone(timedelta(hours=7))


def _excel_serial(number: float) -> datetime:
    """A spreadsheet serial day number (a date cell saved without its format)."""
    if not 1 <= number < 2_958_466:
        raise ValueError(str(number))
    at = _EXCEL_EPOCH + timedelta(days=float(number))
    return at.replace(microsecond=0) + timedelta(seconds=1 if at.microsecond >= 500_000 else 0)


def parse_datetime(value: object) -> datetime | None:
    """A time cell: a spreadsheet datetime/date or serial day number, "dd/mm/yyyy [HH:MM[:SS]]",
    "HH:MM[:SS] dd/mm/yyyy", "dd-mm-yyyy", ISO (an offset is brought to +07:00). ``ValueError``
    when the text is not such a time or does not exist."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_LOCAL).replace(tzinfo=None)
        return value.replace(microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int | float):
        return _excel_serial(value)
    text = cell_text(value)
    text = text.lower() if text.isascii() else fold(text)
    if not text:
        return None
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):  # a serial number written out as text
        return _excel_serial(float(text))
    for pattern in _DT_PATTERNS:
        m = pattern.match(text)
        if m:
            return _from_parts(text, m.groupdict())
    raise ValueError(text)


def _from_parts(text: str, parts: dict[str, str | None]) -> datetime:
    year = int(parts["y"] or 0)
    if year < 100:
        year += 2000
    if not 1900 <= year <= 2200:
        raise ValueError(text)
    hour = int(parts.get("H") or 0)
    ap = parts.get("ap")
    if ap is not None:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if ap in ("ch", "pm") else 0)
    at = datetime(
        year,
        int(parts["m"] or 0),
        int(parts["d"] or 0),
        hour,
        int(parts.get("M") or 0),
        int(parts.get("S") or 0),
    )
    tz = parts.get("tz")
    if tz:
        if tz == "z":
            offset = timedelta(0)
        else:
            digits = tz[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            offset = -offset if tz[0] == "-" else offset
        at = (at - offset + timedelta(hours=7)).replace(tzinfo=None)
    return at


def status_from_times(times: Mapping[str, datetime | None]) -> ProvinceStatus | None:
    """The state a row's times show when it states none."""
    if times.get("returned_at"):
        return ProvinceStatus.RETURNED
    if times.get("finished_at"):
        return ProvinceStatus.RESULT_READY
    if times.get("received_at"):
        return ProvinceStatus.PROCESSING
    if times.get("submitted_at"):
        return ProvinceStatus.SUBMITTED
    return None


# The words as padded keys, once (an export repeats a handful of distinct cells many times).
_STATUS_KEYS = tuple((_words_key(w), v) for w, v in _STATUS_WORDS)
_CHANNEL_KEYS = tuple((_words_key(w), v) for w, v in _CHANNEL_WORDS)


@lru_cache(maxsize=4096)
def parse_status(text: str) -> ProvinceStatus | None:
    return _longest_word(text, _STATUS_KEYS)


@lru_cache(maxsize=4096)
def parse_channel(text: str) -> Channel | None:
    return _longest_word(text, _CHANNEL_KEYS)


_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


# ="000.00.25.H23-260302-0001": the way spreadsheets are told to keep a code as text in a CSV.
_TEXT_FORMULA = re.compile(r'^=\s*"([^"]*)"$')


def cell_text(value: object) -> str:
    """A cell as NFC text without control or bidi characters; formulas are not values (the
    literal-text form ="…" excepted)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = nfc(_CONTROL.sub("", str(value)))
    m = _TEXT_FORMULA.match(text)
    return nfc(m.group(1)) if m else text


def code_text(value: object) -> str:
    """A dossier code as the software writes it: upper case, no spaces, no leading apostrophe
    (the text marker of spreadsheets)."""
    return re.sub(r"\s+", "", cell_text(value)).lstrip("'").upper()


def parse_row(number: int, cells: Mapping[str, object]) -> tuple[ProvinceRow | None, list[Problem]]:
    """One export row → a :class:`ProvinceRow` with the notes to show (an unknown channel word,
    a result before the reception), or ``None`` with the problems it is refused for."""
    problems: list[Problem] = []  # the row is refused
    notes: list[Problem] = []  # the row is kept; a person should look at it
    text = {name: cell_text(cells.get(name)) for name in FIELDS if name not in _TIMES}
    for name, value in text.items():
        limit = CELL_LIMITS.get(name, MAX_CELL)
        if len(value) > limit:
            problems.append(Problem("province.cell.too_long", name, {"limit": str(limit)}))
    for name, value in text.items():
        if "\ufffd" in value:  # a byte the file's encoding did not have: the text is not sure
            problems.append(Problem("province.cell.decode", name))
    code = code_text(text["code"])
    if not code:
        problems.append(Problem("province.code.empty", "code"))
    elif not re.fullmatch(r"[A-Z0-9][A-Z0-9.\-_/]{2,59}", code):
        problems.append(Problem("province.code.format", "code", {"value": text["code"][:60]}))
    times: dict[str, datetime | None] = {}
    for name in _TIMES:
        raw = cells.get(name)
        if isinstance(raw, str) and cell_text(raw).startswith("="):
            problems.append(Problem("province.formula", name))
            continue
        try:
            times[name] = parse_datetime(raw)
        except (ValueError, OverflowError):
            problems.append(Problem("province.time.format", name, {"value": cell_text(raw)[:40]}))
            continue
        moment = times[name]
        if moment is not None and not FIRST_YEAR <= moment.year <= LAST_YEAR:
            times[name] = None
            problems.append(
                Problem("province.time.range", name, {"value": f"{moment:%d/%m/%Y}",
                        "first": str(FIRST_YEAR), "last": str(LAST_YEAR)})
            )  # fmt: skip
    # No status column (the paper-like "Sổ theo dõi hồ sơ" has none) or an empty cell: the
    # furthest time the row carries tells the state.
    status = parse_status(text["status"]) if text["status"] else status_from_times(times)
    if status is None and text["status"]:
        problems.append(Problem("province.status.unknown", "status", {"value": text["status"]}))
    channel = parse_channel(text["channel"]) if text["channel"] else None
    if text["channel"] and channel is None:
        # Kept (the channel is not compared): the row says what it would be refused for.
        notes.append(Problem("province.channel.unknown", "channel", {"value": text["channel"]}))
    if any(v.startswith("=") for v in text.values()):
        problems.append(Problem("province.formula", None))
    if not problems and not (times.get("received_at") or times.get("submitted_at")):
        problems.append(Problem("province.time.missing", "received_at"))
    received, finished = times.get("received_at"), times.get("finished_at")
    if received and finished and finished < received:
        notes.append(Problem("province.time.order", "finished_at"))  # kept, as the province has it
    if problems:
        return None, problems + notes
    assert status is not None
    return (
        ProvinceRow(
            number=number,
            code=code,
            procedure_code=text["procedure_code"],
            procedure_name=text["procedure_name"],
            applicant=text["applicant"],
            channel=channel,
            submitted_at=times.get("submitted_at"),
            received_at=times.get("received_at"),
            due_at=times.get("due_at"),
            finished_at=times.get("finished_at"),
            returned_at=times.get("returned_at"),
            status=status,
            handling_body=text["handling_body"],
        ),
        notes,
    )


_TIMES = ("submitted_at", "received_at", "due_at", "finished_at", "returned_at")


# =========================================================================== reconciliation


@dataclass(frozen=True)
class AppRecord:
    """A dossier of the app, as reconciliation needs it."""

    dossier_id: int
    code: str
    procedure_code: str
    field_name: str
    applicant_folded: str
    state: DossierState
    received_at: datetime | None
    submitted_at: datetime | None
    returned_at: datetime | None
    book: str | None  # the paper book its procedure is entered in, if any
    book_line: int | None  # the line it was entered on

    @property
    def day(self) -> date | None:
        at = self.received_at or self.submitted_at
        return at.date() if at else None


@dataclass(frozen=True)
class ProvinceRecord:
    """A dossier of the province's list, as stored after import."""

    record_id: int
    code: str
    procedure_code: str
    applicant_folded: str
    status: ProvinceStatus
    received_at: datetime | None
    submitted_at: datetime | None
    returned_at: datetime | None
    dossier_id: int | None = None  # matched by a person (a doubtful match decided)

    @property
    def day(self) -> date | None:
        at = self.received_at or self.submitted_at
        return at.date() if at else None


class Difference(enum.StrEnum):
    APP_ONLY = "app_only"  # in the app, not on the province's software (costs the 766 score)
    PROVINCE_ONLY = "province_only"  # on the province's software, not in the app
    STATUS = "status"  # both, different status
    RECEIVED_LATE = "received_late"  # received later on the province's software than here
    RETURNED_TIME = "returned_time"  # returned on different days
    NO_BOOK_LINE = "no_book_line"  # its procedure goes in a paper book, no line recorded
    DOUBTFUL = "doubtful"  # a likely pair without the same code: a person decides


@dataclass(frozen=True)
class Finding:
    kind: Difference
    code: str  # the app's code, else the province's
    dossier_id: int | None
    record_id: int | None
    app_value: str = ""
    province_value: str = ""


@dataclass(frozen=True)
class CountRow:
    """Three counts side by side for one field or one book."""

    name: str
    app: int
    province: int
    paper: int | None  # None: no paper book for this row

    @property
    def agrees(self) -> bool:
        return self.app == self.province and (self.paper is None or self.paper == self.app)


@dataclass(frozen=True)
class Reconciliation:
    start: date
    end: date
    findings: tuple[Finding, ...]
    by_field: tuple[CountRow, ...]
    by_book: tuple[CountRow, ...]
    app_total: int
    province_total: int
    matched: int

    def of(self, kind: Difference) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind is kind)

    @property
    def clean(self) -> bool:
        return not self.findings


def reconcile(
    start: date,
    end: date,
    app: Iterable[AppRecord],
    province: Iterable[ProvinceRecord],
    *,
    received_slack: timedelta = timedelta(minutes=5),
) -> Reconciliation:
    """Match the app's dossiers entered in [start, end] with the province's list by code (or by
    a person's decision), and list every difference once."""
    apps = [a for a in app if a.day is not None and start <= a.day <= end]
    provs = [p for p in province if p.day is not None and start <= p.day <= end]
    by_code = {a.code: a for a in apps}
    by_id = {a.dossier_id: a for a in apps}
    findings: list[Finding] = []
    matched_apps: set[int] = set()
    unmatched_provs: list[ProvinceRecord] = []
    pairs: list[tuple[AppRecord, ProvinceRecord]] = []
    for p in provs:
        a = by_id.get(p.dossier_id) if p.dossier_id is not None else by_code.get(p.code)
        if a is None or a.dossier_id in matched_apps:
            unmatched_provs.append(p)
            continue
        matched_apps.add(a.dossier_id)
        pairs.append((a, p))
    for a, p in pairs:
        mine = STATE_AS_PROVINCE[a.state]
        if mine is not p.status:
            findings.append(
                Finding(Difference.STATUS, a.code, a.dossier_id, p.record_id, mine.value, p.status)
            )
        if a.received_at and p.received_at and p.received_at > a.received_at + received_slack:
            findings.append(
                Finding(
                    Difference.RECEIVED_LATE,
                    a.code,
                    a.dossier_id,
                    p.record_id,
                    a.received_at.isoformat(sep=" ", timespec="minutes"),
                    p.received_at.isoformat(sep=" ", timespec="minutes"),
                )
            )
        a_ret = a.returned_at.date() if a.returned_at else None
        p_ret = p.returned_at.date() if p.returned_at else None
        if a_ret != p_ret and (a_ret is not None or p_ret is not None):
            findings.append(
                Finding(
                    Difference.RETURNED_TIME,
                    a.code,
                    a.dossier_id,
                    p.record_id,
                    a_ret.isoformat() if a_ret else "",
                    p_ret.isoformat() if p_ret else "",
                )
            )
    unmatched_apps = [a for a in apps if a.dossier_id not in matched_apps]
    # Likely pairs without the same code: same procedure, applicant and day, one each way.
    key_of = {}
    for a in unmatched_apps:
        key_of.setdefault((a.procedure_code, a.applicant_folded, a.day), []).append(a)
    doubtful_apps: set[int] = set()
    doubtful_provs: set[int] = set()
    for p in unmatched_provs:
        cands = key_of.get((p.procedure_code, p.applicant_folded, p.day), [])
        if len(cands) == 1 and cands[0].dossier_id not in doubtful_apps and p.applicant_folded:
            a = cands[0]
            doubtful_apps.add(a.dossier_id)
            doubtful_provs.add(p.record_id)
            findings.append(
                Finding(Difference.DOUBTFUL, a.code, a.dossier_id, p.record_id, a.code, p.code)
            )
    for a in unmatched_apps:
        if a.dossier_id not in doubtful_apps:
            findings.append(Finding(Difference.APP_ONLY, a.code, a.dossier_id, None))
    for p in unmatched_provs:
        if p.record_id not in doubtful_provs:
            findings.append(Finding(Difference.PROVINCE_ONLY, p.code, None, p.record_id))
    for a in apps:
        if a.book is not None and a.book_line is None and a.state is DossierState.RETURNED:
            findings.append(Finding(Difference.NO_BOOK_LINE, a.code, a.dossier_id, None, a.book))
    # Counts per field (the province's rows are counted under the field of the matched dossier,
    # or of a dossier of the app with the same procedure code).
    field_of_proc = {a.procedure_code: a.field_name for a in apps}
    prov_field: dict[str, int] = {}
    matched_prov_field = {p.record_id: a.field_name for a, p in pairs}
    for p in provs:
        name = matched_prov_field.get(p.record_id) or field_of_proc.get(p.procedure_code, "")
        prov_field[name] = prov_field.get(name, 0) + 1
    app_field: dict[str, int] = {}
    for a in apps:
        app_field[a.field_name] = app_field.get(a.field_name, 0) + 1
    by_field = tuple(
        CountRow(name, app_field.get(name, 0), prov_field.get(name, 0), None)
        for name in sorted(set(app_field) | set(prov_field), key=lambda n: (n == "", fold(n)))
    )
    books: dict[str, list[AppRecord]] = {}
    for a in apps:
        if a.book is not None:
            books.setdefault(a.book, []).append(a)
    book_prov = {p.record_id: by_id.get(p.dossier_id or -1) or by_code.get(p.code) for p in provs}
    by_book = tuple(
        CountRow(
            name,
            len(rows),
            sum(1 for p in provs if (m := book_prov[p.record_id]) is not None and m.book == name),
            sum(1 for a in rows if a.book_line is not None),
        )
        for name, rows in sorted(books.items(), key=lambda kv: fold(kv[0]))
    )
    order = list(Difference)
    findings.sort(key=lambda f: (order.index(f.kind), f.code))
    return Reconciliation(
        start, end, tuple(findings), by_field, by_book, len(apps), len(provs), len(pairs)
    )
