"""The bench's tight loop (``bench.tight_loop``) is the model's arithmetic: from the same
weights on the same data it lands where the reference trainer lands, to rounding (it takes
the batch mean as it goes, the reference at the end), and it leaves the trainer alone."""

import numpy as np
import pytest

from model import kernel
from model.network import Network
from model.optimizers import Optimizer, OptimizerSettings
from model.training import Trainer

pytestmark = pytest.mark.skipif(not kernel.available(), reason="numba is not installed")


def trainer(sizes=(2, 4, 2, 1)) -> Trainer:
    rng = np.random.default_rng(5)
    x = rng.normal(size=(250, 2))
    y = (x[:, :1] ** 2 + x[:, 1:] ** 2 < 1.0).astype(float)
    net = Network.create(list(sizes), "tanh", "quadratic", init="xavier", seed=2)
    return Trainer(net, Optimizer(OptimizerSettings(learning_rate=0.03)), x, y, 10,
                   shuffle=False)


def test_the_tight_loop_trains_as_the_reference_does():
    from bench.tight_loop import TightLoop

    reference = trainer()
    loop = TightLoop(reference)
    before = [w.copy() for w in reference.net.weights]
    loop._loop(loop.x, loop.y, *loop.params, 300, loop.rate)  # 300 batches: 12 epochs
    assert all(np.array_equal(w, b) for w, b in zip(reference.net.weights, before,
                                                     strict=True))
    for _ in range(300):
        reference.fast_iteration()
    ours = [p for pair in zip(reference.net.weights, reference.net.biases, strict=True)
            for p in pair]
    moved = max(float(np.max(np.abs(p - b))) for p, b in zip(ours[::2], before, strict=True))
    assert moved > 0.05  # it trained: the comparison below is not of two starting points
    for p, q in zip(loop.params, ours, strict=True):
        np.testing.assert_allclose(p.reshape(q.shape), q, rtol=1e-9, atol=1e-12)


def test_the_tight_loop_is_two_four_two_one_only():
    from bench.tight_loop import TightLoop

    with pytest.raises(ValueError, match=r"2-4-2-1, not \(2, 8, 1\)"):
        TightLoop(trainer((2, 8, 1)))
