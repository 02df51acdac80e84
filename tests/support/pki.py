"""Test PKI helpers: a throw-away CA, officer certificates, PKCS#12 files and a SoftHSM2 token."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_UTC = dt.UTC


@dataclass(frozen=True)
class Issued:
    """A private key with its certificate (and the chain above it, nearest first)."""

    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def key_der(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


def _name(cn: str, org: str | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_ca(
    cn: str = "TTHC Test Root CA",
    *,
    issuer: Issued | None = None,
    days: int = 3650,
    crl_url: str | None = None,
) -> Issued:
    """A root CA (``issuer=None``) or an intermediate CA signed by ``issuer``; ``crl_url``: where
    the issuer's CRL is published (a CRL distribution point)."""
    key = _key()
    now = dt.datetime.now(_UTC) - dt.timedelta(days=1)
    subject = _name(cn, "Test PKI")
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if crl_url:
        builder = builder.add_extension(_crl_dp(crl_url), critical=False)
    signing_key = issuer.key if issuer else key
    cert = builder.sign(signing_key, hashes.SHA256())
    chain = (issuer.cert, *issuer.chain) if issuer else ()
    return Issued(key, cert, chain)


def issue_officer(
    ca: Issued,
    cn: str = "Nguyễn Văn An",
    *,
    org: str = "UBND xã Hòa Bình",
    not_before: dt.datetime | None = None,
    days: int = 730,
    not_after: dt.datetime | None = None,
    title: str | None = None,
    uid: str | None = None,
    serial: int | None = None,
    hash_algorithm: hashes.HashAlgorithm | None = None,
    time_stamping: bool = False,
    crl_url: str | None = None,
) -> Issued:
    """An end-entity signing certificate (digital signature + non-repudiation) issued by ``ca``.

    ``not_after`` may be seconds away (a certificate that expires during the test); ``title``
    is the X.500 title, ``uid`` the UID ("CCCD:…" as Vietnamese CAs write it); ``serial`` a
    chosen serial number; ``time_stamping`` makes a TSA certificate.
    """
    key = _key()
    start = not_before or dt.datetime.now(_UTC) - dt.timedelta(days=1)
    subject = _name(cn, org)
    if title or uid:
        attrs = list(subject)
        if title:
            attrs.append(x509.NameAttribute(NameOID.TITLE, title))
        if uid:
            attrs.append(x509.NameAttribute(NameOID.USER_ID, uid))
        subject = x509.Name(attrs)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(serial if serial is not None else x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(not_after or start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.TIME_STAMPING]
                if time_stamping
                else [ExtendedKeyUsageOID.EMAIL_PROTECTION]
            ),
            critical=time_stamping,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
    )
    if crl_url:
        cert = cert.add_extension(_crl_dp(crl_url), critical=False)
    cert = cert.sign(ca.key, hash_algorithm or hashes.SHA256())
    return Issued(key, cert, (ca.cert, *ca.chain))


def _crl_dp(url: str) -> x509.CRLDistributionPoints:
    return x509.CRLDistributionPoints(
        [x509.DistributionPoint([x509.UniformResourceIdentifier(url)], None, None, None)]
    )


def make_crl(
    ca: Issued,
    revoked: tuple[x509.Certificate, ...] = (),
    *,
    revoked_on: dt.datetime | None = None,
) -> bytes:
    """A DER CRL of ``ca`` valid for a week, listing ``revoked`` (revoked 5 minutes ago, or
    ``revoked_on``; the CRL is then issued just after)."""
    now = dt.datetime.now(_UTC) - dt.timedelta(minutes=5)
    if revoked_on is not None:
        now = revoked_on
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.cert.subject)
        .last_update(now)
        .next_update(now + dt.timedelta(days=7))
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
            critical=False,
        )
    )
    for cert in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(cert.serial_number)
            .revocation_date(revoked_on or now)
            .build()
        )
    return builder.sign(ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


class LocalFiles:
    """Files (CRLs) served over HTTP GET on 127.0.0.1; ``files`` maps a path to its bytes and
    may be filled after the server started (the URL goes into certificates first)."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                outer.requests.append(self.path)
                body = outer.files.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/pkix-crl")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def to_pkcs12(issued: Issued, passphrase: str, friendly_name: str = "officer") -> bytes:
    """Export key, certificate and chain as a PKCS#12 (``.p12``/``.pfx``) file's bytes."""
    return pkcs12.serialize_key_and_certificates(
        friendly_name.encode(),
        issued.key,
        issued.cert,
        list(issued.chain) or None,
        serialization.BestAvailableEncryption(passphrase.encode()),
    )


# --- SoftHSM2 --------------------------------------------------------------------------------

_SOFTHSM_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
    "/usr/lib/pkcs11/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
    "/opt/homebrew/lib/softhsm/libsofthsm2.so",
    "/usr/local/opt/softhsm/lib/softhsm/libsofthsm2.so",
    r"C:\SoftHSM2\lib\softhsm2-x64.dll",
    r"C:\SoftHSM2\lib\softhsm2.dll",
)


