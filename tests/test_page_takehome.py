"""Take it home through the real kiosk (pytest-qt): add → list → print → done; printer problems keep the
list; the QR view shows codes a phone can read; a reset leaves no temporary file; staff activity sheets."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from kiosk.config import load_config
from kiosk.i18n import _, gettext
from kiosk.takehome.printing import NO_PRINTER, PROBLEM_TEXTS, NoPrinter, WindowsBackend
from tests.takehome_support import need, pdf_text, zbar_one
from tests.test_page_search import press
from tests.ui_support import demo_config, find, make_kiosk


def takehome_config(tmp_path, tmp_path_factory, extra: str = ""):  # type: ignore[no-untyped-def]
    demo_config(tmp_path, tmp_path_factory)
    path = tmp_path / "kiosk.toml"
    out = tmp_path / "printed"
    path.write_text(path.read_text(encoding="utf-8") + f'\n[takehome]\nprint_backend = "folder"\n'
                    f'print_folder = "{out}"\nmeeting_point = "Kajaanin pääkirjasto"\n{extra}', encoding="utf-8")
    return load_config(path, env={})


@pytest.fixture
def kiosk(qtbot, tmp_path, tmp_path_factory):
    k = make_kiosk(qtbot, takehome_config(tmp_path, tmp_path_factory))
    k.takehome.spool_parent = tmp_path
    yield k
    k.close()


def add_three(qtbot, kiosk) -> list[str]:  # type: ignore[no-untyped-def]
    kiosk.router.go("search")
    search = kiosk.pages["search"]
    press(qtbot, search, "kuntosali")
    qtbot.waitUntil(lambda: len(search.cards) >= 3)
    added = list(search.cards)[:3]
    for item_id in added:
        qtbot.mouseClick(find(search, f"add-{item_id}"), Qt.MouseButton.LeftButton)
    return added


def test_my_list_shows_address_phone_and_the_next_opening(qtbot, kiosk):
    add_three(qtbot, kiosk)
    qtbot.mouseClick(kiosk.window.bar.my_list, Qt.MouseButton.LeftButton)
    card = kiosk.pages["mylist"].cards[kiosk.session.my_list[0]]
    assert {"place", "address", "status", "phone", "cost"} <= set(card.lines)
    assert card.lines["address"].text() == card.card.address and card.lines["phone"].text() == card.card.phone
    assert card.findChild(type(card.name), "card-organiser") is not None


def test_add_list_print_done_saves_the_list_in_screen_order_and_keeps_no_file(qtbot, kiosk, tmp_path):
    added = add_three(qtbot, kiosk)
    qtbot.mouseClick(kiosk.window.bar.my_list, Qt.MouseButton.LeftButton)
    names = [kiosk.pages["mylist"].cards[i].card.name for i in added]
    qtbot.mouseClick(find(kiosk.pages["mylist"], "print-list"), Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "print"
    page = kiosk.pages["print"]
    qtbot.mouseClick(find(page, "chip-print-large"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(page, "print-now"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.state == "done")
    assert page.status.text() == _("Done! Take the paper from the printer.")
    (saved,) = (tmp_path / "printed").iterdir()
    text = " ".join(pdf_text(saved).split())
    assert "Kajaanin pääkirjasto" in text
    assert [text.index(f"{n}. {name}") for n, name in enumerate(names, start=1)] == sorted(
        text.index(f"{n}. {name}") for n, name in enumerate(names, start=1))
    assert kiosk.takehome.spool.files() == []
    qtbot.mouseClick(find(page, "print-done"), Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "mylist" and kiosk.session.my_list == added


def test_a_printer_problem_is_said_in_the_residents_language_and_the_list_is_kept(qtbot, kiosk):
    added = add_three(qtbot, kiosk)
    kiosk.router.set_language("sv")
    kiosk.takehome.use_backend(NoPrinter())
    kiosk.router.go("print")
    page = kiosk.pages["print"]
    qtbot.mouseClick(find(page, "print-now"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.state == "failed")
    assert page.status.text() == gettext(PROBLEM_TEXTS[NO_PRINTER], "sv")
    assert kiosk.session.my_list == added and kiosk.takehome.spool.files() == []
    qtbot.mouseClick(find(page, "print-to-phone"), Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "qr"


def test_the_qr_view_shows_codes_a_phone_reads(qtbot, kiosk, tmp_path):
    need("zbarimg")
    add_three(qtbot, kiosk)
    qtbot.mouseClick(kiosk.window.bar.my_list, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(kiosk.pages["mylist"], "phone-list"), Qt.MouseButton.LeftButton)
    page = kiosk.pages["qr"]
    assert kiosk.router.current == "qr" and len(page.codes) == 3
    assert page.instruction.text() == _("Open your phone's camera and point it at the code")
    for index in range(3):
        shot = tmp_path / f"screen-{index}.png"
        page.picture.pixmap().save(str(shot), "PNG")
        assert zbar_one(shot) == page.codes[index].payload
        assert page.counter.text().startswith(f"{index + 1}/3 ")
        qtbot.mouseClick(find(page, "qr-next"), Qt.MouseButton.LeftButton)
    assert page.index == 2 and not find(page, "qr-next").isEnabled()


def test_reset_removes_the_temporary_files_and_forgets_the_codes(qtbot, kiosk):
    add_three(qtbot, kiosk)
    kiosk.takehome.use_backend(WindowsBackend(startfile=lambda _path, _verb: None))  # keeps its file
    kiosk.router.go("print")
    page = kiosk.pages["print"]
    qtbot.mouseClick(find(page, "print-now"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.state == "done")
    assert len(kiosk.takehome.spool.files()) == 1
    kiosk.router.go("qr")
    kiosk.router.restart()
    assert kiosk.takehome.spool.files() == []
    assert kiosk.pages["qr"].codes == [] and kiosk.pages["print"].state == "idle"


def test_a_late_print_answer_after_a_reset_is_dropped(qtbot, kiosk):
    add_three(qtbot, kiosk)
    kiosk.router.go("print")
    held: list = []
    kiosk.takehome.jobs = type("Held", (), {"submit": lambda self, job, done, failed=None: held.append(done)})()
    qtbot.mouseClick(find(kiosk.pages["print"], "print-now"), Qt.MouseButton.LeftButton)
    kiosk.router.restart()
    held[0](None)
    assert kiosk.pages["print"].state == "idle"


def test_the_answers_picture_is_offered_only_when_the_session_has_one(qtbot, kiosk):
    add_three(qtbot, kiosk)
    kiosk.router.go("print")
    assert find(kiosk.pages["print"], "chip-print-answers").isHidden()
    from kiosk.assessment.answers import Answers

    kiosk.session.answers = Answers((("moving", ("more",)),))  # "Haluaisin liikkua enemmän"
    kiosk.router.go("mylist")
    kiosk.router.go("print")
    assert not find(kiosk.pages["print"], "chip-print-answers").isHidden()


def test_staff_preview_and_save_an_activity_sheet(qtbot, kiosk, tmp_path):
    kiosk.router.go("staff")
    qtbot.mouseClick(find(kiosk.pages["staff"], "chip-staff-tab-tools"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(kiosk.pages["staff"], "staff-sheets"), Qt.MouseButton.LeftButton)
    page = kiosk.pages["sheets"]
    assert kiosk.router.current == "sheets"
    qtbot.mouseClick(find(page, "sheet-preview"), Qt.MouseButton.LeftButton)
    assert page.result.text() == "✗ " + _("Choose at least one theme.")
    qtbot.mouseClick(find(page, "chip-area-sports"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(page, "chip-municipality-205"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(page, "chip-lang-sv"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(page, "sheet-preview"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.preview_card.isHidden())
    assert "Gym för seniorer" in page.summary.text()
    qtbot.mouseClick(find(page, "sheet-more"), Qt.MouseButton.LeftButton)
    assert page.copies == 2
    qtbot.mouseClick(find(page, "sheet-save"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result.text().startswith("✓"))
    (saved,) = (tmp_path / "printed").iterdir()
    text = " ".join(pdf_text(saved).split())
    assert "Motion och idrott" in text and "Kajana" in text and "Gym för seniorer" in text
    qtbot.mouseClick(find(page, "sheet-print"), Qt.MouseButton.LeftButton)  # the folder backend "prints"
    qtbot.waitUntil(lambda: "2" in page.result.text())
    assert len(list((tmp_path / "printed").iterdir())) == 2
    assert kiosk.takehome.spool.files() == []


def test_screenshots_of_the_new_pages_render(tmp_path):
    for name, size in (("qr", "1080x1920"), ("print", "1920x1080"), ("sheets", "1080x1920")):
        out = tmp_path / f"{name}.png"
        result = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path / "d"), "screenshot",
                                 "--page", name, "--lang", "fi", "--size", size, "-o", str(out)],
                                capture_output=True, text=True, env={"QT_QPA_PLATFORM": "offscreen",
                                                                     "PATH": "/usr/bin:/bin"})
        assert result.returncode == 0, result.stderr[-1000:]
        assert out.stat().st_size > 10_000


def test_suggestions_go_home_on_paper_with_the_picture_of_the_answers_only_when_chosen(qtbot, kiosk, tmp_path):
    from kiosk.assessment.answers import Answers

    kiosk.router.start("fi")
    kiosk.session.answers = Answers((("company", ("often",)), ("interests", ("music",))))
    kiosk.router.go("suggest")
    qtbot.mouseClick(find(kiosk.pages["suggest"], "suggest-add-all"), Qt.MouseButton.LeftButton)
    assert len(kiosk.session.my_list) >= 3
    kiosk.router.go("mylist")
    kiosk.router.go("print")
    page = kiosk.pages["print"]
    chip = find(page, "chip-print-answers")
    assert not chip.isHidden()
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(page, "print-now"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.state == "done")
    (saved,) = (tmp_path / "printed").iterdir()
    text = " ".join(pdf_text(saved).split())
    assert "Seura: Usein, olen paljon yksin" in text
    need("pdfimages")
    images = subprocess.run(["pdfimages", "-list", str(saved)], capture_output=True, text=True, check=True).stdout
    assert any(line.split()[2:3] == ["image"] and int(line.split()[3]) >= 400 for line in images.splitlines()[2:])
