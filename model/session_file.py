"""Session files (JSON, documented in docs/formats.md): load with full validation, save atomically.

``load_session`` either returns a complete ``SessionSpec`` or raises ``ValidationError``
whose message names the field (``training.batch_size: must be ≥ 1, got 0``): nothing is
half-loaded. ``save_session`` writes a temporary file beside the target and renames it, so a
crash mid-save leaves the previous file intact. No pickle, no eval: JSON only.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from model.atomic_write import atomic_write_text
from model.datasets import Dataset, make_dataset
from model.errors import ValidationError
from model.features import apply_features, check_features
from model.network import Network
from model.notation import symbol
from model.optimizers import Optimizer, OptimizerSettings
from model.training import Trainer
from model.validate import check_file, check_int, float_array

FORMAT = "backprop-studio-session"
VERSION = 1
MAX_SESSION_BYTES = 200 * 1024 * 1024
MAX_SAMPLES = 1_000_000

_TOP_KEYS = {"format", "version", "comment", "network", "training", "data", "view"}
_NETWORK_KEYS = {"layers", "activations", "loss", "init", "seed", "weights", "biases"}
_TRAINING_KEYS = {"optimizer", "learning_rate", "batch_size", "momentum", "beta1", "beta2",
                  "epsilon", "regularization", "regularization_rate", "seed", "shuffle",
                  "epochs_done", "perceptron_max_epochs"}
_INLINE_KEYS = {"inputs", "targets", "test_inputs", "test_targets", "problem",
                "feature_names", "target_names", "features"}
_DATASET_KEYS = {"dataset", "n_points", "noise", "test_ratio", "seed", "features"}
_CSV_KEYS = {"csv", "header", "input_columns", "target_columns", "problem", "one_hot",
             "scaling", "test_ratio", "seed", "delimiter", "features"}


@dataclass(frozen=True)
class TrainingSettings:
    """How a session trains: the optimiser's settings plus batching and shuffling."""

    optimizer: OptimizerSettings
    batch_size: int = 10
    seed: int = 0
    shuffle: bool = True
    epochs_done: int = 0
    perceptron_max_epochs: int = 100

    def to_dict(self) -> dict:
        return {**self.optimizer.to_dict(), "batch_size": self.batch_size, "seed": self.seed,
                "shuffle": self.shuffle, "epochs_done": self.epochs_done,
                "perceptron_max_epochs": self.perceptron_max_epochs}


@dataclass
class SessionSpec:
    """A validated session: the network, how it trains, its data and what the view showed."""

    network: Network
    init: str
    init_seed: int
    training: TrainingSettings
    data: Dataset
    data_source: dict  # the file's ``data`` section as it should be written back
    view: dict = field(default_factory=lambda: {"sample": 0, "step": 0})
    path: Path | None = None
    raw_data: Dataset | None = None  # the 2-D data before ``features`` were computed from it
    features: tuple[str, ...] = ()  # input features (model.features); () = the data as is

    @property
    def plane_data(self) -> Dataset | None:
        """The data as points of the input plane, when it has one (2-D inputs)."""
        if self.raw_data is not None:
            return self.raw_data
        return self.data if self.data.x_train.shape[1] == 2 else None

    def make_trainer(self) -> Trainer:
        """A trainer over the training split, seeded as the file says."""
        return Trainer(self.network, Optimizer(self.training.optimizer), self.data.x_train,
                       self.data.y_train, self.training.batch_size, self.training.seed,
                       self.training.shuffle)

    def to_json(self) -> dict:
        net = self.network
        return {
            "format": FORMAT,
            "version": VERSION,
            "network": {
                "layers": list(net.sizes),
                "activations": [a.name for a in net.activations],
                "loss": net.loss.name,
                "init": self.init,
                "seed": self.init_seed,
                "weights": [w.tolist() for w in net.weights],
                "biases": [b.tolist() for b in net.biases],
            },
            "training": self.training.to_dict(),
            "data": self.data_source,
            "view": dict(self.view),
        }


# --- loading ---------------------------------------------------------------------------------

def load_session(path: str | os.PathLike) -> SessionSpec:
    """Read, parse and validate a session file; CSV paths inside resolve beside it."""
    path = Path(path)
    check_file(path, "a session file", "session files", MAX_SESSION_BYTES)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValidationError("", f"{path}: not a text file (not UTF-8)") from None
    except OSError as err:
        raise ValidationError("", f"{path}: cannot read ({err.strerror})") from None
    spec = parse_session_text(text, base_dir=path.parent, name=str(path))
    spec.path = path
    return spec


