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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.contentfile import LANG_RE, Node, read_content, unique

DEFAULT_AREAS_FILE = Path(__file__).resolve().parent / "content" / "areas.toml"

NAME_FALLBACK: tuple[str, ...] = ("fi", "sv", "en")
CONCEPTS: tuple[str, ...] = ("M", "R", "")
COMPOUND_MIN = 5

CLASS_CODE_RE = re.compile(r"^P\d+(\.\d+)*$")
_AREA_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
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




def _load(path: Path) -> AreaCatalogue:
    root = read_content(path).root()
    root.known(_TOP_FIELDS)
    blocks = root.each("area", required=True)
    areas = [_area(block) for block in blocks]
    unique(zip(blocks, (a.key for a in areas), strict=True), "key", "area")
    return AreaCatalogue(tuple(areas), _shared(root.table("shared_classes", what='a table of "code" = "area key"'), areas))


def _area(node: Node) -> ContentArea:
    node.known(_AREA_FIELDS)
    key = node.text("key", pattern=_AREA_KEY_RE, what="a lowercase key such as 'sports'")
    if "names" not in node:
        raise node.fail("missing [area.names] (fi, sv and en)")
    classes = node.list("service_classes", [], what='a list of codes such as ["P27.1"]')
    for code in classes:
        if not isinstance(code, str) or not CLASS_CODE_RE.match(code):
            raise node.fail(f"{code!r} is not a PTV service-class code such as 'P27.1'", "service_classes")
    keywords = _keywords(node.table("keywords", what="a table of language = [stems]"))
    alone = node.flag("keywords_alone", False)
    if alone and not keywords:
        raise node.fail("keywords_alone needs keywords", "keywords_alone")
    return ContentArea(
        key=key,
        names=node.texts_per_language("names", noun="name"),
        concept=node.choice("concept", CONCEPTS, "", what='"M", "R" or ""'),
        number=node.text("number", "", pattern=_NUMBER_RE, what='a section number such as "5.1" (or "")'),
        minimum=node.flag("minimum", False),
        service_classes=tuple(dict.fromkeys(classes)),
        keywords=keywords,
        colour=node.text("colour", pattern=_COLOUR_RE, what="a colour such as '#1C5D99'") if "colour" in node else None,
        keywords_alone=alone,
    )


def _keywords(node: Node) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for lang in node.keys():
        if not LANG_RE.match(lang):
            raise node.fail(f"{lang!r} is not a language code such as 'fi'", lang)
        cleaned: list[str] = []
        for stem in node.list(lang, what='a list of word stems such as ["päih", "alkoh"]'):
            if not isinstance(stem, str) or not _STEM_RE.match(stem.strip()):
                raise node.fail(f"{stem!r} is not a word stem", lang)
            cleaned.append(stem.strip().lower())
        if cleaned:
            out[lang] = tuple(dict.fromkeys(cleaned))
    return out


def _shared(node: Node, areas: Sequence[ContentArea]) -> dict[str, str]:
    out: dict[str, str] = {}
    for code in node.keys():
        if not CLASS_CODE_RE.match(code):
            raise node.fail(f"{code!r} is not a PTV service-class code such as 'P5.7'", code)
        key = node.value(code)
        listing = [a.key for a in areas if code in a.service_classes]
        if key not in listing:
            lists = ", ".join(listing) or "no area"
            raise node.fail(f"{key!r} does not list {code} (listed by: {lists})", code)
        out[code] = key
    return out

