"""``hyte-kiosk`` command line: run, sync, status, search, show, screenshot, hash-pin. A contract for staff,
scripts and tests. Qt is imported only inside the commands that need it (``run``, ``screenshot``).

Exit codes: 0 done; 1 a sync or source failed; 2 bad usage or a bad config; 3 no such item;
4 no snapshot to read yet.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.config import Config, ConfigError, load_config

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_NO_DATA = 0, 1, 2, 3, 4


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hyte-kiosk",
        description="Wellbeing and health-promotion tray kiosk: offline cache, sync and search.",
    )
    parser.add_argument("--version", action="version", version=f"hyte-kiosk {__version__}")
    parser.add_argument("--config", type=Path, metavar="FILE", help="TOML config (default: $HYTE_KIOSK_CONFIG)")
    parser.add_argument("--data-dir", type=Path, metavar="DIR", help="where the cache lives (overrides the config)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="start the kiosk (the default command)")
    run.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    run.add_argument("--size", metavar="WxH", help="window size, e.g. 1080x1920")

    sync = sub.add_parser("sync", help="fetch the configured sources into the cache")
    sync.add_argument("--full", action="store_true", help="full reconciliation instead of an incremental run")

    status = sub.add_parser("status", help="snapshot age, sources, item counts, coverage")
    status.add_argument("--json", action="store_true", help="machine-readable output")

    search = sub.add_parser("search", help="search the tray")
    search.add_argument("text", nargs="?", default="", help="words to look for (empty: browse with filters)")
    search.add_argument("--category", action="append", default=[], metavar="KEY", help="content area (repeatable)")
    search.add_argument(
        "--municipality", action="append", default=[], metavar="CODE", help="municipality code (repeatable)"
    )
    search.add_argument("--free", action="store_true", help="only items known to be free")
    search.add_argument("--online", action="store_true", help="only items usable by phone or online")
    search.add_argument("--given-in", action="append", default=[], metavar="L", help="service language (repeatable)")
    search.add_argument("--lang", default=None, metavar="L", help="language of the names shown")
    search.add_argument("--limit", type=int, default=20, metavar="N")
    search.add_argument("--json", action="store_true")

    show = sub.add_parser("show", help="one item in full")
    show.add_argument("id")
    show.add_argument("--lang", default=None, metavar="L")
    show.add_argument("--json", action="store_true")

    shot = sub.add_parser("screenshot", help="render one page of the kiosk to a PNG, offscreen")
    shot.add_argument("--page", required=True, metavar="NAME", help="attract, home, browse, results, detail, …")
    shot.add_argument("--lang", default=None, metavar="L", help="fi, sv or en (default: the config's language)")
    shot.add_argument("--size", default="1080x1920", metavar="WxH", help="window size (default 1080x1920)")
    shot.add_argument("--contrast", choices=("normal", "high"), default="normal")
    shot.add_argument("--text-size", type=int, choices=(1, 2, 3), default=1, metavar="N",
                      help="1 = A, 2 = A+, 3 = A++")
    shot.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png")

    sub.add_parser("hash-pin", help="read a staff PIN (4–8 digits) and print its hash for the config")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "run"
    try:
        config = load_config(args.config, data_dir=args.data_dir)
    except ConfigError as exc:
        print(f"hyte-kiosk: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        from kiosk import commands

        handler = getattr(commands, f"cmd_{command.replace('-', '_')}")
        result: int = handler(config, args)
        return result
    except CliError as exc:
        print(f"hyte-kiosk: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("hyte-kiosk: interrupted", file=sys.stderr)
        return 130


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


__all__ = ["main", "Config", "CliError", "print_json"]
