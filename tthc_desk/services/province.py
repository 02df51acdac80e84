"""The province's dossier list: import with a preview, online dossiers it brings, paper books
and the three-way reconciliation (app, province, paper)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tthc_desk.domain import limits
from tthc_desk.domain import province as dom
from tthc_desk.domain.enums import Channel, DossierState, ProcedureStatus, Role
from tthc_desk.domain.errors import AppError, Conflict, NotFound, ValidationError
from tthc_desk.domain.text import fold, nfc
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import (
    Applicant,
    Dossier,
    Field,
    PaperBook,
    PaperBookEntry,
    Procedure,
    ProvinceImport,
    ProvinceRecord,
)
from tthc_desk.services import settings_store
from tthc_desk.services.catalogue_import import (
    TaskLike,
    convert_legacy,
    decode_csv,
    detect_legacy,
)
from tthc_desk.services.common import Actor, Clock, audit, system_now

MAPPING_KEY = "province.mapping"
MAX_FILE_BYTES = 50 * 1024 * 1024
HEADER_ROWS = 40  # a title block of a dozen lines is common above the table
#: Who may import the province's list and keep the books: the counter and the administrator.
KEEPERS = (Role.CLERK, Role.LEADER)

Action = Literal["new", "update", "unchanged", "refused"]


# =========================================================================== reading the file


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]  # (row number as shown, cells)
    encoding: str | None  # a legacy encoding the file was converted from


def _utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 without its byte-order mark (every other byte of ASCII is 0)."""
    head = data[:4000]
    if len(head) < 4 or head.count(0) * 3 < len(head):
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    try:
        return data.decode("utf-16-be" if even > odd else "utf-16-le")
    except UnicodeDecodeError:
        return None


def _delimiter(text: str) -> str:
    """The separator of a CSV: the one that splits most of the first lines into the same
    number (at least three) of columns; "," when none does."""
    lines = [ln for ln in text[:20000].splitlines()[:60] if ln.strip()]
    best, score = ",", 0
    for delim in (",", ";", "\t", "|"):
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delim)]
        except csv.Error:
            continue
        common = max(set(widths), key=widths.count) if widths else 0
        count = widths.count(common) if common >= 3 else 0
        if count > score:
            best, score = delim, count
    return best


class _BrokenRow(list[Any]):
    """A CSV record the reader refused (``csv.Error``): kept in place, refused by its number."""


#: After this many broken records in a row the file is not a CSV at all.
MAX_BROKEN_ROWS = 50


def _csv_table(data: bytes) -> list[list[Any]]:
    text = _utf16_without_bom(data) if not data.startswith((b"\xff\xfe", b"\xfe\xff")) else None
    if text is None:
        text = decode_csv(data)
    if "\x00" in text:
        raise ValidationError("province.file.binary")
    legacy = detect_legacy(text[:20000])
    if legacy is not None:
        text = convert_legacy(text, legacy)
    if text.startswith("sep=") and "\n" in text:  # Excel's "sep=;" first line
        first, text = text.split("\n", 1)
        delim = first[4:5] or ","
    else:
        delim = _delimiter(text)
    out: list[list[Any]] = []
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    broken = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return out
        except csv.Error as exc:  # an unclosed quote, a cell over the reader's limit
            broken += 1
            if broken > MAX_BROKEN_ROWS:
                raise ValidationError("province.file.unreadable", name="CSV") from exc
            row = _BrokenRow()
        else:
            broken = 0
        out.append(row)
        if len(out) > dom.MAX_ROWS + HEADER_ROWS:
            raise ValidationError("province.file.rows", limit=dom.MAX_ROWS)


def _xlsx_sheets(path: Path) -> list[list[list[Any]]]:
    """Every sheet of the workbook as rows of cell values (the dossier table is found later)."""
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula comes back as its text and is refused, never evaluated.
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any broken file is the same to the user
        raise ValidationError("province.file.unreadable", name=path.name) from exc
    try:
        sheets: list[list[list[Any]]] = []
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible" and sheets:
                continue
            out: list[list[Any]] = []
            for row in ws.iter_rows(min_row=1, values_only=True):
                out.append(list(row))
                if len(out) > dom.MAX_ROWS + HEADER_ROWS:
                    raise ValidationError("province.file.rows", limit=dom.MAX_ROWS)
            sheets.append(out)
        return sheets
    finally:
        wb.close()


