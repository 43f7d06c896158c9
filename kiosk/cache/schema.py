"""The cache schema as sqlite-utils 4 migrations.

Each step is a small function applied inside a transaction together with its record in
``_sqlite_migrations``. Once a release has shipped, an applied step is never edited: a change of schema
is then a new function at the end of this file. ``MIGRATIONS.apply(db)`` is called by
:func:`kiosk.cache.write.open_cache`.

Layout — every searched text is kept once (the benchmark's realistic 50 000-item region is about 7.0 kB per
item: ``items`` 3.3 kB, ``items_fts`` 2.6 kB (about three fifths of it the 3- and 4-letter prefix indexes), the rest 1.1 kB;
``scripts/snapshot_size.py`` shows it for any snapshot; the channel tables repeat what ``data`` holds, for SQL):

- ``items`` — one row per TrayItem. ``rid`` is the row's stable number (``INTEGER PRIMARY KEY
  AUTOINCREMENT``: VACUUM never renumbers it and a deleted rid is never reused), and the rowid of its
  full-text entry. ``id`` is the item id. Then the filter and sort columns, the texts that search reads
  or indexes as JSON (``names``, ``summaries``, ``descriptions``, ``keywords``, ``organisation``,
  ``categories``, ``municipalities``), and ``data``: the JSON of every other part of
  :func:`kiosk.serialize.to_dict` (locations with hours, phones, links, …). :mod:`kiosk.cache.read`
  rebuilds the exact item from the columns and ``data``. ``sort_name`` is the casefolded fi→sv→en
  name, the browse order.
- ``locations`` / ``opening_hours`` / ``phones`` / ``web_links`` — the channels as normalised
  tables (a queryable copy of the parts of ``data``), keyed by ``item_rid``, see :func:`m005_channels`.
- ``item_areas`` — every municipality where the item is offered: its ``areas`` plus its locations'
  municipalities (``TrayItem.municipalities``). Nationwide is ``items.nationwide``, not a row.
- ``item_categories`` / ``item_languages`` — link tables for the search filters (and ``status``). The link
  tables are keyed by ``item_rid`` (see :func:`m007_link_rids`).
- ``sources`` — sync state per configured source; ``meta`` — key/value facts about the snapshot.
- ``items_fts`` / ``names_fts`` — full-text search, see :func:`m004_fts` and :func:`m008_fts_prefixes`.

Child tables cascade from ``items`` (``PRAGMA foreign_keys=ON`` is set by ``open_cache``).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("hyte_kiosk_cache")

# bm25 column weights: names, body, stems. A name hit outranks everything; a stem hit (an inflected
# form) outranks an exact word deep in a description. Stored as the FTS table's ``rank``.
FTS_WEIGHTS = (10.0, 2.0, 3.0)


def _run(db: Database, *statements: str) -> None:
    for sql in statements:
        db.execute(sql)


@MIGRATIONS()
def m001_items(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE items (
            rid INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
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
            categories TEXT,
            municipalities TEXT,
            data TEXT NOT NULL
        )
        """,
        "CREATE INDEX items_source ON items(source)",
        "CREATE INDEX items_sort_name ON items(sort_name, id)",
        # the yes/no search filters: small partial indexes of rids
        "CREATE INDEX items_free ON items(rid) WHERE cost = 'free'",
        "CREATE INDEX items_online ON items(rid) WHERE online = 1",
        "CREATE INDEX items_nationwide ON items(rid) WHERE nationwide = 1",
    )


