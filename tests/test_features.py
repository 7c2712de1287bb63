"""Input features: hand values, canonical order, refusals, datasets keep their targets."""

import math

import numpy as np
import pytest

from model.datasets import make_dataset
from model.errors import ValidationError
from model.features import (
    DEFAULT_FEATURES,
    FEATURES,
    apply_features,
    check_features,
    expand,
)

ALL = list(FEATURES)


def test_keys_and_labels_in_canonical_order():
    assert ALL == ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"]
    assert [label for label, _ in FEATURES.values()] == [
        "x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"]
    assert DEFAULT_FEATURES == ("x1", "x2")


def test_expand_hand_point():
    out = expand(np.array([[0.5, -2.0]]), ALL)
    assert out.dtype == np.float64 and out.shape == (1, 7)
    expected = [0.5, -2.0, 0.25, 4.0, -1.0, math.sin(0.5), math.sin(-2.0)]
    np.testing.assert_array_equal(out[0], expected)
    assert out[0, 6] == pytest.approx(-0.9092974268256817, abs=1e-15)


def test_expand_columns_follow_canonical_order_not_the_given_one():
    x = np.array([[0.5, -2.0], [3.0, 1.0]])
    out = expand(x, ["sin_x1", "x1x2", "x2"])
    np.testing.assert_array_equal(out, [[-2.0, -1.0, math.sin(0.5)],
                                        [1.0, 3.0, math.sin(3.0)]])


def test_check_features_canonical_order():
    assert check_features(["x1x2", "x1", "sin_x2"]) == ("x1", "x1x2", "sin_x2")
    assert check_features(("x2",)) == ("x2",)


KNOWN = "x1, x2, x1^2, x2^2, x1x2, sin_x1, sin_x2"


@pytest.mark.parametrize("names, field, words", [
    ([], "data.features", f"non-empty list of features from: {KNOWN}"),
    ("x1", "data.features", f"non-empty list of features from: {KNOWN}"),
    (None, "data.features", f"non-empty list of features from: {KNOWN}"),
    (["x1", "x3"], "data.features[1]", f"unknown feature 'x3'; known: {KNOWN}"),
    (["x1", "x2", "x1"], "data.features[2]", "'x1' is listed twice"),
])
def test_check_features_refuses(names, field, words):
    with pytest.raises(ValidationError) as err:
        check_features(names)
    assert err.value.field == field
    assert words in str(err.value)


def test_check_features_custom_field():
    with pytest.raises(ValidationError, match=r"^view\.features\[0\]: unknown"):
        check_features(["cos_x1"], field="view.features")


def test_expand_refuses_points_that_are_not_2d():
    with pytest.raises(ValidationError, match="shape \\(3, 4\\)"):
        expand(np.zeros((3, 4)), ["x1"])


def test_apply_features_expands_and_keeps_the_rest():
    ds = make_dataset("circle", n_points=40, seed=3)
    out = apply_features(ds, ["x2^2", "x1"])
    assert out.feature_names == ("x₁", "x₂²")
    np.testing.assert_array_equal(out.x_train[:, 0], ds.x_train[:, 0])
    np.testing.assert_array_equal(out.x_train[:, 1], ds.x_train[:, 1] ** 2)
    np.testing.assert_array_equal(out.x_test[:, 1], ds.x_test[:, 1] ** 2)
    for key in ("y_train", "y_test"):
        a, b = getattr(ds, key), getattr(out, key)
        assert a.tobytes() == b.tobytes() and a.shape == b.shape
    assert (out.name, out.problem, out.class_names, out.target_names, out.params) == (
        ds.name, ds.problem, ds.class_names, ds.target_names, ds.params)
    assert not out.x_train.flags.writeable
    assert ds.x_train.shape == (20, 2)  # the original is untouched


def test_apply_features_refuses_iris():
    with pytest.raises(ValidationError) as err:
        apply_features(make_dataset("iris"), DEFAULT_FEATURES)
    assert err.value.field == "data.features"
    assert "iris has 4" in str(err.value)
