"""PTV v12 records → tray model: services, channels, connections and organisations, all untrusted.

The shapes follow the v12 OpenAPI document (``ServiceResponse``, ``ServiceLocationChannelResponse``,
``PhoneChannelResponse``, ``ConnectionResponse``, ``OrganizationResponse``). Every text goes through
:mod:`kiosk.textclean`; a structural surprise (a number where text belongs, a list where an object belongs,
no ``languageVersions``) raises :class:`RecordError` naming the record and the field, so the fetcher can
skip that record with a warning and keep the rest.

Notes on choices the API leaves open:

* v12 addresses carry no municipality. A location's municipality is the channel's own
  ``area.municipalities`` when that has exactly one code, else the item's single area code, else ``None``.
* Coordinates are used only when ``system == "EPSG:3067"`` and inside Finland; other points are dropped.
* Weekly hours (``WeeklyUntilFurtherNoticeServiceHour``, ``WeeklyDateRangeServiceHour``) become
  :class:`OpeningRule` rows; odd/even-week repetition, continuous, exceptional and holiday hours are not
  modelled yet. A connection's own hours win over the channel's hours.
* ``source_url`` stays ``None``: no documented public web address for a v12 content id was found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from kiosk.model import (
    EASTING_RANGE,
    NORTHING_RANGE,
    Cost,
    HoursKind,
    Location,
    OpeningRule,
    Organisation,
    OrgType,
    Phone,
    TrayItem,
    ValidationError,
    WebLink,
)
from kiosk.textclean import MAX_SUMMARY, name_texts, plain, safe_email, safe_link, texts

NATIONWIDE = ("WholeCountry", "WholeCountryExceptAland")
ONLINE_CHANNELS = frozenset({"TelephoneService", "EService", "WebPage"})
# OrganizationType enum of the v12 OpenAPI: State | Municipality | RegionalOrganization | Organization | Company.
ORG_TYPES: dict[str, OrgType] = {"Municipality": "municipality", "RegionalOrganization": "county"}
ORG_TYPES.update({"State": "state", "Company": "company", "Organization": "ngo"})
SERVICE_COSTS: dict[str, Cost] = {"Free": "free", "Charged": "charged"}
PHONE_COSTS: dict[str, Cost] = {"Free": "free", "Charged": "charged", "ExtraCharge": "charged"}
OPENING: dict[str, HoursKind] = {"Open": "open", "OpenOnReservation": "reservation", "Closed": "closed"}
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKLY_HOURS = ("WeeklyUntilFurtherNoticeServiceHour", "WeeklyDateRangeServiceHour")
MAX_KEYWORD = 100


_WHAT: dict[type, str] = {dict: "an object", list: "a list", str: "text"}


class RecordError(ValueError):
    """One record cannot be used; the message names the record and the field."""


class Rec:
    """Typed access to one raw record, raising :class:`RecordError` that names kind, id and field."""

    def __init__(self, kind: str, cid: str) -> None:
        self.kind = kind
        self.cid = cid

    def fail(self, name: str, problem: str) -> RecordError:
        return RecordError(f"PTV {self.kind} {self.cid}: {name}: {problem}; record skipped")

    def typed(self, value: Any, kind: type, name: str) -> Any:
        if value is not None and not isinstance(value, kind):
            raise self.fail(name, f"expected {_WHAT[kind]}, got {type(value).__name__}")
        return value

    def obj(self, data: Any, key: str, name: str = "") -> dict[str, Any] | None:
        return self.typed(data.get(key), dict, name or key)  # type: ignore[no-any-return]

    def arr(self, data: Any, key: str, name: str = "") -> list[Any]:
        return self.typed(data.get(key), list, name or key) or []

    def text(self, data: Any, key: str, name: str = "") -> str | None:
        return self.typed(data.get(key), str, name or key)  # type: ignore[no-any-return]

    def strings(self, data: Any, key: str) -> tuple[str, ...]:
        values = [self.typed(v, str, f"{key}[]") for v in self.arr(data, key)]
        return tuple(v.strip() for v in values if v and v.strip())

    def langs(self, data: Any) -> dict[str, dict[str, Any]]:
        """``languageVersions`` as {lang: object}; null languages are left out; missing is an error."""
        versions = self.obj(data, "languageVersions")
        if versions is None:
            raise self.fail("languageVersions", "missing")
        return {str(k): self.typed(v, dict, f"languageVersions.{k}") for k, v in versions.items() if v is not None}

    def per_lang(self, versions: dict[str, dict[str, Any]], key: str) -> dict[str, str]:
        found = {lang: self.text(v, key, f"languageVersions.{lang}.{key}") for lang, v in versions.items()}
        return {lang: text for lang, text in found.items() if text}


def content_id(record: Any) -> str | None:
    """The record's ``contentId`` when it is a usable id (letters, digits, ``-``, ``.``, ``_``)."""
    cid = record.get("contentId") if isinstance(record, dict) else None
    ok = isinstance(cid, str) and 0 < len(cid) <= 100 and all(c.isalnum() or c in "-._" for c in cid)
    return cid if ok else None


