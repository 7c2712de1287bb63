"""QPainter drawing of the network diagram, for the widget and for images alike.

Everything per edge is batched: one ``drawLines`` per (width bin, colour bin) group, the
segments handed to Qt as a pointer into a numpy array (no QLineF objects are made). Fonts
are in points and at least 11 pt; the headline and legend sit on opaque strips so a zoomed
diagram slides underneath them. Big networks add a level of detail (diagram_lod): a band
for the hidden edges under the drawn ones, compact layers as images (diagram_compact), and
the note saying what is not drawn.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass, field

import numpy as np
import shiboken6
from PySide6 import QtCore, QtGui

from model.notation import brief, short
from model.stepview import StepView
from widgets.colormap import NON_FINITE_RGB, Scale, bin_index, bin_rgb, to_rgb
from widgets.diagram_compact import paint_bands, paint_grid
from widgets.diagram_controls import STRIP, Control, paint_controls
from widgets.diagram_layout import (
    MAX_RADIUS,
    MAX_SPACING,
    WIDE_LAYER,
    Area,
    Grid,
    Layout,
    compute_layout,
    edge_row,
    edges_of_rows,
)
from widgets.diagram_lod import MIN_WIDTH, Lod, headline_with_lod
from widgets.diagram_maps import BIG_SIDE, MapTiles, map_origin
from widgets.diagram_plan import N_COLOUR_BINS, Plan
from widgets.diagram_text import (
    ZERO_SCALE,
    input_label,
    layer_title,
    legend_entries,
    legend_numbers,
    output_label,
    scale_text,
)

Array = np.ndarray

PAD = 16
LABEL_GAP = 10
TITLE_GAP = 5  # between a layer's title and its size line
MIN_TAB_RADIUS = 12.0  # smaller neurons show their bias in the tooltip only
BACKGROUND = QtGui.QColor(255, 255, 255)
TEXT = QtGui.QColor(33, 33, 33)
MUTED = QtGui.QColor(95, 95, 95)
OUTLINE = QtGui.QColor(70, 70, 70)
EMPTY_OUTLINE = QtGui.QColor(140, 140, 140)
BAND = QtGui.QColor(255, 240, 190)
RING = QtGui.QColor(0, 0, 0)
EMPTY_FILL = QtGui.QColor(255, 255, 255)
NEURON_TEXT_PT = (16.0, 14.0, 13.0, 12.0, 11.0)  # tried in turn until the layer's values fit
SYMBOL = {"a": "a", "delta": "δ", "w": "w", "grad_w": "∂C/∂w"}


_SPOT_RGB = bin_rgb(N_COLOUR_BINS)
PRESENTATION_MIN_POINTS = 16.0
VEIL = QtGui.QColor(255, 255, 255, 200)  # over what the spotlight leaves out


@dataclass(frozen=True)
class Theme:
    """How the diagram is drawn: the desk look (``NORMAL``) or presentation mode's, made
    for a projector at the back of a hall (``presentation_theme``)."""

    scale: float = 1.0  # fonts, neurons, outlines and edge widths are multiplied by it
    min_points: float = 0.0  # no text smaller than this
    text: QtGui.QColor = field(default_factory=lambda: QtGui.QColor(TEXT))
    muted: QtGui.QColor = field(default_factory=lambda: QtGui.QColor(MUTED))
    outline: QtGui.QColor = field(default_factory=lambda: QtGui.QColor(OUTLINE))
    empty_outline: QtGui.QColor = field(default_factory=lambda: QtGui.QColor(EMPTY_OUTLINE))
    band: QtGui.QColor = field(default_factory=lambda: QtGui.QColor(BAND))
    line: float = 1.0  # outline widths are multiplied by it
    edge_ink: float = 1.0  # edge colours are multiplied by it (< 1: darker, stronger on white)


NORMAL = Theme()


def presentation_theme(scale: float = 1.5, high_contrast: bool = True) -> Theme:
    """Bigger everything (text at least 16 pt); with ``high_contrast`` pure black text and
    outlines, thicker outlines, a stronger band and darker edge colours on the white."""
    if not high_contrast:
        return Theme(scale, PRESENTATION_MIN_POINTS, line=scale)
    black = QtGui.QColor(0, 0, 0)
    return Theme(scale, PRESENTATION_MIN_POINTS, black, QtGui.QColor(25, 25, 25), black,
                 QtGui.QColor(45, 45, 45), QtGui.QColor(255, 222, 120), line=2.0 * scale,
                 edge_ink=0.78)


_THEME = [NORMAL]  # the theme of the paint in progress (painting is on the GUI thread only)


def current_theme() -> Theme:
    return _THEME[-1]


@contextlib.contextmanager
def themed(theme: Theme):
    """Paint (and measure text) with ``theme`` inside the block."""
    _THEME.append(theme)
    try:
        yield theme
    finally:
        _THEME.pop()


def font(points: float, bold: bool = False) -> QtGui.QFont:
    """A font of the application's family at ``points`` as the current theme scales it."""
    t = current_theme()
    return _font(max(points * t.scale, t.min_points), bold)


