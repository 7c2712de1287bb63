"""The gradient-descent lesson's picture: f(x) = (x − c)², the iterates rolling down it.

The points visited are joined by a polyline with arrow heads on the last few moves; the
current point is large, with its tangent (slope f′(x)) dashed. The view is symmetric about
the minimum and wide enough for every iterate, so a diverging run zooms out. The panel
lists the last iterates x_t, f(x_t), f′(x_t) to 6 significant digits.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from model.descent1d import parabola, parabola_prime
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
        c = float(d.centre)
        xs = np.array(d.xs, dtype=float)
        fx = (xs - c) ** 2
        half = max(MIN_HALF_WIDTH, 1.15 * float(np.max(np.abs(xs - c))))
        grid = np.linspace(c - half, c + half, N_SAMPLES)
        self.curve.setData(grid, (grid - c) ** 2)
        self.path.setData(xs, fx)
        self.points.setData(x=xs, y=fx)
        x, f, slope = xs[-1], fx[-1], parabola_prime(xs[-1], c)
        self.current.setData(x=[x], y=[f])
        reach = 0.25 * half  # a short tangent either side of the current point
        self.tangent.setData(np.array([x - reach, x + reach]),
                             np.array([f - slope * reach, f + slope * reach]))
        top = half * half
        item.setRange(xRange=(c - half, c + half), yRange=(-0.06 * top, 1.06 * top), padding=0)
        self._arrows(xs, fx, half, top)
        self.panel.setText(panel_html(d))

    def _arrows(self, xs, fx, half: float, top: float) -> None:
        """Arrow heads at the end of the last few moves, turned along each move on screen."""
        item = self.plot.getPlotItem()
        box = item.getViewBox().sceneBoundingRect()
        sx = box.width() / (2 * half) if box.width() else 1.0
        sy = box.height() / (1.12 * top) if box.height() else 1.0
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


def panel_html(d) -> str:
    c = float(d.centre)
    n = len(d.xs) - 1
    centre = f"x − {num(c)}" if c >= 0 else f"x + {num(-c)}"
    head = (f"<b>f(x) = ({centre})²</b><br>x ← x − η f′(x), &nbsp; f′(x) = 2({centre})<br>"
            f"η = <b>{num(d.learning_rate)}</b> &nbsp; · &nbsp; step t = {n}")
    cell = "<td align='right' style='padding-left:10px; white-space:nowrap'>{}</td>"  # one line
    header = "".join(f"<th align='right' style='padding-left:10px'>{h}</th>" for h in
                     ("t", "x<sub>t</sub>", "f(x<sub>t</sub>)", "f′(x<sub>t</sub>)"))
    rows = [f"<tr>{header}</tr>"]
    first = max(0, len(d.xs) - TABLE_ROWS)
    for t in range(first, len(d.xs)):
        x = d.xs[t]
        weight = "font-weight:bold;" if t == n else ""
        cells = (str(t), num(x), num(parabola(x, c)), num(parabola_prime(x, c)))
        rows.append(f"<tr style='{weight}'>" + "".join(cell.format(v) for v in cells) + "</tr>")
    table = "<table cellspacing='0' cellpadding='3'>" + "".join(rows) + "</table>"
    parts = [head, table]
    if first > 0:
        parts.insert(1, f"<span style='color:{MUTED}'>(the last {TABLE_ROWS} of {n + 1} "
                        "iterates)</span>")
    if d.diverging:
        parts.append(f"<big><b style='color:{ALERT}'>diverging: η too large</b></big>")
    return "<p>" + "</p><p>".join(parts) + "</p>"
