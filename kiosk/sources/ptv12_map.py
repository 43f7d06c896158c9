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
* Every visiting street address (``location.streetAddresses[]``, up to :data:`MAX_PLACES`) is a place, in
  order; without one, the first ``otherAddresses`` entry (a point) is. ``contactAddresses`` (PO boxes, postal
  addresses) are never a place to go.
* Weekly hours (``WeeklyUntilFurtherNoticeServiceHour``, ``WeeklyDateRangeServiceHour``; a slot's
  ``repetition`` ``OddWeeks``/``EvenWeeks`` holds in odd/even ISO weeks only), exceptional dates
  (``ExceptionalDateRangeServiceHour``: only the weekdays inside its dates; a day with no hours is closed) and
  continuous hours (``Continuous*``: one opening from a start day and time to an end day and time) become
  :class:`OpeningRule` rows. Holiday hours (``holidayServiceHours``: hours per holiday name, every year or in
  the years named) become dated rules for each occurrence in the coming year, the dates of movable holidays
  computed by :mod:`kiosk.holidays`; a holiday with no hours is closed. A connection's own hours win over the
  channel's hours.
* ``source_url`` stays ``None``: no documented public web address for a v12 content id was found.

Reading raw records: :class:`Rec` gives typed field access and raises :class:`RecordError` naming the
record and the field when a value has the wrong JSON type. The text helpers (:func:`clean`) give exactly
what :func:`kiosk.textclean.plain` gives, skipping the regex passes for short strings that are already
plain (single-spaced words without markup, entities or control characters) — most names and addresses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, TypeGuard

from kiosk.holidays import HOLIDAYS, occurrences
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
    Texts,
    TrayItem,
    ValidationError,
    WebLink,
)
from kiosk.textclean import MAX_DESCRIPTION, MAX_NAME, MAX_SUMMARY, plain, safe_email, safe_link

NATIONWIDE = ("WholeCountry", "WholeCountryExceptAland")
OPENING: dict[str, HoursKind] = {"Open": "open", "OpenOnReservation": "reservation", "Closed": "closed"}
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKLY_HOURS = ("WeeklyUntilFurtherNoticeServiceHour", "WeeklyDateRangeServiceHour")
EXCEPTIONAL_HOURS = "ExceptionalDateRangeServiceHour"
CONTINUOUS_HOURS = (
    "ContinuousAlwaysValidServiceHour",
    "ContinuousDateRangeServiceHour",
    "ContinuousWeekdaysUntilFurtherNoticeServiceHour",
)
_ID = re.compile(r"[A-Za-z0-9._-]{1,100}")
_LANG = re.compile(r"[a-z]{2,3}")
_TIME = re.compile(r"\d\d:\d\d")
_UNSAFE = r"\s<&\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_LINE = f"[^{_UNSAFE}]+(?: [^{_UNSAFE}]+)*"
_ALREADY_PLAIN = re.compile(_LINE)
# Several lines, each already plain, with at most one blank line between them (PTV's Markdown descriptions).
_ALREADY_PLAIN_LINES = re.compile(f"{_LINE}(?:\n\n?{_LINE})*")


def clean(value: object, max_len: int, *, single_line: bool = False) -> str:
    """:func:`kiosk.textclean.plain`, with a fast path for text that it would return unchanged."""
    if isinstance(value, str) and len(value) <= max_len:
        if (_ALREADY_PLAIN if single_line else _ALREADY_PLAIN_LINES).fullmatch(value):
            return value
    return plain(value, max_len, single_line=single_line)


