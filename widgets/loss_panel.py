"""The loss dock: the batch cost C per iteration, the training and test costs per epoch (or
their accuracy / R²), and where training stands, in the words every panel uses.

The headline is ``Session.readout()`` (app/readout.py), as the status bar, the diagram's
header and the Inspector show it: the iteration shown, its batch cost C, and the training
and test costs and metrics at the parameters it starts from. It follows ``changed`` too
(a step moves the iteration shown); the curves are redrawn only when the losses changed.

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

from model.notation import METRIC_NAMES, cost_label, metric_label, unbroken
from widgets.dock_panel import DockPanel
from widgets.plot_style import INK, font, settle, style_axes
from widgets.throttle import TrainingPace

REDRAW_INTERVAL_MS = 33  # at most ~30 redraws a second
TRAIN_COLOUR = "#2166ac"  # the diverging map's blue and orange: a colour-blind-safe pair
TEST_COLOUR = "#b35806"
ITERATION_COLOUR = "#9ecae1"
DIVERGED_COLOUR = "#b2182b"
LABEL_POINTS = 12
VALUE_POINTS = 16
SCORES_POINTS = 12
PER_ITERATION, PER_EPOCH = "iteration", "epoch"


def drawable(x: np.ndarray, y: np.ndarray, log: bool) -> tuple[np.ndarray, np.ndarray]:
    """The points that can be drawn: finite, and positive on a log scale."""
    keep = np.isfinite(y) & np.isfinite(x)
    if log:
        keep &= y > 0
    return x[keep], y[keep]


class LossPanel(DockPanel):
    """Loss curves with an x-axis choice, a log-scale switch and the latest value in large."""

    def __init__(self, session, parent=None):
        super().__init__(session, parent, follows=("losses_changed", "reset", "changed"),
                         interval_ms=REDRAW_INTERVAL_MS)

        self.value_label = QtWidgets.QLabel(self)
        self.value_label.setObjectName("lossValue")
        self.value_label.setFont(font(VALUE_POINTS, bold=True))
        self.value_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value_label.setWordWrap(True)
        self.value_label.setMinimumWidth(1)  # a narrow dock moves it under the controls
        self.value_label.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored,
                                       QtWidgets.QSizePolicy.Policy.Preferred)
        self.scores_label = QtWidgets.QLabel(self)  # training and test cost and metric
        self.scores_label.setObjectName("lossScores")
        self.scores_label.setFont(font(SCORES_POINTS))
        self.scores_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.scores_label.setWordWrap(True)
        self.controls = self._controls = self._build_controls()  # the x axis and log scale choices
        self.header = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.LeftToRight)
        self.header.setSpacing(4)
        self.header.addWidget(self._controls)
        self.header.addWidget(self.value_label, 1)
        self._build_plot()
        self._legend_shown: tuple = ()
        self._axis_label = ""
        self.overlay = None  # a comparison's run B over these curves (widgets.loss_overlay)
        self._y_label = ""
        self._value_pace = TrainingPace(session, self._update_value, self)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(self.header)
        scores = QtWidgets.QHBoxLayout()
        scores.addWidget(self.scores_label, 1)
        scores.addWidget(self.show_metric, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        layout.addLayout(scores)
        layout.addWidget(self.plot, 1)

        self.per_iteration.toggled.connect(lambda _on: self.flush())
        self.log_scale.toggled.connect(self._log_toggled)
        self.show_metric.toggled.connect(lambda _on: self.flush())
        self.start()

    def _build_controls(self) -> QtWidgets.QWidget:
        """The x-axis choice, the log-scale switch and the metric switch."""
        controls = QtWidgets.QWidget(self)
        row = QtWidgets.QHBoxLayout(controls)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        x_label = QtWidgets.QLabel("x axis:", controls)
        self.per_iteration = QtWidgets.QRadioButton("per iteration", controls)
        self.per_epoch = QtWidgets.QRadioButton("per epoch", controls)
        self.per_iteration.setChecked(True)
        self.log_scale = QtWidgets.QCheckBox("log scale", controls)
        self.log_scale.setToolTip("Logarithmic cost axis (zero and negative costs are not drawn)")
        self.show_metric = QtWidgets.QCheckBox(METRIC_NAMES["accuracy"], controls)
        self.show_metric.setToolTip("Plot the training and test sets' metric per epoch "
                                    "instead of their costs")
        for w in (x_label, self.per_iteration, self.per_epoch, self.log_scale, self.show_metric):
            w.setFont(font(LABEL_POINTS))
            w.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # Space must reach the window
            if w is not self.show_metric:  # it sits beside the scores it plots
                row.addWidget(w)
        row.addStretch(1)
        return controls

    def _build_plot(self) -> None:
        """The plot, its axes and legend, and the three curves redraw() fills."""
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setMinimumHeight(140)
        item = self.plot.getPlotItem()
        item.setClipToView(True)
        item.setDownsampling(auto=True, mode="peak")
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setMenuEnabled(False)
        style_axes(item)
        for name in ("left", "bottom"):  # the finest grid level cost half the paint time
            item.getAxis(name).setStyle(maxTickLevel=1)
        self.legend = item.addLegend(offset=(-10, 10), labelTextSize=f"{LABEL_POINTS}pt",
                                     labelTextColor=INK, brush=pg.mkBrush(255, 255, 255, 220),
                                     pen=pg.mkPen("#bbbbbb"))
        self.iteration_curve = item.plot(pen=pg.mkPen(ITERATION_COLOUR, width=1))
        self.train_curve = item.plot(pen=pg.mkPen(TRAIN_COLOUR, width=3))
        self.test_curve = item.plot(pen=pg.mkPen(TEST_COLOUR, width=3,
                                                 style=QtCore.Qt.PenStyle.DashLine))

    @property
    def x_axis(self) -> str:
        return PER_ITERATION if self.per_iteration.isChecked() else PER_EPOCH

    # --- drawing --------------------------------------------------------------------------

    def _log_toggled(self, on: bool) -> None:
        self.plot.getPlotItem().setLogMode(y=on)
        self.flush()

    def rebuild(self) -> None:
        """The metric box names the data's metric: accuracy, or R² for regression."""
        self.show_metric.setText(METRIC_NAMES[self.session.cursor.metric])

    def redraw(self, what: frozenset[str]) -> None:
        """The headline always; the curves' new data (the same items) and the legend unless
        only the cursor moved."""
        if what != {"changed"}:
            self._draw_curves()
        self._value_pace.request()

    def _draw_curves(self) -> None:
        losses, log = self.session.losses, self.log_scale.isChecked()
        metric = self.show_metric.isChecked()
        per_iteration = self.x_axis == PER_ITERATION
        scale = self.session.trainer.iterations_per_epoch if per_iteration else 1
        train, test = ((losses.metric_train, losses.metric_test) if metric
                       else (losses.epoch_train, losses.epoch_test))
        self.iteration_curve.setData(*drawable(losses.iteration.x, losses.iteration.y, log))
        self.iteration_curve.setVisible(per_iteration and not metric)
        self.train_curve.setData(*drawable(train.x * scale, train.y, log))
        self.test_curve.setData(*drawable(test.x * scale, test.y, log))
        if self._axis_label != self.x_axis:  # rich-text labels cost a millisecond each
            self._axis_label = self.x_axis
            self.plot.getPlotItem().setLabel("bottom", self.x_axis,
                                             **{"font-size": f"{LABEL_POINTS}pt", "color": INK})
        y_label = self.show_metric.text() if metric else "cost"
        if self._y_label != y_label:
            self._y_label = y_label
            self.plot.getPlotItem().setLabel("left", y_label,
                                             **{"font-size": f"{LABEL_POINTS}pt", "color": INK})
        if self.overlay is None:
            self._update_legend(per_iteration and not metric, test.n > 0, metric)
        else:
            self.overlay.redraw(per_iteration, log)
        settle(self.plot)

    def compare_with(self, overlay) -> None:
        """Draw a comparison's run B over these curves (a ``LossOverlay``), or stop (None)."""
        if self.overlay is not None:
            self.overlay.detach()
        self.overlay = overlay
        self._legend_shown = ()  # the legend is made again
        self.flush()

    def curve_names(self, metric: bool = False) -> dict:
        """Each curve's legend entry, in the costs' names (or the metric's)."""
        if metric:
            kind = self.session.cursor.metric
            return {self.train_curve: f"{metric_label('train', kind)}, per epoch",
                    self.test_curve: f"{metric_label('test', kind)}, per epoch"}
        return {self.iteration_curve: f"{cost_label('batch')}, per iteration",
                self.train_curve: f"{cost_label('train')}, per epoch",
                self.test_curve: f"{cost_label('test')}, per epoch"}

    def _update_legend(self, per_iteration: bool, has_test: bool, metric: bool) -> None:
        """List only the curves that can appear (no test entry without a test set)."""
        names = self.curve_names(metric)
        shown = tuple((c, names[c]) for c, on in ((self.iteration_curve, per_iteration),
                                                  (self.train_curve, True),
                                                  (self.test_curve, has_test)) if on)
        if shown != self._legend_shown:
            self.legend.clear()
            for curve, name in shown:
                self.legend.addItem(curve, name)
            self._legend_shown = shown

    def _update_value(self) -> None:
        """Where training stands and what it costs: ``Session.readout()``, as everywhere."""
        r = self.session.readout()
        text = unbroken(f"{r.where()} · {r.batch_text()}")
        self._show_value(f"diverged · {text}" if r.diverged else text,
                         DIVERGED_COLOUR if r.diverged else INK)
        self.scores_label.setText("     ".join(unbroken(t) for t in r.set_texts()))

    def _show_value(self, text: str, colour: str) -> None:
        self.value_label.setText(text)
        if self.value_label.property("colour") != colour:  # restyling costs: only on change
            self.value_label.setProperty("colour", colour)
            self.value_label.setStyleSheet(f"color: {colour}")

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        """Put the value under the controls when the dock is too narrow for one row."""
        needed = (self.controls.sizeHint().width()
                  + self.value_label.fontMetrics().horizontalAdvance(
                      "epoch 0000 · iteration 000 of 000 · batch cost C = 0.000") + 30)
        direction = (QtWidgets.QBoxLayout.Direction.LeftToRight if event.size().width() >= needed
                     else QtWidgets.QBoxLayout.Direction.TopToBottom)
        if self.header.direction() != direction:
            self.header.setDirection(direction)
        super().resizeEvent(event)
