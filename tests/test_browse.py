"""Browsing the tray: cards, facets, filters, sorting, details, freshness and the home point.

On the demo tray (built once per module) and on hand-made items where an edge case needs its own data.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk import browse, i18n, snapshot
from kiosk.browse import list_cards, name_key
from kiosk.cache import open_cache, set_meta, write_items
from kiosk.config import Config, KioskSettings
from kiosk.model import Location, OpeningRule, Organisation, TrayItem
from kiosk.places import load_places
from kiosk.query import Query
from kiosk.sources.base import Region
from kiosk.tray import Tray, open_tray

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("Europe/Helsinki"))  # a Tuesday morning
KAJAANI = (535300.0, 7122000.0)
FRAGMENT = Path(__file__).resolve().parent.parent / "translations" / "fragments" / "core.toml"


@pytest.fixture(autouse=True)
def core_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """The core's Finnish and Swedish texts from its fragment, whether or not the .po files are regenerated yet."""
    table = tomllib.loads(FRAGMENT.read_text(encoding="utf-8"))
    for lang in ("fi", "sv"):
        merged = dict(i18n.load_catalogue(lang))
        merged.update({msgid: texts[lang] for msgid, texts in table.items()})
        monkeypatch.setitem(i18n._catalogues, lang, merged)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tray = open_tray(snapshot.ensure_demo(tmp_path_factory.mktemp("demo")))
    yield tray
    tray.close()


def item(n: int, name: str | dict[str, str], **fields: object) -> TrayItem:
    names = {"fi": name} if isinstance(name, str) else name
    fields.setdefault("categories", ("sports",))
    fields.setdefault("areas", ("205",))
    return TrayItem(id=f"local:{n}", kind="service", source="local", names=names, **fields)  # type: ignore[arg-type]


def place(easting: float | None = None, northing: float | None = None, hours: tuple[OpeningRule, ...] = (),
          municipality: str = "205", **fields: object) -> Location:
    return Location(municipality=municipality, easting=easting, northing=northing, hours=hours, **fields)  # type: ignore[arg-type]


@pytest.fixture
def handmade(tmp_path: Path):  # type: ignore[no-untyped-def]
    tray = Tray(open_cache(tmp_path / "tray.sqlite"))
    yield tray
    tray.close()


# --- the demo tray --------------------------------------------------------------------------------


def test_a_theme_lists_all_its_items_with_cards(demo):
    counts = browse.area_counts(demo)
    assert len(counts) == 14 and counts["sports"] > 10
    page = list_cards(demo, Query(categories=("sports",)), "fi", NOW, KAJAANI)
    assert page.total == len(page.cards) == counts["sports"] - sum(card.other_places for card in page.cards)
    assert all("sports" in card.categories for card in page.cards)
    assert all(card.cost_text in ("Maksuton", "Maksullinen", "Hinta ei tiedossa") for card in page.cards)


def test_limit_caps_the_cards_but_not_the_total(demo):
    page = list_cards(demo, Query(), "fi", NOW, KAJAANI, limit=7)
    everything = list_cards(demo, Query(), "fi", NOW, KAJAANI, limit=1000)
    assert len(page.cards) == 7 and page.total == len(everything.cards)
    assert page.total + sum(card.other_places for card in everything.cards) == browse.count(demo, Query())


def test_text_search_finds_inflected_words_within_a_theme(demo):
    page = list_cards(demo, Query(text="kuntosalille", categories=("sports",)), "fi", NOW, KAJAANI)
    assert page.total > 0
    assert any("kuntosali" in card.name.lower() for card in page.cards)


