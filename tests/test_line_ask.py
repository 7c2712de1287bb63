"""The linear-models lesson's exercise (issue 20): type a line w₁, w₂, b that meets a condition;
and the Practice dock's keys, instruction line, reset layout and BP3 hint (issue 16)."""

import copy
import json

import numpy as np
import pytest
from PySide6 import QtCore

from app.lesson_player import LessonPlayer
from app.lessons import LESSON_DIR, load_lesson, parse_lesson
from app.line_ask import LineExercise
from app.practice import INVALID, REVEALED, RIGHT, WRONG, Scores, step_questions
from app.session import Session
from model import hyperplane
from model.errors import ValidationError
from model.questions import hint
from tests.conftest import open_window
from tests.test_questions import SETTINGS, worked

U_V = np.array([[0.0, 2.0], [1.0, 0.0]])  # the introductions' u and v; u class 1, v class 0
LABELS = np.array([1.0, 0.0])
NAMES = ("u", "v")
ASK_STEP = 5  # linear-models: the step that asks


def failures(condition, w, b, tolerance=hyperplane.TOLERANCE):
    return hyperplane.failures(U_V, LABELS, NAMES, condition, w, b, tolerance)


def test_any_separating_line_is_right_and_a_miss_says_which_side_and_by_how_much():
    assert failures("separate", [0, 1], -1) == []  # the introductions' answer
    assert failures("separate", [-3, 1], 0.5) == []  # another: u gives 2.5, v −2.5
    assert failures("separate", [2, 1], -3) == [
        "u = (0, 2) must give w·u + b > 0; w·u + b = 2·0 + 1·2 + (−3) = −1, 1 below 0."]
    assert failures("separate", [0, 1], -2)[0].endswith("= 0, on the line, not above it.")
    assert failures("separate", [0, 1], 0.5) == [
        "v = (1, 0) must give w·v + b < 0; w·v + b = 0·1 + 1·0 + 0.5 = 0.5, 0.5 above 0."]
    assert failures("separate", [0, 0], 1)[0].startswith("w = (0, 0) is no line")
    # the tolerance: within ±tolerance of 0 is on the line
    assert failures("separate", [0, 1], -2 + 2e-6) == []
    assert failures("separate", [0, 1], -2 + 5e-7) != []


def test_a_line_through_both_points_within_the_tolerance():
    assert failures("through", [2, 1], -2) == [] and failures("through", [-4, -2], 4) == []
    assert failures("through", [2, 1], -2 + 5e-7) == []
    assert failures("through", [2, 1], -1.5) == [
        "u = (0, 2) must give w·u + b = 0; w·u + b = 2·0 + 1·2 + (−1.5) = 0.5, 0.5 too high.",
        "v = (1, 0) must give w·v + b = 0; w·v + b = 2·1 + 1·0 + (−1.5) = 0.5, 0.5 too high."]
    assert failures("through", [0, 0], 0)[0].startswith("w = (0, 0) is no line")


def test_worked_answers_are_the_bisector_and_the_normal():
    w, b = hyperplane.answer_line(U_V, LABELS, "separate")
    assert w.tolist() == [-1.0, 2.0] and b == -1.5
    w, b = hyperplane.answer_line(U_V, LABELS, "through")
    assert w.tolist() == [2.0, 1.0] and b == -2.0  # the lesson's own w = (2, 1)
    text = hyperplane.worked(U_V, LABELS, NAMES, "separate")
    assert "w = u − v = (−1, 2)" in text and "b = −w·(u + v)/2 = −((−1)·0.5 + 2·1) = −1.5" in text
    assert "w·u + b = (−1)·0 + 2·2 + (−1.5) = 2.5 > 0" in text
    assert "w·v + b = (−1)·1 + 2·0 + (−1.5) = −2.5 < 0" in text
    assert hyperplane.answer_line(U_V, [1.0, 1.0], "separate") is None  # one class only
    assert hyperplane.answer_line([[0, 0], [1, 0], [0, 1]], [0, 0, 0], "through") is None


