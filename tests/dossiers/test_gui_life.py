"""The screens drive dossiers through their whole life (pytest-qt, inline task runner)."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QDateTime, Qt

from tthc_desk.domain.enums import Channel, DossierState
from tthc_desk.services import dossiers as ds
from tthc_desk.services import intake as intake_svc
from tthc_desk.ui import dossier_dialog
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.dossier_board_model import BoardModel
from tthc_desk.ui.dossiers_page import DossiersPage
from tthc_desk.ui.intake_page import IntakePage
from tthc_desk.ui.tasks import InlineTaskRunner


@pytest.fixture(autouse=True)
def _no_viewer(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dossier_dialog, "OPEN_PRINTS", False)


def make_ctx(db, users, username="canbo1") -> AppContext:  # type: ignore[no-untyped-def]
    from tthc_desk.services import auth

    return AppContext(
        db=db, runner=InlineTaskRunner(), user=users[username], office=auth.get_office(db)
    )


def type_in(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Key clicks for ASCII; Vietnamese letters arrive as one commit, as from an input method."""
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)


def fill_intake(
    qtbot, page: IntakePage, query: str, pid: str, name: str, birth: str, phone: str
) -> None:
    """Keyboard only: type the procedure, Enter, then the applicant, field by field."""
    page.proc_search.setFocus()
    qtbot.keyClicks(page.proc_search, query)
    qtbot.keyClick(page.proc_search, Qt.Key.Key_Return)
    assert page.procedure is not None
    assert page.personal_id.hasFocus() or True  # offscreen focus is not reliable
    qtbot.keyClicks(page.personal_id, pid)
    page.personal_id.editingFinished.emit()
    type_in(qtbot, page.full_name, name)
    type_in(qtbot, page.birth_date, birth)
    type_in(qtbot, page.phone, phone)


def open_from_board(board: DossiersPage, code: str) -> dossier_dialog.DossierDialog:
    board.search.setText(code)
    board.apply_filters()
    assert board.model.rowCount() == 1, code
    dlg = board.open_index(board.model.index(0, 0))
    assert dlg is not None and dlg.view is not None
    return dlg


def act(qtbot, dlg: dossier_dialog.DossierDialog, action: str, **fields) -> ds.DossierView:  # type: ignore[no-untyped-def]
    assert action in dlg.buttons, (action, list(dlg.buttons))
    qtbot.mouseClick(dlg.buttons[action], Qt.MouseButton.LeftButton)
    a = dlg.action_dialog
    assert a is not None and a.action == action
    for name, value in fields.items():
        widget = getattr(a, name)
        if name in ("officer", "level"):
            widget.setCurrentIndex(widget.findText(value, Qt.MatchFlag.MatchStartsWith))
        elif name == "items":
            for line in value:
                widget.name.setText(line)
                widget.add_pending()
        elif name == "new_date":
            widget.setDateTime(QDateTime(value))
        elif hasattr(widget, "setPlainText"):
            widget.setPlainText(value)
        else:
            widget.setText(value)
    qtbot.mouseClick(a.ok, Qt.MouseButton.LeftButton)
    assert not a.error.isVisible(), a.error.text()
    assert dlg.view is not None
    return dlg.view


def test_counter_intake_to_return_through_the_screens(
    qtbot, office_db, users, procs, clock, tmp_path
) -> None:
    ctx = make_ctx(office_db, users)
    page = IntakePage(ctx)
    page.now = clock
    qtbot.addWidget(page)
    printed = []
    page.sig_printed.connect(printed.append)
    fill_intake(
        qtbot,
        page,
        "xac nhan hon nhan",
        "030085001234",
        "Nguyễn Văn Đức",
        "12/05/1985",
        "0912345678",
    )
    assert page.documents.count() == 2
    qtbot.keyClick(page.phone, Qt.Key.Key_Return)  # Enter saves
    assert page.error.isHidden(), page.error.text()
    result = page.last_result
    assert result is not None and result.dossier.code == "XANSON-260302-0001"
    assert "XANSON-260302-0001" in page.status.text() and "10:00 05/03/2026" in page.status.text()
    assert printed and printed[0].exists()  # form 01
    assert page.proc_search.text() == "" and page.procedure is None  # ready for the next one
    page.grab().save(str(tmp_path / "intake.png"))

    board = DossiersPage(ctx)
    board.now = clock
    qtbot.addWidget(board)
    dlg = open_from_board(board, "260302-0001")
    qtbot.addWidget(dlg)
    clock.set(datetime(2026, 3, 2, 14, 0))
    v = act(qtbot, dlg, "handover", officer="Lê Văn Tư")
    assert v.state is DossierState.IN_PROGRESS and v.current_officer_name == "Lê Văn Tư"
    clock.set(datetime(2026, 3, 3, 16, 0))
    act(qtbot, dlg, "handover", officer="Nguyễn Đức Ngọc")
    clock.set(datetime(2026, 3, 4, 9, 0))
    v = act(qtbot, dlg, "result_ready")
    assert v.timeliness == "early"
    clock.set(datetime(2026, 3, 5, 8, 0))
    v = act(qtbot, dlg, "returned", collected_by="Nguyễn Thị Lan (vợ)")
    assert v.state is DossierState.RETURNED and v.collected_by == "Nguyễn Thị Lan (vợ)"
    assert dlg.events.rowCount() == 6  # five steps of its life and the receipt's printing
    assert dlg.events.item(1, 1).text() == "In giấy tờ"
    v = act(qtbot, dlg, "rate", level="Rất hài lòng")
    assert v.rating == "very_satisfied"
    dlg.print("control")


