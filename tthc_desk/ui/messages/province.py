"""Messages for the province's dossier list, the paper books and the reconciliation."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

CONTEXT = "Messages"

MESSAGES: dict[str, str] = {
    "province.file.missing": QT_TRANSLATE_NOOP("Messages", "Không tìm thấy tệp {path}."),
    "province.file.size": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp {name} lớn quá {limit} MB. Hãy xuất danh sách của tỉnh theo từng khoảng thời gian.",
    ),
    "province.file.type": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp {name} không phải bảng tính .xlsx hay .csv (tệp .xls kiểu cũ: hãy mở bằng Excel "
        "và lưu thành .xlsx). Hãy xuất lại từ hệ thống của tỉnh.",
    ),
    "province.file.binary": QT_TRANSLATE_NOOP(
        "Messages", "Tệp không phải bảng CSV (có ký tự nhị phân). Hãy chọn tệp .csv hoặc .xlsx."
    ),
    "province.file.unreadable": QT_TRANSLATE_NOOP(
        "Messages", "Không đọc được tệp {name}: tệp hỏng hoặc không phải bảng tính."
    ),
    "province.file.rows": QT_TRANSLATE_NOOP(
        "Messages", "Tệp có quá {limit} dòng. Hãy xuất theo từng khoảng thời gian ngắn hơn."
    ),
    "province.file.empty": QT_TRANSLATE_NOOP("Messages", "Tệp {name} không có dòng hồ sơ nào."),
    "province.header.missing": QT_TRANSLATE_NOOP(
        "Messages",
        "Không nhận ra dòng tiêu đề trong tệp {name}: cần ít nhất cột mã hồ sơ và ngày tiếp "
        "nhận (hoặc ngày nộp). Hãy chọn cột cho từng mục rồi lưu cách đọc này.",
    ),
    "province.mapping.required": QT_TRANSLATE_NOOP("Messages", "Hãy chọn cột cho mã hồ sơ."),
    "province.time.range": QT_TRANSLATE_NOOP(
        "Messages",
        "Thời điểm {value} nằm ngoài khoảng năm {first}–{last}: ô ghi nhầm năm. Hãy kiểm tra "
        "lại tệp xuất.",
    ),
    "province.row.csv": QT_TRANSLATE_NOOP(
        "Messages",
        "Dòng {row} của tệp CSV bị hỏng (dấu ngoặc kép không đóng hoặc ô quá dài) nên không đọc "
        "được. Hãy xuất lại tệp hoặc sửa dòng đó; các dòng khác vẫn được xem xét.",
    ),
    "province.cell.decode": QT_TRANSLATE_NOOP(
        "Messages",
        "Ô có ký tự không đọc được (tệp không lưu dạng Unicode). Hãy xuất lại tệp dạng Excel "
        "hoặc CSV UTF-8.",
    ),
    "province.cell.too_long": QT_TRANSLATE_NOOP(
        "Messages", "Ô quá dài (quá {limit} ký tự): kiểm tra lại tệp xuất."
    ),
    "province.code.empty": QT_TRANSLATE_NOOP("Messages", "Dòng không có mã hồ sơ."),
    "province.code.format": QT_TRANSLATE_NOOP(
        "Messages", "Mã hồ sơ «{value}» không đúng dạng (chỉ chữ không dấu, chữ số, . - _ /)."
    ),
    "province.code.twice": QT_TRANSLATE_NOOP(
        "Messages", "Mã hồ sơ này đã có ở dòng {row} của tệp; dòng này bị bỏ qua."
    ),
    "province.time.format": QT_TRANSLATE_NOOP(
        "Messages", "Thời gian «{value}» không đúng hoặc không có thật (dạng 31/03/2026 08:30)."
    ),
    "province.time.missing": QT_TRANSLATE_NOOP(
        "Messages", "Dòng không có ngày tiếp nhận hay ngày nộp."
    ),
    "province.time.order": QT_TRANSLATE_NOOP("Messages", "Ngày hoàn thành sớm hơn ngày tiếp nhận."),
    "province.status.unknown": QT_TRANSLATE_NOOP(
        "Messages", "Không hiểu trạng thái «{value}» (ví dụ: Đang xử lý, Đã trả kết quả)."
    ),
    "province.channel.unknown": QT_TRANSLATE_NOOP(
        "Messages", "Không hiểu hình thức nộp «{value}» (Trực tiếp, Trực tuyến, Bưu chính)."
    ),
    "province.formula": QT_TRANSLATE_NOOP(
        "Messages",
        "Ô chứa công thức bảng tính; phần mềm không tính công thức. Hãy xuất lại dạng giá trị.",
    ),
    "province.procedure.unknown": QT_TRANSLATE_NOOP(
        "Messages",
        "Thủ tục mã {procedure} chưa có trong danh mục của xã nên chưa đưa hồ sơ trực tuyến "
        "này vào hàng chờ. Hãy thêm thủ tục vào danh mục rồi nhập lại.",
    ),
    "province.record.missing": QT_TRANSLATE_NOOP(
        "Messages", "Không còn dòng này trong danh sách của tỉnh."
    ),
    "province.match.taken": QT_TRANSLATE_NOOP(
        "Messages", "Hồ sơ này đã được ghép với mã {dossier} của tỉnh."
    ),
    "book.name.empty": QT_TRANSLATE_NOOP("Messages", "Hãy nhập tên sổ."),
    "book.name.taken": QT_TRANSLATE_NOOP("Messages", "Đã có sổ «{name}»."),
    "book.kind": QT_TRANSLATE_NOOP("Messages", "Hãy chọn loại sổ."),
    "book.procedure.taken": QT_TRANSLATE_NOOP(
        "Messages", "Thủ tục {procedure} đã được ghi vào sổ «{book}»; mỗi thủ tục vào một sổ."
    ),
    "book.missing": QT_TRANSLATE_NOOP("Messages", "Không còn sổ này."),
    "book.none": QT_TRANSLATE_NOOP(
        "Messages", "Thủ tục {procedure} chưa được gắn với sổ theo dõi giấy nào."
    ),
    "book.line": QT_TRANSLATE_NOOP("Messages", "Số dòng trong sổ phải là số nguyên dương."),
    "book.line.taken": QT_TRANSLATE_NOOP(
        "Messages", "Dòng {line} của sổ đã ghi hồ sơ {dossier}. Hãy chọn dòng khác."
    ),
    "province.period.order": QT_TRANSLATE_NOOP("Messages", "Ngày kết thúc phải sau ngày bắt đầu."),
}
