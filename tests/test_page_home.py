"""Home: a greeting, two large paths (browse by theme, search by word) and the freshness line."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk import i18n
from kiosk.config import Config
from kiosk.session import Session
from kiosk.views import Freshness
from tests.ui_support import demo_config, find, make_kiosk
from ui.context import UiContext
from ui.pages.home import HomePage, PathTile


@pytest.fixture
def page(qtbot, tmp_path):
    i18n.set_language("en")
    page = HomePage(UiContext(config=Config(path=None, data_dir=tmp_path), session=Session()))
    qtbot.addWidget(page)
    page.resize(1080, 1500)
    page.show()
    yield page
    i18n.set_language("fi")


def test_greeting_and_question(page):
    assert find(page, "title").text() == "Good day!"
    assert find(page, "question").text() == "What would you like to do?"
    assert page.hint.text() == "Tap one of the big buttons."
    assert not page.back_button.isVisible()


def test_browse_path_asks_to_browse(qtbot, page):
    with qtbot.waitSignal(page.navigate_requested, timeout=1000) as blocker:
        qtbot.mouseClick(find(page, "browse-path"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["browse"]


def test_search_path_asks_to_search(qtbot, page):
    with qtbot.waitSignal(page.navigate_requested, timeout=1000) as blocker:
        qtbot.mouseClick(find(page, "search-path"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["search"]


def test_a_touch_on_the_tiles_words_still_presses_the_tile(qtbot, page):
    tile = find(page, "search-path")
    assert isinstance(tile, PathTile)
    with qtbot.waitSignal(page.navigate_requested, timeout=1000) as blocker:
        qtbot.mouseClick(tile.explanation, Qt.MouseButton.LeftButton)
    assert blocker.args == ["search"]


def test_each_path_has_a_picture_a_name_and_one_line_of_explanation(page):
    for name, title in (("assess-path", "What would suit me?"), ("browse-path", "Browse themes"),
                        ("search-path", "Search by word")):
        tile = find(page, name)
        assert tile.name_label.text() == title
        assert tile.explanation.text() and tile.picture.pixmap() is not None
        assert tile.accessibleName() == title and tile.accessibleDescription() == tile.explanation.text()


def test_three_paths_and_no_placeholder(page):
    tiles = page.findChildren(PathTile)
    assert sorted(t.objectName() for t in tiles) == ["assess-path", "browse-path", "search-path"]
    buttons = [b for b in page.findChildren(QAbstractButton) if b.isVisible()]
    assert sorted(b.objectName() for b in buttons) == ["assess-path", "browse-path", "search-path"]


def test_paths_are_big_and_nothing_is_cut_off(page):
    for tile in page.findChildren(PathTile):
        assert tile.height() >= 64 and tile.height() >= tile.heightForWidth(tile.width())


def test_paths_sit_side_by_side_when_wide_and_stacked_when_narrow(qtbot, page):
    browse, search = find(page, "browse-path"), find(page, "search-path")
    qtbot.waitUntil(lambda: search.y() > browse.y() + browse.height() - 1)
    page.resize(1600, 900)
    qtbot.waitUntil(lambda: search.x() > browse.x() + browse.width() - 1)


def test_texts_follow_the_language(page):
    i18n.set_language("sv")
    page.retranslate()
    assert find(page, "title").text() == i18n.gettext("Good day!", "sv")


def test_freshness_is_shown(page):
    page.show_freshness(Freshness("Information updated 3 Nov 2026", 2.0, False, None, True, "Example data"))
    assert find(page, "freshness-text").text() == "Information updated 3 Nov 2026"
    assert find(page, "freshness-demo").isVisible()


def test_every_button_has_an_accessible_name(page):
    assert all(b.accessibleName().strip() for b in page.findChildren(QAbstractButton) if not b.isHidden())


def test_home_paths_lead_to_browse_and_search_in_the_kiosk(qtbot, tmp_path, tmp_path_factory):
    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    kiosk.router.start("fi")
    home = kiosk.pages["home"]
    assert find(home, "freshness-text").text()
    qtbot.mouseClick(find(home, "browse-path"), Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "browse"
    kiosk.router.go("home", reset_history=True)
    qtbot.mouseClick(find(home, "search-path"), Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "search"
