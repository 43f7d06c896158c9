"""Content areas (the tray's categories) and how an item is placed in them.

The areas, their names, PTV service-class codes and keyword stems are content, kept in
``kiosk/content/areas.toml`` (see the comments there). :func:`load_areas` reads and checks that file;
:meth:`AreaCatalogue.classify` places an item by its service classes and, where the classes do not decide
(a code shared by several areas, such as P5.7 for mental wellbeing and substances), by its text.

Class codes match exactly or as a parent: a configured ``P27.1`` covers ``P27.1`` and ``P27.1.2`` but not
``P27.10``.

Text matching: texts are lowercased; a stem matches at the start of a word (``päih`` in ``päihteet``);
stems of five characters or more also match inside a word, because Finnish and Swedish compounds put the
telling word in the middle (``alkoholi`` in ``alkoholiongelma``, ``beroend`` in ``spelberoende``).
A leading ``^`` keeps a stem to word starts (``^ensam`` not in ``gemensam``); a trailing ``$`` makes it
end with the word (``^kris$`` is the word "kris" only).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_AREAS_FILE = Path(__file__).resolve().parent / "content" / "areas.toml"

NAME_FALLBACK: tuple[str, ...] = ("fi", "sv", "en")
REQUIRED_LANGUAGES: dict[str, str] = {"fi": "Finnish", "sv": "Swedish", "en": "English"}
CONCEPTS: tuple[str, ...] = ("M", "R", "")
COMPOUND_MIN = 5

CLASS_CODE_RE = re.compile(r"^P\d+(\.\d+)*$")
_AREA_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
_NUMBER_RE = re.compile(r"^(\d+(\.\d+)*)?$")
_COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
_STEM_RE = re.compile(r"^\^?[^\^$\s](.*[^\^$\s])?\$?$")

_AREA_FIELDS = (
    "key",
    "names",
    "concept",
    "number",
    "minimum",
    "service_classes",
    "keywords",
    "keywords_alone",
    "colour",
)
_TOP_FIELDS = ("area", "shared_classes")


class ContentError(ValueError):
    """A content file is wrong. ``file``, ``line`` (1-based, or None) and ``field`` say where."""

    def __init__(self, file: Path | str | None, line: int | None, field: str | None, message: str) -> None:
        self.file = Path(file) if file is not None else None
        self.line = line
        self.field = field
        self.message = message
        super().__init__(_where(self.file, line, "field", field) + message)


def _where(file: Path | None, line: int | None, label: str, name: str | None) -> str:
    parts = []
    if file is not None:
        parts.append(file.name)
    if line is not None:
        parts.append(f"line {line}")
    if name:
        parts.append(f"{label} {name!r}")
    return ", ".join(parts) + ": " if parts else ""


# --- finding lines in TOML text -------------------------------------------------------------------

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_PART = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_ARRAY_HEADER = re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_HEADER = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_KEY_LINE = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART_RE = re.compile(_PART)

PathPart = str | int


def _split_dotted(dotted: str) -> list[str]:
    out = []
    for m in _PART_RE.finditer(dotted):
        part = m.group(0)
        if part[:1] in "\"'":
            part = part[1:-1]
        out.append(part)
    return out


def toml_key_lines(text: str) -> dict[tuple[PathPart, ...], int]:
    """Map each table header and key in TOML ``text`` to its 1-based line number.

    Array-of-tables entries get their 0-based index in the path: the second ``[[area]]`` block's
    ``[area.names]`` ``sv`` key is ``("area", 1, "names", "sv")``. A best-effort scan (multi-line strings
    are skipped) meant only for error messages; tomllib has checked the syntax before.
    """
    lines: dict[tuple[PathPart, ...], int] = {}
    counters: dict[tuple[str, ...], int] = {}
    current: tuple[PathPart, ...] = ()
    in_string: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if raw.count(in_string) % 2 == 1:
                in_string = None
            continue
        if m := _ARRAY_HEADER.match(raw):
            names = tuple(_split_dotted(m.group(1)))
            counters[names] = counters.get(names, 0) + 1
            current = _resolve(names, counters)
            lines.setdefault(current, number)
        elif m := _TABLE_HEADER.match(raw):
            current = _resolve(tuple(_split_dotted(m.group(1))), counters)
            lines.setdefault(current, number)
        elif m := _KEY_LINE.match(raw):
            lines.setdefault((*current, *_split_dotted(m.group(1))), number)
        for quote in ('"""', "'''"):
            if raw.count(quote) % 2 == 1:
                in_string = quote
                break
    return lines


