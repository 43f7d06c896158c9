"""Opening the cache and writing to it: items (with their channel, link and FTS rows), sources, meta.

Writes are batched with ``executemany`` inside one transaction (``db.atomic()``, which nests as a
savepoint when the caller already holds a transaction), because the sync budget is about 2× the bare
download time for 50 000 items.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from itertools import chain, compress, islice
from pathlib import Path
from typing import Any

import orjson
from sqlite_utils import Database

from kiosk.cache import fts
from kiosk.cache.schema import MIGRATIONS
from kiosk.model import OpeningRule, TrayItem, pick
from kiosk.serialize import fast_to_dict

BATCH = 2000
PAGE_SIZE = 16384
WRITE_CACHE_KIB = -65536

SOURCE_FIELDS = ("kind", "cursor", "last_attempt_at", "last_success_at", "status", "message", "items", "warnings")

# items columns written from the item; the to_dict keys they hold are left out of ``data``
ITEM_COLUMNS = (
    "rid, id, kind, source, demo, cost, funding, online, nationwide, starts_at, ends_at, modified, fetched_at,"
    " source_url, sort_name, names, summaries, descriptions, keywords, organisation, categories, municipalities,"
    " data"
)
COLUMN_KEYS = frozenset(
    (
        "id", "kind", "source", "demo", "cost", "funding", "online", "nationwide", "starts_at", "ends_at",
        "modified", "fetched_at", "source_url", "names", "summaries", "descriptions", "keywords",
        "organisation", "categories",
    )
)  # fmt: skip
INSERT_ITEM = f"INSERT INTO items({ITEM_COLUMNS}) VALUES (?" + ", ?" * 22 + ")"  # noqa: S608 - constants
Shape = tuple[bool, ...]  # which columns of a table a row sets (the others are left NULL)

# the channel tables (see kiosk.cache.schema.m005_channels) and their columns in table order
LOCATION_COLUMNS = (
    "item_rid", "position", "location_id", "name", "names", "street", "postal_code", "post_office", "municipality",
    "easting", "northing", "lat", "lon", "hours_notes", "accessibility",
)  # fmt: skip
HOURS_COLUMNS = (
    "item_rid", "position", "location_position", "phone_position", "weekday", "opens", "closes", "kind",
    "valid_from", "valid_to", "notes",
)  # fmt: skip
PHONE_COLUMNS = ("item_rid", "position", "number", "charge", "info", "charge_info")
WEB_LINK_COLUMNS = ("item_rid", "position", "url", "title", "language")
# the usual opening_hours rows: a location's or a phone's weekly hours with no dates or notes
_LOCATION_HOURS: Shape = (True, True, True, False, True, True, True, True, False, False, False)
_PHONE_HOURS: Shape = (True, True, False, True, True, True, True, True, False, False, False)
_BARE_PHONE: Shape = (True, True, True, True, False, False)  # a number with no texts
_BARE_LINK: Shape = (True, True, True, False, False)  # an address with no title or language

def _dumps(value: Any) -> str:
    """Compact JSON of a to_dict part (UTF-8 text as it is, no spaces): orjson, about 4× the standard
    library's encoder on the item rows a sync writes (measured), with the same output for these values."""
    return orjson.dumps(value).decode("utf-8")


def open_cache(path: str | Path) -> Database:
    """Open (creating if needed) the cache at ``path`` and bring its schema up to date.

    Foreign keys are on (child rows cascade from ``items``). The journal mode is DELETE, not WAL: the
    sync engine swaps whole files, so there must be no ``-wal``/``-shm`` side files to carry along.
    """
    db = Database(Path(path))
    if db.conn.execute("PRAGMA page_count").fetchone()[0] == 0:
        # a new file: 16 kB pages hold an items row (about 1.5 kB) with little waste (4 kB pages held
        # two, a quarter empty)
        db.conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
        # pages freed while the full-text index merges its segments (about an eighth of a new snapshot)
        # are given back by compact() before the file is published, instead of shipping empty
        db.conn.execute("PRAGMA auto_vacuum=INCREMENTAL")
    db.conn.execute("PRAGMA foreign_keys=ON")
    db.conn.execute("PRAGMA journal_mode=DELETE")
    MIGRATIONS.apply(db)
    return db


