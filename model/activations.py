"""Activation functions σ, each with its derivative σ′ beside it, a display name and formula text.

Arrays are (batch, neurons). ``prime(z, a)`` takes both the weighted input z and the
activation a = σ(z) because several derivatives are cheapest and most exact written in a
(σ′ = a(1 − a) for the sigmoid). Softmax couples the neurons of a layer, so it has no
element-wise derivative; backprop applies its Jacobian instead (see ``softmax_jacobian_t``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from model.errors import ValidationError

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """One σ: value, derivative, and the words and formulas the app shows for it."""

    name: str
    display: str
    formula: str  # σ(z) as text
    derivative_formula: str  # σ′(z) as text
    fn: Callable[[Array], Array]
    prime: Callable[[Array, Array], Array] | None  # σ′(z) element-wise; None: not element-wise
    value_range: tuple[float, float]  # the colour scale of a bounded activation
    differentiable: bool = True
    output_only: bool = False


def _sigmoid(z: Array) -> Array:
    # 1 / (1 + e^−z) for z ≥ 0 and e^z / (1 + e^z) below: exp never overflows.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _softmax(z: Array) -> Array:
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def softmax_jacobian_t(a: Array, g: Array) -> Array:
    """Jᵀg per sample for softmax, J = diag(a) − a aᵀ; a, g: (batch, m) → (batch, m).

    Written as a ⊙ (g − (a·g)) so no (m, m) matrix is built.
    """
    return a * (g - np.sum(a * g, axis=-1, keepdims=True))


INF = float("inf")

ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "sigmoid", "Sigmoid", "σ(z) = 1 / (1 + e^(−z))", "σ′(z) = σ(z)(1 − σ(z))",
            _sigmoid, lambda z, a: a * (1.0 - a), (0.0, 1.0),
        ),
        Activation(
            "tanh", "Tanh", "tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))", "tanh′(z) = 1 − tanh²(z)",
            np.tanh, lambda z, a: 1.0 - a * a, (-1.0, 1.0),
        ),
        Activation(
            "relu", "ReLU", "ReLU(z) = max(0, z)", "ReLU′(z) = 1 if z > 0 else 0",
            lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(float), (-INF, INF),
        ),
        Activation(
            "leaky_relu", "Leaky ReLU", "f(z) = z if z > 0 else 0.01·z",
            "f′(z) = 1 if z > 0 else 0.01",
            lambda z: np.where(z > 0, z, 0.01 * z), lambda z, a: np.where(z > 0, 1.0, 0.01),
            (-INF, INF),
        ),
        Activation(
            "linear", "Linear", "f(z) = z", "f′(z) = 1",
            lambda z: np.array(z, dtype=float, copy=True),
            lambda z, a: np.ones_like(z, dtype=float),
            (-INF, INF),
        ),
        Activation(
            "arctan", "Arctan", "f(z) = arctan(z)", "f′(z) = 1 / (1 + z²)",
            np.arctan, lambda z, a: 1.0 / (1.0 + z * z), (-np.pi / 2, np.pi / 2),
        ),
        Activation(
            "softmax", "Softmax", "a_j = e^(z_j) / Σ_k e^(z_k)",
            "∂a_j/∂z_k = a_j(δ_jk − a_k)",
            _softmax, None, (0.0, 1.0), output_only=True,
        ),
        Activation(
            "step", "Step", "f(z) = 1 if z > 0 else 0",
            "not differentiable: f′ is 0 almost everywhere, so backpropagation cannot use it",
            lambda z: (z > 0).astype(float), None, (0.0, 1.0), differentiable=False,
        ),
    )
}


def get_activation(name: object, field: str = "activation") -> Activation:
    """The activation called ``name``, or a ValidationError listing the known names."""
    if isinstance(name, str) and name in ACTIVATIONS:
        return ACTIVATIONS[name]
    known = ", ".join(ACTIVATIONS)
    raise ValidationError(field, f"unknown activation {name!r}; known: {known}")
