"""The result card: what it shows, tap to open, add/remove with the list button, hostile text as text.

``make_card`` and ``make_detail`` build hand-made views; the page tests import them from here.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.i18n import set_language
from kiosk.model import TrayItem
from kiosk.views import Block, Card, Detail, LocationView, PhoneView, ProgrammeView
from ui.widgets.card import ResultCard

HOSTILE = '<script>alert(1)</script> <b>Bold</b> <a href="javascript:evil()">x</a>'


def make_card(item_id: str = "local:1", name: str = "Ikäihmisten kuntosali", **fields: Any) -> Card:
    values: dict[str, Any] = dict(
        id=item_id,
        name=name,
        name_lang="fi",
        organiser="Kajaanin kaupunki",
        municipality="Kajaani",
        nationwide=False,
        status="Avoinna nyt, klo 9–11",
        open_now=True,
        cost="free",
        cost_text="Maksuton",
        languages=("fi", "sv"),
        languages_text="suomi, ruotsi",
        accessibility="Esteetön sisäänkäynti",
        distance_m=2400.0,
        distance_text="2,4 km",
        categories=("sports",),
        online=False,
        programmes=(),
    )
    values.update(fields)
    return Card(**values)


def make_detail(card: Card | None = None, **fields: Any) -> Detail:
    card = card or make_card(programmes=("kaikukortti", "liikuntalahete"))
    values: dict[str, Any] = dict(
        card=card,
        summary="Ohjattua kuntosaliharjoittelua yli 65-vuotiaille.",
        summary_lang="fi",
        blocks=(
            Block("heading", "Mitä teemme"),
            Block("bullet", "lihaskunto ja tasapaino"),
            Block("number", "Tule paikalle", 1),
            Block("number", "Kysy ohjaajalta", 2),
            Block("para", "Harjoittelu on kevyttä ja sopii kaikille. " * 4),
        ),
        blocks_lang="fi",
        cost_info="Ei maksa mitään.",
        locations=(
            LocationView(
                "Liikuntahalli",
                "Kauppakatu 1, 87100 Kajaani",
                ("ma 9.00–11.00", "ke 13.00–15.00"),
                "Suljettu pyhinä",
                "Esteetön sisäänkäynti",
                "2,4 km",
            ),
        ),
        phones=(
            PhoneView("+358 8 123 4567", "Neuvonta", "Maksuton", ("ti 8.00–16.00",)),
            PhoneView("0800 123 456", None, "pvm/mpm"),
        ),
        web=(("Kuntosali", "https://example.fi/kuntosali"),),
        emails=("kuntosali@example.fi",),
        provided_by="Tiedot: Kajaanin kaupunki · päivitetty 2.10.2026",
        item=TrayItem(id=card.id, kind="service", names={"fi": card.name}, source="local"),
        programmes=(
            ProgrammeView("kaikukortti", "Kaikukortti", "Korttia voi kysyä omalta työntekijältä."),
            ProgrammeView("liikuntalahete", "Liikuntalähete", None),
        ),
    )
    values.update(fields)
    return Detail(**values)


@pytest.fixture(autouse=True)
def finnish() -> Any:
    set_language("fi")
    yield
    set_language("fi")


def labels_text(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget))


def test_card_shows_name_place_status_cost_languages_and_accessibility(qtbot: Any) -> None:
    card = ResultCard(make_card(), in_list=False)
    qtbot.addWidget(card)
    text = labels_text(card)
    for part in (
        "Ikäihmisten kuntosali",
        "Kajaanin kaupunki",
        "Kajaani · 2,4 km",
        "Avoinna nyt, klo 9–11",
        "Maksuton",
        "suomi, ruotsi",
        "Esteetön sisäänkäynti",
    ):
        assert part in text
    assert card.objectName() == "card-local:1"
    assert card.property("role") == "card"


def test_card_says_when_hours_are_unknown_and_when_nationwide(qtbot: Any) -> None:
    card = ResultCard(
        make_card(status=None, open_now=None, nationwide=True, municipality=None, distance_text=None), in_list=False
    )
    qtbot.addWidget(card)
    assert card.lines["status"].text() in ("Opening hours not known", "Aukioloajat eivät tiedossa")
    assert card.lines["place"].text() in ("Whole country", "Koko maa")


def test_card_add_button_emits_add_and_the_card_says_it_is_on_the_list(qtbot: Any) -> None:
    card = ResultCard(make_card(), in_list=False)
    qtbot.addWidget(card)
    card.show()
    add = card.findChild(QAbstractButton, "add-local:1")
    remove = card.findChild(QAbstractButton, "remove-local:1")
    status = card.findChild(QLabel, "onlist-local:1")
    assert add.isVisible() and not remove.isVisible() and not status.isVisible()
    with qtbot.waitSignal(card.add_requested) as blocker:
        qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert blocker.args == ["local:1"]
    assert status.isVisible() and "✓" in status.text() and not add.isVisible()
    with qtbot.assertNotEmitted(card.remove_requested):  # a second, impatient tap where "+ Add" was
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=add.geometry().center() + add.parentWidget().pos())
    assert remove.isVisible() and remove.text() and "✓" not in remove.text()
    with qtbot.waitSignal(card.remove_requested) as blocker:
        qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert blocker.args == ["local:1"]
    assert add.isVisible() and add.text().startswith("+")


def test_set_in_list_changes_the_button_without_emitting(qtbot: Any) -> None:
    card = ResultCard(make_card(), in_list=False)
    qtbot.addWidget(card)
    with qtbot.assertNotEmitted(card.add_requested), qtbot.assertNotEmitted(card.remove_requested):
        card.set_in_list(True)
    assert card.in_list and card.on_list.text().startswith("✓") and card.add_button.isHidden()


def test_tap_on_the_card_opens_the_item(qtbot: Any) -> None:
    card = ResultCard(make_card(), in_list=False)
    qtbot.addWidget(card)
    card.show()
    with qtbot.waitSignal(card.opened) as blocker:
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert blocker.args == ["local:1"]
    with qtbot.waitSignal(card.opened):
        qtbot.mouseClick(card.name, Qt.MouseButton.LeftButton)


def test_card_marks_a_name_in_another_language_and_demo_data(qtbot: Any) -> None:
    set_language("sv")
    card = ResultCard(make_card(demo=True), in_list=False)
    qtbot.addWidget(card)
    assert card.marks is not None
    assert card.marks.text() in ("(in Finnish) · Example", "(på finska) · Exempel")
    same = ResultCard(make_card(name_lang="sv"), in_list=False)
    qtbot.addWidget(same)
    assert same.marks is None


def test_hostile_markup_in_a_card_is_shown_as_plain_text(qtbot: Any) -> None:
    card = ResultCard(make_card(name=HOSTILE, organiser=HOSTILE, accessibility=HOSTILE), in_list=False)
    qtbot.addWidget(card)
    assert card.name.text() == HOSTILE
    for label in card.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert not label.openExternalLinks()
    assert "<script>" in card.findChild(QLabel, "card-organiser").text()
    assert "javascript:" in card.lines["accessibility"].text()


def test_every_control_on_a_card_has_an_accessible_name(qtbot: Any) -> None:
    card = ResultCard(make_card(), in_list=True)
    qtbot.addWidget(card)
    assert card.accessibleName() == "Ikäihmisten kuntosali"
    for button in card.findChildren(QAbstractButton):
        assert button.accessibleName().strip()
    assert "Ikäihmisten kuntosali" in card.remove_button.accessibleName()
