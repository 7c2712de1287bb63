"""Drawing the words above and below the columns: each layer's title and size line (on the
band while the layer is computed), and each layer's scale in the row under the columns when
layers are coloured on different scales. Titles are elided to the room between columns and
kept inside the picture; zoomed in, the nearest column off each side keeps its title.
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui

from widgets.diagram.layout import MAX_RADIUS, TITLE_GAP
from widgets.diagram.scene import Scene
from widgets.diagram.text import layer_title, scale_text
from widgets.diagram.theme import (
    BACKGROUND,
    SMALL_FONT,
    TITLE_ACTIVE_FONT,
    TITLE_FONT,
    Theme,
    text_height,
)

Array = np.ndarray

SYMBOL = {"a": "a", "delta": "δ", "w": "w", "grad_w": "∂C/∂w"}


def paint_titles_and_scales(p: QtGui.QPainter, s: Scene) -> None:
    """Layer titles above the columns; each layer's scale below them when layers differ."""
    c, lay, plan = s.chrome, s.layout, s.plan
    strip = c.area.top - c.header - MAX_RADIUS * s.theme.scale * 0.2
    p.fillRect(QtCore.QRectF(0, c.header, c.width, strip), BACKGROUND)
    room = title_room(s)
    shown = [i for i in range(len(lay.xs)) if 0 <= lay.xs[i] <= c.width]
    taken = [_title_rect(s, i, room) for i in shown]
    for i in shown:
        paint_layer_title(p, s, i, room)
    for i in range(len(lay.xs)):  # zoomed in: the nearest column off each side, held at
        if i in shown or _beyond(lay.xs, i, c.width):  # the edge where there is room
            continue
        rect = _title_rect(s, i, room).adjusted(3, 0, -3, 0)  # the text, not its margin
        if not any(rect.intersects(r) for r in taken):
            paint_layer_title(p, s, i, room)
    if not plan.neuron_scales_uniform():
        for i, (x, scale) in enumerate(zip(lay.xs, plan.neuron_scales, strict=True)):
            if scale is not None:
                text = f"{'x' if i == 0 else SYMBOL[plan.quantities[i]]} {scale_text(scale)}"
                _small(p, s.theme, text, x, c.footer_y, room / 2, c.width)
    if not plan.edge_scales_uniform():
        symbol = SYMBOL[s.view.edge_quantity]
        for i, scale in enumerate(plan.edge_scales):
            x = (lay.xs[i] + lay.xs[i + 1]) / 2
            _small(p, s.theme, f"{symbol} {scale_text(scale)}", x, c.footer_y, room / 2,
                   c.width)


def _beyond(xs: Array, i: int, width: float) -> bool:
    """Whether column ``i`` is off screen behind another off-screen column (zoomed in): only
    the nearest one on each side keeps its title, held at the edge."""
    if xs[i] < 0:
        return i + 1 < len(xs) and xs[i + 1] < 0
    if xs[i] > width:
        return i > 0 and xs[i - 1] > width
    return False


def title_room(s: Scene) -> float:
    """How wide a title may be: the closest two columns' distance, less a margin."""
    xs = s.layout.xs
    return float(np.min(np.diff(xs))) - 12 if len(xs) > 1 else s.chrome.width


def _title_rect(s: Scene, i: int, room: float) -> QtCore.QRectF:
    """Where layer ``i + 1``'s title goes (as ``paint_layer_title`` places it)."""
    title = layer_title(i + 1, s.layout.sizes, s.activation_names)[0]
    t = s.theme
    f = t.font(*TITLE_ACTIVE_FONT) if s.view.step.layer == i + 1 else t.font(*TITLE_FONT)
    return _centred(f, title, float(s.layout.xs[i]), s.chrome.title_y, room, s.chrome.width)[0]


def paint_layer_title(p: QtGui.QPainter, s: Scene, i: int, room: float) -> None:
    """Layer ``i + 1``'s title (on the band while it is computed) and its size line."""
    c, t, x = s.chrome, s.theme, float(s.layout.xs[i])
    title, sub = layer_title(i + 1, s.layout.sizes, s.activation_names)
    is_active = s.view.step.layer == i + 1
    f = t.font(*TITLE_ACTIVE_FONT) if is_active else t.font(*TITLE_FONT)
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
    _small(p, t, sub, x, c.title_y + text_height(t.font(*TITLE_FONT)) + TITLE_GAP, room,
           c.width)


def _small(p: QtGui.QPainter, t: Theme, text: str, x: float, y: float, room: float,
           width: float):
    rect, text = _centred(t.font(*SMALL_FONT), text, x, y, room, width)
    p.setFont(t.font(*SMALL_FONT))
    p.setPen(t.muted)
    p.drawText(rect, QtCore.Qt.AlignmentFlag.AlignCenter, text)


def _centred(f: QtGui.QFont, text: str, x: float, y: float, room: float, width: float):
    """(rect, text) centred on x, elided to ``room`` px and kept inside the image."""
    metrics = QtGui.QFontMetricsF(f)
    text = metrics.elidedText(text, QtCore.Qt.TextElideMode.ElideRight, max(room, 20.0))
    w = metrics.horizontalAdvance(text) + 4
    left = min(max(x - w / 2, 4.0), width - w - 4.0)
    return QtCore.QRectF(left, y, w, metrics.height()), text
