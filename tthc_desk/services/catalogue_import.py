"""Catalogue spreadsheets: the template, export, and import with a row-by-row preview.

One row per procedure. Cells that hold several items put one item per line, with the item's
parts separated by ``|``:

- Thành phần hồ sơ: ``Tên giấy tờ | bản chính | 1 | tên mẫu đơn | ghi chú``
- Các bước xử lý nội bộ: ``Tên bước | Công chức chuyên môn | 16``  (working hours)
- Phí, lệ phí: ``Nội dung thu | 8.000 | miễn, giảm``  (``0`` = free, ``HĐND tỉnh`` = provincial)

Text typed in the legacy Vietnamese encodings TCVN3 (ABC, ".Vn" fonts) or VNI ("VNI-" fonts)
shows in Excel as Latin-1 letters ("§¨ng ký", "Ñaêng kyù"); the preview detects it per cell and
converts it to Unicode (or refuses the row when asked to, or when the text is not clean in
either encoding). Nothing is written before :func:`apply_import`, which runs in one
transaction: cancelled or failed, it leaves the catalogue as it was.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal, Protocol

from sqlalchemy import select

from tthc_desk.domain.enums import DocumentKind, OnlineService, ProcedureStatus, Role, TimeUnit
from tthc_desk.domain.errors import AppError, ValidationError
from tthc_desk.domain.text import fold, nfc
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Procedure
from tthc_desk.reports.cells import safe_cell, safe_csv, unquote_csv
from tthc_desk.services import catalogue as cat
from tthc_desk.services.calendar import calendar_from_session
from tthc_desk.services.common import Actor, Clock, audit, system_now


class TaskLike(Protocol):
    def progress(self, done: int, total: int) -> None: ...
    def check(self) -> None: ...


# =========================================================================== legacy encodings

_TCVN3_PAIRS = (
    "àµ á¸ ả¶ ã· ạ¹ ă¨ ằ» ắ¾ ẳ¼ ẵ½ ặÆ â© ầÇ ấÊ ẩÈ ẫÉ ậË đ® èÌ éÐ ẻÎ ẽÏ ẹÑ "
    "êª ềÒ ếÕ ểÓ ễÔ ệÖ ì× íÝ ỉØ ĩÜ ịÞ òß óã ỏá õâ ọä ô« ồå ốè ổæ ỗç ộé "
    "ơ¬ ờê ớí ởë ỡì ợî ùï úó ủñ ũò ụô ư\u00ad ừõ ứø ửö ữ÷ ựù ỳú ýý ỷû ỹü ỵþ "
    "Ă¡ Â¢ Đ§ Ê£ Ô¤ Ơ¥ Ư¦"
)
#: TCVN3 (TCVN 5712:1993, "ABC"): one byte per letter, read through Latin-1 by Excel.
TCVN3_TO_UNICODE: dict[str, str] = {pair[1]: pair[0] for pair in _TCVN3_PAIRS.split()}

#: VNI Windows: (base bytes, the five tone bytes in the order sắc, huyền, hỏi, ngã, nặng,
#: the toneless letter or None, the five toned letters)
_PLAIN_TONES = "ùøûõï"
_HAT_TONES = "áàåãä"  # after a, e, o with a circumflex
_BREVE_TONES = "éèúüë"  # after a with a breve
_VNI_GROUPS = (
    ("a", _PLAIN_TONES, None, "áàảãạ"),
    ("a", _HAT_TONES, ("aâ", "â"), "ấầẩẫậ"),
    ("a", _BREVE_TONES, ("aê", "ă"), "ắằẳẵặ"),
    ("e", _PLAIN_TONES, None, "éèẻẽẹ"),
    ("e", _HAT_TONES, ("eâ", "ê"), "ếềểễệ"),
    ("o", _PLAIN_TONES, None, "óòỏõọ"),
    ("o", _HAT_TONES, ("oâ", "ô"), "ốồổỗộ"),
    ("ô", _PLAIN_TONES, ("ô", "ơ"), "ớờởỡợ"),
    ("u", _PLAIN_TONES, None, "úùủũụ"),
    ("ö", _PLAIN_TONES, ("ö", "ư"), "ứừửữự"),
    ("y", _PLAIN_TONES[:4], None, "ýỳỷỹ"),
)
_VNI_SINGLE = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, tones, plain, toned in _VNI_GROUPS:
        for upper in (False, True):
            up = str.upper if upper else (lambda x: x)
            if plain is not None:
                table[up(plain[0])] = up(plain[1])
            for tone, letter in zip(tones, toned, strict=True):
                table[up(base + tone)] = up(letter)
    for k, v in _VNI_SINGLE.items():
        table[k] = v
        table[k.upper()] = v.upper()
    return table


#: VNI Windows: a base letter followed by one or two mark bytes, read through Latin-1.
VNI_TO_UNICODE: dict[str, str] = _vni_table()
_VNI_RE = re.compile("|".join(sorted(map(re.escape, VNI_TO_UNICODE), key=len, reverse=True)))

_VIET_LOWER = (
    "aáàảãạăắằẳẵặâấầẩẫậbcdđeéèẻẽẹêếềểễệghiíìỉĩịklmnoóòỏõọôốồổỗộơớờởỡợpqrstuúùủũụưứừửữựvxyýỳỷỹỵfjwz"
)
_VIET = set(_VIET_LOWER) | set(_VIET_LOWER.upper())
#: Symbols a Unicode text may well hold; alone they do not make it legacy text.
_PUNCT = set("«»°±×÷·§©®¶µ¼½¾¡¢£¤¥¦¨ª¬\u00ad¯²³¹º¿")
_TONES = {"\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}

Encoding = Literal["tcvn3", "vni"]


def _nfc(text: str) -> str:
    """NFC without touching white space (cells keep their line breaks)."""
    import unicodedata

    return unicodedata.normalize("NFC", text)


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 (ABC) text read as Latin-1/cp1252 to Unicode NFC."""
    return _nfc("".join(TCVN3_TO_UNICODE.get(ch, ch) for ch in text))


