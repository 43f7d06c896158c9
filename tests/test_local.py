"""Local additions: CSV (comma, semicolon, BOM) and JSON files, line-numbered errors, hours, the examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.sources.base import FetchRequest, Region, SourceError
from kiosk.sources.local import (
    FIELDS,
    LocalFormatError,
    LocalSource,
    area_keys,
    load_local_items,
    parse_datetime,
    parse_hours,
)

ROOT = Path(__file__).resolve().parent.parent

HEADER = "id,name_fi,name_sv,categories,municipality,hours,cost,online"


def _write(tmp_path: Path, name: str, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_comma_csv_loads(tmp_path):
    path = _write(
        tmp_path,
        "kyla.csv",
        HEADER + "\n"
        'walk,Kävelyryhmä,Promenadgrupp,"sports, nature",205,"ti 10:00-11:30; to 18-19",maksuton,ei\n'
        "cafe,Kielikahvila,,integration,765,,charged,kyllä\n",
    )
    items = load_local_items(path)
    assert [i.id for i in items] == ["local:walk", "local:cafe"]
    walk, cafe = items
    assert walk.names == {"fi": "Kävelyryhmä", "sv": "Promenadgrupp"}
    assert walk.categories == ("sports", "nature")
    assert walk.cost == "free" and not walk.online
    assert walk.kind == "service" and walk.source == "local:kyla.csv"
    assert walk.municipalities == ("205",)
    assert [(r.weekday, r.opens, r.closes) for r in walk.locations[0].hours] == [
        (1, "10:00", "11:30"),
        (3, "18:00", "19:00"),
    ]
    assert cafe.names == {"fi": "Kielikahvila"}
    assert cafe.cost == "charged" and cafe.online


def test_semicolon_csv_with_bom_and_decimal_commas(tmp_path):
    text = (
        "id;name_fi;categories;municipality;lat;lon;easting;northing;postal_code\r\n"
        "a;Avanto-uinti;nature;697;64,5056;28,2153;;;88400\r\n"
        "b;Lukupiiri;culture;91;;;558400;7153900;100\r\n"
    )
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    a, b = load_local_items(path)
    assert a.id == "local:a"  # the BOM did not become part of the first column's name
    assert (a.locations[0].lat, a.locations[0].lon) == (64.5056, 28.2153)
    assert b.areas == ("091",)  # a spreadsheet dropped the leading zero
    assert b.locations[0].postal_code == "00100"
    assert (b.locations[0].easting, b.locations[0].northing) == (558400.0, 7153900.0)


def test_json_list_and_nested_languages(tmp_path):
    path = _write(
        tmp_path,
        "kyla.json",
        """[
  {"id": "x1", "name": {"fi": "Avanto", "sv": "Vak"}, "categories": ["nature"], "municipality": "697",
   "starts_at": "2026-12-05T10:00", "ends_at": "2026-12-05 14:00", "programmes": ["Liikuntalähete"]},
  {"id": "x2", "name_fi": "Kahvila", "categories": "participation,everyday", "municipality": 205,
   "online": true, "languages": ["fi", "sv", "en"], "modified": "1.10.2026"}
]""",
    )
    x1, x2 = load_local_items(path)
    assert x1.names == {"fi": "Avanto", "sv": "Vak"}
    assert x1.kind == "event"
    assert x1.starts_at is not None and x1.starts_at.isoformat() == "2026-12-05T10:00:00+02:00"
    assert x1.programmes == ("liikuntalahete",)
    assert x2.categories == ("participation", "everyday")
    assert x2.areas == ("205",) and x2.online and x2.languages == ("fi", "sv", "en")
    assert x2.modified is not None and x2.modified.date().isoformat() == "2026-10-01"


def test_local_source_fetch_is_full(tmp_path):
    path = _write(
        tmp_path, "k.json", '{"items": [{"id": "a", "name_fi": "A", "categories": "sports", "municipality": "205"}]}'
    )
    result = LocalSource(path).fetch(None, FetchRequest(region=Region(name="Kainuu")))
    assert result.full and result.source == "local:k.json"
    assert [i.id for i in result.items] == ["local:a"]
    assert result.items[0].source == "local:k.json"
    named = LocalSource(path, name="local:kylat").fetch(None, FetchRequest(region=Region()))
    assert named.source == "local:kylat" and named.items[0].source == "local:kylat"


def test_csv_errors_name_file_line_and_field(tmp_path):
    path = _write(
        tmp_path,
        "kyla.csv",
        HEADER
        + "\nok1,Kävely,,sports,205,,,\n"
        + 'ok2,"Kaksi\nriviä",,culture,205,,,\n'
        + "bad,Huono,,sports,Kajaani,,,\n"
        + "ok1,Tupla,,sportz,205,ma 25-26,halpa,ehkä\n",
    )
    with pytest.raises(LocalFormatError) as info:
        load_local_items(path)
    err = info.value
    assert isinstance(err, SourceError)
    # the quoted two-line name occupies lines 3–4, so the bad municipality is on physical line 5
    assert ("kyla.csv", 5, "municipality") in [p[:3] for p in err.problems]
    fields_on_6 = {p[2] for p in err.problems if p[1] == 6}
    assert fields_on_6 == {"id", "categories", "hours", "cost", "online"}
    assert "kyla.csv, line 5, field 'municipality': 'Kajaani' is not a 3-digit municipality code" in str(err)
    dup = next(p for p in err.problems if p[2] == "id")
    assert "already used on line 2" in dup[3]
    cat = next(p for p in err.problems if p[2] == "categories")
    assert "'sportz'" in cat[3] and all(k in cat[3] for k in area_keys())


def test_bad_municipality_on_line_4(tmp_path):
    path = _write(
        tmp_path,
        "k.csv",
        "id;name_fi;categories;municipality\na;A;sports;205\nb;B;sports;765\nc;C;sports;20500\n",
    )
    with pytest.raises(LocalFormatError) as info:
        load_local_items(path)
    assert info.value.problems == [
        ("k.csv", 4, "municipality", "'20500' is not a 3-digit municipality code (Kajaani = 205)")
    ]
    assert (
        str(info.value)
        == "k.csv, line 4, field 'municipality': '20500' is not a 3-digit municipality code (Kajaani = 205)"
    )


def test_json_error_names_the_line_where_the_object_starts(tmp_path):
    text = """{
  "items": [
    {
      "id": "a",
      "name_fi": "Ensimmäinen",
      "categories": ["sports"],
      "municipality": "205"
    },
    {"id": "b", "name_fi": "Toinen", "categories": "culture", "municipality": "765"},


    {
      "id": "c",
      "name_fi": "Kolmas",
      "categories": ["culture"],
      "municipality": "290",
      "email": "ei-osoite",
      "colour": "red"
    }
  ]
}"""
    path = _write(tmp_path, "k.json", text)
    with pytest.raises(LocalFormatError) as info:
        load_local_items(path)
    assert sorted(info.value.problems) == [
        ("k.json", 12, "colour", "unknown field; see docs/local-additions.md for the field names"),
        ("k.json", 12, "email", "'ei-osoite' is not an e-mail address"),
    ]


def test_json_syntax_error_names_the_line(tmp_path):
    path = _write(tmp_path, "k.json", '[\n  {"id": "a",\n   "name_fi": "A"\n   "categories": "sports"}\n]')
    with pytest.raises(LocalFormatError) as info:
        load_local_items(path)
    (problem,) = info.value.problems
    assert problem[:3] == ("k.json", 4, "") and "not valid JSON" in problem[3]


def test_unknown_column_is_an_error_with_a_suggestion(tmp_path):
    path = _write(tmp_path, "k.csv", "id,name_fi,categories,municipality,summary_fl\na,A,sports,205,Teksti\n")
    with pytest.raises(LocalFormatError) as info:
        load_local_items(path)
    assert info.value.problems == [("k.csv", 1, "summary_fl", "unknown field; did you mean 'summary_fi'?")]


def test_missing_required_column_and_values(tmp_path):
    path = _write(tmp_path, "k.csv", "id,name_fi,municipality\n,A,205\n")
    with pytest.raises(LocalFormatError) as info:
        load_local_items(path)
    got = {(p[1], p[2]) for p in info.value.problems}
    assert got == {(1, "categories"), (2, "id")}


def test_html_and_script_are_cleaned(tmp_path):
    path = _write(
        tmp_path,
        "k.csv",
        "id,name_fi,summary_fi,categories,municipality,web\n"
        'a,"<b>Kuntosali</b><script>alert(1)</script> &amp; kahvi","Tule <a href=""javascript:x"">tästä</a>",sports,205,\n'
        "b,<script>alert(1)</script>,,sports,205,javascript:alert(1)\n",
    )
    with pytest.raises(LocalFormatError) as info:
        load_local_items(path)
    assert {(p[1], p[2]) for p in info.value.problems} == {(3, "name_fi"), (3, "web")}
    path.write_text(path.read_text().splitlines()[0] + "\n" + path.read_text().splitlines()[1] + "\n")
    (item,) = load_local_items(path)
    assert item.names == {"fi": "Kuntosali & kahvi"}
    assert item.summaries == {"fi": "Tule tästä"}


def test_wrong_encoding_and_missing_file(tmp_path):
    latin = _write(tmp_path, "k.csv", "id,name_fi,categories,municipality\na,Kävely,sports,205\n", encoding="latin-1")
    with pytest.raises(LocalFormatError) as info:
        load_local_items(latin)
    assert info.value.problems[0][:2] == ("k.csv", 2) and "UTF-8" in info.value.problems[0][3]
    with pytest.raises(LocalFormatError, match="file not found"):
        load_local_items(tmp_path / "nothing.json")
    with pytest.raises(LocalFormatError, match=r"\.csv or \.json"):
        load_local_items(_write(tmp_path, "k.txt", "x"))


def test_coordinates_are_checked(tmp_path):
    path = _write(
        tmp_path,
        "k.csv",
        "id,name_fi,categories,municipality,easting,northing,lat,lon\n"
        "a,A,sports,205,541000,,,\n"
        "b,B,sports,205,7125000,541000,,\n"
        "c,C,sports,205,,,27.73,64.22\n"
        "d,D,sports,205,541000,7125000,64.22,27.73\n",
    )
    with pytest.raises(LocalFormatError) as info:
        load_local_items(path)
    got = {(p[1], p[2]) for p in info.value.problems}
    assert got == {(2, "northing"), (3, "easting"), (4, "lat")}
    assert "swapped" in next(p[3] for p in info.value.problems if p[1] == 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ti 10:00-11:30; to 18-19", [(1, "10:00", "11:30"), (3, "18:00", "19:00")]),
        ("ma-pe 9-16", [(d, "09:00", "16:00") for d in range(5)]),
        ("må–fr kl. 9.30–11", [(d, "09:30", "11:00") for d in range(5)]),
        ("on 17-19; lö 10-12", [(2, "17:00", "19:00"), (5, "10:00", "12:00")]),
        (
            "Mon, Wed 10-12, 13-15",
            [(0, "10:00", "12:00"), (0, "13:00", "15:00"), (2, "10:00", "12:00"), (2, "13:00", "15:00")],
        ),
        ("sat-sun 8:00-24:00", [(5, "08:00", "24:00"), (6, "08:00", "24:00")]),
        ("la-ma klo 10-12", [(0, "10:00", "12:00"), (5, "10:00", "12:00"), (6, "10:00", "12:00")]),
        ("tiistai ja torstai 18-20", [(1, "18:00", "20:00"), (3, "18:00", "20:00")]),
        ("sö 12-13", [(6, "12:00", "13:00")]),
    ],
)
def test_hours_in_finnish_swedish_and_english(text, expected):
    assert [(r.weekday, r.opens, r.closes) for r in parse_hours(text)] == expected


@pytest.mark.parametrize("text", ["maanantaisin", "ti", "ti 10", "xx 10-12", "ti 12-10", "ti 10:75-11"])
def test_bad_hours_are_explained(text):
    with pytest.raises(ValueError, match="cannot read|not after|not a time"):
        parse_hours(text)


def test_parse_datetime_forms():
    assert parse_datetime("2026-11-14T18:00").isoformat() == "2026-11-14T18:00:00+02:00"
    assert parse_datetime("14.11.2026 18.30").isoformat() == "2026-11-14T18:30:00+02:00"
    assert parse_datetime("2026-06-01T08:00:00+00:00").isoformat() == "2026-06-01T08:00:00+00:00"


def test_examples_load_and_are_documented():
    csv_items = load_local_items(ROOT / "examples" / "local-additions.csv")
    json_items = load_local_items(ROOT / "examples" / "local-additions.json")
    assert len(csv_items) >= 3 and len(json_items) >= 3
    for item in csv_items + json_items:
        assert {"fi", "sv"} <= set(item.names)
        assert item.organisation is not None and "(esimerkki)" in item.organisation.names["fi"]
        assert set(item.municipalities) <= {"205", "765", "290", "777", "105", "620", "578", "697"}
    assert any(i.kind == "event" for i in csv_items)
    doc = (ROOT / "docs" / "local-additions.md").read_text(encoding="utf-8")
    for name in FIELDS:
        if not name.endswith("_se"):
            assert f"`{name}`" in doc or f"`{name.rsplit('_', 1)[0]}_fi`" in doc, name
    for name in ("local-additions.csv", "local-additions.json"):
        assert (ROOT / "examples" / name).read_text(encoding="utf-8") in doc


def test_a_row_with_too_few_cells_is_refused_naming_its_line(tmp_path):
    """A short row would publish an item without its required municipality: the file is refused instead."""
    path = _write(tmp_path, "k.csv", "id,name_fi,categories,municipality\na,Kävely,sports,205\nb,Kuoro,culture\n")
    with pytest.raises(LocalFormatError) as info:
        load_local_items(path)
    assert ("k.csv", 3) in [p[:2] for p in info.value.problems]
    assert any("3 cells but the header has 4 columns" in p[3] for p in info.value.problems)


def test_an_unterminated_quote_is_refused_not_swallowing_the_rest(tmp_path):
    text = 'id,name_fi,categories,municipality\na,"Kävely,sports,205\nb,Kuoro,culture,205\nc,Jooga,sports,205\n'
    path = _write(tmp_path, "k.csv", text)
    with pytest.raises(LocalFormatError) as info:
        load_local_items(path)
    assert any("quote" in p[3] for p in info.value.problems), info.value.problems
def test_csv_row_with_too_few_cells_is_refused_naming_its_line(tmp_path):
    # the municipality cell is missing on line 3: publishing the row would leave out a required field
    text = "id,name_fi,categories,municipality\na,Kävely,sports,205\nb,Uinti,sports\nc,Luistelu,sports,205\n"
    path = _write(tmp_path, "k.csv", text)
    with pytest.raises(LocalFormatError) as info:
        load_local_items(path)
    assert ("k.csv", 3, "", "the row has 3 cells but the header has 4 columns") in info.value.problems
    assert "k.csv, line 3" in str(info.value)


def test_csv_unterminated_quote_is_refused_with_its_line(tmp_path):
    # the quote opened on line 3 is never closed: it must not swallow lines 3–5 into one name
    text = 'id,name_fi,categories,municipality\na,Kävely,sports,205\nb,"Uinti,sports,205\nc,Luistelu,sports,205\n'
    path = _write(tmp_path, "k.csv", text)
    with pytest.raises(LocalFormatError) as info:
        load_local_items(path)
    (problem,) = [p for p in info.value.problems if "quote" in p[3]]
    assert problem[:3] == ("k.csv", 3, "")
    assert "a quote (\") is not closed" in problem[3]
