"""Digitised documents: register files into the store, sign, verify, trust, check, reuse, certify.

Every document is one PDF in the content-addressed store beside the database (named by its
SHA-256, never overwritten) plus a ``DigitalDocument`` row (hash, size, pages, who) attached to a
dossier. Signing makes a new stored version chained by ``previous_version_id``; the unsigned one
stays. Slow work (PDF building, OCR, signing, hashing) takes ``progress``/``cancelled`` callables
so the UI can run it off the UI thread; the database rows are written in one unit of work at the
end, so a cancelled batch leaves no half-registered documents (only orphan files in the store,
which :func:`check_files` counts and nothing refers to).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import logging
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from tthc_desk.adapters import pdfdocs, scanning, signing
from tthc_desk.adapters.signing import Pkcs11Source, Pkcs12Source, SigningSource, VerifyReport
from tthc_desk.adapters.store import FileStore, StoredFile
from tthc_desk.domain import limits
from tthc_desk.domain.enums import AttachmentRole, DocumentKind, Role
from tthc_desk.domain.errors import AppError, Conflict, Forbidden, NotFound, ValidationError
from tthc_desk.domain.text import fold, nfc, nfc_or_none
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import (
    Applicant,
    CertificationEntry,
    DigitalDocument,
    Dossier,
    DossierAttachment,
    OfficeProfile,
    Procedure,
    RequiredDocument,
    Signature,
    TrustedCertificate,
    User,
)
from tthc_desk.services import settings_store
from tthc_desk.services.common import Actor, Clock, audit, system_now
from tthc_desk.services.reuse import reusable_in

__all__ = [
    "ERROR_CODES",
    "IMAGE_SUFFIXES",
    "PDF_SUFFIXES",
    "AttachExisting",
    "CertifiedCopy",
    "CertifyCommand",
    "DocumentView",
    "DossierDocuments",
    "FileProblem",
    "FilesCheck",
    "Pkcs11Source",
    "Pkcs12Source",
    "RegisterCommand",
    "RequiredDocumentView",
    "ReusableDocument",
    "ReuseStats",
    "ScanCommand",
    "SignCommand",
    "SigningSource",
    "TrustedView",
    "VerifyReport",
    "add_trusted",
    "attach_existing",
    "check_files",
    "document_file",
    "dossier_documents",
    "list_scanners",
    "list_trusted",
    "seal_image",
    "set_seal_image",
    "set_tsa_url",
    "tsa_url",
    "make_certified_copy",
    "open_dossier",
    "register_batch",
    "register_document",
    "remove_trusted",
    "reusable_documents",
    "reuse_stats",
    "search_documents",
    "scan_document",
    "sign_document",
    "store_for",
    "verify_document",
    "verify_file",
]

#: Codes this module raises itself (the adapters' codes come through as they are).
ERROR_CODES: tuple[str, ...] = (
    "document.no_files",
    "document.mixed_files",  # several PDFs, or PDFs mixed with images
    "document.unsupported_file",  # params: name
    "document.not_found",  # params: id
    "document.superseded",  # params: id
    "document.required_mismatch",  # params: id (required document of another procedure)
    "document.other_applicant",  # the document belongs to someone else
    "document.expired",  # params: valid_until
    "document.already_attached",  # params: ref
    "dossier.not_found",  # params: ref (code or id)
    "certify.not_original",  # only a scanned original can be certified
    "certify.number_conflict",  # numbering kept colliding; try again
    "trust.not_found",  # params: id
    "sign.tsa_url_invalid",  # params: url
    "sign.holder_mismatch",  # notice; params: holder, officer
    "sign.offline_time",  # notice: no time stamp authority, the time is the PC's clock
    "sign.seal_invalid",  # params: path (not a PNG/JPEG, or too large)
    "sign.seal_missing",  # the organisation signature needs the seal image (administrator)
    "sign.organisation_result_only",  # the commune's signature goes on results only
    "files.problems",  # params: missing, altered (command line)
)

PDF_SUFFIXES = frozenset({".pdf"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif"})

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

STAFF = (Role.CLERK, Role.OFFICER, Role.LEADER)
CERTIFIERS = (Role.OFFICER, Role.LEADER)

#: What the signature says it is for (stored in the PDF, so in Vietnamese).
SIGN_REASONS = {
    "scan": "Số hóa bản giấy tiếp nhận tại bộ phận tiếp nhận và trả kết quả",
    "result": "Ký số kết quả giải quyết thủ tục hành chính",
    "certified_copy": "Chứng thực bản sao điện tử từ bản chính",
    "organisation": "Chữ ký số của cơ quan trên kết quả giải quyết thủ tục hành chính",
}
#: The largest seal image accepted (bytes): it is embedded in every organisation signature.
SEAL_MAX_BYTES = limits.SEAL_BYTES
#: A document is "valid until" at most this many years ahead (a passport: 10).
VALID_YEARS = 100

log = logging.getLogger(__name__)


# ============================================================================ views


@dataclass(frozen=True)
class RequiredDocumentView:
    """One document the dossier's procedure asks for."""

    id: int
    position: int
    name: str
    kind: DocumentKind
    optional: bool


@dataclass(frozen=True)
class DocumentView:
    """A digitised document as one dossier sees it (the attachment plus the stored file)."""

    id: int
    title: str
    kind: DocumentKind
    is_result: bool
    sha256: str
    size: int
    pages: int
    is_signed: bool
    signers: tuple[str, ...]
    ocr: bool
    original_filename: str | None
    previous_version_id: int | None
    valid_until: date | None
    superseded: bool
    registered_at: datetime
    registered_by: str
    applicant_id: int | None
    required_document_name: str | None
    attachment_id: int | None = None
    dossier_id: int | None = None
    role: AttachmentRole | None = None
    required_document_id: int | None = None
    reused: bool = False
    certification: str | None = None  # "12/2025" when this is a numbered certified copy
    #: What the officer must be told after signing: ``(code, params)`` pairs, e.g.
    #: ``("sign.holder_mismatch", (("holder", …), ("officer", …)))`` or ``("sign.offline_time", ())``
    notices: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()


@dataclass(frozen=True)
class DossierDocuments:
    """A dossier opened on the digitisation screen: who, which procedure, its documents."""

    id: int
    code: str
    state: str
    applicant_id: int
    applicant_name: str
    personal_id: str | None
    procedure_code: str
    procedure_name: str
    certification_procedure: bool
    required: tuple[RequiredDocumentView, ...]
    documents: tuple[DocumentView, ...]


@dataclass(frozen=True)
class ReusableDocument:
    """An earlier document of the applicant, still valid, offered for a new dossier."""

    id: int
    title: str
    kind: DocumentKind
    is_result: bool
    is_signed: bool
    pages: int
    valid_until: date | None
    registered_at: datetime
    from_dossiers: tuple[str, ...]
    required_document_name: str | None


@dataclass(frozen=True)
class ReuseStats:
    """Dossiers received in a period, and how many of them reused digitised documents."""

    start: date
    end: date
    received: int
    reusing: int

    @property
    def rate(self) -> float:
        return self.reusing / self.received if self.received else 0.0


