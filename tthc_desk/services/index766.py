"""The 766 estimate from the office's own records: counts, the typed portal figures, the score,
the records that cost points, and the 766 report sheet.

Which records count (index-766.md), for a period ``[from 00:00, to 24:00)`` judged at
``as_of`` = the period's end, or now when the period is not over:

- *received*: dossiers that arrived in the period (online: when submitted; else received);
- *handled*: dossiers in hand at some moment of the period (arrived by its end, processing not
  ended before its start), judged by :func:`tthc_desk.domain.index766.portal_standing`;
- *with a result*: processing ended with a result (result ready, returned) in the period;
- procedures: the current, active catalogue versions; feedback: received in the period.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tthc_desk.domain import dossier_rules as rules
from tthc_desk.domain import index766 as ix
from tthc_desk.domain.enums import (
    AttachmentRole,
    Channel,
    DossierState,
    FeedbackState,
    OnlineService,
    PaymentMethod,
    ProcedureStatus,
    Role,
    TimeUnit,
)
from tthc_desk.domain.errors import ValidationError
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import (
    CertificationEntry,
    DigitalDocument,
    Dossier,
    DossierAttachment,
    DossierEvent,
    Feedback,
    NoticePosting,
    OfficeProfile,
    Procedure,
    Rating,
    Setting,
    StepRun,
    User,
)
from tthc_desk.reports import data as R
from tthc_desk.reports import index766 as report_pdf
from tthc_desk.services.calendar import calendar_from_session
from tthc_desk.services.common import Actor, Clock, audit, system_now
from tthc_desk.services.notices import posting_due
from tthc_desk.services.registers import head_of

MANUAL_KEY = "index766.manual"
"""The ``settings`` key of the figures typed from the portal (JSON)."""

EDITORS: tuple[Role, ...] = (Role.LEADER,)  # and the administrator
_RESULT_STATES = (DossierState.RESULT_READY, DossierState.RETURNED)
_CANCEL_STATES = (DossierState.REFUSED, DossierState.STOPPED)
_STOPPED_CLOCK = (DossierState.PAUSED, DossierState.SUPPLEMENT_REQUESTED)


# ============================================================================ typed figures


@dataclass(frozen=True)
class ManualInputs:
    """The portal's figures the office typed (ratios 0..1) and paper-register counts."""

    ratios: tuple[tuple[str, float], ...] = ()
    paper_counts: tuple[tuple[str, int], ...] = ()  # "2026-11-01/2026-11-30" -> count
    updated_at: datetime | None = None
    updated_by: str = ""

    def as_dict(self) -> dict[str, float]:
        return dict(self.ratios)

    def paper_count(self, period_from: date, period_to: date) -> int | None:
        return dict(self.paper_counts).get(period_key(period_from, period_to))


def period_key(period_from: date, period_to: date) -> str:
    return f"{period_from.isoformat()}/{period_to.isoformat()}"


def _stored(s: Session) -> tuple[dict[str, Any], Setting | None]:
    row = s.get(Setting, MANUAL_KEY)
    value = row.value if row is not None and isinstance(row.value, dict) else {}
    return dict(value), row


def _manual_in(s: Session) -> ManualInputs:
    value, row = _stored(s)
    ratios = value.get("ratios") or {}
    papers = value.get("paper_counts") or {}
    known = {p.key for p in ix.GUIDE.portal_parts()}
    by = s.get(User, row.updated_by_id) if row is not None and row.updated_by_id else None
    return ManualInputs(
        ratios=tuple((k, float(v)) for k, v in ratios.items() if k in known and v is not None),
        paper_counts=tuple((str(k), int(v)) for k, v in sorted(papers.items())),
        updated_at=row.updated_at if row is not None else None,
        updated_by=by.full_name if by else "",
    )


def get_manual_inputs(db: Database) -> ManualInputs:
    """The figures typed so far."""
    with db.session() as s:
        return _manual_in(s)


