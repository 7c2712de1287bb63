"""The loss-landscape picture: heat map, contour lines, colour bar, current point and path.

One widget for the Landscape dock and the headless ``landscape`` command (``save_picture``).
It draws what it is given (a ``model.landscape.Landscape``, a projected path) and computes
nothing but colours. Colours come from ``widgets.colormap`` (the cost is not signed, so it
takes the positive half of the app's map, grey → blue, like a bounded activation) and are
made here as an RGBA image, so tests read them back and compare them with the map applied
to the model's numbers; non-finite costs are the map's magenta. A cost spanning more than
two decades is coloured and contoured on a log scale (the colour bar says so). Axes are in
the parameters' own values for two chosen weights (u is the offset added to the weight),
in u and v for random directions.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from model.contours import contour_levels, contour_segments
from model.landscape import Landscape, PathOnPlane, Plane
from model.notation import cost_label, num
from widgets.colormap import DIVERGING_LUT, LUT_SIZE, Scale, to_rgb
from widgets.plot_style import INK, TICK_POINTS, font, style_axes

PATH_COLOUR = "#b35806"  # the map's orange: it stands out on grey and blue alike
OFF_COLOUR = "#7f3b08"  # path points off the plane: hollow, darker
CONTOUR_PEN = pg.mkPen(QtGui.QColor(26, 26, 26, 110), width=1)
LABEL_POINTS = 12
AXIS_POINTS = 14  # the weights' names: sub- and superscript digits are small glyphs
LOG_DECADES = 2.0  # a cost whose max/min exceeds 10² is shown on a log scale
N_CONTOURS = 10
PICTURE_SIZE = (900, 720)
_COST_LUT = DIVERGING_LUT[LUT_SIZE // 2:]  # grey (zero) → blue: the positive half


def colour_scale(cost: np.ndarray) -> tuple[Scale, bool]:
    """The colour scale of a cost grid and whether it is logarithmic (then the scale is over
    log₁₀ C): the finite values' range, log when they are positive and span > 2 decades."""
    finite = cost[np.isfinite(cost)]
    if not finite.size:
        return Scale(0.0, 1.0), False
    low, high = float(finite.min()), float(finite.max())
    if low > 0 and np.log10(high / low) > LOG_DECADES:
        return Scale(float(np.log10(low)), float(np.log10(high))), True
    return Scale(low, high if high > low else low + 1e-12), False