def parse_time(value: object) -> datetime | None:
    """An ISO timestamp as an aware UTC datetime; ``None`` when missing or unreadable."""
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00")) if isinstance(value, str) else None
    except ValueError:
        return None
    return None if when is None else (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def area_of(rec: Rec, data: Any) -> tuple[bool, tuple[str, ...]]:
    """``(nationwide, municipality codes)`` of a record's ``area`` (3-digit codes only)."""
    area = rec.obj(data, "area")
    if area is None:
        return False, ()
    kind = area.get("areaType")
    if kind in NATIONWIDE:
        return True, ()
    codes = rec.strings(area, "municipalities")
    return False, tuple(dict.fromkeys(c for c in codes if len(c) == 3 and c.isdigit()))


@dataclass
class Contacts:
    phones: dict[str, dict[str, Any]] = field(default_factory=dict)
    web: dict[tuple[str, str], WebLink] = field(default_factory=dict)
    emails: dict[str, None] = field(default_factory=dict)

    def add_phones(self, rec: Rec, items: list[Any], lang: str, name: str) -> None:
        """Domestic and international numbers (``dialCode`` + ``number``); fax and SMS are left out."""
        for item in items:
            rec.typed(item, dict, name)
            if not item or item.get("type") not in ("DomesticPhone", "InternationalPhone"):
                continue
            number, dial = (plain(rec.text(item, k, name), 40, single_line=True) for k in ("number", "dialCode"))
            if number:
                full = f"{dial} {number}" if dial and not number.startswith("+") else number
                entry = self.phones.setdefault(full, {"info": {}, "charge": "unknown", "charge_info": {}})
                entry["charge"] = PHONE_COSTS.get(str(item.get("chargeType")), entry["charge"])
                for key, field_name in (("additionalInformation", "info"), ("chargeDescription", "charge_info")):
                    if text := plain(rec.text(item, key, name), 150, single_line=True):
                        entry[field_name][lang] = text

    def add_web(self, url: object, title: object, lang: str) -> None:
        link = safe_link(url)
        if link and (link, lang) not in self.web:
            shown = plain(title, 200, single_line=True) or None
            self.web[(link, lang)] = WebLink(link, shown, lang if lang.isalpha() and len(lang) <= 3 else None)

    def add_emails(self, items: list[Any]) -> None:
        for item in items:
            if address := safe_email(item.get("email") if isinstance(item, dict) else item):
                self.emails[address] = None

    def phone_tuple(self) -> tuple[Phone, ...]:
        out = []
        for number, entry in self.phones.items():
            try:
                out.append(Phone(number, entry["info"], entry["charge"], entry["charge_info"]))
            except ValidationError:
                continue
        return tuple(out)


def _contacts_from_version(rec: Rec, c: Contacts, lang: str, version: dict[str, Any]) -> None:
    for key in ("contactPhoneNumbers", "phoneNumbers", "supportPhoneNumbers"):
        name = f"languageVersions.{lang}.{key}"
        c.add_phones(rec, rec.arr(version, key, name), lang, name)
    for key in ("contactEmails", "supportEmails"):
        c.add_emails(rec.arr(version, key, f"languageVersions.{lang}.{key}"))
    for page in rec.arr(version, "contactWebPages", f"languageVersions.{lang}.contactWebPages"):
        if isinstance(page, dict):
            c.add_web(page.get("url"), page.get("name"), lang)
    address = rec.obj(version, "webAddress", f"languageVersions.{lang}.webAddress")
    if address:
        c.add_web(address.get("url"), address.get("name"), lang)


def _hhmm(value: object) -> str:
    """``hh:mm`` (also from ``hh:mm:ss``); ``""`` when unreadable, which the model then rejects."""
    parts = value.strip().split(":") if isinstance(value, str) else []
    ok = len(parts) >= 2 and all(p.isdigit() and len(p) <= 2 for p in parts[:2])
    return f"{int(parts[0]):02d}:{int(parts[1]):02d}" if ok else ""


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


def parse_hours(rec: Rec, data: Any) -> tuple[OpeningRule, ...]:
    """Weekly opening rules from a ``serviceHours`` object (weekday 0 = Monday)."""
    hours = rec.obj(data, "serviceHours")
    if hours is None:
        return ()
    rules: list[OpeningRule] = []
    for entry in rec.arr(hours, "hours", "serviceHours.hours"):
        if not isinstance(entry, dict) or entry.get("type") not in WEEKLY_HOURS:
            continue
        valid_from, valid_to = _day(entry.get("fromDate")), _day(entry.get("toDate"))
        week = rec.obj(entry, "weeklyHours", "serviceHours.hours.weeklyHours") or {}
        for weekday, day in enumerate(DAYS):
            slots = rec.obj(week, day, f"serviceHours.weeklyHours.{day}")
            for slot in rec.arr(slots or {}, "hours", f"serviceHours.weeklyHours.{day}.hours"):
                if not isinstance(slot, dict):
                    continue
                kind = OPENING.get(str(slot.get("openingStatus")), "open")
                notes = slot.get("additionalInformation")
                notes = name_texts(notes if isinstance(notes, dict) else None)
                start, end = _hhmm(slot.get("start")), _hhmm(slot.get("end"))
                try:
                    rules.append(OpeningRule(weekday, start, end, kind, valid_from, valid_to, notes))
                except ValidationError:
                    continue  # a slot with unreadable times is left out, the rest of the week stays
    return tuple(rules)


@dataclass
class Channel:
    id: str
    type: str
    municipality: str | None
    published_at: datetime | None
    contacts: Contacts
    location: dict[str, Any] | None = None
    hours: tuple[OpeningRule, ...] = ()


@dataclass
class Connection:
    service_id: str
    channel_id: str
    published_at: datetime | None
    contacts: Contacts
    hours: tuple[OpeningRule, ...] = ()


def _point(rec: Rec, address: dict[str, Any]) -> tuple[float, float] | None:
    for coord in rec.arr(address, "coordinates", "location.coordinates"):
        if not isinstance(coord, dict) or coord.get("system") != "EPSG:3067":
            continue
        east, north = coord.get("easting"), coord.get("northing")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (east, north)):
            continue
        east, north = float(east or 0), float(north or 0)
        if EASTING_RANGE[0] <= east <= EASTING_RANGE[1] and NORTHING_RANGE[0] <= north <= NORTHING_RANGE[1]:
            return east, north
    return None


