"""Accuracy, R² and the unscaled-input check against hand-worked numbers."""

import numpy as np
import pytest

from model.metrics import accuracy, metric_for, r_squared, score
from model.network import Network
from model.scaling import scaling_advice, unscaled


def test_accuracy_one_output_thresholds_at_a_half_several_take_the_largest():
    assert accuracy(np.array([[0.2], [0.7], [0.51], [0.5]]),
                    np.array([[0], [1], [0], [0]])) == 0.75
    a = np.array([[0.1, 0.8, 0.1], [0.6, 0.3, 0.1], [0.2, 0.2, 0.6]])
    y = np.eye(3)[[1, 1, 2]]
    assert accuracy(a, y) == pytest.approx(2 / 3)
    assert np.isnan(accuracy(np.zeros((0, 1)), np.zeros((0, 1))))


def test_r_squared_by_hand():
    y = np.array([[1.0], [2.0], [3.0], [4.0]])  # mean 2.5, Σ(y − ȳ)² = 5
    a = np.array([[1.5], [2.0], [2.5], [4.0]])  # Σ(y − a)² = 0.25 + 0 + 0.25 + 0 = 0.5
    assert r_squared(a, y) == pytest.approx(1 - 0.5 / 5)
    assert r_squared(y, y) == 1.0
    assert r_squared(np.full_like(y, 2.5), y) == 0.0
    assert np.isnan(r_squared(np.ones((3, 1)), np.ones((3, 1))))  # a constant target


def test_score_is_the_cost_and_the_metric_of_one_forward_pass():
    net = Network.create([2, 3, 1], ["tanh", "sigmoid"], "cross_entropy", seed=0)
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1.0]])
    y = np.array([[0], [1], [1], [0.0]])
    s = score(net, x, y, metric_for("classification"))
    assert s.cost == net.cost(x, y)
    assert s.metric == accuracy(net.predict(x), y)
    assert metric_for("regression") == "r2"
    empty = score(net, x[:0], y[:0], "accuracy")
    assert np.isnan(empty.cost) and np.isnan(empty.metric)


def test_unscaled_inputs_are_told_from_their_ranges_or_their_size():
    rng = np.random.default_rng(1)
    scaled = rng.standard_normal((50, 3))
    assert unscaled(scaled) is None and scaling_advice(scaled, "abc") == ""
    wide = np.c_[scaled[:, 0], 500 + 100 * scaled[:, 1], scaled[:, 2] / 20]
    found = unscaled(wide)
    assert (found.widest, found.narrowest) == (1, 2) and found.ratio > 1000
    advice = scaling_advice(wide, ("a", "proline", "hue"))
    assert advice.startswith("The input ranges differ by a factor of ")
    assert "(proline " in advice and ", hue " in advice and "is suggested" in advice
    big = 300 + scaled  # alike ranges, but |x| in the hundreds
    assert unscaled(big).largest > 300
    assert scaling_advice(big, "xyz").startswith("The inputs reach |x| = ")
    assert unscaled(np.ones((5, 2))) is None  # constant columns: nothing to compare
