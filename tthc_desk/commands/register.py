"""``register``: export the register of dossiers (form 07) of a period as PDF or XLSX."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path


def _date(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"ngày không hợp lệ: {text} (dạng 2026-03-31 hoặc 31/03/2026)")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("register", help="xuất sổ theo dõi hồ sơ (mẫu 07) của một khoảng thời gian")
    p.add_argument("--from", dest="date_from", type=_date, required=True, help="từ ngày")
    p.add_argument("--to", dest="date_to", type=_date, required=True, help="đến ngày")
    p.add_argument("--out", type=Path, required=True, help="tệp .pdf hoặc .xlsx")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tthc_desk.services import registers
    from tthc_desk.services.database import open_database

    db = open_database(args.db)
    try:
        summary = registers.export_register(db, args.date_from, args.date_to, args.out)
    finally:
        db.dispose()
    print(f"Đã xuất {summary.lines} hồ sơ vào {summary.path}")
    return 0
