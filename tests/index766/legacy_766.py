"""The 766 estimate as it was computed before the aggregates (issue 14): one ORM object per
dossier, step and feedback. Kept only as the reference the aggregate path is compared with,
criterion by criterion, on a demo database (test_index766_aggregates.py)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

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
    TimeUnit,
)
from tthc_desk.persistence.models import (
    CertificationEntry,
    DigitalDocument,
    Dossier,
    DossierAttachment,
    DossierEvent,
    Feedback,
    NoticePosting,
    Procedure,
    Rating,
    StepRun,
    User,
)
from tthc_desk.services.calendar import calendar_from_session
from tthc_desk.services.index766 import _manual_in, period_bounds
from tthc_desk.services.notices import posting_due

_RESULT_STATES = (DossierState.RESULT_READY, DossierState.RETURNED)
_CANCEL_STATES = (DossierState.REFUSED, DossierState.STOPPED)
_STOPPED_CLOCK = (DossierState.PAUSED, DossierState.SUPPLEMENT_REQUESTED)


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


def legacy_estimate_in(
    s: Session, period_from: date, period_to: date, computed_at: datetime
) -> tuple[ix.Counts, ix.Report, tuple[ix.Lost, ...]]:
    start, end, as_of = period_bounds(period_from, period_to, computed_at)
    t = _Tally()
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
    return counts, report, lost


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
