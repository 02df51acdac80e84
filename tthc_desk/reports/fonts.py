"""Serif font family for printed sheets: Times New Roman when installed, else bundled Liberation."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Names under which the family is registered with reportlab (one family for every sheet).
SERIF = "TTHCSerif"
SERIF_BOLD = "TTHCSerif-Bold"
SERIF_ITALIC = "TTHCSerif-Italic"
SERIF_BOLD_ITALIC = "TTHCSerif-BoldItalic"

_STYLES = ("regular", "bold", "italic", "bold_italic")

# Letters a font must have to print Vietnamese (old Times/Liberation 1.x builds lack ơ, ư, ạ…).
_VIETNAMESE_PROBE = "ĂÂĐÊÔƠƯăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"

# File names of Times New Roman in the usual places (Windows, msttcorefonts, macOS).
_TIMES_NAMES: tuple[dict[str, str], ...] = (
    {
        "regular": "times.ttf",
        "bold": "timesbd.ttf",
        "italic": "timesi.ttf",
        "bold_italic": "timesbi.ttf",
    },
    {
        "regular": "Times_New_Roman.ttf",
        "bold": "Times_New_Roman_Bold.ttf",
        "italic": "Times_New_Roman_Italic.ttf",
        "bold_italic": "Times_New_Roman_Bold_Italic.ttf",
    },
    {
        "regular": "Times New Roman.ttf",
        "bold": "Times New Roman Bold.ttf",
        "italic": "Times New Roman Italic.ttf",
        "bold_italic": "Times New Roman Bold Italic.ttf",
    },
)

_LIBERATION = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}


@dataclass(frozen=True)
class FontFamily:
    """Four TrueType files of one serif family, and where they came from."""

    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def paths(self) -> tuple[Path, Path, Path, Path]:
        return (self.regular, self.bold, self.italic, self.bold_italic)


def resources_dir() -> Path:
    """The app's ``resources`` folder, in a source tree or inside a PyInstaller bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidate = Path(frozen_root) / "resources"
        if candidate.is_dir():
            return candidate
    return Path(__file__).resolve().parents[2] / "resources"


def system_font_dirs() -> list[Path]:
    """Folders where an installed Times New Roman may live on Windows, Linux and macOS."""
    dirs: list[Path] = []
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    dirs.append(Path("C:/Windows/Fonts"))
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    home = Path.home()
    dirs += [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local" / "share" / "fonts",
        home / ".fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts/Supplemental"),
        home / "Library" / "Fonts",
    ]
    return dirs


def _covers_vietnamese(path: Path) -> bool:
    try:
        face = TTFont("probe", str(path)).face
    except Exception:  # noqa: BLE001 - any unreadable font is simply not used
        return False
    return all(ord(ch) in face.charToGlyph for ch in _VIETNAMESE_PROBE)


def _find_families(folder: Path) -> list[dict[str, Path]]:
    """All complete Times New Roman file sets under ``folder`` (searched once, any case)."""
    if not folder.is_dir():
        return []
    wanted = {
        name.lower(): (index, style)
        for index, names in enumerate(_TIMES_NAMES)
        for style, name in names.items()
    }
    found: list[dict[str, Path]] = [{} for _ in _TIMES_NAMES]
    try:
        for path in folder.rglob("*"):
            hit = wanted.get(path.name.lower())
            if hit and hit[1] not in found[hit[0]] and path.is_file():
                found[hit[0]][hit[1]] = path
    except OSError:
        pass
    return [f for f in found if len(f) == len(_STYLES)]


def find_times_new_roman(dirs: Iterable[Path] | None = None) -> FontFamily | None:
    """Return an installed Times New Roman family that prints Vietnamese, or ``None``."""
    for folder in system_font_dirs() if dirs is None else dirs:
        for found in _find_families(Path(folder)):
            if all(_covers_vietnamese(p) for p in found.values()):
                return FontFamily("Times New Roman", *(found[s] for s in _STYLES))
    return None


def bundled_family() -> FontFamily:
    """The Liberation Serif family shipped in ``resources/fonts``."""
    folder = resources_dir() / "fonts"
    return FontFamily("Liberation Serif", *(folder / _LIBERATION[s] for s in _STYLES))


_lock = threading.Lock()
_registered: FontFamily | None = None


def register_fonts(
    prefer_system: bool = True, search_dirs: Sequence[Path] | None = None
) -> FontFamily:
    """Register the serif family with reportlab once and return it.

    Times New Roman is used when the system has all four styles with Vietnamese letters;
    otherwise the bundled Liberation Serif (metric-compatible with Times New Roman).
    Fonts are embedded as TrueType subsets in every PDF that uses them.
    """
    global _registered
    with _lock:
        if _registered is not None:
            return _registered
        family = find_times_new_roman(search_dirs) if prefer_system else None
        if family is None:
            family = bundled_family()
            missing = [p for p in family.paths() if not p.is_file()]
            if missing:
                raise FileNotFoundError(f"bundled fonts missing: {', '.join(map(str, missing))}")
        names = (SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC)
        for name, path in zip(names, family.paths(), strict=True):
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(
            SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD_ITALIC
        )
        for bold, italic, name in ((0, 0, SERIF), (1, 0, SERIF_BOLD), (0, 1, SERIF_ITALIC)):
            addMapping(SERIF, bold, italic, name)
        addMapping(SERIF, 1, 1, SERIF_BOLD_ITALIC)
        _registered = family
        return family


def missing_glyphs(text: str, font_name: str = SERIF) -> set[str]:
    """Characters of ``text`` (other than white space) that the registered font cannot draw."""
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    cmap = font.face.charToGlyph
    return {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}
