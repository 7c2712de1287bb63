"""Mini-batch SGD over epochs with seeded shuffling, and exact snapshots for stepping back.

An epoch visits the training set in a fresh permutation drawn from the trainer's own seeded
generator, cut into mini-batches of ``batch_size`` (the last one may be smaller). A snapshot
holds the parameters, the optimiser state, the position in the epoch and the generator's
state, so restoring it and training again reproduces the same numbers bit for bit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from model.flow import FlowPoint, flow_point, measured, next_measured
from model.kernel import KERNEL, NUMPY
from model.kernel import run as kernel_run
from model.network import Network, layer_slot
from model.optimizers import Optimizer, OptimizerSettings
from model.trace import Trace, descend, iterate

Array = np.ndarray


@dataclass(frozen=True)
class Snapshot:
    """Everything needed to come back to one moment of training."""

    weights: tuple[Array, ...]
    biases: tuple[Array, ...]
    optimizer: tuple
    settings: OptimizerSettings  # the update rule in force (settings may change mid-run)
    batch_size: int
    epoch: int
    position: int
    order: Array
    rng_state: Mapping[str, Any]  # the generator's state, a fresh dict per snapshot
    engine: str = NUMPY  # the arithmetic of the iterations after it (model.kernel)

    def W(self, l: int) -> Array:
        """W⁽ˡ⁾ at this moment, l = 2..L."""
        return self.weights[layer_slot(l, len(self.weights) + 1)]

    def b(self, l: int) -> Array:
        return self.biases[layer_slot(l, len(self.biases) + 1)]

    @property
    def nbytes(self) -> int:
        """Memory its arrays hold (the epoch order counted, though snapshots share it)."""
        t, state = self.optimizer
        arrays = [*self.weights, *self.biases, self.order, *(a for v in state.values() for a in v)]
        return sum(a.nbytes for a in arrays)


class Trainer:
    """Feeds mini-batches of (x, y) to a network and its optimiser."""

    def __init__(self, net: Network, optimizer: Optimizer, x: Array, y: Array,
                 batch_size: int, seed: int = 0, shuffle: bool = True):
        self.net = net
        self.optimizer = optimizer
        self.x = np.asarray(x, dtype=float)
        self.y = np.asarray(y, dtype=float)
        self.batch_size = max(1, min(int(batch_size), len(self.x)))
        self.shuffle = shuffle
        self.rng = np.random.default_rng(seed)
        self.epoch = 0  # completed epochs
        self.position = 0  # index into ``order`` of the next batch's first sample
        self.order = self._new_order()
        self.engine = NUMPY  # the arithmetic of fast iterations: NUMPY or KERNEL
        self._data: tuple[Array, Array, Array, Array] | None = None

    def _new_order(self) -> Array:
        """This epoch's visiting order; read-only, so snapshots share it instead of copying."""
        n = len(self.x)
        order = self.rng.permutation(n) if self.shuffle else np.arange(n)
        order.flags.writeable = False
        return order

    @property
    def iterations_per_epoch(self) -> int:
        return -(-len(self.x) // self.batch_size)

    @property
    def iteration(self) -> int:
        """Index of the next mini-batch within the current epoch."""
        return self.position // self.batch_size

    def next_batch(self) -> Array:
        """Sample indices of the mini-batch the next iteration will use."""
        return self.order[self.position:self.position + self.batch_size]

    def train_iteration(self) -> Trace:
        """One iteration on the next mini-batch; returns its trace and advances the cursor."""
        idx = self.next_batch()
        trace = iterate(self.net, self.optimizer, self.x[idx], self.y[idx])
        self._advance(len(idx))
        return trace

    def fast_iteration(self) -> float:
        """The same iteration without its trace (the same arithmetic: see ``descend``);
        returns the batch loss. Training at full speed and replays use it (in the trainer's
        ``engine``: the kernel's arithmetic for a snapshot the kernel went on from)."""
        if self.engine == KERNEL:
            return float(kernel_run(self, 1)[0])
        idx = self.next_batch()
        loss = descend(self.net, self.optimizer, self.x[idx], self.y[idx])[2]
        self._advance(len(idx))
        return loss

    def run(self, count: int, stop_at_epoch: bool = False) -> Array:
        """``count`` fast iterations (fewer if ``stop_at_epoch`` and an epoch closes) in the
        trainer's ``engine``; their batch losses. A replay from a snapshot runs this in the
        snapshot's engine, so it lands on the bits the run that made the history produced."""
        if self.engine == KERNEL:
            return kernel_run(self, count, stop_at_epoch)
        losses, start = [], self.epoch
        for _ in range(int(count)):
            losses.append(self.fast_iteration())
            if stop_at_epoch and self.epoch != start:
                break
        return np.array(losses, dtype=float)

    def stretch(self, n: int, every: int, stop_at_epoch: bool = True,
                most: int | None = None) -> tuple[Array, FlowPoint | None]:
        """Training at full speed from iteration ``n`` (iterations done): the iterations up
        to the next checkpoint (a multiple of ``every``), measured iteration (model.flow) or,
        if ``stop_at_epoch``, epoch end — one with numpy, a run of them with the kernel —
        and never more than ``most`` (at least one).
        Returns their batch losses and the measured iteration's flow (or None)."""
        if measured(n + 1):
            loss, point = self.measured_iteration()
            return np.array([loss]), point
        if self.engine != KERNEL:
            return np.array([self.fast_iteration()]), None
        count = min(every - n % every, next_measured(n) - n - 1)
        return self.run(count if most is None else max(1, min(count, most)), stop_at_epoch), None

    def contiguous_data(self) -> tuple[Array, Array]:
        """x and y as read-only C-contiguous float64 (the kernel's layout), made once:
        always read-only, so that numba compiles one version of the kernel, not one per
        writeable flag (``model.kernel.warm`` compiles that one under a lock)."""
        if self._data is None or self._data[0] is not self.x or self._data[1] is not self.y:
            self._data = (self.x, self.y, _read_only(self.x), _read_only(self.y))
        return self._data[2], self._data[3]

    def measured_iteration(self) -> tuple[float, FlowPoint]:
        """``fast_iteration`` that also measures the gradient flow (model.flow): the same
        arithmetic, plus a copy of the weights before the update to see how far it moved.
        With the kernel engine the flow is measured by the reference on a copy (a chart's
        numbers) and the parameters advance by the kernel, as in the rest of the run."""
        if self.engine == KERNEL:
            idx = self.next_batch()
            net = self.net.copy()
            optimizer = self.optimizer.copy()
            _z, _a, _loss, deltas, grad_w, _gb = descend(net, optimizer, self.x[idx],
                                                         self.y[idx])
            before = [w.copy() for w in self.net.weights]
            loss = float(self.run(1)[0])
            return loss, flow_point(deltas, grad_w, before, net.weights)
        idx = self.next_batch()
        before = [w.copy() for w in self.net.weights]
        _zs, _acts, loss, deltas, grad_w, _gb = descend(self.net, self.optimizer,
                                                        self.x[idx], self.y[idx])
        self._advance(len(idx))
        return loss, flow_point(deltas, grad_w, before, self.net.weights)

    def _advance(self, n: int) -> None:
        self.position += n
        if self.position >= len(self.x):
            self.epoch += 1
            self.position = 0
            self.order = self._new_order()

    def train_epoch(self) -> float:
        """Finish the current epoch; returns the mean of its batch losses."""
        losses, start = [], self.epoch
        while self.epoch == start:
            losses.append(self.train_iteration().loss)
        return float(np.mean(losses))

    def snapshot(self) -> Snapshot:
        return Snapshot(
            tuple(w.copy() for w in self.net.weights), tuple(b.copy() for b in self.net.biases),
            self.optimizer.snapshot(), self.optimizer.settings, self.batch_size, self.epoch,
            self.position, self.order, self.rng.bit_generator.state,  # a fresh dict each time
            self.engine,
        )

    def restore(self, snap: Snapshot) -> None:
        """Come back exactly to ``snap`` (parameters are copied into the existing arrays)."""
        for dst, src in zip(self.net.weights + self.net.biases,
                            [*snap.weights, *snap.biases], strict=True):
            dst[...] = src
        self.optimizer.restore(snap.optimizer)
        self.optimizer.settings = snap.settings
        self.batch_size = snap.batch_size
        self.epoch, self.position = snap.epoch, snap.position
        self.order = snap.order
        self.rng.bit_generator.state = snap.rng_state  # the setter copies
        self.engine = snap.engine


def _read_only(a: Array) -> Array:
    """A C-contiguous float64 read-only view of ``a`` (a copy only if the layout differs)."""
    view = np.ascontiguousarray(a, dtype=float).view()
    view.flags.writeable = False
    return view
