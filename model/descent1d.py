"""Gradient descent on a function of one variable, the first picture of learning.

x ← x − η f′(x): on f(x) = (x − 2)² from x₀ = 4 with η = 0.01 this gives 3.96, 3.9208,
3.882384, … — the numbers of the classic introductions, checked by the tests. The descent
lessons also use a tilted double well, whose two minima show that where descent ends
depends on where it starts, and a stopping rule: stop once a step is no larger than a
precision, or after a maximum number of steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from model.notation import num


def parabola(x: float, centre: float = 2.0) -> float:
    """f(x) = (x − centre)²."""
    return (x - centre) ** 2


def parabola_prime(x: float, centre: float = 2.0) -> float:
    """f′(x) = 2(x − centre)."""
    return 2.0 * (x - centre)


def double_well(x: float) -> float:
    """f(x) = x⁴ − 2x² + x/2: a global minimum near x = −1.057 and a higher, local one near
    x = 0.930, with a hump at x ≈ 0.127 between them."""
    return x ** 4 - 2.0 * x ** 2 + 0.5 * x


def double_well_prime(x: float) -> float:
    """f′(x) = 4x³ − 4x + ½."""
    return 4.0 * x ** 3 - 4.0 * x + 0.5


@dataclass(frozen=True)
class Function1D:
    """A function the descent view draws: f, f′ and how they are written."""

    name: str
    f: Callable[[float], float]
    prime: Callable[[float], float]
    formula: str  # "(x − 2)²"
    prime_formula: str
    window: tuple[float, float] | None  # x-range always shown (None: around the iterates)


def descent_function(name: str, centre: float = 2.0) -> Function1D:
    """``"parabola"`` (x − centre)² or ``"double_well"``; KeyError for another name."""
    if name == "parabola":
        shift = f"x − {num(centre)}" if centre >= 0 else f"x + {num(-centre)}"
        return Function1D(name, lambda x: parabola(x, centre),
                          lambda x: parabola_prime(x, centre), f"({shift})²",
                          f"2({shift})", None)
    if name == "double_well":
        return Function1D(name, double_well, double_well_prime, "x⁴ − 2x² + x/2",
                          "4x³ − 4x + ½", (-1.8, 1.8))
    raise KeyError(name)


FUNCTIONS = ("parabola", "double_well")


def gradient_descent_1d(derivative: Callable[[float], float], x0: float, learning_rate: float,
                        n_steps: int) -> list[float]:
    """[x₀, x₁, …, x_n] with x_(t+1) = x_t − η f′(x_t)."""
    xs = [float(x0)]
    for _ in range(n_steps):
        xs.append(xs[-1] - learning_rate * derivative(xs[-1]))
    return xs


def descend_until(derivative: Callable[[float], float], x0: float, learning_rate: float,
                  precision: float, max_steps: int) -> list[float]:
    """[x₀, x₁, …]: steps until one moves x by no more than ``precision``, or ``max_steps``
    steps — the stopping rule of the introductions' loop (that last small step is taken)."""
    xs = [float(x0)]
    while len(xs) <= max_steps:
        xs.append(xs[-1] - learning_rate * derivative(xs[-1]))
        if abs(xs[-1] - xs[-2]) <= precision:
            break
    return xs
