"""Editing a session: settings without reset, weights on the spot, architecture and data with
undo, decision maps that follow the parameters shown."""

import numpy as np
import pytest

from app.session import Session
from model.datasets import make_dataset
from model.errors import ValidationError
from model.session_file import parse_session


def circle_session(**network) -> Session:
    net = {"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "seed": 1, **network}
    return Session(parse_session({"network": net, "data": {"dataset": "circle", "seed": 3},
                                  "training": {"learning_rate": 0.3, "batch_size": 10}}))


def params(session):
    snap = session.history.current
    return [w.copy() for w in snap.weights] + [b.copy() for b in snap.biases]


def same(a, b) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def hand_forward(weights, biases, x):
    a = x
    for i, (w, b) in enumerate(zip(weights, biases, strict=True)):
        z = w @ a + b
        a = np.tanh(z) if i < len(weights) - 1 else 1 / (1 + np.exp(-z))
    return a


# --- training settings -----------------------------------------------------------------------

def test_learning_rate_change_keeps_training_and_applies_to_the_update(qtbot):
    s = circle_session()
    s.train_for(0.05)
    done, curve = s.iterations_done, s.losses.iteration.y.copy()
    s.go_to_start()
    before = params(s)
    assert s.set_training(learning_rate=0.05)
    assert s.iterations_done == done and np.array_equal(s.losses.iteration.y, curve)
    assert same(params(s), before)  # the parameters at the cursor are not touched
    assert s.training.optimizer.learning_rate == 0.05
    t = s.trace  # W_after = W_before − 0.05 ∂C/∂W, exactly as SGD says
    for lt, wb, wa in zip(t.layers, t.weights_before, t.weights_after, strict=True):
        np.testing.assert_allclose(wa, wb - 0.05 * lt.grad_weights, rtol=0, atol=1e-15)


def test_stepping_back_across_a_rate_change_shows_the_old_rate(qtbot):
    s = circle_session()
    s.next_step()
    s.set_training(learning_rate=1.0)
    for _ in range(s.n_steps):  # into the next iteration
        s.next_step()
    assert s.training.optimizer.learning_rate == 1.0
    s.go_to_start()
    s.previous_step()  # back across the update into the edited iteration: still 1.0
    assert s.training.optimizer.learning_rate == 1.0
    s.undo()
    assert s.training.optimizer.learning_rate == 0.3


def test_bad_setting_is_refused_and_changes_nothing(qtbot):
    s = circle_session()
    before = params(s)
    problems = []
    s.problem.connect(problems.append)
    assert not s.set_training(learning_rate=-1)
    assert not s.set_training(learning_rate=float("nan"))
    assert len(problems) == 2 and "training.learning_rate" in problems[0]
    assert s.training.optimizer.learning_rate == 0.3 and same(params(s), before)
    assert s.undo_stack.undo_label == ""


def test_batch_size_and_optimizer_change_in_place(qtbot):
    s = circle_session()
    s.next_step()
    assert s.set_training(batch_size=4, optimizer="adam")
    assert s.batch_size == 4 and s.training.optimizer.optimizer == "adam"
    assert s.step_index == 1  # the cursor stays where it was


# --- weights ---------------------------------------------------------------------------------

def test_edited_weight_changes_the_trace_as_the_model_says(qtbot):
    s = circle_session()
    s.go_to_step(3)
    assert s.set_weight(2, 1, 0, 0.5)
    assert s.step_index == 3
    snap = s.history.current
    assert snap.weights[0][1, 0] == 0.5
    x = s.trace.input[0]
    expected = hand_forward(snap.weights, snap.biases, x)
    np.testing.assert_allclose(s.trace.layers[-1].a[0], expected, rtol=1e-14)
    s.undo()
    assert s.history.current.weights[0][1, 0] != 0.5


def test_edited_bias_and_bad_values(qtbot):
    s = circle_session()
    problems = []
    s.problem.connect(problems.append)
    assert s.set_bias(3, 0, -2.0)
    assert s.history.current.biases[1][0] == -2.0
    before = params(s)
    for bad in ("abc", float("inf"), 1e9):
        assert not s.set_bias(3, 0, bad)
    assert not s.set_weight(2, 9, 0, 1.0)  # no neuron 10 in layer 2
    assert not s.set_weight(1, 0, 0, 1.0)  # the input layer has no weights
    assert same(params(s), before) and len(problems) == 5
    assert "b₁⁽³⁾" in problems[0] and "neuron of layer 2" in problems[3]
    assert problems[2] == "b₁⁽³⁾: must be ≤ 1 × 10⁶, got 1000000000.0"


def test_undo_labels_name_the_parameter_in_the_notation(qtbot):
    s = circle_session()
    assert s.set_weight(3, 0, 2, -0.0)
    assert s.undo_stack.undo_label == "Set w₁₃⁽³⁾ = 0"  # not w³₁,₃, not −0
    assert s.set_bias(2, 3, -1.4e-6)
    assert s.undo_stack.undo_label == "Set b₄⁽²⁾ = −1.4 × 10⁻⁶"


# --- architecture ----------------------------------------------------------------------------

def test_add_neuron_keeps_weights_clears_history_and_undoes_exactly(qtbot):
    s = circle_session()
    s.train_for(0.05)
    old = params(s)
    losses = s.losses.iteration.y.copy()
    asked = []
    s.confirm = lambda q: asked.append(q) or True
    assert s.add_neuron(2)
    assert asked and "starts training again" in asked[0]
    assert s.network.sizes == (2, 5, 1)
    w2, w3 = s.history.current.weights
    np.testing.assert_array_equal(w2[:4], old[0])
    np.testing.assert_array_equal(w3[:, :4], old[1])
    assert s.iterations_done == 0 and len(s.losses.iteration.y) == 0 and len(s.history) == 1
    s.undo()
    assert s.network.sizes == (2, 4, 1) and same(params(s), old)
    np.testing.assert_array_equal(s.losses.iteration.y, losses)
    s.redo()
    assert s.network.sizes == (2, 5, 1)


def test_declined_question_changes_nothing(qtbot):
    s = circle_session()
    s.train_for(0.02)
    s.confirm = lambda q: False
    assert not s.add_layer(3)
    assert s.network.sizes == (2, 4, 1) and s.iterations_done > 0


def test_layer_edits_and_refusals(qtbot):
    s = circle_session()
    problems = []
    s.problem.connect(problems.append)
    assert s.add_layer(3)
    assert s.network.sizes == (2, 4, 4, 1)
    assert [a.name for a in s.network.activations] == ["tanh", "tanh", "sigmoid"]
    assert s.remove_layer(2)
    assert s.network.sizes == (2, 4, 1)
    assert not s.remove_layer(3)  # the output layer
    assert s.set_architecture((2, 3, 2, 1), ["relu", "tanh", "sigmoid"])
    assert s.network.sizes == (2, 3, 2, 1)
    for _ in range(4):
        s.remove_neuron(2)
    assert s.network.sizes == (2, 1, 2, 1) and len(problems) == 3


# --- data and features -----------------------------------------------------------------------

def test_dataset_change_adapts_the_output_layer(qtbot):
    s = circle_session()
    assert s.set_dataset("iris", seed=2)
    assert s.network.sizes == (4, 4, 3)
    assert s.network.activations[-1].name == "softmax" and s.network.loss.name == "cross_entropy"
    np.testing.assert_array_equal(s.spec.data.x_train, make_dataset("iris", seed=2).x_train)
    assert s.plane_maps() is None
    s.undo()
    assert s.network.sizes == (2, 4, 1)


def test_features_keep_the_weights_of_kept_inputs(qtbot):
    s = circle_session()
    w = s.history.current.weights[0].copy()
    assert s.set_features(["x1", "x2", "x1^2", "x2^2"])
    assert s.network.sizes == (4, 4, 1)
    np.testing.assert_array_equal(s.history.current.weights[0][:, :2], w)
    raw = s.spec.plane_data.x_train
    np.testing.assert_array_equal(s.spec.data.x_train[:, 2], raw[:, 0] ** 2)
    spec = s.current_spec()
    assert spec.to_json()["data"]["features"] == ["x1", "x2", "x1^2", "x2^2"]


def test_saved_features_load_again(qtbot, tmp_path):
    s = circle_session()
    s.set_features(["x1", "x2", "x1x2"])
    s.save(tmp_path / "f.json")
    t = Session()
    t.open(tmp_path / "f.json")
    assert t.spec.features == ("x1", "x2", "x1x2") and t.network.sizes == (3, 4, 1)
    np.testing.assert_array_equal(t.spec.data.x_train, s.spec.data.x_train)


# --- decision maps ---------------------------------------------------------------------------

def test_plane_maps_equal_the_model_at_grid_points_and_follow_the_cursor(qtbot):
    s = circle_session()
    maps = s.plane_maps()
    assert s.plane_maps() is maps  # cached while the parameters shown stay the same
    x1lo, x1hi, x2lo, x2hi = maps.extent
    res = maps.resolution
    row, col = 17, 61
    x1 = x1lo + (col + 0.5) * (x1hi - x1lo) / res
    x2 = x2hi - (row + 0.5) * (x2hi - x2lo) / res
    snap = s.history.current
    expected = hand_forward(snap.weights, snap.biases, np.array([x1, x2]))
    assert maps.output.dtype == np.float32  # pictures: float32 holds colours' precision
    np.testing.assert_allclose(maps.output[row, col], expected, rtol=2e-6)
    s.go_to_step(s.n_steps - 1)  # the update step shows the new weights
    after = s.plane_maps()
    assert after is not maps
    t = s.trace
    expected = hand_forward(t.weights_after, t.biases_after, np.array([x1, x2]))
    np.testing.assert_allclose(after.output[row, col], expected, rtol=2e-6)


def test_plane_maps_follow_training(qtbot):
    s = circle_session()
    first = s.plane_maps().layers[0].copy()
    s.train_for(0.05)
    assert not np.allclose(s.plane_maps().layers[0], first)


def test_tuning_the_rate_while_training_keeps_training(qtbot):
    s = circle_session()
    s.toggle_train()
    assert s.set_training(learning_rate=0.1)
    assert s.running == "train"
    s.stop()


def test_a_step_perceptron_is_refused_by_the_window_session_and_nothing_changes(qtbot, tmp_path):
    s = circle_session()
    s.next_step()
    path = tmp_path / "perceptron.json"
    path.write_text('{"network": {"layers": [2, 1], "activations": ["step"]},'
                    ' "data": {"dataset": "perceptron7"}}')
    with pytest.raises(ValidationError, match="perceptron rule"):
        s.open(path)
    assert s.network.sizes == (2, 4, 1) and s.step_index == 1
    problems = []
    s.problem.connect(problems.append)
    assert s.remove_layer(2)
    assert not s.set_architecture((2, 1), ["step"])
    assert "perceptron rule" in problems[0] and s.network.activations[-1].name == "sigmoid"
