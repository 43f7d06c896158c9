"""Staff activity sheets (behind the staff PIN): choose areas, municipalities, a language and a week,
preview, then print N copies or save the PDF. The sheet is made by the same renderer as the resident's
list; :class:`ui.takehome.TakeHomeController` does the work on the lanes and answers with ``busy``,
``show_preview`` and ``show_result``.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.i18n import LANGUAGES, NATIVE_NAMES, _, current_language
from kiosk.places import load_places
from kiosk.takehome.choices import SheetChoice
from ui.pages.base import Page
from ui.pages.spec import Intent, PageSpec
from ui.widgets.chips import Chip, ChipGroup, FlowLayout
from ui.widgets.common import Button, Card, TextLabel, touch_scroll_area

MAX_COPIES = 50
WEEKS = ("any", "this", "next")


class SheetsPage(Page):
    name = "sheets"
    preview_requested = Signal(object)  # SheetChoice
    sheet_print_requested = Signal(object, int)  # SheetChoice, copies
    sheet_save_requested = Signal(object)  # SheetChoice

    def build(self) -> None:
        self._copies = 1
        content = QWidget()
        col = QVBoxLayout(content)
        col.setContentsMargins(0, 0, 8, 0)
        col.setSpacing(20)
        self.areas = ChipGroup("sheet-areas")
        for area in self.ctx.areas.areas:
            self.areas.add(Chip(area.key, f"area-{area.key}"))
        codes = self.ctx.config.region.municipalities or tuple(load_places().municipalities)
        self.municipalities = ChipGroup("sheet-municipalities")
        for code in codes:
            self.municipalities.add(Chip(code, f"municipality-{code}"))
        self.languages = ChipGroup("sheet-languages")
        for lang in LANGUAGES:
            self.languages.add(Chip(NATIVE_NAMES[lang], f"lang-{lang}", checked=lang == "fi")).clicked.connect(
                lambda _c=False, code=lang: self._only(self.languages, f"lang-{code}"))
        self.weeks = ChipGroup("sheet-weeks")
        for week in WEEKS:
            self.weeks.add(Chip(week, f"week-{week}", checked=week == "any")).clicked.connect(
                lambda _c=False, key=week: self._only(self.weeks, f"week-{key}"))
        for group in (self.areas, self.municipalities, self.languages, self.weeks):
            col.addWidget(group)
        col.addLayout(self._actions())
        self.result = TextLabel("", role="subheading")
        self.result.setObjectName("sheet-result")
        col.addWidget(self.result)
        preview = Card()
        box = QVBoxLayout(preview)
        box.setContentsMargins(20, 16, 20, 16)
        self.summary = TextLabel("")
        self.summary.setObjectName("sheet-summary")
        self.picture = QLabel()
        self.picture.setObjectName("sheet-picture")
        box.addWidget(self.summary)
        box.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignLeft)
        self.preview_card = preview
        preview.hide()
        col.addWidget(preview)
        col.addStretch(1)
        self.scroll_area = touch_scroll_area(content)
        self.body.addWidget(self.scroll_area, 1)

    def _actions(self) -> FlowLayout:
        row = FlowLayout(spacing=20)  # wraps: long Finnish words and large text never push a button off
        self.preview_button = Button("", role="primary", object_name="sheet-preview")
        self.preview_button.clicked.connect(lambda: self._emit(self.preview_requested))
        self.fewer = Button("−", object_name="sheet-fewer")
        self.fewer.clicked.connect(lambda: self._set_copies(self._copies - 1))
        self.count = TextLabel("", role="subheading")
        self.count.setObjectName("sheet-copies")
        self.more = Button("+", object_name="sheet-more")
        self.more.clicked.connect(lambda: self._set_copies(self._copies + 1))
        self.print_button = Button("", object_name="sheet-print")
        self.print_button.clicked.connect(self._print)
        self.save_button = Button("", object_name="sheet-save")
        self.save_button.clicked.connect(lambda: self._emit(self.sheet_save_requested))
        for widget in (self.preview_button, self.fewer, self.count, self.more, self.print_button, self.save_button):
            row.addWidget(widget)
        return row

    # -- texts ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        lang = current_language()
        self.title.setText(_("Activity sheets"))
        self.hint.setText(_("Choose at least one theme. The sheet lists what is on in the chosen municipalities."))
        self.areas.label.setText(_("Themes"))
        self.municipalities.label.setText(_("Municipalities"))
        self.languages.label.setText(_("Language of the sheet"))
        self.weeks.label.setText(_("Dated events"))
        places = load_places()
        for chip in self.areas.chips + self.municipalities.chips + self.weeks.chips:
            assert isinstance(chip, Chip)
            key = chip.key.split("-", 1)[1]
            if chip.key.startswith("area-"):
                chip.set_label(self.ctx.areas.name(key, lang))
            elif chip.key.startswith("municipality-"):
                chip.set_label(places.name(key, lang))
            else:
                chip.set_label({"any": _("All coming"), "this": _("This week"), "next": _("Next week")}[key])
        self.preview_button.setText(_("Preview"))
        self.print_button.setText(_("Print {count} copies").format(count=self._copies))
        self.save_button.setText(_("Save as PDF"))
        self.count.setText(str(self._copies))

    # -- choices -------------------------------------------------------------------------------
    @staticmethod
    def _only(group: ChipGroup, key: str) -> None:
        for chip in group.chips:
            assert isinstance(chip, Chip)
            chip.setChecked(chip.key == key)

    @staticmethod
    def _checked(group: ChipGroup) -> list[str]:
        return [chip.key.split("-", 1)[1] for chip in group.chips if isinstance(chip, Chip) and chip.isChecked()]

    def choice(self) -> SheetChoice | None:
        """What is chosen now, or None when no theme is (the buttons say what is missing)."""
        areas = tuple(self._checked(self.areas))
        if not areas:
            return None
        lang = (self._checked(self.languages) or ["fi"])[0]
        week = (self._checked(self.weeks) or ["any"])[0]
        today = self.ctx.clock().date()
        monday: date | None = None
        if week != "any":
            monday = today - timedelta(days=today.weekday()) + timedelta(days=7 if week == "next" else 0)
        return SheetChoice(areas, tuple(self._checked(self.municipalities)), lang, monday)

    def _emit(self, signal: SignalInstance) -> None:
        choice = self.choice()
        if choice is None:
            self.show_result(_("Choose at least one theme."), ok=False)
            return
        signal.emit(choice)

    def _print(self) -> None:
        choice = self.choice()
        if choice is None:
            self.show_result(_("Choose at least one theme."), ok=False)
            return
        self.sheet_print_requested.emit(choice, self._copies)

    def _set_copies(self, copies: int) -> None:
        self._copies = max(1, min(MAX_COPIES, copies))
        self.retranslate()

    @property
    def copies(self) -> int:
        return self._copies

    # -- from the controller -------------------------------------------------------------------
    def busy(self, text: str) -> None:
        self.result.setText(text)
        self.result.setProperty("role", "subheading")
        self.result.show()

    def show_preview(self, names: list[str], pages: int, picture: bytes | None) -> None:
        lines = [_("{count} items, {pages} pages.").format(count=len(names), pages=pages)]
        lines += [f"{n}. {name}" for n, name in enumerate(names[:12], start=1)]
        if len(names) > 12:
            lines.append("…")
        self.summary.setText("\n".join(lines))
        pixmap = QPixmap()
        if picture is not None and pixmap.loadFromData(picture, "PNG"):
            self.picture.setPixmap(pixmap)
        self.picture.setVisible(not pixmap.isNull())
        self.preview_card.show()
        self.result.hide()

    def show_result(self, text: str, *, ok: bool) -> None:
        self.result.setText(("✓ " if ok else "✗ ") + text)
        self.result.setProperty("role", "subheading" if ok else "warning")
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        self.result.show()

    def reset(self) -> None:
        self.preview_card.hide()
        self.result.hide()
        self._copies = 1
        self.retranslate()


SPEC = PageSpec("sheets", SheetsPage,
                intents=(Intent.BACK, Intent.PREVIEW_SHEET, Intent.PRINT_SHEET, Intent.SAVE_SHEET))
