"""The resident's list: shown clearly, items removed by their "✓" button, cleared only after an inline
confirmation, and an empty list that still offers a way forward."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk.config import load_config
from kiosk.i18n import _
from kiosk.session import Session
from tests.test_page_search import CARDS, press
from tests.ui_support import demo_config, find, make_kiosk
from ui.context import UiContext
from ui.pages.mylist import MyListPage


@pytest.fixture
def page(qtbot, tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    page = MyListPage(UiContext(config=load_config(path, env={}), session=Session()))
    qtbot.addWidget(page)
    page.resize(1080, 1600)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_list_shows_its_items_and_count(page):
    page.show_cards(list(CARDS))
    assert page.title.text() == _("My list ({count})").format(count=2)
    assert list(page.cards) == ["test:1", "test:2"]
    assert all(card.in_list for card in page.cards.values())
    assert page.empty.isHidden() and page.themes.isHidden()
    assert not page.note.isHidden() and _("Finish and clear") in page.note.text()
    assert not find(page, "clear-list").isHidden()


def test_remove_is_its_own_button_on_each_card(qtbot, page):
    page.show_cards(list(CARDS))
    with qtbot.waitSignal(page.remove_requested) as blocker:
        qtbot.mouseClick(find(page, "remove-test:2"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["test:2"]
    with qtbot.waitSignal(page.item_opened) as blocker:
        qtbot.mouseClick(page.cards["test:1"], Qt.MouseButton.LeftButton)
    assert blocker.args == ["test:1"]


def test_items_removed_elsewhere_leave_at_once(page):
    page.show_cards(list(CARDS))
    page.mark_in_list({"test:1"})
    assert list(page.cards) == ["test:1"]
    assert page.title.text() == _("My list ({count})").format(count=1)


def test_clearing_asks_first_and_cancel_keeps_the_list(qtbot, page):
    page.show_cards(list(CARDS))
    assert page.confirm.isHidden()
    qtbot.mouseClick(find(page, "clear-list"), Qt.MouseButton.LeftButton)
    assert not page.confirm.isHidden()
    yes, no = find(page, "confirm-clear"), find(page, "cancel-clear")
    assert isinstance(yes, QPushButton) and isinstance(no, QPushButton)
    assert not yes.isDefault() and not yes.autoDefault()
    with qtbot.assertNotEmitted(page.clear_requested, wait=50):
        qtbot.mouseClick(no, Qt.MouseButton.LeftButton)
    assert page.confirm.isHidden() and len(page.cards) == 2


def test_confirming_asks_the_router_to_clear(qtbot, page):
    page.show_cards(list(CARDS))
    qtbot.mouseClick(find(page, "clear-list"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.clear_requested):
        qtbot.mouseClick(find(page, "confirm-clear"), Qt.MouseButton.LeftButton)
    assert page.confirm.isHidden()


def test_empty_list_offers_themes(qtbot, page):
    page.show_cards([])
    assert page.title.text() == _("My list ({count})").format(count=0)
    assert not page.empty.isHidden() and find(page, "clear-list").isHidden()
    key = next(iter(page.themes.buttons))
    with qtbot.waitSignal(page.category_chosen) as blocker:
        qtbot.mouseClick(page.themes.buttons[key], Qt.MouseButton.LeftButton)
    assert blocker.args == [key]


def test_reset_forgets_the_items(page):
    page.show_cards(list(CARDS))
    page.reset()
    assert page.cards == {} and not page.empty.isHidden()


# -- through the real kiosk -----------------------------------------------------------------------


@pytest.fixture
def kiosk(qtbot, tmp_path, tmp_path_factory):
    k = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    yield k
    k.close()


def test_list_flow_add_view_remove_and_clear(qtbot, kiosk):
    kiosk.router.go("search")
    search = kiosk.pages["search"]
    press(qtbot, search, "kuntosali")
    qtbot.waitUntil(lambda: len(search.cards) >= 3)
    added = list(search.cards)[:3]
    for item_id in added:
        qtbot.mouseClick(find(search, f"add-{item_id}"), Qt.MouseButton.LeftButton)
    assert kiosk.session.my_list == added

    qtbot.mouseClick(kiosk.window.bar.my_list, Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "mylist"
    page = kiosk.pages["mylist"]
    assert list(page.cards) == added
    assert page.title.text() == _("My list ({count})").format(count=3)

    qtbot.mouseClick(find(page, f"remove-{added[1]}"), Qt.MouseButton.LeftButton)
    assert kiosk.session.my_list == [added[0], added[2]]
    assert list(page.cards) == [added[0], added[2]]
    assert "2" in kiosk.window.bar.my_list.text()
    snackbar = find(kiosk.window, "snackbar")
    assert snackbar.isVisible() and _("Removed from your list.") in find(snackbar, "snackbar-text").text()
    qtbot.mouseClick(find(snackbar, "snackbar-action"), Qt.MouseButton.LeftButton)
    assert kiosk.session.my_list == added, "undo puts it back where it was"
    assert list(page.cards) == added and not snackbar.isVisible()

    qtbot.mouseClick(find(page, "clear-list"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(page, "confirm-clear"), Qt.MouseButton.LeftButton)
    assert kiosk.session.my_list == []
    assert page.cards == {} and not page.empty.isHidden()
    assert "0" in kiosk.window.bar.my_list.text()
    qtbot.mouseClick(find(snackbar, "snackbar-action"), Qt.MouseButton.LeftButton)
    assert kiosk.session.my_list == added, "clearing can be undone too"


def test_the_undo_offer_ends_with_the_session(qtbot, kiosk):
    kiosk.router.start("fi")
    kiosk.router.add_to_list("demo:0001")
    kiosk.router.remove_from_list("demo:0001")
    snackbar = find(kiosk.window, "snackbar")
    assert snackbar.isVisible()
    kiosk.router.restart()
    assert not snackbar.isVisible()
    snackbar.action.click()
    assert kiosk.session.my_list == []


def test_empty_list_theme_opens_results(qtbot, kiosk):
    kiosk.router.go("mylist")
    page = kiosk.pages["mylist"]
    key = next(iter(page.themes.buttons))
    qtbot.mouseClick(page.themes.buttons[key], Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "results"
