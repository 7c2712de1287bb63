"""Run B's loss curves over run A's in the Loss dock, with a legend saying what differs.

While a comparison runs, the Loss dock (``LossPanel``, which draws its own Session, run A)
draws through this overlay too: B's three curves are items of the same plot, fed on the
same redraw (the panel follows B's ``losses_changed`` by its own policy), and the legend
names each run by what it changes ("A: η = 0.5", "B: η = 3"). Each run has one colour:
A keeps the panel's blue, its test curve dashed blue instead of orange; B is vermilion.
A line above the plot says the whole difference and each run's latest loss.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from model.notation import short
from widgets.compare_view import RUN_COLOURS
from widgets.loss_panel import LABEL_POINTS, drawable

B_ITERATION_COLOUR = "#f4a582"  # a light vermilion, as A's per-iteration curve is light blue
DASH = QtCore.Qt.PenStyle.DashLine


def _bold(points: int) -> QtGui.QFont:
    font = QtGui.QFont()
    font.setPointSize(points)
    font.setBold(True)
    return font


class LossOverlay:
    """B's curves and the comparison's legend in a ``LossPanel`` (``panel.compare_with``)."""

    def __init__(self, panel, comparison):
        self.panel, self.comparison = panel, comparison
        item = panel.plot.getPlotItem()
        self.iteration_curve = item.plot(pen=pg.mkPen(B_ITERATION_COLOUR, width=1))
        self.train_curve = item.plot(pen=pg.mkPen(RUN_COLOURS["B"], width=3))
        self.test_curve = item.plot(pen=pg.mkPen(RUN_COLOURS["B"], width=3, style=DASH))
        self._a_test_pen = panel.test_curve.opts["pen"]
        panel.test_curve.setPen(pg.mkPen(RUN_COLOURS["A"], width=3, style=DASH))
        self.label = QtWidgets.QLabel(panel)
        self.label.setObjectName("compareLegend")
        self.label.setFont(_bold(LABEL_POINTS))
        self.label.setWordWrap(True)
        panel.layout().insertWidget(1, self.label)
        self._legend_shown: tuple = ()
        self._relays = panel.follow(comparison.b, ("losses_changed",))

    def redraw(self, per_iteration: bool, log: bool) -> None:
        """B's curves (on B's own epochs: its batch size may differ), the legend, the line."""
        b = self.comparison.b
        losses = b.losses
        scale = b.trainer.iterations_per_epoch if per_iteration else 1
        self.iteration_curve.setData(*drawable(losses.iteration.x, losses.iteration.y, log))
        self.iteration_curve.setVisible(per_iteration)
        self.train_curve.setData(*drawable(losses.epoch_train.x * scale,
                                           losses.epoch_train.y, log))
        self.test_curve.setData(*drawable(losses.epoch_test.x * scale, losses.epoch_test.y,
                                          log))
        self._update_legend(losses.epoch_test.n > 0 or self.panel.session.losses.epoch_test.n > 0)
        self.label.setText(f"{self.comparison.legend()} · latest loss: A "
                           f"{self._latest('A')}, B {self._latest('B')}")

    def _latest(self, name: str) -> str:
        last = self.comparison.run(name).losses.iteration.last
        return "—" if last is None else short(last)

    def _update_legend(self, has_test: bool) -> None:
        """Each run's training cost per epoch, named by what it changes; tests dashed."""
        c, panel = self.comparison, self.panel
        entries = [(panel.train_curve, f"A: {c.side('A')}"),
                   (self.train_curve, f"B: {c.side('B')}")]
        if has_test:
            entries += [(panel.test_curve, "A: test cost"), (self.test_curve, "B: test cost")]
        shown = tuple(entries)
        if shown != self._legend_shown:
            panel.legend.clear()
            for curve, name in entries:
                panel.legend.addItem(curve, name)
            self._legend_shown = shown

    def legend_names(self) -> list[str]:
        """The legend's entries as drawn (for tests)."""
        return [label.text for _sample, label in self.panel.legend.items]

    def detach(self) -> None:
        """The comparison ended: B's curves, the line and the run colours go."""
        item = self.panel.plot.getPlotItem()
        for curve in (self.iteration_curve, self.train_curve, self.test_curve):
            item.removeItem(curve)
        self.panel.test_curve.setPen(self._a_test_pen)
        self.panel.legend.clear()
        self.label.hide()
        self.panel.layout().removeWidget(self.label)
        self.label.deleteLater()
        for relay in self._relays:
            relay.deleteLater()
