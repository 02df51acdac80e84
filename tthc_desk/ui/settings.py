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

    def sync(self) -> None:
        self._s.sync()
