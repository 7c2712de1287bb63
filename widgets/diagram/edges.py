"""Drawing the diagram's edges: all of them batched, the hovered and selected one on top, and
a spotlit neuron's edges over the veil.

One ``drawLines`` per (width bin, colour bin) group, the segments handed to Qt as a pointer
into a numpy array (no QLineF objects are made).
"""

from __future__ import annotations

import numpy as np
import shiboken6
from PySide6 import QtCore, QtGui

from widgets.colormap import NON_FINITE_RGB, bin_index, bin_rgb, to_rgb
from widgets.diagram.layout import edge_row, edges_of_rows
from widgets.diagram.lod import MIN_WIDTH
from widgets.diagram.plan import N_COLOUR_BINS, Plan
from widgets.diagram.scene import Scene
from widgets.diagram.theme import Theme

Array = np.ndarray

SPOTLIT_ONE_BY_ONE = 100  # a neuron with more edges has them drawn batched by colour bin
_SPOT_RGB = bin_rgb(N_COLOUR_BINS)


def draw_lines(p: QtGui.QPainter, lines: Array) -> None:
    """One drawLines call over an (m, 4) C-contiguous float64 array, without copying."""
    if len(lines):
        p.drawLines(shiboken6.wrapInstance(lines.ctypes.data, QtCore.QLineF), len(lines))


def _pen(rgb, width: float) -> QtGui.QPen:
    pen = QtGui.QPen(QtGui.QColor(*rgb), width)
    pen.setCapStyle(QtCore.Qt.PenCapStyle.FlatCap)
    return pen


def _inked(rgb, t: Theme) -> tuple[int, int, int]:
    """An edge colour as the theme draws it (darker in high contrast, so it stands out)."""
    return tuple(int(round(float(v) * t.edge_ink)) for v in rgb)


def paint_edges(p: QtGui.QPainter, s: Scene) -> None:
    t = s.theme
    for g in s.plan.groups:
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, g.smooth)
        p.setPen(_pen(_inked(g.rgb, t), g.width * t.scale))
        draw_lines(p, s.lines[g.start:g.stop])


def paint_highlighted_edges(p: QtGui.QPainter, s: Scene) -> None:
    """The hovered and the selected edge: their colour inside a black outline, on top."""
    for edge, outer in ((s.hovered_edge, 9.0), (s.selected_edge, 12.0)):
        if edge is None or edge[0] - 2 >= len(s.view.edge_values):
            continue
        layer, j, k = edge
        seg = s.layout.lines(np.array([edge_row(s.layout.sizes, layer, j, k)]))
        rgb = to_rgb(s.view.edges(layer)[j, k], s.plan.edge_scales[layer - 2])
        p.setPen(_pen((0, 0, 0), outer))
        draw_lines(p, seg)
        p.setPen(_pen(tuple(int(v) for v in rgb), outer - 5.0))
        draw_lines(p, seg)


def spotlight_rows(sizes, layer: int, j: int) -> Array:
    """Edge rows (diagram.layout numbering) into and out of neuron j of ``layer``."""
    offsets = np.concatenate([[0], np.cumsum(np.multiply(sizes[1:], sizes[:-1]))])
    rows = []
    if layer >= 2:  # W^layer[j, :]
        start = offsets[layer - 2] + j * sizes[layer - 2]
        rows.append(np.arange(start, start + sizes[layer - 2]))
    if layer < len(sizes):  # W^(layer+1)[:, j]
        rows.append(offsets[layer - 1] + np.arange(sizes[layer]) * sizes[layer - 1] + j)
    return np.concatenate(rows).astype(np.int64) if rows else np.zeros(0, np.int64)


def paint_spotlit_edges(p: QtGui.QPainter, s: Scene, layer: int, j: int) -> None:
    """The neuron's edges in their own colours, as wide as drawn (1 px if not drawn)."""
    rows = spotlight_rows(s.layout.sizes, layer, j)
    if not len(rows):
        return
    width = _drawn_widths(s.plan, rows)
    gaps, tj, tk = edges_of_rows(s.layout.sizes, rows)
    lines = _trimmed(s.layout.lines(rows), s.layout.radii[gaps - 2], s.layout.radii[gaps - 1])
    t = s.theme
    if len(rows) > SPOTLIT_ONE_BY_ONE:
        _spotlit_batched(p, s, lines, gaps, tj, tk, width)
        return
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    for i, (g, a, b) in enumerate(zip(gaps, tj, tk, strict=True)):
        rgb = to_rgb(s.view.edges(g)[a, b], s.plan.edge_scales[g - 2])
        p.setPen(_pen(_inked(rgb, t), float(width[i]) * t.scale))
        draw_lines(p, np.ascontiguousarray(lines[i:i + 1]))


def _drawn_widths(plan: Plan, rows: Array) -> Array:
    """The pen width each of edge ``rows`` is drawn with (1 px where it is not drawn)."""
    order = np.argsort(plan.rows, kind="stable")
    drawn = plan.rows[order]
    at = np.minimum(np.searchsorted(drawn, rows), max(len(drawn) - 1, 0))
    found = (drawn[at] == rows) if len(drawn) else np.zeros(len(rows), bool)
    return np.where(found, plan.widths[order][at] if len(drawn) else 1.0, 1.0)


def _spotlit_batched(p: QtGui.QPainter, s: Scene, lines: Array, gaps: Array, tj: Array,
                     tk: Array, width: Array) -> None:
    """Many spotlit edges (a neuron of a 784-wide layer): one unantialiased drawLines per
    (colour bin, width), as the level of detail draws edges."""
    t = s.theme
    colour = np.empty(len(lines), dtype=np.intp)
    for g in np.unique(gaps):
        at = gaps == g
        values = s.view.edges(g)[tj[at], tk[at]]
        colour[at] = bin_index(values, s.plan.edge_scales[g - 2], N_COLOUR_BINS)
    pens = np.maximum(width * t.scale, MIN_WIDTH)
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
    for c in np.unique(colour):
        for w in np.unique(pens[colour == c]):
            pick = (colour == c) & (pens == w)
            rgb = NON_FINITE_RGB if c < 0 else tuple(int(v) for v in _SPOT_RGB[c])
            p.setPen(_pen(_inked(rgb, t), float(w)))
            draw_lines(p, np.ascontiguousarray(lines[pick]))
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)


def _trimmed(lines: Array, r0: Array, r1: Array) -> Array:
    """Segments stopped at the circles they join (veiled neighbours are not crossed)."""
    d = lines[:, 2:] - lines[:, :2]
    n = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)[:, None]
    out = np.empty_like(lines)
    out[:, :2] = lines[:, :2] + d / n * r0[:, None]
    out[:, 2:] = lines[:, 2:] - d / n * r1[:, None]
    return out
