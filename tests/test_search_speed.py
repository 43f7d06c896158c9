"""The search page's count stops at a cap ("1000+"), and a count reuses what the search of the same text counted."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from items_factory import make_item, synthetic_items

import kiosk.browse as browse_module
import kiosk.search as search_module
from kiosk import reads
from kiosk.cache import open_cache, write_items
from kiosk.query import Query
from kiosk.search import COUNT_CAP, count, search, search_ids
from kiosk.tray import Tray

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
TEXTS = ("kahvila", "kah", "kuntosali", "ku", "liikunta", "yhdistys", "zzzz", "kahvila kuoro", "uimahalli")
# "uimahalli" is found as typed and, a level below, by its synonyms ("vesijumppa", "uinti")
SWIMMING = [make_item(f"local:uima{n}", f"Uimahalli {n}") for n in range(4)] + [
    make_item(f"local:jumppa{n}", f"Ryhmä {chr(ord('F') - n)}", summaries={"fi": "vesijumppa ja uinti"}) for n in range(6)
]


@pytest.fixture(scope="module")
def tray(tmp_path_factory: pytest.TempPathFactory) -> Tray:
    db = open_cache(Path(tmp_path_factory.mktemp("speed")) / "cache.db")
    write_items(db, synthetic_items(300) + [make_item("local:star", "Kahvila Tähti", cost="free"), *SWIMMING])
    return Tray(db)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("free", [False, True])
def test_a_capped_count_is_the_count_up_to_the_cap(tray: Tray, text: str, free: bool) -> None:
    query = Query(text=text, free=free)
    full = count(tray, query)
    for cap in (0, 1, 5, 50, 1000):
        assert count(tray, query, cap=cap) == min(full, cap + 1)
    # after a search of the same text (which remembers its first level's count) the answers are the same
    search(tray, query, limit=20)
    for cap in (0, 1, 5, 50, 1000):
        assert count(tray, query, cap=cap) == min(full, cap + 1)
    assert count(tray, query) == full


def test_the_first_levels_count_answers_a_capped_count(tray: Tray) -> None:
    query = Query(text="kah")
    assert count(tray, query) > 6
    search(tray, query, limit=20)
    assert tray.match_counts.known(tray.db, tray.plans.get(tray.db, "kah", "fi").strict or "") == count(tray, query)
    assert count(tray, query, cap=5) == 6
    # a new write makes the remembered counts stale: they are not used for the new snapshot state
    write_items(tray.db, [make_item("local:more", "Kahvila Uusi")])
    assert tray.match_counts.known(tray.db, tray.plans.get(tray.db, "kah", "fi").strict or "") is None


def test_search_as_you_type_says_more_than_the_cap(tray: Tray, monkeypatch: pytest.MonkeyPatch) -> None:
    full = count(tray, Query(text="kah"))
    assert full > 12
    monkeypatch.setattr(browse_module, "COUNT_CAP", 10)
    page = reads.cards(tray, Query(text="kah"), "fi", NOW, None, limit=5, facets=False)
    assert (page.total, page.more, len(page.cards)) == (10, True, 5)
    monkeypatch.setattr(browse_module, "COUNT_CAP", full)
    page = reads.cards(tray, Query(text="kah"), "fi", NOW, None, limit=5, facets=False)
    assert (page.total, page.more) == (full, False)
    few = reads.cards(tray, Query(text="tähti"), "fi", NOW, None, limit=5, facets=False)
    assert (few.total, few.more) == (1, False)


def test_the_cap_is_a_thousand() -> None:
    assert COUNT_CAP == search_module.COUNT_CAP == 1000


FILTERED = (
    Query(text="kahvila", free=True),
    Query(text="kah", free=True),
    Query(text="ku", online=True),
    Query(text="kuntosali", categories=("sports",)),
    Query(text="yhdistys", municipalities=("205",), include_nationwide=True),
    Query(free=True),
)


@pytest.mark.parametrize("window", [500, 5])
def test_dense_filter_sets_give_the_same_pages_and_counts(
    tray: Tray, monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    """A dense filter set is checked as matches are read, a small one inside the query: the same answers."""
    monkeypatch.setattr(search_module, "WINDOW", window)  # 5: the tiers of a broad prefix, filtered
    answers = []
    for dense in (10**9, 0):  # every filter set dense, then none
        monkeypatch.setattr(search_module, "DENSE", dense)
        fresh = Tray(tray.db)
        got = []
        for query in FILTERED:
            assert fresh.filter_sets.get(fresh.db, query) is None or (
                fresh.filter_sets.get(fresh.db, query).dense == (dense > 0)  # type: ignore[union-attr]
            )
            got.append(
                (
                    [(h.id, h.score) for h in search(fresh, query, limit=20)],
                    [h.id for h in search(fresh, query, limit=7, offset=3)],
                    count(fresh, query),
                    count(fresh, query, cap=4),
                )
            )
        answers.append(got)
    assert answers[0] == answers[1]
    assert any(page for page, *_ in answers[0])


def test_a_built_snapshot_publishes_no_free_pages(tmp_path: Path) -> None:
    from kiosk.cache.builder import SnapshotBuilder

    path = tmp_path / "new.sqlite"
    with SnapshotBuilder(path, threaded=False) as builder:
        builder.write(synthetic_items(400))
        builder.delete({f"ptv:synthetic-{n}" for n in range(300)})  # frees pages inside the build
        free_before = builder.call(lambda: builder.db.execute("PRAGMA freelist_count").fetchone()[0])
        assert free_before > 0
        builder.commit()
    db = open_cache(path)
    assert db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental
    assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == 100
    assert [h.id for h in search(Tray(db), Query(text="Yhdistys 350"))][:1] == ["ptv:synthetic-350"]


def test_a_snapshot_with_link_tables_keyed_by_item_id_is_migrated_with_its_rows(tmp_path: Path) -> None:
    import sqlite3

    from kiosk.tray import SnapshotOutdated, open_tray

    path = tmp_path / "old.sqlite"
    db = open_cache(path)
    write_items(db, synthetic_items(60))
    links = {t: sorted(db.execute(f"SELECT i.id, l.{c} FROM {t} l JOIN items i ON i.rid = l.item_rid").fetchall())  # noqa: S608
             for t, c in (("item_areas", "municipality"), ("item_categories", "category"), ("item_languages", "language"))}
    before = [h.id for h in search(Tray(db), Query(text="kahvila", categories=("sports",)), limit=50)]
    db.close()
    with sqlite3.connect(path) as conn:  # as a snapshot of schema step m006 holds them: keyed by the text id
        for table, rows in links.items():
            column = {"item_areas": "municipality", "item_categories": "category", "item_languages": "language"}[table]
            conn.execute(f"DROP TABLE {table}")
            conn.execute(f"CREATE TABLE {table} (item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,"
                         f" {column} TEXT NOT NULL, PRIMARY KEY (item_id, {column})) WITHOUT ROWID")
            conn.execute(f"CREATE INDEX {table}_{column} ON {table}({column}, item_id)")
            conn.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)  # noqa: S608
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_link_rids'")
    with pytest.raises(SnapshotOutdated):
        open_tray(path)
    db = open_cache(path)  # what kiosk.snapshot.upgrade does to a copy
    for table, rows in links.items():
        column = {"item_areas": "municipality", "item_categories": "category", "item_languages": "language"}[table]
        got = db.execute(f"SELECT i.id, l.{column} FROM {table} l JOIN items i ON i.rid = l.item_rid").fetchall()  # noqa: S608
        assert sorted(got) == rows and rows, table
    assert [h.id for h in search(Tray(db), Query(text="kahvila", categories=("sports",)), limit=50)] == before
    assert before


def test_a_broad_prefix_is_known_from_the_names_index(tray: Tray, monkeypatch: pytest.MonkeyPatch) -> None:
    """More name matches than the cap: the first level is noted as more than the cap without counting it in
    items_fts, and the capped count says the same as a real count."""
    monkeypatch.setattr(search_module, "WINDOW", 2)
    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    fresh = Tray(tray.db)
    plan = fresh.plans.get(fresh.db, "kah", "fi")
    assert fresh.match_counts.at_most(fresh.db, plan.names or "", "names_fts") == 4  # capped at COUNT_CAP + 1
    assert fresh.match_counts.known(fresh.db, plan.strict or "") is None
    hits = search(fresh, Query(text="kah"), limit=5)
    assert fresh.match_counts.known(fresh.db, plan.strict or "") == 4
    assert count(fresh, Query(text="kah"), cap=3) == 4 == min(count(Tray(tray.db), Query(text="kah")), 4)
    assert all("kah" in h.name.lower() for h in hits[:4])  # the tiers of a broad prefix: names first


def test_a_broad_lower_level_is_shown_by_name_and_its_count_is_not_counted_again(
    tray: Tray, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A level below the words as typed (here the synonyms) with more than WINDOW matches is not scored with
    bm25 (which counts every phrase's documents first): its new matches come by name, below the first level's.
    The search reads the level up to the cap, and the count of the same text uses that figure."""
    monkeypatch.setattr(search_module, "WINDOW", 5)
    fresh = Tray(tray.db)
    hits = search(fresh, Query(text="uimahalli"), limit=20)
    ids = [h.id for h in hits]
    assert set(ids[:4]) == {f"local:uima{n}" for n in range(4)}  # the words as typed, by bm25
    lower = hits[4:]
    assert lower and not {h.id for h in lower} & {h.id for h in search(Tray(tray.db), Query(text="uimahal"), limit=50)}
    named = [h for h in lower if any(w in h.name.lower() for w in ("uinti", "vesijumppa", "uida", "uimaranta"))]
    assert named and lower[: len(named)] == named  # names that hold a synonym first ...
    others = lower[len(named):]
    assert others
    for group in (named, others):  # ... each group by name
        assert [h.name for h in group] == sorted(h.name for h in group)
    assert max(h.score for h in lower) < min(h.score for h in hits[:4])
    statements: list[str] = []
    fresh.db.conn.set_trace_callback(statements.append)
    try:
        total = count(fresh, Query(text="uimahalli"), cap=COUNT_CAP)
    finally:
        fresh.db.conn.set_trace_callback(None)
    assert total == count(Tray(tray.db), Query(text="uimahalli")) > 10
    assert not [s for s in statements if "count(" in s]  # read by the search, not counted again


