"""Raw records kept on disk while one run of a source needs them, so that memory stays about a batch.

A full run of a big region reads about as many channels as services before any service can be mapped
(the channel searches come first; a page of services then names the channels it uses). Held as parsed
objects, 50 000 channels took hundreds of megabytes. :class:`RecordStore` keeps each record's JSON in a
private temporary SQLite file instead (``sqlite3.connect("")``: SQLite removes it when it is closed, and a
killed process leaves nothing behind, the file being unlinked when opened), and hands back the records a
batch asks for.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any, Self

import orjson

_FLUSH = 500


def _dumps(record: Any) -> bytes:
    try:
        return orjson.dumps(record)
    except (TypeError, orjson.JSONEncodeError):  # a lone surrogate or an integer beyond 64 bits
        return json.dumps(record).encode("ascii")


def _loads(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return json.loads(body)


class RecordStore:
    """Records by id on disk (a later record with the same id replaces the earlier one).

    ``absent`` is for the caller: ids asked of the server and not found, so they are not asked again.
    """

    def __init__(self) -> None:
        self._conn = sqlite3.connect("")
        self._conn.execute("CREATE TABLE record (id TEXT PRIMARY KEY, body BLOB NOT NULL)")
        self._pending: list[tuple[str, bytes]] = []
        self.absent: set[str] = set()

    def put(self, key: str, record: Any) -> None:
        self._pending.append((key, _dumps(record)))
        if len(self._pending) >= _FLUSH:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._conn.executemany("INSERT OR REPLACE INTO record VALUES (?, ?)", self._pending)
            self._pending = []

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """The stored records among ``keys``, by id."""
        self._flush()
        wanted = sorted(set(keys))
        out: dict[str, Any] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, body in self._conn.execute(f"SELECT id, body FROM record WHERE id IN ({marks})", chunk):  # noqa: S608
                out[key] = _loads(body)
        return out

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
