"""Exports laid out as provincial one-stop systems write them (a title block and a two-row
merged header on the second sheet, a ';' CSV in Windows-1258 and a tab CSV in UTF-16, a
workbook of Excel serial times with its header below row 15, an ".xls" that is an HTML table
without a status column, an XML Spreadsheet 2003 ".xls"), each imported and reconciled with one
planted difference of every kind found exactly once."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from test_province_service import _clerk, planted  # noqa: F401 - the fixture is used by name

from tthc_desk.domain import province as dom
from tthc_desk.domain.province import Difference
from tthc_desk.persistence.db import Database
from tthc_desk.services import province

# The planted rows' columns (see test_province_service._row).
CODE, PROC, PNAME, NAME, CHANNEL, SUBMITTED, RECEIVED, DUE, FINISHED, RETURNED, STATUS, BODY = (
    range(12)
)


def _time(text: str) -> datetime | None:
    return datetime.strptime(text, "%d/%m/%Y %H:%M") if text else None


Words = dict[str, str]


def _reword(rows: list[list[str]], status: Words, channel: Words) -> list[list[object]]:
    """The planted rows with times as datetimes and the vendor's own status/channel words."""
    out: list[list[object]] = []
    for r in rows:
        row: list[object] = list(r)
        for i in (SUBMITTED, RECEIVED, DUE, FINISHED, RETURNED):
            row[i] = _time(r[i])
        row[STATUS] = status.get(r[STATUS], r[STATUS])
        row[CHANNEL] = channel.get(r[CHANNEL], r[CHANNEL])
        out.append(row)
    return out


def _assert_planted_found(db: Database, c: dict[str, str]) -> None:
    r = province.reconcile(db, date(2026, 3, 1), date(2026, 3, 31))
    found = {k: [f.code for f in r.of(k)] for k in Difference}
    assert found == {
        Difference.APP_ONLY: [c["app_only"]],
        Difference.PROVINCE_ONLY: ["XANSON-260302-0777"],
        Difference.STATUS: [c["status"]],
        Difference.RECEIVED_LATE: [c["late"]],
        Difference.RETURNED_TIME: [c["returned"]],
        Difference.NO_BOOK_LINE: [c["no_line"]],
        Difference.DOUBTFUL: [c["doubtful"]],
    }
    assert (r.app_total, r.province_total, r.matched) == (8, 8, 6)


def _import(db: Database, path: Path, layout: str | None = None) -> province.ProvincePreview:
    preview = province.preview_province(db, path)
    assert [(x.number, [p.code for p in x.problems]) for x in preview.rows if x.problems] == []
    assert preview.count("new") == 8 and preview.count("refused") == 0
    if layout is not None:
        assert preview.layout == layout
    report = province.apply_province(db, _clerk(db), preview)
    assert (report.new, report.refused) == (8, 0)
    assert report.online_created == ("XANSON-260303-0901",)
    again = province.preview_province(db, path)  # the same file twice changes nothing
    assert again.count("unchanged") == 8 and again.count("refused") == 0
    return preview


# --------------------------------------------------------------- 1. iGate-like, title block


IGATE_TOP = [
    "STT", "Số biên nhận", "Thủ tục hành chính", None, "Người nộp hồ sơ", "Hình thức\nnộp",
    "Thời gian", None, None, None, None, "Trạng thái hồ sơ (*)", "Cơ quan\nthực hiện",
]  # fmt: skip
IGATE_SUB = [
    None, None, "Mã TTHC", "Tên TTHC", None, None, "Ngày nộp", "Ngày tiếp nhận",
    "Ngày hẹn trả", "Ngày có kết quả", "Ngày trả kết quả", None, None,
]  # fmt: skip


