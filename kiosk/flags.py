""""Tieto on vanhentunut?": outdated-info flags, queued in their own SQLite file until they are sent.

A resident or a volunteer marks an item as outdated with one reason from a short closed list
(:data:`REASONS`); nobody types anything. Each flag is one row of ``(day, item id, source, source record id,
reason)`` — no session data and no time of day, only the date. The queue lives in ``flags.sqlite`` in the
data directory, so flags made offline wait for a connection.

They leave the kiosk two ways, and each way marks what it took:

- ``hyte-kiosk flags export -o FILE [--format csv|json] [--all]`` writes the flags not exported yet (all of
  them with ``--all``) and marks them exported;
- with ``[flags] post_url`` configured, the kiosk's scheduled job POSTs the flags not posted yet as JSON
  (:func:`post_pending`) and marks them posted when the server answers 2xx; a failure leaves them queued for
  the next try.

Flags that went out (exported or posted) are deleted after the statistics' retention time.
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.command import EXIT_OK, Command, export_arguments, export_format
from kiosk.config import Config
from kiosk.stats import connect_store

if TYPE_CHECKING:
    import httpx

FILE_NAME = "flags.sqlite"
#: The reasons a resident can choose, in the order shown. Keys only: the words are the UI's.
REASONS = ("closed", "hours", "address", "phone", "other")
FIELDS = ("day", "item_id", "source", "record_id", "reason")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS flags (
    n INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    item_id TEXT NOT NULL,
    source TEXT NOT NULL,
    record_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    exported_on TEXT,
    posted_on TEXT
);
"""
_COLUMNS = "SELECT n, day, item_id, source, record_id, reason FROM flags"
_ORDER = " ORDER BY day, source, item_id, reason, n"
_SELECT = {
    "all": _COLUMNS + _ORDER,
    "not_exported": _COLUMNS + " WHERE exported_on IS NULL" + _ORDER,
    "not_posted": _COLUMNS + " WHERE posted_on IS NULL" + _ORDER,
}
_MARK = {
    "exported": "UPDATE flags SET exported_on = ? WHERE n = ?",
    "posted": "UPDATE flags SET posted_on = ? WHERE n = ?",
}


class FlagError(Exception):
    """A flag could not be stored or sent."""


@dataclass(frozen=True)
class Flag:
    day: str
    item_id: str
    source: str
    record_id: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FIELDS}


def record_id(item_id: str) -> str:
    """The record's id in its source: the part after ``<source>:`` of a kiosk item id."""
    return item_id.split(":", 1)[1] if ":" in item_id else item_id


class FlagStore:
    """The flag queue in the data directory."""

    def __init__(self, data_dir: Path, retention_days: int = 400) -> None:
        self.path = Path(data_dir) / FILE_NAME
        self.retention_days = retention_days

    @classmethod
    def for_config(cls, config: Config) -> FlagStore:
        return cls(config.data_dir, config.kiosk.stats_retention_days)

    def _connect(self) -> sqlite3.Connection:
        return connect_store(self.path, _SCHEMA)

    def add(self, item_id: str, source: str, reason: str, day: date | None = None) -> Flag:
        """Queue one flag. Only a known reason and an id-shaped item id are accepted."""
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        if not item_id or len(item_id) > 200 or any(ch.isspace() for ch in item_id):
            raise ValueError("not an item id")
        flag = Flag((day or date.today()).isoformat(), item_id, source[:100], record_id(item_id), reason)
        try:
            with closing(self._connect()) as conn, conn:
                conn.execute("INSERT INTO flags (day, item_id, source, record_id, reason) VALUES (?, ?, ?, ?, ?)",
                             (flag.day, flag.item_id, flag.source, flag.record_id, flag.reason))
                self._prune(conn, date.today())
        except (OSError, sqlite3.Error) as exc:
            raise FlagError(f"cannot write {self.path}: {exc}") from exc
        return flag

    def _prune(self, conn: sqlite3.Connection, today: date) -> None:
        oldest = (today - timedelta(days=self.retention_days)).isoformat()
        conn.execute("DELETE FROM flags WHERE day < ? AND (exported_on IS NOT NULL OR posted_on IS NOT NULL)",
                     (oldest,))

    def _select(self, which: str) -> list[tuple[int, Flag]]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as conn:
            return [(row[0], Flag(*row[1:])) for row in conn.execute(_SELECT[which])]

    def all(self) -> list[tuple[int, Flag]]:
        return self._select("all")

    def not_exported(self) -> list[tuple[int, Flag]]:
        return self._select("not_exported")

    def not_posted(self) -> list[tuple[int, Flag]]:
        return self._select("not_posted")

    def _mark(self, which: str, numbers: Iterable[int], day: date | None = None) -> None:
        stamp = (day or date.today()).isoformat()
        with closing(self._connect()) as conn, conn:
            conn.executemany(_MARK[which], [(stamp, n) for n in numbers])

    def mark_exported(self, numbers: Iterable[int], day: date | None = None) -> None:
        self._mark("exported", numbers, day)

    def mark_posted(self, numbers: Iterable[int], day: date | None = None) -> None:
        self._mark("posted", numbers, day)

    def counts(self) -> dict[str, int]:
        """How many flags are queued in all, and how many have not gone out either way."""
        if not self.path.exists():
            return {"total": 0, "waiting": 0}
        with closing(self._connect()) as conn:
            total = conn.execute("SELECT count(*) FROM flags").fetchone()[0]
            waiting = conn.execute(
                "SELECT count(*) FROM flags WHERE exported_on IS NULL AND posted_on IS NULL").fetchone()[0]
        return {"total": int(total), "waiting": int(waiting)}