def compact(db: Database) -> None:
    """Give the file's free pages back (a snapshot created by :func:`open_cache` keeps them in a free list
    until then); a no-op for a file made before that. Run after the build's commit, before publishing:
    FTS5 writes its pending terms, and merges segments, as a transaction commits."""
    # executescript steps the statement to its end (execute() freed one page); it commits first, so only
    # after the build's transaction
    db.conn.executescript("PRAGMA incremental_vacuum;")


def _j(value: Any) -> str | None:
    """JSON text of a to_dict part, or NULL for an absent/empty one."""
    if not value:
        return None
    return _dumps(value)


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _chunks(items: Iterable[TrayItem]) -> Iterator[list[TrayItem]]:
    it = iter(items)
    while chunk := list(islice(it, BATCH)):
        # the last of several versions of one id wins, as if written one after another
        yield list({item.id: item for item in chunk}.values())


def _item_row(rid: int, item: TrayItem) -> tuple[Any, ...]:
    name = pick(item.names, "fi")
    org = item.organisation
    return (
        rid,
        item.id,
        item.kind,
        item.source,
        int(item.demo),
        item.cost,
        item.funding,
        int(item.online),
        int(item.nationwide),
        _iso(item.starts_at),
        _iso(item.ends_at),
        _iso(item.modified),
        _iso(item.fetched_at),
        item.source_url,
        name[1].casefold() if name else "",
        _dumps(item.names),
        _j(item.summaries),
        _j(item.descriptions),
        _j(item.keywords),
        _dumps(fast_to_dict(org)) if org is not None else None,
        _j(item.categories),
        _j(item.municipalities),
        _dumps(fast_to_dict(item, COLUMN_KEYS)),
    )


def _next_rid(conn: sqlite3.Connection) -> int:
    """One above every rid ever used (AUTOINCREMENT's own rule), for the rows about to be inserted."""
    row = conn.execute(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'items'), 0),"
        " coalesce((SELECT max(rid) FROM items), 0))"
    ).fetchone()
    return int(row[0]) + 1


@lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...], shape: Shape) -> str:
    names = [c for c, present in zip(columns, shape, strict=True) if present]
    return f"INSERT INTO {table}({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"  # noqa: S608


class _Rows:
    """Rows for one table, grouped by which columns they set; a NULL is left to the column's default.

    Binding ``None`` costs the sqlite3 module an adapter lookup (about 1 µs a value), which made the
    mostly-empty channel rows cost twice as much to insert as rows of only the values that are set.
    """

    __slots__ = ("columns", "groups", "table")

    def __init__(self, table: str, columns: tuple[str, ...]) -> None:
        self.table = table
        self.columns = columns
        self.groups: dict[Shape, list[tuple[Any, ...]]] = {}

    def add(self, row: tuple[Any, ...]) -> None:
        """Add a full row (every column in order, ``None`` for NULL)."""
        shape = tuple([value is not None for value in row])
        self.group(shape).append(tuple(compress(row, shape)) if False in shape else row)

    def group(self, shape: Shape) -> list[tuple[Any, ...]]:
        """The list of rows that set the columns ``shape`` marks (values only, none of them ``None``)."""
        rows = self.groups.get(shape)
        if rows is None:
            self.groups[shape] = rows = []
        return rows

    def insert(self, conn: sqlite3.Connection) -> None:
        for shape, rows in self.groups.items():
            if rows:
                conn.executemany(_insert_sql(self.table, self.columns, shape), rows)


@dataclass
class _Batch:
    """The rows of one batch of items, made ready (JSON, stems) away from the connection's thread."""

    ids: list[str] = field(default_factory=list)
    items: list[tuple[Any, ...]] = field(default_factory=list)
    fts: list[fts.FtsRows] = field(default_factory=list)
    words: set[str] = field(default_factory=set)  # the batch's words that may join the vocabulary
    areas: list[tuple[int, str]] = field(default_factory=list)  # (item_rid, municipality)
    categories: list[tuple[int, str]] = field(default_factory=list)
    languages: list[tuple[int, str]] = field(default_factory=list)
    locations: _Rows = field(default_factory=lambda: _Rows("locations", LOCATION_COLUMNS))
    hours: _Rows = field(default_factory=lambda: _Rows("opening_hours", HOURS_COLUMNS))
    phones: _Rows = field(default_factory=lambda: _Rows("phones", PHONE_COLUMNS))
    web_links: _Rows = field(default_factory=lambda: _Rows("web_links", WEB_LINK_COLUMNS))


