"""Structured logs: one JSON object a line in a rotating file in the data folder, and the journal under systemd.

``logs/kiosk.log`` in the data folder (1 MB, five old files kept) holds what happened — commands run, syncs
and their results, background failures, sessions ended — never what a resident typed or chose, and never a
secret: every line passes :class:`Redactor`, which blanks the configured API keys and anything that looks
like a key, a token or a PIN hash. Under systemd (``JOURNAL_STREAM`` is set) the same lines go to stderr,
which the journal keeps; a data folder that cannot be written to only loses the file.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from kiosk.config import Config

LOG_DIR = "logs"
LOG_FILE = "kiosk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
_MARK = "_hyte_kiosk_handler"
_PATTERNS = (
    re.compile(r"(?i)(x-api-key|api[_-]?key|authorization|token|password|secret)([\"']?\s*[:=]\s*[\"']?)"
               r"(bearer\s+)?[^\s\"',;&]+"),
    re.compile(r"scrypt\$[^\s\"']+"),
)


class Redactor:
    """Blanks secrets in a text: the configured ones verbatim, and key-like ``name=value`` pairs."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        text = _PATTERNS[0].sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)
        return _PATTERNS[1].sub("scrypt$***", text)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, and the exception's type if any (its
    traceback stays out: it may quote data)."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="seconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": self.redact(record.getMessage()),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False)


def secrets_of(config: Config) -> list[str]:
    """The secrets a config holds (each source kind keeps its key in a field named like one)."""
    found = []
    for source in config.sources:
        for name in ("api_key", "token", "password"):
            value = getattr(source, name, None)
            if isinstance(value, str):
                found.append(value)
    return found


def log_path(data_dir: Path) -> Path:
    return Path(data_dir) / LOG_DIR / LOG_FILE


def setup_logging(config: Config, *, journal: bool | None = None) -> Path | None:
    """Send the ``kiosk`` and ``ui`` loggers to the rotating file (and the journal). Safe to call again:
    the handlers of an earlier call are replaced. Returns the file's path, or None when it cannot be written."""
    formatter = JsonFormatter(Redactor(secrets_of(config)))
    handlers: list[logging.Handler] = []
    path: Path | None = log_path(config.data_dir)
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                             encoding="utf-8"))
    except OSError:
        path = None
    if journal if journal is not None else bool(os.environ.get("JOURNAL_STREAM")):
        handlers.append(logging.StreamHandler(sys.stderr))
    for name in ("kiosk", "ui"):
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if getattr(h, _MARK, False)]:
            logger.removeHandler(old)
            old.close()
        logger.setLevel(logging.INFO)
        for handler in handlers:
            handler.setFormatter(formatter)
            setattr(handler, _MARK, True)
            logger.addHandler(handler)
    return path


__all__ = ["JsonFormatter", "LOG_FILE", "Redactor", "log_path", "secrets_of", "setup_logging"]
