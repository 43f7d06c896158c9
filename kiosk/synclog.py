"""The sync log: one row per source per run, kept beside the snapshots in its own small SQLite file.

It lives outside the tray snapshot on purpose: a failed or killed sync never touches the snapshot, yet
the reason it failed must be kept and shown (``hyte-kiosk status``, the staff screen).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

LOG_NAME = "sync-log.sqlite"
KEEP_ROWS = 2_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sync_log (
    id INTEGER PRIMARY KEY,
    run_started TEXT NOT NULL,
    finished TEXT NOT NULL,
    source TEXT NOT NULL,
    full INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    upserts INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    items INTEGER,
    requests INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0,
    message TEXT
)
"""


@dataclass(frozen=True)
class LogEntry:
    run_started: datetime
    finished: datetime
    source: str
    full: bool
    ok: bool
    upserts: int = 0
    deleted: int = 0
    items: int | None = None
    requests: int = 0
    warnings: int = 0
    message: str | None = None


def _connect(data_dir: Path) -> sqlite3.Connection:
    data_dir.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(data_dir / LOG_NAME, timeout=10)
    conn.execute(_SCHEMA)
    return conn


def record(data_dir: Path, entries: list[LogEntry]) -> None:
    """Append entries in one transaction and trim the log to the last ``KEEP_ROWS`` rows."""
    with closing(_connect(data_dir)) as conn, conn:
        conn.executemany(
            "INSERT INTO sync_log (run_started, finished, source, full, ok, upserts, deleted, items, requests,"
            " warnings, message) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    e.run_started.isoformat(),
                    e.finished.isoformat(),
                    e.source,
                    int(e.full),
                    int(e.ok),
                    e.upserts,
                    e.deleted,
                    e.items,
                    e.requests,
                    e.warnings,
                    e.message,
                )
                for e in entries
            ],
        )
        conn.execute("DELETE FROM sync_log WHERE id <= (SELECT MAX(id) FROM sync_log) - ?", (KEEP_ROWS,))


def recent(data_dir: Path, limit: int = 20) -> list[dict[str, Any]]:
    """The newest entries first, as dicts (empty when nothing was ever synced)."""
    if not (data_dir / LOG_NAME).exists():
        return []
    with closing(_connect(data_dir)) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT * FROM sync_log ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    out = []
    for row in rows:
        entry = dict(row)
        entry.pop("id", None)
        entry["full"] = bool(entry["full"])
        entry["ok"] = bool(entry["ok"])
        out.append(entry)
    return out


def last_per_source(data_dir: Path) -> dict[str, dict[str, Any]]:
    """The latest entry of each source, and its latest successful one under ``last_success``."""
    latest: dict[str, dict[str, Any]] = {}
    for entry in reversed(recent(data_dir, KEEP_ROWS)):
        name = entry["source"]
        previous = latest.get(name, {})
        success = entry if entry["ok"] else previous.get("last_success")
        latest[name] = {**entry, "last_success": success}
    for entry in latest.values():
        success = entry.get("last_success")
        if isinstance(success, dict) and "last_success" in success:
            entry["last_success"] = {k: v for k, v in success.items() if k != "last_success"}
    return latest
