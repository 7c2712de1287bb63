"""The plots' one look: ink, tick type and axes (Data, Loss, Landscape and the insight docks).

Presentation mode restyles these same items (widgets/projector_plots.py); the desk look is
set here once so the plots cannot drift apart.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtGui

INK = "#1a1a1a"
TICK_POINTS = 11  # ≈ 15 px at 96 dpi


def font(points: float, bold: bool = False) -> QtGui.QFont:
    f = QtGui.QFont()
    f.setPointSizeF(points)
    f.setBold(bold)
    return f


def style_axes(item: pg.PlotItem) -> None:
    """Ink-coloured left and bottom axes with legible ticks and no SI prefixes ("0.15", not
    "150" with "(x0.001)" in the label)."""
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setTickFont(font(TICK_POINTS))
        axis.setPen(pg.mkPen(INK))
        axis.setTextPen(pg.mkPen(INK))
        axis.enableAutoSIPrefix(False)


def settle(view: pg.GraphicsView) -> None:
    """Work out a changed plot's auto range and axes now, before it is painted: pyqtgraph
    does that inside the paint, and the axes it moves then ask for a second paint (two
    paints per new frame of data while training, measured)."""
    view.scene().prepareForPaint()
