"""Lesson files: the built-ins load in course order, bad files are refused naming the field."""

import copy
import json
import re

import numpy as np
import pytest

from app.lessons import (
    LESSON_DIR,
    MAX_TRAIN_EPOCHS,
    Number,
    list_lessons,
    load_lesson,
    parse_lesson,
)
from model.errors import ValidationError
from model.network import Network
from tests.test_notation import ASCII_INDEX, readable_as_power

# the course, in the Lessons menu's order; the names of the first eight built-ins stay as they
# were (the README and --lesson use them)
BUILT_IN = ["linear-models", "perceptron", "perceptron-run", "perceptron-xor", "activations",
            "matrix-form", "losses", "gradient-descent", "descent-details", "why-backprop",
            "xor-network", "chain-rule", "worked-example", "bp4-warning", "saturation",
            "batch-size", "spiral-sgd", "overfitting", "exercise-forward", "exercise-bp1-bp2",
            "exercise-iteration"]


def raw(name: str) -> dict:
    path = next(p for p in LESSON_DIR.glob("*.json") if json.loads(p.read_text())["name"] == name)
    return json.loads(path.read_text(encoding="utf-8"))


def refused(obj) -> str:
    with pytest.raises(ValidationError) as err:
        parse_lesson(obj)
    return str(err.value)


def test_the_lessons_are_listed_as_a_course():
    lessons = list_lessons()
    assert [lesson.name for lesson in lessons] == BUILT_IN
    assert [lesson.order for lesson in lessons] == list(range(1, len(BUILT_IN) + 1))
    assert [lesson.view for lesson in lessons] == [
        "perceptron", "perceptron", "perceptron", "perceptron", "activations", "network",
        "network", "descent", "descent", "network", "network", "network", "network", "network",
        "network", "network", "network", "network", "network", "network", "network"]
    assert all("Assumes" in lesson.summary for lesson in lessons)


def test_every_lesson_has_a_caption_per_step_and_its_own_start():
    for lesson in list_lessons():
        assert lesson.steps and all(step.caption.strip() for step in lesson.steps)
        assert all(len(step.caption) >= 30 for step in lesson.steps), lesson.name
        assert (lesson.session_spec is not None) == (lesson.view == "network")
        assert (lesson.perceptron is not None) == (lesson.view == "perceptron")
        assert lesson.path.parent == LESSON_DIR and lesson.path.name[:2] == f"{lesson.order:02d}"


def test_network_lessons_open_with_no_file_name_and_a_perceptron_has_its_points():
    xor = load_lesson("xor-network")
    assert xor.session_spec.network.sizes == (2, 2, 1)
    assert xor.docks == ("inspector", "loss")
    p = load_lesson("perceptron").perceptron
    np.testing.assert_array_equal(p["labels"], [0, 0, 1, 1, 1, 0, 1])
    assert p["points"].shape == (7, 2) and p["learning_rate"] == 0.1


def test_a_lesson_loads_by_path_too(tmp_path):
    obj = raw("gradient-descent")
    obj["name"] = "mine"
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(obj), encoding="utf-8")
    assert load_lesson(str(path)).name == "mine"
    assert load_lesson(path).path == path


def test_unknown_lesson_name_lists_the_known_ones():
    with pytest.raises(ValidationError) as err:
        load_lesson("jump")
    assert str(err.value).startswith("lesson: unknown lesson 'jump'; known: linear-models, ")
    assert "spiral-sgd" in str(err.value)


def test_missing_or_broken_file_is_refused(tmp_path):
    with pytest.raises(ValidationError, match="no such file"):
        load_lesson(str(tmp_path / "none.json"))
    bad = tmp_path / "bad.json"
    bad.write_text("{\"name\": ", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"not valid JSON \(line 1"):
        load_lesson(str(bad))


def test_unknown_action_is_refused_naming_the_step():
    obj = raw("xor-network")
    obj["steps"][3]["do"] = "jump"
    message = refused(obj)
    assert message.startswith("steps[3].do: unknown action 'jump' for a 'network' lesson; known:")
    assert "finish_pass" in message


def test_action_of_another_view_is_refused():
    obj = raw("perceptron")
    obj["steps"][2]["do"] = "train"
    assert refused(obj).startswith("steps[2].do: unknown action 'train' for a 'perceptron'")


