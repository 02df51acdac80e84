"""Screenshots of every page and the main dialogs at 1366×768, with a report of clipped texts.

Usage (from the worktree, on a database made by ``main.py demo``)::

    PYTHONPATH=. /work/main/.venv/bin/python tools/screenshots.py --db /tmp/looks-demo.sqlite3 \
        [--out /tmp/looks] [--users canbo1 admin] [--password matkhau123] [--lang vi]

It opens the real :class:`MainWindow` offscreen on a simulated 1366×768 screen, signed in as
each user, visits every area, opens the dossier window, its action dialogs and a few others,
saves one PNG each to ``--out`` and prints what :func:`fit_problems` finds: button and label
texts narrower than they need (clipped or elided), table headers narrower than their title,
horizontal scroll bars on tables, and windows larger than the screen with their frame.
The exit code is 1 when something was found. ``tests/foundation/test_screen_fit.py`` runs the
same checks on a small database; this file is not a test (pytest collects only ``tests/``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

#: The smallest screen an office laptop has, and room for the window frame and title bar
#: (the same margins as ``main_window.fit_to_screen``).
SCREEN_W, SCREEN_H = 1366, 768
FRAME_W, FRAME_H = 16, 40


def _offscreen_1366() -> None:
    """Use Qt's offscreen platform with one 1366×768 screen (before QApplication exists)."""
    if os.environ.get("QT_QPA_PLATFORM", "offscreen").startswith("offscreen"):
        cfg = Path(tempfile.gettempdir()) / "tthc-offscreen-1366.json"
        cfg.write_text(
            json.dumps(
                {
                    "screens": [
                        {
                            "name": "laptop",
                            "x": 0,
                            "y": 0,
                            "width": SCREEN_W,
                            "height": SCREEN_H,
                            "logicalDpi": 96,
                            "logicalBaseDpi": 96,
                            "dpr": 1,
                        }
                    ]
                }
            ),
            encoding="utf-8",
        )
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={cfg}"


def _visible_descendants(root):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    for w in root.findChildren(QWidget):
        if w.isVisibleTo(root) and w.isVisible() and w.width() > 0:
            yield w


def _where(w) -> str:  # type: ignore[no-untyped-def]
    """A short path of object names (or class names) from the window to ``w``."""
    parts = []
    cur = w
    while cur is not None and len(parts) < 4:
        parts.append(cur.objectName() or type(cur).__name__)
        if cur.isWindow():
            break
        cur = cur.parentWidget()
    return "/".join(reversed(parts))


def _in_scroll_area(w) -> bool:  # type: ignore[no-untyped-def]
    """Inside a scroll area's viewport the user can scroll to the rest: not clipped."""
    from PySide6.QtWidgets import QAbstractItemView, QScrollArea

    cur = w.parentWidget()
    while cur is not None and not cur.isWindow():
        if isinstance(cur, QScrollArea) and cur.widgetResizable() is False:
            return True
        if isinstance(cur, QAbstractItemView):  # cell editors and index widgets
            return True
        cur = cur.parentWidget()
    return False


