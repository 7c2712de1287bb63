"""Layer accessors: layer l (2..L, as people count) reaches its arrays without ``[l - 2]``."""

import numpy as np
import pytest

from model.network import Network, layer_slot
from model.optimizers import Optimizer, OptimizerSettings
from model.stepview import step_view
from model.trace import iterate
from model.training import Trainer


def small():
    net = Network.create([2, 3, 4, 1], ["tanh", "relu", "sigmoid"], "quadratic", seed=2)
    x, y = np.array([[0.5, -1.0], [1.0, 0.2]]), np.array([[1.0], [0.0]])
    return net, iterate(net.copy(), Optimizer(OptimizerSettings()), x, y)


def test_layer_slot_is_l_minus_two_and_refuses_layers_without_parameters():
    assert [layer_slot(l, 4) for l in (2, 3, 4)] == [0, 1, 2]
    assert layer_slot(np.int64(3), 4) == 1
    for bad in (1, 0, 5, -1, True, 2.0, "2"):
        with pytest.raises(IndexError, match=r"the layers with parameters are 2\.\.4"):
            layer_slot(bad, 4)


def test_network_accessors():
    net, _ = small()
    assert net.W(2) is net.weights[0] and net.W(4).shape == (1, 4)
    assert net.b(3) is net.biases[1]
    assert net.activation(3).name == "relu"
    with pytest.raises(IndexError, match="layer 1 has no weights"):
        net.W(1)


def test_trace_accessors():
    _, t = small()
    assert t.n_layers == 4
    assert t.layer(3) is t.layers[1]
    assert t.a(1) is t.input and t.a(4) is t.layers[2].a
    assert t.W_before(2) is t.weights_before[0] and t.b_before(4) is t.biases_before[2]
    assert t.W_after(3) is t.weights_after[1] and t.b_after(2) is t.biases_after[0]
    with pytest.raises(IndexError):
        t.layer(5)


def test_snapshot_and_step_view_accessors():
    net, t = small()
    trainer = Trainer(net, Optimizer(OptimizerSettings()), t.input, t.target, 2)
    snap = trainer.snapshot()
    assert snap.W(3) is snap.weights[1] and snap.b(4) is snap.biases[2]
    view = step_view(t, len(t.steps) - 1)  # the update step: parameters after, edges ∂C/∂w
    assert view.W(2) is view.weights[0] and view.b(3) is view.biases[1]
    assert view.edges(4) is view.edge_values[2]
    np.testing.assert_array_equal(view.W(2), t.W_after(2))
    with pytest.raises(IndexError):
        view.edges(1)