def _igate_export(path: Path, rows: list[list[str]]) -> Path:
    data = _reword(
        rows,
        {"Đang xử lý": "Đang thụ lý", "Có kết quả": "Đã có kết quả", "Chờ tiếp nhận": "Mới nộp"},
        {"Trực tiếp": "Trực tiếp tại Bộ phận Một cửa", "Trực tuyến": "Trực tuyến mức độ 4"},
    )
    wb = Workbook()
    summary = wb.active
    summary.title = "Tổng hợp"
    summary.append(["BÁO CÁO TỔNG HỢP"])
    summary.append(["Lĩnh vực", "Tiếp nhận", "Đã giải quyết"])
    summary.append(["Hộ tịch", 2, 2])
    ws = wb.create_sheet("Danh sách hồ sơ")
    for line in (
        ["UBND TỈNH HẢI DƯƠNG", None, None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["UBND XÃ AN SƠN", None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        ["DANH SÁCH HỒ SƠ TIẾP NHẬN VÀ GIẢI QUYẾT"],
        ["Từ ngày 01/03/2026 đến ngày 31/03/2026"],
        [],
        IGATE_TOP,
        IGATE_SUB,
        [f"({i})" for i in range(1, 14)],
    ):
        ws.append(line)
    ws.merge_cells("C7:D7")
    ws.merge_cells("G7:K7")
    for col in "ABEFLM":
        ws.merge_cells(f"{col}7:{col}8")
    for i, r in enumerate(data, 1):
        code = f"  {str(r[CODE]).lower()} "  # typed codes come in any case with spaces
        ws.append([i, code, r[PROC], r[PNAME], r[NAME], r[CHANNEL], *r[SUBMITTED:BODY], r[BODY]])
    ws.append(["Tổng cộng: 8 hồ sơ"])
    ws.append([])
    ws.append([None, None, None, None, None, None, None, None, None, None, "NGƯỜI LẬP BIỂU"])
    ws.append([None, None, None, None, None, None, None, None, None, None, "Nguyễn Thị Hoa"])
    wb.save(path)
    return path


def test_igate_export_with_title_block_two_row_header_second_sheet(planted) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    db, c, rows, tmp = planted
    preview = _import(db, _igate_export(tmp / "igate.xlsx", rows))
    assert preview.mapping["code"] == 1 and preview.mapping["procedure_code"] == 2
    assert preview.mapping["due_at"] == 8 and preview.mapping["status"] == 11
    assert preview.header[2] == "Mã TTHC" and preview.header[6] == "Ngày nộp"
    assert [r.number for r in preview.rows] == list(range(10, 18))  # rows as the sheet shows
    first = preview.rows[0].row
    assert first is not None and first.code == c["ok"] and first.channel is not None
    assert first.channel.value == "counter" and first.handling_body == "UBND xã An Sơn"
    _assert_planted_found(db, c)


# --------------------------------------------------------------- 2. CSV: ';' + cp1258, tab + UTF-16

CSV_HEADER = [
    "Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Chủ hồ sơ", "Kênh nộp", "Ngày nộp", "Ngày nhận",
    "Hạn xử lý", "Ngày kết thúc", "Ngày trả", "Tình trạng xử lý", "Đơn vị",
]  # fmt: skip


TONES = "\u0300\u0301\u0303\u0309\u0323"  # the combining tone marks of Windows-1258


def _cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: base letters with the tone as a combining mark where the
    code page has no precomposed letter."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in parts[1:] if m in TONES)
        letter = unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONES))
        out += (letter + tones).encode("cp1258")
    return bytes(out)


def _csv_export(rows: list[list[str]], delimiter: str, times: Callable[[datetime], str]) -> str:
    data = _reword(
        rows,
        {"Đang xử lý": "Đang giải quyết", "Chờ tiếp nhận": "Chờ tiếp nhận hồ sơ trực tuyến"},
        {"Trực tiếp": "Nộp trực tiếp", "Trực tuyến": "Nộp trực tuyến"},
    )
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(["Sổ theo dõi hồ sơ - UBND xã An Sơn"])
    w.writerow([])
    w.writerow(CSV_HEADER)
    for r in data:
        w.writerow([times(v) if isinstance(v, datetime) else ("" if v is None else v) for v in r])
    w.writerow(["Tổng số hồ sơ: 8"])
    return buf.getvalue()


