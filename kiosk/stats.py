"""Anonymous statistics: aggregate counters per day and municipality, in their own SQLite file.

The county gets the figures the national concept asks for (use of the kiosk per municipality) and nothing
about any person: the only table holds ``(day, municipality, counter, value, count)``. ``counter`` is one of
:data:`COUNTERS`; ``value`` is a short key from a closed set (a language code, a content-area key, a text
size) and never anything a resident typed — :meth:`StatsStore.add` refuses any other counter or a value
outside :data:`VALUE_RE`. No session ids, no times finer than the day, no search words.

Counts are added in batches (:class:`Counter` in memory, :meth:`StatsStore.add_many` in one transaction),
so the UI writes cheaply. Days older than the retention limit (``[kiosk] stats_retention_days``) are
deleted on every write. ``hyte-kiosk stats export`` writes CSV or JSON with counts below
:data:`SMALL` shown as ``"<5"``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kiosk.command import EXIT_OK, EXIT_USAGE, CliError, Command, export_arguments, export_format
from kiosk.config import Config

FILE_NAME = "statistics.sqlite"
SMALL = 5
DEFAULT_RETENTION_DAYS = 400

#: Every counter the kiosk keeps. The value column says which (language, area, …) or is empty.
COUNTERS = (
    "sessions",            # a resident started using the kiosk (left the attract screen)
    "language",            # value: the language chosen
    "text_size",           # value: the larger text size chosen (1 = A+, 2 = A++)
    "contrast",            # value: "high"
    "area_opened",         # value: the content-area key
    "search_no_results",   # a search that found nothing: the count only, never the words
    "assessment_completed",  # the self-assessment's suggestions page was reached
    "suggestions_added",   # "add all" on the suggestions page
    "list_printed",
    "qr_shown",
)
VALUE_RE = re.compile(r"^[a-z0-9_-]{0,24}$")
_MUNI_RE = re.compile(r"^(\d{3})?$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS counts (
    day TEXT NOT NULL,
    municipality TEXT NOT NULL,
    counter TEXT NOT NULL,
    value TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, municipality, counter, value)
) WITHOUT ROWID;
"""

Key = tuple[str, str]  # (counter, value)


def check_key(counter: str, value: str = "") -> Key:
    """The key, or ValueError: only known counters and short closed-set values are ever stored."""
    if counter not in COUNTERS:
        raise ValueError(f"unknown statistics counter {counter!r}")
    if not VALUE_RE.match(value):
        raise ValueError(f"statistics value {value!r} is not a short key")
    return counter, value


class StatsError(Exception):
    """The statistics file could not be written (the counts of that batch are dropped)."""


