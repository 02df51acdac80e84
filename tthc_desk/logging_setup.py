"""Logging to a rotating file in the data folder; libraries' tracebacks never reach the user."""

from __future__ import annotations

import logging
import logging.handlers

from tthc_desk.paths import log_path

_configured = False


def configure_logging(level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    handler = logging.handlers.RotatingFileHandler(
        log_path(), maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    # pyHanko logs failed validations with full tracebacks at WARNING: keep them in the file.
    for noisy in ("pyhanko", "pyhanko_certvalidator", "fontTools", "PIL"):
        logging.getLogger(noisy).propagate = True
    logging.captureWarnings(True)
    _configured = True
