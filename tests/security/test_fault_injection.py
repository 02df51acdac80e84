"""Fault injection: the process is killed (``os._exit``, as by ``kill -9``) inside every kind of
write (each migration step, intake, document registration, backup); the database must open
afterwards with nothing committed lost, and no backup may look complete when it is not.

The run adds its figures to the "fault injection" section of pytest's summary: kills survived,
rows lost (must be 0), partial backups left (must be 0).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import event, text

from tthc_desk.persistence import db as dbmod

ROOT = Path(__file__).resolve().parents[2]


def run_child(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=120
    )


def spread(total: int, k: int) -> list[int]:
    """``k`` kill points from 1 to ``total`` (first and last included)."""
    if total <= k:
        return list(range(1, total + 1))
    return sorted({1 + round(i * (total - 1) / (k - 1)) for i in range(k)})


def database_at(path: Path, revision: str) -> None:
    """A database file at ``revision`` with an office and a user in it."""
    url = f"sqlite:///{path}"
    engine = dbmod.make_engine(url)
    cfg = dbmod.alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO office_profile (name, code, address, province, place_name, "
                "forms_set, created_at) VALUES ('UBND xã An Sơn', 'XANSON', 'Thôn Đông', "
                "'Hải Dương', 'An Sơn', '2025', '2024-01-02 08:00:00')"
            )
        )
    engine.dispose()


def count_migration_sql(path: Path) -> int:
    """How many SQL statements the upgrade of (a copy of) ``path`` runs."""
    seen = [0]
    original = dbmod._migration_engine

    def counting(url: str):  # type: ignore[no-untyped-def]
        engine = original(url)

        @event.listens_for(engine, "before_cursor_execute")
        def _count(*_a: object) -> None:
            seen[0] += 1

        return engine

    copy = path.with_name("count-" + path.name)
    shutil.copyfile(path, copy)
    dbmod._migration_engine = counting  # type: ignore[assignment]
    try:
        dbmod.Database.open(copy).dispose()
    finally:
        dbmod._migration_engine = original  # type: ignore[assignment]
    return seen[0]


@pytest.mark.parametrize("start", [None, "0001"])
def test_kill_inside_every_migration_step(
    tmp_path: Path, start: str | None, fault_report: Counter[str]
) -> None:
    template = tmp_path / "template.sqlite3"
    if start is None:
        sqlite3.connect(template).close()
    else:
        database_at(template, start)
    total = count_migration_sql(template)
    assert total > 10
    for point in spread(total, 8):
        path = tmp_path / f"k{point}.sqlite3"
        shutil.copyfile(template, path)
        opener = f"from tthc_desk.persistence.db import Database; Database.open({str(path)!r})"
        child = run_child(opener, {dbmod.KILL_AT_SQL_ENV: str(point)})
        assert child.returncode == 137, (point, child.stderr[-2000:])
        # a second kill on the retry: still no pile of copies, still openable
        child = run_child(opener, {dbmod.KILL_AT_SQL_ENV: str(max(1, point // 2))})
        assert child.returncode == 137
        database = dbmod.Database.open(path)
        try:
            with database.engine.connect() as conn:
                assert dbmod.current_revision(database.engine) == dbmod.head_revision()
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                if start is not None:
                    code = conn.execute(text("SELECT code FROM office_profile")).scalar()
                    assert code == "XANSON"
                    fault_report["rows lost"] += 0
        finally:
            database.dispose()
        copies = list(tmp_path.glob(f"k{point}.before-*"))
        assert len(copies) == (0 if start is None else 1), copies
        fault_report["kills survived (migration)"] += 2


# ============================================================================ live writes

WRITER = r"""
import sys, datetime
from tthc_desk.persistence.db import Database
from tthc_desk.services import intake, documents as docs
from tthc_desk.services.auth import sign_in
from tthc_desk.services.dossiers import DocumentInput

db = Database.open(sys.argv[1])
clerk = sign_in(db, "canbo1", "matkhau123").actor
procedure_id = int(sys.argv[2])
mode = sys.argv[3]
n = int(sys.argv[4])
dossier = None
while True:
    n += 1
    if mode == "intake" or dossier is None:
        cmd = intake.IntakeCommand(
            procedure_id=procedure_id,
            applicant=intake.ApplicantInput(
                full_name="Phạm Thị Hạnh", personal_id=f"001190{n:06d}", birth_date="1990"
            ),
            documents=(DocumentInput("Tờ khai", "form"),),
        )
        dossier = intake.receive_dossier(db, clerk, cmd).dossier
        if mode == "intake":
            print("D", dossier.code, flush=True)
            continue
    view = docs.register_document(
        db, clerk, docs.RegisterCommand(dossier.id, (sys.argv[5],), title=f"Trang {n}")
    )
    print("F", view.id, flush=True)
