"""A hostile day at the counter: ≥ 100 bad inputs through the services and the command line.

Each case must be refused with a coded error (a Vietnamese sentence, no traceback) and leave
the database as it was: 0 tracebacks, 0 accepted-but-wrong. The service cases run on SQLite
and, when ``TTHC_TEST_PG_URL`` is set, on PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.support.office import make_office
from tests.support.postgres import backend_database
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
        *(
            (f"pid-{name}", {"personal_id": pid, "birth_date": ""}, "applicant.personal_id.future")
            for name, pid in (
                ("2099", "030299001234"),
                ("century4", "030485001234"),
                ("century8", "030885001234"),
                ("2027", "030227001234"),
            )
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
    ("doc-name-long", {"documents": (DocumentInput("x" * 501, "form"),)}, "input.too_long"),
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
    with backend_database(request.param, db_path, "tthc_bad") as db:
        yield (db, *make_office(db))


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


def _refusals(db: Database, cases: list[tuple[str, Any, str]]) -> list[str]:
    """Call each case; what was not refused with its code (a coded error with a whole
    Vietnamese sentence) is returned. A refused case must leave the rows as they were."""
    wrong: list[str] = []
    for name, call, code in cases:
        before = _rows(db)
        try:
            call()
        except AppError as exc:
            if exc.code != code:
                wrong.append(f"{name}: {exc.code} (expected {code})")
            message = describe(exc)
            assert message and "{" not in message, (name, message)
        else:
            wrong.append(f"{name}: accepted")
        assert _rows(db) == before, name
    return wrong


def _intake(db: Database, clerk: Any, proc: int, app: dict[str, Any], cmd: dict[str, Any]) -> Any:
    return lambda: intake.receive_dossier(db, clerk, _command(proc, app, cmd), now=lambda: NOW)


def test_service_cases_refused_cleanly(counter) -> None:  # type: ignore[no-untyped-def]
    db, clerk, proc = counter
    assert len(SERVICE_CASES) >= 75
    cases = [(n, _intake(db, clerk, proc, a, c), code) for n, a, c, code in SERVICE_CASES]
    assert _refusals(db, cases) == []
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
    january = ["--from", "2026-01-01", "--to", "2026-01-31"]
    docx = str(tmp / "r.docx")
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
        ("register-docx", [*g, "register", *january, "--out", docx, "--user", "admin"], 1),
        ("register-no-user", [*g, "register", *january, "--out", str(tmp / "r.pdf")], 1),
        (
            "register-unknown-user",
            [*g, *reg[:-1], "khongco", *january],
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


# ============================================================ the other services (issue 12)


def _other_cases(db: Database, clerk: Any, proc: int, tmp: Path) -> list[tuple[str, Any, str]]:
    """(name, a call that must be refused, the expected code) beyond intake: feedback, dossier
    notes, documents, catalogue (and its import), users and office, calendar, books, province."""
    from datetime import date

    from tthc_desk.domain.enums import DayKind, Role
    from tthc_desk.services import auth, feedback, province
    from tthc_desk.services import calendar as cal_svc
    from tthc_desk.services import catalogue as cat
    from tthc_desk.services import documents as docs
    from tthc_desk.services import dossiers as ds

    admin = auth.sign_in(db, "admin", "matkhau123").actor
    dossier = intake.receive_dossier(db, clerk, _command(proc, {}, {}), now=lambda: NOW).dossier
    field = cat.get_procedure(db, proc).data.field
    good_proc = cat.ProcedureInput(
        code="9.000001",
        name="Thủ tục thử",
        field=field,
        time_amount=1,
        documents=(cat.DocumentSpec("Tờ khai"),),
        steps=(cat.StepSpec("Giải quyết", Role.OFFICER, 8),),
    )
    office = auth.OfficeInput("UBND xã An Sơn", "XANSON", "Thôn Đông, xã An Sơn", "Hải Dương")
    user = auth.UserInput("nguoimoi", "Lê Văn Mới", Role.CLERK, "matkhau123", "matkhau123")

    def fb(**kw: Any) -> Any:
        base = {"channel": "counter", "sender_name": "Trần Văn Hai", "content": "Xin hỏi"}
        cmd = feedback.ReceiveCommand(**{**base, **kw})
        return lambda: feedback.receive(db, clerk, cmd, now=lambda: NOW)

    def procedure(**kw: Any) -> Any:
        return lambda: cat.create_procedure(db, admin, replace(good_proc, **kw), now=lambda: NOW)

    def register(**kw: Any) -> Any:
        cmd = docs.RegisterCommand(dossier.id, (tmp / "giay.pdf",), **kw)
        return lambda: docs.register_document(db, clerk, cmd, now=lambda: NOW)

    def new_user(**kw: Any) -> Any:
        return lambda: auth.create_user(db, admin, replace(user, **kw))

    def office_as(**kw: Any) -> Any:
        return lambda: auth.update_office(db, admin, replace(office, **kw))

    def day(d: date, reason: str = "Nghỉ bù") -> Any:
        change = cal_svc.AddDay(d, DayKind.DAY_OFF, reason)
        return lambda: cal_svc.apply_change(db, admin, change, now=lambda: NOW)

    def book(**kw: Any) -> Any:
        data = province.BookInput(**{"name": "Sổ tiếp nhận", "kind": "reception", **kw})
        return lambda: province.save_book(db, admin, data, now=lambda: NOW)

    reason = ds.ReasonCommand

    def apology(new_due_at: datetime, why: str = "Chờ xác minh") -> Any:
        return ds.ApologyCommand(dossier.id, why, new_due_at)

    cases: list[tuple[str, Any, str]] = [
        ("fb-sender-long", fb(sender_name="x" * 201), "input.too_long"),
        ("fb-sender-rlo", fb(sender_name="Trần \u202eHai"), "input.bad_character"),
        ("fb-sender-nul", fb(sender_name="Trần\x00Hai"), "input.bad_character"),
        ("fb-contact-long", fb(sender_contact="0" * 301), "input.too_long"),
        ("fb-contact-zwsp", fb(sender_contact="0912\u200b345678"), "input.bad_character"),
        ("fb-publish-long", fb(publish_name="x" * 201), "input.too_long"),
        ("fb-summary-long", fb(summary=LONG), "input.too_long"),
        ("fb-content-esc", fb(content="nội dung\x1b[2J"), "input.bad_character"),
        ("fb-content-30k", fb(content="a " * 15_000), "feedback.text.too_long"),
        ("fb-received-1899", fb(received_at=datetime(1899, 1, 1)), "input.date_range"),
        ("fb-dossier-long", fb(dossier_code="X" * 5000), "input.too_long"),
        (
            "dossier-pause-long",
            lambda: ds.pause(db, clerk, reason(dossier.id, LONG), now=lambda: NOW),
            "input.too_long",
        ),
        (
            "dossier-pause-nul",
            lambda: ds.pause(db, clerk, reason(dossier.id, "chờ\x00"), now=lambda: NOW),
            "input.bad_character",
        ),
        (
            "dossier-refuse-rlo",
            lambda: ds.refuse(db, clerk, reason(dossier.id, "\u202elý do"), now=lambda: NOW),
            "input.bad_character",
        ),
        (
            "dossier-supplement-items-1e6",
            lambda: ds.request_supplement(
                db,
                clerk,
                ds.SupplementCommand(
                    dossier.id, "Thiếu giấy", (ds.SupplementItemInput("Giấy", 10**6),)
                ),
                now=lambda: NOW,
            ),
            "input.count",
        ),
        (
            "dossier-supplement-phone-long",
            lambda: ds.request_supplement(
                db,
                clerk,
                ds.SupplementCommand(
                    dossier.id, "Thiếu", (ds.SupplementItemInput("Giấy", 1),), "", "0" * 21
                ),
                now=lambda: NOW,
            ),
            "input.too_long",
        ),
        (
            "dossier-apology-9999",
            lambda: ds.apologise(db, clerk, apology(datetime(9999, 12, 31, 16)), now=lambda: NOW),
            "dossier.apology.new_date_far",
        ),
        (
            "dossier-apology-year-1",
            lambda: ds.apologise(db, clerk, apology(datetime(1, 1, 1)), now=lambda: NOW),
            "dossier.apology.new_date",
        ),
        (
            "dossier-apology-reason-long",
            lambda: ds.apologise(
                db, clerk, apology(datetime(2026, 3, 20, 16), LONG), now=lambda: NOW
            ),
            "input.too_long",
        ),
        ("doc-title-long", register(title="x" * 201), "input.too_long"),
        ("doc-title-zwj", register(title="Giấy\u200dkhai sinh"), "input.bad_character"),
        ("doc-valid-9999", register(valid_until=date(9999, 12, 31)), "input.date_range"),
        ("doc-valid-0001", register(valid_until=date(1, 1, 1)), "input.date_range"),
        ("doc-dpi-0", register(dpi=0), "input.count"),
        ("proc-name-long", procedure(name="x" * 501), "input.too_long"),
        ("proc-name-rlo", procedure(name="Thủ tục \u202ethử"), "input.bad_character"),
        ("proc-code-bad", procedure(code="9.0\x00001"), "catalogue.code.format"),
        ("proc-decision-long", procedure(decision_no="x" * 101), "input.too_long"),
        ("proc-decision-2099", procedure(decision_date=date(2099, 1, 1)), "input.date_range"),
        ("proc-time-nan", procedure(time_amount=float("nan")), "catalogue.time.too_long"),
        ("proc-time-1e9", procedure(time_amount=1e9), "catalogue.time.too_long"),
        (
            "proc-fee-1e19",
            procedure(fees=(cat.FeeSpec("Lệ phí", 10**19),)),
            "input.money",
        ),
        (
            "proc-doc-count-1e6",
            procedure(documents=(cat.DocumentSpec("Tờ khai", count=10**6),)),
            "input.count",
        ),
        (
            "proc-doc-name-esc",
            procedure(documents=(cat.DocumentSpec("Tờ\x1bkhai"),)),
            "input.bad_character",
        ),
        (
            "proc-step-hours-inf",
            procedure(steps=(cat.StepSpec("Giải quyết", Role.OFFICER, float("inf")),)),
            "catalogue.step.hours",
        ),
        ("user-name-long", new_user(full_name="x" * 201), "input.too_long"),
        ("user-name-rlo", new_user(full_name="Lê \u202eMới"), "input.bad_character"),
        ("user-title-long", new_user(title="x" * 201), "input.too_long"),
        ("user-phone-long", new_user(phone="0" * 21), "input.too_long"),
        (
            "user-password-1mb",
            new_user(password="p" * 10**6, password_again="p" * 10**6),
            "input.too_long",
        ),
        ("user-username-10k", new_user(username="a" * 10_000), "input.too_long"),
        ("office-name-long", office_as(name="x" * 201), "input.too_long"),
        ("office-address-nul", office_as(address="Thôn\x00Đông"), "input.bad_character"),
        ("office-province-long", office_as(province="x" * 101), "input.too_long"),
        ("office-phone-long", office_as(phone="0" * 21), "input.too_long"),
        ("calendar-year-9999", day(date(9999, 1, 4)), "input.date_range"),
        ("calendar-year-1800", day(date(1800, 1, 6)), "input.date_range"),
        ("calendar-reason-rlo", day(date(2026, 3, 4), "Nghỉ \u202ebù"), "input.bad_character"),
        ("calendar-reason-long", day(date(2026, 3, 4), "x" * 301), "calendar.reason.long"),
        ("book-name-long", book(name="x" * 201), "input.too_long"),
        ("book-name-zwsp", book(name="Sổ\u200btiếp nhận"), "input.bad_character"),
        ("book-volume-long", book(volume="1" * 41), "input.too_long"),
    ]
    return cases + _settings_cases(db, admin, tmp)


def _settings_cases(db: Database, admin: Any, tmp: Path) -> list[tuple[str, Any, str]]:
    """The settings store (issue 12): paths, web addresses and any other value are checked
    with ``domain.limits`` before they are stored for every PC."""
    from datetime import date

    from tthc_desk.services import backup, index766, province, scan_inbox, settings_store
    from tthc_desk.services import documents as docs

    st = settings_store
    folder = str(tmp)

    def setting(key: str, value: Any) -> Any:
        return lambda: st.set_setting(db, admin, key, value, now=lambda: NOW)

    def tsa(url: str) -> Any:
        return lambda: docs.set_tsa_url(db, admin, url, now=lambda: NOW)

    def scan(path: str) -> Any:
        return lambda: scan_inbox.set_scan_folder(db, admin, path, now=lambda: NOW)

    def backups(path: str) -> Any:
        return lambda: backup.save_backup_settings(db, admin, path, 7)

    def mapping(header: str) -> Any:
        return lambda: province.save_mapping(db, admin, {"code": header}, now=lambda: NOW)

    def papers(count: int) -> Any:
        period = (date(2026, 1, 1), date(2026, 3, 31), count)
        return lambda: index766.set_manual_inputs(db, admin, {}, paper_count=period)

    return [
        ("tsa-url-3k", tsa("https://tsa.vn/" + "a" * 3000), "input.too_long"),
        ("tsa-url-rlo", tsa("https://tsa.\u202egov.vn"), "input.bad_character"),
        ("tsa-url-nul", tsa("https://tsa.gov.vn/\x00"), "input.bad_character"),
        ("tsa-url-ftp", tsa("ftp://tsa.gov.vn"), "sign.tsa_url_invalid"),
        ("tsa-url-no-host", tsa("https://"), "input.url"),
        ("tsa-url-port-99999", tsa("http://tsa.gov.vn:99999/"), "input.url"),
        ("tsa-url-tab", tsa("http://tsa.gov.vn/\ta"), "input.bad_character"),
        ("tsa-url-store-no-host", setting(st.TSA_URL, "http://"), "input.url"),
        ("tsa-url-store-number", setting(st.TSA_URL, 12), "settings.value"),
        ("scan-folder-2k", scan(folder + "/" + "a" * 2000), "input.too_long"),
        ("scan-folder-nul", scan(folder + "/a\x00b"), "input.bad_character"),
        ("scan-folder-rlo", scan(folder + "/\u202efdp.exe"), "input.bad_character"),
        ("scan-folder-store-esc", setting(st.SCAN_FOLDER, folder + "\x1b"), "input.bad_character"),
        ("backup-folder-2k", backups(folder + "/" + "b" * 2000), "input.too_long"),
        ("backup-folder-zwsp", backups(folder + "\u200b"), "input.bad_character"),
        ("pkcs11-lib-2k", setting(st.PKCS11_LIBRARY, "/usr/lib/" + "x" * 2000), "input.too_long"),
        ("pkcs11-lib-nul", setting(st.PKCS11_LIBRARY, "/usr/lib/x.so\x00"), "input.bad_character"),
        ("pkcs11-lib-list", setting(st.PKCS11_LIBRARY, ["/usr/lib/x.so"]), "settings.value"),
        ("seal-not-base64", setting(st.SEAL_IMAGE, "không phải ảnh!"), "settings.value"),
        ("seal-2mb", setting(st.SEAL_IMAGE, "A" * (2 * 1024 * 1024)), "input.too_long"),
        ("book-pattern-long", setting(st.CERTIFICATION_BOOK, "x" * 201), "input.too_long"),
        ("book-bel", setting(st.CERTIFICATION_BOOK, "01/{year}\x07"), "input.bad_character"),
        ("setting-text-10k", setting("ghi.chu", LONG), "input.too_long"),
        ("setting-nested-rlo", setting("ghi.chu", {"a": ["\u202e"]}), "input.bad_character"),
        ("setting-nan", setting(st.WARNING_HOURS, float("nan")), "settings.value"),
        ("setting-1e19", setting(st.WARNING_HOURS, 10**19), "settings.value"),
        ("setting-1000-items", setting("ghi.chu", list(range(1000))), "settings.value"),
        ("setting-deep", setting("ghi.chu", [[[["sâu"]]]]), "settings.value"),
        ("setting-key-long", setting("k" * 500, 1), "settings.key"),
        ("setting-key-rlo", setting("scan.\u202efolder", 1), "settings.key"),
        ("province-header-long", mapping("Mã hồ sơ " * 40), "input.too_long"),
        ("province-header-nul", mapping("Mã\x00hồ sơ"), "input.bad_character"),
        ("index766-paper-1e19", papers(10**19), "input.count"),
    ]


def test_other_services_refuse_cleanly(counter, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, clerk, proc = counter
    (tmp_path / "giay.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    cases = _other_cases(db, clerk, proc, tmp_path)
    assert len(SERVICE_CASES) + len(cases) >= 160
    assert _refusals(db, cases) == []


def _cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it (a tone the code page lacks as a combining mark)."""
    import unicodedata

    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(m for m in parts if m in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in tones))
            out += (base + tones).encode("cp1258")
    return bytes(out)


