"""How good the network is on a whole set, beside its cost: accuracy or R² (pure numpy).

A cost is what training lowers; a student asks "how many are right?" (classification) or
"how much of the target does it explain?" (regression). ``score`` gives both from one
forward pass, so recording them after each epoch costs no more than the cost alone did.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.network import Network

ACCURACY, R2 = "accuracy", "r2"


def metric_for(problem: str) -> str:
    """The metric a problem is judged by: accuracy for classification, R² for regression."""
    return ACCURACY if problem == "classification" else R2


def accuracy(outputs: np.ndarray, targets: np.ndarray) -> float:
    """Fraction of rows classified right: one output column, a > ½ against y > ½; several,
    the largest output against the largest target. NaN for no rows."""
    a, y = np.asarray(outputs, float), np.asarray(targets, float)
    if not len(a):
        return float("nan")
    if a.shape[1] == 1:
        return float(np.mean((a > 0.5) == (y > 0.5)))
    return float(np.mean(np.argmax(a, axis=1) == np.argmax(y, axis=1)))


def r_squared(outputs: np.ndarray, targets: np.ndarray) -> float:
    """The coefficient of determination over every target column together,
    R² = 1 − Σ(y − a)² / Σ(y − ȳ)² (ȳ per column): 1 is perfect, 0 no better than
    answering the mean, negative worse. NaN for no rows or a constant target."""
    a, y = np.asarray(outputs, float), np.asarray(targets, float)
    if not len(a):
        return float("nan")
    total = float(np.sum((y - y.mean(axis=0)) ** 2))
    if total == 0:
        return float("nan")
    return 1.0 - float(np.sum((y - a) ** 2)) / total


METRICS = {ACCURACY: accuracy, R2: r_squared}


@dataclass(frozen=True)
class Score:
    """A network's cost and metric on one whole set (NaN for both on an empty set)."""

    cost: float
    metric: float


def score(net: Network, x: np.ndarray, y: np.ndarray, metric: str) -> Score:
    """The cost (data term, as ``Network.cost``) and ``metric`` of ``net`` on (x, y), from
    one forward pass."""
    if not len(x):
        return Score(float("nan"), float("nan"))
    y = np.asarray(y, dtype=float)
    with np.errstate(all="ignore"):
        a = net.predict(x)
        return Score(float(net.loss.value(a, y)), METRICS[metric](a, y))
