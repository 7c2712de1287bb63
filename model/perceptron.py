"""Rosenblatt's perceptron: step activation and the rule w ← w + η(y − f(x))x, bias folded in.

With the bias folded in, x̃ = (1, x₁, …, x_d) and w̃ = (b, w₁, …, w_d), so f(x) = step(w̃·x̃)
and one rule updates the bias and the weights together. Every presentation of a sample is
recorded, whether or not it changed anything, so a lesson can show each one. Outputs are
handled independently, vectorised over them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.activations import ACTIVATIONS
from model.network import Network

Array = np.ndarray

step = ACTIVATIONS["step"].fn


@dataclass(frozen=True)
class PerceptronUpdate:
    """One presentation of one sample: what the perceptron said and what the rule did."""

    epoch: int
    index: int  # sample index
    x: Array  # (d,)
    y: Array  # (m,)
    prediction: Array  # f(x), (m,)
    weights_before: Array  # w̃ = (b, w): (m, d + 1)
    weights_after: Array

    @property
    def changed(self) -> bool:
        return bool(np.any(self.prediction != self.y))

    @property
    def caption(self) -> str:
        if not self.changed:
            return f"Sample {self.index + 1} is already right: nothing changes."
        return (f"Sample {self.index + 1} is wrong (f(x) = {self.prediction.tolist()}, "
                f"y = {self.y.tolist()}): w ← w + η(y − f(x))x.")


@dataclass(frozen=True)
class PerceptronRun:
    updates: list[PerceptronUpdate]
    converged: bool  # an epoch passed with no mistake
    epochs: int  # epochs run


def train_perceptron(net: Network, x: Array, y: Array, learning_rate: float = 1.0,
                     max_epochs: int = 100) -> PerceptronRun:
    """Apply the perceptron rule sample by sample, in order, until an epoch has no mistake.

    ``net`` must be a single-layer network with the step activation; its parameters are
    updated in place. Stops after ``max_epochs`` if the data are not linearly separable.
    """
    if not net.is_perceptron:
        raise ValueError("the perceptron rule needs a single-layer network with the step "
                         "activation")
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.hstack([net.biases[0][:, None], net.weights[0]])  # (m, d + 1)
    updates: list[PerceptronUpdate] = []
    converged, epoch = False, 0
    while epoch < max_epochs and not converged:
        mistakes = 0
        for i in range(len(x)):  # the rule is sequential by definition: one sample at a time
            xt = np.concatenate([[1.0], x[i]])
            pred = step(w @ xt)
            before = w.copy()
            err = y[i] - pred
            if np.any(err):
                mistakes += 1
                w += learning_rate * np.outer(err, xt)
            updates.append(PerceptronUpdate(epoch, i, x[i], y[i], pred, before, w.copy()))
        epoch += 1
        converged = mistakes == 0
    net.biases[0][...] = w[:, 0]
    net.weights[0][...] = w[:, 1:]
    return PerceptronRun(updates, converged, epoch)
