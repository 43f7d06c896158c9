"""Printing: a real CUPS queue (a private cupsd) where it can run, the folder backend always, printer
problems worded for residents and the job cancelled, and no temporary file left behind."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kiosk.i18n import gettext
from kiosk.takehome.printing import (
    NO_PRINTER,
    OFFLINE,
    OUT_OF_PAPER,
    PROBLEM_TEXTS,
    CupsBackend,
    FolderBackend,
    NoPrinter,
    PrintError,
    WindowsBackend,
    make_backend,
    print_pdf,
    run_command,
)
from kiosk.takehome.settings import TakeHomeSettings
from kiosk.takehome.spool import Spool
from tests.cups_support import Cups, cups  # noqa: F401 - the fixture

PDF = b"%PDF-1.4\n% a tiny stand-in\n%%EOF\n"


@pytest.fixture
def spool(tmp_path):
    s = Spool(tmp_path)
    yield s
    s.close()


def test_the_folder_backend_saves_the_pdf_and_leaves_no_temporary_file(tmp_path, spool):
    backend = FolderBackend(tmp_path / "saved")
    first = print_pdf(PDF, backend, spool, title="Oma lista")
    second = print_pdf(PDF, backend, spool, title="Oma lista")
    assert Path(first.reference).read_bytes() == PDF
    assert Path(first.reference).name == "Oma-lista-1.pdf" and Path(second.reference).name == "Oma-lista-2.pdf"
    assert spool.files() == []


def test_no_printer_is_a_clear_problem_and_the_temporary_file_is_gone(spool):
    with pytest.raises(PrintError) as caught:
        print_pdf(PDF, NoPrinter(), spool)
    assert caught.value.problem == NO_PRINTER
    assert spool.files() == []


def test_the_windows_verb_keeps_its_file_until_the_session_ends(spool):
    calls: list[tuple[str, str]] = []
    done = print_pdf(PDF, WindowsBackend(startfile=lambda path, verb: calls.append((path, verb))), spool, copies=2)
    assert calls == [(done.reference, "print")] * 2
    assert spool.files() == [Path(done.reference)]
    spool.clear()
    assert spool.files() == []


def test_every_problem_is_worded_in_finnish_swedish_and_english():
    for text in PROBLEM_TEXTS.values():
        fi, sv = gettext(text, "fi"), gettext(text, "sv")
        assert fi != text and sv != text and fi != sv
        assert "lista" in fi.lower() and "lista" in sv.lower()


def test_make_backend_follows_the_settings(tmp_path):
    folder = make_backend(TakeHomeSettings(print_backend="folder", print_folder=tmp_path))
    assert isinstance(folder, FolderBackend) and folder.folder == tmp_path
    assert isinstance(make_backend(TakeHomeSettings(print_backend="none")), NoPrinter)
    cups_backend = make_backend(TakeHomeSettings(print_backend="cups", print_queue="lobby", print_timeout_s=30))
    assert isinstance(cups_backend, CupsBackend) and cups_backend.queue == "lobby" and cups_backend.timeout_s == 30


# -- CUPS answers the real tools give, for states a test queue cannot reach (out of paper) -------------


class Script:
    """Answers for lp/lpstat/cancel as the real tools print them (LC_ALL=C)."""

    def __init__(self, alerts: str = "none", enabled: bool = True, completes: bool = True) -> None:
        self.alerts, self.enabled, self.completes = alerts, enabled, completes
        self.calls: list[list[str]] = []

    def __call__(self, argv):  # type: ignore[no-untyped-def]
        self.calls.append(list(argv))
        out = ""
        if argv[:3] == ["lpstat", "-l", "-p"]:
            state = "is idle.  enabled since Tue 24 Nov" if self.enabled else "disabled since Tue 24 Nov -\n\tPaused"
            out = f"printer {argv[3]} {state}\n\tAlerts: {self.alerts}\n"
        elif argv[0] == "lp":
            out = "request id is lobby-7 (1 file(s))\n"
        elif argv[:3] == ["lpstat", "-W", "completed"] and self.completes:
            out = "lobby-7                 kiosk            65536   Tue 24 Nov 2026 10:31:00\n"
        return subprocess.CompletedProcess(argv, 0, out, "")


def test_out_of_paper_is_reported_before_a_job_is_sent():
    script = Script(alerts="media-empty-error")
    with pytest.raises(PrintError) as caught:
        CupsBackend("lobby", run=script).print(Path("/tmp/x.pdf"), 1, "lista")
    assert caught.value.problem == OUT_OF_PAPER
    assert not any(call[0] == "lp" for call in script.calls)


def test_a_printer_that_stops_while_printing_gets_the_job_cancelled():
    script = Script(completes=False)
    backend = CupsBackend("lobby", run=script, sleep=lambda _s: setattr(script, "alerts", "media-needed"))
    with pytest.raises(PrintError) as caught:
        backend.print(Path("/tmp/x.pdf"), 1, "lista")
    assert caught.value.problem == OUT_OF_PAPER
    assert ["cancel", "lobby-7"] in script.calls


def test_a_job_that_never_completes_times_out_as_offline_and_is_cancelled():
    now = [0.0]
    script = Script(completes=False)
    backend = CupsBackend("lobby", timeout_s=10, run=script, clock=lambda: now[0],
                          sleep=lambda s: now.__setitem__(0, now[0] + 4))
    with pytest.raises(PrintError) as caught:
        backend.print(Path("/tmp/x.pdf"), 2, "lista")
    assert caught.value.problem == OFFLINE and ["cancel", "lobby-7"] in script.calls
    assert ["lp", "-d", "lobby", "-n", "2", "-t", "lista", "-o", "media=A4", "/tmp/x.pdf"] in script.calls


def test_a_completed_job_returns_its_id():
    assert CupsBackend("lobby", run=Script()).print(Path("/tmp/x.pdf"), 1, "lista") == "lobby-7"


# -- a real CUPS queue --------------------------------------------------------------------------------


def test_printing_through_a_real_cups_queue(cups: Cups, spool):  # noqa: F811 - the fixture
    target = cups.add_queue("kiosk_ok")
    backend = CupsBackend("kiosk_ok", timeout_s=30, run=run_command(cups.env), poll_s=0.1)
    pdf = PDF + b"% real\n"
    done = print_pdf(pdf, backend, spool, title="Oma lista")
    assert done.reference.startswith("kiosk_ok-")
    assert target.read_bytes() == pdf
    assert spool.files() == []


def test_a_stopped_real_queue_is_offline_and_keeps_nothing_queued(cups: Cups, spool):  # noqa: F811
    cups.add_queue("kiosk_stopped")
    assert cups.run("cupsdisable", "kiosk_stopped").returncode == 0
    backend = CupsBackend("kiosk_stopped", timeout_s=5, run=run_command(cups.env), poll_s=0.1)
    with pytest.raises(PrintError) as caught:
        print_pdf(PDF, backend, spool)
    assert caught.value.problem == OFFLINE
    assert cups.run("lpstat", "-o", "kiosk_stopped").stdout.strip() == ""
    assert spool.files() == []


def test_an_unknown_real_queue_is_no_printer(cups: Cups, spool):  # noqa: F811
    backend = CupsBackend("no_such_queue", timeout_s=5, run=run_command(cups.env))
    with pytest.raises(PrintError) as caught:
        print_pdf(PDF, backend, spool)
    assert caught.value.problem == NO_PRINTER
