"""The perceptron lesson's picture: the points, the line w₁x₁ + w₂x₂ + b = 0 and the rule's numbers.

Class 0 is the diverging map's orange end and class 1 its blue end (as in the Data dock);
the half-plane where the perceptron answers f = 1 is tinted blue; earlier lines from the
trail are drawn faded; the sample just presented is ringed and points on the wrong side
carry a cross. Line and tint are recomputed whenever the view's range changes (the aspect
is locked, so the visible x-range depends on the widget's shape).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from model.notation import num
from widgets.data_colours import binary_end_colours, hex_colour
from widgets.lesson_views.common import (
    ALERT,
    GOOD,
    INK,
    MUTED,
    LessonView,
    make_panel,
    make_plot,
    pen,
    signed_term,
)

POINT_PX, RING_PX, CROSS_PX = 22, 40, 13
LINE_WIDTH, TRAIL_WIDTH = 4.5, 2.0
MAX_TRAIL = 12  # how many earlier lines are drawn, the most recent ones
TINT_ALPHA = 40
INDENT = "&nbsp;" * 5


def line_through_range(b: float, w1: float, w2: float, x_range, y_range) -> np.ndarray | None:
    """End points (2, 2) of w₁x₁ + w₂x₂ + b = 0 across the x-range (vertical lines across the
    y-range); None when w = 0 (no line)."""
    if w1 == 0 and w2 == 0:
        return None
    if abs(w2) < 1e-12 * abs(w1):
        x = -b / w1
        return np.array([[x, y_range[0]], [x, y_range[1]]])
    xs = np.array(x_range, dtype=float)
    return np.stack([xs, -(b + w1 * xs) / w2], axis=1)


def positive_half(b: float, w1: float, w2: float, x_range, y_range,
                  on_line: int = 0) -> np.ndarray:
    """The polygon (k, 2) of the view rectangle where the answer is 1: w·x + b > 0 (or ≥ 0
    with ``on_line``) (Sutherland–Hodgman, one edge)."""
    (x0, x1), (y0, y1) = x_range, y_range
    corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=float)
    side = corners @ np.array([w1, w2]) + b
    inside = (side > 0) | ((side == 0) & bool(on_line))
    out = []
    for i in range(4):
        p, q, sp, sq = corners[i], corners[(i + 1) % 4], side[i], side[(i + 1) % 4]
        if inside[i]:
            out.append(p)
        if inside[i] != inside[(i + 1) % 4] and sp != sq:
            out.append(p + (q - p) * (sp / (sp - sq)))
    return np.array(out).reshape(-1, 2)


class PerceptronView(LessonView):
    """Points by class, the current line (tinted f = 1 side), faded trail, ring, numbers."""

    state_name = "perceptron"

    def __init__(self, player, parent=None):
        super().__init__(player, parent)
        self.plot = make_plot("x₁", "x₂")
        item = self.plot.getPlotItem()
        item.setAspectLocked(True)
        self.tint = QtWidgets.QGraphicsPolygonItem()
        self.tint.setBrush(QtGui.QColor(*binary_end_colours()[1], TINT_ALPHA))
        self.tint.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
        self.tint.setZValue(-10)
        self.trail = pg.PlotCurveItem(connect="pairs", pen=pen((150, 150, 150, 150),
                                                               TRAIL_WIDTH))
        self.line = pg.PlotCurveItem(pen=pen(INK, LINE_WIDTH))
        self.points = pg.ScatterPlotItem(size=POINT_PX, symbol="o")
        self.crosses = pg.ScatterPlotItem(size=CROSS_PX, symbol="x", brush=pg.mkBrush(INK),
                                          pen=pen("w", 1.0))
        self.ring = pg.ScatterPlotItem(size=RING_PX, symbol="o", pen=pen(INK, 3.5),
                                       brush=pg.mkBrush(None))
        item.addItem(self.tint)
        for it in (self.trail, self.line, self.points, self.crosses, self.ring):
            item.addItem(it)
        self.panel = make_panel(self)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.plot, 3)
        layout.addWidget(self.panel, 2)
        item.getViewBox().sigRangeChanged.connect(self._draw_lines)
        self._extent = None
        self.refresh(self.state)

    # --- drawing ----------------------------------------------------------------------------

    def refresh(self, p) -> None:
        if p is None:
            for it in (self.points, self.crosses, self.ring):
                it.setData(x=[], y=[])
            self.panel.setText("")
            self._draw_lines()
            return
        colours = binary_end_colours()[(np.asarray(p.y) >= 0.5).astype(np.intp)]
        self.points.setData(x=p.x[:, 0], y=p.x[:, 1], pen=pen(INK, 1.5),
                            brush=[pg.mkBrush(*map(int, c)) for c in colours])
        wrong = p.x[p.errors]
        self.crosses.setData(x=wrong[:, 0], y=wrong[:, 1])
        ringed = p.focus if p.focus is not None else (p.update.index if p.update else None)
        if ringed is None:
            self.ring.setData(x=[], y=[])
        else:
            self.ring.setData(x=[p.x[ringed, 0]], y=[p.x[ringed, 1]])
        extent = _extent(p.x)
        if extent != self._extent:
            self._extent = extent
            self.plot.getPlotItem().setRange(xRange=extent[0], yRange=extent[1], padding=0)
        self._draw_lines()
        self.panel.setText(panel_html(p))

    def view_range(self) -> tuple[tuple[float, float], tuple[float, float]]:
        (x0, x1), (y0, y1) = self.plot.getPlotItem().getViewBox().viewRange()
        return (x0, x1), (y0, y1)

    def _draw_lines(self, *_) -> None:
        p = self.state
        xr, yr = self.view_range()
        if p is None:
            self.line.setData(x=[], y=[])
            self.trail.setData(x=[], y=[])
            self.tint.setPolygon(QtGui.QPolygonF())
            return
        ends = line_through_range(p.b, p.w[0], p.w[1], xr, yr)
        if ends is None:
            self.line.setData(x=[], y=[])
        else:
            self.line.setData(x=ends[:, 0], y=ends[:, 1])
        old = [line_through_range(b, w1, w2, xr, yr) for b, w1, w2 in p.trail[:-1][-MAX_TRAIL:]]
        old = [e for e in old if e is not None]
        seg = np.concatenate(old) if old else np.zeros((0, 2))
        self.trail.setData(x=seg[:, 0], y=seg[:, 1], connect="pairs")
        poly = positive_half(p.b, p.w[0], p.w[1], xr, yr, p.on_line)
        self.tint.setPolygon(QtGui.QPolygonF([QtCore.QPointF(*map(float, q)) for q in poly]))


def _extent(x: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """A square around the points with a margin, so lines have room to turn."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    centre = (lo + hi) / 2
    half = max(float(np.max(hi - lo)) / 2, 0.05) * 1.45
    return ((float(centre[0] - half), float(centre[0] + half)),
            (float(centre[1] - half), float(centre[1] + half)))


