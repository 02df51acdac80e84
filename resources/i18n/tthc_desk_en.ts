<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>ActionDialog</name>
    <message>
        <source>Rất hài lòng</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>Hài lòng</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>Không hài lòng</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>— chọn mức độ hài lòng —</source>
        <translation>— choose the level of satisfaction —</translation>
    </message>
    <message>
        <source>Bước tiếp theo:</source>
        <translation>Next step:</translation>
    </message>
    <message>
        <source>Người nhận:</source>
        <translation>Recipient:</translation>
    </message>
    <message>
        <source>Ghi chú:</source>
        <translation>Notes:</translation>
    </message>
    <message>
        <source>Giấy tờ cần bổ sung:</source>
        <translation>Documents to supplement:</translation>
    </message>
    <message>
        <source>Lý do:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>Điện thoại liên hệ:</source>
        <translation>Contact phone:</translation>
    </message>
    <message>
        <source>Ngày hẹn trả mới:</source>
        <translation>New return date:</translation>
    </message>
    <message>
        <source>Lý do chậm:</source>
        <translation>Reason for delay:</translation>
    </message>
    <message>
        <source>Căn cứ pháp lý:</source>
        <translation>Legal basis:</translation>
    </message>
    <message>
        <source>Người nộp có thể:</source>
        <translation>The applicant may:</translation>
    </message>
    <message>
        <source>Người nhận kết quả:</source>
        <translation>Result collected by:</translation>
    </message>
    <message>
        <source>Mức độ hài lòng:</source>
        <translation>Satisfaction level:</translation>
    </message>
    <message>
        <source>Ý kiến:</source>
        <translation>Comments:</translation>
    </message>
    <message>
        <source>Giấy tờ đã nhận bổ sung:</source>
        <translation>Documents received as a supplement:</translation>
    </message>
    <message>
        <source>cán bộ tiếp nhận</source>
        <translation>counter clerk</translation>
    </message>
    <message>
        <source>công chức chuyên môn</source>
        <translation>specialist officer</translation>
    </message>
    <message>
        <source>lãnh đạo</source>
        <translation>leader</translation>
    </message>
    <message>
        <source>quản trị viên</source>
        <translation>administrator</translation>
    </message>
    <message>
        <source>{step} ({role})</source>
        <translation>{step} ({role})</translation>
    </message>
    <message>
        <source>chưa vào sổ</source>
        <translation>not entered</translation>
    </message>
    <message>
        <source>Dòng trong {book}, quyển {volume}, năm {year}:</source>
        <translation>Line in {book}, volume {volume}, year {year}:</translation>
    </message>