def test_facets_count_what_each_filter_would_give(demo):
    base = Query(categories=("participation",))
    page = list_cards(demo, base, "fi", NOW, KAJAANI)
    f = page.facets
    assert f.municipalities[0][:2] == ("205", "Kajaani")  # the home municipality first
    for code, _name, n in f.municipalities:
        assert list_cards(demo, replace(base, municipalities=(code,)), "fi", NOW, KAJAANI).total == n
    assert list_cards(demo, replace(base, free=True), "fi", NOW, KAJAANI).total == f.free
    assert list_cards(demo, replace(base, open_today=True), "fi", NOW, KAJAANI).total == f.open_today
    assert list_cards(demo, replace(base, online=True), "fi", NOW, KAJAANI).total == f.online
    for code, _name, n in f.languages:
        assert list_cards(demo, replace(base, given_in=(code,)), "fi", NOW, KAJAANI).total == n
    assert [row[1] for row in f.languages[:2]] == ["suomi", "ruotsi"]
    assert 0 < f.free < page.total and 0 < f.open_today < page.total
    assert f.with_location == sum(1 for c in page.cards if c.distance_m is not None)


def test_a_chip_that_is_on_still_counts_so_it_can_be_turned_off(demo):
    on = list_cards(demo, Query(categories=("sports",), free=True, municipalities=("765",)), "sv", NOW, KAJAANI)
    assert on.facets.free == on.total
    assert all(card.cost == "free" for card in on.cards)
    names = {code: (name, n) for code, name, n in on.facets.municipalities}
    assert names["765"][1] == on.total
    assert names["205"][0] == "Kajana"
    wider = list_cards(demo, Query(categories=("sports",), free=True), "sv", NOW, KAJAANI)
    # no nationwide sports items: every card is in some municipality's chip (an activity offered in two
    # municipalities is one card, counted in both chips)
    assert wider.total <= sum(n for _c, _name, n in on.facets.municipalities)


def test_open_today_cards_say_open_or_opening_today(demo):
    page = list_cards(demo, Query(open_today=True), "fi", NOW, KAJAANI)
    assert page.total > 0
    for card in page.cards:
        assert card.status is not None
        assert card.status.startswith(("Avoinna nyt", "Avautuu tänään", "Tänään", "Käynnissä"))


def test_nearest_sort_goes_by_distance_with_unplaced_items_last(demo):
    page = list_cards(demo, Query(sort="nearest"), "fi", NOW, KAJAANI)
    distances = [c.distance_m for c in page.cards]
    known = [d for d in distances if d is not None]
    assert known == sorted(known) and known[0] < 5000
    first_unknown = distances.index(None) if None in distances else len(distances)
    assert all(d is None for d in distances[first_unknown:])
    assert page.cards[0].municipality == "Kajaani"


def test_cards_for_ids_keeps_the_order_and_skips_missing(demo):
    cards = browse.cards_for_ids(demo, ["demo:0003", "demo:9999", "demo:0001"], "en", NOW, None)
    assert [c.id for c in cards] == ["demo:0003", "demo:0001"]
    assert cards[0].distance_m is None and cards[0].name_lang == "en"


def test_detail_of_a_demo_item(demo):
    detail = browse.item_detail(demo, "demo:0004", "fi", NOW)
    assert detail is not None
    assert detail.provided_by == "Tiedot: Suomussalmen kunta (esimerkki) · päivitetty 29.5.2026"
    # the demo's first paragraph only repeats the summary, so the page starts at the heading
    assert [b.kind for b in detail.blocks] == ["heading", "bullet", "bullet"]
    assert detail.blocks[0].text == "Miten pääsen mukaan?" and detail.blocks_lang == "fi"
    assert detail.locations[0].address == "Harjutie 34, 89600 Suomussalmi"
    assert detail.locations[0].hours == ("to 14.30–16.30", "pe 14.30–16.30")
    assert detail.phones[0].cost_text == "Maksuton puhelu"
    assert detail.card.status == "Seuraavan kerran to 26.11. klo 14.30"
    sv = browse.item_detail(demo, "demo:0004", "sv", NOW)
    assert sv is not None
    assert sv.provided_by == "Uppgifter: Suomussalmi kommun (exempel) · uppdaterad 29.5.2026"
    assert sv.blocks[0].text == "Hur deltar jag?"
    assert browse.item_detail(demo, "demo:nope", "fi", NOW) is None


