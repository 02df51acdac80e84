"""Command line for headless administration: ``python main.py --db X SUBCOMMAND …``."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable, Sequence

from tthc_desk import __version__
from tthc_desk.domain.errors import AppError

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tthc-desk",
        description="TTHC Desk — phần mềm Bộ phận Một cửa UBND xã. Không có lệnh con: mở ứng dụng.",
    )
    parser.add_argument("--db", help="đường dẫn tệp SQLite hoặc URL SQLAlchemy (PostgreSQL)")
    parser.add_argument("--lang", choices=["vi", "en"], help="ngôn ngữ giao diện")
    parser.add_argument("--version", action="version", version=f"TTHC Desk {__version__}")
    sub = parser.add_subparsers(dest="command", title="lệnh con", metavar="LỆNH")
    import tthc_desk.commands as commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def run(argv: Sequence[str]) -> int:
    """Run one subcommand; print a Vietnamese message and return non-zero on failure."""
    from tthc_desk.logging_setup import configure_logging

    configure_logging()
    parser = build_parser()
    args = parser.parse_args(list(argv))
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except AppError as exc:
        from tthc_desk.ui.messages import describe

        print(f"Lỗi: {describe(exc)}", file=sys.stderr)
        return 1
    except OSError as exc:
        from tthc_desk.ui.messages import describe

        print(f"Lỗi: {describe(exc)} ({exc})", file=sys.stderr)
        return 1
