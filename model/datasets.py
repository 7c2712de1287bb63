"""Built-in datasets: small, seeded, reproducible arrays for the step-through demos.

Every dataset is rebuilt bit for bit from ``Dataset.params`` (``make_dataset(**params)``), so a
session file stores parameters, not arrays.

Conventions shared by the 2-D toy sets (circle, gaussians, spiral, moons, plane):

* points lie roughly in the box [-1, 1]² (xor and perceptron7 use their corners in [0, 1]²);
* ``noise`` is a Gaussian jitter with σ = noise × 1, i.e. a fraction of the box half-width,
  added to the inputs (to the target for the regression set ``plane``);
* the jitter is drawn after the clean points from the same generator, so changing only the
  noise moves the same points, and the train/test split stays the same;
* classes alternate row by row (0, 1, 0, 1, …), so the file-like order is balanced even
  without a split.

Binary targets are one 0/1 column (for a sigmoid output); more classes are one-hot columns.
scikit-learn is imported only by the functions that need it, because it costs ~1 s.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from numbers import Integral, Real

import numpy as np

from model.errors import ValidationError

PROBLEMS = ("classification", "regression")
SCALINGS = ("none", "minmax", "standard")
MAX_POINTS = 100_000
MAX_TEST_RATIO = 0.9
XY_NAMES = ("x₁", "x₂")
BINARY_NAMES = ("0", "1")


@dataclass(frozen=True, eq=False)
class Dataset:
    """Train and test arrays (float64, rows are samples) plus what the app needs to label them.

    The arrays are stored as read-only views so no widget or trainer can change the data of
    another one by accident. ``params`` holds the exact arguments that rebuild this dataset:
    ``make_dataset(**params)`` for built-ins; for a CSV file (key ``csv``) see ``load_csv``.
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    problem: str
    feature_names: tuple[str, ...]
    target_names: tuple[str, ...]
    class_names: tuple[str, ...] | None = None
    image_shape: tuple[int, int] | None = None
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        for key in ("x_train", "y_train", "x_test", "y_test"):
            arr = np.asarray(getattr(self, key), dtype=np.float64).view()
            if arr.ndim != 2:
                raise ValidationError(f"data.{key}", f"must be 2-D (rows are samples), "
                                                     f"got shape {arr.shape}")
            if not np.isfinite(arr).all():
                raise ValidationError(f"data.{key}", "contains NaN or infinity")
            arr.flags.writeable = False
            object.__setattr__(self, key, arr)
        for part in ("train", "test"):
            x, y = getattr(self, f"x_{part}"), getattr(self, f"y_{part}")
            if len(x) != len(y):
                raise ValidationError(f"data.y_{part}",
                                      f"has {len(y)} rows but x_{part} has {len(x)}")
        if len(self.x_train) == 0:
            raise ValidationError("data.x_train", "needs at least 1 training sample")
        for kind, names in (("x", self.feature_names), ("y", self.target_names)):
            train, test = getattr(self, f"{kind}_train"), getattr(self, f"{kind}_test")
            if test.shape[1] != train.shape[1]:
                raise ValidationError(f"data.{kind}_test", f"has {test.shape[1]} columns but "
                                                           f"{kind}_train has {train.shape[1]}")
            if len(names) != train.shape[1]:
                raise ValidationError(f"data.{'feature' if kind == 'x' else 'target'}_names",
                                      f"has {len(names)} names for {train.shape[1]} columns")
        if self.problem not in PROBLEMS:
            raise ValidationError("data.problem", f"must be one of {', '.join(PROBLEMS)}, "
                                                  f"got {self.problem!r}")
        if self.image_shape is not None and math.prod(self.image_shape) != self.x_train.shape[1]:
            raise ValidationError("data.image_shape", f"{self.image_shape} does not hold "
                                                      f"{self.x_train.shape[1]} features")