@MIGRATIONS()
def m002_links(db: Database) -> None:
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
def m003_sources_meta(db: Database) -> None:
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
def m004_fts(db: Database) -> None:
    """Full-text search: a *contentless* FTS5 table whose rowid is ``items.rid``.

    Columns: ``names`` (all languages), ``body`` (summaries, descriptions, keywords, organisation
    names; all languages), ``stems`` (analyses of all of those but the descriptions, per language; see
    :func:`kiosk.cache.fts.fts_rows`). The texts are not stored a second time: :mod:`kiosk.cache.write` derives them from the ``items`` row
    (:func:`kiosk.cache.fts.fts_rows`) both to index a row and to un-index it (a contentless table
    deletes with the exact values that were indexed; SQLite here is 3.40, before ``contentless_delete``).
    The stemmer version they were made with is kept in ``meta`` (``fts_stems``); when it changes,
    the writer re-indexes everything (``'delete-all'`` and insert) before touching any row.

    No triggers: the writer indexes each batch with ``executemany`` and un-indexes with the
    ``'delete'`` command. ``remove_diacritics 0`` keeps ä/ö/å distinct from a/o.

    ``items_fts`` keeps the default ``detail=full`` (every position of every term). ``detail='column'`` would
    make it smaller (about 35 MB at 50 000 items), but on a contentless table SQLite 3.40's bm25 then scores
    every match 0 (measured), and the ranking is what this table is for. ``names_fts`` has only to find
    rowids, so it is ``detail='column'``. Prefix indexes for 2–4 letters: search-as-you-type
    (``"liikun"*``) reads one prefix doclist instead of merging every term with that prefix. ``rank`` is
    bm25 with :data:`FTS_WEIGHTS`, so ``ORDER BY rank`` ranks inside FTS5.
    """
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    _run(
        db,
        """
        CREATE VIRTUAL TABLE items_fts USING fts5(
            names, body, stems,
            content='',
            tokenize='unicode61 remove_diacritics 0',
            prefix='2 3 4'
        )
        """,
        f"INSERT INTO items_fts(items_fts, rank) VALUES ('rank', 'bm25({weights})')",  # noqa: S608 - numbers
        # gather 32 MB of new terms in memory before writing a segment (default 1 MB): a bulk load
        # then writes a few large segments instead of merging many small ones, about 2× faster
        "INSERT INTO items_fts(items_fts, rank) VALUES ('hashsize', 33554432)",
        # Names only (``names`` and ``stems``, the Snowball stems of the names): the first tier of a broad
        # search-as-you-type query. Its doclists hold only name matches, so "every item whose name
        # matches" is read without walking the far longer doclists of ``items_fts``.
        """
        CREATE VIRTUAL TABLE names_fts USING fts5(
            names, stems,
            content='', detail='column',
            tokenize='unicode61 remove_diacritics 0',
            prefix='2 3 4 5 6'
        )
        """,
        "INSERT INTO names_fts(names_fts, rank) VALUES ('hashsize', 8388608)",
    )


