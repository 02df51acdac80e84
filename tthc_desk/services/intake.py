"""Intake at the counter: the procedure picker, returning applicants, validation, the dossier
code (daily sequence, safe with several PCs), the due date, online dossiers and same-day returns.
"""

from __future__ import annotations

import re
import time as _time
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from tthc_desk.domain import dossier_rules as rules
from tthc_desk.domain import limits
from tthc_desk.domain.deadlines import ONLINE_RECEPTION_HOURS, online_reception_due
from tthc_desk.domain.dossier_rules import Action
from tthc_desk.domain.enums import (
    AttachmentRole,
    Channel,
    DossierState,
    PaymentMethod,
    ProcedureStatus,
    ResultDelivery,
    Role,
)
from tthc_desk.domain.errors import AppError, Conflict, ValidationError
from tthc_desk.domain.personal_id import parse_personal_id
from tthc_desk.domain.text import fold, nfc, nfc_or_none
from tthc_desk.persistence import search_index
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import (
    Applicant,
    DailySequence,
    Dossier,
    DossierAttachment,
    OfficeProfile,
    Procedure,
    ProcedureFee,
    RequiredDocument,
)
from tthc_desk.services.calendar import calendar_from_session
from tthc_desk.services.common import Actor, Clock, system_now
from tthc_desk.services.dossiers import (
    ONLINE_RECEPTION_STEP,
    DocumentInput,
    DossierView,
    _end_processing,
    _received_document,
    dossier_view_in,
    processing_time_of,
    receive_in,
    record_event,
    start_step,
)
from tthc_desk.services.reuse import reusable_in

S = DossierState
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
SAVE_ATTEMPTS = 6


# ============================================================================ the picker


@dataclass(frozen=True)
class RequiredDocumentChoice:
    id: int
    name: str
    kind: str
    count: int
    optional: bool


@dataclass(frozen=True)
class ProcedureChoice:
    """A procedure as the intake picker shows it (type-ahead on ``search_key``)."""

    id: int
    code: str
    name: str
    field_name: str
    search_key: str  # folded code and name
    time_unit: str
    time_amount: float | None
    same_day: bool
    fee_total: int
    online: bool
    documents: tuple[RequiredDocumentChoice, ...]

    def matches(self, text: str) -> bool:
        """All folded terms of ``text`` occur in the code or the name (diacritics optional)."""
        return all(t in self.search_key for t in fold(text).split())


def list_procedures(db: Database) -> list[ProcedureChoice]:
    """The current, active procedures with their documents, for the intake picker."""
    with db.session() as s:
        procs = s.scalars(
            select(Procedure)
            .where(Procedure.is_current, Procedure.status == ProcedureStatus.ACTIVE)
            .order_by(Procedure.code)
        ).all()
        ids = [p.id for p in procs]
        docs: dict[int, list[RequiredDocumentChoice]] = {}
        for r in s.scalars(
            select(RequiredDocument)
            .where(RequiredDocument.procedure_id.in_(ids))
            .order_by(RequiredDocument.procedure_id, RequiredDocument.position)
        ):
            docs.setdefault(r.procedure_id, []).append(
                RequiredDocumentChoice(r.id, r.name, r.kind.value, r.count, r.optional)
            )
        fees = dict(
            s.execute(
                select(
                    ProcedureFee.procedure_id, func.coalesce(func.sum(ProcedureFee.amount_vnd), 0)
                )
                .where(ProcedureFee.procedure_id.in_(ids))
                .group_by(ProcedureFee.procedure_id)
            ).all()
        )
        return [
            ProcedureChoice(
                id=p.id,
                code=p.code,
                name=p.name,
                field_name=p.field.name,
                search_key=fold(f"{p.code} {p.name}"),
                time_unit=p.time_unit.value,
                time_amount=p.time_amount,
                same_day=processing_time_of(p).unit == "same_day",
                fee_total=int(fees.get(p.id, 0) or 0),
                online=p.online_service.value != "none",
                documents=tuple(docs.get(p.id, [])),
            )
            for p in procs
        ]


# ============================================================================ applicants


@dataclass(frozen=True)
class ReusableDocument:
    id: int
    title: str
    registered_at: datetime


