"""Histograms of weights, activations and errors per layer, now and over training.

After TensorBoard's histogram dashboard: at the step shown, the distribution of W⁽ˡ⁾, of
a⁽ˡ⁾ over the mini-batch (every sample's every neuron) and of δ⁽ˡ⁾ likewise; and the same
distribution at a few earlier moments of training (a ridge: one row per moment, sharing
the bins, so a distribution that collapses to 0 or spreads out is seen at a glance).
The earlier moments are the history's kept snapshots, evaluated on the current mini-batch,
so nothing is recorded while training runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from model.network import Network
from model.trace import StepKind, Trace

Array = np.ndarray

QUANTITIES = ("w", "a", "delta")
BINS = 30
RIDGE_ROWS = 8  # moments of training in a ridge, the newest included


@dataclass(frozen=True)
class Ridge:
    """Histograms of one quantity of one layer at several moments, on shared bins."""

    iterations: tuple[int, ...]  # the moments, oldest first (iterations done before each)
    edges: Array  # (bins + 1,)
    counts: Array  # (moments, bins), int
    nonfinite: tuple[int, ...]  # values left out of each row: NaN or ±∞

    @property
    def newest(self) -> Array:
        return self.counts[-1]


def shared_edges(arrays: Sequence[Array], bins: int = BINS, symmetric: bool = False) -> Array:
    """``bins`` equal bins over the finite values of all ``arrays`` (about 0 when
    ``symmetric``: weights and errors are signed); a single value gets a bin around it."""
    finite = [a[np.isfinite(a)] for a in (np.ravel(x) for x in arrays)]
    finite = [a for a in finite if a.size]
    if not finite:
        return np.linspace(-1.0, 1.0, bins + 1)
    low = min(float(a.min()) for a in finite)
    high = max(float(a.max()) for a in finite)
    if symmetric:
        high = max(abs(low), abs(high))
        low = -high
    if high - low <= 1e-12 * max(1.0, abs(high)):
        pad = max(abs(high) * 0.1, 0.5)
        low, high = low - pad, high + pad
    return np.linspace(low, high, bins + 1)


def counts(values: Array, edges: Array) -> tuple[Array, int]:
    """How many finite values fall in each bin (the last bin includes its right edge), and
    how many were not finite."""
    v = np.ravel(values)
    finite = np.isfinite(v)
    bad = int(v.size - np.count_nonzero(finite))
    return np.histogram(v[finite] if bad else v, edges)[0], bad


def layer_values(net: Network, x: Array, y: Array, what: str) -> list[Array]:
    """W⁽ˡ⁾, a⁽ˡ⁾ or δ⁽ˡ⁾ (``what``: "w", "a", "delta") of every layer l = 2..L of ``net`` on
    the batch (x, y): one forward (and backward) pass for all layers."""
    if what == "w":
        return list(net.weights)
    with np.errstate(all="ignore"):
        zs, acts = net.forward(x)
        return acts[1:] if what == "a" else net.backward(zs, acts, y)


def trace_values(trace: Trace, index: int, layer: int, what: str) -> Array | None:
    """The quantity at step ``index`` of ``trace`` (W⁽ˡ⁾ as in force there: the new one on
    the update step), or None if the step has not computed it yet (a⁽ˡ⁾ before its forward
    step, δ⁽ˡ⁾ before its BP1 or BP2 step)."""
    step_kind = trace.steps[index].kind
    if what == "w":
        return trace.W_after(layer) if step_kind == StepKind.UPDATE else trace.W_before(layer)
    source = {"a": (StepKind.FORWARD,),
              "delta": (StepKind.OUTPUT_ERROR, StepKind.BACKWARD)}[what]
    at = next(i for i, s in enumerate(trace.steps) if s.kind in source and s.layer == layer)
    if index < at:
        return None
    return trace.layer(layer).a if what == "a" else trace.layer(layer).delta


def ridge(iterations: Sequence[int], values: Sequence[Array], what: str,
          bins: int = BINS) -> Ridge:
    """Histograms of one layer's quantity ``what`` at several moments (``values`` at each
    of ``iterations``, oldest first) on shared bins, symmetric about 0 for the signed ones."""
    edges = shared_edges(values, bins, symmetric=what != "a")
    rows = [counts(v, edges) for v in values]
    return Ridge(tuple(int(n) for n in iterations), edges,
                 np.array([c for c, _bad in rows], dtype=np.int64).reshape(len(rows), bins),
                 tuple(bad for _c, bad in rows))


def pick_moments(iterations: Sequence[int], rows: int = RIDGE_ROWS) -> list[int]:
    """Positions in ``iterations`` (kept snapshots, oldest first) of at most ``rows``
    moments evenly spread over them by iteration number, the newest always included."""
    its = np.asarray(iterations)
    if len(its) <= rows:
        return list(range(len(its)))
    wanted = np.linspace(its[0], its[-1], rows)
    at = np.searchsorted(its, wanted, side="right") - 1  # the kept one at or before
    return sorted(set(np.clip(at, 0, len(its) - 1).tolist()) | {len(its) - 1})
