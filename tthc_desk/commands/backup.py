"""``backup``: a consistent copy of the SQLite database (and its document store) while in use."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu SQLite và kho tệp số hóa")
    p.add_argument("--out", required=True, type=Path, help="thư mục (hoặc tệp) nhận bản sao")
    p.add_argument("--no-files", action="store_true", help="không sao kho tệp số hóa")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tthc_desk.services.backup import backup
    from tthc_desk.services.database import open_database

    db = open_database(args.db)
    result = backup(db, args.out, with_files=not args.no_files)
    print(f"Đã sao lưu cơ sở dữ liệu vào {result.database} ({result.size:,} byte).")
    if result.files:
        print(f"Kho tệp số hóa đã sao vào {result.files}.")
    return 0