def test_imports_refuse_broken_rows_one_by_one(counter, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """csv.Error and undecodable bytes are row-level messages with the row number; the other
    rows are still read (catalogue import and province list)."""
    from tthc_desk.services import catalogue_import as ci
    from tthc_desk.services import province

    db, _clerk, _proc = counter
    head = "Mã thủ tục,Tên thủ tục,Lĩnh vực,Thời hạn giải quyết,Đơn vị thời hạn,Thành phần hồ sơ\n"
    head = head.encode()
    broken = tmp_path / "broken.csv"
    broken.write_bytes(
        head
        + '1.000001,Ok,Hộ tịch,1,ngày làm việc,Tờ khai\n1.000002,"'.encode()
        + b"x" * 200_000
        + b"\n"
    )
    rows = ci.preview_import(db, broken).rows
    assert [r.row for r in rows] == [2, 3]
    assert rows[1].refused and rows[1].problems[0].code == "import.row.csv"
    assert "Dòng 3" in describe(rows[1].problems[0].as_error())
    cp = tmp_path / "cp.csv"
    cp.write_bytes(
        _cp1258(head.decode() + "1.000003,Thủ tục,Hộ tịch,1,ngày làm việc,") + b"T\x81\n"
    )
    (row,) = ci.preview_import(db, cp).rows
    assert row.refused and "import.cell.decode" in [p.code for p in row.problems]

    export = tmp_path / "tinh.csv"
    export.write_bytes(
        "Mã hồ sơ,Tổ chức, cá nhân,Thời gian tiếp nhận,Tình trạng\n".replace(
            "Tổ chức, cá nhân", '"Tổ chức, cá nhân"'
        ).encode()
        + "XANSON-260302-0101,Lê Văn A,02/03/2026 08:00,Đang xử lý\n".encode()
        + "XANSON-260302-0102,Lê Văn B,02/03/1850 08:00,Đang xử lý\n".encode()
        + b"XANSON-260302-0103,"
        + b"A" * 400
        + ",02/03/2026 08:00,Đang xử lý\n".encode()
        + b'XANSON-260302-0104,"'
        + b"y" * 200_000
        + b"\n"
    )
    preview = province.preview_province(db, export)
    codes = {r.number: (r.action, [p.code for p in r.problems]) for r in preview.rows}
    assert codes[2][0] == "new"
    assert codes[3][0] == "refused"  # a year 1850: out of range or not a time at all
    assert codes[3][1][0] in ("province.time.range", "province.time.format")
    assert codes[4] == ("refused", ["province.cell.too_long"])
    assert codes[5] == ("refused", ["province.row.csv"])
