"""Municipalities: names in fi / sv / en and an approximate centre in EPSG:3067 metres.

The names and centres are content, kept in ``kiosk/content/municipalities.toml`` (see the comments
there). :func:`load_places` reads and checks that file and reports a mistake with its file and line, as
:mod:`kiosk.areas` does (through :mod:`kiosk.contentfile`). A code the file does not know is shown as the code itself, never hidden.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.contentfile import Node, read_content
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
    root = read_content(path).root()
    root.known(("municipality",), hint='[municipality."<code>"] tables')
    table = root.table("municipality", what='[municipality."<code>"] tables')
    if not table.keys():
        raise root.fail('no [municipality."<code>"] tables', "municipality")
    return PlaceCatalogue({code: _municipality(table, code) for code in table.keys()})


def _municipality(table: Node, code: str) -> Municipality:
    if not _CODE_RE.match(code):
        raise table.fail(f"{code!r} is not a three-digit municipality code such as \"205\"", code)
    node = table.table(code, what="a table with fi, sv, en and centre")
    node.known(_FIELDS)
    if "fi" not in node:
        raise node.fail("missing field 'fi' (the Finnish name)")
    what = "a name (leave the field out to use the Finnish name)"
    finnish = node.text("fi", what=what)
    names = {"fi": finnish, "sv": node.text("sv", finnish, what=what), "en": node.text("en", finnish, what=what)}
    return Municipality(code, names, _centre(node) if "centre" in node else None)


def _centre(node: Node) -> Point:
    raw = node.value("centre")
    if (
        not isinstance(raw, list)
        or len(raw) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw)
    ):
        raise node.fail("expected [easting, northing] in EPSG:3067 metres", "centre")
    easting, northing = float(raw[0]), float(raw[1])
    if not (EASTING_RANGE[0] <= easting <= EASTING_RANGE[1] and NORTHING_RANGE[0] <= northing <= NORTHING_RANGE[1]):
        raise node.fail(f"({easting:.0f}, {northing:.0f}) is outside Finland in EPSG:3067", "centre")
    return (easting, northing)
