"""Printing a take-home PDF: one small interface, three backends, and errors a resident can read.

- ``cups`` (Linux kiosks): ``lp -d QUEUE`` (the config's ``print_queue``, else the system's default), then
  the job's status is polled with ``lpstat`` until it completes. A stopped or unreachable printer, or one
  that reports it is out of paper, cancels the job (so it never prints later for the next person) and
  raises :class:`PrintError`.
- ``windows`` (library terminals): the operating system's "print" verb on the file (the default PDF
  application prints it). The file must outlive the call; the spool removes it on the next reset.
- ``folder``: save the PDF into a folder (staff and tests).
- ``none``: no printer here.

:class:`PrintError` carries a ``problem`` code; :data:`PROBLEM_TEXTS` words each for residents (``_()``
at the place that shows it). Commands are run through an injectable ``run`` (tests and the real-queue
test point ``CUPS_SERVER`` at a private cupsd); the clock and sleep are injectable too.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kiosk.i18n import N_
from kiosk.takehome.settings import TakeHomeSettings, resolved_backend
from kiosk.takehome.spool import Spool

NO_PRINTER, OFFLINE, OUT_OF_PAPER, FAILED = "no_printer", "offline", "out_of_paper", "failed"
PROBLEM_TEXTS = {
    NO_PRINTER: N_("There is no printer here. Your list is kept: you can take it to your phone instead."),
    OFFLINE: N_("The printer is not answering. Your list is kept. Ask the staff for help, or take the list "
                "to your phone."),
    OUT_OF_PAPER: N_("The printer is out of paper. Your list is kept. Ask the staff to add paper, then try again."),
    FAILED: N_("Printing did not work. Your list is kept. Try again, or take the list to your phone."),
}
PAPER_REASONS = ("media-empty", "media-needed", "media-jam", "input-tray-missing")
OFFLINE_REASONS = ("offline", "connecting-to-device", "shutdown", "paused", "stopped")


class PrintError(Exception):
    def __init__(self, problem: str, detail: str = "") -> None:
        super().__init__(f"{problem}: {detail}" if detail else problem)
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class Printed:
    backend: str
    reference: str  # the CUPS job id, or the saved file
    copies: int


class Backend(Protocol):
    name: str
    keeps_file: bool  # True: the file is read after print() returns (removed on reset instead)

    def print(self, pdf: Path, copies: int, title: str) -> str: ...


Run = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


def run_command(env: Mapping[str, str] | None = None, timeout_s: float = 30) -> Run:
    """``subprocess.run`` for the CUPS tools, with ``env`` added to the environment (``CUPS_SERVER``)."""
    full = {**os.environ, **(env or {}), "LC_ALL": "C"}

    def run(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(list(argv), capture_output=True, text=True, env=full, timeout=timeout_s, check=False)
        except FileNotFoundError as exc:
            raise PrintError(NO_PRINTER, f"{argv[0]} is not installed") from exc
        except subprocess.TimeoutExpired as exc:
            raise PrintError(OFFLINE, f"{argv[0]} did not answer") from exc

    return run


@dataclass
class CupsBackend:
    queue: str | None = None
    timeout_s: float = 120
    run: Run = field(default_factory=run_command)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    poll_s: float = 0.5
    name: str = "cups"
    keeps_file: bool = False

    def destination(self) -> str:
        if self.queue:
            return self.queue
        answer = self.run(["lpstat", "-d"])
        found = re.search(r"system default destination:\s*(\S+)", answer.stdout)
        if not found:
            raise PrintError(NO_PRINTER, "no queue configured and no system default printer")
        return found.group(1)

    def state(self, queue: str) -> str | None:
        """A problem the queue reports now (stopped, offline, out of paper), or None."""
        answer = self.run(["lpstat", "-l", "-p", queue])
        if answer.returncode != 0:
            raise PrintError(NO_PRINTER, answer.stderr.strip() or f"no printer {queue!r}")
        text = answer.stdout
        alerts = " ".join(re.findall(r"Alerts:\s*(.*)", text))
        if any(reason in alerts for reason in PAPER_REASONS):
            return OUT_OF_PAPER
        if re.search(rf"printer {re.escape(queue)} (is )?disabled", text) or any(r in alerts for r in OFFLINE_REASONS):
            return OFFLINE
        return None

    def print(self, pdf: Path, copies: int, title: str) -> str:
        queue = self.destination()
        problem = self.state(queue)
        if problem:
            raise PrintError(problem, f"queue {queue}")
        answer = self.run(["lp", "-d", queue, "-n", str(copies), "-t", title, "-o", "media=A4", str(pdf)])
        found = re.search(r"request id is (\S+)", answer.stdout)
        if answer.returncode != 0 or not found:
            detail = answer.stderr.strip() or answer.stdout.strip()
            raise PrintError(NO_PRINTER if "does not exist" in detail else FAILED, detail)
        job = found.group(1)
        self.wait(queue, job)
        return job

    def completed(self, queue: str, job: str) -> bool:
        answer = self.run(["lpstat", "-W", "completed", "-o", queue])
        return any(line.split()[:1] == [job] for line in answer.stdout.splitlines())

    def wait(self, queue: str, job: str) -> None:
        """Poll until the job completes; cancel it when the printer cannot print it (or time runs out)."""
        deadline = self.clock() + self.timeout_s
        while True:
            if self.completed(queue, job):
                return
            problem = self.state(queue)
            if problem is None and self.clock() >= deadline:
                problem = OFFLINE
            if problem is not None:
                self.run(["cancel", job])
                raise PrintError(problem, f"job {job} cancelled")
            self.sleep(self.poll_s)


def _startfile(path: str, verb: str) -> None:
    starter = getattr(os, "startfile", None)
    if starter is None:
        raise PrintError(NO_PRINTER, "the print verb exists only on Windows")
    starter(path, verb)


@dataclass
class WindowsBackend:
    startfile: Callable[[str, str], None] = _startfile
    name: str = "windows"
    keeps_file: bool = True

    def print(self, pdf: Path, copies: int, title: str) -> str:
        for _ in range(copies):
            try:
                self.startfile(str(pdf), "print")
            except OSError as exc:  # no application prints PDFs, or no printer
                raise PrintError(NO_PRINTER, str(exc)) from exc
        return str(pdf)


@dataclass
class FolderBackend:
    folder: Path
    name: str = "folder"
    keeps_file: bool = False

    def print(self, pdf: Path, copies: int, title: str) -> str:
        stem = re.sub(r"[^\w-]+", "-", title).strip("-") or "lista"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            n = 1
            while (target := self.folder / f"{stem}-{n}.pdf").exists():
                n += 1
            target.write_bytes(pdf.read_bytes())
        except OSError as exc:
            raise PrintError(FAILED, f"cannot save into {self.folder}: {exc}") from exc
        return str(target)


@dataclass
class NoPrinter:
    name: str = "none"
    keeps_file: bool = False

    def print(self, pdf: Path, copies: int, title: str) -> str:
        raise PrintError(NO_PRINTER, "no printer is configured")


def make_backend(settings: TakeHomeSettings, *, run: Run | None = None, folder: Path | None = None) -> Backend:
    """The backend the settings ask for (``auto``: what this machine has)."""
    kind = resolved_backend(settings)
    if kind == "cups":
        return CupsBackend(settings.print_queue, settings.print_timeout_s, run=run or run_command())
    if kind == "windows":
        return WindowsBackend()
    if kind == "folder" and (folder or settings.print_folder) is not None:
        return FolderBackend(folder or settings.print_folder)  # type: ignore[arg-type]
    return NoPrinter()


def print_pdf(pdf: bytes, backend: Backend, spool: Spool, *, copies: int = 1, title: str = "lista") -> Printed:
    """Print ``pdf`` through ``backend``: a temporary file in the spool, removed again at once unless the
    backend reads it later (then the next reset removes it)."""
    path = spool.write(pdf)
    try:
        reference = backend.print(path, max(1, copies), title)
    finally:
        if not backend.keeps_file:
            spool.remove(path)
    return Printed(backend.name, reference, max(1, copies))