def clipped_texts(root) -> list[str]:  # type: ignore[no-untyped-def]
    """Labels and buttons shown narrower than their text needs, empty line edits narrower than
    their placeholder (the hint the user reads), and table header sections narrower than their
    title, below ``root``."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QCheckBox,
        QLabel,
        QLineEdit,
        QPushButton,
        QRadioButton,
        QTableView,
        QToolButton,
    )

    found: list[str] = []
    for w in _visible_descendants(root):
        if _in_scroll_area(w):
            continue
        if isinstance(w, QLabel):
            if not w.text() or w.pixmap() is not None and not w.pixmap().isNull():
                continue
            if w.wordWrap():
                high = w.heightForWidth(w.width())
                if high > w.height() + 1:
                    found.append(f"label {_where(w)} height {w.height()}<{high}: {w.text()[:60]!r}")
                continue
            need = w.sizeHint().width()
            if need > w.width() + 1:
                found.append(f"label {_where(w)} {w.width()}<{need}: {w.text()[:60]!r}")
        elif isinstance(w, QLineEdit):
            hint = w.placeholderText()
            if not hint or w.text():
                continue
            # the frame and text margins of a line edit (and the clear button when shown)
            need = w.fontMetrics().horizontalAdvance(hint) + 12
            if w.isClearButtonEnabled():
                need += 20
            if need > w.width() + 1:
                found.append(f"placeholder {_where(w)} {w.width()}<{need}: {hint[:60]!r}")
        elif isinstance(w, QPushButton | QCheckBox | QRadioButton | QToolButton):
            assert isinstance(w, QAbstractButton)
            if not w.text():
                continue
            need = w.sizeHint().width()
            if need > w.width() + 1:
                found.append(f"button {_where(w)} {w.width()}<{need}: {w.text()[:60]!r}")
        elif isinstance(w, QTableView):
            header = w.horizontalHeader()
            model = w.model()
            if model is None or not header.isVisible():
                continue
            fm = header.fontMetrics()
            for col in range(header.count()):
                if header.isSectionHidden(col) or header.sectionSize(col) == 0:
                    continue
                text = model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                if not text:
                    continue
                lines = str(text).split("\n")
                need = max(fm.horizontalAdvance(line) for line in lines) + 4
                if need > header.sectionSize(col):
                    found.append(
                        f"header {_where(w)}[{col}] {header.sectionSize(col)}<{need}: {text!r}"
                    )
    return found


def cut_cells(root, max_rows: int = 60, tooltip_columns: set[int] | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """Table cells below ``root`` whose text does not fit (on one line, or on the row's
    lines when the table wraps) and whose tooltip does not give it whole; with
    ``tooltip_columns``, only those columns may rely on the tooltip."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtWidgets import QTableView

    display, tip = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
    found: list[str] = []
    for w in _visible_descendants(root):
        if not isinstance(w, QTableView) or w.model() is None:
            continue
        model, fm = w.model(), w.fontMetrics()
        first = max(w.rowAt(0), 0)
        last = w.rowAt(w.viewport().height() - 1)
        last = model.rowCount() - 1 if last < 0 else last
        for row in range(first, min(last, first + max_rows - 1) + 1):
            if w.isRowHidden(row):
                continue
            for col in range(model.columnCount()):
                if w.isColumnHidden(col) or w.columnSpan(row, col) > 1:
                    continue
                index = model.index(row, col)
                text = model.data(index, display)
                if not isinstance(text, str) or not text:
                    continue
                room = w.columnWidth(col) - 6  # the delegate's margins (3 px each side)
                if w.wordWrap():
                    need = fm.boundingRect(
                        QRect(0, 0, max(room, 1), 100_000), Qt.TextFlag.TextWordWrap, text
                    )
                    fits = need.width() <= room and need.height() <= w.rowHeight(row)
                else:
                    fits = all(fm.horizontalAdvance(line) <= room for line in text.split("\n"))
                if fits:
                    continue
                full = model.data(index, tip)
                may_tip = tooltip_columns is None or col in tooltip_columns
                if may_tip and isinstance(full, str) and text in full:
                    continue
                found.append(
                    f"cell {_where(w)}[{row},{col}] {w.columnWidth(col)}×{w.rowHeight(row)}: "
                    f"{text[:60]!r}"
                )
    return found


def horizontal_scrollbars(root) -> list[str]:  # type: ignore[no-untyped-def]
    """Tables below ``root`` whose rows are wider than the table (a horizontal scroll bar)."""
    from PySide6.QtWidgets import QAbstractItemView

    found = []
    for w in _visible_descendants(root):
        if isinstance(w, QAbstractItemView) and w.horizontalScrollBar().isVisible():
            found.append(f"scroll {_where(w)} width {w.width()}")
    return found


def too_big(window) -> list[str]:  # type: ignore[no-untyped-def]
    """``window`` (a top-level) with its frame larger than the screen, now or at its minimum."""
    found = []
    w, h = window.width() + FRAME_W, window.height() + FRAME_H
    if w > SCREEN_W or h > SCREEN_H:
        found.append(f"window {_where(window)} {w}×{h} > {SCREEN_W}×{SCREEN_H}")
    m = window.minimumSizeHint().expandedTo(window.minimumSize())
    if m.width() + FRAME_W > SCREEN_W or m.height() + FRAME_H > SCREEN_H:
        found.append(f"window {_where(window)} minimum {m.width()}×{m.height()} > screen")
    return found


