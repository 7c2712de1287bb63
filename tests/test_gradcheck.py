"""Backprop against finite differences over random architectures, activations and losses."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from model.activations import ACTIVATIONS
from model.gradcheck import check_gradients
from model.network import Network

HIDDEN = [n for n, a in ACTIVATIONS.items() if a.differentiable and not a.output_only]
OUTPUT_FOR_LOSS = {
    "quadratic": [n for n, a in ACTIVATIONS.items() if a.differentiable],
    "mse": [n for n, a in ACTIVATIONS.items() if a.differentiable],
    "cross_entropy": ["sigmoid", "softmax"],
}


@st.composite
def cases(draw):
    loss = draw(st.sampled_from(sorted(OUTPUT_FOR_LOSS)))
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=5))
    if loss == "cross_entropy" or draw(st.booleans()):
        sizes[-1] = max(sizes[-1], 2)  # softmax wants ≥ 2 outputs to mean anything
    hidden = [draw(st.sampled_from(HIDDEN)) for _ in sizes[2:]]
    out = draw(st.sampled_from(OUTPUT_FOR_LOSS[loss]))
    seed = draw(st.integers(0, 2**16))
    batch = draw(st.integers(1, 4))
    return sizes, hidden + [out], loss, seed, batch


def random_problem(sizes, acts, loss, seed, batch):
    rng = np.random.default_rng(seed)
    net = Network.create(sizes, acts, loss, seed=seed)
    for w in net.weights:  # moderate weights, random biases: no ReLU kink sits exactly at 0
        w[...] = rng.normal(0, 0.7, w.shape)
    for b in net.biases:
        b[...] = rng.normal(0, 0.5, b.shape)
    x = rng.normal(0, 1, (batch, sizes[0]))
    y = rng.uniform(0.05, 0.95, (batch, sizes[-1]))
    if acts[-1] == "softmax":
        y /= y.sum(axis=1, keepdims=True)
    return net, x, y


@settings(max_examples=300, deadline=None, derandomize=True, database=None)  # the same 300 in CI
@given(cases())
def test_backprop_matches_finite_differences(case):
    net, x, y = random_problem(*case)
    zs, _ = net.forward(x)
    # a ReLU kink within the stencil's reach makes the numeric side wrong, not backprop
    assume(min(np.min(np.abs(z)) for z in zs) > 1e-3)
    result = check_gradients(net, x, y)
    assert result.max_error < 1e-6, (case, result.layer_errors)


def test_every_activation_and_loss_pair_is_checked():
    """Not left to chance: each hidden activation and each valid output/loss pair once."""
    for loss, outs in OUTPUT_FOR_LOSS.items():
        for out in outs:
            for hidden in HIDDEN:
                net, x, y = random_problem([3, 4, 3], [hidden, out], loss, 7, 3)
                assert check_gradients(net, x, y).max_error < 1e-6, (hidden, out, loss)


def test_a_wrong_backprop_is_caught():
    """The check itself can fail: corrupt one gradient and the error becomes large."""
    net, x, y = random_problem([2, 3, 1], ["tanh", "sigmoid"], "quadratic", 1, 2)
    result = check_gradients(net, x, y)
    result.backprop_w[0][0, 0] += 0.05
    assert result.max_error > 1e-3
