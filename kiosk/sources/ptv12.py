"""PTV v12 (Suomi.fi Palvelutietovaranto) source: a region's services with their channels, full or incremental.

Full run: ``service/search`` for the region's municipalities (``LimitedArea``, ≤20 codes a call, match
``any``) and for nationwide services (``WholeCountry``, ``WholeCountryExceptAland``) restricted to the service
classes that map to content areas; ``service-channel/search`` for the region; ``connection/search`` by
service ids (≤20 a call); channels reached through connections but outside the region search by id;
organisations by ``organization/search`` for the region and by id for the rest (the v12 organisation
search has no content-id filter). Lists are read page by page up to ``totalPages``. Streamed
(:meth:`Ptv12Source.stream`): the region's channels wait in a temporary on-disk store, and each page of
services is completed (connections, channels, organisations), mapped and handed over before the next.

Incremental run (a cursor and not ``full``): the same searches with ``publishedAtOrAfter`` = cursor minus
ten minutes, the changed connections, and the three ``archived`` feeds. Services touched by a changed
channel or connection are fetched again by id and returned whole, with all their connections and channels.

State kept on the instance between runs (optional — a fresh instance still gives correct results): the
array-parameter style that the server accepted, organisation names, the tray's service ids, which services
use which channel, and the records seen inside the ten-minute margin (so a run with nothing new returns
nothing instead of re-sending the newest records).

The API key goes only into the ``x-api-key`` header; messages name the address without query and never
contain the key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from kiosk.gcpolicy import fewer_collections
from kiosk.model import Organisation, TrayItem
from kiosk.sources import ptv_orgs as orgs
from kiosk.sources.base import Batch, FetchRequest, SourceError, SourceResult, SourceStream, chunked, collect
from kiosk.sources.http import MAX_RESPONSE_BYTES, FetchError, Params, RetryPolicy, get_json
from kiosk.sources.ptv12_map import (
    MAX_KEYWORD,
    NATIONWIDE,
    Channel,
    Connection,
    Rec,
    RecordError,
    area_of,
    clean,
    content_id,
    map_service,
    parse_channel,
    parse_connection,
    parse_organisation,
    parse_time,
    valid_id,
)
from kiosk.sources.spill import RecordStore

MARGIN = timedelta(minutes=10)
# What an adapter remembers for its next run (the tray's services, which services use which channel) is
# optional (a fresh adapter is correct too); past this many services it is not kept, so memory stays bounded.
STATE_LIMIT = 50_000
MAX_PAGES = 20_000  # 2 M records of one query: far more than any region, far fewer than a broken server claims
EMPTY_PAGES_STOP = 2  # consecutive empty pages before ``totalPages`` end the list (a server that claims 10⁹)
STYLES = ("repeat", "comma")
CHUNK = 20  # the v12 searches take at most 20 values per array parameter


def iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def chunks(values: Iterable[str], size: int = CHUNK) -> Iterator[list[str]]:
    items = sorted(set(values))
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _organisation_ids(services: Iterable[Any]) -> set[str]:
    """The usable ``organizationContentId`` values (a list or an object there is not an id)."""
    return {org for record in services if valid_id(org := record.get("organizationContentId"))}


def in_region(record: Any, region: frozenset[str]) -> bool:
    """Whether a service belongs to the region; an unreadable area counts as "yes" so that mapping can warn."""
    try:
        nationwide, munis = area_of(Rec("service", content_id(record) or "?"), record)
    except RecordError:
        return True
    return nationwide or bool(region.intersection(munis))


class _ChannelStore(RecordStore):
    """The region's channel records on disk, parsed when a page of services needs them (a few thousand
    parsed ones are kept: a channel such as an organisation's phone line serves many services)."""

    KEEP = 4000

    def __init__(self) -> None:
        super().__init__()
        self._parsed: dict[str, Channel | None] = {}

    def channels(self, run: _Run, ids: set[str]) -> dict[str, Channel]:
        """The channels among ``ids`` that the store holds and that parse (a bad one is reported once)."""
        if len(self._parsed) > self.KEEP:
            self._parsed.clear()
        for cid, record in self.get_many(ids - self._parsed.keys()).items():
            try:
                self._parsed[cid] = parse_channel(record)
            except RecordError as exc:
                run.warnings.append(str(exc))
                self._parsed[cid] = None
        return {cid: channel for cid in ids if (channel := self._parsed.get(cid)) is not None}