def test_the_exercise_scores_hints_then_shows_the_worked_answer():
    scores = Scores()
    ex = LineExercise(U_V, LABELS, NAMES, "separate", 1e-6, scores, "Which way must w point?")
    assert ex.prompt() == "A line separating u, v: w·u + b > 0 and w·v + b < 0. w₁, w₂, b = ?"
    assert ex.answer(("0", "one", "-1")).status == INVALID and ex.misses == 0
    assert ex.last.message.startswith("w₂: 'one' is not a number")
    assert ex.answer(("2", "1", "-3")).status == WRONG
    assert ex.hint_text == ("Which way must w point?\nu = (0, 2) must give w·u + b > 0; "
                            "w·u + b = 2·0 + 1·2 + (−3) = −1, 1 below 0.")
    assert ex.answer(("2", "1", "-3")).status == REVEALED and ex.done
    assert "w = u − v = (−1, 2)" in ex.solution_text
    ex = LineExercise(U_V, LABELS, NAMES, "separate", 1e-6, scores)
    assert ex.answer(("−3", "1", "0,5")).status == RIGHT and ex.accepted[1] == 0.5
    assert scores.lines() == ["hyperplane: 1 of 2 right"]


def bad_line_ask(**changes):
    obj = json.loads((LESSON_DIR / "01-linear-models.json").read_text("utf-8"))
    obj["steps"][ASK_STEP].update(changes)
    with pytest.raises(ValidationError) as err:
        parse_lesson(copy.deepcopy(obj))
    return str(err.value)


def test_bad_line_asks_are_refused_when_the_lesson_loads():
    assert load_lesson("linear-models").steps[ASK_STEP].action["condition"] == "separate"
    assert bad_line_ask(condition="apart") == ("steps[5].condition: unknown condition "
                                               "'apart'; known: separate, through")
    assert bad_line_ask(points=[0, 2]) == ("steps[5].points[1]: must be between 0 "
                                                 "and 1, got 2")
    assert bad_line_ask(points=[0, 0]) == "steps[5].points[1]: point 0 is listed twice"
    assert bad_line_ask(points=[]).startswith("steps[5].points: must be a non-empty list")
    assert bad_line_ask(names=["u"]) == "steps[5].names: needs one name per point: 2, got 1"
    assert bad_line_ask(points=[0], names=["u"]).startswith(
        "steps[5].points: no worked answer: the line half way")
    assert bad_line_ask(tolerance=0) == "steps[5].tolerance: must be > 0, got 0"
    assert bad_line_ask(quantity="delta").startswith("steps[5].quantity: unknown key; known "
                                                     "keys here: caption, condition, do")


def test_the_lesson_draws_the_line_answered(qapp):
    player = LessonPlayer(Session())
    player.open("linear-models")
    player.go_to(ASK_STEP)
    assert player.asking
    player.next()
    assert player.index == ASK_STEP  # waits for the answer
    assert player.answer(("-3", "1", "0.5")).status == RIGHT
    assert player.perceptron.w.tolist() == [-3.0, 1.0] and player.perceptron.b == 0.5
    assert not player.perceptron.errors.any()  # both points on their side, in the view too
    player.next()
    assert player.values()["w1"] == 0 and player.values()["b"] == -1  # the seeds' answer


# --- the window ---------------------------------------------------------------------------------

@pytest.fixture
def window(qtbot):
    return open_window(qtbot, size=(1280, 720))


def type_line(qtbot, p, w1, w2, b):
    """Types into the focused first field, Tab to the next ones, Enter checks."""
    assert p.line_fields[0].hasFocus()
    for i, text in enumerate((w1, w2, b)):
        qtbot.keyClicks(p.line_fields[i], text)
        if i < 2:
            qtbot.keyClick(p.line_fields[i], QtCore.Qt.Key.Key_Tab)
            assert p.line_fields[i + 1].hasFocus()
    qtbot.keyClick(p.line_fields[2], QtCore.Qt.Key.Key_Return)