def test_lesson_texts_are_written_in_the_one_notation():
    for lesson in list_lessons():
        for text in (lesson.summary, *(step.caption for step in lesson.steps)):
            text = re.sub(r"\{[^}]*\}", "", text)  # the placeholders' names are not shown
            assert not readable_as_power(text), (lesson.name, text)
            assert not ASCII_INDEX.search(text), (lesson.name, text)


def test_missing_caption_is_refused():
    obj = raw("perceptron")
    del obj["steps"][4]["caption"]
    assert refused(obj) == "steps[4].caption: is missing"
    obj["steps"][4]["caption"] = "  "
    assert refused(obj) == "steps[4].caption: must be a non-empty string"


def test_unknown_keys_are_refused_everywhere():
    obj = raw("perceptron")
    obj["colour"] = "red"
    assert refused(obj).startswith("colour: unknown key; known keys here:")
    obj = raw("perceptron")
    obj["steps"][2]["cont"] = 3  # typo of "count"
    assert refused(obj).startswith("steps[2].cont: unknown key; known keys here: caption, "
                                   "count, do")
    obj = raw("perceptron")
    obj["perceptron"]["eta"] = 0.1
    assert refused(obj).startswith("perceptron.eta: unknown key")


def test_bad_session_inside_is_refused_with_its_path():
    obj = raw("xor-network")
    obj["session"]["training"]["batch_size"] = 0
    assert refused(obj) == "session.training.batch_size: must be between 1 and 1,000,000, got 0"
    obj = raw("xor-network")
    obj["session"]["network"]["layrs"] = [2, 2, 1]
    assert refused(obj).startswith("session.network.layrs: unknown key")
    obj = raw("xor-network")
    obj["session"]["network"]["activations"] = ["step"]
    obj["session"]["network"]["layers"] = [2, 1]
    assert refused(obj).startswith("session.network.activations: a perceptron with the step")


def test_the_view_decides_what_the_lesson_carries():
    obj = raw("xor-network")
    del obj["session"]
    assert refused(obj) == "session: is missing (a 'network' lesson needs it)"
    obj = raw("gradient-descent")
    obj["session"] = raw("xor-network")["session"]
    assert refused(obj).startswith("session: only a 'network' lesson has one")
    obj["view"] = "slides"
    assert refused(obj).startswith("view: unknown view 'slides'")


def test_arguments_are_checked_against_the_network():
    obj = raw("xor-network")
    obj["steps"][2]["neuron"] = [4, 0]
    assert refused(obj) == "steps[2].neuron[0]: must be between 1 and 3, got 4"
    obj["steps"][2]["neuron"] = [2, 2]
    assert refused(obj) == "steps[2].neuron[1]: must be between 0 and 1, got 2"
    obj = raw("xor-network")
    obj["steps"][1]["sample"] = 4
    assert refused(obj) == "steps[1].sample: must be between 0 and 3, got 4"
    obj = raw("xor-network")
    obj["steps"][1] = {"do": "go_to_step", "step": 8, "caption": "Too far along the steps."}
    assert refused(obj) == "steps[1].step: must be between 0 and 7, got 8"
    obj["steps"][1] = {"do": "set_weight", "layer": 3, "j": 0, "k": 2, "value": 1.0,
                       "caption": "A weight that does not exist."}
    assert refused(obj) == "steps[1].k: must be between 0 and 1, got 2"
    obj["steps"][1] = {"do": "set_training", "learning_rate": -1, "caption": "A bad rate."}
    assert refused(obj) == "steps[1].learning_rate: must be > 0, got -1"


def test_train_is_bounded_and_counts_are_whole():
    obj = raw("xor-network")
    obj["steps"][13]["epochs"] = MAX_TRAIN_EPOCHS + 1
    assert refused(obj) == "steps[13].epochs: must be between 1 and 5,000, got 5001"
    obj = raw("gradient-descent")
    obj["steps"][2]["count"] = 1.5
    assert refused(obj) == "steps[2].count: must be a whole number, got 1.5"