@MIGRATIONS()
def m005_channels(db: Database) -> None:
    """The channels as normalised tables: ``locations``, ``opening_hours``, ``phones``, ``web_links``.

    A queryable copy of what ``items.data`` holds (items are still rebuilt from ``data``): written
    with the ``items`` row in the same batch and removed with it (``ON DELETE CASCADE``).

    The key is ``item_rid`` (``items.rid``), not the text id: an integer of 1–3 bytes instead of a
    40-character id in every row and index entry, and as a write gives new items rising rids, every
    row of a batch is appended at the right edge of its b-tree instead of landing at random. Join
    ``items`` on ``rid`` for the id. ``position`` is the place in the item's tuple (0-based).

    Per-language texts are JSON objects as in :func:`kiosk.serialize.to_dict`; ``name`` is the
    fi→sv→en pick of ``names`` for plain SQL. ``easting``/``northing`` are EPSG:3067 exactly as the
    source gave them (REAL holds the float unchanged); ``lat``/``lon`` WGS84 when given.

    ``opening_hours`` holds the hours of locations and of phones: exactly one of
    ``location_position``/``phone_position`` is set, naming the owner; ``position`` numbers the
    item's hours rows in order (locations first, then phones).
    """
    _run(
        db,
        """
        CREATE TABLE locations (
            item_rid INTEGER NOT NULL REFERENCES items(rid) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            location_id TEXT,
            name TEXT,
            names TEXT,
            street TEXT,
            postal_code TEXT,
            post_office TEXT,
            municipality TEXT,
            easting REAL,
            northing REAL,
            lat REAL,
            lon REAL,
            hours_notes TEXT,
            accessibility TEXT,
            PRIMARY KEY (item_rid, position)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX locations_municipality ON locations(municipality)",
        """
        CREATE TABLE opening_hours (
            item_rid INTEGER NOT NULL REFERENCES items(rid) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            location_position INTEGER,
            phone_position INTEGER,
            weekday INTEGER NOT NULL,
            opens TEXT NOT NULL,
            closes TEXT NOT NULL,
            kind TEXT NOT NULL,
            valid_from TEXT,
            valid_to TEXT,
            notes TEXT,
            PRIMARY KEY (item_rid, position),
            CHECK ((location_position IS NULL) <> (phone_position IS NULL))
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE phones (
            item_rid INTEGER NOT NULL REFERENCES items(rid) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            number TEXT NOT NULL,
            charge TEXT NOT NULL,
            info TEXT,
            charge_info TEXT,
            PRIMARY KEY (item_rid, position)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE web_links (
            item_rid INTEGER NOT NULL REFERENCES items(rid) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            url TEXT NOT NULL,
            title TEXT,
            language TEXT,
            PRIMARY KEY (item_rid, position)
        ) WITHOUT ROWID
        """,
    )


@MIGRATIONS()
def m006_vocabulary(db: Database) -> None:
    """The tray's vocabulary, for the substring and typo tiers of search (:mod:`kiosk.search`).

    ``vocab`` holds every word of 4–40 letters of the indexed texts once, lowercased as the index sees it,
    with the word reversed (``rword``, indexed) so that words ending in a given way are a range scan.
    ``vocab_fts`` is an FTS5 ``trigram`` index over those words (an external-content table on ``vocab``):
    ``MATCH '"kasse"'`` finds every word with "kasse" inside it (``matkasseservice``). A query word of five
    letters or more is looked up there, and the words found are then searched in ``items_fts``: a compound
    is found by any part of it without indexing every text by trigrams (which would triple the snapshot).

    Written by :func:`kiosk.cache.fts.add_words`; rebuilt with the full-text index when that is re-indexed.
    The index is stamped with the analyser that made it, so this migration also makes every older snapshot
    re-index (its ``fts_stems`` lacks the Finnish analyser).
    """
    _run(
        db,
        "CREATE TABLE vocab (id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE, rword TEXT NOT NULL)",
        "CREATE INDEX vocab_rword ON vocab(rword)",
        """
        CREATE VIRTUAL TABLE vocab_fts USING fts5(
            word, content='vocab', content_rowid='id', tokenize='trigram'
        )
        """,
        # an existing snapshot: its words go in with the re-index the new stems version brings
        "DELETE FROM meta WHERE key = 'fts_stems'",
    )


@MIGRATIONS()
def m007_link_rids(db: Database) -> None:
    """The link tables (``item_areas``, ``item_categories``, ``item_languages``) keyed by ``item_rid``
    (``items.rid``) instead of the text item id, as the channel tables are (see :func:`m005_channels`).

    A search filter reads the rids straight from the link table's index, with no join on ``items`` by id
    (a filter set of three filters at 50 000 items: 85 ms before), and each row and index entry holds an
    integer of 1–3 bytes instead of a 40-character id (about 20 MB less at 50 000 items). Join ``items``
    on ``rid`` for the id. An older snapshot is rebuilt with its rows carried over.
    """
    for table, column in (
        ("item_areas", "municipality"),
        ("item_categories", "category"),
        ("item_languages", "language"),
    ):
        _run(
            db,
            f"""
            CREATE TABLE {table}_new (
                item_rid INTEGER NOT NULL REFERENCES items(rid) ON DELETE CASCADE,
                {column} TEXT NOT NULL,
                PRIMARY KEY (item_rid, {column})
            ) WITHOUT ROWID
            """,
            f"INSERT INTO {table}_new SELECT i.rid, l.{column} FROM {table} AS l JOIN items AS i ON i.id = l.item_id",  # noqa: S608,E501
            f"DROP TABLE {table}",
            f"ALTER TABLE {table}_new RENAME TO {table}",
            f"CREATE INDEX {table}_{column} ON {table}({column}, item_rid)",
        )


@MIGRATIONS()
def m008_fts_prefixes(db: Database) -> None:
    """The full-text tables of :func:`m004_fts` with other prefix indexes, and everything re-indexed.

    ``items_fts`` keeps prefix indexes for 3 and 4 letters, no longer for 2: a two-letter query is answered
    from ``names_fts`` (its broadness, its tiers, and its count when the names alone pass the cap; see
    :mod:`kiosk.search`), so the index was not read for it. Measured on the benchmark's region: the
    keystroke job of every 1–4-letter prefix the same within noise at 200 000 items, a synced snapshot 7.61 →
    6.96 KB per item at 50 000, and the full-text insert of a sync about 45 % less work.

    ``names_fts`` gains a one-letter prefix index: the first letter a resident types ("t") read every name term
    beginning with it three times over (27 ms at the median of single letters at 200 000 items, 70 ms at
    worst); with the index 9 and 20 ms. It costs about 25 bytes per item.

    The tables are made anew and filled from the ``items`` rows (:func:`kiosk.cache.fts.reindex`), so an
    upgraded snapshot searches as before from its first open.
    """
    from kiosk.cache import fts

    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    _run(
        db,
        "DROP TABLE items_fts",
        "DROP TABLE names_fts",
        """
        CREATE VIRTUAL TABLE items_fts USING fts5(
            names, body, stems,
            content='',
            tokenize='unicode61 remove_diacritics 0',
            prefix='3 4'
        )
        """,
        f"INSERT INTO items_fts(items_fts, rank) VALUES ('rank', 'bm25({weights})')",  # noqa: S608 - numbers
        "INSERT INTO items_fts(items_fts, rank) VALUES ('hashsize', 33554432)",
        """
        CREATE VIRTUAL TABLE names_fts USING fts5(
            names, stems,
            content='', detail='column',
            tokenize='unicode61 remove_diacritics 0',
            prefix='1 2 3 4 5 6'
        )
        """,
        "INSERT INTO names_fts(names_fts, rank) VALUES ('hashsize', 8388608)",
    )
    fts.reindex(db.conn)
