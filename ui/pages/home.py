"""Home: a greeting and three large paths: "Mitä minulle sopisi?" (a few questions, then suggestions),
"Selaa teemoja" (browse by theme) and "Hae sanalla" (search by word).

Each path is one big tile with a picture, its name and a one-line explanation; a tap asks to go to that
page (``navigate_requested``). Side by side when the page is wide, one above the other when it is narrow
(portrait, large text). The freshness line sits below.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk import reads
from kiosk.i18n import _
from kiosk.views import Freshness
from ui.pages.base import Page
from ui.pages.spec import Intent, PageLoad, PageSpec, View, answer
from ui.widgets.common import LayoutButton, TextLabel, touch_scroll_area
from ui.widgets.freshness import FreshnessBox
from ui.widgets.picture import ASSETS, Picture

SIDE_BY_SIDE_MIN_PX = 1200  # narrower than this, browse and search go one above the other


class PathTile(LayoutButton):
    """A big button holding a picture, a bold name and a wrapped explanation."""

    def __init__(self, picture: Path, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(QHBoxLayout(), object_name, parent)
        self.box.setContentsMargins(32, 36, 32, 36)
        self.box.setSpacing(32)
        self.picture = Picture(picture, 160)
        self.box.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignVCenter)
        texts = QVBoxLayout()
        texts.setSpacing(8)
        self.name_label = TextLabel("", role="subheading")
        self.explanation = TextLabel("")
        for label in (self.name_label, self.explanation):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            texts.addWidget(label)
        self.box.addLayout(texts, 1)

    def set_texts(self, name: str, explanation: str) -> None:
        self.name_label.setText(name)
        self.explanation.setText(explanation)
        self.set_accessible(name)
        self.setAccessibleDescription(explanation)
        self.updateGeometry()


class HomePage(Page):
    name = "home"
    show_back = False
    navigate_requested = Signal(str)  # the page a path leads to

    def build(self) -> None:
        content = QWidget()
        content.setObjectName("home-content")
        box = QVBoxLayout(content)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(28)
        self.question = TextLabel("", role="subheading")
        self.question.setObjectName("question")
        box.addWidget(self.question)
        box.addStretch(1)
        self.paths = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.paths.setSpacing(28)
        self.browse = PathTile(ASSETS / "howto" / "themes.svg", "browse-path")
        self.browse.clicked.connect(lambda: self.navigate_requested.emit("browse"))
        self.search = PathTile(ASSETS / "howto" / "search.svg", "search-path")
        self.search.clicked.connect(lambda: self.navigate_requested.emit("search"))
        self.assess = PathTile(ASSETS / "howto" / "assess.svg", "assess-path")
        self.assess.clicked.connect(lambda: self.navigate_requested.emit("assess"))
        self.paths.addWidget(self.browse, 1)
        self.paths.addWidget(self.search, 1)
        box.addWidget(self.assess)  # the heart of the kiosk: first, across the page
        box.addLayout(self.paths)
        box.addStretch(2)
        self.freshness = FreshnessBox()
        box.addWidget(self.freshness)
        self.scroll_area = touch_scroll_area(content)
        self.scroll_area.setObjectName("home-scroll")
        self.body.addWidget(self.scroll_area, 1)

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(_("Good day!"))
        self.question.setText(_("What would you like to do?"))
        self.browse.set_texts(_("Browse themes"), _("See activities by topic, such as exercise or culture."))
        self.search.set_texts(_("Search by word"), _("Type a word, such as “choir” or “gym”."))
        self.assess.set_texts(_("What would suit me?"),
                              _("Answer a few easy questions and get suggestions. No login, nothing saved."))
        self.hint.setText(_("Tap one of the big buttons."))

    def show_freshness(self, f: Freshness) -> None:
        self.freshness.show_freshness(f)

    def entered(self) -> None:
        self.scroll_area.verticalScrollBar().setValue(0)

    def reset(self) -> None:
        self.scroll_area.verticalScrollBar().setValue(0)

    def relayout(self) -> None:
        wide = self.width() >= SIDE_BY_SIDE_MIN_PX
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.paths.direction() != direction:
            self.paths.setDirection(direction)


def load(view: View) -> PageLoad[HomePage]:
    """How old the data is."""
    now, stale, lang = view.now, view.config.kiosk.stale_after_days, view.session.language
    return answer(lambda tray: reads.freshness(tray, now, stale, lang), HomePage.show_freshness)


SPEC = PageSpec("home", HomePage, intents=(Intent.NAVIGATE,), load=load)
