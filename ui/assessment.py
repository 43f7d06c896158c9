"""The self-assessment's controller: answers the flow's intents through the router.

Answers live only in the session (:attr:`Session.answers`); a step forward, back or to a chosen screen
changes :attr:`Session.assess_step` and the page shows it. "Show suggestions" goes to the support page first
when an answer asks for it (a safety option, "Erittäin raskasta"), else straight to the suggestions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kiosk.assessment.answers import Answers, Preferences, support_first
from kiosk.assessment.pack import load_pack
from kiosk.i18n import _
from ui.pages.spec import Intent
from ui.router import Router


class AssessmentController:
    def __init__(self, router: Router) -> None:
        self.router = router
        self.session = router.ctx.session
        self.added_all_hooks: list[Callable[[], None]] = []  # "add all" was tapped and added something
        router.handle(Intent.ANSWER, self.answer)
        router.handle(Intent.STEP, self.step)
        router.handle(Intent.PREFERENCES, self.preferences)
        router.handle(Intent.SUGGEST, self.suggest)
        router.handle(Intent.HELPER, self.helper)
        router.handle(Intent.ADD_ALL, self.add_all)
        router.handle(Intent.RESTART_ASSESSMENT, self.restart)

    def answer(self, question_id: str, option_ids: Sequence[str]) -> None:
        self.session.answers = self.session.answers.with_answer(question_id, tuple(option_ids))
        self.step(self.session.assess_step + 1)

    def step(self, index: int) -> None:
        """Go to screen ``index``; past the last one, to the suggestions."""
        if index >= load_pack().steps:
            self.suggest()
            return
        self.session.assess_step = max(0, index)
        self._show()

    def preferences(self, preferences: Preferences) -> None:
        self.session.answers = self.session.answers.with_preferences(preferences)
        if self.router.current == "suggest":
            self.router.load("suggest")  # "Show without the wishes"
        else:
            self._show()

    def suggest(self) -> None:
        target = "support" if support_first(load_pack(), self.session.answers) else "suggest"
        self.router.go(target)

    def helper(self, on: bool) -> None:
        self.session.helper_mode = on
        self._show()

    def add_all(self, item_ids: Sequence[str]) -> None:
        added = [i for i in item_ids if self.session.add(i)]
        if not added:
            return
        for hook in self.added_all_hooks:
            hook()
        self.router.list_changed()
        self.router.offer_undo(
            _("Added to your list: {count}").format(count=len(added)),
            lambda: self._take_back(added),
        )

    def _take_back(self, item_ids: list[str]) -> None:
        for item_id in item_ids:
            self.session.remove(item_id)
        self.router.list_changed()

    def restart(self) -> None:
        """Answer again from the start (the list and the language stay)."""
        self.session.answers = Answers()
        self.session.assess_step = 0
        self.router.go("assess", reset_history=False)

    def has_answers(self) -> bool:
        """Whether any question was answered (a picture of the answers can be offered)."""
        return any(ids for _, ids in self.session.answers.chosen)

    def answers_picture(self) -> tuple[bytes, tuple[str, ...]] | None:
        """The picture of the answers (PNG, drawn in memory) and the same in words, for the take-home sheet;
        ``None`` when nothing was answered. Nothing of it is written anywhere but into the resident's PDF."""
        from kiosk.assessment.answers import said

        lang = self.session.language
        shown = said(load_pack(), self.session.answers, lang)
        if not any(not s.skipped for s in shown):
            return None
        from ui.widgets.wheel import wheel_png

        words = tuple(f"{n}. {s.name}: {s.answer or _('(no answer)')}" for n, s in enumerate(shown, 1))
        return wheel_png(shown), words

    def _show(self) -> None:
        from ui.pages.assess import AssessPage  # loaded with the page, not at start-up

        if self.router.pages.is_built("assess"):
            page = self.router.pages["assess"]
            if isinstance(page, AssessPage):
                page.show_step()


__all__ = ["AssessmentController"]
