""" "I need help now": 112 first, crisis lines with hours from the content file, the region's contacts — and it
works with an empty cache, offline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk import i18n
from kiosk.config import Config
from kiosk.helpnow import load_helpnow
from kiosk.session import Session
from kiosk.views import Card
from tests.ui_support import demo_config, find, make_kiosk
from ui.context import UiContext
from ui.lanes import InlineLane
from ui.pages.helpnow import FIRST_CONTACTS, ContactTile, HelpNowPage, LineCard


def card(n: int, name: str = "Terveysasema", name_lang: str = "fi") -> Card:
    return Card(
        id=f"ptv:{n}",
        name=f"{name} {n}",
        name_lang=name_lang,
        organiser="Hyvinvointialue",
        municipality="Kajaani",
        nationwide=False,
        status="Avoinna nyt, klo 8–16",
        open_now=True,
        cost="free",
        cost_text="Maksuton",
        languages=("fi",),
        languages_text="suomi",
        accessibility=None,
        distance_m=None,
        distance_text=None,
        categories=("contact",),
        online=True,
        programmes=(),
    )


@pytest.fixture
def page(qtbot, tmp_path):
    i18n.set_language("en")
    page = HelpNowPage(UiContext(config=Config(path=None, data_dir=tmp_path), session=Session()))
    qtbot.addWidget(page)
    page.resize(1080, 1500)
    page.show()
    yield page
    i18n.set_language("fi")


def test_112_comes_first_and_very_large_without_any_data(page):
    assert find(page, "phone-emergency").text() == "112"
    assert page.lines_box.itemAt(0).widget() is find(page, "emergency")
    assert find(page, "title").text() == "I need help now"
    assert page.emergency.text.text().startswith("If you are in danger, call 112.")
    assert (
        page.emergency.phone.font().pixelSize() >= 2 * page.emergency.name.font().pixelSize()
        or "font-size" in page.emergency.phone.styleSheet()
    )


def test_crisis_lines_are_listed_with_their_hours(page):
    cards = {c.line.key: c for c in page.findChildren(LineCard)}
    assert cards["mieli-fi"].phone.text() == "09 2525 0111"
    assert cards["mieli-fi"].hours.text() == "Open every day, day and night"
    assert "Check the hours" in cards["mieli-sv"].hours.text()
    assert {"poison", "medical-helpline", "victim-support"} <= cards.keys()
    assert find(page, "crisis-heading").text() == "Someone to talk to"


def test_with_no_contacts_the_staff_note_stays_and_nothing_else_is_missing(page):
    page.show_contacts([])
    assert not find(page, "contacts-heading").isVisible()
    assert find(page, "staff-note").isVisible()
    assert find(page, "phone-emergency").isVisible()
    page.show_error()
    assert find(page, "phone-emergency").isVisible()


def tall(qtbot, page):
    """Room for everything, so nothing scrolls: QScroller replays a press on scrollable content through
    QApplication.widgetAt, which on the small offscreen test screen may find another test's window."""
    page.resize(1080, 5000)
    content = page.scroll_area.widget()
    qtbot.waitUntil(lambda: page.scroll_area.verticalScrollBar().maximum() == 0 and content.height() > 1500)


