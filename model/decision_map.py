"""Every neuron over the input plane: what each one responds to, in one batched forward pass.

TensorFlow Playground's pictures: a grid of points covering the data is fed through the
network at once, and the activation of every neuron at every point becomes a small image.
Grids are row-major with row 0 at the top (x₂ largest) and x₁ growing along a row, so
``values.reshape(res, res)`` is the image as drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from model.errors import ValidationError
from model.features import expand
from model.network import Network, layer_slot
from model.notation import num
from model.validate import check_int, check_number

MIN_RESOLUTION = 2
MAX_RESOLUTION = 400
MAX_VALUES = 25_000_000  # res² × neurons held at once (200 MB of float64)
PAD = 0.1  # of the span, on each side
PAD_FLAT = 0.5  # when all points share a coordinate

Extent = tuple[float, float, float, float]


def plane_extent(x) -> Extent:
    """(x1_min, x1_max, x2_min, x2_max): the points' bounding box padded on every side."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != 2 or len(x) == 0:
        raise ValidationError("x", f"needs points of shape (n, 2) with n ≥ 1, got {x.shape}")
    if not np.isfinite(x).all():
        raise ValidationError("x", "contains NaN or infinity")
    low, high = x.min(axis=0), x.max(axis=0)
    span = high - low
    pad = np.where(span > 0, PAD * span, PAD_FLAT)
    low, high = low - pad, high + pad
    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


def _check_extent(extent) -> Extent:
    if not isinstance(extent, list | tuple) or len(extent) != 4:
        raise ValidationError("extent", f"must be (x1_min, x1_max, x2_min, x2_max), "
                                        f"got {extent!r}")
    names = ("x1_min", "x1_max", "x2_min", "x2_max")
    vals = [check_number(f"extent.{n}", v.item() if isinstance(v, np.generic) else v)
            for n, v in zip(names, extent, strict=True)]
    for axis in (0, 2):
        if not vals[axis] < vals[axis + 1]:
            raise ValidationError(f"extent.{names[axis + 1]}",
                                  f"must be greater than {names[axis]} ({num(vals[axis])}), "
                                  f"got {num(vals[axis + 1])}")
    return vals[0], vals[1], vals[2], vals[3]


def plane_grid(extent, resolution) -> np.ndarray:
    """Cell-centre points (res², 2): row 0 = top (x₂ max), x₁ increasing along each row."""
    x1_min, x1_max, x2_min, x2_max = _check_extent(extent)
    res = check_int("resolution", resolution, low=MIN_RESOLUTION, high=MAX_RESOLUTION)
    centres = (np.arange(res) + 0.5) / res
    x1 = x1_min + centres * (x1_max - x1_min)
    x2 = x2_max - centres * (x2_max - x2_min)
    grid = np.empty((res, res, 2))
    grid[:, :, 0] = x1[None, :]
    grid[:, :, 1] = x2[:, None]
    return grid.reshape(res * res, 2)


@dataclass(frozen=True, eq=False)
class PlaneMaps:
    """a^l over the grid for layers 2..L, each (res, res, n_l), read-only (float64, or
    float32 for a picture)."""

    extent: Extent
    resolution: int
    layers: tuple[np.ndarray, ...]

    @property
    def output(self) -> np.ndarray:
        """a^L over the grid, (res, res, n_L)."""
        return self.layers[-1]

    def neuron(self, layer: int, j: int) -> np.ndarray:
        """Neuron j of layer ``layer`` (1-based, 2..L, as in the textbook) as a (res, res) image."""
        layer = check_int("layer", layer, low=2, high=len(self.layers) + 1)
        maps = self.layers[layer_slot(layer, len(self.layers) + 1)]
        j = check_int("neuron", j, low=0, high=maps.shape[2] - 1)
        return maps[:, :, j]


def plane_maps(net: Network, extent, resolution: int = 50, features=None,
               picture: bool = False) -> PlaneMaps:
    """Feed the whole grid through ``net`` once; every layer's activations as images.

    With ``features`` the grid is expanded first (model.features), otherwise the network must
    take the 2 plane coordinates. Non-finite activations are kept as they are. A
    ``picture`` (the window's maps, which only ever become colours) is computed in float32,
    four times faster (tanh), unless a value would not be finite there: then in float64, so
    a map shows "not finite" only where the exact values are.
    """
    extent = _check_extent(extent)
    grid = plane_grid(extent, resolution)
    res = int(resolution)
    x = grid if features is None else expand(grid, features)
    if x.shape[1] != net.sizes[0]:
        source = "the plane's 2 coordinates" if features is None else f"{x.shape[1]} features"
        raise ValidationError("network.layers[0]", f"the network takes {net.sizes[0]} inputs "
                                                   f"but the map gives it {source}")
    n_values = res * res * sum(net.sizes[1:])
    if n_values > MAX_VALUES:
        most = math.isqrt(MAX_VALUES // sum(net.sizes[1:]))
        raise ValidationError("resolution", f"{res}×{res} over {sum(net.sizes[1:]):,} neurons "
                                            f"is too many values; use at most {most}")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        acts = _picture_forward(net, x) if picture else None
        if acts is None:
            acts = net.forward(x)[1][1:]
    layers = []
    for a in acts:
        img = np.ascontiguousarray(a).reshape(res, res, a.shape[1])
        img.flags.writeable = False
        layers.append(img)
    return PlaneMaps(extent, res, tuple(layers))


def _picture_forward(net: Network, x: np.ndarray) -> list[np.ndarray] | None:
    """a^2..a^L of ``x`` in float32, or None if any value there is not finite."""
    a = x.astype(np.float32)
    acts = []
    for w, b, act in zip(net.weights, net.biases, net.activations, strict=True):
        a = act.fn(a @ w.T.astype(np.float32) + b.astype(np.float32)).astype(np.float32,
                                                                             copy=False)
        if not np.isfinite(a).all():
            return None
        acts.append(a)
    return acts
