"""Built-in datasets: exact values, shapes, balance, ranges, seeding and validation."""

import json

import numpy as np
import pytest

from model.datasets import DATASETS, Dataset, make_dataset
from model.errors import ValidationError

TOY_2D = ["circle", "gaussians", "spiral", "moons"]


def all_x(ds: Dataset) -> np.ndarray:
    return np.concatenate([ds.x_train, ds.x_test])


def all_y(ds: Dataset) -> np.ndarray:
    return np.concatenate([ds.y_train, ds.y_test])


def assert_same(a: Dataset, b: Dataset):
    for key in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(a, key), getattr(b, key))


def test_every_spec_has_description_and_defaults_and_builds():
    assert list(DATASETS) == ["xor", "perceptron7", "circle", "gaussians", "spiral", "moons",
                              "plane", "iris", "digits"]
    for name, spec in DATASETS.items():
        assert spec.description and "\n" not in spec.description
        assert set(spec.defaults) == {"n_points", "noise", "test_ratio"}
        ds = make_dataset(name)
        assert ds.name == name
        assert len(ds.x_train) + len(ds.x_test) == spec.n_points
        assert ds.x_train.dtype == ds.y_test.dtype == np.float64
        assert len(ds.feature_names) == ds.x_train.shape[1]
        assert len(ds.target_names) == ds.y_train.shape[1]