def payload(flags: Iterable[Flag], municipality: str | None) -> dict[str, Any]:
    """The JSON document sent or exported: the kiosk's municipality and the flags, nothing else."""
    return {"kind": "hyte-kiosk-flags", "version": 1, "kiosk_municipality": municipality or None,
            "flags": [f.as_dict() for f in flags]}


def write_flags(flags: list[Flag], out: Path, fmt: str, municipality: str | None) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "json":
            json.dump(payload(flags, municipality), fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        else:
            writer = csv.DictWriter(fh, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(f.as_dict() for f in flags)
    tmp.replace(out)


def export_to_folder(store: FlagStore, folder: Path, municipality: str | None, today: date | None = None) -> tuple[Path, int]:
    """The flags not exported yet as ``hyte-kiosk-flags-<municipality>-<date>.csv`` in ``folder`` (a USB
    stick, see :func:`kiosk.stats.export_folder`), marked exported; returns the file and how many."""
    today = today or date.today()
    name = "-".join(p for p in ("hyte-kiosk-flags", municipality or "", today.isoformat()) if p)
    out = Path(folder) / f"{name}.csv"
    rows = store.not_exported()
    write_flags([f for _n, f in rows], out, "csv", municipality)
    store.mark_exported((n for n, _f in rows), today)
    return out, len(rows)


def post_pending(store: FlagStore, client: httpx.Client, url: str, municipality: str | None) -> int:
    """POST the flags not posted yet to ``url`` as JSON; mark them posted on a 2xx answer.

    Returns how many were posted (0 when none were waiting). Raises :class:`FlagError` when the server
    cannot be reached or refuses: the flags stay queued for the next try."""
    import httpx

    waiting = store.not_posted()
    if not waiting:
        return 0
    try:
        response = client.post(url, json=payload([f for _n, f in waiting], municipality))
    except httpx.HTTPError as exc:
        raise FlagError(f"flags not sent: {type(exc).__name__}") from exc
    if not 200 <= response.status_code < 300:
        raise FlagError(f"flags not sent: the server answered {response.status_code}")
    store.mark_posted(n for n, _f in waiting)
    return len(waiting)


# --- hyte-kiosk flags export ---------------------------------------------------------------------------


def cmd_flags(config: Config, args: argparse.Namespace) -> int:
    fmt = export_format(args)
    store = FlagStore.for_config(config)
    rows = store.all() if args.all else store.not_exported()
    write_flags([f for _n, f in rows], Path(args.output), fmt, config.region.home_municipality)
    store.mark_exported(n for n, _f in rows)
    which = "all kept" if args.all else "those not exported before"
    print(f"{len(rows)} flags ({which}) written to {args.output} ({fmt}); they are marked exported.")
    return EXIT_OK


def _flags_arguments(p: argparse.ArgumentParser) -> None:
    export_arguments(p, "the queued flags")
    p.add_argument("--all", action="store_true", help="every kept flag, also those exported before")


COMMANDS: tuple[Command, ...] = (
    Command("flags", '"outdated info" flags from the detail page: export them as CSV or JSON', cmd_flags,
            _flags_arguments),
)

__all__ = ["COMMANDS", "FIELDS", "FILE_NAME", "Flag", "FlagError", "FlagStore", "REASONS", "export_to_folder", "payload",
           "post_pending", "record_id", "write_flags"]