def parse_channel(data: Any) -> Channel:
    cid = content_id(data)
    if cid is None:
        raise RecordError("PTV channel without a usable contentId; record skipped")
    rec = Rec("channel", cid)
    versions = rec.langs(data)
    kind = rec.text(data, "serviceChannelType") or ""
    _nationwide, munis = area_of(rec, data)
    contacts = Contacts()
    for lang, version in versions.items():
        _contacts_from_version(rec, contacts, lang, version)
    channel = Channel(cid, kind, munis[0] if len(munis) == 1 else None, parse_time(data.get("publishedAt")), contacts)
    channel.hours = parse_hours(rec, data)
    if kind == "ServiceLocation":
        place = rec.obj(data, "location") or {}
        streets = rec.arr(place, "streetAddresses", "location.streetAddresses")
        others = rec.arr(place, "otherAddresses", "location.otherAddresses")
        address = next((a for a in [*streets, *others] if isinstance(a, dict)), None)
        loc: dict[str, Any] = {"names": name_texts(rec.per_lang(versions, "name")), "id": cid}
        if address is not None:
            street_names = rec.obj(address, "streetName", "location.streetName") or {}
            detail = plain(rec.text(address, "addressDetail", "location.addressDetail"), 60, single_line=True)
            loc["street"] = {lang: f"{text} {detail}".strip() for lang, text in name_texts(street_names).items()}
            postal = plain(rec.text(address, "postalCode", "location.postalCode"), 10, single_line=True)
            loc["postal_code"] = postal or None
            office = address.get("postOffice")
            loc["post_office"] = name_texts(office if isinstance(office, dict) else None)
            point = _point(rec, address)
            if point:
                loc["easting"], loc["northing"] = point
        channel.location = loc
    return channel