def test_contacts_are_listed_and_open_their_details(qtbot, page):
    page.show_contacts([card(1, name_lang="en"), card(2, "Sosiaalipalvelut", name_lang="sv")])
    tall(qtbot, page)
    assert find(page, "contacts-heading").isVisible()
    tiles = page.findChildren(ContactTile)
    assert [t.name.text() for t in tiles] == ["Terveysasema 1", "Sosiaalipalvelut 2"]
    assert tiles[0].place.text() == "Kajaani · Avoinna nyt, klo 8–16"
    assert tiles[1].marker.text() == "(in Swedish)" and not tiles[0].marker.isVisibleTo(tiles[0])
    with qtbot.waitSignal(page.item_opened, timeout=1000) as blocker:
        qtbot.mouseClick(find(page, "contact-ptv:2"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["ptv:2"]


def test_a_long_contact_list_starts_short(qtbot, page):
    page.show_contacts([card(n) for n in range(FIRST_CONTACTS + 4)])
    tall(qtbot, page)
    tiles = page.findChildren(ContactTile)
    assert sum(t.isVisibleTo(page) for t in tiles) == FIRST_CONTACTS
    more = find(page, "contacts-more")
    assert more.isVisible() and more.text() == f"Show all ({FIRST_CONTACTS + 4})"
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert all(t.isVisibleTo(page) for t in tiles) and not more.isVisible()


def test_new_contacts_replace_the_old(page):
    page.show_contacts([card(1), card(2)])
    page.show_contacts([card(3)])
    assert [t.card.id for t in page.findChildren(ContactTile)] == ["ptv:3"]


def test_texts_follow_the_language(page):
    i18n.set_language("sv")
    page.retranslate()
    assert page.emergency.name.text() == "Nödnumret"
    assert page.emergency.text.text().startswith("Om du är i fara, ring 112.")


def test_every_button_has_an_accessible_name(page):
    page.show_contacts([card(n) for n in range(FIRST_CONTACTS + 1)])
    buttons = [b for b in page.findChildren(QAbstractButton) if not b.isHidden()]
    assert len(buttons) >= FIRST_CONTACTS + 2
    assert all(b.accessibleName().strip() for b in buttons)


class EmptyTray:
    def __init__(self, path):
        from kiosk.cache import open_cache
        from kiosk.tray import Tray

        self.tray = Tray(open_cache(path))

    def get(self):
        return self.tray

    def close(self):
        self.tray.close()


def test_help_now_shows_112_with_an_empty_cache(qtbot, tmp_path, tmp_path_factory):
    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    kiosk.router.reads = InlineLane(EmptyTray(tmp_path / "empty.sqlite"))  # a cache with nothing in it
    kiosk.router.start("fi")
    qtbot.mouseClick(find(kiosk.window.bar, "help-now"), Qt.MouseButton.LeftButton)
    page = kiosk.pages["helpnow"]
    assert kiosk.router.current == "helpnow"
    assert find(page, "phone-emergency").text() == "112" and find(page, "phone-emergency").isVisible()
    assert page.findChildren(ContactTile) == []
    assert len(page.findChildren(LineCard)) == len(load_helpnow().lines) - 1


def test_help_now_lists_the_regions_contacts_from_the_tray(qtbot, tmp_path, tmp_path_factory):
    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    kiosk.router.start("fi")
    kiosk.router.go("helpnow")
    page = kiosk.pages["helpnow"]
    tiles = page.findChildren(ContactTile)
    assert tiles and all("contact" in t.card.categories for t in tiles)
    page.show_all_contacts()  # enough below the first tile to scroll it up (the list ends at its last card)
    content = page.scroll_area.widget()
    qtbot.waitUntil(lambda: content.height() >= content.heightForWidth(content.width()))
    # The contacts come below the numbers: scroll them to the top, as a resident would. (QScroller replays a
    # press through QApplication.widgetAt, which finds nothing beyond the offscreen test screen's 800 px.)
    page.scroll_area.verticalScrollBar().setValue(tiles[0].y())
    qtbot.waitUntil(lambda: tiles[0].mapTo(kiosk.window, tiles[0].rect().center()).y() < 700)
    with qtbot.waitSignal(page.item_opened, timeout=2000) as blocker:
        qtbot.mouseClick(tiles[0], Qt.MouseButton.LeftButton)
    assert blocker.args == [tiles[0].card.id]
    qtbot.waitUntil(lambda: kiosk.router.current == "detail")


def test_every_line_says_which_languages_it_answers_in_and_english_has_its_own(qtbot, tmp_path, tmp_path_factory):
    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    kiosk.router.start("en")
    kiosk.router.go("helpnow")
    page = kiosk.pages["helpnow"]
    for card in page.line_cards:
        assert card.languages.text().startswith("Answers in: "), card.line.key
    crisis = [c for c in page.section_cards["crisis"]]
    first = min(crisis, key=lambda c: page.lines_box.indexOf(c))
    assert "en" in first.line.languages, "on the English page a line that answers in English comes first"
    assert "English" in first.languages.text()
    kiosk.router.set_language("sv")
    first = min(crisis, key=lambda c: page.lines_box.indexOf(c))
    assert "sv" in first.line.languages and "svenska" in first.languages.text()
    kiosk.close()


def test_the_help_page_waits_much_longer_before_the_countdown(qtbot, tmp_path, tmp_path_factory):
    from ui.idle import LONG_IDLE_S

    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory, idle_timeout_s=90))
    kiosk.router.start("fi")
    assert kiosk.idle.idle_timer.interval() == 90_000
    kiosk.router.go("helpnow")
    assert kiosk.idle.idle_timer.interval() == LONG_IDLE_S["helpnow"] * 1000 >= 10 * 60_000
    assert kiosk.idle.idle_timer.isActive()
    kiosk.router.go("home")
    assert kiosk.idle.idle_timer.interval() == 90_000
    kiosk.close()


def test_the_regions_contacts_show_their_numbers_without_another_tap(qtbot, tmp_path, tmp_path_factory):
    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    kiosk.router.start("fi")
    kiosk.router.go("helpnow")
    tiles = kiosk.pages["helpnow"].findChildren(ContactTile)
    with_phones = [t for t in tiles if t.card.phone]
    assert with_phones, "the demo's contact channels have numbers"
    for tile in with_phones:
        assert tile.phone.text() == tile.card.phone and tile.phone.property("role") == "phone"
    kiosk.close()
