"""Demo digitisation: small generated PDFs, a demo PKI, signatures, certified copies and reuse.

Part of the demo builder (:mod:`tthc_desk.services.demo`). Every document goes through the
real digitisation service (:mod:`tthc_desk.services.documents`) at the simulated instant, so the
store beside the database, the signatures, the certification book and the reuse marks are what
the app itself would have recorded. The pages are one-page PDFs drawn with reportlab (the
document's name and the applicant, in Vietnamese, with the bundled font embedded as a subset of
the letters used), about 10 kB each.

The demo PKI is a throw-away root CA and one ECDSA certificate per signing officer, written as
PKCS#12 files (passphrase: the demo password) beside the database so that the demo user can try
signing; the root goes into the office's trusted certificates through the service, so the
verification screen shows the demo signatures as valid. ECDSA keys sign about three times faster
than RSA ones, which keeps the demo quick.

The signing time inside a signature is the real clock (the signing adapter stamps it), while
the document rows carry the simulated time, as for any document signed today.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tthc_desk.domain.enums import AttachmentRole, DocumentKind
from tthc_desk.domain.text import fold
from tthc_desk.persistence.db import Database
from tthc_desk.services import auth, documents, intake
from tthc_desk.services.common import Actor
from tthc_desk.services.dossiers import DossierView

#: Share of counter dossiers whose papers are digitised at intake, and of those whose result is
#: registered too (results sent to the citizen's portal account always are).
INTAKE_RATE = 0.85
RESULT_RATE = 0.9
#: A returning applicant whose earlier documents are on file is spared the paper this often.
REUSE_RATE = 0.75
#: The office has signed electronically since its last SIGNING_DOSSIERS dossiers were received
#: (about a month at 6 a day; a count, not days, so a busier demo does not sign more): results
#: mostly, some intake scans, and now and then an electronic certified copy for "chứng thực bản
#: sao từ bản chính". Signing is the slow part of the demo (about 0.1 s a signature).
SIGNING_DOSSIERS = 130
SIGN_RESULT_RATE = 0.4
SIGN_INTAKE_RATE = 0.1
CERTIFY_RATE = 0.3

#: Who holds a demo certificate (username): receiving clerks, the justice officers who
#: certify copies, and the leaders who sign results.
SIGNERS = ("canbo1", "canbo2", "tuphap1", "tuphap2", "chutich", "phochutich")

_FONT = "TTHCDemo"
_fonts_ready = False

#: Words of a required document's name that identify the same paper in another procedure.
_SAME_PAPER = ("can cuoc", "ho chieu", "giay khai sinh", "giay chung nhan ket hon")


# ============================================================================ the demo PKI


@dataclass(frozen=True)
class DemoCertificates:
    """The demo root CA (PEM) and the officers' PKCS#12 files, by username."""

    folder: Path
    ca_pem: Path
    p12: dict[str, Path]
    passphrase: str

    def source(self, username: str) -> documents.Pkcs12Source:
        return documents.Pkcs12Source(self.p12[username], self.passphrase)


def certificates_folder(db: Database) -> Path | None:
    """Where the demo writes its certificates: ``<database>-demo-certs`` beside the file."""
    fp = db.file_path
    return fp.with_name(fp.stem + "-demo-certs") if fp else None


