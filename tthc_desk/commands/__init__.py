"""Subcommands of the command line, one module each, each with ``register(subparsers)``."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tthc_desk.domain.enums import Role
    from tthc_desk.services.common import Actor
    from tthc_desk.services.database import Database

#: The password of ``--user`` for scripts (otherwise it is asked on the terminal).
PASSWORD_ENV = "TTHC_PASSWORD"


def date_arg(text: str) -> date:
    """A date given on the command line: 2026-03-31 or 31/03/2026 (years 1900 to 2100)."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not 1900 <= day.year <= 2100:
            raise argparse.ArgumentTypeError(f"ngày ngoài khoảng năm 1900–2100: {text}")
        return day
    raise argparse.ArgumentTypeError(f"ngày không hợp lệ: {text} (dạng 2026-03-31 hoặc 31/03/2026)")


def add_user_option(parser: argparse.ArgumentParser) -> None:
    """``--user``: who runs a command that changes data or reads personal data."""
    parser.add_argument(
        "--user",
        metavar="TÊN",
        help=f"tài khoản thực hiện (bắt buộc; mật khẩu hỏi khi chạy hoặc lấy từ biến môi "
        f"trường {PASSWORD_ENV}); thao tác được ghi nhật ký",
    )


def signed_in(db: Database, args: argparse.Namespace, *roles: Role) -> Actor:
    """Sign ``--user`` in with its password (``TTHC_PASSWORD`` or a prompt) and check its role.

    Raises ``AppError``: no ``--user``, no password, a wrong password (counted towards the
    lock-out like at the sign-in window), or a role that may not run the command.
    """
    import getpass

    from tthc_desk.domain.errors import AppError
    from tthc_desk.services import auth

    username = getattr(args, "user", None)
    if not username:
        raise AppError("cli.user_required")
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise AppError("cli.password_required", env=PASSWORD_ENV)
        password = getpass.getpass(f"Mật khẩu của {username}: ")
    actor = auth.sign_in(db, username, password).actor
    if roles:
        actor.require(*roles)
    return actor
