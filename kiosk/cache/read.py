"""Reading the cache: whole items (rebuilt from their stored ``data`` JSON) and summary counts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from kiosk.model import TrayItem
from kiosk.serialize import from_dict

TRUE_WORDS = ("1", "true", "yes")


def get_item(db: Database, item_id: str) -> TrayItem | None:
    """The stored item with ``item_id``, exactly as written, or ``None``."""
    row = db.execute("SELECT data FROM items WHERE id = ?", (item_id,)).fetchone()
    return from_dict(json.loads(row[0])) if row else None


def get_items(db: Database, ids: Iterable[str]) -> list[TrayItem]:
    """The stored items with the given ids, in the order asked; unknown ids are skipped."""
    wanted = list(dict.fromkeys(ids))
    found: dict[str, TrayItem] = {}
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        sql = f"SELECT id, data FROM items WHERE id IN ({', '.join('?' * len(part))})"  # noqa: S608 - placeholders only
        for item_id, data in db.execute(sql, part):
            found[item_id] = from_dict(json.loads(data))
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
