"""Business settings kept in the database's ``settings`` table (key → JSON value), and the
office's deadline-warning and digitisation defaults edited on the Settings page."""

from __future__ import annotations

import logging
import math
import re
import time as _time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from tthc_desk.domain import limits
from tthc_desk.domain.deadlines import DEFAULT_WARNING_POLICY, WarningPolicy
from tthc_desk.domain.dossier_rules import DEFAULT_SUPPLEMENT_RULE, SupplementRule
from tthc_desk.domain.enums import Role
from tthc_desk.domain.errors import AppError, Forbidden, ValidationError
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Setting
from tthc_desk.services.common import Actor, Clock, audit, system_now

log = logging.getLogger(__name__)

#: Keys used by the digitisation area.
SCAN_FOLDER = "scan.folder"
OCR_ENABLED = "digitise.ocr"
CERTIFICATION_BOOK = "certification.book"
PKCS11_LIBRARY = "sign.pkcs11_library"
#: RFC 3161 time stamp authority URL (optional): signatures made online carry a timestamp.
TSA_URL = "sign.tsa_url"
#: The commune's seal image (base64 PNG/JPEG) for its organisation signature on results; when
#: set, an officer's signature on a result leaves room for it (DocMDP P=2, not P=1).
SEAL_IMAGE = "sign.seal_image"
#: Keys of the deadline warning (deadlines.md §4): a share of the allotted time (0.25 is a
#: quarter) and working hours.
WARNING_FRACTION = "warning.fraction"
WARNING_HOURS = "warning.hours"
#: The appointment on the new receipt after a supplement during processing (deadlines.md §3):
#: ``"resume"`` (default, the law) or ``"restart"``.
SUPPLEMENT_RULE = "deadline.supplement_rule"


