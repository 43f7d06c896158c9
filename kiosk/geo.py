"""Distances between EPSG:3067 (ETRS-TM35FIN) points, and how they are written per language.

Within Finland TM35FIN is a conformal projection with a scale error under 0.1 %, so the plain
Euclidean distance between two points in metres is the distance on the ground, as the crow flies.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable

from babel.numbers import format_decimal

Point = tuple[float, float]


def distance_m(a: Point, b: Point) -> float:
    """Metres between two EPSG:3067 points."""
    return math.hypot(a[0] - b[0], a[1] - b[1])


def nearest_m(home: Point | None, points: Iterable[Point]) -> float | None:
    """The distance from ``home`` to the nearest of ``points``; ``None`` without a home or points."""
    if home is None:
        return None
    best: float | None = None
    for point in points:
        d = distance_m(home, point)
        if best is None or d < best:
            best = d
    return best


def centroid(points: Iterable[Point]) -> Point | None:
    """The mean of the points, or ``None`` when there are none."""
    n = 0
    east = north = 0.0
    for e, no in points:
        east += e
        north += no
        n += 1
    return (east / n, north / n) if n else None


def _locale(lang: str) -> str:
    return lang if lang in ("fi", "sv", "en") else "en"


def distance_text(metres: float | None, lang: str) -> str | None:
    """"800 m", "2,4 km" (fi, sv: decimal comma) / "2.4 km" (en), "24 km" from ten kilometres on."""
    if metres is None or math.isnan(metres) or metres < 0:
        return None
    tens = int(round(metres / 10.0)) * 10
    if tens < 1000:
        return f"{max(10, tens)} m"
    km = round(metres / 1000.0, 1)
    if km < 10:
        return _km(km, "0.0", _locale(lang))
    return _km(float(round(metres / 1000.0)), "0", _locale(lang))


@functools.lru_cache(maxsize=4096)
def _km(km: float, pattern: str, locale: str) -> str:
    return f"{format_decimal(km, format=pattern, locale=locale)} km"
