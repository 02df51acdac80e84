"""A hostile day at the counter: ≥ 100 bad inputs through the services and the command line.

Each case must be refused with a coded error (a Vietnamese sentence, no traceback) and leave
the database as it was: 0 tracebacks, 0 accepted-but-wrong. The service cases run on SQLite
and, when ``TTHC_TEST_PG_URL`` is set, on PostgreSQL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from tests.support.office import make_office
from tthc_desk.domain.enums import Channel, PaymentMethod
from tthc_desk.domain.errors import AppError
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import (
    Applicant,
    AuditEntry,
    Dossier,
)
from tthc_desk.services import intake
from tthc_desk.services.dossiers import DocumentInput
from tthc_desk.ui.messages import describe

NOW = datetime(2026, 3, 2, 10, 0)
PG_URL = os.environ.get("TTHC_TEST_PG_URL")
LONG = "Nguyễn " * 1500  # 10,500 characters

BAD_CHARS = {
    "nul": "Nguyễn\x00Văn A",
    "esc": "Nguyễn \x1b[31mVăn A",
    "rlo": "Nguyễn Văn \u202eA",
    "zwsp": "Nguyễn\u200bVăn A",
    "zwj": "Nguyễn Văn\u200d A",
    "bom": "\ufeffNguyễn Văn A",
    "bell": "Nguyễn Văn A\x07",
    "lri": "Nguyễn \u2066Văn A",
    "del": "Nguyễn Văn A\x7f",
    "private": "Nguyễn Văn \ue000A",
}


def _applicant_cases() -> list[tuple[str, dict[str, Any], str]]:
    cases: list[tuple[str, dict[str, Any], str]] = []
    for field in ("full_name", "address", "phone"):
        for name, value in BAD_CHARS.items():
            cases.append((f"{field}-{name}", {field: value}, "input.bad_character"))
    for field, limit in (("full_name", 200), ("address", 400), ("email", 200), ("phone", 20)):
        cases.append((f"{field}-10k", {field: LONG}, "input.too_long"))
        cases.append((f"{field}-limit+1", {field: "a" * (limit + 1)}, "input.too_long"))
    cases += [
        ("gender-nul", {"gender": "Nam\x00"}, "input.bad_character"),
        ("gender-rlo", {"gender": "\u202eNữ"}, "input.bad_character"),
        ("gender-long", {"gender": "Không xác định rõ"}, "input.too_long"),
        (
            "pid-2099",
            {"personal_id": "030299001234", "birth_date": ""},
            "applicant.personal_id.future",
        ),
        (
            "pid-century4",
            {"personal_id": "030485001234", "birth_date": ""},
            "applicant.personal_id.future",
        ),
        (
            "pid-century8",
            {"personal_id": "030885001234", "birth_date": ""},
            "applicant.personal_id.future",
        ),
        (
            "pid-2027",
            {"personal_id": "030227001234", "birth_date": ""},
            "applicant.personal_id.future",
        ),
        ("pid-nul", {"personal_id": "0300850\x0001234"}, "input.bad_character"),
        (
            "pid-fullwidth",
            {"personal_id": "０３００８５００１２３４"},
            "applicant.personal_id.format",
        ),
        ("pid-arabic-digits", {"personal_id": "٠٣٠٠٨٥٠٠١٢٣٤"}, "applicant.personal_id.format"),
        ("pid-long", {"personal_id": "0" * 5000}, "input.too_long"),
        (
            "birth-2099",
            {"birth_date": "01/01/2099", "personal_id": ""},
            "applicant.birth_date.future",
        ),
        (
            "birth-1899",
            {"birth_date": "31/12/1899", "personal_id": ""},
            "applicant.birth_date.future",
        ),
        ("birth-year-1", {"birth_date": "0001", "personal_id": ""}, "applicant.birth_date.invalid"),
        ("birth-31-02", {"birth_date": "31/02/1985"}, "applicant.birth_date.invalid"),
        ("birth-junk", {"birth_date": "hôm qua"}, "applicant.birth_date.invalid"),
        ("email-nul", {"email": "a\x00@b.vn"}, "input.bad_character"),
        ("email-no-at", {"email": "ab.vn"}, "applicant.email"),
        ("phone-letters", {"phone": "0912abc678"}, "applicant.phone"),
        ("phone-rlo", {"phone": "0912\u202e345678"}, "input.bad_character"),
        ("name-empty", {"full_name": "   "}, "applicant.full_name.empty"),
        ("name-only-zwsp", {"full_name": "\u200b"}, "input.bad_character"),
    ]
    return cases


APPLICANT_CASES = _applicant_cases()

COMMAND_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("fee-1e19", {"fee_amount": 10**19, "payment_method": PaymentMethod.CASH}, "input.money"),
    ("fee-1e12+1", {"fee_amount": 10**12 + 1, "payment_method": PaymentMethod.CASH}, "input.money"),
    ("fee-negative", {"fee_amount": -1}, "intake.fee.negative"),
    ("sets-0", {"sets_count": 0}, "intake.sets"),
    ("sets-1001", {"sets_count": 1001}, "input.count"),
    ("sets-1e19", {"sets_count": 10**19}, "input.count"),
    ("note-nul", {"note": "ghi chú\x00"}, "input.bad_character"),
    ("note-10k", {"note": LONG}, "input.too_long"),
    ("subject-long", {"subject": "x" * 201}, "input.too_long"),
    ("subject-rlo", {"subject": "\u202egpj.exe"}, "input.bad_character"),
    ("delivery-long", {"delivery_address": "x" * 401}, "input.too_long"),
    ("collected-by-long", {"collected_by": LONG}, "input.too_long"),
    ("doc-name-long", {"documents": (DocumentInput("x" * 201, "form"),)}, "input.too_long"),
    ("doc-name-esc", {"documents": (DocumentInput("Tờ khai\x1b", "form"),)}, "input.bad_character"),
    ("doc-count-0", {"documents": (DocumentInput("Tờ khai", "form", 0),)}, "input.count"),
    ("doc-count-1e6", {"documents": (DocumentInput("Tờ khai", "form", 10**6),)}, "input.count"),
    ("no-documents", {"documents": ()}, "intake.documents.empty"),
    ("no-procedure", {"procedure_id": None}, "intake.procedure.empty"),
    (
        "online-year-1",
        {"channel": Channel.ONLINE, "submitted_at": datetime(1, 1, 1), "documents": ()},
        "input.date_range",
    ),
    (
        "online-1899",
        {"channel": Channel.ONLINE, "submitted_at": datetime(1899, 12, 31), "documents": ()},
        "input.date_range",
    ),
    (
        "online-future",
        {"channel": Channel.ONLINE, "submitted_at": datetime(2099, 1, 1), "documents": ()},
        "intake.submitted_at.future",
    ),
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def counter(request, db_path: Path) -> Iterator[tuple[Database, Any, int]]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        db = Database.open(db_path)
        try:
            yield (db, *make_office(db))
        finally:
            db.dispose()
        return
    if not PG_URL:
        pytest.skip("TTHC_TEST_PG_URL not set")
    name = f"tthc_bad_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database.open(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    try:
        yield (db, *make_office(db))
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}"'))
        admin.dispose()


def _rows(db: Database) -> tuple[int, ...]:
    with db.session() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (Dossier, Applicant, AuditEntry)
        )


def _command(procedure_id: int, applicant: dict[str, Any], command: dict[str, Any]):  # type: ignore[no-untyped-def]
    base = intake.ApplicantInput(
        full_name="Nguyễn Văn Đức",
        personal_id="030085001234",
        birth_date="12/05/1985",
        address="Thôn Đông, xã An Sơn",
        phone="0912 345 678",
    )
    cmd = intake.IntakeCommand(
        procedure_id=procedure_id,
        applicant=replace(base, **applicant),
        documents=(DocumentInput("Tờ khai", "form"),),
    )
    return replace(cmd, **command)


SERVICE_CASES = [(n, a, {}, c) for n, a, c in APPLICANT_CASES] + [
    (n, {}, cmd, c) for n, cmd, c in COMMAND_CASES
]


def test_service_cases_refused_cleanly(counter) -> None:  # type: ignore[no-untyped-def]
    db, clerk, proc = counter
    assert len(SERVICE_CASES) >= 75
    wrong: list[str] = []
    for name, app, cmd, code in SERVICE_CASES:
        before = _rows(db)
        try:
            intake.receive_dossier(db, clerk, _command(proc, app, cmd), now=lambda: NOW)
        except AppError as exc:
            if exc.code != code:
                wrong.append(f"{name}: {exc.code} (expected {code})")
            message = describe(exc)
            assert message and "{" not in message, (name, message)
        else:
            wrong.append(f"{name}: accepted")
        assert _rows(db) == before, name
    assert wrong == []
    # and the limits do not refuse what is right: a 200-character name, a 400-character address
    ok = _command(proc, {"full_name": "Â" * 200, "address": "Đ" * 400}, {"note": "dòng 1\ndòng 2"})
    assert intake.receive_dossier(db, clerk, ok, now=lambda: NOW).dossier.code


# ============================================================================ command line


def _cli_cases(tmp: Path, template: Path) -> list[tuple[str, list[str], int]]:
    import shutil

    notdb = tmp / "notes.sqlite3"
    notdb.write_text("đây không phải cơ sở dữ liệu\n" * 100, encoding="utf-8")
    truncated = tmp / "truncated.sqlite3"
    data = template.read_bytes()
    truncated.write_bytes(data[: len(data) // 3])
    empty_dir = tmp / "a-folder.sqlite3"
    empty_dir.mkdir()
    good = tmp / "good.sqlite3"
    shutil.copyfile(template, good)
    files = {
        "random.csv": os.urandom(4096),
        "utf16.csv": "Mã thủ tục,Tên thủ tục,Lĩnh vực\n1,a,b\n".encode("utf-16"),
        "nul.csv": b"a,b\x00c\n" * 50,
        "quote.csv": ('Mã thủ tục,Tên thủ tục,Lĩnh vực\n1,"' + "x" * 200_000).encode(),
        "broken.xlsx": b"PK\x03\x04 not really a zip",
        "empty.csv": b"",
        "only-header.csv": "Mã thủ tục,Tên thủ tục,Lĩnh vực\n".encode(),
        "junk.pem": b"-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----\n",
        "x.txt": b"hello",
    }
    for name, content in files.items():
        (tmp / name).write_bytes(content)
    g = ["--db", str(good)]
    reg = ["register", "--out", str(tmp / "r.pdf"), "--user", "admin"]
    cases: list[tuple[str, list[str], int]] = [
        ("db-not-a-database", ["--db", str(notdb), "audit", "verify"], 2),
        ("db-truncated", ["--db", str(truncated), "audit", "verify"], 2),
        ("db-is-a-folder", ["--db", str(empty_dir), "audit", "verify"], 2),
        (
            "db-missing-folder",
            ["--db", str(tmp / "no" / "such" / "\x00x.sqlite3"), "audit", "verify"],
            2,
        ),
        ("db-mysql-url", ["--db", "mysql://u:p@localhost/x", "audit", "verify"], 2),
        ("db-unknown-scheme", ["--db", "foo://bar", "audit", "verify"], 2),
        (
            "db-pg-unreachable",
            ["--db", "postgresql+psycopg2://u:p@127.0.0.1:9/x", "audit", "verify"],
            2,
        ),
        (
            "db-pg-bad-host",
            ["--db", "postgresql+psycopg2://u:p@no-such-host.invalid/x", "audit", "verify"],
            2,
        ),
        ("date-9999", [*g, *reg, "--from", "2026-01-01", "--to", "9999-12-31"], 2),
        ("date-0001", [*g, *reg, "--from", "0001-01-01", "--to", "2026-01-01"], 2),
        ("date-text", [*g, *reg, "--from", "hôm nay", "--to", "2026-01-01"], 2),
        ("date-31-02", [*g, *reg, "--from", "31/02/2026", "--to", "2026-03-01"], 2),
        (
            "register-docx",
            [
                *g,
                "register",
                "--from",
                "2026-01-01",
                "--to",
                "2026-01-31",
                "--out",
                str(tmp / "r.docx"),
                "--user",
                "admin",
            ],
            1,
        ),
        (
            "register-no-user",
            [
                *g,
                "register",
                "--from",
                "2026-01-01",
                "--to",
                "2026-01-31",
                "--out",
                str(tmp / "r.pdf"),
            ],
            1,
        ),
        (
            "register-unknown-user",
            [*g, *reg[:-1], "khongco", "--from", "2026-01-01", "--to", "2026-01-31"],
            1,
        ),
    ]
    for name in files:
        if name.endswith((".csv", ".xlsx", ".txt")):
            cases.append(
                (f"import-{name}", [*g, "catalogue", "import", str(tmp / name), "--dry-run"], 1)
            )
    cases += [
        ("import-missing", [*g, "catalogue", "import", str(tmp / "none.xlsx"), "--dry-run"], 1),
        ("trust-junk", [*g, "trust", "add", str(tmp / "junk.pem"), "--user", "admin"], 1),
        ("trust-remove-unknown", [*g, "trust", "remove", "999", "--user", "admin"], 1),
        ("trust-remove-clerk", [*g, "trust", "remove", "1", "--user", "canbo1"], 1),
        ("verify-not-pdf", [*g, "verify", str(tmp / "x.txt")], 1),
        ("backup-verify-not-backup", [*g, "backup", "--verify", str(tmp)], 1),
        ("backup-verify-missing", [*g, "backup", "--verify", str(tmp / "none")], 1),
        ("backup-clerk", [*g, "backup", "--out", str(tmp / "bk"), "--user", "canbo1"], 1),
        ("restore-not-backup", [*g, "restore", str(tmp), "--user", "admin", "--yes"], 1),
        (
            "backup-postgres-url",
            [
                "--db",
                "postgresql+psycopg2://u:p@127.0.0.1:9/x",
                "backup",
                "--verify",
                str(tmp / "none"),
            ],
            1,
        ),
        ("unknown-command", ["khong-co-lenh"], 2),
    ]
    return cases


def test_cli_cases_refused_cleanly(
    office_db, db_path: Path, tmp_path: Path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.cli import run

    monkeypatch.setenv("TTHC_PASSWORD", "matkhau123")
    office_db.dispose()
    cases = _cli_cases(tmp_path, db_path)
    assert len(cases) + len(SERVICE_CASES) >= 100
    wrong = []
    for name, argv, expected in cases:
        try:
            code = run(argv)
        except SystemExit as exc:  # argparse's own refusal (a bad date, an unknown command)
            code = exc.code
        out = capsys.readouterr()
        assert "Traceback" not in out.err + out.out, (name, out.err)
        if code != expected:
            wrong.append(f"{name}: exit {code} (expected {expected}): {out.err.strip()[:200]}")
        elif code != 0:
            assert out.err.strip(), name
    assert wrong == []
