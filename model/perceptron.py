"""Rosenblatt's perceptron: step activation and the rule w ← w + η(y − f(x))x, bias folded in.

With the bias folded in, x̃ = (1, x₁, …, x_d) and w̃ = (b, w₁, …, w_d), so f(x) = step(w̃·x̃)
and one rule updates the bias and the weights together. Every presentation of a sample is
recorded, whether or not it changed anything, so a lesson can show each one. Outputs are
handled independently, vectorised over them.

Texts differ on a point exactly on the line (w·x + b = 0): Rosenblatt's f answers 0 there
(``on_line=0``, the step activation's z > 0), the introductions' numpy run answers 1
(``on_line=1``, w·x + b ≥ 0). From w = 0 every point starts on the line, so the choice
decides the whole run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.activations import ACTIVATIONS
from model.network import Network

Array = np.ndarray

step = ACTIVATIONS["step"].fn


def answer(z: Array | float, on_line: int = 0) -> Array:
    """The perceptron's class for weighted inputs z: 1 where z > 0, and where z = 0 the class
    ``on_line`` (0 as Rosenblatt's step, 1 for "class 1 when w·x + b ≥ 0")."""
    z = np.asarray(z, dtype=float)
    return ((z > 0) | ((z == 0) & bool(on_line))).astype(float)


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
                     max_epochs: int = 100, on_line: int = 0) -> PerceptronRun:
    """Apply the perceptron rule sample by sample, in order, until an epoch has no mistake.
    A point on the line answers ``on_line`` (``answer``).

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
            pred = answer(w @ xt, on_line)
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
