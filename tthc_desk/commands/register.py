"""``register``: export the register of dossiers (form 07) of a period as PDF or XLSX."""

from __future__ import annotations

import argparse
from pathlib import Path

from tthc_desk.commands import add_user_option, date_arg, signed_in


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("register", help="xuất sổ theo dõi hồ sơ (mẫu 07) của một khoảng thời gian")
    p.add_argument("--from", dest="date_from", type=date_arg, required=True, help="từ ngày")
    p.add_argument("--to", dest="date_to", type=date_arg, required=True, help="đến ngày")
    p.add_argument("--out", type=Path, required=True, help="tệp .pdf hoặc .xlsx")
    add_user_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tthc_desk.services import registers
    from tthc_desk.services.database import open_database

    db = open_database(args.db)
    try:
        actor = signed_in(db, args)  # the register holds personal data: who exports it
        summary = registers.export_register(db, args.date_from, args.date_to, args.out, actor)
    finally:
        db.dispose()
    print(f"Đã xuất {summary.lines} hồ sơ vào {summary.path}")
    return 0
