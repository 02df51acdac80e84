"""The app's areas in the navigation, in order, and the page factory of each one built so far."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from tthc_desk.ui.context import AppContext

PageFactory = Callable[[AppContext], QWidget]


@dataclass(frozen=True)
class Area:
    key: str
    title: str  # marked for translation in context "Areas"
    factory: str | None  # "module:Class" imported lazily; None = not built yet


AREAS: tuple[Area, ...] = (
    Area("intake", QT_TRANSLATE_NOOP("Areas", "Tiếp nhận"), "tthc_desk.ui.intake_page:IntakePage"),
    Area(
        "dossiers", QT_TRANSLATE_NOOP("Areas", "Hồ sơ"), "tthc_desk.ui.dossiers_page:DossiersPage"
    ),
    Area(
        "digitise", QT_TRANSLATE_NOOP("Areas", "Số hóa"), "tthc_desk.ui.digitise_page:DigitisePage"
    ),
    Area(
        "ratings",
        QT_TRANSLATE_NOOP("Areas", "Đánh giá hài lòng"),
        "tthc_desk.ui.ratings_page:RatingsPage",
    ),
    Area(
        "feedback",
        QT_TRANSLATE_NOOP("Areas", "Phản ánh kiến nghị"),
        "tthc_desk.ui.feedback_page:FeedbackPage",
    ),
    Area(
        "notices", QT_TRANSLATE_NOOP("Areas", "Niêm yết"), "tthc_desk.ui.notices_page:NoticesPage"
    ),
    Area(
        "index766",
        QT_TRANSLATE_NOOP("Areas", "Chỉ số 766"),
        "tthc_desk.ui.index766_page:Index766Page",
    ),
    Area(
        "catalogue",
        QT_TRANSLATE_NOOP("Areas", "Danh mục thủ tục"),
        "tthc_desk.ui.catalogue_page:CataloguePage",
    ),
    Area(
        "calendar",
        QT_TRANSLATE_NOOP("Areas", "Lịch làm việc"),
        "tthc_desk.ui.calendar_page:CalendarPage",
    ),
    Area(
        "reconcile",
        QT_TRANSLATE_NOOP("Areas", "Đối chiếu"),
        "tthc_desk.ui.reconcile_page:ReconcilePage",
    ),
    Area(
        "settings", QT_TRANSLATE_NOOP("Areas", "Cài đặt"), "tthc_desk.ui.settings_page:SettingsPage"
    ),
)


def load_factory(area: Area) -> PageFactory | None:
    if area.factory is None:
        return None
    import importlib

    module_name, cls_name = area.factory.split(":")
    return getattr(importlib.import_module(module_name), cls_name)  # type: ignore[no-any-return]
