"""The staff page's tabs: per-source status and the sync log, the coverage report, the printer test page,
changing the PIN and the settings editor — and that the page stays usable at every screen size."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk.areas import load_areas
from kiosk.staffpin import hash_pin, verify_pin
from kiosk.status import coverage
from kiosk.statusfile import read_status
from kiosk.sync import run_sync
from kiosk.tray import open_tray
from tests.sync_helpers import local_rows, write_config, write_local
from tests.takehome_support import pdf_text
from tests.ui_support import demo_config, find, make_kiosk

PIN = "2468"


@pytest.fixture(scope="module")
def pin_hash() -> str:
    return hash_pin(PIN)


@pytest.fixture
def kiosk(qtbot, tmp_path, tmp_path_factory, pin_hash):
    k = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory, staff_pin_hash=pin_hash))
    k.router.start("en")
    k.router.go("staff")
    yield k
    k.close()


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def keypad(qtbot, pad, pin: str) -> None:  # type: ignore[no-untyped-def]
    for digit in pin:
        click(qtbot, find(pad, f"pin-{digit}"))
    click(qtbot, find(pad, "pin-ok"))


# -- layout ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080), (1280, 800)])
@pytest.mark.parametrize(("lang", "text_size"), [("en", 0), ("sv", 2), ("fi", 2)])
def test_every_tab_fits_with_big_touch_targets_and_close_always_in_view(kiosk, qtbot, size, lang, text_size):
    kiosk.window.resize(*size)
    kiosk.router.set_language(lang)
    kiosk.router.set_text_size(text_size)  # the last resident's A++ is still on when staff come in
    page = kiosk.pages["staff"]
    for key in ("data", "coverage", "tools", "settings"):
        click(qtbot, find(page, f"chip-staff-tab-{key}"))
        qtbot.wait(1)
        assert page.current_tab == key and page.tabs[key].isChecked()
        assert [k for k, chip in page.tabs.items() if chip.isChecked()] == [key]
        panel = page.panels[key]
        assert panel.isVisible()
        exit_rect = page.exit_button.rect().translated(page.exit_button.mapTo(kiosk.window, page.exit_button.rect().topLeft()))
        assert kiosk.window.rect().contains(exit_rect), f"Close the kiosk is off screen on {key} at {size}"
        assert panel.widget().width() <= panel.viewport().width(), f"{key} is cut off at the side at {size}"
        shown = [b for b in panel.widget().findChildren(QAbstractButton) if b.isVisibleTo(panel.widget())]
        for button in shown:
            assert button.height() >= 56 and button.width() >= 56, f"{button.objectName()} too small at {size}"
            assert button.height() >= button.minimumSizeHint().height(), f"{button.objectName()} squashed at {size}"
        boxes = [b.geometry().translated(b.parentWidget().mapTo(panel.widget(), b.geometry().topLeft()) - b.pos())
                 for b in shown]
        for i, a in enumerate(boxes):
            assert not any(a.intersects(b) for b in boxes[i + 1:]), f"buttons overlap on {key} at {size}"
        for chip in page.tabs.values():
            assert chip.height() >= 56


# -- data: sources and the sync log --------------------------------------------------------------------------


def test_each_source_shows_its_result_items_and_the_last_error_in_plain_words(qtbot, tmp_path):
    from kiosk.config import load_config

    write_local(tmp_path / "local.json", local_rows(12))
    config = load_config(write_config(tmp_path, '[[sources]]\nname = "library"\nkind = "local"\npath = "local.json"\n'),
                         env={})
    assert run_sync(config, None).ok  # type: ignore[arg-type]  # the local source needs no client
    assert not run_sync(config, None, deadline_s=0).ok  # type: ignore[arg-type]  # nothing fetched: too late
    kiosk = make_kiosk(qtbot, config)
    kiosk.router.start("en")
    kiosk.router.go("staff")
    page = kiosk.pages["staff"]
    text = page.sources_text.text()
    assert "library: ⚠ FAILED." in text and "Items: 12." in text
    assert "The update took too long and was stopped. It is tried again at the next update." in text
    assert "Details: library: not fetched: the sync's deadline" in text
    log = page.log_text.text().splitlines()
    assert len(log) == 2
    assert "library: ⚠ The update took too long" in log[0], "newest first"
    assert "library: ✓ 12 new or changed, 0 removed" in log[1]
    kiosk.router.set_language("fi")
    assert "Päivitys kesti liian kauan" in page.sources_text.text()
    kiosk.close()


# -- coverage ------------------------------------------------------------------------------------------------


def test_the_coverage_report_on_the_demo_tray_marks_gaps_in_words_and_colour(kiosk, qtbot):
    page = kiosk.pages["staff"]
    click(qtbot, find(page, "chip-staff-tab-coverage"))
    with open_tray(kiosk.router.ctx.config.data_dir / "demo-tray.sqlite") as tray:
        municipalities = tuple(page._status.municipalities)
        expected = coverage(tray, load_areas().minimum_keys(), municipalities)
    assert expected.missing, "the demo tray has gaps to show"
    table = page.coverage
    assert set(table.rows) == set(municipalities)
    areas = load_areas()
    for code, (state, gaps) in table.rows.items():
        label = find(table, f"coverage-{code}")
        if code in expected.missing:
            assert state.startswith("⚠ Missing: ") and label.property("role") == "warning"
            assert gaps == ", ".join(areas.name(k, "en") for k in expected.missing[code])
        else:
            assert state == "✓ All" and label.property("role") != "warning" and gaps == "—"
    first_codes = list(table.rows)[: len(expected.missing)]
    assert set(first_codes) == set(expected.missing), "municipalities with gaps come first"
    assert f"Municipalities with gaps: {len(expected.missing)} of {len(municipalities)}." in page.coverage_summary.text()


# -- printer test page ---------------------------------------------------------------------------------------


def test_the_printer_test_page_prints_one_page_and_says_so(kiosk, qtbot, tmp_path):
    from kiosk.takehome.printing import FolderBackend

    out = tmp_path / "printed"
    kiosk.takehome.use_backend(FolderBackend(out))
    page = kiosk.pages["staff"]
    click(qtbot, find(page, "chip-staff-tab-tools"))
    click(qtbot, find(page, "staff-action-print-test"))
    result = find(page, "staff-action-print-test-result")
    assert result.isVisibleTo(page) and result.text().startswith("✓ The test page went to the printer (folder:")
    [pdf] = out.glob("*.pdf")
    text = pdf_text(pdf)
    assert "Printer test page" in text and "If you can read this page" in text and "ÅÄÖ åäö" in text
    assert "Print backend: folder" in text
    assert "Pages:           1" in __import__("subprocess").run(["pdfinfo", str(pdf)], capture_output=True,
                                                                     text=True, check=False).stdout
    status = read_status(kiosk.config.data_dir)
    assert status is not None and status["last_print"]["ok"] is True and status["last_print"]["what"] == "test"


def test_a_missing_printer_is_a_clear_message_and_is_recorded(kiosk, qtbot):
    from kiosk.takehome.printing import NoPrinter

    kiosk.takehome.use_backend(NoPrinter())
    page = kiosk.pages["staff"]
    click(qtbot, find(page, "chip-staff-tab-tools"))
    click(qtbot, find(page, "staff-action-print-test"))
    result = find(page, "staff-action-print-test-result")
    assert result.text().startswith("⚠ No printer was found.") and result.property("role") == "warning"
    status = read_status(kiosk.config.data_dir)
    assert status is not None and status["last_print"] == {
        "at": status["last_print"]["at"], "ok": False, "what": "test", "problem": "no_printer", "backend": "none"}


# -- change the PIN ------------------------------------------------------------------------------------------


def test_changing_the_pin_checks_the_old_one_and_asks_the_new_one_twice(kiosk, qtbot):
    page = kiosk.pages["staff"]
    click(qtbot, find(page, "chip-staff-tab-tools"))
    click(qtbot, find(page, "staff-action-change-pin"))
    pad = kiosk.staff.pin_change.pad
    assert pad.isVisible() and pad.heading.text() == "Change the staff PIN"
    keypad(qtbot, pad, "1111")
    assert "Wrong PIN. Tries left: 4." in pad.message.text()
    keypad(qtbot, pad, PIN)
    assert "Type the new PIN" in pad.message.text()
    keypad(qtbot, pad, "13")
    assert "4 to 8 digits" in pad.message.text()
    keypad(qtbot, pad, "13579")
    keypad(qtbot, pad, "13570")
    assert "different" in pad.message.text()
    keypad(qtbot, pad, "13579")
    keypad(qtbot, pad, "13579")
    assert not pad.isVisible()
    result = find(page, "staff-action-change-pin-result")
    assert result.text() == "✓ The PIN is changed. Use the new PIN from now on."
    text = kiosk.config.path.read_text(encoding="utf-8")
    stored = text.split('staff_pin_hash = "')[1].split('"')[0]
    assert verify_pin("13579", stored) and "13579" not in text
    kiosk.router.go("home")
    kiosk.staff.check(PIN)
    assert kiosk.router.current == "home", "the old PIN no longer opens the staff page"
    kiosk.staff.check("13579")
    assert kiosk.router.current == "staff", "the new PIN works at once, without a restart"


def test_cancelling_a_pin_change_changes_nothing(kiosk, qtbot):
    before = kiosk.config.path.read_bytes()
    click(qtbot, find(kiosk.pages["staff"], "chip-staff-tab-tools"))
    click(qtbot, find(kiosk.pages["staff"], "staff-action-change-pin"))
    pad = kiosk.staff.pin_change.pad
    keypad(qtbot, pad, PIN)
    click(qtbot, find(pad, "pin-cancel"))
    assert not pad.isVisible() and kiosk.config.path.read_bytes() == before
    assert "not changed" in find(kiosk.pages["staff"], "staff-action-change-pin-result").text()


# -- settings ------------------------------------------------------------------------------------------------


def test_a_bad_setting_is_refused_with_a_message_and_the_file_is_unchanged(kiosk, qtbot):
    page = kiosk.pages["staff"]
    click(qtbot, find(page, "chip-staff-tab-settings"))
    before = kiosk.config.path.read_bytes()
    click(qtbot, find(page, "chip-settings-qr-link"))  # a link needs a public page template: none is set
    click(qtbot, find(page, "settings-save"))
    result = page.settings.result
    assert result.text().startswith("⚠ Not saved") and "public_page_template" in result.text()
    assert result.property("role") == "warning"
    assert kiosk.config.path.read_bytes() == before
    assert sorted(p.name for p in kiosk.config.path.parent.iterdir()) == ["data", "kiosk.toml"]


def test_a_good_setting_is_written_keeping_the_file_and_staff_are_told_when_it_applies(kiosk, qtbot):
    from kiosk.config import load_config

    page = kiosk.pages["staff"]
    path = kiosk.config.path
    path.write_text("# kept comment\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    click(qtbot, find(page, "chip-staff-tab-settings"))
    click(qtbot, find(page, "idle-plus"))
    click(qtbot, find(page, "idle-plus"))
    click(qtbot, find(page, "chip-settings-lang-en"))  # English off
    click(qtbot, find(page, "chip-settings-backend-none"))
    assert not find(page, "chip-settings-lang-fi").isEnabled(), "Finnish cannot be switched off"
    click(qtbot, find(page, "settings-save"))
    assert page.settings.result.text().startswith("✓ Saved.") and "restarts" in page.settings.result.text()
    loaded = load_config(path, env={})
    assert loaded.kiosk.idle_timeout_s == 120 and loaded.languages == ("fi", "sv")
    assert loaded.takehome.print_backend == "none"
    assert path.read_text(encoding="utf-8").startswith("# kept comment\n")
    click(qtbot, find(page, "settings-save"))
    assert "Nothing has changed" in page.settings.result.text()


# -- the status file and more tools --------------------------------------------------------------------------


def test_the_kiosk_writes_the_status_file_when_it_starts(kiosk):
    data = json.loads((kiosk.config.data_dir / "status.json").read_text(encoding="utf-8"))
    assert data["event"] == "start" and data["data"]["demo"] is True and data["data"]["items"] > 0


def test_another_staff_tool_is_one_action_and_one_handler(kiosk, qtbot):
    from ui.pages.staff import StaffAction

    page = kiosk.pages["staff"]
    ran: list[str] = []
    page.add_action(StaffAction("sample-tool", "A sample tool"))
    kiosk.staff.actions["sample-tool"] = lambda: ran.append("sample") or page.show_action_result(
        "sample-tool", "Saved.", ok=True)
    click(qtbot, find(page, "chip-staff-tab-tools"))
    click(qtbot, find(page, "staff-action-sample-tool"))
    assert ran == ["sample"] and find(page, "staff-action-sample-tool-result").text() == "✓ Saved."
    col = page.tools_col
    order = [col.itemAt(i).widget().objectName() for i in range(col.count()) if col.itemAt(i).widget()]
    assert order.index("staff-action-change-pin") < order.index("staff-action-sample-tool") < order.index(
        "staff-stats"), "a new tool goes after the others, before statistics and cleaning"


def test_an_idle_reset_closes_a_half_done_pin_change(kiosk, qtbot):
    before = kiosk.config.path.read_bytes()
    kiosk.staff.change_pin()
    pad = kiosk.staff.pin_change.pad
    keypad(qtbot, pad, PIN)
    keypad(qtbot, pad, "1357")
    kiosk.router.restart()
    assert not pad.isVisible() and pad.pin == "" and kiosk.staff.pin_change._new == ""
    assert kiosk.config.path.read_bytes() == before
