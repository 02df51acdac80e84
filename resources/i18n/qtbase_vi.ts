<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi">
<context>
  <name>QPlatformTheme</name>
  <message>
    <source>OK</source>
    <translation>Đồng ý</translation>
  </message>
  <message>
    <source>Save</source>
    <translation>Lưu</translation>
  </message>
  <message>
    <source>Save All</source>
    <translation>Lưu tất cả</translation>
  </message>
  <message>
    <source>Open</source>
    <translation>Mở</translation>
  </message>
  <message>
    <source>&amp;Yes</source>
    <translation>&amp;Có</translation>
  </message>
  <message>
    <source>Yes to &amp;All</source>
    <translation>Có với &amp;tất cả</translation>
  </message>
  <message>
    <source>&amp;No</source>
    <translation>&amp;Không</translation>
  </message>
  <message>
    <source>N&amp;o to All</source>
    <translation>K&amp;hông với tất cả</translation>
  </message>
  <message>
    <source>Abort</source>
    <translation>Hủy bỏ</translation>
  </message>
  <message>
    <source>Retry</source>
    <translation>Thử lại</translation>
  </message>
  <message>
    <source>Ignore</source>
    <translation>Bỏ qua</translation>
  </message>
  <message>
    <source>Close</source>
    <translation>Đóng</translation>
  </message>
  <message>
    <source>Cancel</source>
    <translation>Hủy</translation>
  </message>
  <message>
    <source>Discard</source>
    <translation>Bỏ thay đổi</translation>
  </message>
  <message>
    <source>Help</source>
    <translation>Trợ giúp</translation>
  </message>
  <message>
    <source>Apply</source>
    <translation>Áp dụng</translation>
  </message>
  <message>
    <source>Reset</source>
    <translation>Đặt lại</translation>
  </message>
  <message>
    <source>Restore Defaults</source>
    <translation>Khôi phục mặc định</translation>
  </message>
  <message>
    <source>Don't Save</source>
    <translation>Không lưu</translation>
  </message>
  <message>
    <source>Close without Saving</source>
    <translation>Đóng không lưu</translation>
  </message>
</context>
<context>
  <name>QMessageBox</name>
  <message>
    <source>Show Details...</source>
    <translation>Xem chi tiết...</translation>
  </message>
  <message>
    <source>Hide Details...</source>
    <translation>Ẩn chi tiết...</translation>
  </message>
  <message>
    <source>OK</source>
    <translation>Đồng ý</translation>
  </message>
  <message>
    <source>Help</source>
    <translation>Trợ giúp</translation>
  </message>
</context>
<context>
  <name>QWidgetTextControl</name>
  <message>
    <source>&amp;Undo</source>
    <translation>&amp;Hoàn tác</translation>
  </message>
  <message>
    <source>&amp;Redo</source>
    <translation>&amp;Làm lại</translation>
  </message>
  <message>
    <source>Cu&amp;t</source>
    <translation>&amp;Cắt</translation>
  </message>
  <message>
    <source>&amp;Copy</source>
    <translation>Sao &amp;chép</translation>
  </message>
  <message>
    <source>&amp;Paste</source>
    <translation>&amp;Dán</translation>
  </message>
  <message>
    <source>Delete</source>
    <translation>Xóa</translation>
  </message>
  <message>
    <source>Select All</source>
    <translation>Chọn tất cả</translation>
  </message>
  <message>
    <source>Copy &amp;Link Location</source>
    <translation>Sao chép địa chỉ liên &amp;kết</translation>
  </message>
</context>
<context>
  <name>QLineEdit</name>
  <message>
    <source>&amp;Undo</source>
    <translation>&amp;Hoàn tác</translation>
  </message>
  <message>
    <source>&amp;Redo</source>
    <translation>&amp;Làm lại</translation>
  </message>
  <message>
    <source>Cu&amp;t</source>
    <translation>&amp;Cắt</translation>
  </message>
  <message>
    <source>&amp;Copy</source>
    <translation>Sao &amp;chép</translation>
  </message>
  <message>
    <source>&amp;Paste</source>
    <translation>&amp;Dán</translation>
  </message>
  <message>
    <source>Delete</source>
    <translation>Xóa</translation>
  </message>
  <message>
    <source>Select All</source>
    <translation>Chọn tất cả</translation>
  </message>
