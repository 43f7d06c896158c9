"""Source kinds: what a ``[[sources]]`` block of each kind may say, and how its adapter is built.

A kind is declared once, in its own module, as ``KIND = SourceKind(...)``: the keys its block takes, a
reader that checks them with the :class:`~kiosk.contentfile.Node` cursor and returns a
:class:`SourceConfig`, and a factory that turns that config into an adapter (anything with
``fetch(client, request)``). :data:`KINDS` names the module of each kind; a module is imported only when a
config uses its kind, so ``import kiosk.config`` stays light. The kind modules keep their adapters
(and with them httpx) behind the factory, so reading a config at kiosk start loads no network code.

Adding a source kind::

    # kiosk/sources/events_kind.py
    KIND = SourceKind(keys=("base_url", "timeout_s"), read=read, build=build)
    # here
    KINDS["events"] = "kiosk.sources.events_kind"
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar
from urllib.parse import urlsplit

from kiosk.contentfile import Node

if TYPE_CHECKING:
    import httpx

    from kiosk.sources.base import FetchRequest, SourceResult

KINDS: dict[str, str] = {
    "ptv": "kiosk.sources.ptv12_kind",
    "ptv11": "kiosk.sources.ptv11_kind",
    "local": "kiosk.sources.local_kind",
    "snapshot": "kiosk.sources.snapshot_kind",
}

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
_NAME_RE = re.compile(r"^[^\x00-\x1f\x7f]{1,80}$")


class Source(Protocol):
    """A source adapter: one run of ``fetch`` returns that source's part of the tray. An adapter may also
    have ``stream(client, request)`` returning a :class:`~kiosk.sources.base.SourceStream`: the sync engine
    then reads its run a batch at a time (see :func:`kiosk.sources.base.open_stream`)."""

    def fetch(self, client: httpx.Client, request: FetchRequest) -> SourceResult: ...


@dataclass(frozen=True, kw_only=True)
class SourceConfig:
    """One checked ``[[sources]]`` block; each kind adds its own fields (never showing a secret in ``repr``)."""

    kind: str
    name: str
    timeout_s: float = 30.0


@dataclass(frozen=True)
class SourceContext:
    """What a kind's reader may use besides its block: the kind's name, the config file's folder (for
    relative paths) and the environment (for keys kept in variables)."""

    kind: str
    folder: Path
    env: Mapping[str, str]


C = TypeVar("C", bound=SourceConfig)


@dataclass(frozen=True)
class SourceKind(Generic[C]):
    """A kind of source. ``keys``: what its block may hold besides ``kind`` and ``name``; ``read`` checks the
    block; ``build`` makes the adapter (raising :class:`~kiosk.sources.base.SourceError` when it cannot run,
    e.g. an API key that is not set: reported by the sync, not when the config is read).
    ``needs_region``: the region's municipalities are required; ``label`` names the kind in messages.
    ``whole``: the source brings a whole published snapshot (not items), so it must be the only source and
    the sync hands it to :mod:`kiosk.fleet.fetch` instead of the item engine."""

    keys: tuple[str, ...]
    read: Callable[[Node, SourceContext], C]
    build: Callable[[C], Source]
    needs_region: bool = False
    label: str = ""
    whole: bool = False


@functools.cache
def source_kind(kind: str) -> SourceKind[Any]:
    """The declaration of ``kind`` (its module is imported on first use); ``KeyError`` for an unknown kind."""
    declared = importlib.import_module(KINDS[kind]).KIND
    if not isinstance(declared, SourceKind):
        raise TypeError(f"{KINDS[kind]}.KIND is not a SourceKind")
    return declared


def read_source(node: Node, folder: Path, env: Mapping[str, str]) -> SourceConfig:
    """Check one ``[[sources]]`` block: its kind, that every key belongs to the kind, then the kind's own reader."""
    names = ", ".join(KINDS)
    if "kind" not in node:
        raise node.fail(f"missing key 'kind' ({names})")
    kind = node.choice("kind", tuple(KINDS), what=f"a source kind ({names})")
    declared = source_kind(kind)
    node.known(("kind", "name", *declared.keys))
    config: SourceConfig = declared.read(node, SourceContext(kind, folder, env))
    return config


def make_source(cfg: SourceConfig) -> Source:
    """The adapter for one configured source."""
    return source_kind(cfg.kind).build(cfg)


# --- readers that several kinds share ----------------------------------------------------------------


def read_name(node: Node, default: str) -> str:
    """``name``: a short name, unique among the sources (the config checks uniqueness)."""
    name = node.value("name", default)
    if not isinstance(name, str) or not _NAME_RE.match(name.strip()):
        raise node.fail("expected a short name in quotes", "name")
    return name.strip()


def read_timeout(node: Node, default: float = 30.0) -> float:
    """``timeout_s``: seconds to wait for one response, 1–600."""
    return node.number("timeout_s", 1, 600, default)


def read_base_url(node: Node, default: str) -> str:
    """``base_url``: ``https://`` (plain ``http://`` only to this machine, for tests), no user, query or fragment;
    a final ``/`` is added. The message never shows more than scheme and host (a key may hide in a query)."""
    url = node.text("base_url", default, what="an https:// address in quotes")
    parts = urlsplit(url)
    local = parts.hostname in LOCAL_HOSTS
    if not parts.hostname or not (parts.scheme == "https" or (parts.scheme == "http" and local)):
        shown = f"{parts.scheme}://{parts.hostname or ''}"
        raise node.fail(f"{shown!r} is not an https:// address (http only for 127.0.0.1 or localhost)", "base_url")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise node.fail("the address must not carry a user, password, query or fragment", "base_url")
    return url if url.endswith("/") else url + "/"