@pytest.mark.parametrize(
    ("hour", "verdict"),
    [(datetime(2026, 3, 2, 17, 0), "Trước hạn"), (datetime(2026, 3, 3, 9, 0), "Quá hạn")],
)
def test_online_received_at_7th_and_9th_hour(
    qtbot, office_db, users, procs, clock, hour, verdict
) -> None:
    ctx = make_ctx(office_db, users)
    page = IntakePage(ctx)
    clock.set(datetime(2026, 3, 2, 8, 30))
    page.now = clock
    qtbot.addWidget(page)
    fill_intake(qtbot, page, "1.004194", "030085001234", "Nguyễn Văn Đức", "1985", "0912345678")
    page.channel.setCurrentIndex(page.channel.findData(Channel.ONLINE.value))
    page.submitted_at.setDateTime(QDateTime(datetime(2026, 3, 2, 8, 0)))
    page.receive_now.setChecked(False)
    page.save()
    assert page.error.isHidden(), page.error.text()
    code = page.last_result.dossier.code
    assert page.last_result.dossier.state is DossierState.SUBMITTED_ONLINE

    board = DossiersPage(ctx)
    board.now = clock
    qtbot.addWidget(board)
    board.view_box.setCurrentIndex(board.view_box.findData("online_waiting"))
    assert board.model.rowCount() == 1
    assert board.model.data(board.model.index(0, 6)) == "còn 7 giờ 30 phút"
    clock.set(hour)
    dlg = open_from_board(board, code)
    qtbot.addWidget(dlg)
    assert "refused" not in dlg.buttons and "stopped" not in dlg.buttons  # never cancelled
    v = act(qtbot, dlg, "received")
    assert v.state is DossierState.RECEIVED
    assert verdict in dlg.header.text()


def test_pause_across_the_holiday_on_screen(qtbot, office_db, users, procs, clock, build) -> None:
    ctx = make_ctx(office_db, users, "congchuc1")
    clock.set(datetime(2026, 4, 28, 8, 30))
    d = intake_svc.receive_dossier(
        office_db, users["canbo1"].actor, build.intake(procs.marriage), now=clock
    ).dossier
    board = DossiersPage(ctx)
    board.now = clock
    qtbot.addWidget(board)
    dlg = open_from_board(board, d.code)
    qtbot.addWidget(dlg)
    clock.set(datetime(2026, 4, 29, 13, 30))
    v = act(qtbot, dlg, "paused", reason="Chờ kết quả xác minh của Công an xã")
    assert v.state is DossierState.PAUSED
    assert "tạm dừng" in dlg.clock_label.text()
    clock.set(datetime(2026, 5, 4, 7, 30))
    v = act(qtbot, dlg, "resumed", reason="Đã có kết quả xác minh")
    assert v.due_at == datetime(2026, 5, 5, 14, 30)
    assert "14:30 05/05/2026" in dlg.header.text()


def test_supplement_and_restart_on_screen(qtbot, office_db, users, procs, clock, build) -> None:
    ctx = make_ctx(office_db, users)
    d = intake_svc.receive_dossier(
        office_db, ctx.actor, build.intake(procs.marriage), now=clock
    ).dossier
    board = DossiersPage(ctx)
    board.now = clock
    qtbot.addWidget(board)
    dlg = open_from_board(board, d.code)
    qtbot.addWidget(dlg)
    printed = []
    dlg.sig_printed.connect(printed.append)
    # an empty list of documents is refused with its message, nothing saved
    qtbot.mouseClick(dlg.buttons["supplement_requested"], Qt.MouseButton.LeftButton)
    a = dlg.action_dialog
    a.reason.setPlainText("Thiếu giấy tờ")
    qtbot.mouseClick(a.ok, Qt.MouseButton.LeftButton)
    assert a.error.isVisible() and "một lần" in a.error.text()
    a.reject()
    v = act(
        qtbot,
        dlg,
        "supplement_requested",
        items=["Tờ khai có chữ ký", "Bản sao sổ hộ khẩu"],
        reason="Tờ khai chưa ký",
    )
    assert v.state is DossierState.SUPPLEMENT_REQUESTED
    assert printed[-1].name.endswith("supplement.pdf")
    clock.set(datetime(2026, 3, 9, 10, 0))
    v = act(qtbot, dlg, "supplement_received")
    assert v.due_at == datetime(2026, 3, 12, 10, 0)
    assert printed[-1].name.endswith("receipt.pdf")


