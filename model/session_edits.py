"""Edits a user makes to a session (data, input features, architecture), as pure functions.

Each takes the session as it stands (a ``SessionSpec`` whose network holds the parameters at
the cursor) and returns a new, complete, validated spec; the old one is never changed, so
the app can keep it for Undo. The network keeps every parameter that still connects the
same neurons (``model.architecture.rebuild``); what is new starts from the seeded
initialiser. A change of data adapts the input and output layers to the new data.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from model.architecture import rebuild
from model.datasets import Dataset
from model.errors import ValidationError
from model.features import DEFAULT_FEATURES, apply_features, check_features
from model.network import Network
from model.session_file import SessionSpec, check_fits

FRESH_VIEW = {"sample": 0, "step": 0}


def _input_keys(spec_features: tuple[str, ...], width: int) -> tuple[str, ...] | None:
    """Names of the input neurons when they are features of the plane, else None."""
    if spec_features:
        return spec_features
    return DEFAULT_FEATURES if width == 2 else None


def _output_rule(net: Network, data: Dataset) -> tuple[str, str, bool]:
    """(output activation, loss, keep the old output layer) for ``net`` on ``data``."""
    n_out = data.y_train.shape[1]
    act, loss = net.activations[-1].name, net.loss.name
    if n_out == net.sizes[-1]:
        if data.problem == "regression" and act in ("sigmoid", "softmax"):
            return "linear", "mse", False
        return act, loss, True
    if data.problem == "regression":
        return "linear", "mse", False
    if n_out > 1:
        return "softmax", "cross_entropy", False
    if act in ("sigmoid", "tanh", "step"):
        return act, ("quadratic" if act == "tanh" and loss == "cross_entropy" else loss), False
    return "sigmoid", loss, False


def with_data(spec: SessionSpec, raw: Dataset, source: dict,
              features: tuple[str, ...] | list[str] = ()) -> SessionSpec:
    """The session on other data: inputs follow the data (and features), outputs its targets."""
    source = {k: v for k, v in source.items() if k != "features"}
    features = tuple(features)
    if features and tuple(check_features(features)) != DEFAULT_FEATURES:
        features = check_features(features)
        data = apply_features(raw, features)
        source["features"] = list(features)
    else:
        features, data = (), raw
    net = spec.network
    old_keys = _input_keys(spec.features, net.sizes[0])
    new_keys = _input_keys(features, data.x_train.shape[1])
    n_in = data.x_train.shape[1]
    if old_keys is not None and new_keys is not None:
        input_map = np.array([old_keys.index(k) if k in old_keys else -1 for k in new_keys])
    elif n_in == net.sizes[0] and raw.feature_names == spec.data.feature_names:
        input_map = np.arange(n_in)
    else:
        input_map = np.full(n_in, -1)

    out_act, loss, keep_output = _output_rule(net, data)
    sizes = (n_in, *net.sizes[1:-1], data.y_train.shape[1])
    activations = [a.name for a in net.activations[:-1]] + [out_act]
    last = len(sizes) - 1
    origins: list[tuple[int, np.ndarray] | None] = [(0, input_map)]
    origins += [(i, np.arange(sizes[i])) for i in range(1, last)]
    origins.append((last, np.arange(sizes[last])) if keep_output else None)
    if len(sizes) == 2 and not keep_output:  # a single layer: the input map still applies
        origins[-1] = None
    new_net = rebuild(net, sizes, activations, loss, spec.init, spec.init_seed, origins)
    check_fits(new_net, data)
    return replace(spec, network=new_net, data=data, data_source=source, view=dict(FRESH_VIEW),
                   raw_data=raw if features else None, features=features)


def with_features(spec: SessionSpec, features) -> SessionSpec:
    """The same data seen through other input features (2-D data only)."""
    raw = spec.plane_data
    if raw is None:
        raise ValidationError("data.features", "input features need data with 2 inputs "
                                               f"(x₁, x₂); this data has "
                                               f"{spec.data.x_train.shape[1]}")
    return with_data(spec, raw, spec.data_source, check_features(features))


def with_network(spec: SessionSpec, sizes, activations, origins, *, loss: str | None = None,
                 init: str | None = None, seed: int | None = None) -> SessionSpec:
    """Another architecture over the same data; ``origins`` as in ``model.architecture``."""
    init = spec.init if init is None else init
    seed = spec.init_seed if seed is None else seed
    loss = spec.network.loss.name if loss is None else loss
    new_net = rebuild(spec.network, sizes, activations, loss, init, seed, origins)
    check_fits(new_net, spec.data)
    return replace(spec, network=new_net, init=init, init_seed=seed, view=dict(FRESH_VIEW))


def reinitialised(spec: SessionSpec, init: str | None = None,
                  seed: int | None = None) -> SessionSpec:
    """Fresh seeded parameters for the same architecture (nothing kept)."""
    net = spec.network
    return with_network(spec, net.sizes, [a.name for a in net.activations],
                        [None] * len(net.sizes), init=init, seed=seed)
