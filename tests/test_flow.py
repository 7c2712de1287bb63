"""Gradient flow: the per-layer norms by hand, the vanishing and exploding patterns, and the
series recorded while stepping, while training here and in the training process."""

import math

import numpy as np
import pytest

from app.session import Session
from app.session_flow import FlowRecord
from app.train_worker import TrainWorker
from model.flow import DENSE, FlowPoint, measured, stride, trace_point
from model.kernel import engine_for
from model.network import Network
from model.optimizers import Optimizer, OptimizerSettings
from model.session_file import parse_session
from model.trace import iterate
from tests.test_history import spec


def sig(z):
    return 1 / (1 + math.exp(-z))


def test_norms_of_a_tiny_network_by_hand():
    """1-2-1 sigmoid, quadratic cost, two samples, plain SGD with η = 0.5."""
    w2, b2, w3, b3 = [0.3, -0.6], [0.1, 0.2], [0.8, -0.4], 0.05
    xs, ys, eta = [0.5, -1.0], [1.0, 0.0], 0.5
    net = Network.create([1, 2, 1], "sigmoid", "quadratic",
                         weights=[[[w2[0]], [w2[1]]], [w3]], biases=[b2, [b3]])
    sgd = Optimizer(OptimizerSettings(learning_rate=eta))
    trace = iterate(net, sgd, np.array([[x] for x in xs]), np.array([[y] for y in ys]))
    d2_norms, d3_norms, g2, g3 = [], [], np.zeros(2), np.zeros(2)
    for x, y in zip(xs, ys, strict=True):
        a2 = [sig(w2[j] * x + b2[j]) for j in range(2)]
        a3 = sig(w3[0] * a2[0] + w3[1] * a2[1] + b3)
        d3 = (a3 - y) * a3 * (1 - a3)  # BP1
        d2 = [w3[j] * d3 * a2[j] * (1 - a2[j]) for j in range(2)]  # BP2
        d3_norms.append(abs(d3))
        d2_norms.append(math.hypot(*d2))
        g2 += np.array(d2) * x / 2  # BP4, batch mean
        g3 += d3 * np.array(a2) / 2
    point = trace_point(trace)
    assert point.delta == pytest.approx([np.mean(d2_norms), np.mean(d3_norms)], rel=1e-12)
    assert point.grad == pytest.approx([math.hypot(*g2), math.hypot(*g3)], rel=1e-12)
    # SGD without a regulariser: ΔW = −η ∂C/∂W, so the ratio is η‖∂C/∂W‖ / ‖W‖
    assert point.ratio == pytest.approx([eta * math.hypot(*g2) / math.hypot(*w2),
                                         eta * math.hypot(*g3) / math.hypot(*w3)], rel=1e-9)


def test_a_saturated_deep_sigmoid_network_shows_vanishing_errors():
    """6 layers of sigmoids, small random weights: each layer back multiplies δ by about
    σ′ · w ≤ ¼ · 0.1·√n, so ‖δ⁽ˡ⁾‖ falls layer by layer towards the input."""
    s = Session(parse_session({
        "network": {"layers": [2, 8, 8, 8, 8, 1], "activations": "sigmoid",
                    "loss": "quadratic", "init": "small_random", "seed": 3},
        "training": {"learning_rate": 0.5, "batch_size": 16},
        "data": {"dataset": "circle", "n_points": 64, "test_ratio": 0.0, "seed": 1}}))
    for _ in range(3 * s.n_steps):
        s.next_step()
    flow = s.flow
    assert flow.curve("delta", 2).n == 3  # every iteration stepped through
    for n in range(3):
        deltas = [flow.curve("delta", layer).y[n] for layer in range(2, 7)]
        assert all(a < b for a, b in zip(deltas, deltas[1:], strict=False)), deltas  # ordered
        assert deltas[0] < 1e-3 * deltas[-1]  # ‖δ⁽²⁾‖ ≪ ‖δ⁽ᴸ⁾‖
        grads = [flow.curve("grad", layer).y[n] for layer in range(2, 7)]
        assert grads[0] < 1e-2 * grads[-1]


