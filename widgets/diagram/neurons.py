"""Drawing the diagram's neurons: circles (or squares when tiny, or a grid's image), bias tabs,
values inside, the selection ring, each neuron's map beside it, and the x / y labels beside
the input and output columns.
"""

from __future__ import annotations

import numpy as np
import shiboken6
from PySide6 import QtCore, QtGui

from model.notation import brief, short
from widgets.diagram.chrome import LABEL_GAP, Chrome, label_lines
from widgets.diagram.compact import paint_grid
from widgets.diagram.layout import Grid
from widgets.diagram.maps import map_origin
from widgets.diagram.scene import Scene
from widgets.diagram.text import input_label, output_label
from widgets.diagram.theme import (
    BACKGROUND,
    EMPTY_FILL,
    LABEL_FONT,
    RING,
    Theme,
    metrics,
    text_height,
    text_width,
)

Array = np.ndarray

MIN_TAB_RADIUS = 12.0  # smaller neurons show their bias in the tooltip only
NEURON_TEXT_PT = (16.0, 14.0, 13.0, 12.0, 11.0)  # tried in turn until the layer's values fit


def draw_rects(p: QtGui.QPainter, rects: Array) -> None:
    if len(rects):
        p.drawRects(shiboken6.wrapInstance(rects.ctypes.data, QtCore.QRectF), len(rects))


def _visible(ys: Array, r: float, c: Chrome, xs: Array | None = None) -> Array:
    inside = (ys >= c.header - r) & (ys <= c.legend_y + r)
    if xs is not None:
        inside &= (xs >= -r) & (xs <= c.width + r)
    return np.flatnonzero(inside)


def _only(rows: Array, layer: int, only: tuple[int, int] | None) -> Array:
    """``rows`` of ``layer``, or of them just ``only``'s neuron when ``only`` is given."""
    if only is None:
        return rows
    return rows[rows == only[1]] if only[0] == layer else rows[:0]


def paint_maps(p: QtGui.QPainter, s: Scene, only: tuple[int, int] | None = None) -> None:
    """Each neuron's map left of it (or ``only`` that neuron's): a ready image per neuron,
    a thin rounded frame."""
    if s.tiles is None:
        return
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    p.setPen(QtGui.QPen(s.theme.outline, s.theme.line))
    for layer, images in s.tiles.images.items():
        side = float(s.tiles.sides[layer - 1])
        for j in _only(_visible(s.layout.ys[layer - 1], side, s.chrome), layer, only):
            x, y = map_origin(s.layout, s.tiles.sides, layer, int(j))
            p.drawImage(x, y, images[j])
            p.drawRoundedRect(QtCore.QRectF(x - 0.5, y - 0.5, side + 1, side + 1),
                              0.14 * side, 0.14 * side)


