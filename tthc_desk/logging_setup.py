"""Logging to a rotating file in the data folder; libraries' tracebacks never reach the user."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from tthc_desk.paths import log_path

_handler: logging.handlers.RotatingFileHandler | None = None


def configure_logging(level: int = logging.INFO) -> None:
    """Send the app's and libraries' logs to ``logs/tthc_desk.log`` in the data folder.

    Calling it again is cheap; when the data folder has changed (another ``--db`` home, or a
    test's private folder) the file handler follows it.
    """
    global _handler
    target = log_path()
    root = logging.getLogger()
    if _handler is not None:
        if Path(_handler.baseFilename) == target.resolve():
            return
        root.removeHandler(_handler)
        _handler.close()
    _handler = logging.handlers.RotatingFileHandler(
        target, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.setLevel(level)
    root.addHandler(_handler)
    logging.captureWarnings(True)
