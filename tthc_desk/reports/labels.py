"""Vietnamese wording printed on the sheets (the state's form wording, kept in one place)."""

from __future__ import annotations

# ---------------------------------------------------------------- heading and furniture
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER = "Số: "
NUMBER_BLANK = "……/……"
FORM_NUMBER = "Mẫu số {number}"
DATE_LINE = "{place}, ngày {day} tháng {month} năm {year}"
PAGE_OF = "Trang {page}/{pages}"
SIGN_HINT = "(Ký và ghi rõ họ tên)"
SIGN_HINT_SEAL = "(Ký, ghi rõ họ tên và đóng dấu)"
RECIPIENTS = "Nơi nhận:"
RECIPIENT_ADDRESSEE = "- Như trên;"
RECIPIENT_ARCHIVE = "- Lưu: VT."
DEAR = "Kính gửi: "
DOSSIER_CODE = "Mã hồ sơ: "
ADDRESS = "Địa chỉ: "
ADDRESS_INLINE = "địa chỉ: "
PHONE = "Số điện thoại: "
EMAIL = "Thư điện tử: "
PERSONAL_ID = "Số định danh cá nhân: "
REQUEST = "Nội dung yêu cầu giải quyết: "
PROCEDURE_CODE_SUFFIX = " (mã thủ tục: {code})"
END_MARK = "./."
HOUR_MINUTE_DATE = "{hour:02d} giờ {minute:02d} phút, ngày {date}"
SETS = "{count:02d} bộ"
COUNT = "{count:02d}"

TIMELINESS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}

DOCUMENT_KIND = {
    "original": "Bản chính",
    "certified_copy": "Bản sao có chứng thực",
    "copy": "Bản sao",
    "form": "Bản chính (theo mẫu)",
}

# ---------------------------------------------------------------- form 01
RECEIPT_TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
RECEIPT_FROM = "{counter} tiếp nhận hồ sơ của: "
RECEIPT_DOCUMENTS = "1. Thành phần hồ sơ nộp gồm:"
RECEIPT_SETS = "2. Số lượng hồ sơ: "
RECEIPT_TIME = "3. Thời gian giải quyết hồ sơ theo quy định: "
RECEIPT_RECEIVED = "4. Thời gian nhận hồ sơ: "
RECEIPT_DUE = "5. Thời gian trả kết quả giải quyết hồ sơ: "
RECEIPT_PICKUP = "6. Đăng ký nhận kết quả tại: "
RECEIPT_PICKUP_COUNTER = "{counter}"
RECEIPT_PICKUP_POST = "Qua dịch vụ bưu chính công ích"
RECEIPT_REGISTER = "Vào Sổ theo dõi hồ sơ, Quyển số: {book}, Số thứ tự: {line}"
RECEIPT_APPLICANT_SIGNER = "NGƯỜI NỘP HỒ SƠ"
DOCUMENTS_HEADER = ("STT", "Tên giấy tờ", "Hình thức", "Số lượng")

# ---------------------------------------------------------------- form 02
SUPPLEMENT_TITLE = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
SUPPLEMENT_OF = "Hồ sơ của: "
SUPPLEMENT_ITEMS = "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:"
SUPPLEMENT_HEADER = (
    "STT",
    "Tên giấy tờ cần bổ sung, hoàn thiện",
    "Bản chính",
    "Bản sao có chứng thực",
    "Bản sao",
    "Nội dung cần bổ sung, hoàn thiện",
)
SUPPLEMENT_REASON = "Lý do: "
SUPPLEMENT_CONTACT = (
    "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông (bà) liên hệ với {name}, "
    "số điện thoại {phone} để được hướng dẫn."
)

# ---------------------------------------------------------------- form 03
REFUSAL_TITLE = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
REFUSAL_BODY = (
    "Qua xem xét, {counter} thông báo không tiếp nhận, giải quyết hồ sơ này "
    "với lý do cụ thể như sau: "
)
REFUSAL_CLOSE = "Xin thông báo để ông (bà) được biết và thực hiện./."

