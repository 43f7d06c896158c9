"""Browse by theme: 14 tiles with icons, names and counts; a tap chooses a theme; empty areas are dimmed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from kiosk.areas import load_areas
from kiosk.i18n import set_language
from kiosk.session import Session
from tests.ui_support import demo_config, find, make_kiosk
from ui.context import UiContext
from ui.icons import ICONS_DIR, area_icon, ui_icon
from ui.pages.browse import BrowsePage
from ui.theme import AREA_COLOURS, stylesheet

KEYS = load_areas().keys  # the 14 keys themselves are checked in test_areas.py


@pytest.fixture
def page(qtbot, tmp_path, tmp_path_factory):
    set_language("fi")
    ctx = UiContext(config=demo_config(tmp_path, tmp_path_factory), session=Session())
    p = BrowsePage(ctx)
    qtbot.addWidget(p)
    yield p
    set_language("fi")


def test_every_content_area_has_a_tile_with_its_icon_and_colour(page):
    assert tuple(page.tiles) == KEYS
    for key in KEYS:
        tile = page.findChild(QAbstractButton, f"tile-{key}")
        assert tile is not None and tile.property("role") == "tile"
        assert not tile.icon_label.pixmap().isNull()
        page.entered()
        assert AREA_COLOURS[key] in tile.styleSheet()
        assert (ICONS_DIR / "areas" / f"{key}.svg").exists()
        assert not area_icon(key).isNull()


def test_ui_icons_render(page):
    for name in ("free", "clock", "language", "phone", "accessible", "location", "plus", "check"):
        assert not ui_icon(name).pixmap(48, 48).isNull()


def test_tile_names_follow_the_language(page):
    assert page.tiles["sports"].name_label.text() == "Liikunta ja liikkuminen"
    page.ctx.session.language = "sv"
    set_language("sv")
    page.retranslate()
    assert page.tiles["sports"].name_label.text() == "Motion och idrott"


def test_tapping_a_tile_emits_category_chosen(page, qtbot):
    page.show_counts({"sports": 4, "culture": 2})
    with qtbot.waitSignal(page.category_chosen) as blocker:
        qtbot.mouseClick(find(page, "tile-culture"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["culture"]


def test_counts_are_shown_and_empty_areas_are_dimmed_not_hidden(page, qtbot):
    page.show_counts({"sports": 42, "culture": 3})
    assert "42" in page.tiles["sports"].count_label.text()
    work = page.tiles["work"]
    assert not work.isHidden()
    assert not work.isEnabled()
    assert work.count_label.text()  # says there is nothing yet
    assert "42" in page.tiles["sports"].accessibleName()
    with qtbot.assertNotEmitted(page.category_chosen):
        qtbot.mouseClick(work, Qt.MouseButton.LeftButton)


def test_grid_has_two_columns_in_portrait_and_more_in_landscape(page):
    page.show_counts(dict.fromkeys(KEYS, 1))
    page.resize(1080, 1600)
    page.show()
    page.ctx.session.language = "en"
    set_language("en")
    page.retranslate()
    columns_portrait, _ = page.columns_for(1000, 1400)
    columns_landscape, _ = page.columns_for(1470, 880)
    assert columns_portrait == 2
    assert columns_landscape >= 3
    positions = {page.grid.getItemPosition(page.grid.indexOf(t))[1] for t in page.tiles.values()}
    assert positions == {0, 1}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_no_word_of_a_tile_name_is_wider_than_its_tile(page, qtbot, lang):
    app = QApplication.instance()
    page.ctx.session.language = lang
    set_language(lang)
    page.show_counts(dict.fromkeys(KEYS, 1))
    page.show()
    try:
        for text_size in (0, 2):
            app.setStyleSheet(stylesheet(text_size, text_size == 2))
            for size in ((1080, 1540), (1536, 1000), (940, 700)):
                page.resize(*size)
                app.processEvents()  # let the layout settle after the resize
                for tile in page.tiles.values():
                    label = tile.name_label
                    widest = max(label.fontMetrics().horizontalAdvance(w) for w in label.text().split())
                    assert widest <= label.width(), (tile.key, size, text_size)
                    assert label.height() >= label.heightForWidth(label.width()), (tile.key, size, text_size)
    finally:
        app.setStyleSheet("")


def test_every_tile_and_button_has_an_accessible_name(page):
    page.show_counts({"sports": 1})
    for button in page.findChildren(QAbstractButton):
        assert button.accessibleName().strip(), button.objectName()
    for label in page.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText or label.pixmap() is not None


def test_browse_flow_through_the_kiosk_shows_counts_and_opens_results(qtbot, tmp_path, tmp_path_factory):
    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    kiosk.router.start("fi")
    kiosk.router.go("browse")
    browse = kiosk.pages["browse"]
    assert AREA_COLOURS["sports"] in browse.tiles["sports"].styleSheet()
    kiosk.router.set_contrast(True)  # while on the page: the tiles follow
    assert AREA_COLOURS["sports"] not in browse.tiles["sports"].styleSheet()
    kiosk.router.set_contrast(False)
    assert AREA_COLOURS["sports"] in browse.tiles["sports"].styleSheet()
    assert browse.tiles["sports"].count and browse.tiles["sports"].count > 0
    qtbot.mouseClick(find(browse, "tile-sports"), Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "results"
    assert kiosk.session.category == "sports"
    assert kiosk.pages["results"].cards
    kiosk.close()
