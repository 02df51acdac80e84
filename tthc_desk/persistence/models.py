"""SQLAlchemy 2 typed models: every table of the mission, from office profile to audit log."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from tthc_desk.domain.enums import (  # noqa: F401 - re-exported for convenience
    AttachmentRole,
    Channel,
    DayKind,
    DocumentKind,
    DossierState,
    FeedbackState,
    OnlineService,
    PaymentMethod,
    ProcedureStatus,
    ResultDelivery,
    Role,
    TimeUnit,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with constraint naming conventions (stable Alembic diffs)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _enum(cls: type[enum.Enum]) -> Enum:
    # Store the lower-case values as VARCHAR + CHECK-free strings: portable and migration-friendly.
    return Enum(
        cls,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        create_constraint=False,
        length=32,
    )


# ---------------------------------------------------------------------------------------------
# Enumerations (their values are stored; the UI translates them)
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Office, users, settings, audit
# ---------------------------------------------------------------------------------------------


class OfficeProfile(Base):
    """The commune office (one row): printed on every sheet."""

    __tablename__ = "office_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))  # "UBND xã An Sơn"
    code: Mapped[str] = mapped_column(String(32))  # office code used in dossier codes
    # mã định danh điện tử (QCVN 102:2016/BTTTT, e.g. "000.00.25.H23"): when set, the first part
    # of every new dossier code, so it matches the provincial software and the portal
    identifier_code: Mapped[str | None] = mapped_column(String(32))
    # the unit printed under the office on every sheet; offices set up before this setting kept
    # "Bộ phận Một cửa"; new offices start with "Trung tâm Phục vụ hành chính công" (NĐ 118/2025)
    counter_unit: Mapped[str] = mapped_column(
        String(200), default="Trung tâm Phục vụ hành chính công", server_default="Bộ phận Một cửa"
    )
    address: Mapped[str] = mapped_column(String(300))
    province: Mapped[str] = mapped_column(String(100))
    place_name: Mapped[str] = mapped_column(String(100))  # "An Sơn" for "An Sơn, ngày …"
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(200))
    forms_set: Mapped[str] = mapped_column(String(16), default="2025")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class User(Base):
    """A person who signs in: clerk, officer, leader or administrator."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role))
    title: Mapped[str | None] = mapped_column(String(200))  # chức vụ, printed under signatures
    phone: Mapped[str | None] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)


class Setting(Base):
    """Business settings (warning thresholds, forms set…) as JSON values, shared by all PCs."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AuditEntry(Base):
    """Append-only log of every change: who, when, what (triggers refuse UPDATE/DELETE)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, object] | None] = mapped_column(JSON)
    #: Hash chain (SHA-256, hex): the previous line's ``row_hash`` and this line's own, over
    #: the previous hash and this line's content. Lines older than the chain have neither.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))


class AuditChainHead(Base):
    """One row: the newest audit line's hash and the number of chained lines.

    Each writer of the audit log first updates this row, which serialises the writers (the
    row lock on PostgreSQL, the write lock on SQLite) so that the chain never forks, and lets
    ``audit verify`` notice lines cut off the end.
    """

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_hash: Mapped[str | None] = mapped_column(String(64))
    chained: Mapped[int] = mapped_column(Integer, default=0)


# ---------------------------------------------------------------------------------------------
# Working calendar
# ---------------------------------------------------------------------------------------------


class CalendarDay(Base):
    """An office-declared day off or make-up working day, overriding the public holidays."""

    __tablename__ = "calendar_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[DayKind] = mapped_column(_enum(DayKind))
    reason: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The province's announcement it was imported from ("Thông báo 15/TB-UBND ngày …"), if any.
    document: Mapped[str | None] = mapped_column(String(300), default=None)


