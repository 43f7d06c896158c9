"""``hyte-kiosk doctor``: checks the machine the kiosk runs on, one line per check, OK / WARN / FAIL and what
to do. Exit 0 when nothing failed, 1 when something did (a WARN alone is 0).

The checks: the config is valid; a display is there (Wayland or X11 socket, or the Qt platform named — the
core never imports Qt, so the environment and the sockets are looked at) and Qt starts on it (tried in a
child process); the theme's font is installed
(``fc-list``); the printer queue answers (``lpstat``, when the print backend is CUPS); Voikko and its Finnish
dictionary load; the data directory is writable and has room; the clock is not before this version was
made, nor before the data it holds was made.

Everything outside is injectable (:class:`Machine`): the environment, the command runner, the clock, the
Voikko probe — so each failure has a test that makes it happen.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kiosk import snapshot, synclog
from kiosk.command import EXIT_FAILED, EXIT_OK, Command
from kiosk.config import Config

OK, WARN, FAIL = "OK", "WARN", "FAIL"
THEME_FONT = "DejaVu Sans"  # ui.theme.FONT_FAMILY (a test keeps them equal; the core does not import ui)
#: This version was made after this moment: a clock before it has lost its time (a flat CMOS battery).
NOT_BEFORE = datetime(2026, 11, 1, tzinfo=UTC)
LOW_DISK_BYTES = 200 * 1024 * 1024
CLOCK_SLACK_S = 24 * 3600  # time zones and a snapshot made on a machine whose clock ran a little fast

Run = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


def run_tool(argv: Sequence[str], extra_env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a system tool in the C locale; a missing tool is exit code 127, a hung one 124."""
    env = {**os.environ, **(extra_env or {}), "LC_ALL": "C"}
    try:
        return subprocess.run(list(argv), capture_output=True, text=True, env=env, timeout=15, check=False)
    except FileNotFoundError:
        return subprocess.CompletedProcess(list(argv), 127, "", f"{argv[0]}: not installed")
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(list(argv), 124, "", f"{argv[0]}: did not answer in 15 s")


def voikko_loads() -> str | None:
    """``None`` when Voikko analyses a Finnish word, else what went wrong."""
    try:
        from kiosk.stemming import finnish_analyser

        if finnish_analyser() == "voikko":
            return None
        return "the Snowball fallback is in use"
    except Exception as exc:  # noqa: BLE001 - any failure to load is the answer
        return f"{type(exc).__name__}: {exc}"


@dataclass
class Machine:
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    run: Run = run_tool
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    voikko: Callable[[], str | None] = voikko_loads
    platform: str = sys.platform
    x11_sockets: Path = Path("/tmp/.X11-unix")


@dataclass(frozen=True)
class Check:
    name: str
    level: str
    message: str

    def line(self) -> str:
        return f"{self.level:<4}  {self.name:<8}  {self.message}"


# --- the checks --------------------------------------------------------------------------------------


def check_config(config: Config | None, error: str | None) -> Check:
    if error is not None or config is None:
        return Check("config", FAIL, f"{error}. Fix that line (see docs/configuration.md), then run doctor again.")
    if config.path is None:
        return Check("config", WARN, "no config file: the kiosk shows demo data. Set HYTE_KIOSK_CONFIG or --config.")
    if config.demo:
        return Check("config", WARN, f"{config.path} is valid but names no sources: the kiosk shows demo data.")
    return Check("config", OK, f"{config.path} is valid ({len(config.sources)} sources)")


def check_display(m: Machine) -> Check:
    env = m.env
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform.startswith("offscreen") or platform.startswith("minimal"):
        return Check("display", WARN, f"QT_QPA_PLATFORM={platform}: nothing is shown on a screen. "
                                      "Unset it for the kiosk service.")
    if m.platform.startswith("win"):
        return Check("display", OK, "Windows desktop")
    runtime = env.get("XDG_RUNTIME_DIR", "")
    wayland = env.get("WAYLAND_DISPLAY", "")
    if wayland:
        socket = Path(wayland) if wayland.startswith("/") else Path(runtime or "/nonexistent") / wayland
        if socket.exists():
            return Check("display", OK, f"Wayland display {wayland}")
        return Check("display", FAIL, f"WAYLAND_DISPLAY={wayland} but {socket} does not exist: is the compositor "
                                      "(cage) running? Check: systemctl status hyte-kiosk")
    display = env.get("DISPLAY", "")
    if display:
        number = display.rpartition(":")[2].split(".")[0]
        if display.startswith(":") and number.isdigit() and not (m.x11_sockets / f"X{number}").exists():
            return Check("display", FAIL, f"DISPLAY={display} but no X server answers on it: start the display, "
                                          "or run the kiosk from its service")
        return Check("display", OK, f"X11 display {display}")
    if runtime and (found := sorted(Path(runtime).glob("wayland-[0-9]*"))):
        names = [p.name for p in found if not p.name.endswith(".lock")]
        if names:
            return Check("display", OK, f"a Wayland display is running ({names[0]}), for the kiosk user")
    return Check("display", FAIL, "no display found (no WAYLAND_DISPLAY, DISPLAY or Wayland socket): is the kiosk "
                                  "service running? Check: systemctl status hyte-kiosk")


