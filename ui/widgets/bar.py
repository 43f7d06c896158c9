"""The bar that is always there: today's date and time, "Tarvitsen apua nyt", the resident's list with its
count, the main page, how-to, "Lopeta ja tyhjennä", language, text size and contrast. Bottom in portrait,
left in landscape — in the same order in both."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QGridLayout, QHBoxLayout, QWidget

from kiosk.i18n import LANGUAGES, NATIVE_NAMES, _
from ui.theme import TOUCH_PX
from ui.widgets.common import Button, TextLabel


class Bar(QFrame):
    language_chosen = Signal(str)
    text_size_chosen = Signal(int)
    contrast_toggled = Signal(bool)
    help_now_requested = Signal()
    home_requested = Signal()
    howto_requested = Signal()
    restart_requested = Signal()
    list_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bar")
        self.setProperty("role", "bar")
        self._count = 0
        self._vertical = False

        self.languages: dict[str, Button] = {}
        self._lang_group = QButtonGroup(self)
        for lang in LANGUAGES:
            b = Button(NATIVE_NAMES[lang], object_name=f"lang-{lang}")
            b.setProperty("language", True)  # three in a row in landscape: at most 24 px there
            b.setCheckable(True)
            b.clicked.connect(lambda _c=False, code=lang: self.language_chosen.emit(code))
            self._lang_group.addButton(b)
            self.languages[lang] = b
        self.sizes: list[Button] = []
        self._size_group = QButtonGroup(self)
        for i, label in enumerate(("A", "A+", "A++")):
            b = Button(label, object_name=f"size-{i}")
            b.setCheckable(True)
            b.clicked.connect(lambda _c=False, size=i: self.text_size_chosen.emit(size))
            self._size_group.addButton(b)
            self.sizes.append(b)
        for b in self.sizes:
            b.setMinimumWidth(TOUCH_PX)
        self.contrast = Button("", object_name="contrast")
        self.contrast.setCheckable(True)
        self.contrast.toggled.connect(self.contrast_toggled)
        self.help_now = Button("", role="danger", object_name="help-now")
        self.help_now.clicked.connect(self.help_now_requested)
        self.home = Button("", object_name="home")
        self.home.clicked.connect(self.home_requested)
        self.howto = Button("", object_name="howto")
        self.howto.clicked.connect(self.howto_requested)
        self.restart = Button("", object_name="restart")
        self.restart.clicked.connect(self.restart_requested)
        self.my_list = Button("", role="primary", object_name="my-list")
        self.my_list.clicked.connect(self.list_requested)
        self.clock = TextLabel("", role="small")
        self.clock.setObjectName("bar-clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock.setWordWrap(False)  # one short line; wrapping would make the bar ask for more height
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(16, 10, 16, 10)
        self._layout.setSpacing(16)
        self._arrange()
        self.retranslate()

    def set_vertical(self, vertical: bool) -> None:
        if vertical != self._vertical:
            self._vertical = vertical
            self.setProperty("vertical", vertical)
            self.style().unpolish(self)
            self.style().polish(self)
            self._arrange()

    def _row(self, widgets: list[QWidget]) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        for w in widgets:
            row.addWidget(w)
        return row

    def _arrange(self) -> None:
        """Portrait: four rows across the bottom. Landscape: one column on the left, in the same order."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            inner = item.layout() if item is not None else None
            while inner is not None and inner.count():
                inner.takeAt(0)
        if self._vertical:
            self._arrange_column()
        else:
            self._arrange_rows()

    def _arrange_rows(self) -> None:
        g = self._layout
        g.setSpacing(12)
        g.setContentsMargins(16, 8, 16, 10)
        g.setRowStretch(9, 0)
        g.addWidget(self.clock, 0, 0, 1, 6)
        g.addWidget(self.help_now, 1, 0, 1, 3)
        g.addWidget(self.my_list, 1, 3, 1, 3)
        g.addWidget(self.home, 2, 0, 1, 2)
        g.addWidget(self.howto, 2, 2, 1, 2)
        g.addWidget(self.restart, 2, 4, 1, 2)
        settings = self._row([*self.languages.values()])
        settings.addSpacing(16)
        for w in [*self.sizes, self.contrast]:
            settings.addWidget(w)
        g.addLayout(settings, 3, 0, 1, 6)

    def _arrange_column(self) -> None:
        g = self._layout
        g.setSpacing(8)
        g.setContentsMargins(10, 8, 10, 10)
        for row, widget in enumerate((self.clock, self.help_now, self.my_list, self.home, self.howto, self.restart)):
            g.addWidget(widget, row, 0, 1, 6)
        for column, widget in enumerate(self.languages.values()):
            g.addWidget(widget, 6, column * 2, 1, 2)
        for column, widget in enumerate(self.sizes):
            g.addWidget(widget, 7, column * 2, 1, 2)
        g.addWidget(self.contrast, 8, 0, 1, 6)
        g.setRowStretch(9, 1)

    def set_clock(self, text: str) -> None:
        self.clock.setText(text)
        self.clock.setVisible(bool(text))

    def sync_state(self, language: str, text_size: int, high_contrast: bool, list_count: int) -> None:
        """Show the session's state without emitting signals."""
        for lang, b in self.languages.items():
            b.setChecked(lang == language)
        for i, b in enumerate(self.sizes):
            b.setChecked(i == text_size)
        self.contrast.blockSignals(True)
        self.contrast.setChecked(high_contrast)
        self.contrast.blockSignals(False)
        self._count = list_count
        self.retranslate()

    def retranslate(self) -> None:
        self.help_now.setText(_("I need help now"))
        self.home.setText("⌂ " + _("Main page"))
        self.howto.setText("? " + _("How to use"))
        self.restart.setText("✕ " + _("Finish and clear"))
        self.my_list.setText(_("My list ({count})").format(count=self._count))
        self.contrast.setText("◐ " + _("Contrast"))
        self.contrast.set_accessible(_("High contrast"))
        for i, b in enumerate(self.sizes):
            b.set_accessible(_("Text size {size}").format(size=("A", "A+", "A++")[i]))
        for lang, b in self.languages.items():
            b.set_accessible(NATIVE_NAMES[lang])
        self.my_list.setAccessibleName(_("My list, {count} items").format(count=self._count))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


__all__ = ["Bar", "Qt"]
