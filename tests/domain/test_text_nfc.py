"""``domain.text.nfc``: NFC, white space collapsed to one space, ends stripped.

The fast path (already clean text returned as it is) must give exactly what the plain
definition gives, for every kind of white space and combining mark a citizen's data brings in.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tthc_desk.domain.text import nfc, nfc_or_none


def _definition(text: str | None) -> str:
    if not text:
        return ""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguye\u0302\u0303n Va\u0306n A", "Nguyễn Văn A"),  # decomposed (NFD) → NFC
        ("  Nguyễn   Văn\tA \n", "Nguyễn Văn A"),
        ("Lê\u00a0Thị\u3000B", "Lê Thị B"),  # NBSP and the ideographic space are white space
        ("Trần\u2028C", "Trần C"),  # line separator
        ("Đỗ\u200bD", "Đỗ\u200bD"),  # zero-width space is not white space: kept
        ("Xã An Sơn", "Xã An Sơn"),
        ("", ""),
        (None, ""),
        (" ", ""),
    ],
)
def test_cases(raw: str | None, expected: str) -> None:
    assert nfc(raw) == expected
    assert nfc_or_none(raw) == (expected or None)


_PIECES = st.sampled_from(
    [" ", "  ", "a", "Đ", "ễ", "e\u0301", "\u0301", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c",
     "\x85", "\u00a0", "\u2007", "\u2028", "\u3000", "\u200b", "\ufeff", "1", "-"]
)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=10).map("".join))
def test_same_as_the_definition(text: str) -> None:
    assert nfc(text) == _definition(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=20))
def test_same_as_the_definition_any_text(text: str) -> None:
    assert nfc(text) == _definition(text)