@functools.cache
def _font(points: float, bold: bool) -> QtGui.QFont:
    """Made on first use, as a font made before the QApplication exists has no family and
    wrong metrics."""
    f = QtGui.QFont()
    f.setPointSizeF(points)
    f.setBold(bold)
    return f


def text_points(theme: Theme = NORMAL) -> dict[str, float]:
    """The point size of each kind of text the diagram draws, under ``theme``."""
    kinds = {"caption": CAPTION_FONT, "headline": HEADLINE_FONT, "note": NOTE_FONT,
             "title": TITLE_FONT, "small": SMALL_FONT, "label": LABEL_FONT}
    with themed(theme):
        return {k: font(*v).pointSizeF() for k, v in kinds.items()}


def scaled_layout(sizes, area: Area, zoom: float = 1.0, pan=(0.0, 0.0),
                  scale: float = 1.0) -> Layout:
    """``compute_layout`` with its caps on radius and spacing multiplied by ``scale``: fitted
    into the area shrunk by ``scale`` about its centre, then scaled back up, so big neurons
    still fit the area."""
    if scale == 1.0:
        return compute_layout(sizes, area, zoom, pan)
    cx, cy = area.center
    w, h = area.width / scale, area.height / scale
    small = compute_layout(sizes, Area(cx - w / 2, cy - h / 2, w, h), zoom,
                           (pan[0] / scale, pan[1] / scale))
    grids = tuple(None if g is None else
                  Grid(g.rows, g.cols, g.square, cx + (g.left - cx) * scale,
                       cy + (g.top - cy) * scale, g.cell * scale, g.dots)
                  for g in small.grids)
    return Layout(small.sizes, cx + (small.xs - cx) * scale,
                  tuple(cy + (ys - cy) * scale for ys in small.ys), small.radii * scale,
                  small.spacing * scale, grids)


CAPTION_FONT = (16.0, True)  # (points, bold), made into QFonts by ``font`` when used
CAPTION_FONTS = (CAPTION_FONT, (14.0, True), (13.0, True))  # tried in turn
HEADLINE_FONT = (13.0, False)
NOTE_FONT = (12.0, False)
TITLE_FONT = (13.0, False)
TITLE_ACTIVE_FONT = (13.0, True)
SMALL_FONT = (11.0, False)
LABEL_FONT = (12.0, False)


@dataclass(frozen=True)
class Chrome:
    """Where the text around the diagram goes, for one image size."""

    width: int
    height: int
    area: Area
    header: float  # bottom of the headline strip
    title_y: float  # top of the layer titles
    footer_y: float  # top of the per-layer scale row
    legend_y: float  # top of the legend strip
    side_labels: bool  # x beside the inputs, y and a beside the outputs, where they fit
    caption_wraps: bool  # room for a caption on two lines
    controls_y: float | None = None  # top of the +/− controls strip (None: no strip)


@dataclass(frozen=True)
class Popup:
    """The enlarged neuron map drawn near the cursor while a neuron is hovered."""

    image: QtGui.QImage
    at: QtCore.QPointF  # the cursor
    title: str
    marker: tuple[float, float] | None = None  # the shown sample in the map (0..1, 0..1)


@dataclass(frozen=True)
class Scene:
    """Everything one paint needs; built by the widget from the session."""

    chrome: Chrome
    layout: Layout
    plan: Plan
    lines: Array  # segments of plan.rows, same order
    view: StepView
    activation_names: tuple[str, ...]
    feature_names: tuple[str, ...]
    target_names: tuple[str, ...]
    caption: str
    headline: str
    selected_neuron: tuple[int, int] | None
    selected_edge: tuple[int, int, int] | None
    hovered_edge: tuple[int, int, int] | None
    show_values: bool
    tiles: MapTiles | None = None  # neuron maps, when shown
    notes: tuple[str, ...] = ()  # extra headline lines
    controls: tuple[Control, ...] = ()
    hovered_control: Control | None = None
    popup: Popup | None = None
    nudge: tuple[str, QtCore.QPointF] | None = None  # Alt-drag preview text and where
    theme: Theme = NORMAL
    spotlight: tuple[int, int] | None = None  # (layer, j): everything else is dimmed
    lod: Lod | None = None  # a big network's level of detail (None: every edge is drawn)


def _height(f: QtGui.QFont) -> float:
    return QtGui.QFontMetricsF(f).height()


def _text_width(f: QtGui.QFont, text: str) -> float:
    return QtGui.QFontMetricsF(f).horizontalAdvance(text)