@pytest.mark.parametrize("kind", ["cp1258", "utf16"])
def test_csv_exports_in_windows_1258_and_utf16(planted, kind: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    db, c, rows, tmp = planted
    path = tmp / f"{kind}.csv"
    if kind == "cp1258":
        text = _csv_export(rows, ";", lambda t: t.strftime("%H:%M:%S %d/%m/%Y"))
        path.write_bytes(_cp1258(text))
    else:
        text = _csv_export(rows, "\t", lambda t: t.strftime("%d-%m-%Y %H:%M"))
        path.write_bytes(text.encode("utf-16-le"))  # "Unicode text" without a byte-order mark
    preview = _import(db, path, "generic")
    assert preview.header[3] == "Chủ hồ sơ"
    names = {r.row.applicant for r in preview.rows if r.row is not None}
    assert "Hoàng Văn Ba" in names and "Phạm Thị Bảy" in names
    _assert_planted_found(db, c)


# --------------------------------------------------------------- 3. Excel serials, late header


SERIAL_HEADER = [
    "TT", "Tên tổ chức, cá nhân", "Mã số hồ sơ (1)", "Trạng thái giải quyết (2)",
    "Thời điểm tiếp nhận\n(3)", "Thời điểm nộp (4)", "Mã số TTHC", "Dịch vụ công",
    "Nguồn hồ sơ", "Hạn hoàn thành", "Ngày xử lý xong", "Ngày trả kết quả thực tế",
    "Đơn vị giải quyết", "Ghi chú",
]  # fmt: skip


def _serial(at: datetime | None) -> float | None:
    if at is None:
        return None
    return (at - datetime(1899, 12, 30)).total_seconds() / 86400


def _serial_export(path: Path, rows: list[list[str]]) -> Path:
    data = _reword(
        rows,
        {
            "Đã trả kết quả": "Kết thúc",
            "Có kết quả": "Chờ trả kết quả",
            "Đang xử lý": "Chờ phân công xử lý",
            "Chờ tiếp nhận": "Mới đăng ký",
        },
        {"Trực tiếp": "Bộ phận một cửa", "Trực tuyến": "Cổng DVC quốc gia"},
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for i in range(17):  # a long preamble: the header is on row 18
        ws.append([f"Ghi chú {i + 1}: hồ sơ của kỳ báo cáo"] if i % 3 == 0 else [])
    ws.append(SERIAL_HEADER)
    for i, r in enumerate(data, 1):
        submitted = r[SUBMITTED]
        ws.append(
            [
                i, r[NAME], r[CODE], r[STATUS], _serial(r[RECEIVED]),  # type: ignore[arg-type]
                # the portal's time as ISO with its offset (UTC here): 00:00Z is 07:00 local
                submitted.replace(hour=submitted.hour - 7).strftime("%Y-%m-%dT%H:%M:%SZ")
                if isinstance(submitted, datetime) else None,
                r[PROC], r[PNAME], r[CHANNEL], None, _serial(r[FINISHED]),  # type: ignore[arg-type]
                _serial(r[RETURNED]), r[BODY], "",  # type: ignore[arg-type]
            ]
        )  # fmt: skip
    ws.append([None, "Tổng cộng", 8])
    wb.save(path)
    return path


def test_workbook_of_excel_serials_with_the_header_below_row_15(planted) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    db, c, rows, tmp = planted
    preview = _import(db, _serial_export(tmp / "serial.xlsx", rows), "generic")
    assert {k: preview.mapping[k] for k in ("code", "status", "received_at", "applicant")} == {
        "code": 2,
        "status": 3,
        "received_at": 4,
        "applicant": 1,
    }
    online = next(r.row for r in preview.rows if r.code == "XANSON-260303-0901")
    assert online is not None and online.submitted_at == datetime(2026, 3, 3, 7)
    assert online.channel is not None and online.channel.value == "online"
    _assert_planted_found(db, c)


# --------------------------------------------------------------- the pieces, one by one


def test_headers_with_numbering_breaks_and_marks_map_one_field_per_column() -> None:
    header = [
        "STT", "Mã hồ sơ\n(2)", "Số hồ sơ", "Tên thủ tục hành chính (*)", "NGƯỜI NỘP",
        "ngay tiep nhan ho so", "Ngày hẹn trả", "Trạng thái", "Tình trạng", "Ngày trả",
    ]  # fmt: skip
    layout, mapping = dom.detect_columns(header)
    assert layout == "generic"
    assert mapping == {
        "code": 1,  # the first alias wins; "Số hồ sơ" stays unused
        "procedure_name": 3,
        "applicant": 4,
        "received_at": 5,
        "due_at": 6,
        "status": 7,
        "returned_at": 9,
    }
    assert len(set(mapping.values())) == len(mapping)
    # A sub-title that is no field alone is read with its group title.
    merged = dom.merge_header_rows(
        ["Nhận hồ sơ", "Thời gian", None, "Số hồ sơ"], ["Ngày, tháng", "Ngày nộp", "Ngày hẹn trả"]
    )
    assert merged == ("Nhận hồ sơ Ngày, tháng", "Ngày nộp", "Ngày hẹn trả", "Số hồ sơ")
    assert dom.detect_columns(merged)[1]["received_at"] == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (46083.5, datetime(2026, 3, 2, 12)),
        ("46083.3125", datetime(2026, 3, 2, 7, 30)),
        (datetime(2026, 3, 2, 8, 0, 0, 700), datetime(2026, 3, 2, 8)),
        ("08:05:09 02/03/2026", datetime(2026, 3, 2, 8, 5, 9)),
        ("02/03/2026 08:05:09", datetime(2026, 3, 2, 8, 5, 9)),
        ("02-03-2026", datetime(2026, 3, 2)),
        ("02/03/26 14:00", datetime(2026, 3, 2, 14)),
        ("2026-03-02T08:05:00+07:00", datetime(2026, 3, 2, 8, 5)),
        ("2026-03-02T01:05:00.000Z", datetime(2026, 3, 2, 8, 5)),
        ("2026-03-02T10:05:00+09:00", datetime(2026, 3, 2, 8, 5)),
        ("02/03/2026 02:30:00 CH", datetime(2026, 3, 2, 14, 30)),
        ("08h30 ngày 02/03/2026", datetime(2026, 3, 2, 8, 30)),
        ('="02/03/2026 07:00"', datetime(2026, 3, 2, 7)),
    ],
)
def test_time_cells_as_exports_write_them(text: object, expected: datetime) -> None:
    assert dom.parse_datetime(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "2026", "02/03", "13:00 CH 02/03/2026", "x"])