def test_contact_cards_put_the_home_municipality_first(demo):
    cards = browse.contact_cards(demo, "fi", NOW, KAJAANI)
    assert 0 < len(cards) <= browse.CONTACT_LIMIT
    assert all("contact" in c.categories for c in cards)
    assert cards[0].municipality == "Kajaani" or cards[0].nationwide


def test_freshness_of_the_demo_tray(demo):
    fresh = browse.freshness(demo, NOW, 30, "fi")
    assert fresh.text == "Tiedot päivitetty 1.11.2026"
    assert fresh.demo and fresh.demo_text == "Esimerkkiaineisto"
    assert not fresh.stale and fresh.stale_text is None
    assert fresh.age_days is not None and 22 < fresh.age_days < 24
    old = browse.freshness(demo, NOW, 14, "sv")
    assert old.stale and old.stale_text == "Uppgifterna kan vara föråldrade."
    assert old.demo_text == "Exempeldata"
    assert browse.freshness(demo, NOW, 30, "en").text == "Information updated 1 Nov 2026"


def test_home_point_from_config_then_municipality(demo, tmp_path: Path):
    configured = Config(path=None, data_dir=tmp_path, kiosk=KioskSettings(location_easting=540000.0, location_northing=7130000.0))
    assert browse.home_point(demo, configured) == (540000.0, 7130000.0)
    by_region = Config(path=None, data_dir=tmp_path, region=Region(name="K", municipalities=("765",), home_municipality="765"))
    assert browse.home_point(demo, by_region) == load_places().centre("765")
    from_meta = Config(path=None, data_dir=tmp_path)
    assert browse.home_point(demo, from_meta) == load_places().centre("205")


def test_list_cards_reads_whole_items_only_for_the_cards_shown(demo, monkeypatch: pytest.MonkeyPatch):
    from kiosk import cards

    asked: list[int] = []
    real = cards.get_items
    monkeypatch.setattr(cards, "get_items", lambda db, ids: asked.append(len(list(ids))) or real(db, ids))
    demo.memo = cards.Memo()
    list_cards(demo, Query(), "fi", NOW, KAJAANI, limit=12)
    assert sum(asked) == 12


# --- hand-made items ------------------------------------------------------------------------------


def test_unknown_hours_never_match_open_today(handmade):
    write_items(handmade.db, [
        item(1, "Tuntematon", locations=(place(535000.0, 7122000.0),)),
        item(2, "Auki", locations=(place(hours=(OpeningRule(1, "09:00", "18:00"),)),)),
        item(3, "Kiinni", locations=(place(hours=(OpeningRule(3, "09:00", "18:00"),)),)),
    ])  # fmt: skip
    every = list_cards(handmade, Query(), "fi", NOW, None)
    unknown = next(c for c in every.cards if c.id == "local:1")
    assert unknown.status is None and unknown.open_now is None
    today = list_cards(handmade, Query(open_today=True), "fi", NOW, None)
    assert [c.id for c in today.cards] == ["local:2"]
    assert every.facets.open_today == 1


def test_unknown_price_is_never_free(handmade):
    write_items(handmade.db, [item(1, "A", cost="unknown"), item(2, "B", cost="free"), item(3, "C", cost="charged")])
    page = list_cards(handmade, Query(), "en", NOW, None)
    assert {c.id: c.cost_text for c in page.cards} == {"local:1": "Price not known", "local:2": "Free", "local:3": "Costs money"}
    assert page.facets.free == 1
    assert [c.id for c in list_cards(handmade, Query(free=True), "en", NOW, None).cards] == ["local:2"]


def test_name_sort_follows_the_finnish_and_swedish_alphabet(handmade):
    names = ["Öljyvärikurssi", "Ääniterapia", "Åbo-kören", "Zumba", "aamujumppa", "Uinti", '"Yhdessä"', "Émile-kerho"]
    write_items(handmade.db, [item(i, n) for i, n in enumerate(names, start=1)])
    page = list_cards(handmade, Query(sort="name"), "fi", NOW, None)
    assert [c.name for c in page.cards] == [
        "aamujumppa", "Émile-kerho", "Uinti", '"Yhdessä"', "Zumba", "Åbo-kören", "Ääniterapia", "Öljyvärikurssi",
    ]  # fmt: skip
    assert name_key("Über") < name_key("Zeta")  # ü sorts as y


