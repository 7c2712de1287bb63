"""The network actions lesson format 2 added for Record mode (docs/formats.md, "Lesson files").

``RECORDED`` is their argument table (merged into ``app.lessons._ACTIONS["network"]``):
``select_edge`` {layer, j, k}, ``docks`` {show}, ``scale`` {mode}, ``set_data`` {dataset,
n_points, noise, test_ratio, seed, features} and ``set_architecture`` {layers, activations}.
Two of them change the network a later step sees, so the loader walks the lesson's session
through its steps (``advance``): a later ``select`` or ``{z[3][2]}`` is checked against the
network as it is then, with the same pure edits the Session makes (model/session_edits.py).
"""

from __future__ import annotations

from app.lesson_arguments import DOCKS, distinct_names, unchecked
from model.architecture import resize_layers
from model.datasets import DATASETS, make_dataset
from model.errors import ValidationError
from model.features import DEFAULT_FEATURES, check_features

__all__ = ["DEFAULT_FEATURES", "RECORDED", "REQUIRED", "advance", "data_params",
           "wanted_features"]
from model.session_edits import with_data, with_network
from model.session_file import SessionSpec
from model.stepview import check_steppable
from model.validate import check_int

SCALES = ("layer", "network", "locked")  # app.session_view.SCALE_MODES (QtCore-free here)
DATA_ARGS = ("n_points", "noise", "test_ratio", "seed")  # a session file's data keys
REQUIRED = object()  # an argument without a default


def _choice(known, what):
    def check(field, v):
        if not isinstance(v, str) or v not in known:
            raise ValidationError(field, f"unknown {what} {v!r}; known: {', '.join(known)}")
        return v
    return check


def _dock_list(field, v):
    return list(distinct_names(field, v, DOCKS, "dock names", "dock", empty_ok=True))


def _number_or_null(field, v):
    if v is not None and (isinstance(v, bool) or not isinstance(v, int | float)):
        raise ValidationError(field, f"must be a number or null, got {v!r}")
    return v


def _features(field, v):
    return list(check_features(v, field)) if v != [] else []


def _name_list(field, v):
    if not isinstance(v, list) or not v or not all(isinstance(x, str) for x in v):
        raise ValidationError(field, f"must be a non-empty list of activation names, got {v!r}")
    return list(v)


def _int_list(field, v):
    if not isinstance(v, list) or len(v) < 2:
        raise ValidationError(field, f"must be a list of at least 2 layer sizes, got {v!r}")
    return [check_int(f"{field}[{i}]", n, low=1, high=1_000_000) for i, n in enumerate(v)]


# action -> {argument: (checker, default; "required" when it must be given)}
RECORDED: dict[str, dict] = {
    "select_edge": {"layer": (unchecked, REQUIRED), "j": (unchecked, REQUIRED),
                    "k": (unchecked, REQUIRED)},
    "docks": {"show": (_dock_list, REQUIRED)},
    "scale": {"mode": (_choice(SCALES, "colour scale"), REQUIRED)},
    "set_data": {"dataset": (_choice(tuple(DATASETS), "dataset"), REQUIRED),
                 "n_points": (_number_or_null, None), "noise": (_number_or_null, None),
                 "test_ratio": (_number_or_null, None), "seed": (unchecked, None),
                 "features": (_features, None)},
    "set_architecture": {"layers": (_int_list, REQUIRED),
                         "activations": (_name_list, REQUIRED)},
}


def check_edge(where: str, action: dict, sizes) -> None:
    """``layer`` 2..L, ``j`` and ``k`` 0-based within it and the layer before (as set_weight)."""
    layer = check_int(f"{where}.layer", action["layer"], low=2, high=len(sizes))
    check_int(f"{where}.j", action["j"], high=sizes[layer - 1] - 1)
    check_int(f"{where}.k", action["k"], high=sizes[layer - 2] - 1)


def advance(where: str, action: dict, spec: SessionSpec) -> SessionSpec:
    """The lesson's session after ``action`` as far as later steps' checks care (its
    network and data); ValidationError naming ``where``'s field if the edit is refused."""
    do = action["do"]
    if do == "select_edge":
        check_edge(where, action, spec.network.sizes)
    if do == "set_architecture":
        return _renamed(where, "layers", lambda: architecture_spec(spec, action))
    if do == "set_data":
        return _renamed(where, "dataset", lambda: data_spec(spec, action))
    return spec


def architecture_spec(spec: SessionSpec, action: dict) -> SessionSpec:
    sizes, acts, origins = resize_layers(spec.network, action["layers"], action["activations"])
    new = with_network(spec, sizes, acts, origins)
    check_steppable(new.network)
    return new


def data_params(action: dict) -> dict:
    """``make_dataset``'s keyword arguments from a ``set_data`` action (null: the default)."""
    return {k: action[k] for k in DATA_ARGS if action.get(k) is not None}


def wanted_features(action: dict, spec: SessionSpec, n_inputs: int) -> tuple[str, ...]:
    """The input features a ``set_data`` leaves in force: the action's, else those kept
    (2-D data keeps the session's, as the Data dock does)."""
    if action.get("features") is not None:
        return tuple(action["features"]) or (DEFAULT_FEATURES if n_inputs == 2 else ())
    return spec.features if n_inputs == 2 else ()


def data_spec(spec: SessionSpec, action: dict) -> SessionSpec:
    raw = make_dataset(action["dataset"], **data_params(action))
    source = {"dataset": action["dataset"],
              **{k: v for k, v in raw.params.items() if k != "name"}}
    new = with_data(spec, raw, source, wanted_features(action, spec, raw.x_train.shape[1]))
    check_steppable(new.network)
    return new


_FIELDS = {"name": "dataset", "n_points": "n_points", "noise": "noise",
           "test_ratio": "test_ratio", "seed": "seed", "features": "features",
           "layers": "layers", "activations": "activations"}


def _renamed(where: str, default: str, make):
    """``make()``, its refusal re-addressed to the step's argument (``steps[4].noise``)."""
    try:
        return make()
    except ValidationError as err:
        parts = err.field.replace("[", ".[").split(".")
        key = next((_FIELDS[p] for p in reversed(parts) if p in _FIELDS), default)
        raise ValidationError(f"{where}.{key}", err.problem) from None