def make_chrome(width: int, height: int, sizes, activation_names, feature_names,
                target_names, capped: bool, captions, notes: int = 0,
                controls: bool = False, theme: Theme = NORMAL) -> Chrome:
    """Strips for headline, titles, scale row and legend; the diagram area is what is left.

    ``captions`` are all the steps' captions: the headline gets a second caption line when
    the longest one does not fit on one. ``notes`` extra headline lines are made room for,
    and with ``controls`` a strip for the +/− buttons under the columns. Text is measured
    in ``theme``'s sizes.
    """
    with themed(theme):
        return _make_chrome(width, height, sizes, activation_names, feature_names,
                            target_names, capped, captions, notes, controls, theme.scale)


def _make_chrome(width, height, sizes, activation_names, feature_names, target_names,
                 capped, captions, notes, controls, scale) -> Chrome:
    wraps = max(_text_width(font(*CAPTION_FONTS[-1]), t) for t in captions) > width - 2 * PAD
    header = PAD + _height(font(*CAPTION_FONT)) * (2 if wraps else 1) + 4
    header += _height(font(*HEADLINE_FONT))
    header += _height(font(*NOTE_FONT)) * (int(capped) + notes)
    title_y = header + 6
    top = title_y + _height(font(*TITLE_FONT)) + TITLE_GAP + _height(font(*SMALL_FONT)) + 10
    top += MAX_RADIUS * scale * 0.2
    legend_y = height - legend_height()
    footer_y = legend_y - _height(font(*SMALL_FONT)) - 6
    bottom = footer_y - 8 - (STRIP if controls else 0.0)
    area_h = max(bottom - top, 40.0)
    line = _height(font(*LABEL_FONT))
    show_in = min(area_h / sizes[0], MAX_SPACING * scale) >= line and sizes[0] <= WIDE_LAYER
    show_out = (min(area_h / sizes[-1], MAX_SPACING * scale) >= line
                and sizes[-1] <= WIDE_LAYER)
    titles = [layer_title(layer, sizes, activation_names)[0] for layer in (1, len(sizes))]
    half_title = [_text_width(font(*TITLE_ACTIVE_FONT), t) / 2 for t in titles]
    in_w = LABEL_GAP * scale + max(_text_width(font(*LABEL_FONT), input_label(n, -0.888))
                           for n in feature_names) if show_in else 0.0
    out_w = LABEL_GAP * scale + max(_text_width(font(*LABEL_FONT), output_label(n, -0.888, -0.888))
                            for n in target_names) if show_out else 0.0
    side_labels = width - in_w - out_w - 2 * (PAD + MAX_RADIUS * scale) >= width / 2
    if not side_labels:  # a narrow window: the columns need the room more than the labels
        in_w = out_w = 0.0
    left = max(PAD + MAX_RADIUS * scale + in_w, PAD + half_title[0])
    right = max(PAD + MAX_RADIUS * scale + out_w, PAD + half_title[1])
    area = Area(left, top, max(width - left - right, 40.0), area_h)
    return Chrome(width, height, area, header, title_y, footer_y, legend_y, side_labels,
                  wraps, bottom + 4.0 if controls else None)


def legend_height() -> float:
    return _height(font(*SMALL_FONT)) * 2 + 16 + 2 * 8


def draw_lines(p: QtGui.QPainter, lines: Array) -> None:
    """One drawLines call over an (m, 4) C-contiguous float64 array, without copying."""
    if len(lines):
        p.drawLines(shiboken6.wrapInstance(lines.ctypes.data, QtCore.QLineF), len(lines))


def draw_rects(p: QtGui.QPainter, rects: Array) -> None:
    if len(rects):
        p.drawRects(shiboken6.wrapInstance(rects.ctypes.data, QtCore.QRectF), len(rects))


def paint_scene(p: QtGui.QPainter, s: Scene) -> None:
    paint_base(p, s)
    paint_overlay(p, s)


def paint_base(p: QtGui.QPainter, s: Scene) -> None:
    """Background, active-layer band and edges: what only changes with the step or geometry."""
    c = s.chrome
    with themed(s.theme):
        p.fillRect(QtCore.QRectF(0, 0, c.width, c.height), BACKGROUND)
        _band(p, s)
        paint_bands(p, s.layout, s.lod)
        _edges(p, s)


def paint_overlay(p: QtGui.QPainter, s: Scene) -> None:
    """Highlighted edges, neurons and all text, over ``paint_base``; then the spotlight."""
    p.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing, True)
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    with themed(s.theme):
        _highlighted_edges(p, s)
        _maps(p, s)
        for i in range(len(s.layout.sizes)):
            _neurons(p, s, i)
        _side_labels(p, s)
        if s.controls:
            paint_controls(p, s.controls, s.hovered_control)
        _titles_and_scales(p, s)
        _spotlight(p, s)
        _headline(p, s)
        _legend(p, s)
        _popup(p, s)
        _nudge(p, s)