class CalendarYear(Base):
    """The administrator's confirmation that a year's days off match the government's notices
    (and the province's), so the board stops asking."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    confirmed_at: Mapped[datetime] = mapped_column(DateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # What the shipped table held for the year when confirmed ("complete" / "partial").
    table_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(String(300), default=None)


class WorkSchedule(Base):
    """A season's working periods, in force from its start (month, day) each year."""

    __tablename__ = "work_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))  # "Mùa hè", "Mùa đông", "Cả năm"
    start_month: Mapped[int] = mapped_column(Integer, default=1)
    start_day: Mapped[int] = mapped_column(Integer, default=1)
    periods: Mapped[str] = mapped_column(String(200))  # "07:30-11:30,13:30-17:30"


# ---------------------------------------------------------------------------------------------
# Procedure catalogue (versioned: a row is one version; dossiers keep the version they used)
# ---------------------------------------------------------------------------------------------


class Field(Base):
    """Lĩnh vực: the sector a procedure belongs to, and its paper register book."""

    __tablename__ = "fields"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    name_folded: Mapped[str] = mapped_column(String(200), index=True)
    code: Mapped[str | None] = mapped_column(String(32))
    register_book: Mapped[str | None] = mapped_column(String(200))  # sổ chuyên ngành
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    procedures: Mapped[list[Procedure]] = relationship(back_populates="field")


class Procedure(Base):
    """One version of an administrative procedure with all its parts."""

    __tablename__ = "procedures"
    __table_args__ = (
        UniqueConstraint("code", "version", name="uq_procedures_code_version"),
        Index("ix_procedures_current", "is_current", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[ProcedureStatus] = mapped_column(
        _enum(ProcedureStatus), default=ProcedureStatus.ACTIVE
    )
    name: Mapped[str] = mapped_column(String(500))
    search_key: Mapped[str] = mapped_column(String(700), index=True)  # folded code + name
    field_id: Mapped[int] = mapped_column(ForeignKey("fields.id"), index=True)
    level: Mapped[str] = mapped_column(String(50), default="Cấp xã")
    decision_no: Mapped[str | None] = mapped_column(String(100))  # quyết định công bố
    decision_date: Mapped[date | None] = mapped_column(Date)
    applicant_steps: Mapped[str | None] = mapped_column(Text)  # trình tự thực hiện
    channel_counter: Mapped[bool] = mapped_column(Boolean, default=True)
    channel_post: Mapped[bool] = mapped_column(Boolean, default=False)
    online_service: Mapped[OnlineService] = mapped_column(
        _enum(OnlineService), default=OnlineService.NONE
    )
    online_payment: Mapped[bool] = mapped_column(Boolean, default=False)
    time_amount: Mapped[float | None] = mapped_column(Float)
    time_unit: Mapped[TimeUnit] = mapped_column(_enum(TimeUnit))
    cutoff_minutes: Mapped[int | None] = mapped_column(Integer)  # same-day cut-off, 900 = 15:00
    time_note: Mapped[str | None] = mapped_column(Text)
    eligible_applicants: Mapped[str | None] = mapped_column(Text)  # đối tượng thực hiện
    handling_body: Mapped[str | None] = mapped_column(String(300))
    legal_basis: Mapped[str | None] = mapped_column(Text)  # one text per line
    result_name: Mapped[str | None] = mapped_column(Text)
    result_electronic: Mapped[bool] = mapped_column(Boolean, default=False)
    interagency: Mapped[bool] = mapped_column(Boolean, default=False)
    vertical_agency: Mapped[str | None] = mapped_column(String(50))  # "police", "military"
    certification: Mapped[bool] = mapped_column(Boolean, default=False)  # chứng thực procedure
    portal_url: Mapped[str | None] = mapped_column(String(500))
    source: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)
    retire_reason: Mapped[str | None] = mapped_column(Text)
    # loaded from the shipped commune catalogue: to be checked against the province's
    # publication decision until the administrator confirms or edits it
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    field: Mapped[Field] = relationship(back_populates="procedures")
    documents: Mapped[list[RequiredDocument]] = relationship(
        back_populates="procedure", order_by="RequiredDocument.position", cascade="all"
    )
    steps: Mapped[list[ProcessStep]] = relationship(
        back_populates="procedure", order_by="ProcessStep.position", cascade="all"
    )
    fees: Mapped[list[ProcedureFee]] = relationship(
        back_populates="procedure", order_by="ProcedureFee.position", cascade="all"
    )


class RequiredDocument(Base):
    """Thành phần hồ sơ: one document the applicant must hand in."""

    __tablename__ = "required_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[DocumentKind] = mapped_column(_enum(DocumentKind))
    count: Mapped[int] = mapped_column(Integer, default=1)
    template_name: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    optional: Mapped[bool] = mapped_column(Boolean, default=False)

    procedure: Mapped[Procedure] = relationship(back_populates="documents")


class ProcessStep(Base):
    """One internal step of a procedure, with its role and allotted working hours."""

    __tablename__ = "process_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[Role] = mapped_column(_enum(Role))
    hours: Mapped[float] = mapped_column(Float)

    procedure: Mapped[Procedure] = relationship(back_populates="steps")


class ProcedureFee(Base):
    """A fee line: amount in VND (None = set by the province), what for, exemptions."""

    __tablename__ = "procedure_fees"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(Text)
    amount_vnd: Mapped[int | None] = mapped_column(Integer)
    exemption: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    procedure: Mapped[Procedure] = relationship(back_populates="fees")


class NoticePosting(Base):
    """When a procedure version's public notice was printed and posted at the counter."""

    __tablename__ = "notice_postings"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    printed_at: Mapped[datetime] = mapped_column(DateTime)
    posted_at: Mapped[datetime | None] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)