def paint_neurons(p: QtGui.QPainter, s: Scene, i: int,
                  only: tuple[int, int] | None = None) -> None:
    """Layer ``i + 1``'s neurons (or just ``only``), their bias tabs and values."""
    lay, plan = s.layout, s.plan
    x, r, ys = float(lay.xs[i]), float(lay.radii[i]), lay.ys[i]
    half = lay.half_width(i)
    if x < -half or x > s.chrome.width + half:
        return
    grid = lay.grid(i)
    rgb = plan.neuron_rgb[i]
    selected = s.selected_neuron
    if grid is not None and not grid.dots:
        paint_grid_neurons(p, s, i, grid, only)
        return
    xn = lay.neuron_xs(i)
    rows = _only(_visible(ys, r, s.chrome, None if grid is None else xn), i + 1, only)
    t = s.theme
    if r < 3.0:
        _tiny_neurons(p, xn[rows], ys[rows], max(r, 0.75), None if rgb is None else rgb[rows],
                      t)
        if selected is not None and selected[0] == i + 1 and selected[1] < len(ys):
            _ring(p, QtCore.QPointF(xn[selected[1]], float(ys[selected[1]])), max(r, 3.0), t)
        return
    empty_pen = QtGui.QPen(t.empty_outline, 1.5 * t.line, QtCore.Qt.PenStyle.DashLine)
    solid_pen = QtGui.QPen(t.outline, (1.5 if r >= 8 else 1.0) * t.line)
    bias = plan.bias_rgb[i]
    for j in rows:
        if rgb is None:
            p.setPen(empty_pen)
            p.setBrush(EMPTY_FILL)
        else:
            p.setPen(solid_pen)
            p.setBrush(QtGui.QColor(*(int(v) for v in rgb[j])))
        p.drawEllipse(QtCore.QPointF(xn[j], float(ys[j])), r, r)
    if selected is not None and selected[0] == i + 1 and selected[1] in rows:
        _ring(p, QtCore.QPointF(xn[selected[1]], float(ys[selected[1]])), r, t)
    if bias is not None and r >= MIN_TAB_RADIUS:
        p.setPen(QtGui.QPen(t.outline, t.line))
        for j in rows:
            p.setBrush(QtGui.QColor(*(int(v) for v in bias[j])))
            p.drawRect(bias_square(float(xn[j]), float(ys[j]), r, t))
    if s.show_values and rgb is not None and not (i == 0 and labels_fit(s, 0)
                                                  and s.chrome.label_detail == "full"):
        _values(p, xn, ys, rows, r, s.view.neuron_values[i], rgb, t)


def bias_square(x: float, y: float, r: float, t: Theme) -> QtCore.QRectF:
    """The bias tab of the neuron at (x, y) of radius r: a square on its upper left rim
    (maps sit further left, diagram.maps, clear of it)."""
    side = min(max(0.42 * r, 6.0), 14.0 * t.scale)
    return QtCore.QRectF(x - 0.78 * r - side / 2, y - 0.78 * r - side / 2, side, side)


def paint_grid_neurons(p: QtGui.QPainter, s: Scene, i: int, grid: Grid,
                       only: tuple[int, int] | None) -> None:
    """A compact layer drawn as an image (or, with ``only``, that neuron's cell), and the
    selection ring on its cell."""
    t = s.theme
    rgb = s.plan.neuron_rgb[i]
    n = s.layout.sizes[i]
    cell = None
    if only is not None:
        if only[0] != i + 1:
            return
        cell = only[1]
    paint_grid(p, grid, rgb, n, cell, t.outline, t.empty_outline, EMPTY_FILL, t.line)
    selected = s.selected_neuron
    if selected is not None and selected[0] == i + 1 and selected[1] < n:
        _ring(p, QtCore.QPointF(*grid.centre(selected[1])), max(grid.cell / 2, 3.0), t)


def _tiny_neurons(p: QtGui.QPainter, x: Array, ys: Array, r: float, rgb: Array | None,
                  t: Theme) -> None:
    """Neurons too small for circles: squares, one drawRects per colour."""
    rects = np.empty((len(ys), 4))
    rects[:, 0], rects[:, 1], rects[:, 2:] = x - r, ys - r, 2 * r
    if rgb is None:
        p.setPen(QtGui.QPen(t.empty_outline, 0))
        p.setBrush(EMPTY_FILL)
        draw_rects(p, rects)
        return
    p.setPen(QtCore.Qt.PenStyle.NoPen)
    packed = rgb.astype(np.int64) @ np.array([1 << 16, 1 << 8, 1])
    for colour in np.unique(packed):
        p.setBrush(QtGui.QColor(int(colour >> 16), int(colour >> 8 & 255), int(colour & 255)))
        draw_rects(p, np.ascontiguousarray(rects[packed == colour]))


def _ring(p: QtGui.QPainter, centre: QtCore.QPointF, r: float, t: Theme) -> None:
    """The selection: a white gap, then a heavy black ring around the neuron."""
    k = t.scale
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    p.setPen(QtGui.QPen(BACKGROUND, 3.0 * k))
    p.drawEllipse(centre, r + 2.5 * k, r + 2.5 * k)
    p.setPen(QtGui.QPen(RING, 4.0 * k))
    p.drawEllipse(centre, r + 5.5 * k, r + 5.5 * k)


