"""The machine's limit for Playground's default: 2-4-2-1, tanh, quadratic loss, SGD, batch 10,
compiled as one tight loop with nothing around it (numba; no history, no messages, no epoch
order: the batches go through the data in order). The headless model (``Trainer.stretch``
in the kernel engine, checkpoints and all) is measured against it.

The loop trains the model's own data from the model's own first weights: libm's tanh, most
of either's time, costs more or less with its argument (17–28 ns here), so a loop on other
numbers would not be the same arithmetic.
"""

from __future__ import annotations

import math
import time

import numpy as np

from model.training import Trainer


def _compiled():
    from numba import njit

    @njit(cache=True)
    def loop(x, y, w1, b1, w2, b2, w3, b3, count, rate):
        n, batch = x.shape[0], 10
        a1, a2, a3 = np.empty((batch, 4)), np.empty((batch, 2)), np.empty(batch)
        d1, d2 = np.empty((batch, 4)), np.empty((batch, 2))
        start, total = 0, 0.0
        for _ in range(count):
            for b in range(batch):
                r = (start + b) % n
                for j in range(4):
                    a1[b, j] = math.tanh(w1[j, 0] * x[r, 0] + w1[j, 1] * x[r, 1] + b1[j])
                for j in range(2):
                    s = b2[j]
                    for k in range(4):
                        s += w2[j, k] * a1[b, k]
                    a2[b, j] = math.tanh(s)
                a3[b] = math.tanh(w3[0, 0] * a2[b, 0] + w3[0, 1] * a2[b, 1] + b3[0])
                d3 = (a3[b] - y[r, 0]) * (1.0 - a3[b] * a3[b])
                total += d3
                for j in range(2):
                    d2[b, j] = d3 * w3[0, j] * (1.0 - a2[b, j] * a2[b, j])
                for k in range(4):
                    s = d2[b, 0] * w2[0, k] + d2[b, 1] * w2[1, k]
                    d1[b, k] = s * (1.0 - a1[b, k] * a1[b, k])
            g = rate / batch
            for b in range(batch):
                r = (start + b) % n
                d3 = (a3[b] - y[r, 0]) * (1.0 - a3[b] * a3[b])
                for j in range(2):
                    w3[0, j] -= g * d3 * a2[b, j]
                    for k in range(4):
                        w2[j, k] -= g * d2[b, j] * a1[b, k]
                    b2[j] -= g * d2[b, j]
                for j in range(4):
                    w1[j, 0] -= g * d1[b, j] * x[r, 0]
                    w1[j, 1] -= g * d1[b, j] * x[r, 1]
                    b1[j] -= g * d1[b, j]
                b3[0] -= g * d3
            start = (start + batch) % n
        return total

    return loop


class TightLoop:
    """The loop on a 2-4-2-1 trainer's data from copies of its weights, timed in whole
    calls (the trainer itself is not touched)."""

    def __init__(self, trainer: Trainer) -> None:
        if trainer.net.sizes != (2, 4, 2, 1):
            raise ValueError(f"the tight loop is 2-4-2-1, not {trainer.net.sizes}")
        self._loop = _compiled()
        self.x, self.y = (np.ascontiguousarray(a, dtype=float) for a in (trainer.x, trainer.y))
        net = trainer.net
        self.params = [np.array(p, dtype=float) for pair in zip(net.weights, net.biases,
                                                                 strict=True) for p in pair]
        self.rate = trainer.optimizer.settings.learning_rate
        self._loop(self.x, self.y, *self.params, 1, 0.0)  # compile or load; η 0: no step

    def per_s(self, seconds: float) -> float:
        """Iterations per second over about ``seconds``."""
        done, start = 0, time.perf_counter()
        count = 2_000
        while time.perf_counter() - start < seconds:
            self._loop(self.x, self.y, *self.params, count, self.rate)
            done += count
        return done / (time.perf_counter() - start)