def test_xor_default_is_the_truth_table_in_order():
    ds = make_dataset("xor")
    np.testing.assert_array_equal(ds.x_train, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(ds.y_train, [[0], [1], [1], [0]])
    assert ds.x_test.shape == (0, 2) and ds.y_test.shape == (0, 1)
    assert ds.problem == "classification"
    assert ds.feature_names == ("x₁", "x₂") and ds.class_names == ("0", "1")
    assert ds.params == {"name": "xor", "n_points": 4, "noise": 0.0, "test_ratio": 0.0,
                         "seed": 0}


def test_xor_cycles_corners_and_jitters_with_sigma_noise():
    ds = make_dataset("xor", n_points=10)
    np.testing.assert_array_equal(ds.y_train.ravel(), [0, 1, 1, 0, 0, 1, 1, 0, 0, 1])
    np.testing.assert_array_equal(ds.x_train[4:8], ds.x_train[:4])
    noisy = make_dataset("xor", n_points=4000, noise=0.05)
    corners = np.tile([[0, 0], [0, 1], [1, 0], [1, 1]], (1000, 1))
    assert np.std(noisy.x_train - corners) == pytest.approx(0.05, rel=0.05)


def test_perceptron7_is_the_seven_points_with_their_labels():
    ds = make_dataset("perceptron7")
    np.testing.assert_array_equal(ds.x_train, [[0.8, 0.4], [0.3, 0.1], [0.8, 0.8], [0.4, 0.6],
                                               [0.6, 0.8], [0.4, 0.2], [0.4, 0.5]])
    np.testing.assert_array_equal(ds.y_train.ravel(), [0, 0, 1, 1, 1, 0, 1])
    assert len(ds.x_test) == 0
    assert_same(make_dataset(**ds.params), ds)  # n_points=7, noise=0 are accepted back


@pytest.mark.parametrize("kwargs, problem", [
    ({"n_points": 5}, "always has its 7 points"),
    ({"noise": 0.1}, "takes no noise"),
])
def test_perceptron7_refuses_size_and_noise(kwargs, problem):
    with pytest.raises(ValidationError, match=problem):
        make_dataset("perceptron7", **kwargs)


@pytest.mark.parametrize("name", TOY_2D)
def test_toy_sets_are_balanced_binary_and_split_in_half(name):
    ds = make_dataset(name)
    assert ds.x_train.shape == (250, 2) and ds.x_test.shape == (250, 2)
    assert ds.y_train.shape == (250, 1) and ds.y_test.shape == (250, 1)
    y = all_y(ds).ravel()
    assert set(np.unique(y)) == {0.0, 1.0}
    assert y.sum() == 250  # exactly half class 1
    assert 0.35 < ds.y_train.mean() < 0.65  # the shuffle mixes classes into both parts
    assert ds.class_names == ("0", "1") and ds.target_names == ("y",)


def test_odd_count_gives_class_0_the_extra_point():
    y = all_y(make_dataset("circle", n_points=7)).ravel()
    assert (y == 0).sum() == 4 and (y == 1).sum() == 3


def test_circle_inner_disc_is_class_1_and_outer_ring_class_0():
    ds = make_dataset("circle", n_points=1000)
    r = np.hypot(*all_x(ds).T)
    y = all_y(ds).ravel()
    assert r[y == 1].max() <= 0.5
    assert r[y == 0].min() >= 0.7 and r[y == 0].max() <= 1.0


def test_gaussians_are_blobs_around_plus_minus_0_4():
    ds = make_dataset("gaussians", n_points=4000)
    x, y = all_x(ds), all_y(ds).ravel()
    np.testing.assert_allclose(x[y == 1].mean(axis=0), [0.4, 0.4], atol=0.02)
    np.testing.assert_allclose(x[y == 0].mean(axis=0), [-0.4, -0.4], atol=0.02)
    np.testing.assert_allclose(x[y == 1].std(axis=0), [0.15, 0.15], atol=0.01)


def test_spiral_arms_stay_in_the_unit_disc_and_are_point_symmetric():
    ds = make_dataset("spiral", test_ratio=0)
    x, y = ds.x_train, ds.y_train.ravel()
    assert np.hypot(*x.T).max() < 1.0
    # The two arms are the same curve turned by π: arm 0 is minus arm 1.
    np.testing.assert_allclose(x[y == 0], -x[y == 1], atol=1e-12)


def test_moons_fill_the_box_and_noise_default_is_0_1():
    clean = make_dataset("moons", noise=0)
    x = all_x(clean)
    assert x[:, 0].min() >= -1 and x[:, 0].max() <= 1
    assert x[:, 1].min() >= -0.5 and x[:, 1].max() <= 0.5
    assert make_dataset("moons").params["noise"] == 0.1


def test_plane_is_regression_with_the_mean_of_the_inputs():
    ds = make_dataset("plane")
    assert ds.problem == "regression" and ds.class_names is None
    x, y = all_x(ds), all_y(ds)
    assert np.abs(x).max() <= 1
    np.testing.assert_allclose(y.ravel(), x.mean(axis=1))
    noisy = make_dataset("plane", noise=0.2, n_points=5000)
    residual = all_y(noisy).ravel() - all_x(noisy).mean(axis=1)
    assert residual.std() == pytest.approx(0.2, rel=0.05)


@pytest.mark.parametrize("name", [*TOY_2D, "plane", "iris"])
def test_same_seed_same_arrays_different_seed_different(name):
    assert_same(make_dataset(name, seed=3), make_dataset(name, seed=3))
    a, b = make_dataset(name, seed=3), make_dataset(name, seed=4)
    assert not np.array_equal(a.x_train, b.x_train)


def test_noise_only_jitters_the_same_points_with_the_same_split():
    clean = make_dataset("circle", seed=5)
    noisy = make_dataset("circle", seed=5, noise=0.1)
    np.testing.assert_array_equal(clean.y_train, noisy.y_train)
    assert np.std(noisy.x_train - clean.x_train) == pytest.approx(0.1, rel=0.1)


@pytest.mark.parametrize("n, ratio, n_test", [(5, 0.5, 2), (10, 0.25, 2), (7, 0.9, 6),
                                              (1, 0.4, 0), (100, 0.2, 20)])
def test_split_sizes_are_round_n_times_ratio(n, ratio, n_test):
    ds = make_dataset("gaussians", n_points=n, test_ratio=ratio)
    assert len(ds.x_test) == n_test and len(ds.x_train) == n - n_test


def test_params_rebuild_bit_for_bit_and_are_json():
    for name in DATASETS:
        ds = make_dataset(name, seed=7)
        again = make_dataset(**json.loads(json.dumps(ds.params)))
        assert_same(again, ds)


def test_arrays_are_read_only():
    ds = make_dataset("circle")
    with pytest.raises(ValueError):
        ds.x_train[0, 0] = 5.0


def test_iris_is_150_by_4_standardised_with_three_one_hot_classes():
    ds = make_dataset("iris")
    assert ds.x_train.shape == (120, 4) and ds.x_test.shape == (30, 4)
    y = all_y(ds)
    assert y.shape == (150, 3)
    np.testing.assert_array_equal(y.sum(axis=1), 1)
    np.testing.assert_array_equal(y.sum(axis=0), [50, 50, 50])
    assert ds.class_names == ds.target_names == ("setosa", "versicolor", "virginica")
    assert ds.feature_names[0] == "sepal length (cm)"
    # The scaler is fitted on the training rows only.
    np.testing.assert_allclose(ds.x_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(ds.x_train.std(axis=0), 1, atol=1e-12)


def test_iris_subsample_is_seeded_and_bounded():
    ds = make_dataset("iris", n_points=30, test_ratio=0)
    assert ds.x_train.shape == (30, 4)
    assert_same(ds, make_dataset("iris", n_points=30, test_ratio=0))
    with pytest.raises(ValidationError, match="between 1 and 150 for iris, got 151"):
        make_dataset("iris", n_points=151)


def test_digits_are_1797_images_of_8x8_in_unit_range():
    ds = make_dataset("digits")
    x, y = all_x(ds), all_y(ds)
    assert x.shape == (1797, 64) and y.shape == (1797, 10)
    assert len(ds.x_test) == 359
    assert x.min() == 0 and x.max() == 1
    np.testing.assert_array_equal(y.sum(axis=1), 1)
    assert ds.class_names == tuple("0123456789") and ds.image_shape == (8, 8)
    assert make_dataset("digits", n_points=100).x_train.shape == (80, 64)


@pytest.mark.parametrize("kwargs, field, problem", [
    ({"n_points": 0}, "data.n_points", "between 1 and 100,000"),
    ({"n_points": 100_001}, "data.n_points", "between 1 and 100,000"),
    ({"n_points": 2.0}, "data.n_points", "must be an integer"),
    ({"n_points": True}, "data.n_points", "must be an integer"),
    ({"noise": 3}, "data.noise", "must be between 0 and 1, got 3"),
    ({"noise": -0.1}, "data.noise", "between 0 and 1"),
    ({"noise": float("nan")}, "data.noise", "between 0 and 1"),
    ({"noise": "0.1"}, "data.noise", "between 0 and 1"),
    ({"test_ratio": 0.95}, "data.test_ratio", "between 0 and 0.9"),
    ({"test_ratio": -0.1}, "data.test_ratio", "between 0 and 0.9"),
    ({"n_points": 2, "test_ratio": 0.9}, "data.test_ratio", "leaves none to train on"),
    ({"seed": -1}, "data.seed", "non-negative integer"),
    ({"seed": 1.5}, "data.seed", "non-negative integer"),
])
def test_bad_arguments_name_the_field(kwargs, field, problem):
    with pytest.raises(ValidationError, match=problem) as info:
        make_dataset("circle", **kwargs)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(ValidationError) as info:
        make_dataset("ring")
    assert info.value.field == "data.name"
    assert "'ring'" in str(info.value) and "circle" in str(info.value)
    assert "digits" in str(info.value)


def test_real_data_takes_no_noise():
    with pytest.raises(ValidationError, match="takes no noise"):
        make_dataset("digits", noise=0.2)


def test_dataset_checks_its_arrays():
    ok = {"name": "t", "x_train": np.zeros((3, 2)), "y_train": np.zeros((3, 1)),
          "x_test": np.zeros((0, 2)), "y_test": np.zeros((0, 1)), "problem": "regression",
          "feature_names": ("a", "b"), "target_names": ("y",)}
    assert Dataset(**ok).x_train.shape == (3, 2)
    for change, field in [({"y_train": np.zeros((2, 1))}, "data.y_train"),
                          ({"x_test": np.zeros((0, 3))}, "data.x_test"),
                          ({"x_train": np.full((3, 2), np.nan)}, "data.x_train"),
                          ({"y_test": np.zeros(0)}, "data.y_test"),
                          ({"feature_names": ("a",)}, "data.feature_names"),
                          ({"problem": "ranking"}, "data.problem")]:
        with pytest.raises(ValidationError) as info:
            Dataset(**{**ok, **change})
        assert info.value.field == field
