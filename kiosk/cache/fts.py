"""The full-text columns of an item, and keeping the contentless ``items_fts`` index in step with them.

``items_fts`` stores no text (see :func:`kiosk.cache.schema.m004_fts`): the three columns are derived
here, from a TrayItem when a row is indexed and from the stored ``items`` columns when it is un-indexed.
Both must give exactly the same text, so both go through :func:`fts_rows`. ``names_fts`` likewise.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kiosk.model import TrayItem
from kiosk.stemming import stem_text, stems_version

META_KEY = "fts_stems"
# the items columns that fts_columns_from_row reads, in its argument order
ROW_COLUMNS = "rid, names, summaries, descriptions, keywords, organisation"
INSERT = "INSERT INTO items_fts(rowid, names, body, stems) VALUES (?, ?, ?, ?)"
DELETE = "INSERT INTO items_fts(items_fts, rowid, names, body, stems) VALUES ('delete', ?, ?, ?, ?)"
INSERT_NAMES = "INSERT INTO names_fts(rowid, names, stems) VALUES (?, ?, ?)"
DELETE_NAMES = "INSERT INTO names_fts(names_fts, rowid, names, stems) VALUES ('delete', ?, ?, ?)"

FtsRows = tuple[tuple[int, str, str, str], tuple[int, str, str]]


def fts_rows(
    rid: int,
    names: Mapping[str, str],
    summaries: Mapping[str, str],
    descriptions: Mapping[str, str],
    keywords: Mapping[str, Sequence[str]],
    org_names: Mapping[str, str],
) -> FtsRows:
    """The item's ``items_fts`` row ``(rid, names, body, stems)`` and ``names_fts`` row ``(rid, names, stems)``."""
    per_lang: dict[str, list[str]] = {}
    name_stems = []
    for lang, text in names.items():
        name_stems.append(stem_text(text, lang))
        per_lang[lang] = [text]
    body: list[str] = []
    for texts in (summaries, descriptions):
        for lang, text in texts.items():
            body.append(text)
            per_lang.setdefault(lang, []).append(text)
    for lang, words in keywords.items():
        body.extend(words)
        per_lang.setdefault(lang, []).extend(words)
    for lang, text in org_names.items():
        body.append(text)
        per_lang.setdefault(lang, []).append(text)
    stems = "\n".join(stem_text("\n".join(texts), lang) for lang, texts in per_lang.items())
    all_names = "\n".join(names.values())
    return (rid, all_names, "\n".join(body), stems), (rid, all_names, "\n".join(name_stems))


def item_fts_rows(rid: int, item: TrayItem) -> FtsRows:
    org = item.organisation.names if item.organisation is not None else {}
    return fts_rows(rid, item.names, item.summaries, item.descriptions, item.keywords, org)


def _loads(text: str | None) -> Any:
    return json.loads(text) if text else {}


def fts_rows_from_columns(row: Sequence[Any]) -> FtsRows:
    """The FTS rows of an ``items`` row selected as :data:`ROW_COLUMNS`."""
    rid, names, summaries, descriptions, keywords, organisation = row
    org = _loads(organisation).get("names", {})
    return fts_rows(rid, _loads(names), _loads(summaries), _loads(descriptions), _loads(keywords), org)


def index(conn: sqlite3.Connection, rows: Sequence[FtsRows]) -> None:
    conn.executemany(INSERT, [main for main, _ in rows])
    conn.executemany(INSERT_NAMES, [names for _, names in rows])


def unindex(conn: sqlite3.Connection, rows: Iterable[Sequence[Any]]) -> None:
    """Remove the FTS entries of ``items`` rows selected as :data:`ROW_COLUMNS` (before deleting them)."""
    derived = [fts_rows_from_columns(row) for row in rows]
    conn.executemany(DELETE, [main for main, _ in derived])
    conn.executemany(DELETE_NAMES, [names for _, names in derived])


def reindex(conn: sqlite3.Connection) -> None:
    """Rebuild both indexes from the ``items`` rows, with the current stemmer."""
    conn.execute("INSERT INTO items_fts(items_fts) VALUES ('delete-all')")
    conn.execute("INSERT INTO names_fts(names_fts) VALUES ('delete-all')")
    cursor = conn.execute(f"SELECT {ROW_COLUMNS} FROM items")  # noqa: S608 - constant
    while rows := cursor.fetchmany(2000):
        index(conn, [fts_rows_from_columns(row) for row in rows])
    _set_version(conn)


def _set_version(conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (META_KEY, stems_version()),
    )


def ensure_current(conn: sqlite3.Connection) -> None:
    """Make sure the index was made by this stemmer (re-index if not), so that un-indexing is exact."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
    if row is not None and row[0] == stems_version():
        return
    if conn.execute("SELECT 1 FROM items LIMIT 1").fetchone() is None:
        conn.execute("INSERT INTO items_fts(items_fts) VALUES ('delete-all')")
        conn.execute("INSERT INTO names_fts(names_fts) VALUES ('delete-all')")
        _set_version(conn)
    else:
        reindex(conn)
