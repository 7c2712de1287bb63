"""Where the diagram's neurons, edges and text strips sit, for one widget size and theme.

Neuron and edge geometry is numpy. Columns are spread over the diagram area (input left,
output right); each layer spaces its
neurons over the area's height up to a cap, so a 10-neuron output layer keeps big, legible
circles beside a 32-neuron hidden layer. A layer over WIDE_LAYER neurons is laid out compactly
as a ``Grid`` of cells: a perfect-square input or output layer as a square (8×8, 28×28: the
pixels of an image are its neurons, in row-major order), any other as a strip of as few
columns (filled top to bottom) as keep its cells STRIP_CELL px tall. A grid's cells are drawn
as one image until they are big enough, and few enough in view, to be drawn as neurons again
(``Grid.dots``). Zoom scales about the area's centre, pan shifts.
Edges are numbered ("rows") layer by layer in the row-major order of W^l, so edge (l, j, k)
is row ``offsets[l − 2] + j·n_(l−1) + k``; a segment runs source neuron → target neuron.
The strips around the area (headline, titles, scale row, controls, legend) are
diagram.chrome's; ``scaled_layout`` fits bigger neurons for presentation mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

Array = np.ndarray

MAX_RADIUS = 42.0  # px at zoom 1: big enough for a value inside, small enough for 2-2-1
MAX_SPACING = 3.4 * MAX_RADIUS
RADIUS_PER_SPACING = 0.4
RADIUS_PER_GAP = 0.2
SHARED_RADIUS = 16  # columns of up to this many neurons all take the smallest one's radius
WIDE_LAYER = 40  # layers with more neurons are laid out as a Grid
GRID_SHARE = 0.42  # a grid is at most this share of the gap between columns wide …
END_GRID_SHARE = 0.6  # … or this share for the input and output layers (moved in, see below)
STRIP_CELL = 8.0  # px: a strip takes as few columns as keep its cells this tall
DOT_CELL = 16.0  # px: grid cells at least this big are drawn as neurons (circles) …
MAX_DOTS = 160  # … when at most this many of the layer's neurons are in view (fill rate)


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
class Grid:
    """A compact layer's cells, in widget px. Row-major in a square (an image), column-major
    in a strip (a column wrapped into ``cols`` columns)."""

    rows: int
    cols: int
    square: bool
    left: float
    top: float
    cell: float
    dots: bool = False  # cells big enough (and few enough in view) to draw as neurons

    @property
    def width(self) -> float:
        return self.cols * self.cell

    @property
    def height(self) -> float:
        return self.rows * self.cell

    def place(self, n: int) -> tuple[Array, Array]:
        """(row, col) of each of the layer's ``n`` neurons."""
        j = np.arange(n)
        return divmod(j, self.cols) if self.square else (j % self.rows, j // self.rows)

    def centre(self, j: int) -> tuple[float, float]:
        """(x, y) of neuron j's cell centre."""
        row, col = divmod(j, self.cols) if self.square else (j % self.rows, j // self.rows)
        return self.left + (col + 0.5) * self.cell, self.top + (row + 0.5) * self.cell

    def index(self, row: int, col: int) -> int:
        return row * self.cols + col if self.square else col * self.rows + row

    def cell_at(self, n: int, x: float, y: float) -> int | None:
        """The neuron whose cell holds (x, y), or None."""
        col, row = (x - self.left) / self.cell, (y - self.top) / self.cell
        if not (0 <= col < self.cols and 0 <= row < self.rows):
            return None
        j = self.index(int(row), int(col))
        return j if j < n else None


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
    spacing: Array  # (L,) distance between neighbouring centres per layer (a grid's cell)
    grids: tuple[Grid | None, ...] = ()  # per layer; None (or empty): a plain column

    def grid(self, i: int) -> Grid | None:
        """Layer ``i + 1``'s grid, or None for a column."""
        return self.grids[i] if self.grids else None

    def neuron_xs(self, i: int) -> Array:
        """(n,) x of each neuron of layer ``i + 1`` (a column's all share ``xs[i]``)."""
        g = self.grid(i)
        if g is None:
            return np.full(self.sizes[i], float(self.xs[i]))
        return g.left + (g.place(self.sizes[i])[1] + 0.5) * g.cell

    def half_width(self, i: int) -> float:
        """Half the width layer ``i + 1`` takes around ``xs[i]``."""
        g = self.grid(i)
        return float(self.radii[i]) if g is None else g.width / 2

    def lines(self, rows: Array) -> Array:
        """(m, 4) C-contiguous float64 segments (x0, y0, x1, y1) of edge ``rows``."""
        layer, j, k = edges_of_rows(self.sizes, rows)
        starts = np.concatenate([[0], np.cumsum(self.sizes)])
        y_all = np.concatenate(self.ys)
        out = np.empty((len(rows), 4), dtype=np.float64)
        if any(g is not None for g in self.grids):
            x_all = np.concatenate([self.neuron_xs(i) for i in range(len(self.sizes))])
            out[:, 0] = x_all[starts[layer - 2] + k]
            out[:, 2] = x_all[starts[layer - 1] + j]
        else:
            out[:, 0] = self.xs[layer - 2]
            out[:, 2] = self.xs[layer - 1]
        out[:, 1] = y_all[starts[layer - 2] + k]
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


class GridShape(NamedTuple):
    """How a compact layer's cells are arranged (see ``Grid``)."""

    rows: int
    cols: int
    square: bool


def grid_shape(sizes, i: int, height: float, width: float) -> GridShape | None:
    """The shape of layer ``i + 1`` laid out compactly in ``height`` × ``width`` px, or None
    when it is a plain column (WIDE_LAYER neurons or fewer)."""
    n = int(sizes[i])
    if n <= WIDE_LAYER:
        return None
    side = int(round(np.sqrt(n)))
    if side * side == n and i in (0, len(sizes) - 1):
        return GridShape(side, side, True)
    cols = np.arange(1, min(n, 4096) + 1)
    rows = -(-n // cols)
    cells = np.minimum(height / rows, width / cols)
    tall = np.flatnonzero(cells >= STRIP_CELL)
    c = int(cols[tall[0]] if tall.size else cols[np.argmax(cells)])
    return GridShape(-(-n // c), c, False)


def compute_layout(sizes, area: Area, zoom: float = 1.0, pan=(0.0, 0.0),
                   fill: float = RADIUS_PER_SPACING, gap_fill: float = RADIUS_PER_GAP) -> Layout:
    """Fit the columns into ``area``, then zoom about its centre and shift by ``pan``.

    A neuron's radius is ``fill`` of its layer's spacing, at most ``gap_fill`` of the gap
    between columns and MAX_RADIUS; columns of up to
    SHARED_RADIUS neurons share the smallest of their radii (the widest one's), so a
    2-8-8-1 network's neurons are one size. A wider column keeps its own, smaller radius
    and leaves a 10-neuron output layer big beside it."""
    sizes = tuple(int(n) for n in sizes)
    n_layers = len(sizes)
    gap = area.width / max(n_layers - 1, 1)
    room = [(END_GRID_SHARE if i in (0, n_layers - 1) else GRID_SHARE) * gap
            for i in range(n_layers)]
    shapes = [grid_shape(sizes, i, area.height, room[i]) for i in range(n_layers)]
    spacing = np.minimum(area.height / np.asarray(sizes, float), MAX_SPACING)
    for i, shape in enumerate(shapes):
        if shape is not None:
            spacing[i] = min(area.height / shape.rows, room[i] / shape.cols, MAX_SPACING)
    radii = np.minimum.reduce([fill * spacing,
                               np.full(n_layers, MAX_RADIUS),
                               np.full(n_layers, gap_fill * gap)])
    shared = [i for i, sh in enumerate(shapes) if sh is None and sizes[i] <= SHARED_RADIUS]
    if shared:
        radii[shared] = radii[shared].min()
    cx, cy = area.center
    xs = area.left + gap * np.arange(n_layers)
    if any(shape is not None for shape in shapes) and n_layers > 1:
        # A grid at either end is moved in until it overhangs the area no more than a
        # neuron does; the columns between are spread evenly again.
        half = [0.0 if sh is None else sh.cols * s / 2 for sh, s in zip(shapes, spacing,
                                                                      strict=True)]
        first = max(xs[0], area.left - MAX_RADIUS + half[0])
        last = min(xs[-1], area.left + area.width + MAX_RADIUS - half[-1])
        xs = np.linspace(first, last, n_layers)
    xs = cx + (xs - cx) * zoom + pan[0]
    ys = tuple(cy + ((np.arange(n) - (n - 1) / 2) * s) * zoom + pan[1]
               for n, s in zip(sizes, spacing, strict=True))
    grids = tuple(None if shape is None else
                  _grid(shape, float(x), cy + pan[1], float(s) * zoom, area)
                  for shape, x, s in zip(shapes, xs, spacing, strict=True))
    if not any(g is not None for g in grids):
        return Layout(sizes, xs, ys, radii * zoom, spacing * zoom)
    ys = tuple(y if g is None else g.top + (g.place(n)[0] + 0.5) * g.cell
               for y, g, n in zip(ys, grids, sizes, strict=True))
    return Layout(sizes, xs, ys, radii * zoom, spacing * zoom, grids)


def _grid(shape: GridShape, x: float, y: float, cell: float, area: Area) -> Grid:
    """The grid of ``shape`` centred on (x, y); drawn as neurons when its cells are at least
    DOT_CELL px and at most MAX_DOTS of them lie in the area (or near it)."""
    rows, cols, square = shape
    left, top = x - cols * cell / 2, y - rows * cell / 2
    dots = False
    if cell >= DOT_CELL:
        margin = MAX_RADIUS + cell
        in_x = np.count_nonzero(_inside(left + (np.arange(cols) + 0.5) * cell,
                                        area.left - margin, area.left + area.width + margin))
        in_y = np.count_nonzero(_inside(top + (np.arange(rows) + 0.5) * cell,
                                        area.top - cell, area.top + area.height + cell))
        dots = bool(in_x * in_y <= MAX_DOTS)
    return Grid(rows, cols, square, left, top, cell, dots)


def _inside(v: Array, low: float, high: float) -> Array:
    return (v >= low) & (v <= high)


def neuron_at(layout: Layout, x: float, y: float, slack: float = 2.0):
    """(layer, j) of the neuron under (x, y), or None. In a grid drawn as an image the whole
    cell is the neuron; drawn as neurons, their circles are."""
    for i, (cx, ys, r) in enumerate(zip(layout.xs, layout.ys, layout.radii, strict=True)):
        g = layout.grid(i)
        if g is not None:
            j = g.cell_at(layout.sizes[i], x, y)
            if j is None:
                continue
            if not g.dots:
                return i + 1, j
            jx, jy = g.centre(j)
            if (x - jx) ** 2 + (y - jy) ** 2 <= (r + slack) ** 2:
                return i + 1, j
            continue
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


def scaled_layout(sizes, area: Area, zoom: float = 1.0, pan=(0.0, 0.0),
                  scale: float = 1.0, fill: float = RADIUS_PER_SPACING,
                  gap_fill: float = RADIUS_PER_GAP) -> Layout:
    """``compute_layout`` with its caps on radius and spacing multiplied by ``scale``: fitted
    into the area shrunk by ``scale`` about its centre, then scaled back up, so big neurons
    still fit the area."""
    if scale == 1.0:
        return compute_layout(sizes, area, zoom, pan, fill, gap_fill)
    cx, cy = area.center
    w, h = area.width / scale, area.height / scale
    small = compute_layout(sizes, Area(cx - w / 2, cy - h / 2, w, h), zoom,
                           (pan[0] / scale, pan[1] / scale), fill, gap_fill)
    grids = tuple(None if g is None else
                  Grid(g.rows, g.cols, g.square, cx + (g.left - cx) * scale,
                       cy + (g.top - cy) * scale, g.cell * scale, g.dots)
                  for g in small.grids)
    return Layout(small.sizes, cx + (small.xs - cx) * scale,
                  tuple(cy + (ys - cy) * scale for ys in small.ys), small.radii * scale,
                  small.spacing * scale, grids)
