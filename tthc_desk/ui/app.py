"""Starts the desktop app: translators, error handling, set-up or sign-in, then the main window.

The sign-in window is painted first, from Qt alone: SQLAlchemy, the models and the database
open in a background thread while the user types (:func:`open_and_sign_in`), and the main
window's modules are imported on the UI thread once the database is open. Nothing here
imports the services or the main window at module level.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from tthc_desk.domain.errors import AppError
from tthc_desk.logging_setup import configure_logging
from tthc_desk.ui.i18n import install_translators
from tthc_desk.ui.login_dialog import LoginDialog
from tthc_desk.ui.messages import describe
from tthc_desk.ui.settings import UiSettings
from tthc_desk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from tthc_desk.services.auth import OfficeView
    from tthc_desk.services.database import Database
    from tthc_desk.ui.context import AppContext
    from tthc_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)
_open_boxes: list[QMessageBox] = []


def install_excepthook() -> None:
    """An uncaught error is logged, shown as a Vietnamese message, and the app keeps running."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if not isinstance(exc, AppError):
            log.error("Uncaught error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        app = QApplication.instance()
        if app is not None:
            parent = QApplication.activeWindow()
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                QCoreApplication.translate("App", "Lỗi"),
                describe(exc),
                QMessageBox.StandardButton.Ok,
                parent,
            )
            box.setObjectName("uncaughtErrorBox")
            # Without a parent nothing else holds the box: keep it alive until it is closed.
            _open_boxes.append(box)
            box.finished.connect(lambda _r, b=box: _open_boxes.remove(b))
            box.open()

    sys.excepthook = hook


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName("TTHC Desk")
    app.setOrganizationName("TTHCDesk")
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), 10))
    app.setFont(font)
    return app


RunnerFactory = Callable[[], TaskRunner]


def sign_in_flow(
    db: Database,
    ui_settings: UiSettings,
    parent: QWidget | None = None,
    runner_factory: RunnerFactory = TaskRunner,
) -> AppContext | None:
    """First-run set-up if needed, then sign-in; returns the context or None when cancelled."""
    from tthc_desk.services import auth
    from tthc_desk.ui.context import AppContext

    if auth.needs_setup(db):
        from tthc_desk.ui.setup_dialog import SetupDialog  # first run only

        setup = SetupDialog(db, parent)
        if setup.exec() != QDialog.DialogCode.Accepted:
            return None
        ui_settings.last_username = setup.user.username if setup.user else ""
    office = auth.get_office(db)
    assert office is not None
    login = LoginDialog(
        db, office.name, ui_settings.last_username, parent, counter_unit=office.counter_unit
    )
    if login.exec() != QDialog.DialogCode.Accepted or login.user is None:
        return None
    ui_settings.last_username = login.user.username
    return AppContext(
        db=db, runner=runner_factory(), user=login.user, office=office, ui_settings=ui_settings
    )


