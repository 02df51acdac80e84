"""A signature report in words: the reason, the later changes and the advice (screen and CLI)."""

from __future__ import annotations

import datetime as dt

from tthc_desk.adapters.signing import OFFICE_TZ, SignatureReport, VerifyReport
from tthc_desk.domain.errors import AppError
from tthc_desk.ui.messages import describe

#: Exit code of ``verify`` for the most serious reason found (README, "Kiểm tra chữ ký").
EXIT_CODES: dict[str, int] = {
    "valid": 0,
    "valid_timestamped": 0,
    "modified": 3,
    "digest_mismatch": 3,
    "unreadable": 4,
    "bad_signature": 4,
    "revoked": 10,
    "expired": 5,
    "not_yet_valid": 6,
    "weak_algorithm": 7,
    "untrusted": 8,
    "no_signatures": 9,
}


def when(value: dt.datetime | str | None, *, seconds: bool = True) -> str:
    """A time in the office's zone (+07:00), whatever the computer's zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    fmt = "%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y"
    return value.astimezone(OFFICE_TZ).strftime(fmt) + ("" if not seconds else " (+07:00)")


def changes_text(sig: SignatureReport, *, harmful_only: bool = True) -> list[str]:
    """One line per later revision (``revision`` counted from 1 for people)."""
    out = []
    for change in sig.changes:
        if harmful_only and change.kind in ("signature", "timestamp"):
            continue
        out.append(
            describe(
                AppError(
                    f"verify.change.{change.kind}",
                    revision=change.revision + 1,
                    fields=", ".join(change.fields) or "?",
                )
            )
        )
    return out


def reason_text(sig: SignatureReport) -> str:
    """The Vietnamese sentence for the signature's reason."""
    params = sig.params
    if sig.reason == "modified":
        changes = changes_text(sig) or [describe(AppError("verify.change.other", revision="?"))]
        return describe(AppError("verify.modified", changes="; ".join(changes)))
    if sig.reason == "expired":
        date = when(params.get("not_after"), seconds=False)
        if params.get("proven"):
            return describe(
                AppError("verify.expired_proven", date=date, time=when(sig.timestamp_time))
            )
        return describe(AppError("verify.expired", date=date))
    if sig.reason == "not_yet_valid":
        return describe(
            AppError("verify.not_yet_valid", date=when(params.get("not_before"), seconds=False))
        )
    if sig.reason == "revoked":
        code = "verify.revoked_ca" if params.get("ca") else "verify.revoked"
        return describe(AppError(code, date=when(params.get("date"))))
    if sig.reason == "valid_timestamped":
        return describe(AppError("verify.valid_timestamped", time=when(sig.timestamp_time)))
    if sig.reason == "weak_algorithm":
        algorithm = params.get("algorithm") or sig.digest_algorithm.upper() or "SHA-1"
        return describe(AppError("verify.weak_algorithm", algorithm=algorithm))
    return describe(AppError(f"verify.{sig.reason}"))


def revocation_text(sig: SignatureReport) -> str:
    """Whether the certificate was revoked, or why that could not be checked."""
    if sig.reason == "revoked" or sig.revocation_reason == "revoked":
        date = sig.params.get("date") or sig.revoked_at
        return describe(AppError("verify.revocation.revoked", date=when(date)))
    if sig.revocation_checked and sig.revoked_at is not None:
        return describe(AppError("verify.revocation.revoked_later", date=when(sig.revoked_at)))
    if sig.revocation_checked:
        return describe(AppError("verify.revocation.checked"))
    if sig.revocation_reason == "unavailable":
        return describe(AppError("verify.revocation.unavailable"))
    return describe(AppError("verify.revocation.offline"))


def revocation_note(report: VerifyReport) -> str:
    """A closing note when some signature's revocation could not be checked ("" otherwise)."""
    if any(
        not s.revocation_checked and s.reason not in ("unreadable", "revoked")
        for s in report.signatures
    ):
        return describe(AppError("verify.revocation.note"))
    return ""


def advice_text(reason: str) -> str:
    """What to do next; never "trust this certificate" for an expired or changed one."""
    if reason in ("valid", "valid_timestamped", "no_signatures"):
        return ""
    if reason in ("modified", "digest_mismatch"):
        return describe(AppError("verify.advice.modified"))
    if reason in ("unreadable", "bad_signature"):
        return describe(AppError("verify.advice.broken"))
    return describe(AppError(f"verify.advice.{reason}"))


def exit_code(report: VerifyReport) -> int:
    """0 only when every signature holds; else the code of the most serious reason."""
    return EXIT_CODES.get(report.reason, 1)
