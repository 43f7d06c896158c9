"""The SQLite cache: exact round trips, upserts that replace children, cascading deletes, counts, state."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

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
from kiosk.model import Location, OpeningRule, Phone
from kiosk.search import SearchQuery, count, search


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_cache(tmp_path / "cache.db")


def _rows(db: Database, table: str, item_id: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table} WHERE item_id = ?", (item_id,)).fetchone()[0])  # noqa: S608


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
    assert {"items", "locations", "opening_hours", "phones", "web_links", "item_areas", "items_fts"} <= set(
        db.table_names()
    )


def test_round_trip_gives_back_the_exact_item(db: Database) -> None:
    item = full_item()
    assert write_items(db, [item]) == 1
    assert get_item(db, item.id) == item
    assert get_item(db, "ptv:missing") is None


def test_child_rows_hold_hours_coordinates_and_phones(db: Database) -> None:
    item = full_item()
    write_items(db, [item])
    loc = db.execute(
        "SELECT municipality, easting, northing, lat, lon, postal_code FROM locations WHERE item_id = ? AND position = 0",
        (item.id,),
    ).fetchone()
    assert loc == ("205", 541234.5, 7124567.25, 64.2245, 27.7281, "87100")
    hours = db.execute(
        "SELECT weekday, opens, closes, kind, valid_from, valid_to FROM opening_hours WHERE item_id = ? ORDER BY weekday",
        (item.id,),
    ).fetchall()
    assert hours == [
        (0, "09:00", "11:00", "open", None, None),
        (2, "13:00", "24:00", "reservation", "2026-01-01", "2026-05-31"),
    ]
    phones = db.execute("SELECT number, charge FROM phones WHERE item_id = ? ORDER BY position", (item.id,)).fetchall()
    assert phones == [("+358 8 123 4567", "free"), ("0800 123 456", "charged")]
    areas = {r[0] for r in db.execute("SELECT municipality FROM item_areas WHERE item_id = ?", (item.id,))}
    assert areas == {"205", "765"}
    row = db.execute("SELECT sort_name, cost, demo, nationwide FROM items WHERE id = ?", (item.id,)).fetchone()
    assert row == ("ikäihmisten kuntosali", "free", 1, 0)


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
    assert _rows(db, "opening_hours", "local:1") == 0
    assert _rows(db, "phones", "local:1") == 0
    assert [r[0] for r in db.execute("SELECT municipality FROM item_areas WHERE item_id = 'local:1'")] == ["765"]
    assert [r[0] for r in db.execute("SELECT category FROM item_categories WHERE item_id = 'local:1'")] == ["income"]
    assert _fts_count(db, "kuntosali") == 0
    assert _fts_count(db, "velkaneuvonta") == 1
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == 1


def test_the_last_version_of_an_id_in_one_batch_wins(db: Database) -> None:
    write_items(db, [make_item("local:1", "Eka"), make_item("local:1", "Toka")])
    item = get_item(db, "local:1")
    assert item is not None and item.names == {"fi": "Toka"}
    assert count(db, SearchQuery(text="eka")) == 0


def test_delete_cascades_to_children_and_fts(db: Database) -> None:
    item = full_item()
    write_items(db, [item, make_item("local:2", "Kirjasto")])
    assert delete_items(db, [item.id, "ptv:not-there"]) == 1
    for table in (
        "locations",
        "opening_hours",
        "phones",
        "web_links",
        "item_areas",
        "item_categories",
        "item_languages",
    ):
        assert _rows(db, table, item.id) == 0, table
    assert db.execute("SELECT count(*) FROM items_text WHERE item_id = ?", (item.id,)).fetchone()[0] == 0
    assert _fts_count(db, "kuntosali") == 0
    assert [h.id for h in search(db, SearchQuery(text="kirjasto"))] == ["local:2"]
    db.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")


def test_delete_source_items_except_keeps_listed_and_other_sources(db: Database) -> None:
    write_items(
        db, [make_item("ptv:a", "A"), make_item("ptv:b", "B"), make_item("ptv:c", "C"), make_item("local:a", "D")]
    )
    assert delete_source_items_except(db, "ptv", ["ptv:b", "ptv:zzz"]) == 2
    assert sorted(r[0] for r in db.execute("SELECT id FROM items")) == ["local:a", "ptv:b"]
    assert count(db, SearchQuery(text="a")) == 0
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
