"""The networks learn: XOR to a small loss, optimisers as their formulas say."""

import numpy as np
import pytest

from model.network import Network
from model.optimizers import Optimizer, OptimizerSettings
from model.training import Trainer

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1.0]])
XOR_Y = np.array([[0], [1], [1], [0.0]])


def test_2_2_1_sigmoid_network_learns_xor():
    net = Network.create([2, 2, 1], "sigmoid", "quadratic", init="xavier", seed=2)
    trainer = Trainer(net, Optimizer(OptimizerSettings(learning_rate=3.0)), XOR_X, XOR_Y, 4)
    for _ in range(1000):
        trainer.train_epoch()
    assert net.cost(XOR_X, XOR_Y) < 0.01
    np.testing.assert_array_equal(net.predict(XOR_X) > 0.5, XOR_Y > 0.5)


def one_layer(optimizer, **kw):
    net = Network.create([1, 1], ["linear"], "quadratic", weights=[[[1.0]]], biases=[[0.0]])
    return net, Optimizer(OptimizerSettings(optimizer=optimizer, learning_rate=0.1, **kw))


def grad(net):
    """For C = ½(w·1 + b − 0)², ∂C/∂w = ∂C/∂b = w + b."""
    g = net.weights[0][0, 0] + net.biases[0][0]
    return [np.array([[g]])], [np.array([g])]


def test_momentum_two_steps_by_hand():
    net, opt = one_layer("momentum", momentum=0.9)
    opt.apply(net.weights, net.biases, *grad(net))  # g = 1: v = −0.1, w = 0.9, b = −0.1
    assert net.weights[0][0, 0] == pytest.approx(0.9)
    assert net.biases[0][0] == pytest.approx(-0.1)
    opt.apply(net.weights, net.biases, *grad(net))  # g = 0.8: v = −0.09 − 0.08 = −0.17
    assert net.weights[0][0, 0] == pytest.approx(0.73)
    assert net.biases[0][0] == pytest.approx(-0.27)


def test_adam_first_step_is_learning_rate_times_sign():
    net, opt = one_layer("adam")
    opt.apply(net.weights, net.biases, *grad(net))
    # m̂ = g, v̂ = g², so the step is η·g/(|g| + ε) ≈ η
    assert net.weights[0][0, 0] == pytest.approx(1.0 - 0.1 / (1 + 1e-8), abs=1e-12)
    assert opt.t == 1


def test_l2_and_l1_add_their_terms_to_weights_only():
    for reg, expected_w in (("l2", 1.0 - 0.1 * (1.0 + 0.5 * 1.0)),
                            ("l1", 1.0 - 0.1 * (1.0 + 0.5 * 1.0))):
        net, opt = one_layer("sgd", regularization=reg, regularization_rate=0.5)
        opt.apply(net.weights, net.biases, *grad(net))
        assert net.weights[0][0, 0] == pytest.approx(expected_w)
        assert net.biases[0][0] == pytest.approx(-0.1)  # biases are not regularised
    net, opt = one_layer("sgd", regularization="l2", regularization_rate=0.5)
    net.weights[0][0, 0] = -2.0
    assert opt.penalty(net.weights) == pytest.approx(0.25 * 4.0)
    net, opt = one_layer("sgd", regularization="l1", regularization_rate=0.5)
    net.weights[0][0, 0] = -2.0
    assert opt.penalty(net.weights) == pytest.approx(1.0)


def spiral_like(seed=0, n=40):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    y = (x[:, :1] * x[:, 1:] > 0).astype(float)
    return x, y


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_snapshot_restore_replays_bit_for_bit(optimizer):
    x, y = spiral_like()
    net = Network.create([2, 5, 1], ["tanh", "sigmoid"], "cross_entropy", init="he", seed=3)
    trainer = Trainer(net, Optimizer(OptimizerSettings(optimizer=optimizer, learning_rate=0.05)),
                      x, y, batch_size=7, seed=11)
    for _ in range(9):  # into the second epoch (6 batches an epoch)
        trainer.train_iteration()
    snap = trainer.snapshot()
    first = [trainer.train_iteration() for _ in range(8)]
    trainer.restore(snap)
    np.testing.assert_array_equal(net.weights[0], snap.weights[0])
    second = [trainer.train_iteration() for _ in range(8)]
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a.input, b.input)
        for wa, wb in zip(a.weights_after, b.weights_after, strict=True):
            np.testing.assert_array_equal(wa, wb)


def test_epochs_shuffle_by_seed_and_visit_every_sample_once():
    x, y = spiral_like(n=10)
    x[:, 0] = np.arange(10)  # tag each sample
    seen = []
    trainer = Trainer(Network.create([2, 1], ["sigmoid"]), Optimizer(OptimizerSettings()), x, y,
                      batch_size=3, seed=5)
    assert trainer.iterations_per_epoch == 4
    for _ in range(4):
        seen += trainer.train_iteration().input[:, 0].tolist()
    assert sorted(seen) == list(range(10)) and seen != list(range(10))
    assert trainer.epoch == 1 and trainer.position == 0
    again = Trainer(Network.create([2, 1], ["sigmoid"]), Optimizer(OptimizerSettings()), x, y,
                    batch_size=3, seed=5)
    assert again.train_iteration().input[:, 0].tolist() == seen[:3]
