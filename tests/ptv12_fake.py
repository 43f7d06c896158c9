"""A PTV v12-shaped data set and the routes that serve it from :class:`tests.fakeserver.FakeServer`.

``make_region(n)`` builds a deterministic region (one service location per service, a telephone channel per
organisation, connections, organisations of every type) fast enough for the 50 000-service benchmark;
``make_dataset()`` adds the awkward cases: services of another region, nationwide services with and without
tray service classes, a nationwide telephone channel. ``install_v12(server, dataset)`` registers
``/api/v12/…`` routes with v12 paging, filters, by-id answers (404 with an RFC-7807 body and ``reason``),
archived feeds, and a 400 when array parameters come in the style the chosen mode does not accept.
The data set can be changed between runs (``update``, ``archive``, ``add``); each change stamps a new
``publishedAt`` from the data set's clock and drops the cached page bodies.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.gcpolicy import fewer_collections
from tests.fakeserver import FakeServer, Handler, Reply

BASE = "/api/v12/"
TRAY_CLASSES = ("P27.1", "P25.1", "P25.2", "P27.2", "P5.17", "P5.20", "P5.7", "P5.1", "P4.13", "P8.4", "P10.1", "P9.4")
ORG_TYPES = ("Municipality", "RegionalOrganization", "Organization", "Company", "State")
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
KINDS = {
    "service": "services",
    "service-channel": "channels",
    "connection": "connections",
    "organization": "organisations",
}


def iso(when: datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


def uid(kind: int, n: int, seed: int = 1) -> str:
    return f"{seed:08x}-{kind:04x}-4000-8000-{n:012x}"


def lang_versions(**per_lang: dict[str, Any]) -> dict[str, Any]:
    return {lang: value for lang, value in per_lang.items()}


def weekly(
    start: str = "09:00",
    end: str = "16:00",
    days: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday"),
    status: str = "Open",
) -> dict[str, Any]:
    slot = {"start": start, "end": end, "openingStatus": status, "repetition": "Weekly", "additionalInformation": {}}
    return {
        "type": "WeeklyUntilFurtherNoticeServiceHour",
        "heading": {},
        "additionalInformation": {},
        "weeklyHours": {d: {"hours": [dict(slot)]} for d in days},
    }


def service(
    cid: str,
    org: str,
    *,
    names: dict[str, str],
    area: dict[str, Any],
    classes: list[str],
    published: str,
    charge: str | None = "Free",
    funding: str = "PubliclyFunded",
    targets: list[str] | None = None,
    summary: dict[str, str] | None = None,
    description: dict[str, str] | None = None,
    keywords: dict[str, list[str]] | None = None,
    ontology: list[str] | None = None,
    alternative: dict[str, str] | None = None,
) -> dict[str, Any]:
    versions = {}
    for lang, name in names.items():
        versions[lang] = {
            "name": name, "alternativeName": (alternative or {}).get(lang), "summary": (summary or {}).get(lang), "description": (description or {}).get(lang),
            "userInstructions": None, "conditions": None, "legislationLinks": [], "freelyAssignedKeywords": (keywords or {}).get(lang, []),
            "voucher": {"voucherType": "NotUsed"}, "chargeTypeAdditionalInformation": "Ilmainen" if lang == "fi" and charge == "Free" else None,
        }  # fmt: skip
    return {
        "contentId": cid, "organizationContentId": org, "generalDescriptionContentId": None, "targetGroups": targets or ["KR1"],
        "industrialClasses": [], "lifeEvents": [], "ontologyTerms": ontology or [], "serviceClasses": classes,
        "producers": {"selfProducedProducers": {"organizations": [org]}, "procuredProducers": {"organizations": [], "other": []}, "otherProducers": {"organizations": [], "other": []}},
        "otherResponsibleOrganizations": [], "chargeType": charge, "fundingType": funding, "serviceLanguages": list(names),
        "area": area, "publishedAt": published, "migratedAt": None, "serviceType": "Service", "languageVersions": versions,
    }  # fmt: skip


# Ontology terms as /ontology-terms answers them (KOKO-style URIs; p37040 is the API's own example, the other
# numbers are made up for the tests)
ONTOLOGY_TERMS: dict[str, dict[str, str]] = {
    "http://www.yso.fi/onto/koko/p34340": {"fi": "kuntosaliharjoittelu", "sv": "gymträning", "en": "gym training"},
    "http://www.yso.fi/onto/koko/p37040": {"fi": "ikääntyneet", "sv": "äldre", "en": "older people"},
    "http://www.yso.fi/onto/koko/p2433": {"fi": "masennus", "sv": "depression", "en": "depression"},
    "http://www.yso.fi/onto/koko/p6064": {"fi": "vertaistuki", "sv": "kamratstöd", "en": "peer support"},
}


def ontology_term(uri: str, names: dict[str, str]) -> dict[str, Any]:
    return {"uri": uri, "type": "KOKO", "parentUris": [], "isValid": True, "name": dict(names)}


def limited(*munis: str) -> dict[str, Any]:
    return {"areaType": "LimitedArea", "municipalities": list(munis), "regions": [], "wellbeingServicesCounties": []}


def phone(number: str, charge: str = "Free", dial: str | None = None) -> dict[str, Any]:
    kind = "InternationalPhone" if dial else "DomesticPhone"
    out = {
        "type": kind,
        "number": number,
        "chargeType": charge,
        "chargeDescription": None,
        "additionalInformation": None,
    }
    return {**out, "dialCode": dial} if dial else out


def location(
    cid: str,
    org: str,
    muni: str,
    *,
    names: dict[str, str],
    street: dict[str, str],
    detail: str,
    postal: str,
    published: str,
    point: tuple[float, float] | None = (530000.0, 7120000.0),
    hours: list[dict[str, Any]] | None = None,
    phones: list[dict[str, Any]] | None = None,
    emails: list[str] | None = None,
    web: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    coords = [{"system": "EPSG:3067", "source": "NLS", "easting": point[0], "northing": point[1]}] if point else []
    versions = {
        lang: {"name": name, "summary": None, "description": None, "alternativeName": None, "isAlternativeNamePrimary": False,
               "contactEmails": [{"email": e} for e in (emails or [])] if lang == "fi" else [], "contactFaxNumbers": [],
               "contactWebPages": (web or []) if lang == "fi" else [], "contactPhoneNumbers": (phones or []) if lang == "fi" else []}
        for lang, name in names.items()
    }  # fmt: skip
    return {
        "contentId": cid, "organizationContentId": org, "allowedConnectionType": "AllOrganizations", "serviceLanguages": list(names),
        "area": limited(muni), "publishedAt": published, "migratedAt": None, "serviceChannelType": "ServiceLocation",
        "languageVersions": versions,
        "location": {"streetAddresses": [{"addressSource": {"source": "Posti"}, "streetName": street, "addressDetail": detail, "postalCode": postal,
                                          "coordinates": coords, "additionalInformation": {}, "accessibilityRegisterServicePointId": None}],
                     "otherAddresses": [], "foreignAddresses": []},
        "contactAddresses": {"streetAddresses": [], "postOfficeBoxAddresses": [], "foreignAddresses": []},
        "serviceHours": {"hours": hours if hours is not None else [weekly()], "holidayServiceHours": None},
    }  # fmt: skip


def telephone(
    cid: str,
    org: str,
    area: dict[str, Any],
    *,
    names: dict[str, str],
    number: str,
    published: str,
    url: str | None = None,
) -> dict[str, Any]:
    versions = {
        lang: {
            "name": name,
            "summary": None,
            "description": None,
            "webAddress": {"url": url, "name": name},
            "supportEmails": [],
            "phoneNumbers": [phone(number, "Charged")],
        }
        for lang, name in names.items()
    }
    return {"contentId": cid, "organizationContentId": org, "allowedConnectionType": "AllOrganizations", "serviceLanguages": list(names), "area": area,
            "publishedAt": published, "migratedAt": None, "serviceChannelType": "TelephoneService", "languageVersions": versions,
            "serviceHours": {"hours": [], "holidayServiceHours": None}}  # fmt: skip


def connection(sid: str, chid: str, published: str) -> dict[str, Any]:
    return {"serviceContentId": sid, "channelContentId": chid, "chargeType": None, "publishedAt": published, "migratedAt": None,
            "contactAddresses": {"streetAddresses": [], "postOfficeBoxAddresses": [], "foreignAddresses": []},
            "serviceHours": {"hours": [], "holidayServiceHours": None}, "languageVersions": {}}  # fmt: skip


def organisation(
    cid: str, kind: str, names: dict[str, str], area: dict[str, Any] | None, published: str
) -> dict[str, Any]:
    versions = {lang: {"name": name, "alternativeName": None, "isAlternativeNamePrimary": False, "description": None, "summary": None,
                       "contactEmails": [], "contactWebPages": [], "contactPhoneNumbers": []} for lang, name in names.items()}  # fmt: skip
    return {"contentId": cid, "parentOrganizationContentId": None, "languageVersions": versions, "businessId": "1234567-8", "oid": None,
            "eInvoiceAddresses": [], "publishedAt": published, "organizationType": kind, "area": area,
            "contactAddresses": {"streetAddresses": [], "postOfficeBoxAddresses": [], "foreignAddresses": []},
            "location": {"streetAddresses": [], "otherAddresses": [], "foreignAddresses": []}}  # fmt: skip


@dataclass
class Dataset:
    services: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    connections: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    organisations: dict[str, dict[str, Any]] = field(default_factory=dict)
    archived: dict[str, dict[str, str]] = field(default_factory=lambda: {k: {} for k in KINDS})
    ontology_terms: dict[str, dict[str, Any]] = field(default_factory=dict)  # uri → OntologyTerm
    clock: datetime = START
    version: int = 0

    def tick(self) -> str:
        self.clock += timedelta(minutes=1)
        return iso(self.clock)

    def _table(self, kind: str) -> dict[Any, dict[str, Any]]:
        return getattr(self, KINDS[kind])  # type: ignore[no-any-return]

    def update(self, kind: str, key: Any, mutate: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
        """Change one record (``kind`` as in the URL: service, service-channel, connection, organization)."""
        record = self._table(kind)[key]
        if mutate:
            mutate(record)
        record["publishedAt"] = self.tick()
        self.version += 1
        return record

    def add(self, kind: str, record: dict[str, Any]) -> None:
        key = (record["serviceContentId"], record["channelContentId"]) if kind == "connection" else record["contentId"]
        record["publishedAt"] = self.tick()
        self._table(kind)[key] = record
        self.version += 1

    def archive(self, kind: str, key: Any) -> None:
        """Archive a record; a service or channel takes its connections with it."""
        when = self.tick()
        del self._table(kind)[key]
        self.archived[kind][key if isinstance(key, str) else key[0]] = when
        if kind in ("service", "service-channel"):
            for pair in [p for p in self.connections if key in p]:
                del self.connections[pair]
                self.archived["connection"][pair[0]] = when
        self.version += 1


def make_region(n_services: int, seed: int = 1, municipalities: tuple[str, ...] = ("205", "765", "290")) -> Dataset:
    """A deterministic region: ~1 service location per service, connections, organisations of every type."""
    with fewer_collections():  # 50 000 services build ~10 M objects; the collector would rescan them often
        return _make_region(n_services, seed, municipalities)


def _make_region(n_services: int, seed: int, municipalities: tuple[str, ...]) -> Dataset:
    rng = random.Random(seed)
    ds = Dataset()
    n_orgs = max(len(ORG_TYPES), n_services // 200)
    orgs = [uid(4, i, seed) for i in range(n_orgs)]
    span = 30 * 86400
    for i, org in enumerate(orgs):
        kind = ORG_TYPES[i % len(ORG_TYPES)]
        area = None if kind == "State" else limited(municipalities[i % len(municipalities)])
        ds.organisations[org] = organisation(
            org, kind, {"fi": f"Organisaatio {i}", "sv": f"Organisation {i}"}, area, iso(START - timedelta(days=31))
        )
        phone_id = uid(3, i, seed)
        ds.channels[phone_id] = telephone(
            phone_id,
            org,
            limited(municipalities[i % len(municipalities)]),
            names={"fi": f"Neuvonta {i}"},
            number=f"0401{i:06d}",
            published=iso(START - timedelta(days=31)),
        )
    terms = list(ONTOLOGY_TERMS)
    for uri, names in ONTOLOGY_TERMS.items():
        ds.ontology_terms[uri] = ontology_term(uri, names)
    for i in range(n_services):
        sid, chid, org = uid(1, i, seed), uid(2, i, seed), orgs[i % n_orgs]
        muni = municipalities[i % len(municipalities)]
        published = iso(START - timedelta(seconds=span - (i * span) // max(n_services, 1)))
        names = {"fi": f"Palvelu {i}", "sv": f"Tjänst {i}"} | ({"en": f"Service {i}"} if i % 3 == 0 else {})
        ds.services[sid] = service(
            sid, org, names=names, area=limited(muni), classes=[TRAY_CLASSES[i % len(TRAY_CLASSES)]], published=published,
            charge=("Free", "Charged", None)[i % 3], targets=["KR1", "KR1.1"] if i % 4 == 0 else ["KR1"],
            summary={"fi": f"Lyhyt kuvaus {i}"}, description={"fi": f"Kuvaus {i}.\n### Otsikko\n* kohta {rng.randint(1, 9)}"},
            keywords={"fi": ["liikunta", f"sana{i % 7}"]}, ontology=[terms[i % len(terms)]] if i % 2 == 0 else [],
        )  # fmt: skip
        east, north = 500_000.0 + rng.random() * 50_000, 7_100_000.0 + rng.random() * 50_000
        ds.channels[chid] = location(
            chid, org, muni, names={"fi": f"Paikka {i}", "sv": f"Plats {i}"}, street={"fi": "Kauppakatu", "sv": "Handelsgatan"},
            detail=str(1 + i % 90), postal="87100", published=published, point=(east, north),
            phones=[phone(f"08{i:07d}")] if i % 2 == 0 else [], emails=[f"info{i}@example.fi"] if i % 5 == 0 else [],
            web=[{"name": "Kotisivu", "url": f"https://example.fi/{i}"}] if i % 5 == 1 else [],
        )  # fmt: skip
        ds.connections[(sid, chid)] = connection(sid, chid, published)
        if i % 10 == 0:
            ds.connections[(sid, uid(3, i % n_orgs, seed))] = connection(sid, uid(3, i % n_orgs, seed), published)
    ds.clock = START + timedelta(hours=1)
    return ds


def make_dataset(
    n_services: int = 30,
    seed: int = 1,
    municipalities: tuple[str, ...] = ("205", "765", "290"),
    foreign: tuple[str, ...] = ("091", "837"),
) -> Dataset:
    """A small region plus awkward neighbours: services and channels of other municipalities, nationwide
    services with and without tray service classes, and a nationwide telephone channel."""
    ds = make_region(n_services, seed, municipalities)
    org = next(iter(ds.organisations))
    state = next(k for k, v in ds.organisations.items() if v["organizationType"] == "State")
    published = iso(START - timedelta(days=40))
    for i, muni in enumerate(foreign):
        sid, chid = uid(5, i, seed), uid(6, i, seed)
        ds.services[sid] = service(
            sid, org, names={"fi": f"Vieras {i}"}, area=limited(muni), classes=["P27.1"], published=published
        )
        ds.channels[chid] = location(
            chid,
            org,
            muni,
            names={"fi": f"Vieras paikka {i}"},
            street={"fi": "Mannerheimintie"},
            detail="1",
            postal="00100",
            published=published,
        )
        ds.connections[(sid, chid)] = connection(sid, chid, published)
    national_phone = uid(7, 0, seed)
    ds.channels[national_phone] = telephone(
        national_phone,
        state,
        {"areaType": "WholeCountry"},
        names={"fi": "Valtakunnallinen neuvonta"},
        number="0295000",
        published=published,
        url="https://www.example.fi/neuvonta",
    )
    for i, (area, classes) in enumerate(
        [("WholeCountry", ["P5.7"]), ("WholeCountryExceptAland", ["P10.1"]), ("WholeCountry", ["P14.1"])]
    ):
        sid = uid(8, i, seed)
        ds.services[sid] = service(
            sid,
            state,
            names={"fi": f"Valtakunnallinen {i}", "sv": f"Riksomfattande {i}"},
            area={"areaType": area},
            classes=classes,
            published=published,
        )
        ds.connections[(sid, national_phone)] = connection(sid, national_phone, published)
    return ds


class V12Api:
    """The route handlers; indexes and encoded pages are rebuilt when the data set's version changes."""

    def __init__(self, dataset: Dataset, array_style: str = "repeat", *, sloppy: bool = False) -> None:
        self.ds, self.array_style, self.sloppy = dataset, array_style, sloppy
        self._version = -1
        self._lists: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        self._pages: dict[tuple[Any, ...], bytes] = {}
        self.by_service: dict[str, list[dict[str, Any]]] = {}
        self.by_channel: dict[str, list[dict[str, Any]]] = {}

    def _fresh(self) -> None:
        if self._version != self.ds.version:
            self._version, self._lists, self._pages = self.ds.version, {}, {}
            self.by_service, self.by_channel = {}, {}
            for (sid, chid), conn in sorted(self.ds.connections.items()):
                self.by_service.setdefault(sid, []).append(conn)
                self.by_channel.setdefault(chid, []).append(conn)

    @staticmethod
    def problem(status: int, title: str, detail: str, **extra: Any) -> Reply:
        body = {
            "title": title,
            "detail": detail,
            "status": status,
            "type": "about:blank",
            "requestId": "fake",
            "instance": "",
            **extra,
        }
        return Reply.json(body, status=status)

    def arr(self, query: dict[str, list[str]], key: str) -> list[str]:
        values = query.get(key, [])
        if self.array_style == "repeat" and any("," in v for v in values):
            raise _Bad(f"{key}: send one value per key")
        if self.array_style == "comma" and len(values) > 1:
            raise _Bad(f"{key}: send one comma-separated value")
        out = [part for v in values for part in v.split(",") if part]
        if len(out) > 20:
            raise _Bad(f"{key}: at most 20 values")
        return out

    def listing(self, path: str, query: dict[str, list[str]], build: Callable[[], list[dict[str, Any]]]) -> Reply:
        try:
            page, size = int(query.get("page", [""])[0]), int(query.get("pageSize", [""])[0])
        except ValueError:
            return self.problem(
                400, "Bad Request", "page and pageSize are required", errors=[{"path": "page", "message": "required"}]
            )
        if not 1 <= size <= 100 or page < 1:
            return self.problem(
                400, "Bad Request", "pageSize must be 1–100", errors=[{"path": "pageSize", "message": "range"}]
            )
        key = (path, tuple(sorted((k, tuple(v)) for k, v in query.items() if k not in ("page", "pageSize"))))
        self._fresh()
        if (key, page, size) not in self._pages:
            if key not in self._lists:
                self._lists[key] = build()
            items = self._lists[key]
            body = {
                "page": page,
                "pageSize": size,
                "totalItems": len(items),
                "totalPages": -(-len(items) // size),
                "items": items[(page - 1) * size : page * size],
            }
            self._pages[(key, page, size)] = json.dumps(body, ensure_ascii=False).encode()
        return Reply(200, self._pages[(key, page, size)], {"Content-Type": "application/json"})

    def _since(self, query: dict[str, list[str]], key: str = "publishedAtOrAfter") -> str | None:
        value = query.get(key, [None])[0]
        return iso(datetime.fromisoformat(value.replace("Z", "+00:00"))) if value else None

    def _area_filter(self, query: dict[str, list[str]]) -> Callable[[dict[str, Any]], bool]:
        kind, munis = query.get("areaType", [None])[0], set(self.arr(query, "municipalities"))
        if any(len(m) != 3 or not m.isdigit() for m in munis):
            raise _Bad("municipalities: ^\\d{3}$")

        def ok(record: dict[str, Any]) -> bool:
            area = record.get("area") or {}
            if self.sloppy or kind is None or not isinstance(area, dict):
                return True  # a malformed record is sent on, so that the client must cope with it
            if area.get("areaType") != kind:
                return False
            return kind != "LimitedArea" or not munis or bool(munis.intersection(area.get("municipalities") or []))

        return ok

    def _search(
        self,
        table: dict[str, dict[str, Any]],
        query: dict[str, list[str]],
        extra: Callable[[dict[str, Any]], bool] | None = None,
    ) -> list[dict[str, Any]]:
        area, since = self._area_filter(query), self._since(query)
        return [
            r
            for _k, r in sorted(table.items())
            if area(r) and (since is None or (r.get("publishedAt") or "") >= since) and (extra is None or extra(r))
        ]

    def service_search(self, q: dict[str, list[str]]) -> list[dict[str, Any]]:
        classes = set(self.arr(q, "serviceClasses"))
        return self._search(
            self.ds.services,
            q,
            (lambda r: bool(classes.intersection(r.get("serviceClasses") or []))) if classes else None,
        )

    def channel_search(self, q: dict[str, list[str]]) -> list[dict[str, Any]]:
        types = set(self.arr(q, "channelTypes"))
        return self._search(self.ds.channels, q, (lambda r: r.get("serviceChannelType") in types) if types else None)

    def organisation_search(self, q: dict[str, list[str]]) -> list[dict[str, Any]]:
        return self._search(self.ds.organisations, q)

    def connection_search(self, q: dict[str, list[str]]) -> list[dict[str, Any]]:
        sids, chids, since = self.arr(q, "serviceContentIds"), self.arr(q, "channelContentIds"), self._since(q)
        if sids or chids:
            found = [c for s in sids for c in self.by_service.get(s, [])] + [
                c for ch in chids for c in self.by_channel.get(ch, [])
            ]
            found = list({(c["serviceContentId"], c["channelContentId"]): c for c in found}.values())
        else:
            found = [c for _k, c in sorted(self.ds.connections.items())]
        return [c for c in found if since is None or (c.get("publishedAt") or "") >= since]

    def ontology_terms(self, q: dict[str, list[str]]) -> list[dict[str, Any]]:
        uris = self.arr(q, "uris")
        terms = self.ds.ontology_terms
        return [terms[u] for u in sorted(set(uris)) if u in terms] if uris else [t for _u, t in sorted(terms.items())]

    def archived(self, kind: str, q: dict[str, list[str]]) -> list[dict[str, Any]]:
        since = self._since(q, "archivedAtOrAfter")
        if since is None:
            raise _Bad("archivedAtOrAfter is required")
        return [{"contentId": cid} for cid, when in sorted(self.ds.archived[kind].items()) if when >= since]

    def by_id(self, kind: str, rest: str) -> Reply:
        table = self.ds._table(kind)
        key: Any = tuple(rest.split("/", 1)) if kind == "connection" else rest
        if key in table:
            return Reply.json(table[key])
        reason = "NotPublished" if (key if isinstance(key, str) else key[0]) in self.ds.archived[kind] else "Unknown"
        return self.problem(404, "Not Found", f"{kind} not found", reason=reason)


class _Bad(ValueError):
    pass


def install_v12(server: FakeServer, dataset: Dataset, *, array_style: str = "repeat", sloppy: bool = False) -> V12Api:
    """Serve ``dataset`` under ``/api/v12/``. ``array_style``: ``repeat`` | ``comma`` | ``both`` (what the
    server accepts); ``sloppy`` makes the searches ignore area filters (a server that sends too much)."""
    api = V12Api(dataset, array_style, sloppy=sloppy)
    # Headers and body go out in two writes; without TCP_NODELAY every answer waits ~40 ms for a delayed ACK.
    server.httpd.RequestHandlerClass.disable_nagle_algorithm = True  # type: ignore[attr-defined]

    def listed(path: str, build: Callable[[dict[str, list[str]]], list[dict[str, Any]]]) -> Handler:
        def handle(q: dict[str, list[str]]) -> Reply:
            try:
                return api.listing(path, q, lambda: build(q))
            except _Bad as exc:
                return api.problem(
                    400, "Bad Request", str(exc), errors=[{"path": str(exc).split(":")[0], "message": str(exc)}]
                )

        return handle

    server.route(BASE + "service/search", listed("service/search", api.service_search))
    server.route(BASE + "service-channel/search", listed("service-channel/search", api.channel_search))
    server.route(BASE + "connection/search", listed("connection/search", api.connection_search))
    server.route(BASE + "organization/search", listed("organization/search", api.organisation_search))
    server.route(BASE + "ontology-terms", listed("ontology-terms", api.ontology_terms))
    for kind in KINDS:
        server.route(BASE + f"{kind}/archived", listed(f"{kind}/archived", lambda q, k=kind: api.archived(k, q)))
    prefixes = [(BASE + f"{kind}/", kind) for kind in KINDS]
    server.routes = _Routes(server.routes, [(p, lambda rest, k=k: api.by_id(k, rest)) for p, k in prefixes])
    return api


class _Routes(dict[str, Handler]):
    """Exact routes first, then by-id prefixes (``/api/v12/service/<id>``): FakeServer looks routes up with
    ``.get(path)``, so this adds path parameters without changing the server."""

    def __init__(self, exact: dict[str, Handler], prefixes: list[tuple[str, Callable[[str], Reply]]]) -> None:
        super().__init__(exact)
        self.prefixes = prefixes

    def get(self, path: str, default: Any = None) -> Any:  # type: ignore[override]
        handler = super().get(path)
        if handler is not None:
            return handler
        for prefix, by_id in self.prefixes:
            rest = path[len(prefix) :]
            if path.startswith(prefix) and rest:
                return lambda _q, rest=rest, fn=by_id: fn(rest)
        return default
