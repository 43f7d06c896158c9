"""Search by word: the on-screen keyboard, results as you type, the no-results way forward, and the flow
through the real kiosk (search → results → add to list)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config import load_config
from kiosk.i18n import _
from kiosk.session import Session
from kiosk.views import Card, CardPage
from tests.ui_support import demo_config, find, make_kiosk, type_text
from ui.context import UiContext
from ui.pages.search import SearchPage
from ui.theme import TOUCH_PX, stylesheet
from ui.widgets.keyboard import key_name


def make_card(i: int, name: str) -> Card:
    return Card(
        id=f"test:{i}",
        name=name,
        name_lang="fi",
        organiser="Kajaanin kaupunki",
        municipality="Kajaani",
        nationwide=False,
        status=None,
        open_now=None,
        cost="free",
        cost_text="Maksuton",
        languages=("fi",),
        languages_text="suomi",
        accessibility=None,
        distance_m=None,
        distance_text=None,
        categories=("sports",),
        online=False,
        programmes=(),
    )


CARDS = (make_card(1, "Ikäihmisten kuntosali"), make_card(2, "Kuntosali Pohjantähti"))


@pytest.fixture
def ctx(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    return UiContext(config=load_config(path, env={}), session=Session())


@pytest.fixture
def page(qtbot, ctx):
    page = SearchPage(ctx)
    qtbot.addWidget(page)
    page.resize(1080, 1600)
    page.show()
    qtbot.waitExposed(page)
    return page


def press(qtbot, root: QWidget, text: str) -> None:
    for char in text:
        qtbot.mouseClick(find(root, key_name(char)), Qt.MouseButton.LeftButton)


def test_typing_kuntosalille_on_screen_asks_for_exactly_that_text(qtbot, page):
    with qtbot.waitSignal(page.search_changed, timeout=2000) as blocker:
        press(qtbot, page, "kuntosalille")
    assert blocker.args == ["kuntosalille"]
    assert page.field.text() == "kuntosalille"


def test_typing_a_and_o_with_dots_on_screen(qtbot, page):
    with qtbot.waitSignal(page.search_changed, timeout=2000) as blocker:
        press(qtbot, page, "äiti")
    assert blocker.args == ["äiti"]
    with qtbot.waitSignal(page.search_changed, timeout=2000) as blocker:
        qtbot.mouseClick(find(page, "key-clear"), Qt.MouseButton.LeftButton)
        press(qtbot, page, "ö")
    assert blocker.args == ["ö"]


def test_physical_keyboard_types_into_the_same_field(qtbot, page):
    page.field.setFocus()
    with qtbot.waitSignal(page.search_changed, timeout=2000) as blocker:
        type_text(page.field, "Kööri")
    assert blocker.args == ["Kööri"]


def test_backspace_and_clear_ask_again(qtbot, page):
    press(qtbot, page, "kuoro")
    with qtbot.waitSignal(page.search_changed, timeout=2000) as blocker:
        qtbot.mouseClick(find(page, "key-backspace"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["kuor"]
    with qtbot.waitSignal(page.search_changed, timeout=2000) as blocker:
        qtbot.mouseClick(find(page, "key-clear"), Qt.MouseButton.LeftButton)
    assert blocker.args == [""]


def test_results_show_the_count_and_cards_that_ask_for_more(qtbot, page):
    page.field.setText("kunto")
    page.show_results("kunto", CardPage(cards=CARDS, total=2), {"test:2"})
    assert page.status.text() == _("Results: {count}").format(count=2)
    assert list(page.cards) == ["test:1", "test:2"]
    assert page.cards["test:2"].in_list and not page.cards["test:1"].in_list
    assert page.themes.isHidden()
    with qtbot.waitSignal(page.add_requested) as blocker:
        qtbot.mouseClick(find(page, "add-test:1"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["test:1"]
    with qtbot.waitSignal(page.item_opened) as blocker:
        qtbot.mouseClick(page.cards["test:1"], Qt.MouseButton.LeftButton)
    assert blocker.args == ["test:1"]
    page.mark_in_list(set())
    assert not page.cards["test:2"].in_list


def test_a_long_result_list_says_how_to_narrow_it(page):
    page.field.setText("k")
    page.show_results("k", CardPage(cards=CARDS, total=120), set())
    assert not page.more.isHidden()
    assert "2" in page.more.text()


def test_results_for_an_older_text_are_ignored(page):
    page.field.setText("kuntosali")
    page.show_results("kunto", CardPage(cards=CARDS, total=2), set())
    assert page.cards == {}
    assert page.status.text() != _("Results: {count}").format(count=2)


def test_no_results_suggests_a_shorter_word_and_themes(qtbot, page):
    page.field.setText("xyzzy")
    page.show_results("xyzzy", CardPage(cards=(), total=0), set())
    assert "xyzzy" in page.status.text()
    assert not page.tip.isHidden() and page.tip.text()
    buttons = page.themes.buttons
    assert 3 <= len(buttons) <= 4
    assert all(not b.isHidden() and b.text() for b in buttons.values())
    key = next(iter(buttons))
    with qtbot.waitSignal(page.category_chosen) as blocker:
        qtbot.mouseClick(buttons[key], Qt.MouseButton.LeftButton)
    assert blocker.args == [key]


def test_empty_text_shows_the_start_state(page):
    page.field.setText("kunto")
    page.show_results("kunto", CardPage(cards=CARDS, total=2), set())
    page.field.setText("")
    page.show_results("", None, set())
    assert page.cards == {}
    assert not page.themes.isHidden() and not page.popular.isHidden(), "the empty page offers ways forward"
    assert len(page.popular_buttons) >= 4


def test_a_popular_word_is_searched_at_a_tap(qtbot, page):
    page.show_results("", None, set())
    word = page.popular_buttons[0].text()
    with qtbot.waitSignal(page.search_changed, timeout=1000) as blocker:
        qtbot.mouseClick(page.popular_buttons[0], Qt.MouseButton.LeftButton)
    assert blocker.args == [word] and page.field.text() == word


def test_a_spelling_suggestion_is_offered_and_taken_at_a_tap(qtbot, page):
    page.field.setText("kuntosli")
    page.show_results("kuntosli", CardPage(cards=CARDS, total=2, suggestion="kuntosali"), set())
    suggestion = find(page, "search-suggestion")
    assert suggestion.isVisibleTo(page) and "kuntosali" in suggestion.text()
    with qtbot.waitSignal(page.search_changed, timeout=1000) as blocker:
        qtbot.mouseClick(suggestion, Qt.MouseButton.LeftButton)
    assert blocker.args == ["kuntosali"]
    page.show_results("kuntosali", CardPage(cards=CARDS, total=2), set())
    assert not suggestion.isVisibleTo(page)


def test_reset_forgets_text_and_results_without_asking(qtbot, page):
    page.field.setText("kunto")
    page.show_results("kunto", CardPage(cards=CARDS, total=2), set())
    qtbot.mouseClick(find(page, "key-done"), Qt.MouseButton.LeftButton)
    with qtbot.assertNotEmitted(page.search_changed, wait=200):
        page.reset()
    assert page.field.text() == "" and page.cards == {}
    assert page.results_area.verticalScrollBar().value() == 0
    assert not page.keyboard.isHidden()


def test_done_hides_the_keyboard_and_a_button_brings_it_back(qtbot, page):
    qtbot.mouseClick(find(page, "key-done"), Qt.MouseButton.LeftButton)
    assert page.keyboard.isHidden()
    button = find(page, "show-keyboard")
    assert button.accessibleName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not page.keyboard.isHidden() and button.isHidden()


def test_entering_focuses_the_field_without_a_system_keyboard(qtbot, page):
    page.activateWindow()
    page.entered()
    qtbot.waitUntil(page.field.hasFocus)
    assert not page.field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    assert page.field.accessibleName()


@pytest.mark.parametrize(
    "size, beside, text_size",
    [
        ((1080, 1600), False, 0),
        ((1080, 1600), False, 2),
        ((1536, 1080), True, 0),
        ((1536, 1080), True, 2),
        ((940, 800), False, 0),  # 1280×800 landscape less the bar
    ],
)
def test_keyboard_and_results_both_fit(qtbot, page, size, beside, text_size):
    app = QApplication.instance()
    before = app.styleSheet()
    try:
        app.setStyleSheet(stylesheet(text_size, text_size == 2))
        page.field.setText("kunto")
        page.show_results("kunto", CardPage(cards=CARDS, total=2), set())
        page.resize(*size)
        qtbot.waitUntil(lambda: page.size().toTuple() == size)
        QApplication.processEvents()
        kb, results = page.keyboard.geometry(), page.results_area.geometry()
        assert not kb.intersects(results)
        if beside:
            assert kb.left() > results.right() and kb.top() < results.bottom()
        else:
            assert kb.top() > results.bottom()
        assert results.height() >= 100  # results stay visible while typing
        assert page.rect().contains(kb) and page.hint.geometry().bottom() <= page.height()
        assert all(k.height() >= TOUCH_PX and k.width() >= TOUCH_PX for k in page.keyboard.keys.values())
    finally:
        app.setStyleSheet(before)


# -- through the real kiosk -----------------------------------------------------------------------


@pytest.fixture
def kiosk(qtbot, tmp_path, tmp_path_factory):
    k = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    yield k
    k.close()


def test_search_on_the_keyboard_then_add_to_the_list(qtbot, kiosk):
    kiosk.router.go("home")
    qtbot.mouseClick(find(kiosk.window, "search-path"), Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "search"
    page = kiosk.pages["search"]
    press(qtbot, page, "kuntosalille")
    qtbot.waitUntil(lambda: any("kuntosali" in c.card.name.lower() for c in page.cards.values()))
    assert page.status.text() == _("Results: {count}").format(count=page._total)
    first = next(iter(page.cards))
    qtbot.mouseClick(find(page, f"add-{first}"), Qt.MouseButton.LeftButton)
    assert kiosk.session.my_list == [first]
    assert "1" in kiosk.window.bar.my_list.text()
    assert page.cards[first].in_list


def test_a_word_with_no_hits_offers_themes_that_open_results(qtbot, kiosk):
    kiosk.router.go("search")
    page = kiosk.pages["search"]
    press(qtbot, page, "qqxqq")
    qtbot.waitUntil(lambda: not page.themes.isHidden())
    key = next(iter(page.themes.buttons))
    qtbot.mouseClick(page.themes.buttons[key], Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "results"
    assert kiosk.session.category == key


def test_start_over_forgets_the_search(qtbot, kiosk):
    kiosk.router.go("search")
    page = kiosk.pages["search"]
    press(qtbot, page, "kuoro")
    qtbot.waitUntil(lambda: page.status.text() != _("Type a word, for example “gym” or “choir”."))
    kiosk.router.restart()
    assert page.field.text() == "" and page.cards == {}
    assert kiosk.session.search_text == ""


def test_more_matches_than_counted_show_as_the_cap_with_a_plus(page):
    page.field.setText("k")
    page.show_results("k", CardPage(cards=CARDS, total=1000, more=True), set())
    assert page.status.text() == _("Results: {count}+").format(count=1000)
    assert "1000+" in page.status.text()
    assert not page.more.isHidden()
    page.show_results("k", CardPage(cards=CARDS, total=2), set())
    assert page.status.text() == _("Results: {count}").format(count=2)
