"""The staff page's settings editor: the safe keys of the config as big touch controls (steppers and chips,
no typing), and "Save the settings".

It only collects values and emits the changed ones (``save_requested(dict)``, key path → value, see
:mod:`kiosk.settingsfile`); the staff controller checks and writes them and answers with ``show_saved`` or
``show_refused``. Finnish and Swedish cannot be switched off (the config requires them); every other rule is
checked by the config loader itself, so the editor and a hand-edited file obey the same rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import LANGUAGES, N_, NATIVE_NAMES, _, current_language
from kiosk.places import load_places
from kiosk.takehome.settings import BACKENDS, QR_MODES
from ui.context import UiContext
from ui.widgets.chips import Chip, ChipGroup
from ui.widgets.common import Button, Card, TextLabel, set_role

MANDATORY = ("fi", "sv")
QR_LABELS = {"auto": N_("Automatic"), "link": N_("A link to a web page"), "text": N_("The list as text")}
BACKEND_LABELS = {"auto": N_("Automatic"), "cups": N_("Printer (CUPS)"), "windows": N_("Windows printer"),
                  "folder": N_("Save into a folder"), "none": N_("No printer")}
NO_HOME = "none"


class Stepper(QWidget):
    """− value + with big buttons; the value moves in ``step``s within ``low``…``high``."""

    def __init__(self, key: str, low: int, high: int, step: int, unit: Callable[[int], str]) -> None:
        super().__init__()
        self.setObjectName(f"stepper-{key}")
        self.low, self.high, self.step, self.unit = low, high, step, unit
        self.value = low
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        self.minus = Button("−", object_name=f"{key}-minus")
        self.plus = Button("+", object_name=f"{key}-plus")
        self.text = TextLabel("", role="subheading")
        self.minus.clicked.connect(lambda: self.set_value(self.value - self.step))
        self.plus.clicked.connect(lambda: self.set_value(self.value + self.step))
        for w in (self.minus, self.text, self.plus):
            row.addWidget(w)
        row.addStretch(1)

    def set_value(self, value: int) -> None:
        self.value = max(self.low, min(self.high, value))
        self.text.setText(self.unit(self.value))
        self.minus.setEnabled(self.value > self.low)
        self.plus.setEnabled(self.value < self.high)
        self.minus.set_accessible(_("Less"))
        self.plus.set_accessible(_("More"))


class SettingsPanel(QWidget):
    save_requested = Signal(dict)

    def __init__(self, ctx: UiContext) -> None:
        from kiosk.settingsfile import safe_values  # tomlkit loads when staff open their page

        super().__init__()
        self.ctx = ctx
        self.values: dict[str, Any] = safe_values(ctx.config)  # what the file holds (after the last save)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 8, 0)
        col.setSpacing(20)
        self.note = TextLabel("", role="hint")
        col.addWidget(self.note)
        card = Card()
        form = QVBoxLayout(card)
        form.setContentsMargins(24, 18, 24, 18)
        form.setSpacing(14)
        self.idle = Stepper("idle", 15, 3600, 15, lambda s: _("{seconds} s").format(seconds=s))
        self.languages = ChipGroup("settings-languages")
        self.languages.label.hide()
        for lang in LANGUAGES:
            chip = self.languages.add(Chip(NATIVE_NAMES[lang], f"settings-lang-{lang}"))
            chip.setEnabled(lang not in MANDATORY)
        self.default_language = self._choices("settings-default", LANGUAGES)
        codes = ctx.config.region.municipalities
        self.home = self._choices("settings-home", (*codes, NO_HOME))
        self.qr_mode = self._choices("settings-qr", QR_MODES)
        self.backend = self._choices("settings-backend", BACKENDS)
        self.print_timeout = Stepper("print-timeout", 10, 3600, 30, lambda s: _("{seconds} s").format(seconds=s))
        self.labels: list[tuple[TextLabel, str]] = []
        for text, widget in ((N_("Time without a touch before the screen clears"), self.idle),
                             (N_("Languages (Finnish and Swedish are always on)"), self.languages),
                             (N_("Language the kiosk starts in"), self.default_language),
                             (N_("Home municipality (statistics and the nearest services)"), self.home),
                             (N_("QR codes carry"), self.qr_mode),
                             (N_("Printing"), self.backend),
                             (N_("How long to wait for the printer"), self.print_timeout)):
            label = TextLabel("", role="small")
            self.labels.append((label, text))
            form.addWidget(label)
            form.addWidget(widget)
        self.home.setVisible(bool(codes))
        col.addWidget(card)
        self.save = Button("", role="primary", object_name="settings-save")
        self.save.clicked.connect(self._save)
        col.addWidget(self.save)
        self.result = TextLabel("")
        self.result.setObjectName("settings-result")
        col.addWidget(self.result)
        col.addStretch(1)
        self.load_values()

    def _choices(self, name: str, keys: tuple[str, ...]) -> ChipGroup:
        group = ChipGroup(name)
        group.label.hide()  # each setting has its own label above it
        for key in keys:
            group.add(Chip(key, f"{name}-{key}")).clicked.connect(lambda _c=False, k=key, g=group: self._only(g, k))
        return group

    @staticmethod
    def _only(group: ChipGroup, key: str) -> None:
        for chip in group.chips:
            chip.setChecked(isinstance(chip, Chip) and chip.key.endswith(f"-{key}"))

    @staticmethod
    def _chosen(group: ChipGroup) -> str:
        return next((c.key.rpartition("-")[2] for c in group.chips if isinstance(c, Chip) and c.isChecked()), "")

    # -- values --------------------------------------------------------------------------------------
    def load_values(self) -> None:
        v = self.values
        self.idle.set_value(v["kiosk.idle_timeout_s"])
        for chip in self.languages.chips:
            assert isinstance(chip, Chip)
            chip.setChecked(chip.key.rpartition("-")[2] in v["languages"])
        self._only(self.default_language, v["default_language"])
        self._only(self.home, v["region.home_municipality"] or NO_HOME)
        self._only(self.qr_mode, v["takehome.qr_mode"])
        self._only(self.backend, v["takehome.print_backend"])
        self.print_timeout.set_value(v["takehome.print_timeout_s"])
        self.result.setText("")

    def chosen(self) -> dict[str, Any]:
        languages = [c.key.rpartition("-")[2] for c in self.languages.chips if isinstance(c, Chip) and c.isChecked()]
        home = self._chosen(self.home)
        return {
            "kiosk.idle_timeout_s": self.idle.value,
            "languages": languages,
            "default_language": self._chosen(self.default_language),
            "region.home_municipality": "" if home == NO_HOME else home,
            "takehome.qr_mode": self._chosen(self.qr_mode),
            "takehome.print_backend": self._chosen(self.backend),
            "takehome.print_timeout_s": self.print_timeout.value,
        }

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.chosen().items() if self.values.get(k) != v}

    def _save(self) -> None:
        changes = self.changes()
        if self.ctx.config.path is None:
            self._say(_("There is no config file on this kiosk, so nothing can be saved."), ok=False)
        elif not changes:
            self._say(_("Nothing has changed."), ok=True)
        else:
            self.save_requested.emit(changes)

    def show_saved(self, values: dict[str, Any]) -> None:
        self.values = values
        self.load_values()
        self._say(_("Saved. The kiosk uses the new settings after it restarts (Close the kiosk: it starts again "
                    "by itself)."), ok=True)

    def show_refused(self, reason: str) -> None:
        self._say(_("Not saved: the config does not accept this value. The file is unchanged.") + "\n" + reason,
                  ok=False)

    def _say(self, text: str, *, ok: bool) -> None:
        self.result.setText(("✓ " if ok else "⚠ ") + text)
        set_role(self.result, "" if ok else "warning")

    def retranslate(self) -> None:
        lang = current_language()
        places = load_places()
        for label, text in self.labels:
            label.setText(_(text))
        for chip in self.default_language.chips:
            assert isinstance(chip, Chip)
            chip.set_label(NATIVE_NAMES[chip.key.rpartition("-")[2]])
        for chip in self.home.chips:
            assert isinstance(chip, Chip)
            code = chip.key.rpartition("-")[2]
            chip.set_label(_("None") if code == NO_HOME else places.name(code, lang))
        for group, labels in ((self.qr_mode, QR_LABELS), (self.backend, BACKEND_LABELS)):
            for chip in group.chips:
                assert isinstance(chip, Chip)
                chip.set_label(_(labels[chip.key.rpartition("-")[2]]))
        self.note.setText(_("Only these settings can be changed here; the county's IT changes the rest in the "
                            "config file."))
        self.save.setText(_("Save the settings"))
        self.idle.set_value(self.idle.value)
        self.print_timeout.set_value(self.print_timeout.value)


__all__ = ["SettingsPanel", "Stepper"]