def test_refusal_on_screen(qtbot, office_db, users, procs, clock, build) -> None:
    ctx = make_ctx(office_db, users)
    d = intake_svc.receive_dossier(
        office_db, ctx.actor, build.intake(procs.birth), now=clock
    ).dossier
    board = DossiersPage(ctx)
    board.now = clock
    qtbot.addWidget(board)
    dlg = open_from_board(board, d.code)
    qtbot.addWidget(dlg)
    v = act(qtbot, dlg, "refused", reason="Không thuộc thẩm quyền giải quyết của UBND xã")
    assert v.state is DossierState.REFUSED and dlg.buttons == {}


def test_late_dossier_with_apology_on_screen(qtbot, office_db, users, procs, clock, build) -> None:
    ctx = make_ctx(office_db, users, "congchuc1")
    d = intake_svc.receive_dossier(
        office_db, users["canbo1"].actor, build.intake(procs.marriage), now=clock
    ).dossier
    clock.set(datetime(2026, 3, 4, 10, 30))
    board = DossiersPage(ctx)
    board.now = clock
    qtbot.addWidget(board)
    dlg = open_from_board(board, d.code)
    qtbot.addWidget(dlg)
    assert "xin lỗi" in dlg.clock_label.text()
    v = act(qtbot, dlg, "apology", reason="Cần xác minh thêm", new_date=datetime(2026, 3, 9, 16, 0))
    assert v.apology_issued and "apology" not in dlg.buttons
    clock.set(datetime(2026, 3, 6, 9, 0))
    v = act(qtbot, dlg, "result_ready")
    assert v.timeliness == "late" and "Quá hạn" in dlg.header.text()


def test_step_late_dossier_on_time_on_screen(qtbot, office_db, users, procs, clock, build) -> None:
    ctx = make_ctx(office_db, users)
    d = intake_svc.receive_dossier(
        office_db, ctx.actor, build.intake(procs.marriage), now=clock
    ).dossier
    board = DossiersPage(ctx)
    board.now = clock
    qtbot.addWidget(board)
    dlg = open_from_board(board, d.code)
    qtbot.addWidget(dlg)
    clock.set(datetime(2026, 3, 2, 11, 0))
    act(qtbot, dlg, "handover", officer="Lê Văn Tư")
    clock.set(datetime(2026, 3, 4, 8, 0))
    act(qtbot, dlg, "handover", officer="Nguyễn Đức Ngọc")
    clock.set(datetime(2026, 3, 4, 9, 0))
    v = act(qtbot, dlg, "result_ready")
    assert v.timeliness == "early"
    results = [dlg.steps.item(i, 5).text() for i in range(dlg.steps.rowCount())]
    assert results == ["Đúng hạn", "Quá hạn", "Đúng hạn"]  # the step late, the dossier not


def test_bad_input_on_the_intake_screen(qtbot, office_db, users, procs, clock) -> None:
    from test_intake_validation import snapshot  # type: ignore[import-not-found]

    ctx = make_ctx(office_db, users)
    page = IntakePage(ctx)
    page.now = clock
    qtbot.addWidget(page)
    before = snapshot(office_db)
    fill_intake(
        qtbot, page, "khai sinh", "099085001234", "Nguyễn Văn Đức", "12/05/1985", "0912345678"
    )
    qtbot.keyClick(page.full_name, Qt.Key.Key_Return)
    assert not page.error.isHidden() and "099" in page.error.text()
    page.personal_id.setText("030085001234")
    page.birth_date.setText("31/02/1985")
    page.save()
    assert "31/02/1985" in page.error.text()
    page.birth_date.setText("12/05/1985")
    page.phone.setText("12345")
    page.save()
    assert "12345" in page.error.text()
    assert snapshot(office_db) == before
    page.phone.setText("0912345678")
    page.save()
    assert page.error.isHidden()
    # the same applicant and procedure again: a warning and a button to go on
    fill_intake(qtbot, page, "khai sinh", "030085001234", "", "", "")
    assert page.full_name.text() == "Nguyễn Văn Đức"  # a returning applicant fills in
    page.save()
    assert page.confirm_duplicate.isVisibleTo(page) and "XANSON-260302-0001" in page.error.text()
    qtbot.mouseClick(page.confirm_duplicate, Qt.MouseButton.LeftButton)
    assert page.last_result.dossier.code == "XANSON-260302-0002"


def test_board_model_paging(qtbot, qtmodeltester, office_db, users, procs, clock, build) -> None:
    for i in range(7):
        intake_svc.receive_dossier(
            office_db,
            users["canbo1"].actor,
            build.intake(
                procs.marriage,
                applicant=build.applicant(personal_id=f"00119000{i:04d}", birth_date=""),
            ),
            now=clock,
        )
    from tthc_desk.services.calendar import load_calendar

    ctx = make_ctx(office_db, users)
    model = BoardModel(ctx, load_calendar(office_db))
    model.now = clock
    model.set_query(ds.BoardQuery(limit=3))
    assert model.rowCount() == 3 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 7 and not model.canFetchMore()
    qtmodeltester.check(model)
    clock.set(datetime(2026, 3, 5, 9, 0))
    model.tick()
    assert model.level_of(0) == "nearly_due"
    assert model.data(model.index(0, 6)) == "còn 1 giờ 00 phút"
