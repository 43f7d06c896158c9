"""PTV v11 (anonymous, being retired 04/2027): the fallback source of services for the tray.

Full run, per municipality of the region: the full-data ``list/area`` pages of services (with nationwide
ones) and of service channels; channels a service needs that were not in those pages come from
``ServiceChannel/list?guids=`` (≤100 per call). The channel pages are kept in a temporary on-disk store
(:mod:`kiosk.sources.spill`) and each page of services is mapped and handed over as it arrives (see
:meth:`Ptv11Source.stream`), so memory stays about a page. Incremental run (a cursor, not ``full``): the id pages of
services and channels changed since the cursor minus ten minutes, bodies by ``list?guids=``; a changed
channel re-emits its services; archived and withdrawn services become ``deleted``, and services that lose
an archived or withdrawn channel are re-emitted without it.

v11 must be read without an ``Authorization`` header: an invalid one makes the server answer 500.
Mapping lives in :mod:`kiosk.sources.ptv11_map`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from kiosk.model import TrayItem, ValidationError
from kiosk.sources import ptv_orgs
from kiosk.sources.base import Batch, FetchRequest, SourceError, SourceResult, SourceStream, chunked, collect
from kiosk.sources.http import Params, RetryPolicy, get_json
from kiosk.sources.ptv11_kind import DEFAULT_BASE_URL
from kiosk.sources.ptv11_map import (
    GUID_RE,
    ChannelParts,
    Notes,
    Record,
    RecordError,
    Scope,
    channel_parts,
    connected_channel_ids,
    map_service,
    record_id,
    service_scope,
)
from kiosk.sources.spill import RecordStore

CURSOR_FORMAT = "%Y-%m-%dT%H:%M:%S"
OVERLAP = timedelta(minutes=10)
MAX_PAGES = 10_000
PAGE = 100  # services mapped and handed over at a time in a full run
KEEP_CHANNELS = 4000  # parsed channels kept between pages of a full run (the rest wait in the store)
EMPTY_PAGES_STOP = 2  # consecutive empty pages before ``pageCount`` end the list
_AREA_CODE = re.compile(r"^[0-9]{1,6}$")


class Ptv11Source:
    """Services of a region from PTV v11, as :class:`~kiosk.model.TrayItem` (``id`` = ``ptv:<guid>``)."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        name: str = "ptv11",
        retry: RetryPolicy | None = None,
        guid_batch: int = 100,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.name = name
        self.retry = retry
        self.guid_batch = max(1, min(guid_batch, 100))
        self.clock = clock or (lambda: datetime.now(UTC))

    def fetch(self, client: httpx.Client, request: FetchRequest) -> SourceResult:
        """The whole run in memory (see :meth:`stream`, which the sync engine uses)."""
        return collect(self.stream(client, request))

    def stream(self, client: httpx.Client, request: FetchRequest) -> SourceStream:
        """The run a batch at a time: a full run maps each page of services as it arrives (the channels
        wait in a temporary store on disk); an incremental run is mapped when all of it is read."""
        if "authorization" in client.headers:
            raise SourceError(
                f"{self.name}: PTV v11 is read anonymously, but the HTTP client sends an Authorization header "
                "(v11 answers such requests with 500); use a client without it"
            )
        if not request.region.municipalities:
            raise SourceError(f"{self.name}: the region names no municipalities; nothing to fetch")
        for code in request.region.municipalities:
            if not _AREA_CODE.match(code):
                raise SourceError(f"{self.name}: {code!r} is not a municipality code")
        run = _Run(self, client, request)
        if run.full:
            return SourceStream(True, run.full_batches(), run.finish)
        cursor = _parse_cursor(self.name, request.cursor or "")

        def batches() -> Iterator[Batch]:
            run.incremental(cursor)
            yield from chunked(run.map_services(run.services))

        return SourceStream(False, batches(), run.finish)


