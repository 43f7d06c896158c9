"""The status file: a small JSON file in the data directory that monitoring can read without asking the kiosk.

``status.json`` is written atomically (temporary file, ``fsync``, rename) when the kiosk starts, after each
sync (``hyte-kiosk sync``, the timer, "Update data now") and after each print (a resident's list, an
activity sheet, the printer test page). It holds the data's age, each source's last sync result, the last
print's time and result, the version and the free space in the data directory — never anything about a
resident (no list, no words, no times of sessions). The format is in ``docs/operations.md``; ``schema``
changes only when a field changes meaning.

Writing it is best effort: a failure is logged and never stops a sync or a print.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from kiosk import __version__, snapshot, synclog
from kiosk.config import Config

T = TypeVar("T")
FILE_NAME = "status.json"
LOCK_NAME = ".status.lock"
SCHEMA = 1
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    what: str  # "list", "sheet" or "test"
    problem: str | None = None  # a problem code of kiosk.takehome.printing (no_printer, offline, …)
    backend: str | None = None


def status_path(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def read_status(data_dir: Path) -> dict[str, Any] | None:
    """The last status written, or ``None`` (none yet, or unreadable)."""
    try:
        data = json.loads(status_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _snapshot_facts(config: Config, now: datetime) -> dict[str, Any]:
    """Creation time, age in days and item count of the live snapshot, read-only (no Qt, no sqlite-utils)."""
    path = snapshot.live_path(config.data_dir, configured=not config.demo)
    facts: dict[str, Any] = {"demo": path == snapshot.demo_path(config.data_dir), "created_at": None,
                             "age_days": None, "items": None}
    if not path.exists():
        return facts
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'created_at'").fetchone()
            facts["items"] = int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])
    except sqlite3.Error as exc:
        facts["error"] = str(exc)
        return facts
    created = row[0] if row else None
    facts["created_at"] = created
    if created:
        with contextlib.suppress(ValueError):
            when = datetime.fromisoformat(created)
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            facts["age_days"] = round((now - when).total_seconds() / 86400, 2)
    return facts


def _sources(config: Config) -> list[dict[str, Any]]:
    log_entries = synclog.last_per_source(config.data_dir)
    out = []
    for cfg in config.sources:
        entry = log_entries.get(cfg.name, {})
        success = entry.get("last_success") or {}
        out.append({
            "name": cfg.name,
            "kind": cfg.kind,
            "last_attempt": entry.get("finished"),
            "ok": entry.get("ok"),  # null: never synced
            "message": entry.get("message"),
            "last_success": success.get("finished"),
        })
    return out


def _disk(data_dir: Path) -> dict[str, Any]:
    try:
        usage = shutil.disk_usage(data_dir)
    except OSError:
        return {"free_bytes": None, "total_bytes": None}
    return {"free_bytes": usage.free, "total_bytes": usage.total}


def build(config: Config, *, event: str, now: datetime, printed: PrintOutcome | None = None,
          previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The status as a dict; the last print is carried over from ``previous`` unless ``printed`` is new."""
    last_print = previous.get("last_print") if previous else None
    if printed is not None:
        last_print = {"at": now.isoformat(timespec="seconds"), "ok": printed.ok, "what": printed.what,
                      "problem": printed.problem, "backend": printed.backend}
    return {
        "schema": SCHEMA,
        "version": __version__,
        "written_at": now.isoformat(timespec="seconds"),
        "event": event,
        "data_dir": str(config.data_dir),
        "data": _snapshot_facts(config, now),
        "sources": _sources(config),
        "last_print": last_print,
        "disk": _disk(config.data_dir),
    }


def _replace(target: Path, data: dict[str, Any]) -> None:
    fd, name = tempfile.mkstemp(prefix=".status-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(name, 0o644)  # monitoring may run as another user
        os.replace(name, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def write_status(config: Config, *, event: str, printed: PrintOutcome | None = None,
                 now: datetime | None = None) -> Path | None:
    """Write ``status.json`` atomically; returns its path, or ``None`` when it could not be written."""
    target = status_path(config.data_dir)
    try:
        config.data_dir.mkdir(parents=True, exist_ok=True)
        # The kiosk (a print) and the sync timer (another process) may write at once: one at a time, so
        # neither loses what the other carried over (the last print).
        with open(config.data_dir / LOCK_NAME, "a+") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            data = build(config, event=event, now=now or datetime.now(UTC), printed=printed,
                         previous=read_status(config.data_dir))
            _replace(target, data)
    except (OSError, sqlite3.Error) as exc:
        log.warning("the status file %s could not be written: %s", target, exc)
        return None
    return target


def record_print(config: Config, outcome: PrintOutcome) -> None:
    """After a print (on the job lane): the status file's ``last_print``."""
    write_status(config, event="print", printed=outcome)


def printing_recorded(config: Config, what: str, backend: str, run: Callable[[], T]) -> T:
    """Run a print job (``run``) and record its outcome in the status file, success or failure."""
    from kiosk.takehome.printing import FAILED, PrintError

    try:
        result = run()
    except PrintError as exc:
        record_print(config, PrintOutcome(False, what, exc.problem, backend))
        raise
    except Exception:
        record_print(config, PrintOutcome(False, what, FAILED, backend))
        raise
    record_print(config, PrintOutcome(True, what, None, backend))
    return result


__all__ = ["FILE_NAME", "PrintOutcome", "SCHEMA", "build", "printing_recorded", "read_status", "record_print",
           "status_path", "write_status"]
