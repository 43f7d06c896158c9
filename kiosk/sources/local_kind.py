"""The ``local`` source kind (a local-additions CSV or JSON file): its ``[[sources]]`` keys and its adapter.

Apart from :mod:`kiosk.sources.local` so that reading the config at kiosk start does not load the
file reader; the adapter is imported when a sync builds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.contentfile import Node
from kiosk.sources.registry import Source, SourceConfig, SourceContext, SourceKind, read_name


@dataclass(frozen=True, kw_only=True)
class LocalConfig(SourceConfig):
    path: Path


def read(node: Node, ctx: SourceContext) -> LocalConfig:
    if "path" not in node:
        raise node.fail("a local source needs 'path' (a CSV or JSON file)")
    given = Path(node.text("path", what="a file path in quotes")).expanduser()
    path = given if given.is_absolute() else ctx.folder / given
    return LocalConfig(kind=ctx.kind, name=read_name(node, f"local:{path.name}"), path=path)


def build(cfg: LocalConfig) -> Source:
    from kiosk.sources.local import LocalSource

    return LocalSource(cfg.path, name=cfg.name)


KIND = SourceKind(keys=("path",), read=read, build=build, label="local")
