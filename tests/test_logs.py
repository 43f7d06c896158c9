"""Structured logs: JSON lines in a rotating file in the data folder; after a scripted session and a sync
through a local PTV server with an API key, the logs hold neither the key nor anything the resident typed."""

from __future__ import annotations

import json
import logging

import pytest

from kiosk.cli import main
from kiosk.logs import Redactor, log_path, setup_logging
from tests.fakeserver import FakeServer
from tests.ptv12_fake import install_v12, make_dataset
from tests.sync_helpers import write_config
from tests.test_page_search import press
from tests.ui_support import demo_config, make_kiosk

KEY = "very-secret-key-4711"
CANARY = "zyxqvlokikanari"


def _lines(path):  # type: ignore[no-untyped-def]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_redactor_blanks_configured_and_key_like_secrets():
    redact = Redactor([KEY])
    text = redact(f"GET /x?api_key=abc123 with {KEY}; Authorization: Bearer tok.en x-api-key: zzz scrypt$1$2$3")
    assert KEY not in text and "abc123" not in text and "tok.en" not in text and "zzz" not in text
    assert "scrypt$1" not in text and "GET /x" in text


def test_sync_logs_are_json_lines_without_the_api_key(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HYTE_TEST_PTV_KEY", KEY)
    with FakeServer() as server:
        install_v12(server, make_dataset(10))
        cfg = write_config(
            tmp_path,
            f'[[sources]]\nkind = "ptv"\nbase_url = "{server.url}/api/v12/"\napi_key_env = "HYTE_TEST_PTV_KEY"\n',
        )
        assert main(["--config", str(cfg), "sync"]) == 0
        logging.getLogger("kiosk.sync").warning("a source answered: key %s refused", KEY)  # as a bug might
    capsys.readouterr()
    path = log_path(tmp_path / "data")
    lines = _lines(path)
    assert {"time", "level", "logger", "message"} <= set(lines[0])
    assert any(line["message"].startswith("sync ") and ": ok" in line["message"] for line in lines)
    assert KEY not in path.read_text(encoding="utf-8")


def test_a_scripted_session_leaves_no_words_in_the_logs(qtbot, tmp_path, tmp_path_factory):
    config = demo_config(tmp_path, tmp_path_factory)
    setup_logging(config)
    kiosk = make_kiosk(qtbot, config)
    try:
        kiosk.router.start("fi")
        kiosk.router.go("search")
        press(qtbot, kiosk.pages["search"], CANARY)
        qtbot.waitUntil(lambda: kiosk.pages["search"].found_nothing)
        kiosk.router.restart()
    finally:
        kiosk.close()
    text = log_path(config.data_dir).read_text(encoding="utf-8")
    assert "session ended" in text and CANARY not in text


@pytest.mark.parametrize("journal", [True, False])
def test_the_journal_gets_the_same_lines_under_systemd(tmp_path, capsys, journal):
    config = demo_config(tmp_path)
    setup_logging(config, journal=journal)
    logging.getLogger("kiosk.test").info("hello")
    assert ('"hello"' in capsys.readouterr().err) is journal
    setup_logging(config, journal=False)
