"""The self-assessment as a resident uses it: taps through the real kiosk on the demo tray."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QScroller

from kiosk.assessment.pack import load_pack
from tests.ui_support import demo_config, find, make_kiosk


class Clock:
    """The page's clock: a person takes a second between two taps unless a test says otherwise."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def kiosk(qtbot, tmp_path, tmp_path_factory):  # type: ignore[no-untyped-def]
    k = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    k.router.start("fi")
    k.clock = Clock()
    k.router.pages["assess"].clock = k.clock
    yield k


def tap(qtbot, kiosk, name: str, *, after: float = 1.0) -> None:  # type: ignore[no-untyped-def]
    kiosk.clock.now += after
    QApplication.processEvents()  # widgets added to a shown page appear when the event loop runs
    widget = find(kiosk.window, name)
    for area in kiosk.window.findChildren(QScrollArea):  # scroller gestures would eat the synthetic taps
        QScroller.ungrabGesture(area.viewport())
    assert widget.isVisible(), f"{name} is not visible"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def back(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    """Tap the shown page's own Back."""
    QApplication.processEvents()
    qtbot.mouseClick(page(kiosk).back_button, Qt.MouseButton.LeftButton)


def page(kiosk):  # type: ignore[no-untyped-def]
    return kiosk.router.pages[kiosk.router.current]


def test_home_leads_to_the_first_question_one_per_screen(qtbot, kiosk):
    tap(qtbot, kiosk, "assess-path")
    assert kiosk.router.current == "assess"
    assert find(kiosk.window, "assess-question").text() == "Miten elämä sujuu nyt?"
    assert find(kiosk.window, "assess-progress").text() == f"1 / {load_pack().steps}"
    tap(qtbot, kiosk, "answer-overall-so-so")
    assert find(kiosk.window, "assess-question").text() == "Liikutko niin paljon kuin haluaisit?"
    assert kiosk.session.answers.get("overall") == ("so-so",)
    assert find(kiosk.window, "assess-progress").text().startswith("2 / ")


def test_skip_back_and_the_chosen_answer_shows_when_returning(qtbot, kiosk):
    kiosk.router.go("assess")
    tap(qtbot, kiosk, "answer-overall-well")
    tap(qtbot, kiosk, "assess-skip")
    assert kiosk.session.answers.get("moving") == ()
    assert kiosk.session.assess_step == 2
    back(qtbot, kiosk)
    back(qtbot, kiosk)
    assert kiosk.session.assess_step == 0
    assert find(kiosk.window, "answer-overall-well").chosen
    assert not find(kiosk.window, "answer-overall-so-so").chosen
    back(qtbot, kiosk)  # on the first question Back leaves the flow
    assert kiosk.router.current == "home"
    assert kiosk.session.answers.get("overall") == ("well",)  # nothing lost


def test_several_answers_then_continue(qtbot, kiosk):
    kiosk.session.assess_step = 4
    kiosk.router.go("assess")
    assert find(kiosk.window, "assess-next").isVisible()
    tap(qtbot, kiosk, "answer-interests-music")
    tap(qtbot, kiosk, "answer-interests-nature")
    tap(qtbot, kiosk, "answer-interests-music")  # a second tap takes it back
    assert find(kiosk.window, "answer-interests-nature").chosen
    tap(qtbot, kiosk, "assess-next")
    assert kiosk.session.answers.get("interests") == ("nature",)
    assert kiosk.session.assess_step == 5


def test_show_suggestions_now_at_any_time(qtbot, kiosk):
    kiosk.router.go("assess")
    tap(qtbot, kiosk, "answer-overall-well")
    tap(qtbot, kiosk, "assess-show-now")
    assert kiosk.router.current == "suggest"
    suggest = page(kiosk)
    assert suggest.rec is not None and 3 <= len(suggest.cards) <= 8
    assert suggest.cards[0].findChild(type(find(kiosk.window, "suggest-intro")), f"reason-{suggest.cards[0].item_id}-0")


def test_the_last_screen_asks_practical_wishes_and_they_narrow_the_suggestions(qtbot, kiosk):
    kiosk.session.assess_step = load_pack().steps - 1
    kiosk.router.go("assess")
    tap(qtbot, kiosk, "chip-free_only")
    assert kiosk.session.answers.preferences.free_only
    tap(qtbot, kiosk, "chip-municipality-205")
    assert kiosk.session.answers.preferences.municipality == "205"
    tap(qtbot, kiosk, "assess-next")
    assert kiosk.router.current == "suggest"
    rec = page(kiosk).rec
    assert rec.suggestions and all(s.card.cost == "free" for s in rec.suggestions)


def test_switching_language_mid_flow_keeps_the_answers(qtbot, kiosk):
    kiosk.router.go("assess")
    tap(qtbot, kiosk, "answer-overall-well")
    tap(qtbot, kiosk, "answer-moving-more")
    kiosk.router.set_language("sv")
    assert find(kiosk.window, "assess-question").text() == "Har det varit tungt?"
    back(qtbot, kiosk)
    assert find(kiosk.window, "answer-moving-more").chosen
    assert find(kiosk.window, "answer-moving-more").words.text() == "Jag vill röra mig mer"
    assert kiosk.session.answers.get("overall") == ("well",)


def test_idle_reset_mid_flow_forgets_every_answer(qtbot, kiosk):
    kiosk.router.go("assess")
    tap(qtbot, kiosk, "answer-overall-badly")
    tap(qtbot, kiosk, "answer-moving-hard")
    kiosk.idle.expire()  # what the idle countdown does at zero
    assert kiosk.router.current == "attract"
    assert not kiosk.session.answers.chosen and kiosk.session.assess_step == 0
    kiosk.router.start("fi")
    kiosk.router.go("assess")
    assert find(kiosk.window, "assess-question").text() == "Miten elämä sujuu nyt?"
    assert not any(b.chosen for b in page(kiosk).buttons.values())


def test_helper_mode_shows_a_conversation_prompt(qtbot, kiosk):
    kiosk.router.go("assess")
    card = find(kiosk.window, "assess-helper-card")
    assert not card.isVisible()
    tap(qtbot, kiosk, "assess-helper")
    assert kiosk.session.helper_mode and card.isVisible()
    assert find(kiosk.window, "assess-helper-text").text() == load_pack().questions[0].helper("fi")
    kiosk.router.restart()
    assert not kiosk.session.helper_mode


def test_very_hard_shows_support_before_the_suggestions(qtbot, kiosk):
    kiosk.session.assess_step = 2
    kiosk.router.go("assess")
    tap(qtbot, kiosk, "answer-coping-very")
    tap(qtbot, kiosk, "assess-show-now")
    assert kiosk.router.current == "support"
    assert find(kiosk.window, "phone-emergency").text() == "112"
    assert find(kiosk.window, "phone-mieli-fi").isVisible()
    assert "ei tallenneta" in find(kiosk.window, "support-not-saved").text()
    tap(qtbot, kiosk, "support-suggestions")
    assert kiosk.router.current == "suggest"
    back(qtbot, kiosk)
    assert kiosk.router.current == "support"


def test_add_all_puts_every_suggestion_on_the_list_with_an_undo(qtbot, kiosk):
    kiosk.router.go("assess")
    tap(qtbot, kiosk, "answer-overall-well")
    tap(qtbot, kiosk, "assess-show-now")
    ids = [s.id for s in page(kiosk).rec.suggestions]
    tap(qtbot, kiosk, "suggest-add-all")
    assert kiosk.session.my_list == ids
    assert not find(kiosk.window, "suggest-add-all").isEnabled()
    assert all(card.in_list for card in page(kiosk).cards)
    tap(qtbot, kiosk, "snackbar-action")
    assert kiosk.session.my_list == []


def test_a_suggestion_opens_its_detail_and_back_returns(qtbot, kiosk):
    kiosk.router.go("assess")
    tap(qtbot, kiosk, "answer-overall-well")
    tap(qtbot, kiosk, "assess-show-now")
    first = page(kiosk).cards[0]
    qtbot.mouseClick(first.name, Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "detail" and kiosk.router.item_id == first.item_id
    back(qtbot, kiosk)
    assert kiosk.router.current == "suggest"


def test_an_impatient_double_tap_answers_one_question_not_two(qtbot, kiosk):
    kiosk.router.go("assess")
    tap(qtbot, kiosk, "answer-overall-so-so")
    tap(qtbot, kiosk, "answer-moving-hard", after=0.2)  # the second tap of a double tap, at the same place
    assert kiosk.session.assess_step == 1 and kiosk.session.answers.get("moving") is None
    tap(qtbot, kiosk, "assess-skip", after=0.1)
    assert kiosk.session.assess_step == 1
    tap(qtbot, kiosk, "answer-moving-hard")  # a considered tap a moment later counts
    assert kiosk.session.answers.get("moving") == ("hard",) and kiosk.session.assess_step == 2
