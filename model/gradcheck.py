"""Finite-difference gradient check: backprop's ∂C/∂W, ∂C/∂b against central differences.

Usable by tests and by the app ("check gradients" shows the per-layer errors).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from model.network import Network

Array = np.ndarray
FLOOR = 1e-5  # gradients smaller than this in norm count as zero (rounding is ~1e-12)


@dataclass(frozen=True)
class GradCheck:
    """Backprop and numeric gradients per layer, and their relative errors."""

    backprop_w: list[Array]
    backprop_b: list[Array]
    numeric_w: list[Array]
    numeric_b: list[Array]

    @staticmethod
    def _rel(a: Array, n: Array) -> float:
        # The floor keeps a truly zero gradient (dead ReLUs) from dividing rounding by zero.
        den = max(float(np.linalg.norm(a) + np.linalg.norm(n)), FLOOR)
        return float(np.linalg.norm(a - n) / den)

    @property
    def layer_errors(self) -> list[float]:
        """‖bp − num‖ / max(‖bp‖ + ‖num‖, FLOOR) over each layer's W and b together."""
        return [
            self._rel(np.concatenate([aw.ravel(), ab]), np.concatenate([nw.ravel(), nb]))
            for aw, ab, nw, nb in zip(self.backprop_w, self.backprop_b,
                                      self.numeric_w, self.numeric_b, strict=True)
        ]

    @property
    def max_error(self) -> float:
        return max(self.layer_errors)


def numeric_gradients(net: Network, x: Array, y: Array, eps: float = 1e-4):
    """Five-point central differences of the batch cost for every parameter.

    (−C(p+2ε) + 8C(p+ε) − 8C(p−ε) + C(p−2ε)) / 12ε has error O(ε⁴), so ε can be large
    enough that rounding stays far below even the tiny gradients of deep sigmoid chains.
    """
    out = []
    for group in (net.weights, net.biases):
        grads = []
        for p in group:
            g = np.zeros_like(p)
            flat, gflat = p.reshape(-1), g.reshape(-1)
            for i in range(flat.size):  # one parameter at a time is what the check means
                keep = flat[i]
                costs = []
                for h in (2 * eps, eps, -eps, -2 * eps):
                    flat[i] = keep + h
                    costs.append(net.cost(x, y))
                flat[i] = keep
                gflat[i] = (-costs[0] + 8 * costs[1] - 8 * costs[2] + costs[3]) / (12 * eps)
            grads.append(g)
        out.append(grads)
    return out[0], out[1]


def check_gradients(net: Network, x: Array, y: Array, eps: float = 1e-4) -> GradCheck:
    """Compare backprop's batch-mean gradients with numeric ones on the batch (x, y)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    zs, acts = net.forward(x)
    gw, gb = net.gradients(acts, net.backward(zs, acts, y))
    nw, nb = numeric_gradients(net, x, y, eps)
    return GradCheck(gw, gb, nw, nb)


# --- one parameter at a time, as the window and ``main.py gradcheck`` show it -------------------

DEFAULT_H = 1e-5  # the central difference's step
TOLERANCE = 1e-5  # a relative error above this says backprop and the difference disagree
PARAMETER_FLOOR = 1e-4  # |∂C/∂w| below this is judged by its absolute error (see relative_error)
CHUNK_FLOATS = 1 << 19  # the biggest array one slice of the check makes: 4 MB


def relative_error(backprop, numeric, floor: float = PARAMETER_FLOOR):
    """|bp − num| / max(|bp| + |num|, floor), element-wise.

    Central differences carry ~10⁻¹⁰ of rounding and truncation whatever the gradient's
    size, so a gradient far below ``floor`` cannot be resolved: it is judged by
    |bp − num| / floor instead (a correct one then scores ~10⁻⁶ at worst, a wrong one of
    any size that matters still scores far above ``TOLERANCE``)."""
    bp, num = np.asarray(backprop, dtype=float), np.asarray(numeric, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.abs(bp - num) / np.maximum(np.abs(bp) + np.abs(num), floor)


@dataclass(frozen=True)
class ParameterCheck:
    """Backprop's ∂C/∂w of one weight or bias beside (C(w+h) − C(w−h)) / (2h)."""

    backprop: float
    numeric: float
    h: float
    error: float  # relative_error(backprop, numeric)

    @property
    def agrees(self) -> bool:
        return bool(self.error <= TOLERANCE)


