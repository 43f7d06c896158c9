"""What a ``hyte-kiosk`` command is, and what every command shares: exit codes, errors, JSON output.

A command is a :class:`Command` value: its name, one line of help, how it adds its arguments and what
it runs. The core's commands are in :mod:`kiosk.commands`; commands that need Qt (``run``, ``screenshot``)
are declared by the UI package and found through the ``hyte_kiosk.commands`` entry-point group, so the core
never imports the UI (see :mod:`kiosk.cli`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.config import Config

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_NO_DATA = 0, 1, 2, 3, 4
ENTRY_POINT_GROUP = "hyte_kiosk.commands"


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def _no_arguments(_parser: argparse.ArgumentParser) -> None:
    """A command without options of its own."""


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Callable[[Config, argparse.Namespace], int]
    arguments: Callable[[argparse.ArgumentParser], None] = field(default=_no_arguments)
    # Runs instead of the usual "config error" exit when the config cannot be read (``doctor`` reports it).
    on_config_error: Callable[[str, argparse.Namespace], int] | None = None


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def language(config: Config, requested: str | None) -> str:
    """The ``--lang`` of a command, or the config's default; an unknown language is a usage error."""
    lang = requested or config.default_language
    if lang not in config.languages and lang not in ("fi", "sv", "en"):
        raise CliError(f"--lang {lang!r}: choose one of {', '.join(config.languages)}", EXIT_USAGE)
    return lang


def export_arguments(p: argparse.ArgumentParser, what: str) -> None:
    """The arguments every ``… export`` command shares: the action, ``-o FILE`` and ``--format``."""
    p.add_argument("action", choices=("export",), help=f"what to do: export {what}")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")
    p.add_argument("--format", choices=("csv", "json"), default=None,
                   help="csv (default) or json; a FILE ending in .json is json")


def export_format(args: argparse.Namespace) -> str:
    """``--format``, else json for a file named ``*.json``, else csv."""
    return str(args.format or ("json" if str(args.output).endswith(".json") else "csv"))


__all__ = [
    "Command", "CliError", "ENTRY_POINT_GROUP", "EXIT_FAILED", "EXIT_NOT_FOUND", "EXIT_NO_DATA", "EXIT_OK",
    "EXIT_USAGE", "export_arguments", "export_format", "language", "print_json",
]
