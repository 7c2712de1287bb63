"""The collector policy (app.collector): what lives is frozen at rest, and a reset's
garbage, cycles included, is collected before the next freeze."""

import gc
import weakref

import pytest

from app.collector import REST_MS, Collector
from app.session import Session


class Cycle:
    """An object that refers to itself: only the cyclic collector frees it."""

    def __init__(self):
        self.me = self


@pytest.fixture
def session(qtbot):
    s = Session()
    s.confirm = lambda _question: True
    yield s
    s.stop()
    gc.unfreeze()  # the next test's objects as Python has them


def test_at_rest_what_lives_is_frozen_and_a_resets_cycles_are_collected(qtbot, session):
    collector = Collector(session)
    qtbot.waitUntil(lambda: collector.collections == 1, timeout=REST_MS + 2000)
    assert gc.get_freeze_count() > 1000 and not collector.pending
    old = Cycle()
    gone = weakref.ref(old)
    gc.freeze()  # as the old session's parts are, once the window has rested with them
    del old
    gc.collect()
    assert gone() is not None  # a frozen cycle outlives a collection
    session.open_spec(session.spec)  # a reset: the old parts are garbage
    assert collector.pending
    qtbot.wait(REST_MS // 2)
    assert collector.collections == 1  # not yet: the window has not rested
    qtbot.waitUntil(lambda: collector.collections == 2, timeout=REST_MS + 2000)
    assert gone() is None and gc.get_freeze_count() > 1000


def test_play_or_train_starting_collects_at_once_what_a_reset_left(qtbot, session):
    collector = Collector(session)
    collector.collect()
    session.open_spec(session.spec)
    assert collector.pending and collector.collections == 1
    session.toggle_play()
    assert session.running == "play" and collector.collections == 2
    assert not collector.pending
    qtbot.wait(REST_MS + 200)  # the rest timer finds nothing left to do
    assert collector.collections == 2