def vni_to_unicode(text: str) -> str:
    """Convert VNI Windows text read as Latin-1/cp1252 to Unicode NFC."""
    return _nfc(_VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text))


def _strange(text: str) -> int:
    """Characters that do not belong in Vietnamese Unicode text (legacy leftovers)."""
    return sum(1 for ch in text if 0xA0 < ord(ch) < 0x100 and ch not in _VIET)


_NUCLEI = (
    "a ă â e ê i y o ô ơ u ư ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui "
    "uô uơ uy ưa ưi ươ ưu yê oai oay oeo uây uôi ươi ươu uya uyê uyu yêu iêu"
).split()
_SYLLABLE = re.compile(
    "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
    f"(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})"
    "(?:ch|ng|nh|c|k|m|n|p|t)?"
)


def _bad_syllables(text: str) -> int:
    """Words that cannot be Vietnamese syllables (more than one tone mark, or letters in an
    order Vietnamese never has): the sign of a conversion with the wrong table."""
    import unicodedata

    bad = 0
    for word in re.findall(r"[^\W\d_]+", text):
        if word.replace("Đ", "D").isascii():  # plain or abbreviations: NĐ, BLĐTBXH
            continue
        decomposed = unicodedata.normalize("NFD", word.lower())
        marks = sum(1 for ch in decomposed if ch in _TONES)
        bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
        bad += marks > 1 or not _SYLLABLE.fullmatch(bare)
    return bad


def detect_legacy(text: str) -> Encoding | None:
    """Which legacy encoding ``text`` is typed in, or None for Unicode (or plain ASCII).

    Unicode text with Vietnamese letters outside Latin-1 (ư, ơ, đ, ạ…) is never legacy. The
    text must hold a character that Vietnamese Unicode never holds (beyond common symbols such
    as « »), and converting it must leave none; when both encodings fit, the one whose words
    carry at most one tone mark each wins.
    """
    if any(ord(ch) > 0xFF and ch in _VIET for ch in text) or _UTF8_AS_LATIN.search(text):
        return None
    strange = [ch for ch in text if 0xA0 < ord(ch) < 0x100 and ch not in _VIET]
    if not strange or all(ch in _PUNCT for ch in strange) and len(strange) < 2:
        return None
    if all(ch in "«»°±×÷·§©®" for ch in strange):
        return None
    candidates: list[tuple[int, int, Encoding]] = []
    for enc, conv in (("tcvn3", tcvn3_to_unicode), ("vni", vni_to_unicode)):
        out = conv(text)
        candidates.append((_strange(out), _bad_syllables(out), enc))  # type: ignore[arg-type]
    candidates.sort()
    best = candidates[0]
    if best[0] > 0 or (best[:2] == candidates[1][:2]):
        return None
    words = sum(1 for w in re.findall(r"[^\W\d_]+", text) if not w.isascii())
    if best[1] * 5 > max(words, 1):  # most words must come out as Vietnamese syllables
        return None
    return best[2]


_UTF8_AS_LATIN = re.compile("[ÃÄÅÆá][\x80-\xbf]")
_MOJIBAKE = set("ƒ†‡ˆ‰Š‹ŒŽ˜™š›œžŸ") | {chr(c) for c in range(0x80, 0xA0)}


def looks_garbled(text: str) -> bool:
    """Strange characters that neither legacy encoding explains (e.g. UTF-8 read as Latin-1)."""
    if any(ord(ch) > 0xFF and ch in _VIET for ch in text) or detect_legacy(text) is not None:
        return False
    mojibake = sum(1 for ch in text if ch in _MOJIBAKE) + 2 * len(_UTF8_AS_LATIN.findall(text))
    return mojibake + _strange(text) >= 2


def convert_legacy(text: str, encoding: Encoding) -> str:
    return tcvn3_to_unicode(text) if encoding == "tcvn3" else vni_to_unicode(text)


_UNICODE_TO_TCVN3 = {u: b for b, u in TCVN3_TO_UNICODE.items()}
_UNICODE_TO_VNI = {u: b for b, u in VNI_TO_UNICODE.items() if len(u) == 1}