def make_certificates(
    folder: Path,
    holders: Iterable[tuple[str, str]],
    *,
    organisation: str,
    passphrase: str,
    valid_from: datetime,
    valid_to: datetime,
) -> DemoCertificates:
    """A root CA and one signing certificate per (username, full name), as files in ``folder``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    def name(cn: str) -> x509.Name:
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                x509.NameAttribute(NameOID.COMMON_NAME, cn),
            ]
        )

    def usage(*, ca: bool) -> x509.KeyUsage:
        return x509.KeyUsage(
            digital_signature=True,
            content_commitment=not ca,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=ca,
            crl_sign=ca,
            encipher_only=False,
            decipher_only=False,
        )

    start = valid_from.astimezone(dt.UTC)
    end = valid_to.astimezone(dt.UTC)
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = name("TTHC Desk Demo Root CA")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage(ca=True), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem = folder / "demo-root-ca.pem"
    ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(2048)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase.encode("utf-8"))
    )
    files: dict[str, Path] = {}
    for username, full_name in holders:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(name(full_name))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(usage(ca=False), critical=True)
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                critical=False,
            )
            .sign(ca_key, hashes.SHA256())
        )
        path = folder / f"{username}.p12"
        path.write_bytes(
            pkcs12.serialize_key_and_certificates(
                username.encode(), key, cert, [ca_cert], encryption
            )
        )
        files[username] = path
    from tthc_desk.private_files import private_tree

    private_tree(folder)  # demo private keys: the user's own
    return DemoCertificates(folder, ca_pem, files, passphrase)


# ============================================================================ the pages


def _register_fonts() -> None:
    """The bundled Noto Serif, embedded as a subset of only the letters a page uses: one font
    (no bold) keeps a page near 10 kB."""
    global _fonts_ready
    if _fonts_ready:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from tthc_desk.reports.fonts import resources_dir

    path = resources_dir() / "fonts" / "NotoSerif-Regular.ttf"
    pdfmetrics.registerFont(TTFont(_FONT, str(path), asciiReadable=False))
    _fonts_ready = True


def write_page(path: Path, title: str, lines: Sequence[str], *, signature: str = "") -> Path:
    """One A4 page: ``title``, ``lines`` and a name under them; the lower half is left blank for
    a signature stamp. Few letters, so the embedded font subset stays small (about 10 kB a
    page). Byte-for-byte the same for the same text."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    _register_fonts()
    width, height = 595.28, 841.89
    c = canvas.Canvas(str(path), pagesize=(width, height), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.rect(48, height / 2, width - 96, height / 2 - 48)
    y = height - 100
    c.setFont(_FONT, 14)
    for row in simpleSplit(title, _FONT, 14, width - 144)[:4]:
        c.drawCentredString(width / 2, y, row)
        y -= 19
    c.line(width / 2 - 60, y + 8, width / 2 + 60, y + 8)
    y -= 14
    c.setFont(_FONT, 12)
    for line in lines:
        for row in simpleSplit(line, _FONT, 12, width - 144):
            c.drawString(72, y, row)
            y -= 18
    if signature:
        c.setFont(_FONT, 12)
        c.drawCentredString(width - 170, y - 20, signature)
    c.showPage()
    c.save()
    return path


# ============================================================================ the digitiser


@dataclass
class Applicant:
    """What the pages say about the applicant."""

    name: str
    personal_id: str
    address: str


class Digitiser:
    """Registers, signs, certifies and reuses a dossier's documents as the clerk would."""

    def __init__(
        self,
        db: Database,
        rng: random.Random,
        users: dict[str, auth.UserView],
        today: datetime,
        workdir: Path,
        result_name: Callable[[int], str],
        place: str,
    ) -> None:
        self.db, self.rng, self.users, self.today = db, rng, users, today
        self.workdir = workdir
        self.result_name = result_name
        self.place = place
        self.signing_since = today  # set from the plan: see :meth:`sign_from`
        self.certs: DemoCertificates | None = None
        self.counts: dict[str, int] = {}
        self._with_documents: set[str] = set()  # personal IDs with documents on file
        self._specimens: dict[str, Path] = {}
        self._digitised: set[int] = set()  # dossiers whose intake papers are in the store
        self._to_certify: dict[int, int] = {}  # dossier id -> the scanned original to certify
        self._n = 0

    # -------------------------------------------------------------- setup

    def setup(
        self, admin: Actor, folder: Path | None, passphrase: str, start: datetime, at: datetime
    ) -> DemoCertificates:
        """Make the demo certificates and trust their root (as the administrator, at ``at``)."""
        holders = [(u, self.users[u].full_name) for u in SIGNERS if u in self.users]
        real_now = datetime.now()
        self.certs = make_certificates(
            folder or (self.workdir / "certs"),
            holders,
            organisation=self.place,
            passphrase=passphrase,
            valid_from=min(start, real_now) - timedelta(days=30),
            valid_to=max(self.today, real_now) + timedelta(days=3 * 365),
        )
        documents.add_trusted(self.db, admin, self.certs.ca_pem, now=lambda: at)
        return self.certs

    def sign_from(self, intakes: Sequence[datetime]) -> None:
        """Start signing at the intake SIGNING_DOSSIERS before the last (``intakes`` sorted)."""
        if intakes:
            self.signing_since = intakes[max(0, len(intakes) - SIGNING_DOSSIERS)]

    def count(self, key: str, k: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + k

    def _file(self) -> Path:
        self._n += 1
        return self.workdir / f"p{self._n}.pdf"

    def _specimen(self, title: str) -> Path:
        """The one page standing for every copy of a paper the applicants bring (a specimen:
        the store keeps it once, however many dossiers register it)."""
        path = self._specimens.get(title)
        if path is None:
            path = write_page(
                self._file(),
                title,
                (
                    "Bản chụp giấy tờ do người nộp xuất trình tại Bộ phận Một cửa.",
                    "Trang minh họa của dữ liệu mẫu: giấy tờ thật được quét tại quầy.",
                ),
            )
            self._specimens[title] = path
        return path

    def _signing(self, at: datetime) -> bool:
        return self.certs is not None and at >= self.signing_since

    def _sign(self, doc_id: int, username: str, at: datetime) -> documents.DocumentView:
        assert self.certs is not None
        view = documents.sign_document(
            self.db,
            self.users[username].actor,
            documents.SignCommand(doc_id, self.certs.source(username)),
            now=lambda: at,
        )
        self.count("documents_signed")
        return view

    # -------------------------------------------------------------- intake

    def intake(
        self,
        d: DossierView,
        proc: intake.ProcedureChoice,
        who: Applicant,
        at: datetime,
        clerk: auth.UserView,
    ) -> None:
        """Digitise the papers handed in at the counter (most dossiers), reusing what is on file
        for a returning applicant."""
        rng = self.rng
        if rng.random() >= INTAKE_RATE:
            return
        # An electronic certified copy is made from the scan of the original handed in.
        certify = self._signing(at) and _certifies_copies(proc) and rng.random() < CERTIFY_RATE
        required = [
            r
            for r in proc.documents
            if not r.optional or (certify and DocumentKind(r.kind) is DocumentKind.ORIGINAL)
        ]
        covered: set[int] = set()
        if who.personal_id in self._with_documents and rng.random() < REUSE_RATE:
            covered = self._reuse(d, required, who, at, clerk)
            self._digitised.add(d.id)
        commands = []
        files = []
        for r in required:
            if r.id in covered:
                continue
            if DocumentKind(r.kind) is DocumentKind.FORM:  # filled in and signed by the applicant
                path = write_page(
                    self._file(),
                    r.name,
                    (
                        f"Họ và tên: {who.name}",
                        f"Số định danh cá nhân: {who.personal_id}",
                        f"Hồ sơ số: {d.code}",
                        f"Ngày nộp: {at:%d/%m/%Y}",
                    ),
                    signature=who.name,
                )
                files.append(path)
            else:
                path = self._specimen(r.name)
            commands.append(
                documents.RegisterCommand(
                    d.id, (path,), kind=DocumentKind(r.kind), required_document_id=r.id
                )
            )
        if not commands:
            return
        views = documents.register_batch(self.db, clerk.actor, commands, now=lambda: at)
        self._digitised.add(d.id)
        for path in files:
            path.unlink(missing_ok=True)
        self.count("documents_intake", len(views))
        self._with_documents.add(who.personal_id)
        original = next((v.id for v in views if v.kind is DocumentKind.ORIGINAL), None)
        if certify and original is not None:
            self._to_certify[d.id] = original
        if self._signing(at) and rng.random() < SIGN_INTAKE_RATE:
            for v in views:
                signed = self._sign(v.id, clerk.username, at)
                if self._to_certify.get(d.id) == v.id:
                    self._to_certify[d.id] = signed.id

    def _reuse(
        self,
        d: DossierView,
        required: list[intake.RequiredDocumentChoice],
        who: Applicant,
        at: datetime,
        clerk: auth.UserView,
    ) -> set[int]:
        """Attach the applicant's earlier documents; the required ones they stand for."""
        earlier = documents.reusable_documents(
            self.db, who.personal_id, on=at.date(), exclude_dossier_id=d.id
        )
        if not earlier:
            return set()
        covered: set[int] = set()
        picked: list[tuple[int, int | None]] = []
        for doc in earlier:
            match = _same_paper(doc, required, covered)
            if match is not None:
                covered.add(match)
                picked.append((doc.id, match))
        if not picked:  # the earlier result or paper on file still saves a trip
            picked.append((earlier[0].id, None))
        for doc_id, required_id in picked[:3]:
            documents.attach_existing(
                self.db,
                clerk.actor,
                documents.AttachExisting(d.id, doc_id, required_document_id=required_id),
                now=lambda: at,
            )
            self.count("documents_reused")
        self.count("dossiers_reusing")
        return covered

    # -------------------------------------------------------------- results

    def result(
        self,
        d: DossierView,
        proc: intake.ProcedureChoice,
        who: Applicant,
        at: datetime,
        *,
        electronic: bool = False,
    ) -> None:
        """The result at the counter: registered for most digitised dossiers, signed by a leader
        in the signing period (always for results sent to the citizen's portal account), or, for
        "chứng thực bản sao từ bản chính", now and then an electronic certified copy."""
        rng = self.rng
        signing = self._signing(at)
        original = self._to_certify.pop(d.id, None)
        if original is not None:
            officer = rng.choice([u for u in ("tuphap1", "tuphap2") if u in self.users])
            assert self.certs is not None
            documents.make_certified_copy(
                self.db,
                self.users[officer].actor,
                documents.CertifyCommand(original, self.certs.source(officer), d.id),
                now=lambda: at,
            )
            self.count("certified_copies")
            return
        digitised = d.id in self._digitised
        self._digitised.discard(d.id)
        if not electronic and (not digitised or rng.random() >= RESULT_RATE):
            return
        leader = rng.choice([u for u in ("chutich", "phochutich") if u in self.users])
        title = short_result_name(self.result_name(proc.id))
        path = write_page(
            self._file(),
            title,
            (
                f"Cấp cho: {who.name}",
                f"Số định danh cá nhân: {who.personal_id}",
                f"Theo hồ sơ số: {d.code}",
                f"Ngày cấp: {at:%d/%m/%Y}",
            ),
            signature=self.users[leader].full_name,
        )
        view = documents.register_document(
            self.db,
            self.users["canbo1"].actor,
            documents.RegisterCommand(
                d.id, (path,), title, kind=DocumentKind.ORIGINAL, role=AttachmentRole.RESULT
            ),
            now=lambda: at,
        )
        path.unlink(missing_ok=True)
        self.count("documents_result")
        self._with_documents.add(who.personal_id)
        if signing and (electronic or rng.random() < SIGN_RESULT_RATE):
            self._sign(view.id, leader, at)


def short_result_name(name: str) -> str:
    """The paper's own name: "Giấy khai sinh (01 bản chính); bản sao …" -> "Giấy khai sinh"."""
    short = name
    for cut in ("(", ";", " + ", " / "):
        short = short.split(cut, 1)[0]
    return short.strip(" ,.") or "Kết quả giải quyết thủ tục hành chính"


def _certifies_copies(proc: intake.ProcedureChoice) -> bool:
    """Chứng thực bản sao từ bản chính: the copy is made from an original handed in."""
    name = fold(proc.name)
    return "chung thuc ban sao" in name and "ban chinh" in name


def _same_paper(
    doc: documents.ReusableDocument,
    required: Sequence[intake.RequiredDocumentChoice],
    taken: set[int],
) -> int | None:
    """The required document an earlier document stands for (same name or same kind of paper)."""
    name = fold(doc.required_document_name or doc.title)
    for r in required:
        if r.id in taken:
            continue
        other = fold(r.name)
        if other == name or any(w in other and w in name for w in _SAME_PAPER):
            return r.id
    return None


def workdir() -> tempfile.TemporaryDirectory[str]:
    """A scratch folder for the pages before they enter the store."""
    return tempfile.TemporaryDirectory(prefix="tthc-demo-")