def test_linear_models_exercise_typed_wrong_then_right_and_keys_step_from_the_field(window,
                                                                                     qtbot):
    w, p = window, window.practice
    assert w.open_lesson("linear-models") and w.docks["practice"].isVisible()
    for _ in range(ASK_STEP):
        qtbot.keyClick(w, QtCore.Qt.Key.Key_Right)
    assert w.lesson_player.asking and p.line_row.isVisible() and not p.answer.isVisible()
    assert p.instruction.text().startswith("Type w₁, w₂ and b (Tab between them) and press "
                                           "Enter")
    type_line(qtbot, p, "2", "1", "-3")
    assert p.feedback.text() == "Not quite. The hint says which condition fails."
    assert "w·u + b = 2·0 + 1·2 + (−3) = −1, 1 below 0." in p.working.text()
    qtbot.keyClick(p.line_fields[0], QtCore.Qt.Key.Key_PageDown)  # waits: the field again
    assert w.lesson_player.index == ASK_STEP and p.line_fields[0].hasFocus()
    type_line(qtbot, p, "0", "1", "-1")
    assert p.feedback.text() == "w = (0, 1), b = −1: right, w·u + b > 0 and w·v + b < 0."
    assert "hyperplane: 1 of 1 right (1 after a hint)" in p.score_text.text()
    qtbot.keyClick(p.line_fields[0], QtCore.Qt.Key.Key_PageDown)  # steps from the field
    assert w.lesson_player.index == ASK_STEP + 1
    p.line_fields[0].setFocus()
    qtbot.keyClick(p.line_fields[0], QtCore.Qt.Key.Key_Left,
                   QtCore.Qt.KeyboardModifier.ControlModifier)  # back, from the field
    assert w.lesson_player.index == ASK_STEP and w.lesson_player.asking
    type_line(qtbot, p, "1", "1", "1")
    type_line(qtbot, p, "1", "1", "1")  # second miss: the worked answer
    assert p.feedback.text() == "Not quite again; here is a worked answer."
    assert "b = −w·(u + v)/2 = −((−1)·0.5 + 2·1) = −1.5." in p.working.text()
    view = w.central_view()
    assert view.panel.text().count("w = (−1, 2), b = −1.5") == 1  # the worked line drawn
    assert w.lesson_player.perceptron.w.tolist() == [-1.0, 2.0]
    qtbot.keyClick(p.line_fields[0], QtCore.Qt.Key.Key_Right,
                   QtCore.Qt.KeyboardModifier.ControlModifier)
    assert w.lesson_player.index == ASK_STEP + 1


def test_the_instruction_follows_the_mode_the_hall_is_asked_and_reset_layout(window,
                                                                               qtbot):
    w, p = window, window.practice
    assert w.open_lesson("exercise-forward")
    assert all("Practice panel and press Enter" not in s.caption
               for s in w.lesson_player.lesson.steps)
    while not w.lesson_player.asking:
        qtbot.keyClick(w, QtCore.Qt.Key.Key_Right)
    assert p.instruction.text() == ("Type your answer and press Enter; PageDown or "
                                    "Ctrl+Right goes on.")
    w.presentation.enter(QtCore.QSize(1280, 720))
    assert p.instruction.text() == "The hall answers; Next reveals."
    assert p.instruction.font().pixelSize() >= 20 and not p.answer.isVisible()
    w.presentation.leave()
    w.open_lesson("linear-models")
    w.lesson_player.go_to(ASK_STEP)
    w.presentation.enter(QtCore.QSize(1280, 720))
    assert not p.line_row.isVisible() and p.instruction.text().startswith("The hall")
    qtbot.keyClick(w, QtCore.Qt.Key.Key_PageDown)  # Next reveals, unscored
    assert not w.lesson_player.asking and "w = u − v = (−1, 2)" in p.working.text()
    assert p.scores.asked() == 0
    w.presentation.leave()
    # "Reset layout" puts the Practice dock back hidden, a tab behind the Inspector
    w.lesson_player.close()
    dock = w.docks["practice"]
    w.act_practice.trigger()
    w.addDockWidget(QtCore.Qt.DockWidgetArea.LeftDockWidgetArea, dock)  # moved away
    assert dock.isVisible() and dock not in w.tabifiedDockWidgets(w.docks["inspector"])
    w.reset_layout()
    assert not dock.isVisible() and w.docks["inspector"].isVisible()
    assert w.docks["loss"].isVisible()
    dock.show()  # where it was made: a tab behind the Inspector
    assert dock in w.tabifiedDockWidgets(w.docks["inspector"])
    assert w.dockWidgetArea(dock) == QtCore.Qt.DockWidgetArea.RightDockWidgetArea


def test_bp3_hint_of_one_sample_says_where_delta_is():
    trace, net = worked()
    db3, dw3 = step_questions(trace, 6, (3, 0), (3, 0, 1))
    assert hint(trace, db3, net, SETTINGS) == (
        "∂C/∂b₁⁽³⁾ = δ₁⁽³⁾ = ?\nBP3: the answer is δ₁⁽³⁾ itself; look at the output error "
        "step (BP1).")
    db2 = step_questions(trace, 6, (2, 1))[0]
    assert hint(trace, db2, net, SETTINGS).endswith(
        "look at the backward step of layer 2 (BP2).")
    assert "BP3" not in hint(trace, dw3, net, SETTINGS)  # BP4 has its numbers


def test_the_exercise_captions_quote_the_given_targets_truly():
    spec = load_lesson("exercise-bp1-bp2").session_spec
    assert spec.data.y_train[0].tolist() == [0.01, 0.99]
