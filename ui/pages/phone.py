"""The list to a phone: large QR codes made on the kiosk, one at a time, with "Avaa puhelimen kamera ja
osoita koodia". In link mode one code usually holds the whole list; in text mode each item is a code of its
own, numbered "1/4" … "4/4", with buttons to the next and previous. Nothing is stored: the pictures live
in this page until the session ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy

from kiosk import reads
from kiosk.i18n import _
from ui.pages.base import Page
from ui.pages.spec import Intent, PageLoad, PageSpec, View, answer
from ui.widgets.common import Button, TextLabel

if TYPE_CHECKING:  # the QR module loads on the reading lane
    from kiosk.takehome.qr import QrCode


class PhonePage(Page):
    name = "qr"

    def build(self) -> None:
        self._codes: list[tuple[QrCode, QPixmap]] = []
        self._index = 0
        self._error = False
        self.instruction = TextLabel("", role="subheading")
        self.instruction.setObjectName("qr-instruction")
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.instruction)
        self.picture = QLabel()
        self.picture.setObjectName("qr-code")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The code is scaled to the room the label gets; it never asks for room itself (short screens).
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(160, 160)
        self.body.addWidget(self.picture, 1)
        self.counter = TextLabel("", role="heading")
        self.counter.setObjectName("qr-counter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.counter)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.previous = Button("", object_name="qr-previous")
        self.previous.clicked.connect(lambda: self._step(-1))
        self.next = Button("", role="primary", object_name="qr-next")
        self.next.clicked.connect(lambda: self._step(1))
        row.addStretch(1)
        row.addWidget(self.previous)
        row.addWidget(self.next)
        row.addStretch(1)
        self.body.addLayout(row)

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(_("Take it to your phone"))
        self.instruction.setText(_("Open your phone's camera and point it at the code"))
        self.previous.setText("‹ " + _("Previous"))
        self.next.setText(_("Next code") + " ›")
        self.hint.setText(_("The code is made on this screen. Nothing is saved or sent anywhere."))
        self._show()

    @property
    def codes(self) -> list[QrCode]:
        return [code for code, _pixmap in self._codes]

    @property
    def index(self) -> int:
        return self._index

    def show_codes(self, codes: list[tuple[QrCode, bytes]]) -> None:
        self._error = False
        self._codes = []
        for code, data in codes:
            pixmap = QPixmap()
            pixmap.loadFromData(data, "PNG")
            self._codes.append((code, pixmap))
        self._index = 0
        self._show()

    def show_error(self, reason: str = "") -> None:
        self._error, self._codes = True, []
        self._show()

    def _step(self, delta: int) -> None:
        if self._codes:
            self._index = max(0, min(len(self._codes) - 1, self._index + delta))
            self._show()

    def _show(self) -> None:
        total = len(self._codes)
        if not total:
            self.picture.clear()
            self.counter.setText(_("The code could not be made. Try again.") if self._error else _("Your list is empty."))
        else:
            code, pixmap = self._codes[self._index]
            room = self.picture.size()
            side = max(160, min(room.width(), room.height(), 900))
            self.picture.setPixmap(pixmap.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.FastTransformation))
            first = code.payload.split("\n", 1)[0]
            # Text mode: "1/4 Avanto-uinti" says which item this is; links just count.
            text = first if first.startswith(code.label + " ") else _("Code {label}").format(label=code.label)
            self.counter.setText(text if total > 1 or first != code.payload else "")
        self.counter.setVisible(bool(self.counter.text()))
        self.previous.setVisible(total > 1)
        self.next.setVisible(total > 1)
        self.previous.setEnabled(self._index > 0)
        self.next.setEnabled(self._index < total - 1)

    def relayout(self) -> None:
        self._show()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        self._show()  # the label has its size now

    def reset(self) -> None:
        self._codes, self._index, self._error = [], 0, False
        self._show()


def load(view: View) -> PageLoad[PhonePage]:
    """The list's codes (made on the reading lane; a handful of small PNG pictures)."""
    ids, lang, now, settings = tuple(view.session.my_list), view.session.language, view.now, view.config.takehome
    return answer(lambda tray: reads.phone_codes(tray, ids, lang, now, settings), PhonePage.show_codes)


SPEC = PageSpec("qr", PhonePage, load=load, intents=(Intent.BACK,))
