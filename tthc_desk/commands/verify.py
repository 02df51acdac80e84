"""``verify FILE.pdf``: print a PDF's signature report; exit 0 only when every signature holds."""

from __future__ import annotations

import argparse

STATUS_WORDS = {
    "valid": "HỢP LỆ",
    "broken": "KHÔNG HỢP LỆ (tài liệu đã bị thay đổi hoặc chữ ký hỏng)",
    "untrusted": "CHƯA ĐƯỢC TIN CẬY (chứng thư không thuộc danh sách tin cậy)",
    "no_signatures": "KHÔNG CÓ CHỮ KÝ SỐ",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("verify", help="kiểm tra chữ ký số của một tệp PDF")
    p.add_argument("file", metavar="TỆP.pdf", help="tệp PDF cần kiểm tra")
    p.set_defaults(handler=run)


def _yes(flag: bool) -> str:
    return "có" if flag else "không"


def format_report(report: object) -> list[str]:
    """The report as Vietnamese lines (shared with the screen's copy-to-clipboard)."""
    from tthc_desk.adapters.signing import VerifyReport

    assert isinstance(report, VerifyReport)
    lines = [f"Tệp: {report.path}", f"SHA-256: {report.sha256}"]
    lines.append(f"Số chữ ký: {len(report.signatures)}")
    for i, sig in enumerate(report.signatures, 1):
        when = (
            sig.signing_time.astimezone().strftime("%d/%m/%Y %H:%M:%S")
            if sig.signing_time
            else "không rõ"
        )
        lines += [
            f"Chữ ký {i}: {STATUS_WORDS.get(sig.status, sig.status)}",
            f"  Người ký: {sig.signer_cn}",
            f"  Chứng thư: {sig.signer_subject}",
            f"  Cấp bởi: {sig.issuer_cn} (số hiệu {sig.serial})",
            f"  Thời điểm ký (theo người ký): {when}",
            f"  Nguyên vẹn (không bị sửa sau khi ký): {_yes(sig.intact)}",
            f"  Chữ ký đúng về mật mã: {_yes(sig.valid)}",
            f"  Chứng thư thuộc gốc tin cậy của cơ quan: {_yes(sig.trusted)}",
        ]
        if sig.revocation_checked:
            lines.append("  Tình trạng thu hồi: đã kiểm tra")
        else:
            lines.append("  Tình trạng thu hồi: CHƯA KIỂM TRA (không có kết nối mạng)")
    lines.append(f"Kết luận: {STATUS_WORDS.get(report.summary_status, report.summary_status)}")
    if report.signatures and not report.revocation_checked:
        lines.append(
            "Lưu ý: chưa kiểm tra chứng thư có bị thu hồi hay không (làm việc ngoại tuyến)."
        )
    return lines


def run(args: argparse.Namespace) -> int:
    from tthc_desk.services import documents
    from tthc_desk.services.database import open_database

    db = open_database(args.db)
    try:
        report = documents.verify_file(db, args.file)
    finally:
        db.dispose()
    for line in format_report(report):
        print(line)
    return 0 if report.summary_status == "valid" else 1
