"""A few big theme buttons, so a page with nothing to show still offers a way forward (search with no
results, an empty list)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from kiosk.i18n import current_language
from ui.context import UiContext
from ui.theme import MIN_TEXT_PX, TOUCH_PX
from ui.widgets.common import Button

SUGGESTED_THEMES = ("sports", "culture", "participation", "mental")


class ThemeSuggestions(QWidget):
    """A few big theme buttons, so a page with nothing to show still offers a way forward."""

    chosen = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, count: int = 4) -> None:
        super().__init__(parent)
        self.setObjectName("theme-suggestions")
        keys = [k for k in SUGGESTED_THEMES if k in ctx.areas]
        keys += [k for k in ctx.areas.keys if k not in keys]
        self._ctx = ctx
        self.buttons: dict[str, Button] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        for key in keys[:count]:
            button = Button("", object_name=f"suggest-{key}")
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(TOUCH_PX * 3)
            button.clicked.connect(lambda _c=False, k=key: self.chosen.emit(k))
            layout.addWidget(button)
            self.buttons[key] = button
        self.retranslate()

    def retranslate(self) -> None:
        lang = current_language()
        for key, button in self.buttons.items():
            button.setText(self._ctx.areas.name(key, lang))
        self._fit()

    def _fit(self) -> None:
        """A long theme name in a narrow column gets a smaller font (never under 20 px), not a cut."""
        for button in self.buttons.values():
            button.setStyleSheet("")
            font = QFont(button.font())
            size = font.pixelSize()
            while size > MIN_TEXT_PX and QFontMetrics(font).horizontalAdvance(button.text()) > button.width() - 56:
                size -= 2
                font.setPixelSize(size)
            if size < button.font().pixelSize():
                button.setStyleSheet(f"font-size: {size}px;")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self._fit()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.StyleChange:
            self._fit()
        return super().event(event)


__all__ = ["SUGGESTED_THEMES", "ThemeSuggestions"]
