"""``files check``: re-hash every stored document against the database; exit 0 only if all is well."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("files", help="kho tệp số hóa")
    fsub = p.add_subparsers(
        dest="files_command", title="lệnh", metavar="LỆNH", parser_class=type(p)
    )
    check = fsub.add_parser("check", help="kiểm tra mọi tệp trong kho theo mã băm SHA-256")
    check.set_defaults(handler=run_check)
    p.set_defaults(handler=lambda _a: (p.print_help(), 2)[1])


def run_check(args: argparse.Namespace) -> int:
    from tthc_desk.services import documents
    from tthc_desk.services.database import open_database

    db = open_database(args.db)
    try:
        tty = sys.stdout.isatty()
        report = documents.check_files(
            db,
            progress=(lambda d, t: print(f"\r{d}/{t}", end="", flush=True)) if tty else None,
        )
        if tty:
            print()
        print(f"Kho tệp: {db.files_dir()}")
        print(f"Đã kiểm tra {report.checked} tệp.")
        for label, problems in (("MẤT TỆP", report.missing), ("BỊ THAY ĐỔI", report.altered)):
            for p in problems:
                where = ", ".join(p.dossier_codes) or "không thuộc hồ sơ nào"
                titles = "; ".join(p.titles)
                print(f"{label}: {p.sha256}  {titles}  (hồ sơ: {where})")
        if report.orphans:
            print(f"Có {report.orphans} tệp trong kho không thuộc tài liệu nào (vô hại).")
        if report.all_ok:
            print("Kết luận: mọi tệp đều đầy đủ và nguyên vẹn.")
            return 0
        print(
            f"Kết luận: có {len(report.missing)} tệp bị mất và {len(report.altered)} tệp bị "
            "thay đổi. Hãy khôi phục từ bản sao lưu."
        )
        return 1
    finally:
        db.dispose()
