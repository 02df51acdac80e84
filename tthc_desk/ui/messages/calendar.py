"""Messages for the working calendar, its admin screen, processing times and deadline clocks."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

CONTEXT = "Messages"

MESSAGES: dict[str, str] = {
    # ------------------------------------------------------------ the engine (domain/calendar.py)
    "calendar.period.whole_minutes": QT_TRANSLATE_NOOP(
        "Messages", "Giờ làm việc chỉ tính đến phút (ví dụ 07:30), không có giây: {time}."
    ),
    "calendar.periods.empty": QT_TRANSLATE_NOOP(
        "Messages",
        "Hãy nhập ít nhất một khoảng giờ làm việc, ví dụ: 07:30-11:30, 13:30-17:30.",
    ),
    "calendar.period.end_before_start": QT_TRANSLATE_NOOP(
        "Messages",
        "Khoảng giờ làm việc {start:.5}–{end:.5} không hợp lệ: giờ kết thúc phải sau giờ bắt đầu.",
    ),
    "calendar.periods.overlap": QT_TRANSLATE_NOOP(
        "Messages",
        "Các khoảng giờ làm việc chồng lên nhau (khoảng bắt đầu lúc {start:.5}). Hãy nhập các "
        "khoảng tách rời, theo thứ tự trong ngày.",
    ),
    "calendar.day.off_and_working": QT_TRANSLATE_NOOP(
        "Messages", "Ngày {day} không thể vừa là ngày nghỉ vừa là ngày làm bù."
    ),
    "calendar.season.bad_start": QT_TRANSLATE_NOOP(
        "Messages", "Ngày bắt đầu mùa {day}/{month} không có trong năm. Hãy chọn ngày khác."
    ),
    "calendar.season.duplicate_start": QT_TRANSLATE_NOOP(
        "Messages",
        "Có hai mùa cùng bắt đầu từ ngày {day}/{month}. Mỗi mùa phải có ngày bắt đầu riêng.",
    ),
    "calendar.seasons.unequal_hours": QT_TRANSLATE_NOOP(
        "Messages",
        "Số giờ làm việc một ngày phải bằng nhau ở mọi mùa, vì thời hạn «một ngày làm việc» được "
        "tính bằng số giờ đó. Hãy chỉnh giờ của mùa hè hoặc mùa đông cho bằng nhau "
        "(ví dụ: cùng 8 giờ).",
    ),
    "calendar.no_working_time": QT_TRANSLATE_NOOP(
        "Messages",
        "Lịch làm việc không còn ngày làm việc nào để tính hạn. Hãy kiểm tra các ngày nghỉ đã "
        "khai báo.",
    ),
    # ------------------------------------------------------------ domain/deadlines.py
    "processing_time.unit": QT_TRANSLATE_NOOP(
        "Messages",
        "Đơn vị thời hạn giải quyết «{unit}» không hợp lệ: chỉ dùng ngày làm việc, giờ làm việc "
        "hoặc trong ngày.",
    ),
    "processing_time.negative": QT_TRANSLATE_NOOP(
        "Messages", "Thời hạn giải quyết không được là số âm ({amount})."
    ),
    "clock.already_paused": QT_TRANSLATE_NOOP(
        "Messages", "Hồ sơ đã đang tạm dừng; không tạm dừng thêm lần nữa được."
    ),
    "clock.not_paused": QT_TRANSLATE_NOOP(
        "Messages", "Hồ sơ không ở trạng thái tạm dừng nên không thể tiếp tục."
    ),
    # ------------------------------------------------------------ the admin screen (services)
    "calendar.reason.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy nhập lý do (ví dụ: theo Thông báo số … của UBND tỉnh)."
    ),
    "calendar.reason.long": QT_TRANSLATE_NOOP(
        "Messages", "Lý do dài quá {maximum} ký tự. Hãy viết ngắn gọn hơn."
    ),
    "calendar.day.exists": QT_TRANSLATE_NOOP(
        "Messages",
        "Ngày {day:%d/%m/%Y} đã được khai báo trong lịch của cơ quan. Hãy bỏ khai báo cũ trước "
        "khi khai báo lại.",
    ),
    "calendar.day.already_off": QT_TRANSLATE_NOOP(
        "Messages",
        "Ngày {day:%d/%m/%Y} vốn đã là ngày nghỉ (cuối tuần hoặc ngày lễ), không cần khai báo "
        "ngày nghỉ.",
    ),
    "calendar.day.already_working": QT_TRANSLATE_NOOP(
        "Messages",
        "Ngày {day:%d/%m/%Y} vốn đã là ngày làm việc, không cần khai báo ngày làm bù.",
    ),
    "calendar.day.missing": QT_TRANSLATE_NOOP(
        "Messages",
        "Ngày {day:%d/%m/%Y} không có trong các ngày cơ quan đã khai báo. Ngày lễ theo quy định "
        "không bỏ được; muốn làm việc vào ngày đó, hãy khai báo ngày làm bù.",
    ),
    "calendar.seasons.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy nhập ít nhất một lịch giờ làm việc."
    ),
    "calendar.periods.format": QT_TRANSLATE_NOOP(
        "Messages",
        "Không hiểu khoảng giờ «{value}». Hãy nhập theo dạng giờ:phút-giờ:phút, các khoảng cách "
        "nhau bằng dấu phẩy, ví dụ: 07:30-11:30, 13:30-17:30.",
    ),
    # ------------------------------------------------------------ confirming a year, importing
    "calendar.year.already_confirmed": QT_TRANSLATE_NOOP(
        "Messages", "Lịch làm việc năm {year} đã được xác nhận rồi."
    ),
    "calendar.import.document_empty": QT_TRANSLATE_NOOP(
        "Messages",
        "Hãy ghi văn bản công bố lịch nghỉ (ví dụ: Thông báo số 15/TB-UBND ngày 10/02/2026 "
        "của UBND tỉnh).",
    ),
    "calendar.import.nothing": QT_TRANSLATE_NOOP(
        "Messages", "Tệp không có ngày nào cần khai báo thêm vào lịch làm việc."
    ),
    "calendar.import.duplicate": QT_TRANSLATE_NOOP(
        "Messages", "Ngày {day:%d/%m/%Y} có hai lần trong danh sách nhập."
    ),
    "calendar.import.bad_file": QT_TRANSLATE_NOOP(
        "Messages",
        "Không đọc được tệp lịch. Hãy chọn tệp iCalendar (.ics) hoặc Excel (.xlsx) còn nguyên.",
    ),
    "calendar.import.file_type": QT_TRANSLATE_NOOP(
        "Messages",
        "Không nhập được tệp «{suffix}». Hãy chọn tệp iCalendar (.ics) hoặc Excel (.xlsx).",
    ),
    "calendar.import.no_date_column": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp Excel không có cột «Ngày». Dòng tiêu đề cần có cột Ngày, và nếu có thì cột Loại "
        "(Nghỉ / Làm bù) và cột Lý do.",
    ),
}
