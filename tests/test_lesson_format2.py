"""Lesson format 2: speaker notes, Record mode's actions, the writer, refusals by step and
field, and a fuzzed loader (any JSON loads or raises the one ValidationError)."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.lesson_player import LessonPlayer
from app.lesson_writer import lesson_text, lesson_to_json, save_lesson
from app.lessons import DOCKS, LESSON_DIR, VERSION, list_lessons, load_lesson, parse_lesson
from app.session import Session
from model.errors import ValidationError

BUILT_IN = {lesson.name: lesson for lesson in list_lessons()}


def _raw(name: str) -> dict:
    return json.loads(BUILT_IN[name].path.read_text("utf-8"))


def _with_steps(name: str, steps: list[dict]) -> dict:
    obj = _raw(name)
    obj["steps"] = steps
    return obj


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_every_built_in_lesson_written_again_is_the_same_lesson(name, tmp_path):
    lesson = BUILT_IN[name]
    path = save_lesson(lesson, tmp_path / f"{name}.json")
    obj = json.loads(path.read_text("utf-8"))
    assert obj["version"] == VERSION == 2
    again = parse_lesson(obj, base_dir=LESSON_DIR, path=path)
    assert again.steps == lesson.steps
    assert lesson_to_json(again) == lesson_to_json(lesson)
    if lesson.session_spec is not None:
        for w, v in zip(again.session_spec.network.weights, lesson.session_spec.network.weights,
                        strict=True):
            assert np.array_equal(w, v)
    # the file written again is byte-identical to the first write
    assert lesson_text(again, LESSON_DIR) == lesson_text(lesson, LESSON_DIR)


def test_version_1_still_loads_and_version_3_is_refused():
    obj = _raw("worked-example")
    assert obj["version"] == 1
    assert parse_lesson(obj, base_dir=LESSON_DIR).name == "worked-example"
    obj["version"] = 3
    with pytest.raises(ValidationError, match=r"^version: this program reads versions 1 and 2"):
        parse_lesson(obj, base_dir=LESSON_DIR)


def test_notes_are_kept_and_checked():
    steps = [{"do": "show", "caption": "Look.", "notes": "Ask the hall first."}]
    lesson = parse_lesson(_with_steps("xor-network", steps), base_dir=LESSON_DIR)
    assert lesson.steps[0].notes == "Ask the hall first."
    assert lesson_to_json(lesson)["steps"][0]["notes"] == "Ask the hall first."
    for notes, message in ((3, "steps[0].notes: must be text"),
                           ("x" * 4001, "steps[0].notes: 4,001 characters; at most 4,000")):
        with pytest.raises(ValidationError) as err:
            parse_lesson(_with_steps("xor-network", [{**steps[0], "notes": notes}]),
                         base_dir=LESSON_DIR)
        assert str(err.value) == message


@pytest.mark.parametrize(("step", "message"), [
    ({"do": "show", "caption": "C = {trian_cost}"},
     "steps[1].caption: unknown placeholder {trian_cost}; known:"),
    ({"do": "scale", "mode": "log", "caption": "x"},
     "steps[1].mode: unknown colour scale 'log'; known: layer, network, locked"),
    ({"do": "docks", "show": ["loss", "nope"], "caption": "x"},
     "steps[1].show[1]: unknown dock 'nope'"),
    ({"do": "select_edge", "layer": 3, "j": 0, "k": 2, "caption": "x"},
     "steps[1].k: must be between 0 and 1, got 2"),
    ({"do": "select_edge", "layer": 1, "j": 0, "k": 0, "caption": "x"},
     "steps[1].layer: must be between 2 and 3, got 1"),
    ({"do": "set_data", "dataset": "nope", "caption": "x"},
     "steps[1].dataset: unknown dataset 'nope'"),
    ({"do": "set_data", "dataset": "circle", "noise": -1, "caption": "x"},
     "steps[1].noise:"),
    ({"do": "set_architecture", "layers": [2, 3, 1], "activations": ["sigmoid"],
      "caption": "x"}, "steps[1].activations"),
    ({"do": "set_architecture", "layers": [2, 3, 1], "activations": ["sigmoid", "sigmoid"],
      "caption": "{z[4][1]}"}, "steps[1].caption: {z[4][1]}: layer 4 is not one of 2..3"),
    ({"do": "train", "epochs": 1, "colour": 1, "caption": "x"},
     "steps[1].colour: unknown key"),
])
def test_refusals_name_the_step_and_the_field(step, message):
    obj = _with_steps("xor-network", [{"do": "show", "caption": "Start."}, step])
    with pytest.raises(ValidationError) as err:
        parse_lesson(obj, base_dir=LESSON_DIR)
    assert str(err.value).startswith(message), str(err.value)


def test_a_later_step_is_checked_against_the_network_an_architecture_step_made():
    steps = [{"do": "set_architecture", "layers": [2, 4, 3, 1],
              "activations": ["tanh", "tanh", "sigmoid"], "caption": "Now {z[4][1]:.3f}."},
             {"do": "select_edge", "layer": 3, "j": 2, "k": 3, "caption": "w = {w[3][3][4]}"}]
    lesson = parse_lesson(_with_steps("xor-network", steps), base_dir=LESSON_DIR)
    assert lesson.steps[1].action == {"do": "select_edge", "layer": 3, "j": 2, "k": 3}


def test_the_player_plays_the_recorded_actions(qtbot):
    steps = [{"do": "set_data", "dataset": "circle", "n_points": 60, "noise": 0.1,
              "test_ratio": 0.25, "seed": 4, "features": ["x1", "x2", "x1^2", "x2^2"],
              "caption": "Circle."},
             {"do": "set_architecture", "layers": [4, 3, 1], "activations": ["tanh", "sigmoid"],
              "caption": "Three hidden."},
             {"do": "select_edge", "layer": 2, "j": 1, "k": 3, "caption": "w = {w[2][2][4]}"},
             {"do": "scale", "mode": "layer", "caption": "Per layer."},
             {"do": "docks", "show": ["loss", "data"], "caption": "Docks."}]
    lesson = parse_lesson(_with_steps("xor-network", steps), base_dir=LESSON_DIR)
    session = Session()
    player = LessonPlayer(session)
    player.play(lesson, 4)
    spec = session.spec
    assert spec.data_source["dataset"] == "circle" and spec.data_source["n_points"] == 60
    assert spec.features == ("x1", "x2", "x1^2", "x2^2")
    assert session.network.sizes == (4, 3, 1)
    assert session.selection.edge == (2, 1, 3)
    assert session.scale_mode == "layer"
    assert player.docks == ("loss", "data")
    w = session.current_spec().network.W(2)[1, 3]
    assert player.caption == "Docks."
    player.go_to(2)
    assert player.caption == f"w = {format(type(player.values()['eta'])(w))}"
    player.play(lesson, 0)
    assert player.docks == BUILT_IN["xor-network"].docks  # the lesson's own, before step 5


def test_load_lesson_reads_a_saved_file(tmp_path):
    path = save_lesson(BUILT_IN["worked-example"], tmp_path / "mine.json")
    assert load_lesson(str(path)).steps == BUILT_IN["worked-example"].steps


# --- fuzzing: any JSON loads or raises the one ValidationError ---------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**12) | st.floats(allow_nan=True)
    | st.text(max_size=12) | st.sampled_from(["show", "next", "select_edge", "set_data",
                                              "docks", "scale", "set_architecture", "circle",
                                              "{train_cost}", "{w[3][1][2]}", "{", "mean"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["do", "caption", "notes", "layer", "j", "k", "show",
                                       "mode", "dataset", "noise", "layers", "activations",
                                       "count", "neuron", "sample", "epochs", "features"]),
                      children, max_size=5),
    max_leaves=12)
KEYS = ["format", "version", "name", "title", "view", "steps", "docks", "order", "session"]


def _loads_or_refuses(obj) -> None:
    try:
        parse_lesson(obj, base_dir=LESSON_DIR)
    except ValidationError:
        pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 6), json_values)
def test_fuzzed_steps_load_or_raise_the_validation_error(i, value):
    obj = _raw("xor-network")
    steps = obj["steps"]
    if isinstance(value, dict):
        steps[min(i, len(steps) - 1)] = value
    else:
        step = copy.deepcopy(steps[min(i, len(steps) - 1)])
        step[["do", "caption", "notes", "count", "neuron"][i % 5]] = value
        steps[min(i, len(steps) - 1)] = step
    _loads_or_refuses(obj)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(KEYS), json_values)
def test_fuzzed_top_level_loads_or_raises_the_validation_error(key, value):
    obj = _raw("perceptron")
    obj[key] = value
    _loads_or_refuses(obj)
    _loads_or_refuses(value)


def test_a_docks_step_may_show_every_dock_a_lesson_may_list():
    """One list of dock names for the top-level "docks" and the "docks" action (Practice too)."""
    steps = [{"do": "docks", "show": list(DOCKS), "caption": "Every dock."}]
    lesson = parse_lesson(_with_steps("xor-network", steps), base_dir=LESSON_DIR)
    assert lesson.steps[0].action["show"] == list(DOCKS) and "practice" in DOCKS
