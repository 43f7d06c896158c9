"""Assembles the kiosk: the application, the theme, the pages, the window, the worker and the router.

``Kiosk`` is used the same way by ``hyte-kiosk run``, by ``hyte-kiosk screenshot`` and by the tests.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QInputDevice
from PySide6.QtWidgets import QApplication

from kiosk import snapshot
from kiosk.config import Config
from kiosk.i18n import set_language
from kiosk.session import Session
from ui.context import UiContext, local_now
from ui.pages.base import Page
from ui.pageset import PageSet
from ui.router import Router
from ui.theme import FONT_FAMILY, stylesheet
from ui.window import KioskWindow
from ui.worker import SyncRunner, Worker

PAGES: dict[str, str] = {
    "attract": "ui.pages.attract:AttractPage",
    "home": "ui.pages.home:HomePage",
    "browse": "ui.pages.browse:BrowsePage",
    "results": "ui.pages.results:ResultsPage",
    "detail": "ui.pages.detail:DetailPage",
    "search": "ui.pages.search:SearchPage",
    "mylist": "ui.pages.mylist:MyListPage",
    "helpnow": "ui.pages.helpnow:HelpNowPage",
    "howto": "ui.pages.howto:HowToPage",
    "staff": "ui.pages.staff:StaffPage",
}


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or ["hyte-kiosk"])
    assert isinstance(app, QApplication)
    app.setApplicationName("hyte-kiosk")
    app.setFont(QFont(FONT_FAMILY, 18))
    return app


def snapshot_path(config: Config) -> Path:
    """The tray the kiosk shows: the synced one, or the demo tray when there is none (yet)."""
    tray = snapshot.tray_path(config.data_dir)
    if not config.demo and tray.exists():
        return tray
    return snapshot.ensure_demo(config.data_dir)


def _load_page(spec: str) -> type[Page]:
    module, cls = spec.split(":")
    page_cls: type[Page] = getattr(importlib.import_module(module), cls)
    assert issubclass(page_cls, Page)
    return page_cls


class Kiosk:
    def __init__(self, config: Config, *, kiosk_mode: bool = False, synchronous: bool = False,
                 clock: Any = None) -> None:
        self.app = application()
        self.config = config
        self.session = Session(default_language=config.default_language)
        self.ctx = UiContext(config=config, session=self.session, clock=clock or local_now)
        self._qt_translator: QTranslator | None = None
        demo = snapshot_path(config)  # the demo tray, or the synced one when it exists already
        tray = snapshot.tray_path(config.data_dir)

        def current_snapshot() -> Path:
            """After the first successful sync the kiosk follows ``tray.sqlite`` (checked per job)."""
            return tray if not config.demo and tray.exists() else demo

        self.runner: Worker | SyncRunner = (
            SyncRunner(current_snapshot) if synchronous else Worker(current_snapshot)
        )
        self._sheet = ""
        set_language(self.session.language)
        self.window = KioskWindow(kiosk_mode=kiosk_mode)
        self.pages = PageSet(list(PAGES), lambda name: _load_page(PAGES[name])(self.ctx))
        self.router = Router(self.ctx, self.window, self.runner, self.pages, self.apply_theme)
        self.router.language_hooks.append(self.install_qt_translation)
        self.apply_theme(0, False)
        self.router.set_language(self.session.language)
        self.router.load_home_point()
        self._install_extras()
        self.router.go("attract", reset_history=True)

    def _install_extras(self) -> None:
        """Idle watcher and staff entry (kept in their own modules)."""
        for module_name, func in (("ui.idle", "install_idle"), ("ui.staff_entry", "install_staff")):
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            setattr(self, func.removeprefix("install_"), getattr(module, func)(self))

    def apply_theme(self, text_size: int, high_contrast: bool) -> None:
        sheet = stylesheet(text_size, high_contrast)
        if sheet != self._sheet:  # re-polishing every widget is costly: only when something changed
            self._sheet = sheet
            # On the window, not the application: only this kiosk's widgets are re-polished.
            self.window.setStyleSheet(sheet)

    def install_qt_translation(self, lang: str) -> None:
        """Qt's own strings (standard buttons) in the chosen language, from qtbase_<lang>.qm."""
        if self._qt_translator is not None:
            self.app.removeTranslator(self._qt_translator)
            self._qt_translator = None
        translator = QTranslator(self.app)
        directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(QLocale(lang), "qtbase", "_", directory):
            self.app.installTranslator(translator)
            self._qt_translator = translator

    def show(self, *, windowed: bool, size: tuple[int, int] | None) -> None:
        if size:
            self.window.resize(*size)
        if windowed or not self.window.kiosk_mode:
            if not size:
                self.window.resize(1080 // 2, 1920 // 2)
            self.window.show()
        else:
            if has_touch_screen():  # a finger needs no pointer; a stray cursor only confuses
                self.app.setOverrideCursor(Qt.CursorShape.BlankCursor)
            self.window.showFullScreen()

    def close(self) -> None:
        for name in ("idle", "staff"):  # their application-wide event filters go with this kiosk
            watcher = getattr(self, name, None)
            if watcher is not None:
                self.app.removeEventFilter(watcher)
                stop = getattr(getattr(watcher, "idle_timer", None), "stop", None)
                if stop is not None:
                    stop()
        self.window.allow_close = True
        self.window.close()
        self.runner.stop()
        self.window.deleteLater()


def has_touch_screen() -> bool:
    return any(d.type() == QInputDevice.DeviceType.TouchScreen for d in QInputDevice.devices())


def has_display() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    return bool(platform and platform != "xcb") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(config: Config, *, windowed: bool, size: tuple[int, int] | None) -> int:
    app = application()
    kiosk_mode = not windowed
    kiosk = Kiosk(config, kiosk_mode=kiosk_mode)
    kiosk.show(windowed=windowed, size=size)
    code = app.exec()
    kiosk.runner.stop()
    return int(code)
