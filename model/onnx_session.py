"""An ONNX model as a session: its network, plus data and a loss the file does not carry.

ONNX holds the network only. The data comes from another session file (its ``data`` and
``training`` sections), a named built-in dataset, or — when neither is given — the first
built-in dataset whose input and output widths fit (regression data first for an output
that is not a sigmoid or softmax). The loss defaults to cross-entropy after a sigmoid or
softmax output and to quadratic otherwise (or to the loss Backprop Studio wrote into its
own export). ``notes`` says what was chosen, so the user is never surprised.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from model.datasets import DATASETS, make_dataset
from model.errors import ValidationError
from model.losses import LOSSES
from model.network import Network
from model.onnx_import import OnnxNetwork, read_onnx
from model.optimizers import OptimizerSettings
from model.session_file import SessionSpec, TrainingSettings, check_fits, load_session

PROBABILITY_OUTPUTS = ("sigmoid", "softmax")


def default_loss(output_activation: str) -> str:
    return "cross_entropy" if output_activation in PROBABILITY_OUTPUTS else "quadratic"


def dataset_widths(name: str) -> tuple[int, int]:
    """(inputs, outputs) of a built-in dataset, without building it."""
    spec = DATASETS[name]
    if spec.problem == "regression":
        return len(spec.feature_names), len(spec.target_names)
    assert spec.class_names is not None  # every classification dataset names its classes
    n_classes = len(spec.class_names)
    return len(spec.feature_names), 1 if n_classes == 2 else n_classes


def pick_dataset(n_in: int, n_out: int, output_activation: str) -> str | None:
    """The first built-in dataset whose widths fit the network, or None."""
    fitting = [name for name in DATASETS if name != "perceptron7"
               and dataset_widths(name) == (n_in, n_out)]
    if output_activation in PROBABILITY_OUTPUTS:  # targets must be probabilities
        fitting = [n for n in fitting if DATASETS[n].problem == "classification"]
    else:
        fitting.sort(key=lambda n: DATASETS[n].problem != "regression")
    return fitting[0] if fitting else None


def onnx_session(path: str | os.PathLike, data_from: str | os.PathLike | None = None,
                 dataset: str | None = None, loss: str | None = None
                 ) -> tuple[SessionSpec, list[str]]:
    """The session an ONNX file opens as, and notes on what was dropped or chosen.

    Raises ValidationError (naming the file, or ``--data-from``/``--dataset``/``--loss``)
    for anything that does not fit; a CSV path from ``data_from`` is made absolute.
    """
    if data_from is not None and dataset is not None:
        raise ValidationError("--dataset", "give --data-from or --dataset, not both")
    onnx_net = read_onnx(path)
    notes = list(onnx_net.notes)
    network = _network(onnx_net, loss, notes)
    name = Path(path).name
    if data_from is not None:
        spec = _data_from(Path(data_from), network, name)
    else:
        spec = _built_in(dataset, network, name, notes)
    return spec, notes


def _network(onnx_net: OnnxNetwork, loss: str | None, notes: list[str]) -> Network:
    out = onnx_net.activations[-1]
    if loss is None:
        saved = onnx_net.loss in LOSSES
        loss = onnx_net.loss if saved else default_loss(out)
        why = "as Backprop Studio saved it" if saved else f"after the {out} output"
        notes.append(f"loss: {loss}, {why} (choose another with --loss)")
    assert loss is not None
    try:
        return Network.create(list(onnx_net.sizes), list(onnx_net.activations), loss,
                              weights=onnx_net.weights, biases=onnx_net.biases)
    except ValidationError as err:
        field = "--loss" if err.field == "network.loss" else err.field
        raise ValidationError(field, err.problem) from None


def _data_from(path: Path, network: Network, name: str) -> SessionSpec:
    try:
        other = load_session(path)
    except ValidationError as err:
        raise ValidationError("--data-from", str(err)) from None
    source = dict(other.data_source)
    if "csv" in source:
        source["csv"] = str((path.parent / source["csv"]).resolve())
    spec = SessionSpec(network, "small_random", 0, replace(other.training, epochs_done=0),
                       other.data, source, raw_data=other.raw_data, features=other.features)
    _fits(spec, f"--data-from {path.name}", name)
    return spec


def _built_in(dataset: str | None, network: Network, name: str, notes: list[str]):
    n_in, n_out = network.sizes[0], network.sizes[-1]
    out = network.activations[-1].name
    where = "--dataset"
    if dataset is None:
        dataset = pick_dataset(n_in, n_out, out)
        if dataset is None:
            raise ValidationError("data", f"no built-in dataset has {n_in} inputs and {n_out} "
                                          f"outputs like {name}'s network; give --data-from "
                                          "SESSION.json with data of that shape")
        notes.append(f"data: the built-in dataset {dataset!r}, {n_in} inputs and {n_out} "
                     f"output{'s' * (n_out > 1)} (choose other data with --data-from or "
                     "--dataset)")
        where = "data"
    if not isinstance(dataset, str) or dataset not in DATASETS:
        raise ValidationError("--dataset", f"unknown dataset {dataset!r}; known: "
                                           f"{', '.join(DATASETS)}")
    spec = SessionSpec(network, "small_random", 0, TrainingSettings(OptimizerSettings()),
                       make_dataset(dataset), {"dataset": dataset})
    _fits(spec, where if where == "data" else f"--dataset {dataset}", name)
    return spec


def _fits(spec: SessionSpec, where: str, name: str) -> None:
    try:
        check_fits(spec.network, spec.data)
    except ValidationError as err:
        n_in, n_out = spec.network.sizes[0], spec.network.sizes[-1]
        x, y = spec.data.x_train.shape[1], spec.data.y_train.shape[1]
        problem = (f"its samples have {x} inputs and {y} outputs but {name}'s network takes "
                   f"{n_in} and gives {n_out}") if (x, y) != (n_in, n_out) else err.problem
        raise ValidationError(where, problem) from None
