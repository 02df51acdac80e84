"""The province's dossier list: column layouts, row parsing and the three-way reconciliation."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, datetime, timedelta

from tthc_desk.domain.enums import Channel, DossierState
from tthc_desk.domain.text import fold, nfc

# Limits of one import (a provincial export of a commune's year is a few thousand rows).
MAX_ROWS = 200_000
MAX_CELL = 2_000


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

# Status words seen in provincial exports (folded), longest first when matching by prefix.
_STATUS_WORDS: tuple[tuple[str, ProvinceStatus], ...] = (
    ("cho tiep nhan", ProvinceStatus.SUBMITTED),
    ("moi nop", ProvinceStatus.SUBMITTED),
    ("da nop", ProvinceStatus.SUBMITTED),
    ("cho xu ly tiep nhan", ProvinceStatus.SUBMITTED),
    ("submitted", ProvinceStatus.SUBMITTED),
    ("da tiep nhan", ProvinceStatus.PROCESSING),
    ("dang xu ly", ProvinceStatus.PROCESSING),
    ("dang giai quyet", ProvinceStatus.PROCESSING),
    ("tam dung", ProvinceStatus.PROCESSING),
    ("processing", ProvinceStatus.PROCESSING),
    ("yeu cau bo sung", ProvinceStatus.SUPPLEMENT),
    ("cho bo sung", ProvinceStatus.SUPPLEMENT),
    ("bo sung", ProvinceStatus.SUPPLEMENT),
    ("supplement", ProvinceStatus.SUPPLEMENT),
    ("co ket qua", ProvinceStatus.RESULT_READY),
    ("cho tra ket qua", ProvinceStatus.RESULT_READY),
    ("da giai quyet", ProvinceStatus.RESULT_READY),
    ("hoan thanh", ProvinceStatus.RESULT_READY),
    ("result_ready", ProvinceStatus.RESULT_READY),
    ("da tra ket qua", ProvinceStatus.RETURNED),
    ("da tra", ProvinceStatus.RETURNED),
    ("returned", ProvinceStatus.RETURNED),
    ("tu choi", ProvinceStatus.REFUSED),
    ("khong tiep nhan", ProvinceStatus.REFUSED),
    ("refused", ProvinceStatus.REFUSED),
    ("dung xu ly", ProvinceStatus.STOPPED),
    ("dung giai quyet", ProvinceStatus.STOPPED),
    ("stopped", ProvinceStatus.STOPPED),
    ("rut ho so", ProvinceStatus.WITHDRAWN),
    ("cong dan rut", ProvinceStatus.WITHDRAWN),
    ("withdrawn", ProvinceStatus.WITHDRAWN),
)

_CHANNEL_WORDS: tuple[tuple[str, Channel], ...] = (
    ("truc tuyen", Channel.ONLINE),
    ("dich vu cong", Channel.ONLINE),
    ("online", Channel.ONLINE),
    ("qua mang", Channel.ONLINE),
    ("buu chinh", Channel.POST),
    ("post", Channel.POST),
    ("truc tiep", Channel.COUNTER),
    ("tai quay", Channel.COUNTER),
    ("mot cua", Channel.COUNTER),
    ("counter", Channel.COUNTER),
)

# The fields an import can fill; ``code`` and one of the times are required.
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
REQUIRED: tuple[str, ...] = ("code", "status")


@dataclass(frozen=True)
class Layout:
    """A ready column mapping: for each field, the folded header texts it may carry."""

    key: str
    headers: Mapping[str, tuple[str, ...]]

    def match(self, header_row: Sequence[str]) -> dict[str, int]:
        """Field → column index for the headers of this layout found in ``header_row``."""
        folded = [_header_key(h) for h in header_row]
        found: dict[str, int] = {}
        for name, aliases in self.headers.items():
            for alias in aliases:
                if alias in folded:
                    found[name] = folded.index(alias)
                    break
        return found


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]+", " ", fold(text)).strip().replace("  ", " ")


def _aliases(*texts: str) -> tuple[str, ...]:
    return tuple(_header_key(t) for t in texts)


# The app's own template headers (also what `reconcile` writes), and two header sets of
# provincial one-stop systems. The vendor sets are the column titles commonly shown by the
# provinces' "Hệ thống thông tin giải quyết thủ tục hành chính" exports; an office whose export
# differs maps its columns once in the import dialog and the mapping is kept.
GENERIC = Layout(
    "generic",
    {
        "code": _aliases("Mã hồ sơ", "Số hồ sơ", "Ma ho so"),
        "procedure_code": _aliases("Mã thủ tục", "Mã TTHC"),
        "procedure_name": _aliases("Tên thủ tục", "Thủ tục", "Tên TTHC"),
        "applicant": _aliases("Người nộp", "Chủ hồ sơ", "Tổ chức, cá nhân", "Người đứng tên"),
        "channel": _aliases("Kênh nộp", "Hình thức nộp", "Hình thức tiếp nhận"),
        "submitted_at": _aliases("Ngày nộp", "Thời gian nộp", "Ngày nộp hồ sơ"),
        "received_at": _aliases("Ngày tiếp nhận", "Thời gian tiếp nhận", "Ngày nhận"),
        "due_at": _aliases("Ngày hẹn trả", "Hạn xử lý", "Hạn giải quyết", "Ngày hẹn trả kết quả"),
        "finished_at": _aliases(
            "Ngày có kết quả", "Ngày hoàn thành", "Thời gian hoàn thành", "Ngày kết thúc xử lý"
        ),
        "returned_at": _aliases("Ngày trả kết quả", "Ngày trả", "Thời gian trả kết quả"),
        "status": _aliases("Trạng thái", "Tình trạng", "Trạng thái hồ sơ"),
        "handling_body": _aliases("Đơn vị xử lý", "Cơ quan giải quyết", "Cơ quan xử lý"),
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
        if all(r in mapping for r in REQUIRED):
            return "saved", mapping
    best = max(LAYOUTS, key=lambda lay: (len(lay.match(header_row)), lay is not GENERIC))
    return best.key, best.match(header_row)


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


_DT_PATTERNS = (
    re.compile(
        r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
        r"(?:[ T,]+(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2}))?)?$"
    ),
    re.compile(
        r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
        r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?$"
    ),
    re.compile(
        r"^(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2}))?[ ,]+"
        r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$"
    ),
)


def parse_datetime(value: object) -> datetime | None:
    """A time cell: a spreadsheet datetime/date, "dd/mm/yyyy [HH:MM[:SS]]", ISO, or
    "HH:MM dd/mm/yyyy". ``ValueError`` when the text is not such a time or does not exist."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = nfc(str(value))
    if not text:
        return None
    for pattern in _DT_PATTERNS:
        m = pattern.match(text)
        if m:
            parts = m.groupdict()
            year = int(parts["y"])
            if not 1900 <= year <= 2200:
                raise ValueError(text)
            return datetime(
                year,
                int(parts["m"]),
                int(parts["d"]),
                int(parts.get("H") or 0),
                int(parts.get("M") or 0),
                int(parts.get("S") or 0),
            )
    raise ValueError(text)


