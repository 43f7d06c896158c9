"""How old the data is, as the attract and home pages show it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.views import Freshness
from ui.widgets.common import TextLabel


class FreshnessBox(QWidget):
    """How old the data is, calmly: "Tiedot päivitetty 3.11.2026", and "Esimerkkiaineisto" on demo data.

    Residents never see a staleness warning (it worries and they can do nothing about it): staff see it
    on the staff page. The demo notice is plain small text, never drawn like a button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("freshness")
        self.box = box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        self.text = TextLabel("", role="small")
        self.text.setObjectName("freshness-text")
        self.warning = TextLabel("", role="warning")
        self.warning.setObjectName("freshness-warning")
        self.demo = TextLabel("", role="small")
        self.demo.setObjectName("freshness-demo")
        for label in (self.text, self.warning, self.demo):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setVisible(False)
            box.addWidget(label)

    def show_freshness(self, f: Freshness) -> None:
        self.text.setText(f.text)
        self.text.setVisible(bool(f.text))
        self.warning.setText("")
        self.warning.setVisible(False)  # for staff only (the staff page)
        self.demo.setText(f.demo_text or "")
        self.demo.setVisible(bool(f.demo and f.demo_text))

    def set_alignment(self, alignment: Qt.AlignmentFlag) -> None:
        for label in (self.text, self.warning, self.demo):
            label.setAlignment(alignment)


__all__ = ["FreshnessBox"]
