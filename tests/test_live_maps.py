"""While training at full speed the plane maps are made at most ten times a second
(``app.session_view.LIVE_MAPS_S``); at rest, and once training stops, they are always
those of the parameters shown."""

import numpy as np

from app.session import Session
from app.session_view import LIVE_MAPS_S
from model.decision_map import plane_maps
from model.network import Network
from model.session_file import parse_session

XOR_SPIRAL = {"network": {"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "seed": 3},
              "data": {"dataset": "spiral", "n_points": 100, "seed": 1},
              "training": {"batch_size": 10, "learning_rate": 0.3}}


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def fresh_maps(session: Session):
    """The maps computed from scratch for the parameters the session shows now."""
    t, net, cursor = session.trace, session.network, session.cursor
    after = cursor.step_index == cursor.n_steps - 1  # at the update: the weights after it
    shown = Network(net.sizes, net.activations, net.loss,
                    t.weights_after if after else t.weights_before,
                    t.biases_after if after else t.biases_before)
    view = session.view_state
    return plane_maps(shown, view._extent, view.map_resolution, picture=True)


def test_while_training_the_maps_come_at_most_ten_times_a_second():
    s = Session(parse_session(XOR_SPIRAL))
    clock = s.view_state.clock = Clock()
    view, cursor = s.view_state, s.cursor
    s.train_for(0.01)  # training shows each iteration at its last step (the update's)
    first = view.plane_maps(cursor, training=True)
    s.train_for(0.01)  # a new iteration shown
    assert view.plane_maps(cursor, training=True) is first  # 0 s later: the same picture
    clock.now += LIVE_MAPS_S * 0.9
    assert view.plane_maps(cursor, training=True) is first
    clock.now += LIVE_MAPS_S * 0.2
    second = view.plane_maps(cursor, training=True)
    assert second is not first
    np.testing.assert_array_equal(second.output, fresh_maps(s).output)
    s.train_for(0.01)
    at_rest = view.plane_maps(cursor)  # not training: the parameters shown, at once
    assert at_rest is not second
    np.testing.assert_array_equal(at_rest.output, fresh_maps(s).output)


def test_when_training_stops_the_maps_are_the_last_iterations(qtbot):
    s = Session(parse_session(XOR_SPIRAL))  # no worker: trains in slices, running "train"
    s.view_state.clock = Clock()  # frozen: every map while training is the first one
    s.toggle_train()
    qtbot.waitUntil(lambda: s.iterations_done > 0, timeout=10_000)
    first = s.plane_maps()
    n = s.iterations_done
    qtbot.waitUntil(lambda: s.iterations_done > n + 200, timeout=10_000)
    assert s.running == "train" and s.plane_maps() is first
    s.stop()
    last = s.plane_maps()
    assert last is not first
    for got, want in zip(last.layers, fresh_maps(s).layers, strict=True):
        np.testing.assert_array_equal(got, want)
