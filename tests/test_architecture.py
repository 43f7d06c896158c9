"""The house rules, checked against the code: layers, the page registry, the one live-snapshot rule, and
that reading a published snapshot never writes to it."""

from __future__ import annotations

import ast
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import snapshot
from kiosk.tray import open_tray

ROOT = Path(__file__).resolve().parent.parent


def imports_of(path: Path) -> set[str]:
    """Every module a file imports (at any depth of the file, TYPE_CHECKING blocks included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_the_core_never_imports_the_ui():
    bad = {str(p.relative_to(ROOT)): sorted(m for m in imports_of(p) if m.split(".")[0] in ("ui", "PySide6"))
           for p in modules("kiosk")}
    assert not {k: v for k, v in bad.items() if v}


def test_the_ui_reads_through_core_functions_never_sql_or_the_cache():
    forbidden = ("sqlite3", "sqlite_utils", "kiosk.cache")
    bad = {
        str(p.relative_to(ROOT)): sorted(m for m in imports_of(p) if any(m == f or m.startswith(f + ".") for f in forbidden))
        for p in modules("ui")
    }
    assert not {k: v for k, v in bad.items() if v}


def test_the_ui_does_not_import_the_search_or_browse_modules_at_start():
    """Pages load their data through kiosk.reads, whose imports wait for the reading lane (start-up speed)."""
    code = (
        "import sys; import ui.app, ui.router, ui.pages.registry\n"
        "for name in ('ui.pages.' + n for n in ('attract', 'home', 'browse', 'results', 'detail', 'search',"
        " 'mylist', 'helpnow', 'howto', 'staff')):\n"
        "    __import__(name)\n"
        "heavy = sorted(m for m in ('sqlite_utils', 'kiosk.browse', 'kiosk.search', 'kiosk.cache', 'httpx',"
        " 'kiosk.sync') if m in sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-2000:]


def test_qt_commands_are_declared_by_the_ui_and_found_by_the_core():
    from kiosk.cli import all_commands, core_commands

    core = {c.name for c in core_commands()}
    every = {c.name for c in all_commands()}
    assert {"sync", "status", "search", "show", "hash-pin"} <= core
    assert not {"run", "screenshot"} & core, "commands that need Qt live in ui.commands"
    assert {"run", "screenshot"} <= every
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points."hyte_kiosk.commands"]' in pyproject and "ui.commands:COMMANDS" in pyproject


def test_a_core_command_does_not_read_entry_points():
    from kiosk.cli import all_commands

    names = {c.name for c in all_commands(["--data-dir", "x", "status", "--json"])}
    assert "run" not in names


# --- the page registry ----------------------------------------------------------------------------


def page_specs():  # type: ignore[no-untyped-def]
    from ui.pages.registry import PAGE_MODULES, spec_of

    return [spec_of(name) for name in PAGE_MODULES]


def signals_of(cls: type) -> set[str]:
    from PySide6.QtCore import Signal

    return {name for klass in cls.__mro__ for name, value in vars(klass).items() if isinstance(value, Signal)}


def test_every_registered_page_declares_itself_with_its_own_name():
    from ui.pages.base import Page

    for spec in page_specs():
        assert issubclass(spec.page, Page)
        assert spec.page.name == spec.name


def test_every_declared_intent_is_a_signal_of_the_page_and_every_signal_is_declared():
    from ui.pages.spec import Intent

    intents = {i.value for i in Intent}
    for spec in page_specs():
        signals = signals_of(spec.page)
        declared = {i.value for i in spec.intents}
        assert declared <= signals, f"{spec.name}: declares intents it has no signal for: {declared - signals}"
        emitted = (signals & intents) - {"back_requested"} | ({"back_requested"} if spec.page.show_back else set())
        assert emitted <= declared, f"{spec.name}: signals no one would hear: {emitted - declared}"


def test_the_router_has_a_handler_for_every_intent_or_a_controller_adds_it():
    import ui.assessment
    import ui.flags
    import ui.router
    import ui.staff
    import ui.takehome
    from ui.pages.spec import Intent

    source = (inspect.getsource(ui.router) + inspect.getsource(ui.staff) + inspect.getsource(ui.assessment)
              + inspect.getsource(ui.takehome) + inspect.getsource(ui.flags))
    for intent in Intent:
        assert f"Intent.{intent.name}" in source, f"no handler for {intent.name}"


def test_a_running_kiosk_answers_every_intent(qtbot, tmp_path, tmp_path_factory):
    from tests.ui_support import demo_config, make_kiosk
    from ui.pages.spec import Intent

    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    assert set(kiosk.router._handlers) == set(Intent)


def test_the_router_names_no_page_class_and_branches_on_no_page_name():
    source = (ROOT / "ui" / "router.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    compared = [node for node in ast.walk(tree) if isinstance(node, ast.Compare)
                and any(isinstance(c, ast.Constant) and isinstance(c.value, str) for c in (node.left, *node.comparators))]
    # only the navigation targets of the bar and "attract" (where the bar hides) may be named
    names = {c.value for node in compared for c in (node.left, *node.comparators) if isinstance(c, ast.Constant)}
    assert names <= {"attract", "mylist"}, names
    assert "import ui.pages." not in source.replace("from ui.pages.registry", "").replace("from ui.pages.spec", "")


def test_no_any_in_the_routers_and_the_specs_signatures():
    for module in ("ui/router.py", "ui/pages/spec.py", "ui/pages/registry.py", "ui/lanes.py"):
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                annotations = [a.annotation for a in (*node.args.args, *node.args.kwonlyargs) if a.annotation]
                if node.returns is not None:
                    annotations.append(node.returns)
                for annotation in annotations:
                    assert "Any" not in ast.unparse(annotation), f"{module}:{node.lineno} {node.name}"


# --- snapshots: one rule, and reading never writes --------------------------------------------------


def test_one_rule_decides_which_snapshot_is_live(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    assert snapshot.live_path(data, configured=False) == snapshot.demo_path(data)
    assert snapshot.live_path(data, configured=True) == snapshot.demo_path(data), "until the first sync"
    snapshot.tray_path(data).write_bytes(b"")
    assert snapshot.live_path(data, configured=True) == snapshot.tray_path(data)
    assert snapshot.live_path(data, configured=False) == snapshot.demo_path(data), "no sources: always the demo"
    for path in (*modules("ui"), ROOT / "kiosk" / "commands.py"):
        text = path.read_text(encoding="utf-8")
        assert "tray_path(" not in text and "active_path" not in text, f"{path.name} decides on its own"


def test_reading_a_published_snapshot_never_writes_to_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    data = tmp_path / "data"
    path = snapshot.ensure_demo(data)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    with open_tray(path) as tray:
        from kiosk import reads
        from kiosk.query import Query

        assert reads.area_counts(tray, "fi")
        assert reads.search_ids(tray, Query(text="kuntosali"), "fi", 5)
        with pytest.raises(Exception, match="readonly|read-only|query_only|attempt to write"):
            tray.db.execute("DELETE FROM items")
    monkeypatch.delenv("HYTE_KIOSK_CONFIG", raising=False)
    result = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data), "status", "--json"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["demo"] is True
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in data.iterdir() if p.name.startswith("demo-tray")) == ["demo-tray.sqlite"]


def test_an_outdated_snapshot_is_rebuilt_beside_the_old_one_not_migrated_in_place(tmp_path: Path):
    import sqlite3

    from kiosk.tray import Follower, SnapshotOutdated

    data = tmp_path / "data"
    demo = snapshot.ensure_demo(data)
    tray = snapshot.tray_path(data)
    tray.write_bytes(demo.read_bytes())
    with sqlite3.connect(tray) as conn:  # as if made by a version that lacked the channel tables (m005)
        for table in ("opening_hours", "phones", "web_links", "locations"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_channels'")
    inode = tray.stat().st_ino
    with pytest.raises(SnapshotOutdated):
        open_tray(tray)
    follower = Follower(lambda: tray)
    assert follower.get().db.execute("SELECT count(*) FROM items").fetchone()[0] > 0
    follower.close()
    assert tray.stat().st_ino != inode, "a new file was swapped in"
    open_tray(tray).close()
