"""Reading the ID card's QR code from a picture: a code made here (the qrcode package) with the
card's line, as a camera would see it (small, turned, on a grey background), is decoded and
parsed back into the applicant's details."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import qrcode
from PIL import Image

from tthc_desk.adapters.qr_decoding import ZxingQrDecoder, decode_file
from tthc_desk.domain.errors import AppError
from tthc_desk.domain.id_card_qr import parse_id_card_qr

# The layout of the card's line: see tests/dossiers/test_id_card_scan.py for its sources.
CARD = "030085001234|142345678|Nguyễn Văn Đức|12051985|Nam|Thôn Đông, xã An Sơn, Hải Dương|15042021"


def card_photo() -> Image.Image:
    """The card's QR code (UTF-8, as on the card) small and turned on a grey desk."""
    code = qrcode.make(CARD.encode("utf-8"), border=2).get_image().convert("L")
    desk = Image.new("L", (960, 720), 170)
    turned = code.resize((260, 260)).rotate(9, expand=True, fillcolor=170)
    desk.paste(turned, (380, 230))
    return desk


def test_the_cards_code_is_read_from_a_photo(tmp_path: Path) -> None:
    path = tmp_path / "the-card.jpg"
    card_photo().convert("RGB").save(path, quality=85)
    texts = decode_file(path, ZxingQrDecoder())
    assert texts == [CARD]
    card = parse_id_card_qr(texts[0])
    assert card is not None and card.full_name == "Nguyễn Văn Đức"
    assert card.birth_date == date(1985, 5, 12) and card.issued_on == date(2021, 4, 15)


def test_a_picture_without_a_code_and_a_file_that_is_no_picture(tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    Image.new("L", (200, 200), 255).save(blank)
    assert decode_file(blank) == []
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not a picture")
    with pytest.raises(AppError) as err:
        decode_file(junk)
    assert err.value.code == "qr.image"
