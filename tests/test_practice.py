"""Practice (issue 16): exercises, scores, lessons' "ask" steps, the Practice dock by keyboard."""

import copy
import json

import pytest
from PySide6 import QtCore

from app.lesson_player import LessonPlayer
from app.lessons import LESSON_DIR, parse_lesson
from app.practice import INVALID, REVEALED, RIGHT, WRONG, Exercise, Scores, step_questions
from app.session import Session
from model.errors import ValidationError
from model.questions import step_index
from tests.conftest import open_window
from tests.test_questions import D21, D31, SETTINGS, worked

EXERCISES = ("exercise-forward", "exercise-bp1-bp2", "exercise-iteration")


def test_scores_count_right_hinted_and_missed():
    trace, net = worked()
    scores = Scores()
    ex = Exercise(trace, step_questions(trace, 4, (3, 0)), net, SETTINGS, scores)
    assert str(ex.prompt()) == "Output error (BP1), layer 3: δ₁⁽³⁾ = ?"
    assert ex.answer("twelve").status == INVALID and ex.misses == 0  # costs nothing
    assert ex.answer("0.2").status == WRONG
    assert "(0.751365 − 0.01)·0.186816 = ?" in ex.hint_text
    assert ex.answer("0.1385").status == RIGHT and ex.done
    ex = Exercise(trace, step_questions(trace, 5, (2, 0)), net, SETTINGS, scores)
    assert ex.answer(f"{D21:.6g}").status == RIGHT
    ex = Exercise(trace, step_questions(trace, 6, (3, 0), (3, 0, 1)), net, SETTINGS, scores)
    assert [q.quantity for q in ex.questions] == ["db", "dw"]
    assert ex.answer("1").status == WRONG and ex.answer("2").status == REVEALED
    assert "∂C/∂b₁⁽³⁾ = δ₁⁽³⁾ = 0.138499" in ex.solution_text
    assert ex.reveal().status == REVEALED and ex.done
    assert scores.counts["output_error"] == {"right": 0, "hinted": 1, "missed": 0}
    assert scores.counts["gradients"] == {"right": 0, "hinted": 0, "missed": 2}
    assert scores.lines() == ["output error: 1 of 1 right (1 after a hint)",
                              "backward: 1 of 1 right", "gradients: 0 of 2 right"]
    assert scores.asked() == 4 and scores.right() == 2


def test_what_each_step_asks_of_the_chosen_neuron():
    trace, _ = worked()
    asked = {i: [(q.quantity, q.layer, q.neuron, q.edge_from)
                 for q in step_questions(trace, i, (2, 1))] for i in range(8)}
    assert asked[0] == []  # the input step computes nothing
    assert asked[1] == [("z", 2, 2, None), ("a", 2, 2, None)]
    assert asked[2] == [("z", 3, 1, None), ("a", 3, 1, None)]  # not in layer 3: its first
    assert asked[3] == [("cost", 3, None, None)]
    assert asked[5] == [("delta", 2, 2, None)]
    assert asked[6] == [("db", 2, 2, None), ("dw", 2, 2, 1)]
    assert asked[7] == [("w_new", 2, 2, 1), ("b_new", 2, 2, None)]
    assert step_questions(trace, 4, (3, 0))[0].value == pytest.approx(D31, rel=1e-12)


def bad_ask(**changes):
    obj = json.loads((LESSON_DIR / "20-exercise-bp1-bp2.json").read_text("utf-8"))
    ask = next(s for s in obj["steps"] if s.get("do") == "ask")
    ask.update(changes)
    for key in [k for k, v in changes.items() if v is None]:
        del ask[key]
    with pytest.raises(ValidationError) as err:
        parse_lesson(copy.deepcopy(obj))
    return str(err.value)


def test_bad_ask_steps_are_refused_naming_the_field():
    assert bad_ask(quantity="sigma").startswith("steps[3].quantity: unknown quantity 'sigma'")
    assert bad_ask(layer=4) == "steps[3].layer: must be a layer number 2..3, got 4"
    assert bad_ask(layer=2, quantity="cost") == "steps[3].layer: must be 3..3, got 2"
    assert bad_ask(neuron=3) == "steps[3].neuron: must be 1..2, got 3"
    assert bad_ask(neuron=None) == "steps[3].neuron: is missing (asking for delta needs it)"
    assert bad_ask(quantity="dw").startswith("steps[3].edge_from: is missing")
    assert bad_ask(tolerance=0) == "steps[3].tolerance: must be > 0, got 0"
    assert bad_ask(hint="") == "steps[3].hint: must be a non-empty string"


