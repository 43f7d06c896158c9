"""Changing the staff PIN from the staff page: the on-screen keypad asks for the current PIN, then the new one
twice. The current PIN is checked by the same guard as staff entry (wrong tries count towards its lock-out);
the new one must be 4–8 digits and typed the same twice. Then ``write(new_pin)`` is called (the staff
controller writes its hash into the config on the long-job lane); the PIN itself is never stored or shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from kiosk.i18n import N_, _
from kiosk.staffpin import PIN_MAX, PIN_MIN, PinGuard, valid_pin
from ui.widgets.pinpad import PinPad

OLD, NEW, AGAIN = "old", "new", "again"


class PinChange(QObject):
    def __init__(self, window: QWidget, guard: Callable[[], PinGuard], write: Callable[[str], None],
                 report: Callable[[str, bool], None]) -> None:
        super().__init__(window)
        self.window = window
        self.guard = guard
        self.write = write
        self.report = report  # (text, ok): the line under "Change the staff PIN"
        self.step = OLD
        self._new = ""
        self._pad: PinPad | None = None

    @property
    def pad(self) -> PinPad:
        if self._pad is None:
            self._pad = PinPad(self.window, heading=N_("Change the staff PIN"), name="pinchange")
            self._pad.submitted.connect(self.submitted)
            self._pad.cancelled.connect(self.cancel)
            self._pad.fit()
        return self._pad

    def start(self) -> None:
        guard = self.guard()
        if guard.locked():
            self.report(_("Too many wrong PINs: try again later."), False)
            return
        self.step, self._new = OLD, ""
        self.pad.open()
        self.pad.set_keys_enabled(True)
        self.pad.set_message(_("Type the current PIN and touch OK.") if guard.configured else
                             _("No PIN is set up yet. Touch OK to choose one."))

    def submitted(self, pin: str) -> None:
        if self.step == OLD:
            self._check_old(pin)
        elif self.step == NEW:
            if not valid_pin(pin):
                self.pad.set_message(_("A PIN is {low} to {high} digits. Type the new PIN.").format(
                    low=PIN_MIN, high=PIN_MAX), warning=True)
                return
            self.step, self._new = AGAIN, pin
            self.pad.set_message(_("Type the new PIN once more and touch OK."))
        elif pin != self._new:
            self.step, self._new = NEW, ""
            self.pad.set_message(_("The two PINs were different. Type the new PIN again."), warning=True)
        else:
            new, self._new = self._new, ""
            self.close()
            self.write(new)

    def _check_old(self, pin: str) -> None:
        guard = self.guard()
        outcome = guard.try_pin(pin) if guard.configured else "ok"
        if outcome == "ok":
            self.step = NEW
            self.pad.set_message(_("Type the new PIN ({low} to {high} digits) and touch OK.").format(
                low=PIN_MIN, high=PIN_MAX))
        elif outcome == "wrong":
            left = guard.max_failures - guard.failures
            self.pad.set_message(_("Wrong PIN. Tries left: {count}.").format(count=left), warning=True)
        else:
            self.close()
            self.report(_("Too many wrong PINs: try again later."), False)

    def cancel(self) -> None:
        self.close()
        self.report(_("The PIN was not changed."), True)

    def close(self) -> None:
        self._new = ""
        if self._pad is not None:
            self._pad.clear()
            self._pad.hide()


__all__ = ["PinChange"]
