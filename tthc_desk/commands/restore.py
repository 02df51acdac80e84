"""``restore``: replace the SQLite database and its store by a verified backup folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tthc_desk.commands import add_user_option, signed_in


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "restore", help="khôi phục cơ sở dữ liệu từ một bản sao lưu (dữ liệu cũ được giữ lại)"
    )
    p.add_argument("folder", type=Path, metavar="THƯ_MỤC", help="thư mục bản sao lưu")
    p.add_argument("--yes", action="store_true", help="không hỏi lại trước khi thay")
    add_user_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tthc_desk.commands.backup import print_info
    from tthc_desk.domain.enums import Role
    from tthc_desk.domain.errors import AppError
    from tthc_desk.services.backup import restore, verify_backup
    from tthc_desk.services.database import open_database

    info = verify_backup(args.folder)
    db = open_database(args.db)
    try:
        actor = signed_in(db, args, Role.ADMIN)
        path = db.file_path
    finally:
        db.dispose()
    if path is None:
        raise AppError("backup.not_sqlite")
    print_info(info)
    if not args.yes:
        if not sys.stdin.isatty():
            print("Thêm --yes để khôi phục mà không hỏi lại.", file=sys.stderr)
            return 2
        answer = input(f"Thay cơ sở dữ liệu {path} bằng bản sao lưu này? Gõ «co» để đồng ý: ")
        if answer.strip().lower() not in ("co", "có"):
            print("Đã hủy, không thay đổi gì.")
            return 1
    result = restore(path, args.folder, actor=actor)
    print(f"Đã khôi phục {path} từ {args.folder}.")
    print(f"Dữ liệu trước khi khôi phục được giữ tại {result.replaced}.")
    return 0
