"""QPainter drawing of what the level of detail adds: compact layers as images, and the band
standing for a gap's hidden edges (see diagram.layout.Grid and diagram.lod).

A grid drawn as an image is one ``drawImage`` of a (rows × cols) picture whose pixels are the
neurons' colours, scaled up without smoothing, so every cell is exactly its neuron's colour
(tests read it back). Unused cells of a strip are transparent. Colours are passed in, so this
module does not depend on the painter's theme.
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui

from widgets.diagram.layout import Grid, Layout
from widgets.diagram.lod import BAND_RGB, Lod, band_polygon
from widgets.diagram.maps import rgb_image

Array = np.ndarray

SEPARATOR_CELL = 9.0  # px: cells at least this big are parted by a thin background line


def grid_image(grid: Grid, rgb: Array) -> QtGui.QImage:
    """(rows × cols) premultiplied image of the neurons' colours ``rgb`` (n, 3) uint8."""
    n = len(rgb)
    pixels = np.zeros((grid.rows, grid.cols, 3), dtype=np.uint8)
    alpha = np.zeros((grid.rows, grid.cols), dtype=np.uint8)
    row, col = grid.place(n)
    pixels[row, col] = rgb
    alpha[row, col] = 255
    return rgb_image(pixels, alpha)


def grid_rect(grid: Grid) -> QtCore.QRectF:
    return QtCore.QRectF(grid.left, grid.top, grid.width, grid.height)


def cell_rect(grid: Grid, j: int) -> QtCore.QRectF:
    x, y = grid.centre(j)
    h = grid.cell / 2
    return QtCore.QRectF(x - h, y - h, grid.cell, grid.cell)


def paint_grid(p: QtGui.QPainter, grid: Grid, rgb: Array | None, n: int,
               only: int | None, outline: QtGui.QColor, empty_outline: QtGui.QColor,
               background: QtGui.QColor, line: float) -> None:
    """The layer as an image (``rgb`` None: not computed yet, a dashed empty frame); with
    ``only``, just that neuron's cell."""
    p.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform, False)
    if only is not None:
        p.setPen(QtGui.QPen(outline if rgb is not None else empty_outline, line))
        p.setBrush(background if rgb is None else QtGui.QColor(*(int(v) for v in rgb[only])))
        p.drawRect(cell_rect(grid, only))
        return
    rect = grid_rect(grid)
    if rgb is None:
        p.setPen(QtGui.QPen(empty_outline, 1.5 * line, QtCore.Qt.PenStyle.DashLine))
        p.setBrush(background)
        p.drawRect(_used(grid, n))
        return
    p.drawImage(rect, grid_image(grid, rgb))
    if grid.cell >= SEPARATOR_CELL:
        _separators(p, grid, n, background)
    p.setPen(QtGui.QPen(outline, line))
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    p.drawRect(_used(grid, n))


def _used(grid: Grid, n: int) -> QtCore.QRectF:
    """The grid's frame; a strip's last, partly used column is left out when it is empty."""
    rect = grid_rect(grid)
    if grid.square or n >= grid.rows * grid.cols:
        return rect
    full = n // grid.rows
    if full == 0 or n % grid.rows:
        return rect
    return QtCore.QRectF(grid.left, grid.top, full * grid.cell, grid.height)


def _separators(p: QtGui.QPainter, grid: Grid, n: int, background: QtGui.QColor) -> None:
    """Thin lines between the cells, so big pixels read as neurons, not as a blurred image."""
    lines = []
    for c in range(1, grid.cols):
        x = grid.left + c * grid.cell
        lines.append(QtCore.QLineF(x, grid.top, x, grid.top + grid.height))
    for r in range(1, grid.rows):
        y = grid.top + r * grid.cell
        lines.append(QtCore.QLineF(grid.left, y, grid.left + grid.width, y))
    p.setPen(QtGui.QPen(background, max(1.0, grid.cell / 12)))
    p.drawLines(lines)


def paint_bands(p: QtGui.QPainter, layout: Layout, lod: Lod | None) -> None:
    """A faint band over every gap with hidden edges in view: the connectivity not drawn."""
    if lod is None:
        return
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    p.setPen(QtCore.Qt.PenStyle.NoPen)
    p.setBrush(QtGui.QColor(*BAND_RGB))
    for gap in lod.gaps:
        if gap.hidden:
            poly = band_polygon(layout, gap.layer)
            p.drawPolygon(QtGui.QPolygonF([QtCore.QPointF(x, y) for x, y in poly]))
