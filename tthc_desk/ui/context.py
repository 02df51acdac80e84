"""What every screen needs: the database, the task runner, the signed-in user and the office."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from tthc_desk.services.auth import OfficeView, UserView
from tthc_desk.services.common import Actor
from tthc_desk.services.database import Database
from tthc_desk.ui.settings import UiSettings
from tthc_desk.ui.tasks import TaskRunner


class AppEvents(QObject):
    """Signals between pages, so no page shows stale data after another page saved."""

    sig_catalogue_changed = Signal()
    """Procedures were added, edited, imported, retired or restored."""

    sig_office_changed = Signal()
    """The office's name, counter unit or codes were saved (``AppContext.office`` is new)."""


@dataclass
class AppContext:
    db: Database
    runner: TaskRunner
    user: UserView
    office: OfficeView
    ui_settings: UiSettings = field(default_factory=UiSettings)
    events: AppEvents = field(default_factory=AppEvents)

    @property
    def actor(self) -> Actor:
        return self.user.actor
