"""The board and search by index (issue 14), each beside the same work done directly with raw
sqlite3 on the same file, with the ratio: text search, board pages (first, middle, last),
scrolling the whole board, the nearly-due/late view, memory after scrolling to the end, and
start to the board painted (beside a bare Qt window with a table), with ``-X importtime``.

    /work/.venv/bin/python benchmarks/gen_commune_db.py /tmp/commune5y.sqlite3
    /work/.venv/bin/python benchmarks/bench_board_index.py /tmp/commune5y.sqlite3

Medians of ``--rounds`` runs (default 7), app and raw alternating. Works on a copy of the file.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import argparse  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

START_BUDGET_MS = 1000.0
START_RATIO_BUDGET = 3.0  # each wait of a start beside a bare Qt window with a table
#: Modules imported on the UI thread before the first window (sign-in) is painted, under
#: ``-X importtime``, beside the bare window's own (Qt, sqlite3): SQLAlchemy, the models and
#: the services load behind that window.
SIGN_IN_IMPORT_RATIO_BUDGET = 2.0
MEMORY_BUDGET_MB = 200.0
PAGE_RATIO_BUDGET = 10.0
SEARCH_BUDGET_MS = 10.0

PAGE_COLUMNS = """d.id, d.code, d.state, d.channel, p.name, f.name, a.full_name, a.personal_id,
    d.current_officer_id, u.full_name, d.received_at, d.due_at, d.remaining_minutes,
    d.timeliness, d.apology_issued, s.name, s.due_at, s.allotted_hours, s.remaining_minutes,
    s.paused_at, p.time_unit, p.time_amount, d.created_at"""
PAGE_JOINS = """JOIN procedures p ON p.id = d.procedure_id JOIN fields f ON f.id = d.field_id
    JOIN applicants a ON a.id = d.applicant_id LEFT JOIN users u ON u.id = d.current_officer_id
    LEFT JOIN step_runs s ON s.dossier_id = d.id AND s.finished_at IS NULL"""
OPEN = "('submitted_online', 'received', 'in_progress', 'paused', 'supplement_requested')"


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# ------------------------------------------------------------------------------ children


def painted_ms(app, widget) -> float:  # type: ignore[no-untyped-def]
    """Show ``widget``, let it paint, and return the ms since the interpreter started."""
    widget.show()
    app.processEvents()
    widget.grab()
    return (time.perf_counter() - START) * 1000


def board_painted(app, ctx) -> None:  # type: ignore[no-untyped-def]
    """The main window at 1366×740 with the board shown, painted (as a signed-in start)."""
    from tthc_desk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.resize(1366, 740)
    window.show()
    window.show_area("dossiers")
    app.processEvents()
    window.grab()


def child_start(db_path: str) -> None:
    """The app from interpreter start to the board painted (signed in as the clerk)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from tthc_desk.services import auth
    from tthc_desk.services.database import open_database
    from tthc_desk.ui.app import LOADED_ON_FIRST_USE, make_application
    from tthc_desk.ui.context import AppContext
    from tthc_desk.ui.main_window import MainWindow  # noqa: F401 - imported in the measure
    from tthc_desk.ui.tasks import InlineTaskRunner

    app = make_application([])
    db = open_database(db_path)
    user = next(u for u in auth.list_users(db) if u.username == "canbo1")
    ctx = AppContext(db=db, runner=InlineTaskRunner(), user=user, office=auth.get_office(db))
    board_painted(app, ctx)
    heavy = sorted(
        m
        for m in sys.modules
        for bad in LOADED_ON_FIRST_USE
        if (m == bad or m.startswith(bad + ".")) and m != "holidays.countries.vietnam"
    )
    print(f"{(time.perf_counter() - START) * 1000:.1f} {','.join(heavy) or '-'}", flush=True)
    os._exit(0)


