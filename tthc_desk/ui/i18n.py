"""Installs the translators: Vietnamese is the source language; English comes from a .qm file."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from tthc_desk.paths import resources_dir

_installed: list[QTranslator] = []


def install_translators(app: QCoreApplication, language: str) -> None:
    """Load the app's and Qt's own translations for ``language`` ("vi" or "en")."""
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    i18n = resources_dir() / "i18n"
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        candidates = [(str(i18n), "tthc_desk_en")]
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        candidates.append((qt_dir, "qtbase_en"))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        # Qt ships no Vietnamese translation of its own dialogs; ours covers the common ones.
        candidates = [(str(i18n), "qtbase_vi")]
    for folder, name in candidates:
        tr = QTranslator(app)
        if tr.load(name, folder):
            app.installTranslator(tr)
            _installed.append(tr)
