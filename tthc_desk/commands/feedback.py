"""``feedback``: print the feedback results sheet of a period and the feedback contact notice."""

from __future__ import annotations

import argparse
from pathlib import Path

from tthc_desk.commands import add_user_option, date_arg, signed_in


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("feedback", help="in bảng kết quả xử lý và thông báo tiếp nhận phản ánh")
    inner = p.add_subparsers(dest="feedback_command", title="lệnh", metavar="LỆNH", required=True)
    r = inner.add_parser(
        "results", help="bảng kết quả xử lý phản ánh, kiến nghị trong kỳ (để niêm yết)"
    )
    r.add_argument("--from", dest="date_from", type=date_arg, required=True, help="từ ngày")
    r.add_argument("--to", dest="date_to", type=date_arg, required=True, help="đến ngày")
    r.add_argument("--out", type=Path, required=True, help="tệp .pdf")
    add_user_option(r)  # the sheet names the senders who agreed to be named: who printed it
    r.set_defaults(handler=run_results)
    c = inner.add_parser(
        "contact", help="thông báo địa chỉ, cách thức tiếp nhận phản ánh, kiến nghị"
    )
    c.add_argument("--out", type=Path, required=True, help="tệp .pdf")
    c.set_defaults(handler=run_contact)


def run_results(args: argparse.Namespace) -> int:
    from tthc_desk.services import feedback
    from tthc_desk.services.database import open_database

    db = open_database(args.db)
    try:
        actor = signed_in(db, args)
        pdf = feedback.render_results(db, args.date_from, args.date_to, args.out, actor=actor)
    finally:
        db.dispose()
    print(
        f"Đã in {len(pdf.feedback_ids)} phản ánh, kiến nghị đã trả lời "
        f"({pdf.pages} trang) vào {pdf.path}"
    )
    return 0


def run_contact(args: argparse.Namespace) -> int:
    from tthc_desk.services import feedback
    from tthc_desk.services.database import open_database

    db = open_database(args.db)
    try:
        pdf = feedback.render_contact(db, args.out)
    finally:
        db.dispose()
    print(f"Đã in thông báo tiếp nhận phản ánh, kiến nghị ({pdf.pages} trang) vào {pdf.path}")
    return 0
