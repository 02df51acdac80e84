"""PDF signing (PAdES, visible stamp) from PKCS#12 files or PKCS#11 tokens, and verification."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources as _resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tthc_desk.adapters import pdfdocs
from tthc_desk.domain.errors import AppError

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer as HankoSigner

__all__ = [
    "ERROR_CODES",
    "STAMP_HEADINGS",
    "STAMP_LAYOUTS",
    "CertChoice",
    "OFFICE_TZ",
    "REASONS",
    "CertificateInfo",
    "Pkcs11Source",
    "Pkcs12Source",
    "RevisionChange",
    "SignResult",
    "SignatureReport",
    "SigningSource",
    "StampLayout",
    "VerifyReport",
    "cert_serial",
    "certificate_files",
    "extract_signed_revision",
    "find_free_area",
    "list_token_certificates",
    "load_certificate",
    "load_certificates",
    "route_library_logging",
    "sign_pdf",
    "verify_pdf",
]

ERROR_CODES: tuple[str, ...] = (
    # the file to sign or verify (raised by pdfdocs.inspect_pdf)
    "pdf.not_found",
    "pdf.not_pdf",
    "pdf.encrypted",
    "pdf.truncated",
    "pdf.corrupt",
    # certificate file (PKCS#12)
    "sign.pkcs12_not_found",  # params: path
    "sign.pkcs12_invalid",  # params: path
    "sign.passphrase_wrong",  # params: path
    # token (PKCS#11)
    "sign.pkcs11_module_missing",  # params: lib_path
    "sign.pkcs11_module_invalid",  # params: lib_path, detail
    "sign.pkcs11_module_bits",  # params: lib_path, bits, app_bits (32-bit driver, 64-bit app)
    "sign.token_missing",  # params: token_label, slot (token not plugged in / not found)
    "sign.token_ambiguous",  # params: count (several tokens, none chosen)
    "sign.pin_wrong",
    "sign.pin_locked",
    "sign.pin_required",
    "sign.cancelled_on_token",  # Cancel / No pressed on the token's PIN pad or its own window
    "sign.cert_choice_required",  # params: count (several certificates: let the officer pick)
    "sign.cert_not_found",  # params: key_id
    "sign.key_not_found",  # params: key_id (certificate without a private key on the token)
    "sign.token_error",  # params: detail
    # the officer's certificate
    "sign.cert_expired",  # params: not_after
    "sign.cert_not_yet_valid",  # params: not_before
    "sign.cert_not_for_signing",  # key usage excludes signing
    # the operation
    "sign.same_file",  # dst must differ from src
    "sign.locked",  # the file is certified with no changes allowed (DocMDP P=1)
    "sign.not_permitted",  # params: path (owner password forbids signing)
    "sign.failed",  # params: detail
    "io.disk_full",
    "io.write_failed",
    # trust certificates
    "cert.not_found",  # params: path
    "cert.unreadable",  # params: path
    # verification
    "verify.no_such_signature",  # params: field
)

Purpose = Literal["scan", "result", "certified_copy", "organisation"]
SummaryStatus = Literal["valid", "broken", "untrusted", "no_signatures"]

log = logging.getLogger(__name__)

#: First line of the stamp for each purpose (printed on the document, so in Vietnamese).
STAMP_HEADINGS: dict[str, str] = {
    "scan": "ĐÃ SỐ HÓA VÀ KÝ SỐ",
    "result": "KÝ SỐ KẾT QUẢ",
    "certified_copy": "CHỨNG THỰC BẢN SAO ĐIỆN TỬ TỪ BẢN CHÍNH",
    "organisation": "CHỮ KÝ SỐ CỦA CƠ QUAN",
}

STAMP_SIZE = (210.0, 62.0)  # points: about 7.4 x 2.2 cm
#: Vietnam's time (no daylight saving): stamps and reports show it whatever the PC's zone.
OFFICE_TZ = dt.timezone(dt.timedelta(hours=7), "+07:00")
_STAMP_MARGIN = 18.0  # keep this far from the page edge (scanner shadows, binding)
_STAMP_GAP = 4.0  # clear space kept around the stamp
_FONT_DIR_ENV = "resources/fonts"


# --- logging ------------------------------------------------------------------------------------


class _ForwardHandler(logging.Handler):
    """Re-emit library records on an app logger, or drop them when the app has no log yet.

    pyHanko logs an untrusted chain with a full traceback at WARNING; without this, Python's
    last-resort handler prints it on the console.
    """

    def __init__(self, target: str) -> None:
        super().__init__(logging.DEBUG)
        self.target = target

    def emit(self, record: logging.LogRecord) -> None:
        target = logging.getLogger(self.target)
        if target.hasHandlers() and target.isEnabledFor(record.levelno):
            target.handle(record)


def route_library_logging(target: str = "tthc_desk.lib") -> None:
    """Send pyHanko's and certvalidator's logging to ``target.<name>`` instead of the console."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        lib_logger = logging.getLogger(name)
        if not any(isinstance(h, _ForwardHandler) for h in lib_logger.handlers):
            lib_logger.addHandler(_ForwardHandler(f"{target}.{name}"))
        lib_logger.propagate = False


route_library_logging()


# --- certificates -------------------------------------------------------------------------------


class CertificateInfo(NamedTuple):
    """A certificate read from a file (for ``trust add``)."""

    der: bytes
    subject: str
    sha256: str
    is_ca: bool


def _cn(name: cx509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    if values:
        value = values[0].value
        return unicodedata.normalize(
            "NFC", value if isinstance(value, str) else value.decode("utf-8", "replace")
        )
    return name.rfc4514_string()


def _is_ca(cert: cx509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(cx509.BasicConstraints).value.ca)
    except cx509.ExtensionNotFound:
        return False


def _can_sign(cert: cx509.Certificate) -> bool:
    try:
        ku = cert.extensions.get_extension_for_class(cx509.KeyUsage).value
    except cx509.ExtensionNotFound:
        return True
    return bool(ku.digital_signature or ku.content_commitment)


def _fingerprint(cert: cx509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def _parse_certs(data: bytes) -> list[cx509.Certificate]:
    """Certificates in PEM (one or a bundle), DER, or PKCS#7 (.p7b/.p7c, PEM or DER)."""
    from cryptography.hazmat.primitives.serialization import pkcs7

    if b"-----BEGIN PKCS7-----" in data or b"-----BEGIN CERTIFICATE CHAIN-----" in data:
        return list(pkcs7.load_pem_pkcs7_certificates(data))
    if b"-----BEGIN" in data:
        return cx509.load_pem_x509_certificates(data)
    try:
        return [cx509.load_der_x509_certificate(data)]
    except ValueError:
        return list(pkcs7.load_der_pkcs7_certificates(data))


#: File names read when ``trust add`` is given a folder.
CERT_SUFFIXES = (".pem", ".crt", ".cer", ".der", ".p7b", ".p7c", ".cert")


def certificate_files(path: Path | str) -> list[Path]:
    """The certificate files of a folder (by suffix, sorted), or the file itself."""
    path = Path(path)
    if path.is_dir():
        return sorted(
            p for p in path.iterdir() if p.is_file() and p.suffix.lower() in CERT_SUFFIXES
        )
    return [path]


def _infos(certs: Sequence[cx509.Certificate]) -> list[CertificateInfo]:
    return [
        CertificateInfo(
            c.public_bytes(serialization.Encoding.DER),
            unicodedata.normalize("NFC", c.subject.rfc4514_string()),
            _fingerprint(c),
            _is_ca(c),
        )
        for c in certs
    ]


def _load_file(path: Path) -> list[CertificateInfo]:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise AppError("cert.not_found", path=str(path)) from exc
    except OSError as exc:
        raise AppError("cert.unreadable", path=str(path)) from exc
    try:
        certs = _parse_certs(data)
    except ValueError as exc:
        raise AppError("cert.unreadable", path=str(path)) from exc
    if not certs:
        raise AppError("cert.unreadable", path=str(path))
    return _infos(certs)


def load_certificates(path: Path | str, skipped: list[Path] | None = None) -> list[CertificateInfo]:
    """Every certificate in a file (PEM bundle, DER, P7B) or in a folder of such files.

    In a folder, unreadable files are appended to ``skipped`` (when given) and left out; a
    folder without any certificate raises ``cert.unreadable``.
    """
    path = Path(path)
    if not path.is_dir():
        return _load_file(path)
    out: list[CertificateInfo] = []
    seen: set[str] = set()
    for file in certificate_files(path):
        try:
            infos = _load_file(file)
        except AppError:
            log.warning("not a certificate file: %s", file)
            if skipped is not None:
                skipped.append(file)
            continue
        for info in infos:
            if info.sha256 not in seen:
                seen.add(info.sha256)
                out.append(info)
    if not out:
        raise AppError("cert.unreadable", path=str(path))
    return out


def load_certificate(path: Path | str) -> CertificateInfo:
    """The (first) certificate in a PEM or DER file: DER bytes, subject, SHA-256, is it a CA."""
    return load_certificates(path)[0]


def _to_asn1(certs: Sequence[bytes]) -> list[object]:
    from asn1crypto import x509 as ax509

    out = []
    for blob in certs:
        for cert in _parse_certs(blob):
            out.append(ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)))
    return out


# --- signing sources ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CertChoice:
    """One certificate on a token, as shown in the officer's picker. Select by ``key_id``."""

    slot: int
    token_label: str
    key_id: str  # hex of CKA_ID
    label: str
    subject_cn: str
    subject: str
    issuer_cn: str
    serial: str  # hex
    not_before: dt.datetime
    not_after: dt.datetime
    sha256: str
    can_sign: bool
    has_private_key: bool | None  # None: unknown without the PIN
    cert_der: bytes = field(repr=False, default=b"")
    pin_pad: bool = False  # the token asks for the PIN itself (no PIN typed in the app)

    def is_valid_at(self, when: dt.datetime | None = None) -> bool:
        now = when or dt.datetime.now(dt.UTC)
        return self.not_before <= now <= self.not_after


