"""Starts the desktop app: translators, error handling, set-up or sign-in, then the main window."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from tthc_desk.domain.errors import AppError
from tthc_desk.logging_setup import configure_logging
from tthc_desk.services import auth
from tthc_desk.services.database import Database, open_database
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.i18n import install_translators
from tthc_desk.ui.login_dialog import LoginDialog
from tthc_desk.ui.main_window import MainWindow
from tthc_desk.ui.messages import describe
from tthc_desk.ui.settings import UiSettings
from tthc_desk.ui.setup_dialog import SetupDialog
from tthc_desk.ui.tasks import TaskRunner

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


def sign_in_flow(
    db: Database, ui_settings: UiSettings, parent: QWidget | None = None
) -> AppContext | None:
    """First-run set-up if needed, then sign-in; returns the context or None when cancelled."""
    if auth.needs_setup(db):
        setup = SetupDialog(db, parent)
        if setup.exec() != QDialog.DialogCode.Accepted:
            return None
        ui_settings.last_username = setup.user.username if setup.user else ""
    office = auth.get_office(db)
    assert office is not None
    login = LoginDialog(db, office.name, ui_settings.last_username, parent)
    if login.exec() != QDialog.DialogCode.Accepted or login.user is None:
        return None
    ui_settings.last_username = login.user.username
    return AppContext(
        db=db, runner=TaskRunner(), user=login.user, office=office, ui_settings=ui_settings
    )


def run_gui(db: str | None = None, language: str | None = None) -> int:
    from tthc_desk.private_files import restrict_umask

    restrict_umask()
    configure_logging()
    app = make_application()
    ui_settings = UiSettings()
    install_translators(app, language or ui_settings.language)
    install_excepthook()
    try:
        database = open_database(db)
    except Exception as exc:  # noqa: BLE001 - shown to the user, then exit
        log.exception("Cannot open database %s", db)
        QMessageBox.critical(
            None,
            QCoreApplication.translate("App", "Lỗi"),
            describe(exc if isinstance(exc, AppError) else AppError("db.unavailable", db=db or "")),
        )
        return 1
    ctx = sign_in_flow(database, ui_settings)
    if ctx is None:
        return 0
    window = MainWindow(ctx)
    window.show()
    code = app.exec()
    ctx.runner.wait(10000)
    database.dispose()
    return int(code)
