"""Cancel a catalogue import from its dialog while it saves: nothing is half-imported.

The import runs on the real background runner (not inline): the dialog's progress dialog is
bound to the task, and the cancel arrives, as the Cancel button's would, while rows are being
written (deterministically, from the worker's own progress report).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from catalogue_data import realistic_inputs
from PySide6.QtCore import Qt

from tthc_desk.services import auth
from tthc_desk.services import catalogue as cat
from tthc_desk.services import catalogue_import as ci
from tthc_desk.ui.catalogue_page import CataloguePage
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.tasks import TaskRunner


def _counts(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from tthc_desk.persistence.models import AuditEntry, Field

    with db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Field)) or 0,
            s.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "import")
            )
            or 0,
        )


def test_cancelled_import_saves_nothing_and_can_be_run_again(
    qtbot, office_db, users, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    base = realistic_inputs()
    records = list(base)
    for n in range(4):  # about 250 procedures: long enough to be cancelled half-way
        records += [replace(r, code=f"{r.code}.{n}", name=f"{r.name} ({n})") for r in base]
    sheet = ci.write_xlsx(tmp_path / "tinh.xlsx", records)
    runner = TaskRunner()
    ctx = AppContext(
        db=office_db, runner=runner, user=users["admin"], office=auth.get_office(office_db)
    )
    page = CataloguePage(ctx)
    qtbot.addWidget(page)
    page.show()
    before = cat.count_procedures(office_db)
    fields_before = _counts(office_db)
    dlg = page.open_import()
    qtbot.addWidget(dlg)
    dlg.path.setText(str(sheet))
    dlg.create_fields.setChecked(True)
    dlg.run_preview()
    qtbot.waitUntil(lambda: dlg.preview is not None, timeout=120_000)
    assert dlg.preview is not None and dlg.preview.to_save == len(records)

    dlg.run_apply()
    handle = dlg.handle
    assert not handle.done and not dlg.apply_btn.isEnabled()
    assert handle.progress_dialog.labelText() == "Đang lưu vào danh mục…"
    seen: list[int] = []

    def cancel_half_way(done: int, _total: int) -> None:
        seen.append(done)
        if done >= 40:
            handle.cancel()  # what the progress dialog's «Hủy» does

    handle.sig_progress.connect(cancel_half_way, Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(handle.sig_failed, timeout=120_000) as blocker:
        pass
    assert blocker.args[0].code == "task.cancelled"
    assert seen and max(seen) < len(records)  # cancelled while rows were being written
    assert "Đã hủy" in dlg.error.text()
    assert dlg.report is None and dlg.apply_btn.isEnabled()  # the clerk may try again
    assert cat.count_procedures(office_db) == before  # not one procedure half-imported
    assert _counts(office_db) == fields_before  # no field created, no import audited

    # Run again without cancelling: every row is saved.
    dlg.run_apply()
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=180_000)
    assert len(dlg.report.added) == len(records)
    assert cat.count_procedures(office_db) == before + len(records)
    runner.wait()