# ---------------------------------------------------------------- form 04
APOLOGY_RECEIVED = (
    "Ngày {date}, {counter} tiếp nhận hồ sơ của {name} đề nghị giải quyết thủ tục {procedure}. "
    "Mã hồ sơ: {code}. Thời hạn trả kết quả giải quyết hồ sơ là {due} theo Giấy tiếp nhận hồ sơ "
    "và hẹn trả kết quả."
)
APOLOGY_REASON = (
    "Tuy nhiên, {office} không thể trả kết quả giải quyết hồ sơ đúng thời hạn đã hẹn, với lý do: "
)
APOLOGY_SORRY = (
    "{office} xin lỗi ông (bà) vì sự chậm trễ này và hẹn lại thời gian trả kết quả giải quyết "
    "hồ sơ vào "
)
APOLOGY_THANKS = "Xin trân trọng cảm ơn sự hợp tác của ông (bà)./."

# ---------------------------------------------------------------- form 05
STOP_TITLE = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"
STOP_RECEIVED = (
    "Ngày {date}, {counter} tiếp nhận hồ sơ của {name} đề nghị giải quyết thủ tục "
    "{procedure}. Mã hồ sơ: {code}."
)
STOP_REASON = "{office} thông báo dừng giải quyết hồ sơ nêu trên, với lý do: "
STOP_BASIS = "Căn cứ pháp lý: "
STOP_OPTIONS = "Ông (bà) có thể: "
STOP_CLOSE = "Xin thông báo để ông (bà) được biết./."

# ---------------------------------------------------------------- form 06
CONTROL_TITLE = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
CONTROL_RECEIPT = "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: {number})"
CONTROL_APPLICANT = "Người nộp hồ sơ: "
CONTROL_PROCEDURE = "Thủ tục hành chính: "
CONTROL_BODY = "Cơ quan (bộ phận) giải quyết hồ sơ: "
CONTROL_COORDINATING = "Cơ quan phối hợp giải quyết hồ sơ: "
CONTROL_RECEIVED = "Thời gian nhận hồ sơ: "
CONTROL_DUE = "Thời gian hẹn trả kết quả: "
CONTROL_HEADER = (
    "STT",
    "Bên giao hồ sơ (ký, ghi rõ họ tên)",
    "Bên nhận hồ sơ (ký, ghi rõ họ tên)",
    "Thời gian giao, nhận hồ sơ",
    "Kết quả giải quyết hồ sơ (trước hạn / đúng hạn / quá hạn)",
    "Ghi chú",
)
CONTROL_PENDING = "Đang giải quyết"

# ---------------------------------------------------------------- form 07
REGISTER_TITLE = "SỔ THEO DÕI HỒ SƠ"
REGISTER_BOOK = "Quyển số: {book}"
REGISTER_PERIOD = "Từ ngày {start} đến ngày {end}"
REGISTER_HEADER = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Ngày, giờ nhận hồ sơ",
    "Ngày, giờ hẹn trả kết quả",
    "Ngày chuyển hồ sơ đến cơ quan giải quyết",
    "Ngày nhận kết quả từ cơ quan giải quyết",
    "Ngày trả kết quả cho cá nhân, tổ chức (ký nhận)",
    "Ghi chú",
)
REGISTER_RETURNED_TO = "Người nhận kết quả: "
REGISTER_EMPTY = "Không có hồ sơ trong kỳ."

