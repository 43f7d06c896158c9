"""The page base class: a title row with "Takaisin", a body, and a hint that says what to do next.

Subclasses build their widgets in ``build()``, set texts in ``retranslate()`` (called again on every
``QEvent.LanguageChange``) and declare signals for what the user asks for. A page never calls another page.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import _
from ui.context import UiContext
from ui.widgets.common import Button, TextLabel


class Page(QWidget):
    """Base of every page. ``name`` is the page's id for the router, tests and ``screenshot --page``."""

    name = "page"
    show_back = True
    back_requested = Signal()

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
        self.retranslate()

    # -- for subclasses ------------------------------------------------------------------------
    def build(self) -> None:
        """Create the page's widgets into ``self.body``."""

    def retranslate(self) -> None:
        """Set every user-visible text; called at start and on every language change."""
        self.back_button.setText("← " + _("Back"))

    def entered(self) -> None:
        """Called by the router each time the page is shown."""

    def reset(self) -> None:
        """Forget everything shown for the previous resident (scroll positions, typed text, results)."""

    # -- Qt ------------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
