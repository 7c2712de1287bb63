"""The docks' one redraw policy (widgets.dock_panel), on a stand-in Session whose signals
the test fires itself: how many redraws, when, and with which changes merged."""

import time

import pytest
from PySide6 import QtCore, QtWidgets

from widgets.dock_panel import DockPanel


class FakeSession(QtCore.QObject):
    """The part of the Session's public API a dock follows."""

    reset = QtCore.Signal()
    changed = QtCore.Signal()
    selection_changed = QtCore.Signal()
    running_changed = QtCore.Signal(str)

    def __init__(self):
        super().__init__()
        self.running = ""
        self.value = 0  # the "state" a dock draws


class Probe(DockPanel):
    """Records every redraw: what it was told changed and the state it saw."""

    def __init__(self, session, **policy):
        self.drawn: list[tuple[frozenset, int]] = []
        self.rebuilt: list[int] = []
        super().__init__(session, **policy)
        self.start()

    def rebuild(self) -> None:
        self.rebuilt.append(self.session.value)

    def redraw(self, what) -> None:
        self.drawn.append((what, self.session.value))


class Diagram(QtCore.QObject):
    painted = QtCore.Signal()


@pytest.fixture
def session():
    return FakeSession()


def change(session, name="changed"):
    session.value += 1
    getattr(session, name).emit(*(("train",) if name == "running_changed" else ()))


@pytest.mark.timing
def test_while_training_many_changes_draw_a_few_times_and_the_last_state_last(session, qtbot):
    probe = Probe(session, follows=("changed",), training_ms=100)
    session.running = "train"
    start = time.perf_counter()
    while time.perf_counter() - start < 0.5:  # a change every 5 ms, as frames come
        change(session)
        qtbot.wait(5)
    elapsed = time.perf_counter() - start
    during = len(probe.drawn) - 1  # the first draw was start()'s
    assert 3 <= during <= elapsed / 0.1 + 2
    assert session.value > 2 * during
    qtbot.waitUntil(lambda: probe.drawn[-1][1] == session.value, timeout=300)
    qtbot.wait(150)
    assert probe.drawn[-1][1] == session.value  # the final state, and nothing after it


def test_after_a_step_the_dock_draws_once_the_diagram_has_painted(session, qtbot):
    diagram = Diagram()
    probe = Probe(session, follows=("changed", "selection_changed"))
    probe.draw_after(diagram.painted)
    probe.soon.fallback_ms = 10_000  # only the paint can bring the draw
    change(session)
    change(session, "selection_changed")
    change(session)
    QtWidgets.QApplication.processEvents()
    assert len(probe.drawn) == 1  # start()'s only: the diagram has not painted yet
    diagram.painted.emit()
    qtbot.waitUntil(lambda: len(probe.drawn) == 2, timeout=1000)
    assert probe.drawn[1] == (frozenset({"changed", "selection_changed"}), 3)
    qtbot.wait(20)
    assert len(probe.drawn) == 2


def test_without_a_paint_the_dock_draws_after_the_fallback(session, qtbot):
    probe = Probe(session, follows=("changed",))
    diagram = Diagram()  # one that never paints (hidden behind a lesson's view)
    probe.draw_after(diagram.painted)
    change(session)
    assert len(probe.drawn) == 1
    qtbot.waitUntil(lambda: len(probe.drawn) == 2, timeout=1000)
    assert probe.drawn[1] == (frozenset({"changed"}), 1)


def test_a_burst_outside_training_draws_now_and_once_when_the_interval_ends(session, qtbot):
    probe = Probe(session, follows=("changed",), interval_ms=33)
    for _ in range(200):
        change(session)
    assert probe.drawn[1:] == [(frozenset({"changed"}), 1)]  # the first change, at once
    qtbot.waitUntil(lambda: len(probe.drawn) == 3, timeout=1000)
    assert probe.drawn[2][1] == 200
    qtbot.wait(60)
    assert len(probe.drawn) == 3


def test_without_a_rule_each_change_draws_at_once(session):
    probe = Probe(session, follows=("changed",), training_ms=100)
    change(session)
    change(session)
    assert [v for _w, v in probe.drawn] == [0, 1, 2]


def test_a_hidden_dock_draws_nothing_and_catches_up_once_when_shown(session, qtbot):
    probe = Probe(session, follows=("reset", "changed", "running_changed"), skip_hidden=True)
    qtbot.addWidget(probe)
    change(session)
    change(session, "running_changed")
    change(session, "reset")
    probe.flush()
    assert probe.drawn == []
    assert probe.rebuilt == [0, 3]  # a reset rebuilds at once, hidden or not
    probe.show()
    qtbot.waitExposed(probe)
    assert probe.drawn == [(frozenset({"reset", "changed", "running_changed"}), 3)]


def test_at_once_signals_draw_now_even_while_training_and_leave_the_rest_waiting(session, qtbot):
    probe = Probe(session, follows=("reset", "changed", "selection_changed"),
                  at_once=("reset", "selection_changed"), training_ms=100)
    session.running = "train"
    change(session)  # first in the interval: drawn at once
    change(session)  # waits for the interval's end
    change(session, "selection_changed")
    assert [w for w, _v in probe.drawn[1:]] == [{"changed"}, {"selection_changed"}]
    change(session, "reset")
    assert probe.rebuilt == [0, 4] and probe.drawn[-1] == (frozenset({"reset"}), 4)
    qtbot.waitUntil(lambda: len(probe.drawn) == 5, timeout=1000)
    assert probe.drawn[-1] == (frozenset({"changed"}), 4)


def test_a_flush_draws_now_and_cancels_what_waited(session, qtbot):
    probe, diagram = Probe(session, follows=("changed",)), Diagram()
    probe.draw_after(diagram.painted)
    change(session)
    probe.flush()
    assert probe.drawn[-1] == (frozenset({"changed"}), 1)
    assert not probe.soon.pending
    qtbot.wait(80)  # past the fallback: nothing more
    assert len(probe.drawn) == 2