GenerateFn = Callable[[int, float, np.random.Generator], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class DatasetSpec:
    """One entry of the dataset menu: what it is, its defaults and how to make its rows.

    ``generate(n_points, noise, rng)`` returns inputs (n, d) and either integer class labels
    (n,) or regression targets (n, m), before the split. ``n_available`` is set for fixed
    data (all rows are used by default); ``subsample`` says whether fewer may be asked for.
    """

    description: str
    generate: GenerateFn
    n_points: int
    noise: float
    test_ratio: float
    problem: str = "classification"
    feature_names: tuple[str, ...] = XY_NAMES
    class_names: tuple[str, ...] | None = BINARY_NAMES
    target_names: tuple[str, ...] = ("y",)
    n_available: int | None = None
    subsample: bool = False
    standardize: bool = False
    image_shape: tuple[int, int] | None = None

    @property
    def defaults(self) -> dict:
        return {"n_points": self.n_points, "noise": self.noise, "test_ratio": self.test_ratio}


def _alternating(n: int) -> np.ndarray:
    return np.arange(n) % 2


def _jitter(rng: np.random.Generator, shape, noise: float) -> np.ndarray:
    """Always draws, so the rng stream (and the split after it) does not depend on noise."""
    return rng.standard_normal(shape) * noise


def _xor(n, noise, rng):
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    idx = np.arange(n) % 4
    return corners[idx] + _jitter(rng, (n, 2), noise), np.array([0, 1, 1, 0])[idx]


def _perceptron7(n, noise, rng):
    x = np.array([[0.8, 0.4], [0.3, 0.1], [0.8, 0.8], [0.4, 0.6],
                  [0.6, 0.8], [0.4, 0.2], [0.4, 0.5]])
    return x, np.array([0, 0, 1, 1, 1, 0, 1])


def _polar(r: np.ndarray, t: np.ndarray) -> np.ndarray:
    return np.column_stack([r * np.sin(t), r * np.cos(t)])


def _circle(n, noise, rng):
    labels = _alternating(n)
    r = np.where(labels == 1, rng.uniform(0.0, 0.5, n), rng.uniform(0.7, 1.0, n))
    x = _polar(r, rng.uniform(0.0, 2 * np.pi, n))
    return x + _jitter(rng, (n, 2), noise), labels


def _gaussians(n, noise, rng):
    labels = _alternating(n)
    centres = np.where(labels[:, None] == 1, 0.4, -0.4)
    x = centres + 0.15 * rng.standard_normal((n, 2))
    return x + _jitter(rng, (n, 2), noise), labels


def _spiral(n, noise, rng):
    labels = _alternating(n)
    per_arm = np.bincount(labels, minlength=2)
    r = (np.arange(n) // 2) / per_arm[labels]
    t = 1.75 * 2 * np.pi * r + np.pi * (labels == 0)
    return _polar(r, t) + _jitter(rng, (n, 2), noise), labels


def _moons(n, noise, rng):
    labels = _alternating(n)
    t = rng.uniform(0.0, np.pi, n)
    outer = np.column_stack([np.cos(t), np.sin(t)])
    inner = np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)])
    x = np.where(labels[:, None] == 1, inner, outer)
    x = (x - [0.5, 0.25]) / 1.5  # sklearn's [-1, 2] × [-0.5, 1] into [-1, 1] × [-0.5, 0.5]
    return x + _jitter(rng, (n, 2), noise), labels


def _plane(n, noise, rng):
    x = rng.uniform(-1.0, 1.0, (n, 2))
    y = x.sum(axis=1, keepdims=True) / 2
    return x, y + _jitter(rng, (n, 1), noise)


def _subsample(n_total: int, n: int, rng: np.random.Generator) -> np.ndarray:
    """All rows in file order, or a seeded subset of n kept in file order."""
    if n >= n_total:
        return np.arange(n_total)
    return np.sort(rng.choice(n_total, size=n, replace=False))


