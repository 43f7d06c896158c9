"""The cache schema as sqlite-utils 4 migrations.

Each step is a small function applied inside a transaction together with its record in
``_sqlite_migrations``. An applied step is never edited: a change of schema is a new function at the
end of this file. ``MIGRATIONS.apply(db)`` is called by :func:`kiosk.cache.write.open_cache`.

Layout (every child table cascades from ``items``; ``PRAGMA foreign_keys=ON`` is set by ``open_cache``):

- ``items`` — one row per TrayItem: filter columns, JSON text of the per-language and list fields, and
  ``data``, the full :func:`kiosk.serialize.to_dict` JSON from which :mod:`kiosk.cache.read` rebuilds the
  exact item. ``sort_name`` is the casefolded fi→sv→en name, the browse order.
- ``locations`` / ``opening_hours`` / ``phones`` / ``web_links`` — the channels, position-ordered.
- ``item_areas`` — every municipality where the item is offered: its ``areas`` plus its locations'
  municipalities (``TrayItem.municipalities``). Nationwide is ``items.nationwide``, not a row.
- ``item_categories`` / ``item_languages`` — link tables for the search filters.
- ``sources`` — sync state per configured source; ``meta`` — key/value facts about the snapshot.
- ``items_text`` + ``items_fts`` — full-text search, see :func:`m005_fts`.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("hyte_kiosk_cache")


def _run(db: Database, *statements: str) -> None:
    for sql in statements:
        db.execute(sql)


@MIGRATIONS()
def m001_items(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE items (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            demo INTEGER NOT NULL DEFAULT 0,
            cost TEXT NOT NULL DEFAULT 'unknown',
            funding TEXT,
            online INTEGER NOT NULL DEFAULT 0,
            nationwide INTEGER NOT NULL DEFAULT 0,
            starts_at TEXT,
            ends_at TEXT,
            modified TEXT,
            fetched_at TEXT,
            source_url TEXT,
            sort_name TEXT NOT NULL,
            names TEXT NOT NULL,
            summaries TEXT,
            descriptions TEXT,
            keywords TEXT,
            organisation TEXT,
            languages TEXT,
            programmes TEXT,
            service_classes TEXT,
            target_groups TEXT,
            cost_info TEXT,
            categories TEXT,
            municipalities TEXT,
            data TEXT NOT NULL
        )
        """,
        "CREATE INDEX items_source ON items(source)",
        "CREATE INDEX items_sort_name ON items(sort_name, id)",
        # covering indexes for the search filters (free, online, nationwide)
        "CREATE INDEX items_cost ON items(cost, id)",
        "CREATE INDEX items_online ON items(online, id)",
        "CREATE INDEX items_nationwide ON items(nationwide, id)",
    )


@MIGRATIONS()
def m002_channels(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE locations (
            item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            location_id TEXT,
            names TEXT,
            street TEXT,
            postal_code TEXT,
            post_office TEXT,
            municipality TEXT,
            easting REAL,
            northing REAL,
            lat REAL,
            lon REAL,
            accessibility TEXT,
            PRIMARY KEY (item_id, position)
        )
        """,
        "CREATE INDEX locations_municipality ON locations(municipality)",
        """
        CREATE TABLE opening_hours (
            item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            location_position INTEGER NOT NULL,
            weekday INTEGER NOT NULL,
            opens TEXT NOT NULL,
            closes TEXT NOT NULL,
            kind TEXT NOT NULL,
            valid_from TEXT,
            valid_to TEXT
        )
        """,
        "CREATE INDEX opening_hours_item ON opening_hours(item_id, location_position)",
        """
        CREATE TABLE phones (
            item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            number TEXT NOT NULL,
            charge TEXT NOT NULL,
            info TEXT,
            PRIMARY KEY (item_id, position)
        )
        """,
        """
        CREATE TABLE web_links (
            item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            url TEXT NOT NULL,
            title TEXT,
            language TEXT,
            PRIMARY KEY (item_id, position)
        )
        """,
    )


@MIGRATIONS()
def m003_links(db: Database) -> None:
    for table, column in (
        ("item_areas", "municipality"),
        ("item_categories", "category"),
        ("item_languages", "language"),
    ):
        _run(
            db,
            f"""
            CREATE TABLE {table} (
                item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                {column} TEXT NOT NULL,
                PRIMARY KEY (item_id, {column})
            ) WITHOUT ROWID
            """,
            f"CREATE INDEX {table}_{column} ON {table}({column}, item_id)",
        )


@MIGRATIONS()
def m004_sources_meta(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE sources (
            name TEXT PRIMARY KEY,
            kind TEXT,
            cursor TEXT,
            last_attempt_at TEXT,
            last_success_at TEXT,
            status TEXT,
            message TEXT,
            items INTEGER,
            warnings
        )
        """,
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
    )


@MIGRATIONS()
def m005_fts(db: Database) -> None:
    """Full-text search: an external-content FTS5 table over ``items_text``.

    Why external content: SQLite here is 3.40, whose *contentless* FTS5 tables can only delete a row
    when given the exact text that was indexed (``contentless_delete`` arrived in 3.43). Keeping that
    text in ``items_text`` makes deletes exact and lets ``INSERT INTO items_fts(items_fts)
    VALUES('rebuild')`` repair the index at any time, without re-stemming. ``items_text`` has its own
    ``INTEGER PRIMARY KEY AUTOINCREMENT`` (``rid``): a plain rowid may be renumbered by VACUUM, and
    AUTOINCREMENT never reuses a rid, so a stale index entry can never be mistaken for a new row.
    ``items_text`` cascades from ``items``.

    No triggers: :mod:`kiosk.cache.write` (the only writer) indexes and un-indexes rows per batch with
    ``INSERT INTO items_fts(…) SELECT … FROM items_text`` (and the ``'delete'`` form), which measured
    4× faster than per-row triggers (48 000 vs 11 000 rows/s); the 50 000-item sync budget is tight.
    Delete items only through ``kiosk.cache.write``; ``'rebuild'`` repairs the index if anything else did.

    Columns: ``names`` (all languages), ``body`` (summaries, descriptions, keywords, organisation
    names; all languages), ``stems`` (Snowball stems of all of those, per language).
    ``remove_diacritics 0`` keeps ä/ö/å distinct from a/o. ``prefix='3'`` adds a prefix index so that
    three-letter search-as-you-type (``"kun"*``) reads one prefix doclist instead of merging many terms.
    """
    _run(
        db,
        """
        CREATE TABLE items_text (
            rid INTEGER PRIMARY KEY AUTOINCREMENT,
            item_id TEXT NOT NULL UNIQUE REFERENCES items(id) ON DELETE CASCADE,
            names TEXT NOT NULL,
            body TEXT NOT NULL,
            stems TEXT NOT NULL
        )
        """,
        """
        CREATE VIRTUAL TABLE items_fts USING fts5(
            names, body, stems,
            content='items_text', content_rowid='rid',
            tokenize='unicode61 remove_diacritics 0',
            prefix='3'
        )
        """,
    )
