"""PTV v11 records (services and service channels) to :class:`~kiosk.model.TrayItem`.

Pure functions, no network. Every record is untrusted: a field of the wrong type (a number for a name, an
object where a list belongs) raises :class:`RecordError` naming the field, and the caller skips that one
record with a warning. Text goes through :mod:`kiosk.textclean`; coordinates that do not parse or lie
outside Finland are dropped without failing the item. Content areas and target-group or funding policy
are *not* decided here — the sync engine does that.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from kiosk.i18n import N_, gettext
from kiosk.model import (
    EASTING_RANGE,
    NORTHING_RANGE,
    Cost,
    HoursKind,
    Location,
    OpeningRule,
    Organisation,
    Phone,
    TrayItem,
    ValidationError,
    WebLink,
)
from kiosk.textclean import MAX_SUMMARY, name_texts, plain, safe_email, safe_link, texts

GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
NATIONWIDE = frozenset({"Nationwide", "NationwideExceptAlandIslands"})
ONLINE_CHANNELS = frozenset({"Phone", "EChannel", "WebPage"})
GOOD_COORDINATES = frozenset({"Ok", "EnteredByUser", "EnteredByAR"})
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_CHARGE: dict[str, Cost] = {"FreeOfCharge": "free", "Chargeable": "charged"}
_LANG = re.compile(r"^[a-z]{2,3}$")
_MUNI = re.compile(r"^\d{3}$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$")
_FRACTION = re.compile(r"(\.\d{6})\d+")

Record = Mapping[str, Any]


class RecordError(ValueError):
    """One record has a field of the wrong shape; ``str()`` names the field."""


@dataclass
class Notes:
    """Warnings collected while mapping; each names the record id and the field."""

    warnings: list[str] = field(default_factory=list)

    def add(self, record_id: str, message: str) -> None:
        self.warnings.append(f"ptv11 {record_id}: {message}")


# --- shape checks -------------------------------------------------------------------------------------


def as_list(value: object, name: str) -> list[Record]:
    """A list of objects; ``None`` is empty; anything else raises :class:`RecordError`."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f"{name}: expected a list, got {type(value).__name__}")
    for item in value:
        if not isinstance(item, dict):
            raise RecordError(f"{name}[]: expected objects, got {type(item).__name__}")
    return value


def as_obj(value: object, name: str) -> Record | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise RecordError(f"{name}: expected an object, got {type(value).__name__}")
    return value


