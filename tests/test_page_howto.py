"""How to use: five pictured steps with one short sentence each, readable at the largest text size."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from PySide6.QtCore import Qt
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton

from kiosk import i18n
from kiosk.config import Config
from kiosk.session import Session
from tests.ui_support import demo_config, find, make_kiosk
from ui.context import UiContext
from ui.pages.howto import STEPS, HowToPage, Step
from ui.widgets.picture import ASSETS, LOGO

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def page(qtbot, tmp_path):
    i18n.set_language("en")
    page = HowToPage(UiContext(config=Config(path=None, data_dir=tmp_path), session=Session()))
    qtbot.addWidget(page)
    page.resize(1080, 1500)
    page.show()
    yield page
    i18n.set_language("fi")


def test_five_steps_in_pictures_and_few_words(page):
    steps = page.findChildren(Step)
    assert [s.objectName() for s in steps] == [f"step-{name}" for name in ("touch", "themes", "card", "list", "help")]
    for step in steps:
        words = step.sentence.text().split()
        assert 3 <= len(words) <= 12
        assert step.picture.pixmap() is not None and not step.picture.pixmap().isNull()
    assert find(page, "title").text() == "How to use"
    assert "Finish and clear" in find(page, "howto-start-over").text()
    assert "red button" in find(page, "step-text-help").text()


def test_every_picture_is_a_valid_svg_with_few_colours():
    for name, _text in STEPS:
        path = ASSETS / "howto" / f"{name}.svg"
        assert QSvgRenderer(str(path)).isValid(), path
    for path in (LOGO, ASSETS / "howto" / "search.svg"):
        assert QSvgRenderer(str(path)).isValid(), path


def test_back_asks_to_go_back(qtbot, page):
    assert page.back_button.isVisible()
    with qtbot.waitSignal(page.back_requested, timeout=1000):
        qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)


def test_every_button_has_an_accessible_name(page):
    assert all(b.accessibleName().strip() for b in page.findChildren(QAbstractButton) if not b.isHidden())


def test_nothing_is_cut_off_at_the_largest_text_in_portrait(qtbot, tmp_path, tmp_path_factory):
    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    kiosk.router.set_language("fi")
    kiosk.router.set_text_size(2)
    kiosk.router.go("howto")
    page = kiosk.pages["howto"]
    qtbot.waitUntil(
        lambda: (
            page.scroll_area.widget().height()
            >= page.scroll_area.widget().heightForWidth(page.scroll_area.widget().width())
        )
    )
    for step in page.findChildren(Step):
        assert step.height() >= step.heightForWidth(step.width())
        assert step.sentence.height() >= step.sentence.heightForWidth(step.sentence.width())


def test_the_first_pages_strings_have_finnish_and_swedish_in_the_fragment():
    fragments: dict[str, dict[str, str]] = {}
    for path in (ROOT / "translations" / "fragments").glob("*.toml"):
        fragments.update(tomllib.loads(path.read_text(encoding="utf-8")))
    for module in ("attract", "home", "howto", "helpnow"):
        for _line, _func, message, _comments in extract_from_file("python", ROOT / "ui" / "pages" / f"{module}.py"):
            if isinstance(message, str):
                assert fragments.get(message, {}).keys() >= {"fi", "sv"}, (module, message)
