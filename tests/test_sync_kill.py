"""SIGKILL a real sync process at random moments, many times: the cache is always a complete snapshot.

After every kill the published ``tray.sqlite`` must open without error, pass SQLite's integrity check,
answer a search, and hold exactly the old or the new item set — never a mixture, never nothing.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.sync_helpers import local_rows, write_config, write_local

ROOT = Path(__file__).resolve().parent.parent
KILLS = int(os.environ.get("HYTE_KILL_ROUNDS", "30"))


def _sync(cfg: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(cfg), "sync", "--full"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _snapshot_state(tray: Path) -> tuple[int, str]:
    conn = sqlite3.connect(f"file:{tray}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = int(conn.execute("SELECT COUNT(*) FROM items").fetchone()[0])
        tags = {row[0].rsplit(" ", 1)[-1] for row in conn.execute("SELECT json_extract(names, '$.fi') FROM items")}
        conn.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH 'kyl*' LIMIT 5").fetchall()
    finally:
        conn.close()
    assert len(tags) == 1, f"a mixture of snapshots: {tags}"
    return n, tags.pop()


def test_killed_syncs_always_leave_the_old_or_the_new_complete_snapshot(tmp_path):
    rng = random.Random(20261128)
    sets = {"v1": local_rows(1500, tag="v1"), "v2": local_rows(2200, start=300, tag="v2")}
    expected = {"v1": 1500, "v2": 2200}
    local = write_local(tmp_path / "local.json", sets["v1"])
    cfg = write_config(tmp_path, f'[[sources]]\nkind = "local"\npath = "{local.name}"\n')
    tray = tmp_path / "data" / "tray.sqlite"

    started = time.monotonic()
    assert _sync(cfg).wait(timeout=120) == 0
    duration = time.monotonic() - started
    assert _snapshot_state(tray) == (1500, "v1")

    outcomes = {"old": 0, "new": 0}
    current = "v1"
    for round_no in range(KILLS):
        nxt = "v2" if current == "v1" else "v1"
        write_local(local, sets[nxt])
        proc = _sync(cfg)
        delay = rng.uniform(0.0, duration * 1.1)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        n, tag = _snapshot_state(tray)
        assert tag in (current, nxt), f"round {round_no}: unexpected tag {tag}"
        assert n == expected[tag], f"round {round_no}: {n} items for {tag}"
        outcomes["new" if tag == nxt else "old"] += 1
        current = tag
    # A completed sync after all that still works and cleans up the killed runs' temp files.
    write_local(local, sets["v2"])
    assert _sync(cfg).wait(timeout=120) == 0
    assert _snapshot_state(tray) == (2200, "v2")
    assert not list((tmp_path / "data").glob("tray.sqlite.tmp-*"))
    assert outcomes["old"] > 0, outcomes  # the kills really landed mid-sync


# The sync held just before its commit: the writer (a process of its own) has stored the sources' states
# and the stamp in the new file's open transaction. Announce it with our pid and the writer's.
_HOLD_IN_BOOKKEEPING = """
import os, signal, sys
from kiosk.cache.builder_process import ProcessBuilder
def held(self):
    self.wait()  # everything before the commit has run in the writer
    print("in-bookkeeping", self._proc.pid, flush=True)
    signal.pause()  # held here until the test's SIGKILL
ProcessBuilder.commit = held
from kiosk.cli import main
main(["--config", sys.argv[1], "sync"])
"""


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def _wait_gone(pid: int, timeout: float = 30.0) -> None:
    """Wait for process ``pid`` (not our child) to end: a pidfd becomes readable when it exits."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return  # gone already
    try:
        select.select([fd], [], [], timeout)
    finally:
        os.close(fd)


def test_a_sync_killed_while_a_no_change_run_moves_the_cursors_leaves_a_readable_snapshot(tmp_path):
    """SIGKILL aimed at the no-change incremental path, inside its bookkeeping transaction: the live file
    stays the complete old snapshot, with no hot journal that a read-only kiosk could not roll back."""
    from kiosk.query import Query
    from kiosk.search import search
    from kiosk.tray import open_tray
    from tests.fakeserver import FakeServer
    from tests.ptv12_fake import install_v12, make_dataset

    with FakeServer() as server:
        install_v12(server, make_dataset(20))
        cfg = write_config(
            tmp_path, f'[[sources]]\nkind = "ptv"\nbase_url = "{server.url}/api/v12/"\napi_key = "k"\n'
        )
        run = [sys.executable, "-m", "kiosk", "--config", str(cfg), "sync"]
        assert subprocess.run(run, cwd=ROOT, capture_output=True, timeout=120).returncode == 0
        tray = tmp_path / "data" / "tray.sqlite"
        conn = sqlite3.connect(f"file:{tray}?mode=ro", uri=True)
        before = conn.execute("SELECT COUNT(*), (SELECT cursor FROM sources) FROM items").fetchone()
        conn.close()
        for _round in range(3):
            proc = subprocess.Popen([sys.executable, "-c", _HOLD_IN_BOOKKEEPING, str(cfg)], cwd=ROOT,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # fmt: skip
            assert proc.stdout is not None
            said, writer = proc.stdout.readline().split()
            assert said == b"in-bookkeeping"
            assert _alive(int(writer))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            proc.stdout.close()
            _wait_gone(int(writer))  # the writer process is killed with the sync (the kernel sends it SIGKILL)
            assert not _alive(int(writer))
            assert not (tray.parent / "tray.sqlite-journal").exists()
            opened = open_tray(tray)  # read-only, as the kiosk reads it
            try:
                assert opened.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                state = opened.db.execute("SELECT COUNT(*), (SELECT cursor FROM sources) FROM items").fetchone()
                assert tuple(state) == tuple(before)
                assert search(opened, Query(text="palvelu"), limit=5)
            finally:
                opened.db.close()
        assert subprocess.run(run, cwd=ROOT, capture_output=True, timeout=120).returncode == 0
        assert not list(tray.parent.glob("tray.sqlite.tmp-*"))
