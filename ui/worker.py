"""One background worker for all SQLite (and later network) work; results come back by queued signal.

``Worker.submit(job, on_done, on_error)`` runs ``job(db)`` on the worker thread with the worker's own
connection to the active snapshot (reopened when a sync has swapped the file) and calls ``on_done(result)``
on the GUI thread. Widgets are never touched from the worker. ``SyncRunner`` does the same on the calling
thread, for tests that want determinism.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

Job = Callable[["sqlite_utils.Database"], Any]
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Snapshot:
    """A connection that follows ``tray.sqlite`` across atomic swaps (checked by inode before each job)."""

    def __init__(self, path_getter: Callable[[], Path]) -> None:
        self._path_getter = path_getter
        self._db: sqlite_utils.Database | None = None
        self._key: tuple[int, int] | None = None

    def get(self) -> sqlite_utils.Database:
        path = self._path_getter()
        st = os.stat(path)
        key = (st.st_ino, st.st_mtime_ns)
        if self._db is None or key != self._key:
            from kiosk.cache import open_cache  # loaded on the worker thread, not before the first paint

            if self._db is not None:
                self._db.close()
            self._db = open_cache(path)
            self._key = key
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits into it and Qt queues the call across threads."""

    result = Signal(object, object)
    failure = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.result.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.failure.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object)
    def _deliver(self, callback: Done, value: Any) -> None:
        callback(value)

    @Slot(object, object)
    def _deliver_error(self, callback: Failed | None, exc: BaseException) -> None:
        if callback is not None:
            callback(exc)
        else:
            log.error("background job failed: %s", exc)


class Worker:
    def __init__(self, path_getter: Callable[[], Path]) -> None:
        self._relay = _Relay()
        self._queue: queue.Queue[tuple[Job, Done, Failed | None] | None] = queue.Queue()
        self._snapshot = _Snapshot(path_getter)
        self._thread = threading.Thread(target=self._run, name="kiosk-worker", daemon=True)
        self._thread.start()

    def submit(self, job: Job, on_done: Done, on_error: Failed | None = None) -> None:
        self._queue.put((job, on_done, on_error))

    def _run(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                break
            job, on_done, on_error = task
            try:
                value = job(self._snapshot.get())
            except BaseException as exc:  # noqa: BLE001 - reported to the GUI, never lost
                self._relay.failure.emit(on_error, exc)
            else:
                self._relay.result.emit(on_done, value)
        self._snapshot.close()

    def pending(self) -> int:
        return self._queue.qsize()

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=5)


class SyncRunner:
    """Same interface as :class:`Worker`, but runs each job at once on the calling thread (tests)."""

    def __init__(self, path_getter: Callable[[], Path]) -> None:
        self._snapshot = _Snapshot(path_getter)

    def submit(self, job: Job, on_done: Done, on_error: Failed | None = None) -> None:
        try:
            value = job(self._snapshot.get())
        except Exception as exc:
            if on_error is None:
                raise
            on_error(exc)
            return
        on_done(value)

    def pending(self) -> int:
        return 0

    def stop(self) -> None:
        self._snapshot.close()
