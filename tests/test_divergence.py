"""A loss that becomes NaN or infinite stops training, says why, and leads back to finite."""

import math

import numpy as np
import pytest
from PySide6 import QtWidgets

from app.session import Session
from model.session_file import parse_session
from widgets.main_window import MainWindow

EXPLODING = {
    "network": {"layers": [2, 8, 8, 1], "activations": ["relu", "relu", "linear"],
                "loss": "quadratic", "init": "xavier", "seed": 0},
    "training": {"optimizer": "sgd", "learning_rate": 100, "batch_size": 10},
    "data": {"dataset": "spiral", "n_points": 100, "test_ratio": 0.0, "seed": 0},
}


def diverge(session, told):
    session.diverged.connect(told.append)
    session.toggle_train()
    for _ in range(200):
        if told:
            break
        session.train_for(0.01)
    assert told, "learning rate 100 should have blown up"


def test_training_stops_at_the_first_non_finite_loss_and_says_why(qtbot):
    s, told = Session(parse_session(EXPLODING)), []
    diverge(s, told)
    assert s.running == ""
    assert len(told) == 1 and "η = 100" in told[0] and "too high" in told[0]
    y = s.losses.iteration.y
    assert not math.isfinite(y[-1]) and np.isfinite(y[:-1]).all()  # stopped at the first
    s.next_step()  # still non-finite: not told again
    assert len(told) == 1


def test_stepping_back_to_the_last_finite_iteration(qtbot):
    s, told = Session(parse_session(EXPLODING)), []
    diverge(s, told)
    n = s.finite_iteration
    s.go_to_iteration(n)
    assert s.iterations_done == n and s.step_index == 0
    assert math.isfinite(s.trace.loss)
    assert all(np.isfinite(w).all() for w in s.history.current.weights)
    assert s.losses.iteration.n == n and np.isfinite(s.losses.iteration.y).all()


@pytest.fixture
def window(qtbot):
    w = MainWindow(Session(parse_session(EXPLODING)))
    qtbot.addWidget(w, before_close_func=lambda w: setattr(w.session, "dirty", False))
    w.show()
    return w


def test_the_window_offers_the_step_back(window, monkeypatch):
    shown = []

    def answer(box):
        shown.append((box.windowTitle(), box.text()))
        box.buttons()[0].click()  # "Step back to iteration …"
        return 0

    monkeypatch.setattr(QtWidgets.QMessageBox, "exec", answer)
    s = window.session
    s.toggle_train()
    for _ in range(200):
        if shown:
            break
        s.train_for(0.01)
    assert shown and shown[0][0] == "Training diverged"
    assert "learning rate" in shown[0][1]
    assert s.iterations_done == s.finite_iteration and math.isfinite(s.trace.loss)


def test_non_finite_values_are_drawn_in_the_marked_colour(qtbot):
    from tests.test_diagram import make, neuron_pixels
    from widgets.colormap import NON_FINITE_RGB

    exploding = {**EXPLODING, "training": {**EXPLODING["training"], "learning_rate": 1e6}}
    s, told = Session(parse_session(exploding)), []
    diverge(s, told)
    for _ in range(30):  # on past the overflow until the forward pass itself is not finite
        if not np.isfinite(s.trace.layers[-1].a[0]).all():
            break
        s.go_to_step(s.n_steps - 1)
        s.next_step()
    _s, w = make(qtbot, s)
    w.set_show_values(False)  # the centre pixel is the neuron's fill
    s.go_to_step(3)  # forward into the output layer (layer 4)
    out = s.trace.layers[-1].a[0]
    assert not np.isfinite(out).all()
    assert neuron_pixels(w, 4, 1) == [NON_FINITE_RGB]
    s.go_to_step(1)  # the first hidden layer is still finite or overflowed: either way exact
    hidden = s.trace.layers[0].a[0]
    marked = [px == NON_FINITE_RGB for px in neuron_pixels(w, 2, 8)]
    assert marked == [not np.isfinite(v) for v in hidden]


def test_unscaled_inputs_are_named_as_the_likelier_cause(qtbot):
    rng = np.random.default_rng(0)
    x = np.c_[rng.random(40), 2000 * rng.random(40)].round(3)
    y = (x[:, :1] > 0.5).astype(float)
    s, told = Session(parse_session({
        "network": {"layers": [2, 4, 1], "activations": ["linear", "linear"],
                    "loss": "quadratic", "seed": 0},
        "training": {"learning_rate": 0.001, "batch_size": 10},
        "data": {"inputs": x.tolist(), "targets": y.tolist(), "problem": "regression"}})), []
    diverge(s, told)
    assert told[0].startswith("The batch cost C became ∞ at iteration ")
    assert "The input ranges differ by a factor of 1.9 × 10³ (x₂ " in told[0]
    assert "unscaled inputs are the likelier cause" in told[0] and "η = 0.001" in told[0]
    assert "too high" not in told[0]