def _vec(v) -> str:
    return "(" + ", ".join(num(c) for c in v) + ")"


def _line_text(b: float, w1: float, w2: float, on_line: int = 0) -> str:
    if w1 == 0 and w2 == 0:
        everywhere = 1 if b > 0 or (b == 0 and on_line) else 0
        return f"w = 0: <b>no line</b>, f = {everywhere} everywhere"
    return f"{num(w1)}·x₁ {signed_term(w2, '·x₂')} {signed_term(b, '')} = 0"


def panel_html(p) -> str:
    """The text block: epoch and mistakes, the line, and the last presentation in numbers."""
    blue, orange = (hex_colour(c) for c in binary_end_colours()[::-1])
    head = f"<b>Epoch {p.epoch + 1}</b> · mistakes: <b>{p.mistakes}</b>"
    if p.converged:
        head += f"<br><b style='color:{GOOD}'>✔ converged</b>"
    rule = "f = 1 when w·x + b ≥ 0" if p.on_line else "f = 1 when w·x + b > 0"
    parts = [head, f"{_line_text(p.b, p.w[0], p.w[1], p.on_line)}<br>"
                   f"w = {_vec(p.w)}, b = {num(p.b)}<br>η = {num(p.learning_rate)} · {rule}"]
    u = p.update
    if p.focus is not None:
        parts.append(_focus_html(p))
    elif u is None:
        parts.append(f"No point shown yet;<br>next: point {p.next_index + 1}.")
    else:
        b0, w0 = u.weights_before[0, 0], u.weights_before[0, 1:]
        b1, w1 = u.weights_after[0, 0], u.weights_after[0, 1:]
        z = float(w0 @ u.x + b0)
        y, f = int(u.y[0]), int(u.prediction[0])
        lines = [f"<b>Point {u.index + 1}</b>: x = {_vec(u.x)}, y = {y}",
                 *_answer_lines(z, f, p.on_line)]
        if y == f:
            lines.append(f"<b style='color:{GOOD}'>right</b>: w and b stay")
        else:
            lines += [f"<b style='color:{ALERT}'>wrong</b>: y − f(x) = {num(y - f)}",
                      "w ← w + η(y − f(x))x", f"{INDENT}{_vec(w0)} → <b>{_vec(w1)}</b>",
                      "b ← b + η(y − f(x))", f"{INDENT}{num(b0)} → <b>{num(b1)}</b>"]
        parts.append("<br>".join(lines))
    parts.append(f"<span style='color:{MUTED}'><span style='color:{orange}'>●</span> y = 0 "
                 f"&nbsp; <span style='color:{blue}'>●</span> y = 1 &nbsp; ◯ just shown<br>"
                 "✕ wrong side &nbsp; tinted: f = 1</span>")
    return "<p>" + "</p><p>".join(parts) + "</p>"


def _answer_lines(z: float, f: int, on_line: int) -> list[str]:
    if on_line:
        sign = "≥" if z >= 0 else "<"
        return [f"w·x + b = {num(z)} {sign} 0", f"{INDENT}so f(x) = <b>{f}</b>"]
    return ["f(x) = step(w·x + b)", f"{INDENT}= step({num(z)}) = <b>{f}</b>"]


def _focus_html(p) -> str:
    """The point looked at: its side of the current line, no learning."""
    i = p.focus
    x, y, f = p.x[i], int(p.y[i]), int(p.answers()[i])
    z = float(p.w @ x + p.b)
    verdict = (f"<b style='color:{GOOD}'>right side</b>" if y == f
               else f"<b style='color:{ALERT}'>wrong side</b>")
    return "<br>".join([f"<b>Point {i + 1}</b>: x = {_vec(x)}, y = {y}",
                        f"w·x = {num(float(p.w @ x))}", *_answer_lines(z, f, p.on_line),
                        verdict])
