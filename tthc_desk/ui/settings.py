"""Per-PC preferences over QSettings (language, window state); business settings live in the DB."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings


class UiSettings:
    """A small typed wrapper: each preference is a property with a default."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings or QSettings("TTHCDesk", "TTHCDesk")

    @property
    def language(self) -> str:
        value = self._s.value("ui/language", "vi")
        return value if value in ("vi", "en") else "vi"

    @language.setter
    def language(self, value: str) -> None:
        self._s.setValue("ui/language", value)

    def geometry(self, key: str) -> QByteArray | None:
        value = self._s.value(f"window/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, key: str, value: QByteArray) -> None:
        self._s.setValue(f"window/{key}", value)

    @property
    def last_username(self) -> str:
        return str(self._s.value("ui/last_username", "") or "")

    @last_username.setter
    def last_username(self, value: str) -> None:
        self._s.setValue("ui/last_username", value)

    @property
    def office_heading(self) -> tuple[str, str]:
        """The office's name and counter unit as last read from the database: the sign-in
        window shows them at once, before the database is open (then the database's own)."""
        return (
            str(self._s.value("office/name", "") or ""),
            str(self._s.value("office/counter_unit", "") or ""),
        )

    def set_office_heading(self, name: str, counter_unit: str) -> None:
        self._s.setValue("office/name", name)
        self._s.setValue("office/counter_unit", counter_unit)

    def sync(self) -> None:
        self._s.sync()
