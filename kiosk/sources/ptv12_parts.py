"""Low-level readers for PTV v12 records: typed field access, timestamps, areas, weekly hours, fast clean text.

Split from :mod:`kiosk.sources.ptv12_map` to keep modules small. :class:`Rec` raises :class:`RecordError`
naming the record and the field when a value has the wrong JSON type. The text helpers give exactly what
:func:`kiosk.textclean.plain` gives, skipping the regex passes for short strings that are already plain
(single-spaced words without markup, entities or control characters) — most names and addresses.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from kiosk.model import HoursKind, OpeningRule, Texts, ValidationError
from kiosk.textclean import plain

NATIONWIDE = ("WholeCountry", "WholeCountryExceptAland")
OPENING: dict[str, HoursKind] = {"Open": "open", "OpenOnReservation": "reservation", "Closed": "closed"}
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKLY_HOURS = ("WeeklyUntilFurtherNoticeServiceHour", "WeeklyDateRangeServiceHour")
CHUNK = 20  # the v12 searches take at most 20 values per array parameter
_ID = re.compile(r"[A-Za-z0-9._-]{1,100}")
_LANG = re.compile(r"[a-z]{2,3}")
_TIME = re.compile(r"\d\d:\d\d")
_UNSAFE = r"\s<&\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069"
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
            if value and (stripped := value.strip()):
                out.append(stripped)
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


def content_id(record: Any) -> str | None:
    """The record's ``contentId`` when it is a usable id (ASCII letters, digits, ``-``, ``.``, ``_``)."""
    cid = record.get("contentId") if isinstance(record, dict) else None
    return cid if isinstance(cid, str) and _ID.fullmatch(cid) else None


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
            slots = week.get(day)
            if slots is None:
                continue
            if slots.__class__ is not dict:
                rec.typed(slots, dict, f"serviceHours.weeklyHours.{day}")
            day_slots = slots.get("hours")
            if day_slots.__class__ is not list:
                day_slots = rec.arr(slots, "hours", f"serviceHours.weeklyHours.{day}.hours")
            for slot in day_slots:
                if isinstance(slot, dict):
                    rule = _slot_rule(weekday, slot, valid_from, valid_to)
                    if rule is not None:
                        rules.append(rule)
    return tuple(rules)


def _slot_rule(weekday: int, slot: dict[str, Any], valid_from: date | None, valid_to: date | None) -> OpeningRule | None:
    """One slot's rule; ``None`` for a slot with unreadable times (the rest of the week stays)."""
    kind = OPENING.get(str(slot.get("openingStatus")), "open")
    notes = slot.get("additionalInformation")
    notes = clean_texts(notes, 300, single_line=True) if notes and isinstance(notes, dict) else None
    start, end = _hhmm(slot.get("start")), _hhmm(slot.get("end"))
    if not notes:
        return _rule(weekday, start, end, kind, valid_from, valid_to)
    try:
        return OpeningRule(weekday, start, end, kind, valid_from, valid_to, notes)
    except ValidationError:
        return None


@lru_cache(maxsize=4096)
def _rule(
    weekday: int, opens: str, closes: str, kind: HoursKind, start: date | None, end: date | None
) -> OpeningRule | None:
    """Shared frozen rules: most places repeat the same few weekly slots."""
    try:
        return OpeningRule(weekday, opens, closes, kind, start, end)
    except ValidationError:
        return None


@contextmanager
def fewer_collections(gen0: int = 50_000, gen2: int = 100) -> Iterator[None]:
    """Raise the GC thresholds while a big sync builds millions of long-lived objects; the cyclic collector
    otherwise rescans them again and again (half of a 50 000-service run). Young objects are still
    collected (every ``gen0`` allocations); a full collection waits for ``gen2`` younger ones instead of
    10. The collector stays on; the previous thresholds come back afterwards."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], gen0), old[1], max(old[2], gen2))
    try:
        yield
    finally:
        gc.set_threshold(*old)


def chunks(values: Iterable[str], size: int = CHUNK) -> Iterator[list[str]]:
    items = sorted(set(values))
    for start in range(0, len(items), size):
        yield items[start : start + size]


def in_region(record: Any, region: frozenset[str]) -> bool:
    """Whether a service belongs to the region; an unreadable area counts as "yes" so that mapping can warn."""
    try:
        nationwide, munis = area_of(Rec("service", content_id(record) or "?"), record)
    except RecordError:
        return True
    return nationwide or bool(region.intersection(munis))