def child_signin(db_path: str) -> None:
    """What the clerk waits first: interpreter start to the sign-in window painted (the app's
    own start: the window before SQLAlchemy and the database, which open behind it)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from tthc_desk.app import main  # noqa: F401 - the entry point's own imports
    from tthc_desk.ui.app import make_application
    from tthc_desk.ui.i18n import install_translators
    from tthc_desk.ui.login_dialog import LoginDialog
    from tthc_desk.ui.settings import UiSettings

    app = make_application([])
    settings = UiSettings()
    install_translators(app, settings.language)
    name, unit = settings.office_heading
    dlg = LoginDialog(None, name, "canbo1", counter_unit=unit)
    print(f"{painted_ms(app, dlg):.1f}", flush=True)
    os._exit(0)


def child_enter(db_path: str) -> None:
    """What the clerk waits second: from the password accepted to the board painted, once the
    database has opened behind the sign-in window (the seconds of typing). Prints that time and
    the password check (scrypt, a deliberate cost) separately, in ms."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from tthc_desk.ui.app import DatabaseOpener, make_application, preload

    app = make_application([])
    got: list[object] = []
    opener = DatabaseOpener(db_path)
    opener.sig_opened.connect(got.append)
    opener.sig_failed.connect(got.append)
    opener.start()
    while not got:
        app.processEvents()
        time.sleep(0.005)
    opened = got[0]
    if isinstance(opened, BaseException):
        raise opened
    preload()
    for _ in range(20):  # the preload's turns of the event loop, while the clerk types
        app.processEvents()
        time.sleep(0.01)
    from tthc_desk.services import auth
    from tthc_desk.ui.context import AppContext
    from tthc_desk.ui.tasks import InlineTaskRunner

    db = opened.db  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    user = auth.sign_in(db, "canbo1", os.environ.get("TTHC_BENCH_PASSWORD", "matkhau123"))
    t1 = time.perf_counter()
    ctx = AppContext(db=db, runner=InlineTaskRunner(), user=user, office=opened.office)  # type: ignore[attr-defined]
    board_painted(app, ctx)
    t2 = time.perf_counter()
    print(f"{(t2 - t1) * 1000:.1f} {(t1 - t0) * 1000:.1f}", flush=True)
    os._exit(0)


def child_bare(db_path: str) -> None:
    """Qt, sqlite3 and a painted table of the board's first page: the floor for a start."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

    app = QApplication([])
    con = sqlite3.connect(db_path)
    rows = con.execute(
        f"SELECT {PAGE_COLUMNS} FROM dossiers d {PAGE_JOINS} WHERE d.state IN {OPEN} "
        "ORDER BY d.due_at, d.id LIMIT 200"
    ).fetchall()
    table = QTableWidget(len(rows), 9)
    for i, r in enumerate(rows):
        for j, v in enumerate((r[1], r[6], r[4], r[2], r[9], r[11], r[12], r[15], r[16])):
            table.setItem(i, j, QTableWidgetItem("" if v is None else str(v)))
    table.resize(1366, 740)
    print(f"{painted_ms(app, table):.1f}", flush=True)
    os._exit(0)


def child_memory_app(db_path: str) -> None:
    """The board's model scrolled to the end (every dossier), then resident memory."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from tthc_desk.services import auth
    from tthc_desk.services import dossiers as ds
    from tthc_desk.services.calendar import load_calendar
    from tthc_desk.services.database import open_database
    from tthc_desk.ui.context import AppContext
    from tthc_desk.ui.dossier_board_model import BoardModel
    from tthc_desk.ui.tasks import InlineTaskRunner

    QApplication([])
    db = open_database(db_path)
    user = next(u for u in auth.list_users(db) if u.username == "canbo1")
    ctx = AppContext(db=db, runner=InlineTaskRunner(), user=user, office=auth.get_office(db))
    model = BoardModel(ctx, load_calendar(db))
    open_mb = rss_mb()
    model.set_query(ds.BoardQuery(states=None))
    t = time.perf_counter()
    while model.canFetchMore():
        model.fetchMore()
    scrolled = (time.perf_counter() - t) * 1000
    for row in range(0, model.rowCount(), 97):  # paint a sample of rows, as scrolling does
        model.data(model.index(row, 6))
    print(f"{open_mb:.1f} {rss_mb():.1f} {model.rowCount()} {scrolled:.0f}", flush=True)
    os._exit(0)


def child_memory_raw(db_path: str) -> None:
    """The same rows as plain tuples straight from sqlite3."""
    con = sqlite3.connect(db_path)
    rows = con.execute(
        f"SELECT {PAGE_COLUMNS} FROM dossiers d {PAGE_JOINS} ORDER BY d.due_at, d.id"
    ).fetchall()
    print(f"0 {rss_mb():.1f} {len(rows)} 0", flush=True)
    os._exit(0)


