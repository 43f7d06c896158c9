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
_ALREADY_PLAIN = re.compile(f"[^{_UNSAFE}]+(?: [^{_UNSAFE}]+)*")


def clean(value: object, max_len: int, *, single_line: bool = False) -> str:
    """:func:`kiosk.textclean.plain`, with a fast path for text that it would return unchanged."""
    if isinstance(value, str) and len(value) <= max_len and _ALREADY_PLAIN.fullmatch(value):
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
            slots = rec.obj(week, day, f"serviceHours.weeklyHours.{day}")
            for slot in rec.arr(slots or {}, "hours", f"serviceHours.weeklyHours.{day}.hours"):
                if not isinstance(slot, dict):
                    continue
                kind = OPENING.get(str(slot.get("openingStatus")), "open")
                notes = slot.get("additionalInformation")
                notes = clean_texts(notes if isinstance(notes, dict) else None, 300, single_line=True)
                start, end = _hhmm(slot.get("start")), _hhmm(slot.get("end"))
                rule = _rule(weekday, start, end, kind, valid_from, valid_to) if not notes else None
                try:
                    rules.append(rule or OpeningRule(weekday, start, end, kind, valid_from, valid_to, notes))
                except ValidationError:
                    continue  # a slot with unreadable times is left out, the rest of the week stays
    return tuple(rules)


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
def fewer_collections(gen0: int = 50_000) -> Iterator[None]:
    """Raise the young-generation GC threshold while a big sync builds tens of thousands of long-lived
    objects; the cyclic collector otherwise rescans them again and again (half of a 50 000-service run).
    The collector stays on; the previous thresholds come back afterwards."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], gen0), *old[1:])
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
