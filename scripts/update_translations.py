#!/usr/bin/env python3
"""Extract ``_()``/``N_()`` messages from kiosk/ and ui/ and write the gettext catalogues.

    .venv/bin/python scripts/update_translations.py          # write translations/messages.pot and fi/sv/en .po
    .venv/bin/python scripts/update_translations.py --check  # exit 1 when a catalogue is out of date or incomplete

Translations are kept in ``translations/fragments/*.toml`` (``"English msgid" = { fi = "…", sv = "…" }``,
optionally ``en``), grouped by the part of the UI they belong to; this script merges them into the
``.po`` files that the kiosk reads. English defaults to the msgid itself.
"""

from __future__ import annotations

import argparse
import io
import sys
import tomllib
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
LANGUAGES = ("fi", "sv", "en")
KEYWORDS = {"_": None, "N_": None}


def extract() -> dict[str, list[tuple[str, int]]]:
    """msgid → [(file, line)] for every marked string in kiosk/ and ui/."""
    found: dict[str, list[tuple[str, int]]] = {}
    for package in ("kiosk", "ui"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            if isinstance(message, str) and message:
                found.setdefault(message, []).append((f"{package}/{filename}", lineno))
    return dict(sorted(found.items()))


def fragments() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted((TRANSLATIONS / "fragments").glob("*.toml")):
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for msgid, texts in data.items():
            if isinstance(texts, dict):
                merged.setdefault(msgid, {}).update({k: v for k, v in texts.items() if isinstance(v, str)})
    return merged


def render(lang: str | None, messages: dict[str, list[tuple[str, int]]], table: dict[str, dict[str, str]]) -> str:
    catalog = Catalog(locale=lang, project="hyte-kiosk", version="0.1", charset="utf-8", fuzzy=False)
    for msgid, places in messages.items():
        text = ""
        if lang == "en":
            text = table.get(msgid, {}).get("en", msgid)
        elif lang:
            text = table.get(msgid, {}).get(lang, "")
        catalog.add(msgid, text, locations=places)
    buf = io.BytesIO()
    write_po(buf, catalog, omit_header=True, sort_output=True, width=120, include_lineno=False)
    return buf.getvalue().decode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when out of date")
    args = parser.parse_args()
    messages = extract()
    table = fragments()
    outputs = {TRANSLATIONS / "messages.pot": render(None, messages, table)}
    for lang in LANGUAGES:
        outputs[TRANSLATIONS / f"{lang}.po"] = render(lang, messages, table)
    missing = {lang: [m for m in messages if not (table.get(m, {}).get(lang) or lang == "en")] for lang in LANGUAGES}
    if args.check:
        stale = [p.name for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        for lang, msgs in missing.items():
            for m in msgs:
                print(f"{lang}: untranslated: {m!r}", file=sys.stderr)
        if stale:
            print(f"out of date: {', '.join(stale)} (run scripts/update_translations.py)", file=sys.stderr)
        return 1 if stale or any(missing.values()) else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    print(f"{len(messages)} messages; untranslated: " + ", ".join(f"{k} {len(v)}" for k, v in missing.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