def _resolve(names: tuple[str, ...], counters: Mapping[tuple[str, ...], int]) -> tuple[PathPart, ...]:
    path: list[PathPart] = []
    for i, name in enumerate(names):
        path.append(name)
        count = counters.get(names[: i + 1])
        if count:
            path.append(count - 1)
    return tuple(path)


def find_line(lines: Mapping[tuple[PathPart, ...], int], path: Sequence[PathPart]) -> int | None:
    """The line of ``path``, or of its nearest enclosing key or table that is in the file."""
    probe = tuple(path)
    while probe:
        if probe in lines:
            return lines[probe]
        probe = probe[:-1]
    return None


def syntax_error_line(error: tomllib.TOMLDecodeError, text: str) -> int | None:
    """The line number in tomllib's message ("… (at line 3, column 9)"); end of document = last line."""
    message = str(error)
    if m := re.search(r"at line (\d+)", message):
        return int(m.group(1))
    if "end of document" in message:
        return max(1, len(text.splitlines()))
    return None


def syntax_error_message(error: tomllib.TOMLDecodeError) -> str:
    message = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)\s*$", "", str(error))
    return f"TOML syntax error: {message}"


# --- the model ------------------------------------------------------------------------------------


def _stem_pattern(stem: str) -> str:
    start_only = stem.startswith("^")
    whole = stem.endswith("$")
    core = stem.removeprefix("^").removesuffix("$")
    body = re.escape(core).replace(r"\ ", r"\s+")
    if start_only or len(core) < COMPOUND_MIN:
        body = r"(?<!\w)" + body
    if whole:
        body += r"(?!\w)"
    return body


def code_matches(configured: str, code: str) -> bool:
    """True when ``code`` is ``configured`` or one of its sub-codes (``P27.1`` ⊇ ``P27.1.2``, not ``P27.10``)."""
    return code == configured or code.startswith(configured + ".")


@dataclass(frozen=True)
class ContentArea:
    key: str
    names: dict[str, str]
    concept: str = ""
    number: str = ""
    minimum: bool = False
    service_classes: tuple[str, ...] = ()
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    colour: str | None = None
    keywords_alone: bool = False
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        stems = [stem for words in self.keywords.values() for stem in words]
        if stems:
            pattern = re.compile("|".join(_stem_pattern(s) for s in stems))
            object.__setattr__(self, "_pattern", pattern)

    def name(self, lang: str) -> str:
        for code in (lang, *NAME_FALLBACK):
            if code in self.names:
                return self.names[code]
        return next(iter(self.names.values()), self.key)

    def matches_text(self, text: str) -> bool:
        """True when one of the area's keyword stems occurs in ``text`` (already lowercased)."""
        return self._pattern is not None and self._pattern.search(text) is not None


