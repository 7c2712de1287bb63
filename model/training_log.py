"""The training log: one row per epoch of costs, accuracies and per-layer norms, as CSV.

Columns (docs/formats.md): ``epoch, train_cost, test_cost, train_accuracy, test_accuracy``,
then ``grad_norm_l`` for l = 2..L, then ``weight_norm_l`` for l = 2..L. Every number is
taken at the parameters reached at the end of that epoch:

- ``train_cost``: the training cost over the whole training set (data term, no regulariser);
- ``test_cost``: the same over the test set (empty without test data);
- the accuracies: classification only (empty for regression, or without test data);
- ``grad_norm_l``: ‖∂C/∂W⁽ˡ⁾‖ (Frobenius) of the whole-training-set cost, batch-mean
  convention (BP4 averaged over all the training samples);
- ``weight_norm_l``: ‖W⁽ˡ⁾‖ (Frobenius).

Numbers are written exactly (``repr``), so a row read back is the float computed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from model.confusion import confusion
from model.datasets import Dataset
from model.flow import frobenius
from model.metrics import METRICS, Score, metric_for
from model.network import Network

HEAD = ("epoch", "train_cost", "test_cost", "train_accuracy", "test_accuracy")


@dataclass(frozen=True)
class EpochRow:
    """One epoch's line of the log; None where a number is not defined."""

    epoch: int
    train_cost: float
    test_cost: float | None
    train_accuracy: float | None
    test_accuracy: float | None
    grad_norms: tuple[float, ...]  # l = 2..L
    weight_norms: tuple[float, ...]

    def cells(self) -> list[str]:
        return [str(self.epoch), *(_cell(v) for v in (
            self.train_cost, self.test_cost, self.train_accuracy, self.test_accuracy,
            *self.grad_norms, *self.weight_norms))]


def _cell(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def header(n_layers: int) -> list[str]:
    """The column names for a network of ``n_layers`` layers (L, the input counted)."""
    layers = range(2, n_layers + 1)
    return [*HEAD, *(f"grad_norm_{l}" for l in layers), *(f"weight_norm_{l}" for l in layers)]


def epoch_row(epoch: int, net: Network, data: Dataset) -> EpochRow:
    """The log's row for ``net`` as it stands after ``epoch`` epochs, on ``data``.

    ``train_cost`` is computed exactly as ``net.cost(x_train, y_train)`` (the same floats),
    so the Loss dock's per-epoch curve and the log agree to the last bit."""
    return epoch_record(epoch, net, data, metric_for(data.problem)).row


@dataclass(frozen=True)
class EpochRecord:
    """After an epoch: the log's row and the whole sets' scores, from one forward pass of
    each set (``score`` of the same network gives the same floats)."""

    row: EpochRow
    train: Score
    test: Score | None  # None without test data


def epoch_record(epoch: int, net: Network, data: Dataset, metric: str) -> EpochRecord:
    """The log's row of ``epoch_row`` and ``metric`` scores of both sets, each set's
    outputs computed once (the window records one after every epoch it is shown)."""
    classify = data.problem == "classification"
    test_cost = test_accuracy = None
    test_score = None
    with np.errstate(all="ignore"):
        zs, acts = net.forward(data.x_train)
        y_train = np.asarray(data.y_train, dtype=float)
        train_cost = net.loss.value(acts[-1], y_train)
        grad_w, _grad_b = net.gradients(acts, net.backward(zs, acts, y_train))
        train_score = Score(float(train_cost), METRICS[metric](acts[-1], y_train))
        if len(data.x_test):
            y_test = np.asarray(data.y_test, dtype=float)
            test_out = net.predict(data.x_test)
            test_cost = net.loss.value(test_out, y_test)
            test_accuracy = confusion(test_out, y_test).accuracy if classify else None
            test_score = Score(float(test_cost), METRICS[metric](test_out, y_test))
        grads = tuple(frobenius(g) for g in grad_w)
    row = EpochRow(
        int(epoch), float(train_cost), test_cost,
        confusion(acts[-1], y_train).accuracy if classify else None, test_accuracy,
        grads, tuple(frobenius(w) for w in net.weights),
    )
    return EpochRecord(row, train_score, test_score)


def log_csv(rows: Iterable[EpochRow], n_layers: int) -> str:
    """The log file's text: the header and one line per row."""
    lines = [",".join(header(n_layers)), *(",".join(r.cells()) for r in rows)]
    return "\n".join(lines) + "\n"