class AppShell(QObject):
    """Holds the main window of the signed-in user; signing out closes it, shows the sign-in
    dialog and opens a new main window for whoever signs in next (or quits when cancelled)."""

    sig_window_changed = Signal(object)
    """A new main window is shown (the argument), or ``None`` when nobody signed in again."""

    def __init__(
        self,
        db: Database | str | Path | None,
        ui_settings: UiSettings,
        runner_factory: RunnerFactory = TaskRunner,
    ) -> None:
        """``db``: an open database, or where to open one (a path, a URL, None for the
        default), which :meth:`start` opens behind the sign-in window."""
        super().__init__()
        self._target = db
        self.db: Database | None = None
        self.ui_settings, self.runner_factory = ui_settings, runner_factory
        self.window: MainWindow | None = None

    def start(self) -> bool:
        """The sign-in window (set-up instead on a new database), then the main window;
        False when the user cancelled. Raises what opening the database raised."""
        self.db, ctx = open_and_sign_in(self._target, self.ui_settings, self.runner_factory)
        if ctx is None:
            return False
        self._open(ctx)
        return True

    def _open(self, ctx: AppContext) -> None:
        from tthc_desk.ui.main_window import MainWindow

        window = MainWindow(ctx)
        window.sig_sign_out_requested.connect(self.sign_out)
        self.window = window
        window.show()
        self.sig_window_changed.emit(window)

    def sign_out(self) -> None:
        old = self.window
        if old is None:
            return
        from tthc_desk.services import auth
        from tthc_desk.ui.context import AppContext

        ctx = old.ctx
        db = ctx.db
        auth.sign_out(db, ctx.actor)
        app = QApplication.instance()
        quit_on_close = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)  # the sign-in dialog comes next
        old.close()
        ctx.runner.wait(10000)
        old.deleteLater()
        self.window = None
        self.ui_settings.last_username = ""  # the next person types their own name
        login = LoginDialog(db, ctx.office.name, "", counter_unit=ctx.office.counter_unit)
        accepted = login.exec() == QDialog.DialogCode.Accepted and login.user is not None
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(quit_on_close)
        if not accepted or login.user is None:
            self.sig_window_changed.emit(None)
            if isinstance(app, QApplication):
                app.quit()
            return
        self.ui_settings.last_username = login.user.username
        office = auth.get_office(db) or ctx.office
        self._open(
            AppContext(
                db=db,
                runner=self.runner_factory(),
                user=login.user,
                office=office,
                ui_settings=self.ui_settings,
            )
        )


@dataclass(frozen=True)
class OpenedDatabase:
    db: Database
    needs_setup: bool
    office: OfficeView | None


#: What the first screens (the sign-in window, then the main window with its intake page or the
#: board) leave to their first use: loaded when a page, a dialog, a print or a command needs
#: them. ``tests/foundation/test_start_imports.py`` and ``benchmarks/bench_board_index.py``
#: check that none of them (or their submodules) is loaded when the board is painted.
LOADED_ON_FIRST_USE = (
    "alembic",  # only when the database's revision differs from the code's
    "pyhanko",
    "pypdfium2",
    "openpyxl",
    "reportlab",
    "PySide6.QtMultimedia",
    "PySide6.QtPrintSupport",
    "holidays.countries",  # the registry of 250 countries (Vietnam's own module is enough)
    "cryptography",  # signing: with the documents' service when first used
    "tthc_desk.commands",
    "tthc_desk.adapters.signing",
    "tthc_desk.services.documents",
    "tthc_desk.services.catalogue_seed",
    "tthc_desk.ui.setup_dialog",  # the first run only
    "tthc_desk.ui.dossier_dialog",  # and printing: when a dossier is first opened
    "tthc_desk.ui.index766_page",
    "tthc_desk.ui.catalogue_page",
    "tthc_desk.ui.settings_page",
    "tthc_desk.ui.feedback_page",
    "tthc_desk.ui.notices_page",
)

#: Modules the main window needs on its first screen, imported on the UI thread (one per turn
#: of the event loop) once the database is open, while the user is still typing.
MAIN_WINDOW_MODULES = (
    "tthc_desk.ui.context",
    "tthc_desk.ui.main_window",
    "tthc_desk.ui.intake_page",
    "tthc_desk.ui.dossiers_page",
)


