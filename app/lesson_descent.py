"""The descent lessons' state: gradient descent on one function of x, and its caption numbers.

The lesson player keeps a ``DescentState`` (``start``, ``iterate``, ``until``); the descent
view draws it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from app.lesson_captions import Number
from model.descent1d import Function1D, descend_until, descent_function, gradient_descent_1d


@dataclass(frozen=True)
class DescentState:
    """Gradient descent on f (``function``: model.descent1d); ``xs[0]`` is x₀."""

    centre: float
    learning_rate: float
    xs: tuple[float, ...]
    function: str = "parabola"
    precision: float | None = None  # the last "until": its precision and step limit
    max_steps: int | None = None

    @property
    def fn(self) -> Function1D:
        return descent_function(self.function, self.centre)

    @property
    def x(self) -> float:
        return self.xs[-1]

    @property
    def diverging(self) -> bool:
        """The last iteration went uphill (on the parabola: further from the minimum)."""
        f = self.fn.f
        return len(self.xs) > 1 and f(self.xs[-1]) > f(self.xs[-2])

    @property
    def stopped(self) -> str | None:
        """Why the last "until" stopped: "precision" (its last step was that small) or
        "max_steps"; None after other actions."""
        if self.precision is None:
            return None
        last = abs(self.xs[-1] - self.xs[-2]) if len(self.xs) > 1 else math.inf
        return "precision" if last <= self.precision else "max_steps"


def start(a: dict) -> DescentState:
    return DescentState(a["centre"], a["learning_rate"], (a["x0"],), a.get("function",
                                                                           "parabola"))


def iterate(d: DescentState, count: int) -> DescentState:
    xs = gradient_descent_1d(d.fn.prime, d.x, d.learning_rate, count)
    return replace(d, xs=d.xs + tuple(xs[1:]), precision=None, max_steps=None)


def until(d: DescentState, precision: float, max_steps: int) -> DescentState:
    """Steps until one is no larger than ``precision``, at most ``max_steps`` of them."""
    xs = descend_until(d.fn.prime, d.x, d.learning_rate, precision, max_steps)
    return replace(d, xs=d.xs + tuple(xs[1:]), precision=precision, max_steps=max_steps)


def values(d: DescentState) -> dict:
    fn = d.fn
    prev = d.xs[-2] if len(d.xs) > 1 else d.xs[-1]
    nan = float("nan")
    # on the parabola every step multiplies x − centre by the same factor, 1 − 2η
    factor = 1 - 2 * d.learning_rate if d.function == "parabola" else nan
    numbers = {"x": d.x, "fx": fn.f(d.x), "slope": fn.prime(d.x), "previous_x": prev,
               "previous_slope": fn.prime(prev), "move": d.x - prev, "x0": d.xs[0],
               "eta": d.learning_rate, "centre": d.centre, "factor": factor,
               "precision": nan if d.precision is None else d.precision}
    return {k: Number(v) for k, v in numbers.items()} | {
        "n": len(d.xs) - 1, "max_steps": Number(nan) if d.max_steps is None else d.max_steps}
