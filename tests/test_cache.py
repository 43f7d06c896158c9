"""The SQLite cache: exact round trips, upserts that replace children, cascading deletes, counts, state."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from items_factory import full_item, make_item, synthetic_items
from sqlite_utils import Database

from kiosk.cache import (
    counts,
    delete_items,
    delete_source_items_except,
    get_item,
    get_items,
    get_meta,
    get_source_states,
    open_cache,
    set_meta,
    set_source_state,
    write_items,
)
from kiosk.cache.schema import MIGRATIONS
from kiosk.model import Location, OpeningRule, Phone, WebLink
from kiosk.query import Query
from kiosk.search import count, search
from kiosk.tray import Tray


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_cache(tmp_path / "cache.db")


def _rows(db: Database, table: str, rid: int) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table} WHERE item_rid = ?", (rid,)).fetchone()[0])  # noqa: S608


CHANNEL_TABLES = ("locations", "opening_hours", "phones", "web_links")
LINK_TABLES = ("item_areas", "item_categories", "item_languages")  # keyed by item_rid too


def _channel_rows(db: Database, table: str, item_id: str) -> list[dict[str, Any]]:
    """The item's rows of a channel table (keyed by ``item_rid``), in position order."""
    sql = f"SELECT t.* FROM {table} t JOIN items i ON i.rid = t.item_rid WHERE i.id = ? ORDER BY t.position"  # noqa: S608
    return list(db.query(sql, [item_id]))


def _orphans(db: Database) -> dict[str, int]:
    """Channel and link rows whose item is gone, per table (the foreign keys should make these 0)."""
    return {
        table: int(
            db.execute(
                f"SELECT count(*) FROM {table} WHERE item_rid NOT IN (SELECT rid FROM items)"  # noqa: S608
            ).fetchone()[0]
        )
        for table in CHANNEL_TABLES + LINK_TABLES
    }