def test_missing_language_falls_back_with_a_marker(handmade):
    write_items(handmade.db, [
        item(1, {"fi": "Lukupiiri", "sv": "Läsecirkel"}),
        item(2, {"fi": "Pilkkikisa"}),
        item(3, {"en": "Chess club"}),
    ])  # fmt: skip
    cards = {c.id: c for c in list_cards(handmade, Query(), "sv", NOW, None).cards}
    assert (cards["local:1"].name, cards["local:1"].name_lang) == ("Läsecirkel", "sv")
    assert (cards["local:2"].name, cards["local:2"].name_lang) == ("Pilkkikisa", "fi")
    assert (cards["local:3"].name, cards["local:3"].name_lang) == ("Chess club", "en")


def test_hostile_markup_in_a_description_stays_literal_text(handmade):
    hostile = "<script>alert('x')</script>\n\n### <b>Otsikko</b>\n* <img src=x onerror=alert(1)>"
    write_items(handmade.db, [item(1, "<i>Kerho</i>", descriptions={"fi": hostile})])
    detail = browse.item_detail(handmade, "local:1", "fi", NOW)
    assert detail is not None
    assert detail.card.name == "<i>Kerho</i>"
    assert [(b.kind, b.text) for b in detail.blocks] == [
        ("para", "<script>alert('x')</script>"),
        ("heading", "<b>Otsikko</b>"),
        ("bullet", "<img src=x onerror=alert(1)>"),
    ]


def test_card_fields_for_a_nationwide_item_in_three_languages(handmade):
    write_items(handmade.db, [
        item(1, "Kriisipuhelin", areas=(), nationwide=True, online=True, languages=("fi", "sv", "en"),
             organisation=Organisation(names={"fi": "Mieli ry"}), programmes=("kaikukortti",)),
    ])  # fmt: skip
    fi = browse.cards_for_ids(handmade, ["local:1"], "fi", NOW, None)[0]
    assert fi.nationwide and fi.municipality is None and fi.online
    assert fi.languages_text == "suomi, ruotsi, englanti" and fi.organiser == "Mieli ry"
    assert browse.cards_for_ids(handmade, ["local:1"], "sv", NOW, None)[0].languages_text == "finska, svenska, engelska"
    assert browse.cards_for_ids(handmade, ["local:1"], "en", NOW, None)[0].languages_text == "Finnish, Swedish, English"
    assert fi.programmes == ("kaikukortti",)


def test_a_nationwide_item_counts_in_every_municipality_chip(handmade):
    write_items(handmade.db, [
        item(1, "Kajaanin kerho", areas=("205",)),
        item(2, "Sotkamon kerho", areas=("765",)),
        item(3, "Verkkokerho", areas=(), nationwide=True),
    ])  # fmt: skip
    set_meta(handmade.db, "home_municipality", "765")
    page = list_cards(handmade, Query(), "fi", NOW, None)
    assert page.facets.municipalities == (("765", "Sotkamo", 2), ("205", "Kajaani", 2))
    assert list_cards(handmade, Query(municipalities=("205",)), "fi", NOW, None).total == 2


