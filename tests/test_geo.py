"""Distances in EPSG:3067 and their text; municipality names and centres from the content file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.contentfile import ContentError
from kiosk.geo import centroid, distance_m, distance_text, nearest_m, wgs84_to_tm35fin
from kiosk.places import load_places, municipality_name

ROOT = Path(__file__).resolve().parent.parent
KAINUU = ("205", "765", "290", "777", "105", "620", "578", "697")
BIG_CITIES = ("091", "049", "837", "092", "564", "853", "179", "398", "297", "609")


def test_distance_is_euclidean_metres():
    assert distance_m((500_000.0, 7_000_000.0), (503_000.0, 7_004_000.0)) == 5000.0
    assert nearest_m((0.0, 0.0), [(300.0, 400.0), (30.0, 40.0)]) == 50.0
    assert nearest_m(None, [(1.0, 1.0)]) is None
    assert nearest_m((0.0, 0.0), []) is None
    assert centroid([(0.0, 0.0), (2.0, 4.0)]) == (1.0, 2.0)
    assert centroid([]) is None


@pytest.mark.parametrize(
    ("metres", "lang", "text"),
    [
        (2400, "fi", "2,4 km"),
        (2400, "sv", "2,4 km"),
        (2400, "en", "2.4 km"),
        (800, "fi", "800 m"),
        (3, "en", "10 m"),
        (994, "fi", "990 m"),
        (996, "fi", "1,0 km"),
        (9_960, "en", "10 km"),
        (23_600, "fi", "24 km"),
    ],
)
def test_distance_text_per_language(metres: float, lang: str, text: str):
    assert distance_text(metres, lang) == text


def test_no_distance_gives_no_text():
    assert distance_text(None, "fi") is None


def test_names_in_finnish_swedish_and_english():
    assert municipality_name("205", "fi") == "Kajaani"
    assert municipality_name("205", "sv") == "Kajana"
    assert municipality_name("205", "en") == "Kajaani"
    assert municipality_name("091", "sv") == "Helsingfors"
    assert municipality_name("853", "sv") == "Åbo"
    assert municipality_name("290", "sv") == "Kuhmo"  # no Swedish name: the Finnish one


def test_unknown_code_falls_back_to_the_code():
    assert municipality_name("999", "fi") == "999"
    assert load_places().centre("999") is None


def test_every_required_municipality_has_names_and_a_centre():
    places = load_places()
    for code in KAINUU + BIG_CITIES:
        found = places.get(code)
        assert found is not None and found.centre is not None, code
        assert found.names["fi"] and found.names["sv"] and found.names["en"] == found.names["fi"]


def test_kainuu_centres_lie_among_the_demo_tray_places():
    data = json.loads((ROOT / "offline_cache" / "demo-tray.json").read_text(encoding="utf-8"))
    points: dict[str, list[tuple[float, float]]] = {}
    for item in data["items"]:
        for loc in item.get("locations", []):
            if loc.get("easting") is not None:
                points.setdefault(loc["municipality"], []).append((loc["easting"], loc["northing"]))
    places = load_places()
    for code in KAINUU:
        mean = centroid(points[code])
        centre = places.centre(code)
        assert mean is not None and centre is not None
        assert distance_m(mean, centre) < 8000, code
        assert places.nearest(mean) == code


def _load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "municipalities.toml"
    path.write_text(text, encoding="utf-8")
    return load_places(path)


def test_a_region_can_add_a_municipality(tmp_path: Path):
    places = _load(tmp_path, '[municipality."140"]\nfi = "Iisalmi"\nsv = "Idensalmi"\ncentre = [514000, 7056000]\n')
    assert places.name("140", "sv") == "Idensalmi"
    assert places.centre("140") == (514000.0, 7056000.0)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[municipality."205"]\nsv = "Kajana"\n', 1, "missing field 'fi'"),
        ('[municipality."20"]\nfi = "X"\n', 1, "three-digit"),
        ('[municipality."205"]\nfi = "Kajaani"\ncentre = [1, 2]\n', 3, "outside Finland"),
        ('[municipality."205"]\nfi = "Kajaani"\ncentre = "middle"\n', 3, "[easting, northing]"),
        ('[municipality."205"]\nfi = "Kajaani"\nname = "x"\n', 3, "unknown field"),
        ('[municipality."205"]\nfi = ""\n', 2, "expected a name"),
        ('[municipality."205"]\nfi = "Kajaani\n', 2, "TOML syntax error"),
        ("# nothing\n", None, "no [municipality"),
    ],
)
def test_mistakes_are_reported_with_file_and_line(tmp_path: Path, text: str, line: int | None, words: str):
    with pytest.raises(ContentError) as caught:
        _load(tmp_path, text)
    assert caught.value.line == line
    assert words in str(caught.value)
    assert "municipalities.toml" in str(caught.value)


@pytest.mark.parametrize(
    ("lat", "lon", "easting", "northing"),
    [
        # JHS 197 (EUREF-FIN coordinate systems), appendix 3, worked example: point G4 (Geta, Åland),
        # 60°23′06.38474″ N 19°50′53.29237″ E → N 6 715 706.37708, E 106 256.35961 (ETRS-TM35FIN).
        (60 + 23 / 60 + 6.38474 / 3600, 19 + 50 / 60 + 53.29237 / 3600, 106_256.35961, 6_715_706.37708),
        # An independent implementation: lupapiste/lupapiste test/sade/coordinate_test.clj ("WGS84 to
        # EPSG:3067 works"): 64.715 N 25.34 E → (420893.9342, 7177728.7700).
        (64.715, 25.34, 420_893.9342, 7_177_728.7700),
    ],
)
def test_wgs84_to_tm35fin_matches_published_points(lat: float, lon: float, easting: float, northing: float):
    e, n = wgs84_to_tm35fin(lat, lon)
    assert abs(e - easting) < 0.01 and abs(n - northing) < 0.01


def test_wgs84_to_tm35fin_on_the_central_meridian_and_far_away():
    e, _ = wgs84_to_tm35fin(65.0, 27.0)
    assert abs(e - 500_000.0) < 1e-6  # the false easting
    with pytest.raises(ValueError):
        wgs84_to_tm35fin(0.0, 117.0)  # 90° from the central meridian: no value
    with pytest.raises(ValueError):
        wgs84_to_tm35fin(90.0, 27.0)
