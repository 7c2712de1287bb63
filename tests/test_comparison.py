"""Two runs side by side (app.comparison, model.run_pair): B starts as A stands, follows
A's every step, trains with it, and ending keeps either run exactly."""

import time

import numpy as np
import pytest

from app.comparison import (
    OWN_FRAME_MS,
    PAIR_EPOCH_EVERY_S,
    PAIR_FRAME_MS,
    PAIR_SLOWEST_MS,
    Comparison,
)
from app.session import Session
from app.session_driver import FRAME_MS
from app.train_worker import EPOCH_EVERY_S, TrainWorker
from model.errors import ValidationError
from model.network import Network
from model.run_pair import Differences, RunSettings, legend, matching_step, restructured
from model.session_file import parse_session
from model.trace import build_steps
from tests.test_divergence import EXPLODING

PLAYGROUND = {  # bench.setups.playground_default, smaller: quick to train in tests
    "network": {"layers": [2, 4, 2, 1], "activations": "tanh", "loss": "quadratic",
                "init": "xavier", "seed": 0},
    "training": {"optimizer": "sgd", "learning_rate": 0.03, "batch_size": 10, "seed": 0},
    "data": {"dataset": "circle", "n_points": 100, "test_ratio": 0.5, "noise": 0.0,
             "seed": 0},
}


@pytest.fixture
def a(qapp):
    return Session(parse_session(PLAYGROUND))


def same_arrays(xs, ys) -> bool:
    return len(xs) == len(ys) and all(np.array_equal(x, y) for x, y in zip(xs, ys, strict=True))


def shown(s: Session) -> tuple:
    """What a step shows: the step, the mini-batch, every array of the view."""
    return (s.iterations_done, s.step_index, s.step.kind, tuple(s.batch_rows()))


# --- identical runs ---------------------------------------------------------------------


def test_identical_runs_stay_bit_identical_at_every_step(a):
    for _ in range(7):
        a.next_step()  # the comparison may start mid-iteration
    c = Comparison(a, Differences())
    b = c.b
    for _ in range(3 * a.n_steps + 2):
        assert shown(a) == shown(b)
        va, vb = a.view(), b.view()
        assert same_arrays(va.weights, vb.weights) and same_arrays(va.biases, vb.biases)
        assert same_arrays([x for x in va.neuron_values if x is not None],
                           [x for x in vb.neuron_values if x is not None])
        assert same_arrays(va.edge_values, vb.edge_values)
        c.next_step()
    assert a.iterations_done == 3 and c.legend() == "A and B: the same settings"


def test_identical_runs_stay_bit_identical_after_training_epochs(a):
    c = Comparison(a, Differences())
    c.train_epochs(6)
    assert a.epoch == c.b.epoch == 6 and a.iterations_done == c.b.iterations_done == 30
    assert same_arrays(a.network.weights, c.b.network.weights)
    assert same_arrays(a.history.current.weights, c.b.history.current.weights)
    np.testing.assert_array_equal(a.losses.iteration.y, c.b.losses.iteration.y)
    np.testing.assert_array_equal(a.losses.epoch_test.y, c.b.losses.epoch_test.y)