def test_times_that_are_not_times_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        dom.parse_datetime(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đã tiếp nhận", "processing"),
        ("Đang thụ lý", "processing"),
        ("Chuyển xử lý", "processing"),
        ("Tạm dừng", "processing"),
        ("Chờ bổ sung", "supplement"),
        ("Yêu cầu chỉnh sửa, bổ sung", "supplement"),
        ("Đã có kết quả", "result_ready"),
        ("Hoàn thành", "result_ready"),
        ("Chờ trả kết quả", "result_ready"),
        ("Hoàn thành, đã trả kết quả", "returned"),
        ("ĐÃ TRẢ KẾT QUẢ", "returned"),
        ("Trả lại hồ sơ", "refused"),
        ("Từ chối tiếp nhận", "refused"),
        ("Đã hủy", "withdrawn"),
        ("Dừng xử lý", "stopped"),
        ("Chờ tiếp nhận", "submitted"),
    ],
)
def test_status_words(text: str, expected: str) -> None:
    assert dom.parse_status(text) == expected


def test_words_match_whole_words_only() -> None:
    assert dom.parse_status("Đúng hạn") is None
    assert dom.parse_status("Chuyển") is None  # "huy" inside "chuyen" is no cancellation
    assert dom.parse_channel("Trực tuyến mức độ 3") == "online"
    assert dom.parse_channel("Qua bưu chính công ích") == "post"
    assert dom.parse_channel("Nộp trực tiếp") == "counter"


def test_codes_are_normalised_and_filler_rows_left_out() -> None:
    assert dom.code_text(" xanson - 260302 - 0001 ") == "XANSON-260302-0001"
    assert dom.code_text('="000.00.25.H23-260302-0001"') == "000.00.25.H23-260302-0001"
    cols = {"code": 1, "status": 2, "received_at": 3}
    assert dom.is_filler(["(1)", "(2)", "(3)", "(4)"], cols)
    assert dom.is_filler(["Tổng cộng", "", "", "8"], cols)
    assert dom.is_filler(["", "", "", ""], cols)
    assert dom.is_filler(["", "", "", "", "NGƯỜI LẬP BIỂU"], cols)
    assert dom.is_filler(["Lĩnh vực: Hộ tịch"], cols)
    assert not dom.is_filler(["1", "XANSON-260302-0001", "", ""], cols)  # refused, not hidden
    assert not dom.is_filler(["", "", "Đang xử lý", "02/03/2026"], cols)  # no code: refused