class SigningSource(Protocol):
    """Where the key lives. ``open()`` yields a ready pyHanko signer and releases it after."""

    def open(self) -> contextlib.AbstractContextManager[HankoSigner]: ...


@dataclass(frozen=True)
class Pkcs12Source:
    """A certificate file (``.p12``/``.pfx``) and its passphrase (kept only for this call)."""

    path: Path
    passphrase: str = field(repr=False)

    @contextlib.contextmanager
    def open(self) -> Iterator[HankoSigner]:
        from asn1crypto import keys as akeys
        from asn1crypto import pkcs12 as apkcs12
        from asn1crypto import x509 as ax509
        from cryptography.hazmat.primitives.serialization import pkcs12
        from pyhanko.sign.signers import SimpleSigner
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        path = Path(self.path)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise AppError("sign.pkcs12_not_found", path=str(path)) from exc
        except OSError as exc:
            raise AppError("sign.pkcs12_invalid", path=str(path)) from exc
        try:
            key, cert, extra = pkcs12.load_key_and_certificates(
                data, self.passphrase.encode("utf-8") if self.passphrase else None
            )
        except ValueError as exc:
            try:
                apkcs12.Pfx.load(data).native  # noqa: B018 - parse only
            except Exception:
                raise AppError("sign.pkcs12_invalid", path=str(path)) from exc
            raise AppError("sign.passphrase_wrong", path=str(path)) from exc
        if key is None or cert is None:
            raise AppError("sign.pkcs12_invalid", path=str(path))
        _check_cert_usable(cert)
        key_der = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        chain = [ax509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in extra]
        yield SimpleSigner(
            signing_cert=ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
            signing_key=akeys.PrivateKeyInfo.load(key_der),
            cert_registry=SimpleCertificateStore.from_certs(chain),
        )


def _check_cert_usable(cert: cx509.Certificate, when: dt.datetime | None = None) -> None:
    now = when or dt.datetime.now(dt.UTC)
    if now > cert.not_valid_after_utc:
        raise AppError("sign.cert_expired", not_after=cert.not_valid_after_utc.isoformat())
    if now < cert.not_valid_before_utc:
        raise AppError("sign.cert_not_yet_valid", not_before=cert.not_valid_before_utc.isoformat())
    if not _can_sign(cert):
        raise AppError("sign.cert_not_for_signing")


def _pkcs11_error(exc: Exception, *, token_label: str | None = None) -> AppError:
    from pkcs11 import exceptions as px

    if isinstance(exc, px.PinIncorrect | px.PinInvalid | px.PinLenRange):
        return AppError("sign.pin_wrong")
    if isinstance(exc, px.PinLocked | px.PinExpired):
        return AppError("sign.pin_locked")
    if isinstance(exc, px.UserNotLoggedIn):
        return AppError("sign.pin_required")
    # CKR_FUNCTION_CANCELED / CKR_FUNCTION_REJECTED: the signer said no on the device (a PIN
    # pad's Cancel, the driver's own PIN window closed): nothing is wrong with the token
    if isinstance(exc, px.FunctionCancelled | px.FunctionRejected):
        return AppError("sign.cancelled_on_token")
    if isinstance(
        exc,
        px.TokenNotPresent
        | px.TokenNotRecognised
        | px.DeviceRemoved
        | px.NoSuchToken
        | px.SlotIDInvalid
        | px.SessionClosed
        | px.SessionHandleInvalid,
    ):
        return AppError("sign.token_missing", token_label=token_label)
    return AppError("sign.token_error", detail=f"{type(exc).__name__}: {exc}")


def module_bits(lib_path: Path | str) -> int | None:
    """32 or 64 for a Windows DLL (PE) or an ELF/Mach-O library, from its header; else None."""
    try:
        with Path(lib_path).open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    if head[:4] == b"\x7fELF" and len(head) > 4:
        return {1: 32, 2: 64}.get(head[4])
    if head[:4] in (b"\xce\xfa\xed\xfe", b"\xfe\xed\xfa\xce"):
        return 32
    if head[:4] in (b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf"):
        return 64
    if head[:2] == b"MZ" and len(head) >= 0x40:
        pe = int.from_bytes(head[0x3C:0x40], "little")
        if head[pe : pe + 4] == b"PE\0\0" and len(head) >= pe + 26:
            magic = int.from_bytes(head[pe + 24 : pe + 26], "little")
            return {0x10B: 32, 0x20B: 64}.get(magic)
    return None


def _app_bits() -> int:
    import struct

    return struct.calcsize("P") * 8


def _load_pkcs11(lib_path: Path | str) -> object:
    import pkcs11

    lib_path = Path(lib_path)
    if not lib_path.is_file():
        raise AppError("sign.pkcs11_module_missing", lib_path=str(lib_path))
    bits = module_bits(lib_path)
    if bits is not None and bits != _app_bits():
        # a 32-bit token driver cannot be loaded by a 64-bit program (and the reverse)
        raise AppError(
            "sign.pkcs11_module_bits", lib_path=str(lib_path), bits=bits, app_bits=_app_bits()
        )
    try:
        return pkcs11.lib(str(lib_path))
    except Exception as exc:  # a wrong DLL raises OSError, RuntimeError or PKCS11Error
        log.info("PKCS#11 module %s not loaded", lib_path, exc_info=True)
        raise AppError(
            "sign.pkcs11_module_invalid", lib_path=str(lib_path), detail=type(exc).__name__
        ) from exc


def has_pin_pad(token: object) -> bool:
    """The token asks for the PIN itself (protected authentication path: a PIN pad/dialog)."""
    from pkcs11 import TokenFlag

    return bool(token.flags & TokenFlag.PROTECTED_AUTHENTICATION_PATH)  # type: ignore[attr-defined]


def login_pin(pin: str, token: object) -> object:
    """What to log in with: the typed PIN; or, when none was typed and the token has a protected
    authentication path (a PIN pad, or the driver's own PIN dialog), python-pkcs11's
    ``PROTECTED_AUTH`` so that C_Login is called without a PIN and the token asks for it."""
    from pkcs11 import PROTECTED_AUTH

    if pin:
        return pin
    if not has_pin_pad(token):
        raise AppError("sign.pin_required")
    return PROTECTED_AUTH


def _tokens(lib: object, token_label: str | None, slot: int | None) -> list[tuple[int, object]]:
    """``(slot id, token)`` pairs matching the label / slot (all present tokens when neither)."""
    from pkcs11 import TokenFlag

    found: list[tuple[int, object]] = []
    for s in lib.get_slots(token_present=True):  # type: ignore[attr-defined]
        if slot is not None and s.slot_id != slot:
            continue
        token = s.get_token()
        if not token.flags & TokenFlag.TOKEN_INITIALIZED:
            continue  # an empty slot (SoftHSM always offers one)
        if token_label is not None and token.label.strip() != token_label.strip():
            continue
        found.append((s.slot_id, token))
    return found


def _find_tokens(
    lib: object, token_label: str | None, slot: int | None
) -> list[tuple[int, object]]:
    from pkcs11 import exceptions as px

    try:
        found = _tokens(lib, token_label, slot)
        if not found:
            # a token plugged in after the module was loaded is only seen after a re-init
            lib.reinitialize()  # type: ignore[attr-defined]
            found = _tokens(lib, token_label, slot)
    except px.PKCS11Error as exc:
        raise _pkcs11_error(exc, token_label=token_label) from exc
    if not found:
        raise AppError("sign.token_missing", token_label=token_label, slot=slot)
    return found


def _certificate_objects(session: object) -> list[tuple[bytes, str, bytes]]:
    """``(CKA_ID, CKA_LABEL, DER)`` of every X.509 certificate visible in the session."""
    from pkcs11 import Attribute, ObjectClass

    out = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):  # type: ignore[attr-defined]
        try:
            value = obj[Attribute.VALUE]
        except Exception:
            continue
        try:
            key_id = bytes(obj[Attribute.ID])
        except Exception:
            key_id = b""
        try:
            label = str(obj[Attribute.LABEL])
        except Exception:
            label = ""
        out.append((key_id, label, bytes(value)))
    return out


def _private_keys(session: object) -> list[tuple[bytes, int | None]]:
    """``(CKA_ID, RSA modulus or None)`` of every private key visible (needs login)."""
    from pkcs11 import Attribute, ObjectClass

    out = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY}):  # type: ignore[attr-defined]
        try:
            key_id = bytes(obj[Attribute.ID])
        except Exception:
            key_id = b""
        try:
            modulus: int | None = int.from_bytes(bytes(obj[Attribute.MODULUS]), "big")
        except Exception:
            modulus = None
        out.append((key_id, modulus))
    return out


def _match_key(
    cert: cx509.Certificate, key_id: bytes, keys: list[tuple[bytes, int | None]]
) -> bytes | None:
    """The private key's CKA_ID for ``cert``: same ID, else the same RSA modulus."""
    if any(kid == key_id for kid, _ in keys):
        return key_id
    public = cert.public_key()
    if isinstance(public, rsa.RSAPublicKey):
        n = public.public_numbers().n
        for kid, modulus in keys:
            if modulus == n:
                return kid
    return None


