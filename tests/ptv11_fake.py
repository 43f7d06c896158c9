"""A PTV v11-shaped dataset and its routes on a :class:`tests.fakeserver.FakeServer`.

``make_dataset()`` builds a deterministic set of services and channels for three Kainuu municipalities
(205 Kajaani, 765 Sotkamo, 290 Kuhmo) and one outside the region (091 Helsinki), plus a nationwide phone
line and web service. ``install_v11(server, dataset)`` answers under ``/api/v11/`` the way v11 does:

* ``Service/list/area/Municipality/code/{c}?includeWholeCountry=&page=`` and ``ServiceChannel/list/area/…`` —
  full-data pages (``dataset.page_size``, 100 like PTV; tests lower it to force several pages);
* ``Service/area/Municipality/code/{c}?date=&page=`` and ``ServiceChannel/area/…`` — id pages of items
  modified at or after ``date`` (``yyyy-MM-ddTHH:mm:ss``);
* ``Service/list?guids=`` / ``ServiceChannel/list?guids=`` — ≤100 GUIDs, 404 "… not found." when none;
* ``Service?status=Archived|Withdrawn&date=`` (and ``ServiceChannel``) — id pages of removed items;
* ``Service/{id}``, ``ServiceChannel/{id}`` — one item, 404 when archived or withdrawn;
* ``Service/serviceChannel/{channelId}`` — id page of the services connected to a channel;
* ``Organization/list?guids=`` — ≤100 organisations (``V10VmOpenApiOrganization`` shape), 404 when none.

The dataset is mutable between runs (``touch``, ``remove``, ``add_service``…). By-id routes exist for the ids
known when ``install_v11`` ran: call it again after adding records.
"""

from __future__ import annotations

import copy
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.fakeserver import FakeServer, Handler, Reply

PREFIX = "/api/v11/"
BASE_TIME = datetime(2025, 5, 1, 8, 0, 0, tzinfo=UTC)
_NS = uuid.UUID("6f1c1d64-3b1e-4c55-9d57-2a0b8e0c7a11")

# code: (fi, sv, northing, easting) — a point near the centre, EPSG:3067
MUNICIPALITIES: dict[str, tuple[str, str, float, float]] = {
    "205": ("Kajaani", "Kajana", 7124000.0, 541000.0),
    "765": ("Sotkamo", "Sotkamo", 7114000.0, 575000.0),
    "290": ("Kuhmo", "Kuhmo", 7110000.0, 627000.0),
    "091": ("Helsinki", "Helsingfors", 6672000.0, 385000.0),
}
KAINUU = ("205", "765", "290")
CLASSES = ("P27.1", "P25.1", "P5.7", "P4.13", "P5.17")
TOPICS = ("Kuntosali", "Kirjasto", "Päihdeneuvonta", "Sosiaalineuvonta", "Terveysneuvonta")


def guid(*parts: object) -> str:
    return str(uuid.uuid5(_NS, "-".join(str(p) for p in parts)))


