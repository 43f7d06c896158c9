"""The status file monitoring reads: written atomically after a sync and a print, with data age, each
source's last result, the last print, the version and the free disk."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from kiosk import __version__
from kiosk.config import load_config
from kiosk.statusfile import FILE_NAME, PrintOutcome, read_status, record_print, write_status
from kiosk.sync import run_sync
from tests.sync_helpers import local_rows, write_config, write_local


def _config(tmp_path, rows=7):
    write_local(tmp_path / "local.json", local_rows(rows))
    return load_config(write_config(tmp_path, '[[sources]]\nkind = "local"\npath = "local.json"\n'), env={})


def test_a_sync_writes_the_status_file_with_age_sources_version_and_disk(tmp_path):
    config = _config(tmp_path)
    assert read_status(config.data_dir) is None
    assert run_sync(config, None).ok  # type: ignore[arg-type]  # the local source needs no client
    data = json.loads((config.data_dir / FILE_NAME).read_text(encoding="utf-8"))
    assert data["schema"] == 1 and data["version"] == __version__ and data["event"] == "sync"
    assert data["data"]["items"] == 7 and not data["data"]["demo"]
    assert data["data"]["created_at"] and 0 <= data["data"]["age_days"] < 1
    [source] = data["sources"]
    assert source["ok"] is True and source["kind"] == "local" and source["last_success"] == source["last_attempt"]
    assert data["disk"]["free_bytes"] > 0 and data["disk"]["total_bytes"] >= data["disk"]["free_bytes"]
    assert data["last_print"] is None
    assert not list(config.data_dir.glob(".status-*")), "no temporary file left"


def test_a_failed_sync_is_in_the_status_with_its_reason(tmp_path):
    config = _config(tmp_path)
    (tmp_path / "local.json").write_text("[not json", encoding="utf-8")
    run_sync(config, None)  # type: ignore[arg-type]
    [source] = read_status(config.data_dir)["sources"]  # type: ignore[index]
    assert source["ok"] is False and source["message"] and source["last_success"] is None


def test_the_last_print_is_kept_across_later_writes(tmp_path):
    config = _config(tmp_path)
    record_print(config, PrintOutcome(ok=False, what="list", problem="out_of_paper", backend="cups"))
    first = read_status(config.data_dir)
    assert first is not None and first["event"] == "print"
    assert first["last_print"]["ok"] is False and first["last_print"]["problem"] == "out_of_paper"
    when = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    write_status(config, event="start", now=when)
    later = read_status(config.data_dir)
    assert later is not None and later["event"] == "start" and later["written_at"] == when.isoformat()
    assert later["last_print"] == first["last_print"]
    assert later["data"]["demo"] is True and later["data"]["age_days"] is None  # nothing synced yet


def test_an_unwritable_data_dir_is_no_error(tmp_path):
    config = _config(tmp_path)
    config.data_dir.parent.mkdir(parents=True, exist_ok=True)
    config.data_dir.write_text("a file where the folder should be", encoding="utf-8")
    assert write_status(config, event="start") is None


def test_writers_take_turns_so_the_last_print_is_never_lost(tmp_path):
    import threading

    config = _config(tmp_path)
    record_print(config, PrintOutcome(ok=True, what="sheet", backend="folder"))
    errors: list[BaseException] = []

    def starts() -> None:
        try:
            for _ in range(20):
                write_status(config, event="start")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=starts) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    data = read_status(config.data_dir)
    assert not errors and data is not None and data["last_print"]["what"] == "sheet"
    assert not list(config.data_dir.glob(".status-*"))


def test_a_failed_sync_reason_in_plain_words():
    from kiosk.syncwords import OTHER, plain_reason

    assert plain_reason(None) is None
    cases = {
        "ptv: not fetched: the sync's deadline (30 min) had passed": "took too long",
        "ptv: this run would leave 2 of its 900 items, so the old ones are kept": "far fewer items",
        "ptv: PTV v12 needs an API key (x-api-key): PTV_API_KEY is not set": "key",
        "ptv: HTTP 401 from https://api.palvelutietovaranto.suomi.fi": "key",
        "ptv: [Errno 111] Connection refused": "No connection",
        "ptv: [Errno -3] Temporary failure in name resolution": "No connection",
        "ptv: HTTP 503 Service Unavailable": "server had a problem",
        "another sync is already running for this data directory": "Another update",
        "ptv: not saved: unexpected OSError: [Errno 28] No space left on device": "disk",
        "ptv: unexpected KeyError: 'itemList'": OTHER,
    }
    for message, words in cases.items():
        assert words in (plain_reason(message) or ""), message
