"""The procedure catalogue: fields, versioned procedures with all their parts, search, retire.

A procedure row is one *version*. Editing a procedure writes version N+1 with its own copies of
the documents, internal steps and fees, and marks version N not current; dossiers keep pointing
at the version they were received under. A procedure is retired, never deleted.

Internal steps must add up to the processing time: N working days = N × the calendar's hours
per working day; N working hours = N; *same day* ("trong ngày", "giải quyết ngay") = the hours
of one working day (the cut-off hour only moves the due date, not the work to do).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from tthc_desk.domain import limits
from tthc_desk.domain.enums import DocumentKind, OnlineService, ProcedureStatus, Role, TimeUnit
from tthc_desk.domain.errors import AppError, Conflict, NotFound, ValidationError
from tthc_desk.domain.text import fold, nfc, nfc_or_none, search_terms
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import (
    Field,
    ProcedureFee,
    ProcessStep,
    RequiredDocument,
    User,
)
from tthc_desk.persistence.models import (
    Procedure as ProcedureRowModel,
)
from tthc_desk.services.calendar import calendar_from_session
from tthc_desk.services.common import Actor, Clock, audit, system_now

#: Roles that may change the catalogue (administrators always may).
EDITORS: tuple[Role, ...] = (Role.LEADER,)
CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-/]{0,63}$")
STEP_TOLERANCE = 0.01  # hours
DEFAULT_LEVEL = "Cấp xã"
#: The longest processing time a procedure may state (working days or hours) and a step's hours.
MAX_TIME = 1000
#: Fees are stored in a 32-bit column: the largest sum it holds, far above any commune fee.
MAX_FEE = 2_000_000_000

#: The parts a posted procedure must show (766 criterion "posted with all their parts").
NOTICE_PARTS: tuple[str, ...] = (
    "name",
    "applicant_steps",
    "channels",
    "documents",
    "time",
    "eligible_applicants",
    "handling_body",
)


# --------------------------------------------------------------------------- plain data


@dataclass(frozen=True)
class DocumentSpec:
    """Thành phần hồ sơ: one document the applicant hands in."""

    name: str
    kind: DocumentKind = DocumentKind.ORIGINAL
    count: int = 1
    template_name: str | None = None
    note: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class StepSpec:
    """One internal step: its name, the role that works it, its allotted working hours."""

    name: str
    role: Role
    hours: float


@dataclass(frozen=True)
class FeeSpec:
    """A fee line; ``amount_vnd`` None means the provincial council sets it."""

    item: str
    amount_vnd: int | None = None
    exemption: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ProcedureInput:
    """Everything about one procedure that a person edits (the field by its name)."""

    code: str
    name: str
    field: str
    time_unit: TimeUnit = TimeUnit.WORKING_DAYS
    time_amount: float | None = None
    cutoff_minutes: int | None = None  # same day: received after this minute of the day → next
    time_note: str | None = None
    level: str = DEFAULT_LEVEL
    decision_no: str | None = None
    decision_date: date | None = None
    applicant_steps: str | None = None
    channel_counter: bool = True
    channel_post: bool = False
    online_service: OnlineService = OnlineService.NONE
    online_payment: bool = False
    eligible_applicants: str | None = None
    handling_body: str | None = None
    legal_basis: tuple[str, ...] = ()
    result_name: str | None = None
    result_electronic: bool = False
    interagency: bool = False
    vertical_agency: str | None = None  # "police", "military" or None
    certification: bool = False
    portal_url: str | None = None
    source: str | None = None
    notes: str | None = None
    documents: tuple[DocumentSpec, ...] = ()
    steps: tuple[StepSpec, ...] = ()
    fees: tuple[FeeSpec, ...] = ()


@dataclass(frozen=True)
class FieldView:
    id: int
    name: str
    code: str | None
    register_book: str | None
    active: bool
    procedure_count: int = 0


@dataclass(frozen=True)
class ProcedureRow:
    """One line of the catalogue list (the current version of a procedure)."""

    id: int
    code: str
    version: int
    name: str
    field_id: int
    field_name: str
    status: ProcedureStatus
    is_current: bool
    time_unit: TimeUnit
    time_amount: float | None
    cutoff_minutes: int | None
    decision_no: str | None
    decision_date: date | None
    online_service: OnlineService
    created_at: datetime
    retired_at: datetime | None = None
    needs_review: bool = False


@dataclass(frozen=True)
class ProcedureView:
    """One version of a procedure with all its parts."""

    id: int
    version: int
    is_current: bool
    status: ProcedureStatus
    field_id: int
    created_at: datetime
    created_by: str | None
    retired_at: datetime | None
    retire_reason: str | None
    data: ProcedureInput
    missing_parts: tuple[str, ...] = field(default=())
    needs_review: bool = False  # shipped catalogue: to check against the province's decision

    @property
    def code(self) -> str:
        return self.data.code

    @property
    def name(self) -> str:
        return self.data.name


# --------------------------------------------------------------------------- rules


def expected_step_hours(unit: TimeUnit, amount: float | None, hours_per_day: float) -> float | None:
    """The working hours the internal steps must add up to (None when the time is not set)."""
    if unit is TimeUnit.SAME_DAY:
        return hours_per_day
    if amount is None:
        return None
    if unit is TimeUnit.WORKING_HOURS:
        return float(amount)
    return float(amount) * hours_per_day


def _num(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def normalise(data: ProcedureInput) -> ProcedureInput:
    """NFC everywhere, white space collapsed, empty optional text to None."""
    return replace(
        data,
        code=nfc(data.code),
        name=nfc(data.name),
        field=nfc(data.field),
        level=nfc(data.level) or DEFAULT_LEVEL,
        time_note=nfc_or_none(data.time_note),
        decision_no=nfc_or_none(data.decision_no),
        applicant_steps=_multiline(data.applicant_steps),
        eligible_applicants=nfc_or_none(data.eligible_applicants),
        handling_body=nfc_or_none(data.handling_body),
        legal_basis=tuple(x for x in (nfc(b) for b in data.legal_basis) if x),
        result_name=nfc_or_none(data.result_name),
        vertical_agency=nfc_or_none(data.vertical_agency),
        portal_url=nfc_or_none(data.portal_url),
        source=_multiline(data.source),
        notes=_multiline(data.notes),
        documents=tuple(
            replace(
                d,
                name=nfc(d.name),
                template_name=nfc_or_none(d.template_name),
                note=nfc_or_none(d.note),
            )
            for d in data.documents
        ),
        steps=tuple(replace(s, name=nfc(s.name), hours=float(s.hours)) for s in data.steps),
        fees=tuple(
            replace(
                f, item=nfc(f.item), exemption=nfc_or_none(f.exemption), note=nfc_or_none(f.note)
            )
            for f in data.fees
        ),
        time_amount=None if data.time_amount is None else float(data.time_amount),
    )


def _multiline(text: str | None) -> str | None:
    if not text:
        return None
    lines = [nfc(line) for line in str(text).splitlines()]
    joined = "\n".join(line for line in lines if line)
    return joined or None


def check_procedure(
    data: ProcedureInput, hours_per_day: float, *, require_steps: bool = True
) -> list[AppError]:
    """Every rule the procedure breaks, as coded errors (empty when it may be saved)."""
    problems: list[AppError] = []
    if not data.code:
        problems.append(ValidationError("catalogue.code.empty", field="code"))
    elif not CODE_RE.match(data.code):
        problems.append(ValidationError("catalogue.code.format", field="code", value=data.code))
    if not data.name:
        problems.append(ValidationError("catalogue.name.empty", field="name"))
    if not data.field:
        problems.append(ValidationError("catalogue.field.empty", field="field"))
    if data.time_unit is not TimeUnit.SAME_DAY:
        if data.time_amount is None:
            problems.append(ValidationError("catalogue.time.missing", field="time_amount"))
        elif data.time_amount <= 0:
            problems.append(
                ValidationError(
                    "catalogue.time.not_positive", field="time_amount", value=_num(data.time_amount)
                )
            )
    if data.cutoff_minutes is not None and not (0 < data.cutoff_minutes < 24 * 60):
        problems.append(ValidationError("catalogue.cutoff.invalid", field="cutoff"))
    if not data.documents:
        problems.append(ValidationError("catalogue.documents.empty", field="documents"))
    for i, doc in enumerate(data.documents, start=1):
        if not doc.name:
            problems.append(ValidationError("catalogue.document.name", field="documents", row=i))
        if doc.count < 1:
            problems.append(ValidationError("catalogue.document.count", field="documents", row=i))
    for i, fee in enumerate(data.fees, start=1):
        if not fee.item:
            problems.append(ValidationError("catalogue.fee.item", field="fees", row=i))
        if fee.amount_vnd is not None and fee.amount_vnd < 0:
            problems.append(ValidationError("catalogue.fee.amount", field="fees", row=i))
    problems += limit_problems(data)  # before the steps: an impossible time explains their sum
    problems += check_steps(data, hours_per_day, require_steps=require_steps)
    return problems


def limit_problems(data: ProcedureInput, today: date | None = None) -> list[AppError]:
    """What breaks :mod:`domain.limits`: lengths, refused characters, fees, times, the date."""
    problems: list[AppError] = []

    def text(value: str | None, fname: str, limit: int, multiline: bool = False) -> None:
        try:
            limits.check_text(value, fname, limit, multiline=multiline)
        except ValidationError as exc:
            problems.append(exc)

    for value, fname, limit in (
        (data.code, "code", 64),
        (data.name, "name", limits.LONG_NAME),
        (data.field, "field", limits.NAME),
        (data.level, "level", 50),
        (data.time_note, "time_note", limits.NOTE),
        (data.decision_no, "decision_no", 100),
        (data.handling_body, "handling_body", 300),
        (data.vertical_agency, "vertical_agency", 50),
        (data.portal_url, "portal_url", 500),
        (data.eligible_applicants, "eligible_applicants", limits.TEXT),
        (data.result_name, "result_name", limits.NOTE),
    ):
        text(value, fname, limit)
    for value, fname in (
        (data.applicant_steps, "applicant_steps"),
        (data.source, "source"),
        (data.notes, "notes"),
        ("\n".join(data.legal_basis), "legal_basis"),
    ):
        text(value, fname, limits.TEXT, multiline=True)
    for doc in data.documents:
        text(doc.name, "documents", limits.LONG_NAME)
        text(doc.template_name, "documents", 300)
        text(doc.note, "documents", limits.NOTE)
        if doc.count >= 1:
            try:
                limits.check_count(doc.count, "documents")
            except ValidationError as exc:
                problems.append(exc)
    for step in data.steps:
        text(step.name, "steps", 300)
    for i, fee in enumerate(data.fees, start=1):
        text(fee.item, "fees", limits.NOTE)
        text(fee.exemption, "fees", limits.NOTE)
        text(fee.note, "fees", limits.NOTE)
        amount = fee.amount_vnd
        if (
            amount is not None
            and amount >= 0
            and (isinstance(amount, bool) or not isinstance(amount, int) or amount > MAX_FEE)
        ):
            problems.append(ValidationError("input.money", field="fees", limit=MAX_FEE, row=i))
    if data.time_amount is not None and (
        not math.isfinite(data.time_amount) or data.time_amount > MAX_TIME
    ):
        problems.append(ValidationError("catalogue.time.too_long", field="time_amount",
                                        limit=MAX_TIME))  # fmt: skip
    try:
        limits.check_past(data.decision_date, "decision_date", today or date.today())
    except ValidationError as exc:
        problems.append(exc)
    return problems


def check_steps(
    data: ProcedureInput, hours_per_day: float, *, require_steps: bool = True
) -> list[AppError]:
    """The internal steps' rules: named, positive hours, and adding up to the processing time."""
    problems: list[AppError] = []
    if not data.steps:
        if require_steps:
            problems.append(ValidationError("catalogue.steps.empty", field="steps"))
        return problems
    for i, step in enumerate(data.steps, start=1):
        if not step.name:
            problems.append(ValidationError("catalogue.step.name", field="steps", row=i))
        if not (0 < step.hours <= MAX_TIME * 24):  # NaN too
            problems.append(ValidationError("catalogue.step.hours", field="steps", row=i))
    expected = expected_step_hours(data.time_unit, data.time_amount, hours_per_day)
    total = sum(s.hours for s in data.steps)
    if expected is not None and abs(total - expected) > STEP_TOLERANCE:
        problems.append(
            ValidationError(
                "catalogue.steps.sum",
                field="steps",
                total=_num(total),
                expected=_num(expected),
                hours_per_day=_num(hours_per_day),
            )
        )
    return problems


