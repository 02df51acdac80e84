"""Office set-up, sign-in with lock-out, passwords (scrypt) and user management."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tthc_desk.domain import limits
from tthc_desk.domain.errors import Conflict, NotFound, ValidationError
from tthc_desk.domain.text import fold, nfc
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import OfficeProfile, Role, User
from tthc_desk.reports import data as R
from tthc_desk.services.common import Actor, Clock, audit, system_now

# scrypt (RFC 7914) from the standard library: a memory-hard key-derivation function, at the
# cost OWASP's Password Storage Cheat Sheet asks for (N=2^17, r=8, p=1: 128 MiB). Hashes made
# with a lower N are replaced at the next successful sign-in.
SCRYPT_N = 2**17
_SCRYPT_R, _SCRYPT_P = 8, 1
_SCRYPT_MAXMEM = 2**28
MAX_FREE_ATTEMPTS = 5
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=15)
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # scrypt reads all of it: no megabyte passwords
#: Longest username :func:`sign_in` reads (accounts have 3–32 characters; some slack for
#: spaces and combining marks typed around them).
MAX_USERNAME_INPUT = 200
OFFICE_CODE_RE = re.compile(r"^[A-Z0-9](?:[A-Z0-9.]{0,18}[A-Z0-9])?$")
#: mã định danh điện tử of an agency, QCVN 102:2016/BTTTT (Thông tư 10/2016/TT-BTTTT, 01/4/2016,
#: https://vanban.chinhphu.vn/?pageid=27160&docid=184323): four groups from the lowest level to
#: the highest, the last one the level-1 unit (a province: H + 2 digits), e.g. 000.00.25.H23
IDENTIFIER_RE = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$")
#: The unit printed under the office on every sheet: since 1/7/2025 the commune's counter is the
#: "Trung tâm Phục vụ hành chính công" (Nghị định 118/2025/NĐ-CP ngày 09/6/2025, in force from
#: 1/7/2025: "At communal level, the communal People's Committee shall decide to set up a Public
#: Administration Service Center", as reported by https://en.vneconomy.vn/one-stop-shop-divisions-to-be-established-at-ministerial-provincial-communal-levels.htm;
#: the article number given before, Điều 7, and the link
#: https://vanban.chinhphu.vn/?pageid=27160&docid=213939 were not re-checked on 06/12/2026);
#: before it, the "Bộ phận Một cửa".
COUNTER_UNIT_CENTRE = "Trung tâm Phục vụ hành chính công"
COUNTER_UNIT_DESK = "Bộ phận Một cửa"
COUNTER_UNITS = (COUNTER_UNIT_CENTRE, COUNTER_UNIT_DESK)
USERNAME_RE = re.compile(r"^[a-z0-9._]{3,32}$")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    n = SCRYPT_N
    digest = hashlib.scrypt(
        nfc(password).encode(),
        salt=salt,
        n=n,
        r=_SCRYPT_R,
        p=_SCRYPT_P,
        dklen=32,
        maxmem=_SCRYPT_MAXMEM,
    )
    b64 = base64.b64encode
    return f"scrypt${n}${_SCRYPT_R}${_SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` was made at a lower cost than today's (or is not scrypt)."""
    parts = stored.split("$")
    return (
        len(parts) != 6
        or parts[0] != "scrypt"
        or not parts[1].isdigit()
        or (int(parts[1]) < SCRYPT_N)
    )


_dummy: dict[int, str] = {}


def _dummy_hash() -> str:
    """A hash at today's cost, checked when the username is unknown so that a wrong name
    takes as long as a wrong password (the answer time tells nothing)."""
    if SCRYPT_N not in _dummy:
        _dummy[SCRYPT_N] = hash_password(secrets.token_urlsafe(16))
    return _dummy[SCRYPT_N]


def verify_password(password: str, stored: str) -> bool:
    if len(password) > MAX_PASSWORD:  # never hashed: no account has one this long
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = base64.b64decode(digest)
    actual = hashlib.scrypt(
        nfc(password).encode(),
        salt=base64.b64decode(salt),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=len(expected),
        maxmem=_SCRYPT_MAXMEM,
    )
    return hmac.compare_digest(actual, expected)


@dataclass(frozen=True)
class OfficeView:
    name: str
    code: str
    address: str
    province: str
    place_name: str
    phone: str | None
    email: str | None
    forms_set: str
    identifier_code: str | None = None
    counter_unit: str = COUNTER_UNIT_CENTRE

    @property
    def dossier_prefix(self) -> str:
        """The first part of new dossier codes: the electronic identifier code when known."""
        return self.identifier_code or self.code


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    full_name: str
    role: Role
    title: str | None
    phone: str | None
    active: bool

    @property
    def actor(self) -> Actor:
        return Actor(self.id, self.full_name, self.role)


