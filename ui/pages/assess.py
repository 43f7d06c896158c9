""""Mitä minulle sopisi?": the guided self-assessment, one question per screen.

Large answer buttons with a pictogram and words; "3 / 8"; "En halua vastata" on every question; "Näytä
ehdotukset nyt" at any time; the page's Back goes to the previous question. A question with several answers
("Voit valita monta") has "Jatka". The last screen asks for practical wishes (municipality, time of day,
language, free only, accessible, by phone or online) as chips. A volunteer sitting beside the resident can
turn on conversation prompts ("Avustajan vinkit").

The page only shows the session's state (:attr:`Session.answers`, :attr:`Session.assess_step`); every tap is
an intent the assessment controller (:mod:`ui.assessment`) answers. Nothing is stored anywhere else, so a
language change keeps the answers and a reset forgets them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from kiosk import reads
from kiosk.assessment.answers import Preferences
from kiosk.assessment.pack import Pack, Preference, Question, load_pack
from kiosk.i18n import _, current_language
from ui.icons import IconMark
from ui.pages.base import SHORT_PAGE_PX, Page
from ui.pages.spec import Intent, PageLoad, PageSpec, View, answer
from ui.widgets.chips import Chip, ChipGroup, FlowLayout
from ui.widgets.common import Button, Card, LayoutButton, TextLabel, clear_layout, set_role, touch_scroll_area

TWO_COLUMNS_MIN_PX = 1400  # wider than this, answers stand in two columns
# A new question appears where the last one's answers were: an impatient double tap must not answer it too.
SETTLE_S = 0.6


def set_chosen(widget: QWidget, chosen: bool) -> None:
    """Mark an answer as chosen (the style draws a thick border and a light background; "✓" says it too)."""
    widget.setProperty("chosen", "true" if chosen else "false")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class AnswerButton(LayoutButton):
    """One answer: its pictogram, its words, and "✓" when chosen."""

    def __init__(self, pictogram: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(QHBoxLayout(), object_name, parent)
        self.setProperty("role", "answer")
        self.box.setContentsMargins(20, 14, 20, 14)
        self.box.setSpacing(20)
        kind, _sep, name = pictogram.partition("/")
        self.mark = IconMark(name, kind=kind, scale=1.9)
        self.mark.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.box.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignVCenter)
        self.words = TextLabel("", role="answer")
        self.add_label(self.words, 1)
        self.tick = TextLabel("", role="subheading")
        self.tick.setWordWrap(False)
        self.add_label(self.tick)
        self.chosen = False

    def set_texts(self, label: str, chosen: bool) -> None:
        self.chosen = chosen
        self.words.setText(label)
        self.tick.setText("✓" if chosen else "")
        self.set_accessible(label)
        self.setAccessibleDescription(_("Chosen") if chosen else "")
        set_chosen(self, chosen)


class AssessPage(Page):
    name = "assess"
    answer_chosen = Signal(str, list)
    step_requested = Signal(int)
    preferences_changed = Signal(object)
    suggestions_requested = Signal()
    helper_toggled = Signal(bool)

    def build(self) -> None:
        self.pack: Pack = load_pack()
        self.back_button.clicked.disconnect()
        self.back_button.clicked.connect(self._back)
        top = QHBoxLayout()
        top.setSpacing(16)
        self.progress_text = TextLabel("", role="subheading")
        self.progress_text.setObjectName("assess-progress")
        self.progress_text.setWordWrap(False)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setObjectName("assess-progress-bar")
        self.helper_button = Chip("", "helper")
        self.helper_button.setObjectName("assess-helper")
        self.helper_button.toggled.connect(self.helper_toggled)
        top.addWidget(self.progress_text)
        top.addWidget(self.progress, 1)
        self.body.addLayout(top)

        content = QWidget()
        content.setObjectName("assess-content")
        box = QVBoxLayout(content)
        box.setContentsMargins(0, 0, 8, 0)
        box.setSpacing(20)
        self.question = TextLabel("", role="heading")
        self.question.setObjectName("assess-question")
        box.addWidget(self.question)
        self.helper_card = Card()
        self.helper_card.setObjectName("assess-helper-card")
        helper_box = QVBoxLayout(self.helper_card)
        helper_box.setContentsMargins(20, 14, 20, 14)
        self.helper_title = TextLabel("", role="small")
        self.helper_text = TextLabel("")
        self.helper_text.setObjectName("assess-helper-text")
        helper_box.addWidget(self.helper_title)
        helper_box.addWidget(self.helper_text)
        box.addWidget(self.helper_card)
        self.answers = QGridLayout()
        self.answers.setSpacing(16)
        box.addLayout(self.answers)
        self.prefs_box = QVBoxLayout()
        self.prefs_box.setSpacing(20)
        box.addLayout(self.prefs_box)
        # right under the answers: "I'd rather not answer", "Show suggestions now", the helper's tips
        # (in the scrolled content, so on a short screen with large text they never push the answers away)
        extras = QWidget()
        extras.setObjectName("assess-extras")
        row = FlowLayout(extras, spacing=16)
        self.skip = Button("", object_name="assess-skip")
        self.skip.clicked.connect(self._skip)
        self.show_now = Button("", object_name="assess-show-now")
        self.show_now.clicked.connect(self.suggestions_requested)
        for button in (self.skip, self.show_now, self.helper_button):
            row.addWidget(button)
        box.addSpacing(8)
        box.addWidget(extras)
        box.addStretch(1)
        self.scroll_area = touch_scroll_area(content)
        self.scroll_area.setObjectName("assess-scroll")
        self.body.addWidget(self.scroll_area, 1)
        # "Jatka" (several answers) and "Näytä ehdotukset" (the wishes) stay in sight below
        self.next = Button("", role="primary", object_name="assess-next")
        self.next.clicked.connect(self._next)
        self.body.addWidget(self.next, 0, Qt.AlignmentFlag.AlignRight)

        self.buttons: dict[str, AnswerButton] = {}
        self.places: list[tuple[str, str]] = []
        self.pref_groups: dict[str, ChipGroup] = {}
        self._multi: set[str] = set()
        self._shown: tuple[object, ...] | None = None
        self.clock: Callable[[], float] = time.monotonic
        self._step_at = -SETTLE_S  # when the shown question appeared

    # -- state ---------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return max(0, min(self.ctx.session.assess_step, self.pack.steps - 1))

    def current_question(self) -> Question | None:
        step = self.step
        return self.pack.questions[step] if step < len(self.pack.questions) else None

    # -- showing -------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(_("What would suit me?"))
        self.helper_button.label = _("Helper's tips")
        self.helper_button.setChecked(self.ctx.session.helper_mode)
        self.helper_button.setText(("✓ " if self.ctx.session.helper_mode else "") + self.helper_button.label)
        self.helper_title.setText(_("For the person helping:"))
        self.skip.setText(_("I'd rather not answer"))
        self.show_now.setText(_("Show suggestions now"))
        self.hint.setText(_("Your answers are not saved. You can stop at any time."))
        self._shown = None
        self.show_step()

    def entered(self) -> None:
        self._shown = None
        self.show_step()
        self.scroll_area.verticalScrollBar().setValue(0)

    def reset(self) -> None:
        self._shown = None
        self._multi = set()
        self.places = []

    def show_step(self) -> None:
        """Show the session's current step (rebuilt only when what it shows changed)."""
        session = self.ctx.session
        key = (self.step, session.answers, session.helper_mode, current_language(), tuple(self.places))
        if key == self._shown:
            return
        new_step = self._shown is None or self._shown[0] != self.step
        self._shown = key
        lang = current_language()
        step, total = self.step, self.pack.steps
        self.progress_text.setText(_("{step} / {total}").format(step=step + 1, total=total))
        self.progress_text.setAccessibleName(_("Question {step} of {total}").format(step=step + 1, total=total))
        self.progress.setRange(0, total)
        self.progress.setValue(step + 1)
        self.back_button.setText("← " + (_("Previous") if step > 0 else _("Back")))
        question = self.current_question()
        if question is not None:
            self._show_question(question, lang, new_step)
        else:
            self._show_preferences(lang)
        if new_step:
            self.scroll_area.verticalScrollBar().setValue(0)
            self._step_at = self.clock()

    def _show_question(self, question: Question, lang: str, new_step: bool) -> None:
        clear_layout(self.prefs_box)
        self.pref_groups = {}
        self.question.setText(question.text(lang))
        self.helper_text.setText(question.helper(lang))
        self.helper_card.setVisible(self.ctx.session.helper_mode)
        chosen = set(self.ctx.session.answers.get(question.id) or ())
        if question.kind == "multi" and (new_step or not self._multi):
            self._multi = set(chosen)
        clear_layout(self.answers)
        self.buttons = {}
        columns = 2 if self.width() >= TWO_COLUMNS_MIN_PX else 1
        for index, option in enumerate(question.options):
            button = AnswerButton(option.pictogram, f"answer-{question.id}-{option.id}")
            on = option.id in (self._multi if question.kind == "multi" else chosen)
            button.set_texts(option.label(lang), on)
            button.clicked.connect(lambda _c=False, o=option.id: self._tap(o))
            self.answers.addWidget(button, index // columns, index % columns)
            self.buttons[option.id] = button
        multi = question.kind == "multi"
        self.next.setVisible(multi)
        self.next.setText(_("Continue"))
        self.skip.setVisible(True)
        self.show_now.setVisible(True)

    def _show_preferences(self, lang: str) -> None:
        clear_layout(self.answers)
        self.buttons = {}
        clear_layout(self.prefs_box)
        self.pref_groups = {}
        self.question.setText(_("Last, a few practical wishes. Choose only what matters to you."))
        self.helper_text.setText(_("Ask where and when would be easy to go. No wish is fine too."))
        self.helper_card.setVisible(self.ctx.session.helper_mode)
        prefs = self.ctx.session.answers.preferences
        for pref in self.pack.preferences:
            group = self._preference_group(pref, prefs, lang)
            if group is not None:
                self.prefs_box.addWidget(group)
                self.pref_groups[pref.id] = group
        self.skip.setVisible(False)
        self.show_now.setVisible(False)
        self.next.setVisible(True)
        self.next.setText(_("Show suggestions"))

    def _preference_group(self, pref: Preference, prefs: Preferences, lang: str) -> ChipGroup | None:
        group = ChipGroup(f"pref-{pref.id}")
        group.label.setText(pref.label(lang))
        group.label.setProperty("role", "subheading")
        if pref.kind == "flag":
            group.label.setVisible(False)
            chip = Chip(pref.label(lang), pref.id, bool(getattr(prefs, pref.id)))
            chip.toggled.connect(lambda on, p=pref.id: self._set(p, on))
            group.add(chip)
            return group
        values = self.places if pref.kind == "place" else [(v.id, v.label(lang)) for v in pref.values]
        if not values:
            return None
        current = getattr(prefs, pref.id)
        none_chip = Chip(_("Does not matter"), f"{pref.id}-any", current is None)
        none_chip.clicked.connect(lambda _c=False, p=pref.id: self._set(p, None))
        group.add(none_chip)
        for value, label in values:
            chip = Chip(label, f"{pref.id}-{value}", current == value)
            chip.clicked.connect(lambda _c=False, p=pref.id, v=value: self._set(p, v))
            group.add(chip)
        return group

    def show_places(self, places: list[tuple[str, str]]) -> None:
        """The municipalities a resident can choose on the last screen."""
        self.places = places
        self.show_step()

    def relayout(self) -> None:
        # a short screen (1280×800, large text): the question at subheading size, so answers stay in sight
        role = "subheading" if 0 < self.height() < SHORT_PAGE_PX else "heading"
        if self.question.property("role") != role:
            set_role(self.question, role)
        columns = 2 if self.width() >= TWO_COLUMNS_MIN_PX else 1
        if self.buttons and self.answers.columnCount() != columns:
            self._shown = None
            self.show_step()

    # -- taps ----------------------------------------------------------------------------------
    def _settling(self) -> bool:
        """Whether the shown question appeared a moment ago (a second tap of a double tap lands now)."""
        return self.clock() - self._step_at < SETTLE_S

    def _tap(self, option_id: str) -> None:
        question = self.current_question()
        if question is None or self._settling():
            return
        if question.kind == "single":
            self.answer_chosen.emit(question.id, [option_id])
            return
        self._multi ^= {option_id}
        button = self.buttons[option_id]
        button.set_texts(button.words.text(), option_id in self._multi)

    def _next(self) -> None:
        if self._settling():
            return
        question = self.current_question()
        if question is None:
            self.suggestions_requested.emit()
            return
        self.answer_chosen.emit(question.id, [o.id for o in question.options if o.id in self._multi])

    def _skip(self) -> None:
        question = self.current_question()
        if question is not None and not self._settling():
            self._multi = set()
            self.answer_chosen.emit(question.id, [])

    def _back(self) -> None:
        if self.step > 0:
            self.step_requested.emit(self.step - 1)
        else:
            self.back_requested.emit()

    def _set(self, pref_id: str, value: str | bool | None) -> None:
        prefs = self.ctx.session.answers.preferences
        self.preferences_changed.emit(replace(prefs, **{pref_id: value}))  # type: ignore[arg-type]


def load(view: View) -> PageLoad[AssessPage]:
    """The municipalities for the practical wishes (the questions themselves need no data)."""
    config, home, lang = view.config, view.home, view.session.language
    return answer(lambda tray: reads.places(tray, config, home, lang), AssessPage.show_places)


SPEC = PageSpec(
    "assess", AssessPage,
    intents=(Intent.BACK, Intent.ANSWER, Intent.STEP, Intent.PREFERENCES, Intent.SUGGEST, Intent.HELPER),
    load=load,
)