</context>
<context>
    <name>AnswerDialog</name>
    <message>
        <source>Trả lời phản ánh {n}</source>
        <translation>Reply to feedback {n}</translation>
    </message>
    <message>
        <source>Nội dung văn bản trả lời gửi người phản ánh</source>
        <translation>Text of the written reply sent to the submitter</translation>
    </message>
    <message>
        <source>Để trống: công khai nguyên nội dung phản ánh</source>
        <translation>Leave empty to publish the full feedback text</translation>
    </message>
    <message>
        <source>&amp;Nội dung trả lời:</source>
        <translation>&amp;Reply text:</translation>
    </message>
    <message>
        <source>&amp;Tóm tắt nội dung phản ánh để công khai:</source>
        <translation>S&amp;ummary of the feedback for publication:</translation>
    </message>
    <message>
        <source>&amp;Lưu trả lời (Ctrl+Enter)</source>
        <translation>&amp;Save reply (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Nội dung phản ánh:</source>
        <translation>Feedback:</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Lỗi</source>
        <extracomment>Modules the main window needs on its first screen, imported on the UI thread (one per turn of the event loop) once the database is open, while the user is still typing.</extracomment>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>ApplicantFinder</name>
    <message>
        <source>không có số định danh</source>
        <translation>no personal ID</translation>
    </message>
</context>
<context>
    <name>Areas</name>
    <message>
        <source>Tiếp nhận</source>
        <translation>Intake</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Số hóa</source>
        <translation>Digitisation</translation>
    </message>
    <message>
        <source>Đánh giá hài lòng</source>
        <translation>Satisfaction ratings</translation>
    </message>
    <message>
        <source>Phản ánh kiến nghị</source>
        <translation>Citizen feedback</translation>
    </message>
    <message>
        <source>Niêm yết</source>
        <translation>Public notices</translation>
    </message>
    <message>
        <source>Chỉ số 766</source>
        <translation>766 index</translation>
    </message>
    <message>
        <source>Đối chiếu</source>
        <translation>Reconciliation</translation>
    </message>
    <message>
        <source>Danh mục thủ tục</source>
        <translation>Procedure catalogue</translation>
    </message>
    <message>
        <source>Lịch làm việc</source>
        <translation>Working calendar</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>BackupPanel</name>
    <message>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Sao lưu và khôi phục</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <source>ví dụ: E:\SaoLuu (ổ USB) hoặc \\may-chu\saoluu</source>
        <translation>e.g. E:\Backups (a USB disk) or \\server\backups</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Sao lưu ngay</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>Khôi phục…</source>
        <translation>Restore…</translation>
    </message>
    <message>
        <source>Thư mục sao lưu tự động:</source>
        <translation>Automatic backup folder:</translation>
    </message>
    <message>
        <source>Thư mục sao lưu</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <source>Giữ số bản mới nhất:</source>
        <translation>Keep the newest:</translation>
    </message>
    <message>
        <source>Chưa chọn thư mục: phần mềm chưa tự sao lưu (hằng ngày và khi đóng).</source>
        <translation>No folder chosen: the application does not back up by itself yet (daily and on closing).</translation>
    </message>
    <message>
        <source>Bản sao lưu mới nhất: {when}.</source>
        <translation>Newest backup: {when}.</translation>
    </message>
    <message>
        <source>Chưa có bản sao lưu nào trong thư mục này.</source>
        <translation>No backup in this folder yet.</translation>
    </message>
    <message>
        <source>Hãy chọn thư mục sao lưu trước.</source>
        <translation>Choose the backup folder first.</translation>
    </message>
    <message>
        <source>Đang sao lưu…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>Đã sao lưu vào {folder} và kiểm tra xong ({files} tệp).</source>
        <translation>Backed up to {folder} and checked ({files} files).</translation>
    </message>
</context>
<context>
    <name>Board</name>
    <message>
        <source>Chờ tiếp nhận (trực tuyến)</source>
        <translation>Awaiting intake (online)</translation>
    </message>
    <message>
        <source>Đã tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Đang giải quyết</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Tạm dừng</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Chờ bổ sung</source>
        <translation>Awaiting supplement</translation>
    </message>
    <message>
        <source>Có kết quả</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <source>Đã trả kết quả</source>
        <translation>Result returned</translation>
    </message>
    <message>
        <source>Từ chối</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Dừng giải quyết</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>Đã rút</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>Trước hạn</source>
        <translation>Early</translation>
    </message>
    <message>
        <source>Đúng hạn</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>Trực tiếp</source>
        <translation>In person</translation>
    </message>
    <message>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Bưu chính</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>chờ công dân bổ sung</source>
        <translation>waiting for the applicant&apos;s documents</translation>
    </message>
    <message>
        <source> (chờ bổ sung)</source>
        <translation> (awaiting documents)</translation>
    </message>
    <message>
        <source> (tạm dừng)</source>
        <translation> (paused)</translation>
    </message>
    <message>
        <source>Hẹn {due}
Cổng {portal}</source>
        <translation>Due {due}
Portal {portal}</translation>
    </message>
    <message>
        <source>cơ quan tính lại đủ thời hạn từ khi nhận hồ sơ đã bổ sung; Cổng chỉ trừ thời gian hồ sơ nằm ở người dân trong một lần bổ sung</source>
        <translation>the office counts the full time afresh from the completed dossier; the portal only subtracts the time the dossier spent with the applicant during one supplement request</translation>
    </message>
    <message>
        <source>văn bản xin lỗi đã hẹn ngày mới; Cổng giữ ngày hẹn ban đầu</source>
        <translation>an apology letter set a new date; the portal keeps the first appointment</translation>
    </message>
    <message>
        <source>hồ sơ phải bổ sung hơn một lần: Cổng tính là quá hạn</source>
        <translation>more than one supplement request: the portal counts it late</translation>
    </message>
    <message>
        <source>Hẹn trả (giấy hẹn của công dân): {due}
Cổng Dịch vụ công tính hạn: {portal}
Lý do khác nhau: {why}
Cột &quot;Thời gian còn lại&quot; và cảnh báo tính theo hạn của Cổng (chỉ số 766).</source>
        <translation>Due (the citizen&apos;s appointment): {due}
Public service portal&apos;s deadline: {portal}
Why they differ: {why}
The &quot;Time left&quot; column and the warnings follow the portal&apos;s deadline (766 index).</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Cán bộ xử lý</source>
        <translation>Handling officer</translation>
    </message>
    <message>
        <source>Hạn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Thời gian còn lại</source>
        <translation>Time left</translation>
    </message>
    <message>
        <source>Bước hiện tại</source>
        <translation>Current step</translation>
    </message>
    <message>
        <source>Còn lại của bước</source>
        <translation>Step time left</translation>
    </message>
</context>
<context>
    <name>BooksDialog</name>
    <message>
        <source>Sổ tiếp nhận (theo dõi hồ sơ)</source>
        <translation>Reception book (dossier register)</translation>
    </message>
    <message>
        <source>Sổ đăng ký khai sinh</source>
        <translation>Birth register</translation>
    </message>
    <message>
        <source>Sổ đăng ký kết hôn</source>
        <translation>Marriage register</translation>
    </message>
    <message>
        <source>Sổ đăng ký khai tử</source>
        <translation>Death register</translation>
    </message>
    <message>
        <source>Sổ chứng thực</source>
        <translation>Certification book</translation>
    </message>
    <message>
        <source>Sổ khác</source>
        <translation>Other book</translation>
    </message>
    <message>
        <source>Sổ theo dõi giấy của cơ quan</source>
        <translation>The office&apos;s paper books</translation>
    </message>
    <message>
        <source>Sổ</source>
        <translation>Book</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Quyển số</source>
        <translation>Volume</translation>
    </message>
    <message>
        <source>Số thủ tục</source>
        <translation>Procedures</translation>
    </message>
    <message>
        <source>Tên sổ:</source>
        <translation>Book name:</translation>
    </message>
    <message>
        <source>Loại sổ:</source>
        <translation>Kind of book:</translation>
    </message>
    <message>
        <source>Quyển số:</source>
        <translation>Volume:</translation>
    </message>
    <message>
        <source>Thủ tục ghi vào sổ:</source>
        <translation>Procedures written in it:</translation>
    </message>
    <message>
        <source>In sổ (PDF)…</source>
        <translation>Print the book (PDF)…</translation>
    </message>
    <message>
        <source>Sổ mới</source>
        <translation>New book</translation>
    </message>
    <message>
        <source>Lưu sổ</source>
        <translation>Save book</translation>
    </message>
    <message>
        <source>Năm:</source>
        <translation>Year:</translation>
    </message>
    <message>
        <source>Chỉ quản trị viên được khai báo sổ.</source>
        <translation>Only the administrator declares books.</translation>
    </message>
    <message>
        <source>Đã lưu {name}: {count} dòng.</source>
        <translation>Saved {name}: {count} lines.</translation>
    </message>
</context>
<context>
    <name>CalendarBanner</name>
    <message>
        <source>Lịch làm việc năm {years} chưa được xác nhận.</source>
        <translation>The working calendar of {years} has not been confirmed.</translation>
    </message>
    <message>
        <source>Dữ liệu kèm theo chưa có đủ quyết định nghỉ lễ của Chính phủ cho năm {years}.</source>
        <translation>The bundled data do not yet hold all the Government&apos;s holiday decisions for {years}.</translation>
    </message>
    <message>
        <source>Hãy đối chiếu với thông báo nghỉ lễ của Chính phủ và của UBND tỉnh trên trang Lịch làm việc, rồi bấm «Xác nhận lịch năm».</source>
        <translation>Check it against the holiday notices of the Government and of the provincial People&apos;s Committee on the Working calendar page, then press &quot;Confirm the year&apos;s calendar&quot;.</translation>
    </message>
    <message>
        <source>Hạn giải quyết có thể sai một ngày; hãy báo quản trị viên kiểm tra.</source>
        <translation>Due dates may be a day off; ask the administrator to check it.</translation>
    </message>
</context>
<context>
    <name>CalendarDialogs</name>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Bước sau sẽ cho xem các hồ sơ đang giải quyết có hạn bị thay đổi trước khi lưu.</source>
        <translation>The next step shows the open dossiers whose due dates change, before saving.</translation>
    </message>
</context>
<context>
    <name>CalendarPage</name>
    <message>
        <source>Lịch làm việc năm</source>
        <translation>Working calendar for</translation>
    </message>
    <message>
        <source>Năm trước</source>
        <translation>Previous year</translation>
    </message>
    <message>
        <source>Năm sau</source>
        <translation>Next year</translation>
    </message>
    <message>
        <source>Hôm nay</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Xác nhận lịch năm…</source>
        <translation>Confirm the year&apos;s calendar…</translation>
    </message>
    <message>
        <source>Nhập lịch của tỉnh (.ics, .xlsx)…</source>
        <translation>Import the province&apos;s calendar (.ics, .xlsx)…</translation>
    </message>
    <message>
        <source>Ngày làm việc</source>
        <translation>Working day</translation>
    </message>
    <message>
        <source>Nghỉ cuối tuần</source>
        <translation>Weekend</translation>
    </message>
    <message>
        <source>Nghỉ lễ, Tết</source>
        <translation>Public holiday</translation>
    </message>
    <message>
        <source>Làm việc theo lịch hoán đổi</source>
        <translation>Swapped working day</translation>
    </message>
    <message>
        <source>Ngày nghỉ của cơ quan</source>
        <translation>Office day off</translation>
    </message>
    <message>
        <source>Ngày làm bù</source>
        <translation>Make-up working day</translation>
    </message>
    <message>
        <source>Chờ căn cứ pháp lý (vẫn làm việc)</source>
        <translation>Legal basis pending (still a working day)</translation>
    </message>
    <message>
        <source>Ngày đang chọn</source>
        <translation>Selected day</translation>
    </message>
    <message>
        <source>Khai báo ngày nghỉ…</source>
        <translation>Declare day off…</translation>
    </message>
    <message>
        <source>Khai báo ngày làm bù…</source>
        <translation>Declare make-up working day…</translation>
    </message>
    <message>
        <source>Bỏ khai báo…</source>
        <translation>Remove declaration…</translation>
    </message>
    <message>
        <source>Giờ làm việc</source>
        <translation>Working hours</translation>
    </message>
    <message>
        <source>Sửa giờ làm việc, lịch theo mùa…</source>
        <translation>Edit working hours, seasonal schedule…</translation>
    </message>
    <message>
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Đã xác nhận lịch làm việc năm {year}.</source>
        <translation>The working calendar of {year} is confirmed.</translation>
    </message>
    <message>
        <source>Chọn tệp lịch nghỉ của tỉnh</source>
        <translation>Choose the province&apos;s holiday calendar file</translation>
    </message>
    <message>
        <source>Lịch (*.ics *.xlsx)</source>
        <translation>Calendars (*.ics *.xlsx)</translation>
    </message>
    <message>
        <source>Chỉ quản trị viên được thay đổi lịch làm việc; bạn có thể xem.</source>
        <translation>Only administrators can change the working calendar; you can view it.</translation>
    </message>
    <message>
        <source>Cả năm</source>
        <translation>Whole year</translation>
    </message>
    <message>
        <source>{name} (từ {day:02d}/{month:02d})</source>
        <translation>{name} (from {day:02d}/{month:02d})</translation>
    </message>
    <message>
        <source>Một ngày làm việc: {hours} giờ</source>
        <translation>One working day: {hours} hours</translation>
    </message>
    <message>
        <source>Nghỉ</source>
        <translation>Day off</translation>
    </message>
    <message>
        <source>Làm bù</source>
        <translation>Make-up</translation>
    </message>
    <message>
        <source>Nguồn</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Tên ngày, lý do</source>
        <translation>Name of the day, reason</translation>
    </message>
    <message>
        <source>Văn bản</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Lịch năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Ngày nghỉ, làm bù và nguồn</source>
        <translation>Days off, make-up days and sources</translation>
    </message>
    <message>
        <source>Năm {year}: đã xác nhận ngày {date} ({name}).</source>
        <translation>{year}: confirmed on {date} ({name}).</translation>
    </message>
    <message>
        <source>Năm {year}: chưa xác nhận.</source>
        <translation>{year}: not confirmed.</translation>
    </message>
    <message>
        <source>Chưa có quyết định nghỉ lễ nào của Chính phủ trong dữ liệu.</source>
        <translation>The data hold no Government holiday decision yet.</translation>
    </message>
    <message>
        <source>Mới có một phần quyết định nghỉ lễ của Chính phủ.</source>
        <translation>Only part of the Government&apos;s holiday decisions is in.</translation>
    </message>
    <message>
        <source>Xác nhận lịch năm {year}…</source>
        <translation>Confirm the calendar of {year}…</translation>
    </message>
    <message>
        <source>Ngày nghỉ, làm bù năm {year} và nguồn ({count})</source>
        <translation>Days off and make-up days of {year} with sources ({count})</translation>
    </message>
    <message>
        <source>Nghỉ lễ</source>
        <translation>Holiday</translation>
    </message>
    <message>
        <source>Chờ</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>Chọn một ngày trên lịch để xem chi tiết.</source>
        <translation>Select a day on the calendar to see details.</translation>
    </message>
    <message>
        <source>Đã lưu thay đổi lịch làm việc và tính lại hạn của {count} hồ sơ.</source>
        <translation>Working calendar changes saved; due dates of {count} dossiers recalculated.</translation>
    </message>
    <message>
        <source>Đã lưu thay đổi lịch làm việc. Không hạn nào đã in bị tính lại.</source>
        <translation>Working calendar changes saved. No printed due date was recalculated.</translation>
    </message>
</context>
<context>
    <name>CalendarTexts</name>
    <message>
        <source>Thứ Hai</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>Thứ Ba</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>Thứ Tư</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>Thứ Năm</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>Thứ Sáu</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>Thứ Bảy</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>Chủ nhật</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>{weekday}, {date}</source>
        <translation>{weekday}, {date}</translation>
    </message>
    <message>
        <source>Khai báo ngày nghỉ của cơ quan: {day}. Lý do: {reason}</source>
        <translation>Office day off declared: {day}. Reason: {reason}</translation>
    </message>
    <message>
        <source>Khai báo ngày làm bù: {day}. Lý do: {reason}</source>
        <translation>Make-up working day declared: {day}. Reason: {reason}</translation>
    </message>
    <message>
        <source>Bỏ khai báo ngày {day}. Lý do: {reason}</source>
        <translation>Declaration for {day} removed. Reason: {reason}</translation>
    </message>
    <message>
        <source>Nhập lịch theo {document}: {off} ngày nghỉ, {work} ngày làm bù.</source>
        <translation>Import the calendar of {document}: {off} days off, {work} make-up days.</translation>
    </message>
    <message>
        <source>{name} (từ {day:02d}/{month:02d}): {periods}</source>
        <translation>{name} (from {day:02d}/{month:02d}): {periods}</translation>
    </message>
    <message>
        <source>Cả năm</source>
        <translation>Whole year</translation>
    </message>
    <message>
        <source>Đổi giờ làm việc — {seasons}</source>
        <translation>Working hours changed — {seasons}</translation>
    </message>
    <message>
        <source>Quyết định của cơ quan</source>
        <translation>Office decision</translation>
    </message>
    <message>
        <source>Chờ căn cứ pháp lý</source>
        <translation>Legal basis pending</translation>
    </message>
    <message>
        <source>Bộ luật Lao động</source>
        <translation>Labour Code</translation>
    </message>
    <message>
        <source>Công văn {number}</source>
        <translation>Official letter {number}</translation>
    </message>
    <message>
        <source>Thông báo của Chính phủ</source>
        <translation>Government notice</translation>
    </message>
    <message>
        <source>{source} (chưa xác nhận)</source>
        <translation>{source} (unconfirmed)</translation>
    </message>
    <message>
        <source>{number} ngày {date} ({issuer})</source>
        <translation>{number} of {date} ({issuer})</translation>
    </message>
    <message>
        <source>Nguồn: quyết định của cơ quan theo {document}.</source>
        <translation>Source: the office&apos;s decision under {document}.</translation>
    </message>
    <message>
        <source>Nguồn: quyết định của cơ quan.</source>
        <translation>Source: the office&apos;s decision.</translation>
    </message>
    <message>
        <source>Nguồn: chờ căn cứ pháp lý. Ngày này vẫn là ngày làm việc cho đến khi quản trị viên khai báo nghỉ.</source>
        <translation>Source: legal basis pending. This day stays a working day until the administrator declares it off.</translation>
    </message>
    <message>
        <source>Nguồn: Bộ luật Lao động 2019 (Điều 111, 112).</source>
        <translation>Source: Labour Code 2019 (articles 111, 112).</translation>
    </message>
    <message>
        <source>Nguồn: thông báo của Chính phủ.</source>
        <translation>Source: a Government notice.</translation>
    </message>
    <message>
        <source>Văn bản: {document}.</source>
        <translation>Document: {document}.</translation>
    </message>
    <message>
        <source>Chưa xác nhận được từ văn bản gốc: hãy kiểm tra.</source>
        <translation>Not confirmed from the original document: please check.</translation>
    </message>
</context>
<context>
    <name>CatalogueLabels</name>
    <message>
        <source>Bản chính</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Bản sao có chứng thực</source>
        <translation>Certified copy</translation>
    </message>
    <message>
        <source>Bản sao</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Mẫu đơn, tờ khai</source>
        <translation>Application form</translation>
    </message>
    <message>
        <source>Cán bộ tiếp nhận</source>
        <translation>Counter clerk</translation>
    </message>
    <message>
        <source>Công chức chuyên môn</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Lãnh đạo</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>ngày làm việc</source>
        <translation>working days</translation>
    </message>
    <message>
        <source>giờ làm việc</source>
        <translation>working hours</translation>
    </message>
    <message>
        <source>trong ngày</source>
        <translation>same day</translation>
    </message>
    <message>
        <source>Trong ngày</source>
        <translation>Same day</translation>
    </message>
    <message>
        <source>Trong ngày (chốt {h:02d}:{m:02d})</source>
        <translation>Same day (cut-off {h:02d}:{m:02d})</translation>
    </message>
    <message>
        <source>Chưa có</source>
        <translation>Not set</translation>
    </message>
</context>
<context>
    <name>CataloguePage</name>
    <message>
        <source>Tìm theo mã hoặc tên thủ tục, gõ có dấu hoặc không dấu (Ctrl+F)</source>
        <translation>Search by procedure code or name, with or without diacritics (Ctrl+F)</translation>
    </message>
    <message>
        <source>Hiện cả thủ tục đã ngừng áp dụng</source>
        <translation>Also show discontinued procedures</translation>
    </message>
    <message>
        <source>Lĩnh vực:</source>
        <translation>Field:</translation>
    </message>
    <message>
        <source>&amp;Thêm thủ tục</source>
        <translation>&amp;Add procedure</translation>
    </message>
    <message>
        <source>&amp;Sửa</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;Ngừng áp dụng…</source>
        <translation>&amp;Discontinue…</translation>
    </message>
    <message>
        <source>&amp;Khôi phục</source>
        <translation>&amp;Restore</translation>
    </message>
    <message>
        <source>Thêm &amp;lĩnh vực…</source>
        <translation>Add &amp;field…</translation>
    </message>
    <message>
        <source>Đã đối &amp;chiếu</source>
        <translation>&amp;Checked</translation>
    </message>
    <message>
        <source>Thủ tục có sẵn đã được đối chiếu với quyết định công bố của tỉnh và giữ nguyên (sửa thủ tục cũng bỏ dấu «cần đối chiếu»).</source>
        <translation>The shipped procedure was checked against the province&apos;s publication decision and stays as it is (editing the procedure also removes the “to be checked” mark).</translation>
    </message>
    <message>
        <source>Nhập từ &amp;tệp…</source>
        <translation>&amp;Import from file…</translation>
    </message>
    <message>
        <source>&amp;Xuất Excel…</source>
        <translation>E&amp;xport to Excel…</translation>
    </message>
    <message>
        <source>Tải &amp;mẫu nhập…</source>
        <translation>Download import te&amp;mplate…</translation>
    </message>
    <message>
        <source>Chỉ lãnh đạo và quản trị viên được sửa danh mục.</source>
        <translation>Only leaders and administrators can edit the catalogue.</translation>
    </message>
    <message>
        <source>Tất cả lĩnh vực</source>
        <translation>All fields</translation>
    </message>
    <message>
        <source>{n} thủ tục</source>
        <translation>{n} procedures</translation>
    </message>
    <message>
        <source>&lt;p&gt;Không có thủ tục nào khớp.&lt;/p&gt;</source>
        <translation>&lt;p&gt;No matching procedures.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Mã:&lt;/b&gt; {code} &amp;nbsp; &lt;b&gt;Lĩnh vực:&lt;/b&gt; {field} &amp;nbsp; &lt;b&gt;Phiên bản:&lt;/b&gt; {version}&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Code:&lt;/b&gt; {code} &amp;nbsp; &lt;b&gt;Field:&lt;/b&gt; {field} &amp;nbsp; &lt;b&gt;Version:&lt;/b&gt; {version}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#8a5300&apos;&gt;&lt;b&gt;Cần đối chiếu với quyết định công bố của tỉnh.&lt;/b&gt; Thủ tục lấy từ danh mục có sẵn của phần mềm (xem nguồn bên dưới): thời hạn, phí, lệ phí, thành phần hồ sơ do tỉnh công bố có thể khác. Sửa cho đúng hoặc bấm «Đã đối chiếu».&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;color:#8a5300&apos;&gt;&lt;b&gt;To be checked against the province&apos;s publication decision.&lt;/b&gt; This procedure comes from the catalogue shipped with the app (see the sources below): the time limit, fees and documents published by the province may differ. Correct it or press “Checked”.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#b00020&apos;&gt;&lt;b&gt;Đã ngừng áp dụng&lt;/b&gt; từ {at}: {reason}&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;color:#b00020&apos;&gt;&lt;b&gt;Discontinued&lt;/b&gt; since {at}: {reason}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Quyết định công bố:&lt;/b&gt; {no} {day}&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Publication decision:&lt;/b&gt; {no} {day}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Thời hạn giải quyết:&lt;/b&gt; {time}&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Processing time limit:&lt;/b&gt; {time}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>tên</source>
        <translation>name</translation>
    </message>
    <message>
        <source>trình tự thực hiện</source>
        <translation>procedure steps</translation>
    </message>
    <message>
        <source>cách thức thực hiện</source>
        <translation>submission methods</translation>
    </message>
    <message>
        <source>thành phần hồ sơ</source>
        <translation>dossier components</translation>
    </message>
    <message>
        <source>thời hạn</source>
        <translation>time limit</translation>
    </message>
    <message>
        <source>đối tượng thực hiện</source>
        <translation>eligible applicants</translation>
    </message>
    <message>
        <source>cơ quan giải quyết</source>
        <translation>handling authority</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#a15c00&apos;&gt;&lt;b&gt;Thiếu khi niêm yết:&lt;/b&gt; {parts}&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;color:#a15c00&apos;&gt;&lt;b&gt;Missing for public notice:&lt;/b&gt; {parts}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Thành phần hồ sơ:&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Dossier components:&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Quy trình nội bộ:&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Internal workflow:&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>{h} giờ</source>
        <translation>{h} h</translation>
    </message>
    <message>
        <source>theo quy định của HĐND tỉnh</source>
        <translation>as set by the provincial People&apos;s Council</translation>
    </message>
    <message>
        <source>không thu</source>
        <translation>no charge</translation>
    </message>
    <message>
        <source>{n} đồng</source>
        <translation>{n} VND</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Phí, lệ phí:&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Fees and charges:&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Đối tượng thực hiện</source>
        <translation>Eligible applicants</translation>
    </message>
    <message>
        <source>Cơ quan giải quyết</source>
        <translation>Handling authority</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Căn cứ pháp lý:&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Legal basis:&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Nguồn:&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Sources:&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Ngừng áp dụng thủ tục</source>
        <translation>Discontinue procedure</translation>
    </message>
    <message>
        <source>Lý do ngừng áp dụng thủ tục {code} (ví dụ: bãi bỏ theo Quyết định số …):</source>
        <translation>Reason for discontinuing procedure {code} (e.g. repealed by Decision No. …):</translation>
    </message>
    <message>
        <source>Thêm lĩnh vực</source>
        <translation>Add field</translation>
    </message>
    <message>
        <source>Tên lĩnh vực (ví dụ: Hộ tịch):</source>
        <translation>Field name (e.g. Civil registration):</translation>
    </message>
    <message>
        <source>Xuất danh mục</source>
        <translation>Export catalogue</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Đã xuất {n} thủ tục ra tệp {path}.</source>
        <translation>Exported {n} procedures to {path}.</translation>
    </message>
    <message>
        <source>Lưu mẫu nhập</source>
        <translation>Save import template</translation>
    </message>
</context>
<context>
    <name>ConfirmYearDialog</name>
    <message>
        <source>Xác nhận lịch làm việc năm {year}</source>
        <translation>Confirm the working calendar of {year}</translation>
    </message>
    <message>
        <source>Hãy đối chiếu các ngày nghỉ lễ, ngày nghỉ hoán đổi và ngày làm bù của năm {year} trên lịch với thông báo của Chính phủ (Văn phòng Chính phủ, Bộ Nội vụ) và của UBND tỉnh trước khi xác nhận.</source>
        <translation>Before confirming, check the holidays, swapped days off and make-up days of {year} on the calendar against the notices of the Government (Government Office, Ministry of Home Affairs) and of the provincial People&apos;s Committee.</translation>
    </message>
    <message>
        <source>Dữ liệu kèm theo chưa có quyết định nào của Chính phủ cho năm {year}: lịch chỉ có các ngày lễ cố định theo Bộ luật Lao động.</source>
        <translation>The bundled data hold no Government decision for {year}: the calendar has only the fixed holidays of the Labour Code.</translation>
    </message>
    <message>
        <source>Dữ liệu kèm theo mới có một phần quyết định của Chính phủ cho năm {year}.</source>
        <translation>The bundled data hold only part of the Government&apos;s decisions for {year}.</translation>
    </message>
    <message>
        <source>Các ngày chưa xác nhận được từ văn bản gốc: {days}.</source>
        <translation>Days not confirmed from the original document: {days}.</translation>
    </message>
    <message>
        <source>Ví dụ: Đã đối chiếu Công văn 12729/VPCP-KGVX và Thông báo của UBND tỉnh</source>
        <translation>E.g.: Checked against letter 12729/VPCP-KGVX and the provincial notice</translation>
    </message>
    <message>
        <source>Ghi chú:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>Xác nhận lịch năm {year}</source>
        <translation>Confirm the calendar of {year}</translation>
    </message>
</context>
<context>
    <name>DayDialog</name>
    <message>
        <source>Ngày nghỉ của cơ quan</source>
        <translation>Office day off</translation>
    </message>
    <message>
        <source>Ngày làm bù (làm việc vào ngày nghỉ)</source>
        <translation>Make-up working day (working on a day off)</translation>
    </message>
    <message>
        <source>Khai báo ngày trong lịch làm việc</source>
        <translation>Declare a day in the working calendar</translation>
    </message>
    <message>
        <source>Ví dụ: Theo Thông báo số 15/TB-UBND ngày 10/02/2026 của UBND tỉnh</source>
        <translation>E.g. Under Notice No. 15/TB-UBND of 10/02/2026 of the provincial People&apos;s Committee</translation>
    </message>
    <message>
        <source>Ngày:</source>
        <translation>Date:</translation>
    </message>
    <message>
        <source>Loại ngày:</source>
        <translation>Day type:</translation>
    </message>
    <message>
        <source>Lý do:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>Bỏ khai báo ngày trong lịch làm việc</source>
        <translation>Remove a day declaration from the working calendar</translation>
    </message>
    <message>
        <source>Ví dụ: Khai báo nhầm ngày</source>
        <translation>E.g. Wrong date declared</translation>
    </message>
    <message>
        <source>Ngày làm bù</source>
        <translation>Make-up working day</translation>
    </message>
    <message>
        <source>Đang khai báo là:</source>
        <translation>Currently declared as:</translation>
    </message>
    <message>
        <source>Lý do đã ghi:</source>
        <translation>Recorded reason:</translation>
    </message>
    <message>
        <source>Lý do bỏ:</source>
        <translation>Reason for removal:</translation>
    </message>
    <message>
        <source>Tiếp tục…</source>
        <translation>Continue…</translation>
    </message>
</context>
<context>
    <name>Digitise</name>
    <message>
        <source>Bản chính</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Bản sao có chứng thực</source>
        <translation>Certified copy</translation>
    </message>
    <message>
        <source>Bản sao</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Đơn, tờ khai</source>
        <translation>Application form</translation>
    </message>
    <message>
        <source>Hợp lệ</source>
        <extracomment>Where the PKCS#11 libraries of tokens used in Viet Nam usually are (Windows first): the Government Cipher Committee&apos;s tokens (Ban Cơ yếu Chính phủ: SafeNet and Bit4id), VNPT, Viettel, Bkav, FPT, ePass2003, CA2. Any other &quot;*p11*&quot;/&quot;*pkcs11*&quot; DLL in System32 is offered as well (:func:`pkcs11_candidates`). Sources and how sure each name is: the data file.</extracomment>
        <translation>Valid</translation>
    </message>
    <message>
        <source>Không hợp lệ</source>
        <translation>Invalid</translation>
    </message>
    <message>
        <source>Chưa được tin cậy</source>
        <translation>Not trusted</translation>
    </message>
    <message>
        <source>Không có chữ ký số</source>
        <translation>No digital signature</translation>
    </message>
    <message>
        <source>Hỏng</source>
        <translation>Broken</translation>
    </message>
    <message>
        <source>Có thay đổi sau khi ký</source>
        <extracomment>A signature&apos;s heading by its reason: the true reason, not only valid/broken/untrusted.</extracomment>
        <translation>Changed after signing</translation>
    </message>
    <message>
        <source>Không hợp lệ: chứng thư đã bị thu hồi</source>
        <translation>Not valid: the certificate has been revoked</translation>
    </message>
    <message>
        <source>Chứng thư đã hết hạn</source>
        <translation>Certificate expired</translation>
    </message>
    <message>
        <source>Chứng thư chưa có hiệu lực</source>
        <translation>Certificate not yet valid</translation>
    </message>
    <message>
        <source>Thuật toán yếu, không chấp nhận</source>
        <translation>Weak algorithm, not accepted</translation>
    </message>
</context>
<context>
    <name>DigitisePage</name>
    <message>
        <source>Nhập hoặc quét mã hồ sơ, ví dụ XANSON-250310-0001</source>
        <translation>Enter or scan a dossier code, e.g. XANSON-250310-0001</translation>
    </message>
    <message>
        <source>Mở hồ sơ</source>
        <translation>Open dossier</translation>
    </message>
    <message>
        <source>Mã hồ sơ:</source>
        <translation>Dossier code:</translation>
    </message>
    <message>
        <source>Dùng lại giấy tờ đã số hóa</source>
        <translation>Reuse digitised documents</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Tệp quét chờ xử lý</source>
        <translation>Scanned files pending</translation>
    </message>
    <message>
        <source>Kiểm tra kho tệp</source>
        <translation>Check file store</translation>
    </message>
    <message>
        <source>Chứng thư tin cậy</source>
        <translation>Trusted certificates</translation>
    </message>
    <message>
        <source>Tìm tài liệu</source>
        <translation>Find documents</translation>
    </message>
    <message>
        <source>Mở một hồ sơ để số hóa giấy tờ, ký số, kiểm tra chữ ký và dùng lại giấy tờ.</source>
        <translation>Open a dossier to digitise documents, sign digitally, verify signatures and reuse documents.</translation>
    </message>
    <message>
        <source>{code} — {procedure}. Người nộp: {name} (số định danh {pid}).</source>
        <translation>{code} — {procedure}. Applicant: {name} (personal ID {pid}).</translation>
    </message>
    <message>
        <source>Còn thiếu bản số hóa: {names}.</source>
        <translation>Digitised copies still missing: {names}.</translation>
    </message>
    <message>
        <source>Đã số hóa đủ thành phần hồ sơ.</source>
        <translation>All dossier components have been digitised.</translation>
    </message>
</context>
<context>
    <name>DocumentFields</name>
    <message>
        <source>Kết quả giải quyết</source>
        <translation>Processing result</translation>
    </message>
    <message>
        <source>Giấy tờ khác</source>
        <translation>Other document</translation>
    </message>
    <message>
        <source>Để trống: dùng tên thành phần hồ sơ</source>
        <translation>Leave empty to use the dossier component name</translation>
    </message>
    <message>
        <source>Có thời hạn đến</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>Nhận dạng chữ (tạo PDF tìm kiếm được)</source>
        <translation>Text recognition (create searchable PDF)</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ:</source>
        <translation>Dossier component:</translation>
    </message>
    <message>
        <source>Loại giấy tờ:</source>
        <translation>Document type:</translation>
    </message>
    <message>
        <source>Tên tài liệu:</source>
        <translation>Document title:</translation>
    </message>
    <message>
        <source>Hiệu lực:</source>
        <translation>Validity:</translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <source>Tài liệu</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Trang</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>Chữ ký số</source>
        <translation>Digital signature</translation>
    </message>
    <message>
        <source>Kiểm tra</source>
        <translation>Verification</translation>
    </message>
    <message>
        <source>Nguồn</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Nhập tệp…</source>
        <translation>Import files…</translation>
    </message>
    <message>
        <source>Quét…</source>
        <translation>Scan…</translation>
    </message>
    <message>
        <source>Ký số…</source>
        <translation>Sign digitally…</translation>
    </message>
    <message>
        <source>Kiểm tra chữ ký</source>
        <translation>Verify signatures</translation>
    </message>
    <message>
        <source>Chứng thực bản sao…</source>
        <translation>Certify copy…</translation>
    </message>
    <message>
        <source>Ký số cơ quan…</source>
        <translation>Organisation signature…</translation>
    </message>
    <message>
        <source>Chữ ký số của cơ quan (con dấu) trên kết quả, sau chữ ký của người có thẩm quyền</source>
        <translation>The office&apos;s digital signature (seal) on a result, after the competent official&apos;s signature</translation>
    </message>
    <message>
        <source>Hoặc kéo thả tệp PDF, ảnh vào danh sách</source>
        <translation>Or drag and drop PDF files or images onto the list</translation>
    </message>
    <message>
        <source>Chứng thực bản sao điện tử từ bản chính đã quét, cấp số chứng thực</source>
        <translation>Certify an electronic copy from the scanned original and assign a certification number</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Kéo thả tệp PDF hoặc ảnh trang vào đây để đính kèm vào hồ sơ.</source>
        <translation>Drag and drop PDF files or page images here to attach them to the dossier.</translation>
    </message>
    <message>
        <source>Chưa mở hồ sơ nào.</source>
        <translation>No dossier open.</translation>
    </message>
    <message>
        <source>Tài liệu số hóa của hồ sơ {code} ({count})</source>
        <translation>Digitised documents of dossier {code} ({count})</translation>
    </message>
    <message>
        <source>{title} (kết quả)</source>
        <translation>{title} (result)</translation>
    </message>
    <message>
        <source>{title} — số chứng thực {number}</source>
        <translation>{title} — certification no. {number}</translation>
    </message>
    <message>
        <source>Đã ký: {names}</source>
        <translation>Signed: {names}</translation>
    </message>
    <message>
        <source>Chưa ký</source>
        <translation>Unsigned</translation>
    </message>
    <message>
        <source>Chưa kiểm tra</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <source>Dùng lại</source>
        <translation>Reused</translation>
    </message>
    <message>
        <source>Số hóa mới</source>
        <translation>Newly digitised</translation>
    </message>
    <message>
        <source>%v/%m</source>
        <translation>%v/%m</translation>
    </message>
    <message>
        <source>Đang hủy…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Đã ký số</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>Đang lưu {count} tài liệu…</source>
        <translation>Saving {count} documents…</translation>
    </message>
    <message>
        <source>Hãy mở một hồ sơ trước khi đính kèm tệp.</source>
        <translation>Open a dossier before attaching files.</translation>
    </message>
    <message>
        <source>Đang quét…</source>
        <translation>Scanning…</translation>
    </message>
    <message>
        <source>Ký số cơ quan: {title}</source>
        <translation>Organisation signature: {title}</translation>
    </message>
    <message>
        <source>Ký số: {title}</source>
        <translation>Sign digitally: {title}</translation>
    </message>
    <message>
        <source>Đang ký số…</source>
        <translation>Signing…</translation>
    </message>
    <message>
        <source>Đang kiểm tra chữ ký…</source>
        <translation>Verifying signatures…</translation>
    </message>
    <message>
        <source>Chứng thực bản sao điện tử từ bản chính: {title}</source>
        <translation>Certify electronic copy from original: {title}</translation>
    </message>
    <message>
        <source>Đang chứng thực bản sao…</source>
        <translation>Certifying copy…</translation>
    </message>
</context>
<context>
    <name>DossierDialog</name>
    <message>
        <source>Tên giấy tờ</source>
        <translation>Document name</translation>
    </message>
    <message>
        <source>Hình thức</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Số lượng</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Thời điểm</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Sự việc</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Người thực hiện</source>
        <translation>Performed by</translation>
    </message>
    <message>
        <source>Lý do, ghi chú</source>
        <translation>Reason, notes</translation>
    </message>
    <message>
        <source>Bước</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Bắt đầu</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Hạn của bước</source>
        <translation>Step due</translation>
    </message>
    <message>
        <source>Kết thúc</source>
        <translation>End</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Còn lại</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <source>Các bước xử lý</source>
        <translation>Processing steps</translation>
    </message>
    <message>
        <source>Diễn biến</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Giấy tờ</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Hồ sơ {code}</source>
        <translation>Dossier {code}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Người nộp:&lt;/b&gt; {applicant}</source>
        <translation>&lt;b&gt;Applicant:&lt;/b&gt; {applicant}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Thủ tục:&lt;/b&gt; {code} {name} ({field})</source>
        <translation>&lt;b&gt;Procedure:&lt;/b&gt; {code} {name} ({field})</translation>
    </message>
    <message>
        <source>&lt;b&gt;Tiếp nhận:&lt;/b&gt; {received} · &lt;b&gt;Hạn trả:&lt;/b&gt; {due}</source>
        <translation>&lt;b&gt;Received:&lt;/b&gt; {received} · &lt;b&gt;Due:&lt;/b&gt; {due}</translation>
    </message>
    <message>
        <source>chưa tiếp nhận</source>
        <translation>not yet received</translation>
    </message>
    <message>
        <source>&lt;b&gt;Nộp trực tuyến:&lt;/b&gt; {at} · hạn tiếp nhận {due}</source>
        <translation>&lt;b&gt;Submitted online:&lt;/b&gt; {at} · intake due {due}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Đã xin lỗi, hẹn lại&lt;/b&gt; (hạn ban đầu {due})</source>
        <translation>&lt;b&gt;Apologised, new date set&lt;/b&gt; (original due date {due})</translation>
    </message>
    <message>
        <source>&lt;b&gt;Đã trả kết quả:&lt;/b&gt; {at} cho {who}</source>
        <translation>&lt;b&gt;Result returned:&lt;/b&gt; {at} to {who}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Đánh giá của người nộp:&lt;/b&gt; {level}</source>
        <translation>&lt;b&gt;Applicant&apos;s rating:&lt;/b&gt; {level}</translation>
    </message>
    <message>
        <source>Hồ sơ: {left}</source>
        <translation>Dossier: {left}</translation>
    </message>
    <message>
        <source> · Theo Cổng Dịch vụ công: {left}</source>
        <translation> · On the public service portal: {left}</translation>
    </message>
    <message>
        <source> — Đã đến lúc phải gửi văn bản xin lỗi, hẹn lại (mẫu 04).</source>
        <translation> — An apology letter with a new date (Form 04) must now be sent.</translation>
    </message>
    <message>
        <source> Thủ tục giải quyết trong ngày: không thể gửi trước 1 ngày, không tính là xin lỗi muộn.</source>
        <translation> Same-day procedure: the apology cannot be sent one day in advance; it does not count as a late apology.</translation>
    </message>
    <message>
        <source>cơ quan tính lại đủ thời hạn từ khi nhận hồ sơ đã bổ sung; Cổng Dịch vụ công chỉ trừ thời gian hồ sơ nằm ở người dân trong một lần bổ sung</source>
        <translation>the office counts the full time afresh from the complete dossier&apos;s return; the portal only subtracts the applicant&apos;s time during one supplement request</translation>
    </message>
    <message>
        <source>văn bản xin lỗi đã hẹn ngày mới; Cổng Dịch vụ công vẫn đánh giá theo ngày hẹn ban đầu</source>
        <translation>the apology letter gave a new date; the portal still judges by the first appointment</translation>
    </message>
    <message>
        <source>hồ sơ đã phải bổ sung hơn một lần: Cổng Dịch vụ công tính là quá hạn</source>
        <translation>the dossier was sent back for supplement more than once: the portal counts it late</translation>
    </message>
    <message>
        <source>&lt;b&gt;Hạn theo Cổng Dịch vụ công (chỉ số 766):&lt;/b&gt; {due} — {why}</source>
        <translation>&lt;b&gt;Due on the public service portal (766 index):&lt;/b&gt; {due} — {why}</translation>
    </message>
    <message>
        <source> · &lt;b&gt;đã quá hạn theo Cổng&lt;/b&gt;</source>
        <translation> · &lt;b&gt;late on the portal&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Chuyển cho {who} ({step}) {note}</source>
        <translation>Handed over to {who} ({step}) {note}</translation>
    </message>
    <message>
        <source>Người nhận: {who}</source>
        <translation>Recipient: {who}</translation>
    </message>
    <message>
        <source>{form} — tệp {file}</source>
        <translation>{form} — file {file}</translation>
    </message>
    <message>
        <source>Bản chính</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Bản sao có chứng thực</source>
        <translation>Certified copy</translation>
    </message>
    <message>
        <source>Bản sao</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Tờ khai, đơn (theo mẫu)</source>
        <translation>Application form (prescribed)</translation>
    </message>
    <message>
        <source>In phiếu kiểm soát (mẫu 06)</source>
        <translation>Print control slip (Form 06)</translation>
    </message>
    <message>
        <source>In giấy tiếp nhận (mẫu 01)</source>
        <translation>Print receipt (Form 01)</translation>
    </message>
    <message>
        <source>In {what}</source>
        <translation>Print {what}</translation>
    </message>
</context>
<context>
    <name>DossierLabels</name>
    <message>
        <source>Tiếp nhận hồ sơ trực tuyến</source>
        <extracomment>Tests turn this off so that printed PDFs are not opened in a viewer. The form printed after each action (and the receipt after intake).</extracomment>
        <translation>Receive online dossier</translation>
    </message>
    <message>
        <source>Chuyển xử lý</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <source>Tạm dừng</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Tiếp tục giải quyết</source>
        <translation>Resume processing</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung</source>
        <translation>Request supplement</translation>
    </message>
    <message>
        <source>Nhận hồ sơ đã bổ sung</source>
        <translation>Receive supplemented dossier</translation>
    </message>
    <message>
        <source>Từ chối</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>Dừng giải quyết</source>
        <translation>Stop processing</translation>
    </message>
    <message>
        <source>Rút hồ sơ</source>
        <translation>Withdraw dossier</translation>
    </message>
    <message>
        <source>Xin lỗi, hẹn lại ngày trả</source>
        <translation>Apologise and set new return date</translation>
    </message>
    <message>
        <source>Đã có kết quả</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <source>Trả kết quả</source>
        <translation>Return result</translation>
    </message>
    <message>
        <source>Ghi đánh giá hài lòng</source>
        <translation>Record satisfaction rating</translation>
    </message>
    <message>
        <source>Nộp trực tuyến</source>
        <translation>Submitted online</translation>
    </message>
    <message>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Tiếp tục</source>
        <translation>Resumed</translation>
    </message>
    <message>
        <source>Nhận hồ sơ bổ sung</source>
        <translation>Supplement received</translation>
    </message>
    <message>
        <source>Xin lỗi, hẹn lại</source>
        <translation>Apology, new date</translation>
    </message>
    <message>
        <source>Có kết quả</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <source>Đánh giá</source>
        <translation>Rated</translation>
    </message>
    <message>
        <source>In giấy tờ</source>
        <translation>Printed</translation>
    </message>
    <message>
        <source>Giấy tiếp nhận (mẫu 01)</source>
        <translation>Receipt (form 01)</translation>
    </message>
    <message>
        <source>Phiếu yêu cầu bổ sung (mẫu 02)</source>
        <translation>Supplement request (form 02)</translation>
    </message>
    <message>
        <source>Phiếu từ chối (mẫu 03)</source>
        <translation>Refusal (form 03)</translation>
    </message>
    <message>
        <source>Văn bản xin lỗi (mẫu 04)</source>
        <translation>Apology letter (form 04)</translation>
    </message>
    <message>
        <source>Thông báo dừng giải quyết (mẫu 05)</source>
        <translation>Stop notice (form 05)</translation>
    </message>
    <message>
        <source>Phiếu kiểm soát (mẫu 06)</source>
        <translation>Control sheet (form 06)</translation>
    </message>
</context>
<context>
    <name>DossiersPage</name>
    <message>
        <source>Tìm theo mã hồ sơ, họ tên, số định danh (gõ có dấu hay không dấu đều được)</source>
        <translation>Search by dossier code, full name or personal ID (with or without diacritics)</translation>
    </message>
    <message>
        <source>Đang giải quyết</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Sắp đến hạn và quá hạn</source>
        <translation>Due soon and late</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>Trực tuyến chờ tiếp nhận</source>
        <translation>Online, awaiting intake</translation>
    </message>
    <message>
        <source>Có kết quả, chờ trả</source>
        <translation>Result ready, awaiting return</translation>
    </message>
    <message>
        <source>Tất cả hồ sơ</source>
        <translation>All dossiers</translation>
    </message>
    <message>
        <source>Mọi trạng thái</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Mọi kênh</source>
        <translation>All channels</translation>
    </message>
    <message>
        <source>Mọi hạn trả</source>
        <translation>All due dates</translation>
    </message>
    <message>
        <source>Hạn trả hôm nay</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>Hạn trả trong 7 ngày</source>
        <translation>Due within 7 days</translation>
    </message>
    <message>
        <source>Tùy chọn…</source>
        <translation>Custom range…</translation>
    </message>
    <message>
        <source>Hạn trả từ ngày</source>
        <translation>Due from</translation>
    </message>
    <message>
        <source>đến ngày</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Hồ sơ của tôi</source>
        <translation>My dossiers</translation>
    </message>
    <message>
        <source>Làm mới (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>Xuất sổ theo dõi…</source>
        <translation>Export register…</translation>
    </message>
    <message>
        <source>Mọi lĩnh vực</source>
        <translation>All fields</translation>
    </message>
    <message>
        <source>Mọi cán bộ</source>
        <translation>All officers</translation>
    </message>
    <message>
        <source> (cuộn xuống để tải thêm)</source>
        <translation> (scroll down to load more)</translation>
    </message>
    <message numerus="yes">
        <source>Đang hiển thị %n hồ sơ</source>
        <translation>
            <numerusform>Showing %n dossier</numerusform>
            <numerusform>Showing %n dossiers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Feedback</name>
    <message>
        <source>Rất hài lòng</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>Hài lòng</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>Không hài lòng</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>Mới tiếp nhận</source>
        <translation>Newly received</translation>
    </message>
    <message>
        <source>Chờ bổ sung thông tin</source>
        <translation>Awaiting more information</translation>
    </message>
    <message>
        <source>Đang xử lý</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Đã trả lời, chờ công khai</source>
        <translation>Answered, awaiting publication</translation>
    </message>
    <message>
        <source>Đã công khai</source>
        <translation>Published</translation>
    </message>
    <message>
        <source>Từ chối xử lý</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Trực tiếp</source>
        <translation>In person</translation>
    </message>
    <message>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Thư điện tử</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Cổng dịch vụ công</source>
        <translation>Public Service Portal</translation>
    </message>
    <message>
        <source>Văn bản, bưu chính</source>
        <translation>Letter, post</translation>
    </message>
    <message>
        <source>trước hạn</source>
        <translation>early</translation>
    </message>
    <message>
        <source>đúng hạn</source>
        <translation>on time</translation>
    </message>
    <message>
        <source>quá hạn</source>
        <translation>late</translation>
    </message>
</context>
<context>
    <name>FeedbackPage</name>
    <message>
        <source>Tiếp nhận &amp;xử lý</source>
        <extracomment>Tests turn the printer dialog off; the PDF is written either way.</extracomment>
        <translation>Accept for &amp;handling</translation>
    </message>
    <message>
        <source>Yêu cầu &amp;bổ sung…</source>
        <translation>Request &amp;supplement…</translation>
    </message>
    <message>
        <source>Đã nhận &amp;bổ sung…</source>
        <translation>Supplement rec&amp;eived…</translation>
    </message>
    <message>
        <source>Từ &amp;chối…</source>
        <translation>&amp;Refuse…</translation>
    </message>
    <message>
        <source>T&amp;rả lời…</source>
        <translation>&amp;Answer…</translation>
    </message>
    <message>
        <source>Đã &amp;công khai</source>
        <translation>Mark &amp;published</translation>
    </message>
    <message>
        <source>Ý kiến &amp;người gửi…</source>
        <translation>Sender&apos;s &amp;opinion…</translation>
    </message>
    <message>
        <source>&amp;Tiếp nhận phản ánh… (Ctrl+N)</source>
        <translation>Re&amp;ceive feedback… (Ctrl+N)</translation>
    </message>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Chưa trả lời</source>
        <translation>Unanswered</translation>
    </message>
    <message>
        <source>Mọi thời hạn</source>
        <translation>Any deadline</translation>
    </message>
    <message>
        <source>Sắp đến hạn hoặc quá hạn</source>
        <translation>Due soon or late</translation>
    </message>
    <message>
        <source>Chỉ quá hạn</source>
        <translation>Late only</translation>
    </message>
    <message>
        <source>Tìm theo số, người gửi, nội dung (Ctrl+F)</source>
        <translation>Search by number, sender, content (Ctrl+F)</translation>
    </message>
    <message>
        <source>&amp;Kết quả xử lý (in, lưu)…</source>
        <translation>Handling resul&amp;ts (print, save)…</translation>
    </message>
    <message>
        <source>Thông báo tiếp nhận…</source>
        <translation>Feedback intake notice…</translation>
    </message>
    <message>
        <source>Trạn&amp;g thái:</source>
        <translation>Stat&amp;us:</translation>
    </message>
    <message>
        <source>Số</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Ngày nhận</source>
        <translation>Received on</translation>
    </message>
    <message>
        <source>Người gửi</source>
        <translation>Sender</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Hạn</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>In văn bản trả lời…</source>
        <translation>Print the written answer…</translation>
    </message>
    <message>
        <source>Văn bản trả lời của Ủy ban nhân dân (thể thức Nghị định 30/2020/NĐ-CP), lãnh đạo ký; tệp PDF được lưu trong thư mục printouts.</source>
        <translation>The People&apos;s Committee&apos;s written answer (Decree 30/2020/NĐ-CP layout), signed by the leader; the PDF is kept in the printouts folder.</translation>
    </message>
    <message>
        <source>{n} phản ánh chưa trả lời</source>
        <translation>{n} feedback items unanswered</translation>
    </message>
    <message>
        <source>{n} đã trả lời, chưa công khai</source>
        <translation>{n} answered, not yet published</translation>
    </message>
    <message>
        <source>{n} sắp đến hạn</source>
        <translation>{n} due soon</translation>
    </message>
    <message>
        <source>{n} QUÁ HẠN</source>
        <translation>{n} LATE</translation>
    </message>
    <message>
        <source>Chọn một phản ánh trong danh sách để xem chi tiết.</source>
        <translation>Select a feedback item in the list to see details.</translation>
    </message>
    <message>
        <source>Đã lưu văn bản trả lời: {path}</source>
        <translation>Written answer saved: {path}</translation>
    </message>
    <message>
        <source>Hạn trả lời</source>
        <translation>Reply due</translation>
    </message>
    <message>
        <source>Hạn công khai</source>
        <translation>Publication due</translation>
    </message>
    <message>
        <source>{what}: {due} — {left} (giờ làm việc)</source>
        <translation>{what}: {due} — {left} (working time)</translation>
    </message>
    <message>
        <source>Nhận lúc</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>Kênh</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Liên hệ</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Giấu tên</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <source>Tên khi công khai</source>
        <translation>Public name</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Người tiếp nhận</source>
        <translation>Received by</translation>
    </message>
    <message>
        <source>Lặp lại</source>
        <translation>Repeated</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Tóm tắt:</source>
        <translation>Summary:</translation>
    </message>
    <message>
        <source>Thời hạn</source>
        <translation>Deadlines</translation>
    </message>
    <message>
        <source>Từ chối trước</source>
        <translation>Refuse by</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung trước</source>
        <translation>Request supplement by</translation>
    </message>
    <message>
        <source>Trả lời trước</source>
        <translation>Reply by</translation>
    </message>
    <message>
        <source>Công khai trước</source>
        <translation>Publish by</translation>
    </message>
    <message>
        <source>Lý do từ chối</source>
        <translation>Reason for refusal</translation>
    </message>
    <message>
        <source>Trả lời</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>Đã công khai:</source>
        <translation>Published:</translation>
    </message>
    <message>
        <source>Hài lòng</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>Không hài lòng</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>Ý kiến người gửi:</source>
        <translation>Sender&apos;s opinion:</translation>
    </message>
    <message>
        <source>Quá trình xử lý</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Từ chối xử lý</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung thông tin</source>
        <translation>Additional information requested</translation>
    </message>
    <message>
        <source>Nhận thông tin bổ sung</source>
        <translation>Additional information received</translation>
    </message>
    <message>
        <source>Tiếp nhận xử lý</source>
        <translation>Accepted for handling</translation>
    </message>
    <message>
        <source>Trả lời bằng văn bản</source>
        <translation>Written reply</translation>
    </message>
    <message>
        <source>Công khai kết quả</source>
        <translation>Result published</translation>
    </message>
    <message>
        <source>Ghi nhận ý kiến người gửi</source>
        <translation>Sender&apos;s opinion recorded</translation>
    </message>
    <message>
        <source>Từ chối xử lý phản ánh {n}</source>
        <translation>Refuse feedback {n}</translation>
    </message>
    <message>
        <source>&amp;Lý do từ chối (gửi bằng văn bản cho người phản ánh; hạn {due}):</source>
        <translation>Reaso&amp;n for refusal (sent in writing to the submitter; due {due}):</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung thông tin cho phản ánh {n}</source>
        <translation>Request more information for feedback {n}</translation>
    </message>
    <message>
        <source>&amp;Thông tin, tài liệu cần bổ sung (chỉ yêu cầu một lần; hạn {due}):</source>
        <translation>&amp;Information and documents needed (may be requested only once; due {due}):</translation>
    </message>
    <message>
        <source>Đã nhận thông tin bổ sung cho phản ánh {n}</source>
        <translation>Additional information received for feedback {n}</translation>
    </message>
    <message>
        <source>&amp;Ghi chú về thông tin đã nhận (không bắt buộc). Thời hạn 15 ngày làm việc được tính lại từ bây giờ.</source>
        <translation>&amp;Notes on the information received (optional). The 15-working-day time limit restarts from now.</translation>
    </message>
</context>
<context>
    <name>FormPaper</name>
    <message>
        <source>Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả</source>
        <extracomment>The forms that may go on A5 (``reports.data.A5_FORMS``), by their number (forms.md).</extracomment>
        <translation>Form 01 – Receipt and appointment for the result</translation>
    </message>
    <message>
        <source>Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>Form 02 – Request to supplement or complete the dossier</translation>
    </message>
    <message>
        <source>Mẫu 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ</source>
        <translation>Form 03 – Refusal to accept the dossier</translation>
    </message>
    <message>
        <source>Mẫu 04 – Văn bản xin lỗi và hẹn lại ngày trả kết quả</source>
        <translation>Form 04 – Apology and new date for the result</translation>
    </message>
    <message>
        <source>Mẫu 05 – Thông báo dừng giải quyết hồ sơ</source>
        <translation>Form 05 – Notice that processing stops</translation>
    </message>
</context>
<context>
    <name>FormPaperPanel</name>
    <message>
        <source>In khổ A5 các mẫu:</source>
        <translation>Print on A5 the forms:</translation>
    </message>
    <message>
        <source>Lưu khổ giấy</source>
        <translation>Save paper sizes</translation>
    </message>
    <message>
        <source>Mẫu không đánh dấu in khổ A4; sổ theo dõi luôn in A4 ngang.</source>
        <translation>Forms not ticked print on A4; the register always prints on A4 landscape.</translation>
    </message>
    <message>
        <source>Đã lưu.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>quá {d} ngày {h} giờ</source>
        <translation>{d} d {h} h overdue</translation>
    </message>
    <message>
        <source>quá {d} ngày</source>
        <translation>{d} d overdue</translation>
    </message>
    <message>
        <source>quá {h} giờ {m:02d} phút</source>
        <translation>{h} h {m:02d} min overdue</translation>
    </message>
    <message>
        <source>quá {m} phút</source>
        <translation>{m} min overdue</translation>
    </message>
    <message>
        <source>vừa quá hạn</source>
        <translation>just overdue</translation>
    </message>
    <message>
        <source>còn {d} ngày {h} giờ</source>
        <translation>{d} d {h} h left</translation>
    </message>
    <message>
        <source>còn {d} ngày</source>
        <translation>{d} d left</translation>
    </message>
    <message>
        <source>còn {h} giờ {m:02d} phút</source>
        <translation>{h} h {m:02d} min left</translation>
    </message>
    <message>
        <source>còn {m} phút</source>
        <translation>{m} min left</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Nhập danh mục thủ tục từ tệp Excel hoặc CSV</source>
        <translation>Import the procedure catalogue from an Excel or CSV file</translation>
    </message>
    <message>
        <source>Chọn tệp .xlsx hoặc .csv theo mẫu của phần mềm</source>
        <translation>Choose an .xlsx or .csv file that follows the software&apos;s template</translation>
    </message>
    <message>
        <source>&amp;Chọn tệp…</source>
        <translation>&amp;Choose file…</translation>
    </message>
    <message>
        <source>&amp;Xem trước</source>
        <translation>&amp;Preview</translation>
    </message>
    <message>
        <source>Tệp:</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>Tạo lĩnh vực mới khi chưa có</source>
        <translation>Create new fields if missing</translation>
    </message>
    <message>
        <source>Ngừng áp dụng thủ tục không có trong tệp</source>
        <translation>Discontinue procedures not in the file</translation>
    </message>
    <message>
        <source>Từ chối dòng gõ bằng bảng mã cũ (TCVN3, VNI) thay vì chuyển đổi</source>
        <translation>Refuse rows typed in legacy encodings (TCVN3, VNI) instead of converting them</translation>
    </message>
    <message>
        <source>&amp;Nhập vào danh mục</source>
        <translation>&amp;Import into catalogue</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Chọn tệp danh mục</source>
        <translation>Choose catalogue file</translation>
    </message>
    <message>
        <source>Bảng tính (*.xlsx *.csv)</source>
        <translation>Spreadsheets (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Đang đọc tệp…</source>
        <translation>Reading file…</translation>
    </message>
    <message>
        <source>Xem trước (chưa lưu gì): {add} thêm mới, {change} sửa, {retire} ngừng áp dụng, {same} không đổi, &lt;b&gt;{refused} dòng bị từ chối&lt;/b&gt;.</source>
        <translation>Preview (nothing saved yet): {add} new, {change} changed, {retire} discontinued, {same} unchanged, &lt;b&gt;{refused} rows refused&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>Đang lưu vào danh mục…</source>
        <translation>Saving to catalogue…</translation>
    </message>
    <message>
        <source>Đã lưu: {added} thủ tục thêm mới, {changed} thủ tục sửa (phiên bản mới), {retired} thủ tục ngừng áp dụng. {refused} dòng bị từ chối không được nhập.</source>
        <translation>Saved: {added} procedures added, {changed} procedures changed (new version), {retired} procedures discontinued. {refused} refused rows were not imported.</translation>
    </message>
    <message>
        <source>Nhập tệp vào hồ sơ {code}</source>
        <translation>Import files into dossier {code}</translation>
    </message>
    <message>
        <source>Thêm tệp…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <source>Bỏ tệp đã chọn</source>
        <translation>Remove selected file</translation>
    </message>
    <message>
        <source>Ghép các ảnh thành một tài liệu nhiều trang</source>
        <translation>Combine images into one multi-page document</translation>
    </message>
    <message>
        <source>Lưu vào hồ sơ</source>
        <translation>Save to dossier</translation>
    </message>
    <message>
        <source>Tệp PDF hoặc ảnh trang (JPEG, PNG, TIFF):</source>
        <translation>PDF files or page images (JPEG, PNG, TIFF):</translation>
    </message>
    <message>
        <source>Chọn tệp</source>
        <translation>Choose files</translation>
    </message>
    <message>
        <source>PDF và ảnh ({patterns})</source>
        <translation>PDF and images ({patterns})</translation>
    </message>
    <message>
        <source>Nhập lịch nghỉ của tỉnh</source>
        <translation>Import the province&apos;s holiday calendar</translation>
    </message>
    <message>
        <source>Tệp {file}: {rows} ngày đọc được, {new} ngày sẽ được khai báo.</source>
        <translation>File {file}: {rows} days read, {new} days will be declared.</translation>
    </message>
    <message>
        <source>Ví dụ: Thông báo số 15/TB-UBND ngày 10/02/2026 của UBND tỉnh</source>
        <translation>E.g.: Notice 15/TB-UBND of 10/02/2026 of the provincial People&apos;s Committee</translation>
    </message>
    <message>
        <source>Văn bản công bố:</source>
        <translation>Announced by:</translation>
    </message>
    <message>
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Sẽ làm gì</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Vị trí trong tệp</source>
        <translation>Place in the file</translation>
    </message>
    <message>
        <source>Khai báo</source>
        <translation>Declare</translation>
    </message>
    <message>
        <source>Đã đúng trên lịch, bỏ qua</source>
        <translation>Already so on the calendar, skipped</translation>
    </message>
    <message>
        <source>Trái với khai báo của cơ quan, bỏ qua</source>
        <translation>Conflicts with the office&apos;s declaration, skipped</translation>
    </message>
    <message>
        <source>Trùng ngày ở trên, bỏ qua</source>
        <translation>Same day as above, skipped</translation>
    </message>
    <message>
        <source>Nghỉ</source>
        <translation>Day off</translation>
    </message>
    <message>
        <source>Làm bù</source>
        <translation>Make-up day</translation>
    </message>
    <message>
        <source>ngày không đọc được «{value}»</source>
        <translation>unreadable date &quot;{value}&quot;</translation>
    </message>
    <message>
        <source>sự kiện không có ngày «{value}»</source>
        <translation>event without a date &quot;{value}&quot;</translation>
    </message>
    <message>
        <source>sự kiện dài quá 31 ngày «{value}»</source>
        <translation>event longer than 31 days &quot;{value}&quot;</translation>
    </message>
    <message>
        <source>Vị trí {where}: {problem}</source>
        <translation>At {where}: {problem}</translation>
    </message>
    <message>
        <source>Tiếp tục…</source>
        <translation>Continue…</translation>
    </message>
</context>
<context>
    <name>ImportPreviewModel</name>
    <message>
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Mã thủ tục</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Tên thủ tục</source>
        <translation>Procedure name</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Vấn đề cần xem</source>
        <translation>Issues to review</translation>
    </message>
    <message>
        <source>Thêm mới</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Sửa (phiên bản mới)</source>
        <translation>Changed (new version)</translation>
    </message>
    <message>
        <source>Không đổi</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>Ngừng áp dụng</source>
        <translation>Discontinued</translation>
    </message>
    <message>
        <source>Từ chối</source>
        <translation>Refused</translation>
    </message>
</context>
<context>
    <name>InboxPanel</name>
    <message>
        <source>Chọn thư mục quét…</source>
        <translation>Choose scan folder…</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Dung lượng</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Nhận lúc</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>Đính kèm vào hồ sơ đang mở…</source>
        <translation>Attach to the open dossier…</translation>
    </message>
    <message>
        <source>Bỏ qua tệp này</source>
        <translation>Ignore this file</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Máy quét lưu tệp vào thư mục quét; phần mềm chờ tệp ghi xong rồi mới đưa vào danh sách dưới đây. Tệp tạm và tệp không phải PDF, ảnh được bỏ qua.</source>
        <translation>The scanner saves files to the scan folder; the software waits until each file is fully written before listing it below. Temporary files and files that are not PDFs or images are ignored.</translation>
    </message>
    <message>
        <source>Chưa chọn thư mục quét. Quản trị viên chọn thư mục mà máy quét lưu tệp vào.</source>
        <translation>No scan folder chosen. An administrator chooses the folder the scanner saves files to.</translation>
    </message>
    <message>
        <source>Thư mục quét: {folder}</source>
        <translation>Scan folder: {folder}</translation>
    </message>
    <message>
        <source>Chọn thư mục quét</source>
        <translation>Choose scan folder</translation>
    </message>
    <message>
        <source>Hãy mở hồ sơ cần đính kèm trước (ô «Mã hồ sơ»).</source>
        <translation>First open the dossier to attach to (the «Dossier code» box).</translation>
    </message>
    <message>
        <source>Đính kèm tệp quét vào hồ sơ {code}</source>
        <translation>Attach scanned file to dossier {code}</translation>
    </message>
</context>
<context>
    <name>Index766Guide</name>
    <message>
        <source>Công khai, minh bạch</source>
        <translation>Transparency</translation>
    </message>
    <message>
        <source>Tiến độ, kết quả giải quyết</source>
        <translation>Progress and results</translation>
    </message>
    <message>
        <source>Cung cấp dịch vụ trực tuyến</source>
        <translation>Online services</translation>
    </message>
    <message>
        <source>Số hóa hồ sơ</source>
        <translation>Digitisation</translation>
    </message>
    <message>
        <source>Thanh toán trực tuyến</source>
        <translation>Online payment</translation>
    </message>
    <message>
        <source>Mức độ hài lòng</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>Thủ tục hành chính được công bố đúng hạn trên Cơ sở dữ liệu quốc gia</source>
        <translation>Procedures published on time in the national database</translation>
    </message>
    <message>
        <source>Tỷ lệ công bố đúng hạn (dữ liệu cấp tỉnh)</source>
        <translation>Share published on time (provincial data)</translation>
    </message>
    <message>
        <source>Thủ tục được cập nhật, niêm yết đúng hạn (trong 5 ngày làm việc kể từ ngày quyết định công bố)</source>
        <translation>Procedures updated and posted on time (within 5 working days of the publication decision)</translation>
    </message>
    <message>
        <source>Niêm yết đúng hạn / thủ tục được công bố</source>
        <translation>Posted on time / procedures published</translation>
    </message>
    <message>
        <source>Thủ tục được niêm yết đầy đủ các bộ phận tạo thành</source>
        <translation>Procedures posted with all their parts</translation>
    </message>
    <message>
        <source>Niêm yết đầy đủ / thủ tục đã niêm yết</source>
        <translation>Posted complete / procedures posted</translation>
    </message>
    <message>
        <source>Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia</source>
        <translation>Dossiers synchronised to the national public service portal</translation>
    </message>
    <message>
        <source>Hồ sơ đồng bộ / hồ sơ tiếp nhận</source>
        <translation>Dossiers synchronised / dossiers received</translation>
    </message>
    <message>
        <source>Hồ sơ được giải quyết trước hạn, đúng hạn</source>
        <translation>Dossiers handled early or on time</translation>
    </message>
    <message>
        <source>(Trước hạn, đúng hạn + đang giải quyết trong hạn) / hồ sơ tiếp nhận, giải quyết trong kỳ</source>
        <translation>(Early or on time + in progress within time) / dossiers received or handled in the period</translation>
    </message>
    <message>
        <source>Thủ tục được cung cấp dịch vụ công trực tuyến</source>
        <translation>Procedures offered as online public services</translation>
    </message>
    <message>
        <source>Thủ tục trực tuyến / thủ tục của cơ quan</source>
        <translation>Online procedures / procedures of the office</translation>
    </message>
    <message>
        <source>Dịch vụ công trực tuyến có phát sinh hồ sơ</source>
        <translation>Online services that received dossiers</translation>
    </message>
    <message>
        <source>Dịch vụ có hồ sơ trực tuyến / dịch vụ công trực tuyến</source>
        <translation>Services with online dossiers / online public services</translation>
    </message>
    <message>
        <source>Hồ sơ nộp trực tuyến</source>
        <translation>Dossiers filed online</translation>
    </message>
    <message>
        <source>Hồ sơ nộp trực tuyến / hồ sơ tiếp nhận</source>
        <translation>Dossiers filed online / dossiers received</translation>
    </message>
    <message>
        <source>Hồ sơ có kết quả giải quyết điện tử</source>
        <translation>Dossiers with an electronic result</translation>
    </message>
    <message>
        <source>Kết quả điện tử / hồ sơ có kết quả</source>
        <translation>Electronic results / dossiers with a result</translation>
    </message>
    <message>
        <source>Hồ sơ được số hóa thành phần hồ sơ và kết quả</source>
        <translation>Dossiers with documents and result digitised</translation>
    </message>
    <message>
        <source>Số hóa hồ sơ và kết quả / hồ sơ có kết quả</source>
        <translation>Documents and result digitised / dossiers with a result</translation>
    </message>
    <message>
        <source>Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính</source>
        <translation>Electronic certified copies from originals offered</translation>
    </message>
    <message>
        <source>Có cấp bản sao chứng thực điện tử trong kỳ (có/không)</source>
        <translation>Electronic certified copies issued in the period (yes/no)</translation>
    </message>
    <message>
        <source>Hồ sơ khai thác, sử dụng lại dữ liệu số hóa</source>
        <translation>Dossiers reusing digitised data</translation>
    </message>
    <message>
        <source>Hồ sơ sử dụng lại dữ liệu số / hồ sơ tiếp nhận</source>
        <translation>Dossiers reusing digital data / dossiers received</translation>
    </message>
    <message>
        <source>Hồ sơ kết nối kho dữ liệu của công dân (kết quả trả về tài khoản chính chủ)</source>
        <translation>Dossiers linked to the citizen&apos;s data store (result returned to their own account)</translation>
    </message>
    <message>
        <source>Kết quả về tài khoản chính chủ / hồ sơ có kết quả</source>
        <translation>Results to the citizen&apos;s own account / dossiers with a result</translation>
    </message>
    <message>
        <source>Hồ sơ sử dụng Cơ sở dữ liệu quốc gia về dân cư</source>
        <translation>Dossiers using the national population database</translation>
    </message>
    <message>
        <source>Hồ sơ dùng dữ liệu dân cư (dữ liệu cấp tỉnh)</source>
        <translation>Dossiers using population data (provincial data)</translation>
    </message>
    <message>
        <source>Thanh toán trực tuyến: 6 × A + min(2; 2,5 × B) + 2,5 × C</source>
        <translation>Online payment: 6 × A + min(2; 2.5 × B) + 2.5 × C</translation>
    </message>
    <message>
        <source>A: hồ sơ thanh toán trực tuyến / hồ sơ có phí, lệ phí</source>
        <translation>A: dossiers paid online / dossiers with fees</translation>
    </message>
    <message>
        <source>B: thủ tục có thanh toán trực tuyến / thủ tục có phí, lệ phí</source>
        <translation>B: procedures with online payment / procedures with fees</translation>
    </message>
    <message>
        <source>C: thủ tục có phí tích hợp thanh toán trên Cổng / thủ tục có phí, lệ phí</source>
        <translation>C: fee procedures integrated with portal payment / procedures with fees</translation>
    </message>
    <message>
        <source>Phản ánh, kiến nghị được xử lý đúng hạn</source>
        <translation>Feedback handled on time</translation>
    </message>
    <message>
        <source>(Đúng hạn + đang xử lý trong hạn) / phản ánh, kiến nghị phải xử lý</source>
        <translation>(On time + in progress within time) / feedback to handle</translation>
    </message>
    <message>
        <source>Phản ánh, kiến nghị được xử lý làm người gửi hài lòng</source>
        <translation>Feedback handled to the sender&apos;s satisfaction</translation>
    </message>
    <message>
        <source>(Tiếp nhận − không hài lòng − trễ hạn − lặp lại) / phản ánh, kiến nghị tiếp nhận</source>
        <translation>(Received − dissatisfied − late − repeated) / feedback received</translation>
    </message>
    <message>
        <source>Hồ sơ được giải quyết làm người dân hài lòng</source>
        <translation>Dossiers handled to the applicant&apos;s satisfaction</translation>
    </message>
    <message>
        <source>1 − (tỷ lệ quá hạn + tỷ lệ có phản ánh hoặc «không hài lòng»)</source>
        <translation>1 − (share late + share with a complaint or «not satisfied»)</translation>
    </message>
    <message>
        <source>Bước xử lý của từng cán bộ trước hạn, đúng hạn</source>
        <translation>Each officer&apos;s steps early or on time</translation>
    </message>
    <message>
        <source>Hồ sơ trực tuyến được tiếp nhận (hoặc yêu cầu bổ sung) trong 8 giờ làm việc</source>
        <translation>Online dossiers received (or answered with a supplement request) within 8 working hours</translation>
    </message>
    <message>
        <source>Hồ sơ trực tuyến bị hủy (từ chối, dừng)</source>
        <translation>Online dossiers cancelled (refused, stopped)</translation>
    </message>
    <message>
        <source>Hồ sơ phải trả lại để bổ sung, hoàn thiện</source>
        <translation>Dossiers returned for supplements</translation>
    </message>
    <message>
        <source>Hồ sơ bị tạm dừng</source>
        <translation>Dossiers paused</translation>
    </message>
    <message>
        <source>Hồ sơ đã trả kết quả được người dân đánh giá</source>
        <translation>Returned dossiers rated by the applicant</translation>
    </message>
    <message>
        <source>Số hồ sơ trên phần mềm bằng số trên sổ giấy</source>
        <translation>Dossiers in the software equal the paper registers</translation>
    </message>
</context>
<context>
    <name>Index766Page</name>
    <message>
        <source>Chưa niêm yết trong 5 ngày làm việc kể từ quyết định công bố</source>
        <extracomment>On-screen words for :data:`tthc_desk.domain.index766.REASONS`.</extracomment>
        <translation>Not posted within 5 working days of the publication decision</translation>
    </message>
    <message>
        <source>Niêm yết quá 5 ngày làm việc kể từ quyết định công bố</source>
        <translation>Posted more than 5 working days after the publication decision</translation>
    </message>
    <message>
        <source>Niêm yết thiếu bộ phận</source>
        <translation>Notice missing required parts</translation>
    </message>
    <message>
        <source>Thiếu ngày quyết định công bố (lỗi dữ liệu danh mục thủ tục)</source>
        <translation>Publication-decision date missing (a data problem in the procedure catalogue)</translation>
    </message>
    <message>
        <source>Giải quyết quá hạn</source>
        <translation>Handled late</translation>
    </message>
    <message>
        <source>Đang giải quyết, đã quá hạn</source>
        <translation>In progress, already late</translation>
    </message>
    <message>
        <source>Yêu cầu bổ sung hồ sơ quá một lần (tính là quá hạn)</source>
        <translation>More than one supplement request (counted as late)</translation>
    </message>
    <message>
        <source>Chưa cung cấp dịch vụ công trực tuyến</source>
        <translation>No online public service offered</translation>
    </message>
    <message>
        <source>Dịch vụ trực tuyến chưa phát sinh hồ sơ</source>
        <translation>Online service has received no dossier</translation>
    </message>
    <message>
        <source>Nộp trực tiếp dù thủ tục có dịch vụ trực tuyến</source>
        <translation>Filed at the counter although the procedure is online</translation>
    </message>
    <message>
        <source>Kết quả chưa có bản điện tử (ký số)</source>
        <translation>Result has no electronic (signed) copy</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ chưa được số hóa</source>
        <translation>Dossier documents not digitised</translation>
    </message>
    <message>
        <source>Kết quả chưa được số hóa</source>
        <translation>Result not digitised</translation>
    </message>
    <message>
        <source>Chứng thực chưa cấp bản sao điện tử</source>
        <translation>Certification without an electronic certified copy</translation>
    </message>
    <message>
        <source>Không khai thác lại giấy tờ đã số hóa của người nộp</source>
        <translation>Applicant&apos;s digitised documents not reused</translation>
    </message>
    <message>
        <source>Kết quả chưa trả về tài khoản của công dân</source>
        <translation>Result not returned to the citizen&apos;s account</translation>
    </message>
    <message>
        <source>Nộp bằng tài khoản không chính chủ</source>
        <translation>Filed from someone else&apos;s portal account</translation>
    </message>
    <message>
        <source>Phí, lệ phí không thanh toán trực tuyến</source>
        <translation>Fees not paid online</translation>
    </message>
    <message>
        <source>Xử lý phản ánh, kiến nghị quá hạn</source>
        <translation>Feedback handled late</translation>
    </message>
    <message>
        <source>Phản ánh, kiến nghị đang xử lý, đã quá hạn</source>
        <translation>Feedback in progress, already late</translation>
    </message>
    <message>
        <source>Người gửi không hài lòng với kết quả xử lý</source>
        <translation>Sender not satisfied with the answer</translation>
    </message>
    <message>
        <source>Phản ánh, kiến nghị lặp lại</source>
        <translation>Repeated feedback</translation>
    </message>
    <message>
        <source>Người dân đánh giá «không hài lòng»</source>
        <translation>Citizen rated «not satisfied»</translation>
    </message>
    <message>
        <source>Có phản ánh, kiến nghị về hồ sơ</source>
        <translation>Feedback filed about the dossier</translation>
    </message>
    <message>
        <source>Bước xử lý quá hạn</source>
        <translation>Step finished late</translation>
    </message>
    <message>
        <source>Bước xử lý đang thực hiện, đã quá hạn</source>
        <translation>Step in progress, already late</translation>
    </message>
    <message>
        <source>Không tiếp nhận trong 8 giờ làm việc</source>
        <translation>Not received within 8 working hours</translation>
    </message>
    <message>
        <source>Hồ sơ trực tuyến bị hủy (từ chối, dừng)</source>
        <translation>Online dossier cancelled (refused, stopped)</translation>
    </message>
    <message>
        <source>Trả lại để bổ sung (số lần)</source>
        <translation>Returned for supplements (times)</translation>
    </message>
    <message>
        <source>Tạm dừng (số lần)</source>
        <translation>Paused (times)</translation>
    </message>
    <message>
        <source>Chưa được đánh giá</source>
        <translation>Not rated</translation>
    </message>
    <message>
        <source>Đã trả kết quả, chưa ghi vào sổ giấy</source>
        <translation>Result returned, not written in the paper book</translation>
    </message>
    <message>
        <source>Dữ liệu của xã</source>
        <translation>Commune data</translation>
    </message>
    <message>
        <source>Nhập từ Cổng</source>
        <translation>Typed from the portal</translation>
    </message>
    <message>
        <source>Giả định tối đa</source>
        <translation>Assumed maximum</translation>
    </message>
    <message>
        <source>Tính lại</source>
        <translation>Recalculate</translation>
    </message>
    <message>
        <source>Lưu báo cáo PDF…</source>
        <translation>Save PDF report…</translation>
    </message>
    <message>
        <source>In báo cáo…</source>
        <translation>Print report…</translation>
    </message>
    <message>
        <source>Điểm ước tính</source>
        <translation>Estimated score</translation>
    </message>
    <message>
        <source>Tiêu chí</source>
        <translation>Criterion</translation>
    </message>
    <message>
        <source>Tỷ lệ</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>Điểm</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>Mất</source>
        <translation>Lost</translation>
    </message>
    <message>
        <source>Nguồn số liệu</source>
        <translation>Data source</translation>
    </message>
    <message>
        <source>Chọn một tiêu chí để xem hồ sơ làm mất điểm.</source>
        <translation>Select a criterion to see the dossiers that lose points.</translation>
    </message>
    <message>
        <source>Mã hồ sơ, thủ tục</source>
        <translation>Dossier code, procedure</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Số liệu lấy từ Cổng Dịch vụ công</source>
        <translation>Figures taken from the Public Service Portal</translation>
    </message>
    <message>
        <source>Phần mềm không tính được các tỷ lệ này. Nhập tỷ lệ (%) xem trên Cổng; để trống thì tạm tính đủ điểm.</source>
        <translation>The software cannot calculate these rates. Enter the rates (%) shown on the Portal; if left empty, full points are assumed for now.</translation>
    </message>
    <message>
        <source>chưa nhập</source>
        <translation>not entered</translation>
    </message>
    <message>
        <source>Số hồ sơ trên sổ giấy trong kỳ</source>
        <translation>Number of dossiers in the paper register for the period</translation>
    </message>
    <message>
        <source>Lưu số liệu</source>
        <translation>Save figures</translation>
    </message>
    <message>
        <source>Chỉ lãnh đạo hoặc quản trị viên được sửa.</source>
        <translation>Only leaders or administrators can edit.</translation>
    </message>
    <message>
        <source>{points} / {max} điểm</source>
        <translation>{points} / {max} points</translation>
    </message>
    <message>
        <source>Số liệu từ {start} đến {end}, tính đến {moment}.</source>
        <translation>Figures from {start} to {end}, as of {moment}.</translation>
    </message>
    <message>
        <source>Cách tính điểm theo {guide}; ngưỡng đủ điểm: {thresholds}.</source>
        <translation>Scored by {guide}; full points from: {thresholds}.</translation>
    </message>
    <message>
        <source>tiêu chí {number} từ {percent}</source>
        <translation>criterion {number} at {percent}</translation>
    </message>
    <message>
        <source>{number}. {title}: {points}/{max}</source>
        <translation>{number}. {title}: {points}/{max}</translation>
    </message>
    <message>
        <source>Đạt</source>
        <translation>Met</translation>
    </message>
    <message>
        <source>Chưa đạt</source>
        <translation>Not met</translation>
    </message>
    <message>
        <source>Chưa nhập sổ giấy</source>
        <translation>Paper register not entered</translation>
    </message>
    <message>
        <source>Yêu cầu của xã: {title}</source>
        <translation>Commune requirement: {title}</translation>
    </message>
    <message>
        <source>không phát sinh</source>
        <translation>none arising</translation>
    </message>
    <message>
        <source>0/0: chưa có, tính 0%</source>
        <translation>0/0: none yet, counted as 0%</translation>
    </message>
    <message>
        <source>Cập nhật lúc {moment} bởi {name}.</source>
        <translation>Updated at {moment} by {name}.</translation>
    </message>
    <message>
        <source>Đang tải danh sách…</source>
        <translation>Loading the list…</translation>
    </message>
    <message>
        <source>{title}: {count} trường hợp làm mất điểm</source>
        <translation>{title}: {count} cases losing points</translation>
    </message>
    <message>
        <source>{title}: không có hồ sơ, thủ tục nào làm mất điểm.</source>
        <translation>{title}: no dossiers or procedures lose points.</translation>
    </message>
    <message>
        <source>Nhấp đúp hoặc nhấn Enter để mở hồ sơ.</source>
        <translation>Double-click or press Enter to open the dossier.</translation>
    </message>
    <message>
        <source>Đã lưu báo cáo vào {path}.</source>
        <translation>Report saved to {path}.</translation>
    </message>
    <message>
        <source>Lưu báo cáo 766</source>
        <translation>Save 766 report</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source>ngày/tháng/năm hoặc năm</source>
        <translation>dd/mm/yyyy or year</translation>
    </message>
    <message>
        <source>Trực tuyến (Cổng dịch vụ công)</source>
        <translation>Online (Public Service Portal)</translation>
    </message>
    <message>
        <source>Qua bưu chính</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>Nộp bằng tài khoản chính chủ</source>
        <translation>Submitted with the applicant&apos;s own account</translation>
    </message>
    <message>
        <source>Tiếp nhận ngay</source>
        <translation>Receive now</translation>
    </message>
    <message>
        <source>Không thu</source>
        <translation>No charge</translation>
    </message>
    <message>
        <source>Tiền mặt</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Chuyển khoản</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <source>Thanh toán trực tuyến</source>
        <translation>Online payment</translation>
    </message>
    <message>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Địa chỉ nhận kết quả qua bưu chính</source>
        <translation>Address for receiving the result by post</translation>
    </message>
    <message>
        <source>Trả kết quả ngay</source>
        <translation>Return result immediately</translation>
    </message>
    <message>
        <source>Chỉ với thủ tục giải quyết trong ngày</source>
        <translation>Only for same-day procedures</translation>
    </message>
    <message>
        <source>Lưu và in giấy tiếp nhận (Enter)</source>
        <translation>Save and print receipt (Enter)</translation>
    </message>
    <message>
        <source>Vẫn tiếp nhận hồ sơ mới</source>
        <translation>Receive as a new dossier anyway</translation>
    </message>
    <message>
        <source>Nhập mới (Esc)</source>
        <translation>New entry (Esc)</translation>
    </message>
    <message>
        <source>Gõ mã hoặc tên thủ tục (không dấu cũng được), ↓ để chọn, Enter để nhận (Ctrl+L)</source>
        <translation>Procedure code or name (no diacritics needed), ↓ to choose, Enter to take (Ctrl+L)</translation>
    </message>
    <message>
        <source>Ctrl+L: về ô thủ tục từ bất cứ đâu trên trang tiếp nhận</source>
        <translation>Ctrl+L: back to the procedure field from anywhere on the intake page</translation>
    </message>
    <message>
        <source>12 chữ số, hoặc quét mã QR trên thẻ căn cước (F2)</source>
        <translation>12 digits, or scan the QR code on the ID card (F2)</translation>
    </message>
    <message>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Ảnh thẻ…</source>
        <translation>Card photo…</translation>
    </message>
    <message>
        <source>Đọc mã QR trên ảnh chụp mặt trước thẻ căn cước (Ctrl+Shift+F2)</source>
        <translation>Read the QR code on a photo of the front of the ID card (Ctrl+Shift+F2)</translation>
    </message>
    <message>
        <source>Tìm giấy tờ cũ theo một từ trong nội dung hoặc tên (Enter)</source>
        <translation>Find an earlier document by a word in its text or title (Enter)</translation>
    </message>
    <message>
        <source>Tìm giấy tờ cũ của người nộp</source>
        <translation>Search the applicant&apos;s earlier documents</translation>
    </message>
    <message>
        <source>Tìm &amp;giấy tờ cũ:</source>
        <translation>Search earlier &amp;documents:</translation>
    </message>
    <message>
        <source>Bộ phận Một cửa</source>
        <translation>one-stop desk</translation>
    </message>
    <message>
        <source>Trực tiếp tại {unit}</source>
        <translation>In person at the {unit}</translation>
    </message>
    <message>
        <source>Tại {unit}</source>
        <translation>At the {unit}</translation>
    </message>
    <message>
        <source>1. Thủ tục (Ctrl+L)</source>
        <translation>1. Procedure (Ctrl+L)</translation>
    </message>
    <message>
        <source>2. Người nộp hồ sơ</source>
        <translation>2. Applicant</translation>
    </message>
    <message>
        <source>Số định danh cá nhân:</source>
        <translation>Personal ID number:</translation>
    </message>
    <message>
        <source>Họ và tên:</source>
        <translation>Full name:</translation>
    </message>
    <message>
        <source>Giới tính:</source>
        <translation>Sex:</translation>
    </message>
    <message>
        <source>Ngày sinh:</source>
        <translation>Date of birth:</translation>
    </message>
    <message>
        <source>Địa chỉ:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Điện thoại:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>Thư điện tử:</source>
        <translation>Email:</translation>
    </message>
    <message>
        <source>3. Thành phần hồ sơ đã nhận (Space để đánh dấu)</source>
        <translation>3. Dossier components received (Space to tick)</translation>
    </message>
    <message>
        <source>4. Kênh nộp, phí và nơi nhận kết quả</source>
        <translation>4. Submission channel, fees and result delivery</translation>
    </message>
    <message>
        <source>Kênh nộp:</source>
        <translation>Channel:</translation>
    </message>
    <message>
        <source>Thời điểm nộp:</source>
        <translation>Submitted at:</translation>
    </message>
    <message>
        <source>Phí, lệ phí:</source>
        <translation>Fees:</translation>
    </message>
    <message>
        <source>Nhận kết quả:</source>
        <translation>Result delivery:</translation>
    </message>
    <message>
        <source>Danh mục thủ tục còn trống. Quản trị viên hãy nhập danh mục thủ tục của tỉnh ở mục «Danh mục thủ tục» (Ctrl+8, nút «Nhập từ tệp…») rồi quay lại đây.</source>
        <translation>The procedure catalogue is empty. An administrator should import the province&apos;s procedure list under «Procedure catalogue» (Ctrl+8, «Import from file…») and then come back here.</translation>
    </message>
    <message>
        <source>trong ngày</source>
        <translation>same day</translation>
    </message>
    <message>
        <source>{n:g} giờ làm việc</source>
        <translation>{n:g} working hours</translation>
    </message>
    <message>
        <source>{n:g} ngày làm việc</source>
        <translation>{n:g} working days</translation>
    </message>
    <message>
        <source>&lt;b&gt;{code}&lt;/b&gt; {name} — thời hạn {time}</source>
        <translation>&lt;b&gt;{code}&lt;/b&gt; {name} — time limit {time}</translation>
    </message>
    <message>
        <source> (nếu có)</source>
        <translation> (if any)</translation>
    </message>
    <message>
        <source>Ảnh chụp mặt trước thẻ căn cước</source>
        <translation>Photo of the front of the ID card</translation>
    </message>
    <message>
        <source>Ảnh (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</source>
        <translation>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Đã đọc thẻ căn cước của {name}.</source>
        <translation>The ID card of {name} was read.</translation>
    </message>
    <message>
        <source>Người nộp mới; thông tin đã được điền từ thẻ căn cước.</source>
        <translation>New applicant; the details were filled in from the ID card.</translation>
    </message>
    <message>
        <source>Người nộp mới.</source>
        <translation>New applicant.</translation>
    </message>
    <message>
        <source>Người nộp đã đến trước đây; thông tin đã được điền sẵn.</source>
        <translation>Returning applicant; details have been filled in.</translation>
    </message>
    <message>
        <source>Đang có hồ sơ chưa xong: {codes}.</source>
        <translation>Unfinished dossiers: {codes}.</translation>
    </message>
    <message>
        <source>Dùng lại: {title} ({at})</source>
        <translation>Reuse: {title} ({at})</translation>
    </message>
    <message>
        <source>Không có giấy tờ cũ nào có từ “{query}”.</source>
        <translation>No earlier document contains “{query}”.</translation>
    </message>
    <message>
        <source>Tìm thấy {count} giấy tờ cũ có từ “{query}”.</source>
        <translation>Found {count} earlier document(s) containing “{query}”.</translation>
    </message>
    <message>
        <source>Đã tiếp nhận và trả kết quả ngay hồ sơ &lt;b&gt;{code}&lt;/b&gt;.</source>
        <translation>Dossier &lt;b&gt;{code}&lt;/b&gt; received and result returned immediately.</translation>
    </message>
    <message>
        <source>Đã ghi hồ sơ trực tuyến &lt;b&gt;{code}&lt;/b&gt;; phải tiếp nhận trước {due}.</source>
        <translation>Online dossier &lt;b&gt;{code}&lt;/b&gt; recorded; it must be received by {due}.</translation>
    </message>
    <message>
        <source>Đã tiếp nhận hồ sơ &lt;b&gt;{code}&lt;/b&gt;; hẹn trả kết quả lúc &lt;b&gt;{due}&lt;/b&gt;.</source>
        <translation>Dossier &lt;b&gt;{code}&lt;/b&gt; received; result due at &lt;b&gt;{due}&lt;/b&gt;.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Đăng nhập — TTHC Desk</source>
        <translation>Sign in — TTHC Desk</translation>
    </message>
    <message>
        <source>Bộ phận Một cửa</source>
        <translation>One-Stop Counter</translation>
    </message>
    <message>
        <source>Tên đăng nhập:</source>
        <translation>Username:</translation>
    </message>
    <message>
        <source>Mật khẩu:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Đang mở cơ sở dữ liệu…</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Đang mở cơ sở dữ liệu… Sẽ đăng nhập ngay khi mở xong.</source>
        <translation>Opening the database… You will be signed in as soon as it is open.</translation>
    </message>
    <message>
        <source>Đang kiểm tra mật khẩu…</source>
        <translation>Checking the password…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Đăng xuất / đổi người dùng</source>
        <translation>Sign out / switch user</translation>
    </message>
    <message>
        <source>Đăng xuất để người khác đăng nhập ({shortcut})</source>
        <translation>Sign out so that someone else can sign in ({shortcut})</translation>
    </message>
    <message>
        <source>Người dùng: {name} ({role})</source>
        <translation>User: {name} ({role})</translation>
    </message>
    <message>
        <source>TTHC Desk — {office} — {name}</source>
        <translation>TTHC Desk — {office} — {name}</translation>
    </message>
    <message>
        <source>CSDL: {db}</source>
        <extracomment>The shortcut of &quot;sign out / switch user&quot; (L for log out; Ctrl+L is the procedure field).</extracomment>
        <translation>Database: {db}</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Đã xảy ra lỗi không mong muốn. Dữ liệu đã lưu không bị mất. Chi tiết được ghi trong tệp nhật ký: {log}</source>
        <translation>An unexpected error occurred. No saved data has been lost. Details have been written to the log file: {log}</translation>
    </message>
    <message>
        <source>Không thực hiện được thao tác (mã lỗi {code}).</source>
        <translation>The operation could not be completed (error code {code}).</translation>
    </message>
    <message>
        <source>Đã hủy. Không có gì được lưu dở dang.</source>
        <translation>Cancelled. Nothing was left half-saved.</translation>
    </message>
    <message>
        <source>Ổ đĩa đã đầy nên không ghi được. Hãy giải phóng dung lượng rồi thử lại; dữ liệu đã lưu trước đó vẫn còn nguyên.</source>
        <translation>The disk is full, so nothing could be written. Free up some space and try again; data saved earlier is still intact.</translation>
    </message>
    <message>
        <source>Không mở được cơ sở dữ liệu {db}. Hãy kiểm tra đường dẫn hoặc kết nối.</source>
        <translation>Could not open the database {db}. Check the path or the connection.</translation>
    </message>
    <message>
        <source>«{db}» không phải đường dẫn tệp hay địa chỉ cơ sở dữ liệu dùng được. Hãy ghi đường dẫn tệp .sqlite3 hoặc postgresql+psycopg2://người_dùng:mật_khẩu@máy_chủ/tên.</source>
        <translation>«{db}» is not a usable file path or database address. Give the path of a .sqlite3 file or postgresql+psycopg2://user:password@server/name.</translation>
    </message>
    <message>
        <source>Tệp {db} không phải cơ sở dữ liệu của phần mềm. Hãy kiểm tra lại đường dẫn --db; tệp này không bị thay đổi.</source>
        <translation>The file {db} is not a database of this application. Check the --db path; the file was not changed.</translation>
    </message>
    <message>
        <source>Tệp cơ sở dữ liệu {db} bị hỏng hoặc bị cắt ngắn (chép dở?). Hãy khôi phục từ bản sao lưu gần nhất (lệnh restore hoặc trang Cài đặt).</source>
        <translation>The database file {db} is damaged or truncated (an unfinished copy?). Restore the latest backup (the restore command or the Settings page).</translation>
    </message>
    <message>
        <source>Không ghi được vào {db}: tệp hoặc thư mục chỉ cho đọc. Hãy chép tệp sang thư mục ghi được hoặc nhờ quản trị viên cấp quyền.</source>
        <translation>Cannot write to {db}: the file or folder is read-only. Copy the file to a writable folder or ask the administrator for access.</translation>
    </message>
    <message>
        <source>Không mở hay tạo được tệp {db} (thư mục không có hoặc không có quyền). Hãy kiểm tra đường dẫn --db.</source>
        <translation>Cannot open or create the file {db} (the folder does not exist or access is denied). Check the --db path.</translation>
    </message>
    <message>
        <source>Không kết nối được máy chủ cơ sở dữ liệu {db}. Hãy kiểm tra tên máy chủ, mạng và máy chủ PostgreSQL có đang chạy.</source>
        <translation>Cannot connect to the database server {db}. Check the server name, the network and that PostgreSQL is running.</translation>
    </message>
    <message>
        <source>Máy chủ không có cơ sở dữ liệu hoặc tài khoản ghi trong {db}. Hãy kiểm tra tên trong địa chỉ --db.</source>
        <translation>The server has no database or account named in {db}. Check the names in the --db address.</translation>
    </message>
    <message>
        <source>Máy chủ cơ sở dữ liệu từ chối mật khẩu của tài khoản trong {db}. Hãy kiểm tra mật khẩu.</source>
        <translation>The database server refused the password of the account in {db}. Check the password.</translation>
    </message>
    <message>
        <source>Tài khoản trong {db} không có quyền làm việc này trên máy chủ cơ sở dữ liệu. Hãy nhờ quản trị viên máy chủ.</source>
        <translation>The account in {db} may not do this on the database server. Ask the server&apos;s administrator.</translation>
    </message>
    <message>
        <source>Nội dung quá dài ({length} ký tự); tối đa {limit} ký tự. Hãy rút gọn.</source>
        <translation>The text is too long ({length} characters); at most {limit} characters. Shorten it.</translation>
    </message>
    <message>
        <source>Nội dung có ký tự điều khiển hoặc ký tự ẩn ({char}), thường do dán từ nơi khác. Hãy xóa rồi gõ lại.</source>
        <translation>The text contains a control or invisible character ({char}), usually from pasting. Delete it and type again.</translation>
    </message>
    <message>
        <source>Số tiền phải là số nguyên đồng, từ 0 đến {limit} đồng.</source>
        <translation>An amount of money must be a whole number of đồng from 0 to {limit}.</translation>
    </message>
    <message>
        <source>Số lượng phải là số nguyên từ {low} đến {high}.</source>
        <translation>A quantity must be a whole number from {low} to {high}.</translation>
    </message>
    <message>
        <source>Địa chỉ web không đúng dạng: phải bắt đầu bằng http:// hoặc https://, có tên máy chủ, cổng (nếu có) từ 1 đến 65535 và không có dấu cách (ví dụ: http://tsa.ca.gov.vn).</source>
        <translation>The web address is not valid: it must start with http:// or https://, name a server, have a port (if any) from 1 to 65535 and contain no spaces (for example: http://tsa.ca.gov.vn).</translation>
    </message>
    <message>
        <source>Ngày phải từ năm {first} đến ngày {last}. Hãy kiểm tra lại năm.</source>
        <translation>The date must be from the year {first} to {last}. Check the year.</translation>
    </message>
    <message>
        <source>Cơ quan đã được thiết lập trước đó.</source>
        <translation>The office has already been set up.</translation>
    </message>
    <message>
        <source>Hãy nhập tên cơ quan (ví dụ: UBND xã An Sơn).</source>
        <translation>Enter the name of the office (e.g. UBND xã An Sơn).</translation>
    </message>
    <message>
        <source>Hãy nhập mã cơ quan.</source>
        <translation>Enter the office code.</translation>
    </message>
    <message>
        <source>Mã cơ quan «{value}» không đúng dạng: chỉ dùng chữ in hoa không dấu, chữ số và dấu chấm, tối đa 20 ký tự, không có dấu cách hay dấu gạch ngang (ví dụ: H23.12.05 hoặc XANSON).</source>
        <translation>Office code «{value}» is not in the right format: use only unaccented capital letters, digits and full stops, up to 20 characters, with no spaces or hyphens (e.g. H23.12.05 or XANSON).</translation>
    </message>
    <message>
        <source>Hãy nhập mã định danh điện tử của cơ quan do tỉnh cấp (ví dụ: 000.00.25.H23). Mã này là phần đầu của mã hồ sơ, giống trên phần mềm một cửa của tỉnh và Cổng Dịch vụ công.</source>
        <translation>Enter the office&apos;s electronic identifier code issued by the province (e.g. 000.00.25.H23). It is the first part of every dossier code, as on the province&apos;s one-stop software and the National Public Service Portal.</translation>
    </message>
    <message>
        <source>Mã định danh điện tử «{value}» không đúng dạng theo QCVN 102:2016/BTTTT: bốn nhóm cách nhau bởi dấu chấm, 3 + 2 + 2 ký tự rồi mã cấp tỉnh (chữ H và 2 chữ số), ví dụ: 000.00.25.H23.</source>
        <translation>The electronic identifier code “{value}” does not have the QCVN 102:2016/BTTTT shape: four groups separated by dots, 3 + 2 + 2 characters, then the province&apos;s code (H and 2 digits), e.g. 000.00.25.H23.</translation>
    </message>
    <message>
        <source>Hãy nhập địa chỉ của cơ quan.</source>
        <translation>Enter the office&apos;s address.</translation>
    </message>
    <message>
        <source>Hãy nhập tỉnh, thành phố.</source>
        <translation>Enter the province or city.</translation>
    </message>
    <message>
        <source>Địa chỉ thư điện tử không đúng dạng (ví dụ: motcua@anson.gov.vn).</source>
        <translation>The email address is not in the right format (e.g. motcua@anson.gov.vn).</translation>
    </message>
    <message>
        <source>Chưa có thông tin cơ quan.</source>
        <translation>There are no office details yet.</translation>
    </message>
    <message>
        <source>Hãy nhập tên đăng nhập.</source>
        <translation>Enter a username.</translation>
    </message>
    <message>
        <source>Tên đăng nhập dài 3–32 ký tự, chỉ gồm chữ thường không dấu, chữ số, dấu chấm và gạch dưới (ví dụ: nguyenvana).</source>
        <translation>Usernames are 3–32 characters long and contain only unaccented lower-case letters, digits, full stops and underscores (e.g. nguyenvana).</translation>
    </message>
    <message>
        <source>Tên đăng nhập «{username}» đã có người dùng. Hãy chọn tên khác.</source>
        <translation>Username «{username}» is already taken. Choose another one.</translation>
    </message>
    <message>
        <source>Hãy nhập họ và tên.</source>
        <translation>Enter the full name.</translation>
    </message>
    <message>
        <source>Mật khẩu phải có ít nhất {minimum} ký tự.</source>
        <translation>The password must be at least {minimum} characters long.</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu không khớp nhau. Hãy nhập lại.</source>
        <translation>The two passwords do not match. Enter them again.</translation>
    </message>
    <message>
        <source>Không tìm thấy người dùng này.</source>
        <translation>This user could not be found.</translation>
    </message>
    <message>
        <source>Vai trò «{role}» không có trong ứng dụng.</source>
        <translation>The role “{role}” does not exist in the app.</translation>
    </message>
    <message>
        <source>Bạn không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của mình.</source>
        <translation>You cannot remove your own administrator rights or lock your own account.</translation>
    </message>
    <message>
        <source>Hãy nhập mật khẩu.</source>
        <translation>Enter the password.</translation>
    </message>
    <message>
        <source>Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra bộ gõ và phím Caps Lock.</source>
        <translation>Incorrect username or password. Check the keyboard input method and the Caps Lock key.</translation>
    </message>
    <message>
        <source>Đã nhập sai mật khẩu nhiều lần liên tiếp. Hãy chờ {seconds} giây rồi thử lại.</source>
        <translation>Too many incorrect passwords in a row. Wait {seconds} seconds and try again.</translation>
    </message>
    <message>
        <source>Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên.</source>
        <translation>This account has been locked. Contact the administrator.</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu dùng chung trên máy chủ PostgreSQL: hãy sao lưu bằng công cụ của máy chủ (pg_dump).</source>
        <translation>The shared database is on a PostgreSQL server: back it up with the server&apos;s tools (pg_dump).</translation>
    </message>
    <message>
        <source>Đã có tệp {path}. Hãy chọn thư mục hoặc tên tệp khác để không ghi đè.</source>
        <translation>{path} already exists. Choose another folder or file name so nothing is overwritten.</translation>
    </message>
    <message>
        <source>Bản sao lưu không qua được bước kiểm tra ({detail}). Tệp dữ liệu gốc không bị thay đổi; hãy thử lại và báo cho quản trị viên.</source>
        <translation>The backup failed its check ({detail}). The original database is unchanged; try again and tell the administrator.</translation>
    </message>
    <message>
        <source>Thư mục {path} không phải bản sao lưu đầy đủ, hoặc đã bị sửa hay thiếu tệp (kiểm tra: {reason}). Không dùng bản này để khôi phục; hãy chọn bản sao lưu khác.</source>
        <translation>The folder {path} is not a complete backup, or files were altered or are missing (check: {reason}). Do not restore from it; choose another backup.</translation>
    </message>
    <message>
        <source>Không có quyền ghi vào {path} (thư mục chỉ đọc hoặc của người dùng khác). Hãy chọn thư mục khác.</source>
        <translation>No permission to write to {path} (a read-only folder or another user&apos;s). Choose another folder.</translation>
    </message>
    <message>
        <source>Không sao lưu hoặc khôi phục được ({detail}) tại {path}. Dữ liệu đang dùng không bị thay đổi; hãy thử lại và báo cho quản trị viên.</source>
        <translation>The backup or restore failed ({detail}) at {path}. The data in use was not changed; try again and tell the administrator.</translation>
    </message>
    <message>
        <source>Lệnh này thay đổi dữ liệu hoặc đọc dữ liệu cá nhân: hãy ghi --user TÊN_ĐĂNG_NHẬP (mật khẩu sẽ được hỏi).</source>
        <translation>This command changes data or reads personal data: add --user USERNAME (the password will be asked).</translation>
    </message>
    <message>
        <source>Không hỏi được mật khẩu (không chạy trong cửa sổ lệnh): hãy đặt mật khẩu vào biến môi trường {env}.</source>
        <translation>Cannot ask for the password (not running in a terminal): put the password in the environment variable {env}.</translation>
    </message>
    <message>
        <source>Không có thư mục {path} (ổ USB chưa cắm hay ổ mạng chưa nối?). Hãy chọn thư mục có sẵn.</source>
        <translation>The folder {path} does not exist (USB disk not plugged in, network drive not connected?). Choose an existing folder.</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu {path} đang được máy khác ghi. Hãy đóng phần mềm trên mọi máy rồi khôi phục lại.</source>
        <translation>The database {path} is being written by another PC. Close the application on every PC, then restore again.</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu này đã có hồ sơ nên không tạo dữ liệu mẫu. Hãy chọn một tệp mới bằng --db.</source>
        <translation>This database already contains dossiers, so sample data will not be created. Choose a new file with --db.</translation>
    </message>
    <message>
        <source>Vai trò của bạn không được phép thực hiện thao tác này.</source>
        <translation>Your role is not allowed to perform this action.</translation>
    </message>
    <message>
        <source>Hãy nhập tỉ lệ phần trăm thời gian còn lại để cảnh báo (mặc định là 25).</source>
        <translation>Enter the percentage of time remaining at which to warn (the default is 25).</translation>
    </message>
    <message>
        <source>Hãy nhập số giờ làm việc còn lại để cảnh báo (mặc định là 4).</source>
        <translation>Enter the working hours remaining at which to warn (the default is 4).</translation>
    </message>
    <message>
        <source>«{value}» không phải là một số. Hãy nhập tỉ lệ phần trăm thời gian còn lại để cảnh báo (ví dụ: 25 hoặc 12,5).</source>
        <translation>“{value}” is not a number. Enter the percentage of time remaining at which to warn (for example 25 or 12.5).</translation>
    </message>
    <message>
        <source>Tỉ lệ thời gian còn lại để cảnh báo phải lớn hơn 0% và nhỏ hơn 100% (mặc định là 25%).</source>
        <translation>The share of time remaining at which to warn must be more than 0% and less than 100% (the default is 25%).</translation>
    </message>
    <message>
        <source>«{value}» không phải là một số. Hãy nhập số giờ làm việc còn lại để cảnh báo (ví dụ: 4 hoặc 2,5).</source>
        <translation>“{value}” is not a number. Enter the working hours remaining at which to warn (for example 4 or 2.5).</translation>
    </message>
    <message>
        <source>Số giờ làm việc còn lại để cảnh báo phải từ 0 đến 40 giờ (mặc định là 4 giờ).</source>
        <translation>The working hours remaining at which to warn must be from 0 to 40 (the default is 4 hours).</translation>
    </message>
    <message>
        <source>Tên mục cài đặt không hợp lệ: chỉ gồm chữ thường không dấu, chữ số, dấu chấm và gạch dưới, tối đa 64 ký tự (ví dụ: scan.folder).</source>
        <translation>The setting&apos;s name is not valid: use only lowercase letters without accents, digits, dots and underscores, at most 64 characters (for example: scan.folder).</translation>
    </message>
    <message>
        <source>Giá trị của mục cài đặt «{key}» không hợp lệ (sai kiểu, số quá lớn hoặc quá nhiều mục). Không có gì được lưu.</source>
        <translation>The value of the setting «{key}» is not valid (wrong kind, a number too large or too many items). Nothing was saved.</translation>
    </message>
    <message>
        <source>Hãy chọn cách tính hạn trên phiếu hẹn mới sau khi nhận hồ sơ đã bổ sung.</source>
        <translation>Choose how the new receipt&apos;s date is counted after a supplemented dossier is received.</translation>
    </message>
    <message>
        <source>Thời hạn giữ dữ liệu cá nhân phải từ {low} đến {high} năm.</source>
        <translation>The retention period of personal data must be from {low} to {high} years.</translation>
    </message>
    <message>
        <source>Giờ làm việc chỉ tính đến phút (ví dụ 07:30), không có giây: {time}.</source>
        <translation>Working hours are given to the minute only (e.g. 07:30), without seconds: {time}.</translation>
    </message>
    <message>
        <source>Hãy nhập ít nhất một khoảng giờ làm việc, ví dụ: 07:30-11:30, 13:30-17:30.</source>
        <translation>Enter at least one working-hours period, e.g. 07:30-11:30, 13:30-17:30.</translation>
    </message>
    <message>
        <source>Khoảng giờ làm việc {start:.5}–{end:.5} không hợp lệ: giờ kết thúc phải sau giờ bắt đầu.</source>
        <translation>The working-hours period {start:.5}–{end:.5} is invalid: the end time must be after the start time.</translation>
    </message>
    <message>
        <source>Các khoảng giờ làm việc chồng lên nhau (khoảng bắt đầu lúc {start:.5}). Hãy nhập các khoảng tách rời, theo thứ tự trong ngày.</source>
        <translation>The working-hours periods overlap (the period starting at {start:.5}). Enter separate periods, in order through the day.</translation>
    </message>
    <message>
        <source>Ngày {day} không thể vừa là ngày nghỉ vừa là ngày làm bù.</source>
        <translation>{day} cannot be both a day off and a make-up working day.</translation>
    </message>
    <message>
        <source>Ngày bắt đầu mùa {day}/{month} không có trong năm. Hãy chọn ngày khác.</source>
        <translation>The season start date {day}/{month} does not exist in the year. Choose another date.</translation>
    </message>
    <message>
        <source>Có hai mùa cùng bắt đầu từ ngày {day}/{month}. Mỗi mùa phải có ngày bắt đầu riêng.</source>
        <translation>Two seasons start on the same date, {day}/{month}. Each season must have its own start date.</translation>
    </message>
    <message>
        <source>Số giờ làm việc một ngày phải bằng nhau ở mọi mùa, vì thời hạn «một ngày làm việc» được tính bằng số giờ đó. Hãy chỉnh giờ của mùa hè hoặc mùa đông cho bằng nhau (ví dụ: cùng 8 giờ).</source>
        <translation>The number of working hours per day must be the same in every season, because the «one working day» time limit is calculated from it. Adjust the summer or winter hours so that they are equal (e.g. 8 hours in both).</translation>
    </message>
    <message>
        <source>Lịch làm việc không còn ngày làm việc nào để tính hạn. Hãy kiểm tra các ngày nghỉ đã khai báo.</source>
        <translation>The working calendar has no working days left to calculate deadlines. Check the days off that have been declared.</translation>
    </message>
    <message>
        <source>Đơn vị thời hạn giải quyết «{unit}» không hợp lệ: chỉ dùng ngày làm việc, giờ làm việc hoặc trong ngày.</source>
        <translation>Processing time unit «{unit}» is invalid: use only working days, working hours or same day.</translation>
    </message>
    <message>
        <source>Thời hạn giải quyết không được là số âm ({amount}).</source>
        <translation>The processing time limit cannot be negative ({amount}).</translation>
    </message>
    <message>
        <source>Hồ sơ đã đang tạm dừng; không tạm dừng thêm lần nữa được.</source>
        <translation>The dossier is already paused; it cannot be paused again.</translation>
    </message>
    <message>
        <source>Hồ sơ không ở trạng thái tạm dừng nên không thể tiếp tục.</source>
        <translation>The dossier is not paused, so it cannot be resumed.</translation>
    </message>
    <message>
        <source>Hãy nhập lý do (ví dụ: theo Thông báo số … của UBND tỉnh).</source>
        <translation>Enter a reason (e.g. under Notice No. … of the Provincial People&apos;s Committee).</translation>
    </message>
    <message>
        <source>Lý do dài quá {maximum} ký tự. Hãy viết ngắn gọn hơn.</source>
        <translation>The reason is longer than {maximum} characters. Please make it shorter.</translation>
    </message>
    <message>
        <source>Ngày {day:%d/%m/%Y} đã được khai báo trong lịch của cơ quan. Hãy bỏ khai báo cũ trước khi khai báo lại.</source>
        <translation>{day:%d/%m/%Y} has already been declared in the office&apos;s calendar. Remove the existing entry before declaring it again.</translation>
    </message>
    <message>
        <source>Ngày {day:%d/%m/%Y} vốn đã là ngày nghỉ (cuối tuần hoặc ngày lễ), không cần khai báo ngày nghỉ.</source>
        <translation>{day:%d/%m/%Y} is already a day off (weekend or public holiday); there is no need to declare it as a day off.</translation>
    </message>
    <message>
        <source>Ngày {day:%d/%m/%Y} vốn đã là ngày làm việc, không cần khai báo ngày làm bù.</source>
        <translation>{day:%d/%m/%Y} is already a working day; there is no need to declare it as a make-up working day.</translation>
    </message>
    <message>
        <source>Ngày {day:%d/%m/%Y} không có trong các ngày cơ quan đã khai báo. Ngày lễ theo quy định không bỏ được; muốn làm việc vào ngày đó, hãy khai báo ngày làm bù.</source>
        <translation>{day:%d/%m/%Y} is not among the days declared by the office. Statutory public holidays cannot be removed; to work on that day, declare it as a make-up working day.</translation>
    </message>
    <message>
        <source>Hãy nhập ít nhất một lịch giờ làm việc.</source>
        <translation>Enter at least one working-hours schedule.</translation>
    </message>
    <message>
        <source>Không hiểu khoảng giờ «{value}». Hãy nhập theo dạng giờ:phút-giờ:phút, các khoảng cách nhau bằng dấu phẩy, ví dụ: 07:30-11:30, 13:30-17:30.</source>
        <translation>Time range «{value}» could not be understood. Enter it as hh:mm-hh:mm, with ranges separated by commas, e.g. 07:30-11:30, 13:30-17:30.</translation>
    </message>
    <message>
        <source>Lịch làm việc năm {year} đã được xác nhận rồi.</source>
        <translation>The working calendar of {year} is already confirmed.</translation>
    </message>
    <message>
        <source>Hãy ghi văn bản công bố lịch nghỉ (ví dụ: Thông báo số 15/TB-UBND ngày 10/02/2026 của UBND tỉnh).</source>
        <translation>Enter the document announcing the days off (e.g. Notice 15/TB-UBND of 10/02/2026 of the provincial People&apos;s Committee).</translation>
    </message>
    <message>
        <source>Tệp không có ngày nào cần khai báo thêm vào lịch làm việc.</source>
        <translation>The file has no day to add to the working calendar.</translation>
    </message>
    <message>
        <source>Ngày {day:%d/%m/%Y} có hai lần trong danh sách nhập.</source>
        <translation>The date {day:%d/%m/%Y} is twice in the import.</translation>
    </message>
    <message>
        <source>Không đọc được tệp lịch. Hãy chọn tệp iCalendar (.ics) hoặc Excel (.xlsx) còn nguyên.</source>
        <translation>The calendar file cannot be read. Choose an intact iCalendar (.ics) or Excel (.xlsx) file.</translation>
    </message>
    <message>
        <source>Không nhập được tệp «{suffix}». Hãy chọn tệp iCalendar (.ics) hoặc Excel (.xlsx).</source>
        <translation>Files &quot;{suffix}&quot; cannot be imported. Choose an iCalendar (.ics) or Excel (.xlsx) file.</translation>
    </message>
    <message>
        <source>Tệp Excel không có cột «Ngày». Dòng tiêu đề cần có cột Ngày, và nếu có thì cột Loại (Nghỉ / Làm bù) và cột Lý do.</source>
        <translation>The Excel file has no &quot;Ngày&quot; (date) column. The header row needs a Ngày column and, optionally, Loại (Nghỉ / Làm bù) and Lý do columns.</translation>
    </message>
    <message>
        <source>Hãy nhập mã thủ tục (mã trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193).</source>
        <translation>Enter the procedure code (the code in the National Database on Administrative Procedures, e.g. 1.001193).</translation>
    </message>
    <message>
        <source>Mã thủ tục «{value}» không đúng dạng: chỉ dùng chữ không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch chéo, không có dấu cách (ví dụ 1.001193).</source>
        <translation>Procedure code «{value}» is not in the right format: use only unaccented letters, digits, full stops, hyphens or slashes, with no spaces (e.g. 1.001193).</translation>
    </message>
    <message>
        <source>Mã thủ tục {procedure} đã có trong danh mục. Hãy mở thủ tục đó để sửa thay vì thêm mới.</source>
        <translation>Procedure code {procedure} is already in the catalogue. Open that procedure to edit it instead of adding a new one.</translation>
    </message>
    <message>
        <source>Không đổi được mã của thủ tục {procedure}. Nếu mã mới thay thế mã cũ, hãy thêm thủ tục mới rồi cho thủ tục cũ ngừng áp dụng.</source>
        <translation>The code of procedure {procedure} cannot be changed. If the new code replaces the old one, add a new procedure and then discontinue the old one.</translation>
    </message>
    <message>
        <source>Không có thủ tục mã {procedure} trong danh mục.</source>
        <translation>There is no procedure with code {procedure} in the catalogue.</translation>
    </message>
    <message>
        <source>Hãy nhập tên thủ tục.</source>
        <translation>Enter the procedure name.</translation>
    </message>
    <message>
        <source>Hãy chọn lĩnh vực của thủ tục (ví dụ Hộ tịch, Chứng thực).</source>
        <translation>Choose the field of the procedure (e.g. Civil status, Certification).</translation>
    </message>
    <message>
        <source>Lĩnh vực «{name}» chưa có trong danh mục. Hãy sửa tên cho đúng lĩnh vực đã có, hoặc thêm lĩnh vực này trước (khi nhập từ tệp: chọn «Tạo lĩnh vực mới»).</source>
        <translation>Field «{name}» is not in the catalogue yet. Correct the name to match an existing field, or add this field first (when importing from a file: select «Create new fields»).</translation>
    </message>
    <message>
        <source>Lĩnh vực «{name}» đã có. Hãy dùng lĩnh vực đó.</source>
        <translation>Field «{name}» already exists. Use that field.</translation>
    </message>
    <message>
        <source>Hãy nhập thời hạn giải quyết (số ngày làm việc hoặc số giờ làm việc), hoặc chọn «Trong ngày».</source>
        <translation>Enter the processing time limit (number of working days or working hours), or choose «Same day».</translation>
    </message>
    <message>
        <source>Thời hạn giải quyết phải lớn hơn 0 (đang là {value}).</source>
        <translation>The processing time limit must be greater than 0 (currently {value}).</translation>
    </message>
    <message>
        <source>Thời hạn giải quyết quá lớn hoặc không phải số; tối đa {limit} ngày (giờ) làm việc. Hãy kiểm tra lại số đã ghi.</source>
        <translation>The processing time is too large or not a number; at most {limit} working days (hours). Check the number entered.</translation>
    </message>
    <message>
        <source>Đơn vị thời hạn «{value}» không hiểu được. Hãy ghi «ngày làm việc», «giờ làm việc» hoặc «trong ngày».</source>
        <translation>Time limit unit «{value}» could not be understood. Write «ngày làm việc» (working days), «giờ làm việc» (working hours) or «trong ngày» (same day).</translation>
    </message>
    <message>
        <source>Thời hạn «{value}» không phải là một số. Hãy ghi số, ví dụ 3 hoặc 0,5.</source>
        <translation>Time limit «{value}» is not a number. Write a number, e.g. 3 or 0,5.</translation>
    </message>
    <message>
        <source>Giờ chốt nhận hồ sơ trong ngày không đúng. Hãy ghi dạng 15:00.</source>
        <translation>The same-day cut-off time for receiving dossiers is invalid. Write it as 15:00.</translation>
    </message>
    <message>
        <source>Thiếu thành phần hồ sơ: hãy ghi ít nhất một giấy tờ người dân phải nộp.</source>
        <translation>Dossier components are missing: list at least one document that citizens must submit.</translation>
    </message>
    <message>
        <source>Giấy tờ dòng {row} chưa có tên. Hãy nhập tên hoặc xóa dòng đó.</source>
        <translation>The document on row {row} has no name. Enter a name or delete that row.</translation>
    </message>
    <message>
        <source>Số lượng của giấy tờ dòng {row} phải từ 1 trở lên.</source>
        <translation>The quantity of the document on row {row} must be 1 or more.</translation>
    </message>
    <message>
        <source>Loại giấy tờ «{value}» không hiểu được. Hãy ghi «bản chính», «bản sao có chứng thực», «bản sao» hoặc «mẫu đơn, tờ khai».</source>
        <translation>Document type «{value}» could not be understood. Write «bản chính» (original), «bản sao có chứng thực» (certified copy), «bản sao» (copy) or «mẫu đơn, tờ khai» (application form, declaration).</translation>
    </message>
    <message>
        <source>Khoản phí dòng {row} chưa ghi nội dung thu. Hãy nhập hoặc xóa dòng đó.</source>
        <translation>The fee on row {row} has no description. Enter one or delete that row.</translation>
    </message>
    <message>
        <source>Mức thu của khoản phí dòng {row} không đúng. Hãy ghi số tiền (đồng), «0» nếu miễn, hoặc «HĐND tỉnh» nếu do tỉnh quy định.</source>
        <translation>The amount of the fee on row {row} is invalid. Write the amount (in VND), «0» if exempt, or «HĐND tỉnh» if it is set by the province (Provincial People&apos;s Council).</translation>
    </message>
    <message>
        <source>Hãy khai báo các bước xử lý nội bộ (tên bước, người thực hiện, số giờ làm việc).</source>
        <translation>Declare the internal processing steps (step name, performed by, number of working hours).</translation>
    </message>
    <message>
        <source>Bước xử lý dòng {row} chưa có tên. Hãy nhập tên hoặc xóa dòng đó.</source>
        <translation>The processing step on row {row} has no name. Enter a name or delete that row.</translation>
    </message>
    <message>
        <source>Số giờ của bước xử lý dòng {row} phải lớn hơn 0.</source>
        <translation>The number of hours for the processing step on row {row} must be greater than 0.</translation>
    </message>
    <message>
        <source>Người thực hiện «{value}» không hiểu được. Hãy ghi «Cán bộ tiếp nhận», «Công chức chuyên môn» hoặc «Lãnh đạo».</source>
        <translation>Performer «{value}» could not be understood. Write «Cán bộ tiếp nhận» (receiving officer), «Công chức chuyên môn» (specialist officer) or «Lãnh đạo» (leadership).</translation>
    </message>
    <message>
        <source>Các bước xử lý cộng lại {total} giờ làm việc, nhưng thời hạn giải quyết là {expected} giờ làm việc (một ngày làm việc = {hours_per_day} giờ). Hãy sửa số giờ các bước cho khớp với thời hạn.</source>
        <translation>The processing steps add up to {total} working hours, but the processing time limit is {expected} working hours (one working day = {hours_per_day} hours). Adjust the hours of the steps to match the time limit.</translation>
    </message>
    <message>
        <source>Không tìm thấy thủ tục này. Có thể danh sách đã cũ: hãy tải lại.</source>
        <translation>This procedure could not be found. The list may be out of date: reload it.</translation>
    </message>
    <message>
        <source>Phiên bản {version} của thủ tục {procedure} đã có phiên bản mới hơn. Hãy sửa phiên bản hiện hành.</source>
        <translation>Version {version} of procedure {procedure} has been superseded by a newer version. Edit the current version.</translation>
    </message>
    <message>
        <source>Thủ tục {procedure} đã ngừng áp dụng. Hãy khôi phục trước nếu cần dùng lại.</source>
        <translation>Procedure {procedure} has been discontinued. Restore it first if you need to use it again.</translation>
    </message>
    <message>
        <source>Thủ tục {procedure} đang áp dụng, không cần khôi phục.</source>
        <translation>Procedure {procedure} is in force; there is no need to restore it.</translation>
    </message>
    <message>
        <source>Hãy ghi lý do ngừng áp dụng (ví dụ: bãi bỏ theo Quyết định số … ngày …).</source>
        <translation>Enter the reason for discontinuing it (e.g. repealed by Decision No. … dated …).</translation>
    </message>
    <message>
        <source>Không tìm thấy tệp {path}. Hãy chọn lại tệp.</source>
        <translation>File {path} could not be found. Choose the file again.</translation>
    </message>
    <message>
        <source>Chỉ nhập được tệp Excel (.xlsx) hoặc CSV (.csv). Tệp «{name}» không phải hai loại đó.</source>
        <translation>Only Excel (.xlsx) or CSV (.csv) files can be imported. File «{name}» is neither.</translation>
    </message>
    <message>
        <source>Không đọc được tệp «{name}». Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi thử lại.</source>
        <translation>File «{name}» could not be read. Open it in Excel, save it again as .xlsx and try again.</translation>
    </message>
    <message>
        <source>Tệp «{name}» quá lớn (quá {limit}). Danh mục thủ tục chỉ cần một tệp nhỏ; hãy kiểm tra lại đã chọn đúng tệp chưa.</source>
        <translation>The file «{name}» is too large (over {limit}). A procedure catalogue needs only a small file; check that you chose the right file.</translation>
    </message>
    <message>
        <source>Tệp có quá {limit} dòng. Hãy chia danh mục thành nhiều tệp nhỏ hơn hoặc kiểm tra lại tệp.</source>
        <translation>The file has more than {limit} rows. Split the catalogue into smaller files or check the file.</translation>
    </message>
    <message>
        <source>Tệp không phải văn bản CSV (có ký tự nhị phân). Hãy mở bằng Excel và lưu lại dạng «CSV UTF-8».</source>
        <translation>The file is not CSV text (it contains binary characters). Open it in Excel and save it as «CSV UTF-8».</translation>
    </message>
    <message>
        <source>Dòng {row} của tệp CSV bị hỏng (dấu ngoặc kép không đóng hoặc ô quá dài). Hãy sửa dòng đó rồi nhập lại.</source>
        <translation>Line {row} of the CSV file is broken (an unclosed quote or a cell too long). Fix that line and import again.</translation>
    </message>
    <message>
        <source>Dòng {row} của tệp CSV bị hỏng (dấu ngoặc kép không đóng hoặc ô quá dài) nên không đọc được. Hãy mở tệp, sửa dòng {row} rồi nhập lại; các dòng khác vẫn được xem xét.</source>
        <translation>Row {row} of the CSV file is broken (an unclosed quote or a cell too long) and cannot be read. Open the file, fix row {row} and import again; the other rows are still considered.</translation>
    </message>
    <message>
        <source>Dòng {row}, ô «{column}» có ký tự không đọc được (tệp không lưu dạng Unicode). Hãy mở tệp bằng Excel, lưu lại dạng «CSV UTF-8» hoặc .xlsx rồi nhập lại.</source>
        <translation>Row {row}, cell «{column}» has characters that cannot be read (the file is not saved as Unicode). Open the file in Excel, save it as «CSV UTF-8» or .xlsx and import again.</translation>
    </message>
    <message>
        <source>Ô «{column}» là công thức Excel; phần mềm không nhận công thức. Hãy chép rồi dán dạng giá trị (Paste Values) vào ô đó.</source>
        <translation>The cell «{column}» is an Excel formula; formulas are not accepted. Copy it and paste it as values (Paste Values) into that cell.</translation>
    </message>
    <message>
        <source>Ô «{column}» dài quá {limit} ký tự. Hãy rút gọn nội dung ô.</source>
        <translation>The cell «{column}» is longer than {limit} characters. Shorten it.</translation>
    </message>
    <message>
        <source>Tệp thiếu cột: {columns}. Hãy dùng mẫu của phần mềm (nút «Tải mẫu nhập»).</source>
        <translation>The file is missing columns: {columns}. Use the software&apos;s template (the «Download import template» button).</translation>
    </message>
    <message>
        <source>Tệp không có dòng thủ tục nào dưới dòng tiêu đề.</source>
        <translation>The file has no procedure rows below the header row.</translation>
    </message>
    <message>
        <source>Không có dòng nào nhập được. Hãy sửa các lỗi trong bảng xem trước.</source>
        <translation>There are no rows that can be imported. Fix the errors in the preview table.</translation>
    </message>
    <message>
        <source>Mã thủ tục {procedure} đã xuất hiện ở dòng {row}. Mỗi thủ tục chỉ ghi một dòng.</source>
        <translation>Procedure code {procedure} already appears on row {row}. Each procedure must take up only one row.</translation>
    </message>
    <message>
        <source>Cột «{column}» gõ bằng bảng mã cũ {encoding}; đã chuyển sang Unicode: «{sample}». Hãy kiểm tra lại chữ.</source>
        <translation>Column «{column}» was typed in the legacy {encoding} encoding; it has been converted to Unicode: «{sample}». Check the text.</translation>
    </message>
    <message>
        <source>Cột «{column}» gõ bằng bảng mã cũ {encoding} nên không nhận. Hãy chuyển tệp sang Unicode (ví dụ bằng Unikey: Công cụ chuyển mã) rồi nhập lại.</source>
        <translation>Column «{column}» was typed in the legacy {encoding} encoding, so it was not accepted. Convert the file to Unicode (e.g. with Unikey&apos;s conversion tool, «Công cụ chuyển mã») and import it again.</translation>
    </message>
    <message>
        <source>Cột «{column}» có ký tự lạ («{sample}»), có thể do gõ bằng bảng mã cũ. Hãy chuyển tệp sang Unicode rồi nhập lại.</source>
        <translation>Column «{column}» contains unusual characters («{sample}»), possibly typed in a legacy encoding. Convert the file to Unicode and import it again.</translation>
    </message>
    <message>
        <source>Tệp không ghi các bước xử lý nội bộ: phần mềm đã chia sẵn {count} bước theo thời hạn. Có thể sửa lại sau.</source>
        <translation>The file does not list the internal processing steps: the software has created {count} steps based on the time limit. You can edit them later.</translation>
    </message>
    <message>
        <source>Chưa ghi «{part}»: thủ tục vẫn được nhập nhưng bản niêm yết sẽ thiếu phần này.</source>
        <translation>«{part}» has not been filled in: the procedure will still be imported, but the public notice will be missing this section.</translation>
    </message>
    <message>
        <source>Dòng yêu cầu bãi bỏ thủ tục {procedure}, nhưng danh mục không có thủ tục này.</source>
        <translation>The row asks for procedure {procedure} to be repealed, but the catalogue does not contain this procedure.</translation>
    </message>
    <message>
        <source>Ngày «{value}» không đúng. Hãy ghi dạng ngày/tháng/năm, ví dụ 15/03/2025.</source>
        <translation>Date «{value}» is invalid. Write it as day/month/year, e.g. 15/03/2025.</translation>
    </message>
    <message>
        <source>Cột «{column}» ghi «{value}» không hiểu được. Hãy ghi «x» hoặc «có» khi đúng, để trống khi không.</source>
        <translation>Column «{column}» contains «{value}», which could not be understood. Write «x» or «có» (yes) for yes, and leave it blank for no.</translation>
    </message>
    <message>
        <source>Cột «Trực tuyến» ghi «{value}» không hiểu được. Hãy ghi «toàn trình», «một phần» hoặc để trống.</source>
        <translation>Column «Trực tuyến» (Online) contains «{value}», which could not be understood. Write «toàn trình» (full) or «một phần» (partial), or leave it blank.</translation>
    </message>
    <message>
        <source>Danh mục đã thay đổi từ lúc xem trước. Hãy xem trước lại rồi mới nhập.</source>
        <translation>The catalogue has changed since the preview. Preview again before importing.</translation>
    </message>
    <message>
        <source>Không có thủ tục nào để niêm yết. Hãy chọn lĩnh vực hoặc thủ tục khác.</source>
        <translation>There are no procedures for public notice. Choose a different field or procedure.</translation>
    </message>
    <message>
        <source>Chưa chọn thủ tục nào. Hãy đánh dấu ít nhất một thủ tục trong danh sách, hoặc chuyển sang niêm yết theo lĩnh vực.</source>
        <translation>No procedure is chosen. Tick at least one procedure in the list, or switch to notices by field.</translation>
    </message>
    <message>
        <source>Không có thủ tục đang áp dụng nào mang mã «{codes}». Hãy kiểm tra lại mã (xem ở mục Danh mục thủ tục, ví dụ 1.001193).</source>
        <translation>No procedure in force has the code “{codes}”. Check the code (see the Procedure catalogue; for example 1.001193).</translation>
    </message>
    <message>
        <source>Thủ tục mã «{codes}» đã ngừng áp dụng nên không niêm yết nữa. Hãy bỏ mã này ra.</source>
        <translation>The procedure with code “{codes}” has been retired and is no longer posted. Leave this code out.</translation>
    </message>
    <message>
        <source>Chỉ dùng một trong hai cách chọn: --field (theo lĩnh vực) hoặc --code (theo mã thủ tục), không dùng cả hai cùng lúc.</source>
        <translation>Use only one way of choosing: --field (by field) or --code (by procedure code), not both at once.</translation>
    </message>
    <message>
        <source>Không có lĩnh vực «{name}». Các lĩnh vực hiện có: {known}.</source>
        <translation>There is no field «{name}». Existing fields: {known}.</translation>
    </message>
    <message>
        <source>Chưa có thông tin cơ quan. Hãy điền ở mục Cài đặt trước khi in niêm yết.</source>
        <translation>There are no office details yet. Fill them in under Settings before printing the public notice.</translation>
    </message>
    <message>
        <source>Ngày niêm yết không thể trước ngày in bản niêm yết.</source>
        <translation>The public notice date cannot be earlier than the date the public notice was printed.</translation>
    </message>
    <message>
        <source>Ngày niêm yết không thể ở tương lai.</source>
        <translation>The public notice date cannot be in the future.</translation>
    </message>
    <message>
        <source>Không in được. Hãy kiểm tra máy in rồi thử lại, hoặc lưu ra tệp PDF để in.</source>
        <translation>Could not print. Check the printer and try again, or save to a PDF file to print.</translation>
    </message>
    <message>
        <source>Không tìm thấy tệp {path}.</source>
        <translation>File {path} could not be found.</translation>
    </message>
    <message>
        <source>Tệp {path} không phải là tệp PDF. Hãy chọn đúng tệp PDF hoặc tệp ảnh.</source>
        <translation>File {path} is not a PDF file. Choose a proper PDF or image file.</translation>
    </message>
    <message>
        <source>Tệp {path} đã được đặt mật khẩu hoặc mã hóa nên không thể lưu, ký hay đóng dấu. Hãy xin bản không đặt mật khẩu.</source>
        <translation>File {path} is password-protected or encrypted, so it cannot be stored, signed or stamped. Ask for a copy without a password.</translation>
    </message>
    <message>
        <source>Tệp {path} bị thiếu phần cuối (sao chép hoặc tải về chưa xong). Hãy lấy lại tệp đầy đủ.</source>
        <translation>File {path} is incomplete at the end (the copy or download did not finish). Obtain the complete file again.</translation>
    </message>
    <message>
        <source>Tệp PDF {path} bị hỏng, không đọc được ({detail}).</source>
        <translation>PDF file {path} is damaged and cannot be read ({detail}).</translation>
    </message>
    <message>
        <source>Tệp {path} chỉ có {pages} trang, không có trang số {index}.</source>
        <translation>File {path} has only {pages} pages; there is no page {index}.</translation>
    </message>
    <message>
        <source>Chưa có trang ảnh nào để ghép thành PDF.</source>
        <translation>There are no image pages to combine into a PDF yet.</translation>
    </message>
    <message>
        <source>Tệp ảnh {path} bị hỏng hoặc không đúng định dạng ({detail}).</source>
        <translation>Image file {path} is damaged or in the wrong format ({detail}).</translation>
    </message>
    <message>
        <source>Máy chưa cài Tesseract nên không nhận dạng được chữ; tài liệu vẫn được lưu dạng ảnh.</source>
        <translation>Tesseract is not installed on this computer, so text cannot be recognised; the document is still saved as images.</translation>
    </message>
    <message>
        <source>Tesseract chưa có dữ liệu ngôn ngữ {lang} (gói tesseract-ocr-vie); tài liệu vẫn được lưu dạng ảnh.</source>
        <translation>Tesseract has no language data for {lang} (package tesseract-ocr-vie); the document is still saved as images.</translation>
    </message>
    <message>
        <source>Nhận dạng chữ ở trang {page} không thành công ({detail}).</source>
        <translation>Text recognition failed on page {page} ({detail}).</translation>
    </message>
    <message>
        <source>Ổ đĩa đã đầy nên không ghi được {path}. Hãy giải phóng dung lượng rồi thử lại.</source>
        <translation>The disk is full, so {path} could not be written. Free up some space and try again.</translation>
    </message>
    <message>
        <source>Không ghi được tệp {path} ({detail}). Hãy kiểm tra quyền ghi thư mục.</source>
        <translation>File {path} could not be written ({detail}). Check the write permissions of the folder.</translation>
    </message>
    <message>
        <source>Ổ đĩa chứa kho tệp {root} đã đầy. Hãy giải phóng dung lượng rồi thử lại; tài liệu chưa được lưu.</source>
        <translation>The disk holding the file store {root} is full. Free up some space and try again; the document has not been saved.</translation>
    </message>
    <message>
        <source>Không ghi được vào kho tệp {root} ({detail}).</source>
        <translation>Could not write to the file store {root} ({detail}).</translation>
    </message>
    <message>
        <source>Tệp {path} không còn ở chỗ cũ (đã bị chuyển hoặc xóa).</source>
        <translation>File {path} is no longer in its original location (it has been moved or deleted).</translation>
    </message>
    <message>
        <source>Tệp của tài liệu này không còn trong kho (mã băm {sha256}). Hãy chạy «Kiểm tra kho tệp» và khôi phục từ bản sao lưu.</source>
        <translation>This document&apos;s file is no longer in the store (hash {sha256}). Run «Check file store» and restore it from a backup.</translation>
    </message>
    <message>
        <source>Không đọc được kho tệp {root} ({detail}). Hãy kiểm tra ổ đĩa hoặc thư mục dùng chung.</source>
        <translation>Could not read the file store {root} ({detail}). Check the disk or the shared folder.</translation>
    </message>
    <message>
        <source>Máy chưa cài SANE (gói sane-utils) nên không quét trực tiếp được.</source>
        <translation>SANE (package sane-utils) is not installed on this computer, so direct scanning is not possible.</translation>
    </message>
    <message>
        <source>Không tìm thấy máy quét {device}. Hãy kiểm tra cáp, nguồn điện rồi thử lại.</source>
        <translation>Scanner {device} could not be found. Check the cable and power supply, then try again.</translation>
    </message>
    <message>
        <source>Máy quét {device} đang bận. Hãy chờ một lát rồi thử lại.</source>
        <translation>Scanner {device} is busy. Wait a moment and try again.</translation>
    </message>
    <message>
        <source>Máy quét {device} không hỗ trợ chế độ màu {mode}. Hãy chọn chế độ khác.</source>
        <translation>Scanner {device} does not support colour mode {mode}. Choose a different mode.</translation>
    </message>
    <message>
        <source>Máy quét không có trang nào. Hãy đặt giấy vào khay rồi quét lại.</source>
        <translation>There are no pages in the scanner. Place the paper in the tray and scan again.</translation>
    </message>
    <message>
        <source>Quét trên máy {device} không thành công ({detail}).</source>
        <translation>Scanning on {device} failed ({detail}).</translation>
    </message>
    <message>
        <source>Chưa hỗ trợ quét trực tiếp trên hệ điều hành {platform}.</source>
        <translation>Direct scanning is not yet supported on the {platform} operating system.</translation>
    </message>
    <message>
        <source>Không dùng được dịch vụ quét WIA của Windows trên máy này. Hãy kiểm tra trình điều khiển máy quét, hoặc cho máy quét lưu vào thư mục quét chung; phần mềm tự nhận tệp từ đó.</source>
        <translation>Windows&apos; WIA scanning service cannot be used on this PC. Check the scanner driver, or have the scanner save into the shared scan folder; the app picks files up from there.</translation>
    </message>
    <message>
        <source>Tệp {name} trong thư mục quét không được nhận: nội dung là {kind} nhưng tên tệp ghi {expected}. Hãy đổi phần đuôi tên tệp cho đúng (ví dụ .jpg cho ảnh JPEG).</source>
        <translation>{name} in the scan folder was not taken: its content is {kind} but its name says {expected}. Correct the file name&apos;s extension (e.g. .jpg for a JPEG image).</translation>
    </message>
    <message>
        <source>Không có thư mục quét {folder}. Hãy kiểm tra đường dẫn hoặc ổ mạng dùng chung.</source>
        <translation>Scan folder {folder} does not exist. Check the path or the shared network drive.</translation>
    </message>
    <message>
        <source>Không tìm thấy tệp chứng thư số {path}.</source>
        <translation>Digital certificate file {path} could not be found.</translation>
    </message>
    <message>
        <source>Tệp {path} không phải tệp chứng thư số (.p12, .pfx) hợp lệ.</source>
        <translation>File {path} is not a valid digital certificate file (.p12, .pfx).</translation>
    </message>
    <message>
        <source>Mật khẩu của tệp chứng thư số {path} không đúng.</source>
        <translation>The password for digital certificate file {path} is incorrect.</translation>
    </message>
    <message>
        <source>Không tìm thấy thư viện PKCS#11 của USB ký số ({lib_path}). Hãy cài phần mềm đi kèm USB ký số hoặc chọn đúng tệp thư viện.</source>
        <translation>The PKCS#11 library for the digital signature USB token ({lib_path}) could not be found. Install the software supplied with the USB token or choose the correct library file.</translation>
    </message>
    <message>
        <source>Tệp {lib_path} không phải thư viện PKCS#11 dùng được ({detail}).</source>
        <translation>File {lib_path} is not a usable PKCS#11 library ({detail}).</translation>
    </message>
    <message>
        <source>Thư viện {lib_path} là bản {bits}-bit, phần mềm này chạy {app_bits}-bit nên không nạp được. Hãy cài bản driver {app_bits}-bit của USB ký số (thường nằm trong C:\Windows\System32, bản 32-bit nằm trong C:\Windows\SysWOW64).</source>
        <translation>The library {lib_path} is {bits}-bit and this program runs as {app_bits}-bit, so it cannot be loaded. Install the token&apos;s {app_bits}-bit driver (usually in C:\Windows\System32; 32-bit drivers are in C:\Windows\SysWOW64).</translation>
    </message>
    <message>
        <source>Không thấy USB ký số. Hãy cắm USB ký số vào máy rồi thử lại.</source>
        <translation>No digital signature USB token was found. Plug the USB token into the computer and try again.</translation>
    </message>
    <message>
        <source>Đang cắm {count} USB ký số. Hãy chỉ để lại USB của người ký.</source>
        <translation>{count} digital signature USB tokens are plugged in. Leave only the signer&apos;s USB token.</translation>
    </message>
    <message>
        <source>Mã PIN không đúng. Lưu ý: nhập sai nhiều lần liên tiếp USB ký số sẽ bị khóa.</source>
        <translation>Incorrect PIN. Note: entering a wrong PIN too many times in a row will lock the USB token.</translation>
    </message>
    <message>
        <source>USB ký số đã bị khóa mã PIN. Hãy liên hệ nhà cung cấp chứng thư số để mở khóa.</source>
        <translation>The USB token&apos;s PIN is locked. Contact the digital certificate provider to unlock it.</translation>
    </message>
    <message>
        <source>Hãy nhập mã PIN của USB ký số.</source>
        <translation>Enter the PIN of the digital signature USB token.</translation>
    </message>
    <message>
        <source>Đã hủy trên USB ký số nên tài liệu chưa được ký. Muốn ký thì bấm «Ký số» lần nữa và xác nhận trên thiết bị.</source>
        <translation>Cancelled on the signing token, so the document is not signed. To sign it, press «Sign digitally» again and confirm on the device.</translation>
    </message>
    <message>
        <source>USB ký số có {count} chứng thư dùng được. Hãy chọn một chứng thư để ký.</source>
        <translation>The USB token holds {count} usable certificates. Choose one certificate to sign with.</translation>
    </message>
    <message>
        <source>Không còn thấy chứng thư đã chọn trên USB ký số. Hãy tải lại danh sách.</source>
        <translation>The selected certificate can no longer be found on the USB token. Reload the list.</translation>
    </message>
    <message>
        <source>Chứng thư đã chọn không có khóa bí mật trên USB ký số nên không ký được.</source>
        <translation>The selected certificate has no private key on the USB token, so it cannot be used for signing.</translation>
    </message>
    <message>
        <source>USB ký số báo lỗi ({detail}). Hãy rút ra, cắm lại rồi thử lại.</source>
        <translation>The USB token reported an error ({detail}). Unplug it, plug it back in and try again.</translation>
    </message>
    <message>
        <source>Chứng thư số đã hết hạn từ {not_after}. Hãy gia hạn chứng thư số.</source>
        <translation>The digital certificate expired on {not_after}. Renew the digital certificate.</translation>
    </message>
    <message>
        <source>Chứng thư số chỉ có hiệu lực từ {not_before}.</source>
        <translation>The digital certificate is only valid from {not_before}.</translation>
    </message>
    <message>
        <source>Chứng thư này không được cấp để ký số văn bản. Hãy chọn chứng thư khác.</source>
        <translation>This certificate was not issued for digitally signing documents. Choose a different certificate.</translation>
    </message>
    <message>
        <source>Tệp đã ký phải được lưu thành tệp mới, không ghi đè lên tệp gốc.</source>
        <translation>The signed file must be saved as a new file, not over the original file.</translation>
    </message>
    <message>
        <source>Ký số không thành công ({detail}).</source>
        <translation>Digital signature failed ({detail}).</translation>
    </message>
    <message>
        <source>Không tìm thấy tệp chứng thư {path}.</source>
        <translation>Certificate file {path} could not be found.</translation>
    </message>
    <message>
        <source>Tệp {path} không phải chứng thư số dạng PEM hoặc DER đọc được (hoặc bó P7B, thư mục chứa các tệp đó).</source>
        <translation>{path} is not a readable PEM or DER certificate (or a P7B bundle, or a folder of such files).</translation>
    </message>
    <message>
        <source>Chữ ký hợp lệ: tài liệu còn nguyên vẹn, chứng thư thuộc chuỗi tin cậy và đang còn hiệu lực. Thời điểm ký chỉ theo đồng hồ máy tính của người ký (không có dấu thời gian).</source>
        <translation>Valid signature: the document is intact, the certificate chains to a trusted root and is currently valid. The signing time is only the signer&apos;s computer clock (no timestamp).</translation>
    </message>
    <message>
        <source>Chữ ký hợp lệ tại thời điểm ký {time}, được chứng minh bằng dấu thời gian tin cậy.</source>
        <translation>Valid at the time of signing {time}, proven by a trusted timestamp.</translation>
    </message>
    <message>
        <source>Có thay đổi sau khi ký: {changes}. Nội dung đang xem không còn là bản đã ký; hãy xem bản đã ký để đối chiếu.</source>
        <translation>Changed after signing: {changes}. What you see is no longer what was signed; view the signed version to compare.</translation>
    </message>
    <message>
        <source>Chữ ký hỏng: không đọc được dữ liệu của chữ ký này.</source>
        <translation>Broken signature: its data cannot be read.</translation>
    </message>
    <message>
        <source>Chữ ký hỏng: chữ ký sai về mặt mật mã.</source>
        <translation>Broken signature: it is cryptographically invalid.</translation>
    </message>
    <message>
        <source>Chứng thư của người ký đã hết hạn ngày {date} và không có bằng chứng (dấu thời gian) cho thấy tài liệu được ký trước ngày đó.</source>
        <translation>The signer&apos;s certificate expired on {date} and there is no proof (timestamp) that the document was signed before then.</translation>
    </message>
    <message>
        <source>Chứng thư của người ký đã hết hạn ngày {date}, trước thời điểm ký {time} (theo dấu thời gian).</source>
        <translation>The signer&apos;s certificate expired on {date}, before the signing time {time} (per the timestamp).</translation>
    </message>
    <message>
        <source>Chứng thư của người ký chưa có hiệu lực vào thời điểm ký (hiệu lực từ {date}).</source>
        <translation>The signer&apos;s certificate was not yet valid at the time of signing (valid from {date}).</translation>
    </message>
    <message>
        <source>Chữ ký dùng thuật toán băm yếu ({algorithm}), không còn được chấp nhận; cần ký lại bằng SHA-256.</source>
        <translation>The signature uses a weak hash algorithm ({algorithm}) that is no longer accepted; it must be signed again with SHA-256.</translation>
    </message>
    <message>
        <source>Chữ ký không còn giá trị: chứng thư đã bị thu hồi ngày {date}, trước thời điểm ký (hoặc không có dấu thời gian chứng minh tài liệu được ký trước ngày đó).</source>
        <translation>The signature is no longer valid: the certificate was revoked on {date}, before the signing time (or there is no timestamp proving the document was signed before then).</translation>
    </message>
    <message>
        <source>Chữ ký không còn giá trị: chứng thư của tổ chức cấp chứng thư cho người ký đã bị thu hồi ngày {date}.</source>
        <translation>The signature is no longer valid: the certificate of the authority that issued the signer&apos;s certificate was revoked on {date}.</translation>
    </message>
    <message>
        <source>đã kiểm tra (danh sách thu hồi hoặc OCSP): chưa bị thu hồi</source>
        <translation>checked (revocation list or OCSP): not revoked</translation>
    </message>
    <message>
        <source>chứng thư đã bị thu hồi ngày {date}</source>
        <translation>the certificate was revoked on {date}</translation>
    </message>
    <message>
        <source>chứng thư bị thu hồi ngày {date}, sau thời điểm ký đã được dấu thời gian chứng minh</source>
        <translation>the certificate was revoked on {date}, after the signing time proven by a timestamp</translation>
    </message>
    <message>
        <source>chưa kiểm tra được tình trạng thu hồi (tệp không kèm dữ liệu thu hồi, máy không tra cứu qua mạng)</source>
        <translation>revocation status could not be checked (the file carries no revocation data and this computer does not look it up online)</translation>
    </message>
    <message>
        <source>chưa kiểm tra được tình trạng thu hồi (không lấy được danh sách thu hồi hoặc OCSP)</source>
        <translation>revocation status could not be checked (no revocation list or OCSP answer could be obtained)</translation>
    </message>
    <message>
        <source>Lưu ý: chưa kiểm tra được tình trạng thu hồi của chứng thư. Đây là thông tin, không phải lỗi của chữ ký; kết quả trên không có nghĩa là chứng thư chưa bị thu hồi.</source>
        <translation>Note: the certificate&apos;s revocation status could not be checked. This is information, not a fault of the signature; the result above does not mean that the certificate has not been revoked.</translation>
    </message>
    <message>
        <source>Tệp này không có chữ ký số nào.</source>
        <translation>This file has no digital signatures.</translation>
    </message>
    <message>
        <source>Tệp không có chữ ký {field}.</source>
        <translation>The file has no signature {field}.</translation>
    </message>
    <message>
        <source>lần sửa {revision}: sửa nội dung biểu mẫu ({fields})</source>
        <translation>revision {revision}: form contents changed ({fields})</translation>
    </message>
    <message>
        <source>lần sửa {revision}: thêm hoặc sửa chú thích, ghi chú trên trang</source>
        <translation>revision {revision}: annotations or comments added or changed</translation>
    </message>
    <message>
        <source>lần sửa {revision}: thay đổi nội dung hoặc cấu trúc tài liệu</source>
        <translation>revision {revision}: document content or structure changed</translation>
    </message>
    <message>
        <source>lần sửa {revision}: thêm chữ ký số khác (được phép)</source>
        <translation>revision {revision}: another signature added (allowed)</translation>
    </message>
    <message>
        <source>lần sửa {revision}: thêm dấu thời gian hoặc dữ liệu kiểm tra (được phép)</source>
        <translation>revision {revision}: timestamp or validation data added (allowed)</translation>
    </message>
    <message>
        <source>Không dùng bản này. Xem bản đã ký để biết nội dung gốc, và yêu cầu nơi cấp gửi lại bản chưa bị sửa.</source>
        <translation>Do not use this copy. View the signed version for the original content, and ask the issuer for an unaltered copy.</translation>
    </message>
    <message>
        <source>Không dùng bản này; yêu cầu nơi cấp gửi lại tệp đã ký.</source>
        <translation>Do not use this copy; ask the issuer to send the signed file again.</translation>
    </message>
    <message>
        <source>Không thêm chứng thư này vào danh sách tin cậy: chứng thư đã hết hạn. Yêu cầu nơi cấp ký lại bằng chứng thư còn hiệu lực (có dấu thời gian).</source>
        <translation>Do not add this certificate to the trusted list: it has expired. Ask the issuer to sign again with a valid certificate (with a timestamp).</translation>
    </message>
    <message>
        <source>Kiểm tra lại đồng hồ máy tính của người ký; yêu cầu nơi cấp ký lại.</source>
        <translation>The signer&apos;s computer clock may be wrong; ask the issuer to sign again.</translation>
    </message>
    <message>
        <source>Không dùng bản này và không thêm chứng thư này vào danh sách tin cậy: chứng thư đã bị thu hồi. Yêu cầu nơi cấp ký lại bằng chứng thư còn hiệu lực.</source>
        <translation>Do not use this copy and do not add this certificate to the trusted list: it has been revoked. Ask the issuer to sign again with a valid certificate.</translation>
    </message>
    <message>
        <source>Yêu cầu nơi cấp ký lại bằng phần mềm ký số dùng SHA-256.</source>
        <translation>Ask the issuer to sign again with software that uses SHA-256.</translation>
    </message>
    <message>
        <source>Nếu đây là chứng thư của một tổ chức cung cấp dịch vụ chứng thực hợp pháp, quản trị viên nhập chứng thư gốc của tổ chức đó (trang Số hóa → Chứng thư tin cậy, hoặc lệnh trust add). Không nhập chứng thư riêng của người ký.</source>
        <translation>If the certificate comes from a licensed certification service provider, an administrator loads that provider&apos;s root certificate (Digitisation → Trusted certificates, or the trust add command). Do not load the signer&apos;s own certificate.</translation>
    </message>
    <message>
        <source>Nội dung đã ký bị thay đổi: chữ ký không còn khớp với tài liệu.</source>
        <translation>The signed content has been changed: the signature no longer matches the document.</translation>
    </message>
    <message>
        <source>Chứng thư của người ký không thuộc chuỗi tin cậy của cơ quan (chưa nhập chứng thư gốc tương ứng).</source>
        <translation>The signer&apos;s certificate is not in the office&apos;s chain of trust (the corresponding root certificate has not been imported).</translation>
    </message>
    <message>
        <source>Hãy chọn ít nhất một tệp PDF hoặc ảnh.</source>
        <translation>Choose at least one PDF or image file.</translation>
    </message>
    <message>
        <source>Mỗi tài liệu là một tệp PDF, hoặc một hay nhiều ảnh ghép lại. Không ghép nhiều tệp PDF, hay PDF lẫn ảnh, vào một tài liệu.</source>
        <translation>Each document is a single PDF file, or one or more images combined. Do not combine several PDF files, or PDFs and images, into one document.</translation>
    </message>
    <message>
        <source>Tệp {name} không phải PDF hay ảnh (JPEG, PNG, TIFF) nên không nhận được.</source>
        <translation>File {name} is not a PDF or an image (JPEG, PNG, TIFF), so it cannot be accepted.</translation>
    </message>
    <message>
        <source>Không tìm thấy tài liệu số {id}.</source>
        <translation>Document no. {id} could not be found.</translation>
    </message>
    <message>
        <source>Tài liệu này đã có phiên bản mới hơn. Hãy làm trên phiên bản mới nhất.</source>
        <translation>There is a newer version of this document. Work on the latest version.</translation>
    </message>
    <message>
        <source>Thành phần hồ sơ đã chọn không thuộc thủ tục của hồ sơ này.</source>
        <translation>The selected dossier component does not belong to this dossier&apos;s procedure.</translation>
    </message>
    <message>
        <source>Tài liệu này là của người khác, không dùng cho hồ sơ này được.</source>
        <translation>This document belongs to someone else and cannot be used for this dossier.</translation>
    </message>
    <message>
        <source>Tài liệu đã hết hiệu lực từ ngày {valid_until}, không dùng lại được.</source>
        <translation>The document expired on {valid_until} and cannot be reused.</translation>
    </message>
    <message>
        <source>Tài liệu này đã có trong hồ sơ {ref}.</source>
        <translation>This document is already in dossier {ref}.</translation>
    </message>
    <message>
        <source>Không tìm thấy hồ sơ có mã «{ref}». Hãy kiểm tra lại mã hồ sơ.</source>
        <translation>No dossier with code «{ref}» could be found. Check the dossier code.</translation>
    </message>
    <message>
        <source>Chỉ chứng thực bản sao từ bản chính đã quét. Hãy quét bản chính và ghi loại là «Bản chính».</source>
        <translation>Certification is only possible for copies of a scanned original. Scan the original and set its type to «Original».</translation>
    </message>
    <message>
        <source>Nhiều người đang cùng lấy số chứng thực nên chưa cấp được số. Hãy thử lại.</source>
        <translation>Several people are requesting certification numbers at the same time, so no number could be issued. Try again.</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ cấp dấu thời gian «{url}» không hợp lệ; địa chỉ phải bắt đầu bằng http:// hoặc https://.</source>
        <translation>The timestamp server address «{url}» is not valid; it must start with http:// or https://.</translation>
    </message>
    <message>
        <source>Chứng thư dùng để ký là của {holder}, không phải của người đang đăng nhập ({officer}). Con dấu ghi tên {holder}; việc ký này đã được ghi vào nhật ký.</source>
        <translation>The signing certificate belongs to {holder}, not to the signed-in user ({officer}). The stamp names {holder}; this signature has been recorded in the audit log.</translation>
    </message>
    <message>
        <source>Đã ký khi không có dấu thời gian: thời điểm ký là giờ của máy tính này, không được bên thứ ba xác nhận.</source>
        <translation>Signed without a timestamp: the signing time is this computer&apos;s clock, not confirmed by a third party.</translation>
    </message>
    <message>
        <source>Tệp {path} không phải ảnh con dấu PNG hoặc JPEG (tối đa 512 KB).</source>
        <translation>{path} is not a PNG or JPEG seal image (at most 512 KB).</translation>
    </message>
    <message>
        <source>Chưa có ảnh con dấu của cơ quan. Quản trị viên chọn ảnh con dấu ở Số hóa → Chứng thư tin cậy trước khi ký số cơ quan.</source>
        <translation>The office&apos;s seal image is not set. An administrator chooses it under Digitisation → Trusted certificates before the organisation signature can be used.</translation>
    </message>
    <message>
        <source>Chữ ký số của cơ quan chỉ dùng trên kết quả giải quyết thủ tục.</source>
        <translation>The organisation signature is only used on results.</translation>
    </message>
    <message>
        <source>Tệp này đã được chứng nhận không cho phép thay đổi sau khi ký (DocMDP); ký thêm sẽ làm hỏng chữ ký đã có.</source>
        <translation>This file is certified with no changes allowed after signing (DocMDP); another signature would break the existing one.</translation>
    </message>
    <message>
        <source>Tệp {path} có mật khẩu chủ sở hữu không cho phép ký hoặc điền biểu mẫu. Hãy xin bản cho phép ký.</source>
        <translation>{path} has an owner password that does not allow signing or form filling. Ask for a copy that allows signing.</translation>
    </message>
    <message>
        <source>Không có chứng thư tin cậy số {id} (có thể đã bị bỏ trước đó).</source>
        <translation>There is no trusted certificate no. {id} (it may have been removed earlier).</translation>
    </message>
    <message>
        <source>Kho tệp có {missing} tệp bị mất và {altered} tệp bị thay đổi. Hãy khôi phục từ bản sao lưu.</source>
        <translation>The file store has {missing} missing files and {altered} altered files. Restore them from a backup.</translation>
    </message>
    <message>
        <source>Hãy nhập họ và tên người nộp hồ sơ.</source>
        <translation>Enter the full name of the applicant.</translation>
    </message>
    <message>
        <source>Hãy nhập số định danh cá nhân (số căn cước, 12 chữ số) của người nộp.</source>
        <translation>Enter the applicant&apos;s personal ID number (the 12-digit citizen ID number).</translation>
    </message>
    <message>
        <source>Số định danh cá nhân phải gồm đúng 12 chữ số (đã nhập «{value}», {length} ký tự).</source>
        <translation>The personal ID number must have exactly 12 digits (you entered «{value}», {length} characters).</translation>
    </message>
    <message>
        <source>Ba chữ số đầu của số định danh cá nhân ({province_code}) không phải mã tỉnh, thành phố nào. Hãy kiểm tra lại số trên thẻ căn cước.</source>
        <translation>The first three digits of the personal ID number ({province_code}) are not the code of any province or city. Check the number on the citizen ID card.</translation>
    </message>
    <message>
        <source>Số định danh cho năm sinh {id_year}, sau năm nay ({year}): số này chưa thể có. Hãy kiểm tra lại chữ số thứ 4 (thế kỷ, giới tính) và hai chữ số năm sinh.</source>
        <translation>The personal ID is for the birth year {id_year}, after this year ({year}): such a number cannot exist yet. Check the 4th digit (century, gender) and the two birth-year digits.</translation>
    </message>
    <message>
        <source>Số định danh cá nhân cho biết năm sinh {id_year}, nhưng năm sinh đã nhập là {birth_year}. Hãy kiểm tra lại số định danh hoặc ngày sinh.</source>
        <translation>The personal ID number indicates the year of birth {id_year}, but the year of birth entered is {birth_year}. Check the personal ID number or the date of birth.</translation>
    </message>
    <message>
        <source>Ngày sinh «{value}» không có thật hoặc không đúng dạng. Hãy nhập theo dạng ngày/tháng/năm (ví dụ 05/09/1985) hoặc chỉ năm sinh (1985).</source>
        <translation>Date of birth «{value}» does not exist or is not in the right format. Enter it as day/month/year (e.g. 05/09/1985) or just the year of birth (1985).</translation>
    </message>
    <message>
        <source>Ngày sinh «{value}» nằm trong tương lai. Hãy kiểm tra lại.</source>
        <translation>Date of birth «{value}» is in the future. Check it.</translation>
    </message>
    <message>
        <source>Số điện thoại «{value}» không đúng: số di động có 10 chữ số bắt đầu bằng 03, 05, 07, 08 hoặc 09; số cố định có 11 chữ số bắt đầu bằng 02.</source>
        <translation>Phone number «{value}» is invalid: mobile numbers have 10 digits starting with 03, 05, 07, 08 or 09; landline numbers have 11 digits starting with 02.</translation>
    </message>
    <message>
        <source>Địa chỉ thư điện tử «{value}» không đúng dạng (ví dụ: ten@gmail.com).</source>
        <translation>Email address «{value}» is not in the right format (e.g. ten@gmail.com).</translation>
    </message>
    <message>
        <source>Hãy chọn thủ tục hành chính (gõ mã hoặc tên thủ tục để tìm).</source>
        <translation>Choose the administrative procedure (type the procedure code or name to search).</translation>
    </message>
    <message>
        <source>Thủ tục {procedure} đã ngừng áp dụng, không tiếp nhận hồ sơ mới.</source>
        <translation>Procedure {procedure} has been discontinued; new dossiers are not accepted.</translation>
    </message>
    <message>
        <source>Hãy đánh dấu ít nhất một giấy tờ đã nhận trong thành phần hồ sơ.</source>
        <translation>Tick at least one received document in the dossier components.</translation>
    </message>
    <message>
        <source>Giấy tờ đã nhận phải có tên.</source>
        <translation>Received documents must have a name.</translation>
    </message>
    <message>
        <source>Số lượng của giấy tờ «{name}» phải từ 1 trở lên.</source>
        <translation>The quantity of document «{name}» must be 1 or more.</translation>
    </message>
    <message>
        <source>Hình thức của giấy tờ «{name}» không hợp lệ.</source>
        <translation>The type of document «{name}» (original, copy, etc.) is invalid.</translation>
    </message>
    <message>
        <source>Số bộ hồ sơ phải từ 1 trở lên.</source>
        <translation>The number of dossier sets must be 1 or more.</translation>
    </message>
    <message>
        <source>Số tiền phí, lệ phí không được âm.</source>
        <translation>Fees and charges cannot be negative.</translation>
    </message>
    <message>
        <source>Hồ sơ có thu phí, lệ phí: hãy chọn hình thức nộp (tiền mặt, chuyển khoản…).</source>
        <translation>This dossier has fees or charges: choose the payment method (cash, bank transfer…).</translation>
    </message>
    <message>
        <source>Hồ sơ trực tuyến: hãy nhập thời điểm nộp trên Cổng dịch vụ công.</source>
        <translation>Online dossier: enter the time it was submitted on the Public Service Portal.</translation>
    </message>
    <message>
        <source>Thời điểm nộp trực tuyến không thể ở tương lai. Hãy kiểm tra lại.</source>
        <translation>The online submission time cannot be in the future. Check it.</translation>
    </message>
    <message>
        <source>Nhận kết quả qua bưu chính: hãy nhập địa chỉ nhận kết quả.</source>
        <translation>Result delivered by post: enter the address for delivering the result.</translation>
    </message>
    <message>
        <source>Chỉ thủ tục giải quyết trong ngày mới được trả kết quả ngay khi tiếp nhận.</source>
        <translation>Only same-day procedures can have the result returned immediately on receipt.</translation>
    </message>
    <message>
        <source>Giấy tờ số hóa được chọn không dùng lại được: không phải của người nộp này, đã hết hạn hoặc đã có bản mới hơn. Hãy bỏ chọn giấy tờ đó.</source>
        <translation>The selected digitised document cannot be reused: it belongs to someone else, has expired or has a newer version. Untick it.</translation>
    </message>
    <message>
        <source>Người này đang có hồ sơ cùng thủ tục chưa giải quyết xong: {codes}. Nếu vẫn tiếp nhận hồ sơ mới, hãy xác nhận lại.</source>
        <translation>This person already has an unfinished dossier for the same procedure: {codes}. If you still want to receive the new dossier, confirm again.</translation>
    </message>
    <message>
        <source>Không thấy mã QR của thẻ căn cước trong ảnh. Hãy chụp lại mặt trước của thẻ, rõ và đủ sáng, hoặc quét bằng máy quét mã.</source>
        <translation>No ID card QR code was found in the picture. Take the photo of the card&apos;s front again, sharp and well lit, or use the code scanner.</translation>
    </message>
    <message>
        <source>Không mở được ảnh «{path}».</source>
        <translation>The picture «{path}» could not be opened.</translation>
    </message>
    <message>
        <source>Máy này chưa có bộ đọc mã QR (gói zxing-cpp). Hãy cài lại phần mềm.</source>
        <translation>This computer has no QR code reader (the zxing-cpp package). Please reinstall the software.</translation>
    </message>
    <message>
        <source>Không tìm thấy hồ sơ.</source>
        <translation>The dossier could not be found.</translation>
    </message>
    <message>
        <source>Không tìm thấy hồ sơ có mã {dossier}.</source>
        <translation>No dossier with code {dossier} could be found.</translation>
    </message>
    <message>
        <source>Mã hồ sơ «{value}» không đúng dạng (ví dụ: XANSON-260302-0001).</source>
        <translation>Dossier code «{value}» is not in the right format (e.g. XANSON-260302-0001).</translation>
    </message>
    <message>
        <source>Hồ sơ đang ở trạng thái không cho phép thao tác này. Hãy tải lại hồ sơ để xem trạng thái mới nhất.</source>
        <translation>The dossier&apos;s current status does not allow this action. Reload the dossier to see its latest status.</translation>
    </message>
    <message>
        <source>Hãy ghi lý do.</source>
        <translation>Enter a reason.</translation>
    </message>
    <message>
        <source>Hãy chọn cán bộ, công chức nhận bàn giao (tài khoản đang hoạt động).</source>
        <translation>Choose the official or civil servant to hand over to (an active account).</translation>
    </message>
    <message>
        <source>Hãy ghi lý do yêu cầu bổ sung, hoàn thiện hồ sơ.</source>
        <translation>Enter the reason for the supplement request to complete the dossier.</translation>
    </message>
    <message>
        <source>Hãy liệt kê đầy đủ các giấy tờ cần bổ sung: người nộp chỉ được hướng dẫn một lần.</source>
        <translation>List all the documents that need to be supplemented: the applicant may be given guidance only once.</translation>
    </message>
    <message>
        <source>Ngày hẹn mới không được quá một năm sau ngày hẹn hiện tại ({due}), tức muộn nhất là ngày {last}. Hãy kiểm tra lại năm; hồ sơ cần lâu hơn thì dừng giải quyết (mẫu 05).</source>
        <translation>The new appointment may not be more than a year after the current one ({due}), that is {last} at the latest. Check the year; a dossier that needs longer is stopped (form 05).</translation>
    </message>
    <message>
        <source>Hãy ghi họ tên người nhận kết quả.</source>
        <translation>Enter the full name of the person collecting the result.</translation>
    </message>
    <message>
        <source>Mỗi dòng giấy tờ cần bổ sung phải có tên giấy tờ.</source>
        <translation>Each line of documents to be supplemented must have a document name.</translation>
    </message>
    <message>
        <source>Số lượng giấy tờ «{name}» không được âm.</source>
        <translation>The quantity of document «{name}» cannot be negative.</translation>
    </message>
    <message>
        <source>Hãy ghi rõ lý do từ chối tiếp nhận, giải quyết hồ sơ.</source>
        <translation>State clearly the reason for refusing to receive or process the dossier.</translation>
    </message>
    <message>
        <source>Hãy ghi lý do người nộp rút hồ sơ.</source>
        <translation>Enter the reason why the applicant is withdrawing the dossier.</translation>
    </message>
    <message>
        <source>Hãy ghi lý do dừng giải quyết hồ sơ.</source>
        <translation>Enter the reason for stopping the processing of the dossier.</translation>
    </message>
    <message>
        <source>Hãy ghi lý do chậm trả kết quả trong văn bản xin lỗi.</source>
        <translation>Enter the reason for the late result in the letter of apology.</translation>
    </message>
    <message>
        <source>Hồ sơ {dossier} đã có văn bản xin lỗi và hẹn lại ngày trả; ngày hẹn chỉ được điều chỉnh một lần.</source>
        <translation>Dossier {dossier} already has a letter of apology with a new return date; the appointment date can only be changed once.</translation>
    </message>
    <message>
        <source>Ngày hẹn mới phải sau ngày hẹn hiện tại ({due}) và sau thời điểm này.</source>
        <translation>The new appointment date must be after the current appointment date ({due}) and after the present time.</translation>
    </message>
    <message>
        <source>Hãy chọn mức độ hài lòng.</source>
        <translation>Choose a satisfaction level.</translation>
    </message>
    <message>
        <source>Hồ sơ {dossier} đã được đánh giá.</source>
        <translation>Dossier {dossier} has already been rated.</translation>
    </message>
    <message>
        <source>Chỉ đánh giá được hồ sơ đã trả kết quả ({dossier} chưa trả).</source>
        <translation>Only dossiers whose result has been returned can be rated ({dossier} has not been returned yet).</translation>
    </message>
    <message>
        <source>Khoảng thời gian không hợp lệ: ngày bắt đầu phải trước hoặc bằng ngày kết thúc.</source>
        <translation>Invalid period: the start date must be on or before the end date.</translation>
    </message>
    <message>
        <source>Tệp xuất phải có đuôi .pdf hoặc .xlsx (đã nhập «{name}»).</source>
        <translation>The export file must end in .pdf or .xlsx (you entered «{name}»).</translation>
    </message>
    <message>
        <source>Chỉ các mẫu 01 đến 05 mới in được trên khổ A5 (đã chọn «{kind}»).</source>
        <translation>Only forms 01 to 05 can be printed on A5 (chosen: «{kind}»).</translation>
    </message>
    <message>
        <source>Khổ giấy phải là A4 hoặc A5 (đã chọn «{paper}»).</source>
        <translation>The paper size must be A4 or A5 (chosen: «{paper}»).</translation>
    </message>
    <message>
        <source>Chưa in được {what}: phần in biểu mẫu chưa có trong phiên bản này.</source>
        <translation>{what} cannot be printed yet: form printing is not available in this version.</translation>
    </message>
    <message>
        <source>Ngày bắt đầu phải trước hoặc trùng ngày kết thúc của kỳ thống kê.</source>
        <translation>The start date must be on or before the end date of the statistics period.</translation>
    </message>
    <message>
        <source>Ngày bắt đầu phải trước hoặc trùng ngày kết thúc của kỳ báo cáo.</source>
        <translation>The start date must be on or before the end date of the reporting period.</translation>
    </message>
    <message>
        <source>Hãy chọn kênh tiếp nhận: trực tiếp, điện thoại, thư điện tử, Cổng dịch vụ công hoặc văn bản gửi qua bưu chính.</source>
        <translation>Choose the receiving channel: in person, telephone, email, Public Service Portal or letter sent by post.</translation>
    </message>
    <message>
        <source>Hãy nhập họ tên người (hoặc tên tổ chức) gửi phản ánh, kiến nghị.</source>
        <translation>Enter the full name of the person (or the name of the organisation) submitting the feedback.</translation>
    </message>
    <message>
        <source>Hãy nhập nội dung phản ánh, kiến nghị.</source>
        <translation>Enter the content of the feedback.</translation>
    </message>
    <message>
        <source>Nội dung quá dài (tối đa {limit} ký tự). Hãy rút gọn rồi lưu lại.</source>
        <translation>The content is too long (maximum {limit} characters). Shorten it and save again.</translation>
    </message>
    <message>
        <source>Thời điểm tiếp nhận không được muộn hơn thời điểm hiện tại.</source>
        <translation>The time of receipt cannot be later than the current time.</translation>
    </message>
    <message>
        <source>Không tìm thấy hồ sơ có mã {dossier}. Hãy kiểm tra lại mã hồ sơ.</source>
        <translation>No dossier with code {dossier} could be found. Check the dossier code.</translation>
    </message>
    <message>
        <source>Thủ tục đã chọn không còn trong danh mục. Hãy chọn lại.</source>
        <translation>The selected procedure is no longer in the catalogue. Choose again.</translation>
    </message>
    <message>
        <source>Không tìm thấy phản ánh, kiến nghị này. Hãy tải lại danh sách.</source>
        <translation>This feedback could not be found. Reload the list.</translation>
    </message>
    <message>
        <source>Không cấp được số cho phản ánh, kiến nghị. Hãy bấm Lưu lại một lần nữa.</source>
        <translation>A number could not be issued for the feedback. Click Save once more.</translation>
    </message>
    <message>
        <source>Hãy nêu rõ lý do từ chối; lý do được gửi bằng văn bản cho người phản ánh.</source>
        <translation>State the reason for refusal clearly; it will be sent in writing to the person who submitted the feedback.</translation>
    </message>
    <message>
        <source>Hãy ghi rõ những thông tin, tài liệu người phản ánh cần bổ sung.</source>
        <translation>Specify the information and documents that the person who submitted the feedback needs to supplement.</translation>
    </message>
    <message>
        <source>Hãy nhập nội dung trả lời bằng văn bản.</source>
        <translation>Enter the content of the written reply.</translation>
    </message>
    <message>
        <source>Phản ánh {number} đã được tiếp nhận xử lý hoặc đã có kết quả nên không thể từ chối.</source>
        <translation>Feedback {number} has already been accepted for handling or already has a result, so it cannot be refused.</translation>
    </message>
    <message>
        <source>Chỉ yêu cầu bổ sung thông tin khi phản ánh {number} vừa được tiếp nhận, chưa xử lý.</source>
        <translation>Additional information can only be requested while feedback {number} has just been received and not yet handled.</translation>
    </message>
    <message>
        <source>Phản ánh {number} đã được yêu cầu bổ sung một lần; chỉ được yêu cầu bổ sung một lần.</source>
        <translation>Additional information has already been requested once for feedback {number}; it can only be requested once.</translation>
    </message>
    <message>
        <source>Phản ánh {number} không ở trạng thái chờ bổ sung thông tin.</source>
        <translation>Feedback {number} is not awaiting additional information.</translation>
    </message>
    <message>
        <source>Phản ánh {number} không ở trạng thái mới tiếp nhận.</source>
        <translation>Feedback {number} is not in the newly received status.</translation>
    </message>
    <message>
        <source>Không thể trả lời phản ánh {number} ở trạng thái hiện tại (đã trả lời, đã từ chối hoặc đang chờ bổ sung thông tin).</source>
        <translation>Feedback {number} cannot be answered in its current status (already answered, refused or awaiting additional information).</translation>
    </message>
    <message>
        <source>Phản ánh {number} chưa được trả lời nên chưa có văn bản trả lời để in.</source>
        <translation>Feedback {number} has not been answered yet, so there is no written answer to print.</translation>
    </message>
    <message>
        <source>Phản ánh {number} chưa có văn bản trả lời nên chưa thể công khai.</source>
        <translation>Feedback {number} has no written reply yet, so it cannot be made public.</translation>
    </message>
    <message>
        <source>Kết quả xử lý phản ánh {number} đã được công khai.</source>
        <translation>The handling result of feedback {number} has already been made public.</translation>
    </message>
    <message>
        <source>Phản ánh {number} chưa có văn bản trả lời nên chưa ghi nhận được ý kiến người gửi.</source>
        <translation>Feedback {number} has no written reply yet, so the sender&apos;s opinion cannot be recorded.</translation>
    </message>
    <message>
        <source>Không in được. Hãy kiểm tra máy in rồi thử lại, hoặc lưu thành tệp PDF.</source>
        <translation>Could not print. Check the printer and try again, or save as a PDF file.</translation>
    </message>
    <message>
        <source>Ngày kết thúc kỳ phải sau hoặc trùng ngày bắt đầu. Hãy chọn lại khoảng thời gian.</source>
        <translation>The end date of the period must be on or after the start date. Choose the period again.</translation>
    </message>
    <message>
        <source>Kỳ này chưa bắt đầu nên chưa có số liệu để ước tính. Hãy chọn kỳ khác.</source>
        <translation>This period has not started yet, so there are no figures to estimate. Choose a different period.</translation>
    </message>
    <message>
        <source>Tiêu chí «{key}» được tính từ dữ liệu của xã, không nhập tay. Chỉ nhập các số liệu lấy từ Cổng Dịch vụ công.</source>
        <translation>Criterion «{key}» is calculated from the commune&apos;s data and is not entered by hand. Enter only figures taken from the Public Service Portal.</translation>
    </message>
    <message>
        <source>Số liệu «{value}» không phải là một con số. Hãy nhập tỷ lệ, ví dụ 85.</source>
        <translation>«{value}» is not a number. Enter a percentage, e.g. 85.</translation>
    </message>
    <message>
        <source>Tỷ lệ «{value}» không hợp lệ: tỷ lệ phải từ 0% đến 100%.</source>
        <translation>Percentage «{value}» is invalid: it must be between 0% and 100%.</translation>
    </message>
    <message>
        <source>Số hồ sơ trên sổ giấy «{value}» không hợp lệ: phải là số không âm.</source>
        <translation>The number of dossiers in the paper register («{value}») is invalid: it must be a non-negative number.</translation>
    </message>
    <message>
        <source>Không in được báo cáo: máy in không sẵn sàng. Hãy kiểm tra máy in rồi in lại, hoặc lưu báo cáo ra tệp PDF.</source>
        <translation>Could not print the report: the printer is not ready. Check the printer and print again, or save the report as a PDF file.</translation>
    </message>
    <message>
        <source>Tệp {name} lớn quá {limit} MB. Hãy xuất danh sách của tỉnh theo từng khoảng thời gian.</source>
        <translation>The file {name} is larger than {limit} MB. Export the province&apos;s list one period at a time.</translation>
    </message>
    <message>
        <source>Tệp không phải bảng CSV (có ký tự nhị phân). Hãy chọn tệp .csv hoặc .xlsx.</source>
        <translation>The file is not a CSV table (it holds binary characters). Choose a .csv or .xlsx file.</translation>
    </message>
    <message>
        <source>Không đọc được tệp {name}: tệp hỏng hoặc không phải bảng tính.</source>
        <translation>Cannot read {name}: the file is damaged or not a spreadsheet.</translation>
    </message>
    <message>
        <source>Tệp có quá {limit} dòng. Hãy xuất theo từng khoảng thời gian ngắn hơn.</source>
        <translation>The file has more than {limit} rows. Export shorter periods.</translation>
    </message>
    <message>
        <source>Tệp {name} không có dòng hồ sơ nào.</source>
        <translation>The file {name} holds no dossier rows.</translation>
    </message>
    <message>
        <source>Tệp {name} không phải bảng tính .xlsx hay .csv (tệp .xls kiểu cũ: hãy mở bằng Excel và lưu thành .xlsx). Hãy xuất lại từ hệ thống của tỉnh.</source>
        <translation>The file {name} is not an .xlsx or .csv spreadsheet (an old-style .xls file: open it in Excel and save it as .xlsx). Export it again from the province&apos;s system.</translation>
    </message>
    <message>
        <source>Không nhận ra dòng tiêu đề trong tệp {name}: cần ít nhất cột mã hồ sơ và ngày tiếp nhận (hoặc ngày nộp). Hãy chọn cột cho từng mục rồi lưu cách đọc này.</source>
        <translation>No header row recognised in the file {name}: at least the dossier code and the reception date (or submission date) columns are needed. Choose the column of each item, then save this way of reading.</translation>
    </message>
    <message>
        <source>Hãy chọn cột cho mã hồ sơ.</source>
        <translation>Choose the column of the dossier code.</translation>
    </message>
    <message>
        <source>Thời điểm {value} nằm ngoài khoảng năm {first}–{last}: ô ghi nhầm năm. Hãy kiểm tra lại tệp xuất.</source>
        <translation>The time {value} lies outside the years {first}–{last}: the cell has a wrong year. Check the export file.</translation>
    </message>
    <message>
        <source>Dòng {row} của tệp CSV bị hỏng (dấu ngoặc kép không đóng hoặc ô quá dài) nên không đọc được. Hãy xuất lại tệp hoặc sửa dòng đó; các dòng khác vẫn được xem xét.</source>
        <translation>Row {row} of the CSV file is broken (an unclosed quote or a cell too long) and cannot be read. Export the file again or fix that row; the other rows are still considered.</translation>
    </message>
    <message>
        <source>Ô có ký tự không đọc được (tệp không lưu dạng Unicode). Hãy xuất lại tệp dạng Excel hoặc CSV UTF-8.</source>
        <translation>The cell has characters that cannot be read (the file is not saved as Unicode). Export the file again as Excel or CSV UTF-8.</translation>
    </message>
    <message>
        <source>Ô quá dài (quá {limit} ký tự): kiểm tra lại tệp xuất.</source>
        <translation>A cell is too long (over {limit} characters): check the export.</translation>
    </message>
    <message>
        <source>Dòng không có mã hồ sơ.</source>
        <translation>The row has no dossier code.</translation>
    </message>
    <message>
        <source>Mã hồ sơ «{value}» không đúng dạng (chỉ chữ không dấu, chữ số, . - _ /).</source>
        <translation>Dossier code «{value}» is malformed (plain letters, digits, . - _ / only).</translation>
    </message>
    <message>
        <source>Mã hồ sơ này đã có ở dòng {row} của tệp; dòng này bị bỏ qua.</source>
        <translation>This dossier code is already on row {row} of the file; this row is skipped.</translation>
    </message>
    <message>
        <source>Thời gian «{value}» không đúng hoặc không có thật (dạng 31/03/2026 08:30).</source>
        <translation>The time «{value}» is malformed or does not exist (like 31/03/2026 08:30).</translation>
    </message>
    <message>
        <source>Dòng không có ngày tiếp nhận hay ngày nộp.</source>
        <translation>The row has no reception or submission date.</translation>
    </message>
    <message>
        <source>Ngày hoàn thành sớm hơn ngày tiếp nhận.</source>
        <translation>The completion date is before the reception date.</translation>
    </message>
    <message>
        <source>Không hiểu trạng thái «{value}» (ví dụ: Đang xử lý, Đã trả kết quả).</source>
        <translation>Unknown status «{value}» (e.g. Đang xử lý, Đã trả kết quả).</translation>
    </message>
    <message>
        <source>Không hiểu hình thức nộp «{value}» (Trực tiếp, Trực tuyến, Bưu chính).</source>
        <translation>Unknown channel «{value}» (Trực tiếp, Trực tuyến, Bưu chính).</translation>
    </message>
    <message>
        <source>Ô chứa công thức bảng tính; phần mềm không tính công thức. Hãy xuất lại dạng giá trị.</source>
        <translation>A cell holds a spreadsheet formula; formulas are not evaluated. Export values instead.</translation>
    </message>
    <message>
        <source>Thủ tục mã {procedure} chưa có trong danh mục của xã nên chưa đưa hồ sơ trực tuyến này vào hàng chờ. Hãy thêm thủ tục vào danh mục rồi nhập lại.</source>
        <translation>Procedure {procedure} is not in the office&apos;s catalogue, so this online dossier was not put in the queue. Add the procedure, then import again.</translation>
    </message>
    <message>
        <source>Không còn dòng này trong danh sách của tỉnh.</source>
        <translation>This row is no longer in the province&apos;s list.</translation>
    </message>
    <message>
        <source>Hồ sơ này đã được ghép với mã {dossier} của tỉnh.</source>
        <translation>This dossier is already matched with the province&apos;s code {dossier}.</translation>
    </message>
    <message>
        <source>Hãy nhập tên sổ.</source>
        <translation>Enter the book&apos;s name.</translation>
    </message>
    <message>
        <source>Đã có sổ «{name}».</source>
        <translation>A book «{name}» already exists.</translation>
    </message>
    <message>
        <source>Hãy chọn loại sổ.</source>
        <translation>Choose the kind of book.</translation>
    </message>
    <message>
        <source>Thủ tục {procedure} đã được ghi vào sổ «{book}»; mỗi thủ tục vào một sổ.</source>
        <translation>Procedure {procedure} already goes in the book «{book}»; one book per procedure.</translation>
    </message>
    <message>
        <source>Không còn sổ này.</source>
        <translation>This book no longer exists.</translation>
    </message>
    <message>
        <source>Thủ tục {procedure} chưa được gắn với sổ theo dõi giấy nào.</source>
        <translation>Procedure {procedure} is not linked to any paper book.</translation>
    </message>
    <message>
        <source>Số dòng trong sổ phải là số nguyên dương.</source>
        <translation>The book line must be a positive whole number.</translation>
    </message>
    <message>
        <source>Dòng {line} của sổ đã ghi hồ sơ {dossier}. Hãy chọn dòng khác.</source>
        <translation>Line {line} of the book already holds dossier {dossier}. Choose another line.</translation>
    </message>
    <message>
        <source>Ngày kết thúc phải sau ngày bắt đầu.</source>
        <translation>The end date must be after the start date.</translation>
    </message>
</context>
<context>
    <name>MonthModel</name>
    <message>
        <source>T2</source>
        <extracomment>(background, text) of each kind of day; the legend shows the same colours. The selected day: white on blue, whatever its kind (its kind is in the side panel).</extracomment>
        <translation>Mo</translation>
    </message>
    <message>
        <source>T3</source>
        <translation>Tu</translation>
    </message>
    <message>
        <source>T4</source>
        <translation>We</translation>
    </message>
    <message>
        <source>T5</source>
        <translation>Th</translation>
    </message>
    <message>
        <source>T6</source>
        <translation>Fr</translation>
    </message>
    <message>
        <source>T7</source>
        <translation>Sa</translation>
    </message>
    <message>
        <source>CN</source>
        <translation>Su</translation>
    </message>
    <message>
        <source>Ngày làm việc: {hours}</source>
        <translation>Working day: {hours}</translation>
    </message>
    <message>
        <source>Nghỉ cuối tuần</source>
        <translation>Weekend</translation>
    </message>
    <message>
        <source>Nghỉ lễ, Tết: {name}</source>
        <translation>Public holiday: {name}</translation>
    </message>
    <message>
        <source>Ngày làm việc theo lịch hoán đổi của Chính phủ: {hours}</source>
        <translation>Working day under the Government&apos;s swap schedule: {hours}</translation>
    </message>
    <message>
        <source>Ngày nghỉ của cơ quan. Lý do: {reason}</source>
        <translation>Office day off. Reason: {reason}</translation>
    </message>
    <message>
        <source>{name}: chưa có căn cứ pháp lý, vẫn là ngày làm việc: {hours}</source>
        <translation>{name}: legal basis pending, still a working day: {hours}</translation>
    </message>
    <message>
        <source>Ngày làm bù: {hours}. Lý do: {reason}</source>
        <translation>Make-up working day: {hours}. Reason: {reason}</translation>
    </message>
    <message>
        <source>Ngày lễ theo quy định: {name}</source>
        <translation>Statutory holiday: {name}</translation>
    </message>
    <message>
        <source>Ngày chờ căn cứ pháp lý: {name}</source>
        <translation>Day with a pending legal basis: {name}</translation>
    </message>
    <message>
        <source>Khai báo bởi {name} lúc {time}</source>
        <translation>Declared by {name} at {time}</translation>
    </message>
</context>
<context>
    <name>MonthView</name>
    <message>
        <source>Tháng {month}</source>
        <translation>{name}</translation>
    </message>
</context>
<context>
    <name>NoticesPage</name>
    <message>
        <source>Nội dung niêm yết</source>
        <translation>Notice content</translation>
    </message>
    <message>
        <source>Chọn đúng các thủ tục đã thay đổi theo quyết định công bố quá 5 ngày làm việc mà chưa niêm yết lại, để in bản niêm yết mới.</source>
        <translation>Choose exactly the procedures changed by a publication decision more than 5 working days ago and not yet reposted, to print their new notices.</translation>
    </message>
    <message>
        <source>Theo lĩnh &amp;vực</source>
        <translation>By &amp;field</translation>
    </message>
    <message>
        <source>Theo &amp;thủ tục chọn</source>
        <translation>&amp;Chosen procedures</translation>
    </message>
    <message>
        <source>Lĩnh vực (bỏ chọn hết = tất cả):</source>
        <translation>Fields (none ticked = all):</translation>
    </message>
    <message>
        <source>Niêm yết từng thủ tục</source>
        <translation>Notice for each procedure</translation>
    </message>
    <message>
        <source>Danh mục tất cả thủ tục</source>
        <translation>List of all procedures</translation>
    </message>
    <message>
        <source>Thông báo tiếp nhận phản ánh, kiến nghị</source>
        <translation>Notice on receiving citizen feedback</translation>
    </message>
    <message>
        <source>&amp;Xem trước (F5)</source>
        <translation>&amp;Preview (F5)</translation>
    </message>
    <message>
        <source>&amp;Lưu PDF… (Ctrl+S)</source>
        <translation>&amp;Save PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <source>&amp;In… (Ctrl+P)</source>
        <translation>P&amp;rint… (Ctrl+P)</translation>
    </message>
    <message>
        <source>Bấm «Xem trước» để dựng bản niêm yết.</source>
        <translation>Click «Preview» to build the notice.</translation>
    </message>
    <message>
        <source>Ghi nhận đã &amp;niêm yết các thủ tục đang chọn</source>
        <translation>Mark selected procedures as pos&amp;ted</translation>
    </message>
    <message>
        <source>Xem trước</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Theo dõi niêm yết</source>
        <translation>Posting tracker</translation>
    </message>
    <message>
        <source>{name} ({n})</source>
        <translation>{name} ({n})</translation>
    </message>
    <message>
        <source>Niêm yết đúng hạn: {ok}/{total} thủ tục.</source>
        <translation>Posted on time: {ok}/{total} procedures.</translation>
    </message>
    <message>
        <source>Cảnh báo: {n} thủ tục đã thay đổi theo quyết định công bố quá 5 ngày làm việc mà chưa niêm yết lại (tiêu chí «niêm yết đúng hạn» của Bộ chỉ số 766). </source>
        <translation>Warning: {n} procedures changed by a publication decision more than 5 working days ago have not been re-posted (the «timely posting» criterion of the 766 index). </translation>
    </message>
    <message>
        <source>&amp;Chọn các thủ tục cần niêm yết lại ({n})</source>
        <translation>Ch&amp;oose the procedures to repost ({n})</translation>
    </message>
    <message>
        <source>Lựa chọn đã thay đổi: bấm «Xem trước» (F5) để dựng lại trước khi lưu hoặc in.</source>
        <translation>The choice has changed: press “Preview” (F5) to rebuild before saving or printing.</translation>
    </message>
    <message>
        <source>Đang dựng bản niêm yết…</source>
        <translation>Building the notice…</translation>
    </message>
    <message>
        <source>Trang {n}</source>
        <translation>Page {n}</translation>
    </message>
    <message>
        <source>Trang {n}/{total} — {procs} thủ tục</source>
        <translation>Page {n}/{total} — {procs} procedures</translation>
    </message>
    <message>
        <source>Lựa chọn đã thay đổi sau lần xem trước. Hãy bấm «Xem trước» (F5) lại.</source>
        <translation>The choice has changed since the preview. Press “Preview” (F5) again.</translation>
    </message>
    <message>
        <source>Lưu bản niêm yết</source>
        <translation>Save notice</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>In bản niêm yết</source>
        <translation>Print notice</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>Ý kiến người gửi về kết quả xử lý</source>
        <translation>Sender&apos;s opinion on the handling result</translation>
    </message>
    <message>
        <source>&amp;Hài lòng</source>
        <translation>&amp;Satisfied</translation>
    </message>
    <message>
        <source>&amp;Không hài lòng</source>
        <translation>&amp;Dissatisfied</translation>
    </message>
    <message>
        <source>&amp;Chưa có ý kiến</source>
        <translation>&amp;No opinion yet</translation>
    </message>
    <message>
        <source>Người gửi phải &amp;phản ánh lại cùng nội dung</source>
        <translation>Sender had to re&amp;port the same issue again</translation>
    </message>
    <message>
        <source>&amp;Ghi nhận</source>
        <translation>&amp;Record</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>Chọn một tài liệu để xem trước.</source>
        <translation>Select a document to preview.</translation>
    </message>
    <message>
        <source>{title} — {pages} trang</source>
        <translation>{title} — {pages} pages</translation>
    </message>
    <message>
        <source>{pages} trang</source>
        <translation>{pages} pages</translation>
    </message>
    <message>
        <source>Trang {n}</source>
        <translation>Page {n}</translation>
    </message>
</context>
<context>
    <name>PeriodBar</name>
    <message>
        <source>Tháng này</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>Quý này</source>
        <translation>This quarter</translation>
    </message>
    <message>
        <source>Năm nay</source>
        <translation>This year</translation>
    </message>
    <message>
        <source>Tùy chọn</source>
        <translation>Custom</translation>
    </message>
    <message>
        <source>Kỳ:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>từ ngày</source>
        <translation>from</translation>
    </message>
    <message>
        <source>đến ngày</source>
        <translation>to</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>&lt;h2&gt;{title}&lt;/h2&gt;&lt;p&gt;Chức năng này đang được xây dựng và sẽ có trong phiên bản sau.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;{title}&lt;/h2&gt;&lt;p&gt;This feature is under construction and will be available in a later version.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>PostingModel</name>
    <message>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Quyết định công bố</source>
        <translation>Publication decision</translation>
    </message>
    <message>
        <source>Hạn niêm yết</source>
        <translation>Posting due</translation>
    </message>
    <message>
        <source>Đã in</source>
        <translation>Printed</translation>
    </message>
    <message>
        <source>Đã niêm yết</source>
        <translation>Posted</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Đúng hạn</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>Niêm yết muộn</source>
        <translation>Posted late</translation>
    </message>
    <message>
        <source>Đã in, chưa niêm yết</source>
        <translation>Printed, not posted</translation>
    </message>
    <message>
        <source>Chưa niêm yết</source>
        <translation>Not posted</translation>
    </message>
    <message>
        <source>QUÁ HẠN - chưa niêm yết</source>
        <translation>LATE - not posted</translation>
    </message>
    <message>
        <source>(ngày tạo {d})</source>
        <translation>(created {d})</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Xác nhận thay đổi lịch làm việc</source>
        <translation>Confirm working calendar changes</translation>
    </message>
    <message>
        <source>Thay đổi này làm dời hạn của {count} hồ sơ đang giải quyết. Các hồ sơ được đánh dấu sẵn sẽ được tính lại hạn theo lịch mới; bỏ dấu hồ sơ nào thì hồ sơ đó giữ nguyên hạn đã in trên phiếu hẹn. Mỗi lần tính lại đều được ghi vào lịch sử hồ sơ và nhật ký.</source>
        <translation>This change moves the due dates of {count} open dossiers. The ticked dossiers (all, at first) get their due dates recomputed on the new calendar; untick a dossier to keep the due date printed on its receipt. Every recomputation is written to the dossier&apos;s history and the log.</translation>
    </message>
    <message>
        <source>Không có hồ sơ đang giải quyết nào bị thay đổi hạn. Thay đổi sẽ được ghi vào nhật ký.</source>
        <translation>No dossier in progress has its due date changed. The change will be recorded in the log.</translation>
    </message>
    <message>
        <source>Tính lại</source>
        <translation>Recalculate</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Hạn cũ</source>
        <translation>Old due date</translation>
    </message>
    <message>
        <source>Hạn mới</source>
        <translation>New due date</translation>
    </message>
    <message>
        <source>Bước đang xử lý</source>
        <translation>Current step</translation>
    </message>
    <message>
        <source>(không đổi)</source>
        <translation>(unchanged)</translation>
    </message>
    <message>
        <source>{due} (hạn tiếp nhận)</source>
        <translation>{due} (intake due)</translation>
    </message>
    <message>
        <source>{name}: {old} → {new}</source>
        <translation>{name}: {old} → {new}</translation>
    </message>
    <message>
        <source>Chọn tất cả</source>
        <translation>Select all</translation>
    </message>
    <message>
        <source>Bỏ chọn tất cả</source>
        <translation>Deselect all</translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Lưu thay đổi</source>
        <translation>Save changes</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Đang in {name}…</source>
        <extracomment>Raster resolution of a print: sharp text on paper, ~9 MB a page in grey (the printer&apos;s own 1200 dpi took 9–15 s and 2 GB for a receipt).</extracomment>
        <translation>Printing {name}…</translation>
    </message>
</context>
<context>
    <name>ProcedureDialog</name>
    <message>
        <source>Sửa thủ tục {code} (lưu thành phiên bản {version})</source>
        <translation>Edit procedure {code} (saved as version {version})</translation>
    </message>
    <message>
        <source>Thêm thủ tục hành chính</source>
        <translation>Add administrative procedure</translation>
    </message>
    <message>
        <source>Thông tin &amp;chung</source>
        <translation>&amp;General</translation>
    </message>
    <message>
        <source>Thành phần &amp;hồ sơ</source>
        <translation>&amp;Dossier components</translation>
    </message>
    <message>
        <source>&amp;Thời hạn và quy trình nội bộ</source>
        <translation>&amp;Time limit and internal workflow</translation>
    </message>
    <message>
        <source>&amp;Phí, lệ phí</source>
        <translation>&amp;Fees</translation>
    </message>
    <message>
        <source>Căn cứ &amp;pháp lý</source>
        <translation>&amp;Legal basis</translation>
    </message>
    <message>
        <source>&amp;Lưu</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>ví dụ 1.001193</source>
        <translation>e.g. 1.001193</translation>
    </message>
    <message>
        <source>ví dụ 1234/QĐ-UBND</source>
        <translation>e.g. 1234/QĐ-UBND</translation>
    </message>
    <message>
        <source>Có ngày</source>
        <translation>Has date</translation>
    </message>
    <message>
        <source>Trực tiếp tại {unit}</source>
        <translation>In person at the {unit}</translation>
    </message>
    <message>
        <source>Bộ phận Một cửa</source>
        <translation>one-stop desk</translation>
    </message>
    <message>
        <source>Qua bưu chính</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>Không trực tuyến</source>
        <translation>Not online</translation>
    </message>
    <message>
        <source>Trực tuyến một phần</source>
        <translation>Partly online</translation>
    </message>
    <message>
        <source>Trực tuyến toàn trình</source>
        <translation>Fully online</translation>
    </message>
    <message>
        <source>Thanh toán trực tuyến</source>
        <translation>Online payment</translation>
    </message>
    <message>
        <source>Mỗi bước một dòng</source>
        <translation>One step per line</translation>
    </message>
    <message>
        <source>Kết quả điện tử</source>
        <translation>Electronic result</translation>
    </message>
    <message>
        <source>Liên thông</source>
        <translation>Inter-agency</translation>
    </message>
    <message>
        <source>UBND xã</source>
        <translation>Commune People&apos;s Committee</translation>
    </message>
    <message>
        <source>Công an xã</source>
        <translation>Commune Police</translation>
    </message>
    <message>
        <source>Ban Chỉ huy Quân sự</source>
        <translation>Military Command</translation>
    </message>
    <message>
        <source>Ngành giải quyết:</source>
        <translation>Handling sector:</translation>
    </message>
    <message>
        <source>Để trống: theo mã trên Cổng DVC quốc gia</source>
        <translation>Leave empty to use the code on the National Public Service Portal</translation>
    </message>
    <message>
        <source>&amp;Mã thủ tục:</source>
        <translation>Procedure &amp;code:</translation>
    </message>
    <message>
        <source>&amp;Tên thủ tục:</source>
        <translation>Procedure &amp;name:</translation>
    </message>
    <message>
        <source>&amp;Lĩnh vực:</source>
        <translation>F&amp;ield:</translation>
    </message>
    <message>
        <source>Cấp thực hiện:</source>
        <translation>Implementing level:</translation>
    </message>
    <message>
        <source>Quyết định công bố số:</source>
        <translation>Publication decision no.:</translation>
    </message>
    <message>
        <source>Ngày quyết định:</source>
        <translation>Decision date:</translation>
    </message>
    <message>
        <source>Cách thức nộp:</source>
        <translation>Submission methods:</translation>
    </message>
    <message>
        <source>Trình tự thực hiện:</source>
        <translation>Procedure steps:</translation>
    </message>
    <message>
        <source>Đối tượng thực hiện:</source>
        <translation>Eligible applicants:</translation>
    </message>
    <message>
        <source>Cơ quan giải quyết:</source>
        <translation>Handling authority:</translation>
    </message>
    <message>
        <source>Kết quả:</source>
        <translation>Result:</translation>
    </message>
    <message>
        <source>Địa chỉ trên Cổng DVC:</source>
        <translation>Address on the PS Portal:</translation>
    </message>
    <message>
        <source>Tên giấy tờ</source>
        <translation>Document name</translation>
    </message>
    <message>
        <source>Hình thức</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Số lượng</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Mẫu đơn, tờ khai</source>
        <translation>Application form</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Khi cần</source>
        <translation>If needed</translation>
    </message>
    <message>
        <source>Giấy tờ chỉ cần trong một số trường hợp (ví dụ văn bản ủy quyền): khi tiếp nhận không tự đánh dấu là đã nhận.</source>
        <translation>A document needed only in some cases (e.g. an authorisation letter): intake does not tick it as received by itself.</translation>
    </message>
    <message>
        <source>Nhận sau giờ chốt thì trả ngày làm việc tiếp theo:</source>
        <translation>Cut-off time (later intake returns next working day):</translation>
    </message>
    <message>
        <source>Thời hạn giải quyết:</source>
        <translation>Processing time limit:</translation>
    </message>
    <message>
        <source>Ghi chú thời hạn:</source>
        <translation>Time limit notes:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Các bước xử lý nội bộ&lt;/b&gt; (tổng số giờ phải bằng thời hạn)</source>
        <translation>&lt;b&gt;Internal processing steps&lt;/b&gt; (total hours must equal the time limit)</translation>
    </message>
    <message>
        <source>Tên bước</source>
        <translation>Step name</translation>
    </message>
    <message>
        <source>Người thực hiện</source>
        <translation>Performed by</translation>
    </message>
    <message>
        <source>Số giờ làm việc</source>
        <translation>Working hours</translation>
    </message>
    <message>
        <source>Chia bước &amp;tự động</source>
        <translation>Split steps &amp;automatically</translation>
    </message>
    <message>
        <source>Tổng các bước: {total} giờ / thời hạn: {expected} giờ làm việc</source>
        <translation>Steps total: {total} h / time limit: {expected} working hours</translation>
    </message>
    <message>
        <source>Nội dung thu</source>
        <translation>Fee item</translation>
    </message>
    <message>
        <source>Mức thu (đồng)</source>
        <translation>Amount (VND)</translation>
    </message>
    <message>
        <source>Miễn, giảm</source>
        <translation>Exemptions, reductions</translation>
    </message>
    <message>
        <source>Mức thu để trống = theo quy định của HĐND tỉnh; 0 = không thu.</source>
        <translation>Empty amount = as set by the provincial People&apos;s Council; 0 = no charge.</translation>
    </message>
    <message>
        <source>Mỗi văn bản một dòng</source>
        <translation>One document per line</translation>
    </message>
    <message>
        <source>Căn cứ pháp lý:</source>
        <translation>Legal basis:</translation>
    </message>
    <message>
        <source>Ghi chú:</source>
        <translation>Notes:</translation>
    </message>
</context>
<context>
    <name>ProcedurePicker</name>
    <message>
        <source>Mã hoặc tên, có dấu hoặc không dấu</source>
        <translation>Code or name, with or without diacritics</translation>
    </message>
    <message>
        <source>Gõ mã hoặc tên thủ tục (Ctrl+F); Enter hoặc ↓ để xuống danh sách.</source>
        <translation>Type a procedure&apos;s code or name (Ctrl+F); Enter or ↓ moves down to the list.</translation>
    </message>
    <message>
        <source>Tì&amp;m:</source>
        <translation>Fin&amp;d:</translation>
    </message>
    <message>
        <source>Lĩnh vực:</source>
        <translation>Field:</translation>
    </message>
    <message>
        <source>Chọn tất cả tr&amp;ong lĩnh vực</source>
        <translation>Select all &amp;in field</translation>
    </message>
    <message>
        <source>&amp;Bỏ chọn hết</source>
        <translation>Clear &amp;all</translation>
    </message>
    <message>
        <source>Dấu cách: chọn hoặc bỏ chọn thủ tục đang đứng.</source>
        <translation>Space: tick or untick the current procedure.</translation>
    </message>
    <message>
        <source>Chỉ &amp;hiện thủ tục đã chọn</source>
        <translation>Show only c&amp;hosen</translation>
    </message>
    <message>
        <source>Tất cả lĩnh vực</source>
        <translation>All fields</translation>
    </message>
    <message>
        <source>{name} ({n})</source>
        <translation>{name} ({n})</translation>
    </message>
    <message>
        <source>Không có thủ tục nào khớp.</source>
        <translation>No procedure matches.</translation>
    </message>
    <message>
        <source>Đang hiện {shown}/{total} thủ tục khớp; gõ thêm để thu hẹp.</source>
        <translation>Showing {shown} of {total} matching procedures; type more to narrow down.</translation>
    </message>
    <message>
        <source>{code} — {name}
Lĩnh vực: {field}</source>
        <translation>{code} — {name}
Field: {field}</translation>
    </message>
    <message>
        <source>Quá hạn niêm yết lại.</source>
        <translation>Overdue for reposting.</translation>
    </message>
    <message>
        <source>Đã chọn {n} thủ tục</source>
        <translation>{n} procedure(s) chosen</translation>
    </message>
    <message>
        <source>Chưa chọn thủ tục nào</source>
        <translation>No procedure chosen</translation>
    </message>
</context>
<context>
    <name>ProcedureTableModel</name>
    <message>
        <source>Mã thủ tục</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Tên thủ tục</source>
        <translation>Procedure name</translation>
    </message>
    <message>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Thời hạn</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>Phiên bản</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Quyết định công bố</source>
        <translation>Publication decision</translation>
    </message>
    <message>
        <source>Cần đối chiếu</source>
        <translation>To be checked</translation>
    </message>
    <message>
        <source>Đã ngừng áp dụng</source>
        <translation>Discontinued</translation>
    </message>
    <message>
        <source>Cần đối chiếu với quyết định công bố của tỉnh</source>
        <translation>To be checked against the province&apos;s publication decision</translation>
    </message>
</context>
<context>
    <name>ProvinceImportDialog</name>
    <message>
        <source>Nhập danh sách hồ sơ của tỉnh</source>
        <translation>Import the province&apos;s dossier list</translation>
    </message>
    <message>
        <source>Đọc lại theo các cột đã chọn</source>
        <translation>Read again with the chosen columns</translation>
    </message>
    <message>
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Việc sẽ làm</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Vấn đề</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>Nhập</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Tệp: {name}</source>
        <translation>File: {name}</translation>
    </message>
    <message>
        <source>Đang đọc tệp…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <source>Ví dụ: {value}</source>
        <translation>For example: {value}</translation>
    </message>
    <message>
        <source>(các dòng đầu để trống ô này)</source>
        <translation>(empty in the first rows)</translation>
    </message>
    <message>
        <source>(không có)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Thay đổi: {fields}</source>
        <translation>Changed: {fields}</translation>
    </message>
    <message>
        <source>Cách đọc cột: {layout}. {new} hồ sơ mới, {update} cập nhật, {unchanged} không đổi, {refused} dòng bị từ chối.</source>
        <translation>Column layout: {layout}. New dossiers: {new}; updated: {update}; unchanged: {unchanged}; rows refused: {refused}.</translation>
    </message>
    <message>
        <source>Đang nhập danh sách…</source>
        <translation>Importing the list…</translation>
    </message>
</context>
<context>
    <name>QueueTab</name>
    <message>
        <source>Tìm theo mã hồ sơ hoặc tên người nộp (Ctrl+F)</source>
        <translation>Search by dossier code or applicant name (Ctrl+F)</translation>
    </message>
    <message>
        <source>&amp;Tải lại (F5)</source>
        <translation>&amp;Reload (F5)</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Trả kết quả lúc</source>
        <translation>Result returned at</translation>
    </message>
    <message>
        <source>Ông/bà đánh giá thế nào về việc giải quyết hồ sơ?</source>
        <translation>How satisfied are you with the handling of your dossier?</translation>
    </message>
    <message>
        <source>Bấm phím {key}</source>
        <translation>Press key {key}</translation>
    </message>
    <message>
        <source>Ý kiến của người dân (không bắt buộc)</source>
        <translation>Citizen&apos;s comments (optional)</translation>
    </message>
    <message>
        <source>Ý &amp;kiến:</source>
        <translation>&amp;Comments:</translation>
    </message>
    <message>
        <source>Ghi nhận đánh giá (Enter)</source>
        <translation>Record rating (Enter)</translation>
    </message>
    <message>
        <source>Chọn hồ sơ bằng phím mũi tên, bấm 1, 2 hoặc 3 để chọn mức đánh giá, nhập ý kiến nếu có, rồi bấm Enter. Esc để bỏ chọn.</source>
        <translation>Select a dossier with the arrow keys, press 1, 2 or 3 to choose a rating, type a comment if any, then press Enter. Esc clears the selection.</translation>
    </message>
    <message>
        <source>Không có hồ sơ chờ đánh giá</source>
        <translation>No dossiers awaiting rating</translation>
    </message>
    <message>
        <source>{procedure}
Lĩnh vực: {field}
Trả kết quả: {at}
Cán bộ giải quyết: {who}</source>
        <translation>{procedure}
Field: {field}
Result returned: {at}
Handling officer: {who}</translation>
    </message>
    <message>
        <source>(chưa ghi)</source>
        <translation>(not recorded)</translation>
    </message>
    <message>
        <source>{n} hồ sơ đã trả kết quả chưa được đánh giá</source>
        <translation>{n} returned dossiers not yet rated</translation>
    </message>
    <message>
        <source>Hãy bấm 1, 2 hoặc 3 để chọn mức độ hài lòng.</source>
        <translation>Press 1, 2 or 3 to choose the satisfaction level.</translation>
    </message>
    <message>
        <source>Đã ghi nhận: hồ sơ {code} — {level}.</source>
        <translation>Recorded: dossier {code} — {level}.</translation>
    </message>
</context>
<context>
    <name>RatingsPage</name>
    <message>
        <source>Chờ đánh giá</source>
        <translation>Awaiting rating</translation>
    </message>
    <message>
        <source>Thống kê</source>
        <translation>Statistics</translation>
    </message>
</context>
<context>
    <name>ReceiveDialog</name>
    <message>
        <source>Tiếp nhận phản ánh, kiến nghị</source>
        <translation>Receive citizen feedback</translation>
    </message>
    <message>
        <source>Họ tên cá nhân hoặc tên tổ chức</source>
        <translation>Full name of the individual or name of the organisation</translation>
    </message>
    <message>
        <source>Địa chỉ, số điện thoại, thư điện tử để gửi trả lời</source>
        <translation>Address, phone number or email for sending the reply</translation>
    </message>
    <message>
        <source>Tên in trên bảng công khai kết quả, theo sự đồng ý của người gửi</source>
        <translation>Name shown on the public results board, with the sender&apos;s consent</translation>
    </message>
    <message>
        <source>Nội dung phản ánh, kiến nghị</source>
        <translation>Feedback content</translation>
    </message>
    <message>
        <source>Tóm tắt để công khai (không bắt buộc)</source>
        <translation>Summary for publication (optional)</translation>
    </message>
    <message>
        <source>— Không gắn với thủ tục —</source>
        <translation>— Not linked to a procedure —</translation>
    </message>
    <message>
        <source>Mã hồ sơ liên quan, nếu có</source>
        <translation>Related dossier code, if any</translation>
    </message>
    <message>
        <source>Phản ánh lặp lạ&amp;i (đã gửi trước đây)</source>
        <translation>Repeated feedback (prev&amp;iously sent)</translation>
    </message>
    <message>
        <source>&amp;Kênh tiếp nhận:</source>
        <translation>&amp;Channel:</translation>
    </message>
    <message>
        <source>&amp;Thời điểm nhận:</source>
        <translation>&amp;Received at:</translation>
    </message>
    <message>
        <source>&amp;Người gửi:</source>
        <translation>&amp;Sender:</translation>
    </message>
    <message>
        <source>Liên &amp;hệ:</source>
        <translation>C&amp;ontact:</translation>
    </message>
    <message>
        <source>Tên khi &amp;công khai:</source>
        <translation>&amp;Public name:</translation>
    </message>
    <message>
        <source>Nội &amp;dung:</source>
        <translation>Con&amp;tent:</translation>
    </message>
    <message>
        <source>Tó&amp;m tắt:</source>
        <translation>Su&amp;mmary:</translation>
    </message>
    <message>
        <source>Thủ t&amp;ục:</source>
        <translation>Proce&amp;dure:</translation>
    </message>
    <message>
        <source>Mã hồ &amp;sơ:</source>
        <translation>Dossier cod&amp;e:</translation>
    </message>
    <message>
        <source>&amp;Lưu (Ctrl+Enter)</source>
        <translation>Sa&amp;ve (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>ReconcilePage</name>
    <message>
        <source>Có trên phần mềm của xã, chưa có trên hệ thống của tỉnh</source>
        <translation>In the office&apos;s software, not on the province&apos;s system</translation>
    </message>
    <message>
        <source>Có trên hệ thống của tỉnh, chưa có trên phần mềm của xã</source>
        <translation>On the province&apos;s system, not in the office&apos;s software</translation>
    </message>
    <message>
        <source>Trạng thái khác nhau</source>
        <translation>Different status</translation>
    </message>
    <message>
        <source>Tiếp nhận trên hệ thống của tỉnh muộn hơn thực tế</source>
        <translation>Received later on the province&apos;s system than in fact</translation>
    </message>
    <message>
        <source>Ngày trả kết quả khác nhau</source>
        <translation>Different return date</translation>
    </message>
    <message>
        <source>Đã trả kết quả, chưa ghi số dòng trong sổ</source>
        <translation>Result returned, no book line recorded</translation>
    </message>
    <message>
        <source>Có thể là cùng một hồ sơ nhưng khác mã</source>
        <translation>Possibly the same dossier under another code</translation>
    </message>
    <message>
        <source>Chờ tiếp nhận</source>
        <translation>Awaiting reception</translation>
    </message>
    <message>
        <source>Đang giải quyết</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Chờ bổ sung</source>
        <translation>Awaiting supplement</translation>
    </message>
    <message>
        <source>Có kết quả</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <source>Đã trả kết quả</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Từ chối</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Dừng giải quyết</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>Rút hồ sơ</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Mã thủ tục</source>
        <translation>Procedure code</translation>
    </message>
    <message>
        <source>Tên thủ tục</source>
        <translation>Procedure name</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Hình thức nộp</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Ngày nộp</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Ngày tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Ngày hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Ngày có kết quả</source>
        <translation>Result ready on</translation>
    </message>
    <message>
        <source>Ngày trả kết quả</source>
        <translation>Returned on</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Đơn vị xử lý</source>
        <translation>Handling body</translation>
    </message>
    <message>
        <source>Thêm mới</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Cập nhật</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>Không đổi</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>Bị từ chối</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>có</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>không có</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Đối chiếu</source>
        <translation>Reconcile</translation>
    </message>
    <message>
        <source>Nhập danh sách của tỉnh… (Ctrl+I)</source>
        <translation>Import the province&apos;s list… (Ctrl+I)</translation>
    </message>
    <message>
        <source>Lưu PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Lưu XLSX…</source>
        <translation>Save XLSX…</translation>
    </message>
    <message>
        <source>Sổ theo dõi…</source>
        <translation>Paper books…</translation>
    </message>
    <message>
        <source>Phần mềm của xã</source>
        <translation>Office software</translation>
    </message>
    <message>
        <source>Hệ thống của tỉnh</source>
        <translation>Province system</translation>
    </message>
    <message>
        <source>Sổ giấy</source>
        <translation>Paper book</translation>
    </message>
    <message>
        <source>Đánh giá</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Sổ</source>
        <translation>Book</translation>
    </message>
    <message>
        <source>Chênh lệch</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>Trên phần mềm của xã</source>
        <translation>In the office software</translation>
    </message>
    <message>
        <source>Trên hệ thống của tỉnh</source>
        <translation>On the province system</translation>
    </message>
    <message>
        <source>Là cùng một hồ sơ</source>
        <translation>Same dossier</translation>
    </message>
    <message>
        <source>Không phải</source>
        <translation>Not the same</translation>
    </message>
    <message>
        <source>Mở hồ sơ (Enter)</source>
        <translation>Open dossier (Enter)</translation>
    </message>
    <message>
        <source>Phần mềm của xã: {app} hồ sơ; hệ thống của tỉnh: {province} hồ sơ; khớp mã: {matched}; chênh lệch cần xử lý: {differences}.</source>
        <translation>Office software: {app} dossiers; province system: {province} dossiers; matched by code: {matched}; differences to resolve: {differences}.</translation>
    </message>
    <message>
        <source>Khớp</source>
        <translation>Agrees</translation>
    </message>
    <message>
        <source>(thủ tục chưa có trên phần mềm)</source>
        <translation>(procedure not in the software)</translation>
    </message>
    <message>
        <source>Chọn tệp danh sách hồ sơ xuất từ hệ thống của tỉnh</source>
        <translation>Choose the dossier list exported from the province&apos;s system</translation>
    </message>
    <message>
        <source>Bảng tính (*.xlsx *.csv)</source>
        <translation>Spreadsheets (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Đã nhập: {new} mới, {updated} cập nhật; {online} hồ sơ trực tuyến vào hàng chờ tiếp nhận.</source>
        <translation>Imported: {new} new, {updated} updated; {online} online dossiers put in the reception queue.</translation>
    </message>
    <message>
        <source>Lưu báo cáo đối chiếu</source>
        <translation>Save the reconciliation report</translation>
    </message>
    <message>
        <source>Đã lưu {name} ({moment}).</source>
        <translation>Saved {name} ({moment}).</translation>
    </message>
</context>
<context>
    <name>RegisterExportDialog</name>
    <message>
        <source>Xuất sổ theo dõi hồ sơ (mẫu 07)</source>
        <translation>Export the dossier register (form 07)</translation>
    </message>
    <message>
        <source>PDF để in (A4 ngang)</source>
        <translation>PDF for printing (A4 landscape)</translation>
    </message>
    <message>
        <source>Bảng tính Excel (.xlsx)</source>
        <translation>Excel spreadsheet (.xlsx)</translation>
    </message>
    <message>
        <source>Xuất sổ…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Từ ngày:</source>
        <translation>From:</translation>
    </message>
    <message>
        <source>Đến ngày:</source>
        <translation>To:</translation>
    </message>
    <message>
        <source>Định dạng:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>Lưu sổ theo dõi hồ sơ</source>
        <translation>Save the dossier register</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Tệp Excel (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <source>Đang xuất sổ…</source>
        <translation>Exporting the register…</translation>
    </message>
    <message>
        <source>Đang xuất sổ theo dõi hồ sơ…</source>
        <translation>Exporting the dossier register…</translation>
    </message>
    <message>
        <source>Đã xuất {count} hồ sơ vào tệp {file}.</source>
        <translation>Exported {count} dossiers to {file}.</translation>
    </message>
    <message>
        <source>Đã dừng xuất sổ; không có tệp nào được ghi.</source>
        <translation>Export stopped; no file was written.</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Khôi phục từ bản sao lưu</source>
        <translation>Restore from a backup</translation>
    </message>
    <message>
        <source>Xem bản sao lưu</source>
        <translation>Show the backup</translation>
    </message>
    <message>
        <source>Thay dữ liệu bằng bản này</source>
        <translation>Replace the data with this backup</translation>
    </message>
    <message>
        <source>Thư mục bản sao lưu (tên có dạng …-backup-NGÀY-GIỜ):</source>
        <translation>Backup folder (named …-backup-DATE-TIME):</translation>
    </message>
    <message>
        <source>Bản sao lưu</source>
        <translation>Backup</translation>
    </message>
    <message>
        <source>Lập lúc: {when}</source>
        <translation>Made at: {when}</translation>
    </message>
    <message>
        <source>Hồ sơ: {n}; người nộp: {a}; tài liệu số hóa: {d}; tệp: {f}</source>
        <translation>Dossiers: {n}; applicants: {a}; digitised documents: {d}; files: {f}</translation>
    </message>
    <message>
        <source>Hồ sơ mới nhất: {code}</source>
        <translation>Newest dossier: {code}</translation>
    </message>
    <message>
        <source>Mọi tệp khớp mã băm. Dữ liệu hiện tại sẽ được giữ lại bên cạnh; sau khi khôi phục, phần mềm đóng lại để mở với dữ liệu đã khôi phục. Hãy đóng phần mềm trên các máy khác trước.</source>
        <translation>Every file matches its hash. The current data will be kept aside; after the restore the application closes, to be opened with the restored data. Close the application on the other PCs first.</translation>
    </message>
    <message>
        <source>Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu lập lúc {when}?</source>
        <translation>Replace all current data with the backup made at {when}?</translation>
    </message>
    <message>
        <source>Đã khôi phục. Dữ liệu trước đó được giữ tại {path}.</source>
        <translation>Restored. The previous data is kept at {path}.</translation>
    </message>
</context>
<context>
    <name>RetentionDialog</name>
    <message>
        <source>Xem trước ẩn danh hóa dữ liệu cá nhân</source>
        <translation>Preview of personal data anonymisation</translation>
    </message>
    <message>
        <source>Ẩn danh hóa</source>
        <translation>Anonymise</translation>
    </message>
    <message>
        <source>Thời hạn {years} năm: dữ liệu cá nhân của công dân có hồ sơ cuối cùng kết thúc trước ngày {cutoff}.</source>
        <translation>Period of {years} years: personal data of citizens whose last dossier ended before {cutoff}.</translation>
    </message>
    <message>
        <source>Người nộp sẽ được ẩn danh: {n} (trong đó {w} người không có hồ sơ)</source>
        <translation>Applicants to anonymise: {n} (of whom {w} have no dossier)</translation>
    </message>
    <message>
        <source>Hồ sơ của họ (giữ lại, chỉ ẩn thông tin cá nhân): {n}</source>
        <translation>Their dossiers (kept, only personal details hidden): {n}</translation>
    </message>
    <message>
        <source>Phản ánh, kiến nghị đã đóng: {n}</source>
        <translation>Closed feedback: {n}</translation>
    </message>
    <message>
        <source>Tài liệu số hóa (bỏ chữ nhận dạng, giữ tệp trong kho): {n}</source>
        <translation>Digitised documents (recognised text dropped, files kept in the store): {n}</translation>
    </message>
    <message>
        <source>Dòng danh sách của tỉnh: {n}</source>
        <translation>Lines of the province&apos;s list: {n}</translation>
    </message>
    <message>
        <source>Giữ lại: {o} người có hồ sơ đang giải quyết hoặc còn trong thời hạn; {f} người có phản ánh chưa xong.</source>
        <translation>Kept: {o} people with a dossier in progress or within the period; {f} people with open feedback.</translation>
    </message>
    <message>
        <source>Hồ sơ cũ nhất: {list}</source>
        <translation>Oldest dossiers: {list}</translation>
    </message>
    <message>
        <source>Không có dữ liệu nào quá thời hạn.</source>
        <translation>No data is past the period.</translation>
    </message>
    <message>
        <source>Chưa thay đổi gì. Bấm «Ẩn danh hóa» để thực hiện.</source>
        <translation>Nothing has been changed yet. Click &quot;Anonymise&quot; to do it.</translation>
    </message>
    <message>
        <source>Ẩn danh hóa vĩnh viễn dữ liệu cá nhân của {n} người nộp? Không thể hoàn tác (trừ khi khôi phục từ bản sao lưu).</source>
        <translation>Permanently anonymise the personal data of {n} applicants? This cannot be undone (except by restoring a backup).</translation>
    </message>
    <message>
        <source>Đang ẩn danh hóa…</source>
        <translation>Anonymising…</translation>
    </message>
    <message>
        <source>Đã ẩn danh {n} người nộp và {f} phản ánh; đã ghi nhật ký.</source>
        <translation>Anonymised {n} applicants and {f} feedback items; recorded in the audit log.</translation>
    </message>
</context>
<context>
    <name>RetentionPanel</name>
    <message>
        <source> năm</source>
        <translation> years</translation>
    </message>
    <message>
        <source>Sau thời hạn này kể từ khi hồ sơ cuối cùng của công dân kết thúc, họ tên, số định danh, điện thoại và địa chỉ được ẩn danh; hồ sơ và tệp vẫn được giữ theo pháp luật về lưu trữ (Nghị định 13/2023/NĐ-CP, Luật Lưu trữ 2024).</source>
        <translation>After this period from the end of a citizen&apos;s last dossier, their name, personal ID, phone and address are anonymised; dossiers and files are still kept under the archives law (Decree 13/2023/ND-CP, Law on Archives 2024).</translation>
    </message>
    <message>
        <source>Chỉ quản trị viên được xem và ẩn danh hóa.</source>
        <translation>Only the administrator may preview and anonymise.</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Xem trước…</source>
        <translation>Preview…</translation>
    </message>
    <message>
        <source>Đã lưu thời hạn {years} năm.</source>
        <translation>Saved a period of {years} years.</translation>
    </message>
    <message>
        <source>Đang lập báo cáo…</source>
        <translation>Preparing the report…</translation>
    </message>
    <message>
        <source>Đã ẩn danh {n} người nộp và {f} phản ánh; đã ghi nhật ký.</source>
        <translation>Anonymised {n} applicants and {f} feedback items; recorded in the audit log.</translation>
    </message>
</context>
<context>
    <name>ReusePanel</name>
    <message>
        <source>Tài liệu</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Từ hồ sơ</source>
        <translation>From dossier</translation>
    </message>
    <message>
        <source>Hiệu lực đến</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>Chữ ký số</source>
        <translation>Digital signature</translation>
    </message>
    <message>
        <source>Dùng lại cho hồ sơ này</source>
        <translation>Reuse for this dossier</translation>
    </message>
    <message>
        <source>Tìm theo từ trong tên hoặc nội dung giấy tờ (Enter)</source>
        <translation>Search by a word in the document&apos;s name or content (Enter)</translation>
    </message>
    <message>
        <source>Giấy tờ đã số hóa trước đây: chưa có người nộp.</source>
        <translation>Previously digitised documents: no applicant yet.</translation>
    </message>
    <message>
        <source>Người nộp chưa có giấy tờ số hóa nào còn hiệu lực để dùng lại.</source>
        <translation>The applicant has no valid digitised documents to reuse.</translation>
    </message>
    <message>
        <source>Giấy tờ đã số hóa trước đây còn hiệu lực ({count}): dùng lại, không yêu cầu người dân nộp lại.</source>
        <translation>Valid previously digitised documents ({count}): reuse them instead of asking the citizen to submit them again.</translation>
    </message>
    <message>
        <source>Không thời hạn</source>
        <translation>No expiry</translation>
    </message>
    <message>
        <source>Đã ký</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>Chưa ký</source>
        <translation>Unsigned</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Cán bộ tiếp nhận</source>
        <translation>Counter clerk</translation>
    </message>
    <message>
        <source>Công chức chuyên môn</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Lãnh đạo</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>Quản trị viên</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>ScanDialog</name>
    <message>
        <source>Quét vào hồ sơ {code}</source>
        <translation>Scan into dossier {code}</translation>
    </message>
    <message>
        <source>Tìm máy quét</source>
        <translation>Find scanners</translation>
    </message>
    <message>
        <source>{dpi} dpi</source>
        <translation>{dpi} dpi</translation>
    </message>
    <message>
        <source>Màu</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>Xám</source>
        <translation>Greyscale</translation>
    </message>
    <message>
        <source>Đen trắng</source>
        <translation>Black and white</translation>
    </message>
    <message>
        <source>Đến hết giấy trong khay</source>
        <translation>Until the tray is empty</translation>
    </message>
    <message>
        <source>Máy quét:</source>
        <translation>Scanner:</translation>
    </message>
    <message>
        <source>Số trang:</source>
        <translation>Pages:</translation>
    </message>
    <message>
        <source>Độ phân giải:</source>
        <translation>Resolution:</translation>
    </message>
    <message>
        <source>Chế độ màu:</source>
        <translation>Colour mode:</translation>
    </message>
    <message>
        <source>Quét</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>Không tìm thấy máy quét nào. Hãy bật máy quét rồi bấm «Tìm máy quét».</source>
        <translation>No scanner found. Turn the scanner on, then click «Find scanners».</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <source>Giờ làm việc và lịch theo mùa</source>
        <translation>Working hours and seasonal schedule</translation>
    </message>
    <message>
        <source>Nhập các khoảng giờ làm việc trong ngày, cách nhau bằng dấu phẩy. Nếu cơ quan làm việc theo mùa, thêm một dòng cho mỗi mùa với ngày bắt đầu áp dụng hằng năm. Mọi mùa phải có cùng số giờ làm việc một ngày.</source>
        <translation>Enter the working periods of the day, separated by commas. If the office works seasonal hours, add one row per season with the date it starts each year. All seasons must have the same number of working hours per day.</translation>
    </message>
    <message>
        <source>Tên</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Từ ngày</source>
        <translation>From day</translation>
    </message>
    <message>
        <source>Tháng</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Giờ làm việc</source>
        <translation>Working hours</translation>
    </message>
    <message>
        <source>Số giờ</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>Thêm mùa</source>
        <translation>Add season</translation>
    </message>
    <message>
        <source>Mẫu mùa hè – mùa đông</source>
        <translation>Summer–winter template</translation>
    </message>
    <message>
        <source>Một lịch cả năm</source>
        <translation>One schedule all year</translation>
    </message>
    <message>
        <source>Ví dụ: Theo Quyết định số 20/QĐ-UBND của UBND tỉnh (không bắt buộc)</source>
        <translation>E.g. Under Decision No. 20/QĐ-UBND of the provincial People&apos;s Committee (optional)</translation>
    </message>
    <message>
        <source>Căn cứ, lý do:</source>
        <translation>Basis, reason:</translation>
    </message>
    <message>
        <source>Tiếp tục…</source>
        <translation>Continue…</translation>
    </message>
    <message>
        <source>Ví dụ: Mùa hè</source>
        <translation>E.g. Summer</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>{hours} giờ/ngày</source>
        <translation>{hours} h/day</translation>
    </message>
    <message>
        <source>Mùa hè</source>
        <translation>Summer</translation>
    </message>
    <message>
        <source>Mùa đông</source>
        <translation>Winter</translation>
    </message>
    <message>
        <source>Cả năm</source>
        <translation>Whole year</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Từ trong tên hoặc nội dung tài liệu, ví dụ: khai sinh Nguyễn Thị Bình</source>
        <translation>Words in a document&apos;s name or content, e.g. khai sinh Nguyễn Thị Bình</translation>
    </message>
    <message>
        <source>Tìm</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>Tài liệu</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Ngày lưu</source>
        <translation>Stored on</translation>
    </message>
    <message>
        <source>Đoạn có từ cần tìm</source>
        <translation>Passage with the words</translation>
    </message>
    <message>
        <source>Tìm thấy {n} tài liệu.</source>
        <translation>{n} documents found.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Chung</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Ngôn ngữ:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>Cơ sở dữ liệu:</source>
        <translation>Database:</translation>
    </message>
    <message>
        <source>Tệp nhật ký:</source>
        <translation>Log file:</translation>
    </message>
    <message>
        <source>Giữ dữ liệu cá nhân:</source>
        <translation>Keep personal data:</translation>
    </message>
    <message>
        <source>Cơ quan</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Mã ngắn của cơ quan, dùng làm phần đầu mã hồ sơ khi chưa có mã định danh điện tử: chữ in hoa không dấu, chữ số, dấu chấm (ví dụ: XANSON).</source>
        <translation>The office&apos;s short code, used as the first part of dossier codes while there is no electronic identifier code: capital letters without diacritics, digits, dots (e.g. XANSON).</translation>
    </message>
    <message>
        <source>Ví dụ: 000.00.25.H23</source>
        <translation>E.g. 000.00.25.H23</translation>
    </message>
    <message>
        <source>Tên cơ quan:</source>
        <translation>Office name:</translation>
    </message>
    <message>
        <source>Mã định danh điện tử:</source>
        <translation>Electronic identifier code:</translation>
    </message>
    <message>
        <source>Mã cơ quan:</source>
        <translation>Office code:</translation>
    </message>
    <message>
        <source>Địa chỉ:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Tỉnh, thành phố:</source>
        <translation>Province/city:</translation>
    </message>
    <message>
        <source>Điện thoại:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>Thư điện tử:</source>
        <translation>Email:</translation>
    </message>
    <message>
        <source>Bộ phận tiếp nhận:</source>
        <translation>Counter unit:</translation>
    </message>
    <message>
        <source>Lưu thông tin cơ quan</source>
        <translation>Save office details</translation>
    </message>
    <message>
        <source>Người dùng</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Chức vụ</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Thêm người dùng</source>
        <translation>Add user</translation>
    </message>
    <message>
        <source>Sửa</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Chỉ quản trị viên được thay đổi người dùng.</source>
        <translation>Only administrators can change users.</translation>
    </message>
    <message>
        <source>Cảnh báo hạn và số hóa</source>
        <translation>Deadline warnings and digitisation</translation>
    </message>
    <message>
        <source>Mặc định nhận dạng chữ (OCR) khi số hóa</source>
        <translation>Recognise text (OCR) by default when digitising</translation>
    </message>
    <message>
        <source>% thời gian giải quyết</source>
        <translation>% of the processing time is left</translation>
    </message>
    <message>
        <source>giờ làm việc</source>
        <translation>working hours are left</translation>
    </message>
    <message>
        <source>Cảnh báo khi còn dưới:</source>
        <translation>Warn when under:</translation>
    </message>
    <message>
        <source>hoặc còn dưới:</source>
        <translation>or under:</translation>
    </message>
    <message>
        <source>Áp dụng cho hồ sơ, từng bước xử lý và phản ánh, kiến nghị: khi thời gian còn lại dưới một trong hai mức này, thời hạn được tô màu vàng (sắp đến hạn). Mặc định: 25% hoặc 4 giờ làm việc.</source>
        <translation>Applies to dossiers, each processing step, and feedback: when the time remaining falls below either level, the deadline is shown in yellow (nearly due). Default: 25% or 4 working hours.</translation>
    </message>
    <message>
        <source>Tính tiếp thời gian còn lại (mặc định theo quy định)</source>
        <translation>Continue with the time left (default, as the law says)</translation>
    </message>
    <message>
        <source>Tính lại đủ thời hạn từ đầu</source>
        <translation>Count the full time afresh</translation>
    </message>
    <message>
        <source>Hạn in trên phiếu hẹn mới khi nhận hồ sơ đã bổ sung trong quá trình giải quyết. Căn cứ: {source} ({link}). Chỉ số 766 luôn chỉ trừ thời gian hồ sơ nằm ở người dân trong một lần bổ sung.</source>
        <translation>The due date printed on the new receipt when the completed dossier comes back during processing. Source: {source} ({link}). The 766 index always subtracts only the time the dossier spent with the applicant during one supplement request.</translation>
    </message>
    <message>
        <source>Sau khi bổ sung hồ sơ:</source>
        <translation>After a supplement:</translation>
    </message>
    <message>
        <source>Hạn in trên phiếu hẹn mới sau khi bổ sung; mặc định theo {document}. Chỉ số 766 luôn chỉ trừ thời gian hồ sơ nằm ở người dân trong một lần bổ sung.</source>
        <translation>The due date on the new receipt after a supplement; the default follows {document}. The 766 index always subtracts only the time the dossier spent with the applicant during one supplement request.</translation>
    </message>
    <message>
        <source>Đã lưu.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Lưu cài đặt cảnh báo và số hóa</source>
        <translation>Save warning and digitisation settings</translation>
    </message>
    <message>
        <source>Chỉ quản trị viên được thay đổi các cài đặt này.</source>
        <translation>Only administrators can change these settings.</translation>
    </message>
    <message>
        <source>Hoạt động</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Đã khóa</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>Chưa có: mã hồ sơ mới dùng mã cơ quan «{code}».</source>
        <translation>Not set: new dossier codes use the office code “{code}”.</translation>
    </message>
    <message>
        <source>Đúng dạng. Mã hồ sơ mới: {example}</source>
        <translation>Valid. New dossier codes: {example}</translation>
    </message>
    <message>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Ngôn ngữ mới sẽ được dùng khi mở lại ứng dụng.</source>
        <translation>The new language will be used after the application is restarted.</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>Thiết lập lần đầu — TTHC Desk</source>
        <translation>First-time setup — TTHC Desk</translation>
    </message>
    <message>
        <source>Chào mừng! Hãy nhập thông tin cơ quan (in trên mọi phiếu, sổ) và tạo tài khoản quản trị viên.</source>
        <translation>Welcome! Enter the office details (printed on every slip and register) and create an administrator account.</translation>
    </message>
    <message>
        <source>Cơ quan</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>Ví dụ: UBND xã An Sơn</source>
        <translation>E.g. UBND xã An Sơn</translation>
    </message>
    <message>
        <source>Tên cơ quan:</source>
        <translation>Office name:</translation>
    </message>
    <message>
        <source>Mã định danh điện tử của cơ quan do tỉnh cấp theo QCVN 102:2016/BTTTT (xem trên phần mềm một cửa của tỉnh). Mã này là phần đầu của mã hồ sơ, ví dụ 000.00.25.H23-251205-0001.</source>
        <translation>The office&apos;s electronic identifier code issued by the province under QCVN 102:2016/BTTTT (see the province&apos;s one-stop software). It is the first part of every dossier code, e.g. 000.00.25.H23-251205-0001.</translation>
    </message>
    <message>
        <source>In dưới tên cơ quan trên mọi phiếu. Từ 1/7/2025 (Nghị định 118/2025/NĐ-CP): Trung tâm Phục vụ hành chính công; trước đó: Bộ phận Một cửa.</source>
        <translation>Printed under the office&apos;s name on every sheet. Since 1/7/2025 (Decree 118/2025/NĐ-CP): Trung tâm Phục vụ hành chính công (Public Administration Service Centre); before: Bộ phận Một cửa (one-stop desk).</translation>
    </message>
    <message>
        <source>Ví dụ: 000.00.25.H23</source>
        <translation>E.g. 000.00.25.H23</translation>
    </message>
    <message>
        <source>Do tỉnh cấp (QCVN 102:2016/BTTTT); là phần đầu của mã hồ sơ.</source>
        <translation>Issued by the province (QCVN 102:2016/BTTTT); the first part of dossier codes.</translation>
    </message>
    <message>
        <source>Mã định danh điện tử:</source>
        <translation>Electronic identifier code:</translation>
    </message>
    <message>
        <source>Bộ phận tiếp nhận:</source>
        <translation>Counter unit:</translation>
    </message>
    <message>
        <source>Địa chỉ:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Tỉnh, thành phố:</source>
        <translation>Province/city:</translation>
    </message>
    <message>
        <source>Điện thoại:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>Thư điện tử:</source>
        <translation>Email:</translation>
    </message>
    <message>
        <source>Quản trị viên</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Ít nhất {minimum} ký tự</source>
        <translation>At least {minimum} characters</translation>
    </message>
    <message>
        <source>Họ và tên:</source>
        <translation>Full name:</translation>
    </message>
    <message>
        <source>Tên đăng nhập:</source>
        <translation>Username:</translation>
    </message>
    <message>
        <source>Mật khẩu:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Nhập lại mật khẩu:</source>
        <translation>Confirm password:</translation>
    </message>
    <message>
        <source>Nạp sẵn danh mục {n} thủ tục cấp xã kèm nguồn; mỗi thủ tục được đánh dấu «cần đối chiếu với quyết định công bố của tỉnh» cho đến khi quản trị viên xác nhận hoặc sửa. Danh mục của tỉnh vẫn nhập được từ tệp Excel.</source>
        <translation>Load the shipped catalogue of {n} commune procedures with their sources; each is marked “to be checked against the province&apos;s publication decision” until the administrator confirms or edits it. The province&apos;s own list can still be imported from Excel.</translation>
    </message>
    <message>
        <source>Lưu và tiếp tục</source>
        <translation>Save and continue</translation>
    </message>
</context>
<context>
    <name>SheetDialog</name>
    <message>
        <source>Kết quả xử lý phản ánh, kiến nghị</source>
        <translation>Feedback handling results</translation>
    </message>
    <message>
        <source>Thông báo tiếp nhận phản ánh, kiến nghị</source>
        <translation>Notice on receiving citizen feedback</translation>
    </message>
    <message>
        <source>Khi &amp;in để niêm yết, ghi nhận các phản ánh trong bảng là đã công khai</source>
        <translation>When &amp;printed for posting, record the items in the sheet as published</translation>
    </message>
    <message>
        <source>&amp;Từ ngày (ngày trả lời):</source>
        <translation>&amp;From (reply date):</translation>
    </message>
    <message>
        <source>Đế&amp;n ngày:</source>
        <translation>&amp;To:</translation>
    </message>
    <message>
        <source>Thông báo địa chỉ, số điện thoại, thư điện tử và Cổng dịch vụ công tiếp nhận phản ánh, kiến nghị, để niêm yết tại {unit}.</source>
        <translation>Notice of the address, phone, email and public service portal that receive feedback and petitions, for posting at the {unit}.</translation>
    </message>
    <message>
        <source>Bộ phận Một cửa</source>
        <translation>one-stop desk</translation>
    </message>
    <message>
        <source>&amp;Lưu PDF…</source>
        <translation>&amp;Save PDF…</translation>
    </message>
    <message>
        <source>&amp;In…</source>
        <translation>P&amp;rint…</translation>
    </message>
    <message>
        <source>Đã &amp;niêm yết bảng này</source>
        <translation>This sheet is &amp;posted</translation>
    </message>
    <message>
        <source>Ghi nhận các phản ánh trong bảng vừa xuất là đã công khai (đã niêm yết).</source>
        <translation>Record the items of the sheet just output as published (posted on the board).</translation>
    </message>
    <message>
        <source>Đó&amp;ng</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>Lưu tệp PDF</source>
        <translation>Save PDF file</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Đã xuất {n} trang: {path}</source>
        <translation>Exported {n} pages: {path}</translation>
    </message>
    <message>
        <source>Đã xuất {items} phản ánh, kiến nghị ({n} trang).</source>
        <translation>Exported {items} feedback items ({n} pages).</translation>
    </message>
    <message>
        <source>Chưa ghi nhận công khai: sau khi niêm yết bảng, bấm «Đã niêm yết bảng này».</source>
        <translation>Not recorded as published yet: once the sheet is posted, press “This sheet is posted”.</translation>
    </message>
    <message>
        <source>Đã ghi nhận công khai {n} phản ánh.</source>
        <translation>Recorded {n} feedback items as published.</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Nhập mỗi lần ký, không được lưu lại</source>
        <translation>Entered each time you sign, never stored</translation>
    </message>
    <message>
        <source>Đọc chứng thư trên USB</source>
        <translation>Read certificates from USB token</translation>
    </message>
    <message>
        <source>Thư viện PKCS#11:</source>
        <translation>PKCS#11 library:</translation>
    </message>
    <message>
        <source>Mã PIN:</source>
        <translation>PIN:</translation>
    </message>
    <message>
        <source>Chứng thư ký:</source>
        <translation>Signing certificate:</translation>
    </message>
    <message>
        <source>Tệp chứng thư (.p12, .pfx):</source>
        <translation>Certificate file (.p12, .pfx):</translation>
    </message>
    <message>
        <source>Mật khẩu tệp:</source>
        <translation>File password:</translation>
    </message>
    <message>
        <source>USB ký số (PKCS#11)</source>
        <translation>USB token (PKCS#11)</translation>
    </message>
    <message>
        <source>Tệp chứng thư (PKCS#12)</source>
        <translation>Certificate file (PKCS#12)</translation>
    </message>
    <message>
        <source>Ký số</source>
        <translation>Sign</translation>
    </message>
    <message>
        <source>Chọn thư viện PKCS#11 của USB ký số</source>
        <translation>Choose the PKCS#11 library of the USB token</translation>
    </message>
    <message>
        <source>Thư viện ({patterns})</source>
        <translation>Libraries ({patterns})</translation>
    </message>
    <message>
        <source>Chọn tệp chứng thư</source>
        <translation>Choose certificate file</translation>
    </message>
    <message>
        <source>Chứng thư ({patterns})</source>
        <translation>Certificates ({patterns})</translation>
    </message>
    <message>
        <source>{name} — cấp bởi {issuer}, hạn đến {until}</source>
        <translation>{name} — issued by {issuer}, valid until {until}</translation>
    </message>
    <message>
        <source>USB ký số không có chứng thư nào dùng để ký được.</source>
        <translation>The USB token has no certificate that can be used for signing.</translation>
    </message>
</context>
<context>
    <name>StatsTab</name>
    <message>
        <source>Tháng này</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>Tháng trước</source>
        <translation>Last month</translation>
    </message>
    <message>
        <source>Quý này</source>
        <translation>This quarter</translation>
    </message>
    <message>
        <source>Năm nay</source>
        <translation>This year</translation>
    </message>
    <message>
        <source>Tùy chọn</source>
        <translation>Custom</translation>
    </message>
    <message>
        <source>&amp;Xem thống kê (F5)</source>
        <translation>&amp;Show statistics (F5)</translation>
    </message>
    <message>
        <source>Kỳ:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>&amp;Từ ngày:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <source>Đế&amp;n ngày:</source>
        <translation>&amp;To:</translation>
    </message>
    <message>
        <source>Đã trả</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Đã đánh giá</source>
        <translation>Rated</translation>
    </message>
    <message>
        <source>Tỷ lệ</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>Rất hài lòng</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>Hài lòng</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>Không hài lòng</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>Cán bộ giải quyết</source>
        <translation>Handling officer</translation>
    </message>
    <message>
        <source>Ngày đánh giá</source>
        <translation>Rating date</translation>
    </message>
    <message>
        <source>Ý kiến</source>
        <translation>Comments</translation>
    </message>
    <message>
        <source>(không có ý kiến)</source>
        <translation>(no comments)</translation>
    </message>
    <message>
        <source>Theo lĩnh vực</source>
        <translation>By field</translation>
    </message>
    <message>
        <source>Theo cán bộ giải quyết</source>
        <translation>By handling officer</translation>
    </message>
    <message>
        <source>Các đánh giá «Không hài lòng» và ý kiến</source>
        <translation>«Dissatisfied» ratings and comments</translation>
    </message>
    <message>
        <source>Đã đánh giá {rated}/{returned} hồ sơ đã trả kết quả ({share}); mục tiêu 100%.</source>
        <translation>Rated {rated}/{returned} returned dossiers ({share}); target 100%.</translation>
    </message>
    <message>
        <source>Còn {n} hồ sơ chưa được đánh giá.</source>
        <translation>{n} dossiers not yet rated.</translation>
    </message>
    <message>
        <source>Rất hài lòng: {a} ({pa}) · Hài lòng: {b} ({pb}) · Không hài lòng: {c} ({pc})</source>
        <translation>Very satisfied: {a} ({pa}) · Satisfied: {b} ({pb}) · Dissatisfied: {c} ({pc})</translation>
    </message>
</context>
<context>
    <name>StoreCheckPanel</name>
    <message>
        <source>Kiểm tra kho tệp</source>
        <translation>Check file store</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đối chiếu mọi tệp trong kho với mã băm SHA-256 đã lưu khi số hóa.</source>
        <translation>Compare every file in the store with the SHA-256 hash saved at digitisation.</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tài liệu</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Mã băm</source>
        <translation>Hash</translation>
    </message>
    <message>
        <source>Kho tệp: {path}</source>
        <translation>File store: {path}</translation>
    </message>
    <message>
        <source>Đã kiểm tra {n} tệp: tất cả đầy đủ và nguyên vẹn.</source>
        <translation>Checked {n} files: all present and intact.</translation>
    </message>
    <message>
        <source>Đã kiểm tra {n} tệp: {missing} tệp bị mất, {altered} tệp bị thay đổi. Hãy khôi phục các tệp này từ bản sao lưu.</source>
        <translation>Checked {n} files: {missing} missing, {altered} altered. Restore these files from a backup.</translation>
    </message>
    <message>
        <source>Có {n} tệp trong kho không thuộc tài liệu nào (vô hại).</source>
        <translation>{n} files in the store belong to no document (harmless).</translation>
    </message>
    <message>
        <source>Mất tệp</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>Bị thay đổi</source>
        <translation>Altered</translation>
    </message>
</context>
<context>
    <name>Supplement</name>
    <message>
        <source>Bản chính {n:02d}</source>
        <translation>Originals {n:02d}</translation>
    </message>
    <message>
        <source>Bản sao có chứng thực {n:02d}</source>
        <translation>Certified copies {n:02d}</translation>
    </message>
    <message>
        <source>Bản sao {n:02d}</source>
        <translation>Copies {n:02d}</translation>
    </message>
</context>
<context>
    <name>SupplementItemsEditor</name>
    <message>
        <source>Tên giấy tờ cần bổ sung, hoàn thiện</source>
        <translation>Name of the document to add or complete</translation>
    </message>
    <message>
        <source>Nội dung cần bổ sung, hoàn thiện</source>
        <translation>What to add or complete</translation>
    </message>
    <message>
        <source>Thêm (Enter)</source>
        <translation>Add (Enter)</translation>
    </message>
    <message>
        <source>Tên giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Bản chính</source>
        <translation>Originals</translation>
    </message>
    <message>
        <source>Bản sao có chứng thực</source>
        <translation>Certified copies</translation>
    </message>
    <message>
        <source>Bản sao</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>Tên giấy tờ:</source>
        <translation>Document:</translation>
    </message>
    <message>
        <source>Bản chính:</source>
        <translation>Originals:</translation>
    </message>
    <message>
        <source>Bản sao có chứng thực:</source>
        <translation>Certified copies:</translation>
    </message>
    <message>
        <source>Bản sao:</source>
        <translation>Copies:</translation>
    </message>
    <message>
        <source>Nội dung:</source>
        <translation>What to complete:</translation>
    </message>
</context>
<context>
    <name>SupplementReceiptList</name>
    <message>
        <source>Giấy tờ khác đã nhận (Enter để thêm)</source>
        <translation>Other document received (Enter to add)</translation>
    </message>
</context>
<context>
    <name>TextDialog</name>
    <message>
        <source>&amp;Ghi nhận (Ctrl+Enter)</source>
        <translation>&amp;Record (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>TrustPanel</name>
    <message>
        <source>Chủ thể</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Dấu vân tay SHA-256</source>
        <translation>SHA-256 fingerprint</translation>
    </message>
    <message>
        <source>Người thêm</source>
        <translation>Added by</translation>
    </message>
    <message>
        <source>Ngày thêm</source>
        <translation>Date added</translation>
    </message>
    <message>
        <source>Thêm chứng thư…</source>
        <translation>Add certificate…</translation>
    </message>
    <message>
        <source>Thêm cả thư mục…</source>
        <translation>Add a whole folder…</translation>
    </message>
    <message>
        <source>Bỏ chứng thư</source>
        <translation>Remove certificate</translation>
    </message>
    <message>
        <source>ví dụ http://tsa.ca.gov.vn (để trống: ký ngoại tuyến)</source>
        <translation>e.g. http://tsa.ca.gov.vn (empty: sign offline)</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Máy chủ cấp dấu thời gian:</source>
        <translation>Timestamp server:</translation>
    </message>
    <message>
        <source>Chọn ảnh con dấu…</source>
        <translation>Choose the seal image…</translation>
    </message>
    <message>
        <source>Chữ ký số chỉ được coi là tin cậy khi chứng thư của người ký thuộc chuỗi của một chứng thư dưới đây (chứng thư gốc, trung gian của tổ chức cung cấp dịch vụ chứng thực chữ ký số).</source>
        <translation>A digital signature is trusted only if the signer&apos;s certificate chains up to one of the certificates below (root or intermediate certificates of digital signature certification service providers).</translation>
    </message>
    <message>
        <source>Chỉ quản trị viên được thêm hoặc bỏ chứng thư tin cậy.</source>
        <translation>Only administrators can add or remove trusted certificates.</translation>
    </message>
    <message>
        <source>Con dấu: đã có ảnh</source>
        <translation>Seal: image set</translation>
    </message>
    <message>
        <source>Con dấu: chưa có ảnh</source>
        <translation>Seal: no image</translation>
    </message>
    <message>
        <source>Chọn ảnh con dấu của cơ quan</source>
        <translation>Choose the office&apos;s seal image</translation>
    </message>
    <message>
        <source>Ảnh (*.png *.jpg *.jpeg)</source>
        <translation>Images (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Chọn thư mục chứng thư</source>
        <translation>Choose a certificate folder</translation>
    </message>
    <message>
        <source>CA</source>
        <translation>CA</translation>
    </message>
    <message>
        <source>Người dùng</source>
        <translation>User</translation>
    </message>
    <message>
        <source>dòng lệnh</source>
        <translation>command line</translation>
    </message>
    <message>
        <source>Chọn tệp chứng thư</source>
        <translation>Choose certificate file</translation>
    </message>
    <message>
        <source>Chứng thư ({patterns})</source>
        <translation>Certificates ({patterns})</translation>
    </message>
    <message>
        <source>Bỏ chứng thư tin cậy</source>
        <translation>Remove trusted certificate</translation>
    </message>
    <message>
        <source>Bỏ «{subject}» khỏi danh sách tin cậy? Chữ ký theo chuỗi này sẽ không còn được coi là tin cậy.</source>
        <translation>Remove «{subject}» from the trusted list? Signatures chaining to it will no longer be trusted.</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>Sửa người dùng</source>
        <translation>Edit user</translation>
    </message>
    <message>
        <source>Thêm người dùng</source>
        <translation>Add user</translation>
    </message>
    <message>
        <source>Ít nhất {minimum} ký tự</source>
        <translation>At least {minimum} characters</translation>
    </message>
    <message>
        <source>Để trống nếu không đổi; nếu đổi: {rule}</source>
        <translation>Leave empty to keep it; a new one: {rule}</translation>
    </message>
    <message>
        <source>Mật khẩu: ít nhất {minimum} ký tự; hai lần nhập phải giống nhau.</source>
        <translation>Password: at least {minimum} characters; type it the same way twice.</translation>
    </message>
    <message>
        <source>Đang hoạt động</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Bạn không thể tự bỏ quyền quản trị của mình.</source>
        <translation>You cannot remove your own administrator role.</translation>
    </message>
    <message>
        <source>Tên đăng nhập:</source>
        <translation>Username:</translation>
    </message>
    <message>
        <source>Họ và tên:</source>
        <translation>Full name:</translation>
    </message>
    <message>
        <source>Chức vụ:</source>
        <translation>Position:</translation>
    </message>
    <message>
        <source>Điện thoại:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>Vai trò:</source>
        <translation>Role:</translation>
    </message>
    <message>
        <source>Mật khẩu:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Nhập lại mật khẩu:</source>
        <translation>Confirm password:</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Kiểm tra chữ ký số — {title}</source>
        <translation>Verify digital signature — {title}</translation>
    </message>
    <message>
        <source>Xem bản đã ký (chữ ký {n})</source>
        <translation>View the signed version (signature {n})</translation>
    </message>
    <message>
        <source>có</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>không</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Tệp có mật khẩu chủ sở hữu; chữ ký vẫn được kiểm tra bình thường.</source>
        <translation>The file has an owner password; its signatures were checked as usual.</translation>
    </message>
    <message>
        <source>Tệp này không có chữ ký số nào.</source>
        <translation>This file has no digital signatures.</translation>
    </message>
    <message>
        <source>không chấp nhận: thuật toán yếu</source>
        <translation>not accepted: weak algorithm</translation>
    </message>
    <message>
        <source>chưa xét được: thuật toán yếu</source>
        <translation>not assessed: weak algorithm</translation>
    </message>
    <message>
        <source>không: chứng thư đã bị thu hồi</source>
        <translation>no: the certificate has been revoked</translation>
    </message>
    <message>
        <source>chưa xét được: chứng thư ngoài thời hạn hiệu lực khi ký</source>
        <translation>not assessed: certificate outside its validity period at signing</translation>
    </message>
    <message>
        <source>Chức danh</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Cơ quan, tổ chức</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>{issuer} (số hiệu {serial})</source>
        <translation>{issuer} (serial {serial})</translation>
    </message>
    <message>
        <source>Hiệu lực chứng thư</source>
        <translation>Certificate validity</translation>
    </message>
    <message>
        <source>từ {start} đến {end}</source>
        <translation>from {start} to {end}</translation>
    </message>
    <message>
        <source>Thời điểm ký (theo máy của người ký)</source>
        <translation>Signing time (signer&apos;s computer)</translation>
    </message>
    <message>
        <source>không rõ</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Người ký</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>Cấp bởi</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>Nguyên vẹn, không bị sửa sau khi ký</source>
        <translation>Intact, not modified after signing</translation>
    </message>
    <message>
        <source>Chữ ký đúng về mật mã</source>
        <translation>Cryptographically valid signature</translation>
    </message>
    <message>
        <source>Chứng thư thuộc gốc tin cậy của cơ quan</source>
        <translation>Certificate chains to the office&apos;s trusted roots</translation>
    </message>
    <message>
        <source>Tình trạng thu hồi</source>
        <translation>Revocation status</translation>
    </message>
    <message>
        <source>Chữ ký {n}: {status}</source>
        <translation>Signature {n}: {status}</translation>
    </message>
    <message>
        <source>Dấu thời gian</source>
        <translation>Timestamp</translation>
    </message>
    <message>
        <source>không có</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Các lần sửa sau khi ký:</source>
        <translation>Revisions after signing:</translation>
    </message>
    <message>
        <source>Nên làm:</source>
        <translation>What to do:</translation>
    </message>
</context>
<context>
    <name>Widgets</name>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>_ActionDialog</name>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>_Rows</name>
    <message>
        <source>Thêm dòng</source>
        <translation>Add row</translation>
    </message>
    <message>
        <source>Xóa dòng</source>
        <translation>Delete row</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>Không thực hiện được</source>
        <translation>Operation failed</translation>
    </message>
</context>
</TS>