@dataclass(frozen=True)
class ApplicantView:
    id: int
    personal_id: str
    full_name: str
    birth_date: date | None
    birth_year: int | None
    gender: str
    address: str
    phone: str
    email: str
    is_organisation: bool
    documents: tuple[ReusableDocument, ...]  # earlier digitised documents offered for reuse
    open_dossiers: tuple[str, ...]  # codes of dossiers still open


def find_applicant(db: Database, personal_id: str) -> ApplicantView | None:
    """A returning applicant by personal ID (spaces ignored), or None."""
    number = "".join(personal_id.split())
    if not number:
        return None
    with db.session() as s:
        a = s.scalar(select(Applicant).where(Applicant.personal_id == number))
        if a is None:
            return None
        docs = reusable_in(s, a.id, system_now().date())[:50]
        open_codes = s.scalars(
            select(Dossier.code).where(
                Dossier.applicant_id == a.id, Dossier.state.in_(tuple(rules.OPEN_STATES))
            )
        ).all()
        return ApplicantView(
            id=a.id,
            personal_id=a.personal_id or "",
            full_name=a.full_name,
            birth_date=a.birth_date,
            birth_year=a.birth_year,
            gender=a.gender or "",
            address=a.address or "",
            phone=a.phone or "",
            email=a.email or "",
            is_organisation=a.is_organisation,
            documents=tuple(ReusableDocument(d.id, d.title, d.registered_at) for d in docs),
            open_dossiers=tuple(open_codes),
        )


@dataclass(frozen=True)
class ApplicantMatch:
    """A known applicant found by name, personal ID or phone (the intake's look-up list)."""

    id: int
    full_name: str
    personal_id: str
    phone: str
    birth_year: int | None
    address: str


APPLICANT_MATCHES = 20


def search_applicants(
    db: Database, text: str, limit: int = APPLICANT_MATCHES
) -> list[ApplicantMatch]:
    """Known applicants whose name, personal ID or phone matches every word of ``text`` (with or
    without diacritics; a word may be the start of a name, an ID or a phone), by the search
    index; by name, then ID."""
    if not text.strip():
        return []
    with db.session() as s:
        cond = search_index.matching_ids(
            s.get_bind().dialect.name, search_index.APPLICANTS, fold(text), Applicant.id
        )
        rows = s.execute(
            select(
                Applicant.id,
                Applicant.full_name,
                Applicant.personal_id,
                Applicant.phone,
                Applicant.birth_year,
                Applicant.address,
            )
            .where(cond)
            .order_by(Applicant.name_folded, Applicant.personal_id, Applicant.id)
            .limit(limit)
        ).all()
        return [ApplicantMatch(r[0], r[1], r[2] or "", r[3] or "", r[4], r[5] or "") for r in rows]


# ============================================================================ the command


@dataclass(frozen=True)
class ApplicantInput:
    full_name: str
    personal_id: str = ""
    birth_date: str = ""  # "dd/mm/yyyy", or "yyyy" when only the year is known; may be empty
    gender: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    is_organisation: bool = False


@dataclass(frozen=True)
class IntakeCommand:
    procedure_id: int | None
    applicant: ApplicantInput
    documents: tuple[DocumentInput, ...] = ()
    channel: Channel = Channel.COUNTER
    fee_amount: int = 0
    payment_method: PaymentMethod = PaymentMethod.NONE
    result_delivery: ResultDelivery = ResultDelivery.COUNTER
    delivery_address: str = ""
    sets_count: int = 1
    subject: str = ""
    note: str = ""
    submitted_at: datetime | None = None  # online: when the applicant submitted on the portal
    own_account: bool | None = None  # online: filed from the applicant's own portal account
    receive_now: bool = True  # online: received at once (else it waits, 8-hour clock running)
    officer_id: int | None = None  # who works the first step (default: the receiving clerk)
    return_now: bool = False  # same-day procedures: result handed back on the spot
    collected_by: str = ""
    reuse_document_ids: tuple[int, ...] = ()
    confirm_duplicate: bool = False  # the clerk saw the "already open" warning and goes on


@dataclass(frozen=True)
class IntakeResult:
    dossier: DossierView
    print_receipt: bool  # form 01 (two copies), except for dossiers returned on the spot


@dataclass(frozen=True)
class _Clean:
    name: str
    personal_id: str | None
    birth_date: date | None
    birth_year: int | None
    gender: str | None
    address: str | None
    phone: str | None
    email: str | None
    is_organisation: bool


