#!/usr/bin/env python3
"""Where a snapshot's bytes are: every table and index by size (SQLite's ``dbstat``), per item, and the free list.

    .venv/bin/python scripts/snapshot_size.py data/tray.sqlite [--top 20]

Read-only. ``dbstat`` is compiled into Debian's SQLite; without it the script says so and stops.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    conn = sqlite3.connect(f"file:{args.snapshot.resolve()}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT name, sum(pgsize), sum(payload), sum(unused) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
    except sqlite3.OperationalError as exc:
        print(f"no dbstat in this SQLite ({exc})", file=sys.stderr)
        return 1
    items = conn.execute("SELECT count(*) FROM items").fetchone()[0] or 1
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0] * page_size
    size = args.snapshot.stat().st_size
    print(f"{args.snapshot}: {size / 1e6:.1f} MB, {items} items, {size / items / 1000:.2f} KB/item")
    print(f"{'table or index':32} {'MB':>8} {'B/item':>8} {'payload':>8} {'unused':>7}")
    for name, pages, payload, unused in rows[: args.top]:
        print(f"{name:32} {pages / 1e6:8.1f} {pages / items:8.0f} {payload / 1e6:8.1f} {unused / 1e6:7.1f}")
    print(f"{'(free list)':32} {free / 1e6:8.1f} {free / items:8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
