"""Small building blocks used by every page: role-styled buttons, plain-text labels, a touch scroll area.

Every label that can show source text is plain text (``Qt.TextFormat.PlainText``): nothing from a source
is ever interpreted as rich text. Every button gets an accessible name from its text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QIcon, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QBoxLayout,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QWidget,
)

TAP_SLOP_PX = 24  # a press and release further apart than this is a scroll, not a tap


def is_tap(start: QPoint | None, event: QMouseEvent, rect: QRect) -> bool:
    """Whether a left-button release at ``event`` ends a tap that was pressed at ``start`` inside ``rect``."""
    pos = event.position().toPoint()
    return (
        start is not None
        and event.button() == Qt.MouseButton.LeftButton
        and rect.contains(pos)
        and (pos - start).manhattanLength() <= TAP_SLOP_PX
    )


def set_role(widget: QWidget, role: str) -> None:
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class TextLabel(QLabel):
    """A word-wrapped plain-text label with a role; safe for untrusted text."""

    def __init__(self, text: str = "", role: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        if role:
            self.setProperty("role", role)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt name
        super().setText(text)
        self.setAccessibleName(text[:200])


class Button(QPushButton):
    """A large touch button; its accessible name follows its text unless one is set explicitly."""

    def __init__(self, text: str = "", role: str | None = None, parent: QWidget | None = None,
                 object_name: str | None = None, icon: QIcon | None = None) -> None:
        super().__init__(parent)
        self._fixed_accessible: str | None = None
        if role:
            self.setProperty("role", role)
        if object_name:
            self.setObjectName(object_name)
        if icon is not None:
            self.setIcon(icon)
            self.setIconSize(QSize(40, 40))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt name
        super().setText(text)
        if self._fixed_accessible is None:
            self.setAccessibleName(text.replace("\n", " ").replace("&&", "&"))

    def set_accessible(self, name: str) -> None:
        self._fixed_accessible = name
        self.setAccessibleName(name)


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


class Card(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setFrameShape(QFrame.Shape.StyledPanel)


def touch_scroll_area(content: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """A vertical scroll area that scrolls by finger (kinetic QScroller) and by mouse wheel."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # The content's height is its height for the viewport's width, never its "minimum" height: Qt takes the
    # larger of the two, and the minimum of word-wrapped labels is worked out at their narrowest, which left a
    # long blank space to scroll into after the last card.
    content.setMinimumHeight(1)
    area.setWidget(content)
    enable_kinetic(area)
    return area


def enable_kinetic(area: QAbstractScrollArea) -> None:
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(area.viewport())
    props = scroller.scrollerProperties()
    props.setScrollMetric(QScrollerProperties.ScrollMetric.DragStartDistance, 0.004)
    props.setScrollMetric(
        QScrollerProperties.ScrollMetric.VerticalOvershootPolicy,
        QScrollerProperties.OvershootPolicy.OvershootAlwaysOff,
    )
    props.setScrollMetric(
        QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy,
        QScrollerProperties.OvershootPolicy.OvershootAlwaysOff,
    )
    scroller.setScrollerProperties(props)


def clear_layout(layout: object) -> None:
    """Remove and delete every widget of a layout (used when a list is refilled)."""
    while layout.count():  # type: ignore[attr-defined]
        item = layout.takeAt(0)  # type: ignore[attr-defined]
        widget = item.widget()
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


class LanguageChangeFilter(QObject):
    """Calls ``callback`` when the watched widget gets ``QEvent.LanguageChange`` (for non-page widgets)."""

    def __init__(self, watched: QWidget, callback: object) -> None:
        super().__init__(watched)
        self._callback = callback
        watched.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.LanguageChange:
            self._callback()  # type: ignore[operator]
        return False
