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

import orjson

from kiosk.model import TrayItem
from kiosk.stemming import stem_text, stem_tokens, stems_version, words

META_KEY = "fts_stems"
# the items columns that fts_columns_from_row reads, in its argument order
ROW_COLUMNS = "rid, names, summaries, descriptions, keywords, organisation"
INSERT = "INSERT INTO items_fts(rowid, names, body, stems) VALUES (?, ?, ?, ?)"
DELETE = "INSERT INTO items_fts(items_fts, rowid, names, body, stems) VALUES ('delete', ?, ?, ?, ?)"
INSERT_NAMES = "INSERT INTO names_fts(rowid, names, stems) VALUES (?, ?, ?)"
DELETE_NAMES = "INSERT INTO names_fts(names_fts, rowid, names, stems) VALUES ('delete', ?, ?, ?)"

FtsRows = tuple[tuple[int, str, str, str], tuple[int, str, str]]
MIN_VOCAB, MAX_VOCAB = 4, 40  # lengths of the words kept in the vocabulary


def fts_rows(
    rid: int,
    names: Mapping[str, str],
    summaries: Mapping[str, str],
    descriptions: Mapping[str, str],
    keywords: Mapping[str, Sequence[str]],
    org_names: Mapping[str, str],
    vocab: set[str] | None = None,
) -> FtsRows:
    """The item's ``items_fts`` row ``(rid, names, body, stems)`` and ``names_fts`` row ``(rid, names, stems)``;
    its words (lowercased, as the index sees them) are added to ``vocab`` for the vocabulary (see add_words).

    ``stems`` holds the analyses of the names, summaries, keywords and organisation names, per language;
    descriptions are in ``body`` only (see below)."""
    per_lang: dict[str, list[str]] = {}
    name_stems = []
    for lang, text in names.items():
        name_stems.append(stem_text(text, lang))
        per_lang[lang] = [text]
    body: list[str] = []
    for lang, text in summaries.items():
        body.append(text)
        per_lang.setdefault(lang, []).append(text)
    for text in descriptions.values():
        # descriptions are indexed by word (and so by prefix: "kuntosali"* finds "kuntosalilla"), not by
        # stem: their stems were 40 % of the index and of its writing time for little gain (measured on
        # the benchmark's realistic region: 5.4 → 3.3 KB of items_fts per item)
        body.append(text)
        if vocab is not None:
            vocab.update(words(text))
    for lang, kws in keywords.items():
        body.extend(kws)
        per_lang.setdefault(lang, []).extend(kws)
    for lang, text in org_names.items():
        body.append(text)
        per_lang.setdefault(lang, []).append(text)
    stems = []
    for lang, parts in per_lang.items():
        tokens = words("\n".join(parts))
        stems.append(stem_tokens(tokens, lang))
        if vocab is not None:
            # one set per batch: it keeps one string per distinct word (a set per item made every garbage
            # collection slower; a list kept every token of the batch alive)
            vocab.update(tokens)
    all_names = "\n".join(names.values())
    return (rid, all_names, "\n".join(body), "\n".join(stems)), (rid, all_names, "\n".join(name_stems))


def item_fts_rows(rid: int, item: TrayItem, vocab: set[str] | None = None) -> FtsRows:
    org = item.organisation.names if item.organisation is not None else {}
    return fts_rows(rid, item.names, item.summaries, item.descriptions, item.keywords, org, vocab)


def _loads(text: str | None) -> Any:
    if not text:
        return {}
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # see kiosk.cache.read.loads
        return json.loads(text)


def fts_rows_from_columns(row: Sequence[Any], vocab: set[str] | None = None) -> FtsRows:
    """The FTS rows of an ``items`` row selected as :data:`ROW_COLUMNS` (its words added to ``vocab``)."""
    rid, names, summaries, descriptions, keywords, organisation = row
    org = _loads(organisation).get("names", {})
    return fts_rows(rid, _loads(names), _loads(summaries), _loads(descriptions), _loads(keywords), org, vocab)


def index(conn: sqlite3.Connection, rows: Sequence[FtsRows]) -> None:
    conn.executemany(INSERT, [main for main, _ in rows])
    conn.executemany(INSERT_NAMES, [names for _, names in rows])


def vocabulary_words(tokens: Iterable[str]) -> set[str]:
    """The distinct tokens that may be vocabulary words (4–40 letters, letters only)."""
    return {w for w in tokens if MIN_VOCAB <= len(w) <= MAX_VOCAB and w.isalpha()}


def add_words(conn: sqlite3.Connection, words: set[str], known: set[str]) -> None:
    """Add ``words`` (from :func:`vocabulary_words`) not yet in the vocabulary (``known``, updated here) to
    ``vocab`` and ``vocab_fts``.

    The vocabulary is every word of 4–40 letters the tray's texts have held: the substring and typo tiers
    of :mod:`kiosk.search` look words up in it. It only grows (a word no item holds any longer finds
    nothing and is skipped there); a re-index builds it afresh.
    """
    new = sorted(words - known)
    if not new:
        return
    known.update(new)
    top = conn.execute("SELECT coalesce(max(id), 0) FROM vocab").fetchone()[0]
    rows = [(top + n, w, w[::-1]) for n, w in enumerate(new, start=1)]
    conn.executemany("INSERT INTO vocab(id, word, rword) VALUES (?, ?, ?)", rows)
    conn.executemany("INSERT INTO vocab_fts(rowid, word) VALUES (?, ?)", [(i, w) for i, w, _ in rows])


def known_words(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT word FROM vocab")}


def unindex(conn: sqlite3.Connection, rows: Iterable[Sequence[Any]]) -> None:
    """Remove the FTS entries of ``items`` rows selected as :data:`ROW_COLUMNS` (before deleting them)."""
    derived = [fts_rows_from_columns(row) for row in rows]
    conn.executemany(DELETE, [main for main, _ in derived])
    conn.executemany(DELETE_NAMES, [names for _, names in derived])


def reindex(conn: sqlite3.Connection) -> None:
    """Rebuild both indexes from the ``items`` rows, with the current stemmer."""
    _clear(conn)
    known: set[str] = set()
    cursor = conn.execute(f"SELECT {ROW_COLUMNS} FROM items")  # noqa: S608 - constant
    while rows := cursor.fetchmany(2000):
        vocab: set[str] = set()
        index(conn, [fts_rows_from_columns(row, vocab) for row in rows])
        add_words(conn, vocabulary_words(vocab), known)
    _set_version(conn)


def _clear(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO items_fts(items_fts) VALUES ('delete-all')")
    conn.execute("INSERT INTO names_fts(names_fts) VALUES ('delete-all')")
    conn.execute("DELETE FROM vocab")
    conn.execute("INSERT INTO vocab_fts(vocab_fts) VALUES ('delete-all')")


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
        _clear(conn)
        _set_version(conn)
    else:
        reindex(conn)