def clean_texts(values: Any, max_len: int, *, single_line: bool = False) -> Texts:
    """Per-language :func:`clean` like :func:`kiosk.textclean.texts`: bad keys and empty results left out."""
    out: Texts = {}
    for lang, value in (values or {}).items():
        key = lang.strip().lower() if isinstance(lang, str) else ""
        if _LANG.fullmatch(key) and (text := clean(value, max_len, single_line=single_line)):
            out[key] = text
    return out


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

    # The readers check the common case (exactly the JSON type, or null) inline and leave anything else,
    # including the error message, to :meth:`typed`.

    def obj(self, data: Any, key: str, name: str = "") -> dict[str, Any] | None:
        value = data.get(key)
        if value is None or value.__class__ is dict:
            return value
        return self.typed(value, dict, name or key)  # type: ignore[no-any-return]

    def arr(self, data: Any, key: str, name: str = "") -> list[Any]:
        value = data.get(key)
        if value.__class__ is list:
            return value
        return self.typed(value, list, name or key) or []

    def items(self, data: Any, key: str, where: str) -> list[Any]:
        """:meth:`arr` naming the field ``where.key`` (the name is only built for an error)."""
        value = data.get(key)
        if value.__class__ is list:
            return value
        return self.typed(value, list, f"{where}.{key}") or []

    def text(self, data: Any, key: str, name: str = "") -> str | None:
        value = data.get(key)
        if value is None or value.__class__ is str:
            return value
        return self.typed(value, str, name or key)  # type: ignore[no-any-return]

    def strings(self, data: Any, key: str) -> tuple[str, ...]:
        out = []
        for value in self.arr(data, key):
            if value.__class__ is not str:
                if value is None:
                    continue
                self.typed(value, str, f"{key}[]")
            if value and (stripped := value.strip()) and stripped.isprintable():  # codes: no controls, no surrogates
                out.append(stripped[:100])
        return tuple(out)

    def langs(self, data: Any) -> dict[str, dict[str, Any]]:
        """``languageVersions`` as {lang: object}; null languages are left out; missing is an error."""
        versions = self.obj(data, "languageVersions")
        if versions is None:
            raise self.fail("languageVersions", "missing")
        out = {}
        for lang, version in versions.items():
            if version.__class__ is not dict:
                if version is None:
                    continue
                self.typed(version, dict, f"languageVersions.{lang}")
            out[str(lang)] = version
        return out

    def per_lang(self, versions: dict[str, dict[str, Any]], key: str) -> dict[str, str]:
        out = {}
        for lang, version in versions.items():
            text = version.get(key)
            if text.__class__ is not str:
                if text is None:
                    continue
                self.typed(text, str, f"languageVersions.{lang}.{key}")
            if text:
                out[lang] = text
        return out


def valid_id(value: object) -> TypeGuard[str]:
    """A usable content id: 1–100 ASCII letters, digits, ``-``, ``.``, ``_`` (safe in a URL path)."""
    return isinstance(value, str) and len(value) <= 100 and _ID.fullmatch(value) is not None


def content_id(record: Any) -> str | None:
    """The record's ``contentId`` when it is a usable id (see :func:`valid_id`)."""
    cid = record.get("contentId") if isinstance(record, dict) else None
    return cid if valid_id(cid) else None


