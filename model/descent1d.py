"""Gradient descent on a function of one variable, the first picture of learning.

x ← x − η f′(x): on f(x) = (x − 2)² from x₀ = 4 with η = 0.01 this gives 3.96, 3.9208,
3.882384, … — the numbers of the classic introductions, checked by the tests.
"""

from __future__ import annotations

from collections.abc import Callable


def parabola(x: float, centre: float = 2.0) -> float:
    """f(x) = (x − centre)²."""
    return (x - centre) ** 2


def parabola_prime(x: float, centre: float = 2.0) -> float:
    """f′(x) = 2(x − centre)."""
    return 2.0 * (x - centre)


def gradient_descent_1d(derivative: Callable[[float], float], x0: float, learning_rate: float,
                        n_steps: int) -> list[float]:
    """[x₀, x₁, …, x_n] with x_(t+1) = x_t − η f′(x_t)."""
    xs = [float(x0)]
    for _ in range(n_steps):
        xs.append(xs[-1] - learning_rate * derivative(xs[-1]))
    return xs
