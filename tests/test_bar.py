"""The always-there bar: today's date and time, the same order in portrait and landscape, targets large
enough, words on every control, and a help button that keeps its colour in high contrast."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from tests.ui_support import demo_config, find, make_kiosk

ORDER = ("help-now", "my-list", "home", "howto", "restart", "lang-fi", "lang-sv", "lang-en", "size-0", "size-1",
         "size-2", "contrast")


@pytest.fixture
def kiosk(qtbot, tmp_path, tmp_path_factory):
    k = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    k.router.start("fi")
    yield k
    k.close()


def test_the_bar_says_which_day_and_time_it_is_in_the_residents_language(kiosk, qtbot):
    clock = find(kiosk.window.bar, "bar-clock")
    qtbot.waitUntil(lambda: bool(clock.text()), timeout=2000)
    assert clock.text() == "tiistai 24.11. klo 10.30"  # the tests' clock: Tuesday 24 November 2026, 10.30
    kiosk.router.set_language("sv")
    assert clock.text() == "tisdag 24.11. kl. 10.30"
    kiosk.router.set_language("en")
    assert clock.text() == "Tuesday 24 November, 10:30"


def reading_order(kiosk) -> list[str]:  # type: ignore[no-untyped-def]
    bar = kiosk.window.bar
    places = []
    for name in ORDER:
        widget = find(bar, name)
        places.append((widget.y() // 20, widget.x(), name))
    return [name for _y, _x, name in sorted(places)]


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080), (1280, 800)])
def test_same_order_in_portrait_and_landscape_and_no_language_alone(kiosk, qtbot, size):
    kiosk.window.resize(*size)
    qtbot.wait(1)
    assert reading_order(kiosk) == list(ORDER)
    bar = kiosk.window.bar
    rows = {find(bar, f"lang-{lang}").y() for lang in ("fi", "sv", "en")}
    assert len(rows) == 1, "the three languages share a row"


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080), (1280, 800)])
@pytest.mark.parametrize("text_size", [0, 2])
def test_every_bar_control_is_a_large_target_with_words(kiosk, qtbot, size, text_size):
    kiosk.window.resize(*size)
    kiosk.router.set_text_size(text_size)
    qtbot.wait(1)
    for name in ORDER:
        widget = find(kiosk.window.bar, name)
        assert widget.width() >= 64 and widget.height() >= 64, (name, widget.size().toTuple())
    assert "Kontrasti" in find(kiosk.window.bar, "contrast").text()


def colour_at_centre(widget) -> QColor:  # type: ignore[no-untyped-def]
    image: QImage = widget.grab().toImage()
    return image.pixelColor(image.width() // 2, 6)


def test_the_help_button_keeps_its_red_in_high_contrast_and_differs_from_my_list(kiosk, qtbot):
    bar = kiosk.window.bar
    help_now, my_list = find(bar, "help-now"), find(bar, "my-list")
    normal = colour_at_centre(help_now)
    kiosk.router.set_contrast(True)
    qtbot.wait(1)
    high = colour_at_centre(help_now)
    assert high.red() > 140 and high.green() < 60 and high.blue() < 60, high.name()
    assert high.name() == normal.name()
    assert colour_at_centre(my_list).name() != high.name()
