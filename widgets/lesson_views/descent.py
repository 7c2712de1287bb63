"""The gradient-descent lessons' picture: f(x) (a parabola (x − c)² or the double well), the
iterates rolling down it.

The points visited are joined by a polyline with arrow heads on the last few moves; the
current point is large, with its tangent (slope f′(x)) dashed. A parabola's view is
symmetric about the minimum and wide enough for every iterate, so a diverging run zooms out;
another function shows its own window and every iterate. The panel lists the last iterates
x_t, f(x_t), f′(x_t) to 6 significant digits, and why a run stopped.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from model.notation import num
from widgets.lesson_views.common import (
    ALERT,
    INK,
    MUTED,
    LessonView,
    make_panel,
    make_plot,
    pen,
)

CURVE_COLOUR = (33, 102, 172)  # the diverging map's blue
PATH_COLOUR = (179, 88, 6)  # and its orange
N_SAMPLES = 401
TABLE_ROWS = 6  # iterates listed in the panel
N_ARROWS = 8  # arrow heads on the most recent moves
MIN_HALF_WIDTH = 0.5


class DescentView(LessonView):
    """The parabola, the iterates and the table of the last few."""

    state_name = "descent"

    def __init__(self, player, parent=None):
        super().__init__(player, parent)
        self.plot = make_plot("x", "f(x)")
        item = self.plot.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.15)
        self.curve = pg.PlotCurveItem(pen=pen(CURVE_COLOUR, 4.0))
        self.path = pg.PlotCurveItem(pen=pen(PATH_COLOUR, 2.5))
        self.points = pg.ScatterPlotItem(size=11, symbol="o", pen=pen("w", 1.0),
                                         brush=pg.mkBrush(*PATH_COLOUR))
        self.tangent = pg.PlotCurveItem(pen=pen(INK, 2.0, QtCore.Qt.PenStyle.DashLine))
        self.current = pg.ScatterPlotItem(size=26, symbol="o", pen=pen(INK, 3.0),
                                          brush=pg.mkBrush(*PATH_COLOUR))
        for it in (self.curve, self.path, self.points, self.tangent, self.current):
            item.addItem(it)
        self.arrows: list[pg.ArrowItem] = []
        self.panel = make_panel(self)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.plot, 1)  # the table of iterates, one line per number, needs
        layout.addWidget(self.panel, 1)  # half the width of a projector's 20 px type
        self.refresh(self.state)

    def refresh(self, d) -> None:
        item = self.plot.getPlotItem()
        for arrow in self.arrows:
            item.removeItem(arrow)
        self.arrows = []
        if d is None:
            for it in (self.curve, self.path, self.points, self.tangent, self.current):
                it.setData(x=[], y=[])
            self.panel.setText("")
            return
        fn = d.fn
        xs = np.array(d.xs, dtype=float)
        fx = np.array([fn.f(x) for x in xs])
        x_lo, x_hi = _x_range(d, xs)
        grid = np.linspace(x_lo, x_hi, N_SAMPLES)
        curve = np.array([fn.f(x) for x in grid])
        self.curve.setData(grid, curve)
        self.path.setData(xs, fx)
        self.points.setData(x=xs, y=fx)
        x, f, slope = xs[-1], fx[-1], fn.prime(xs[-1])
        self.current.setData(x=[x], y=[f])
        reach = 0.125 * (x_hi - x_lo)  # a short tangent either side of the current point
        self.tangent.setData(np.array([x - reach, x + reach]),
                             np.array([f - slope * reach, f + slope * reach]))
        lo, hi = float(min(curve.min(), fx.min())), float(max(curve.max(), fx.max()))
        pad = 0.06 * (hi - lo or 1.0)
        item.setRange(xRange=(x_lo, x_hi), yRange=(lo - pad, hi + pad), padding=0)
        self._arrows(xs, fx, x_hi - x_lo, hi - lo + 2 * pad)
        self.panel.setText(panel_html(d))

    def _arrows(self, xs, fx, width: float, height: float) -> None:
        """Arrow heads at the end of the last few moves, turned along each move on screen."""
        item = self.plot.getPlotItem()
        box = item.getViewBox().sceneBoundingRect()
        sx = box.width() / width if box.width() else 1.0
        sy = box.height() / height if box.height() else 1.0
        start = max(1, len(xs) - N_ARROWS)
        for t in range(start, len(xs)):
            dx, dy = (xs[t] - xs[t - 1]) * sx, (fx[t] - fx[t - 1]) * sy
            if np.hypot(dx, dy) < 14:  # too short on screen to carry a head
                continue
            angle = float(np.degrees(np.arctan2(dy, dx)))
            arrow = pg.ArrowItem(pos=(xs[t], fx[t]), angle=180 - angle, headLen=16,
                                 tipAngle=35, pen=pen(PATH_COLOUR, 1),
                                 brush=pg.mkBrush(*PATH_COLOUR))
            item.addItem(arrow)
            self.arrows.append(arrow)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QtCore.QTimer.singleShot(0, self, self._redraw)  # arrow angles depend on the plot's shape


def _x_range(d, xs: np.ndarray) -> tuple[float, float]:
    """A parabola's range: symmetric about its minimum, wide enough for every iterate; another
    function's: its window, widened to every iterate."""
    window = d.fn.window
    if window is None:
        c = float(d.centre)
        half = max(MIN_HALF_WIDTH, 1.15 * float(np.max(np.abs(xs - c))))
        return c - half, c + half
    lo, hi = min(window[0], float(xs.min())), max(window[1], float(xs.max()))
    margin = 0.05 * (hi - lo)
    return (lo - margin if lo < window[0] else lo), (hi + margin if hi > window[1] else hi)


