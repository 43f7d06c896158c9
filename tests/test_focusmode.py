"""The focus ring shows for keyboard users only: after ordinary taps no button looks pressed."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from tests.ui_support import demo_config, find, make_kiosk


def border_colour(button) -> QColor:  # type: ignore[no-untyped-def]
    image = button.grab().toImage()
    return image.pixelColor(1, image.height() // 2)


def test_taps_leave_no_focus_ring_but_tab_shows_one(qtbot, tmp_path, tmp_path_factory):
    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    kiosk.window.activateWindow()
    qtbot.waitUntil(lambda: kiosk.window.isActiveWindow(), timeout=2000)
    kiosk.router.start("fi")
    howto = find(kiosk.window.bar, "howto")
    unfocused = border_colour(howto)
    qtbot.mouseClick(howto, Qt.MouseButton.LeftButton)
    kiosk.router.go("home")
    howto.setFocus(Qt.FocusReason.OtherFocusReason)  # focus lands somewhere after ordinary taps
    assert kiosk.focus_mode.keyboard is False
    assert border_colour(howto).name() == unfocused.name(), "a focused button looks the same after taps"
    qtbot.keyClick(kiosk.window, Qt.Key.Key_Tab)
    assert kiosk.focus_mode.keyboard is True
    howto.setFocus(Qt.FocusReason.TabFocusReason)
    assert howto.hasFocus()
    assert border_colour(howto).name() == "#1b1b1b", "a keyboard user sees where the focus is"
    qtbot.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, pos=QPoint(500, 500))
    assert kiosk.focus_mode.keyboard is False
    kiosk.close()
