"""``notice``: print the public notice sheets (niêm yết) to a PDF, for all procedures, some
fields (``--field``) or chosen procedures (``--code``)."""

from __future__ import annotations

import argparse

from tthc_desk.commands import add_user_option, signed_in


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("notice", help="in bản niêm yết thủ tục hành chính ra tệp PDF")
    p.add_argument("--out", required=True, metavar="TỆP.pdf", help="tệp PDF sẽ ghi")
    p.add_argument(
        "--field",
        action="append",
        metavar="LĨNH_VỰC",
        help="chỉ in lĩnh vực này (gõ có dấu hoặc không dấu; có thể lặp lại)",
    )
    p.add_argument(
        "--code",
        action="append",
        metavar="MÃ",
        help="chỉ in thủ tục có mã này, ví dụ 1.001193 (có thể lặp lại; không dùng cùng --field)",
    )
    p.add_argument("--list", action="store_true", help="kèm danh mục tất cả thủ tục")
    p.add_argument("--contact", action="store_true", help="kèm thông báo tiếp nhận phản ánh")
    p.add_argument("--record", action="store_true", help="ghi nhận đã in bản niêm yết")
    add_user_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tthc_desk.domain.errors import ValidationError
    from tthc_desk.services import notices
    from tthc_desk.services.database import open_database

    if args.field and args.code:
        raise ValidationError("notice.code.with_field")
    db = open_database(args.db)
    field_ids = notices.field_ids_by_name(db, args.field) if args.field else None
    procedure_ids = notices.procedure_ids_by_code(db, args.code) if args.code else None
    request = notices.NoticeRequest(
        field_ids=field_ids,
        procedure_ids=procedure_ids,
        procedure_list=args.list,
        feedback_contact=args.contact,
    )
    result = notices.render_pdf(db, request, args.out)
    print(
        f"Đã ghi {result.pages} trang niêm yết ({len(result.procedure_ids)} thủ tục) "
        f"vào {result.path}"
    )
    if args.record:
        notices.record_printed(db, signed_in(db, args), result.procedure_ids)
        print("Đã ghi nhận ngày in.")
    warnings = notices.posting_warnings(db)
    if warnings:
        print(f"Cảnh báo: {len(warnings)} thủ tục quá 5 ngày làm việc chưa niêm yết lại:")
        for w in warnings[:20]:
            print(f"  {w.code} {w.name} (hạn {w.due_at:%d/%m/%Y})")
    return 0
