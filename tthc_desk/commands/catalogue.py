"""``catalogue``: write the import template, import a province's list, export the catalogue."""

from __future__ import annotations

import argparse
import sys

from tthc_desk.commands import add_user_option, signed_in


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("catalogue", help="danh mục thủ tục: tải mẫu, nhập, xuất tệp Excel")
    cmds = p.add_subparsers(dest="catalogue_command", metavar="VIỆC", required=True)
    t = cmds.add_parser("template", help="ghi tệp Excel mẫu để nhập danh mục")
    t.add_argument("file", metavar="TỆP.xlsx")
    t.set_defaults(handler=run_template)
    i = cmds.add_parser("import", help="nhập danh mục từ tệp .xlsx hoặc .csv")
    i.add_argument("file", metavar="TỆP")
    i.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không lưu gì")
    i.add_argument("--create-fields", action="store_true", help="tạo lĩnh vực chưa có")
    i.add_argument(
        "--retire-missing", action="store_true", help="ngừng áp dụng thủ tục không có trong tệp"
    )
    i.add_argument(
        "--refuse-legacy", action="store_true", help="từ chối dòng gõ bằng bảng mã TCVN3/VNI"
    )
    add_user_option(i)
    i.set_defaults(handler=run_import)
    e = cmds.add_parser("export", help="xuất danh mục hiện hành ra tệp Excel")
    e.add_argument("file", metavar="TỆP.xlsx")
    e.set_defaults(handler=run_export)


_ACTIONS = {
    "add": "thêm mới",
    "change": "sửa (phiên bản mới)",
    "unchanged": "không đổi",
    "retire": "ngừng áp dụng",
    "refused": "TỪ CHỐI",
}


def run_template(args: argparse.Namespace) -> int:
    from tthc_desk.services.catalogue_import import write_template

    path = write_template(args.file)
    print(f"Đã ghi tệp mẫu: {path}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from tthc_desk.services.catalogue_import import export_catalogue
    from tthc_desk.services.database import open_database

    count = export_catalogue(open_database(args.db), args.file)
    print(f"Đã xuất {count} thủ tục ra {args.file}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from tthc_desk.services import catalogue_import as ci
    from tthc_desk.services.database import open_database
    from tthc_desk.ui.messages import describe

    db = open_database(args.db)
    actor = None if args.dry_run else signed_in(db, args, *ci.cat.EDITORS)
    options = ci.ImportOptions(
        create_fields=args.create_fields,
        retire_missing=args.retire_missing,
        legacy="refuse" if args.refuse_legacy else "convert",
    )
    preview = ci.preview_import(db, args.file, options)
    for row in preview.rows:
        where = f"Dòng {row.row}" if row.row is not None else "Không có trong tệp"
        print(f"{where}: {row.code} {row.name} — {_ACTIONS[row.action]}")
        for problem in row.problems:
            mark = "  ✗ " if problem.error else "  ! "
            print(mark + describe(problem.as_error()))
    print(
        f"Tổng cộng: {preview.count('add')} thêm mới, {preview.count('change')} sửa, "
        f"{preview.count('retire')} ngừng áp dụng, {preview.count('unchanged')} không đổi, "
        f"{preview.refused} dòng bị từ chối."
    )
    if args.dry_run:
        print("Chạy thử (--dry-run): chưa lưu gì.")
    elif preview.to_save:
        assert actor is not None
        report = ci.apply_import(db, actor, preview)
        print(
            f"Đã lưu: {len(report.added)} thêm mới, {len(report.changed)} sửa, "
            f"{len(report.retired)} ngừng áp dụng."
        )
    else:
        print("Không có dòng nào để lưu.")
    if preview.refused:
        print(f"Có {preview.refused} dòng bị từ chối: hãy sửa tệp rồi nhập lại.", file=sys.stderr)
        return 3
    return 0
