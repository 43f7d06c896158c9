"""Two lanes of background work; results come back to the GUI thread by queued signal.

- The **reading lane** answers the resident's screens: each job gets the :class:`~kiosk.tray.Tray` of the
  live snapshot (followed across a sync's atomic swap by :class:`~kiosk.tray.Follower`) and must be short.
- The **long-job lane** runs what may take minutes — a sync, later a PDF or a print job — so that a
  resident's page never waits behind it. Its jobs get nothing: they open what they need themselves.

``lane.submit(job, done, failed)`` runs ``job(arg)`` on the lane's thread and calls ``done(result)`` (or
``failed(exc)``) on the GUI thread. Widgets are never touched from a lane. Whether an answer is still
wanted (the resident moved on, the session was reset) is the caller's business: the router drops late
answers by generation counters. :class:`InlineLane` runs jobs at once on the calling thread (tests and
``hyte-kiosk screenshot``); tests may also hold jobs back with a lane of their own to deliver them late.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

A = TypeVar("A")  # what a lane hands its jobs
A_co = TypeVar("A_co", covariant=True)
T = TypeVar("T")
Failed = Callable[[BaseException], None]


class Runner(Protocol[A_co]):
    """What the router and the controllers need of a lane."""

    def submit(self, job: Callable[[A_co], T], done: Callable[[T], None], failed: Failed | None = None) -> None: ...

    def pending(self) -> int: ...

    def stop(self) -> None: ...


class Resource(Protocol[A_co]):
    """What a lane hands each job (the reading lane: the live tray), opened on the lane's own thread."""

    def get(self) -> A_co: ...

    def close(self) -> None: ...


class Nothing:
    """The long-job lane's resource: its jobs open what they need themselves."""

    def get(self) -> None:
        return None

    def close(self) -> None:
        """Nothing to close."""


class _Relay(QObject):
    """Lives on the GUI thread; a lane emits into it and Qt queues the call across threads."""

    result = Signal(object)
    failure = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.result.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.failure.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, call: Callable[[], None]) -> None:
        call()

    @Slot(object, object)
    def _deliver_error(self, callback: Failed | None, exc: BaseException) -> None:
        if callback is not None:
            callback(exc)
        else:
            log.error("background job failed: %s: %s", type(exc).__name__, exc)


_Task = Callable[[A], Callable[[], None]]


class ThreadLane(Generic[A]):
    """One worker thread running jobs in order, each with ``resource.get()``."""

    def __init__(self, name: str, resource: Resource[A]) -> None:
        self._relay = _Relay()
        self._resource = resource
        self._queue: queue.Queue[tuple[_Task[A], Failed | None] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[A], T], done: Callable[[T], None], failed: Failed | None = None) -> None:
        def task(arg: A) -> Callable[[], None]:
            value = job(arg)
            return lambda: done(value)

        self._queue.put((task, failed))

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            task, failed = item
            try:
                deliver = task(self._resource.get())
            except BaseException as exc:  # noqa: BLE001 - reported to the GUI, never lost
                self._relay.failure.emit(failed, exc)
            else:
                self._relay.result.emit(deliver)
        self._resource.close()

    def pending(self) -> int:
        return self._queue.qsize()

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=5)


class InlineLane(Generic[A]):
    """The same interface, running each job at once on the calling thread (tests, screenshots)."""

    def __init__(self, resource: Resource[A]) -> None:
        self._resource = resource

    def submit(self, job: Callable[[A], T], done: Callable[[T], None], failed: Failed | None = None) -> None:
        try:
            value = job(self._resource.get())
        except Exception as exc:
            if failed is None:
                raise
            failed(exc)
            return
        done(value)

    def pending(self) -> int:
        return 0

    def stop(self) -> None:
        self._resource.close()


__all__ = ["InlineLane", "Nothing", "Resource", "Runner", "ThreadLane"]
