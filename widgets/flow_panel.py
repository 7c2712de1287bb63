"""The Gradient flow dock: per layer, over the iterations, how big δ, ∂C/∂W and the updates are.

Three plots side by side on log scales, one curve per weight layer in one colour each
(``insight_style.layer_colours``: input side dark, output side light): ‖δ⁽ˡ⁾‖ (each
sample's norm, averaged over the mini-batch), ‖∂C/∂W⁽ˡ⁾‖ and ‖ΔW⁽ˡ⁾‖ / ‖W⁽ˡ⁾‖. A saturated
sigmoid network shows its curves stacked by depth, the input side lowest (vanishing
gradients); too large an η shows the update ratio near 1 and climbing (exploding). The
series are the Session's (``app.session_flow``), recorded while stepping and training.
Hovering names the iteration under the mouse and every layer's exact values there.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from model.flow import DENSE, MEASURES
from model.notation import num, symbol
from widgets.dock_panel import DockPanel
from widgets.insight_style import (
    LABEL_POINTS,
    READOUT_POINTS,
    LogAxis,
    layer_colours,
    positive,
    style_plot,
    title,
)
from widgets.plot_style import INK, font
from widgets.throttle import TRAINING_REFRESH_MS

REDRAW_INTERVAL_MS = 100
PLOT_PX = 250  # the width one plot needs for its axes and title


def measure_symbol(measure: str, layer: int | str) -> str:
    """‖δ⁽ˡ⁾‖, ‖∂C/∂W⁽ˡ⁾‖ or ‖ΔW⁽ˡ⁾‖ / ‖W⁽ˡ⁾‖ for ``layer`` (a number or "l")."""
    w = symbol("W", layer)
    return {"delta": f"‖{symbol('δ', layer)}‖", "grad": f"‖∂C/∂{w}‖",
            "ratio": f"‖Δ{w}‖ / ‖{w}‖"}[measure]


TITLES = {"delta": f"errors {measure_symbol('delta', 'l')}",
          "grad": f"gradients {measure_symbol('grad', 'l')}",
          "ratio": f"updates {measure_symbol('ratio', 'l')}"}
NOTE = ("Log scales; the norm of a matrix is the Frobenius norm √(Σ w²). Recorded at every "
        f"iteration stepped through; while training, at every one of the first {2 * DENSE}, "
        f"then at {DENSE} per doubling of the iteration count.")


class FlowPanel(DockPanel):
    """Three log-scale plots of the Session's gradient-flow series, with a hover readout."""

    def __init__(self, session, parent=None):
        # three plots cost three Loss docks' paint: while training, a few times a second
        super().__init__(session, parent, follows=("reset", "losses_changed"),
                         interval_ms=REDRAW_INTERVAL_MS, training_ms=TRAINING_REFRESH_MS,
                         skip_hidden=True)
        self.hover_iteration: int | None = None
        self.hover_text = ""  # every layer's values at the iteration hovered (the tooltip)
        self.readout = QtWidgets.QLabel(self)
        self.readout.setObjectName("flowReadout")
        self.readout.setFont(font(READOUT_POINTS))
        self.readout.setWordWrap(True)  # never wider than the dock
        self.readout.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legend = QtWidgets.QLabel(self)
        self.legend.setFont(font(LABEL_POINTS))
        self.legend.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setToolTip(NOTE)
        self.choice = QtWidgets.QComboBox(self)
        self.choice.addItem("all three", MEASURES)
        for measure in MEASURES:
            self.choice.addItem(TITLES[measure], (measure,))
        self.choice.setFont(font(LABEL_POINTS))
        # its size must not follow its texts: they follow the dock's width (_fit_plots)
        self.choice.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.choice.setMinimumContentsLength(14)
        self.choice.setFocusPolicy(QtCore.Qt.FocusPolicy.ClickFocus)
        self.choice.currentIndexChanged.connect(lambda _i: self._fit_plots())
        self.view = pg.GraphicsLayoutWidget(self)
        self.view.setBackground("w")
        self.view.setMinimumHeight(160)
        self.plots: dict[str, pg.PlotItem] = {}
        self.markers: dict[str, pg.InfiniteLine] = {}
        for col, measure in enumerate(MEASURES):
            plot = self.view.addPlot(row=0, col=col, axisItems={"left": LogAxis("left")})
            style_plot(plot)
            plot.getAxis("left").setStyle(maxTextLevel=0)  # the minor ticks unlabelled
            plot.setLogMode(y=True)
            plot.showGrid(x=True, y=True, alpha=0.25)
            plot.setClipToView(True)
            plot.getAxis("bottom").setLabel("iteration", **{"font-size": f"{LABEL_POINTS}pt",
                                                            "color": INK})
            title(plot, TITLES[measure])
            marker = pg.InfiniteLine(angle=90, pen=pg.mkPen("#888888", width=1,
                                                             style=QtCore.Qt.PenStyle.DashLine))
            marker.setVisible(False)
            plot.addItem(marker, ignoreBounds=True)
            self.plots[measure], self.markers[measure] = plot, marker
        self.curves: dict[str, list[pg.PlotDataItem]] = {m: [] for m in MEASURES}
        self.view.scene().sigMouseMoved.connect(self._mouse_moved)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.choice)
        top.addWidget(self.legend, 1)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.readout)
        self.start()

    @property
    def shown_measures(self) -> tuple[str, ...]:
        """The plots on screen: the choice, or only the errors' when "all three" would not
        fit the dock's width side by side (the choice's tooltip then says so)."""
        chosen = self.choice.currentData()
        return chosen if len(chosen) == 1 or self.width() >= 3 * PLOT_PX else chosen[:1]

    def _fit_plots(self) -> None:
        measures = self.shown_measures
        narrow = measures != self.choice.currentData()
        self.choice.setItemText(0, "all three (too narrow: ‖δ‖ only)" if self.width() < 3 * PLOT_PX
                                else "all three")
        self.choice.setToolTip("The dock is too narrow for three plots side by side: widen it, "
                               "or choose one" if narrow else "")
        if tuple(p for p in self.plots if self.plots[p] in self.view.ci.items) == measures:
            return
        for plot in self.plots.values():
            if plot in self.view.ci.items:
                self.view.ci.removeItem(plot)
                plot.hide()
        for col, measure in enumerate(measures):
            self.view.ci.addItem(self.plots[measure], row=0, col=col)
            self.plots[measure].show()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_plots()

    # --- following the Session ----------------------------------------------------------

    def rebuild(self) -> None:
        """One curve per weight layer 2..L in each plot, in the layer's colour."""
        n_layers = self.session.network.n_layers
        colours = layer_colours(n_layers - 1)
        for measure, plot in self.plots.items():
            for curve in self.curves[measure]:
                plot.removeItem(curve)
            self.curves[measure] = [
                plot.plot(pen=pg.mkPen(colour, width=2), name=f"layer {layer}")
                for layer, colour in zip(range(2, n_layers + 1), colours, strict=True)]
        swatches = " &nbsp; ".join(
            f"<span style='color:{c.name()}'>━━</span> layer {layer}"
            for layer, c in zip(range(2, n_layers + 1), colours, strict=True))
        self.legend.setText(swatches)  # layer 1, the input, has no weights: no curve
        self.hover_iteration = None

    def redraw(self, what: frozenset[str]) -> None:
        flow = self.session.flow
        for measure in MEASURES:
            for layer, curve in enumerate(self.curves[measure], start=2):
                c = flow.curve(measure, layer)
                curve.setData(*positive(c.x, c.y))
        self._show_readout()

    # --- reading the values -------------------------------------------------------------

    def values_at(self, iteration: int) -> tuple[int, dict[str, list[float]]] | None:
        """The recorded iteration nearest ``iteration`` and each measure's values there,
        layer 2 first; None while nothing is recorded."""
        flow = self.session.flow
        x = flow.curve("delta", 2).x
        if not len(x):
            return None
        i = int(np.clip(np.searchsorted(x, iteration), 0, len(x) - 1))
        if i > 0 and abs(x[i - 1] - iteration) <= abs(x[i] - iteration):
            i -= 1
        n = int(x[i])
        return n, {m: [float(flow.curve(m, layer).y[i])
                       for layer in range(2, flow.n_layers + 1)] for m in MEASURES}

    def readout_text(self, iteration: int | None = None) -> str:
        """What the readout says about ``iteration`` (None: the newest recorded)."""
        x = self.session.flow.curve("delta", 2).x
        if not len(x):
            return "No iteration recorded yet: step through one, or train."
        found = self.values_at(int(x[-1]) if iteration is None else iteration)
        assert found is not None
        n, values = found
        lines = [f"iteration {n:,}" + ("" if iteration is not None else " (the latest)")]
        for measure in MEASURES:
            parts = [f"{measure_symbol(measure, layer)} = {num(v)}"
                     for layer, v in enumerate(values[measure], start=2)]
            lines.append(" · ".join(parts))
        return "\n".join(lines)

    def _show_readout(self) -> None:
        """One line under the plots (the dock is short): the iteration hovered or the
        latest; every layer's values are in ``hover_text``, shown as the tooltip."""
        head = self.readout_text(self.hover_iteration).splitlines()[0]
        self.readout.setText(head if self.hover_iteration is not None
                             else f"{head} · hover the plots for every layer's exact values")

    def hover(self, iteration: int | None) -> str:
        """The values at (the recorded iteration nearest) ``iteration``, marked on the plots
        (None: none); returns the text the tooltip shows. The mouse calls it; tests too."""
        found = None if iteration is None else self.values_at(iteration)
        self.hover_iteration = None if found is None else found[0]
        for marker in self.markers.values():
            marker.setVisible(self.hover_iteration is not None)
            if self.hover_iteration is not None:
                marker.setValue(self.hover_iteration)
        self.hover_text = "" if found is None else self.readout_text(self.hover_iteration)
        self._show_readout()
        return self.hover_text

    def _mouse_moved(self, pos) -> None:
        for plot in self.plots.values():
            box = plot.getViewBox()
            if box.sceneBoundingRect().contains(pos):
                text = self.hover(int(round(box.mapSceneToView(pos).x())))
                QtWidgets.QToolTip.showText(QtGui.QCursor.pos(), text, self.view)
                return
        if self.hover_iteration is not None:
            self.hover(None)
            QtWidgets.QToolTip.hideText()