@dataclass(frozen=True)
class OfficeInput:
    name: str
    code: str
    address: str
    province: str
    place_name: str = ""
    phone: str = ""
    email: str = ""
    identifier: str = ""  # mã định danh điện tử; new offices give it, and code follows it
    counter_unit: str = COUNTER_UNIT_CENTRE


@dataclass(frozen=True)
class UserInput:
    username: str
    full_name: str
    role: Role
    password: str
    password_again: str
    title: str = ""
    phone: str = ""


def _user_view(u: User) -> UserView:
    return UserView(u.id, u.username, u.full_name, u.role, u.title, u.phone, u.active)


def _office_view(o: OfficeProfile) -> OfficeView:
    return OfficeView(
        o.name,
        o.code,
        o.address,
        o.province,
        o.place_name,
        o.phone,
        o.email,
        o.forms_set,
        o.identifier_code,
        o.counter_unit,
    )


def check_identifier(value: str) -> str:
    """The identifier code upper-cased and checked against the QCVN 102:2016 shape."""
    identifier = "".join(nfc(value).upper().split())
    if identifier and not IDENTIFIER_RE.match(identifier):
        raise ValidationError("office.identifier.format", field="identifier", value=identifier)
    return identifier


def validate_office(data: OfficeInput) -> OfficeInput:
    name, code, address, province = (
        limits.clean(data.name, "name", limits.NAME),
        limits.clean(data.code, "code", 32).upper(),
        limits.clean(data.address, "address", 300),
        limits.clean(data.province, "province", 100),
    )
    limits.check_text(nfc(data.identifier), "identifier", 32)
    identifier = check_identifier(data.identifier)
    if not name:
        raise ValidationError("office.name.empty", field="name")
    if not code and not identifier:
        raise ValidationError("office.identifier.empty", field="identifier")
    code = code or identifier
    unit = limits.clean(data.counter_unit, "counter_unit", limits.NAME) or COUNTER_UNIT_CENTRE
    if not OFFICE_CODE_RE.match(code):
        raise ValidationError("office.code.format", field="code", value=code)
    if not address:
        raise ValidationError("office.address.empty", field="address")
    if not province:
        raise ValidationError("office.province.empty", field="province")
    place = limits.clean(data.place_name, "place_name", 100) or _place_from_name(name)[:100]
    email = limits.clean(data.email, "email", limits.EMAIL)
    phone = limits.clean(data.phone, "phone", limits.PHONE)
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        raise ValidationError("office.email.format", field="email")
    return OfficeInput(name, code, address, province, place, phone, email, identifier, unit)


def _place_from_name(name: str) -> str:
    """ "UBND xã An Sơn" → "An Sơn" (the place printed before the date)."""
    folded = fold(name)
    for prefix in (
        "uy ban nhan dan xa ",
        "uy ban nhan dan phuong ",
        "ubnd xa ",
        "ubnd phuong ",
        "xa ",
        "phuong ",
        "thi tran ",
    ):
        if folded.startswith(prefix):
            return name[len(prefix) :].strip()
    return name


def _role(value: Role | str) -> Role:
    """The role as the enum (a combo box hands back the plain string of a ``StrEnum``)."""
    try:
        return Role(value)
    except ValueError:
        raise ValidationError("user.role.unknown", field="role", role=str(value)) from None


def validate_user(data: UserInput, *, need_password: bool = True) -> UserInput:
    limits.check_text(data.username, "username", 64)
    username = nfc(data.username).lower()
    full_name = limits.clean(data.full_name, "full_name", limits.NAME)
    title = limits.clean(data.title, "title", limits.NAME)
    phone = limits.clean(data.phone, "phone", limits.PHONE)
    role = _role(data.role)
    if not username:
        raise ValidationError("user.username.empty", field="username")
    if not USERNAME_RE.match(username):
        raise ValidationError("user.username.format", field="username")
    if not full_name:
        raise ValidationError("user.full_name.empty", field="full_name")
    if need_password or data.password:
        if len(data.password) < MIN_PASSWORD:
            raise ValidationError("user.password.short", field="password", minimum=MIN_PASSWORD)
        limits.check_text(data.password, "password", MAX_PASSWORD)
        if data.password != data.password_again:
            raise ValidationError("user.password.mismatch", field="password_again")
    return UserInput(
        username,
        full_name,
        role,
        data.password,
        data.password_again,
        title,
        phone,
    )


