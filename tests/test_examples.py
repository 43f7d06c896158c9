"""Every search example the screens show finds something on the demo tray.

The examples are read from the message catalogues at test time, so a changed wording is checked as it is:
each word in quotes in a message that gives examples ("for example", "such as", "e.g.") — in the English
source and in the translation — is searched in that catalogue's language. A few words residents were seen
to type are checked too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk import snapshot
from kiosk.query import Query
from kiosk.search import count, search
from kiosk.tray import Tray, open_tray

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = {lang: ROOT / "translations" / f"{lang}.po" for lang in ("fi", "sv", "en")}
GIVES_EXAMPLES = ("for example", "such as", "e.g.")
QUOTED = re.compile(r"[“”„«\"]([^“”„«»\"]{1,40})[”“»\"]")
# typed by residents in the issue: inflected, a synonym, a typo
TYPED = [
    ("fi", "kuntosli"), ("fi", "masennus"), ("fi", "vanhukset"), ("fi", "uimahalli"), ("fi", "jooga"),
    ("fi", "kuoro"), ("sv", "kör"), ("en", "choir"), ("fi", "kuntosali"), ("sv", "gym"), ("en", "gym"),
]  # fmt: skip


def _texts(message: object) -> list[str]:
    if isinstance(message, str):
        return [message]
    if isinstance(message, list | tuple):
        return [m for m in message if isinstance(m, str)]
    return []


def example_words() -> list[tuple[str, str]]:
    """``(language, word)`` for every word in quotes in a message that gives examples, per catalogue."""
    found: dict[tuple[str, str], None] = {}
    for lang, path in CATALOGUES.items():
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=lang)
        for message in catalogue:
            ids = _texts(message.id)
            if not any(marker in text.lower() for text in ids for marker in GIVES_EXAMPLES):
                continue
            for text in ids + _texts(message.string):
                for word in QUOTED.findall(text):
                    found[(lang, word.strip())] = None
    return list(found)


def test_the_catalogues_give_search_examples() -> None:
    words = example_words()
    assert {lang for lang, _ in words} == {"fi", "sv", "en"}, f"no examples found in some catalogue: {words}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tray = open_tray(snapshot.ensure_demo(tmp_path_factory.mktemp("examples")))
    yield tray
    tray.close()


@pytest.mark.parametrize(("lang", "word"), example_words() + TYPED)
def test_every_example_word_finds_something(demo: Tray, lang: str, word: str) -> None:
    hits = search(demo, Query(text=word), lang, limit=5)
    assert hits, f"the example {word!r} ({lang}) finds nothing on the demo tray"
    assert count(demo, Query(text=word), lang) >= 1


def popular_words() -> list[tuple[str, str]]:
    """The word buttons of the empty search page (ui.pages.search.POPULAR_WORDS), in each catalogue."""
    from ui.pages.search import POPULAR_WORDS

    words: list[tuple[str, str]] = []
    for lang, path in CATALOGUES.items():
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=lang)
        message = catalogue.get(POPULAR_WORDS)
        text = (message.string if message is not None and message.string else "") or POPULAR_WORDS
        words += [(lang, w.strip()) for w in str(text).split(",") if w.strip()]
    return words


@pytest.mark.parametrize(("lang", "word"), popular_words())
def test_every_popular_word_button_finds_something(demo: Tray, lang: str, word: str) -> None:
    assert search(demo, Query(text=word), lang, limit=5), f"the button {word!r} ({lang}) finds nothing"
