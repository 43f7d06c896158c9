"""Local additions: a CSV or JSON file kept by the meeting point for groups that are in no register.

The file is the whole truth for its source: every run returns a full result. The format is described in
``docs/local-additions.md``; in short, one row (CSV) or one object (JSON) per activity with the fields in
:data:`FIELDS`. Every problem in the file is collected and reported at once as
``<file>, line <n>, field '<field>': <problem>`` so that staff can fix the file in one go.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from kiosk import textclean
from kiosk.areas import load_areas
from kiosk.model import (
    EASTING_RANGE,
    NORTHING_RANGE,
    Cost,
    Location,
    OpeningRule,
    Organisation,
    OrgType,
    Phone,
    TrayItem,
    ValidationError,
    WebLink,
)
from kiosk.sources.base import FetchRequest, SourceResult
from kiosk.sources.local_parse import (
    BOOL_WORDS,
    COST_WORDS,
    FIELDS,
    ORG_TYPE_WORDS,
    REQUIRED,
    TEXT_LANGS,
    parse_datetime,
    parse_hours,
)
from kiosk.sources.local_read import LocalFormatError, Problems, Record, csv_records, json_records, read_text

_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_SPLIT_RE = re.compile(r"[\s,;]+")


def area_keys() -> tuple[str, ...]:
    """The content-area keys a local row may use in ``categories`` (the region's area catalogue)."""
    return load_areas().keys


# ------------------------------------------------------------------------------------------- converting


def _str(value: Any) -> str:
    """A raw cell as a trimmed string (JSON numbers and booleans are accepted where text is expected)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return " ".join(_str(v) for v in value)
    if isinstance(value, str):
        return value.strip()
    return ""


def _words(value: Any) -> list[str]:
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            out.extend(_words(v))
        return out
    return [w for w in _SPLIT_RE.split(_str(value)) if w]


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int | float):
        return float(value)
    return float(_str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))


def _lang_texts(rec: Record, prefix: str, max_len: int, *, single_line: bool = False) -> dict[str, str]:
    raw = {lang: _str(rec.values.get(f"{prefix}_{lang}")) for lang in TEXT_LANGS}
    return textclean.texts(raw, max_len, single_line=single_line)


_Bad = Callable[[str, str], None]
_T = TypeVar("_T")


def _choice(v: dict[str, Any], name: str, words: Mapping[str, _T], default: _T, expected: str, bad: _Bad) -> _T:
    """The value of a field that is one word of ``words`` (empty and unknown words give ``default``)."""
    word = _str(v.get(name)).lower()
    if word not in words:
        bad(name, f"{word!r} is not {expected}")
    return words.get(word, default)


def _numbers(v: dict[str, Any], names: tuple[str, ...], bad: _Bad) -> dict[str, float | None]:
    """Each named field as a number, None when it is empty or not a number."""
    numbers: dict[str, float | None] = {}
    for name in names:
        raw = v.get(name)
        numbers[name] = None
        if _str(raw):
            try:
                numbers[name] = _number(raw)
            except ValueError:
                bad(name, f"{_str(raw)!r} is not a number")
    return numbers


def _projected_point(
    v: dict[str, Any], east: float | None, north: float | None, bad: _Bad
) -> tuple[float | None, float | None]:
    """The EPSG:3067 point: both coordinates given and inside Finland, else (None, None)."""
    if bool(_str(v.get("easting"))) != bool(_str(v.get("northing"))):
        bad("northing" if _str(v.get("easting")) else "easting", "easting and northing are given together")
    if east is None or north is None:
        return None, None
    if not (EASTING_RANGE[0] <= east <= EASTING_RANGE[1] and NORTHING_RANGE[0] <= north <= NORTHING_RANGE[1]):
        bad("easting", f"({east:.0f}, {north:.0f}) is not in Finland in EPSG:3067 (ETRS-TM35FIN)")
        return None, None
    return east, north


def _wgs84_point(
    v: dict[str, Any], lat: float | None, lon: float | None, bad: _Bad
) -> tuple[float | None, float | None]:
    """The WGS84 point: both degrees given, not swapped and inside Finland, else (None, None)."""
    if bool(_str(v.get("lat"))) != bool(_str(v.get("lon"))):
        bad("lon" if _str(v.get("lat")) else "lat", "lat and lon are given together")
    if lat is None or lon is None:
        return None, None
    if 19 <= lat <= 32 and 59 <= lon <= 71:
        bad("lat", f"({lat}, {lon}) looks swapped: lat is about 60–70 and lon 20–31 in Finland")
        return None, None
    if not (59 <= lat <= 71 and 19 <= lon <= 32):
        bad("lat", f"({lat}, {lon}) is not in Finland (WGS84 degrees)")
        return None, None
    return lat, lon


def _hours(v: dict[str, Any], bad: _Bad) -> tuple[OpeningRule, ...]:
    raw_hours = _str(v.get("hours"))
    if raw_hours:
        try:
            return parse_hours(raw_hours)
        except ValueError as exc:
            bad("hours", str(exc))
    return ()


def _postal_code(v: dict[str, Any], bad: _Bad) -> str:
    postal = _str(v.get("postal_code"))
    if postal.isdigit() and len(postal) < 5:
        postal = postal.zfill(5)  # 00100 saved by a spreadsheet as 100
    if postal and not re.fullmatch(r"\d{5}", postal):
        bad("postal_code", f"{postal!r} is not a 5-digit postal code")
        postal = ""
    return postal


class _Converter:
    def __init__(self, problems: Problems, source: str, keys: tuple[str, ...]) -> None:
        self.problems = problems
        self.source = source
        self.keys = keys

    def item(self, rec: Record) -> TrayItem | None:
        """Convert one record, reporting every problem in it field by field; None when it has any."""
        before = len(self.problems.items)
        line = rec.line
        v = rec.values

        def bad(field_name: str, message: str) -> None:
            self.problems.add(line, field_name, message)

        raw_id = self._id(v, bad)
        names = _lang_texts(rec, "name", textclean.MAX_NAME, single_line=True)
        if "fi" not in names and "name_fi" in v:
            bad("name_fi", "required (a Finnish name); it is empty after removing markup")
        categories = self._categories(v, bad)
        municipality = self._municipality(v, bad)
        location = self._location(rec, municipality, bad)
        phones = self._phones(v.get("phone"), bad)
        emails = self._emails(v, bad)
        web = self._web(v, bad)
        cost: Cost = _choice(
            v, "cost", COST_WORDS, "unknown", "one of free, charged, unknown (maksuton, maksullinen)", bad
        )
        languages = self._languages(v, bad)
        org_names, org_type = self._organiser(rec, bad)
        online = _choice(v, "online", BOOL_WORDS, False, "yes or no (kyllä/ei, ja/nej)", bad)
        programmes = self._programmes(v, bad)
        starts_at, ends_at, modified = self._times(v, bad)

        if len(self.problems.items) > before:
            return None
        try:
            return TrayItem(
                id=f"local:{raw_id}",
                kind="event" if starts_at else "service",
                names=names,
                source=self.source,
                summaries=_lang_texts(rec, "summary", textclean.MAX_SUMMARY),
                descriptions=_lang_texts(rec, "description", textclean.MAX_DESCRIPTION),
                categories=tuple(categories),
                organisation=Organisation(names=org_names, type=org_type) if org_names else None,
                locations=(location,) if location else (),
                phones=tuple(phones),
                web=tuple(web),
                emails=tuple(emails),
                cost=cost,
                cost_info=_lang_texts(rec, "cost_info", textclean.MAX_SUMMARY),
                languages=tuple(languages),
                areas=(municipality,) if municipality else (),
                online=online,
                starts_at=starts_at,
                ends_at=ends_at,
                programmes=tuple(programmes),
                modified=modified,
            )
        except ValidationError as exc:  # a rule of the model that the checks above did not foresee
            bad("", str(exc))
            return None

    # --- one field (or a group of fields that belong together) each; problems go to ``bad``

    def _id(self, v: dict[str, Any], bad: _Bad) -> str:
        raw_id = _str(v.get("id"))
        if not raw_id:
            if "id" in v:
                bad("id", "required; letters A–Z, digits, '-' and '_'")
        elif not _ID_RE.match(raw_id):
            bad("id", f"{raw_id!r} may only contain letters A–Z, digits, '-' and '_'")
        return raw_id

    def _categories(self, v: dict[str, Any], bad: _Bad) -> list[str]:
        categories: list[str] = []
        for word in _words(v.get("categories")):
            key = word.lower()
            if key not in self.keys:
                bad("categories", f"{word!r} is not a content area; allowed: {' '.join(self.keys)}")
            elif key not in categories:
                categories.append(key)
        if not categories and "categories" in v and not _words(v.get("categories")):
            bad("categories", f"required; one or more of: {' '.join(self.keys)}")
        return categories

    def _municipality(self, v: dict[str, Any], bad: _Bad) -> str:
        municipality = _str(v.get("municipality"))
        if municipality.isdigit() and len(municipality) < 3:
            municipality = municipality.zfill(3)  # spreadsheets drop leading zeros: 91 → 091
        if not re.fullmatch(r"\d{3}", municipality):
            if "municipality" in v:
                bad("municipality", f"{municipality!r} is not a 3-digit municipality code (Kajaani = 205)")
            municipality = ""
        return municipality

    def _emails(self, v: dict[str, Any], bad: _Bad) -> list[str]:
        emails: list[str] = []
        for word in _words(v.get("email")):
            email = textclean.safe_email(word)
            if email is None:
                bad("email", f"{word!r} is not an e-mail address")
            else:
                emails.append(email)
        return emails

    def _web(self, v: dict[str, Any], bad: _Bad) -> list[WebLink]:
        web: list[WebLink] = []
        raw_web = _str(v.get("web"))
        if raw_web:
            url = textclean.safe_link("https://" + raw_web if raw_web.lower().startswith("www.") else raw_web)
            if url is None:
                bad("web", f"{raw_web!r} is not an http(s) address")
            else:
                web.append(WebLink(url=url))
        return web

    def _languages(self, v: dict[str, Any], bad: _Bad) -> list[str]:
        languages: list[str] = []
        for word in _words(v.get("languages")):
            lang = word.lower()
            if not _LANG_RE.match(lang):
                bad("languages", f"{word!r} is not a language code such as fi, sv, en")
            elif lang not in languages:
                languages.append(lang)
        return languages

    def _organiser(self, rec: Record, bad: _Bad) -> tuple[dict[str, str], OrgType]:
        """The organiser's names and type (the type alone, without a name, is a problem)."""
        org_names = _lang_texts(rec, "organiser", textclean.MAX_NAME, single_line=True)
        org_type: OrgType = _choice(
            rec.values,
            "organiser_type",
            ORG_TYPE_WORDS,
            "other",
            "one of county, municipality, ngo, state, company, other",
            bad,
        )
        if _str(rec.values.get("organiser_type")) and not org_names:
            bad("organiser_type", "given without an organiser name (organiser_fi)")
        return org_names, org_type

    def _programmes(self, v: dict[str, Any], bad: _Bad) -> list[str]:
        programmes: list[str] = []
        for word in _words(v.get("programmes")):
            key = word.lower().replace("ä", "a").replace("ö", "o").replace("-", "")
            if not _KEY_RE.match(key):
                bad("programmes", f"{word!r} is not a programme key such as kaikukortti or liikuntalahete")
            elif key not in programmes:
                programmes.append(key)
        return programmes

    def _times(self, v: dict[str, Any], bad: _Bad) -> tuple[datetime | None, datetime | None, datetime | None]:
        """``starts_at``, ``ends_at`` and ``modified``; an end needs a start and may not come before it."""
        stamps: dict[str, datetime | None] = {}
        for name in ("starts_at", "ends_at", "modified"):
            raw = _str(v.get(name))
            stamps[name] = None
            if raw:
                try:
                    stamps[name] = parse_datetime(raw)
                except ValueError:
                    bad(name, f"{raw!r} is not a date and time such as 2026-11-14T18:00")
        starts_at, ends_at = stamps["starts_at"], stamps["ends_at"]
        if ends_at and not starts_at and not _str(v.get("starts_at")):
            bad("ends_at", "given without starts_at")
        if starts_at and ends_at and ends_at < starts_at:
            bad("ends_at", "is before starts_at")
        return starts_at, ends_at, stamps["modified"]

    def _location(self, rec: Record, municipality: str, bad: _Bad) -> Location | None:
        v = rec.values
        coords = _numbers(v, ("easting", "northing", "lat", "lon"), bad)
        east, north = _projected_point(v, coords["easting"], coords["northing"], bad)
        lat, lon = _wgs84_point(v, coords["lat"], coords["lon"], bad)
        hours = _hours(v, bad)
        postal = _postal_code(v, bad)

        def two(fi_field: str, sv_field: str) -> dict[str, str]:
            return textclean.texts({"fi": _str(v.get(fi_field)), "sv": _str(v.get(sv_field))}, 200, single_line=True)

        names = _lang_texts(rec, "place", textclean.MAX_NAME, single_line=True)
        street = two("address", "address_sv")
        post_office = two("post_office", "post_office_sv")
        accessibility = _lang_texts(rec, "accessibility", textclean.MAX_SUMMARY)
        if not (names or street or postal or post_office or accessibility or hours or east or lat or municipality):
            return None
        return Location(
            names=names,
            street=street,
            postal_code=postal or None,
            post_office=post_office,
            municipality=municipality or None,
            easting=east,
            northing=north,
            lat=lat,
            lon=lon,
            hours=hours,
            accessibility=accessibility,
        )

    def _phones(self, raw: Any, bad: _Bad) -> list[Phone]:
        phones: list[Phone] = []
        parts = raw if isinstance(raw, list) else re.split(r"[;,]", _str(raw))
        for part in parts:
            number = _str(part)
            if not number:
                continue
            digits = re.sub(r"\D", "", number)
            if not re.fullmatch(r"\+?[\d\s()\-]+", number) or len(digits) < 5:
                bad("phone", f"{number!r} is not a phone number such as 044 123 4567 or +358 44 123 4567")
            else:
                phones.append(Phone(number=" ".join(number.split())))
        return phones


# ------------------------------------------------------------------------------------------------- API


def load_local_items(path: Path | str, *, source: str | None = None) -> list[TrayItem]:
    """Read a local additions file (``.csv`` or ``.json``) into tray items.

    Raises :class:`LocalFormatError` listing every problem (file, line, field) when anything is wrong:
    a partly valid file is not used, so that a typo never hides an activity silently.
    """
    path = Path(path)
    problems = Problems(path.name)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        problems.add(0, "", "the file name must end in .csv or .json")
        raise LocalFormatError(problems.items)
    text = read_text(path, problems)
    if text is None:
        raise LocalFormatError(problems.items)
    records = csv_records(text, problems) if suffix == ".csv" else json_records(text, problems)
    converter = _Converter(problems, source or f"local:{path.name}", area_keys())
    items: list[TrayItem] = []
    first_line: dict[str, int] = {}
    for rec in records:
        item = converter.item(rec)
        raw_id = _str(rec.values.get("id"))
        if raw_id:
            if raw_id in first_line:
                problems.add(rec.line, "id", f"{raw_id!r} is already used on line {first_line[raw_id]}")
            else:
                first_line[raw_id] = rec.line
        if item is not None:
            items.append(item)
    if problems.items:
        problems.items.sort(key=lambda p: p[1])
        raise LocalFormatError(problems.items)
    return items


class LocalSource:
    """A source over one local additions file; each fetch reads the whole file again (a full result)."""

    def __init__(self, path: Path, *, name: str | None = None) -> None:
        self.path = Path(path)
        self.name = name or f"local:{self.path.name}"

    def fetch(self, client: object, request: FetchRequest) -> SourceResult:
        """Read the file; ``client`` and ``request`` are unused (the file is the whole truth for this source)."""
        items = load_local_items(self.path, source=self.name)
        return SourceResult(source=self.name, full=True, items=tuple(items), requests=0)


__all__ = [
    "FIELDS",
    "REQUIRED",
    "LocalFormatError",
    "LocalSource",
    "area_keys",
    "load_local_items",
    "parse_datetime",
    "parse_hours",
]
