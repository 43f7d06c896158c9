"""The ``hyte-kiosk`` commands that need Qt: ``run`` (the kiosk, the default command) and ``screenshot``.

Declared in ``pyproject.toml`` under ``[project.entry-points."hyte_kiosk.commands"]``; the core's CLI finds
them there and never imports the UI. Importing this module does not import Qt: each command imports it
when it runs.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from pathlib import Path

from kiosk.command import EXIT_OK, EXIT_USAGE, CliError, Command, language
from kiosk.config import Config

NO_DISPLAY = (
    "No display: run on the kiosk screen, or use `hyte-kiosk screenshot` to render pages to PNG "
    "(no DISPLAY or WAYLAND_DISPLAY is set, and QT_QPA_PLATFORM is not set)."
)


def has_display(env: Mapping[str, str] | None = None) -> bool:
    """True when Qt has somewhere to draw: an X or Wayland display, or a platform chosen explicitly."""
    env = os.environ if env is None else env
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and platform != "xcb":
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def parse_size(text: str | None) -> tuple[int, int] | None:
    """``"1080x1920"`` → ``(1080, 1920)``; ``None`` stays ``None``."""
    if text is None:
        return None
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit():
        raise CliError(f"--size {text!r}: give width x height in pixels, e.g. 1080x1920", EXIT_USAGE)
    size = int(width), int(height)
    if not (320 <= size[0] <= 8192 and 320 <= size[1] <= 8192):
        raise CliError(f"--size {text!r}: each side must be 320–8192 pixels", EXIT_USAGE)
    return size


def cmd_run(config: Config, args: argparse.Namespace) -> int:
    """The kiosk UI: full screen unless ``--windowed``."""
    size = parse_size(args.size)
    if not has_display():
        raise CliError(NO_DISPLAY, EXIT_USAGE)
    from ui.app import run  # Qt only from here on

    return run(config, windowed=args.windowed, size=size)


def cmd_screenshot(config: Config, args: argparse.Namespace) -> int:
    size = parse_size(args.size)
    assert size is not None
    lang = language(config, args.lang)
    from ui.screenshot import PAGE_NAMES, render  # Qt only from here on

    if args.page not in PAGE_NAMES:
        raise CliError(f"--page {args.page!r}: choose one of {', '.join(PAGE_NAMES)}", EXIT_USAGE)
    out = render(config, page=args.page, lang=lang, size=size, high_contrast=args.contrast == "high",
                 text_size=args.text_size - 1, output=args.output)
    print(out)
    return EXIT_OK


def _run_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    p.add_argument("--size", metavar="WxH", help="window size, e.g. 1080x1920")


def _screenshot_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--page", required=True, metavar="NAME", help="attract, home, browse, results, detail, …")
    p.add_argument("--lang", default=None, metavar="L", help="fi, sv or en (default: the config's language)")
    p.add_argument("--size", default="1080x1920", metavar="WxH", help="window size (default 1080x1920)")
    p.add_argument("--contrast", choices=("normal", "high"), default="normal")
    p.add_argument("--text-size", type=int, choices=(1, 2, 3), default=1, metavar="N", help="1 = A, 2 = A+, 3 = A++")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png")


COMMANDS: tuple[Command, ...] = (
    Command("run", "start the kiosk (the default command)", cmd_run, _run_arguments),
    Command("screenshot", "render one page of the kiosk to a PNG, offscreen", cmd_screenshot, _screenshot_arguments),
)

__all__ = ["COMMANDS", "has_display", "parse_size"]
