"""Messages for the 766 estimate: the period and the figures typed from the portal."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

CONTEXT = "Messages"

MESSAGES: dict[str, str] = {
    "index766.period.order": QT_TRANSLATE_NOOP(
        "Messages",
        "Ngày kết thúc kỳ phải sau hoặc trùng ngày bắt đầu. Hãy chọn lại khoảng thời gian.",
    ),
    "index766.period.future": QT_TRANSLATE_NOOP(
        "Messages", "Kỳ này chưa bắt đầu nên chưa có số liệu để ước tính. Hãy chọn kỳ khác."
    ),
    "index766.manual.unknown": QT_TRANSLATE_NOOP(
        "Messages",
        "Tiêu chí «{key}» được tính từ dữ liệu của xã, không nhập tay. Chỉ nhập các số liệu "
        "lấy từ Cổng Dịch vụ công.",
    ),
    "index766.manual.number": QT_TRANSLATE_NOOP(
        "Messages", "Số liệu «{value}» không phải là một con số. Hãy nhập tỷ lệ, ví dụ 85."
    ),
    "index766.manual.range": QT_TRANSLATE_NOOP(
        "Messages", "Tỷ lệ «{value}» không hợp lệ: tỷ lệ phải từ 0% đến 100%."
    ),
    "index766.paper_count": QT_TRANSLATE_NOOP(
        "Messages", "Số hồ sơ trên sổ giấy «{value}» không hợp lệ: phải là số không âm."
    ),
    "index766.print.failed": QT_TRANSLATE_NOOP(
        "Messages",
        "Không in được báo cáo: máy in không sẵn sàng. Hãy kiểm tra máy in rồi in lại, hoặc lưu "
        "báo cáo ra tệp PDF.",
    ),
}
