"""The "Chỉ số 766" page (pytest-qt, inline task runner): score, groups, click-through to the
records that cost points, typed figures by role, the PDF; a screenshot on a demo database."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tthc_desk.services import auth
from tthc_desk.services import index766 as svc
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.index766_page import Index766Page, period_of
from tthc_desk.ui.tasks import InlineTaskRunner

SHOTS = Path(os.environ.get("TTHC_SHOTS", "")) if os.environ.get("TTHC_SHOTS") else None


def _page(qtbot, db, user, now: datetime) -> Index766Page:  # type: ignore[no-untyped-def]
    ctx = AppContext(db=db, runner=InlineTaskRunner(), user=user, office=auth.get_office(db))
    page = Index766Page(ctx, now=lambda: now)
    qtbot.addWidget(page)
    return page


def test_periods() -> None:
    today = date(2026, 11, 20)
    assert period_of("month", today) == (date(2026, 11, 1), date(2026, 11, 30))
    assert period_of("quarter", today) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_of("quarter", date(2026, 2, 3)) == (date(2026, 1, 1), date(2026, 3, 31))
    assert period_of("year", today) == (date(2026, 1, 1), date(2026, 12, 31))
    assert period_of("month", date(2026, 12, 5)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_page_shows_score_and_click_through(qtbot, small_office, users) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, small_office, users["canbo1"], datetime(2026, 4, 10, 9, 0))
    page.set_period(date(2026, 3, 1), date(2026, 3, 31))
    assert page.estimate is not None
    assert page.total_label.text() == "49,85 / 100 điểm"
    assert page.group_labels["progress"].text() == "2. Tiến độ, kết quả giải quyết: 10/20"
    assert page.group_bars["progress"].value() == 1000
    # 18 criteria and 7 rules of the office
    assert page.criteria.rowCount() == 18 + 7
    page.select_criterion("on_time")
    codes = {page.lost.item(r, 0).text() for r in range(page.lost.rowCount())}
    assert codes == {"D2", "D5", "D6", "D8"}
    reasons = {page.lost.item(r, 1).text() for r in range(page.lost.rowCount())}
    assert "Yêu cầu bổ sung hồ sơ quá một lần (tính là quá hạn)" in reasons
    assert "4 trường hợp" in page.lost_title.text()
    # a source column says where each figure came from
    row = next(
        r
        for r in range(page.criteria.rowCount())
        if page.criteria.item(r, 0).data(Qt.ItemDataRole.UserRole) == "synchronised"
    )
    assert page.criteria.item(row, 4).text() == "Giả định tối đa"
    # a clerk sees the typed figures but may not change them
    assert not page.manual_save.isEnabled()
    assert not page.manual_inputs["synchronised"].isEnabled()


def test_leader_types_portal_figures(qtbot, small_office, users) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, small_office, users["chutich"], datetime(2026, 4, 10, 9, 0))
    page.set_period(date(2026, 3, 1), date(2026, 3, 31))
    assert page.manual_save.isEnabled()
    page.manual_inputs["synchronised"].setValue(50)
    page.paper_count.setValue(7)
    page.save_manual()
    assert page.total_label.text() == "46,85 / 100 điểm"  # 49.85 − 6 × 0.5
    assert svc.get_manual_inputs(small_office).as_dict() == {"synchronised": 0.5}
    row = next(
        r
        for r in range(page.criteria.rowCount())
        if page.criteria.item(r, 0).data(Qt.ItemDataRole.UserRole) == "synchronised"
    )
    assert page.criteria.item(row, 4).text() == "Nhập từ Cổng"
    assert "Nguyễn Đức Ngọc" in page.manual_note.text()


def test_bad_period_shows_a_sentence(qtbot, small_office, users) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, small_office, users["chutich"], datetime(2026, 4, 10, 9, 0))
    page.set_period(date(2026, 3, 31), date(2026, 3, 1))
    assert not page.error.isHidden()
    assert "Ngày kết thúc kỳ phải sau" in page.error.text()


def test_demo_page_screenshot_and_pdf(qtbot, demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    users = {u.username: u for u in auth.list_users(demo_db)}
    page = _page(qtbot, demo_db, users["chutich"], datetime(2026, 11, 20, 12, 0))
    assert page.estimate is not None  # "this month" computed on opening
    assert page.period() == (date(2026, 11, 1), date(2026, 11, 30))
    total = page.estimate.report.total
    assert 0 < total <= 100
    page.select_criterion("on_time")
    assert page.lost.rowCount() == len(page.estimate.lost_for("on_time"))
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    shot = (SHOTS or tmp_path) / "index766-page.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert page.grab().save(str(shot))
    saved: list[Path] = []
    pdf = (SHOTS or tmp_path) / "index766-report.pdf"
    page.save_pdf(pdf, on_done=saved.append)
    assert saved == [pdf] and pdf.stat().st_size > 10_000


@pytest.mark.parametrize("kind", ["quarter", "year"])
def test_period_picker(qtbot, small_office, users, kind: str) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, small_office, users["chutich"], datetime(2026, 4, 10, 9, 0))
    page.period_box.setCurrentIndex(page.period_box.findData(kind))
    assert page.period() == period_of(kind, date(2026, 4, 10))
    assert not page.date_from.isEnabled()
    assert page.estimate is not None and page.estimate.period_from == page.period()[0]