@pytest.mark.parametrize("name", EXERCISES)
def test_exercise_lessons_ask_before_the_step_reveals(qapp, name):
    """Each ask comes before the step computing its number, its caption does not quote the
    answer, and the player waits at it until it is answered."""
    player = LessonPlayer(Session())
    player.open(name)
    asks = 0
    while True:
        if player.asking:
            q = player.exercise.question
            assert player.session.step_index < step_index(player.session.trace, q)
            assert f"{q.value:.6g}".replace("-", "−") not in player.caption
            index = player.index
            player.next()
            assert player.index == index  # waits
            assert player.answer(f"{q.value:.6g}").status == RIGHT
            asks += 1
            continue
        if player.at_end:
            break
        player.next()
    assert asks >= 4 and player.scores.asked() == asks == player.scores.right()
    if name == "exercise-iteration":
        assert set(player.scores.counts) == {k for k, v in player.scores.counts.items()
                                             if sum(v.values())}  # every kind asked


# --- the window, by keyboard ---------------------------------------------------------------------

@pytest.fixture
def window(qtbot):
    return open_window(qtbot, size=(1280, 720))


def type_answer(qtbot, w, text):
    field = w.practice.answer
    assert field.hasFocus() or field.isEnabled()
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, QtCore.Qt.Key.Key_Return)


def test_exercise_lesson_by_keyboard_wrong_then_right(window, qtbot):
    w, p = window, window.practice
    assert w.open_lesson("exercise-bp1-bp2")
    for _ in range(3):
        qtbot.keyClick(w, QtCore.Qt.Key.Key_Right)
    assert w.lesson_player.asking and w.docks["practice"].isVisible()
    assert p.prompt.text() == "Output error (BP1), layer 3: δ₁⁽³⁾ = ?"
    assert p.answer.hasFocus()
    type_answer(qtbot, w, "0.2")
    assert p.feedback.text().startswith("Not quite")
    assert "(0.751365 − 0.01)·0.186816 = ?" in p.working.text()
    assert "0.138499" not in p.working.text()
    type_answer(qtbot, w, "0,1385")  # a decimal comma
    assert p.feedback.text() == "δ₁⁽³⁾ = 0.138499: right."
    qtbot.keyClick(w, QtCore.Qt.Key.Key_Right)  # the next ask
    assert p.answer.hasFocus()
    assert p.prompt.text() == "Output error (BP1), layer 3: δ₂⁽³⁾ = ?"
    type_answer(qtbot, w, "1")
    type_answer(qtbot, w, "2")  # second miss: the solution
    assert p.feedback.text().startswith("Not quite again")
    assert "δ₂⁽³⁾ = (a₂⁽³⁾ − y₂)·σ′(z₂⁽³⁾) = (0.772928 − 0.99)·0.17551 = −0.0380982" in \
        p.working.text()
    assert "output error: 1 of 2 right (1 after a hint)" in p.score_text.text()
    qtbot.keyClick(w, QtCore.Qt.Key.Key_Right)  # the lesson's reveal
    assert w.lesson_player.index == 5 and w.session.step_index == 4


def test_run_practice_asks_before_each_step(window, qtbot):
    w, p = window, window.practice
    w.act_practice.trigger()
    assert p.enabled and w.docks["practice"].isVisible()
    qtbot.keyClick(w, QtCore.Qt.Key.Key_Right)
    assert w.session.step_index == 0 and p.prompt.text().startswith("Forward, layer 2")
    z, a = (q.value for q in p.free.questions)
    type_answer(qtbot, w, f"{z:.6g}")
    assert w.session.step_index == 0  # a still to come
    qtbot.mouseClick(p.show_solution, QtCore.Qt.MouseButton.LeftButton)
    assert w.session.step_index == 1  # revealed
    assert "forward: 1 of 2 right" in p.score_text.text()
    w.presentation.enter(QtCore.QSize(1280, 720))
    qtbot.keyClick(w, QtCore.Qt.Key.Key_Right)  # the hall is asked …
    assert w.session.step_index == 1 and p.instruction.text() == "The hall answers; Next reveals."
    assert p.prompt.font().pixelSize() >= 28 and not p.answer.isVisible()
    qtbot.keyClick(w, QtCore.Qt.Key.Key_Right)  # … and Next reveals, unscored
    assert w.session.step_index == 2 and p.scores.asked() == 2
    w.presentation.leave()
