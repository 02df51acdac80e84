"""The banner asking the administrator to confirm a year's calendar (board and calendar page).

Which years to ask about is decided in ``services.calendar.calendar_reminder`` (from
1 December of the year before, and during the year until confirmed); this only shows it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from tthc_desk.domain.enums import Role
from tthc_desk.services import calendar as cs
from tthc_desk.services.common import Clock, system_now
from tthc_desk.ui.context import AppContext


class CalendarBanner(QLabel):
    """A yellow line naming the years whose calendar is not confirmed; hidden otherwise."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reminder: cs.CalendarReminder | None = None
        self.setObjectName("calendarBanner")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(
            "background: #fff4ce; color: #4d3800; border: 1px solid #e0c060;"
            " border-radius: 3px; padding: 5px 8px;"
        )
        self.hide()

    def refresh(self, now: Clock = system_now) -> None:
        """Ask the service again (off the UI thread) and show or hide the banner."""
        self.ctx.runner.submit(
            cs.calendar_reminder, self.ctx.db, now, on_done=self.show_reminder, on_error=None
        )

    def show_reminder(self, reminder: cs.CalendarReminder) -> None:
        self.reminder = reminder
        if not reminder:
            self.clear()
            self.hide()
            return
        years = ", ".join(str(y) for y in reminder.years)
        parts = [
            self.tr("Lịch làm việc năm {years} chưa được xác nhận.").format(years=years),
        ]
        if reminder.incomplete:
            parts.append(
                self.tr(
                    "Dữ liệu kèm theo chưa có đủ quyết định nghỉ lễ của Chính phủ cho năm {years}."
                ).format(years=", ".join(str(y) for y in reminder.incomplete))
            )
        if self.ctx.user.role is Role.ADMIN:
            parts.append(
                self.tr(
                    "Hãy đối chiếu với thông báo nghỉ lễ của Chính phủ và của UBND tỉnh trên "
                    "trang Lịch làm việc, rồi bấm «Xác nhận lịch năm»."
                )
            )
        else:
            parts.append(
                self.tr("Hạn giải quyết có thể sai một ngày; hãy báo quản trị viên kiểm tra.")
            )
        self.setText(" ".join(parts))
        self.show()
