"""Shared fixtures: headless Qt, a private data folder, a fresh migrated SQLite database, users."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tthc_desk.persistence.db import Database

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test gets its own data folder and Qt settings, never the developer's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TTHC_DESK_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    try:
        from PySide6.QtCore import QSettings

        QSettings.setPath(
            QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(home / "config")
        )
    except ImportError:  # pragma: no cover - Qt is a hard dependency
        pass


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> int:
    """Hash test passwords at scrypt N=2^14 (the app uses 2^17, 128 MiB and ~0.3 s a hash,
    which hundreds of fixtures would feel); tests of the real cost set ``auth.SCRYPT_N``."""
    from tthc_desk.services import auth

    production = auth.SCRYPT_N
    monkeypatch.setattr(auth, "SCRYPT_N", 2**14)
    return production


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once per session; each test copies the file (fast, still a real SQLite file)."""
    from tthc_desk.persistence.db import Database

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database.open(path)
    db.dispose()
    return path


@pytest.fixture
def db_path(tmp_path: Path, _migrated_template: Path) -> Path:
    import shutil

    path = tmp_path / "tthc.sqlite3"
    shutil.copyfile(_migrated_template, path)
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A fresh, migrated SQLite database in a file under ``tmp_path``."""
    from tthc_desk.persistence.db import Database

    database = Database.open(db_path)
    yield database
    database.dispose()


@pytest.fixture
def office_db(db):  # type: ignore[no-untyped-def]
    """The database after first-run set-up: office "UBND xã An Sơn" (code XANSON) and users
    admin / canbo1 (clerk) / congchuc1 (officer) / chutich (leader), password "matkhau123"."""
    from tthc_desk.domain.enums import Role
    from tthc_desk.services import auth

    admin = auth.first_run_setup(
        db,
        auth.OfficeInput(
            "UBND xã An Sơn",
            "XANSON",
            "Thôn Đông, xã An Sơn",
            "Hải Dương",
            phone="0220 3851 234",
            email="motcua@anson.gov.vn",
        ),
        auth.UserInput("admin", "Trần Văn Quản", Role.ADMIN, "matkhau123", "matkhau123"),
    )
    for username, name, role, title in (
        ("canbo1", "Nguyễn Thị Hoa", Role.CLERK, "Công chức Văn phòng - Thống kê"),
        ("congchuc1", "Lê Văn Tư", Role.OFFICER, "Công chức Tư pháp - Hộ tịch"),
        ("chutich", "Nguyễn Đức Ngọc", Role.LEADER, "Chủ tịch UBND xã"),
    ):
        auth.create_user(
            db, admin.actor, auth.UserInput(username, name, role, "matkhau123", "matkhau123", title)
        )
    return db


@pytest.fixture
def users(office_db):  # type: ignore[no-untyped-def]
    """``{username: UserView}`` for the users of ``office_db``."""
    from tthc_desk.services import auth

    return {u.username: u for u in auth.list_users(office_db)}