@dataclass(frozen=True)
class AreaCatalogue:
    """The content areas in display order, and the rules that place an item in them.

    ``shared_defaults`` names, for a class code listed by several areas, the area an item goes to when
    its text matches none of those areas' keywords (default: the first of them in catalogue order).
    """

    areas: tuple[ContentArea, ...]
    shared_defaults: dict[str, str] = field(default_factory=dict)
    _by_key: dict[str, ContentArea] = field(init=False, repr=False, compare=False, default_factory=dict)
    _claims: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False, default_factory=dict)
    # class code as received → the (configured code, claimants) pairs it falls under; filled as codes are seen
    _code_claims: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        by_key: dict[str, ContentArea] = {}
        claims: dict[str, list[str]] = {}
        for area in self.areas:
            if area.key in by_key:
                raise ValueError(f"content area {area.key!r} is listed twice")
            by_key[area.key] = area
            for code in area.service_classes:
                claimants = claims.setdefault(code, [])
                if area.key not in claimants:
                    claimants.append(area.key)
        for code, key in self.shared_defaults.items():
            if key not in claims.get(code, []):
                raise ValueError(f"shared class {code}: area {key!r} does not list it")
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_claims", {code: tuple(keys) for code, keys in claims.items()})

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(area.key for area in self.areas)

    def __iter__(self) -> Iterator[ContentArea]:
        return iter(self.areas)

    def __len__(self) -> int:
        return len(self.areas)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def get(self, key: str) -> ContentArea | None:
        return self._by_key.get(key)

    def all_service_classes(self) -> tuple[str, ...]:
        """Every class code in the catalogue, sorted and unique (for asking a source only for these)."""
        return tuple(sorted(self._claims))

    def minimum_keys(self) -> tuple[str, ...]:
        return tuple(area.key for area in self.areas if area.minimum)

    def name(self, key: str, lang: str) -> str:
        """The area's name in ``lang``, else in fi, sv, en; an unknown key is returned as it is."""
        area = self._by_key.get(key)
        return area.name(lang) if area is not None else key

    def classify(self, service_classes: Iterable[str], texts: Iterable[str]) -> tuple[str, ...]:
        """Content-area keys for an item with these class codes and texts, in catalogue order.

        A code claimed by one area places the item there. A code claimed by several areas (P5.7) goes to
        each of them whose keywords match the texts, or, if none matches, to the shared default. An item
        none of whose codes is claimed goes to the areas with ``keywords_alone`` whose keywords match.
        """
        found: set[str] = set()
        text: str | None = None

        def joined() -> str:
            nonlocal text
            if text is None:
                text = "\n".join(t for t in texts if isinstance(t, str)).lower()
            return text

        for code in service_classes:
            for configured, claimants in self._claims_of(code):
                if len(claimants) == 1:
                    found.add(claimants[0])
                    continue
                chosen = [key for key in claimants if self._by_key[key].matches_text(joined())]
                if not chosen:
                    chosen = [self.shared_defaults.get(configured, claimants[0])]
                found.update(chosen)
        if not found:
            for area in self.areas:
                if area.keywords_alone and area.matches_text(joined()):
                    found.add(area.key)
        if len(found) == 1:
            return (next(iter(found)),)
        return tuple(area.key for area in self.areas if area.key in found)

    def _claims_of(self, code: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The configured codes that ``code`` falls under, with their claimants (looked up once per code)."""
        known = self._code_claims.get(code)
        if known is None:
            known = tuple((c, keys) for c, keys in self._claims.items() if code_matches(c, code))
            if len(self._code_claims) < 10_000:  # codes come from outside: keep the memo bounded
                self._code_claims[code] = known
        return known


# --- loading --------------------------------------------------------------------------------------


def load_areas(path: Path | None = None) -> AreaCatalogue:
    """Read and check a content-areas file; ``None`` = the bundled ``kiosk/content/areas.toml`` (cached)."""
    if path is None:
        return _load_default()
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _load_default() -> AreaCatalogue:
    return _load(DEFAULT_AREAS_FILE)


def read_content_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """The text and parsed TOML of a content file; any problem is a :class:`ContentError` with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(path, None, None, f"content file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path, None, None, f"cannot read the file: {exc}") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(path, syntax_error_line(exc, text), None, syntax_error_message(exc)) from None


def _load(path: Path) -> AreaCatalogue:
    text, data = read_content_toml(path)
    return _Reader(path, text).catalogue(data)


class _Reader:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = toml_key_lines(text)

    def fail(self, where: Sequence[PathPart], message: str) -> ContentError:
        """An error at ``where``: ("area", index, field…) or a top-level key path."""
        line = find_line(self.lines, where)
        if where and where[0] == "area" and len(where) > 2:
            name = ".".join(str(p) for p in where[2:])
        else:
            name = ".".join(str(p) for p in where)
        return ContentError(self.path, line, name or None, message)

    def catalogue(self, data: dict[str, Any]) -> AreaCatalogue:
        for key in data:
            if key not in _TOP_FIELDS:
                raise self.fail((key,), f"unknown field (expected {', '.join(_TOP_FIELDS)})")
        raw_areas = data.get("area")
        if not isinstance(raw_areas, list) or not raw_areas:
            raise self.fail(("area",), "no [[area]] blocks")
        areas: list[ContentArea] = []
        seen: dict[str, int] = {}
        for index, raw in enumerate(raw_areas):
            area = self.area(index, raw)
            if area.key in seen:
                raise self.fail(("area", index, "key"), f"{area.key!r} is already used by area {seen[area.key] + 1}")
            seen[area.key] = index
            areas.append(area)
        shared = self.shared(data.get("shared_classes", {}), areas)
        return AreaCatalogue(tuple(areas), shared)

    def area(self, index: int, raw: Any) -> ContentArea:
        at: tuple[PathPart, ...] = ("area", index)
        if not isinstance(raw, dict):
            raise self.fail(at, "expected a table")
        for name in raw:
            if name not in _AREA_FIELDS:
                raise self.fail((*at, name), f"unknown field (expected one of {', '.join(_AREA_FIELDS)})")
        if "key" not in raw:
            raise self.fail(at, "missing field 'key'")
        key = raw["key"]
        if not isinstance(key, str) or not _AREA_KEY_RE.match(key):
            raise self.fail((*at, "key"), f"{key!r} is not a lowercase key such as 'sports'")
        names = self.names(at, raw.get("names"))
        concept = raw.get("concept", "")
        if concept not in CONCEPTS:
            raise self.fail((*at, "concept"), f'{concept!r} is not "M", "R" or ""')
        number = raw.get("number", "")
        if not isinstance(number, str) or not _NUMBER_RE.match(number):
            raise self.fail((*at, "number"), f'{number!r} is not a section number such as "5.1" (or "")')
        flags = {}
        for flag in ("minimum", "keywords_alone"):
            value = raw.get(flag, False)
            if not isinstance(value, bool):
                raise self.fail((*at, flag), f"{value!r} is not true or false")
            flags[flag] = value
        classes = raw.get("service_classes", [])
        if not isinstance(classes, list):
            raise self.fail((*at, "service_classes"), 'expected a list of codes such as ["P27.1"]')
        for code in classes:
            if not isinstance(code, str) or not CLASS_CODE_RE.match(code):
                raise self.fail((*at, "service_classes"), f"{code!r} is not a PTV service-class code such as 'P27.1'")
        colour = raw.get("colour")
        if colour is not None and (not isinstance(colour, str) or not _COLOUR_RE.match(colour)):
            raise self.fail((*at, "colour"), f"{colour!r} is not a colour such as '#1C5D99'")
        keywords = self.keywords(at, raw.get("keywords", {}))
        if flags["keywords_alone"] and not keywords:
            raise self.fail((*at, "keywords_alone"), "keywords_alone needs keywords")
        return ContentArea(
            key=key,
            names=names,
            concept=concept,
            number=number,
            minimum=flags["minimum"],
            service_classes=tuple(dict.fromkeys(classes)),
            keywords=keywords,
            colour=colour,
            keywords_alone=flags["keywords_alone"],
        )

    def names(self, at: tuple[PathPart, ...], raw: Any) -> dict[str, str]:
        if raw is None:
            raise self.fail(at, "missing [area.names] (fi, sv and en)")
        if not isinstance(raw, dict):
            raise self.fail((*at, "names"), "expected a table of language = name")
        for lang, language in REQUIRED_LANGUAGES.items():
            if lang not in raw:
                raise self.fail((*at, "names", lang), f"missing {language} name")
        names: dict[str, str] = {}
        for lang, value in raw.items():
            if not _LANG_RE.match(lang):
                raise self.fail((*at, "names", lang), f"{lang!r} is not a language code such as 'fi'")
            if not isinstance(value, str) or not value.strip():
                raise self.fail((*at, "names", lang), f"empty {REQUIRED_LANGUAGES.get(lang, lang)} name")
            names[lang] = value.strip()
        return names

    def keywords(self, at: tuple[PathPart, ...], raw: Any) -> dict[str, tuple[str, ...]]:
        if not isinstance(raw, dict):
            raise self.fail((*at, "keywords"), "expected a table of language = [stems]")
        out: dict[str, tuple[str, ...]] = {}
        for lang, stems in raw.items():
            where = (*at, "keywords", lang)
            if not _LANG_RE.match(lang):
                raise self.fail(where, f"{lang!r} is not a language code such as 'fi'")
            if not isinstance(stems, list):
                raise self.fail(where, 'expected a list of word stems such as ["päih", "alkoh"]')
            cleaned: list[str] = []
            for stem in stems:
                if not isinstance(stem, str) or not _STEM_RE.match(stem.strip()):
                    raise self.fail(where, f"{stem!r} is not a word stem")
                cleaned.append(stem.strip().lower())
            if cleaned:
                out[lang] = tuple(dict.fromkeys(cleaned))
        return out

    def shared(self, raw: Any, areas: Sequence[ContentArea]) -> dict[str, str]:
        if not isinstance(raw, dict):
            raise self.fail(("shared_classes",), 'expected a table of "code" = "area key"')
        out: dict[str, str] = {}
        for code, key in raw.items():
            where = ("shared_classes", code)
            if not CLASS_CODE_RE.match(code):
                raise self.fail(where, f"{code!r} is not a PTV service-class code such as 'P5.7'")
            listing = [a.key for a in areas if code in a.service_classes]
            if key not in listing:
                lists = ", ".join(listing) or "no area"
                raise self.fail(where, f"{key!r} does not list {code} (listed by: {lists})")
            out[code] = key
        return out
