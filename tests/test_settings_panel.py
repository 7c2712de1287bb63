"""The settings dock: the form edits the session through its intents and shows its values."""

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from app.session import Session
from model.session_file import parse_session
from tests.conftest import show_widget
from widgets.form_controls import format_number
from widgets.settings_panel import SettingsPanel

CIRCLE = {"network": {"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "seed": 1},
          "training": {"learning_rate": 0.03, "batch_size": 10},
          "data": {"dataset": "circle", "seed": 3}}


def iterate(session: Session, n: int) -> None:
    """Walk the cursor through ``n`` whole iterations (each ends with its update)."""
    for _ in range(n * session.n_steps):
        session.next_step()


def type_into(qtbot, box, text: str) -> None:
    """Replace a NumberBox's text by typing, then press Enter, as a user does."""
    edit = box.combo.lineEdit()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, QtCore.Qt.Key.Key_Return)


@pytest.fixture
def xor(qtbot):
    """The XOR demo (2-2-1 sigmoid, learning rate 3) with three iterations done."""
    session = Session()
    panel = show_widget(qtbot, SettingsPanel(session), 380, 600)
    iterate(session, 3)
    return session, panel


@pytest.fixture
def circle(qtbot):
    session = Session(parse_session(CIRCLE))
    panel = show_widget(qtbot, SettingsPanel(session), 380, 600)
    return session, panel


def test_controls_show_the_sessions_values(circle):
    session, panel = circle
    assert panel.learning_rate.text == "0.03"
    assert panel.optimizer_combo.currentText() == "SGD"
    assert panel.batch_size.value() == 10
    assert panel.loss_combo.currentText() == "quadratic"
    assert [(s.value(), c.currentText()) for s, c in panel.hidden_rows] == [(4, "tanh")]
    assert panel.output_combo.currentText() == "sigmoid"
    assert not panel.momentum.isEnabled() and not panel.regularization_rate.isEnabled()
    assert not panel.apply_button.isEnabled()
    labels = [panel.layers_form.itemAt(r, panel.layers_form.ItemRole.LabelRole).widget().text()
              for r in range(panel.layers_form.rowCount())]
    assert labels == ["Layer 1 (input)", "Layer 2 (hidden)", "Layer 3 (output)"]
    inputs = panel.layers_form.itemAt(0, panel.layers_form.ItemRole.FieldRole).widget()
    assert inputs.text() == "2 neurons: x₁, x₂"


def test_typed_learning_rate_applies_without_resetting_training(qtbot, xor):
    session, panel = xor
    done, curve = session.iterations_done, session.losses.iteration.y.copy()
    weights = [w.copy() for w in session.trace.weights_before]
    type_into(qtbot, panel.learning_rate, "0.25")
    assert session.training.optimizer.learning_rate == 0.25
    assert session.iterations_done == done == 3
    assert np.array_equal(session.losses.iteration.y, curve)
    # The current iteration starts from the same weights and now steps with η = 0.25.
    assert all(np.array_equal(a, b) for a, b in zip(session.trace.weights_before, weights,
                                                    strict=True))
    grad = session.trace.layers[0].grad_weights
    assert np.allclose(session.trace.weights_after[0], weights[0] - 0.25 * grad)
    assert panel.learning_rate.text == "0.25" and not panel.learning_rate.invalid


def test_learning_rate_from_the_list(xor):
    session, panel = xor
    combo = panel.learning_rate.combo
    index = combo.findText("0.00001")
    assert index == 0 and combo.count() == 11
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    assert session.training.optimizer.learning_rate == 1e-5


@pytest.mark.parametrize("text, why", [("abc", "learning rate: must be a number, got 'abc'"),
                                       ("-1", "learning rate: must be > 0, got -1.0"),
                                       ("0", "learning rate: must be > 0, got 0.0")])
def test_bad_learning_rate_is_marked_and_never_applied(qtbot, xor, text, why):
    session, panel = xor
    type_into(qtbot, panel.learning_rate, text)
    assert session.training.optimizer.learning_rate == 3.0
    assert session.undo_stack.undo_label == ""
    box = panel.learning_rate
    assert box.invalid and box.text == text
    assert box.combo.toolTip() == f"{why} — not applied."
    assert box.error.text() == f"{why} — not applied."
    assert "#fde0dc" in box.combo.lineEdit().styleSheet()
    session.next_step()  # a redraw keeps what the user typed, so it can be corrected
    assert box.text == text and box.invalid
    type_into(qtbot, box, "0.5")
    assert session.training.optimizer.learning_rate == 0.5 and not box.invalid
    assert box.combo.lineEdit().styleSheet() == ""