def parse_time(value: object) -> datetime | None:
    """An ISO timestamp as an aware UTC datetime; ``None`` when missing or unreadable."""
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00")) if isinstance(value, str) else None
    except ValueError:
        return None
    return None if when is None else (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


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


def _hhmm(value: object) -> str:
    """``hh:mm`` (also from ``hh:mm:ss``); ``""`` when unreadable, which the model then rejects."""
    if isinstance(value, str) and _TIME.fullmatch(value):
        return value
    parts = value.strip().split(":") if isinstance(value, str) else []
    ok = len(parts) >= 2 and all(p.isdigit() and len(p) <= 2 for p in parts[:2])
    return f"{int(parts[0]):02d}:{int(parts[1]):02d}" if ok else ""


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


def parse_hours(rec: Rec, data: Any, today: date | None = None) -> tuple[OpeningRule, ...]:
    """Opening rules from a ``serviceHours`` object (weekday 0 = Monday); holidays from ``today`` on for a year."""
    hours = rec.obj(data, "serviceHours")
    if hours is None:
        return ()
    rules: list[OpeningRule] = _holiday_rules(rec, hours, today or date.today())
    for entry in rec.arr(hours, "hours", "serviceHours.hours"):
        if not isinstance(entry, dict):
            continue
        kind = entry.get("type")
        if kind in CONTINUOUS_HOURS:
            rules.extend(_continuous(entry))
            continue
        exceptional = kind == EXCEPTIONAL_HOURS
        if kind not in WEEKLY_HOURS and not exceptional:
            continue
        valid_from, valid_to = _day(entry.get("fromDate")), _day(entry.get("toDate"))
        if exceptional:
            if valid_from is None:
                continue
            valid_to = valid_to if valid_to and valid_to >= valid_from else valid_from
        dated = _weekdays_between(valid_from, valid_to) if exceptional and valid_from and valid_to else range(7)
        week = rec.obj(entry, "weeklyHours", "serviceHours.hours.weeklyHours") or {}
        for weekday in dated:
            rules.extend(_day_rules(rec, week, weekday, valid_from, valid_to, exceptional))
    return tuple(rules)


def _day_rules(
    rec: Rec, week: dict[str, Any], weekday: int, valid_from: date | None, valid_to: date | None, exceptional: bool
) -> list[OpeningRule]:
    day = DAYS[weekday]
    slots = week.get(day)
    if slots is None:
        return []
    if slots.__class__ is not dict:
        rec.typed(slots, dict, f"serviceHours.weeklyHours.{day}")
    day_slots = slots.get("hours")
    if day_slots.__class__ is not list:
        day_slots = rec.arr(slots, "hours", f"serviceHours.weeklyHours.{day}.hours")
    out: list[OpeningRule] = []
    for slot in day_slots:
        if isinstance(slot, dict):
            if slot.get("openingStatus") == "Closed" and not slot.get("start") and not slot.get("end"):
                slot = {**slot, "start": "00:00", "end": "24:00"}  # closed the whole day
            rule = _slot_rule(weekday, slot, valid_from, valid_to)
            if rule is not None:
                out.append(rule)
    if exceptional and not day_slots:  # an exceptional day with no hours: closed that day
        closed = _rule(weekday, "00:00", "24:00", "closed", valid_from, valid_to)
        if closed is not None:
            out.append(closed)
    return out


HOLIDAY_DAYS = 366  # holiday hours are dated this far ahead (a sync renews them)


def _holiday_rules(rec: Rec, hours: dict[str, Any], today: date) -> list[OpeningRule]:
    """``holidayServiceHours`` as dated rules (``OpeningRule.holiday`` = the PTV holiday name)."""
    holiday = rec.obj(hours, "holidayServiceHours", "serviceHours.holidayServiceHours")
    if not holiday:
        return []
    repetition = holiday.get("repetition")
    years: frozenset[int] | None = None
    if isinstance(repetition, dict) and repetition.get("type") == "RepetitionInSelectedYears":
        raw = repetition.get("years")
        years = frozenset(y for y in raw if type(y) is int) if isinstance(raw, list) else frozenset()
    out: list[OpeningRule] = []
    for entry in rec.items(holiday, "holidays", "serviceHours.holidayServiceHours"):
        name = entry.get("holidayName") if isinstance(entry, dict) else None
        if name not in HOLIDAYS:
            continue
        slots = entry.get("hours")
        slots = [slot for slot in slots if isinstance(slot, dict)] if isinstance(slots, list) else []
        for day in occurrences(name, today, today + timedelta(days=HOLIDAY_DAYS), years):
            out.extend(_holiday_day(name, day, slots))
    return out


def _holiday_day(name: str, day: date, slots: list[dict[str, Any]]) -> list[OpeningRule]:
    if not slots:  # a holiday named with no hours: closed that day
        slots = [{"start": "00:00", "end": "24:00", "openingStatus": "Closed"}]
    out = []
    for slot in slots:
        if slot.get("openingStatus") == "Closed" and not slot.get("start") and not slot.get("end"):
            slot = {**slot, "start": "00:00", "end": "24:00"}
        notes = slot.get("additionalInformation")
        try:
            out.append(
                OpeningRule(
                    day.weekday(), _hhmm(slot.get("start")), _hhmm(slot.get("end")),
                    OPENING.get(str(slot.get("openingStatus")), "open"), day, day,
                    clean_texts(notes, 300, single_line=True) if isinstance(notes, dict) else {}, holiday=name,
                )  # fmt: skip
            )
        except ValidationError:
            continue
    return out


def _weekdays_between(first: date, last: date) -> list[int]:
    return sorted({(first + timedelta(days=n)).weekday() for n in range(min((last - first).days + 1, 7))})


def _continuous(entry: dict[str, Any]) -> list[OpeningRule]:
    """One opening from ``fromDay fromTime`` to ``toDay toTime`` (within ``fromDate``…``toDate`` when given);
    ``ContinuousAlwaysValidServiceHour`` is open round the clock."""
    kind = OPENING.get(str(entry.get("openingStatus")), "open")
    if entry.get("type") == "ContinuousAlwaysValidServiceHour":
        return [r for d in range(7) if (r := _rule(d, "00:00", "24:00", kind, None, None)) is not None]
    first_date, last_date = _day(entry.get("fromDate")), _day(entry.get("toDate"))
    opens, closes = _hhmm(entry.get("fromTime")), _hhmm(entry.get("toTime"))
    if first_date and last_date:
        if last_date < first_date:
            return []
        if first_date == last_date:
            return [r for r in [_rule(first_date.weekday(), opens, closes, kind, first_date, first_date)] if r]
        middle = (first_date + timedelta(days=1), last_date - timedelta(days=1))
        out = [_rule(first_date.weekday(), opens, "24:00", kind, first_date, first_date)]
        if middle[0] <= middle[1]:
            out += [_rule(d, "00:00", "24:00", kind, *middle) for d in _weekdays_between(*middle)]
        if closes != "00:00":  # ends at midnight: nothing on the last day
            out.append(_rule(last_date.weekday(), "00:00", closes, kind, last_date, last_date))
        return [r for r in out if r is not None]
    from_day, to_day = str(entry.get("fromDay", "")).lower(), str(entry.get("toDay", "")).lower()
    if from_day not in DAYS or to_day not in DAYS:
        return []
    first, span = DAYS.index(from_day), (DAYS.index(to_day) - DAYS.index(from_day)) % 7
    if span == 0:
        return [r for r in [_rule(first, opens, closes, kind, None, None)] if r]
    out = [_rule(first, opens, "24:00", kind, None, None)]
    out += [_rule((first + n) % 7, "00:00", "24:00", kind, None, None) for n in range(1, span)]
    if closes != "00:00":
        out.append(_rule((first + span) % 7, "00:00", closes, kind, None, None))
    return [r for r in out if r is not None]


def _slot_rule(weekday: int, slot: dict[str, Any], valid_from: date | None, valid_to: date | None) -> OpeningRule | None:
    """One slot's rule; ``None`` for a slot with unreadable times (the rest of the week stays)."""
    kind = OPENING.get(str(slot.get("openingStatus")), "open")
    notes = slot.get("additionalInformation")
    notes = clean_texts(notes, 300, single_line=True) if notes and isinstance(notes, dict) else None
    start, end = _hhmm(slot.get("start")), _hhmm(slot.get("end"))
    repetition = slot.get("repetition")  # untrusted: a list here must not be a dict key
    weeks = WEEK_REPETITION.get(repetition) if isinstance(repetition, str) else None
    if not notes:
        return _rule(weekday, start, end, kind, valid_from, valid_to, weeks)
    try:
        return OpeningRule(weekday, start, end, kind, valid_from, valid_to, notes, weeks)
    except ValidationError:
        return None


WEEK_REPETITION: dict[str, str] = {"OddWeeks": "odd", "EvenWeeks": "even"}  # WeeklyRepetitionType; Weekly = None


@lru_cache(maxsize=4096)
def _rule(
    weekday: int,
    opens: str,
    closes: str,
    kind: HoursKind,
    start: date | None,
    end: date | None,
    weeks: str | None = None,
) -> OpeningRule | None:
    """Shared frozen rules: most places repeat the same few weekly slots."""
    try:
        return OpeningRule(weekday, opens, closes, kind, start, end, weeks=weeks)
    except ValidationError:
        return None


# --- mapping ---------------------------------------------------------------------------------------


ONLINE_CHANNELS = frozenset({"TelephoneService", "EService", "WebPage"})
# OrganizationType enum of the v12 OpenAPI: State | Municipality | RegionalOrganization | Organization | Company.
ORG_TYPES: dict[str, OrgType] = {"Municipality": "municipality", "RegionalOrganization": "county"}
ORG_TYPES.update({"State": "state", "Company": "company", "Organization": "ngo"})
SERVICE_COSTS: dict[str, Cost] = {"Free": "free", "Charged": "charged"}
PHONE_COSTS: dict[str, Cost] = {"Free": "free", "Charged": "charged", "ExtraCharge": "charged"}
MAX_KEYWORD = 100


def _names(values: Any) -> dict[str, str]:
    return clean_texts(values, MAX_NAME, single_line=True)


PHONE_KEYS = ("contactPhoneNumbers", "phoneNumbers", "supportPhoneNumbers")
EMAIL_KEYS = ("contactEmails", "supportEmails")


@dataclass
class Contacts:
    phones: dict[str, dict[str, Any]] = field(default_factory=dict)
    web: dict[tuple[str, str], WebLink] = field(default_factory=dict)
    emails: dict[str, None] = field(default_factory=dict)
    _phone_tuple: tuple[Phone, ...] | None = field(default=None, repr=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.phones or self.web or self.emails)

    def add_phones(self, rec: Rec, items: list[Any], lang: str, name: str) -> None:
        """Domestic and international numbers (``dialCode`` + ``number``) and SMS numbers (``Sms``, with a
        ``dialCode``, on telephone channels: kept apart as ``kind="sms"``); fax numbers are left out."""
        for item in items:
            if item.__class__ is not dict:
                rec.typed(item, dict, name)
            kind = item.get("type") if item else None
            if kind not in ("DomesticPhone", "InternationalPhone", "Sms"):
                continue
            number = clean(rec.text(item, "number", name), 40, single_line=True)
            dial = clean(rec.text(item, "dialCode", name), 40, single_line=True)
            if number:
                full = f"{dial} {number}" if dial and not number.startswith("+") else number
                key = f"sms {full}" if kind == "Sms" else full
                entry = self.phones.setdefault(
                    key, {"number": full, "sms": kind == "Sms", "info": {}, "charge": "unknown", "charge_info": {}}
                )
                entry["charge"] = PHONE_COSTS.get(str(item.get("chargeType")), entry["charge"])
                for src, field_name in (("additionalInformation", "info"), ("chargeDescription", "charge_info")):
                    if text := clean(rec.text(item, src, name), 150, single_line=True):
                        entry[field_name][lang] = text

    def add_web(self, url: object, title: object, lang: str) -> None:
        link = safe_link(url)
        if link and (link, lang) not in self.web:
            shown = clean(title, 200, single_line=True) or None
            self.web[(link, lang)] = WebLink(link, shown, lang if lang.isalpha() and len(lang) <= 3 else None)

    def add_emails(self, items: list[Any]) -> None:
        for item in items:
            if address := safe_email(item.get("email") if isinstance(item, dict) else item):
                self.emails[address] = None

    def phone_tuple(self) -> tuple[Phone, ...]:
        """The phones as model objects; built once per parsed record (a channel serves many services)."""
        if self._phone_tuple is None:
            out = []
            for number, entry in self.phones.items():
                kind = "sms" if entry.get("sms") else None
                try:
                    out.append(
                        Phone(entry.get("number", number), entry["info"], entry["charge"], entry["charge_info"], kind=kind)
                    )
                except ValidationError:
                    continue
            self._phone_tuple = tuple(sorted(out, key=lambda p: p.kind == "sms"))  # numbers to call first
        return self._phone_tuple


def _merged(parts: list[Contacts]) -> tuple[tuple[Phone, ...], tuple[WebLink, ...], tuple[str, ...]]:
    """Phones, web links and e-mails of several records; the first record that names a number or link wins."""
    if len(parts) == 1:
        only = parts[0]
        return only.phone_tuple(), tuple(only.web.values()), tuple(only.emails)
    merged = Contacts()
    for part in parts:
        merged.phones.update({k: v for k, v in part.phones.items() if k not in merged.phones})
        merged.web.update({k: v for k, v in part.web.items() if k not in merged.web})
        merged.emails.update(part.emails)
    return merged.phone_tuple(), tuple(merged.web.values()), tuple(merged.emails)


def _contacts_from_version(rec: Rec, c: Contacts, lang: str, version: dict[str, Any]) -> None:
    where = f"languageVersions.{lang}"
    for key in PHONE_KEYS:
        if numbers := rec.items(version, key, where):
            c.add_phones(rec, numbers, lang, f"{where}.{key}")
    for key in EMAIL_KEYS:
        if addresses := rec.items(version, key, where):
            c.add_emails(addresses)
    for page in rec.items(version, "contactWebPages", where):
        if isinstance(page, dict):
            c.add_web(page.get("url"), page.get("name"), lang)
    address = version.get("webAddress")
    if address is not None:
        if address.__class__ is not dict:
            address = rec.obj(version, "webAddress", f"{where}.webAddress")
        if address:
            c.add_web(address.get("url"), address.get("name"), lang)


@dataclass
class Channel:
    id: str
    type: str
    municipality: str | None
    published_at: datetime | None
    contacts: Contacts
    location: dict[str, Any] | None = None
    hours: tuple[OpeningRule, ...] = ()
    _places: dict[str | None, Location | None] = field(default_factory=dict, repr=False, compare=False)
    more: list[dict[str, Any]] = field(default_factory=list)  # the other visiting street addresses, in order

    def places(self, municipality: str | None, hours: tuple[OpeningRule, ...]) -> list[Location]:
        """Every visiting place of the channel: :meth:`place`, then one per further street address."""
        first = self.place(municipality, hours)
        out = [first] if first is not None else []
        for extra in self.more:
            try:
                out.append(Location(**extra, municipality=municipality, hours=hours))
            except ValidationError:
                continue
        return out

    def place(self, municipality: str | None, hours: tuple[OpeningRule, ...]) -> Location | None:
        """The channel's location as a model object (``None`` if it does not validate); with the channel's
        own hours it is built once per municipality and shared by the services that use the channel."""
        if self.location is None:
            return None
        own = hours is self.hours
        if own and municipality in self._places:
            return self._places[municipality]
        try:
            loc: Location | None = Location(**self.location, municipality=municipality, hours=hours)
        except ValidationError:
            loc = None
        if own:
            self._places[municipality] = loc
        return loc


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
        streets = [a for a in rec.arr(place, "streetAddresses", "location.streetAddresses") if isinstance(a, dict)]
        others = rec.arr(place, "otherAddresses", "location.otherAddresses")
        names = _names(rec.per_lang(versions, "name"))
        # every visiting street address is a place; without one, the first other address (a point) is
        addresses: list[dict[str, Any] | None] = list(streets[:MAX_PLACES])
        if not addresses:
            addresses = [next((a for a in others if isinstance(a, dict)), None)]
        found = [{"names": names, "id": cid, **_address(rec, a)} for a in addresses]
        channel.location, channel.more = found[0], found[1:]
    return channel


MAX_PLACES = 20  # visiting addresses read from one service location


def _address(rec: Rec, address: dict[str, Any] | None) -> dict[str, Any]:
    """One v12 street or other address as :class:`Location` keyword arguments (street, postal code, point)."""
    if address is None:
        return {}
    loc: dict[str, Any] = {}
    street_names = rec.obj(address, "streetName", "location.streetName") or {}
    detail = clean(rec.text(address, "addressDetail", "location.addressDetail"), 60, single_line=True)
    loc["street"] = {lang: f"{text} {detail}".strip() for lang, text in _names(street_names).items()}
    postal = clean(rec.text(address, "postalCode", "location.postalCode"), 10, single_line=True)
    loc["postal_code"] = postal or None
    office = address.get("postOffice")
    loc["post_office"] = _names(office if isinstance(office, dict) else None)
    point = _point(rec, address)
    if point:
        loc["easting"], loc["northing"] = point
    return loc


def parse_connection(data: Any) -> Connection:
    if not isinstance(data, dict):
        raise RecordError("PTV connection that is not an object; record skipped")
    sid, chid = data.get("serviceContentId"), data.get("channelContentId")
    if not valid_id(sid) or not valid_id(chid):
        raise RecordError("PTV connection without a usable serviceContentId/channelContentId; record skipped")
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
    names = _names(rec.per_lang(rec.langs(data), "name"))
    return Organisation(names, cid, ORG_TYPES.get(str(data.get("organizationType")), "other"))


def service_keywords(
    rec: Rec, data: Any, versions: dict[str, dict[str, Any]], terms: Mapping[str, Mapping[str, str]]
) -> dict[str, tuple[str, ...]]:
    """What a service is also searched by, per language: its freely assigned keywords, its alternative name
    and the labels of its ontology terms (searchable, ranked below names: they are not shown as names)."""
    found: dict[str, list[str]] = {}
    for lang, version in versions.items():
        alternative = version.get("alternativeName")  # not worth losing the record over: ignored unless text
        found[lang] = [*rec.strings(version, "freelyAssignedKeywords"), alternative if isinstance(alternative, str) else ""]
    uris = data.get("ontologyTerms")
    for uri in uris if isinstance(uris, list) else ():
        for lang, label in terms.get(uri, {}).items() if isinstance(uri, str) else ():
            found.setdefault(lang, []).append(label)
    keywords: dict[str, tuple[str, ...]] = {}
    for lang, raw in found.items():
        words = [w for w in dict.fromkeys(clean(w, MAX_KEYWORD, single_line=True) for w in raw) if w]
        if words and lang.isalpha() and len(lang) <= 3:
            keywords[lang] = tuple(words)
    return keywords


def map_service(
    data: Any,
    *,
    source: str,
    region: frozenset[str],
    connections: list[Connection],
    channels: dict[str, Channel],
    organisations: dict[str, Organisation | None],
    fetched_at: datetime | None = None,
    terms: Mapping[str, Mapping[str, str]] | None = None,
) -> TrayItem | None:
    """One tray item from a v12 service and its connections; ``None`` when it is outside the region.

    ``terms``: the labels of ontology terms by URI (``/ontology-terms``), which become keywords."""
    cid = content_id(data)
    if cid is None:
        raise RecordError("PTV service without a usable contentId; record skipped")
    rec = Rec("service", cid)
    nationwide, areas = area_of(rec, data)
    if not nationwide and not region.intersection(areas):
        return None
    versions = rec.langs(data)
    names = _names(rec.per_lang(versions, "name"))
    if not names:
        raise rec.fail("languageVersions.*.name", "no name in any language")
    keywords = service_keywords(rec, data, versions, terms or {})
    contacts: list[Contacts] = []
    locations: list[Location] = []
    online = False
    for conn in connections:
        channel = channels.get(conn.channel_id)
        if channel is None:
            continue
        online = online or channel.type in ONLINE_CHANNELS
        if channel.contacts:
            contacts.append(channel.contacts)
        if conn.contacts:
            contacts.append(conn.contacts)
        if channel.location is not None:
            municipality = channel.municipality or (areas[0] if len(areas) == 1 else None)
            locations.extend(channel.places(municipality, conn.hours or channel.hours))
    phones, web, emails = _merged(contacts) if contacts else ((), (), ())
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
            summaries=clean_texts(rec.per_lang(versions, "summary"), MAX_SUMMARY),
            descriptions=clean_texts(rec.per_lang(versions, "description"), MAX_DESCRIPTION),
            service_classes=rec.strings(data, "serviceClasses"),
            target_groups=rec.strings(data, "targetGroups"),
            keywords=keywords,
            organisation=organisations.get(org_id) if isinstance(org_id, str) else None,
            locations=tuple(locations),
            phones=phones,
            web=web,
            emails=emails,
            cost=SERVICE_COSTS.get(str(data.get("chargeType")), "unknown"),
            cost_info=clean_texts(rec.per_lang(versions, "chargeTypeAdditionalInformation"), 500),
            funding=clean(rec.text(data, "fundingType"), 40, single_line=True) or None,
            languages=tuple(dict.fromkeys(languages)),
            areas=areas,
            nationwide=nationwide,
            online=online,
            modified=parse_time(data.get("publishedAt")),
            fetched_at=fetched_at,
        )
    except ValidationError as exc:
        raise rec.fail("model", str(exc)) from exc
