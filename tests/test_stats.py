"""Anonymous statistics: counters per day and municipality, the export with small counts suppressed, the
retention limit, and the privacy canary (a unique word searched and chosen appears nowhere on disk)."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk import stats
from kiosk.cli import main
from kiosk.stats import Batch, StatsStore
from tests.test_page_search import press
from tests.ui_support import demo_config, make_kiosk

CANARY = "zyxqvorkanari"


def test_counts_add_up_per_day_and_municipality(tmp_path):
    store = StatsStore(tmp_path, "205")
    batch = Batch(store)
    for _ in range(6):
        batch.count("sessions")
    batch.count("language", "sv")
    batch.flush()
    store.add("sessions", day=date.today() - timedelta(days=1))
    rows = store.rows()
    assert {(r["day"], r["municipality"], r["counter"], r["value"], r["count"]) for r in rows} == {
        (date.today().isoformat(), "205", "sessions", "", 6),
        (date.today().isoformat(), "205", "language", "sv", 1),
        ((date.today() - timedelta(days=1)).isoformat(), "205", "sessions", "", 1),
    }
    assert store.rows(start=date.today()) == [r for r in rows if r["day"] == date.today().isoformat()]


@pytest.mark.parametrize(("counter", "value"), [("searched_words", ""), ("language", "two words"),
                                                 ("area_opened", "x" * 40), ("language", "Kuntosali")])
def test_only_known_counters_and_short_keys_are_stored(tmp_path, counter, value):
    with pytest.raises(ValueError):
        StatsStore(tmp_path).add(counter, value)
    assert StatsStore(tmp_path).rows() == []


def test_days_older_than_the_retention_limit_are_deleted(tmp_path):
    store = StatsStore(tmp_path, "205", retention_days=30)
    store.add("sessions", day=date.today() - timedelta(days=31))
    store.add("sessions", day=date.today() - timedelta(days=29))
    assert [r["day"] for r in store.rows()] == [(date.today() - timedelta(days=29)).isoformat()]


def test_the_retention_limit_comes_from_the_config(tmp_path):
    from kiosk.config import load_config

    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'data_dir = "{tmp_path}"\n[kiosk]\nstats_retention_days = 90\n', encoding="utf-8")
    assert StatsStore.for_config(load_config(cfg)).retention_days == 90


def test_export_suppresses_counts_below_five():
    rows = stats.export_rows([{"day": "2026-01-01", "municipality": "205", "counter": "sessions", "value": "",
                               "count": 4},
                              {"day": "2026-01-01", "municipality": "205", "counter": "qr_shown", "value": "",
                               "count": 5}])
    assert [r["count"] for r in rows] == ["<5", 5]


def _config(tmp_path: Path) -> Path:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    return cfg


def test_cli_export_csv_and_json_with_a_date_range(tmp_path, capsys):
    store = StatsStore(tmp_path / "data")
    old = date(2026, 1, 1)
    store.retention_days = 100_000
    store.add("sessions", n=12, day=old)
    store.add("list_printed", n=2, day=old)
    store.add("sessions", n=7, day=old + timedelta(days=10))
    cfg = _config(tmp_path)
    out = tmp_path / "out.csv"
    assert main(["--config", str(cfg), "stats", "export", "-o", str(out), "--to", "2026-01-05"]) == 0
    with out.open(encoding="utf-8") as fh:
        got = [(r["counter"], r["count"]) for r in csv.DictReader(fh)]
    assert got == [("list_printed", "<5"), ("sessions", "12")]
    out_json = tmp_path / "out.json"
    assert main(["--config", str(cfg), "stats", "export", "-o", str(out_json), "--format", "json",
                 "--from", "2026-01-02"]) == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["suppressed_below"] == 5 and [r["count"] for r in data["counts"]] == [7]
    assert main(["--config", str(cfg), "stats", "export", "-o", str(out), "--from", "not-a-date"]) == 2


def _all_bytes(*roots: Path) -> list[tuple[Path, bytes]]:
    found = []
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file():
                found.append((path, path.read_bytes()))
    return found


def test_a_scripted_session_gives_the_counters_and_keeps_nothing_of_the_person(qtbot, tmp_path, tmp_path_factory):
    config = demo_config(tmp_path, tmp_path_factory)
    kiosk = make_kiosk(qtbot, config)
    router = kiosk.router
    try:
        router.start("sv")
        router.set_text_size(2)
        router.set_contrast(True)
        router.open_category("sports")
        router.go("search")
        press(qtbot, kiosk.pages["search"], CANARY)
        qtbot.waitUntil(lambda: kiosk.pages["search"].found_nothing)
        router.go("assess")
        kiosk.assessment.answer("overall", (CANARY,))
        router.go("suggest")
        suggest = kiosk.pages["suggest"]
        ids = [c.item_id for c in suggest.cards]
        assert ids, "the suggestions page shows cards"
        kiosk.assessment.add_all(ids[:2])
        router.go("qr")
        router.go("qr")
        kiosk.stats.list_printed()
        router.restart()
        QApplication.processEvents()
        rows = StatsStore(config.data_dir).rows()
        counts = {(r["counter"], r["value"]): r["count"] for r in rows}
        expected = {("sessions", ""): 1, ("language", "sv"): 1, ("text_size", "2"): 1, ("contrast", "high"): 1,
                    ("area_opened", "sports"): 1, ("search_no_results", ""): 1,
                    ("assessment_completed", ""): 1, ("qr_shown", ""): 1, ("list_printed", ""): 1,
                    ("suggestions_added", ""): 1}
        assert counts == expected
        assert {r["municipality"] for r in rows} == {""} and {r["day"] for r in rows} == {date.today().isoformat()}
        # The attract screen after the reset is not a session; a second resident is a second one.
        router.start("fi")
        router.restart()
        assert {(r["counter"], r["value"]): r["count"] for r in StatsStore(config.data_dir).rows()}[
            ("sessions", "")] == 2
    finally:
        kiosk.close()
    # The statistics file has one table of counts and no column for a person, a session or a time of day.
    with sqlite3.connect(config.data_dir / stats.FILE_NAME) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        columns = [r[1] for r in conn.execute("PRAGMA table_info(counts)")]
    assert tables == ["counts"] and columns == ["day", "municipality", "counter", "value", "count"]
    for path, data in _all_bytes(config.data_dir, tmp_path):
        assert CANARY.encode() not in data, f"the searched word is on disk in {path}"


def test_statistics_never_stop_the_kiosk(qtbot, tmp_path, tmp_path_factory):
    config = demo_config(tmp_path, tmp_path_factory)
    kiosk = make_kiosk(qtbot, config)
    try:
        (config.data_dir / stats.FILE_NAME).mkdir()  # cannot be opened as a database
        kiosk.router.start("fi")
        kiosk.router.restart()
        assert kiosk.stats.errors and kiosk.router.current == "attract"
    finally:
        kiosk.close()

