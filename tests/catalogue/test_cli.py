"""The catalogue and notice commands, run in process."""

from __future__ import annotations

from pathlib import Path

from catalogue_data import realistic_inputs
from pypdf import PdfReader

from tthc_desk.cli import run
from tthc_desk.services import catalogue as cat
from tthc_desk.services import catalogue_import as ci


def test_template_import_export_notice(tmp_path: Path, office_db, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TTHC_PASSWORD", "matkhau123")
    db = str(office_db.file_path)
    assert run(["--db", db, "catalogue", "template", str(tmp_path / "mau.xlsx")]) == 0
    assert "Đã ghi tệp mẫu" in capsys.readouterr().out

    records = realistic_inputs()
    sheet = ci.write_xlsx(tmp_path / "tinh.xlsx", records, {3: {"documents": ""}})
    code = run(["--db", db, "catalogue", "import", str(sheet), "--dry-run", "--create-fields"])
    out = capsys.readouterr()
    assert code == 3  # a row was refused
    assert "Chạy thử" in out.out and "TỪ CHỐI" in out.out and "Thiếu thành phần hồ sơ" in out.out
    assert cat.count_procedures(office_db) == 0

    code = run(["--db", db, "catalogue", "import", str(sheet), "--create-fields"])
    assert code == 1 and "--user" in capsys.readouterr().err  # who saves it?
    code = run(
        ["--db", db, "catalogue", "import", str(sheet), "--create-fields", "--user", "canbo1"]
    )
    assert code == 1 and "không được phép" in capsys.readouterr().err  # a clerk may not
    code = run(
        ["--db", db, "catalogue", "import", str(sheet), "--create-fields", "--user", "chutich"]
    )
    out = capsys.readouterr().out
    assert code == 3 and f"Đã lưu: {len(records) - 1} thêm mới" in out
    assert cat.count_procedures(office_db) == len(records) - 1

    clean = ci.write_xlsx(tmp_path / "sach.xlsx", records[:10])
    assert run(["--db", db, "catalogue", "import", str(clean), "--user", "chutich"]) == 0
    out = capsys.readouterr().out  # the row refused the first time is added now
    assert "1 thêm mới, 0 sửa, 0 ngừng áp dụng, 9 không đổi" in out

    assert run(["--db", db, "catalogue", "export", str(tmp_path / "xuat.xlsx")]) == 0
    assert f"Đã xuất {len(records)} thủ tục" in capsys.readouterr().out

    pdf = tmp_path / "ho-tich.pdf"
    assert run(["--db", db, "notice", "--out", str(pdf), "--field", "ho tich"]) == 0
    assert "trang niêm yết" in capsys.readouterr().out
    assert len(PdfReader(pdf).pages) >= 10

    assert run(["--db", db, "notice", "--out", str(pdf), "--field", "Thuế"]) == 1
    assert "Không có lĩnh vực «Thuế»" in capsys.readouterr().err


def test_import_missing_file(tmp_path: Path, office_db, capsys) -> None:  # type: ignore[no-untyped-def]
    missing = str(tmp_path / "x.xlsx")
    code = run(["--db", str(office_db.file_path), "catalogue", "import", missing, "--dry-run"])
    assert code == 1 and "Không tìm thấy tệp" in capsys.readouterr().err
