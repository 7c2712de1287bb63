"""The Histograms dock: the distribution of W⁽ˡ⁾, a⁽ˡ⁾ or δ⁽ˡ⁾ per layer, now and over training.

Small multiples, one plot per weight layer, each a ridge after TensorBoard's histogram
dashboard ("offset" mode): the step shown in front in the layer's colour, up to seven
earlier moments of training behind it, paler the older they are, all on the same bins.
The numbers come from ``app.insight.Ridges``; an activation or error the step shown has
not computed yet has no front row (the title says so). Hover names the row's iteration,
the bin and how many values fall in it.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from app.insight import LayerRidge, Ridges
from model.histograms import RIDGE_ROWS
from model.notation import num, symbol
from widgets.dock_panel import DockPanel
from widgets.insight_style import (
    LABEL_POINTS,
    READOUT_POINTS,
    layer_colours,
    style_plot,
    title,
)
from widgets.plot_style import INK, font
from widgets.throttle import TRAINING_REFRESH_MS

REDRAW_INTERVAL_MS = 100
OVERLAP = 2.2  # a row's tallest bin, in row spacings: the rows overlap like a ridge
COLUMNS = 4  # plots per row of the grid, at most
PLOT_PX = 220  # the width one plot needs: fewer columns in a narrower dock
TICK_PX = 18  # room one iteration label needs on the left axis
QUANTITY_WORDS = {"w": ("weights", "W"), "a": ("activations", "a"), "delta": ("errors", "δ")}


class HistogramPanel(DockPanel):
    """A quantity switch over one ridge plot per weight layer."""

    def __init__(self, session, parent=None):
        super().__init__(session, parent, follows=("reset", "changed"),
                         interval_ms=REDRAW_INTERVAL_MS, training_ms=TRAINING_REFRESH_MS,
                         skip_hidden=True)
        self.ridges = Ridges()
        self.shown: list[LayerRidge] = []
        self.quantity = QtWidgets.QComboBox(self)
        for key, (words, base) in QUANTITY_WORDS.items():
            self.quantity.addItem(f"{words} {symbol(base, 'l')}", key)
        self.quantity.setFont(font(LABEL_POINTS))
        self.quantity.setFocusPolicy(QtCore.Qt.FocusPolicy.ClickFocus)
        self.quantity.currentIndexChanged.connect(lambda _i: self.flush_now())
        note = QtWidgets.QLabel("front: the step shown; behind: earlier, paler", self)
        note.setToolTip("The rows behind are moments of training the history kept, evenly "
                        "spread, evaluated on the current mini-batch; all share the bins")
        note.setFont(font(LABEL_POINTS))
        note.setWordWrap(True)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.quantity)
        top.addWidget(note, 1)
        self.view = pg.GraphicsLayoutWidget(self)
        self.view.setBackground("w")
        self.view.setMinimumHeight(160)
        self.view.scene().sigMouseMoved.connect(self._mouse_moved)
        self.readout = QtWidgets.QLabel(self)
        self.readout.setObjectName("histogramReadout")
        self.readout.setFont(font(READOUT_POINTS))
        self.readout.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plots: list[pg.PlotItem] = []
        self.rows: list[list[pg.PlotDataItem]] = []  # per layer, oldest row first
        self.scales: list[float] = []  # per layer: counts → row heights
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.readout)
        self.start()

    @property
    def what(self) -> str:
        return self.quantity.currentData()

    def flush_now(self) -> None:
        self._pending.add("changed")
        self.flush()

    # --- following the Session ----------------------------------------------------------

    def rebuild(self) -> None:
        """One plot per weight layer, each with a pool of ridge rows."""
        self.view.clear()
        self.plots, self.rows, self.scales = [], [], []
        self._columns = 0
        n_layers = self.session.network.n_layers
        for colour in layer_colours(n_layers - 1):
            plot = pg.PlotItem()
            style_plot(plot)
            plot.setMouseEnabled(x=False, y=False)
            plot.getAxis("left").setLabel("iteration", **{"font-size": f"{LABEL_POINTS}pt",
                                                          "color": INK})
            items = []
            for r in range(RIDGE_ROWS):
                front = r == RIDGE_ROWS - 1
                fade = 0.0 if front else 0.35 + 0.5 * (RIDGE_ROWS - 2 - r) / (RIDGE_ROWS - 2)
                fill = QtGui.QColor(*(round(c + (255 - c) * fade) for c in colour.getRgb()[:3]))
                item = pg.PlotDataItem(stepMode="center", fillOutline=True,
                                       pen=pg.mkPen(INK if front else "#777777",
                                                    width=1.5 if front else 1),
                                       brush=pg.mkBrush(fill))
                plot.addItem(item)
                items.append(item)
            self.plots.append(plot)
            self.rows.append(items)
            self.scales.append(1.0)
        self._columns = 0
        self._arrange()

    def _arrange(self) -> None:
        """The plots in a grid of as many columns as the width holds (1 to COLUMNS)."""
        columns = max(1, min(COLUMNS, len(self.plots), self.width() // PLOT_PX))
        if columns == self._columns:
            return
        self._columns = columns
        for plot in self.plots:
            if plot in self.view.ci.items:
                self.view.ci.removeItem(plot)
        for i, plot in enumerate(self.plots):
            self.view.ci.addItem(plot, row=i // columns, col=i % columns)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.plots:
            self._arrange()

    def redraw(self, what: frozenset[str]) -> None:
        self.shown = self.ridges.layers(self.session, self.what)
        for i, lr in enumerate(self.shown):
            self._draw_layer(i, lr)

    def _draw_layer(self, i: int, lr: LayerRidge) -> None:
        """Rows newest in front (offset 0: the step shown, left empty if it has not computed
        the quantity), older ones one spacing further back each."""
        ridge, items, plot = lr.ridge, self.rows[i], self.plots[i]
        n = len(ridge.iterations)
        slots = n + (0 if lr.computed else 1)
        peak = max(int(ridge.counts.max()) if ridge.counts.size else 0, 1)
        self.scales[i] = OVERLAP / peak
        first = RIDGE_ROWS - slots  # items before it stay empty; the last is the front
        for r, item in enumerate(items):
            row = r - first
            if row < 0 or row >= n:
                item.setData([], [])
                item.setVisible(False)
                continue
            offset = float(slots - 1 - row)
            item.setVisible(True)
            item.setFillLevel(offset)
            item.setData(ridge.edges, offset + ridge.counts[row] * self.scales[i])
        room = plot.getViewBox().height() / max(slots - 1 + OVERLAP, 1.0)  # px per row
        every = max(1, int(np.ceil(TICK_PX / max(room, 1.0))))  # label as many as fit
        plot.getAxis("left").setTicks([[
            (float(slots - 1 - row), "now" if row == n - 1 and lr.computed else f"{it:,}")
            for row, it in enumerate(ridge.iterations) if (n - 1 - row) % every == 0], []])
        plot.setYRange(-0.1, slots - 1 + OVERLAP, padding=0)
        plot.setXRange(float(ridge.edges[0]), float(ridge.edges[-1]), padding=0.02)
        title(plot, self._title(lr))

    def _title(self, lr: LayerRidge) -> str:
        words, base = QUANTITY_WORDS[self.what]
        name = symbol(base, lr.layer)
        if not lr.computed:
            return f"{name}: not computed yet at this step"
        bad = lr.ridge.nonfinite[-1]
        count = int(lr.ridge.newest.sum()) + bad
        extra = f", {bad:,} not finite" if bad else ""
        return f"{name} ({count:,} {words}{extra})"

    # --- reading back -------------------------------------------------------------------

    def front_counts(self, layer: int) -> tuple[np.ndarray, np.ndarray] | None:
        """(edges, counts) of the front row drawn for ``layer``, read back from its item."""
        lr = self.shown[layer - 2]
        if not lr.computed:
            return None
        item = self.rows[layer - 2][-1]
        return item.xData, np.rint(item.yData / self.scales[layer - 2]).astype(np.int64)

    def hover_text(self, layer: int, value: float, row_offset: float) -> str:
        """The readout for the mouse at ``value`` on the x axis and ``row_offset`` rows
        behind the front in ``layer``'s plot."""
        lr = self.shown[layer - 2]
        ridge = lr.ridge
        n = len(ridge.iterations)
        slots = n + (0 if lr.computed else 1)
        row = slots - 1 - int(np.clip(np.floor(row_offset + 0.5), 0, slots - 1))
        words, base = QUANTITY_WORDS[self.what]
        if row >= n:
            return f"{symbol(base, layer)}: not computed yet at this step"
        b = int(np.clip(np.searchsorted(ridge.edges, value, side="right") - 1, 0,
                        len(ridge.counts[row]) - 1))
        lo, hi = ridge.edges[b], ridge.edges[b + 1]
        when = ("the step shown" if row == n - 1 and lr.computed
                else f"iteration {ridge.iterations[row]:,}")
        return (f"{symbol(base, layer)} at {when}: {int(ridge.counts[row][b]):,} of "
                f"{int(ridge.counts[row].sum()):,} {words} in [{num(lo)}, {num(hi)})")

    def _mouse_moved(self, pos) -> None:
        for i, plot in enumerate(self.plots):
            box = plot.getViewBox()
            if i < len(self.shown) and box.sceneBoundingRect().contains(pos):
                p = box.mapSceneToView(pos)
                self.readout.setText(self.hover_text(i + 2, p.x(), p.y()))
                return
