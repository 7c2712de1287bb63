"""Where the diagram's neurons and edges sit: pure numpy geometry, no Qt.

Columns are spread over the diagram area (input left, output right); each layer spaces its
neurons over the area's height up to a cap, so a 10-neuron output layer keeps big, legible
circles beside a 64-neuron input layer. Zoom scales about the area's centre, pan shifts.
Edges are numbered ("rows") layer by layer in the row-major order of W^l, so edge (l, j, k)
is row ``offsets[l − 2] + j·n_(l−1) + k``; a segment runs source neuron → target neuron.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray

MAX_RADIUS = 42.0  # px at zoom 1: big enough for a value inside, small enough for 2-2-1
MAX_SPACING = 3.4 * MAX_RADIUS
RADIUS_PER_SPACING = 0.4
RADIUS_PER_GAP = 0.2


@dataclass(frozen=True)
class Area:
    """The rectangle the columns are fitted into (widget pixels)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def center(self) -> tuple[float, float]:
        return self.left + self.width / 2, self.top + self.height / 2


@dataclass(frozen=True)
class Layout:
    """Neuron centres and radii for one widget size, zoom and pan; edge segments on demand.

    Segments are made only for the edges asked for (the drawn ones): a network at the model's
    parameter limit would need 160 MB to hold all of them.
    """

    sizes: tuple[int, ...]
    xs: Array  # (L,) column x per layer
    ys: tuple[Array, ...]  # per layer, (n_l,) centre y
    radii: Array  # (L,) neuron radius per layer
    spacing: Array  # (L,) distance between neighbouring centres per layer

    def lines(self, rows: Array) -> Array:
        """(m, 4) C-contiguous float64 segments (x0, y0, x1, y1) of edge ``rows``."""
        layer, j, k = edges_of_rows(self.sizes, rows)
        starts = np.concatenate([[0], np.cumsum(self.sizes)])
        y_all = np.concatenate(self.ys)
        out = np.empty((len(rows), 4), dtype=np.float64)
        out[:, 0] = self.xs[layer - 2]
        out[:, 1] = y_all[starts[layer - 2] + k]
        out[:, 2] = self.xs[layer - 1]
        out[:, 3] = y_all[starts[layer - 1] + j]
        return out


def edge_offsets(sizes) -> Array:
    """First row of layer l's edges is offsets[l − 2]; offsets[-1] is the number of edges."""
    counts = [int(a) * int(b) for a, b in zip(sizes[1:], sizes[:-1], strict=True)]
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def edge_row(sizes, layer: int, j: int, k: int) -> int:
    return int(edge_offsets(sizes)[layer - 2]) + j * int(sizes[layer - 2]) + k


def edges_of_rows(sizes, rows: Array) -> tuple[Array, Array, Array]:
    """(layer, j, k) arrays of edge ``rows`` (layer in 2..L, j and k 0-based)."""
    rows = np.asarray(rows, dtype=np.int64)
    offsets = edge_offsets(sizes)
    target = np.searchsorted(offsets, rows, side="right")  # 0-based index of layer l
    n_prev = np.asarray(sizes, dtype=np.int64)[target - 1]
    j, k = np.divmod(rows - offsets[target - 1], n_prev)
    return target + 1, j, k


def compute_layout(sizes, area: Area, zoom: float = 1.0, pan=(0.0, 0.0)) -> Layout:
    """Fit the columns into ``area``, then zoom about its centre and shift by ``pan``."""
    sizes = tuple(int(n) for n in sizes)
    n_layers = len(sizes)
    gap = area.width / max(n_layers - 1, 1)
    spacing = np.minimum(area.height / np.asarray(sizes, float), MAX_SPACING)
    radii = np.minimum.reduce([RADIUS_PER_SPACING * spacing,
                               np.full(n_layers, MAX_RADIUS),
                               np.full(n_layers, RADIUS_PER_GAP * gap)])
    cx, cy = area.center
    xs = area.left + gap * np.arange(n_layers)
    xs = cx + (xs - cx) * zoom + pan[0]
    ys = tuple(cy + ((np.arange(n) - (n - 1) / 2) * s) * zoom + pan[1]
               for n, s in zip(sizes, spacing, strict=True))
    return Layout(sizes, xs, ys, radii * zoom, spacing * zoom)


def neuron_at(layout: Layout, x: float, y: float, slack: float = 2.0):
    """(layer, j) of the neuron under (x, y), or None."""
    for i, (cx, ys, r) in enumerate(zip(layout.xs, layout.ys, layout.radii, strict=True)):
        reach = r + slack
        if abs(x - cx) > reach:
            continue
        j = int(np.argmin(np.abs(ys - y)))
        if (x - cx) ** 2 + (y - ys[j]) ** 2 <= reach * reach:
            return i + 1, j
    return None


def edge_at(lines: Array, reach: Array, x: float, y: float):
    """Index into ``lines`` of the segment nearest to (x, y) within its ``reach`` (px), or None.

    Only segments whose x-range holds x are measured.
    """
    near = np.flatnonzero((lines[:, 0] - reach <= x) & (x <= lines[:, 2] + reach))
    if near.size == 0:
        return None
    d = segment_distance(lines[near], x, y) - reach[near]
    best = int(np.argmin(d))
    return int(near[best]) if d[best] <= 0 else None


def segment_distance(seg: Array, x: float, y: float) -> Array:
    """Distance from (x, y) to each segment (m, 4)."""
    x0, y0, x1, y1 = seg.T
    dx, dy = x1 - x0, y1 - y0
    length2 = np.maximum(dx * dx + dy * dy, 1e-12)
    t = np.clip(((x - x0) * dx + (y - y0) * dy) / length2, 0.0, 1.0)
    return np.hypot(x0 + t * dx - x, y0 + t * dy - y)
