""""Tieto on vanhentunut?": the flag queue (a real SQLite file), its export, its POST to a real local server,
and the flow on the detail page by touch: button → reasons → thank-you, never a dead end, no free text."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import date

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

from kiosk.cli import main
from kiosk.flags import FILE_NAME, REASONS, FlagError, FlagStore, post_pending
from tests.recording_server import RecordingServer
from tests.ui_support import demo_config, find, make_kiosk

DAY = date(2026, 11, 24)


def test_a_flag_keeps_the_day_item_source_record_and_reason_and_nothing_else(tmp_path):
    store = FlagStore(tmp_path)
    flag = store.add("ptv:0a1b2c3d-0000-4000-8000-000000000001", "ptv", "hours", DAY)
    assert (flag.record_id, flag.day) == ("0a1b2c3d-0000-4000-8000-000000000001", "2026-11-24")
    with sqlite3.connect(tmp_path / FILE_NAME) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(flags)")]
        rows = conn.execute("SELECT * FROM flags").fetchall()
    assert columns == ["n", "day", "item_id", "source", "record_id", "reason", "exported_on", "posted_on"]
    assert rows == [(1, "2026-11-24", "ptv:0a1b2c3d-0000-4000-8000-000000000001", "ptv",
                     "0a1b2c3d-0000-4000-8000-000000000001", "hours", None, None)]


@pytest.mark.parametrize("reason", ["", "because the coffee was cold", "HOURS", "hours; DROP TABLE flags"])
def test_only_a_reason_from_the_list_is_accepted(tmp_path, reason):
    with pytest.raises(ValueError):
        FlagStore(tmp_path).add("demo:0001", "demo", reason)
    assert FlagStore(tmp_path).all() == []


def test_an_item_id_with_spaces_is_refused(tmp_path):
    with pytest.raises(ValueError):
        FlagStore(tmp_path).add("demo:0001 and a message", "demo", "other")


def _config(tmp_path, extra: str = ""):
    from kiosk.config import load_config

    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'data_dir = "data"\n[region]\nmunicipalities = ["205"]\nhome_municipality = "205"\n{extra}',
                   encoding="utf-8")
    return cfg, load_config(cfg, env={})


def test_flags_export_writes_csv_or_json_and_marks_them_exported(tmp_path, capsys):
    cfg, config = _config(tmp_path)
    store = FlagStore.for_config(config)
    store.add("ptv:abc", "ptv", "closed", DAY)
    store.add("local:kerho-1", "kylat", "phone", DAY)
    out = tmp_path / "flags.csv"
    assert main(["--config", str(cfg), "flags", "export", "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [(r["item_id"], r["source"], r["record_id"], r["reason"], r["day"]) for r in rows] == [
        ("local:kerho-1", "kylat", "kerho-1", "phone", "2026-11-24"),
        ("ptv:abc", "ptv", "abc", "closed", "2026-11-24"),
    ]
    assert "2 flags (those not exported before) written" in capsys.readouterr().out
    assert store.not_exported() == []
    # A second export has nothing new; --all gives everything again, as JSON.
    assert main(["--config", str(cfg), "flags", "export", "-o", str(tmp_path / "again.csv")]) == 0
    assert list(csv.DictReader((tmp_path / "again.csv").read_text(encoding="utf-8").splitlines())) == []
    assert main(["--config", str(cfg), "flags", "export", "--all", "-o", str(tmp_path / "all.json")]) == 0
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert data["kiosk_municipality"] == "205" and len(data["flags"]) == 2
    assert set(data["flags"][0]) == {"day", "item_id", "source", "record_id", "reason"}


def test_waiting_flags_are_posted_as_json_and_marked_and_a_refusal_keeps_them(tmp_path):
    store = FlagStore(tmp_path)
    store.add("ptv:abc", "ptv", "address", DAY)
    with RecordingServer() as server, httpx.Client(timeout=5) as client:
        server.status = 503
        with pytest.raises(FlagError, match="503"):
            post_pending(store, client, server.url + "/flags", "205")
        assert len(store.not_posted()) == 1  # still queued
        server.status = 200
        assert post_pending(store, client, server.url + "/flags", "205") == 1
        assert post_pending(store, client, server.url + "/flags", "205") == 0  # nothing waits: nothing sent
        path, headers, _body = server.requests[-1]
    assert path == "/flags" and headers["content-type"] == "application/json"
    assert server.json_bodies()[-1]["flags"] == [
        {"day": "2026-11-24", "item_id": "ptv:abc", "source": "ptv", "record_id": "abc", "reason": "address"}]
    assert store.not_posted() == []


def test_an_unreachable_address_keeps_the_flags_for_later(tmp_path):
    store = FlagStore(tmp_path)
    store.add("ptv:abc", "ptv", "other", DAY)
    server = RecordingServer().start()
    url = server.url
    server.stop()  # the port is closed: as offline as it gets
    with httpx.Client(timeout=5) as client, pytest.raises(FlagError, match="ConnectError"):
        post_pending(store, client, url, None)
    assert len(store.not_posted()) == 1


# --- the detail page ---------------------------------------------------------------------------------


@pytest.fixture
def kiosk(qtbot, tmp_path, tmp_path_factory):
    k = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    k.router.start("fi")
    return k


def _open(kiosk, item_id="demo:0001"):  # type: ignore[no-untyped-def]
    kiosk.router.open_item(item_id)
    page = kiosk.pages["detail"]
    assert page.detail is not None
    return page


def _stored(kiosk):  # type: ignore[no-untyped-def]
    return [f for _n, f in kiosk.flags.store.all()]


def test_the_detail_page_reports_outdated_info_by_touch_in_two_taps(kiosk, qtbot):
    page = _open(kiosk)
    button = find(page, "detail-flag")
    assert button.text() == "Tieto on vanhentunut?" and button.isVisibleTo(page)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    sheet = kiosk.flags.sheet
    assert sheet.isVisible() and sheet.question.text() == "Mikä tieto on vanhentunut?"
    shown = [find(sheet, f"flag-reason-{key}") for key in REASONS]
    assert [b.text() for b in shown] == ["Toiminta on loppunut", "Aukioloajat ovat väärin", "Osoite on väärin",
                                         "Puhelinnumero on väärin", "Jokin muu tieto on vanhentunut"]
    for target in (*shown, find(sheet, "flag-cancel")):
        assert target.isVisibleTo(sheet) and target.height() >= 64  # a finger's target
    assert not sheet.findChildren(QLineEdit) + sheet.findChildren(QTextEdit) + sheet.findChildren(QPlainTextEdit)
    qtbot.mouseClick(find(sheet, "flag-reason-hours"), Qt.MouseButton.LeftButton)
    assert sheet.question.text() == "Kiitos!"
    done = find(sheet, "flag-done")
    assert done.isVisibleTo(sheet) and done.text() == "Takaisin tietoihin"
    assert not find(sheet, "flag-reason-hours").isVisibleTo(sheet)
    flags = _stored(kiosk)
    assert [(f.item_id, f.source, f.record_id, f.reason, f.day) for f in flags] == [
        ("demo:0001", "demo", "0001", "hours", date.today().isoformat())]
    qtbot.mouseClick(done, Qt.MouseButton.LeftButton)
    assert not sheet.isVisible() and kiosk.router.current == "detail"


def test_a_second_report_of_the_same_item_thanks_again_without_counting_twice(kiosk, qtbot):
    page = _open(kiosk)
    qtbot.mouseClick(find(page, "detail-flag"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(kiosk.flags.sheet, "flag-reason-closed"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(kiosk.flags.sheet, "flag-done"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(page, "detail-flag"), Qt.MouseButton.LeftButton)
    assert kiosk.flags.sheet.question.text() == "Ilmoitit tästä jo. Kiitos!"
    assert find(kiosk.flags.sheet, "flag-done").isVisibleTo(kiosk.flags.sheet)
    assert len(_stored(kiosk)) == 1


def test_cancel_reports_nothing_and_returns_to_the_page(kiosk, qtbot):
    page = _open(kiosk)
    qtbot.mouseClick(find(page, "detail-flag"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(kiosk.flags.sheet, "flag-cancel"), Qt.MouseButton.LeftButton)
    assert not kiosk.flags.sheet.isVisible() and kiosk.router.current == "detail"
    assert _stored(kiosk) == []


def test_the_next_resident_starts_without_the_sheet_or_the_memory_of_reports(kiosk, qtbot):
    page = _open(kiosk)
    qtbot.mouseClick(find(page, "detail-flag"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(kiosk.flags.sheet, "flag-reason-phone"), Qt.MouseButton.LeftButton)
    kiosk.router.restart()  # idle time or "finish and clear"
    assert not kiosk.flags.sheet.isVisible() and kiosk.flags.reported == set()
    kiosk.router.start("sv")
    page = _open(kiosk)
    assert find(page, "detail-flag").text() == "Är uppgiften inaktuell?"
    qtbot.mouseClick(find(page, "detail-flag"), Qt.MouseButton.LeftButton)
    assert kiosk.flags.sheet.question.text() == "Vad är inaktuellt?"  # asked again, in Swedish


def test_a_flag_that_cannot_be_saved_says_so_and_still_has_a_way_back(kiosk, qtbot, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    kiosk.flags.store = FlagStore(blocker)  # its file would be inside a file: every write fails
    page = _open(kiosk)
    qtbot.mouseClick(find(page, "detail-flag"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(kiosk.flags.sheet, "flag-reason-other"), Qt.MouseButton.LeftButton)
    assert kiosk.flags.sheet.question.text() == "Ilmoitusta ei voitu tallentaa."
    assert kiosk.flags.errors and "demo:0001" not in kiosk.flags.reported
    qtbot.mouseClick(find(kiosk.flags.sheet, "flag-done"), Qt.MouseButton.LeftButton)
    assert not kiosk.flags.sheet.isVisible()


def test_the_scheduled_round_posts_waiting_flags_and_tries_again_after_a_failure(tmp_path):
    from kiosk.schedule import run_round

    with RecordingServer() as server:
        _cfg, config = _config(tmp_path, f'[flags]\npost_url = "{server.url}/kiosk-flags"\n')
        FlagStore.for_config(config).add("ptv:abc", "ptv", "closed", DAY)
        server.status = 502
        failed = run_round(config)
        assert not failed.ok and failed.flags_posted == 0 and "502" in failed.problems[0]
        server.status = 200
        done = run_round(config)
        assert done.ok and done.flags_posted == 1
        assert run_round(config).flags_posted == 0  # posted flags are marked: never sent twice
    assert [len(b["flags"]) for b in server.json_bodies()] == [1, 1]


def test_flags_can_be_saved_into_a_folder_for_a_usb_stick_and_are_marked(tmp_path):
    from kiosk.flags import export_to_folder

    store = FlagStore(tmp_path / "data")
    store.add("ptv:abc", "ptv", "hours", DAY)
    out, count = export_to_folder(store, tmp_path / "stick", "205", DAY)
    assert (out.name, count) == ("hyte-kiosk-flags-205-2026-11-24.csv", 1)
    assert "ptv:abc,ptv,abc,hours" in out.read_text(encoding="utf-8")
    assert export_to_folder(store, tmp_path / "stick", "205", DAY)[1] == 0  # exported once only


def test_on_a_short_screen_with_the_largest_text_the_way_back_stays_in_sight(qtbot, tmp_path, tmp_path_factory):
    from ui.theme import BODY_PX

    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory), size=(1280, 800))
    kiosk.router.start("sv")
    kiosk.router.set_text_size(len(BODY_PX) - 1)
    page = _open(kiosk)
    kiosk.flags.ask("demo:0001", "demo")
    sheet = kiosk.flags.sheet
    window = kiosk.window.rect()
    cancel = find(sheet, "flag-cancel")
    top_left = cancel.mapTo(kiosk.window, cancel.rect().topLeft())
    assert window.contains(top_left) and window.contains(top_left + cancel.rect().bottomRight())
    assert sheet.area.verticalScrollBar().maximum() > 0  # the reasons scroll instead of being squeezed
    last = find(sheet, "flag-reason-other")
    assert last.height() >= 64
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not sheet.isVisible() and page.isVisible()


def _tap_twice(kiosk, qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    """An impatient double tap, delivered to the window at the widget's place (as a finger's is: the widget
    under the point gets it, whatever appeared there after the first tap)."""
    from PySide6.QtTest import QTest

    window = kiosk.window
    at = widget.mapTo(window, widget.rect().center())
    for _ in range(2):
        QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
        qtbot.wait(60)


def test_a_double_tap_opens_the_reasons_and_chooses_one_reason_without_pressing_what_appears_under_it(kiosk, qtbot):
    """Seen with a real pointer: the second tap of a double tap on "Tieto on vanhentunut?" landed on
    "Peruuta" of the sheet the first tap had opened, so the sheet closed at once. The sheet's buttons take
    touches only a moment after it opens or changes."""
    qtbot.waitExposed(kiosk.window)
    page = _open(kiosk)
    button = find(page, "detail-flag")
    page.area.ensureWidgetVisible(button)
    qtbot.wait(20)
    _tap_twice(kiosk, qtbot, button)
    sheet = kiosk.flags.sheet
    assert sheet.isVisible() and sheet.step == "reasons"
    qtbot.waitUntil(lambda: not sheet.settling)
    _tap_twice(kiosk, qtbot, find(sheet, "flag-reason-phone"))
    assert sheet.isVisible() and sheet.step == "saved"  # the thanks stay: "Back" was not pressed by the 2nd tap
    assert [f.reason for f in _stored(kiosk)] == ["phone"]
    qtbot.waitUntil(lambda: not sheet.settling)
    _tap_twice(kiosk, qtbot, find(sheet, "flag-done"))
    assert not sheet.isVisible() and kiosk.router.current == "detail"