def test_required_arguments_and_first_actions():
    obj = raw("gradient-descent")
    del obj["steps"][0]["x0"]
    assert refused(obj) == "steps[0].x0: is missing (action 'start' needs it)"
    obj = raw("gradient-descent")
    obj["steps"][0] = {"do": "show", "caption": "Nothing to draw yet."}
    assert refused(obj) == "steps[0].do: a 'descent' lesson starts with 'start', got 'show'"
    obj = raw("activations")
    obj["steps"][1]["functions"] = ["sigmoid", "softmax"]
    assert refused(obj).startswith("steps[1].functions[1]: unknown or not element-wise "
                                   "activation 'softmax'")
    obj = raw("activations")
    obj["steps"][1]["mark"] = "everything"
    assert refused(obj) == "steps[1].mark: must be \"saturation\" or null, got 'everything'"


def test_captions_may_only_use_the_views_placeholders():
    obj = raw("gradient-descent")
    obj["steps"][2]["caption"] = "Now x = {y}."
    assert refused(obj).startswith("steps[2].caption: unknown placeholder {y}; known: {x}, ")
    obj["steps"][2]["caption"] = "Now x = {x:.q}."
    assert refused(obj) == "steps[2].caption: bad format '.q' for {x}"
    obj["steps"][2]["caption"] = "Braces { unclosed"
    assert refused(obj).startswith("steps[2].caption: bad braces")
    obj = raw("activations")
    obj["steps"][0]["caption"] = "Loss {loss} is not drawn here."
    assert refused(obj).endswith("unknown placeholder {loss}; known: none in this view")


def test_the_old_cost_placeholders_are_refused_with_their_new_names():
    obj = raw("xor-network")
    for old, new in (("loss", "batch_cost"), ("train_loss", "train_cost"),
                     ("test_loss", "test_cost"), ("accuracy", "train_accuracy"),
                     ("sample_loss", "sample_cost")):
        obj["steps"][0]["caption"] = f"The cost is {{{old}:.3f}}."
        assert refused(obj) == (f"steps[0].caption: unknown placeholder {{{old}}}: it is now "
                                f"{{{new}}} (the costs have one name each)")
    obj["steps"][0]["caption"] = "The cost is {cost}."
    assert refused(obj).startswith("steps[0].caption: unknown placeholder {cost}; known: "
                                   "{batch_cost}, {train_cost}, {test_cost}, ")


def test_perceptron_section_is_checked():
    obj = raw("perceptron")
    obj["perceptron"]["labels"][2] = 2
    assert refused(obj) == "perceptron.labels: each label must be 0 or 1"
    obj = raw("perceptron")
    obj["perceptron"]["labels"] = [0, 1]
    assert refused(obj) == "perceptron.labels: expected shape (7,), got (2,)"
    obj = raw("perceptron")
    obj["perceptron"]["learning_rate"] = 0
    assert refused(obj) == "perceptron.learning_rate: must be > 0, got 0"


def test_docks_and_names_are_checked():
    obj = raw("xor-network")
    obj["docks"] = ["loss", "camera"]
    assert refused(obj).startswith("docks[1]: unknown dock 'camera'; known: data, inspector")
    obj["docks"] = ["loss", "loss"]
    assert refused(obj) == "docks[1]: 'loss' is listed twice"
    obj = raw("xor-network")
    obj["name"] = "my lesson"
    assert refused(obj).startswith("name: use letters, digits")
    obj = raw("xor-network")
    obj["format"] = "backprop-studio-session"
    assert refused(obj).startswith("format: expected 'backprop-studio-lesson'")


def test_parsing_does_not_change_the_object():
    obj = raw("xor-network")
    before = copy.deepcopy(obj)
    parse_lesson(obj)
    assert obj == before


def test_caption_numbers_print_short_with_a_true_minus():
    assert f"{Number(3.9600000000000004)}" == "3.96"
    assert f"{Number(3.882384)}" == "3.882384"
    assert f"{Number(-0.5)}" == "−0.5"
    assert f"{Number(-0.038098):.4f}" == "−0.0381"
    assert f"{Number(float('nan')):.3f}" == "–"


# --- the worked example's numbers are the model's -----------------------------------------------

