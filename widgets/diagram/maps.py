"""Neuron maps: what each neuron of layers 2..L computes over the input plane, as small images.

TensorFlow Playground's signature view. ``model.decision_map`` gives a^l over a grid; for
the side the layout leaves, each neuron's grid is sampled (nearest cell), coloured and
masked to a rounded square in numpy, once per new PlaneMaps or size, so a paint only blits
finished premultiplied QImages. Only the sampled cells are coloured: a 30 px map colours
900 values, not the grid's 10,000. A map sits left of its neuron (the incoming
side), where it hides neither the neuron's colour and value nor the output labels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6 import QtGui

from widgets.colormap import Scale, to_rgb
from widgets.diagram.layout import Layout

Array = np.ndarray

MAX_MAP_NEURONS = 16  # a layer with more gets no maps (too small to read)
MIN_MAP_SIDE = 14  # px; a smaller map is not drawn
MAP_GAP = 4.0  # px between a map and its neuron
CORNER = 0.14  # corner radius / side
BIG_SIDE = 180  # px of the enlarged map shown on hover


def map_scale(activation, values: Array) -> tuple[float, Scale]:
    """(centre, scale): colours are ``to_rgb(a − centre, scale)``.

    A bounded activation uses its range around its middle (tanh: −1 … 1 around 0; sigmoid:
    0 … 1 around 0.5, so orange and blue split where a class decision does, as Playground);
    an unbounded one the layer's largest |a| over the plane.
    """
    low, high = (float(v) for v in activation.value_range)
    if np.isfinite(low) and np.isfinite(high):
        half = (high - low) / 2
        return low + half, Scale(-half, half)
    return 0.0, Scale.symmetric(values)


def map_colours(values: Array, centre: float, scale: Scale) -> Array:
    """(…, 3) uint8 colours of activation ``values`` on a map."""
    return to_rgb(np.asarray(values, dtype=float) - centre, scale)


def rgb_image(rgb: Array, alpha: Array | None = None) -> QtGui.QImage:
    """A premultiplied QImage owning a copy of (h, w, 3) uint8 colours; ``alpha`` (h, w) is
    0 or 255 (so premultiplying is zeroing the transparent pixels). Qt blits this format
    without converting it."""
    h, w = rgb.shape[:2]
    bgra = np.empty((h, w, 4), dtype=np.uint8)  # ARGB32 is B, G, R, A in memory (little end)
    bgra[..., 0], bgra[..., 1], bgra[..., 2] = rgb[..., 2], rgb[..., 1], rgb[..., 0]
    bgra[..., 3] = 255
    if alpha is not None:
        bgra[alpha == 0] = 0
    image = QtGui.QImage(bgra.data, w, h, 4 * w,
                         QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    return image.copy()  # detach from the numpy buffer


def sample_cells(res: int, side: int) -> Array:
    """The grid cell shown by each of ``side`` pixels (nearest cell of the pixel's centre)."""
    return np.minimum(((np.arange(side) + 0.5) * res / side).astype(np.intp), res - 1)


def rounded_mask(side: int) -> Array:
    """(side, side) alpha: 255 inside a square with rounded corners, 0 outside."""
    r = max(CORNER * side, 1.0)
    c = np.arange(side) + 0.5
    dx = np.maximum(np.maximum(r - c, c - (side - r)), 0.0)
    inside = dx[None, :] ** 2 + dx[:, None] ** 2 <= r * r
    return np.where(inside, 255, 0).astype(np.uint8)


@dataclass(frozen=True, eq=False)
class NeuronMaps:
    """The values and colour scales of every mapped neuron for one PlaneMaps."""

    source: object  # the PlaneMaps these were made from (identity is the cache key)
    values: dict[int, Array]  # layer (2..L) -> (res, res, n_l) activations
    scales: dict[int, tuple[float, Scale]]  # layer -> (centre, scale)
    skipped: tuple[int, ...]  # layers with more than MAX_MAP_NEURONS neurons
    big: dict  # (layer, j) -> full-resolution QImage, made on first hover

    def big_image(self, layer: int, j: int) -> QtGui.QImage:
        key = (layer, j)
        if key not in self.big:
            self.big[key] = rgb_image(map_colours(self.values[layer][:, :, j],
                                                  *self.scales[layer]))
        return self.big[key]


def make_neuron_maps(maps, activations) -> NeuronMaps:
    """Scales for every neuron of layers 2..L with at most MAX_MAP_NEURONS neurons."""
    kept, scales, skipped = {}, {}, []
    for i, values in enumerate(maps.layers):
        layer = i + 2
        if values.shape[2] > MAX_MAP_NEURONS:
            skipped.append(layer)
            continue
        scales[layer] = map_scale(activations[i], values)
        kept[layer] = values
    return NeuronMaps(maps, kept, scales, tuple(skipped), {})


def map_sides(layout: Layout) -> Array:
    """(L,) side in px of the maps of each layer (0 for layer 1 and where too small)."""
    sides = np.zeros(len(layout.sizes))
    for i in range(1, len(layout.sizes)):
        r = float(layout.radii[i])
        room = float(layout.xs[i] - layout.xs[i - 1]) - r - layout.half_width(i - 1)
        side = min(0.9 * float(layout.spacing[i]), 2.0 * r, 0.45 * room - MAP_GAP)
        sides[i] = np.floor(side) if side >= MIN_MAP_SIDE else 0.0
    return sides


def map_origin(layout: Layout, sides: Array, layer: int, j: int) -> tuple[int, int]:
    """Integer top-left of neuron j's map (left of the neuron, centred on it)."""
    i = layer - 1
    side = sides[i]
    x = layout.xs[i] - layout.radii[i] - MAP_GAP - side
    return int(round(x)), int(round(layout.ys[i][j] - side / 2))


@dataclass(frozen=True, eq=False)
class MapTiles:
    """The rounded map images of one NeuronMaps at one layout's sides, ready to blit."""

    sides: Array  # (L,) px per layer (0: none)
    images: dict[int, list[QtGui.QImage]]  # layer -> image per neuron


def make_tiles(neuron_maps: NeuronMaps, sides: Array) -> MapTiles:
    """Nearest-cell sampled, corner-masked images for the given sides (numpy, then QImage)."""
    images = {}
    for layer, values in neuron_maps.values.items():
        side = int(sides[layer - 1])
        if side <= 0:
            continue
        cells = sample_cells(values.shape[0], side)
        picked = map_colours(values[cells][:, cells], *neuron_maps.scales[layer])
        mask = rounded_mask(side)
        images[layer] = [rgb_image(np.ascontiguousarray(picked[:, :, j]), mask)
                         for j in range(values.shape[2])]
    return MapTiles(np.array(sides, dtype=float), images)


def skipped_note(skipped) -> str:
    """The headline note for layers too wide for maps."""
    if not skipped:
        return ""
    names = ", ".join(str(layer) for layer in skipped)
    word = "layer" if len(skipped) == 1 else "layers"
    return (f"neuron maps not drawn for {word} {names} "
            f"(over {MAX_MAP_NEURONS} neurons)")
