"""Activations and losses against hand values and against their own finite differences."""

import math

import numpy as np
import pytest

from model.activations import ACTIVATIONS, get_activation, softmax_jacobian_t
from model.errors import ValidationError
from model.losses import LOSSES, get_loss, output_delta
from model.network import Network

Z = np.array([[-3.0, -0.5, 0.0, 0.25, 2.0]])


@pytest.mark.parametrize("name,expected", [
    ("sigmoid", [1 / (1 + math.exp(3)), 1 / (1 + math.exp(0.5)), 0.5, 1 / (1 + math.exp(-0.25)),
                 1 / (1 + math.exp(-2))]),
    ("tanh", [math.tanh(v) for v in Z[0]]),
    ("relu", [0, 0, 0, 0.25, 2]),
    ("leaky_relu", [-0.03, -0.005, 0, 0.25, 2]),
    ("linear", list(Z[0])),
    ("arctan", [math.atan(v) for v in Z[0]]),
    ("step", [0, 0, 0, 1, 1]),
])
def test_activation_values(name, expected):
    np.testing.assert_allclose(ACTIVATIONS[name].fn(Z)[0], expected, rtol=1e-15, atol=1e-17)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "linear", "arctan"])
def test_derivative_matches_central_difference(name):
    act = ACTIVATIONS[name]
    z = np.array([[-2.5, -0.7, 0.3, 1.9]])  # away from the kinks of relu
    h = 1e-6
    numeric = (act.fn(z + h) - act.fn(z - h)) / (2 * h)
    np.testing.assert_allclose(act.prime(z, act.fn(z)), numeric, rtol=1e-8, atol=1e-10)


def test_relu_derivative_is_zero_at_zero():
    z = np.zeros((1, 1))
    assert ACTIVATIONS["relu"].prime(z, z)[0, 0] == 0.0
    assert ACTIVATIONS["leaky_relu"].prime(z, z)[0, 0] == 0.01


def test_sigmoid_does_not_overflow():
    a = ACTIVATIONS["sigmoid"].fn(np.array([[-1000.0, 1000.0]]))
    np.testing.assert_array_equal(a, [[0.0, 1.0]])


def test_every_activation_has_its_words():
    for act in ACTIVATIONS.values():
        assert act.display and act.formula and act.derivative_formula


def test_step_is_refused_by_backprop():
    net = Network.create([2, 1], ["step"])
    zs, acts = net.forward(np.zeros((1, 2)))
    with pytest.raises(ValueError, match="not differentiable"):
        net.backward(zs, acts, np.zeros((1, 1)))
    with pytest.raises(ValidationError, match="only allowed in a single-layer perceptron"):
        Network.create([2, 2, 1], ["step", "sigmoid"])


def test_softmax_only_on_output_and_sums_to_one():
    with pytest.raises(ValidationError, match=r"network.activations\[0\]: softmax is only"):
        Network.create([2, 3, 2], ["softmax", "sigmoid"])
    a = ACTIVATIONS["softmax"].fn(np.array([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]]))
    np.testing.assert_allclose(a.sum(axis=1), [1.0, 1.0])
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(a[0], e / e.sum(), rtol=1e-15)


def test_softmax_jacobian_transpose_matches_explicit_matrix():
    a = ACTIVATIONS["softmax"].fn(np.array([[0.2, -1.0, 0.7]]))
    g = np.array([[0.3, -0.2, 1.5]])
    jac = np.diag(a[0]) - np.outer(a[0], a[0])
    np.testing.assert_allclose(softmax_jacobian_t(a, g)[0], jac.T @ g[0], rtol=1e-14)


A = np.array([[0.8, 0.3], [0.1, 0.6]])
Y = np.array([[1.0, 0.0], [0.0, 1.0]])


def test_quadratic_loss_hand_value():
    # (1/2)·[½(0.2² + 0.3²) + ½(0.1² + 0.4²)] = (1/2)·(0.065 + 0.085) = 0.075
    assert LOSSES["quadratic"].value(A, Y) == pytest.approx(0.075, abs=1e-15)


def test_mse_loss_hand_value():
    # (1/(2·2))·(0.04 + 0.09 + 0.01 + 0.16) = 0.075
    assert LOSSES["mse"].value(A, Y) == pytest.approx(0.075, abs=1e-15)


def test_binary_cross_entropy_hand_value():
    expected = -(math.log(0.8) + math.log(0.7) + math.log(0.9) + math.log(0.6)) / 2
    assert LOSSES["cross_entropy"].value(A, Y) == pytest.approx(expected, rel=1e-15)


def test_categorical_cross_entropy_after_softmax_hand_value():
    ce = get_loss("cross_entropy", ACTIVATIONS["softmax"])
    assert ce.value(A, Y) == pytest.approx(-(math.log(0.8) + math.log(0.6)) / 2, rel=1e-15)


def test_cross_entropy_of_a_saturated_right_answer_is_zero_not_nan():
    assert LOSSES["cross_entropy"].value(np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]])) == 0.0


def test_cross_entropy_refuses_unbounded_outputs():
    with pytest.raises(ValidationError, match="network.loss: cross_entropy needs outputs in"):
        Network.create([2, 1], ["linear"], "cross_entropy")


PAIRS = [(loss, act) for loss in ("quadratic", "mse", "cross_entropy")
         for act in ("sigmoid", "softmax", "tanh", "linear")
         if loss != "cross_entropy" or act in ("sigmoid", "softmax")]


@pytest.mark.parametrize("loss,act", PAIRS)
def test_output_delta_matches_finite_difference_of_per_sample_cost(loss, act):
    loss_obj = get_loss(loss, ACTIVATIONS[act])
    sigma = ACTIVATIONS[act]
    z = np.array([[0.3, -0.8, 1.1]])
    y = np.array([[0.2, 0.5, 0.3]])
    delta = output_delta(loss_obj, sigma, z, sigma.fn(z), y)
    h = 1e-6
    for j in range(3):
        dz = np.zeros_like(z)
        dz[0, j] = h
        up = loss_obj.per_sample(sigma.fn(z + dz), y)[0]
        down = loss_obj.per_sample(sigma.fn(z - dz), y)[0]
        assert delta[0, j] == pytest.approx((up - down) / (2 * h), rel=1e-7, abs=1e-10)


def test_unknown_names_list_the_known_ones():
    with pytest.raises(ValidationError, match="unknown activation 'sigmod'; known: sigmoid"):
        get_activation("sigmod", "network.activations[0]")
    with pytest.raises(ValidationError, match="unknown loss 'l2'"):
        get_loss("l2")