class _HtmlTables(HTMLParser):
    """The tables of an HTML page, as many provincial systems save their "Excel" export
    (an .xls file that is an HTML table): a cell merged over several columns or rows keeps its
    text in its first cell, as a workbook does."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[Any]]] = []
        self._stack: list[tuple[list[list[Any]], dict[tuple[int, int], bool]]] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append(([], {}))
        elif not self._stack:
            return
        elif tag == "tr":
            self._stack[-1][0].append([])
        elif tag in ("td", "th"):
            a = dict(attrs)
            self._cell = []
            self._span = (_span(a.get("colspan")), _span(a.get("rowspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._stack:
            self._put("".join(self._cell))
            self._cell = None
        elif tag == "table" and self._stack:
            rows, _taken = self._stack.pop()
            self.tables.append(rows)

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _put(self, text: str) -> None:
        rows, taken = self._stack[-1]
        if not rows:
            rows.append([])
        r = len(rows) - 1
        row = rows[r]
        while taken.get((r, len(row))):  # under a cell merged from the rows above
            row.append(None)
        cols, down = self._span
        for dr in range(down):
            for dc in range(cols):
                if dr or dc:
                    taken[(r + dr, len(row) + dc)] = True
        row.append(text.strip() or None)
        row.extend([None] * (cols - 1))


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 200))
    except ValueError:
        return 1


def _html_sheets(data: bytes) -> list[list[list[Any]]]:
    head = data[:4000].decode("ascii", errors="ignore").lower()
    match = re.search(r"charset=[\"']?([a-z0-9_-]+)", head)
    encoding = match.group(1) if match else "utf-8"
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        text = decode_csv(data)
    parser = _HtmlTables()
    parser.feed(text)
    parser.close()
    return [t for t in parser.tables if t]


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def _spreadsheetml_sheets(data: bytes) -> list[list[list[Any]]]:
    """An "XML Spreadsheet 2003" file (another common .xls export): its worksheets' cells, a
    merged cell's text in its first cell."""
    from xml.etree import ElementTree

    if b"<!DOCTYPE" in data[:2000] or b"<!ENTITY" in data[:2000]:
        raise ValidationError("province.file.unreadable", name="XML")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ValidationError("province.file.unreadable", name="XML") from exc
    sheets: list[list[list[Any]]] = []
    for table in root.iter(f"{_SS}Table"):
        rows: list[list[Any]] = []
        for row in table.iter(f"{_SS}Row"):
            index = row.get(f"{_SS}Index")
            while index and len(rows) < int(index) - 1:
                rows.append([])
            cells: list[Any] = []
            for cell in row.iter(f"{_SS}Cell"):
                at = cell.get(f"{_SS}Index")
                while at and len(cells) < int(at) - 1:
                    cells.append(None)
                value = cell.find(f"{_SS}Data")
                text = "".join(value.itertext()) if value is not None else ""
                if value is not None and value.get(f"{_SS}Type") == "Number":
                    try:
                        cells.append(float(text))
                    except ValueError:
                        cells.append(text)
                else:
                    cells.append(text or None)
                cells.extend([None] * int(cell.get(f"{_SS}MergeAcross") or 0))
            rows.append(cells)
        sheets.append(rows)
    return sheets


def _sheets(path: Path) -> tuple[list[list[list[Any]]], str | None]:
    """The file's tables (one per sheet) and the legacy encoding a CSV was converted from. The
    file's content decides, not only its name: an ".xls" export is often an HTML table, an XML
    spreadsheet or an .xlsx under another name."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx", ".xlsm", ".xls", ".htm", ".html", ".xml"):
        raise ValidationError("province.file.type", name=path.name)
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_sheets(path), None
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # the binary Excel 97-2003 format
        raise ValidationError("province.file.type", name=path.name)
    start = data[:2000].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (
        start.startswith((b"<?xml", b"<workbook"))
        and b"urn:schemas-microsoft-com:office:spreadsheet" in data[:4000]
    ):
        return _spreadsheetml_sheets(data), None
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<?xml")) or (
        b"<table" in data[:20000].lower() and suffix in (".xls", ".htm", ".html")
    ):
        return _html_sheets(data), None
    if suffix in (".xlsx", ".xlsm", ".xls", ".xml"):
        raise ValidationError("province.file.unreadable", name=path.name)
    encoding = None if _is_utf8(data) else detect_legacy(data.decode("latin-1")[:20000])
    return [_csv_table(data)], encoding


@dataclass(frozen=True)
class _Header:
    score: tuple[int, int, int]  # (fields found, one-row header, earlier)
    first_data: int  # index of the first row below the header
    texts: tuple[str, ...]
    layout: str
    mapping: dict[str, int]


def _find_header(raw: list[list[Any]], saved: Mapping[str, str] | None) -> _Header | None:
    """The header row of the dossier table within the first :data:`HEADER_ROWS` rows: one row
    of titles, or a group-title row above the titles (merged cells); the reading that
    recognises most fields wins, a one-row header and an earlier row on a tie."""
    best: _Header | None = None
    for h in range(min(HEADER_ROWS, len(raw))):
        readings = [(tuple(dom.cell_text(v) for v in raw[h]), 1, 1)]
        if h + 1 < len(raw) and any(dom.cell_text(v) for v in raw[h + 1]):
            readings.append((dom.merge_header_rows(raw[h], raw[h + 1]), 0, 2))
        for texts, single, height in readings:
            layout, mapping = dom.detect_columns(texts, saved)
            if not dom.usable(mapping):
                continue
            found = _Header((len(mapping), single, -h), h + height, texts, layout, mapping)
            if best is None or found.score > best.score:
                best = found
    return best


def read_table(
    path: Path | str, saved: Mapping[str, str] | None = None
) -> tuple[Table, str, dict[str, int]]:
    """The file's header and data rows, with the layout and field → column found. In a workbook
    the sheet whose table recognises most fields is read; blank lines, the column numbering,
    totals and the signature block around the table are left out."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError("province.file.missing", path=str(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValidationError("province.file.size", name=path.name, limit=MAX_FILE_BYTES // 2**20)
    sheets, encoding = _sheets(path)
    found: list[tuple[_Header, list[list[Any]]]] = []
    for raw in sheets:
        header = _find_header(raw, saved)
        if header is not None:
            found.append((header, raw))
    if not found:
        raise ValidationError("province.header.missing", name=path.name)
    header, raw = max(found, key=lambda hr: hr[0].score[0])
    rows = tuple(
        (number, row if isinstance(row, _BrokenRow) else tuple(row))
        for number, row in enumerate(raw[header.first_data :], start=header.first_data + 1)
        if isinstance(row, _BrokenRow) or not dom.is_filler(row, header.mapping)
    )
    if not rows:
        raise ValidationError("province.file.empty", name=path.name)
    return Table(header.texts, rows, encoding), header.layout, header.mapping


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# =========================================================================== preview and import


