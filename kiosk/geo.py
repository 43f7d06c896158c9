"""Distances between EPSG:3067 (ETRS-TM35FIN) points, how they are written per language, and WGS84 → TM35FIN.

Within Finland TM35FIN is a conformal projection with a scale error under 0.1 %, so the plain
Euclidean distance between two points in metres is the distance on the ground, as the crow flies.
Sources that give latitude and longitude (WGS84) are projected with :func:`wgs84_to_tm35fin`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable

from babel.numbers import format_decimal

Point = tuple[float, float]

# ETRS-TM35FIN: transverse Mercator on the GRS80 ellipsoid, central meridian 27° E, scale 0.9996,
# false easting 500 000 m (JHS 154 / JHS 197). Krüger's series to the fourth power of n, as in JHS 197.
_A = 6378137.0
_F = 1 / 298.257222101
_K0 = 0.9996
_E0 = 500_000.0
_LON0 = math.radians(27.0)
_N = _F / (2 - _F)
_A1 = _A / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64)
_ECC = math.sqrt(2 * _F - _F**2)
_H = (
    _N / 2 - 2 / 3 * _N**2 + 5 / 16 * _N**3 + 41 / 180 * _N**4,
    13 / 48 * _N**2 - 3 / 5 * _N**3 + 557 / 1440 * _N**4,
    61 / 240 * _N**3 - 103 / 140 * _N**4,
    49561 / 161280 * _N**4,
)


def wgs84_to_tm35fin(lat: float, lon: float) -> Point:
    """(easting, northing) in EPSG:3067 metres for a WGS84 (lat, lon) in degrees.

    WGS84 is taken as ETRS89: in Finland they differ by well under a metre at the scale of a kiosk map.
    The formulas are exact to millimetres over Finland; far outside it the result is meaningless (callers
    check it against the model's ranges). ``ValueError`` for a pole or a point 90° or more from 27° E,
    where the projection has no value.
    """
    if not (-90 < lat < 90 and -63 < lon < 117):
        raise ValueError(f"({lat}, {lon}) cannot be projected to ETRS-TM35FIN")
    phi = math.radians(lat)
    q = math.asinh(math.tan(phi)) - _ECC * math.atanh(_ECC * math.sin(phi))
    beta = math.atan(math.sinh(q))
    eta0 = math.atanh(math.cos(beta) * math.sin(math.radians(lon) - _LON0))
    zeta0 = math.asin(math.sin(beta) * math.cosh(eta0))
    zeta, eta = zeta0, eta0
    for i, h in enumerate(_H, start=1):
        zeta += h * math.sin(2 * i * zeta0) * math.cosh(2 * i * eta0)
        eta += h * math.cos(2 * i * zeta0) * math.sinh(2 * i * eta0)
    return (_A1 * eta * _K0 + _E0, _A1 * zeta * _K0)


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
