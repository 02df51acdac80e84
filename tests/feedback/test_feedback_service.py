"""Feedback (phản ánh, kiến nghị): deadlines worked by hand, numbering, state rules, input errors
that save nothing, the audit trail, the list filters and the 766 figures."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest
from feedback_helpers import make_dossier, make_procedure
from sqlalchemy import func, select

from tthc_desk.domain.errors import AppError, Conflict, NotFound, ValidationError
from tthc_desk.persistence.models import AuditEntry, Dossier, Feedback
from tthc_desk.services import feedback as fbs

FRI = datetime(2026, 4, 24, 10, 0)


def _receive(db, actor, clock, **kw):  # type: ignore[no-untyped-def]
    cmd = fbs.ReceiveCommand(
        channel=kw.pop("channel", "counter"),
        sender_name=kw.pop("sender_name", "Nguyễn Văn An"),
        content=kw.pop("content", "Cán bộ hẹn trả kết quả muộn hơn quy định."),
        **kw,
    )
    return fbs.receive(db, actor, cmd, clock)


def _count(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Feedback)) or 0


# ------------------------------------------------------------------------------ deadlines


def test_deadlines_worked_by_hand_across_gio_to_and_30_4(office_db, clerk, clock) -> None:
    # Received Friday 2026-04-24 10:00, default hours 07:30-11:30 and 13:30-17:30 (8 h a day).
    # Friday gives 1.5 h (10:00-11:30) + 4 h (13:30-17:30) = 5.5 h.
    # 25-26/4 weekend; 27/4 Monday is the observed day off for Giỗ Tổ (10/3 lunar fell on
    # Sunday 26/4). Tuesday 28/4: 8 h -> 13.5 h.
    # Reject, 2 working days = 16 h: 2.5 h more on Wednesday 29/4 -> 07:30 + 2.5 h = 10:00.
    # Supplement, 5 days = 40 h: 29/4 full -> 21.5 h; 30/4 and 1/5 (Thursday, Friday) are
    # holidays, 2-3/5 weekend; Mon 4/5 -> 29.5 h, Tue 5/5 -> 37.5 h, Wed 6/5 2.5 h -> 10:00.
    # Handle, 15 days = 120 h: 6/5 -> 45.5, 7/5 53.5, 8/5 61.5, 11/5 69.5, 12/5 77.5, 13/5 85.5,
    # 14/5 93.5, 15/5 101.5, 18/5 109.5, 19/5 117.5, then 2.5 h on Wed 20/5 -> 10:00.
    v = _receive(office_db, clerk, clock)
    assert v.received_at == FRI
    assert v.reject_due == datetime(2026, 4, 29, 10, 0)
    assert v.supplement_due == datetime(2026, 5, 6, 10, 0)
    assert v.due_at == datetime(2026, 5, 20, 10, 0)
    assert v.clock == "handle" and v.warning == "on_track" and v.minutes_left == 120 * 60
    # Answered Tuesday 19/5 16:00: on time (its date is before the deadline's: early).
    answered = fbs.answer(office_db, clerk, fbs.AnswerCommand(v.id, "Đã nhắc nhở cán bộ."),
                          clock.set(datetime(2026, 5, 19, 16, 0)))  # fmt: skip
    assert answered.handled_timeliness == "early"
    # Publish within 2 working days after the answer: 19/5 16:00 + 16 h = 1.5 h on 19/5,
    # 8 h on 20/5, 6.5 h on 21/5 -> 07:30-11:30 (4 h) and 13:30-16:00 (2.5 h): 21/5 16:00.
    assert answered.publish_due == datetime(2026, 5, 21, 16, 0)
    assert answered.clock == "publish" and answered.warning == "on_track"
    # Thursday 21/5 15:00: one working hour left, nearly due; 16:01: overdue.
    late = fbs.get_feedback(office_db, v.id, clock.set(datetime(2026, 5, 21, 15, 0)))
    assert late.minutes_left == 60 and late.warning == "nearly_due"
    late = fbs.get_feedback(office_db, v.id, clock.set(datetime(2026, 5, 21, 16, 1)))
    assert late.warning == "late" and late.overdue and late.minutes_left == -1
    published = fbs.publish(office_db, clerk, v.id, clock)
    assert published.state == "published" and published.published_timeliness == "late"
    assert published.clock is None and published.warning is None


def test_received_on_saturday_starts_monday(office_db, clerk, clock) -> None:
    # Saturday 2/5 (and the holidays before it): the clock starts Monday 4/5 07:30;
    # 2 working days later is the end of Tuesday 5/5 (17:30).
    v = _receive(office_db, clerk, clock.set(datetime(2026, 5, 2, 9, 0)))
    assert v.reject_due == datetime(2026, 5, 5, 17, 30)


def test_handling_late_and_overdue_flag(office_db, clerk, clock) -> None:
    v = _receive(office_db, clerk, clock)
    # Wednesday 20/5 10:00 is the deadline: 10:30 the same day is past it.
    over = fbs.get_feedback(office_db, v.id, clock.set(datetime(2026, 5, 20, 10, 30)))
    assert over.overdue and over.minutes_left == -30
    assert [x.id for x in fbs.list_feedback(office_db, fbs.FeedbackQuery(attention="overdue"),
                                            clock)] == [v.id]  # fmt: skip
    done = fbs.answer(office_db, clerk, fbs.AnswerCommand(v.id, "Trả lời."), clock)
    assert done.handled_timeliness == "late"
    # 20/5 10:00 + 2 working days = 22/5 10:00: nothing overdue now.
    assert fbs.list_feedback(office_db, fbs.FeedbackQuery(attention="overdue"), clock) == []


def test_supplement_stops_the_clock_and_restarts_it(office_db, clerk, clock) -> None:
    v = _receive(office_db, clerk, clock)
    asked = fbs.request_supplement(
        office_db, clerk, fbs.ReasonCommand(v.id, "Đề nghị cho biết mã hồ sơ."),
        clock.set(datetime(2026, 4, 28, 9, 0)),
    )  # fmt: skip
    assert asked.state == "supplement_requested" and asked.clock is None
    assert asked.actions == ("supplement_received", "reject")
    # The information arrives Monday 4/5 08:00: 15 working days (120 h) afresh from then:
    # 4/5 gives 3.5 h (08:00-11:30) + 4 h = 7.5 h; 5/5-8/5, 11/5-15/5 and 18/5-22/5 are 14
    # full days (112 h) -> 119.5 h; the last 0.5 h runs on Monday 25/5 07:30-08:00.
    got = fbs.supplement_received(office_db, clerk, fbs.ReasonCommand(v.id, ""),
                                  clock.set(datetime(2026, 5, 4, 8, 0)))  # fmt: skip
    assert got.state == "in_progress" and got.due_at == datetime(2026, 5, 25, 8, 0)
    assert got.supplement_requested_at == datetime(2026, 4, 28, 9, 0)
    with pytest.raises(Conflict) as e:
        fbs.request_supplement(office_db, clerk, fbs.ReasonCommand(v.id, "Lần hai"), clock)
    assert e.value.code == "feedback.supplement.state"


# ------------------------------------------------------------------------------ numbering


def test_numbers_run_per_year_from_0001(office_db, clerk, clock) -> None:
    a = _receive(office_db, clerk, clock)
    b = _receive(office_db, clerk, clock)
    c = _receive(office_db, clerk, clock, received_at=datetime(2025, 12, 31, 16, 0))
    d = _receive(office_db, clerk, clock.set(datetime(2027, 1, 4, 8, 0)))
    assert [a.number, b.number, c.number, d.number] == [
        "PAKN-2026-0001", "PAKN-2026-0002", "PAKN-2025-0001", "PAKN-2027-0001",
    ]  # fmt: skip


def test_text_is_nfc_and_links_resolve(office_db, clerk, clock) -> None:
    pid = make_procedure(office_db, "1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch")
    did = make_dossier(office_db, pid, "Trần Thị Bình", datetime(2026, 4, 20, 9, 0))
    with office_db.session() as s:
        code = s.get(Dossier, did).code
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Văn   Đức")
    v = _receive(
        office_db, clerk, clock, sender_name=decomposed, channel="phone",
        content=unicodedata.normalize("NFD", "Chậm trả kết quả.\n\n  Đề nghị xem xét."),
        dossier_code=f" {code.lower()} ", publish_name="N.V. Đức",
    )  # fmt: skip
    assert v.sender_name == "Nguyễn Văn Đức" and unicodedata.is_normalized("NFC", v.content)
    assert v.content == "Chậm trả kết quả.\n\nĐề nghị xem xét."
    assert v.procedure_id == pid and v.procedure.startswith("1.001193")
    assert v.dossier_code == code
    assert v.publish_name == "N.V. Đức" and v.channel == "phone"
    # No name agreed: the sheet prints "Giấu tên".
    assert _receive(office_db, clerk, clock).publish_name == fbs.ANONYMOUS


def test_publish_name_choices() -> None:
    assert fbs.publish_name_choices("Nguyễn Văn An") == ["Nguyễn Văn An", "N.V. An", "Giấu tên"]
    assert fbs.publish_name_choices("") == ["Giấu tên"]


# ------------------------------------------------------------------------------ invalid input


@pytest.mark.parametrize(
    ("kw", "code", "field"),
    [
        ({"channel": "fax"}, "feedback.channel", "channel"),
        ({"sender_name": "  "}, "feedback.sender.empty", "sender_name"),
        ({"content": "\n \n"}, "feedback.content.empty", "content"),
        (
            {"received_at": datetime(2026, 4, 24, 10, 1)},
            "feedback.received_at.future",
            "received_at",
        ),
        ({"dossier_code": "XANSON-000000-9999"}, "feedback.dossier.unknown", "dossier_code"),
        ({"procedure_id": 9999}, "feedback.procedure.unknown", "procedure_id"),
    ],
)
def test_invalid_input_saves_nothing(office_db, clerk, clock, kw, code, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as e:
        _receive(office_db, clerk, clock, **kw)
    assert (e.value.code, e.value.field) == (code, field)
    assert _count(office_db) == 0


def test_every_code_has_a_vietnamese_sentence(qapp) -> None:  # type: ignore[no-untyped-def]
    import re
    from pathlib import Path

    from tthc_desk.ui.messages import describe, known_codes

    root = Path(fbs.__file__).parent
    codes = set()
    for name in ("feedback.py", "ratings.py"):
        codes |= set(re.findall(r"\"((?:feedback|ratings|rating)\.[a-z_.]+)\"",
                                (root / name).read_text("utf-8")))  # fmt: skip
    codes -= {"feedback.received", "feedback.rejected", "feedback.supplement_requested",
              "feedback.supplement_received", "feedback.accepted", "feedback.answered",
              "feedback.published", "feedback.outcome", "feedback.py"}  # audit actions  # fmt: skip
    assert codes and codes <= known_codes(), codes - known_codes()
    text = describe(AppError("feedback.dossier.unknown", dossier="XANSON-1"))
    assert "XANSON-1" in text and "hồ sơ" in text


# ------------------------------------------------------------------------------ state rules


def test_state_rules(office_db, clerk, clock) -> None:
    v = _receive(office_db, clerk, clock)
    for call, code in (
        (lambda: fbs.publish(office_db, clerk, v.id, clock), "feedback.publish.not_answered"),
        (lambda: fbs.record_outcome(office_db, clerk, fbs.OutcomeCommand(v.id, True), clock),
         "feedback.outcome.not_answered"),
        (lambda: fbs.supplement_received(office_db, clerk, fbs.ReasonCommand(v.id, ""), clock),
         "feedback.supplement_received.state"),
    ):  # fmt: skip
        with pytest.raises(Conflict) as e:
            call()
        assert e.value.code == code and e.value.params["number"] == v.number
    assert fbs.accept(office_db, clerk, v.id, clock).state == "in_progress"
    with pytest.raises(Conflict, match="feedback.reject.state"):
        fbs.reject(office_db, clerk, fbs.ReasonCommand(v.id, "Không thuộc thẩm quyền"), clock)
    with pytest.raises(ValidationError, match="feedback.answer.empty"):
        fbs.answer(office_db, clerk, fbs.AnswerCommand(v.id, "   "), clock)
    done = fbs.answer(office_db, clerk, fbs.AnswerCommand(v.id, "Trả lời", summary="Tóm tắt"),
                      clock)  # fmt: skip
    assert done.actions == ("publish", "outcome") and done.summary == "Tóm tắt"
    with pytest.raises(Conflict, match="feedback.answer.state"):
        fbs.answer(office_db, clerk, fbs.AnswerCommand(v.id, "Lần hai"), clock)
    fbs.publish(office_db, clerk, v.id, clock)
    with pytest.raises(Conflict, match="feedback.publish.already"):
        fbs.publish(office_db, clerk, v.id, clock)
    out = fbs.record_outcome(office_db, clerk, fbs.OutcomeCommand(v.id, False, True), clock)
    assert out.satisfied is False and out.repeated
    with pytest.raises(NotFound):
        fbs.get_feedback(office_db, 999)


def test_reject_within_two_days_with_reason(office_db, clerk, officer, clock) -> None:
    v = _receive(office_db, clerk, clock)
    with pytest.raises(ValidationError, match="feedback.reason.empty"):
        fbs.reject(office_db, officer, fbs.ReasonCommand(v.id, ""), clock)
    r = fbs.reject(office_db, officer, fbs.ReasonCommand(v.id, "Nội dung không thuộc thẩm quyền."),
                   clock.set(datetime(2026, 4, 29, 9, 59)))  # fmt: skip
    assert r.state == "rejected" and r.handled_timeliness == "on_time" and r.actions == ()
    assert r.answer == "Nội dung không thuộc thẩm quyền." and r.answered_by == "Lê Văn Tư"
    late = _receive(office_db, clerk, clock.set(FRI))
    r2 = fbs.reject(office_db, officer, fbs.ReasonCommand(late.id, "Trùng nội dung."),
                    clock.set(datetime(2026, 4, 29, 10, 1)))  # fmt: skip
    assert r2.handled_timeliness == "late"


def test_audit_trail_is_the_history(office_db, clerk, officer, clock) -> None:
    v = _receive(office_db, clerk, clock)
    fbs.request_supplement(office_db, officer, fbs.ReasonCommand(v.id, "Cho biết ngày nộp."),
                           clock)  # fmt: skip
    fbs.supplement_received(office_db, clerk, fbs.ReasonCommand(v.id, "Đã nhận qua điện thoại"),
                            clock)  # fmt: skip
    fbs.answer(office_db, officer, fbs.AnswerCommand(v.id, "Văn bản trả lời số 12."), clock)
    fbs.publish(office_db, clerk, v.id, clock)
    detail = fbs.get_feedback(office_db, v.id, clock)
    assert [h.action for h in detail.history] == [
        "feedback.received", "feedback.supplement_requested", "feedback.supplement_received",
        "feedback.answered", "feedback.published",
    ]  # fmt: skip
    assert detail.history[1].user == "Lê Văn Tư" and detail.history[1].text == "Cho biết ngày nộp."
    assert detail.created_by == "Nguyễn Thị Hoa" and detail.answered_by == "Lê Văn Tư"
    with office_db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.entity == "feedback")) == 5  # fmt: skip


def test_list_filters_counts_and_stats(office_db, clerk, clock) -> None:
    a = _receive(office_db, clerk, clock, sender_name="Phạm Thị Dung")
    b = _receive(office_db, clerk, clock, content="Đề nghị bổ sung ghế chờ.")
    c = _receive(office_db, clerk, clock)
    fbs.answer(office_db, clerk, fbs.AnswerCommand(b.id, "Đã bổ sung."),
               clock.set(datetime(2026, 4, 28, 9, 0)))  # fmt: skip
    fbs.record_outcome(office_db, clerk, fbs.OutcomeCommand(b.id, False), clock)
    fbs.reject(office_db, clerk, fbs.ReasonCommand(c.id, "Không rõ nội dung."), clock)
    assert [v.id for v in fbs.list_feedback(office_db, fbs.FeedbackQuery(state="open"),
                                            clock)] == [a.id]  # fmt: skip
    assert [v.id for v in fbs.list_feedback(office_db, fbs.FeedbackQuery(text="pham dung"),
                                            clock)] == [a.id]  # fmt: skip
    assert [v.id for v in fbs.list_feedback(office_db, fbs.FeedbackQuery(state="answered"),
                                            clock)] == [b.id]  # fmt: skip
    # Wednesday 20/5 09:00: a has one working hour left (nearly due); b's publishing is late.
    clock.set(datetime(2026, 5, 20, 9, 0))
    n = fbs.counts(office_db, clock)
    assert (n.open, n.nearly_due, n.overdue, n.unpublished) == (1, 1, 1, 1)
    st = fbs.stats(office_db, date(2026, 4, 1), date(2026, 4, 30), clock)
    assert (st.received, st.handled, st.handled_on_time, st.open_within_time) == (3, 2, 2, 1)
    assert st.not_satisfied == 1 and st.late == 0
    assert st.on_time_ratio == 1.0 and st.satisfaction_ratio == pytest.approx(2 / 3)
    with pytest.raises(ValidationError, match="feedback.period"):
        fbs.stats(office_db, date(2026, 5, 1), date(2026, 4, 1), clock)


def test_publish_many_skips_what_is_not_answered(office_db, clerk, clock) -> None:
    a = _receive(office_db, clerk, clock)
    b = _receive(office_db, clerk, clock)
    fbs.answer(office_db, clerk, fbs.AnswerCommand(a.id, "Trả lời"), clock)
    assert fbs.publish_many(office_db, clerk, [a.id, b.id], clock) == 1
    assert fbs.publish_many(office_db, clerk, [a.id, b.id], clock) == 0
    assert fbs.get_feedback(office_db, a.id, clock).state == "published"
