"""Content and configuration files (TOML or JSON), read through a cursor whose errors name file, line and key.

Every data file people edit goes through :func:`read_content`: the areas, municipalities and help-now
content, the kiosk configuration, and whatever comes next. It reads the file (a UTF-8 byte-order mark is
accepted), parses it (``.json`` as JSON, anything else as TOML), maps a syntax error to its line, and
notes the line of every key. A loader then walks the document with :class:`Node`::

    doc = read_content(path)
    root = doc.root()
    root.known(("area", "shared_classes"))          # an unknown key is an error naming it and the allowed ones
    for area in root.each("area", required=True):  # [[area]] blocks (a JSON list of objects)
        key = area.text("key", pattern=KEY_RE, what="a lowercase key such as 'sports'")
        names = area.texts_per_language("names", noun="name")
        minimum = area.flag("minimum", False)

Each reader method returns the checked value or raises a :class:`ContentError` whose ``line`` is the key's
line, else the line of its nearest enclosing key or table (for a table written as dotted keys,
``text.fi = …``, its first key), and whose ``field`` is the key path. In content files a key inside a
``[[block]]`` is named within its block (``names.sv``); in the configuration (:class:`ConfigError` in
:mod:`kiosk.config`) the whole path is named (``sources.base_url``). The error type also says what the
message calls a key (``field`` or ``key``) and the file (``content file`` or ``config file``).
"""

from __future__ import annotations

import builtins
import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

PathPart = str | int
KeyPath = tuple[PathPart, ...]

REQUIRED_LANGUAGES: dict[str, str] = {"fi": "Finnish", "sv": "Swedish", "en": "English"}
LANG_RE = re.compile(r"^[a-z]{2,3}$")


class ContentError(ValueError):
    """A content file is wrong. ``file``, ``line`` (1-based, or None) and ``field`` (the key path) say where."""

    label: ClassVar[str] = "field"  # what the message calls a key path
    noun: ClassVar[str] = "content file"  # what the message calls the file
    full_paths: ClassVar[bool] = False  # False: a key inside a [[block]] is named within its block

    def __init__(
        self, file: Path | str | None, line: int | None, field: str | None, message: str, *, show_file: bool = True
    ) -> None:
        self.file = Path(file) if file is not None else None
        self.line = line
        self.field = field
        self.message = message
        parts = []
        if self.file is not None and show_file:
            parts.append(self.file.name)
        if line is not None:
            parts.append(f"line {line}")
        if field:
            parts.append(f"{self.label} {field!r}")
        super().__init__((", ".join(parts) + ": " if parts else "") + message)


# --- reading ---------------------------------------------------------------------------------------


def read_content(path: Path | str, *, error: type[ContentError] = ContentError) -> Document:
    """Read and parse a TOML or JSON file; any problem is an ``error`` (a :class:`ContentError`) with its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except FileNotFoundError:
        raise error(path, None, None, f"{error.noun} not found: {path}", show_file=False) from None
    except IsADirectoryError:
        raise error(path, None, None, f"{error.noun} is a folder: {path}", show_file=False) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(path, None, None, f"cannot read the {error.noun}: {exc}") from None
    if path.suffix.lower() == ".json":
        return _read_json(path, text, error)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(path, _toml_error_line(exc, text), None, _toml_error_message(exc)) from None
    return Document(path, data, toml_key_lines(text), error)


def _read_json(path: Path, text: str, error: type[ContentError]) -> Document:
    import json  # only JSON content pays for it

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(path, exc.lineno, None, f"JSON syntax error: {exc.msg}") from None
    if not isinstance(data, dict):
        raise error(path, 1, None, "expected a JSON object { … } around the whole file")
    return Document(path, data, json_key_lines(text), error)


def _toml_error_line(exc: tomllib.TOMLDecodeError, text: str) -> int | None:
    """The line in tomllib's message ("… (at line 3, column 9)"); end of document = the last line."""
    message = str(exc)
    if m := re.search(r"at line (\d+)", message):
        return int(m.group(1))
    if "end of document" in message:
        return max(1, len(text.splitlines()))
    return None