# --------------------------------------------------------------- 4. ".xls" that is HTML or XML


def _html_xls(path: Path, rows: list[list[str]]) -> Path:
    """An ".xls" export that is an HTML table (windows-1258 declared), with a header merged
    over two rows by rowspan/colspan and no status column, like the follow-up book "Sổ theo dõi
    hồ sơ" (Thông tư 01/2018/TT-VPCP, Mẫu số 06): the status comes from the times."""
    data = _reword(rows, {}, {"Trực tuyến": "Trực tuyến"})
    fmt = lambda t: t.strftime("%d/%m/%Y %H:%M") if isinstance(t, datetime) else ""  # noqa: E731
    lines = [
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=utf-8'>",
        "</head><body><table><tr><td colspan='9'><b>SỔ THEO DÕI HỒ SƠ</b></td></tr></table>",
        "<table border='1'><tr><th rowspan='2'>STT</th><th rowspan='2'>Mã<br>hồ sơ</th>",
        "<th rowspan='2'>Tên TTHC</th><th rowspan='2'>Mã TTHC</th>",
        "<th rowspan='2'>Tên cá nhân, tổ chức</th><th colspan='2'>Nhận hồ sơ</th>",
        "<th rowspan='2'>Hẹn trả kết quả</th><th rowspan='2'>Nhận kết quả từ cơ quan giải quyết</th>",
        "<th rowspan='2'>Trả kết quả cho cá nhân, tổ chức</th><th rowspan='2'>Ghi chú</th></tr>",
        "<tr><th>Hình thức</th><th>Ngày, giờ</th></tr>",
    ]
    for i, r in enumerate(data, 1):
        cells = [i, r[CODE], "", r[PROC], r[NAME], r[CHANNEL], fmt(r[RECEIVED] or r[SUBMITTED])]
        cells += [fmt(r[DUE]), fmt(r[FINISHED]), fmt(r[RETURNED]), "&nbsp;"]
        lines.append("<tr>" + "".join(f"<td>{v}</td>" for v in cells) + "</tr>")
    lines.append("<tr><td colspan='5'>Tổng cộng</td><td>8</td></tr></table></body></html>")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_html_xls_follow_up_book_without_a_status_column(planted) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    db, c, rows, tmp = planted
    # In this book the online dossier's only time is its submission, read as the reception:
    # it is not "submitted" here; everything else must still be found.
    rows = [r for r in rows if r[CODE] != "XANSON-260303-0901"]
    path = _html_xls(tmp / "so-theo-doi.xls", rows)
    preview = province.preview_province(db, path)
    assert preview.count("new") == 7 and preview.count("refused") == 0
    assert "status" not in preview.mapping
    assert preview.header[5:7] == ("Hình thức", "Nhận hồ sơ Ngày, giờ")
    assert {k: preview.mapping[k] for k in ("code", "received_at", "finished_at")} == {
        "code": 1,
        "received_at": 6,
        "finished_at": 8,
    }
    status = {r.code: r.row.status.value for r in preview.rows if r.row is not None}
    assert status[c["ok"]] == "returned" and status[c["status"]] == "result_ready"
    assert status[c["late"]] == "processing"
    province.apply_province(db, _clerk(db), preview)
    r = province.reconcile(db, date(2026, 3, 1), date(2026, 3, 31))
    found = {k: [f.code for f in r.of(k)] for k in Difference}
    assert found == {
        Difference.APP_ONLY: [c["app_only"]],
        Difference.PROVINCE_ONLY: ["XANSON-260302-0777"],
        Difference.STATUS: [c["status"]],
        Difference.RECEIVED_LATE: [c["late"]],
        Difference.RETURNED_TIME: [c["returned"]],
        Difference.NO_BOOK_LINE: [c["no_line"]],
        Difference.DOUBTFUL: [c["doubtful"]],
    }
    assert (r.app_total, r.province_total, r.matched) == (7, 7, 5)


