"""The ``ptv11`` source kind (PTV v11, anonymous, being retired): its ``[[sources]]`` keys and its adapter.

Apart from :mod:`kiosk.sources.ptv11` so that reading the config at kiosk start does not load httpx; the
adapter is imported when a sync builds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.contentfile import Node
from kiosk.sources.registry import (
    Source,
    SourceConfig,
    SourceContext,
    SourceKind,
    read_base_url,
    read_name,
    read_timeout,
)

DEFAULT_BASE_URL = "https://api.palvelutietovaranto.suomi.fi/api/v11/"


@dataclass(frozen=True, kw_only=True)
class Ptv11Config(SourceConfig):
    base_url: str = DEFAULT_BASE_URL


def read(node: Node, ctx: SourceContext) -> Ptv11Config:
    return Ptv11Config(
        kind=ctx.kind,
        name=read_name(node, ctx.kind),
        base_url=read_base_url(node, DEFAULT_BASE_URL),
        timeout_s=read_timeout(node),
    )


def build(cfg: Ptv11Config) -> Source:
    from kiosk.sources.ptv11 import Ptv11Source

    return Ptv11Source(cfg.base_url, name=cfg.name)


KIND = SourceKind(keys=("base_url", "timeout_s"), read=read, build=build, needs_region=True, label="PTV")
