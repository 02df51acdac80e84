"""``backup``: a verified backup folder (database, document store, manifest); ``--verify``."""

from __future__ import annotations

import argparse
from pathlib import Path

from tthc_desk.commands import add_user_option, signed_in


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu SQLite và kho tệp số hóa")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--out", type=Path, help="thư mục nhận bản sao lưu (một thư mục con mới)")
    what.add_argument(
        "--verify", type=Path, metavar="THƯ_MỤC", help="kiểm tra một bản sao lưu đã có"
    )
    p.add_argument("--no-files", action="store_true", help="không sao kho tệp số hóa")
    p.add_argument("--keep", type=int, help="chỉ giữ N bản mới nhất trong thư mục --out")
    add_user_option(p)
    p.set_defaults(handler=run)


def print_info(info) -> None:  # type: ignore[no-untyped-def]
    c = info.counts
    print(f"Bản sao lưu: {info.folder}")
    print(f"  Lập lúc: {info.created_at:%d/%m/%Y %H:%M:%S}")
    print(
        f"  Hồ sơ: {c.get('dossiers', 0):,}; người nộp: {c.get('applicants', 0):,}; "
        f"tài liệu số hóa: {c.get('digital_documents', 0):,}; tệp trong kho: {info.files:,}"
    )
    if info.newest_dossier:
        print(f"  Hồ sơ mới nhất: {info.newest_dossier} (tiếp nhận {info.newest_received_at})")
    print(f"  Dung lượng: {info.size:,} byte")


def run(args: argparse.Namespace) -> int:
    from tthc_desk.domain.enums import Role
    from tthc_desk.services.backup import backup, verify_backup
    from tthc_desk.services.database import open_database

    if args.verify:
        info = verify_backup(args.verify)
        print_info(info)
        print("Bản sao lưu đầy đủ: mọi tệp khớp mã băm trong bảng kê.")
        return 0
    db = open_database(args.db)
    try:
        actor = signed_in(db, args, Role.ADMIN)
        result = backup(db, args.out, actor=actor, with_files=not args.no_files, keep=args.keep)
    finally:
        db.dispose()
    print(f"Đã sao lưu vào {result.folder} ({result.size:,} byte), đã kiểm tra mã băm.")
    print_info(result.info)
    return 0
