"""The gradient check drawn on the diagram: each drawn edge in the colour of its weight's
relative error between backprop and the central difference (app.session_check), in one
of three classes (diagram.check_classes; the legend draws their key). Edges not checked
(yet, or left out of a big network's check) keep their colour.
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui

from model.gradcheck import TOLERANCE
from widgets.diagram.check_classes import AGREE, CLASSES
from widgets.diagram.edges import draw_lines
from widgets.diagram.scene import Scene

Array = np.ndarray


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
    """The drawn edges recoloured by their check (``diagram.legend`` draws the key)."""
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