def _maps(p: QtGui.QPainter, s: Scene, only: tuple[int, int] | None = None) -> None:
    """Each neuron's map left of it (or ``only`` that neuron's): a ready image per neuron,
    a thin rounded frame."""
    if s.tiles is None:
        return
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    p.setPen(QtGui.QPen(current_theme().outline, current_theme().line))
    for layer, images in s.tiles.images.items():
        side = float(s.tiles.sides[layer - 1])
        for j in _only(_visible(s.layout.ys[layer - 1], side, s.chrome), layer, only):
            x, y = map_origin(s.layout, s.tiles.sides, layer, int(j))
            p.drawImage(x, y, images[j])
            p.drawRoundedRect(QtCore.QRectF(x - 0.5, y - 0.5, side + 1, side + 1),
                              0.14 * side, 0.14 * side)


def popup_rects(pop: Popup, c: Chrome) -> tuple[QtCore.QRectF, QtCore.QRectF]:
    """(box, map) of the enlarged map: beside the cursor, flipped left at the right edge."""
    side = float(BIG_SIDE)
    f = font(*SMALL_FONT)
    line = _height(f)
    w = max(side, _text_width(f, pop.title)) + 16
    h = side + line + 20
    x = pop.at.x() + 18
    if x + w > c.width - 4:
        x = pop.at.x() - 18 - w
    y = min(max(pop.at.y() + 18, 4.0), c.height - h - 4)
    box = QtCore.QRectF(max(x, 4.0), y, w, h)
    return box, QtCore.QRectF(box.x() + (w - side) / 2, box.y() + line + 12, side, side)


def _popup(p: QtGui.QPainter, s: Scene) -> None:
    """The hovered neuron's map, enlarged, beside the cursor (kept inside the image)."""
    pop = s.popup
    if pop is None:
        return
    box, target = popup_rects(pop, s.chrome)
    f = font(*SMALL_FONT)
    line = _height(f)
    side, w = target.width(), box.width()
    p.setPen(QtGui.QPen(current_theme().outline, 1.0))
    p.setBrush(BACKGROUND)
    p.drawRoundedRect(box, 8, 8)
    p.setFont(f)
    p.setPen(current_theme().text)
    p.drawText(QtCore.QRectF(box.x() + 8, box.y() + 6, w - 16, line),
               QtCore.Qt.AlignmentFlag.AlignLeft, pop.title)
    p.drawImage(target, pop.image)
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    p.drawRect(target)
    if pop.marker is not None:
        mx = target.x() + pop.marker[0] * side
        my = target.y() + pop.marker[1] * side
        for colour, width in ((BACKGROUND, 5.0), (RING, 2.0)):
            p.setPen(QtGui.QPen(colour, width))
            p.drawEllipse(QtCore.QPointF(mx, my), 6, 6)


def _nudge(p: QtGui.QPainter, s: Scene) -> None:
    """While Alt-dragging an edge: the weight before and after, in a box by the cursor."""
    if s.nudge is None:
        return
    text, at = s.nudge
    f = font(*LABEL_FONT, True)
    rect = QtCore.QRectF(at.x() + 16, at.y() - 14, _text_width(f, text) + 16,
                         _height(f) + 8)
    rect.moveLeft(min(rect.left(), s.chrome.width - rect.width() - 4))
    p.setPen(QtGui.QPen(current_theme().outline, 1.0))
    p.setBrush(current_theme().band)
    p.drawRoundedRect(rect, 6, 6)
    p.setFont(f)
    p.setPen(current_theme().text)
    p.drawText(rect, QtCore.Qt.AlignmentFlag.AlignCenter, text)


def _band(p: QtGui.QPainter, s: Scene) -> None:
    layer = s.view.step.layer
    if layer is None:
        return
    x, r = s.layout.xs[layer - 1], s.layout.radii[layer - 1]
    half = max(1.6 * r, 40.0)
    if s.layout.grid(layer - 1) is not None:
        half = max(s.layout.half_width(layer - 1) + 12.0, half)
    top = s.chrome.title_y - 4
    rect = QtCore.QRectF(x - half, top, 2 * half, s.chrome.footer_y - top)
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    p.setPen(QtCore.Qt.PenStyle.NoPen)
    p.setBrush(current_theme().band)
    p.drawRoundedRect(rect, 12, 12)


def _pen(rgb, width: float) -> QtGui.QPen:
    pen = QtGui.QPen(QtGui.QColor(*rgb), width)
    pen.setCapStyle(QtCore.Qt.PenCapStyle.FlatCap)
    return pen


def _edges(p: QtGui.QPainter, s: Scene) -> None:
    t = s.theme
    for g in s.plan.groups:
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, g.smooth)
        p.setPen(_pen(_inked(g.rgb, t), g.width * t.scale))
        draw_lines(p, s.lines[g.start:g.stop])


def _inked(rgb, t: Theme) -> tuple[int, int, int]:
    """An edge colour as the theme draws it (darker in high contrast, so it stands out)."""
    return tuple(int(round(float(v) * t.edge_ink)) for v in rgb)


def _highlighted_edges(p: QtGui.QPainter, s: Scene) -> None:
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