def _full_hours_row(rid: int, position: int, owner: int, of_phone: bool, rule: OpeningRule) -> tuple[Any, ...]:
    return (
        rid,
        position,
        None if of_phone else owner,
        owner if of_phone else None,
        rule.weekday,
        rule.opens,
        rule.closes,
        rule.kind,
        _iso(rule.valid_from),
        _iso(rule.valid_to),
        _j(rule.notes),
    )


def _channel_rows(rid: int, item: TrayItem, batch: _Batch) -> None:
    """Add the item's ``locations``, ``opening_hours``, ``phones`` and ``web_links`` rows to ``batch``.

    Hours with no dates or notes (nearly all) go straight into their group: no call per rule.
    """
    hours = batch.hours
    position = 0  # of the item's opening_hours rows
    if item.locations:
        simple = hours.group(_LOCATION_HOURS)
        for pos, loc in enumerate(item.locations):
            name = pick(loc.names, "fi") if loc.names else None
            batch.locations.add(
                (
                    rid,
                    pos,
                    loc.id,
                    name[1] if name else None,
                    _j(loc.names),
                    _j(loc.street),
                    loc.postal_code,
                    _j(loc.post_office),
                    loc.municipality,
                    loc.easting,
                    loc.northing,
                    loc.lat,
                    loc.lon,
                    _j(loc.hours_notes),
                    _j(loc.accessibility),
                )
            )
            for rule in loc.hours:
                if rule.valid_from is None and rule.valid_to is None and not rule.notes:
                    simple.append((rid, position, pos, rule.weekday, rule.opens, rule.closes, rule.kind))
                else:
                    hours.add(_full_hours_row(rid, position, pos, False, rule))
                position += 1
    if item.phones:
        simple = hours.group(_PHONE_HOURS)
        bare = batch.phones.group(_BARE_PHONE)
        for pos, phone in enumerate(item.phones):
            if phone.info or phone.charge_info:
                batch.phones.add((rid, pos, phone.number, phone.charge, _j(phone.info), _j(phone.charge_info)))
            else:
                bare.append((rid, pos, phone.number, phone.charge))
            for rule in phone.hours:
                if rule.valid_from is None and rule.valid_to is None and not rule.notes:
                    simple.append((rid, position, pos, rule.weekday, rule.opens, rule.closes, rule.kind))
                else:
                    hours.add(_full_hours_row(rid, position, pos, True, rule))
                position += 1
    if item.web:
        links = batch.web_links
        for pos, link in enumerate(item.web):
            if link.title is None and link.language is None:
                links.group(_BARE_LINK).append((rid, pos, link.url))
            else:
                links.add((rid, pos, link.url, link.title, link.language))


def _prepare(chunk: list[TrayItem], rid: int) -> _Batch:
    batch = _Batch()
    tokens: set[str] = set()
    for item in chunk:
        batch.ids.append(item.id)
        batch.items.append(_item_row(rid, item))
        batch.fts.append(fts.item_fts_rows(rid, item, tokens))
        _channel_rows(rid, item, batch)
        batch.areas.extend((rid, code) for code in item.municipalities)
        batch.categories.extend((rid, key) for key in dict.fromkeys(item.categories))
        batch.languages.extend((rid, lang) for lang in dict.fromkeys(item.languages))
        rid += 1
    batch.words = fts.vocabulary_words(tokens)
    return batch


