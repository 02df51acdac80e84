"""Messages for digitisation: PDF files, the file store, scanning, signing, trust, reuse, copies."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

CONTEXT = "Messages"

MESSAGES: dict[str, str] = {
    # --- PDF files (adapters.pdfdocs)
    "pdf.not_found": QT_TRANSLATE_NOOP("Messages", "Không tìm thấy tệp {path}."),
    "pdf.not_pdf": QT_TRANSLATE_NOOP(
        "Messages", "Tệp {path} không phải là tệp PDF. Hãy chọn đúng tệp PDF hoặc tệp ảnh."
    ),
    "pdf.encrypted": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp {path} đã được đặt mật khẩu hoặc mã hóa nên không thể lưu, ký hay đóng dấu. "
        "Hãy xin bản không đặt mật khẩu.",
    ),
    "pdf.truncated": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp {path} bị thiếu phần cuối (sao chép hoặc tải về chưa xong). Hãy lấy lại tệp đầy đủ.",
    ),
    "pdf.corrupt": QT_TRANSLATE_NOOP(
        "Messages", "Tệp PDF {path} bị hỏng, không đọc được ({detail})."
    ),
    "pdf.page_out_of_range": QT_TRANSLATE_NOOP(
        "Messages", "Tệp {path} chỉ có {pages} trang, không có trang số {index}."
    ),
    "pdf.no_images": QT_TRANSLATE_NOOP("Messages", "Chưa có trang ảnh nào để ghép thành PDF."),
    "pdf.image_invalid": QT_TRANSLATE_NOOP(
        "Messages", "Tệp ảnh {path} bị hỏng hoặc không đúng định dạng ({detail})."
    ),
    "ocr.unavailable": QT_TRANSLATE_NOOP(
        "Messages",
        "Máy chưa cài Tesseract nên không nhận dạng được chữ; tài liệu vẫn được lưu dạng ảnh.",
    ),
    "ocr.language_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "Tesseract chưa có dữ liệu ngôn ngữ {lang} (gói tesseract-ocr-vie); tài liệu vẫn được "
        "lưu dạng ảnh.",
    ),
    "ocr.failed": QT_TRANSLATE_NOOP(
        "Messages", "Nhận dạng chữ ở trang {page} không thành công ({detail})."
    ),
    "io.disk_full": QT_TRANSLATE_NOOP(
        "Messages",
        "Ổ đĩa đã đầy nên không ghi được {path}. Hãy giải phóng dung lượng rồi thử lại.",
    ),
    "io.write_failed": QT_TRANSLATE_NOOP(
        "Messages", "Không ghi được tệp {path} ({detail}). Hãy kiểm tra quyền ghi thư mục."
    ),
    # --- the file store (adapters.store)
    "store.disk_full": QT_TRANSLATE_NOOP(
        "Messages",
        "Ổ đĩa chứa kho tệp {root} đã đầy. Hãy giải phóng dung lượng rồi thử lại; "
        "tài liệu chưa được lưu.",
    ),
    "store.write_failed": QT_TRANSLATE_NOOP(
        "Messages", "Không ghi được vào kho tệp {root} ({detail})."
    ),
    "store.source_missing": QT_TRANSLATE_NOOP(
        "Messages", "Tệp {path} không còn ở chỗ cũ (đã bị chuyển hoặc xóa)."
    ),
    "store.missing": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp của tài liệu này không còn trong kho (mã băm {sha256}). "
        "Hãy chạy «Kiểm tra kho tệp» và khôi phục từ bản sao lưu.",
    ),
    "store.unreadable": QT_TRANSLATE_NOOP(
        "Messages",
        "Không đọc được kho tệp {root} ({detail}). Hãy kiểm tra ổ đĩa hoặc thư mục dùng chung.",
    ),
    # --- scanning (adapters.scanning)
    "scan.sane_missing": QT_TRANSLATE_NOOP(
        "Messages", "Máy chưa cài SANE (gói sane-utils) nên không quét trực tiếp được."
    ),
    "scan.device_not_found": QT_TRANSLATE_NOOP(
        "Messages", "Không tìm thấy máy quét {device}. Hãy kiểm tra cáp, nguồn điện rồi thử lại."
    ),
    "scan.device_busy": QT_TRANSLATE_NOOP(
        "Messages", "Máy quét {device} đang bận. Hãy chờ một lát rồi thử lại."
    ),
    "scan.mode_unsupported": QT_TRANSLATE_NOOP(
        "Messages", "Máy quét {device} không hỗ trợ chế độ màu {mode}. Hãy chọn chế độ khác."
    ),
    "scan.no_pages": QT_TRANSLATE_NOOP(
        "Messages", "Máy quét không có trang nào. Hãy đặt giấy vào khay rồi quét lại."
    ),
    "scan.failed": QT_TRANSLATE_NOOP(
        "Messages", "Quét trên máy {device} không thành công ({detail})."
    ),
    "scan.unsupported_platform": QT_TRANSLATE_NOOP(
        "Messages", "Chưa hỗ trợ quét trực tiếp trên hệ điều hành {platform}."
    ),
    "scan.wia_unavailable": QT_TRANSLATE_NOOP(
        "Messages",
        "Không dùng được dịch vụ quét WIA của Windows trên máy này. Hãy kiểm tra trình điều khiển "
        "máy quét, hoặc cho máy quét lưu vào thư mục quét chung; phần mềm tự nhận tệp từ đó.",
    ),
    "watch.misnamed": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp {name} trong thư mục quét không được nhận: nội dung là {kind} nhưng tên tệp ghi "
        "{expected}. Hãy đổi phần đuôi tên tệp cho đúng (ví dụ .jpg cho ảnh JPEG).",
    ),
    "watch.folder_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "Không có thư mục quét {folder}. Hãy kiểm tra đường dẫn hoặc ổ mạng dùng chung.",
    ),
    # --- signing (adapters.signing)
    "sign.pkcs12_not_found": QT_TRANSLATE_NOOP(
        "Messages", "Không tìm thấy tệp chứng thư số {path}."
    ),
    "sign.pkcs12_invalid": QT_TRANSLATE_NOOP(
        "Messages", "Tệp {path} không phải tệp chứng thư số (.p12, .pfx) hợp lệ."
    ),
    "sign.passphrase_wrong": QT_TRANSLATE_NOOP(
        "Messages", "Mật khẩu của tệp chứng thư số {path} không đúng."
    ),
    "sign.pkcs11_module_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "Không tìm thấy thư viện PKCS#11 của USB ký số ({lib_path}). "
        "Hãy cài phần mềm đi kèm USB ký số hoặc chọn đúng tệp thư viện.",
    ),
    "sign.pkcs11_module_invalid": QT_TRANSLATE_NOOP(
        "Messages", "Tệp {lib_path} không phải thư viện PKCS#11 dùng được ({detail})."
    ),
    "sign.pkcs11_module_bits": QT_TRANSLATE_NOOP(
        "Messages",
        "Thư viện {lib_path} là bản {bits}-bit, phần mềm này chạy {app_bits}-bit nên không nạp "
        "được. Hãy cài bản driver {app_bits}-bit của USB ký số (thường nằm trong "
        "C:\\Windows\\System32, bản 32-bit nằm trong C:\\Windows\\SysWOW64).",
    ),
    "sign.token_missing": QT_TRANSLATE_NOOP(
        "Messages", "Không thấy USB ký số. Hãy cắm USB ký số vào máy rồi thử lại."
    ),
    "sign.token_ambiguous": QT_TRANSLATE_NOOP(
        "Messages", "Đang cắm {count} USB ký số. Hãy chỉ để lại USB của người ký."
    ),
    "sign.pin_wrong": QT_TRANSLATE_NOOP(
        "Messages",
        "Mã PIN không đúng. Lưu ý: nhập sai nhiều lần liên tiếp USB ký số sẽ bị khóa.",
    ),
    "sign.pin_locked": QT_TRANSLATE_NOOP(
        "Messages",
        "USB ký số đã bị khóa mã PIN. Hãy liên hệ nhà cung cấp chứng thư số để mở khóa.",
    ),
    "sign.pin_required": QT_TRANSLATE_NOOP("Messages", "Hãy nhập mã PIN của USB ký số."),
    "sign.cancelled_on_token": QT_TRANSLATE_NOOP(
        "Messages",
        "Đã hủy trên USB ký số nên tài liệu chưa được ký. Muốn ký thì bấm «Ký số» lần nữa và "
        "xác nhận trên thiết bị.",
    ),
    "sign.cert_choice_required": QT_TRANSLATE_NOOP(
        "Messages", "USB ký số có {count} chứng thư dùng được. Hãy chọn một chứng thư để ký."
    ),
    "sign.cert_not_found": QT_TRANSLATE_NOOP(
        "Messages", "Không còn thấy chứng thư đã chọn trên USB ký số. Hãy tải lại danh sách."
    ),
    "sign.key_not_found": QT_TRANSLATE_NOOP(
        "Messages", "Chứng thư đã chọn không có khóa bí mật trên USB ký số nên không ký được."
    ),
    "sign.token_error": QT_TRANSLATE_NOOP(
        "Messages", "USB ký số báo lỗi ({detail}). Hãy rút ra, cắm lại rồi thử lại."
    ),
    "sign.cert_expired": QT_TRANSLATE_NOOP(
        "Messages", "Chứng thư số đã hết hạn từ {not_after}. Hãy gia hạn chứng thư số."
    ),
    "sign.cert_not_yet_valid": QT_TRANSLATE_NOOP(
        "Messages", "Chứng thư số chỉ có hiệu lực từ {not_before}."
    ),
    "sign.cert_not_for_signing": QT_TRANSLATE_NOOP(
        "Messages", "Chứng thư này không được cấp để ký số văn bản. Hãy chọn chứng thư khác."
    ),
    "sign.same_file": QT_TRANSLATE_NOOP(
        "Messages", "Tệp đã ký phải được lưu thành tệp mới, không ghi đè lên tệp gốc."
    ),
    "sign.failed": QT_TRANSLATE_NOOP("Messages", "Ký số không thành công ({detail})."),
    "cert.not_found": QT_TRANSLATE_NOOP("Messages", "Không tìm thấy tệp chứng thư {path}."),
    "cert.unreadable": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp {path} không phải chứng thư số dạng PEM hoặc DER đọc được (hoặc bó P7B, "
        "thư mục chứa các tệp đó).",
    ),
    # --- verification: one reason per signature (adapters.signing.REASONS)
    "verify.valid": QT_TRANSLATE_NOOP(
        "Messages",
        "Chữ ký hợp lệ: tài liệu còn nguyên vẹn, chứng thư thuộc chuỗi tin cậy và đang còn "
        "hiệu lực. Thời điểm ký chỉ theo đồng hồ máy tính của người ký (không có dấu thời gian).",
    ),
    "verify.valid_timestamped": QT_TRANSLATE_NOOP(
        "Messages",
        "Chữ ký hợp lệ tại thời điểm ký {time}, được chứng minh bằng dấu thời gian tin cậy.",
    ),
    "verify.modified": QT_TRANSLATE_NOOP(
        "Messages",
        "Có thay đổi sau khi ký: {changes}. Nội dung đang xem không còn là bản đã ký; "
        "hãy xem bản đã ký để đối chiếu.",
    ),
    "verify.digest_mismatch": QT_TRANSLATE_NOOP(
        "Messages", "Nội dung đã ký bị thay đổi: chữ ký không còn khớp với tài liệu."
    ),
    "verify.unreadable": QT_TRANSLATE_NOOP(
        "Messages", "Chữ ký hỏng: không đọc được dữ liệu của chữ ký này."
    ),
    "verify.bad_signature": QT_TRANSLATE_NOOP("Messages", "Chữ ký hỏng: chữ ký sai về mặt mật mã."),
    "verify.expired": QT_TRANSLATE_NOOP(
        "Messages",
        "Chứng thư của người ký đã hết hạn ngày {date} và không có bằng chứng (dấu thời gian) "
        "cho thấy tài liệu được ký trước ngày đó.",
    ),
    "verify.expired_proven": QT_TRANSLATE_NOOP(
        "Messages",
        "Chứng thư của người ký đã hết hạn ngày {date}, trước thời điểm ký {time} "
        "(theo dấu thời gian).",
    ),
    "verify.not_yet_valid": QT_TRANSLATE_NOOP(
        "Messages", "Chứng thư của người ký chưa có hiệu lực vào thời điểm ký (hiệu lực từ {date})."
    ),
    "verify.weak_algorithm": QT_TRANSLATE_NOOP(
        "Messages",
        "Chữ ký dùng thuật toán băm yếu ({algorithm}), không còn được chấp nhận; "
        "cần ký lại bằng SHA-256.",
    ),
    "verify.untrusted": QT_TRANSLATE_NOOP(
        "Messages",
        "Chứng thư của người ký không thuộc chuỗi tin cậy của cơ quan "
        "(chưa nhập chứng thư gốc tương ứng).",
    ),
    "verify.revoked": QT_TRANSLATE_NOOP(
        "Messages",
        "Chữ ký không còn giá trị: chứng thư đã bị thu hồi ngày {date}, trước thời điểm ký "
        "(hoặc không có dấu thời gian chứng minh tài liệu được ký trước ngày đó).",
    ),
    "verify.revoked_ca": QT_TRANSLATE_NOOP(
        "Messages",
        "Chữ ký không còn giá trị: chứng thư của tổ chức cấp chứng thư cho người ký đã bị thu "
        "hồi ngày {date}.",
    ),
    # --- verification: revocation (CRL/OCSP) of the signer's certificate
    "verify.revocation.checked": QT_TRANSLATE_NOOP(
        "Messages", "đã kiểm tra (danh sách thu hồi hoặc OCSP): chưa bị thu hồi"
    ),
    "verify.revocation.revoked": QT_TRANSLATE_NOOP(
        "Messages", "chứng thư đã bị thu hồi ngày {date}"
    ),
    "verify.revocation.revoked_later": QT_TRANSLATE_NOOP(
        "Messages",
        "chứng thư bị thu hồi ngày {date}, sau thời điểm ký đã được dấu thời gian chứng minh",
    ),
    "verify.revocation.offline": QT_TRANSLATE_NOOP(
        "Messages",
        "chưa kiểm tra được tình trạng thu hồi (tệp không kèm dữ liệu thu hồi, máy không tra "
        "cứu qua mạng)",
    ),
    "verify.revocation.unavailable": QT_TRANSLATE_NOOP(
        "Messages",
        "chưa kiểm tra được tình trạng thu hồi (không lấy được danh sách thu hồi hoặc OCSP)",
    ),
    "verify.revocation.note": QT_TRANSLATE_NOOP(
        "Messages",
        "Lưu ý: chưa kiểm tra được tình trạng thu hồi của chứng thư. Đây là thông tin, không "
        "phải lỗi của chữ ký; kết quả trên không có nghĩa là chứng thư chưa bị thu hồi.",
    ),
    "verify.no_signatures": QT_TRANSLATE_NOOP("Messages", "Tệp này không có chữ ký số nào."),
    "verify.no_such_signature": QT_TRANSLATE_NOOP("Messages", "Tệp không có chữ ký {field}."),
    # --- verification: what a later revision changed
    "verify.change.form_filling": QT_TRANSLATE_NOOP(
        "Messages", "lần sửa {revision}: sửa nội dung biểu mẫu ({fields})"
    ),
    "verify.change.annotations": QT_TRANSLATE_NOOP(
        "Messages", "lần sửa {revision}: thêm hoặc sửa chú thích, ghi chú trên trang"
    ),
    "verify.change.other": QT_TRANSLATE_NOOP(
        "Messages", "lần sửa {revision}: thay đổi nội dung hoặc cấu trúc tài liệu"
    ),
    "verify.change.signature": QT_TRANSLATE_NOOP(
        "Messages", "lần sửa {revision}: thêm chữ ký số khác (được phép)"
    ),
    "verify.change.timestamp": QT_TRANSLATE_NOOP(
        "Messages", "lần sửa {revision}: thêm dấu thời gian hoặc dữ liệu kiểm tra (được phép)"
    ),
    # --- verification: what to do next (follows the reason)
    "verify.advice.modified": QT_TRANSLATE_NOOP(
        "Messages",
        "Không dùng bản này. Xem bản đã ký để biết nội dung gốc, và yêu cầu nơi cấp gửi lại "
        "bản chưa bị sửa.",
    ),
    "verify.advice.broken": QT_TRANSLATE_NOOP(
        "Messages", "Không dùng bản này; yêu cầu nơi cấp gửi lại tệp đã ký."
    ),
    "verify.advice.expired": QT_TRANSLATE_NOOP(
        "Messages",
        "Không thêm chứng thư này vào danh sách tin cậy: chứng thư đã hết hạn. Yêu cầu nơi "
        "cấp ký lại bằng chứng thư còn hiệu lực (có dấu thời gian).",
    ),
    "verify.advice.not_yet_valid": QT_TRANSLATE_NOOP(
        "Messages",
        "Kiểm tra lại đồng hồ máy tính của người ký; yêu cầu nơi cấp ký lại.",
    ),
    "verify.advice.revoked": QT_TRANSLATE_NOOP(
        "Messages",
        "Không dùng bản này và không thêm chứng thư này vào danh sách tin cậy: chứng thư đã bị "
        "thu hồi. Yêu cầu nơi cấp ký lại bằng chứng thư còn hiệu lực.",
    ),
    "verify.advice.weak_algorithm": QT_TRANSLATE_NOOP(
        "Messages", "Yêu cầu nơi cấp ký lại bằng phần mềm ký số dùng SHA-256."
    ),
    "verify.advice.untrusted": QT_TRANSLATE_NOOP(
        "Messages",
        "Nếu đây là chứng thư của một tổ chức cung cấp dịch vụ chứng thực hợp pháp, quản trị "
        "viên nhập chứng thư gốc của tổ chức đó (trang Số hóa → Chứng thư tin cậy, hoặc lệnh "
        "trust add). Không nhập chứng thư riêng của người ký.",
    ),
    # --- documents (services.documents)
    "document.no_files": QT_TRANSLATE_NOOP("Messages", "Hãy chọn ít nhất một tệp PDF hoặc ảnh."),
    "document.mixed_files": QT_TRANSLATE_NOOP(
        "Messages",
        "Mỗi tài liệu là một tệp PDF, hoặc một hay nhiều ảnh ghép lại. "
        "Không ghép nhiều tệp PDF, hay PDF lẫn ảnh, vào một tài liệu.",
    ),
    "document.unsupported_file": QT_TRANSLATE_NOOP(
        "Messages", "Tệp {name} không phải PDF hay ảnh (JPEG, PNG, TIFF) nên không nhận được."
    ),
    "document.not_found": QT_TRANSLATE_NOOP("Messages", "Không tìm thấy tài liệu số {id}."),
    "document.superseded": QT_TRANSLATE_NOOP(
        "Messages", "Tài liệu này đã có phiên bản mới hơn. Hãy làm trên phiên bản mới nhất."
    ),
    "document.required_mismatch": QT_TRANSLATE_NOOP(
        "Messages", "Thành phần hồ sơ đã chọn không thuộc thủ tục của hồ sơ này."
    ),
    "document.other_applicant": QT_TRANSLATE_NOOP(
        "Messages", "Tài liệu này là của người khác, không dùng cho hồ sơ này được."
    ),
    "document.expired": QT_TRANSLATE_NOOP(
        "Messages", "Tài liệu đã hết hiệu lực từ ngày {valid_until}, không dùng lại được."
    ),
    "document.already_attached": QT_TRANSLATE_NOOP(
        "Messages", "Tài liệu này đã có trong hồ sơ {ref}."
    ),
    "dossier.not_found": QT_TRANSLATE_NOOP(
        "Messages", "Không tìm thấy hồ sơ có mã «{ref}». Hãy kiểm tra lại mã hồ sơ."
    ),
    "certify.not_original": QT_TRANSLATE_NOOP(
        "Messages",
        "Chỉ chứng thực bản sao từ bản chính đã quét. Hãy quét bản chính và ghi loại là "
        "«Bản chính».",
    ),
    "certify.number_conflict": QT_TRANSLATE_NOOP(
        "Messages",
        "Nhiều người đang cùng lấy số chứng thực nên chưa cấp được số. Hãy thử lại.",
    ),
    "sign.tsa_url_invalid": QT_TRANSLATE_NOOP(
        "Messages",
        "Địa chỉ máy chủ cấp dấu thời gian «{url}» không hợp lệ; địa chỉ phải bắt đầu bằng "
        "http:// hoặc https://.",
    ),
    "sign.holder_mismatch": QT_TRANSLATE_NOOP(
        "Messages",
        "Chứng thư dùng để ký là của {holder}, không phải của người đang đăng nhập ({officer}). "
        "Con dấu ghi tên {holder}; việc ký này đã được ghi vào nhật ký.",
    ),
    "sign.offline_time": QT_TRANSLATE_NOOP(
        "Messages",
        "Đã ký khi không có dấu thời gian: thời điểm ký là giờ của máy tính này, không được "
        "bên thứ ba xác nhận.",
    ),
    "sign.seal_invalid": QT_TRANSLATE_NOOP(
        "Messages", "Tệp {path} không phải ảnh con dấu PNG hoặc JPEG (tối đa 512 KB)."
    ),
    "sign.seal_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "Chưa có ảnh con dấu của cơ quan. Quản trị viên chọn ảnh con dấu ở Số hóa → Chứng thư "
        "tin cậy trước khi ký số cơ quan.",
    ),
    "sign.organisation_result_only": QT_TRANSLATE_NOOP(
        "Messages", "Chữ ký số của cơ quan chỉ dùng trên kết quả giải quyết thủ tục."
    ),
    "sign.locked": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp này đã được chứng nhận không cho phép thay đổi sau khi ký (DocMDP); ký thêm sẽ làm "
        "hỏng chữ ký đã có.",
    ),
    "sign.not_permitted": QT_TRANSLATE_NOOP(
        "Messages",
        "Tệp {path} có mật khẩu chủ sở hữu không cho phép ký hoặc điền biểu mẫu. Hãy xin bản "
        "cho phép ký.",
    ),
    "trust.not_found": QT_TRANSLATE_NOOP(
        "Messages", "Không có chứng thư tin cậy số {id} (có thể đã bị bỏ trước đó)."
    ),
    "files.problems": QT_TRANSLATE_NOOP(
        "Messages",
        "Kho tệp có {missing} tệp bị mất và {altered} tệp bị thay đổi. "
        "Hãy khôi phục từ bản sao lưu.",
    ),
}