"""


def _office_file(tmp_path: Path) -> tuple[Path, int]:
    from tests.support.office import make_office

    path = tmp_path / "live.sqlite3"
    db = dbmod.Database.open(path)
    try:
        _clerk, proc = make_office(db)
    finally:
        db.dispose()
    return path, proc


def _pdf(tmp_path: Path) -> Path:
    from reportlab.pdfgen import canvas

    out = tmp_path / "page.pdf"
    c = canvas.Canvas(str(out))
    c.drawString(100, 700, "Trang thử")
    c.showPage()
    c.save()
    return out


def _kill_after(path: Path, proc: int, mode: str, start: int, lines: int, pdf: Path) -> list[str]:
    """Run the writer, SIGKILL it once it reported ``lines`` commits; its reported commits."""
    import signal

    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(proc), mode, str(start), str(pdf)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    done: list[str] = []
    assert child.stdout is not None
    for line in child.stdout:
        done.append(line.split()[1])
        if len(done) >= lines:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
    return done


@pytest.mark.parametrize("mode", ["intake", "document"])
def test_kill_9_during_writes_loses_nothing_committed(
    tmp_path: Path, mode: str, fault_report: Counter[str]
) -> None:
    from sqlalchemy import select

    from tthc_desk.persistence.models import DigitalDocument, Dossier
    from tthc_desk.services import documents as docs

    path, proc = _office_file(tmp_path)
    pdf = _pdf(tmp_path)
    reported: list[str] = []
    for round_ in range(3):
        reported += _kill_after(path, proc, mode, round_ * 1000, 4 + 2 * round_, pdf)
        database = dbmod.Database.open(path)
        try:
            with database.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            with database.session() as s:
                if mode == "intake":
                    have = set(s.scalars(select(Dossier.code)))
                else:
                    have = {str(i) for i in s.scalars(select(DigitalDocument.id))}
            lost = [x for x in reported if x not in have]
            assert lost == []
            fault_report["rows lost"] += len(lost)
            if mode == "document":
                check = docs.check_files(database)
                assert not check.missing and not check.altered, check
        finally:
            database.dispose()
        fault_report[f"kills survived ({mode})"] += 1


def test_kill_during_backup_leaves_no_complete_looking_backup(
    office_db, users, tmp_path: Path, fault_report: Counter[str]
) -> None:
    from tthc_desk.services.backup import backup, list_backups, verify_backup

    for i in range(6):
        p = office_db.files_dir() / f"{i:02x}" / f"f{i}.pdf"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(os.urandom(20_000))
    db_file = office_db.file_path
    out = tmp_path / "bk"
    for after in (1, 3, 6):
        child = run_child(
            "from tthc_desk.persistence.db import Database; "
            "from tthc_desk.services.backup import backup; "
            f"backup(Database.open({str(db_file)!r}), __import__('pathlib').Path({str(out)!r}))",
            {"TTHC_FAULT_KILL_BACKUP_AFTER_FILES": str(after)},
        )
        assert child.returncode == 137, child.stderr[-2000:]
        assert list_backups(out) == []  # nothing that looks complete
        fault_report["kills survived (backup)"] += 1
    assert [p.name for p in out.iterdir() if p.name.endswith(".partial")]  # marked as partial
    result = backup(office_db, out, actor=users["admin"].actor)
    assert verify_backup(result.folder).files == 6
    left = [p for p in out.iterdir() if p.name.endswith(".partial")]
    fault_report["partial backups left"] += len(left)
    assert left == []  # the next backup cleaned them up


# ============================================================================ disks

NEEDS_MOUNT = pytest.mark.skipif(
    sys.platform != "linux" or shutil.which("unshare") is None or os.geteuid() != 0,
    reason="needs Linux, root and unshare to mount a private small tmpfs",
)


def _in_small_disk(mountpoint: Path, size: str, script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (shell) in a private mount namespace with a tmpfs of ``size`` mounted at
    ``mountpoint`` (gone when the command ends)."""
    mountpoint.mkdir(exist_ok=True)
    shell = f"mount -t tmpfs -o size={size} tmpfs {mountpoint} && {script}"
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt && true"],
                           capture_output=True, text=True)  # fmt: skip
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {probe.stderr.strip()}")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TTHC_PASSWORD": "matkhau123"}
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", shell], env=env, capture_output=True, text=True, timeout=300
    )