def _parse_cursor(source: str, cursor: str) -> datetime:
    """The stored cursor (``yyyy-MM-ddTHH:mm:ss`` UTC; an ISO time with an offset is accepted too)."""
    try:
        when = datetime.strptime(cursor.strip(), CURSOR_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        try:
            when = datetime.fromisoformat(cursor.strip().replace("Z", "+00:00"))
        except ValueError as exc:
            raise SourceError(
                f"{source}: the stored cursor {cursor[:40]!r} is not yyyy-MM-ddTHH:mm:ss; run a full sync"
            ) from exc
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def class_matches(codes: Iterable[str], wanted: Iterable[str]) -> bool:
    """True when a code equals a wanted code or is a sub-code of it (``P27.1.2`` under ``P27.1``)."""
    wanted = tuple(wanted)
    return any(c == w or c.startswith(w + ".") for c in codes for w in wanted)


def belongs(scope: Scope, municipalities: Iterable[str], wanted_classes: Iterable[str]) -> bool:
    """In the region: a Municipality area in it, or nationwide with a wanted service class."""
    if set(scope.areas) & set(municipalities):
        return True
    return scope.nationwide and class_matches(scope.service_classes, wanted_classes)


def _batches(ids: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for ident in ids:
        batch.append(ident)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Run:
    """State of one fetch: raw records by GUID, mapped channels, warnings, request count."""

    def __init__(self, source: Ptv11Source, client: httpx.Client, request: FetchRequest) -> None:
        self.source = source
        self.client = client
        self.request = request
        self.started = source.clock().astimezone(UTC)
        self.full = request.full or not request.cursor
        self.notes = Notes()
        self.requests = 0
        self.services: dict[str, Record] = {}
        self.channels: dict[str, ChannelParts | None] = {}  # None = malformed or not found
        self.deleted: set[str] = set()
        self.orgs = ptv_orgs.v11_organisations(self.get, lambda message: self.notes.add("(organisations)", message))
        self.emitted: set[str] = set()
        self.services_seen = 0
        self.store: RecordStore | None = None  # a full run's channels, parsed when a service needs them

    # --- HTTP ---------------------------------------------------------------------------------------

    def get(self, path: str, params: Params | None = None, *, allow_404: bool = False) -> Any:
        self.requests += 1
        return get_json(self.client, self.source.base_url + path, params, retry=self.source.retry, allow_404=allow_404)

    def pages(self, path: str, params: Params, *, allow_404: bool = False) -> Iterator[Any]:
        """Items of every page of a v11 paging envelope (pages 1 … pageCount); 404 is "none" only if allowed."""
        page, empty = 1, 0
        while True:
            data = self.get(path, {**params, "page": str(page)}, allow_404=allow_404)
            if data is None:
                return
            items = data.get("itemList") if isinstance(data, dict) else None
            count = data.get("pageCount") if isinstance(data, dict) else None
            if items is None and count == 0 and not isinstance(count, bool):
                return
            if not isinstance(items, list) or not isinstance(count, int) or isinstance(count, bool):
                raise SourceError(f"{self.source.name}: {path} page {page} is not a v11 page (itemList, pageCount)")
            if count > MAX_PAGES:
                raise SourceError(f"{self.source.name}: {path} claims {count} pages, more than any region has")
            empty = 0 if items else empty + 1
            if empty >= EMPTY_PAGES_STOP and page < count:
                self.notes.add("(paging)", f"{path}: {empty} empty pages in a row before page {count}; list ends")
                return
            yield from items
            page += 1
            if page > count:
                return

    def id_pages(self, path: str, params: Params, *, allow_404: bool = False) -> list[str]:
        out: list[str] = []
        for item in self.pages(path, params, allow_404=allow_404):
            try:
                ident = record_id(item)
            except RecordError as exc:
                self.notes.add("(id page)", f"{path}: {exc}")
                continue
            if ident not in out:
                out.append(ident)
        return out

    def by_guids(self, kind: str, ids: Iterable[str]) -> list[Any]:
        """``{kind}/list?guids=`` in batches; 404 ("… not found") means none of that batch exists."""
        out: list[Any] = []
        for batch in _batches(ids, self.source.guid_batch):
            data = self.get(f"{kind}/list", {"guids": ",".join(batch)}, allow_404=True)
            if data is None:
                continue
            if not isinstance(data, list):
                raise SourceError(f"{self.source.name}: {kind}/list did not answer with a list")
            out.extend(data)
        return out

    # --- collecting ---------------------------------------------------------------------------------

    def add_service(self, record: Any) -> str | None:
        try:
            sid = record_id(record)
        except RecordError as exc:
            self.notes.add("(service)", str(exc))
            return None
        self.services.setdefault(sid, record)
        return sid

    def add_channel(self, record: Any) -> ChannelParts | None:
        try:
            cid = record_id(record)
        except RecordError as exc:
            self.notes.add("(channel)", str(exc))
            return None
        if cid in self.channels:
            return self.channels[cid]
        try:
            parts: ChannelParts | None = channel_parts(record, self.notes)
        except (RecordError, ValidationError) as exc:
            self.notes.add(cid, f"channel skipped: {exc}")
            parts = None
        self.channels[cid] = parts
        return parts

    def fetch_channels(self, ids: Iterable[str]) -> None:
        missing = [cid for cid in dict.fromkeys(ids) if cid not in self.channels]
        if self.store is not None and missing:
            for record in self.store.get_many(missing).values():
                self.add_channel(record)
            missing = [cid for cid in missing if cid not in self.channels]
        for record in self.by_guids("ServiceChannel", missing):
            self.add_channel(record)
        for cid in missing:
            self.channels.setdefault(cid, None)

    def full_batches(self) -> Iterator[Batch]:
        """A full run: every municipality's channels into the store, then its services a page at a time."""
        with RecordStore() as store:
            self.store = store
            for code in self.request.region.municipalities:
                for record in self.pages(f"ServiceChannel/list/area/Municipality/code/{code}", {}):
                    try:
                        store.put(record_id(record), record)
                    except RecordError as exc:
                        self.notes.add("(channel)", str(exc))
            seen: set[str] = set()
            page: dict[str, Record] = {}
            for code in self.request.region.municipalities:
                area = f"area/Municipality/code/{code}"
                for record in self.pages(f"Service/list/{area}", {"includeWholeCountry": "true"}):
                    try:
                        sid = record_id(record)
                    except RecordError as exc:
                        self.notes.add("(service)", str(exc))
                        continue
                    if sid not in seen:
                        seen.add(sid)
                        page[sid] = record
                    if len(page) >= PAGE:
                        yield tuple(self.map_services(page))
                        page = {}
            if page:
                yield tuple(self.map_services(page))
            self.services_seen = len(seen)
            self.store = None

    def incremental(self, cursor: datetime) -> None:
        since = (cursor - OVERLAP).strftime(CURSOR_FORMAT)
        service_ids: list[str] = []
        channel_ids: list[str] = []
        for code in self.request.region.municipalities:
            area = f"area/Municipality/code/{code}"
            service_ids += self.id_pages(f"Service/{area}", {"includeWholeCountry": "true", "date": since})
            channel_ids += self.id_pages(f"ServiceChannel/{area}", {"date": since})
        gone_services: list[str] = []
        gone_channels: list[str] = []
        for status in ("Archived", "Withdrawn"):
            gone_services += self.id_pages("Service", {"status": status, "date": since})
            gone_channels += self.id_pages("ServiceChannel", {"status": status, "date": since})
        self.deleted.update(f"ptv:{sid}" for sid in gone_services)
        self.fetch_channels(channel_ids)
        for cid in dict.fromkeys(channel_ids):
            parts = self.channels.get(cid)
            if parts is not None:
                service_ids += parts.services
        for cid in dict.fromkeys(gone_channels):
            self.channels[cid] = None  # gone: never shown, even if a service still links it
            if GUID_RE.match(cid):
                service_ids += self.id_pages(f"Service/serviceChannel/{cid}", {}, allow_404=True)
        wanted = [sid for sid in dict.fromkeys(service_ids) if f"ptv:{sid}" not in self.deleted]
        for record in self.by_guids("Service", wanted):
            self.add_service(record)

    # --- result -------------------------------------------------------------------------------------

    def map_services(self, services: dict[str, Record]) -> list[TrayItem]:
        """The tray items of ``services`` (those in the region), with the channels they need."""
        region = self.request.region.municipalities
        areas = self.request.areas  # nationwide services only in the classes that map to a content area
        classes = areas.all_service_classes() if areas is not None else ()
        kept: list[tuple[str, Record]] = []
        for sid, record in services.items():
            try:
                in_region = belongs(service_scope(record), region, classes)
            except RecordError as exc:
                self.notes.add(sid, f"service skipped: {exc}")
                continue
            if in_region:
                kept.append((sid, record))
            elif not self.full:
                self.deleted.add(f"ptv:{sid}")  # changed and now outside the region (or unclassified nationwide)
        needed: list[str] = []
        for _sid, record in kept:
            try:
                needed += connected_channel_ids(record)
            except RecordError:
                continue  # reported when the service is mapped
        if self.store is not None and len(self.channels) > KEEP_CHANNELS:
            self.channels = {}  # parsed again from the store when needed
        self.fetch_channels(needed)
        channels = {cid: parts for cid in needed if (parts := self.channels.get(cid)) is not None}
        names = self.orgs.names_for(ptv_orgs.v11_responsible_ids(record for _sid, record in kept))
        items: list[TrayItem] = []
        for sid, record in kept:
            try:
                items.append(
                    map_service(
                        record, channels, source=self.source.name, notes=self.notes, fetched_at=self.started,
                        organisations=names,
                    )  # fmt: skip
                )
            except (RecordError, ValidationError) as exc:
                self.notes.add(sid, f"service skipped: {exc}")
        self.emitted.update(item.id for item in items)
        return items

    def finish(self) -> SourceResult:
        return SourceResult(
            source=self.source.name,
            full=self.full,
            deleted=frozenset(self.deleted - self.emitted),
            cursor=self.started.strftime(CURSOR_FORMAT),
            warnings=tuple(self.notes.warnings),
            requests=self.requests,
            extra={"services_seen": self.services_seen or len(self.services), "channels_seen": len(self.channels)},
        )