def test_too_large_a_learning_rate_shows_the_exploding_pattern():
    """η = 100 on a ReLU network: each update moves W by more than its own size and the
    gradients grow from one iteration to the next, until the numbers overflow."""
    from tests.test_divergence import EXPLODING

    s = Session(parse_session(EXPLODING))
    for _ in range(6 * s.n_steps):
        s.next_step()
    ratio = np.array([s.flow.curve("ratio", layer).y for layer in (2, 3, 4)])
    grad = np.array([s.flow.curve("grad", layer).y for layer in (2, 3, 4)])
    out = np.array(s.flow.curve("delta", 4).y)
    assert (ratio[:, 0] > 1).all()  # the first update moves every W by more than its size
    assert (grad[:, 1] > 100 * grad[:, 0]).all()  # and the gradients grow a hundredfold
    assert np.all(np.diff(np.log10(out)) > 1)  # ‖δ⁽ᴸ⁾‖ ×10 and more, iteration after iteration


def test_the_recording_rule_is_dense_early_and_about_dense_per_doubling():
    assert all(measured(n) for n in range(1, 2 * DENSE))
    assert stride(2 * DENSE) == 2 and stride(4 * DENSE) == 4 and stride(4 * DENSE - 1) == 2
    n = 1 << 16
    count = sum(measured(i) for i in range(n // 2 + 1, n + 1))
    assert count == DENSE


def _train_here(session, n):
    while session.iterations_done < n:
        session.train_for(0.01)


def test_the_worker_records_the_same_series_as_the_window_bit_for_bit(qtbot):
    here, there = Session(spec()), Session(spec())
    there.worker = TrainWorker()
    try:
        there.toggle_train()
        assert there.frame_timer.isActive()
        qtbot.waitUntil(lambda: there.iterations_done > 1500, timeout=30_000)
        there.stop()
    finally:
        there.worker.close()
    _train_here(here, there.iterations_done)
    n = min(here.iterations_done, there.iterations_done)
    reference = spec().make_trainer()  # and both are what the model computes directly
    reference.engine = engine_for(reference.net)  # in the arithmetic both trained with
    expected = {}
    for i in range(1, n + 1):
        if measured(i):
            expected[i] = reference.measured_iteration()[1]
        else:
            reference.fast_iteration()
    for measure in ("delta", "grad", "ratio"):
        for layer in range(2, here.network.n_layers + 1):
            a, b = here.flow.curve(measure, layer), there.flow.curve(measure, layer)
            xa, xb = a.x[a.x <= n], b.x[b.x <= n]
            assert np.array_equal(xa, xb) and len(xa) == len(expected)
            assert a.y[:len(xa)].tobytes() == b.y[:len(xb)].tobytes()  # bit for bit
            assert a.y[:len(xa)].tolist() == [getattr(expected[int(x)], measure)[layer - 2]
                                              for x in xa]


def test_stepping_back_cuts_the_series_and_undo_brings_them_back(qtbot):
    s = Session(spec())
    for _ in range(4 * s.n_steps):
        s.next_step()
    assert s.flow.curve("grad", 2).x.tolist() == [1, 2, 3, 4]
    before = s.flow.arrays("ratio")
    s.go_to_iteration(2)
    assert s.flow.curve("grad", 2).x.tolist() == [1, 2]
    for _ in range(2 * s.n_steps):
        s.next_step()
    after = s.flow.arrays("ratio")  # the same iterations again: the same numbers
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(before, after, strict=True))
    s.set_training(learning_rate=0.01)
    s.undo()
    assert s.flow.curve("grad", 2).x.tolist() == [1, 2, 3, 4]


def test_a_flow_point_travels_as_a_row():
    point = FlowPoint(np.array([1.0, 2.0]), np.array([3.0, 4.0]), np.array([5e-300, np.inf]))
    back = FlowPoint.from_row(point.row())
    assert all(np.array_equal(getattr(back, m), getattr(point, m))
               for m in ("delta", "grad", "ratio"))


def test_the_record_keeps_one_epoch_row_each_and_halves_when_full():
    from model.training_log import EpochRow

    record = FlowRecord(3, log_capacity=4)
    for e in range(1, 10):
        record.add_epoch(EpochRow(e, 1.0, None, None, None, (1.0, 1.0), (1.0, 1.0)))
    assert [r.epoch for r in record.rows] == [2, 4, 6, 8] and record.log_stride == 2
    record.truncate_after(5, 5)
    assert [r.epoch for r in record.rows] == [2, 4]