# ---------------------------------------------------------------------------------------------
# Applicants and dossiers
# ---------------------------------------------------------------------------------------------


class Applicant(Base):
    """A citizen (by 12-digit personal ID) or an organisation applying."""

    __tablename__ = "applicants"

    id: Mapped[int] = mapped_column(primary_key=True)
    personal_id: Mapped[str | None] = mapped_column(String(20), unique=True)
    is_organisation: Mapped[bool] = mapped_column(Boolean, default=False)
    full_name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(10))
    address: Mapped[str | None] = mapped_column(String(400))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class DailySequence(Base):
    """Next number of the day for dossier codes (``{office}-{yyMMdd}-{NNNN}``)."""

    __tablename__ = "daily_sequences"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class FormSequence(Base):
    """Next number of one printed form in one year: "01/YCBS", "02/YCBS" … from 1 January."""

    __tablename__ = "form_sequences"

    form: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


DOSSIER_766_COLUMNS = (
    "finished_at",
    "submitted_at",
    "received_at",
    "created_at",
    "state",
    "channel",
    "procedure_id",
    "supplement_count",
    "timeliness",
    "reception_due_at",
    "portal_due_at",
    "original_due_at",
    "due_at",
    "paused_at",
    "fee_amount",
    "payment_method",
    "result_electronic",
    "own_account",
    "result_to_citizen_account",
    "returned_at",
    "pause_count",
)
"""Columns of ``ix_dossiers_766`` (migration 0019), ``finished_at`` first (the period's ranges)."""


