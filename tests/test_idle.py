"""Idle and reset: the countdown overlay, "Continue" that keeps everything, and a reset that forgets it all."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from kiosk.i18n import current_language, gettext
from kiosk.query import Query
from kiosk.search import search
from tests.ui_support import demo_config, find, make_kiosk, type_text
from ui.theme import stylesheet


@pytest.fixture
def kiosk(qtbot, tmp_path, tmp_path_factory):
    k = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory, idle_timeout_s=90))
    yield k
    k.close()


def sports_ids(kiosk, n):
    ids: list[str] = []
    kiosk.reads.submit(
        lambda tray: search(tray, Query(categories=("sports",)), lang="fi", limit=n),
        lambda hits: ids.extend(h.id for h in hits),
    )
    assert len(ids) == n
    return ids


def use_the_kiosk(kiosk, qtbot):
    """A resident who changed everything there is to change."""
    router = kiosk.router
    router.start("sv")
    router.set_text_size(2)
    router.set_contrast(True)
    router.open_category("sports")
    router.set_query(Query(categories=("sports",), municipalities=("205",), free=True, open_today=True, sort="name"))
    for item_id in sports_ids(kiosk, 2):
        router.add_to_list(item_id)
    kiosk.session.scroll_positions["results"] = 480
    router.go("search")
    field = kiosk.pages["search"].findChild(QLineEdit)
    field.setFocus()
    type_text(field, "kuntosalö")
    router.search(field.text())
    s = kiosk.session
    assert (s.language, s.text_size, s.high_contrast, len(s.my_list)) == ("sv", 2, True, 2)
    assert s.query.free and s.search_text == "kuntosalö" and not s.is_pristine()
    return field


def assert_forgotten(kiosk, field):
    s = kiosk.session
    assert s.is_pristine()
    assert s.language == s.default_language == "fi" == current_language()
    assert s.my_list == [] and s.query == Query() and s.category is None
    assert s.text_size == 0 and s.high_contrast is False and s.scroll_positions == {}
    assert s.search_text == "" and field.text() == ""
    assert kiosk.router.current == "attract" and kiosk.router.history == []
    assert kiosk.window.stack.currentWidget() is kiosk.pages["attract"]
    assert kiosk.window.styleSheet() == stylesheet(0, False)
    bar = kiosk.window.bar
    assert bar.languages["fi"].isChecked() and bar.sizes[0].isChecked() and not bar.contrast.isChecked()
    assert not kiosk.idle.overlay.isVisible()


def test_idle_timeout_shows_the_countdown_overlay_over_the_whole_window(kiosk, qtbot):
    kiosk.router.start("fi")
    watcher = kiosk.idle
    watcher.idle_timer.setInterval(30)
    watcher.idle_timer.start()
    qtbot.waitUntil(lambda: watcher.overlay.isVisible(), timeout=3000)
    assert watcher.overlay.geometry() == kiosk.window.rect()
    assert kiosk.window.overlay is watcher.overlay
    assert "20" in watcher.overlay.countdown.text()
    kiosk.window.resize(1920, 1080)
    qtbot.waitUntil(lambda: watcher.overlay.geometry() == kiosk.window.rect())


def test_continue_is_large_and_not_a_default_button(kiosk):
    kiosk.router.start("fi")
    kiosk.idle.on_idle()
    keep = find(kiosk.window, "idle-continue")
    restart = find(kiosk.window, "idle-restart")
    assert not keep.isDefault() and not keep.autoDefault()
    assert not keep.hasFocus(), "the focus is on the overlay, so Enter presses nothing"
    assert keep.height() > restart.height() and keep.height() >= 120
    assert keep.accessibleName() and restart.accessibleName()


def test_any_touch_restarts_the_idle_timer(kiosk, qtbot):
    kiosk.router.start("fi")
    watcher = kiosk.idle
    watcher.idle_timer.stop()
    qtbot.mouseClick(kiosk.pages["home"], Qt.MouseButton.LeftButton, pos=QPoint(400, 600))
    assert watcher.idle_timer.isActive()
    watcher.idle_timer.stop()
    QApplication.sendEvent(
        kiosk.window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    )
    assert watcher.idle_timer.isActive()


def test_no_countdown_on_the_attract_screen(kiosk):
    assert kiosk.router.current == "attract"
    kiosk.idle.on_idle()
    assert not kiosk.idle.overlay.isVisible()


def light_use(kiosk):
    kiosk.router.start("sv")
    kiosk.router.open_category("sports")
    for item_id in sports_ids(kiosk, 2):
        kiosk.router.add_to_list(item_id)


def test_continue_keeps_the_whole_session(kiosk, qtbot):
    field = use_the_kiosk(kiosk, qtbot)
    before = (list(kiosk.session.my_list), kiosk.session.query, kiosk.session.language)
    kiosk.idle.on_idle()
    for _ in range(5):
        kiosk.idle.tick()
    assert "15" in kiosk.idle.overlay.countdown.text()
    qtbot.mouseClick(find(kiosk.window, "idle-continue"), Qt.MouseButton.LeftButton)
    assert not kiosk.idle.overlay.isVisible() and not kiosk.idle.tick_timer.isActive()
    assert kiosk.idle.idle_timer.isActive()
    assert (list(kiosk.session.my_list), kiosk.session.query, kiosk.session.language) == before
    assert kiosk.router.current == "search" and field.text() == "kuntosalö"


def test_enter_on_the_countdown_does_nothing(kiosk, qtbot):
    light_use(kiosk)
    kiosk.idle.on_idle()
    overlay = kiosk.idle.overlay
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
        qtbot.keyClick(QApplication.focusWidget() or overlay, key)
    assert overlay.isVisible() and kiosk.session.language == "sv" and len(kiosk.session.my_list) == 2


def test_countdown_reaching_zero_forgets_every_piece_of_the_session(kiosk, qtbot):
    field = use_the_kiosk(kiosk, qtbot)
    watcher = kiosk.idle
    watcher.on_idle()
    assert watcher.tick_timer.isActive()
    for _ in range(watcher.countdown_s - 1):
        watcher.tick()
    assert watcher.remaining == 1 and watcher.overlay.seconds == 1
    assert watcher.overlay.countdown.text() == gettext("Starting over in 1 second.", "sv")
    assert not kiosk.session.is_pristine()
    with qtbot.waitSignal(kiosk.router.session_reset, timeout=1000):
        watcher.tick()
    assert_forgotten(kiosk, field)
    assert watcher.idle_timer.isActive(), "watching again for the next resident"


def test_the_tick_timer_counts_down_by_itself(kiosk, qtbot):
    light_use(kiosk)
    watcher = kiosk.idle
    watcher.countdown_s = 3
    watcher.tick_timer.setInterval(10)
    with qtbot.waitSignal(watcher.expired, timeout=3000):
        watcher.on_idle()
    assert kiosk.session.is_pristine() and kiosk.router.current == "attract"


def test_finish_on_the_bar_asks_first_and_a_stray_tap_keeps_everything(kiosk, qtbot):
    field = use_the_kiosk(kiosk, qtbot)
    before = (list(kiosk.session.my_list), kiosk.session.language, kiosk.router.current)
    qtbot.mouseClick(find(kiosk.window.bar, "restart"), Qt.MouseButton.LeftButton)
    question = find(kiosk.window, "finish")
    assert question.isVisible() and not kiosk.session.is_pristine()
    keep, proceed = find(question, "finish-no"), find(question, "finish-yes")
    assert keep.height() > proceed.height() and keep.hasFocus() and not proceed.isDefault()
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert not question.isVisible()
    assert (list(kiosk.session.my_list), kiosk.session.language, kiosk.router.current) == before
    qtbot.mouseClick(find(kiosk.window.bar, "restart"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(question, "finish-yes"), Qt.MouseButton.LeftButton)
    assert_forgotten(kiosk, field)


def test_finish_with_nothing_to_lose_needs_no_question(kiosk, qtbot):
    kiosk.router.start("fi")
    kiosk.router.go("browse")
    qtbot.mouseClick(find(kiosk.window.bar, "restart"), Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "attract"
    finish = kiosk.window.findChild(type(kiosk.window), "finish")
    assert finish is None or not finish.isVisible()


def test_main_page_and_finish_have_names_that_cannot_be_confused(kiosk):
    from kiosk.i18n import gettext as g

    for lang in ("fi", "sv", "en"):
        home, finish = g("Main page", lang), g("Finish and clear", lang)
        assert home.split()[0][:3].lower() != finish.split()[0][:3].lower(), (lang, home, finish)


def test_start_over_now_on_the_countdown_forgets_everything(kiosk, qtbot):
    field = use_the_kiosk(kiosk, qtbot)
    kiosk.idle.on_idle()
    qtbot.mouseClick(find(kiosk.window, "idle-restart"), Qt.MouseButton.LeftButton)
    assert_forgotten(kiosk, field)


def test_countdown_speaks_the_residents_language(kiosk):
    kiosk.router.start("en")
    kiosk.idle.on_idle()
    overlay = kiosk.idle.overlay
    assert overlay.question.text() == "Are you still there?"
    assert overlay.countdown.text() == "Starting over in 20 seconds."
    kiosk.router.set_language("fi")
    assert overlay.keep.text() == gettext("Continue", "fi")
    assert overlay.countdown.text() == gettext("Starting over in {seconds} seconds.", "fi").format(seconds=20)
