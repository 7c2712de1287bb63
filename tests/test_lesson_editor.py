"""The lesson editor driven as a lecturer does: New lesson from this session, Record, save,
reopen, play back the same states; steps reordered, duplicated, deleted; closing asks."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

from app.lesson_draft import LessonDraft
from app.lesson_player import LessonPlayer
from app.lessons import load_lesson
from app.session import Session
from tests.test_main_window import forget_changes
from widgets.lesson_editor import LessonEditor
from widgets.main_window import MainWindow

Key = QtCore.Qt.Key


def _forget(window):
    editor = window.authoring.editor
    if editor is not None and editor.draft is not None:
        editor.draft.dirty = False
    forget_changes(window)


@pytest.fixture
def window(qtbot):
    w = MainWindow(Session())
    qtbot.addWidget(w, before_close_func=_forget)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    return w


class _Desk(QtWidgets.QMainWindow):
    """What the editor needs of the window (its Session, player and docks), without the
    window's panels: fast for the tests of the list and the form."""

    def __init__(self):
        super().__init__()
        self.session = Session()
        self.lesson_player = LessonPlayer(self.session, self)
        self.docks = {}


@pytest.fixture
def editor(qtbot):
    desk = _Desk()
    qtbot.addWidget(desk)
    editor = LessonEditor(desk)
    desk.setCentralWidget(editor)
    editor.open_draft(LessonDraft.from_lesson(load_lesson("worked-example")))
    yield editor
    editor.draft.dirty = False


def _menu_action(window, text):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Lessons")
    return next(a for a in menu.actions() if a.text() == text)


def _state(session):
    spec = session.current_spec()
    return (session.epoch, session.iteration, session.step_index, session.selection.neuron,
            [w.copy() for w in spec.network.weights], [b.copy() for b in spec.network.biases])


def test_record_save_reopen_and_play_back_the_same_states(window, qtbot, tmp_path):
    _menu_action(window, "&New lesson from this session").trigger()
    editor = window.authoring.editor
    assert window.authoring.dock.isVisible()
    assert editor.steps.count() == 1
    qtbot.mouseClick(editor.record_button, QtCore.Qt.MouseButton.LeftButton)
    assert editor.recorder.on and window.lesson_player.lesson is None
    window.diagram.setFocus()
    for _ in range(3):
        qtbot.keyClick(window, Key.Key_Right)  # Next, as the lecturer presses it
    states = [_state(window.session)]
    window.session.select_neuron(2, 1)  # a click on neuron 2 of layer 2
    states.append(_state(window.session))
    window.session.set_weight(3, 0, 1, 0.75)  # as the diagram's edit box sends it
    states.append(_state(window.session))
    editor.epochs.setValue(10)
    qtbot.mouseClick(editor.findChild(type(editor.play_button), "trainButton"),
                     QtCore.Qt.MouseButton.LeftButton)
    states.append(_state(window.session))
    assert window.session.epoch == 10
    actions = [s.action for s in editor.draft.steps]
    assert actions == [{"do": "show"}, {"do": "next", "count": 3},
                       {"do": "select", "neuron": [2, 1]},
                       {"do": "set_weight", "layer": 3, "j": 0, "k": 1, "value": 0.75},
                       {"do": "train", "epochs": 10}]
    assert editor.steps.count() == 5 and editor.steps.currentRow() == 4
    captions = [s.caption for s in editor.draft.steps]
    assert captions[4] == "After {epoch} epochs the training cost is {train_cost}."

    editor.ask_path = lambda: str(tmp_path / "recorded.json")
    qtbot.mouseClick(editor.findChild(type(editor.play_button), "saveLesson"),
                     QtCore.Qt.MouseButton.LeftButton)
    assert not editor.draft.dirty
    obj = json.loads((tmp_path / "recorded.json").read_text("utf-8"))
    assert obj["version"] == 2 and obj["steps"][4] == {"do": "train", "epochs": 10,
                                                       "caption": captions[4]}

    # reopen in another session and play back: the same states, weights bit for bit
    other = Session()
    player = LessonPlayer(other)
    player.open(str(tmp_path / "recorded.json"))
    for i, want in zip(range(1, 5), states, strict=True):
        player.go_to(i)
        got = _state(other)
        assert got[:4] == want[:4]
        for a, b in zip(got[4] + got[5], want[4] + want[5], strict=True):
            assert np.array_equal(a, b)
    assert other.current_spec().network.W(3)[0, 1] != 0.75  # trained on from 0.75
    player.go_to(3)
    assert other.current_spec().network.W(3)[0, 1] == 0.75
    assert player.caption == (f"The weight is now {format(player.values()['eta'].__class__(0.75))}"
                              f"; the cost {format(player.values()['batch_cost'])}.")
    # the editor's own rehearsal shows the same captions
    editor.select_step(4)
    editor.play_from_here()
    assert window.lesson_player.index == 4
    player.go_to(4)
    assert window.caption_bar.caption.text() == window.lesson_player.caption == player.caption
    assert player.caption.startswith("After 10 epochs the training cost is 0.")
    # the window asks about the unsaved lesson before it closes
    editor.notes.setPlainText("Ask the hall which weight moved most.")
    assert editor.draft.dirty and editor.draft.steps[4].notes.startswith("Ask the hall")
    editor.ask_unsaved = lambda: "cancel"
    window.close()
    assert window.isVisible()
    editor.ask_unsaved = lambda: "discard"
    window.session.dirty = False
    window.close()
    assert not window.isVisible()