def list_token_certificates(
    lib_path: Path | str,
    pin: str | None = None,
    *,
    token_label: str | None = None,
    slot: int | None = None,
    include_ca: bool = False,
) -> list[CertChoice]:
    """Certificates on the token(s), for the officer to pick one; signing ones first.

    Without ``pin`` only public objects are read and ``has_private_key`` is ``None``. Does not
    rely on labels: tokens often give every object the same label, or none.
    """
    from pkcs11 import exceptions as px

    lib = _load_pkcs11(lib_path)
    choices: list[CertChoice] = []
    for slot_id, token in _find_tokens(lib, token_label, slot):
        try:
            with token.open(user_pin=pin) if pin else token.open() as session:  # type: ignore[attr-defined]
                objects = _certificate_objects(session)
                keys = _private_keys(session) if pin else None
        except px.PKCS11Error as exc:
            raise _pkcs11_error(exc, token_label=token.label) from exc  # type: ignore[attr-defined]
        for key_id, label, der in objects:
            try:
                cert = cx509.load_der_x509_certificate(der)
            except ValueError:
                log.warning("unreadable certificate object on token %s", token.label)  # type: ignore[attr-defined]
                continue
            if _is_ca(cert) and not include_ca:
                continue
            choices.append(
                CertChoice(
                    slot=slot_id,
                    token_label=str(token.label).strip(),  # type: ignore[attr-defined]
                    key_id=key_id.hex(),
                    label=label,
                    subject_cn=_cn(cert.subject),
                    subject=unicodedata.normalize("NFC", cert.subject.rfc4514_string()),
                    issuer_cn=_cn(cert.issuer),
                    serial=cert_serial(cert),
                    not_before=cert.not_valid_before_utc,
                    not_after=cert.not_valid_after_utc,
                    sha256=_fingerprint(cert),
                    can_sign=_can_sign(cert),
                    has_private_key=None
                    if keys is None
                    else _match_key(cert, key_id, keys) is not None,
                    cert_der=der,
                    pin_pad=has_pin_pad(token),
                )
            )
    now = dt.datetime.now(dt.UTC)
    choices.sort(
        key=lambda c: (
            not c.can_sign,
            c.has_private_key is False,
            not c.is_valid_at(now),
            -c.not_after.timestamp(),
        )
    )
    return choices


@dataclass(frozen=True)
class Pkcs11Source:
    """A USB token through its PKCS#11 module. The PIN is asked each time and never stored;
    an empty PIN on a token with a protected authentication path lets the token ask for it.

    Pick the certificate with ``key_id`` (or ``cert_sha256``) from :func:`list_token_certificates`;
    without either, the token must hold exactly one signing certificate with a key.
    """

    lib_path: Path
    pin: str = field(repr=False)
    token_label: str | None = None
    slot: int | None = None
    key_id: str | None = None  # hex
    cert_sha256: str | None = None

    @contextlib.contextmanager
    def open(self) -> Iterator[HankoSigner]:
        from asn1crypto import x509 as ax509
        from pkcs11 import exceptions as px
        from pyhanko.sign.pkcs11 import PKCS11Signer

        lib = _load_pkcs11(self.lib_path)
        tokens = _find_tokens(lib, self.token_label, self.slot)
        if len(tokens) > 1:
            raise AppError("sign.token_ambiguous", count=len(tokens))
        _, token = tokens[0]
        pin = login_pin(self.pin, token)  # no PIN typed: the token's own PIN pad asks for it
        try:
            session = token.open(user_pin=pin)  # type: ignore[attr-defined]
        except px.PKCS11Error as exc:
            raise _pkcs11_error(exc, token_label=self.token_label) from exc
        try:
            try:
                cert, key_id, others = self._pick(session)
            except px.PKCS11Error as exc:
                raise _pkcs11_error(exc, token_label=self.token_label) from exc
            _check_cert_usable(cert)
            yield PKCS11Signer(
                session,
                signing_cert=ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
                key_id=key_id,
                cert_id=key_id,
                ca_chain=[ax509.Certificate.load(der) for der in others],
                other_certs_to_pull=(),
            )
        finally:
            with contextlib.suppress(Exception):
                session.close()

    def _pick(self, session: object) -> tuple[cx509.Certificate, bytes, list[bytes]]:
        objects = _certificate_objects(session)
        keys = _private_keys(session)
        parsed = []
        for key_id, _label, der in objects:
            try:
                parsed.append((key_id, der, cx509.load_der_x509_certificate(der)))
            except ValueError:
                continue
        wanted_id = bytes.fromhex(self.key_id) if self.key_id else None
        candidates = []
        for key_id, der, cert in parsed:
            if _is_ca(cert):
                continue
            if wanted_id is not None and key_id != wanted_id:
                continue
            if self.cert_sha256 and _fingerprint(cert) != self.cert_sha256.lower():
                continue
            candidates.append((key_id, der, cert))
        if wanted_id is not None or self.cert_sha256:
            if not candidates:
                raise AppError("sign.cert_not_found", key_id=self.key_id)
        else:
            candidates = [
                c
                for c in candidates
                if _can_sign(c[2]) and _match_key(c[2], c[0], keys) is not None
            ]
            if len(candidates) != 1:
                raise AppError("sign.cert_choice_required", count=len(candidates))
        key_id, der, cert = candidates[0]
        matched = _match_key(cert, key_id, keys)
        if matched is None:
            raise AppError("sign.key_not_found", key_id=key_id.hex())
        others = [d for _, d, c in parsed if d != der and _is_ca(c)]
        return cert, matched, others


# --- stamp -------------------------------------------------------------------------------------


def _font_path(name: str) -> Path:
    """A bundled font: ``resources/fonts`` next to the package (source tree or frozen app)."""
    import sys

    here = Path(__file__).resolve()
    candidates = [here.parents[2] / "resources" / "fonts" / name]
    frozen_root = getattr(sys, "_MEIPASS", None)  # PyInstaller bundle
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / "resources" / "fonts" / name)
    with contextlib.suppress(Exception):
        candidates.append(Path(str(_resources.files("tthc_desk"))).parent / _FONT_DIR_ENV / name)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"font {name} not found in resources/fonts")


_FONTS_REGISTERED = False


def _register_fonts() -> None:
    global _FONTS_REGISTERED
    if _FONTS_REGISTERED:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("TTHC-NotoSerif", str(_font_path("NotoSerif-Regular.ttf"))))
    pdfmetrics.registerFont(TTFont("TTHC-NotoSerif-Bold", str(_font_path("NotoSerif-Bold.ttf"))))
    _FONTS_REGISTERED = True


def _fit(text: str, font: str, size: float, width: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while size > 4.5 and stringWidth(text, font, size) > width:
        size -= 0.25
    return size


def _stamp_pdf(
    lines: Sequence[str],
    size: tuple[float, float],
    image: bytes | None = None,
    image_width: float = 0.0,
) -> bytes:
    """Draw the stamp as a one-page vector PDF with Noto Serif (embedded subset, real text).

    With ``image`` (the seal, PNG/JPEG) and ``image_width``, the image fills the left part and
    the lines go beside it.

    pyHanko's own text stamps space Vietnamese letters wrongly with most fonts; reportlab
    draws NFC text correctly from an embedded TrueType font.
    """
    from reportlab.pdfgen import canvas

    _register_fonts()
    w, h = size
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h), pageCompression=1)
    c.setTitle("TTHC signature stamp")
    red = (0.75, 0.05, 0.05)
    c.setStrokeColorRGB(*red)
    c.setFillColorRGB(1, 1, 1)
    c.setLineWidth(1.2)
    c.roundRect(1, 1, w - 2, h - 2, 4, stroke=1, fill=1)
    c.setFillColorRGB(*red)
    pad = 6.0
    left = pad
    if image and image_width > 0:
        from reportlab.lib.utils import ImageReader

        side = min(image_width, h - 2 * pad)
        c.drawImage(
            ImageReader(io.BytesIO(image)),
            pad,
            (h - side) / 2,
            width=side,
            height=side,
            preserveAspectRatio=True,
            mask="auto",
        )
        left = pad + side + pad
    usable = w - left - pad
    n = max(1, len(lines))
    step = (h - 2 * pad) / n
    y = h - pad - step * 0.78
    for i, line in enumerate(lines):
        font = "TTHC-NotoSerif-Bold" if i == 0 else "TTHC-NotoSerif"
        size_pt = _fit(line, font, 8.5 if i == 0 else 7.6, usable)
        c.setFont(font, size_pt)
        c.drawString(left, y, line)
        y -= step
    c.showPage()
    c.save()
    return buf.getvalue()


def _bytes_pdf_content(data: bytes) -> object:
    """A pyHanko ``PdfContent`` that imports page 1 of an in-memory PDF as a form XObject."""
    import binascii
    import uuid

    from pyhanko.pdf_utils.content import PdfContent
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.reader import PdfFileReader

    class _BytesPdfPage(PdfContent):
        def render(self) -> bytes:
            writer = self._ensure_writer
            xobj = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(data)), page_ix=0)
            name = b"/Import" + binascii.hexlify(uuid.uuid4().bytes)
            self.resources.xobject[name.decode("ascii")] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return name + b" Do"

    return _BytesPdfPage()


# --- stamp placement ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where the stamp goes: ``page`` (0-based) and ``box`` (x1, y1, x2, y2) in PDF points."""

    kind: Literal["free_area", "new_page", "invisible"]
    page: int
    box: tuple[float, float, float, float] | None


