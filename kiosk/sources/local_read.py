"""Local additions: reading a CSV or JSON file into raw records, each with the line where it starts.

Problems are collected, not raised one by one: :class:`LocalFormatError` lists them all as
``<file>, line <n>, field '<field>': <problem>``.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.sources.base import SourceError
from kiosk.sources.local_parse import FIELDS, MAX_FILE_BYTES, REQUIRED, TEXT_GROUPS, TEXT_LANGS


class LocalFormatError(SourceError):
    """The file could not be used; ``problems`` lists ``(file, line, field, message)`` for every problem."""

    def __init__(self, problems: list[tuple[str, int, str, str]]) -> None:
        self.problems = problems
        lines = [_format_problem(p) for p in problems]
        head = f"{len(problems)} problem(s) in local additions:" if len(problems) > 1 else ""
        super().__init__("\n".join([head, *lines]) if head else lines[0] if lines else "local additions: unusable")


def _format_problem(problem: tuple[str, int, str, str]) -> str:
    file, line, field_name, message = problem
    where = file
    if line:
        where += f", line {line}"
    if field_name:
        where += f", field '{field_name}'"
    return f"{where}: {message}"


@dataclass
class Record:
    """One row or object before conversion: field → raw value, with its first line in the file."""

    line: int
    values: dict[str, Any]


class Problems:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[tuple[str, int, str, str]] = []

    def add(self, line: int, field_name: str, message: str) -> None:
        self.items.append((self.file, line, field_name, message))


# ---------------------------------------------------------------------------------------------- reading


def read_text(path: Path, problems: Problems) -> str | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.add(0, "", "file not found")
        return None
    except OSError as exc:
        problems.add(0, "", f"cannot read the file ({exc.strerror or exc})")
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.add(0, "", f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.add(line, "", "the file is not UTF-8 text; save it as 'CSV UTF-8' (or UTF-8 JSON)")
        return None


def _detect_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _check_header(names: list[str], line: int, problems: Problems) -> None:
    seen: set[str] = set()
    for name in names:
        if not name:
            continue
        if name in seen:
            problems.add(line, name, "the column appears twice")
        seen.add(name)
        if name not in FIELDS:
            problems.add(line, name, _unknown_field(name))
    for name in REQUIRED:
        if name not in seen:
            problems.add(line, name, "required column is missing")


def _unknown_field(name: str) -> str:
    close = difflib.get_close_matches(name, FIELDS, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else "; see docs/local-additions.md for the field names"
    return f"unknown field{hint}"


def csv_records(text: str, problems: Problems) -> list[Record]:
    first = text.split("\n", 1)[0]
    # strict: an unterminated quote is an error instead of a cell that swallows the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_detect_delimiter(first), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        problems.add(1, "", "the file is empty; a header row is required")
        return []
    names = [h.strip().lower() for h in header]
    _check_header(names, 1, problems)
    records: list[Record] = []
    prev_line = reader.line_num
    try:
        for row in reader:
            start, prev_line = prev_line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(names) and any(cell.strip() for cell in row[len(names) :]):
                problems.add(start, "", f"the row has {len(row)} cells but the header has {len(names)} columns")
            elif len(row) < len(names):  # a cell short: the columns after it would slide out of place
                problems.add(start, "", f"the row has {len(row)} cells but the header has {len(names)} columns")
            values = {name: cell for name, cell in zip(names, row, strict=False) if name in FIELDS}
            records.append(Record(start, values))
    except csv.Error as exc:
        hint = "; a quote (\") is not closed" if "end of data" in str(exc) or "expected after" in str(exc) else ""
        problems.add(prev_line + 1, "", f"cannot read the CSV ({exc}){hint}")
    return records


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


_WS = re.compile(r"\s*")


def _json_items_positions(text: str) -> list[int]:
    """Start offsets of the elements of the item list (top-level list or the ``items`` list)."""
    decoder = json.JSONDecoder()

    def skip(pos: int) -> int:
        match = _WS.match(text, pos)
        return match.end() if match else pos

    def array(pos: int) -> list[int]:
        starts: list[int] = []
        pos = skip(pos + 1)
        if text.startswith("]", pos):
            return starts
        while True:
            starts.append(pos)
            _, pos = decoder.raw_decode(text, pos)
            pos = skip(pos)
            if text.startswith(",", pos):
                pos = skip(pos + 1)
                continue
            return starts

    pos = skip(0)
    if text.startswith("[", pos):
        return array(pos)
    if text.startswith("{", pos):
        pos = skip(pos + 1)
        while not text.startswith("}", pos):
            key, pos = decoder.raw_decode(text, pos)
            pos = skip(skip(pos) + 1)  # the colon
            if key == "items" and text.startswith("[", pos):
                return array(pos)
            _, pos = decoder.raw_decode(text, pos)
            pos = skip(pos)
            if text.startswith(",", pos):
                pos = skip(pos + 1)
    return []


def json_records(text: str, problems: Problems) -> list[Record]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add(exc.lineno, "", f"not valid JSON ({exc.msg}, column {exc.colno})")
        return []
    except RecursionError:
        problems.add(1, "", "the JSON is nested too deeply to read")
        return []
    except ValueError as exc:  # e.g. a number of thousands of digits
        problems.add(1, "", f"not usable JSON ({str(exc)[:80]})")
        return []
    items = doc.get("items") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        problems.add(1, "", 'expected a list of objects, or {"items": [...]}')
        return []
    try:
        starts = _json_items_positions(text)
    except (RecursionError, ValueError):
        starts = []
    records: list[Record] = []
    for index, obj in enumerate(items):
        line = _line_of(text, starts[index]) if index < len(starts) else 0
        if not isinstance(obj, dict):
            problems.add(line, "", f"item {index + 1} is not an object")
            continue
        values: dict[str, Any] = {}
        for key, value in obj.items():
            key = str(key).strip().lower()
            if key in TEXT_GROUPS and isinstance(value, dict):
                for lang, text_value in value.items():
                    sub = f"{key}_{str(lang).strip().lower()}"
                    if sub in FIELDS:
                        values[sub] = text_value
                    else:
                        problems.add(line, f"{key}.{lang}", f"unknown language; use one of {', '.join(TEXT_LANGS)}")
            elif key in FIELDS:
                values[key] = value
            else:
                problems.add(line, key, _unknown_field(key))
        for name in REQUIRED:
            if name not in values:
                problems.add(line, name, "required field is missing")
        records.append(Record(line, values))
    return records
