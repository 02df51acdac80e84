"""Set-up, sign-in with delay after five wrong passwords, user management by the administrator."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tthc_desk.domain.enums import Role
from tthc_desk.domain.errors import AppError, Forbidden
from tthc_desk.services import auth
from tthc_desk.services.database import Database


def office(**kw: str) -> auth.OfficeInput:
    base = dict(name="UBND xã An Sơn", code="H23.12.05", address="Thôn Đông", province="Hải Dương")
    base.update(kw)
    return auth.OfficeInput(**base)


def admin_input(**kw: str) -> auth.UserInput:
    base = dict(
        username="admin",
        full_name="Trần Văn Quản",
        role=Role.ADMIN,
        password="matkhau123",
        password_again="matkhau123",
    )
    base.update(kw)
    return auth.UserInput(**base)  # type: ignore[arg-type]


def test_passwords_are_stored_with_scrypt_not_in_clear() -> None:
    h = auth.hash_password("Mật khẩu 1")
    assert h.startswith("scrypt$") and "Mật khẩu" not in h
    assert auth.verify_password("Mật khẩu 1", h)
    # NFC: the same password typed with a decomposed input method still matches.
    import unicodedata

    assert auth.verify_password(unicodedata.normalize("NFD", "Mật khẩu 1"), h)
    assert not auth.verify_password("mật khẩu 1", h)


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"name": "  "}, "office.name.empty"),
        ({"code": ""}, "office.identifier.empty"),  # neither the old code nor the identifier
        ({"identifier": "H23.12.05"}, "office.identifier.format"),
        ({"code": "XA AN SON"}, "office.code.format"),
        ({"code": "XÃ-1"}, "office.code.format"),
        ({"address": ""}, "office.address.empty"),
        ({"province": ""}, "office.province.empty"),
    ],
)
def test_setup_refuses_bad_office_data_and_saves_nothing(
    db: Database, kw: dict[str, str], code: str
) -> None:
    with pytest.raises(AppError) as err:
        auth.first_run_setup(db, office(**kw), admin_input())
    assert err.value.code == code
    assert auth.needs_setup(db)


def test_setup_creates_office_and_admin_then_is_done(db: Database) -> None:
    assert auth.needs_setup(db)
    user = auth.first_run_setup(db, office(code="h23.12.05", name="UBND  xã An Sơn"), admin_input())
    assert user.role is Role.ADMIN
    assert not auth.needs_setup(db)
    o = auth.get_office(db)
    assert o is not None and o.code == "H23.12.05" and o.name == "UBND xã An Sơn"
    assert o.place_name == "An Sơn"
    with pytest.raises(AppError) as err:
        auth.first_run_setup(db, office(), admin_input(username="other"))
    assert err.value.code == "setup.already_done"


def test_five_wrong_passwords_delay_the_next_try(office_db: Database) -> None:
    t0 = datetime(2026, 3, 2, 8, 0)
    clock = {"now": t0}

    def now() -> datetime:
        return clock["now"]

    for attempt in range(1, 5):
        with pytest.raises(AppError) as err:
            auth.sign_in(office_db, "canbo1", "sai", now=now)
        assert err.value.code == "auth.wrong"
        assert err.value.params["left"] == 5 - attempt
    with pytest.raises(AppError) as err:
        auth.sign_in(office_db, "canbo1", "sai", now=now)
    assert err.value.code == "auth.locked" and err.value.params["seconds"] == 30
    # Even the right password waits out the delay.
    clock["now"] = t0 + timedelta(seconds=10)
    with pytest.raises(AppError) as err:
        auth.sign_in(office_db, "canbo1", "matkhau123", now=now)
    assert err.value.code == "auth.locked"
    clock["now"] = t0 + timedelta(seconds=31)
    user = auth.sign_in(office_db, "canbo1", "matkhau123", now=now)
    assert user.username == "canbo1"
    # The count starts again after a good sign-in.
    with pytest.raises(AppError) as err:
        auth.sign_in(office_db, "canbo1", "sai", now=now)
    assert err.value.code == "auth.wrong" and err.value.params["left"] == 4


def test_the_delay_grows_and_is_capped() -> None:
    assert auth.lock_delay(4) == timedelta(0)
    assert auth.lock_delay(5) == timedelta(seconds=30)
    assert auth.lock_delay(6) == timedelta(seconds=60)
    assert auth.lock_delay(30) == timedelta(minutes=15)


def test_only_the_administrator_manages_users(office_db: Database, users) -> None:  # type: ignore[no-untyped-def]
    clerk = users["canbo1"].actor
    data = auth.UserInput("moi", "Người Mới", Role.CLERK, "matkhau123", "matkhau123")
    with pytest.raises(Forbidden):
        auth.create_user(office_db, clerk, data)
    created = auth.create_user(office_db, users["admin"].actor, data)
    assert created.role is Role.CLERK
    with pytest.raises(AppError) as err:
        auth.create_user(office_db, users["admin"].actor, data)
    assert err.value.code == "user.username.taken"
    auth.update_user(
        office_db,
        users["admin"].actor,
        created.id,
        auth.UserInput("moi", "Người Mới", Role.OFFICER, "", ""),
        active=False,
    )
    with pytest.raises(AppError) as err:
        auth.sign_in(office_db, "moi", "matkhau123")
    assert err.value.code == "auth.inactive"
