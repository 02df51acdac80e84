"""The 766 index as data: groups, criteria, formulas, the portal's timeliness judgement, scoring.

Decision 766/QĐ-TTg scores an office out of 100 points in six groups (index-766.md). Everything
the portal's scoring guide says is held in :data:`GUIDE` (weights, thresholds, which counts form
each ratio), so a new guide is a change of data here, not of code. :func:`score` turns the counts
the office computed from its own records (:class:`Counts`) and the figures it typed from the
portal (``manual``) into a :class:`Report` that says, for every figure, where it came from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import StrEnum

from tthc_desk.domain.deadlines import Timeliness
from tthc_desk.domain.dossier_rules import portal_timeliness
from tthc_desk.domain.errors import ValidationError

# ============================================================================ vocabulary


class Formula(StrEnum):
    """How a criterion turns its part ratios into points."""

    LINEAR = "linear"  # max × r
    CAPPED = "capped"  # min(max, max × r / threshold): full points from ``threshold`` on
    WEIGHTED = "weighted"  # min(max, Σ min(cap_i, weight_i × r_i)), e.g. online payment


class Source(StrEnum):
    """Where a figure of the report came from."""

    LOCAL = "local"  # computed from the office's own records
    MANUAL = "manual"  # the portal's figure, typed by the office
    ASSUMED_MAX = "assumed_max"  # not in local data and not typed: the maximum is assumed


#: When figures of several parts meet in one line, the line shows the least certain source.
_UNCERTAINTY = {Source.LOCAL: 0, Source.MANUAL: 1, Source.ASSUMED_MAX: 2}


@dataclass(frozen=True)
class Part:
    """One ratio of a criterion.

    A local part's ratio is ``(Σ numerator − Σ minus) / denominator`` over fields of
    :class:`Counts`, clipped to 0..1; with a zero denominator it is ``when_empty`` (the portal
    gives full points when there was nothing to judge, e.g. no feedback). A ``portal`` part is
    not in local data: its ratio is typed by the office (``manual[key]``) or assumed to be 1.
    ``weight`` and ``cap`` are used by :attr:`Formula.WEIGHTED` only.
    """

    key: str
    title: str
    numerator: tuple[str, ...] = ()
    denominator: str = ""
    minus: tuple[str, ...] = ()
    portal: bool = False
    when_empty: float = 1.0
    weight: float = 1.0
    cap: float | None = None
    empty_unless: str = ""  # a count: when it is > 0, a zero denominator scores 0, not full


@dataclass(frozen=True)
class Criterion:
    """One scored line of the guide."""

    key: str
    group: str
    title: str
    max_points: float
    formula: Formula
    parts: tuple[Part, ...]
    threshold: float = 1.0  # CAPPED: the ratio that earns full points


@dataclass(frozen=True)
class Group:
    key: str
    number: int
    title: str
    max_points: float


@dataclass(frozen=True)
class LocalRule:
    """A stricter rule of the office's own (the chairman's letter), shown beside the index.

    ``want`` is ``"all"`` (count must equal total), ``"none"`` (count must be 0) or ``"equal"``
    (two counts must agree: ``count`` is the software's, ``total`` the paper registers').
    """

    key: str
    title: str
    count: str
    total: str
    want: str


@dataclass(frozen=True)
class Guide:
    """A complete scoring guide: its name, groups, criteria and the office's local rules."""

    name: str
    groups: tuple[Group, ...]
    criteria: tuple[Criterion, ...]
    rules: tuple[LocalRule, ...]
    issued_on: date | None = None  # the guide's date, printed on the report
    source: str = ""  # where the guide (weights, thresholds, grouping) comes from

    def portal_parts(self) -> tuple[Part, ...]:
        """The parts the office may type from the portal, in guide order."""
        return tuple(p for c in self.criteria for p in c.parts if p.portal)


def _local(
    key: str,
    title: str,
    numerator: tuple[str, ...],
    denominator: str,
    minus: tuple[str, ...] = (),
    *,
    weight: float = 1.0,
) -> Part:
    return Part(key, title, numerator, denominator, minus, weight=weight)