#: Keys whose value is a folder or file path (checked with ``limits.check_path``): the scan
#: folder, the token's PKCS#11 library (loaded as native code by every PC), the backups' folder.
PATH_KEYS = frozenset({SCAN_FOLDER, PKCS11_LIBRARY, "backup.folder"})
#: Keys whose value is a web address (``limits.check_url``).
URL_KEYS = frozenset({TSA_URL})
#: Longest stored seal image: base64 of ``limits.SEAL_BYTES``.
SEAL_MAX_CHARS = 4 * ((limits.SEAL_BYTES + 2) // 3)
_BASE64_RE = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")
_KEY_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
#: Longest key; most lists and maps a setting holds (a column mapping, the paper of each form).
MAX_KEY = 64
MAX_ITEMS = 200
#: Largest whole number a setting holds (a count, a number of years…; JSON readers differ above
#: 2^53).
MAX_NUMBER = 2**53


def check_value(key: str, value: Any) -> Any:
    """Refuse a setting's key or value that no screen would write: a key not of the form
    ``area.name``; a text too long for its kind (a path :data:`limits.PATH`, a web address
    :data:`limits.URL`, the certification book :data:`limits.SHORT`, any other text
    :data:`limits.NOTE`) or with a control, direction or zero-width character; a web address
    not ``http(s)://host``; a seal that is not base64 or is over 512 KiB; a number that is not
    finite or is out of range; more than :data:`MAX_ITEMS` items. Returns ``value`` unchanged;
    ``ValidationError`` (``input.*`` or ``settings.value``) otherwise — before anything is
    written."""
    if not isinstance(key, str) or len(key) > MAX_KEY or not _KEY_RE.match(key):
        raise ValidationError("settings.key", field="key")
    if value is None:
        return value
    if key in URL_KEYS:
        if not isinstance(value, str):
            raise ValidationError("settings.value", field=key, key=key)
        limits.check_url(value, key)
    elif key in PATH_KEYS:
        if not isinstance(value, str):
            raise ValidationError("settings.value", field=key, key=key)
        limits.check_path(value, key)
    elif key == SEAL_IMAGE:
        if not isinstance(value, str) or not _BASE64_RE.match(value) or len(value) % 4:
            raise ValidationError("settings.value", field=key, key=key)
        limits.check_text(value, key, SEAL_MAX_CHARS)
    elif key == CERTIFICATION_BOOK:
        if not isinstance(value, str):
            raise ValidationError("settings.value", field=key, key=key)
        limits.check_text(value, key, limits.SHORT)
    else:
        _check_plain(key, value, depth=0)
    return value


def _check_plain(key: str, value: Any, depth: int) -> None:
    """A value of no particular kind: JSON of texts (:data:`limits.NOTE`), numbers, flags,
    and lists or maps of them, two levels deep at most."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if not -MAX_NUMBER <= value <= MAX_NUMBER:
            raise ValidationError("settings.value", field=key, key=key)
    elif isinstance(value, float):
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            raise ValidationError("settings.value", field=key, key=key)
    elif isinstance(value, str):
        limits.check_text(value, key, limits.NOTE, multiline=True)
    elif isinstance(value, (list, tuple, dict)) and depth < 2:
        if len(value) > MAX_ITEMS:
            raise ValidationError("settings.value", field=key, key=key)
        if isinstance(value, dict):
            for k, v in value.items():
                if not isinstance(k, str):
                    raise ValidationError("settings.value", field=key, key=key)
                limits.check_text(k, key, limits.SHORT)
                _check_plain(key, v, depth + 1)
        else:
            for v in value:
                _check_plain(key, v, depth + 1)
    else:
        raise ValidationError("settings.value", field=key, key=key)


#: Seconds a cached setting is trusted before it is read again (a change saved on another PC
#: shows within this time; one saved here shows at once).
CACHE_SECONDS = 30.0
_cache: dict[tuple[str, str], tuple[float, Any]] = {}


def _cache_key(session: Session, name: str) -> tuple[str, str]:
    return (str(session.get_bind().engine.url), name)


def forget_cached(session: Session | None = None) -> None:
    """Drop the cached settings (of ``session``'s database, or of every database)."""
    if session is None:
        _cache.clear()
        return
    url = _cache_key(session, "")[0]
    for k in [k for k in _cache if k[0] == url]:
        _cache.pop(k, None)


def _forget_after_commit(session: Session) -> None:
    forget_cached(session)
    event.listen(session, "after_commit", lambda sess: forget_cached(sess), once=True)


def read(session: Session, key: str, default: Any = None) -> Any:
    """The value stored under ``key`` inside the caller's session, or ``default``."""
    row = session.get(Setting, key)
    return default if row is None or row.value is None else row.value


def write(session: Session, actor: Actor | None, key: str, value: Any, at: Any) -> None:
    """Store ``value`` under ``key`` inside the caller's session (and audit the change);
    :func:`check_value` first, so a refused value leaves the session untouched."""
    check_value(key, value)
    row = session.get(Setting, key)
    if row is None:
        session.add(
            Setting(
                key=key,
                value=value,
                updated_at=at,
                updated_by_id=actor.user_id if actor else None,
            )
        )
    else:
        row.value = value
        row.updated_at = at
        row.updated_by_id = actor.user_id if actor else None
    audit(session, actor, "setting.changed", "setting", key, at=at, value=value)
    _forget_after_commit(session)


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    """Read one setting (its own short unit of work)."""
    with db.session() as s:
        return read(s, key, default)


def set_setting(db: Database, actor: Actor, key: str, value: Any, now: Clock = system_now) -> None:
    """Write one setting (its own unit of work); administrators only.

    Settings configure every PC of the office (the PKCS#11 library path is loaded as native
    code by each of them): nobody else may change them, and there is no anonymous write.
    """
    if not isinstance(actor, Actor):
        raise Forbidden("auth.forbidden", role="")
    actor.require(Role.ADMIN)
    with db.session() as s:
        write(s, actor, key, value, now())


# ============================================================================ deadline warning


def warning_policy(session: Session) -> WarningPolicy:
    """The office's warning policy, read inside the caller's session: the one source of the
    nearly-due thresholds for the board, the dossier view, the attention count and feedback.

    Unset keys take the defaults (a quarter, 4 working hours); a stored value that is not a
    valid setting (written by hand or by an older version) is logged and replaced by the
    defaults, so the board keeps working. Read once and cached (:data:`CACHE_SECONDS`;
    forgotten when a setting is saved).
    """
    key = _cache_key(session, "warning_policy")
    hit = _cache.get(key)
    now = _time.monotonic()
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]  # type: ignore[no-any-return]
    policy = _read_warning_policy(session)
    _cache[key] = (now, policy)
    return policy


def _read_warning_policy(session: Session) -> WarningPolicy:
    fraction = read(session, WARNING_FRACTION, DEFAULT_WARNING_POLICY.fraction)
    hours = read(session, WARNING_HOURS, DEFAULT_WARNING_POLICY.hours)
    try:
        if isinstance(fraction, bool) or isinstance(hours, bool):
            raise TypeError("a flag is not a number")
        return WarningPolicy(float(fraction), float(hours))
    except (AppError, TypeError, ValueError):
        log.warning(
            "Invalid warning setting (fraction=%r, hours=%r); the defaults are used",
            fraction,
            hours,
        )
        return DEFAULT_WARNING_POLICY


def supplement_rule(session: Session) -> SupplementRule:
    """The office's rule for the new receipt's appointment after a supplement (a value that is
    not a rule falls back to the default, the law's)."""
    raw = read(session, SUPPLEMENT_RULE, DEFAULT_SUPPLEMENT_RULE.value)
    try:
        return SupplementRule(raw)
    except ValueError:
        log.warning("Invalid supplement rule %r; the default is used", raw)
        return DEFAULT_SUPPLEMENT_RULE


def load_warning_policy(db: Database) -> WarningPolicy:
    """:func:`warning_policy` in its own short unit of work."""
    with db.session() as s:
        return warning_policy(s)


@dataclass(frozen=True)
class DeadlineSettings:
    """The "deadline warning and digitisation" settings as the Settings page shows them."""

    policy: WarningPolicy
    ocr: bool
    supplement_rule: SupplementRule = DEFAULT_SUPPLEMENT_RULE

    @property
    def percent(self) -> float:
        """The warning share in percent (25.0 for a quarter)."""
        return round(self.policy.fraction * 100, 6)


@dataclass(frozen=True)
class DeadlineSettingsInput:
    """What the administrator typed: the percent and the hours as text (a decimal comma is
    accepted), and the OCR default."""

    percent: str
    hours: str
    ocr: bool
    supplement_rule: str = DEFAULT_SUPPLEMENT_RULE.value


def deadline_settings(db: Database) -> DeadlineSettings:
    with db.session() as s:
        return DeadlineSettings(
            warning_policy(s), bool(read(s, OCR_ENABLED, False)), supplement_rule(s)
        )


_NUMBER_RE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def _number(text: str, field: str) -> float:
    """A decimal number typed with a comma or a point (``percent`` may end in ``%``);
    ``ValidationError("warning.<field>.empty" / ".format")`` otherwise."""
    raw = text.strip().replace(" ", "")
    if field == "percent":
        raw = raw.removesuffix("%")
    if not raw:
        code = "warning.percent.empty" if field == "percent" else "warning.hours.empty"
        raise ValidationError(code, field=field)
    if not _NUMBER_RE.match(raw):
        code = "warning.percent.format" if field == "percent" else "warning.hours.format"
        raise ValidationError(code, field=field, value=text.strip())
    return float(raw.replace(",", "."))


def save_deadline_settings(
    db: Database, actor: Actor, data: DeadlineSettingsInput, now: Clock = system_now
) -> DeadlineSettings:
    """Store the warning policy and the OCR default (administrator only), one audit line per
    changed key; a bad value raises ``ValidationError`` and nothing is saved."""
    actor.require(Role.ADMIN)
    percent = _number(data.percent, "percent")
    hours = _number(data.hours, "hours")
    policy = WarningPolicy(round(percent / 100, 6), hours)
    try:
        rule = SupplementRule(data.supplement_rule)
    except ValueError as exc:
        raise ValidationError("settings.supplement_rule", field="supplement_rule") from exc
    at = now()
    with db.session() as s:
        wanted = {
            WARNING_FRACTION: policy.fraction,
            WARNING_HOURS: policy.hours,
            OCR_ENABLED: bool(data.ocr),
            SUPPLEMENT_RULE: rule.value,
        }
        current = {
            WARNING_FRACTION: read(s, WARNING_FRACTION),
            WARNING_HOURS: read(s, WARNING_HOURS),
            OCR_ENABLED: read(s, OCR_ENABLED),
            SUPPLEMENT_RULE: supplement_rule(s).value,
        }
        for key, value in wanted.items():
            if current[key] != value:
                write(s, actor, key, value, at)
        return DeadlineSettings(
            warning_policy(s), bool(read(s, OCR_ENABLED, False)), supplement_rule(s)
        )