# ---------------------------------------------------------------- public notices
NOTICE_TITLE = "NIÊM YẾT CÔNG KHAI THỦ TỤC HÀNH CHÍNH"
NOTICE_FIELD = "Lĩnh vực: "
NOTICE_CODE = "Mã thủ tục: "
NOTICE_DOCUMENTS = "Thành phần hồ sơ"
NOTICE_SETS = "Số lượng hồ sơ: "
NOTICE_TIME = "Thời hạn giải quyết"
NOTICE_FEES = "Phí, lệ phí"
NOTICE_CHANNELS = "Cách thức thực hiện"
NOTICE_APPLICANTS = "Đối tượng thực hiện"
NOTICE_AGENCY = "Cơ quan thực hiện"
NOTICE_BASIS = "Căn cứ pháp lý"
NOTICE_RESULT = "Kết quả thực hiện"
NOTICE_QR_HINT = "Quét mã QR để xem chi tiết trên Cổng Dịch vụ công quốc gia"
NOTICE_DECISION = "Quyết định công bố: "
NOTICE_NOT_GIVEN = "Đang cập nhật"
FEE_PROVINCIAL = "Theo quy định của HĐND tỉnh"
FEE_NONE = "Không"
FEE_AMOUNT = "{amount} đồng"
CHANNELS = {
    "counter": "Nộp trực tiếp tại {counter}",
    "post": "Nộp qua dịch vụ bưu chính công ích",
    "online_full": "Nộp trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia ({portal})",
    "online_partial": "Nộp trực tuyến một phần trên Cổng Dịch vụ công quốc gia ({portal})",
    "online": "Nộp trực tuyến trên Cổng Dịch vụ công quốc gia ({portal})",
    "mobile": "Đăng ký lưu động (cán bộ đến tận nơi)",
    "phone_email": "Thông báo qua điện thoại hoặc thư điện tử",
}

LIST_TITLE = "DANH MỤC THỦ TỤC HÀNH CHÍNH"
LIST_SUBTITLE = "thuộc thẩm quyền giải quyết của {office}"
LIST_HEADER = (
    "STT",
    "Mã thủ tục",
    "Tên thủ tục hành chính",
    "Lĩnh vực",
    "Thời hạn giải quyết",
    "Quyết định công bố",
)

FEEDBACK_CONTACT_TITLE = "THÔNG BÁO"
FEEDBACK_CONTACT_SUBJECT = (
    "Về việc tiếp nhận phản ánh, kiến nghị của cá nhân, tổ chức "
    "về quy định hành chính và thủ tục hành chính"
)
FEEDBACK_CONTACT_BASIS = (
    "Thực hiện Nghị định số 20/2008/NĐ-CP của Chính phủ về tiếp nhận, xử lý phản ánh, kiến nghị "
    "của cá nhân, tổ chức về quy định hành chính, {office} thông báo nơi tiếp nhận phản ánh, "
    "kiến nghị như sau:"
)
FEEDBACK_CONTACT_BODY = "1. Cơ quan tiếp nhận: "
FEEDBACK_CONTACT_ADDRESS = "2. Địa chỉ: "
FEEDBACK_CONTACT_PHONE = "3. Số điện thoại: "
FEEDBACK_CONTACT_EMAIL = "4. Thư điện tử: "
FEEDBACK_CONTACT_PORTAL = "5. Cổng Dịch vụ công quốc gia: {url} (mục Phản ánh, kiến nghị)"
FEEDBACK_CONTACT_HOURS = "Thời gian tiếp nhận: "
FEEDBACK_CONTACT_RULES_TITLE = "Phản ánh, kiến nghị cần:"
FEEDBACK_CONTACT_RULES = (
    "- Sử dụng ngôn ngữ tiếng Việt;",
    "- Ghi rõ nội dung phản ánh, kiến nghị;",
    "- Ghi rõ tên, địa chỉ, số điện thoại (hoặc địa chỉ thư tín khi cần liên hệ) của cá nhân, "
    "tổ chức có phản ánh, kiến nghị.",
)
FEEDBACK_CONTACT_EXCLUDED = (
    "Không tiếp nhận phản ánh, kiến nghị liên quan đến khiếu nại, tố cáo và giải quyết "
    "khiếu nại, tố cáo."
)
FEEDBACK_CONTACT_QR = "Quét mã QR để gửi phản ánh, kiến nghị trực tuyến"

FEEDBACK_RESULTS_TITLE = "KẾT QUẢ XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ"
FEEDBACK_RESULTS_PERIOD = "Từ ngày {start} đến ngày {end}"
FEEDBACK_RESULTS_HEADER = (
    "STT",
    "Ngày tiếp nhận",
    "Người phản ánh, kiến nghị",
    "Nội dung tóm tắt",
    "Kết quả trả lời",
    "Ngày trả lời",
)
FEEDBACK_RESULTS_EMPTY = "Không có phản ánh, kiến nghị trong kỳ."
FEEDBACK_NOT_ANSWERED = "Đang xử lý"
