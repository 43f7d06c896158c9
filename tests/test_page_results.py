"""Results of a theme: cards, filter chips that only appear when the data supports them, sorting, empty state."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QScroller

from kiosk.i18n import set_language
from kiosk.query import Query
from kiosk.session import Session
from kiosk.views import CardPage, Facets
from tests.test_card import HOSTILE, make_card
from tests.ui_support import demo_config, find, make_kiosk
from ui.context import UiContext
from ui.pages.results import BATCH, ResultsPage
from ui.widgets.card import ResultCard

MUNICIPALITIES = tuple(
    (code, name, 3)
    for code, name in (
        ("205", "Kajaani"),
        ("765", "Sotkamo"),
        ("290", "Kuhmo"),
        ("578", "Paltamo"),
        ("697", "Ristijärvi"),
        ("105", "Hyrynsalmi"),
        ("777", "Suomussalmi"),
        ("620", "Puolanka"),
        ("785", "Vaala"),
        ("889", "Utajärvi"),
    )
)
FULL = Facets(
    municipalities=MUNICIPALITIES[:3],
    free=2,
    open_today=1,
    languages=(("fi", "suomi", 3), ("sv", "ruotsi", 1)),
    online=1,
    with_location=2,
)
CARDS = (make_card("local:1"), make_card("local:2", "Vesijumppa"), make_card("local:3", "Kävelyryhmä"))


@pytest.fixture
def page(qtbot, tmp_path, tmp_path_factory):
    set_language("fi")
    ctx = UiContext(config=demo_config(tmp_path, tmp_path_factory), session=Session())
    p = ResultsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1080, 1600)
    p.show()
    for area in p.findChildren(QScrollArea):  # see plain_taps in test_page_results
        QScroller.ungrabGesture(area.viewport())
    return p


def chip_keys(page):
    return {c.key for group in page.groups.values() for c in group.chips if hasattr(c, "key")}


def test_cards_and_title_with_count(page):
    page.show_cards(Query(categories=("sports",)), CardPage(CARDS, 42, FULL), {"local:2"})
    assert page.title.text() == "Liikunta ja liikkuminen (42)"
    assert list(page.cards) == ["local:1", "local:2", "local:3"]
    assert page.cards["local:2"].in_list and not page.cards["local:1"].in_list
    assert page.note.isVisibleTo(page)  # 3 of 42 shown: says so


def test_only_filters_the_data_supports_are_offered(page):
    page.show_cards(Query(categories=("sports",)), CardPage(CARDS, 3, FULL), set())
    assert chip_keys(page) == {
        "mun-205",
        "mun-765",
        "mun-290",
        "free",
        "open-today",
        "online",
        "lang-fi",
        "lang-sv",
        "sort-nearest",
        "sort-name",
    }, "browsing a theme has no words to match: nearest first or by name, never 'relevance'"
    bare = Facets(municipalities=(("205", "Kajaani", 3),), languages=(("fi", "suomi", 0),), with_location=3)
    page.show_cards(Query(categories=("culture",)), CardPage(CARDS, 3, bare), set())
    assert chip_keys(page) == {"mun-205", "sort-nearest", "sort-name"}
    assert not page.groups["only"].isVisibleTo(page)
    assert not page.groups["language"].isVisibleTo(page)


def test_chips_keep_their_places_when_one_is_chosen(page, qtbot):
    page.show_cards(Query(categories=("sports",)), CardPage(CARDS, 3, FULL), set())
    before = {chip.objectName(): chip.geometry() for group in page.groups.values() for chip in group.chips}
    narrower = replace(FULL, municipalities=(("205", "Kajaani", 2),), languages=(("fi", "suomi", 2),), online=0)
    page.show_cards(Query(categories=("sports",), free=True), CardPage(CARDS[:2], 2, narrower), set())
    page.content.adjustSize()
    after = {chip.objectName(): chip for group in page.groups.values() for chip in group.chips}
    assert set(before) <= set(after), "no chip disappears while the resident narrows the same theme"
    for name, geometry in before.items():
        assert after[name].geometry() == geometry, name
    assert not after["chip-online"].isEnabled() and after["chip-free"].isChecked()


def test_an_active_filter_stays_so_it_can_be_turned_off(page):
    page.show_cards(Query(categories=("sports",), free=True, given_in=("en",)), CardPage(CARDS, 3, Facets()), set())
    assert {"free", "lang-en"} <= chip_keys(page)
    assert find(page, "chip-free").isChecked()


@pytest.mark.parametrize(
    ("chip", "expected"),
    [
        ("chip-free", Query(categories=("sports",), free=True)),
        ("chip-open-today", Query(categories=("sports",), open_today=True)),
        ("chip-online", Query(categories=("sports",), online=True)),
        ("chip-mun-765", Query(categories=("sports",), municipalities=("765",))),
        ("chip-lang-sv", Query(categories=("sports",), given_in=("sv",))),
        ("chip-sort-nearest", Query(categories=("sports",), sort="nearest")),
        ("chip-sort-name", Query(categories=("sports",), sort="name")),
    ],
)
def test_chips_emit_the_right_filters(page, qtbot, chip, expected):
    page.show_cards(Query(categories=("sports",)), CardPage(CARDS, 3, FULL), set())
    with qtbot.waitSignal(page.query_changed) as blocker:
        qtbot.mouseClick(find(page, chip), Qt.MouseButton.LeftButton)
    assert blocker.args == [expected]


def test_a_chip_that_is_on_turns_off_and_keeps_the_others(page, qtbot):
    current = Query(categories=("sports",), municipalities=("205", "765"), free=True, sort="name")
    page.show_cards(current, CardPage(CARDS, 3, FULL), set())
    assert find(page, "chip-mun-205").isChecked() and find(page, "chip-mun-205").text().startswith("✓")
    with qtbot.waitSignal(page.query_changed) as blocker:
        qtbot.mouseClick(find(page, "chip-mun-205"), Qt.MouseButton.LeftButton)
    assert blocker.args == [replace(current, municipalities=("765",))]


def test_many_municipalities_go_behind_other_municipalities(page, qtbot):
    facets = replace(FULL, municipalities=MUNICIPALITIES)
    page.show_cards(Query(categories=("sports",)), CardPage(CARDS, 3, facets), set())
    assert find(page, "chip-mun-205").isVisibleTo(page)
    assert not find(page, "chip-mun-889").isVisibleTo(page)
    more = find(page, "more-mun")
    assert "2" in more.text()
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert find(page, "chip-mun-889").isVisibleTo(page)


def test_nearest_is_offered_only_when_items_have_a_place(page):
    page.show_cards(Query(categories=("sports",)), CardPage(CARDS, 3, replace(FULL, with_location=0)), set())
    assert "sort-nearest" not in chip_keys(page)


def test_empty_result_with_filters_offers_to_remove_them(page, qtbot):
    page.show_cards(Query(categories=("sports",), free=True, sort="name"), CardPage((), 0, Facets()), set())
    assert page.empty.isVisibleTo(page)
    button = find(page, "clear-filters")
    assert button.isVisibleTo(page)
    with qtbot.waitSignal(page.query_changed) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert blocker.args == [Query(categories=("sports",), sort="name")]


def test_empty_theme_without_filters_offers_the_way_back(page, qtbot):
    page.show_cards(Query(categories=("work",)), CardPage((), 0, Facets()), set())
    assert not find(page, "clear-filters").isVisibleTo(page)
    with qtbot.waitSignal(page.back_requested):
        qtbot.mouseClick(find(page, "empty-back"), Qt.MouseButton.LeftButton)


def test_card_signals_pass_through_the_page(page, qtbot):
    page.show_cards(Query(categories=("sports",)), CardPage(CARDS, 3, FULL), set())
    with qtbot.waitSignal(page.item_opened) as blocker:
        qtbot.mouseClick(find(page, "card-local:2"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["local:2"]
    with qtbot.waitSignal(page.add_requested) as blocker:
        qtbot.mouseClick(find(page, "add-local:3"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["local:3"]
    page.mark_in_list({"local:1"})
    assert page.cards["local:1"].in_list and not page.cards["local:3"].in_list


def test_long_lists_are_built_a_batch_at_a_time(page, qtbot):
    many = tuple(make_card(f"local:{i}", f"Toiminta {i}") for i in range(30))
    page.show_cards(Query(categories=("sports",)), CardPage(many, 30, FULL), set())
    assert len(page.cards) == BATCH
    more = find(page, "show-more")
    assert more.isVisibleTo(page) and str(30 - BATCH) in more.text()
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert len(page.cards) == min(30, 2 * BATCH)
    page.show_cards(Query(categories=("sports",)), CardPage(many, 30, FULL), set())  # back from a detail: same list
    assert len(page.cards) == min(30, 2 * BATCH)
    page.show_cards(Query(categories=("sports",), free=True), CardPage(many, 30, FULL), set())  # a new list
    assert len(page.cards) == BATCH


def test_hostile_markup_in_results_is_plain_text(page):
    page.show_cards(Query(categories=("sports",)), CardPage((make_card("local:9", HOSTILE),), 1, FULL), set())
    card = page.findChild(ResultCard, "card-local:9")
    assert card.name.text() == HOSTILE
    for label in page.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_reset_clears_cards_and_chips(page):
    page.show_cards(Query(categories=("sports",), free=True), CardPage(CARDS, 3, FULL), set())
    page.area.verticalScrollBar().setValue(200)
    page.reset()
    assert not page.cards and not chip_keys(page)
    assert page.area.verticalScrollBar().value() == 0
    assert page.query == Query()


def test_every_control_has_an_accessible_name(page):
    page.show_cards(
        Query(categories=("sports",), free=True), CardPage(CARDS, 3, replace(FULL, municipalities=MUNICIPALITIES)),
        {"local:1"},
    )
    for button in page.findChildren(QAbstractButton):
        assert button.accessibleName().strip(), button.objectName()


def plain_taps(page):
    """Turn kinetic scrolling off for a test. The offscreen test screen is 800×800 px, and QScroller replays a
    held-back press only to a widget it finds on that screen, so in a 1080×1920 window a button lower down
    would get its release without the press (on a real screen the window and the screen are the same)."""
    for area in page.findChildren(QScrollArea):
        QScroller.ungrabGesture(area.viewport())


def test_filter_flow_through_the_kiosk_narrows_the_list(qtbot, tmp_path, tmp_path_factory):
    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    kiosk.router.start("fi")
    kiosk.router.open_category("sports")
    results = kiosk.pages["results"]
    plain_taps(results)
    before = results.result.total
    assert before > 0
    qtbot.mouseClick(find(results, "chip-free"), Qt.MouseButton.LeftButton)
    assert kiosk.session.query.free
    after = results.result.total
    assert 0 < after < before
    assert find(results, "chip-free").isChecked()
    first = next(iter(results.cards))
    qtbot.mouseClick(find(results, f"add-{first}"), Qt.MouseButton.LeftButton)
    assert kiosk.session.my_list == [first]
    assert results.cards[first].in_list
    qtbot.mouseClick(find(results, f"card-{first}"), Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "detail"
    assert kiosk.pages["detail"].in_list
    kiosk.close()


def test_on_a_short_screen_the_filters_fold_behind_one_button(page, qtbot):
    page.resize(880, 760)
    page.show_cards(Query(categories=("sports",), free=True), CardPage(CARDS, 3, FULL), set())
    toggle = find(page, "filter-toggle")
    assert toggle.isVisibleTo(page) and not page.panel.isVisibleTo(page)
    assert "1" in toggle.text(), "the button says how many filters are on"
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert page.panel.isVisibleTo(page) and find(page, "chip-free").isChecked()
    assert "3" in toggle.text(), "open, it says how many the list shows"
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert not page.panel.isVisibleTo(page)
    page.resize(1080, 1600)
    assert not toggle.isVisibleTo(page) and page.panel.isVisibleTo(page)
