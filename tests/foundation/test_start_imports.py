"""Start (issue 14): the window and the board are painted without the libraries and modules
only other pages or commands need; the code's head migration is known without alembic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tthc_desk.persistence import db as dbmod
from tthc_desk.ui.app import LOADED_ON_FIRST_USE

ROOT = Path(__file__).resolve().parents[2]

START = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from tthc_desk.app import main  # the entry point's own imports
from tthc_desk.ui.app import make_application
from tthc_desk.services import auth
from tthc_desk.services.database import open_database
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.main_window import MainWindow
from tthc_desk.ui.tasks import InlineTaskRunner
app = make_application([])
db = open_database(sys.argv[1])
user = next(u for u in auth.list_users(db) if u.username == "canbo1")
ctx = AppContext(db=db, runner=InlineTaskRunner(), user=user, office=auth.get_office(db))
window = MainWindow(ctx)
window.show()
app.processEvents()
window.show_area("dossiers")
app.processEvents()
window.grab()
print(json.dumps(sorted(sys.modules)))
"""


def test_the_list_names_what_issue_14_leaves_to_first_use() -> None:
    # pyHanko, pypdfium2, openpyxl, reportlab, QtMultimedia, the pages not shown, alembic, the
    # holidays registry, the command-line modules (issue 14, "Start")
    assert {
        "pyhanko", "pypdfium2", "openpyxl", "reportlab", "PySide6.QtMultimedia", "alembic",
        "holidays.countries", "tthc_desk.commands", "tthc_desk.ui.index766_page",
        "tthc_desk.ui.settings_page", "tthc_desk.ui.dossier_dialog",
    } <= set(LOADED_ON_FIRST_USE)  # fmt: skip


def test_window_and_board_painted_without_what_they_do_not_need(office_db, users) -> None:  # type: ignore[no-untyped-def]
    path = office_db.file_path
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", START, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
    ).stdout
    modules = set(json.loads(out.strip().splitlines()[-1]))
    assert "tthc_desk.ui.dossiers_page" in modules and "holidays.countries.vietnam" in modules
    loaded = sorted(
        m
        for m in modules - {"holidays.countries.vietnam"}
        for bad in LOADED_ON_FIRST_USE
        if m == bad or m.startswith(bad + ".")
    )
    assert loaded == []


def test_head_revision_is_read_from_the_files_as_alembic_does() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(dbmod.alembic_config("sqlite://"))
    assert dbmod.head_revision() == script.get_current_head()


def test_current_revision_without_alembic(tmp_path: Path, office_db) -> None:  # type: ignore[no-untyped-def]
    assert dbmod.current_revision(office_db.engine) == dbmod.head_revision()
    empty = dbmod.make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        assert dbmod.current_revision(empty) is None
    finally:
        empty.dispose()