def _neurons(p: QtGui.QPainter, s: Scene, i: int, only: tuple[int, int] | None = None) -> None:
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
        _grid_neurons(p, s, i, grid, only)
        return
    xn = lay.neuron_xs(i)
    rows = _only(_visible(ys, r, s.chrome, None if grid is None else xn), i + 1, only)
    if r < 3.0:
        _tiny_neurons(p, xn[rows], ys[rows], max(r, 0.75), None if rgb is None else rgb[rows])
        if selected is not None and selected[0] == i + 1 and selected[1] < len(ys):
            _ring(p, QtCore.QPointF(xn[selected[1]], float(ys[selected[1]])), max(r, 3.0))
        return
    t = current_theme()
    empty_pen = QtGui.QPen(t.empty_outline, 1.5 * t.line, QtCore.Qt.PenStyle.DashLine)
    solid_pen = QtGui.QPen(t.outline, (1.5 if r >= 8 else 1.0) * t.line)
    bias = plan.bias_rgb[i]
    side = min(max(0.42 * r, 6.0), 14.0)
    for j in rows:
        if rgb is None:
            p.setPen(empty_pen)
            p.setBrush(EMPTY_FILL)
        else:
            p.setPen(solid_pen)
            p.setBrush(QtGui.QColor(*(int(v) for v in rgb[j])))
        p.drawEllipse(QtCore.QPointF(xn[j], float(ys[j])), r, r)
    if selected is not None and selected[0] == i + 1 and selected[1] in rows:
        _ring(p, QtCore.QPointF(xn[selected[1]], float(ys[selected[1]])), r)
    if bias is not None and r >= MIN_TAB_RADIUS:
        p.setPen(QtGui.QPen(t.outline, t.line))
        for j in rows:
            p.setBrush(QtGui.QColor(*(int(v) for v in bias[j])))
            p.drawRect(QtCore.QRectF(xn[j] - 0.78 * r - side / 2, ys[j] - 0.78 * r - side / 2,
                                     side, side))
    if s.show_values and rgb is not None and not (i == 0 and _labels_fit(s, 0)):
        _values(p, xn, ys, rows, r, s.view.neuron_values[i], rgb)


def _grid_neurons(p: QtGui.QPainter, s: Scene, i: int, grid: Grid,
                  only: tuple[int, int] | None) -> None:
    """A compact layer drawn as an image (or, with ``only``, that neuron's cell), and the
    selection ring on its cell."""
    t = current_theme()
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
        _ring(p, QtCore.QPointF(*grid.centre(selected[1])), max(grid.cell / 2, 3.0))


def _tiny_neurons(p: QtGui.QPainter, x: Array, ys: Array, r: float, rgb: Array | None) -> None:
    """Neurons too small for circles: squares, one drawRects per colour."""
    rects = np.empty((len(ys), 4))
    rects[:, 0], rects[:, 1], rects[:, 2:] = x - r, ys - r, 2 * r
    if rgb is None:
        p.setPen(QtGui.QPen(current_theme().empty_outline, 0))
        p.setBrush(EMPTY_FILL)
        draw_rects(p, rects)
        return
    p.setPen(QtCore.Qt.PenStyle.NoPen)
    packed = rgb.astype(np.int64) @ np.array([1 << 16, 1 << 8, 1])
    for colour in np.unique(packed):
        p.setBrush(QtGui.QColor(int(colour >> 16), int(colour >> 8 & 255), int(colour & 255)))
        draw_rects(p, np.ascontiguousarray(rects[packed == colour]))


def _ring(p: QtGui.QPainter, centre: QtCore.QPointF, r: float) -> None:
    """The selection: a white gap, then a heavy black ring around the neuron."""
    k = current_theme().scale
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    p.setPen(QtGui.QPen(BACKGROUND, 3.0 * k))
    p.drawEllipse(centre, r + 2.5 * k, r + 2.5 * k)
    p.setPen(QtGui.QPen(RING, 4.0 * k))
    p.drawEllipse(centre, r + 5.5 * k, r + 5.5 * k)


def _values(p, xs: Array, ys: Array, rows: Array, r: float, values: Array, rgb: Array) -> None:
    """Each value inside its neuron (centres ``xs``, ``ys``), if the whole layer's values fit
    at ≥ 11 pt."""
    if not len(rows):
        return
    fitted = _fit_values([float(v) for v in values[rows]], r)
    if fitted is None:
        return
    f, texts = fitted
    p.setFont(f)
    light = (rgb[rows] @ np.array([0.299, 0.587, 0.114])) > 140
    for text, j, is_light in zip(texts, rows, light, strict=True):
        p.setPen(current_theme().text if is_light else BACKGROUND)
        p.drawText(QtCore.QRectF(xs[j] - r, ys[j] - r, 2 * r, 2 * r),
                   QtCore.Qt.AlignmentFlag.AlignCenter, text)