def find_free_area(
    path: Path | str,
    size: tuple[float, float] = STAMP_SIZE,
    *,
    page: int = -1,
    lowest_fraction: float = 0.6,
    dpi: int = 40,
) -> tuple[float, float, float, float] | None:
    """A blank rectangle of ``size`` points on ``page``, lowest and rightmost first, or ``None``.

    Renders the page (stamps and annotations included) and looks for a window with almost no
    ink in the bottom ``lowest_fraction`` of the page, away from the edges. Rotated pages are
    not searched (``None``).
    """
    import pypdfium2 as pdfium

    with pdfdocs._open_pdfium(Path(path)) as doc:
        assert isinstance(doc, pdfium.PdfDocument)
        index = page if page >= 0 else len(doc) + page
        pg = doc[index]
        try:
            if pg.get_rotation() % 360:
                return None
            left, bottom, right, top = pg.get_cropbox()
            # about 40 dpi, fewer pixels for oversized pages (the search is pure Python)
            scale = min(dpi / 72, 600 / max(right - left, top - bottom, 1))
            image = pg.render(scale=scale, grayscale=True, may_draw_forms=True).to_pil()
        finally:
            pg.close()
    image = image.convert("L")
    width_px, height_px = image.size
    ink = image.point(lambda v: 1 if v < 200 else 0)
    data = ink.tobytes()
    # summed-area table, (height+1) x (width+1)
    row_len = width_px + 1
    sat = [0] * (row_len * (height_px + 1))
    for y in range(height_px):
        running = 0
        base_src = y * width_px
        base_prev = y * row_len
        base_cur = (y + 1) * row_len
        for x in range(width_px):
            running += data[base_src + x]
            sat[base_cur + x + 1] = sat[base_prev + x + 1] + running

    def ink_in(x0: int, y0: int, x1: int, y1: int) -> int:
        return (
            sat[y1 * row_len + x1]
            - sat[y0 * row_len + x1]
            - sat[y1 * row_len + x0]
            + sat[y0 * row_len + x0]
        )

    gap = _STAMP_GAP * scale
    w_px = int((size[0] + 2 * _STAMP_GAP) * scale) + 1
    h_px = int((size[1] + 2 * _STAMP_GAP) * scale) + 1
    margin = int((_STAMP_MARGIN - _STAMP_GAP) * scale)
    x_max = width_px - margin - w_px
    y_max = height_px - margin - h_px
    y_min = max(margin, int(height_px * (1 - lowest_fraction)))
    if x_max < margin or y_max < y_min:
        return None
    tolerance = max(2, int(w_px * h_px * 0.002))  # scanner speckle
    step = 2
    for y0 in range(y_max, y_min - 1, -step):
        for x0 in range(x_max, margin - 1, -step):
            if ink_in(x0, y0, x0 + w_px, y0 + h_px) <= tolerance:
                x_pt = left + (x0 + gap) / scale
                y_top = top - (y0 + gap) / scale
                return (x_pt, y_top - size[1], x_pt + size[0], y_top)
    return None


def _plan_placement(path: Path, info: pdfdocs.PdfInfo, size: tuple[float, float]) -> Placement:
    last = (info.pages or 1) - 1
    box = find_free_area(path, size, page=last)
    if box is not None:
        return Placement("free_area", last, box)
    if not info.has_signatures:
        return Placement("new_page", last + 1, None)
    # a signed file cannot get a new page without breaking earlier signatures
    box = find_free_area(path, size, page=last, lowest_fraction=1.0)
    if box is not None:
        return Placement("free_area", last, box)
    return Placement("invisible", last, None)


def _append_blank_page(writer: object, like_page: int) -> tuple[float, float]:
    from pyhanko.pdf_utils import generic

    ref = writer.find_page_for_modification(like_page)[0]  # type: ignore[attr-defined]
    media = ref.get_object()
    box = media.get("/MediaBox") or media.get_object().get("/MediaBox")
    if box is None:
        x1, y1, x2, y2 = 0.0, 0.0, 595.28, 841.89
    else:
        x1, y1, x2, y2 = (float(v) for v in box)
    width, height = abs(x2 - x1), abs(y2 - y1)
    if width < STAMP_SIZE[0] + 2 * _STAMP_MARGIN:
        width, height = 595.28, 841.89
    contents = writer.add_object(generic.StreamObject(stream_data=b""))  # type: ignore[attr-defined]
    page = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Page"),
            generic.pdf_name("/MediaBox"): generic.ArrayObject(
                [generic.FloatObject(0), generic.FloatObject(0)]
                + [generic.FloatObject(width), generic.FloatObject(height)]
            ),
            generic.pdf_name("/Resources"): generic.DictionaryObject(),
            generic.pdf_name("/Contents"): contents,
        }
    )
    writer.insert_page(page)  # type: ignore[attr-defined]
    return width, height


# --- sign --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StampLayout:
    """A stamp's look as data: size, line templates and where the seal image goes.

    Templates take ``{heading}``, ``{name}``, ``{title}``, ``{organisation}``, ``{office}`` and
    ``{time}``; a line whose placeholders are all empty is left out. ``image_width`` > 0 puts
    the seal image (PNG/JPEG bytes) at the left, the lines beside it.
    """

    size: tuple[float, float]
    lines: tuple[str, ...]
    image_width: float = 0.0


#: The stamp layouts. "personal": an officer's signature (Nghị định 30/2020, Phụ lục I, the
#: signer's name, title and time); "organisation": the commune's own signature on results
#: (the seal image, the office's name and the time).
STAMP_LAYOUTS: dict[str, StampLayout] = {
    "personal": StampLayout(
        (210.0, 62.0),
        (
            "{heading}",
            "Người ký: {name}",
            "Chức danh: {title}",
            "{organisation}",
            "Thời gian: {time}",
        ),
    ),
    "organisation": StampLayout(
        (220.0, 70.0),
        ("{heading}", "Ký bởi: {office}", "{organisation}", "Thời gian: {time}"),
        image_width=62.0,
    ),
}


@dataclass(frozen=True)
class SignResult:
    """The signed copy: where it is, what it hashes to, and where the stamp went."""

    path: Path
    sha256: str
    size: int
    pages: int
    field_name: str
    signer_cn: str
    cert_sha256: str
    signed_at: dt.datetime
    placement: Literal["free_area", "new_page", "invisible"]
    stamp_page: int | None
    stamp_box: tuple[float, float, float, float] | None
    signer_title: str = ""
    signer_organisation: str = ""
    signer_personal_ids: tuple[str, ...] = ()  # e.g. "CCCD:001090001234" from the subject
    cert_subject: str = ""
    cert_serial: str = ""
    timestamped: bool = False  # a TSA vouched for the time; else it is the PC's clock
    long_term: bool = False  # validation data (DSS, PAdES B-LT) embedded
    certified: bool = False  # DocMDP certification
    locked: bool = False  # no changes allowed after this signature (DocMDP P=1)


def _unique_field_name(path: Path, purpose: str) -> str:
    from pyhanko.sign.fields import enumerate_sig_fields

    with path.open("rb") as fh:
        reader = _open_reader(fh)
        names = {name for name, _, _ in enumerate_sig_fields(reader)}  # type: ignore[arg-type]
    n = 1
    while f"Sig{n}_{purpose}" in names:
        n += 1
    return f"Sig{n}_{purpose}"


def _format_time(when: dt.datetime) -> str:
    offset = when.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}" if offset else ""
    return f"{when:%d/%m/%Y %H:%M:%S} {offset}".strip()


def personal_ids(cert: cx509.Certificate) -> tuple[str, ...]:
    """Personal ID numbers in the subject (Vietnamese CAs put "CCCD:…"/"CMND:…" in UID)."""
    out = []
    for attr in cert.subject:
        if attr.oid in (NameOID.USER_ID, NameOID.SERIAL_NUMBER):
            value = attr.value if isinstance(attr.value, str) else attr.value.decode()
            out.append(unicodedata.normalize("NFC", value.strip()))
    return tuple(out)


def _certification_level(path: Path) -> object | None:
    """The DocMDP level of the file's certification signature, if it has one."""
    from pyhanko.sign.validation.pdf_embedded import read_certification_data

    with path.open("rb") as fh:
        reader = _open_reader(fh)
        try:
            cert_data = read_certification_data(reader)  # type: ignore[arg-type]
        except Exception:
            return None
        return cert_data.permission if cert_data else None


def _timestamper(url: str | None) -> object | None:
    if not url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=15)


def _tsa_reachable(timestamper: object) -> bool:
    """Ask the TSA for one token; False when it cannot be reached (signing goes on offline)."""
    import asyncio

    try:
        asyncio.run(timestamper.async_dummy_response("sha256"))  # type: ignore[attr-defined]
        return True
    except Exception:
        log.info("time stamp authority not reachable: signing offline", exc_info=True)
        return False


