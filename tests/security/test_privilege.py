"""Least privilege: every public service that changes state checks the actor's role.

The test enumerates the public functions of ``tthc_desk.services``: each one that takes an
``actor`` must be classified below (a new one fails the test until it is), and each one that a
clerk may not run is called as a clerk and must raise ``Forbidden`` before touching anything.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import tthc_desk.services as services_pkg
from tthc_desk.domain.errors import Forbidden
from tthc_desk.persistence.models import AuditEntry, Setting, TrustedCertificate

#: Refused to a clerk (administrator, or leader as catalogue/766 editor, or certifier).
REFUSED_TO_CLERK = {
    "backup.save_backup_settings",
    "calendar.confirm_year",
    "catalogue.confirm_procedure",
    "catalogue_seed.load_shipped_catalogue",
    "documents.set_seal_image",
    "documents.set_tsa_url",
    "province.save_book",
    "registers.set_form_paper",
    "auth.create_user",
    "auth.update_office",
    "auth.update_user",
    "backup.backup",
    "backup.restore",
    "calendar.apply_change",
    "catalogue.create_field",
    "catalogue.create_procedure",
    "catalogue.restore_procedure",
    "catalogue.retire_procedure",
    "catalogue.update_procedure",
    "catalogue_import.apply_import",
    "catalogue_seed.load_seed_procedures",
    "documents.add_trusted",
    "documents.remove_trusted",
    "documents.make_certified_copy",
    "index766.set_manual_inputs",
    "scan_inbox.set_scan_folder",
    "settings_store.save_deadline_settings",
    "settings_store.set_setting",
    "retention.plan",  # lists citizens' dossiers due for anonymisation
    "retention.apply",
    "retention.set_retention_years",
}
#: A clerk's own work at the counter (intake, dossier life, documents, feedback, notices).
CLERK_MAY = {
    "auth.sign_out",
    "dossiers.handover_options",  # reads who may take the next step (never yourself)
    "province.apply_province",  # the counter imports the province's list
    "province.bring_online_dossiers",
    "province.decide_match",
    "province.enter_in_book",
    "province.export_reconciliation",  # audited export
    "province.print_book",  # audited export
    "feedback.render_results",  # audited export
    "feedback.render_letter",  # audited export
    "province.save_mapping",
    "registers.print_copy",
    "documents.attach_existing",
    "documents.register_batch",
    "documents.register_document",
    "documents.scan_document",
    "documents.sign_document",
    "dossiers.apologise",
    "dossiers.handover",
    "dossiers.pause",
    "dossiers.rate",
    "dossiers.receive_in",
    "dossiers.receive_online",
    "dossiers.receive_supplement",
    "dossiers.record_event",
    "dossiers.refuse",
    "dossiers.request_supplement",
    "dossiers.result_ready",
    "dossiers.resume",
    "dossiers.return_result",
    "dossiers.stop",
    "dossiers.withdraw",
    "feedback.accept",
    "feedback.answer",
    "feedback.publish",
    "feedback.publish_many",
    "feedback.receive",
    "feedback.record_outcome",
    "feedback.reject",
    "feedback.request_supplement",
    "feedback.supplement_received",
    "intake.receive_dossier",
    "notices.record_posted",
    "notices.record_printed",
    "ratings.rate",
    "registers.export_register",  # the clerk keeps the register (audited export)
    "scan_inbox.attach_inbox_file",
}
#: Helpers that work inside the caller's unit of work (the caller checked the role).
IN_SESSION = {
    "province.record_line_in",
    "catalogue.insert_procedure",
    "catalogue.new_version",
    "common.audit",
    "registers.audit_export",
    "settings_store.write",
}
#: State-changing functions without an actor, and why that is right.
NO_ACTOR = {
    "auth.first_run_setup": "refused once the office exists (auth.setup_done)",
    "auth.sign_in": "signs in; counts failed attempts",
    "documents.check_files": "reads the store; audits the check",
    "calendar_import.plan_rows": "compares a file with the calendar; writes nothing",
}


def _public_functions() -> dict[str, Callable[..., Any]]:
    found = {}
    for info in pkgutil.iter_modules(services_pkg.__path__):
        if info.name.startswith("demo"):
            continue  # demo data builders run on an empty database only
        module = importlib.import_module(f"{services_pkg.__name__}.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                found[f"{info.name}.{name}"] = fn
    return found


def test_every_service_taking_an_actor_is_classified() -> None:
    with_actor = {
        k for k, fn in _public_functions().items() if "actor" in inspect.signature(fn).parameters
    }
    unknown = with_actor - REFUSED_TO_CLERK - CLERK_MAY - IN_SESSION
    assert unknown == set(), f"classify these services: {sorted(unknown)}"
    assert (REFUSED_TO_CLERK | CLERK_MAY | IN_SESSION) - with_actor == set()


def test_state_changing_services_without_actor_are_known() -> None:
    writes = re.compile(r"audit\(|\.add\(|\.add_all\(|\.delete\(|write\(s")
    found = {
        k
        for k, fn in _public_functions().items()
        if "actor" not in inspect.signature(fn).parameters
        and "db" in inspect.signature(fn).parameters
        and writes.search(inspect.getsource(fn))
    }
    assert found == set(NO_ACTOR)


def _counts(db) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
            s.scalar(select(func.count()).select_from(Setting)) or 0,
            s.scalar(select(func.count()).select_from(TrustedCertificate)) or 0,
        )


@pytest.mark.parametrize("name", sorted(REFUSED_TO_CLERK))
def test_clerk_is_refused(name: str, office_db, users, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    fn = _public_functions()[name]
    clerk = users["canbo1"].actor
    params = inspect.signature(fn).parameters
    args: dict[str, Any] = {}
    for pname, p in params.items():
        if p.default is not inspect.Parameter.empty:
            continue
        args[pname] = {"db": office_db, "actor": clerk, "db_path": db_path}.get(pname)
    if "actor" in params and params["actor"].kind is inspect.Parameter.KEYWORD_ONLY:
        args["actor"] = clerk
    before = _counts(office_db)
    with pytest.raises(Forbidden):
        fn(**args)
    assert _counts(office_db) == before


@pytest.mark.parametrize("actor", [None, "nobody"])
def test_no_anonymous_settings_or_trust(actor, office_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.services import documents, settings_store

    who = None if actor is None else object()
    with pytest.raises(Forbidden):
        settings_store.set_setting(office_db, who, settings_store.PKCS11_LIBRARY, "/tmp/x.so")  # type: ignore[arg-type]
    with pytest.raises(Forbidden):
        documents.add_trusted(office_db, who, tmp_path / "x.pem")  # type: ignore[arg-type]
    assert _counts(office_db)[1:] == (0, 0)


def test_trust_remove_from_the_command_line(
    office_db, db_path: Path, tmp_path: Path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.support.pki import make_ca
    from tthc_desk.cli import run

    pem = tmp_path / "root.pem"
    pem.write_bytes(make_ca("Root CA Xóa Thử").cert_pem)
    monkeypatch.setenv("TTHC_PASSWORD", "matkhau123")
    assert run(["--db", str(db_path), "trust", "add", str(pem), "--user", "admin"]) == 0
    with office_db.session() as s:
        (tid,) = s.scalars(select(TrustedCertificate.id)).all()
    # a clerk may not; the administrator may (it failed before: audit by user 0, foreign key)
    assert run(["--db", str(db_path), "trust", "remove", str(tid), "--user", "canbo1"]) == 1
    assert run(["--db", str(db_path), "trust", "remove", str(tid), "--user", "admin"]) == 0
    assert "Đã bỏ" in capsys.readouterr().out
    with office_db.session() as s:
        assert s.scalars(select(TrustedCertificate.id)).all() == []
        line = s.scalars(select(AuditEntry).where(AuditEntry.action == "trust.removed")).one()
        assert line.user_id == 1 and line.entity_id == str(tid)