def set_manual_inputs(
    db: Database,
    actor: Actor,
    values: Mapping[str, object],
    *,
    paper_count: tuple[date, date, int | None] | None = None,
    now: Clock = system_now,
) -> ManualInputs:
    """Store the portal's figures (leader or administrator): ``values`` maps a portal part key
    (:meth:`~tthc_desk.domain.index766.Guide.portal_parts`) to a ratio 0..1, or ``None`` to go
    back to assuming the maximum; keys not given keep their figure. ``paper_count`` sets (or with
    ``None`` clears) the paper registers' count of one period. Every change is audited."""
    actor.require(*EDITORS)
    cleared = {k for k, v in values.items() if v is None or v == ""}
    typed = ix.validate_manual(values)
    if paper_count is not None:
        start, end, count = paper_count
        if end < start:
            raise ValidationError("index766.period.order", field="period_to")
        if count is not None and count < 0:
            raise ValidationError("index766.paper_count", field="paper_count", value=str(count))
    at = now()
    with db.session() as s:
        value, row = _stored(s)
        ratios: dict[str, float] = dict(value.get("ratios") or {})
        papers: dict[str, int] = dict(value.get("paper_counts") or {})
        before = {"ratios": dict(ratios), "paper_counts": dict(papers)}
        for k in cleared:
            ratios.pop(k, None)
        ratios.update(typed)
        if paper_count is not None:
            key = period_key(paper_count[0], paper_count[1])
            if paper_count[2] is None:
                papers.pop(key, None)
            else:
                papers[key] = paper_count[2]
        new = {"ratios": ratios, "paper_counts": papers}
        if new != before:
            if row is None:
                s.add(Setting(key=MANUAL_KEY, value=new, updated_at=at,
                              updated_by_id=actor.user_id))  # fmt: skip
            else:
                row.value = new
                row.updated_at = at
                row.updated_by_id = actor.user_id
            audit(s, actor, "index766.manual", "setting", MANUAL_KEY, at=at,
                  before=before, after=new)  # fmt: skip
        s.flush()
        return _manual_in(s)


# ============================================================================ the estimate


@dataclass(frozen=True)
class Estimate:
    """The office's estimated 766 score for a period, with what cost it points."""

    period_from: date
    period_to: date
    as_of: datetime
    computed_at: datetime
    office_name: str
    report: ix.Report
    counts: ix.Counts
    manual: ManualInputs
    lost: tuple[ix.Lost, ...]

    @property
    def total(self) -> float:
        return self.report.total

    def lost_for(self, key: str) -> tuple[ix.Lost, ...]:
        """The records that cost points under criterion (or broke rule) ``key``."""
        return tuple(x for x in self.lost if x.key == key)


def period_bounds(
    period_from: date, period_to: date, now: datetime
) -> tuple[datetime, datetime, datetime]:
    """``(start, end, as_of)``: end is exclusive (the day after ``period_to`` at 00:00)."""
    if period_to < period_from:
        raise ValidationError("index766.period.order", field="period_to")
    start = datetime.combine(period_from, time.min)
    end = datetime.combine(period_to + timedelta(days=1), time.min)
    as_of = min(now, end - timedelta(seconds=1))
    if as_of < start:
        raise ValidationError("index766.period.future", field="period_from")
    return start, end, as_of


def _arrival(d: Dossier) -> datetime:
    return d.submitted_at or d.received_at or d.created_at


def _missing_parts(p: Procedure) -> list[str]:
    """The parts of a procedure the notice needs but the catalogue lacks (index-766.md)."""
    missing = []
    if not (p.applicant_steps or "").strip():
        missing.append("trình tự thực hiện")
    if not (p.channel_counter or p.channel_post or p.online_service is not OnlineService.NONE):
        missing.append("cách thức thực hiện")
    if not p.documents:
        missing.append("thành phần hồ sơ")
    if p.time_unit is not TimeUnit.SAME_DAY and not p.time_amount:
        missing.append("thời hạn giải quyết")
    if not (p.eligible_applicants or "").strip():
        missing.append("đối tượng thực hiện")
    if not (p.handling_body or "").strip():
        missing.append("cơ quan thực hiện")
    return missing


class _Tally:
    """Counts and lost records, filled criterion by criterion."""

    def __init__(self) -> None:
        self.n: dict[str, int] = defaultdict(int)
        self.lost: list[ix.Lost] = []

    def add(self, name: str, k: int = 1) -> None:
        self.n[name] += k

    def lose(self, key: str, code: str, reason: str, detail: str = "") -> None:
        self.lost.append(ix.Lost(key, code, reason, detail))