</context>
<context>
  <name>QFileDialog</name>
  <message>
    <source>Look in:</source>
    <translation>Tìm trong:</translation>
  </message>
  <message>
    <source>File &amp;name:</source>
    <translation>&amp;Tên tệp:</translation>
  </message>
  <message>
    <source>Files of type:</source>
    <translation>Kiểu tệp:</translation>
  </message>
  <message>
    <source>&amp;Open</source>
    <translation>&amp;Mở</translation>
  </message>
  <message>
    <source>&amp;Save</source>
    <translation>&amp;Lưu</translation>
  </message>
  <message>
    <source>Cancel</source>
    <translation>Hủy</translation>
  </message>
  <message>
    <source>Open</source>
    <translation>Mở</translation>
  </message>
  <message>
    <source>Save As</source>
    <translation>Lưu thành</translation>
  </message>
  <message>
    <source>Directory:</source>
    <translation>Thư mục:</translation>
  </message>
  <message>
    <source>All Files (*)</source>
    <translation>Tất cả tệp (*)</translation>
  </message>
  <message>
    <source>Back</source>
    <translation>Quay lại</translation>
  </message>
  <message>
    <source>Forward</source>
    <translation>Tiếp</translation>
  </message>
  <message>
    <source>Parent Directory</source>
    <translation>Thư mục cha</translation>
  </message>
  <message>
    <source>Create New Folder</source>
    <translation>Tạo thư mục mới</translation>
  </message>
  <message>
    <source>List View</source>
    <translation>Dạng danh sách</translation>
  </message>
  <message>
    <source>Detail View</source>
    <translation>Dạng chi tiết</translation>
  </message>
  <message>
    <source>New Folder</source>
    <translation>Thư mục mới</translation>
  </message>
  <message>
    <source>&amp;Delete</source>
    <translation>&amp;Xóa</translation>
  </message>
  <message>
    <source>&amp;Rename</source>
    <translation>Đổi &amp;tên</translation>
  </message>
  <message>
    <source>Show &amp;hidden files</source>
    <translation>Hiện tệp ẩn</translation>
  </message>
  <message>
    <source>Name</source>
    <translation>Tên</translation>
  </message>
  <message>
    <source>Size</source>
    <translation>Kích thước</translation>
  </message>
  <message>
    <source>Type</source>
    <translation>Kiểu</translation>
  </message>
  <message>
    <source>Date Modified</source>
    <translation>Ngày sửa</translation>
  </message>
  <message>
    <source>My Computer</source>
    <translation>Máy tính</translation>
  </message>
  <message>
    <source>Recent Places</source>
    <translation>Nơi gần đây</translation>
  </message>
  <message>
    <source>%1 already exists.
Do you want to replace it?</source>
    <translation>%1 đã có.
Bạn có muốn thay thế không?</translation>
  </message>
  <message>
    <source>Are you sure you want to delete '%1'?</source>
    <translation>Bạn có chắc muốn xóa '%1'?</translation>
  </message>
  <message>
    <source>&amp;Choose</source>
    <translation>&amp;Chọn</translation>
  </message>
  <message>
    <source>Choose</source>
    <translation>Chọn</translation>
  </message>
  <message>
    <source>Find Directory</source>
    <translation>Tìm thư mục</translation>
  </message>