def as_str(value: object, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(f"{name}: expected text, got {type(value).__name__}")
    return value


def as_bool(value: object, name: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise RecordError(f"{name}: expected true/false, got {type(value).__name__}")
    return value


def record_id(record: object) -> str:
    """The record's GUID, or :class:`RecordError`."""
    if not isinstance(record, dict):
        raise RecordError(f"record: expected an object, got {type(record).__name__}")
    value = record.get("id")
    if not isinstance(value, str) or not GUID_RE.match(value):
        raise RecordError(f"id: {str(value)[:60]!r} is not a GUID")
    return value.lower()


def localized(value: object, name: str, kind: str | None = None) -> dict[str, object]:
    """``[{language, value, type}]`` → raw ``{lang: value}`` (first per language), filtered by ``type``."""
    out: dict[str, object] = {}
    for i, item in enumerate(as_list(value, name)):
        lang = as_str(item.get("language"), f"{name}[{i}].language")
        text = as_str(item.get("value"), f"{name}[{i}].value")
        if kind is not None and item.get("type") != kind:
            continue
        if lang and text is not None and lang.strip().lower() not in out:
            out[lang.strip().lower()] = text
    return out


def parse_modified(value: object, name: str = "modified") -> datetime | None:
    text = as_str(value, name)
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(_FRACTION.sub(r"\1", text.strip()))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def codes(value: object, name: str) -> tuple[str, ...]:
    out: list[str] = []
    for i, item in enumerate(as_list(value, name)):
        code = as_str(item.get("code"), f"{name}[{i}].code")
        if code and (stripped := code.strip()[:100]) and stripped.isprintable() and stripped not in out:
            out.append(stripped)
    return tuple(out)


@dataclass(frozen=True)
class Scope:
    areas: tuple[str, ...]
    nationwide: bool
    service_classes: tuple[str, ...]


def service_scope(svc: Record) -> Scope:
    """Where a service is offered: municipality codes (also from larger areas) and the nationwide flag."""
    area_type = as_str(svc.get("areaType"), "areaType")
    found: list[str] = []
    for i, area in enumerate(as_list(svc.get("areas"), "areas")):
        kind = as_str(area.get("type"), f"areas[{i}].type")
        if kind == "Municipality":
            code = as_str(area.get("code"), f"areas[{i}].code")
            if code and _MUNI.match(code) and code not in found:
                found.append(code)
        for j, muni in enumerate(as_list(area.get("municipalities"), f"areas[{i}].municipalities")):
            code = as_str(muni.get("code"), f"areas[{i}].municipalities[{j}].code")
            if code and _MUNI.match(code) and code not in found:
                found.append(code)
    nationwide = area_type in NATIONWIDE
    return Scope(() if nationwide else tuple(found), nationwide, codes(svc.get("serviceClasses"), "serviceClasses"))


def _linked_ids(record: Record, key: str, inner: str) -> list[str]:
    out: list[str] = []
    for i, conn in enumerate(as_list(record.get(key), key)):
        obj = as_obj(conn.get(inner), f"{key}[{i}].{inner}")
        ident = as_str(obj.get("id"), f"{key}[{i}].{inner}.id") if obj else None
        if ident and GUID_RE.match(ident) and ident.lower() not in out:
            out.append(ident.lower())
    return out


def connected_channel_ids(svc: Record) -> list[str]:
    """Channel GUIDs from the service's connection data (``serviceChannels[].serviceChannel.id``; may be null)."""
    return _linked_ids(svc, "serviceChannels", "serviceChannel")


def channel_service_ids(channel: Record) -> list[str]:
    """Service GUIDs a channel says it is connected to (``services[].service.id``)."""
    return _linked_ids(channel, "services", "service")


# --- channel parts ------------------------------------------------------------------------------------


def _hhmm(value: object, name: str) -> str | None:
    text = as_str(value, name)
    m = _TIME.match(text.strip()) if text else None
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour == 24 and minute == 0:
        return "24:00"
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


_HOUR_TYPES = (None, "DaysOfTheWeek", "Exceptional", "OverMidnight")


def _spans(hours: Record, where: str, notes: Notes, rec_id: str) -> list[tuple[int, int, str, str]]:
    """``(first weekday, last weekday, opens, closes)`` of one entry. ``"dayTo": ""`` is no ``dayTo``. An
    ``OverMidnight`` span (Friday 22:00 to Saturday 04:00) is one opening that starts on ``dayFrom``."""
    over_midnight = hours.get("serviceHourType") == "OverMidnight"
    spans: list[tuple[int, int, str, str]] = []
    if as_bool(hours.get("isAlwaysOpen"), f"{where}.isAlwaysOpen"):
        spans.append((0, 6, "00:00", "24:00"))
    for j, oh in enumerate(as_list(hours.get("openingHour"), f"{where}.openingHour")):
        day_from = as_str(oh.get("dayFrom"), f"{where}.openingHour[{j}].dayFrom")
        day_to = as_str(oh.get("dayTo"), f"{where}.openingHour[{j}].dayTo") or day_from
        opens = _hhmm(oh.get("from"), f"{where}.openingHour[{j}].from")
        closes = _hhmm(oh.get("to"), f"{where}.openingHour[{j}].to")
        if day_from not in WEEKDAYS or day_to not in WEEKDAYS or not opens or not closes:
            notes.add(rec_id, f"{where}.openingHour[{j}]: day or time not understood, left out")
            continue
        if closes == "00:00":  # to midnight; 00:00–00:00 is the whole day
            closes = "24:00"
        first = WEEKDAYS.index(day_from)
        spans.append((first, first if over_midnight else WEEKDAYS.index(day_to), opens, closes))
    return spans


def _dated_weekdays(valid_from: date, valid_to: date) -> list[int]:
    days = min((valid_to - valid_from).days + 1, 7)
    return sorted({(valid_from + timedelta(days=n)).weekday() for n in range(days)})


def opening_rules(value: object, name: str, notes: Notes, rec_id: str) -> tuple[OpeningRule, ...]:
    """Hours from ``serviceHours[]``: weekly (``DaysOfTheWeek``), ``OverMidnight`` and ``Exceptional`` entries.

    An ``Exceptional`` entry holds for its dates only (a one-off date when ``validTo`` is missing); a closed
    entry (holiday closure, "closed on Sundays") is kept as ``closed`` rules, the whole day when it names no
    hours, so the views say "suljettu" for those days instead of showing the weekly hours.
    """
    rules: list[OpeningRule] = []
    for i, hours in enumerate(as_list(value, name)):
        where = f"{name}[{i}]"
        hour_type = as_str(hours.get("serviceHourType"), f"{where}.serviceHourType")
        if hour_type not in _HOUR_TYPES:
            continue
        closed = as_bool(hours.get("isClosed"), f"{where}.isClosed")
        kind: HoursKind = "reservation" if as_bool(hours.get("isReservation"), f"{where}.isReservation") else "open"
        start, end = (parse_modified(hours.get(k), f"{where}.{k}") for k in ("validFrom", "validTo"))
        valid_from, valid_to = (start.date() if start else None), (end.date() if end else None)
        if valid_from and valid_to and valid_to < valid_from:
            valid_to = None
        if hour_type == "Exceptional":
            if valid_from is None:
                notes.add(rec_id, f"{where}: exceptional hours without validFrom, left out")
                continue
            valid_to = valid_to or valid_from
        info = texts(localized(hours.get("additionalInformation"), f"{where}.additionalInformation"), 300)
        spans = _spans(hours, where, notes, rec_id)
        if closed:
            kind = "closed"
            if not spans:
                weekdays = _dated_weekdays(valid_from, valid_to) if valid_from and valid_to else list(range(7))
                if not (valid_from or valid_to):
                    continue  # "closed", for ever, with no days: says nothing
                spans = [(d, d, "00:00", "24:00") for d in weekdays]
        if hour_type == "Exceptional" and valid_from and valid_to:
            dated = set(_dated_weekdays(valid_from, valid_to))
        else:
            dated = set(range(7))
        for first, last, opens, closes in spans:
            for offset in range((last - first) % 7 + 1):
                if (first + offset) % 7 in dated:
                    rules.append(OpeningRule((first + offset) % 7, opens, closes, kind, valid_from, valid_to, info))
    return tuple(rules)


def _coordinates(addr: Record, name: str, notes: Notes, rec_id: str) -> tuple[float, float] | None:
    """``(easting, northing)`` from string ``longitude``/``latitude`` (EPSG:3067), or ``None``."""
    state = addr.get("coordinateState")
    lat, lon = addr.get("latitude"), addr.get("longitude")
    if lat in (None, "") and lon in (None, ""):
        return None
    if state not in GOOD_COORDINATES:
        notes.add(rec_id, f"{name}.coordinateState {str(state)[:30]!r}: point left out")
        return None
    try:
        northing = float(str(lat).strip().replace(",", "."))
        easting = float(str(lon).strip().replace(",", "."))
    except ValueError:
        notes.add(rec_id, f"{name}.latitude/longitude not numbers: point left out")
        return None
    if not (EASTING_RANGE[0] <= easting <= EASTING_RANGE[1] and NORTHING_RANGE[0] <= northing <= NORTHING_RANGE[1]):
        notes.add(rec_id, f"{name}.latitude/longitude outside Finland (EPSG:3067): point left out")
        return None
    return easting, northing


def _visiting_address(addr: Record, i: int, notes: Notes, cid: str) -> dict[str, Any] | None:
    """One ``Location`` address's parts, or ``None`` when it has no street (a point-only address gives its point)."""
    where = f"addresses[{i}].streetAddress"
    sa = as_obj(addr.get("streetAddress"), where)
    if sa is None:
        other = as_obj(addr.get("otherAddress"), f"addresses[{i}].otherAddress")
        point = _coordinates(other, f"addresses[{i}].otherAddress", notes, cid) if other is not None else None
        return {"point": point} if point else None
    number = plain(as_str(sa.get("streetNumber"), f"{where}.streetNumber") or "", 20, single_line=True)
    raw = localized(sa.get("street"), f"{where}.street")
    code = plain(as_str(sa.get("postalCode"), f"{where}.postalCode") or "", 10, single_line=True)
    muni = as_obj(sa.get("municipality"), f"{where}.municipality")
    muni_code = as_str(muni.get("code"), f"{where}.municipality.code") if muni else None
    return {
        "access": accessibility_sentences(addr.get("entrances")),
        "street": {k: f"{v} {number}".strip() for k, v in name_texts(raw).items()},
        "post_office": name_texts(localized(sa.get("postOffice"), f"{where}.postOffice")),
        "postal_code": code or None,
        "municipality": muni_code if muni_code and _MUNI.match(muni_code) else None,
        "point": _coordinates(sa, where, notes, cid),
    }


MAX_ACCESSIBILITY = 2_000  # characters of accessibility sentences per language and place


def _sentence_texts(value: object) -> dict[str, str]:
    """``[{value, language}]`` as ``{lang: text}``, read leniently (accessibility is extra: never fatal)."""
    out: dict[str, str] = {}
    for item in value if isinstance(value, list) else ():
        lang = item.get("language") if isinstance(item, dict) else None
        if isinstance(lang, str) and _LANG.match(lang.strip().lower()):
            text = plain(item.get("value"), 500, single_line=True)
            if text:
                out.setdefault(lang.strip().lower(), text)
    return out


def accessibility_sentences(entrances: object) -> dict[str, str]:
    """The accessibility sentences of an address's ``entrances[]`` (the only accessibility data in v11, from
    the accessibility register): per language one line per sentence group, "Sisäänkäynti: Ovi aukeaa
    automaattisesti. Kynnys on matala.", main entrance first; bounded to :data:`MAX_ACCESSIBILITY`."""
    lines: dict[str, list[str]] = {}
    doors = [e for e in entrances if isinstance(e, dict)] if isinstance(entrances, list) else []
    doors.sort(key=lambda e: e.get("isMainEntrance") is not True)
    for door in doors:
        groups = door.get("accessibilitySentences")
        for group in groups if isinstance(groups, list) else ():
            if not isinstance(group, dict):
                continue
            heading = _sentence_texts(group.get("sentenceGroup"))
            said: dict[str, list[str]] = {}
            sentences = group.get("sentences")
            for sentence in sentences if isinstance(sentences, list) else ():
                for lang, text in _sentence_texts(sentence.get("sentence") if isinstance(sentence, dict) else None).items():
                    said.setdefault(lang, []).append(text)
            for lang, texts_ in said.items():
                line = f"{heading[lang]}: {' '.join(texts_)}" if lang in heading else " ".join(texts_)
                if line not in lines.setdefault(lang, []):
                    lines[lang].append(line)
    out: dict[str, str] = {}
    for lang, found in lines.items():
        text = "\n".join(found)
        out[lang] = text if len(text) <= MAX_ACCESSIBILITY else text[: MAX_ACCESSIBILITY - 1].rstrip() + "…"
    return out


def locations(channel: Record, notes: Notes) -> list[Location]:
    """A ServiceLocation channel as one :class:`Location` per visiting (``Location``) address, in order; a
    ``Postal`` address (a PO box) is never a place to go. A channel without a street address is one place
    with its name (and the point of an ``otherAddress`` when there is one)."""
    cid = record_id(channel)
    names = name_texts(localized(channel.get("serviceChannelNames"), "serviceChannelNames", "Name"))
    found: list[dict[str, Any]] = []
    point_only: dict[str, Any] | None = None
    for i, addr in enumerate(as_list(channel.get("addresses"), "addresses")):
        if as_str(addr.get("type"), f"addresses[{i}].type") != "Location":
            continue
        parts = _visiting_address(addr, i, notes, cid)
        if parts is None:
            continue
        if "street" in parts:
            found.append(parts)
        elif point_only is None:
            point_only = parts
    hours = opening_rules(channel.get("serviceHours"), "serviceHours", notes, cid)
    out: list[Location] = []
    for parts in found or [point_only or {}]:
        point = parts.get("point")
        out.append(
            Location(
                names=names,
                street=parts.get("street", {}),
                postal_code=parts.get("postal_code"),
                post_office=parts.get("post_office", {}),
                municipality=parts.get("municipality"),
                easting=point[0] if point else None,
                northing=point[1] if point else None,
                hours=hours,
                id=f"ptv:{cid}",
                accessibility_details=parts.get("access", {}),
            )
        )
    return out


def location(channel: Record, notes: Notes) -> Location:
    """The channel's first visiting place (see :func:`locations`)."""
    return locations(channel, notes)[0]


def phones(channel: Record, hours: tuple[OpeningRule, ...] = ()) -> list[Phone]:
    out: list[Phone] = []
    for key in ("phoneNumbers", "supportPhones"):
        for i, ph in enumerate(as_list(channel.get(key), key)):
            phone_type = as_str(ph.get("type"), f"{key}[{i}].type")
            if phone_type not in (None, "Phone", "Sms"):
                continue
            number = plain(as_str(ph.get("number"), f"{key}[{i}].number") or "", 40, single_line=True)
            prefix = plain(as_str(ph.get("prefixNumber"), f"{key}[{i}].prefixNumber") or "", 8, single_line=True)
            service_number = as_bool(ph.get("isFinnishServiceNumber"), f"{key}[{i}].isFinnishServiceNumber")
            full = number if service_number or not prefix else f"{prefix} {number}"
            if not re.search(r"\d{3}", full):
                continue
            lang = (as_str(ph.get("language"), f"{key}[{i}].language") or "fi").strip().lower()
            lang = lang if _LANG.match(lang) else "fi"
            info = plain(as_str(ph.get("additionalInformation"), f"{key}[{i}].additionalInformation"), 300)
            charge_text = plain(as_str(ph.get("chargeDescription"), f"{key}[{i}].chargeDescription"), 300)
            charge = _CHARGE.get(as_str(ph.get("serviceChargeType"), f"{key}[{i}].serviceChargeType") or "", "unknown")
            phone = Phone(
                number=full,
                info={lang: info} if info else {},
                charge=charge,
                charge_info={lang: charge_text} if charge_text else {},
                hours=hours,
                kind="sms" if phone_type == "Sms" else None,
            )
            _add_phone(out, phone)
    return sorted(out, key=lambda p: p.kind == "sms")  # numbers to call first


def _add_phone(out: list[Phone], phone: Phone) -> None:
    """PTV repeats one number per language, each with that language's notes: they become one phone with the
    notes per language (the first entry's place and charge kept)."""
    digits = re.sub(r"\D", "", phone.number)
    for i, seen in enumerate(out):
        if re.sub(r"\D", "", seen.number) == digits and seen.kind == phone.kind:
            out[i] = replace(
                seen,
                info={**phone.info, **seen.info},
                charge=seen.charge if seen.charge != "unknown" else phone.charge,
                charge_info={**phone.charge_info, **seen.charge_info},
            )
            return
    out.append(phone)


def emails(channel: Record) -> list[str]:
    out: list[str] = []
    for key in ("emails", "supportEmails"):
        for i, item in enumerate(as_list(channel.get(key), key)):
            address = safe_email(as_str(item.get("value"), f"{key}[{i}].value"))
            if address and address not in out:
                out.append(address)
    return out


def web_links(channel: Record) -> list[WebLink]:
    out: list[WebLink] = []
    for i, page in enumerate(as_list(channel.get("webPages"), "webPages")):
        url = safe_link(as_str(page.get("url"), f"webPages[{i}].url"))
        if not url:
            continue
        title = plain(as_str(page.get("value"), f"webPages[{i}].value"), 200, single_line=True) or None
        lang = (as_str(page.get("language"), f"webPages[{i}].language") or "").strip().lower() or None
        try:
            out.append(WebLink(url, title, lang if lang and _LANG.match(lang) else None))
        except ValidationError:
            continue
    return out


HOW_TO_TAKE_PART = N_("How to take part")


def descriptions(descs: object) -> dict[str, str]:
    """``Description`` with the ``UserInstruction`` ("Näin pääset mukaan") kept as its own section after it."""
    out = texts(localized(descs, "serviceDescriptions", "Description"))
    for lang, text in texts(localized(descs, "serviceDescriptions", "UserInstruction")).items():
        section = f"{gettext(HOW_TO_TAKE_PART, lang)}:\n{text}"
        out[lang] = f"{out[lang]}\n\n{section}" if out.get(lang) else section
    return out


def connection_parts(svc: Record, notes: Notes, sid: str) -> dict[str, ChannelParts]:
    """What the service–channel connections themselves say (``serviceChannels[].serviceHours`` and
    ``.contactDetails``, real v11 shape), keyed by channel GUID; only ``hours``, ``phones``, ``emails`` and
    ``web`` are filled."""
    out: dict[str, ChannelParts] = {}
    for i, conn in enumerate(as_list(svc.get("serviceChannels"), "serviceChannels")):
        channel = as_obj(conn.get("serviceChannel"), f"serviceChannels[{i}].serviceChannel")
        ident = as_str(channel.get("id"), f"serviceChannels[{i}].serviceChannel.id") if channel else None
        if not ident or not GUID_RE.match(ident):
            continue
        hours = opening_rules(conn.get("serviceHours"), f"serviceChannels[{i}].serviceHours", notes, sid)
        contact = as_obj(conn.get("contactDetails"), f"serviceChannels[{i}].contactDetails") or {}
        out[ident.lower()] = ChannelParts(
            id=ident.lower(),
            kind=None,
            locations=(),
            phones=tuple(phones(contact, hours)),
            emails=tuple(emails(contact)),
            web=tuple(web_links(contact)),
            services=(),
            hours=hours,
        )
    return out


def with_connection(parts: ChannelParts, conn: ChannelParts | None) -> ChannelParts:
    """The channel as this service sees it: the connection's own hours replace the channel's (on its places
    and phones), and the connection's phones, e-mails and web pages come first, then the channel's."""
    if conn is None:
        return parts
    places, own_phones = parts.locations, parts.phones
    if conn.hours:
        places = tuple(replace(p, hours=conn.hours) for p in places)
        own_phones = tuple(replace(p, hours=conn.hours) for p in own_phones)
    links = (*conn.web, *parts.web)
    merged: list[Phone] = []
    for phone in (*conn.phones, *own_phones):
        _add_phone(merged, phone)
    return replace(
        parts,
        locations=places,
        phones=tuple(merged),
        emails=tuple(dict.fromkeys((*conn.emails, *parts.emails))),
        web=tuple(w for i, w in enumerate(links) if all(w.url != seen.url for seen in links[:i])),
    )


# --- the service ----------------------------------------------------------------------------------------


def _organisation(svc: Record, known: Mapping[str, Organisation] | None = None) -> Organisation | None:
    """The responsible organisation. When its record was read (``known``, by lower-case GUID, see
    :mod:`kiosk.sources.ptv_orgs`) that gives the names per language and the type. Otherwise: in v11
    ``organization.name`` is one plain string, the Finnish name (PTV falls back to another language only when
    there is no Finnish one), so it is tagged ``fi`` whatever the service's own languages are; a localized
    list, when one comes, keeps its own tags."""
    for i, org in enumerate(as_list(svc.get("organizations"), "organizations")):
        if as_str(org.get("roleType"), f"organizations[{i}].roleType") != "Responsible":
            continue
        body = as_obj(org.get("organization"), f"organizations[{i}].organization")
        if body is None:
            continue
        name = body.get("name")
        if isinstance(name, list):
            names = name_texts(localized(name, f"organizations[{i}].organization.name"))
        else:
            one = plain(as_str(name, f"organizations[{i}].organization.name"), 300, single_line=True)
            names = {"fi": one} if one else {}
        ident = as_str(body.get("id"), f"organizations[{i}].organization.id")
        if known and ident and (found := known.get(ident.lower())) is not None:
            return found
        if names:
            return Organisation(names, f"ptv:{ident.lower()}" if ident and GUID_RE.match(ident) else None)
    return None


def _add_word(keywords: dict[str, list[str]], lang: object, text: object, name: str) -> None:
    code = (as_str(lang, f"{name}.language") or "").strip().lower()
    word = plain(as_str(text, f"{name}.value"), 100, single_line=True)
    if _LANG.match(code) and word and word not in keywords.setdefault(code, []):
        keywords[code].append(word)


def service_keywords(svc: Record) -> dict[str, tuple[str, ...]]:
    """What a service is also searched by, per language: its keywords, its alternative names
    (``serviceNames`` of type ``AlternativeName``) and the labels of its ontology terms (``ontologyTerms[].name``),
    searchable and ranked below names. A malformed keyword is an error, as before; an ontology term without
    labels adds nothing."""
    keywords: dict[str, list[str]] = {}
    for i, kw in enumerate(as_list(svc.get("keywords"), "keywords")):
        _add_word(keywords, kw.get("language"), kw.get("value"), f"keywords[{i}]")
    for lang, text in localized(svc.get("serviceNames"), "serviceNames", "AlternativeName").items():
        _add_word(keywords, lang, text, "serviceNames")
    for i, term in enumerate(as_list(svc.get("ontologyTerms"), "ontologyTerms")):
        for j, label in enumerate(as_list(term.get("name"), f"ontologyTerms[{i}].name")):
            _add_word(keywords, label.get("language"), label.get("value"), f"ontologyTerms[{i}].name[{j}]")
    return {k: tuple(v) for k, v in keywords.items() if v}


def map_service(
    svc: Record,
    channels: Mapping[str, ChannelParts],
    *,
    source: str,
    notes: Notes,
    fetched_at: datetime | None = None,
    organisations: Mapping[str, Organisation] | None = None,
) -> TrayItem:
    """One v11 service with its connected channels (mapped by :func:`channel_parts`, keyed by lower-case GUID);
    ``organisations``: organisation records read for this run, by lower-case GUID (see :func:`_organisation`).

    Raises :class:`RecordError` (or :class:`~kiosk.model.ValidationError`) when the record is unusable.
    """
    sid = record_id(svc)
    names = name_texts(localized(svc.get("serviceNames"), "serviceNames", "Name"))
    if not names:
        raise RecordError("serviceNames: no name in any language")
    descs = svc.get("serviceDescriptions")
    scope = service_scope(svc)
    raw_languages = svc.get("languages")
    if raw_languages is not None and not isinstance(raw_languages, list):
        raise RecordError(f"languages: expected a list, got {type(raw_languages).__name__}")
    languages = [
        lang.strip().lower()
        for lang in raw_languages or []
        if isinstance(lang, str) and _LANG.match(lang.strip().lower())
    ]
    keywords = service_keywords(svc)
    locations: list[Location] = []
    item_phones: list[Phone] = []
    item_emails: list[str] = []
    links: list[WebLink] = []
    online = False
    own = connection_parts(svc, notes, sid)
    for cid in connected_channel_ids(svc):
        parts = channels.get(cid)
        if parts is None:
            continue
        parts = with_connection(parts, own.get(cid))
        locations.extend(parts.locations)
        online = online or parts.kind in ONLINE_CHANNELS
        item_phones.extend(p for p in parts.phones if all(p.number != seen.number for seen in item_phones))
        item_emails.extend(e for e in parts.emails if e not in item_emails)
        links.extend(w for w in parts.web if all(w.url != seen.url for seen in links))
    funding = as_str(svc.get("fundingType"), "fundingType")
    charge = as_str(svc.get("serviceChargeType"), "serviceChargeType")
    return TrayItem(
        id=f"ptv:{sid}",
        kind="service",
        names=names,
        source=source,
        summaries=texts(localized(descs, "serviceDescriptions", "Summary"), MAX_SUMMARY),
        descriptions=descriptions(descs),
        service_classes=scope.service_classes,
        target_groups=codes(svc.get("targetGroups"), "targetGroups"),
        keywords=keywords,
        organisation=_organisation(svc, organisations),
        locations=tuple(locations),
        phones=tuple(sorted(item_phones, key=lambda p: p.kind == "sms")),  # numbers to call first
        web=tuple(links),
        emails=tuple(item_emails),
        cost=_CHARGE.get(charge or "", "unknown"),
        cost_info=texts(localized(descs, "serviceDescriptions", "ChargeTypeAdditionalInfo"), 2_000),
        funding=plain(funding, 40, single_line=True) or None,
        languages=tuple(dict.fromkeys(languages)),
        areas=scope.areas,
        nationwide=scope.nationwide,
        online=online,
        modified=parse_modified(svc.get("modified")),
        fetched_at=fetched_at,
    )


@dataclass(frozen=True)
class ChannelParts:
    """What a service takes from one connected channel, computed once per channel."""

    id: str
    kind: str | None
    locations: tuple[Location, ...]
    phones: tuple[Phone, ...]
    emails: tuple[str, ...]
    web: tuple[WebLink, ...]
    services: tuple[str, ...]
    hours: tuple[OpeningRule, ...] = ()  # a connection's own hours (see connection_parts)


def channel_parts(channel: object, notes: Notes) -> ChannelParts:
    """Check and map one channel record; raises :class:`RecordError` naming the bad field."""
    cid = record_id(channel)
    if not isinstance(channel, dict):  # record_id has checked; this narrows the type
        raise RecordError("record: expected an object")
    kind = as_str(channel.get("serviceChannelType"), "serviceChannelType")
    places = tuple(locations(channel, notes)) if kind == "ServiceLocation" else ()
    hours = () if places else opening_rules(channel.get("serviceHours"), "serviceHours", notes, cid)
    return ChannelParts(
        id=cid,
        kind=kind,
        locations=places,
        phones=tuple(phones(channel, hours)),
        emails=tuple(emails(channel)),
        web=tuple(web_links(channel)),
        services=tuple(channel_service_ids(channel)),
    )
