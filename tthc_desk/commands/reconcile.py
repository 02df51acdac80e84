"""``reconcile``: import the province's dossier list and compare it with the app and the books."""

from __future__ import annotations

import argparse
from pathlib import Path

from tthc_desk.commands import add_user_option, date_arg, signed_in


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "reconcile",
        help="đối chiếu hồ sơ giữa phần mềm, hệ thống của tỉnh và sổ giấy (mã thoát 3 khi còn chênh lệch)",
    )
    p.add_argument(
        "--province", type=Path, help="tệp danh sách hồ sơ xuất từ hệ thống của tỉnh (.xlsx, .csv)"
    )
    p.add_argument("--from", dest="date_from", type=date_arg, required=True, help="từ ngày")
    p.add_argument("--to", dest="date_to", type=date_arg, required=True, help="đến ngày")
    p.add_argument("--out", type=Path, required=True, help="tệp .pdf hoặc .xlsx")
    add_user_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tthc_desk.services import province
    from tthc_desk.services.database import open_database
    from tthc_desk.ui.messages import describe

    db = open_database(args.db)
    try:
        actor = signed_in(db, args)  # the report names citizens: who made it is recorded
        if args.province is not None:
            preview = province.preview_province(db, args.province)
            for row in preview.rows:
                for problem in row.problems:
                    error = province.problem_error(problem)
                    print(f"Dòng {row.number}: {describe(error)}")
            report = province.apply_province(db, actor, preview)
            print(
                f"Đã nhập danh sách của tỉnh: {report.new} hồ sơ mới, {report.updated} cập nhật, "
                f"{report.unchanged} không đổi, {report.refused} dòng bị từ chối; "
                f"{len(report.online_created)} hồ sơ trực tuyến đưa vào hàng chờ tiếp nhận."
            )
            for code, problem in report.online_problems:
                print(f"{code}: {describe(province.problem_error(province.dom.Problem(problem)))}")
        result = province.export_reconciliation(
            db, args.date_from, args.date_to, args.out, actor=actor
        )
    finally:
        db.dispose()
    print(
        f"Phần mềm của xã: {result.app_total} hồ sơ; hệ thống của tỉnh: {result.province_total}; "
        f"chênh lệch: {len(result.findings)}. Đã ghi {args.out}"
    )
    return 3 if result.findings else 0