def parse_session_text(text: str, base_dir: Path | None = None, name: str = "session"):
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValidationError(
            "", f"{name}: not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})"
        ) from None
    except RecursionError:
        raise ValidationError("", f"{name}: JSON nested too deeply") from None
    return parse_session(obj, base_dir)


def parse_session(obj, base_dir: Path | None = None) -> SessionSpec:
    """Validate a decoded session object into a SessionSpec (ValidationError on anything bad)."""
    check_keys("", obj, _TOP_KEYS, required=("network", "data"))
    if "format" in obj and obj["format"] != FORMAT:
        raise ValidationError("format", f"expected {FORMAT!r}, got {obj['format']!r}")
    if "version" in obj and obj["version"] != VERSION:
        raise ValidationError("version", f"this program reads version {VERSION}, "
                                         f"got {obj['version']!r}")
    net_obj = obj["network"]
    check_keys("network", net_obj, _NETWORK_KEYS, required=("layers", "activations"))
    init = net_obj.get("init", "small_random")  # Network.create refuses unknown names
    init_seed = check_int("network.seed", net_obj.get("seed", 0), high=2**32 - 1)
    network = Network.create(
        net_obj["layers"], net_obj["activations"], net_obj.get("loss", "quadratic"), init,
        init_seed, net_obj.get("weights"), net_obj.get("biases"),
    )
    training = _parse_training(obj.get("training", {}))
    raw, source = _parse_data(obj["data"], base_dir)
    data = raw
    features: tuple[str, ...] = ()
    if "features" in source:
        features = check_features(source["features"])
        data = apply_features(raw, features)
    check_fits(network, data)
    view = _parse_view(obj.get("view", {}), network)
    return SessionSpec(network, init, init_seed, training, data, source, view,
                       raw_data=raw if features else None, features=features)


def check_keys(where: str, obj, allowed: set[str], required: tuple[str, ...] = ()):
    """``obj`` is a JSON object with the ``required`` keys and no others than ``allowed``."""
    if not isinstance(obj, dict):
        raise ValidationError(where, f"must be a JSON object, got {type(obj).__name__}")
    for key in required:
        if key not in obj:
            raise ValidationError(f"{where}.{key}" if where else key, "is missing")
    unknown = sorted(set(obj) - allowed)
    if unknown:
        at = f"{where}.{unknown[0]}" if where else unknown[0]
        raise ValidationError(at, f"unknown key; known keys here: {', '.join(sorted(allowed))}")


def _parse_training(obj) -> TrainingSettings:
    check_keys("training", obj, _TRAINING_KEYS)
    opt_keys = set(OptimizerSettings.__dataclass_fields__)
    optimizer = OptimizerSettings(**{k: v for k, v in obj.items() if k in opt_keys})
    shuffle = obj.get("shuffle", True)
    if not isinstance(shuffle, bool):
        raise ValidationError("training.shuffle", f"must be true or false, got {shuffle!r}")
    return TrainingSettings(
        optimizer,
        batch_size=check_int("training.batch_size", obj.get("batch_size", 10), low=1,
                             high=MAX_SAMPLES),
        seed=check_int("training.seed", obj.get("seed", 0), high=2**32 - 1),
        shuffle=shuffle,
        epochs_done=check_int("training.epochs_done", obj.get("epochs_done", 0)),
        perceptron_max_epochs=check_int("training.perceptron_max_epochs",
                                        obj.get("perceptron_max_epochs", 100), low=1,
                                        high=1_000_000),
    )