def connect_store(path: Path, schema: str) -> sqlite3.Connection:
    """A small store of the kiosk's own in the data folder (statistics, flags): made with ``schema`` when
    new; deleted rows are overwritten on disk (``secure_delete``); waits up to 5 s for another writer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("PRAGMA secure_delete = ON")
    conn.executescript(schema)
    return conn


class StatsStore:
    """The statistics file in the data directory."""

    def __init__(self, data_dir: Path, municipality: str | None = None,
                 retention_days: int = DEFAULT_RETENTION_DAYS) -> None:
        self.path = Path(data_dir) / FILE_NAME
        municipality = municipality or ""
        if not _MUNI_RE.match(municipality):
            raise ValueError(f"{municipality!r} is not a municipality code")
        self.municipality = municipality
        self.retention_days = retention_days

    @classmethod
    def for_config(cls, config: Config) -> StatsStore:
        return cls(config.data_dir, config.region.home_municipality, config.kiosk.stats_retention_days)

    def _connect(self) -> sqlite3.Connection:
        return connect_store(self.path, _SCHEMA)

    def add(self, counter: str, value: str = "", n: int = 1, day: date | None = None) -> None:
        self.add_many({check_key(counter, value): n}, day)

    def add_many(self, counts: Mapping[Key, int], day: date | None = None) -> None:
        """Add a batch of counts to one day (today by default) in one transaction; prune old days."""
        rows = [(*check_key(*key), n) for key, n in counts.items() if n > 0]
        day = day or date.today()
        with closing(self._connect()) as conn, conn:
            conn.executemany(
                "INSERT INTO counts (day, municipality, counter, value, count) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (day, municipality, counter, value) DO UPDATE SET count = count + excluded.count",
                [(day.isoformat(), self.municipality, counter, value, n) for counter, value, n in rows],
            )
            self._prune(conn, date.today())

    def _prune(self, conn: sqlite3.Connection, today: date) -> None:
        oldest = today - timedelta(days=self.retention_days)
        conn.execute("DELETE FROM counts WHERE day < ?", (oldest.isoformat(),))

    def prune(self, today: date | None = None) -> None:
        with closing(self._connect()) as conn, conn:
            self._prune(conn, today or date.today())

    def rows(self, start: date | None = None, end: date | None = None) -> list[dict[str, Any]]:
        """The stored counts, oldest day first, optionally from ``start`` to ``end`` (both included)."""
        if not self.path.exists():
            return []
        sql = "SELECT day, municipality, counter, value, count FROM counts WHERE day >= ? AND day <= ?"
        args = ((start or date.min).isoformat(), (end or date.max).isoformat())
        with closing(self._connect()) as conn:
            found = conn.execute(sql + " ORDER BY day, municipality, counter, value", args).fetchall()
        return [dict(zip(("day", "municipality", "counter", "value", "count"), r, strict=True)) for r in found]


class Batch:
    """Counts gathered in memory and written together (:meth:`flush`), so the UI never waits on the disk
    for one tap."""

    def __init__(self, store: StatsStore) -> None:
        self.store = store
        self.pending: Counter[Key] = Counter()

    def count(self, counter: str, value: str = "") -> None:
        self.pending[check_key(counter, value)] += 1

    def flush(self) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, Counter()
        try:
            self.store.add_many(pending)
        except (OSError, sqlite3.Error) as exc:
            raise StatsError(f"cannot write {self.store.path}: {exc}") from exc


def suppressed(count: int) -> int | str:
    """A count as exported: below :data:`SMALL` it says only ``"<5"``."""
    return count if count >= SMALL else f"<{SMALL}"


def export_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "count": suppressed(int(row["count"]))} for row in rows]


def write_export(rows: list[dict[str, Any]], out: Path, fmt: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "json":
            json.dump({"suppressed_below": SMALL, "counts": rows}, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        else:
            writer = csv.DictWriter(fh, fieldnames=("day", "municipality", "counter", "value", "count"))
            writer.writeheader()
            writer.writerows(rows)
    tmp.replace(out)


MEDIA_ROOTS = (Path("/media"), Path("/run/media"))


def export_folder(data_dir: Path, media_roots: Iterable[Path] = MEDIA_ROOTS) -> Path:
    """Where the staff page saves the statistics: the first writable USB stick mounted under
    ``/media/<user>/`` (or ``/run/media/<user>/``), else ``exports`` in the data folder."""
    for root in media_roots:
        try:
            sticks = sorted(p for user in root.iterdir() if user.is_dir() for p in user.iterdir() if p.is_dir())
        except OSError:
            continue
        for stick in sticks:
            if os.access(stick, os.W_OK):
                return stick
    return Path(data_dir) / "exports"


def export_to_folder(store: StatsStore, folder: Path, today: date | None = None) -> Path:
    """All the kept days, suppressed, as ``hyte-kiosk-statistics-<municipality>-<date>.csv`` in ``folder``."""
    today = today or date.today()
    name = "-".join(p for p in ("hyte-kiosk-statistics", store.municipality, today.isoformat()) if p)
    out = folder / f"{name}.csv"
    write_export(export_rows(store.rows()), out, "csv")
    return out


# --- hyte-kiosk stats export ---------------------------------------------------------------------------


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"{option} {text!r}: a date such as 2026-01-31", EXIT_USAGE) from exc


def cmd_stats(config: Config, args: argparse.Namespace) -> int:
    start, end = _day(args.from_day, "--from"), _day(args.to_day, "--to")
    if start and end and start > end:
        raise CliError("--from is after --to", EXIT_USAGE)
    fmt = export_format(args)
    store = StatsStore.for_config(config)
    rows = export_rows(store.rows(start, end))
    write_export(rows, Path(args.output), fmt)
    print(f"{len(rows)} rows written to {args.output} ({fmt}; counts below {SMALL} shown as <{SMALL}).")
    return EXIT_OK


def _stats_arguments(p: argparse.ArgumentParser) -> None:
    export_arguments(p, "the aggregate counts")
    p.add_argument("--from", dest="from_day", metavar="D", help="first day (YYYY-MM-DD)")
    p.add_argument("--to", dest="to_day", metavar="D", help="last day (YYYY-MM-DD)")


COMMANDS: tuple[Command, ...] = (
    Command("stats", "anonymous usage counts per day and municipality: export as CSV or JSON", cmd_stats,
            _stats_arguments),
)

__all__ = [
    "COUNTERS", "COMMANDS", "FILE_NAME", "SMALL", "Batch", "StatsError", "StatsStore", "check_key", "export_rows", "suppressed",
    "write_export", "export_folder", "export_to_folder", "connect_store",
]