def cost_rgba(cost: np.ndarray, scale: Scale, log: bool) -> np.ndarray:
    """RGBA (grid, grid, 4) uint8 for the ImageItem: ``to_rgb`` of C (or log₁₀ C)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        shown = np.log10(cost) if log else cost
    rgb = to_rgb(shown, scale)
    return np.concatenate([rgb, np.full((*rgb.shape[:-1], 1), 255, np.uint8)], axis=-1)


def log_ticks(low: float, high: float) -> list[float]:
    """Values for a log colour bar over [10^low, 10^high]: the powers of ten inside, with
    2× and 5× between them when fewer than three powers fit."""
    values = [10.0 ** k for k in range(int(np.ceil(low)), int(np.floor(high)) + 1)]
    if len(values) < 3:
        values = [m * 10.0 ** k for k in range(int(np.floor(low)), int(np.ceil(high)) + 1)
                  for m in (1, 2, 5)]
    return [t for t in values if low <= np.log10(t) <= high]


class LandscapePlot(QtWidgets.QWidget):
    """The training cost over a plane, the current parameters and the optimiser's path."""

    def __init__(self, parent=None, picture: bool = True):
        """``picture``: with a title and a legend (exports); the dock says it in words."""
        super().__init__(parent)
        self.picture = picture
        self.landscape: Landscape | None = None
        self.log = False
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setMinimumSize(220, 180)
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.setAspectLocked(False)
        style_axes(item)
        self.image = pg.ImageItem(axisOrder="col-major")  # image[i, j] sits at (u[i], v[j])
        item.addItem(self.image)
        self.contours = pg.PlotCurveItem(connect="pairs", pen=CONTOUR_PEN)
        item.addItem(self.contours)
        self.path = pg.PlotDataItem(pen=pg.mkPen(PATH_COLOUR, width=2), symbol="o",
                                    symbolSize=4, symbolPen=None, symbolBrush=PATH_COLOUR)
        self.off_plane = pg.ScatterPlotItem(size=8, pen=pg.mkPen(OFF_COLOUR, width=1.5),
                                            brush=None, symbol="o")
        self.current = pg.ScatterPlotItem(size=15, symbol="o", pen=pg.mkPen(INK, width=2),
                                          brush=pg.mkBrush("#ffffff"))
        for it in (self.path, self.off_plane, self.current):
            item.addItem(it)
        self.legend = None
        if picture:
            self.legend = item.addLegend(offset=(10, 10), labelTextSize=f"{LABEL_POINTS}pt",
                                         labelTextColor=INK, brush=pg.mkBrush(255, 255, 255, 220),
                                         pen=pg.mkPen("#bbbbbb"))
        cmap = pg.ColorMap(np.linspace(0.0, 1.0, len(_COST_LUT)), _COST_LUT)
        self.colour_bar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=cmap, interactive=False,
                                          colorMapMenu=False, width=18)
        self.colour_bar.setImageItem([], insert_in=item)  # drawn beside it, not driving it
        bar_axis = self.colour_bar.axis
        bar_axis.setTickFont(font(TICK_POINTS))
        bar_axis.setTextPen(pg.mkPen(INK))
        bar_axis.setPen(pg.mkPen(INK))
        bar_axis.enableAutoSIPrefix(False)
        bar_axis.setWidth(80)  # tick values and the label beside them, not on top
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    # --- what it shows ------------------------------------------------------------------

    def axis_values(self, plane: Plane, u, v) -> tuple[np.ndarray, np.ndarray]:
        """Plane coordinates as the axes read: the chosen weights' values, or u and v."""
        return (plane.d1.origin + np.asarray(u, dtype=float),
                plane.d2.origin + np.asarray(v, dtype=float))

    def show_landscape(self, land: Landscape) -> None:
        """Draw a new grid (the path and point are kept until the next ``show_path``)."""
        self.landscape = land
        plane = land.plane
        scale, self.log = colour_scale(land.cost)
        self.image.setImage(cost_rgba(land.cost, scale, self.log), autoLevels=False)
        h = 2 * plane.span / (plane.grid - 1)  # the spacing: each value fills one cell
        x0, y0 = self.axis_values(plane, -plane.span - h / 2, -plane.span - h / 2)
        self.image.setRect(QtCore.QRectF(float(x0), float(y0), 2 * plane.span + h,
                                         2 * plane.span + h))
        self._draw_contours(land, scale)
        self._label_bar(scale)
        item = self.plot.getPlotItem()
        style = {"font-size": f"{AXIS_POINTS if self.picture else LABEL_POINTS}pt",
                 "color": INK}
        for side, d in (("bottom", plane.d1), ("left", plane.d2)):  # the dock shows the seed
            item.setLabel(side, d.label if self.picture else d.name, **style)
        if self.picture:
            item.setTitle(f"{cost_label('train')} over the plane · at its centre "
                          f"{num(land.centre_cost)}", size=f"{LABEL_POINTS}pt", color=INK)
        reach = plane.span + h / 2
        item.setRange(xRange=(plane.d1.origin - reach, plane.d1.origin + reach),
                      yRange=(plane.d2.origin - reach, plane.d2.origin + reach), padding=0)

    def _draw_contours(self, land: Landscape, scale: Scale) -> None:
        plane = land.plane
        with np.errstate(divide="ignore", invalid="ignore"):
            shown = np.log10(land.cost) if self.log else land.cost
        levels = contour_levels(scale.low, scale.high, N_CONTOURS)
        segments = [contour_segments(shown, level) for level in levels]
        pts = np.concatenate(segments).reshape(-1, 2) if segments else np.empty((0, 2))
        h = 2 * plane.span / (plane.grid - 1)
        x, y = self.axis_values(plane, -plane.span + pts[:, 0] * h, -plane.span + pts[:, 1] * h)
        self.contour_count = len(pts) // 2
        self.contours.setData(x, y, connect="pairs")

    def _label_bar(self, scale: Scale) -> None:
        bar = self.colour_bar
        bar.setLevels((scale.low, scale.high))
        axis = bar.axis
        if self.log:
            axis.setTicks([[(float(np.log10(t)), num(t)) for t in log_ticks(scale.low,
                                                                              scale.high)]])
        else:
            axis.setTicks(None)
        name = cost_label("train") if self.picture else "cost"
        axis.setLabel(name + ((" (log scale)" if self.picture else " (log)") if self.log else ""),
                      **{"font-size": f"{LABEL_POINTS}pt", "color": INK})

    def show_path(self, seen: PathOnPlane | None) -> None:
        """The path's points (the last one is the current parameters), those off the plane
        hollow; None or empty clears it."""
        if self.legend is not None:
            self.legend.clear()
        if self.landscape is None or seen is None or not len(seen.u):
            for it in (self.path, self.off_plane, self.current):
                it.setData([], [])
            return
        plane = self.landscape.plane
        x, y = self.axis_values(plane, seen.u, seen.v)
        off = seen.off(plane)
        self.path.setData(x, y)
        self.off_plane.setData(x[off], y[off])
        self.current.setData([x[-1]], [y[-1]])
        if self.legend is None:
            return
        self.legend.addItem(self.current, "θ, the parameters now")
        if len(x) > 1:
            self.legend.addItem(self.path, f"path ({len(x)} points)")
        if off.any():
            self.legend.addItem(self.off_plane, "off the plane")


def save_picture(land: Landscape, path: Path, seen: PathOnPlane | None = None) -> Path:
    """The landscape as PNG or SVG (by the suffix), atomically; headless when no window
    system is running (the offscreen platform, as ``render`` uses)."""
    app = QtWidgets.QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QtWidgets.QApplication([])
    from model.landscape import project
    from widgets import export

    plot = LandscapePlot()
    plot.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen)
    plot.resize(*PICTURE_SIZE)
    plot.show_landscape(land)
    plot.show_path(seen if seen is not None else project(land.plane, [land.plane]))
    plot.ensurePolished()
    app.processEvents()
    try:
        if Path(path).suffix.lower() == ".svg":
            return export.export_svg(plot, path)
        return export.save_image(export.widget_image(plot), path)
    finally:
        plot.close()
        plot.deleteLater()
