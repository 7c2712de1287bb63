"""The Data dock's pictures: the input plane with the network's output under the points, and
the sample's image for image data (digits).

``PlanePlot`` keeps one item of each kind and only feeds them new arrays: the output map is
one RGBA ``ImageItem`` (made in numpy by ``widgets.data_colours``), the contour lines one
curve drawn as point pairs, and the points four scatter items (train, test, the mini-batch's
rings, the shown sample's ring). Positions and colours of the points change only on a new
data set; on a step only the rings move and, when the parameters changed, the image.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from model.contours import contour_segments
from widgets.data_colours import OutputStyle, contour_levels, output_rgb
from widgets.plot_style import INK, style_axes

LABEL_POINTS = 12
MAP_ALPHA = 170  # the map is a little lighter than the points drawn on it
POINT_PX, BATCH_PX, SAMPLE_PX = 8, 14, 20
HIGHLIGHT_PX, HIGHLIGHT = 18, (178, 24, 43)  # samples picked elsewhere (a confusion cell)


def _pen(colour, width: float) -> QtGui.QPen:
    pen = pg.mkPen(colour, width=width)
    pen.setCosmetic(True)
    return pen


def _brushes(rgb: np.ndarray) -> list[QtGui.QBrush]:
    return [pg.mkBrush(int(r), int(g), int(b)) for r, g, b in rgb]


def _pens(rgb: np.ndarray, width: float) -> list[QtGui.QPen]:
    return [_pen(QtGui.QColor(int(r), int(g), int(b)), width) for r, g, b in rgb]


class PlanePlot(pg.PlotWidget):
    """The input plane: output map, contour lines, train and test points, batch rings."""

    def __init__(self, parent=None):
        super().__init__(parent, background="w")
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)  # a lecture's drag must not move the plane
        item.setAspectLocked(True)
        style_axes(item)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        self.contours = pg.PlotCurveItem(connect="pairs", pen=_pen((40, 40, 40, 170), 1.2))
        self.train = pg.ScatterPlotItem(size=POINT_PX, symbol="o")
        self.test = pg.ScatterPlotItem(size=POINT_PX, symbol="o", brush=pg.mkBrush(None))
        self.batch = pg.ScatterPlotItem(size=BATCH_PX, symbol="o", pen=_pen(INK, 1.6),
                                        brush=pg.mkBrush(None))
        self.sample = pg.ScatterPlotItem(size=SAMPLE_PX, symbol="o", pen=_pen(INK, 3.2),
                                         brush=pg.mkBrush(None))
        self.highlight = pg.ScatterPlotItem(size=HIGHLIGHT_PX, symbol="d",
                                            pen=_pen(HIGHLIGHT, 2.4), brush=pg.mkBrush(None))
        for it in (self.image, self.contours, self.train, self.test, self.batch, self.sample,
                   self.highlight):
            item.addItem(it)
        self.rgba = np.zeros((0, 0, 4), dtype=np.uint8)
        self.segments = np.zeros((0, 2, 2))
        self._train_xy = np.zeros((0, 2))

    def set_axes(self, names: tuple[str, ...], extent) -> None:
        """Axis titles and the visible square of the plane (the maps' extent)."""
        item = self.getPlotItem()
        style = {"font-size": f"{LABEL_POINTS}pt", "color": INK}
        item.setLabel("bottom", names[0], **style)
        item.setLabel("left", names[1], **style)
        x1_min, x1_max, x2_min, x2_max = extent
        item.setRange(xRange=(x1_min, x1_max), yRange=(x2_min, x2_max), padding=0)

    def set_points(self, train_xy, train_rgb, test_xy, test_rgb) -> None:
        """Training points filled (white rim), test points hollow rings in their class colour."""
        self._train_xy = np.asarray(train_xy)
        self.train.setData(x=train_xy[:, 0], y=train_xy[:, 1], brush=_brushes(train_rgb),
                           pen=_pen("w", 1.0))
        self.test.setData(x=test_xy[:, 0], y=test_xy[:, 1], pen=_pens(test_rgb, 2.2),
                          brush=pg.mkBrush(None))

    def set_rings(self, rows: np.ndarray, sample_row: int | None) -> None:
        """Ring the mini-batch's training points; the sample shown on the diagram thicker."""
        xy = self._train_xy[rows]
        self.batch.setData(x=xy[:, 0], y=xy[:, 1])
        if sample_row is None:
            self.sample.setData(x=[], y=[])
        else:
            p = self._train_xy[sample_row]
            self.sample.setData(x=[p[0]], y=[p[1]])

    def set_highlight(self, xy: np.ndarray) -> None:
        """Diamonds round the points picked elsewhere ((n, 2) positions; none: empty)."""
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        self.highlight.setData(x=xy[:, 0], y=xy[:, 1])

    def set_map(self, output: np.ndarray, extent, style: OutputStyle, discretise: bool) -> None:
        """Colour the plane by the output layer over the grid (row 0 = top, as PlaneMaps)."""
        rgba = np.empty((*output.shape[:2], 4), dtype=np.uint8)
        rgba[..., :3] = output_rgb(output, style, discretise)
        rgba[..., 3] = MAP_ALPHA
        self.rgba = rgba
        x1_min, x1_max, x2_min, x2_max = extent
        self.image.setImage(rgba[::-1], autoLevels=False)  # the view's y grows upwards
        self.image.setRect(QtCore.QRectF(x1_min, x2_min, x1_max - x1_min, x2_max - x2_min))
        self._set_contours(output, extent, style)

    def _set_contours(self, output, extent, style: OutputStyle) -> None:
        if style.kind != "regression":
            self.segments = np.zeros((0, 2, 2))
        else:
            values = output[::-1, :, 0]  # row 0 = bottom, so index (col, row) is (x₁, x₂)
            # marching squares gives (row, column) index points: as (x₁, x₂) they swap
            parts = [contour_segments(values, level)[..., ::-1] for level in contour_levels(style)]
            seg = np.concatenate(parts)
            res_y, res_x = values.shape
            x1_min, x1_max, x2_min, x2_max = extent
            seg[..., 0] = x1_min + (seg[..., 0] + 0.5) * (x1_max - x1_min) / res_x
            seg[..., 1] = x2_min + (seg[..., 1] + 0.5) * (x2_max - x2_min) / res_y
            self.segments = seg
        flat = self.segments.reshape(-1, 2)
        self.contours.setData(x=flat[:, 0], y=flat[:, 1], connect="pairs")


class DigitView(QtWidgets.QWidget):
    """An image sample drawn big, pixel for pixel (nearest neighbour), ink dark on white."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pixels = np.zeros((0, 0), dtype=np.uint8)
        self._qimage: QtGui.QImage | None = None
        self.setMinimumSize(120, 120)

    def set_sample(self, values: np.ndarray, shape: tuple[int, int]) -> None:
        """``values`` in [0, 1] (1 = ink); larger ranges are scaled to fit first."""
        v = np.asarray(values, dtype=float).reshape(shape)
        low, high = min(0.0, float(v.min())), max(1.0, float(v.max()))
        self.pixels = np.ascontiguousarray(
            255 - np.rint(255 * (v - low) / (high - low)).astype(np.uint8))
        h, w = self.pixels.shape
        self._qimage = QtGui.QImage(self.pixels.data, w, h, w,
                                    QtGui.QImage.Format.Format_Grayscale8).copy()
        self.update()

    def image_rect(self) -> QtCore.QRect:
        """Where the image is drawn: the biggest whole-pixel multiple that fits, centred."""
        h, w = self.pixels.shape if self.pixels.size else (1, 1)
        cell = max(1, min((self.width() - 8) // w, (self.height() - 8) // h))
        return QtCore.QRect((self.width() - cell * w) // 2, (self.height() - cell * h) // 2,
                            cell * w, cell * h)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.fillRect(self.rect(), QtGui.QColor("white"))
        if self._qimage is not None:
            painter.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform, False)
            rect = self.image_rect()
            painter.drawImage(rect, self._qimage)
            painter.setPen(QtGui.QPen(QtGui.QColor("#888888"), 1))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()
