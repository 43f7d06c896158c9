"""The kiosk window: a stack of pages and the always-there bar, laid out for portrait or landscape.

Full screen and frameless in kiosk mode (no way out to the desktop without staff: closing is refused
unless the router allows it); ``--windowed`` gives a normal window for development.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QStackedWidget, QWidget

from ui.widgets.bar import Bar


class KioskWindow(QWidget):
    resized = Signal(QSize)

    def __init__(self, *, kiosk_mode: bool = False) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.kiosk_mode = kiosk_mode
        self.allow_close = not kiosk_mode
        if kiosk_mode:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pages")
        # The window's size is the screen's: a page's minimum must never push the window past it.
        # Pages scroll what does not fit (tests/test_layout_fit.py checks that each page fits).
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.bar = Bar(self)
        self._layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.stack, 1)
        self._layout.addWidget(self.bar)
        self._landscape: bool | None = None
        self.overlay: QWidget | None = None

    @property
    def landscape(self) -> bool:
        return self.width() > self.height()

    def resize(self, *args: object) -> None:
        """Arrange for the new orientation *before* resizing, so the old layout's minimum cannot clamp it."""
        size = args[0] if len(args) == 1 else QSize(int(args[0]), int(args[1]))  # type: ignore[call-overload]
        assert isinstance(size, QSize)
        self._arrange(size.width() > size.height())
        self._layout.activate()
        super().resize(size)

    def _arrange(self, landscape: bool | None = None) -> None:
        if landscape is None:
            landscape = self.landscape
        if landscape == self._landscape:
            return
        self._landscape = landscape
        self._layout.removeWidget(self.stack)
        self._layout.removeWidget(self.bar)
        if landscape:
            self._layout.setDirection(QBoxLayout.Direction.LeftToRight)
            self._layout.addWidget(self.bar)
            self._layout.addWidget(self.stack, 1)
            self.bar.setMaximumWidth(520)
            self.bar.setMaximumHeight(16777215)
        else:
            self._layout.setDirection(QBoxLayout.Direction.TopToBottom)
            self._layout.addWidget(self.stack, 1)
            self._layout.addWidget(self.bar)
            self.bar.setMaximumWidth(16777215)
        self.bar.set_vertical(landscape)

    def set_bar_visible(self, visible: bool) -> None:
        self.bar.setVisible(visible)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt name
        self._arrange()
        if self.overlay is not None:
            self.overlay.setGeometry(self.rect())
        super().resizeEvent(event)
        self.resized.emit(event.size())

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt name
        self._arrange()
        super().showEvent(event)  # type: ignore[arg-type]

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        if self.allow_close:
            event.accept()
        else:
            event.ignore()