@dataclass(frozen=True)
class TrustedView:
    """A certificate the office trusts (root or intermediate)."""

    id: int
    subject: str
    sha256: str
    is_ca: bool
    added_at: datetime
    added_by: str


@dataclass(frozen=True)
class FileProblem:
    """A stored file that is missing or altered, and the documents that point at it."""

    sha256: str
    document_ids: tuple[int, ...]
    titles: tuple[str, ...]
    dossier_codes: tuple[str, ...]


@dataclass(frozen=True)
class FilesCheck:
    """The store check: every registered file re-hashed against the database."""

    checked: int
    missing: tuple[FileProblem, ...]
    altered: tuple[FileProblem, ...]
    orphans: int  # files in the store that no document refers to (harmless)

    @property
    def all_ok(self) -> bool:
        return not self.missing and not self.altered


@dataclass(frozen=True)
class CertifiedCopy:
    """The numbered, signed electronic certified copy."""

    document: DocumentView
    year: int
    number: int
    book: str


# ============================================================================ commands


@dataclass(frozen=True)
class RegisterCommand:
    """Register one document: one PDF, or one or more page images joined into one PDF."""

    dossier_id: int
    files: tuple[Path, ...]
    title: str = ""  # empty: the required document's name, else the file name
    kind: DocumentKind = DocumentKind.COPY
    role: AttachmentRole = AttachmentRole.INTAKE
    required_document_id: int | None = None
    valid_until: date | None = None
    ocr: bool = False
    dpi: int | None = None  # force the page size of images (the scan resolution)


@dataclass(frozen=True)
class ScanCommand:
    """Scan pages on a device straight into a registered document."""

    dossier_id: int
    device: str
    settings: scanning.ScanSettings
    title: str = ""
    kind: DocumentKind = DocumentKind.COPY
    role: AttachmentRole = AttachmentRole.INTAKE
    required_document_id: int | None = None
    valid_until: date | None = None
    ocr: bool = False


@dataclass(frozen=True)
class SignCommand:
    """Sign a document; the key's secret (PIN, passphrase) lives only in ``source``."""

    document_id: int
    source: SigningSource = field(repr=False)
    purpose: str | None = None  # "scan" / "result"; None: from the document


@dataclass(frozen=True)
class AttachExisting:
    """Attach an earlier digitised document of the same applicant to a new dossier."""

    dossier_id: int
    document_id: int
    required_document_id: int | None = None
    role: AttachmentRole = AttachmentRole.INTAKE


@dataclass(frozen=True)
class CertifyCommand:
    """Make an electronic certified copy of a scanned original and number it in the book."""

    source_document_id: int
    source: SigningSource = field(repr=False)
    dossier_id: int | None = None  # None: the dossier the original is attached to


# ============================================================================ helpers


def store_for(db: Database) -> FileStore:
    """The content-addressed store beside the database."""
    return FileStore(db.files_dir())


