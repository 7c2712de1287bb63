"""Update rules: SGD, momentum, Adam, with optional L1/L2 regularisation of the weights.

The gradient handed in is the batch mean of BP3/BP4 (the data term). Regularisation adds
λ·W (L2, from the penalty (λ/2)·Σw²) or λ·sign(W) (L1, from λ·Σ|w|) to the weight gradient;
biases are not regularised (as in Nielsen). The optimiser's state (velocities, moments,
step count) is plain arrays so a history snapshot can restore it exactly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from model.errors import ValidationError
from model.mathtext import Math, m, tok, words
from model.notation import symbol
from model.validate import check_number

Array = np.ndarray

OPTIMIZERS = ("sgd", "momentum", "adam")
REGULARIZERS = ("none", "l1", "l2")


@dataclass(frozen=True)
class OptimizerSettings:
    """Everything that decides an update, as stored in a session file's ``training``."""

    optimizer: str = "sgd"
    learning_rate: float = 0.1
    momentum: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8
    regularization: str = "none"
    regularization_rate: float = 0.0

    def __post_init__(self):
        if self.optimizer not in OPTIMIZERS:
            raise ValidationError(
                "training.optimizer",
                f"unknown optimizer {self.optimizer!r}; known: {', '.join(OPTIMIZERS)}",
            )
        if self.regularization not in REGULARIZERS:
            raise ValidationError(
                "training.regularization",
                f"unknown regularization {self.regularization!r}; known: {', '.join(REGULARIZERS)}",
            )
        check_number("training.learning_rate", self.learning_rate, low=0.0, open_low=True,
                      high=1e6)
        check_number("training.momentum", self.momentum, low=0.0, high=1.0, open_high=True)
        check_number("training.beta1", self.beta1, low=0.0, high=1.0, open_high=True)
        check_number("training.beta2", self.beta2, low=0.0, high=1.0, open_high=True)
        check_number("training.epsilon", self.epsilon, low=0.0, open_low=True, high=1.0)
        check_number("training.regularization_rate", self.regularization_rate, low=0.0,
                      high=1e6)

    def to_dict(self) -> dict:
        return asdict(self)

    def update_equation(self) -> Math:
        """The update step's equation for this optimiser, as the inspector shows it."""
        g = m("∂C/∂", "W")
        if self.regularization == "l2":
            g = m("(", g, " + ", "λ", "W", ")")
        elif self.regularization == "l1":
            g = m("(", g, " + ", "λ", "·", "sign", "(W))")
        if self.optimizer == "sgd":
            return m("W", " ← ", "W", " − ", "η", g, ",  ", "b", " ← ", "b", " − ", "η", " ",
                     "∂C/∂", "b")
        if self.optimizer == "momentum":
            return m("v", " ← ", "μ", "v", " − ", "η", g, ",  ", "W", " ← ", "W", " + ", "v",
                     "  ", words("(and likewise b)"))
        b1, b2 = symbol("β", j=0), symbol("β", j=1)
        return m("m", " ← ", b1, "m", " + ", "(1", "−", b1, ")", "g", ",  ",
                 "v", " ← ", b2, "v", " + ", "(1", "−", b2, ")", "g", "²", ",  ",
                 "W", " ← ", "W", " − ", "η", " ", tok("m̂", r"\hat{m}"), " / ",
                 "(", tok("√v̂", r"\sqrt{\hat{v}}"), " + ", "ε", ")", ",  ", "g", " = ", g)


@dataclass
class Optimizer:
    """Applies one update to a network's parameters in place and keeps its own state."""

    settings: OptimizerSettings
    state: dict[str, list[Array]] = field(default_factory=dict)
    t: int = 0  # Adam's step count

    def regularized(self, weights: list[Array], grad_w: list[Array]) -> list[Array]:
        """The weight gradient with the regulariser's term added."""
        s = self.settings
        if s.regularization == "l2" and s.regularization_rate:
            return [g + s.regularization_rate * w for g, w in zip(grad_w, weights, strict=True)]
        if s.regularization == "l1" and s.regularization_rate:
            return [g + s.regularization_rate * np.sign(w)
                    for g, w in zip(grad_w, weights, strict=True)]
        return grad_w

    def penalty(self, weights: list[Array]) -> float:
        """The regulariser's term of the cost: (λ/2)Σw² or λΣ|w| (0 with none)."""
        s = self.settings
        if s.regularization == "l2":
            return 0.5 * s.regularization_rate * sum(float(np.sum(w * w)) for w in weights)
        if s.regularization == "l1":
            return s.regularization_rate * sum(float(np.sum(np.abs(w))) for w in weights)
        return 0.0

    def apply(self, weights: list[Array], biases: list[Array],
              grad_w: list[Array], grad_b: list[Array]) -> None:
        """W ← W − η·(update) for every layer, in place."""
        s = self.settings
        params = weights + biases
        grads = self.regularized(weights, grad_w) + list(grad_b)
        eta = s.learning_rate
        if s.optimizer == "sgd":
            for p, g in zip(params, grads, strict=True):
                p -= eta * g
        elif s.optimizer == "momentum":
            vel = self.state.setdefault("velocity", [np.zeros_like(p) for p in params])
            for p, g, vp in zip(params, grads, vel, strict=True):
                vp *= s.momentum
                vp -= eta * g
                p += vp
        else:
            m = self.state.setdefault("m", [np.zeros_like(p) for p in params])
            v = self.state.setdefault("v", [np.zeros_like(p) for p in params])
            self.t += 1
            c1 = 1.0 - s.beta1 ** self.t
            c2 = 1.0 - s.beta2 ** self.t
            for p, g, mi, vi in zip(params, grads, m, v, strict=True):
                mi *= s.beta1
                mi += (1.0 - s.beta1) * g
                vi *= s.beta2
                vi += (1.0 - s.beta2) * g * g
                p -= eta * (mi / c1) / (np.sqrt(vi / c2) + s.epsilon)

    def copy(self) -> Optimizer:
        """An independent optimiser in the same state."""
        other = Optimizer(self.settings)
        other.restore(self.snapshot())
        return other

    def snapshot(self) -> tuple[int, dict[str, list[Array]]]:
        return self.t, {k: [a.copy() for a in v] for k, v in self.state.items()}

    def restore(self, snap: tuple[int, dict[str, list[Array]]]) -> None:
        self.t = snap[0]
        self.state = {k: [a.copy() for a in v] for k, v in snap[1].items()}
