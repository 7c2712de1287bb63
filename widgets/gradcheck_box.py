"""The gradient check on screen, under the Inspector's equations.

For the selected weight (an edge) or bias (a neuron of layers 2..L): backprop's ∂C/∂w of
this iteration beside the central difference (C(w + h) − C(w − h)) / (2h) on the same
mini-batch and parameters, the h used and the relative error (``app.session_check``).
"Check every parameter" runs over the whole network in slices with a progress bar and a
Cancel; the diagram then colours each edge by its error and this box names each layer's
worst. The numbers go through ``model.notation``; the box redraws by the docks' policy.
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtWidgets

from model.gradcheck import TOLERANCE
from model.notation import num, symbol
from widgets.dock_panel import DockPanel
from widgets.throttle import TRAINING_REFRESH_MS

BASE_POINTS = "basePoints"  # the Inspector's property: set_scale multiplies these
H_CHOICES = (1e-3, 1e-4, 1e-5, 1e-6, 1e-7)
PROGRESS_MS = 100  # the check tells its progress every slice (12 ms); the box shows 10 a second
HINT = ("Select an edge (its weight) or a neuron of layers 2..L (its bias) to compare "
        "backprop's ∂C/∂w with a central difference.")


def _label(parent, points: int, bold: bool = False) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(parent)
    f = label.font()
    f.setPointSizeF(points)
    f.setBold(bold)
    label.setFont(f)
    label.setProperty(BASE_POINTS, points)
    label.setWordWrap(True)
    label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class GradCheckBox(DockPanel):
    """The selected parameter's check, and "Check every parameter" with its progress."""

    def __init__(self, session, parent=None):
        super().__init__(session, parent, skip_hidden=True, training_ms=TRAINING_REFRESH_MS,
                         interval_ms=PROGRESS_MS,
                         follows=("reset", "changed", "selection_changed", "checked"))
        self.setObjectName("gradientCheck")
        self.heading = _label(self, 12, bold=True)
        self.heading.setText("Gradient check")
        self.lines = _label(self, 13)
        self.lines.setObjectName("gradientCheckLines")
        self.summary = _label(self, 12)
        self.summary.setObjectName("gradientCheckSummary")
        self.h_choice = QtWidgets.QComboBox(self)
        for h in H_CHOICES:
            self.h_choice.addItem(f"h = {num(h)}", h)
        self.h_choice.setCurrentIndex(H_CHOICES.index(session.checker.h)
                                      if session.checker.h in H_CHOICES else 2)
        self.h_choice.setToolTip("The step of the central difference (C(w + h) − C(w − h)) / (2h)")
        self.h_choice.currentIndexChanged.connect(
            lambda _i: self.session.checker.set_h(self.h_choice.currentData()))
        self.check_all = QtWidgets.QPushButton("Check every parameter", self)
        self.check_all.setToolTip("Every weight and bias of this iteration against its central "
                                  "difference; the diagram colours each edge by the result")
        self.check_all.clicked.connect(self.session.checker.start)
        self.cancel = QtWidgets.QPushButton("Cancel", self)
        self.cancel.clicked.connect(lambda: self.session.checker.cancel())
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.setTextVisible(True)
        for w in (self.h_choice, self.check_all, self.cancel):
            w.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # the arrow keys stay the window's
        self.progress.setMinimumWidth(60)
        buttons = QtWidgets.QGridLayout()  # two rows: the Inspector is narrow
        buttons.addWidget(self.h_choice, 0, 0)
        buttons.addWidget(self.check_all, 0, 1)
        buttons.addWidget(self.progress, 1, 0, 1, 1)
        buttons.addWidget(self.cancel, 1, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        layout.setSpacing(3)
        layout.addWidget(self.heading)
        layout.addWidget(self.lines)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        self.start()

    def redraw(self, what: frozenset[str]) -> None:
        self.lines.setText(self.parameter_text())
        checker = self.session.checker
        result = checker.result()
        self.cancel.setVisible(checker.running)
        self.check_all.setEnabled(not checker.running)
        self.progress.setVisible(result is not None and (checker.running or checker.cancelled))
        if result is not None:
            self.progress.setMaximum(max(result.total, 1))
            self.progress.setValue(result.done)
        self.summary.setText(self.summary_text())
        self.summary.setVisible(bool(self.summary.text()))

    # --- texts ----------------------------------------------------------------------------

    def selected(self) -> tuple[int, int, int | None] | None:
        """(layer, j, k) of the selected weight or (layer, j, None) of a selected bias."""
        sel = self.session.selection
        if sel.edge is not None:
            return sel.edge
        if sel.neuron is not None and sel.neuron[0] >= 2:
            return sel.neuron[0], sel.neuron[1], None
        return None

    def parameter_text(self) -> str:
        """The selected parameter's check in three lines, or how to get one."""
        picked = self.selected()
        if picked is None:
            return HINT
        layer, j, k = picked
        c = self.session.checker.parameter(layer, j, k)
        p = symbol("b", layer, j) if k is None else symbol("w", layer, j, k)
        verdict = ("agree" if c.agrees else "DISAGREE") + f" (tolerance {num(TOLERANCE)})"
        return (f"backprop:  ∂C/∂{p} = {num(c.backprop)}\n"
                f"central difference:  (C({p} + h) − C({p} − h)) / (2h) = {num(c.numeric)}\n"
                f"h = {num(c.h)} · relative error = {num(c.error)}: {verdict}")

    def summary_text(self) -> str:
        """Each layer's worst error of "check every parameter", and how far it got."""
        checker = self.session.checker
        result = checker.result()
        if result is None:
            return ""
        parts = []
        for layer in range(2, self.session.network.n_layers + 1):
            worst, where = result.worst(layer)
            if where is None:
                continue
            j, k = where
            name = symbol("b", layer, j) if k is None else symbol("w", layer, j, k)
            flag = "" if worst <= TOLERANCE else " ✗"
            parts.append(f"layer {layer}: worst {num(worst)} ({name}){flag}")
        bad = sum(int(np.sum(~(e <= TOLERANCE) & ~np.isnan(e)))
                  for e in (*result.errors_w, *result.errors_b))
        state = ("checking" if checker.running else "cancelled" if checker.cancelled
                 else "checked")
        of = (f" (evenly spread, of {result.n_parameters:,})"
              if result.total < result.n_parameters else "")
        head = (f"{state} {result.done:,} of {result.total:,} parameters{of}: "
                f"{bad:,} disagree; the diagram colours the edges")
        return "\n".join([head, *parts])
