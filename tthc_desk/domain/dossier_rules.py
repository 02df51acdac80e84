"""A dossier's life as pure rules: states and allowed actions, the dossier code, portal judgement.

No clock is computed here beyond calls into :mod:`tthc_desk.domain.deadlines`; the services
layer applies these rules inside one unit of work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from tthc_desk.domain.calendar import WorkingCalendar
from tthc_desk.domain.deadlines import (
    DEFAULT_WARNING_POLICY,
    ProcessingTime,
    Timeliness,
    WarningLevel,
    WarningPolicy,
    due_at,
    timeliness,
    warning_level,
    working_minutes_left,
)
from tthc_desk.domain.enums import Channel, DossierState
from tthc_desk.domain.errors import Conflict, ValidationError

S = DossierState


class Action(StrEnum):
    """What can be done to a dossier (each stored as an event of the same name)."""

    RECEIVE = "received"  # an online dossier received by the counter
    HANDOVER = "handover"
    PAUSE = "paused"
    RESUME = "resumed"
    REQUEST_SUPPLEMENT = "supplement_requested"
    RECEIVE_SUPPLEMENT = "supplement_received"  # the complete dossier again: clock restarts
    REFUSE = "refused"
    STOP = "stopped"
    WITHDRAW = "withdrawn"
    APOLOGISE = "apology"
    RESULT_READY = "result_ready"
    RETURN = "returned"


#: state -> {action: new state}; an action absent from a state's table is not allowed there.
TRANSITIONS: dict[DossierState, dict[Action, DossierState]] = {
    S.SUBMITTED_ONLINE: {
        Action.RECEIVE: S.RECEIVED,
        Action.REQUEST_SUPPLEMENT: S.SUPPLEMENT_REQUESTED,
        Action.WITHDRAW: S.WITHDRAWN,
        # never REFUSE / STOP: an online dossier is never cancelled by the counter
    },
    S.RECEIVED: {
        Action.HANDOVER: S.IN_PROGRESS,
        Action.PAUSE: S.PAUSED,
        Action.REQUEST_SUPPLEMENT: S.SUPPLEMENT_REQUESTED,
        Action.REFUSE: S.REFUSED,
        Action.STOP: S.STOPPED,
        Action.WITHDRAW: S.WITHDRAWN,
        Action.APOLOGISE: S.RECEIVED,
        Action.RESULT_READY: S.RESULT_READY,
    },
    S.IN_PROGRESS: {
        Action.HANDOVER: S.IN_PROGRESS,
        Action.PAUSE: S.PAUSED,
        Action.REQUEST_SUPPLEMENT: S.SUPPLEMENT_REQUESTED,
        Action.REFUSE: S.REFUSED,
        Action.STOP: S.STOPPED,
        Action.WITHDRAW: S.WITHDRAWN,
        Action.APOLOGISE: S.IN_PROGRESS,
        Action.RESULT_READY: S.RESULT_READY,
    },
    S.PAUSED: {
        Action.RESUME: S.IN_PROGRESS,
        Action.STOP: S.STOPPED,
        Action.WITHDRAW: S.WITHDRAWN,
        Action.APOLOGISE: S.PAUSED,
    },
    S.SUPPLEMENT_REQUESTED: {
        Action.RECEIVE_SUPPLEMENT: S.RECEIVED,
        Action.WITHDRAW: S.WITHDRAWN,
        Action.STOP: S.STOPPED,
    },
    S.RESULT_READY: {Action.RETURN: S.RETURNED},
    S.RETURNED: {},
    S.REFUSED: {},
    S.STOPPED: {},
    S.WITHDRAWN: {},
}

#: States in which processing has not ended (the dossier's clock matters).
OPEN_STATES: frozenset[DossierState] = frozenset(
    {S.SUBMITTED_ONLINE, S.RECEIVED, S.IN_PROGRESS, S.PAUSED, S.SUPPLEMENT_REQUESTED}
)
#: States in which processing has ended.
ENDED_STATES: frozenset[DossierState] = frozenset(set(DossierState) - OPEN_STATES)
#: States whose clock is running (not paused, not with the applicant).
RUNNING_STATES: frozenset[DossierState] = frozenset({S.SUBMITTED_ONLINE, S.RECEIVED, S.IN_PROGRESS})


def allowed_actions(state: DossierState, channel: Channel | None = None) -> list[Action]:
    """The actions allowed on a dossier in ``state`` (in table order)."""
    return list(TRANSITIONS[state])


def next_state(state: DossierState, action: Action) -> DossierState:
    """The state after ``action``; ``Conflict("dossier.transition")`` when not allowed."""
    table = TRANSITIONS[state]
    if action not in table:
        raise Conflict("dossier.transition", state=state.value, action=action.value)
    return table[action]


# ------------------------------------------------------------------------------ the code

CODE_RE = re.compile(r"^(?P<office>[A-Z0-9.]+)-(?P<day>\d{6})-(?P<n>\d{4,})$")


def format_code(office_code: str, day: date, number: int) -> str:
    """``{office}-{yyMMdd}-{NNNN}``: e.g. ``XANSON-260302-0007``."""
    if number < 1:
        raise ValueError("dossier numbers start at 1")
    return f"{office_code}-{day:%y%m%d}-{number:04d}"


def parse_code(code: str) -> tuple[str, date, int]:
    """The office code, day and number of a dossier code (``ValidationError`` if malformed)."""
    m = CODE_RE.match(code.strip().upper())
    if not m:
        raise ValidationError("dossier.code.format", field="code", value=code)
    d = m["day"]
    try:
        day = date(2000 + int(d[:2]), int(d[2:4]), int(d[4:6]))
    except ValueError as exc:
        raise ValidationError("dossier.code.format", field="code", value=code) from exc
    return m["office"], day, int(m["n"])


# ------------------------------------------------------------------------------ judgement


def allotted_hours(
    cal: WorkingCalendar, pt: ProcessingTime, start: datetime, due: datetime
) -> float:
    """The working hours a clock was given: the amount, or (same day) from start to due."""
    if pt.unit == "working_days":
        return pt.amount * cal.hours_per_day
    if pt.unit == "working_hours":
        return pt.amount
    return max(cal.working_hours_between(start, due), 0.5)


def portal_timeliness(
    finished_at: datetime, due_at: datetime, supplement_count: int = 0
) -> Timeliness:
    """How the national portal judges a dossier whose processing ended at ``finished_at``.

    Judged against the appointment (``due_at``; the first one if an apology moved it); more than
    one supplement request makes it late (index-766.md).
    """
    if supplement_count > 1:
        return Timeliness.LATE
    return timeliness(finished_at, due_at)


DEFAULT_MINUTES_PER_DAY = 480  # the default calendar's working day (deadlines.md §1)


@dataclass(frozen=True)
class WorkingSpan:
    """A signed count of working minutes split for display.

    ``in_days``: at least one working day, read as ``days`` and ``hours`` (minutes dropped);
    otherwise ``hours`` and ``minutes`` (``days`` is 0).
    """

    overdue: bool
    days: int
    hours: int
    minutes: int
    in_days: bool


def working_span(
    minutes: int, minutes_per_day: int = DEFAULT_MINUTES_PER_DAY, *, overdue: bool | None = None
) -> WorkingSpan:
    """Split signed working ``minutes`` (negative: overdue) for display.

    A span of a working day (``minutes_per_day``, the office's hours per day) or more reads in
    working days and whole hours ("2 ngày 3 giờ"); a shorter one in hours and minutes.
    ``overdue`` overrides the sign (a clock past its due instant by less than a working minute).
    """
    late = minutes < 0 if overdue is None else overdue
    m = abs(minutes)
    if minutes_per_day > 0 and m >= minutes_per_day:
        days, rest = divmod(m, minutes_per_day)
        return WorkingSpan(late, days, rest // 60, 0, True)
    return WorkingSpan(late, 0, m // 60, m % 60, False)


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a clock stands now: signed working minutes left and its warning level.

    ``minutes_per_day`` is the office's working day (for reading long spans in days). A clock
    past its due instant is overdue (level LATE) even when no working minute has passed since
    (after hours, at lunch): :attr:`overdue` says so, whatever ``minutes_left`` rounds to.
    """

    minutes_left: int
    level: WarningLevel
    paused: bool = False
    minutes_per_day: int = DEFAULT_MINUTES_PER_DAY

    @property
    def overdue(self) -> bool:
        """Whether the clock has passed its due instant."""
        return self.level is WarningLevel.LATE

    @property
    def span(self) -> WorkingSpan:
        """The time left (or overdue) split for display: days and hours, or hours and minutes."""
        return working_span(self.minutes_left, self.minutes_per_day, overdue=self.overdue)


def standing(
    cal: WorkingCalendar,
    now: datetime,
    due: datetime,
    allotted: float,
    *,
    paused_minutes: int | None = None,
    policy: WarningPolicy = DEFAULT_WARNING_POLICY,
) -> Standing:
    """The standing of an open clock at ``now`` under the office's warning ``policy``; a paused
    clock shows its frozen minutes left."""
    per_day = cal.minutes_per_day
    if paused_minutes is not None:
        return Standing(paused_minutes, policy.level(paused_minutes, allotted), True, per_day)
    return Standing(
        working_minutes_left(cal, now, due),
        warning_level(cal, now, due, allotted, policy=policy),
        minutes_per_day=per_day,
    )


def warning_threshold_hours(
    allotted: float, policy: WarningPolicy = DEFAULT_WARNING_POLICY
) -> float:
    """Working hours before the deadline at which a clock of ``allotted`` hours is nearly due."""
    return policy.threshold_hours(allotted)


def apology_last_day(cal: WorkingCalendar, due: datetime) -> date:
    """The last day the apology (form 04) may be issued: the working day before the day the
    result is due (deadlines.md §3: "at least one working day before the day", by date)."""
    day = due.date() - timedelta(days=1)
    while not cal.is_working_day(day):
        day -= timedelta(days=1)
    return day


def apology_deadline(cal: WorkingCalendar, due: datetime) -> datetime:
    """The latest moment to issue the apology: the end of :func:`apology_last_day`."""
    return cal.end_of_working_day(apology_last_day(cal, due))


#: The furthest a new appointment (form 04) may lie after the appointment it replaces. The law
#: (Nghị định 118/2025/NĐ-CP; deadlines.md §3) sets no number: the date is the office's promise,
#: moved only once. This bound is the software's, against a typing slip (2062 for 2026, 9999):
#: a dossier that needs more than a year is stopped (form 05) rather than promised again.
APOLOGY_MAX_EXTENSION = timedelta(days=365)


def apology_latest(due: datetime) -> datetime:
    """The latest new appointment an apology may give for a dossier due at ``due``."""
    return due + APOLOGY_MAX_EXTENSION


def clock_difference(
    due_at: datetime | None,
    portal_due_at: datetime | None,
    supplement_count: int,
    apologised: bool,
) -> str | None:
    """Why the portal judges a dossier by another date than the citizen's appointment (issue
    10, the two clocks): ``"supplements"`` (two or more supplement requests: late on the
    portal), ``"apology"`` (form 04 gave a new date; the portal keeps the first), ``"restart"``
    (the office counts the full time afresh after the supplement; the portal only adds the
    applicant's time); None when the two dates agree (or the portal has none of its own)."""
    if portal_due_at is None or portal_due_at == due_at:
        return None
    if supplement_count > 1:
        return "supplements"
    return "apology" if apologised else "restart"


def apology_possible_in_advance(cal: WorkingCalendar, start: datetime, due: datetime) -> bool:
    """Whether an apology can be given one working day before the due day at all: not for a
    dossier received on (or after) that last day, e.g. every same-day procedure ("không thể gửi
    trước 1 ngày"); such a dossier is not counted as a late apology."""
    return apology_last_day(cal, due) >= start.date()


def apology_owed(
    cal: WorkingCalendar, now: datetime, due: datetime, start: datetime | None = None
) -> bool:
    """Whether an open dossier due at ``due`` has reached the day its apology is owed (its
    :func:`apology_last_day`). A dossier that cannot be apologised to in advance (received at
    ``start`` on or after that day) owes it once it is late."""
    if start is not None and not apology_possible_in_advance(cal, start, due):
        return now > due
    return now.date() >= apology_last_day(cal, due)


def apology_in_time(
    cal: WorkingCalendar, issued_at: datetime, due: datetime, start: datetime | None = None
) -> bool | None:
    """Whether an apology issued at ``issued_at`` kept the rule; ``None`` when the rule could not
    be kept by anyone (:func:`apology_possible_in_advance` is false)."""
    if start is not None and not apology_possible_in_advance(cal, start, due):
        return None
    return issued_at.date() <= apology_last_day(cal, due)


# ------------------------------------------------------------------------------ two clocks


class SupplementRule(StrEnum):
    """The office's rule for the appointment on the new receipt after a supplement requested
    during processing (deadlines.md §3; an office setting)."""

    RESUME = "resume"  # the working time left when it was asked runs on from the return
    RESTART = "restart"  # the full processing time counted afresh from the return


DEFAULT_SUPPLEMENT_RULE = SupplementRule.RESUME
SUPPLEMENT_RULE_DOCUMENT = "Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ"
SUPPLEMENT_RULE_SOURCE = (
    f"{SUPPLEMENT_RULE_DOCUMENT} về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa "
    "liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia (hiệu lực từ 01/7/2025, thay "
    "thế Nghị định số 61/2018/NĐ-CP và số 107/2021/NĐ-CP) và Thông tư số 03/2025/TT-VPCP ngày "
    "15/9/2025 của Văn phòng Chính phủ hướng dẫn Nghị định này (biểu mẫu 01–07). Điều, khoản "
    "quy định cách tính thời hạn sau khi hồ sơ được bổ sung CHƯA được đối chiếu với văn bản gốc: "
    "mặc định «tính tiếp thời gian còn lại» là cách hiểu của phần mềm; cơ quan cần kiểm tra lại "
    "trên văn bản trước khi áp dụng"
)
"""Where the default rule comes from (shown in the setting's help).

What is verified, and where (search of 06/12/2026):
- NĐ 118/2025/NĐ-CP dated 09/6/2025, in force from 01/7/2025; at commune level the People's
  Committee sets up a Public Administration Service Center (report of the decree:
  https://en.vneconomy.vn/one-stop-shop-divisions-to-be-established-at-ministerial-provincial-communal-levels.htm).
- Thông tư 03/2025/TT-VPCP dated 15/9/2025 guides NĐ 118/2025; its Phụ lục I has forms 01–07
  (https://thuviennhadat.vn/phap-luat/tai-file-word-bieu-mau-thong-tu-03-2025-tt-vpcp-ve-giai-quyet-thu-tuc-hanh-chinh-tai-bo-phan-mot-cua-708489.html).
- Not re-checked here: that it replaced NĐ 61/2018 and NĐ 107/2021 (as stated before).
- NOT verified: the article and clause of NĐ 118/2025 on a supplement during processing and
  how the time runs afterwards; no text of it was found. The one cited before (NĐ 61/2018,
  Điều 19 khoản 3 điểm c) is no longer in force, so no article is named."""
#: Where to read it: the national database of legal documents (search by the number).
SUPPLEMENT_RULE_LINK = "https://vbpl.vn/"


@dataclass(frozen=True)
class SupplementClocks:
    """Both clocks after the complete dossier came back from one supplement request."""

    legal_due: datetime  # the appointment printed on the new receipt (office's rule)
    portal_due: datetime  # the portal's deadline: applicant's working time added
    applicant_minutes: int  # working minutes the dossier spent with the applicant


def clocks_after_supplement(
    cal: WorkingCalendar,
    *,
    requested_at: datetime,
    returned_at: datetime,
    legal_due: datetime,
    portal_due: datetime,
    processing_time: ProcessingTime,
    rule: SupplementRule = DEFAULT_SUPPLEMENT_RULE,
    first: bool = True,
) -> SupplementClocks:
    """The two clocks when the complete dossier comes back at ``returned_at`` after a supplement
    asked at ``requested_at`` (index-766.md "How the portal judges").

    The portal subtracts the applicant's working time during ONE request: its deadline moves
    later by exactly that time (``first``); after a second request it stays (the dossier is
    late anyway). The citizen's appointment follows the office's ``rule``: RESUME moves it by
    the same time, RESTART counts the full processing time afresh from ``returned_at``.
    """
    applicant = cal.working_minutes_between(requested_at, returned_at)
    portal = cal.add_working_minutes(portal_due, applicant) if first else portal_due
    if rule is SupplementRule.RESTART:
        legal = due_at(cal, returned_at, processing_time)
    else:
        legal = cal.add_working_minutes(legal_due, applicant)
    return SupplementClocks(legal, portal, applicant)


def portal_due(
    due: datetime | None, portal: datetime | None, original: datetime | None = None
) -> datetime | None:
    """The deadline the portal judges a dossier by: its own clock when kept, else the first
    appointment (an apology never moves it)."""
    return portal or original or due


def portal_standing_now(
    cal: WorkingCalendar,
    now: datetime,
    portal: datetime,
    allotted: float,
    *,
    stopped_at: datetime | None = None,
    supplement_count: int = 0,
    policy: WarningPolicy = DEFAULT_WARNING_POLICY,
) -> Standing:
    """Where an open dossier stands on the portal's clock at ``now`` (for the board's warning):
    late after two supplement requests; frozen at ``stopped_at`` while the clock stands still."""
    if supplement_count > 1:
        return Standing(-1, WarningLevel.LATE, stopped_at is not None)
    if stopped_at is not None:
        left = working_minutes_left(cal, stopped_at, portal)
        return Standing(left, policy.level(left, allotted), True)
    return standing(cal, now, portal, allotted, policy=policy)


# ------------------------------------------------------------------------------ small input rules

_PHONE_RE = re.compile(r"^0(?:3|5|7|8|9)\d{8}$")  # mobile
_LANDLINE_RE = re.compile(r"^02\d{9}$")  # fixed line with area code


def normalise_phone(text: str) -> str:
    """A Vietnamese phone number without spaces, dots or dashes (``+84`` becomes ``0``).

    Mobile numbers have 10 digits starting 03/05/07/08/09; fixed lines 11 digits starting 02.
    An empty input returns ``""``; a wrong one raises ``ValidationError("applicant.phone")``.
    """
    raw = "".join(ch for ch in text if ch not in " .-()")
    if not raw:
        return ""
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    elif raw.startswith("84") and len(raw) in (11, 12):
        raw = "0" + raw[2:]
    if not raw.isdigit() or not (_PHONE_RE.match(raw) or _LANDLINE_RE.match(raw)):
        raise ValidationError("applicant.phone", field="phone", value=text.strip())
    return raw