class Dossier(Base):
    """One application by one applicant for one procedure version, with its clocks."""

    __tablename__ = "dossiers"
    __table_args__ = (
        # every order and filter of the board walks an index in (due_at, id) order
        Index("ix_dossiers_state_due", "state", "due_at", "id"),
        Index("ix_dossiers_received", "received_at", "id"),
        Index("ix_dossiers_finished", "finished_at"),  # the 766 period: in hand
        # the 766 aggregate reads the dossiers in hand from this index alone (covering: every
        # column its per-dossier facts need; services/index766.py::_dossier_groups_stmt)
        Index("ix_dossiers_766", *DOSSIER_766_COLUMNS),
        Index("ix_dossiers_due", "due_at", "id"),
        Index("ix_dossiers_field_due", "field_id", "due_at", "id"),
        Index("ix_dossiers_officer_due", "current_officer_id", "due_at", "id"),
        Index("ix_dossiers_state_field_due", "state", "field_id", "due_at", "id"),
        Index("ix_dossiers_state_officer_due", "state", "current_officer_id", "due_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("fields.id"), index=True)  # denormalised
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"), index=True)
    state: Mapped[DossierState] = mapped_column(_enum(DossierState), index=True)
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    own_account: Mapped[bool | None] = mapped_column(Boolean)  # online: applicant's own account
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)  # online submission
    reception_due_at: Mapped[datetime | None] = mapped_column(DateTime)  # 8 working hours
    received_at: Mapped[datetime | None] = mapped_column(DateTime)
    due_at: Mapped[datetime | None] = mapped_column(DateTime)  # printed on the receipt
    original_due_at: Mapped[datetime | None] = mapped_column(DateTime)  # before an apology
    # the portal's deadline (index-766.md): the first appointment plus the applicant's working
    # time during one supplement request; never moved by an apology
    portal_due_at: Mapped[datetime | None] = mapped_column(DateTime)
    remaining_minutes: Mapped[int | None] = mapped_column(Integer)  # while paused
    paused_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)  # processing ended
    returned_at: Mapped[datetime | None] = mapped_column(DateTime)
    collected_by: Mapped[str | None] = mapped_column(String(200))
    timeliness: Mapped[str | None] = mapped_column(String(16))  # early/on_time/late when ended
    supplement_count: Mapped[int] = mapped_column(Integer, default=0)
    pause_count: Mapped[int] = mapped_column(Integer, default=0)
    apology_issued: Mapped[bool] = mapped_column(Boolean, default=False)
    sets_count: Mapped[int] = mapped_column(Integer, default=1)
    subject: Mapped[str | None] = mapped_column(Text)  # what is asked, if more than the name
    fee_amount: Mapped[int] = mapped_column(Integer, default=0)
    payment_method: Mapped[PaymentMethod] = mapped_column(
        _enum(PaymentMethod), default=PaymentMethod.NONE
    )
    result_delivery: Mapped[ResultDelivery] = mapped_column(
        _enum(ResultDelivery), default=ResultDelivery.COUNTER
    )
    result_electronic: Mapped[bool] = mapped_column(Boolean, default=False)
    result_to_citizen_account: Mapped[bool] = mapped_column(Boolean, default=False)
    synced_to_portal: Mapped[bool] = mapped_column(Boolean, default=False)
    register_book: Mapped[str | None] = mapped_column(String(200))
    register_line: Mapped[int | None] = mapped_column(Integer)
    current_officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    search_key: Mapped[str] = mapped_column(String(600), index=True)  # folded code/name/ID
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)

    procedure: Mapped[Procedure] = relationship()
    applicant: Mapped[Applicant] = relationship()
    events: Mapped[list[DossierEvent]] = relationship(
        back_populates="dossier", order_by="DossierEvent.id"
    )
    steps: Mapped[list[StepRun]] = relationship(back_populates="dossier", order_by="StepRun.id")
    received_documents: Mapped[list[ReceivedDocument]] = relationship(
        back_populates="dossier", order_by="ReceivedDocument.id"
    )


class ReceivedDocument(Base):
    """A document ticked as received at intake (paper), optionally linked to its digital copy."""

    __tablename__ = "received_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    required_document_id: Mapped[int | None] = mapped_column(ForeignKey("required_documents.id"))
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[DocumentKind] = mapped_column(_enum(DocumentKind))
    count: Mapped[int] = mapped_column(Integer, default=1)

    dossier: Mapped[Dossier] = relationship(back_populates="received_documents")


