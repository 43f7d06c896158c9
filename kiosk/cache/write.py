"""Opening the cache and writing to it: items (with their channels and FTS rows), sources, meta.

Writes are batched with ``executemany`` inside one transaction (``db.atomic()``, which nests as a
savepoint when the caller already holds a transaction), because the sync budget is about 2× the bare
download time for 50 000 items.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kiosk.cache.schema import MIGRATIONS
from kiosk.model import TrayItem, pick
from kiosk.serialize import to_dict
from kiosk.stemming import stem_text

BATCH = 2000

SOURCE_FIELDS = ("kind", "cursor", "last_attempt_at", "last_success_at", "status", "message", "items", "warnings")

INSERT_ITEM = "INSERT INTO items VALUES (?" + ", ?" * 26 + ")"
INSERT_LOCATION = "INSERT INTO locations VALUES (?" + ", ?" * 12 + ")"

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def open_cache(path: str | Path) -> Database:
    """Open (creating if needed) the cache at ``path`` and bring its schema up to date.

    Foreign keys are on (child rows cascade from ``items``). The journal mode is DELETE, not WAL: the
    sync engine swaps whole files, so there must be no ``-wal``/``-shm`` side files to carry along.
    """
    db = Database(Path(path))
    db.conn.execute("PRAGMA foreign_keys=ON")
    db.conn.execute("PRAGMA journal_mode=DELETE")
    MIGRATIONS.apply(db)
    return db


def _j(value: Any) -> str | None:
    """JSON text of a to_dict part, or NULL for an absent/empty one."""
    if value is None or value == {} or value == []:
        return None
    return _dumps(value)


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _fts_text(item: TrayItem) -> tuple[str, str, str]:
    """The ``names``, ``body`` and ``stems`` columns of the item's FTS row."""
    per_lang: dict[str, list[str]] = {}

    def add(texts: dict[str, str]) -> None:
        for lang, text in texts.items():
            per_lang.setdefault(lang, []).append(text)

    add(item.names)
    body: list[str] = []
    for texts in (item.summaries, item.descriptions):
        body.extend(texts.values())
        add(texts)
    for lang, keywords in item.keywords.items():
        body.extend(keywords)
        per_lang.setdefault(lang, []).extend(keywords)
    if item.organisation is not None:
        body.extend(item.organisation.names.values())
        add(item.organisation.names)
    stems = "\n".join(stem_text("\n".join(texts), lang) for lang, texts in per_lang.items())
    return "\n".join(item.names.values()), "\n".join(body), stems


def _chunks(items: Iterable[TrayItem]) -> Iterator[list[TrayItem]]:
    it = iter(items)
    while chunk := list(islice(it, BATCH)):
        # the last of several versions of one id wins, as if written one after another
        yield list({item.id: item for item in chunk}.values())


def write_items(db: Database, items: Iterable[TrayItem]) -> int:
    """Upsert ``items``: each replaces any stored item with its id, with all child and FTS rows.

    Returns the number of items written. All in one transaction: on error nothing is written.
    """
    written = 0
    with db.atomic():
        conn = db.conn
        for chunk in _chunks(items):
            _delete_ids(conn, [item.id for item in chunk])
            item_rows: list[tuple[Any, ...]] = []
            text_rows: list[tuple[str, str, str, str]] = []
            loc_rows: list[tuple[Any, ...]] = []
            hour_rows: list[tuple[Any, ...]] = []
            phone_rows: list[tuple[Any, ...]] = []
            web_rows: list[tuple[Any, ...]] = []
            area_rows: list[tuple[str, str]] = []
            cat_rows: list[tuple[str, str]] = []
            lang_rows: list[tuple[str, str]] = []
            for item in chunk:
                d = to_dict(item)
                municipalities = item.municipalities
                name = pick(item.names, "fi")
                item_rows.append(
                    (
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
                        _dumps(d["names"]),
                        _j(d.get("summaries")),
                        _j(d.get("descriptions")),
                        _j(d.get("keywords")),
                        _j(d.get("organisation")),
                        _j(d.get("languages")),
                        _j(d.get("programmes")),
                        _j(d.get("service_classes")),
                        _j(d.get("target_groups")),
                        _j(d.get("cost_info")),
                        _j(d.get("categories")),
                        _j(list(municipalities)),
                        _dumps(d),
                    )
                )
                text_rows.append((item.id, *_fts_text(item)))
                for pos, loc in enumerate(item.locations):
                    loc_rows.append(
                        (
                            item.id,
                            pos,
                            loc.id,
                            _j(loc.names),
                            _j(loc.street),
                            loc.postal_code,
                            _j(loc.post_office),
                            loc.municipality,
                            loc.easting,
                            loc.northing,
                            loc.lat,
                            loc.lon,
                            _j(loc.accessibility),
                        )
                    )
                    for rule in loc.hours:
                        hour_rows.append(
                            (
                                item.id,
                                pos,
                                rule.weekday,
                                rule.opens,
                                rule.closes,
                                rule.kind,
                                _iso(rule.valid_from),
                                _iso(rule.valid_to),
                            )
                        )
                for pos, phone in enumerate(item.phones):
                    phone_rows.append((item.id, pos, phone.number, phone.charge, _j(phone.info)))
                for pos, link in enumerate(item.web):
                    web_rows.append((item.id, pos, link.url, link.title, link.language))
                area_rows.extend((item.id, code) for code in municipalities)
                cat_rows.extend((item.id, key) for key in dict.fromkeys(item.categories))
                lang_rows.extend((item.id, lang) for lang in dict.fromkeys(item.languages))
            conn.executemany(INSERT_ITEM, item_rows)
            last_rid = conn.execute("SELECT coalesce(max(rid), 0) FROM items_text").fetchone()[0]
            conn.executemany("INSERT INTO items_text(item_id, names, body, stems) VALUES (?, ?, ?, ?)", text_rows)
            # the new rows got rids above last_rid; index them in one statement (see schema.m005_fts)
            conn.execute(
                "INSERT INTO items_fts(rowid, names, body, stems)"
                " SELECT rid, names, body, stems FROM items_text WHERE rid > ?",
                (last_rid,),
            )
            conn.executemany(INSERT_LOCATION, loc_rows)
            conn.executemany("INSERT INTO opening_hours VALUES (?, ?, ?, ?, ?, ?, ?, ?)", hour_rows)
            conn.executemany("INSERT INTO phones VALUES (?, ?, ?, ?, ?)", phone_rows)
            conn.executemany("INSERT INTO web_links VALUES (?, ?, ?, ?, ?)", web_rows)
            conn.executemany("INSERT INTO item_areas VALUES (?, ?)", area_rows)
            conn.executemany("INSERT INTO item_categories VALUES (?, ?)", cat_rows)
            conn.executemany("INSERT INTO item_languages VALUES (?, ?)", lang_rows)
            written += len(chunk)
    return written


def _delete_where(conn: sqlite3.Connection, where: str, params: Sequence[Any]) -> int:
    """Delete the items selected by ``where`` (a constant SQL condition on ``items``), FTS rows first.

    The FTS rows are removed in one ``'delete'`` statement while their text is still in ``items_text``;
    deleting the items then cascades to every child table, ``items_text`` included.
    """
    conn.execute(
        "INSERT INTO items_fts(items_fts, rowid, names, body, stems)"  # noqa: S608 - constant conditions
        " SELECT 'delete', rid, names, body, stems FROM items_text"
        f" WHERE item_id IN (SELECT id FROM items WHERE {where})",
        params,
    )
    return max(conn.execute(f"DELETE FROM items WHERE {where}", params).rowcount, 0)  # noqa: S608


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
