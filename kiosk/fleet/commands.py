"""``hyte-kiosk publish``: the county side of the fleet (see :mod:`kiosk.fleet.publish`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk import snapshot
from kiosk.command import EXIT_OK, EXIT_USAGE, CliError, Command
from kiosk.config import Config
from kiosk.fleet.manifest import FleetError, generate_key, load_private_key, public_key_of


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{max(1, round(n / 1e3))} kB"


def _generate(path: Path) -> int:
    try:
        public = generate_key(path)
    except FleetError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    print(f"# The private key is in {path} (readable only by you): keep it on the publishing machine, back it up,"
          " never copy it to a kiosk.", file=sys.stderr)
    print("# Put this line in the [[sources]] block (kind = \"snapshot\") of every kiosk's config:", file=sys.stderr)
    print(f'public_key = "{public}"')
    return EXIT_OK


def cmd_publish(config: Config, args: argparse.Namespace) -> int:
    """Sign and write the live snapshot into ``-o DIR``; or, with ``--generate-key``, make the key pair."""
    if args.generate_key is not None:
        return _generate(args.generate_key)
    if args.key is None or args.output is None:
        raise CliError("publish needs --key FILE and -o DIR (or --generate-key FILE to make a key)", EXIT_USAGE)
    if config.demo:
        raise CliError("no sources are configured: there is no synced snapshot to publish, only the demo tray",
                       EXIT_USAGE)
    from kiosk.commands import open_live  # the live snapshot, upgraded to this software's schema when older
    from kiosk.fleet.publish import publish

    with open_live(config):
        pass
    try:
        key = load_private_key(args.key)
        manifest = publish(snapshot.tray_path(config.data_dir), args.output, key)
    except FleetError as exc:
        raise CliError(f"publish failed: {exc}") from exc
    except OSError as exc:
        raise CliError(f"publish failed: cannot write {args.output}: {exc.strerror or exc}") from exc
    print(f"Published {manifest.items} items ({_size(manifest.size)}, {_size(manifest.file_size)} compressed)"
          f" to {args.output}: {manifest.file}, manifest.json, manifest.json.sig.")
    print(f"Signed with the key whose public half is {public_key_of(key)}")
    return EXIT_OK


def _publish_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--key", type=Path, metavar="FILE", help="the county's private key (made by --generate-key)")
    p.add_argument("-o", "--output", type=Path, metavar="DIR", help="the folder a web server publishes")
    p.add_argument("--generate-key", type=Path, metavar="FILE",
                   help="write a new private key to FILE (mode 0600) and print the public key for kiosk configs")


COMMANDS: tuple[Command, ...] = (
    Command("publish", "sign and write the synced snapshot as files for the county's kiosks", cmd_publish,
            _publish_arguments),
)