def fit_problems(window, tables_may_scroll: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    """Everything the checks find on one shown top-level window."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    problems = too_big(window) + clipped_texts(window) + cut_cells(window)
    if not tables_may_scroll:
        problems += horizontal_scrollbars(window)
    return problems


def _page_states(window) -> Iterable[tuple[str, Callable[[], object]]]:  # type: ignore[no-untyped-def]
    """(name, action) of page states beyond a page's first look: the board with every
    dossier, the settings scrolled down to the users, the 766 page with each criterion that
    lost points opened (its drill-down)."""
    from tthc_desk.ui.dossiers_page import DossiersPage
    from tthc_desk.ui.index766_page import Index766Page

    def board_all() -> None:
        window.show_area("dossiers")
        page = window.findChild(DossiersPage)
        page.view_box.setCurrentIndex(page.view_box.findData("all"))

    yield "dossiers-all", board_all

    def settings_users() -> None:
        from PySide6.QtWidgets import QScrollArea

        window.show_area("settings")
        scroll = window.findChild(QScrollArea, "settingsScroll")
        scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())

    yield "settings-users", settings_users
    window.show_area("index766")
    page = window.findChild(Index766Page)
    keys = sorted(page.estimate.losing_keys) if page is not None and page.estimate else []
    for key in keys:

        def drill(key: str = key) -> None:
            window.show_area("index766")
            page.select_criterion(key)

        yield f"index766-{key}", drill


def _dialogs(ctx, window, dossier_id: int | None) -> Iterable[tuple[str, Callable[[], object]]]:  # type: ignore[no-untyped-def]
    """(name, factory) of the dialogs to look at; each factory returns a QDialog."""
    from tthc_desk.services import auth, catalogue
    from tthc_desk.ui.catalogue_editor import ProcedureDialog
    from tthc_desk.ui.catalogue_import_dialog import ImportDialog as CatalogueImport
    from tthc_desk.ui.dossier_dialog import ActionDialog, DossierDialog
    from tthc_desk.ui.feedback_dialogs import ReceiveDialog
    from tthc_desk.ui.login_dialog import LoginDialog
    from tthc_desk.ui.settings_page import UserDialog
    from tthc_desk.ui.setup_dialog import SetupDialog

    office = ctx.office
    unit = office.counter_unit
    yield (
        "login",
        lambda: LoginDialog(ctx.db, office.name, ctx.user.username, window, counter_unit=unit),
    )

    def login_waiting() -> LoginDialog:  # Enter pressed before the database opened
        dlg = LoginDialog(None, office.name, ctx.user.username, window, counter_unit=unit)
        dlg.password.setText("matkhau123")
        dlg.submit()
        return dlg

    yield "login_waiting", login_waiting
    yield "setup", lambda: SetupDialog(ctx.db, window)
    if dossier_id is not None:
        dossier = DossierDialog(ctx, dossier_id, parent=window)
        yield "dossier", lambda: dossier
        for action in (
            "handover",
            "supplement_requested",
            "apology",
            "stopped",
            "returned",
            "rate",
        ):
            yield (
                f"action_{action}",
                lambda a=action: ActionDialog(ctx, dossier.view, a, dossier.now, window),
            )
    yield "feedback_receive", lambda: ReceiveDialog(ctx, [], window)
    if ctx.user.role.value == "admin":
        yield "user_new", lambda: UserDialog(ctx, None, window)
        yield "user_edit", lambda: UserDialog(ctx, auth.user_by_id(ctx.db, ctx.user.id), window)
        yield "catalogue_import", lambda: CatalogueImport(ctx, window)
        yield (
            "procedure_new",
            lambda: ProcedureDialog(ctx, catalogue.list_fields(ctx.db), None, 8.0, window),
        )


def run(db_url: str, out: Path, usernames: list[str], password: str, lang: str) -> int:
    _offscreen_1366()
    from PySide6.QtWidgets import QApplication

    from tthc_desk.persistence.models import Dossier
    from tthc_desk.services import auth
    from tthc_desk.services.database import open_database
    from tthc_desk.ui.context import AppContext
    from tthc_desk.ui.i18n import install_translators
    from tthc_desk.ui.main_window import MainWindow
    from tthc_desk.ui.settings import UiSettings
    from tthc_desk.ui.tasks import InlineTaskRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_translators(app, lang)
    screen = app.primaryScreen().geometry()
    print(f"screen {screen.width()}×{screen.height()}")
    out.mkdir(parents=True, exist_ok=True)
    db = open_database(db_url)
    with db.session() as s:
        row = s.query(Dossier.id).order_by(Dossier.id.desc()).first()
        dossier_id = row[0] if row else None
    total = 0
    for username in usernames:
        user = auth.sign_in(db, username, password)
        office = auth.get_office(db)
        assert office is not None
        ctx = AppContext(
            db=db, runner=InlineTaskRunner(), user=user, office=office, ui_settings=UiSettings()
        )
        window = MainWindow(ctx)
        window.show()
        for key in window.area_keys():
            window.show_area(key)
            app.processEvents()
            problems = fit_problems(window)
            window.grab().save(str(out / f"{username}-{key}.png"))
            total += len(problems)
            print(f"[{username}] {key}: {len(problems)} problem(s)")
            for p in problems:
                print(f"    {p}")
        for name, action in _page_states(window):
            try:
                action()
                app.processEvents()
            except Exception as exc:  # a state that cannot be reached here is reported
                print(f"[{username}] {name}: could not show ({exc!r})")
                continue
            problems = fit_problems(window)
            window.grab().save(str(out / f"{username}-{name}.png"))
            total += len(problems)
            print(f"[{username}] {name}: {len(problems)} problem(s)")
            for p in problems:
                print(f"    {p}")
        for name, factory in _dialogs(ctx, window, dossier_id):
            try:
                dlg = factory()
                dlg.show()
                app.processEvents()
            except Exception as exc:  # a dialog that cannot open here is reported, not fatal
                print(f"[{username}] dialog {name}: could not open ({exc!r})")
                continue
            problems = fit_problems(dlg)
            dlg.grab().save(str(out / f"{username}-dialog-{name}.png"))
            total += len(problems)
            print(f"[{username}] dialog {name}: {len(problems)} problem(s)")
            for p in problems:
                print(f"    {p}")
            dlg.close()
        window.close()
    print(f"{total} problem(s); screenshots in {out}")
    return 1 if total else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLite file or SQLAlchemy URL")
    parser.add_argument("--out", default="/tmp/looks", type=Path)
    parser.add_argument("--users", nargs="+", default=["canbo1", "admin"])
    parser.add_argument("--password", default="matkhau123")
    parser.add_argument("--lang", default="vi", choices=["vi", "en"])
    args = parser.parse_args(argv)
    return run(args.db, args.out, args.users, args.password, args.lang)


if __name__ == "__main__":
    sys.exit(main())
