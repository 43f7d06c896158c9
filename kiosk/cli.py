"""``hyte-kiosk`` command line: a contract for staff, scripts and tests.

The commands are :class:`~kiosk.command.Command` values: the core's own from :mod:`kiosk.commands`, and
those other packages declare in the ``hyte_kiosk.commands`` entry-point group — the UI declares ``run`` and
``screenshot`` there (``ui.commands``), so the core never imports the UI. Entry points are read only when
the command is not a core one (or for ``--help``), so ``sync`` and ``status`` start without them.

Exit codes: 0 done; 1 a sync or source failed; 2 bad usage or a bad config; 3 no such item;
4 no snapshot to read yet.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.command import (
    ENTRY_POINT_GROUP,
    EXIT_FAILED,
    EXIT_NO_DATA,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    Command,
    print_json,
)
from kiosk.config import Config, ConfigError, load_config
from kiosk.logs import setup_logging

DEFAULT_COMMAND = "run"

log = logging.getLogger("kiosk.cli")


def core_commands() -> tuple[Command, ...]:
    from kiosk.commands import COMMANDS

    return COMMANDS


def plugin_commands() -> tuple[Command, ...]:
    """Commands other installed packages declare (``[project.entry-points."hyte_kiosk.commands"]``)."""
    from importlib.metadata import entry_points

    found: list[Command] = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        declared = entry.load()
        for command in declared if isinstance(declared, list | tuple) else (declared,):
            if not isinstance(command, Command):
                raise TypeError(f"entry point {entry.name!r} of {ENTRY_POINT_GROUP}: {command!r} is not a Command")
            found.append(command)
    return tuple(found)


GLOBAL_OPTIONS_WITH_VALUES = ("--config", "--data-dir")


def command_word(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not a global option or its value)."""
    words = iter(argv)
    for word in words:
        if word in GLOBAL_OPTIONS_WITH_VALUES:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def all_commands(argv: Sequence[str] | None = None) -> tuple[Command, ...]:
    """The core's commands, plus the plugins' unless ``argv`` names a core command."""
    core = core_commands()
    names = {c.name for c in core}
    if argv is not None and command_word(argv) in names and "-h" not in argv and "--help" not in argv:
        return core
    return core + tuple(c for c in plugin_commands() if c.name not in names)


def build_parser(commands: Sequence[Command] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hyte-kiosk",
        description="Wellbeing and health-promotion tray kiosk: offline cache, sync and search.",
    )
    parser.add_argument("--version", action="version", version=f"hyte-kiosk {__version__}")
    parser.add_argument("--config", type=Path, metavar="FILE", help="TOML config (default: $HYTE_KIOSK_CONFIG)")
    parser.add_argument("--data-dir", type=Path, metavar="DIR", help="where the cache lives (overrides the config)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in all_commands() if commands is None else commands:
        command.arguments(sub.add_parser(command.name, help=command.help))
    return parser


def _argv_with_default(argv: list[str], commands: Sequence[Command]) -> list[str]:
    """``hyte-kiosk`` alone (or with only global options) runs the kiosk."""
    names = {c.name for c in commands}
    if command_word(argv) is not None or {"-h", "--help", "--version"} & set(argv):
        return argv
    return [*argv, DEFAULT_COMMAND] if DEFAULT_COMMAND in names else argv


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    commands = all_commands(words)
    words = _argv_with_default(words, commands)
    args = build_parser(commands).parse_args(words)
    by_name = {c.name: c for c in commands}
    if args.command not in by_name:
        print("hyte-kiosk: no command given (and no kiosk UI is installed to run)", file=sys.stderr)
        return EXIT_USAGE
    try:
        config = load_config(args.config, data_dir=args.data_dir)
    except ConfigError as exc:
        fallback = by_name[args.command].on_config_error
        if fallback is not None:
            return fallback(str(exc), args)
        print(f"hyte-kiosk: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    setup_logging(config)
    log.info("hyte-kiosk %s %s", __version__, args.command)  # the command only: its words may be a search
    try:
        return by_name[args.command].run(config, args)
    except CliError as exc:
        log.warning("%s failed (exit %d)", args.command, exc.code)
        print(f"hyte-kiosk: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("hyte-kiosk: interrupted", file=sys.stderr)
        return 130


__all__ = [
    "CliError", "Command", "Config", "EXIT_FAILED", "EXIT_NOT_FOUND", "EXIT_NO_DATA", "EXIT_OK", "EXIT_USAGE",
    "all_commands", "build_parser", "main", "print_json",
]
