"""The minimum-area coverage report on the staff page: one row per municipality, saying whether it has at
least one item in each of the concept's minimum content areas, and naming the areas it lacks.

A gap is marked three ways: the words "Missing", a ⚠ sign and the warning colour — never colour alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.areas import AreaCatalogue
from kiosk.i18n import _, current_language
from kiosk.places import load_places
from ui.widgets.common import TextLabel, clear_layout

if TYPE_CHECKING:  # kiosk.status reads the cache: it loads on the reading lane, not at start
    from kiosk.status import Coverage


class CoverageTable(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staff-coverage")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(14)
        self.grid.setColumnStretch(1, 1)
        self.rows: dict[str, tuple[str, str]] = {}  # code → (state text, missing text): tests and screen readers

    def show_coverage(self, coverage: Coverage, municipalities: tuple[str, ...], areas: AreaCatalogue) -> None:
        """Two columns that wrap at any width and text size: the municipality, then "✓ All" or
        "⚠ Missing: 2" with the missing areas named on the next line."""
        clear_layout(self.grid)
        self.rows = {}
        lang = current_language()
        places = load_places()
        for col, text in enumerate((_("Municipality"), _("Minimum areas"))):
            self.grid.addWidget(TextLabel(text, role="small"), 0, col)
        codes = sorted(municipalities, key=lambda c: (c not in coverage.missing, places.name(c, lang)))
        for row, code in enumerate(codes, start=1):
            missing = coverage.missing.get(code, [])
            name = TextLabel(f"{places.name(code, lang)} ({code})")
            if missing:
                state = "⚠ " + _("Missing: {count}").format(count=len(missing))
                gaps = ", ".join(areas.name(key, lang) for key in missing)
                state_label = TextLabel(f"{state}\n{gaps}", role="warning")
            else:
                state, gaps = "✓ " + _("All"), "—"
                state_label = TextLabel(state)
            state_label.setObjectName(f"coverage-{code}")
            for col, label in enumerate((name, state_label)):
                label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self.grid.addWidget(label, row, col)
            self.rows[code] = (state, gaps)
        if not codes:
            self.grid.addWidget(TextLabel(_("No municipalities are known for this kiosk.")), 1, 0, 1, 2)


__all__ = ["CoverageTable"]