def _transparency(
    s: Session, t: _Tally, as_of: datetime, used: set[str] | frozenset[str] = frozenset()
) -> list[Procedure]:
    """Group 1 from the catalogue and the board; returns every current procedure version.

    Judged: the procedures in use in the period, i.e. decided by the moment judged or with a
    dossier in hand (codes ``used``). One without a publication-decision date is a data problem
    ("thiếu ngày quyết định công bố"): counted, listed, never on time."""
    cal = calendar_from_session(s)
    procs = list(
        s.scalars(
            select(Procedure)
            .where(Procedure.is_current.is_(True), Procedure.status == ProcedureStatus.ACTIVE)
            .order_by(Procedure.code)
        )
    )
    all_procs = procs
    # a version decided after the moment judged did not exist yet for the board
    procs = [
        p
        for p in procs
        if p.code in used or p.decision_date is not None and p.decision_date <= as_of.date()
    ]
    posted: dict[int, datetime] = {}
    for row in s.scalars(
        select(NoticePosting).where(
            NoticePosting.procedure_id.in_([p.id for p in procs]),
            NoticePosting.posted_at.is_not(None),
            NoticePosting.posted_at <= as_of,
        )
    ):
        assert row.posted_at is not None
        first = posted.get(row.procedure_id)
        posted[row.procedure_id] = min(first, row.posted_at) if first else row.posted_at
    for p in procs:
        t.add("procedures_published")
        at = posted.get(p.id)
        if p.decision_date is None:
            t.lose("posted_on_time", p.code, "notice.no_decision_date", p.name)
            t.add("procedures_without_decision_date")
        elif (at or as_of) <= posting_due(cal, p.decision_date):
            t.add("procedures_posted_on_time")
        else:
            reason = "notice.not_posted" if at is None else "notice.posted_late"
            t.lose("posted_on_time", p.code, reason, p.name)
        if at is not None:
            t.add("procedures_posted")
            missing = _missing_parts(p)
            if missing:
                t.lose("posted_complete", p.code, "notice.incomplete", ", ".join(missing))
            else:
                t.add("procedures_posted_complete")
    return all_procs


def _counted(d: Dossier) -> bool:
    """Whether a dossier counts in the 766 ratios: received, or online awaiting reception (its
    8-hour clock runs). One asked to supplement before reception is not received yet."""
    return d.received_at is not None or d.state is DossierState.SUBMITTED_ONLINE


def _dossiers(s: Session, start: datetime, end: datetime) -> list[Dossier]:
    arrival = func.coalesce(Dossier.submitted_at, Dossier.received_at, Dossier.created_at)
    return list(
        s.scalars(
            select(Dossier)
            .where(arrival < end, or_(Dossier.finished_at.is_(None), Dossier.finished_at >= start))
            .order_by(Dossier.id)
        )
    )


def _ids_with(s: Session, ids: list[int], *conds: Any) -> set[int]:
    if not ids:
        return set()
    q = select(DossierAttachment.dossier_id).where(DossierAttachment.dossier_id.in_(ids), *conds)
    return set(s.scalars(q))


def estimate(
    db: Database,
    period_from: date,
    period_to: date,
    now: Clock | datetime = system_now,
) -> Estimate:
    """Estimate the 766 score of ``[period_from, period_to]`` from the database (one unit of
    work): the counts, the score with the source of every figure, and the records that cost
    points."""
    computed_at = now if isinstance(now, datetime) else now()
    with db.session() as s:
        return _estimate_in(s, period_from, period_to, computed_at)