def _check(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise AppError("task.cancelled")


def _user_names(s: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(s.execute(select(User.id, User.full_name).where(User.id.in_(wanted))).all())


def _signers(s: Session, doc_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    ids = list(doc_ids)
    out: dict[int, list[str]] = {}
    if ids:
        rows = s.execute(
            select(Signature.document_id, Signature.signer_name)
            .where(Signature.document_id.in_(ids))
            .order_by(Signature.signed_at, Signature.id)
        ).all()
        for doc_id, name in rows:
            out.setdefault(doc_id, []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def _certifications(s: Session, doc_ids: Iterable[int]) -> dict[int, str]:
    ids = list(doc_ids)
    if not ids:
        return {}
    rows = s.execute(
        select(
            CertificationEntry.document_id, CertificationEntry.number, CertificationEntry.year
        ).where(CertificationEntry.document_id.in_(ids))
    ).all()
    return {doc_id: f"{number}/{year}" for doc_id, number, year in rows}


def _view(
    d: DigitalDocument,
    names: dict[int, str],
    signers: dict[int, tuple[str, ...]],
    certs: dict[int, str],
    att: DossierAttachment | None = None,
) -> DocumentView:
    return DocumentView(
        id=d.id,
        title=d.title,
        kind=DocumentKind(d.kind),
        is_result=d.is_result,
        sha256=d.sha256,
        size=d.size,
        pages=d.pages,
        is_signed=d.is_signed,
        signers=signers.get(d.id, ()),
        ocr=d.ocr,
        original_filename=d.original_filename,
        previous_version_id=d.previous_version_id,
        valid_until=d.valid_until,
        superseded=d.superseded,
        registered_at=d.registered_at,
        registered_by=names.get(d.registered_by_id or 0, ""),
        applicant_id=d.applicant_id,
        required_document_name=d.required_document_name,
        attachment_id=att.id if att else None,
        dossier_id=att.dossier_id if att else None,
        role=AttachmentRole(att.role) if att else None,
        required_document_id=att.required_document_id if att else None,
        reused=att.reused if att else False,
        certification=certs.get(d.id),
    )


def _views(
    s: Session, pairs: Sequence[tuple[DigitalDocument, DossierAttachment | None]]
) -> list[DocumentView]:
    names = _user_names(s, (d.registered_by_id for d, _ in pairs))
    signers = _signers(s, (d.id for d, _ in pairs))
    certs = _certifications(s, (d.id for d, _ in pairs))
    return [_view(d, names, signers, certs, a) for d, a in pairs]


def _document_views_of(s: Session, dossier_id: int) -> list[DocumentView]:
    rows = s.execute(
        select(DigitalDocument, DossierAttachment)
        .join(DossierAttachment, DossierAttachment.document_id == DigitalDocument.id)
        .where(DossierAttachment.dossier_id == dossier_id)
        .order_by(DossierAttachment.role, DossierAttachment.attached_at, DossierAttachment.id)
    ).all()
    return _views(s, [(d, a) for d, a in rows])


def _dossier_or_raise(s: Session, dossier_id: int) -> Dossier:
    d = s.get(Dossier, dossier_id)
    if d is None:
        raise NotFound("dossier.not_found", ref=str(dossier_id))
    return d


def _document_or_raise(s: Session, document_id: int) -> DigitalDocument:
    d = s.get(DigitalDocument, document_id)
    if d is None:
        raise NotFound("document.not_found", id=document_id)
    return d


def _required_or_raise(s: Session, dossier: Dossier, required_id: int) -> RequiredDocument:
    """A required document of the dossier's own procedure (else ``document.required_mismatch``)."""
    required = s.get(RequiredDocument, required_id)
    if required is None or required.procedure_id != dossier.procedure_id:
        raise ValidationError("document.required_mismatch", field="required", id=required_id)
    return required


def _dossier_view(s: Session, d: Dossier) -> DossierDocuments:
    proc = s.get(Procedure, d.procedure_id)
    applicant = s.get(Applicant, d.applicant_id)
    assert proc is not None and applicant is not None
    required = s.scalars(
        select(RequiredDocument)
        .where(RequiredDocument.procedure_id == proc.id)
        .order_by(RequiredDocument.position, RequiredDocument.id)
    ).all()
    return DossierDocuments(
        id=d.id,
        code=d.code,
        state=str(d.state.value if hasattr(d.state, "value") else d.state),
        applicant_id=applicant.id,
        applicant_name=applicant.full_name,
        personal_id=applicant.personal_id,
        procedure_code=proc.code,
        procedure_name=proc.name,
        certification_procedure=bool(proc.certification),
        required=tuple(
            RequiredDocumentView(r.id, r.position, r.name, DocumentKind(r.kind), r.optional)
            for r in required
        ),
        documents=tuple(_document_views_of(s, d.id)),
    )


# ============================================================================ dossiers


def open_dossier(db: Database, code: str) -> DossierDocuments:
    """A dossier by its code (spaces and case ignored), with its documents."""
    wanted = "".join(code.split()).upper()
    if not wanted:
        raise ValidationError("dossier.not_found", field="code", ref=code)
    with db.session() as s:
        d = s.scalar(select(Dossier).where(func.upper(Dossier.code) == wanted))
        if d is None:
            raise NotFound("dossier.not_found", field="code", ref=code.strip())
        return _dossier_view(s, d)


def dossier_documents(db: Database, dossier_id: int) -> DossierDocuments:
    """A dossier by id, with its documents (after a change, to refresh the screen)."""
    with db.session() as s:
        return _dossier_view(s, _dossier_or_raise(s, dossier_id))


def document_file(db: Database, document_id: int) -> Path:
    """Where a registered document's PDF is in the store (``store.missing`` when it is gone)."""
    with db.session() as s:
        sha = _document_or_raise(s, document_id).sha256
    return store_for(db).path_of(sha)


# ============================================================================ registering


@dataclass(frozen=True)
class _Prepared:
    stored: StoredFile
    pages: int
    ocr: bool
    original_filename: str | None
    ocr_text: str | None = None


def _search_key(*parts: str | None) -> str:
    """The folded text full-text search indexes: title, component, OCR text."""
    return fold(" ".join(p for p in parts if p))


def _split_files(files: Sequence[Path]) -> tuple[Path | None, list[Path]]:
    if not files:
        raise ValidationError("document.no_files", field="files")
    pdfs, images = [], []
    for f in files:
        suffix = Path(f).suffix.lower()
        if suffix in PDF_SUFFIXES:
            pdfs.append(Path(f))
        elif suffix in IMAGE_SUFFIXES:
            images.append(Path(f))
        else:
            head = b""
            with contextlib.suppress(OSError), Path(f).open("rb") as fh:
                head = fh.read(1024)
            kind = scanning.sniff_kind(head)
            if kind == "pdf":
                pdfs.append(Path(f))
            elif kind in ("jpeg", "png", "tiff"):
                images.append(Path(f))
            else:
                raise ValidationError("document.unsupported_file", field="files", name=Path(f).name)
    if pdfs and (images or len(pdfs) > 1):
        raise ValidationError("document.mixed_files", field="files")
    return (pdfs[0] if pdfs else None), images


def _prepare(
    cmd: RegisterCommand,
    store: FileStore,
    tmp: Path,
    *,
    step: Callable[[], None],
    cancelled: Cancelled | None,
) -> _Prepared:
    """Build the document's PDF (images joined losslessly, optional OCR) and store it."""
    pdf, images = _split_files(cmd.files)
    if pdf is not None:
        _check(cancelled)
        info = pdfdocs.inspect_pdf(pdf)
        source = pdf
        original = pdf.name
        step()
    else:
        original = images[0].name if len(images) == 1 else f"{images[0].name} (+{len(images) - 1})"
        source = tmp / "joined.pdf"
        done = [0]

        def image_progress(d: int, _t: int) -> None:
            while done[0] < d:
                done[0] += 1
                step()

        pdfdocs.images_to_pdf(
            images, source, dpi=cmd.dpi, progress=image_progress, cancelled=cancelled
        )
        info = pdfdocs.inspect_pdf(source)
    did_ocr = False
    ocr_text: str | None = None
    if cmd.ocr and not info.has_signatures:
        searchable = tmp / "ocr.pdf"
        pages: list[pdfdocs.OcrPage] = []
        try:
            pdfdocs.ocr_pdf(source, searchable, cancelled=cancelled, pages=pages)
        except AppError as exc:
            if exc.code not in ("ocr.unavailable", "ocr.language_missing", "ocr.failed"):
                raise
            log.warning("OCR skipped for %s: %s", original, exc.code)
        else:
            source = searchable
            # OCR'd only when every page was read (a blank or unreadable page is not)
            did_ocr = bool(pages) and all(p.read for p in pages)
            ocr_text = "\n\f".join(p.text for p in pages).strip() or None
            info = pdfdocs.inspect_pdf(source)
    _check(cancelled)
    stored = store.put(source, suffix=".pdf")
    return _Prepared(stored, info.pages or 0, did_ocr, original, ocr_text)


def _check_command(cmd: RegisterCommand, today: date) -> None:
    """The typed parts of a registration (title, valid-until date) within ``domain.limits``."""
    limits.check_text(nfc(cmd.title), "title", limits.SHORT)
    if cmd.valid_until is not None and not (
        limits.FIRST_YEAR <= cmd.valid_until.year <= today.year + VALID_YEARS
    ):
        raise ValidationError(
            "input.date_range",
            field="valid_until",
            first=limits.FIRST_YEAR,
            last=str(date(today.year + VALID_YEARS, 12, 31)),
        )
    if cmd.dpi is not None:
        limits.check_count(cmd.dpi, "dpi", 50, 1200)


def _units(cmd: RegisterCommand) -> int:
    pdf, images = _split_files(cmd.files)
    return 1 if pdf is not None else len(images)


def _write_document(
    s: Session,
    actor: Actor | None,
    cmd: RegisterCommand,
    prep: _Prepared,
    at: datetime,
) -> tuple[DigitalDocument, DossierAttachment]:
    dossier = _dossier_or_raise(s, cmd.dossier_id)
    required: RequiredDocument | None = None
    if cmd.required_document_id is not None:
        required = _required_or_raise(s, dossier, cmd.required_document_id)
    role = AttachmentRole(cmd.role)
    is_result = role is AttachmentRole.RESULT
    title = nfc(cmd.title)
    if not title:
        if required is not None:
            title = nfc(required.name)
        elif is_result:
            proc = s.get(Procedure, dossier.procedure_id)
            title = nfc(proc.result_name if proc and proc.result_name else "Kết quả giải quyết")
        else:
            title = nfc(Path(prep.original_filename or "tai-lieu").stem)
    doc = DigitalDocument(
        sha256=prep.stored.sha256,
        size=prep.stored.size,
        pages=prep.pages,
        title=title,
        kind=DocumentKind(cmd.kind),
        is_result=is_result,
        applicant_id=dossier.applicant_id,
        required_document_name=nfc_or_none(required.name) if required else None,
        original_filename=nfc_or_none(prep.original_filename),
        previous_version_id=None,
        is_signed=False,
        valid_until=cmd.valid_until,
        superseded=False,
        ocr=prep.ocr,
        registered_at=at,
        registered_by_id=actor.user_id if actor else None,
        ocr_text=prep.ocr_text,
        search_folded=_search_key(
            title, required.name if required else None, prep.original_filename, prep.ocr_text
        ),
    )
    s.add(doc)
    s.flush()
    att = DossierAttachment(
        dossier_id=dossier.id,
        document_id=doc.id,
        role=role,
        required_document_id=required.id if required else None,
        reused=False,
        attached_at=at,
        attached_by_id=actor.user_id if actor else None,
    )
    s.add(att)
    s.flush()
    audit(
        s,
        actor,
        "document.registered",
        "digital_document",
        doc.id,
        at=at,
        dossier=dossier.code,
        sha256=doc.sha256,
        pages=doc.pages,
    )
    return doc, att


def register_batch(
    db: Database,
    actor: Actor,
    commands: Sequence[RegisterCommand],
    now: Clock = system_now,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[DocumentView]:
    """Register several documents; all or none.

    Progress counts input files (pages). Files are built and stored first; the rows are
    written in one unit of work only when every file is ready, so a cancel or an error leaves no
    document behind.
    """
    actor.require(*STAFF)
    if not commands:
        raise ValidationError("document.no_files", field="files")
    today = now().date()
    for c in commands:
        _check_command(c, today)
    total = sum(_units(c) for c in commands)
    done = [0]

    def step() -> None:
        done[0] += 1
        if progress is not None:
            progress(min(done[0], total), total)

    store = store_for(db)
    prepared: list[_Prepared] = []
    with tempfile.TemporaryDirectory(prefix="tthc-reg-") as tmpdir:
        for i, cmd in enumerate(commands):
            _check(cancelled)
            work = Path(tmpdir) / str(i)
            work.mkdir()
            prepared.append(_prepare(cmd, store, work, step=step, cancelled=cancelled))
    _check(cancelled)
    at = now()
    with db.session() as s:
        pairs = [
            _write_document(s, actor, c, p, at) for c, p in zip(commands, prepared, strict=True)
        ]
        return _views(s, pairs)


def register_document(
    db: Database,
    actor: Actor,
    cmd: RegisterCommand,
    now: Clock = system_now,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> DocumentView:
    """Register one document (PDF, or images joined into one PDF) and attach it to the dossier."""
    return register_batch(db, actor, [cmd], now, progress=progress, cancelled=cancelled)[0]


def list_scanners(scanner: scanning.Scanner | None = None) -> list[scanning.ScanDevice]:
    """The scanners the system offers (SANE on Linux, WIA on Windows)."""
    return (scanner or scanning.get_scanner()).list_devices()


def scan_document(
    db: Database,
    actor: Actor,
    cmd: ScanCommand,
    now: Clock = system_now,
    *,
    scanner: scanning.Scanner | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> DocumentView:
    """Scan pages into one PDF (lossless) and register it like an imported file."""
    actor.require(*STAFF)
    device = scanner or scanning.get_scanner()
    with tempfile.TemporaryDirectory(prefix="tthc-scan-") as tmpdir:
        pdf = Path(tmpdir) / "scan.pdf"
        scanning.scan_to_pdf(
            device, cmd.device, pdf, cmd.settings, progress=progress, cancelled=cancelled
        )
        reg = RegisterCommand(
            dossier_id=cmd.dossier_id,
            files=(pdf,),
            title=cmd.title,
            kind=cmd.kind,
            role=cmd.role,
            required_document_id=cmd.required_document_id,
            valid_until=cmd.valid_until,
            ocr=cmd.ocr,
        )
        return register_document(db, actor, reg, now, cancelled=cancelled)


# ============================================================================ trust


def _trusted_der(s: Session) -> list[bytes]:
    return list(s.scalars(select(TrustedCertificate.der).order_by(TrustedCertificate.id)))


def list_trusted(db: Database) -> list[TrustedView]:
    """The office's trusted root and intermediate certificates."""
    with db.session() as s:
        rows = s.scalars(select(TrustedCertificate).order_by(TrustedCertificate.id)).all()
        names = _user_names(s, (r.added_by_id for r in rows))
        return [
            TrustedView(
                r.id, r.subject, r.sha256, r.is_ca, r.added_at, names.get(r.added_by_id or 0, "")
            )
            for r in rows
        ]


def add_trusted(
    db: Database,
    actor: Actor,
    path: Path | str,
    now: Clock = system_now,
    *,
    skipped: list[Path] | None = None,
) -> list[TrustedView]:
    """Trust every certificate in a file (PEM bundle, DER, P7B) or a folder of them; ones
    already trusted are left out (unreadable files of a folder go to ``skipped``).

    Administrators only (the command line signs its ``--user`` in first). Returns the
    certificates newly added.
    """
    if not isinstance(actor, Actor):
        raise Forbidden("auth.forbidden", role="")
    actor.require()  # administrators only
    infos = signing.load_certificates(path, skipped)
    at = now()
    added: list[TrustedView] = []
    with db.session() as s:
        for info in infos:
            if s.scalar(
                select(TrustedCertificate.id).where(TrustedCertificate.sha256 == info.sha256)
            ):
                continue
            row = TrustedCertificate(
                subject=info.subject,
                sha256=info.sha256,
                der=info.der,
                is_ca=info.is_ca,
                added_at=at,
                added_by_id=actor.user_id,
            )
            s.add(row)
            s.flush()
            audit(
                s, actor, "trust.added", "trusted_certificate", row.id, at=at, subject=info.subject
            )
            added.append(
                TrustedView(row.id, row.subject, row.sha256, row.is_ca, at, actor.full_name)
            )
    return added


def remove_trusted(db: Database, actor: Actor, trusted_id: int, now: Clock = system_now) -> None:
    """Stop trusting a certificate (administrators only)."""
    actor.require()
    with db.session() as s:
        row = s.get(TrustedCertificate, trusted_id)
        if row is None:
            raise NotFound("trust.not_found", id=trusted_id)
        audit(
            s, actor, "trust.removed", "trusted_certificate", row.id, at=now(), subject=row.subject
        )
        s.delete(row)


# ============================================================================ verifying


def _online(s: Session, online: bool | None) -> bool:
    """Fetch CRL/OCSP over the network? As asked; by default when the office works online
    (a time stamp authority is configured). Revocation data inside the file is always used."""
    if online is not None:
        return online
    return bool(_signing_options(s)["tsa_url"])


def verify_file(db: Database, path: Path | str, *, online: bool | None = None) -> VerifyReport:
    """Check every signature of any PDF against the office's trusted certificates."""
    with db.session() as s:
        trusted = _trusted_der(s)
        fetch = _online(s, online)
    return signing.verify_pdf(path, trusted, fetch=fetch)


def verify_document(db: Database, document_id: int, *, online: bool | None = None) -> VerifyReport:
    """Check a registered document's signatures (its stored file)."""
    with db.session() as s:
        sha = _document_or_raise(s, document_id).sha256
        trusted = _trusted_der(s)
        fetch = _online(s, online)
    return signing.verify_pdf(store_for(db).path_of(sha), trusted, fetch=fetch)


# ============================================================================ signing


def _office_name(s: Session) -> str:
    office = s.scalar(select(OfficeProfile).limit(1))
    return office.name if office else ""


def _method(source: SigningSource) -> str:
    return "pkcs11" if isinstance(source, Pkcs11Source) else "pkcs12"


def _naive_local(when: datetime) -> datetime:
    if when.tzinfo is not None:
        when = when.astimezone(signing.OFFICE_TZ).replace(tzinfo=None)
    return when.replace(microsecond=0)


def _record_signature(
    s: Session,
    actor: Actor | None,
    doc: DigitalDocument,
    result: signing.SignResult,
    source: SigningSource,
    purpose: str,
) -> None:
    """The Signature row, with the certificate's subject and serial read back from the file."""
    subject, serial = "", ""
    try:
        from cryptography import x509 as cx509
        from pyhanko.pdf_utils.reader import PdfFileReader

        with result.path.open("rb") as fh:
            for embedded in PdfFileReader(fh, strict=False).embedded_signatures:
                if embedded.field_name == result.field_name:
                    cert = cx509.load_der_x509_certificate(embedded.signer_cert.dump())
                    subject = unicodedata.normalize("NFC", cert.subject.rfc4514_string())
                    serial = signing.cert_serial(cert)
    except Exception:  # pragma: no cover - we just wrote it
        log.warning("could not read back the signature of %s", result.path, exc_info=True)
    s.add(
        Signature(
            document_id=doc.id,
            signer_name=result.signer_cn,
            certificate_subject=subject or result.signer_cn,
            certificate_serial=serial,
            certificate_sha256=result.cert_sha256,
            method=_method(source),
            purpose=purpose,
            signed_at=_naive_local(result.signed_at),
            user_id=actor.user_id if actor else None,
        )
    )


def _signing_options(s: Session) -> dict[str, object]:
    """The administrator's signing settings: the time stamp authority (RFC 3161) and the seal."""
    import base64

    url = settings_store.read(s, settings_store.TSA_URL, "") or ""
    seal = settings_store.read(s, settings_store.SEAL_IMAGE, "") or ""
    return {
        "tsa_url": str(url).strip() or None,
        "seal": base64.b64decode(seal) if seal else None,
    }


def seal_image(db: Database) -> bytes | None:
    """The commune's seal image for its organisation signature, if configured."""
    with db.session() as s:
        return _signing_options(s)["seal"]  # type: ignore[return-value]


def set_seal_image(
    db: Database, actor: Actor, path: Path | str | None, now: Clock = system_now
) -> bytes | None:
    """Set (or clear, with ``None``) the seal image (PNG/JPEG, administrators only)."""
    import base64

    from PIL import Image, UnidentifiedImageError

    actor.require()
    data: bytes | None = None
    if path is not None:
        path = Path(path)
        try:
            data = path.read_bytes()
            with Image.open(io.BytesIO(data)) as img:
                fmt = img.format
        except (OSError, UnidentifiedImageError) as exc:
            raise ValidationError("sign.seal_invalid", field="seal", path=str(path)) from exc
        if fmt not in ("PNG", "JPEG") or len(data) > SEAL_MAX_BYTES:
            raise ValidationError("sign.seal_invalid", field="seal", path=str(path))
    with db.session() as s:
        value = base64.b64encode(data).decode("ascii") if data else ""
        settings_store.write(s, actor, settings_store.SEAL_IMAGE, value, now())
    return data


def tsa_url(db: Database) -> str:
    """The configured RFC 3161 time stamp authority URL ("" when signing offline)."""
    with db.session() as s:
        return str(_signing_options(s)["tsa_url"] or "")


def set_tsa_url(db: Database, actor: Actor, url: str, now: Clock = system_now) -> str:
    """Set (or clear, with "") the time stamp authority URL (administrators only)."""
    actor.require()
    limits.check_text(url, "tsa_url", limits.URL)  # before NFC: no megabyte normalised
    url = nfc(url)
    if url and not (url.startswith("http://") or url.startswith("https://")) or " " in url:
        raise ValidationError("sign.tsa_url_invalid", field="tsa_url", url=url)
    limits.check_url(url, "tsa_url")  # a host, a valid port, no white space
    with db.session() as s:
        settings_store.write(s, actor, settings_store.TSA_URL, url, now())
    return url


def _holder_matches(actor: Actor, result: signing.SignResult) -> bool:
    """Does the certificate's holder look like the signed-in officer (name, folded)?"""
    return fold(result.signer_cn) == fold(actor.full_name)


def _after_signing(
    s: Session,
    actor: Actor,
    doc: DigitalDocument,
    result: signing.SignResult,
    at: datetime,
    *,
    organisation: str | None = None,
) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Warn (and audit) when someone signs with another person's certificate; say when the
    signing time is only the PC's clock. An organisation signature is the office's own
    certificate (its holder is the office, not the officer)."""
    notices: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    is_office = organisation is not None and (
        fold(result.signer_cn) == fold(organisation)
        or fold(result.signer_organisation) == fold(organisation)
    )
    if not _holder_matches(actor, result) and not (
        is_office and result.field_name.endswith("_organisation")
    ):
        notices.append(
            (
                "sign.holder_mismatch",
                (("holder", result.signer_cn), ("officer", actor.full_name)),
            )
        )
        audit(
            s,
            actor,
            "signature.holder_mismatch",
            "digital_document",
            doc.id,
            at=at,
            officer=actor.full_name,
            officer_user_id=actor.user_id,
            holder=result.signer_cn,
            holder_ids=list(result.signer_personal_ids),
            certificate=result.cert_sha256,
            serial=result.cert_serial,
        )
    if not result.timestamped:
        notices.append(("sign.offline_time", ()))
    return tuple(notices)


def sign_document(
    db: Database,
    actor: Actor,
    cmd: SignCommand,
    now: Clock = system_now,
    *,
    cancelled: Cancelled | None = None,
) -> DocumentView:
    """Sign a document into a new stored version (PAdES, visible stamp); the old one stays.

    The new version takes the old one's place in every dossier it is attached to; the old row is
    marked superseded and linked by ``previous_version_id``. The PIN or passphrase is only in
    ``cmd.source`` for this call and is never stored or logged.
    """
    actor.require(*STAFF)
    store = store_for(db)
    with db.session() as s:
        old = _document_or_raise(s, cmd.document_id)
        if old.superseded:
            raise Conflict("document.superseded", id=old.id)
        purpose = cmd.purpose or ("result" if old.is_result else "scan")
        office = _office_name(s)
        options = _signing_options(s)
        if purpose == "organisation":
            if not old.is_result:
                raise ValidationError("sign.organisation_result_only", field="document")
            if not options["seal"]:
                raise ValidationError("sign.seal_missing", field="seal")
        src = store.path_of(old.sha256)
        _check(cancelled)
        with tempfile.TemporaryDirectory(prefix="tthc-sign-") as tmpdir:
            dst = Path(tmpdir) / "signed.pdf"
            result = signing.sign_pdf(
                src,
                dst,
                cmd.source,
                signer_name=actor.full_name,
                office=office,
                reason=SIGN_REASONS.get(purpose, SIGN_REASONS["scan"]),
                purpose=purpose,  # type: ignore[arg-type]
                tsa_url=options["tsa_url"],  # type: ignore[arg-type]
                # the commune signs after the officer: leave room for its signature
                final=not (purpose == "result" and options["seal"]),
                layout="organisation" if purpose == "organisation" else "personal",
                seal_image=options["seal"] if purpose == "organisation" else None,  # type: ignore[arg-type]
            )
            _check(cancelled)
            stored = store.put(dst, suffix=".pdf")
            at = now()
            new = DigitalDocument(
                sha256=stored.sha256,
                size=stored.size,
                pages=result.pages,
                title=old.title,
                kind=old.kind,
                is_result=old.is_result,
                applicant_id=old.applicant_id,
                required_document_name=old.required_document_name,
                original_filename=old.original_filename,
                previous_version_id=old.id,
                is_signed=True,
                valid_until=old.valid_until,
                superseded=False,
                ocr=old.ocr,
                registered_at=at,
                registered_by_id=actor.user_id,
                ocr_text=old.ocr_text,
                search_folded=old.search_folded,
            )
            s.add(new)
            s.flush()
            old.superseded = True
            for att in s.scalars(
                select(DossierAttachment).where(DossierAttachment.document_id == old.id)
            ):
                att.document_id = new.id
            for entry in s.scalars(
                select(CertificationEntry).where(CertificationEntry.document_id == old.id)
            ):
                entry.document_id = new.id
            _record_signature(s, actor, new, result, cmd.source, purpose)
            s.flush()
            audit(
                s,
                actor,
                "document.signed",
                "digital_document",
                new.id,
                at=at,
                previous=old.id,
                sha256=new.sha256,
                method=_method(cmd.source),
                certificate=result.cert_sha256,
                holder=result.signer_cn,
                timestamped=result.timestamped,
            )
            notices = _after_signing(s, actor, new, result, at, organisation=office)
        att = s.scalar(
            select(DossierAttachment).where(DossierAttachment.document_id == new.id).limit(1)
        )
        return dataclasses.replace(_views(s, [(new, att)])[0], notices=notices)


# ============================================================================ store check


def check_files(
    db: Database,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> FilesCheck:
    """Re-hash every registered file; report the missing and the altered ones (read-only)."""
    with db.session() as s:
        rows = s.execute(
            select(
                DigitalDocument.id,
                DigitalDocument.sha256,
                DigitalDocument.size,
                DigitalDocument.title,
            )
        ).all()
        codes_rows = s.execute(
            select(DossierAttachment.document_id, Dossier.code).join(
                Dossier, Dossier.id == DossierAttachment.dossier_id
            )
        ).all()
    by_hash: dict[str, list[tuple[int, str]]] = {}
    sizes: dict[str, int] = {}
    for doc_id, sha, size, title in rows:
        by_hash.setdefault(sha, []).append((doc_id, title))
        sizes[sha] = size
    codes: dict[int, set[str]] = {}
    for doc_id, code in codes_rows:
        codes.setdefault(doc_id, set()).add(code)
    store = store_for(db)
    report = store.check(sorted(sizes.items()), progress=progress, cancelled=cancelled)

    def problem(sha: str) -> FileProblem:
        docs = by_hash.get(sha, [])
        dossier_codes = sorted({c for doc_id, _ in docs for c in codes.get(doc_id, ())})
        return FileProblem(
            sha, tuple(d for d, _ in docs), tuple(t for _, t in docs), tuple(dossier_codes)
        )

    known = set(sizes)
    orphans = sum(1 for h in store.iter_hashes() if h not in known)
    return FilesCheck(
        checked=report.checked,
        missing=tuple(problem(h) for h in report.missing),
        altered=tuple(problem(h) for h in report.altered),
        orphans=orphans,
    )


# ============================================================================ reuse


def _applicant_id(s: Session, applicant: str | int) -> int | None:
    if isinstance(applicant, int):
        return applicant
    number = "".join(str(applicant).split())
    if not number:
        return None
    return s.scalar(select(Applicant.id).where(Applicant.personal_id == number))


def reusable_documents(
    db: Database,
    applicant: str | int,
    on: date | None = None,
    *,
    exclude_dossier_id: int | None = None,
    query: str = "",
) -> list[ReusableDocument]:
    """An applicant's earlier documents (by personal ID or applicant id) still valid ``on``.

    Valid: no expiry date or one not before ``on``; not replaced by a newer version. Documents
    already attached to ``exclude_dossier_id`` are left out. Newest first. ``query``: only
    those with these words in their title or scanned text (full-text search).
    """
    wanted: set[int] | None = None
    if query.strip():
        wanted = {f.id for f in search_documents(db, query, applicant=applicant, limit=1000)}
    day = on or system_now().date()
    with db.session() as s:
        applicant_id = _applicant_id(s, applicant)
        if applicant_id is None:
            return []
        docs = reusable_in(s, applicant_id, day)
        if wanted is not None:
            docs = [d for d in docs if d.id in wanted]
        ids = [d.id for d in docs]
        where: dict[int, list[tuple[int, str]]] = {}
        if ids:
            for doc_id, dossier_id, code in s.execute(
                select(DossierAttachment.document_id, Dossier.id, Dossier.code)
                .join(Dossier, Dossier.id == DossierAttachment.dossier_id)
                .where(DossierAttachment.document_id.in_(ids))
                .order_by(DossierAttachment.id)
            ):
                where.setdefault(doc_id, []).append((dossier_id, code))
        out = []
        for d in docs:
            places = where.get(d.id, [])
            if exclude_dossier_id is not None and any(
                dossier_id == exclude_dossier_id for dossier_id, _ in places
            ):
                continue
            out.append(
                ReusableDocument(
                    id=d.id,
                    title=d.title,
                    kind=DocumentKind(d.kind),
                    is_result=d.is_result,
                    is_signed=d.is_signed,
                    pages=d.pages,
                    valid_until=d.valid_until,
                    registered_at=d.registered_at,
                    from_dossiers=tuple(dict.fromkeys(code for _, code in places)),
                    required_document_name=d.required_document_name,
                )
            )
        return out


def attach_existing(
    db: Database, actor: Actor, cmd: AttachExisting, now: Clock = system_now
) -> DocumentView:
    """Attach an earlier document of the same applicant to a dossier: same stored file,
    recorded as reused (counted for the 766 reuse rate)."""
    actor.require(*STAFF)
    at = now()
    with db.session() as s:
        dossier = _dossier_or_raise(s, cmd.dossier_id)
        doc = _document_or_raise(s, cmd.document_id)
        if doc.applicant_id != dossier.applicant_id:
            raise ValidationError("document.other_applicant", field="document")
        if doc.superseded:
            raise Conflict("document.superseded", id=doc.id)
        if doc.valid_until is not None and doc.valid_until < at.date():
            raise ValidationError(
                "document.expired",
                field="document",
                valid_until=doc.valid_until.strftime("%d/%m/%Y"),
            )
        if s.scalar(
            select(DossierAttachment.id).where(
                DossierAttachment.dossier_id == dossier.id,
                DossierAttachment.document_id == doc.id,
            )
        ):
            raise Conflict("document.already_attached", ref=dossier.code)
        required_id = cmd.required_document_id
        if required_id is None and doc.required_document_name:
            # the same component of the new procedure, when it has one of that name
            required_id = s.scalar(
                select(RequiredDocument.id)
                .where(
                    RequiredDocument.procedure_id == dossier.procedure_id,
                    RequiredDocument.name == doc.required_document_name,
                )
                .limit(1)
            )
        if required_id is not None:
            _required_or_raise(s, dossier, required_id)
        att = DossierAttachment(
            dossier_id=dossier.id,
            document_id=doc.id,
            role=AttachmentRole(cmd.role),
            required_document_id=required_id,
            reused=True,
            attached_at=at,
            attached_by_id=actor.user_id,
        )
        s.add(att)
        s.flush()
        audit(
            s,
            actor,
            "document.reused",
            "digital_document",
            doc.id,
            at=at,
            dossier=dossier.code,
            sha256=doc.sha256,
        )
        return _views(s, [(doc, att)])[0]


@dataclass(frozen=True)
class FoundDocument:
    """A document whose title, component or OCR text holds every word searched for."""

    id: int
    title: str
    applicant_name: str
    personal_id: str | None
    registered_at: datetime
    is_signed: bool
    ocr: bool
    snippet: str  # the words around the first match, from the OCR text (or the title)
    dossiers: tuple[str, ...]


def _search_words(query: str) -> list[str]:
    import re

    return [w for w in re.findall(r"\w+", fold(query)) if w][:8]


def _snippet(text: str | None, title: str, words: list[str], width: int = 70) -> str:
    source = nfc(text or "") or title
    folded = fold(source)
    at = min((folded.find(w) for w in words if w in folded), default=-1)
    if at < 0:
        return source[: width * 2]
    start = max(0, at - width)
    # fold() keeps one character per character except "đ" (still one): positions line up
    return ("…" if start else "") + source[start : at + width].replace("\n", " ") + "…"


def search_documents(
    db: Database,
    query: str,
    *,
    applicant: str | int | None = None,
    limit: int = 50,
) -> list[FoundDocument]:
    """Find documents by words in their title, component or OCR text (diacritics optional).

    Every word must occur (as a word prefix). Full-text search: FTS5 on SQLite, a GIN-indexed
    ``to_tsvector('simple', …)`` on PostgreSQL. Only current versions; newest first.
    ``applicant`` (personal ID or id) limits the search to one citizen (intake: find their
    earlier document by a word inside it).
    """
    from sqlalchemy import text as sql_text

    words = _search_words(query)
    if not words:
        return []
    with db.session() as s:
        stmt = select(DigitalDocument).where(DigitalDocument.superseded.is_(False))
        dialect = s.get_bind().dialect.name
        if dialect == "sqlite":
            match = " AND ".join(f'"{w}"*' for w in words)
            ids = (
                select(sql_text("rowid"))
                .select_from(sql_text("document_fts"))
                .where(sql_text("document_fts MATCH :match"))
            )
            stmt = stmt.where(DigitalDocument.id.in_(ids)).params(match=match)
        elif dialect == "postgresql":
            tsquery = " & ".join(f"{w}:*" for w in words)
            stmt = stmt.where(
                sql_text(
                    "to_tsvector('simple', coalesce(digital_documents.search_folded, '')) "
                    "@@ to_tsquery('simple', :tsq)"
                )
            ).params(tsq=tsquery)
        else:  # pragma: no cover - other databases: a plain scan
            for w in words:
                stmt = stmt.where(DigitalDocument.search_folded.contains(w))
        if applicant is not None:
            applicant_id = _applicant_id(s, applicant)
            if applicant_id is None:
                return []
            stmt = stmt.where(DigitalDocument.applicant_id == applicant_id)
        rows = s.scalars(
            stmt.order_by(DigitalDocument.registered_at.desc(), DigitalDocument.id.desc()).limit(
                limit
            )
        ).all()
        people = {
            a.id: a
            for a in s.scalars(
                select(Applicant).where(
                    Applicant.id.in_({r.applicant_id for r in rows if r.applicant_id})
                )
            )
        }
        places: dict[int, list[str]] = {}
        for doc_id, code in s.execute(
            select(DossierAttachment.document_id, Dossier.code)
            .join(Dossier, Dossier.id == DossierAttachment.dossier_id)
            .where(DossierAttachment.document_id.in_([r.id for r in rows]))
            .order_by(DossierAttachment.id)
        ):
            places.setdefault(doc_id, []).append(code)
        out = []
        for r in rows:
            person = people.get(r.applicant_id or 0)
            out.append(
                FoundDocument(
                    id=r.id,
                    title=r.title,
                    applicant_name=person.full_name if person else "",
                    personal_id=person.personal_id if person else None,
                    registered_at=r.registered_at,
                    is_signed=r.is_signed,
                    ocr=r.ocr,
                    snippet=_snippet(r.ocr_text, r.title, words),
                    dossiers=tuple(dict.fromkeys(places.get(r.id, []))),
                )
            )
        return out


def reuse_stats(db: Database, start: date, end: date) -> ReuseStats:
    """Dossiers received from ``start`` to ``end`` (both included) and how many reused
    digitised data instead of asking the citizen again (766 index, group 4)."""
    lo = datetime.combine(start, time.min)
    hi = datetime.combine(end, time.max)
    with db.session() as s:
        received = s.scalar(
            select(func.count(Dossier.id)).where(Dossier.received_at.between(lo, hi))
        )
        reusing = s.scalar(
            select(func.count(func.distinct(Dossier.id)))
            .join(DossierAttachment, DossierAttachment.dossier_id == Dossier.id)
            .where(Dossier.received_at.between(lo, hi), DossierAttachment.reused.is_(True))
        )
    return ReuseStats(start, end, int(received or 0), int(reusing or 0))


# ============================================================================ certified copies

_CERT_FONT = "TTHC-Cert-Serif"
_CERT_FONT_BOLD = "TTHC-Cert-Serif-Bold"
_CERT_BOX = (230.0, 74.0)
_fonts_ready = False


def _register_cert_fonts() -> None:
    global _fonts_ready
    if _fonts_ready:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from tthc_desk.paths import resources_dir

    fonts = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(_CERT_FONT, str(fonts / "NotoSerif-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(_CERT_FONT_BOLD, str(fonts / "NotoSerif-Bold.ttf")))
    _fonts_ready = True


def certification_book(s: Session, year: int) -> str:
    """The certification book's name for ``year`` (setting ``certification.book``)."""
    pattern = str(settings_store.read(s, settings_store.CERTIFICATION_BOOK, "01/{year}-SCT/BS"))
    try:
        return pattern.format(year=year)
    except (KeyError, IndexError, ValueError):
        return pattern


def _certification_lines(number: int, book: str, at: datetime, office: str) -> list[str]:
    return [
        "CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH",
        f"Số chứng thực: {number}    Quyển số: {book}",
        f"Ngày {at:%d} tháng {at:%m} năm {at:%Y}",
        office,
    ]


def _overlay_pdf(lines: list[str], page_w: float, page_h: float, box: tuple[float, ...]) -> bytes:
    from reportlab.lib.colors import Color
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _register_cert_fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(page_w, page_h))
    x1, y1, x2, y2 = box
    red = Color(0.70, 0.05, 0.05)
    c.setStrokeColor(red)
    c.setFillColor(red)
    c.setLineWidth(1.2)
    c.rect(x1, y1, x2 - x1, y2 - y1)
    width = x2 - x1 - 10
    y = y2 - 16
    for i, raw in enumerate(lines):
        text = unicodedata.normalize("NFC", raw)
        font = _CERT_FONT_BOLD if i == 0 else _CERT_FONT
        size = 9.0 if i == 0 else 8.5
        while size > 5 and stringWidth(text, font, size) > width:
            size -= 0.25
        c.setFont(font, size)
        c.drawCentredString((x1 + x2) / 2, y, text)
        y -= 15
    c.showPage()
    c.save()
    return buf.getvalue()


def _stamp_copy(src: Path, dst: Path, lines: list[str]) -> None:
    """Write ``dst``: the pages of ``src`` (without its signatures) with the certification box."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(str(src))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    for page in writer.pages:  # drop signature widgets of an already signed source
        annots = page.get("/Annots")
        if annots is None:
            continue
        kept = []
        for ref in annots.get_object():
            a = ref.get_object()
            ft = a.get("/FT") or (
                a.get("/Parent").get_object().get("/FT") if a.get("/Parent") else None
            )
            if ft != "/Sig":
                kept.append(ref)
        if kept:
            page[NameObject("/Annots")] = type(annots.get_object())(kept)
        else:
            del page[NameObject("/Annots")]
    with tempfile.TemporaryDirectory(prefix="tthc-cc-") as tmpdir:
        plain = Path(tmpdir) / "plain.pdf"
        with plain.open("wb") as fh:
            writer.write(fh)
        box = signing.find_free_area(plain, _CERT_BOX, page=-1, lowest_fraction=0.7)
        last = writer.pages[-1]
        if box is None:
            w, h = float(last.mediabox.width), float(last.mediabox.height)
            last = writer.add_blank_page(width=w, height=h)
            box = (w - _CERT_BOX[0] - 40, h - _CERT_BOX[1] - 40, w - 40, h - 40)
        mb = last.mediabox
        overlay = PdfReader(
            io.BytesIO(_overlay_pdf(lines, float(mb.right), float(mb.top), box))
        ).pages[0]
        last.merge_page(overlay)
        with pdfdocs.atomic_output(dst) as fh:
            writer.write(fh)


def _unsigned_original(s: Session, doc: DigitalDocument) -> DigitalDocument:
    """The first unsigned version of a document (signing added stamps we must not copy)."""
    current = doc
    while current.is_signed and current.previous_version_id is not None:
        prev = s.get(DigitalDocument, current.previous_version_id)
        if prev is None:
            break
        current = prev
    return current


def _is_number_clash(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    if isinstance(exc, IntegrityError):
        return "certification_book" in text or "unique" in text
    return isinstance(exc, OperationalError) and ("locked" in text or "busy" in text)


def make_certified_copy(
    db: Database,
    actor: Actor,
    cmd: CertifyCommand,
    now: Clock = system_now,
    *,
    attempts: int = 5,
    cancelled: Cancelled | None = None,
) -> CertifiedCopy:
    """Chứng thực bản sao điện tử từ bản chính: stamp, sign and number a copy of an original.

    The copy carries the certification box (number, book, date, office) and the certifying
    signature; it is registered as a certified copy (the dossier's result) and entered in the
    certification book with the next number of the year. The number is unique per year even when
    two officers certify at once: a clash on the book's unique key makes a fresh copy with the next
    number (the stamp must show the number it gets).
    """
    actor.require(*CERTIFIERS)
    store = store_for(db)
    for _attempt in range(attempts):
        _check(cancelled)
        try:
            return _certify_once(db, actor, cmd, now, store)
        except (IntegrityError, OperationalError) as exc:
            if not _is_number_clash(exc):
                raise
            log.info("certification number clash, trying the next number")
    raise Conflict("certify.number_conflict")


def _certify_once(
    db: Database, actor: Actor, cmd: CertifyCommand, now: Clock, store: FileStore
) -> CertifiedCopy:
    with db.session() as s:
        source = _document_or_raise(s, cmd.source_document_id)
        if DocumentKind(source.kind) is not DocumentKind.ORIGINAL:
            raise ValidationError("certify.not_original", field="document")
        dossier_id = cmd.dossier_id
        if dossier_id is None:
            dossier_id = s.scalar(
                select(DossierAttachment.dossier_id)
                .where(DossierAttachment.document_id == source.id)
                .order_by(DossierAttachment.id)
                .limit(1)
            )
        if dossier_id is not None:
            _dossier_or_raise(s, dossier_id)
        at = now()
        year = at.year
        number = (
            int(
                s.scalar(
                    select(func.coalesce(func.max(CertificationEntry.number), 0)).where(
                        CertificationEntry.year == year
                    )
                )
                or 0
            )
            + 1
        )
        book = certification_book(s, year)
        office = _office_name(s)
        options = _signing_options(s)
        original = _unsigned_original(s, source)
        src_path = store.path_of(original.sha256)
        with tempfile.TemporaryDirectory(prefix="tthc-certify-") as tmpdir:
            stamped = Path(tmpdir) / "copy.pdf"
            _stamp_copy(src_path, stamped, _certification_lines(number, book, at, office))
            signed = Path(tmpdir) / "signed.pdf"
            result = signing.sign_pdf(
                stamped,
                signed,
                cmd.source,
                signer_name=actor.full_name,
                office=office,
                reason=SIGN_REASONS["certified_copy"],
                purpose="certified_copy",
                tsa_url=options["tsa_url"],  # type: ignore[arg-type]
            )
            stored = store.put(signed, suffix=".pdf")
            copy = DigitalDocument(
                sha256=stored.sha256,
                size=stored.size,
                pages=result.pages,
                title=nfc(f"{source.title} (bản sao điện tử có chứng thực)"),
                kind=DocumentKind.CERTIFIED_COPY,
                is_result=True,
                applicant_id=source.applicant_id,
                required_document_name=source.required_document_name,
                original_filename=source.original_filename,
                previous_version_id=None,
                is_signed=True,
                valid_until=source.valid_until,
                superseded=False,
                ocr=source.ocr,
                registered_at=at,
                registered_by_id=actor.user_id,
                ocr_text=source.ocr_text,
                search_folded=_search_key(
                    f"{source.title} bản sao điện tử có chứng thực", source.ocr_text
                ),
            )
            s.add(copy)
            s.flush()
            s.add(
                CertificationEntry(
                    year=year,
                    number=number,
                    document_id=copy.id,
                    source_document_id=source.id,
                    dossier_id=dossier_id,
                    certified_by_id=actor.user_id,
                    certified_at=at,
                )
            )
            s.flush()  # the book's unique (year, number) speaks here
            _record_signature(s, actor, copy, result, cmd.source, "certified_copy")
            att = None
            if dossier_id is not None:
                att = DossierAttachment(
                    dossier_id=dossier_id,
                    document_id=copy.id,
                    role=AttachmentRole.RESULT,
                    required_document_id=None,
                    reused=False,
                    attached_at=at,
                    attached_by_id=actor.user_id,
                )
                s.add(att)
            s.flush()
            audit(
                s,
                actor,
                "document.certified_copy",
                "digital_document",
                copy.id,
                at=at,
                source=source.id,
                number=number,
                year=year,
                book=book,
            )
            notices = _after_signing(s, actor, copy, result, at)
            view = dataclasses.replace(_views(s, [(copy, att)])[0], notices=notices)
    return CertifiedCopy(view, year, number, book)
