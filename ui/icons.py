"""The project's own pictograms: white single-colour SVGs in ``assets/icons`` rendered with QSvgRenderer.

``area_icon(key)`` gives a content area's tile icon (white, drawn on the area colour); ``ui_icon(name)``
gives a small interface pictogram. ``IconMark`` paints a pictogram in its widget's text colour at paint
time, so it follows the theme (normal or high contrast) without being rebuilt.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

ICONS_DIR = Path(__file__).resolve().parent.parent / "assets" / "icons"
RENDER_PX = (48, 64, 96, 128)  # sizes put into every QIcon so it is sharp at any text size


@cache
def _svg(kind: str, name: str) -> bytes:
    path = ICONS_DIR / kind / f"{name}.svg"
    if not path.exists():
        path = ICONS_DIR / "ui" / "plus.svg" if kind == "ui" else ICONS_DIR / "areas" / "everyday.svg"
    return path.read_bytes()


@lru_cache(maxsize=512)
def _pixmap(kind: str, name: str, px: int, colour: str) -> QPixmap:
    data = _svg(kind, name)
    if colour.upper() != "#FFFFFF":
        data = data.replace(b"#FFFFFF", colour.encode("ascii"))
    renderer = QSvgRenderer(QByteArray(data))
    pixmap = QPixmap(px, px)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, px, px))
    painter.end()
    return pixmap


def _icon(kind: str, name: str, colour: str) -> QIcon:
    icon = QIcon()
    for px in RENDER_PX:
        pm = _pixmap(kind, name, px, colour)
        icon.addPixmap(pm, QIcon.Mode.Normal)
        icon.addPixmap(pm, QIcon.Mode.Disabled)
    return icon


_ICONS: dict[tuple[str, str, str], QIcon] = {}


def area_icon(key: str, colour: str = "#FFFFFF") -> QIcon:
    """The pictogram of a content area (``assets/icons/areas/<key>.svg``)."""
    cache_key = ("areas", key, colour)
    if cache_key not in _ICONS:
        _ICONS[cache_key] = _icon("areas", key, colour)
    return _ICONS[cache_key]


def ui_icon(name: str, colour: str = "#FFFFFF") -> QIcon:
    """An interface pictogram (``assets/icons/ui/<name>.svg``), white unless a colour is given."""
    cache_key = ("ui", name, colour)
    if cache_key not in _ICONS:
        _ICONS[cache_key] = _icon("ui", name, colour)
    return _ICONS[cache_key]


def icon_pixmap(kind: str, name: str, px: int, colour: str = "#FFFFFF") -> QPixmap:
    return _pixmap(kind, name, px, colour)


class IconMark(QWidget):
    """A decorative pictogram drawn in the widget's current text colour, as tall as a line of its text
    (both follow the style sheet: contrast and text size change it without rebuilding)."""

    def __init__(self, name: str, kind: str = "ui", scale: float = 1.15, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name, self._kind, self._scale = name, kind, scale
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    @property
    def icon_name(self) -> str:
        return self._name

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        px = max(24, round(self.fontMetrics().height() * self._scale))
        return QSize(px, px)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return self.sizeHint()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt name
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt name
        colour: QColor = self.palette().color(QPalette.ColorRole.WindowText)
        side = min(self.width(), self.height())
        pm = _pixmap(self._kind, self._name, round(side * self.devicePixelRatioF()), colour.name().upper())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(QRectF(0, 0, side, side).toRect(), pm)
        painter.end()
