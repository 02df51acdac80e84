"""End to end through the windows: a catalogue imported through its dialog is found at once on
the intake page (no restart), and every page fits a 1366 × 768 screen for every role."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QPushButton,
    QTableView,
    QWidget,
)

from tests.accounts.gui import check_failures, type_text, when_modal
from tthc_desk.persistence.db import Database
from tthc_desk.services import catalogue_import as ci
from tthc_desk.services.catalogue_seed import record_to_input
from tthc_desk.ui.catalogue_import_dialog import ImportDialog
from tthc_desk.ui.main_window import MainWindow

SHIPPED = Path(__file__).parents[2] / "resources" / "demo" / "procedures-commune.json"


def activate(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def intake_matches(window: MainWindow) -> list[str]:
    page = window.pages["intake"]
    return [page.proc_list.item(i).text() for i in range(page.proc_list.count())]


def test_imported_catalogue_is_found_at_intake_without_restart(
    qtbot, office_db: Database, make_ctx, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    birth = next(r for r in json.loads(SHIPPED.read_text("utf-8")) if r["code"] == "1.001193")
    sheet = ci.write_xlsx(tmp_path / "danh-muc-tinh.xlsx", [record_to_input(birth, 8.0)])

    window = MainWindow(make_ctx("admin"))
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    intake = window.pages["intake"]
    assert "Danh mục thủ tục còn trống" in intake.proc_chosen.text()

    # Ctrl+8: Danh mục thủ tục; «Nhập từ tệp…» by keyboard; preview, then save.
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    catalogue = window.pages["catalogue"]
    button = catalogue.findChild(QPushButton, "importButton")

    def import_file(dlg: ImportDialog) -> None:
        dlg.create_fields.setFocus()  # a new office has no fields yet
        qtbot.keyClick(dlg.create_fields, Qt.Key.Key_Space)
        dlg.path.setFocus()
        type_text(qtbot, dlg.path, str(sheet))
        qtbot.keyClick(dlg.path, Qt.Key.Key_Return)  # «Xem trước» is the default button
        assert "1 thêm mới" in dlg.summary.text()
        dlg.apply_btn.setFocus()
        qtbot.keyClick(dlg.apply_btn, Qt.Key.Key_Space)
        assert "Đã lưu: 1 thủ tục thêm mới" in dlg.summary.text()
        dlg.accept()

    button.setFocus()
    seen = when_modal(qtbot, "importDialog", import_file)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    check_failures()

    # Back at the counter (Ctrl+1), the focus is in the page and the procedure is there.
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is intake
    assert intake.isAncestorOf(window.focusWidget())
    assert "Danh mục thủ tục còn trống" not in intake.proc_chosen.text()
    intake.proc_search.setFocus()
    type_text(qtbot, intake.proc_search, "khai sinh")
    assert intake_matches(window) == ["1.001193 — Đăng ký khai sinh  [Hộ tịch]"]


def clipped_texts(page: QWidget) -> list[str]:
    """Visible button texts and table headers wider than the room they have."""
    out = []
    for b in page.findChildren(QAbstractButton):
        if b.isVisible() and isinstance(b, QPushButton | QCheckBox):
            lines = b.text().replace("&", "").split("\n")
            need = max(b.fontMetrics().horizontalAdvance(t) for t in lines)
            room = b.width() - (2 if isinstance(b, QPushButton) else 22)
            if need > room:
                out.append(f"{b.text()!r}: {need} > {room}")
    for table in page.findChildren(QTableView):
        if not table.isVisible() or table.model() is None:
            continue
        header = table.horizontalHeader()
        for c in range(table.model().columnCount()):
            text = str(table.model().headerData(c, Qt.Orientation.Horizontal) or "")
            need = header.fontMetrics().horizontalAdvance(text)
            if not header.isSectionHidden(c) and need > header.sectionSize(c) - 4:
                out.append(f"{text!r}: {need} > {header.sectionSize(c)}")
    return out


def test_every_page_fits_a_1366_by_768_screen(qtbot, office_db: Database, make_ctx) -> None:  # type: ignore[no-untyped-def]
    """Room for the window frame (16 px) and title bar and taskbar (40 px); in a window of
    that size no button or column heading is cut ("hai báo ngày làm bù", "ội dur")."""
    for username in ("canbo1", "congchuc1", "chutich", "admin"):
        window = MainWindow(make_ctx(username))
        qtbot.addWidget(window)
        window.show()
        window.resize(1366 - 16, 768 - 40)
        for key in window.area_keys():
            page = window.show_area(key)
            hint = window.minimumSizeHint()
            assert hint.width() <= 1366 - 16, (username, key, hint)
            assert hint.height() <= 768 - 40, (username, key, hint)
            QApplication.processEvents()
            assert clipped_texts(page) == [], (username, key)
        window.close()


def test_first_windows_fit_the_screen(qtbot, db: Database, make_ctx) -> None:  # type: ignore[no-untyped-def]
    """Set-up, sign-in and the main window (default and restored size) within the screen's
    available height less the title bar, so Save stays on screen."""
    from tthc_desk.ui.login_dialog import LoginDialog
    from tthc_desk.ui.setup_dialog import SetupDialog

    setup = SetupDialog(db)
    qtbot.addWidget(setup)
    setup.show()
    avail = setup.screen().availableGeometry()
    assert setup.height() <= min(768, avail.height()) - 40
    login = LoginDialog(db, "UBND xã An Sơn")
    qtbot.addWidget(login)
    login.show()
    assert login.height() <= min(768, avail.height()) - 40

    ctx = make_ctx("canbo1")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.height() <= avail.height() - 40 and window.width() <= avail.width() - 16
    window.resize(avail.width() + 200, avail.height() + 200)  # saved on a bigger screen
    window.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert again.height() <= avail.height() - 40 and again.width() <= avail.width() - 16