def test_bad_value_is_drawn_red(qtbot, xor):
    _, panel = xor
    type_into(qtbot, panel.learning_rate, "abc")
    edit = panel.learning_rate.combo.lineEdit()
    image = edit.grab().toImage()
    colour = image.pixelColor(image.width() - 6, image.height() // 2)
    assert (colour.red(), colour.green(), colour.blue()) == (0xfd, 0xe0, 0xdc)


def test_stepping_back_across_a_rate_change_shows_the_old_rate(qtbot, xor):
    session, panel = xor
    type_into(qtbot, panel.learning_rate, "0.5")
    session.go_to_start()
    session.previous_step()  # into the iteration before the change
    assert session.training.optimizer.learning_rate == 3.0
    assert panel.learning_rate.text == "3"


def test_stepping_back_across_a_batch_size_change_shows_it_without_an_edit(qtbot, circle):
    session, panel = circle
    iterate(session, 2)
    panel.batch_size.setValue(25)
    assert session.batch_size == 25 and session.undo_stack.undo_label == "Set batch size 25"
    session.go_to_start()
    session.previous_step()
    assert session.training.batch_size == 10 and panel.batch_size.value() == 10
    assert session.undo_stack.undo_label == "Set batch size 25"  # the refresh made no edit


def test_refreshing_never_edits(xor):
    session, panel = xor
    iterate(session, 2)
    session.previous_step()
    session.train_for(0.02)
    assert session.undo_stack.undo_label == ""


def test_optimizer_and_momentum(xor):
    session, panel = xor
    panel.optimizer_combo.setCurrentIndex(panel.optimizer_combo.findData("momentum"))
    assert session.training.optimizer.optimizer == "momentum"
    assert panel.momentum.isEnabled() and panel.momentum.value() == 0.9
    panel.momentum.setValue(0.5)
    assert session.training.optimizer.momentum == 0.5
    assert session.iterations_done == 3
    panel.optimizer_combo.setCurrentIndex(panel.optimizer_combo.findData("adam"))
    assert session.training.optimizer.optimizer == "adam" and not panel.momentum.isEnabled()


def test_regularization_and_its_rate(qtbot, xor):
    session, panel = xor
    panel.regularization.setCurrentIndex(panel.regularization.findData("l2"))
    assert session.training.optimizer.regularization == "l2"
    assert panel.regularization_rate.isEnabled()
    type_into(qtbot, panel.regularization_rate, "0.003")
    assert session.training.optimizer.regularization_rate == 0.003
    type_into(qtbot, panel.regularization_rate, "-2")
    assert session.training.optimizer.regularization_rate == 0.003
    assert panel.regularization_rate.error.text() == (
        "regularization rate: must be ≥ 0, got -2.0 — not applied.")


def test_batch_size_spin_spans_the_training_set(circle):
    session, panel = circle
    n_train = len(session.spec.data.x_train)
    assert n_train == 250  # circle: 500 points, half held out
    assert (panel.batch_size.minimum(), panel.batch_size.maximum()) == (1, n_train)
    panel.batch_size.setValue(25)
    assert session.training.batch_size == 25 and session.batch_size == 25
    assert session.trainer.iterations_per_epoch == 10


def test_seed_and_shuffle_restart_only_when_confirmed(xor):
    session, panel = xor
    questions = []
    session.confirm = lambda question: questions.append(question) or False
    panel.training_seed.setValue(5)
    assert len(questions) == 1 and session.training.seed == 0
    assert panel.training_seed.value() == 0 and session.iterations_done == 3
    panel.shuffle.setChecked(True)
    assert not session.training.shuffle and not panel.shuffle.isChecked()
    session.confirm = lambda question: True
    panel.training_seed.setValue(5)
    assert session.training.seed == 5 and session.iterations_done == 0
    assert panel.training_seed.value() == 5


def test_add_hidden_layer_and_apply(qtbot, xor):
    session, panel = xor
    qtbot.mouseClick(panel.add_layer_button, QtCore.Qt.MouseButton.LeftButton)
    assert [(s.value(), c.key()) for s, c in panel.hidden_rows] == [(2, "sigmoid"),
                                                                     (2, "sigmoid")]
    assert session.network.sizes == (2, 2, 1)  # nothing happens before Apply
    assert panel.apply_button.isEnabled() and not panel.reinit_button.isEnabled()
    panel.hidden_rows[1][0].setValue(3)
    combo = panel.hidden_rows[1][1]
    combo.setCurrentIndex(combo.findData("tanh"))
    qtbot.mouseClick(panel.apply_button, QtCore.Qt.MouseButton.LeftButton)
    assert session.network.sizes == (2, 2, 3, 1)
    assert [a.name for a in session.network.activations] == ["sigmoid", "tanh", "sigmoid"]
    assert [(s.value(), c.key()) for s, c in panel.hidden_rows] == [(2, "sigmoid"), (3, "tanh")]
    assert not panel.apply_button.isEnabled() and panel.reinit_button.isEnabled()


def test_activation_and_loss_change(qtbot, circle):
    session, panel = circle
    spin, combo = panel.hidden_rows[0]
    combo.setCurrentIndex(combo.findData("relu"))
    panel.loss_combo.setCurrentIndex(panel.loss_combo.findData("cross_entropy"))
    assert panel.apply_button.isEnabled()
    assert panel.apply_architecture()
    assert [a.name for a in session.network.activations] == ["relu", "sigmoid"]
    assert session.network.loss.name == "cross_entropy"
    assert panel.hidden_rows[0][1].currentText() == "ReLU"


def test_apply_enabled_only_while_the_form_differs(circle):
    _, panel = circle
    spin = panel.hidden_rows[0][0]
    spin.setValue(5)
    assert panel.apply_button.isEnabled() and panel.revert_button.isEnabled()
    spin.setValue(4)
    assert not panel.apply_button.isEnabled() and not panel.revert_button.isEnabled()
    panel.remove_layer_button.click()
    assert panel.hidden_rows == [] and panel.apply_button.isEnabled()
    assert not panel.remove_layer_button.isEnabled()
    assert "step" not in [panel.output_combo.itemData(i)
                          for i in range(panel.output_combo.count())]  # not steppable
    panel.revert_button.click()
    assert [s.value() for s, _ in panel.hidden_rows] == [4]
    assert not panel.apply_button.isEnabled()


def test_undo_shows_the_old_values(qtbot, xor):
    session, panel = xor
    type_into(qtbot, panel.learning_rate, "0.5")
    panel.add_layer_button.click()
    assert panel.apply_architecture()
    assert session.network.sizes == (2, 2, 2, 1) and panel.learning_rate.text == "0.5"
    session.undo()
    assert [s.value() for s, _ in panel.hidden_rows] == [2]
    assert panel.learning_rate.text == "0.5"
    session.undo()
    assert panel.learning_rate.text == "3" and session.training.optimizer.learning_rate == 3.0
    session.redo()
    assert panel.learning_rate.text == "0.5"


def test_cancelled_apply_keeps_the_draft(xor):
    session, panel = xor
    session.confirm = lambda question: False
    panel.add_layer_button.click()
    assert not panel.apply_architecture()
    assert session.network.sizes == (2, 2, 1) and session.iterations_done == 3
    assert len(panel.hidden_rows) == 2 and panel.apply_button.isEnabled()


def test_refused_apply_keeps_the_draft_and_the_session_says_why(qtbot, circle):
    session, panel = circle
    panel.output_combo.set_key("tanh")
    panel.loss_combo.setCurrentIndex(panel.loss_combo.findData("cross_entropy"))
    with qtbot.waitSignal(session.problem) as signal:
        assert not panel.apply_architecture()
    assert "cross_entropy needs outputs in (0, 1)" in signal.args[0]
    assert session.network.loss.name == "quadratic"
    assert panel.output_combo.key() == "tanh" and panel.loss_combo.key() == "cross_entropy"


def test_reinitialise(xor):
    session, panel = xor
    panel.init_combo.set_key("he")
    panel.init_seed.setValue(7)
    assert panel.reinitialise()
    assert (session.spec.init, session.spec.init_seed) == ("he", 7)
    assert session.iterations_done == 0
    session.undo()
    assert panel.init_combo.key() == "xavier" and panel.init_seed.value() == 2


def test_wheel_over_an_unfocused_control_does_not_edit(qtbot, xor):
    session, panel = xor
    combo = panel.optimizer_combo
    combo.clearFocus()
    centre = QtCore.QPointF(combo.rect().center())
    event = QtGui.QWheelEvent(centre, combo.mapToGlobal(centre), QtCore.QPoint(0, 0),
                              QtCore.QPoint(0, -120), QtCore.Qt.MouseButton.NoButton,
                              QtCore.Qt.KeyboardModifier.NoModifier,
                              QtCore.Qt.ScrollPhase.NoScrollPhase, False)
    QtCore.QCoreApplication.sendEvent(combo, event)
    assert combo.key() == "sgd" and session.training.optimizer.optimizer == "sgd"


def test_format_number():
    assert [format_number(v) for v in (0.00001, 0.003, 1, 10.0, 0.1 + 0.2)] == [
        "0.00001", "0.003", "1", "10", "0.30000000000000004"]


def test_fits_380_by_600(circle, tmp_path):
    _, panel = circle
    body = panel.widget()
    assert body.minimumSizeHint().width() <= panel.viewport().width()
    assert panel.verticalScrollBar().isVisible()  # the rest scrolls into view
    for widget in body.findChildren(QtWidgets.QWidget):
        assert widget.font().pointSize() >= 10, widget
    assert panel.grab().save(str(tmp_path / "settings.png"))
