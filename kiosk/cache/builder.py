"""A new snapshot file built a batch at a time on a thread of its own (the streamed sync's writer).

The sync runs this in a writer process (:mod:`kiosk.cache.builder_process`, which drives a
``SnapshotBuilder(threaded=False)`` there); the thread is its fallback when no process can be started.

The sync engine fetches and maps a batch of items while this thread makes the rows of the previous one
(JSON, stems) and stores them (SQLite releases the GIL while it works). Every operation runs in order on
the writer thread, on the one connection it opened; at most ``depth`` wait in the queue, so the engine
blocks instead of piling batches up in memory. The whole build is one transaction; each source is a
savepoint that can be rolled back on its own.

An exception on the writer thread comes back to the engine as :class:`WriteFailed` (its cause attached)
from the next :meth:`SnapshotBuilder.wait` or :meth:`SnapshotBuilder.call`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlite_utils import Database

from kiosk.cache.read import get_item
from kiosk.cache.write import (
    WRITE_CACHE_KIB,
    ItemWriter,
    compact,
    delete_items,
    delete_source_items_before,
    open_cache,
    written_since,
)
from kiosk.model import TrayItem

T = TypeVar("T")
_SAVEPOINT = "sync_source"


class WriteFailed(Exception):
    """Something went wrong while storing rows (the cause is the original exception)."""


class Builder(Protocol):
    """What the sync engine asks of a snapshot builder: :class:`SnapshotBuilder` (a thread, or none) or
    :class:`kiosk.cache.builder_process.ProcessBuilder` (a process)."""

    def begin_source(self) -> None: ...
    def end_source(self) -> None: ...
    def undo_source(self) -> None: ...
    def wait(self) -> None: ...
    def write(self, items: list[TrayItem]) -> None: ...
    def delete(self, ids: set[str]) -> None: ...
    def next_rid(self) -> int: ...
    def mark(self) -> None: ...
    def marked(self) -> int: ...
    def delete_source_before(self, source: str, rid: int) -> None: ...
    def written_since(self, ids: set[str], rid: int) -> set[str]: ...
    def carry_over(self, old: Path, source: str, skip: frozenset[str] = frozenset()) -> None: ...
    def count(self, source: str | None = None) -> int: ...
    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None: ...
    def commit(self) -> None: ...
    def close(self) -> None: ...


class SnapshotBuilder:
    """The snapshot at ``path`` (created, or the copy already there) opened on a writer thread, in a transaction.

    ``threaded=False`` runs every operation at once on the calling thread (same results, no overlap).
    """

    def __init__(self, path: Path, *, threaded: bool = True, depth: int = 2) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="snapshot-writer") if threaded else None
        self._pending: deque[Future[Any]] = deque()
        self._depth = max(1, depth)
        self._db: Database | None = None
        self._items: ItemWriter | None = None
        self._marked = 0
        try:
            self.call(self._open, path)
        except BaseException:
            self.close()
            raise

    # --- running on the writer thread ----------------------------------------------------------------

    def _run(self, fn: Callable[..., T], *args: Any) -> T:
        try:
            return fn(*args)
        except Exception as exc:
            raise WriteFailed(str(exc)) from exc

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run ``fn(*args)`` on the writer thread after everything submitted before (waits while the queue is full)."""
        if self._pool is None:
            self._run(fn, *args)
            return
        while len(self._pending) >= self._depth:
            self._pending.popleft().result()
        self._pending.append(self._pool.submit(self._run, fn, *args))

    def wait(self) -> None:
        """Wait for everything submitted; raises the first :class:`WriteFailed` (the rest still run)."""
        while self._pending:
            self._pending.popleft().result()

    def drain(self) -> None:
        """Wait for everything submitted, ignoring failures (before undoing a source that failed)."""
        while self._pending:
            with contextlib.suppress(Exception):
                self._pending.popleft().result()

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` on the writer thread, after everything submitted before; its result."""
        self.wait()
        if self._pool is None:
            return self._run(fn, *args)
        return self._pool.submit(self._run, fn, *args).result()

    @property
    def db(self) -> Database:
        """The connection (use it only from functions run on the writer thread)."""
        assert self._db is not None
        return self._db

    @property
    def items(self) -> ItemWriter:
        assert self._items is not None
        return self._items

    # --- operations (each queued with submit or call) -------------------------------------------------

    def _open(self, path: Path) -> None:
        self._db = db = open_cache(path)
        # 64 MB of page cache while writing (the default is 2 MB): the index b-trees stay in memory
        db.conn.execute(f"PRAGMA cache_size={WRITE_CACHE_KIB}")
        db.conn.execute("BEGIN")
        self._items = ItemWriter(db)

    def begin_source(self) -> None:
        self.submit(lambda: self.db.conn.execute(f"SAVEPOINT {_SAVEPOINT}"))

    def end_source(self) -> None:
        self.submit(lambda: self.db.conn.execute(f"RELEASE SAVEPOINT {_SAVEPOINT}"))

    def undo_source(self) -> None:
        """Roll back everything since :meth:`begin_source` (waits for what is queued first)."""
        self.drain()
        self.call(self._undo)

    def _undo(self) -> None:
        conn = self.db.conn
        if conn.in_transaction:
            conn.execute(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")
            conn.execute(f"RELEASE SAVEPOINT {_SAVEPOINT}")
        else:  # an error ended the whole transaction: nothing of this build can be trusted
            raise RuntimeError("the new snapshot's transaction was lost")
        self.items.rolled_back()

    def write(self, items: list[TrayItem]) -> None:
        if items:
            self.submit(self.items.write, items)

    def delete(self, ids: set[str]) -> None:
        if ids:
            self.submit(delete_items, self.db, ids)

    def next_rid(self) -> int:
        """The rid the next item stored will get (waits for what is queued)."""
        return self.call(lambda: self.items.rid)

    def mark(self) -> None:
        """Note the rid the next item stored will get, once everything queued before has run (read it with
        :meth:`marked`): the start of a source's rows, known without waiting for the writer."""
        self.submit(self._mark)

    def _mark(self) -> None:
        self._marked = self.items.rid

    def marked(self) -> int:
        """The rid noted by the last :meth:`mark` (waits for what is queued)."""
        return self.call(lambda: self._marked)

    def delete_source_before(self, source: str, rid: int) -> None:
        """Delete the source's items stored before row ``rid`` (what a full run did not send again)."""
        self.submit(lambda: delete_source_items_before(self.db, source, rid))

    def written_since(self, ids: set[str], rid: int) -> set[str]:
        """The ids among ``ids`` stored from row ``rid`` on (waits for what is queued)."""
        return self.call(lambda: written_since(self.db, ids, rid)) if ids else set()

    def carry_over(self, old: Path, source: str, skip: frozenset[str] = frozenset()) -> None:
        """Copy the source's items from the published snapshot ``old`` (read on the writer thread)."""
        self.submit(self._carry_over, old, source, skip)

    def _carry_over(self, old: Path, source: str, skip: frozenset[str]) -> None:
        with contextlib.closing(sqlite3.connect(f"file:{old}?mode=ro", uri=True)) as conn:
            src = Database(conn)
            ids = [r[0] for r in conn.execute("SELECT id FROM items WHERE source = ?", [source]) if r[0] not in skip]
            self.items.write(item for i in ids if (item := get_item(src, i)) is not None)

    def count(self, source: str | None = None) -> int:
        """Items in the new snapshot (of one source, or all)."""
        return self.call(self._count, source)

    def _count(self, source: str | None) -> int:
        if source is None:
            return int(self.db.execute("SELECT COUNT(*) FROM items").fetchone()[0])
        return int(self.db.execute("SELECT COUNT(*) FROM items WHERE source = ?", [source]).fetchone()[0])

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Queue ``fn(db, *args, **kwargs)`` (source states, meta). ``fn`` is a module-level function and the
        arguments plain values, so that a writer process can be sent them too."""
        self.submit(lambda: fn(self.db, *args, **kwargs))

    def commit(self) -> None:
        self.call(self._commit)

    def _commit(self) -> None:
        self.db.conn.execute("COMMIT")
        # then the pages freed while the full-text index merged its segments (it writes the last of them as
        # the transaction commits) are given back, before the file is published
        compact(self.db)

    def close(self) -> None:
        """Close the connection (rolling back what was not committed) and stop the thread."""
        self.drain()
        try:
            if self._db is not None:
                with contextlib.suppress(Exception):
                    self.call(self._close)
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)

    def _close(self) -> None:
        db = self.db
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        db.close()
        self._db = None

    def __enter__(self) -> SnapshotBuilder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

