"""The minimal session of issue 2, worked by hand in scalar arithmetic, against the model.

Network 2-2-1, sigmoid, quadratic cost, η = 0.5, batch of two samples:
W² = [[0.1, 0.2], [0.3, 0.4]], b² = 0, W³ = [[0.5, 0.6]], b³ = 0,
x = (0, 0) → y = 0 and x = (1, 1) → y = 1.
"""

import math

import numpy as np
import pytest

from model.network import Network
from model.optimizers import Optimizer, OptimizerSettings
from model.trace import iterate


def s(z):
    return 1.0 / (1.0 + math.exp(-z))


# Sample 1, x = (0, 0): every z² is 0, so a² = (½, ½).
Z2_1 = (0.0, 0.0)
A2_1 = (0.5, 0.5)
Z3_1 = 0.5 * 0.5 + 0.6 * 0.5  # 0.55
A3_1 = s(Z3_1)  # 0.634135591…
# Sample 2, x = (1, 1): z² = (0.1 + 0.2, 0.3 + 0.4) = (0.3, 0.7).
Z2_2 = (0.3, 0.7)
A2_2 = (s(0.3), s(0.7))  # 0.574442516…, 0.668187772…
Z3_2 = 0.5 * A2_2[0] + 0.6 * A2_2[1]  # 0.688133921…
A3_2 = s(Z3_2)  # 0.665551679…
# C = (1/2)·[½(0 − a³₁)² + ½(1 − a³₂)²]
LOSS = 0.5 * (0.5 * A3_1**2 + 0.5 * (1 - A3_2) ** 2)
# BP1: δ³ = (a − y)·σ′(z) = (a − y)·a(1 − a)
D3_1 = (A3_1 - 0) * A3_1 * (1 - A3_1)
D3_2 = (A3_2 - 1) * A3_2 * (1 - A3_2)
# BP2: δ²_j = W³[0][j]·δ³·a²_j(1 − a²_j)
D2_1 = (0.5 * D3_1 * 0.5 * 0.5, 0.6 * D3_1 * 0.5 * 0.5)
D2_2 = (0.5 * D3_2 * A2_2[0] * (1 - A2_2[0]), 0.6 * D3_2 * A2_2[1] * (1 - A2_2[1]))
# BP3/BP4 averaged over the two samples
GB3 = (D3_1 + D3_2) / 2
GW3 = ((D3_1 * A2_1[0] + D3_2 * A2_2[0]) / 2, (D3_1 * A2_1[1] + D3_2 * A2_2[1]) / 2)
GB2 = ((D2_1[0] + D2_2[0]) / 2, (D2_1[1] + D2_2[1]) / 2)
# ∂C/∂W²[j][k] = mean δ²_j x_k; sample 1 has x = 0, sample 2 has x = 1.
GW2 = ((D2_2[0] / 2, D2_2[0] / 2), (D2_2[1] / 2, D2_2[1] / 2))


def hand_trace():
    net = Network.create([2, 2, 1], ["sigmoid", "sigmoid"], "quadratic",
                         weights=[[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6]]], biases=[[0, 0], [0]])
    x = np.array([[0.0, 0.0], [1.0, 1.0]])
    y = np.array([[0.0], [1.0]])
    return iterate(net, Optimizer(OptimizerSettings(learning_rate=0.5)), x, y)


def test_forward_matches_hand_numbers():
    t = hand_trace()
    np.testing.assert_allclose(t.layers[0].z, [Z2_1, Z2_2], rtol=0, atol=1e-15)
    np.testing.assert_allclose(t.layers[0].a, [A2_1, A2_2], rtol=1e-15)
    np.testing.assert_allclose(t.layers[1].z, [[Z3_1], [Z3_2]], rtol=1e-15)
    np.testing.assert_allclose(t.layers[1].a, [[A3_1], [A3_2]], rtol=1e-15)
    # the printed digits, as a person checks them with a calculator
    assert t.layers[1].a[0, 0] == pytest.approx(0.634135591, abs=1e-9)
    assert t.layers[1].a[1, 0] == pytest.approx(0.665551680, abs=1e-9)
    assert t.loss == pytest.approx(LOSS, rel=1e-14)
    assert t.loss == pytest.approx(0.128495907, abs=1e-9)


def test_deltas_and_gradients_match_hand_numbers():
    t = hand_trace()
    np.testing.assert_allclose(t.layers[1].delta, [[D3_1], [D3_2]], rtol=1e-13)
    np.testing.assert_allclose(t.layers[0].delta, [D2_1, D2_2], rtol=1e-13)
    assert t.layers[1].delta[0, 0] == pytest.approx(0.147124304, abs=1e-9)
    np.testing.assert_allclose(t.layers[1].grad_biases, [GB3], rtol=1e-13)
    np.testing.assert_allclose(t.layers[1].grad_weights, [GW3], rtol=1e-13)
    np.testing.assert_allclose(t.layers[0].grad_biases, GB2, rtol=1e-13)
    np.testing.assert_allclose(t.layers[0].grad_weights, GW2, rtol=1e-13)


def test_update_is_w_minus_eta_gradient():
    t = hand_trace()
    w2 = [[0.1 - 0.5 * GW2[0][0], 0.2 - 0.5 * GW2[0][1]],
          [0.3 - 0.5 * GW2[1][0], 0.4 - 0.5 * GW2[1][1]]]
    np.testing.assert_allclose(t.weights_after[0], w2, rtol=1e-14)
    np.testing.assert_allclose(t.weights_after[1], [[0.5 - 0.5 * GW3[0], 0.6 - 0.5 * GW3[1]]],
                               rtol=1e-14)
    np.testing.assert_allclose(t.biases_after[0], [-0.5 * GB2[0], -0.5 * GB2[1]], rtol=1e-14)
    np.testing.assert_allclose(t.biases_after[1], [-0.5 * GB3], rtol=1e-14)
    assert t.weights_after[1][0, 0] == pytest.approx(0.492300661, abs=1e-9)
    # the "before" parameters are kept, untouched by the update
    np.testing.assert_array_equal(t.weights_before[0], [[0.1, 0.2], [0.3, 0.4]])


def test_step_list_follows_design():
    t = hand_trace()
    kinds = [(s.kind, s.layer) for s in t.steps]
    assert kinds == [("input", 1), ("forward", 2), ("forward", 3), ("loss", 3),
                     ("output_error", 3), ("backward", 2), ("gradients", None),
                     ("update", None)]
    assert [s.bp for s in t.steps][4:7] == [(1,), (2,), (3, 4)]
    assert t.steps[1].equation == "z⁽²⁾ = W⁽²⁾a⁽¹⁾ + b⁽²⁾,   a⁽²⁾ = σ(z⁽²⁾)"
    assert t.steps[5].equation == "δ⁽²⁾ = ((W⁽³⁾)ᵀ δ⁽³⁾) ⊙ σ′(z⁽²⁾)"
    assert t.steps[5].caption.endswith("scaled by σ′(z⁽²⁾).")
    assert all(s.caption for s in t.steps)
