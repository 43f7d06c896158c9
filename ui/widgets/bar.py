"""The bar that is always there: language, text size, contrast, "Tarvitsen apua nyt", home, how-to,
"Aloita alusta" and the resident's list with its count. Bottom in portrait, left in landscape."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QGridLayout, QHBoxLayout, QWidget

from kiosk.i18n import LANGUAGES, NATIVE_NAMES, _
from ui.widgets.common import Button


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
        self.contrast = Button("◐", object_name="contrast")
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
        """Portrait: three rows across the bottom. Landscape: a two-column panel on the left."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            inner = item.layout() if item is not None else None
            while inner is not None and inner.count():
                inner.takeAt(0)
        sizes = self._row([*self.sizes, self.contrast])
        g = self._layout
        if self._vertical:
            g.setSpacing(8)
            g.setContentsMargins(10, 10, 10, 10)
            g.addWidget(self.help_now, 0, 0, 1, 2)
            g.addWidget(self.my_list, 1, 0, 1, 2)
            g.addWidget(self.howto, 2, 0, 1, 2)
            g.addWidget(self.home, 3, 0, 1, 2)
            g.addWidget(self.restart, 4, 0, 1, 2)
            g.addLayout(sizes, 5, 0, 1, 2)
            g.addWidget(self.languages["fi"], 6, 0)
            g.addWidget(self.languages["sv"], 6, 1)
            g.addWidget(self.languages["en"], 7, 0, 1, 2)
            g.setRowStretch(8, 1)
        else:
            g.setSpacing(16)
            g.setContentsMargins(16, 10, 16, 10)
            g.setRowStretch(8, 0)
            g.addWidget(self.help_now, 0, 0, 1, 3)
            g.addWidget(self.my_list, 0, 3, 1, 3)
            g.addWidget(self.home, 1, 0, 1, 2)
            g.addWidget(self.howto, 1, 2, 1, 2)
            g.addWidget(self.restart, 1, 4, 1, 2)
            langs = self._row(list(self.languages.values()))
            langs.addSpacing(16)
            for w in [*self.sizes, self.contrast]:
                langs.addWidget(w)
            g.addLayout(langs, 2, 0, 1, 6)

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
