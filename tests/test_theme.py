"""Design tokens: text and tile colours meet their contrast targets; no text under 20 px."""

from __future__ import annotations

import pytest

from ui import theme


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("pal", [theme.NORMAL, theme.HIGH_CONTRAST])
def test_palette_text_contrast_is_at_least_7_to_1(pal):
    assert contrast(pal.text, pal.background) >= 7
    assert contrast(pal.primary, pal.background) >= 7
    assert contrast(pal.on_primary, pal.primary) >= 7
    assert contrast(pal.on_danger, pal.danger) >= 4.5
    assert contrast(pal.warning_text, pal.warning_bg) >= 7


@pytest.mark.parametrize("key", sorted(theme.AREA_COLOURS))
def test_theme_tiles_have_white_text_at_6_to_1(key):
    assert contrast("#FFFFFF", theme.AREA_COLOURS[key]) >= 6


def test_no_text_under_20_px_and_big_touch_targets():
    for size in range(3):
        assert theme.small_px(size) >= theme.MIN_TEXT_PX
        assert theme.body_px(size) >= 24
    assert theme.TOUCH_PX >= 64
    sheet = theme.stylesheet(0, False)
    import re

    sizes = [int(n) for n in re.findall(r"font-size: (\d+)px", sheet)]
    assert min(sizes) >= 20
