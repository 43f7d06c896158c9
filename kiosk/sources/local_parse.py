"""Local additions: the field names and the value vocabulary (cost, yes/no, organiser type, days, times).

Kept apart from reading and converting so that the format's words are in one place; see
``docs/local-additions.md``.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.model import Cost, OpeningRule, OrgType

HELSINKI = ZoneInfo("Europe/Helsinki")
MAX_FILE_BYTES = 5_000_000
TEXT_LANGS: tuple[str, ...] = ("fi", "sv", "en", "se")


def _per_lang(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}_{lang}" for lang in TEXT_LANGS)


# Per-language groups: in JSON they may also be written as {"name": {"fi": ..., "sv": ...}}.
TEXT_GROUPS: tuple[str, ...] = (
    "name",
    "summary",
    "description",
    "cost_info",
    "organiser",
    "place",
    "accessibility",
)

FIELDS: tuple[str, ...] = (
    "id",
    *_per_lang("name"),
    *_per_lang("summary"),
    *_per_lang("description"),
    "categories",
    "municipality",
    *_per_lang("place"),
    "address",
    "address_sv",
    "postal_code",
    "post_office",
    "post_office_sv",
    "easting",
    "northing",
    "lat",
    "lon",
    "hours",
    *_per_lang("accessibility"),
    "phone",
    "email",
    "web",
    "cost",
    *_per_lang("cost_info"),
    "languages",
    *_per_lang("organiser"),
    "organiser_type",
    "online",
    "programmes",
    "starts_at",
    "ends_at",
    "modified",
)
REQUIRED: tuple[str, ...] = ("id", "name_fi", "categories", "municipality")


COST_WORDS: dict[str, Cost] = {
    "free": "free",
    "maksuton": "free",
    "ilmainen": "free",
    "avgiftsfri": "free",
    "gratis": "free",
    "charged": "charged",
    "maksullinen": "charged",
    "avgiftsbelagd": "charged",
    "unknown": "unknown",
    "": "unknown",
}
BOOL_WORDS: dict[str, bool] = {
    "yes": True,
    "kyllä": True,
    "kylla": True,
    "ja": True,
    "true": True,
    "1": True,
    "no": False,
    "ei": False,
    "nej": False,
    "false": False,
    "0": False,
    "": False,
}
ORG_TYPE_WORDS: dict[str, OrgType] = {
    "county": "county",
    "hyvinvointialue": "county",
    "välfärdsområde": "county",
    "municipality": "municipality",
    "kunta": "municipality",
    "kommun": "municipality",
    "ngo": "ngo",
    "yhdistys": "ngo",
    "järjestö": "ngo",
    "förening": "ngo",
    "state": "state",
    "valtio": "state",
    "staten": "state",
    "company": "company",
    "yritys": "company",
    "företag": "company",
    "other": "other",
    "muu": "other",
    "annan": "other",
    "": "other",
}

# Day abbreviations (and full names) in Finnish, Swedish and English → weekday 0 = Monday.
_DAY_WORDS: dict[str, int] = {}
for _i, _day_names in enumerate(
    (
        "ma maanantai må mån måndag mon monday",
        "ti tiistai tis tisdag tue tues tuesday",
        "ke keskiviikko on ons onsdag wed wednesday",
        "to torstai tor torsdag thu thur thurs thursday",
        "pe perjantai fr fre fredag fri friday",
        "la lauantai lö lör lördag sat saturday",
        "su sunnuntai sö sön söndag sun sunday",
    )
):
    for _w in _day_names.split():
        _DAY_WORDS[_w] = _i
_DAY = r"(?:" + "|".join(sorted((re.escape(w) for w in _DAY_WORDS), key=len, reverse=True)) + r")\.?"
_DASH = r"\s*[-–—]\s*"
_DAY_SPEC = rf"{_DAY}(?:{_DASH}{_DAY})?"
_DAYS_RE = re.compile(
    rf"^(?P<days>{_DAY_SPEC}(?:\s*(?:,|&|\+|\bja\b|\boch\b|\band\b)\s*{_DAY_SPEC})*)\s*(?P<rest>.*)$", re.I
)
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_RANGE_RE = re.compile(rf"^{_TIME}{_DASH}{_TIME}$")
_KLO_RE = re.compile(r"^(?:klo|kl|at)\.?\s*", re.I)
HOURS_EXAMPLE = "ti 10:00-11:30; to 18-19 (or ma-pe 9-16)"


def parse_datetime(value: str) -> datetime:
    """ISO 8601 (``2026-11-14T18:00``, ``2026-11-14 18:00``, ``2026-11-14``) or Finnish ``14.11.2026 18.00``.

    Times without an offset are Finnish local time.
    """
    text = value.strip()
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(?:klo\s*)?(\d{1,2})[:.](\d{2}))?", text)
    if match:
        day, month, year, hour, minute = match.groups()
        result = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
    else:
        result = datetime.fromisoformat(text)
    if result.tzinfo is None:
        result = result.replace(tzinfo=HELSINKI)
    return result


def _clock(hour: str, minute: str | None) -> str:
    h, m = int(hour), int(minute or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        raise ValueError(f"{hour}:{minute or '00'} is not a time of day")
    return f"{h:02d}:{m:02d}"


def parse_hours(text: str) -> tuple[OpeningRule, ...]:
    """Weekly hours such as ``"ti 10:00-11:30; to 18-19"`` or ``"ma-pe 9-16"`` → opening rules.

    Periods are separated by ``;`` (or a new line); each has days (Finnish ``ma ti ke to pe la su``, Swedish
    ``må ti on to fr lö sö``, English ``mon tue wed thu fri sat sun``; ranges ``ma-pe``; lists ``ti, to``)
    and one or more times (``10-12``, ``9.30-11``, ``klo 18:00–19:30``, several separated by ``,``).
    Raises ``ValueError`` with a message for staff.
    """
    rules: list[OpeningRule] = []
    for part in re.split(r"[;\n]+", text):
        part = part.strip()
        if not part:
            continue
        match = _DAYS_RE.match(part)
        if not match or not match.group("rest").strip():
            raise ValueError(f"cannot read {part!r}; write for example '{HOURS_EXAMPLE}'")
        days: list[int] = []
        for spec in re.split(r"\s*(?:,|&|\+|\bja\b|\boch\b|\band\b)\s*", match.group("days"), flags=re.I):
            ends = [_DAY_WORDS[d.strip().rstrip(".").lower()] for d in re.split(_DASH, spec)]
            if len(ends) == 2:
                first, last = ends
                span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
                days.extend(span)
            else:
                days.append(ends[0])
        rest = _KLO_RE.sub("", match.group("rest").strip())
        for chunk in re.split(r"\s*(?:,|\bja\b|\boch\b|\band\b)\s*", rest, flags=re.I):
            chunk = _KLO_RE.sub("", chunk.strip())
            times = _RANGE_RE.match(chunk)
            if not times:
                raise ValueError(f"cannot read the time {chunk!r} in {part!r}; write for example '10:00-11:30'")
            opens, closes = _clock(times.group(1), times.group(2)), _clock(times.group(3), times.group(4))
            if closes <= opens:
                raise ValueError(f"in {part!r} the closing time {closes} is not after the opening time {opens}")
            for day in days:
                rules.append(OpeningRule(weekday=day, opens=opens, closes=closes))
    unique = {(r.weekday, r.opens, r.closes): r for r in rules}
    return tuple(unique[k] for k in sorted(unique))