def _fit_values(values: list[float], r: float):
    """(font, texts) of the largest size and most digits that fit a circle of radius r."""
    for fmt in (short, brief):
        texts = [fmt(v) for v in values]
        longest_first = sorted(set(texts), key=len, reverse=True)  # to refuse a size early
        for points in NEURON_TEXT_PT:
            f = font(points)
            metrics = QtGui.QFontMetricsF(f)
            half_h = metrics.ascent() / 2
            if all(np.hypot(metrics.horizontalAdvance(t) / 2, half_h) <= r - 2  # the text
                   for t in longest_first):  # box's corners
                return f, texts
    return None


def _labels_fit(s: Scene, i: int) -> bool:
    return (s.chrome.side_labels and s.layout.grid(i) is None
            and bool(s.layout.spacing[i] >= _height(font(*LABEL_FONT))))


def _side_labels(p: QtGui.QPainter, s: Scene, only: tuple[int, int] | None = None) -> None:
    """x beside the inputs (left); y, and a once known, beside the outputs (right); with
    ``only``, just that neuron's label."""
    lay, view, c = s.layout, s.view, s.chrome
    p.setFont(font(*LABEL_FONT))
    p.setPen(current_theme().text)
    line = _height(font(*LABEL_FONT))
    left = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter
    right = QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
    if _labels_fit(s, 0):
        x = lay.xs[0] - lay.radii[0] - LABEL_GAP * s.theme.scale
        for j in _only(_visible(lay.ys[0], line, c), 1, only):
            text = input_label(s.feature_names[j], float(view.input[j]))
            p.drawText(QtCore.QRectF(x - 600, lay.ys[0][j] - line, 600, 2 * line), right, text)
    if _labels_fit(s, -1):
        x = lay.xs[-1] + lay.radii[-1] + LABEL_GAP * s.theme.scale
        for j in _only(_visible(lay.ys[-1], line, c), len(lay.sizes), only):
            out = None if view.output is None else float(view.output[j])
            text = output_label(s.target_names[j], float(view.target[j]), out)
            p.drawText(QtCore.QRectF(x, lay.ys[-1][j] - line, 600, 2 * line), left, text)


def _titles_and_scales(p: QtGui.QPainter, s: Scene) -> None:
    """Layer titles above the columns; each layer's scale below them when layers differ."""
    c, lay, plan = s.chrome, s.layout, s.plan
    strip = c.area.top - c.header - MAX_RADIUS * s.theme.scale * 0.2
    p.fillRect(QtCore.QRectF(0, c.header, c.width, strip), BACKGROUND)
    room = _title_room(s)
    shown = [i for i in range(len(lay.xs)) if 0 <= lay.xs[i] <= c.width]
    taken = [_title_rect(s, i, room) for i in shown]
    for i in shown:
        _layer_title(p, s, i, room)
    for i in range(len(lay.xs)):  # zoomed in: the nearest column off each side, held at
        if i in shown or _beyond(lay.xs, i, c.width):  # the edge where there is room
            continue
        rect = _title_rect(s, i, room).adjusted(3, 0, -3, 0)  # the text, not its margin
        if not any(rect.intersects(r) for r in taken):
            _layer_title(p, s, i, room)
    if not plan.neuron_scales_uniform():
        for i, (x, scale) in enumerate(zip(lay.xs, plan.neuron_scales, strict=True)):
            if scale is not None:
                text = f"{'x' if i == 0 else SYMBOL[plan.quantities[i]]} {scale_text(scale)}"
                _small(p, text, x, c.footer_y, room / 2, c.width)
    if not plan.edge_scales_uniform():
        symbol = SYMBOL[s.view.edge_quantity]
        for i, scale in enumerate(plan.edge_scales):
            x = (lay.xs[i] + lay.xs[i + 1]) / 2
            _small(p, f"{symbol} {scale_text(scale)}", x, c.footer_y, room / 2, c.width)


def _beyond(xs: Array, i: int, width: float) -> bool:
    """Whether column ``i`` is off screen behind another off-screen column (zoomed in): only
    the nearest one on each side keeps its title, held at the edge."""
    if xs[i] < 0:
        return i + 1 < len(xs) and xs[i + 1] < 0
    if xs[i] > width:
        return i > 0 and xs[i - 1] > width
    return False


def _title_room(s: Scene) -> float:
    xs = s.layout.xs
    return float(np.min(np.diff(xs))) - 12 if len(xs) > 1 else s.chrome.width


def _title_rect(s: Scene, i: int, room: float) -> QtCore.QRectF:
    """Where layer ``i + 1``'s title goes (as ``_layer_title`` places it)."""
    title = layer_title(i + 1, s.layout.sizes, s.activation_names)[0]
    f = font(*TITLE_ACTIVE_FONT) if s.view.step.layer == i + 1 else font(*TITLE_FONT)
    return _centred(f, title, float(s.layout.xs[i]), s.chrome.title_y, room, s.chrome.width)[0]


