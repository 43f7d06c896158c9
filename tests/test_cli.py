"""The CLI contract: commands, JSON fields, exit codes and error messages that name file, line and key."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import EXIT_NOT_FOUND, EXIT_USAGE, main
from tests.sync_helpers import local_rows, write_config, write_local

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-data")


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_status_json_on_the_demo_tray(capsys, demo_dir, monkeypatch):
    monkeypatch.delenv("HYTE_KIOSK_CONFIG", raising=False)
    code, out, _ = run_cli(capsys, "--data-dir", str(demo_dir), "status", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["demo"] is True
    assert data["items"] >= 300
    assert set(data["by_category"]) >= {"sports", "mental", "substances", "integration", "everyday"}
    assert all(n >= 8 for n in data["by_category"].values())
    assert data["by_municipality"]["205"] > 0
    assert "missing" in data["coverage"]


def test_status_text_says_demo(capsys, demo_dir, monkeypatch):
    monkeypatch.delenv("HYTE_KIOSK_CONFIG", raising=False)
    code, out, _ = run_cli(capsys, "--data-dir", str(demo_dir), "status")
    assert code == 0 and "DEMO DATA" in out and "esimerkkiaineisto" in out


def test_status_says_which_finnish_analyser_is_in_use(capsys, demo_dir, monkeypatch, tmp_path):
    monkeypatch.delenv("HYTE_KIOSK_CONFIG", raising=False)
    code, out, _ = run_cli(capsys, "--data-dir", str(demo_dir), "status", "--json")
    assert code == 0 and json.loads(out)["analyser"] == {"fi": "voikko", "sv": "snowball", "en": "snowball"}
    code, out, _ = run_cli(capsys, "--data-dir", str(demo_dir), "status")
    assert "Finnish search: Voikko" in out
    monkeypatch.setenv("HYTE_KIOSK_ANALYSER", "snowball")  # as where libvoikko or voikko-fi is missing
    code, out, _ = run_cli(capsys, "--data-dir", str(tmp_path), "status", "--json")
    assert json.loads(out)["analyser"]["fi"] == "snowball"
    code, out, _ = run_cli(capsys, "--data-dir", str(tmp_path), "status")
    assert "Finnish search: Snowball stemmer only (fallback" in out


def test_search_text_says_when_it_corrected_a_typo(capsys, demo_dir, monkeypatch):
    monkeypatch.delenv("HYTE_KIOSK_CONFIG", raising=False)
    code, out, _ = run_cli(capsys, "--data-dir", str(demo_dir), "search", "kuntosli")
    assert code == 0 and "showing 'kuntosali' instead" in out


def test_search_json_rows_carry_the_contract_fields(capsys, demo_dir, monkeypatch):
    monkeypatch.delenv("HYTE_KIOSK_CONFIG", raising=False)
    code, out, _ = run_cli(capsys, "--data-dir", str(demo_dir), "search", "kuntosalille", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows, "an inflected form must find its base word"
    for key in ("id", "name", "categories", "municipalities", "free"):
        assert key in rows[0]
    assert any("kuntosali" in r["name"].lower() for r in rows)


def test_search_free_means_known_free(capsys, demo_dir, monkeypatch):
    monkeypatch.delenv("HYTE_KIOSK_CONFIG", raising=False)
    code, out, _ = run_cli(capsys, "--data-dir", str(demo_dir), "search", "", "--free", "--limit", "500", "--json")
    rows = json.loads(out)
    assert code == 0 and rows and all(r["free"] is True and r["cost"] == "free" for r in rows)


@pytest.mark.parametrize("text", ['"', "-", "kunto-", 'a" OR 1', "NEAR(", "*", "🙂", "x" * 5000])
def test_hostile_queries_do_not_raise(capsys, demo_dir, monkeypatch, text):
    monkeypatch.delenv("HYTE_KIOSK_CONFIG", raising=False)
    code, out, _ = run_cli(capsys, "--data-dir", str(demo_dir), "search", text, "--json")
    assert code == 0 and isinstance(json.loads(out), list)


def test_show_json_has_locations_phones_description(capsys, demo_dir, monkeypatch):
    monkeypatch.delenv("HYTE_KIOSK_CONFIG", raising=False)
    _, out, _ = run_cli(capsys, "--data-dir", str(demo_dir), "search", "", "--limit", "50", "--json")
    rows = json.loads(out)
    code, out, _ = run_cli(capsys, "--data-dir", str(demo_dir), "show", rows[0]["id"], "--json")
    assert code == 0
    data = json.loads(out)
    for key in ("id", "name", "locations", "phones", "description", "categories", "municipalities"):
        assert key in data
    with_location = [r for r in rows if r]
    assert with_location


def test_unknown_id_exits_3(capsys, demo_dir, monkeypatch):
    monkeypatch.delenv("HYTE_KIOSK_CONFIG", raising=False)
    code, _, err = run_cli(capsys, "--data-dir", str(demo_dir), "show", "ptv:does-not-exist")
    assert code == EXIT_NOT_FOUND and "ptv:does-not-exist" in err


def test_malformed_config_names_file_line_and_key(capsys, tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('default_language = "fi"\n\n[region]\nname = "X"\nmunicipalities = ["205", "20"]\n')
    code, _, err = run_cli(capsys, "--config", str(cfg), "status")
    assert code == EXIT_USAGE
    assert "kiosk.toml" in err and "line 5" in err and "municipalities" in err


def test_toml_syntax_error_names_the_line(capsys, tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text('default_language = "fi"\nlanguages = ["fi", "sv"\n')
    code, _, err = run_cli(capsys, "--config", str(cfg), "status")
    assert code == EXIT_USAGE and "bad.toml" in err and "line" in err


def test_missing_config_file_is_a_clear_error(capsys, tmp_path):
    code, _, err = run_cli(capsys, "--config", str(tmp_path / "nope.toml"), "status")
    assert code == EXIT_USAGE and "nope.toml" in err


def test_sync_with_no_sources_explains_demo(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("HYTE_KIOSK_CONFIG", raising=False)
    code, _, err = run_cli(capsys, "--data-dir", str(tmp_path), "sync")
    assert code == EXIT_USAGE and "demo" in err


def test_sync_then_status_and_search_on_a_local_source(capsys, tmp_path):
    local = write_local(tmp_path / "local.json", local_rows(20))
    cfg = write_config(tmp_path, f'[[sources]]\nkind = "local"\npath = "{local.name}"\n')
    code, out, _ = run_cli(capsys, "--config", str(cfg), "sync")
    assert code == 0 and "20 items" in out
    code, out, _ = run_cli(capsys, "--config", str(cfg), "status", "--json")
    data = json.loads(out)
    assert data["demo"] is False and data["items"] == 20
    assert data["sources"][0]["last_ok"] is True
    code, out, _ = run_cli(capsys, "--config", str(cfg), "search", "kyläkerhoon", "--municipality", "765", "--json")
    rows = json.loads(out)
    assert rows and all("765" in r["municipalities"] for r in rows)


def test_unreachable_source_exits_nonzero_with_a_reason(capsys, tmp_path):
    cfg = write_config(tmp_path, '[[sources]]\nkind = "ptv11"\nbase_url = "http://127.0.0.1:9/api/v11/"\ntimeout_s = 1\n')
    code, _, err = run_cli(capsys, "--config", str(cfg), "sync")
    assert code == 1 and "FAILED" in err and "connection" in err


def test_python_dash_m_kiosk_works():
    result = subprocess.run([sys.executable, "-m", "kiosk", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and "hyte-kiosk" in result.stdout