def _portal(key: str, title: str, *, weight: float = 1.0, cap: float | None = None) -> Part:
    return Part(key, title, portal=True, weight=weight, cap=cap)


GUIDE_2022 = Guide(
    name="Quyết định số 766/QĐ-TTg ngày 23/6/2022",
    groups=(
        Group("transparency", 1, "Công khai, minh bạch", 18),
        Group("progress", 2, "Tiến độ, kết quả giải quyết", 20),
        Group("online", 3, "Cung cấp dịch vụ trực tuyến", 12),
        Group("digitisation", 4, "Số hóa hồ sơ", 22),
        Group("payment", 5, "Thanh toán trực tuyến", 10),
        Group("satisfaction", 6, "Mức độ hài lòng", 18),
    ),
    criteria=(
        # ---------------------------------------------------------------- 1. transparency
        Criterion(
            "published",
            "transparency",
            "Thủ tục hành chính được công bố đúng hạn trên Cơ sở dữ liệu quốc gia",
            6,
            Formula.LINEAR,
            (_portal("published", "Tỷ lệ công bố đúng hạn (dữ liệu cấp tỉnh)"),),
        ),
        Criterion(
            "posted_on_time",
            "transparency",
            "Thủ tục được cập nhật, niêm yết đúng hạn (trong 5 ngày làm việc kể từ ngày "
            "quyết định công bố)",
            4,
            Formula.LINEAR,
            (
                _local(
                    "posted_on_time",
                    "Niêm yết đúng hạn / thủ tục được công bố",
                    ("procedures_posted_on_time",),
                    "procedures_published",
                ),
            ),
        ),
        Criterion(
            "posted_complete",
            "transparency",
            "Thủ tục được niêm yết đầy đủ các bộ phận tạo thành",
            2,
            Formula.LINEAR,
            (
                Part(
                    "posted_complete",
                    "Niêm yết đầy đủ / thủ tục đã niêm yết",
                    ("procedures_posted_complete",),
                    "procedures_posted",
                    empty_unless="procedures_published",
                ),
            ),
        ),
        Criterion(
            "synchronised",
            "transparency",
            "Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia",
            6,
            Formula.LINEAR,
            (_portal("synchronised", "Hồ sơ đồng bộ / hồ sơ tiếp nhận"),),
        ),
        # ---------------------------------------------------------------- 2. progress
        Criterion(
            "on_time",
            "progress",
            "Hồ sơ được giải quyết trước hạn, đúng hạn",
            20,
            Formula.LINEAR,
            (
                _local(
                    "on_time",
                    "(Trước hạn, đúng hạn + đang giải quyết trong hạn) / hồ sơ tiếp nhận, "
                    "giải quyết trong kỳ",
                    ("dossiers_done_on_time", "dossiers_open_in_time"),
                    "dossiers_handled",
                ),
            ),
        ),
        # ---------------------------------------------------------------- 3. online service
        Criterion(
            "procedures_online",
            "online",
            "Thủ tục được cung cấp dịch vụ công trực tuyến",
            2,
            Formula.CAPPED,
            (
                _local(
                    "procedures_online",
                    "Thủ tục trực tuyến / thủ tục của cơ quan",
                    ("procedures_online",),
                    "procedures_all",
                ),
            ),
            threshold=0.8,
        ),
        Criterion(
            "online_services_used",
            "online",
            "Dịch vụ công trực tuyến có phát sinh hồ sơ",
            4,
            Formula.LINEAR,
            (
                _local(
                    "online_services_used",
                    "Dịch vụ có hồ sơ trực tuyến / dịch vụ công trực tuyến",
                    ("online_services_used",),
                    "online_services",
                ),
            ),
        ),
        Criterion(
            "dossiers_online",
            "online",
            "Hồ sơ nộp trực tuyến",
            6,
            Formula.CAPPED,
            (
                _local(
                    "dossiers_online",
                    "Hồ sơ nộp trực tuyến / hồ sơ tiếp nhận",
                    ("dossiers_online",),
                    "dossiers_received",
                ),
            ),
            threshold=0.5,
        ),
        # ---------------------------------------------------------------- 4. digitisation
        Criterion(
            "results_electronic",
            "digitisation",
            "Hồ sơ có kết quả giải quyết điện tử",
            6,
            Formula.LINEAR,
            (
                _local(
                    "results_electronic",
                    "Kết quả điện tử / hồ sơ có kết quả",
                    ("results_electronic",),
                    "dossiers_with_result",
                ),
            ),
        ),
        Criterion(
            "digitised",
            "digitisation",
            "Hồ sơ được số hóa thành phần hồ sơ và kết quả",
            4,
            Formula.LINEAR,  # some guides: CAPPED with threshold 0.8
            (
                _local(
                    "digitised",
                    "Số hóa hồ sơ và kết quả / hồ sơ có kết quả",
                    ("dossiers_digitised",),
                    "dossiers_with_result",
                ),
            ),
        ),
        Criterion(
            "certified_copies",
            "digitisation",
            "Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính",
            2,
            Formula.LINEAR,
            (
                _local(
                    "certified_copies",
                    "Có cấp bản sao chứng thực điện tử trong kỳ (có/không)",
                    ("certified_copies_offered",),
                    "one",
                ),
            ),
        ),
        Criterion(
            "reuse",
            "digitisation",
            "Hồ sơ khai thác, sử dụng lại dữ liệu số hóa",
            2,
            Formula.CAPPED,
            (
                _local(
                    "reuse",
                    "Hồ sơ sử dụng lại dữ liệu số / hồ sơ tiếp nhận",
                    ("dossiers_reusing",),
                    "dossiers_received",
                ),
            ),
            threshold=0.8,
        ),
        Criterion(
            "citizen_account",
            "digitisation",
            "Hồ sơ kết nối kho dữ liệu của công dân (kết quả trả về tài khoản chính chủ)",
            4,
            Formula.LINEAR,
            (
                _local(
                    "citizen_account",
                    "Kết quả về tài khoản chính chủ / hồ sơ có kết quả",
                    ("results_to_citizen_account",),
                    "dossiers_with_result",
                ),
            ),
        ),
        Criterion(
            "population_db",
            "digitisation",
            "Hồ sơ sử dụng Cơ sở dữ liệu quốc gia về dân cư",
            4,
            Formula.LINEAR,
            (_portal("population_db", "Hồ sơ dùng dữ liệu dân cư (dữ liệu cấp tỉnh)"),),
        ),
        # ---------------------------------------------------------------- 5. online payment
        Criterion(
            "payment",
            "payment",
            "Thanh toán trực tuyến: 6 × A + min(2; 2,5 × B) + 2,5 × C",
            10,
            Formula.WEIGHTED,
            (
                _local(
                    "payment_a",
                    "A: hồ sơ thanh toán trực tuyến / hồ sơ có phí, lệ phí",
                    ("dossiers_paid_online",),
                    "dossiers_with_fees",
                    weight=6,
                ),
                _portal(
                    "payment_b",
                    "B: thủ tục có thanh toán trực tuyến / thủ tục có phí, lệ phí",
                    weight=2.5,
                    cap=2,
                ),
                _portal(
                    "payment_c",
                    "C: thủ tục có phí tích hợp thanh toán trên Cổng / thủ tục có phí, lệ phí",
                    weight=2.5,
                ),
            ),
        ),
        # ---------------------------------------------------------------- 6. satisfaction
        Criterion(
            "feedback_on_time",
            "satisfaction",
            "Phản ánh, kiến nghị được xử lý đúng hạn",
            6,
            Formula.LINEAR,
            (
                _local(
                    "feedback_on_time",
                    "(Đúng hạn + đang xử lý trong hạn) / phản ánh, kiến nghị phải xử lý",
                    ("feedback_on_time", "feedback_open_in_time"),
                    "feedback_handled",
                ),
            ),
        ),
        Criterion(
            "feedback_satisfied",
            "satisfaction",
            "Phản ánh, kiến nghị được xử lý làm người gửi hài lòng",
            6,
            Formula.LINEAR,
            (
                _local(
                    "feedback_satisfied",
                    "(Tiếp nhận − không hài lòng − trễ hạn − lặp lại) / phản ánh, kiến nghị "
                    "tiếp nhận",
                    ("feedback_received",),
                    "feedback_received",
                    ("feedback_disliked", "feedback_late", "feedback_repeated"),
                ),
            ),
        ),
        Criterion(
            "dossiers_satisfied",
            "satisfaction",
            "Hồ sơ được giải quyết làm người dân hài lòng",
            6,
            Formula.CAPPED,
            (
                _local(
                    "dossiers_satisfied",
                    "1 − (tỷ lệ quá hạn + tỷ lệ có phản ánh hoặc «không hài lòng»)",
                    ("dossiers_handled",),
                    "dossiers_handled",
                    ("dossiers_late", "dossiers_unhappy"),
                ),
            ),
            threshold=0.9,
        ),
    ),
    issued_on=date(2022, 6, 23),
    source=(
        "Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ phê duyệt Bộ chỉ số chỉ "
        "đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp; nhóm và ngưỡng "
        "như Cổng Dịch vụ công quốc gia đang hiển thị (6 nhóm)"
    ),
    rules=(
        LocalRule(
            "steps_on_time",
            "Bước xử lý của từng cán bộ trước hạn, đúng hạn",
            "steps_on_time",
            "steps_total",
            "all",
        ),
        LocalRule(
            "online_received_8h",
            "Hồ sơ trực tuyến được tiếp nhận (hoặc yêu cầu bổ sung) trong 8 giờ làm việc",
            "online_received_in_time",
            "online_submitted",
            "all",
        ),
        LocalRule(
            "online_cancelled",
            "Hồ sơ trực tuyến bị hủy (từ chối, dừng)",
            "online_cancelled",
            "online_submitted",
            "none",
        ),
        LocalRule(
            "supplements",
            "Hồ sơ phải trả lại để bổ sung, hoàn thiện",
            "dossiers_with_supplement",
            "dossiers_handled",
            "none",
        ),
        LocalRule("pauses", "Hồ sơ bị tạm dừng", "dossiers_paused", "dossiers_handled", "none"),
        LocalRule(
            "rated",
            "Hồ sơ đã trả kết quả được người dân đánh giá",
            "dossiers_rated",
            "dossiers_returned",
            "all",
        ),
        LocalRule(
            "registers",
            "Số hồ sơ trên phần mềm bằng số trên sổ giấy",
            "registers_software",
            "registers_paper",
            "equal",
        ),
    ),
)