QT_PROBE = ("import sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication(['hyte-kiosk-doctor'])\n"
            "print(app.platformName())\n")


def qt_platform(env: Mapping[str, str]) -> str | None:
    """The Qt platform the kiosk would start on here, or None when there is no display to try."""
    if env.get("QT_QPA_PLATFORM"):
        return env["QT_QPA_PLATFORM"].split(":")[0]
    if env.get("WAYLAND_DISPLAY"):
        return "wayland"
    if env.get("DISPLAY"):
        return "xcb"
    return None


def check_qt(m: Machine) -> Check:
    """Qt itself starts on the display (its platform plugin and the libraries it needs load), in a child
    process: the core never imports Qt."""
    platform = qt_platform(m.env)
    if platform is None:
        return Check("qt", WARN, "not checked: no display here (run doctor in the kiosk's session to check Qt)")
    answer = run_tool([sys.executable, "-c", QT_PROBE], m.env)
    if answer.returncode == 0:
        return Check("qt", OK, f"Qt starts on {answer.stdout.strip() or platform}")
    lines = [line.strip() for line in answer.stderr.splitlines() if line.strip()]
    why = next((line for line in lines if "could not" in line.lower()), lines[-1] if lines else "no message")
    hint = ("Install qt6-wayland" if platform == "wayland" else
            "Install libxcb-cursor0 and the other libxcb packages scripts/setup lists" if platform == "xcb" else
            "Check QT_QPA_PLATFORM")
    return Check("qt", FAIL, f"Qt cannot start on {platform}: {why[:240].rstrip('.')}. {hint}.")


def check_fonts(m: Machine) -> Check:
    answer = m.run(["fc-list", f"{THEME_FONT}:style=Book", "family"])
    if answer.returncode == 127:
        return Check("fonts", WARN, "fc-list is not installed, so the font cannot be checked (apt install fontconfig)")
    if answer.returncode != 0:
        return Check("fonts", WARN, f"fc-list failed: {answer.stderr.strip()[:200]}")
    if THEME_FONT.lower() not in answer.stdout.lower():
        return Check("fonts", FAIL, f"the font {THEME_FONT} is not installed: letters may be missing or too "
                                    "wide. Install it: apt install fonts-dejavu-core")
    return Check("fonts", OK, f"{THEME_FONT} is installed")


def check_printer(config: Config | None, m: Machine) -> Check:
    if config is None:
        return Check("printer", WARN, "not checked: the config could not be read")
    from kiosk.takehome.settings import resolved_backend

    settings = config.takehome
    has_lp = m.run(["lpstat", "-r"]).returncode != 127
    backend = resolved_backend(settings, platform=m.platform, has_lp=has_lp)
    if backend == "none":
        return Check("printer", WARN, "no printer is set up: lists go home only as QR codes "
                                      "([takehome] print_backend, docs/configuration.md)")
    if backend == "folder":
        folder = settings.print_folder
        if folder is None or not _writable(folder):
            return Check("printer", FAIL, f"the print folder {folder} cannot be written: create it or fix its owner")
        return Check("printer", OK, f"prints are saved into {folder}")
    if backend == "windows":
        return Check("printer", OK, "Windows: prints through the default PDF application (not checked here)")
    return _check_cups(settings.print_queue, m)


def _check_cups(queue: str | None, m: Machine) -> Check:
    from kiosk.takehome.printing import CupsBackend, PrintError

    if m.run(["lpstat", "-r"]).returncode == 127:
        return Check("printer", FAIL, "print_backend is cups but lpstat is not installed: apt install cups-client")
    cups = CupsBackend(queue, run=m.run)
    try:
        name = cups.destination()
        problem = cups.state(name)
    except PrintError as exc:
        return Check("printer", FAIL, f"no printer queue: {exc.detail or exc.problem}. Add the printer in CUPS "
                                      "(lpadmin) or set [takehome] print_queue")
    if problem == "out_of_paper":
        return Check("printer", FAIL, f"the printer {name} is out of paper (or jammed): add paper")
    if problem is not None:
        return Check("printer", FAIL, f"the printer {name} is stopped or offline: check its power and cable, "
                                      f"then: cupsenable {name}")
    return Check("printer", OK, f"the queue {name} is ready")