def _estimate_in(s: Session, period_from: date, period_to: date, computed_at: datetime) -> Estimate:
    start, end, as_of = period_bounds(period_from, period_to, computed_at)
    t = _Tally()
    office = s.scalar(select(OfficeProfile))
    manual = _manual_in(s)

    # ------------------------------------------------------------ dossiers in hand
    ds = _dossiers(s, start, end)
    ids = [d.id for d in ds]
    proc_of = {p.id: p for p in s.scalars(select(Procedure).where(
        Procedure.id.in_({d.procedure_id for d in ds})))}  # fmt: skip
    procs = _transparency(s, t, as_of, {proc_of[d.procedure_id].code for d in ds if _counted(d)})
    ratings: dict[int, str] = {
        row[0]: row[1]
        for row in s.execute(
            select(Rating.dossier_id, Rating.level).where(Rating.dossier_id.in_(ids))
        )
    }
    complaints = set(s.scalars(select(Feedback.dossier_id).where(Feedback.dossier_id.in_(ids))))
    reused = _ids_with(s, ids, DossierAttachment.reused.is_(True))
    intake_scans = _ids_with(s, ids, DossierAttachment.role != AttachmentRole.RESULT)
    result_scans = _ids_with(s, ids, DossierAttachment.role == AttachmentRole.RESULT)
    signed_results = _ids_with(
        s, ids, DossierAttachment.role == AttachmentRole.RESULT,
        DossierAttachment.document_id.in_(
            select(DigitalDocument.id).where(DigitalDocument.is_signed.is_(True))),
    )  # fmt: skip
    docs_since: dict[int, datetime] = {
        row[0]: row[1]
        for row in s.execute(
            select(DigitalDocument.applicant_id, func.min(DigitalDocument.registered_at))
            .where(DigitalDocument.applicant_id.in_({d.applicant_id for d in ds}))
            .group_by(DigitalDocument.applicant_id)
        )
        if row[0] is not None
    }

    online_codes: set[str] = set()
    for d in ds:
        arrived = _arrival(d)
        if not _counted(d):
            # asked to supplement (or withdrawn) before reception: not received, in no ratio;
            # the counter's answer still counts for the 8-hour rule
            if d.channel is Channel.ONLINE and start <= arrived < end:
                _online_rules(s, t, d, as_of)
            continue
        ended = d.finished_at if d.finished_at is not None and d.finished_at < end else None
        code = d.code
        p = proc_of[d.procedure_id]
        # -------------------------------------------------- 2. progress (handled)
        t.add("dossiers_handled")
        stopped = d.paused_at if d.state in _STOPPED_CLOCK and d.finished_at is None else None
        due = rules.portal_due(d.due_at, d.portal_due_at, d.original_due_at)
        if d.state is DossierState.SUBMITTED_ONLINE:
            due = d.reception_due_at
        standing = ix.portal_standing(
            as_of=as_of,
            due_at=due,
            ended_at=ended,
            supplement_count=d.supplement_count or 0,
            recorded=d.timeliness,
            stopped_at=stopped,
        )
        late = not standing.counts_on_time
        if standing is ix.Standing.OPEN_IN_TIME:
            t.add("dossiers_open_in_time")
        elif not late:
            t.add("dossiers_done_on_time")
        else:
            t.add("dossiers_late")
            reason = (
                "dossier.supplements"
                if (d.supplement_count or 0) > 1
                else "dossier.open_late"
                if standing is ix.Standing.OPEN_LATE
                else "dossier.late"
            )
            t.lose("on_time", code, reason)
            t.lose("dossiers_satisfied", code, reason)
        unhappy = ratings.get(d.id) == "not_satisfied" or d.id in complaints
        if unhappy:
            t.add("dossiers_unhappy")
            reason = "dossier.complaint" if d.id in complaints else "rating.not_satisfied"
            t.lose("dossiers_satisfied", code, reason)
        if (d.supplement_count or 0) > 0:
            t.add("dossiers_with_supplement")
            t.lose("supplements", code, "dossier.supplement_requested",
                   str(d.supplement_count))  # fmt: skip
        if (d.pause_count or 0) > 0:
            t.add("dossiers_paused")
            t.lose("pauses", code, "dossier.paused", str(d.pause_count))

        # -------------------------------------------------- received in the period
        if start <= arrived < end:
            t.add("dossiers_received")
            online = d.channel is Channel.ONLINE
            if online:
                t.add("dossiers_online")
                online_codes.add(p.code)
            elif p.online_service is not OnlineService.NONE:
                t.lose("dossiers_online", code, "online.counter", p.code)
            if d.id in reused:
                t.add("dossiers_reusing")
            elif (since := docs_since.get(d.applicant_id)) is not None and since < arrived:
                t.lose("reuse", code, "reuse.not_used")
            if d.fee_amount and d.fee_amount > 0:
                t.add("dossiers_with_fees")
                if d.payment_method is PaymentMethod.ONLINE:
                    t.add("dossiers_paid_online")
                else:
                    t.lose("payment", code, "payment.not_online")
            if p.certification:
                t.lose("certified_copies", code, "certified_copy.paper")
            if online:
                _online_rules(s, t, d, as_of)

        # -------------------------------------------------- ended with a result
        if ended is not None and ended >= start and d.state in _RESULT_STATES:
            t.add("dossiers_with_result")
            electronic = d.result_electronic or d.id in signed_results
            if electronic:
                t.add("results_electronic")
            else:
                t.lose("results_electronic", code, "result.paper")
            if d.id in intake_scans and (d.id in result_scans or d.result_electronic):
                t.add("dossiers_digitised")
            else:
                reason = (
                    "digitise.no_intake_scan"
                    if d.id not in intake_scans
                    else "digitise.no_result_scan"
                )
                t.lose("digitised", code, reason)
            if d.own_account is False:
                t.lose("citizen_account", code, "account.not_own")
            elif d.result_to_citizen_account:
                t.add("results_to_citizen_account")
            else:
                t.lose("citizen_account", code, "account.not_returned")
        if d.returned_at is not None and start <= d.returned_at < end:
            t.add("dossiers_returned")
            if d.id in ratings:
                t.add("dossiers_rated")
            else:
                t.lose("rated", code, "rating.missing")

    # ------------------------------------------------------------ 3. online service
    for p in procs:
        t.add("procedures_all")
        if p.online_service is OnlineService.NONE:
            t.lose("procedures_online", p.code, "online.not_offered", p.name)
            continue
        t.add("procedures_online")
        t.add("online_services")
        if p.code in online_codes:
            t.add("online_services_used")
        else:
            t.lose("online_services_used", p.code, "online.no_dossier", p.name)

    # ------------------------------------------------------------ certified copies
    made = s.scalar(
        select(func.count())
        .select_from(CertificationEntry)
        .where(CertificationEntry.certified_at >= start, CertificationEntry.certified_at < end)
    )
    t.add("certified_copies_offered", 1 if made else 0)

    _steps(s, t, start, end, as_of)
    _feedback(s, t, start, end, as_of)

    counts = ix.Counts(
        **dict(t.n),
        paper_count=manual.paper_count(period_from, period_to),
    )
    report = ix.score(counts, manual.as_dict())
    lost_keys = {c.key for c in report.criteria if c.lost > 0}
    lost_keys |= {r.key for r in report.rules if r.ok is False}
    lost = tuple(x for x in t.lost if x.key in lost_keys)
    return Estimate(
        period_from,
        period_to,
        as_of,
        computed_at,
        office.name if office else "",
        report,
        counts,
        manual,
        lost,
    )