@pytest.mark.alone  # A and B train in two processes: under -n 2 the clock's ticks vary
def test_identical_runs_trained_in_two_processes_stop_bit_identical(a, qtbot):
    a.worker = TrainWorker()
    c = Comparison(a, Differences(), worker=TrainWorker())
    ticks: list[set[str]] = []  # which runs told their widgets, per clock tick
    a.changed.connect(lambda: ticks[-1].add("A") if ticks else None)
    c.b.changed.connect(lambda: ticks[-1].add("B") if ticks else None)
    c.clock.timeout.connect(lambda: ticks.append(set()))  # connected last: after _frame
    try:
        c.toggle_train()
        assert a.frame_timer.isActive() and c.b.frame_timer.isActive()  # two processes
        assert c.clock.isActive() and a.frame_timer.interval() == OWN_FRAME_MS
        assert a.worker.epoch_every_s == c.b.worker.epoch_every_s == PAIR_EPOCH_EVERY_S
        qtbot.waitUntil(lambda: min(a.iterations_done, c.b.iterations_done) > 400,
                        timeout=20_000)
        c.toggle_train()  # Stop: both stop, the one ahead steps back to the other
        assert a.running == c.b.running == ""
        assert a.iterations_done == c.b.iterations_done > 400
        assert shown(a) == shown(c.b)
        assert same_arrays(a.history.current.weights, c.b.history.current.weights)
        assert same_arrays(a.view().weights, c.b.view().weights)
        assert not c.clock.isActive()
    finally:
        c.end("A")
        a.worker.close()
    # The clock takes both runs' frames on one tick: once both processes run, most ticks
    # told both runs' widgets together (a tick may find one frame not there yet). Each
    # set holds the next tick's (recorded once _frame is done); the last, what Stop told.
    told = [t for t in ticks[:-1] if t]
    both = [t == {"A", "B"} for t in told]
    assert True in both, told
    after = both[both.index(True):]
    assert sum(after) >= len(after) / 2, told
    assert a.frame_timer.interval() == FRAME_MS and a.worker.epoch_every_s == EPOCH_EVERY_S


@pytest.mark.alone
def test_a_faster_run_waits_within_the_others_reach(a, qtbot):
    """B's wide network trains far slower than A's: A's process waits ``lead`` iterations
    ahead of B's, so that at Stop A steps back exactly to B's iteration."""
    a.worker = TrainWorker()
    c = Comparison(a, Differences(hidden=(64, 64)), worker=TrainWorker())
    assert c.lead == min(a.history.length, c.b.history.length) * 4 // 5 > 1000
    c.lead = 300
    c._pace()
    apart = []
    c.clock.timeout.connect(lambda: apart.append(a.iterations_done - c.b.iterations_done))
    try:
        c.toggle_train()
        qtbot.waitUntil(lambda: c.b.iterations_done > 2000, timeout=30_000)
        c.toggle_train()
        # lined up where the one behind stopped: B's count, or A's when A's ceiling was a
        # frame stale and B had run ahead (never more than the lead)
        assert a.iterations_done == c.b.iterations_done > 2000 - c.lead
        assert max(apart) <= 300 and min(apart) >= -300, (min(apart), max(apart))
        assert a.history.current.weights[0].shape != c.b.history.current.weights[0].shape
        assert a.worker.until == c.b.worker.until == a.iterations_done + 300
    finally:
        c.end("A")
        a.worker.close()
    assert a.worker.until is None  # A alone trains on without a ceiling


def test_the_clock_keeps_the_window_drawing_half_the_time_at_most(a):
    c = Comparison(a, Differences())
    c._tick_s = time.perf_counter()  # a frame taken and drawn in no time: the fastest pace
    c._drawn()
    assert c.clock.interval() == PAIR_FRAME_MS == 30
    c._busy_s = 0.04  # 40 ms to draw both: 80 ms a frame keeps the window busy half of it
    c._tick_s = time.perf_counter() - 0.04
    c._drawn()
    assert 79 <= c.clock.interval() <= 81
    c._busy_s, c._tick_s = 0.5, time.perf_counter() - 0.5  # very slow: 6–7 frames a second
    c._drawn()
    assert c.clock.interval() == PAIR_SLOWEST_MS == 150


# --- runs that differ -------------------------------------------------------------------


def test_with_another_learning_rate_the_runs_differ_on_the_same_mini_batches(a):
    c = Comparison(a, Differences(learning_rate=3.0))
    b = c.b
    assert b.training.optimizer.learning_rate == 3.0
    assert a.training.optimizer.learning_rate == 0.03  # A is never changed
    assert same_arrays(a.view().weights, b.view().weights)  # the same start
    for _ in range(2 * a.n_steps + 3):
        c.next_step()
        assert shown(a) == shown(b)  # the same step of the same mini-batch
        np.testing.assert_array_equal(a.view().input, b.view().input)
    assert not np.array_equal(a.view().W(2), b.view().W(2))
    assert c.legend() == "A: η = 0.03 · B: η = 3"
    c.previous_step()
    assert shown(a) == shown(b)


