"""Whether inputs look unscaled, and what to say about it (pure numpy).

Gradient descent with one learning rate for every weight works badly when one input spans
1000 and another 1: the large column's weights get gradients a thousand times bigger, so an
η small enough for them leaves the others unmoved, and a larger one overflows (the wine
data diverge unscaled at η = 0.001). Large magnitudes alone saturate sigmoids and tanh.
The CSV dialog suggests scaling from this, and the divergence message names it as the
likelier cause than η.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.notation import short

RANGE_RATIO = 10.0  # column spans differing by more than this: scaling is worth it
LARGE_INPUT = 100.0  # |x| beyond this overflows or saturates at ordinary learning rates


@dataclass(frozen=True)
class Unscaled:
    """What makes the inputs look unscaled: the widest and narrowest columns (0-based)
    and the ratio of their spans, and the largest |x|."""

    ratio: float
    widest: int
    narrowest: int
    largest: float

    def describe(self, x: np.ndarray, names) -> str:
        """"input ranges differ by a factor of 1.27 × 10³ (proline 278 … 1.68 × 10³, hue
        0.48 … 1.71)", or
        the largest magnitude when the ranges are alike."""
        def span(c: int) -> str:
            return f"{names[c]} {short(x[:, c].min())} … {short(x[:, c].max())}"
        if self.ratio > RANGE_RATIO:
            return (f"input ranges differ by a factor of {short(self.ratio)} ({span(self.widest)}, "
                    f"{span(self.narrowest)})")
        return f"inputs reach |x| = {short(self.largest)} ({span(self.widest)})"


def unscaled(x: np.ndarray) -> Unscaled | None:
    """``Unscaled`` when the columns' spans differ by more than ``RANGE_RATIO`` or some |x|
    exceeds ``LARGE_INPUT``; None when the inputs look scaled (or there is one constant
    column only)."""
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or not x.size:
        return None
    spans = x.max(axis=0) - x.min(axis=0)
    largest = float(np.abs(x).max())
    varying = np.flatnonzero(spans > 0)
    if not len(varying):
        return None
    widest = int(varying[np.argmax(spans[varying])])
    narrowest = int(varying[np.argmin(spans[varying])])
    ratio = float(spans[widest] / spans[narrowest])
    if ratio <= RANGE_RATIO and largest <= LARGE_INPUT:
        return None
    if ratio <= RANGE_RATIO:
        widest = int(np.argmax(np.abs(x).max(axis=0)))
    return Unscaled(ratio, widest, narrowest, largest)


def scaling_advice(x: np.ndarray, names) -> str:
    """A sentence suggesting scaling for these training inputs, or "" when they look scaled."""
    found = unscaled(x)
    if found is None:
        return ""
    return (f"The {found.describe(x, names)}: scaling them (Standard, or min-max) is "
            f"suggested, so that one learning rate suits every weight.")