def _parse_data(obj, base_dir: Path | None) -> tuple[Dataset, dict]:
    if not isinstance(obj, dict):
        raise ValidationError("data", f"must be a JSON object, got {type(obj).__name__}")
    if "dataset" in obj:
        check_keys("data", obj, _DATASET_KEYS)
        kwargs = {k: obj[k] for k in ("n_points", "noise", "test_ratio", "seed") if k in obj}
        dataset = make_dataset(obj["dataset"], **kwargs)
        return dataset, dict(obj)
    if "csv" in obj:
        from model.csv_import import load_csv  # scikit-learn's scalers come with it

        check_keys("data", obj, _CSV_KEYS)
        if not isinstance(obj["csv"], str) or not obj["csv"]:
            raise ValidationError("data.csv", "must be a file path")
        kwargs = {k: v for k, v in obj.items() if k not in ("csv", "features")}
        return load_csv(Path(obj["csv"]), base_dir=base_dir, **kwargs), dict(obj)
    check_keys("data", obj, _INLINE_KEYS, required=("inputs", "targets"))
    x = _samples(obj["inputs"], "data.inputs")
    y = _samples(obj["targets"], "data.targets")
    _same_rows(x, y, "data.targets", "data.inputs")
    if ("test_inputs" in obj) != ("test_targets" in obj):
        raise ValidationError("data.test_targets" if "test_inputs" in obj else "data.test_inputs",
                              "is missing (test inputs and targets go together)")
    if "test_inputs" in obj:
        xt = float_array(obj["test_inputs"], "data.test_inputs", (None, x.shape[1]))
        yt = float_array(obj["test_targets"], "data.test_targets", (None, y.shape[1]))
        _same_rows(xt, yt, "data.test_targets", "data.test_inputs")
    else:
        xt, yt = np.zeros((0, x.shape[1])), np.zeros((0, y.shape[1]))
    problem = obj.get("problem", "classification" if _is_labels(y) else "regression")
    if problem not in ("classification", "regression"):
        raise ValidationError("data.problem",
                              f"must be 'classification' or 'regression', got {problem!r}")
    features = _names(obj, "feature_names", x.shape[1], "x")
    targets = _names(obj, "target_names", y.shape[1], "y")
    dataset = Dataset(name="inline", x_train=x, y_train=y, x_test=xt, y_test=yt,
                      problem=problem, feature_names=features, target_names=targets,
                      params={"name": "inline"})
    return dataset, dict(obj)


def _samples(value, field: str) -> np.ndarray:
    if not isinstance(value, list) or not value:
        raise ValidationError(field, "must be a non-empty list of rows")
    if len(value) > MAX_SAMPLES:
        raise ValidationError(field, f"{len(value):,} rows; at most {MAX_SAMPLES:,} are supported")
    first = value[0]
    width = len(first) if isinstance(first, list) else None
    return float_array(value, field, (None, width))


def _same_rows(x: np.ndarray, y: np.ndarray, field: str, other: str):
    if len(x) != len(y):
        raise ValidationError(field, f"has {len(y)} rows but {other} has {len(x)}")


def _is_labels(y: np.ndarray) -> bool:
    return bool(np.all((y == 0) | (y == 1)))


def _names(obj, key: str, n: int, stem: str) -> tuple[str, ...]:
    if key not in obj:
        return tuple(str(symbol(stem, j=i)) for i in range(n))
    names = obj[key]
    if not (isinstance(names, list) and len(names) == n and all(isinstance(s, str) for s in names)):
        raise ValidationError(f"data.{key}", f"must be a list of {n} strings")
    return tuple(names)


def check_fits(net: Network, data: Dataset):
    n_in, n_out = net.sizes[0], net.sizes[-1]
    if data.x_train.shape[1] != n_in:
        raise ValidationError(
            "data.inputs", f"each sample has {data.x_train.shape[1]} inputs but the network's "
                           f"input layer has {n_in} neurons (network.layers[0])")
    if data.y_train.shape[1] != n_out:
        raise ValidationError(
            "data.targets", f"each target has {data.y_train.shape[1]} values but the network's "
                            f"output layer has {n_out} neurons (network.layers[-1])")
    if net.activations[-1].name in ("softmax",) or net.loss.name == "cross_entropy":
        y = np.concatenate([data.y_train, data.y_test])
        if np.any((y < 0) | (y > 1)):
            raise ValidationError(
                "data.targets", f"{net.loss.name} with a {net.activations[-1].name} output needs "
                                "targets between 0 and 1")


def _parse_view(obj, net: Network) -> dict:
    if not isinstance(obj, dict):
        raise ValidationError("view", "must be a JSON object")
    sample = obj.get("sample", 0)
    if sample != "mean":
        sample = check_int("view.sample", sample, high=MAX_SAMPLES)
    n_steps = 2 * net.n_layers + 2
    step = check_int("view.step", obj.get("step", 0), high=n_steps - 1)
    return {**obj, "sample": sample, "step": step}


# --- saving ----------------------------------------------------------------------------------

def save_session(spec: SessionSpec, path: str | os.PathLike) -> None:
    """Write the session as JSON atomically (temporary file in the same folder, then rename)."""
    atomic_write_text(Path(path), json.dumps(spec.to_json(), indent=1) + "\n")

