"""Passwords: scrypt at OWASP's cost with transparent rehash; unknown names cost the same."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tthc_desk.domain.errors import AppError
from tthc_desk.persistence.models import User
from tthc_desk.services import auth


def test_production_cost_is_n_2_17(_fast_password_hashing: int) -> None:
    assert _fast_password_hashing == 2**17


def test_sign_in_rehashes_an_old_hash(office_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with office_db.session() as s:
        old = s.scalar(select(User.password_hash).where(User.username == "canbo1"))
    assert old.startswith("scrypt$16384$")
    monkeypatch.setattr(auth, "SCRYPT_N", 2**17)
    auth.sign_in(office_db, "canbo1", "matkhau123")
    with office_db.session() as s:
        new = s.scalar(select(User.password_hash).where(User.username == "canbo1"))
    assert new.startswith("scrypt$131072$8$1$") and not auth.needs_rehash(new)
    # the new hash still signs in, and is not replaced again
    auth.sign_in(office_db, "canbo1", "matkhau123")
    with office_db.session() as s:
        assert s.scalar(select(User.password_hash).where(User.username == "canbo1")) == new


def test_unknown_user_does_the_same_work_as_a_wrong_password(office_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    real = auth.verify_password

    def counting(password: str, stored: str) -> bool:
        calls.append(stored.split("$")[1])
        return real(password, stored)

    monkeypatch.setattr(auth, "verify_password", counting)
    for name in ("canbo1", "khongco"):
        with pytest.raises(AppError) as e:
            auth.sign_in(office_db, name, "saimatkhau")
        assert e.value.code == "auth.wrong"
    assert calls == [str(auth.SCRYPT_N)] * 2


def test_a_huge_password_is_refused_before_scrypt(office_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A megabyte pasted into the password box never reaches scrypt (nor the database), and
    the refusal is the same for a known and an unknown name (issue 12: no CPU burnt, no name
    told)."""
    from sqlalchemy import func

    from tthc_desk.persistence.models import AuditEntry
    from tthc_desk.ui.messages import describe

    calls: list[int] = []
    real = auth.verify_password

    def counting(password: str, stored: str) -> bool:
        calls.append(len(password))
        return real(password, stored)

    monkeypatch.setattr(auth, "verify_password", counting)
    with office_db.session() as s:
        audits = s.scalar(select(func.count()).select_from(AuditEntry))
    huge = "p" * 10**7
    answers = []
    for name in ("canbo1", "khongco"):
        with pytest.raises(AppError) as e:
            auth.sign_in(office_db, name, huge)
        answers.append((e.value.code, e.value.params))
        message = describe(e.value)
        assert "1024" in message and "quá dài" in message
    assert answers[0] == answers[1]
    assert answers[0][0] == "input.too_long"
    with pytest.raises(AppError) as e:
        auth.sign_in(office_db, "a" * 10**6, "matkhau123")
    assert e.value.code == "input.too_long" and e.value.field == "username"
    assert calls == []  # scrypt never ran
    with office_db.session() as s:  # and no failed attempt was counted against canbo1
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audits
        assert s.scalar(select(User.failed_attempts).where(User.username == "canbo1")) == 0
    assert auth.verify_password(huge, auth._dummy_hash()) is False


def test_the_longest_allowed_password_still_signs_in(office_db) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.domain.enums import Role

    admin = auth.sign_in(office_db, "admin", "matkhau123").actor
    longest = "Mật khẩu dài " * 100
    longest = longest[: auth.MAX_PASSWORD]
    assert len(longest) == auth.MAX_PASSWORD
    auth.create_user(
        office_db,
        admin,
        auth.UserInput("daidai", "Lê Văn Dài", Role.CLERK, longest, longest),
    )
    assert auth.sign_in(office_db, "daidai", longest).username == "daidai"
    with pytest.raises(AppError) as e:
        auth.sign_in(office_db, "daidai", longest + "x")
    assert e.value.code == "input.too_long"
