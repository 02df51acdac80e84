"""The English interface has no Vietnamese left in the feedback detail, names months and counts
dossiers in proper English; the intake page shows its Ctrl+L shortcut."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QGroupBox

from tthc_desk.services import feedback as fbs
from tthc_desk.ui.i18n import install_translators

#: Letters only Vietnamese uses (names and content typed by people are checked apart)
VIETNAMESE = re.compile(
    r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I
)


@pytest.fixture
def english(qapp) -> Iterator[QApplication]:  # type: ignore[no-untyped-def]
    install_translators(qapp, "en")
    yield qapp
    install_translators(qapp, "vi")


def test_feedback_detail_in_english(qtbot, english, make_ctx, users) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.ui.feedback_page import FeedbackPage

    ctx = make_ctx("canbo1")
    view = fbs.receive(
        ctx.db,
        ctx.actor,
        fbs.ReceiveCommand("counter", "Tran Van Nam", "Xin mo them quay", summary="Them quay"),
    )
    page = FeedbackPage(ctx)
    qtbot.addWidget(page)
    html = page.detail_html(fbs.get_feedback(ctx.db, view.id))
    text = re.sub(r"<[^>]+>", " ", html).replace("Nguyễn Thị Hoa", "")  # the clerk's name
    assert VIETNAMESE.findall(text) == [], text
    for label in ("Summary:", "Deadlines", "History", "(working time)"):
        assert label in text


def test_months_and_plurals_in_english(qtbot, english, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.ui.calendar_page import CalendarPage
    from tthc_desk.ui.dossiers_page import DossiersPage

    calendar = CalendarPage(make_ctx("admin"))
    qtbot.addWidget(calendar)
    assert [m.title.text() for m in calendar.months[:2]] == ["January", "February"]
    board = DossiersPage(make_ctx("canbo1"))
    qtbot.addWidget(board)
    board._loaded(1)
    assert board.summary.text() == "Showing 1 dossier"
    board._loaded(2)
    assert board.summary.text() == "Showing 2 dossiers"


def test_vietnamese_months_and_counts_stay(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.ui.calendar_page import CalendarPage
    from tthc_desk.ui.dossiers_page import DossiersPage

    calendar = CalendarPage(make_ctx("admin"))
    qtbot.addWidget(calendar)
    assert calendar.months[0].title.text() == "Tháng 1"
    board = DossiersPage(make_ctx("canbo1"))
    qtbot.addWidget(board)
    board._loaded(1)
    assert board.summary.text() == "Đang hiển thị 1 hồ sơ"


def test_intake_shows_its_ctrl_l_shortcut(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.ui.intake_page import IntakePage

    page = IntakePage(make_ctx("canbo1"))
    qtbot.addWidget(page)
    titles = [b.title() for b in page.findChildren(QGroupBox)]
    assert "1. Thủ tục (Ctrl+L)" in titles
    assert "Ctrl+L" in page.proc_search.placeholderText()
    assert page.initial_focus() is page.proc_search


def test_no_tr_call_hides_inside_an_f_string() -> None:
    """lupdate does not see ``self.tr('…')`` inside an f-string, so it stays Vietnamese."""
    root = Path(__file__).parents[2] / "tthc_desk" / "ui"
    hidden = []
    for path in root.rglob("*.py"):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if re.search(r"""f["'][^"']*\{[^}]*\btr\(""", line):
                hidden.append(f"{path.name}:{n}")
    assert hidden == []
