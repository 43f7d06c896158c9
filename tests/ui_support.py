"""Helpers for UI tests: a kiosk on the demo tray with a synchronous runner, and typing non-ASCII text.

``QTest.keyClicks`` aborts Qt's test library on ä/ö, so ``type_text`` sends key events with text instead.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import snapshot
from kiosk.config import load_config

FIXED_NOW = datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("Europe/Helsinki"))  # a Tuesday morning
_DEMO_CACHE: dict[str, Path] = {}


def demo_config(tmp_path: Path, tmp_path_factory=None, **kiosk_settings: object):  # type: ignore[no-untyped-def]
    """A config with no sources (demo tray) whose data dir already holds a built demo snapshot."""
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    if "demo" not in _DEMO_CACHE:
        base = Path(str(tmp_path_factory.mktemp("demo-base"))) if tmp_path_factory else tmp_path / "demo-base"
        _DEMO_CACHE["demo"] = snapshot.ensure_demo(base)
    shutil.copy(_DEMO_CACHE["demo"], snapshot.demo_path(data))
    lines = [f'data_dir = "{data}"', 'default_language = "fi"', 'languages = ["fi", "sv", "en"]', "", "[kiosk]"]
    for key, value in kiosk_settings.items():
        lines.append(f"{key} = {value!r}" if not isinstance(value, str) else f'{key} = "{value}"')
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_config(cfg, env={})


def make_kiosk(qtbot, config, *, size=(1080, 1920)):  # type: ignore[no-untyped-def]
    from ui.app import Kiosk

    kiosk = Kiosk(config, synchronous=True, clock=lambda: FIXED_NOW)
    # At teardown the kiosk is closed properly: its application-wide event filters (idle, staff entry)
    # are removed and its worker stopped, so later tests do not pay for every kiosk made before them.
    qtbot.addWidget(kiosk.window, before_close_func=lambda _w: kiosk.close())
    kiosk.window.resize(*size)
    kiosk.window.show()
    return kiosk


def type_text(widget: QWidget, text: str) -> None:
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def find(root: QWidget, name: str) -> QWidget:
    widget = root.findChild(QWidget, name)
    assert widget is not None, f"no widget named {name!r}"
    return widget