def parse_birth_date(text: str, today: date) -> tuple[date | None, int | None]:
    """(birth date, birth year) from "dd/mm/yyyy", "yyyy" or ""; ``ValidationError`` for a date
    that does not exist or lies in the future."""
    raw = nfc(text)
    if not raw:
        return None, None
    if raw.isdigit() and len(raw) == 4:
        year = int(raw)
        if year > today.year or year < 1900:
            raise ValidationError("applicant.birth_date.invalid", field="birth_date", value=raw)
        return None, year
    m = _DATE_RE.match(raw)
    if not m:
        raise ValidationError("applicant.birth_date.invalid", field="birth_date", value=raw)
    try:
        d = date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError as exc:
        raise ValidationError(
            "applicant.birth_date.invalid", field="birth_date", value=raw
        ) from exc
    if d > today or d.year < 1900:
        raise ValidationError("applicant.birth_date.future", field="birth_date", value=raw)
    return d, d.year


def validate_applicant(a: ApplicantInput, today: date) -> _Clean:
    """Check and normalise (NFC) the applicant's details; raise on the first problem."""
    name = nfc(a.full_name)
    if not name:
        raise ValidationError("applicant.full_name.empty", field="full_name")
    limits.check_text(name, "full_name", limits.NAME)
    for value, fname, limit in (
        (a.personal_id, "personal_id", 20),
        (a.birth_date, "birth_date", 20),
        (a.gender, "gender", 10),
        (a.address, "address", limits.ADDRESS),
        (a.phone, "phone", limits.PHONE),
        (a.email, "email", limits.EMAIL),
    ):
        limits.check_text(nfc(value), fname, limit)
    birth, year = parse_birth_date(a.birth_date, today)
    number = "".join(a.personal_id.split())
    if a.is_organisation:
        pid = number or None
    else:
        parsed = parse_personal_id(number, year, today=today)
        pid = parsed.number
        if year is None:
            year = parsed.birth_year
    phone = rules.normalise_phone(a.phone) or None
    email = nfc(a.email)
    if email and not _EMAIL_RE.match(email):
        raise ValidationError("applicant.email", field="email", value=email)
    return _Clean(
        name,
        pid,
        birth,
        year,
        nfc_or_none(a.gender),
        nfc_or_none(a.address),
        phone,
        email or None,
        a.is_organisation,
    )


def _validate_command(cmd: IntakeCommand, at: datetime) -> _Clean:
    if cmd.procedure_id is None:
        raise ValidationError("intake.procedure.empty", field="procedure")
    clean = validate_applicant(cmd.applicant, at.date())
    for value, fname, limit in (
        (cmd.delivery_address, "delivery_address", limits.ADDRESS),
        (cmd.subject, "subject", limits.SHORT),
        (cmd.collected_by, "collected_by", limits.NAME),
    ):
        limits.check_text(nfc(value), fname, limit)
    limits.check_text(cmd.note.strip(), "note", limits.NOTE, multiline=True)
    for d in cmd.documents:
        limits.check_text(nfc(d.name), "documents", limits.LONG_NAME)
        limits.check_count(d.count, "documents")
    if cmd.channel is Channel.ONLINE:
        if cmd.submitted_at is None:
            raise ValidationError("intake.submitted_at.empty", field="submitted_at")
        if cmd.submitted_at > at:
            raise ValidationError("intake.submitted_at.future", field="submitted_at")
        limits.check_past(cmd.submitted_at, "submitted_at", at.date())
    elif not cmd.documents:
        raise ValidationError("intake.documents.empty", field="documents")
    if cmd.sets_count < 1:
        raise ValidationError("intake.sets", field="sets")
    limits.check_count(cmd.sets_count, "sets")
    if cmd.fee_amount < 0:
        raise ValidationError("intake.fee.negative", field="fee")
    limits.check_money(cmd.fee_amount, "fee")
    if cmd.fee_amount > 0 and cmd.payment_method is PaymentMethod.NONE:
        raise ValidationError("intake.fee.payment", field="payment")
    if cmd.result_delivery is ResultDelivery.POST and not (
        nfc(cmd.delivery_address) or clean.address
    ):
        raise ValidationError("intake.delivery.address", field="delivery_address")
    if cmd.return_now and not nfc(cmd.collected_by or clean.name):
        raise ValidationError("dossier.return.collected_by", field="collected_by")
    return clean


