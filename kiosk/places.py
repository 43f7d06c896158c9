"""Municipalities: names in fi / sv / en and an approximate centre in EPSG:3067 metres.

The names and centres are content, kept in ``kiosk/content/municipalities.toml`` (see the comments
there). :func:`load_places` reads and checks that file and reports a mistake with its file and line, as
:mod:`kiosk.areas` does. A code the file does not know is shown as the code itself, never hidden.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.areas import (
    ContentError,
    PathPart,
    find_line,
    read_content_toml,
    toml_key_lines,
)
from kiosk.model import EASTING_RANGE, NORTHING_RANGE

DEFAULT_PLACES_FILE = Path(__file__).resolve().parent / "content" / "municipalities.toml"

Point = tuple[float, float]

_CODE_RE = re.compile(r"^\d{3}$")
_FIELDS = ("fi", "sv", "en", "centre")


@dataclass(frozen=True)
class Municipality:
    code: str
    names: dict[str, str]  # fi always; sv and en default to fi
    centre: Point | None = None

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["fi"]


@dataclass(frozen=True)
class PlaceCatalogue:
    municipalities: dict[str, Municipality] = field(default_factory=dict)

    def get(self, code: str) -> Municipality | None:
        return self.municipalities.get(code)

    def name(self, code: str, lang: str) -> str:
        """The municipality's name in ``lang``; an unknown code is returned as it is."""
        found = self.municipalities.get(code)
        return found.name(lang) if found is not None else code

    def centre(self, code: str) -> Point | None:
        found = self.municipalities.get(code)
        return found.centre if found is not None else None

    def nearest(self, point: Point, codes: Iterable[str] | None = None) -> str | None:
        """The code (among ``codes``, default all) whose centre is nearest to ``point``."""
        best: tuple[float, str] | None = None
        for code in self.municipalities if codes is None else codes:
            centre = self.centre(code)
            if centre is None:
                continue
            d = math.hypot(centre[0] - point[0], centre[1] - point[1])
            if best is None or (d, code) < best:
                best = (d, code)
        return best[1] if best else None


def load_places(path: Path | None = None) -> PlaceCatalogue:
    """Read and check a municipalities file; ``None`` = the bundled file (read once)."""
    if path is None:
        return _load_default()
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _load_default() -> PlaceCatalogue:
    return _load(DEFAULT_PLACES_FILE)


def municipality_name(code: str, lang: str) -> str:
    return load_places().name(code, lang)


def _load(path: Path) -> PlaceCatalogue:
    text, data = read_content_toml(path)
    return _Reader(path, text).catalogue(data)


class _Reader:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = toml_key_lines(text)

    def fail(self, where: Sequence[PathPart], message: str) -> ContentError:
        name = ".".join(str(p) for p in where[1:]) if len(where) > 1 else ".".join(str(p) for p in where)
        return ContentError(self.path, find_line(self.lines, where), name or None, message)

    def catalogue(self, data: dict[str, Any]) -> PlaceCatalogue:
        for key in data:
            if key != "municipality":
                raise self.fail((key,), "unknown field (expected [municipality.\"<code>\"] tables)")
        raw = data.get("municipality", {})
        if not isinstance(raw, dict) or not raw:
            raise self.fail(("municipality",), 'no [municipality."<code>"] tables')
        out: dict[str, Municipality] = {}
        for code, entry in raw.items():
            out[code] = self.municipality(code, entry)
        return PlaceCatalogue(out)

    def municipality(self, code: str, raw: Any) -> Municipality:
        at: tuple[PathPart, ...] = ("municipality", code)
        if not _CODE_RE.match(code):
            raise self.fail(at, f"{code!r} is not a three-digit municipality code such as \"205\"")
        if not isinstance(raw, dict):
            raise self.fail(at, "expected a table with fi, sv, en and centre")
        for name in raw:
            if name not in _FIELDS:
                raise self.fail((*at, name), f"unknown field (expected one of {', '.join(_FIELDS)})")
        if "fi" not in raw:
            raise self.fail(at, "missing field 'fi' (the Finnish name)")
        names: dict[str, str] = {}
        for lang in ("fi", "sv", "en"):
            value = raw.get(lang, names.get("fi"))
            if not isinstance(value, str) or not value.strip():
                raise self.fail((*at, lang), "expected a name (leave the field out to use the Finnish name)")
            names[lang] = value.strip()
        return Municipality(code, names, self.centre(at, raw.get("centre")))

    def centre(self, at: tuple[PathPart, ...], raw: Any) -> Point | None:
        if raw is None:
            return None
        where = (*at, "centre")
        if (
            not isinstance(raw, list)
            or len(raw) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw)
        ):
            raise self.fail(where, "expected [easting, northing] in EPSG:3067 metres")
        easting, northing = float(raw[0]), float(raw[1])
        if not (EASTING_RANGE[0] <= easting <= EASTING_RANGE[1] and NORTHING_RANGE[0] <= northing <= NORTHING_RANGE[1]):
            raise self.fail(where, f"({easting:.0f}, {northing:.0f}) is outside Finland in EPSG:3067")
        return (easting, northing)