def _toml_error_message(exc: tomllib.TOMLDecodeError) -> str:
    message = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)\s*$", "", str(exc))
    return f"TOML syntax error: {message}"


# --- where each key is -----------------------------------------------------------------------------

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_PART = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_ARRAY_HEADER = re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_HEADER = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_KEY_LINE = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART_RE = re.compile(_PART)


def _split_dotted(dotted: str) -> list[str]:
    return [p[1:-1] if p[:1] in "\"'" else p for p in (m.group(0) for m in _PART_RE.finditer(dotted))]


def toml_key_lines(text: str) -> dict[KeyPath, int]:
    """Map each table header and key in TOML ``text`` to its 1-based line number.

    Array-of-tables entries get their 0-based index in the path: the second ``[[area]]`` block's
    ``[area.names]`` ``sv`` key is ``("area", 1, "names", "sv")``. A best-effort scan (multi-line strings
    are skipped) meant only for error messages; tomllib has checked the syntax before.
    """
    lines: dict[KeyPath, int] = {}
    counters: dict[tuple[str, ...], int] = {}
    current: KeyPath = ()
    in_string: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if raw.count(in_string) % 2 == 1:
                in_string = None
            continue
        if m := _ARRAY_HEADER.match(raw):
            names = tuple(_split_dotted(m.group(1)))
            counters[names] = counters.get(names, 0) + 1
            current = _resolve(names, counters)
            lines.setdefault(current, number)
        elif m := _TABLE_HEADER.match(raw):
            current = _resolve(tuple(_split_dotted(m.group(1))), counters)
            lines.setdefault(current, number)
        elif m := _KEY_LINE.match(raw):
            lines.setdefault((*current, *_split_dotted(m.group(1))), number)
        for quote in ('"""', "'''"):
            if raw.count(quote) % 2 == 1:
                in_string = quote
                break
    return lines


def _resolve(names: tuple[str, ...], counters: Mapping[tuple[str, ...], int]) -> KeyPath:
    path: list[PathPart] = []
    for i, name in enumerate(names):
        path.append(name)
        count = counters.get(names[: i + 1])
        if count:
            path.append(count - 1)
    return tuple(path)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def json_key_lines(text: str) -> dict[KeyPath, int]:
    """Map each key and list element in JSON ``text`` to the 1-based line where it starts.

    List elements get their 0-based index in the path (``("question", 2, "text", "sv")``). Meant for
    error messages only: ``json.loads`` has checked the syntax before.
    """
    import json

    breaks = [m.start() for m in re.finditer("\n", text)]
    lines: dict[KeyPath, int] = {}
    # one frame per open container: [path, is_object, key or index, expecting a key]
    stack: list[list[Any]] = []
    for m in _JSON_TOKEN.finditer(text):
        token = m.group(0)
        top = stack[-1] if stack else None
        if token in "}]":
            stack.pop()
            continue
        if token == ":":
            continue
        if token == ",":
            if top is not None:
                if top[1]:
                    top[3] = True
                else:
                    top[2] += 1
            continue
        line = bisect_right(breaks, m.start()) + 1
        if top is not None and top[1] and top[3]:  # an object's key
            top[2], top[3] = json.loads(token), False
            lines.setdefault((*top[0], top[2]), line)
            continue
        path: KeyPath = () if top is None else (*top[0], top[2])
        if top is not None and not top[1]:
            lines.setdefault(path, line)
        if token == "{":
            stack.append([path, True, "", True])
        elif token == "[":
            stack.append([path, False, 0, False])
    return lines


# --- the cursor ------------------------------------------------------------------------------------


class _Missing:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Missing()  # the default of a reader: the key must be there