def sign_pdf(
    src: Path | str,
    dst: Path | str,
    source: SigningSource,
    *,
    signer_name: str | None = None,
    office: str,
    reason: str,
    field_name: str | None = None,
    stamp: bool = True,
    purpose: Purpose = "scan",
    location: str | None = None,
    heading: str | None = None,
    tz: dt.tzinfo | None = None,
    final: bool = True,
    tsa_url: str | None = None,
    layout: str = "personal",
    seal_image: bytes | None = None,
) -> SignResult:
    """Sign ``src`` into a new file ``dst`` (``src`` stays as it is) with a PAdES signature.

    The stamp and the signature's /Name come from the certificate (its holder's name, X.500
    title and organisation), never from ``signer_name`` (the signed-in officer, whom the caller
    compares with :attr:`SignResult.signer_cn`). The time is shown in the office's zone
    (+07:00) unless ``tz`` is given. The stamp goes in a blank area at the bottom of the last
    page; if there is none, on a new last page (unsigned files only); else it is invisible.

    What is signed stays signed: results and certified copies are certified, with no change
    allowed after (DocMDP P=1) when ``final``; else (the commune's signature follows) it is an
    approval signature; either way :func:`verify_pdf` names any later change to a
    form field, annotation or content whatever the DocMDP level. (A FieldMDP lock is not used:
    pyHanko's own check then flags the validation data and document timestamp as changing
    widgets that share a page with the locked fields.)
    A file certified with P=1 is refused (``sign.locked``). With ``tsa_url`` (RFC 3161) the
    signature carries a timestamp and the file a document timestamp, with validation data
    (PAdES B-LT) where it can be fetched; unreachable, the PC's clock is the only time
    (``timestamped`` False).
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError
    from pyhanko.stamp import StaticStampStyle

    src, dst = Path(src), Path(dst)
    if src.resolve() == dst.resolve():
        raise AppError("sign.same_file")
    info = pdfdocs.inspect_pdf(src, allow_encrypted=True)
    if info.encrypted:
        _check_may_sign_encrypted(src)
    spec_layout = STAMP_LAYOUTS[layout]
    size = spec_layout.size
    if _certification_level(src) == fields.MDPPerm.NO_CHANGES:
        raise AppError("sign.locked")
    name = field_name or _unique_field_name(src, purpose)
    placement = (
        _plan_placement(src, info, size)
        if stamp
        else Placement("invisible", (info.pages or 1) - 1, None)
    )
    office = unicodedata.normalize("NFC", office.strip())
    # pyHanko (like Acrobat) refuses a later signature's widget update after a certification
    # with P=2, so a result that the commune signs after the officer is not certified at all
    certify = purpose in ("certified_copy", "result") and not info.has_signatures and final
    locked = certify
    timestamper = _timestamper(tsa_url)
    if timestamper is not None and not _tsa_reachable(timestamper):
        timestamper = None
    from pkcs11 import exceptions as px

    with source.open() as signer:
        cert = cx509.load_der_x509_certificate(signer.signing_cert.dump())
        holder = _cn(cert.subject)
        title = _attr(cert.subject, NameOID.TITLE)
        organisation = _attr(cert.subject, NameOID.ORGANIZATION_NAME)
        signed_at = dt.datetime.now(dt.UTC).astimezone(tz or OFFICE_TZ)
        meta = signers.PdfSignatureMetadata(
            field_name=name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=unicodedata.normalize("NFC", reason),
            location=unicodedata.normalize("NFC", location or office),
            name=holder,
            certify=certify,
            docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        )
        try:
            with src.open("rb") as fh, pdfdocs.atomic_output(dst) as out:
                writer = IncrementalPdfFileWriter(fh, strict=False)
                if info.encrypted:
                    writer.encrypt("")
                box = placement.box
                if placement.kind == "new_page":
                    _, height = _append_blank_page(writer, placement.page - 1)
                    x1 = _STAMP_MARGIN * 2
                    y2 = height - _STAMP_MARGIN * 2
                    box = (x1, y2 - size[1], x1 + size[0], y2)
                spec = fields.SigFieldSpec(
                    name,
                    on_page=placement.page,
                    box=box if placement.kind != "invisible" else None,
                    doc_mdp_update_value=fields.MDPPerm.NO_CHANGES if locked else None,
                )
                style = None
                if placement.kind != "invisible":
                    values = {
                        "heading": unicodedata.normalize("NFC", heading or STAMP_HEADINGS[purpose]),
                        "name": holder,
                        "title": title,
                        "organisation": organisation or office,
                        "office": office,
                        "time": _format_time(signed_at),
                    }
                    lines = _layout_lines(spec_layout, values)
                    style = StaticStampStyle(
                        background=_bytes_pdf_content(
                            _stamp_pdf(lines, size, seal_image, spec_layout.image_width)
                        ),
                        border_width=0,
                        background_opacity=1.0,
                        background_layout=SimpleBoxLayoutRule(
                            x_align=AxisAlignment.ALIGN_MID,
                            y_align=AxisAlignment.ALIGN_MID,
                            margins=Margins.uniform(0),
                        ),
                    )
                pdf_signer = signers.PdfSigner(
                    meta,
                    signer=signer,
                    stamp_style=style,
                    new_field_spec=spec,
                    timestamper=timestamper,  # type: ignore[arg-type]
                )
                pdf_signer.sign_pdf(writer, output=out)
                box_final = box
        except AppError:
            raise
        except px.PKCS11Error as exc:
            raise _pkcs11_error(exc) from exc
        except (SigningError, ValueError, KeyError, RuntimeError, TypeError, OSError) as exc:
            # expected to be rare; the details go to the app log, the user gets a code
            log.info("signing %s failed", src, exc_info=True)
            raise AppError("sign.failed", detail=type(exc).__name__) from exc
    long_term = False
    if timestamper is not None:
        long_term = _add_document_timestamp(dst, timestamper, signer_chain=signer)
    out_info = pdfdocs.inspect_pdf(dst, allow_encrypted=True)
    return SignResult(
        path=dst,
        sha256=out_info.sha256,
        size=out_info.size,
        pages=out_info.pages or 0,
        field_name=name,
        signer_cn=holder,
        cert_sha256=_fingerprint(cert),
        signed_at=signed_at,
        placement=placement.kind,
        stamp_page=None if placement.kind == "invisible" else placement.page,
        stamp_box=None if placement.kind == "invisible" else box_final,
        signer_title=title,
        signer_organisation=organisation,
        signer_personal_ids=personal_ids(cert),
        cert_subject=unicodedata.normalize("NFC", cert.subject.rfc4514_string()),
        cert_serial=cert_serial(cert),
        timestamped=timestamper is not None,
        long_term=long_term,
        certified=certify,
        locked=locked,
    )


def _layout_lines(layout: StampLayout, values: dict[str, str]) -> list[str]:
    import string

    out: list[str] = []
    for template in layout.lines:
        keys = [f for _, f, _, _ in string.Formatter().parse(template) if f]
        if keys and not any(values.get(k) for k in keys):
            continue
        line = unicodedata.normalize("NFC", template.format(**values))
        if not any(line == o or line in o for o in out):  # e.g. the office named twice
            out.append(line)
    return out


def _check_may_sign_encrypted(path: Path) -> None:
    """An owner-password-only file may be signed when its permissions allow filling/signing."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise AppError("pdf.encrypted", path=str(path))
        perms = int(reader.trailer["/Encrypt"].get_object().get("/P", 0))
    except AppError:
        raise
    except Exception as exc:
        raise AppError("pdf.encrypted", path=str(path)) from exc
    # bit 6 (32): annotations and form fields; bit 9 (256): fill in forms and sign
    if not (perms & 32 or perms & 256):
        raise AppError("sign.not_permitted", path=str(path))


