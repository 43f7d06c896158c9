"""The ``snapshot`` source kind: a whole tray the county publishes, signed, as static files (the fleet).

One machine the county runs syncs from PTV and publishes its snapshot with ``hyte-kiosk publish``; a kiosk
with this source fetches that snapshot instead of asking PTV itself, so it needs no PTV API key. The block
names the folder the files are served from and the county's Ed25519 public key::

    [[sources]]
    kind = "snapshot"
    name = "county"
    base_url = "https://tarjotin.example-hyvinvointialue.fi/kiosk/"
    public_key = "…44 characters printed by 'hyte-kiosk publish --generate-key'…"

Fetching, checking and swapping in are :mod:`kiosk.fleet.fetch` (the sync hands the run there, see
:attr:`~kiosk.sources.registry.SourceKind.whole`); reading the config loads neither httpx nor cryptography.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from kiosk.contentfile import Node
from kiosk.sources.base import SourceError
from kiosk.sources.registry import (
    Source,
    SourceConfig,
    SourceContext,
    SourceKind,
    read_base_url,
    read_name,
    read_timeout,
)

PUBLIC_KEY_BYTES = 32


@dataclass(frozen=True, kw_only=True)
class SnapshotConfig(SourceConfig):
    """``base_url``: the folder holding ``manifest.json``; ``public_key``: the raw Ed25519 key (32 bytes)."""

    base_url: str
    public_key: bytes


def decode_public_key(text: str) -> bytes | None:
    """The 32 key bytes of a base64 public key, or ``None`` when ``text`` is not one."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == PUBLIC_KEY_BYTES else None


def read(node: Node, ctx: SourceContext) -> SnapshotConfig:
    for key, what in (("base_url", "the https:// folder the county publishes to"),
                      ("public_key", "the county's public key")):
        if key not in node:
            raise node.fail(f"a snapshot source needs '{key}' ({what})")
    text = node.text("public_key", what="the public key in quotes (base64, as 'hyte-kiosk publish --generate-key' prints it)")
    raw = decode_public_key(text)
    if raw is None:
        raise node.fail(
            "not an Ed25519 public key: paste the 44-character line 'hyte-kiosk publish --generate-key' printed",
            "public_key",
        )
    return SnapshotConfig(
        kind=ctx.kind,
        name=read_name(node, ctx.kind),
        base_url=read_base_url(node, ""),
        timeout_s=read_timeout(node),
        public_key=raw,
    )


def build(cfg: SnapshotConfig) -> Source:
    raise SourceError(f"{cfg.name}: a snapshot source is fetched whole by the sync, not item by item")


KIND = SourceKind(
    keys=("base_url", "public_key", "timeout_s"), read=read, build=build, label="snapshot", whole=True
)