def check_voikko(m: Machine) -> Check:
    problem = m.voikko()
    if problem is None:
        return Check("voikko", OK, "Voikko and its Finnish dictionary load")
    return Check("voikko", WARN, f"Voikko does not load ({problem}): Finnish search finds fewer word forms. "
                                 "Install it: apt install libvoikko1 voikko-fi")


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-", delete=True) as fh:
            fh.write(b"ok")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        return False
    return True


def check_data_dir(config: Config | None) -> Check:
    if config is None:
        return Check("data", WARN, "not checked: the config could not be read")
    folder = config.data_dir
    if not _writable(folder):
        return Check("data", FAIL, f"the data directory {folder} is not writable by this user: "
                                   "chown it to the kiosk user (hyte-kiosk)")
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return Check("data", OK, f"{folder} is writable")
    if free < LOW_DISK_BYTES:
        return Check("data", WARN, f"{folder} is writable but only {free // (1024 * 1024)} MB are free: "
                                   "a sync needs room for a second snapshot. Free some space.")
    return Check("data", OK, f"{folder} is writable; {free // (1024 * 1024)} MB free")


def _data_times(config: Config) -> list[tuple[str, datetime]]:
    """When this kiosk's data was made: the live snapshot's stamp, the newest sync log entry."""
    times: list[tuple[str, datetime]] = []
    path = snapshot.live_path(config.data_dir, configured=not config.demo)
    if path.exists() and path != snapshot.demo_path(config.data_dir):
        with suppress(sqlite3.Error, ValueError, TypeError):
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
                row = db.execute("SELECT value FROM meta WHERE key = 'created_at'").fetchone()
            if row and row[0]:
                times.append(("the snapshot was made", datetime.fromisoformat(row[0])))
    with suppress(sqlite3.Error, ValueError, TypeError, OSError):
        newest = synclog.recent(config.data_dir, 1)
        if newest:
            times.append(("the last sync finished", datetime.fromisoformat(newest[0]["finished"])))
    return [(what, when if when.tzinfo else when.replace(tzinfo=UTC)) for what, when in times]


def check_clock(config: Config | None, m: Machine) -> Check:
    now = m.now()
    fix = "set the time (timedatectl set-ntp true; check the machine's battery)"
    if now < NOT_BEFORE:
        return Check("clock", FAIL, f"the clock says {now:%Y-%m-%d}, before this version was made: {fix}")
    for what, when in _data_times(config) if config is not None else []:
        if (when - now).total_seconds() > CLOCK_SLACK_S:
            return Check("clock", FAIL, f"the clock says {now:%Y-%m-%d %H:%M}, but {what} at {when:%Y-%m-%d %H:%M}:"
                                        f" {fix}")
    return Check("clock", OK, f"{now:%Y-%m-%d %H:%M} UTC")


def run_checks(config: Config | None, config_error: str | None, m: Machine) -> list[Check]:
    return [
        check_config(config, config_error),
        check_display(m),
        check_qt(m),
        check_fonts(m),
        check_printer(config, m),
        check_voikko(m),
        check_data_dir(config),
        check_clock(config, m),
    ]


def report(checks: list[Check]) -> int:
    for check in checks:
        print(check.line())
    failed = sum(c.level == FAIL for c in checks)
    print(f"{failed} failed, {sum(c.level == WARN for c in checks)} warnings." if failed or any(
        c.level == WARN for c in checks) else "Everything is in order.")
    return EXIT_FAILED if failed else EXIT_OK


def cmd_doctor(config: Config, args: argparse.Namespace) -> int:
    return report(run_checks(config, None, Machine()))


def doctor_with_config_error(error: str, args: argparse.Namespace) -> int:
    """The config could not be read: say so as the first check and run the others that need no config."""
    return report(run_checks(None, error, Machine()))


COMMANDS: tuple[Command, ...] = (
    Command("doctor", "check this machine for the kiosk: display, fonts, printer, Voikko, data, clock, config",
            cmd_doctor, on_config_error=doctor_with_config_error),
)

__all__ = ["COMMANDS", "Check", "FAIL", "Machine", "OK", "THEME_FONT", "WARN", "check_clock", "check_config",
           "check_data_dir", "check_display", "check_fonts", "check_printer", "check_qt", "check_voikko",
           "run_checks"]
