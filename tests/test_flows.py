"""Whole-kiosk flows a resident goes through, on the demo tray with the synchronous runner."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from tests.ui_support import demo_config, find, make_kiosk


@pytest.fixture
def kiosk(qtbot, tmp_path, tmp_path_factory):
    k = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    yield k
    k.close()


def click(qtbot, widget: QWidget) -> None:
    assert widget.isVisible(), f"{widget.objectName()} is not visible"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def current(kiosk) -> str:  # type: ignore[no-untyped-def]
    return kiosk.router.current


def test_attract_home_theme_results_detail_add_to_list(qtbot, kiosk):
    w = kiosk.window
    assert current(kiosk) == "attract"
    click(qtbot, find(w, "lang-start-sv"))
    assert current(kiosk) == "home" and kiosk.session.language == "sv"
    click(qtbot, find(w, "browse-path"))
    assert current(kiosk) == "browse"
    click(qtbot, find(w, "tile-sports"))
    assert current(kiosk) == "results"
    results = kiosk.pages["results"]
    cards = [c for c in results.findChildren(QWidget) if c.objectName().startswith("card-")]
    assert cards, "the sports theme shows cards"
    first_id = cards[0].objectName().removeprefix("card-")
    kiosk.router.open_item(first_id)
    assert current(kiosk) == "detail"
    click(qtbot, find(kiosk.pages["detail"], "detail-action"))
    assert kiosk.session.my_list == [first_id]
    assert "(1)" in find(w, "my-list").text()
    click(qtbot, find(w, "my-list"))
    assert current(kiosk) == "mylist"
    assert kiosk.pages["mylist"].findChild(QWidget, f"card-{first_id}") is not None


def _card_count(kiosk) -> int:  # type: ignore[no-untyped-def]
    note = find(kiosk.pages["results"], "title")
    digits = "".join(ch for ch in note.text().rsplit("(", 1)[-1] if ch.isdigit())
    return int(digits)


def test_filters_narrow_the_results(qtbot, kiosk):
    kiosk.router.start("fi")
    kiosk.router.open_category("sports")
    before = _card_count(kiosk)
    click(qtbot, find(kiosk.pages["results"], "chip-free"))
    after_free = _card_count(kiosk)
    assert 0 < after_free < before
    assert kiosk.session.query.free is True
    click(qtbot, find(kiosk.pages["results"], "chip-mun-205"))
    after_both = _card_count(kiosk)
    assert 0 < after_both <= after_free
    assert kiosk.session.query.municipalities == ("205",)


def test_language_switch_on_a_detail_page_retranslates_content(qtbot, kiosk):
    kiosk.router.start("fi")
    kiosk.router.open_item("demo:0001")
    detail = kiosk.pages["detail"]
    fi_title = find(detail, "title").text()
    fi_action = find(detail, "detail-action").text()
    click(qtbot, find(kiosk.window, "lang-sv"))
    assert kiosk.session.language == "sv" and current(kiosk) == "detail"
    assert find(detail, "title").text() != fi_title  # the item has a Swedish name
    assert find(detail, "detail-action").text() != fi_action
    assert find(kiosk.window, "restart").text().endswith("Avsluta och rensa")


def test_hostile_markup_in_an_item_is_shown_as_text(qtbot, tmp_path, tmp_path_factory):
    from kiosk import snapshot
    from kiosk.cache import open_cache, write_items
    from kiosk.model import TrayItem

    cfg = demo_config(tmp_path, tmp_path_factory)
    db = open_cache(snapshot.demo_path(cfg.data_dir))
    hostile = TrayItem(
        id="local:evil", kind="service", source="demo", categories=("sports",), areas=("205",),
        names={"fi": "<b>Lihava</b> <script>alert(1)</script>"},
        descriptions={"fi": "<img src=x onerror=alert(1)> [linkki](javascript:alert(1))\n### Otsikko"},
    )
    write_items(db, [hostile])
    db.close()
    k = make_kiosk(qtbot, cfg)
    k.router.start("fi")
    k.router.open_item("local:evil")
    labels = [lbl for lbl in k.pages["detail"].findChildren(QLabel) if lbl.isVisible() and lbl.text()]
    texts = " ".join(lbl.text() for lbl in labels)
    assert "<script>" in texts and "<b>" in texts
    for lbl in labels:
        assert lbl.textFormat() in (Qt.TextFormat.PlainText,) or not any(c in lbl.text() for c in "<>&"), lbl.text()
    k.close()


def test_every_interactive_control_has_an_accessible_name(qtbot, kiosk):
    kiosk.router.start("fi")
    kiosk.session.add("demo:0001")
    missing = []
    for name in kiosk.pages:
        if name == "results":
            kiosk.router.open_category("sports")
        elif name == "detail":
            kiosk.router.open_item("demo:0001")
        elif name == "search":
            kiosk.router.go("search")
            kiosk.router.search("kunto")
        else:
            kiosk.router.go(name)
        for widget in kiosk.window.findChildren(QWidget):
            if not widget.isVisible() or not isinstance(widget, (QAbstractButton, QLineEdit)):
                continue
            if not widget.accessibleName().strip():
                missing.append(f"{name}: {type(widget).__name__} {widget.objectName()!r} {getattr(widget, 'text', lambda: '')()!r}")
    assert not missing, "\n".join(sorted(set(missing)))
