"""Text rules: NFC normalisation where text enters, and diacritic-free folding for search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not d + a combining mark, so NFD does not strip them.
_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str | None) -> str:
    """Return ``text`` in Unicode NFC with surrounding white space removed and runs collapsed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    # the usual case, already clean: no white space but single ASCII spaces inside (any other
    # white space, \t, \n, NBSP, U+3000…, is not printable), nothing to collapse or strip
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text
    return _SPACES.sub(" ", text).strip()


def nfc_or_none(text: str | None) -> str | None:
    """Like :func:`nfc`, but an empty result becomes ``None`` (for optional columns)."""
    value = nfc(text)
    return value or None


def fold(text: str | None) -> str:
    """Lower-case ``text`` and strip every Vietnamese diacritic, đ included.

    ``fold("Nguyễn Văn Đức") == "nguyen van duc"``; used for search keys, so a clerk may type
    with or without marks.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", nfc(text).translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.lower()


def search_terms(query: str | None) -> list[str]:
    """Split a user's search box text into folded terms (all must match)."""
    return [t for t in fold(query).split(" ") if t]
