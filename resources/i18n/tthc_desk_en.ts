<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>App</name>
    <message>
        <source>Lỗi</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Areas</name>
    <message>
        <source>Tiếp nhận</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Số hóa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đánh giá hài lòng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phản ánh kiến nghị</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Niêm yết</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chỉ số 766</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Danh mục thủ tục</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lịch làm việc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Đăng nhập — TTHC Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bộ phận Một cửa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tên đăng nhập:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mật khẩu:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>TTHC Desk — {office}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Người dùng: {name} ({role})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSDL: {db}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Đã xảy ra lỗi không mong muốn. Dữ liệu đã lưu không bị mất. Chi tiết được ghi trong tệp nhật ký: {log}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Không thực hiện được thao tác (mã lỗi {code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đã hủy. Không có gì được lưu dở dang.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ổ đĩa đã đầy nên không ghi được. Hãy giải phóng dung lượng rồi thử lại; dữ liệu đã lưu trước đó vẫn còn nguyên.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Không mở được cơ sở dữ liệu {db}. Hãy kiểm tra đường dẫn hoặc kết nối.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cơ quan đã được thiết lập trước đó.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hãy nhập tên cơ quan (ví dụ: UBND xã An Sơn).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hãy nhập mã cơ quan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mã cơ quan «{value}» không đúng dạng: chỉ dùng chữ in hoa không dấu, chữ số và dấu chấm, tối đa 20 ký tự, không có dấu cách hay dấu gạch ngang (ví dụ: H23.12.05 hoặc XANSON).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hãy nhập địa chỉ của cơ quan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hãy nhập tỉnh, thành phố.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Địa chỉ thư điện tử không đúng dạng (ví dụ: motcua@anson.gov.vn).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chưa có thông tin cơ quan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hãy nhập tên đăng nhập.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tên đăng nhập dài 3–32 ký tự, chỉ gồm chữ thường không dấu, chữ số, dấu chấm và gạch dưới (ví dụ: nguyenvana).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tên đăng nhập «{username}» đã có người dùng. Hãy chọn tên khác.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hãy nhập họ và tên.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mật khẩu phải có ít nhất {minimum} ký tự.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu không khớp nhau. Hãy nhập lại.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Không tìm thấy người dùng này.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bạn không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của mình.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hãy nhập mật khẩu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra bộ gõ và phím Caps Lock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đã nhập sai mật khẩu nhiều lần liên tiếp. Hãy chờ {seconds} giây rồi thử lại.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vai trò của bạn không được phép thực hiện thao tác này.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>&lt;h2&gt;{title}&lt;/h2&gt;&lt;p&gt;Chức năng này đang được xây dựng và sẽ có trong phiên bản sau.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Cán bộ tiếp nhận</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Công chức chuyên môn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lãnh đạo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quản trị viên</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Chung</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ngôn ngữ:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tệp nhật ký:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cơ quan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tên cơ quan:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mã cơ quan:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Địa chỉ:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tỉnh, thành phố:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Điện thoại:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thư điện tử:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lưu thông tin cơ quan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Người dùng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chức vụ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thêm người dùng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sửa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chỉ quản trị viên được thay đổi người dùng.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hoạt động</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đã khóa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ngôn ngữ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ngôn ngữ mới sẽ được dùng khi mở lại ứng dụng.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>Thiết lập lần đầu — TTHC Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chào mừng! Hãy nhập thông tin cơ quan (in trên mọi phiếu, sổ) và tạo tài khoản quản trị viên.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cơ quan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ví dụ: UBND xã An Sơn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ví dụ: H23.12.05</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tên cơ quan:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mã cơ quan:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Địa chỉ:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tỉnh, thành phố:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Điện thoại:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thư điện tử:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quản trị viên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Họ và tên:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tên đăng nhập:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mật khẩu:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nhập lại mật khẩu:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lưu và tiếp tục</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>Sửa người dùng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thêm người dùng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Để trống nếu không đổi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Đang hoạt động</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tên đăng nhập:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Họ và tên:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chức vụ:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Điện thoại:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vai trò:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mật khẩu:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nhập lại mật khẩu:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>Không thực hiện được</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
