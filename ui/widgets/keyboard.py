"""An on-screen keyboard drawn by the kiosk itself (not Qt's virtual keyboard plugin).

A Finnish/Swedish layout with å, ä and ö, a digits row, a hyphen, a wide space bar, "⌫", "Tyhjennä" and
"Valmis". Letters are lower-case only: search ignores case. Keys never take the focus, so a line edit
attached with :meth:`OnScreenKeyboard.attach` keeps its cursor, and a physical keyboard keeps working on
the same field. Keys are as big as the theme's touch targets; long key words get a smaller font when a key
is narrow (large text sizes, landscape), never a smaller key.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QGridLayout, QLineEdit, QSizePolicy, QWidget

from kiosk.i18n import _
from ui.theme import MIN_TEXT_PX, TOUCH_PX
from ui.widgets.common import Button

ROWS: tuple[str, ...] = ("1234567890-", "qwertyuiopå", "asdfghjklöä", "zxcvbnm")
UNITS = 11  # keys in the widest row
HALF = 2  # grid columns per key: rows can be offset by half a key
KEY_SPACING = 6
MIN_KEY_WIDTH = TOUCH_PX
KEY_HEIGHT_SCALE = 1.8  # key height per key-font pixel (64 px at A and A+, 80 px at A++)
# The narrowest keyboard whose keys still meet the touch-target size.
MIN_WIDTH = UNITS * MIN_KEY_WIDTH + (UNITS - 1) * KEY_SPACING

_NAMED = {"-": "hyphen", " ": "space"}


def key_name(char: str) -> str:
    """The objectName of the key that types ``char``: ``key-a``, ``key-ä``, ``key-space``, ``key-hyphen``."""
    return "key-" + _NAMED.get(char, char)


class OnScreenKeyboard(QWidget):
    """Touch keys that type into an attached QLineEdit; signals say what was pressed as well."""

    text_typed = Signal(str)
    backspace = Signal()
    cleared = Signal()
    done = Signal()

    def __init__(self, parent: QWidget | None = None, *, show_done: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("keyboard")
        self._target: QLineEdit | None = None
        self.keys: dict[str, Button] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(KEY_SPACING)
        grid.setVerticalSpacing(KEY_SPACING + 2)
        for column in range(UNITS * HALF):
            grid.setColumnStretch(column, 1)
        for row, chars in enumerate(ROWS):
            offset = 1 if row == 3 else 0  # z x c v … sits half a key in, as on a real keyboard
            for i, char in enumerate(chars):
                key = self._key(char, key_name(char))
                key.clicked.connect(lambda _c=False, ch=char: self.type_char(ch))
                grid.addWidget(key, row, offset + i * HALF, 1, HALF)
        self.backspace_key = self._key("⌫", "key-backspace")
        self.backspace_key.clicked.connect(self.press_backspace)
        grid.addWidget(self.backspace_key, 3, 1 + 7 * HALF, 1, UNITS * HALF - 1 - 7 * HALF)
        self.clear_key = self._key("", "key-clear")
        self.clear_key.clicked.connect(self.press_clear)
        self.space_key = self._key("", "key-space")
        self.space_key.clicked.connect(lambda: self.type_char(" "))
        self.done_key = self._key("", "key-done")
        self.done_key.clicked.connect(self.done)
        self.done_key.setVisible(show_done)
        if show_done:
            grid.addWidget(self.clear_key, 4, 0, 1, 6)
            grid.addWidget(self.space_key, 4, 6, 1, 10)
            grid.addWidget(self.done_key, 4, 16, 1, 6)
        else:
            grid.addWidget(self.clear_key, 4, 0, 1, 8)
            grid.addWidget(self.space_key, 4, 8, 1, 14)
        self.setMinimumWidth(MIN_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.keys["q"].installEventFilter(self)  # its font is the theme's key font: refit when it changes
        self.retranslate()

    def _key(self, text: str, name: str) -> Button:
        key = Button(text, role="key", object_name=name)
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the line edit keeps the cursor
        key.setAutoRepeat(False)
        key.setAutoDefault(False)
        key.setMinimumSize(MIN_KEY_WIDTH, TOUCH_PX)
        key.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.keys[name.removeprefix("key-")] = key
        return key

    # -- attaching to a line edit ----------------------------------------------------------------
    def attach(self, line_edit: QLineEdit | None) -> None:
        """Type into ``line_edit`` from now on: insert at its cursor, delete before it, clear it."""
        self._target = line_edit

    def type_char(self, char: str) -> None:
        if self._target is not None:
            self._target.insert(char)
        self.text_typed.emit(char)

    def press_backspace(self) -> None:
        if self._target is not None:
            self._target.backspace()
        self.backspace.emit()

    def press_clear(self) -> None:
        if self._target is not None:
            self._target.clear()
        self.cleared.emit()

    # -- texts and fitting ----------------------------------------------------------------------
    def retranslate(self) -> None:
        self.clear_key.setText(_("Clear"))
        self.clear_key.set_accessible(_("Clear all text"))
        self.space_key.setText(_("Space"))
        self.backspace_key.set_accessible(_("Delete a letter"))
        self.keys["hyphen"].set_accessible(_("Hyphen"))
        self.done_key.setText(_("Done"))
        self.done_key.set_accessible(_("Hide the keyboard"))
        self.fit_fonts()

    compact = False

    def set_compact(self, compact: bool) -> None:
        """Touch-target-high keys whatever the text size, for short screens (1280×800)."""
        if compact != self.compact:
            self.compact = compact
            self.fit_fonts()

    def fit_fonts(self) -> None:
        """Size the keys for the theme's text size and shrink a word that does not fit its key.

        Keys are ``KEY_HEIGHT_SCALE`` × the key font high, never under the touch target: at A++ they stay
        lower than other buttons so that results remain visible above (or beside) the keyboard.
        """
        base = self.keys["q"].font()
        height = max(TOUCH_PX, round(base.pixelSize() * KEY_HEIGHT_SCALE))
        if self.compact:
            height = TOUCH_PX
        sheet = f'QPushButton[role="key"] {{ min-height: {height}px; max-height: {height}px; }}'
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)
        for key in (self.clear_key, self.space_key, self.done_key, self.backspace_key):
            font = QFont(key.font())
            size = max(base.pixelSize(), MIN_TEXT_PX)
            room = key.width() - 28
            font.setPixelSize(size)
            while size > MIN_TEXT_PX and QFontMetrics(font).horizontalAdvance(key.text()) > room:
                size -= 2
                font.setPixelSize(size)
            wanted = f"font-size: {size}px;" if size < base.pixelSize() else ""
            if key.styleSheet() != wanted:
                key.setStyleSheet(wanted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_fonts()
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.Resize:
            self.fit_fonts()
        return super().event(event)