def _layer_title(p: QtGui.QPainter, s: Scene, i: int, room: float) -> None:
    """Layer ``i + 1``'s title (on the band while it is computed) and its size line."""
    c, t, x = s.chrome, current_theme(), float(s.layout.xs[i])
    title, sub = layer_title(i + 1, s.layout.sizes, s.activation_names)
    is_active = s.view.step.layer == i + 1
    f = font(*TITLE_ACTIVE_FONT) if is_active else font(*TITLE_FONT)
    rect, title = _centred(f, title, x, c.title_y, room, c.width)
    if is_active:
        p.setPen(QtGui.QPen(t.band.darker(115), 0))
        p.setBrush(t.band)
        p.drawRoundedRect(rect.adjusted(-8, -3, 8, 3), 8, 8)
    p.setFont(f)
    p.setPen(t.text if is_active else t.muted)
    p.drawText(rect, QtCore.Qt.AlignmentFlag.AlignCenter, title)
    grid = s.layout.grid(i)
    if grid is not None and (grid.square or grid.cols > 1):
        sub += f" · {grid.rows}×{grid.cols}" if grid.square else f" · {grid.cols} columns"
    _small(p, sub, x, c.title_y + _height(font(*TITLE_FONT)) + TITLE_GAP, room, c.width)


def _spotlight(p: QtGui.QPainter, s: Scene) -> None:
    """Veil the diagram except the spotlit neuron, its edges (in and out) and its layer's
    title, which are drawn again on top: a few shapes over the cached picture."""
    if s.spotlight is None:
        return
    layer, j = s.spotlight
    sizes = s.layout.sizes
    if not (1 <= layer <= len(sizes) and 0 <= j < sizes[layer - 1]):
        return
    c = s.chrome
    p.fillRect(QtCore.QRectF(0, c.header, c.width, c.legend_y - c.header), VEIL)
    _spotlit_edges(p, s, layer, j)
    for i in (layer - 2, layer):  # images the edges start or end in cover them again, veiled
        grid = s.layout.grid(i) if 0 <= i < len(sizes) else None
        if grid is not None and not grid.dots:
            _grid_neurons(p, s, i, grid, None)
            p.fillRect(QtCore.QRectF(grid.left - 2, grid.top - 2, grid.width + 4,
                                     grid.height + 4), VEIL)
    _maps(p, s, only=(layer, j))
    _neurons(p, s, layer - 1, only=(layer, j))
    _side_labels(p, s, only=(layer, j))
    _layer_title(p, s, layer - 1, _title_room(s))


def spotlight_rows(sizes, layer: int, j: int) -> Array:
    """Edge rows (diagram_layout numbering) into and out of neuron j of ``layer``."""
    offsets = np.concatenate([[0], np.cumsum(np.multiply(sizes[1:], sizes[:-1]))])
    rows = []
    if layer >= 2:  # W^layer[j, :]
        start = offsets[layer - 2] + j * sizes[layer - 2]
        rows.append(np.arange(start, start + sizes[layer - 2]))
    if layer < len(sizes):  # W^(layer+1)[:, j]
        rows.append(offsets[layer - 1] + np.arange(sizes[layer]) * sizes[layer - 1] + j)
    return np.concatenate(rows).astype(np.int64) if rows else np.zeros(0, np.int64)


def _spotlit_edges(p: QtGui.QPainter, s: Scene, layer: int, j: int) -> None:
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


SPOTLIT_ONE_BY_ONE = 100  # a neuron with more edges has them drawn batched by colour bin


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


def _small(p: QtGui.QPainter, text: str, x: float, y: float, room: float, width: float):
    rect, text = _centred(font(*SMALL_FONT), text, x, y, room, width)
    p.setFont(font(*SMALL_FONT))
    p.setPen(current_theme().muted)
    p.drawText(rect, QtCore.Qt.AlignmentFlag.AlignCenter, text)


def _centred(f: QtGui.QFont, text: str, x: float, y: float, room: float, width: float):
    """(rect, text) centred on x, elided to ``room`` px and kept inside the image."""
    metrics = QtGui.QFontMetricsF(f)
    text = metrics.elidedText(text, QtCore.Qt.TextElideMode.ElideRight, max(room, 20.0))
    w = metrics.horizontalAdvance(text) + 4
    left = min(max(x - w / 2, 4.0), width - w - 4.0)
    return QtCore.QRectF(left, y, w, metrics.height()), text


def _headline(p: QtGui.QPainter, s: Scene) -> None:
    """The caption (shrunk, or wrapped onto a second line, to fit), what is shown, the note."""
    c = s.chrome
    p.fillRect(QtCore.QRectF(0, 0, c.width, c.header), BACKGROUND)
    room = c.width - 2 * PAD
    caption, line, *note = scene_headline(s)
    f = next((font(*g) for g in CAPTION_FONTS
              if QtGui.QFontMetricsF(font(*g)).horizontalAdvance(caption) <= room), None)
    lines = 1
    if f is None:
        f, lines = font(*CAPTION_FONTS[-1]), 1
        if c.caption_wraps:
            f, lines = font(*CAPTION_FONTS[1]), 2
    y = PAD * 0.6
    y = _text_block(p, f, current_theme().text, caption, y, room, lines) + 2
    y = _text_block(p, font(*HEADLINE_FONT), current_theme().text, line, y, room, 1)
    for text in note:
        y = _text_block(p, font(*NOTE_FONT), current_theme().muted, text, y, room, 1)


