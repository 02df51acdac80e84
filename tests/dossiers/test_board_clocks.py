"""The board's clocks as the clerk reads them (issue 9 point 6): overdue never reads "còn 0",
long spans in working days, the step's own clock beside the dossier's and coloured, the
supplement text whole, "Cán bộ xử lý" on screen at 1366 px."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QRect, Qt
from test_gui_life import make_ctx  # type: ignore[import-not-found]

from tthc_desk.domain.calendar import WorkingCalendar
from tthc_desk.domain.deadlines import WarningLevel
from tthc_desk.domain.dossier_rules import Standing, standing, working_span
from tthc_desk.domain.enums import Channel
from tthc_desk.services import dossiers as ds
from tthc_desk.services import intake as intake_svc
from tthc_desk.ui.dossier_board_model import BoardModel
from tthc_desk.ui.dossiers_page import DossiersPage
from tthc_desk.ui.formatting import time_left
from tthc_desk.ui.table_models import WARNING_BACKGROUNDS


@pytest.mark.parametrize(
    ("minutes", "per_day", "expected"),
    [
        (0, 480, (False, 0, 0, 0, False)),
        (45, 480, (False, 0, 0, 45, False)),
        (479, 480, (False, 0, 7, 59, False)),
        (480, 480, (False, 1, 0, 0, True)),
        (2 * 480 + 3 * 60 + 20, 480, (False, 2, 3, 0, True)),
        (-95_580, 480, (True, 199, 1, 0, True)),  # "quá 1593 giờ" = 199 days 1 hour
        (-30, 480, (True, 0, 0, 30, False)),
        (-600, 600, (True, 1, 0, 0, True)),  # an office working 10 hours a day
        (-500, 600, (True, 0, 8, 20, False)),
    ],
)
def test_working_span(minutes: int, per_day: int, expected: tuple) -> None:
    s = working_span(minutes, per_day)
    assert (s.overdue, s.days, s.hours, s.minutes, s.in_days) == expected


def test_past_due_without_a_working_minute_is_overdue() -> None:
    cal = WorkingCalendar()
    due = datetime(2026, 3, 2, 17, 30)
    st = standing(cal, datetime(2026, 3, 2, 18, 0), due, 8.0)  # after hours, same evening
    assert st.minutes_left == 0 and st.level is WarningLevel.LATE
    assert st.overdue and st.span.overdue


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (Standing(0, WarningLevel.LATE), "vừa quá hạn"),
        (Standing(-30, WarningLevel.LATE), "quá 30 phút"),
        (Standing(-65, WarningLevel.LATE), "quá 1 giờ 05 phút"),
        (Standing(-95_580, WarningLevel.LATE), "quá 199 ngày 1 giờ"),
        (Standing(-4 * 480 - 20, WarningLevel.LATE), "quá 4 ngày"),
        (Standing(2 * 480 + 180, WarningLevel.ON_TRACK), "còn 2 ngày 3 giờ"),
        (Standing(320, WarningLevel.ON_TRACK), "còn 5 giờ 20 phút"),
        (Standing(0, WarningLevel.NEARLY_DUE), "còn 0 phút"),
        (Standing(600, WarningLevel.ON_TRACK, minutes_per_day=600), "còn 1 ngày"),
        (-125, "quá 2 giờ 05 phút"),  # a plain signed count, as the feedback page passes
        (None, ""),
    ],
)
def test_time_left_words(qapp, left, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert time_left(left) == expected


def _board(qtbot, ctx, clock) -> DossiersPage:  # type: ignore[no-untyped-def]
    board = DossiersPage(ctx)
    board.now = clock
    qtbot.addWidget(board)
    board.apply_filters()
    return board


def _cell(board: DossiersPage, row: int, name: str, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    m = board.model
    return m.data(m.index(row, BoardModel.COLUMNS.index(name)), role)


def _row_of(board: DossiersPage, code: str) -> int:
    codes = [_cell(board, r, "code") for r in range(board.model.rowCount())]
    return codes.index(code)


def test_overdue_after_hours_reads_overdue_in_red(
    qtbot, office_db, users, procs, clock, build
) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(office_db, users)
    d = intake_svc.receive_dossier(office_db, ctx.actor, build.intake(procs.birth), now=clock)
    assert d.dossier.due_at == datetime(2026, 3, 2, 17, 30)  # same day
    clock.set(datetime(2026, 3, 2, 18, 5))  # past the due instant, no working minute since
    board = _board(qtbot, ctx, clock)
    assert _cell(board, 0, "left") == "vừa quá hạn"
    late = WARNING_BACKGROUNDS["late"]
    assert _cell(board, 0, "left", Qt.ItemDataRole.BackgroundRole).color() == late


def test_long_spans_read_in_working_days(qtbot, office_db, users, procs, clock, build) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(office_db, users)
    d = intake_svc.receive_dossier(office_db, ctx.actor, build.intake(procs.marriage), now=clock)
    code = d.dossier.code  # received Mon 2/3 10:00, due Thu 5/3 10:00 (3 working days)
    clock.set(datetime(2026, 3, 2, 11, 0))
    board = _board(qtbot, ctx, clock)
    assert _cell(board, 0, "left") == "còn 2 ngày 7 giờ"
    clock.set(datetime(2026, 3, 5, 9, 0))
    board.apply_filters()
    assert _cell(board, 0, "left") == "còn 1 giờ 00 phút"  # short ones keep minutes
    clock.set(datetime(2026, 3, 11, 14, 0))  # Thu 5/3 10:00 → Wed 11/3 14:00
    board.apply_filters()
    assert (
        _cell(board, _row_of(board, code), "left") == "quá 4 ngày 2 giờ"
    )  # 5.5 + 3 × 8 + 4.5 working hours


def test_step_clock_beside_the_dossiers_and_coloured(  # type: ignore[no-untyped-def]
    qtbot, qtmodeltester, office_db, users, procs, clock, build
) -> None:
    ctx = make_ctx(office_db, users)
    intake_svc.receive_dossier(office_db, ctx.actor, build.intake(procs.marriage), now=clock)
    # the first step has 4 working hours from 10:00: due 16:00; half an hour late at 16:30
    clock.set(datetime(2026, 3, 2, 16, 30))
    board = _board(qtbot, ctx, clock)
    assert _cell(board, 0, "left") == "còn 2 ngày 3 giờ"  # 24 - 4.5 h: the dossier is well in time
    assert _cell(board, 0, "step_left") == "quá 30 phút"
    background = _cell(board, 0, "step_left", Qt.ItemDataRole.BackgroundRole).color()
    assert background == WARNING_BACKGROUNDS["late"] != WARNING_BACKGROUNDS["on_track"]
    assert _cell(board, 0, "step_left", Qt.ItemDataRole.ToolTipRole) == "Tiếp nhận, chuyển hồ sơ"
    header = board.table.horizontalHeader()
    left_col, step_col = BoardModel.COLUMNS.index("left"), BoardModel.COLUMNS.index("step_left")
    assert header.visualIndex(step_col) == header.visualIndex(left_col) + 1
    qtmodeltester.check(board.model)


def test_supplement_text_is_whole(qtbot, office_db, users, procs, clock, build) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(office_db, users)
    clerk = ctx.actor
    received = intake_svc.receive_dossier(
        office_db, clerk, build.intake(procs.marriage), now=clock
    ).dossier
    online = intake_svc.receive_dossier(
        office_db,
        clerk,
        build.intake(
            procs.residence,
            applicant=build.applicant(personal_id=build.PID_2, birth_date=""),
            channel=Channel.ONLINE,
            submitted_at=datetime(2026, 3, 2, 8, 0),
            receive_now=False,
            documents=(),
        ),
        now=clock,
    ).dossier
    clock.set(datetime(2026, 3, 2, 11, 0))
    for dossier_id in (received.id, online.id):
        ds.request_supplement(
            office_db,
            clerk,
            ds.SupplementCommand(
                dossier_id, "Thiếu giấy tờ", (ds.SupplementItemInput("Tờ khai", 1),)
            ),
            now=clock,
        )
    clock.set(datetime(2026, 3, 3, 9, 0))
    board = _board(qtbot, ctx, clock)
    texts = {
        _cell(board, r, "code"): _cell(board, r, "left") for r in range(board.model.rowCount())
    }
    assert texts == {
        received.code: "còn 2 ngày 7 giờ (chờ bổ sung)",  # the clock stopped with 23 h left
        online.code: "chờ công dân bổ sung",  # answered before reception: no clock runs
    }
    # not elided: whole on the row's two lines (the board wraps its texts)
    metrics = board.table.fontMetrics()
    width = board.table.columnWidth(BoardModel.COLUMNS.index("left")) - 6
    for row, text in enumerate(texts.values()):
        need = metrics.boundingRect(QRect(0, 0, width, 1000), Qt.TextFlag.TextWordWrap, text)
        assert need.width() <= width and need.height() <= board.table.rowHeight(row), text


def test_officer_column_on_screen_at_1366(qtbot, office_db, users, procs, clock, build) -> None:  # type: ignore[no-untyped-def]
    from tests.support.windows import board_at_1366

    ctx = make_ctx(office_db, users)
    intake_svc.receive_dossier(office_db, ctx.actor, build.intake(procs.marriage), now=clock)
    board = board_at_1366(qtbot, ctx)
    qtbot.waitUntil(lambda: board.table.viewport().width() > 0)
    header = board.table.horizontalHeader()
    viewport = board.table.viewport().width()
    for name in ("code", "left", "step_left", "due", "officer", "applicant"):
        col = BoardModel.COLUMNS.index(name)
        right = header.sectionViewportPosition(col) + header.sectionSize(col)
        assert 0 <= header.sectionViewportPosition(col) and right <= viewport, name
