"""``hyte-kiosk screenshot``: render one page of the kiosk to a PNG, offscreen, with sample state.

The kiosk is built exactly as ``hyte-kiosk run`` builds it (on the demo tray or the synced snapshot), but
with the synchronous runner so every page has its data before the picture is taken. The window is fixed at
the requested size, as a full-screen kiosk is: what does not fit is cut off in the PNG too.

Besides the pages, states that staff and testers ask about: ``idle`` (the countdown over the home page),
``staff-pin`` (the PIN pad), the staff page's other tabs ``staff-coverage``, ``staff-tools`` and
``staff-settings``, ``flag`` (the reasons of "Tieto on vanhentunut?"), ``finish`` (the question before
"Finish and clear" forgets a session), and the
self-assessment's ``assess-multi`` (a question with several answers, helper tips on) and ``assess-wishes``
(the practical wishes); ``suggest`` and ``support`` are shown for a sample of answers.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from kiosk import reads
from kiosk.config import Config
from kiosk.query import Query
from kiosk.staffpin import PinGuard, hash_pin
from ui.app import Kiosk
from ui.pages.registry import PAGE_MODULES

SAMPLE_AREA = "sports"
SAMPLE_SEARCH = "kuntosali"
EXTRA_STATES = ("idle", "staff-pin", "staff-coverage", "staff-tools", "staff-settings", "finish", "assess-multi",
                "assess-wishes", "flag")
# a sample of answers for the self-assessment's pictures (question id → option ids)
SAMPLE_ANSWERS = (("overall", ("so-so",)), ("moving", ("more",)), ("coping", ("sometimes",)),
                  ("company", ("often",)), ("interests", ("music", "nature")))
PAGE_NAMES: tuple[str, ...] = (*PAGE_MODULES, *EXTRA_STATES)


def _ids(kiosk: Kiosk, lang: str, limit: int) -> list[str]:
    found: list[str] = []
    query = Query(categories=(SAMPLE_AREA,))
    kiosk.reads.submit(lambda tray: reads.search_ids(tray, query, lang, limit), found.extend)
    return found


def _type_search(kiosk: Kiosk, lang: str) -> None:
    router = kiosk.router
    router.go("search")
    field = kiosk.pages["search"].findChild(QLineEdit)
    if field is not None:
        field.setText(SAMPLE_SEARCH)
    router.search(SAMPLE_SEARCH)


def _results(kiosk: Kiosk, lang: str) -> None:
    kiosk.router.open_category(SAMPLE_AREA)


def _detail(kiosk: Kiosk, lang: str) -> None:
    kiosk.router.open_category(SAMPLE_AREA)
    for item_id in _ids(kiosk, lang, 1):
        kiosk.router.open_item(item_id)


def _flag(kiosk: Kiosk, lang: str) -> None:
    """"Tieto on vanhentunut?" tapped on the sample detail page: the reasons."""
    _detail(kiosk, lang)
    detail = getattr(kiosk.pages["detail"], "detail", None)
    if detail is not None:
        kiosk.flags.ask(detail.card.id, detail.item.source)


def _mylist(kiosk: Kiosk, lang: str) -> None:
    for item_id in _ids(kiosk, lang, 3):
        kiosk.router.add_to_list(item_id)
    kiosk.router.go("mylist")


def _with_list(page: str) -> Callable[[Kiosk, str], None]:
    """The print or QR page of a sample three-item list."""

    def prepare(kiosk: Kiosk, lang: str) -> None:
        _mylist(kiosk, lang)
        kiosk.router.go(page)

    return prepare


def _idle(kiosk: Kiosk, lang: str) -> None:
    kiosk.router.go("home")
    kiosk.idle.on_idle()


def _staff_pin(kiosk: Kiosk, lang: str) -> None:
    kiosk.router.go("home")
    if not kiosk.staff.guard.configured:  # show the pad staff meet once a PIN is set up
        kiosk.staff.guard = PinGuard(hash_pin("0000"))
    kiosk.staff.open_pinpad()
    for digit in "12":
        kiosk.staff.pinpad.press(digit)


def _staff_tab(tab: str) -> Callable[[Kiosk, str], None]:
    def prepare(kiosk: Kiosk, lang: str) -> None:
        from ui.pages.staff import StaffPage

        kiosk.router.go("staff")
        page = kiosk.pages["staff"]
        assert isinstance(page, StaffPage)
        page.show_tab(tab)

    return prepare


def _finish(kiosk: Kiosk, lang: str) -> None:
    _mylist(kiosk, lang)
    kiosk.router.ask_to_finish()


def _answered(kiosk: Kiosk, step: int, *, helper: bool = False, safety: bool = False) -> None:
    from kiosk.assessment.answers import Answers

    chosen = (*SAMPLE_ANSWERS[:2], ("coping", ("very",)), *SAMPLE_ANSWERS[3:]) if safety else SAMPLE_ANSWERS
    kiosk.session.answers = Answers(chosen)
    kiosk.session.assess_step = step
    kiosk.session.helper_mode = helper


def _assess_multi(kiosk: Kiosk, lang: str) -> None:
    _answered(kiosk, 4, helper=True)
    kiosk.router.go("assess")


def _assess_wishes(kiosk: Kiosk, lang: str) -> None:
    _answered(kiosk, 7)
    kiosk.router.go("assess")


def _suggest(kiosk: Kiosk, lang: str) -> None:
    _answered(kiosk, 7)
    kiosk.router.go("suggest")


def _support(kiosk: Kiosk, lang: str) -> None:
    _answered(kiosk, 7, safety=True)
    kiosk.router.go("support")


PREPARE: dict[str, Callable[[Kiosk, str], None]] = {
    "assess-multi": _assess_multi,
    "assess-wishes": _assess_wishes,
    "suggest": _suggest,
    "support": _support,
    "finish": _finish,
    "results": _results,
    "detail": _detail,
    "flag": _flag,
    "search": _type_search,
    "mylist": _mylist,
    "print": _with_list("print"),
    "qr": _with_list("qr"),
    "idle": _idle,
    "staff-pin": _staff_pin,
    "staff-coverage": _staff_tab("coverage"),
    "staff-tools": _staff_tab("tools"),
    "staff-settings": _staff_tab("settings"),
}


_cached: list[tuple[Config, Kiosk]] = []


def _kiosk_for(config: Config) -> Kiosk:
    """One kiosk per process and config, reused between pictures (``router.restart()`` forgets the last
    one's state, exactly as between two residents); building every page again for each PNG is slow."""
    if _cached and _cached[0][0] == config:
        kiosk = _cached[0][1]
        kiosk.router.restart()
        return kiosk
    close_cached()
    kiosk = Kiosk(config, synchronous=True)
    kiosk.window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    _cached.append((config, kiosk))
    return kiosk


def close_cached() -> None:
    while _cached:
        _config, kiosk = _cached.pop()
        kiosk.close()
        kiosk.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)



def render(config: Config, *, page: str, lang: str, size: tuple[int, int], high_contrast: bool = False,
           text_size: int = 0, output: Path) -> Path:
    """Draw ``page`` in ``lang`` at ``size`` and save it as a PNG; returns the path written."""
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if page not in PAGE_NAMES:
        raise ValueError(f"unknown page {page!r}")
    kiosk = _kiosk_for(config)
    window, router = kiosk.window, kiosk.router
    window.setFixedSize(*size)
    window.show()
    router.set_language(lang)
    if text_size or high_contrast:
        kiosk.session.text_size = text_size  # one style-sheet pass for both
        router.set_contrast(high_contrast)
    prepare = PREPARE.get(page)
    if prepare is not None:
        prepare(kiosk, lang)
    elif page != "attract":
        router.go(page)
    for _ in range(3):
        QApplication.processEvents()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(output), "PNG"):
        raise OSError(f"could not write {output}")
    return output


__all__ = ["render", "close_cached", "PAGE_NAMES", "EXTRA_STATES", "PREPARE"]