def _online_rules(s: Session, t: _Tally, d: Dossier, as_of: datetime) -> None:
    """Online dossier: received or answered within 8 working hours; never cancelled."""
    t.add("online_submitted")
    if d.state in _CANCEL_STATES:
        t.add("online_cancelled")
        t.lose("online_cancelled", d.code, "online.cancelled")
    answered = s.scalar(
        select(func.min(DossierEvent.at)).where(
            DossierEvent.dossier_id == d.id,
            DossierEvent.kind.in_(("received", "supplement_requested", "withdrawn")),
        )
    )
    due = d.reception_due_at
    moment = answered if answered is not None else as_of
    if due is None or moment <= due:
        t.add("online_received_in_time")
    else:
        t.lose("online_received_8h", d.code, "online.received_late")


def _steps(s: Session, t: _Tally, start: datetime, end: datetime, as_of: datetime) -> None:
    """Every officer's step on time (a late step is a loss even when the dossier is on time)."""
    rows = s.execute(
        select(StepRun, Dossier.code, User.full_name)
        .join(Dossier, Dossier.id == StepRun.dossier_id)
        .outerjoin(User, User.id == StepRun.officer_id)
        .where(
            StepRun.started_at < end,
            or_(StepRun.finished_at.is_(None), StepRun.finished_at >= start),
        )
        .order_by(StepRun.id)
    ).all()
    for st, code, officer in rows:
        t.add("steps_total")
        detail = f"{st.name} — {officer}" if officer else st.name
        if st.finished_at is not None and st.finished_at < end:
            if st.timeliness == "late":
                t.lose("steps_on_time", code, "step.late", detail)
            else:
                t.add("steps_on_time")
        elif st.paused_at is None and as_of > st.due_at:
            t.lose("steps_on_time", code, "step.open_late", detail)
        elif st.paused_at is not None and (st.remaining_minutes or 0) < 0:
            t.lose("steps_on_time", code, "step.open_late", detail)
        else:
            t.add("steps_on_time")