def missing_parts(data: ProcedureInput) -> tuple[str, ...]:
    """Which of :data:`NOTICE_PARTS` the procedure lacks (a notice must show them all)."""
    missing = []
    if not data.name:
        missing.append("name")
    if not data.applicant_steps:
        missing.append("applicant_steps")
    if not (
        data.channel_counter or data.channel_post or data.online_service is not OnlineService.NONE
    ):
        missing.append("channels")
    if not data.documents:
        missing.append("documents")
    if data.time_unit is not TimeUnit.SAME_DAY and data.time_amount is None:
        missing.append("time")
    if not data.eligible_applicants:
        missing.append("eligible_applicants")
    if not data.handling_body:
        missing.append("handling_body")
    return tuple(missing)


def default_steps(
    unit: TimeUnit, amount: float | None, hours_per_day: float, *, leader: bool = True
) -> tuple[StepSpec, ...]:
    """Sensible internal steps for a procedure whose list gives none, adding up exactly.

    Receive at the counter, examine (the officer), sign (the leader), return at the counter.
    """
    total = expected_step_hours(unit, amount, hours_per_day)
    if total is None or total <= 0:
        return ()
    if total <= 2:
        return (StepSpec("Tiếp nhận, thẩm định và trả kết quả", Role.OFFICER, round(total, 2)),)
    receive = 0.5 if total <= 8 else 1.0
    give_back = 0.5 if total <= 8 else 1.0
    sign = min(hours_per_day, max(1.0, round(total * 0.2 * 2) / 2)) if leader else 0.0
    examine = round(total - receive - give_back - sign, 2)
    steps = [
        StepSpec("Tiếp nhận, kiểm tra hồ sơ tại Bộ phận Một cửa", Role.CLERK, receive),
        StepSpec("Thẩm định, xử lý hồ sơ", Role.OFFICER, examine),
    ]
    if leader:
        steps.append(StepSpec("Lãnh đạo UBND xã xem xét, ký duyệt kết quả", Role.LEADER, sign))
    steps.append(StepSpec("Trả kết quả tại Bộ phận Một cửa", Role.CLERK, give_back))
    return tuple(steps)


