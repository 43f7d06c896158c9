"""The staff PIN pad: a full-window overlay with digits 0–9, ⌫, OK and Cancel; the PIN shows only as dots.

It only collects digits and reports them (``submitted(str)``, ``cancelled()``); checking the PIN and the
lock-out live in :mod:`ui.staff_entry` and :mod:`kiosk.staffpin`. Physical keys work too: digits,
Backspace, Enter for OK and Escape for Cancel.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.i18n import N_, _
from kiosk.staffpin import PIN_MAX
from ui.widgets.common import Button, TextLabel, set_role
from ui.widgets.overlay import Overlay

KEY_PX = 76  # plus the 3 px border on each side: 82 px keys
KEY_FONT_PX = 32


class PinPad(Overlay):
    submitted = Signal(str)
    cancelled = Signal()
    max_dialog_width = 720

    def __init__(self, parent: QWidget | None = None, heading: str = N_("Staff entry"), name: str = "pinpad") -> None:
        super().__init__(parent, name)
        self.heading_text = heading  # a message id, translated when shown
        self._pin = ""
        self._enabled = True
        # Portrait: text above the keys. Landscape: text beside the keys, so the pad fits 800 px high.
        self._box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.dialog)
        self._box.setContentsMargins(36, 28, 36, 28)
        self._box.setSpacing(28)
        info = QVBoxLayout()
        info.setSpacing(16)
        self.heading = TextLabel("", role="subheading")
        self.message = TextLabel("", role="hint")
        self.message.setObjectName("pin-message")
        self.dots = TextLabel("", role="heading")
        self.dots.setObjectName("pin-dots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for label in (self.heading, self.message, self.dots):
            info.addWidget(label)
        info.addStretch(1)
        self._box.addLayout(info, 1)

        self.keypad = QWidget()
        self.keypad.setObjectName("pin-keypad")
        grid = QGridLayout(self.keypad)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(16)
        self.keys: dict[str, Button] = {}
        layout = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "0", "ok")
        for i, key in enumerate(layout):
            if key == "back":
                b = Button("⌫", object_name="pin-back")
                b.clicked.connect(self.backspace)
            elif key == "ok":
                b = Button("", role="primary", object_name="pin-ok")
                b.clicked.connect(self.submit)
            else:
                b = Button(key, role="key", object_name=f"pin-{key}")
                b.clicked.connect(lambda _c=False, d=key: self.press(d))
            grid.addWidget(b, i // 3, i % 3)
            self.keys[key] = b
        self.cancel = Button("", object_name="pin-cancel")
        grid.addWidget(self.cancel, 4, 0, 1, 3)
        for b in (*self.keys.values(), self.cancel):
            b.setAutoDefault(False)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Staff-only: the keys keep one size whatever text size the last resident chose.
        self.keypad.setStyleSheet(f"QPushButton {{ min-height: {KEY_PX}px; max-height: {KEY_PX}px; padding: 0px 12px;"
                                  f" font-size: {KEY_FONT_PX}px; }}")
        self.cancel.clicked.connect(self._cancel)
        self._box.addWidget(self.keypad, 1)
        self.retranslate()

    def fit(self) -> None:
        parent = self.parentWidget()
        landscape = parent is not None and parent.width() > parent.height()
        self.max_dialog_width = 1100 if landscape else 720
        self._box.setDirection(QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom)
        super().fit()

    # -- state ---------------------------------------------------------------------------------
    @property
    def pin(self) -> str:
        return self._pin

    def press(self, digit: str) -> None:
        if self._enabled and len(self._pin) < PIN_MAX and digit.isdigit():
            self._pin += digit
            self._show_dots()

    def backspace(self) -> None:
        self._pin = self._pin[:-1]
        self._show_dots()

    def clear(self) -> None:
        self._pin = ""
        self._show_dots()

    def submit(self) -> None:
        if not self._enabled:
            return
        pin, self._pin = self._pin, ""
        self._show_dots()
        self.submitted.emit(pin)

    def _cancel(self) -> None:
        self.clear()
        self.cancelled.emit()

    @property
    def keys_enabled(self) -> bool:
        return self._enabled

    def set_keys_enabled(self, enabled: bool) -> None:
        """Off (and out of sight) while locked out or when no PIN is set up; Cancel always works."""
        self._enabled = enabled
        for b in self.keys.values():
            b.setVisible(enabled)
        self.dots.setVisible(enabled)
        self.cancel.setText(_("Cancel") if enabled else _("Close"))

    def set_message(self, text: str, *, warning: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, "warning" if warning else "hint")

    def _show_dots(self) -> None:
        self.dots.setText("● " * len(self._pin) if self._pin else "—")
        self.dots.setAccessibleName(_("{count} digits entered").format(count=len(self._pin)))

    def open(self) -> None:
        self.clear()
        super().open()

    # -- text and keys -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(_(self.heading_text))
        self.keys["ok"].setText(_("OK"))
        self.keys["back"].set_accessible(_("Delete the last digit"))
        self.cancel.setText(_("Cancel") if self._enabled else _("Close"))
        self._show_dots()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt name
        key = event.key()
        if event.text().isdigit() and event.text().isascii():
            self.press(event.text())
        elif key == Qt.Key.Key_Backspace:
            self.backspace()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif key == Qt.Key.Key_Escape:
            self._cancel()
        else:
            super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
