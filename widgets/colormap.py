"""The app's colour maps as numpy lookup tables (no Qt here, so tests read colours as numbers).

One diverging, colour-blind-safe map for every signed quantity: orange for negative,
light grey for zero, blue for positive (the orange/blue pair stays distinct for the common
colour-vision deficiencies), on a symmetric scale [−limit, +limit]. Activations of
functions bounded in [0, 1] use the positive half, grey → blue, over that range.
Non-finite values get a colour that is in neither map: magenta.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray

_DIVERGING_STOPS = np.array([
    (-1.0, 179, 88, 6),
    (-0.5, 241, 163, 64),
    (0.0, 240, 240, 240),
    (0.5, 103, 169, 207),
    (1.0, 33, 102, 172),
])
NON_FINITE_RGB = (255, 0, 255)
LUT_SIZE = 257  # odd, so the middle entry is exactly zero


def _lut(stops: Array) -> Array:
    t = np.linspace(-1.0, 1.0, LUT_SIZE)
    return np.stack([np.interp(t, stops[:, 0], stops[:, c]) for c in (1, 2, 3)],
                    axis=1).round().astype(np.uint8)


DIVERGING_LUT = _lut(_DIVERGING_STOPS)  # (257, 3) uint8, index 128 is zero


@dataclass(frozen=True)
class Scale:
    """How values map to colours: symmetric [−limit, limit], or [low, high] for a bounded σ."""

    low: float
    high: float

    @classmethod
    def symmetric(cls, values: Array | float) -> Scale:
        """The smallest symmetric scale holding every finite value (1e-12 if all are 0)."""
        v = np.asarray(values, dtype=float)
        v = v[np.isfinite(v)]
        limit = float(np.max(np.abs(v))) if v.size else 0.0
        limit = limit if limit > 0 else 1e-12
        return cls(-limit, limit)

    @property
    def is_symmetric(self) -> bool:
        return self.low == -self.high

    def position(self, values: Array) -> Array:
        """Each value's place on the map in [−1, 1] (clipped); NaN stays NaN."""
        v = np.asarray(values, dtype=float)
        if self.is_symmetric:
            t = v / self.high
        else:  # a bounded activation: low → neutral, high → full positive colour
            t = (v - self.low) / (self.high - self.low)
        with np.errstate(invalid="ignore"):
            return np.clip(t, -1.0, 1.0)


def to_rgb(values: Array, scale: Scale) -> Array:
    """Colours (…, 3) uint8 for ``values`` on ``scale``; non-finite values are magenta."""
    v = np.asarray(values, dtype=float)
    t = scale.position(v)
    finite = np.isfinite(v)
    idx = np.rint((np.where(finite, t, 0.0) + 1.0) * (LUT_SIZE - 1) / 2).astype(np.intp)
    rgb = DIVERGING_LUT[idx]
    if not finite.all():
        rgb = rgb.copy()
        rgb[~finite] = NON_FINITE_RGB
    return rgb


def bin_index(values: Array, scale: Scale, n_bins: int = 33) -> Array:
    """Quantise values into ``n_bins`` colour bins (odd: the middle bin is zero); −1 for NaN.

    The diagram draws all edges of one bin with one pen, which is what keeps big networks fast.
    """
    v = np.asarray(values, dtype=float)
    t = scale.position(v)
    finite = np.isfinite(v)
    b = np.rint((np.where(finite, t, 0.0) + 1.0) * (n_bins - 1) / 2).astype(np.intp)
    return np.where(finite, b, -1)


def bin_rgb(n_bins: int = 33) -> Array:
    """The colour of each bin of ``bin_index`` (n_bins, 3)."""
    t = np.linspace(-1.0, 1.0, n_bins)
    idx = np.rint((t + 1.0) * (LUT_SIZE - 1) / 2).astype(np.intp)
    return DIVERGING_LUT[idx]
