"""The activation-functions lesson's picture: σ(z) over a range of z, σ′(z) dashed beside it.

Each function has its own colour (Okabe & Ito's colour-blind-safe set); the panel under
the plot is the legend, with each function's formula. When the lesson marks saturation,
each bounded function's |z| where its slope falls below ``SATURATION_SLOPE`` is a dotted
line in its colour, and the z where all of them are saturated is shaded grey and labelled
(one neutral shade: tinted bands per function mixed into mud where they overlapped).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from app.lesson_player import SATURATION_SLOPE
from model.activations import ACTIVATIONS
from widgets.lesson_views.common import (
    INK,
    LABEL_POINTS,
    MUTED,
    LessonView,
    font,
    make_panel,
    make_plot,
    pen,
)

# One colour per function, the same in every step of a lesson (Okabe & Ito's set).
COLOURS = {"sigmoid": (0, 114, 178), "tanh": (213, 94, 0), "arctan": (0, 158, 115),
           "relu": (204, 121, 167), "step": (70, 70, 70), "leaky_relu": (230, 159, 0),
           "linear": (86, 180, 233), "softmax": (150, 150, 150)}
N_SAMPLES = 801
CURVE_WIDTH, DERIVATIVE_WIDTH = 4.0, 3.0
SHADE_ALPHA = 30
JUMPS = {("step", False), ("relu", True), ("leaky_relu", True)}  # break the curve at z = 0


def curve(name: str, derivative: bool, z_range) -> tuple[np.ndarray, np.ndarray]:
    """(z, σ(z)) or (z, σ′(z)) sampled over ``z_range``; NaN at a jump so no riser is drawn.
    The step function's derivative is drawn as 0 (it is 0 almost everywhere)."""
    act = ACTIVATIONS[name]
    z = np.linspace(float(z_range[0]), float(z_range[1]), N_SAMPLES)
    a = act.fn(z)
    if not derivative:
        y = a
    elif act.prime is None:
        y = np.zeros_like(z)
    else:
        y = act.prime(z, a)
    if (name, derivative) in JUMPS and z[0] < 0 < z[-1]:
        cut = int(np.searchsorted(z, 0.0, side="right"))
        z = np.insert(z, cut, 0.0)
        y = np.insert(np.asarray(y, dtype=float), cut, np.nan)
    return z, np.asarray(y, dtype=float)


def saturation_bound(name: str, slope: float = SATURATION_SLOPE) -> float | None:
    """The z > 0 beyond which σ′(z) < ``slope`` for a bounded, S-shaped σ (its σ′ is even and
    falls from z = 0), by bisection; None for a function that does not saturate."""
    act = ACTIVATIONS[name]
    low, high = act.value_range
    if act.prime is None or not (np.isfinite(low) and np.isfinite(high)):
        return None

    def prime(z: float) -> float:
        zz = np.array([z])
        return float(act.prime(zz, act.fn(zz))[0])

    if prime(0.0) <= slope:
        return None
    lo, hi = 0.0, 1.0
    while prime(hi) >= slope:
        lo, hi = hi, hi * 2
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if prime(mid) >= slope else (lo, mid)
    return (lo + hi) / 2