def test_provided_by_says_plainly_what_is_not_known(handmade):
    modified = datetime(2026, 10, 1, 22, 30, tzinfo=UTC)  # 2 October in Helsinki
    write_items(handmade.db, [
        item(1, "A", organisation=Organisation(names={"fi": "Esimerkkiyhdistys ry"}), modified=modified),
        item(2, "B", organisation=Organisation(names={"fi": "Esimerkkiyhdistys ry"})),
        item(3, "C", modified=modified),
        item(4, "D"),
    ])  # fmt: skip
    texts = [browse.item_detail(handmade, f"local:{n}", "fi", NOW).provided_by for n in (1, 2, 3, 4)]  # type: ignore[union-attr]
    assert texts == [
        "Tiedot: Esimerkkiyhdistys ry · päivitetty 2.10.2026",
        "Tiedot: Esimerkkiyhdistys ry · päivityspäivä ei tiedossa",
        "Tietojen antaja ei tiedossa · päivitetty 2.10.2026",
        "Tietojen antaja ja päivityspäivä eivät ole tiedossa",
    ]
    assert browse.item_detail(handmade, "local:1", "en", NOW).provided_by == (  # type: ignore[union-attr]
        "Information: Esimerkkiyhdistys ry · updated 2 Oct 2026"
    )


def test_freshness_without_a_date_is_not_known(handmade):
    fresh = browse.freshness(handmade, NOW, 14, "fi")
    assert fresh.text == "Päivityspäivä ei tiedossa" and fresh.age_days is None and not fresh.demo
    set_meta(handmade.db, "created_at", "2026-11-20T08:00:00+00:00")
    assert browse.freshness(handmade, NOW, 14, "fi").text == "Tiedot päivitetty 20.11.2026"


def test_home_point_falls_back_to_the_mean_of_the_items(handmade, tmp_path: Path):
    write_items(handmade.db, [
        item(1, "A", areas=("140",), locations=(place(514000.0, 7056000.0, municipality="140"),)),
        item(2, "B", areas=("140",), locations=(place(516000.0, 7058000.0, municipality="140"),)),
    ])  # fmt: skip
    config = Config(path=None, data_dir=tmp_path, region=Region(name="X", municipalities=("140",), home_municipality="140"))
    assert browse.home_point(handmade, config) == (515000.0, 7057000.0)
    assert browse.home_point(handmade, Config(path=None, data_dir=tmp_path)) is None


def test_validity_dates_reach_the_card(handmade):
    rules = (OpeningRule(1, "09:00", "12:00", valid_to=date(2026, 11, 23)), OpeningRule(1, "09:00", "12:00", valid_from=date(2026, 12, 1)))
    write_items(handmade.db, [item(1, "Kausiryhmä", locations=(place(hours=rules),))])
    card = browse.cards_for_ids(handmade, ["local:1"], "fi", NOW, None)[0]
    assert card.open_now is False and card.status == "Seuraavan kerran ti 1.12. klo 9.00"
    assert list_cards(handmade, Query(open_today=True), "fi", NOW, None).total == 0


# --- order and repeats without words ---------------------------------------------------------------


def _at(km_east: float, *hours: OpeningRule) -> Location:
    return Location(municipality="205", easting=KAJAANI[0] + km_east * 1000, northing=KAJAANI[1], hours=hours)


def test_a_theme_without_words_opens_nearest_first_then_soonest(handmade):
    org = Organisation(names={"fi": "Seura"})
    write_items(handmade.db, [
        item(1, "Aamujumppa", organisation=org, locations=(_at(3, OpeningRule(weekday=2, opens="09:00", closes="10:00")),)),
        item(2, "Iltajumppa", organisation=org, locations=(_at(3, OpeningRule(weekday=1, opens="18:00", closes="19:00")),)),
        item(3, "Kaukana", locations=(_at(60),)),
        item(4, "Lähellä", locations=(_at(0.5),)),
        item(5, "Ei paikkaa"),
    ])
    page = list_cards(handmade, Query(categories=("sports",)), "fi", NOW, KAJAANI)
    assert [c.name for c in page.cards] == ["Lähellä", "Iltajumppa", "Aamujumppa", "Kaukana", "Ei paikkaa"]
    # a chosen order still wins; with words the order is relevance
    by_name = list_cards(handmade, Query(categories=("sports",), sort="name"), "fi", NOW, KAJAANI)
    assert [c.name for c in by_name.cards][:2] == ["Aamujumppa", "Ei paikkaa"]
    assert list_cards(handmade, Query(text="iltajumppa"), "fi", NOW, KAJAANI).cards[0].name == "Iltajumppa"