def iso(when: datetime) -> str:
    """PTV style: ``2025-05-02T08:11:03.12Z``."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-4] + "Z"


def loc(fi: str | None = None, sv: str | None = None, en: str | None = None, type_: str | None = None) -> list[dict]:
    out = []
    for lang, value in (("fi", fi), ("sv", sv), ("en", en)):
        if value is not None:
            item = {"language": lang, "value": value}
            if type_:
                item["type"] = type_
            out.append(item)
    return out


def area(code: str) -> dict[str, Any]:
    fi, sv, _n, _e = MUNICIPALITIES.get(code, (code, code, 0, 0))
    return {"type": "Municipality", "code": code, "name": loc(fi, sv)}


def weekly_hours(
    *spans: tuple[str, str | None, str, str], closed: bool = False, reservation: bool = False
) -> dict[str, Any]:
    return {
        "serviceHourType": "DaysOfTheWeek",
        "validFrom": None,
        "validTo": None,
        "isClosed": closed,
        "validForNow": True,
        "isAlwaysOpen": False,
        "isReservation": reservation,
        "additionalInformation": [],
        "openingHour": [{"dayFrom": a, "dayTo": b, "from": f, "to": t} for a, b, f, t in spans],
    }


def location_channel(
    cid: str,
    code: str,
    name: str,
    *,
    street: str = "Kauppakatu",
    number: str = "1",
    coords: tuple[str | None, str | None] | None = None,
    state: str = "Ok",
    hours: list[dict] | None = None,
    modified: datetime = BASE_TIME,
    email_key: str = "emails",
) -> dict[str, Any]:
    fi, sv, northing, easting = MUNICIPALITIES[code]
    lat, lon = coords if coords is not None else (f"{northing:.1f}", f"{easting:.1f}")
    return {
        "id": cid,
        "serviceChannelType": "ServiceLocation",
        "organizationId": guid("org", code),
        "serviceChannelNames": loc(name, None, None, "Name"),
        "serviceChannelDescriptions": loc("Käyntiosoite.", None, None, "Summary"),
        "areaType": "LimitedType",
        "areas": [area(code)],
        "languages": ["fi"],
        "webPages": [],
        "phoneNumbers": [
            {
                "type": "Phone",
                "prefixNumber": "+358",
                "number": "8 6155 " + str(zlib.crc32(cid.encode()) % 9000 + 1000),
                "isFinnishServiceNumber": False,
                "serviceChargeType": "FreeOfCharge",
                "chargeDescription": None,
                "additionalInformation": "Neuvonta",
                "language": "fi",
            }
        ],
        email_key: [{"value": f"info.{code}@example.fi", "language": "fi"}],
        "addresses": [
            {
                "type": "Location",
                "subType": "Single",
                "streetAddress": {
                    "street": loc(street, street + "n" if street else None),
                    "streetNumber": number,
                    "postalCode": "87100",
                    "postOffice": loc(fi.upper(), sv.upper()),
                    "municipality": {"code": code, "name": loc(fi, sv)},
                    "additionalInformation": [],
                    "latitude": lat,
                    "longitude": lon,
                    "coordinateState": state,
                },
            }
        ],
        "serviceHours": hours
        if hours is not None
        else [weekly_hours(("Monday", "Friday", "08:00:00", "16:00:00"), ("Saturday", None, "10:00:00", "14:00:00"))],
        "publishingStatus": "Published",
        "modified": iso(modified),
    }


def phone_channel(cid: str, name: str, number: str, modified: datetime = BASE_TIME) -> dict[str, Any]:
    return {
        "id": cid,
        "serviceChannelType": "Phone",
        "serviceChannelNames": loc(name, None, None, "Name"),
        "areaType": "Nationwide",
        "areas": [],
        "languages": ["fi", "sv"],
        "webPages": [],
        "phoneNumbers": [
            {
                "type": "Phone",
                "prefixNumber": None,
                "number": number,
                "isFinnishServiceNumber": True,
                "serviceChargeType": "Chargeable",
                "chargeDescription": "Puhelun hinta pvm/mpm",
                "additionalInformation": None,
                "language": "fi",
            }
        ],
        "supportEmails": [{"value": "tuki@example.fi", "language": "fi"}],
        "serviceHours": [weekly_hours(("Monday", "Sunday", "00:00:00", "00:00:00"))],
        "publishingStatus": "Published",
        "modified": iso(modified),
    }


def web_channel(cid: str, name: str, url: str, modified: datetime = BASE_TIME) -> dict[str, Any]:
    return {
        "id": cid,
        "serviceChannelType": "WebPage",
        "serviceChannelNames": loc(name, None, None, "Name"),
        "areaType": "Nationwide",
        "areas": [],
        "languages": ["fi"],
        "webPages": [{"url": url, "value": name, "language": "fi"}],
        "supportPhones": [],
        "supportEmails": [],
        "serviceHours": [],
        "publishingStatus": "Published",
        "modified": iso(modified),
    }


def service(
    sid: str,
    name_fi: str,
    *,
    codes: tuple[str, ...] = (),
    nationwide: bool = False,
    classes: tuple[str, ...] = ("P27.1",),
    name_sv: str | None = None,
    summary: str | None = "Lyhyt kuvaus.",
    description: str | None = "Kuvaus.\n* kohta 1\n* kohta 2",
    charge: str = "FreeOfCharge",
    modified: datetime = BASE_TIME,
    alternative: str | None = None,
    ontology: tuple[tuple[str, str, str], ...] = (),
) -> dict[str, Any]:
    descs = loc(summary, None, None, "Summary") + loc(description, None, None, "Description")
    return {
        "id": sid,
        "type": "Service",
        "fundingType": "PubliclyFunded",
        "serviceNames": loc(name_fi, name_sv, None, "Name") + loc(alternative, None, None, "AlternativeName"),
        "serviceChargeType": charge,
        "areaType": "Nationwide" if nationwide else "LimitedType",
        "areas": [] if nationwide else [area(c) for c in codes],
        "serviceDescriptions": descs,
        "languages": ["fi", "sv"],
        "serviceClasses": [
            {"code": c, "name": loc(c), "uri": f"http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/{c}"}
            for c in classes
        ],
        "targetGroups": [{"code": "KR1", "name": loc("Kansalaiset")}],
        # the classification item shape: labels per language in name[] (SRC VmOpenApiFintoItemVersionBase)
        "ontologyTerms": [
            {"code": None, "name": loc(*labels), "uri": f"http://www.yso.fi/onto/koko/p{n}", "ontologyType": "KOKO"}
            for n, labels in enumerate(ontology, start=1)
        ],
        "keywords": loc("hyvinvointi", "välbefinnande"),
        "serviceChannels": None,
        "organizations": [
            {
                "organization": {
                    "id": guid("org", codes[0] if codes else "state"),
                    "name": "Kunta" if codes else "Valtio",
                },
                "roleType": "Responsible",
                "provisionType": None,
                "additionalInformation": [],
            }
        ],
        "publishingStatus": "Published",
        "modified": iso(modified),
    }


def organisation(oid: str, kind: str, fi: str, sv: str | None = None, en: str | None = None) -> dict[str, Any]:
    """An organisation record in the v11 shape (FIX ``V10VmOpenApiOrganization.json``, trimmed)."""
    return {
        "id": oid,
        "sourceId": None,
        "oid": None,
        "parentOrganizationId": None,
        "organizationType": kind,
        "businessCode": "0123456-7",
        "businessName": fi,
        "organizationNames": loc(fi, sv, en, "Name"),
        "displayNameType": [{"type": "Name", "language": lang} for lang, v in (("fi", fi), ("sv", sv)) if v],
        "areaType": "LimitedType",
        "organizationDescriptions": [],
        "publishingStatus": "Published",
        "modified": iso(BASE_TIME),
    }


# code: (fi, sv) names of the municipality organisations (the services' own record calls them "Kunta")
ORGANISATIONS: dict[str, tuple[str, str]] = {
    "205": ("Kajaanin kaupunki", "Kajana stad"),
    "765": ("Sotkamon kunta", "Sotkamo kommun"),
    "290": ("Kuhmon kaupunki", "Kuhmo stad"),
    "091": ("Helsingin kaupunki", "Helsingfors stad"),
}


@dataclass
class V11Dataset:
    services: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    organisations: dict[str, dict[str, Any]] = field(default_factory=dict)
    removed: dict[str, tuple[str, datetime]] = field(default_factory=dict)  # id -> (Archived|Withdrawn, when)
    page_size: int = 100
    id_page_size: int = 1000

    # --- building and mutating ----------------------------------------------------------------------

    def add_service(self, record: dict[str, Any]) -> str:
        self.services[str(record["id"])] = record
        return str(record["id"])

    def add_channel(self, record: dict[str, Any]) -> str:
        self.channels[str(record["id"])] = record
        return str(record["id"])

    def connect(self, sid: str, cid: str) -> None:
        svc = self.services[sid]
        conns = svc.get("serviceChannels") or []
        name = self.channels[cid]["serviceChannelNames"][0]["value"] if cid in self.channels else ""
        conns.append({"serviceChannel": {"id": cid, "name": name}, "serviceHours": [], "modified": svc["modified"]})
        svc["serviceChannels"] = conns

    def touch(self, ident: str, when: datetime) -> dict[str, Any]:
        record = self.services.get(ident) or self.channels[ident]
        record["modified"] = iso(when)
        return record

    def remove(self, ident: str, when: datetime, status: str = "Archived") -> None:
        self.removed[ident] = (status, when)

    # --- views --------------------------------------------------------------------------------------

    def published(self, table: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for i, r in table.items() if i not in self.removed]

    def channel_body(self, record: dict[str, Any]) -> dict[str, Any]:
        body = copy.deepcopy(record)
        cid = record.get("id")
        body["services"] = [
            {"service": {"id": s["id"], "name": s["serviceNames"][0]["value"]}, "serviceHours": []}
            for s in self.published(self.services)
            if isinstance(s.get("serviceChannels"), list)
            and any(
                (c.get("serviceChannel") or {}).get("id") == cid for c in s["serviceChannels"] if isinstance(c, dict)
            )
        ]
        return body

    def in_area(self, record: dict[str, Any], code: str, whole_country: bool) -> bool:
        if record.get("areaType") in ("Nationwide", "NationwideExceptAlandIslands"):
            return whole_country
        areas = record.get("areas") if isinstance(record.get("areas"), list) else []
        if any(isinstance(a, dict) and a.get("code") == code for a in areas):
            return True
        addresses = record.get("addresses") if isinstance(record.get("addresses"), list) else []
        for addr in addresses:
            street = addr.get("streetAddress") if isinstance(addr, dict) else None
            muni = street.get("municipality") if isinstance(street, dict) else None
            if isinstance(muni, dict) and muni.get("code") == code:
                return True
        return False


def make_dataset(per_municipality: int = 3, page_size: int = 100) -> V11Dataset:
    """Deterministic v11 data: ``per_municipality`` services (each with a service location) in every
    municipality of :data:`MUNICIPALITIES`, a nationwide phone line and web page shared by some, one
    nationwide sports service (class P27.1.2) and one nationwide tax service (P14.1)."""
    ds = V11Dataset(page_size=page_size)
    for code, (org_fi, org_sv) in ORGANISATIONS.items():
        ds.organisations[guid("org", code)] = organisation(guid("org", code), "Municipality", org_fi, org_sv)
    ds.organisations[guid("org", "state")] = organisation(
        guid("org", "state"), "State", "Digi- ja väestötietovirasto", "Myndigheten för digitalisering och befolkningsdata",
        "Digital and Population Data Services Agency",
    )
    phone = ds.add_channel(phone_channel(guid("ch", "phone"), "Neuvontapuhelin", "0800 12345"))
    web = ds.add_channel(web_channel(guid("ch", "web"), "Verkkopalvelu", "https://example.fi/palvelu"))
    n = 0
    for code, (fi, _sv, _north, _east) in MUNICIPALITIES.items():
        for i in range(per_municipality):
            topic = TOPICS[n % len(TOPICS)]
            sid = ds.add_service(
                service(
                    guid("svc", code, i),
                    f"{topic} {fi} {i + 1}",
                    codes=(code,),
                    classes=(CLASSES[n % len(CLASSES)],),
                    name_sv=f"{topic} sv {fi} {i + 1}" if i % 2 == 0 else None,
                    modified=BASE_TIME + timedelta(minutes=n),
                    alternative=f"{topic}vuoro" if n == 0 else None,
                    ontology=(("kuntosaliharjoittelu", "gymträning", "gym training"),) if n == 0 else (),
                )
            )
            cid = ds.add_channel(
                location_channel(
                    guid("ch", code, i),
                    code,
                    f"{topic}piste {fi}",
                    number=str(i + 1),
                    modified=BASE_TIME + timedelta(minutes=n),
                )
            )
            ds.connect(sid, cid)
            if i == 0:
                ds.connect(sid, phone)
                ds.connect(sid, web)
            n += 1
    ds.add_service(
        service(guid("svc", "nation", "sport"), "Liikuntaneuvonta verkossa", nationwide=True, classes=("P27.1.2",))
    )
    ds.connect(guid("svc", "nation", "sport"), web)
    ds.add_service(service(guid("svc", "nation", "tax"), "Verokortti", nationwide=True, classes=("P14.1",)))
    return ds


# --- routes -----------------------------------------------------------------------------------------------


def _page(items: list[Any], query: dict[str, list[str]], size: int) -> Reply:
    try:
        page = int((query.get("page") or ["1"])[0])
    except ValueError:
        return Reply.json({"message": "page must be a number"}, status=400)
    page = max(page, 1)
    count = (len(items) + size - 1) // size
    return Reply.json(
        {"pageNumber": page, "pageSize": size, "pageCount": count, "itemList": items[(page - 1) * size : page * size]}
    )


def _since(query: dict[str, list[str]]) -> datetime | None | Reply:
    raw = (query.get("date") or [""])[0]
    if not raw:
        return None
    try:
        return datetime.strptime(raw, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return Reply.json({"message": "date must be yyyy-MM-ddTHH:mm:ss"}, status=400)


def _modified(record: dict[str, Any]) -> datetime:
    value = record.get("modified")
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return BASE_TIME


def _ids(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in records:
        names = r.get("serviceNames") or r.get("serviceChannelNames") or []
        name = names[0].get("value") if isinstance(names, list) and names and isinstance(names[0], dict) else None
        out.append({"id": r.get("id"), "name": name})
    return out


def _whole_country(q: dict[str, list[str]]) -> bool:
    return (q.get("includeWholeCountry") or ["false"])[0].lower() == "true"


class _V11Handlers:
    """Makes the handler of each v11 route, answering from ``ds`` as it is when the request arrives."""

    word = {"Service": "Services", "ServiceChannel": "Service channels", "Organization": "Organizations"}

    def __init__(self, ds: V11Dataset) -> None:
        self.ds = ds
        self.tables = {"Service": ds.services, "ServiceChannel": ds.channels, "Organization": ds.organisations}

    def body(self, kind: str, record: dict[str, Any]) -> dict[str, Any]:
        return self.ds.channel_body(record) if kind == "ServiceChannel" else record

    def full_list(self, kind: str, code: str) -> Handler:
        ds = self.ds

        def handler(q: dict[str, list[str]]) -> Reply:
            whole = _whole_country(q)
            items = [self.body(kind, r) for r in ds.published(self.tables[kind]) if ds.in_area(r, code, whole)]
            return _page(items, q, ds.page_size)

        return handler

    def id_list(self, kind: str, code: str) -> Handler:
        ds = self.ds

        def handler(q: dict[str, list[str]]) -> Reply:
            since = _since(q)
            if isinstance(since, Reply):
                return since
            whole = _whole_country(q)
            items = [
                r
                for r in ds.published(self.tables[kind])
                if ds.in_area(r, code, whole) and (since is None or _modified(r) >= since)
            ]
            return _page(_ids(items), q, ds.id_page_size)

        return handler

    def by_guids(self, kind: str) -> Handler:
        ds = self.ds

        def handler(q: dict[str, list[str]]) -> Reply:
            wanted = [g.strip().lower() for v in q.get("guids", []) for g in v.split(",") if g.strip()]
            if len(wanted) > 100:
                return Reply.json({"message": "Maximum of 100 guids allowed."}, status=400)
            found = [
                self.body(kind, r) for i, r in self.tables[kind].items() if i.lower() in wanted and i not in ds.removed
            ]
            if not found:
                return Reply.json({"message": f"{self.word[kind]} not found."}, status=404)
            return Reply.json(found)

        return handler

    def status_list(self, kind: str) -> Handler:
        ds = self.ds

        def handler(q: dict[str, list[str]]) -> Reply:
            since = _since(q)
            if isinstance(since, Reply):
                return since
            status = (q.get("status") or ["Published"])[0]
            if status == "Published":
                items = [r for r in ds.published(self.tables[kind]) if since is None or _modified(r) >= since]
                return _page(_ids(items), q, ds.id_page_size)
            gone = [
                {"id": i, "name": None}
                for i, (st, when) in ds.removed.items()
                if i in self.tables[kind] and st == status and (since is None or when >= since)
            ]
            return _page(gone, q, ds.id_page_size)

        return handler

    def one(self, kind: str, ident: str) -> Handler:
        ds = self.ds

        def handler(q: dict[str, list[str]]) -> Reply:
            record = self.tables[kind].get(ident)
            if record is None or ident in ds.removed:
                return Reply.json({"message": f"{self.word[kind]} not found."}, status=404)
            return Reply.json(self.body(kind, record))

        return handler

    def services_of_channel(self, cid: str) -> Handler:
        ds = self.ds

        def handler(q: dict[str, list[str]]) -> Reply:
            items = [
                s
                for s in ds.published(ds.services)
                if isinstance(s.get("serviceChannels"), list)
                and any(
                    (c.get("serviceChannel") or {}).get("id") == cid
                    for c in s["serviceChannels"]
                    if isinstance(c, dict)
                )
            ]
            return _page(_ids(items), q, ds.id_page_size)

        return handler


def install_v11(server: FakeServer, ds: V11Dataset, codes: tuple[str, ...] | None = None) -> None:
    """Register the v11 routes for ``ds`` on ``server`` (again after adding records, for by-id routes)."""
    codes = codes or tuple(MUNICIPALITIES)
    # Headers and body go out in two writes; without TCP_NODELAY every answer waits ~40 ms for the
    # client's delayed ACK (Nagle), which makes a 30-request sync take a second.
    server.httpd.RequestHandlerClass.disable_nagle_algorithm = True  # type: ignore[attr-defined]
    handlers = _V11Handlers(ds)
    for kind in ("Service", "ServiceChannel"):
        for code in codes:
            server.route(f"{PREFIX}{kind}/list/area/Municipality/code/{code}", handlers.full_list(kind, code))
            server.route(f"{PREFIX}{kind}/area/Municipality/code/{code}", handlers.id_list(kind, code))
        server.route(f"{PREFIX}{kind}/list", handlers.by_guids(kind))
        server.route(f"{PREFIX}{kind}", handlers.status_list(kind))
        for ident in list(handlers.tables[kind]):
            server.route(f"{PREFIX}{kind}/{ident}", handlers.one(kind, ident))
    for cid in list(ds.channels):
        server.route(f"{PREFIX}Service/serviceChannel/{cid}", handlers.services_of_channel(cid))
    server.route(f"{PREFIX}Organization/list", handlers.by_guids("Organization"))