def run_child(kind: str, db_path: str, *flags: str) -> tuple[float, str]:
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, *flags, __file__, db_path, "--child", kind],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return (time.perf_counter() - t) * 1000, out.stdout.strip() + "\n" + out.stderr


# ------------------------------------------------------------------------------ timing


def import_time(kind: str, db_path: str) -> tuple[float, list[tuple[float, str]]]:
    """Median over 3 runs of the child ``kind`` under ``-X importtime``: the total of the
    modules the child imports itself (not their dependencies' own lines), and the largest."""
    totals, top = [], []
    for _ in range(3):
        _, out = run_child(kind, db_path, "-X", "importtime")
        run = []
        for line in out.splitlines():
            parts = line.split("|")
            if (
                line.startswith("import time:")
                and len(parts) == 3
                and parts[1].strip().isdigit()
                and not parts[2].startswith("  ")  # by the child itself, not a dependency
            ):
                run.append((int(parts[1]) / 1000, parts[2].strip()))
        totals.append(sum(ms for ms, _ in run))
        top = top or sorted(run, reverse=True)
    return statistics.median(totals), top


def alternate(
    app: Callable[[], object], raw: Callable[[], object], rounds: int
) -> tuple[float, float]:
    """Median ms of ``app`` and of ``raw``, run alternately after a warm-up of each."""
    app(), raw()
    a, r = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        app()
        a.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        raw()
        r.append((time.perf_counter() - t) * 1000)
    return statistics.median(a), statistics.median(r)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("db")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--skip-start", action="store_true", help="leave out the start measure")
    args = ap.parse_args()
    children = {
        "start": child_start,
        "bare": child_bare,
        "signin": child_signin,
        "enter": child_enter,
        "memory_app": child_memory_app,
        "memory_raw": child_memory_raw,
    }
    if args.child:
        children[args.child](args.db)
        return 0

    from tthc_desk.services import dossiers as ds
    from tthc_desk.services.database import open_database

    work = Path(tempfile.mkdtemp())
    copy = work / "bench.sqlite3"
    shutil.copyfile(args.db, copy)
    db = open_database(copy)  # migrates the copy when the generator's file is older
    con = sqlite3.connect(copy)
    n = con.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    rows: list[tuple[str, float, float]] = []  # (measure, app ms, raw ms)

    def raw_page(
        where: str = "", params: tuple = (), order: str = "d.due_at, d.id"
    ) -> Callable[[], object]:
        sql = (
            f"SELECT {PAGE_COLUMNS} FROM dossiers d {PAGE_JOINS} "
            f"WHERE d.id IN (SELECT d.id FROM dossiers d {where} ORDER BY {order} LIMIT 200)"
        )
        return lambda: con.execute(sql, params).fetchall()

    # search
    for label, text, fts in (
        ("search: name without diacritics", "nguyen van hung", '"nguyen" "van" "hung"*'),
        ("search: personal-ID prefix", "030085", '"030085"*'),
        ("search: phone prefix", "0912", '"0912"*'),
        # the first digits of an ID or phone match most of a commune (its province's code)
        ('search: one digit ("0")', "0", '"0"*'),
        ('search: two digits ("03")', "03", '"03"*'),
        ('search: three digits ("030")', "030", '"030"*'),
    ):
        app, raw = alternate(
            lambda t=text: ds.board_page(db, ds.BoardQuery(states=None, text=t)),
            raw_page(
                "WHERE d.id IN (SELECT rowid FROM dossiers_fts WHERE dossiers_fts MATCH ?)", (fts,)
            ),
            args.rounds,
        )
        rows.append((label, app, raw))
    app, raw = alternate(
        lambda: ds.board_page(db, ds.BoardQuery(text="03")),
        raw_page(
            f"WHERE d.state IN {OPEN} AND d.id IN "
            "(SELECT rowid FROM dossiers_fts WHERE dossiers_fts MATCH ?)",
            ('"03"*',),
        ),
        args.rounds,
    )
    rows.append(('search: two digits ("03"), open dossiers', app, raw))

    # pages: first, middle, last of all dossiers; first of the open ones
    cursors = (
        con.execute(
            "SELECT due_at, id FROM dossiers ORDER BY due_at, id LIMIT 1 OFFSET ?", (n // 2,)
        ).fetchone(),
        con.execute(
            "SELECT due_at, id FROM dossiers ORDER BY due_at, id LIMIT 1 OFFSET ?",
            (max(n - 150, 0),),
        ).fetchone(),
    )
    from datetime import datetime

    def cursor(c: tuple[str, int]) -> tuple[datetime, int]:
        return (datetime.fromisoformat(c[0]), c[1])

    for label, q, raw in (
        ("board: open dossiers, first page", ds.BoardQuery(), raw_page(f"WHERE d.state IN {OPEN}")),
        ("board: all dossiers, first page", ds.BoardQuery(states=None), raw_page()),
        (
            "board: all dossiers, middle page",
            ds.BoardQuery(states=None, after=cursor(cursors[0])),
            raw_page("WHERE (d.due_at, d.id) > (?, ?)", cursors[0]),
        ),
        (
            "board: all dossiers, last page",
            ds.BoardQuery(states=None, after=cursor(cursors[1])),
            raw_page("WHERE (d.due_at, d.id) > (?, ?)", cursors[1]),
        ),
        (
            "board: one field, open",
            ds.BoardQuery(field_id=1),
            raw_page(f"WHERE d.state IN {OPEN} AND d.field_id = 1"),
        ),
    ):
        app, r = alternate(lambda q=q: ds.board_page(db, q), raw, args.rounds)
        rows.append((label, app, r))

    # nearly due / late: the app's whole call (settings, calendar, thresholds, query) beside
    # its own SQL replayed with raw sqlite3
    captured: list[tuple[str, object]] = []
    from sqlalchemy import event

    def keep(_c, _cur, statement, parameters, *_a) -> None:  # type: ignore[no-untyped-def]
        if "FROM dossiers" in statement:
            captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    ds.board_page(db, ds.BoardQuery(standing="attention"))
    event.remove(db.engine, "before_cursor_execute", keep)

    def replay() -> None:  # every statement the call sent that reads dossiers
        for sql, params in captured:
            con.execute(sql, params).fetchall()  # type: ignore[arg-type]

    app, r = alternate(
        lambda: ds.board_page(db, ds.BoardQuery(standing="attention")), replay, args.rounds
    )
    rows.append(("nearly-due / late view (SQL replayed)", app, r))

    # scrolling the whole board, page after page
    def scroll_app() -> list[float]:
        per_page, after = [], None
        while True:
            t = time.perf_counter()
            page = ds.board_page(db, ds.BoardQuery(states=None, after=after))
            per_page.append((time.perf_counter() - t) * 1000)
            if page.cursor is None:
                return per_page
            after = page.cursor

    def scroll_raw() -> None:
        sql = (
            f"SELECT {PAGE_COLUMNS} FROM dossiers d {PAGE_JOINS} WHERE d.id IN (SELECT d.id FROM "
            "dossiers d WHERE (d.due_at, d.id) > (?, ?) ORDER BY d.due_at, d.id LIMIT 200)"
        )
        cur: tuple[object, object] = ("", 0)
        while True:
            page = con.execute(sql, cur).fetchall()
            if len(page) < 200:
                return
            last = max(page, key=lambda r: (r[11], r[0]))
            cur = (last[11], last[0])

    scroll_rounds = max(3, args.rounds // 2)
    pages: list[float] = []
    app_t, raw_t = [], []
    for _ in range(scroll_rounds):
        t = time.perf_counter()
        pages = scroll_app()
        app_t.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        scroll_raw()
        raw_t.append((time.perf_counter() - t) * 1000)
    rows.append(
        ("scroll the whole board (all pages)", statistics.median(app_t), statistics.median(raw_t))
    )
    tenth = max(len(pages) // 10, 1)
    first_pages = statistics.median(pages[:tenth])
    last_pages = statistics.median(pages[-tenth:])
    db.dispose()

    # memory after scrolling to the end
    _, out_app = run_child("memory_app", str(copy))
    _, out_raw = run_child("memory_raw", str(copy))
    open_mb, app_mb, loaded, _ = out_app.split()[:4]
    raw_mb = out_raw.split()[1]

    # start to the board painted, beside a bare window with a table
    start: tuple[float, float] | None = None
    waits = (0.0, 0.0, 0.0)
    imports = ""
    import_ms = signin_import_ms = bare_import_ms = 0.0
    heavy: set[str] = set()
    if not args.skip_start:
        app_s, raw_s = [], []
        for _ in range(args.rounds):
            wall, out = run_child("start", str(copy))  # wall time, interpreter included
            app_s.append(wall)
            heavy.update(x for x in out.split()[1].split(",") if x != "-")
            raw_s.append(run_child("bare", str(copy))[0])
        start = (statistics.median(app_s), statistics.median(raw_s))
        signin_s, enter_s, check_s = [], [], []
        for _ in range(args.rounds):  # the two waits of a real start (sign-in window first)
            signin_s.append(run_child("signin", str(copy))[0])  # wall, interpreter included
            window_ms, check_ms = run_child("enter", str(copy))[1].split()[:2]
            enter_s.append(float(window_ms))
            check_s.append(float(check_ms))
        waits = (
            statistics.median(signin_s),
            statistics.median(enter_s),
            statistics.median(check_s),
        )
        import_ms, top = import_time("start", str(copy))
        signin_import_ms, _ = import_time("signin", str(copy))
        bare_import_ms, _ = import_time("bare", str(copy))
        imports = ", ".join(f"{name} {ms:.0f} ms" for ms, name in top[:8])

    con.close()
    shutil.rmtree(work)

    print(f"database: {args.db} ({n:,} dossiers), medians of {args.rounds} alternating runs")
    print(f"{'measure':42} {'app ms':>9} {'raw ms':>9} {'ratio':>7}")
    failed = False
    for label, app, raw in rows:
        ratio = app / raw if raw else float("inf")
        mark = ""
        if label.startswith(("board:", "nearly-due")) and ratio > PAGE_RATIO_BUDGET:
            mark, failed = "  OVER 10x", True
        if label.startswith("search") and app > SEARCH_BUDGET_MS:
            mark, failed = "  OVER 10 ms", True
        print(f"{label:42} {app:9.2f} {raw:9.2f} {ratio:7.1f}{mark}")
    print(
        f"scrolling: {len(pages)} pages, median page {first_pages:.2f} ms in the first tenth, "
        f"{last_pages:.2f} ms in the last (linear when alike)"
    )
    mark = "" if float(app_mb) <= MEMORY_BUDGET_MB else "  OVER 200 MB"
    failed |= bool(mark)
    print(
        f"memory: {open_mb} MB with the model empty, {app_mb} MB after scrolling {loaded} rows; "
        f"raw tuples {raw_mb} MB; ratio {float(app_mb) / float(raw_mb):.2f}{mark}"
    )
    if start is not None:
        mark = "" if start[0] <= START_BUDGET_MS else "  OVER 1.0 s"
        failed |= bool(mark)
        print(
            f"start to the board painted: {start[0]:.0f} ms; bare Qt window with a table: "
            f"{start[1]:.0f} ms; ratio {start[0] / start[1]:.1f}{mark}"
        )
        bare = start[1]
        over = [w for w in waits[:2] if w > START_RATIO_BUDGET * bare]
        failed |= bool(over)
        print(
            f"what the clerk waits: the sign-in window painted {waits[0]:.0f} ms "
            f"({waits[0] / bare:.1f}x the bare window), then from the password accepted to the "
            f"board painted {waits[1]:.0f} ms ({waits[1] / bare:.1f}x; the database opened "
            f"behind the sign-in window){'  OVER 3x' if over else ''}; the password check "
            f"itself (scrypt N=2^17, deliberate) {waits[2]:.0f} ms"
        )
        ratio = signin_import_ms / bare_import_ms
        mark = "" if ratio <= SIGN_IN_IMPORT_RATIO_BUDGET else "  OVER 2x"
        failed |= bool(mark)
        print(
            f"imports before the sign-in window is painted (-X importtime, median of 3): "
            f"{signin_import_ms:.0f} ms; the bare window's {bare_import_ms:.0f} ms; "
            f"ratio {ratio:.1f}{mark}"
        )
        print(
            f"imports of a start straight through to the board (no typing; most of them behind "
            f"the sign-in window in a real start): {import_ms:.0f} ms; largest (cumulative): "
            f"{imports}"
        )
        mark = "  (should be imported when first used)" if heavy else ""
        failed |= bool(heavy)
        print(f"modules not needed before the board: {', '.join(sorted(heavy)) or 'none'}{mark}")
        load = os.getloadavg()
        print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
