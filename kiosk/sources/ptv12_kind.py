"""The ``ptv`` source kind (PTV v12, the primary source): its ``[[sources]]`` keys and its adapter.

Apart from :mod:`kiosk.sources.ptv12` so that reading the config at kiosk start does not load httpx and
the PTV mapping; the adapter is imported when a sync builds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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

DEFAULT_BASE_URL = "https://api-gw.palvelutietovaranto.suomi.fi/api/v12/"
_ENV_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, kw_only=True)
class Ptv12Config(SourceConfig):
    """``api_key`` is never shown; ``api_key_missing_env`` names a variable that is not set (the sync says so)."""

    base_url: str = DEFAULT_BASE_URL
    api_key: str | None = field(default=None, repr=False)
    api_key_env: str | None = None
    api_key_missing_env: str | None = None


def read(node: Node, ctx: SourceContext) -> Ptv12Config:
    if "api_key" in node and "api_key_env" in node:
        raise node.fail("give either api_key or api_key_env, not both", "api_key")
    api_key: str | None = None
    api_key_env: str | None = None
    missing_env: str | None = None
    if "api_key" in node:
        # never echo the value: it is a secret
        api_key = node.text("api_key", what="the API key in quotes (or use api_key_env)")
    if "api_key_env" in node:
        api_key_env = node.value("api_key_env")
        if not isinstance(api_key_env, str) or not _ENV_NAME_RE.match(api_key_env):
            # not echoed: a key pasted here by mistake must not end up in a log
            raise node.fail("expected the name of an environment variable, such as PTV_API_KEY", "api_key_env")
        api_key = ctx.env.get(api_key_env, "").strip() or None
        if api_key is None:
            missing_env = api_key_env  # reported by the sync, not an error here
    return Ptv12Config(
        kind=ctx.kind,
        name=read_name(node, ctx.kind),
        base_url=read_base_url(node, DEFAULT_BASE_URL),
        timeout_s=read_timeout(node),
        api_key=api_key,
        api_key_env=api_key_env,
        api_key_missing_env=missing_env,
    )


def build(cfg: Ptv12Config) -> Source:
    from kiosk.sources.ptv12 import Ptv12Source

    if not cfg.api_key:
        missing = cfg.api_key_missing_env
        reason = f"the environment variable {missing} is not set" if missing else "no api_key is configured"
        raise SourceError(f"{cfg.name}: PTV v12 needs an API key (x-api-key): {reason}")
    return Ptv12Source(cfg.base_url, cfg.api_key, name=cfg.name)


KIND = SourceKind(
    keys=("base_url", "api_key", "api_key_env", "timeout_s"), read=read, build=build, needs_region=True, label="PTV"
)
