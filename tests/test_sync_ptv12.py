"""The whole chain against a real local PTV v12 server: config → sync engine → snapshot → search.

Full sync, then an incremental one that changes only what changed and removes what was archived, then
a no-change run that publishes nothing; the API key travels only in the header.
"""

from __future__ import annotations

import json

import pytest

from kiosk import snapshot
from kiosk.cli import main
from tests.fakeserver import FakeServer
from tests.ptv12_fake import install_v12, make_dataset, uid
from tests.sync_helpers import write_config


@pytest.fixture
def region(tmp_path):
    ds = make_dataset(40)
    with FakeServer() as server:
        install_v12(server, ds)
        cfg = write_config(
            tmp_path,
            f'[[sources]]\nkind = "ptv"\nbase_url = "{server.url}/api/v12/"\napi_key_env = "HYTE_TEST_PTV_KEY"\n',
        )
        yield ds, server, cfg, tmp_path / "data"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_full_incremental_and_no_change_runs_through_the_cli(region, capsys, monkeypatch):
    ds, server, cfg, data = region
    monkeypatch.setenv("HYTE_TEST_PTV_KEY", "secret-key-123")
    code, out, err = _run(capsys, "--config", str(cfg), "sync")
    assert code == 0, err
    assert "secret-key-123" not in out + err
    assert all(h.get("x-api-key") == "secret-key-123" for _p, _q, h in server.log)
    code, out, _ = _run(capsys, "--config", str(cfg), "status", "--json")
    first = json.loads(out)
    assert first["demo"] is False and first["items"] > 0
    assert first["sources"][0]["last_ok"] is True
    before = snapshot.tray_path(data).stat().st_ino

    renamed, gone = f"ptv:{uid(1, 3)}", f"ptv:{uid(1, 4)}"
    code, out, _ = _run(capsys, "--config", str(cfg), "show", gone, "--json")
    assert code == 0
    ds.update("service", uid(1, 3), lambda s: s["languageVersions"]["fi"].update(name="Kuntosali uusi nimi"))
    ds.archive("service", uid(1, 4))
    code, out, err = _run(capsys, "--config", str(cfg), "sync")
    assert code == 0, err
    assert "incremental" in out and "new snapshot published" in out
    code, out, _ = _run(capsys, "--config", str(cfg), "show", renamed, "--json")
    assert json.loads(out)["name"] == "Kuntosali uusi nimi"
    code, _out, err = _run(capsys, "--config", str(cfg), "show", gone)
    assert code == 3 and gone in err
    code, out, _ = _run(capsys, "--config", str(cfg), "status", "--json")
    assert json.loads(out)["items"] == first["items"] - 1
    assert snapshot.tray_path(data).stat().st_ino != before  # a new file was swapped in

    published = snapshot.tray_path(data).stat().st_ino
    code, out, err = _run(capsys, "--config", str(cfg), "sync")
    assert code == 0, err
    assert "no changes" in out
    # Only the cursors moved on; that too is swapped in whole (never written into the live file in place).
    assert snapshot.tray_path(data).stat().st_ino != published
    assert json.loads(_run(capsys, "--config", str(cfg), "status", "--json")[1])["items"] == first["items"] - 1


def test_a_server_that_fails_mid_run_leaves_the_snapshot_as_it_was(region, capsys, monkeypatch):
    from tests.fakeserver import Fault

    ds, server, cfg, data = region
    monkeypatch.setenv("HYTE_TEST_PTV_KEY", "k")
    assert _run(capsys, "--config", str(cfg), "sync")[0] == 0
    tray = snapshot.tray_path(data)
    before = (tray.stat().st_ino, tray.read_bytes())
    ds.update("service", uid(1, 5), lambda s: s["languageVersions"]["fi"].update(name="Ei tallennu"))
    server.add_fault("/api/v12/connection/search", Fault("truncate"), times=100)
    code, _out, err = _run(capsys, "--config", str(cfg), "sync", "--full")
    assert code == 1 and "FAILED" in err and "secret" not in err
    assert (tray.stat().st_ino, tray.read_bytes()) == before
    code, out, _ = _run(capsys, "--config", str(cfg), "status", "--json")
    status = json.loads(out)
    assert status["sources"][0]["last_ok"] is False and status["sources"][0]["last_message"]
