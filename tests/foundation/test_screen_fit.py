"""At 1366 × 768 every page and the main dialogs fit the screen and show no clipped text, for a
clerk and for the administrator (the checks of ``tools/screenshots.py``, on a small database)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from tools.screenshots import (
    FRAME_H,
    FRAME_W,
    SCREEN_H,
    SCREEN_W,
    clipped_texts,
    cut_cells,
    horizontal_scrollbars,
    too_big,
)
from tthc_desk.domain.enums import Role
from tthc_desk.persistence.db import Database
from tthc_desk.services import auth, catalogue, intake
from tthc_desk.services.catalogue_seed import load_shipped_catalogue
from tthc_desk.services.dossiers import DocumentInput
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.dossier_dialog import ActionDialog, DossierDialog
from tthc_desk.ui.login_dialog import LoginDialog
from tthc_desk.ui.main_window import MainWindow
from tthc_desk.ui.settings import UiSettings
from tthc_desk.ui.settings_page import UserDialog
from tthc_desk.ui.tasks import InlineTaskRunner

#: The window as a 1366 × 768 laptop shows it maximised, less its frame and title bar.
WINDOW_W, WINDOW_H = SCREEN_W - FRAME_W, SCREEN_H - FRAME_H


def ctx_for(db: Database, username: str) -> AppContext:
    user = auth.sign_in(db, username, "matkhau123")
    office = auth.get_office(db)
    assert office is not None
    return AppContext(
        db=db, runner=InlineTaskRunner(), user=user, office=office, ui_settings=UiSettings()
    )


@pytest.fixture
def counter_db(office_db: Database, users) -> tuple[Database, int]:  # type: ignore[no-untyped-def]
    """The shipped catalogue and one dossier of its longest-named procedure, made through the
    services as the clerk would."""
    load_shipped_catalogue(office_db, users["admin"].actor)
    procs = catalogue.search_procedures(office_db, "")
    longest = max(procs, key=lambda p: len(p.name))
    result = intake.receive_dossier(
        office_db,
        users["canbo1"].actor,
        intake.IntakeCommand(
            procedure_id=longest.id,
            applicant=intake.ApplicantInput(
                full_name="Nguyễn Thị Phương Thảo",
                personal_id="030185001234",
                birth_date="12/05/1985",
                address="Thôn Đông, xã An Sơn, thành phố Hải Phòng",
                phone="0912 345 678",
            ),
            documents=(
                DocumentInput("Tờ khai theo mẫu quy định", "form"),
                DocumentInput("Giấy tờ tùy thân", "original"),
            ),
        ),
    )
    return office_db, result.dossier.id


def problems_of(window) -> list[str]:  # type: ignore[no-untyped-def]
    """The window larger than the screen, a label, button or table header narrower than its
    text, a table cell cut without its whole text in the tooltip, a table scrolling sideways."""
    QApplication.processEvents()
    return (
        too_big(window) + clipped_texts(window) + cut_cells(window) + horizontal_scrollbars(window)
    )


@pytest.mark.parametrize("username", ["canbo1", "admin"])
def test_every_page_fits_1366x768_without_clipped_text(qtbot, counter_db, username) -> None:  # type: ignore[no-untyped-def]
    db, dossier_id = counter_db
    ctx = ctx_for(db, username)
    assert (ctx.user.role is Role.ADMIN) == (username == "admin")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(WINDOW_W, WINDOW_H)
    window.show()
    found: dict[str, list[str]] = {}
    for key in window.area_keys():
        window.show_area(key)
        found[key] = problems_of(window)
        # a page never widens or heightens the window beyond the screen
        assert window.width() <= WINDOW_W and window.height() <= WINDOW_H, key
    waiting = LoginDialog(None, ctx.office.name, username, window)  # database still opening
    waiting.password.setText("matkhau123")
    waiting.submit()  # asked before it opened: the longer status line
    dialogs: list[tuple[str, QDialog]] = [
        ("login", LoginDialog(db, ctx.office.name, username, window)),
        ("login_waiting", waiting),
    ]
    dossier = DossierDialog(ctx, dossier_id, parent=window)
    dialogs.append(("dossier", dossier))
    assert dossier.view is not None
    for action in ("handover", "supplement_requested", "apology", "returned", "rate"):
        dialogs.append((action, ActionDialog(ctx, dossier.view, action, dossier.now, window)))
    if username == "admin":
        dialogs.append(("user", UserDialog(ctx, None, window)))
    for name, dlg in dialogs:
        dlg.show()
        found[name] = problems_of(dlg)
        dlg.close()
    assert {k: v for k, v in found.items() if v} == {}


def test_board_shows_long_texts_whole_at_1366_without_scrolling_sideways(qtbot, counter_db) -> None:  # type: ignore[no-untyped-def]
    """The board (Hồ sơ) at 1366 × 768 with the longest texts it shows: a finished dossier's
    state with its timeliness ("Dừng giải quyết · Trước hạn", once cut to "Đún…"), a dossier
    waiting for a supplement, a long applicant's name. No sideways scroll bar, every column
    title whole, every cell whole except the procedure's name (elided, whole in its tooltip)."""
    from tthc_desk.domain.enums import DossierState
    from tthc_desk.persistence.models import Dossier
    from tthc_desk.ui.dossier_board_model import BoardModel
    from tthc_desk.ui.dossiers_page import DossiersPage

    db, dossier_id = counter_db
    ctx = ctx_for(db, "canbo1")
    with db.session() as s:
        proc_id = s.get(Dossier, dossier_id).procedure_id
    for state, timeliness, name, pid in (
        (DossierState.STOPPED, "early", "Tôn Nữ Hoàng Thị Phương Thảo", "030180000101"),
        (DossierState.RETURNED, "on_time", "Nguyễn Lê Thị Ngọc Quỳnh", "030180000102"),
        (DossierState.SUPPLEMENT_REQUESTED, None, "Trần Văn Minh", "030080000103"),
    ):
        r = intake.receive_dossier(
            db,
            ctx.user.actor,
            intake.IntakeCommand(
                procedure_id=proc_id,
                applicant=intake.ApplicantInput(full_name=name, personal_id=pid, birth_date="1980"),
                documents=(DocumentInput("Tờ khai theo mẫu quy định", "form"),),
            ),
        )
        with db.session() as s:
            d = s.get(Dossier, r.dossier.id)
            d.state, d.timeliness = state, timeliness
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(WINDOW_W, WINDOW_H)
    window.show()
    window.show_area("dossiers")
    page = window.findChild(DossiersPage)
    page.view_box.setCurrentIndex(page.view_box.findData("all"))
    QApplication.processEvents()
    table = page.table
    assert table.model().rowCount() == 4
    states = {table.model().index(r, BoardModel.COLUMNS.index("state")).data() for r in range(4)}
    assert "Dừng giải quyết · Trước hạn" in states and "Đã trả kết quả · Đúng hạn" in states
    assert horizontal_scrollbars(page) == []
    assert clipped_texts(page) == []  # the column titles
    procedure = BoardModel.COLUMNS.index("procedure")
    assert cut_cells(page, tooltip_columns={procedure}) == []
    # the procedure keeps a readable width beside the others
    assert table.columnWidth(procedure) >= 180
