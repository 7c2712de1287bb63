"""Neurons say what they stand for: features beside the inputs, classes or targets beside
the outputs, shortened alike only when they must be, and named in full in the tooltips."""

import pytest
from sklearn.datasets import load_wine

from app.session import Session
from model.notation import short, short_label, short_labels
from model.session_file import parse_session
from tests.test_diagram import make
from widgets.diagram.text import neuron_tooltip

IRIS = {"network": {"layers": [4, 5, 3], "activations": ["tanh", "softmax"],
                    "loss": "cross_entropy", "seed": 0},
        "training": {"batch_size": 8}, "data": {"dataset": "iris"}}
IRIS_SHORT = ["sepal length", "sepal width", "petal length", "petal width"]


def test_names_are_shortened_alike_and_only_when_too_long():
    assert short_labels(("sepal length (cm)", "sepal width (cm)")) == (
        "sepal length", "sepal width")  # one is too long: both lose the unit
    assert short_labels(("x₁", "x₂", "x₁²", "x₁x₂", "sin x₁")) == ("x₁", "x₂", "x₁²", "x₁x₂",
                                                                   "sin x₁")
    assert short_labels(("total_phenols", "color_intensity")) == ("total phenols",
                                                                  "color intensi.")
    assert short_label("total_phenols") == "total_phenols"  # fits: left as it is
    assert short_label("nonflavanoid_phenols") == "nonfl. phenols"
    assert short_label("proanthocyanins") == "proanthocyani."
    assert short_label("od280/od315_of_diluted_wines") == "od280/od315 o…"
    assert all(len(n) <= 14 for n in short_labels(load_wine().feature_names))


@pytest.mark.parametrize(("width", "with_y"), [(700, False), (1000, True)])
def test_iris_neurons_carry_the_feature_and_class_names(qtbot, width, with_y):
    session, w = make(qtbot, Session(parse_session(IRIS)), size=(width, 520))
    ins, outs = w.side_labels()
    assert [t.split(" = ")[0] for t in ins] == IRIS_SHORT  # named (with x where it fits)
    y = session.trace.target[0]
    classes = ["setosa", "versicolor", "virginica"]
    assert outs == ([f"{c}:  y = {y[j]:g}" for j, c in enumerate(classes)] if with_y
                    else classes)


def test_with_room_the_labels_also_give_x_and_a(qtbot):
    session, w = make(qtbot, Session(parse_session(IRIS)), size=(1700, 600))
    session.finish_pass()  # the loss step: a is known
    ins, outs = w.side_labels()
    x, a = session.trace.input[0], session.trace.layers[-1].a[0]
    assert ins == [f"{n} = {short(v)}" for n, v in zip(IRIS_SHORT, x, strict=True)]
    assert outs[1].startswith("versicolor:  y = ") and outs[1].endswith(f"a = {short(a[1])}")


def test_playground_features_name_their_inputs(qtbot):
    obj = {"network": {"layers": [4, 3, 1], "activations": ["tanh", "sigmoid"], "seed": 0},
           "data": {"dataset": "circle", "features": ["x1", "x1^2", "x1x2", "sin_x2"]}}
    session, w = make(qtbot, Session(parse_session(obj)), size=(1200, 600))
    ins, _outs = w.side_labels()
    assert [t.split(" = ")[0] for t in ins] == ["x₁", "x₁²", "x₁x₂", "sin x₂"]


def test_tooltips_name_the_feature_and_the_class_in_full():
    session = Session(parse_session(IRIS))
    session.finish_pass()
    data, view = session.spec.data, session.view()
    acts = [a.name for a in session.network.activations]

    def tip(layer, j):
        return neuron_tooltip(session.trace, view, layer, j, 0, session.batch_size, acts,
                              data.feature_names, data.target_names)

    assert tip(1, 0).startswith("Neuron 1 of layer 1 (input: sepal length (cm)) · sample 1")
    out = tip(3, 1)
    assert out.startswith("Neuron 2 of layer 3 (softmax, versicolor) · sample 1 of 8")
    assert out.endswith(f"y₂ = {session.trace.target[0, 1]:g} (the target)")


def test_a_csv_header_names_the_inputs(qtbot, tmp_path):
    bunch = load_wine()
    path = tmp_path / "wine.csv"
    rows = [",".join([*bunch.feature_names, "class"])]
    rows += [",".join([*map(str, x), f"c{y}"]) for x, y in zip(bunch.data, bunch.target,
                                                                strict=True)]
    path.write_text("\n".join(rows) + "\n")
    obj = {"network": {"layers": [13, 6, 3], "activations": ["tanh", "softmax"],
                       "loss": "cross_entropy", "seed": 0},
           "data": {"csv": str(path), "target_columns": ["class"], "scaling": "standard"}}
    session, w = make(qtbot, Session(parse_session(obj)), size=(1000, 700))
    ins, outs = w.side_labels()
    assert [t.split(" = ")[0] for t in ins] == list(short_labels(bunch.feature_names))
    assert [o.split(":")[0] for o in outs] == ["c0", "c1", "c2"]
