"""The QR code on the chip citizen ID card (thẻ Căn cước công dân gắn chip, Thông tư 06/2021/
TT-BCA): what a 2D scanner or a camera reads from it, parsed into the applicant's details.

The code holds one line of ``|``-separated fields, in this order: the personal ID (12 digits),
the old 9-digit ID card number (empty when there was none), the full name, the date of birth
``ddmmyyyy``, the sex ("Nam"/"Nữ"), the permanent address and the date of issue ``ddmmyyyy``.
The fields are those the public descriptions list (Báo Bà Rịa - Vũng Tàu, 12/2022:
https://baobariavungtau.com.vn/phap-luat/202212/nguoi-dan-dung-giay-to-gi-thay-the-so-ho-khau-968058/
"Số CCCD, số CMND 9 số; họ và tên; ngày sinh; giới tính; nơi thường trú; ngày cấp CCCD"; ICTnews,
04/2021: https://ictnews.vietnamnet.vn/cuoc-song-so/ma-qr-tren-can-cuoc-cong-dan-ghi-nhung-thong-tin-gi-282978.html).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tthc_desk.domain.text import nfc

#: The card's line anywhere in a text (a scanner may type it after what a field already held):
#: 12 digits | 0 or 9 digits | name | 8 digits | sex | address | 8 digits
_LINE = re.compile(
    r"(?P<id>\d{12})\|(?P<old>\d{9})?\|(?P<name>[^|\r\n]+)\|(?P<birth>\d{8})\|"
    r"(?P<sex>[^|\r\n]*)\|(?P<address>[^|\r\n]*)\|(?P<issued>\d{8})"
)


@dataclass(frozen=True)
class IdCardQr:
    """The details read from one card, NFC-normalised. Dates that do not exist are None."""

    personal_id: str
    old_id: str
    full_name: str
    birth_date: date | None
    sex: str  # "Nam" / "Nữ" as printed, or "" when unreadable
    address: str
    issued_on: date | None


def _date(text: str) -> date | None:
    try:
        return date(int(text[4:8]), int(text[2:4]), int(text[0:2]))
    except ValueError:
        return None


def _sex(text: str) -> str:
    value = nfc(text).lower()
    if value in ("nam", "male", "m"):
        return "Nam"
    if value in ("nữ", "nu", "female", "f"):
        return "Nữ"
    return ""


def find_id_card_qr(text: str) -> tuple[IdCardQr, int, int] | None:
    """The card's line inside ``text`` with where it starts and ends, or None when ``text``
    holds no such line. The personal ID is not checked here (see ``parse_personal_id``)."""
    m = _LINE.search(text)
    if m is None:
        return None
    card = IdCardQr(
        personal_id=m["id"],
        old_id=m["old"] or "",
        full_name=nfc(m["name"]),
        birth_date=_date(m["birth"]),
        sex=_sex(m["sex"]),
        address=nfc(m["address"]),
        issued_on=_date(m["issued"]),
    )
    return card, m.start(), m.end()


def parse_id_card_qr(text: str) -> IdCardQr | None:
    """The card's details from a scanned line, or None when it is not a card's QR code."""
    found = find_id_card_qr(text)
    return found[0] if found else None