class DossierEvent(Base):
    """Everything that happened to a dossier, with time, user and reason; never deleted."""

    __tablename__ = "dossier_events"
    # the 766 8-hour rule: when the counter first answered an online dossier (index-only)
    __table_args__ = (Index("ix_dossier_events_answer", "dossier_id", "kind", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # received, handover, paused, …
    at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    form_number: Mapped[str | None] = mapped_column(String(40))  # number of the printed form
    data: Mapped[dict[str, object] | None] = mapped_column(JSON)

    dossier: Mapped[Dossier] = relationship(back_populates="events")


class StepRun(Base):
    """One run of one internal step on one dossier, with its own clock."""

    __tablename__ = "step_runs"
    __table_args__ = (
        Index("ix_step_runs_open", "finished_at", "due_at"),
        # the 766 steps rule reads only the index (covering)
        Index(
            "ix_step_runs_766",
            "finished_at",
            "started_at",
            "due_at",
            "paused_at",
            "remaining_minutes",
            "timeliness",
        ),
        # ... and counts the late (or unjudged) steps ended in the period by seeking here
        Index("ix_step_runs_timeliness", "timeliness", "finished_at", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    process_step_id: Mapped[int | None] = mapped_column(ForeignKey("process_steps.id"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    handed_over_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    allotted_hours: Mapped[float] = mapped_column(Float)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    due_at: Mapped[datetime] = mapped_column(DateTime)
    paused_at: Mapped[datetime | None] = mapped_column(DateTime)
    remaining_minutes: Mapped[int | None] = mapped_column(Integer)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    timeliness: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)

    dossier: Mapped[Dossier] = relationship(back_populates="steps")


# ---------------------------------------------------------------------------------------------
# Digitisation
# ---------------------------------------------------------------------------------------------


class DigitalDocument(Base):
    """A stored PDF (by SHA-256) registered against an applicant; signed versions chain."""

    __tablename__ = "digital_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[DocumentKind] = mapped_column(_enum(DocumentKind))
    is_result: Mapped[bool] = mapped_column(Boolean, default=False)
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicants.id"), index=True)
    required_document_name: Mapped[str | None] = mapped_column(Text)
    original_filename: Mapped[str | None] = mapped_column(String(300))
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("digital_documents.id"))
    is_signed: Mapped[bool] = mapped_column(Boolean, default=False)
    valid_until: Mapped[date | None] = mapped_column(Date)
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    ocr: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_at: Mapped[datetime] = mapped_column(DateTime)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The text OCR read (NFC), and the search key: title, component and that text, folded (no
    #: diacritics). Indexed by full-text search: FTS5 table ``document_fts`` on SQLite, a GIN
    #: index on ``to_tsvector('simple', search_folded)`` on PostgreSQL (migration 0017).
    ocr_text: Mapped[str | None] = mapped_column(Text)
    search_folded: Mapped[str | None] = mapped_column(Text)


class DossierAttachment(Base):
    """Links a stored document to a dossier (intake, supplement or result), recording reuse."""

    __tablename__ = "dossier_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("digital_documents.id"), index=True)
    role: Mapped[AttachmentRole] = mapped_column(_enum(AttachmentRole))
    required_document_id: Mapped[int | None] = mapped_column(ForeignKey("required_documents.id"))
    reused: Mapped[bool] = mapped_column(Boolean, default=False)
    attached_at: Mapped[datetime] = mapped_column(DateTime)
    attached_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Signature(Base):
    """A digital signature made in the app on a stored document version."""

    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("digital_documents.id"), index=True)
    signer_name: Mapped[str] = mapped_column(String(200))
    certificate_subject: Mapped[str] = mapped_column(Text)
    certificate_serial: Mapped[str] = mapped_column(String(100))
    certificate_sha256: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(16))  # pkcs11 / pkcs12
    purpose: Mapped[str] = mapped_column(String(32))  # scan / result / certified_copy
    signed_at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class TrustedCertificate(Base):
    """A root or intermediate certificate the office trusts for verification."""

    __tablename__ = "trusted_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    der: Mapped[bytes] = mapped_column(LargeBinary)
    is_ca: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CertificationEntry(Base):
    """Sổ chứng thực: one numbered electronic certified copy."""

    __tablename__ = "certification_book"
    __table_args__ = (UniqueConstraint("year", "number", name="uq_certification_book_year_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int] = mapped_column(ForeignKey("digital_documents.id"))
    source_document_id: Mapped[int] = mapped_column(ForeignKey("digital_documents.id"))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    certified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    certified_at: Mapped[datetime] = mapped_column(DateTime)


# ---------------------------------------------------------------------------------------------
# Ratings and feedback
# ---------------------------------------------------------------------------------------------


class Rating(Base):
    """The applicant's satisfaction rating of one dossier."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), unique=True)
    level: Mapped[str] = mapped_column(String(24))  # very_satisfied / satisfied / not_satisfied
    comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Feedback(Base):
    """Phản ánh, kiến nghị: a citizen's complaint or suggestion and its written answer."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    channel: Mapped[str] = mapped_column(String(32))  # counter, phone, email, portal, letter
    sender_name: Mapped[str] = mapped_column(String(200))
    sender_contact: Mapped[str | None] = mapped_column(String(300))
    publish_name: Mapped[str | None] = mapped_column(String(200))  # as the sender agreed
    content: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedures.id"))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    state: Mapped[FeedbackState] = mapped_column(_enum(FeedbackState))
    due_at: Mapped[datetime] = mapped_column(DateTime)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    satisfied: Mapped[bool | None] = mapped_column(Boolean)
    repeated: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


# ---------------------------------------------------------------------------------------------
# The province's dossier list and the paper books
# ---------------------------------------------------------------------------------------------


class ProvinceImport(Base):
    """One import of the provincial software's dossier list (file, who, what it changed)."""

    __tablename__ = "province_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(String(64))
    layout: Mapped[str] = mapped_column(String(32))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_new: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_refused: Mapped[int] = mapped_column(Integer, default=0)


class ProvinceRecord(Base):
    """A dossier as the province's software lists it; earlier values kept in ``history``."""

    __tablename__ = "province_records"
    __table_args__ = (Index("ix_province_records_day", "day", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    procedure_code: Mapped[str] = mapped_column(String(60), default="")
    procedure_name: Mapped[str] = mapped_column(Text, default="")
    applicant: Mapped[str] = mapped_column(String(300), default="")
    applicant_folded: Mapped[str] = mapped_column(String(300), default="")
    channel: Mapped[str | None] = mapped_column(String(16))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    received_at: Mapped[datetime | None] = mapped_column(DateTime)
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))
    handling_body: Mapped[str] = mapped_column(String(300), default="")
    day: Mapped[date | None] = mapped_column(Date)  # received, else submitted: the period key
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    match: Mapped[str | None] = mapped_column(String(16))  # code / manual / created
    first_import_id: Mapped[int] = mapped_column(ForeignKey("province_imports.id"))
    last_import_id: Mapped[int] = mapped_column(ForeignKey("province_imports.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    history: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)


class PaperBook(Base):
    """A paper register the office keeps (sổ tiếp nhận, sổ đăng ký khai sinh, sổ chứng thực…)."""

    __tablename__ = "paper_books"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # reception, civil_status, certification, other
    volume: Mapped[str] = mapped_column(String(40), default="01")  # quyển số
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    procedure_codes: Mapped[list[str]] = mapped_column(JSON, default=list)


class PaperBookEntry(Base):
    """One line of a paper book, numbered per year, for one dossier."""

    __tablename__ = "paper_book_entries"
    __table_args__ = (
        UniqueConstraint("book_id", "year", "line", name="uq_paper_book_entries_line"),
        UniqueConstraint("book_id", "dossier_id", name="uq_paper_book_entries_dossier"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("paper_books.id"))
    year: Mapped[int] = mapped_column(Integer)
    line: Mapped[int] = mapped_column(Integer)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    entered_at: Mapped[datetime] = mapped_column(DateTime)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


#: Full-text search objects made by migrations but not described by the models (the FTS5
#: virtual table and its shadow tables on SQLite): left out of the model/migration comparison.
SEARCH_INDEX_PREFIXES = ("document_fts",)


def include_in_schema_comparison(name: str | None, type_: str, parent_names: object) -> bool:
    """``include_name`` hook for Alembic's comparison: skip the full-text search objects."""
    return not (name and name.startswith(SEARCH_INDEX_PREFIXES))
