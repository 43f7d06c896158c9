"""The kiosk's own scheduled sync against a real local PTV v12 server that is stopped and started again:
offline is normal (quiet failures, backoff, the old snapshot kept and its date shown), and a new snapshot
reaches the screens only between residents. Plus the timing rules and the config keys."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from kiosk import snapshot
from kiosk.config import ConfigError, load_config
from kiosk.hours import long_date
from kiosk.schedule import Timing, retry_delay, timing
from tests.fakeserver import FakeServer
from tests.ptv12_fake import install_v12, make_dataset, uid
from tests.sync_helpers import write_config
from tests.ui_support import demo_config, make_kiosk

ENV = {"HYTE_TEST_PTV_KEY": "test-key"}


def test_a_failed_round_is_retried_sooner_doubling_up_to_a_cap():
    t = Timing(interval_s=6 * 3600, first_retry_s=300, max_retry_s=3600)
    assert [retry_delay(n, t) for n in range(7)] == [21600, 300, 600, 1200, 2400, 3600, 3600]
    short = Timing(interval_s=900, first_retry_s=300, max_retry_s=3600)
    assert [retry_delay(n, short) for n in (1, 2, 3, 50)] == [300, 600, 900, 900]  # never past the interval


def _config_text(tmp_path, extra: str) -> object:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('data_dir = "data"\n[region]\nmunicipalities = ["205"]\nhome_municipality = "205"\n'
                   '[[sources]]\nkind = "local"\npath = "local.json"\n' + extra, encoding="utf-8")
    return cfg


def test_interval_hours_is_off_by_default_and_turns_the_schedule_on(tmp_path):
    off = load_config(_config_text(tmp_path, ""), env={})
    assert off.sync_interval_hours == 0 and timing(off) is None
    on = load_config(_config_text(tmp_path, "[sync]\ninterval_hours = 6\n"), env={})
    assert on.sync_interval_hours == 6 and timing(on) == Timing(6 * 3600.0)
    # Without the app's own sync, a flags address still needs a job (the timer does the sync).
    posting = load_config(_config_text(tmp_path, '[flags]\npost_url = "https://example.invalid/flags"\n'), env={})
    assert timing(posting) is not None and posting.outbound.flags_post_url == "https://example.invalid/flags"


@pytest.mark.parametrize(("extra", "key"), [
    ("[sync]\ninterval_hours = -1\n", "sync.interval_hours"),
    ("[sync]\ninterval_hours = 1000\n", "sync.interval_hours"),
    ('[flags]\npost_url = "ftp://example.invalid/"\n', "flags.post_url"),
    ('[flags]\naddress = "https://example.invalid/"\n', "flags.address"),
    ('[stats]\nmatomo_url = "https://stats.example.invalid/"\n', "stats.matomo_site_id"),
    ('[stats]\nmatomo_url = "https://s.example.invalid/"\nmatomo_site_id = 3\nmatomo_token = "a b"\n',
     "stats.matomo_token"),
])
def test_bad_schedule_keys_are_refused_with_the_key_named(tmp_path, extra, key):
    with pytest.raises(ConfigError) as err:
        load_config(_config_text(tmp_path, extra), env={})
    assert err.value.key == key


def test_the_matomo_token_never_shows_in_the_config_or_its_errors(tmp_path):
    config = load_config(_config_text(tmp_path, '[stats]\nmatomo_url = "https://s.example.invalid/"\n'
                                                'matomo_site_id = 3\nmatomo_token = "abcdef0123456789"\n'), env={})
    assert config.outbound.matomo_token == "abcdef0123456789"
    assert "abcdef0123456789" not in repr(config)


# --- the kiosk with a real local PTV server ------------------------------------------------------------


@pytest.fixture
def region(tmp_path, tmp_path_factory):
    """A configured kiosk (six-hourly sync) whose PTV server runs; the demo tray is in place until a sync."""
    demo_config(tmp_path / "demo", tmp_path_factory)  # the built demo tray, copied instead of built again
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(snapshot.demo_path(tmp_path / "demo" / "data"), snapshot.demo_path(data))
    ds = make_dataset(30)
    server = FakeServer().start()
    install_v12(server, ds)
    cfg = write_config(tmp_path, f'[sync]\ninterval_hours = 6\n\n[[sources]]\nkind = "ptv"\n'
                                 f'base_url = "{server.url}/api/v12/"\napi_key_env = "HYTE_TEST_PTV_KEY"\n')
    config = load_config(cfg, env=ENV)
    state = {"server": server}
    yield ds, state, config, data
    state["server"].stop()


def _freshness(kiosk):  # type: ignore[no-untyped-def]
    box = kiosk.pages["attract"].freshness
    return box.text.text(), box.demo.text()


def test_scheduled_sync_survives_the_server_going_away_and_coming_back(qtbot, region):
    ds, state, config, data = region
    kiosk = make_kiosk(qtbot, config)
    job = kiosk.schedule
    job.timing = Timing(interval_s=6 * 3600, first_retry_s=300, max_retry_s=1200, start_delay_s=120)
    assert job.active and job.next_delay_s == 120  # the first round comes by itself, after start-up
    job.stop()
    assert _freshness(kiosk)[1] == "Esimerkkiaineisto"  # no sync yet: the demo tray

    job.run_now()  # the server is up: a snapshot is published and the attract screen shows its date at once
    assert job.last is not None and job.last.ok and job.last.published
    today = long_date(date.today(), "fi")
    assert _freshness(kiosk) == (f"Tiedot päivitetty {today}", "")
    assert job.failures == 0 and job.next_delay_s == 6 * 3600
    published = snapshot.tray_path(data).stat().st_ino

    # The server goes away (offline). A resident is using the kiosk meanwhile.
    port = state["server"].httpd.server_address[1]
    state["server"].stop()
    ds.update("service", uid(1, 3), lambda s: s["languageVersions"]["fi"].update(name="Kuntosali uusi nimi"))
    kiosk.router.start("fi")
    delays = []
    for _ in range(4):
        job.run_now()
        delays.append(job.next_delay_s)
        assert not job.last.ok and not job.last.published
    assert delays == [300, 600, 1200, 1200]  # retried sooner, doubling, capped
    assert job.failures == 4 and "sync:" in job.last.problems[0]
    assert snapshot.tray_path(data).stat().st_ino == published  # the old snapshot is kept, untouched
    assert kiosk.router.current == "home" and not kiosk.router.errors  # nothing on the resident's screen

    # The server comes back on the same address. The round publishes, but the resident mid-session keeps
    # reading the snapshot they started with.
    server = state["server"] = FakeServer(port).start()
    install_v12(server, ds)
    item = f"ptv:{uid(1, 3)}"
    kiosk.router.open_item(item)
    before = kiosk.pages["detail"].title.text()
    assert before and before != "Kuntosali uusi nimi"
    job.run_now()
    assert job.last.ok and job.last.published and job.failures == 0 and job.next_delay_s == 6 * 3600
    assert snapshot.tray_path(data).stat().st_ino != published
    kiosk.router.open_item(item)
    assert kiosk.pages["detail"].title.text() == before  # held while the session runs
    # Between residents the new snapshot is followed: the next resident sees the new name.
    kiosk.router.restart()
    assert _freshness(kiosk) == (f"Tiedot päivitetty {today}", "")
    kiosk.router.start("fi")
    kiosk.router.open_item(item)
    assert kiosk.pages["detail"].title.text() == "Kuntosali uusi nimi"


def test_the_timer_retries_by_itself_while_offline_and_the_screen_keeps_the_old_data(qtbot, region):
    ds, state, config, data = region
    kiosk = make_kiosk(qtbot, config)
    job = kiosk.schedule
    job.stop()
    job.run_now()
    assert job.last.ok
    shown = _freshness(kiosk)
    state["server"].stop()
    job.timing = Timing(interval_s=3600, first_retry_s=0.01, max_retry_s=0.04, start_delay_s=0)
    job.start()
    qtbot.waitUntil(lambda: job.failures >= 4, timeout=20000)
    job.stop()
    assert job.next_delay_s == 0.04 and job.rounds >= 5
    assert _freshness(kiosk) == shown and snapshot.tray_path(data).exists()
    kiosk.router.reload()
    assert _freshness(kiosk) == shown  # the date of the data still on the screen


def test_a_demo_kiosk_schedules_nothing(qtbot, tmp_path, tmp_path_factory):
    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    assert kiosk.schedule.timing is None and not kiosk.schedule.active


def test_with_the_real_reading_thread_a_snapshot_published_mid_session_shows_from_the_next_resident(
        qtbot, tmp_path, tmp_path_factory):
    from kiosk.sync import run_sync
    from tests.sync_helpers import local_rows, write_local
    from tests.ui_support import FIXED_NOW
    from ui.app import Kiosk

    demo = demo_config(tmp_path / "demo", tmp_path_factory)
    local = write_local(tmp_path / "local.json", local_rows(12))
    config = load_config(write_config(tmp_path, f'[[sources]]\nkind = "local"\npath = "{local.name}"\n'), env={})
    config.data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(snapshot.demo_path(demo.data_dir), snapshot.demo_path(config.data_dir))
    kiosk = Kiosk(config, synchronous=False, clock=lambda: FIXED_NOW)  # the reading lane's own thread
    qtbot.addWidget(kiosk.window, before_close_func=lambda _w: kiosk.close())
    kiosk.window.resize(1080, 1920)
    kiosk.window.show()
    attract = kiosk.pages["attract"].freshness
    qtbot.waitUntil(lambda: attract.demo.text() == "Esimerkkiaineisto", timeout=10000)
    kiosk.router.start("fi")
    kiosk.router.open_item("demo:0001")
    detail = kiosk.pages["detail"]
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=10000)
    assert run_sync(config, None).published  # type: ignore[arg-type]  # a local source needs no client
    detail.reset()
    kiosk.router.open_item("demo:0001")  # mid-session the demo tray is still read: the item is there
    qtbot.waitUntil(lambda: detail._loaded, timeout=10000)
    assert detail.detail is not None and detail.detail.card.id == "demo:0001"
    kiosk.router.restart()  # the next resident: the synced snapshot, and its date on the attract screen
    qtbot.waitUntil(lambda: attract.demo.text() == "", timeout=10000)
    assert attract.text.text() == f"Tiedot päivitetty {long_date(date.today(), 'fi')}"
    kiosk.router.start("fi")
    kiosk.router.open_item("demo:0001")
    qtbot.waitUntil(lambda: detail._loaded and detail.detail is None, timeout=10000)  # not in the new tray