class ActivationsView(LessonView):
    """The chosen functions (and derivatives, dashed), with saturation shaded on request."""

    # Each curve is one PlotDataItem in ``curves[(name, derivative)]``.

    state_name = "activations"

    def __init__(self, player, parent=None):
        super().__init__(player, parent)
        self.plot = make_plot("z", "")
        item = self.plot.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.15)
        self.curves: dict[tuple[str, bool], pg.PlotDataItem] = {}
        self.regions: list[pg.LinearRegionItem] = []
        self.bounds: list[tuple[str, pg.InfiniteLine]] = []
        self.labels: list[pg.TextItem] = []
        self.axes = (pg.InfiniteLine(0, angle=90, pen=pen((0, 0, 0, 90), 1.5)),
                     pg.InfiniteLine(0, angle=0, pen=pen((0, 0, 0, 90), 1.5)))
        for line in self.axes:
            item.addItem(line)
        self.panel = make_panel(self)
        self.panel.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored,
                                 QtWidgets.QSizePolicy.Policy.Maximum)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.panel)
        self.refresh(self.state)

    def refresh(self, s) -> None:
        item = self.plot.getPlotItem()
        for it in self.curves.values():
            item.removeItem(it)
        for it in [*self.regions, *self.labels, *(line for _, line in self.bounds)]:
            item.removeItem(it)
        self.curves, self.regions, self.labels, self.bounds = {}, [], [], []
        if s is None:
            self.panel.setText("")
            return
        lo, hi = float(s.z_range[0]), float(s.z_range[1])
        values = []
        for name in s.functions:
            colour = COLOURS[name]
            display = ACTIVATIONS[name].display
            kinds = (False, True) if s.derivative else (False,)
            for derivative in kinds:
                z, y = curve(name, derivative, (lo, hi))
                style = QtCore.Qt.PenStyle.DashLine if derivative else QtCore.Qt.PenStyle.SolidLine
                width = DERIVATIVE_WIDTH if derivative else CURVE_WIDTH
                it = pg.PlotDataItem(z, y, pen=pen(colour, width, style), connect="finite",
                                     name=f"{display}′" if derivative else display)
                item.addItem(it)
                self.curves[(name, derivative)] = it
                values.append(y[np.isfinite(y)])
        every = np.concatenate(values) if values else np.zeros(1)
        y0, y1 = min(float(every.min()), 0.0), max(float(every.max()), 1.0)
        pad = 0.08 * (y1 - y0)
        item.setRange(xRange=(lo, hi), yRange=(y0 - pad, y1 + pad), padding=0)
        if s.mark == "saturation":
            self._shade(s.functions, lo, hi, (max(y0, 0.0) + y1 + pad) / 2)
        self.panel.setText(formulas_html(s))

    def _shade(self, functions, lo: float, hi: float, label_y: float) -> None:
        """Shade where every S-shaped function shown is saturated (grey), mark each one's own
        bound |z| = bound with a line in its colour, and label the shaded bands at a height
        where the S-curves are not (they lie flat at their bounds there)."""
        item = self.plot.getPlotItem()
        widest = None
        for name in functions:
            bound = saturation_bound(name)
            if bound is None:
                continue
            colour = COLOURS[name]
            for z in (-bound, bound):
                line = pg.InfiniteLine(z, angle=90,
                                       pen=pen(colour, 2.0, QtCore.Qt.PenStyle.DotLine))
                item.addItem(line)
                self.bounds.append((name, line))
            widest = bound if widest is None else max(widest, bound)
        if widest is None:
            return
        for a, b, anchor, x in ((lo, -widest, (0, 0.5), lo), (widest, hi, (1, 0.5), hi)):
            if a >= b:
                continue
            region = pg.LinearRegionItem((a, b), movable=False,
                                         brush=pg.mkBrush(0, 0, 0, SHADE_ALPHA),
                                         pen=pen((0, 0, 0, 0), 1.0))
            region.setZValue(-10)
            item.addItem(region)
            self.regions.append(region)
            label = pg.TextItem("saturation:\nσ′ ≈ 0", color=INK, anchor=anchor)
            label.setFont(font(LABEL_POINTS, bold=True))
            label.setPos(x, label_y)
            item.addItem(label)
            self.labels.append(label)

    def region_bounds(self) -> list[tuple[float, float]]:
        """The shaded z-intervals, left to right (for tests and exports)."""
        return [tuple(float(v) for v in region.getRegion()) for region in self.regions]

    def bound_lines(self) -> dict[str, tuple[float, ...]]:
        """Each saturating function's bounds ±z where its slope falls below the threshold."""
        out: dict[str, tuple[float, ...]] = {}
        for name, line in self.bounds:
            out[name] = (*out.get(name, ()), float(line.value()))
        return out


def formulas_html(s) -> str:
    rows = []
    for name in s.functions:
        act = ACTIVATIONS[name]
        colour = "#{:02x}{:02x}{:02x}".format(*COLOURS[name])
        text = f"<b style='color:{colour}'>━━ {act.display}</b> &nbsp;{act.formula}"
        if s.derivative:
            text += (f" &nbsp;&nbsp; <b style='color:{colour}'>╍╍</b> "
                     f"{act.derivative_formula}")
        rows.append(text)
    if s.mark == "saturation":
        rows.append(f"<span style='color:{MUTED}'>dotted: where each S-curve's slope falls "
                    f"below {SATURATION_SLOPE}; shaded: all of them saturated</span>")
    return "<br>".join(rows)
