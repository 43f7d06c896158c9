"""Tests about the codebase itself: the core stays Qt-free, the CLI is documented, modules stay small."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent


def test_core_never_imports_qt():
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in (ROOT / "kiosk").rglob("*.py")
        if p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))\n"
        "print(len(sys.modules)); assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(modules) > 10


def test_every_cli_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        assert f"hyte-kiosk {name}" in readme, f"README does not document 'hyte-kiosk {name}'"


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:2500]
    assert "scripts/run-demo" in head and "scripts/test" in head
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test" in ci


def test_functions_stay_simple_and_no_module_grows_into_a_swamp():
    """Complexity is capped by ruff (C901, max 15, in pyproject.toml); modules are split by responsibility,
    never by length — only a file big enough to hide several jobs (2 000+ lines, where peers went wrong)
    is refused."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"C901"' in pyproject and "max-complexity = 15" in pyproject
    for path in list((ROOT / "kiosk").rglob("*.py")) + list((ROOT / "ui").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 2000, f"{path.relative_to(ROOT)} has {lines} lines; split it by responsibility"
    assert not list((ROOT / "kiosk").rglob("*_parts.py")), "a module that exists only to stay under a size"
