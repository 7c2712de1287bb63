"""Session files: the minimal file of issue 2, round trips, refusals that name the field."""

import copy
import json
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import session_file
from model.errors import ValidationError
from model.session_file import load_session, parse_session, save_session

MINIMAL = {
    "network": {"layers": [2, 2, 1], "activations": ["sigmoid", "sigmoid"], "loss": "quadratic",
                "weights": [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6]]], "biases": [[0, 0], [0]]},
    "training": {"optimizer": "sgd", "learning_rate": 0.5, "batch_size": 2},
    "data": {"inputs": [[0, 0], [1, 1]], "targets": [[0], [1]]},
}


def test_minimal_file_loads_exactly(repo_root):
    spec = load_session(repo_root / "tests" / "data" / "minimal.json")
    np.testing.assert_array_equal(spec.network.weights[1], [[0.5, 0.6]])
    assert spec.network.sizes == (2, 2, 1)
    assert spec.training.optimizer.learning_rate == 0.5 and spec.training.batch_size == 2
    np.testing.assert_array_equal(spec.data.x_train, [[0, 0], [1, 1]])
    assert spec.data.x_test.shape == (0, 2)


def test_weights_omitted_initialise_from_the_seed():
    obj = copy.deepcopy(MINIMAL)
    del obj["network"]["weights"], obj["network"]["biases"]
    obj["network"].update(init="xavier", seed=4)
    a, b = parse_session(obj), parse_session(copy.deepcopy(obj))
    np.testing.assert_array_equal(a.network.weights[0], b.network.weights[0])
    obj["network"]["seed"] = 5
    assert not np.array_equal(parse_session(obj).network.weights[0], a.network.weights[0])
    np.testing.assert_array_equal(a.network.biases[0], [0, 0])


