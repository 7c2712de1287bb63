"""The window's work at rest (app.at_rest): what lives is frozen, a reset's garbage,
cycles included, is collected before the next freeze, and the kernel loads once, never
while Play or Train runs."""

import gc
import weakref

import pytest

from app import at_rest
from app.at_rest import REST_MS, AtRest
from app.session import Session
from model import kernel
from model.session_file import parse_session
from tests.test_history import SPIRAL_ADAM


class Cycle:
    """An object that refers to itself: only the cyclic collector frees it."""

    def __init__(self):
        self.me = self


@pytest.fixture
def session(qtbot, monkeypatch):
    s = Session()
    s.confirm = lambda _question: True
    loads = []
    monkeypatch.setattr(kernel, "warm_in_background", lambda: loads.append(s.running))
    s.kernel_loads = loads
    yield s
    s.stop()
    gc.unfreeze()  # the next test's objects as Python has them, and what freezing kept
    gc.collect()  # alive freed now: not by a collection in the middle of a later paint


def test_at_rest_what_lives_is_frozen_and_a_resets_cycles_are_collected(qtbot, session):
    rest = AtRest(session)
    qtbot.waitUntil(lambda: rest.collections == 1, timeout=REST_MS + 2000)
    assert gc.get_freeze_count() > 1000 and not rest.pending
    old = Cycle()
    gone = weakref.ref(old)
    gc.freeze()  # as the old session's parts are, once the window has rested with them
    del old
    gc.collect()
    assert gone() is not None  # a frozen cycle outlives a collection
    session.open_spec(session.spec)  # a reset: the old parts are garbage
    assert rest.pending
    qtbot.wait(REST_MS // 2)
    assert rest.collections == 1  # not yet: the window has not rested
    qtbot.waitUntil(lambda: rest.collections == 2, timeout=REST_MS + 2000)
    assert gone() is None and gc.get_freeze_count() > 1000


def test_play_or_train_starting_collects_at_once_what_a_reset_left(qtbot, session):
    rest = AtRest(session)
    rest.collect()
    session.open_spec(session.spec)
    assert rest.pending and rest.collections == 1
    session.toggle_play()
    assert session.running == "play" and rest.collections == 1  # from the event loop:
    qtbot.waitUntil(lambda: rest.collections == 2, timeout=200)  # at once, not at rest
    assert not rest.pending
    qtbot.wait(REST_MS + 200)  # the rest timer finds nothing left to do
    assert rest.collections == 2


def test_the_kernel_loads_once_at_rest_never_while_running(qtbot, session, monkeypatch):
    monkeypatch.setattr(at_rest, "REST_MS", 50)
    monkeypatch.setattr(at_rest, "WARM_AFTER_MS", 400)
    rest = AtRest(session)
    session.toggle_play()  # running through the time the load would come
    qtbot.wait(600)
    assert session.kernel_loads == [] and not rest.warmed
    session.stop()  # a rest begins
    qtbot.waitUntil(lambda: rest.warmed, timeout=2000)
    assert session.kernel_loads == [""]  # asked for once, with nothing running
    session.open_spec(session.spec)
    qtbot.wait(300)
    assert session.kernel_loads == [""]


def test_a_network_the_kernel_does_not_suit_loads_nothing(qtbot, session, monkeypatch):
    monkeypatch.setattr(at_rest, "REST_MS", 50)
    monkeypatch.setattr(at_rest, "WARM_AFTER_MS", 0)
    wide = parse_session({**SPIRAL_ADAM, "network": {**SPIRAL_ADAM["network"],
                                                       "layers": [2, 40, 40, 1]}})
    session.open_spec(wide)
    assert not kernel.suited(session.network)
    rest = AtRest(session)
    qtbot.waitUntil(lambda: rest.collections == 1, timeout=2000)
    qtbot.wait(200)
    assert session.kernel_loads == [] and not rest.warmed
