"""Reading the cache: whole items (rebuilt from their ``items`` row) and summary counts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import orjson
from sqlite_utils import Database

from kiosk.model import TrayItem
from kiosk.serialize import from_dict

TRUE_WORDS = ("1", "true", "yes")


# the items columns an item is rebuilt from, then the to_dict keys of the scalar ones among them
ITEM_SELECT = (
    "id, kind, source, demo, cost, funding, online, nationwide, starts_at, ends_at, modified, fetched_at,"
    " source_url, names, summaries, descriptions, keywords, organisation, categories, data"
)
_SCALARS = (
    "id", "kind", "source", "demo", "cost", "funding", "online", "nationwide", "starts_at", "ends_at",
    "modified", "fetched_at", "source_url",
)  # fmt: skip
_JSON = ("names", "summaries", "descriptions", "keywords", "organisation", "categories")
_FLAGS = frozenset(("demo", "online", "nationwide"))


def loads(text: str) -> Any:
    """JSON of a cache column: orjson (about 1.5× the standard library), or ``json`` for what orjson refuses
    (an escaped lone surrogate in a snapshot written before text cleaning dropped them)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def _item(row: tuple[Any, ...]) -> TrayItem:
    """Rebuild an item from a row selected as :data:`ITEM_SELECT` (the inverse of write._item_row)."""
    data: dict[str, Any] = loads(row[-1])
    for key, value in zip(_SCALARS, row, strict=False):
        if value is not None:
            data[key] = bool(value) if key in _FLAGS else value
    for key, value in zip(_JSON, row[len(_SCALARS) :], strict=False):
        if value is not None:
            data[key] = loads(value)
    return from_dict(data)


def get_item(db: Database, item_id: str) -> TrayItem | None:
    """The stored item with ``item_id``, exactly as written, or ``None``."""
    row = db.execute(f"SELECT {ITEM_SELECT} FROM items WHERE id = ?", (item_id,)).fetchone()  # noqa: S608
    return _item(row) if row else None


def get_items(db: Database, ids: Iterable[str]) -> list[TrayItem]:
    """The stored items with the given ids, in the order asked; unknown ids are skipped."""
    wanted = list(dict.fromkeys(ids))
    found: dict[str, TrayItem] = {}
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        sql = f"SELECT {ITEM_SELECT} FROM items WHERE id IN ({', '.join('?' * len(part))})"  # noqa: S608
        for row in db.execute(sql, part):
            found[row[0]] = _item(row)
    return [found[i] for i in wanted if i in found]


def counts(db: Database) -> dict[str, Any]:
    """Summary figures for ``status``.

    ``items``: rows in ``items``; ``by_category``: {key: n}; ``by_municipality``: {code: n}, an item
    counting once in each municipality of its areas and its locations; ``nationwide``: items offered
    nationwide (counted here, not in every municipality); ``demo``: the snapshot is the demo data.
    """
    items = db.execute("SELECT count(*) FROM items").fetchone()[0]
    nationwide = db.execute("SELECT count(*) FROM items WHERE nationwide = 1").fetchone()[0]
    by_category = dict(
        db.execute("SELECT category, count(*) FROM item_categories GROUP BY category ORDER BY category").fetchall()
    )
    by_municipality = dict(
        db.execute(
            "SELECT municipality, count(*) FROM item_areas GROUP BY municipality ORDER BY municipality"
        ).fetchall()
    )
    demo_row = db.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
    demo = bool(demo_row and str(demo_row[0]).strip().lower() in TRUE_WORDS)
    return {
        "items": items,
        "by_category": by_category,
        "by_municipality": by_municipality,
        "nationwide": nationwide,
        "demo": demo,
    }
