"""Catalogue test data: the 47 real commune procedures plus generated ones."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from tthc_desk.domain.enums import DocumentKind, OnlineService, TimeUnit

#: the 47 real procedures ship with the app as demo data (a copy of shared/data)
REAL = Path(__file__).resolve().parents[2] / "resources" / "demo" / "procedures-commune.json"


def real_records() -> list[dict]:
    return json.loads(REAL.read_text(encoding="utf-8"))


#: Generated procedures for fields the real file covers thinly (labour and social affairs,
#: land, culture, the police at the counter), each complete, with steps that add up.
GENERATED = [
    ("LĐ-TBXH", "Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình", 5),
    ("LĐ-TBXH", "Đề nghị trợ cấp thất nghiệp cho lao động tự do", 7),
    ("LĐ-TBXH", "Xác nhận thông tin người có công với cách mạng", 3),
    ("LĐ-TBXH", "Hỗ trợ học nghề cho lao động nông thôn", 10),
    ("LĐ-TBXH", "Đăng ký hưởng chế độ thờ cúng liệt sĩ", 5),
    ("Đất đai", "Xác nhận nguồn gốc sử dụng đất", 10),
    ("Đất đai", "Xác nhận hiện trạng thửa đất", 5),
    ("Đất đai", "Đăng ký biến động quyền sử dụng đất do đổi tên", 10),
    ("Văn hóa", "Đăng ký tổ chức lễ cưới, việc tang tại nhà văn hóa thôn", 2),
    ("Văn hóa", "Công nhận Khu dân cư văn hóa", 15),
    ("Văn hóa", "Cấp phép quảng cáo bằng băng rôn", 3),
    ("Đăng ký, quản lý cư trú", "Điều chỉnh thông tin về cư trú trong Cơ sở dữ liệu", 3),
    ("Đăng ký, quản lý cư trú", "Khai báo thông tin về cư trú với người chưa đủ điều kiện", 3),
    ("Chứng thực", "Chứng thực chữ ký người dịch", 1),
    ("Hộ tịch", "Ghi vào sổ hộ tịch việc kết hôn của công dân ở nước ngoài", 5),
]


def generated_inputs(hours_per_day: float = 8.0):  # type: ignore[no-untyped-def]
    from tthc_desk.services import catalogue as cat

    out = []
    for i, (field, name, days) in enumerate(GENERATED, start=1):
        police = "cu tru" in field.lower() or "cư trú" in field
        out.append(
            cat.ProcedureInput(
                code=f"9.{900000 + i}",
                name=name,
                field=field,
                time_unit=TimeUnit.WORKING_DAYS,
                time_amount=float(days),
                decision_no=f"{100 + i}/QĐ-UBND",
                applicant_steps="Nộp hồ sơ tại Bộ phận Một cửa\nNhận kết quả theo giấy hẹn",
                channel_post=i % 2 == 0,
                online_service=OnlineService.PARTIAL if i % 3 else OnlineService.FULL,
                eligible_applicants="Cá nhân",
                handling_body="Công an xã" if police else "UBND cấp xã",
                legal_basis=(f"Nghị định {i}/2024/NĐ-CP", "Luật Tổ chức chính quyền địa phương"),
                result_name="Văn bản xác nhận",
                vertical_agency="police" if police else None,
                documents=(
                    cat.DocumentSpec("Đơn đề nghị (theo mẫu)", DocumentKind.FORM, 1, "Mẫu số 01"),
                    cat.DocumentSpec("Giấy tờ tùy thân có ảnh", DocumentKind.COPY, 1),
                ),
                steps=cat.default_steps(
                    TimeUnit.WORKING_DAYS, float(days), hours_per_day, leader=not police
                ),
                fees=(cat.FeeSpec("Lệ phí", 10000 * (i % 3), "Miễn cho hộ nghèo"),),
            )
        )
    return out


def realistic_inputs():  # type: ignore[no-untyped-def]
    """The 47 real records, completed where the research left gaps, plus the generated ones."""
    from tthc_desk.services import catalogue as cat
    from tthc_desk.services.catalogue_seed import record_to_input

    out = []
    for record in real_records():
        data = record_to_input(record, 8.0)
        if data.time_amount is None and data.time_unit is not TimeUnit.SAME_DAY:
            data = replace(data, time_amount=5.0)
            data = replace(data, steps=cat.default_steps(data.time_unit, 5.0, 8.0))
        if not data.documents:
            data = replace(data, documents=(cat.DocumentSpec("Đơn đề nghị", DocumentKind.FORM),))
        data = replace(data, applicant_steps="Nộp hồ sơ\nNhận kết quả", decision_no="1/QĐ-UBND")
        out.append(data)
    return out + generated_inputs()
