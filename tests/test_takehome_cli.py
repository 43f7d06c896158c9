"""``hyte-kiosk list-pdf``, ``qr`` and ``sheet`` on the demo tray, and the ``[takehome]`` config table."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk.cli import EXIT_NOT_FOUND, EXIT_USAGE, main
from kiosk.config import ConfigError, load_config
from kiosk.takehome.settings import resolved_backend
from tests.takehome_support import LIST_IDS, SENSITIVE_IDS, demo_items, pdf_fonts, pdf_pages, pdf_text, zbar_one


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-data")


@pytest.fixture(autouse=True)
def _no_config(monkeypatch):
    monkeypatch.delenv("HYTE_KIOSK_CONFIG", raising=False)


def cli(capsys, demo_dir, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(["--data-dir", str(demo_dir), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_pdf_writes_the_items_in_order_and_prints_the_path(capsys, demo_dir, tmp_path):
    out_file = tmp_path / "lista.pdf"
    code, out, _ = cli(capsys, demo_dir, "list-pdf", *LIST_IDS, "-o", str(out_file), "--large")
    assert code == 0 and out.strip() == str(out_file)
    text = " ".join(pdf_text(out_file).split())
    assert text.index("1. Ikäihmisten kuntosali") < text.index("4. Liikuntaneuvonta")
    assert all(row[0].split("+")[-1].startswith("DejaVuSans") for row in pdf_fonts(out_file))


def test_list_pdf_discreet_and_bilingual(capsys, demo_dir, tmp_path):
    out_file = tmp_path / "d.pdf"
    code, _, _ = cli(capsys, demo_dir, "list-pdf", *LIST_IDS, "-o", str(out_file), "--discreet", "--bilingual",
                     "--lang", "sv")
    assert code == 0
    text = " ".join(pdf_text(out_file).split())
    assert "Min lista / Oma lista" in text and "Motionsrådgivning / Liikuntaneuvonta" in text
    for item_id in SENSITIVE_IDS:
        assert all(name not in text for name in demo_items()[item_id].names.values())


def test_an_unknown_id_exits_3_and_is_named(capsys, demo_dir, tmp_path):
    code, _, err = cli(capsys, demo_dir, "list-pdf", "demo:0001", "demo:9999", "-o", str(tmp_path / "x.pdf"))
    assert code == EXIT_NOT_FOUND and "demo:9999" in err
    assert not (tmp_path / "x.pdf").exists()
    code, _, err = cli(capsys, demo_dir, "qr", "nope:1", "-o", str(tmp_path / "x.png"))
    assert code == EXIT_NOT_FOUND and "nope:1" in err


def test_qr_writes_one_numbered_file_per_code(capsys, demo_dir, tmp_path):
    out_file = tmp_path / "lista.png"
    code, out, _ = cli(capsys, demo_dir, "qr", *LIST_IDS[:3], "-o", str(out_file), "--mode", "text")
    assert code == 0
    paths = [Path(line) for line in out.splitlines()]
    assert paths == [tmp_path / f"lista-{n}.png" for n in (1, 2, 3)]
    assert zbar_one(paths[0]).startswith("1/3 Ikäihmisten kuntosali\n")


def test_qr_link_mode_needs_a_template(capsys, demo_dir, tmp_path):
    code, _, err = cli(capsys, demo_dir, "qr", "demo:0001", "-o", str(tmp_path / "x.png"), "--mode", "link")
    assert code == EXIT_USAGE and "public_page_template" in err


def test_qr_link_mode_with_a_template_writes_one_code(capsys, tmp_path, demo_dir):
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{demo_dir}"\n[takehome]\npublic_page_template = '
                      '"https://hyte.example.fi/lista#{ids}"\n', encoding="utf-8")
    code, out, _ = cli(capsys, demo_dir, "--config", str(config), "qr", "demo:0001", "demo:0018",
                       "-o", str(tmp_path / "l.png"))
    assert code == 0 and out.strip() == str(tmp_path / "l.png")
    assert zbar_one(tmp_path / "l.png") == "https://hyte.example.fi/lista#demo:0001,demo:0018"


def test_sheet_lists_a_theme_in_a_municipality(capsys, demo_dir, tmp_path):
    out_file = tmp_path / "sheet.pdf"
    code, _, _ = cli(capsys, demo_dir, "sheet", "--category", "sports", "--municipality", "205", "-o", str(out_file))
    assert code == 0
    text = " ".join(pdf_text(out_file).split())
    assert "Liikunta ja liikkuminen" in text and "Kajaani" in text and "Ikäihmisten kuntosali" in text
    assert "Hyrynsalmi" not in text
    assert 1 <= pdf_pages(out_file) <= 40


def test_sheet_refuses_an_unknown_area(capsys, demo_dir, tmp_path):
    code, _, err = cli(capsys, demo_dir, "sheet", "--category", "gym", "-o", str(tmp_path / "s.pdf"))
    assert code == EXIT_USAGE and "gym" in err


# -- the [takehome] table of the config ---------------------------------------------------------------


def config_error(tmp_path: Path, body: str) -> ConfigError:
    path = tmp_path / "kiosk.toml"
    path.write_text('data_dir = "d"\n\n[takehome]\n' + body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, env={})
    return caught.value


def test_takehome_settings_are_read(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('[takehome]\nmeeting_point = "Kajaanin pääkirjasto"\nqr_mode = "link"\n'
                    'public_page_template = "https://hyte.example.fi/lista#{ids}"\nprint_backend = "folder"\n'
                    'print_folder = "tulosteet"\nprint_queue = "lobby_printer"\n', encoding="utf-8")
    settings = load_config(path, env={}).takehome
    assert settings.meeting_point == "Kajaanin pääkirjasto" and settings.link_mode
    assert settings.print_folder == tmp_path / "tulosteet" and settings.print_queue == "lobby_printer"


@pytest.mark.parametrize(("body", "line", "key", "words"), [
    ('qr_mode = "sms"\n', 4, "takehome.qr_mode", "'sms'"),
    ('public_page_template = "https://x.example/l?ids={ids}"\n', 4, "takehome.public_page_template", "after '#'"),
    ('public_page_template = "http://x.example/#{ids}"\n', 4, "takehome.public_page_template", "https://"),
    ('public_page_template = "https://x.example/ä#{ids}"\n', 4, "takehome.public_page_template", "ASCII"),
    ('meeting_point = "x"\nqr_mode = "link"\n', 5, "takehome.qr_mode", "public_page_template"),
    ('print_backend = "folder"\n', 4, "takehome.print_backend", "print_folder"),
    ('print_queue = "my printer"\n', 4, "takehome.print_queue", "CUPS queue"),
    ('print_timeout_s = 5\n', 4, "takehome.print_timeout_s", "10 to 3600"),
    ('printer = "x"\n', 4, "takehome.printer", "unknown key"),
])
def test_takehome_mistakes_name_the_line_and_key(tmp_path, body, line, key, words):
    error = config_error(tmp_path, body)
    assert error.line == line and error.key == key and words in str(error), str(error)


def test_auto_backend_is_what_the_machine_has():
    from kiosk.takehome.settings import TakeHomeSettings

    auto = TakeHomeSettings()
    assert resolved_backend(auto, platform="win32") == "windows"
    assert resolved_backend(auto, platform="linux", has_lp=True) == "cups"
    assert resolved_backend(auto, platform="linux", has_lp=False) == "none"
    assert resolved_backend(TakeHomeSettings(print_backend="folder"), platform=sys.platform) == "folder"
