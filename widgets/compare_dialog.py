"""Run → Compare…: the form that says what run B changes from run A.

Every field starts at run A's value (the settings in force at the cursor); whatever is
left as it is stays the same in B. OK is refused, with the reason under the form, for a
value no run could train with or a network the data does not fit; nothing starts then.
"""

from __future__ import annotations

from PySide6 import QtWidgets

from model.activations import ACTIVATIONS
from model.errors import ValidationError
from model.network import INITIALISERS
from model.notation import (
    activation_name,
    initialiser_name,
    num,
    optimizer_name,
    read_number,
    regularizer_name,
)
from model.optimizers import OPTIMIZERS, REGULARIZERS
from model.run_pair import Differences, restructured
from widgets.form_controls import add_rows

HIDDEN_ACTIVATIONS = tuple(n for n, a in ACTIVATIONS.items()
                           if a.differentiable and not a.output_only)
ERROR_COLOUR = "#b2182b"


def _combo(keys, name, current: str, parent) -> QtWidgets.QComboBox:
    box = QtWidgets.QComboBox(parent)
    for key in keys:
        box.addItem(name(key), key)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


class CompareDialog(QtWidgets.QDialog):
    """What run B changes: η, optimiser, regulariser, batch size, hidden layers, their
    activation, the initialiser. ``differences()`` after it was accepted."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Compare two runs")
        self.setMinimumWidth(420)
        net, training = session.network, session.training
        opt = training.optimizer
        self.learning_rate = QtWidgets.QLineEdit(num(opt.learning_rate), self)
        self.optimizer = _combo(OPTIMIZERS, optimizer_name, opt.optimizer, self)
        self.regularization = _combo(REGULARIZERS, regularizer_name, opt.regularization, self)
        self.regularization_rate = QtWidgets.QLineEdit(num(opt.regularization_rate), self)
        self.batch_size = QtWidgets.QSpinBox(self)
        self.batch_size.setRange(1, len(session.spec.data.x_train))
        self.batch_size.setValue(training.batch_size)
        self.hidden = QtWidgets.QLineEdit(", ".join(str(n) for n in net.sizes[1:-1]), self)
        self.hidden.setPlaceholderText("none: no hidden layer")
        self.hidden.setToolTip("Sizes of the hidden layers, e.g. 8, 8")
        hidden_names = [a.name for a in net.activations[:-1]]
        self._mixed = len(set(hidden_names)) > 1
        self.activation = _combo(HIDDEN_ACTIVATIONS, activation_name,
                                 hidden_names[0] if hidden_names else "tanh", self)
        if self._mixed:
            self.activation.insertItem(0, "as in run A", None)
            self.activation.setCurrentIndex(0)
        self.init = _combo(INITIALISERS, initialiser_name, session.spec.init, self)
        self.error = QtWidgets.QLabel(self)
        self.error.setObjectName("compareError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR}")

        form = QtWidgets.QFormLayout()
        add_rows(form, [("Learning rate η", self.learning_rate),
                        ("Optimiser", self.optimizer), ("Regulariser", self.regularization),
                        ("Regularisation rate λ", self.regularization_rate),
                        ("Batch size", self.batch_size), ("Hidden layers", self.hidden),
                        ("Hidden activation", self.activation), ("Initialiser", self.init)])
        note = QtWidgets.QLabel(
            "Run B starts where run A stands now, with the same data, mini-batch order and "
            "weights, and changes what you set here. Both step and train together. A new "
            "network or initialiser starts B's own history here.", self)
        note.setWordWrap(True)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._differences = Differences()

    def differences(self) -> Differences:
        """What B changes (the form as accepted)."""
        return self._differences

    def accept(self) -> None:
        """Keep the dialog open, saying why, while the form cannot make a run."""
        try:
            differences = self._read()
            differences.check(self.session.training.optimizer)
            if differences.structural:
                restructured(self.session.current_spec(), differences)
        except ValidationError as err:
            self.error.setText(str(err))
            return
        self._differences = differences
        super().accept()

    def _read(self) -> Differences:
        """The fields that differ from run A's."""
        s = self.session
        opt, net = s.training.optimizer, s.network
        found: dict = {}
        for key, text in (("learning_rate", self.learning_rate.text()),
                          ("regularization_rate", self.regularization_rate.text())):
            if text.strip() != num(getattr(opt, key)):  # as shown: untouched
                found[key] = _number(key, text)
        for key, box in (("optimizer", self.optimizer), ("regularization", self.regularization)):
            if box.currentData() != getattr(opt, key):
                found[key] = box.currentData()
        if self.batch_size.value() != s.training.batch_size:
            found["batch_size"] = self.batch_size.value()
        hidden = _sizes(self.hidden.text())
        if hidden != tuple(net.sizes[1:-1]):
            found["hidden"] = hidden
        act = self.activation.currentData()
        if act is not None and any(a.name != act for a in net.activations[:-1]):
            found["activation"] = act
        if self.init.currentData() != s.spec.init:
            found["init"] = self.init.currentData()
        return Differences(**found)


def _number(key: str, text: str) -> float:
    try:
        return read_number(text)
    except ValueError:
        raise ValidationError(f"training.{key}", f"not a number: {text!r}") from None


def _sizes(text: str) -> tuple[int, ...]:
    """"8, 8" → (8, 8); "" → () (no hidden layer)."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        return tuple(int(p) for p in parts)
    except ValueError:
        raise ValidationError("network.layers", f"hidden layer sizes are whole numbers, "
                                                f"e.g. 8, 8; got {text!r}") from None