def _values(p, xs: Array, ys: Array, rows: Array, r: float, values: Array, rgb: Array,
            t: Theme) -> None:
    """Each value inside its neuron (centres ``xs``, ``ys``), if the whole layer's values fit
    at ≥ 11 pt."""
    if not len(rows):
        return
    fitted = _fit_values([float(v) for v in values[rows]], r, t)
    if fitted is None:
        return
    f, texts = fitted
    p.setFont(f)
    light = (rgb[rows] @ np.array([0.299, 0.587, 0.114])) > 140
    for text, j, is_light in zip(texts, rows, light, strict=True):
        p.setPen(t.text if is_light else BACKGROUND)
        p.drawText(QtCore.QRectF(xs[j] - r, ys[j] - r, 2 * r, 2 * r),
                   QtCore.Qt.AlignmentFlag.AlignCenter, text)


def _fit_values(values: list[float], r: float, theme: Theme):
    """(font, texts) of the largest size and most digits that fit a circle of radius r."""
    for fmt in (short, brief):
        texts = [fmt(v) for v in values]
        longest_first = sorted(set(texts), key=len, reverse=True)  # to refuse a size early
        for points in NEURON_TEXT_PT:
            f = theme.font(points)
            half_h = metrics(f).ascent() / 2
            if all(np.hypot(text_width(f, t) / 2, half_h) <= r - 2  # the text
                   for t in longest_first):  # box's corners
                return f, texts
    return None


def labels_fit(s: Scene, i: int) -> bool:
    lines = 1 if i == 0 else 2  # an output label's y and a are stacked
    return (s.chrome.side_labels and s.layout.grid(i) is None
            and bool(s.layout.spacing[i] >= lines * text_height(s.theme.font(*LABEL_FONT))))


def side_label_texts(s: Scene) -> tuple[list[str], list[str]]:
    """The input and the output labels of every neuron as they are drawn (the names
    shortened alike, as much said as fits: ``Chrome.label_detail``); none where they do not
    fit."""
    view, detail = s.view, s.chrome.label_detail
    ins = [input_label(name, float(view.input[j]), detail)
           for j, name in enumerate(s.feature_names)] if labels_fit(s, 0) else []
    outs = [output_label(name, float(view.target[j]),
                         None if view.output is None else float(view.output[j]), detail)
            for j, name in enumerate(s.target_names)] if labels_fit(s, -1) else []
    return ins, outs


def paint_side_labels(p: QtGui.QPainter, s: Scene, only: tuple[int, int] | None = None) -> None:
    """x beside the inputs (left); y, and a once known, beside the outputs (right); with
    ``only``, just that neuron's label."""
    lay, c = s.layout, s.chrome
    p.setFont(s.theme.font(*LABEL_FONT))
    p.setPen(s.theme.text)
    line = text_height(s.theme.font(*LABEL_FONT))
    left = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter
    right = QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
    ins, outs = side_label_texts(s)
    if ins:
        x = lay.xs[0] - lay.radii[0] - LABEL_GAP * s.theme.scale
        for j in _only(_visible(lay.ys[0], line, c), 1, only):
            p.drawText(QtCore.QRectF(x - 600, lay.ys[0][j] - line, 600, 2 * line), right,
                       ins[j])
    if outs:
        x = lay.xs[-1] + lay.radii[-1] + LABEL_GAP * s.theme.scale
        for j in _only(_visible(lay.ys[-1], line, c), len(lay.sizes), only):
            parts = label_lines(outs[j], s.theme)
            y = lay.ys[-1][j] - line * len(parts) / 2
            for k, part in enumerate(parts):
                p.drawText(QtCore.QRectF(x, y + k * line, 600, line), left, part)
