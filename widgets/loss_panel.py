"""The loss dock: training loss per iteration and per epoch, test loss per epoch.

Long runs emit ``losses_changed`` up to 60 times a second; redraws are throttled to about 30
a second (the first change draws at once, later ones within the interval are coalesced by a
single-shot timer), and each redraw only calls ``setData`` on the three existing curves.
The curves' lengths are bounded by ``LossHistory``; pyqtgraph clips to the view and
downsamples (peak mode keeps spikes). Non-finite losses (divergence) are never drawn, and
in log scale neither are non-positive ones.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from model.notation import num, short
from widgets.dock_panel import DockPanel

REDRAW_INTERVAL_MS = 33  # at most ~30 redraws a second
TRAIN_COLOUR = "#2166ac"  # the diverging map's blue and orange: a colour-blind-safe pair
TEST_COLOUR = "#b35806"
ITERATION_COLOUR = "#9ecae1"
INK = "#1a1a1a"
DIVERGED_COLOUR = "#b2182b"
TICK_POINTS = 11
LABEL_POINTS = 12
VALUE_POINTS = 16
PER_ITERATION, PER_EPOCH = "iteration", "epoch"


def _font(points: int, bold: bool = False) -> QtGui.QFont:
    font = QtGui.QFont()
    font.setPointSize(points)
    font.setBold(bold)
    return font


def drawable(x: np.ndarray, y: np.ndarray, log: bool) -> tuple[np.ndarray, np.ndarray]:
    """The points that can be drawn: finite, and positive on a log scale."""
    keep = np.isfinite(y) & np.isfinite(x)
    if log:
        keep &= y > 0
    return x[keep], y[keep]


class LossPanel(DockPanel):
    """Loss curves with an x-axis choice, a log-scale switch and the latest value in large."""

    def __init__(self, session, parent=None):
        super().__init__(session, parent, follows=("losses_changed", "reset"),
                         interval_ms=REDRAW_INTERVAL_MS)

        self.value_label = QtWidgets.QLabel(self)
        self.value_label.setObjectName("lossValue")
        self.value_label.setFont(_font(VALUE_POINTS, bold=True))
        self.value_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value_label.setWordWrap(True)
        self.value_label.setMinimumWidth(1)  # a narrow dock moves it under the controls
        self.value_label.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored,
                                       QtWidgets.QSizePolicy.Policy.Preferred)

        controls = QtWidgets.QWidget(self)
        row = QtWidgets.QHBoxLayout(controls)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        x_label = QtWidgets.QLabel("x axis:", controls)
        self.per_iteration = QtWidgets.QRadioButton("per iteration", controls)
        self.per_epoch = QtWidgets.QRadioButton("per epoch", controls)
        self.per_iteration.setChecked(True)
        self.log_scale = QtWidgets.QCheckBox("log scale", controls)
        self.log_scale.setToolTip("Logarithmic loss axis (zero and negative losses are not drawn)")
        for w in (x_label, self.per_iteration, self.per_epoch, self.log_scale):
            w.setFont(_font(LABEL_POINTS))
            w.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # Space must reach the window
            row.addWidget(w)
        row.addStretch(1)
        self.controls = controls  # the x axis and log scale choices

        self.header = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.LeftToRight)
        self.header.setSpacing(4)
        self.header.addWidget(controls)
        self.header.addWidget(self.value_label, 1)

        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setMinimumHeight(140)
        item = self.plot.getPlotItem()
        item.setClipToView(True)
        item.setDownsampling(auto=True, mode="peak")
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setMenuEnabled(False)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setTickFont(_font(TICK_POINTS))
            axis.setPen(pg.mkPen(INK))
            axis.setTextPen(pg.mkPen(INK))
            axis.enableAutoSIPrefix(False)  # "0.15", not "150" with "(x0.001)" in the label
            axis.setStyle(maxTickLevel=1)  # the finest grid level cost half the paint time
        item.setLabel("left", "loss", **{"font-size": f"{LABEL_POINTS}pt", "color": INK})
        self.legend = item.addLegend(offset=(-10, 10), labelTextSize=f"{LABEL_POINTS}pt",
                                     labelTextColor=INK, brush=pg.mkBrush(255, 255, 255, 220),
                                     pen=pg.mkPen("#bbbbbb"))
        self.iteration_curve = item.plot(pen=pg.mkPen(ITERATION_COLOUR, width=1))
        self.train_curve = item.plot(pen=pg.mkPen(TRAIN_COLOUR, width=3))
        self.test_curve = item.plot(pen=pg.mkPen(TEST_COLOUR, width=3,
                                                 style=QtCore.Qt.PenStyle.DashLine))
        self._names = {self.iteration_curve: "training loss, per iteration",
                       self.train_curve: "training loss, per epoch",
                       self.test_curve: "test loss, per epoch"}
        self._legend_shown: tuple = ()
        self._axis_label = ""

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(self.header)
        layout.addWidget(self.plot, 1)

        self.per_iteration.toggled.connect(lambda _on: self.flush())
        self.log_scale.toggled.connect(self._log_toggled)
        self.start()

    @property
    def x_axis(self) -> str:
        return PER_ITERATION if self.per_iteration.isChecked() else PER_EPOCH

    # --- drawing --------------------------------------------------------------------------

    def _log_toggled(self, on: bool) -> None:
        self.plot.getPlotItem().setLogMode(y=on)
        self.flush()

    def redraw(self, what: frozenset[str]) -> None:
        """The three curves' new data (the same items), the legend and the latest value."""
        losses, log = self.session.losses, self.log_scale.isChecked()
        per_iteration = self.x_axis == PER_ITERATION
        scale = self.session.trainer.iterations_per_epoch if per_iteration else 1
        self.iteration_curve.setData(*drawable(losses.iteration.x, losses.iteration.y, log))
        self.iteration_curve.setVisible(per_iteration)
        self.train_curve.setData(*drawable(losses.epoch_train.x * scale,
                                           losses.epoch_train.y, log))
        self.test_curve.setData(*drawable(losses.epoch_test.x * scale, losses.epoch_test.y, log))
        if self._axis_label != self.x_axis:  # rich-text labels cost a millisecond each
            self._axis_label = self.x_axis
            self.plot.getPlotItem().setLabel("bottom", self.x_axis,
                                             **{"font-size": f"{LABEL_POINTS}pt", "color": INK})
        self._update_legend(per_iteration, losses.epoch_test.n > 0)
        self._update_value()

    def _update_legend(self, per_iteration: bool, has_test: bool) -> None:
        """List only the curves that can appear (no test entry without a test set)."""
        shown = tuple(c for c, on in ((self.iteration_curve, per_iteration),
                                      (self.train_curve, True), (self.test_curve, has_test))
                      if on)
        if shown != self._legend_shown:
            self.legend.clear()
            for curve in shown:
                self.legend.addItem(curve, self._names[curve])
            self._legend_shown = shown

    def _update_value(self) -> None:
        curve = self.session.losses.iteration
        if not curve.n:
            self._show_value("loss — (no iteration finished yet)", INK)
            return
        n, value = int(curve.x[-1]), curve.last
        per_epoch = self.session.trainer.iterations_per_epoch
        where = f"epoch {(n - 1) // per_epoch + 1} · iteration {(n - 1) % per_epoch + 1}"
        if np.isfinite(value):
            self._show_value(f"loss {short(value)} · {where}", INK)
        else:
            self._show_value(f"diverged (loss {num(value)}) · {where}", DIVERGED_COLOUR)

    def _show_value(self, text: str, colour: str) -> None:
        self.value_label.setText(text)
        if self.value_label.property("colour") != colour:  # restyling costs: only on change
            self.value_label.setProperty("colour", colour)
            self.value_label.setStyleSheet(f"color: {colour}")

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        """Put the value under the controls when the dock is too narrow for one row."""
        needed = (self.controls.sizeHint().width()
                  + self.value_label.fontMetrics().horizontalAdvance(
                      "loss 0.0000 · epoch 0000 · iteration 000") + 30)
        direction = (QtWidgets.QBoxLayout.Direction.LeftToRight if event.size().width() >= needed
                     else QtWidgets.QBoxLayout.Direction.TopToBottom)
        if self.header.direction() != direction:
            self.header.setDirection(direction)
        super().resizeEvent(event)
