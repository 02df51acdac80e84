"""Cancel the province list import from its dialog while it saves: nothing is half-imported.

Real background runner; the cancel arrives as the progress dialog's «Hủy» would, while the rows
are being written (deterministically, from the worker's own progress report).
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from tthc_desk.persistence.models import AuditEntry, ProvinceImport, ProvinceRecord
from tthc_desk.services import auth
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.reconcile_page import ReconcilePage
from tthc_desk.ui.tasks import TaskRunner

NOW = datetime(2026, 3, 20, 9, 0)
ROWS = 1600


def _export(path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Mã hồ sơ", "Mã TTHC", "Tổ chức, cá nhân", "Thời gian tiếp nhận", "Tình trạng"])
        for n in range(1, ROWS + 1):
            w.writerow(
                [
                    f"000.00.25.H23-260302-{n:04d}",
                    "1.004194",
                    f"Người nộp số {n}",
                    "02/03/2026 08:00",
                    "Đang xử lý",
                ]
            )
    return path


def _counts(db) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(ProvinceRecord)) or 0,
            s.scalar(select(func.count()).select_from(ProvinceImport)) or 0,
            s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def test_cancelled_province_import_saves_nothing(qtbot, counter_office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, _codes = counter_office
    clerk = auth.sign_in(db, "canbo1", "matkhau123")
    runner = TaskRunner()
    ctx = AppContext(db=db, runner=runner, user=clerk, office=auth.get_office(db))
    page = ReconcilePage(ctx, now=lambda: NOW)
    qtbot.addWidget(page)
    page.show()
    dlg = page.import_file(_export(tmp_path / "tinh.csv"))
    qtbot.waitUntil(lambda: dlg.preview is not None, timeout=120_000)
    assert dlg.preview.count("new") == ROWS and dlg.ok.isEnabled()
    before = _counts(db)

    dlg.apply()
    handle = dlg.handle
    assert not handle.done and not dlg.ok.isEnabled()
    assert handle.progress_dialog.labelText() == "Đang nhập danh sách…"
    seen: list[int] = []

    def cancel(done: int, _total: int) -> None:
        seen.append(done)
        handle.cancel()  # what the progress dialog's «Hủy» does

    handle.sig_progress.connect(cancel, Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(handle.sig_failed, timeout=120_000) as blocker:
        pass
    assert blocker.args[0].code == "task.cancelled"
    assert seen and max(seen) < ROWS
    assert "Đã hủy" in dlg.error.text() and dlg.isVisible() and dlg.ok.isEnabled()
    assert _counts(db) == before  # no record, no import line, no audit line
    runner.wait()
