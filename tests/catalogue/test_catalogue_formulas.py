"""Catalogue spreadsheets: exports write formula-like text as text; imports refuse formulas."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

from catalogue_data import realistic_inputs
from openpyxl import load_workbook

from tthc_desk.services import catalogue as cat
from tthc_desk.services import catalogue_import as ci

NOTE = '=HYPERLINK("http://x.example","bấm")'


def ci_input(db, procedure_id):  # type: ignore[no-untyped-def]
    from tthc_desk.persistence.models import Procedure

    with db.session() as s:
        return cat._input_of(s.get(Procedure, procedure_id))


def test_export_writes_formula_like_names_as_text(tmp_path: Path, catalogue_db, admin) -> None:  # type: ignore[no-untyped-def]
    view = cat.get_current_by_code(catalogue_db, "1.004873")
    record = replace(ci_input(catalogue_db, view.id), notes=NOTE)
    cat.update_procedure(catalogue_db, admin, view.id, record)
    out = tmp_path / "xuat.xlsx"
    ci.export_catalogue(catalogue_db, out)
    with zipfile.ZipFile(out) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")
    ws = load_workbook(out)[ci.SHEET]
    notes = [c.value for c in ws["A"]]
    assert notes  # the sheet is there
    texts = [c for row in ws.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert texts and all(c.data_type == "s" for c in texts)
    # and it imports back as the same text, unchanged
    back = ci.preview_import(catalogue_db, out)
    row = next(r for r in back.rows if r.code == record.code)
    assert row.action == "unchanged" and row.data and row.data.notes == NOTE


def test_import_refuses_formula_cells_and_ignores_cached_values(
    tmp_path: Path, catalogue_db
) -> None:  # type: ignore[no-untyped-def]
    records = realistic_inputs()[:3]
    path = ci.write_xlsx(tmp_path / "f.xlsx", records, {1: {"name": '="Đăng ký "&"khai sinh"'}})
    # a spreadsheet program would have stored a cached value; openpyxl keeps only the formula,
    # so write one in by hand to prove it is never used
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None and ws.cell(3, 2).data_type == "f"
    wb.save(path)
    preview = ci.preview_import(catalogue_db, path)
    refused = [r for r in preview.rows if r.refused]
    assert [r.row for r in refused] == [3]
    assert {p.code for p in refused[0].problems} >= {"import.cell.formula"}
    assert "khai sinh" not in refused[0].name


def test_csv_and_xlsx_caps_give_clear_messages(tmp_path: Path, office_db) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from tthc_desk.domain.errors import AppError

    cases = {
        "utf16.csv": "Mã thủ tục,Tên\n".encode("utf-16"),
        "nul.csv": b"M\x00a,b\x00\n" * 10,
        "quote.csv": ('Mã thủ tục,Tên thủ tục,Lĩnh vực\n1,"' + "x" * 200_000 + "\n").encode(),
        "random.csv": bytes(range(256)) * 40,
        "rows.csv": ("Mã thủ tục,Tên thủ tục,Lĩnh vực\n" + "1,a,b\n" * 6000).encode(),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(AppError) as e:
            ci.preview_import(office_db, tmp_path / name)
        assert e.value.code.startswith("import."), (name, e.value.code)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b" " * (ci.MAX_UNPACKED_BYTES + 1))
    with pytest.raises(AppError) as e:
        ci.preview_import(office_db, bomb)
    assert e.value.code == "import.file.size"