# ============================================================================ the code


def assign_code(s: Session, office_code: str, day: date) -> str:
    """The next dossier code of ``day``: the daily sequence row is bumped inside the caller's
    transaction (a race ends in an ``IntegrityError`` on the row or the code, and a retry)."""
    bumped = s.execute(
        update(DailySequence)
        .where(DailySequence.day == day)
        .values(last_number=DailySequence.last_number + 1)
        .returning(DailySequence.last_number)
    ).scalar_one_or_none()
    if bumped is None:
        s.add(DailySequence(day=day, last_number=1))
        s.flush()
        bumped = 1
    return rules.format_code(office_code, day, bumped)


def _is_retryable(exc: Exception) -> bool:
    if isinstance(exc, IntegrityError):
        text = str(exc.orig).lower()
        return "daily_sequences" in text or "dossiers.code" in text or "personal_id" in text
    if isinstance(exc, OperationalError):
        text = str(exc.orig).lower()
        return "locked" in text or "busy" in text
    return False


# ============================================================================ receiving


def open_duplicates(s: Session, applicant_id: int, procedure_code: str) -> list[str]:
    """Codes of the applicant's dossiers for the same procedure that are still open."""
    return list(
        s.scalars(
            select(Dossier.code)
            .join(Procedure, Procedure.id == Dossier.procedure_id)
            .where(
                Dossier.applicant_id == applicant_id,
                Procedure.code == procedure_code,
                Dossier.state.in_(tuple(rules.OPEN_STATES)),
            )
            .order_by(Dossier.id)
        )
    )


def receive_dossier(
    db: Database, actor: Actor, cmd: IntakeCommand, now: Clock = system_now
) -> IntakeResult:
    """Receive a dossier in one unit of work: applicant, documents, code, clocks, first step,
    events. Nothing is saved when anything is wrong. Retried when two PCs collide on the code."""
    actor.require(Role.CLERK, Role.OFFICER, Role.LEADER)
    at = now()
    clean = _validate_command(cmd, at)
    docs = [_received_document(d) for d in cmd.documents]  # validates before any write
    del docs
    for attempt in range(SAVE_ATTEMPTS):
        try:
            return _receive_once(db, actor, cmd, clean, at)
        except (IntegrityError, OperationalError) as exc:
            if attempt == SAVE_ATTEMPTS - 1 or not _is_retryable(exc):
                raise
            _time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _receive_once(
    db: Database, actor: Actor, cmd: IntakeCommand, clean: _Clean, at: datetime
) -> IntakeResult:
    with db.session() as s:
        cal = calendar_from_session(s)
        office = s.scalar(select(OfficeProfile))
        if office is None:
            raise AppError("office.missing")
        p = s.get(Procedure, cmd.procedure_id)
        if p is None:
            raise ValidationError("intake.procedure.empty", field="procedure")
        if p.status is not ProcedureStatus.ACTIVE or not p.is_current:
            raise ValidationError("intake.procedure.retired", field="procedure", procedure=p.code)
        pt = processing_time_of(p)
        if cmd.return_now and pt.unit != "same_day":
            raise ValidationError("intake.return_now.not_same_day", field="return_now")
        applicant = _upsert_applicant(s, clean, at)
        if not cmd.confirm_duplicate and applicant.id is not None:
            dups = open_duplicates(s, applicant.id, p.code)
            if dups:
                raise Conflict("intake.duplicate_open", field="applicant", codes=", ".join(dups))
        code = assign_code(s, office.identifier_code or office.code, at.date())
        online = cmd.channel is Channel.ONLINE
        d = Dossier(
            code=code,
            procedure_id=p.id,
            field_id=p.field_id,
            applicant_id=applicant.id,
            state=S.SUBMITTED_ONLINE if online else S.RECEIVED,
            channel=cmd.channel,
            own_account=cmd.own_account if online else None,
            submitted_at=cmd.submitted_at if online else None,
            supplement_count=0,
            pause_count=0,
            apology_issued=False,
            sets_count=cmd.sets_count,
            subject=nfc_or_none(cmd.subject),
            fee_amount=cmd.fee_amount,
            payment_method=cmd.payment_method,
            result_delivery=cmd.result_delivery,
            search_key=fold(f"{code} {clean.name} {clean.personal_id or ''} {clean.phone or ''}"),
            received_by_id=actor.user_id,
            created_at=at,
            note=_note(cmd),
        )
        for doc in cmd.documents:
            d.received_documents.append(_received_document(doc))
        s.add(d)
        s.flush()
        reusable = (
            {x.id: x for x in reusable_in(s, applicant.id, at.date())}
            if cmd.reuse_document_ids
            else {}
        )
        for doc_id in cmd.reuse_document_ids:
            dd = reusable.get(doc_id)
            if dd is None:  # someone else's, replaced by a newer version, or expired
                raise ValidationError("intake.reuse.foreign", field="documents")
            s.add(
                DossierAttachment(
                    dossier_id=d.id,
                    document_id=dd.id,
                    role=AttachmentRole.INTAKE,
                    reused=True,
                    attached_at=at,
                    attached_by_id=actor.user_id,
                )
            )
        if online:
            assert cmd.submitted_at is not None
            d.reception_due_at = online_reception_due(cal, cmd.submitted_at)
            d.due_at = d.reception_due_at  # the board orders by the clock that runs now
            start_step(
                d,
                cal,
                cmd.submitted_at,
                position=0,
                name=ONLINE_RECEPTION_STEP,
                hours=ONLINE_RECEPTION_HOURS,
                officer_id=None,
                handed_over_by_id=None,
            )
            record_event(
                s,
                d,
                actor,
                "submitted_online",
                at,
                submitted_at=cmd.submitted_at,
                reception_due_at=d.reception_due_at,
                own_account=cmd.own_account,
            )
            if cmd.receive_now:
                receive_in(s, cal, d, actor, at, officer_id=cmd.officer_id)
        else:
            receive_in(s, cal, d, actor, at, officer_id=cmd.officer_id)
        if cmd.return_now:
            _return_on_the_spot(s, d, actor, at, nfc(cmd.collected_by) or clean.name)
        s.flush()
        return IntakeResult(dossier_view_in(s, cal, d, at), print_receipt=not cmd.return_now)


