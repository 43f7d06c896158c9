"""The GC policy of a sync: thresholds raised inside, the previous ones back afterwards whatever happens."""

from __future__ import annotations

import gc

import pytest

from kiosk.gcpolicy import fewer_collections


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_thresholds_are_raised_inside_and_restored_after(thresholds) -> None:
    with fewer_collections(gen0=50_000, gen2=100):
        assert gc.get_threshold() == (50_000, 10, 100)
        assert gc.isenabled()
    assert gc.get_threshold() == (700, 10, 10)


def test_thresholds_are_restored_when_the_body_raises(thresholds) -> None:
    with pytest.raises(RuntimeError, match="sync failed"), fewer_collections():
        assert gc.get_threshold()[0] > 700
        raise RuntimeError("sync failed")
    assert gc.get_threshold() == (700, 10, 10)


def test_higher_thresholds_are_kept_and_nesting_restores_each_level(thresholds) -> None:
    gc.set_threshold(90_000, 10, 500)
    with fewer_collections():
        assert gc.get_threshold() == (90_000, 10, 500)
    gc.set_threshold(700, 10, 10)
    with fewer_collections():
        with fewer_collections(gen0=60_000):
            assert gc.get_threshold()[0] == 60_000
        assert gc.get_threshold()[0] == 50_000
    assert gc.get_threshold() == (700, 10, 10)