def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_worked_example_quotes_the_models_numbers():
    """Every number of the classic worked example, recomputed here by hand and by the model."""
    lesson = load_lesson("worked-example")
    spec = lesson.session_spec
    net = spec.network
    np.testing.assert_array_equal(net.weights[0], [[0.15, 0.20], [0.25, 0.30]])
    np.testing.assert_array_equal(net.biases[1], [0.60, 0.60])
    x, y = spec.data.x_train, spec.data.y_train
    np.testing.assert_array_equal(x, [[0.05, 0.10]])
    zs, acts = net.forward(x)
    deltas = net.backward(zs, acts, y)
    gw, gb = net.gradients(acts, deltas)
    # by hand (numpy, not the model) for the first neurons
    z21 = 0.15 * 0.05 + 0.20 * 0.10 + 0.35
    a21, a22 = sigmoid(z21), sigmoid(0.25 * 0.05 + 0.30 * 0.10 + 0.35)
    a31 = sigmoid(0.40 * a21 + 0.45 * a22 + 0.60)
    d31 = (a31 - 0.01) * a31 * (1 - a31)
    assert acts[1][0, 0] == pytest.approx(a21, abs=1e-15)
    assert deltas[1][0, 0] == pytest.approx(d31, abs=1e-15)
    a2, a3, d2, d3 = acts[1][0], acts[2][0], deltas[0][0], deltas[1][0]
    cost = net.loss.value(acts[2], y)
    eta = spec.training.optimizer.learning_rate
    after = net.copy()
    for p, g in zip(after.weights + after.biases, gw + gb, strict=True):
        p -= eta * g
    biases_fixed = net.copy()
    for p, g in zip(biases_fixed.weights, gw, strict=True):
        p -= eta * g

    def six(v):
        return f"{v:.6f}".replace("-", "−")

    captions = [step.caption for step in lesson.steps]
    expected = {
        2: [f"= {zs[0][0, 0]:.4f}", f"= {six(a2[0])}", f"= {zs[0][0, 1]:.4f}", six(a2[1])],
        4: [six(zs[1][0, 0]), six(a3[0]), six(zs[1][0, 1]), six(a3[1])],
        5: [six(0.5 * (0.01 - a3[0]) ** 2), six(0.5 * (0.99 - a3[1]) ** 2), f"= {six(cost)}."],
        6: [six(a3[0] * (1 - a3[0])), f"= {six(d3[0])}.", f"= {six(d3[1])}."],
        8: [six(a2[0] * (1 - a2[0])), six(a2[1] * (1 - a2[1])), f"= {six(d2[0])}.",
            f"= {six(d2[1])}."],
        9: [f"= {six(gw[1][0, 0])}", f"∂C/∂b₁⁽³⁾ = {six(gb[1][0])}", f"= {six(gw[0][0, 0])}."],
        10: [f"= {six(after.weights[1][0, 0])}", f"= {six(after.biases[1][0])}",
             f"= {six(after.weights[0][0, 0])}."],
        11: [f"from {six(cost)} to {six(after.cost(x, y))}", six(biases_fixed.cost(x, y))],
    }
    for i, parts in expected.items():
        for part in parts:
            assert part in captions[i], (i, part)
    # the classic published values, to the digits quoted
    assert (six(cost), six(d3[0]), six(after.weights[1][0, 0]), six(biases_fixed.cost(x, y))) \
        == ("0.298371", "0.138499", "0.358916", "0.291028")
    # and no other six-decimal number slipped in unchecked
    checked = {p.split("= ")[-1].rstrip(".") for parts in expected.values() for p in parts}
    checked |= {six(v) for v in (a2[0], a2[1], a3[0], a3[1], d3[0], d3[1], gw[1][0, 0],
                                 gb[1][0], gw[0][0, 0], d2[0], a3[0] - 0.01,
                                 0.40 * d3[0] + 0.50 * d3[1], cost,
                                 a3[1] * (1 - a3[1]), a2[1] * (1 - a2[1]),
                                 after.cost(x, y), biases_fixed.cost(x, y))}
    for caption in captions:
        for number in re.findall(r"−?\d+\.\d{6}", caption):
            assert number in checked, number


def test_saturation_lesson_starts_from_large_weights():
    spec = load_lesson("saturation").session_spec
    weights = np.concatenate([w.ravel() for w in spec.network.weights])
    assert 5 < np.std(weights) < 15  # drawn from N(0, 10²)
    assert isinstance(spec.network, Network) and spec.network.sizes == (2, 6, 1)