def test_the_legend_says_what_differs(a):
    a.set_training(learning_rate=0.5)
    c = Comparison(a, Differences(learning_rate=3.0))
    assert c.legend() == "A: η = 0.5 · B: η = 3"
    assert (c.side("A"), c.side("B")) == ("η = 0.5", "η = 3")
    c.end("A")
    c = Comparison(a, Differences(optimizer="adam", batch_size=25, regularization="l2",
                                  regularization_rate=0.01))
    assert c.legend() == ("A: SGD, no regulariser, batch size 10 · "
                          "B: Adam, L2, λ = 0.01, batch size 25")


def test_legend_words_for_the_network():
    from model.optimizers import OptimizerSettings
    from model.session_file import TrainingSettings

    training = TrainingSettings(OptimizerSettings())
    one = RunSettings.of(Network.create([2, 8, 8, 1], "tanh", "quadratic"), "xavier", training)
    two = RunSettings.of(Network.create([2, 4, 1], ["relu", "sigmoid"], "quadratic"), "he",
                         training)
    assert legend(one, two) == ("A: tanh, output tanh, 2-8-8-1, Xavier init · "
                                "B: ReLU, output sigmoid, 2-4-1, He init")


def test_another_network_keeps_the_weights_that_fit_and_the_mini_batch_order(a):
    for _ in range(3 * a.n_steps):
        a.next_step()
    c = Comparison(a, Differences(hidden=(4, 3, 2), activation="relu"))
    b = c.b
    assert b.network.sizes == (2, 4, 3, 2, 1)
    assert [x.name for x in b.network.activations] == ["relu"] * 3 + ["tanh"]
    np.testing.assert_array_equal(b.history.current.W(2), a.history.current.W(2))
    assert b.history.oldest == a.iterations_done == b.iterations_done  # its own history
    assert b.losses.iteration.n == 0
    np.testing.assert_array_equal(b.batch_rows(), a.batch_rows())
    assert b.history.current.rng_state == a.history.current.rng_state
    for _ in range(a.n_steps + 2):  # each step of A has B's of the same kind
        c.next_step()
        assert a.step.kind == b.step.kind and a.iterations_done == b.iterations_done
        np.testing.assert_array_equal(b.batch_rows(), a.batch_rows())


def test_another_initialiser_draws_every_weight_afresh(a):
    spec = restructured(a.current_spec(), Differences(init="he"))
    assert spec.init == "he" and spec.network.sizes == a.network.sizes
    assert not np.array_equal(spec.network.W(3), a.network.W(3))


def test_stepping_back_before_a_new_networks_start_leaves_b_at_its_start(a):
    for _ in range(2 * a.n_steps):
        a.next_step()
    c = Comparison(a, Differences(hidden=(3,)))
    start = c.b.iterations_done
    a.go_to_iteration(0)
    assert a.iterations_done == 0 and c.b.iterations_done == start


def test_a_refused_difference_changes_nothing(a):
    with pytest.raises(ValidationError, match="learning_rate"):
        Comparison(a, Differences(learning_rate=-1.0))
    with pytest.raises(ValidationError, match="batch_size"):
        Comparison(a, Differences(batch_size=0))
    assert a.scale_mode == "network"


def steps_of(sizes, activations):
    return build_steps(Network.create(sizes, activations, "quadratic"), "")


