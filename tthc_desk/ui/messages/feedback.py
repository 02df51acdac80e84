"""Messages for satisfaction ratings and for phản ánh, kiến nghị (feedback)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

CONTEXT = "Messages"

MESSAGES: dict[str, str] = {
    "ratings.period": QT_TRANSLATE_NOOP(
        "Messages", "Ngày bắt đầu phải trước hoặc trùng ngày kết thúc của kỳ thống kê."
    ),
    "feedback.period": QT_TRANSLATE_NOOP(
        "Messages", "Ngày bắt đầu phải trước hoặc trùng ngày kết thúc của kỳ báo cáo."
    ),
    "feedback.channel": QT_TRANSLATE_NOOP(
        "Messages",
        "Hãy chọn kênh tiếp nhận: trực tiếp, điện thoại, thư điện tử, Cổng dịch vụ công "
        "hoặc văn bản gửi qua bưu chính.",
    ),
    "feedback.sender.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy nhập họ tên người (hoặc tên tổ chức) gửi phản ánh, kiến nghị."
    ),
    "feedback.content.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy nhập nội dung phản ánh, kiến nghị."
    ),
    "feedback.text.too_long": QT_TRANSLATE_NOOP(
        "Messages", "Nội dung quá dài (tối đa {limit} ký tự). Hãy rút gọn rồi lưu lại."
    ),
    "feedback.received_at.future": QT_TRANSLATE_NOOP(
        "Messages", "Thời điểm tiếp nhận không được muộn hơn thời điểm hiện tại."
    ),
    "feedback.dossier.unknown": QT_TRANSLATE_NOOP(
        "Messages", "Không tìm thấy hồ sơ có mã {dossier}. Hãy kiểm tra lại mã hồ sơ."
    ),
    "feedback.procedure.unknown": QT_TRANSLATE_NOOP(
        "Messages", "Thủ tục đã chọn không còn trong danh mục. Hãy chọn lại."
    ),
    "feedback.missing": QT_TRANSLATE_NOOP(
        "Messages", "Không tìm thấy phản ánh, kiến nghị này. Hãy tải lại danh sách."
    ),
    "feedback.number.busy": QT_TRANSLATE_NOOP(
        "Messages", "Không cấp được số cho phản ánh, kiến nghị. Hãy bấm Lưu lại một lần nữa."
    ),
    "feedback.reason.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy nêu rõ lý do từ chối; lý do được gửi bằng văn bản cho người phản ánh."
    ),
    "feedback.request.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy ghi rõ những thông tin, tài liệu người phản ánh cần bổ sung."
    ),
    "feedback.answer.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy nhập nội dung trả lời bằng văn bản."
    ),
    "feedback.reject.state": QT_TRANSLATE_NOOP(
        "Messages",
        "Phản ánh {number} đã được tiếp nhận xử lý hoặc đã có kết quả nên không thể từ chối.",
    ),
    "feedback.supplement.state": QT_TRANSLATE_NOOP(
        "Messages",
        "Chỉ yêu cầu bổ sung thông tin khi phản ánh {number} vừa được tiếp nhận, chưa xử lý.",
    ),
    "feedback.supplement.again": QT_TRANSLATE_NOOP(
        "Messages",
        "Phản ánh {number} đã được yêu cầu bổ sung một lần; chỉ được yêu cầu bổ sung một lần.",
    ),
    "feedback.supplement_received.state": QT_TRANSLATE_NOOP(
        "Messages", "Phản ánh {number} không ở trạng thái chờ bổ sung thông tin."
    ),
    "feedback.accept.state": QT_TRANSLATE_NOOP(
        "Messages", "Phản ánh {number} không ở trạng thái mới tiếp nhận."
    ),
    "feedback.answer.state": QT_TRANSLATE_NOOP(
        "Messages",
        "Không thể trả lời phản ánh {number} ở trạng thái hiện tại (đã trả lời, đã từ chối "
        "hoặc đang chờ bổ sung thông tin).",
    ),
    "feedback.letter.not_answered": QT_TRANSLATE_NOOP(
        "Messages", "Phản ánh {number} chưa được trả lời nên chưa có văn bản trả lời để in."
    ),
    "feedback.publish.not_answered": QT_TRANSLATE_NOOP(
        "Messages", "Phản ánh {number} chưa có văn bản trả lời nên chưa thể công khai."
    ),
    "feedback.publish.already": QT_TRANSLATE_NOOP(
        "Messages", "Kết quả xử lý phản ánh {number} đã được công khai."
    ),
    "feedback.outcome.not_answered": QT_TRANSLATE_NOOP(
        "Messages",
        "Phản ánh {number} chưa có văn bản trả lời nên chưa ghi nhận được ý kiến người gửi.",
    ),
    "feedback.print.failed": QT_TRANSLATE_NOOP(
        "Messages", "Không in được. Hãy kiểm tra máy in rồi thử lại, hoặc lưu thành tệp PDF."
    ),
}
