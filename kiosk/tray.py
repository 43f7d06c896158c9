"""Reading a snapshot: the handle every question about the tray goes through.

A :class:`Tray` is one connection to one snapshot plus what is remembered about that snapshot (facts of
result sets, filter sets, cards built this minute). Nothing about it is global: a tray and its memory go
together, and a new snapshot gets a new tray.

:func:`open_tray` opens a *published* snapshot strictly for reading (SQLite ``mode=ro`` and
``query_only``): no migration and no other write ever touches a file the kiosk shows. A snapshot written
by an older version is reported as :class:`SnapshotOutdated`; :func:`kiosk.snapshot.upgrade` builds a
migrated copy beside it and swaps it in, as a sync would. :class:`Follower` is what the kiosk's reading
lane holds: the tray of whatever snapshot is live, reopened when a sync has swapped the file.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from kiosk.cache.schema import MIGRATIONS
from kiosk.cards import Memo
from kiosk.queryplan import Plans
from kiosk.search import FilterSets, MatchCounts


class SnapshotOutdated(Exception):
    """The snapshot's schema is older than this version's: it must be rebuilt before it can be read."""


class Tray:
    """One snapshot to read from (``db``) and its per-snapshot memory. ``Tray(db)`` wraps any open cache
    (tests and builds hold writable ones); :func:`open_tray` opens a published one read-only."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.memo = Memo()
        self.filter_sets = FilterSets()
        self.match_counts = MatchCounts()
        self.plans = Plans()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Tray:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to ``path`` (and does not create it when it is missing)."""
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    conn.execute("PRAGMA query_only = ON")
    return conn


def pending_migrations(db: Database) -> list[str]:
    """Names of the schema steps the snapshot lacks (read-only)."""
    return [m.name for m in MIGRATIONS.pending(db)]


def open_tray(path: Path) -> Tray:
    """Open a published snapshot for reading. Raises :class:`FileNotFoundError` when there is none and
    :class:`SnapshotOutdated` when it was built with an older schema."""
    if not Path(path).exists():
        raise FileNotFoundError(str(path))
    db = Database(read_only_connection(path))
    try:
        missing = pending_migrations(db)
    except sqlite3.DatabaseError:
        db.close()
        raise
    if missing:
        db.close()
        raise SnapshotOutdated(f"{Path(path).name} lacks schema steps {', '.join(missing)}")
    return Tray(db)


class Follower:
    """The tray of the live snapshot, for one thread: reopened when the file behind ``path_of()`` changed.

    ``path_of`` is asked before every use (it is :func:`kiosk.snapshot.live_path` in the kiosk), so the
    kiosk follows ``tray.sqlite`` from its first sync on; a swap is seen by the file's inode and mtime.
    ``upgrade`` (default :func:`kiosk.snapshot.upgrade`) rebuilds a snapshot of an older schema once.
    """

    def __init__(self, path_of: Callable[[], Path], upgrade: Callable[[Path], None] | None = None) -> None:
        self._path_of = path_of
        self._upgrade = upgrade
        self._tray: Tray | None = None
        self._key: tuple[int, int] | None = None

    def get(self) -> Tray:
        path = self._path_of()
        st = os.stat(path)
        key = (st.st_ino, st.st_mtime_ns)
        if self._tray is None or key != self._key:
            self.close()
            self._tray = self._open(path)
            st = os.stat(path)
            self._key = (st.st_ino, st.st_mtime_ns)
        return self._tray

    def _open(self, path: Path) -> Tray:
        try:
            return open_tray(path)
        except SnapshotOutdated:
            if self._upgrade is None:
                from kiosk.snapshot import upgrade

                upgrade(path)
            else:
                self._upgrade(path)
            return open_tray(path)

    def close(self) -> None:
        if self._tray is not None:
            with contextlib.suppress(sqlite3.Error):
                self._tray.close()
            self._tray = None
            self._key = None


__all__ = ["Follower", "SnapshotOutdated", "Tray", "open_tray", "pending_migrations", "read_only_connection"]