def _feedback(s: Session, t: _Tally, start: datetime, end: datetime, as_of: datetime) -> None:
    rows = s.scalars(
        select(Feedback)
        .where(Feedback.received_at >= start, Feedback.received_at < end)
        .order_by(Feedback.id)
    )
    for f in rows:
        t.add("feedback_received")
        standing = ix.feedback_standing(as_of=as_of, due_at=f.due_at, answered_at=f.answered_at)
        if f.state is not FeedbackState.REJECTED:
            t.add("feedback_handled")
            if standing is ix.Standing.ON_TIME:
                t.add("feedback_on_time")
            elif standing is ix.Standing.OPEN_IN_TIME:
                t.add("feedback_open_in_time")
            else:
                reason = "feedback.late" if standing is ix.Standing.LATE else "feedback.open_late"
                t.lose("feedback_on_time", f.number, reason)
        if not standing.counts_on_time:
            t.add("feedback_late")
            t.lose("feedback_satisfied", f.number, "feedback.late")
        if f.satisfied is False:
            t.add("feedback_disliked")
            t.lose("feedback_satisfied", f.number, "feedback.disliked")
        if f.repeated:
            t.add("feedback_repeated")
            t.lose("feedback_satisfied", f.number, "feedback.repeated")


# ============================================================================ the sheet


def sheet_data(
    db: Database, est: Estimate, issued_on: date | None = None, maker: str = ""
) -> report_pdf.Index766Sheet:
    """The 766 report's input for an estimate (the office heading from the database);
    ``maker`` is the name printed under "Người lập biểu"."""
    with db.session() as s:
        return _sheet_in(s, est, issued_on, maker)


def _sheet_in(
    s: Session, est: Estimate, issued_on: date | None = None, maker: str = ""
) -> report_pdf.Index766Sheet:
    head = head_of(s, issued_on or est.computed_at.date())
    leader = s.scalar(
        select(User).where(User.role == Role.LEADER, User.active.is_(True)).order_by(User.id)
    )
    signer = R.Signer(
        title="CHỦ TỊCH" if leader is None or not leader.title else _signer_title(leader.title),
        name=leader.full_name if leader else "",
        on_behalf="TM. ỦY BAN NHÂN DÂN",
    )
    return report_pdf.Index766Sheet(
        head=head,
        period_from=est.period_from,
        period_to=est.period_to,
        as_of=est.as_of,
        report=est.report,
        lost=est.lost,
        signer=signer,
        maker=R.Signer(title=report_pdf.MAKER, name=maker),
        manual_updated_at=est.manual.updated_at,
    )


def _signer_title(title: str) -> str:
    """ "Chủ tịch UBND xã" -> "CHỦ TỊCH" (the office is already printed in "TM. …")."""
    head = title.split(" UBND")[0].split(" Ủy ban")[0]
    return head.upper()


def render_pdf(
    db: Database,
    period_from: date,
    period_to: date,
    out: Path | BinaryIO,
    now: Clock | datetime = system_now,
) -> Estimate:
    """Estimate the period and print the 766 report to ``out``."""
    computed_at = now if isinstance(now, datetime) else now()
    with db.session() as s:
        est = _estimate_in(s, period_from, period_to, computed_at)
        sheet = _sheet_in(s, est)
    report_pdf.render_index766(sheet, out)
    return est


def print_estimate(db: Database, est: Estimate, out: Path | BinaryIO, maker: str = "") -> None:
    """Print the 766 report of an estimate already made (the screen's "Save PDF")."""
    report_pdf.render_index766(sheet_data(db, est, maker=maker), out)


def manual_json(m: ManualInputs) -> str:
    """The typed figures as JSON (for the command line)."""
    return json.dumps({"ratios": dict(m.ratios), "paper_counts": dict(m.paper_counts)},
                      ensure_ascii=False)  # fmt: skip
