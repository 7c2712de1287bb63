"""Loss curves that stay small however long training runs.

Per-iteration losses go into a buffer of fixed capacity; when it fills, every other point is
dropped and the stride doubles, so a run of any length keeps at most ``capacity`` evenly
spaced points (the plot's shape survives, memory stays bounded). Per-epoch train and test
costs, and beside them the metric (accuracy or R², ``model.metrics``), are few and are all
kept up to the same capacity. Truncation by iteration number
supports stepping back across an update.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


class Curve:
    """Points (x, y) at whole-number x, keeping those with x a multiple of ``stride``.

    When ``capacity`` is reached the stride doubles and the points off the new stride are
    dropped, so memory is bounded and the kept points stay evenly spaced.
    """

    def __init__(self, capacity: int = 20_000):
        self.capacity = capacity
        self._x = np.empty(capacity)
        self._y = np.empty(capacity)
        self.n = 0
        self.stride = 1

    def append(self, x: int, y: float) -> None:
        if x % self.stride:
            return
        if self.n == self.capacity:
            self._double_stride()
            if x % self.stride:
                return
        self._x[self.n] = x
        self._y[self.n] = y
        self.n += 1

    def extend(self, xs: Array, ys: Array) -> None:
        """``append`` of each point in turn (increasing x), done a block at a time: a
        frame of the training process brings hundreds of losses."""
        xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        while len(xs):
            keep = xs % self.stride == 0
            xs, ys = xs[keep], ys[keep]
            take = min(self.capacity - self.n, len(xs))
            self._x[self.n:self.n + take] = xs[:take]
            self._y[self.n:self.n + take] = ys[:take]
            self.n += take
            xs, ys = xs[take:], ys[take:]
            if len(xs):  # full, and a point on the stride is left: as ``append`` does
                self._double_stride()

    def _double_stride(self) -> None:
        """Full: keep only the points on twice the stride."""
        self.stride *= 2
        keep = self._x[:self.n] % self.stride == 0
        kept = int(keep.sum())
        self._x[:kept] = self._x[:self.n][keep]
        self._y[:kept] = self._y[:self.n][keep]
        self.n = kept

    def truncate_after(self, x: float) -> None:
        """Forget every point with x greater than ``x`` (stepping back)."""
        self.n = int(np.searchsorted(self._x[:self.n], x, side="right"))

    @property
    def x(self) -> Array:
        return self._x[:self.n]

    @property
    def y(self) -> Array:
        return self._y[:self.n]

    @property
    def last(self) -> float | None:
        return float(self._y[self.n - 1]) if self.n else None

    def clear(self) -> None:
        self.n, self.stride = 0, 1


class LossHistory:
    """The curves the loss dock draws: costs, and the metric after each epoch."""

    def __init__(self, capacity: int = 20_000):
        self.iteration = Curve(capacity)  # batch cost C per iteration (x: iteration number)
        self.epoch_train = Curve(capacity)  # whole training set after each epoch (x: epoch)
        self.epoch_test = Curve(capacity)
        self.metric_train = Curve(capacity)  # accuracy or R² after each epoch (x: epoch)
        self.metric_test = Curve(capacity)

    @property
    def epoch_curves(self) -> tuple[Curve, ...]:
        return self.epoch_train, self.epoch_test, self.metric_train, self.metric_test

    def truncate_epochs_after(self, epoch: int) -> None:
        """Forget every epoch's values after ``epoch`` (stepping back)."""
        for curve in self.epoch_curves:
            curve.truncate_after(epoch)

    def clear(self) -> None:
        for c in (self.iteration, *self.epoch_curves):
            c.clear()