class Probe:
    """One network and mini-batch, with its forward pass and backprop's gradients, from
    which the central differences of any parameters are computed in vectorised slices.

    A weight wⱼₖ⁽ˡ⁾ moves only zⱼ⁽ˡ⁾ (by h·aₖ⁽ˡ⁻¹⁾ per sample), so a slice of P parameters of
    one layer starts from the stored forward pass: the changed aⱼ⁽ˡ⁾ goes into z⁽ˡ⁺¹⁾ as a
    rank-one change, and only the layers after that are computed again, for all P at once.
    """

    def __init__(self, net: Network, x: Array, y: Array, h: float = DEFAULT_H):
        self.net = net
        self.x = np.asarray(x, dtype=float)
        self.y = np.asarray(y, dtype=float)
        self.h = float(h)
        with np.errstate(all="ignore"):
            self.zs, self.acts = net.forward(self.x)
            self.grad_w, self.grad_b = net.gradients(self.acts,
                                                     net.backward(self.zs, self.acts, self.y))

    def backprop(self, layer: int, j, k=None) -> Array:
        i = layer - 2
        return self.grad_b[i][j] if k is None else self.grad_w[i][j, k]

    def chunk(self, layer: int) -> int:
        """How many parameters of ``layer`` one slice takes (its arrays stay ≤ 4 MB)."""
        widest = max(self.net.sizes[layer - 1:])
        return max(1, CHUNK_FLOATS // (2 * len(self.x) * widest))

    def numeric(self, layer: int, j: ArrayLike, k: ArrayLike | None = None) -> Array:
        """(C(p+h) − C(p−h)) / (2h) of the weights W⁽ˡ⁾[j, k] (index arrays, 0-based), or of
        the biases b⁽ˡ⁾[j] when ``k`` is None; C is the batch cost (data term)."""
        j = np.atleast_1d(np.asarray(j, dtype=np.intp))
        rows = (np.ones((len(self.x), len(j))) if k is None
                else self.acts[layer - 2][:, np.atleast_1d(np.asarray(k, dtype=np.intp))])
        shift = self.h * rows.T  # (P, B): how far each parameter moves zⱼ⁽ˡ⁾ of each sample
        with np.errstate(all="ignore"):
            plus = self._costs(layer, j, shift)
            minus = self._costs(layer, j, -shift)
            return np.add.reduce(plus - minus, axis=1) / len(self.x) / (2 * self.h)

    def _costs(self, layer: int, j: Array, shift: Array) -> Array:
        """Per-sample costs (P, B) with zⱼ⁽ˡ⁾ of parameter p moved by ``shift[p]``."""
        net, i = self.net, layer - 2
        z = self.zs[i]
        if layer == net.n_layers:  # the output: softmax couples it, so all of it again
            zp = np.repeat(z[None], len(j), axis=0)
            zp[np.arange(len(j)), :, j] += shift
            return net.loss.per_sample(net.activations[i].fn(zp), self.y)
        moved = net.activations[i].fn(z[:, j].T + shift) - self.acts[i + 1][:, j].T  # Δaⱼ
        a = net.activations[i + 1].fn(self.zs[i + 1][None]
                                      + moved[..., None] * net.weights[i + 1][:, j].T[:, None])
        for w, b, act in zip(net.weights[i + 2:], net.biases[i + 2:], net.activations[i + 2:],
                             strict=True):
            a = act.fn(a @ w.T + b)
        return net.loss.per_sample(a, self.y)

    def check(self, layer: int, j: int, k: int | None = None) -> ParameterCheck:
        """The check of one weight W⁽ˡ⁾[j, k] (or bias b⁽ˡ⁾[j] when ``k`` is None)."""
        numeric = float(self.numeric(layer, [j], None if k is None else [k])[0])
        backprop = float(self.backprop(layer, j, k))
        return ParameterCheck(backprop, numeric, self.h,
                              float(relative_error(backprop, numeric)))


MAX_CHECKED = 50_000  # "check every parameter" in the window checks at most this many


class CheckAll:
    """Every parameter's check, one slice at a time (``step``), so a caller can keep its
    event loop free, show progress and stop whenever it likes.

    With more than ``limit`` parameters, each layer's weights and biases are checked at
    ``limit / total`` of their positions, evenly spread; the rest stay NaN (not checked).
    """

    def __init__(self, probe: Probe, limit: int | None = None):
        self.probe = probe
        net = probe.net
        total = sum(w.size + b.size for w, b in zip(net.weights, net.biases, strict=True))
        share = 1.0 if limit is None or total <= limit else limit / total
        self.errors_w = [np.full(w.shape, np.nan) for w in net.weights]
        self.errors_b = [np.full(b.shape, np.nan) for b in net.biases]
        self.numeric_w = [np.full(w.shape, np.nan) for w in net.weights]
        self.numeric_b = [np.full(b.shape, np.nan) for b in net.biases]
        self._slices: list[tuple[int, bool, Array]] = []  # (layer, is_bias, flat indices)
        for layer in range(2, net.n_layers + 1):
            for bias, size in ((False, net.W(layer).size), (True, net.b(layer).size)):
                flat = _spread(size, share)
                step = probe.chunk(layer)
                self._slices += [(layer, bias, flat[s:s + step])
                                 for s in range(0, len(flat), step)]
        self.total = sum(len(f) for _l, _b, f in self._slices)
        self.n_parameters = total
        self.done = 0
        self._next = 0

    @property
    def finished(self) -> bool:
        return self._next == len(self._slices)

    def step(self) -> bool:
        """Check the next slice of parameters; True once every slice is done."""
        if self.finished:
            return True
        layer, bias, flat = self._slices[self._next]
        i, p = layer - 2, self.probe
        if bias:
            numeric = p.numeric(layer, flat)
            self.numeric_b[i][flat] = numeric
            self.errors_b[i][flat] = _checked(relative_error(p.grad_b[i][flat], numeric))
        else:
            j, k = np.unravel_index(flat, p.net.W(layer).shape)
            numeric = p.numeric(layer, j, k)
            self.numeric_w[i][j, k] = numeric
            self.errors_w[i][j, k] = _checked(relative_error(p.grad_w[i][j, k], numeric))
        self.done += len(flat)
        self._next += 1
        return self.finished

    def run(self) -> CheckAll:
        while not self.step():
            pass
        return self

    def worst(self, layer: int) -> tuple[float, tuple[int, int | None] | None]:
        """The largest relative error of ``layer``'s weights and biases checked so far, and
        whose ((j, k) of a weight, (j, None) of a bias); (NaN, None) if none is checked."""
        best, where = np.nan, None
        for errors, is_bias in ((self.errors_w[layer - 2], False),
                                (self.errors_b[layer - 2], True)):
            if np.isnan(errors).all():
                continue
            flat = int(np.nanargmax(errors))
            value = float(errors.reshape(-1)[flat])
            if np.isnan(best) or value > best:
                idx = np.unravel_index(flat, errors.shape)
                best = value
                where = (int(idx[0]), None) if is_bias else (int(idx[0]), int(idx[1]))
        return best, where

    def edge_errors(self) -> Array:
        """Every weight's relative error in one flat array, W⁽²⁾ row by row, then W⁽³⁾, …
        (the diagram's order of edges); NaN where not checked."""
        return np.concatenate([e.reshape(-1) for e in self.errors_w])


def _spread(size: int, share: float) -> Array:
    """Flat indices of ``share`` of ``size`` positions, evenly spread (all if share is 1)."""
    if share >= 1.0:
        return np.arange(size)
    count = max(1, int(np.ceil(size * share)))
    return np.unique(np.linspace(0, size - 1, count).round().astype(np.intp))


def _checked(errors: Array) -> Array:
    """A check whose numbers overflowed failed: ∞, never NaN (NaN means "not checked")."""
    return np.where(np.isnan(errors), np.inf, errors)

@dataclass(frozen=True)
class Nudge:
    """One weight nudged by h and the forward pass run again: the derivative as a quotient."""

    h: float
    cost: float  # C(w) on the batch
    nudged_cost: float  # C(w + h), every other parameter as it was

    @property
    def slope(self) -> float:
        """(C(w + h) − C(w)) / h, the one-sided numerical derivative ∂C/∂w (error O(h))."""
        return (self.nudged_cost - self.cost) / self.h


def nudge_weight(net: Network, x: Array, y: Array, layer: int, j: int, k: int,
                 h: float) -> Nudge:
    """C before and after W⁽ˡᵃʸᵉʳ⁾[j, k] += h, on the batch (x, y); ``net`` is left as it was."""
    w = net.W(layer)
    keep = w[j, k]
    cost = net.cost(x, y)
    try:
        w[j, k] = keep + h
        nudged = net.cost(x, y)
    finally:
        w[j, k] = keep
    return Nudge(float(h), cost, nudged)


def parameter_count(net: Network) -> int:
    """Weights and biases: the numerical way needs one more forward pass for each."""
    return sum(w.size for w in net.weights) + sum(b.size for b in net.biases)