def parse_connection(data: Any) -> Connection:
    if not isinstance(data, dict):
        raise RecordError("PTV connection that is not an object; record skipped")
    sid, chid = data.get("serviceContentId"), data.get("channelContentId")
    if not isinstance(sid, str) or not isinstance(chid, str) or not sid or not chid:
        raise RecordError("PTV connection without serviceContentId/channelContentId; record skipped")
    rec = Rec("connection", f"{sid}/{chid}")
    contacts = Contacts()
    for lang, version in (rec.langs(data) if data.get("languageVersions") is not None else {}).items():
        _contacts_from_version(rec, contacts, lang, version)
    return Connection(sid, chid, parse_time(data.get("publishedAt")), contacts, parse_hours(rec, data))


def parse_organisation(data: Any) -> Organisation:
    cid = content_id(data)
    if cid is None:
        raise RecordError("PTV organisation without a usable contentId; record skipped")
    rec = Rec("organisation", cid)
    names = name_texts(rec.per_lang(rec.langs(data), "name"))
    return Organisation(names, cid, ORG_TYPES.get(str(data.get("organizationType")), "other"))


def map_service(
    data: Any,
    *,
    source: str,
    region: frozenset[str],
    connections: list[Connection],
    channels: dict[str, Channel],
    organisations: dict[str, Organisation | None],
    fetched_at: datetime | None = None,
) -> TrayItem | None:
    """One tray item from a v12 service and its connections; ``None`` when it is outside the region."""
    cid = content_id(data)
    if cid is None:
        raise RecordError("PTV service without a usable contentId; record skipped")
    rec = Rec("service", cid)
    nationwide, areas = area_of(rec, data)
    if not nationwide and not region.intersection(areas):
        return None
    versions = rec.langs(data)
    names = name_texts(rec.per_lang(versions, "name"))
    if not names:
        raise rec.fail("languageVersions.*.name", "no name in any language")
    keywords: dict[str, tuple[str, ...]] = {}
    for lang, version in versions.items():
        words = [plain(w, MAX_KEYWORD, single_line=True) for w in rec.strings(version, "freelyAssignedKeywords")]
        words = [w for w in dict.fromkeys(words) if w]
        if words and lang.isalpha() and len(lang) <= 3:
            keywords[lang] = tuple(words)
    contacts = Contacts()
    locations: list[Location] = []
    online = False
    for conn in connections:
        channel = channels.get(conn.channel_id)
        if channel is None:
            continue
        online = online or channel.type in ONLINE_CHANNELS
        for source_contacts in (channel.contacts, conn.contacts):
            contacts.phones.update({k: v for k, v in source_contacts.phones.items() if k not in contacts.phones})
            contacts.web.update({k: v for k, v in source_contacts.web.items() if k not in contacts.web})
            contacts.emails.update(source_contacts.emails)
        if channel.location is not None:
            municipality = channel.municipality or (areas[0] if len(areas) == 1 else None)
            try:
                locations.append(
                    Location(**channel.location, municipality=municipality, hours=conn.hours or channel.hours)
                )
            except ValidationError:
                continue
    org_id = data.get("organizationContentId")
    languages = tuple(
        lang for lang in rec.strings(data, "serviceLanguages") if lang.isalpha() and lang.islower() and len(lang) <= 3
    )
    try:
        return TrayItem(
            id=f"ptv:{cid}",
            kind="service",
            names=names,
            source=source,
            summaries=texts(rec.per_lang(versions, "summary"), MAX_SUMMARY),
            descriptions=texts(rec.per_lang(versions, "description")),
            service_classes=rec.strings(data, "serviceClasses"),
            target_groups=rec.strings(data, "targetGroups"),
            keywords=keywords,
            organisation=organisations.get(org_id) if isinstance(org_id, str) else None,
            locations=tuple(locations),
            phones=contacts.phone_tuple(),
            web=tuple(contacts.web.values()),
            emails=tuple(contacts.emails),
            cost=SERVICE_COSTS.get(str(data.get("chargeType")), "unknown"),
            cost_info=texts(rec.per_lang(versions, "chargeTypeAdditionalInformation"), 500),
            funding=rec.text(data, "fundingType") or None,
            languages=tuple(dict.fromkeys(languages)),
            areas=areas,
            nationwide=nationwide,
            online=online,
            modified=parse_time(data.get("publishedAt")),
            fetched_at=fetched_at,
        )
    except ValidationError as exc:
        raise rec.fail("model", str(exc)) from exc
