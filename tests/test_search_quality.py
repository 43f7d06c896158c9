"""Search quality over hand-written Finnish, Swedish and English items: inflections, prefixes, filters, hostile
input, and the issue's table: base forms, compound parts, synonyms, words inside Swedish compounds and typos.

The first table (``CASES``) holds with either Finnish analyser (Voikko, or the Snowball fallback); the second
(``LEADS``) needs Voikko, which ``scripts/setup`` installs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from items_factory import make_item

from kiosk.cache import open_cache, write_items
from kiosk.model import Organisation, TrayItem
from kiosk.query import Query
from kiosk.search import count, search, suggestion
from kiosk.stemming import use_finnish_analyser, voikko_available
from kiosk.tray import Tray


def _items() -> list[TrayItem]:
    m = make_item
    return [
        m(
            "local:gym",
            "Kuntosali ikäihmisille",
            summaries={"fi": "Ohjattu kuntosaliryhmä yli 65-vuotiaille."},
            categories=("sports",),
            areas=("205",),
            cost="free",
            languages=("fi",),
        ),
        m(
            "local:gym2",
            {"fi": "Kuntosalivuoro", "sv": "Gymtur"},
            categories=("sports",),
            areas=("765",),
            cost="charged",
        ),
        m(
            "local:debt",
            {"fi": "Velkaneuvonta", "sv": "Skuldrådgivning"},
            summaries={"fi": "Apua velkoihin ja talouteen.", "sv": "Hjälp med skulder."},
            categories=("income",),
            areas=("205",),
            cost="free",
            languages=("fi", "sv"),
        ),
        m(
            "local:debt_sv",
            {"sv": "Skuldrådgivning för unga"},
            categories=("income",),
            areas=("765",),
            cost="unknown",
            languages=("sv",),
        ),
        m(
            "local:lib",
            "Kirjasto",
            summaries={"fi": "Lainaa kirjoja ja lehtiä."},
            categories=("culture",),
            areas=("205",),
            cost="free",
        ),
        m("local:lib_sv", {"sv": "Biblioteket i Kajana"}, categories=("culture",), areas=("205",), cost="free"),
        m(
            "local:move",
            "Liikuntaryhmä",
            summaries={"fi": "Liikunta tekee hyvää: kevyttä liikuntaa kaikille."},
            categories=("sports",),
            areas=("290",),
            cost="free",
        ),
        m("local:peer", "Vertaistukiryhmä omaishoitajille", categories=("mental",), areas=("205",), cost="free"),
        m(
            "local:trail",
            "Ulkoilureitti Paltaniemellä",
            descriptions={"fi": "Merkitty ulkoilureitti, 5 km."},
            categories=("nature",),
            areas=("205",),
            cost="free",
        ),
        m(
            "local:swim_sv",
            {"sv": "Simhall", "fi": "Uimahalli"},
            categories=("sports",),
            areas=("205",),
            cost="charged",
        ),
        m(
            "local:mum",
            "Äitien kahvila",
            summaries={"fi": "Äideille ja vauvoille."},
            categories=("participation",),
            areas=("205",),
            cost="free",
        ),
        m("local:aiti", "Aitiopaikka", summaries={"fi": "Katsomon aitio."}, categories=("culture",), areas=("205",)),
        m(
            "local:mental",
            "Mielenterveysneuvonta",
            summaries={"fi": "Tukea mielenterveyteen."},
            categories=("mental",),
            areas=("205",),
            cost="free",
        ),
        m(
            "local:crisis",
            "Kriisipuhelin",
            categories=("mental",),
            nationwide=True,
            online=True,
            cost="free",
            languages=("fi", "sv", "en"),
        ),
        m(
            "local:food",
            "Ruoka-apu",
            summaries={"fi": "Ruokaa vähävaraisille."},
            categories=("nutrition",),
            areas=("765",),
            cost="free",
        ),
        m(
            "local:dance",
            "Senioritanssit",
            summaries={"fi": "Tanssia senioreille."},
            categories=("sports",),
            areas=("205",),
            cost="charged",
        ),
        m(
            "local:walk",
            "Kävelyryhmä",
            summaries={"fi": "Yhteisiä kävelylenkkejä."},
            categories=("sports", "nature"),
            areas=("290",),
            cost="free",
        ),
        m(
            "local:cafe",
            "Asukaskahvila",
            categories=("participation",),
            areas=("205",),
            cost="free",
            organisation=Organisation(names={"fi": "Kajaanin Setlementti"}, type="ngo"),
        ),
        m(
            "local:integr",
            {"fi": "Kotoutumisneuvonta", "en": "Integration advice"},
            categories=("integration",),
            areas=("205",),
            languages=("fi", "en"),
        ),
        m("local:work", "Työkykyvalmennus", categories=("work",), areas=("765",)),
        m(
            "local:motion_sv",
            {"sv": "Motionsgrupp för äldre"},
            categories=("sports",),
            areas=("205",),
            cost="free",
            languages=("sv",),
        ),
        m("local:nature_sv", {"sv": "Friluftsdag i skogen"}, categories=("nature",), areas=("765",)),
        m(
            "local:sub",
            "Päihdeneuvonta",
            summaries={"fi": "Apua päihteiden käyttöön."},
            categories=("substances",),
            areas=("205",),
            cost="free",
        ),
        m("local:self", "Omahoitoryhmä diabeetikoille", categories=("selfcare",), areas=("205",)),
        m("local:everyday", "Arjen tuki kotiin", categories=("everyday",), areas=("205",)),
        m("local:online", "Chat-neuvonta nuorille", categories=("mental",), online=True, nationwide=True),
        m(
            "local:hyphen",
            "Kunto-ohjelma",
            summaries={"fi": "Kotona tehtävä kunto-ohjelma."},
            categories=("sports",),
            areas=("205",),
        ),
        m("local:choir", "Kuoro", summaries={"fi": "Laulamme yhdessä."}, categories=("culture",), areas=("205",)),
        m("local:gymsv", {"sv": "Gymmet vid simhallen"}, categories=("sports",), areas=("205",)),
        m(
            "local:keyword",
            "Hyvinvointipiste",
            keywords={"fi": ("verenpaine", "punnitus")},
            categories=("lifestyle",),
            areas=("205",),
        ),
        # the cases
        m("local:kotou", "Kotoutumisen tuki", summaries={"fi": "Apua uuteen kotikuntaan asettumiseen."}),
        m("local:seniors", "Ikäihmisten olohuone", summaries={"fi": "Kohtaamispaikka ikäihmisille."}),
        m("local:mieli", "Mielenterveystyön vastaanotto", summaries={"fi": "Keskusteluapua aikuisille."}),
        m("local:swim", "Ohjattu uinti", summaries={"fi": "Uintikoulu aikuisille."}),
        m("local:stadsbib", {"sv": "Stadsbiblioteket", "fi": "Kaupunginkirjasto"}),
        m("local:kasse", {"sv": "Matkasseservice för äldre", "fi": "Ruokakassipalvelu"}),
        m("local:choir_en", {"en": "Community choir", "fi": "Yhteislaulu"}),
        m("local:senior_en", {"en": "Senior citizens' café"}),
        m("local:alt", "Liikuntaneuvonta", keywords={"fi": ("Liikkumisen tuki", "liikuntalähete")}),
    ]


ITEMS = len(_items())


def _tray(path: Path) -> Tray:
    db = open_cache(path)
    write_items(db, _items())
    return Tray(db)


@pytest.fixture(scope="module", params=["voikko", "snowball"])
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Tray:
    """The items indexed with each Finnish analyser; queries follow the analyser the index records."""
    path: Path = tmp_path_factory.mktemp("quality") / "cache.db"
    with use_finnish_analyser(request.param):
        return _tray(path)


@pytest.fixture(scope="module")
def voikko_db(tmp_path_factory: pytest.TempPathFactory) -> Tray:
    assert voikko_available(), "Voikko with a Finnish dictionary is missing: run scripts/setup"
    with use_finnish_analyser("voikko"):
        return _tray(tmp_path_factory.mktemp("quality-voikko") / "cache.db")


# text, filters, must be found, must not be found
CASES = [
    ("kuntosalille", {}, {"local:gym", "local:gym2"}, {"local:lib"}),
    ("Kuntosali", {}, {"local:gym", "local:gym2"}, set()),
    ("KUNTOSALI", {}, {"local:gym"}, set()),
    ("kunto", {}, {"local:gym", "local:gym2", "local:hyphen"}, {"local:debt"}),
    ("velkaneuvontaa", {}, {"local:debt"}, {"local:mental"}),
    ("velka", {}, {"local:debt"}, set()),
    ("velkoihin", {}, {"local:debt"}, set()),
    ("skuldrådgivningen", {}, {"local:debt", "local:debt_sv"}, set()),
    ("kirjastoon", {}, {"local:lib"}, {"local:gym"}),
    ("kirjastossa", {}, {"local:lib"}, set()),
    ("biblioteket", {}, {"local:lib_sv"}, set()),
    ("liikuntaa", {}, {"local:move"}, set()),
    ("liikunnan", {}, {"local:move"}, set()),
    ("vertaistukiryhmään", {}, {"local:peer"}, set()),
    ("ulkoilureitit", {}, {"local:trail"}, set()),
    ("ulkoilureiteille", {}, {"local:trail"}, set()),
    ("simhallen", {}, {"local:swim_sv", "local:gymsv"}, set()),
    ("uimahalliin", {}, {"local:swim_sv"}, set()),
    ("äiti", {}, {"local:mum"}, {"local:aiti"}),
    ("aiti", {}, {"local:aiti"}, {"local:mum"}),
    ("mielenterveyttä", {}, {"local:mental"}, set()),
    ("tanssia", {}, {"local:dance"}, set()),
    ("setlementti", {}, {"local:cafe"}, set()),
    ("verenpaine", {}, {"local:keyword"}, set()),
    ("motion äldre", {}, {"local:motion_sv"}, {"local:gym"}),
    ("apua", {}, {"local:debt", "local:sub", "local:food"}, {"local:gym"}),
    ("apua", {"municipalities": ("205",)}, {"local:debt", "local:sub"}, {"local:food"}),
    # compound parts are words of their own: "neuvonta" finds "Velkaneuvonta" as well as "Chat-neuvonta"
    ("neuvonta", {"municipalities": ("205",)}, {"local:online", "local:debt", "local:sub"}, {"local:gym"}),
    ("neuvonta", {"municipalities": ("205",), "include_nationwide": False}, set(), {"local:online"}),
    ("kuntosali", {"free": True}, {"local:gym"}, {"local:gym2"}),
    ("skuldrådgivning", {"free": True}, {"local:debt"}, {"local:debt_sv"}),
    ("", {"categories": ("mental",)}, {"local:peer", "local:mental", "local:crisis", "local:online"}, {"local:gym"}),
    ("", {"categories": ("income", "culture"), "municipalities": ("765",)}, {"local:debt_sv"}, {"local:lib"}),
    ("", {"given_in": ("sv",)}, {"local:debt", "local:debt_sv", "local:crisis", "local:motion_sv"}, {"local:gym"}),
    ("", {"online": True}, {"local:crisis", "local:online"}, {"local:gym"}),
    ("apua", {"categories": ("substances",)}, {"local:sub"}, {"local:debt"}),
]


@pytest.mark.parametrize(("text", "filters", "found", "not_found"), CASES)
def test_search_finds_what_a_resident_means(
    db: Tray, text: str, filters: dict[str, object], found: set[str], not_found: set[str]
) -> None:
    query = Query(text=text, **filters)  # type: ignore[arg-type]
    ids = {hit.id for hit in search(db, query, limit=100)}
    assert found <= ids, f"missing {found - ids} for {text!r} {filters}"
    assert not (not_found & ids), f"unexpected {not_found & ids} for {text!r} {filters}"
    assert count(db, query) == len(ids)


def test_name_match_ranks_above_description_match(db: Tray) -> None:
    hits = search(db, Query(text="ulkoilureitti"))
    assert hits[0].id == "local:trail"
    hits = search(db, Query(text="kuntosali"))
    assert hits[0].id in {"local:gym", "local:gym2"}


HOSTILE = [
    '"',
    "-",
    "kunto-",
    'a" OR 1',
    "NEAR(",
    "*",
    "🙂🏃",
    "x" * 10_000,
    "kunto " * 2000,
    "AND OR NOT",
    "names:kunto",
    "{names}:x",
    "(((",
    "'; DROP TABLE items; --",
    "^kunto",
    "\x00",
    "ä\u0308iti",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_return_a_list_and_never_raise(db: Tray, text: str) -> None:
    hits = search(db, Query(text=text))
    assert isinstance(hits, list)
    assert count(db, Query(text=text)) >= 0
    assert db.db.execute("SELECT count(*) FROM items").fetchone()[0] == ITEMS
    assert isinstance(suggestion(db, Query(text=text)), str | None)


# text, language, the items that must lead (all of them before any other hit), must not be found
LEADS = [
    # base forms (Voikko): a nominative finds an inflected name, and the other way round
    ("kotoutuminen", "fi", {"local:kotou", "local:integr"}, {"local:gym"}),
    ("kotoutumisen", "fi", {"local:kotou", "local:integr"}, set()),
    ("ikäihmiset", "fi", {"local:seniors", "local:gym"}, set()),
    ("mielenterveys", "fi", {"local:mental", "local:mieli"}, set()),
    # compound parts
    ("sali", "fi", {"local:gym", "local:gym2"}, {"local:lib"}),
    ("neuvonta", "fi", {"local:debt", "local:online", "local:mental", "local:sub", "local:integr", "local:alt"},
     {"local:gym"}),
    ("tuki", "fi", {"local:kotou", "local:everyday"}, set()),
    # synonyms (kiosk/content/synonyms.toml), in the resident's language
    ("vanhukset", "fi", {"local:seniors", "local:gym", "local:dance"}, {"local:lib"}),
    ("masennus", "fi", {"local:mental", "local:mieli"}, {"local:gym"}),
    ("uimahalli", "fi", {"local:swim_sv", "local:swim"}, {"local:lib"}),
    ("äldre", "sv", {"local:motion_sv", "local:kasse"}, set()),
    ("elderly", "en", {"local:senior_en", "local:dance"}, set()),
    ("singing", "en", {"local:choir_en"}, set()),
    # inside a word (Swedish compounds), below whole words
    ("bibliotek", "sv", {"local:lib_sv"}, set()),
    ("kasse", "sv", {"local:kasse"}, set()),
    # keywords and alternative names are found, below names
    ("liikuntalähete", "fi", {"local:alt"}, set()),
    ("liikkuminen", "fi", {"local:alt"}, set()),
    ("verenpainetta", "fi", {"local:keyword"}, set()),
    # inflected Swedish and English
    ("skuldrådgivningen", "sv", {"local:debt", "local:debt_sv"}, set()),
    ("choirs", "en", {"local:choir_en"}, set()),
]


@pytest.mark.parametrize(("text", "lang", "lead", "not_found"), LEADS)
def test_the_right_items_lead(voikko_db: Tray, text: str, lang: str, lead: set[str], not_found: set[str]) -> None:
    hits = [hit.id for hit in search(voikko_db, Query(text=text), lang, limit=100)]
    assert lead <= set(hits[: len(lead)]), f"{text!r} ({lang}): {lead} should lead, got {hits}"
    assert not (not_found & set(hits)), f"unexpected {not_found & set(hits)} for {text!r}"
    assert count(voikko_db, Query(text=text), lang) == len(hits)
    assert suggestion(voikko_db, Query(text=text), lang) is None


def test_a_word_inside_a_compound_ranks_below_whole_words(voikko_db: Tray) -> None:
    hits = [hit.id for hit in search(voikko_db, Query(text="bibliotek"), "sv")]
    assert hits.index("local:lib_sv") < hits.index("local:stadsbib")


def test_keywords_rank_below_names(voikko_db: Tray) -> None:
    hits = [hit.id for hit in search(voikko_db, Query(text="kuntosali"), "fi")]
    assert hits.index("local:gym2") < hits.index("local:keyword") if "local:keyword" in hits else True
    hits = [hit.id for hit in search(voikko_db, Query(text="verenpaine"), "fi")]
    assert hits == ["local:keyword"]


def test_synonyms_are_kept_per_language(voikko_db: Tray) -> None:
    # "kör" is the Swedish word: searched in Finnish it is only the word itself, not "kuoro"
    assert "local:choir" not in {hit.id for hit in search(voikko_db, Query(text="laulu"), "sv")}
    assert "local:choir" in {hit.id for hit in search(voikko_db, Query(text="laulu"), "fi")}


# misspelt word, language, the corrected text, an item it must find
TYPOS = [
    ("kuntosli", "fi", "kuntosali", "local:gym"),
    ("kirjsto", "fi", "kirjasto", "local:lib"),
    ("vertaistukiryhmää", "fi", None, "local:peer"),  # not a typo: an inflected form
    ("skuldrådgivnign", "sv", "skuldrådgivning", "local:debt"),
    ("commnity", "en", "community", "local:choir_en"),
]


@pytest.mark.parametrize(("text", "lang", "corrected", "found"), TYPOS)
def test_a_word_one_letter_off_is_corrected_with_a_suggestion(
    voikko_db: Tray, text: str, lang: str, corrected: str | None, found: str
) -> None:
    query = Query(text=text)
    hits = {hit.id for hit in search(voikko_db, query, lang)}
    assert found in hits
    assert suggestion(voikko_db, query, lang) == corrected
    assert count(voikko_db, query, lang) == len(hits)


def test_short_words_and_far_misspellings_are_not_corrected(voikko_db: Tray) -> None:
    for text in ("kuro", "kntsli", "zzzzzz", "kuntosli nonexistentword"):
        assert search(voikko_db, Query(text=text)) == [] or text == "kuro"
        assert suggestion(voikko_db, Query(text=text)) is None


def test_a_typo_next_to_a_good_word_is_corrected_alone(voikko_db: Tray) -> None:
    query = Query(text="kuntosli ikäihmisille")
    assert [hit.id for hit in search(voikko_db, query)] == ["local:gym"]
    assert suggestion(voikko_db, query) == "kuntosali ikäihmisille"
