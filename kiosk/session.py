"""The resident's session: in memory only, cleared completely by :meth:`Session.reset`.

Nothing here is ever written to disk: not the language chosen, not the list, not what was searched.
The UI keeps one Session and calls ``reset()`` on idle timeout and on "Lopeta ja tyhjennä"; the
self-assessment's answers live here too, and go with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.assessment.answers import Answers
from kiosk.query import Query

TEXT_SIZES = (0, 1, 2)  # A, A+, A++


@dataclass
class Session:
    default_language: str = "fi"
    language: str = "fi"
    text_size: int = 0
    high_contrast: bool = False
    my_list: list[str] = field(default_factory=list)
    query: Query = field(default_factory=Query)  # the theme results: theme, filters and order
    search_text: str = ""
    scroll_positions: dict[str, int] = field(default_factory=dict)
    answers: Answers = field(default_factory=Answers)  # the self-assessment's answers, in memory only
    assess_step: int = 0  # the self-assessment's screen (0-based)
    helper_mode: bool = False  # a volunteer beside the resident sees conversation prompts

    def __post_init__(self) -> None:
        self.language = self.default_language

    @property
    def category(self) -> str | None:
        """The theme whose results are shown."""
        return self.query.category

    # -- the list ------------------------------------------------------------------------------
    def add(self, item_id: str) -> bool:
        """Add to the list; ``False`` when it was already there."""
        if item_id in self.my_list:
            return False
        self.my_list.append(item_id)
        return True

    def remove(self, item_id: str) -> int | None:
        """Remove from the list; the place it had (for undo), or ``None`` when it was not there."""
        if item_id not in self.my_list:
            return None
        index = self.my_list.index(item_id)
        del self.my_list[index]
        return index

    def restore(self, item_id: str, index: int) -> None:
        """Put a removed item back where it was ("Peru" after a removal)."""
        if item_id not in self.my_list:
            self.my_list.insert(max(0, min(index, len(self.my_list))), item_id)

    def clear_list(self) -> None:
        self.my_list.clear()

    # -- reset ---------------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget everything about the person who used the kiosk."""
        self.language = self.default_language
        self.text_size = 0
        self.high_contrast = False
        self.my_list.clear()
        self.query = Query()
        self.search_text = ""
        self.scroll_positions.clear()
        self.answers = Answers()
        self.assess_step = 0
        self.helper_mode = False

    def is_pristine(self) -> bool:
        return (
            self.language == self.default_language
            and self.text_size == 0
            and not self.high_contrast
            and not self.my_list
            and self.query == Query()
            and not self.search_text
            and not self.scroll_positions
            and not self.answers.chosen
            and self.answers.preferences.is_empty()
            and self.assess_step == 0
        )