class _Run:
    """Book-keeping for one fetch: requests made, warnings, timestamps seen."""

    def __init__(self, client: httpx.Client, started: datetime) -> None:
        self.client = client
        self.started = started
        self.requests = 0
        self.warnings: list[str] = []
        self.switched = False
        self.seen: dict[str, datetime] = {}
        self.prune_at = 20_000

    def saw(self, key: str, when: datetime | None) -> None:
        """Remember a record's time: the newest gives the next cursor, and the records inside the margin
        below it are remembered so that the next run does not send them again. Older ones are let go
        (a full run sees every record of the region)."""
        if when is None:
            return
        self.seen[key] = when
        if len(self.seen) > self.prune_at:
            newest = max(self.seen.values())
            self.seen = {k: v for k, v in self.seen.items() if v >= newest - MARGIN}
            self.prune_at = max(self.prune_at, 2 * len(self.seen))


class Ptv12Source:
    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        *,
        name: str = "ptv",
        page_size: int = 100,
        retry: RetryPolicy | None = None,
        array_style: str | None = None,
        max_bytes: int = MAX_RESPONSE_BYTES,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if array_style not in (None, *STYLES):
            raise ValueError(f"array_style must be one of {', '.join(STYLES)}")
        self.name = name
        self.base_url = base_url.rstrip("/") + "/"
        self._api_key = api_key or None
        self.page_size = max(1, min(100, int(page_size)))
        self.retry = retry
        self.array_style = array_style or "repeat"
        self.max_bytes = max_bytes
        self.clock = clock or (lambda: datetime.now(UTC))
        self._orgs: dict[str, Organisation | None] = {}
        self._orgs_down = False  # organisation reading failed in this run: not asked again per batch
        self._terms: dict[str, dict[str, str]] = {}  # ontology term URI → label per language
        self._known: set[str] | None = None
        # channel → the service using it, or a set when several do (most channels serve one service: a
        # set for each took tens of megabytes in a big region)
        self._channel_services: dict[str, str | set[str]] = {}
        self._boundary: dict[str, datetime] = {}

    def __repr__(self) -> str:
        return f"Ptv12Source(name={self.name!r}, base_url={self.base_url!r})"

    # --- HTTP ----------------------------------------------------------------------------------------

    def _error(self, exc: FetchError) -> FetchError:
        message = str(exc)
        if self._api_key:
            message = message.replace(self._api_key, "***")
        return FetchError(f"PTV v12 source {self.name!r}: {message}", status=exc.status)

    def _get(self, run: _Run, path: str, params: Params, *, allow_404: bool = False) -> Any:
        headers = {"x-api-key": self._api_key} if self._api_key else {}
        multi = any(isinstance(v, (list, tuple)) and len(v) > 1 for v in params.values())
        for attempt in (0, 1):
            run.requests += 1
            try:
                return get_json(
                    run.client,
                    self.base_url + path,
                    params,
                    headers=headers,
                    array_style=self.array_style,
                    retry=self.retry,
                    max_bytes=self.max_bytes,
                    allow_404=allow_404,
                )
            except FetchError as exc:
                # The spec says comma-separated lists, a known client sends repeated keys: on a 400 to a
                # request with a multi-value array, try the other style once and keep it if it works.
                if exc.status != 400 or not multi or attempt or run.switched:
                    raise self._error(exc) from None
                self.array_style = STYLES[1 - STYLES.index(self.array_style)]
                run.switched = True
        raise AssertionError("unreachable")  # pragma: no cover

    def _pages(self, run: _Run, path: str, params: Params) -> Iterator[dict[str, Any]]:
        """Every item of a paged list, page 1 … ``totalPages`` (item counts are not trusted).

        ``totalPages`` is believed only so far: more than :data:`MAX_PAGES` is an error, and
        :data:`EMPTY_PAGES_STOP` empty pages in a row end the list early with a warning."""
        page, total, empty = 1, 1, 0
        while page <= total:
            data = self._get(run, path, {**params, "page": str(page), "pageSize": str(self.page_size)})
            items = data.get("items") if isinstance(data, dict) else None
            pages = data.get("totalPages") if isinstance(data, dict) else None
            if not isinstance(items, list) or not isinstance(pages, int) or isinstance(pages, bool):
                raise SourceError(f"PTV v12 source {self.name!r}: {path} page {page} is not a PTV list answer")
            if pages > MAX_PAGES:
                raise SourceError(f"PTV v12 source {self.name!r}: {path} claims {pages} pages, more than any region has")
            total = max(pages, 0)
            empty = 0 if items else empty + 1
            if empty >= EMPTY_PAGES_STOP and page < total:
                run.warnings.append(f"PTV {path}: {empty} empty pages in a row before page {total}; the list ends here")
                return
            for item in items:
                if isinstance(item, dict):
                    yield item
                else:
                    run.warnings.append(f"PTV {path}: a list item that is not an object was skipped")
            page += 1

    # --- reading -------------------------------------------------------------------------------------

    def _service_queries(self, region: frozenset[str], classes: Iterable[str]) -> list[dict[str, Any]]:
        queries: list[dict[str, Any]] = [
            {"areaType": "LimitedArea", "municipalities": chunk, "municipalitiesMatch": "any"}
            for chunk in chunks(region)
        ]
        for area in NATIONWIDE:  # nationwide services only when they can map to a content area
            queries += [{"areaType": area, "serviceClasses": c, "serviceClassesMatch": "any"} for c in chunks(classes)]
        return queries

    def _services(self, run: _Run, region: frozenset[str], classes: Iterable[str], since: str | None) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for query in self._service_queries(region, classes):
            for record in self._pages(run, "service/search", {**query, "publishedAtOrAfter": since}):
                self._keep(run, found, record, "service")
        return found

    def _keep(self, run: _Run, into: dict[str, Any], record: dict[str, Any], kind: str) -> None:
        cid = content_id(record)
        if cid is None:
            run.warnings.append(f"PTV {kind} without a usable contentId was skipped")
        else:
            into[cid] = record

    def _channel_search(self, run: _Run, region: frozenset[str], since: str | None) -> dict[str, Channel]:
        raw: dict[str, Any] = {}
        for chunk in chunks(region):
            query = {"areaType": "LimitedArea", "municipalities": chunk, "municipalitiesMatch": "any"}
            for record in self._pages(run, "service-channel/search", {**query, "publishedAtOrAfter": since}):
                self._keep(run, raw, record, "channel")
        return self._parse_channels(run, raw.values())

    def _parse_channels(self, run: _Run, records: Iterable[Any]) -> dict[str, Channel]:
        out: dict[str, Channel] = {}
        for record in records:
            try:
                channel = parse_channel(record)
            except RecordError as exc:
                run.warnings.append(str(exc))
                continue
            out[channel.id] = channel
            run.saw(f"c:{channel.id}", channel.published_at)
        return out

    def _connections(self, run: _Run, query: dict[str, Any], keep: set[str] | None = None) -> list[Connection]:
        out = []
        for record in self._pages(run, "connection/search", query):
            try:
                conn = parse_connection(record)
            except RecordError as exc:
                run.warnings.append(str(exc))
                continue
            if keep is None or conn.service_id in keep or conn.channel_id in keep:
                out.append(conn)
                run.saw(f"x:{conn.service_id}/{conn.channel_id}", conn.published_at)
        return out

    def _connections_of(self, run: _Run, service_ids: Iterable[str]) -> list[Connection]:
        out: list[Connection] = []
        for chunk in chunks(service_ids):
            out += self._connections(run, {"serviceContentIds": chunk}, set(chunk))
        return out

    def _complete_channels(
        self, run: _Run, channels: dict[str, Channel], conns: list[Connection], store: _ChannelStore | None = None
    ) -> None:
        missing = {c.channel_id for c in conns} - channels.keys()
        if store is not None:
            missing -= store.absent
        records = [self._get(run, f"service-channel/{cid}", {}, allow_404=True) for cid in sorted(missing)]
        found = self._parse_channels(run, (r for r in records if r is not None))
        channels.update(found)
        if store is not None:  # read once: a channel outside the region may serve many services
            store.absent |= missing - found.keys()
            for record in records:
                if record is not None and (cid := content_id(record)) in found:
                    store.put(cid, record)

    def _organisations(self, run: _Run, region: frozenset[str] | None, wanted: set[str]) -> None:
        """Organisation names and types (:mod:`kiosk.sources.ptv_orgs`); a failure is a warning, not an error,
        and the rest of the run goes on without organisations."""
        if self._orgs_down:
            return

        def down() -> None:
            self._orgs_down = True

        queries = [{"areaType": "LimitedArea", "municipalities": c, "municipalitiesMatch": "any"} for c in chunks(region or ())]
        found = orgs.v12_organisations(
            lambda path, params, allow_404=False: self._get(run, path, params, allow_404=allow_404),
            lambda path, params: self._pages(run, path, params),
            parse_organisation,
            queries,
            sorted(wanted - self._orgs.keys()),
            run.warnings.append,
            failed=down,
        )
        self._orgs.update(found)

    def _ontology_labels(self, run: _Run, services: Iterable[Any]) -> dict[str, dict[str, str]]:
        """The labels (per language) of the services' ontology terms, by URI, from ``/ontology-terms`` (20 URIs a
        request; remembered by the adapter until its next full run). Keywords only: when the lookup fails the sync goes on without them."""
        wanted: set[str] = set()
        for record in services:
            terms = record.get("ontologyTerms") if isinstance(record, dict) else None
            wanted.update(u for u in terms or () if isinstance(u, str) and u.strip())
        try:
            for chunk in chunks(sorted(wanted - self._terms.keys())):
                for item in self._pages(run, "ontology-terms", {"uris": chunk}):
                    uri, names = item.get("uri"), item.get("name")
                    if isinstance(uri, str) and isinstance(names, dict):
                        self._terms[uri] = {
                            lang: label for lang, value in names.items()
                            if isinstance(lang, str) and (label := clean(value, MAX_KEYWORD, single_line=True))
                        }  # fmt: skip
        except (FetchError, SourceError) as exc:
            run.warnings.append(f"PTV ontology-terms: labels not read, searched without them ({exc})")
        return {u: self._terms[u] for u in wanted if u in self._terms}

    def _archived(self, run: _Run, path: str, since: str) -> list[dict[str, Any]]:
        return list(self._pages(run, path, {"archivedAtOrAfter": since}))

    # --- runs ----------------------------------------------------------------------------------------

    def fetch(self, client: httpx.Client, request: FetchRequest) -> SourceResult:
        """The whole run in memory (see :meth:`stream`, which the sync engine uses)."""
        with fewer_collections():
            return collect(self.stream(client, request))

    def stream(self, client: httpx.Client, request: FetchRequest) -> SourceStream:
        """The run a page of services at a time: each batch is the page's tray items, mapped with the
        connections, channels and organisations they need (a full run); an incremental run is one batch."""
        run = _Run(client, self.clock())
        self._orgs_down = False
        region = frozenset(m for m in request.region.municipalities if len(m) == 3 and m.isdigit())
        if not region:
            raise SourceError(f"PTV v12 source {self.name!r}: the region has no municipality codes")
        previous = parse_time(request.cursor) if request.cursor else None
        full = request.full or previous is None
        if request.cursor and previous is None:
            run.warnings.append(f"PTV: the stored cursor {request.cursor[:40]!r} is unreadable; doing a full run")
        # nationwide services are asked for only in the service classes that map to a content area
        classes = request.areas.all_service_classes() if request.areas is not None else ()
        deleted: set[str] = set()
        emitted: set[str] = set()

        def batches() -> Iterator[Batch]:
            if full or previous is None:
                yield from self._full(run, region, classes)
            else:
                items, gone = self._incremental(run, region, classes, iso(previous - MARGIN))
                deleted.update(gone)
                emitted.update(item.id for item in items)
                yield from chunked(items)

        def finish() -> SourceResult:
            newest = max(run.seen.values(), default=None)
            cursor = max(t for t in (newest, previous) if t is not None) if newest or previous else run.started
            self._boundary = {k: v for k, v in (*self._boundary.items(), *run.seen.items()) if v >= cursor - MARGIN}
            return SourceResult(
                source=self.name,
                full=full,
                deleted=frozenset(f"ptv:{cid}" for cid in deleted) - emitted,
                cursor=iso(cursor),
                warnings=tuple(run.warnings),
                requests=run.requests,
                extra={"array_style": self.array_style},
            )

        return SourceStream(full, batches(), finish)

    def _link(self, channel_id: str, service_id: str) -> None:
        have = self._channel_services.get(channel_id)
        if have is None:
            if len(self._channel_services) >= STATE_LIMIT:
                return  # not remembered (see STATE_LIMIT); _full forgets the rest too
            self._channel_services[channel_id] = service_id
        elif isinstance(have, str):
            if have != service_id:
                self._channel_services[channel_id] = {have, service_id}
        else:
            have.add(service_id)

    def _services_using(self, channel_id: str) -> set[str]:
        have = self._channel_services.get(channel_id)
        return set() if have is None else {have} if isinstance(have, str) else set(have)

    def _map(
        self,
        run: _Run,
        region: frozenset[str],
        services: dict[str, Any],
        conns: list[Connection],
        channels: dict[str, Channel],
        out_of_region: set[str] | None = None,
    ) -> list[TrayItem]:
        terms = self._ontology_labels(run, services.values())
        by_service: dict[str, list[Connection]] = {}
        for conn in conns:
            by_service.setdefault(conn.service_id, []).append(conn)
            self._link(conn.channel_id, conn.service_id)
        items = []
        for cid, record in services.items():
            try:
                item = map_service(
                    record,
                    source=self.name,
                    region=region,
                    connections=by_service.get(cid, []),
                    channels=channels,
                    organisations=self._orgs,
                    fetched_at=run.started,
                    terms=terms,
                )
            except RecordError as exc:
                run.warnings.append(str(exc))
                continue
            if item is None:
                if out_of_region is not None:
                    out_of_region.add(cid)
                continue
            items.append(item)
        return items

    def _full(self, run: _Run, region: frozenset[str], classes: tuple[str, ...]) -> Iterator[Batch]:
        """A full run, a page of services at a time. The region's channels are read first into a
        :class:`_ChannelStore` on disk (a region has about as many channels as services), the region's
        organisations into memory (a few hundred); each page of services then has its connections read,
        the channels those name looked up (or read by id), and is mapped and handed over."""
        self._orgs = {}
        self._terms = {}  # a full run reads the labels afresh
        self._channel_services = {}
        known: set[str] = set()
        with _ChannelStore() as store:
            self._channel_pages(run, region, store)
            self._organisations(run, region, set())
            passed: set[str] = set()  # services read and not in the tray (so few that a set of them is fine)
            for page in self._service_pages(run, region, classes, None):
                services: dict[str, Any] = {}
                for record in page:
                    cid = content_id(record)
                    if cid is None:
                        run.warnings.append("PTV service without a usable contentId was skipped")
                    elif cid in known or cid in passed:
                        continue  # found by an earlier search too
                    elif not in_region(record, region):
                        passed.add(cid)
                    else:
                        services[cid] = record
                        run.saw(f"s:{cid}", parse_time(record.get("publishedAt")))
                if not services:
                    continue
                conns = self._connections_of(run, services)
                channels = store.channels(run, {c.channel_id for c in conns})
                self._complete_channels(run, channels, conns, store)
                self._organisations(run, None, _organisation_ids(services.values()))
                items = self._map(run, region, services, conns, channels)
                known.update(item.id[4:] for item in items)
                passed.update(services.keys() - known)
                yield tuple(items)
        if len(known) > STATE_LIMIT or len(self._channel_services) >= STATE_LIMIT:
            self._known, self._channel_services = None, {}  # too big to remember: the next run asks the server
        else:
            self._known = known

    def _service_pages(
        self, run: _Run, region: frozenset[str], classes: Iterable[str], since: str | None
    ) -> Iterator[list[dict[str, Any]]]:
        """The records of the service searches (the region's, then nationwide ones), a page at a time."""
        page: list[dict[str, Any]] = []
        for query in self._service_queries(region, classes):
            for record in self._pages(run, "service/search", {**query, "publishedAtOrAfter": since}):
                page.append(record)
                if len(page) >= self.page_size:
                    yield page
                    page = []
        if page:
            yield page

    def _channel_pages(self, run: _Run, region: frozenset[str], store: _ChannelStore) -> None:
        """The region's channels into ``store`` as they come (parsed when a service needs them)."""
        for chunk in chunks(region):
            query = {"areaType": "LimitedArea", "municipalities": chunk, "municipalitiesMatch": "any"}
            for record in self._pages(run, "service-channel/search", query):
                cid = content_id(record)
                if cid is None:
                    run.warnings.append("PTV channel without a usable contentId was skipped")
                    continue
                store.put(cid, record)
                run.saw(f"c:{cid}", parse_time(record.get("publishedAt")))

    def _fresh(self, key: str, when: datetime | None) -> bool:
        """False for a record already seen with this very timestamp inside the margin of the last run."""
        return when is None or self._boundary.get(key) != when

    def _incremental(
        self, run: _Run, region: frozenset[str], classes: tuple[str, ...], since: str
    ) -> tuple[list[TrayItem], set[str]]:
        services = {
            cid: record
            for cid, record in self._services(run, region, classes, since).items()
            if self._fresh(f"s:{cid}", parse_time(record.get("publishedAt")))
        }
        channels = {
            k: c for k, c in self._channel_search(run, region, since).items() if self._fresh(f"c:{k}", c.published_at)
        }
        changed_conns = [
            c
            for c in self._connections(run, {"publishedAtOrAfter": since})
            if self._fresh(f"x:{c.service_id}/{c.channel_id}", c.published_at)
        ]
        gone = {cid for r in self._archived(run, "service/archived", since) if (cid := content_id(r))}
        gone_channels = {cid for r in self._archived(run, "service-channel/archived", since) if (cid := content_id(r))}
        affected = set(services) | {c.service_id for c in changed_conns}
        cut_services, cut_channels = self._archived_connections(run, since)
        affected |= cut_services
        gone_channels |= cut_channels
        affected |= self._services_of_channels(run, set(channels) | gone_channels)
        affected -= gone
        if self._known is not None:  # services outside the tray stay out unless they changed themselves
            affected = {cid for cid in affected if cid in self._known or cid in services}
        deleted = {cid for cid in gone if self._known is None or cid in self._known}
        found, missing = self._read_services(run, sorted(affected - services.keys()))
        services.update(found)
        deleted |= missing
        for cid in [cid for cid, record in services.items() if not in_region(record, region)]:
            deleted.add(cid)
            del services[cid]
        for cid in services:
            run.saw(f"s:{cid}", parse_time(services[cid].get("publishedAt")))
        conns = self._connections_of(run, services) if services else []
        for channel_id in gone_channels:
            channels.pop(channel_id, None)
        conns = [c for c in conns if c.channel_id not in gone_channels]
        self._complete_channels(run, channels, conns)
        self._organisations(run, None, _organisation_ids(services.values()))
        out_of_region: set[str] = set()
        items = self._map(run, region, services, conns, channels, out_of_region)
        deleted |= out_of_region
        if self._known is not None:
            self._known = (self._known - deleted) | {item.id[4:] for item in items}
        return items, deleted

    def _archived_connections(self, run: _Run, since: str) -> tuple[set[str], set[str]]:
        """The services and the channels touched by connections archived since ``since``."""
        services: set[str] = set()
        channels: set[str] = set()
        for record in self._archived(run, "connection/archived", since):
            # An archived connection is documented only as {contentId}; read the pair when the server sends it.
            for key, into in (("serviceContentId", services), ("channelContentId", channels)):
                if valid_id(record.get(key)):
                    into.add(record[key])
            if (cid := content_id(record)) and cid in self._channel_services:
                channels.add(cid)
            elif cid and self._known and cid in self._known:
                services.add(cid)
        return services, channels

    def _services_of_channels(self, run: _Run, channel_ids: set[str]) -> set[str]:
        """The services connected to these channels, now (asked of the server) or at the last run."""
        services: set[str] = set()
        for chunk in chunks(channel_ids):
            services |= {c.service_id for c in self._connections(run, {"channelContentIds": chunk}, set(chunk))}
        for channel_id in channel_ids:
            services |= self._services_using(channel_id)
        return services

    def _read_services(self, run: _Run, ids: list[str]) -> tuple[dict[str, Any], set[str]]:
        """Read services one by one: the records found, and the ids the server no longer has."""
        found: dict[str, Any] = {}
        missing: set[str] = set()
        for cid in ids:
            record = self._get(run, f"service/{cid}", {}, allow_404=True)
            if record is None:
                missing.add(cid)
            elif content_id(record) == cid:
                found[cid] = record
        return found, missing
