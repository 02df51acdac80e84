"""The main window: navigation of the app's areas, the pages, and the status bar."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tthc_desk.ui.areas import AREAS, Area, load_factory
from tthc_desk.ui.context import AppContext

log = logging.getLogger(__name__)


def role_name(role: str) -> str:
    names = {
        "clerk": QCoreApplication.translate("Roles", "Cán bộ tiếp nhận"),
        "officer": QCoreApplication.translate("Roles", "Công chức chuyên môn"),
        "leader": QCoreApplication.translate("Roles", "Lãnh đạo"),
        "admin": QCoreApplication.translate("Roles", "Quản trị viên"),
    }
    return names.get(role, role)


NAV_STYLE = """
QListWidget#navigation { background: #f3f5f8; border: none; border-right: 1px solid #d5dbe3;
                         font-size: 11pt; padding-top: 8px; }
QListWidget#navigation::item { padding: 9px 14px; border-radius: 4px; margin: 1px 6px; }
QListWidget#navigation::item:selected { background: #1f5fa8; color: white; }
QListWidget#navigation::item:hover:!selected { background: #e1e7ef; }
"""


def first_focusable(page: QWidget) -> QWidget | None:
    """The first visible, enabled widget of ``page`` that takes focus by Tab."""
    w = page.nextInFocusChain()
    seen = 0
    while w is not None and w is not page and seen < 500:
        seen += 1
        if (
            page.isAncestorOf(w)
            and w.isVisibleTo(page)
            and w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            return w
        w = w.nextInFocusChain()
    return None


class PlaceholderPage(QWidget):
    """An area not built yet says so plainly."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(
            self.tr(
                "<h2>{title}</h2><p>Chức năng này đang được xây dựng và sẽ có "
                "trong phiên bản sau.</p>"
            ).format(title=title)
        )
        label.setObjectName("placeholderText")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay = QVBoxLayout(self)
        lay.addWidget(label)


def area_shortcut(index: int, count: int) -> str:
    """Ctrl+1 … Ctrl+9 for the first nine areas, Ctrl+0 for the last one (Cài đặt)."""
    if index < 9:
        return f"Ctrl+{index + 1}"
    return "Ctrl+0" if index == count - 1 else ""


#: The shortcut of "sign out / switch user" (L for log out; Ctrl+L is the procedure field).
SIGN_OUT_SHORTCUT = "Ctrl+Shift+L"


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to at most ``width`` × ``height``, and never beyond the screen's
    available area less room for the window frame and title bar (a 1366 × 768 laptop)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        avail = screen.availableGeometry()
        width = min(width, avail.width() - 16)
        height = min(height, avail.height() - 40)
    widget.resize(max(width, 200), max(height, 150))


class MainWindow(QMainWindow):
    """Navigation on the left (Ctrl+1 … Ctrl+0), the area's page on the right."""

    sig_sign_out_requested = Signal()
    """The user asked to sign out (back to the sign-in dialog for the next user)."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.nav = QListWidget(objectName="navigation")
        self.nav.setFixedWidth(230)
        self.nav.setStyleSheet(NAV_STYLE)
        self.stack = QStackedWidget(objectName="pages")
        self.pages: dict[str, QWidget] = {}
        self._areas: list[Area] = list(AREAS)
        for i, area in enumerate(self._areas):
            item = QListWidgetItem(QCoreApplication.translate("Areas", area.title))
            key = area_shortcut(i, len(self._areas))
            if key:
                item.setToolTip(key)
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # built on first visit
            if key:
                sc = QShortcut(QKeySequence(key), self)
                sc.activated.connect(lambda i=i: self.go_to(i))
        self.nav.currentRowChanged.connect(self._show_area)
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        sb = self.statusBar()
        self.user_label = QLabel(objectName="statusUser")
        self.db_label = QLabel(
            self.tr("CSDL: {db}").format(db=ctx.db.display_name), objectName="statusDb"
        )
        self.office_label = QLabel(ctx.office.name, objectName="statusOffice")
        self.sign_out_action = QAction(self.tr("Đăng xuất / đổi người dùng"), self)
        self.sign_out_action.setObjectName("signOutAction")
        self.sign_out_action.setShortcut(QKeySequence(SIGN_OUT_SHORTCUT))
        self.sign_out_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.sign_out_action.setToolTip(
            self.tr("Đăng xuất để người khác đăng nhập ({shortcut})").format(
                shortcut=SIGN_OUT_SHORTCUT
            )
        )
        self.sign_out_action.triggered.connect(self.sig_sign_out_requested.emit)
        self.addAction(self.sign_out_action)
        self.sign_out_button = QToolButton(objectName="signOut")
        self.sign_out_button.setDefaultAction(self.sign_out_action)
        self.sign_out_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for w in (self.user_label, self.sign_out_button, self.db_label, self.office_label):
            sb.addPermanentWidget(w)
        self.show_user()

        geometry = ctx.ui_settings.geometry("main")
        if geometry is not None:
            self.restoreGeometry(geometry)
            fit_to_screen(self, self.width(), self.height())
        else:
            fit_to_screen(self, 1280, 720)
        self.nav.setCurrentRow(0)
        self._auto_backup("daily")

    def _auto_backup(self, reason: str) -> None:
        """The daily backup (in the background) and the one on closing (waited for)."""
        from tthc_desk.services.backup import auto_backup

        def failed(exc: BaseException) -> None:
            log.warning("Automatic %s backup failed: %s", reason, exc)

        self.ctx.runner.submit(auto_backup, self.ctx.db, reason, on_error=failed)

    def show_user(self) -> None:
        """Who is signed in, in the status bar and the title (after sign-in or an own edit)."""
        user = self.ctx.user
        self.user_label.setText(
            self.tr("Người dùng: {name} ({role})").format(
                name=user.full_name, role=role_name(user.role.value)
            )
        )
        self.setWindowTitle(
            self.tr("TTHC Desk — {office} — {name}").format(
                office=self.ctx.office.name, name=user.full_name
            )
        )

    def go_to(self, row: int) -> None:
        """Open the area in ``row`` (Ctrl+1 …) and put the keyboard focus into its page."""
        self.nav.setCurrentRow(row)
        page = self.stack.currentWidget()
        if page is None:
            return
        initial = getattr(page, "initial_focus", None)
        target = initial() if callable(initial) else None
        if target is None:
            target = first_focusable(page)
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_badge(self, key: str, count: int) -> None:
        """Show ``count`` beside an area's name in the navigation (nothing when 0)."""
        row = self.area_keys().index(key)
        title = QCoreApplication.translate("Areas", self._areas[row].title)
        item = self.nav.item(row)
        item.setText(f"{title} ({count})" if count else title)
        item.setData(Qt.ItemDataRole.UserRole + 1, count)

    def area_keys(self) -> list[str]:
        return [a.key for a in self._areas]

    def show_area(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self.area_keys().index(key))
        return self.pages[key]

    def _show_area(self, row: int) -> None:
        if row < 0:
            return
        area = self._areas[row]
        if area.key not in self.pages:
            factory = load_factory(area)
            title = QCoreApplication.translate("Areas", area.title)
            page = factory(self.ctx) if factory else PlaceholderPage(title)
            page.setObjectName(f"page_{area.key}")
            old = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[area.key] = page
        self.stack.setCurrentIndex(row)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ctx.db.file_path is not None and self.ctx.db.file_path.exists():
            self._auto_backup("closing")
            self.ctx.runner.wait(120_000)
        self.ctx.ui_settings.set_geometry("main", self.saveGeometry())
        self.ctx.ui_settings.sync()
        super().closeEvent(event)
