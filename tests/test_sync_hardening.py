"""Hostile and broken input against the whole sync: a real PTV v12-shaped server, real SQLite snapshots.

Each case injects one bad answer or one bad record into an otherwise good region that was synced before,
then runs a full and an incremental sync. What must hold in every case: no exception escapes the sync
(the failure is in the report and the sync log instead), the run ends in bounded time, the published
snapshot never holds fewer of the source's items than the shrink guard allows, and the API key appears in
no message. The generated suite prints its counts.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk import synclog
from kiosk.cli import main
from kiosk.config import load_config
from kiosk.sources.http import RetryPolicy
from kiosk.sources.ptv12 import Ptv12Source
from kiosk.sync import SHRINK_MIN, run_sync
from kiosk.tray import open_tray
from tests.fakeserver import FakeServer, Fault
from tests.ptv12_fake import BASE, install_v12, make_dataset, uid
from tests.sync_helpers import write_config

KEY = "hardening-secret-key-42"
CASE_SECONDS = 20.0


@pytest.fixture
def region(tmp_path):
    ds = make_dataset(24)
    with FakeServer() as server:
        api = install_v12(server, ds)
        cfg = write_config(
            tmp_path, f'[[sources]]\nkind = "ptv"\nbase_url = "{server.url}/api/v12/"\napi_key = "{KEY}"\n'
        )
        yield ds, server, api, cfg


def _adapter(server: FakeServer) -> dict[str, Ptv12Source]:
    retry = RetryPolicy(attempts=2, backoff_s=0.0, sleep=lambda s: None)
    return {"ptv": Ptv12Source(f"{server.url}/api/v12/", KEY, retry=retry)}


def _count(data: Path) -> int:
    tray = open_tray(data / "tray.sqlite")
    try:
        return int(tray.db.execute("SELECT COUNT(*) FROM items").fetchone()[0])
    finally:
        tray.db.close()


def _sync(cfg: Path, server: FakeServer, data: Path, **kw: Any) -> Any:
    config = load_config(cfg, data_dir=data, env={})
    with httpx.Client(timeout=2) as client:
        return run_sync(config, client, sources=_adapter(server), **kw)


# --- the generated suite -------------------------------------------------------------------------------

PATHS = ("service/search", "service-channel/search", "connection/search", "organization/search",
         "organization/", "service/archived", "ontology-terms")  # fmt: skip
BODIES: dict[str, bytes] = {
    "100k-brackets": b"[" * 100_000,
    "5000-digit-int": b'{"page": 1, "totalPages": ' + b"7" * 5000 + b', "items": []}',
    "claims-1e9-pages": b'{"page": 1, "pageSize": 100, "totalPages": 1000000000, "items": []}',
    "100k-nulls": b'{"page": 1, "totalPages": 1, "items": [' + b",".join([b"null"] * 100_000) + b"]}",
    "no-content-ids": b'{"page": 1, "totalPages": 1, "items": [' + b",".join([b'{"x": 1}'] * 50) + b"]}",
    "utf16-empty-list": json.dumps({"page": 1, "totalPages": 1, "items": []}).encode("utf-16"),
    "lone-surrogate": b'{"page": 1, "totalPages": 1, "items": [{"contentId": "\\ud800", "name": "\\udfff"}]}',
    "not-json": b"<html>maintenance</html>",
}
STATUS_FAULTS: dict[str, Fault] = {
    "302-empty-list": Fault("garbage", status=302, body=b"[]", headers={"Location": "http://127.0.0.1:1/x"}),
    "204-no-content": Fault("garbage", status=204, body=b""),
}


def _records(ds: Any) -> dict[str, Any]:
    """Bad records put into the data set itself (each a callable that spoils one record)."""
    sid = uid(1, 3)

    def name(value: str) -> Any:
        return lambda: ds.update("service", sid, lambda r: r["languageVersions"]["fi"].update(name=value))

    def org(value: Any) -> Any:
        return lambda: ds.update("service", sid, lambda r: r.update(organizationContentId=value))

    def conn_channel(n: int, value: str) -> Any:
        def spoil() -> None:
            record = ds.connections.pop((uid(1, n), uid(2, n)))
            record["channelContentId"] = value
            ds.add("connection", record)

        return spoil

    return {
        "surrogate-name": name("Kerho \ud800 tänään"),
        "1MB-name": name("<b>" + "x" * 1_000_000),
        "script-name": name("<script>" * 16_000),
        "org-id-list": org(["a", "b"]),
        "org-id-dict": org({"id": "x"}),
        "channel-id-control-chars": conn_channel(7, "abc\x00\n/../def"),
        "channel-id-100kB": conn_channel(9, "a" * 100_000),
    }


def test_hostile_input_never_crashes_hangs_shrinks_or_leaks(region, tmp_path, capsys):
    ds, server, _api, cfg = region
    base = tmp_path / "base"
    assert _sync(cfg, server, base).ok
    good = _count(base)
    counts = {"cases": 0, "tracebacks": 0, "past deadline": 0, "shrunk snapshots": 0, "key leaks": 0}
    problems: list[str] = []

    def case(label: str, *, full: bool) -> None:
        data = tmp_path / f"case-{counts['cases']}"
        shutil.copytree(base, data)
        counts["cases"] += 1
        started = time.monotonic()
        try:
            report = _sync(cfg, server, data, full=full)
        except Exception as exc:  # noqa: BLE001 - this is what is counted
            counts["tracebacks"] += 1
            problems.append(f"{label}: {type(exc).__name__}: {str(exc)[:100]}")
            return
        if time.monotonic() - started > CASE_SECONDS:
            counts["past deadline"] += 1
            problems.append(f"{label}: {time.monotonic() - started:.1f} s")
        now = _count(data)
        if now < good // 2 or (good and now == 0):
            counts["shrunk snapshots"] += 1
            problems.append(f"{label}: {now} of {good} items published")
        texts = [r.message or "" for r in report.sources] + [w for r in report.sources for w in r.warnings]
        texts += [str(e.get("message")) for e in synclog.recent(data)]
        if any(KEY in t for t in texts):
            counts["key leaks"] += 1

    for path in PATHS:
        for name, body in BODIES.items():
            for full in (True, False):
                server.faults.clear()
                server.add_fault(BASE + path, Fault("garbage", body=body), times=50)
                case(f"{path} {name} full={full}", full=full)
        for name, fault in STATUS_FAULTS.items():
            server.faults.clear()
            server.add_fault(BASE + path, fault, times=50)
            case(f"{path} {name}", full=True)
    server.faults.clear()
    for name, spoil in _records(ds).items():
        spoil()
        for full in (True, False):
            case(f"record {name} full={full}", full=full)
    print("hostile-input suite: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    assert counts["cases"] >= 100
    assert not problems, problems
    assert counts["tracebacks"] == counts["past deadline"] == counts["shrunk snapshots"] == counts["key leaks"] == 0


# --- one test per hardening point --------------------------------------------------------------------


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_deeply_nested_body_fails_the_source_with_exit_1_and_no_traceback(region, capsys):
    _ds, server, _api, cfg = region
    assert _cli(capsys, "--config", str(cfg), "sync")[0] == 0
    items = _count(cfg.parent / "data")
    server.add_fault(BASE + "connection/search", Fault("garbage", body=b"[" * 100_000), times=20)
    code, _out, err = _cli(capsys, "--config", str(cfg), "sync", "--full")
    assert code == 1 and "Traceback" not in err and "nested too deeply" in err
    assert _count(cfg.parent / "data") == items
    assert synclog.recent(cfg.parent / "data", 1)[0]["ok"] is False


def test_an_unexpected_exception_in_a_source_is_logged_and_its_items_kept(region, capsys):
    _ds, server, _api, cfg = region
    data = cfg.parent / "data"
    assert _sync(cfg, server, data).ok
    items = _count(data)

    class Broken:
        def fetch(self, client: Any, request: Any) -> Any:
            raise TypeError("unhashable type: 'dict'")

    config = load_config(cfg, data_dir=data, env={})
    with httpx.Client() as client:
        report = run_sync(config, client, full=True, sources={"ptv": Broken()})  # type: ignore[dict-item]
    assert not report.ok and "unexpected TypeError" in (report.sources[0].message or "")
    assert _count(data) == items
    assert "unexpected TypeError" in synclog.recent(data, 1)[0]["message"]


def test_a_302_whose_body_is_an_empty_list_publishes_nothing(region, capsys):
    _ds, server, _api, cfg = region
    assert _cli(capsys, "--config", str(cfg), "sync")[0] == 0
    items = _count(cfg.parent / "data")
    server.add_fault(BASE + "service/search", Fault("garbage", status=302, body=b"[]"), times=20)
    code, _out, err = _cli(capsys, "--config", str(cfg), "sync", "--full")
    assert code == 1 and "302" in err and "redirect" in err
    assert _count(cfg.parent / "data") == items


def test_a_full_sync_that_would_drop_most_items_is_refused_unless_allowed(region, capsys):
    ds, _server, _api, cfg = region
    data = cfg.parent / "data"
    assert _cli(capsys, "--config", str(cfg), "sync")[0] == 0
    items = _count(data)
    assert items >= SHRINK_MIN
    keep = sorted(ds.services)[: items // 3]
    for sid in [s for s in ds.services if s not in keep]:
        ds.archive("service", sid)
    code, _out, err = _cli(capsys, "--config", str(cfg), "sync", "--full")
    assert code == 1 and "--allow-shrink" in err and f"of its {items} items" in err
    assert _count(data) == items
    code, _out, err = _cli(capsys, "--config", str(cfg), "sync", "--full", "--allow-shrink")
    assert code == 0, err
    assert _count(data) < items // 2


def test_an_incremental_run_that_archives_everything_is_refused_too(region, capsys):
    ds, _server, _api, cfg = region
    data = cfg.parent / "data"
    assert _cli(capsys, "--config", str(cfg), "sync")[0] == 0
    items = _count(data)
    for sid in list(ds.services):
        ds.archive("service", sid)
    code, _out, err = _cli(capsys, "--config", str(cfg), "sync")
    assert code == 1 and "--allow-shrink" in err
    assert _count(data) == items


def test_the_whole_sync_stops_at_its_deadline_and_keeps_the_old_items(region, tmp_path):
    _ds, server, _api, cfg = region
    data = tmp_path / "data"
    assert _sync(cfg, server, data).ok
    items = _count(data)
    server.add_fault(BASE + "service/search", Fault("delay", seconds=0.8), times=100)  # three searches: 2.4 s
    started = time.monotonic()
    report = _sync(cfg, server, data, full=True, deadline_s=1.5)
    assert time.monotonic() - started < 6
    assert not report.ok and "deadline" in (report.sources[0].message or "")
    assert _count(data) == items


def test_the_deadline_is_configurable(tmp_path):
    cfg = write_config(tmp_path, '[sync]\ndeadline_minutes = 5\n[[sources]]\nkind = "local"\npath = "x.csv"\n')
    assert load_config(cfg, env={}).sync_deadline_s == 300
    assert load_config(write_config(tmp_path, ""), env={}).sync_deadline_s == 1800


def test_a_server_claiming_a_billion_empty_pages_is_read_to_a_stop(region, tmp_path):
    _ds, server, _api, cfg = region
    body = b'{"page": 1, "pageSize": 100, "totalPages": 1000000000, "items": []}'
    server.add_fault(BASE + "ontology-terms", Fault("garbage", body=body), times=10)
    server.add_fault(BASE + "organization/search", Fault("garbage", body=body.replace(b"1000000000", b"15000")),
                     times=10)  # fmt: skip
    report = _sync(cfg, server, tmp_path / "data", full=True)
    assert report.ok
    assert any("empty pages in a row" in w for w in report.sources[0].warnings)
    assert len(server.requests_to(BASE + "organization/search")) <= 6
