"""Loss functions C. The batch cost is the mean of per-sample costs C_x over n samples.

- quadratic:      C_x = ½‖y − a‖²                                  ∂C_x/∂a = a − y
- mse:            C_x = (1/m) Σ_j (y_j − a_j)²                      ∂C_x/∂a = 2(a − y)/m
- cross_entropy:  after softmax  C_x = −Σ_j y_j ln a_j               ∂C_x/∂a = −y/a
                  otherwise      C_x = −Σ_j [y_j ln a_j + (1−y_j) ln(1−a_j)]
                                                                   ∂C_x/∂a = (a − y)/(a(1 − a))

So C = (1/n) Σ_x C_x gives exactly the formulas of the classic texts, e.g. mse is
(1/(n·m)) Σ_x Σ_j (y_j − a_j)². Arrays are (batch, m).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from model.activations import Activation, softmax_jacobian_t
from model.errors import ValidationError
from model.mathtext import m
from model.notation import loss_name, symbol

Array = np.ndarray
_A, _AJ = symbol("a", "L"), symbol("a", "L", "j")  # the output layer's a⁽ᴸ⁾, aⱼ⁽ᴸ⁾
_YJ = symbol("y", None, "j")
_MEAN_OVER_X = m("C", " = ", "(1/n) ", "Σₓ ")  # C = (1/n) Σₓ …


def _xlogy(x: Array, y: Array) -> Array:
    """x·ln y with 0·ln 0 = 0, so a saturated but correct output costs 0, not NaN."""
    if x.shape != y.shape:
        x, y = np.broadcast_arrays(x, y)
    nonzero = x != 0
    out = np.zeros(x.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.log(y, out=out, where=nonzero)
    return np.multiply(x, out, out=out, where=nonzero)


def _quadratic(a: Array, y: Array) -> Array:
    return 0.5 * np.sum((y - a) ** 2, axis=-1)


def _mse(a: Array, y: Array) -> Array:
    return np.mean((y - a) ** 2, axis=-1)


def _ce_binary(a: Array, y: Array) -> Array:
    return -np.add.reduce(_xlogy(y, a) + _xlogy(1.0 - y, 1.0 - a), axis=-1)


def _ce_categorical(a: Array, y: Array) -> Array:
    return -np.add.reduce(_xlogy(y, a), axis=-1)


@dataclass(frozen=True)
class Loss:
    """One C: per-sample value and ∂C_x/∂a, plus the text the app shows."""

    name: str
    formula: str
    per_sample: Callable[[Array, Array], Array]  # (batch, m), (batch, m) → (batch,)
    grad_a: Callable[[Array, Array], Array]  # ∂C_x/∂a: (batch, m)

    @property
    def display(self) -> str:
        """The one name people read (model.notation): "quadratic", "cross-entropy"."""
        return loss_name(self.name)

    def value(self, a: Array, y: Array) -> float:
        """C = (1/n) Σ_x C_x for a batch."""
        per_sample = np.asarray(self.per_sample(a, y))
        return float(np.add.reduce(per_sample, axis=None) / per_sample.size)  # np.mean's bits


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss(
            "quadratic", m(_MEAN_OVER_X, "½", "‖", "y", " − ", _A, "‖", "²"),
            _quadratic, lambda a, y: a - y,
        ),
        Loss(
            "mse", m("C", " = ", "(1/(n", "·", "m)) ", "Σₓ ", "Σⱼ ", "(", _YJ, " − ", _AJ, ")",
                     "²"),
            _mse, lambda a, y: 2.0 * (a - y) / a.shape[-1],
        ),
        Loss(
            "cross_entropy",
            m("C", " = ", "−", "(1/n) ", "Σₓ ", "Σⱼ ", "[", _YJ, " ", "ln ", _AJ, " + ",
              "(1", " − ", _YJ, ") ", "ln", "(1", " − ", _AJ, ")]"),
            _ce_binary, lambda a, y: (a - y) / (a * (1.0 - a)),
        ),
    )
}

_CE_SOFTMAX = Loss(
    "cross_entropy", m("C", " = ", "−", "(1/n) ", "Σₓ ", "Σⱼ ", _YJ, " ", "ln ", _AJ),
    _ce_categorical, lambda a, y: -y / a,
)


def get_loss(name: object, output: Activation | None = None, field: str = "loss") -> Loss:
    """The loss called ``name`` as it applies after the ``output`` activation."""
    if not (isinstance(name, str) and name in LOSSES):
        raise ValidationError(field, f"unknown loss {name!r}; known: {', '.join(LOSSES)}")
    if name == "cross_entropy" and output is not None:
        if output.name == "softmax":
            return _CE_SOFTMAX
        if output.name not in ("sigmoid",):
            raise ValidationError(
                field,
                f"cross_entropy needs outputs in (0, 1): use a sigmoid or softmax output layer, "
                f"not {output.name}",
            )
    return LOSSES[name]


def output_delta(loss: Loss, act: Activation, z: Array, a: Array, y: Array) -> Array:
    """BP1: δ^L = ∂C_x/∂z^L per sample, (batch, m).

    Element-wise activations give ∇_a C ⊙ σ′(z^L); softmax goes through its full Jacobian.
    The two textbook cancellations (sigmoid + cross-entropy, softmax + cross-entropy) are
    used in closed form: they are the same value without dividing by a(1 − a) or a.
    """
    if loss.name == "cross_entropy" and act.name == "sigmoid":
        return a - y
    if loss is _CE_SOFTMAX:
        return a * np.sum(y, axis=-1, keepdims=True) - y
    grad = loss.grad_a(a, y)
    if act.name == "softmax":
        return softmax_jacobian_t(a, grad)
    assert act.prime is not None  # only softmax has no element-wise σ′
    return grad * act.prime(z, a)