#: How a note of the shipped and provincial lists says a document is needed only sometimes
#: ("khi ủy quyền", "khi áp dụng", "chỉ khi mang thai hộ", "trường hợp…", "nếu là…",
#: "không phải nộp nếu…"), folded.
_CONDITIONAL_NOTES = (
    "neu",
    "chi khi",
    "truong hop",
    "trong truong hop",
    "khi ",
    "khi,",
    "tru khi",
    "khong phai nop",
    "khong yeu cau",
    "khong bat buoc",
)
#: ... but these notes give an alternative to a document that is always needed.
_ALTERNATIVE_NOTES = ("neu khong co", "neu chi mang")
#: Documents that are conditional by their nature, whatever the note: an authorisation letter.
_CONDITIONAL_NAMES = ("van ban uy quyen", "giay uy quyen")


def is_conditional(note: str | None, name: str | None = None) -> bool:
    """A document needed only in some cases (its note says when, or its name ends "(nếu có)",
    or it is an authorisation letter): intake does not tick it for the clerk, so that a receipt
    claims only what was handed in."""
    folded_note = fold(note or "")
    if folded_note.startswith(_CONDITIONAL_NOTES) and not folded_note.startswith(
        _ALTERNATIVE_NOTES
    ):
        return True
    if not name:
        return False
    folded = fold(name).rstrip(" )").rstrip()
    return folded.endswith("neu co") or folded.startswith(_CONDITIONAL_NAMES)


