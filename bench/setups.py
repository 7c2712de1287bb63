"""The sessions the bench runs, written as session-file objects (docs/formats.md).

Playground's two setups copy TensorFlow Playground's defaults; the four named networks are
the issue's. The 784-wide ones train on random inline data of the right shape (784 inputs,
10 one-hot classes): the diagram's cost depends on the shape, not on what the pixels are.
"""

from __future__ import annotations

import numpy as np

from model.session_file import SessionSpec, parse_session

# Playground's epochs/s by ../shared/playground/measure.sh on this machine (issue 21); a
# stored figure, quoted only when the bench does not measure it (--vs-playground).
PLAYGROUND_REFERENCE = {"default": 47.5, "spiral": 13.7}
NETWORKS = ("2-8-8-1", "64-32-10", "784-128-10", "784-256-128-10")
SMALL_NETWORKS = NETWORKS[:2]  # the ones trained live and stepped through
INLINE_SAMPLES = 64  # rows of random 784-wide data


def _playground(hidden: list[int], dataset: str) -> dict:
    """Playground's classification defaults: tanh everywhere, squared loss, rate 0.03.

    Playground's output is tanh with ½(a − y)² on labels ±1; here the same tanh output and
    the app's quadratic loss (the same ½‖y − a‖²) on the app's labels 0/1.
    """
    return {
        "network": {"layers": [2, *hidden, 1], "activations": "tanh", "loss": "quadratic",
                    "init": "xavier", "seed": 0},
        "training": {"optimizer": "sgd", "learning_rate": 0.03, "batch_size": 10, "seed": 0},
        "data": {"dataset": dataset, "n_points": 500, "test_ratio": 0.5, "noise": 0.0,
                 "seed": 0, "features": ["x1", "x2"]},
    }


def playground_default() -> dict:
    """Circle, 500 points, half for training, batch 10, hidden 4-2, tanh, features x1, x2."""
    return _playground([4, 2], "circle")


def playground_spiral() -> dict:
    """Spiral, 500 points, half for training, batch 10, six hidden layers of 8, tanh."""
    return _playground([8] * 6, "spiral")


def _classifier(layers: list[int], batch: int, rate: float) -> tuple[dict, dict]:
    hidden = ["tanh"] * (len(layers) - 2)
    output = "sigmoid" if layers[-1] == 1 else "softmax"
    network = {"layers": layers, "activations": [*hidden, output], "loss": "cross_entropy",
               "init": "xavier", "seed": 0}
    training = {"optimizer": "sgd", "learning_rate": rate, "batch_size": batch, "seed": 0}
    return network, training


def _random_inline(n_inputs: int, n_classes: int, rows: int) -> dict:
    rng = np.random.default_rng(0)
    x = rng.random((rows, n_inputs)).round(3)
    y = np.eye(n_classes)[rng.integers(0, n_classes, rows)]
    return {"inputs": x.tolist(), "targets": y.tolist(), "problem": "classification"}


def network_object(name: str) -> dict:
    """The session object for one of ``NETWORKS``."""
    layers = [int(n) for n in name.split("-")]
    if name == "2-8-8-1":
        network, training = _classifier(layers, batch=10, rate=0.1)
        data = {"dataset": "circle", "n_points": 500, "test_ratio": 0.5, "seed": 0}
    elif name == "64-32-10":
        network, training = _classifier(layers, batch=32, rate=0.1)
        data = {"dataset": "digits", "seed": 0}
    elif layers[0] == 784:
        network, training = _classifier(layers, batch=10, rate=0.1)
        data = _random_inline(784, layers[-1], INLINE_SAMPLES)
    else:
        raise KeyError(name)
    return {"network": network, "training": training, "data": data}


def spec(obj: dict) -> SessionSpec:
    """A validated spec (a fresh one each call: sessions own and change their network)."""
    return parse_session(obj)