def _iris(n, noise, rng):
    from sklearn.datasets import load_iris

    bunch = load_iris()
    idx = _subsample(len(bunch.target), n, rng)
    return bunch.data[idx], bunch.target[idx]


def _digits(n, noise, rng):
    from sklearn.datasets import load_digits

    bunch = load_digits()
    idx = _subsample(len(bunch.target), n, rng)
    return bunch.data[idx] / 16.0, bunch.target[idx]


DATASETS: dict[str, DatasetSpec] = {
    "xor": DatasetSpec("The XOR truth table, no line separates it (jitter: σ = noise)",
                       _xor, n_points=4, noise=0.0, test_ratio=0.0),
    "perceptron7": DatasetSpec("Seven hand-placed points a single perceptron can separate",
                               _perceptron7, n_points=7, noise=0.0, test_ratio=0.0,
                               n_available=7),
    "circle": DatasetSpec("Inner disc (class 1) inside an outer ring (class 0)",
                          _circle, n_points=500, noise=0.0, test_ratio=0.5),
    "gaussians": DatasetSpec("Two Gaussian blobs around (−0.4, −0.4) and (0.4, 0.4)",
                             _gaussians, n_points=500, noise=0.0, test_ratio=0.5),
    "spiral": DatasetSpec("Two interleaved spirals, the hard one",
                          _spiral, n_points=500, noise=0.0, test_ratio=0.5),
    "moons": DatasetSpec("Two interleaving half-moons",
                         _moons, n_points=500, noise=0.1, test_ratio=0.5),
    "plane": DatasetSpec("Regression: y = (x₁ + x₂) / 2 over the square",
                         _plane, n_points=500, noise=0.0, test_ratio=0.5,
                         problem="regression", class_names=None),
    "iris": DatasetSpec("Fisher's iris flowers: 4 measurements (standardised), 3 species",
                        _iris, n_points=150, noise=0.0, test_ratio=0.2,
                        feature_names=("sepal length (cm)", "sepal width (cm)",
                                       "petal length (cm)", "petal width (cm)"),
                        class_names=("setosa", "versicolor", "virginica"),
                        n_available=150, subsample=True, standardize=True),
    "digits": DatasetSpec("Handwritten digits, 8×8 pixels in [0, 1], 10 classes",
                          _digits, n_points=1797, noise=0.0, test_ratio=0.2,
                          feature_names=tuple(f"pixel_{r}_{c}" for r in range(8)
                                              for c in range(8)),
                          class_names=tuple(str(d) for d in range(10)),
                          n_available=1797, subsample=True, image_shape=(8, 8)),
}


def _is_int(value) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


