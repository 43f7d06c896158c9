"""The resident's session: in memory only, cleared completely by :meth:`Session.reset`.

Nothing here is ever written to disk: not the language chosen, not the list, not what was searched.
The UI keeps one Session and calls ``reset()`` on idle timeout and on "Aloita alusta".
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT_SIZES = (0, 1, 2)  # A, A+, A++


@dataclass
class Filters:
    municipalities: tuple[str, ...] = ()
    free: bool = False
    open_today: bool = False
    given_in: tuple[str, ...] = ()
    online: bool = False
    sort: str = "relevance"  # relevance | nearest | name

    def active(self) -> bool:
        return bool(self.municipalities or self.free or self.open_today or self.given_in or self.online)


@dataclass
class Session:
    default_language: str = "fi"
    language: str = "fi"
    text_size: int = 0
    high_contrast: bool = False
    my_list: list[str] = field(default_factory=list)
    filters: Filters = field(default_factory=Filters)
    category: str | None = None
    search_text: str = ""
    scroll_positions: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.language = self.default_language

    # -- the list ------------------------------------------------------------------------------
    def add(self, item_id: str) -> bool:
        """Add to the list; ``False`` when it was already there."""
        if item_id in self.my_list:
            return False
        self.my_list.append(item_id)
        return True

    def remove(self, item_id: str) -> None:
        if item_id in self.my_list:
            self.my_list.remove(item_id)

    def clear_list(self) -> None:
        self.my_list.clear()

    # -- reset ---------------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget everything about the person who used the kiosk."""
        self.language = self.default_language
        self.text_size = 0
        self.high_contrast = False
        self.my_list.clear()
        self.filters = Filters()
        self.category = None
        self.search_text = ""
        self.scroll_positions.clear()

    def is_pristine(self) -> bool:
        return (
            self.language == self.default_language
            and self.text_size == 0
            and not self.high_contrast
            and not self.my_list
            and self.filters == Filters()
            and self.category is None
            and not self.search_text
            and not self.scroll_positions
        )