def write_items(db: Database, items: Iterable[TrayItem]) -> int:
    """Upsert ``items``: each replaces any stored item with its id, with all child and FTS rows.

    Returns the number of items written. All in one transaction: on error nothing is written.

    A pipeline of two: while SQLite stores one batch (it releases the GIL while it works), a helper
    thread makes the rows of the next (JSON, stems). ``items`` itself is read on the calling thread.
    """
    written = 0
    conn = db.conn
    cache_size = conn.execute("PRAGMA cache_size").fetchone()[0]
    # 64 MB of page cache while writing (the default is 2 MB): the index b-trees stay in memory instead
    # of spilling to the file and being read back
    conn.execute(f"PRAGMA cache_size={WRITE_CACHE_KIB}")
    try:
        written = _write(db, items)
    finally:
        conn.execute(f"PRAGMA cache_size={int(cache_size)}")
    return written


def _write(db: Database, items: Iterable[TrayItem]) -> int:
    written = 0
    with db.atomic(), ThreadPoolExecutor(1, thread_name_prefix="cache-write") as helper:
        writer = ItemWriter(db)
        pending: Future[_Batch] | None = None
        for chunk in chain(_chunks(items), [None]):
            ready = pending
            pending = None
            if chunk is not None:
                pending = helper.submit(_prepare, chunk, writer.take_rids(len(chunk)))
            if ready is not None:
                written += writer.store(ready.result())
    return written


_ANY_OF = "SELECT 1 FROM items WHERE id IN (SELECT value FROM json_each(?)) LIMIT 1"


class ItemWriter:
    """Items written a batch at a time into a transaction the caller holds (the streamed sync's writer).

    What :func:`write_items` would look up on every call is looked up once: the vocabulary, the next rid,
    whether the table started empty (then a batch only needs replacing when one of its ids is already there). After the caller rolls
    back a savepoint that held some of its writes, :meth:`rolled_back` must be called (the vocabulary is
    read again; rids are never reused, as AUTOINCREMENT promises).
    """

    def __init__(self, db: Database) -> None:
        self.conn = db.conn
        fts.ensure_current(self.conn)
        self.fresh = self.conn.execute("SELECT 1 FROM items LIMIT 1").fetchone() is None
        self.known = fts.known_words(self.conn)
        self.rid = _next_rid(self.conn)

    def take_rids(self, count: int) -> int:
        """The first of ``count`` new rids for the rows about to be prepared."""
        first = self.rid
        self.rid += count
        return first

    def write(self, items: Iterable[TrayItem]) -> int:
        """Upsert ``items`` (each replaces any stored item with its id); returns how many were written."""
        written = 0
        for chunk in _chunks(items):
            written += self.store(_prepare(chunk, self.take_rids(len(chunk))))
        return written

    def store(self, batch: _Batch) -> int:
        conn = self.conn
        if not self.fresh:
            _delete_ids(conn, batch.ids)
        elif conn.execute(_ANY_OF, (_dumps(batch.ids),)).fetchone() is not None:
            _delete_ids(conn, batch.ids)  # an id written before in this transaction (no set of every id is kept)
        conn.executemany(INSERT_ITEM, batch.items)
        fts.index(conn, batch.fts)
        fts.add_words(conn, batch.words, self.known)
        conn.executemany("INSERT INTO item_areas VALUES (?, ?)", batch.areas)
        conn.executemany("INSERT INTO item_categories VALUES (?, ?)", batch.categories)
        conn.executemany("INSERT INTO item_languages VALUES (?, ?)", batch.languages)
        for rows in (batch.locations, batch.hours, batch.phones, batch.web_links):
            rows.insert(conn)
        return len(batch.ids)

    def rolled_back(self) -> None:
        self.known = fts.known_words(self.conn)
        self.rid = max(self.rid, _next_rid(self.conn))


def _delete_where(conn: sqlite3.Connection, where: str, params: Sequence[Any]) -> int:
    """Delete the items selected by ``where`` (a constant SQL condition on ``items``), FTS entries first.

    The FTS entries are removed with the text derived from the rows (see :mod:`kiosk.cache.fts`);
    deleting the items then cascades to every child table.
    """
    fts.ensure_current(conn)
    rows = conn.execute(f"SELECT {fts.ROW_COLUMNS} FROM items WHERE {where}", params).fetchall()  # noqa: S608
    if not rows:
        return 0
    fts.unindex(conn, rows)
    conn.executemany("DELETE FROM items WHERE rid = ?", [(row[0],) for row in rows])
    return len(rows)


