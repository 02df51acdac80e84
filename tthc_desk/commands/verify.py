"""``verify FILE.pdf``: print a PDF's signature report; exit 0 only when every signature holds."""

from __future__ import annotations

import argparse

STATUS_WORDS = {
    "valid": "HỢP LỆ",
    "broken": "KHÔNG HỢP LỆ (tài liệu đã bị thay đổi hoặc chữ ký hỏng)",
    "untrusted": "CHƯA ĐƯỢC TIN CẬY",
    "no_signatures": "KHÔNG CÓ CHỮ KÝ SỐ",
}
SIGNATURE_WORDS = {"valid": "HỢP LỆ", "broken": "HỎNG", "untrusted": "CHƯA ĐƯỢC TIN CẬY"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "verify",
        help="kiểm tra chữ ký số của một tệp PDF",
        description=(
            "Mã thoát: 0 hợp lệ; 3 có thay đổi sau khi ký; 4 chữ ký hỏng; 5 chứng thư hết hạn, "
            "không có bằng chứng thời điểm ký; 6 chứng thư chưa có hiệu lực; 7 thuật toán yếu "
            "(SHA-1); 8 chưa được tin cậy; 9 không có chữ ký; 10 chứng thư đã bị thu hồi; "
            "1 không đọc được tệp."
        ),
    )
    p.add_argument("file", metavar="TỆP.pdf", help="tệp PDF cần kiểm tra")
    p.add_argument(
        "--truc-tuyen",
        "--online",
        dest="online",
        action="store_true",
        default=None,
        help=(
            "tra cứu thêm danh sách thu hồi (CRL) và OCSP qua mạng; mặc định chỉ tra cứu khi đã "
            "cấu hình máy chủ dấu thời gian, luôn dùng dữ liệu thu hồi có sẵn trong tệp"
        ),
    )
    p.add_argument(
        "--ban-da-ky",
        "--signed-revision",
        dest="signed_revision",
        nargs=2,
        metavar=("SỐ", "TỆP_RA.pdf"),
        help="lưu bản đã ký của chữ ký thứ SỐ (nội dung lúc ký, trước các lần sửa sau)",
    )
    p.set_defaults(handler=run)


def _yes(flag: bool) -> str:
    return "có" if flag else "không"


def format_report(report: object) -> list[str]:
    """The report as Vietnamese lines (shared with the screen's copy-to-clipboard)."""
    from tthc_desk.adapters.signing import VerifyReport
    from tthc_desk.ui.verify_text import (
        advice_text,
        changes_text,
        reason_text,
        revocation_note,
        revocation_text,
        when,
    )

    assert isinstance(report, VerifyReport)
    lines = [f"Tệp: {report.path}", f"SHA-256: {report.sha256}"]
    if report.encrypted:
        lines.append("Tệp có mật khẩu chủ sở hữu (mở được không cần mật khẩu): đã kiểm tra.")
    lines.append(f"Số chữ ký: {len(report.signatures)}")
    for i, sig in enumerate(report.signatures, 1):
        word = SIGNATURE_WORDS.get(sig.status, sig.status)
        if sig.reason == "revoked":
            word = "KHÔNG HỢP LỆ (CHỨNG THƯ ĐÃ BỊ THU HỒI)"
        lines.append(f"Chữ ký {i}: {word}")
        lines.append(f"  Lý do: {reason_text(sig)}")
        if sig.reason != "unreadable":
            lines += [
                f"  Người ký: {sig.signer_cn}",
                *([f"  Chức danh: {sig.title}"] if sig.title else []),
                *([f"  Cơ quan, tổ chức: {sig.organisation}"] if sig.organisation else []),
                f"  Chứng thư: {sig.signer_subject}",
                f"  Cấp bởi: {sig.issuer_cn} (số hiệu {sig.serial})",
                f"  Hiệu lực chứng thư: {when(sig.not_before, seconds=False)} – "
                f"{when(sig.not_after, seconds=False)}",
                f"  Thời điểm ký (theo máy của người ký): {when(sig.signing_time) or 'không rõ'}",
                "  Thời điểm ký có dấu thời gian: "
                + (when(sig.timestamp_time) if sig.timestamp_time else "không có"),
                f"  Nguyên vẹn (không bị sửa sau khi ký): {_yes(sig.intact)}",
                f"  Chữ ký đúng về mật mã: {_yes(sig.valid)}",
                f"  Chứng thư thuộc gốc tin cậy của cơ quan: {_yes(sig.trusted)}",
            ]
            for change in changes_text(sig, harmful_only=False):
                lines.append(f"  Sau khi ký: {change}")
            if sig.changes:
                lines.append(f"  Xem bản đã ký: verify {report.path} --ban-da-ky {i} TỆP_RA.pdf")
            lines.append(f"  Tình trạng thu hồi: {revocation_text(sig)}")
        advice = advice_text(sig.reason)
        if advice:
            lines.append(f"  Nên làm: {advice}")
    conclusion = STATUS_WORDS.get(report.summary_status, report.summary_status)
    if report.reason == "revoked":
        conclusion = "KHÔNG HỢP LỆ (chứng thư đã bị thu hồi)"
    lines.append(f"Kết luận: {conclusion}")
    note = revocation_note(report)
    if note:
        lines.append(note)
    return lines


def run(args: argparse.Namespace) -> int:
    from tthc_desk.adapters import signing
    from tthc_desk.services import documents
    from tthc_desk.services.database import open_database
    from tthc_desk.ui.verify_text import exit_code

    db = open_database(args.db)
    try:
        report = documents.verify_file(db, args.file, online=args.online)
    finally:
        db.dispose()
    for line in format_report(report):
        print(line)
    if args.signed_revision:
        number, out = args.signed_revision
        sigs = report.signatures
        index = int(number) - 1 if number.isdigit() else -1
        if not 0 <= index < len(sigs):
            print(f"Lỗi: tệp không có chữ ký số {number}.")
            return 2
        signing.extract_signed_revision(args.file, sigs[index].field_name, out)
        print(f"Đã lưu bản đã ký của chữ ký {number} vào {out}.")
    return exit_code(report)
