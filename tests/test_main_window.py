"""The window driven as a user drives it: keys, menus, docks, files, layout persistence."""

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

from app.session import Session
from model.notation import percent, short
from tests.conftest import forget_changes, open_window
from widgets.main_window import MainWindow

Key = QtCore.Qt.Key


@pytest.fixture
def window(qtbot):
    return open_window(qtbot, activate=True)


def press(qtbot, window, key):
    qtbot.keyClick(window, key)


def test_keys_move_the_cursor(window, qtbot):
    s = window.session
    press(qtbot, window, Key.Key_Right)
    press(qtbot, window, Key.Key_Space)
    assert s.step_index == 2
    press(qtbot, window, Key.Key_Left)
    assert s.step_index == 1
    press(qtbot, window, Key.Key_End)
    assert s.step.kind == "loss"
    press(qtbot, window, Key.Key_Home)
    assert s.step_index == 0
    assert window.step_bar.label.text() == "1/8 · Input"


def test_previous_after_an_update_restores_the_weights_bit_for_bit(window, qtbot):
    s = window.session
    before = [w.copy() for w in s.view().weights]
    for _ in range(s.n_steps + 1):
        press(qtbot, window, Key.Key_Right)
    assert s.iterations_done == 1 and s.step_index == 1
    assert not np.array_equal(s.view().weights[0], before[0])
    for _ in range(s.n_steps + 1):
        press(qtbot, window, Key.Key_Left)
    for a, b in zip(s.view().weights, before, strict=True):
        np.testing.assert_array_equal(a, b)


def test_play_and_train_keys_toggle(window, qtbot):
    s = window.session
    press(qtbot, window, Key.Key_P)
    assert s.running == "play" and window.act_play.isChecked()
    press(qtbot, window, Key.Key_P)
    assert s.running == ""
    press(qtbot, window, Key.Key_T)
    assert s.running == "train" and window.act_train.text() == "Stop"
    qtbot.waitUntil(lambda: s.iterations_done > 20, timeout=3000)
    press(qtbot, window, Key.Key_T)
    assert s.running == "" and window.act_train.text() == "Train"


def test_status_bar_tells_epoch_iteration_step_and_loss(window, qtbot):
    press(qtbot, window, Key.Key_End)
    texts = {k: v.text() for k, v in window.status_labels.items()}
    assert texts["epoch"] == "Epoch 1"
    assert texts["iteration"] == "Iteration 1 of 1"
    assert texts["step"] == "Loss"
    assert texts["loss"] == f"batch cost C = {short(window.session.trace.loss)}"
    train = window.session.readout().train
    assert texts["train"] == (f"training cost = {short(train.cost)} (accuracy "
                              f"{percent(train.metric)})")
    assert texts["test"] == "" and not window.status_labels["test"].isVisibleTo(window)
    press(qtbot, window, Key.Key_Home)
    assert window.status_labels["loss"].text() == "batch cost C not computed yet"


def test_dock_toggles_and_layout_persist(qtbot, window):
    loss = window.docks["loss"]
    assert loss.objectName() == "dock_loss"
    loss.toggleViewAction().trigger()
    assert not loss.isVisible()
    window.save_layout()
    again = MainWindow(Session())
    qtbot.addWidget(again, before_close_func=forget_changes)
    again.restore_layout()
    again.show()
    qtbot.waitExposed(again)
    assert not again.docks["loss"].isVisible()
    assert again.docks["inspector"].isVisible()
    again.reset_layout()
    assert again.docks["loss"].isVisible()


def test_closing_with_unsaved_changes_asks(window, qtbot, monkeypatch):
    window.session.train_for(0.05)
    asked = []
    answer = QtWidgets.QMessageBox.StandardButton.Cancel

    def question(*args, **kwargs):
        asked.append(args)
        return answer

    monkeypatch.setattr(QtWidgets.QMessageBox, "question", question)
    window.close()
    assert asked and window.isVisible()  # cancelled: still open
    answer = QtWidgets.QMessageBox.StandardButton.Discard
    window.close()
    assert not window.isVisible()


def test_opening_a_bad_file_reports_it_and_keeps_the_session(window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.json"
    bad.write_text('{"network": {"layers": [2, 2, 1], "activations": ["sigmoid", "nope"]},'
                   ' "data": {"dataset": "xor"}}')
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning",
                        lambda parent, title, text: shown.append(text))
    window.session.next_step()
    assert not window.open_path(str(bad))
    assert "network.activations[1]" in shown[0] and "nope" in shown[0]
    assert window.session.step_index == 1


def test_save_and_open_round_trip_through_the_window(window, tmp_path):
    s = window.session
    for _ in range(11):
        s.next_step()
    path = tmp_path / "mine.json"
    assert window._save_to(str(path))
    assert "mine.json" in window.windowTitle() and not window.isWindowModified()
    weights = [w.copy() for w in s.view().weights]
    s.train_for(0.05)
    s.dirty = False
    assert window.open_path(str(path))
    for a, b in zip(s.view().weights, weights, strict=True):
        np.testing.assert_array_equal(a, b)
    assert s.step_index == 3


def test_edit_dialogs_and_undo_keys(window, qtbot, monkeypatch):
    s = window.session
    s.train_for(0.02)
    asked, shown = [], []
    answer = QtWidgets.QMessageBox.StandardButton.Cancel

    def question(parent, title, text, *args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QtWidgets.QMessageBox, "question", question)
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning",
                        lambda parent, title, text: shown.append(text))
    assert not s.add_neuron(2)  # the window's question, answered Cancel
    assert "starts training again" in asked[0] and s.network.sizes == (2, 2, 1)
    answer = QtWidgets.QMessageBox.StandardButton.Ok
    assert s.add_neuron(2) and s.network.sizes == (2, 3, 1)
    assert window.act_undo.isEnabled() and "add a neuron" in window.act_undo.text()
    qtbot.keyClick(window, Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert s.network.sizes == (2, 2, 1) and not window.act_undo.isEnabled()
    qtbot.keyClick(window, Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier
                   | QtCore.Qt.KeyboardModifier.ShiftModifier)
    assert s.network.sizes == (2, 3, 1)
    s.set_bias(2, 0, float("nan"))
    assert shown and "must be finite" in shown[0] and "Nothing was changed" in shown[0]


def test_data_and_settings_docks_are_in_the_layout(window):
    for name in ("data", "settings", "inspector", "loss", "matrices"):
        assert window.docks[name].objectName() == f"dock_{name}"
    assert window.docks["data"].isVisible()
    left = QtCore.Qt.DockWidgetArea.LeftDockWidgetArea
    assert window.dockWidgetArea(window.docks["data"]) == left


def test_arrow_keys_step_even_after_the_window_opens_with_docks_full_of_fields(window, qtbot):
    assert QtWidgets.QApplication.focusWidget() is window.diagram
    qtbot.keyClick(QtWidgets.QApplication.focusWidget(), Key.Key_Right)
    assert window.session.step_index == 1


def test_a_step_reaches_the_diagram_first_and_the_docks_right_after(window, qtbot):
    inspector, matrices = window.inspector, window.matrices
    before = inspector.caption.text()
    at_paint = []
    window.diagram.painted.connect(
        lambda: at_paint.append((inspector.caption.text(), matrices.soon.pending)))
    press(qtbot, window, Key.Key_Right)
    assert inspector.caption.text() == before and not at_paint  # nothing drawn yet
    qtbot.waitUntil(lambda: inspector.caption.text() == window.session.step.caption)
    assert at_paint[0] == (before, True)  # the diagram painted before the docks redrew
    assert not matrices.soon.pending
