"""Importing a province's list: template, preview with each kind of problem, save, cancel."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from catalogue_data import real_records, realistic_inputs

from tthc_desk.domain.enums import ProcedureStatus
from tthc_desk.domain.errors import AppError
from tthc_desk.services import catalogue as cat
from tthc_desk.services import catalogue_import as ci

GARBLED = "Cá nhân".encode().decode("latin-1")  # UTF-8 read as Latin-1: neither TCVN3 nor VNI


def build_sheet(path: Path) -> tuple[list[cat.ProcedureInput], dict[str, str]]:
    """62 procedures (47 real + 15 generated) with one row for each kind of problem."""
    records = realistic_inputs()
    assert len(records) >= 60
    by_code = {r.code: i for i, r in enumerate(records)}
    overrides: dict[int, dict[str, str]] = {
        by_code["1.004873"]: {"documents": ""},  # missing part: no documents
        by_code["1.004884"]: {"name": ""},  # missing part: no name
        by_code["1.001022"]: {"field": "Lĩnh vực không có"},  # unknown field
        by_code["1.004837"]: {
            "steps": "Tiếp nhận | Cán bộ tiếp nhận | 2\nThẩm định | Công chức | 10"
        },
        by_code["1.004222"]: {  # TCVN3 (.VnTime): converted
            "name": ci.unicode_to_tcvn3("Đăng ký thường trú"),
            "documents": ci.unicode_to_tcvn3(
                "Tờ khai thay đổi thông tin cư trú | mẫu đơn, tờ khai | 1\n"
                "Giấy tờ chứng minh chỗ ở hợp pháp | bản sao | 1"
            ),
        },
        by_code["1.004194"]: {"name": ci.unicode_to_vni("Đăng ký tạm trú")},  # VNI: converted
        by_code["1.003677"]: {"eligible": GARBLED},  # strange text: refused
        by_code["1.010041"]: {"code": "1.010038"},  # duplicate code (1.010038 comes earlier)
        by_code["2.000815"]: {"time_unit": "tuần"},  # unit not understood
    }
    expected = {
        "1.004873": "catalogue.documents.empty",
        "1.004884": "catalogue.name.empty",
        "1.001022": "catalogue.field.unknown",
        "1.004837": "catalogue.steps.sum",
        "1.003677": "import.legacy.unclear",
        "1.010038#2": "import.duplicate",
        "2.000815": "catalogue.time.unit",
    }
    ci.write_xlsx(path, records, overrides)
    return records, expected


@pytest.fixture
def fields_db(office_db, admin):  # type: ignore[no-untyped-def]
    for name in sorted({r.field for r in realistic_inputs()}):
        cat.create_field(office_db, admin, name)
    return office_db


def test_template_round_trip(tmp_path: Path, office_db) -> None:  # type: ignore[no-untyped-def]
    path = ci.write_template(tmp_path / "mau.xlsx")
    with pytest.raises(AppError) as e:
        ci.preview_import(office_db, path)
    assert e.value.code == "import.empty"  # header and hints only
    from openpyxl import load_workbook

    wb = load_workbook(path)
    assert wb.sheetnames == ["Danh mục thủ tục", "Ví dụ", "Hướng dẫn"]
    assert [c.value for c in wb["Danh mục thủ tục"][1]][:3] == [
        "Mã thủ tục",
        "Tên thủ tục",
        "Lĩnh vực",
    ]


def test_realistic_import_reports_each_problem(tmp_path: Path, fields_db, admin) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "danh-muc-tinh.xlsx"
    records, expected = build_sheet(path)
    preview = ci.preview_import(fields_db, path)
    assert len(preview.rows) == len(records) == 62
    assert cat.count_procedures(fields_db) == 0  # nothing saved by the preview
    seen_codes: dict[str, int] = {}
    problems: dict[str, set[str]] = {}
    for row in preview.rows:
        seen_codes[row.code] = seen_codes.get(row.code, 0) + 1
        key = row.code if seen_codes[row.code] == 1 else f"{row.code}#{seen_codes[row.code]}"
        problems[key] = {p.code for p in row.problems}
    for code, problem in expected.items():
        assert problem in problems[code], (code, problems[code])
    refused = {r.code for r in preview.rows if r.refused}
    assert preview.refused == 7
    assert "1.004222" not in refused and "1.004194" not in refused  # converted, not refused
    tcvn = next(r for r in preview.rows if r.code == "1.004222")
    assert tcvn.legacy == "TCVN3" and tcvn.data and tcvn.data.name == "Đăng ký thường trú"
    assert any(p.code == "import.legacy.converted" and not p.error for p in tcvn.problems)
    vni = next(r for r in preview.rows if r.code == "1.004194")
    assert vni.legacy == "VNI" and vni.data and vni.data.name == "Đăng ký tạm trú"
    # every problem has a Vietnamese sentence
    from tthc_desk.ui.messages import describe, known_codes

    for row in preview.rows:
        for p in row.problems:
            assert p.code in known_codes()
            assert "{" not in describe(p.as_error())

    report = ci.apply_import(fields_db, admin, preview)
    assert len(report.added) == 62 - 7 and report.refused == 7
    assert cat.count_procedures(fields_db) == 55
    saved = cat.get_current_by_code(fields_db, "1.004222").data
    assert saved.name == "Đăng ký thường trú"
    assert saved.documents[0].name == "Tờ khai thay đổi thông tin cư trú"
    assert "1.004194" in [r.code for r in cat.search_procedures(fields_db, "dang ky tam tru")]
    with pytest.raises(AppError):
        cat.get_current_by_code(fields_db, "1.004873")  # refused rows were not saved

    # Second pass: one change, one abolished, the rest unchanged.
    records = realistic_inputs()
    i = next(i for i, r in enumerate(records) if r.code == "1.001193")
    records[i] = replace(records[i], fees=(cat.FeeSpec("Lệ phí cấp bản sao", 8000),))
    j = next(i for i, r in enumerate(records) if r.code == "9.900001")
    path2 = ci.write_xlsx(tmp_path / "lan-2.xlsx", records, {j: {"action": "Bãi bỏ"}})
    preview2 = ci.preview_import(fields_db, path2)
    # the fee, and 1.004222 whose documents the TCVN3 row had replaced; refused rows are new now
    assert {r.code for r in preview2.rows if r.action == "change"} == {"1.001193", "1.004222"}
    assert preview2.count("add") == 7
    assert preview2.count("retire") == 1
    report2 = ci.apply_import(fields_db, admin, preview2)
    assert "1.001193" in report2.changed and report2.retired == ("9.900001",)
    assert [r.version for r in cat.procedure_versions(fields_db, "1.001193")] == [2, 1]
    gone = cat.procedure_versions(fields_db, "9.900001")[0]
    assert gone.status is ProcedureStatus.RETIRED


def test_cancel_leaves_no_half_catalogue(tmp_path: Path, fields_db, admin) -> None:  # type: ignore[no-untyped-def]
    path = ci.write_xlsx(tmp_path / "a.xlsx", realistic_inputs())
    preview = ci.preview_import(fields_db, path)

    class Cancelling:
        calls = 0
        progress_seen: list[tuple[int, int]] = []

        def progress(self, done: int, total: int) -> None:
            self.progress_seen.append((done, total))

        def check(self) -> None:
            self.calls += 1
            if self.calls > 30:
                raise AppError("task.cancelled")

    task = Cancelling()
    with pytest.raises(AppError) as e:
        ci.apply_import(fields_db, admin, preview, task=task)
    assert e.value.code == "task.cancelled"
    assert task.progress_seen and task.progress_seen[-1][1] == preview.to_save
    assert cat.count_procedures(fields_db) == 0


def test_retire_missing_and_create_fields(tmp_path: Path, office_db, admin) -> None:  # type: ignore[no-untyped-def]
    records = realistic_inputs()
    path = ci.write_xlsx(tmp_path / "a.xlsx", records)
    unknown = ci.preview_import(office_db, path)
    assert unknown.refused == len(records)  # no fields yet
    preview = ci.preview_import(office_db, path, ci.ImportOptions(create_fields=True))
    assert preview.refused == 0
    ci.apply_import(office_db, admin, preview)
    fewer = ci.write_xlsx(tmp_path / "b.xlsx", records[:50])
    preview = ci.preview_import(office_db, fewer, ci.ImportOptions(retire_missing=True))
    assert preview.count("retire") == len(records) - 50 and preview.count("unchanged") == 50
    report = ci.apply_import(office_db, admin, preview)
    assert len(report.retired) == len(records) - 50
    assert cat.count_procedures(office_db) == 50


def test_export_imports_back_unchanged(tmp_path: Path, catalogue_db) -> None:  # type: ignore[no-untyped-def]
    n = ci.export_catalogue(catalogue_db, tmp_path / "xuat.xlsx")
    assert n == 47
    preview = ci.preview_import(catalogue_db, tmp_path / "xuat.xlsx")
    actions = {r.action for r in preview.rows if r.data and r.data.documents and r.data.steps}
    assert actions == {"unchanged"}


def test_csv_utf8_and_legacy_bytes(tmp_path: Path, fields_db) -> None:  # type: ignore[no-untyped-def]
    records = realistic_inputs()[:5]
    utf8 = ci.write_csv(tmp_path / "a.csv", records)
    assert {r.action for r in ci.preview_import(fields_db, utf8).rows} == {"add"}
    # A whole file typed in TCVN3 and saved byte for byte (as old Excel on .VnTime does)
    legacy = ci.write_csv(
        tmp_path / "b.csv", records, encoding="latin-1", transform=ci.unicode_to_tcvn3
    )
    preview = ci.preview_import(fields_db, legacy)
    assert [r.action for r in preview.rows] == ["add"] * 5
    assert (
        [r.data.name for r in preview.rows]
        == [  # type: ignore[union-attr]
            r.name[0] + r.name[1:] for r in records
        ]
    )
    refused = ci.preview_import(fields_db, legacy, ci.ImportOptions(legacy="refuse"))
    assert refused.refused == 5
    assert {p.code for r in refused.rows for p in r.problems} >= {"import.legacy.refused"}


def test_bad_files(tmp_path: Path, office_db) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "x.txt").write_text("hello")
    for path, code in (
        (tmp_path / "none.xlsx", "import.file.missing"),
        (tmp_path / "x.txt", "import.file.type"),
    ):
        with pytest.raises(AppError) as e:
            ci.preview_import(office_db, path)
        assert e.value.code == code
    (tmp_path / "h.csv").write_text("Mã thủ tục,Tên thủ tục\n1,a\n", encoding="utf-8")
    with pytest.raises(AppError) as e:
        ci.preview_import(office_db, tmp_path / "h.csv")
    assert e.value.code == "import.header.missing" and "Lĩnh vực" in e.value.params["columns"]
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(AppError) as e:
        ci.preview_import(office_db, tmp_path / "broken.xlsx")
    assert e.value.code == "import.file.unreadable"


def test_every_catalogue_code_has_a_message() -> None:
    import re

    from tthc_desk.ui.messages import known_codes

    root = Path(__file__).resolve().parents[2] / "tthc_desk"
    files = [
        root / "services" / name
        for name in ("catalogue.py", "catalogue_import.py", "catalogue_seed.py", "notices.py")
    ]
    codes = set()
    for f in files:
        codes |= set(re.findall(r'"((?:catalogue|import|notice)\.[a-z_.]+)"', f.read_text()))
    assert codes and codes <= known_codes(), codes - known_codes()


def test_real_records_load_as_json() -> None:
    assert len(real_records()) == 47
    json.dumps(real_records())
