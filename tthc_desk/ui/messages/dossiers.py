"""Messages for intake, the dossier's life, the board and the registers."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

CONTEXT = "Messages"

MESSAGES: dict[str, str] = {
    # ---------------------------------------------------------------- the applicant
    "applicant.full_name.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy nhập họ và tên người nộp hồ sơ."
    ),
    "applicant.personal_id.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy nhập số định danh cá nhân (số căn cước, 12 chữ số) của người nộp."
    ),
    "applicant.personal_id.format": QT_TRANSLATE_NOOP(
        "Messages",
        "Số định danh cá nhân phải gồm đúng 12 chữ số (đã nhập «{value}», {length} ký tự).",
    ),
    "applicant.personal_id.province": QT_TRANSLATE_NOOP(
        "Messages",
        "Ba chữ số đầu của số định danh cá nhân ({province_code}) không phải mã tỉnh, thành phố "
        "nào. Hãy kiểm tra lại số trên thẻ căn cước.",
    ),
    "applicant.personal_id.future": QT_TRANSLATE_NOOP(
        "Messages",
        "Số định danh cho năm sinh {id_year}, sau năm nay ({year}): số này chưa thể có. Hãy "
        "kiểm tra lại chữ số thứ 4 (thế kỷ, giới tính) và hai chữ số năm sinh.",
    ),
    "applicant.personal_id.birth_year": QT_TRANSLATE_NOOP(
        "Messages",
        "Số định danh cá nhân cho biết năm sinh {id_year}, nhưng năm sinh đã nhập là "
        "{birth_year}. Hãy kiểm tra lại số định danh hoặc ngày sinh.",
    ),
    "applicant.birth_date.invalid": QT_TRANSLATE_NOOP(
        "Messages",
        "Ngày sinh «{value}» không có thật hoặc không đúng dạng. Hãy nhập theo dạng "
        "ngày/tháng/năm (ví dụ 05/09/1985) hoặc chỉ năm sinh (1985).",
    ),
    "applicant.birth_date.future": QT_TRANSLATE_NOOP(
        "Messages", "Ngày sinh «{value}» nằm trong tương lai. Hãy kiểm tra lại."
    ),
    "applicant.phone": QT_TRANSLATE_NOOP(
        "Messages",
        "Số điện thoại «{value}» không đúng: số di động có 10 chữ số bắt đầu bằng 03, 05, 07, "
        "08 hoặc 09; số cố định có 11 chữ số bắt đầu bằng 02.",
    ),
    "applicant.email": QT_TRANSLATE_NOOP(
        "Messages", "Địa chỉ thư điện tử «{value}» không đúng dạng (ví dụ: ten@gmail.com)."
    ),
    # ---------------------------------------------------------------- intake
    "intake.procedure.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy chọn thủ tục hành chính (gõ mã hoặc tên thủ tục để tìm)."
    ),
    "intake.procedure.retired": QT_TRANSLATE_NOOP(
        "Messages", "Thủ tục {procedure} đã ngừng áp dụng, không tiếp nhận hồ sơ mới."
    ),
    "intake.documents.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hãy đánh dấu ít nhất một giấy tờ đã nhận trong thành phần hồ sơ."
    ),
    "intake.document.name": QT_TRANSLATE_NOOP("Messages", "Giấy tờ đã nhận phải có tên."),
    "intake.document.count": QT_TRANSLATE_NOOP(
        "Messages", "Số lượng của giấy tờ «{name}» phải từ 1 trở lên."
    ),
    "intake.document.kind": QT_TRANSLATE_NOOP(
        "Messages", "Hình thức của giấy tờ «{name}» không hợp lệ."
    ),
    "intake.sets": QT_TRANSLATE_NOOP("Messages", "Số bộ hồ sơ phải từ 1 trở lên."),
    "intake.fee.negative": QT_TRANSLATE_NOOP("Messages", "Số tiền phí, lệ phí không được âm."),
    "intake.fee.payment": QT_TRANSLATE_NOOP(
        "Messages", "Hồ sơ có thu phí, lệ phí: hãy chọn hình thức nộp (tiền mặt, chuyển khoản…)."
    ),
    "intake.submitted_at.empty": QT_TRANSLATE_NOOP(
        "Messages", "Hồ sơ trực tuyến: hãy nhập thời điểm nộp trên Cổng dịch vụ công."
    ),
    "intake.submitted_at.future": QT_TRANSLATE_NOOP(
        "Messages", "Thời điểm nộp trực tuyến không thể ở tương lai. Hãy kiểm tra lại."
    ),
    "intake.delivery.address": QT_TRANSLATE_NOOP(
        "Messages", "Nhận kết quả qua bưu chính: hãy nhập địa chỉ nhận kết quả."
    ),
    "intake.return_now.not_same_day": QT_TRANSLATE_NOOP(
        "Messages", "Chỉ thủ tục giải quyết trong ngày mới được trả kết quả ngay khi tiếp nhận."
    ),
    "intake.reuse.foreign": QT_TRANSLATE_NOOP(
        "Messages",
        "Giấy tờ số hóa được chọn không dùng lại được: không phải của người nộp này, đã hết hạn "
        "hoặc đã có bản mới hơn. Hãy bỏ chọn giấy tờ đó.",
    ),
    "intake.duplicate_open": QT_TRANSLATE_NOOP(
        "Messages",
        "Người này đang có hồ sơ cùng thủ tục chưa giải quyết xong: {codes}. "
        "Nếu vẫn tiếp nhận hồ sơ mới, hãy xác nhận lại.",
    ),
    "intake.id_card.no_qr": QT_TRANSLATE_NOOP(
        "Messages",
        "Không thấy mã QR của thẻ căn cước trong ảnh. Hãy chụp lại mặt trước của thẻ, rõ và đủ "
        "sáng, hoặc quét bằng máy quét mã.",
    ),
    "qr.image": QT_TRANSLATE_NOOP("Messages", "Không mở được ảnh «{path}»."),
    "qr.decoder_missing": QT_TRANSLATE_NOOP(
        "Messages", "Máy này chưa có bộ đọc mã QR (gói zxing-cpp). Hãy cài lại phần mềm."
    ),
    # ---------------------------------------------------------------- the dossier's life
    "dossier.missing": QT_TRANSLATE_NOOP("Messages", "Không tìm thấy hồ sơ."),
    "dossier.missing_code": QT_TRANSLATE_NOOP("Messages", "Không tìm thấy hồ sơ có mã {dossier}."),
    "dossier.code.format": QT_TRANSLATE_NOOP(
        "Messages", "Mã hồ sơ «{value}» không đúng dạng (ví dụ: XANSON-260302-0001)."
    ),
    "dossier.transition": QT_TRANSLATE_NOOP(
        "Messages",
        "Hồ sơ đang ở trạng thái không cho phép thao tác này. Hãy tải lại hồ sơ để xem "
        "trạng thái mới nhất.",
    ),
    "dossier.reason.empty": QT_TRANSLATE_NOOP("Messages", "Hãy ghi lý do."),
    "dossier.handover.officer": QT_TRANSLATE_NOOP(
        "Messages", "Hãy chọn cán bộ, công chức nhận bàn giao (tài khoản đang hoạt động)."
    ),
    "dossier.supplement.reason": QT_TRANSLATE_NOOP(
        "Messages", "Hãy ghi lý do yêu cầu bổ sung, hoàn thiện hồ sơ."
    ),
    "dossier.supplement.items": QT_TRANSLATE_NOOP(
        "Messages",
        "Hãy liệt kê đầy đủ các giấy tờ cần bổ sung: người nộp chỉ được hướng dẫn một lần.",
    ),
    "dossier.supplement.item_name": QT_TRANSLATE_NOOP(
        "Messages", "Mỗi dòng giấy tờ cần bổ sung phải có tên giấy tờ."
    ),
    "dossier.supplement.item_count": QT_TRANSLATE_NOOP(
        "Messages", "Số lượng giấy tờ «{name}» không được âm."
    ),
    "dossier.refusal.reason": QT_TRANSLATE_NOOP(
        "Messages", "Hãy ghi rõ lý do từ chối tiếp nhận, giải quyết hồ sơ."
    ),
    "dossier.withdrawal.reason": QT_TRANSLATE_NOOP(
        "Messages", "Hãy ghi lý do người nộp rút hồ sơ."
    ),
    "dossier.stop.reason": QT_TRANSLATE_NOOP("Messages", "Hãy ghi lý do dừng giải quyết hồ sơ."),
    "dossier.apology.reason": QT_TRANSLATE_NOOP(
        "Messages", "Hãy ghi lý do chậm trả kết quả trong văn bản xin lỗi."
    ),
    "dossier.apology.once": QT_TRANSLATE_NOOP(
        "Messages",
        "Hồ sơ {dossier} đã có văn bản xin lỗi và hẹn lại ngày trả; ngày hẹn chỉ được "
        "điều chỉnh một lần.",
    ),
    "dossier.apology.new_date": QT_TRANSLATE_NOOP(
        "Messages", "Ngày hẹn mới phải sau ngày hẹn hiện tại ({due}) và sau thời điểm này."
    ),
    "dossier.apology.new_date_far": QT_TRANSLATE_NOOP(
        "Messages",
        "Ngày hẹn mới không được quá một năm sau ngày hẹn hiện tại ({due}), tức muộn nhất là "
        "ngày {last}. Hãy kiểm tra lại năm; hồ sơ cần lâu hơn thì dừng giải quyết (mẫu 05).",
    ),
    "dossier.return.collected_by": QT_TRANSLATE_NOOP(
        "Messages", "Hãy ghi họ tên người nhận kết quả."
    ),
    "rating.level": QT_TRANSLATE_NOOP("Messages", "Hãy chọn mức độ hài lòng."),
    "rating.exists": QT_TRANSLATE_NOOP("Messages", "Hồ sơ {dossier} đã được đánh giá."),
    "rating.not_returned": QT_TRANSLATE_NOOP(
        "Messages", "Chỉ đánh giá được hồ sơ đã trả kết quả ({dossier} chưa trả)."
    ),
    # ---------------------------------------------------------------- registers and forms
    "register.period": QT_TRANSLATE_NOOP(
        "Messages",
        "Khoảng thời gian không hợp lệ: ngày bắt đầu phải trước hoặc bằng ngày kết thúc.",
    ),
    "register.format": QT_TRANSLATE_NOOP(
        "Messages", "Tệp xuất phải có đuôi .pdf hoặc .xlsx (đã nhập «{name}»)."
    ),
    "forms.paper.kind": QT_TRANSLATE_NOOP(
        "Messages", "Chỉ các mẫu 01 đến 05 mới in được trên khổ A5 (đã chọn «{kind}»)."
    ),
    "forms.paper.size": QT_TRANSLATE_NOOP(
        "Messages", "Khổ giấy phải là A4 hoặc A5 (đã chọn «{paper}»)."
    ),
    "report.unavailable": QT_TRANSLATE_NOOP(
        "Messages", "Chưa in được {what}: phần in biểu mẫu chưa có trong phiên bản này."
    ),
}
