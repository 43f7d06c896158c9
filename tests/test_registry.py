"""Source kinds: each declares its config keys and its adapter in one place; the registry builds them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.sources.base import SourceError
from kiosk.sources.local import LocalSource
from kiosk.sources.ptv11 import Ptv11Source
from kiosk.sources.ptv12 import Ptv12Source
from kiosk.sources.registry import KINDS, SourceKind, make_source, source_kind
from tests.sync_helpers import write_config

ROOT = Path(__file__).resolve().parent.parent
SOURCES = """\
[[sources]]
kind = "ptv"
api_key = "k"

[[sources]]
kind = "ptv11"

[[sources]]
kind = "local"
path = "local.csv"
"""


def test_every_registered_kind_declares_itself() -> None:
    for kind in KINDS:
        declared = source_kind(kind)
        assert isinstance(declared, SourceKind)
        assert "kind" not in declared.keys and "name" not in declared.keys


def test_make_source_builds_each_kind_from_its_config(tmp_path: Path) -> None:
    cfg = load_config(write_config(tmp_path, SOURCES), env={})
    adapters = [make_source(s) for s in cfg.sources]
    assert [type(a) for a in adapters] == [Ptv12Source, Ptv11Source, LocalSource]
    assert [a.name for a in adapters] == ["ptv", "ptv11", "local:local.csv"]  # type: ignore[attr-defined]


def test_a_missing_api_key_is_reported_when_the_adapter_is_built(tmp_path: Path) -> None:
    cfg = load_config(write_config(tmp_path, '[[sources]]\nkind = "ptv"\napi_key_env = "NOT_SET_HERE"\n'), env={})
    with pytest.raises(SourceError, match="environment variable NOT_SET_HERE is not set"):
        make_source(cfg.sources[0])


def test_the_kinds_that_need_the_region_say_so() -> None:
    assert source_kind("ptv").needs_region and source_kind("ptv11").needs_region
    assert not source_kind("local").needs_region


def test_reading_a_config_with_every_kind_loads_no_network_code(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, SOURCES)
    code = (
        "import sys\n"
        "from kiosk.config import load_config\n"
        f"c = load_config({str(cfg)!r}, env={{}})\n"
        "assert len(c.sources) == 3\n"
        "heavy = [m for m in ('httpx', 'kiosk.sources.ptv12', 'kiosk.sources.ptv11', 'kiosk.sources.local') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
