"""``trust``: the office's trusted root and intermediate certificates (add, list, remove)."""

from __future__ import annotations

import argparse

from tthc_desk.commands import add_user_option, signed_in


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("trust", help="chứng thư số tin cậy (gốc và trung gian) của cơ quan")
    tsub = p.add_subparsers(
        dest="trust_command", title="lệnh", metavar="LỆNH", parser_class=type(p)
    )
    add = tsub.add_parser(
        "add", help="thêm chứng thư tin cậy từ một tệp, một bó (PEM/P7B) hoặc một thư mục"
    )
    add.add_argument(
        "cert",
        metavar="TỆP_HOẶC_THƯ_MỤC",
        help="tệp chứng thư (.pem, .crt, .cer, .der, .p7b) hoặc thư mục chứa các tệp đó",
    )
    add_user_option(add)
    add.set_defaults(handler=run_add)
    lst = tsub.add_parser("list", help="liệt kê chứng thư tin cậy")
    lst.set_defaults(handler=run_list)
    rm = tsub.add_parser("remove", help="bỏ một chứng thư tin cậy (theo số thứ tự)")
    rm.add_argument("id", type=int, metavar="SỐ")
    add_user_option(rm)
    rm.set_defaults(handler=run_remove)
    p.set_defaults(handler=lambda _a: (p.print_help(), 2)[1])


def run_add(args: argparse.Namespace) -> int:
    from tthc_desk.domain.enums import Role
    from tthc_desk.services import documents
    from tthc_desk.services.database import open_database

    db = open_database(args.db)
    try:
        skipped: list = []
        added = documents.add_trusted(
            db, signed_in(db, args, Role.ADMIN), args.cert, skipped=skipped
        )
        for path in skipped:
            print(f"Bỏ qua tệp không phải chứng thư: {path}")
        if not added:
            print("Chứng thư này đã có trong danh sách tin cậy, không thêm lại.")
        for t in added:
            kind = "chứng thư CA" if t.is_ca else "chứng thư người dùng"
            print(f"Đã thêm {kind} tin cậy #{t.id}: {t.subject}")
            print(f"  SHA-256: {t.sha256}")
        return 0
    finally:
        db.dispose()


def run_list(args: argparse.Namespace) -> int:
    from tthc_desk.services import documents
    from tthc_desk.services.database import open_database

    db = open_database(args.db)
    try:
        rows = documents.list_trusted(db)
        if not rows:
            print("Chưa có chứng thư tin cậy nào. Dùng: trust add TỆP")
        for t in rows:
            print(f"#{t.id}  {t.subject}  (SHA-256 {t.sha256[:16]}…)")
        return 0
    finally:
        db.dispose()


def run_remove(args: argparse.Namespace) -> int:
    from tthc_desk.domain.enums import Role
    from tthc_desk.services import documents
    from tthc_desk.services.database import open_database

    db = open_database(args.db)
    try:
        documents.remove_trusted(db, signed_in(db, args, Role.ADMIN), args.id)
        print(f"Đã bỏ chứng thư tin cậy #{args.id}.")
        return 0
    finally:
        db.dispose()
