"""A fixed numpy training loop: the training-speed figures' same-run reference.

Plain numpy with nothing around it: for a network's layer sizes and batch size, one
iteration is a forward pass (``@`` and ``tanh`` per layer), the quadratic loss's output
error, backpropagation and an SGD update, on a fixed random data set of 250 rows taken in
a fixed shuffled order. It is the arithmetic of a training iteration, written once in
this file and never touched by the app's changes: a ratio to it says how much of a bare
loop's speed the model (headless) or the whole window (live) keeps on the same machine
in the same minute.
"""

from __future__ import annotations

import time

import numpy as np

ROWS = 250  # Playground's training set; the reference's cost depends only on shapes
# Epochs/s of the loop (25 iterations of batch 10) for Playground's setups on this machine
# when quiet (bench.calibrate, 2026-12-02, load ≈ 1.5: the fastest tenth of 20 samples).
NOMINAL_EPOCHS_PER_S = {"2-4-2-1": 1190.0, "2-8-8-8-8-8-8-1": 665.0}


class Loop:
    """The reference's arrays, made once so that timing runs only the iterations."""

    def __init__(self, sizes: list[int], batch: int) -> None:
        rng = np.random.default_rng(0)
        self.x = rng.uniform(-1, 1, (ROWS, sizes[0]))
        self.y = rng.uniform(-1, 1, (ROWS, sizes[-1]))
        pairs = zip(sizes[:-1], sizes[1:], strict=True)
        self.w = [rng.normal(0, 1 / np.sqrt(m), (m, n)) for m, n in pairs]
        self.b = [np.zeros(n) for n in sizes[1:]]
        self.order = rng.permutation(ROWS)
        self.batch = batch
        self.position = 0

    def iteration(self, rate: float = 0.03) -> None:
        """Forward, output error, backward and SGD update on the next mini-batch."""
        rows = self.order[self.position:self.position + self.batch]
        self.position = (self.position + self.batch) % (ROWS - self.batch + 1)
        activations = [self.x[rows]]
        for w, b in zip(self.w, self.b, strict=True):
            activations.append(np.tanh(activations[-1] @ w + b))
        delta = (activations[-1] - self.y[rows]) * (1 - activations[-1] ** 2)
        for layer in range(len(self.w) - 1, -1, -1):
            grad_w = activations[layer].T @ delta
            grad_b = delta.sum(axis=0)
            if layer:
                delta = (delta @ self.w[layer].T) * (1 - activations[layer] ** 2)
            self.w[layer] -= rate * grad_w
            self.b[layer] -= rate * grad_b

    def per_s(self, seconds: float) -> float:
        """Iterations completed in about ``seconds`` of wall time, per second."""
        done = 0
        start = time.perf_counter()
        deadline = start + seconds
        while True:
            self.iteration()
            done += 1
            if time.perf_counter() >= deadline:
                break
        return done / (time.perf_counter() - start)
