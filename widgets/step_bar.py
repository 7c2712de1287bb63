"""The step controls under the diagram: where the cursor is, and the buttons that move it.

The buttons are the main window's QActions (so menus, keys and buttons are one thing);
this bar adds what only a bar can show: the step counter and caption, the speed slider
and the choice of sample.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from model.stepview import MEAN
from model.trace import StepKind

SPEEDS_MS = (2000, 1400, 1000, 700, 450, 250, 120, 60)  # Play's delay per step, slow → fast


class StepBar(QtWidgets.QWidget):
    """Buttons for the Run actions, a step label, a Play speed slider and a sample chooser."""

    def __init__(self, session, actions: list[QtGui.QAction], parent=None):
        super().__init__(parent)
        self.session = session
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(6)
        for action in actions:
            button = QtWidgets.QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # Space must reach the window
            button.setMinimumHeight(34)
            layout.addWidget(button)
        self.label = QtWidgets.QLabel(self)
        self.label.setObjectName("stepLabel")
        font = self.label.font()
        font.setPointSize(13)
        font.setBold(True)
        self.label.setFont(font)
        # The diagram's headline says the step too: the label takes what room is left and
        # never widens the window (presentation fonts on a 1280-px projector).
        self.label.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored,
                                 QtWidgets.QSizePolicy.Policy.Preferred)
        layout.addWidget(self.label, 1)

        self.speed = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal, self)
        self.speed.setRange(0, len(SPEEDS_MS) - 1)
        self.speed.setValue(SPEEDS_MS.index(700))
        self.speed.setFixedWidth(70)
        self.speed.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.speed.setToolTip("Play speed: slow ← → fast")
        self.speed.valueChanged.connect(lambda i: session.set_play_interval(SPEEDS_MS[i]))
        layout.addWidget(self.speed)

        self.sample_box = QtWidgets.QComboBox(self)
        self.sample_box.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.sample_box.setToolTip("Which sample of the mini-batch the diagram shows")
        self.sample_box.activated.connect(self._sample_chosen)
        layout.addWidget(self.sample_box)

        session.reset.connect(self._rebuild_samples)
        session.changed.connect(self.refresh)
        self._rebuild_samples()
        self.refresh()

    def _rebuild_samples(self) -> None:
        self._built_for = n = self.session.batch_size
        self.sample_box.blockSignals(True)
        self.sample_box.clear()
        for i in range(n):
            self.sample_box.addItem(f"sample {i + 1}/{n}", i)
        if n > 1:
            self.sample_box.addItem("batch mean", MEAN)
        self.sample_box.blockSignals(False)

    def _sample_chosen(self, index: int) -> None:
        self.session.set_sample(self.sample_box.itemData(index))

    def refresh(self) -> None:
        s = self.session
        self.label.setText(f"{s.step_index + 1}/{s.n_steps} · {step_title(s.step)}")
        self.label.setToolTip(s.step.caption)
        if s.batch_size != self._built_for:
            self._rebuild_samples()  # the last batch of an epoch may be smaller
        index = self.sample_box.findData(s.sample)
        if index >= 0 and index != self.sample_box.currentIndex():
            self.sample_box.setCurrentIndex(index)


def step_title(step) -> str:
    """A short name for a step: 'Forward · layer 2', 'Output error (BP1)', …"""
    titles = {
        StepKind.INPUT: "Input",
        StepKind.FORWARD: f"Forward · layer {step.layer}",
        StepKind.LOSS: "Loss",
        StepKind.OUTPUT_ERROR: "Output error (BP1)",
        StepKind.BACKWARD: f"Backward · layer {step.layer} (BP2)",
        StepKind.GRADIENTS: "Gradients (BP3, BP4)",
        StepKind.UPDATE: "Update",
    }
    return titles[step.kind]
