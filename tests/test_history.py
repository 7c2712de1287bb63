"""The sparse step history: what it keeps, and that stepping back through it is exact."""

import numpy as np
import pytest

from app.session import Session
from model.history import StepHistory
from model.kernel import KERNEL, engine_for
from model.session_file import parse_session

SPIRAL_ADAM = {
    "network": {"layers": [2, 8, 8, 1], "activations": ["tanh", "tanh", "sigmoid"],
                "loss": "cross_entropy", "init": "xavier", "seed": 3},
    "training": {"optimizer": "adam", "learning_rate": 0.01, "batch_size": 7},
    "data": {"dataset": "spiral", "n_points": 60, "test_ratio": 0.25, "seed": 1},
}


def spec():
    return parse_session(SPIRAL_ADAM)


def same_state(a, b) -> bool:
    arrays_a = [*a.weights, *a.biases, *(x for v in a.optimizer[1].values() for x in v)]
    arrays_b = [*b.weights, *b.biases, *(x for v in b.optimizer[1].values() for x in v)]
    return (a.optimizer[0] == b.optimizer[0] and (a.epoch, a.position) == (b.epoch, b.position)
            and np.array_equal(a.order, b.order)
            and all(np.array_equal(x, y) for x, y in zip(arrays_a, arrays_b, strict=True)))


def reference_run(n: int):
    """Snapshots before each of n traced iterations, every one kept."""
    trainer = spec().make_trainer()
    snaps = []
    for _ in range(n):
        snaps.append(trainer.snapshot())
        trainer.train_iteration()
    snaps.append(trainer.snapshot())
    return snaps


def full_speed_run(n: int):
    """What training at full speed computes (in the window or the training process): the
    reference's iterations, or the compiled kernel's where it trains this network
    (model.kernel); one snapshot before each of n iterations."""
    trainer = spec().make_trainer()
    if engine_for(trainer.net) != KERNEL:
        return reference_run(n)
    trainer.engine = KERNEL
    snaps = []
    for _ in range(n):
        snaps.append(trainer.snapshot())
        trainer.run(1)
    return [*snaps, trainer.snapshot()]


def test_an_iteration_without_its_trace_changes_the_parameters_bit_for_bit_alike():
    fast, traced = spec().make_trainer(), spec().make_trainer()
    losses = [fast.fast_iteration() for _ in range(30)]
    traces = [traced.train_iteration() for _ in range(30)]
    assert same_state(fast.snapshot(), traced.snapshot())
    assert losses == [t.loss for t in traces]


def test_dense_for_the_last_iterations_then_one_in_every():
    h = StepHistory(length=10_000, every=10)
    snaps = reference_run(0) * 95
    for n in range(95):
        h.record(n, snaps[n])
    kept = h._ns
    assert kept == [0, 10, 20, 30, 40, 50, 60, 70, 80, *range(84, 95)]
    assert h.current is snaps[94] and h.oldest == 0 and h.newest == 94


def test_a_pinned_snapshot_survives_thinning_and_the_horizon_forgets_the_oldest():
    h = StepHistory(length=40, every=10)
    snap = reference_run(0)[0]
    for n in range(100):
        h.record(n, snap, pin=(n == 33))
    assert 33 in h._ns or h.oldest > 33
    assert h.oldest >= 100 - 1 - 40
    h2 = StepHistory(length=1000, every=10)
    for n in range(100):
        h2.record(n, snap, pin=(n == 33))
    assert 33 in h2._ns and 34 not in h2._ns


def test_replaying_from_a_checkpoint_equals_the_kept_state():
    ref = reference_run(120)
    trainer = spec().make_trainer()
    h = StepHistory(length=10_000, every=25)
    for n in range(120):
        if h.wants(n):
            h.record(n, trainer.snapshot())
        trainer.fast_iteration()
    h.record(120, trainer.snapshot())

    def replay(snap, count):
        trainer.restore(snap)
        for _ in range(count):
            trainer.fast_iteration()
        return trainer.snapshot()

    for n in (0, 1, 24, 25, 26, 49, 77, 119, 120):
        assert same_state(h.at(n, replay), ref[n]), n
    with pytest.raises(IndexError):
        h.at(121, replay)


def test_the_history_of_a_big_network_stays_within_its_budget():
    nbytes = 1_900_000  # 784-256-128-10's parameters in float64
    h = StepHistory.within(nbytes, budget=150 * 2**20)
    most = (h.length // h.every + h.every) * nbytes
    assert most <= 150 * 2**20
    assert h.length >= 100 and h.every >= 1
    mid = StepHistory.within(60_000)  # 64-32-10 with Adam: the budget sets the length
    assert mid.every == 50 and mid.length == (150 * 2**20 // 60_000 - 50) * 50 == 128_550
    small = StepHistory.within(2_300)  # 2-4-2-1: the length's own limit
    assert (small.length, small.every) == (500_000, 50)


def test_stepping_back_after_training_at_full_speed_is_exact(qtbot):
    s = Session(spec())
    ref = full_speed_run(400)
    while s.iterations_done < 130:
        s.train_for(0.002)
    n = s.iterations_done
    assert len(s.history) < n  # sparse: not one per iteration
    assert same_state(s.history.current, ref[n])
    for _ in range(60):  # back across at least one checkpoint, one iteration at a time
        s.go_to_start()
        s.previous_step()
        n -= 1
        assert s.iterations_done == n
        assert same_state(s.history.current, ref[n]), n
    assert s.losses.iteration.x[-1] == n  # the curve was cut back too