def _delete_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> int:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS target_ids (id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.target_ids")
    conn.executemany("INSERT OR IGNORE INTO temp.target_ids VALUES (?)", [(i,) for i in ids])
    deleted = _delete_where(conn, "id IN (SELECT id FROM temp.target_ids)", ())
    conn.execute("DELETE FROM temp.target_ids")
    return deleted


def delete_items(db: Database, ids: Iterable[str]) -> int:
    """Delete items by id (child and FTS rows go with them); returns how many existed."""
    with db.atomic():
        return _delete_ids(db.conn, ids)


def delete_source_items_before(db: Database, source: str, rid: int) -> int:
    """Delete every item of ``source`` stored before the row ``rid`` (a full run's items written since have
    rids from there on: rids only grow); returns the count."""
    with db.atomic():
        return _delete_where(db.conn, "source = ? AND rid < ?", (source, rid))


def written_since(db: Database, ids: Iterable[str], rid: int) -> set[str]:
    """The ids among ``ids`` stored from row ``rid`` on."""
    found: set[str] = set()
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), 500):
        chunk = _dumps(ordered[start : start + 500])
        sql = "SELECT id FROM items WHERE id IN (SELECT value FROM json_each(?)) AND rid >= ?"
        found.update(row[0] for row in db.execute(sql, (chunk, rid)))
    return found


def delete_source_items_except(db: Database, source: str, keep_ids: Iterable[str]) -> int:
    """Delete every item of ``source`` whose id is not in ``keep_ids`` (after a full fetch); returns the count."""
    with db.atomic():
        conn = db.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS keep_ids (id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM temp.keep_ids")
        conn.executemany("INSERT OR IGNORE INTO temp.keep_ids VALUES (?)", [(i,) for i in keep_ids])
        deleted = _delete_where(conn, "source = ? AND id NOT IN (SELECT id FROM temp.keep_ids)", (source,))
        conn.execute("DELETE FROM temp.keep_ids")
        return deleted


def _meta_value(value: str | int | float | bool | None) -> str | None:
    if isinstance(value, bool):
        return "1" if value else "0"
    return None if value is None else str(value)


def set_meta(db: Database, key: str, value: str | int | float | bool | None) -> None:
    """Store ``value`` (as text; booleans as ``"1"``/``"0"``) under ``key`` in ``meta``."""
    db.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, _meta_value(value)),
    )


def get_meta(db: Database, key: str, default: str | None = None) -> str | None:
    """The text stored under ``key`` in ``meta``, or ``default``."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    if row is None or row[0] is None:
        return default
    value: str = row[0]
    return value


def _source_value(name: str, value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return _dumps(list(value) if isinstance(value, tuple) else value)
    if value is not None and not isinstance(value, str | int | float):
        raise TypeError(f"source state {name}: cannot store {type(value).__name__}")
    return value


def set_source_state(db: Database, name: str, **fields: Any) -> None:
    """Create or update the ``sources`` row ``name`` with the given fields (others keep their values).

    Fields: kind, cursor, last_attempt_at, last_success_at (datetime or ISO text), status, message,
    items (int), warnings (int or a list of messages, kept as JSON).
    """
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise ValueError(f"unknown source state field(s): {', '.join(sorted(unknown))}")
    cols = [c for c in SOURCE_FIELDS if c in fields]  # names from SOURCE_FIELDS only: safe to format
    values = [_source_value(c, fields[c]) for c in cols]
    placeholders = ", ".join("?" * (len(cols) + 1))
    update = ", ".join(f"{c} = excluded.{c}" for c in cols) if cols else "name = excluded.name"
    db.execute(
        f"INSERT INTO sources(name{''.join(', ' + c for c in cols)}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT(name) DO UPDATE SET {update}",
        [name, *values],
    )


def get_source_states(db: Database) -> list[dict[str, Any]]:
    """Every ``sources`` row as a dict, by name; ``warnings`` stored as JSON comes back decoded."""
    states = []
    for row in db.query("SELECT * FROM sources ORDER BY name"):
        warnings = row.get("warnings")
        if isinstance(warnings, str) and warnings[:1] in ("[", "{"):
            try:
                row["warnings"] = json.loads(warnings)
            except ValueError:
                pass
        states.append(row)
    return states
