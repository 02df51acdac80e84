"""The 12-digit personal identification number (số định danh cá nhân): structure and checks.

Structure (Nghị định 137/2015/NĐ-CP, Thông tư 07/2016/TT-BCA as amended by 59/2021/TT-BCA):
``PPP`` the province of birth registration, ``G`` the century and gender, ``YY`` the last two
digits of the birth year, then six random digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tthc_desk.domain.errors import ValidationError

#: Province codes as issued (Thông tư 07/2016/TT-BCA, Phụ lục; unchanged by 59/2021/TT-BCA).
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}


@dataclass(frozen=True)
class PersonalId:
    """A parsed personal ID: the number, province, gender and the century-qualified birth year."""

    number: str
    province_code: str
    province: str
    gender: str  # "male" / "female"
    birth_year: int


def century_of(code: int) -> int:
    """The first year of the century a gender/century digit encodes: 0/1 → 1900, 2/3 → 2000,
    4/5 → 2100, 6/7 → 2200, 8/9 → 2300."""
    return 1900 + (code // 2) * 100


def parse_personal_id(
    text: str, birth_year: int | None = None, *, today: date | None = None
) -> PersonalId:
    """Check ``text`` (spaces allowed) and return its parts; raise ``ValidationError`` otherwise.

    When ``birth_year`` is given, the century digit and the two year digits must agree with it;
    when ``today`` is given, the birth year the number encodes may not lie in the future (a
    century digit of 4 or more, or "2099", is not a real person's number yet).
    """
    number = "".join(text.split())
    if not number:
        raise ValidationError("applicant.personal_id.empty", field="personal_id")
    if not number.isdigit() or not number.isascii() or len(number) != 12:
        raise ValidationError(
            "applicant.personal_id.format", field="personal_id", value=number, length=len(number)
        )
    province_code = number[:3]
    if province_code not in PROVINCE_CODES:
        raise ValidationError(
            "applicant.personal_id.province", field="personal_id", province_code=province_code
        )
    code = int(number[3])
    year = century_of(code) + int(number[4:6])
    if birth_year is not None and year != birth_year:
        raise ValidationError(
            "applicant.personal_id.birth_year",
            field="personal_id",
            id_year=year,
            birth_year=birth_year,
        )
    if today is not None and year > today.year:
        raise ValidationError(
            "applicant.personal_id.future", field="personal_id", id_year=year, year=today.year
        )
    return PersonalId(
        number=number,
        province_code=province_code,
        province=PROVINCE_CODES[province_code],
        gender="male" if code % 2 == 0 else "female",
        birth_year=year,
    )


def is_valid_personal_id(text: str, birth_year: int | None = None) -> bool:
    """Whether ``text`` passes :func:`parse_personal_id`."""
    try:
        parse_personal_id(text, birth_year)
    except ValidationError:
        return False
    return True