@dataclass(frozen=True)
class PreviewRow:
    number: int
    code: str
    action: Action
    problems: tuple[dom.Problem, ...]  # why it is refused; on a kept row, what to look at
    row: dom.ProvinceRow | None
    changes: tuple[str, ...] = ()  # the fields a later export changed


@dataclass(frozen=True)
class ProvincePreview:
    source: str
    sha256: str
    layout: str
    header: tuple[str, ...]
    mapping: Mapping[str, int]
    encoding: str | None
    rows: tuple[PreviewRow, ...]
    samples: tuple[str, ...] = ()  # per header column, the first value found under it

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)


@dataclass(frozen=True)
class ProvinceImportReport:
    new: int
    updated: int
    unchanged: int
    refused: int
    matched: int  # records linked to a dossier of the app by code
    online_created: tuple[str, ...]  # online dossiers the import brought into the queue
    online_problems: tuple[tuple[str, str], ...]  # (code, message code) not brought in


def _cells(row: Sequence[Any], mapping: Mapping[str, int]) -> dict[str, Any]:
    return {name: row[i] if i < len(row) else None for name, i in mapping.items()}


def _stored(rec: ProvinceRecord) -> dict[str, object]:
    return {
        "procedure_code": rec.procedure_code,
        "procedure_name": rec.procedure_name,
        "applicant": rec.applicant,
        "channel": rec.channel,
        "submitted_at": rec.submitted_at,
        "received_at": rec.received_at,
        "due_at": rec.due_at,
        "finished_at": rec.finished_at,
        "returned_at": rec.returned_at,
        "status": rec.status,
        "handling_body": rec.handling_body,
    }


def _changes(rec: ProvinceRecord, row: dom.ProvinceRow) -> tuple[str, ...]:
    old, new = _stored(rec), row.values()
    return tuple(k for k in new if old[k] != new[k])


def preview_province(
    db: Database,
    path: Path | str,
    mapping: Mapping[str, str] | None = None,
    task: TaskLike | None = None,
) -> ProvincePreview:
    """Read the export and say, row by row, what importing it would do. Writes nothing.

    ``mapping`` (field → header text) overrides the saved and the ready layouts."""
    path = Path(path)
    saved = mapping if mapping is not None else get_mapping(db)
    table, layout, columns = read_table(path, saved)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    parsed: list[tuple[int, dom.ProvinceRow | None, list[dom.Problem]]] = []
    total = len(table.rows)
    for i, (number, cells) in enumerate(table.rows):
        if task is not None and i % 500 == 0:
            task.check()
            task.progress(i, total)
        if isinstance(cells, _BrokenRow):
            broken = dom.Problem("province.row.csv", None, {"row": str(number)})
            parsed.append((number, None, [broken]))
            continue
        row, problems = dom.parse_row(number, _cells(cells, columns))
        parsed.append((number, row, problems))
    codes = [r.code for _n, r, _p in parsed if r is not None]
    seen: dict[str, int] = {}
    with db.session() as s:
        existing: dict[str, ProvinceRecord] = {}
        for chunk in range(0, len(codes), 500):
            part = codes[chunk : chunk + 500]
            for rec in s.scalars(select(ProvinceRecord).where(ProvinceRecord.code.in_(part))):
                existing[rec.code] = rec
        out: list[PreviewRow] = []
        for number, row, problems in parsed:
            if row is None:
                out.append(PreviewRow(number, "", "refused", tuple(problems), None))
                continue
            if row.code in seen:
                dup = dom.Problem("province.code.twice", "code", {"row": str(seen[row.code])})
                out.append(PreviewRow(number, row.code, "refused", (dup,), None))
                continue
            seen[row.code] = number
            rec = existing.get(row.code)
            if rec is None:
                out.append(PreviewRow(number, row.code, "new", tuple(problems), row))
            else:
                changed = _changes(rec, row)
                action: Action = "update" if changed else "unchanged"
                out.append(PreviewRow(number, row.code, action, tuple(problems), row, changed))
        s.rollback()
    if task is not None:
        task.progress(total, total)
    return ProvincePreview(
        str(path), digest, layout, table.header, columns, table.encoding, tuple(out),
        _samples(table),
    )  # fmt: skip