def _new_user(data: UserInput, at: datetime) -> User:
    """An active account from validated input, its password hashed."""
    return User(
        username=data.username,
        full_name=data.full_name,
        role=data.role,
        title=data.title or None,
        phone=data.phone or None,
        password_hash=hash_password(data.password),
        active=True,
        failed_attempts=0,
        created_at=at,
    )


def needs_setup(db: Database) -> bool:
    """True until the office profile and a first administrator exist."""
    with db.session() as s:
        has_office = s.scalar(select(func.count()).select_from(OfficeProfile)) or 0
        has_admin = s.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN))
        return not (has_office and has_admin)


def first_run_setup(
    db: Database, office: OfficeInput, admin: UserInput, now: Clock = system_now
) -> UserView:
    """Create the office profile and the administrator in one unit of work."""
    office = validate_office(office)
    admin = validate_user(
        UserInput(
            admin.username,
            admin.full_name,
            Role.ADMIN,
            admin.password,
            admin.password_again,
            admin.title,
            admin.phone,
        )
    )
    with db.session() as s:
        if s.scalar(select(func.count()).select_from(OfficeProfile)):
            raise Conflict("setup.already_done")
        at = now()
        s.add(
            OfficeProfile(
                name=office.name,
                code=office.code,
                address=office.address,
                province=office.province,
                place_name=office.place_name,
                phone=office.phone or None,
                email=office.email or None,
                forms_set="2025",
                identifier_code=office.identifier or None,
                counter_unit=office.counter_unit,
                created_at=at,
            )
        )
        user = _new_user(admin, at)  # admin.role is Role.ADMIN (set above)
        s.add(user)
        s.flush()
        audit(
            s,
            Actor(user.id, user.full_name, Role.ADMIN),
            "setup",
            "office",
            at=at,
            office=office.name,
            code=office.code,
            identifier=office.identifier,
        )
        return _user_view(user)


def formal_office_name(name: str) -> str:
    """ "UBND xã An Sơn" → "Ủy ban nhân dân xã An Sơn" (for sentences)."""
    name = nfc(name)
    if fold(name).startswith("ubnd "):
        return "Ủy ban nhân dân " + name[5:]
    return name


def office_of(session: Session) -> R.Office:
    """The office as every sheet prints it: name, the counter's unit (an office setting), place."""
    o = session.scalar(select(OfficeProfile).order_by(OfficeProfile.id))
    if o is None:
        raise NotFound("office.missing")
    unit = nfc(o.counter_unit or COUNTER_UNIT_DESK)
    return R.Office(
        name=nfc(o.name).upper(),
        formal_name=formal_office_name(o.name),
        place=o.place_name,
        unit=unit.upper(),
        unit_formal=unit,
        address=o.address,
        phone=o.phone or "",
        email=o.email or "",
    )


def get_office(db: Database) -> OfficeView | None:
    with db.session() as s:
        o = s.scalar(select(OfficeProfile).order_by(OfficeProfile.id))
        return _office_view(o) if o else None


def update_office(
    db: Database, actor: Actor, office: OfficeInput, now: Clock = system_now
) -> OfficeView:
    actor.require(Role.ADMIN)
    office = validate_office(office)
    with db.session() as s:
        o = s.scalar(select(OfficeProfile).order_by(OfficeProfile.id))
        if o is None:
            raise NotFound("office.missing")
        o.name, o.code, o.address, o.province = (
            office.name,
            office.code,
            office.address,
            office.province,
        )
        o.place_name, o.phone, o.email = (
            office.place_name,
            office.phone or None,
            office.email or None,
        )
        o.identifier_code = office.identifier or None
        o.counter_unit = office.counter_unit
        audit(
            s,
            actor,
            "update",
            "office",
            o.id,
            at=now(),
            name=o.name,
            code=o.code,
            identifier=o.identifier_code,
            unit=o.counter_unit,
        )
        return _office_view(o)


def lock_delay(failed_attempts: int) -> timedelta:
    """Delay after ``failed_attempts`` wrong passwords in a row: none for the first four,
    then 30 s, doubling each time, at most 15 minutes."""
    if failed_attempts < MAX_FREE_ATTEMPTS:
        return timedelta(0)
    return min(MAX_DELAY, BASE_DELAY * 2 ** (failed_attempts - MAX_FREE_ATTEMPTS))


