"""What the training-insight docks (gradient flow, histograms, confusion matrix) share in
looks: fonts legible at a desk (≥ 13 px), one colour per layer, plain white plots."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui

from model.notation import short
from widgets.plot_style import INK, style_axes

MUTED = "#555555"
LABEL_POINTS = 12
READOUT_POINTS = 13
# Layers ordered input → output along viridis (its pale yellow end left out: it vanishes
# on white), so depth reads as colour and a vanishing ordering shows as a colour ordering.
_LAYER_MAP = pg.colormap.get("viridis")


def layer_colours(n: int) -> list[QtGui.QColor]:
    """``n`` colours, the first layer's darkest (purple) to the last's (green)."""
    return [_LAYER_MAP.map(float(t), mode="qcolor") for t in np.linspace(0.0, 0.78, max(n, 1))][:n]


def style_plot(item: pg.PlotItem) -> None:
    """Ink-coloured axes with legible ticks, no SI prefixes, no context menu, no buttons."""
    item.setMenuEnabled(False)
    item.hideButtons()
    style_axes(item)


def title(item: pg.PlotItem, text: str) -> None:
    """A plot's title, set only when it changes (each one lays out rich text)."""
    if getattr(item, "_insight_title", None) != text:
        item._insight_title = text
        item.setTitle(text, size=f"{LABEL_POINTS}pt", color=INK)


def positive(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The points a log scale can draw: finite and above 0."""
    keep = np.isfinite(y) & (y > 0)
    return x[keep], y[keep]


class LogAxis(pg.AxisItem):
    """A log-scale axis labelled the notation's way (0.01, 1 × 10⁻⁵): the decades when two
    or more are in view (every second, third, … when they would crowd), else 1, 2 and 5
    times them; the other ticks unlabelled. (pyqtgraph labels every minor tick of a short
    range, and they overlap.)"""

    LABEL_PX = 22  # room one label needs along the axis

    def logTickValues(self, minVal, maxVal, size, stdTicks):  # noqa: N802, N803 (pyqtgraph's)
        lo, hi = int(np.floor(minVal)), int(np.ceil(maxVal))
        every = max(1, int(np.ceil((maxVal - minVal) * self.LABEL_PX / max(size, 1.0))))
        inside = [float(v) for v in range(lo, hi + 1) if minVal <= v <= maxVal and v % every == 0]
        minor = [v + float(np.log10(m)) for v in range(lo, hi + 1) for m in range(2, 10)
                 if minVal <= v + np.log10(m) <= maxVal]
        if len(inside) < 2:  # 1, 2, 5 times the decades, as many as there is room for
            room = int(max(size, 1.0) // self.LABEL_PX)
            for steps in ((1, 2, 5), (1, 3), (1,)):
                inside = [v + float(np.log10(m)) for v in range(lo, hi + 1) for m in steps
                          if minVal <= v + np.log10(m) <= maxVal]
                if len(inside) <= room:
                    break
        return [(None, inside), (None, [v for v in minor if v not in inside])]

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        return [short(10.0 ** v) for v in values]