def test_built_in_dataset_section():
    obj = copy.deepcopy(MINIMAL)
    obj["data"] = {"dataset": "xor"}
    spec = parse_session(obj)
    np.testing.assert_array_equal(spec.data.x_train, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(spec.data.y_train, [[0], [1], [1], [0]])


def test_csv_path_resolves_beside_the_session(tmp_path):
    (tmp_path / "d.csv").write_text("a,b,t\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n")
    obj = copy.deepcopy(MINIMAL)
    obj["data"] = {"csv": "d.csv", "problem": "regression"}
    (tmp_path / "s.json").write_text(json.dumps(obj))
    spec = load_session(tmp_path / "s.json")
    np.testing.assert_array_equal(spec.data.y_train[:, 0], [0, 1, 1, 0])


def test_round_trip_keeps_every_number(tmp_path):
    obj = copy.deepcopy(MINIMAL)
    obj["network"]["weights"][0][0][0] = 0.1 + 0.2  # 0.30000000000000004 must survive
    obj["training"].update(optimizer="adam", regularization="l2", regularization_rate=0.001,
                           seed=9)
    obj["view"] = {"sample": 1, "step": 5}
    spec = parse_session(obj)
    save_session(spec, tmp_path / "out.json")
    again = load_session(tmp_path / "out.json")
    assert again.network.weights[0][0, 0] == 0.1 + 0.2
    assert again.training == spec.training
    assert again.view == {"sample": 1, "step": 5}
    assert again.to_json() == spec.to_json()


BAD = [
    (lambda o: o["network"].__setitem__("layers", [2, 0, 1]), "network.layers[1]", "between 1"),
    (lambda o: o["network"].__setitem__("layers", [2, 100_000_000, 1]), "network.layers[1]",
     "10,000"),
    (lambda o: o["network"].__setitem__("layers", [2000, 5000, 2000, 10]), "network.layers",
     "parameters; at most"),
    (lambda o: o["network"].__setitem__("activations", ["sigmoid"]), "network.activations",
     "one activation per"),
    (lambda o: o["network"].__setitem__("activations", ["sigmoid", "sigmod"]),
     "network.activations[1]", "unknown activation"),
    (lambda o: o["network"].__setitem__("loss", "hinge"), "network.loss", "unknown loss"),
    (lambda o: o["network"]["weights"].__setitem__(1, [[0.5, 0.6, 0.7]]), "network.weights[1]",
     "expected shape (1, 2)"),
    (lambda o: o["network"]["weights"][0][1].__setitem__(0, "x"), "network.weights[0]",
     "numbers"),
    (lambda o: o["network"]["weights"][0][1].__setitem__(0, float("nan")),
     "network.weights[0][1][0]", "not a finite number"),
    (lambda o: o["network"]["biases"].__setitem__(0, [0]), "network.biases[0]",
     "expected shape (2,)"),
    (lambda o: o["training"].__setitem__("learning_rate", -1), "training.learning_rate", "> 0"),
    (lambda o: o["training"].__setitem__("learning_rate", 0), "training.learning_rate", "> 0"),
    (lambda o: o["training"].__setitem__("learning_rate", float("inf")), "training.learning_rate",
     "finite"),
    (lambda o: o["training"].__setitem__("learning_rate", "fast"), "training.learning_rate",
     "must be a number"),
    (lambda o: o["training"].__setitem__("batch_size", 0), "training.batch_size", "between 1"),
    (lambda o: o["training"].__setitem__("batch_size", 2.5), "training.batch_size",
     "whole number"),
    (lambda o: o["training"].__setitem__("optimizer", "rmsprop"), "training.optimizer",
     "unknown optimizer"),
    (lambda o: o["training"].__setitem__("learing_rate", 0.1), "training.learing_rate",
     "unknown key"),
    (lambda o: o["data"].__setitem__("inputs", [[0, 0, 0], [1, 1, 1]]), "data.inputs",
     "input layer has 2 neurons"),
    (lambda o: o["data"].__setitem__("targets", [[0]]), "data.targets", "has 1 rows"),
    (lambda o: o["data"].__setitem__("targets", [[0, 1], [1, 0]]), "data.targets",
     "output layer has 1"),
    (lambda o: o["data"].__setitem__("inputs", []), "data.inputs", "non-empty"),
    (lambda o: o["data"].__setitem__("inputs", [[0, 0], [1]]), "data.inputs", "ragged"),
    (lambda o: o.__setitem__("data", {"dataset": "mnist"}), "data", "unknown"),
    (lambda o: o.__delitem__("network"), "network", "is missing"),
    (lambda o: o.__setitem__("network", [1, 2]), "network", "must be a JSON object"),
    (lambda o: o.__setitem__("view", {"step": 99}), "view.step", "between 0 and 7"),
]


@pytest.mark.parametrize("mutate,field,words", BAD)
def test_bad_sessions_are_refused_naming_the_field(mutate, field, words):
    obj = copy.deepcopy(MINIMAL)
    mutate(obj)
    with pytest.raises(ValidationError) as err:
        parse_session(obj)
    assert err.value.field.startswith(field), str(err.value)
    assert words in str(err.value)


def test_files_that_are_not_sessions(tmp_path):
    cases = {"missing.json": None, "notjson.json": b"{network: 1", "binary.json": b"\xff\xfe\x00",
             "list.json": b"[1, 2]"}
    for name, content in cases.items():
        if content is not None:
            (tmp_path / name).write_bytes(content)
        with pytest.raises(ValidationError) as err:
            load_session(tmp_path / name)
        assert name in str(err.value) or "must be a JSON object" in str(err.value)
    with pytest.raises(ValidationError, match="line 1, column 2"):
        load_session(tmp_path / "notjson.json")


def test_too_large_a_file_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(session_file, "MAX_SESSION_BYTES", 100)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(MINIMAL))
    with pytest.raises(ValidationError, match="limited to"):
        load_session(path)


def test_failed_save_leaves_the_previous_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    spec = parse_session(copy.deepcopy(MINIMAL))
    save_session(spec, path)
    before = path.read_bytes()
    spec.network.weights[0][0, 0] = 42.0

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        save_session(spec, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["s.json"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True)
    | st.text(max_size=5),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["layers", "activations", "loss", "weights", "biases", "inputs",
                         "targets", "optimizer", "learning_rate", "batch_size", "dataset",
                         "x"]), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["network", "training", "data", "view", "format"]),
                       json_values, max_size=5))
def test_fuzzed_sessions_load_or_raise_the_one_error(obj):
    try:
        parse_session(obj)
    except ValidationError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["network", "training", "data"]), st.sampled_from(
    ["layers", "activations", "loss", "weights", "biases", "learning_rate", "batch_size",
     "inputs", "targets"]), json_values)
def test_fuzzed_fields_of_a_valid_file_load_or_raise_the_one_error(section, key, value):
    obj = copy.deepcopy(MINIMAL)
    obj[section][key] = value
    try:
        parse_session(obj)
    except ValidationError:
        pass