def search_key(code: str, name: str) -> str:
    return fold(f"{code} {name}")[:700]


# --------------------------------------------------------------------------- ORM ↔ data


def _input_of(p: ProcedureRowModel) -> ProcedureInput:
    return ProcedureInput(
        code=p.code,
        name=p.name,
        field=p.field.name,
        time_unit=p.time_unit,
        time_amount=p.time_amount,
        cutoff_minutes=p.cutoff_minutes,
        time_note=p.time_note,
        level=p.level,
        decision_no=p.decision_no,
        decision_date=p.decision_date,
        applicant_steps=p.applicant_steps,
        channel_counter=p.channel_counter,
        channel_post=p.channel_post,
        online_service=p.online_service,
        online_payment=p.online_payment,
        eligible_applicants=p.eligible_applicants,
        handling_body=p.handling_body,
        legal_basis=tuple(p.legal_basis.splitlines()) if p.legal_basis else (),
        result_name=p.result_name,
        result_electronic=p.result_electronic,
        interagency=p.interagency,
        vertical_agency=p.vertical_agency,
        certification=p.certification,
        portal_url=p.portal_url,
        source=p.source,
        notes=p.notes,
        documents=tuple(
            DocumentSpec(d.name, d.kind, d.count, d.template_name, d.note, d.optional)
            for d in p.documents
        ),
        steps=tuple(StepSpec(s.name, s.role, s.hours) for s in p.steps),
        fees=tuple(FeeSpec(f.item, f.amount_vnd, f.exemption, f.note) for f in p.fees),
    )