def _samples(table: Table, look: int = 50) -> tuple[str, ...]:
    """For each column, the first value of the first rows (shown under each column choice)."""
    out: list[str] = []
    for i in range(len(table.header)):
        value = ""
        for _number, cells in table.rows[:look]:
            v = cells[i] if i < len(cells) else None
            if isinstance(v, datetime):
                value = v.strftime("%d/%m/%Y %H:%M")
            else:
                value = dom.cell_text(v)[:60]
            if value:
                break
        out.append(value)
    return tuple(out)


def get_mapping(db: Database) -> dict[str, str] | None:
    """The office's saved column mapping (field → header text), if any."""
    value = settings_store.get_setting(db, MAPPING_KEY)
    return dict(value) if isinstance(value, dict) else None


def save_mapping(
    db: Database, actor: Actor, mapping: Mapping[str, str], now: Clock = system_now
) -> None:
    """Keep the office's column mapping for the next exports."""
    actor.require(*KEEPERS)
    for k, v in mapping.items():
        limits.check_text(v, k, limits.SHORT)  # a column's header text
    clean = {k: nfc(v) for k, v in mapping.items() if k in dom.FIELDS and nfc(v)}
    missing = [r for r in dom.REQUIRED if r not in clean]
    if missing:
        raise ValidationError("province.mapping.required", field=missing[0])
    with db.session() as s:
        settings_store.write(s, actor, MAPPING_KEY, clean, now())


def _new_values(row: dom.ProvinceRow) -> dict[str, object]:
    return {
        "procedure_code": row.procedure_code,
        "procedure_name": row.procedure_name,
        "applicant": row.applicant,
        "applicant_folded": row.applicant_folded,
        "channel": row.channel.value if row.channel else None,
        "submitted_at": row.submitted_at,
        "received_at": row.received_at,
        "due_at": row.due_at,
        "finished_at": row.finished_at,
        "returned_at": row.returned_at,
        "status": row.status.value,
        "handling_body": row.handling_body,
        "day": row.day,
    }


def _record_values(rec: ProvinceRecord, row: dom.ProvinceRow) -> None:
    for key, value in _new_values(row).items():
        setattr(rec, key, value)


def _json(value: object) -> object:
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value


def apply_province(
    db: Database,
    actor: Actor,
    preview: ProvincePreview,
    task: TaskLike | None = None,
    now: Clock = system_now,
) -> ProvinceImportReport:
    """Save the preview's new and changed rows in one transaction (a cancel or a failure leaves
    everything as it was), link them to the app's dossiers by code, then bring online dossiers
    not yet in the app into the reception queue."""
    actor.require(*KEEPERS)
    todo = [r for r in preview.rows if r.action in ("new", "update") and r.row is not None]
    at = now()
    new = updated = matched = 0
    with db.session() as s:
        imp = ProvinceImport(
            file_name=Path(preview.source).name[:300],
            file_sha256=preview.sha256,
            layout=preview.layout,
            imported_at=at,
            imported_by_id=actor.user_id,
            rows_total=len(preview.rows),
            rows_refused=preview.count("refused"),
        )
        s.add(imp)
        s.flush()
        codes = [r.code for r in todo]
        existing: dict[str, ProvinceRecord] = {}
        dossier_ids: dict[str, int] = {}
        for chunk in range(0, len(codes), 500):
            part = codes[chunk : chunk + 500]
            existing.update(
                (r.code, r)
                for r in s.scalars(select(ProvinceRecord).where(ProvinceRecord.code.in_(part)))
            )
            dossier_ids.update(
                (code, did)
                for code, did in s.execute(
                    select(Dossier.code, Dossier.id).where(Dossier.code.in_(part))
                )
            )
        total = len(todo)
        fresh: list[dict[str, object]] = []
        for i, pr in enumerate(todo):
            if task is not None and i % 500 == 0:
                task.check()
                task.progress(i, total)
            row = pr.row
            assert row is not None
            rec = existing.get(row.code)
            if rec is None:
                values = _new_values(row)
                dossier_id = dossier_ids.get(row.code)
                values.update(
                    code=row.code, first_import_id=imp.id, last_import_id=imp.id,
                    updated_at=at, history=[], dossier_id=dossier_id,
                    match="code" if dossier_id is not None else None,
                )  # fmt: skip
                fresh.append(values)
                matched += dossier_id is not None
                continue
            changed = _changes(rec, row)
            if not changed:
                continue
            old = _stored(rec)
            entry = {"import_id": imp.id, "at": at.isoformat(sep=" ")}
            entry.update({k: _json(old[k]) for k in changed})
            rec.history = [*(rec.history or []), entry]
            _record_values(rec, row)
            rec.last_import_id = imp.id
            rec.updated_at = at
            updated += 1
            if rec.dossier_id is None and row.code in dossier_ids:
                rec.dossier_id = dossier_ids[row.code]
                rec.match = "code"
                matched += 1
        for chunk in range(0, len(fresh), 2000):  # Core executemany: no ORM object per row
            s.execute(ProvinceRecord.__table__.insert(), fresh[chunk : chunk + 2000])
        new = len(fresh)
        imp.rows_new, imp.rows_updated = new, updated
        if task is not None:
            task.check()
        audit(
            s, actor, "import", "province_list", imp.id, at=at, source=imp.file_name,
            new=new, updated=updated, refused=imp.rows_refused,
        )  # fmt: skip
    created, problems = bring_online_dossiers(db, actor, now=now)
    if task is not None:
        task.progress(total, total)
    return ProvinceImportReport(
        new,
        updated,
        preview.count("unchanged"),
        preview.count("refused"),
        matched,
        created,
        problems,
    )


