"""Messages for the procedure catalogue, its import and the public notice sheets."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

CONTEXT = "Messages"

MESSAGES: dict[str, str] = {
    "catalogue.code.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy nhập mã thủ tục (mã trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193)."
    ),
    "catalogue.code.format": QT_TRANSLATE_NOOP(
        "Messages",
        "Mã thủ tục «{value}» không đúng dạng: chỉ dùng chữ không dấu, chữ số, dấu chấm, "
        "gạch ngang hoặc gạch chéo, không có dấu cách (ví dụ 1.001193).",
    ),
    "catalogue.code.taken": QT_TRANSLATE_NOOP(
        "Messages",
        "Mã thủ tục {procedure} đã có trong danh mục. Hãy mở thủ tục đó để sửa thay vì thêm mới.",
    ),
    "catalogue.code.changed": QT_TRANSLATE_NOOP(
        "Messages",
        "Không đổi được mã của thủ tục {procedure}. Nếu mã mới thay thế mã cũ, hãy thêm thủ tục mới "
        "rồi cho thủ tục cũ ngừng áp dụng.",
    ),
    "catalogue.code.unknown": QT_TRANSLATE_NOOP(
        "Messages", "Không có thủ tục mã {procedure} trong danh mục."
    ),
    "catalogue.name.empty": QT_TRANSLATE_NOOP("Messages", "Hãy nhập tên thủ tục."),
    "catalogue.field.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy chọn lĩnh vực của thủ tục (ví dụ Hộ tịch, Chứng thực)."
    ),
    "catalogue.field.unknown": QT_TRANSLATE_NOOP(
        "Messages",
        "Lĩnh vực «{name}» chưa có trong danh mục. Hãy sửa tên cho đúng lĩnh vực đã có, "
        "hoặc thêm lĩnh vực này trước (khi nhập từ tệp: chọn «Tạo lĩnh vực mới»).",
    ),
    "catalogue.field.taken": QT_TRANSLATE_NOOP(
        "Messages", "Lĩnh vực «{name}» đã có. Hãy dùng lĩnh vực đó."
    ),
    "catalogue.time.missing": QT_TRANSLATE_NOOP(
        "Messages",
        "Hãy nhập thời hạn giải quyết (số ngày làm việc hoặc số giờ làm việc), "
        "hoặc chọn «Trong ngày».",
    ),
    "catalogue.time.not_positive": QT_TRANSLATE_NOOP(
        "Messages", "Thời hạn giải quyết phải lớn hơn 0 (đang là {value})."
    ),
    "catalogue.time.too_long": QT_TRANSLATE_NOOP(
        "Messages",
        "Thời hạn giải quyết quá lớn hoặc không phải số; tối đa {limit} ngày (giờ) làm việc. "
        "Hãy kiểm tra lại số đã ghi.",
    ),
    "catalogue.time.unit": QT_TRANSLATE_NOOP(
        "Messages",
        "Đơn vị thời hạn «{value}» không hiểu được. Hãy ghi «ngày làm việc», «giờ làm việc» "
        "hoặc «trong ngày».",
    ),
    "catalogue.time.amount": QT_TRANSLATE_NOOP(
        "Messages", "Thời hạn «{value}» không phải là một số. Hãy ghi số, ví dụ 3 hoặc 0,5."
    ),
    "catalogue.cutoff.invalid": QT_TRANSLATE_NOOP(
        "Messages", "Giờ chốt nhận hồ sơ trong ngày không đúng. Hãy ghi dạng 15:00."
    ),
    "catalogue.documents.empty": QT_TRANSLATE_NOOP(
        "Messages", "Thiếu thành phần hồ sơ: hãy ghi ít nhất một giấy tờ người dân phải nộp."
    ),
    "catalogue.document.name": QT_TRANSLATE_NOOP(
        "Messages", "Giấy tờ dòng {row} chưa có tên. Hãy nhập tên hoặc xóa dòng đó."
    ),
    "catalogue.document.count": QT_TRANSLATE_NOOP(
        "Messages", "Số lượng của giấy tờ dòng {row} phải từ 1 trở lên."
    ),
    "catalogue.document.kind": QT_TRANSLATE_NOOP(
        "Messages",
        "Loại giấy tờ «{value}» không hiểu được. Hãy ghi «bản chính», «bản sao có chứng thực», "
        "«bản sao» hoặc «mẫu đơn, tờ khai».",
    ),
    "catalogue.fee.item": QT_TRANSLATE_NOOP(
        "Messages", "Khoản phí dòng {row} chưa ghi nội dung thu. Hãy nhập hoặc xóa dòng đó."
    ),
    "catalogue.fee.amount": QT_TRANSLATE_NOOP(
        "Messages",
        "Mức thu của khoản phí dòng {row} không đúng. Hãy ghi số tiền (đồng), «0» nếu miễn, "
        "hoặc «HĐND tỉnh» nếu do tỉnh quy định.",
    ),
    "catalogue.steps.empty": QT_TRANSLATE_NOOP(
        "Messages",
        "Hãy khai báo các bước xử lý nội bộ (tên bước, người thực hiện, số giờ làm việc).",
    ),
    "catalogue.step.name": QT_TRANSLATE_NOOP(
        "Messages", "Bước xử lý dòng {row} chưa có tên. Hãy nhập tên hoặc xóa dòng đó."
    ),
    "catalogue.step.hours": QT_TRANSLATE_NOOP(
        "Messages", "Số giờ của bước xử lý dòng {row} phải lớn hơn 0."
    ),
    "catalogue.step.role": QT_TRANSLATE_NOOP(
        "Messages",
        "Người thực hiện «{value}» không hiểu được. Hãy ghi «Cán bộ tiếp nhận», "
        "«Công chức chuyên môn» hoặc «Lãnh đạo».",
    ),
    "catalogue.steps.sum": QT_TRANSLATE_NOOP(
        "Messages",
        "Các bước xử lý cộng lại {total} giờ làm việc, nhưng thời hạn giải quyết là {expected} "
        "giờ làm việc (một ngày làm việc = {hours_per_day} giờ). Hãy sửa số giờ các bước cho "
        "khớp với thời hạn.",
    ),
    "catalogue.not_found": QT_TRANSLATE_NOOP(
        "Messages", "Không tìm thấy thủ tục này. Có thể danh sách đã cũ: hãy tải lại."
    ),
    "catalogue.not_current": QT_TRANSLATE_NOOP(
        "Messages",
        "Phiên bản {version} của thủ tục {procedure} đã có phiên bản mới hơn. Hãy sửa phiên bản "
        "hiện hành.",
    ),
    "catalogue.retired": QT_TRANSLATE_NOOP(
        "Messages",
        "Thủ tục {procedure} đã ngừng áp dụng. Hãy khôi phục trước nếu cần dùng lại.",
    ),
    "catalogue.not_retired": QT_TRANSLATE_NOOP(
        "Messages", "Thủ tục {procedure} đang áp dụng, không cần khôi phục."
    ),
    "catalogue.retire.reason": QT_TRANSLATE_NOOP(
        "Messages",
        "Hãy ghi lý do ngừng áp dụng (ví dụ: bãi bỏ theo Quyết định số … ngày …).",
    ),
    # ------------------------------------------------------------------ import
    "import.file.missing": QT_TRANSLATE_NOOP(
        "Messages", "Không tìm thấy tệp {path}. Hãy chọn lại tệp."
    ),
    "import.file.type": QT_TRANSLATE_NOOP(
        "Messages",
        "Chỉ nhập được tệp Excel (.xlsx) hoặc CSV (.csv). Tệp «{name}» không phải hai loại đó.",
    ),
    "import.file.unreadable": QT_TRANSLATE_NOOP(
        "Messages",
        "Không đọc được tệp «{name}». Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi thử lại.",
    ),
    "import.file.size": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp «{name}» quá lớn (quá {limit}). Danh mục thủ tục chỉ cần một tệp nhỏ; hãy kiểm tra "
        "lại đã chọn đúng tệp chưa.",
    ),
    "import.file.rows": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp có quá {limit} dòng. Hãy chia danh mục thành nhiều tệp nhỏ hơn hoặc kiểm tra lại tệp.",
    ),
    "import.file.binary": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp không phải văn bản CSV (có ký tự nhị phân). Hãy mở bằng Excel và lưu lại dạng "
        "«CSV UTF-8».",
    ),
    "import.file.csv": QT_TRANSLATE_NOOP(
        "Messages",
        "Dòng {row} của tệp CSV bị hỏng (dấu ngoặc kép không đóng hoặc ô quá dài). Hãy sửa dòng "
        "đó rồi nhập lại.",
    ),
    "import.row.csv": QT_TRANSLATE_NOOP(
        "Messages",
        "Dòng {row} của tệp CSV bị hỏng (dấu ngoặc kép không đóng hoặc ô quá dài) nên không đọc "
        "được. Hãy mở tệp, sửa dòng {row} rồi nhập lại; các dòng khác vẫn được xem xét.",
    ),
    "import.cell.decode": QT_TRANSLATE_NOOP(
        "Messages",
        "Dòng {row}, ô «{column}» có ký tự không đọc được (tệp không lưu dạng Unicode). Hãy mở "
        "tệp bằng Excel, lưu lại dạng «CSV UTF-8» hoặc .xlsx rồi nhập lại.",
    ),
    "import.cell.formula": QT_TRANSLATE_NOOP(
        "Messages",
        "Ô «{column}» là công thức Excel; phần mềm không nhận công thức. Hãy chép rồi dán dạng "
        "giá trị (Paste Values) vào ô đó.",
    ),
    "import.cell.long": QT_TRANSLATE_NOOP(
        "Messages", "Ô «{column}» dài quá {limit} ký tự. Hãy rút gọn nội dung ô."
    ),
    "import.header.missing": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp thiếu cột: {columns}. Hãy dùng mẫu của phần mềm (nút «Tải mẫu nhập»).",
    ),
    "import.empty": QT_TRANSLATE_NOOP(
        "Messages", "Tệp không có dòng thủ tục nào dưới dòng tiêu đề."
    ),
    "import.nothing": QT_TRANSLATE_NOOP(
        "Messages", "Không có dòng nào nhập được. Hãy sửa các lỗi trong bảng xem trước."
    ),
    "import.duplicate": QT_TRANSLATE_NOOP(
        "Messages",
        "Mã thủ tục {procedure} đã xuất hiện ở dòng {row}. Mỗi thủ tục chỉ ghi một dòng.",
    ),
    "import.legacy.converted": QT_TRANSLATE_NOOP(
        "Messages",
        "Cột «{column}» gõ bằng bảng mã cũ {encoding}; đã chuyển sang Unicode: «{sample}». "
        "Hãy kiểm tra lại chữ.",
    ),
    "import.legacy.refused": QT_TRANSLATE_NOOP(
        "Messages",
        "Cột «{column}» gõ bằng bảng mã cũ {encoding} nên không nhận. Hãy chuyển tệp sang "
        "Unicode (ví dụ bằng Unikey: Công cụ chuyển mã) rồi nhập lại.",
    ),
    "import.legacy.unclear": QT_TRANSLATE_NOOP(
        "Messages",
        "Cột «{column}» có ký tự lạ («{sample}»), có thể do gõ bằng bảng mã cũ. Hãy chuyển tệp "
        "sang Unicode rồi nhập lại.",
    ),
    "import.steps.generated": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp không ghi các bước xử lý nội bộ: phần mềm đã chia sẵn {count} bước theo thời hạn. "
        "Có thể sửa lại sau.",
    ),
    "import.missing_part": QT_TRANSLATE_NOOP(
        "Messages",
        "Chưa ghi «{part}»: thủ tục vẫn được nhập nhưng bản niêm yết sẽ thiếu phần này.",
    ),
    "import.retire.unknown": QT_TRANSLATE_NOOP(
        "Messages", "Dòng yêu cầu bãi bỏ thủ tục {procedure}, nhưng danh mục không có thủ tục này."
    ),
    "import.date": QT_TRANSLATE_NOOP(
        "Messages", "Ngày «{value}» không đúng. Hãy ghi dạng ngày/tháng/năm, ví dụ 15/03/2025."
    ),
    "import.flag": QT_TRANSLATE_NOOP(
        "Messages",
        "Cột «{column}» ghi «{value}» không hiểu được. Hãy ghi «x» hoặc «có» khi đúng, để trống "
        "khi không.",
    ),
    "import.online": QT_TRANSLATE_NOOP(
        "Messages",
        "Cột «Trực tuyến» ghi «{value}» không hiểu được. Hãy ghi «toàn trình», «một phần» "
        "hoặc để trống.",
    ),
    "import.stale": QT_TRANSLATE_NOOP(
        "Messages",
        "Danh mục đã thay đổi từ lúc xem trước. Hãy xem trước lại rồi mới nhập.",
    ),
    # ------------------------------------------------------------------ notices
    "notice.empty": QT_TRANSLATE_NOOP(
        "Messages", "Không có thủ tục nào để niêm yết. Hãy chọn lĩnh vực hoặc thủ tục khác."
    ),
    "notice.selection.empty": QT_TRANSLATE_NOOP(
        "Messages",
        "Chưa chọn thủ tục nào. Hãy đánh dấu ít nhất một thủ tục trong danh sách, "
        "hoặc chuyển sang niêm yết theo lĩnh vực.",
    ),
    "notice.code.unknown": QT_TRANSLATE_NOOP(
        "Messages",
        "Không có thủ tục đang áp dụng nào mang mã «{codes}». Hãy kiểm tra lại mã "
        "(xem ở mục Danh mục thủ tục, ví dụ 1.001193).",
    ),
    "notice.code.retired": QT_TRANSLATE_NOOP(
        "Messages",
        "Thủ tục mã «{codes}» đã ngừng áp dụng nên không niêm yết nữa. Hãy bỏ mã này ra.",
    ),
    "notice.code.with_field": QT_TRANSLATE_NOOP(
        "Messages",
        "Chỉ dùng một trong hai cách chọn: --field (theo lĩnh vực) hoặc --code (theo mã thủ tục), "
        "không dùng cả hai cùng lúc.",
    ),
    "notice.field.unknown": QT_TRANSLATE_NOOP(
        "Messages", "Không có lĩnh vực «{name}». Các lĩnh vực hiện có: {known}."
    ),
    "notice.office.missing": QT_TRANSLATE_NOOP(
        "Messages", "Chưa có thông tin cơ quan. Hãy điền ở mục Cài đặt trước khi in niêm yết."
    ),
    "notice.posted.before_printed": QT_TRANSLATE_NOOP(
        "Messages", "Ngày niêm yết không thể trước ngày in bản niêm yết."
    ),
    "notice.posted.future": QT_TRANSLATE_NOOP("Messages", "Ngày niêm yết không thể ở tương lai."),
    "notice.print.failed": QT_TRANSLATE_NOOP(
        "Messages", "Không in được. Hãy kiểm tra máy in rồi thử lại, hoặc lưu ra tệp PDF để in."
    ),
}