GUIDE = GUIDE_2022
"""The guide in force."""


# ============================================================================ inputs


@dataclass(frozen=True)
class Counts:
    """What the office counted in its own records for one period (all plain integers)."""

    # 1. transparency
    procedures_published: int = 0  # current procedure versions decided by the period's end
    procedures_posted_on_time: int = 0  # … posted within 5 working days (or not yet due)
    procedures_posted: int = 0
    procedures_posted_complete: int = 0  # … with every part filled in
    procedures_without_decision_date: int = 0  # in use, no decision date: a data problem
    # 2. progress (the portal's judgement)
    dossiers_handled: int = 0  # received or handled in the period
    dossiers_done_on_time: int = 0  # processing ended in the period, early or on time
    dossiers_open_in_time: int = 0  # open at the period's end, still within time
    dossiers_late: int = 0
    # 3. online service
    procedures_all: int = 0
    procedures_online: int = 0
    online_services: int = 0
    online_services_used: int = 0
    dossiers_received: int = 0  # arrived in the period (received, or submitted online)
    dossiers_online: int = 0
    # 4. digitisation
    dossiers_with_result: int = 0
    results_electronic: int = 0
    dossiers_digitised: int = 0
    certified_copies_offered: int = 0  # 1 when an electronic certified copy was made
    one: int = 1
    dossiers_reusing: int = 0
    results_to_citizen_account: int = 0
    # 5. payment
    dossiers_with_fees: int = 0
    dossiers_paid_online: int = 0
    # 6. satisfaction
    feedback_handled: int = 0
    feedback_on_time: int = 0
    feedback_open_in_time: int = 0
    feedback_received: int = 0
    feedback_disliked: int = 0
    feedback_late: int = 0
    feedback_repeated: int = 0
    dossiers_unhappy: int = 0  # a "not satisfied" rating or a complaint about the dossier
    # the office's stricter rules
    steps_total: int = 0
    steps_on_time: int = 0
    online_submitted: int = 0
    online_received_in_time: int = 0
    online_cancelled: int = 0
    dossiers_with_supplement: int = 0
    dossiers_paused: int = 0
    dossiers_returned: int = 0
    dossiers_rated: int = 0
    paper_count: int | None = None  # typed by the office from the paper registers
    # "software = paper books": with books declared, the returned dossiers of the books'
    # procedures and how many of them have their line (services.province); else the dossiers
    # received and the typed ``paper_count``
    registers_software: int = 0
    registers_paper: int | None = None

    def value(self, name: str) -> int | None:
        """The count called ``name`` (a field of this class)."""
        v = getattr(self, name)
        return None if v is None else int(v)


