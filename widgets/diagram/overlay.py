"""What is drawn over the finished diagram: the spotlight's veil (presentation mode), the
hovered neuron's enlarged map, and the Alt-drag preview of a weight being nudged."""

from __future__ import annotations

from PySide6 import QtCore, QtGui

from widgets.diagram.chrome import Chrome
from widgets.diagram.edges import paint_spotlit_edges
from widgets.diagram.maps import BIG_SIDE
from widgets.diagram.neurons import (
    paint_grid_neurons,
    paint_maps,
    paint_neurons,
    paint_side_labels,
)
from widgets.diagram.scene import Popup, Scene
from widgets.diagram.theme import (
    BACKGROUND,
    LABEL_FONT,
    RING,
    SMALL_FONT,
    VEIL,
    Theme,
    text_height,
    text_width,
)
from widgets.diagram.titles import paint_layer_title


def paint_spotlight(p: QtGui.QPainter, s: Scene) -> None:
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
    paint_spotlit_edges(p, s, layer, j)
    for i in (layer - 2, layer):  # images the edges start or end in cover them again, veiled
        grid = s.layout.grid(i) if 0 <= i < len(sizes) else None
        if grid is not None and not grid.dots:
            paint_grid_neurons(p, s, i, grid, None)
            p.fillRect(QtCore.QRectF(grid.left - 2, grid.top - 2, grid.width + 4,
                                     grid.height + 4), VEIL)
    paint_maps(p, s, only=(layer, j))
    paint_neurons(p, s, layer - 1, only=(layer, j))
    paint_side_labels(p, s, only=(layer, j))
    paint_layer_title(p, s, layer - 1)


def popup_rects(pop: Popup, c: Chrome, t: Theme) -> tuple[QtCore.QRectF, QtCore.QRectF]:
    """(box, map) of the enlarged map: beside the cursor, flipped left at the right edge."""
    side = float(BIG_SIDE)
    f = t.font(*SMALL_FONT)
    line = text_height(f)
    w = max(side, text_width(f, pop.title)) + 16
    h = side + line + 20
    x = pop.at.x() + 18
    if x + w > c.width - 4:
        x = pop.at.x() - 18 - w
    y = min(max(pop.at.y() + 18, 4.0), c.height - h - 4)
    box = QtCore.QRectF(max(x, 4.0), y, w, h)
    return box, QtCore.QRectF(box.x() + (w - side) / 2, box.y() + line + 12, side, side)


def paint_popup(p: QtGui.QPainter, s: Scene) -> None:
    """The hovered neuron's map, enlarged, beside the cursor (kept inside the image)."""
    pop, t = s.popup, s.theme
    if pop is None:
        return
    box, target = popup_rects(pop, s.chrome, t)
    f = t.font(*SMALL_FONT)
    line = text_height(f)
    side, w = target.width(), box.width()
    p.setPen(QtGui.QPen(t.outline, 1.0))
    p.setBrush(BACKGROUND)
    p.drawRoundedRect(box, 8, 8)
    p.setFont(f)
    p.setPen(t.text)
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


def paint_nudge(p: QtGui.QPainter, s: Scene) -> None:
    """While Alt-dragging an edge: the weight before and after, in a box by the cursor."""
    if s.nudge is None:
        return
    text, at = s.nudge
    t = s.theme
    f = t.font(LABEL_FONT[0], True)
    rect = QtCore.QRectF(at.x() + 16, at.y() - 14, text_width(f, text) + 16,
                         text_height(f) + 8)
    rect.moveLeft(min(rect.left(), s.chrome.width - rect.width() - 4))
    p.setPen(QtGui.QPen(t.outline, 1.0))
    p.setBrush(t.band)
    p.drawRoundedRect(rect, 6, 6)
    p.setFont(f)
    p.setPen(t.text)
    p.drawText(rect, QtCore.Qt.AlignmentFlag.AlignCenter, text)