def _fts_count(db: Database, word: str) -> int:
    return int(db.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", (f'"{word}"',)).fetchone()[0])


def test_open_cache_applies_migrations_once_and_uses_delete_journal(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    db = open_cache(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert MIGRATIONS.pending(db) == []
    applied = len(MIGRATIONS.applied(db))
    db.close()
    db = open_cache(path)
    assert len(MIGRATIONS.applied(db)) == applied
    assert {
        "items", "item_areas", "item_categories", "item_languages", "items_fts", "sources", "meta",
        "locations", "opening_hours", "phones", "web_links",
    } <= set(db.table_names())  # fmt: skip


def test_round_trip_gives_back_the_exact_item(db: Database) -> None:
    item = full_item()
    assert write_items(db, [item]) == 1
    assert get_item(db, item.id) == item
    assert get_item(db, "ptv:missing") is None


def test_item_row_holds_filter_columns_and_each_text_once(db: Database) -> None:
    item = full_item()
    write_items(db, [item])
    areas = {r[0] for r in db.execute(
        "SELECT municipality FROM item_areas JOIN items ON rid = item_rid WHERE id = ?", (item.id,)
    )}  # fmt: skip
    assert areas == {"205", "765"}
    row = db.execute("SELECT sort_name, cost, demo, nationwide FROM items WHERE id = ?", (item.id,)).fetchone()
    assert row == ("ikäihmisten kuntosali", "free", 1, 0)
    names, data = db.execute("SELECT names, data FROM items WHERE id = ?", (item.id,)).fetchone()
    assert json.loads(names) == item.names
    rest = json.loads(data)
    assert rest["locations"][0]["hours"][1]["valid_to"] == "2026-05-31"
    assert not {"names", "summaries", "descriptions", "keywords", "organisation", "id"} & set(rest)


def test_upsert_replaces_children_and_search_text(db: Database) -> None:
    first = make_item(
        "local:1",
        "Kuntosali",
        categories=("sports",),
        locations=(
            Location(municipality="205", hours=(OpeningRule(0, "09:00", "10:00"), OpeningRule(1, "09:00", "10:00"))),
        ),
        phones=(Phone("040 1234567"),),
    )
    write_items(db, [first])
    second = make_item(
        "local:1", "Velkaneuvonta", categories=("income",), locations=(Location(municipality="765"),), phones=()
    )
    assert write_items(db, [second]) == 1
    assert get_item(db, "local:1") == second
    of_item = "SELECT {} FROM {} JOIN items ON rid = item_rid WHERE id = 'local:1'"
    assert [r[0] for r in db.execute(of_item.format("municipality", "item_areas"))] == ["765"]
    assert [r[0] for r in db.execute(of_item.format("category", "item_categories"))] == ["income"]
    assert _fts_count(db, "kuntosali") == 0
    assert _fts_count(db, "velkaneuvonta") == 1
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == 1


def test_the_last_version_of_an_id_in_one_batch_wins(db: Database) -> None:
    write_items(db, [make_item("local:1", "Eka"), make_item("local:1", "Toka")])
    item = get_item(db, "local:1")
    assert item is not None and item.names == {"fi": "Toka"}
    assert count(Tray(db), Query(text="eka")) == 0


def test_delete_cascades_to_children_and_fts(db: Database) -> None:
    item = full_item()
    write_items(db, [item, make_item("local:2", "Kirjasto")])
    rid = db.execute("SELECT rid FROM items WHERE id = ?", (item.id,)).fetchone()[0]
    for table in LINK_TABLES:
        assert _rows(db, table, rid) > 0, table
    assert delete_items(db, [item.id, "ptv:not-there"]) == 1
    for table in LINK_TABLES:
        assert _rows(db, table, rid) == 0, table
    assert _orphans(db) == dict.fromkeys(CHANNEL_TABLES + LINK_TABLES, 0)
    assert [r["url"] for r in _channel_rows(db, "web_links", "local:2")] == []
    assert _fts_count(db, "kuntosali") == 0
    assert [h.id for h in search(Tray(db), Query(text="kirjasto"))] == ["local:2"]
    db.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")


def test_delete_source_items_except_keeps_listed_and_other_sources(db: Database) -> None:
    write_items(
        db, [make_item("ptv:a", "A"), make_item("ptv:b", "B"), make_item("ptv:c", "C"), make_item("local:a", "D")]
    )
    assert delete_source_items_except(db, "ptv", ["ptv:b", "ptv:zzz"]) == 2
    assert sorted(r[0] for r in db.execute("SELECT id FROM items")) == ["local:a", "ptv:b"]
    assert count(Tray(db), Query(text="a")) == 0
    db.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")


def test_write_is_all_or_nothing(db: Database) -> None:
    def items():  # type: ignore[no-untyped-def]
        yield make_item("local:1", "Eka")
        raise RuntimeError("source broke")

    with pytest.raises(RuntimeError):
        write_items(db, items())
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == 0


def test_counts_per_category_municipality_nationwide_and_demo(db: Database) -> None:
    write_items(
        db,
        [
            make_item("local:1", "A", categories=("sports", "culture"), areas=("205",)),
            make_item(
                "local:2", "B", categories=("sports",), locations=(Location(municipality="765"),), areas=("205",)
            ),
            make_item("local:3", "C", nationwide=True),
        ],
    )
    result = counts(db)
    assert result["items"] == 3
    assert result["by_category"] == {"culture": 1, "sports": 2}
    assert result["by_municipality"] == {"205": 2, "765": 1}
    assert result["nationwide"] == 1
    assert result["demo"] is False
    set_meta(db, "demo", True)
    assert counts(db)["demo"] is True


def test_meta_and_source_state(db: Database) -> None:
    assert get_meta(db, "snapshot_at") is None
    assert get_meta(db, "snapshot_at", "never") == "never"
    set_meta(db, "snapshot_at", "2026-01-01T00:00:00+00:00")
    set_meta(db, "snapshot_at", "2026-01-02T00:00:00+00:00")
    assert get_meta(db, "snapshot_at") == "2026-01-02T00:00:00+00:00"
    when = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    set_source_state(db, "ptv", kind="ptv", last_attempt_at=when, status="ok", items=10, warnings=["bad phone"])
    set_source_state(db, "ptv", status="failed", message="timeout")
    set_source_state(db, "local", kind="local")
    states = get_source_states(db)
    assert [s["name"] for s in states] == ["local", "ptv"]
    ptv = states[1]
    assert ptv["status"] == "failed" and ptv["message"] == "timeout" and ptv["items"] == 10
    assert ptv["last_attempt_at"] == when.isoformat()
    assert ptv["warnings"] == ["bad phone"]
    with pytest.raises(ValueError):
        set_source_state(db, "ptv", api_key="secret")


def test_many_items_round_trip_and_get_items_keeps_order(db: Database) -> None:
    items = synthetic_items(300)
    assert write_items(db, items) == 300
    ids = [items[250].id, items[3].id, "ptv:none", items[120].id]
    assert get_items(db, ids) == [items[250], items[3], items[120]]
    assert counts(db)["items"] == 300
    db.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")


def test_fast_to_dict_gives_exactly_to_dict() -> None:
    from kiosk.serialize import fast_to_dict, to_dict

    items = [full_item(), make_item("local:min", "Pieni"), *synthetic_items(50)]
    for item in items:
        fast = fast_to_dict(item)
        assert fast == to_dict(item) and list(fast) == list(to_dict(item))
        assert json.dumps(fast) == json.dumps(to_dict(item))


def test_nothing_stored_is_lost(db: Database) -> None:
    from dataclasses import fields

    from kiosk.model import TrayItem

    item = full_item()
    unset = {f.name for f in fields(TrayItem) if getattr(item, f.name) in (None, (), {}, "")}
    assert unset == set(), f"full_item should fill every field: {unset}"
    variants = [
        item,
        make_item("local:bare", "Paljas"),
        make_item("local:flags", {"sv": "Flaggor"}, online=True, nationwide=True, demo=True, cost="charged"),
        *synthetic_items(40),
    ]
    write_items(db, variants)
    assert get_items(db, [v.id for v in variants]) == variants
    # and again over the stored rows (an upsert of everything)
    write_items(db, variants)
    assert get_items(db, [v.id for v in variants]) == variants
    for table in ("items_fts", "names_fts"):
        db.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")  # noqa: S608


def test_a_new_stemmer_version_reindexes_before_deleting(db: Database) -> None:
    write_items(db, [make_item("local:1", "Kuntosali"), make_item("local:2", "Kirjasto")])
    set_meta(db, "fts_stems", "0/older stemmer")
    write_items(db, [make_item("local:1", "Velkaneuvonta")])
    assert get_meta(db, "fts_stems") != "0/older stemmer"
    assert [h.id for h in search(Tray(db), Query(text="velkaneuvontaa"))] == ["local:1"]
    assert [h.id for h in search(Tray(db), Query(text="kirjastoon"))] == ["local:2"]
    assert count(Tray(db), Query(text="kuntosali")) == 0
    for table in ("items_fts", "names_fts"):
        db.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")  # noqa: S608


def test_filter_sets_follow_writes_on_this_and_other_connections(db: Database, tmp_path: Path) -> None:
    write_items(db, [make_item("local:1", "Kuoro", cost="free")])
    tray = Tray(db)  # one handle: its filter sets are reused between searches unless the data changed
    query = Query(text="kuoro", free=True)
    assert [h.id for h in search(tray, query)] == ["local:1"]
    assert len(tray.filter_sets) == 1
    write_items(db, [make_item("local:2", "Kuorot", cost="free")])
    assert {h.id for h in search(tray, query)} == {"local:1", "local:2"}
    other = open_cache(tmp_path / "cache.db")
    write_items(other, [make_item("local:3", "Kuorolaulu", cost="free")])
    other.conn.commit()
    assert {h.id for h in search(tray, query)} == {"local:1", "local:2", "local:3"}
    assert count(tray, Query(free=True)) == 3


def test_an_id_repeated_in_a_later_batch_of_a_fresh_load_replaces_the_first(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kiosk.cache.write as write_module

    monkeypatch.setattr(write_module, "BATCH", 2)
    write_items(db, [make_item("local:1", "Eka"), make_item("local:2", "Toka"), make_item("local:1", "Kolmas")])
    assert get_item(db, "local:1") == make_item("local:1", "Kolmas")
    assert count(Tray(db), Query(text="eka")) == 0 and count(Tray(db), Query(text="kolmas")) == 1
    assert counts(db)["items"] == 2


def test_channel_tables_hold_every_location_hours_phone_and_link(db: Database) -> None:
    item = full_item()
    write_items(db, [item, make_item("local:bare", "Paljas")])
    locations = _channel_rows(db, "locations", item.id)
    assert len(locations) == len(item.locations) == 2
    first, second = locations
    loc = item.locations[0]
    # EPSG:3067 exactly as given: the same floats, no rounding or reprojection
    assert (first["easting"], first["northing"]) == (541234.5, 7124567.25) == (loc.easting, loc.northing)
    assert type(first["easting"]) is float and type(first["northing"]) is float
    assert (first["lat"], first["lon"]) == (loc.lat, loc.lon)
    assert first["position"] == 0 and first["location_id"] == "loc-1"
    assert first["name"] == "Liikuntahalli" and json.loads(first["names"]) == loc.names
    assert json.loads(first["street"]) == loc.street and json.loads(first["post_office"]) == loc.post_office
    assert first["postal_code"] == "87100" and first["municipality"] == "205"
    assert json.loads(first["accessibility"]) == loc.accessibility
    assert json.loads(first["hours_notes"]) == loc.hours_notes
    assert second["position"] == 1 and second["municipality"] == "765" and second["name"] == "Sivupiste"
    assert second["easting"] is None and second["street"] is None and second["location_id"] is None

    hours = _channel_rows(db, "opening_hours", item.id)
    expected = [(0, None, r) for r in loc.hours] + [(None, 0, r) for r in item.phones[0].hours]
    assert len(hours) == len(expected) == 3
    for row, (location_position, phone_position, rule) in zip(hours, expected, strict=True):
        assert (row["location_position"], row["phone_position"]) == (location_position, phone_position)
        assert (row["weekday"], row["opens"], row["closes"], row["kind"]) == (
            rule.weekday,
            rule.opens,
            rule.closes,
            rule.kind,
        )
        assert row["valid_from"] == (rule.valid_from.isoformat() if rule.valid_from else None)
        assert row["valid_to"] == (rule.valid_to.isoformat() if rule.valid_to else None)
        assert (json.loads(row["notes"]) if row["notes"] else {}) == rule.notes
    assert hours[1]["valid_to"] == "2026-05-31" and hours[1]["kind"] == "reservation"

    phones = _channel_rows(db, "phones", item.id)
    assert [(p["position"], p["number"], p["charge"]) for p in phones] == [
        (0, "+358 8 123 4567", "free"),
        (1, "0800 123 456", "charged"),
    ]
    assert json.loads(phones[0]["info"]) == {"fi": "Neuvonta"} and phones[0]["charge_info"] is None
    assert phones[1]["info"] is None and json.loads(phones[1]["charge_info"]) == {"fi": "pvm/mpm"}

    links = _channel_rows(db, "web_links", item.id)
    assert [(w["position"], w["url"], w["title"], w["language"]) for w in links] == [
        (0, "https://example.fi/kuntosali", "Kuntosali", "fi"),
        (1, "https://example.fi/", None, None),
    ]
    for table in CHANNEL_TABLES:
        assert _channel_rows(db, table, "local:bare") == [], table
    # the normalised copy does not change what is read back
    assert get_item(db, item.id) == item


def test_channel_rows_match_synthetic_items_exactly(db: Database) -> None:
    items = synthetic_items(120)
    write_items(db, items)
    for item in items[::7]:
        (row,) = _channel_rows(db, "locations", item.id)
        loc = item.locations[0]
        assert (row["easting"], row["northing"], row["municipality"]) == (loc.easting, loc.northing, loc.municipality)
        hours = _channel_rows(db, "opening_hours", item.id)
        assert [(h["weekday"], h["opens"], h["closes"], h["kind"]) for h in hours] == [
            (r.weekday, r.opens, r.closes, r.kind) for r in loc.hours
        ]
        assert [p["number"] for p in _channel_rows(db, "phones", item.id)] == [p.number for p in item.phones]
        assert [w["url"] for w in _channel_rows(db, "web_links", item.id)] == [w.url for w in item.web]
    assert db.execute("SELECT count(*) FROM opening_hours").fetchone()[0] == 5 * len(items)
    assert get_items(db, [i.id for i in items]) == items


def test_an_upsert_with_fewer_channels_leaves_no_old_rows(db: Database) -> None:
    item = full_item()
    write_items(db, [item])
    fewer = replace(
        item,
        locations=(replace(item.locations[1], easting=600000.125, northing=7000000.5),),
        phones=(),
        web=(WebLink(url="https://example.fi/uusi"),),
    )
    write_items(db, [fewer])
    locations = _channel_rows(db, "locations", item.id)
    assert [(r["position"], r["name"], r["easting"], r["northing"]) for r in locations] == [
        (0, "Sivupiste", 600000.125, 7000000.5)
    ]
    assert _channel_rows(db, "opening_hours", item.id) == []
    assert _channel_rows(db, "phones", item.id) == []
    assert [w["url"] for w in _channel_rows(db, "web_links", item.id)] == ["https://example.fi/uusi"]
    assert _orphans(db) == dict.fromkeys(CHANNEL_TABLES + LINK_TABLES, 0)
    for table in CHANNEL_TABLES:
        assert db.execute(f"SELECT count(DISTINCT item_rid) FROM {table}").fetchone()[0] <= 1  # noqa: S608
    assert get_item(db, item.id) == fewer


def test_deletes_leave_no_channel_rows(db: Database) -> None:
    kept = full_item("ptv:kept")
    other = replace(full_item("local:c"), source="local")
    write_items(db, [full_item("ptv:a"), full_item("ptv:b"), kept, other, *synthetic_items(30)])
    assert delete_items(db, ["ptv:a", "ptv:synthetic-3"]) == 2
    for item_id in ("ptv:a", "ptv:synthetic-3"):
        for table in CHANNEL_TABLES:
            assert _channel_rows(db, table, item_id) == [], (item_id, table)
    assert delete_source_items_except(db, "ptv", ["ptv:kept"]) == 30
    assert _orphans(db) == dict.fromkeys(CHANNEL_TABLES + LINK_TABLES, 0)
    remaining = {r[0] for r in db.execute("SELECT DISTINCT i.id FROM locations l JOIN items i ON i.rid = l.item_rid")}
    assert remaining == {"ptv:kept", "local:c"}
    assert len(_channel_rows(db, "opening_hours", "ptv:kept")) == 3
    assert get_items(db, ["ptv:kept", "local:c"]) == [kept, other]
