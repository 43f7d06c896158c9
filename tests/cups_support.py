"""A private CUPS scheduler for tests: its own config, spool and socket under /tmp, and one queue whose
backend copies each job's file to a path we read back. Needs root (cupsd runs backends as user lp) and
Debian's cups-daemon and cups-client; where either is missing, or cupsd does not start, the tests that
use it are skipped with the reason."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

BACKEND = """#!/bin/sh
# CUPS backend for tests: copies the job's file to the path in DEVICE_URI (capture:/path).
if [ $# -eq 0 ]; then echo 'direct capture "Unknown" "Test capture"'; exit 0; fi
out="${DEVICE_URI#capture:}"
if [ -n "$6" ]; then cat "$6" > "$out.tmp"; else cat > "$out.tmp"; fi
mv "$out.tmp" "$out"
"""


@dataclass
class Cups:
    root: Path
    socket: Path
    out: Path  # where the queue "prints"

    @property
    def env(self) -> dict[str, str]:
        return {"CUPS_SERVER": str(self.socket)}

    def run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, capture_output=True, text=True, env={**os.environ, **self.env}, check=False)

    def add_queue(self, name: str) -> Path:
        target = self.out / f"{name}.pdf"
        result = self.run("lpadmin", "-p", name, "-E", "-v", f"capture:{target}")
        assert result.returncode == 0, result.stderr
        return target


def _config(root: Path, socket: Path) -> tuple[Path, Path]:
    conf = root / "cupsd.conf"
    conf.write_text(
        f"Listen {socket}\nLogLevel info\nDefaultAuthType None\nWebInterface No\nBrowsing No\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n",
        encoding="utf-8",
    )
    files = root / "cups-files.conf"
    lines = [f"ServerRoot {root}", f"RequestRoot {root / 'spool'}", f"CacheDir {root / 'cache'}",
             f"StateDir {root / 'state'}", f"TempDir {root / 'spool'}", f"ServerBin {root / 'bin'}",
             "ErrorLog stderr", f"AccessLog {root / 'log' / 'access_log'}",
             f"PageLog {root / 'log' / 'page_log'}"]
    files.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return conf, files


def _prepare(root: Path) -> None:
    for name in ("spool", "cache", "state", "log", "bin/backend"):
        (root / name).mkdir(parents=True, exist_ok=True)
    (root / "bin" / "daemon").symlink_to("/usr/lib/cups/daemon")  # cups-exec runs each backend
    backend = root / "bin" / "backend" / "capture"
    backend.write_text(BACKEND, encoding="utf-8")
    backend.chmod(0o755)
    (root / "out").mkdir()
    (root / "out").chmod(0o777)  # the backend runs as user lp
    root.chmod(0o755)


def _wait_listening(process: subprocess.Popen[str], socket: Path, timeout: float = 10.0) -> tuple[str | None, threading.Thread]:
    """Read cupsd's log (``ErrorLog stderr``) until it says it listens on ``socket`` — it logs that once the
    socket accepts connections — then keep draining the log on a thread so the pipe never fills. ``None``
    when it listens; else what it logged before it exited or the time ran out. Also the draining thread, which
    ends when cupsd does."""
    assert process.stderr is not None
    stream = process.stderr
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in stream:  # ends when cupsd exits
            lines.append(line)
            if f"Listening to {socket}" in line:
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, name="cupsd-log", daemon=True)
    reader.start()
    if ready.wait(timeout) and process.poll() is None and socket.exists():
        return None, reader
    return "".join(lines) or "no log", reader


@pytest.fixture(scope="module")
def cups() -> Iterator[Cups]:
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("a private cupsd needs root")
    cupsd = shutil.which("cupsd") or ("/usr/sbin/cupsd" if Path("/usr/sbin/cupsd").exists() else None)
    if cupsd is None or shutil.which("lpadmin") is None or not Path("/usr/lib/cups/daemon/cups-exec").exists():
        pytest.skip("cups-daemon and cups-client are not installed (scripts/setup installs them)")
    root = Path(tempfile.mkdtemp(prefix="hyte-cups-", dir="/tmp"))
    socket = root / "cups.sock"
    _prepare(root)
    conf, files = _config(root, socket)
    process = subprocess.Popen([cupsd, "-f", "-c", str(conf), "-s", str(files)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, errors="replace")
    server = Cups(root, socket, root / "out")
    log, reader = _wait_listening(process, socket)
    try:
        if log is not None:
            pytest.skip(f"cupsd did not start here: {log.strip()[-300:]}")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=10)  # it has read to the end of the log: cupsd is gone
        if process.stderr:
            process.stderr.close()
        shutil.rmtree(root, ignore_errors=True)