</context>
<context>
  <name>QPrintDialog</name>
  <message>
    <source>Print</source>
    <translation>In</translation>
  </message>
  <message>
    <source>Print to File (PDF)</source>
    <translation>In ra tệp (PDF)</translation>
  </message>
  <message>
    <source>Local file</source>
    <translation>Tệp trên máy</translation>
  </message>
  <message>
    <source>Printer</source>
    <translation>Máy in</translation>
  </message>
  <message>
    <source>&amp;Options &gt;&gt;</source>
    <translation>&amp;Tùy chọn &gt;&gt;</translation>
  </message>
  <message>
    <source>&amp;Options &lt;&lt;</source>
    <translation>&amp;Tùy chọn &lt;&lt;</translation>
  </message>
  <message>
    <source>&amp;Print</source>
    <translation>&amp;In</translation>
  </message>
  <message>
    <source>Print all</source>
    <translation>In tất cả</translation>
  </message>
  <message>
    <source>Print range</source>
    <translation>In trong khoảng</translation>
  </message>
  <message>
    <source>Print selection</source>
    <translation>In phần chọn</translation>
  </message>
  <message>
    <source>Print current page</source>
    <translation>In trang hiện tại</translation>
  </message>
  <message>
    <source>Copies</source>
    <translation>Số bản</translation>
  </message>
  <message>
    <source>Collate</source>
    <translation>Sắp bộ</translation>
  </message>
  <message>
    <source>A4</source>
    <translation>A4</translation>
  </message>
  <message>
    <source>Portrait</source>
    <translation>Dọc</translation>
  </message>
  <message>
    <source>Landscape</source>
    <translation>Ngang</translation>
  </message>
</context>
<context>
  <name>QPrintPreviewDialog</name>
  <message>
    <source>Print Preview</source>
    <translation>Xem trước khi in</translation>
  </message>
  <message>
    <source>Print</source>
    <translation>In</translation>
  </message>
  <message>
    <source>Close</source>
    <translation>Đóng</translation>
  </message>
  <message>
    <source>Next page</source>
    <translation>Trang sau</translation>
  </message>
  <message>
    <source>Previous page</source>
    <translation>Trang trước</translation>
  </message>
  <message>
    <source>First page</source>
    <translation>Trang đầu</translation>
  </message>
  <message>
    <source>Last page</source>
    <translation>Trang cuối</translation>
  </message>
  <message>
    <source>Fit width</source>
    <translation>Vừa chiều rộng</translation>
  </message>
  <message>
    <source>Fit page</source>
    <translation>Vừa trang</translation>
  </message>
  <message>
    <source>Zoom in</source>
    <translation>Phóng to</translation>
  </message>
  <message>
    <source>Zoom out</source>
    <translation>Thu nhỏ</translation>
  </message>
  <message>
    <source>Portrait</source>
    <translation>Dọc</translation>
  </message>
  <message>
    <source>Landscape</source>
    <translation>Ngang</translation>
  </message>
  <message>
    <source>Page setup</source>
    <translation>Thiết lập trang</translation>
  </message>
  <message>
    <source>Export to PDF</source>
    <translation>Xuất ra PDF</translation>
  </message>
</context>
<context>
  <name>QProgressDialog</name>
  <message>
    <source>Cancel</source>
    <translation>Hủy</translation>
  </message>
</context>
<context>
  <name>QColorDialog</name>
  <message>
    <source>&amp;OK</source>
    <translation>Đồng ý</translation>
  </message>
  <message>
    <source>Cancel</source>
    <translation>Hủy</translation>
  </message>
</context>
<context>
  <name>QInputDialog</name>
  <message>
    <source>OK</source>
    <translation>Đồng ý</translation>
  </message>
  <message>
    <source>Cancel</source>
    <translation>Hủy</translation>
  </message>
</context>
<context>
  <name>QWizard</name>
  <message>
    <source>&amp;Back</source>
    <translation>&amp;Quay lại</translation>
  </message>
  <message>
    <source>&amp;Next</source>
    <translation>&amp;Tiếp</translation>
  </message>
  <message>
    <source>&amp;Finish</source>
    <translation>&amp;Hoàn tất</translation>
  </message>
  <message>
    <source>Cancel</source>
    <translation>Hủy</translation>
  </message>
  <message>
    <source>Help</source>
    <translation>Trợ giúp</translation>
  </message>
  <message>
    <source>&lt; &amp;Back</source>
    <translation>&lt; &amp;Quay lại</translation>
  </message>
  <message>
    <source>&amp;Next &gt;</source>
    <translation>&amp;Tiếp &gt;</translation>
  </message>
</context>
<context>
  <name>QCalendarWidget</name>
  <message>
    <source>Today</source>
    <translation>Hôm nay</translation>
  </message>
</context>
</TS>
