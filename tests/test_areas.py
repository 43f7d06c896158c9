"""Content areas: the bundled file, class-code and keyword classification, and line-numbered errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.areas import AreaCatalogue, ContentArea, code_matches, load_areas
from kiosk.contentfile import ContentError

KEYS = (
    "sports",
    "culture",
    "nature",
    "lifestyle",
    "nutrition",
    "mental",
    "substances",
    "contact",
    "income",
    "participation",
    "work",
    "integration",
    "selfcare",
    "everyday",
)


@pytest.fixture(scope="module")
def cat() -> AreaCatalogue:
    return load_areas()


# --- the bundled file -----------------------------------------------------------------------------


def test_bundled_areas_in_design_order(cat: AreaCatalogue) -> None:
    assert cat.keys == KEYS
    assert load_areas() is cat  # cached


def test_bundled_names_and_numbers(cat: AreaCatalogue) -> None:
    sports = cat.get("sports")
    assert sports is not None
    assert sports.names == {"fi": "Liikunta ja liikkuminen", "sv": "Motion och idrott", "en": "Sports and exercise"}
    assert (sports.concept, sports.number, sports.minimum) == ("M", "5.1", True)
    assert sports.service_classes == ("P27.1",)
    assert sports.colour == "#1C5D99"
    contact = cat.get("contact")
    assert contact is not None and contact.names["sv"] == "Kontakt med social- och hälsovården"
    assert (contact.concept, contact.number, contact.minimum) == ("M", "", True)
    income = cat.get("income")
    assert income is not None and (income.concept, income.number, income.minimum) == ("R", "5.8", False)
    selfcare = cat.get("selfcare")
    assert selfcare is not None and (selfcare.concept, selfcare.number) == ("", "5.12")
    assert cat.minimum_keys() == KEYS[:8]
    for area in cat:
        assert set(area.names) >= {"fi", "sv", "en"}


def test_all_service_classes_sorted_unique(cat: AreaCatalogue) -> None:
    codes = cat.all_service_classes()
    assert codes == tuple(sorted(set(codes)))
    assert codes.count("P5.7") == 1
    assert {"P27.1", "P5.7", "P28.5", "P9.4"} <= set(codes)


def test_name_fallback(cat: AreaCatalogue) -> None:
    assert cat.name("mental", "sv") == "Psykiskt välbefinnande"
    assert cat.name("mental", "en") == "Mental wellbeing"
    assert cat.name("mental", "se") == "Mielen hyvinvointi"  # no Sámi name: Finnish
    assert cat.name("villagewalks", "fi") == "villagewalks"  # a local key outside the catalogue
    only_sv = ContentArea(key="x", names={"sv": "Svenska", "en": "English"})
    assert only_sv.name("fi") == "Svenska"
    assert ContentArea(key="x", names={"en": "English"}).name("fi") == "English"


# --- classification -------------------------------------------------------------------------------


def test_code_matches_sub_codes_not_siblings() -> None:
    assert code_matches("P27.1", "P27.1")
    assert code_matches("P27.1", "P27.1.2")
    assert not code_matches("P27.1", "P27.10")
    assert not code_matches("P27.1", "P27")


def test_classify_by_class_code(cat: AreaCatalogue) -> None:
    assert cat.classify(["P27.1"], []) == ("sports",)
    assert cat.classify(["P27.1.2"], []) == ("sports",)
    assert cat.classify(["P27.10"], []) == ()
    assert cat.classify(["P25.1", "P27.2", "P27.1"], []) == ("sports", "culture", "nature")  # catalogue order
    assert cat.classify(["P99.1"], ["Jotain aivan muuta"]) == ()


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["Päihdeneuvonta", "Apua alkoholin käyttöön"], ("substances",)),
        (["Alkoholiongelma? Ota yhteyttä."], ("substances",)),  # stem inside a compound
        (["Peliriippuvuus ja rahapelit"], ("substances",)),
        (["Nuuska ja tupakka: lopettamisen tuki"], ("substances",)),
        (["Masennus ja ahdistus", "Keskusteluapua"], ("mental",)),
        (["Mielenterveyspalvelut"], ("mental",)),
        (["Kriisiapu ja päihdeneuvonta"], ("mental", "substances")),
        (["Matalan kynnyksen vastaanotto"], ("mental",)),  # neither: the default is mental
        (["Kunnan toimielin päättää", "Päihdetyö"], ("substances",)),  # "^mieli" not inside "toimielin"
    ],
)
def test_p57_split_finnish(cat: AreaCatalogue, texts: list[str], expected: tuple[str, ...]) -> None:
    assert cat.classify(["P5.7"], texts) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["Rådgivning om rusmedel"], ("substances",)),
        (["Stöd vid spelberoende"], ("substances",)),  # "beroend" inside a compound
        (["Alkoholmottagning"], ("substances",)),
        (["Samtalsstöd vid ångest och depression"], ("mental",)),
        (["Ensam? Kom med!"], ("mental",)),
        (["Kris och beroende"], ("mental", "substances")),
        (["Gemensamma träffar för anhöriga till personer med drogproblem"], ("substances",)),  # not "ensam"
        (["Kristen gemenskap, drogfri"], ("substances",)),  # "^kris$" is not "kristen"
        (["Öppen mottagning"], ("mental",)),  # default
    ],
)
def test_p57_split_swedish(cat: AreaCatalogue, texts: list[str], expected: tuple[str, ...]) -> None:
    assert cat.classify(["P5.7"], texts) == expected


def test_p57_sub_code_and_english(cat: AreaCatalogue) -> None:
    assert cat.classify(["P5.7.1"], ["Support for gambling problems"]) == ("substances",)
    assert cat.classify(["P5.7"], ["Environmental health and drugs"]) == ("substances",)  # not "mental"
    assert cat.classify(["P5.7"], ["Mental health and anxiety"]) == ("mental",)


def test_keywords_alone_only_without_mapped_class(cat: AreaCatalogue) -> None:
    assert cat.classify([], ["Päihdetyön tiimi"]) == ("substances",)
    assert cat.classify(["P99"], ["Alkoholineuvonta"]) == ("substances",)
    assert cat.classify(["P27.1"], ["Päihteetön liikuntaryhmä"]) == ("sports",)  # class decides
    assert cat.classify([], ["Masennus"]) == ()  # mental keywords only decide P5.7


def test_classify_accepts_generators(cat: AreaCatalogue) -> None:
    assert cat.classify(iter(["P5.7"]), (t for t in ["Huumeet"])) == ("substances",)


# --- errors with file, line and field -------------------------------------------------------------

GOOD = """\
# test areas
[shared_classes]
"P5.7" = "mental"