COUNT_NAMES: frozenset[str] = frozenset(f.name for f in fields(Counts))


def validate_manual(values: Mapping[str, object], guide: Guide = GUIDE) -> dict[str, float]:
    """Check the figures typed from the portal: known parts, ratios between 0 and 1.

    ``None`` or an empty string removes a figure (the maximum is then assumed again).
    """
    known = {p.key for p in guide.portal_parts()}
    out: dict[str, float] = {}
    for key, raw in values.items():
        if key not in known:
            raise ValidationError("index766.manual.unknown", field=key, key=key)
        if raw is None or raw == "":
            continue
        try:
            ratio = float(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise ValidationError("index766.manual.number", field=key, value=str(raw)) from exc
        if math.isnan(ratio) or not 0.0 <= ratio <= 1.0:
            raise ValidationError("index766.manual.range", field=key, value=str(raw))
        out[key] = ratio
    return out


# ============================================================================ the report


@dataclass(frozen=True)
class PartResult:
    key: str
    title: str
    numerator: int | None  # None for a portal figure
    denominator: int | None
    ratio: float
    source: Source
    empty: bool = False  # nothing to judge: the ratio is the guide's ``when_empty``


@dataclass(frozen=True)
class CriterionResult:
    key: str
    group: str
    title: str
    max_points: float
    points: float
    parts: tuple[PartResult, ...]
    formula: Formula
    threshold: float = 1.0

    @property
    def lost(self) -> float:
        return round(self.max_points - self.points, 2)

    @property
    def source(self) -> Source:
        """The least certain source among the parts."""
        return max((p.source for p in self.parts), key=_UNCERTAINTY.__getitem__)

    @property
    def ratio(self) -> float:
        """The first part's ratio (the only one, except for online payment)."""
        return self.parts[0].ratio

    @property
    def numerator(self) -> int | None:
        return self.parts[0].numerator

    @property
    def denominator(self) -> int | None:
        return self.parts[0].denominator


@dataclass(frozen=True)
class GroupResult:
    key: str
    number: int
    title: str
    max_points: float
    criteria: tuple[CriterionResult, ...]

    @property
    def points(self) -> float:
        return round(sum(c.points for c in self.criteria), 2)


@dataclass(frozen=True)
class RuleResult:
    key: str
    title: str
    count: int
    total: int | None  # None: the office has not typed the paper registers' count
    want: str
    ok: bool | None  # None: cannot be judged (no paper count)


@dataclass(frozen=True)
class Report:
    guide: str
    groups: tuple[GroupResult, ...]
    rules: tuple[RuleResult, ...]
    max_total: float = 100.0
    guide_date: date | None = None
    criteria: tuple[CriterionResult, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "criteria", tuple(c for g in self.groups for c in g.criteria))

    @property
    def total(self) -> float:
        return round(sum(c.points for c in self.criteria), 2)

    def criterion(self, key: str) -> CriterionResult:
        for c in self.criteria:
            if c.key == key:
                return c
        raise KeyError(key)


def _part(part: Part, counts: Counts, manual: Mapping[str, float]) -> PartResult:
    if part.portal:
        if part.key in manual:
            return PartResult(part.key, part.title, None, None, manual[part.key], Source.MANUAL)
        return PartResult(part.key, part.title, None, None, 1.0, Source.ASSUMED_MAX)
    den = counts.value(part.denominator) or 0
    num = sum(counts.value(n) or 0 for n in part.numerator)
    num -= sum(counts.value(n) or 0 for n in part.minus)
    num = max(0, min(num, den)) if den else max(0, num)
    if den <= 0 and part.empty_unless and (counts.value(part.empty_unless) or 0) > 0:
        # e.g. procedures in use but none posted: nothing to judge is not "không phát sinh"
        return PartResult(part.key, part.title, num, den, 0.0, Source.LOCAL)
    if den <= 0:
        return PartResult(part.key, part.title, num, den, part.when_empty, Source.LOCAL, True)
    return PartResult(part.key, part.title, num, den, num / den, Source.LOCAL)


def points_of(criterion: Criterion, ratios: tuple[float, ...]) -> float:
    """The points a criterion earns for its parts' ratios (rounded to 2 decimals)."""
    m = criterion.max_points
    if criterion.formula is Formula.LINEAR:
        raw = m * ratios[0]
    elif criterion.formula is Formula.CAPPED:
        raw = min(m, m * ratios[0] / criterion.threshold)
    else:
        raw = 0.0
        for part, r in zip(criterion.parts, ratios, strict=True):
            x = part.weight * r
            raw += x if part.cap is None else min(part.cap, x)
        raw = min(m, raw)
    return round(max(0.0, raw), 2)


def _rule(rule: LocalRule, counts: Counts) -> RuleResult:
    count = counts.value(rule.count) or 0
    total = counts.value(rule.total)
    ok: bool | None
    if rule.want == "all":
        ok = total is not None and count >= total
    elif rule.want == "none":
        ok = count == 0
    else:
        ok = None if total is None else count == total
    return RuleResult(rule.key, rule.title, count, total, rule.want, ok)


def score(
    counts: Counts, manual: Mapping[str, float] | None = None, guide: Guide = GUIDE
) -> Report:
    """Score the office: every criterion of ``guide`` from ``counts`` and the typed figures."""
    typed = dict(manual or {})
    groups: list[GroupResult] = []
    for g in guide.groups:
        results: list[CriterionResult] = []
        for c in guide.criteria:
            if c.group != g.key:
                continue
            parts = tuple(_part(p, counts, typed) for p in c.parts)
            pts = points_of(c, tuple(p.ratio for p in parts))
            results.append(
                CriterionResult(
                    c.key, c.group, c.title, c.max_points, pts, parts, c.formula, c.threshold
                )
            )
        groups.append(GroupResult(g.key, g.number, g.title, g.max_points, tuple(results)))
    rules = tuple(_rule(r, counts) for r in guide.rules)
    return Report(
        guide.name,
        tuple(groups),
        rules,
        float(sum(g.max_points for g in guide.groups)),
        guide.issued_on,
    )


# ============================================================================ timeliness


class Standing(StrEnum):
    """How the portal sees a dossier at the end of a period."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    OPEN_IN_TIME = "open_in_time"  # still being processed, within time
    OPEN_LATE = "open_late"  # still being processed, past its appointment

    @property
    def counts_on_time(self) -> bool:
        return self in (Standing.EARLY, Standing.ON_TIME, Standing.OPEN_IN_TIME)


def portal_standing(
    *,
    as_of: datetime,
    due_at: datetime | None,
    ended_at: datetime | None = None,
    supplement_count: int = 0,
    recorded: str | None = None,
    minutes_left_when_stopped: int | None = None,
    stopped_at: datetime | None = None,
) -> Standing:
    """The portal's judgement of one dossier at ``as_of`` (the period's end, or now).

    Processing ends at the first of finished, returned, stopped, refused or withdrawn
    (``ended_at``); it is on time when that is no later than the receipt's appointment
    (``due_at``: the first one, an apology does not move it). The applicant's time during ONE
    supplement request is not counted (the clock restarts with a new receipt); more than one
    request makes the dossier late. ``recorded`` is the judgement stored when processing ended
    (it accounts for a dossier that ended while its clock stood still). A dossier still open at
    ``as_of`` is in progress within time or late; while its clock stands still (paused, with the
    applicant) ``minutes_left_when_stopped`` decides, or, when given, whether the clock stopped
    (``stopped_at``) after ``due_at``.
    """
    if ended_at is not None and ended_at <= as_of:
        if supplement_count > 1:
            return Standing.LATE
        if recorded is not None and recorded in {t.value for t in Timeliness}:
            return Standing(recorded)
        if due_at is None:
            return Standing.EARLY
        return Standing(portal_timeliness(ended_at, due_at, supplement_count).value)
    if supplement_count > 1:
        return Standing.OPEN_LATE
    if stopped_at is not None and ended_at is None:
        late = due_at is not None and stopped_at > due_at
        return Standing.OPEN_LATE if late else Standing.OPEN_IN_TIME
    if minutes_left_when_stopped is not None and ended_at is None:
        return Standing.OPEN_LATE if minutes_left_when_stopped < 0 else Standing.OPEN_IN_TIME
    if due_at is None or as_of <= due_at:
        return Standing.OPEN_IN_TIME
    return Standing.OPEN_LATE


def feedback_standing(
    *, as_of: datetime, due_at: datetime, answered_at: datetime | None
) -> Standing:
    """A piece of feedback: answered by its due time, or open within time, or late."""
    if answered_at is not None and answered_at <= as_of:
        return Standing.ON_TIME if answered_at <= due_at else Standing.LATE
    return Standing.OPEN_IN_TIME if as_of <= due_at else Standing.OPEN_LATE


def thresholds(report: Report) -> tuple[tuple[str, float], ...]:
    """The guide's full-points thresholds of a report, numbered as printed: (("3.1", 0.8), …)."""
    out = []
    for g in report.groups:
        for i, c in enumerate(g.criteria, 1):
            if c.formula is Formula.CAPPED:
                out.append((f"{g.number}.{i}", c.threshold))
    return tuple(out)


