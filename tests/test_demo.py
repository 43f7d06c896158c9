"""The bundled demo tray: deterministic generator, committed file up to date, coverage and example markers."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from kiosk.areas import load_areas
from kiosk.demo import DEMO_PATH, DemoError, load_demo
from kiosk.model import EASTING_RANGE, NORTHING_RANGE

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_demo_tray.py"
KAINUU = {"205", "765", "290", "777", "105", "620", "578", "697"}
POSTAL = {
    "205": "87100",
    "765": "88600",
    "290": "88900",
    "777": "89600",
    "105": "89400",
    "620": "89200",
    "578": "88300",
    "697": "88400",
}


@pytest.fixture(scope="module")
def demo():
    return load_demo()


def _run(out: Path) -> bytes:
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], check=True, capture_output=True, cwd=ROOT)
    return out.read_bytes()


def test_generator_is_deterministic_and_the_committed_file_is_current(tmp_path):
    first = _run(tmp_path / "a.json")
    second = _run(tmp_path / "b.json")
    assert first == second
    assert first == DEMO_PATH.read_bytes(), "offline_cache/demo-tray.json is stale: run scripts/make_demo_tray.py"


def test_demo_path_points_into_the_repo():
    assert DEMO_PATH == ROOT / "offline_cache" / "demo-tray.json"


def test_region_and_size(demo):
    assert demo.region.name == "Kainuu (esimerkki)"
    assert set(demo.region.municipalities) == KAINUU
    assert demo.region.home_municipality == "205"
    assert demo.generated.isoformat() == "2026-11-01T06:00:00+00:00"
    assert len(demo.items) >= 300
    assert len({i.id for i in demo.items}) == len(demo.items)
    assert all(i.id.startswith("demo:") and i.source == "demo" for i in demo.items)


def test_every_content_area_is_well_covered(demo):
    counts = Counter(key for item in demo.items for key in item.categories)
    keys = load_areas().keys
    assert len(keys) == 14
    for key in keys:
        assert counts[key] >= 8, key
    assert set(counts) <= set(keys)


def test_languages_of_names(demo):
    full = [i for i in demo.items if {"fi", "sv", "en"} <= set(i.names)]
    fi_only = [i for i in demo.items if set(i.names) == {"fi"}]
    assert len(full) > len(demo.items) / 2
    assert fi_only
    assert all("fi" in i.names for i in demo.items)
    assert any({"ru", "ar", "so"} & set(i.languages) for i in demo.items if "integration" in i.categories)


def test_municipalities_addresses_and_coordinates(demo):
    present = {code for item in demo.items for code in item.municipalities}
    assert present == KAINUU
    located = [loc for item in demo.items for loc in item.locations]
    assert len(located) >= 300
    for loc in located:
        assert loc.municipality in KAINUU
        assert loc.postal_code == POSTAL[loc.municipality]
        assert loc.easting is not None and loc.northing is not None
        assert EASTING_RANGE[0] <= loc.easting <= EASTING_RANGE[1]
        assert NORTHING_RANGE[0] <= loc.northing <= NORTHING_RANGE[1]
        # Kainuu itself: roughly E 480–680 km, N 7 050–7 260 km
        assert 480_000 <= loc.easting <= 680_000 and 7_050_000 <= loc.northing <= 7_260_000
        assert 1 <= len(loc.hours) <= 3 or not loc.hours
    assert any(loc.accessibility for loc in located)


def test_every_item_is_marked_as_example_data(demo):
    markers = {"fi": "Esimerkkitieto.", "sv": "Exempeldata.", "en": "Example data."}
    org_markers = {"fi": "(esimerkki)", "sv": "(exempel)", "en": "(example)"}
    for item in demo.items:
        assert item.demo
        assert item.organisation is not None
        for lang, name in item.organisation.names.items():
            assert name.endswith(org_markers[lang]), name
        assert set(item.summaries) == set(item.names)
        for lang, text in item.summaries.items():
            assert text.startswith(markers[lang]) or text.endswith(markers[lang]), text
        assert all(w.url.startswith("https://esimerkki.example/") for w in item.web)
        assert all(e.endswith("@esimerkki.example") for e in item.emails)


def test_variety(demo):
    costs = Counter(i.cost for i in demo.items)
    assert 0.5 <= costs["free"] / len(demo.items) <= 0.75 and costs["charged"] and costs["unknown"]
    programmes = {p for i in demo.items for p in i.programmes}
    assert {"kaikukortti", "liikuntalahete", "kulttuurilahete", "hyvinvointilahete"} <= programmes
    assert any(i.kind == "event" and i.starts_at for i in demo.items)
    assert any(i.online for i in demo.items)
    nationwide = [i for i in demo.items if i.nationwide]
    assert nationwide and all(not i.phones and not i.areas for i in nationwide)  # no fake helpline numbers
    assert {i.organisation.type for i in demo.items if i.organisation} >= {"county", "municipality", "ngo"}
    groups = {g for i in demo.items for g in i.target_groups}
    assert "KR1" in groups and "KR1.1" in groups and "KR1.2" not in groups
    assert all(i.service_classes for i in demo.items)
    assert len({i.modified.month for i in demo.items if i.modified}) >= 8


def test_missing_and_corrupt_files_give_clear_errors(tmp_path):
    with pytest.raises(DemoError, match="not found"):
        load_demo(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 1,\n "items": [', encoding="utf-8")
    with pytest.raises(DemoError, match="not valid JSON"):
        load_demo(bad)
    bad.write_text(
        '{"format": 1, "region": {"name": "X"}, "generated": "2026-11-01T06:00:00+00:00",'
        ' "items": [{"id": "demo:1", "kind": "service", "names": {}, "source": "demo"}]}',
        encoding="utf-8",
    )
    with pytest.raises(DemoError, match=r"item 1 \(demo:1\)"):
        load_demo(bad)
    bad.write_text('{"format": 2}', encoding="utf-8")
    with pytest.raises(DemoError, match="unsupported format"):
        load_demo(bad)
