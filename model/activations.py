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
from model.notation import activation_name

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """One σ: value, derivative, and the words and formulas the app shows for it."""

    name: str
    formula: str  # σ(z) as text
    derivative_formula: str  # σ′(z) as text
    fn: Callable[[Array], Array]
    prime: Callable[[Array, Array], Array] | None  # σ′(z) element-wise; None: not element-wise
    value_range: tuple[float, float]  # the colour scale of a bounded activation
    differentiable: bool = True
    output_only: bool = False

    @property
    def display(self) -> str:
        """The one name people read (model.notation): "sigmoid", "ReLU", "leaky ReLU"."""
        return activation_name(self.name)


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
            "sigmoid", "σ(z) = 1 / (1 + e⁻ᶻ)", "σ′(z) = σ(z)(1 − σ(z))",
            _sigmoid, lambda z, a: a * (1.0 - a), (0.0, 1.0),
        ),
        Activation(
            "tanh", "tanh(z) = (eᶻ − e⁻ᶻ) / (eᶻ + e⁻ᶻ)", "tanh′(z) = 1 − tanh²(z)",
            np.tanh, lambda z, a: 1.0 - a * a, (-1.0, 1.0),
        ),
        Activation(
            "relu", "ReLU(z) = max(0, z)", "ReLU′(z) = 1 if z > 0 else 0",
            lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(float), (-INF, INF),
        ),
        Activation(
            "leaky_relu", "LReLU(z) = z if z > 0 else 0.01·z",
            "LReLU′(z) = 1 if z > 0 else 0.01",
            lambda z: np.where(z > 0, z, 0.01 * z), lambda z, a: np.where(z > 0, 1.0, 0.01),
            (-INF, INF),
        ),
        Activation(
            "linear", "φ(z) = z", "φ′(z) = 1",
            lambda z: np.array(z, dtype=float, copy=True),
            lambda z, a: np.ones_like(z, dtype=float),
            (-INF, INF),
        ),
        Activation(
            "arctan", "arctan(z)", "arctan′(z) = 1 / (1 + z²)",
            np.arctan, lambda z, a: 1.0 / (1.0 + z * z), (-np.pi / 2, np.pi / 2),
        ),
        Activation(
            "softmax", "aⱼ = exp(zⱼ) / Σₖ exp(zₖ)",
            "∂aⱼ/∂zₖ = aⱼ(δⱼₖ − aₖ), δⱼₖ = 1 if j = k else 0",
            _softmax, None, (0.0, 1.0), output_only=True,
        ),
        Activation(
            "step", "step(z) = 1 if z > 0 else 0",
            "not differentiable: step′ is 0 almost everywhere, so backpropagation cannot use it",
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
