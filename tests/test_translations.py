"""The message catalogues: current with the code, complete in fi, sv and en, and switched at run time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk import i18n

ROOT = Path(__file__).resolve().parent.parent


def test_catalogues_are_current_and_complete():
    result = subprocess.run(
        [sys.executable, "scripts/update_translations.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_every_language_has_every_message():
    fi, sv, en = (i18n.load_catalogue(lang) for lang in ("fi", "sv", "en"))
    assert fi.keys() == sv.keys() == en.keys()
    assert len(fi) > 5


def test_language_switches_at_run_time():
    try:
        i18n.set_language("sv")
        assert i18n._("Finish and clear") == "Avsluta och rensa"
        i18n.set_language("fi")
        assert i18n._("Finish and clear") == "Lopeta ja tyhjennä"
        i18n.set_language("en")
        assert i18n._("Finish and clear") == "Finish and clear"
    finally:
        i18n.set_language("fi")


def test_placeholders_survive_translation():
    import re

    for lang in ("fi", "sv"):
        for msgid, text in i18n.load_catalogue(lang).items():
            assert sorted(re.findall(r"\{\w*\}", msgid)) == sorted(re.findall(r"\{\w*\}", text)), (lang, msgid)