def _cli(*args: str) -> str:
    import shlex

    return " ".join(shlex.quote(a) for a in [sys.executable, str(ROOT / "main.py"), *args])


@NEEDS_MOUNT
def test_full_disk_during_backup_is_refused_cleanly(
    office_db, db_path: Path, tmp_path: Path, fault_report: Counter[str]
) -> None:
    for i in range(4):
        p = office_db.files_dir() / f"{i:02x}" / f"big{i}.pdf"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(os.urandom(300_000))
    office_db.dispose()
    small = tmp_path / "usb"
    done = _in_small_disk(
        small,
        "600k",
        _cli("--db", str(db_path), "backup", "--out", str(small / "bk"), "--user", "admin")
        + f"; echo EXIT=$?; ls -a {small / 'bk'}",
    )
    assert "EXIT=2" in done.stdout, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Ổ đĩa đã đầy" in done.stderr
    listing = done.stdout.split("EXIT=2", 1)[1].split()
    assert [n for n in listing if n not in (".", "..")] == []  # nothing left, not even partial
    fault_report["full disk refusals"] += 1


@NEEDS_MOUNT
def test_full_disk_during_intake_keeps_what_was_committed(
    tmp_path: Path, fault_report: Counter[str]
) -> None:
    path, proc = _office_file(tmp_path)
    small = tmp_path / "small"
    size = (
        path.stat().st_size + 1_500_000
    )  # the schema has FTS and more indexes: room for some intakes
    writer = tmp_path / "writer.py"
    writer.write_text(WRITER, encoding="utf-8")
    script = (
        f"cp {path} {small}/live.sqlite3 && "
        + f"{sys.executable} {writer} {small}/live.sqlite3 {proc} intake 0 x > {tmp_path}/out.txt 2> {tmp_path}/err.txt"
        + f"; echo EXIT=$?; cp {small}/live.sqlite3* {tmp_path}/after/"
    )
    (tmp_path / "after").mkdir()
    done = _in_small_disk(small, str(size), script)
    err = (tmp_path / "err.txt").read_text()
    assert "disk is full" in err.lower(), done.stdout + err[-3000:]
    codes = [line.split()[1] for line in (tmp_path / "out.txt").read_text().splitlines()]
    assert codes
    con = sqlite3.connect(tmp_path / "after" / "live.sqlite3")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        have = {r[0] for r in con.execute("SELECT code FROM dossiers")}
    finally:
        con.close()
    assert [c for c in codes if c not in have] == []
    from tthc_desk.ui.messages import describe

    assert "Ổ đĩa đã đầy" in describe(_last_error(err))
    fault_report["full disk refusals"] += 1


def _last_error(stderr: str) -> BaseException:
    """The exception the writer died of, rebuilt from its traceback's text."""
    return RuntimeError(stderr.split("Traceback")[-1])


@NEEDS_MOUNT
def test_read_only_folders_are_refused_cleanly(
    office_db, db_path: Path, tmp_path: Path, fault_report: Counter[str]
) -> None:
    office_db.dispose()
    ro = tmp_path / "ro"
    script = (
        f"cp {db_path} {ro}/tthc.sqlite3 && mkdir {ro}/out && mount -o remount,ro {ro} && "
        + _cli("--db", f"{ro}/tthc.sqlite3", "audit", "verify")
        + "; echo EXIT1=$?; "
        + _cli("--db", f"{ro}/new.sqlite3", "audit", "verify")
        + "; echo EXIT2=$?; "
        + _cli("--db", str(db_path), "backup", "--out", f"{ro}/out", "--user", "admin")
        + "; echo EXIT3=$?"
    )
    done = _in_small_disk(ro, "4m", script)
    assert "Traceback" not in done.stderr, done.stderr
    for n in (1, 2, 3):
        assert f"EXIT{n}=0" not in done.stdout, (n, done.stdout, done.stderr)
    assert "EXIT2=2" in done.stdout and "EXIT3=1" in done.stdout, done.stdout + done.stderr
    assert done.stderr.count("Lỗi:") == 3 - done.stdout.count("EXIT1=0"), done.stderr
    fault_report["read-only refusals"] += 3