def test_matching_steps_between_depths():
    deep, shallow = steps_of([2, 3, 3, 3, 1], "tanh"), steps_of([2, 3, 1], "tanh")
    out_deep = [i for i, s in enumerate(deep) if s.kind == "forward"][-1]
    out_shallow = [i for i, s in enumerate(shallow) if s.kind == "forward"][-1]
    assert matching_step(deep, out_deep, shallow) == out_shallow  # output to output
    first_back = [i for i, s in enumerate(deep) if s.kind == "backward"][0]
    assert shallow[matching_step(deep, first_back, shallow)].layer == 2
    assert matching_step(shallow, len(shallow) - 1, deep) == len(deep) - 1  # update
    no_hidden = steps_of([2, 1], "sigmoid")  # no backward steps: its output error
    assert no_hidden[matching_step(deep, first_back, no_hidden)].kind == "output_error"


# --- training together ------------------------------------------------------------------


def test_training_together_in_this_window_then_stop_shows_the_same_iteration(a, qtbot):
    c = Comparison(a, Differences(learning_rate=0.3))
    c.toggle_train()
    assert a.running == c.b.running == "train"
    qtbot.waitUntil(lambda: min(a.iterations_done, c.b.iterations_done) > 100,
                    timeout=20_000)
    c.stop()
    assert a.iterations_done == c.b.iterations_done and shown(a) == shown(c.b)
    assert c.b.losses.iteration.n == a.losses.iteration.n
    assert not np.array_equal(a.losses.iteration.y, c.b.losses.iteration.y)


def test_when_b_diverges_both_stop(qtbot):
    a = Session(parse_session(EXPLODING))
    a.set_training(learning_rate=0.001)
    said = []
    c = Comparison(a, Differences(learning_rate=1e6))
    c.message.connect(said.append)
    c.toggle_train()
    qtbot.waitUntil(lambda: a.running == "", timeout=20_000)
    assert c.b.running == "" and said and said[0].startswith("Run B: The batch cost C became")
    assert a.iterations_done == c.b.iterations_done


# --- ending -----------------------------------------------------------------------------


def test_ending_keeping_b_makes_a_bs_exact_state_and_steps_back_exactly(a):
    c = Comparison(a, Differences(learning_rate=0.5, batch_size=5))
    c.train_epochs(2)
    for _ in range(3):
        c.next_step()
    b = c.b
    now = (shown(b), [w.copy() for w in b.view().weights], b.losses.iteration.y.copy())
    b.previous_step()
    b.previous_step()
    b.previous_step()
    b.previous_step()  # across the update: the iteration before, recomputed
    before = (shown(b), [w.copy() for w in b.view().weights])
    for _ in range(4):
        b.next_step()
    c.end("B")
    assert not c.active and a.undo_stack.undo_label == "Keep run B (η = 0.5, batch size 5)"
    assert (shown(a), a.training.optimizer.learning_rate, a.batch_size) == (now[0], 0.5, 5)
    assert same_arrays(a.view().weights, now[1])
    np.testing.assert_array_equal(a.losses.iteration.y, now[2])
    for _ in range(4):
        a.previous_step()
    assert shown(a) == before[0] and same_arrays(a.view().weights, before[1])
    a.undo()  # run A comes back
    assert a.training.optimizer.learning_rate == 0.03


def test_ending_keeping_a_leaves_a_as_it_was(a):
    a.set_scale_mode("layer")
    for _ in range(5):
        a.next_step()
    c = Comparison(a, Differences(optimizer="momentum"))
    assert a.scale_mode == "locked"  # the shared scale while comparing
    c.train_epochs(1)
    kept = (shown(a), [w.copy() for w in a.view().weights], a.losses.iteration.y.copy(),
            len(a.history))
    c.end("A")
    assert a.scale_mode == "layer" and a.undo_stack.undo_label == ""
    assert shown(a) == kept[0] and same_arrays(a.view().weights, kept[1])
    np.testing.assert_array_equal(a.losses.iteration.y, kept[2])
    assert len(a.history) == kept[3]
    a.next_step()  # B no longer follows
    assert c.b is not None and not c.active


def test_replacing_run_a_ends_the_comparison(a):
    c = Comparison(a, Differences(learning_rate=1.0))
    ended = []
    c.ended.connect(ended.append)
    a.open_spec(parse_session(PLAYGROUND))
    assert ended == ["A"] and not c.active