def sign_in(db: Database, username: str, password: str, now: Clock = system_now) -> UserView:
    """Check the password; five wrong ones in a row delay the next try.

    A password longer than :data:`MAX_PASSWORD` (no account can have one) and a username longer
    than any account's are refused before the database is asked and before scrypt runs, so a
    megabyte typed or pasted cannot burn the CPU; the refusal is the same for a known and an
    unknown name (it tells nothing about which names exist).
    """
    if len(username) > MAX_USERNAME_INPUT:
        raise ValidationError(
            "input.too_long", field="username", limit=MAX_USERNAME_INPUT, length=len(username)
        )
    if len(password) > MAX_PASSWORD:
        raise ValidationError(
            "input.too_long", field="password", limit=MAX_PASSWORD, length=len(password)
        )
    username = nfc(username).lower()
    if not username:
        raise ValidationError("auth.username.empty", field="username")
    if not password:
        raise ValidationError("auth.password.empty", field="password")
    with db.session() as s:
        at = now()
        user = s.scalar(select(User).where(User.username == username))
        if user is None:
            verify_password(password, _dummy_hash())  # same work as for a known user
            raise ValidationError("auth.wrong", field="password")
        if user.locked_until and user.locked_until > at:
            seconds = int((user.locked_until - at).total_seconds()) + 1
            raise ValidationError("auth.locked", field="password", seconds=seconds)
        if not verify_password(password, user.password_hash):
            user.failed_attempts += 1
            delay = lock_delay(user.failed_attempts)
            user.locked_until = at + delay if delay else None
            audit(s, None, "sign_in_failed", "user", user.id, at=at, attempts=user.failed_attempts)
            s.commit()
            if delay:
                raise ValidationError(
                    "auth.locked", field="password", seconds=int(delay.total_seconds())
                )
            raise ValidationError(
                "auth.wrong", field="password", left=MAX_FREE_ATTEMPTS - user.failed_attempts
            )
        if not user.active:
            raise ValidationError("auth.inactive", field="username")
        user.failed_attempts = 0
        user.locked_until = None
        user.last_login_at = at
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
            audit(s, _user_view(user).actor, "password_rehashed", "user", user.id, at=at)
        audit(s, _user_view(user).actor, "sign_in", "user", user.id, at=at)
        return _user_view(user)


def sign_out(db: Database, actor: Actor, now: Clock = system_now) -> None:
    """Record that ``actor`` signed out (the window goes back to the sign-in dialog)."""
    with db.session() as s:
        audit(s, actor, "sign_out", "user", actor.user_id, at=now())


def list_users(db: Database, include_inactive: bool = True) -> list[UserView]:
    with db.session() as s:
        q = select(User).order_by(User.full_name)
        if not include_inactive:
            q = q.where(User.active.is_(True))
        return [_user_view(u) for u in s.scalars(q)]


def create_user(db: Database, actor: Actor, data: UserInput, now: Clock = system_now) -> UserView:
    actor.require(Role.ADMIN)
    data = validate_user(data)
    with db.session() as s:
        if s.scalar(select(User).where(User.username == data.username)):
            raise ValidationError("user.username.taken", field="username", username=data.username)
        at = now()
        user = _new_user(data, at)
        s.add(user)
        s.flush()
        audit(
            s, actor, "create", "user", user.id, at=at, username=user.username, role=user.role.value
        )
        return _user_view(user)


def update_user(
    db: Database,
    actor: Actor,
    user_id: int,
    data: UserInput,
    active: bool = True,
    now: Clock = system_now,
) -> UserView:
    """Change a user's name, role, title, phone, active flag and (if given) password."""
    actor.require(Role.ADMIN)
    data = validate_user(data, need_password=False)
    with db.session() as s:
        user = s.get(User, user_id)
        if user is None:
            raise NotFound("user.missing")
        if user.id == actor.user_id and (data.role is not Role.ADMIN or not active):
            raise Conflict("user.self_demote")
        user.full_name, user.role, user.active = data.full_name, data.role, active
        user.title, user.phone = data.title or None, data.phone or None
        if data.password:
            user.password_hash = hash_password(data.password)
            user.failed_attempts, user.locked_until = 0, None
        audit(
            s,
            actor,
            "update",
            "user",
            user.id,
            at=now(),
            role=user.role.value,
            active=active,
            password_changed=bool(data.password),
        )
        return _user_view(user)


def officers(session: Session, role: Role | None = None) -> list[User]:
    q = select(User).where(User.active.is_(True)).order_by(User.full_name)
    if role is not None:
        q = q.where(User.role == role)
    return list(session.scalars(q))


def user_by_id(db: Database, user_id: int) -> UserView:
    with db.session() as s:
        u = s.get(User, user_id)
        if u is None:
            raise NotFound("user.missing")
        return _user_view(u)
