"""What every source adapter returns, and the settings the sync engine hands to it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from kiosk.model import TrayItem

if TYPE_CHECKING:
    from kiosk.areas import AreaCatalogue


@dataclass(frozen=True)
class Region:
    """The kiosk's region: the municipalities whose services belong in the tray."""

    name: str = ""
    municipalities: tuple[str, ...] = ()
    home_municipality: str | None = None


@dataclass(frozen=True)
class FetchRequest:
    """What the engine asks of a source for one run.

    ``cursor`` is what the source returned last time (``None`` = never synced); ``full`` asks for a full
    reconciliation even when a cursor exists. ``areas`` is the tray's content-area catalogue, so a source
    can ask its server only for what the tray can show (PTV sources take its service-class codes);
    ``None`` = no such narrowing.
    """

    region: Region
    cursor: str | None = None
    full: bool = True
    areas: AreaCatalogue | None = None


@dataclass(frozen=True)
class SourceResult:
    """One run of one source.

    With ``full=True`` ``items`` is the complete set for this source: anything stored before and not in it
    is removed. With ``full=False`` ``items`` are upserts and ``deleted`` the ids to remove.
    ``warnings`` name records that were skipped as malformed (the run still succeeds).
    """

    source: str
    full: bool
    items: tuple[TrayItem, ...] = ()
    deleted: frozenset[str] = frozenset()
    cursor: str | None = None
    warnings: tuple[str, ...] = ()
    requests: int = 0
    extra: dict[str, object] = field(default_factory=dict)


Batch = tuple[TrayItem, ...]
BATCH_ITEMS = 500  # items a source hands over at a time when it has no natural page of its own


@dataclass
class SourceStream:
    """One run of a source read a batch at a time, so that a sync holds about one batch in memory.

    ``full`` is known before the first batch (the engine decides from it how the source's old items are
    treated). ``batches`` yields the items as each batch is complete; once it is exhausted, ``finish()``
    gives the run's :class:`SourceResult` (deleted ids, cursor, warnings, requests) with no ``items``.
    An exception from either means the source failed.
    """

    full: bool
    batches: Iterator[Batch]
    finish: Callable[[], SourceResult]


def chunked(items: Iterable[TrayItem], size: int = BATCH_ITEMS) -> Iterator[Batch]:
    """``items`` in batches of ``size``."""
    it = iter(items)
    while batch := tuple(islice(it, size)):
        yield batch


def stream_of_result(result: SourceResult) -> SourceStream:
    """A stream over a result already in memory (an adapter that only has ``fetch``)."""
    return SourceStream(result.full, chunked(result.items), lambda: dataclasses.replace(result, items=()))


def open_stream(adapter: Any, client: Any, request: FetchRequest) -> SourceStream:
    """The adapter's run as a stream: its own ``stream`` when it has one, else its ``fetch`` result in batches."""
    stream = getattr(adapter, "stream", None)
    if callable(stream):
        opened: SourceStream = stream(client, request)
        return opened
    return stream_of_result(adapter.fetch(client, request))


def collect(stream: SourceStream) -> SourceResult:
    """The whole run in memory: every batch joined (what ``fetch`` returns for a streaming adapter)."""
    items: list[TrayItem] = []
    for batch in stream.batches:
        items.extend(batch)
    return dataclasses.replace(stream.finish(), items=tuple(items))


class SourceError(Exception):
    """A source could not be read; the message says which and why, in words staff can act on."""