def _is_real(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def check_seed(seed, field: str) -> int:
    if not _is_int(seed) or seed < 0:
        raise ValidationError(field, f"must be a non-negative integer, got {seed!r}")
    return int(seed)


def check_test_ratio(test_ratio, n_rows: int, field: str) -> float:
    """The ratio as a float, refusing one that would leave no training row."""
    if not _is_real(test_ratio) or not 0 <= test_ratio <= MAX_TEST_RATIO:
        raise ValidationError(field, f"must be between 0 and {MAX_TEST_RATIO}, "
                                     f"got {test_ratio!r}")
    n_test = round(n_rows * test_ratio)
    if n_rows - n_test < 1:
        raise ValidationError(field, f"{test_ratio} of {n_rows} rows puts {n_test} in the "
                                     f"test set and leaves none to train on")
    return float(test_ratio)


def split_rows(n_rows: int, test_ratio: float, rng: np.random.Generator):
    """(train, test) row indices: a seeded shuffle whose last round(n·ratio) rows are test.

    With a ratio of 0 nothing is shuffled, so the data keeps its file order.
    """
    if test_ratio == 0:
        return np.arange(n_rows), np.arange(0)
    order = rng.permutation(n_rows)
    n_train = n_rows - round(n_rows * test_ratio)
    return order[:n_train], order[n_train:]


def scale_inputs(x: np.ndarray, train_rows: np.ndarray, scaling: str, field: str) -> np.ndarray:
    """Scale every row with a scaler fitted on the training rows only (no test leakage)."""
    if scaling == "none":
        return x
    if scaling == "minmax":
        from sklearn.preprocessing import MinMaxScaler as Scaler
    else:
        from sklearn.preprocessing import StandardScaler as Scaler
    try:
        with np.errstate(over="raise"):  # else sklearn warns and returns wrong numbers
            return Scaler().fit(x[train_rows]).transform(x)
    except FloatingPointError:
        raise ValidationError(field, f"the inputs are too large for {scaling} scaling "
                                     f"(overflow); rescale them first") from None


def class_targets(labels: np.ndarray, n_classes: int, one_hot: bool) -> np.ndarray:
    """One-hot columns, or for two classes and one_hot=False a single 0/1 column."""
    if not one_hot:
        return labels.astype(np.float64).reshape(-1, 1)
    return np.eye(n_classes)[labels]


def _check_n_points(name: str, spec: DatasetSpec, n_points) -> int:
    if n_points is None:
        return spec.n_points
    if not _is_int(n_points):
        raise ValidationError("data.n_points", f"must be an integer, got {n_points!r}")
    if spec.n_available is not None and not spec.subsample and n_points != spec.n_available:
        raise ValidationError("data.n_points", f"{name} always has its {spec.n_available} "
                                               f"points; leave n_points unset")
    high = spec.n_available or MAX_POINTS
    if not 1 <= n_points <= high:
        raise ValidationError("data.n_points", f"must be between 1 and {high:,} for {name}, "
                                               f"got {n_points}")
    return int(n_points)


def _check_noise(name: str, spec: DatasetSpec, noise) -> float:
    if noise is None:
        return spec.noise
    if not _is_real(noise) or not math.isfinite(noise) or not 0 <= noise <= 1:
        raise ValidationError("data.noise", f"must be between 0 and 1, got {noise!r}")
    if spec.n_available is not None and noise != 0:
        raise ValidationError("data.noise", f"{name} is fixed data and takes no noise; "
                                            f"leave noise unset")
    return float(noise)


def make_dataset(name, *, n_points=None, noise=None, test_ratio=None, seed=0) -> Dataset:
    """Build a built-in dataset; None takes that dataset's default. Same arguments, same arrays."""
    spec = DATASETS.get(name) if isinstance(name, str) else None
    if spec is None:
        raise ValidationError("data.name", f"unknown dataset {name!r}; "
                                           f"known: {', '.join(DATASETS)}")
    n = _check_n_points(name, spec, n_points)
    noise = _check_noise(name, spec, noise)
    test_ratio = check_test_ratio(spec.test_ratio if test_ratio is None else test_ratio, n,
                                  "data.test_ratio")
    seed = check_seed(seed, "data.seed")

    rng = np.random.default_rng(seed)
    x, y = spec.generate(n, noise, rng)
    train, test = split_rows(n, test_ratio, rng)
    if spec.standardize:
        x = scale_inputs(x, train, "standard", "data")
    if spec.problem == "classification":
        assert spec.class_names is not None  # every classification spec names its classes
        n_classes = len(spec.class_names)
        y = class_targets(y, n_classes, one_hot=n_classes > 2)
        target_names = spec.class_names if n_classes > 2 else spec.target_names
    else:
        target_names = spec.target_names
    return Dataset(
        name=name, x_train=x[train], y_train=y[train], x_test=x[test], y_test=y[test],
        problem=spec.problem, feature_names=spec.feature_names, target_names=target_names,
        class_names=spec.class_names, image_shape=spec.image_shape,
        params={"name": name, "n_points": n, "noise": noise, "test_ratio": test_ratio,
                "seed": seed},
    )