def procedure_view(session: Session, p: ProcedureRowModel) -> ProcedureView:
    creator = session.get(User, p.created_by_id) if p.created_by_id else None
    data = _input_of(p)
    return ProcedureView(
        id=p.id,
        version=p.version,
        is_current=p.is_current,
        status=p.status,
        field_id=p.field_id,
        created_at=p.created_at,
        created_by=creator.full_name if creator else None,
        retired_at=p.retired_at,
        retire_reason=p.retire_reason,
        data=data,
        missing_parts=missing_parts(data),
        needs_review=p.needs_review,
    )


def _row_of(p: ProcedureRowModel, field_name: str) -> ProcedureRow:
    return ProcedureRow(
        id=p.id,
        code=p.code,
        version=p.version,
        name=p.name,
        field_id=p.field_id,
        field_name=field_name,
        status=p.status,
        is_current=p.is_current,
        time_unit=p.time_unit,
        time_amount=p.time_amount,
        cutoff_minutes=p.cutoff_minutes,
        decision_no=p.decision_no,
        decision_date=p.decision_date,
        online_service=p.online_service,
        created_at=p.created_at,
        retired_at=p.retired_at,
        needs_review=p.needs_review,
    )


def _fill(p: ProcedureRowModel, data: ProcedureInput, field_row: Field) -> None:
    p.code = data.code
    p.name = data.name
    p.search_key = search_key(data.code, data.name)
    p.field = field_row
    p.level = data.level
    p.decision_no = data.decision_no
    p.decision_date = data.decision_date
    p.applicant_steps = data.applicant_steps
    p.channel_counter = data.channel_counter
    p.channel_post = data.channel_post
    p.online_service = data.online_service
    p.online_payment = data.online_payment
    p.time_amount = data.time_amount
    p.time_unit = data.time_unit
    p.cutoff_minutes = data.cutoff_minutes
    p.time_note = data.time_note
    p.eligible_applicants = data.eligible_applicants
    p.handling_body = data.handling_body
    p.legal_basis = "\n".join(data.legal_basis) or None
    p.result_name = data.result_name
    p.result_electronic = data.result_electronic
    p.interagency = data.interagency
    p.vertical_agency = data.vertical_agency
    p.certification = data.certification
    p.portal_url = data.portal_url
    p.source = data.source
    p.notes = data.notes
    p.documents = [
        RequiredDocument(
            position=i,
            name=d.name,
            kind=d.kind,
            count=d.count,
            template_name=d.template_name,
            note=d.note,
            optional=d.optional,
        )
        for i, d in enumerate(data.documents, start=1)
    ]
    p.steps = [
        ProcessStep(position=i, name=s.name, role=s.role, hours=s.hours)
        for i, s in enumerate(data.steps, start=1)
    ]
    p.fees = [
        ProcedureFee(
            position=i, item=f.item, amount_vnd=f.amount_vnd, exemption=f.exemption, note=f.note
        )
        for i, f in enumerate(data.fees, start=1)
    ]


# --------------------------------------------------------------------------- fields


def find_field(session: Session, name: str) -> Field | None:
    """The field called ``name``, matched without case or diacritics ("ho tich" = "Hộ tịch")."""
    name = nfc(name)
    if not name:
        return None
    exact = session.scalar(select(Field).where(Field.name == name))
    if exact is not None:
        return exact
    return session.scalar(select(Field).where(Field.name_folded == fold(name)).order_by(Field.id))


def add_field(
    session: Session, name: str, code: str | None = None, register_book: str | None = None
) -> Field:
    name = limits.clean(name, "name", limits.NAME)
    if not name:
        raise ValidationError("catalogue.field.empty", field="name")
    limits.check_text(nfc(code), "code", 32)
    limits.check_text(nfc(register_book), "register_book", limits.NAME)
    if find_field(session, name) is not None:
        raise Conflict("catalogue.field.taken", field="name", name=name)
    row = Field(
        name=name,
        name_folded=fold(name),
        code=nfc_or_none(code),
        register_book=nfc_or_none(register_book),
        active=True,
    )
    session.add(row)
    session.flush()
    return row


