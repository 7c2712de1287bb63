"""Gradient flow: per layer, how big the errors, the gradients and the updates are.

Three numbers per weight layer l = 2..L for one iteration, after TensorBoard's and Karpathy's
diagnostics for a stalling or exploding network:

- ‖δ⁽ˡ⁾‖: the Euclidean norm of each sample's δ⁽ˡ⁾, averaged over the mini-batch (a saturated
  sigmoid network shows it shrinking layer by layer towards the input: vanishing gradients);
- ‖∂C/∂W⁽ˡ⁾‖: the Frobenius norm of the batch-mean weight gradient;
- ‖ΔW⁽ˡ⁾‖ / ‖W⁽ˡ⁾‖: how far the update moved the weights, relative to their size (about
  10⁻³ is healthy; near 1 or more, η is too large and training explodes).

Recording every iteration would cost training speed, so training at full speed measures
only the iterations ``measured`` names: all of the first ``DENSE`` · 2, then about ``DENSE``
per doubling of the iteration count. The rule depends on the iteration number alone, so
the training process and the window record the same iterations (and, computing them with
``flow_point`` from the same arrays, the same floats).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Array = np.ndarray

DENSE = 64  # recorded iterations per doubling of the iteration count, beyond the first
MEASURES = ("delta", "grad", "ratio")


@dataclass(frozen=True)
class FlowPoint:
    """The three norms of one iteration, one entry per weight layer 2..L (index 0 is l = 2)."""

    delta: Array  # ‖δ⁽ˡ⁾‖, the batch mean of per-sample norms
    grad: Array  # ‖∂C/∂W⁽ˡ⁾‖ (Frobenius)
    ratio: Array  # ‖ΔW⁽ˡ⁾‖ / ‖W⁽ˡ⁾‖ (Frobenius; W before the update)

    def row(self) -> Array:
        """All three as one flat row (delta…, grad…, ratio…): how frames carry them."""
        return np.concatenate([self.delta, self.grad, self.ratio])

    @classmethod
    def from_row(cls, row: Array) -> FlowPoint:
        n = len(row) // 3
        return cls(row[:n].copy(), row[n:2 * n].copy(), row[2 * n:].copy())


def delta_norm(delta: Array) -> float:
    """‖δ‖ of each row (sample), averaged over the rows: (1/B) Σₓ ‖δₓ‖. (Written with the
    cheapest numpy calls: training at full speed pays for every microsecond here.)"""
    return float(np.add.reduce(np.sqrt(np.einsum("ij,ij->i", delta, delta)))) / len(delta)


def frobenius(matrix: Array) -> float:
    """‖M‖ = √(Σ mᵢⱼ²)."""
    return math.sqrt(np.vdot(matrix, matrix))


def flow_point(deltas: Sequence[Array], grad_w: Sequence[Array],
               before: Sequence[Array], after: Sequence[Array]) -> FlowPoint:
    """The norms of one iteration from its per-sample deltas, its weight gradients and the
    weights before and after its update (one array per layer 2..L each). A diverging run
    gives ∞ and NaN, shown as such; W = 0 moved gives ∞ (0 if it did not move)."""
    with np.errstate(all="ignore"):
        d = [delta_norm(x) for x in deltas]
        g = [frobenius(x) for x in grad_w]
        ratio = []
        for a, b in zip(after, before, strict=True):
            moved, size = frobenius(a - b), frobenius(b)
            ratio.append(moved / size if size > 0 else (0.0 if moved == 0 else math.inf))
    return FlowPoint(np.array(d), np.array(g), np.array(ratio))


def trace_point(trace) -> FlowPoint:
    """The norms of a traced iteration (``model.trace.Trace``)."""
    return flow_point([lt.delta for lt in trace.layers],
                      [lt.grad_weights for lt in trace.layers],
                      trace.weights_before, trace.weights_after)


def stride(n: int) -> int:
    """Record one iteration in this many around iteration ``n`` (1 until 2·DENSE)."""
    return 1 << max(0, (int(n) // DENSE).bit_length() - 1)


def measured(n: int) -> bool:
    """Whether training at full speed measures the flow of iteration ``n`` (1-based: the
    number of iterations done once it is)."""
    return n % stride(n) == 0


def next_measured(n: int) -> int:
    """The first iteration after ``n`` that ``measured`` names. (The stride only changes at
    DENSE·2ᵏ, a multiple of every smaller stride and measured, so the next multiple of the
    stride at n + 1 is it.)"""
    s = stride(n + 1)
    return -(-(n + 1) // s) * s
