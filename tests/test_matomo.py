"""The optional push of the daily aggregates to a Matomo, against a real local server that records what it
is sent: one bulk request per finished day, events only, no visitor id, cookie or IP-derived parameter,
small counts left out, each day once, a refused day tried again."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs

import httpx
import pytest

from kiosk.config import load_config
from kiosk.matomo import MatomoError, push, read_state
from kiosk.schedule import run_round, timing
from kiosk.stats import StatsStore
from tests.recording_server import RecordingServer

TODAY = date(2026, 11, 25)
YESTERDAY, BEFORE = TODAY - timedelta(days=1), TODAY - timedelta(days=2)
TOKEN = "0123456789abcdef0123456789abcdef"
ALLOWED = {"idsite", "rec", "apiv", "send_image", "e_c", "e_a", "e_n", "e_v", "cdt"}


@pytest.fixture
def matomo(tmp_path):
    with RecordingServer() as server:
        cfg = tmp_path / "kiosk.toml"
        cfg.write_text(
            'data_dir = "data"\n[region]\nmunicipalities = ["205"]\nhome_municipality = "205"\n'
            f'[stats]\nmatomo_url = "{server.url}/"\nmatomo_site_id = 7\nmatomo_token = "{TOKEN}"\n',
            encoding="utf-8")
        config = load_config(cfg, env={})
        store = StatsStore.for_config(config)
        store.add_many({("sessions", ""): 12, ("language", "fi"): 9, ("language", "sv"): 3}, BEFORE)
        store.add_many({("sessions", ""): 6, ("area_opened", "sports"): 5, ("qr_shown", ""): 1}, YESTERDAY)
        store.add_many({("sessions", ""): 40}, TODAY)  # still counting: never sent today
        yield server, config


def _events(body):  # type: ignore[no-untyped-def]
    return [{k: v[0] for k, v in parse_qs(line.lstrip("?")).items()} for line in body["requests"]]


def test_each_finished_day_goes_once_as_events_without_any_visitor_data(matomo):
    server, config = matomo
    with httpx.Client(timeout=5) as client:
        assert push(config, client, TODAY) == [BEFORE.isoformat(), YESTERDAY.isoformat()]
        assert push(config, client, TODAY) == []  # the same day again: nothing more
    assert len(server.requests) == 2
    for path, headers, _body in server.requests:
        assert path == "/matomo.php" and "cookie" not in headers
        assert headers["user-agent"].startswith("hyte-kiosk/") and TOKEN not in path
    first, second = server.json_bodies()
    assert first["token_auth"] == TOKEN
    events = _events(first)
    assert all(set(e) <= ALLOWED for e in events + _events(second))
    assert {(e["e_a"], e["e_n"], e["e_v"]) for e in events} == {("sessions", "205", "12"), ("language", "205/fi", "9")}
    assert all(e["idsite"] == "7" and e["e_c"] == "hyte-kiosk" and e["cdt"] == f"{BEFORE} 12:00:00" for e in events)
    # Below 5 (Swedish 3 on the first day, one QR code on the second) is not sent at all.
    assert {(e["e_a"], e["e_n"], e["e_v"]) for e in _events(second)} == {
        ("sessions", "205", "6"), ("area_opened", "205/sports", "5")}
    assert read_state(config.data_dir) == YESTERDAY


def test_a_refused_push_keeps_the_day_for_the_next_try(matomo):
    server, config = matomo
    server.status = 500
    with httpx.Client(timeout=5) as client:
        with pytest.raises(MatomoError, match="500"):
            push(config, client, TODAY)
        assert read_state(config.data_dir) == BEFORE - timedelta(days=1)  # the empty days before are done
        server.status = 200
        assert push(config, client, TODAY) == [BEFORE.isoformat(), YESTERDAY.isoformat()]
        # The next day only that day goes.
        StatsStore.for_config(config).add_many({("sessions", ""): 8}, TODAY)
        assert push(config, client, TODAY + timedelta(days=1)) == [TODAY.isoformat()]
    assert _events(server.json_bodies()[-1])[0]["e_v"] == "48"


def test_the_scheduled_round_pushes_once_a_day_even_without_the_apps_own_sync(matomo):
    server, config = matomo
    assert config.sync_interval_hours == 0 and timing(config) is not None
    first = run_round(config, today=TODAY)
    assert first.ok and first.synced is None and first.stats_days == [BEFORE.isoformat(), YESTERDAY.isoformat()]
    again = run_round(config, today=TODAY)
    assert again.ok and again.stats_days == [] and len(server.requests) == 2


def test_offline_the_round_reports_the_problem_instead_of_raising(matomo):
    server, config = matomo
    server.stop()
    report = run_round(config, today=TODAY)
    assert not report.ok and "statistics not sent" in report.problems[0]
    assert read_state(config.data_dir) == BEFORE - timedelta(days=1)
