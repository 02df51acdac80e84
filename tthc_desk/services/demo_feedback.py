"""Demo feedback (phản ánh, kiến nghị): a dozen items over the period, in every state.

Part of the demo builder (:mod:`tthc_desk.services.demo`). Each item's story is played through
the feedback service at simulated instants on the working calendar: most are answered and
published (one after asking the sender for more information, one the sender was not satisfied
with), one is rejected, one answered but not yet posted, one in progress close to its deadline,
one overdue, and one just received.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from tthc_desk.domain.calendar import WorkingCalendar
from tthc_desk.persistence.db import Database
from tthc_desk.services import auth, feedback

#: How the sender agreed to be named on the posted results sheet.
FULL, SHORT, ANONYMOUS = "full", "short", ""


@dataclass(frozen=True)
class Story:
    """One item: who, what, and how it ends."""

    fate: str  # published / supplement / answered / rejected / near_due / overdue / received
    channel: str
    sender: str
    contact: str
    publish: str
    summary: str
    content: str
    reply: str = ""  # the answer, or the reason of a rejection
    procedure_code: str = ""
    late_dossier: bool = False  # about one of the dossiers that ran late
    satisfied: bool | None = True
    request: str = ""  # what was asked of the sender (fate "supplement")


STORIES: tuple[Story, ...] = (
    Story(
        "published",
        "counter",
        "Nguyễn Văn Thành",
        "0912 345 678",
        FULL,
        "Thời gian chờ chứng thực bản sao vào sáng thứ Hai quá lâu",
        "Tôi đến chứng thực bản sao giấy khai sinh và căn cước vào sáng thứ Hai, phải chờ gần "
        "hai tiếng vì chỉ có một cán bộ tiếp nhận. Đề nghị UBND xã bố trí thêm người vào những "
        "buổi đông người.",
        "UBND xã ghi nhận phản ánh của ông. Từ tuần tới, vào sáng thứ Hai và các ngày đầu tuần, "
        "Trung tâm Phục vụ hành chính công xã bố trí thêm 01 công chức Tư pháp - Hộ tịch tiếp nhận yêu cầu chứng thực "
        "và cấp số thứ tự để người dân chủ động thời gian.",
        procedure_code="2.000815",
    ),
    Story(
        "published",
        "portal",
        "Người dân thôn Bắc",
        "",
        ANONYMOUS,
        "Đề nghị niêm yết rõ mức phí chứng thực",
        "Đề nghị niêm yết công khai mức phí chứng thực bản sao, chứng thực chữ ký tại Trung tâm "
        "Phục vụ hành chính công xã và trên trang thông tin điện tử của xã; bảng niêm yết hiện đã cũ, khó đọc.",
        "UBND xã đã thay mới bảng niêm yết thủ tục hành chính và mức thu phí, lệ phí tại Trung tâm "
        "Phục vụ hành chính công xã, đồng thời đăng tải đầy đủ trên Trang thông tin điện tử của xã. Mức thu phí "
        "chứng thực thực hiện theo Thông tư số 226/2016/TT-BTC của Bộ Tài chính.",
        satisfied=None,
    ),
    Story(
        "published",
        "counter",
        "Trần Thị Hạnh",
        "0983 221 904",
        SHORT,
        "Hồ sơ trả kết quả chậm so với giấy hẹn",
        "Hồ sơ của tôi hẹn trả kết quả nhưng đến ngày hẹn vẫn chưa có, tôi phải đi lại nhiều "
        "lần. Đề nghị xã kiểm tra và trả lời rõ lý do.",
        "Qua kiểm tra, hồ sơ của bà bị chậm do phải xác minh thông tin giấy tờ với cơ quan khác; "
        "Trung tâm Phục vụ hành chính công xã đã lập Phiếu xin lỗi và hẹn lại ngày trả kết quả nhưng chưa báo kịp "
        "thời cho bà. UBND xã xin lỗi bà và đã chấn chỉnh công chức phải chủ động thông báo cho "
        "người dân khi hồ sơ có nguy cơ quá hạn.",
        late_dossier=True,
        satisfied=False,
    ),
    Story(
        "published",
        "phone",
        "Lê Văn Hùng",
        "0356 778 120",
        SHORT,
        "Đề nghị hướng dẫn người cao tuổi nộp hồ sơ trực tuyến",
        "Người cao tuổi như tôi không biết nộp hồ sơ trên Cổng Dịch vụ công quốc gia. Đề nghị xã "
        "có người hướng dẫn tại chỗ.",
        "Trung tâm Phục vụ hành chính công xã đã bố trí máy tính và công chức, đoàn viên thanh niên hướng dẫn người "
        "dân nộp hồ sơ trực tuyến trong giờ hành chính các ngày làm việc. Ông có thể đến trực "
        "tiếp hoặc gọi số điện thoại của Trung tâm Phục vụ hành chính công xã để được hỗ trợ.",
    ),
    Story(
        "published",
        "email",
        "Phạm Thị Thu Trang",
        "thutrang.pham@gmail.com",
        FULL,
        "Yêu cầu nộp sổ hộ khẩu khi đăng ký tạm trú",
        "Khi đăng ký tạm trú, cán bộ yêu cầu tôi nộp bản sao sổ hộ khẩu, trong khi sổ hộ khẩu đã "
        "hết giá trị sử dụng từ năm 2023. Đề nghị UBND xã làm rõ.",
        "Theo Luật Cư trú năm 2020, sổ hộ khẩu không còn giá trị sử dụng từ ngày 01/01/2023; "
        "thông tin cư trú được khai thác từ Cơ sở dữ liệu quốc gia về dân cư. UBND xã đã nhắc "
        "nhở công chức liên quan không yêu cầu người dân nộp giấy tờ ngoài thành phần hồ sơ đã "
        "công bố.",
        procedure_code="1.004194",
    ),
    Story(
        "rejected",
        "letter",
        "Hoàng Văn Cường",
        "Thôn Nam, xã An Sơn",
        FULL,
        "Tranh chấp ranh giới đất với hộ liền kề",
        "Đề nghị UBND xã giải quyết việc hộ liền kề lấn chiếm khoảng 1,5 m đất vườn của gia đình "
        "tôi ở thôn Nam.",
        "Nội dung đơn là tranh chấp đất đai giữa các hộ gia đình, không phải phản ánh, kiến nghị "
        "về quy định hành chính. Đề nghị ông nộp đơn yêu cầu hòa giải tranh chấp đất đai tại Trung "
        "tâm Phục vụ hành chính công xã để được giải quyết theo thủ tục hòa giải tại UBND xã.",
    ),
    Story(
        "supplement",
        "counter",
        "Vũ Thị Lan",
        "0967 403 558",
        SHORT,
        "Phản ánh thu phí chứng thực bản sao cao hơn quy định",
        "Tôi chứng thực một bản sao và bị thu 5.000 đồng, tôi nghĩ là cao hơn mức quy định. Đề "
        "nghị xã kiểm tra.",
        "Qua xác minh biên lai, bản sao bà chứng thực có 3 trang: 2.000 đồng cho mỗi trang thứ "
        "nhất và thứ hai, 1.000 đồng cho trang thứ ba, tổng 5.000 đồng là đúng mức thu tại Thông "
        "tư số 226/2016/TT-BTC. UBND xã đã bổ sung cách tính phí vào bảng niêm yết để người dân "
        "dễ theo dõi.",
        procedure_code="2.000815",
        request="Đề nghị bà cung cấp biên lai thu phí hoặc ngày, giờ thực hiện chứng thực để UBND "
        "xã có cơ sở xác minh.",
    ),
    Story(
        "published",
        "portal",
        "Công dân thôn Chùa",
        "",
        ANONYMOUS,
        "Đề nghị công khai đường dây nóng của UBND xã",
        "Đề nghị công khai số điện thoại đường dây nóng của Chủ tịch UBND xã để người dân phản "
        "ánh khi gặp khó khăn trong giải quyết thủ tục hành chính.",
        "UBND xã đã niêm yết số điện thoại đường dây nóng và địa chỉ thư điện tử tiếp nhận phản "
        "ánh, kiến nghị tại Trung tâm Phục vụ hành chính công xã, nhà văn hóa các thôn và trên Trang thông tin điện "
        "tử của xã.",
        satisfied=None,
    ),
    Story(
        "answered",
        "counter",
        "Đinh Quốc Khánh",
        "0398 116 275",
        FULL,
        "Đề nghị làm mái che khu để xe của Trung tâm Phục vụ hành chính công xã",
        "Khu để xe trước Trung tâm Phục vụ hành chính công xã không có mái che, mùa mưa người dân đến làm thủ tục bị "
        "ướt. Đề nghị xã bố trí mái che.",
        "UBND xã đã giao công chức Văn phòng - Thống kê lập dự toán làm mái che khu để xe trước "
        "Trung tâm Phục vụ hành chính công xã, dự kiến hoàn thành trong quý tới; trong thời gian chờ, người dân được "
        "để xe trong sân trụ sở UBND xã.",
    ),
    Story(
        "near_due",
        "phone",
        "Ngô Thị Yến",
        "0374 550 819",
        SHORT,
        "Đề nghị trả kết quả hộ tịch qua bưu chính công ích",
        "Tôi làm công nhân ở khu công nghiệp, không về kịp trong giờ hành chính. Kiến nghị cho "
        "phép nhận bản sao trích lục hộ tịch qua dịch vụ bưu chính công ích.",
        procedure_code="2.000635",
    ),
    Story(
        "overdue",
        "portal",
        "Đặng Minh Tuấn",
        "minhtuan.dang@gmail.com",
        FULL,
        "Hồ sơ đăng ký thường trú trực tuyến chưa có thông báo kết quả",
        "Hồ sơ đăng ký thường trú tôi nộp trực tuyến đã quá ngày hẹn nhưng chưa nhận được thông "
        "báo kết quả; tra cứu trên Cổng Dịch vụ công chỉ hiện trạng thái đang xử lý.",
        procedure_code="1.004222",
    ),
    Story(
        "received",
        "counter",
        "Bùi Thị Ngọc Ánh",
        "0862 907 314",
        SHORT,
        "Đề nghị tiếp nhận hồ sơ vào sáng thứ Bảy",
        "Đề nghị UBND xã bố trí tiếp nhận hồ sơ vào sáng thứ Bảy để người lao động đi làm xa có "
        "thể nộp hồ sơ, nhận kết quả.",
    ),
)


def _clock(at: datetime) -> Callable[[], datetime]:
    return lambda: at


def play_feedback(
    db: Database,
    cal: WorkingCalendar,
    rng: random.Random,
    users: dict[str, auth.UserView],
    start: datetime,
    today: datetime,
    late_dossiers: Sequence[tuple[datetime, str]],
) -> dict[str, int]:
    """Play every story; returns how many items ended in each state."""
    procedures = {label.split(" · ", 1)[0]: pid for pid, label in feedback.procedure_choices(db)}
    day = cal.hours_per_day * 60
    clerk = users["canbo1"].actor
    leaders = [users["chutich"].actor, users["phochutich"].actor]

    def back(days: float) -> datetime:
        at = cal.add_working_minutes(today, -int(days * day) - rng.randint(0, 90))
        return min(at, today)

    def after(at: datetime, days: float) -> datetime:
        return min(cal.add_working_minutes(at, max(1, int(days * day))), today)

    # Handled items spread over the period, oldest first; the open ones sit near today.
    span = max(20.0, cal.working_minutes_between(start, today) / day - 20)
    handled = [s for s in STORIES if s.fate in ("published", "supplement", "rejected")]
    starts = sorted(20 + span * (i + rng.random()) / len(handled) for i in range(len(handled)))
    when: dict[int, datetime] = {}
    for story, days in zip(handled, reversed(starts), strict=True):
        when[id(story)] = back(days)
    fixed = {"answered": 9.0, "near_due": 13.0, "overdue": 17.5, "received": 0.6}
    for story in STORIES:
        if story.fate in fixed:
            when[id(story)] = back(fixed[story.fate])

    counts: dict[str, int] = {}
    for story in sorted(STORIES, key=lambda s: when[id(s)]):
        at = when[id(story)]
        dossier_code = ""
        if story.late_dossier:
            earlier = [code for t, code in late_dossiers if t < at]
            dossier_code = earlier[-1] if earlier else ""
        publish_name = {
            FULL: story.sender,
            SHORT: feedback.publish_name_choices(story.sender)[1],
        }.get(story.publish, "")
        item = feedback.receive(
            db,
            clerk,
            feedback.ReceiveCommand(
                channel=story.channel,
                sender_name=story.sender,
                content=story.content,
                sender_contact=story.contact,
                publish_name=publish_name,
                summary=story.summary,
                procedure_id=None if dossier_code else procedures.get(story.procedure_code),
                dossier_code=dossier_code,
                received_at=at,
            ),
            now=_clock(at),
        )
        fid = item.id
        leader = rng.choice(leaders)
        if story.fate == "rejected":
            t = after(at, 1)
            feedback.reject(db, leader, feedback.ReasonCommand(fid, story.reply), now=_clock(t))
        elif story.fate == "received":
            pass
        elif story.fate in ("near_due", "overdue"):
            t = after(at, 1.5)
            feedback.accept(db, clerk, fid, now=_clock(t))
        else:
            t = after(at, 1)
            if story.fate == "supplement":
                feedback.request_supplement(
                    db, clerk, feedback.ReasonCommand(fid, story.request), now=_clock(t)
                )
                t = after(t, 3)
                feedback.supplement_received(
                    db,
                    clerk,
                    feedback.ReasonCommand(fid, "Người phản ánh đã nộp bản chụp biên lai thu phí"),
                    now=_clock(t),
                )
            else:
                feedback.accept(db, clerk, fid, now=_clock(t))
            t = after(t, 2 + 8 * rng.random()) if story.fate != "answered" else after(at, 7.5)
            feedback.answer(db, leader, feedback.AnswerCommand(fid, story.reply), now=_clock(t))
            if story.fate != "answered":
                t = after(t, 1)
                feedback.publish(db, clerk, fid, now=_clock(t))
                if story.satisfied is not None:
                    t = after(t, 2)
                    feedback.record_outcome(
                        db, clerk, feedback.OutcomeCommand(fid, story.satisfied), now=_clock(t)
                    )
        state = feedback.get_feedback(db, fid, now=_clock(today)).state
        counts[state] = counts.get(state, 0) + 1
    return counts