def list_fields(db: Database, *, include_inactive: bool = False) -> list[FieldView]:
    """Fields in name order, each with the number of its current, active procedures."""
    with db.session() as s:
        counts = dict(
            s.execute(
                select(ProcedureRowModel.field_id, func.count())
                .where(
                    ProcedureRowModel.is_current.is_(True),
                    ProcedureRowModel.status == ProcedureStatus.ACTIVE,
                )
                .group_by(ProcedureRowModel.field_id)
            ).all()
        )
        q = select(Field).order_by(Field.name_folded)
        if not include_inactive:
            q = q.where(Field.active.is_(True))
        return [
            FieldView(f.id, f.name, f.code, f.register_book, f.active, counts.get(f.id, 0))
            for f in s.scalars(q)
        ]


def create_field(
    db: Database,
    actor: Actor,
    name: str,
    code: str | None = None,
    register_book: str | None = None,
    now: Clock = system_now,
) -> FieldView:
    actor.require(*EDITORS)
    with db.session() as s:
        row = add_field(s, name, code, register_book)
        audit(s, actor, "create", "field", row.id, at=now(), name=row.name)
        return FieldView(row.id, row.name, row.code, row.register_book, row.active, 0)


# --------------------------------------------------------------------------- reading


def _current(session: Session, code: str) -> ProcedureRowModel | None:
    return session.scalar(
        select(ProcedureRowModel).where(
            ProcedureRowModel.code == code, ProcedureRowModel.is_current.is_(True)
        )
    )


def _load(session: Session, procedure_id: int) -> ProcedureRowModel:
    p = session.get(
        ProcedureRowModel,
        procedure_id,
        options=[
            selectinload(ProcedureRowModel.documents),
            selectinload(ProcedureRowModel.steps),
            selectinload(ProcedureRowModel.fees),
        ],
    )
    if p is None:
        raise NotFound("catalogue.not_found", id=procedure_id)
    return p


def get_procedure(db: Database, procedure_id: int) -> ProcedureView:
    with db.session() as s:
        return procedure_view(s, _load(s, procedure_id))


def get_current_by_code(db: Database, code: str) -> ProcedureView:
    with db.session() as s:
        p = _current(s, nfc(code))
        if p is None:
            raise NotFound("catalogue.code.unknown", procedure=nfc(code))
        return procedure_view(s, p)


def search_procedures(
    db: Database,
    query: str = "",
    *,
    field_id: int | None = None,
    include_retired: bool = False,
    after: tuple[str, int] | None = None,
    limit: int = 200,
) -> list[ProcedureRow]:
    """Current procedures whose code or name holds every word of ``query``, with or without
    diacritics; ordered by code then id, ``after`` = the (code, id) of the last row already
    shown (keyset paging)."""
    with db.session() as s:
        return _search(s, query, field_id, include_retired, after, limit)


_ROW_COLUMNS = (
    ProcedureRowModel.id,
    ProcedureRowModel.code,
    ProcedureRowModel.version,
    ProcedureRowModel.name,
    ProcedureRowModel.field_id,
    Field.name,
    ProcedureRowModel.status,
    ProcedureRowModel.is_current,
    ProcedureRowModel.time_unit,
    ProcedureRowModel.time_amount,
    ProcedureRowModel.cutoff_minutes,
    ProcedureRowModel.decision_no,
    ProcedureRowModel.decision_date,
    ProcedureRowModel.online_service,
    ProcedureRowModel.created_at,
    ProcedureRowModel.retired_at,
    ProcedureRowModel.needs_review,  # in the order of ProcedureRow's fields
)


def _filters(query: str, field_id: int | None, include_retired: bool) -> list[Any]:
    P = ProcedureRowModel
    where: list[Any] = [P.is_current.is_(True)]
    if not include_retired:
        where.append(P.status == ProcedureStatus.ACTIVE)
    if field_id is not None:
        where.append(P.field_id == field_id)
    for term in search_terms(query):
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(P.search_key.like(f"%{escaped}%", escape="\\"))
    return where


