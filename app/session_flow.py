"""What the Session records of training beyond the loss: the gradient flow per iteration
and the training log per epoch. Qt-free (numpy and ``model/`` only).

The cursor feeds it: every iteration passed while stepping (its trace has the numbers for
free), the iterations ``model.flow.measured`` names while training here or in the training
process (which sends them with its frames), and one log row per epoch costed. It is cut
back with the loss curves when stepping back, and copied into Undo's saved state.
"""

from __future__ import annotations

import copy

import numpy as np

from model.flow import MEASURES, FlowPoint, trace_point
from model.loss_history import Curve
from model.trace import Trace
from model.training_log import EpochRow

FLOW_CAPACITY = 4096  # points per series before the series halves its resolution
LOG_CAPACITY = 100_000  # epoch rows kept before every other one is dropped


class FlowRecord:
    """Per weight layer l = 2..L and measure ("delta", "grad", "ratio"), a curve over the
    iterations (x: iterations done once it was measured); and the epoch rows of the log."""

    def __init__(self, n_layers: int, capacity: int = FLOW_CAPACITY,
                 log_capacity: int = LOG_CAPACITY):
        self.n_layers = int(n_layers)  # L, the input counted
        self.series: dict[str, list[Curve]] = {
            m: [Curve(capacity) for _ in range(self.n_layers - 1)] for m in MEASURES}
        self.log_capacity = int(log_capacity)
        self._rows: list[EpochRow] = []
        self.log_stride = 1  # epochs kept: multiples of this (it doubles when full)

    # --- the gradient flow ----------------------------------------------------------------

    def add(self, n: int, point: FlowPoint) -> None:
        """Iteration ``n``'s norms (one per layer 2..L in each of the point's arrays)."""
        for measure in MEASURES:
            for curve, value in zip(self.series[measure], getattr(point, measure),
                                    strict=True):
                curve.append(n, float(value))

    def add_trace(self, n: int, trace: Trace) -> None:
        self.add(n, trace_point(trace))

    def curve(self, measure: str, layer: int) -> Curve:
        """The series of ``measure`` for layer ``layer`` (2..L)."""
        return self.series[measure][layer - 2]

    @property
    def last_iteration(self) -> int | None:
        c = self.series["delta"][0] if self.n_layers > 1 else None
        return int(c.x[-1]) if c is not None and c.n else None

    # --- the log ----------------------------------------------------------------------------

    def add_epoch(self, row: EpochRow) -> None:
        if row.epoch % self.log_stride:
            return
        if self._rows and self._rows[-1].epoch >= row.epoch:  # recomputed after stepping back
            self._rows = [r for r in self._rows if r.epoch < row.epoch]
        if len(self._rows) >= self.log_capacity:
            self.log_stride *= 2
            self._rows = [r for r in self._rows if r.epoch % self.log_stride == 0]
            if row.epoch % self.log_stride:
                return
        self._rows.append(row)

    @property
    def rows(self) -> list[EpochRow]:
        """The epoch rows recorded, in epoch order."""
        return list(self._rows)

    # --- stepping back, undo ----------------------------------------------------------------

    def truncate_after(self, n: int, epoch: int) -> None:
        """Forget what came after iteration ``n`` and epoch ``epoch``."""
        for curves in self.series.values():
            for c in curves:
                c.truncate_after(n)
        self._rows = [r for r in self._rows if r.epoch <= epoch]

    def copy(self) -> FlowRecord:
        """An independent record (for Undo): the curves copied, the rows (immutable)
        shared."""
        other = copy.copy(self)
        other.series = copy.deepcopy(self.series)
        other._rows = list(self._rows)
        return other

    def arrays(self, measure: str) -> list[tuple[np.ndarray, np.ndarray]]:
        """(x, y) of each layer's series of ``measure``, layer 2 first (copies)."""
        return [(c.x.copy(), c.y.copy()) for c in self.series[measure]]
