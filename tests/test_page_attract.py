"""The attract screen: "touch to start" in three languages, language buttons named in themselves, freshness."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk import i18n
from kiosk.config import Config
from kiosk.session import Session
from kiosk.views import Freshness
from tests.ui_support import demo_config, find, make_kiosk
from ui.context import UiContext
from ui.pages.attract import TOUCH_TO_START, AttractPage


@pytest.fixture
def page(qtbot, tmp_path):
    i18n.set_language("fi")
    page = AttractPage(UiContext(config=Config(path=None, data_dir=tmp_path), session=Session()))
    qtbot.addWidget(page)
    page.resize(1080, 1920)
    page.show()
    return page


def test_touch_to_start_is_shown_in_all_three_languages_at_once(page):
    texts = [find(page, f"touch-to-start-{i}").text() for i in range(3)]
    assert texts == ["Kosketa aloittaaksesi", "Rör för att börja", "Touch to start"]
    assert page.accessibleName() == "Kosketa aloittaaksesi · Rör för att börja · Touch to start"


def test_touch_to_start_is_not_translated(page):
    try:
        i18n.set_language("sv")
        page.retranslate()
        assert [find(page, f"touch-to-start-{i}").text() for i in range(3)] == list(TOUCH_TO_START)
    finally:
        i18n.set_language("fi")


def test_language_buttons_are_named_in_themselves(page):
    names = {lang: find(page, f"lang-start-{lang}") for lang in ("fi", "sv", "en")}
    assert {lang: b.text() for lang, b in names.items()} == {"fi": "Suomi", "sv": "Svenska", "en": "English"}
    assert {lang: b.accessibleName() for lang, b in names.items()} == {"fi": "Suomi", "sv": "Svenska", "en": "English"}


def test_swedish_button_asks_to_start_in_swedish(qtbot, page):
    with qtbot.waitSignal(page.start_requested, timeout=1000) as blocker:
        qtbot.mouseClick(find(page, "lang-start-sv"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["sv"]


def test_a_touch_anywhere_starts_in_the_default_language(qtbot, page):
    with qtbot.waitSignal(page.start_requested, timeout=1000) as blocker:
        qtbot.mouseClick(page, Qt.MouseButton.LeftButton, pos=QPoint(40, 60))
    assert blocker.args == ["fi"]


def test_a_touch_on_the_words_starts_too(qtbot, page):
    label = find(page, "touch-to-start-1")
    with qtbot.waitSignal(page.start_requested, timeout=1000) as blocker:
        qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert blocker.args == ["fi"]


def test_a_swipe_is_not_a_touch(qtbot, page):
    with qtbot.assertNotEmitted(page.start_requested):
        qtbot.mousePress(page, Qt.MouseButton.LeftButton, pos=QPoint(100, 300))
        qtbot.mouseRelease(page, Qt.MouseButton.LeftButton, pos=QPoint(100, 700))


def test_only_the_configured_languages_are_offered(qtbot, tmp_path):
    config = Config(path=None, data_dir=tmp_path, default_language="sv", languages=("sv", "fi"))
    page = AttractPage(UiContext(config=config, session=Session(default_language="sv")))
    qtbot.addWidget(page)
    assert set(page.language_buttons) == {"sv", "fi"}
    assert page.findChild(QAbstractButton, "lang-start-en") is None
    with qtbot.waitSignal(page.start_requested, timeout=1000) as blocker:
        qtbot.mouseClick(page, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert blocker.args == ["sv"]


def test_freshness_is_calm_for_residents_no_staleness_warning_and_demo_as_plain_text(page):
    page.show_freshness(
        Freshness(
            "Tiedot päivitetty 3.11.2026", 30.0, True, "Tiedot voivat olla vanhentuneita.", True, "Esimerkkiaineisto"
        )
    )
    text, warning, demo = (find(page, n) for n in ("freshness-text", "freshness-warning", "freshness-demo"))
    assert text.text() == "Tiedot päivitetty 3.11.2026" and text.isVisible()
    assert not warning.isVisible(), "staleness is for staff (the staff page), not for every passer-by"
    assert demo.text() == "Esimerkkiaineisto" and demo.isVisible()
    assert demo.property("role") == "small", "not drawn like a button"


def test_the_attract_screen_says_what_the_kiosk_is_for_in_three_languages(page):
    lines = [find(page, f"what-it-is-{i}").text() for i in range(3)]
    assert lines[0].startswith("Liikuntaa") and lines[1].startswith("Motion") and "help" in lines[2]
    assert all(find(page, f"what-it-is-{i}").isVisible() for i in range(3))


def test_fresh_real_data_shows_only_the_date(page):
    page.show_freshness(Freshness("Tiedot päivitetty 3.11.2026", 1.0, False, None, False, None))
    assert find(page, "freshness-text").isVisible()
    assert not find(page, "freshness-warning").isVisible()
    assert not find(page, "freshness-demo").isVisible()


def test_every_button_has_an_accessible_name(page):
    buttons = [b for b in page.findChildren(QAbstractButton) if not b.isHidden()]
    assert len(buttons) == 3
    assert all(b.accessibleName().strip() for b in buttons)


def test_start_in_swedish_sets_the_language_and_opens_home(qtbot, tmp_path, tmp_path_factory):
    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    attract = kiosk.pages["attract"]
    assert kiosk.router.current == "attract"
    assert find(attract, "freshness-text").text()
    with qtbot.waitSignal(attract.start_requested, timeout=1000) as blocker:
        qtbot.mouseClick(find(attract, "lang-start-sv"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["sv"]
    assert kiosk.ctx.session.language == "sv" and i18n.current_language() == "sv"
    assert kiosk.router.current == "home"
    kiosk.router.restart()
    assert i18n.current_language() == "fi"


def test_a_touch_anywhere_starts_the_kiosk_in_the_default_language(qtbot, tmp_path, tmp_path_factory):
    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    kiosk.router.set_language("en")  # as if someone left it in English; a touch uses the default
    with qtbot.waitSignal(kiosk.pages["attract"].start_requested, timeout=1000) as blocker:
        qtbot.mouseClick(kiosk.pages["attract"], Qt.MouseButton.LeftButton, pos=QPoint(30, 30))
    assert blocker.args == ["fi"]
    assert kiosk.ctx.session.language == "fi" and kiosk.router.current == "home"
