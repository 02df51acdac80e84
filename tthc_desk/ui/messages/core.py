"""Messages for set-up, sign-in, users, settings, the database and unexpected errors."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

CONTEXT = "Messages"

MESSAGES: dict[str, str] = {
    "error.unexpected": QT_TRANSLATE_NOOP(
        "Messages",
        "Đã xảy ra lỗi không mong muốn. Dữ liệu đã lưu không bị mất. "
        "Chi tiết được ghi trong tệp nhật ký: {log}",
    ),
    "error.unknown_code": QT_TRANSLATE_NOOP(
        "Messages", "Không thực hiện được thao tác (mã lỗi {code})."
    ),
    "task.cancelled": QT_TRANSLATE_NOOP("Messages", "Đã hủy. Không có gì được lưu dở dang."),
    "os.disk_full": QT_TRANSLATE_NOOP(
        "Messages",
        "Ổ đĩa đã đầy nên không ghi được. Hãy giải phóng dung lượng rồi thử lại; "
        "dữ liệu đã lưu trước đó vẫn còn nguyên.",
    ),
    "db.unavailable": QT_TRANSLATE_NOOP(
        "Messages", "Không mở được cơ sở dữ liệu {db}. Hãy kiểm tra đường dẫn hoặc kết nối."
    ),
    "db.url": QT_TRANSLATE_NOOP(
        "Messages",
        "«{db}» không phải đường dẫn tệp hay địa chỉ cơ sở dữ liệu dùng được. Hãy ghi đường dẫn "
        "tệp .sqlite3 hoặc postgresql+psycopg2://người_dùng:mật_khẩu@máy_chủ/tên.",
    ),
    "db.not_database": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp {db} không phải cơ sở dữ liệu của phần mềm. Hãy kiểm tra lại đường dẫn --db; tệp "
        "này không bị thay đổi.",
    ),
    "db.corrupt": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp cơ sở dữ liệu {db} bị hỏng hoặc bị cắt ngắn (chép dở?). Hãy khôi phục từ bản sao "
        "lưu gần nhất (lệnh restore hoặc trang Cài đặt).",
    ),
    "db.read_only": QT_TRANSLATE_NOOP(
        "Messages",
        "Không ghi được vào {db}: tệp hoặc thư mục chỉ cho đọc. Hãy chép tệp sang thư mục ghi "
        "được hoặc nhờ quản trị viên cấp quyền.",
    ),
    "db.cannot_open": QT_TRANSLATE_NOOP(
        "Messages",
        "Không mở hay tạo được tệp {db} (thư mục không có hoặc không có quyền). Hãy kiểm tra "
        "đường dẫn --db.",
    ),
    "db.unreachable": QT_TRANSLATE_NOOP(
        "Messages",
        "Không kết nối được máy chủ cơ sở dữ liệu {db}. Hãy kiểm tra tên máy chủ, mạng và máy "
        "chủ PostgreSQL có đang chạy.",
    ),
    "db.not_found": QT_TRANSLATE_NOOP(
        "Messages",
        "Máy chủ không có cơ sở dữ liệu hoặc tài khoản ghi trong {db}. Hãy kiểm tra tên trong "
        "địa chỉ --db.",
    ),
    "db.auth": QT_TRANSLATE_NOOP(
        "Messages",
        "Máy chủ cơ sở dữ liệu từ chối mật khẩu của tài khoản trong {db}. Hãy kiểm tra mật khẩu.",
    ),
    "db.denied": QT_TRANSLATE_NOOP(
        "Messages",
        "Tài khoản trong {db} không có quyền làm việc này trên máy chủ cơ sở dữ liệu. Hãy nhờ "
        "quản trị viên máy chủ.",
    ),
    "input.too_long": QT_TRANSLATE_NOOP(
        "Messages", "Nội dung quá dài ({length} ký tự); tối đa {limit} ký tự. Hãy rút gọn."
    ),
    "input.bad_character": QT_TRANSLATE_NOOP(
        "Messages",
        "Nội dung có ký tự điều khiển hoặc ký tự ẩn ({char}), thường do dán từ nơi khác. Hãy "
        "xóa rồi gõ lại.",
    ),
    "input.money": QT_TRANSLATE_NOOP(
        "Messages", "Số tiền phải là số nguyên đồng, từ 0 đến {limit} đồng."
    ),
    "input.count": QT_TRANSLATE_NOOP("Messages", "Số lượng phải là số nguyên từ {low} đến {high}."),
    "input.url": QT_TRANSLATE_NOOP(
        "Messages",
        "Địa chỉ web không đúng dạng: phải bắt đầu bằng http:// hoặc https://, có tên máy chủ, "
        "cổng (nếu có) từ 1 đến 65535 và không có dấu cách (ví dụ: http://tsa.ca.gov.vn).",
    ),
    "input.date_range": QT_TRANSLATE_NOOP(
        "Messages", "Ngày phải từ năm {first} đến ngày {last}. Hãy kiểm tra lại năm."
    ),
    "setup.already_done": QT_TRANSLATE_NOOP("Messages", "Cơ quan đã được thiết lập trước đó."),
    "office.name.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy nhập tên cơ quan (ví dụ: UBND xã An Sơn)."
    ),
    "office.code.empty": QT_TRANSLATE_NOOP("Messages", "Hãy nhập mã cơ quan."),
    "office.code.format": QT_TRANSLATE_NOOP(
        "Messages",
        "Mã cơ quan «{value}» không đúng dạng: chỉ dùng chữ in hoa không dấu, chữ số và dấu chấm, "
        "tối đa 20 ký tự, không có dấu cách hay dấu gạch ngang (ví dụ: H23.12.05 hoặc XANSON).",
    ),
    "office.identifier.empty": QT_TRANSLATE_NOOP(
        "Messages",
        "Hãy nhập mã định danh điện tử của cơ quan do tỉnh cấp (ví dụ: 000.00.25.H23). "
        "Mã này là phần đầu của mã hồ sơ, giống trên phần mềm một cửa của tỉnh và Cổng Dịch vụ "
        "công.",
    ),
    "office.identifier.format": QT_TRANSLATE_NOOP(
        "Messages",
        "Mã định danh điện tử «{value}» không đúng dạng theo QCVN 102:2016/BTTTT: bốn nhóm "
        "cách nhau bởi dấu chấm, 3 + 2 + 2 ký tự rồi mã cấp tỉnh (chữ H và 2 chữ số), "
        "ví dụ: 000.00.25.H23.",
    ),
    "office.address.empty": QT_TRANSLATE_NOOP("Messages", "Hãy nhập địa chỉ của cơ quan."),
    "office.province.empty": QT_TRANSLATE_NOOP("Messages", "Hãy nhập tỉnh, thành phố."),
    "office.email.format": QT_TRANSLATE_NOOP(
        "Messages", "Địa chỉ thư điện tử không đúng dạng (ví dụ: motcua@anson.gov.vn)."
    ),
    "office.missing": QT_TRANSLATE_NOOP("Messages", "Chưa có thông tin cơ quan."),
    "user.username.empty": QT_TRANSLATE_NOOP("Messages", "Hãy nhập tên đăng nhập."),
    "user.username.format": QT_TRANSLATE_NOOP(
        "Messages",
        "Tên đăng nhập dài 3–32 ký tự, chỉ gồm chữ thường không dấu, chữ số, dấu chấm "
        "và gạch dưới (ví dụ: nguyenvana).",
    ),
    "user.username.taken": QT_TRANSLATE_NOOP(
        "Messages", "Tên đăng nhập «{username}» đã có người dùng. Hãy chọn tên khác."
    ),
    "user.full_name.empty": QT_TRANSLATE_NOOP("Messages", "Hãy nhập họ và tên."),
    "user.password.short": QT_TRANSLATE_NOOP(
        "Messages", "Mật khẩu phải có ít nhất {minimum} ký tự."
    ),
    "user.password.mismatch": QT_TRANSLATE_NOOP(
        "Messages", "Hai lần nhập mật khẩu không khớp nhau. Hãy nhập lại."
    ),
    "user.missing": QT_TRANSLATE_NOOP("Messages", "Không tìm thấy người dùng này."),
    "user.role.unknown": QT_TRANSLATE_NOOP("Messages", "Vai trò «{role}» không có trong ứng dụng."),
    "user.self_demote": QT_TRANSLATE_NOOP(
        "Messages", "Bạn không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của mình."
    ),
    "auth.username.empty": QT_TRANSLATE_NOOP("Messages", "Hãy nhập tên đăng nhập."),
    "auth.password.empty": QT_TRANSLATE_NOOP("Messages", "Hãy nhập mật khẩu."),
    "auth.wrong": QT_TRANSLATE_NOOP(
        "Messages", "Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra bộ gõ và phím Caps Lock."
    ),
    "auth.locked": QT_TRANSLATE_NOOP(
        "Messages",
        "Đã nhập sai mật khẩu nhiều lần liên tiếp. Hãy chờ {seconds} giây rồi thử lại.",
    ),
    "auth.inactive": QT_TRANSLATE_NOOP(
        "Messages", "Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên."
    ),
    "backup.not_sqlite": QT_TRANSLATE_NOOP(
        "Messages",
        "Cơ sở dữ liệu dùng chung trên máy chủ PostgreSQL: hãy sao lưu bằng công cụ của máy chủ "
        "(pg_dump).",
    ),
    "backup.exists": QT_TRANSLATE_NOOP(
        "Messages", "Đã có tệp {path}. Hãy chọn thư mục hoặc tên tệp khác để không ghi đè."
    ),
    "backup.corrupt": QT_TRANSLATE_NOOP(
        "Messages",
        "Bản sao lưu không qua được bước kiểm tra ({detail}). Tệp dữ liệu gốc không bị thay đổi; "
        "hãy thử lại và báo cho quản trị viên.",
    ),
    "backup.invalid": QT_TRANSLATE_NOOP(
        "Messages",
        "Thư mục {path} không phải bản sao lưu đầy đủ, hoặc đã bị sửa hay thiếu tệp "
        "(kiểm tra: {reason}). Không dùng bản này để khôi phục; hãy chọn bản sao lưu khác.",
    ),
    "backup.denied": QT_TRANSLATE_NOOP(
        "Messages",
        "Không có quyền ghi vào {path} (thư mục chỉ đọc hoặc của người dùng khác). Hãy chọn thư "
        "mục khác.",
    ),
    "backup.failed": QT_TRANSLATE_NOOP(
        "Messages",
        "Không sao lưu hoặc khôi phục được ({detail}) tại {path}. Dữ liệu đang dùng không bị "
        "thay đổi; hãy thử lại và báo cho quản trị viên.",
    ),
    "cli.user_required": QT_TRANSLATE_NOOP(
        "Messages",
        "Lệnh này thay đổi dữ liệu hoặc đọc dữ liệu cá nhân: hãy ghi --user TÊN_ĐĂNG_NHẬP (mật "
        "khẩu sẽ được hỏi).",
    ),
    "cli.password_required": QT_TRANSLATE_NOOP(
        "Messages",
        "Không hỏi được mật khẩu (không chạy trong cửa sổ lệnh): hãy đặt mật khẩu vào biến môi "
        "trường {env}.",
    ),
    "backup.folder_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "Không có thư mục {path} (ổ USB chưa cắm hay ổ mạng chưa nối?). Hãy chọn thư mục có sẵn.",
    ),
    "restore.busy": QT_TRANSLATE_NOOP(
        "Messages",
        "Cơ sở dữ liệu {path} đang được máy khác ghi. Hãy đóng phần mềm trên mọi máy rồi khôi "
        "phục lại.",
    ),
    "print.failed": QT_TRANSLATE_NOOP(
        "Messages", "Không in được. Hãy kiểm tra máy in rồi thử lại, hoặc lưu ra tệp PDF để in."
    ),
    "demo.not_empty": QT_TRANSLATE_NOOP(
        "Messages",
        "Cơ sở dữ liệu này đã có hồ sơ nên không tạo dữ liệu mẫu. Hãy chọn một tệp mới bằng --db.",
    ),
    "auth.forbidden": QT_TRANSLATE_NOOP(
        "Messages", "Vai trò của bạn không được phép thực hiện thao tác này."
    ),
    "warning.percent.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy nhập tỉ lệ phần trăm thời gian còn lại để cảnh báo (mặc định là 25)."
    ),
    "warning.hours.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy nhập số giờ làm việc còn lại để cảnh báo (mặc định là 4)."
    ),
    "warning.percent.format": QT_TRANSLATE_NOOP(
        "Messages",
        "«{value}» không phải là một số. Hãy nhập tỉ lệ phần trăm thời gian còn lại để cảnh báo "
        "(ví dụ: 25 hoặc 12,5).",
    ),
    "warning.fraction.range": QT_TRANSLATE_NOOP(
        "Messages",
        "Tỉ lệ thời gian còn lại để cảnh báo phải lớn hơn 0% và nhỏ hơn 100% (mặc định là 25%).",
    ),
    "warning.hours.format": QT_TRANSLATE_NOOP(
        "Messages",
        "«{value}» không phải là một số. Hãy nhập số giờ làm việc còn lại để cảnh báo "
        "(ví dụ: 4 hoặc 2,5).",
    ),
    "warning.hours.range": QT_TRANSLATE_NOOP(
        "Messages",
        "Số giờ làm việc còn lại để cảnh báo phải từ 0 đến 40 giờ (mặc định là 4 giờ).",
    ),
    "settings.key": QT_TRANSLATE_NOOP(
        "Messages",
        "Tên mục cài đặt không hợp lệ: chỉ gồm chữ thường không dấu, chữ số, dấu chấm và gạch "
        "dưới, tối đa 64 ký tự (ví dụ: scan.folder).",
    ),
    "settings.value": QT_TRANSLATE_NOOP(
        "Messages",
        "Giá trị của mục cài đặt «{key}» không hợp lệ (sai kiểu, số quá lớn hoặc quá nhiều "
        "mục). Không có gì được lưu.",
    ),
    "settings.supplement_rule": QT_TRANSLATE_NOOP(
        "Messages",
        "Hãy chọn cách tính hạn trên phiếu hẹn mới sau khi nhận hồ sơ đã bổ sung.",
    ),
    "retention.years": QT_TRANSLATE_NOOP(
        "Messages",
        "Thời hạn giữ dữ liệu cá nhân phải từ {low} đến {high} năm.",
    ),
}
