"""Message catalogues: ``_()`` and ``N_()`` from one place, switched at run time (Picard-style).

Messages are written in English in the code (``_("Search")``); ``translations/<lang>.po`` hold the
Finnish, Swedish and English texts. The catalogues are Babel/gettext ``.po`` files read directly with
Babel at start-up (no compiled ``.mo`` files are committed). ``_`` is never installed into builtins.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"
# Each language named in itself, for the language buttons.
NATIVE_NAMES: dict[str, str] = {"fi": "Suomi", "sv": "Svenska", "en": "English"}

_lock = threading.Lock()
_catalogues: dict[str, dict[str, str]] = {}
_current = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def load_catalogue(lang: str, directory: Path = TRANSLATIONS_DIR) -> dict[str, str]:
    """msgid → msgstr for one language; untranslated and fuzzy entries are left out (they fall back)."""
    path = directory / f"{lang}.po"
    if not path.exists():
        return {}
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale=lang)
    out: dict[str, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not isinstance(message.id, str):
            continue
        if isinstance(message.string, str) and message.string:
            out[message.id] = message.string
    return out


def _catalogue(lang: str) -> dict[str, str]:
    with _lock:
        if lang not in _catalogues:
            _catalogues[lang] = load_catalogue(lang)
        return _catalogues[lang]


def set_language(lang: str) -> None:
    """Switch the language of ``_()``; listeners (the UI) are told so they can retranslate."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    _catalogue(lang)
    _current = lang
    for listener in list(_listeners):
        listener(lang)


def current_language() -> str:
    return _current


def on_language_change(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def gettext(message: str, lang: str | None = None) -> str:
    """The message in ``lang`` (default: the current language); falls back to the English source text."""
    return _catalogue(lang or _current).get(message, message)


def _(message: str) -> str:
    return gettext(message)


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark a string for extraction without translating it now (translate later with ``_(var)``)."""
    return message


_LOCALES: dict[str, object] = {}


def language_name(code: str, lang: str) -> str:
    """The name of language ``code`` in ``lang`` from Babel's CLDR data: "ruotsi" / "svenska" / "Swedish"."""
    from babel import Locale

    locale = _LOCALES.get(lang)
    if not isinstance(locale, Locale):
        locale = _LOCALES[lang] = Locale.parse(lang if lang in LANGUAGES else "en")
    return str(locale.languages.get(code, code))


def reload_catalogues() -> None:
    with _lock:
        _catalogues.clear()
