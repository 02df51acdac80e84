"""Both pages through pytest-qt: rate a dossier by keyboard at the counter; receive a feedback
item, answer it and publish it from the feedback page; the statistics tab."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from feedback_helpers import make_dossier, make_procedure
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from tthc_desk.persistence.models import Feedback, Rating
from tthc_desk.services import auth
from tthc_desk.services import feedback as fbs
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.tasks import InlineTaskRunner


@pytest.fixture
def ctx(office_db, users):  # type: ignore[no-untyped-def]
    return AppContext(db=office_db, runner=InlineTaskRunner(), user=users["canbo1"],
                      office=auth.get_office(office_db))  # fmt: skip


@pytest.fixture
def returned(office_db, users):  # type: ignore[no-untyped-def]
    pid = make_procedure(office_db, "1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch")
    tu = users["congchuc1"].id
    older = make_dossier(office_db, pid, "Nguyễn Văn An", datetime(2026, 4, 6, 9), (tu,))
    newer = make_dossier(office_db, pid, "Trần Thị Bình", datetime(2026, 4, 8, 9), (tu,))
    return newer, older


def test_rate_a_dossier_by_keyboard(qtbot, ctx, returned, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.ui.ratings_page import RatingsPage

    newer, older = returned
    page = RatingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    q = page.queue
    assert [r.dossier_id for r in q.model.rows] == [newer, older]
    q.table.setFocus()
    assert q.current().dossier_id == newer
    # Enter before a level: a hint, nothing saved.
    qtbot.keyClick(q.table, Qt.Key.Key_Return)
    assert q.error.isVisible() and "1, 2 hoặc 3" in q.error.text()
    # Down to the older dossier, 3 = Không hài lòng, type a comment, Enter.
    qtbot.keyClick(q.table, Qt.Key.Key_Down)
    qtbot.keyClick(q.table, Qt.Key.Key_3)
    assert q.buttons["not_satisfied"].isChecked() and q.comment.hasFocus()
    q.comment.insert("Chờ lâu, ")  # QTest types ASCII only; digits go into the comment
    qtbot.keyClicks(q.comment, "2 lan")
    assert q.level == "not_satisfied"
    qtbot.keyClick(q.comment, Qt.Key.Key_Return)
    assert "Đã ghi nhận" in q.done_label.text() and "Không hài lòng" in q.done_label.text()
    assert [r.dossier_id for r in q.model.rows] == [newer]
    assert not any(b.isChecked() for b in q.buttons.values()) and q.comment.text() == ""
    # The next dossier is selected: 1 and Enter rate it "Rất hài lòng" with no comment.
    qtbot.keyClick(q.table, Qt.Key.Key_1)
    qtbot.keyClick(q.comment, Qt.Key.Key_Enter)
    assert q.model.rows == [] and "Không có hồ sơ chờ đánh giá" in q.dossier_label.text()
    with ctx.db.session() as s:
        got = {r.dossier_id: (r.level, r.comment) for r in s.scalars(select(Rating))}
    assert got == {older: ("not_satisfied", "Chờ lâu, 2 lan"), newer: ("very_satisfied", None)}
    page.grab().save(str(tmp_path / "ratings.png"))
    # Statistics for April: 2 of 2 rated, one not satisfied with its comment.
    page.tabs.setCurrentIndex(1)
    page.stats.date_from.setDate(QDate(2026, 4, 1))
    page.stats.date_to.setDate(QDate(2026, 4, 30))
    assert page.stats.preset.currentData() == "custom"
    page.stats.reload()
    assert "2/2" in page.stats.summary.text() and "100%" in page.stats.summary.text()
    assert page.stats.bad_model.rows[0].comment == "Chờ lâu, 2 lan"
    assert [o.name for o in page.stats.officer_model.rows] == ["Lê Văn Tư"]


def test_receive_answer_and_publish_feedback(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    from tthc_desk.ui.feedback_dialogs import AnswerDialog, ReceiveDialog, SheetDialog
    from tthc_desk.ui.feedback_page import FeedbackPage

    page = FeedbackPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    assert page.model.rows == []
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dlg = page.last_dialog
    assert isinstance(dlg, ReceiveDialog)
    qtbot.waitUntil(dlg.isActiveWindow)
    # Saving with no content: the message names the field, nothing is saved.
    dlg.sender.insert("Nguyễn Văn An")
    qtbot.keyClick(dlg.sender, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dlg.isVisible() and "nội dung" in dlg.error.text() and dlg.content.hasFocus()
    with ctx.db.session() as s:
        assert s.scalars(select(Feedback)).all() == []
    dlg.channel.setCurrentIndex(dlg.channel.findData("phone"))
    dlg.publish_name.setCurrentText("N.V. An")
    dlg.content.insertPlainText("Cán bộ hẹn trả kết quả muộn.")
    qtbot.keyClick(dlg.content, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dlg.isVisible()
    [row] = page.model.rows
    year = datetime.now().year
    assert row.number == f"PAKN-{year}-0001" and row.channel == "phone"
    assert row.publish_name == "N.V. An"
    assert page.current_view is not None and page.current_view.id == row.id
    assert "PAKN-" in page.detail.toPlainText() and "Hạn trả lời" in page.detail.toPlainText()
    assert page.action_buttons["answer"].isVisible()
    assert not page.action_buttons["publish"].isVisible()
    # Answer it.
    page.action_buttons["answer"].click()
    ans = page.last_dialog
    assert isinstance(ans, AnswerDialog)
    qtbot.waitUntil(ans.isActiveWindow)
    ans.answer.insertPlainText("UBND xã đã nhắc nhở cán bộ và xin lỗi ông.")
    ans.summary.setText("Hẹn trả kết quả muộn")
    qtbot.keyClick(ans.answer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not ans.isVisible()
    v = page.current_view
    assert v.state == "answered" and v.answered_by == "Nguyễn Thị Hoa" and v.clock == "publish"
    assert "Hạn công khai" in page.detail.toPlainText()
    assert page.action_buttons["publish"].isVisible()
    assert not page.action_buttons["answer"].isVisible()
    page.grab().save(str(tmp_path / "feedback.png"))
    # The results sheet of this month, saved as a PDF: not published until it is posted.
    page.open_sheet(True)
    sheet = page.last_dialog
    assert isinstance(sheet, SheetDialog)
    out = tmp_path / "kq.pdf"
    sheet.save(str(out))
    assert "Đã xuất 1 phản ánh" in sheet.status.text()
    assert "Chưa ghi nhận công khai" in sheet.status.text()
    assert fbs.get_feedback(ctx.db, row.id).state == "answered"
    # Posted on the board: "Đã niêm yết bảng này" records it.
    assert sheet.posted_btn.isEnabled()
    sheet.posted_btn.setFocus()
    qtbot.keyClick(sheet.posted_btn, Qt.Key.Key_Space)
    assert "Đã ghi nhận công khai 1 phản ánh." in sheet.status.text()
    sheet.accept()
    assert page.current_view.state == "published"
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert "N.V. An" in text and "UBND xã đã nhắc nhở cán bộ" in text
    # Filters: nothing open; the published one under its state.
    page.state.setCurrentIndex(page.state.findData("open"))
    assert page.model.rows == []
    page.state.setCurrentIndex(page.state.findData("published"))
    assert [r.id for r in page.model.rows] == [row.id]
    assert "0 phản ánh chưa trả lời" in page.banner.text()


def test_reject_from_the_page_needs_a_reason(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.ui.feedback_dialogs import TextDialog
    from tthc_desk.ui.feedback_page import FeedbackPage

    v = fbs.receive(ctx.db, ctx.actor, fbs.ReceiveCommand("counter", "Lê Văn Cường", "Nội dung"))
    page = FeedbackPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.current_view.id == v.id
    page.action_buttons["reject"].click()
    dlg = page.last_dialog
    assert isinstance(dlg, TextDialog)
    dlg.submit()
    assert dlg.isVisible() and "lý do từ chối" in dlg.error.text()
    dlg.text.insertPlainText("Không thuộc thẩm quyền của xã.")
    dlg.submit()
    assert page.current_view.state == "rejected"
    assert not any(b.isVisible() for b in page.action_buttons.values())
    assert "Lý do từ chối" in page.detail.toPlainText()
    assert fbs.stats(ctx.db, date(2000, 1, 1), date(2100, 1, 1)).handled == 1