def find_softhsm_module() -> Path | None:
    """The SoftHSM2 PKCS#11 module: ``$SOFTHSM2_MODULE`` or a well-known install path."""
    env = os.environ.get("SOFTHSM2_MODULE")
    if env and Path(env).is_file():
        return Path(env)
    for candidate in _SOFTHSM_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def find_softhsm_util() -> str | None:
    """The ``softhsm2-util`` program, or ``None``."""
    return shutil.which("softhsm2-util") or (
        r"C:\SoftHSM2\bin\softhsm2-util.exe"
        if sys.platform == "win32" and Path(r"C:\SoftHSM2\bin\softhsm2-util.exe").is_file()
        else None
    )


def init_softhsm(workdir: Path, label: str, user_pin: str, so_pin: str = "12345678") -> Path:
    """Create a SoftHSM2 config under ``workdir``, point ``SOFTHSM2_CONF`` at it, init a token.

    Must run before the PKCS#11 module is first loaded in this process: SoftHSM2 reads its
    configuration when the module is initialised.
    """
    util = find_softhsm_util()
    if util is None:
        raise RuntimeError("softhsm2-util not found")
    tokens = workdir / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = workdir / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens.as_posix()}\n"
        "objectstore.backend = file\n"
        "log.level = ERROR\n"
        "slots.removable = false\n",
        encoding="utf-8",
    )
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        [util, "--init-token", "--free", "--label", label, "--pin", user_pin, "--so-pin", so_pin],
        check=True,
        capture_output=True,
    )
    return conf


def import_to_token(
    module: Path,
    token_label: str,
    user_pin: str,
    issued: Issued,
    key_id: bytes,
    label: str,
    *,
    extra_certs: tuple[x509.Certificate, ...] = (),
) -> None:
    """Put ``issued``'s private key and certificate on the token under ``key_id`` (via PKCS#11)."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass
    from pkcs11.util.rsa import decode_rsa_private_key

    lib = pkcs11.lib(str(module))
    token = lib.get_token(token_label=token_label)
    raw_key = issued.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    with token.open(rw=True, user_pin=user_pin) as session:
        attrs = decode_rsa_private_key(raw_key)
        attrs.update(
            {
                Attribute.TOKEN: True,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: True,
                Attribute.SIGN: True,
                Attribute.ID: key_id,
                Attribute.LABEL: label,
            }
        )
        session.create_object(attrs)
        for cert, cert_id, cert_label in (
            (issued.cert, key_id, label),
            *((c, b"", "ca") for c in extra_certs),
        ):
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.PRIVATE: False,
                    Attribute.LABEL: cert_label,
                    Attribute.ID: cert_id,
                    Attribute.SUBJECT: cert.subject.public_bytes(),
                    Attribute.ISSUER: cert.issuer.public_bytes(),
                    Attribute.SERIAL_NUMBER: _der_integer(cert.serial_number),
                    Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
                }
            )


def _der_integer(value: int) -> bytes:
    from asn1crypto.core import Integer

    return Integer(value).dump()


# --- a time stamp authority (RFC 3161) on loopback --------------------------------------------


class LocalTsa:
    """An RFC 3161 TSA served over HTTP on 127.0.0.1 (pyHanko's test TSA behind http.server).

    ``fixed`` makes it vouch for a chosen time (a signature "made" then).
    """

    def __init__(self, tsa: Issued, fixed: dt.datetime | None = None) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        from asn1crypto import keys as akeys
        from asn1crypto import tsp
        from asn1crypto import x509 as ax509
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

        stamper = DummyTimeStamper(
            tsa_cert=ax509.Certificate.load(tsa.cert_der),
            tsa_key=akeys.PrivateKeyInfo.load(tsa.key_der),
            certs_to_embed=[
                ax509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
                for c in tsa.chain
            ],
            fixed_dt=fixed,
        )
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                response = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
                outer.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(response)))
                self.end_headers()
                self.wfile.write(response)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/tsa"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
