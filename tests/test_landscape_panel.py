"""The Landscape dock: what it draws (read back from the ImageItem), the path as training
runs, the axes taken from the diagram's selection, and a window that stays free."""

import json
import time

import numpy as np
import pytest
from PySide6 import QtCore

from app.session import Session
from model import landscape as ls
from model.session_file import load_session
from tests.conftest import show_widget
from tests.test_main_window import forget_changes
from widgets.landscape_panel import LandscapePanel, parameter_keys
from widgets.landscape_plot import colour_scale, cost_rgba
from widgets.main_window import MainWindow


@pytest.fixture
def panel(qtbot):
    p = LandscapePanel(Session())
    show_widget(qtbot, p, 700, 500)
    qtbot.waitUntil(lambda: p.plane is not None and not p.job.running, timeout=5000)
    yield p
    p.session.stop()


def expected(session, plane):
    data = session.spec.data
    return ls.grid_costs(plane.network(session.network), data.x_train, data.y_train, plane)


def test_the_dock_draws_the_grid_of_its_plane(panel):
    s = panel.session
    assert panel.plane.d1.name == "weight w₁₁⁽²⁾" and panel.plane.d2.name == "weight w₁₂⁽²⁾"
    land = expected(s, panel.plane)
    shown = panel.plot.image.image
    assert shown.shape == (41, 41, 4)
    np.testing.assert_array_equal(shown, cost_rgba(land.cost, *colour_scale(land.cost)))
    np.testing.assert_array_equal(panel.plot.landscape.cost, land.cost)
    lo, hi = np.nanmin(land.cost), np.nanmax(land.cost)
    assert panel.plot.colour_bar.values == pytest.approx((lo, hi))
    # the current point is θ, at the weights' own values on the axes
    x, y = panel.plot.current.getData()
    w = s.history.current.weights[0]
    assert (x[0], y[0]) == pytest.approx((w[0, 0], w[0, 1]))
    assert panel.plot.contour_count > 0
    assert "at the centre" in panel.note.text()


def test_random_directions_with_a_seed_span_and_grid(panel, qtbot):
    panel.set_random(5)
    panel.span.setValue(0.5)
    panel.grid.setValue(11)
    qtbot.waitUntil(lambda: panel.plane.grid == 11 and not panel.job.running, timeout=5000)
    plane = panel.plane
    assert plane.seed == 5 and plane.span == 0.5 and plane.d1.label == "direction 1 (seed 5)"
    net = panel.theta()
    np.testing.assert_array_equal(plane.d1.vector, ls.random_directions(net, 5)[0].vector)
    land = expected(panel.session, plane)
    np.testing.assert_array_equal(panel.plot.image.image,
                                  cost_rgba(land.cost, *colour_scale(land.cost)))


def test_the_selected_edge_and_neuron_become_the_axes(panel, qtbot):
    s = panel.session
    assert not panel.axis_buttons[0].isEnabled()
    s.select_edge((3, 0, 1))
    assert panel.axis_buttons[0].isEnabled()
    qtbot.mouseClick(panel.axis_buttons[0], QtCore.Qt.MouseButton.LeftButton)
    s.select_neuron(2, 1)
    qtbot.mouseClick(panel.axis_buttons[1], QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.plane.d2.name == "bias b₂⁽²⁾" and not panel.job.running,
                    timeout=5000)
    assert panel.plane.d1.name == "weight w₁₂⁽³⁾"
    assert panel.plane.d1.origin == s.history.current.weights[1][0, 1]
    panel.set_axes((3, 0, 1), (3, 0, 1))
    assert "two different" in panel.note.text()


def test_the_path_follows_training_and_a_new_plane_comes_when_far(panel, qtbot):
    s = panel.session
    first = panel.plane
    s.train_for(0.3)
    while len(s.history.items()) <= 10:  # a loaded machine trains fewer checkpoints in 0.3 s
        s.train_for(0.1)
    qtbot.waitUntil(lambda: panel.plane is not first and not panel.job.running, timeout=8000)
    panel._path_throttle.flush()
    seen = panel.seen
    n = len(s.history.items())
    assert len(seen.u) == n > 10
    # the newest point is θ now, the centre of the new plane
    assert (seen.u[-1], seen.v[-1], seen.residual[-1]) == pytest.approx((0, 0, 0), abs=1e-12)
    # the older ones: XOR's other weights moved too, so the path left the plane, and it says so
    assert seen.off(panel.plane).any() and "leaves the plane" in panel.note.text()
    x, _y = panel.plot.off_plane.getData()
    assert len(x) == int(seen.off(panel.plane).sum())


def test_a_hidden_dock_computes_nothing_until_it_is_shown(qtbot):
    p = LandscapePanel(Session())
    qtbot.addWidget(p)
    p.session.train_for(0.05)
    assert p.plane is None and not p.job.running
    show_widget(qtbot, p, 600, 400)
    qtbot.waitUntil(lambda: p.plane is not None, timeout=5000)


@pytest.mark.timing
def test_computing_a_big_grid_does_not_block_the_event_loop(qtbot, tmp_path):
    """A 401×401 grid of a 2-8-8-1 network on 500 points takes seconds; a 10 ms timer must
    keep firing meanwhile."""
    path = tmp_path / "spiral.json"
    path.write_text(json.dumps({
        "network": {"layers": [2, 8, 8, 1], "activations": ["tanh", "tanh", "sigmoid"],
                    "loss": "cross_entropy"},
        "data": {"dataset": "spiral", "n_points": 500, "test_ratio": 0}}))
    panel = LandscapePanel(Session(load_session(path)))
    show_widget(qtbot, panel, 700, 500)
    qtbot.waitUntil(lambda: panel.plane is not None and not panel.job.running, timeout=5000)
    gaps, last = [], [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QtCore.QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    panel.grid.setValue(401)
    assert panel.job.running
    qtbot.waitUntil(lambda: panel.progress.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: panel.progress.value() > 0, timeout=10000)
    qtbot.wait(300)
    timer.stop()
    panel.job.cancel()
    assert len(gaps) > 10 and max(gaps[1:]) < 0.25, max(gaps)
    qtbot.waitUntil(lambda: not panel.job.running, timeout=10000)
    assert panel.plane.grid == 41  # the cancelled grid never replaced the drawn one


def test_a_new_network_gets_axes_that_exist(panel, qtbot):
    s = panel.session
    panel.set_axes((3, 0, 1), (3, 0, None))
    s.remove_neuron(2, 1)  # layer 2 now has one neuron: W⁽³⁾[1][2] is gone
    qtbot.waitUntil(lambda: panel.plane is not None and not panel.job.running, timeout=5000)
    assert panel.axes == parameter_keys(s.network)[:2]
    assert panel.plane.weights[0].shape == (1, 2)


def test_the_window_has_the_dock_as_a_tab_behind_loss(qtbot):
    w = MainWindow(Session())
    qtbot.addWidget(w, before_close_func=forget_changes)
    w.show()
    qtbot.waitExposed(w)
    dock = w.docks["landscape"]
    assert dock.objectName() == "dock_landscape"
    assert dock.toggleViewAction() in w.view_menu.actions()
    assert dock in w.tabifiedDockWidgets(w.docks["loss"])
    qtbot.wait(50)
    assert w.landscape.plane is None  # behind Loss: nothing computed
    dock.raise_()
    qtbot.waitUntil(lambda: w.landscape.plane is not None, timeout=5000)