def _add_document_timestamp(path: Path, timestamper: object, signer_chain: object) -> bool:
    """Add validation data (DSS) where it can be fetched, then a document timestamp."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    long_term = False
    tmp = path.with_suffix(".ts.pdf")
    try:
        with path.open("rb") as fh:
            writer = IncrementalPdfFileWriter(fh, strict=False)
            try:
                from pyhanko.sign.validation import add_validation_info
                from pyhanko_certvalidator import ValidationContext

                from_chain = list(getattr(signer_chain, "cert_registry", []) or [])
                vc = ValidationContext(
                    trust_roots=[c for c in from_chain if c.self_signed in ("yes", "maybe")]
                    or None,
                    other_certs=from_chain,
                    allow_fetching=True,
                    revocation_mode="hard-fail",
                )
                from pyhanko.pdf_utils.reader import PdfFileReader

                reader = PdfFileReader(fh, strict=False)
                sig = reader.embedded_regular_signatures[-1]
                with tmp.open("wb") as buf:
                    add_validation_info(sig, vc, output=buf)
                long_term = True
            except Exception:
                log.info("validation data (CRL/OCSP) not fetched: B-T only", exc_info=True)
        source = tmp if long_term else path
        with source.open("rb") as fh:
            writer = IncrementalPdfFileWriter(fh, strict=False)
            out_tmp = path.with_suffix(".lta.pdf")
            with out_tmp.open("wb") as out:
                signers.PdfTimeStamper(timestamper).timestamp_pdf(  # type: ignore[arg-type]
                    writer, "sha256", output=out
                )
        out_tmp.replace(path)
    except Exception:
        log.info("document timestamp not added", exc_info=True)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return long_term


# --- verify ------------------------------------------------------------------------------------

#: A signature's verdict, most serious first. Each is its own Vietnamese reason on the screen
#: (``verify.reason.<code>``) and its own exit code of ``verify`` (README, "Kiểm tra chữ ký").
REASONS: tuple[str, ...] = (
    "modified",  # a later revision changed the document (forms, annotations, content)
    "digest_mismatch",  # the signed bytes themselves were changed
    "unreadable",  # the signature's data cannot be read (damaged)
    "bad_signature",  # the cryptographic signature does not check out
    "revoked",  # the certificate (or a CA above it) was revoked before any proven signing time
    "expired",  # the certificate expired before any proven signing time
    "not_yet_valid",  # the certificate was not yet valid at the (proven) signing time
    "weak_algorithm",  # SHA-1/MD5: no longer accepted
    "untrusted",  # the chain does not reach a trusted root
    "valid_timestamped",  # valid at the time of signing, proven by a trusted timestamp
    "valid",  # valid now (time claimed by the signer's computer only)
)
REASON_STATUS: dict[str, Literal["valid", "broken", "untrusted"]] = {
    "modified": "broken",
    "digest_mismatch": "broken",
    "unreadable": "broken",
    "bad_signature": "broken",
    "revoked": "broken",
    "expired": "untrusted",
    "not_yet_valid": "untrusted",
    "weak_algorithm": "untrusted",
    "untrusted": "untrusted",
    "valid_timestamped": "valid",
    "valid": "valid",
}
_WEAK_DIGESTS = frozenset({"md2", "md5", "sha1"})
ChangeKind = Literal["signature", "timestamp", "form_filling", "annotations", "other"]


@dataclass(frozen=True)
class RevisionChange:
    """One incremental update made after a signature: what kind and which form fields."""

    revision: int  # 0-based revision number of the file
    kind: ChangeKind
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class SignatureReport:
    """One signature in a PDF, verified on its own, as the verify screen shows it."""

    field_name: str
    signer_cn: str
    signer_subject: str
    issuer_cn: str
    serial: str
    cert_sha256: str
    signing_time: dt.datetime | None  # as claimed by the signer's computer (not proof)
    intact: bool  # the signed bytes are unchanged and later revisions only add signatures
    valid: bool  # the cryptographic signature checks out
    trusted: bool  # the certificate chains to a trusted root and was valid when it counted
    covers_whole_document: bool
    modified_after_signing: str  # "none" | "signatures" | "form_filling" | "annotations" | "other"
    is_certification: bool
    revocation_checked: bool  # CRL/OCSP of the chain found (in the file or fetched) and checked
    revocation_reason: str  # REVOCATION_*: "checked", "revoked", "offline", "unavailable"
    trust_problem: str | None  # the reason code when not valid, e.g. "expired"
    status: Literal["valid", "broken", "untrusted"]
    problems: tuple[str, ...] = ()  # message codes, "verify.<...>"
    reason: str = "valid"  # one of REASONS
    reason_params: tuple[tuple[str, str], ...] = ()
    changes: tuple[RevisionChange, ...] = ()  # later revisions, described
    signed_revision: int | None = None
    timestamp_time: dt.datetime | None = None  # proven by a trusted timestamp (signature/doc)
    not_before: dt.datetime | None = None
    not_after: dt.datetime | None = None
    title: str = ""  # X.500 title (Chức danh)
    organisation: str = ""
    digest_algorithm: str = ""
    revoked_at: dt.datetime | None = None  # when the certificate (or its CA) was revoked
    revoked_ca: bool = False  # a CA certificate above the signer's was revoked

    @property
    def params(self) -> dict[str, str]:
        return dict(self.reason_params)


@dataclass(frozen=True)
class VerifyReport:
    """All signatures of one PDF and the overall verdict (``summary_status``, ``reason``)."""

    path: Path
    sha256: str
    signatures: tuple[SignatureReport, ...]
    summary_status: SummaryStatus
    revocation_checked: bool
    revocation_reason: str
    reason: str = "no_signatures"  # the most serious signature reason, or "no_signatures"
    revisions: int = 1
    encrypted: bool = False  # opened without a password (owner password only)

    @property
    def all_valid(self) -> bool:
        return self.summary_status == "valid"


#: Revocation (CRL/OCSP) of a signature's chain: checked and good; revoked; not checked
#: because the file has no revocation data and fetching is off (offline: information, not a
#: failure); not checked because the data in the file or on the network did not answer.
REVOCATION_CHECKED = "checked"
REVOCATION_REVOKED = "revoked"
REVOCATION_OFFLINE = "offline"
REVOCATION_UNAVAILABLE = "unavailable"


def _attr(name: cx509.Name, oid: cx509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    if not values:
        return ""
    value = values[0].value
    text = value if isinstance(value, str) else value.decode("utf-8", "replace")
    return unicodedata.normalize("NFC", text)


def cert_serial(cert: cx509.Certificate) -> str:
    """The serial number as hex with its leading zeros (whole bytes, as CAs print it)."""
    n = cert.serial_number
    length = max(1, (n.bit_length() + 7) // 8)
    return n.to_bytes(length, "big").hex().upper()


def _cert_fields(cert: cx509.Certificate | None) -> dict[str, object]:
    if cert is None:
        return {
            "signer_cn": "",
            "signer_subject": "",
            "issuer_cn": "",
            "serial": "",
            "cert_sha256": "",
        }
    return {
        "signer_cn": _cn(cert.subject),
        "signer_subject": unicodedata.normalize("NFC", cert.subject.rfc4514_string()),
        "issuer_cn": _cn(cert.issuer),
        "serial": cert_serial(cert),
        "cert_sha256": _fingerprint(cert),
        "not_before": cert.not_valid_before_utc,
        "not_after": cert.not_valid_after_utc,
        "title": _attr(cert.subject, NameOID.TITLE),
        "organisation": _attr(cert.subject, NameOID.ORGANIZATION_NAME),
    }


def _broken(field_name: str, cert: cx509.Certificate | None, reason: str) -> SignatureReport:
    return SignatureReport(
        field_name=field_name,
        signing_time=None,
        intact=False,
        valid=False,
        trusted=False,
        covers_whole_document=False,
        modified_after_signing="other",
        is_certification=False,
        revocation_checked=False,
        revocation_reason=REVOCATION_OFFLINE,
        trust_problem=reason,
        status="broken",
        problems=(f"verify.{reason}",),
        reason=reason,
        **_cert_fields(cert),  # type: ignore[arg-type]
    )


def _describe_revisions(
    reader: object, first: int, signature_revisions: dict[int, str]
) -> list[RevisionChange]:
    """Each revision from ``first`` on, compared with the one before (pyHanko's diff policy)."""
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel
    from pyhanko.sign.diff_analysis.policy_api import SuspiciousModification

    total = reader.xrefs.total_revisions  # type: ignore[attr-defined]
    sig_fields = {name for name, _, _ in _signature_fields(reader)}
    out: list[RevisionChange] = []
    for rev in range(first, total):
        kind: ChangeKind
        fields_changed: tuple[str, ...] = ()
        try:
            result = DEFAULT_DIFF_POLICY.apply(
                reader.get_historical_resolver(rev - 1),  # type: ignore[attr-defined]
                reader.get_historical_resolver(rev),  # type: ignore[attr-defined]
                None,
                None,
            )
        except SuspiciousModification:
            result = None
        except Exception:  # a revision pyHanko cannot even compare
            log.info("revision %s could not be compared", rev, exc_info=True)
            result = None
        level = result.modification_level if result is not None else None
        if level is not None and level <= ModificationLevel.LTA_UPDATES:
            # validation data (DSS) or a document timestamp: allowed (PAdES LTA)
            out.append(
                RevisionChange(rev, "signature" if signature_revisions.get(rev) else "timestamp")
            )
            continue
        if result is not None:
            fields_changed = tuple(
                name
                for name in sorted(set(result.changed_form_fields) - sig_fields)
                if _field_changed(reader, rev, name)
            )
        if rev in signature_revisions and (
            level is None or level <= ModificationLevel.FORM_FILLING
        ):
            # the revision that adds a later signature: only signature fields may change
            if not fields_changed:
                kind = "signature" if signature_revisions[rev] else "timestamp"
                out.append(RevisionChange(rev, kind))
                continue
            kind = "form_filling"
        elif level is None:
            # pyHanko could not explain the revision (e.g. pypdf rewrote the page to add a
            # note): a revision that only adds annotations to pages is still named as such
            kind = "annotations" if _only_adds_annotations(reader, rev) else "other"
        elif level <= ModificationLevel.FORM_FILLING:
            kind = "form_filling" if fields_changed else "annotations"
        elif level <= ModificationLevel.ANNOTATIONS:
            kind = "annotations"
        else:
            kind = "other"
        out.append(RevisionChange(rev, kind, fields_changed))
    return out


def _same(a: object, b: object) -> bool:
    try:
        return bool(a == b) or repr(a) == repr(b)
    except Exception:
        return False


def _only_adds_annotations(reader: object, rev: int) -> bool:
    """True when revision ``rev`` only adds annotations (not form widgets) to pages: each object
    it writes is a new annotation (or a new appearance stream), a page whose only change is a
    longer /Annots list, or an object written again unchanged."""
    from pyhanko.pdf_utils import generic

    try:
        refs = reader.xrefs.explicit_refs_in_revision(rev)  # type: ignore[attr-defined]
        before = reader.get_historical_resolver(rev - 1)  # type: ignore[attr-defined]
        after = reader.get_historical_resolver(rev)  # type: ignore[attr-defined]
        added = False
        for ref in refs:
            new = after(ref)
            old = before(ref)
            if isinstance(old, generic.NullObject):  # a new object
                if isinstance(new, generic.StreamObject):
                    if new.get("/Subtype") != "/Form":
                        return False
                    continue
                if not isinstance(new, generic.DictionaryObject):
                    return False
                subtype = new.get("/Subtype")
                if subtype is None or subtype == "/Widget" or new.get("/FT") is not None:
                    return False
                added = True
                continue
            if not isinstance(new, generic.DictionaryObject) or not isinstance(
                old, generic.DictionaryObject
            ):
                if not _same(new, old):
                    return False
                continue
            if set(new.keys()) - {"/Annots"} != set(old.keys()) - {"/Annots"}:
                return False
            if any(not _same(new.raw_get(k), old.raw_get(k)) for k in old if k != "/Annots"):
                return False
            if "/Annots" in new or "/Annots" in old:
                if new.get("/Type") != "/Page":
                    return False
                was = [repr(a) for a in (old.raw_get("/Annots") if "/Annots" in old else [])]
                now = [repr(a) for a in new.raw_get("/Annots")]
                if now[: len(was)] != was:
                    return False  # an annotation (e.g. a signature widget) was taken away
        return added
    except Exception:
        log.info("revision %s: annotations check failed", rev, exc_info=True)
        return False


def _find_field(resolver: object, name: str) -> object | None:
    """The field dictionary called ``name`` (dotted) in one revision, or None."""
    try:
        acro = resolver.root.get("/AcroForm")  # type: ignore[attr-defined]
        items = list(acro.get_object().get("/Fields", [])) if acro else []
    except Exception:
        return None
    parts = name.split(".")
    for depth, part in enumerate(parts):
        found = None
        for ref in items:
            try:
                node = ref.get_object()
            except Exception:
                continue
            if str(node.get("/T", "")) == part:
                found = node
                break
        if found is None:
            return None
        if depth == len(parts) - 1:
            return found
        items = list(found.get("/Kids", []))
    return None


def _field_changed(reader: object, rev: int, name: str) -> bool:
    """Did revision ``rev`` change the field's value or its appearance? pyHanko also lists a
    field whose widget merely shares a page with a new signature's widget."""
    old = _find_field(reader.get_historical_resolver(rev - 1), name)  # type: ignore[attr-defined]
    new = _find_field(reader.get_historical_resolver(rev), name)  # type: ignore[attr-defined]
    if old is None or new is None:
        return True
    try:
        if old.get("/V") != new.get("/V") or old.get("/AS") != new.get("/AS"):  # type: ignore[attr-defined]
            return True
        ap_old, ap_new = old.raw_get("/AP"), new.raw_get("/AP")  # type: ignore[attr-defined]
        if repr(ap_old) != repr(ap_new):
            return True
        updated = reader.xrefs.explicit_refs_in_revision(rev)  # type: ignore[attr-defined]
        ap = new.get("/AP")  # type: ignore[attr-defined]
        for key in ("/N", "/D", "/R"):
            ref = ap.raw_get(key) if ap is not None and key in ap else None
            if ref is not None and getattr(ref, "reference", None) in updated:
                return True
    except Exception:
        return True
    return False


def _timestamp_times(reader: object, make_context: object) -> list[tuple[int, dt.datetime]]:
    """``(revision, time)`` of every valid, trusted document timestamp (PAdES B-LTA)."""
    from pyhanko.sign.validation import validate_pdf_timestamp

    out = []
    for embedded in reader.embedded_timestamp_signatures:  # type: ignore[attr-defined]
        try:
            status = validate_pdf_timestamp(embedded, validation_context=make_context())  # type: ignore[operator]
        except Exception:
            log.info("document timestamp could not be validated", exc_info=True)
            continue
        if status.intact and status.valid and status.trusted:
            out.append((embedded.signed_revision, status.timestamp))
    return out


def _leaf_time_problem(
    cert: cx509.Certificate, when: dt.datetime, proven: bool
) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """The certificate's own validity period at ``when`` (checked even for a trusted leaf)."""
    if when > cert.not_valid_after_utc:
        return "expired", (
            ("not_after", cert.not_valid_after_utc.isoformat()),
            ("proven", "1" if proven else ""),
        )
    if when < cert.not_valid_before_utc:
        return "not_yet_valid", (("not_before", cert.not_valid_before_utc.isoformat()),)
    return None


def _is_weak(embedded: object, cert: cx509.Certificate | None) -> bool:
    md = str(getattr(embedded, "md_algorithm", "") or "").lower()
    if md in _WEAK_DIGESTS:
        return True
    try:
        sig_algo = embedded.signer_info["signature_algorithm"]  # type: ignore[attr-defined]
        if str(sig_algo.hash_algo).lower() in _WEAK_DIGESTS:
            return True
    except Exception:
        pass
    if cert is not None:
        algo = cert.signature_hash_algorithm
        if algo is not None and algo.name.lower() in _WEAK_DIGESTS:
            return True
    return False


@dataclass(frozen=True)
class _Revinfo:
    """Revocation data and certificates carried by the file (DSS, PAdES B-LT)."""

    certs: tuple[object, ...] = ()
    crls: tuple[object, ...] = ()
    ocsps: tuple[object, ...] = ()


def _dss_revinfo(reader: object) -> _Revinfo:
    """The document security store's certificates, CRLs and OCSP responses (none if absent)."""
    from asn1crypto import crl as acrl
    from asn1crypto import ocsp as aocsp
    from asn1crypto import x509 as ax509

    try:
        dss = reader.root.get("/DSS")  # type: ignore[attr-defined]
        if dss is None:
            return _Revinfo()
        dss = dss.get_object()
    except Exception:
        log.info("DSS not readable", exc_info=True)
        return _Revinfo()

    def load(key: str, kind: object) -> tuple[object, ...]:
        out = []
        for ref in dss.get(key, ()) or ():
            try:
                out.append(kind.load(ref.get_object().data))  # type: ignore[attr-defined]
            except Exception:
                log.info("DSS entry %s not readable", key, exc_info=True)
        return tuple(out)

    return _Revinfo(
        load("/Certs", ax509.Certificate),
        load("/CRLs", acrl.CertificateList),
        load("/OCSPs", aocsp.OCSPResponse),
    )


def _cms_revinfo(embedded: object) -> _Revinfo:
    """Revocation data inside the signature itself (Adobe's revocation info archival)."""
    try:
        from pyhanko.sign.general import find_unique_cms_attribute

        value = find_unique_cms_attribute(
            embedded.signer_info["signed_attrs"],  # type: ignore[attr-defined]
            "adobe_revocation_info_archival",
        )
        crls = tuple(value["crl"]) if value["crl"] else ()
        ocsps = tuple(value["ocsp"]) if value["ocsp"] else ()
        return _Revinfo((), crls, ocsps)
    except Exception:
        return _Revinfo()


def _validate(
    embedded: object,
    make_context: object,
    moment: dt.datetime | None,
    *,
    checkable: bool,
    **kw: object,
) -> tuple[object, bool]:
    """pyHanko's verdict on one signature and whether revocation was really checked.

    With revocation data at hand (in the file, or fetching on), the signer's certificate must
    have a CRL or OCSP answer (CAs: where they declare one); if that cannot be had, the verdict
    is taken again with soft-fail (missing data does not fail, a revocation still does) and
    revocation counts as not checked.
    """
    from pyhanko.sign.validation import validate_pdf_signature

    if checkable:
        status = validate_pdf_signature(
            embedded,  # type: ignore[arg-type]
            signer_validation_context=make_context(moment, strict=True),  # type: ignore[operator]
            # the timestamp's own chain: soft-fail (a TSA often publishes no CRL)
            ts_validation_context=make_context(moment),  # type: ignore[operator]
            **kw,  # type: ignore[arg-type]
        )
        if status.trusted or status.revocation_details is not None:
            return status, True
    status = validate_pdf_signature(
        embedded,  # type: ignore[arg-type]
        signer_validation_context=make_context(moment),  # type: ignore[operator]
        **kw,  # type: ignore[arg-type]
    )
    return status, status.revocation_details is not None


def _sig_report(
    embedded: object,
    make_context: object,
    reader: object,
    signature_revisions: dict[int, str],
    doc_timestamps: list[tuple[int, dt.datetime]],
    now: dt.datetime,
    *,
    checkable: bool = False,
    fetch: bool = False,
) -> SignatureReport:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    field_name = str(getattr(embedded, "field_name", "") or "")
    try:
        cert: cx509.Certificate | None = cx509.load_der_x509_certificate(
            embedded.signer_cert.dump()  # type: ignore[attr-defined]
        )
    except Exception:
        cert = None
    own = _cms_revinfo(embedded)
    checkable = checkable or bool(own.crls or own.ocsps)

    def context(moment: dt.datetime | None = None, *, strict: bool = False) -> object:
        return make_context(moment, strict=strict, extra=own)  # type: ignore[operator]

    try:
        status, rev_checked = _validate(embedded, context, None, checkable=checkable)
    except Exception:
        log.info("signature %s could not be validated", field_name, exc_info=True)
        if cert is not None and _is_weak(embedded, cert):
            return _broken(field_name, cert, "weak_algorithm")
        return _broken(field_name, cert, "unreadable")
    try:
        cert = cx509.load_der_x509_certificate(status.signing_cert.dump())
    except Exception:
        pass
    assert cert is not None
    signed_rev = int(embedded.signed_revision)  # type: ignore[attr-defined]
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    changes: list[RevisionChange] = []
    if not whole:
        changes = _describe_revisions(reader, signed_rev + 1, signature_revisions)
    harmful = [c for c in changes if c.kind not in ("signature", "timestamp")]
    if not whole and status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        harmful.append(RevisionChange(signed_rev, "other"))
    if status.docmdp_ok is False and not harmful:
        # a change the certifying signature forbids (e.g. a signature after DocMDP P=1)
        harmful = [c for c in changes] or [RevisionChange(signed_rev, "other")]
    if harmful:
        kinds = {c.kind for c in harmful}
        modified = (
            next(k for k in ("other", "annotations", "form_filling") if k in kinds)
            if (kinds & {"other", "annotations", "form_filling"})
            else "other"
        )
    elif changes:
        modified = "signatures"
    else:
        modified = "none"

    # proof of the signing time: the signature's own timestamp, or a later document timestamp
    proofs: list[dt.datetime] = []
    tst = getattr(status, "timestamp_validity", None)
    if tst is not None and tst.intact and tst.valid and tst.trusted:
        proofs.append(tst.timestamp)
    proofs += [t for rev, t in doc_timestamps if rev > signed_rev]
    proven_at = min(proofs) if proofs else None

    reason_params: tuple[tuple[str, str], ...] = ()
    trusted = bool(status.trusted)
    revocation = getattr(status, "revocation_details", None)
    revoked_at: dt.datetime | None = revocation.revocation_date if revocation else None
    revoked_ca = bool(revocation.ca_revoked) if revocation else False
    if revoked_at is not None and proven_at is not None and proven_at < revoked_at:
        # revoked later than the signing time proven by a timestamp: judge it at that time
        try:
            again, again_checked = _validate(
                embedded, context, proven_at, checkable=checkable, skip_diff=True
            )
            if again.revocation_details is None:
                status, revocation = again, None
                trusted = bool(again.trusted)
                rev_checked = again_checked or rev_checked
        except Exception:
            log.info("re-validation at %s failed", proven_at, exc_info=True)
    if not status.intact:
        reason = "digest_mismatch"
    elif harmful:
        reason = "modified"
        described = [c for c in harmful]
        reason_params = (("count", str(len(described))),)
    elif _is_weak(embedded, cert):
        reason = "weak_algorithm"
        md = str(embedded.md_algorithm).upper()  # type: ignore[attr-defined]
        reason_params = (("algorithm", "SHA-1" if md == "SHA1" else md),)
    elif not status.valid:
        reason = "bad_signature"
    elif revocation is not None and revoked_at is not None:
        reason = "revoked"
        trusted = False
        reason_params = (("date", revoked_at.isoformat()), ("ca", "1" if revoked_ca else ""))
    else:
        when = proven_at or now
        problem = _leaf_time_problem(cert, when, proven_at is not None)
        revoked_then = False
        if problem is None and not trusted and proven_at is not None:
            # expired today but signed (provably) while valid: judge the chain at that time
            try:
                again, rev_checked = _validate(
                    embedded, context, proven_at, checkable=checkable, skip_diff=True
                )
                trusted = bool(again.trusted)
                if again.revocation_details is not None:
                    revoked_then = True
                    revoked_at = again.revocation_details.revocation_date
                    revoked_ca = bool(again.revocation_details.ca_revoked)
            except Exception:
                log.info("re-validation at %s failed", proven_at, exc_info=True)
        if problem is not None:
            reason, reason_params = problem
            trusted = False
        elif revoked_then and revoked_at is not None:
            reason = "revoked"
            trusted = False
            reason_params = (("date", revoked_at.isoformat()), ("ca", "1" if revoked_ca else ""))
        elif not trusted:
            reason = "untrusted"
        else:
            reason = "valid_timestamped" if proven_at is not None else "valid"
    verdict = REASON_STATUS[reason]
    problems = [] if verdict == "valid" else [f"verify.{reason}"]
    return SignatureReport(
        field_name=field_name,
        signing_time=status.signer_reported_dt,
        intact=bool(status.intact) and not harmful,
        valid=bool(status.valid) and reason not in ("bad_signature", "weak_algorithm"),
        trusted=trusted and reason not in ("weak_algorithm", "untrusted"),
        covers_whole_document=whole,
        modified_after_signing=modified,
        is_certification=bool(getattr(embedded, "docmdp_level", None)),
        revocation_checked=rev_checked,
        revocation_reason=(
            REVOCATION_REVOKED
            if reason == "revoked"
            else REVOCATION_CHECKED
            if rev_checked
            else REVOCATION_UNAVAILABLE
            if checkable
            else REVOCATION_OFFLINE
        ),
        trust_problem=None if verdict == "valid" else reason,
        status=verdict,
        problems=tuple(problems),
        reason=reason,
        reason_params=reason_params,
        changes=tuple(changes),
        signed_revision=signed_rev,
        timestamp_time=proven_at,
        digest_algorithm=str(getattr(embedded, "md_algorithm", "") or ""),
        revoked_at=revoked_at,
        revoked_ca=revoked_ca and revoked_at is not None,
        **_cert_fields(cert),  # type: ignore[arg-type]
    )


def _open_reader(fh: object) -> object:
    """pyHanko's reader, opened with the empty user password when only an owner password is set."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(fh, strict=False)  # type: ignore[arg-type]
    if reader.encrypted:
        try:
            result = reader.decrypt("")
        except Exception as exc:
            raise AppError("pdf.encrypted", path=str(getattr(fh, "name", ""))) from exc
        if getattr(result, "status", None) is not None and result.status.name == "FAILED":
            raise AppError("pdf.encrypted", path=str(getattr(fh, "name", "")))
    return reader


def _signature_fields(reader: object) -> list[tuple[str, object, str]]:
    """``(name, field dict, /Type of /V)`` of every filled signature field, read one by one."""
    from pyhanko.sign.fields import enumerate_sig_fields

    out = []
    for name, value, ref in enumerate_sig_fields(reader, filled_status=True):  # type: ignore[arg-type]
        try:
            sig_type = str(value.get_object().get("/Type", "/Sig"))
        except Exception:
            sig_type = "/Sig"
        out.append((name, ref, sig_type))
    return out


def verify_pdf(
    path: Path | str,
    trusted_roots: Sequence[bytes],
    intermediates: Sequence[bytes] = (),
    *,
    at: dt.datetime | None = None,
    fetch: bool = False,
) -> VerifyReport:
    """Check every signature in a PDF, each on its own, against the office's trusted roots.

    Intermediates embedded in the signatures (and ``intermediates``) are used to build the
    chain. Each signature gets one ``reason`` (see :data:`REASONS`): later revisions are found
    and described (pyHanko's difference analysis), the certificate's validity is judged at the
    time proven by a trusted timestamp (signature or document timestamp) or else at ``at``/now.

    Revocation: the CRLs and OCSP responses carried by the file (its DSS, from PAdES B-LT
    signing, and inside each signature) are used; with ``fetch`` (online) those named in the
    certificates are fetched too. A certificate revoked before the proven signing time (or, with
    no timestamp, at all) gives ``revoked``; with no data at hand revocation is not checked
    (``revocation_reason`` "offline"), which is information, not a failure. A file with only an
    owner password is opened with the empty user password.
    """
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.policy_decl import (
        CertRevTrustPolicy,
        RevocationCheckingPolicy,
        RevocationCheckingRule,
    )

    path = Path(path)
    info = pdfdocs.inspect_pdf(path, allow_encrypted=True)
    if info.encrypted and info.pages is None:
        raise AppError("pdf.encrypted", path=str(path))
    roots = _to_asn1(trusted_roots)
    others = _to_asn1(intermediates)
    now = at or dt.datetime.now(dt.UTC)

    in_file = _Revinfo()
    strict_rules = RevocationCheckingPolicy(
        ee_certificate_rule=RevocationCheckingRule.CRL_OR_OCSP_REQUIRED,
        intermediate_ca_cert_rule=RevocationCheckingRule.CHECK_IF_DECLARED,
    )
    soft_rules = RevocationCheckingPolicy.from_legacy("soft-fail")

    def make_context(
        moment: dt.datetime | None = None, *, strict: bool = False, extra: _Revinfo = _Revinfo()
    ) -> ValidationContext:
        # judged at a proven signing time in the past, a later CRL/OCSP answer counts (it says
        # whether the certificate was already revoked then): retroactive revocation info
        policy = CertRevTrustPolicy(
            strict_rules if strict else soft_rules, retroactive_revinfo=moment is not None
        )
        return ValidationContext(
            trust_roots=roots,
            other_certs=[*others, *in_file.certs, *extra.certs],
            allow_fetching=fetch,
            crls=[*in_file.crls, *extra.crls],
            ocsps=[*in_file.ocsps, *extra.ocsps],
            moment=moment or at,
            revinfo_policy=policy,
        )

    reports: list[SignatureReport] = []
    revisions = 1
    if info.has_signatures:
        try:
            with path.open("rb") as fh:
                reader = _open_reader(fh)
                revisions = reader.xrefs.total_revisions  # type: ignore[attr-defined]
                in_file = _dss_revinfo(reader)
                checkable = fetch or bool(in_file.crls or in_file.ocsps)
                fields_found = _signature_fields(reader)
                embedded_all: list[tuple[str, object | None, str]] = []
                for name, ref, sig_type in fields_found:
                    try:
                        embedded_all.append(
                            (name, EmbeddedPdfSignature(reader, ref, name), sig_type)  # type: ignore[arg-type]
                        )
                    except Exception:
                        log.info("signature %s cannot be read", name, exc_info=True)
                        embedded_all.append((name, None, sig_type))
                signature_revisions: dict[int, str] = {}
                for name, ref, sig_type in fields_found:
                    try:  # read from the xref, so that an unreadable signature counts too
                        value_ref = ref.get_object().raw_get("/V")  # type: ignore[attr-defined]
                        key = int(reader.xrefs.get_last_change(value_ref.reference))  # type: ignore[attr-defined]
                    except Exception:
                        continue
                    signature_revisions[key] = name if sig_type != "/DocTimeStamp" else ""
                try:
                    doc_ts = _timestamp_times(reader, make_context)
                except Exception:
                    log.info("document timestamps of %s not readable", path, exc_info=True)
                    doc_ts = []
                for name, emb, sig_type in embedded_all:
                    if sig_type == "/DocTimeStamp":
                        continue  # document timestamps are proof of time, not signers
                    if emb is None:
                        reports.append(_broken(name, None, "unreadable"))
                        continue
                    reports.append(
                        _sig_report(
                            emb,
                            make_context,
                            reader,
                            signature_revisions,
                            doc_ts,
                            now,
                            checkable=checkable,
                        )
                    )
        except AppError:
            raise
        except Exception as exc:
            log.info("cannot read signatures of %s", path, exc_info=True)
            raise AppError("pdf.corrupt", path=str(path), detail=type(exc).__name__) from exc
    if not reports:
        summary: SummaryStatus = "no_signatures"
        reason = "no_signatures"
    else:
        worst = min(reports, key=lambda r: REASONS.index(r.reason))
        reason = worst.reason
        if any(r.status == "broken" for r in reports):
            summary = "broken"
        elif any(r.status == "untrusted" for r in reports):
            summary = "untrusted"
        else:
            summary = "valid"
    return VerifyReport(
        path=path,
        sha256=info.sha256,
        signatures=tuple(reports),
        summary_status=summary,
        revocation_checked=bool(reports) and all(r.revocation_checked for r in reports),
        revocation_reason=_report_revocation(reports),
        reason=reason,
        revisions=revisions,
        encrypted=info.encrypted,
    )


def _report_revocation(reports: Sequence[SignatureReport]) -> str:
    """The file's revocation state: revoked if any is, checked if all are, else why not."""
    codes = {r.revocation_reason for r in reports if r.reason != "unreadable"}
    for code in (REVOCATION_REVOKED, REVOCATION_UNAVAILABLE, REVOCATION_OFFLINE):
        if code in codes:
            return code
    return REVOCATION_CHECKED if codes else REVOCATION_OFFLINE


def extract_signed_revision(path: Path | str, field_name: str, dst: Path | str) -> Path:
    """Write the bytes a signature covers (its signed revision: "xem bản đã ký") to ``dst``."""
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    path, dst = Path(path), Path(dst)
    with path.open("rb") as fh:
        reader = _open_reader(fh)
        for name, ref, _ in _signature_fields(reader):
            if name != field_name:
                continue
            emb = EmbeddedPdfSignature(reader, ref, name)  # type: ignore[arg-type]
            byte_range = [int(v) for v in emb.byte_range]
            end = byte_range[2] + byte_range[3]
            fh.seek(0)
            data = fh.read(end)
            with pdfdocs.atomic_output(dst) as out:
                out.write(data)
            return dst
    raise AppError("verify.no_such_signature", field=field_name)