def scene_headline(s: Scene) -> list[str]:
    """The headline's lines: caption, what is shown, what is not drawn, other notes."""
    return headline_with_lod(s.caption, s.headline, s.notes, s.lod)


def _text_block(p: QtGui.QPainter, f: QtGui.QFont, colour: QtGui.QColor, text: str, y: float,
                room: float, lines: int) -> float:
    """Draw ``text`` on up to ``lines`` word-wrapped lines (elided if longer); the next y."""
    metrics = QtGui.QFontMetricsF(f)
    flags = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop
    if lines == 1:
        text = metrics.elidedText(text, QtCore.Qt.TextElideMode.ElideRight, room)
    else:
        flags |= QtCore.Qt.TextFlag.TextWordWrap
    rect = QtCore.QRectF(PAD, y, room, metrics.height() * lines)
    p.setFont(f)
    p.setPen(colour)
    p.drawText(rect, flags, text)
    return rect.bottom()


def _legend(p: QtGui.QPainter, s: Scene) -> None:
    """Two colour bars with their numbers (neurons, edges) and the bias key."""
    c = s.chrome
    p.fillRect(QtCore.QRectF(0, c.legend_y, c.width, c.height - c.legend_y), BACKGROUND)
    p.setPen(QtGui.QPen(QtGui.QColor(215, 215, 215), 1))
    p.drawLine(QtCore.QPointF(PAD, c.legend_y), QtCore.QPointF(c.width - PAD, c.legend_y))
    (n_label, n_scale), (e_label, e_scale), (b_text, b_scale) = legend_entries(
        s.plan, s.view.edge_quantity)
    b_width = 22 + _text_width(font(*SMALL_FONT), b_text)
    avail = c.width - 2 * PAD - b_width - 2 * 28
    bar = max(min(avail / 2, 380.0), 80.0)
    y = c.legend_y + 8
    _colour_bar(p, QtCore.QRectF(PAD, y, bar, 0), n_scale, n_label)
    _colour_bar(p, QtCore.QRectF(PAD + bar + 28, y, bar, 0), e_scale, e_label)
    x = PAD + 2 * bar + 56
    line = _height(font(*SMALL_FONT))
    b_rgb = to_rgb(b_scale.high if b_scale.high > ZERO_SCALE else 0.0, b_scale)
    p.setPen(QtGui.QPen(current_theme().outline, 1))
    p.setBrush(QtGui.QColor(*(int(v) for v in b_rgb)))
    p.drawRect(QtCore.QRectF(x, y + line + 1, 14, 14))
    p.setFont(font(*SMALL_FONT))
    p.setPen(current_theme().text)
    p.drawText(QtCore.QPointF(x + 22, y + line + 13), b_text)


def _colour_bar(p: QtGui.QPainter, at: QtCore.QRectF, scale: Scale, label: str) -> None:
    """Label above, the map over the scale's range, and low / middle / high numbers below."""
    line = _height(font(*SMALL_FONT))
    x, y, w = at.x(), at.y(), at.width()
    p.setFont(font(*SMALL_FONT))
    p.setPen(current_theme().text)
    label = QtGui.QFontMetricsF(font(*SMALL_FONT)).elidedText(
        label, QtCore.Qt.TextElideMode.ElideRight, w + 20)
    p.drawText(QtCore.QRectF(x, y, w + 20, line),
               QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop, label)
    values = np.linspace(scale.low, scale.high, 256)
    rgb = np.ascontiguousarray(to_rgb(values, scale)[None, :, :])
    image = QtGui.QImage(rgb.data, 256, 1, 256 * 3, QtGui.QImage.Format.Format_RGB888)
    bar = QtCore.QRectF(x, y + line + 1, w, 16)
    p.drawImage(bar, image)
    p.setPen(QtGui.QPen(current_theme().outline, 1))
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    p.drawRect(bar)
    ny = bar.bottom() + 2
    p.setPen(current_theme().text)
    top = QtCore.Qt.AlignmentFlag.AlignTop
    flags = (QtCore.Qt.AlignmentFlag.AlignLeft, QtCore.Qt.AlignmentFlag.AlignHCenter,
             QtCore.Qt.AlignmentFlag.AlignRight)
    for text, align, left in zip(legend_numbers(scale), flags, (x, x + w / 2 - 60, x + w - 120),
                                 strict=True):
        p.drawText(QtCore.QRectF(left, ny, 120, line), align | top, text)
