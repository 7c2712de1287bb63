"""The loss dock: curves equal the session's losses, log scale, x axis, the readout, throttling."""

import numpy as np
import pytest

from app.session import Session
from model.notation import short
from model.session_file import parse_session
from widgets.loss_panel import LossPanel

SPEC = {  # 6 training samples in batches of 2: three iterations per epoch, and a test set
    "network": {"layers": [3, 2, 1], "activations": ["tanh", "sigmoid"], "loss": "quadratic",
                "seed": 3},
    "training": {"batch_size": 2, "learning_rate": 0.5, "shuffle": False},
    "data": {"inputs": [[0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 0], [0, 1, 1], [1, 0, 1]],
             "targets": [[0], [1], [1], [0], [0], [1]],
             "test_inputs": [[1, 1, 1], [0, 0, 0]], "test_targets": [[1], [0]]},
}


def shown(label) -> str:
    """A label's text as read (its no-break spaces are spaces)."""
    return label.text().replace("\u00a0", " ")


def n_points(curve) -> int:
    """How many points a curve draws (pyqtgraph keeps None for an empty curve)."""
    return 0 if curve.xData is None else len(curve.xData)


@pytest.fixture
def trained(qtbot):
    session = Session(parse_session(SPEC))
    panel = LossPanel(session)
    qtbot.addWidget(panel)
    panel.resize(500, 400)
    session.train_for(0.2)
    panel.flush()
    return session, panel


def test_curves_are_the_sessions_losses(trained):
    session, panel = trained
    losses, per_epoch = session.losses, session.trainer.iterations_per_epoch
    assert per_epoch == 3 and losses.epoch_train.n > 5 and losses.epoch_test.n > 5
    assert np.array_equal(panel.iteration_curve.xData, losses.iteration.x)
    assert np.array_equal(panel.iteration_curve.yData, losses.iteration.y)
    assert np.array_equal(panel.train_curve.xData, losses.epoch_train.x * 3)
    assert np.array_equal(panel.train_curve.yData, losses.epoch_train.y)
    assert np.array_equal(panel.test_curve.yData, losses.epoch_test.y)
    assert panel.iteration_curve.isVisible()


def test_per_epoch_axis_plots_epochs_only(trained, qtbot):
    session, panel = trained
    panel.per_epoch.click()
    assert not panel.iteration_curve.isVisible()
    assert np.array_equal(panel.train_curve.xData, session.losses.epoch_train.x)
    assert np.array_equal(panel.test_curve.xData, session.losses.epoch_test.x)
    assert panel.plot.getPlotItem().getAxis("bottom").labelText == "epoch"
    panel.per_iteration.click()
    assert np.array_equal(panel.train_curve.xData, session.losses.epoch_train.x * 3)
    assert panel.plot.getPlotItem().getAxis("bottom").labelText == "iteration"


def test_log_scale_drops_points_it_cannot_draw(trained):
    session, panel = trained
    curve = session.losses.iteration
    for y in (0.0, -1.0, np.nan, np.inf, 0.25):
        curve.append(int(curve.x[-1]) + 1, y)
    panel.flush()
    assert len(panel.iteration_curve.yData) == curve.n - 2  # NaN and inf are never drawn
    panel.log_scale.click()
    assert panel.plot.getPlotItem().ctrl.logYCheck.isChecked()
    y = panel.iteration_curve.yData
    assert len(y) == curve.n - 4 and np.all(y > 0) and y[-1] == 0.25
    assert np.all(np.isfinite(panel.iteration_curve.getData()[1]))  # log10 of what is drawn
    panel.log_scale.click()
    assert not panel.plot.getPlotItem().ctrl.logYCheck.isChecked()
    assert len(panel.iteration_curve.yData) == curve.n - 2


def test_headline_is_the_readout_in_the_costs_names(trained):
    session, panel = trained
    r = session.readout()
    assert r.where() == f"epoch {session.epoch + 1} · iteration {session.iteration} of 3"
    assert r.batch_cost == session.trace.loss  # training ends on the last step: C is known
    assert shown(panel.value_label) == (f"epoch {r.epoch} · iteration {r.iteration} of 3 · "
                                        f"batch cost C = {short(session.trace.loss)}")
    scores = shown(panel.scores_label)
    assert scores.startswith(f"training cost = {short(r.train.cost)} (accuracy ")
    assert f"test cost = {short(r.test.cost)} (accuracy " in scores


def test_headline_follows_the_cursor_not_only_the_curves(trained, qtbot):
    session, panel = trained
    session.go_to_start()  # "changed" only: the iteration's C is not computed yet
    qtbot.waitUntil(lambda: "not computed yet" in shown(panel.value_label))
    assert shown(panel.value_label).endswith("batch cost C not computed yet")
    session.finish_pass()
    qtbot.waitUntil(lambda: shown(panel.value_label).endswith(
        f"batch cost C = {short(session.trace.loss)}"))


def test_legend_names_the_three_costs_and_the_metric(trained):
    session, panel = trained
    assert [name for _c, name in panel._legend_shown] == [
        "batch cost C, per iteration", "training cost, per epoch", "test cost, per epoch"]
    panel.show_metric.click()
    losses = session.losses
    assert panel.show_metric.text() == "accuracy" and not panel.iteration_curve.isVisible()
    assert np.array_equal(panel.train_curve.yData, losses.metric_train.y)
    assert np.array_equal(panel.test_curve.yData, losses.metric_test.y)
    assert [name for _c, name in panel._legend_shown] == [
        "training accuracy, per epoch", "test accuracy, per epoch"]
    assert panel.plot.getPlotItem().getAxis("left").labelText == "accuracy"


def test_a_divergence_is_said_in_red(qtbot):
    from tests.test_divergence import EXPLODING, diverge

    session = Session(parse_session(EXPLODING))
    panel = LossPanel(session)
    qtbot.addWidget(panel)
    diverge(session, [])
    panel.flush()
    assert shown(panel.value_label).startswith("diverged · epoch ")
    assert panel.value_label.property("colour") == "#b2182b"


def test_fresh_session_label(qtbot):
    panel = LossPanel(Session(parse_session(SPEC)))
    qtbot.addWidget(panel)
    assert shown(panel.value_label) == "epoch 1 · iteration 1 of 3 · batch cost C not computed yet"
    assert n_points(panel.iteration_curve) == 0


def test_many_changes_are_coalesced(trained, qtbot):
    session, panel = trained
    qtbot.wait(60)  # let the throttle interval of the training's redraw pass
    before = panel.redraw_count
    for _ in range(200):
        session.losses_changed.emit()
    qtbot.wait(120)
    assert 1 <= panel.redraw_count - before <= 3
    session.next_step()  # the trailing redraw picks up the latest data
    qtbot.waitUntil(lambda: n_points(panel.iteration_curve) == session.losses.iteration.n)


def test_reset_clears_the_curves(trained, qtbot):
    session, panel = trained
    assert n_points(panel.iteration_curve) > 0
    session.open_spec(parse_session(SPEC))
    qtbot.waitUntil(lambda: n_points(panel.iteration_curve) == 0)
    assert n_points(panel.train_curve) == 0