def parse_status(text: str) -> ProvinceStatus | None:
    key = fold(text)
    for word, status in _STATUS_WORDS:
        if word in key:
            return status
    return None


def parse_channel(text: str) -> Channel | None:
    key = fold(text)
    for word, channel in _CHANNEL_WORDS:
        if word in key:
            return channel
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def cell_text(value: object) -> str:
    """A cell as NFC text without control or bidi characters; formulas are not values."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(_CONTROL.sub("", str(value)))


def parse_row(number: int, cells: Mapping[str, object]) -> tuple[ProvinceRow | None, list[Problem]]:
    """One export row → a :class:`ProvinceRow`, or ``None`` with the problems to show."""
    problems: list[Problem] = []
    text = {name: cell_text(cells.get(name)) for name in FIELDS if name not in _TIMES}
    for name, value in text.items():
        if len(value) > MAX_CELL:
            problems.append(Problem("province.cell.too_long", name, {"limit": str(MAX_CELL)}))
    code = text["code"].upper().replace(" ", "")
    if not code:
        problems.append(Problem("province.code.empty", "code"))
    elif not re.fullmatch(r"[A-Z0-9][A-Z0-9.\-_/]{2,59}", code):
        problems.append(Problem("province.code.format", "code", {"value": text["code"][:60]}))
    times: dict[str, datetime | None] = {}
    for name in _TIMES:
        raw = cells.get(name)
        if isinstance(raw, str) and raw.lstrip().startswith("="):
            problems.append(Problem("province.formula", name))
            continue
        try:
            times[name] = parse_datetime(raw)
        except ValueError:
            problems.append(Problem("province.time.format", name, {"value": cell_text(raw)[:40]}))
    status = parse_status(text["status"])
    if status is None:
        problems.append(Problem("province.status.unknown", "status", {"value": text["status"]}))
    channel = parse_channel(text["channel"]) if text["channel"] else None
    if text["channel"] and channel is None:
        problems.append(Problem("province.channel.unknown", "channel", {"value": text["channel"]}))
    if any(v.startswith("=") for v in text.values()):
        problems.append(Problem("province.formula", None))
    if not problems and not (times.get("received_at") or times.get("submitted_at")):
        problems.append(Problem("province.time.missing", "received_at"))
    received, finished = times.get("received_at"), times.get("finished_at")
    if received and finished and finished < received:
        problems.append(Problem("province.time.order", "finished_at"))
    if problems:
        return None, problems
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
        [],
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