def as_percent(ratio: float) -> str:
    """0.8333 -> "83,3%" (Vietnamese decimal comma)."""
    return f"{ratio * 100:.1f}".replace(".", ",") + "%"


def fmt_points(points: float) -> str:
    """17.5 -> "17,5"; 18.0 -> "18" (Vietnamese decimal comma, at most 2 decimals)."""
    text = f"{points:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


# ============================================================================ what cost points

#: Why a record cost points; the printed and on-screen words are kept by the report and the UI.
REASONS: tuple[str, ...] = (
    "notice.not_posted",  # procedure: not posted within 5 working days of its decision
    "notice.posted_late",
    "notice.incomplete",  # procedure: posted without all its parts (detail: which)
    "notice.no_decision_date",  # procedure in use without a publication-decision date (data)
    "dossier.late",  # processing ended after the appointment
    "dossier.open_late",  # still open at the period's end, past the appointment
    "dossier.supplements",  # more than one supplement request
    "online.not_offered",  # procedure without an online service
    "online.no_dossier",  # online service that received no dossier in the period
    "online.counter",  # counter dossier of a procedure offered online
    "result.paper",  # result without an electronic (signed, scanned) copy
    "digitise.no_intake_scan",
    "digitise.no_result_scan",
    "certified_copy.paper",  # certification dossier without an electronic certified copy
    "reuse.not_used",  # the applicant's digitised documents were on file but not reused
    "account.not_returned",  # result not returned to the citizen's portal account
    "account.not_own",  # filed from someone else's portal account
    "payment.not_online",
    "feedback.late",
    "feedback.open_late",
    "feedback.disliked",
    "feedback.repeated",
    "rating.not_satisfied",
    "dossier.complaint",  # a complaint (feedback) about the dossier
    "step.late",  # an officer's step ended after its own deadline (detail: step, officer)
    "step.open_late",
    "online.received_late",  # online dossier not received within 8 working hours
    "online.cancelled",
    "dossier.supplement_requested",
    "dossier.paused",
    "rating.missing",
    "book.no_line",  # returned, its procedure goes in a paper book, no line recorded (detail: book)
)


@dataclass(frozen=True)
class Lost:
    """One record that cost points under a criterion, or broke one of the office's rules."""

    key: str  # criterion or local-rule key
    code: str  # dossier code, procedure code or feedback number
    reason: str  # one of :data:`REASONS`
    detail: str = ""  # data shown beside the reason (a step and its officer, missing parts)
    dossier_id: int | None = None  # the dossier to open from the list (None: not a dossier)
