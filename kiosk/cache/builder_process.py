"""The new snapshot built in a writer PROCESS of its own, so that making rows and storing them runs beside the
fetching and mapping of the next batch on another core (a thread shares the interpreter lock with them).

:class:`ProcessBuilder` has the operations of :class:`~kiosk.cache.builder.SnapshotBuilder`; each is sent,
in order, over a pipe to a child process (``python -m kiosk.cache.builder_process``) that runs it on its own
``SnapshotBuilder(threaded=False)``: the same code, the same one transaction, the same savepoint per source.
Items go over as pickles (a frozen dataclass is restored without being validated again); functions given to
:meth:`ProcessBuilder.run` must be module-level, their arguments plain values.

Every operation gets a reply; at most ``depth`` operations are unanswered at a time, so the engine blocks
instead of piling batches up in the pipe. A failure in the child comes back as
:class:`~kiosk.cache.builder.WriteFailed` (its cause attached) from the next :meth:`ProcessBuilder.wait` or
:meth:`ProcessBuilder.call`, as from the writer thread; a child that is gone is a ``WriteFailed`` too.

The child never outlives the sync: on Linux it asks the kernel to kill it when its parent dies
(``PR_SET_PDEATHSIG``), and anywhere it ends when its pipe closes. Killed half-way, it leaves only the
temporary file, which the next sync removes; the published snapshot is only ever replaced by the parent's
rename after the child committed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kiosk.cache.builder import Builder, SnapshotBuilder, WriteFailed
from kiosk.model import TrayItem

log = logging.getLogger(__name__)

# the operations the child runs, by name (a message names one of these, never arbitrary code)
OPERATIONS = frozenset(
    (
        "begin_source", "end_source", "undo_source", "write", "delete", "next_rid", "mark", "marked", "delete_source_before",
        "written_since", "carry_over", "count", "run", "commit",
    )
)  # fmt: skip
PR_SET_PDEATHSIG = 1
CLOSE_WAIT_S = 60.0


def _portable(exc: BaseException | None) -> BaseException | None:
    """``exc`` if it survives pickling, else a RuntimeError naming its kind and text."""
    if exc is None:
        return None
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any exception that does not pickle is described instead
        return RuntimeError(f"{type(exc).__name__}: {str(exc)[:300]}")
    return exc


class ProcessBuilder:
    """The snapshot at ``path`` (created, or the copy already there) written by a child process, in a transaction.

    Raises :class:`OSError` when the child cannot be started and :class:`WriteFailed` when it cannot open
    the file.
    """

    def __init__(self, path: Path, *, depth: int = 3) -> None:
        self._depth = max(1, depth)
        self._outstanding = 0
        self._broken: str | None = None
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        try:
            self._proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-m", "kiosk.cache.builder_process", str(to_child_r), str(from_child_w),
                 str(os.getpid())],
                pass_fds=(to_child_r, from_child_w),
                stdin=subprocess.DEVNULL,
                env=env,
                close_fds=True,
            )  # fmt: skip
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._send_conn = Connection(to_child_w, readable=False)
        self._recv_conn = Connection(from_child_r, writable=False)
        # not waited for: the child starts (imports, opens the file) while the first batch is fetched; a
        # failure to open comes back from every operation after it
        self.submit("open", str(path))

    # --- the pipe ------------------------------------------------------------------------------------

    def _send(self, op: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        if self._broken is not None:
            raise WriteFailed(self._broken)
        try:
            self._send_conn.send((op, args, kwargs))
        except (OSError, EOFError) as exc:
            self._broken = "the snapshot writer stopped"
            raise WriteFailed(self._broken) from exc
        self._outstanding += 1

    def _reply(self) -> Any:
        """The next answer; raises :class:`WriteFailed` for a failure (or a child that is gone)."""
        self._outstanding -= 1
        try:
            answer = self._recv_conn.recv()
        except (OSError, EOFError) as exc:
            self._broken = "the snapshot writer stopped"
            self._outstanding = 0
            raise WriteFailed(self._broken) from exc
        if answer[0] == "ok":
            return answer[1]
        raise WriteFailed(answer[1]) from answer[2]

    def submit(self, op: str, *args: Any, **kwargs: Any) -> None:
        """Send ``op`` to run after everything sent before (waits while ``depth`` are unanswered)."""
        while self._outstanding >= self._depth:
            self._reply()
        self._send(op, args, kwargs)

    def wait(self) -> None:
        """Wait for everything sent; raises the first :class:`WriteFailed` (the rest still run)."""
        while self._outstanding > 0:
            self._reply()

    def drain(self) -> None:
        """Wait for everything sent, ignoring failures (before undoing a source that failed)."""
        while self._outstanding > 0:
            with contextlib.suppress(WriteFailed):
                self._reply()

    def call(self, op: str, *args: Any, **kwargs: Any) -> Any:
        """``op`` run after everything sent before; its result."""
        self.wait()
        self._send(op, args, kwargs)
        return self._reply()

    # --- the operations of SnapshotBuilder ------------------------------------------------------------

    def begin_source(self) -> None:
        self.submit("begin_source")

    def end_source(self) -> None:
        self.submit("end_source")

    def undo_source(self) -> None:
        self.drain()
        self.call("undo_source")

    def write(self, items: list[TrayItem]) -> None:
        if items:
            self.submit("write", items)

    def delete(self, ids: set[str]) -> None:
        if ids:
            self.submit("delete", ids)

    def next_rid(self) -> int:
        rid: int = self.call("next_rid")
        return rid

    def mark(self) -> None:
        self.submit("mark")

    def marked(self) -> int:
        rid: int = self.call("marked")
        return rid

    def delete_source_before(self, source: str, rid: int) -> None:
        self.submit("delete_source_before", source, rid)

    def written_since(self, ids: set[str], rid: int) -> set[str]:
        if not ids:
            return set()
        found: set[str] = self.call("written_since", ids, rid)
        return found

    def carry_over(self, old: Path, source: str, skip: frozenset[str] = frozenset()) -> None:
        self.submit("carry_over", old, source, skip)

    def count(self, source: str | None = None) -> int:
        total: int = self.call("count", source)
        return total

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self.submit("run", fn, *args, **kwargs)

    def commit(self) -> None:
        self.call("commit")

    def close(self) -> None:
        """Close the child's connection (rolling back what was not committed) and wait for it to end."""
        with contextlib.suppress(WriteFailed):
            self.drain()
            if self._broken is None:
                self.call("close")
        for conn in (self._send_conn, self._recv_conn):
            with contextlib.suppress(OSError):
                conn.close()
        try:
            self._proc.wait(timeout=CLOSE_WAIT_S)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()

    def __enter__(self) -> ProcessBuilder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


