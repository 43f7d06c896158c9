"""Browse by theme: the 14 content areas as big coloured tiles with a pictogram, the name and the count.

Areas with no activities stay in their place, dimmed and marked "Ei vielä toimintaa", instead of being
hidden: the tiles keep the same places on every kiosk and every day (people learn where "Liikunta" is),
the screen is honest that the region has nothing there yet, and a dimmed tile cannot lead to an empty page.

The grid has 2 columns in portrait and up to 4 in landscape; it uses fewer when the longest word of an
area name would not fit a tile at the current text size (long Finnish compounds cannot wrap).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk import reads
from kiosk.i18n import _
from ui.icons import area_icon
from ui.pages.base import SHORT_PAGE_PX, Page
from ui.pages.spec import Intent, PageLoad, PageSpec, View, answer
from ui.theme import tile_colour
from ui.widgets.common import TextLabel, touch_scroll_area

ICON_PX = 72
TILE_PAD = 20
COMPACT = (48, 12)  # icon and padding on a short screen (1280×800): three columns of tiles fit
GRID_GAP = 16


class Tile(QPushButton):
    """A theme tile: a push button holding a pictogram, the area's name and its count."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.count: int | None = None
        self.vertical = False
        self.setObjectName(f"tile-{key}")
        self.setProperty("role", "tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.icon_px, self.pad = ICON_PX, TILE_PAD
        self.row.setContentsMargins(TILE_PAD, TILE_PAD, TILE_PAD, TILE_PAD)
        self.row.setSpacing(16)
        self.icon_label = QLabel()
        self.icon_label.setPixmap(area_icon(key).pixmap(QSize(ICON_PX, ICON_PX)))
        self.icon_label.setFixedSize(ICON_PX, ICON_PX)
        texts = QVBoxLayout()
        texts.setSpacing(6)
        self.name_label = TextLabel("", role="subheading")
        self.name_label.setObjectName("tile-name")
        self.count_label = TextLabel("")
        self.count_label.setObjectName("tile-count")
        texts.addStretch(1)
        texts.addWidget(self.name_label)
        texts.addWidget(self.count_label)
        texts.addStretch(1)
        self.row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
        self.row.addLayout(texts, 1)
        for child in (self.icon_label, self.name_label, self.count_label):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_vertical(self, vertical: bool) -> None:
        """Pictogram above the words (narrow tiles) or beside them (wide tiles)."""
        if vertical == self.vertical:
            return
        self.vertical = vertical
        self.row.setDirection(QBoxLayout.Direction.TopToBottom if vertical else QBoxLayout.Direction.LeftToRight)
        self.row.setAlignment(
            self.icon_label, Qt.AlignmentFlag.AlignLeft if vertical else Qt.AlignmentFlag.AlignVCenter
        )

    def fit_height(self, px: int) -> None:
        if px != self.minimumHeight():
            self.setMinimumHeight(px)

    def height_for(self, width: int, vertical: bool) -> int:
        """The height this tile needs at ``width`` with the pictogram above or beside the words."""
        text_width = width - 2 * self.pad - (0 if vertical else self.icon_px + 16)
        words = self.name_label.heightForWidth(text_width) + 6 + self.count_label.heightForWidth(text_width)
        inner = self.icon_px + 16 + words if vertical else max(self.icon_px, words)
        return inner + 2 * self.pad

    def apply_colours(self, high_contrast: bool) -> None:
        background, text = tile_colour(self.key, high_contrast)
        border = "4px solid #FFFFFF" if high_contrast else "none"
        disabled = "#000000" if high_contrast else "#595959"  # white on #595959 is 7:1
        self.setStyleSheet(
            f"QPushButton#tile-{self.key} {{ background: {background}; border: {border}; }}"
            f"QPushButton#tile-{self.key}:disabled {{ background: {disabled};"
            f" border: {'4px dashed #FFFFFF' if high_contrast else 'none'}; }}"
            f'QWidget#KioskWindow[keyboard="true"] QPushButton#tile-{self.key}:focus {{ border: 6px solid #FFD400; }}'
            f"QLabel {{ color: {text}; background: transparent; }}"
        )

    def set_texts(self, name: str) -> None:
        self.name_label.setText(name)
        if self.count is None:
            count = ""
        elif self.count == 0:
            count = _("No activities yet")
        else:
            count = _("Activities: {count}").format(count=self.count)
        self.count_label.setText(count)
        self.setEnabled(self.count != 0)
        self.setAccessibleName(f"{name}. {count}" if count else name)

    def needed_width(self, vertical: bool) -> int:
        """The narrowest tile that still fits the longest word of the name without cutting it."""
        metrics = self.name_label.fontMetrics()
        words = self.name_label.text().split() or [""]
        longest = max(metrics.horizontalAdvance(w) for w in words)
        return longest + 2 * self.pad + 8 + (0 if vertical else self.icon_px + 16)

    def set_compact(self, compact: bool) -> None:
        """Smaller pictogram, padding and name on a short screen, so more themes show at once."""
        icon_px, pad = COMPACT if compact else (ICON_PX, TILE_PAD)
        if (icon_px, pad) == (self.icon_px, self.pad):
            return
        self.icon_px, self.pad = icon_px, pad
        self.row.setContentsMargins(pad, pad, pad, pad)
        self.icon_label.setPixmap(area_icon(self.key).pixmap(QSize(icon_px, icon_px)))
        self.icon_label.setFixedSize(icon_px, icon_px)
        self.name_label.setProperty("role", None if compact else "subheading")
        self.name_label.setStyleSheet("font-weight: bold;" if compact else "")


class BrowsePage(Page):
    name = "browse"
    category_chosen = Signal(str)

    def build(self) -> None:
        self.tiles: dict[str, Tile] = {}
        self._high_contrast: bool | None = None
        self._counts: dict[str, int] | None = None
        self._columns: tuple[int, bool] = (0, False)
        self.grid_host = QWidget()
        self.grid_host.setObjectName("tiles")
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 8, 0)
        self.grid.setSpacing(GRID_GAP)
        for key in self.ctx.areas.keys:
            tile = Tile(key)
            tile.clicked.connect(lambda _c=False, k=key: self.category_chosen.emit(k))
            self.tiles[key] = tile
        self.area = touch_scroll_area(self.grid_host)
        self.area.setObjectName("tiles-scroll")
        self.body.addWidget(self.area, 1)

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(_("Choose a theme"))
        self.hint.setText(_("Tap a theme to see its activities."))
        lang = self.ctx.session.language
        for key, tile in self.tiles.items():
            tile.set_texts(self.ctx.areas.name(key, lang))
        self.relayout()

    # -- what the router calls -----------------------------------------------------------------
    def show_counts(self, counts: dict[str, int]) -> None:
        self._counts = dict(counts)
        for key, tile in self.tiles.items():
            tile.count = int(counts.get(key, 0))
        self.retranslate()

    def show_error(self, reason: str = "") -> None:
        self.hint.setText(_("The numbers could not be loaded. You can still choose a theme."))

    def entered(self) -> None:
        self._apply_theme()
        self.relayout()

    def reset(self) -> None:
        self.area.verticalScrollBar().setValue(0)

    # -- layout --------------------------------------------------------------------------------
    def _apply_theme(self) -> None:
        """Tile colours for the current contrast (the tiles carry their own small style sheets)."""
        high = self.ctx.session.high_contrast
        if high == self._high_contrast:
            return
        self._high_contrast = high
        for tile in self.tiles.values():
            tile.apply_colours(high)

    def columns_for(self, width: int, height: int) -> tuple[int, bool]:
        """(columns, pictogram above the words): at most 4 columns in landscape and 2 in portrait; a layout
        is possible when the longest word of every name fits a tile; the first possible one that needs no
        scrolling wins, else the possible one with the shortest grid."""
        most = 4 if width > height else 2
        beside = max(t.needed_width(False) for t in self.tiles.values())
        above = max(t.needed_width(True) for t in self.tiles.values())
        possible: list[tuple[int, bool, int]] = []
        for columns in range(most, 0, -1):
            tile = (width - 8 - GRID_GAP * (columns - 1)) // columns
            for vertical, needed in ((False, beside), (True, above)):
                if tile >= needed or columns == 1:
                    possible.append((columns, vertical, self._grid_height(columns, vertical, tile)))
        fitting = [p for p in possible if p[2] <= height]
        columns, vertical, _h = fitting[0] if fitting else min(possible, key=lambda p: p[2])
        return columns, vertical

    def _grid_height(self, columns: int, vertical: bool, tile_width: int) -> int:
        tiles = list(self.tiles.values())
        total = 0
        for start in range(0, len(tiles), columns):
            total += max(tile.height_for(tile_width, vertical) for tile in tiles[start : start + columns]) + GRID_GAP
        return total - GRID_GAP

    def relayout(self) -> None:
        compact = 0 < self.height() < SHORT_PAGE_PX
        for tile in self.tiles.values():
            tile.set_compact(compact)
        width = self.area.width() - 24 if self.isVisible() else self.width() - 88
        height = self.area.height() if self.isVisible() else self.height() - 250
        columns, vertical = self.columns_for(width, height)
        if (columns, vertical) != self._columns:
            self._columns = (columns, vertical)
            for tile in self.tiles.values():
                self.grid.removeWidget(tile)
                tile.set_vertical(vertical)
            for i, tile in enumerate(self.tiles.values()):
                self.grid.addWidget(tile, i // columns, i % columns)
            for c in range(4):
                self.grid.setColumnStretch(c, 1 if c < columns else 0)
            rows = -(-len(self.tiles) // columns)
            for r in range(len(self.tiles) + 1):
                self.grid.setRowStretch(r, 1 if r < rows else 0)
        # a scroll area sizes its content by minimum sizes, which know nothing of wrapped words: say it
        tile_width = (width - 8 - GRID_GAP * (columns - 1)) // columns
        for tile in self.tiles.values():
            tile.fit_height(tile.height_for(tile_width, vertical))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        self._apply_theme()
        super().showEvent(event)
        self.relayout()

    def restyle(self) -> None:
        self._apply_theme()  # the contrast may have been switched: the style sheet changed
        self.relayout()


def load(view: View) -> PageLoad[BrowsePage]:
    """How many activities each theme has."""
    lang = view.session.language
    return answer(lambda tray: reads.area_counts(tray, lang), BrowsePage.show_counts)


SPEC = PageSpec("browse", BrowsePage, intents=(Intent.BACK, Intent.THEME), load=load)