[[area]]
key = "sports"
concept = "M"
number = "5.1"
minimum = true
service_classes = ["P27.1"]

[area.names]
fi = "Liikunta"
sv = "Motion"
en = "Sports"

[[area]]
key = "mental"
concept = "M"
number = "5.6"
minimum = true
service_classes = ["P5.7"]

[area.names]
fi = "Mieli"
sv = "Psyke"
en = "Mind"

[area.keywords]
fi = ["masenn"]
sv = ["ångest"]
"""
# line numbers in GOOD, for the exact-line assertions below
L_SHARED_P57 = 3
L_SPORTS_KEY = 6
L_SPORTS_CONCEPT = 7
L_SPORTS_MINIMUM = 9
L_SPORTS_CLASSES = 10
L_SPORTS_NAMES = 12
L_SPORTS_SV = 14
L_MENTAL_AREA = 17
L_MENTAL_KEY = 18
L_MENTAL_NAMES = 24
L_MENTAL_FI_KEYWORDS = 30


def _load(tmp_path: Path, text: str) -> AreaCatalogue:
    path = tmp_path / "areas.toml"
    path.write_text(text, encoding="utf-8")
    return load_areas(path)


def _error(tmp_path: Path, text: str) -> ContentError:
    with pytest.raises(ContentError) as info:
        _load(tmp_path, text)
    err = info.value
    assert err.file == tmp_path / "areas.toml"
    assert isinstance(err, ValueError)
    return err


def test_good_fixture_loads(tmp_path: Path) -> None:
    cat = _load(tmp_path, GOOD)
    assert cat.keys == ("sports", "mental")
    assert cat.shared_defaults == {"P5.7": "mental"}


def test_missing_swedish_name(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('sv = "Motion"\n', ""))
    assert (err.line, err.field) == (L_SPORTS_NAMES, "names.sv")
    assert str(err) == f"areas.toml, line {L_SPORTS_NAMES}, field 'names.sv': missing Swedish name"


def test_empty_swedish_name(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('sv = "Motion"', 'sv = "  "'))
    assert (err.line, err.field) == (L_SPORTS_SV, "names.sv")
    assert "empty Swedish name" in str(err)


def test_missing_names_table(tmp_path: Path) -> None:
    text = GOOD.replace('[area.names]\nfi = "Mieli"\nsv = "Psyke"\nen = "Mind"\n', "")
    err = _error(tmp_path, text)
    assert err.line == L_MENTAL_AREA
    assert "missing [area.names]" in str(err)


def test_duplicate_key(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('key = "mental"', 'key = "sports"').replace('"P5.7" = "mental"', ""))
    assert (err.line, err.field) == (L_MENTAL_KEY, "key")
    assert "'sports' is already used" in str(err)


def test_bad_class_code(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('["P27.1"]', '["P27.1", "27.2"]'))
    assert (err.line, err.field) == (L_SPORTS_CLASSES, "service_classes")
    assert "'27.2' is not a PTV service-class code" in str(err)


def test_unknown_area_field_named(tmp_path: Path) -> None:
    err = _error(
        tmp_path,
        GOOD.replace('minimum = true\nservice_classes = ["P27.1"]', 'minimun = true\nservice_classes = ["P27.1"]'),
    )
    assert (err.line, err.field) == (L_SPORTS_MINIMUM, "minimun")
    assert "unknown field" in str(err)


def test_unknown_top_level_field(tmp_path: Path) -> None:
    err = _error(tmp_path, "version = 2\n" + GOOD)
    assert (err.line, err.field) == (1, "version")


def test_bad_keyword_language(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('fi = ["masenn"]', 'finnish = ["masenn"]'))
    assert (err.line, err.field) == (L_MENTAL_FI_KEYWORDS, "keywords.finnish")
    assert "not a language code" in str(err)


def test_bad_concept_and_minimum(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('concept = "M"', 'concept = "X"', 1))
    assert (err.line, err.field) == (L_SPORTS_CONCEPT, "concept")
    err = _error(tmp_path, GOOD.replace("minimum = true", 'minimum = "yes"', 1))
    assert (err.line, err.field) == (L_SPORTS_MINIMUM, "minimum")


def test_missing_key(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('key = "sports"\n', ""))
    assert err.line == 5  # the [[area]] header
    assert "missing field 'key'" in str(err)


def test_shared_default_must_list_the_code(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('"P5.7" = "mental"', '"P5.7" = "sports"'))
    assert (err.line, err.field) == (L_SHARED_P57, "shared_classes.P5.7")
    assert "'sports' does not list P5.7" in str(err)


def test_names_inline_table_error_line(tmp_path: Path) -> None:
    text = GOOD.replace(
        '[area.names]\nfi = "Liikunta"\nsv = "Motion"\nen = "Sports"\n', 'names = { fi = "L", en = "S" }\n'
    )
    err = _error(tmp_path, text)
    assert (err.line, err.field) == (L_SPORTS_NAMES, "names.sv")  # the inline table's line


def test_syntax_error_keeps_tomllib_line(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD.replace('en = "Mind"', 'en = "Mind'))
    assert err.line == 27
    assert str(err).startswith("areas.toml, line 27: TOML syntax error")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="content file not found"):
        load_areas(tmp_path / "nope.toml")


def test_catalogue_rejects_duplicates_directly() -> None:
    area = ContentArea(key="a", names={"fi": "A", "sv": "A", "en": "A"})
    with pytest.raises(ValueError, match="twice"):
        AreaCatalogue((area, area))
