"""Test set-up shared by every test. Qt (when the UI tests run) must be headless, so this is set first."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Headless Qt, on a virtual screen big enough for a 1080×1920 or 1920×1080 kiosk window (the offscreen
# plugin's default 800×800 screen makes the kinetic scroller drop taps below 800 px).
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={ROOT / 'tests' / 'offscreen-screen.json'}"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


try:  # only when pytest-qt is installed (it is in the test extra)
    import pytest

    @pytest.fixture(autouse=True)
    def _flush_deleted_widgets(request):  # type: ignore[no-untyped-def]
        """After each test, really delete the widgets it scheduled for deletion (deleteLater)."""
        yield
        if "qapp" in request.fixturenames or "qtbot" in request.fixturenames:
            from PySide6.QtCore import QCoreApplication, QEvent

            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
except ImportError:  # pragma: no cover
    pass
