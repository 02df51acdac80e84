"""Input limits as domain rules: text lengths, characters refused, money and count ranges, dates.

Every text a user or a file brings in is checked here before it is saved: not longer than its
field allows (the database column, and what a receipt or a register can print), without
control characters (NUL, ESC… — a line break only where the field is multi-line) or invisible
direction and zero-width marks (U+202E can make "fdp.exe" read as "exe.pdf"; a zero-width space
makes two equal names differ). Money and counts stay in ranges a commune office can meet;
past dates lie between 1900 and tomorrow.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from tthc_desk.domain.errors import ValidationError
from tthc_desk.domain.text import nfc

#: Longest text per kind of field (characters, after NFC).
NAME = 200  # a person's or organisation's name, a title, who collected
ADDRESS = 400
PHONE = 20
EMAIL = 200
SHORT = 200  # a subject line, a document title, a gender, a book
NOTE = 2000  # free notes
LONG_NAME = 500  # a procedure's or a required paper's name (the national catalogue's run long)
TEXT = 20_000  # long multi-line text: a procedure's steps for applicants, an answer
PATH = 1024  # a folder or file path (a network share's \\server\\share\\… included)
URL = 2000  # a web address (the limit browsers and servers commonly keep)
SEAL_BYTES = 512 * 1024  # the organisation's seal image (PNG or JPEG) printed on its signatures
#: Money in đồng: the largest fee or charge a commune office takes is far below this.
MAX_MONEY = 10**12
#: Sets of papers, pages, copies.
MAX_COUNT = 1000
FIRST_YEAR = 1900

#: Invisible marks refused everywhere: direction overrides/isolates/marks and zero-width
#: characters (Unicode TR #9 and TR #36 "Unicode Security Considerations").
_INVISIBLE = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)


def bad_character(text: str, *, multiline: bool = False) -> str | None:
    """The first refused character of ``text`` as ``U+XXXX``, or ``None``."""
    allowed = "\n\t" if multiline else ""
    for ch in text:
        if ch in allowed:
            continue
        if ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            return f"U+{ord(ch):04X}"
    return None


def check_text(text: str | None, field: str, limit: int, *, multiline: bool = False) -> str | None:
    """Return ``text`` when it is acceptable; ``ValidationError("input.too_long" /
    "input.bad_character", field=…)`` otherwise."""
    if not text:
        return text
    if len(text) > limit:
        raise ValidationError("input.too_long", field=field, limit=limit, length=len(text))
    bad = bad_character(text, multiline=multiline)
    if bad is not None:
        raise ValidationError("input.bad_character", field=field, char=bad)
    return text


def clean(text: str | None, field: str, limit: int, *, multiline: bool = False) -> str:
    """``text`` as it is saved — NFC, trimmed (one line: runs of white space collapsed;
    multi-line: each line's end trimmed) — after :func:`check_text`; ``""`` when empty."""
    if not text:
        return ""
    if multiline:
        lines = unicodedata.normalize("NFC", text).replace("\r\n", "\n").split("\n")
        value = "\n".join(line.rstrip() for line in lines).strip()
    else:
        value = nfc(text)
    check_text(value, field, limit, multiline=multiline)
    return value


def check_money(amount: int, field: str) -> int:
    """A sum of money in đồng: a whole number from 0 to :data:`MAX_MONEY`."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError("input.money", field=field, limit=MAX_MONEY)
    if not 0 <= amount <= MAX_MONEY:
        raise ValidationError("input.money", field=field, limit=MAX_MONEY)
    return amount


def check_count(count: int, field: str, low: int = 1, high: int = MAX_COUNT) -> int:
    """A count (sets, copies, pages): a whole number from ``low`` to ``high``."""
    if isinstance(count, bool) or not isinstance(count, int) or not low <= count <= high:
        raise ValidationError("input.count", field=field, low=low, high=high)
    return count


def check_past(moment: date | datetime | None, field: str, today: date) -> None:
    """A date in the past (a birth, a submission, a decision): from 1900 to tomorrow."""
    if moment is None:
        return
    day = moment.date() if isinstance(moment, datetime) else moment
    if day.year < FIRST_YEAR or day > today + timedelta(days=1):
        raise ValidationError(
            "input.date_range", field=field, first=FIRST_YEAR, last=str(today + timedelta(days=1))
        )


def check_url(text: str | None, field: str) -> str | None:
    """A web address: ``http://`` or ``https://``, a host name, a valid port if any, no white
    space, at most :data:`URL` characters and no refused character (:func:`check_text`);
    ``ValidationError("input.url", field=…)`` for the shape. ``""``/``None`` pass (not set)."""
    if not text:
        return text
    check_text(text, field, URL)
    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or 0 < parts.port
    except ValueError:
        parts, port_ok = None, False
    if (
        parts is None
        or not port_ok
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(ch.isspace() for ch in text)
    ):
        raise ValidationError("input.url", field=field)
    return text


def check_path(text: str | None, field: str) -> str | None:
    """A folder or file path typed or chosen: at most :data:`PATH` characters, no control,
    direction or zero-width character (a NUL cuts a path short; U+202E makes it read wrong)."""
    return check_text(text, field, PATH)