class Document:
    """A parsed file, the line of each of its keys, and the error type its loader reports with."""

    def __init__(
        self, path: Path, data: dict[str, Any], lines: dict[KeyPath, int], error: type[ContentError] = ContentError
    ) -> None:
        self.path = path
        self.data = data
        self.lines = lines
        self.error = error

    def root(self) -> Node:
        return Node(self, self.data, (), (), ())

    def line_of(self, path: Sequence[PathPart]) -> int | None:
        """The line of ``path``, else of its nearest enclosing key or table in the file; a table written as
        dotted keys (``text.fi = …``) or inline has no line of its own, so its first key's line stands for it."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            inside = [n for p, n in self.lines.items() if p[: len(probe)] == probe]
            if inside:
                return min(inside)
            probe = probe[:-1]
        return None

    def fail(self, path: Sequence[PathPart], name: Sequence[str], message: str) -> ContentError:
        return self.error(self.path, self.line_of(path), ".".join(name) or None, message)


class Node:
    """One table of a document (the root, a ``[table]``, one ``[[block]]``) with checked readers for its keys.

    ``path`` locates it in the file (for lines); ``name`` is what errors call it. Readers take a default:
    without one (:data:`REQUIRED`) a missing key is an error ("missing field 'key'").
    """

    __slots__ = ("_base", "data", "doc", "name", "path")

    def __init__(
        self, doc: Document, data: Mapping[str, Any], path: KeyPath, name: tuple[str, ...], base: tuple[str, ...]
    ) -> None:
        self.doc = doc
        self.data = data
        self.path = path
        self.name = name  # how errors about this table itself name it
        self._base = base  # how errors name its keys: base + (key,)

    # --- plain access ------------------------------------------------------------------------------

    def __contains__(self, key: object) -> bool:
        return key in self.data

    def keys(self) -> builtins.list[str]:
        return builtins.list(self.data)

    def value(self, key: str, default: Any = None) -> Any:
        """The raw value of ``key`` (unchecked)."""
        return self.data.get(key, default)

    @property
    def index(self) -> int:
        """The 0-based position of a ``[[block]]`` among its siblings."""
        last = self.path[-1] if self.path else None
        if not isinstance(last, int):
            raise TypeError(f"{'.'.join(self.name) or 'the root'} is not a [[block]]")
        return last

    def fail(self, message: str, key: str | None = None) -> ContentError:
        """An error at this table, or at its ``key`` (which need not be in the file: the line is then the table's)."""
        if key is None:
            return self.doc.fail(self.path, self.name, message)
        return self.doc.fail((*self.path, key), (*self._base, key), message)

    def known(self, allowed: Sequence[str], *, hint: str | None = None) -> None:
        """Refuse keys not in ``allowed``; the error names the key and lists the allowed ones (or says ``hint``)."""
        for key in self.data:
            if key not in allowed:
                expected = hint or "one of: " + ", ".join(allowed)
                raise self.fail(f"unknown {self.doc.error.label} (expected {expected})", key)

    def _get(self, key: str, default: Any) -> Any:
        if key in self.data:
            return self.data[key]
        if default is REQUIRED:
            raise self.fail(f"missing {self.doc.error.label} {key!r}", key)
        return default

    # --- tables ------------------------------------------------------------------------------------

    def table(self, key: str, *, what: str | None = None) -> Node:
        """The table ``[key]`` (an empty one when absent); ``what`` words the error when it is not a table."""
        raw = self.data.get(key, {})
        if not isinstance(raw, dict):
            raise self.fail(f"expected {what or f'a table [{key}]'}", key)
        return Node(self.doc, raw, (*self.path, key), (*self._base, key), (*self._base, key))

    def each(self, key: str, *, required: bool = False) -> builtins.list[Node]:
        """The ``[[key]]`` blocks (a JSON list of objects); ``required``: at least one."""
        raw = self.data.get(key, [])
        if not isinstance(raw, list):
            raise self.fail(f"expected [[{key}]] blocks", key)
        if required and not raw:
            raise self.fail(f"no [[{key}]] blocks", key)
        name = (*self._base, key)
        base = name if self.doc.error.full_paths else ()
        out = []
        for index, entry in enumerate(raw):
            if not isinstance(entry, dict):
                raise self.doc.fail((*self.path, key, index), name, "expected a table")
            out.append(Node(self.doc, entry, (*self.path, key, index), name, base))
        return out

    # --- values ------------------------------------------------------------------------------------

    def text(
        self,
        key: str,
        default: str = REQUIRED,
        *,
        what: str = "a text in quotes",
        pattern: re.Pattern[str] | None = None,
        empty: bool = False,
    ) -> str:
        """A text, stripped. Not a text, or blank (unless ``empty``): "expected <what>"; not matching
        ``pattern``: "'<value>' is not <what>" (so only give a pattern where the value may be shown)."""
        if key not in self.data:
            return self._get(key, default)  # type: ignore[no-any-return]  # the default as it is
        value = self.data[key]
        if pattern is not None:
            if not isinstance(value, str) or not pattern.match(value.strip()):
                raise self.fail(f"{value!r} is not {what}", key)
        elif not isinstance(value, str) or not (empty or value.strip()):
            raise self.fail(f"expected {what}", key)
        return value.strip()

    def choice(self, key: str, options: Sequence[str], default: str = REQUIRED, *, what: str | None = None) -> str:
        """One of ``options``; otherwise "'<value>' is not <what>" (default: one of the options, listed)."""
        value = self._get(key, default)
        if value not in options:
            raise self.fail(f"{value!r} is not {what or 'one of ' + ', '.join(repr(o) for o in options)}", key)
        return value  # type: ignore[no-any-return]

    def integer(self, key: str, low: int, high: int, default: int = REQUIRED) -> int:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(f"{value!r} is not a whole number from {low} to {high}", key)
        return value

    def number(self, key: str, low: float, high: float, default: float = REQUIRED) -> float:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise self.fail(f"{value!r} is not a number from {low:g} to {high:g}", key)
        return float(value)

    def flag(self, key: str, default: bool = REQUIRED) -> bool:
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{value!r} is not true or false", key)
        return value

    def list(self, key: str, default: builtins.list[Any] = REQUIRED, *, what: str = "a list") -> builtins.list[Any]:
        """A list (its elements unchecked: errors about them point at ``key``'s line)."""
        value = self._get(key, default)
        if not isinstance(value, list):
            raise self.fail(f"expected {what}", key)
        return value

    def texts_per_language(
        self, key: str, *, noun: str = "text", required: Mapping[str, str] = REQUIRED_LANGUAGES
    ) -> dict[str, str]:
        """``{ fi = "…", sv = "…", en = "…" }``: language code → text (whitespace collapsed), the ``required``
        languages present and no text blank."""
        raw = self._get(key, REQUIRED)
        if not isinstance(raw, dict):
            raise self.fail(f'expected {noun}s per language, such as {{ fi = "…", sv = "…", en = "…" }}', key)
        texts = self.table(key)
        for lang, language in required.items():
            if lang not in raw:
                raise texts.fail(f"missing {language} {noun}", lang)
        out: dict[str, str] = {}
        for lang, value in raw.items():
            if not LANG_RE.match(lang):
                raise texts.fail(f"{lang!r} is not a language code such as 'fi'", lang)
            if not isinstance(value, str) or not value.strip():
                raise texts.fail(f"empty {REQUIRED_LANGUAGES.get(lang, lang)} {noun}", lang)
            out[lang] = " ".join(value.split())
        return out


def unique(nodes: Iterable[tuple[Node, str]], key: str, what: str) -> None:
    """Refuse a value of ``key`` used by two blocks: "'<value>' is already used by <what> <n>" (1-based)."""
    seen: dict[str, int] = {}
    for node, value in nodes:
        if value in seen:
            raise node.fail(f"{value!r} is already used by {what} {seen[value] + 1}", key)
        seen[value] = node.index
