"""The Debian kiosk install: the script into a scratch root (its result inspected) and the units verified by
``systemd-analyze verify`` when this machine has it."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import tomllib
from pathlib import Path

import pytest

from kiosk.config import load_config

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
UNITS = ("hyte-kiosk.service", "hyte-kiosk-sync.service", "hyte-kiosk-sync.timer", "hyte-kiosk-publish.service",
         "hyte-kiosk-publish.timer")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("root")
    result = subprocess.run(["sh", str(PACKAGING / "install.sh"), "--root", str(root), "--no-apt", "--no-venv",
                             "--no-user"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return root


def test_the_install_lays_out_opt_etc_and_var(installed):
    assert (installed / "opt/hyte-kiosk/pyproject.toml").is_file()
    assert (installed / "opt/hyte-kiosk/kiosk/stats.py").is_file()
    assert not (installed / "opt/hyte-kiosk/.venv").exists() and not (installed / "opt/hyte-kiosk/.git").exists()
    assert (installed / "var/lib/hyte-kiosk").is_dir()
    assert (installed / "etc/hyte-kiosk/secrets.env").stat().st_mode & 0o077 == 0
    for unit in UNITS:
        assert (installed / "etc/systemd/system" / unit).read_text() == (PACKAGING / unit).read_text()


def test_the_config_skeleton_is_valid_and_kept_on_update(installed):
    cfg = installed / "etc/hyte-kiosk/kiosk.toml"
    tomllib.loads(cfg.read_text(encoding="utf-8"))
    assert load_config(cfg).data_dir == Path("/var/lib/hyte-kiosk")
    cfg.write_text(cfg.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    subprocess.run(["sh", str(PACKAGING / "install.sh"), "--root", str(installed), "--no-apt", "--no-venv",
                    "--no-user"], check=True, capture_output=True, timeout=120)
    assert cfg.read_text(encoding="utf-8").endswith("# edited\n")


def test_a_publishing_machine_gets_the_folder_to_serve_and_a_unit_that_publishes_only_after_a_good_sync(
        tmp_path):
    root = tmp_path / "root"
    result = subprocess.run(["sh", str(PACKAGING / "install.sh"), "--root", str(root), "--no-apt", "--no-venv",
                             "--no-user", "--publisher"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (root / "srv/hyte-kiosk").is_dir()
    unit = (root / "etc/systemd/system/hyte-kiosk-publish.service").read_text(encoding="utf-8")
    starts = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    # Type=oneshot runs them in order and stops at the first that fails: no publish after a failed sync.
    assert "Type=oneshot" in unit and len(starts) == 2
    assert starts[0].endswith("hyte-kiosk sync")
    assert starts[1].endswith("hyte-kiosk publish --key ${PUBLISH_KEY} -o ${PUBLISH_DIR}")
    assert "Environment=PUBLISH_DIR=/srv/hyte-kiosk" in unit


def test_the_kiosk_unit_runs_only_the_kiosk_in_cage_and_restarts():
    unit = (PACKAGING / "hyte-kiosk.service").read_text()
    assert "ExecStart=/usr/bin/cage -s -- /opt/hyte-kiosk/.venv/bin/hyte-kiosk run" in unit
    assert "Restart=always" in unit and "User=hyte-kiosk" in unit and "WantedBy=graphical.target" in unit


def test_the_install_script_refuses_unknown_options_and_non_root():
    result = subprocess.run(["sh", str(PACKAGING / "install.sh"), "--bogus"], capture_output=True, text=True)
    assert result.returncode == 2


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_units_pass_systemd_analyze_verify(tmp_path):
    # The executables the units name exist on the kiosk, not here: stand-ins at the same place in the text.
    stub = tmp_path / "bin" / "stub"
    stub.parent.mkdir()
    stub.write_text("#!/bin/sh\n")
    stub.chmod(0o755)
    for unit in UNITS:
        text = (PACKAGING / unit).read_text()
        text = text.replace("/opt/hyte-kiosk/.venv/bin/hyte-kiosk", str(stub)).replace("/usr/bin/cage", str(stub))
        (tmp_path / unit).write_text(text)
    result = subprocess.run(["systemd-analyze", "verify", *(str(tmp_path / u) for u in UNITS)],
                            capture_output=True, text=True, timeout=60)
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if "hyte-kiosk" in line and "Failed to" not in line]
    assert result.returncode == 0 and not problems, result.stdout + result.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("runuser") is None,
                    reason="needs root and runuser to install for another user")
def test_the_kiosk_user_can_rewrite_its_config_but_never_touch_the_key(tmp_path_factory):
    """The staff page writes kiosk.toml as the kiosk user (temporary file + rename in /etc/hyte-kiosk); the
    same user must not be able to remove or replace root's secrets.env in that folder."""
    base = Path(tempfile.mkdtemp(prefix="hk-install-"))
    try:
        base.chmod(0o755)
        result = subprocess.run(["sh", str(PACKAGING / "install.sh"), "--root", str(base), "--no-apt", "--no-venv",
                                 "--no-user", "--user", "nobody"], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        etc = base / "etc/hyte-kiosk"

        def as_kiosk(script: str) -> int:
            return subprocess.run(["runuser", "-u", "nobody", "--", "sh", "-c", script], cwd=etc,
                                  capture_output=True, timeout=30).returncode

        assert as_kiosk("cat kiosk.toml > .kiosk.toml.tmp && echo '# staff' >> .kiosk.toml.tmp"
                        " && mv .kiosk.toml.tmp kiosk.toml") == 0
        assert (etc / "kiosk.toml").read_text(encoding="utf-8").endswith("# staff\n")
        assert as_kiosk("cat secrets.env") == 0  # the sync needs to read the key
        assert as_kiosk("rm -f secrets.env") != 0
        assert as_kiosk("echo PTV_API_KEY=x > .s.tmp && mv -f .s.tmp secrets.env") != 0
        assert as_kiosk("echo x >> secrets.env") != 0
        assert (etc / "secrets.env").read_text(encoding="utf-8") == "# PTV_API_KEY=...\n"
        assert (etc / "secrets.env").stat().st_uid == 0
    finally:
        shutil.rmtree(base, ignore_errors=True)
