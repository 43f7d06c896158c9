"""The sync engine end to end: real SQLite files, real local sources, a real local PTV-shaped server."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from kiosk import snapshot, synclog
from kiosk.cache import counts, get_item, open_cache
from kiosk.config import load_config
from kiosk.geo import wgs84_to_tm35fin
from kiosk.sync import SyncError, run_sync
from tests.fakeserver import FakeServer, Fault
from tests.sync_helpers import local_rows, write_config, write_local


def _count(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM items").fetchone()[0])


@pytest.fixture
def client():
    with httpx.Client(timeout=2) as c:
        yield c


def test_local_source_sync_publishes_a_snapshot_and_reconciles_changes(tmp_path, client):
    local = write_local(tmp_path / "local.json", local_rows(40))
    cfg = load_config(write_config(tmp_path, f'[[sources]]\nkind = "local"\npath = "{local.name}"\n'))
    report = run_sync(cfg, client)
    assert report.ok and report.published and report.items == 40
    tray = snapshot.tray_path(cfg.data_dir)
    db = open_cache(tray)
    assert counts(db)["items"] == 40
    assert get_item(db, "local:act-00003") is not None
    db.close()

    write_local(local, local_rows(30, start=10, tag="v2"))
    report = run_sync(cfg, client)
    assert report.ok and report.items == 30
    db = open_cache(tray)
    assert get_item(db, "local:act-00003") is None
    item = get_item(db, "local:act-00012")
    assert item is not None and item.names["fi"].endswith("v2")
    db.close()


def test_a_failing_source_keeps_its_items_and_records_why(tmp_path, client):
    local = write_local(tmp_path / "local.json", local_rows(10))
    broken = write_local(tmp_path / "other.json", local_rows(5, start=100))
    cfg = load_config(
        write_config(
            tmp_path,
            f'[[sources]]\nkind = "local"\npath = "{local.name}"\n\n'
            f'[[sources]]\nkind = "local"\npath = "{broken.name}"\n',
        )
    )
    assert run_sync(cfg, client).items == 15
    broken.write_text('[{"id": "x", "name_fi": "<b>', encoding="utf-8")  # now malformed
    write_local(local, local_rows(12))
    report = run_sync(cfg, client)
    assert not report.ok
    failed = [s for s in report.sources if not s.ok]
    assert len(failed) == 1 and "other.json" in (failed[0].message or "")
    assert _count(snapshot.tray_path(cfg.data_dir)) == 17  # 12 new local + 5 kept from the failed source
    last = synclog.last_per_source(cfg.data_dir)
    assert last[failed[0].name]["ok"] is False and "other.json" in last[failed[0].name]["message"]


def test_unreachable_server_fails_cleanly_and_the_old_snapshot_stays(tmp_path, client):
    with FakeServer() as server:
        server.add_fault("/api/v11/", Fault("status", 503), times=1000)
        local = write_local(tmp_path / "local.json", local_rows(8))
        cfg = load_config(
            write_config(
                tmp_path,
                f'[[sources]]\nkind = "local"\npath = "{local.name}"\n\n'
                f'[[sources]]\nkind = "ptv11"\nbase_url = "{server.url}/api/v11/"\n',
            )
        )
        from kiosk.sources.http import RetryPolicy
        from kiosk.sources.ptv11 import Ptv11Source

        fast = {"ptv11": Ptv11Source(f"{server.url}/api/v11/", retry=RetryPolicy(attempts=2, sleep=lambda s: None))}
        report = run_sync(cfg, client, sources=fast)
        assert not report.ok
        bad = next(s for s in report.sources if s.name == "ptv11")
        assert "503" in (bad.message or "")
        assert _count(snapshot.tray_path(cfg.data_dir)) == 8


def test_no_sources_means_demo_and_nothing_to_sync(tmp_path, client):
    cfg = load_config(None, data_dir=tmp_path / "d", env={})
    assert cfg.demo
    with pytest.raises(SyncError, match="demo"):
        run_sync(cfg, client)


def test_missing_api_key_is_a_clear_source_failure(tmp_path, client):
    cfg = load_config(
        write_config(tmp_path, '[[sources]]\nkind = "ptv"\napi_key_env = "NO_SUCH_KEY_VARIABLE"\n'), env={}
    )
    report = run_sync(cfg, client)
    assert not report.ok
    assert "NO_SUCH_KEY_VARIABLE" in (report.sources[0].message or "")


def test_stale_temp_files_from_a_killed_sync_are_removed(tmp_path, client):
    local = write_local(tmp_path / "local.json", local_rows(3))
    cfg = load_config(write_config(tmp_path, f'[[sources]]\nkind = "local"\npath = "{local.name}"\n'))
    cfg.data_dir.mkdir(parents=True)
    stale = cfg.data_dir / "tray.sqlite.tmp-999999"
    stale.write_bytes(b"half a database")
    run_sync(cfg, client)
    assert not stale.exists()


def test_a_second_sync_while_one_runs_is_refused(tmp_path, client):
    local = write_local(tmp_path / "local.json", local_rows(3))
    cfg = load_config(write_config(tmp_path, f'[[sources]]\nkind = "local"\npath = "{local.name}"\n'))
    with snapshot.sync_lock(cfg.data_dir), pytest.raises(SyncError, match="already running"):
        run_sync(cfg, client)


def test_items_outside_the_content_areas_or_for_children_only_are_not_stored(tmp_path, client):
    from kiosk.model import TrayItem
    from kiosk.sources.base import SourceResult

    class Canned:
        def fetch(self, client, request):
            return SourceResult(
                source="canned",
                full=True,
                items=(
                    TrayItem(id="ptv:a", kind="service", names={"fi": "Kuntosali"}, source="canned",
                             service_classes=("P27.1",), target_groups=("KR1",), areas=("205",)),
                    TrayItem(id="ptv:b", kind="service", names={"fi": "Rakennuslupa"}, source="canned",
                             service_classes=("P2.1",), target_groups=("KR1",), areas=("205",)),
                    TrayItem(id="ptv:c", kind="service", names={"fi": "Lasten uimakoulu"}, source="canned",
                             service_classes=("P27.1",), target_groups=("KR1.2",), areas=("205",)),
                    TrayItem(id="ptv:d", kind="service", names={"fi": "Yksityinen sali"}, source="canned",
                             service_classes=("P27.1",), target_groups=("KR1",), areas=("205",),
                             funding="MarketFunded"),
                ),
            )

    cfg = load_config(write_config(tmp_path, '[[sources]]\nkind = "ptv11"\nname = "canned"\n'))
    report = run_sync(cfg, client, sources={"canned": Canned()})
    assert report.items == 1
    db = open_cache(snapshot.tray_path(cfg.data_dir))
    item = get_item(db, "ptv:a")
    assert item is not None and item.categories == ("sports",)
    db.close()


def test_progress_is_told_each_source_and_the_saving_step(tmp_path, client):
    local = write_local(tmp_path / "local.json", local_rows(5))
    cfg = load_config(write_config(tmp_path, f'[[sources]]\nkind = "local"\npath = "{local.name}"\n'))
    steps: list[tuple[str, str]] = []
    run_sync(cfg, client, progress=lambda source, stage: steps.append((source, stage)))
    assert steps == [(cfg.sources[0].name, "fetching"), ("", "saving")]
    steps.clear()
    run_sync(cfg, client, progress=lambda source, stage: steps.append((source, stage)))
    assert steps == [(cfg.sources[0].name, "fetching"), ("", "saving")]  # a full local file re-publishes


def test_a_local_item_with_only_lat_lon_gets_an_epsg3067_point_in_the_snapshot(tmp_path, client):
    rows = local_rows(3)
    rows[1].update({"lat": "64.2263", "lon": "27.7285", "place_fi": "Kajaanin kirjasto"})  # WGS84 only
    rows[2].update({"easting": "541000", "northing": "7125000"})  # EPSG:3067 given: kept as it is
    local = write_local(tmp_path / "local.json", rows)
    cfg = load_config(write_config(tmp_path, f'[[sources]]\nkind = "local"\npath = "{local.name}"\n'))
    assert run_sync(cfg, client).ok
    db = open_cache(snapshot.tray_path(cfg.data_dir))
    try:
        (loc,) = get_item(db, "local:act-00001").locations
        assert (loc.lat, loc.lon) == (64.2263, 27.7285)
        assert (loc.easting, loc.northing) == tuple(round(v, 2) for v in wgs84_to_tm35fin(64.2263, 27.7285))
        (given,) = get_item(db, "local:act-00002").locations
        assert (given.easting, given.northing, given.lat) == (541_000.0, 7_125_000.0, None)
    finally:
        db.close()