class DatabaseOpener(QObject):
    """Opens the database in a background thread (SQLAlchemy, the models, migrations when the
    file is older) and reports on the UI thread: ``sig_opened`` or ``sig_failed``."""

    sig_opened = Signal(object)
    """The :class:`OpenedDatabase`."""
    sig_failed = Signal(object)
    """The exception (an ``AppError`` for every problem with the database)."""

    def __init__(self, target: Database | str | Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="open-database", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            from tthc_desk.services import auth
            from tthc_desk.services.database import Database, open_database

            target = self.target
            db = target if isinstance(target, Database) else open_database(target)
            needs = auth.needs_setup(db)
            opened = OpenedDatabase(db, needs, None if needs else auth.get_office(db))
        except BaseException as exc:  # noqa: BLE001 - reported to the UI thread
            self._report(self.sig_failed, exc)
            return
        self._report(self.sig_opened, opened)

    @staticmethod
    def _report(signal: object, value: object) -> None:
        try:
            signal.emit(value)  # type: ignore[attr-defined]
        except RuntimeError:  # the sign-in window was closed (and this object with it) first
            log.info("Database opened after the sign-in window was closed")


def preload(modules: tuple[str, ...] = MAIN_WINDOW_MODULES) -> None:
    """Import ``modules`` on the UI thread, one per turn of the event loop (keystrokes typed
    meanwhile wait a few milliseconds at most, none is lost)."""
    if modules:
        importlib.import_module(modules[0])
        QTimer.singleShot(0, lambda: preload(modules[1:]))


_SETUP_NEEDED = 2  # LoginDialog.done codes besides Accepted / Rejected
_OPEN_FAILED = 3


def open_and_sign_in(
    target: Database | str | Path | None,
    ui_settings: UiSettings,
    runner_factory: RunnerFactory = TaskRunner,
) -> tuple[Database | None, AppContext | None]:
    """The sign-in window at once, the database opened behind it; first-run set-up instead
    when the database has no office yet. Returns the database (None when the user left
    before it opened) and the signed-in context (None when cancelled); raises what opening
    the database raised."""
    name, unit = ui_settings.office_heading
    login = LoginDialog(None, name, ui_settings.last_username, counter_unit=unit)
    opener = DatabaseOpener(target, login)
    got: dict[str, object] = {}

    def opened(result: OpenedDatabase) -> None:
        got["opened"] = result
        if result.needs_setup or result.office is None:
            login.done(_SETUP_NEEDED)
            return
        office = result.office
        ui_settings.set_office_heading(office.name, office.counter_unit)
        login.database_ready(result.db, office.name, office.counter_unit)
        QTimer.singleShot(0, preload)

    def failed(exc: BaseException) -> None:
        got["error"] = exc
        login.done(_OPEN_FAILED)

    opener.sig_opened.connect(opened)
    opener.sig_failed.connect(failed)
    opener.start()
    code = login.exec()
    result = got.get("opened")
    db = result.db if isinstance(result, OpenedDatabase) else None
    if "error" in got:
        raise got["error"]  # type: ignore[misc]
    if code == _SETUP_NEEDED and db is not None:
        return db, sign_in_flow(db, ui_settings, runner_factory=runner_factory)
    if code != QDialog.DialogCode.Accepted or login.user is None or db is None:
        return db, None
    assert isinstance(result, OpenedDatabase) and result.office is not None
    from tthc_desk.ui.context import AppContext

    ui_settings.last_username = login.user.username
    ctx = AppContext(
        db=db, runner=runner_factory(), user=login.user, office=result.office,
        ui_settings=ui_settings,
    )  # fmt: skip
    return db, ctx


def run_gui(db: str | None = None, language: str | None = None) -> int:
    from tthc_desk.private_files import restrict_umask

    restrict_umask()
    configure_logging()
    app = make_application()
    ui_settings = UiSettings()
    install_translators(app, language or ui_settings.language)
    install_excepthook()
    shell = AppShell(db, ui_settings)
    try:
        started = shell.start()
    except Exception as exc:  # noqa: BLE001 - shown to the user, then exit
        log.exception("Cannot open database %s", db)
        QMessageBox.critical(
            None,
            QCoreApplication.translate("App", "Lỗi"),
            describe(exc if isinstance(exc, AppError) else AppError("db.unavailable", db=db or "")),
        )
        return 1
    if not started:
        if shell.db is not None:
            shell.db.dispose()
        return 0
    code = app.exec()
    if shell.window is not None:
        shell.window.ctx.runner.wait(10000)
    if shell.db is not None:
        shell.db.dispose()
    return int(code)