def panel_html(d) -> str:
    fn = d.fn
    n = len(d.xs) - 1
    head = (f"<b>f(x) = {fn.formula}</b><br>x ← x − η f′(x), &nbsp; f′(x) = {fn.prime_formula}"
            f"<br>η = <b>{num(d.learning_rate)}</b> &nbsp; · &nbsp; step t = {n}")
    cell = "<td align='right' style='padding-left:10px; white-space:nowrap'>{}</td>"  # one line
    header = "".join(f"<th align='right' style='padding-left:10px'>{h}</th>" for h in
                     ("t", "x<sub>t</sub>", "f(x<sub>t</sub>)", "f′(x<sub>t</sub>)"))
    rows = [f"<tr>{header}</tr>"]
    first = max(0, len(d.xs) - TABLE_ROWS)
    for t in range(first, len(d.xs)):
        x = d.xs[t]
        weight = "font-weight:bold;" if t == n else ""
        cells = (str(t), num(x), num(fn.f(x)), num(fn.prime(x)))
        rows.append(f"<tr style='{weight}'>" + "".join(cell.format(v) for v in cells) + "</tr>")
    table = "<table cellspacing='0' cellpadding='3'>" + "".join(rows) + "</table>"
    parts = [head, table]
    if first > 0:
        parts.insert(1, f"<span style='color:{MUTED}'>(the last {TABLE_ROWS} of {n + 1} "
                        "iterates)</span>")
    if d.diverging:
        parts.append(f"<big><b style='color:{ALERT}'>diverging: η too large</b></big>")
    elif d.stopped == "precision":
        parts.append(f"<b>stopped</b>: the last step, {num(abs(d.xs[-1] - d.xs[-2]))}, is no "
                     f"larger than the precision {num(d.precision)}")
    elif d.stopped == "max_steps":
        parts.append(f"<b>stopped</b>: {d.max_steps} steps, the most allowed, and the last "
                     f"was still larger than the precision {num(d.precision)}")
    return "<p>" + "</p><p>".join(parts) + "</p>"
