"""Command line for headless administration: ``python main.py --db X SUBCOMMAND …``."""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import pkgutil
import sqlite3
import sys
from collections.abc import Callable, Sequence

from tthc_desk import __version__
from tthc_desk.domain.errors import AppError

Handler = Callable[[argparse.Namespace], int]


class _VietnameseHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        return super().add_usage(
            usage, actions, groups, "Cách dùng: " if prefix is None else prefix
        )


class Parser(argparse.ArgumentParser):
    """An argument parser whose own words (usage, help, errors) are Vietnamese."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _VietnameseHelp)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._optionals.title = "tùy chọn"
        self._positionals.title = "tham số"
        self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: tham số không hợp lệ ({message}). Xem --help.\n")


def command_names() -> list[str]:
    """The subcommands, one module each in :mod:`tthc_desk.commands` (listed, not imported)."""
    import tthc_desk.commands as commands

    return sorted(i.name for i in pkgutil.iter_modules(commands.__path__))


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line (None for none, or when the general help is
    asked before it)."""
    names = set(command_names())
    args = iter(argv)
    for arg in args:
        if arg in ("--db", "--lang"):
            next(args, None)  # the option's value
        elif arg in ("-h", "--help", "--version"):
            return None
        elif not arg.startswith("-"):
            return arg if arg in names else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand, or of ``only`` that one (the others are not imported)."""
    parser = Parser(
        prog="tthc-desk",
        description="TTHC Desk — phần mềm Bộ phận Một cửa UBND xã. Không có lệnh con: mở ứng dụng.",
    )
    parser.add_argument("--db", help="đường dẫn tệp SQLite hoặc URL SQLAlchemy (PostgreSQL)")
    parser.add_argument("--lang", choices=["vi", "en"], help="ngôn ngữ giao diện")
    parser.add_argument(
        "--version", action="version", version=f"TTHC Desk {__version__}", help="in phiên bản"
    )
    sub = parser.add_subparsers(
        dest="command", title="lệnh con", metavar="LỆNH", parser_class=Parser
    )
    for name in command_names():
        if only is None or name == only:
            importlib.import_module(f"tthc_desk.commands.{name}").register(sub)
    return parser


def run(argv: Sequence[str]) -> int:
    """Run one subcommand; print a Vietnamese message and return non-zero on failure."""
    from tthc_desk.logging_setup import configure_logging
    from tthc_desk.private_files import restrict_umask

    restrict_umask()
    configure_logging()
    argv = list(argv)
    parser = build_parser(chosen_command(argv))
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    from sqlalchemy.exc import SQLAlchemyError

    from tthc_desk.ui.messages import describe

    try:
        return handler(args)
    except AppError as exc:
        print(f"Lỗi: {describe(exc)}", file=sys.stderr)
        return 2 if exc.code.startswith(("db.", "os.")) else 1
    except (SQLAlchemyError, sqlite3.Error) as exc:
        # the database failed under a command (a truncated file, a lost server, a full disk)
        from tthc_desk.services.database import database_error

        logging.getLogger(__name__).exception("Database error in %s", args.command)
        print(f"Lỗi: {describe(database_error(exc, args.db or ''))}", file=sys.stderr)
        return 2
    except OSError as exc:
        code = 2 if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) else 1
        print(f"Lỗi: {describe(exc)} ({exc.strerror or exc})", file=sys.stderr)
        return code
