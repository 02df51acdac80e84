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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import DateTime, and_, bindparam, case, func, literal, not_, or_, select, union_all
from sqlalchemy.orm import Session

from tthc_desk.domain import index766 as ix
from tthc_desk.domain import limits
from tthc_desk.domain.calendar import WorkingCalendar
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
    RequiredDocument,
    Setting,
    StepRun,
    User,
)
from tthc_desk.reports import data as R
from tthc_desk.reports import index766 as report_pdf
from tthc_desk.services.calendar import calendar_from_session
from tthc_desk.services.common import Actor, Clock, audit, system_now
from tthc_desk.services.notices import posting_due
from tthc_desk.services.province import book_counts_in
from tthc_desk.services.registers import head_of

MANUAL_KEY = "index766.manual"
#: Most dossiers the paper registers of one period can hold (a commune's year is thousands).
MAX_PAPER_COUNT = 1_000_000
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
        if count is not None:
            limits.check_count(count, "paper_count", 0, MAX_PAPER_COUNT)
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
    """The office's estimated 766 score for a period; what cost it points is fetched per
    criterion when asked (:meth:`lost_for`, or :func:`lost_records` off the UI thread)."""

    period_from: date
    period_to: date
    as_of: datetime
    computed_at: datetime
    office_name: str
    report: ix.Report
    counts: ix.Counts
    manual: ManualInputs
    db: Database | None = field(default=None, repr=False, compare=False)
    _lost: dict[str, tuple[ix.Lost, ...]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def total(self) -> float:
        return self.report.total

    @property
    def losing_keys(self) -> tuple[str, ...]:
        """Criteria that lost points and office rules not met, in guide order."""
        keys = [c.key for c in self.report.criteria if c.lost > 0]
        return tuple(keys + [r.key for r in self.report.rules if r.ok is False])

    def lost_for(self, key: str) -> tuple[ix.Lost, ...]:
        """The records that cost points under criterion (or broke rule) ``key`` (a query the
        first time; kept afterwards)."""
        if key not in self.losing_keys:
            return ()
        if key not in self._lost:
            if self.db is None:
                return ()
            self._lost[key] = lost_records(self.db, self, key)
        return self._lost[key]

    @property
    def lost(self) -> tuple[ix.Lost, ...]:
        """Every record that cost points (one query per losing criterion)."""
        return tuple(x for key in self.losing_keys for x in self.lost_for(key))


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


# ---------------------------------------------------------------------------- the SQL pieces
#
# Every figure is a conditional count over indexed columns (SQLAlchemy Core, no ORM objects):
# one statement for the dossiers in hand, one for the online dossiers' 8-hour rule, one for the
# officers' steps, one for the feedback, a few small ones over the catalogue. The records that
# cost points are fetched per criterion only when asked (:func:`lost_records`).

D = Dossier.__table__
P = Procedure.__table__
ATT = DossierAttachment.__table__
DOC = DigitalDocument.__table__
RAT = Rating.__table__
FB = Feedback.__table__
EV = DossierEvent.__table__
ST = StepRun.__table__
USR = User.__table__

_RESULT_VALUES = tuple(x.value for x in _RESULT_STATES)
_CANCEL_VALUES = tuple(x.value for x in _CANCEL_STATES)
_STOPPED_VALUES = tuple(x.value for x in _STOPPED_CLOCK)
_TIMELINESS = ("early", "on_time", "late")


@dataclass(frozen=True)
class _Window:
    start: datetime
    end: datetime
    as_of: datetime


_BOUND = _Window(
    bindparam("w_start", type_=DateTime()),  # type: ignore[arg-type]
    bindparam("w_end", type_=DateTime()),  # type: ignore[arg-type]
    bindparam("w_as_of", type_=DateTime()),  # type: ignore[arg-type]
)
"""A window of bind parameters: the two large statements are built once (:func:`_cached`)
and run with the period's values (:func:`_params`)."""

_STATEMENTS: dict[str, Any] = {}


def _cached(name: str, build: Callable[[_Window], Any]) -> Any:
    stmt = _STATEMENTS.get(name)
    if stmt is None:
        stmt = _STATEMENTS[name] = build(_BOUND)
    return stmt


def _params(w: _Window) -> dict[str, datetime]:
    return {"w_start": w.start, "w_end": w.end, "w_as_of": w.as_of}


def _n(cond: Any) -> Any:
    """1 where ``cond`` holds, else 0 (to be summed)."""
    return case((cond, 1), else_=0)


def _total(cond: Any, label: str) -> Any:
    return func.coalesce(func.sum(_n(cond)), 0).label(label)


def _arrival() -> Any:
    return func.coalesce(D.c.submitted_at, D.c.received_at, D.c.created_at)


def _in_hand(w: _Window) -> Any:
    """Dossiers in hand at some moment of the period: arrived by its end, not ended before it."""
    return and_(or_(D.c.finished_at.is_(None), D.c.finished_at >= w.start), _arrival() < w.end)


def _in_hand_parts(w: _Window) -> tuple[Any, Any]:
    """:func:`_in_hand` as two index ranges (ended since the start; still open), to be joined
    with UNION ALL: SQLite reads each range straight from the index (four times faster than
    its OR plan on a five-year database)."""
    arrived = _arrival() < w.end
    return and_(D.c.finished_at >= w.start, arrived), and_(D.c.finished_at.is_(None), arrived)


def _counted() -> Any:
    """Received, or online awaiting reception (its 8-hour clock runs): a dossier asked to
    supplement before reception is not received yet and counts in no ratio."""
    return or_(D.c.received_at.is_not(None), D.c.state == DossierState.SUBMITTED_ONLINE.value)


def _arrived_in(w: _Window) -> Any:
    return and_(_arrival() >= w.start, _arrival() < w.end)


def _ended(w: _Window) -> Any:
    return and_(D.c.finished_at.is_not(None), D.c.finished_at <= w.as_of)


def _late(w: _Window) -> Any:
    """The portal's judgement (:func:`tthc_desk.domain.index766.portal_standing`) is late."""
    due = case(
        (D.c.state == DossierState.SUBMITTED_ONLINE.value, D.c.reception_due_at),
        else_=func.coalesce(D.c.portal_due_at, D.c.original_due_at, D.c.due_at),
    )
    stopped = and_(
        D.c.state.in_(_STOPPED_VALUES), D.c.finished_at.is_(None), D.c.paused_at.is_not(None)
    )
    return case(
        (D.c.supplement_count > 1, True),
        (
            _ended(w),
            case(
                (D.c.timeliness.in_(_TIMELINESS), D.c.timeliness == "late"),
                (due.is_(None), False),
                else_=D.c.finished_at > due,
            ),
        ),
        (stopped, and_(due.is_not(None), D.c.paused_at > due)),
        (due.is_(None), False),
        else_=w.as_of > due,
    )


def _open_in_time(w: _Window) -> Any:
    return and_(not_(_ended(w)), not_(_late(w)))


def _exists(table: Any, *conds: Any) -> Any:
    return (
        select(literal(1)).select_from(table).where(table.c.dossier_id == D.c.id, *conds).exists()
    )


def _complaint() -> Any:
    return _exists(FB)


def _rated(*conds: Any) -> Any:
    return _exists(RAT, *conds)


def _with_result(w: _Window) -> Any:
    return and_(_ended(w), D.c.finished_at >= w.start, D.c.state.in_(_RESULT_VALUES))


def _electronic() -> Any:
    signed = select(DOC.c.id).where(DOC.c.is_signed.is_(True))
    return or_(
        D.c.result_electronic.is_(True),
        _exists(ATT, ATT.c.role == AttachmentRole.RESULT.value, ATT.c.document_id.in_(signed)),
    )


def _intake_scan() -> Any:
    return _exists(ATT, ATT.c.role != AttachmentRole.RESULT.value)


def _result_scan() -> Any:
    return _exists(ATT, ATT.c.role == AttachmentRole.RESULT.value)


def _own_account_result() -> Any:
    return and_(
        or_(D.c.own_account.is_(None), D.c.own_account.is_(True)),
        D.c.result_to_citizen_account.is_(True),
    )


def _returned_in(w: _Window) -> Any:
    return and_(D.c.returned_at >= w.start, D.c.returned_at < w.end)


def _flag(cond: Any, when: Any = None) -> Any:
    """1 or 0 for ``cond`` (NULL when ``when`` is given and does not hold: not evaluated)."""
    if when is None:
        return case((cond, 1), else_=0)
    return case((not_(when), None), (cond, 1), else_=0)


_REUSED, _INTAKE_SCAN, _RESULT_SCAN, _SIGNED_RESULT = 1, 2, 4, 8


def _attachments_mask() -> Any:
    """One look-up of a dossier's attachments: reused (1), an intake scan (2), a result scan
    (4), a signed electronic result (8), added up."""
    result = ATT.c.role == AttachmentRole.RESULT.value

    def bit(cond: Any, value: int) -> Any:
        return func.max(case((cond, value), else_=0))

    return func.coalesce(
        select(
            bit(ATT.c.reused.is_(True), _REUSED)
            + bit(not_(result), _INTAKE_SCAN)
            + bit(result, _RESULT_SCAN)
            + bit(and_(result, DOC.c.is_signed.is_(True)), _SIGNED_RESULT)
        )
        .select_from(ATT.join(DOC, DOC.c.id == ATT.c.document_id))
        .where(ATT.c.dossier_id == D.c.id)
        .scalar_subquery(),
        0,
    )


# The per-dossier facts of :func:`_dossier_groups`, one bit each of a dossier's mask; the
# attachments' four bits (:func:`_attachments_mask`) sit at ``_ATT_SHIFT``.
_FACTS = (
    "counted", "late", "ended", "received", "online", "fee", "paid_online", "result",
    "result_electronic", "own_result", "returned", "complaint", "supplemented", "paused",
    "cancelled", "online_late", "rated", "not_satisfied",
)  # fmt: skip
_BIT = {name: 1 << i for i, name in enumerate(_FACTS)}
_ATT_SHIFT = len(_FACTS)


@dataclass(frozen=True)
class _Group:
    """One procedure's sums over its dossiers in hand (:func:`_dossier_groups`)."""

    procedure_id: int
    sums: Mapping[str, int]

    @property
    def dossiers_handled(self) -> int:
        return self.sums["dossiers_handled"]

    @property
    def dossiers_online(self) -> int:
        return self.sums["dossiers_online"]


def _sums_of(mask: int) -> dict[str, int]:
    """The figures one dossier with facts ``mask`` adds to its procedure's sums (0 or 1 each)."""
    f = {name: 1 if mask & bit else 0 for name, bit in _BIT.items()}
    att = mask >> _ATT_SHIFT

    def has(bit: int) -> int:
        return 1 if att & bit else 0

    counted, rec_flag, result = f["counted"], f["received"], f["result"]
    rec, res = counted * rec_flag, counted * result
    online_in = rec_flag * f["online"]
    unhappy = 1 if f["not_satisfied"] or f["complaint"] else 0
    electronic = 1 if f["result_electronic"] or has(_SIGNED_RESULT) else 0
    digitised = has(_INTAKE_SCAN) * (1 if has(_RESULT_SCAN) or f["result_electronic"] else 0)
    return {
        "online_submitted": online_in,
        "online_cancelled": online_in * f["cancelled"],
        "online_received_in_time": online_in * (1 - f["online_late"]),
        "dossiers_handled": counted,
        "dossiers_late": counted * f["late"],
        "dossiers_done_on_time": counted * f["ended"] * (1 - f["late"]),
        "dossiers_unhappy": counted * unhappy,
        "dossiers_with_supplement": counted * f["supplemented"],
        "dossiers_paused": counted * f["paused"],
        "dossiers_received": rec,
        "dossiers_online": rec * f["online"],
        "dossiers_reusing": rec * has(_REUSED),
        "dossiers_with_fees": rec * f["fee"],
        "dossiers_paid_online": rec * f["fee"] * f["paid_online"],
        "dossiers_with_result": res,
        "results_electronic": res * electronic,
        "dossiers_digitised": res * digitised,
        "results_to_citizen_account": res * f["own_result"],
        "dossiers_returned": counted * f["returned"],
        "dossiers_rated": counted * f["returned"] * f["rated"],
    }


def _dossier_groups(s: Session, w: _Window) -> list[_Group]:
    """The dossiers in hand (and online ones not yet received), their figures summed per
    procedure. Each dossier's facts are one integer (a bit each: every expression and look-up
    evaluated once per dossier), counted per procedure and mask by the database (a few hundred
    groups, read from the covering ``ix_dossiers_766``); Python makes the sums
    (:func:`_sums_of`)."""
    stmt = _cached("dossier_groups", _dossier_groups_stmt)
    sums: dict[int, dict[str, int]] = {}
    decoded: dict[int, dict[str, int]] = {}
    for procedure_id, m, count in s.execute(stmt, _params(w)).all():
        one = decoded.get(m)
        if one is None:
            one = decoded[m] = _sums_of(int(m))
        acc = sums.get(procedure_id)
        if acc is None:
            acc = sums[procedure_id] = dict.fromkeys(one, 0)
        for name, value in one.items():
            if value:
                acc[name] += value * count
    return [_Group(pid, acc) for pid, acc in sums.items()]


def _dossier_groups_stmt(w: _Window) -> Any:
    received = _arrived_in(w)
    result = _with_result(w)
    online_in = and_(received, D.c.channel == Channel.ONLINE.value)
    rating = func.coalesce(
        select(case((RAT.c.level == "not_satisfied", _BIT["rated"] | _BIT["not_satisfied"]),
                    else_=_BIT["rated"]))
        .where(RAT.c.dossier_id == D.c.id)
        .scalar_subquery(),
        0,
    )  # fmt: skip
    facts = {
        "counted": _counted(),
        "late": _late(w),
        "ended": _ended(w),
        "received": received,
        "online": D.c.channel == Channel.ONLINE.value,
        "fee": D.c.fee_amount > 0,
        "paid_online": D.c.payment_method == PaymentMethod.ONLINE.value,
        "result": result,
        "result_electronic": D.c.result_electronic.is_(True),
        "own_result": _own_account_result(),
        "returned": _returned_in(w),
        "complaint": _complaint(),
        "supplemented": D.c.supplement_count > 0,
        "paused": D.c.pause_count > 0,
        "cancelled": D.c.state.in_(_CANCEL_VALUES),
        "online_late": and_(online_in, _online_late(w)),
    }
    terms = [case((cond, _BIT[name]), else_=0) for name, cond in facts.items()]
    terms.append(rating)
    terms.append(case((or_(received, result), _attachments_mask() * (1 << _ATT_SHIFT)), else_=0))
    mask = terms[0]
    for term in terms[1:]:
        mask = mask + term
    wanted = or_(_counted(), D.c.channel == Channel.ONLINE.value)
    both = union_all(
        *(select(D.c.procedure_id, mask.label("mask")).where(part, wanted)
          for part in _in_hand_parts(w))
    ).subquery()  # fmt: skip
    return select(both.c.procedure_id, both.c.mask, func.count()).group_by(
        both.c.procedure_id, both.c.mask
    )


def _dossier_counts(groups: list[_Group]) -> dict[str, int]:
    """Groups 2–6 and the office's rules: the per-procedure sums of :func:`_dossier_groups`."""
    n: dict[str, int] = dict.fromkeys(_sums_of(0), 0)
    for g in groups:
        for name, value in g.sums.items():
            n[name] += value
    n["dossiers_open_in_time"] = (
        n["dossiers_handled"] - n["dossiers_late"] - n["dossiers_done_on_time"]
    )
    return n


def _answered() -> Any:
    """When the counter answered an online dossier (received, asked to supplement, withdrawn)."""
    return (
        select(func.min(EV.c.at))
        .where(
            EV.c.dossier_id == D.c.id,
            EV.c.kind.in_(("received", "supplement_requested", "withdrawn")),
        )
        .scalar_subquery()
    )


def _online_late(w: _Window) -> Any:
    moment = func.coalesce(_answered(), w.as_of)
    return and_(D.c.reception_due_at.is_not(None), moment > D.c.reception_due_at)


def _online_where(w: _Window) -> tuple[Any, ...]:
    return (_in_hand(w), _arrived_in(w), D.c.channel == Channel.ONLINE.value)


def _step_late(w: _Window) -> Any:
    return case(
        (and_(ST.c.finished_at.is_not(None), ST.c.finished_at < w.end), ST.c.timeliness == "late"),
        (ST.c.paused_at.is_(None), w.as_of > ST.c.due_at),
        else_=func.coalesce(ST.c.remaining_minutes, 0) < 0,
    )


def _step_where(w: _Window) -> tuple[Any, ...]:
    return (
        ST.c.started_at < w.end,
        or_(ST.c.finished_at.is_(None), ST.c.finished_at >= w.start),
    )


def _step_counts(s: Session, w: _Window) -> dict[str, int]:
    """Every officer's step on time (a late step is a loss even when the dossier is on time)."""
    row = s.execute(_cached("step_counts", _step_counts_stmt), _params(w)).one()
    return {"steps_total": int(row[0] or 0), "steps_on_time": int(row[1] or 0)}


def _step_counts_stmt(w: _Window) -> Any:
    """Steps in hand in ``w``: those ended in the period (nearly all of them) are judged by
    their stored timeliness alone (late or not: one ended without a timeliness is on time, as
    its losing records say), so they are counted, not evaluated: all of them from
    ``ix_step_runs_766``, the late ones from ``ix_step_runs_timeliness``; the few still open
    or ended after the period are judged one by one (:func:`_step_late`)."""
    begun = ST.c.started_at < w.end
    done_in = and_(ST.c.finished_at >= w.start, ST.c.finished_at < w.end, begun)
    on_time = _total(not_(_step_late(w)), "on_time")
    zero = literal(0)
    parts = [  # (steps, on time): ended in the period, less the late ones
        select(func.count().label("total"), func.count().label("on_time")).where(done_in),
        select(zero, -func.count()).where(ST.c.timeliness == "late", done_in),
        select(func.count(), on_time).where(ST.c.finished_at >= w.end, begun),
        select(func.count(), on_time).where(ST.c.finished_at.is_(None), begun),
    ]
    both = union_all(*parts).subquery()
    return select(func.sum(both.c.total), func.sum(both.c.on_time))


def _feedback_standing(w: _Window) -> tuple[Any, Any, Any]:
    """(answered on time, open within time, late or open late) at ``w.as_of``."""
    answered = and_(FB.c.answered_at.is_not(None), FB.c.answered_at <= w.as_of)
    on_time = and_(answered, FB.c.answered_at <= FB.c.due_at)
    open_in_time = and_(not_(answered), w.as_of <= FB.c.due_at)
    return on_time, open_in_time, not_(or_(on_time, open_in_time))


def _feedback_counts(s: Session, w: _Window) -> dict[str, int]:
    on_time, open_in_time, late = _feedback_standing(w)
    handled = FB.c.state != FeedbackState.REJECTED.value
    row = s.execute(
        select(
            func.count().label("feedback_received"),
            _total(handled, "feedback_handled"),
            _total(and_(handled, on_time), "feedback_on_time"),
            _total(and_(handled, open_in_time), "feedback_open_in_time"),
            _total(late, "feedback_late"),
            _total(FB.c.satisfied.is_(False), "feedback_disliked"),
            _total(FB.c.repeated.is_(True), "feedback_repeated"),
        ).where(FB.c.received_at >= w.start, FB.c.received_at < w.end)
    ).one()
    return {k: int(v or 0) for k, v in row._mapping.items()}


@dataclass(frozen=True)
class _Proc:
    """A current catalogue procedure as the transparency and online criteria see it."""

    id: int
    code: str
    name: str
    online: bool
    certification: bool
    decision_date: date | None
    posted_at: datetime | None  # first posting on the board up to the moment judged
    missing: tuple[str, ...]  # parts the notice needs but the catalogue lacks
    in_use: bool  # decided by the moment judged, or with a dossier in hand


@dataclass(frozen=True)
class _Used:
    """Codes of the procedures with a dossier in hand, and with an online dossier counted."""

    codes: frozenset[str]
    online: frozenset[str]


def _used_from(s: Session, groups: list[_Group]) -> _Used:
    ids = {g.procedure_id for g in groups if g.dossiers_handled}
    online = {g.procedure_id for g in groups if g.dossiers_online}
    code = dict(s.execute(select(P.c.id, P.c.code).where(P.c.id.in_(ids))).all()) if ids else {}
    return _Used(frozenset(code[i] for i in ids), frozenset(code[i] for i in online))


def _used_in(s: Session, w: _Window) -> _Used:
    """:class:`_Used` on its own (for the records of a transparency or online criterion)."""
    rows = s.execute(
        select(P.c.code, func.max(_flag(and_(_arrived_in(w), D.c.channel == "online"))))
        .select_from(D.join(P, P.c.id == D.c.procedure_id))
        .where(_in_hand(w), _counted())
        .group_by(P.c.code)
    ).all()
    return _Used(frozenset(r[0] for r in rows), frozenset(r[0] for r in rows if r[1]))


def _procedures(s: Session, w: _Window, used: _Used) -> list[_Proc]:
    """The current, active procedures (a few hundred rows at most) with their posting."""
    posted = dict(
        s.execute(
            select(NoticePosting.procedure_id, func.min(NoticePosting.posted_at))
            .where(NoticePosting.posted_at.is_not(None), NoticePosting.posted_at <= w.as_of)
            .group_by(NoticePosting.procedure_id)
        ).all()
    )
    docs = dict(
        s.execute(
            select(RequiredDocument.procedure_id, func.count()).group_by(
                RequiredDocument.procedure_id
            )
        ).all()
    )
    rows = s.execute(
        select(
            P.c.id,
            P.c.code,
            P.c.name,
            P.c.online_service,
            P.c.certification,
            P.c.decision_date,
            P.c.applicant_steps,
            P.c.channel_counter,
            P.c.channel_post,
            P.c.time_unit,
            P.c.time_amount,
            P.c.eligible_applicants,
            P.c.handling_body,
        )  # fmt: skip
        .where(P.c.is_current.is_(True), P.c.status == ProcedureStatus.ACTIVE.value)
        .order_by(P.c.code)
    ).all()
    out = []
    for r in rows:
        online = OnlineService(r.online_service) is not OnlineService.NONE
        missing = []
        if not (r.applicant_steps or "").strip():
            missing.append("trình tự thực hiện")
        if not (r.channel_counter or r.channel_post or online):
            missing.append("cách thức thực hiện")
        if not docs.get(r.id):
            missing.append("thành phần hồ sơ")
        if TimeUnit(r.time_unit) is not TimeUnit.SAME_DAY and not r.time_amount:
            missing.append("thời hạn giải quyết")
        if not (r.eligible_applicants or "").strip():
            missing.append("đối tượng thực hiện")
        if not (r.handling_body or "").strip():
            missing.append("cơ quan thực hiện")
        decided = r.decision_date is not None and r.decision_date <= w.as_of.date()
        out.append(
            _Proc(
                r.id,
                r.code,
                r.name,
                online,
                bool(r.certification),
                r.decision_date,
                posted.get(r.id),
                tuple(missing),
                r.code in used.codes or decided,
            )  # fmt: skip
        )
    return out


def _posting_lost(cal: WorkingCalendar, p: _Proc, as_of: datetime) -> str | None:
    """Why a procedure in use loses 1.2 (None: posted on time, or not yet due)."""
    if p.decision_date is None:
        return "notice.no_decision_date"
    if (p.posted_at or as_of) <= posting_due(cal, p.decision_date):
        return None
    return "notice.not_posted" if p.posted_at is None else "notice.posted_late"


def _catalogue_counts(s: Session, w: _Window, used: _Used) -> dict[str, int]:
    """Group 1 (transparency of the procedures in use) and 3.1–3.2 (online services)."""
    cal = calendar_from_session(s)
    procs = _procedures(s, w, used)
    used_online = used.online
    n: dict[str, int] = defaultdict(int)
    for p in procs:
        n["procedures_all"] += 1
        if p.online:
            n["procedures_online"] += 1
            n["online_services"] += 1
            n["online_services_used"] += p.code in used_online
        if not p.in_use:
            continue
        n["procedures_published"] += 1
        n["procedures_without_decision_date"] += p.decision_date is None
        n["procedures_posted_on_time"] += _posting_lost(cal, p, w.as_of) is None
        if p.posted_at is not None:
            n["procedures_posted"] += 1
            n["procedures_posted_complete"] += not p.missing
    made = s.scalar(
        select(func.count())
        .select_from(CertificationEntry)
        .where(CertificationEntry.certified_at >= w.start, CertificationEntry.certified_at < w.end)
    )
    n["certified_copies_offered"] = 1 if made else 0
    return dict(n)


def estimate(
    db: Database,
    period_from: date,
    period_to: date,
    now: Clock | datetime = system_now,
) -> Estimate:
    """Estimate the 766 score of ``[period_from, period_to]`` from the database (one unit of
    work, a handful of grouped queries): the counts and the score with the source of every
    figure. The records that cost points come per criterion (:meth:`Estimate.lost_for`)."""
    computed_at = now if isinstance(now, datetime) else now()
    with db.session() as s:
        return _estimate_in(s, period_from, period_to, computed_at, db)


def _estimate_in(
    s: Session,
    period_from: date,
    period_to: date,
    computed_at: datetime,
    db: Database | None = None,
) -> Estimate:
    w = _Window(*period_bounds(period_from, period_to, computed_at))
    office_name = s.scalar(select(OfficeProfile.name))
    manual = _manual_in(s)
    n: dict[str, int] = {}
    groups = _dossier_groups(s, w)
    n.update(_dossier_counts(groups))
    n.update(_step_counts(s, w))
    n.update(_feedback_counts(s, w))
    n.update(_catalogue_counts(s, w, _used_from(s, groups)))
    typed = manual.paper_count(period_from, period_to)
    books = book_counts_in(s, period_from, period_to)
    software, paper = books if books is not None else (n["dossiers_received"], typed)
    counts = ix.Counts(**n, paper_count=typed, registers_software=software, registers_paper=paper)
    report = ix.score(counts, manual.as_dict())
    return Estimate(
        period_from, period_to, w.as_of, computed_at, office_name or "", report, counts, manual,
        db,
    )  # fmt: skip


# ---------------------------------------------------------------------------- what cost points


def lost_records(db: Database, est: Estimate, key: str) -> tuple[ix.Lost, ...]:
    """The records that cost ``est`` points under criterion (or office rule) ``key``, fetched
    now (a query or two over the same indexed columns); () when it lost nothing."""
    if key not in est.losing_keys:
        return ()
    with db.session() as s:
        return _lost_in(s, est, key)


def _w(est: Estimate) -> _Window:
    start, end, _as_of = period_bounds(est.period_from, est.period_to, est.computed_at)
    return _Window(start, end, est.as_of)


def _rows(s: Session, w: _Window, *conds: Any, extra: tuple[Any, ...] = ()) -> list[Any]:
    """Dossiers in hand in ``w`` meeting ``conds``, by id (the two index ranges of
    :func:`_in_hand_parts`)."""
    cols = (D.c.id, D.c.code, D.c.supplement_count, D.c.pause_count, *extra)
    both = union_all(*(select(*cols).where(part, *conds) for part in _in_hand_parts(w)))
    sub = both.subquery()
    return list(s.execute(select(sub).order_by(sub.c.id)).all())


def _lost_in(s: Session, est: Estimate, key: str) -> tuple[ix.Lost, ...]:
    w = _w(est)
    hand: tuple[Any, ...] = (_counted(),)
    received = (*hand, _arrived_in(w))
    result = (*hand, _with_result(w))

    def lost(rows: list[Any], reason: Any, detail: Any = None) -> tuple[ix.Lost, ...]:
        return tuple(
            ix.Lost(
                key,
                r.code,
                reason(r) if callable(reason) else reason,
                (detail(r) if callable(detail) else detail) or "",
                r.id,
            )
            for r in rows
        )

    def late_reason(r: Any) -> str:
        if (r.supplement_count or 0) > 1:
            return "dossier.supplements"
        return "dossier.late" if r.ended else "dossier.open_late"

    ended = case((_ended(w), True), else_=False).label("ended")
    if key in ("on_time", "dossiers_satisfied"):
        late = lost(_rows(s, w, *hand, _late(w), extra=(ended,)), late_reason)
        if key == "on_time":
            return late
        complaint = case((_complaint(), True), else_=False).label("complaint")
        unhappy = _rows(
            s, w, *hand, or_(_rated(RAT.c.level == "not_satisfied"), _complaint()),
            extra=(complaint,),
        )  # fmt: skip
        more = lost(
            unhappy, lambda r: "dossier.complaint" if r.complaint else "rating.not_satisfied"
        )
        return tuple(sorted(late + more, key=lambda x: x.dossier_id or 0))
    if key == "supplements":
        rows = _rows(s, w, *hand, D.c.supplement_count > 0)
        return lost(rows, "dossier.supplement_requested", lambda r: str(r.supplement_count))
    if key == "pauses":
        return lost(_rows(s, w, *hand, D.c.pause_count > 0), "dossier.paused",
                    lambda r: str(r.pause_count))  # fmt: skip
    if key == "dossiers_online":
        rows = _rows(
            s, w, *received, D.c.channel != Channel.ONLINE.value,
            P.c.online_service != OnlineService.NONE.value, P.c.id == D.c.procedure_id,
            extra=(P.c.code.label("proc"),),
        )  # fmt: skip
        return lost(rows, "online.counter", lambda r: r.proc)
    if key == "reuse":
        since = (
            select(func.min(DOC.c.registered_at))
            .where(DOC.c.applicant_id == D.c.applicant_id)
            .scalar_subquery()
        )
        rows = _rows(
            s, w, *received, not_(_exists(ATT, ATT.c.reused.is_(True))), since < _arrival()
        )
        return lost(rows, "reuse.not_used")
    if key == "payment":
        rows = _rows(
            s, w, *received, D.c.fee_amount > 0, D.c.payment_method != PaymentMethod.ONLINE.value
        )
        return lost(rows, "payment.not_online")
    if key == "certified_copies":
        rows = _rows(s, w, *received, P.c.id == D.c.procedure_id, P.c.certification.is_(True))
        return lost(rows, "certified_copy.paper")
    if key == "results_electronic":
        return lost(_rows(s, w, *result, not_(_electronic())), "result.paper")
    if key == "digitised":
        scanned = case((_intake_scan(), True), else_=False).label("scanned")
        rows = _rows(
            s, w, *result,
            not_(and_(_intake_scan(), or_(_result_scan(), D.c.result_electronic.is_(True)))),
            extra=(scanned,),
        )  # fmt: skip
        return lost(
            rows,
            lambda r: "digitise.no_result_scan" if r.scanned else "digitise.no_intake_scan",
        )
    if key == "citizen_account":
        own = case((D.c.own_account.is_(False), False), else_=True).label("own")
        rows = _rows(s, w, *result, not_(_own_account_result()), extra=(own,))
        return lost(rows, lambda r: "account.not_returned" if r.own else "account.not_own")
    if key == "rated":
        return lost(_rows(s, w, *hand, _returned_in(w), not_(_rated())), "rating.missing")
    if key == "registers":
        from tthc_desk.services.province import unentered_in

        return tuple(
            ix.Lost(key, code, "book.no_line", book, dossier_id)
            for dossier_id, code, book in unentered_in(s, est.period_from, est.period_to)
        )
    if key == "online_cancelled":
        rows = _rows(s, w, *_online_where(w)[1:], D.c.state.in_(_CANCEL_VALUES))
        return lost(rows, "online.cancelled")
    if key == "online_received_8h":
        return lost(_rows(s, w, *_online_where(w)[1:], _online_late(w)), "online.received_late")
    if key == "steps_on_time":
        return _lost_steps(s, w)
    if key in ("feedback_on_time", "feedback_satisfied"):
        return _lost_feedback(s, w, key)
    return _lost_procedures(s, w, key)


def _lost_steps(s: Session, w: _Window) -> tuple[ix.Lost, ...]:
    done = and_(ST.c.finished_at.is_not(None), ST.c.finished_at < w.end)
    rows = s.execute(
        select(ST.c.dossier_id, D.c.code, ST.c.name, USR.c.full_name, done.label("done"))
        .select_from(
            ST.join(D, D.c.id == ST.c.dossier_id).outerjoin(USR, USR.c.id == ST.c.officer_id)
        )
        .where(*_step_where(w), _step_late(w))
        .order_by(ST.c.id)
    ).all()
    return tuple(
        ix.Lost(
            "steps_on_time",
            r.code,
            "step.late" if r.done else "step.open_late",
            f"{r.name} — {r.full_name}" if r.full_name else r.name,
            r.dossier_id,
        )
        for r in rows
    )


def _lost_feedback(s: Session, w: _Window, key: str) -> tuple[ix.Lost, ...]:
    on_time, open_in_time, late = _feedback_standing(w)
    answered = and_(FB.c.answered_at.is_not(None), FB.c.answered_at <= w.as_of)
    rows = s.execute(
        select(
            FB.c.number,
            FB.c.state,
            FB.c.satisfied,
            FB.c.repeated,
            late.label("late"),
            answered.label("answered"),
        )  # fmt: skip
        .where(FB.c.received_at >= w.start, FB.c.received_at < w.end)
        .order_by(FB.c.id)
    ).all()
    out: list[ix.Lost] = []
    for r in rows:
        if key == "feedback_on_time":
            if FeedbackState(r.state) is not FeedbackState.REJECTED and r.late:
                reason = "feedback.late" if r.answered else "feedback.open_late"
                out.append(ix.Lost(key, r.number, reason))
            continue
        if r.late:
            out.append(ix.Lost(key, r.number, "feedback.late"))
        if r.satisfied is False:
            out.append(ix.Lost(key, r.number, "feedback.disliked"))
        if r.repeated:
            out.append(ix.Lost(key, r.number, "feedback.repeated"))
    return tuple(out)


def _lost_procedures(s: Session, w: _Window, key: str) -> tuple[ix.Lost, ...]:
    used = _used_in(s, w)
    procs = _procedures(s, w, used)
    cal = calendar_from_session(s)
    out: list[ix.Lost] = []
    if key == "posted_on_time":
        for p in procs:
            if p.in_use and (reason := _posting_lost(cal, p, w.as_of)) is not None:
                out.append(ix.Lost(key, p.code, reason, p.name))
    elif key == "posted_complete":
        for p in procs:
            if p.in_use and p.posted_at is not None and p.missing:
                out.append(ix.Lost(key, p.code, "notice.incomplete", ", ".join(p.missing)))
    elif key == "procedures_online":
        out = [ix.Lost(key, p.code, "online.not_offered", p.name) for p in procs if not p.online]
    elif key == "online_services_used":
        out = [
            ix.Lost(key, p.code, "online.no_dossier", p.name)
            for p in procs
            if p.online and p.code not in used.online
        ]
    return tuple(out)


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
        title="CHỦ TỊCH" if leader is None or not leader.title else signer_title(leader.title),
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


def signer_title(title: str) -> str:
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
        est = _estimate_in(s, period_from, period_to, computed_at, db)
        for key in est.losing_keys:  # the records printed, in the same unit of work
            est._lost[key] = _lost_in(s, est, key)
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