def _search(
    s: Session,
    query: str,
    field_id: int | None,
    include_retired: bool,
    after: tuple[str, int] | None,
    limit: int,
) -> list[ProcedureRow]:
    """Plain columns, no ORM objects: a page of 200 rows costs a few milliseconds."""
    P = ProcedureRowModel
    q = (
        select(*_ROW_COLUMNS)
        .join(Field, Field.id == P.field_id)
        .where(*_filters(query, field_id, include_retired))
        .order_by(P.code, P.id)
        .limit(limit)
    )
    if after is not None:
        code, last_id = after
        q = q.where(or_(P.code > code, and_(P.code == code, P.id > last_id)))
    return [ProcedureRow(*row) for row in s.execute(q)]


def search_page(
    db: Database,
    query: str = "",
    *,
    field_id: int | None = None,
    include_retired: bool = False,
    limit: int = 200,
) -> tuple[list[ProcedureRow], int]:
    """The first page of :func:`search_procedures` and the number of all matches, in one go."""
    with db.session() as s:
        rows = _search(s, query, field_id, include_retired, None, limit)
        if len(rows) < limit:
            return rows, len(rows)
        total = s.scalar(
            select(func.count())
            .select_from(ProcedureRowModel)
            .where(*_filters(query, field_id, include_retired))
        )
        return rows, int(total or 0)


def count_procedures(
    db: Database, query: str = "", *, field_id: int | None = None, include_retired: bool = False
) -> int:
    with db.session() as s:
        q = (
            select(func.count())
            .select_from(ProcedureRowModel)
            .where(*_filters(query, field_id, include_retired))
        )
        return int(s.scalar(q) or 0)


def procedure_versions(db: Database, code: str) -> list[ProcedureRow]:
    """Every version of the procedure ``code``, newest first."""
    P = ProcedureRowModel
    with db.session() as s:
        q = (
            select(P, Field.name)
            .join(Field, Field.id == P.field_id)
            .where(P.code == nfc(code))
            .order_by(P.version.desc())
        )
        return [_row_of(p, fname) for p, fname in s.execute(q)]


# --------------------------------------------------------------------------- writing


def _field_for(session: Session, name: str, *, create: bool = False) -> Field:
    row = find_field(session, name)
    if row is None:
        if not create:
            raise ValidationError("catalogue.field.unknown", field="field", name=nfc(name))
        row = add_field(session, name)
    return row


def _validate(session: Session, data: ProcedureInput, require_steps: bool = True) -> None:
    hours = calendar_from_session(session).hours_per_day
    problems = check_procedure(data, hours, require_steps=require_steps)
    if problems:
        raise problems[0]


def insert_procedure(
    session: Session,
    actor: Actor | None,
    data: ProcedureInput,
    at: datetime,
    *,
    create_field: bool = False,
    version: int = 1,
) -> ProcedureRowModel:
    """Add a new procedure row (no checks beyond the field; the caller validated)."""
    field_row = _field_for(session, data.field, create=create_field)
    p = ProcedureRowModel(
        version=version,
        is_current=True,
        status=ProcedureStatus.ACTIVE,
        created_at=at,
        created_by_id=actor.user_id if actor else None,
    )
    _fill(p, data, field_row)
    session.add(p)
    session.flush()
    return p


def new_version(
    session: Session,
    actor: Actor | None,
    old: ProcedureRowModel,
    data: ProcedureInput,
    at: datetime,
) -> ProcedureRowModel:
    """Write ``data`` as the next version of ``old`` and make it the current one."""
    last = session.scalar(
        select(func.max(ProcedureRowModel.version)).where(ProcedureRowModel.code == old.code)
    )
    old.is_current = False
    session.flush()
    p = insert_procedure(session, actor, data, at, version=int(last or old.version) + 1)
    return p


def create_procedure(
    db: Database, actor: Actor, data: ProcedureInput, now: Clock = system_now
) -> ProcedureView:
    """Add a procedure to the catalogue (version 1)."""
    actor.require(*EDITORS)
    data = normalise(data)
    with db.session() as s:
        _validate(s, data)
        if s.scalar(select(ProcedureRowModel.id).where(ProcedureRowModel.code == data.code)):
            raise Conflict("catalogue.code.taken", field="code", procedure=data.code)
        at = now()
        p = insert_procedure(s, actor, data, at)
        audit(s, actor, "create", "procedure", p.id, at=at, code=p.code, version=1)
        return procedure_view(s, p)


