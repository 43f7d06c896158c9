"""``hyte-kiosk doctor``: one line per check, OK/WARN/FAIL and what to do; exit 1 when a check failed.
Each failure it names is made to happen here."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import load_config
from kiosk.doctor import (
    FAIL,
    NOT_BEFORE,
    OK,
    THEME_FONT,
    WARN,
    Machine,
    check_clock,
    check_config,
    check_data_dir,
    check_display,
    check_fonts,
    check_printer,
    check_voikko,
    run_tool,
)
from kiosk.sync import run_sync
from tests.cups_support import Cups, cups  # noqa: F401 - the fixture
from tests.sync_helpers import local_rows, write_config, write_local

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def machine(**kw) -> Machine:  # type: ignore[no-untyped-def]
    kw.setdefault("env", {})
    kw.setdefault("now", lambda: NOW)
    return Machine(**kw)


def _config(tmp_path: Path, takehome: str = ""):  # type: ignore[no-untyped-def]
    write_local(tmp_path / "local.json", local_rows(3))
    text = '[[sources]]\nkind = "local"\npath = "local.json"\n' + (f"\n[takehome]\n{takehome}\n" if takehome else "")
    return load_config(write_config(tmp_path, text), env={})


def test_the_theme_font_is_the_one_the_ui_uses():
    from ui.theme import FONT_FAMILY

    assert THEME_FONT == FONT_FAMILY


# -- display -------------------------------------------------------------------------------------------


def test_display_a_wayland_socket_is_ok_and_a_missing_one_fails(tmp_path):
    (tmp_path / "wayland-0").touch()
    good = check_display(machine(env={"XDG_RUNTIME_DIR": str(tmp_path), "WAYLAND_DISPLAY": "wayland-0"}))
    assert good.level == OK
    bad = check_display(machine(env={"XDG_RUNTIME_DIR": str(tmp_path), "WAYLAND_DISPLAY": "wayland-1"}))
    assert bad.level == FAIL and "cage" in bad.message and "systemctl status hyte-kiosk" in bad.message


def test_display_none_at_all_fails_and_a_running_compositor_is_found_from_ssh(tmp_path):
    none = check_display(machine(env={"XDG_RUNTIME_DIR": str(tmp_path)}))
    assert none.level == FAIL and "no display found" in none.message
    (tmp_path / "wayland-0").touch()
    (tmp_path / "wayland-0.lock").touch()
    assert check_display(machine(env={"XDG_RUNTIME_DIR": str(tmp_path)})).level == OK


def test_display_x11_without_its_socket_fails_and_offscreen_warns(tmp_path):
    bad = check_display(machine(env={"DISPLAY": ":7"}, x11_sockets=tmp_path))
    assert bad.level == FAIL and "DISPLAY=:7" in bad.message
    (tmp_path / "X7").touch()
    assert check_display(machine(env={"DISPLAY": ":7"}, x11_sockets=tmp_path)).level == OK
    off = check_display(machine(env={"QT_QPA_PLATFORM": "offscreen", "WAYLAND_DISPLAY": "wayland-0"}))
    assert off.level == WARN and "QT_QPA_PLATFORM" in off.message


# -- fonts ---------------------------------------------------------------------------------------------


def test_fonts_the_real_fc_list_finds_the_theme_font():
    assert check_fonts(machine()).level == OK  # scripts/setup installs fonts-dejavu-core


def test_fonts_a_missing_font_fails_with_the_package_to_install(tmp_path):
    # A real fc-list, run with a font configuration that holds no fonts at all.
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"<?xml version='1.0'?><fontconfig><dir>{tmp_path}</dir>"
                    f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>", encoding="utf-8")

    def run(argv):  # type: ignore[no-untyped-def]
        return subprocess.run(list(argv), capture_output=True, text=True, check=False,
                               env={"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin"})

    check = check_fonts(machine(run=run))
    assert check.level == FAIL and "fonts-dejavu-core" in check.message


def test_fonts_without_fc_list_warns():
    check = check_fonts(machine(run=lambda argv: run_tool(["no-such-fc-list-here", *argv[1:]])))
    assert check.level == WARN and "fontconfig" in check.message


# -- printer -------------------------------------------------------------------------------------------


def test_printer_none_configured_warns(tmp_path):
    check = check_printer(_config(tmp_path, 'print_backend = "none"'), machine())
    assert check.level == WARN and "QR" in check.message


def test_printer_a_folder_that_cannot_be_written_fails(tmp_path):
    (tmp_path / "blocked").write_text("a file, not a folder", encoding="utf-8")
    bad = check_printer(_config(tmp_path, 'print_backend = "folder"\nprint_folder = "blocked/prints"'), machine())
    assert bad.level == FAIL and "cannot be written" in bad.message
    good = check_printer(_config(tmp_path, 'print_backend = "folder"\nprint_folder = "prints"'), machine())
    assert good.level == OK


def test_printer_cups_without_lpstat_fails(tmp_path):
    check = check_printer(_config(tmp_path, 'print_backend = "cups"'),
                          machine(run=lambda argv: run_tool([f"/nonexistent/{argv[0]}", *argv[1:]])))
    assert check.level == FAIL and "cups-client" in check.message


def test_printer_real_queues_ready_stopped_and_missing(tmp_path, cups: Cups):  # noqa: F811 - the fixture
    run = lambda argv: cups.run(*argv)  # noqa: E731
    cups.add_queue("doctor_ok")
    ok = check_printer(_config(tmp_path, 'print_backend = "cups"\nprint_queue = "doctor_ok"'), machine(run=run))
    assert ok.level == OK and "doctor_ok" in ok.message
    cups.add_queue("doctor_stopped")
    assert cups.run("cupsdisable", "doctor_stopped").returncode == 0
    stopped = check_printer(_config(tmp_path, 'print_backend = "cups"\nprint_queue = "doctor_stopped"'),
                            machine(run=run))
    assert stopped.level == FAIL and "cupsenable doctor_stopped" in stopped.message
    missing = check_printer(_config(tmp_path, 'print_backend = "cups"\nprint_queue = "doctor_none"'),
                            machine(run=run))
    assert missing.level == FAIL and "no printer queue" in missing.message


# -- Voikko, data, clock, config -----------------------------------------------------------------------


def test_voikko_loads_here_and_a_missing_one_warns():
    assert check_voikko(machine()).level == OK  # scripts/setup installs libvoikko1 and voikko-fi
    check = check_voikko(machine(voikko=lambda: "OSError: libvoikko.so.1: cannot open shared object file"))
    assert check.level == WARN and "voikko-fi" in check.message


def test_data_dir_that_cannot_be_written_fails(tmp_path):
    config = _config(tmp_path)
    assert check_data_dir(config).level == OK
    config.data_dir.rmdir() if config.data_dir.exists() else None
    config.data_dir.parent.mkdir(parents=True, exist_ok=True)
    config.data_dir.write_text("a file where the folder should be", encoding="utf-8")
    check = check_data_dir(config)
    assert check.level == FAIL and "not writable" in check.message


def test_clock_before_this_version_or_before_the_data_fails(tmp_path):
    config = _config(tmp_path)
    early = check_clock(config, machine(now=lambda: datetime(2001, 1, 1, tzinfo=UTC)))
    assert early.level == FAIL and "timedatectl" in early.message
    assert check_clock(config, machine(now=lambda: NOT_BEFORE)).level == OK
    assert run_sync(config, None).ok  # type: ignore[arg-type]  # the snapshot is stamped with the real time
    behind = check_clock(config, machine(now=lambda: NOT_BEFORE))
    if datetime.now(UTC) > NOT_BEFORE.replace(day=3):  # the data is newer than the clock by days
        assert behind.level == FAIL and "snapshot was made" in behind.message
    assert check_clock(config, machine(now=lambda: datetime.now(UTC))).level == OK


def test_config_missing_demo_or_broken(tmp_path):
    assert check_config(load_config(None, env={}), None).level == WARN
    assert check_config(_config(tmp_path), None).level == OK
    broken = check_config(None, "kiosk.toml, line 3, key 'idle_timeout_s': must be at least 15")
    assert broken.level == FAIL and "line 3" in broken.message


def test_the_command_prints_one_line_per_check_and_exits_1_on_a_bad_config(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[kiosk]\nidle_timeout_s = 2\n", encoding="utf-8")
    code = main(["--config", str(bad), "doctor"])
    out = capsys.readouterr().out
    assert code == 1
    lines = [line for line in out.splitlines() if line[:4] in ("OK  ", "WARN", "FAIL")]
    assert [line.split()[1] for line in lines] == ["config", "display", "qt", "fonts", "printer", "voikko", "data", "clock"]
    assert lines[0].startswith("FAIL") and "idle_timeout_s" in lines[0]


@pytest.mark.parametrize("level", [OK, WARN])
def test_the_exit_code_is_0_without_failures(level, monkeypatch, capsys):
    from kiosk import doctor
    from kiosk.doctor import Check

    monkeypatch.setattr(doctor, "run_checks", lambda *a: [Check("config", level, "fine")])
    assert doctor.cmd_doctor(load_config(None, env={}), None) == 0  # type: ignore[arg-type]
    assert capsys.readouterr().out.startswith(level)


def test_qt_starts_on_the_display_or_says_what_to_install():
    from kiosk.doctor import check_qt

    ok = check_qt(machine(env={"QT_QPA_PLATFORM": "offscreen"}))
    assert ok.level == OK and "offscreen" in ok.message
    bad = check_qt(machine(env={"QT_QPA_PLATFORM": "nosuchplatform"}))
    assert bad.level == FAIL and "Qt cannot start on nosuchplatform" in bad.message
    assert "QT_QPA_PLATFORM" in bad.message
    wayland = check_qt(machine(env={"QT_QPA_PLATFORM": "", "WAYLAND_DISPLAY": "wayland-9",
                                    "XDG_RUNTIME_DIR": "/nonexistent"}))
    assert wayland.level == FAIL and "qt6-wayland" in wayland.message.lower()
    assert check_qt(machine(env={})).level == WARN, "nothing to try without a display"