def test_five_next_presses_are_one_step_and_something_between_starts_another(window, qtbot,
                                                                           tmp_path):
    window.authoring.new_from_session()
    editor = window.authoring.editor
    editor.set_recording(True)
    for _ in range(5):
        window.next_step()
    window.session.set_sample("mean")
    window.session.set_sample(1)
    window.next_step()
    window.session.set_scale_mode("layer")
    window.docks["loss"].hide()
    assert [s.action for s in editor.draft.steps[1:]] == [
        {"do": "next", "count": 5}, {"do": "sample", "sample": 1}, {"do": "next", "count": 1},
        {"do": "scale", "mode": "layer"},
        {"do": "docks", "show": [n for n in ("data", "inspector", "settings", "matrices",
                                             "flow", "histograms", "confusion")
                                 if not window.docks[n].isHidden()]}]
    editor.set_recording(False)
    window.next_step()  # not recording: no step
    assert len(editor.draft.steps) == 6
    # closing the dock with unsaved changes asks: Cancel keeps it, Save writes first
    editor.caption.edit.setPlainText("Changed.")
    assert editor.draft.dirty and editor.draft.steps[5].caption == "Changed."
    asked = []
    editor.ask_unsaved = lambda: asked.append(1) or "cancel"
    window.authoring.dock.close()
    assert asked and window.authoring.dock.isVisible()
    editor.ask_unsaved = lambda: "save"
    editor.ask_path = lambda: str(tmp_path / "w.json")  # never saved: Save asks for a name
    window.authoring.dock.close()
    assert not window.authoring.dock.isVisible()
    assert load_lesson(str(tmp_path / "w.json")).steps[5].caption == "Changed."


def test_steps_are_reordered_duplicated_and_deleted(editor, qtbot):
    draft = editor.draft
    n = len(draft.steps)
    first, second = draft.steps[0].caption, draft.steps[1].caption
    editor.steps.model().moveRow(QtCore.QModelIndex(), 0, QtCore.QModelIndex(), 2)
    qtbot.waitUntil(lambda: editor.steps.item(0).toolTip() == second)
    assert [s.caption for s in draft.steps[:2]] == [second, first]
    assert draft.dirty
    editor.select_step(1)
    editor.duplicate_step()
    assert len(draft.steps) == n + 1 and draft.steps[2].caption == first
    assert editor.steps.currentRow() == 2
    editor.delete_step()
    assert len(draft.steps) == n
    assert editor.steps.item(0).text().startswith("1. ")


def test_the_action_form_edits_and_refuses_by_step_and_field(editor):
    editor.select_step(1)
    editor.tabs.setCurrentWidget(editor.form)
    form = editor.form
    form.set_action("network", {"do": "show"})
    form.do.setCurrentText("select_edge")
    form.do.activated.emit(form.do.currentIndex())
    for key, text in (("layer", "3"), ("j", "0"), ("k", "5")):
        form.fields[key].setText(text)
        form.fields[key].editingFinished.emit()
    assert editor.draft.steps[1].action == {"do": "select_edge", "layer": 3, "j": 0, "k": 5}
    assert form.problem.text() == "steps[1].k: must be between 0 and 1, got 5"
    assert editor.status.text() == "steps[1].k: must be between 0 and 1, got 5"
    form.fields["k"].setText("1")
    form.fields["k"].editingFinished.emit()
    assert form.problem.text() == "" and editor.validate() is None


