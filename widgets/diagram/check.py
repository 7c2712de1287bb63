"""The gradient check drawn on the diagram: each drawn edge in the colour of its weight's
relative error between backprop and the central difference (app.session_check), with a key.

Three classes in colours the diverging map does not use (Okabe & Ito's bluish green and
reddish purple, and a red, wider): agree (≤ 10⁻⁷), close (≤ 10⁻⁵, the command line's
tolerance) and wrong (above it, or not finite). Edges not checked (yet, or left out of a
big network's check) keep their colour.
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui

from model.gradcheck import TOLERANCE
from model.notation import num
from widgets.diagram.edges import draw_lines
from widgets.diagram.legend import legend_bars
from widgets.diagram.scene import Scene
from widgets.diagram.theme import BACKGROUND, PAD, SMALL_FONT, text_height, text_width

Array = np.ndarray

AGREE = 1e-7
CLASSES = (  # (upper bound of the relative error, colour, pen width in px, words)
    (AGREE, (0, 158, 115), 3.0, f"≤ {num(AGREE)}"),
    (TOLERANCE, (204, 121, 167), 4.0, f"≤ {num(TOLERANCE)}"),
    (np.inf, (220, 20, 20), 5.0, f"> {num(TOLERANCE)}"),
)


def check_class(errors: Array) -> Array:
    """Per edge the class index 0, 1, 2 (agree, close, wrong), −1 where not checked (NaN)."""
    e = np.asarray(errors, dtype=float)
    out = np.full(e.shape, 2, dtype=np.intp)
    out[e <= TOLERANCE] = 1
    out[e <= AGREE] = 0
    out[np.isnan(e)] = -1
    return out


def check_rgb(errors: Array) -> Array:
    """(m, 3) uint8 colours of edges with these relative errors (0 for those not checked)."""
    classes = check_class(errors)
    rgb = np.zeros((len(classes), 3), dtype=np.uint8)
    for c, (_bound, colour, _width, _words) in enumerate(CLASSES):
        rgb[classes == c] = colour
    return rgb


def paint_check(p: QtGui.QPainter, s: Scene) -> None:
    """The drawn edges recoloured by their check (``paint_check_key`` adds the key)."""
    if s.check is None:
        return
    classes = check_class(s.check[s.plan.rows])
    drawn = np.round(s.plan.widths * s.theme.scale + 1.0)  # cover the edge as drawn
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    for c, (_bound, colour, width, _words) in enumerate(CLASSES):
        pens = np.maximum(drawn, width * s.theme.scale)
        for w in np.unique(pens[classes == c]):
            pick = (classes == c) & (pens == w)
            pen = QtGui.QPen(QtGui.QColor(*colour), float(w))
            pen.setCapStyle(QtCore.Qt.PenCapStyle.FlatCap)
            p.setPen(pen)
            draw_lines(p, np.ascontiguousarray(s.lines[pick]))


def paint_check_key(p: QtGui.QPainter, s: Scene) -> None:
    """The key, over the legend's edge colour bar (the edges no longer show that scale):
    its words on the labels' line, reaching over the bias key as the edges' label does;
    its classes on the bars' line beside the bias key, then on the numbers' line."""
    if s.check is None:
        return
    t, c = s.theme, s.chrome
    f = t.font(*SMALL_FONT)
    line = text_height(f)
    n_bar, e_bar = legend_bars(s)
    left, top = PAD + n_bar + 24, c.legend_y + 8  # the labels' line (legend._paint_desk)
    beside = PAD + n_bar + e_bar + 48  # where the bias key begins, less a gap
    right = c.width - PAD
    rows = [(top + line + 1, beside), (top + 2 * line + 1, right)]  # (y, right end)
    p.fillRect(QtCore.QRectF(left, c.legend_y + 4, right - left, line + 5), BACKGROUND)
    p.fillRect(QtCore.QRectF(left, rows[0][0], beside - left, line), BACKGROUND)
    p.fillRect(QtCore.QRectF(left, rows[1][0], right - left, c.height - rows[1][0]),
               BACKGROUND)
    p.setFont(f)
    p.setPen(t.text)
    p.drawText(QtCore.QRectF(left + 4, top, right - left - 4, line),
               QtCore.Qt.AlignmentFlag.AlignLeft, "edges: gradient check's relative error")
    row, x = 0, left + 4
    for _bound, colour, _width, words in CLASSES:
        w = 30 + text_width(f, words)
        if x > left + 4 and x + w - 8 > rows[row][1] and row + 1 < len(rows):
            row, x = row + 1, left + 4
        y = rows[row][0]
        p.fillRect(QtCore.QRectF(x, y + line * 0.25, 18, line * 0.5), QtGui.QColor(*colour))
        p.setPen(t.text)
        p.drawText(QtCore.QPointF(x + 22, y + line * 0.8), words)
        x += w
