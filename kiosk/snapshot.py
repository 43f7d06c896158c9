"""Where the tray snapshot lives and how a new one replaces the old one atomically.

A snapshot is one complete SQLite file. A sync writes the next snapshot into a temporary file beside the
current one, closes it, flushes it to disk and renames it over ``tray.sqlite`` (``os.replace`` is atomic
on POSIX). A reader that opens the path therefore always sees the old or the new complete snapshot;
a killed sync leaves only a ``*.tmp-*`` file behind, which the next sync removes.

With no sources configured, the kiosk runs on the bundled demo tray: ``demo-tray.sqlite``, built from
``offline_cache/demo-tray.json`` on first use (also atomically) and rebuilt when the bundle or the schema
changes.

Which snapshot is live is decided in one place, :func:`live_path`, for the kiosk and the CLI alike.
Published snapshots are read through :func:`kiosk.tray.open_tray` (read-only); only building writes:
a sync, :func:`ensure_demo` and :func:`upgrade`, each into a temporary file that is then swapped in.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

TRAY_NAME = "tray.sqlite"
DEMO_NAME = "demo-tray.sqlite"
LOCK_NAME = "sync.lock"
SNAPSHOT_FORMAT = "1"


class SyncBusy(Exception):
    """Another sync holds the lock."""


def tray_path(data_dir: Path) -> Path:
    return data_dir / TRAY_NAME


def demo_path(data_dir: Path) -> Path:
    return data_dir / DEMO_NAME


def temp_path(target: Path) -> Path:
    return target.with_name(f"{target.name}.tmp-{os.getpid()}")


def remove_stale_temps(data_dir: Path) -> int:
    """Delete temporary snapshots left by killed syncs (call only while holding the sync lock)."""
    removed = 0
    for pattern in (f"{TRAY_NAME}.tmp-*", f"{DEMO_NAME}.tmp-*"):
        for path in data_dir.glob(pattern):
            for p in (path, path.with_name(path.name + "-journal")):
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
                    removed += 1
    return removed


@contextlib.contextmanager
def sync_lock(data_dir: Path) -> Iterator[None]:
    """Hold the data directory's sync lock; raise :class:`SyncBusy` at once if another process has it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / LOCK_NAME, "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise SyncBusy("another sync is already running for this data directory") from exc
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(temp: Path, target: Path) -> None:
    """Flush ``temp`` to disk and atomically rename it over ``target``."""
    with open(temp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(temp, target)
    _fsync_dir(target.parent)


def copy_snapshot(source: Path, dest: Path) -> None:
    """A consistent copy of a snapshot (SQLite's backup API), the base of an incremental update."""
    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src:
        with contextlib.closing(sqlite3.connect(dest)) as dst:
            src.backup(dst)


def open_snapshot(path: Path) -> sqlite_utils.Database | None:
    """The sync engine's handle on the published snapshot it builds the next one from, or ``None``.

    Not for reading what the kiosk shows: that is :func:`kiosk.tray.open_tray`, which never writes."""
    from kiosk.cache import open_cache  # sqlite-utils loads only when a snapshot is opened (faster UI start)

    if not path.exists():
        return None
    return open_cache(path)


def stamp(db: sqlite_utils.Database, *, demo: bool, region_name: str, municipalities: tuple[str, ...],
          created_at: datetime | None = None, data_date: str | None = None) -> None:
    from kiosk.cache import set_meta

    created = created_at or datetime.now(UTC)
    set_meta(db, "format", SNAPSHOT_FORMAT)
    set_meta(db, "created_at", created.isoformat())
    set_meta(db, "demo", "1" if demo else "0")
    set_meta(db, "region_name", region_name)
    set_meta(db, "municipalities", ",".join(municipalities))
    if data_date:
        set_meta(db, "data_date", data_date)


def ensure_demo(data_dir: Path) -> Path:
    """Build (or rebuild, when the bundle changed) the demo snapshot and return its path.

    The bundle's fingerprint (SHA-256 of the JSON file) is kept in the snapshot's meta, so a start-up with
    an up-to-date demo snapshot only hashes the file and reads one row.
    """
    import hashlib

    from kiosk.demo import DEMO_PATH, load_demo  # the bundle is read only when the demo is needed

    target = demo_path(data_dir)
    fingerprint = hashlib.sha256(DEMO_PATH.read_bytes()).hexdigest() if DEMO_PATH.exists() else ""
    if target.exists() and fingerprint and _demo_is_current(target, fingerprint):
        return target
    from kiosk.cache import open_cache, set_meta, write_items

    demo = load_demo()
    data_dir.mkdir(parents=True, exist_ok=True)
    with sync_lock(data_dir):
        temp = temp_path(target)
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        db = open_cache(temp)
        write_items(db, demo.items)
        stamp(db, demo=True, region_name=demo.region.name, municipalities=demo.region.municipalities,
              created_at=demo.generated, data_date=demo.generated.isoformat())
        set_meta(db, "home_municipality", demo.region.home_municipality or "")
        set_meta(db, "bundle_sha", fingerprint)
        db.close()
        publish(temp, target)
    return target


def _demo_is_current(target: Path, fingerprint: str) -> bool:
    """The demo snapshot was built from this bundle with this schema and this text analysis (read-only check)."""
    from kiosk.tray import pending_migrations, read_only_connection

    with contextlib.closing(read_only_connection(target)) as conn:
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'bundle_sha'").fetchone()
        except sqlite3.DatabaseError:
            return False
        if not row or row[0] != fingerprint:
            return False
        from kiosk.stemming import stems_version

        stems = conn.execute("SELECT value FROM meta WHERE key = 'fts_stems'").fetchone()
        if not stems or stems[0] != stems_version():  # made with another analyser (Voikko installed since)
            return False
        import sqlite_utils

        return not pending_migrations(sqlite_utils.Database(conn))


def live_path(data_dir: Path, *, configured: bool) -> Path:
    """The one rule for which snapshot is live, for the kiosk and the CLI alike.

    With sources configured and a published ``tray.sqlite``: that. Otherwise (no sources, or none synced
    yet) the bundled demo tray, ``demo-tray.sqlite`` — the screen then says "Esimerkkiaineisto", and the
    CLI refuses to answer from it for a configured kiosk (exit 4). Cheap: asked before every read.
    """
    tray = tray_path(data_dir)
    if configured and tray.exists():
        return tray
    return demo_path(data_dir)


def ensure_live(data_dir: Path, *, configured: bool) -> Path:
    """:func:`live_path`, with the demo tray built (or rebuilt) first when that is the live one."""
    path = live_path(data_dir, configured=configured)
    return ensure_demo(data_dir) if path == demo_path(data_dir) else path


def upgrade(path: Path) -> None:
    """Bring a published snapshot of an older schema up to date: a migrated copy is built beside it and
    swapped in atomically (under the sync lock), so readers never see a half-migrated file."""
    data_dir = path.parent
    if path == demo_path(data_dir):
        ensure_demo(data_dir)
        return
    from kiosk.cache import open_cache
    from kiosk.tray import pending_migrations, read_only_connection

    with sync_lock(data_dir):
        import sqlite_utils

        with contextlib.closing(read_only_connection(path)) as conn:
            if not pending_migrations(sqlite_utils.Database(conn)):
                return  # another process upgraded it meanwhile
        temp = temp_path(path)
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        copy_snapshot(path, temp)
        open_cache(temp).close()
        publish(temp, path)


def is_demo(db: sqlite_utils.Database) -> bool:
    from kiosk.cache import get_meta

    return get_meta(db, "demo") == "1"
