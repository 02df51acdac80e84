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
