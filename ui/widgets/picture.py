"""Decorative pictures drawn from the project's SVG files (``assets/``), sharp at any screen density."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QWidget

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
LOGO = ASSETS / "logo.svg"


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


__all__ = ["ASSETS", "LOGO", "Picture", "svg_pixmap"]
