"""The detail page: everything of an item as plain text, phones large, hours, who tells, add/remove, not found."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea, QScroller

from kiosk.i18n import set_language
from kiosk.session import Session
from kiosk.views import Block
from tests.test_card import HOSTILE, make_card, make_detail
from tests.ui_support import demo_config, find, make_kiosk
from ui.context import UiContext
from ui.pages.detail import ZWSP, DetailPage
from ui.theme import stylesheet


@pytest.fixture
def page(qtbot, tmp_path, tmp_path_factory):
    set_language("fi")
    ctx = UiContext(config=demo_config(tmp_path, tmp_path_factory), session=Session())
    p = DetailPage(ctx)
    qtbot.addWidget(p)
    p.resize(1080, 1600)
    p.show()
    for area in p.findChildren(QScrollArea):  # see plain_taps in test_page_results
        QScroller.ungrabGesture(area.viewport())
    yield p
    set_language("fi")


@pytest.fixture
def styled():
    app = QApplication.instance()
    app.setStyleSheet(stylesheet(0, False))
    yield
    app.setStyleSheet("")


def texts(page):
    return [label.text().replace(ZWSP, "") for label in page.findChildren(QLabel) if label.isVisibleTo(page)]


def test_detail_shows_name_summary_blocks_hours_phones_and_who_tells(page):
    page.show_detail(make_detail(), False)
    shown = "\n".join(texts(page))
    assert page.title.text() == "Ikäihmisten kuntosali"
    for part in (
        "Kajaanin kaupunki",
        "Ohjattua kuntosaliharjoittelua",
        "Mitä teemme",
        "lihaskunto ja tasapaino",
        "1.  Tule paikalle",
        "2.  Kysy ohjaajalta",
        "Ei maksa mitään.",
        "Kauppakatu 1, 87100 Kajaani",
        "ma 9.00–11.00",
        "ke 13.00–15.00",
        "Suljettu pyhinä",
        "Esteetön sisäänkäynti",
        "https://example.fi/kuntosali",
        "kuntosali@example.fi",
        "Tiedot: Kajaanin kaupunki · päivitetty 2.10.2026",
    ):
        assert part in shown, part
    assert find(page, "provided-by").text() == "Tiedot: Kajaanin kaupunki · päivitetty 2.10.2026"
    assert find(page, "programme-kaikukortti").isVisibleTo(page)
    assert find(page, "programme-kaikukortti-how").text() == "Korttia voi kysyä omalta työntekijältä."
    assert find(page, "programme-liikuntalahete").text() == "Liikuntalähete"


def test_phone_numbers_are_large(page, styled):
    page.show_detail(make_detail(), False)
    phone = find(page, "phone-0")
    assert phone.text() == "+358 8 123 4567" and phone.property("role") == "phone"
    assert find(page, "phone-1").text() == "0800 123 456"
    body = find(page, "hours-0-0")
    assert phone.fontInfo().pixelSize() >= 1.4 * body.fontInfo().pixelSize()


def test_each_description_block_is_its_own_plain_label(page):
    page.show_detail(make_detail(), False)
    kinds = {find(page, f"block-{i}").property("role") for i in (0,)}
    assert kinds == {"subheading"}
    assert find(page, "block-1").text().startswith("•")
    assert find(page, "block-4").text().startswith("Harjoittelu")


def test_hostile_markup_is_shown_literally(page):
    card = make_card(name=HOSTILE, organiser=HOSTILE)
    detail = make_detail(
        card,
        summary=HOSTILE,
        blocks=(Block("para", HOSTILE), Block("heading", "<b>x</b>")),
        web=(("<b>evil</b>", "javascript:alert(1)"),),
        emails=("<script>@x",),
    )
    page.show_detail(detail, False)
    for label in page.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert not label.openExternalLinks()
    assert page.title.text() == HOSTILE
    assert find(page, "detail-summary").text() == HOSTILE
    assert find(page, "block-0").text() == HOSTILE
    assert find(page, "block-1").text() == "<b>x</b>"
    assert "javascript:alert(1)" in find(page, "web-0").text().replace(ZWSP, "")
    assert "<script>" in find(page, "detail-organiser").text()


def test_a_long_web_address_wraps_instead_of_being_cut(page, styled):
    url = "https://esimerkki.example/290/support-for-living-at-home-and-a-very-long-path-that-goes-on"
    page.resize(700, 1200)
    page.show_detail(
        make_detail(web=(("", url),), emails=("very.long.name.of.a.person@example-organisation.fi",)), False
    )
    QApplication.processEvents()
    for name in ("web-0", "email-0"):
        label = find(page, name)
        pieces = label.text().replace(ZWSP, " ").split()
        assert max(label.fontMetrics().horizontalAdvance(p) for p in pieces) <= label.width(), name
    assert find(page, "web-0").text().replace(ZWSP, "") == url and find(page, "web-0").accessibleName() == url


def test_a_finnish_only_item_in_swedish_is_marked(page):
    page.ctx.session.language = "sv"
    set_language("sv")
    page.show_detail(make_detail(), False)
    assert find(page, "detail-marker").text() in ("(in Finnish)", "(på finska)")
    assert find(page, "lang-note-summary").isVisibleTo(page)
    page.ctx.session.language = "fi"
    set_language("fi")
    page.retranslate()
    assert page.findChild(QLabel, "detail-marker") is None


def test_add_at_the_bottom_and_remove_with_its_own_button(page, qtbot):
    page.show_detail(make_detail(), False)
    action, remove, status = find(page, "detail-action"), find(page, "detail-remove"), find(page, "detail-on-list")
    assert action.isVisibleTo(page) and action.text().startswith("+") and not remove.isVisibleTo(page)
    with qtbot.waitSignal(page.add_requested) as blocker:
        qtbot.mouseClick(action, Qt.MouseButton.LeftButton)
    assert blocker.args == ["local:1"]
    assert status.isVisibleTo(page) and status.text().startswith("✓") and not action.isVisibleTo(page)
    with qtbot.waitSignal(page.remove_requested) as blocker:
        qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert blocker.args == ["local:1"]
    assert action.isVisibleTo(page)
    page.mark_in_list({"local:1"})
    assert status.isVisibleTo(page) and remove.isVisibleTo(page)


def test_action_is_below_the_text_at_the_bottom_of_the_page(page, styled):
    page.show_detail(make_detail(), False)
    action = find(page, "detail-action")
    assert action.geometry().top() >= page.area.geometry().bottom()
    assert action.height() >= 64


def test_not_found_offers_a_way_back(page, qtbot):
    page.show_detail(None, False)
    assert not find(page, "detail-action").isVisibleTo(page)
    assert find(page, "not-found").isVisibleTo(page)
    with qtbot.waitSignal(page.back_requested):
        qtbot.mouseClick(find(page, "not-found-back"), Qt.MouseButton.LeftButton)


def test_minimal_item_shows_unknowns_without_crashing(page):
    card = make_card(organiser=None, status=None, languages_text="", accessibility=None, distance_text=None)
    page.show_detail(
        make_detail(card, summary=None, blocks=(), cost_info=None, locations=(), phones=(), web=(), emails=()), True
    )
    shown = texts(page)
    assert any("Opening hours not known" in t or "Aukioloajat" in t for t in shown)
    assert find(page, "detail-on-list").text().startswith("✓")


def test_reset_forgets_the_item(page):
    page.show_detail(make_detail(), True)
    page.reset()
    assert page.detail is None and page.title.text() == ""
    assert page.findChild(QLabel, "provided-by") is None


def test_every_control_has_an_accessible_name(page):
    page.show_detail(make_detail(), False)
    for button in page.findChildren(QAbstractButton):
        assert button.accessibleName().strip(), button.objectName()
    page.show_detail(replace(make_detail(), phones=()), True)
    for button in page.findChildren(QAbstractButton):
        assert button.accessibleName().strip(), button.objectName()


def test_detail_flow_through_the_kiosk_and_language_switch(qtbot, tmp_path, tmp_path_factory):
    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    kiosk.router.start("fi")
    kiosk.router.open_category("sports")
    first = next(iter(kiosk.pages["results"].cards))
    kiosk.router.open_item(first)
    detail = kiosk.pages["detail"]
    for area in detail.findChildren(QScrollArea):  # see test_page_results.plain_taps
        QScroller.ungrabGesture(area.viewport())
    assert detail.detail is not None and detail.detail.card.id == first
    assert find(detail, "provided-by").text()
    qtbot.mouseClick(find(detail, "detail-action"), Qt.MouseButton.LeftButton)
    assert kiosk.session.my_list == [first]
    assert detail.in_list
    kiosk.router.set_language("sv")
    assert kiosk.router.current == "detail"
    assert detail.detail is not None and detail.in_list
    assert find(detail, "detail-on-list").text().startswith("✓")
    kiosk.close()


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 800)])
def test_phone_numbers_never_wrap_and_no_wrapped_line_is_cut(qtbot, tmp_path, tmp_path_factory, size):
    from PySide6.QtWidgets import QLabel

    kiosk = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory), size=size)
    kiosk.router.start("fi")
    kiosk.router.set_text_size(2)
    kiosk.router.open_item("demo:0001")
    qtbot.wait(10)
    page = kiosk.pages["detail"]
    phone = find(page, "phone-0")
    assert not phone.wordWrap() and phone.width() >= phone.sizeHint().width()
    for label in page.content.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), (label.objectName(), label.text()[:40])
    kiosk.close()