def unicode_to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 as Excel shows it (capitals with tone marks become small letters, as the
    encoding has no codes for them). For tests and for reading old files back."""
    out = []
    for ch in _nfc(text):
        if ch in _UNICODE_TO_TCVN3:
            out.append(_UNICODE_TO_TCVN3[ch])
        elif ch.lower() in _UNICODE_TO_TCVN3 and ch not in _VIET_LOWER:
            out.append(_UNICODE_TO_TCVN3[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def unicode_to_vni(text: str) -> str:
    """Unicode → VNI Windows as Excel shows it."""
    return "".join(_UNICODE_TO_VNI.get(ch, ch) for ch in _nfc(text))


# =========================================================================== columns


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 18
    hint: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã thủ tục", True, 12, "Mã trên CSDL quốc gia, ví dụ 1.001193"),
    Column("name", "Tên thủ tục", True, 40),
    Column("field", "Lĩnh vực", True, 18, "Hộ tịch, Chứng thực, …"),
    Column("level", "Cấp thực hiện", False, 10, "Để trống = Cấp xã"),
    Column("decision_no", "Số quyết định công bố", False, 18),
    Column("decision_date", "Ngày quyết định công bố", False, 14, "ngày/tháng/năm"),
    Column("applicant_steps", "Trình tự thực hiện", False, 40, "Các bước người dân làm"),
    Column("counter", "Nộp trực tiếp", False, 9, "x = có"),
    Column("post", "Nộp qua bưu chính", False, 9, "x = có"),
    Column("online", "Trực tuyến", False, 12, "toàn trình / một phần / để trống"),
    Column("online_payment", "Thanh toán trực tuyến", False, 9, "x = có"),
    Column("time_amount", "Thời hạn giải quyết", True, 9, "Số; trống nếu trong ngày"),
    Column("time_unit", "Đơn vị thời hạn", True, 14, "ngày làm việc / giờ làm việc / trong ngày"),
    Column("cutoff", "Giờ chốt trong ngày", False, 9, "Ví dụ 15:00"),
    Column("time_note", "Ghi chú thời hạn", False, 30),
    Column(
        "documents", "Thành phần hồ sơ", True, 50,
        "Mỗi giấy tờ một dòng: Tên | bản chính | 1 | mẫu đơn | ghi chú",
    ),
    Column(
        "steps", "Các bước xử lý nội bộ", False, 45,
        "Mỗi bước một dòng: Tên bước | Công chức chuyên môn | số giờ",
    ),
    Column(
        "fees", "Phí, lệ phí", False, 35, "Mỗi khoản một dòng: Nội dung | 8.000 | miễn giảm | ghi chú"
    ),
    Column("eligible", "Đối tượng thực hiện", False, 18),
    Column("handling_body", "Cơ quan giải quyết", False, 18),
    Column("legal_basis", "Căn cứ pháp lý", False, 40, "Mỗi văn bản một dòng"),
    Column("result", "Kết quả thực hiện", False, 25),
    Column("result_electronic", "Kết quả điện tử", False, 9, "x = có"),
    Column("interagency", "Liên thông", False, 9, "x = có"),
    Column("vertical", "Ngành dọc", False, 10, "Công an / Quân sự / để trống"),
    Column("portal_url", "Địa chỉ trên Cổng DVC", False, 25),
    Column("notes", "Ghi chú", False, 25),
    Column("action", "Thao tác", False, 10, "Bãi bỏ = ngừng áp dụng thủ tục"),
)  # fmt: skip
_BY_KEY = {c.key: c for c in COLUMNS}
_BY_HEADER = {fold(c.header): c.key for c in COLUMNS}
SHEET = "Danh mục thủ tục"

_KIND_WORDS: dict[DocumentKind, str] = {
    DocumentKind.ORIGINAL: "bản chính",
    DocumentKind.CERTIFIED_COPY: "bản sao có chứng thực",
    DocumentKind.COPY: "bản sao",
    DocumentKind.FORM: "mẫu đơn, tờ khai",
}
_KINDS_IN: dict[str, DocumentKind] = {
    "ban chinh": DocumentKind.ORIGINAL,
    "chinh": DocumentKind.ORIGINAL,
    "ban sao co chung thuc": DocumentKind.CERTIFIED_COPY,
    "ban sao chung thuc": DocumentKind.CERTIFIED_COPY,
    "sao y": DocumentKind.CERTIFIED_COPY,
    "ban sao": DocumentKind.COPY,
    "ban chup": DocumentKind.COPY,
    "photo": DocumentKind.COPY,
    "mau don, to khai": DocumentKind.FORM,
    "mau don": DocumentKind.FORM,
    "to khai": DocumentKind.FORM,
    "mau": DocumentKind.FORM,
    "don": DocumentKind.FORM,
}
_ROLE_WORDS: dict[Role, str] = {
    Role.CLERK: "Cán bộ tiếp nhận",
    Role.OFFICER: "Công chức chuyên môn",
    Role.LEADER: "Lãnh đạo",
    Role.ADMIN: "Công chức chuyên môn",
}
_ROLES_IN: tuple[tuple[str, Role], ...] = (
    ("tiep nhan", Role.CLERK),
    ("mot cua", Role.CLERK),
    ("van thu", Role.CLERK),
    ("lanh dao", Role.LEADER),
    ("chu tich", Role.LEADER),
    ("truong", Role.LEADER),
    ("cong chuc", Role.OFFICER),
    ("chuyen mon", Role.OFFICER),
    ("can bo", Role.OFFICER),
    ("cong an", Role.OFFICER),
)
_UNITS_OUT = {
    TimeUnit.WORKING_DAYS: "ngày làm việc",
    TimeUnit.WORKING_HOURS: "giờ làm việc",
    TimeUnit.SAME_DAY: "trong ngày",
}
_UNITS_IN = {
    "ngay lam viec": TimeUnit.WORKING_DAYS,
    "ngay": TimeUnit.WORKING_DAYS,
    "ngay lv": TimeUnit.WORKING_DAYS,
    "gio lam viec": TimeUnit.WORKING_HOURS,
    "gio": TimeUnit.WORKING_HOURS,
    "gio lv": TimeUnit.WORKING_HOURS,
    "trong ngay": TimeUnit.SAME_DAY,
    "giai quyet ngay": TimeUnit.SAME_DAY,
    "ngay khi nhan": TimeUnit.SAME_DAY,
    "ngay lap tuc": TimeUnit.SAME_DAY,
}
_YES = {"x", "co", "1", "true", "yes", "dung", "v"}
_NO = {"", "khong", "0", "false", "no", "-"}
_RETIRE = {"bai bo", "ngung ap dung", "ngung", "huy", "xoa"}
_PROVINCIAL = {"", "hdnd tinh", "hdnd cap tinh", "tinh", "theo quy dinh cua tinh", "theo tinh"}


# =========================================================================== reading files


@dataclass(frozen=True)
class SourceRow:
    number: int  # row number as the spreadsheet shows it
    cells: dict[str, Any]
    broken: bool = False  # a CSV record the reader could not split (csv.Error): refused


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _header_map(row: Sequence[Any]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    dominant = _dominant(_cell_text(v) for v in row)
    for i, value in enumerate(row):
        text, _changed = _convert_with(_cell_text(value), dominant)
        key = _BY_HEADER.get(fold(text).strip(" *:"))
        if key is not None and key not in mapping.values():
            mapping[i] = key
    return mapping


def _table_rows(raw: Iterable[Sequence[Any]]) -> list[SourceRow]:
    rows = list(raw)
    header_at = -1
    for h, header in enumerate(rows[:15]):
        mapping = _header_map(header)
        if "code" in mapping.values() and "name" in mapping.values():
            header_at = h
            break
    else:
        raise ValidationError(
            "import.header.missing",
            columns=", ".join(c.header for c in COLUMNS if c.required),
        )
    missing = [c.header for c in COLUMNS if c.required and c.key not in mapping.values()]
    if missing:
        raise ValidationError("import.header.missing", columns=", ".join(missing))
    out: list[SourceRow] = []
    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if isinstance(row, BrokenRow):
            out.append(SourceRow(offset, {}, broken=True))
            continue
        cells = {key: row[i] if i < len(row) else None for i, key in mapping.items()}
        if all(_cell_text(v).strip() == "" for v in cells.values()):
            continue
        if _cell_text(cells.get("code")).strip() == _BY_KEY["code"].hint:
            continue  # the template's line of hints
        out.append(SourceRow(offset, cells))
    if not out:
        raise ValidationError("import.empty")
    return out


#: Import caps: a catalogue is a few hundred procedures; anything far beyond is a wrong file
#: (or a "zip bomb" whose one cell unpacks to hundreds of megabytes).
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 5000
MAX_CELL_CHARS = 20_000


class BrokenRow(list[str]):
    """A CSV record the reader refused (``csv.Error``: an unclosed quote swallowing the rest of
    the file, a cell over the reader's limit): kept in place so the row is refused by number."""


#: After this many broken records in a row the file is not a CSV at all.
MAX_BROKEN_ROWS = 50


class Formula(str):
    """An XLSX cell that holds a formula (its text, e.g. ``=A1&B1``): refused, never run."""


def decode_csv(data: bytes) -> str:
    """UTF-16 with a BOM; UTF-8 (with or without BOM); else legacy text read byte for byte;
    else Windows-1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    latin = data.decode("latin-1")
    if detect_legacy(latin) is not None:
        return latin
    import unicodedata

    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def _capped(rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    """Rows up to :data:`MAX_ROWS` (plus the header lines), refusing a longer file."""
    for n, row in enumerate(rows):
        if n > MAX_ROWS + 15:
            raise ValidationError("import.file.rows", limit=str(MAX_ROWS))
        yield row


def _csv_rows(text: str) -> Iterable[list[str]]:
    if "\x00" in text:
        raise ValidationError("import.file.binary")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    broken = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            broken += 1
            if broken > MAX_BROKEN_ROWS:
                raise ValidationError("import.file.csv", row=str(reader.line_num)) from exc
            yield BrokenRow()
            continue
        broken = 0
        yield [unquote_csv(v) for v in row]


def _xlsx_cell(cell: Any) -> Any:
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(cell.value))
    return cell.value


def read_rows(path: Path) -> list[SourceRow]:
    """The data rows of an XLSX (first sheet, or the one named «Danh mục thủ tục») or CSV."""
    path = Path(path)
    if not path.exists():
        raise ValidationError("import.file.missing", path=str(path))
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise ValidationError("import.file.type", name=path.name)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValidationError("import.file.size", name=path.name, limit="20 MB")
    if suffix == ".csv":
        return _table_rows(_capped(_csv_rows(decode_csv(path.read_bytes()))))
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValidationError("import.file.unreadable", name=path.name) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError("import.file.size", name=path.name, limit="100 MB")
    try:
        # data_only=False: a formula comes as its text and is refused; a cached value
        # (computed by whoever saved the file) is never taken as data.
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any broken file is the same to the user
        raise ValidationError("import.file.unreadable", name=path.name) from exc
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        rows = _table_rows(_capped([_xlsx_cell(c) for c in r] for r in ws.iter_rows()))
    finally:
        wb.close()
    return rows


# =========================================================================== parsing a row


@dataclass(frozen=True)
class Problem:
    """One problem of one row: a message code with parameters; errors refuse the row."""

    code: str
    params: tuple[tuple[str, str], ...] = ()
    error: bool = True

    def as_error(self) -> AppError:
        return AppError(self.code, **dict(self.params))

    @classmethod
    def of(cls, exc: AppError, error: bool = True) -> Problem:
        return cls(exc.code, tuple((k, str(v)) for k, v in exc.params.items()), error)


Action = Literal["add", "change", "unchanged", "retire", "refused"]


@dataclass(frozen=True)
class RowResult:
    """What the import will do with one row (``row`` None: a procedure missing from the file)."""

    row: int | None
    code: str
    name: str
    action: Action
    problems: tuple[Problem, ...] = ()
    data: cat.ProcedureInput | None = None
    legacy: str | None = None

    @property
    def refused(self) -> bool:
        return self.action == "refused"


@dataclass(frozen=True)
class ImportOptions:
    create_fields: bool = False  # a field not in the catalogue is created instead of refused
    retire_missing: bool = False  # current procedures not in the file are retired
    legacy: Literal["convert", "refuse"] = "convert"


@dataclass(frozen=True)
class ImportPreview:
    source: str
    rows: tuple[RowResult, ...]
    options: ImportOptions = field(default_factory=ImportOptions)

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def refused(self) -> int:
        return self.count("refused")

    @property
    def to_save(self) -> int:
        return sum(1 for r in self.rows if r.action in ("add", "change", "retire"))


@dataclass(frozen=True)
class ImportReport:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    retired: tuple[str, ...]
    unchanged: int
    refused: int


def _number(text: str) -> float:
    t = text.strip().replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", t):  # 8.000
        t = t.replace(".", "")
    return float(t.replace(",", "."))


def _money(text: str) -> int | None:
    folded = fold(text).strip(" .")
    if folded in _PROVINCIAL or "hdnd" in folded or "tinh quy dinh" in folded:
        return None
    if folded.startswith(("mien", "khong")):
        return 0
    digits = re.sub(r"(dong|vnd|d)$", "", folded.replace(" ", "")).replace(".", "").replace(",", "")
    if not digits.isdigit():
        raise ValueError(text)
    return int(digits)


def _flag(text: str, column: str, problems: list[Problem]) -> bool:
    folded = fold(text).strip(" .")
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    problems.append(Problem("import.flag", (("column", column), ("value", text))))
    return False


def _date(value: Any, problems: list[Problem]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value).strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    problems.append(Problem("import.date", (("value", text),)))
    return None


def _cutoff(text: str, problems: list[Problem]) -> int | None:
    t = fold(text).replace("gio", "h").replace(" ", "")
    if not t:
        return None
    m = re.fullmatch(r"(\d{1,2})(?:[:h](\d{2})?)?", t)
    if not m or int(m.group(1)) > 23:
        problems.append(Problem("catalogue.cutoff.invalid"))
        return None
    return int(m.group(1)) * 60 + int(m.group(2) or 0)


def _parts(line: str) -> list[str]:
    return [p.strip() for p in line.split("|")]


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.split("\n") if line.strip(" -•\t")]


def _documents(text: str, problems: list[Problem]) -> tuple[cat.DocumentSpec, ...]:
    docs = []
    for line in _lines(text):
        parts = _parts(line) + [""] * 5
        kind = DocumentKind.ORIGINAL
        if parts[1]:
            folded = fold(parts[1]).strip(" .")
            if folded in _KINDS_IN:
                kind = _KINDS_IN[folded]
            else:
                problems.append(Problem("catalogue.document.kind", (("value", parts[1]),)))
        count = 1
        if parts[2]:
            try:
                count = int(_number(parts[2]))
            except ValueError:
                count = 0
        docs.append(
            cat.DocumentSpec(
                parts[0], kind, count, parts[3] or None, parts[4] or None,
                optional=cat.is_conditional(parts[4], parts[0]),
            )
        )  # fmt: skip
    return tuple(docs)


def _steps(text: str, problems: list[Problem]) -> tuple[cat.StepSpec, ...]:
    steps = []
    for line in _lines(text):
        parts = _parts(line) + ["", ""]
        role = Role.OFFICER
        if parts[1]:
            folded = fold(parts[1])
            for word, r in _ROLES_IN:
                if word in folded:
                    role = r
                    break
            else:
                problems.append(Problem("catalogue.step.role", (("value", parts[1]),)))
        try:
            hours = _number(parts[2]) if parts[2] else 0.0
        except ValueError:
            hours = 0.0
        steps.append(cat.StepSpec(parts[0], role, hours))
    return tuple(steps)


def _fees(text: str, problems: list[Problem]) -> tuple[cat.FeeSpec, ...]:
    fees = []
    for i, line in enumerate(_lines(text), start=1):
        parts = _parts(line) + ["", "", ""]
        try:
            amount = _money(parts[1])
        except ValueError:
            problems.append(Problem("catalogue.fee.amount", (("row", str(i)),)))
            amount = None
        fees.append(cat.FeeSpec(parts[0], amount, parts[2] or None, parts[3] or None))
    return tuple(fees)


def _dominant(texts: Iterable[str]) -> Encoding | None:
    """The legacy encoding most cells of a row are typed in, if any."""
    counts: dict[Encoding, int] = {}
    for text in texts:
        enc = detect_legacy(text)
        if enc is not None:
            counts[enc] = counts.get(enc, 0) + 1
    return max(counts, key=lambda e: counts[e]) if counts else None


def _convert_with(text: str, encoding: Encoding | None) -> tuple[str, bool]:
    """Convert a cell typed in the row's ``encoding``; short cells that cannot be told apart
    alone ("trong ngµy") follow the rest of the row."""
    enc = detect_legacy(text)
    if enc is None and encoding is not None and _strange(text) > 0:
        candidate = convert_legacy(text, encoding)
        if _strange(candidate) == 0 and _bad_syllables(candidate) == 0:
            return candidate, True
    if enc is not None:
        return convert_legacy(text, enc), True
    return text, False


def _fix_encoding(
    cells: dict[str, Any], options: ImportOptions, problems: list[Problem]
) -> tuple[dict[str, Any], str | None]:
    out = dict(cells)
    texts = {k: v for k, v in cells.items() if isinstance(v, str)}
    dominant = _dominant(texts.values())
    columns: list[str] = []
    sample = ""
    for key, value in texts.items():
        converted, changed = _convert_with(value, dominant)
        if not changed:
            if looks_garbled(value):
                problems.append(
                    Problem(
                        "import.legacy.unclear",
                        (("column", _BY_KEY[key].header), ("sample", value[:40])),
                    )
                )
            continue
        out[key] = converted
        columns.append(_BY_KEY[key].header)
        if not sample or key == "name":
            sample = converted[:60]
    if not columns:
        return out, None
    encoding = (dominant or detect_legacy(texts[next(iter(texts))]) or "tcvn3").upper()
    params = (("column", ", ".join(columns)), ("encoding", encoding), ("sample", sample))
    if options.legacy == "refuse":
        problems.append(Problem("import.legacy.refused", params))
    else:
        problems.append(Problem("import.legacy.converted", params, error=False))
    return out, encoding


def parse_row(
    source: SourceRow, hours_per_day: float, options: ImportOptions = ImportOptions()
) -> tuple[cat.ProcedureInput | None, bool, list[Problem], str | None]:
    """One row → (the procedure, whether it asks to retire, its problems, legacy encoding)."""
    problems: list[Problem] = []
    raw_cells = dict(source.cells)
    for key, value in source.cells.items():
        if isinstance(value, Formula):
            problems.append(Problem("import.cell.formula", (("column", _BY_KEY[key].header),)))
            raw_cells[key] = None
        elif isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            problems.append(
                Problem(
                    "import.cell.long",
                    (("column", _BY_KEY[key].header), ("limit", str(MAX_CELL_CHARS))),
                )
            )
            raw_cells[key] = value[:MAX_CELL_CHARS]
        if isinstance(value, str) and "\ufffd" in value:
            problems.append(
                Problem("import.cell.decode", (("column", _BY_KEY[key].header),
                                               ("row", str(source.number))))
            )  # fmt: skip
    cells, legacy = _fix_encoding(raw_cells, options, problems)

    def text(key: str) -> str:
        return _cell_text(cells.get(key)).strip()

    raw_code = cells.get("code")
    code = (
        f"{raw_code:.6f}"
        if isinstance(raw_code, float) and not raw_code.is_integer()
        else text("code")
    )
    retire = fold(text("action")).strip(" .") in _RETIRE
    if retire:
        return (
            cat.ProcedureInput(code=nfc(code), name=nfc(text("name")), field=""),
            True,
            problems,
            legacy,
        )

    unit_text = fold(text("time_unit")).strip(" .")
    unit = _UNITS_IN.get(unit_text)
    if unit is None:
        if unit_text or text("time_amount"):
            problems.append(Problem("catalogue.time.unit", (("value", text("time_unit")),)))
        unit = TimeUnit.WORKING_DAYS
    amount: float | None = None
    if text("time_amount") and unit is not TimeUnit.SAME_DAY:
        try:
            amount = _number(text("time_amount"))
        except ValueError:
            problems.append(Problem("catalogue.time.amount", (("value", text("time_amount")),)))
    online_text = fold(text("online")).strip(" .")
    if online_text in ("toan trinh", "full", "muc 4", "muc do 4"):
        online = OnlineService.FULL
    elif online_text in ("mot phan", "partial", "muc 3", "muc do 3") or online_text in _YES:
        online = OnlineService.PARTIAL
    elif online_text in _NO:
        online = OnlineService.NONE
    else:
        online = OnlineService.NONE
        problems.append(Problem("import.online", (("value", text("online")),)))
    vertical_text = fold(text("vertical"))
    vertical = "police" if "cong an" in vertical_text else (
        "military" if "quan su" in vertical_text else None
    )  # fmt: skip
    counter_text = text("counter")
    data = cat.ProcedureInput(
        code=code,
        name=text("name"),
        field=text("field"),
        time_unit=unit,
        time_amount=amount,
        cutoff_minutes=_cutoff(text("cutoff"), problems) if unit is TimeUnit.SAME_DAY else None,
        time_note=text("time_note") or None,
        level=text("level") or cat.DEFAULT_LEVEL,
        decision_no=text("decision_no") or None,
        decision_date=_date(cells.get("decision_date"), problems),
        applicant_steps=text("applicant_steps") or None,
        channel_counter=_flag(counter_text, _BY_KEY["counter"].header, problems),
        channel_post=_flag(text("post"), _BY_KEY["post"].header, problems),
        online_service=online,
        online_payment=_flag(text("online_payment"), _BY_KEY["online_payment"].header, problems),
        eligible_applicants=text("eligible") or None,
        handling_body=text("handling_body") or None,
        legal_basis=tuple(_lines(text("legal_basis"))),
        result_name=text("result") or None,
        result_electronic=_flag(
            text("result_electronic"), _BY_KEY["result_electronic"].header, problems
        ),
        interagency=_flag(text("interagency"), _BY_KEY["interagency"].header, problems),
        vertical_agency=vertical,
        certification=fold(text("field")).startswith("chung thuc"),
        portal_url=text("portal_url") or None,
        notes=text("notes") or None,
        documents=_documents(text("documents"), problems),
        steps=_steps(text("steps"), problems),
        fees=_fees(text("fees"), problems),
    )
    data = cat.normalise(data)
    if not data.steps and (data.time_amount is not None or unit is TimeUnit.SAME_DAY):
        steps = cat.default_steps(unit, data.time_amount, hours_per_day, leader=vertical is None)
        data = replace(data, steps=steps)
        problems.append(Problem("import.steps.generated", (("count", str(len(steps))),), False))
    problems += [Problem.of(e) for e in cat.check_procedure(data, hours_per_day)]
    for part, key in (
        ("applicant_steps", "applicant_steps"),
        ("eligible_applicants", "eligible"),
        ("handling_body", "handling_body"),
        ("channels", "counter"),
    ):
        if part in cat.missing_parts(data):
            header = _BY_KEY[key].header if part != "channels" else "Cách thức thực hiện"
            problems.append(Problem("import.missing_part", (("part", header),), False))
    return data, False, problems, legacy


# =========================================================================== preview and apply


def _same(session: Any, old: Procedure, data: cat.ProcedureInput) -> bool:
    """True when ``data`` says nothing new about ``old`` (field names compared loosely)."""
    if cat.find_field(session, data.field) is not old.field:
        return False
    return cat._input_of(old) == replace(data, field=old.field.name, source=old.source)


def _plan(
    session: Any, sources: Sequence[SourceRow], options: ImportOptions, task: TaskLike | None
) -> list[RowResult]:
    hours = calendar_from_session(session).hours_per_day
    current = {
        p.code: p for p in session.scalars(select(Procedure).where(Procedure.is_current.is_(True)))
    }
    seen: dict[str, int] = {}
    results: list[RowResult] = []
    total = len(sources)
    for i, source in enumerate(sources, start=1):
        if task is not None:
            task.check()
            task.progress(i, total)
        if source.broken:
            problem = Problem("import.row.csv", (("row", str(source.number)),))
            results.append(RowResult(source.number, "", "", "refused", (problem,)))
            continue
        data, retire, problems, legacy = parse_row(source, hours, options)
        assert data is not None
        code, name = data.code, data.name
        if code and code in seen:
            problems.append(
                Problem("import.duplicate", (("procedure", code), ("row", str(seen[code]))))
            )
        elif code:
            seen[code] = source.number
        old = current.get(code)
        action: Action
        if retire:
            if old is None or old.status is ProcedureStatus.RETIRED:
                problems.append(Problem("import.retire.unknown", (("procedure", code),)))
            action = "retire"
            name = name or (old.name if old else "")
        else:
            if data.field and cat.find_field(session, data.field) is None:
                problems.append(
                    Problem(
                        "catalogue.field.unknown",
                        (("name", data.field),),
                        error=not options.create_fields,
                    )
                )
            if old is None:
                action = "add"
            elif old.status is ProcedureStatus.ACTIVE and _same(session, old, data):
                action = "unchanged"
            else:
                action = "change"
        if any(p.error for p in problems):
            action = "refused"
        results.append(RowResult(source.number, code, name, action, tuple(problems), data, legacy))
    if options.retire_missing:
        in_file = {r.code for r in results}
        for code, p in sorted(current.items()):
            if code not in in_file and p.status is ProcedureStatus.ACTIVE:
                results.append(RowResult(None, code, p.name, "retire"))
    return results


def preview_import(
    db: Database,
    path: Path | str,
    options: ImportOptions = ImportOptions(),
    task: TaskLike | None = None,
) -> ImportPreview:
    """Read the file and say, row by row, what importing it would do. Writes nothing."""
    sources = read_rows(Path(path))
    with db.session() as s:
        rows = _plan(s, sources, options, task)
        s.rollback()
    return ImportPreview(str(path), tuple(rows), options)


def apply_import(
    db: Database,
    actor: Actor,
    preview: ImportPreview,
    task: TaskLike | None = None,
    now: Clock = system_now,
) -> ImportReport:
    """Save the rows of ``preview`` that were not refused, in one transaction.

    Each row is checked again against the catalogue as it is now; a cancel (``task.check``) or
    any failure rolls everything back.
    """
    actor.require(*cat.EDITORS)
    todo = [r for r in preview.rows if r.action in ("add", "change", "retire")]
    if not todo:
        raise ValidationError("import.nothing")
    added: list[str] = []
    changed: list[str] = []
    retired: list[str] = []
    with db.session() as s:
        at = now()
        total = len(todo)
        reason = f"Bãi bỏ theo danh mục nhập từ tệp {Path(preview.source).name}"
        for i, row in enumerate(todo, start=1):
            if task is not None:
                task.check()
                task.progress(i - 1, total)
            old = s.scalar(
                select(Procedure).where(Procedure.code == row.code, Procedure.is_current.is_(True))
            )
            if row.action == "retire":
                if old is not None and old.status is ProcedureStatus.ACTIVE:
                    cat.retire_row(old, reason, at)
                    retired.append(row.code)
                continue
            assert row.data is not None
            if old is None:
                cat.insert_procedure(
                    s, actor, row.data, at, create_field=preview.options.create_fields
                )
                added.append(row.code)
            else:
                if old.status is ProcedureStatus.ACTIVE and _same(s, old, row.data):
                    continue
                if preview.options.create_fields and cat.find_field(s, row.data.field) is None:
                    cat.add_field(s, row.data.field)
                cat.new_version(s, actor, old, replace(row.data, source=old.source), at)
                changed.append(row.code)
        if task is not None:
            task.progress(total, total)
            task.check()
        audit(
            s, actor, "import", "procedure", None, at=at, source=Path(preview.source).name,
            added=len(added), changed=len(changed), retired=len(retired),
        )  # fmt: skip
    return ImportReport(
        tuple(added),
        tuple(changed),
        tuple(retired),
        preview.count("unchanged"),
        preview.refused,
    )


# =========================================================================== writing files


def _row_cells(data: cat.ProcedureInput) -> dict[str, Any]:
    def num(v: float | None) -> str:
        return "" if v is None else f"{v:g}".replace(".", ",")

    def yes(v: bool) -> str:
        return "x" if v else ""

    def money(v: int | None) -> str:
        return "HĐND tỉnh" if v is None else f"{v:,}".replace(",", ".")

    cutoff = data.cutoff_minutes
    return {
        "code": data.code,
        "name": data.name,
        "field": data.field,
        "level": data.level,
        "decision_no": data.decision_no or "",
        "decision_date": data.decision_date.strftime("%d/%m/%Y") if data.decision_date else "",
        "applicant_steps": data.applicant_steps or "",
        "counter": yes(data.channel_counter),
        "post": yes(data.channel_post),
        "online": {"full": "toàn trình", "partial": "một phần"}.get(data.online_service.value, ""),
        "online_payment": yes(data.online_payment),
        "time_amount": num(data.time_amount) if data.time_unit is not TimeUnit.SAME_DAY else "",
        "time_unit": _UNITS_OUT[data.time_unit],
        "cutoff": f"{cutoff // 60:02d}:{cutoff % 60:02d}" if cutoff is not None else "",
        "time_note": data.time_note or "",
        "documents": "\n".join(
            " | ".join(
                [d.name, _KIND_WORDS[d.kind], str(d.count), d.template_name or "", d.note or ""]
            ).rstrip(" |")
            for d in data.documents
        ),
        "steps": "\n".join(
            f"{s.name} | {_ROLE_WORDS[s.role]} | {num(s.hours)}" for s in data.steps
        ),
        "fees": "\n".join(
            " | ".join([f.item, money(f.amount_vnd), f.exemption or "", f.note or ""]).rstrip(" |")
            for f in data.fees
        ),
        "eligible": data.eligible_applicants or "",
        "handling_body": data.handling_body or "",
        "legal_basis": "\n".join(data.legal_basis),
        "result": data.result_name or "",
        "result_electronic": yes(data.result_electronic),
        "interagency": yes(data.interagency),
        "vertical": {"police": "Công an", "military": "Quân sự"}.get(
            data.vertical_agency or "", ""
        ),
        "portal_url": data.portal_url or "",
        "notes": data.notes or "",
        "action": "",
    }


def _example() -> cat.ProcedureInput:
    return cat.ProcedureInput(
        code="1.001193",
        name="Đăng ký khai sinh",
        field="Hộ tịch",
        time_unit=TimeUnit.SAME_DAY,
        cutoff_minutes=15 * 60,
        decision_no="1234/QĐ-UBND",
        decision_date=date(2025, 7, 1),
        applicant_steps="Nộp hồ sơ tại Bộ phận Một cửa\nNhận kết quả theo giấy hẹn",
        channel_post=True,
        online_service=OnlineService.FULL,
        eligible_applicants="Cá nhân",
        handling_body="UBND cấp xã",
        legal_basis=("Luật Hộ tịch 2014", "Nghị định 123/2015/NĐ-CP"),
        result_name="Giấy khai sinh",
        documents=(
            cat.DocumentSpec(
                "Tờ khai đăng ký khai sinh", DocumentKind.FORM, 1, "Tờ khai (theo mẫu)"
            ),
            cat.DocumentSpec("Giấy chứng sinh", DocumentKind.ORIGINAL, 1),
        ),
        steps=(
            cat.StepSpec("Tiếp nhận, kiểm tra hồ sơ", Role.CLERK, 0.5),
            cat.StepSpec("Thẩm định, ghi sổ hộ tịch", Role.OFFICER, 5),
            cat.StepSpec("Lãnh đạo ký Giấy khai sinh", Role.LEADER, 2),
            cat.StepSpec("Trả kết quả", Role.CLERK, 0.5),
        ),
        fees=(cat.FeeSpec("Lệ phí đăng ký khai sinh không đúng hạn", None, "Miễn khi đúng hạn"),),
    )


def _write_sheet(
    ws: Any, records: Iterable[cat.ProcedureInput], retired: Iterable[str] = ()
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append([c.header for c in COLUMNS])
    ws.append([c.hint for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cell in ws[2]:
        cell.font = Font(italic=True, color="666666")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, c in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = c.width
        ws.column_dimensions[get_column_letter(i)].number_format = "@"
    for data in records:
        cells = _row_cells(data)
        ws.append([cells[c.key] for c in COLUMNS])
        for cell in ws[ws.max_row]:
            safe_cell(cell)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.number_format = "@"
    ws.freeze_panes = "C3"


def write_template(path: Path | str) -> Path:
    """An empty import sheet (header and hints), an example sheet and the instructions."""
    from openpyxl import Workbook

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _write_sheet(ws, [])
    ex = wb.create_sheet("Ví dụ")
    _write_sheet(ex, [_example()])
    guide = wb.create_sheet("Hướng dẫn")
    for line in GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    wb.save(path)
    return path


GUIDE: tuple[str, ...] = (
    "HƯỚNG DẪN NHẬP DANH MỤC THỦ TỤC HÀNH CHÍNH",
    "",
    "Mỗi thủ tục ghi một dòng ở trang «Danh mục thủ tục», bắt đầu từ dòng 3 (dòng 2 là gợi ý, "
    "phần mềm bỏ qua).",
    "Các cột có nhiều mục (thành phần hồ sơ, các bước xử lý, phí, căn cứ pháp lý): mỗi mục một "
    "dòng trong ô (Alt+Enter), các phần của mục cách nhau bằng dấu |.",
    "Thành phần hồ sơ: Tên giấy tờ | bản chính / bản sao có chứng thực / bản sao / mẫu đơn, tờ "
    "khai | số lượng | tên mẫu đơn | ghi chú.",
    "Các bước xử lý nội bộ: Tên bước | Cán bộ tiếp nhận / Công chức chuyên môn / Lãnh đạo | số "
    "giờ làm việc. Tổng số giờ phải bằng thời hạn giải quyết (1 ngày làm việc = 8 giờ; "
    "«trong ngày» = 8 giờ). Để trống thì phần mềm tự chia các bước.",
    "Phí, lệ phí: Nội dung | số tiền (đồng; 0 = không thu; HĐND tỉnh = theo quy định của tỉnh) | "
    "miễn, giảm.",
    "Thời hạn: ghi số ở cột «Thời hạn giải quyết» và đơn vị «ngày làm việc», «giờ làm việc» hoặc "
    "«trong ngày» (khi đó ghi giờ chốt, ví dụ 15:00).",
    "Cột «Thao tác»: ghi «Bãi bỏ» để cho thủ tục ngừng áp dụng.",
    "Tệp phải gõ bằng Unicode. Chữ gõ bằng bảng mã cũ TCVN3 (.VnTime) hoặc VNI được phát hiện "
    "và chuyển đổi, nhưng hãy kiểm tra lại trong bảng xem trước.",
    "Có thể lưu dạng CSV (UTF-8) với cùng các cột.",
)


def export_catalogue(db: Database, path: Path | str) -> int:
    """Write every current, active procedure to an XLSX in the import format; returns the count."""
    from openpyxl import Workbook

    path = Path(path)
    with db.session() as s:
        records = [cat._input_of(p) for p in cat.current_procedures(s)]
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _write_sheet(ws, records)
    guide = wb.create_sheet("Hướng dẫn")
    for line in GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    wb.save(path)
    return len(records)


def write_csv(path: Path | str, records: Iterable[cat.ProcedureInput], *, encoding: str = "utf-8-sig",
              transform: Callable[[str], str] | None = None) -> Path:  # fmt: skip
    """Write records as CSV in the import format (``transform`` alters every text cell)."""
    path = Path(path)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([transform(c.header) if transform else c.header for c in COLUMNS])
    for data in records:
        cells = _row_cells(data)
        writer.writerow(
            [safe_csv(transform(cells[c.key]) if transform else cells[c.key]) for c in COLUMNS]
        )
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path | str, records: Iterable[cat.ProcedureInput],
               overrides: dict[int, dict[str, Any]] | None = None) -> Path:  # fmt: skip
    """Write records as an import sheet; ``overrides[i]`` replaces cells of record ``i``."""
    from openpyxl import Workbook

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([c.header for c in COLUMNS])
    for i, data in enumerate(records):
        cells = _row_cells(data)
        cells.update((overrides or {}).get(i, {}))
        ws.append([cells.get(c.key, "") for c in COLUMNS])
    wb.save(path)
    return path
