"""Session.readout(): the iteration shown and its costs, the record every panel reads."""

import numpy as np

from app.session import Session
from model.metrics import accuracy
from model.notation import cost_text, metric_label, metric_text, percent
from model.session_file import parse_session
from tests.test_loss_panel import SPEC  # 6 rows, batches of 2, a test set


def test_the_batch_cost_is_known_from_the_loss_step_on():
    s = Session(parse_session(SPEC))
    r = s.readout()
    assert (r.count, r.epoch, r.iteration, r.per_epoch) == (1, 1, 1, 3)
    assert r.batch_cost is None and r.batch_text() == "batch cost C not computed yet"
    s.finish_pass()
    assert s.readout().batch_cost == s.trace.loss
    assert s.readout().batch_text() == cost_text("batch", s.trace.loss)


def test_whole_set_scores_are_at_the_parameters_the_iteration_starts_from():
    s = Session(parse_session(SPEC))
    for _ in range(4 * s.n_steps + 3):  # into the second epoch, mid-iteration
        s.next_step()
    r = s.readout()
    assert (r.count, r.epoch, r.iteration) == (s.iterations_done + 1, 2, 2)
    net, data = s.current_spec().network, s.spec.data
    assert r.train.cost == net.cost(data.x_train, data.y_train)
    assert r.test.cost == net.cost(data.x_test, data.y_test)
    assert r.train.metric == accuracy(net.predict(data.x_train), data.y_train)
    assert s.readout().train is r.train  # computed once per starting point
    assert r.set_texts() == [
        f"training cost = {r.train.cost:.3g} (accuracy {percent(r.train.metric)})",
        f"test cost = {r.test.cost:.3g} (accuracy {percent(r.test.metric)})"]


def test_metrics_are_recorded_per_epoch_and_cut_back_with_the_costs():
    s = Session(parse_session(SPEC))
    s.train_epochs(3)
    losses = s.losses
    assert list(losses.metric_train.x) == [1, 2, 3] == list(losses.epoch_train.x)
    assert list(losses.metric_test.x) == [1, 2, 3]
    assert np.all((0 <= losses.metric_train.y) & (losses.metric_train.y <= 1))
    s.go_to_iteration(4)  # inside epoch 2: epochs 2 and 3 are forgotten
    assert list(losses.metric_train.x) == [1] == list(losses.epoch_train.x)


def test_regression_is_judged_by_r_squared():
    obj = {**SPEC, "data": {**SPEC["data"], "problem": "regression",
                            "targets": [[0.1], [0.9], [0.8], [0.2], [0.3], [0.7]]}}
    r = Session(parse_session(obj)).readout()
    assert r.metric == "r2" and r.set_texts()[0].endswith(f"(R² {r.train.metric:.3g})".replace(
        "-", "−"))


def test_the_names():
    assert cost_text("train", 0.011744) == "training cost = 0.0117"
    assert metric_label("test", "r2") == "test R²" and metric_text("accuracy", 0.5) == \
        "accuracy 50%"
    assert percent(0.98333) == "98.3%" and percent(1.0) == "100%" and percent(2e-6) == \
        "0.0002%"
