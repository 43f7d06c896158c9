"""The attract screen: what a person walking up to the kiosk sees first.

A friendly logo, "Kosketa aloittaaksesi · Rör för att börja · Touch to start" in all three languages at once
(never translated), and one large button per language, each named in itself. A touch anywhere starts in
the default language; a language button starts in that language. The freshness line ("Tiedot päivitetty
3.11.2026", a warning when stale, "Esimerkkiaineisto" on demo data) comes from the router.

Also holds the small helpers the first pages share: ``svg_pixmap``, ``Picture``, ``LayoutButton`` and
``FreshnessBox``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPixmap, QResizeEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

from kiosk.i18n import NATIVE_NAMES
from kiosk.views import Freshness
from ui.pages.base import Page
from ui.theme import heading_px
from ui.widgets.common import Button, TextLabel, is_tap

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
LOGO = ASSETS / "logo.svg"
TOUCH_TO_START = ("Kosketa aloittaaksesi", "Rör för att börja", "Touch to start")
CHOOSE_LANGUAGE = "Valitse kieli · Välj språk · Choose language"


def svg_pixmap(path: Path, size: int, ratio: float = 1.0) -> QPixmap:
    """An SVG drawn into a square transparent pixmap of ``size`` logical pixels (sharp at ``ratio``)."""
    renderer = QSvgRenderer(str(path))
    pixmap = QPixmap(max(1, round(size * ratio)), max(1, round(size * ratio)))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, pixmap.width(), pixmap.height()))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class Picture(QLabel):
    """A decorative SVG picture of a fixed logical size; hidden from screen readers (the text says it)."""

    def __init__(self, path: Path, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAccessibleName("")
        self.set_size(size)

    def set_size(self, size: int) -> None:
        self.setFixedSize(size, size)
        self.setPixmap(svg_pixmap(self.path, size, max(1.0, self.devicePixelRatioF())))


class LayoutButton(Button):
    """A button whose content is a layout of labels (they let touches through); sized by that layout, so
    wrapped text is never cut off."""

    def __init__(self, box: QBoxLayout, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__("", object_name=object_name, parent=parent)
        self.box = box
        self.setLayout(box)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add_label(self, label: QLabel, stretch: int = 0) -> None:
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.box.addWidget(label, stretch)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return self.box.totalSizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return self.box.totalMinimumSize()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt name
        return self.box.totalHeightForWidth(width)


class FreshnessBox(QWidget):
    """How old the data is, a warning when it is older than configured, and "Esimerkkiaineisto" on demo data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("freshness")
        self.box = box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        self.text = TextLabel("", role="small")
        self.text.setObjectName("freshness-text")
        self.warning = TextLabel("", role="warning")
        self.warning.setObjectName("freshness-warning")
        self.demo = TextLabel("", role="badge")
        self.demo.setObjectName("freshness-demo")
        self.demo.setWordWrap(False)
        self.demo.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Minimum)
        for label in (self.text, self.warning, self.demo):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setVisible(False)
            box.addWidget(label)

    def show_freshness(self, f: Freshness) -> None:
        self.text.setText(f.text)
        self.text.setVisible(bool(f.text))
        self.warning.setText(f.stale_text or "")
        self.warning.setVisible(bool(f.stale and f.stale_text))
        self.demo.setText(f.demo_text or "")
        self.demo.setVisible(bool(f.demo and f.demo_text))

    def set_alignment(self, alignment: Qt.AlignmentFlag) -> None:
        for label in (self.text, self.warning, self.demo):
            label.setAlignment(alignment)
        self.box.setAlignment(self.demo, alignment)


class AttractPage(Page):
    name = "attract"
    show_back = False
    start_requested = Signal(str)  # language code
    _display: tuple[int, bool] | None = None
    touch_labels: list[TextLabel] = []
    language_buttons: dict[str, Button] = {}

    def build(self) -> None:
        self.title.setVisible(False)
        self._press: QPoint | None = None
        self.body.addStretch(2)
        self.logo = Picture(LOGO, 280)
        self.logo.setObjectName("logo")
        self.body.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignHCenter)
        self._gaps = (QSpacerItem(0, 24), QSpacerItem(0, 40))
        self.body.addSpacerItem(self._gaps[0])
        self.touch_labels: list[TextLabel] = []
        for i, text in enumerate(TOUCH_TO_START):
            label = TextLabel(text, role="heading")
            label.setObjectName(f"touch-to-start-{i}")
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self.touch_labels.append(label)
            self.body.addWidget(label)
        self.body.addSpacerItem(self._gaps[1])
        # The page's "what to do next" sentence sits just above the language buttons here.
        outer = self.layout()
        assert outer is not None
        outer.removeWidget(self.hint)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.body.addWidget(self.hint)
        row = QHBoxLayout()
        row.setSpacing(20)
        row.addStretch(1)
        self.language_buttons: dict[str, Button] = {}
        for lang in self.ctx.config.languages:
            button = Button(NATIVE_NAMES.get(lang, lang), role="primary", object_name=f"lang-start-{lang}")
            button.setMinimumWidth(240)
            button.clicked.connect(lambda _c=False, code=lang: self.start_requested.emit(code))
            self.language_buttons[lang] = button
            row.addWidget(button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addStretch(3)
        self.freshness = FreshnessBox()
        self.freshness.set_alignment(Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.freshness)
        self._restyle()

    def retranslate(self) -> None:
        # Nothing here follows the chosen language: the attract screen speaks all three at once.
        super().retranslate()
        self.hint.setText(CHOOSE_LANGUAGE)
        for lang, button in self.language_buttons.items():
            button.set_accessible(NATIVE_NAMES.get(lang, lang))
        self.setAccessibleName(" · ".join(TOUCH_TO_START))

    def show_freshness(self, f: Freshness) -> None:
        self.freshness.show_freshness(f)

    @property
    def default_language(self) -> str:
        return self.ctx.config.default_language

    # -- sizes follow the text size and the screen -----------------------------------------------
    def _restyle(self) -> None:
        """Larger than headings; more compact on short screens (1280×800) so nothing is squeezed."""
        if not hasattr(self, "_gaps"):
            return  # a style change before build()
        compact = 0 < self.height() < 1000
        heading = heading_px(self.ctx.session.text_size)
        px = heading if compact else round(heading * 1.25)
        if (px, compact) == self._display:
            return
        self._display = (px, compact)
        for label in self.touch_labels:
            label.setStyleSheet(f"font-size: {px}px; font-weight: bold;")
        for button in self.language_buttons.values():
            button.setStyleSheet(f"font-size: {heading}px; min-height: {round(px * 1.4)}px; padding: 6px 24px;")
        self.body.setSpacing(8 if compact else 16)
        for gap, height in zip(self._gaps, (0, 8) if compact else (24, 40), strict=True):
            gap.changeSize(0, height)
        self.body.invalidate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.StyleChange:
            self._restyle()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt name
        width, height = event.size().width(), event.size().height()
        size = max(100, min(360, width // 3, height // 6))
        if size != self.logo.width():
            self.logo.set_size(size)
        super().resizeEvent(event)
        self._restyle()

    # -- a touch anywhere starts in the default language ------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        start, self._press = self._press, None
        if is_tap(start, event, self.rect()):
            self.start_requested.emit(self.default_language)
            return
        super().mouseReleaseEvent(event)

    def reset(self) -> None:
        self._press = None
