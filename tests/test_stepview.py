"""What the diagram shows at each step, decided without Qt."""

import numpy as np

from model.network import Network
from model.optimizers import Optimizer, OptimizerSettings
from model.stepview import MEAN, backward_end, forward_end, step_view
from model.trace import iterate


def trace_2_3_3_2():
    net = Network.create([2, 3, 3, 2], ["tanh", "relu", "sigmoid"], "quadratic", seed=4)
    x = np.array([[0.5, -1.0], [1.5, 0.25], [-0.3, 0.8]])
    y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    return iterate(net, Optimizer(OptimizerSettings(learning_rate=0.1)), x, y)


def kinds(trace):
    return [(s.kind, s.layer) for s in trace.steps]


def test_forward_steps_fill_layers_in_order_and_leave_the_rest_empty():
    t = trace_2_3_3_2()
    assert kinds(t)[:4] == [("input", 1), ("forward", 2), ("forward", 3), ("forward", 4)]
    v = step_view(t, 0, 1)
    assert v.neuron_quantity == ("a", None, None, None)
    np.testing.assert_array_equal(v.neuron_values[0], [1.5, 0.25])
    v = step_view(t, 2, 1)  # forward, layer 3
    assert v.neuron_quantity == ("a", "a", "a", None)
    np.testing.assert_array_equal(v.neuron_values[2], t.layers[1].a[1])
    assert v.edge_quantity == "w" and v.output is None and v.loss is None


def test_backward_steps_show_deltas_from_the_top_down():
    t = trace_2_3_3_2()
    v = step_view(t, 5, 0)  # output error
    assert t.steps[5].kind == "output_error"
    assert v.neuron_quantity == ("a", None, None, "delta")
    np.testing.assert_array_equal(v.neuron_values[3], t.layers[2].delta[0])
    v = step_view(t, 7, 0)  # backward, layer 2
    assert (t.steps[7].kind, t.steps[7].layer) == ("backward", 2)
    assert v.neuron_quantity == ("a", "delta", "delta", "delta")
    assert v.edge_quantity == "w"


def test_gradient_and_update_steps_carry_gradients_on_edges():
    t = trace_2_3_3_2()
    g = step_view(t, 8, 0)
    assert t.steps[8].kind == "gradients" and g.edge_quantity == "grad_w"
    np.testing.assert_array_equal(g.edge_values[1], t.layers[1].grad_weights)
    np.testing.assert_array_equal(g.weights[0], t.weights_before[0])
    u = step_view(t, 9, 0)
    assert u.edge_quantity == "grad_w"
    np.testing.assert_array_equal(u.weights[0], t.weights_after[0])


def test_batch_mean_is_the_mean_over_samples():
    t = trace_2_3_3_2()
    v = step_view(t, 4, MEAN)  # loss: every layer shows a
    np.testing.assert_allclose(v.neuron_values[1], t.layers[0].a.mean(axis=0))
    np.testing.assert_allclose(v.target, [2 / 3, 2 / 3])
    assert v.loss == t.loss


def test_finish_pass_targets():
    t = trace_2_3_3_2()
    assert t.steps[forward_end(t)].kind == "loss"
    assert t.steps[backward_end(t)].kind == "gradients"
