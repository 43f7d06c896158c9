"""The picture of the answers: one slice per part of life the resident answered, numbered, drawn with QPainter.

A slice reaches further out the more the answer asked for something ("Haluaisin liikkua enemmän" reaches
further than "Liikun mielelläni"); a skipped question is an empty outline. It shows what was said, never a
score: there is no scale, no colour for good or bad, and the same is said in words beside it (the numbered
list the page shows), so nobody has to read the picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.assessment.answers import Said
from ui.theme import AREA_COLOURS

SLICE_COLOURS = tuple(AREA_COLOURS.values())
MAX_WISH = 3


class AnswerWheel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.said: tuple[Said, ...] = ()
        self.high_contrast = False
        self.setObjectName("answer-wheel")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_said(self, said: Sequence[Said], high_contrast: bool) -> None:
        self.said, self.high_contrast = tuple(said), high_contrast
        self.setVisible(bool(self.said))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        side = max(240, self.fontMetrics().height() * 9)
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt name
        if not self.said:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text: QColor = self.palette().color(QPalette.ColorRole.WindowText)
        side = min(self.width(), self.height())
        centre = QPointF(self.width() / 2, self.height() / 2)
        outer = side / 2 - 4
        inner = outer * 0.28
        painter.setPen(QPen(text, 2, Qt.PenStyle.DotLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, outer, outer)
        span = 360.0 / len(self.said)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        for index, said in enumerate(self.said):
            start = 90.0 - index * span  # clockwise from the top
            reach = inner + (outer - inner) * (said.wish + 1) / (MAX_WISH + 1)
            self._slice(painter, centre, reach, start, span, index, said.skipped, text)
            self._number(painter, centre, (inner + reach) / 2 if not said.skipped else outer * 0.6,
                         start - span / 2, index + 1, text)
        painter.end()

    def _slice(self, painter: QPainter, centre: QPointF, reach: float, start: float, span: float, index: int,
               skipped: bool, text: QColor) -> None:
        path = QPainterPath(centre)
        path.arcTo(QRectF(centre.x() - reach, centre.y() - reach, 2 * reach, 2 * reach), start, -span)
        path.closeSubpath()
        if skipped:
            painter.setPen(QPen(text, 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            fill = QColor("#000000") if self.high_contrast else QColor(SLICE_COLOURS[index % len(SLICE_COLOURS)])
            painter.setPen(QPen(QColor("#FFE600") if self.high_contrast else QColor("#FFFFFF"), 3))
            painter.setBrush(fill)
        painter.drawPath(path)

    def _number(self, painter: QPainter, centre: QPointF, radius: float, angle: float, number: int,
                text: QColor) -> None:
        rad = math.radians(angle)
        at = QPointF(centre.x() + radius * math.cos(rad), centre.y() - radius * math.sin(rad))
        size = self.fontMetrics().height() * 1.3
        box = QRectF(at.x() - size / 2, at.y() - size / 2, size, size)
        painter.setPen(QPen(text, 2))
        painter.setBrush(self.palette().color(QPalette.ColorRole.Window))
        painter.drawEllipse(box)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(number))


def wheel_png(said: Sequence[Said], side: int = 480) -> bytes:
    """The picture as PNG bytes, drawn in memory for the take-home sheet (black on white, as print is)."""
    wheel = AnswerWheel()
    wheel.set_said(said, False)
    font = QFont(wheel.font())
    font.setPixelSize(max(14, side // 16))
    wheel.setFont(font)
    wheel.resize(side, side)
    image = QImage(side, side, QImage.Format.Format_ARGB32)
    image.fill(QColor("#FFFFFF"))
    palette = wheel.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#000000"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#FFFFFF"))
    wheel.setPalette(palette)
    wheel.render(image)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; Qt takes the text
    buffer.close()
    wheel.deleteLater()
    return bytes(data.data())


__all__ = ["AnswerWheel", "wheel_png"]