MODES = ("process", "thread", "inline")


def open_builder(path: Path, mode: str = "process") -> Builder:
    """A builder for the new snapshot at ``path``: in a writer ``process`` (a thread when no process can be
    started), on a writer ``thread``, or ``inline`` on the calling thread. The snapshot is the same."""
    if mode == "process":
        try:
            return ProcessBuilder(path)
        except OSError as exc:
            log.warning("no writer process (%s): the snapshot is written on a thread", exc)
            mode = "thread"
    return SnapshotBuilder(path, threaded=mode == "thread")


# --- the child -----------------------------------------------------------------------------------------


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent ends; end now if the parent already has."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(0)


def _answer(builder: SnapshotBuilder | None, op: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    if op not in OPERATIONS or builder is None:
        raise RuntimeError(f"the snapshot writer has no operation {op!r}")
    return getattr(builder, op)(*args, **kwargs)


def serve(inbox: Connection, outbox: Connection) -> None:
    """Run the operations that come in, in order, answering each, until ``close`` or the pipe ends."""
    from kiosk.gcpolicy import fewer_collections

    builder: SnapshotBuilder | None = None
    unopened: tuple[Any, ...] | None = None  # the answer to every operation when the file did not open
    with fewer_collections():
        while True:
            try:
                op, args, kwargs = inbox.recv()
            except (EOFError, OSError):
                break  # the sync is gone: the transaction is not committed
            if op == "close":
                break
            try:
                if unopened is not None:
                    reply: tuple[Any, ...] = unopened
                elif op == "open":
                    builder = SnapshotBuilder(Path(args[0]), threaded=False)
                    reply = ("ok", None)
                else:
                    reply = ("ok", _answer(builder, op, args, kwargs))
            except WriteFailed as exc:
                reply = ("err", str(exc)[:2000], _portable(exc.__cause__))
                if op == "open":
                    unopened = reply
            except Exception as exc:  # noqa: BLE001 - every failure goes back to the sync, none ends the child
                reply = ("err", str(exc)[:2000], _portable(exc))
            outbox.send(reply)
    if builder is not None:
        builder.close()
    with contextlib.suppress(OSError):
        outbox.send(("ok", None))


def main(argv: list[str]) -> int:
    inbox = Connection(int(argv[0]), writable=False)
    outbox = Connection(int(argv[1]), readable=False)
    _die_with_parent(int(argv[2]))
    try:
        serve(inbox, outbox)
    except BaseException:  # noqa: BLE001 - a broken pipe or a signal: the parent sees the pipe end
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
