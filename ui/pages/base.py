"""The page base class: a title row with "Takaisin", a body, and a hint that says what to do next.

A page builds its widgets in :meth:`Page.build`, sets every text in :meth:`Page.retranslate`, follows the
theme in :meth:`Page.restyle` and its own size in :meth:`Page.relayout`, and declares signals for what
the user asks for (their names are :class:`ui.pages.spec.Intent` values). The base calls the last three
only once ``build()`` has finished, so no page needs to guard against being asked before it exists.
What the router may call is all here — ``entered``, ``reset``, ``mark_in_list``, ``show_error`` — with
harmless defaults. A page never calls another page or the core.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import _
from ui.context import UiContext
from ui.theme import body_px
from ui.widgets.common import Button, TextLabel

_RESTYLE_EVENTS = (QEvent.Type.StyleChange, QEvent.Type.FontChange)
QWIDGETSIZE_MAX = (1 << 24) - 1
SHORT_PAGE_PX = 900  # shorter than this (1280×800), the title is set at body size so content gets the room


class Page(QWidget):
    """Base of every page. ``name`` is the page's id for the router, tests and ``screenshot --page``."""

    name = "page"
    show_back = True
    back_requested = Signal()
    _ready = False  # True once build() has run: until then no retranslate/restyle/relayout

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page-{self.name}")
        self.setProperty("role", "page")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 16)
        outer.setSpacing(16)
        header = QHBoxLayout()
        header.setSpacing(20)
        self.back_button = Button("", object_name="back")
        self.back_button.clicked.connect(self.back_requested)
        self.back_button.setVisible(self.show_back)
        self.title = TextLabel("", role="heading")
        self.title.setObjectName("title")
        header.addWidget(self.back_button)
        header.addWidget(self.title, 1)
        outer.addLayout(header)
        self.body = QVBoxLayout()
        self.body.setSpacing(16)
        outer.addLayout(self.body, 1)
        self.hint = TextLabel("", role="hint")
        self.hint.setObjectName("hint")
        outer.addWidget(self.hint)
        self.build()
        self._ready = True
        self.retranslate()
        self.restyle()

    # -- for subclasses ------------------------------------------------------------------------
    def build(self) -> None:
        """Create the page's widgets into ``self.body``."""

    def retranslate(self) -> None:
        """Set every user-visible text; called after build and on every language change."""
        self.back_button.setText("← " + _("Back"))

    def restyle(self) -> None:
        """The style sheet changed (text size or contrast); called after build and on every change."""

    def relayout(self) -> None:
        """The page changed size (orientation, window); called on every resize after build."""

    # -- what the router calls -----------------------------------------------------------------
    def entered(self) -> None:
        """Called by the router each time the page is shown."""

    def reset(self) -> None:
        """Forget everything shown for the previous resident (scroll positions, typed text, results)."""

    def mark_in_list(self, in_list: set[str]) -> None:
        """The resident's list changed: show which items are on it."""

    def show_error(self, reason: str = "") -> None:
        """The page's data could not be loaded (``reason`` is for staff screens; residents get plain words)."""

    # -- Qt ------------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt name
        super().changeEvent(event)
        if self._ready:
            if event.type() == QEvent.Type.LanguageChange:
                self.retranslate()
            elif event.type() in _RESTYLE_EVENTS:
                self._fit_title()
                self.restyle()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt name
        if self._ready:
            self._fit_title()
            self.relayout()
        super().resizeEvent(event)

    def _fit_title(self) -> None:
        """On a short page the title takes one line at body size (large text stays large, the list shows)."""
        short = 0 < self.height() < SHORT_PAGE_PX and self.show_back  # pages without Back have room
        sheet = f"font-size: {body_px(self.ctx.session.text_size)}px;" if short else ""
        if self.title.styleSheet() != sheet:
            self.title.setStyleSheet(sheet)
            # and "Back" keeps a 64 px target instead of growing with the text
            self.back_button.setStyleSheet("min-height: 50px; padding: 4px 16px;" if short else "")
        # large text on a short screen: the "what next" line gives its two lines to the content
        self.hint.setMaximumHeight(0 if short and self.ctx.session.text_size > 0 else QWIDGETSIZE_MAX)


__all__ = ["Page"]
