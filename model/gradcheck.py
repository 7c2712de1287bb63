"""Finite-difference gradient check: backprop's ∂C/∂W, ∂C/∂b against central differences.

Usable by tests and by the app ("check gradients" shows the per-layer errors).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
