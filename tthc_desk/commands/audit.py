"""``audit verify``: check that no line of the audit log was deleted, edited or cut off."""

from __future__ import annotations

import argparse

_KINDS = {
    "missing_before": "mất một hoặc nhiều dòng ngay trước dòng #{id} (dòng bị xóa)",
    "altered": "nội dung dòng #{id} đã bị sửa",
    "unchained": "dòng #{id} không có mã băm (được chèn ngoài phần mềm)",
    "missing_after": "mất các dòng cuối nhật ký (sau dòng cuối cùng còn lại)",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help="nhật ký thao tác: kiểm tra chuỗi mã băm")
    inner = p.add_subparsers(dest="audit_command", metavar="VIỆC", required=True)
    v = inner.add_parser("verify", help="kiểm tra nhật ký không bị xóa, sửa hay cắt bớt dòng")
    v.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    from tthc_desk.services.audit_log import verify_audit_log
    from tthc_desk.services.database import open_database

    db = open_database(args.db)
    try:
        report = verify_audit_log(db)
    finally:
        db.dispose()
    if report.ok:
        print(f"Nhật ký nguyên vẹn: {report.checked:,} dòng khớp chuỗi mã băm.")
        if report.unchained:
            print(f"({report.unchained:,} dòng cũ hơn chuỗi mã băm không kiểm tra được.)")
        return 0
    print(f"NHẬT KÝ ĐÃ BỊ THAY ĐỔI ({report.checked:,} dòng đã kiểm tra):")
    for line_id, kind in report.problems:
        print("  - " + _KINDS[kind].format(id=line_id))
    return 1
