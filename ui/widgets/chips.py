"""Filter chips: large checkable toggle buttons that wrap onto new lines (a flow layout).

A ``Chip`` is a ``Button`` with role "chip" (the theme gives it ≥ 64 px height and a filled look when
checked). ``ChipGroup`` is a labelled row of chips that wraps to the page width.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QStyle, QStyleOptionButton, QWidget

from ui.widgets.common import Button, TextLabel


class FlowLayout(QLayout):
    """Lays its items out left to right and wraps to a new line when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 16) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt name
        return self._do_layout(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt name
        super().setGeometry(rect)
        self._do_layout(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt name
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m: QMargins = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _do_layout(self, rect: QRect, *, apply: bool) -> int:
        """Fill lines left to right; items in a line are centred vertically on the line."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = area.x()
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            size = QSize(min(hint.width(), area.width()), hint.height())
            if x > area.x() and x + size.width() > area.right() + 1:
                lines.append([])
                x = area.x()
            lines[-1].append((item, size))
            x += size.width() + self._spacing
        y = area.y()
        for line in lines:
            height = max((size.height() for _item, size in line), default=0)
            x = area.x()
            for item, size in line:
                if apply:
                    item.setGeometry(QRect(QPoint(x, y + (height - size.height()) // 2), size))
                x += size.width() + self._spacing
            y += height + self._spacing
        return max(0, y - self._spacing) - rect.y() + m.bottom()


class Chip(Button):
    """A checkable filter or sort button; ``key`` says what it stands for (for tests and the page).

    A chip that is on starts with "✓ " (colour never carries the meaning alone). Its size is always that of
    its "on" look (the mark and the bold text the theme gives it), so switching it on or off never changes
    its width and nothing in the row moves under the finger.
    """

    def __init__(self, text: str, key: str, checked: bool = False, parent: QWidget | None = None) -> None:
        self.label = text
        super().__init__(text, role="chip", parent=parent, object_name=f"chip-{key}")
        self.key = key
        self.setCheckable(True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.toggled.connect(self._show_state)
        self.setChecked(checked)
        self._show_state(checked)

    def set_label(self, text: str) -> None:
        """A new text (the language changed), keeping the state."""
        self.label = text
        self._show_state(self.isChecked())

    def _show_state(self, checked: bool) -> None:
        self.setText(("✓ " if checked else "") + self.label)
        self.setAccessibleName(self.label)
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        """The size of the "on" look in either state: "✓ " and bold text, as the style sizes a button."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = "✓ " + self.label
        option.state |= QStyle.StateFlag.State_On
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        content = QSize(metrics.horizontalAdvance(option.text) + 4, metrics.height())
        return self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, content, self)


class ChipGroup(QWidget):
    """A wrapping row of chips that starts with a small label ("Kunta")."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.flow = FlowLayout(self, spacing=16)
        self.label = TextLabel("", role="small")
        self.label.setWordWrap(False)
        self.flow.addWidget(self.label)
        self.chips: list[Button] = []

    def add(self, chip: Button) -> Button:
        self.flow.addWidget(chip)
        self.chips.append(chip)
        return chip

    def clear(self) -> None:
        """Remove every chip (the label stays)."""
        for chip in self.chips:
            self.flow.removeWidget(chip)
            chip.setParent(None)
            chip.deleteLater()
        self.chips.clear()
