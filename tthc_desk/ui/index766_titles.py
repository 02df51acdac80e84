"""Words of the 766 scoring guide, marked for translation (the guide itself is domain data).

A test checks that every title of ``domain.index766.GUIDE`` is here, so a new guide cannot
reach the screen untranslated.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Index766Guide"

TITLES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Index766Guide", "Công khai, minh bạch"),
    QT_TRANSLATE_NOOP("Index766Guide", "Tiến độ, kết quả giải quyết"),
    QT_TRANSLATE_NOOP("Index766Guide", "Cung cấp dịch vụ trực tuyến"),
    QT_TRANSLATE_NOOP("Index766Guide", "Số hóa hồ sơ"),
    QT_TRANSLATE_NOOP("Index766Guide", "Thanh toán trực tuyến"),
    QT_TRANSLATE_NOOP("Index766Guide", "Mức độ hài lòng"),
    QT_TRANSLATE_NOOP(
        "Index766Guide", "Thủ tục hành chính được công bố đúng hạn trên Cơ sở dữ liệu quốc gia"
    ),
    QT_TRANSLATE_NOOP("Index766Guide", "Tỷ lệ công bố đúng hạn (dữ liệu cấp tỉnh)"),
    QT_TRANSLATE_NOOP(
        "Index766Guide",
        "Thủ tục được cập nhật, niêm yết đúng hạn (trong 5 ngày làm việc kể từ ngày quyết định công bố)",
    ),
    QT_TRANSLATE_NOOP("Index766Guide", "Niêm yết đúng hạn / thủ tục được công bố"),
    QT_TRANSLATE_NOOP("Index766Guide", "Thủ tục được niêm yết đầy đủ các bộ phận tạo thành"),
    QT_TRANSLATE_NOOP("Index766Guide", "Niêm yết đầy đủ / thủ tục đã niêm yết"),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia"),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ đồng bộ / hồ sơ tiếp nhận"),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ được giải quyết trước hạn, đúng hạn"),
    QT_TRANSLATE_NOOP(
        "Index766Guide",
        "(Trước hạn, đúng hạn + đang giải quyết trong hạn) / hồ sơ tiếp nhận, giải quyết trong kỳ",
    ),
    QT_TRANSLATE_NOOP("Index766Guide", "Thủ tục được cung cấp dịch vụ công trực tuyến"),
    QT_TRANSLATE_NOOP("Index766Guide", "Thủ tục trực tuyến / thủ tục của cơ quan"),
    QT_TRANSLATE_NOOP("Index766Guide", "Dịch vụ công trực tuyến có phát sinh hồ sơ"),
    QT_TRANSLATE_NOOP("Index766Guide", "Dịch vụ có hồ sơ trực tuyến / dịch vụ công trực tuyến"),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ nộp trực tuyến"),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ nộp trực tuyến / hồ sơ tiếp nhận"),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ có kết quả giải quyết điện tử"),
    QT_TRANSLATE_NOOP("Index766Guide", "Kết quả điện tử / hồ sơ có kết quả"),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ được số hóa thành phần hồ sơ và kết quả"),
    QT_TRANSLATE_NOOP("Index766Guide", "Số hóa hồ sơ và kết quả / hồ sơ có kết quả"),
    QT_TRANSLATE_NOOP("Index766Guide", "Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính"),
    QT_TRANSLATE_NOOP("Index766Guide", "Có cấp bản sao chứng thực điện tử trong kỳ (có/không)"),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ khai thác, sử dụng lại dữ liệu số hóa"),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ sử dụng lại dữ liệu số / hồ sơ tiếp nhận"),
    QT_TRANSLATE_NOOP(
        "Index766Guide",
        "Hồ sơ kết nối kho dữ liệu của công dân (kết quả trả về tài khoản chính chủ)",
    ),
    QT_TRANSLATE_NOOP("Index766Guide", "Kết quả về tài khoản chính chủ / hồ sơ có kết quả"),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ sử dụng Cơ sở dữ liệu quốc gia về dân cư"),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ dùng dữ liệu dân cư (dữ liệu cấp tỉnh)"),
    QT_TRANSLATE_NOOP("Index766Guide", "Thanh toán trực tuyến: 6 × A + min(2; 2,5 × B) + 2,5 × C"),
    QT_TRANSLATE_NOOP("Index766Guide", "A: hồ sơ thanh toán trực tuyến / hồ sơ có phí, lệ phí"),
    QT_TRANSLATE_NOOP(
        "Index766Guide", "B: thủ tục có thanh toán trực tuyến / thủ tục có phí, lệ phí"
    ),
    QT_TRANSLATE_NOOP(
        "Index766Guide", "C: thủ tục có phí tích hợp thanh toán trên Cổng / thủ tục có phí, lệ phí"
    ),
    QT_TRANSLATE_NOOP("Index766Guide", "Phản ánh, kiến nghị được xử lý đúng hạn"),
    QT_TRANSLATE_NOOP(
        "Index766Guide", "(Đúng hạn + đang xử lý trong hạn) / phản ánh, kiến nghị phải xử lý"
    ),
    QT_TRANSLATE_NOOP("Index766Guide", "Phản ánh, kiến nghị được xử lý làm người gửi hài lòng"),
    QT_TRANSLATE_NOOP(
        "Index766Guide",
        "(Tiếp nhận − không hài lòng − trễ hạn − lặp lại) / phản ánh, kiến nghị tiếp nhận",
    ),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ được giải quyết làm người dân hài lòng"),
    QT_TRANSLATE_NOOP(
        "Index766Guide", "1 − (tỷ lệ quá hạn + tỷ lệ có phản ánh hoặc «không hài lòng»)"
    ),
    QT_TRANSLATE_NOOP("Index766Guide", "Bước xử lý của từng cán bộ trước hạn, đúng hạn"),
    QT_TRANSLATE_NOOP(
        "Index766Guide",
        "Hồ sơ trực tuyến được tiếp nhận (hoặc yêu cầu bổ sung) trong 8 giờ làm việc",
    ),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ trực tuyến bị hủy (từ chối, dừng)"),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ phải trả lại để bổ sung, hoàn thiện"),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ bị tạm dừng"),
    QT_TRANSLATE_NOOP("Index766Guide", "Hồ sơ đã trả kết quả được người dân đánh giá"),
    QT_TRANSLATE_NOOP("Index766Guide", "Số hồ sơ trên phần mềm bằng số trên sổ giấy"),
)


def guide_text(title: str) -> str:
    """A guide title (group, criterion, part or local rule) in the user's language."""
    return QCoreApplication.translate("Index766Guide", title)
