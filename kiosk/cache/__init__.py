"""The offline SQLite cache: schema (migrations), writing, reading. Search lives in :mod:`kiosk.search`."""

from kiosk.cache.read import counts, get_item, get_items
from kiosk.cache.write import (
    delete_items,
    delete_source_items_except,
    get_meta,
    get_source_states,
    open_cache,
    set_meta,
    set_source_state,
    write_items,
)

__all__ = [
    "counts",
    "delete_items",
    "delete_source_items_except",
    "get_item",
    "get_items",
    "get_meta",
    "get_source_states",
    "open_cache",
    "set_meta",
    "set_source_state",
    "write_items",
]
