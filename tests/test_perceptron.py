import numpy as np

from model.network import Network
from model.perceptron import train_perceptron

SEVEN_X = np.array([[0.8, 0.4], [0.3, 0.1], [0.8, 0.8], [0.4, 0.6], [0.6, 0.8], [0.4, 0.2],
                    [0.4, 0.5]])
SEVEN_Y = np.array([[0], [0], [1], [1], [1], [0], [1.0]])
XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1.0]])
XOR_Y = np.array([[0], [1], [1], [0.0]])


def zero_perceptron():
    return Network.create([2, 1], ["step"], weights=[[[0.0, 0.0]]], biases=[[0.0]])


def test_perceptron_separates_the_seven_points():
    net = zero_perceptron()
    run = train_perceptron(net, SEVEN_X, SEVEN_Y, learning_rate=1.0, max_epochs=100)
    assert run.converged
    np.testing.assert_array_equal(net.predict(SEVEN_X), SEVEN_Y)
    # the last epoch made no change, and every change followed the rule exactly
    for u in run.updates:
        x_tilde = np.concatenate([[1.0], u.x])
        np.testing.assert_allclose(u.weights_after,
                                   u.weights_before + np.outer(u.y - u.prediction, x_tilde))


def test_first_update_by_hand():
    """w̃ = 0: z = 0 → f = 0; sample 1 has y = 0: right. Sample 3 (0.8, 0.8) has y = 1: wrong,
    so w̃ ← 0 + 1·(1 − 0)·(1, 0.8, 0.8)."""
    run = train_perceptron(zero_perceptron(), SEVEN_X, SEVEN_Y, max_epochs=1)
    assert [u.changed for u in run.updates[:3]] == [False, False, True]
    np.testing.assert_allclose(run.updates[2].weights_after, [[1.0, 0.8, 0.8]])


def test_perceptron_never_separates_xor():
    net = zero_perceptron()
    run = train_perceptron(net, XOR_X, XOR_Y, max_epochs=200)
    assert not run.converged and run.epochs == 200
    assert np.any(net.predict(XOR_X) != XOR_Y)
    # it cycles: the weights after epoch k come back again later
    per_epoch = [tuple(u.weights_after.ravel()) for u in run.updates[3::4]]
    assert len(set(per_epoch)) < len(per_epoch)