def bring_online_dossiers(
    db: Database, actor: Actor, now: Clock = system_now
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Online dossiers the province lists as submitted and the app does not have yet enter the
    reception queue with their portal submission time (the 8-working-hour clock runs from it).
    Each in its own unit of work; one that cannot be brought in is listed, the others go on."""
    from tthc_desk.domain.deadlines import ONLINE_RECEPTION_HOURS, online_reception_due
    from tthc_desk.services.calendar import calendar_from_session
    from tthc_desk.services.dossiers import ONLINE_RECEPTION_STEP, record_event, start_step

    with db.session() as s:
        waiting = list(
            s.execute(
                select(ProvinceRecord.id, ProvinceRecord.code).where(
                    ProvinceRecord.dossier_id.is_(None),
                    ProvinceRecord.status == dom.ProvinceStatus.SUBMITTED.value,
                    ProvinceRecord.channel == Channel.ONLINE.value,
                    ProvinceRecord.submitted_at.is_not(None),
                )
            )
        )
    created: list[str] = []
    problems: list[tuple[str, str]] = []
    for record_id, code in waiting:
        try:
            with db.session() as s:
                rec = s.get(ProvinceRecord, record_id)
                assert rec is not None and rec.submitted_at is not None
                if s.scalar(select(Dossier.id).where(Dossier.code == rec.code)) is not None:
                    continue
                p = s.scalar(
                    select(Procedure).where(
                        Procedure.code == rec.procedure_code,
                        Procedure.is_current.is_(True),
                        Procedure.status == ProcedureStatus.ACTIVE,
                    )
                )
                if p is None:
                    raise NotFound("province.procedure.unknown", procedure=rec.procedure_code)
                at = now()
                cal = calendar_from_session(s)
                name = rec.applicant or "—"
                applicant = Applicant(
                    personal_id=None,
                    is_organisation=False,
                    full_name=name,
                    name_folded=fold(name),
                    created_at=at,
                    updated_at=at,
                )
                s.add(applicant)
                s.flush()
                d = Dossier(
                    code=rec.code,
                    procedure_id=p.id,
                    field_id=p.field_id,
                    applicant_id=applicant.id,
                    state=DossierState.SUBMITTED_ONLINE,
                    channel=Channel.ONLINE,
                    submitted_at=rec.submitted_at,
                    supplement_count=0,
                    pause_count=0,
                    apology_issued=False,
                    sets_count=1,
                    fee_amount=0,
                    search_key=fold(f"{rec.code} {name}"),
                    created_at=at,
                    note=None,
                )
                d.reception_due_at = online_reception_due(cal, rec.submitted_at)
                d.due_at = d.reception_due_at
                s.add(d)
                s.flush()
                start_step(
                    d,
                    cal,
                    rec.submitted_at,
                    position=0,
                    name=ONLINE_RECEPTION_STEP,
                    hours=ONLINE_RECEPTION_HOURS,
                    officer_id=None,
                    handed_over_by_id=None,
                )
                record_event(
                    s, d, actor, "submitted_online", at, submitted_at=rec.submitted_at,
                    reception_due_at=d.reception_due_at, source="province_list",
                )  # fmt: skip
                rec.dossier_id, rec.match = d.id, "created"
                created.append(code)
        except AppError as exc:
            problems.append((code, exc.code))
    return tuple(created), tuple(problems)


def decide_match(
    db: Database, actor: Actor, record_id: int, dossier_id: int | None, now: Clock = system_now
) -> None:
    """A person's decision on a doubtful pair: the province's record is this dossier (or, with
    ``None``, is no dossier of the app)."""
    actor.require(*KEEPERS)
    with db.session() as s:
        rec = s.get(ProvinceRecord, record_id)
        if rec is None:
            raise NotFound("province.record.missing")
        if dossier_id is not None:
            if s.get(Dossier, dossier_id) is None:
                raise NotFound("dossier.missing")
            other = s.scalar(
                select(ProvinceRecord.code).where(
                    ProvinceRecord.dossier_id == dossier_id, ProvinceRecord.id != record_id
                )
            )
            if other is not None:
                raise Conflict("province.match.taken", dossier=other)
        rec.dossier_id, rec.match = dossier_id, "manual" if dossier_id else "none"
        audit(s, actor, "match", "province_record", rec.id, at=now(), dossier_id=dossier_id)


# =========================================================================== paper books

BOOK_KINDS = ("reception", "birth", "marriage", "death", "certification", "other")


@dataclass(frozen=True)
class BookView:
    id: int
    name: str
    kind: str
    volume: str
    active: bool
    procedure_codes: tuple[str, ...]


@dataclass(frozen=True)
class BookInput:
    name: str
    kind: str
    volume: str = "01"
    procedure_codes: tuple[str, ...] = ()
    active: bool = True


def _book_view(b: PaperBook) -> BookView:
    return BookView(b.id, b.name, b.kind, b.volume, b.active, tuple(b.procedure_codes or ()))


def list_books(db: Database, include_inactive: bool = False) -> list[BookView]:
    with db.session() as s:
        q = select(PaperBook).order_by(PaperBook.name)
        if not include_inactive:
            q = q.where(PaperBook.active.is_(True))
        return [_book_view(b) for b in s.scalars(q)]


def save_book(
    db: Database,
    actor: Actor,
    data: BookInput,
    book_id: int | None = None,
    now: Clock = system_now,
) -> BookView:
    """Declare a paper book (or change one): its name, kind, volume and the procedures whose
    dossiers are entered in it (by procedure code)."""
    actor.require(Role.ADMIN)
    name = limits.clean(data.name, "name", limits.NAME)
    if not name:
        raise ValidationError("book.name.empty", field="name")
    limits.check_text(nfc(data.volume), "volume", 20)
    for c in data.procedure_codes:
        limits.check_text(nfc(c), "procedures", 64)
    if data.kind not in BOOK_KINDS:
        raise ValidationError("book.kind", field="kind")
    volume = nfc(data.volume) or "01"
    codes = tuple(dict.fromkeys(nfc(c) for c in data.procedure_codes if nfc(c)))
    with db.session() as s:
        clash = s.scalar(select(PaperBook).where(PaperBook.name == name))
        if clash is not None and clash.id != book_id:
            raise ValidationError("book.name.taken", field="name", name=name)
        for other in s.scalars(select(PaperBook).where(PaperBook.active.is_(True))):
            if other.id == book_id:
                continue
            both = set(other.procedure_codes or ()) & set(codes)
            if both and data.active:
                raise ValidationError(
                    "book.procedure.taken", field="procedures", procedure=min(both), book=other.name
                )
        if book_id is None:
            book = PaperBook(name=name, kind=data.kind, volume=volume, active=data.active)
            s.add(book)
        else:
            found = s.get(PaperBook, book_id)
            if found is None:
                raise NotFound("book.missing")
            book = found
            book.name, book.kind, book.volume, book.active = name, data.kind, volume, data.active
        book.procedure_codes = list(codes)
        s.flush()
        audit(s, actor, "save", "paper_book", book.id, at=now(), name=name, procedures=len(codes))
        return _book_view(book)


def _book_of(s: Session, procedure_code: str) -> PaperBook | None:
    for b in s.scalars(select(PaperBook).where(PaperBook.active.is_(True))):
        if procedure_code in (b.procedure_codes or ()):
            return b
    return None


@dataclass(frozen=True)
class BookLine:
    book_id: int
    book: str
    volume: str
    year: int
    line: int
    recorded: bool  # False: a suggestion (the next free line)


def book_line_for(db: Database, dossier_id: int, now: Clock = system_now) -> BookLine | None:
    """The line a dossier was entered on, else the next free line of its procedure's book
    (this year), else ``None`` when its procedure goes in no book."""
    with db.session() as s:
        d = s.get(Dossier, dossier_id)
        if d is None:
            raise NotFound("dossier.missing")
        entry = s.scalar(select(PaperBookEntry).where(PaperBookEntry.dossier_id == dossier_id))
        if entry is not None:
            b = s.get(PaperBook, entry.book_id)
            assert b is not None
            return BookLine(b.id, b.name, b.volume, entry.year, entry.line, True)
        b = _book_of(s, d.procedure.code)
        if b is None:
            return None
        year = now().year
        last = s.scalar(
            select(func.max(PaperBookEntry.line)).where(
                PaperBookEntry.book_id == b.id, PaperBookEntry.year == year
            )
        )
        return BookLine(b.id, b.name, b.volume, year, (last or 0) + 1, False)


def enter_in_book(
    db: Database, actor: Actor, dossier_id: int, line: int, now: Clock = system_now
) -> BookLine:
    """Record that the dossier was written on ``line`` of its procedure's paper book."""
    actor.require(Role.CLERK, Role.OFFICER, Role.LEADER)
    with db.session() as s:
        d = s.get(Dossier, dossier_id)
        if d is None:
            raise NotFound("dossier.missing")
        return record_line_in(s, d, actor, line, now())


def record_line_in(s: Session, d: Dossier, actor: Actor, line: int, at: datetime) -> BookLine:
    """Inside the caller's unit of work (e.g. returning the result): the dossier is on ``line``
    of its procedure's book for ``at``'s year; a line already used by another dossier is refused."""
    if line < 1 or line > 1_000_000:
        raise ValidationError("book.line", field="book_line")
    b = _book_of(s, d.procedure.code)
    if b is None:
        raise ValidationError("book.none", field="book_line", procedure=d.procedure.code)
    taken = s.scalar(
        select(Dossier.code)
        .join(PaperBookEntry, PaperBookEntry.dossier_id == Dossier.id)
        .where(
            PaperBookEntry.book_id == b.id,
            PaperBookEntry.year == at.year,
            PaperBookEntry.line == line,
        )
    )
    if taken is not None and taken != d.code:
        raise Conflict("book.line.taken", field="book_line", line=line, dossier=taken)
    entry = s.scalar(select(PaperBookEntry).where(PaperBookEntry.dossier_id == d.id))
    if entry is None:
        entry = PaperBookEntry(
            book_id=b.id, year=at.year, line=line, dossier_id=d.id, entered_at=at,
            entered_by_id=actor.user_id,
        )  # fmt: skip
        s.add(entry)
    else:
        entry.line = line
    d.register_book = f"{b.name}, quyển {b.volume}"[:200]
    d.register_line = line
    s.flush()
    audit(s, actor, "book_line", "dossier", d.id, at=at, book=b.name, line=line)
    return BookLine(b.id, b.name, b.volume, entry.year, line, True)


@dataclass(frozen=True)
class BookPageRow:
    line: int
    code: str
    procedure: str
    applicant: str
    address: str
    received_at: datetime | None
    returned_at: datetime | None
    collected_by: str


def book_pages(db: Database, book_id: int, year: int) -> tuple[BookView, list[BookPageRow]]:
    """The lines of one book in one year, in line order (what its printed pages show)."""
    with db.session() as s:
        b = s.get(PaperBook, book_id)
        if b is None:
            raise NotFound("book.missing")
        rows = s.execute(
            select(
                PaperBookEntry.line,
                Dossier.code,
                Procedure.name,
                Applicant.full_name,
                Applicant.address,
                Dossier.received_at,
                Dossier.returned_at,
                Dossier.collected_by,
            )
            .join(Dossier, Dossier.id == PaperBookEntry.dossier_id)
            .join(Procedure, Procedure.id == Dossier.procedure_id)
            .join(Applicant, Applicant.id == Dossier.applicant_id)
            .where(PaperBookEntry.book_id == book_id, PaperBookEntry.year == year)
            .order_by(PaperBookEntry.line)
        )
        return _book_view(b), [
            BookPageRow(ln, code, proc, name, addr or "", rec, ret, coll or "")
            for ln, code, proc, name, addr, rec, ret, coll in rows
        ]


# =========================================================================== reconciliation


def _app_records(s: Session, start: date, end: date) -> list[dom.AppRecord]:
    lo = datetime.combine(start, datetime.min.time())
    hi = datetime.combine(end + timedelta(days=1), datetime.min.time())
    books = {
        code: b.name
        for b in s.scalars(select(PaperBook).where(PaperBook.active.is_(True)))
        for code in (b.procedure_codes or ())
    }
    entered = PaperBookEntry.__table__.alias("e")
    q = (
        select(
            Dossier.id,
            Dossier.code,
            Procedure.code,
            Field.name,
            Applicant.name_folded,
            Dossier.state,
            Dossier.received_at,
            Dossier.submitted_at,
            Dossier.returned_at,
            entered.c.line,
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .join(Field, Field.id == Dossier.field_id)
        .join(Applicant, Applicant.id == Dossier.applicant_id)
        .outerjoin(entered, entered.c.dossier_id == Dossier.id)
        .where(
            func.coalesce(Dossier.received_at, Dossier.submitted_at) >= lo,
            func.coalesce(Dossier.received_at, Dossier.submitted_at) < hi,
        )
    )
    return [
        dom.AppRecord(did, code, pcode, fname, folded, state, rec, sub, ret, books.get(pcode), line)
        for did, code, pcode, fname, folded, state, rec, sub, ret, line in s.execute(q)
    ]


def _province_records(s: Session, start: date, end: date) -> list[dom.ProvinceRecord]:
    q = select(
        ProvinceRecord.id,
        ProvinceRecord.code,
        ProvinceRecord.procedure_code,
        ProvinceRecord.applicant_folded,
        ProvinceRecord.status,
        ProvinceRecord.received_at,
        ProvinceRecord.submitted_at,
        ProvinceRecord.returned_at,
        ProvinceRecord.dossier_id,
        ProvinceRecord.match,
    ).where(ProvinceRecord.day >= start, ProvinceRecord.day <= end)
    return [
        dom.ProvinceRecord(
            rid,
            code,
            pcode,
            folded,
            dom.ProvinceStatus(status),
            rec,
            sub,
            ret,
            dossier_id if match in ("manual", "code", "created") else None,
        )  # fmt: skip
        for rid, code, pcode, folded, status, rec, sub, ret, dossier_id, match in s.execute(q).all()
    ]


def reconcile(db: Database, start: date, end: date) -> dom.Reconciliation:
    """The three records (app, province, paper books) side by side for [start, end]."""
    if end < start:
        raise ValidationError("province.period.order", field="to")
    with db.session() as s:
        app = _app_records(s, start, end)
        prov = _province_records(s, start, end)
    return dom.reconcile(start, end, app, prov)


def _book_codes(s: Session) -> dict[str, str]:
    return {
        c: b.name
        for b in s.scalars(select(PaperBook).where(PaperBook.active.is_(True)))
        for c in (b.procedure_codes or ())
    }


def _returned_in_books(s: Session, codes: set[str], start: date, end: date) -> Any:
    lo = datetime.combine(start, datetime.min.time())
    hi = datetime.combine(end + timedelta(days=1), datetime.min.time())
    return (
        select(
            Dossier.id, Dossier.code, Procedure.code.label("proc"), PaperBookEntry.id.label("entry")
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .outerjoin(PaperBookEntry, PaperBookEntry.dossier_id == Dossier.id)
        .where(Procedure.code.in_(codes), Dossier.returned_at >= lo, Dossier.returned_at < hi)
    )


def unentered_in(s: Session, start: date, end: date) -> list[tuple[int, str, str]]:
    """(dossier id, code, book) of the dossiers returned in [start, end] whose procedure goes in
    a paper book and that have no line in it."""
    books = _book_codes(s)
    if not books:
        return []
    q = _returned_in_books(s, set(books), start, end).order_by(Dossier.id)
    return [(r.id, r.code, books[r.proc]) for r in s.execute(q) if r.entry is None]


def book_counts_in(s: Session, start: date, end: date) -> tuple[int, int] | None:
    """For the 766 rule "software = paper books": the dossiers of the books' procedures whose
    result was returned in [start, end], and how many of them have their book line; ``None``
    when the office has declared no book (the typed count is used instead)."""
    codes = set(_book_codes(s))
    if not codes:
        return None
    sub = _returned_in_books(s, codes, start, end).subquery()
    software, paper = s.execute(select(func.count(sub.c.id), func.count(sub.c.entry))).one()
    return int(software), int(paper)


def has_province_data(db: Database) -> bool:
    with db.session() as s:
        return s.scalar(select(func.count(ProvinceRecord.id))) > 0


# =========================================================================== the sheet


def sheet_data(
    db: Database, start: date, end: date, now: Clock = system_now, maker: str = ""
) -> Any:
    """The reconciliation report's input (``reports.reconciliation.ReconciliationSheet``)."""
    from tthc_desk.persistence.models import User
    from tthc_desk.reports import data as R
    from tthc_desk.reports.reconciliation import MAKER, ReconciliationSheet
    from tthc_desk.services.index766 import signer_title
    from tthc_desk.services.registers import head_of

    result = reconcile(db, start, end)
    at = now()
    with db.session() as s:
        leader = s.scalar(
            select(User).where(User.role == Role.LEADER, User.active.is_(True)).order_by(User.id)
        )
        signer = R.Signer(
            title="CHỦ TỊCH" if leader is None or not leader.title else signer_title(leader.title),
            name=leader.full_name if leader else "",
            on_behalf="TM. ỦY BAN NHÂN DÂN",
        )
        last = s.scalar(select(func.max(ProvinceImport.imported_at)))
        return ReconciliationSheet(
            head=head_of(s, at.date()),
            result=result,
            as_of=at,
            last_import=last,
            signer=signer,
            maker=R.Signer(title=MAKER, name=maker),
        )


def export_reconciliation(
    db: Database,
    start: date,
    end: date,
    out: Path,
    now: Clock = system_now,
    maker: str = "",
    actor: Actor | None = None,
) -> dom.Reconciliation:
    """Write the reconciliation of a period as ``.pdf`` or ``.xlsx`` (it names citizens: the
    export is audited with who, the period and how many lines)."""
    from tthc_desk.reports.reconciliation import (
        render_reconciliation,
        render_reconciliation_xlsx,
    )
    from tthc_desk.services.registers import audit_export

    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise ValidationError("register.format", field="out", name=out.name)
    sheet = sheet_data(db, start, end, now, maker)
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".pdf":
        render_reconciliation(sheet, out)
    else:
        render_reconciliation_xlsx(sheet, out)
    audit_export(
        db, actor, "reconciliation", len(sheet.result.findings), out, start=str(start), end=str(end)
    )
    return sheet.result


def problem_error(problem: dom.Problem) -> AppError:
    """A row problem as a coded error (the UI and the command line turn it into a sentence)."""
    return ValidationError(problem.code, field=problem.field, **dict(problem.params))


def print_book(
    db: Database, book_id: int, year: int, out: Path, now: Clock = system_now, *, actor: Actor
) -> int:
    """Write a book's lines of ``year`` as a PDF; returns how many lines it holds. The lines
    name citizens and their addresses: the export is audited (who, book, year, lines)."""
    from tthc_desk.reports.book import BookLineRow, BookSheet, render_book
    from tthc_desk.services.registers import audit_export, head_of

    book, rows = book_pages(db, book_id, year)
    with db.session() as s:
        head = head_of(s, now().date())
    sheet = BookSheet(
        head,
        book.name,
        book.volume,
        year,
        [
            BookLineRow(
                r.line,
                r.received_at,
                r.code,
                r.applicant,
                r.address,
                r.procedure,
                r.returned_at,
                r.collected_by,
            )  # fmt: skip
            for r in rows
        ],
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    render_book(sheet, out)
    audit_export(db, actor, "paper_book", len(rows), out, book=book.name, year=str(year))
    return len(rows)
