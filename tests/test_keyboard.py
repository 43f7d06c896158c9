"""The kiosk's own on-screen keyboard: Finnish/Swedish layout, typing into a field, touch-sized keys."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from tests.ui_support import type_text
from ui.theme import MIN_TEXT_PX, TOUCH_PX, stylesheet
from ui.widgets.keyboard import MIN_WIDTH, OnScreenKeyboard, key_name

ROOT = Path(__file__).resolve().parent.parent
LETTERS = "qwertyuiopåasdfghjklöäzxcvbnm"


@pytest.fixture
def styled():
    """The kiosk's style sheet at a chosen text size; the application's is put back afterwards."""
    app = QApplication.instance()
    before = app.styleSheet()

    def apply(text_size: int, high_contrast: bool = False) -> None:
        app.setStyleSheet(stylesheet(text_size, high_contrast))

    yield apply
    app.setStyleSheet(before)


@pytest.fixture
def board(qtbot):
    host = QWidget()
    layout = QVBoxLayout(host)
    field = QLineEdit()
    keyboard = OnScreenKeyboard()
    keyboard.attach(field)
    layout.addWidget(field)
    layout.addWidget(keyboard)
    qtbot.addWidget(host)
    host.resize(1016, 600)
    host.show()
    qtbot.waitExposed(host)
    yield keyboard, field
    del host


def press(qtbot, keyboard: OnScreenKeyboard, text: str) -> None:
    for char in text:
        qtbot.mouseClick(keyboard.findChild(QWidget, key_name(char)), Qt.MouseButton.LeftButton)


def test_layout_has_nordic_letters_digits_and_editing_keys(board):
    keyboard, _field = board
    for char in LETTERS + "1234567890":
        key = keyboard.findChild(QWidget, f"key-{char}")
        assert key is not None, char
        assert key.text() == char  # lower-case only: search ignores case
    for name in ("key-hyphen", "key-space", "key-backspace", "key-clear", "key-done"):
        assert keyboard.findChild(QWidget, name) is not None, name
    assert keyboard.keys["backspace"].text() == "⌫"


def test_typing_kuntosalille_on_the_keys_fills_the_field(qtbot, board):
    keyboard, field = board
    typed: list[str] = []
    keyboard.text_typed.connect(typed.append)
    press(qtbot, keyboard, "kuntosalille")
    assert field.text() == "kuntosalille"
    assert "".join(typed) == "kuntosalille"


def test_nordic_letters_space_and_hyphen(qtbot, board):
    keyboard, field = board
    press(qtbot, keyboard, "äiti ja öljy-åå")
    assert field.text() == "äiti ja öljy-åå"


def test_keys_insert_and_delete_at_the_cursor(qtbot, board):
    keyboard, field = board
    field.setText("kunto")
    field.setCursorPosition(2)
    press(qtbot, keyboard, "ä")
    assert field.text() == "kuänto"
    with qtbot.waitSignal(keyboard.backspace):
        qtbot.mouseClick(keyboard.keys["backspace"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keyboard.keys["backspace"], Qt.MouseButton.LeftButton)
    assert field.text() == "knto"
    assert field.cursorPosition() == 1


def test_clear_empties_the_field(qtbot, board):
    keyboard, field = board
    press(qtbot, keyboard, "kuoro")
    with qtbot.waitSignal(keyboard.cleared):
        qtbot.mouseClick(keyboard.keys["clear"], Qt.MouseButton.LeftButton)
    assert field.text() == ""


def test_physical_keyboard_and_on_screen_keys_share_the_field(qtbot, board):
    keyboard, field = board
    type_text(field, "Äiti")
    press(qtbot, keyboard, " ö")
    assert field.text() == "Äiti ö"


def test_done_key_asks_to_hide_the_keyboard(qtbot, board):
    keyboard, _field = board
    with qtbot.waitSignal(keyboard.done):
        qtbot.mouseClick(keyboard.keys["done"], Qt.MouseButton.LeftButton)


def test_keys_never_take_the_focus_and_do_not_repeat(board):
    keyboard, _field = board
    for key in keyboard.keys.values():
        assert key.focusPolicy() == Qt.FocusPolicy.NoFocus
        assert not key.autoRepeat()


def test_every_key_has_an_accessible_name(board):
    keyboard, _field = board
    for name, key in keyboard.keys.items():
        assert key.accessibleName().strip(), name
    assert keyboard.keys["backspace"].accessibleName() != "⌫"
    assert keyboard.keys["hyphen"].accessibleName() != "-"


@pytest.mark.parametrize("width", [1080 - 64, 800, MIN_WIDTH])
@pytest.mark.parametrize("text_size", [0, 1, 2])
def test_keys_are_touch_sized_and_words_fit_at_every_text_size(qtbot, board, styled, width, text_size):
    keyboard, _field = board
    styled(text_size, high_contrast=text_size == 2)
    keyboard.setFixedWidth(width)
    keyboard.parentWidget().resize(width + 40, 700)
    qtbot.waitUntil(lambda: keyboard.width() == width)
    keyboard.fit_fonts()
    for name, key in keyboard.keys.items():
        assert key.height() >= TOUCH_PX and key.width() >= TOUCH_PX, (name, key.size())
        assert key.font().pixelSize() >= MIN_TEXT_PX, name
        assert QFontMetrics(key.font()).horizontalAdvance(key.text()) <= key.width() - 8, (name, key.text())
    assert keyboard.height() <= 480  # leaves room for results in portrait and landscape


def test_my_messages_are_translated_in_the_fragment():
    """Every message of the search and list modules has Finnish and Swedish text with the same placeholders."""
    with open(ROOT / "translations" / "fragments" / "search.toml", "rb") as fh:
        fragment = tomllib.load(fh)
    shared = {}
    for name in ("shell.toml", "search_speed.toml"):  # search_speed: the count's "1000+"
        with open(ROOT / "translations" / "fragments" / name, "rb") as fh:
            shared.update(tomllib.load(fh))
    messages = set()
    for module in ("ui/widgets/keyboard.py", "ui/pages/search.py", "ui/pages/mylist.py"):
        with open(ROOT / module, "rb") as fh:
            messages |= {
                m[1] for m in extract_from_file("python", fh.name, keywords={"_": None}) if isinstance(m[1], str)
            }
    messages -= {"Add to my list", "Add to list"}  # the card's own messages (its fragment translates them)
    for msgid in messages:
        texts = fragment.get(msgid) or shared.get(msgid)
        assert texts, f"no translation for {msgid!r}"
        for lang in ("fi", "sv"):
            assert texts.get(lang), (lang, msgid)
            assert sorted(re.findall(r"\{\w*\}", msgid)) == sorted(re.findall(r"\{\w*\}", texts[lang])), (lang, msgid)
    assert fragment["Delete a letter"]["fi"] == "Poista merkki"
    assert fragment["Clear"]["fi"] == "Tyhjennä"
