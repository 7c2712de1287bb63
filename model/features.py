"""TensorFlow Playground's input features: extra columns computed from a 2-D point (x₁, x₂).

A network on the plane can only draw what its inputs let it draw; giving it x₁², x₁x₂ or
sin x₁ shows how a feature can do the work of a hidden layer. Whatever order the names come
in, columns are always in the canonical ``FEATURES`` order, so the same set of features
always means the same input neurons (in a dataset, a network and a decision map alike).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from model.datasets import Dataset
from model.errors import ValidationError

FeatureFn = Callable[[np.ndarray], np.ndarray]

FEATURES: dict[str, tuple[str, FeatureFn]] = {
    "x1": ("x₁", lambda x: x[:, 0]),
    "x2": ("x₂", lambda x: x[:, 1]),
    "x1^2": ("x₁²", lambda x: x[:, 0] ** 2),
    "x2^2": ("x₂²", lambda x: x[:, 1] ** 2),
    "x1x2": ("x₁x₂", lambda x: x[:, 0] * x[:, 1]),
    "sin_x1": ("sin x₁", lambda x: np.sin(x[:, 0])),
    "sin_x2": ("sin x₂", lambda x: np.sin(x[:, 1])),
}
DEFAULT_FEATURES = ("x1", "x2")


def check_features(names, field: str = "data.features") -> tuple[str, ...]:
    """Known, distinct feature keys (at least one), returned in canonical order."""
    known = ", ".join(FEATURES)
    if isinstance(names, str) or not isinstance(names, list | tuple) or not names:
        raise ValidationError(field, f"must be a non-empty list of features from: {known}; "
                                     f"got {names!r}")
    for i, name in enumerate(names):
        if not isinstance(name, str) or name not in FEATURES:
            raise ValidationError(f"{field}[{i}]", f"unknown feature {name!r}; known: {known}")
        if name in names[:i]:
            raise ValidationError(f"{field}[{i}]", f"{name!r} is listed twice")
    return tuple(key for key in FEATURES if key in names)


def labels(names) -> tuple[str, ...]:
    """The display labels of the (checked, canonically ordered) features."""
    return tuple(FEATURES[key][0] for key in check_features(names))


def expand(x, names) -> np.ndarray:
    """The feature columns of points x (n, 2): (n, len(names)) float64, canonical order."""
    keys = check_features(names)
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValidationError("data.features", f"features are computed from 2 inputs "
                                               f"(x₁, x₂); got points of shape {x.shape}")
    out = np.empty((x.shape[0], len(keys)))
    for col, key in enumerate(keys):
        out[:, col] = FEATURES[key][1](x)
    return out


def apply_features(dataset: Dataset, names) -> Dataset:
    """The dataset with its 2 input columns replaced by the chosen features; targets kept."""
    keys = check_features(names)
    n_cols = dataset.x_train.shape[1]
    if n_cols != 2:
        raise ValidationError("data.features", f"features need a dataset with exactly 2 input "
                                               f"columns (x₁, x₂); {dataset.name} has {n_cols}")
    return dataclasses.replace(
        dataset,
        x_train=expand(dataset.x_train, keys),
        x_test=expand(dataset.x_test, keys),
        feature_names=labels(keys),
        image_shape=None,
    )
