"""``hyte-kiosk screenshot`` renders every page to a PNG of the asked size, in-process; ``run`` explains a
missing display."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from kiosk.cli import EXIT_USAGE, main
from tests.ui_support import demo_config

SIZES = {"fi": (1080, 1920), "sv": (1920, 1080), "en": (1280, 800)}


@pytest.fixture(scope="module")
def config_file(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("shots")
    demo_config(tmp, tmp_path_factory)
    yield tmp / "kiosk.toml"
    from ui import screenshot

    screenshot.close_cached()


def shoot(capsys, config_file, out, *args):
    code = main(["--config", str(config_file), "screenshot", *args, "-o", str(out)])
    printed, err = capsys.readouterr()
    return code, printed.strip(), err


def test_every_page_renders_in_every_language_at_the_asked_size(capsys, config_file, tmp_path):
    from ui.screenshot import PAGE_NAMES

    assert {
        "attract",
        "home",
        "browse",
        "results",
        "detail",
        "search",
        "mylist",
        "helpnow",
        "howto",
        "staff",
        "idle",
        "staff-pin",
        "staff-coverage",
        "staff-tools",
        "staff-settings",
    } <= set(PAGE_NAMES)
    for lang, (w, h) in SIZES.items():
        for page in PAGE_NAMES:
            out = tmp_path / lang / f"{page}.png"
            code, printed, err = shoot(capsys, config_file, out, "--page", page, "--lang", lang, "--size", f"{w}x{h}")
            assert code == 0, err
            assert printed == str(out)
            image = QImage(str(out))
            assert (image.width(), image.height()) == (w, h), (lang, page)


def test_contrast_and_the_largest_text_size_change_the_picture(capsys, config_file, tmp_path):
    plain, bold = tmp_path / "plain.png", tmp_path / "bold.png"
    assert shoot(capsys, config_file, plain, "--page", "home", "--lang", "fi")[0] == 0
    code, _, err = shoot(
        capsys, config_file, bold, "--page", "home", "--lang", "fi", "--contrast", "high", "--text-size", "3"
    )
    assert code == 0, err
    a, b = QImage(str(plain)), QImage(str(bold))
    assert (b.width(), b.height()) == (1080, 1920)
    assert a.pixelColor(3, 3) != b.pixelColor(3, 3), "high contrast has a black background"


def test_an_unknown_page_is_refused_with_the_list_of_pages(capsys, config_file, tmp_path):
    code, _, err = shoot(capsys, config_file, tmp_path / "x.png", "--page", "settings")
    assert code == EXIT_USAGE
    assert "settings" in err and "attract" in err and "staff-pin" in err
    assert not (tmp_path / "x.png").exists()


def test_a_bad_size_is_refused(capsys, config_file, tmp_path):
    code, _, err = shoot(capsys, config_file, tmp_path / "x.png", "--page", "home", "--size", "big")
    assert code == EXIT_USAGE and "1080x1920" in err


def test_run_without_any_display_says_what_to_do(capsys, monkeypatch, config_file):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--config", str(config_file), "run", "--windowed"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "No display" in err and "hyte-kiosk screenshot" in err


def test_display_detection():
    from ui.commands import has_display

    assert not has_display({})
    assert not has_display({"QT_QPA_PLATFORM": "xcb"})
    assert has_display({"DISPLAY": ":0"})
    assert has_display({"WAYLAND_DISPLAY": "wayland-0"})
    assert has_display({"QT_QPA_PLATFORM": "offscreen"})