def _note(cmd: IntakeCommand) -> str | None:
    parts = [nfc(cmd.note)]
    if cmd.result_delivery is ResultDelivery.POST and nfc(cmd.delivery_address):
        parts.append(f"Địa chỉ nhận kết quả: {nfc(cmd.delivery_address)}")
    return "\n".join(p for p in parts if p) or None


def _return_on_the_spot(s: Session, d: Dossier, actor: Actor, at: datetime, who: str) -> None:
    old = d.state
    _end_processing(d, at)
    d.state = rules.next_state(old, Action.RESULT_READY)
    record_event(s, d, actor, Action.RESULT_READY.value, at, from_state=old, on_the_spot=True)
    d.returned_at = at
    d.collected_by = who
    d.state = rules.next_state(d.state, Action.RETURN)
    record_event(s, d, actor, Action.RETURN.value, at, from_state=S.RESULT_READY, collected_by=who)


def _upsert_applicant(s: Session, c: _Clean, at: datetime) -> Applicant:
    a = None
    if c.personal_id:
        a = s.scalar(select(Applicant).where(Applicant.personal_id == c.personal_id))
    if a is None:
        a = Applicant(
            personal_id=c.personal_id,
            is_organisation=c.is_organisation,
            created_at=at,
        )
        s.add(a)
    a.full_name = c.name
    a.name_folded = fold(c.name)
    for attr in ("birth_date", "birth_year", "gender", "address", "phone", "email"):
        value = getattr(c, attr)
        if value is not None:
            setattr(a, attr, value)
    a.updated_at = at
    s.flush()
    return a


@dataclass(frozen=True)
class DuplicateCheck:
    codes: tuple[str, ...] = field(default_factory=tuple)


def check_duplicates(db: Database, personal_id: str, procedure_id: int) -> DuplicateCheck:
    """Open dossiers of the same applicant for the same procedure (a warning, not a block)."""
    number = "".join(personal_id.split())
    with db.session() as s:
        a_id = s.scalar(select(Applicant.id).where(Applicant.personal_id == number))
        p = s.get(Procedure, procedure_id)
        if a_id is None or p is None:
            return DuplicateCheck()
        return DuplicateCheck(tuple(open_duplicates(s, a_id, p.code)))