def _spreadsheetml(path: Path, rows: list[list[str]]) -> Path:
    """An "XML Spreadsheet 2003" .xls: typed cells (ISO DateTime), MergeAcross, ss:Index."""
    data = _reword(rows, {"Đang xử lý": "Đang xử lý"}, {})
    ns = "urn:schemas-microsoft-com:office:spreadsheet"

    def cell(v: object, index: int | None = None) -> str:
        at = f' ss:Index="{index}"' if index else ""
        if v is None or v == "":
            return f"<Cell{at}/>"
        if isinstance(v, datetime):
            return f'<Cell{at}><Data ss:Type="DateTime">{v:%Y-%m-%dT%H:%M:%S}.000</Data></Cell>'
        kind = "Number" if isinstance(v, int) else "String"
        return f'<Cell{at}><Data ss:Type="{kind}">{v}</Data></Cell>'

    out = [
        '<?xml version="1.0"?>',
        f'<Workbook xmlns="{ns}" xmlns:ss="{ns}"><Worksheet ss:Name="DS"><Table>',
        '<Row><Cell ss:MergeAcross="5"><Data ss:Type="String">DANH SÁCH HỒ SƠ</Data></Cell></Row>',
        '<Row ss:Index="3">' + "".join(cell(h) for h in ["STT", *_HEADER_ML]) + "</Row>",
    ]
    for i, r in enumerate(data, 1):
        values = [r[CODE], r[PROC], r[NAME], r[CHANNEL], r[SUBMITTED], r[RECEIVED]]
        values += [r[FINISHED], r[RETURNED], r[STATUS]]
        out.append("<Row>" + cell(i) + "".join(cell(v) for v in values) + "</Row>")
    out.append("</Table></Worksheet></Workbook>")
    path.write_text("\n".join(out), encoding="utf-8")
    return path


_HEADER_ML = [
    "Mã hồ sơ", "Mã thủ tục", "Người nộp", "Kênh nộp", "Ngày nộp", "Ngày tiếp nhận",
    "Ngày có kết quả", "Ngày trả kết quả", "Trạng thái",
]  # fmt: skip


def test_xml_spreadsheet_xls(planted) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    db, c, rows, tmp = planted
    preview = _import(db, _spreadsheetml(tmp / "ds.xls", rows), "generic")
    assert [r.number for r in preview.rows][:2] == [4, 5]
    _assert_planted_found(db, c)


def test_binary_xls_asks_for_xlsx(pdb: Database, tmp_path: Path) -> None:
    from tthc_desk.domain.errors import ValidationError

    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ValidationError) as err:
        province.preview_province(pdb, path)
    assert err.value.code == "province.file.type"


def test_an_unknown_channel_or_a_result_before_reception_keeps_the_row_with_a_note() -> None:
    row, notes = dom.parse_row(
        7,
        {
            "code": "XANSON-260302-0004",
            "status": "Đang xử lý",
            "channel": "Ki-ốt",
            "received_at": "02/03/2026 14:00",
            "finished_at": "02/03/2026 11:00",
        },
    )
    assert row is not None and row.channel is None and row.received_at == datetime(2026, 3, 2, 14)
    assert [n.code for n in notes] == ["province.channel.unknown", "province.time.order"]
    refused, problems = dom.parse_row(8, {"code": "X", "status": "??", "channel": "Ki-ốt"})
    assert refused is None
    assert [p.code for p in problems][-1] == "province.channel.unknown"


def test_a_saved_mapping_that_does_not_fit_this_export_gives_way_to_the_ready_layouts() -> None:
    header = ["Số biên nhận", "Trạng thái", "Ngày tiếp nhận", "Ngày nộp"]
    saved = {"code": "Số biên nhận", "received_at": "Thời điểm nhận thực tế"}
    # Only the code of the saved mapping is here, so the ready layouts read the header.
    assert dom.detect_columns(header, saved) == (
        "generic",
        {"code": 0, "status": 1, "received_at": 2, "submitted_at": 3},
    )
    fits = {"code": "Số biên nhận", "received_at": "Ngày nộp"}
    assert dom.detect_columns(header, fits) == ("saved", {"code": 0, "received_at": 3})