def update_procedure(
    db: Database, actor: Actor, procedure_id: int, data: ProcedureInput, now: Clock = system_now
) -> ProcedureView:
    """Save an edit as a new version; the old version stays for the dossiers that used it.

    Returns the current version unchanged when nothing was changed.
    """
    actor.require(*EDITORS)
    data = normalise(data)
    with db.session() as s:
        old = _load(s, procedure_id)
        if not old.is_current:
            raise Conflict("catalogue.not_current", procedure=old.code, version=old.version)
        if old.status is ProcedureStatus.RETIRED:
            raise Conflict("catalogue.retired", procedure=old.code)
        if data.code != old.code:
            raise ValidationError("catalogue.code.changed", field="code", procedure=old.code)
        _validate(s, data)
        if data == _input_of(old):
            return procedure_view(s, old)
        at = now()
        p = new_version(s, actor, old, data, at)
        audit(
            s, actor, "new_version", "procedure", p.id, at=at, code=p.code, version=p.version,
            previous_id=old.id,
        )  # fmt: skip
        return procedure_view(s, p)


def confirm_procedure(
    db: Database, actor: Actor, procedure_id: int, now: Clock = system_now
) -> ProcedureView:
    """The administrator (or a leader) checked a shipped procedure against the province's
    publication decision and keeps it as it is: the "to be checked" mark goes."""
    actor.require(*EDITORS)
    with db.session() as s:
        p = _load(s, procedure_id)
        if not p.is_current:
            raise Conflict("catalogue.not_current", procedure=p.code, version=p.version)
        p.needs_review = False
        audit(s, actor, "confirm", "procedure", p.id, at=now(), code=p.code)
        return procedure_view(s, p)


def retire_procedure(
    db: Database, actor: Actor, procedure_id: int, reason: str, now: Clock = system_now
) -> ProcedureView:
    """Stop using a procedure (abolished or replaced); it and its dossiers stay on record."""
    actor.require(*EDITORS)
    reason = nfc(reason)
    if not reason:
        raise ValidationError("catalogue.retire.reason", field="reason")
    with db.session() as s:
        p = _load(s, procedure_id)
        if not p.is_current:
            raise Conflict("catalogue.not_current", procedure=p.code, version=p.version)
        if p.status is ProcedureStatus.RETIRED:
            raise Conflict("catalogue.retired", procedure=p.code)
        at = now()
        retire_row(p, reason, at)
        audit(s, actor, "retire", "procedure", p.id, at=at, code=p.code, reason=reason)
        return procedure_view(s, p)


def retire_row(p: ProcedureRowModel, reason: str, at: datetime) -> None:
    p.status = ProcedureStatus.RETIRED
    p.retired_at = at
    p.retire_reason = reason


def restore_procedure(
    db: Database, actor: Actor, procedure_id: int, now: Clock = system_now
) -> ProcedureView:
    """Bring a retired procedure back into use (the same version)."""
    actor.require(*EDITORS)
    with db.session() as s:
        p = _load(s, procedure_id)
        if not p.is_current or p.status is not ProcedureStatus.RETIRED:
            raise Conflict("catalogue.not_retired", procedure=p.code)
        p.status = ProcedureStatus.ACTIVE
        p.retired_at = None
        p.retire_reason = None
        audit(s, actor, "restore", "procedure", p.id, at=now(), code=p.code)
        return procedure_view(s, p)


def current_procedures(
    session: Session, *, field_ids: Sequence[int] | None = None, ids: Sequence[int] | None = None
) -> list[ProcedureRowModel]:
    """Current, active procedures (optionally of some fields or by id), by field then code."""
    P = ProcedureRowModel
    q = (
        select(P)
        .join(Field, Field.id == P.field_id)
        .where(P.is_current.is_(True), P.status == ProcedureStatus.ACTIVE)
        .options(selectinload(P.documents), selectinload(P.steps), selectinload(P.fees))
        .order_by(Field.name_folded, P.code)
    )
    if field_ids is not None:
        q = q.where(P.field_id.in_(list(field_ids)))
    if ids is not None:
        q = q.where(P.id.in_(list(ids)))
    return list(s for s in session.scalars(q))


def hours_per_day(db: Database) -> float:
    with db.session() as s:
        return calendar_from_session(s).hours_per_day
