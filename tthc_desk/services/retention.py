"""Retention of personal data: how long citizens' personal data is kept after their last
dossier ended, a dry-run report of what would be anonymised, and the anonymisation itself.

Legal basis (see :data:`LEGAL_BASIS`):

- Decree 13/2023/NĐ-CP of 17/04/2023 on personal data protection: data is kept only as long
  as its purpose needs it and is deleted or anonymised afterwards (Art. 3 principles, Art. 16
  deletion);
- Law on Archives No. 33/2024/QH15 of 21/06/2024 (in force 01/07/2025) and Circular
  10/2022/TT-BNV of the Ministry of Home Affairs, dated 19/12/2022, "quy định thời hạn bảo quản
  tài liệu" (periods of records formed in an office's work): records of an office are kept for
  their retention period, and an archival record is destroyed only on the decision of the head
  of the office after its value-determination council has reviewed it.

  **Unverified** (issue 12, searched 12/2026 with the project's search tool, corpora pages and
  docs, for "Thông tư 10/2022/TT-BNV", "bảng thời hạn bảo quản tài liệu phổ biến", "hồ sơ giải
  quyết thủ tục hành chính thời hạn bảo quản", "Circular 10/2022/TT-BNV retention periods"):
  only the Circular's opening was found (thuvienphapluat.vn, see :data:`LEGAL_BASIS`: number,
  date 19/12/2022 — not 23/12/2022 as this module said before — signer, Art. 1). Its table was
  not found, so **no item number and no period** for one-stop dossiers of administrative
  procedures at commune level is cited here. Art. 1(2) of the Circular, as found, sends the
  periods of *professional* records ("tài liệu chuyên môn nghiệp vụ") to khoản 2 Điều 15 Nghị
  định 01/2013/NĐ-CP, i.e. to each sector's own table: the period that applies to these dossiers
  may not be in this Circular at all. Whether it replaced 09/2011/TT-BNV was not checked either.
  Hence the period stays a setting of the administrator, to be set from the office's own list
  of records (danh mục hồ sơ) approved under those rules.

Hence the rule kept here: the period is a setting of the administrator (default
:data:`DEFAULT_YEARS`, never below :data:`MIN_YEARS`); after it, the *personal data* of a
citizen whose dossiers have all ended is anonymised (name → ``(đã ẩn danh)``, personal ID,
phone, e-mail, address and birth date cleared, who collected the result forgotten, the OCR
text of their papers dropped), while
the dossiers themselves (code, procedure, dates, result) and the files of the document store
are **kept**: destroying archival records is the council's decision, not the software's.
Never touched: a dossier still open, a citizen with any dossier ended inside the period, and a
citizen whose dossier has an open feedback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, update
from sqlalchemy.orm import Session

from tthc_desk.domain.dossier_rules import OPEN_STATES
from tthc_desk.domain.enums import FeedbackState, Role
from tthc_desk.domain.errors import Forbidden, ValidationError
from tthc_desk.domain.text import fold
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import (
    Applicant,
    DigitalDocument,
    Dossier,
    DossierAttachment,
    DossierEvent,
    Feedback,
    ProvinceRecord,
)
from tthc_desk.services import settings_store
from tthc_desk.services.common import Actor, Clock, audit, system_now

#: The setting: years personal data is kept after a citizen's last dossier ended.
YEARS_KEY = "retention.years"
DEFAULT_YEARS = 10
MIN_YEARS = 5
MAX_YEARS = 100
#: What an anonymised name reads.
ANONYMOUS = "(đã ẩn danh)"
#: How many of the oldest items the report lists.
OLDEST = 5
#: The sources of the rule (document, date, where to read it). For 13/2023 and 33/2024 the
#: national database of legal documents is given rather than a page address that was not
#: confirmed; for 10/2022/TT-BNV the page its text was found on (an unofficial copy; the line of
#: its table for one-stop dossiers is unverified, see the module's docstring: for the office to
#: check against its own list of records, hence the period is a setting, not a constant).
LEGAL_BASIS: tuple[tuple[str, str, str], ...] = (
    (
        "Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân",
        "17/04/2023",
        "https://vbpl.vn (tra cứu theo số hiệu)",
    ),
    (
        "Luật Lưu trữ số 33/2024/QH15",
        "21/06/2024 (hiệu lực 01/07/2025)",
        "https://vbpl.vn (tra cứu theo số hiệu)",
    ),
    (
        "Thông tư 10/2022/TT-BNV quy định thời hạn bảo quản tài liệu",
        "19/12/2022",
        "https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/"
        "Circular-10-2022-TT-BNV-prescribing-document-retention-periods-547032.aspx",
    ),
)

_OPEN_FEEDBACK = (
    FeedbackState.RECEIVED,
    FeedbackState.SUPPLEMENT_REQUESTED,
    FeedbackState.IN_PROGRESS,
)


@dataclass(frozen=True)
class OldItem:
    """One of the oldest dossiers the anonymisation would reach: its code and end date."""

    code: str
    ended: date


@dataclass(frozen=True)
class RetentionPlan:
    """What :func:`apply` would do today (the dry-run report)."""

    years: int
    cutoff: date  # personal data of dossiers ended before this day
    applicants: int  # citizens anonymised (with their dossiers, or with none)
    applicants_without_dossier: int
    dossiers: int  # dossiers whose applicant's data is anonymised (the dossiers are kept)
    feedback: int  # closed feedback before the cut-off: sender's name and contact cleared
    documents: int  # digitised papers: OCR text dropped, files kept in the store
    province_records: int  # lines of the province's list: applicant's name cleared
    kept_open: int  # citizens kept because a dossier is open or ended inside the period
    kept_feedback: int  # citizens kept because of an open feedback on their dossier
    oldest: tuple[OldItem, ...]

    @property
    def empty(self) -> bool:
        return not (self.applicants or self.feedback)


@dataclass(frozen=True)
class RetentionResult:
    plan: RetentionPlan  # what was found due, in the same transaction
    applied_at: datetime
    anonymised: int  # citizens anonymised (fewer than planned if one came back meanwhile)


# ------------------------------------------------------------------------------ the setting


def retention_years(db: Database) -> int:
    """The period set by the administrator (years), or :data:`DEFAULT_YEARS`."""
    value = settings_store.get_setting(db, YEARS_KEY, DEFAULT_YEARS)
    try:
        years = int(value)
    except (TypeError, ValueError):
        return DEFAULT_YEARS
    return years if MIN_YEARS <= years <= MAX_YEARS else DEFAULT_YEARS


def set_retention_years(db: Database, actor: Actor, years: int, now: Clock = system_now) -> int:
    """Save the period (administrators only; :data:`MIN_YEARS` to :data:`MAX_YEARS`)."""
    _require_admin(actor)
    if isinstance(years, bool) or not isinstance(years, int):
        raise ValidationError("retention.years", field="years", low=MIN_YEARS, high=MAX_YEARS)
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise ValidationError("retention.years", field="years", low=MIN_YEARS, high=MAX_YEARS)
    settings_store.set_setting(db, actor, YEARS_KEY, years, now)
    return years


# ------------------------------------------------------------------------------ plan and apply


def _require_admin(actor: Actor) -> None:
    if not isinstance(actor, Actor):
        raise Forbidden("auth.forbidden", role="")
    actor.require(Role.ADMIN)


def cutoff_for(today: date, years: int) -> date:
    """The same day ``years`` earlier (29 February → 28 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _ended() -> object:
    return func.coalesce(
        Dossier.returned_at, Dossier.finished_at, Dossier.received_at, Dossier.created_at
    )


def _selection(cutoff: datetime) -> dict[str, Select]:  # type: ignore[type-arg]
    ended = _ended()
    recent = select(Dossier.applicant_id).where(
        or_(Dossier.state.in_(sorted(OPEN_STATES)), ended >= cutoff)  # type: ignore[operator]
    )
    open_feedback = (
        select(Dossier.applicant_id)
        .join(Feedback, Feedback.dossier_id == Dossier.id)
        .where(Feedback.state.in_(_OPEN_FEEDBACK))
    )
    # the whole set at once (NOT IN over the two lists is the fastest form here)
    candidates = select(Applicant.id).where(
        Applicant.full_name != ANONYMOUS,
        Applicant.updated_at < cutoff,
        Applicant.id.not_in(recent),
        Applicant.id.not_in(open_feedback),
    )
    return {"recent": recent, "open_feedback": open_feedback, "candidates": candidates}


def _eligible(cutoff: datetime) -> tuple[ColumnElement[bool], ...]:
    """The same conditions on one applicants row (correlated, by the dossiers' applicant index;
    for the re-check of a few hundred rows in the statement that changes them):
    not anonymised yet, unchanged since before the cut-off, no dossier open or ended inside
    the period, no open feedback on their dossiers."""
    recent = (
        select(Dossier.id)
        .where(Dossier.applicant_id == Applicant.id)
        .where(or_(Dossier.state.in_(sorted(OPEN_STATES)), _ended() >= cutoff))  # type: ignore[operator]
    )
    open_feedback = (
        select(Feedback.id)
        .join(Dossier, Feedback.dossier_id == Dossier.id)
        .where(Dossier.applicant_id == Applicant.id, Feedback.state.in_(_OPEN_FEEDBACK))
    )
    return (
        Applicant.full_name != ANONYMOUS,
        Applicant.updated_at < cutoff,
        ~recent.exists(),
        ~open_feedback.exists(),
    )


def _feedback_cond(cutoff: datetime, dossiers: Select) -> object:  # type: ignore[type-arg]
    return and_(
        Feedback.sender_name != ANONYMOUS,
        Feedback.received_at < cutoff,
        Feedback.state.not_in(_OPEN_FEEDBACK),
        or_(Feedback.dossier_id.is_(None), Feedback.dossier_id.in_(dossiers)),
    )


def _documents_cond(applicants: Select, dossiers: Select) -> object:  # type: ignore[type-arg]
    attached = select(DossierAttachment.document_id).where(
        DossierAttachment.dossier_id.in_(dossiers)
    )
    return and_(
        or_(DigitalDocument.applicant_id.in_(applicants), DigitalDocument.id.in_(attached)),
        or_(
            DigitalDocument.applicant_id.is_not(None),
            DigitalDocument.ocr_text.is_not(None),
            DigitalDocument.search_folded.is_not(None),
        ),
    )


def _plan(s: Session, years: int, today: date) -> RetentionPlan:
    cutoff = cutoff_for(today, years)
    at = datetime.combine(cutoff, time())
    sel = _selection(at)
    candidates = sel["candidates"]
    dossiers = select(Dossier.id).where(Dossier.applicant_id.in_(candidates))

    def count(stmt: Select) -> int:  # type: ignore[type-arg]
        return int(s.scalar(select(func.count()).select_from(stmt.subquery())) or 0)

    with_dossier = select(Dossier.applicant_id)
    has_old = select(Dossier.applicant_id).where(
        Dossier.state.not_in(sorted(OPEN_STATES)),
        _ended() < at,  # type: ignore[operator]
    )
    # citizens the period would reach but something keeps
    aged = select(Applicant.id).where(
        Applicant.full_name != ANONYMOUS,
        or_(Applicant.updated_at < at, Applicant.id.in_(has_old)),
    )
    oldest = s.execute(
        select(Dossier.code, _ended())  # type: ignore[call-overload]
        .where(Dossier.applicant_id.in_(candidates))
        .order_by(_ended(), Dossier.id)  # type: ignore[arg-type]
        .limit(OLDEST)
    ).all()
    return RetentionPlan(
        years=years,
        cutoff=cutoff,
        applicants=count(candidates),
        applicants_without_dossier=count(candidates.where(Applicant.id.not_in(with_dossier))),
        dossiers=count(dossiers),
        feedback=count(select(Feedback.id).where(_feedback_cond(at, dossiers))),  # type: ignore[arg-type]
        documents=count(
            select(DigitalDocument.id).where(_documents_cond(candidates, dossiers))  # type: ignore[arg-type]
        ),
        province_records=count(
            select(ProvinceRecord.id).where(
                ProvinceRecord.dossier_id.in_(dossiers), ProvinceRecord.applicant != ANONYMOUS
            )
        ),
        kept_open=count(aged.where(Applicant.id.in_(sel["recent"]))),
        kept_feedback=count(
            aged.where(Applicant.id.in_(sel["open_feedback"]), Applicant.id.not_in(sel["recent"]))
        ),
        oldest=tuple(
            OldItem(code, (e.date() if isinstance(e, datetime) else e)) for code, e in oldest
        ),
    )


def plan(db: Database, actor: Actor, today: date | None = None) -> RetentionPlan:
    """The dry-run report: what :func:`apply` would anonymise today (administrators only;
    nothing is changed)."""
    _require_admin(actor)
    years = retention_years(db)
    with db.session() as s:
        return _plan(s, years, today or system_now().date())


def apply(
    db: Database, actor: Actor, today: date | None = None, now: Clock = system_now
) -> RetentionResult:
    """Anonymise what :func:`plan` lists, in one transaction, audited (administrators only).

    The dossiers and the files of the store are kept (archives law); the citizens' personal
    data in them is replaced or cleared. The text search keeps working: the dossiers are still
    found by their code, no longer by the citizen's name, ID or phone.
    """
    _require_admin(actor)
    years = retention_years(db)
    at_now = now()
    with db.session() as s:
        p = _plan(s, years, today or at_now.date())
        cutoff = datetime.combine(p.cutoff, time())
        sel = _selection(cutoff)
        ids = list(s.scalars(sel["candidates"]))
        anonymised = 0
        for start in range(0, len(ids), 500):
            # the citizen first, checked again in the statement that changes them: a dossier
            # received on another PC since the selection keeps them (and waits for our commit)
            chunk = list(
                s.scalars(
                    update(Applicant)
                    .where(Applicant.id.in_(ids[start : start + 500]), *_eligible(cutoff))
                    .values(
                        full_name=ANONYMOUS,
                        name_folded="",
                        personal_id=None,
                        birth_date=None,
                        birth_year=None,
                        gender=None,
                        address=None,
                        phone=None,
                        email=None,
                        updated_at=at_now,
                    )
                    .returning(Applicant.id)
                    .execution_options(synchronize_session=False)
                )
            )
            if not chunk:
                continue
            anonymised += len(chunk)
            dossier_ids = select(Dossier.id).where(Dossier.applicant_id.in_(chunk))
            app_ids = select(Applicant.id).where(Applicant.id.in_(chunk))
            s.execute(
                update(Feedback)
                .where(_feedback_cond(cutoff, dossier_ids))  # type: ignore[arg-type]
                .values(sender_name=ANONYMOUS, sender_contact=None, publish_name=None)
                .execution_options(synchronize_session=False)
            )
            s.execute(
                update(DigitalDocument)
                .where(_documents_cond(app_ids, dossier_ids))  # type: ignore[arg-type]
                .values(applicant_id=None, ocr_text=None, search_folded=None)
                .execution_options(synchronize_session=False)
            )
            s.execute(
                update(ProvinceRecord)
                .where(ProvinceRecord.dossier_id.in_(dossier_ids))
                .values(applicant=ANONYMOUS, applicant_folded="")
                .execution_options(synchronize_session=False)
            )
            for d in s.scalars(select(Dossier).where(Dossier.applicant_id.in_(chunk))):
                d.search_key = fold(d.code)
                d.collected_by = None
            # who collected the result is written in the "returned" event too
            for ev in s.scalars(
                select(DossierEvent).where(DossierEvent.dossier_id.in_(dossier_ids))
            ):
                if isinstance(ev.data, dict) and ev.data.get("collected_by"):
                    ev.data = {**ev.data, "collected_by": ANONYMOUS}
        # closed feedback with no dossier, older than the period
        s.execute(
            update(Feedback)
            .where(
                Feedback.sender_name != ANONYMOUS,
                Feedback.received_at < cutoff,
                Feedback.state.not_in(_OPEN_FEEDBACK),
                Feedback.dossier_id.is_(None),
            )
            .values(sender_name=ANONYMOUS, sender_contact=None, publish_name=None)
            .execution_options(synchronize_session=False)
        )
        audit(
            s,
            actor,
            "retention.applied",
            "applicant",
            None,
            at=at_now,
            years=years,
            cutoff=p.cutoff.isoformat(),
            applicants=anonymised,
            dossiers=p.dossiers,
            feedback=p.feedback,
            documents=p.documents,
            province_records=p.province_records,
            oldest=[o.code for o in p.oldest],
        )
    return RetentionResult(p, at_now, anonymised)
