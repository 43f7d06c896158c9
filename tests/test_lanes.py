"""The two lanes of work and late answers: a resident's page never waits behind a long job, and an answer that
arrives after the resident moved on (or after a reset) never reaches the screen."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.query import Query
from tests.ui_support import FIXED_NOW, demo_config, make_kiosk
from ui.lanes import InlineLane, Nothing, ThreadLane


class HeldLane:
    """A reading lane that keeps every job until the test lets it go (answers arrive late, on purpose)."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable, Callable, Callable | None]] = []

    def submit(self, job, done, failed=None):  # type: ignore[no-untyped-def]
        self.jobs.append((job, done, failed))

    def release(self, lane) -> None:  # type: ignore[no-untyped-def]
        jobs, self.jobs = self.jobs, []
        for job, done, failed in jobs:
            lane.submit(job, done, failed)

    def pending(self) -> int:
        return len(self.jobs)

    def stop(self) -> None:
        self.jobs.clear()


@pytest.fixture
def kiosk(qtbot, tmp_path, tmp_path_factory):
    k = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    yield k
    k.close()


def hold(kiosk):  # type: ignore[no-untyped-def]
    inline, held = kiosk.router.reads, HeldLane()
    kiosk.router.reads = held
    return inline, held


def test_an_answer_that_arrives_after_a_reset_is_dropped(kiosk):
    kiosk.router.start("fi")
    inline, held = hold(kiosk)
    kiosk.router.open_category("sports")
    kiosk.router.add_to_list("demo:0001")
    assert held.pending() == 1, "the theme's list is on its way"
    kiosk.router.restart()  # the resident walks away; the next one begins
    assert held.pending() == 2, "and the attract screen's freshness for the new session"
    freshness = kiosk.pages["attract"].freshness.text
    freshness.setText("")
    held.release(inline)
    results = kiosk.pages["results"]
    assert results.result is None and not results.cards, "the last resident's list never reached the screen"
    assert freshness.text(), "the new session's own answer still arrives"
    assert kiosk.session.is_pristine()


def test_only_the_last_of_several_loads_of_a_page_is_shown(kiosk):
    kiosk.router.start("fi")
    inline, held = hold(kiosk)
    kiosk.router.open_category("sports")
    free = Query(categories=("sports",), free=True)
    kiosk.router.set_query(free)
    assert held.pending() == 2
    page = kiosk.pages["results"]
    shown: list[Query] = []
    real = page.show_cards
    page.show_cards = lambda q, p, in_list: (shown.append(q), real(q, p, in_list))  # type: ignore[method-assign]
    held.release(inline)
    assert shown == [free], "the first answer was superseded by the second"


def test_a_failed_load_after_a_reset_is_not_reported_to_the_new_session(kiosk):
    kiosk.router.start("fi")
    inline, held = hold(kiosk)
    kiosk.router.open_category("sports")
    kiosk.router.restart()
    job, done, failed = held.jobs[0]
    errors: list[str] = []
    kiosk.pages["results"].show_error = errors.append  # type: ignore[method-assign]
    assert failed is not None
    failed(RuntimeError("the disk went away"))
    assert errors == [] and "the disk went away" in kiosk.router.errors[-1]


def test_a_residents_page_loads_while_a_long_job_holds_its_lane(qtbot, tmp_path, tmp_path_factory):
    from ui.app import Kiosk

    config = demo_config(tmp_path, tmp_path_factory)
    kiosk = Kiosk(config, synchronous=False, clock=lambda: FIXED_NOW)  # both lanes on their own threads
    qtbot.addWidget(kiosk.window, before_close_func=lambda _w: kiosk.close())
    kiosk.window.resize(1080, 1920)
    kiosk.window.show()
    started, release = threading.Event(), threading.Event()
    finished: list[bool] = []

    def long_job(_nothing: None) -> bool:
        started.set()
        return release.wait(10)

    kiosk.jobs.submit(long_job, finished.append)
    assert started.wait(5)
    kiosk.router.start("fi")
    kiosk.router.open_category("sports")
    results = kiosk.pages["results"]
    qtbot.waitUntil(lambda: results.result is not None and results.result.total > 0, timeout=5000)
    assert not finished, "the long job is still running"
    release.set()
    qtbot.waitUntil(lambda: finished == [True], timeout=5000)


def test_a_thread_lane_reports_a_failure_on_the_gui_thread(qtbot):
    lane = ThreadLane("test-lane", Nothing())
    seen: list[tuple[str, bool]] = []

    def boom(_nothing: None) -> int:
        raise ValueError("no")

    lane.submit(boom, lambda _v: seen.append(("done", False)),
                lambda exc: seen.append((str(exc), threading.current_thread() is threading.main_thread())))
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    lane.stop()
    assert seen == [("no", True)]


def test_an_inline_lane_without_a_failure_handler_raises():
    lane = InlineLane(Nothing())
    with pytest.raises(ZeroDivisionError):
        lane.submit(lambda _n: 1 // 0, lambda _v: None)


def test_the_demo_tray_is_made_on_the_lanes_not_before_the_first_paint(qtbot, tmp_path, monkeypatch):
    """A first boot with an empty data folder: the window comes up at once and the demo tray is built (or on
    later starts only checked, which loads sqlite-utils and the schema) on the reading lane — never on the
    GUI thread before the first paint — and the attract screen then shows its date."""
    from kiosk import snapshot
    from kiosk.config import load_config
    from ui.app import Kiosk

    callers: list[bool] = []
    real = snapshot.ensure_live

    def spy(data_dir, *, configured):  # type: ignore[no-untyped-def]
        callers.append(threading.current_thread() is threading.main_thread())
        return real(data_dir, configured=configured)

    monkeypatch.setattr(snapshot, "ensure_live", spy)
    config = load_config(None, data_dir=tmp_path / "fresh", env={})
    kiosk = Kiosk(config, synchronous=False, clock=lambda: FIXED_NOW)
    qtbot.addWidget(kiosk.window, before_close_func=lambda _w: kiosk.close())
    assert not any(callers)  # the window is made without it (the reading lane may have begun)
    kiosk.window.resize(1080, 1920)
    kiosk.window.show()
    attract = kiosk.pages["attract"]
    qtbot.waitUntil(lambda: snapshot.demo_path(config.data_dir).exists(), timeout=10000)
    qtbot.waitUntil(lambda: "1.11.2026" in " ".join(w.text() for w in attract.findChildren(QLabel)), timeout=10000)
    assert callers and not any(callers)