def test_repeats_of_one_activity_are_one_card_at_the_nearest_place(handmade):
    seura = Organisation(names={"fi": "Uimaseura"})
    kaupunki = Organisation(names={"fi": "Kaupunki"})
    write_items(handmade.db, [
        item(1, "Vesijumppa", organisation=seura, locations=(_at(40),), cost="free"),
        item(2, "Vesijumppa", organisation=seura, locations=(_at(4),)),
        item(3, "VESIJUMPPA", organisation=seura, locations=(_at(67),), areas=("765",)),
        item(4, "Vesijumppa", organisation=kaupunki, locations=(_at(10),)),  # another organiser: its own card
        item(5, "Kuntosali", locations=(_at(1),)),
    ])
    page = list_cards(handmade, Query(categories=("sports",)), "fi", NOW, KAJAANI)
    assert [(c.id, c.other_places) for c in page.cards] == [("local:5", 0), ("local:2", 2), ("local:4", 0)]
    assert page.total == 3
    # facets count cards: the repeated activity is one card in each chip that finds it
    assert dict((code, n) for code, _name, n in page.facets.municipalities) == {"205": 3, "765": 1}
    assert page.facets.free == 1 and page.facets.with_location == 3
    free = list_cards(handmade, Query(categories=("sports",), free=True), "fi", NOW, KAJAANI)
    assert [(c.id, c.other_places) for c in free.cards] == [("local:1", 0)] and free.total == 1
    # with words too, the repeats are one card, nearest, where the best match stood
    found = list_cards(handmade, Query(text="vesijumppa"), "fi", NOW, KAJAANI)
    assert sorted((c.id, c.other_places) for c in found.cards) == [("local:2", 2), ("local:4", 0)]


def test_the_result_page_carries_the_typo_suggestion(demo):
    typed = list_cards(demo, Query(text="kuntosli"), "fi", NOW, KAJAANI, facets=False)
    assert typed.suggestion == "kuntosali" and typed.cards
    assert all("kuntosali" in (c.name.casefold()) or c.categories for c in typed.cards)
    full = list_cards(demo, Query(text="kuntosli"), "fi", NOW, KAJAANI)
    assert full.suggestion == "kuntosali" and full.total == len(full.cards) > 0
    assert list_cards(demo, Query(text="kuntosali"), "fi", NOW, KAJAANI, facets=False).suggestion is None


def test_the_summary_is_not_repeated_as_the_first_paragraph(handmade):
    write_items(handmade.db, [item(1, "Avanto", summaries={"fi": "Avanto ja sauna."},
                                   descriptions={"fi": "Avanto ja sauna. Uimaan vain toisen kanssa.\n\n### Miten?\n* Tule."}),
                              item(2, "Kerho", summaries={"fi": "Kerho."}, descriptions={"fi": "Kerho."}),
                              item(3, "Jumppa", summaries={"fi": "Esimerkkitieto. Jumppaa istuen."},
                                   descriptions={"fi": "Jumppaa istuen.\n\n* Tule."})])
    detail = browse.item_detail(handmade, "local:1", "fi", NOW)
    assert detail is not None and detail.summary == "Avanto ja sauna."
    assert detail.blocks[0].text == "Uimaan vain toisen kanssa."
    only = browse.item_detail(handmade, "local:2", "fi", NOW)
    assert only is not None and only.blocks == ()
    inside = browse.item_detail(handmade, "local:3", "fi", NOW)
    assert inside is not None and [b.kind for b in inside.blocks] == ["bullet"]


def test_a_themes_tile_counts_what_its_list_shows(demo):
    counts = browse.area_counts(demo, "fi")
    for key in ("sports", "mental", "participation"):
        page = list_cards(demo, Query(categories=(key,)), "fi", NOW, KAJAANI)
        assert counts[key] == page.total, key
    assert browse.area_counts(demo)["sports"] >= counts["sports"], "without a language: items, as status counts"
