"""``retention``: the personal-data retention report (``--dry-run``) and the anonymisation
(``--apply``), administrators only (Decree 13/2023/NĐ-CP; Law on Archives 33/2024/QH15)."""

from __future__ import annotations

import argparse

from tthc_desk.commands import add_user_option, date_arg, signed_in


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "retention",
        help="thời hạn giữ dữ liệu cá nhân: xem trước (--dry-run) hoặc ẩn danh hóa (--apply)",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--dry-run", action="store_true", help="chỉ báo cáo những gì sẽ được ẩn danh hóa"
    )
    what.add_argument(
        "--apply", action="store_true", help="ẩn danh hóa dữ liệu cá nhân đã quá thời hạn"
    )
    p.add_argument("--today", type=date_arg, help="ngày tính thời hạn (mặc định: hôm nay)")
    add_user_option(p)
    p.set_defaults(handler=run)


def print_plan(plan) -> None:  # type: ignore[no-untyped-def]
    print(
        f"Thời hạn giữ dữ liệu cá nhân: {plan.years} năm sau khi hồ sơ cuối cùng kết thúc "
        f"(hồ sơ kết thúc trước ngày {plan.cutoff:%d/%m/%Y})."
    )
    print(
        f"  Người nộp sẽ được ẩn danh: {plan.applicants:,} "
        f"(trong đó {plan.applicants_without_dossier:,} người không có hồ sơ)"
    )
    print(f"  Hồ sơ của họ (giữ lại, chỉ ẩn thông tin cá nhân): {plan.dossiers:,}")
    print(f"  Phản ánh, kiến nghị đã đóng: {plan.feedback:,}")
    print(f"  Tài liệu số hóa (bỏ chữ nhận dạng, giữ tệp trong kho): {plan.documents:,}")
    print(f"  Dòng danh sách của tỉnh: {plan.province_records:,}")
    print(
        f"  Giữ lại: {plan.kept_open:,} người có hồ sơ đang giải quyết hoặc còn trong thời hạn; "
        f"{plan.kept_feedback:,} người có phản ánh chưa xong"
    )
    if plan.oldest:
        print(
            "  Hồ sơ cũ nhất: " + ", ".join(f"{o.code} ({o.ended:%d/%m/%Y})" for o in plan.oldest)
        )


def run(args: argparse.Namespace) -> int:
    from tthc_desk.domain.enums import Role
    from tthc_desk.services import retention
    from tthc_desk.services.database import open_database

    db = open_database(args.db)
    try:
        actor = signed_in(db, args, Role.ADMIN)
        if args.dry_run:
            print_plan(retention.plan(db, actor, args.today))
            print("Chưa thay đổi gì (xem trước). Chạy lại với --apply để ẩn danh hóa.")
            return 0
        result = retention.apply(db, actor, args.today)
    finally:
        db.dispose()
    print_plan(result.plan)
    print(
        f"Đã ẩn danh {result.anonymised:,} người nộp và {result.plan.feedback:,} phản ánh; "
        "thao tác đã ghi nhật ký."
    )
    return 0