def test_a_capped_count_stops_at_the_first_level_when_it_alone_passes_the_cap(tray: Tray) -> None:
    fresh = Tray(tray.db)
    statements: list[str] = []
    fresh.db.conn.set_trace_callback(statements.append)
    try:
        assert count(fresh, Query(text="uimahalli"), cap=2) == 3
    finally:
        fresh.db.conn.set_trace_callback(None)
    plan = fresh.plans.get(fresh.db, "uimahalli", "fi")
    assert plan.strict != plan.match
    counted = [s for s in statements if "count(" in s]
    assert len(counted) == 1 and "vesijumppa" not in counted[0]  # the synonyms were never counted


@pytest.mark.parametrize("text", TEXTS)
def test_search_ids_are_the_ids_of_the_search_page(tray: Tray, text: str) -> None:
    for limit, offset in ((20, 0), (7, 3)):
        expected = [h.id for h in search(Tray(tray.db), Query(text=text), limit=limit, offset=offset)]
        assert search_ids(Tray(tray.db), Query(text=text), limit=limit, offset=offset) == expected


def test_a_snapshot_with_the_old_prefix_indexes_is_migrated_and_searches_the_same(tmp_path: Path) -> None:
    """Schema step m008: items_fts without the 2-letter prefix index, names_fts with a 1-letter one; the
    tables are made anew and re-indexed from the items rows, so the upgraded snapshot finds the same."""
    import sqlite3

    import sqlite_utils

    from kiosk.cache import fts
    from kiosk.tray import SnapshotOutdated, open_tray

    path = tmp_path / "old.sqlite"
    db = open_cache(path)
    write_items(db, synthetic_items(120) + SWIMMING)
    texts = ("k", "ka", "kah", "kahv", "kahvila", "u", "uimahalli", "yhdistys 3", "ku")

    def answers(tray: Tray) -> list[tuple[list[str], int]]:
        return [([h.id for h in search(tray, Query(text=t), limit=30)], count(tray, Query(text=t))) for t in texts]

    now = answers(Tray(db))
    db.close()
    with sqlite3.connect(path) as conn:  # the tables as schema step m004 made them
        conn.execute("DROP TABLE items_fts")
        conn.execute("DROP TABLE names_fts")
        conn.execute("CREATE VIRTUAL TABLE items_fts USING fts5(names, body, stems, content='',"
                     " tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')")
        conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('rank', 'bm25(10.0, 2.0, 3.0)')")
        conn.execute("CREATE VIRTUAL TABLE names_fts USING fts5(names, stems, content='', detail='column',"
                     " tokenize='unicode61 remove_diacritics 0', prefix='2 3 4 5 6')")
        fts.reindex(conn)
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm008_fts_prefixes'")
    old = sqlite3.connect(path)
    assert answers(Tray(sqlite_utils.Database(old))) == now  # the old tables answer the same
    old.close()
    with pytest.raises(SnapshotOutdated):
        open_tray(path)
    db = open_cache(path)  # what kiosk.snapshot.upgrade does to a copy
    shapes = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE name IN ('items_fts', 'names_fts')").fetchall())
    assert "prefix='3 4'" in shapes["items_fts"] and "prefix='1 2 3 4 5 6'" in shapes["names_fts"]
    assert answers(Tray(db)) == now
    assert all(found for found, _ in now[:5])



@pytest.mark.parametrize("text", ["k", "ka", "u", "ku", "t", "kahvila", "kah kuoro"])
@pytest.mark.parametrize("free", [False, True])
def test_a_short_word_walks_the_names_row_by_row_with_the_same_page(
    tray: Tray, monkeypatch: pytest.MonkeyPatch, text: str, free: bool
) -> None:
    """The tiers of a broad one- or two-letter word look each name up by its rowid instead of reading the set
    of every name match first: the same page either way."""
    monkeypatch.setattr(search_module, "WINDOW", 5)
    query = Query(text=text, free=free)
    by_row = [h.id for h in search(Tray(tray.db), query, limit=25)]
    monkeypatch.setattr(search_module, "SHORT_WORD", 0)  # every word read as a set, as before
    assert [h.id for h in search(Tray(tray.db), query, limit=25)] == by_row
    assert by_row or text == "kah kuoro"
